"""The subsidy calculator against examples worked by hand from the sentences of 三、扶持政策.

Every expected amount is worked out in a comment from the rule's sentence and the
input row; money is 万元 and compared as Decimal, so a binary rounding drift fails.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from luoyang_analysis.catalogue.policy import default_policy
from luoyang_analysis.deliveries.projects import (
    FIRST_SET_COLUMNS,
    FIRST_SET_OPTIONAL,
    PROJECT_COLUMNS,
    PROJECT_OPTIONAL,
    prepare,
    read_projects,
)
from luoyang_analysis.exceptions import DataError, ParameterError
from luoyang_analysis.gaps import subsidies as calc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "subsidies"
D = Decimal


def project(pid="P", total="600", equipment="400", software="0", technology="0", **extra):
    """One project row as a register gives it (text cells), completed and in production in 2018."""
    row = {
        "project_id": pid,
        "name": f"项目{pid}",
        "uscc": extra.pop("uscc", f"E{pid}"),
        "county_code": extra.pop("county", "410381"),
        "total_investment": total,
        "equipment": equipment,
        "software": software,
        "technology": technology,
        "completion_date": "2018-05-31",
        "commissioning_date": "2018-06-30",
    }
    row.update(extra)
    return row


def projects(*rows) -> pd.DataFrame:
    return prepare(pd.DataFrame(list(rows)), PROJECT_COLUMNS, PROJECT_OPTIONAL, "projects.csv")


def sales(*rows) -> pd.DataFrame:
    return prepare(
        pd.DataFrame(list(rows)), FIRST_SET_COLUMNS, FIRST_SET_OPTIONAL, "first_sets.csv"
    )


def sale(sid, uscc, year, price, role="maker", certified="是"):
    return {
        "sale_id": sid,
        "uscc": uscc,
        "county_code": "410381",
        "role": role,
        "province_certified": certified,
        "year": year,
        "sales_price": price,
    }


def one(frame: pd.DataFrame, rule: str, item: str, role: str = "") -> pd.Series:
    rows = frame[(frame["rule_id"] == rule) & (frame["item_id"] == item)]
    if role:
        rows = rows[rows["role"] == role]
    assert len(rows) == 1, rows
    return rows.iloc[0]


AS_OF = dt.date(2019, 12, 31)


# ------------------------------------------------------------------ the issue's examples


def test_600_project_with_400_qualifying_completed_2018_gets_120_due_2018():
    # 总投资 600 ≥ 500; qualifying 300 + 60 + 40 = 400; 400 × 30% = 120 ≤ 1000; 投产 2018.
    rows = calc.assess(projects(project("A", "600", "300", "60", "40")), as_of=AS_OF)
    r = one(rows, "equipment", "A")
    assert (r["status"], r["base"], r["uncapped"], r["entitlement"], r["year_due"]) == (
        "due",
        D("400"),
        D("120"),
        D("120.00"),
        2018,
    )
    assert r["cap_applied"] == 0


def test_5000_qualifying_is_capped_at_1000():
    # 5000 × 30% = 1500 > 单个项目 1000 → 1000; the cap cuts 1500 − 1000 = 500.
    rows = calc.assess(projects(project("B", "8000", "5000")), as_of=AS_OF)
    r = one(rows, "equipment", "B")
    assert (r["uncapped"], r["cap"], r["cap_applied"], r["entitlement"]) == (
        D("1500"),
        D("1000"),
        D("500"),
        D("1000.00"),
    )


def test_480_project_is_not_eligible_and_says_why():
    # 「总投资在 500 万元以上」: 480 < 500.
    rows = calc.assess(projects(project("C", "480", "400")), as_of=AS_OF)
    r = one(rows, "equipment", "C")
    assert r["status"] == "excluded" and r["reason_code"] == "below_investment"
    assert "480" in r["reason"] and "500" in r["reason"]
    assert r["entitlement"] is None
    assert calc.totals(rows, "rule_id")["due"].sum() == 0


def test_500_exactly_is_eligible():
    # 「500 万元以上」 includes 500: 100 × 30% = 30.
    rows = calc.assess(projects(project("C5", "500", "100")), as_of=AS_OF)
    assert one(rows, "equipment", "C5")["entitlement"] == D("30.00")


def test_project_not_yet_in_production_is_pipeline_not_due():
    # Completion planned 2021, no commissioning: 400 × 30% = 120 in the pipeline for 2021.
    p = project("D", "900", "400", completion_date="2021-06-30", commissioning_date="")
    rows = calc.assess(projects(p), as_of=AS_OF)
    r = one(rows, "equipment", "D")
    assert (r["status"], r["reason_code"], r["entitlement"], r["year_due"]) == (
        "pipeline",
        "not_in_production",
        D("120.00"),
        2021,
    )
    t = calc.totals(rows, "rule_id").set_index("rule_id").loc["equipment"]
    assert (t["due"], t["pipeline"]) == (D(0), D("120.00"))


def test_commissioned_after_the_as_of_date_is_pipeline():
    # Commissioned 2018-06-30; as at 2017-12-31 it is not yet in production.
    rows = calc.assess(projects(project("E")), as_of=dt.date(2017, 12, 31))
    assert one(rows, "equipment", "E")["status"] == "pipeline"


def test_strong_base_3000_national_gets_500_capped_from_600():
    # 「按照国家资助额度的 20%」: 3000 × 20% = 600 > 单个项目 500 → 500, in the award year 2018.
    p = project("F", "5000", "0", national_funding="3000", national_funding_year="2018")
    rows = calc.assess(projects(p), as_of=AS_OF)
    r = one(rows, "strong_base", "F")
    assert (r["uncapped"], r["entitlement"], r["cap_applied"], r["year_due"]) == (
        D("600"),
        D("500.00"),
        D("100"),
        2018,
    )


def test_first_set_cap_applies_across_one_units_products():
    # 6000 × 5% = 300 (2018) and 5000 × 5% = 250 (2019): 550 > 500, so the later sale gets
    # what is left, 500 − 300 = 200; the unit's total is 500, not 550.
    rows = calc.assess(
        None, sales(sale("S1", "EG", "2018", "6000"), sale("S2", "EG", "2019", "5000")), as_of=AS_OF
    )
    assert one(rows, "first_set", "S1")["entitlement"] == D("300.00")
    assert one(rows, "first_set", "S2")["entitlement"] == D("200.00")
    by_unit = calc.totals(rows, "enterprise_uscc").set_index("enterprise_uscc")
    assert by_unit.loc["EG", "due"] == D("500.00")


def test_first_set_maker_and_buyer_each_or_sharing_one_cap():
    # 「分别给予奖励」: maker and buyer of a 12000 sale each 12000 × 5% = 600.
    # cap_scope unit (default): each its own 500 → 500 + 500 = 1000.
    # cap_scope sale: one 500 for the sale, split in proportion 600 : 600 → 250 + 250.
    both = sales(
        sale("S9", "EM", "2018", "12000", "maker"), sale("S9", "EB", "2018", "12000", "buyer")
    )
    each = calc.assess(None, both, as_of=AS_OF)
    assert calc.totals(each, "rule_id")["due"].sum() == D("1000.00")
    shared = calc.assess(None, both, default_policy().settings(["first_set.cap_scope=sale"]), AS_OF)
    assert [one(shared, "first_set", "S9", r)["entitlement"] for r in ("maker", "buyer")] == [
        D("250.00"),
        D("250.00"),
    ]


def test_uncertified_first_set_is_excluded():
    rows = calc.assess(None, sales(sale("S3", "EH", "2019", "800", certified="否")), as_of=AS_OF)
    assert one(rows, "first_set", "S3")["reason_code"] == "not_certified"


def test_special_major_is_flagged_listed_and_left_out_of_totals():
    # 「特别重大…一事一议」: no amount, not assessed under the 30% rule, not in any total.
    p = project("G", "120000", "60000", special_major="是")
    rows = calc.assess(projects(p, project("A", "600", "400")), as_of=AS_OF)
    r = one(rows, "special_major", "G")
    assert (r["status"], r["entitlement"]) == ("flagged", None)
    assert rows[(rows["item_id"] == "G") & (rows["rule_id"] == "equipment")].empty
    # only A counts: 400 × 30% = 120
    assert calc.totals(rows, "rule_id")["due"].sum() == D("120.00")


# ------------------------------------------------------------------ arithmetic and what-if


def test_rounding_is_half_up_at_the_entitlement_and_sums_are_exact():
    # 0.35 × 30% = 0.105 → 0.11 (half up; half-even would give 0.10).
    # Ten projects with 0.1 qualifying: 0.03 each, 0.30 in all (in floats 0.1 × 0.3 drifts).
    rows = calc.assess(projects(project("R", "600", "0.35")), as_of=AS_OF)
    assert one(rows, "equipment", "R")["entitlement"] == D("0.11")
    many = calc.assess(projects(*(project(f"T{i}", "600", "0.1") for i in range(10))), as_of=AS_OF)
    assert calc.totals(many, "rule_id")["due"].sum() == D("0.30")


def test_a_rate_set_for_the_run_changes_the_amount_and_is_listed():
    # equipment.rate = 0.25: 400 × 25% = 100.
    settings = default_policy().settings(["equipment.rate=0.25"])
    rows = calc.assess(projects(project("A")), settings=settings, as_of=AS_OF)
    assert one(rows, "equipment", "A")["entitlement"] == D("100.00")
    assert settings.differences() == [("equipment.rate", D("0.3"), D("0.25"))]


def test_green_post_subsidy_is_open_until_its_rate_is_set():
    # New investment 2000 ≥ 1000; no rate in the text → listed as open, no amount.
    # With green_post.rate = 0.05: 2000 × 5% = 100.
    p = project("H", "2000", "800", green_demo="是")
    rows = calc.assess(projects(p), as_of=AS_OF)
    assert one(rows, "green_post", "H")["status"] == "open"
    set_ = default_policy().settings(["green_post.rate=0.05"])
    assert one(calc.assess(projects(p), settings=set_, as_of=AS_OF), "green_post", "H")[
        "entitlement"
    ] == D("100.00")


def test_by_year_against_a_budget():
    # 2018: A 120 due; budget 1000 → 880 left. 2019 has a budget and no outlay.
    settings = default_policy().settings(["budget.2018=1000", "budget.2019=500"])
    rows = calc.assess(projects(project("A")), settings=settings, as_of=AS_OF)
    year = calc.by_year(rows, settings).set_index("year")
    assert (year.loc[2018, "due"], year.loc[2018, "balance"]) == (D("120.00"), D("880.00"))
    assert (year.loc[2019, "due"], year.loc[2019, "budget"]) == (D(0), D("500"))


@pytest.mark.parametrize(
    ("assignment", "fragment"),
    [
        ("equipment.rate=1.5", "between 0 and 1"),
        ("nosuch.rate=1", "unknown parameter"),
        ("equipment.rate", "rule.parameter=value"),
        ("first_set.cap_scope=both", "unit, sale"),
    ],
)
def test_bad_parameters_are_refused_with_the_fix(assignment, fragment):
    with pytest.raises(ParameterError, match=fragment):
        default_policy().settings([assignment])


def test_a_params_file_and_set_combine_set_last(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("equipment:\n  rate: 0.2\nbudget.2018: 900\n", encoding="utf-8")
    s = default_policy().settings(["equipment.rate=0.1"], f)
    assert (s.get("equipment", "rate"), s.budget(2018)) == (D("0.1"), D("900"))


# ------------------------------------------------------------------ the inputs


def test_bad_cells_are_reported_all_at_once_with_row_and_column():
    frame = pd.DataFrame([project("A", total="六百"), project("B", commissioning_date="2018/6/30")])
    with pytest.raises(DataError) as err:
        prepare(frame, PROJECT_COLUMNS, PROJECT_OPTIONAL, "projects.csv")
    found = {(i.row, i.column) for i in err.value.issues}
    assert found == {(2, "total_investment"), (3, "commissioning_date")}


def test_a_missing_required_column_is_named():
    frame = pd.DataFrame([project("A")]).drop(columns=["total_investment"])
    with pytest.raises(DataError, match="total_investment"):
        prepare(frame, PROJECT_COLUMNS, PROJECT_OPTIONAL, "projects.csv")


def test_the_fixture_register_by_county_worked_by_hand():
    # tests/fixtures/subsidies, as at 2019-12-31, text's parameters:
    #   410381: P1 (300+60+40)×30% = 120; P2 5000×30% = 1500 → 1000; P5 强基 3000×20% = 600 → 500;
    #           S1 6000×5% = 300; S2 5000×5% = 250 → 200 (EG's 500 cap) → 120+1000+500+300+200 = 2120.
    #   410322: P3 480 < 500 excluded; P4 not in production → pipeline 400×30% = 120;
    #           P6 特别重大 flagged; S3 not certified → due 0.
    from luoyang_analysis.deliveries.projects import read_first_sets

    rows = calc.assess(
        read_projects(FIXTURES / "projects.csv"),
        read_first_sets(FIXTURES / "first_sets.csv"),
        as_of=AS_OF,
    )
    county = calc.totals(rows, "county_code").set_index("county_code")
    assert (county.loc["410381", "due"], county.loc["410381", "pipeline"]) == (D("2120.00"), D(0))
    assert (county.loc["410322", "due"], county.loc["410322", "pipeline"]) == (D(0), D("120.00"))
    # 2018: P1 120 + P5 500 + S1 300 = 920; 2019: P2 1000 + S2 200 = 1200.
    year = calc.by_year(rows, default_policy().settings()).set_index("year")
    assert (year.loc[2018, "due"], year.loc[2019, "due"]) == (D("920.00"), D("1200.00"))
