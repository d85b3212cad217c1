"""files.py: the one place outputs are written (atomic, byte-repeatable)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from luoyang_analysis.files import FIXED_ZIP_TIME, fixed_zip_times


def _xlsx_saved_at(stamp: str) -> bytes:
    """An .xlsx as openpyxl writes it, with its core 'modified' property set to ``stamp``.

    openpyxl puts the time of saving there; two saves a second apart differ in it.
    """
    wb = Workbook()
    wb.active["A1"] = 1
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                start = body.index(b"<dcterms:modified")
                start = body.index(b">", start) + 1
                end = body.index(b"</dcterms:modified>")
                body = body[:start] + stamp.encode() + body[end:]
            dst.writestr(info, body)
    return out.getvalue()


def test_workbooks_saved_at_different_times_give_the_same_bytes():
    a = _xlsx_saved_at("2026-11-27T10:00:00Z")
    b = _xlsx_saved_at("2026-11-27T10:00:01Z")
    assert a != b  # as openpyxl writes them, they differ
    fa, fb = fixed_zip_times(a), fixed_zip_times(b)
    assert fa == fb
    core = zipfile.ZipFile(io.BytesIO(fa)).read("docProps/core.xml")
    # FIXED_ZIP_TIME is 2017-08-29 (the notice's date): the property says so too.
    assert b">2017-08-29T00:00:00Z</dcterms:modified>" in core
    assert FIXED_ZIP_TIME[:3] == (2017, 8, 29)
    assert all(i.date_time == FIXED_ZIP_TIME for i in zipfile.ZipFile(io.BytesIO(fa)).infolist())
