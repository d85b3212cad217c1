"""Stage 4, presentation: turn gap tables into what a reader sees.

Owns the HTML fragments and tables of the reports, the charts, the CJK font,
the page template and the HTML/PDF rendering. May import gaps, deliveries,
catalogue and the base modules; never batch.
"""
