"""Reading raw statistics files exactly as received, with the location of every value.

Accepted: CSV (UTF-8, UTF-8 with BOM, or GB18030/GBK as written by Chinese Excel,
which is detected) and ``.xlsx`` in the long form (``unit_code, year,
indicator_id, value`` [, ``source``, ``note``]) or the wide form written by
``luoyang template`` (see :mod:`luoyang_analysis.workbook`). A file that is not
what its name says is refused. Nothing here changes a file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from luoyang_analysis.deliveries.register_contract import register_kind
from luoyang_analysis.deliveries.template import HEADER_ID, LONG_COLUMNS

DATA_SUFFIXES = (".csv", ".xlsx")
LOCATION_COLUMNS = (
    "_file",
    "_sheet",
    "_row",
    "_col_unit",
    "_col_year",
    "_col_indicator",
    "_col_value",
)
VALUE_COLUMNS = ("unit_code", "year", "indicator_id", "value", "source", "note")
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Issue:
    """One problem in a raw file, with where it is and what to do."""

    file: str
    message: str
    fix: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return ", ".join(where) + f": {self.message}" + (f" — {self.fix}" if self.fix else "")


@dataclass
class RawFile:
    """The observations of one file (as text, unvalidated), plus problems found while reading."""

    path: Path
    rows: pd.DataFrame
    issues: list[Issue]
    encoding: str | None = None


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(VALUE_COLUMNS + LOCATION_COLUMNS))


def _label(path: Path) -> str:
    from luoyang_analysis.provenance import display_path

    return display_path(path)


def decode_csv(path: Path) -> tuple[str | None, str | None, Issue | None]:
    """The text of a CSV file and its encoding, or the problem that stops it being read."""
    name = _label(path)
    data = path.read_bytes()
    if data.startswith(_ZIP_MAGIC):
        return (
            None,
            None,
            Issue(
                name,
                "this is a zip/Excel file with a .csv name",
                "save it as CSV, or rename it to .xlsx",
            ),
        )
    if b"\x00" in data[:4096]:
        return (
            None,
            None,
            Issue(name, "this is a binary file, not CSV text", "export the sheet as CSV (UTF-8)"),
        )
    try:
        return data.decode("utf-8-sig"), "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030", None
    except UnicodeDecodeError:
        return (
            None,
            None,
            Issue(
                name,
                "the file is neither UTF-8 nor GBK/GB18030 text",
                "save it from Excel as 'CSV UTF-8'",
            ),
        )


def read_csv(path: Path) -> RawFile:
    name = _label(path)
    text, encoding, problem = decode_csv(path)
    if problem:
        return RawFile(path, _empty(), [problem])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return RawFile(
            path,
            _empty(),
            [
                Issue(
                    name, "the file is empty", "add a header row: unit_code,year,indicator_id,value"
                )
            ],
            encoding,
        )
    missing = [c for c in LONG_COLUMNS if c not in header]
    if missing:
        return RawFile(
            path,
            _empty(),
            [
                Issue(
                    name,
                    f"missing column(s) {', '.join(missing)} in the header {header}",
                    "the header must be unit_code,year,indicator_id,value[,source,note]",
                    row=1,
                )
            ],
            encoding,
        )
    pos = {c: header.index(c) for c in VALUE_COLUMNS if c in header}
    records = []
    extra_issues: list[Issue] = []
    for lineno, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) > len(header):
            extra_issues.append(
                Issue(
                    name,
                    f"this row has {len(fields)} fields but the header has {len(header)}",
                    "quote text that contains commas, and write numbers without thousands separators",
                    row=lineno,
                )
            )
            continue
        rec = {c: (fields[i].strip() if i < len(fields) else "") for c, i in pos.items()}
        rec.update(
            _file=name,
            _sheet=None,
            _row=lineno,
            _col_unit="unit_code",
            _col_year="year",
            _col_indicator="indicator_id",
            _col_value="value",
        )
        records.append(rec)
    return RawFile(
        path,
        pd.DataFrame(records, columns=list(VALUE_COLUMNS + LOCATION_COLUMNS)),
        extra_issues,
        encoding,
    )


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def sheet_values(ws, name: str, issues: list[Issue]) -> list[list]:
    """The cell values of a sheet; a formula is reported in ``issues`` and read as empty."""
    from openpyxl.utils import get_column_letter

    grid = [list(r) for r in ws.iter_rows()]
    values = [[c.value for c in r] for r in grid]
    for r, row in enumerate(grid, start=1):
        for c, cell in enumerate(row, start=1):
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(cell.value, str) and cell.value.startswith("=")
            ):
                values[r - 1][c - 1] = None  # reported once, as a formula; never read
                issues.append(
                    Issue(
                        name,
                        "a formula is not accepted (spreadsheets are data, never code)",
                        "replace it with its value (paste as values)",
                        ws.title,
                        r,
                        get_column_letter(c),
                    )
                )
    return values


def read_xlsx(path: Path) -> RawFile:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    name = _label(path)
    with path.open("rb") as fh:
        if fh.read(4) != _ZIP_MAGIC:
            return RawFile(
                path,
                _empty(),
                [
                    Issue(
                        name,
                        "this is not an Excel .xlsx workbook",
                        "open it in Excel and save as .xlsx, or export CSV",
                    )
                ],
            )
    try:
        wb = load_workbook(path, read_only=True, data_only=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return RawFile(
            path,
            _empty(),
            [
                Issue(
                    name,
                    f"the workbook cannot be read ({type(exc).__name__})",
                    "re-save it from Excel as .xlsx",
                )
            ],
        )
    issues: list[Issue] = []
    records: list[dict] = []
    any_content = False
    try:
        for ws in wb.worksheets:
            if register_kind(ws.title):
                any_content = True  # a register sheet: read by deliveries.registers
                continue
            values = sheet_values(ws, name, issues)
            if not any(v is not None and str(v).strip() for row in values for v in row):
                continue
            any_content = True
            first = [_cell_text(v) for v in (values[0] if values else [])]
            if all(c in first for c in LONG_COLUMNS):
                pos = {c: first.index(c) for c in VALUE_COLUMNS if c in first}
                for r, row in enumerate(values[1:], start=2):
                    if not any(_cell_text(v) for v in row):
                        continue
                    rec = {c: _cell_text(row[i]) if i < len(row) else "" for c, i in pos.items()}
                    rec.update(
                        _file=name,
                        _sheet=ws.title,
                        _row=r,
                        **{
                            f"_col_{k}": get_column_letter(pos[f] + 1) + f" ({f})"
                            for k, f in (
                                ("unit", "unit_code"),
                                ("year", "year"),
                                ("indicator", "indicator_id"),
                                ("value", "value"),
                            )
                        },
                    )
                    records.append(rec)
                continue
            header_row = next(
                (i for i, row in enumerate(values) if row and _cell_text(row[0]) == HEADER_ID), None
            )
            if _cell_text(values[0][0] if values[0] else None) != "unit_code" or header_row is None:
                issues.append(
                    Issue(
                        name,
                        "wrong sheet layout: neither the long form (a header unit_code, year, indicator_id, value) nor the wide form of `luoyang template`",
                        "use `luoyang template --unit CODE FILE.xlsx` and copy the figures into it",
                        ws.title,
                        1,
                        "A",
                    )
                )
                continue
            unit_code = _cell_text(values[0][1] if len(values[0]) > 1 else None)
            year_cols = {}
            for c, v in enumerate(values[header_row]):
                t = _cell_text(v)
                if re.fullmatch(r"\d{4}", t):
                    year_cols[c] = t
            if not year_cols:
                issues.append(
                    Issue(
                        name,
                        "the header row has no year columns (2016, 2017, …)",
                        "keep the template's header row",
                        ws.title,
                        header_row + 1,
                    )
                )
                continue
            for r in range(header_row + 1, len(values)):
                row = values[r]
                ind = _cell_text(row[0] if row else None)
                if not ind:
                    continue
                for c, year in year_cols.items():
                    v = _cell_text(row[c] if c < len(row) else None)
                    if v == "":
                        continue
                    records.append(
                        {
                            "unit_code": unit_code,
                            "year": year,
                            "indicator_id": ind,
                            "value": v,
                            "source": "",
                            "note": "",
                            "_file": name,
                            "_sheet": ws.title,
                            "_row": r + 1,
                            "_col_unit": "B1",
                            "_col_year": f"{get_column_letter(c + 1)}{header_row + 1}",
                            "_col_indicator": "A",
                            "_col_value": f"{get_column_letter(c + 1)} ({year})",
                        }
                    )
    finally:
        wb.close()
    if not any_content:
        issues.append(
            Issue(name, "the workbook contains no data", "fill in the template, or remove the file")
        )
    return RawFile(
        path, pd.DataFrame(records, columns=list(VALUE_COLUMNS + LOCATION_COLUMNS)), issues
    )


def read_file(path: Path) -> RawFile:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xlsx":
        return read_xlsx(path)
    fix = (
        "save macro-free as .xlsx" if suffix in (".xlsm", ".xls", ".xlsb") else "use .csv or .xlsx"
    )
    return RawFile(
        path,
        _empty(),
        [Issue(_label(path), f"files of type {suffix or '(none)'} are not accepted", fix)],
    )


def data_files(path: Path) -> list[Path]:
    """The data files of a vintage directory (or the file itself), in name order."""
    path = Path(path)
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.suffix.lower() in DATA_SUFFIXES + (".xlsm", ".xls")
        and not p.name.startswith((".", "~$"))
    )


_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def vintages(raw_dir: Path) -> list[Path]:
    """Deliveries kept side by side under data/raw/: dated folders (YYYY-MM-DD) oldest first, then 'sample'."""
    if not raw_dir.is_dir():
        return []
    dated = sorted(p for p in raw_dir.iterdir() if p.is_dir() and _DATED.match(p.name))
    sample = [raw_dir / "sample"] if (raw_dir / "sample").is_dir() else []
    return dated + sample


def newest_vintage(raw_dir: Path) -> Path | None:
    """The newest dated delivery; the bundled sample when there is none."""
    dated = [p for p in vintages(raw_dir) if _DATED.match(p.name)]
    if dated:
        return dated[-1]
    return raw_dir / "sample" if (raw_dir / "sample").is_dir() else None
