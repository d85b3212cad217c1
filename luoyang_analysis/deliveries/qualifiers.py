"""What a figure says it is: its qualifier, the kind of source it comes from, and how the
text analysts type in a value cell (``未公开``, ``≥5``, ``近1800``, ``１２``) is read.

Public figures for a city are rarely plain: a bulletin says 「超过」 or 「近」, a department
says 未公开, a newspaper rounds. A row says so in ``qualifier`` and ``source_kind``; a
blank qualifier is ``exact`` and a blank kind is unknown, so deliveries made before these
columns stay valid.

:data:`QUALIFIERS` is the one table mapping each qualifier onto the observation-status
codes statistical offices exchange: SDMX ``CL_OBS_STATUS`` (version 2.2) and the UK
Government Statistical Service shorthand. Where a list has no code the table says so
with ``""`` rather than borrowing a wrong one: neither list has a lower bound, and
``CL_OBS_STATUS`` has no "revised" (a revised figure is a normal value, ``A``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from luoyang_analysis import i18n


@dataclass(frozen=True)
class Qualifier:
    id: str
    sdmx: str  # CL_OBS_STATUS code, "" where the code list has none
    gss: str  # GSS shorthand, "" where there is none
    has_value: bool  # whether a row so qualified carries a number


QUALIFIERS: dict[str, Qualifier] = {
    q.id: q
    for q in (
        Qualifier("exact", "A", "", True),  # A: normal value
        Qualifier("at_least", "", "", True),  # a lower bound: no code in either list
        Qualifier("approx", "E", "[e]", True),  # E: estimated value
        Qualifier("not_published", "O", "[x]", False),  # O: missing value; [x] not available
        Qualifier("not_applicable", "M", "[z]", False),  # M: missing value, data cannot exist
        Qualifier("provisional", "P", "[p]", True),  # P: provisional value
        Qualifier("revised", "A", "[r]", True),  # no SDMX code for revised: a normal value
    )
}
DEFAULT_QUALIFIER = "exact"

#: Kinds of source, most trusted first: this order is the trust ranking (change it here only).
SOURCE_KINDS = ("statistics", "department", "county", "work_report", "media")
UNKNOWN_KIND = "unknown"

#: The basis a figure's kind of source gives it (``actual_basis``): what it really is.
BASIS = {
    "statistics": "official_statistics",
    "department": "department_report",
    "county": "county_report",
    "work_report": "government_work_report",
    "media": "press",
    UNKNOWN_KIND: "unknown",
}

#: Spellings accepted besides the ids and the labels of every language (i18n).
_KIND_ALIASES = {"统计局": "statistics", "统计公报": "statistics", "统计年鉴": "statistics"}
_GSS_ALIASES = {q.gss: q.id for q in QUALIFIERS.values() if q.gss}


def _spellings(group: str, ids, extra: dict[str, str]) -> dict[str, str]:
    """Accepted text (case-folded) -> id: the ids, each language's labels, the aliases."""
    out = {i.casefold(): i for i in ids}
    for lang in i18n.LANGS:
        out.update({label.casefold(): k for k, label in i18n.group(group, lang).items()})
    out.update({k.casefold(): v for k, v in extra.items()})
    return out


QUALIFIER_SPELLINGS = _spellings("qualifier", QUALIFIERS, _GSS_ALIASES)
#: "unknown" (or its label) written out is the same as a blank kind.
KIND_SPELLINGS = {
    k: ("" if v == UNKNOWN_KIND else v)
    for k, v in _spellings("source_kind", SOURCE_KINDS + (UNKNOWN_KIND,), _KIND_ALIASES).items()
}


def qualifier_of(text: str) -> str | None:
    """The qualifier id a cell names ("" for blank), or None if it names none."""
    text = text.strip()
    return "" if not text else QUALIFIER_SPELLINGS.get(text.casefold())


def source_kind_of(text: str) -> str | None:
    """The kind-of-source id a cell names ("" for blank), or None if it names none."""
    text = text.strip()
    return "" if not text else KIND_SPELLINGS.get(text.casefold())


def trust_rank(kind: str) -> int:
    """0 for the most trusted kind of source; an unknown kind ranks below every known one."""
    return SOURCE_KINDS.index(kind) if kind in SOURCE_KINDS else len(SOURCE_KINDS)


def actual_basis(kind: str) -> str:
    """What a figure of this kind of source really is: ``official_statistics`` only for the
    statistics bureau; a press figure is ``press``, a blank kind ``unknown`` (never official)."""
    return BASIS.get(kind or UNKNOWN_KIND, BASIS[UNKNOWN_KIND])


# ---------------------------------------------------------------- typed values

_NUMBER = re.compile(
    r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII
)  # ASCII digits: others are re-read or refused
#: Words before a number, longest first, and the qualifier they state.
_PREFIXES = (
    ("不少于", "at_least"),
    ("不低于", "at_least"),
    ("超过", "at_least"),  # "more than 5": 5 is still a true lower bound
    ("≥", "at_least"),
    (">=", "at_least"),
    (">", "at_least"),
    ("接近", "approx"),
    ("近", "approx"),
    ("约", "approx"),
)
_SUFFIXES = (("以上", "at_least"),)
#: Full-width ASCII forms (what a Chinese input method types) and the ideographic space.
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def half_width(text: str) -> str:
    """``text`` with full-width forms as ASCII (２４７００ -> 24700): the one rule by which a
    figure typed with a Chinese input method is read, in observations and registers alike;
    a caller whose text changed says how it was read (a warning)."""
    return text.translate(_FULL_WIDTH).strip()


def number(text: str) -> float:
    """The number a plain numeric text is, else NaN (no thousands separators, no % sign)."""
    return float(text) if _NUMBER.match(text) else math.nan


def read_typed(text: str) -> tuple[float, str, bool]:
    """``(value, qualifier, reread)`` of what was typed in a value cell.

    A plain number is ``(n, "", False)``. Text a person writes for a figure that is not
    plain (``未公开``, ``≥5``, ``超过5``, ``近1800``, ``约1800``, ``5以上``, full-width
    ``１２``) is read into its number and qualifier with ``reread`` True, so validation
    can say how it was read. Anything else is ``(nan, "", False)``: not a number.
    """
    if _NUMBER.match(text):
        return float(text), "", False
    plain = half_width(text)
    if not plain:
        return math.nan, "", False
    qualifier = qualifier_of(plain)
    if qualifier and not QUALIFIERS[qualifier].has_value:
        return math.nan, qualifier, True
    said = ""
    for word, q in _PREFIXES:
        if plain.startswith(word):
            plain, said = plain[len(word) :].strip(), q
            break
    else:
        for word, q in _SUFFIXES:
            if plain.endswith(word):
                plain, said = plain[: -len(word)].strip(), q
                break
    value = number(plain)
    if math.isnan(value):
        return math.nan, "", False
    return value, said, True
