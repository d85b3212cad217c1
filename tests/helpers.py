"""Helpers shared by the test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import io
import math
import sys
import traceback
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from pypdf import PdfReader

from luoyang_analysis import gaps
from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.gaps import GAP_COLUMNS


def obs(*series) -> pd.DataFrame:
    """Observations from (unit, data indicator id, {year: value}) triples."""
    rows = [(u, y, i, float(v)) for u, i, vals in series for y, v in vals.items()]
    return pd.DataFrame(rows, columns=["unit_code", "year", "indicator_id", "value"])


def row(observations, indicator, year, unit=CITY_CODE, **kw) -> pd.Series:
    """The gap row of one indicator, unit and year."""
    frame = gaps.compute_gaps(observations, unit, year, **kw)
    hit = frame[frame["indicator_id"] == indicator]
    assert len(hit) == 1, indicator
    return hit.iloc[0]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """``luoyang *argv`` in this process: (exit status, stdout, stderr) as a user would see them.

    An exception escaping ``cli.main`` is printed to stderr and gives status 1,
    as the interpreter does at the top level; without that, the tests' check
    that stderr holds no "Traceback" could never fail in-process (the exception
    would abort the test before it).
    """
    from luoyang_analysis.cli import main

    try:
        code = main(list(argv))
    except Exception:
        traceback.print_exc(file=sys.stderr)
        code = 1
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under <root>/data/processed with its bytes, to prove nothing changed."""
    folder = root / "data" / "processed"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def where(issue) -> tuple:
    """The location an Issue names: (file, sheet, row, column)."""
    return (issue.file, issue.sheet, issue.row, issue.column)


def xlsx_bytes(sheets: dict[str, list[list]], states: dict[str, str] | None = None) -> bytes:
    """A workbook with the given sheets, each a list of rows from A1 (None = empty cell);
    ``states`` makes a sheet ``hidden`` or ``veryHidden``."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        ws.sheet_state = (states or {}).get(title, "visible")
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def embedded_fonts(path: Path) -> set[str]:
    """Base names of the composite fonts whose font file is embedded in a PDF."""
    fonts = set()
    for page in PdfReader(path).pages:
        for f in (page.get("/Resources") or {}).get("/Font", {}).values():
            font = f.get_object()
            desc = font.get("/DescendantFonts")
            if desc:
                d = desc[0].get_object().get("/FontDescriptor").get_object()
                if any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    fonts.add(str(font["/BaseFont"]))
    return fonts


def refuse(root: Path, files: dict[str, str | bytes], good: str, bad: str = "data/raw/2019-06-30"):
    """Build a delivery of ``good`` plus ``files``: it must raise DataError, every issue must be
    in the message, and data/processed/ must be left byte-identical. Returns the DataError."""
    import pytest

    from luoyang_analysis.deliveries import processed
    from luoyang_analysis.exceptions import DataError

    folder = root / bad
    folder.mkdir(parents=True)
    (folder / "good.csv").write_text(good, encoding="utf-8")  # good files do not hide bad ones
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    before = snapshot(root)
    assert before
    with pytest.raises(DataError) as exc:
        processed.build(folder)
    assert snapshot(root) == before
    assert not (root / "data" / "processed" / Path(bad).name).exists()
    for issue in exc.value.issues:
        assert str(issue) in str(exc.value)
    return exc.value


def gap_table(rows: list[dict]) -> pd.DataFrame:
    """A hand-made gap table in the engine's columns: the values given, NaN or "" elsewhere."""
    text = {
        "indicator_id", "plan", "plan_name_zh", "name_zh", "name_en", "unit_of_measure",
        "unit_of_measure_en", "measure", "unit_code", "unit_name_zh", "unit_name_en",
        "target_kind", "target_source", "comparison", "accumulation", "actual_basis", "status",
        "status_zh", "status_en", "expected_basis", "responsible_units", "note", "note_en",
        "alt_reading", "alt_status", "alt_status_zh", "alt_status_en",
    }  # fmt: skip
    blank = {c: ("" if c in text else math.nan) for c in GAP_COLUMNS}
    blank["reading_sensitive"] = False
    unknown = {k for r in rows for k in r} - set(GAP_COLUMNS)
    assert not unknown, f"not gap columns: {sorted(unknown)}"
    return pd.DataFrame([{**blank, **r} for r in rows], columns=GAP_COLUMNS)


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_rows(html: str) -> list[list[str]]:
    """The text of each cell of each table row (header rows included), entities decoded."""
    parser = _Cells()
    parser.feed(html)
    return parser.rows
