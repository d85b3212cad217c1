"""Property-based tests of the readers: read completely and exactly, or refuse with a location.

For any CSV bytes, and any sheet XML inside a valid workbook, a reader returns
rows or located problems; it never raises anything else. For CSV, every physical
line after the header is accounted for: as an observation that equals what the
csv module makes of that line alone, as a blank line, or inside a reported problem.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoyang_analysis.deliveries import raw
from luoyang_analysis.deliveries.records import VALUE_COLUMNS
from tests.helpers import xlsx_bytes

HEADER = "unit_code,year,indicator_id,value,source,note"
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
XLSX_FUZZ = settings(FUZZ, max_examples=60)

# Pieces that make CSV interesting: separators, quotes, every line ending, blanks, Chinese, BOM.
PIECES = st.sampled_from(
    [
        ",",
        '"',
        "\n",
        "\r",
        "\r\n",
        " ",
        "",
        "410323",
        "2017",
        "3",
        "3.5",
        "1e308",
        "统计局",
        "note",
        "\t",
        '""',
    ]
)
LINE = st.lists(PIECES, max_size=12).map("".join)


def physical_lines(text: str) -> list[str]:
    """The lines the csv module sees: split at \\r\\n, \\r or \\n (nothing else)."""
    parts = re.split(r"\r\n|\r|\n", text)
    return parts[:-1] if parts and parts[-1] == "" else parts


@FUZZ
@given(lines=st.lists(LINE, max_size=8), bom=st.booleans(), gbk=st.booleans())
def test_any_csv_is_read_exactly_or_refused_with_a_location(tmp_path_factory, lines, bom, gbk):
    text = HEADER + "\n" + "\n".join(lines)
    data = text.encode("gb18030" if gbk else "utf-8")
    data = (b"\xef\xbb\xbf" + data) if bom and not gbk else data
    path = tmp_path_factory.mktemp("fuzz") / "f.csv"
    path.write_bytes(data)
    rf = raw.read_file(path, "f.csv")  # anything but a return is a failure of the property
    for issue in rf.issues:
        assert issue.file == "f.csv" and issue.row is not None, issue
    physical = physical_lines(text)
    problem_rows = {i.row for i in rf.issues}
    got = {int(r["_row"]): r for r in rf.rows.to_dict("records")}
    blanks = 0
    for number, line in enumerate(physical[1:], start=2):
        fields = alone(line)
        if number in got:  # an observation: exactly the line's fields, stripped
            assert fields is not None
            row = got[number]
            expected = {
                c: (fields[i].strip() if i < len(fields) else "")
                for i, c in enumerate(VALUE_COLUMNS)
            }
            assert {c: row[c] for c in VALUE_COLUMNS} == expected
        elif fields is not None and not "".join(fields).strip():
            blanks += 1  # a blank line
        else:  # inside a reported problem: one that starts at or before this line
            assert problem_rows and min(problem_rows) <= number, (number, line, rf.issues)
    if not rf.issues:
        assert len(got) + blanks == len(physical) - 1


def alone(line: str) -> list[str] | None:
    """The fields of one physical line read by itself, or None if it is no complete record."""
    try:
        return next(csv.reader([line], strict=True), [])
    except csv.Error:
        return None


# Sheet XML: rows of cells with random references, types and values, and damage.
CELL = st.tuples(
    st.sampled_from(["A", "B", "C", "D", "E", "Z", "XFD", ""]),
    st.sampled_from(["1", "2", "3", "7", "1048576", "0", "x"]),
    st.sampled_from(["n", "s", "str", "inlineStr", "b", "e", "f"]),
    st.sampled_from(["1", "2017", "410323", "-1", "1e308", "inf", "nan", "", "abc", "<", "0"]),
)
ROW = st.tuples(
    st.sampled_from(["1", "2", "3", "5", "1048577", "", "x"]), st.lists(CELL, max_size=5)
)
DIMENSION = st.sampled_from(
    [
        "",
        '<dimension ref="A1"/>',
        '<dimension ref="A1:D3"/>',
        '<dimension ref="A1:XFD1048576"/>',
        '<dimension ref="ZZZ"/>',
    ]
)


BASE = xlsx_bytes({"data": [["unit_code", "year", "indicator_id", "value"]]})


def sheet_xml(dimension: str, rows, damage: bool) -> bytes:
    out = []
    for r, cells in rows:
        cs = []
        for col, num, kind, value in cells:
            if kind == "inlineStr":
                cs.append(f'<c r="{col}{num}" t="inlineStr"><is><t>{value}</t></is></c>')
            elif kind == "f":
                cs.append(f'<c r="{col}{num}"><f>SUM(A1)</f><v>{value}</v></c>')
            else:
                cs.append(f'<c r="{col}{num}" t="{kind}"><v>{value}</v></c>')
        out.append(f'<row r="{r}">' + "".join(cs) + "</row>")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension}<sheetData>{''.join(out)}</sheetData></worksheet>"
    )
    return (body[: len(body) // 2] if damage else body).encode()


@XLSX_FUZZ
@given(dimension=DIMENSION, rows=st.lists(ROW, max_size=5), damage=st.booleans())
def test_any_sheet_xml_is_read_or_refused_with_a_location(
    tmp_path_factory, dimension, rows, damage
):
    src = zipfile.ZipFile(io.BytesIO(BASE))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = sheet_xml(dimension, rows, damage)
            dst.writestr(info.filename, body)
    path = tmp_path_factory.mktemp("fuzz") / "f.xlsx"
    path.write_bytes(out.getvalue())
    rf = raw.read_file(path, "f.xlsx")
    for issue in rf.issues:
        assert issue.file == "f.xlsx", issue
        assert issue.sheet == "data" or "workbook" in issue.message, issue
    for row in rf.rows.to_dict("records"):
        assert row["_sheet"] == "data" and row["_row"] >= 1
