"""`luoyang gaps` and the status part of `luoyang diff`, on small hand-written deliveries.

Targets from the source text: "2017年，全市关闭退出煤矿25处"; "2018 年，规模以上单位工业
增加值能耗比 2016 年降低 9%".
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from luoyang_analysis.cli import main
from luoyang_analysis.gaps.revisions import status_changes

HEADER = "unit_code,year,indicator_id,value,source,note\n"


def delivery(root, name, rows):
    d = root / "data" / "raw" / name
    d.mkdir(parents=True)
    (d / "obs.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return d


def test_gaps_for_the_city_in_2017(root, capsys):
    d = delivery(
        root,
        "2018-03-01",
        [
            "410300,2016,capacity.coal_mines_closed,0,,",
            "410300,2017,capacity.coal_mines_closed,20,,",
        ],
    )
    assert (
        main(["gaps", "--unit", "410300", "--year", "2017", "--data", str(d), "--format", "csv"])
        == 0
    )
    rows = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    coal = rows["capacity.coal_mines_closed"]
    # target 25 (yearly); actual 20 -> gap 25 - 20 = 5; completion 20/25 = 0.8; a milestone missed.
    assert float(coal["target_value"]) == 25
    assert float(coal["actual_value"]) == 20
    assert float(coal["gap"]) == 5
    assert float(coal["completion_rate"]) == pytest.approx(0.8)
    assert coal["status"] == "not_achieved"


def test_gaps_all_lists_every_unit_city_first(root, capsys):
    d = delivery(
        root,
        "2018-03-01",
        [
            "410323,2016,green.energy_intensity,1.0,,",
            "410323,2017,green.energy_intensity,0.95,,",
            "410381,2016,green.energy_intensity,2.0,,",
            "410381,2017,green.energy_intensity,1.8,,",
        ],
    )
    assert main(["gaps", "--all", "--year", "2017", "--data", str(d), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    codes = list(dict.fromkeys(r["unit_code"] for r in rows))
    assert codes == ["410300", "410323", "410381"]
    er = {
        r["unit_code"]: r for r in rows if r["indicator_id"] == "green.energy_intensity_reduction"
    }
    # 新安县: 1 - 0.95/1.0 = 5% >= 4.5% -> achieved; 偃师市: 1 - 1.8/2.0 = 10% -> achieved.
    assert float(er["410323"]["actual_value"]) == pytest.approx(5.0)
    assert float(er["410381"]["actual_value"]) == pytest.approx(10.0)
    assert er["410323"]["status"] == er["410381"]["status"] == "achieved"


def test_unknown_year_is_a_clear_error(root, capsys):
    d = delivery(root, "2018-03-01", ["410300,2017,capacity.coal_mines_closed,20,,"])
    assert main(["gaps", "--unit", "410300", "--year", "2019", "--data", str(d)]) == 1
    assert "year 2019 is not in the data" in capsys.readouterr().err


def test_a_revision_that_changes_a_status_is_listed(root):
    base = [
        "410323,2016,green.energy_intensity,1.0,,",
        "410323,2017,green.energy_intensity,0.97,,",
        "410323,2018,green.energy_intensity,0.93,,",
    ]
    old = delivery(root, "2019-03-15", base)
    # Revised 2018 level 0.90: reduction 1 - 0.90/1.0 = 10% >= 9% (achieved); it was 7% (not achieved).
    new = delivery(root, "2019-06-30", base[:2] + ["410323,2018,green.energy_intensity,0.90,,"])
    changes = status_changes(old, new)
    row = changes[
        (changes["indicator_id"] == "green.energy_intensity_reduction")
        & (changes["year"] == 2018)
        & (changes["unit_code"] == "410323")
    ]
    assert len(row) == 1
    assert row.iloc[0]["old_status"] == "not_achieved" and row.iloc[0]["new_status"] == "achieved"
    assert row.iloc[0]["old_completion_rate"] == pytest.approx(7 / 9)
    assert row.iloc[0]["new_completion_rate"] == pytest.approx(10 / 9)


def test_diff_statuses_shows_the_labels_of_the_chosen_language(root, capsys):
    base = [
        "410323,2016,green.energy_intensity,1.0,,",
        "410323,2018,green.energy_intensity,0.93,,",
    ]
    old = delivery(root, "2019-03-15", base)
    new = delivery(root, "2019-06-30", base[:1] + ["410323,2018,green.energy_intensity,0.90,,"])
    # 2018 reduction 1 - 0.93/1.0 = 7% < 9%: 未完成 / Not achieved; revised 1 - 0.90 = 10%:
    # 已完成 / Achieved (labels of languages/zh.py and en.py; zh when no --lang).
    for lang, was, now in (
        ([], "未完成", "已完成"),
        (["--lang", "en"], "Not achieved", "Achieved"),
    ):
        assert main(["diff", str(old), str(new), "--statuses", *lang]) == 0
        out = capsys.readouterr().out
        [line] = [x for x in out.splitlines() if "green.energy_intensity_reduction" in x]
        assert line.index(was) < line.rindex(now)
        assert "not_achieved" not in out
    # csv keeps the codes, for scripts (old completion 7/9 = 0.7777777778 between them).
    assert main(["diff", str(old), str(new), "--statuses", "--format", "csv"]) == 0
    assert ",2018,not_achieved,0.7777777778,achieved," in capsys.readouterr().out


def test_gaps_all_runs_on_the_sample_for_every_year(tmp_path, monkeypatch, capsys):
    repo = Path(__file__).resolve().parents[2]
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "sample").symlink_to(repo / "data" / "raw" / "sample")
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    for year in range(2016, 2021):
        assert main(["gaps", "--all", "--year", str(year), "--format", "csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert {r["unit_code"] for r in rows} >= {"410300", "410302", "410381"}
        assert len({r["unit_code"] for r in rows}) == 16
