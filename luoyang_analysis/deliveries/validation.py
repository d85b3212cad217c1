"""Validation of raw observations: every rule, every problem reported at once with its location.

Row rules are checked here in plain pandas, because each message has to name the
file, sheet, row and column and say what to do. The result is then checked
against :data:`OBSERVATIONS_SCHEMA` (pandera), the declared contract of
processed data, which also guards processed files read back later.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import get_close_matches

import pandas as pd
import pandera.pandas as pa

from luoyang_analysis.catalogue import units as units_mod
from luoyang_analysis.deliveries.contract import (
    ENERGY_INTENSITY,
    FIRST_YEAR,
    LAST_YEAR,
    accepted_indicators,
)
from luoyang_analysis.deliveries.figures import (
    FIGURE_RULES,
    NO_VALUE,
    figure_checks,
    figure_issues,
    per_text,
    reread_warning,
)
from luoyang_analysis.deliveries.qualifiers import QUALIFIERS
from luoyang_analysis.deliveries.raw import Issue

OBSERVATIONS_SCHEMA = pa.DataFrameSchema(
    {
        "unit_code": pa.Column(str, pa.Check.str_matches(r"^\S+$")),
        "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "indicator_id": pa.Column(str),
        "value": pa.Column(
            float, pa.Check(lambda s: s.map(math.isfinite), error="finite"), nullable=True
        ),
        "source": pa.Column(str, nullable=True),
        "note": pa.Column(str, nullable=True),
        "qualifier": pa.Column(str, pa.Check.isin(list(QUALIFIERS)), required=False),
    },
    # Only a row that says it has no value (未公开, not applicable) may lack one.
    checks=pa.Check(
        lambda df: (
            df["value"].notna() | (df["qualifier"].isin(NO_VALUE) if "qualifier" in df else False)
        ),
        error="a value, unless the qualifier says there is none",
    ),
    unique=["unit_code", "year", "indicator_id"],
    strict=False,
    name="observations",
)


def _issue(row, message: str, fix: str, column_key: str) -> Issue:
    return Issue(
        str(row["_file"]),
        message,
        fix,
        row["_sheet"] if isinstance(row["_sheet"], str) else None,
        int(row["_row"]),
        str(row[column_key]),
    )


def _suggest(value: str, choices: list[str], names: dict[str, str] | None = None) -> str:
    hint = get_close_matches(value, choices, n=1, cutoff=0.6)
    if not hint and names:
        by_name = {v: k for k, v in names.items()}
        hint = [by_name[h] for h in get_close_matches(value, list(by_name), n=1, cutoff=0.5)]
    return f"did you mean {hint[0]}?" if hint else ""


#: The largest magnitude accepted: no count, share or amount of a county comes near it,
#: and sums of values below it stay finite (1e308 would make reports show "inf").
MAX_VALUE = 1e12


def _each(column: pd.Series, func) -> pd.Series:
    return per_text(column, func)[0]


def _year(text: str) -> float:
    return float(text) if re.fullmatch(r"\d{4}(\.0)?", text) else math.nan


def _row_checks(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """Every per-row rule at once, as masks over ``rows`` (vectorised: a million rows in seconds)."""
    registry = units_mod.default_units()
    indicators = accepted_indicators()
    code = _each(rows["unit_code"], lambda t: re.sub(r"^(\d{6})\.0$", r"\1", t))
    ind = _each(rows["indicator_id"], str)
    entry = ind.map({k: v.entry for k, v in indicators.items()})
    figure = figure_checks(rows, _each(rows["year"], _year).astype(float), entry)
    year = figure["year"]
    year_ok = year.notna()
    unit_ok = code.isin(list(registry))
    in_range = year.between(FIRST_YEAR, LAST_YEAR)
    exists = pd.Series(True, index=rows.index)
    known = unit_ok & in_range
    gone = {
        (c, y)
        for c, y in set(zip(code[known], year[known], strict=True))
        if not registry[c].valid_in(int(y))
    }
    if gone:
        exists[known] = [(c, y) not in gone for c, y in zip(code[known], year[known], strict=True)]
    ind_ok = ind.isin(list(indicators))
    text = _each(rows["value"], str)
    blank = figure["blank"]
    value = figure["value"]
    number = value.notna()
    finite = value.abs() <= MAX_VALUE
    no_value = figure["qualifier"].isin(NO_VALUE)
    percent = ind.map({k: v.is_percent for k, v in indicators.items()}).fillna(False).astype(bool)
    measure = ind.map({k: v.measure for k, v in indicators.items()})
    share = percent & (entry != "yoy")
    return {
        **figure,
        "code": code,
        "year": year,
        "ind": ind,
        "text": text,
        "value": value,
        "unit_bad": ~unit_ok,
        "year_bad": ~year_ok,
        "range_bad": year_ok & ~in_range,
        "gone": unit_ok & in_range & ~exists,
        "ind_bad": ~ind_ok,
        "blank": blank,
        "nan_bad": (text != "") & ~number & ~no_value,
        "inf_bad": ~blank & number & ~finite,
        "negative": (value < 0) & (entry != "yoy"),
        "over_100": share & (value > 100),
        "fraction": share & (value > 0) & (value < 1),
        "not_whole": measure.isin(["count", "deadline"])
        & ~percent
        & value.notna()
        & (value % 1 != 0),
    }


def _row_issues(row: dict, m: dict, indicators, registry) -> list[Issue]:
    """The problems of one row that failed some rule, worded for the person who typed it."""
    out = []
    code, ind, text = m["code"], m["ind"], m["text"]
    if m["unit_bad"]:
        hint = _suggest(code, list(registry), {k: u.name_zh for k, u in registry.items()})
        out.append(
            _issue(
                row,
                f"unknown unit code {code!r}" + (f"; {hint}" if hint else ""),
                "use a GB/T 2260 code from `luoyang units`",
                "_col_unit",
            )
        )
    if m["year_bad"]:
        year_text = str(row["year"]).strip()
        out.append(
            _issue(
                row,
                f"year {year_text!r} is not a year",
                "write the year as four digits, e.g. 2018",
                "_col_year",
            )
        )
    elif m["range_bad"]:
        year = int(m["year"])
        out.append(
            _issue(
                row,
                f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}",
                "check the year; a base year or period before it goes in base_year or period "
                "(a 2020 figure against 2015: year 2020, base_year 2015)",
                "_col_year",
            )
        )
    elif m["gone"]:
        u = registry[code]
        out.append(
            _issue(
                row,
                f"unit {code} {u.name_zh} did not exist in {int(m['year'])}",
                f"use the unit that existed then{' (' + u.successor + ')' if u.successor else ''}",
                "_col_unit",
            )
        )
    if m["ind_bad"]:
        hint = _suggest(ind, list(indicators), {k: v.name_zh for k, v in indicators.items()})
        out.append(
            _issue(
                row,
                f"unknown indicator id {ind!r}" + (f"; {hint}" if hint else ""),
                "use an id from `luoyang template` or data/raw/README.md",
                "_col_indicator",
            )
        )
    out += figure_issues(row, m, _suggest)
    if m["blank"]:
        return out  # an empty value is "not reported"
    if m["nan_bad"]:
        fix = "write the number only (未公开, ≥5, 超过5, 近1800 and 约1800 are read too)"
        if text.endswith("%"):
            fix = "write percentages as the number of percent, without the % sign (20 for 20%)"
        elif "," in text or "，" in text:
            fix = "write the number without thousands separators"
        out.append(_issue(row, f"value {text!r} is not a number", fix, "_col_value"))
    elif m["inf_bad"]:
        message = f"value {text!r} is too large to be a number"
        if math.isfinite(m["value"]):
            message = f"value {text!r} is larger than any statistic ({MAX_VALUE:g})"
        out.append(_issue(row, message, "check the figure", "_col_value"))
    if out or math.isnan(m["value"]):
        return out  # range rules only for rows otherwise good with a value, as before
    value = m["value"]
    if m["negative"]:
        out.append(
            _issue(
                row,
                f"negative value {text} for {ind}",
                "counts, levels, amounts and shares cannot be negative; check the sign",
                "_col_value",
            )
        )
    elif m["over_100"]:
        out.append(
            _issue(
                row,
                f"share {text} is above 100 for {ind}",
                "shares are percentages between 0 and 100",
                "_col_value",
            )
        )
    elif m["fraction"]:
        out.append(
            _issue(
                row,
                f"value {text} looks like a fraction where a percentage is expected ({ind})",
                f"enter percent ({value * 100:g} for {value:g}); the program does not guess which was meant",
                "_col_value",
            )
        )
    elif m["not_whole"]:
        out.append(
            _issue(
                row,
                f"count {text} is not a whole number for {ind}",
                "counts are whole numbers",
                "_col_value",
            )
        )
    return out


_RULES = (
    "unit_bad",
    "year_bad",
    "range_bad",
    "gone",
    "ind_bad",
    "nan_bad",
    "inf_bad",
    "negative",
    "over_100",
    "fraction",
    "not_whole",
) + FIGURE_RULES


@dataclass
class Checked:
    """Validated observations, the problems that refuse rows, and the warnings that do not."""

    clean: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def validate(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Check raw rows (from :mod:`luoyang_analysis.raw`) and return clean observations and the problems.

    The clean frame keeps the location columns (``_file``, ``_sheet``, ``_row``)
    so that every number can be traced to the cell it came from.
    """
    checked = check(rows)
    return checked.clean, checked.issues


def check(rows: pd.DataFrame) -> Checked:
    """:func:`validate`, with the warnings: how typed values were read, series to be judged later.

    Rows that fail a rule are left out of ``clean`` (each named in ``issues``), so a caller
    that must publish what it has (``--keep-going``) can keep the valid part.
    """
    if rows.empty:
        return Checked(rows.assign(year=pd.Series(dtype=int), value=pd.Series(dtype=float)))
    rows = rows.reset_index(drop=True)
    checks = _row_checks(rows)
    failed = checks["unit_bad"].copy()
    for rule in _RULES[1:]:
        failed |= checks[rule].fillna(False).astype(bool)
    indicators, registry = accepted_indicators(), units_mod.default_units()
    out = Checked(rows.iloc[:0])
    for i in failed[failed].index:
        row = rows.loc[i].to_dict()
        out.issues += _row_issues(row, {k: v[i] for k, v in checks.items()}, indicators, registry)
    good = ~failed & ~checks["blank"]
    for i in (good & checks["reread"])[lambda m: m].index:
        out.warnings.append(
            reread_warning(rows.loc[i].to_dict(), {k: v[i] for k, v in checks.items()})
        )
    clean = rows[good].assign(
        unit_code=checks["code"][good],
        year=checks["year"][good].astype(int),
        indicator_id=checks["ind"][good],
        value=checks["value"][good].astype(float),
        qualifier=checks["qualifier"][good],
        source_kind=checks["kind"][good],
        as_of=checks["as_of"][good],
        base_year=checks["base_year"][good],
        period=checks["period"][good],
    )
    if not clean.empty:
        clean, more = _duplicates(clean)
        out.issues += more
        out.warnings += _missing_base_year(clean)
    for found in (out.issues, out.warnings):
        found.sort(key=lambda i: (i.file, i.sheet or "", i.row or 0))
    out.clean = clean.reset_index(drop=True)
    return out


def _shown(value: float, qualifier: str) -> str:
    return qualifier if math.isnan(value) else f"{value:g}"


def _duplicates(clean: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """The same cell given twice, within and across files: the same figure twice is kept
    once; two different figures are both left out and the later one reported (the
    program does not choose between them)."""
    key = ["unit_code", "year", "indicator_id"]
    later = clean.duplicated(key, keep="first")
    if not later.any():
        return clean, []
    cols = key + ["value", "qualifier", "_file", "_sheet", "_row"]
    pairs = clean.loc[later, cols + ["_col_value"]].merge(
        clean.loc[~later, cols], on=key, how="left", suffixes=("", "_first")
    )
    same = (
        (pairs["value"] == pairs["value_first"])
        | (pairs["value"].isna() & pairs["value_first"].isna())
    ) & (pairs["qualifier"] == pairs["qualifier_first"])
    issues = []
    for other in pairs[~same].to_dict("records"):
        where = (
            f"{other['_file_first']}"
            + (f" sheet {other['_sheet_first']}" if isinstance(other["_sheet_first"], str) else "")
            + f" row {other['_row_first']}"
        )
        here = _shown(other["value"], other["qualifier"])
        there = _shown(other["value_first"], other["qualifier_first"])
        issues.append(
            _issue(
                other,
                f"{other['unit_code']} {other['year']} {other['indicator_id']} is {here} here but {there} in {where}",
                "keep one value: delete or correct the other row",
                "_col_value",
            )
        )
    conflicting = pd.MultiIndex.from_frame(pairs.loc[~same, key])
    keep = ~later & ~pd.MultiIndex.from_frame(clean[key]).isin(conflicting)
    return clean[keep], issues


def _missing_base_year(clean: pd.DataFrame) -> list[Issue]:
    """A level series without the 2016 base: kept; the gap engine judges each target later
    (it moves the base or says no data). A warning, so the analyst can add the base."""
    issues = []
    levels = clean[(clean["indicator_id"] == ENERGY_INTENSITY) & clean["value"].notna()]
    for code, grp in levels.groupby("unit_code"):
        if FIRST_YEAR not in set(grp["year"]):
            first = grp.sort_values("year").iloc[0]
            issues.append(
                _issue(
                    first,
                    f"{ENERGY_INTENSITY} for unit {code} has no {FIRST_YEAR} value, the base year of the reduction target",
                    f"add the {FIRST_YEAR} level, or give year-on-year rates (green.energy_intensity_yoy) instead",
                    "_col_year",
                )
            )
    return issues


def check_schema(frame: pd.DataFrame, label: str) -> list[Issue]:
    """Check processed observations against the contract; problems as Issues naming ``label``."""
    try:
        OBSERVATIONS_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        for _, fc in exc.failure_cases.iterrows():
            row = None if pd.isna(fc.get("index")) else int(fc["index"]) + 2
            out.append(
                Issue(
                    label,
                    f"{fc['check']} failed for {fc['failure_case']!r}",
                    "rebuild processed data with `make reports` or `luoyang process`",
                    None,
                    row,
                    None if pd.isna(fc.get("column")) else str(fc["column"]),
                )
            )
        return out
    return []
