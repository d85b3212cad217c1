"""Stage 1, the catalogue: what 洛政办〔2017〕78号 asks, and of whom.

Owns the target catalogue (``targets.yaml``, checked against the packaged
source text), the registry of county-level units (``units.csv``) and the reading
of the text's 责任单位 lines. Imports only the base modules (paths, exceptions, i18n).
"""
