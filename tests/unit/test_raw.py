"""Reading raw files: encodings, file types, workbooks (long and wide form), formulas, layout.

Files that are not what their name says, formulas and broken layouts are bad
inputs too: each is refused through ``processed.build()`` with its file (and
sheet, row, column where there is one) while ``data/processed/`` stays
byte-identical. Workbooks are written by hand with openpyxl in each test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from luoyang_analysis.deliveries import processed, raw, validation
from luoyang_analysis.exceptions import DataError
from tests.helpers import refuse as refuse_delivery
from tests.helpers import where, xlsx_bytes

HEADER = "unit_code,year,indicator_id,value,source,note"
GOOD_DELIVERY = (
    HEADER
    + "\n410323,2017,capacity.coal_mines_closed,3,,\n410381,2018,techup.investment_share,35.5,,\n"
)
BAD = "data/raw/2019-06-30"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the start of every legacy .xls


@pytest.fixture
def project(root) -> Path:
    """A project root with one good delivery already processed."""
    good = root / "data" / "raw" / "2019-03-15"
    good.mkdir(parents=True)
    (good / "good.csv").write_text(GOOD_DELIVERY, encoding="utf-8")
    processed.build(good)
    return root


def refuse(root: Path, files: dict[str, str | bytes]) -> DataError:
    """Build a delivery holding ``files``; it must fail and leave data/processed/ untouched."""
    return refuse_delivery(root, files, GOOD_DELIVERY, BAD)


def wide(code, *indicator_rows: list) -> list[list]:
    """A hand-made wide-form sheet: A1 unit_code, B1 the code; header in row 3 with
    2016, 2017, 2018 in columns C, D, E; indicator rows from row 4."""
    return [
        ["unit_code", code, "新安县"],
        ["填报说明"],
        ["indicator_id", "指标名称 name", 2016, 2017, 2018],
        *indicator_rows,
    ]


# ---------------------------------------------------------------- encodings


def test_gb18030_csv_with_a_chinese_note_is_read(root):
    text = f"{HEADER}\n410323,2017,capacity.coal_mines_closed,3,新安县统计局,含复核验收的煤矿（洛阳）\n"
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = root / "gbk.csv"
    path.write_bytes(data)
    rf = raw.read_file(path)
    assert rf.issues == [] and rf.encoding == "gb18030"
    clean, issues = validation.validate(rf.rows)
    assert issues == []
    row = clean.iloc[0]
    assert (row["unit_code"], row["year"], row["indicator_id"], row["value"]) == (
        "410323",
        2017,
        "capacity.coal_mines_closed",
        3.0,
    )
    assert row["source"] == "新安县统计局"
    assert row["note"] == "含复核验收的煤矿（洛阳）"


def test_utf8_bom_csv_is_read(root):
    path = root / "bom.csv"
    path.write_bytes(f"{HEADER}\n410381,2018,green.green_parks,2,,注\n".encode("utf-8-sig"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rf = raw.read_file(path)
    assert rf.issues == [] and rf.encoding == "utf-8"
    clean, issues = validation.validate(rf.rows)
    assert issues == []
    assert clean[["unit_code", "year", "indicator_id", "value", "note"]].values.tolist() == [
        ["410381", 2018, "green.green_parks", 2.0, "注"]
    ]


def test_columns_may_come_in_any_order_and_source_note_are_optional(root):
    path = root / "order.csv"
    path.write_text(
        "value,indicator_id,year,unit_code\n7,green.green_parks,2019,410323\n", encoding="utf-8"
    )
    clean, issues = validation.validate(raw.read_file(path).rows)
    assert issues == []
    assert clean[["unit_code", "year", "indicator_id", "value"]].values.tolist() == [
        ["410323", 2019, "green.green_parks", 7.0]
    ]


def test_reading_never_changes_a_raw_file(root):
    path = root / "a.csv"
    data = f"{HEADER}\r\n410323,2017,capacity.coal_mines_closed,abc,,\r\n".encode()
    path.write_bytes(data)
    mtime = path.stat().st_mtime_ns
    validation.validate(raw.read_file(path).rows)
    assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime


# ---------------------------------------------------------------- bad inputs: file types


def file_type_cases() -> list[tuple]:
    return [
        ("binary-junk-named-csv", "junk.csv", bytes(range(256)) * 4, "binary file"),
        (
            "xlsx-named-csv",
            "sheet.csv",
            xlsx_bytes({"S": [["unit_code", "year", "indicator_id", "value"]]}),
            "zip/Excel file with a .csv name",
        ),
        (
            "latin1-text-csv",
            "latin1.csv",
            f"{HEADER}\n410323,2017,capacity.coal_mines_closed,3,,caf\xe9\xff\n".encode("latin-1"),
            "neither UTF-8 nor GBK/GB18030",
        ),
        ("text-named-xlsx", "text.xlsx", GOOD_DELIVERY.encode(), "not an Excel .xlsx workbook"),
        (
            "damaged-zip-named-xlsx",
            "broken.xlsx",
            b"PK\x03\x04" + b"\x00garbage" * 20,
            "the workbook cannot be read",
        ),
        (
            "macro-workbook-xlsm",
            "macro.xlsm",
            xlsx_bytes({"S": wide("410323", ["green.green_parks", None, 1])}),
            "files of type .xlsm are not accepted",
        ),
        (
            "legacy-xls",
            "old.xls",
            OLE2_MAGIC + b"\x00" * 504,
            "files of type .xls are not accepted",
        ),
    ]


@pytest.mark.parametrize(
    "name, content, words",
    [c[1:] for c in file_type_cases()],
    ids=[c[0] for c in file_type_cases()],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_naming_the_file(
    project, name, content, words
):
    err = refuse(project, {name: content})
    assert [where(i) for i in err.issues] == [(f"{BAD}/{name}", None, None, None)]
    assert str(err.issues[0]).startswith(f"{BAD}/{name}: ")
    assert words in err.issues[0].message and err.issues[0].fix


def test_lock_and_hidden_files_are_not_data(root):
    folder = root / "data" / "raw" / "2019-03-15"
    folder.mkdir(parents=True)
    for name in ("a.csv", "b.xlsx", "c.xlsm", "d.xls"):
        (folder / name).write_bytes(b"")
    for name in ("~$b.xlsx", ".hidden.csv", "README.md", "notes.txt"):
        (folder / name).write_bytes(b"junk")
    assert [p.name for p in raw.data_files(folder)] == ["a.csv", "b.xlsx", "c.xlsm", "d.xls"]


# ---------------------------------------------------------------- bad inputs: workbooks


def test_formula_cell_is_refused_naming_sheet_row_and_column(project):
    sheet = wide("410323", ["capacity.coal_mines_closed", "关闭煤矿", 2, "=C4+1"])
    err = refuse(project, {"formula.xlsx": xlsx_bytes({"410323": sheet})})
    formula = [i for i in err.issues if "formula" in i.message]
    assert [where(i) for i in formula] == [(f"{BAD}/formula.xlsx", "410323", 4, "D")]
    assert str(formula[0]).startswith(f"{BAD}/formula.xlsx, sheet 410323, row 4, column D: ")
    assert "paste as values" in formula[0].fix


def test_a_formula_outside_the_figures_is_refused_too(project):
    sheet = wide("410323", ["capacity.coal_mines_closed", '=HYPERLINK("http://x")', 2])
    err = refuse(project, {"formula.xlsx": xlsx_bytes({"410323": sheet})})
    assert [where(i) for i in err.issues] == [(f"{BAD}/formula.xlsx", "410323", 4, "B")]


def test_broken_wide_layout_is_refused_naming_the_sheet(project):
    good = wide("410323", ["capacity.coal_mines_closed", "关闭煤矿", 2])
    broken = [
        ["单位", "410325"],
        [None],
        ["indicator_id", "name", 2016],
        ["green.green_parks", "x", 1],
    ]
    err = refuse(project, {"layout.xlsx": xlsx_bytes({"410323": good, "嵩县": broken})})
    assert [where(i) for i in err.issues] == [(f"{BAD}/layout.xlsx", "嵩县", 1, "A")]
    assert "wrong sheet layout" in err.issues[0].message
    assert "luoyang template" in err.issues[0].fix


def test_wide_header_without_year_columns_is_refused(project):
    sheet = [
        ["unit_code", "410323"],
        [None],
        ["indicator_id", "name", "2016年", "2017年"],
        ["green.green_parks", "x", 1, 2],
    ]
    err = refuse(project, {"years.xlsx": xlsx_bytes({"410323": sheet})})
    assert [where(i) for i in err.issues] == [(f"{BAD}/years.xlsx", "410323", 3, None)]
    assert "no year columns" in err.issues[0].message


def test_wide_form_unknown_indicator_row_is_refused(project):
    sheet = wide(
        "410323",
        ["capacity.motors_retired", "淘汰电机", 2, 1],
        ["capacity.motor_retired", "淘汰电机", None, 3],
    )
    err = refuse(project, {"wide.xlsx": xlsx_bytes({"410323": sheet})})
    assert [where(i) for i in err.issues] == [(f"{BAD}/wide.xlsx", "410323", 5, "A")]
    assert "did you mean capacity.motors_retired?" in err.issues[0].message


def test_wide_form_value_not_a_number_names_sheet_row_and_year_column(project):
    sheet = wide(
        "410323",
        ["capacity.motors_retired", "淘汰电机", 2, 1, 4],
        ["green.green_parks", "绿色园区", None, "2个", 1],
    )
    err = refuse(project, {"wide.xlsx": xlsx_bytes({"410323": sheet})})
    assert [where(i) for i in err.issues] == [(f"{BAD}/wide.xlsx", "410323", 5, "D (2017)")]
    assert str(err.issues[0]).startswith(
        f"{BAD}/wide.xlsx, sheet 410323, row 5, column D (2017): value '2个'"
    )


def test_wide_form_unknown_unit_code_names_cell_b1(project):
    sheet = wide("4103233", ["capacity.coal_mines_closed", "关闭煤矿", 2])
    err = refuse(project, {"wide.xlsx": xlsx_bytes({"S1": sheet})})
    assert [where(i) for i in err.issues] == [(f"{BAD}/wide.xlsx", "S1", 4, "B1")]
    assert "did you mean 410323?" in err.issues[0].message


def test_wide_form_is_read_with_the_sheet_row_and_year_of_every_value(root):
    sheet = wide(
        410323,  # a number in B1, as Excel stores it
        ["capacity.coal_mines_closed", "关闭煤矿", 2, None, 4.0],
        [None],
        ["techup.investment_share", "投资占比", 35.5, 36.25, None],
    )
    path = root / "wide.xlsx"
    path.write_bytes(xlsx_bytes({"新安县": sheet, "empty": []}))
    rf = raw.read_file(path)
    assert rf.issues == []
    clean, issues = validation.validate(rf.rows)
    assert issues == []
    cols = ["unit_code", "year", "indicator_id", "value", "_sheet", "_row", "_col_value"]
    got = [tuple(r) for r in clean[cols].itertuples(index=False)]
    assert sorted(got) == [
        ("410323", 2016, "capacity.coal_mines_closed", 2.0, "新安县", 4, "C (2016)"),
        ("410323", 2016, "techup.investment_share", 35.5, "新安县", 6, "C (2016)"),
        ("410323", 2017, "techup.investment_share", 36.25, "新安县", 6, "D (2017)"),
        ("410323", 2018, "capacity.coal_mines_closed", 4.0, "新安县", 4, "E (2018)"),
    ]


# ---------------------------------------------------------------- bugs found and fixed


LONG_SHEET = [
    ["unit_code", "year", "indicator_id", "value", "source", "note"],
    [410323, 2017, "capacity.coal_mines_closed", 3, "新安县统计局", None],
    [410381, 2018, "techup.investment_share", 0.35, None, None],
]


def test_long_form_xlsx_is_read_with_sheet_row_and_column(root):
    path = root / "long.xlsx"
    path.write_bytes(xlsx_bytes({"数据": LONG_SHEET}))
    rf = raw.read_file(path)
    assert rf.issues == []
    clean, issues = validation.validate(rf.rows)
    assert [(i.sheet, i.row, i.column) for i in issues] == [("数据", 3, "D (value)")]
    assert clean[["unit_code", "year", "indicator_id", "value", "source"]].values.tolist() == [
        ["410323", 2017, "capacity.coal_mines_closed", 3.0, "新安县统计局"]
    ]


def test_formula_in_a_long_form_sheet_is_refused_as_data_error(project):
    sheet = [LONG_SHEET[0], [410323, 2017, "capacity.coal_mines_closed", "=1+2", None, None]]
    err = refuse(project, {"long.xlsx": xlsx_bytes({"数据": sheet})})
    assert (f"{BAD}/long.xlsx", "数据", 2, "D") in [where(i) for i in err.issues]


def test_a_formula_is_one_problem_not_two(project):
    sheet = wide("410323", ["capacity.coal_mines_closed", "关闭煤矿", 2, "=C4+1"])
    err = refuse(project, {"formula.xlsx": xlsx_bytes({"410323": sheet})})
    assert len(err.issues) == 1
