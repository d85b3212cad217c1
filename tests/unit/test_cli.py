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
