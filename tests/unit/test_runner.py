"""Planning the report batch: parameters, output paths, digests (no notebook is executed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoyang_analysis.batch import runner
from luoyang_analysis.deliveries import processed
from luoyang_analysis.exceptions import ParameterError

ROWS = (
    "unit_code,year,indicator_id,value\n"
    "410323,2016,green.energy_intensity,1.0\n"
    "410323,2018,green.energy_intensity,0.9\n"
    "410381,2018,techup.investment_share,26\n"
)


REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def notebooks(root):
    (root / "notebooks").symlink_to(REPO / "notebooks")


def plan_for(data: Path, **kw):
    obs, manifest = processed.load(data)
    units = kw.pop("units", None)
    return runner.plan(
        obs, manifest, data, kw.pop("years", [2018]), units, include_overviews=not units, **kw
    )


def test_a_delivery_inside_the_project_is_passed_relative(root):
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(ROWS, encoding="utf-8")
    jobs = plan_for(d, units=["410323"])
    assert [j.parameters["data"] for j in jobs] == ["data/raw/2019-03-15"]


def test_a_delivery_outside_the_project_is_passed_absolute(root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "2019-03-15"
    outside.mkdir()
    (outside / "a.csv").write_text(ROWS, encoding="utf-8")
    jobs = plan_for(outside, units=["410323"])
    assert jobs[0].parameters["data"] == str(outside.resolve())


def test_jobs_names_and_paths(root, monkeypatch, tmp_path):
    monkeypatch.setenv("LUOYANG_REPORTS", str(tmp_path / "reports"))
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(ROWS, encoding="utf-8")
    jobs = plan_for(d)
    keys = [j.key for j in jobs]
    assert keys[0] == "targets_overview" and keys[1] == "2018/410300" and len(keys) == 1 + 16
    assert jobs[1].notebook.name == "city_overview.ipynb"
    assert jobs[2].out_stem == tmp_path / "reports" / "2018" / "410302"
    en = plan_for(d, units=["410381"], lang="en")
    assert en[0].out_stem == tmp_path / "reports" / "2018" / "en" / "410381"


def test_a_county_digest_changes_only_with_its_own_rows(root):
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(ROWS, encoding="utf-8")
    before = {j.key: j.digest for j in plan_for(d)}
    (d / "a.csv").write_text(
        ROWS.replace(
            "410381,2018,techup.investment_share,26", "410381,2018,techup.investment_share,24"
        ),
        encoding="utf-8",
    )
    after = {j.key: j.digest for j in plan_for(d)}
    changed = sorted(k for k in before if before[k] != after[k])
    assert changed == ["2018/410300", "2018/410381"]


def test_bad_parameters_are_refused_before_anything_runs(root):
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(ROWS, encoding="utf-8")
    with pytest.raises(ParameterError, match="year 2025 is not in the data"):
        plan_for(d, years=[2025])
    with pytest.raises(ParameterError, match="unknown unit"):
        plan_for(d, units=["../../etc"])
    with pytest.raises(ParameterError, match="did not exist in 2018"):
        plan_for(d, units=["410307"])
    with pytest.raises(ParameterError, match="outside"):
        runner.check_output_path(runner.output_dir(2018, "zh") / ".." / ".." / "x")


def test_years_choose_the_scorecards_and_the_finals_come_once(root, monkeypatch, tmp_path):
    from luoyang_analysis.presentation.departments import departments

    monkeypatch.setenv("LUOYANG_REPORTS", str(tmp_path / "reports"))
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(ROWS, encoding="utf-8")
    # --year 2017 2018 for every unit: each year's scorecards (index + one per department),
    # and the 2020 units' finals once (they span the programme, not a year).
    keys = [j.key for j in plan_for(d, years=[2017, 2018], include_kinds=True)]
    for year in (2017, 2018):
        scorecards = [k for k in keys if k.startswith(f"{year}/departments/")]
        assert len(scorecards) == 1 + len(departments())
    finals = [k for k in keys if k.startswith("final/")]
    assert len(finals) == len(set(finals)) == 16  # the city and the 15 counties of 2020


def test_a_register_change_rebuilds_the_bulletin_and_a_move_does_not():
    import datetime as dt

    import pandas as pd

    from luoyang_analysis.batch import kinds

    obs = pd.DataFrame(
        [("410302", 2017, "techup.key_project_investment", 4.2, "", "", "a.csv", "", 2)],
        columns=[
            "unit_code",
            "year",
            "indicator_id",
            "value",
            "source",
            "note",
            "file",
            "sheet",
            "row",
        ],
    )
    reg = pd.DataFrame(
        {
            "project_id": ["P1"], "name": ["甲"], "county_code": ["410302"], "category": ["升级"],
            "status": ["在建"], "start_date": [dt.date(2017, 5, 1)],
            "planned_completion": [dt.date(2018, 3, 31)], "_file": ["projects.csv"], "_row": [2],
        }
    )  # fmt: skip
    for col in kinds.columns("projects"):
        reg[col] = reg.get(col)

    def digest(register):
        return kinds.bulletin_job(obs, "2018H1", {"lang": "zh"}, (), "zh", None, register).digest

    moved = reg.assign(_file="elsewhere/410302-projects.csv", _row=9)
    later = reg.assign(planned_completion=[dt.date(2018, 9, 30)])
    assert digest(moved) == digest(reg)
    assert len({digest(reg), digest(later), digest(None)}) == 3


def test_kinds_choose_which_reports_are_planned(root, monkeypatch, tmp_path):
    monkeypatch.setenv("LUOYANG_REPORTS", str(tmp_path / "reports"))
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(ROWS, encoding="utf-8")
    yearly = [j.key for j in plan_for(d)]  # the default: the yearly reports alone
    # the targets overview and the 16 units of 2018 (the city and 15 counties)
    assert len(yearly) == 1 + 16
    everything = [j.key for j in plan_for(d, include_kinds=("yearly", "departments", "final"))]
    assert everything[: len(yearly)] == yearly
    assert any(k.startswith("2018/departments/") for k in everything)
    assert any(k.startswith("final/") for k in everything)
    assert [j.key for j in plan_for(d, include_kinds=True)] == everything
    later = [j.key for j in plan_for(d, include_kinds=("departments",))]
    assert later and all(k.startswith("2018/departments/") for k in later)
    # the units are checked whatever the kinds
    with pytest.raises(ParameterError):
        plan_for(d, units=["999999"], include_kinds=("departments",))


def test_an_unknown_kind_is_refused_before_anything_is_read(root):
    from luoyang_analysis.batch import build

    with pytest.raises(ParameterError, match="unknown report kind.*yearly, departments"):
        build.build_all(kinds=["yearly", "weekly"], progress=False)


def test_kinds_that_need_every_unit_with_one_unit_are_refused_not_silently_empty(root):
    # `luoyang reports --kinds departments,final --unit 410381` planned nothing (those
    # kinds are built from every unit at once) and ended "0 built" with no reason.
    from luoyang_analysis.batch import build

    with pytest.raises(ParameterError, match="full batch only.*--unit"):
        build.build_all(units=["410381"], kinds=["departments", "final"], progress=False)
