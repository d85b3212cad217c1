"""The row rules of the columns that say what a figure is: ``qualifier``, ``source_kind``,
``as_of`` (a stock held at a date), ``base_year`` and ``period`` (a level or rate with its
own base, a period total), and the value text read into value plus qualifier.

Like the other rules of :mod:`validation`, each is computed once per distinct text and
returned as masks over the rows, so a million rows cost seconds. Base years and periods
may lie before the programme (a reduction against 2015, the 十二五 years): the gap
engine judges later whether such a figure is comparable with a target; validation only
checks that it is well formed.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

from luoyang_analysis.deliveries.contract import EARLIEST_BASE_YEAR
from luoyang_analysis.deliveries.qualifiers import (
    DEFAULT_QUALIFIER,
    QUALIFIERS,
    SOURCE_KINDS,
    qualifier_of,
    read_typed,
    source_kind_of,
)
from luoyang_analysis.deliveries.records import Issue

NO_VALUE = [q for q, spec in QUALIFIERS.items() if not spec.has_value]
_PERIOD = re.compile(r"^(\d{4})\s*(?:-|–|—|~|～|至|到)\s*(\d{4})$")
#: Which kinds of indicator (``entry``) each column makes sense for.
_ALLOWED = {
    "as_of": {"flow", "level", "intensity"},
    "base_year": {"level", "intensity", "yoy", "reduction"},
    "period": {"flow", "level", "intensity", "reduction"},
}


def per_text(column: pd.Series, func, n: int = 1) -> list[pd.Series]:
    """``func`` of each cell's stripped text (``n`` results each), computed once per distinct
    text: a million rows hold a few dozen codes and years, so the rules cost seconds."""
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    out = [func(str(u).strip()) for u in uniques] + [func("nan")]
    if n == 1:
        out = [(o,) for o in out]
    return [
        pd.Series(np.asarray([o[k] for o in out], dtype=object)[codes], index=column.index)
        for k in range(n)
    ]


def _as_of(text: str) -> tuple[str, float]:
    """(ISO date, its year) of an ISO date, ("", nan) for blank, (None, nan) if not a date."""
    if not text:
        return "", math.nan
    try:
        day = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        day = None
    return (day.isoformat(), float(day.year)) if day else (None, math.nan)


def _base(text: str) -> tuple[str, float]:
    if not text:
        return "", math.nan
    if re.fullmatch(r"\d{4}(\.0)?", text) and int(float(text)) >= EARLIEST_BASE_YEAR:
        return str(int(float(text))), float(text)
    return None, math.nan


def _period(text: str) -> tuple[str, float, float]:
    if not text:
        return "", math.nan, math.nan
    m = _PERIOD.match(text)
    if not m or not EARLIEST_BASE_YEAR <= int(m[1]) <= int(m[2]):
        return None, math.nan, math.nan
    return f"{m[1]}-{m[2]}", float(m[1]), float(m[2])


def _column(rows: pd.DataFrame, name: str) -> pd.Series:
    # A frame from before the figure columns (or a reader that left a cell out): blank.
    return rows[name].fillna("") if name in rows else pd.Series("", index=rows.index, dtype=object)


def figure_checks(rows: pd.DataFrame, year: pd.Series, entry: pd.Series) -> dict[str, pd.Series]:
    """Masks and read values of the figure columns; ``year`` is the year column read (NaN
    where blank or bad), ``entry`` each row's kind of indicator (NaN if unknown)."""
    value, typed, reread = per_text(rows["value"], read_typed, 3)
    (said,) = per_text(_column(rows, "qualifier"), qualifier_of)
    (kind,) = per_text(_column(rows, "source_kind"), source_kind_of)
    as_of, as_of_year = per_text(_column(rows, "as_of"), _as_of, 2)
    base, base_year = per_text(_column(rows, "base_year"), _base, 2)
    period, start, end = per_text(_column(rows, "period"), _period, 3)
    value, as_of_year, base_year = (s.astype(float) for s in (value, as_of_year, base_year))
    start, end = start.astype(float), end.astype(float)
    # A stock's or a period's year may be left to its date: 2021-07-12 is a 2021 figure.
    blank_year = year.isna() & (_column(rows, "year").astype(str).str.strip() == "")
    year = year.where(~blank_year, as_of_year.where(as_of_year.notna(), end))
    qualifier = said.where(said.fillna("") != "", typed)
    no_value = qualifier.isin(NO_VALUE)
    has_number = value.notna()
    blank = (rows["value"].astype(str).str.strip() == "") & (said.fillna("") == "")  # not reported
    said_given = said.fillna("") != ""
    value_text_blank = rows["value"].astype(str).str.strip() == ""
    out = {
        "year": year,
        "value": value,
        "qualifier_typed": typed,
        "reread": reread.astype(bool) & ~blank,
        "qualifier": qualifier.fillna("").replace("", DEFAULT_QUALIFIER),
        "kind": kind,
        "as_of": as_of,
        "base_year": base,
        "period": period,
        "blank": blank,
        "qual_bad": said.isna(),
        "kind_bad": kind.isna(),
        "qual_conflict": said_given & (typed != "") & (said != typed),
        "value_needed": value_text_blank & said_given & ~no_value,
        "value_refused": has_number & no_value,
        "as_of_bad": as_of.isna(),
        "as_of_year": as_of_year.notna() & year.notna() & (as_of_year != year),
        "base_bad": base.isna() | (base_year.notna() & year.notna() & (base_year >= year)),
        "period_bad": period.isna() | (end.notna() & year.notna() & (end != year)),
        "both_dates": (as_of.fillna("x") != "") & (period.fillna("x") != ""),
        "reduction_base": (entry == "reduction") & (base == "") & (period == ""),
    }
    for col, series in (("as_of", as_of), ("base_year", base), ("period", period)):
        given = series.fillna("x") != ""
        out[f"{col}_entry"] = given & entry.notna() & ~entry.isin(_ALLOWED[col])
    return out


FIGURE_RULES = (
    "qual_bad",
    "kind_bad",
    "qual_conflict",
    "value_needed",
    "value_refused",
    "as_of_bad",
    "as_of_year",
    "base_bad",
    "period_bad",
    "both_dates",
    "reduction_base",
    "as_of_entry",
    "base_year_entry",
    "period_entry",
)


def figure_issues(row: dict, m: dict, suggest) -> list[Issue]:
    """The problems of one row with its figure columns; ``suggest(text, choices, names)``
    gives a did-you-mean."""

    def issue(message: str, fix: str, column: str) -> Issue:
        sheet = row["_sheet"] if isinstance(row["_sheet"], str) else None
        return Issue(str(row["_file"]), message, fix, sheet, int(row["_row"]), column)

    def text(col: str) -> str:
        return str(row.get(col, "")).strip()

    ind = str(row["indicator_id"]).strip()
    out = []
    if m["qual_bad"]:
        hint = suggest(text("qualifier"), list(QUALIFIERS))
        out.append(
            issue(
                f"unknown qualifier {text('qualifier')!r}" + (f"; {hint}" if hint else ""),
                f"use one of {', '.join(QUALIFIERS)} (or their Chinese labels), or leave it blank for exact",
                "qualifier",
            )
        )
    if m["kind_bad"]:
        hint = suggest(text("source_kind"), list(SOURCE_KINDS))
        out.append(
            issue(
                f"unknown source_kind {text('source_kind')!r}" + (f"; {hint}" if hint else ""),
                "use one of 统计局/统计公报, 部门报送, 县区报送, 政府工作报告, 媒体报道 "
                f"({', '.join(SOURCE_KINDS)}), or leave it blank",
                "source_kind",
            )
        )
    if m["qual_conflict"]:
        out.append(
            issue(
                f"the value {text('value')!r} says {m['qualifier_typed']} but the qualifier column says {m['qualifier']}",
                "keep one: write the plain number in value, or correct the qualifier",
                "qualifier",
            )
        )
    if m["value_needed"]:
        out.append(
            issue(
                f"a row qualified {m['qualifier']} needs its value",
                "enter the figure (for at_least the lower bound), or use not_published",
                str(row["_col_value"]),
            )
        )
    if m["value_refused"]:
        out.append(
            issue(
                f"a {m['qualifier']} row has no value, but {text('value')!r} is given",
                "delete the value, or change the qualifier",
                str(row["_col_value"]),
            )
        )
    if m["as_of_bad"]:
        fix = "write the date as YYYY-MM-DD, e.g. 2021-07-12"
        out.append(issue(f"as_of {text('as_of')!r} is not a date", fix, "as_of"))
    elif m["as_of_year"]:
        out.append(
            issue(
                f"as_of {text('as_of')} is not in year {text('year')}",
                "give the year of the date, or leave year blank",
                "as_of",
            )
        )
    if m["base_bad"]:
        out.append(
            issue(
                f"base_year {text('base_year')!r} is not a year from {EARLIEST_BASE_YEAR} before the figure's year",
                "write the base year as four digits, e.g. 2015 for a reduction against 2015",
                "base_year",
            )
        )
    if m["period_bad"]:
        out.append(
            issue(
                f"period {text('period')!r} is not a period ending in the figure's year",
                "write it as 2016-2020 (start-end, from "
                f"{EARLIEST_BASE_YEAR}), with year the end year or blank",
                "period",
            )
        )
    if m["both_dates"]:
        out.append(
            issue(
                "a figure is either a stock at a date (as_of) or a total over a period, not both",
                "keep as_of or period",
                "period",
            )
        )
    if m["reduction_base"]:
        out.append(
            issue(
                f"{ind} is a published reduction: its base is needed",
                "give base_year (e.g. 2015) or period (e.g. 2016-2020)",
                "base_year",
            )
        )
    for col, what in (
        ("as_of", "a stock at a date applies to counts and levels"),
        ("base_year", "a base year applies to levels and rates, not to counts"),
        ("period", "a period applies to totals and levels, not to year-on-year rates"),
    ):
        if m[f"{col}_entry"]:
            out.append(issue(f"{col} given for {ind}: {what}", f"leave {col} blank", col))
    return out


def reread_warning(row: dict, m: dict) -> Issue:
    """How a value cell's text was read (a warning: the row is kept)."""
    sheet = row["_sheet"] if isinstance(row["_sheet"], str) else None
    said = m["qualifier_typed"]
    value = m["value"]
    read = "no value" if math.isnan(value) else f"{value:g}"
    fix = "write the plain number in value and the qualifier in its column to make this explicit"
    if math.isnan(value):
        fix = f"leave value blank and write {said} in the qualifier column to make this explicit"
    return Issue(
        str(row["_file"]),
        f"value {str(row['value']).strip()!r} read as {read}"
        + (f" with qualifier {said}" if said else ""),
        fix,
        sheet,
        int(row["_row"]),
        str(row["_col_value"]),
    )
