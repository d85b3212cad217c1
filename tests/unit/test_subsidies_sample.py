"""`luoyang subsidies` on the shipped sample, checked against one county's rows worked by hand,
and the budget register of a delivery (三（一）) read, validated and drawn as the budget line."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from luoyang_analysis import paths
from luoyang_analysis.catalogue.policy import default_policy
from tests.helpers import run_cli

SAMPLE = paths.project_root() / "data" / "raw" / "sample"
COUNTY = "410325"  # 嵩县: four projects, one a green demonstration


def _block(out: str, *heading: str) -> str:
    """The printed table whose header line starts with the cells ``heading`` (tables are apart
    by a blank line)."""
    found = [b for b in out.split("\n\n") if b.split()[: len(heading)] == list(heading)]
    assert len(found) == 1, f"{heading!r}: {len(found)} tables in\n{out}"
    return found[0]


def _table_row(block: str, first: str) -> list[str]:
    """The cells of the line whose first cell is ``first`` (the money and count cells hold no
    spaces)."""
    hits = [line.split() for line in block.splitlines() if line.split()[:1] == [first]]
    assert len(hits) == 1, f"{first!r} printed {len(hits)} times:\n{block}"
    return hits[0]


def _money(cell: str) -> Decimal:
    return Decimal(cell.replace(",", "")) if cell else Decimal(0)


def test_the_sample_county_rows_are_the_ones_worked_by_hand():
    # The premise of the test below, so that a regenerated sample fails here, by name.
    with (SAMPLE / "projects.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["county_code"] == COUNTY]
    cols = ("total_investment", "equipment", "software", "technology", "commissioning_date")
    assert {r["project_id"]: tuple(r[c] for c in cols) for r in rows} == {
        "410325-2017-0347": ("21500", "11395", "0", "860", "2019-03-23"),
        "410325-2018-0348": ("21500", "9890", "215", "215", "2020-01-19"),
        "410325-2019-0349": ("9600", "5184", "288", "288", "2020-07-21"),
        "410325-2020-0350": ("1800", "936", "90", "54", ""),
    }
    flags = {r["project_id"] for r in rows if r["green_demo"] == "是"}
    assert flags == {"410325-2017-0347"}
    assert not any(r["special_major"] or r["national_funding"] or r["smart"] for r in rows)


def test_subsidies_on_the_sample_for_one_county_as_worked_by_hand(capsys):
    # 嵩县 as at 2019-12-31, the text's parameters (30%, cap 1000, total ≥ 500):
    #   0347: 11395 + 0 + 860 = 12255; × 30% = 3676.5 → capped at 1000; 投产 2019-03-23 → due 2019
    #   0348: 9890 + 215 + 215 = 10320; × 30% = 3096 → 1000; 投产 2020-01-19 → pipeline
    #   0349: 5184 + 288 + 288 = 5760; × 30% = 1728 → 1000; 投产 2020-07-21 → pipeline
    #   0350: 936 + 90 + 54 = 1080; × 30% = 324 (under the cap); 在建 → pipeline
    #   equipment: due 1000 (1 item); pipeline 1000 + 1000 + 324 = 2324 (3 items)
    #   green_post: 0347 is a green demonstration (21500 ≥ 1000, in production) but the text
    #   gives no ratio → listed as open, 0 due, 1 item flagged.
    code, out, err = run_cli(
        capsys, "subsidies", "--data", str(SAMPLE), "--year", "2019", "--unit", COUNTY
    )
    assert (code, err) == (0, "")
    policy, rules, years = (
        default_policy(),
        _block(out, "政策", "应付（万元）"),
        _block(out, "年份"),
    )
    equipment = _table_row(rules, policy.rule("equipment").name("zh"))
    assert [_money(c) for c in equipment[1:3]] == [Decimal(1000), Decimal(2324)]
    assert equipment[3:] == ["1", "3", "0", "0"]
    green = _table_row(rules, policy.rule("green_post").name("zh"))
    assert [_money(c) for c in green[1:3]] == [Decimal(0), Decimal(0)]
    assert green[3:] == ["0", "0", "0", "1"]
    assert policy.rule("strong_base").name("zh") not in rules  # no 强基 project in 嵩县
    # Per year due: nothing commissioned in 2017 or 2018 (no line); 2019: 0347's 1000. The
    # county's rows are not set against the city's budget (no budget cells on these lines).
    assert [line.split()[0] for line in years.splitlines()[1:]] == ["2019", "2020"]
    assert _table_row(years, "2019")[1:] == ["1,000.00", "0.00"]
    # 2020 holds pipeline items only; its amount depends on which planned dates are known.
    assert _table_row(years, "2020")[1] == "0.00"


def test_the_sample_budget_register_gives_the_city_budget_line(capsys):
    # data/raw/sample/budget.csv: 2017 20000, 2018 50000, 2019 60000 万元.
    code, out, _ = run_cli(capsys, "subsidies", "--data", str(SAMPLE), "--year", "2019")
    assert code == 0
    years = _block(out, "年份")
    budgets = {y: _money(_table_row(years, y)[3]) for y in ("2017", "2018", "2019")}
    assert budgets == {"2017": 20000, "2018": 50000, "2019": 60000}
    # A --set figure replaces the delivered one for the run: 2019 → 70000.
    code, out, _ = run_cli(
        capsys, "subsidies", "--data", str(SAMPLE), "--year", "2019", "--set", "budget.2019=70000"
    )
    assert _money(_table_row(_block(out, "年份"), "2019")[3]) == 70000


# ------------------------------------------------------------------ a delivery's budget register

ENTERPRISES = "uscc,name,county_code\n91410381MA0000001X,示例企业,410381\n"
PROJECTS = (
    "project_id,name,uscc,county_code,category,total_investment,equipment,start_date,"
    "completion_date,commissioning_date,status\n"
    "P1,甲,91410381MA0000001X,410381,重点,600,400,2017-03-01,2018-05-01,2018-06-01,投产\n"
)


def _delivery(folder, budget: str):
    folder.mkdir(parents=True)
    (folder / "enterprises.csv").write_text(_with_check_digit(ENTERPRISES), encoding="utf-8")
    (folder / "projects.csv").write_text(_with_check_digit(PROJECTS), encoding="utf-8")
    (folder / "budget.csv").write_text(budget, encoding="utf-8")
    return folder


def _with_check_digit(text: str) -> str:
    from stdnum.cn import uscc

    body = "91410381MA000000"
    return text.replace("91410381MA0000001X", body + "1" + uscc.calc_check_digit(body + "1"))


def test_a_delivered_budget_is_set_against_the_outlays(tmp_path):
    from luoyang_analysis.gaps import subsidies as calc
    from luoyang_analysis.presentation import subsidies

    folder = _delivery(tmp_path / "d", "year,amount\n2018,100\n")
    est = subsidies.setup(2019, "zh", folder)
    frame = calc.by_year(est.entitlements, est.settings).set_index("year")
    # P1: 400 × 30% = 120 due 2018 (投产 2018-06-01); budget 100 → balance 100 − 120 = −20.
    assert (frame.loc[2018, "due"], frame.loc[2018, "budget"]) == (120, 100)
    assert frame.loc[2018, "balance"] == -20
    assert est.settings.differences() == []  # delivered, not a what-if


def test_a_delivered_projects_enterprise_is_named_from_the_enterprises_register(capsys, tmp_path):
    from openpyxl import load_workbook

    # The projects register has no name column: P1's uscc is 示例企业's in enterprises.csv.
    folder = _delivery(tmp_path / "d", "year,amount\n")
    code, out, _ = run_cli(capsys, "subsidies", "--data", str(folder), "--format", "csv")
    [p1] = [r for r in csv.DictReader(out.splitlines()) if r["item_id"] == "P1"]
    assert code == 0 and p1["enterprise_name"] == "示例企业"
    book = tmp_path / "s.xlsx"
    run_cli(capsys, "subsidies", "--data", str(folder), "--format", "xlsx", "--out", str(book))
    items = list(load_workbook(book)["明细"].iter_rows(values_only=True))
    names = dict(zip(items[0], items[1], strict=True))
    assert (names["项目/销售编号"], names["企业名称"]) == ("P1", "示例企业")


@pytest.mark.parametrize(
    ("budget", "row", "column", "fragment"),
    [
        ("year,amount\n2018,一百\n", 2, "amount", "not a number"),
        ("year,amount\n2018,100\n2018,120\n", 3, "year", "listed twice"),
        ("year\n2018\n", 1, None, "missing column(s) amount"),
    ],
)
def test_a_bad_budget_register_names_file_row_and_column(
    tmp_path, capsys, budget, row, column, fragment
):
    folder = _delivery(tmp_path / "d", budget)
    code, _, err = run_cli(capsys, "subsidies", "--data", str(folder))
    assert code == 1 and "Traceback" not in err
    assert "budget.csv" in err and f"row {row}" in err and fragment in err
    if column:
        assert column in err


# ------------------------------------------------------------------ the county report's section


def test_the_county_section_shows_the_countys_entitlements_as_at_the_report_year():
    from types import SimpleNamespace

    from luoyang_analysis.catalogue.units import get_unit
    from luoyang_analysis.presentation import sections

    ctx = SimpleNamespace(unit=get_unit(COUNTY), year=2019, lang="zh")
    html = sections.subsidies_section(ctx, str(SAMPLE))
    # As worked by hand above: due 1000 (0347), pipeline 1000 + 1000 + 324 = 2324.
    assert "<h2>扶持资金测算（本县项目）</h2>" in html
    assert "截至 2019-12-31" in html and "应付 1,000.00 万元" in html and "2,324.00" in html
    assert "410325-2020-0350" in html and "410381-" not in html  # its own projects only
    # As at 2020: 0348 (投产 2020-01-19) and 0349 (2020-07-21) are due too: 1000 × 3 = 3000.
    ctx = SimpleNamespace(unit=get_unit(COUNTY), year=2020, lang="en")
    assert "owes this county&#x27;s projects 3,000.00" in sections.subsidies_section(
        ctx, str(SAMPLE)
    )


def test_a_delivery_without_projects_gives_no_section(tmp_path):
    from luoyang_analysis.presentation.subsidies import county_report_section

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.csv").write_text(
        "unit_code,year,indicator_id,value\n410381,2018,techup.investment_share,26\n",
        encoding="utf-8",
    )
    assert county_report_section("410381", 2018, tmp_path / "d") == ""


def test_a_county_report_rebuilds_when_its_own_projects_change(root):
    from luoyang_analysis.batch import runner
    from luoyang_analysis.deliveries import processed

    (root / "notebooks").symlink_to(paths.PACKAGE_DIR.parent / "notebooks")
    d = root / "data" / "raw" / "2019-03-15"
    _delivery(d, "year,amount\n2018,100\n")
    (d / "a.csv").write_text(
        "unit_code,year,indicator_id,value\n"
        "410381,2018,techup.investment_share,26\n"
        "410323,2018,techup.investment_share,24\n",
        encoding="utf-8",
    )

    def digests():
        obs, manifest = processed.load(d)
        jobs = runner.plan(obs, manifest, d, [2018], ["410381", "410323"], include_overviews=False)
        return {j.key: j.digest for j in jobs}

    before = digests()
    text = (d / "projects.csv").read_text(encoding="utf-8")
    (d / "projects.csv").write_text(text.replace(",600,400,", ",600,450,"), encoding="utf-8")
    after = digests()
    # P1 is 偃师's (410381): only its report's inputs changed.
    assert sorted(k for k in before if before[k] != after[k]) == ["2018/410381"]


# ------------------------------------------------------------------ policy columns in the register

POLICY_PROJECTS = (
    "project_id,name,uscc,county_code,category,total_investment,equipment,start_date,"
    "completion_date,commissioning_date,status,special_major,national_funding,"
    "national_funding_year,green_demo,smart\n"
    "P1,甲,91410381MA0000001X,410381,重点,6000,4000,2017-03-01,2018-05-01,2018-06-01,投产,"
    ",3000,2018,否,\n"
    "P2,乙,91410381MA0000001X,410381,重点,90000,5000,2017-03-01,2019-05-01,2019-06-01,投产,"
    "是,,,,\n"
)


def test_policy_columns_of_the_register_reach_the_calculator(tmp_path):
    from luoyang_analysis.presentation import subsidies

    folder = _delivery(tmp_path / "d", "year,amount\n")
    (folder / "projects.csv").write_text(_with_check_digit(POLICY_PROJECTS), encoding="utf-8")
    rows = subsidies.setup(2019, "zh", folder).entitlements
    got = {(r.rule_id, r.item_id): (r.status, r.entitlement) for r in rows.itertuples()}
    # P1: 强基 3000 × 20% = 600 → capped at 500, due in the award year 2018;
    #     and the 30% grant: 4000 × 30% = 1200 → 1000.
    assert got[("strong_base", "P1")] == ("due", 500)
    assert got[("equipment", "P1")] == ("due", 1000)
    # P2 特别重大: flagged under 一事一议, not assessed under the 30% rule.
    assert got[("special_major", "P2")] == ("flagged", None)
    assert ("equipment", "P2") not in got


@pytest.mark.parametrize(
    ("old", "new", "column", "fragment"),
    [
        (",3000,2018,否,", ",3000,,否,", "national_funding_year", "without the year"),
        (",3000,2018,否,", ",,2018,否,", "national_funding", "but no national grant"),
        (",3000,2018,否,", ",3000,2018,也许,", "green_demo", "not yes or no"),
        (",3000,2018,否,", ",7000,2018,否,", "national_funding", "more than the total"),
    ],
)
def test_bad_policy_cells_name_file_row_and_column(tmp_path, capsys, old, new, column, fragment):
    folder = _delivery(tmp_path / "d", "year,amount\n")
    text = _with_check_digit(POLICY_PROJECTS).replace(old, new)
    (folder / "projects.csv").write_text(text, encoding="utf-8")
    code, _, err = run_cli(capsys, "subsidies", "--data", str(folder))
    assert code == 1 and "Traceback" not in err
    assert "projects.csv" in err and "row 2" in err and column in err and fragment in err


def test_the_projects_form_has_the_policy_columns_and_the_budget_form_exists(tmp_path, capsys):
    from openpyxl import load_workbook

    assert run_cli(capsys, "template", "--register", "projects", str(tmp_path / "p.xlsx"))[0] == 0
    ws = load_workbook(tmp_path / "p.xlsx").active
    notes = {c.value: c.comment.text for c in ws[1]}
    for column in ("special_major", "national_funding", "national_funding_year", "green_demo"):
        assert column in notes
    assert "填 是 或 否" in notes["special_major"] and "（必填）" not in notes["smart"]
    assert run_cli(capsys, "template", "--register", "budget", str(tmp_path / "b.xlsx"))[0] == 0
    header = [c.value for c in load_workbook(tmp_path / "b.xlsx").active[1]]
    assert header[:2] == ["year", "amount"]
