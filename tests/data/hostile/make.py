"""Writes the small hostile files of this folder (run from the checkout: python tests/data/hostile/make.py).

Each file is one way a delivery went wrong in issue #11; tests/unit/test_hostile.py
uses them. Large ones (a million rows, a 131,073-character note, a deflate bomb)
are generated inside the tests instead of being kept here.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Run as a script from the checkout: the one workbook builder of the tests is in tests/helpers.py.
sys.path.insert(0, str(HERE.parents[2]))

from tests.helpers import xlsx_bytes as _xlsx  # noqa: E402

H = "unit_code,year,indicator_id,value,source,note"
COAL = "capacity.coal_mines_closed"
SHARE = "techup.investment_share"


def _patch_sheet(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed by ``change(xml) -> xml``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            dst.writestr(info.filename, body)
    return out.getvalue()


LONG = [["unit_code", "year", "indicator_id", "value"]]
SIX = [
    [code, 2017, COAL, n]
    for n, code in enumerate(["410322", "410323", "410324", "410325", "410326", "410327"], 1)
]

FILES: dict[str, bytes] = {
    # 2: six data rows, the <dimension> says A1:D3 (two).
    "understated_dimension.xlsx": _patch_sheet(
        _xlsx({"data": LONG + SIX}),
        lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:D3"', x),
    ),
    # 3: a quote opened in row 2's note, never closed: rows 3 and 4 would become note text.
    "unterminated_quote.csv": (
        f'{H}\n410323,2017,{COAL},3,,"never closed\n410381,2018,{SHARE},35.5,,\n410322,2017,{COAL},2,,\n'
    ).encode(),
    # 3: a stray quote in row 2 closed in row 4: rows 3 and 4 would become note text; row 5 is good.
    "stray_quote.csv": (
        f'{H}\n410323,2017,{COAL},3,,"opened\n410381,2018,{SHARE},35.5,,\n410322,2017,{COAL},2,,closed"\n410324,2017,{COAL},1,,\n'
    ).encode(),
    # 4: a lone CR inside a quoted note.
    "lone_cr.csv": f'{H}\n410323,2017,{COAL},3,,"first\rsecond"\n'.encode(),
    # 5: other encodings GB18030 would decode into mojibake.
    "big5.csv": f"{H}\n410323,2017,{COAL},3,統計局來源,\n".encode("big5"),
    "shift_jis.csv": f"{H}\n410323,2017,{COAL},3,統計局來源,\n".encode("shift_jis"),
    "cp1252.csv": f"{H}\n410323,2017,{COAL},3,Müller Zürich,\n".encode("cp1252"),
    "mixed_utf8_gbk.csv": (
        f"{H}\n".encode()
        + f"410323,2017,{COAL},3,新安县统计局,\n".encode()
        + f"410381,2018,{SHARE},35.5,偃师市统计局,\n".encode("gbk")
    ),
    # 6: the value column twice, absurd numbers.
    "duplicate_value.csv": f"unit_code,year,indicator_id,value,value\n410323,2017,{COAL},3,30\n".encode(),
    "duplicate_value.xlsx": _xlsx(
        {
            "data": [
                ["unit_code", "year", "indicator_id", "value", "value"],
                ["410323", 2017, COAL, 3, 30],
            ]
        }
    ),
    "absurd_values.csv": (
        f"{H}\n410323,2017,{COAL},1e308,,\n410322,2017,{COAL},inf,,\n410324,2017,{COAL},nan,,\n"
    ).encode(),
    "hidden_sheet.xlsx": _xlsx(
        {"shown": LONG + SIX[:1], "hidden": LONG + SIX[1:2], "very": LONG + SIX[2:3]},
        {"hidden": "hidden", "very": "veryHidden"},
    ),
    "allocations_negative_inf.csv": (
        b"unit_code,indicator_id,year,target_value\n410381,smart.smart_factories,2018,-3\n"
        b"410322,smart.smart_factories,2018,inf\n410323,smart.smart_factories,2018,nan\n"
    ),
    # 7: a 5 KB workbook whose sheet declares every cell of Excel's grid.
    "declared_whole_grid.xlsx": _patch_sheet(
        _xlsx({"data": LONG + SIX[:1]}),
        lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x).replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>',
        ),
    ),
    # 7: no dimension, one cell in the last column: openpyxl would pad 16,384 cells per row.
    "far_column.xlsx": _patch_sheet(
        _xlsx({"data": LONG + SIX[:1]}),
        lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b"", x).replace(
            b"</sheetData>", b'<row r="3"><c r="XFD3" t="n"><v>1</v></c></row></sheetData>'
        ),
    ),
    # 9: damaged sheet XML inside a valid zip.
    "malformed_sheet.xlsx": _patch_sheet(
        _xlsx({"data": LONG + SIX}), lambda x: x.replace(b"</row>", b"</rowx>", 3)
    ),
    "allocations_gbk.csv": "unit_code,indicator_id,year,target_value\n410381,smart.smart_factories,2018,3 个\n".encode(
        "gbk"
    ),
    "allocations_not_csv.csv": _xlsx({"a": [["x"]]}),
}


if __name__ == "__main__":
    for name, data in FILES.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
