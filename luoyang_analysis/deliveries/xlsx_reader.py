"""Reading an ``.xlsx`` delivery completely and exactly, or refusing it with the cell that stops it.

Before anything is decompressed, the zip directory's uncompressed sizes and each
sheet's declared ``<dimension>`` are checked against :mod:`limits` (a 5 KB file
declaring ``A1:XFD1048576``, or a deflate bomb, is refused at once). The
declared dimension is then not trusted for reading: tools other than Excel
write it too small, and openpyxl's read-only mode would stop there, so every
row is read. Hidden sheets are refused (their figures would go unseen), as are
formulas, a column named twice, and damaged sheet XML.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pandas as pd

from luoyang_analysis.deliveries import limits
from luoyang_analysis.deliveries.csv_reader import LONG_COLUMNS, ZIP_MAGIC
from luoyang_analysis.deliveries.records import ROW_COLUMNS, VALUE_COLUMNS, Issue, RawFile, refused
from luoyang_analysis.deliveries.register_contract import register_kind
from luoyang_analysis.deliveries.template import HEADER_ID
from luoyang_analysis.exceptions import SettingError

_RESAVE = "open it in Excel and save as .xlsx, or export CSV"


class SheetRefused(Exception):
    """Stops reading one sheet; carries the located problem."""

    def __init__(self, issue: Issue):
        self.issue = issue


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()  # a date Excel stored for 2021-07-12 (as_of): the ISO date
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # Line endings as Excel's own (LF): a lone CR would not survive the processed CSV.
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def zip_problem(path: Path, name: str) -> Issue | None:
    """Size limits read from the zip directory, before any part is decompressed."""
    size = path.stat().st_size
    if problem := limits.MAX_FILE_MB.exceeded(size, limits.MB):
        return Issue(name, f"the file is too large: {problem}", "split it")
    with path.open("rb") as fh:
        if fh.read(4) != ZIP_MAGIC:
            return Issue(name, "this is not an Excel .xlsx workbook", _RESAVE)
    try:
        with zipfile.ZipFile(path) as zf:
            unzipped = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Issue(
            name,
            f"the workbook cannot be read (not a valid zip: {exc})",
            "re-save it from Excel as .xlsx",
        )
    if problem := limits.MAX_UNZIPPED_MB.exceeded(unzipped, limits.MB):
        return Issue(name, f"the workbook unpacks too large: {problem}", "split it")
    return None


def _check_size(name: str, sheet: str, rows: int, cols: int, cells: int, what: str) -> None:
    for limit, found, noun in (
        (limits.MAX_ROWS, rows, "rows"),
        (limits.MAX_COLUMNS, cols, "columns"),
        (limits.MAX_CELLS, cells, "cells"),
    ):
        if problem := limit.exceeded(found):
            raise SheetRefused(
                Issue(
                    name,
                    f"the sheet {what} too many {noun}: {problem}",
                    "delete the unused cells",
                    sheet,
                )
            )


def sheet_values(ws, name: str) -> tuple[list[list], list[Issue]]:
    """Every cell value of a sheet, row by row, and its formulas (reported, and blanked)."""
    from openpyxl.utils import get_column_letter

    if ws.max_row and ws.max_column:  # the declared <dimension>, checked before reading
        _check_size(
            name, ws.title, ws.max_row, ws.max_column, ws.max_row * ws.max_column, "declares"
        )
    ws.reset_dimensions()  # then read every row, whatever the tag says
    max_rows, max_cols, max_cells = (
        x.value() for x in (limits.MAX_ROWS, limits.MAX_COLUMNS, limits.MAX_CELLS)
    )
    values: list[list] = []
    formulas: list[Issue] = []
    cells = 0
    for r, row in enumerate(ws.iter_rows(), start=1):
        cells += len(row)
        if r > max_rows or len(row) > max_cols or cells > max_cells:
            _check_size(name, ws.title, r, len(row), cells, "holds")
        out = []
        for c, cell in enumerate(row, start=1):
            v = cell.value
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(v, str) and v.startswith("=")
            ):
                v = None  # reported once, as a formula; never read
                formulas.append(
                    Issue(
                        name,
                        "a formula is not accepted (spreadsheets are data, never code)",
                        "replace it with its value (paste as values)",
                        ws.title,
                        r,
                        get_column_letter(c),
                    )
                )
            out.append(v)
        values.append(out)
    return values, formulas


def merged_ranges(ws) -> list[str]:
    """The merged ranges of a sheet read as in :func:`sheet_values` (``A1:P1`` …).

    openpyxl's read-only sheets do not give them; they stand at the end of the sheet's
    XML, read here with the parser openpyxl reads the sheet with (so no other limits apply).
    """
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    tag, out = f"{{{SHEET_MAIN_NS}}}mergeCell", []
    with ws._get_source() as src:  # the sheet's XML part: the read-only API has no other way
        for _, element in iterparse(src):
            if element.tag == tag:
                out.append(element.get("ref"))
            element.clear()  # the cells are not kept: the sheet was read already
    return out


def visible_sheet_values(ws, name: str) -> tuple[list[list] | None, list[Issue]]:
    """:func:`sheet_values` of a sheet anyone can see, with its formulas; ``None`` and the
    problem for a hidden sheet, one over the limits or one whose XML is damaged."""
    if ws.sheet_state != "visible":
        return None, [
            Issue(
                name,
                f"the sheet is {ws.sheet_state}: figures nobody sees are not imported",
                "unhide the sheet in Excel (or delete it) and deliver again",
                ws.title,
            )
        ]
    try:
        return sheet_values(ws, name)
    except SheetRefused as refusal:
        return None, [refusal.issue]
    except (MemoryError, SettingError):  # a bad LUOYANG_MAX_* is not a damaged sheet
        raise
    except Exception as exc:  # damaged sheet XML in a valid zip, in any of its forms
        return None, [
            Issue(
                name,
                f"the sheet cannot be read ({type(exc).__name__}: damaged XML)",
                "re-save it from Excel as .xlsx",
                ws.title,
            )
        ]


def read_xlsx(path: Path, name: str) -> RawFile:
    """The rows of a workbook's sheets as text, each with its sheet, row and column."""
    from openpyxl import load_workbook

    if problem := zip_problem(path, name):
        return refused(path, problem)
    try:
        wb = load_workbook(path, read_only=True, data_only=False, keep_vba=False)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return refused(
            path,
            Issue(
                name,
                f"the workbook cannot be read ({type(exc).__name__})",
                "re-save it from Excel as .xlsx",
            ),
        )
    issues: list[Issue] = []
    records: list[dict] = []
    any_content = False
    try:
        for ws in wb.worksheets:
            if register_kind(ws.title):
                any_content = True  # a register sheet: read by deliveries.register_read
                continue
            values, problems = visible_sheet_values(ws, name)
            issues += problems
            if values is None:
                continue
            if not any(_cell_text(v) for row in values for v in row):
                continue
            any_content = True
            more, sheet_issues = _sheet_records(values, name, ws.title)
            records += more
            issues += sheet_issues
    finally:
        wb.close()
    if not any_content and not issues:
        issues.append(
            Issue(name, "the workbook contains no data", "fill in the template, or remove the file")
        )
    return RawFile(path, pd.DataFrame(records, columns=ROW_COLUMNS), issues)


def _sheet_records(values: list[list], name: str, sheet: str) -> tuple[list[dict], list[Issue]]:
    first = [_cell_text(v) for v in values[0]] if values else []
    if all(c in first for c in LONG_COLUMNS):
        return _long_records(values, first, name, sheet)
    return _wide_records(values, name, sheet)


def _twice(header: list[str], names, name: str, sheet: str, row: int) -> Issue | None:
    from openpyxl.utils import get_column_letter

    for col in names:
        where = [i for i, h in enumerate(header) if h == col]
        if len(where) > 1:
            letters = " and ".join(get_column_letter(i + 1) for i in where)
            return Issue(
                name,
                f"the header names {col} more than once (columns {letters})",
                "keep one column of each name; the program does not choose between them",
                sheet,
                row,
                get_column_letter(where[1] + 1),
            )
    return None


def _long_records(values, first, name, sheet) -> tuple[list[dict], list[Issue]]:
    from openpyxl.utils import get_column_letter

    if problem := _twice(first, VALUE_COLUMNS, name, sheet, 1):
        return [], [problem]
    pos = {c: first.index(c) for c in VALUE_COLUMNS if c in first}
    cols = {
        f"_col_{k}": get_column_letter(pos[f] + 1) + f" ({f})"
        for k, f in (
            ("unit", "unit_code"),
            ("year", "year"),
            ("indicator", "indicator_id"),
            ("value", "value"),
        )
    }
    records = []
    for r, row in enumerate(values[1:], start=2):
        if not any(_cell_text(v) for v in row):
            continue
        rec = dict.fromkeys(VALUE_COLUMNS, "")
        rec.update({c: _cell_text(row[i]) if i < len(row) else "" for c, i in pos.items()})
        rec.update(_file=name, _sheet=sheet, _row=r, **cols)
        records.append(rec)
    return records, []


def _wide_records(values, name, sheet) -> tuple[list[dict], list[Issue]]:
    from openpyxl.utils import get_column_letter

    header_row = next(
        (i for i, row in enumerate(values) if row and _cell_text(row[0]) == HEADER_ID), None
    )
    if _cell_text(values[0][0] if values[0] else None) != "unit_code" or header_row is None:
        return [], [
            Issue(
                name,
                "wrong sheet layout: neither the long form (a header unit_code, year, indicator_id, value) nor the wide form of `luoyang template`",
                "use `luoyang template --unit CODE FILE.xlsx` and copy the figures into it",
                sheet,
                1,
                "A",
            )
        ]
    unit_code = _cell_text(values[0][1] if len(values[0]) > 1 else None)
    header = [_cell_text(v) for v in values[header_row]]
    year_cols = {c: t for c, t in enumerate(header) if re.fullmatch(r"\d{4}", t)}
    if not year_cols:
        fix = "keep the template's header row"
        return [], [
            Issue(
                name,
                "the header row has no year columns (2016, 2017, …)",
                fix,
                sheet,
                header_row + 1,
            )
        ]
    if problem := _twice(header, sorted(set(year_cols.values())), name, sheet, header_row + 1):
        return [], [problem]
    records, issues = [], []
    for r in range(header_row + 1, len(values)):
        row = values[r]
        ind = _cell_text(row[0] if row else None)
        if not ind:
            if any(_cell_text(row[c]) for c in year_cols if c < len(row)):
                fix = "write the indicator id in column A, or delete the figures"
                issues.append(
                    Issue(name, "figures in a row without an indicator id", fix, sheet, r + 1, "A")
                )
            continue
        for c, year in year_cols.items():
            v = _cell_text(row[c] if c < len(row) else None)
            if v == "":
                continue
            records.append(
                {
                    **dict.fromkeys(VALUE_COLUMNS, ""),
                    "unit_code": unit_code,
                    "year": year,
                    "indicator_id": ind,
                    "value": v,
                    "_file": name,
                    "_sheet": sheet,
                    "_row": r + 1,
                    "_col_unit": "B1",
                    "_col_year": f"{get_column_letter(c + 1)}{header_row + 1}",
                    "_col_indicator": "A",
                    "_col_value": f"{get_column_letter(c + 1)} ({year})",
                }
            )
    return records, issues
