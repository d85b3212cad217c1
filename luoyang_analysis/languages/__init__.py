"""The language tables of :mod:`luoyang_analysis.i18n`, one module per language (base: imports nothing)."""
