"""Register files as analysts really deliver them: each bad file is refused with one located
line (file, sheet, row, column, fix), never a traceback, a silently dropped row or a row read
twice. The delivery is tests/register_fixtures.py; line numbers are counted by hand."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from luoyang_analysis.cli import main
from luoyang_analysis.deliveries.projects import read_projects
from luoyang_analysis.deliveries.registers import load_registers
from luoyang_analysis.exceptions import DataError
from tests.helpers import where, xlsx_bytes
from tests.register_fixtures import (
    E1,
    ENTERPRISES,
    PROJECTS,
    RETIREMENTS,
    refuse,
    write_delivery,
)

D = "data/raw/2019-03-15"


def rows(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()]


def test_hidden_register_sheet_is_refused_not_read_twice(delivery):
    # The ledger is retirements.csv (3 rows) and again in a hidden sheet of a workbook:
    # read, its 3 lines would be counted twice (5 + 3 + 2 pieces each way).
    wb = Workbook()
    wb.active.title = "notes"
    hidden = wb.create_sheet("retirements")
    for r in rows(RETIREMENTS):
        hidden.append(r)
    hidden.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    (delivery / "ledger-copy.xlsx").write_bytes(buf.getvalue())
    issues = refuse(delivery)
    assert [where(i) for i in issues] == [(f"{D}/ledger-copy.xlsx", "retirements", None, None)]
    assert "the sheet is hidden" in issues[0].message and "unhide" in issues[0].fix


def test_same_register_as_csv_and_xlsx_is_one_error_naming_both(delivery):
    # Without the check the ledger's 3 rows would be read twice, with no duplicate rule to see it.
    (delivery / "retirements.xlsx").write_bytes(xlsx_bytes({"retirements": rows(RETIREMENTS)}))
    issues = refuse(delivery)
    assert [where(i) for i in issues] == [(f"{D}/retirements.xlsx", None, None, None)]
    assert "also given as retirements.csv" in issues[0].message
    assert "keep one of the two files" in issues[0].fix


def test_a_column_named_twice_by_id_and_label_is_refused(delivery):
    # uscc as id in column 3 and again as its label 统一社会信用代码 at the end: which one is meant?
    lines = PROJECTS.strip().splitlines()
    text = "\n".join([lines[0] + ",统一社会信用代码"] + [r + f",{E1}" for r in lines[1:]]) + "\n"
    issues = refuse(write_delivery(delivery, projects=text))
    assert [where(i) for i in issues] == [(f"{D}/projects.csv", None, 1, "统一社会信用代码")]
    assert "the column uscc is named twice" in issues[0].message


def test_unclosed_quote_is_refused_at_its_row_not_swallowing_the_rest(delivery):
    # A quote opened on line 3 (P2's name) never closes: P3 on line 4 would vanish into it.
    lines = PROJECTS.strip().splitlines()
    lines[2] = lines[2].replace("乙轴承标杆改造", '"乙轴承标杆改造', 1)
    issues = refuse(write_delivery(delivery, projects="\n".join(lines) + "\n"))
    assert [where(i) for i in issues] == [(f"{D}/projects.csv", None, 3, None)]
    assert issues[0].message == "a quote opened in this row is never closed"


def test_a_row_with_more_fields_than_the_header_is_refused(delivery):
    # An unquoted comma in P1's name (line 2): 17 fields under a 16-column header.
    text = PROJECTS.replace("甲数控化改造", "甲数控化,改造", 1)
    issues = refuse(write_delivery(delivery, projects=text))
    assert [where(i) for i in issues] == [(f"{D}/projects.csv", None, 2, None)]
    assert issues[0].message == "this row has 17 fields but the header has 16"


def test_a_linked_or_xls_register_is_refused_not_followed_or_skipped(delivery, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(RETIREMENTS, encoding="utf-8")
    (delivery / "retirements.csv").unlink()
    (delivery / "retirements.csv").symlink_to(outside)
    (delivery / "budget.xls").write_bytes(b"\xd0\xcf\x11\xe0 old Excel")
    got = {(i.file, i.message) for i in refuse(delivery)}
    assert got == {
        (f"{D}/retirements.csv", "a symbolic link is not accepted"),
        (f"{D}/budget.xls", "files of type .xls are not accepted"),
    }


def test_damaged_sheet_xml_is_one_line_not_a_traceback(delivery):
    good = xlsx_bytes({"retirements": rows(RETIREMENTS)})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut mid-element
            zout.writestr(info, data)
    (delivery / "retirements.csv").unlink()
    (delivery / "retirements.xlsx").write_bytes(out.getvalue())
    issues = refuse(delivery)
    assert [where(i) for i in issues] == [(f"{D}/retirements.xlsx", "retirements", None, None)]
    assert "the sheet cannot be read" in issues[0].message


def test_an_empty_register_workbook_is_refused_like_an_empty_csv(delivery):
    (delivery / "retirements.csv").unlink()
    (delivery / "retirements.xlsx").write_bytes(xlsx_bytes({"retirements": []}))
    issues = refuse(delivery)
    assert [(i.file, i.message) for i in issues] == [
        (f"{D}/retirements.xlsx", "the workbook holds no retirements register")
    ]


def test_excel_day_number_in_a_date_cell_says_which_date_it_would_be(delivery):
    # 43160 days after 1899-12-30: 1900-01-01 is day 2, 2018-01-01 day 43101; +59 = 2018-03-01.
    table = rows(PROJECTS)
    table[1][10] = 43160  # P1's start_date, cell K2, typed as a number
    (delivery / "projects.csv").unlink()
    (delivery / "projects.xlsx").write_bytes(xlsx_bytes({"projects": table}))
    issues = refuse(delivery)
    assert [where(i) for i in issues] == [(f"{D}/projects.xlsx", "projects", 2, "K (start_date)")]
    assert "(as an Excel day number it is 2018-03-01)" in issues[0].message
    assert "format the cell as a date" in issues[0].fix


def test_chinese_written_date_is_read_as_that_date(delivery):
    write_delivery(delivery, projects=PROJECTS.replace("2017-03-01", "2017年3月1日", 1))
    regs = load_registers(delivery)
    assert regs.errors == []
    p1 = regs.frames["projects"].set_index("project_id").loc["P1"]
    assert p1["start_date"].isoformat() == "2017-03-01"


def test_utf16_enterprises_is_one_error_not_one_per_row_naming_them(delivery):
    (delivery / "enterprises.csv").write_bytes(ENTERPRISES.encode("utf-16"))
    issues = refuse(delivery)
    # Not also "not in the enterprises register" for each of the 12 rows naming E1…E6.
    assert [(i.file, i.message) for i in issues] == [
        (f"{D}/enterprises.csv", "this is UTF-16 text, not UTF-8")
    ]
    assert "CSV UTF-8" in issues[0].fix


def test_a_duplicate_across_files_names_a_csv_row_without_a_sheet(delivery):
    # E1 again in a workbook of 偃师's enterprises, row 2: the csv row is named "row 2", no sheet.
    sheet = rows(ENTERPRISES)[:2]
    (delivery / "410381-enterprises.xlsx").write_bytes(xlsx_bytes({"enterprises": sheet}))
    issues = refuse(delivery)
    assert [where(i) for i in issues] == [(f"{D}/enterprises.csv", None, 2, "uscc")]
    assert "sheet nan" not in issues[0].message
    assert (
        f"{D}/410381-enterprises.xlsx sheet enterprises row 2 and {D}/enterprises.csv row 2"
        in issues[0].message
    )


# ------------------------------------------- `luoyang subsidies --projects FILE`: the same rules

SUBSIDY_PROJECTS = Path(__file__).resolve().parents[1] / "fixtures" / "subsidies" / "projects.csv"


def test_projects_file_in_gbk_is_read_as_chinese_excel_saves_it(tmp_path):
    # It was a UnicodeDecodeError traceback; P1 (line 2) is 600 万元 as written.
    gbk = tmp_path / "projects.csv"
    gbk.write_bytes(SUBSIDY_PROJECTS.read_text(encoding="utf-8").encode("gbk"))
    table = read_projects(gbk)
    p1 = table.set_index("project_id").loc["P1"]
    assert p1["name"] == "示例项目甲 轴承生产线改造" and p1["total_investment"] == Decimal("600")


@pytest.mark.parametrize(
    ("content", "where_", "message"),
    [
        (b"", ("projects.csv", None, None, None), "the file has no header row"),
        # P2's name opens a quote on line 3 that never closes: P3… would be swallowed.
        (None, ("projects.csv", None, 3, None), "a quote opened in this row is never closed"),
    ],
)
def test_a_broken_projects_file_is_one_line_not_a_traceback(
    tmp_path, monkeypatch, capsys, content, where_, message
):
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    path = tmp_path / "projects.csv"
    if content is None:
        text = SUBSIDY_PROJECTS.read_text(encoding="utf-8")
        content = text.replace("示例项目乙", '"示例项目乙', 1).encode("utf-8")
    path.write_bytes(content)
    with pytest.raises(DataError) as exc:
        read_projects(path)
    assert [where(i) for i in exc.value.issues] == [where_]
    assert exc.value.issues[0].message == message
    assert main(["subsidies", "--projects", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and message in err
