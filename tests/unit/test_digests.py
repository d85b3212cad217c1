"""The one rebuild rule (luoyang_analysis.digests): content digests and the stamps that record them.

Everything here is decided by content: the bytes of files, the rows of data, the
code that reads them. Where a delivery lies and when a file was touched never count.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from luoyang_analysis import digests, paths
from luoyang_analysis.batch import runner
from luoyang_analysis.deliveries import processed

REPO = Path(__file__).resolve().parents[2]
ROWS = (
    "unit_code,year,indicator_id,value\n"
    "410323,2016,green.energy_intensity,1.0\n"
    "410323,2018,green.energy_intensity,0.9\n"
    "410381,2018,techup.investment_share,26\n"
)


# ---------------------------------------------------------------- SHA-256 and raw files


def test_sha256_of_known_bytes(tmp_path):
    # FIPS 180-2, appendix B.1: SHA-256("abc").
    abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    (tmp_path / "abc.txt").write_bytes(b"abc")
    assert digests.sha256_file(tmp_path / "abc.txt") == abc
    assert digests.sha256_bytes(b"abc") == abc
    # Parts are separated by a NUL byte, so ("ab", "c") and ("a", "bc") differ.
    assert digests.sha256_parts("abc") == digests.sha256_bytes(b"abc\0")
    assert digests.sha256_parts("ab", "c") != digests.sha256_parts("a", "bc")
    assert digests.sha256_parts("ab", "c") == digests.sha256_parts(b"ab", b"c")


def _delivery(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _raw(folder: Path) -> str:
    return digests.raw_digest(folder, sorted(p for p in folder.rglob("*") if p.is_file()))


def test_raw_digest_is_content_and_layout_inside_the_delivery_not_its_place(tmp_path):
    first = _delivery(tmp_path / "2026-11-27", {"a/x.csv": "3", "b/x.csv": "5"})
    copy = tmp_path / "elsewhere" / "2026-11-28"
    shutil.copytree(first, copy)
    assert _raw(first) == _raw(copy)  # same bytes, same names inside: same digest
    os.utime(copy / "a" / "x.csv", ns=(1, 1))
    assert _raw(first) == _raw(copy)  # a touch is not a change
    # Swapping the contents of a/x.csv and b/x.csv: the same two byte strings, but each
    # file now says something else, so the delivery is a different one.
    (copy / "a" / "x.csv").write_text("5", encoding="utf-8")
    (copy / "b" / "x.csv").write_text("3", encoding="utf-8")
    assert _raw(first) != _raw(copy)
    # A single-file delivery is named by its file name only.
    one = _delivery(tmp_path / "one", {"x.csv": "3"})
    two = _delivery(tmp_path / "two", {"x.csv": "3"})
    assert digests.raw_digest(one / "x.csv", [one / "x.csv"]) == digests.raw_digest(
        two / "x.csv", [two / "x.csv"]
    )


# ---------------------------------------------------------------- the reading and validation code


def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "luoyang_analysis"
    shutil.copytree(paths.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return copy


def test_reading_code_is_the_delivery_modules_and_what_they_import():
    rel = {p.relative_to(paths.PACKAGE_DIR).as_posix() for p in digests.reading_code_files()}
    # The four modules named as the reader and validator, and what they import: the
    # catalogue (contract.py imports catalogue.targets; validation.py catalogue.units)
    # and the data files those read from their folder.
    for name in (
        "deliveries/contract.py",
        "deliveries/raw.py",
        "deliveries/validation.py",
        "deliveries/processed.py",
        "catalogue/targets.py",
        "catalogue/units.py",
        "catalogue/targets.yaml",
        "catalogue/units.csv",
        "paths.py",
        "exceptions.py",
    ):
        assert name in rel, name
    # Presenting, assessing and the batch come later in the flow: a chart or a report
    # template change must not re-process data.
    later = sorted(r for r in rel if r.split("/")[0] in ("gaps", "presentation", "batch", "sample"))
    assert later == [] and not [r for r in rel if r.split("/")[0] in ("cli", "cli.py")]


def test_code_digest_follows_a_validation_rule_and_nothing_else(tmp_path):
    copy = _package_copy(tmp_path)
    # Where the package lies does not count.
    assert digests.code_digest(copy) == digests.code_digest()
    lib = digests.library_digest(copy)
    assert lib == digests.library_digest()

    # A presentation change: the reports' library digest moves, the reading code's does not.
    charts = copy / "presentation" / "charts.py"
    charts.write_text(charts.read_text(encoding="utf-8") + "\n# restyled\n", encoding="utf-8")
    assert digests.code_digest(copy) == digests.code_digest()
    assert digests.library_digest(copy) != lib

    # A validation rule: numbers written with an exponent ("1e3") are no longer accepted.
    validation = copy / "deliveries" / "qualifiers.py"  # where the number rule lives
    text = validation.read_text(encoding="utf-8")
    stricter = text.replace(r"([eE][+-]?\d+)?$", "$")
    assert stricter != text
    validation.write_text(stricter, encoding="utf-8")
    assert digests.code_digest(copy) != digests.code_digest()


def test_a_catalogue_file_counts_for_the_reading_code(tmp_path):
    copy = _package_copy(tmp_path)
    units = copy / "catalogue" / "units.csv"
    units.write_text(units.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert digests.code_digest(copy) != digests.code_digest()


def test_a_changed_validation_rule_makes_processed_data_stale(root, tmp_path_factory, monkeypatch):
    folder = _delivery(root / "data" / "raw" / "2019-03-15", {"a.csv": ROWS})
    target = processed.build(folder)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["code_digest"] == digests.code_digest()
    assert processed.is_current(folder)

    # The same code elsewhere (an unchanged copy of the package): still current.
    copy = _package_copy(tmp_path_factory.mktemp("pkg"))
    monkeypatch.setattr(paths, "PACKAGE_DIR", copy)
    assert processed.is_current(folder)

    # One rule changed in the copy: stale, and loading rebuilds it under the new digest.
    validation = copy / "deliveries" / "qualifiers.py"  # where the number rule lives
    text = validation.read_text(encoding="utf-8")
    validation.write_text(text.replace(r"([eE][+-]?\d+)?$", "$"), encoding="utf-8")
    assert not processed.is_current(folder)
    processed.load(folder)
    assert processed.is_current(folder)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert (
        manifest["code_digest"]
        == digests.code_digest(copy)
        != digests.code_digest(REPO / "luoyang_analysis")
    )


def test_processed_data_is_current_by_content_not_by_file_names_alone(root):
    # Two files of the same name in two subfolders (per-county folders): editing one of
    # them is seen (3 -> 30), though both are "x.csv".
    a = "unit_code,year,indicator_id,value\n410323,2017,capacity.coal_mines_closed,3\n"
    b = "unit_code,year,indicator_id,value\n410381,2017,capacity.coal_mines_closed,1\n"
    folder = _delivery(root / "data" / "raw" / "2019-03-15", {"a/x.csv": a, "b/x.csv": b})
    processed.build(folder)
    assert processed.is_current(folder)
    (folder / "a" / "x.csv").write_text(a.replace(",3\n", ",30\n"), encoding="utf-8")
    assert not processed.is_current(folder)
    frame, _ = processed.load(folder)
    assert frame.loc[frame["unit_code"] == "410323", "value"].tolist() == [30.0]


# ---------------------------------------------------------------- reports


def test_rows_digest_ignores_order_and_where_rows_came_from():
    cols = ["unit_code", "year", "indicator_id", "value", "source", "note"]
    rows = pd.DataFrame(
        [
            ["410323", 2018, "a", 1.0, "", "", "data/raw/2026-11-27/x.csv", 2],
            ["410381", 2018, "a", 2.0, "", "", "data/raw/2026-11-27/x.csv", 3],
        ],
        columns=[*cols, "file", "row"],
    )
    moved = rows.iloc[::-1].assign(file="data/raw/2026-11-28/x.csv", row=[9, 8])
    assert digests.rows_digest(rows, cols) == digests.rows_digest(moved, cols)
    revised = rows.assign(value=[1.0, 2.5])
    assert digests.rows_digest(rows, cols) != digests.rows_digest(revised, cols)


def test_report_digest_leaves_out_where_the_data_lies(tmp_path):
    nb = tmp_path / "n.ipynb"
    nb.write_text("{}", encoding="utf-8")
    params = {"unit_code": "410323", "year": 2018, "lang": "zh"}
    # The batch hands each notebook the delivery and its processed observations by path.
    old = {"data": "data/raw/2026-11-27", "observations": "data/processed/2026-11-27/o.csv"}
    new = {"data": "data/raw/2026-11-28", "observations": "data/processed/2026-11-28/o.csv"}
    here = digests.report_digest("lib", nb, {**params, **old}, "rows")
    there = digests.report_digest("lib", nb, {**params, **new}, "rows")
    assert here == there == digests.report_digest("lib", nb, params, "rows")
    assert here != digests.report_digest("lib", nb, {**params, "year": 2019}, "rows")
    assert here != digests.report_digest("lib", nb, params, "other rows")
    nb.write_text('{"cells": []}', encoding="utf-8")
    assert here != digests.report_digest("lib", nb, params, "rows")


@pytest.fixture
def notebooks(root):
    (root / "notebooks").symlink_to(REPO / "notebooks")


def _plan(data: Path) -> dict[str, runner.Job]:
    obs, manifest = processed.load(data)
    return {j.key: j for j in runner.plan(obs, manifest, data, [2018], None)}


def test_a_delivery_copied_to_a_new_dated_folder_plans_the_same_digests(root, notebooks):
    old = _delivery(root / "data" / "raw" / "2026-11-27", {"a.csv": ROWS})
    new = root / "data" / "raw" / "2026-11-28"
    shutil.copytree(old, new)
    before, after = _plan(old), _plan(new)
    # The notebooks still get the actual path; only the digest leaves it out.
    assert after["2018/410323"].parameters["data"] == "data/raw/2026-11-28"
    assert {k: j.digest for k, j in before.items()} == {k: j.digest for k, j in after.items()}
    # A revision in the new folder changes only the revised county and the city.
    (new / "a.csv").write_text(ROWS.replace(",26\n", ",24\n"), encoding="utf-8")
    revised = _plan(new)
    changed = sorted(k for k in before if before[k].digest != revised[k].digest)
    assert changed == ["2018/410300", "2018/410381"]


# ---------------------------------------------------------------- stamps


def test_a_stamp_vouches_for_the_digest_and_the_files_built(tmp_path):
    html, pdf, ipynb = (tmp_path / f"410323.{ext}" for ext in ("html", "pdf", "ipynb"))
    stamp = digests.stamp_path(tmp_path / "410323")
    assert stamp == tmp_path / ".410323.inputs"
    for p in (html, ipynb):
        p.write_text("x", encoding="utf-8")
    digests.write_stamp(stamp, "d1", [html, ipynb])
    assert re.fullmatch(r"[0-9a-f]{64}\n", stamp.read_text(encoding="utf-8"))
    assert digests.is_current(stamp, "d1", [html, ipynb], optional=[pdf])
    assert not digests.is_current(stamp, "d2", [html, ipynb])  # other inputs
    pdf.write_text("an older PDF", encoding="utf-8")
    # HTML built alone: an older PDF beside it is not vouched for.
    assert not digests.is_current(stamp, "d1", [html, pdf, ipynb])

    digests.write_stamp(stamp, "d1", [html, pdf, ipynb])
    assert digests.is_current(stamp, "d1", [html, pdf, ipynb])
    assert digests.is_current(stamp, "d1", [html, ipynb], optional=[pdf])  # HTML only: fine
    pdf.unlink()
    assert not digests.is_current(stamp, "d1", [html, pdf, ipynb])  # a deleted output
    assert not digests.is_current(stamp, "d1", [html, ipynb], optional=[pdf])
    digests.clear_stamp(stamp)
    pdf.write_text("x", encoding="utf-8")
    assert not digests.is_current(stamp, "d1", [html, pdf, ipynb])  # no stamp, no trust
    digests.clear_stamp(stamp)  # clearing twice is fine


# ---------------------------------------------------------------- Make


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_reports_always_asks_the_library_and_keeps_no_stamp_of_its_own():
    for args in (["FORMATS=html"], [], ["UNITS=410381 410322", "YEAR=2018"]):
        out = subprocess.run(
            ["make", "-n", "-C", str(REPO), "reports", "DATA=data/raw/sample", "JOBS=2", *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [line.split() for line in out.splitlines() if "luoyang reports" in line]
        formats = "html" if args == ["FORMATS=html"] else "html,pdf"
        expected = f".venv/bin/luoyang reports --data data/raw/sample --jobs 2 --formats {formats} --lang zh"
        if "YEAR=2018" in args:
            expected += " --year 2018 --unit 410381 410322"
        assert lines == [expected.split()], out
        assert "touch reports" not in out and "luoyang process" not in out, out
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "REPORTS_STAMP" not in makefile and "LIB_FILES" not in makefile
