"""The report notebooks' sections: read-only input, escaped HTML, and notebooks that only display."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import nbformat
import pytest

from luoyang_analysis import digests, provenance
from luoyang_analysis.batch import runner
from luoyang_analysis.deliveries import processed
from luoyang_analysis.presentation import sections

REPO = Path(__file__).resolve().parents[2]
# 偃师市 (410381) reports a technical-upgrading investment share of 26% for 2018.
ROWS = (
    "unit_code,year,indicator_id,value\n"
    "410323,2016,green.energy_intensity,1.0\n"
    "410323,2018,green.energy_intensity,0.9\n"
    "410381,2018,techup.investment_share,26\n"
)
EVIL = "<script>alert(1)</script>"


@pytest.fixture
def delivery(root) -> Path:
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(ROWS, encoding="utf-8")
    return d


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_handed_observations_are_only_read(root, delivery, monkeypatch):
    csv = processed.build(delivery) / "observations.csv"
    for f in delivery.iterdir():  # nothing left to resolve or hash: the raw delivery is gone
        f.unlink()
    delivery.rmdir()

    def no_hashing(*_a, **_k):
        raise AssertionError("a notebook hashed a file")

    monkeypatch.setattr(provenance, "sha256_file", no_hashing)
    monkeypatch.setattr(digests, "sha256_file", no_hashing)  # where all hashing now lives
    before = tree(root)
    ctx = sections.setup(
        "410381", 2018, "zh", observations="data/processed/2019-03-15/observations.csv"
    )
    assert tree(root) == before, "setup wrote something"
    row = ctx.current[ctx.current["indicator_id"] == "techup.investment_share"].iloc[0]
    # The 2018 target is 25% (at least, level); 26 ≥ 25 → 已完成, completion 26 / 25 = 1.04.
    assert row["actual_value"] == 26 and row["target_value"] == 25
    assert row["completion_rate"] == pytest.approx(1.04) and row["status"] == "achieved"
    assert sections.setup("410381", 2018, observations=str(csv)).current.equals(ctx.current)


def test_missing_handed_observations_are_one_clear_error(root):
    with pytest.raises(Exception, match=r"processed observations .*nowhere\.csv do not exist"):
        sections.setup("410381", 2018, observations="data/processed/x/nowhere.csv")


def test_run_by_hand_without_observations_the_default_delivery_is_made_current(root, delivery):
    ctx = sections.setup("410381", 2018)
    assert (root / "data" / "processed" / "2019-03-15" / "observations.csv").exists()
    assert ctx.unit.name_zh == "偃师市" and ctx.all_units is None
    assert sections.counties_section(ctx) == ""


def test_the_batch_hands_each_notebook_its_processed_file(root, delivery):
    (root / "notebooks").symlink_to(REPO / "notebooks")
    obs, manifest = processed.load(delivery)
    jobs = runner.plan(
        obs, manifest, delivery, [2018], ["410381", "410300"], include_overviews=False
    )
    assert [j.parameters["observations"] for j in jobs] == [
        "data/processed/2019-03-15/observations.csv"
    ] * 2


def test_names_from_the_catalogue_and_the_data_are_escaped(root, delivery):
    ctx = sections.setup("410381", 2018)
    cat = ctx.catalogue
    evil_cat = dataclasses.replace(
        cat,
        plans={k: dataclasses.replace(p, name_zh=EVIL) for k, p in cat.plans.items()},
    )
    current = ctx.current.assign(
        name_zh=EVIL, responsible_units=EVIL, status="not_achieved", completion_rate=0.5
    )
    evil = dataclasses.replace(ctx, catalogue=evil_cat, current=current)
    html = sections.summary_section(evil) + sections.plan_section(evil, "techup")
    assert "<script" not in html
    # by plan, largest gaps, departments, the plan's heading and its gap table
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    assert '<h2 class="plan">五、&lt;script&gt;' in html  # techup is the fourth plan: 五


def test_a_city_report_has_the_counties_section(root, delivery):
    ctx = sections.setup("410300", 2018, "en")
    html = sections.counties_section(ctx)
    assert html.startswith("<h2>Status by county</h2>")
    assert '<img src="data:image/png;base64,' in html
    assert "<h3>County ranking</h3>" in html


# Every line a report notebook may hold after its parameters: imports, the set-up, displays.
ALLOWED = re.compile(
    r"(from [\w.]+ import [\w, ]+|report = sections\.setup\(.*\)|"
    r"display\(HTML\(sections\.\w+\([\w, ]*\)\)\)|for \w+ in [\w.]+:|"
    r"lang = i18n\.check_lang\(lang\)|catalogue = default_catalogue\(\)|"
    r"check = check_catalogue\(catalogue\)|)"
)


@pytest.mark.parametrize("name", ["county_assessment", "city_overview", "targets_overview"])
def test_report_notebooks_only_call_and_display(name):
    nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
    code = [
        c.source
        for c in nb.cells
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    ]
    lines = [line.strip() for src in code for line in src.splitlines()]
    assert [line for line in lines if not ALLOWED.fullmatch(line)] == []


def test_the_notebook_check_can_fail():
    assert not ALLOWED.fullmatch('display(HTML(f"<h2>{plan.name(lang)}</h2>"))')
    assert not ALLOWED.fullmatch("observations, manifest = processed.load(data or None)")
