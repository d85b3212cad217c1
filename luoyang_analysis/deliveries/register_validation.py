"""Validation of the registers: every rule, every problem at once, each with file, sheet, row and column.

Errors stop processing like a bad observation does. Warnings do not: an
enterprise whose credit code was issued in another county has usually moved,
so that is reported and the stated county is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from luoyang_analysis.catalogue import units as units_mod
from luoyang_analysis.deliveries.raw import Issue
from luoyang_analysis.deliveries.register_cells import Checker, sheet_of
from luoyang_analysis.deliveries.register_contract import (
    CATEGORIES,
    EQUIPMENT,
    FIRST_SET_LEVEL,
    LEVELS,
    LISTS,
    REGISTERS,
    ROLES,
    STATUSES,
)
from luoyang_analysis.deliveries.register_read import RawRegisters

_LIST_BY_ID = {ind: name for name, (ind, _) in LISTS.items()}


@dataclass
class Registers:
    """The validated registers (typed columns plus ``_file``, ``_sheet``, ``_row``)."""

    frames: dict[str, pd.DataFrame]
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def present(self, kind: str) -> bool:
        return not self.frames[kind].empty


def _where(rec: dict) -> str:
    return (
        f"{rec['_file']}"
        + (f" sheet {sheet_of(rec)}" if sheet_of(rec) else "")
        + (f" row {rec['_row']}")
    )


def _typed(kind: str, raw: pd.DataFrame, check: Checker, units) -> list[dict]:
    out = []
    for rec in raw.to_dict("records"):
        typed = {c.id: check.value(rec, c, units) for c in REGISTERS[kind]}
        typed.update({k: rec[k] for k in ("_file", "_sheet", "_row", "_cols")})
        out.append(typed)
    return out


def _duplicates(recs: list[dict], key, check: Checker, column: str, what, maybe=None) -> None:
    """The same key twice: reported at the later row, naming both rows; ``maybe(first, later)``
    gives the fix and whether both rows may be right (then a warning, not an error)."""
    seen: dict = {}
    for rec in recs:
        k = key(rec)
        if k is None:
            continue
        if k in seen:
            fix, warn = (
                maybe(seen[k], rec)
                if maybe
                else ("keep one row: delete or correct the other", False)
            )
            check.issue(
                rec,
                column,
                f"{what(rec)} is listed twice: {_where(seen[k])} and {_where(rec)}",
                fix,
                warn=warn,
            )
        else:
            seen[k] = rec


def _enterprise_rows(recs: list[dict], check: Checker) -> dict[str, dict]:
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


def _known(rec: dict, enterprises: dict, check: Checker) -> dict | None:
    ent = enterprises.get(rec["uscc"]) if rec["uscc"] else None
    if rec["uscc"] and ent is None and not check.enterprises_unread:
        check.issue(
            rec,
            "uscc",
            f"enterprise {rec['uscc']} is not in the enterprises register",
            "add it to enterprises.csv (code, name, county)",
        )
    return ent


def _known_in_county(rec: dict, enterprises: dict, check: Checker, what: str) -> None:
    """A known enterprise, in the county the row states."""
    ent = _known(rec, enterprises, check)
    if ent and rec["county_code"] and ent["county_code"] != rec["county_code"]:
        check.issue(
            rec,
            "county_code",
            f"{what} in {rec['county_code']} but its enterprise {rec['uscc']} is in {ent['county_code']} ({_where(ent)})",
            "correct one of the two counties",
        )


def _recognition_rows(recs: list[dict], enterprises: dict, check: Checker) -> None:
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


def _project_rows(recs: list[dict], enterprises: dict, check: Checker) -> None:
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


def _policy_columns(rec: dict, check: Checker) -> None:
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


def _budget_rows(recs: list[dict], check: Checker) -> None:
    _duplicates(recs, lambda r: r["year"], check, "year", lambda r: f"the budget of {r['year']}")


def _first_set_rows(
    recs: list[dict], enterprises: dict, recognitions: list[dict], check: Checker
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


def _ledger_line(r: dict) -> tuple | None:
    """What a ledger line counts: two lines alike in it count the same equipment twice if
    one is a double entry (a row pasted twice, a county's file and the city's)."""
    line = (r["uscc"], r["equipment"], r["quantity"], r["capacity"] or "", r["retirement_date"])
    return None if None in line else line


def _two_documents(first: dict, later: dict) -> tuple[str, bool]:
    """Two alike lines under two document numbers may be two retirements: a warning.
    Under one document, or where either gives none, nothing tells them apart: an error."""
    docs = first["doc_number"], later["doc_number"]
    if all(docs) and docs[0] != docs[1]:
        return f"fine if {docs[0]} and {docs[1]} retire different equipment; else keep one", True
    return "keep one row; if these are two retirements, give each its document number", False


def _retirement_rows(recs: list[dict], enterprises: dict, check: Checker) -> None:
    _duplicates(
        recs,
        _ledger_line,
        check,
        "quantity",
        lambda r: (
            f"the retirement of {r['quantity']:g} {r['equipment']}"
            + (f" ({r['capacity']})" if r["capacity"] else "")
            + f" by {r['uscc']} on {r['retirement_date']}"
        ),
        _two_documents,
    )
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
    check = Checker("enterprises" in raw.unread)
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
        sorted(raw.warnings + check.warnings, key=order),
    )
