"""Stage 4, presentation: turn gap tables into what a reader sees.

Owns the HTML fragments and tables of the reports, the charts, the CJK font,
the page template, the HTML rendering and the PDF engines (pdf.py: a headless
Chromium, chromium.py, with the font in TrueType outlines, truetype.py; or
WeasyPrint). May import gaps, deliveries,
catalogue and the base modules; never batch.
"""
