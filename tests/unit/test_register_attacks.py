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


@pytest.mark.parametrize(
    ("inside", "shown"),
    [
        # Outside the project root the path is named as given, not as the bare projects.csv.
        (False, None),
        # Inside it, from the root: inputs/projects.csv, not projects.csv.
        (True, "inputs/projects.csv"),
    ],
)
def test_subsidies_projects_error_names_the_path_given_and_what_it_stopped(
    tmp_path, monkeypatch, capsys, inside, shown
):
    root = tmp_path / "root"
    monkeypatch.setenv("LUOYANG_ROOT", str(root))
    path = (root / "inputs" if inside else tmp_path / "downloads") / "projects.csv"
    path.parent.mkdir(parents=True)
    # P1's total investment (line 2, 600 万元) typed in words.
    text = SUBSIDY_PROJECTS.read_text(encoding="utf-8").replace(",600,", ",六百,", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["subsidies", "--projects", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{shown or path}, row 2, column total_investment: '六百' is not a valid money" in err
    assert "data/processed" not in err  # the estimate writes nothing there
    assert "the subsidies were not estimated: correct the file(s) named and estimate again" in err


def test_a_header_only_register_is_a_warning_not_silently_empty(delivery, capsys):
    header = RETIREMENTS.splitlines()[0] + "\n"
    write_delivery(delivery, retirements=header)
    (delivery / "budget.xlsx").write_bytes(xlsx_bytes({"budget": [["year", "amount"]]}))
    regs = load_registers(delivery)
    assert regs.errors == [] and not regs.present("retirements")
    empty = [w for w in regs.warnings if "no rows" in w.message]
    assert [where(w) for w in empty] == [
        (f"{D}/budget.xlsx", "budget", None, None),
        (f"{D}/retirements.csv", None, None, None),
    ]
    assert empty[0].fix == "leave the sheet out if the register is not delivered"
    assert empty[1].fix == "leave the file out if the register is not delivered"
    assert main(["validate", str(delivery)]) == 0
    out = capsys.readouterr().out
    assert f"warning: {D}/retirements.csv: no rows: the retirements register" in out


E1_LINE = RETIREMENTS.splitlines()[1]  # E1's 5 transformers S7-500 retired 2017-06-30


@pytest.mark.parametrize(
    ("doc", "warn"),
    [
        ("偃工信〔2017〕5号", False),  # the same document: one retirement entered twice
        ("", False),  # no document on the second line: nothing tells the two apart
        ("偃工信〔2017〕6号", True),  # two documents: may be two retirements of like equipment
    ],
)
def test_the_same_ledger_line_twice_in_one_file(delivery, doc, warn):
    twin = E1_LINE.replace("偃工信〔2017〕5号", doc)
    write_delivery(delivery, retirements=RETIREMENTS + twin + "\n")  # line 5
    regs = load_registers(delivery)
    found = [i for i in regs.warnings + regs.errors if "listed twice" in i.message]
    assert [where(i) for i in found] == [(f"{D}/retirements.csv", None, 5, "quantity")]
    assert (found[0] in regs.warnings) is warn and (found[0] in regs.errors) is not warn
    assert found[0].message == (
        f"the retirement of 5 变压器 (S7-500) by {E1} on 2017-06-30 is listed twice:"
        f" {D}/retirements.csv row 2 and {D}/retirements.csv row 5"
    )
    assert ("偃工信〔2017〕6号" in found[0].fix) is warn


def test_the_same_ledger_line_in_a_county_file_and_the_city_file_is_an_error(delivery):
    header = RETIREMENTS.splitlines()[0]
    (delivery / "410381-retirements.csv").write_text(f"{header}\n{E1_LINE}\n", encoding="utf-8")
    issues = refuse(delivery)
    # Files in name order: 410381-retirements.csv is read first, so retirements.csv row 2 is named.
    assert [where(i) for i in issues] == [(f"{D}/retirements.csv", None, 2, "quantity")]
    assert f"{D}/410381-retirements.csv row 2 and {D}/retirements.csv row 2" in issues[0].message


def _workbook(table: list[list], merge: str | None = None, cell: tuple | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "projects"
    for row in table:
        ws.append(row)
    if cell:
        ws[cell[0]] = cell[1]
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("table", "merge", "row", "column"),
    [
        # A title merged over the 16 header columns (A…P), the header on row 2.
        ([["偃师市技术改造项目库"]] + rows(PROJECTS), "A1:P1", 1, "A"),
        # The header cell name (B1) merged over uscc (C1): C1's name is lost.
        (rows(PROJECTS), "B1:C1", 1, "B"),
    ],
)
def test_a_merged_header_says_merged_cell_not_unknown_columns(delivery, table, merge, row, column):
    (delivery / "projects.csv").unlink()
    (delivery / "projects.xlsx").write_bytes(_workbook(table, merge))
    issues = refuse(delivery)
    assert [where(i) for i in issues] == [(f"{D}/projects.xlsx", "projects", row, column)]
    assert issues[0].message.startswith(f"merged cell {merge}:")
    assert "unmerge the cells and put the column names on row 1" in issues[0].fix


@pytest.mark.parametrize(
    ("cell", "row", "column"),
    [
        (("G2", "=600+400"), 2, "G"),  # P1's total_investment (column G, line 2)
        (("A1", '="project_id"'), 1, "A"),  # the header's first name
    ],
)
def test_a_formula_cell_is_one_line_not_also_an_empty_cell(delivery, cell, row, column):
    (delivery / "projects.csv").unlink()
    (delivery / "projects.xlsx").write_bytes(_workbook(rows(PROJECTS), cell=cell))
    issues = refuse(delivery)
    assert [where(i) for i in issues] == [(f"{D}/projects.xlsx", "projects", row, column)]
    assert issues[0].message.startswith("a formula is not accepted")


def test_full_width_digits_in_a_register_are_read_with_a_warning_as_in_observations(delivery):
    # P1's total investment 1000 typed with a Chinese input method (line 2).
    write_delivery(delivery, projects=PROJECTS.replace(",1000,", ",１０００,", 1))
    regs = load_registers(delivery)
    assert regs.errors == []
    assert regs.frames["projects"].set_index("project_id").loc["P1", "total_investment"] == 1000
    said = [w for w in regs.warnings if w.column == "total_investment"]
    assert [where(w) for w in said] == [(f"{D}/projects.csv", None, 2, "total_investment")]
    assert said[0].message == "total_investment '１０００' read as 1000"


def test_full_width_digits_with_a_separator_are_one_error_not_also_a_warning(delivery):
    # ２４，７００ is 24,700 once half-width: a thousands separator, refused as for ASCII.
    write_delivery(delivery, projects=PROJECTS.replace(",5000,", ",２４，７００,", 1))
    regs = load_registers(delivery)
    assert [where(i) for i in regs.errors] == [(f"{D}/projects.csv", None, 3, "total_investment")]
    assert "is not a number" in regs.errors[0].message
    assert not [w for w in regs.warnings if w.column == "total_investment"]
