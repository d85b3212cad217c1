"""The `luoyang` command: formats, filters, the source check, and clean errors."""

from __future__ import annotations

import csv
import io
import json

from tests.helpers import run_cli as run
from tests.unit.test_targets import LISTED_COLUMNS


def test_targets_csv_has_the_agreed_columns_and_one_row_per_indicator_year(capsys):
    code, out, _ = run(capsys, "targets", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    for col in LISTED_COLUMNS:  # the agreed columns, written out once in test_targets
        assert col in rows[0]
    keys = [(r["indicator_id"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys))
    # 2017年，全市关闭退出煤矿25处 — from the source text.
    coal = next(r for r in rows if r["indicator_id"] == "capacity.coal_mines_closed")
    assert (coal["year"], coal["target_value"], coal["responsible_units"]) == (
        "2017",
        "25",
        "市煤炭局",
    )


def test_targets_filters_by_plan_and_year(capsys):
    code, out, _ = run(capsys, "targets", "--format", "json", "--plan", "smart", "--year", "2018")
    assert code == 0
    rows = json.loads(out)
    assert {r["plan"] for r in rows} == {"smart"} and {r["year"] for r in rows} == {2018}
    # ——2018 年，培育 7 个智能工厂、14 个智能车间 ... 对标企业达到 140 家
    by_id = {r["indicator_id"]: r["target_value"] for r in rows}
    assert by_id["smart.smart_factories"] == 7
    assert by_id["smart.integration_benchmarked"] == 140


def test_table_format_prints_chinese(capsys):
    code, out, _ = run(capsys, "targets", "--plan", "capacity")
    assert code == 0 and "市煤炭局" in out


def test_check_lists_the_recycling_park_conflict(capsys):
    code, out, _ = run(capsys, "targets", "--check")
    assert code == 0
    assert "green.recycling_parks 2017" in out
    assert "2017年建成2个城市矿产类静脉产业园" in out
    assert "目录完整性：通过" in out


def test_broken_catalogue_gives_a_message_not_a_traceback(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("plans: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "targets", "--catalogue", str(bad))
    assert code == 1
    assert err.startswith("luoyang: error:") and "bad.yaml" in err
    assert "Traceback" not in err


def test_units_for_2017(capsys):
    code, out, _ = run(capsys, "units", "--year", "2017", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 16 and rows[0]["code"] == "410300"


def test_process_prints_the_register_warnings_that_validate_prints(root, capsys):
    from tests.register_fixtures import code

    # One enterprise whose credit code was issued in 孟津 (410322) but which is listed in
    # 偃师 (410381): a moved enterprise, kept with a warning. Header is line 1, it is line 2.
    moved = code("410322", 7)
    folder = root / "data" / "raw" / "2019-03-15"
    folder.mkdir(parents=True)
    (folder / "observations.csv").write_text(
        "unit_code,year,indicator_id,value,source,note\n410381,2017,smart.smart_factories,1,,\n",
        encoding="utf-8",
    )
    (folder / "enterprises.csv").write_text(
        "uscc,name,county_code,industry,above_size_from,above_size_to,source\n"
        f"{moved},庚机械有限公司（示例数据）,410381,装备制造,2016,,示例\n",
        encoding="utf-8",
    )
    line = (
        "warning: data/raw/2019-03-15/enterprises.csv, row 2, column county_code: "
        f"统一社会信用代码 {moved} was issued in area 410322, not in 410381"
    )
    code_v, out_v, _ = run(capsys, "validate", str(folder))
    assert code_v == 0 and line in out_v
    code_p, out_p, err_p = run(capsys, "process", "--data", str(folder))
    assert code_p == 0 and line in err_p
    # Processing still wrote the observation; stdout still ends with the folder.
    assert out_p.strip().splitlines()[-1].endswith("2019-03-15")
    assert (root / "data" / "processed" / "2019-03-15" / "observations.csv").exists()
