"""Every word a reader sees, in Chinese (the default) and English: one table per language.

A table is a dict of groups (``labels``, ``status``, ``assess``, ...), each a dict of keys.
:func:`text` looks one up (``text("assess.summary", "en")``) and fills ``{fields}``.
The tables live in :mod:`luoyang_analysis.languages`, one table per language (``zh.py``,
``en.py``; the words of the later report kinds sit in ``<lang>_report_kinds.py``, unpacked
into the same table). Adding a language means adding one table there with the same groups and keys (a unit test
checks that every table has every key of the Chinese one) and its code to :data:`TABLES`.

Names that come from the catalogue or the data (indicator, plan and unit names, units of
measure, notes) are not here: they are fields of those files. The ``meta`` group of each
table says which of their columns or attributes a language reads (``name_zh`` or
``name_en``); a language without names of its own reads the Chinese ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.languages.en import EN
from luoyang_analysis.languages.zh import ZH

#: language code -> its table; the first is the default and the fallback for names.
TABLES: dict[str, dict[str, dict[str, Any]]] = {"zh": ZH, "en": EN}
LANGS = tuple(TABLES)


def check_lang(lang: str) -> str:
    if lang not in TABLES:
        raise ParameterError(f"unknown language {lang!r}; use one of {', '.join(TABLES)}.")
    return lang


def group(name: str, lang: str) -> dict[str, Any]:
    """One group of a language's table, e.g. ``group("status", "en")``."""
    return TABLES[check_lang(lang)][name]


def text(key: str, lang: str, **fields: Any) -> Any:
    """The text of ``"group.key"`` in ``lang``, with ``{fields}`` filled in when given."""
    name, _, item = key.partition(".")
    value = group(name, lang)[item]
    return value.format(**fields) if fields else value


def labels(lang: str) -> dict[str, str]:
    """The labels of pages and catalogue tables (the page template reads them by name)."""
    return group("labels", lang)


def status_label(status: str, lang: str) -> str:
    """The label of a gap status; an unknown status shows as itself."""
    return group("status", lang).get(status, status)


def column(name: str, lang: str) -> str:
    """The gap-table column holding ``name`` (``"name"``, ``"unit_name"``, ...) in ``lang``."""
    return group("columns", lang)[name]


def field(obj: Any, name: str, lang: str) -> Any:
    """``obj.<name>_<lang>`` (``indicator.name_en``; a key of a mapping), else the Chinese one."""
    own = f"{name}_{group('meta', lang)['suffix']}"
    if isinstance(obj, Mapping):
        return obj[own] if own in obj else obj.get(f"{name}_zh", "")
    return getattr(obj, own) if hasattr(obj, own) else getattr(obj, f"{name}_zh")


def numeral(number: int, lang: str) -> str:
    """A section number: 二 in Chinese, 2 where the language has no numerals of its own."""
    numerals = group("meta", lang)["numerals"]
    return numerals[number - 1] if 0 < number <= len(numerals) else str(number)


def join(items, lang: str) -> str:
    """Items listed in the language's way: 甲、乙 / a, b."""
    return group("meta", lang)["list_sep"].join(items)


def subdir(lang: str) -> str:
    """The folder of this language's reports under reports/ ("" for the top level)."""
    return group("meta", lang)["subdir"]


#: Views of single groups for every language, for code that reads a whole group.
LABELS = {lang: t["labels"] for lang, t in TABLES.items()}
COMPARISON = {lang: t["comparison"] for lang, t in TABLES.items()}
ACCUMULATION = {lang: t["accumulation"] for lang, t in TABLES.items()}
