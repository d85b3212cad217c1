"""Validation of raw observations: every rule, every problem reported at once with its location.

Row rules are checked here in plain pandas, because each message has to name the
file, sheet, row and column and say what to do. The result is then checked
against :data:`OBSERVATIONS_SCHEMA` (pandera), the declared contract of
processed data, which also guards processed files read back later.
"""

from __future__ import annotations

import math
import re
from difflib import get_close_matches

import pandas as pd
import pandera.pandas as pa

from luoyang_analysis.catalogue import units as units_mod
from luoyang_analysis.deliveries.contract import (
    ENERGY_INTENSITY,
    FIRST_YEAR,
    LAST_YEAR,
    data_indicators,
)
from luoyang_analysis.deliveries.raw import Issue

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

OBSERVATIONS_SCHEMA = pa.DataFrameSchema(
    {
        "unit_code": pa.Column(str, pa.Check.str_matches(r"^\S+$")),
        "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "indicator_id": pa.Column(str),
        "value": pa.Column(float, pa.Check(lambda s: s.map(math.isfinite), error="finite")),
        "source": pa.Column(str, nullable=True),
        "note": pa.Column(str, nullable=True),
    },
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


def validate(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Check raw rows (from :mod:`luoyang_analysis.raw`) and return clean observations and the problems.

    The clean frame keeps the location columns (``_file``, ``_sheet``, ``_row``)
    so that every number can be traced to the cell it came from.
    """
    issues: list[Issue] = []
    if rows.empty:
        return rows.assign(year=pd.Series(dtype=int), value=pd.Series(dtype=float)), issues
    indicators = data_indicators()
    registry = units_mod.default_units()
    ind_names = {k: v.name_zh for k, v in indicators.items()}
    unit_names = {k: u.name_zh for k, u in registry.items()}
    good = []
    for _, row in rows.iterrows():
        ok = True
        code = str(row["unit_code"]).strip()
        if re.fullmatch(r"\d{6}\.0", code):
            code = code[:-2]
        if code not in registry:
            hint = _suggest(code, list(registry), unit_names)
            issues.append(
                _issue(
                    row,
                    f"unknown unit code {code!r}" + (f"; {hint}" if hint else ""),
                    "use a GB/T 2260 code from `luoyang units`",
                    "_col_unit",
                )
            )
            ok = False
        year_text = str(row["year"]).strip()
        year = None
        if re.fullmatch(r"\d{4}(\.0)?", year_text):
            year = int(float(year_text))
            if not FIRST_YEAR <= year <= LAST_YEAR:
                issues.append(
                    _issue(
                        row,
                        f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}",
                        "check the year",
                        "_col_year",
                    )
                )
                ok = False
            elif ok and not registry[code].valid_in(year):
                u = registry[code]
                issues.append(
                    _issue(
                        row,
                        f"unit {code} {u.name_zh} did not exist in {year}",
                        f"use the unit that existed then{' (' + u.successor + ')' if u.successor else ''}",
                        "_col_unit",
                    )
                )
                ok = False
        else:
            issues.append(
                _issue(
                    row,
                    f"year {year_text!r} is not a year",
                    "write the year as four digits, e.g. 2018",
                    "_col_year",
                )
            )
            ok = False
        ind_id = str(row["indicator_id"]).strip()
        info = indicators.get(ind_id)
        if info is None:
            hint = _suggest(ind_id, list(indicators), ind_names)
            issues.append(
                _issue(
                    row,
                    f"unknown indicator id {ind_id!r}" + (f"; {hint}" if hint else ""),
                    "use an id from `luoyang template` or data/raw/README.md",
                    "_col_indicator",
                )
            )
            ok = False
        text = str(row["value"]).strip()
        value = None
        if text == "":
            continue  # an empty value is "not reported"
        if not _NUMBER.match(text):
            fix = "write the number only"
            if text.endswith("%"):
                fix = "write percentages as the number of percent, without the % sign (20 for 20%)"
            elif "," in text or "，" in text:
                fix = "write the number without thousands separators"
            issues.append(_issue(row, f"value {text!r} is not a number", fix, "_col_value"))
            ok = False
        else:
            value = float(text)
            if not math.isfinite(value):
                issues.append(
                    _issue(
                        row,
                        f"value {text!r} is too large to be a number",
                        "check the figure",
                        "_col_value",
                    )
                )
                ok = False
        if ok and info is not None and value is not None:
            if value < 0 and info.entry != "yoy":
                issues.append(
                    _issue(
                        row,
                        f"negative value {text} for {ind_id}",
                        "counts, levels, amounts and shares cannot be negative; check the sign",
                        "_col_value",
                    )
                )
                ok = False
            elif info.is_percent and info.entry != "yoy" and value > 100:
                issues.append(
                    _issue(
                        row,
                        f"share {text} is above 100 for {ind_id}",
                        "shares are percentages between 0 and 100",
                        "_col_value",
                    )
                )
                ok = False
            elif info.is_percent and info.entry != "yoy" and 0 < value < 1:
                issues.append(
                    _issue(
                        row,
                        f"value {text} looks like a fraction where a percentage is expected ({ind_id})",
                        f"enter percent ({value * 100:g} for {value:g}); the program does not guess which was meant",
                        "_col_value",
                    )
                )
                ok = False
            elif (
                info.measure in ("count", "deadline")
                and not info.is_percent
                and not float(value).is_integer()
            ):
                issues.append(
                    _issue(
                        row,
                        f"count {text} is not a whole number for {ind_id}",
                        "counts are whole numbers",
                        "_col_value",
                    )
                )
                ok = False
        if ok:
            rec = row.to_dict()
            rec.update(unit_code=code, year=year, indicator_id=ind_id, value=value)
            good.append(rec)
    clean = pd.DataFrame(good, columns=list(rows.columns))
    if clean.empty:
        return clean, issues
    clean["year"] = clean["year"].astype(int)
    clean["value"] = clean["value"].astype(float)

    # Duplicates, within and across files: the same cell given twice with different values.
    key = ["unit_code", "year", "indicator_id"]
    dup_mask = clean.duplicated(key, keep=False)
    drop = set()
    for _, grp in clean[dup_mask].groupby(key, sort=False):
        first = grp.iloc[0]
        for idx, other in grp.iloc[1:].iterrows():
            if other["value"] != first["value"]:
                where = (
                    f"{first['_file']}"
                    + (f" sheet {first['_sheet']}" if isinstance(first["_sheet"], str) else "")
                    + f" row {first['_row']}"
                )
                issues.append(
                    _issue(
                        other,
                        f"{other['unit_code']} {other['year']} {other['indicator_id']} is {other['value']:g} here but {first['value']:g} in {where}",
                        "keep one value: delete or correct the other row",
                        "_col_value",
                    )
                )
            drop.add(idx)
    clean = clean.drop(index=list(drop))

    # Targets measured against 2016 need the 2016 level.
    levels = clean[clean["indicator_id"] == ENERGY_INTENSITY]
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
    issues.sort(key=lambda i: (i.file, i.sheet or "", i.row or 0))
    return clean.reset_index(drop=True), issues


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
