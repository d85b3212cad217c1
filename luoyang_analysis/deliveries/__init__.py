"""Stage 2, deliveries: raw statistics as received, validated, processed.

Owns the data contract (columns, counting rules), the readers of CSV and
``.xlsx`` deliveries, validation with located problems, the processed data and
its manifest, revisions between deliveries and the fill-in template. May import
the catalogue stage and the base modules; never gaps, presentation or batch.
"""
