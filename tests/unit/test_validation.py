"""Every validation rule, each with a small hand-written bad file.

Each bad input is checked the same way: a good delivery is processed first and
the bytes of ``data/processed/`` are kept; then ``processed.build()`` on a
delivery holding the bad file must raise :class:`DataError` naming the exact
file, row and column, and ``data/processed/`` must be byte-identical afterwards.

CSV rows count the header as row 1, so the first data row is row 2.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from luoyang_analysis.catalogue.units import default_units
from luoyang_analysis.deliveries import processed, raw, validation
from luoyang_analysis.deliveries.contract import ENERGY_INTENSITY, data_indicators
from luoyang_analysis.exceptions import DataError
from tests.helpers import refuse as refuse_delivery
from tests.helpers import snapshot, where

HEADER = "unit_code,year,indicator_id,value,source,note"
GOOD_ROW = "410325,2017,green.green_parks,1,,"  # 嵩县, valid, used as row 2 of every bad file
GOOD_DELIVERY = "\n".join(
    [
        HEADER,
        "410323,2017,capacity.coal_mines_closed,3,,",
        "410381,2018,techup.investment_share,35.5,,",
        "410300,2016,green.energy_intensity,0.8,,",
        "410300,2017,green.energy_intensity,0.76,,",
    ]
)
BAD = "data/raw/2019-06-30"


def csv_file(*rows: str) -> str:
    """A long-form CSV: the header, then the given rows (row 2, row 3, …)."""
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project root in tmp_path with one good delivery already processed."""
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    good = tmp_path / "data" / "raw" / "2019-03-15"
    good.mkdir(parents=True)
    (good / "good.csv").write_text(GOOD_DELIVERY, encoding="utf-8")
    processed.build(good)
    assert snapshot(tmp_path)  # observations.csv and manifest.json exist
    return tmp_path


def refuse(root: Path, files: dict[str, str | bytes]) -> DataError:
    """Build a delivery holding ``files``; it must fail and leave data/processed/ untouched."""
    return refuse_delivery(root, files, GOOD_DELIVERY, BAD)


CASES = [
    (
        "unknown-unit-code",
        {"bad.csv": csv_file(GOOD_ROW, "4103233,2017,capacity.coal_mines_closed,3,,")},
        [("bad.csv", 3, "unit_code", ["unknown unit code '4103233'", "did you mean 410323?"])],
    ),
    (
        "unit-name-instead-of-code",
        {"bad.csv": csv_file(GOOD_ROW, "新安县,2017,capacity.coal_mines_closed,3,,")},
        [("bad.csv", 3, "unit_code", ["unknown unit code '新安县'", "did you mean 410323?"])],
    ),
    (
        "unit-not-yet-existing-410307-in-2018",
        {"bad.csv": csv_file(GOOD_ROW, "410307,2018,green.green_parks,2,,")},
        [("bad.csv", 3, "unit_code", ["unit 410307 偃师区 did not exist in 2018"])],
    ),
    (
        "unit-abolished-410381-in-2021",
        {"bad.csv": csv_file(GOOD_ROW, "410381,2021,green.green_parks,2,,")},
        [("bad.csv", 3, "unit_code", ["unit 410381 偃师市 did not exist in 2021", "410307"])],
    ),
    (
        "unknown-indicator-id",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2017,capacity.coal_mine_closed,3,,")},
        [
            (
                "bad.csv",
                3,
                "indicator_id",
                [
                    "unknown indicator id 'capacity.coal_mine_closed'",
                    "did you mean capacity.coal_mines_closed?",
                ],
            )
        ],
    ),
    (
        "year-2015",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2015,capacity.coal_mines_closed,3,,")},
        [("bad.csv", 3, "year", ["year 2015 is outside 2016–2030"])],
    ),
    (
        "year-2031",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2031,capacity.coal_mines_closed,3,,")},
        [("bad.csv", 3, "year", ["year 2031 is outside 2016–2030"])],
    ),
    (
        "year-in-chinese-numerals",
        {"bad.csv": csv_file(GOOD_ROW, "410323,二〇一七,capacity.coal_mines_closed,3,,")},
        [("bad.csv", 3, "year", ["year '二〇一七' is not a year"])],
    ),
    (
        "year-2017.5",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2017.5,capacity.coal_mines_closed,3,,")},
        [("bad.csv", 3, "year", ["year '2017.5' is not a year"])],
    ),
    (
        "value-abc",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2017,capacity.coal_mines_closed,abc,,")},
        [("bad.csv", 3, "value", ["value 'abc' is not a number"])],
    ),
    (
        "value-20-percent-sign",
        {"bad.csv": csv_file(GOOD_ROW, "410381,2018,techup.investment_share,20%,,")},
        [("bad.csv", 3, "value", ["value '20%' is not a number", "without the % sign"])],
    ),
    (
        "value-thousands-separator",
        {"bad.csv": csv_file(GOOD_ROW, '410323,2017,capacity.transformers_retired,"1,200",,')},
        [("bad.csv", 3, "value", ["value '1,200' is not a number", "thousands separators"])],
    ),
    (
        "value-fullwidth-thousands-separator",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2017,capacity.transformers_retired,1，200,,")},
        [("bad.csv", 3, "value", ["value '1，200' is not a number", "thousands separators"])],
    ),
    (
        "value-with-unit-25处",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2017,capacity.coal_mines_closed,25处,,")},
        [("bad.csv", 3, "value", ["value '25处' is not a number"])],
    ),
    (
        "negative-count",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2017,capacity.coal_mines_closed,-3,,")},
        [("bad.csv", 3, "value", ["negative value -3 for capacity.coal_mines_closed"])],
    ),
    (
        "negative-share",
        {"bad.csv": csv_file(GOOD_ROW, "410381,2018,techup.investment_share,-5,,")},
        [("bad.csv", 3, "value", ["negative value -5 for techup.investment_share"])],
    ),
    (
        "share-120",
        {"bad.csv": csv_file(GOOD_ROW, "410381,2018,techup.investment_share,120,,")},
        [("bad.csv", 3, "value", ["share 120 is above 100 for techup.investment_share"])],
    ),
    (
        "fraction-0.35-for-percent",
        {"bad.csv": csv_file(GOOD_ROW, "410381,2018,techup.investment_share,0.35,,")},
        [("bad.csv", 3, "value", ["value 0.35 looks like a fraction", "35 for 0.35"])],
    ),
    (
        "non-whole-count-2.5",
        {"bad.csv": csv_file(GOOD_ROW, "410323,2017,smart.smart_factories,2.5,,")},
        [("bad.csv", 3, "value", ["count 2.5 is not a whole number for smart.smart_factories"])],
    ),
    (
        "duplicate-cell-in-one-file",
        {
            "bad.csv": csv_file(
                GOOD_ROW,
                "410327,2018,green.green_parks,2,,",
                "410327,2018,green.green_parks,4,,",
            )
        },
        [
            (
                "bad.csv",
                4,
                "value",
                ["410327 2018 green.green_parks is 4 here but 2 in", f"{BAD}/bad.csv row 3"],
            )
        ],
    ),
    (
        "duplicate-cell-across-two-files",
        {
            "a.csv": csv_file("410327,2018,green.green_parks,2,,"),
            "b.csv": csv_file(GOOD_ROW, "410327,2018,green.green_parks,5,,"),
        },
        [
            (
                "b.csv",
                3,
                "value",
                ["410327 2018 green.green_parks is 5 here but 2 in", f"{BAD}/a.csv row 2"],
            )
        ],
    ),
    (
        "missing-header-column",
        {"bad.csv": "unit_code,year,value\n410323,2017,3\n"},
        [("bad.csv", 1, None, ["missing column(s) indicator_id"])],
    ),
    (
        "empty-file",
        {"bad.csv": b""},
        [("bad.csv", None, None, ["the file is empty"])],
    ),
]


@pytest.mark.parametrize("files, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_its_location_and_processed_is_unchanged(
    project, files, expected
):
    err = refuse(project, files)
    assert [where(i) for i in err.issues] == [
        (f"{BAD}/{f}", None, row, col) for f, row, col, _ in expected
    ]
    for issue, (f, row, col, words) in zip(err.issues, expected, strict=True):
        text = str(issue)
        location = (
            f"{BAD}/{f}" + (f", row {row}" if row else "") + (f", column {col}" if col else "")
        )
        assert text.startswith(location + ": "), text
        for w in words:
            assert w in text
        assert issue.fix  # every problem says what to do


def test_the_fixtures_use_real_ids_and_codes():
    indicators, units = data_indicators(), default_units()
    for code in ("410323", "410381", "410300", "410307", "410325", "410327", "410328"):
        assert code in units
    for ind in (
        "capacity.coal_mines_closed",
        "capacity.transformers_retired",
        "techup.investment_share",
        "smart.smart_factories",
        "green.green_parks",
        ENERGY_INTENSITY,
    ):
        assert ind in indicators
    assert indicators["techup.investment_share"].is_percent
    assert indicators["smart.smart_factories"].measure == "count"
    assert units["410307"].valid_from == 2021 and units["410381"].valid_to == 2020


def test_all_problems_of_a_file_are_reported_at_once(project):
    err = refuse(
        project,
        {
            "four.csv": csv_file(
                "410399,2017,capacity.coal_mines_closed,3,,",  # row 2: unknown unit
                "410323,2015,capacity.coal_mines_closed,3,,",  # row 3: year
                "410323,2017,capacity.coal_mines_closed,abc,,",  # row 4: value
                "410381,2018,techup.investment_share,120,,",  # row 5: share
            )
        },
    )
    assert [where(i) for i in err.issues] == [
        (f"{BAD}/four.csv", None, 2, "unit_code"),
        (f"{BAD}/four.csv", None, 3, "year"),
        (f"{BAD}/four.csv", None, 4, "value"),
        (f"{BAD}/four.csv", None, 5, "value"),
    ]
    assert str(err).startswith("4 problem(s) in the data")


def test_all_problems_of_one_row_are_reported(project):
    err = refuse(project, {"row.csv": csv_file("999999,20xx,no.such.indicator,many,,")})
    assert [i.column for i in err.issues] == ["unit_code", "year", "indicator_id", "value"]
    assert {i.row for i in err.issues} == {2}


def test_problems_in_several_files_are_reported_together(project):
    err = refuse(
        project,
        {
            "a.csv": csv_file("410323,2031,capacity.coal_mines_closed,3,,"),
            "b.csv": csv_file(GOOD_ROW, "410323,2017,capacity.coal_mines_closed,-1,,"),
            "c.csv": b"",
        },
    )
    assert sorted(where(i) for i in err.issues) == [
        (f"{BAD}/a.csv", None, 2, "year"),
        (f"{BAD}/b.csv", None, 3, "value"),
        (f"{BAD}/c.csv", None, None, None),
    ]


def test_a_blank_line_still_counts_as_a_row(project):
    err = refuse(
        project,
        {"bad.csv": f"{HEADER}\n{GOOD_ROW}\n\n410323,2017,capacity.coal_mines_closed,x,,\n"},
    )
    assert [where(i) for i in err.issues] == [(f"{BAD}/bad.csv", None, 4, "value")]


# ---------------------------------------------------------------- what is accepted


def rows_of(text: str, tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    rf = raw.read_file(path)
    assert rf.issues == []
    return rf.rows


def test_good_values_are_accepted_as_numbers(tmp_path, monkeypatch):
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    rows = rows_of(
        csv_file(
            "410323,2017,capacity.coal_mines_closed,3,,",
            "410323,2017.0,capacity.coal_capacity_cut,12.5,,",  # a year as Excel writes a float
            "410381,2018,techup.investment_share,0,,",  # 0 % is a share, not a fraction
            "410381,2019,techup.investment_share,100,,",
            "410381,2020,techup.investment_share,1,,",
            f"410300,2016,{ENERGY_INTENSITY},0.8,,",  # not a percent: a fraction is fine
            "410300,2017,green.energy_intensity_yoy,-4.5,,",  # a fall is negative
            "410300,2018,green.energy_intensity_yoy,0.5,,",  # yoy rates may be small
            "410323,2018,capacity.coal_mines_closed,,,",  # empty: not reported
        ),
        tmp_path,
    )
    clean, issues = validation.validate(rows)
    assert issues == []
    got = {(r.unit_code, r.year, r.indicator_id): r.value for r in clean.itertuples()}
    assert got == {
        ("410323", 2017, "capacity.coal_mines_closed"): 3.0,
        ("410323", 2017, "capacity.coal_capacity_cut"): 12.5,
        ("410381", 2018, "techup.investment_share"): 0.0,
        ("410381", 2019, "techup.investment_share"): 100.0,
        ("410381", 2020, "techup.investment_share"): 1.0,
        ("410300", 2016, ENERGY_INTENSITY): 0.8,
        ("410300", 2017, "green.energy_intensity_yoy"): -4.5,
        ("410300", 2018, "green.energy_intensity_yoy"): 0.5,
    }
    # every clean observation keeps where it came from
    assert list(clean["_row"]) == [2, 3, 4, 5, 6, 7, 8, 9]


def test_the_same_value_given_twice_is_not_a_conflict(tmp_path, monkeypatch):
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    rows = rows_of(
        csv_file("410327,2018,green.green_parks,2,,", "410327,2018,green.green_parks,2.0,,"),
        tmp_path,
    )
    clean, issues = validation.validate(rows)
    assert issues == [] and len(clean) == 1 and clean["_row"].iloc[0] == 2


def test_clean_observations_satisfy_the_schema(tmp_path, monkeypatch):
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    clean, issues = validation.validate(rows_of(GOOD_DELIVERY + "\n", tmp_path))
    assert issues == []
    assert validation.check_schema(clean, "x") == []


# ---------------------------------------------------------------- bugs found and fixed


def test_non_whole_number_of_mines_verified_is_refused(project):
    err = refuse(
        project, {"bad.csv": csv_file(GOOD_ROW, "410323,2017,capacity.coal_mines_verified,2.5,,")}
    )
    assert [where(i) for i in err.issues] == [(f"{BAD}/bad.csv", None, 3, "value")]


def test_a_value_too_large_to_be_finite_is_refused(project):
    err = refuse(
        project,
        {"bad.csv": csv_file(GOOD_ROW, "410323,2017,smart.equipment_cluster_output,1e400,,")},
    )
    assert [where(i) for i in err.issues] == [(f"{BAD}/bad.csv", None, 3, "value")]


def test_an_unquoted_thousands_separator_is_refused(project):
    text = "unit_code,year,indicator_id,value\n410323,2017,capacity.transformers_retired,1,200\n"
    err = refuse(project, {"bad.csv": text})
    assert [(i.file, i.row) for i in err.issues] == [(f"{BAD}/bad.csv", 2)]


def test_energy_intensity_without_2016_is_kept_with_a_located_warning(tmp_path, monkeypatch):
    # Issue 10: a level series without its 2016 base used to refuse the whole delivery,
    # valid rows included (this was a case of the refusals above). Now the rows are kept
    # and the gap engine judges each target later; validation warns at the first row.
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    rows = rows_of(
        csv_file(
            GOOD_ROW,
            f"410328,2018,{ENERGY_INTENSITY},0.7,,",
            f"410328,2017,{ENERGY_INTENSITY},0.75,,",
        ),
        tmp_path,
    )
    checked = validation.check(rows)
    assert checked.issues == []
    assert len(checked.clean) == 3  # the good row and both levels
    [warning] = checked.warnings
    assert (warning.row, warning.column) == (4, "year")  # 2017 is the first year given, row 4
    assert f"{ENERGY_INTENSITY} for unit 410328 has no 2016 value" in str(warning)
