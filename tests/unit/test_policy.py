"""The support rules as data (policy.yaml): quotes at their spans, open points listed, bad files refused,
and the `luoyang policy` / `luoyang subsidies` commands."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from luoyang_analysis import paths
from luoyang_analysis.catalogue.policy import check_policy, default_policy, load_policy
from luoyang_analysis.cli import main
from luoyang_analysis.exceptions import CatalogueError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "subsidies"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def edited(tmp_path, old: str, new: str) -> Path:
    text = paths.POLICY_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_packaged_rules_pass_and_carry_the_texts_figures():
    policy = default_policy()
    assert check_policy(policy).ok
    s = policy.settings()
    # 30% / 1000 / 500 以上; 20% / 500; 5% / 500 — from 三、扶持政策 (二)(三)(四).
    assert (s.get("equipment", "rate"), s.get("equipment", "cap")) == (Decimal("0.3"), 1000)
    assert s.get("equipment", "min_total_investment") == 500
    assert (s.get("strong_base", "rate"), s.get("strong_base", "cap")) == (Decimal("0.2"), 500)
    assert (s.get("first_set", "rate"), s.get("first_set", "cap")) == (Decimal("0.05"), 500)
    assert s.differences() == []


def test_the_check_lists_the_open_points():
    result = check_policy(default_policy())
    assert "special_major" in {r.id for r in result.undecided}
    open_keys = {p.key for p in result.open_parameters}
    assert {"green_post.rate", "smart.rate", "first_set.cap_scope", "budget.2018"} <= open_keys


def test_a_span_that_does_not_hold_its_quote_is_a_problem(tmp_path):
    path = edited(tmp_path, "span: [11651, 11708]", "span: [11650, 11708]")
    result = check_policy(load_policy(path))
    assert (
        not result.ok
        and "strong_base" in result.problems[0]
        and "correct the offsets" in result.problems[0]
    )


def test_a_quote_not_in_the_text_is_a_problem(tmp_path):
    path = edited(
        tmp_path, "按照国家资助额度的 20%给予配套支持", "按照国家资助额度的 25%给予配套支持"
    )
    assert any("not found" in p for p in check_policy(load_policy(path)).problems)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("conditions: [province_certified]", "conditions: [certified]", "unknown condition"),
        (
            "      rate:\n        value: 0.20",
            "      ratio:\n        value: 0.20",
            "needs the parameter 'rate'",
        ),
        ("        value: 0.30", "        value: 1.30", "between 0 and 1"),
        ("replaces: equipment", "replaces: equipmnt", "replaces unknown rule"),
    ],
)
def test_malformed_rules_are_refused_naming_the_rule(tmp_path, old, new, fragment):
    with pytest.raises(CatalogueError, match=fragment):
        load_policy(edited(tmp_path, old, new))


def test_policy_check_command(capsys):
    code, out, _ = run(capsys, "policy", "--check")
    assert code == 0
    assert "一事一议" in out and "green_post.rate" in out and "first_set.cap_scope" in out


# ------------------------------------------------------------------ luoyang subsidies


def subsidies(capsys, *extra):
    return run(
        capsys,
        "subsidies",
        "--projects",
        str(FIXTURES / "projects.csv"),
        "--first-sets",
        str(FIXTURES / "first_sets.csv"),
        *extra,
    )


def test_subsidies_csv_for_one_county_sums_to_the_hand_total(capsys):
    # 410381 as at 2019-12-31: 120 + 1000 + 500 + 300 + 200 = 2120 (see test_subsidies).
    code, out, _ = subsidies(capsys, "--year", "2019", "--unit", "410381", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["county_code"] for r in rows} == {"410381"}
    due = sum(Decimal(r["entitlement"]) for r in rows if r["status"] == "due")
    assert due == Decimal("2120.00")


def test_subsidies_as_at_2018_moves_later_items_to_the_pipeline(capsys):
    # As at 2018-12-31: due P1 120 + P5 500 + S1 300 = 920; P2 (投产 2019) and S2 (sold 2019) wait.
    code, out, _ = subsidies(capsys, "--year", "2018", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    due = sum(Decimal(r["entitlement"]) for r in rows if r["status"] == "due")
    assert (code, due) == (0, Decimal("920.00"))
    assert {r["item_id"] for r in rows if r["status"] == "pipeline"} == {"P2", "P4", "S2"}


def test_subsidies_table_lists_parameters_changed_by_a_params_file(capsys):
    code, out, _ = subsidies(capsys, "--year", "2019", "--params", str(FIXTURES / "params.yaml"))
    assert code == 0
    assert "equipment.rate" in out and "0.25" in out and "budget.2018" in out


def test_subsidies_xlsx_has_numbers_as_numbers_and_formula_text_as_text(capsys, tmp_path):
    projects = tmp_path / "projects.csv"
    text = (FIXTURES / "projects.csv").read_text(encoding="utf-8")
    projects.write_text(
        text.replace("示例项目甲 轴承生产线改造", "=HYPERLINK(1)"), encoding="utf-8"
    )
    out = tmp_path / "s.xlsx"
    code, _, _ = run(
        capsys,
        "subsidies",
        "--projects",
        str(projects),
        "--year",
        "2019",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    assert code == 0
    wb = load_workbook(out)
    items = wb["明细"]
    head = [c.value for c in items[1]]
    values = [[c for c in row] for row in items.iter_rows(min_row=2)]
    name_col, money_col = head.index("名称"), head.index("应得（万元）")
    cells = [row for row in values if row[name_col].value == "=HYPERLINK(1)"]
    assert cells and cells[0][name_col].data_type == "s"
    assert cells[0][money_col].value == 120  # 400 × 30%, a number not text
    by_rule = wb["按政策"]
    assert all(isinstance(c.value, int | float) for c in list(by_rule.columns)[1][1:])


def test_subsidies_without_a_register_is_one_clear_line(capsys, root):
    (root / "data" / "raw" / "sample").mkdir(parents=True)
    code, _, err = run(capsys, "subsidies")
    assert code == 1 and err.count("\n") == 1 and "projects" in err


def test_subsidies_bad_cell_names_row_and_column(capsys, tmp_path):
    bad = tmp_path / "projects.csv"
    bad.write_text(
        (FIXTURES / "projects.csv").read_text(encoding="utf-8").replace(",600,", ",六百,"),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "subsidies", "--projects", str(bad))
    assert code == 1 and "row 2" in err and "total_investment" in err and "Traceback" not in err
