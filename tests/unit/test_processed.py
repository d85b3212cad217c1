"""Processed data: build, load, staleness by checksum, text carried unchanged, and the CLI.

Every test runs in its own project root (``LUOYANG_ROOT`` = tmp_path), so
``data/raw`` and ``data/processed`` are hand-made deliveries.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from luoyang_analysis import __version__, provenance
from luoyang_analysis.deliveries import processed
from luoyang_analysis.exceptions import DataError, ParameterError
from tests.helpers import run_cli as run
from tests.helpers import snapshot

HEADER = "unit_code,year,indicator_id,value,source,note"
NOTE_SCRIPT = "<script>alert('x')</script>"
NOTE_QUOTED = 'a "quoted", comma note'
NOTE_FORMULA = '=HYPERLINK("http://example.invalid")'
GOOD = (
    "\n".join(
        [
            HEADER,
            f"410323,2017,capacity.coal_mines_closed,3,新安县统计局,{NOTE_SCRIPT}",
            f'410381,2018,techup.investment_share,35.5,,"{NOTE_QUOTED.replace(chr(34), chr(34) * 2)}"',
            f'410300,2016,green.energy_intensity,0.8,,"{NOTE_FORMULA.replace(chr(34), chr(34) * 2)}"',
            "410300,2017,green.energy_intensity,0.76,,",
        ]
    )
    + "\n"
)
GBK_NOTE = "含复核验收的煤矿（洛阳）"
GBK = f"{HEADER}\n410325,2019,green.green_parks,2,嵩县,{GBK_NOTE}\n".encode("gb18030")


@pytest.fixture
def delivery(root) -> Path:
    folder = root / "data" / "raw" / "2019-03-15"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(GOOD, encoding="utf-8")
    (folder / "b.csv").write_bytes(GBK)
    return folder


def stamps(target: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(target.iterdir())}


# ---------------------------------------------------------------- build and load


def test_build_writes_observations_with_provenance_and_a_manifest(root, delivery):
    raw_before = {p.name: p.read_bytes() for p in delivery.iterdir()}
    target = processed.build(delivery)
    assert target == root / "data" / "processed" / "2019-03-15"
    assert sorted(p.name for p in target.iterdir()) == ["manifest.json", "observations.csv"]
    frame = pd.read_csv(target / "observations.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == processed.PROCESSED_COLUMNS
    got = frame[["unit_code", "year", "indicator_id", "value", "file", "row"]].values.tolist()
    assert got == [
        ["410300", "2016", "green.energy_intensity", "0.8", "data/raw/2019-03-15/a.csv", "4"],
        ["410300", "2017", "green.energy_intensity", "0.76", "data/raw/2019-03-15/a.csv", "5"],
        ["410323", "2017", "capacity.coal_mines_closed", "3", "data/raw/2019-03-15/a.csv", "2"],
        ["410325", "2019", "green.green_parks", "2", "data/raw/2019-03-15/b.csv", "2"],
        ["410381", "2018", "techup.investment_share", "35.5", "data/raw/2019-03-15/a.csv", "3"],
    ]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["package_version"] == __version__
    assert manifest["observations"] == 5
    assert manifest["observations_sha256"] == provenance.sha256_file(target / "observations.csv")
    assert {f["path"]: (f["sha256"], f["encoding"], f["rows"]) for f in manifest["files"]} == {
        "data/raw/2019-03-15/a.csv": (provenance.sha256_file(delivery / "a.csv"), "utf-8", 4),
        "data/raw/2019-03-15/b.csv": (provenance.sha256_file(delivery / "b.csv"), "gb18030", 1),
    }
    assert manifest["illustrative"] is False
    # raw files are only read
    assert {p.name: p.read_bytes() for p in delivery.iterdir()} == raw_before


def test_text_fields_are_carried_unchanged_as_text(root, delivery):
    frame, _ = processed.load(delivery)
    notes = {
        (r["unit_code"], r["year"], r["indicator_id"]): r["note"] for r in frame.to_dict("records")
    }
    assert notes[("410323", 2017, "capacity.coal_mines_closed")] == NOTE_SCRIPT
    assert notes[("410381", 2018, "techup.investment_share")] == NOTE_QUOTED
    assert notes[("410300", 2016, "green.energy_intensity")] == NOTE_FORMULA
    assert notes[("410300", 2017, "green.energy_intensity")] == ""
    # read from GB18030, kept as text
    assert notes[("410325", 2019, "green.green_parks")] == GBK_NOTE
    sources = dict(zip(frame["indicator_id"], frame["source"], strict=False))
    assert sources["capacity.coal_mines_closed"] == "新安县统计局"
    # and the processed file itself is UTF-8 text holding the note verbatim
    text = (processed.processed_dir_for(delivery) / "observations.csv").read_text(encoding="utf-8")
    assert NOTE_SCRIPT in text and GBK_NOTE in text


def test_load_returns_typed_observations(root, delivery):
    frame, manifest = processed.load(delivery)
    assert frame["unit_code"].tolist() == ["410300", "410300", "410323", "410325", "410381"]
    assert frame["year"].dtype.kind == "i" and frame["value"].dtype.kind == "f"
    assert frame["value"].tolist() == [0.8, 0.76, 3.0, 2.0, 35.5]
    assert manifest["observations"] == 5


def test_the_newest_dated_delivery_is_used_by_default(root, delivery):
    newer = root / "data" / "raw" / "2019-06-30"
    newer.mkdir()
    (newer / "a.csv").write_text(
        f"{HEADER}\n410323,2017,capacity.coal_mines_closed,4,,\n", encoding="utf-8"
    )
    assert processed.resolve_data() == newer.resolve()
    frame, _ = processed.load()
    assert frame["value"].tolist() == [4.0]
    assert (root / "data" / "processed" / "2019-06-30" / "observations.csv").is_file()
    assert not (root / "data" / "processed" / "2019-03-15").exists()


def test_no_data_and_an_empty_delivery_are_parameter_errors(root):
    with pytest.raises(ParameterError):
        processed.resolve_data()
    with pytest.raises(ParameterError):
        processed.resolve_data("data/raw/2019-01-01")
    empty = root / "data" / "raw" / "2019-01-01"
    empty.mkdir(parents=True)
    with pytest.raises(ParameterError, match="no .csv or .xlsx files"):
        processed.build(empty)


# ---------------------------------------------------------------- staleness


def test_touching_nothing_rebuilds_nothing(root, delivery):
    target = processed.build(delivery)
    assert processed.is_current(delivery)
    # old mtimes: a rebuild (temp file + rename) would give new ones
    os.utime(target / "observations.csv", ns=(1_000_000_000, 1_000_000_000))
    os.utime(target / "manifest.json", ns=(1_000_000_000, 1_000_000_000))
    before, times = snapshot(root), stamps(target)
    for _ in range(2):
        processed.load(delivery)
    assert snapshot(root) == before and stamps(target) == times


def test_a_new_mtime_with_the_same_bytes_is_still_current(root, delivery):
    target = processed.build(delivery)
    os.utime(target / "observations.csv", ns=(1_000_000_000, 1_000_000_000))
    times = stamps(target)
    os.utime(delivery / "a.csv")  # `touch`: the bytes are what count
    assert processed.is_current(delivery)
    processed.load(delivery)
    assert stamps(target) == times


def test_editing_one_raw_file_makes_it_stale_and_load_rebuilds(root, delivery):
    target = processed.build(delivery)
    old = (target / "observations.csv").read_bytes()
    (delivery / "a.csv").write_text(GOOD.replace(",3,新安县", ",4,新安县"), encoding="utf-8")
    assert not processed.is_current(delivery)
    frame, manifest = processed.load(delivery)
    assert processed.is_current(delivery)
    assert (target / "observations.csv").read_bytes() != old
    row = frame[frame["indicator_id"] == "capacity.coal_mines_closed"]
    assert row["value"].tolist() == [4.0]
    recorded = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert recorded["data/raw/2019-03-15/a.csv"] == provenance.sha256_file(delivery / "a.csv")


def test_adding_or_removing_a_raw_file_makes_it_stale(root, delivery):
    processed.build(delivery)
    extra = delivery / "c.csv"
    extra.write_text(f"{HEADER}\n410326,2020,green.green_parks,1,,\n", encoding="utf-8")
    assert not processed.is_current(delivery)
    frame, _ = processed.load(delivery)
    assert "410326" in set(frame["unit_code"])
    extra.unlink()
    assert not processed.is_current(delivery)
    frame, _ = processed.load(delivery)
    assert "410326" not in set(frame["unit_code"])


def test_a_tampered_or_missing_processed_file_is_rebuilt(root, delivery):
    target = processed.build(delivery)
    good = (target / "observations.csv").read_bytes()
    (target / "observations.csv").write_bytes(good.replace(b",3,", b",30,"))
    assert not processed.is_current(delivery)
    processed.load(delivery)
    assert (target / "observations.csv").read_bytes() == good
    (target / "manifest.json").unlink()
    assert not processed.is_current(delivery)
    processed.load(delivery)
    assert processed.is_current(delivery)


def test_a_different_package_version_makes_it_stale(root, delivery):
    target = processed.build(delivery)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    manifest["package_version"] = "0.0.0-old"
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert not processed.is_current(delivery)


def test_a_bad_edit_leaves_the_last_good_processed_data_untouched(root, delivery):
    processed.build(delivery)
    before = snapshot(root)
    (delivery / "a.csv").write_text(GOOD.replace(",35.5,", ",135.5,"), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        processed.load(delivery)
    assert [(i.file, i.row, i.column) for i in exc.value.issues] == [
        ("data/raw/2019-03-15/a.csv", 3, "value")
    ]
    assert snapshot(root) == before
    assert not processed.is_current(delivery)


def test_builds_are_byte_identical(root, delivery):
    target = processed.build(delivery)
    first = snapshot(root)
    (target / "observations.csv").unlink()
    processed.build(delivery)
    assert snapshot(root) == first


# ---------------------------------------------------------------- CLI


def test_cli_validate_passes_on_good_data(root, delivery, capsys):
    code, out, err = run(capsys, "validate", "data/raw/2019-03-15")
    assert code == 0
    assert "2 file(s), 5 observations, no problems" in out
    code, out, _ = run(capsys, "validate", str(delivery / "a.csv"))
    assert code == 0 and "1 file(s), 4 observations" in out
    code, out, _ = run(capsys, "validate")  # the newest delivery
    assert code == 0 and "2019-03-15" in out
    assert not (root / "data" / "processed").exists()  # validate writes nothing


def test_cli_exits_1_with_the_problems_and_no_traceback_on_bad_data(root, delivery, capsys):
    processed.build(delivery)
    before = snapshot(root)
    (delivery / "bad.csv").write_text(
        f"{HEADER}\n410323,2017,capacity.coal_mines_closed,25处,,\n410307,2018,green.green_parks,1,,\n",
        encoding="utf-8",
    )
    for argv in (
        ["validate", "data/raw/2019-03-15"],
        ["process", "--data", "data/raw/2019-03-15"],
        ["process"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 1, argv
        assert out == ""
        assert err.startswith("luoyang: error: 2 problem(s) in the data")
        assert (
            "data/raw/2019-03-15/bad.csv, row 2, column value: value '25处' is not a number" in err
        )
        assert (
            "data/raw/2019-03-15/bad.csv, row 3, column unit_code: unit 410307 偃师区 did not exist in 2018"
            in err
        )
        assert "Traceback" not in err
    assert snapshot(root) == before


def test_cli_process_writes_the_processed_folder(root, delivery, capsys):
    code, out, _ = run(capsys, "process", "--data", "data/raw/2019-03-15")
    assert code == 0
    target = root / "data" / "processed" / "2019-03-15"
    assert out.strip() == str(target)
    assert processed.is_current(delivery)


def test_cli_missing_path_is_a_clean_error(root, capsys):
    code, out, err = run(capsys, "validate", "data/raw/1999-01-01")
    assert code == 1 and "does not exist" in err and "Traceback" not in err


def test_cli_validate_reports_the_problems_of_every_path(root, capsys):
    folder = root / "data" / "raw" / "2019-03-15"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(
        f"{HEADER}\n410323,2015,capacity.coal_mines_closed,3,,\n", encoding="utf-8"
    )
    (folder / "b.csv").write_text(
        f"{HEADER}\n410323,2017,capacity.coal_mines_closed,x,,\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "validate", str(folder / "a.csv"), str(folder / "b.csv"))
    assert code == 1
    assert "a.csv, row 2, column year" in err
    assert "b.csv, row 2, column value" in err
