"""Registers: validation, the database, counts from names and discrepancies, on hand-made files.

The delivery is tests/register_fixtures.py; every expected figure is worked out
there or in the comments here from the rows written by hand.
"""

from __future__ import annotations

import duckdb
import pytest

from luoyang_analysis.cli import main
from luoyang_analysis.deliveries import processed, registers
from luoyang_analysis.deliveries.register_contract import register_kind
from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.gaps import registers as named
from tests.helpers import where, xlsx_bytes
from tests.register_fixtures import (
    E1,
    E2,
    E5,
    ENTERPRISES,
    PROJECTS,
    RECOGNITIONS,
    RETIREMENTS,
    refuse,
    write_delivery,
)


def counts(folder) -> dict:
    frame = named.named_counts(folder)
    return {(r.unit_code, r.year, r.indicator_id): (r.new, r.held) for r in frame.itertuples()}


# ---------------------------------------------------------------- counts from names


def test_workshop_2017_then_factory_2018_counted_on_each_list_once(delivery):
    got = counts(delivery)
    # 偃师 workshops 2017: E1, E2, E3, E6 = 4; E2's workshop listed again in 2018 is not new.
    assert got[("410381", 2017, "smart.smart_workshops")] == (4, 4)
    assert got[("410381", 2018, "smart.smart_workshops")] == (0, 4)
    # E1's upgrade to a factory in 2018 is a new factory; its 2017 workshop still counts.
    assert got[("410381", 2017, "smart.smart_factories")] == (0, 0)
    assert got[("410381", 2018, "smart.smart_factories")] == (1, 1)
    # The city: 偃师 4 + 孟津 1 workshops in 2017.
    assert got[("410300", 2017, "smart.smart_workshops")] == (5, 5)


def test_projects_and_the_ledger_give_their_counts(delivery):
    got = counts(delivery)
    assert got[("410381", 2017, "techup.upgrade_projects")] == (1, 1)  # P1
    assert got[("410381", 2017, "techup.benchmark_enterprises")] == (1, 1)  # E2 (P2)
    assert got[("410322", 2018, "techup.innovation_demo_projects")] == (1, 1)  # P3
    assert got[("410381", 2017, "capacity.transformers_retired")] == (5, 5)  # E1: 5
    assert got[("410300", 2018, "capacity.transformers_retired")] == (2, 7)  # E5: 2; 5 + 2


def test_targets_take_new_or_held_names_as_the_catalogue_says(delivery):
    # smart_workshops 2018 is a cumulative "new" target: names from 2017 to 2018 = 4 in 偃师.
    names = named.target_names("410381", 2018, delivery)
    assert sorted(names["smart.smart_workshops"]["item"]) == [
        "一号车间",
        "聚合车间",
        "装配车间",
        "贴片车间",
    ]
    assert list(names["smart.smart_factories"]["doc_number"]) == ["豫工信装〔2018〕88号"]
    # techup.upgrade_projects is yearly: the 2018 figure has only 2018's selections (none).
    assert names["techup.upgrade_projects"].empty


def test_retirement_dismantled_on_15_november_misses_the_october_deadline(delivery):
    lines, share = named.dismantling(delivery)
    met = {(r.uscc, str(r.dismantling_date)[:10]): r.met for r in lines.itertuples()}
    assert met == {(E1, "2017-09-15"): True, (E2, "2017-11-15"): False}
    # By quantity: 5 transformers in time of 5 + 3 retired in 2017 = 62.5 %.
    row = share[share.unit_code == "410381"].iloc[0]
    assert (row.dismantled_in_time, row.retired, row.share) == (5, 8, 62.5)


def test_upgrading_share_from_projects_and_the_enterprise_register(delivery):
    frame = named.upgrading_share(delivery)
    got = {(r.unit_code, r.year): (r.enterprises_upgrading, r.enterprises_above_size, r.share)
           for r in frame.itertuples()}  # fmt: skip
    # 偃师 2016: above size E1, E2, E6 (E3 from 2017); a project started by 2016: E2 (P2) -> 1/3.
    assert got[("410381", 2016)] == (1, 3, 33.3)
    # 2017: E1, E2, E3, E6 above size; E1 (P1, 2017) and E2 -> 2/4 = 50 %.
    assert got[("410381", 2017)] == (2, 4, 50.0)
    # City 2017: the 4 of 偃师 and E5; E5's project starts in 2018 -> 2/5 = 40 %.
    assert got[("410300", 2017)] == (2, 5, 40.0)


# ---------------------------------------------------------------- discrepancies


def test_reported_5_against_4_names_is_a_discrepancy_in_validate(delivery, capsys):
    assert main(["validate", str(delivery)]) == 0  # a warning, not a refusal
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "discrepancy" in line]
    assert len(lines) == 1  # 偃师 factories 2018 (1 = 1) and 孟津 workshops (1 = 1) agree
    assert "410381 2017 smart.smart_workshops: reported 5, named 4: 甲机械有限公司" in lines[0]
    assert "豫工信装〔2017〕101号, 2017-11-20" in lines[0]
    assert "issued in area 410322, not in 410381" in out  # the moved enterprise: a warning
    assert not (delivery.parent.parent / "processed").exists()  # validate writes nothing


def test_discrepancy_table_names_reported_and_named(delivery):
    observations, _ = processed.load(delivery)
    table = named.discrepancies(observations, delivery)
    assert table[["unit_code", "year", "indicator_id", "reported", "named"]].values.tolist() == [
        ["410381", 2017, "smart.smart_workshops", 5.0, 4]
    ]
    assert len(table["names"].iloc[0].splitlines()) == 4


# ---------------------------------------------------------------- validation


def test_enterprise_twice_on_one_list_and_year_refused_naming_both_rows(delivery):
    doubled = (
        RECOGNITIONS + f"智能车间,省,2017,{E1},一号车间,豫工信装〔2017〕101号,2017-11-20,示例\n"
    )
    issues = refuse(write_delivery(delivery, recognitions=doubled))
    assert len(issues) == 1
    # The header is line 1; E1's first row is line 2, the copy the 9th line.
    assert where(issues[0]) == ("data/raw/2019-03-15/recognitions.csv", None, 9, "uscc")
    assert (
        "recognitions.csv row 2 and data/raw/2019-03-15/recognitions.csv row 9" in issues[0].message
    )


def test_bad_check_digit_refused_with_its_row(delivery):
    bad = ENTERPRISES.replace(E1, E1[:-1] + "E")  # the check digit is F (register_fixtures)
    issues = refuse(write_delivery(delivery, enterprises=bad))
    first = [i for i in issues if i.file.endswith("enterprises.csv")]
    assert [where(i) for i in first] == [("data/raw/2019-03-15/enterprises.csv", None, 2, "uscc")]
    assert "wrong check digit (the first 17 characters give F)" in first[0].message
    # The rows naming E1 are refused too: it is no longer a registered enterprise.
    assert all("not in the enterprises register" in i.message for i in issues if i not in first)


def test_every_project_and_ledger_problem_at_once(delivery):
    projects = PROJECTS + (
        f"P1,重复编号,{E1},410381,升级,2018,10,,,,2018-01-01,,,在建,,\n"  # line 5: id twice
        f"P4,县不符,{E5},410381,重点,,100,,,,2018-01-01,,,在建,,\n"  # line 6: county
        f"P5,负数,{E1},410381,重点,,-5,,,,2018-01-01,,,在建,,\n"  # line 7: negative
        f"P6,日期倒置,{E1},410381,重点,,100,,,,2018-05-01,2018-01-01,,竣工,,\n"  # line 8
        f"P7,亿元误作万元,{E1},410381,重点,,20000000,,,,2018-01-01,,,在建,,\n"  # line 9
    )
    recognitions = RECOGNITIONS + f"智能厂房,省,2018,{E5},x,文号,2018-10-09,示例\n"  # line 9
    retirements = RETIREMENTS + f"{E5},电机,2,,2018-05-01,2018-04-01,,,示例\n"  # line 5
    issues = refuse(
        write_delivery(
            delivery, projects=projects, recognitions=recognitions, retirements=retirements
        )
    )
    got = {(i.file.rsplit("/", 1)[1], i.row, i.column) for i in issues}
    assert got == {
        ("projects.csv", 5, "project_id"),
        ("projects.csv", 6, "county_code"),
        ("projects.csv", 7, "total_investment"),
        ("projects.csv", 8, "completion_date"),
        ("projects.csv", 9, "total_investment"),
        ("recognitions.csv", 9, "list"),
        ("retirements.csv", 5, "dismantling_date"),
    }
    text = "\n".join(map(str, issues))
    assert "project P1 is listed twice" in text and "did you mean 智能工厂?" in text


def test_register_sheet_in_a_workbook_is_read_with_column_letters(delivery):
    (delivery / "recognitions.csv").unlink()
    rows = [line.split(",") for line in RECOGNITIONS.strip().splitlines()]
    rows[3][3] = rows[3][3][:-1] + "0"  # E3's code with a wrong check digit, in cell D4
    (delivery / "lists.xlsx").write_bytes(xlsx_bytes({"recognitions": rows}))
    issues = refuse(delivery)
    assert [where(i) for i in issues] == [
        ("data/raw/2019-03-15/lists.xlsx", "recognitions", 4, "D (uscc)")
    ]


def test_register_template_reads_back_as_an_empty_register(tmp_path):
    out = tmp_path / "projects.xlsx"
    assert main(["template", "--register", "projects", str(out)]) == 0
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.title == "projects" and register_kind(ws.title) == "projects"
    assert ws["A1"].value == "project_id" and "项目编号（必填）" in ws["A1"].comment.text


# ---------------------------------------------------------------- database and sql


def test_sql_answers_a_query_on_the_processed_delivery(delivery, capsys):
    query = (
        "SELECT new FROM named_counts WHERE unit_code = '410322' AND year = 2017"
        " AND indicator_id = 'smart.smart_workshops'"
    )
    assert main(["sql", query, "--data", str(delivery), "--format", "csv"]) == 0
    assert capsys.readouterr().out == "new\n1\n"  # 孟津: E5's workshop


def test_sql_mistake_is_one_line_error(delivery, capsys):
    assert main(["sql", "SELECT nope FROM nowhere", "--data", str(delivery)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("luoyang: error: the query failed:") and "Traceback" not in err


def test_connection_is_read_only(delivery):
    con = registers.connect(delivery)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM enterprises")
    con.close()


def test_database_rewritten_only_when_a_raw_file_changes(delivery):
    target = processed.build(delivery)
    db = target / registers.DATABASE_NAME
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    processed.load(delivery)
    registers.connect(delivery).close()
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before  # nothing changed: untouched
    more = RETIREMENTS + f"{E5},电机,4,,2018-05-01,2018-06-01,,,示例\n"
    (delivery / "retirements.csv").write_text(more, encoding="utf-8")
    assert counts(delivery)[("410322", 2018, "capacity.motors_retired")] == (4, 4)
    assert db.stat().st_mtime_ns != before[1]


def test_unknown_query_target_names_the_tables(delivery):
    with pytest.raises(ParameterError, match="views: named_items, named_counts"):
        registers.query("SELECT * FROM nothing_here", delivery)


# ---------------------------------------------------------------- the sample's registers


def test_shipped_sample_registers_equal_a_fresh_generation(tmp_path):
    from luoyang_analysis import paths, sample
    from luoyang_analysis.sample.registers import write_registers

    written = write_registers(tmp_path, sample.generate(), sample.DEFAULT_SEED)
    shipped = paths.project_root() / "data" / "raw" / "sample"
    for path in written:
        assert (shipped / path.name).read_bytes() == path.read_bytes(), (
            f"{path.name} differs: run python -m luoyang_analysis.sample data/raw/sample"
        )


def test_sample_registers_agree_with_the_sample_but_for_the_designed_gap():
    from luoyang_analysis import paths
    from luoyang_analysis.deliveries.register_contract import MAX_AMOUNT
    from luoyang_analysis.deliveries.registers import in_memory, load_registers

    folder = paths.project_root() / "data" / "raw" / "sample"
    observations, _ = processed.read_and_validate(folder)
    regs = load_registers(folder)
    assert not regs.errors and not regs.warnings
    assert regs.frames["projects"]["total_investment"].max() < MAX_AMOUNT
    assert regs.frames["enterprises"]["name"].str.endswith("（示例数据）").all()
    con = in_memory(observations, regs)
    table = named.discrepancies(observations, con)
    # The generator drops one 2017 workshop name in 偃师 (sample/registers.py GAP).
    assert table[["unit_code", "year", "indicator_id"]].values.tolist() == [
        ["410381", 2017, "smart.smart_workshops"]
    ]
    late = con.execute(
        "SELECT unit_code, dismantling_date FROM dismantling WHERE NOT met"
    ).fetchall()
    assert [(u, str(d)) for u, d in late] == [("410323", "2017-11-15")]


# ---------------------------------------------------------------- reports


def test_names_appendix_lists_the_names_escaped_with_the_discrepancy(delivery):
    from luoyang_analysis.presentation.names import names_anchor, names_appendix_html

    hostile = RECOGNITIONS.replace("一号车间", "<b>一号车间</b>")
    write_delivery(delivery, recognitions=hostile)
    observations, _ = processed.load(delivery)
    html = names_appendix_html("410381", 2017, delivery, observations)
    assert f'id="{names_anchor("smart.smart_workshops")}"' in html
    assert "&lt;b&gt;一号车间&lt;/b&gt;" in html and "<b>" not in html
    assert "豫工信装〔2017〕101号" in html and "2017-11-20" in html
    # The report's language: 报送 5 against 4 names; English for an English report.
    assert "报送 5，名单计数 4：" in html and "reported 5, named 4" not in html
    english = names_appendix_html("410381", 2017, delivery, observations, lang="en")
    assert "reported 5, named 4: " in english
    # 2017 targets: workshops (4 in 偃师) named; the factory of 2018 not yet.
    assert "智能车间 <small>(smart.smart_workshops)</small>: 名单计数 4" in html
    assert "智能工厂 <small>(smart.smart_factories)</small>: 名单计数 0" in html


def test_summary_workbook_gets_a_sheet_per_register_and_the_discrepancies(delivery, tmp_path):
    import io

    import pandas as pd

    from luoyang_analysis.batch.summaries import add_register_sheets

    observations, _ = processed.load(delivery)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        add_register_sheets(writer, delivery, observations)
    sheets = pd.read_excel(io.BytesIO(buf.getvalue()), sheet_name=None)
    assert list(sheets) == [
        "enterprises", "recognitions", "projects", "retirements", "discrepancies"
    ]  # fmt: skip
    assert len(sheets["enterprises"]) == 5 and len(sheets["recognitions"]) == 7
    row = sheets["discrepancies"].iloc[0]
    assert (row["unit_code"], row["reported"], row["named"]) == (410381, 5, 4)


def test_planned_dates_and_investment_are_optional_and_checked(delivery):
    header = PROJECTS.splitlines()[0] + ",planned_completion,planned_2017,planned_2018\n"
    rows = [line + ",,," for line in PROJECTS.splitlines()[1:]]  # the old rows: no plan, fine
    rows += [
        # line 5: planned completion before the start; line 6: 600 + 500 = 1,100 万元 planned
        # against a total of 1,000.
        f"P8,计划倒置,{E1},410381,重点,,100,,,,2018-05-01,,,在建,,,2018-01-01,,",
        f"P9,计划超总投资,{E1},410381,重点,,1000,,,,2018-01-01,,,在建,,,2019-06-30,600,500",
        f"P10,计划正常,{E1},410381,重点,,1000,,,,2018-01-01,,,在建,,,2019-06-30,600,400",
    ]
    issues = refuse(write_delivery(delivery, projects=header + "\n".join(rows) + "\n"))
    got = {(i.file.rsplit("/", 1)[1], i.row, i.column) for i in issues}
    assert got == {
        ("projects.csv", 5, "planned_completion"),
        ("projects.csv", 6, "total_investment"),
    }
    assert "planned_2016…2020 = 1100 万元" in "\n".join(map(str, issues))
