"""Reading the registers of a delivery exactly as received, with the location of every cell.

A register is a CSV file or an ``.xlsx`` sheet whose name ends in its kind
(``enterprises``, ``recognitions``, ``projects``, ``retirements``; see
:mod:`luoyang_analysis.deliveries.register_contract`). The header row is the
first row and names the columns by id (``uscc``) or Chinese label (统一社会信用代码).
Several files of one kind (one per county, say) are read together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from luoyang_analysis.deliveries.csv_reader import decode_file, table_by_line
from luoyang_analysis.deliveries.raw import Issue, data_files, file_problem
from luoyang_analysis.deliveries.register_contract import REGISTERS, register_kind
from luoyang_analysis.deliveries.xlsx_reader import (
    merged_ranges,
    visible_sheet_values,
    zip_problem,
)
from luoyang_analysis.provenance import display_path as _label

LOCATION = ("_file", "_sheet", "_row", "_cols")


@dataclass
class RawRegisters:
    """The rows of each register kind as text, with their locations, and the problems met reading."""

    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)  # a header without rows
    files: list[Path] = field(default_factory=list)
    unread: set[str] = field(default_factory=set)  # kinds with a file that could not be read


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_ids(kind: str) -> dict[str, str]:
    """Header text -> column id, for ids and Chinese labels alike."""
    out = {}
    for col in REGISTERS[kind]:
        out[col.id] = col.id
        out[col.label("zh")] = col.id
    return out


def _records(
    kind: str, table: list[list], name: str, sheet: str | None, letters: bool
) -> tuple[list[dict], list[Issue]]:
    """Rows of one table (first row the header) as dicts of column id -> text."""
    from openpyxl.utils import get_column_letter

    if not table or not any(_text(v) for v in table[0]):
        fix = "the first row names the columns: " + ",".join(c.id for c in REGISTERS[kind])
        return [], [Issue(name, f"the {kind} register has no header row", fix, sheet, 1)]
    known = _header_ids(kind)
    header = [_text(v) for v in table[0]]
    pos: dict[str, int] = {}
    issues = []
    for i, h in enumerate(header):
        if not h:
            continue
        if known.get(h) in pos:  # by id or label: the program does not choose between them
            first = pos[known[h]]
            issues.append(
                Issue(
                    name,
                    f"the column {known[h]} is named twice in the {kind} register"
                    f" ({header[first]!r} and {h!r})",
                    "keep one of the two columns; the program does not choose between them",
                    sheet,
                    1,
                    get_column_letter(i + 1) if letters else h,
                )
            )
        elif h not in known:
            issues.append(
                Issue(
                    name,
                    f"unknown column {h!r} in the {kind} register",
                    f"use `luoyang template --register {kind}`; columns: "
                    + ",".join(c.id for c in REGISTERS[kind]),
                    sheet,
                    1,
                    get_column_letter(i + 1) if letters else h,
                )
            )
        else:
            pos[known[h]] = i
    missing = [c.id for c in REGISTERS[kind] if c.required and c.id not in pos]
    if missing:
        issues.append(
            Issue(
                name,
                f"missing column(s) {', '.join(missing)} in the {kind} register",
                f"add them to the header row (see `luoyang template --register {kind}`)",
                sheet,
                1,
            )
        )
    if issues:
        return [], issues
    cols = {
        c: (f"{get_column_letter(i + 1)} ({c})" if letters else header[i]) for c, i in pos.items()
    }
    out = []
    for r, row in enumerate(table[1:], start=2):
        if not any(_text(v) for v in row):
            continue
        rec = {c: (_text(row[i]) if i < len(row) else "") for c, i in pos.items()}
        for c in REGISTERS[kind]:
            rec.setdefault(c.id, "")
        rec.update(_file=name, _sheet=sheet, _row=r, _cols=cols)
        out.append(rec)
    return out, issues


def _no_rows(kind: str, name: str, sheet: str | None) -> Issue:
    """A register with its header only: read as an empty register, which may be meant or
    a file saved before it was filled in; said once, not an error."""
    where = "file" if sheet is None else "sheet"
    fix = f"leave the {where} out if the register is not delivered"
    return Issue(name, f"no rows: the {kind} register holds its header only", fix, sheet)


def _merged(kind: str, name: str, sheet: str, ref: str) -> Issue:
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    col, row, _, _ = range_boundaries(ref)
    return Issue(
        name,
        f"merged cell {ref}: a register has one header row and one value in each cell",
        "unmerge the cells and put the column names on row 1, with no title row above"
        f" (see `luoyang template --register {kind}`)",
        sheet,
        row,
        get_column_letter(col),
    )


def _read_csv(path: Path, kind: str) -> tuple[list[dict], list[Issue], list[Issue]]:
    text, _, problem = decode_file(path, _label(path))
    if problem:
        return [], [problem], []
    table, issues = table_by_line(text, _label(path))
    recs, more = _records(kind, table, _label(path), None, letters=False)
    empty = [] if recs or issues or more else [_no_rows(kind, _label(path), None)]
    return recs, issues + more, empty


def _sheet_records(ws, kind: str, name: str) -> tuple[list[dict], list[Issue], list[Issue]]:
    """One register sheet: its records, its problems, and the warning of a header alone."""
    values, problems = visible_sheet_values(ws, name)
    if values is None or not any(_text(v) for row in values for v in row):
        return [], problems, []
    if merged := merged_ranges(ws):  # a title row above the header, a header over two columns
        return [], problems + [_merged(kind, name, ws.title, ref) for ref in merged], []
    # A formula is reported once (sheet_values): its row is not read, as it would say
    # again that the cell is empty; a formula in the header leaves nothing to read.
    formulas = {i.row for i in problems}
    if 1 in formulas:
        return [], problems, []
    values = [[] if r in formulas else row for r, row in enumerate(values, start=1)]
    recs, more = _records(kind, values, name, ws.title, letters=True)
    empty = [] if recs or problems or more else [_no_rows(kind, name, ws.title)]
    return recs, problems + more, empty


def _read_xlsx(
    path: Path, file_kind: str | None
) -> tuple[dict[str, list[dict]], list[Issue], list[Issue]]:
    """Register sheets of a workbook: every sheet of a register-named file, else sheets named by kind."""
    from openpyxl import load_workbook

    name = _label(path)
    if problem := zip_problem(path, name):  # a workbook not named as a register: reported there
        return {}, [problem] if file_kind else [], []
    try:
        wb = load_workbook(path, read_only=True, data_only=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        if file_kind is None:  # not named as a register: the observations' reader reports it
            return {}, [], []
        issue = Issue(
            name, f"the workbook cannot be read ({type(exc).__name__})", "re-save as .xlsx"
        )
        return {}, [issue], []
    found: dict[str, list[dict]] = {}
    issues: list[Issue] = []
    warnings: list[Issue] = []
    try:
        for ws in wb.worksheets:
            kind = register_kind(ws.title) or file_kind
            if kind is None:
                continue
            recs, problems, empty = _sheet_records(ws, kind, name)
            if recs or empty:
                found.setdefault(kind, []).extend(recs)
            issues += problems
            warnings += empty
    finally:
        wb.close()
    if file_kind and not found and not issues:  # as a 0-byte CSV: not even a header row
        fix = "fill in `luoyang template --register " + file_kind + "`, or remove the file"
        issues.append(Issue(name, f"the workbook holds no {file_kind} register", fix))
    return found, issues, warnings


def read_table_file(path: Path, name: str | None = None) -> tuple[list[list], list[Issue]]:
    """The cells of one table file given on the command line (a CSV, or a workbook's first
    sheet), read under the rules of a delivery's files; row ``i`` of the result is line ``i + 1``.
    ``name``: how problems name the file (default: its display path)."""
    name = name or _label(path)
    if problem := file_problem(path, name):
        return [], [problem]
    if path.suffix.lower() == ".csv":
        text, _, problem = decode_file(path, name)
        return table_by_line(text, name) if problem is None else ([], [problem])
    from openpyxl import load_workbook

    if problem := zip_problem(path, name):
        return [], [problem]
    wb = load_workbook(path, read_only=True, data_only=False, keep_vba=False)
    try:
        values, issues = visible_sheet_values(wb.worksheets[0], name)
    finally:
        wb.close()
    return [[_text(v) for v in row] for row in values or []], issues


def read_registers(data: Path) -> RawRegisters:
    """Every register file and sheet of a delivery, as text, with the problems met reading."""
    out = RawRegisters()
    collected: dict[str, list[dict]] = {k: [] for k in REGISTERS}
    stems: dict[tuple, Path] = {}
    for path in data_files(data):
        kind = register_kind(path.stem)
        suffix = path.suffix.lower()
        # a link is named as delivered, not by what it points to
        if problem := file_problem(path, f"{_label(path.parent)}/{path.name}"):
            if kind:  # otherwise the observations' reader refuses it
                out.files.append(path)
                out.issues.append(problem)
            continue
        if kind and (twin := stems.setdefault((path.parent, path.stem.lower()), path)) != path:
            # projects.csv beside projects.xlsx: a copy, or two versions; either way one is wrong
            fix = "keep one of the two files (the program does not choose between them)"
            out.issues.append(
                Issue(_label(path), f"the {kind} register is also given as {twin.name}", fix)
            )
            continue
        if suffix == ".csv" and kind:
            recs, issues, warnings = _read_csv(path, kind)
            collected[kind] += recs
        elif suffix == ".xlsx":
            found, issues, warnings = _read_xlsx(path, kind)
            for k, recs in found.items():
                collected[k] += recs
            if not found and not issues:
                continue
        else:
            continue
        out.files.append(path)
        out.issues += issues
        out.warnings += warnings
        # A kind with a problem is not whole: other registers are not checked against it.
        out.unread |= {register_kind(i.sheet or "") or kind for i in issues} - {None}
    for kind, recs in collected.items():
        cols = [c.id for c in REGISTERS[kind]] + list(LOCATION)
        out.rows[kind] = pd.DataFrame(recs, columns=cols)
    return out
