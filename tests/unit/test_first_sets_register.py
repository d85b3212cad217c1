"""The 首台（套） sales register (first_sets) of a delivery: read, validated, stored and assessed.

三（四）「对市内研制和购买使用省认定的成套设备、单台设备和关键部件的单位，由市财政按照销售价格的
5%分别给予奖励，奖励总额最高不超过 500 万元」. Expected amounts are worked by hand in comments.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from stdnum.cn import uscc

from luoyang_analysis import paths
from luoyang_analysis.catalogue.policy import default_policy
from tests.helpers import run_cli

D = Decimal
SAMPLE = paths.project_root() / "data" / "raw" / "sample"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "subsidies"


def code(county: str, n: int) -> str:
    body = f"91{county}MA{n:07d}"
    return body + uscc.calc_check_digit(body)


MAKER, BUYER, OTHER = code("410381", 1), code("410381", 2), code("410322", 3)
HEADER = "sale_id,uscc,role,county_code,product,level,doc_number,doc_date,sale_date,sales_price\n"
DOC = "豫工信装〔2018〕118号,2018-11-01"


def sale(sid, who, role, price, day="2018-12-01", level="省", product="示例成套设备一"):
    county = who[2:8]
    return f"{sid},{who},{role},{county},{product},{level},{DOC},{day},{price}\n"


def delivery(folder: Path, *rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "enterprises.csv").write_text(
        "uscc,name,county_code\n"
        f"{MAKER},示例研制企业,410381\n{BUYER},示例使用企业,410381\n{OTHER},示例外县企业,410322\n",
        encoding="utf-8",
    )
    (folder / "first_sets.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    return folder


def assessed(folder: Path, year: int = 2019):
    from luoyang_analysis.presentation import subsidies

    rows = subsidies.setup(year, "zh", folder).entitlements
    return {(r.item_id, r.role): r for r in rows.itertuples()}


def test_one_units_sales_of_6000_and_5000_give_500_not_550(tmp_path):
    # The maker sells two certified products: 6000 × 5% = 300 (sold 2018) and 5000 × 5% = 250
    # (sold 2019); 300 + 250 = 550 > the 500 cap on its total → the earlier sale keeps 300,
    # the later gets 500 − 300 = 200, the unit's total is 500.
    folder = delivery(
        tmp_path / "d",
        sale("S1", MAKER, "研制", "6000", "2018-06-01"),
        sale("S2", MAKER, "研制", "5000", "2019-03-01", product="示例单台设备二"),
    )
    got = assessed(folder)
    assert (got[("S1", "maker")].entitlement, got[("S1", "maker")].year_due) == (D("300.00"), 2018)
    assert (got[("S2", "maker")].entitlement, got[("S2", "maker")].year_due) == (D("200.00"), 2019)
    assert got[("S2", "maker")].cap_applied == D("50")  # 250 − 200
    assert sum(r.entitlement for r in got.values()) == D("500.00")


def test_maker_and_buyer_of_one_sale_are_each_rewarded(tmp_path):
    # 「分别」: a 4000 sale gives the maker 4000 × 5% = 200 and the buyer 200 too.
    folder = delivery(
        tmp_path / "d", sale("S1", MAKER, "研制", "4000"), sale("S1", BUYER, "购买使用", "4000")
    )
    got = assessed(folder)
    assert [got[("S1", r)].entitlement for r in ("maker", "buyer")] == [D("200.00")] * 2


def test_equipment_not_certified_by_the_province_is_warned_and_excluded(tmp_path):
    from luoyang_analysis.deliveries.registers import load_registers

    folder = delivery(tmp_path / "d", sale("S1", MAKER, "研制", "4000", level="国家"))
    regs = load_registers(folder)
    assert not regs.errors
    [warning] = regs.warnings
    assert (warning.row, warning.column) == (2, "level") and "not 省认定" in warning.message
    row = assessed(folder)[("S1", "maker")]
    assert (row.status, row.reason, row.entitlement) == ("excluded", "未经省认定", None)


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (sale("S1", MAKER[:-1] + ("0" if MAKER[-1] != "0" else "1"), "研制", "100"), "uscc",
         "wrong check digit"),
        (sale("S1", MAKER, "生产", "100"), "role", "unknown role '生产'"),
        (sale("S1", MAKER, "研制", "0"), "sales_price", "sales_price is 0"),
        (sale("S1", MAKER, "研制", "-5"), "sales_price", "cannot be negative"),
        (sale("S1", MAKER, "研制", "100", level="县"), "level", "unknown level '县'"),
        (sale("S1", MAKER, "研制", "100", day="2018-13-01"), "sale_date", "not a date"),
        (sale("S1", OTHER, "研制", "100").replace(",410322,", ",410381,"), "county_code",
         "its enterprise"),
        (sale("S1", code("410381", 9), "研制", "100"), "uscc", "not in the enterprises register"),
    ],
)  # fmt: skip
def test_a_bad_row_names_file_row_and_column(tmp_path, capsys, row, column, fragment):
    folder = delivery(tmp_path / "d", sale("S0", MAKER, "研制", "100"), row)
    status, _, err = run_cli(capsys, "subsidies", "--data", str(folder))
    assert status == 1 and "Traceback" not in err
    assert "first_sets.csv" in err and "row 3" in err and column in err and fragment in err


def test_the_two_rows_of_one_sale_must_agree_and_a_role_comes_once(tmp_path):
    from luoyang_analysis.deliveries.registers import load_registers

    folder = delivery(
        tmp_path / "d",
        sale("S1", MAKER, "研制", "4000"),
        sale("S1", BUYER, "购买使用", "4500"),
        sale("S1", BUYER, "buyer", "4000"),
    )
    errors = [(e.row, e.column, e.message) for e in load_registers(folder).errors]
    assert any(r == 3 and c == "sales_price" and "4500" in m for r, c, m in errors), errors
    assert any(r == 4 and c == "role" and "listed twice" in m for r, c, m in errors), errors


def test_a_missing_column_is_named(tmp_path, capsys):
    folder = delivery(tmp_path / "d")
    (folder / "first_sets.csv").write_text("sale_id,uscc,role\nS1,x,研制\n", encoding="utf-8")
    status, _, err = run_cli(capsys, "subsidies", "--data", str(folder))
    assert status == 1 and "first_sets.csv" in err and "row 1" in err
    assert "missing column(s) county_code, product, level" in err


def test_the_first_sets_option_wins_over_the_register(tmp_path):
    from luoyang_analysis.presentation import subsidies

    folder = delivery(tmp_path / "d", sale("R1", MAKER, "研制", "4000"))
    est = subsidies.setup(2019, "zh", folder, first_sets=str(FIXTURES / "first_sets.csv"))
    # The file's sales S1, S2, S3 are assessed; the register's R1 is not.
    assert set(est.entitlements["item_id"]) == {"S1", "S2", "S3"}
    assert [p.name for p in est.inputs] == ["first_sets.csv"]
    assert est.inputs[0].parent == FIXTURES


def test_the_register_is_a_table_of_the_database(tmp_path):
    import pandas as pd

    from luoyang_analysis.deliveries.registers import in_memory, load_registers

    folder = delivery(
        tmp_path / "d", sale("S1", MAKER, "研制", "4000"), sale("S1", BUYER, "购买使用", "4000")
    )
    empty = pd.DataFrame(columns=["unit_code", "year", "indicator_id", "value", "source", "note",
                                  "_file", "_sheet", "_row"])  # fmt: skip
    con = in_memory(empty, load_registers(folder))
    # Roles stored as maker/buyer; 4000 + 4000 = 8000; the sale date typed as a DATE.
    got = con.execute(
        "SELECT string_agg(role, ',' ORDER BY role), sum(sales_price), max(sale_date) "
        "FROM first_sets"
    ).fetchone()
    assert (got[0], got[1], str(got[2])) == ("buyer,maker", 8000.0, "2018-12-01")


def test_the_form_lists_the_roles_and_reads_back_empty(tmp_path, capsys):
    from openpyxl import load_workbook

    from luoyang_analysis.deliveries.register_read import read_registers

    out = tmp_path / "first_sets.xlsx"
    assert run_cli(capsys, "template", "--register", "first_sets", str(out))[0] == 0
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["sale_id", "uscc", "role", "county_code"] and "sales_price" in header
    assert "研制、购买使用" in ws.cell(row=1, column=3).comment.text
    assert read_registers(tmp_path).rows["first_sets"].empty


def test_the_forms_notes_follow_lang_and_the_header_stays_the_column_ids(tmp_path, capsys):
    from openpyxl import load_workbook

    def notes(*lang):
        out = tmp_path / f"first_sets{len(lang)}.xlsx"
        assert run_cli(capsys, "template", "--register", "first_sets", *lang, str(out))[0] == 0
        ws = load_workbook(out).active
        return {c.value: c.comment.text for c in ws[1]}

    zh, en = notes(), notes("--lang", "en")
    assert list(zh) == list(en)  # what a delivery writes in row 1 does not change with --lang
    # role: required, its allowed values (Chinese, as written); sale_date: a date.
    assert "（必填）" in zh["role"] and "\n可填：研制、购买使用" in zh["role"]
    assert "(required)" in en["role"] and "\nAllowed: 研制、购买使用" in en["role"]
    assert zh["sale_date"].endswith("\n日期写作 2017-10-31")
    assert en["sale_date"].endswith("\nWrite dates as 2017-10-31")
    assert "（必填）" not in en["role"] and "日期写作" not in en["sale_date"]


def test_a_county_report_digest_follows_its_own_first_set_rows(tmp_path):
    from luoyang_analysis.deliveries.registers import county_digests, load_registers

    folder = delivery(
        tmp_path / "d", sale("S1", MAKER, "研制", "4000"), sale("S2", OTHER, "研制", "900")
    )
    before = county_digests(load_registers(folder))
    text = (folder / "first_sets.csv").read_text(encoding="utf-8")
    (folder / "first_sets.csv").write_text(text.replace(",4000\n", ",4100\n"), encoding="utf-8")
    after = county_digests(load_registers(folder))
    # S1 is 偃师's (410381): only its digest moves; 410322's stays.
    assert before["410381"] != after["410381"] and before["410322"] == after["410322"]


# ------------------------------------------------------------------ the sample

COUNTY = "410305"  # 涧西区


def test_the_sample_first_sets_of_one_county_are_the_ones_worked_by_hand():
    # The premise of the test below, so that a regenerated sample fails here, by name.
    with (SAMPLE / "first_sets.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["county_code"] == COUNTY]
    got = [(r["sale_id"][-4:], r["uscc"][-4:], r["role"], r["sale_date"][:4], r["sales_price"])
           for r in rows]  # fmt: skip
    assert got == [
        ("S005", "0666", "研制", "2018", "7500"),
        ("S005", "106M", "购买使用", "2018", "7500"),
        ("S006", "0679", "研制", "2017", "3900"),
        ("S007", "068C", "研制", "2018", "3600"),
        ("S007", "106M", "购买使用", "2018", "3600"),
        ("S008", "069F", "研制", "2019", "12600"),
        ("S008", "225A", "购买使用", "2019", "12600"),
        ("S009", "069F", "研制", "2020", "12600"),
        ("S010", "070L", "研制", "2019", "9700"),
        ("S011", "070L", "研制", "2020", "9700"),
        ("S012", "071P", "研制", "2020", "6600"),
        ("S013", "072T", "研制", "2020", "7300"),
        ("S013", "108U", "购买使用", "2020", "7300"),
        ("S014", "072T", "研制", "2020", "7300"),
        ("S015", "0754", "研制", "2020", "4200"),
    ]
    # Every sale is of a product on the recognitions register's 首台（套） list (省).
    with (SAMPLE / "recognitions.csv").open(encoding="utf-8") as fh:
        listed = {(r["uscc"], r["item"]) for r in csv.DictReader(fh) if r["list"] == "首台（套）"}
    assert all((r["uscc"], r["product"]) in listed for r in rows if r["role"] == "研制")


def test_subsidies_on_the_sample_first_sets_of_one_county_as_worked_by_hand(capsys):
    # 涧西区 as at 2019-12-31, 5% of the price, 500 cap per unit over its sales (earlier years
    # first, then by sale id):
    #   S005 maker 7500 × 5% = 375 (2018); buyer 106M 375 (2018)
    #   S006 maker 3900 × 5% = 195 (2017)
    #   S007 maker 3600 × 5% = 180 (2018); buyer 106M 180, but 375 + 180 = 555 > 500 → 125
    #   S008 maker 069F 12600 × 5% = 630 → 500 (2019); buyer 225A 630 → 500 (2019)
    #   S010 maker 070L 9700 × 5% = 485 (2019)
    #   due: 375 + 375 + 195 + 180 + 125 + 500 + 500 + 485 = 2735, 8 rows
    #   pipeline (sold 2020): S009 069F 630 → 0 (its 500 used by S008); S011 070L 485 →
    #   500 − 485 = 15; S012 6600 × 5% = 330; S013 7300 × 5% = 365 twice (maker, buyer);
    #   S014 072T 365 → 500 − 365 = 135; S015 4200 × 5% = 210
    #   → 0 + 15 + 330 + 365 + 365 + 135 + 210 = 1420, 7 rows
    status, out, err = run_cli(
        capsys, "subsidies", "--data", str(SAMPLE), "--year", "2019", "--unit", COUNTY
    )
    assert (status, err) == (0, "")
    rules = [b for b in out.split("\n\n") if b.split()[:2] == ["政策", "应付（万元）"]][0]
    name = default_policy().rule("first_set").name("zh")
    [line] = [line.split() for line in rules.splitlines() if line.split()[:1] == [name]]
    assert line[1:] == ["2,735.00", "1,420.00", "8", "7", "0", "0"]
    # Per year (first sets and projects together), the first sets' share: 2017 195;
    # 2018 375 + 375 + 180 + 125 = 1055; 2019 500 + 500 + 485 = 1485 (2735 in all).
    status, out, _ = run_cli(
        capsys, "subsidies", "--data", str(SAMPLE), "--year", "2019", "--unit", COUNTY,
        "--format", "csv",
    )  # fmt: skip
    rows = [r for r in csv.DictReader(out.splitlines()) if r["rule_id"] == "first_set"]
    due = {}
    for r in rows:
        if r["status"] == "due":
            due[r["year_due"]] = due.get(r["year_due"], D(0)) + D(r["entitlement"])
    assert due == {"2017": D(195), "2018": D(1055), "2019": D(1485)}


def test_the_county_section_shows_each_units_role_and_the_cap_it_met():
    from luoyang_analysis.presentation.subsidies import county_report_section

    html = county_report_section(COUNTY, 2019, SAMPLE)
    rule = default_policy().rule("first_set").name("zh")
    table = html.split(f"<h3>{rule}</h3>")[1]
    # S007's buyer 106M: 180 before the cap, 125 after (its S005 reward of 375 came first).
    row = next(r for r in table.split("<tr>") if "410305-S007" in r and "购买使用单位" in r)
    assert "180.00" in row and "125.00" in row and "91410305MA0000106M" in row
    assert "奖励总额上限 500.00 万元按单位计" in table
