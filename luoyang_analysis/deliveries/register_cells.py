"""Typing the cells of a register: each column's text read as its kind (a credit code, a unit
code, a year, a date, an amount, a count, a yes/no), every problem kept with its cell.

Row rules across cells and registers are :mod:`register_validation`'s; this module reads
one cell at a time and says what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import re
from difflib import get_close_matches

from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as uscc_mod

from luoyang_analysis.deliveries.contract import LAST_YEAR
from luoyang_analysis.deliveries.qualifiers import half_width
from luoyang_analysis.deliveries.raw import Issue
from luoyang_analysis.deliveries.register_contract import (
    FIRST_REGISTER_YEAR,
    FLAG_NO,
    FLAG_YES,
    MAX_AMOUNT,
    MAX_QUANTITY,
)

# ASCII digits only: full-width ones are read by qualifiers.half_width, with a warning.
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$", re.ASCII)
# Excel counts days from 1899-12-30; a date cell formatted as a number shows 43164.
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def sheet_of(rec: dict) -> str | None:
    """The row's sheet; a CSV row's is None (NaN once rows of both kinds share a frame)."""
    return rec["_sheet"] if isinstance(rec["_sheet"], str) else None


class Checker:
    """Collects the problems of one register row by row."""

    def __init__(self, enterprises_unread: bool = False) -> None:
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        # The enterprises file was refused: "not in the register" would repeat that on every row.
        self.enterprises_unread = enterprises_unread

    def issue(self, rec: dict, column: str | None, message: str, fix: str, warn=False) -> None:
        col = rec["_cols"].get(column, column) if column else None
        target = self.warnings if warn else self.errors
        target.append(Issue(rec["_file"], message, fix, sheet_of(rec), int(rec["_row"]), col))

    def value(self, rec: dict, col, units) -> object:
        """The typed value of one cell, or None (empty or refused)."""
        text = rec[col.id].strip()
        if text == "":
            if col.required:
                self.issue(rec, col.id, f"{col.id} ({col.label('zh')}) is empty", "fill it in")
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
        if kind in ("year", "date", "amount", "int"):
            plain, errors = half_width(text), len(self.errors)
            typed = self._digits(rec, col, plain)
            if plain != text and len(self.errors) == errors:  # as observations do: said, kept
                fix = "type the digits half-width (半角) to make this explicit"
                self.issue(rec, col.id, f"{col.id} {text!r} read as {plain}", fix, warn=True)
            return typed
        if kind == "flag":
            if text.lower() in FLAG_YES | FLAG_NO:
                return text.lower() in FLAG_YES
            self.issue(rec, col.id, f"{col.id} {text!r} is not yes or no", "write 是 or 否")
            return None
        return text

    def _digits(self, rec: dict, col, text: str) -> object:
        """A year, date, amount or count of ASCII digits, or None (reported)."""
        if col.kind == "date":
            return self._date(rec, col.id, text)
        if col.kind != "year":
            return self._number(rec, col.id, text, col.kind)
        if not re.fullmatch(r"\d{4}", text, re.ASCII) or not (
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
