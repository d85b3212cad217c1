"""Validation of the registers: every rule, every problem at once, each with file, sheet, row and column.

Errors stop processing like a bad observation does. Warnings do not: an
enterprise whose credit code was issued in another county has usually moved,
so that is reported and the stated county is used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import get_close_matches

import pandas as pd
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as uscc_mod

from luoyang_analysis.catalogue import units as units_mod
from luoyang_analysis.deliveries.contract import LAST_YEAR
from luoyang_analysis.deliveries.raw import Issue
from luoyang_analysis.deliveries.register_contract import (
    CATEGORIES,
    EQUIPMENT,
    FIRST_REGISTER_YEAR,
    FIRST_SET_LEVEL,
    FLAG_NO,
    FLAG_YES,
    LEVELS,
    LISTS,
    MAX_AMOUNT,
    MAX_QUANTITY,
    REGISTERS,
    ROLES,
    STATUSES,
)
from luoyang_analysis.deliveries.register_read import RawRegisters

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$")
# Excel counts days from 1899-12-30; a date cell formatted as a number shows 43164.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_LIST_BY_ID = {ind: name for name, (ind, _) in LISTS.items()}


@dataclass
class Registers:
    """The validated registers (typed columns plus ``_file``, ``_sheet``, ``_row``)."""

    frames: dict[str, pd.DataFrame]
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def present(self, kind: str) -> bool:
        return not self.frames[kind].empty


def _sheet(rec: dict) -> str | None:
    """The row's sheet; a CSV row's is None (NaN once rows of both kinds share a frame)."""
    return rec["_sheet"] if isinstance(rec["_sheet"], str) else None


def _where(rec: dict) -> str:
    return (
        f"{rec['_file']}"
        + (f" sheet {_sheet(rec)}" if _sheet(rec) else "")
        + (f" row {rec['_row']}")
    )


class _Checker:
    """Collects the problems of one register row by row."""

    def __init__(self, enterprises_unread: bool = False) -> None:
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        # The enterprises file was refused: "not in the register" would repeat that on every row.
        self.enterprises_unread = enterprises_unread

    def issue(self, rec: dict, column: str | None, message: str, fix: str, warn=False) -> None:
        col = rec["_cols"].get(column, column) if column else None
        target = self.warnings if warn else self.errors
        target.append(Issue(rec["_file"], message, fix, _sheet(rec), int(rec["_row"]), col))

    def value(self, rec: dict, col, units) -> object:
        """The typed value of one cell, or None (empty or refused)."""
        text = rec[col.id].strip()
        if text == "":
            if col.required:
                self.issue(rec, col.id, f"{col.id} ({col.label_zh}) is empty", "fill it in")
            return None
        kind = col.kind
        if kind == "uscc":
            return self._uscc(rec, col.id, text)
        if kind == "unit":
            code = text[:-2] if re.fullmatch(r"\d{6}\.0", text) else text
            if code not in units:
                hint = get_close_matches(code, list(units), n=1)
                self.issue(
                    rec,
                    col.id,
                    f"unknown unit code {code!r}" + (f"; did you mean {hint[0]}?" if hint else ""),
                    "use a GB/T 2260 code from `luoyang units`",
                )
                return None
            return code
        if kind == "year":
            if not re.fullmatch(r"\d{4}", text) or not (
                FIRST_REGISTER_YEAR <= int(text) <= LAST_YEAR
            ):
                self.issue(
                    rec,
                    col.id,
                    f"{col.id} {text!r} is not a year in {FIRST_REGISTER_YEAR}–{LAST_YEAR}",
                    "write four digits, e.g. 2018",
                )
                return None
            return int(text)
        if kind == "date":
            return self._date(rec, col.id, text)
        if kind in ("amount", "int"):
            return self._number(rec, col.id, text, kind)
        if kind == "flag":
            if text.lower() in FLAG_YES | FLAG_NO:
                return text.lower() in FLAG_YES
            self.issue(rec, col.id, f"{col.id} {text!r} is not yes or no", "write 是 or 否")
            return None
        return text

    def _uscc(self, rec: dict, column: str, text: str) -> str | None:
        code = uscc_mod.compact(text)
        try:
            return uscc_mod.validate(code)
        except stdnum_errors.InvalidChecksum:
            expected = uscc_mod.calc_check_digit(code[:-1])
            self.issue(
                rec,
                column,
                f"统一社会信用代码 {text} has a wrong check digit (the first 17 characters give {expected})",
                "copy the code again from the business licence; a typing slip is the usual cause",
            )
        except stdnum_errors.ValidationError:
            self.issue(
                rec,
                column,
                f"{text!r} is not a 统一社会信用代码 (18 characters, digits and capitals)",
                "copy the code from the business licence",
            )
        return None

    def _date(self, rec: dict, column: str, text: str) -> dt.date | None:
        m = _DATE.match(text)
        try:
            day = dt.date(int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])) if m else None
        except ValueError:
            day = None
        if day is None or not FIRST_REGISTER_YEAR <= day.year <= LAST_YEAR:
            serial = re.fullmatch(r"\d{5}", text) and _EXCEL_EPOCH + dt.timedelta(int(text))
            self.issue(
                rec,
                column,
                f"{column} {text!r} is not a date"
                + (f" (as an Excel day number it is {serial})" if serial else ""),
                "format the cell as a date, or type it as 2017-10-31"
                if serial
                else "write it as 2017-10-31",
            )
            return None
        return day

    def _number(self, rec: dict, column: str, text: str, kind: str) -> float | None:
        if not _NUMBER.match(text):
            self.issue(
                rec,
                column,
                f"{column} {text!r} is not a number",
                "write the number only, without units or thousands separators",
            )
            return None
        value = float(text)
        limit = MAX_AMOUNT if kind == "amount" else MAX_QUANTITY
        if value < 0 or (kind == "int" and (value < 1 or not value.is_integer())):
            what = "an amount cannot be negative" if kind == "amount" else "a whole number ≥ 1"
            self.issue(rec, column, f"{column} {text} is not valid: {what}", "check the figure")
            return None
        if value > limit:
            unit = "万元 (1,000 亿元)" if kind == "amount" else "pieces"
            self.issue(
                rec,
                column,
                f"{column} {text} is above {limit:,} {unit}: not a plausible figure",
                "amounts are in 万元; check for yuan typed as 万元 or an extra digit",
            )
            return None
        return value

    def choice(self, rec: dict, column: str, value, choices, what: str) -> bool:
        if value is None or value in choices:
            return value is not None
        hint = get_close_matches(str(value), list(choices), n=1, cutoff=0.3)
        self.issue(
            rec,
            column,
            f"unknown {what} {value!r}" + (f"; did you mean {hint[0]}?" if hint else ""),
            "use one of: " + "、".join(choices),
        )
        return False

    def order(self, rec: dict, earlier: str, later: str, a, b) -> None:
        if a is not None and b is not None and b < a:
            self.issue(
                rec,
                later,
                f"{later} {b} is before {earlier} {a}",
                f"dates must run in order: {earlier} first",
            )


def _typed(kind: str, raw: pd.DataFrame, check: _Checker, units) -> list[dict]:
    out = []
    for rec in raw.to_dict("records"):
        typed = {c.id: check.value(rec, c, units) for c in REGISTERS[kind]}
        typed.update({k: rec[k] for k in ("_file", "_sheet", "_row", "_cols")})
        out.append(typed)
    return out


def _duplicates(recs: list[dict], key, check: _Checker, column: str, what) -> None:
    """The same key twice: reported at the later row, naming both rows."""
    seen: dict = {}
    for rec in recs:
        k = key(rec)
        if k is None:
            continue
        if k in seen:
            check.issue(
                rec,
                column,
                f"{what(rec)} is listed twice: {_where(seen[k])} and {_where(rec)}",
                "keep one row: delete or correct the other",
            )
        else:
            seen[k] = rec


def _enterprise_rows(recs: list[dict], check: _Checker) -> dict[str, dict]:
    _duplicates(recs, lambda r: r["uscc"], check, "uscc", lambda r: f"enterprise {r['uscc']}")
    by_code = {}
    for rec in recs:
        check.order(
            rec, "above_size_from", "above_size_to", rec["above_size_from"], rec["above_size_to"]
        )
        code, county = rec["uscc"], rec["county_code"]
        if code and county:
            by_code.setdefault(code, rec)
            area = code[2:8]
            # Registered by the city's bureau (4103xx ending 00/01) is normal for any county.
            if area != county and not (area[:4] == county[:4] and area[4:] in ("00", "01")):
                check.issue(
                    rec,
                    "county_code",
                    f"统一社会信用代码 {code} was issued in area {area}, not in {county}",
                    "fine if the enterprise moved; otherwise correct the county",
                    warn=True,
                )
    return by_code


def _known(rec: dict, enterprises: dict, check: _Checker) -> dict | None:
    ent = enterprises.get(rec["uscc"]) if rec["uscc"] else None
    if rec["uscc"] and ent is None and not check.enterprises_unread:
        check.issue(
            rec,
            "uscc",
            f"enterprise {rec['uscc']} is not in the enterprises register",
            "add it to enterprises.csv (code, name, county)",
        )
    return ent


def _known_in_county(rec: dict, enterprises: dict, check: _Checker, what: str) -> None:
    """A known enterprise, in the county the row states."""
    ent = _known(rec, enterprises, check)
    if ent and rec["county_code"] and ent["county_code"] != rec["county_code"]:
        check.issue(
            rec,
            "county_code",
            f"{what} in {rec['county_code']} but its enterprise {rec['uscc']} is in {ent['county_code']} ({_where(ent)})",
            "correct one of the two counties",
        )


def _recognition_rows(recs: list[dict], enterprises: dict, check: _Checker) -> None:
    for rec in recs:
        name = _LIST_BY_ID.get(rec["list"], rec["list"])
        if check.choice(rec, "list", name, LISTS, "list"):
            rec["list"] = name
        else:
            rec["list"] = None
        check.choice(rec, "level", rec["level"], LEVELS, "level")
        _known(rec, enterprises, check)
        if (
            rec["doc_date"]
            and rec["year"]
            and rec["doc_date"].year
            not in (
                rec["year"],
                rec["year"] + 1,
            )
        ):
            check.issue(
                rec,
                "doc_date",
                f"document dated {rec['doc_date']} for the {rec['year']} list",
                "a list is published in its year or early the next; check the year or the date",
            )

    def key(r):
        if not (r["list"] and r["year"] and r["uscc"]):
            return None
        per_item = LISTS[r["list"]][1] == "item"
        return (r["list"], r["year"], r["uscc"], (r["item"] or "") if per_item else "")

    _duplicates(
        recs, key, check, "uscc", lambda r: f"enterprise {r['uscc']} on {r['list']} {r['year']}"
    )


def _project_rows(recs: list[dict], enterprises: dict, check: _Checker) -> None:
    _duplicates(
        recs, lambda r: r["project_id"], check, "project_id", lambda r: f"project {r['project_id']}"
    )
    for rec in recs:
        check.choice(rec, "category", rec["category"], CATEGORIES, "category")
        check.choice(rec, "status", rec["status"], STATUSES, "status")
        if rec["category"] in ("标杆", "创新示范", "升级") and rec["selected_year"] is None:
            check.issue(
                rec,
                "selected_year",
                "a 五十百 project needs the year it was selected",
                "fill in selected_year",
            )
        _known_in_county(rec, enterprises, check, "project")
        total = rec["total_investment"]
        qualifying = sum(rec[c] or 0 for c in ("equipment", "software", "technology"))
        invested = sum(rec[f"invested_{y}"] or 0 for y in range(2016, 2021))
        planned = sum(rec[f"planned_{y}"] or 0 for y in range(2016, 2021))
        for what, amount in (
            ("equipment + software + technology", qualifying),
            ("invested_2016…2020", invested),
            ("planned_2016…2020", planned),
        ):
            if total is not None and amount > total + 1e-9:
                check.issue(
                    rec,
                    "total_investment",
                    f"{what} = {amount:g} 万元 is more than the total investment {total:g} 万元",
                    "amounts are in 万元; check the figures",
                )
        check.order(rec, "start_date", "completion_date", rec["start_date"], rec["completion_date"])
        check.order(
            rec, "start_date", "planned_completion", rec["start_date"], rec["planned_completion"]
        )
        check.order(
            rec, "start_date", "commissioning_date", rec["start_date"], rec["commissioning_date"]
        )
        _policy_columns(rec, check)


def _policy_columns(rec: dict, check: _Checker) -> None:
    """A 强基 grant and its year come together, and the grant is part of the project."""
    grant, year, total = (
        rec["national_funding"],
        rec["national_funding_year"],
        rec["total_investment"],
    )
    if grant and year is None:
        check.issue(
            rec,
            "national_funding_year",
            "a national 强基 grant without the year it was awarded",
            "fill in national_funding_year (the matching support falls due that year)",
        )
    if year is not None and not grant:
        check.issue(
            rec,
            "national_funding",
            f"national_funding_year {year} but no national grant",
            "fill in national_funding (万元) or clear the year",
        )
    if grant and total is not None and grant > total + 1e-9:
        check.issue(
            rec,
            "national_funding",
            f"national grant {grant:g} 万元 is more than the total investment {total:g} 万元",
            "amounts are in 万元; check the figures",
        )


def _budget_rows(recs: list[dict], check: _Checker) -> None:
    _duplicates(recs, lambda r: r["year"], check, "year", lambda r: f"the budget of {r['year']}")


def _first_set_rows(
    recs: list[dict], enterprises: dict, recognitions: list[dict], check: _Checker
) -> None:
    """首台（套） sales: a known unit in its own county, a role, a price above 0, one maker and
    one buyer per sale agreeing on what was sold; equipment not 省认定 is kept, with a warning
    (the calculator lists it as excluded, 「省认定」 being the text's condition)."""
    certified = {r["doc_number"] for r in recognitions if r["list"] == "首台（套）"}
    sales: dict = {}
    for rec in recs:
        if check.choice(rec, "role", rec["role"], ROLES, "role"):
            rec["role"] = ROLES[rec["role"]]
        if check.choice(rec, "level", rec["level"], LEVELS, "level") and (
            rec["level"] != FIRST_SET_LEVEL
        ):
            check.issue(
                rec,
                "level",
                f"{rec['level']}认定, not 省认定: the reward of 三（四） is for 省认定 equipment",
                "kept and listed as excluded; correct the level if the province certified it",
                warn=True,
            )
        if rec["sales_price"] == 0:
            check.issue(rec, "sales_price", "sales_price is 0", "write the price in 万元, above 0")
        if certified and rec["doc_number"] and rec["doc_number"] not in certified:
            check.issue(
                rec,
                "doc_number",
                f"{rec['doc_number']} is on no 首台（套） row of the recognitions register",
                "check the document number, or add the certification to recognitions",
                warn=True,
            )
        _known_in_county(rec, enterprises, check, "sale row")
        first = sales.setdefault(rec["sale_id"], rec)
        for col in ("product", "sales_price", "sale_date"):
            if first is not rec and None not in (rec[col], first[col]) and rec[col] != first[col]:
                check.issue(
                    rec,
                    col,
                    f"sale {rec['sale_id']}: {col} {rec[col]} here, {first[col]} at {_where(first)}",
                    "the maker's and the buyer's rows of one sale give the same figures",
                )
    _duplicates(
        recs,
        lambda r: (r["sale_id"], r["role"]) if r["role"] in ("maker", "buyer") else None,
        check,
        "role",
        lambda r: f"the {r['role']} of sale {r['sale_id']}",
    )


def _retirement_rows(recs: list[dict], enterprises: dict, check: _Checker) -> None:
    for rec in recs:
        check.choice(rec, "equipment", rec["equipment"], EQUIPMENT, "equipment kind")
        _known(rec, enterprises, check)
        check.order(
            rec,
            "retirement_date",
            "dismantling_date",
            rec["retirement_date"],
            rec["dismantling_date"],
        )
        check.order(
            rec,
            "dismantling_date",
            "verification_date",
            rec["dismantling_date"],
            rec["verification_date"],
        )


def validate_registers(raw: RawRegisters) -> Registers:
    """Typed registers with every error and warning; the frames hold only rows without errors."""
    units = units_mod.default_units()
    check = _Checker("enterprises" in raw.unread)
    typed = {kind: _typed(kind, raw.rows[kind], check, units) for kind in REGISTERS}
    enterprises = _enterprise_rows(typed["enterprises"], check)
    others = [k for k in ("recognitions", "projects", "retirements", "first_sets") if typed[k]]
    if others and not typed["enterprises"] and not check.enterprises_unread:
        first = typed[others[0]][0]
        check.issue(
            first,
            None,
            f"the {others[0]} register names enterprises but the delivery has no enterprises register",
            "add enterprises.csv (uscc, name, county_code, …)",
        )
    _recognition_rows(typed["recognitions"], enterprises, check)
    _project_rows(typed["projects"], enterprises, check)
    _retirement_rows(typed["retirements"], enterprises, check)
    _budget_rows(typed["budget"], check)
    _first_set_rows(typed["first_sets"], enterprises, typed["recognitions"], check)
    frames = {}
    for kind in REGISTERS:
        cols = [c.id for c in REGISTERS[kind]] + ["_file", "_sheet", "_row"]
        frame = pd.DataFrame(typed[kind], columns=cols + ["_cols"]).drop(columns="_cols")
        frames[kind] = frame[cols]
    order = lambda i: (i.file, i.sheet or "", i.row or 0)  # noqa: E731
    return Registers(
        frames,
        sorted(raw.issues + check.errors, key=order),
        sorted(check.warnings, key=order),
    )
