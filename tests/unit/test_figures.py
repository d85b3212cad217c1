"""Issue 10, data side: a figure says what it is (qualifier, source_kind), stocks at a date
(as_of) and figures with their own base (base_year, period), typed values read with a
warning, and the public-source delivery. Every input is hand-written; every expected value
is read off the input line it comes from."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from luoyang_analysis.deliveries import processed, qualifiers
from luoyang_analysis.deliveries.qualifiers import actual_basis, read_typed, trust_rank
from luoyang_analysis.exceptions import DataError
from tests.helpers import snapshot, where, xlsx_bytes

HEADER = (
    "unit_code,year,indicator_id,value,source,note,qualifier,source_kind,as_of,base_year,period"
)
PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    (tmp_path / "data" / "raw").mkdir(parents=True)
    return tmp_path


def delivery(root: Path, files: dict[str, str | bytes], name: str = "2026-11-27") -> Path:
    folder = root / "data" / "raw" / name
    folder.mkdir(parents=True)
    for file, content in files.items():
        if isinstance(content, bytes):
            (folder / file).write_bytes(content)
        else:
            (folder / file).write_text(content, encoding="utf-8")
    return folder


def rows(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def processed_rows(target: Path) -> list[dict]:
    frame = pd.read_csv(target / "observations.csv", dtype=str, keep_default_na=False)
    return frame.to_dict("records")


# ---------------------------------------------------------------- the code table


def test_each_qualifier_maps_onto_the_real_sdmx_and_gss_codes():
    # CL_OBS_STATUS 2.2: A normal, E estimated, O missing value, M missing (data cannot
    # exist), P provisional; it has no "revised" and no lower bound. GSS: [x] not available,
    # [z] not applicable, [e] estimated, [p] provisional, [r] revised.
    table = {q: (spec.sdmx, spec.gss) for q, spec in qualifiers.QUALIFIERS.items()}
    assert table == {
        "exact": ("A", ""),
        "at_least": ("", ""),
        "approx": ("E", "[e]"),
        "not_published": ("O", "[x]"),
        "not_applicable": ("M", "[z]"),
        "provisional": ("P", "[p]"),
        "revised": ("A", "[r]"),
    }


def test_actual_basis_and_trust_follow_the_kind_of_source():
    assert actual_basis("statistics") == "official_statistics"
    assert actual_basis("media") == "press"
    assert actual_basis("department") == "department_report"
    assert actual_basis("") == "unknown"  # a blank kind is never called official
    ranks = [trust_rank(k) for k in ("statistics", "department", "county", "work_report", "media")]
    assert ranks == [0, 1, 2, 3, 4]
    assert trust_rank("") == 5  # unknown below every known kind


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("12", (12.0, "", False)),  # a plain number is not re-read
        ("未公开", (None, "not_published", True)),
        ("≥5", (5.0, "at_least", True)),
        (">=5", (5.0, "at_least", True)),
        ("超过5", (5.0, "at_least", True)),
        ("近1800", (1800.0, "approx", True)),
        ("约1800", (1800.0, "approx", True)),
        ("１２", (12.0, "", True)),  # full-width digits U+FF11 U+FF12
        ("≥１２．５", (12.5, "at_least", True)),  # full-width point U+FF0E
        ("25处", (None, "", False)),  # still not a number
        ("约", (None, "", False)),
    ],
)
def test_what_analysts_type_is_read_into_value_and_qualifier(typed, expected):
    value, qualifier, reread = read_typed(typed)
    assert (None if value != value else value, qualifier, reread) == expected


# ---------------------------------------------------------------- round trip


def test_qualifiers_as_of_and_base_year_round_trip_into_processed_data(root):
    folder = delivery(
        root,
        {
            "a.csv": rows(
                "410300,2017,capacity.coal_mines_closed,≥5,http://example.invalid/a,一句,,媒体报道,,,",
                "410300,2018,capacity.coal_mines_closed,,,,not_published,统计公报,,,",
                "410300,,smart.smart_factories,12,,,,部门报送,2021-07-12,,",
                "410300,2020,green.energy_intensity_reduction,40,,,,statistics,,2015,2016–2020",
                "410323,2017,capacity.coal_mines_closed,3,,,,,,,",
            )
        },
    )
    target, built = processed.build_delivery(folder)
    got = {
        (r["year"], r["indicator_id"], r["unit_code"]): (
            r["value"],
            r["qualifier"],
            r["source_kind"],
            r["as_of"],
            r["base_year"],
            r["period"],
        )
        for r in processed_rows(target)
    }
    assert got == {
        # row 2: "≥5" -> 5 at_least; 媒体报道 -> media
        ("2017", "capacity.coal_mines_closed", "410300"): ("5", "at_least", "media", "", "", ""),
        # row 3: no value, 未公开 stays; 统计公报 -> statistics
        ("2018", "capacity.coal_mines_closed", "410300"): (
            "",
            "not_published",
            "statistics",
            "",
            "",
            "",
        ),
        # row 4: year left blank, taken from the date 2021-07-12
        ("2021", "smart.smart_factories", "410300"): (
            "12",
            "exact",
            "department",
            "2021-07-12",
            "",
            "",
        ),
        # row 5: a 2015 base and the period, written with an ASCII hyphen
        ("2020", "green.energy_intensity_reduction", "410300"): (
            "40",
            "exact",
            "statistics",
            "",
            "2015",
            "2016-2020",
        ),
        # row 6: an old-style row: blank qualifier = exact, blank kind = unknown ("")
        ("2017", "capacity.coal_mines_closed", "410323"): ("3", "exact", "", "", "", ""),
    }
    back = processed.read_observations(target / "observations.csv")
    assert back["value"].isna().sum() == 1  # only the 未公开 row lacks a value
    assert [(w.row, w.column) for w in built.warnings] == [(2, "value")]  # "≥5" was re-read
    assert "read as 5 with qualifier at_least" in str(built.warnings[0])


def test_a_delivery_without_the_new_columns_stays_valid(root):
    folder = delivery(
        root,
        {"a.csv": "unit_code,year,indicator_id,value\n410323,2017,capacity.coal_mines_closed,3\n"},
    )
    target = processed.build(folder)
    [row] = processed_rows(target)
    assert (row["qualifier"], row["source_kind"]) == ("exact", "")


def test_processed_data_from_before_the_columns_is_rebuilt(root):
    folder = delivery(root, {"a.csv": rows("410323,2017,capacity.coal_mines_closed,3,,,,,,,")})
    target = processed.build(folder)
    assert processed.is_current(folder)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    del manifest["columns"]  # as written before the figure columns existed
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert not processed.is_current(folder)


# ---------------------------------------------------------------- located errors

CASES = [
    # (line, row, column, words)
    (
        "410300,2017,capacity.coal_mines_closed,5,,,at_lest,,,,",
        "qualifier",
        ["unknown qualifier 'at_lest'", "did you mean at_least?"],
    ),
    (
        "410300,2017,capacity.coal_mines_closed,5,,,,statistcs,,,",
        "source_kind",
        ["unknown source_kind 'statistcs'", "did you mean statistics?"],
    ),
    (
        "410300,2017,capacity.coal_mines_closed,5,,,未公开,,,,",
        "value",
        ["a not_published row has no value, but '5' is given"],
    ),
    (
        "410300,2017,capacity.coal_mines_closed,,,,at_least,,,,",
        "value",
        ["a row qualified at_least needs its value"],
    ),
    (
        "410300,2017,capacity.coal_mines_closed,约4,,,at_least,,,,",
        "qualifier",
        ["says approx but the qualifier column says at_least"],
    ),
    (
        "410300,2021,smart.smart_factories,56,,,,,2021-13-01,,",
        "as_of",
        ["as_of '2021-13-01' is not a date"],
    ),
    (
        "410300,2020,smart.smart_factories,56,,,,,2021-07-12,,",
        "as_of",
        ["as_of 2021-07-12 is not in year 2020"],
    ),
    (
        "410300,2017,green.energy_intensity,0.8,,,,,,2017,",
        "base_year",
        ["base_year '2017' is not a year"],
    ),
    (
        "410300,2020,green.energy_intensity_reduction,40,,,,,,,2016-2019",
        "period",
        ["period '2016-2019' is not a period ending"],
    ),
    (
        "410300,2020,green.energy_intensity_reduction,40,,,,,,,",
        "base_year",
        ["is a published reduction: its base is needed"],
    ),
    (
        "410300,2017,capacity.coal_mines_closed,5,,,,,,2015,",
        "base_year",
        ["base_year given for capacity.coal_mines_closed"],
    ),
    (
        "410300,2021,smart.smart_factories,5,,,,,2021-07-12,,2016-2021",
        "period",
        ["either a stock at a date (as_of) or a total over a period"],
    ),
]


@pytest.mark.parametrize(
    "line, column, words", CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)]
)
def test_a_bad_figure_column_is_refused_with_its_location(root, line, column, words):
    good = "410323,2017,capacity.coal_mines_closed,3,,,,,,,"
    folder = delivery(root, {"bad.csv": rows(good, line)})
    with pytest.raises(DataError) as exc:
        processed.build(folder)
    [issue] = exc.value.issues
    assert where(issue) == ("data/raw/2026-11-27/bad.csv", None, 3, column)  # the bad line is row 3
    for w in words:
        assert w in str(issue)
    assert issue.fix
    assert not (root / "data" / "processed").exists()


def test_a_year_before_the_programme_goes_in_base_year_and_the_refusal_says_so(root):
    folder = delivery(root, {"a.csv": rows("410300,2015,green.energy_intensity,0.9,,,,,,,")})
    with pytest.raises(DataError) as exc:
        processed.build(folder)
    assert "year 2015 is outside 2016–2030" in str(exc.value) and "base_year" in str(exc.value)


# ---------------------------------------------------------------- keep going


def test_keep_going_writes_the_valid_rows_and_lists_what_was_left_out(root):
    folder = delivery(
        root,
        {
            "a.csv": rows("410323,2017,capacity.coal_mines_closed,3,,,,,,,"),
            "b.csv": rows(
                "410325,2017,green.green_parks,1,,,,,,,",
                "410325,2018,green.green_parks,x,,,,,,,",  # row 3: not a number
            ),
        },
    )
    with pytest.raises(DataError):
        processed.build(folder)  # without keep_going: refused, nothing written
    assert not (root / "data" / "processed").exists()
    target = processed.build(folder, keep_going=True)
    kept = {(r["unit_code"], r["year"]) for r in processed_rows(target)}
    assert kept == {("410323", "2017"), ("410325", "2017")}  # a.csv row 2 and b.csv row 2
    left = pd.read_csv(target / "left_out.csv", dtype=str, keep_default_na=False)
    assert left[["file", "row", "column"]].values.tolist() == [
        ["data/raw/2026-11-27/b.csv", "3", "value"]
    ]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["partial"] is True and manifest["left_out"] == 1
    # Corrected, the full build drops the stale list and the flag.
    (folder / "b.csv").write_text(rows("410325,2017,green.green_parks,1,,,,,,,"), encoding="utf-8")
    processed.build(folder)
    assert not (target / "left_out.csv").exists()
    assert json.loads((target / "manifest.json").read_text(encoding="utf-8"))["partial"] is False


def test_two_different_figures_for_one_cell_are_both_left_out_when_keeping_going(root):
    folder = delivery(
        root,
        {
            "a.csv": rows("410327,2018,green.green_parks,2,,,,,,,"),
            "b.csv": rows(
                "410327,2018,green.green_parks,5,,,,,,,",
                "410323,2017,capacity.coal_mines_closed,3,,,,,,,",
            ),
        },
    )
    target = processed.build(folder, keep_going=True)
    # The program does not choose between 2 and 5: neither is kept.
    assert [(r["unit_code"], r["indicator_id"]) for r in processed_rows(target)] == [
        ("410323", "capacity.coal_mines_closed")
    ]


def test_the_cli_reports_the_partial_build(root, capsys):
    from luoyang_analysis.cli import main

    folder = delivery(
        root,
        {
            "a.csv": rows(
                "410323,2017,capacity.coal_mines_closed,3,,,,,,,",
                "410323,2018,capacity.coal_mines_closed,-1,,,,,,,",
            )
        },
    )
    assert main(["validate", str(folder)]) == 1
    assert main(["validate", "--keep-going", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "left out: data/raw/2026-11-27/a.csv, row 3, column value: negative value -1" in out
    assert "PARTIAL — 1 observations written, 1 problem(s) left out" in out


# ---------------------------------------------------------------- delivery names


def test_a_misnamed_folder_is_reported_and_a_suffixed_delivery_is_the_newest(root, capsys):
    from luoyang_analysis.cli import main

    good = rows("410323,2017,capacity.coal_mines_closed,3,,,,,,,")
    delivery(root, {"a.csv": good}, "2019-03-15")
    public = delivery(root, {"a.csv": good}, "2026-11-27-public")
    (root / "data" / "raw" / "figures from bureau").mkdir()
    (root / "data" / "raw" / "2019-13-45").mkdir()  # no such date
    assert processed.resolve_data(None) == public
    assert main(["validate"]) == 0
    err = capsys.readouterr().err
    for name in ("figures from bureau", "2019-13-45"):
        assert f"the folder {name!r} is not a delivery name and is not read" in err
    assert "YYYY-MM-DD, optionally with a suffix (2026-11-27-public)" in err
    assert main(["process"]) == 0
    assert "figures from bureau" in capsys.readouterr().err


def test_make_asks_the_library_for_its_default_delivery(tmp_path):
    import subprocess
    import sys

    script = Path(processed.__file__).with_name("delivery_names.py")
    for name in ("sample", "2019-06-30", "2026-11-27-public", "2026-11-27", "notes"):
        (tmp_path / name).mkdir()

    def default() -> str:
        return subprocess.run(
            [sys.executable, "-I", str(script), str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    # Same date: the last by name ("2026-11-27-public" > "2026-11-27").
    assert default() == (tmp_path / "2026-11-27-public").as_posix()
    for name in ("2019-06-30", "2026-11-27-public", "2026-11-27"):
        (tmp_path / name).rmdir()
    assert default() == (tmp_path / "sample").as_posix()
    makefile = (Path(processed.__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "delivery_names.py data/raw" in makefile


# ---------------------------------------------------------------- the template


def test_the_template_offers_the_columns_with_dropdowns_and_reads_back(root):
    from openpyxl import load_workbook

    from luoyang_analysis.deliveries.contract import LONG_FORM_COLUMNS
    from luoyang_analysis.deliveries.template import LONG_SHEET, write_template

    out = write_template("410381", root / "t.xlsx")
    ws = load_workbook(out)[LONG_SHEET]
    assert tuple(c.value for c in ws[1]) == LONG_FORM_COLUMNS
    lists = {str(d.sqref): d.formula1 for d in ws.data_validations.dataValidation}
    assert lists == {
        "G2:G501": '"确数,不少于,约数,未公开,不适用,初步数,修订数"',
        "H2:H501": '"统计局/统计公报,部门报送,县区报送,政府工作报告,媒体报道"',
    }
    # Filled in as Excel stores it: the date a real date, the choices from the lists.
    header = list(LONG_FORM_COLUMNS)
    line = [
        "410381",
        None,
        "smart.smart_factories",
        3,
        "文号",
        "",
        "不少于",
        "部门报送",
        dt.datetime(2019, 6, 30),
        None,
        None,
    ]
    folder = delivery(root, {"t.xlsx": xlsx_bytes({LONG_SHEET: [header, line]})})
    [row] = processed_rows(processed.build(folder))
    assert (row["year"], row["value"], row["qualifier"], row["source_kind"], row["as_of"]) == (
        "2019",
        "3",
        "at_least",
        "department",
        "2019-06-30",
    )


# ---------------------------------------------------------------- the public delivery


def test_the_public_source_delivery_validates_processes_and_keeps_what_each_figure_is(root):
    assert "公开资料数据" in (PUBLIC / "README.md").read_text(encoding="utf-8")
    before = {p.name: p.read_bytes() for p in PUBLIC.iterdir()}
    target, built = processed.build_delivery(PUBLIC)
    assert built.warnings == [] and built.left_out == []
    got = {
        r["indicator_id"]: (r["year"], r["value"], r["qualifier"], r["base_year"], r["period"])
        for r in processed_rows(target)
    }
    assert got == {
        # 「新增省级“首台套”5项」, 2021
        "techup.first_sets_certified": ("2021", "5", "exact", "", ""),
        # 「十三五期间…能耗下降40%」: against 2015, over 2016-2020
        "green.energy_intensity_reduction": ("2020", "40", "exact", "2015", "2016-2020"),
        # the 100 key projects' 2017 investment: not published separately
        "techup.key_project_investment": ("2017", "", "not_published", "", ""),
    }
    for r in processed_rows(target):
        assert r["source"] and r["note"]  # each row says where it comes from
        assert r["source_kind"] == ""  # not re-checked: never called official
    assert {p.name: p.read_bytes() for p in PUBLIC.iterdir()} == before
    assert snapshot(root)  # written under the test's root, not the project's
