"""`luoyang diff`: two hand-made deliveries, exactly the cells that changed, appeared or disappeared."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from openpyxl import Workbook

from luoyang_analysis.deliveries import revisions
from luoyang_analysis.exceptions import DataError
from tests.helpers import run_cli as run

HEADER = "unit_code,year,indicator_id,value,source,note"

OLD = """unit_code,year,indicator_id,value,source,note
410323,2017,capacity.coal_mines_closed,3,,
410323,2018,capacity.coal_mines_closed,2,,
410381,2018,techup.investment_share,35.5,,
410300,2016,green.energy_intensity,0.8,,
410300,2017,green.energy_intensity,0.76,,
410325,2019,green.green_parks,1,,
"""

# changed: 410323 2018 mines 2 -> 5; 410300 2017 intensity 0.76 -> 0.75
# removed: 410325 2019 green_parks
# added:   410381 2019 investment share 36; 410327 2018 smart factories 2
# the same: 410323 2017 (3 written as 3.0), 410381 2018 (note changed only), 410300 2016
NEW = """unit_code,year,indicator_id,value,source,note
410323,2017,capacity.coal_mines_closed,3.0,,
410323,2018,capacity.coal_mines_closed,5,,
410381,2018,techup.investment_share,35.5,,修订说明
410381,2019,techup.investment_share,36,,
410300,2016,green.energy_intensity,0.8,,
410300,2017,green.energy_intensity,0.75,,
410327,2018,smart.smart_factories,2,,
"""

EXPECTED = [
    ("410300", "green.energy_intensity", 2017, 0.76, 0.75, "changed"),
    ("410323", "capacity.coal_mines_closed", 2018, 2.0, 5.0, "changed"),
    ("410325", "green.green_parks", 2019, 1.0, None, "removed"),
    ("410327", "smart.smart_factories", 2018, None, 2.0, "added"),
    ("410381", "techup.investment_share", 2019, None, 36.0, "added"),
]


def deliver(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / "data" / "raw" / name
    folder.mkdir(parents=True)
    for fname, text in files.items():
        (folder / fname).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def vintages(root):
    return deliver(root, "2019-03-15", {"a.csv": OLD}), deliver(root, "2019-06-30", {"a.csv": NEW})


def rows(frame) -> list[tuple]:
    def v(x):
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)

    return [
        (r.unit_code, r.indicator_id, int(r.year), v(r.old_value), v(r.new_value), r.change)
        for r in frame.itertuples(index=False)
    ]


def test_diff_lists_exactly_the_changed_added_and_removed_cells(root, vintages):
    old, new = vintages
    frame = revisions.diff(old, new)
    assert list(frame.columns) == [
        "unit_code",
        "indicator_id",
        "year",
        "old_value",
        "new_value",
        "change",
    ]
    assert rows(frame) == EXPECTED


def test_diff_of_a_delivery_with_itself_is_empty(root, vintages):
    old, _ = vintages
    assert revisions.diff(old, old).empty


def test_diff_accepts_paths_relative_to_the_project_and_only_reads(root, vintages):
    old, new = vintages
    before = {p: p.read_bytes() for p in (old / "a.csv", new / "a.csv")}
    frame = revisions.diff("data/raw/2019-03-15", "data/raw/2019-06-30")
    assert rows(frame) == EXPECTED
    assert {p: p.read_bytes() for p in before} == before
    assert not (root / "data" / "processed").exists()


def test_diff_is_by_value_whatever_the_file_form_and_split(root):
    """The old delivery as one CSV; the new one as a wide workbook plus a CSV, same values but one."""
    old = deliver(root, "2019-03-15", {"a.csv": OLD})
    new = deliver(
        root,
        "2019-06-30",
        {
            "rest.csv": HEADER
            + "\n410381,2018,techup.investment_share,35.5,,\n410300,2016,green.energy_intensity,0.8,,\n"
            "410300,2017,green.energy_intensity,0.76,,\n410325,2019,green.green_parks,1,,\n"
        },
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "410323"
    ws["A1"], ws["B1"] = "unit_code", "410323"
    for c, v in enumerate(["indicator_id", "name", 2016, 2017, 2018], start=1):
        ws.cell(row=3, column=c, value=v)
    for c, v in enumerate(["capacity.coal_mines_closed", "关闭煤矿", None, 3, 2.5 + 0.5], start=1):
        ws.cell(row=4, column=c, value=v)
    wb.save(new / "410323.xlsx")
    frame = revisions.diff(old, new)
    assert rows(frame) == [("410323", "capacity.coal_mines_closed", 2018, 2.0, 3.0, "changed")]


def test_diff_refuses_a_bad_delivery(root, vintages):
    old, _ = vintages
    bad = deliver(
        root, "2019-09-30", {"a.csv": HEADER + "\n410323,2017,capacity.coal_mines_closed,20%,,\n"}
    )
    with pytest.raises(DataError) as exc:
        revisions.diff(old, bad)
    assert [(i.file, i.row, i.column) for i in exc.value.issues] == [
        ("data/raw/2019-09-30/a.csv", 2, "value")
    ]


# ---------------------------------------------------------------- CLI


def test_cli_diff_csv_lists_exactly_the_changes(root, vintages, capsys):
    code, out, _ = run(
        capsys, "diff", "data/raw/2019-03-15", "data/raw/2019-06-30", "--format", "csv"
    )
    assert code == 0
    got = list(csv.DictReader(io.StringIO(out)))
    assert [
        (
            r["unit_code"],
            r["indicator_id"],
            int(r["year"]),
            float(r["old_value"]) if r["old_value"] else None,
            float(r["new_value"]) if r["new_value"] else None,
            r["change"],
        )
        for r in got
    ] == EXPECTED


def test_cli_diff_json_and_table(root, vintages, capsys):
    code, out, _ = run(
        capsys, "diff", "data/raw/2019-03-15", "data/raw/2019-06-30", "--format", "json"
    )
    assert code == 0
    records = json.loads(out)
    assert [(r["unit_code"], r["year"], r["change"]) for r in records] == [
        (u, y, c) for u, _, y, _, _, c in EXPECTED
    ]
    code, out, _ = run(capsys, "diff", "data/raw/2019-03-15", "data/raw/2019-06-30")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1 + len(EXPECTED)
    assert "nan" not in out.lower()
    for unit, ind, _, _, _, change in EXPECTED:
        assert any(unit in line and ind in line and change in line for line in lines[1:])


def test_cli_diff_without_differences(root, vintages, capsys):
    code, out, err = run(capsys, "diff", "data/raw/2019-03-15", "data/raw/2019-03-15")
    assert code == 0 and out == "" and "no differences" in err


def test_cli_diff_on_bad_data_exits_1_without_traceback(root, vintages, capsys):
    deliver(
        root, "2019-09-30", {"a.csv": HEADER + "\n410323,2017,capacity.coal_mines_closed,25处,,\n"}
    )
    code, out, err = run(capsys, "diff", "data/raw/2019-03-15", "data/raw/2019-09-30")
    assert code == 1 and out == ""
    assert err.startswith("luoyang: error:") and "Traceback" not in err
