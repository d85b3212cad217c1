"""The one rebuild rule, end to end: formats, deleted outputs and a moved delivery.

`make reports` always runs `luoyang reports`; these tests run the same command (and
``batch.build_all``) on two counties of the hand-written delivery of
test_reports_e2e, in this process (one worker, the shared kernel), so that each
step's BatchResult can be checked: what was built, what was found current.
"""

from __future__ import annotations

import json
import shutil

import pytest

from luoyang_analysis.batch import build as batch
from luoyang_analysis.cli import main as cli_main
from tests.integration.test_reports_e2e import (  # noqa: F401  (env is a fixture)
    VINTAGE,
    XINAN,
    YANSHI,
    YEAR,
    assert_complete_pdf,
    env,
    make_root,
    point_at,
)

pytestmark = pytest.mark.slow

UNITS = [XINAN, YANSHI]
KEYS = sorted(f"{YEAR}/{u}" for u in UNITS)


def build(**kw) -> batch.Outcome:
    outcome = batch.build_all(units=UNITS, years=[YEAR], workers=1, progress=False, **kw)
    assert outcome.failures == [], outcome.summary_text()
    return outcome


def luoyang_reports(capsys, *args: str) -> str:
    """`luoyang reports` for the two counties; its result line ("reports: …")."""
    units = ["--unit", *UNITS, "--year", str(YEAR), "--jobs", "1", "--quiet"]
    code = cli_main(["reports", *units, *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return out.splitlines()[0]


def mtimes(folder) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_html_then_default_formats_builds_the_pdfs_and_a_deleted_pdf_is_rebuilt_alone(
    tmp_path,
    env,  # noqa: F811  (the fixture imported above)
    capsys,
):
    root = make_root(tmp_path)
    out = tmp_path / "reports"
    point_at(env, root, out)
    year_dir = out / str(YEAR)

    # make reports FORMATS=html
    assert (
        luoyang_reports(capsys, "--formats", "html") == "reports: 2 built, 0 up to date, 0 failed"
    )
    assert sorted(p.name for p in year_dir.glob("*.pdf")) == []
    # make reports (html,pdf): the HTML-only builds are not current for PDFs.
    assert luoyang_reports(capsys) == "reports: 2 built, 0 up to date, 0 failed"
    for unit in UNITS:
        assert_complete_pdf(year_dir / f"{unit}.pdf")
    # Nothing changed: both formats, or HTML alone (the PDFs built beside it do no harm).
    assert luoyang_reports(capsys) == "reports: 0 built, 2 up to date, 0 failed"
    assert (
        luoyang_reports(capsys, "--formats", "html") == "reports: 0 built, 2 up to date, 0 failed"
    )

    # One report's PDF deleted: exactly that report is rebuilt.
    (year_dir / f"{YANSHI}.pdf").unlink()
    xinan = {ext: (year_dir / f"{XINAN}.{ext}").read_bytes() for ext in ("html", "pdf")}
    again = build()
    assert again.result.built == [f"{YEAR}/{YANSHI}"]
    assert again.result.skipped == [f"{YEAR}/{XINAN}"]
    assert_complete_pdf(year_dir / f"{YANSHI}.pdf")
    assert {ext: (year_dir / f"{XINAN}.{ext}").read_bytes() for ext in xinan} == xinan

    # The same delivery copied to a new dated folder (the newest, so the default): the
    # reports depend on its content, not on its name, so nothing is rebuilt or rewritten.
    new = "2020-02-29"
    raw = root / "data" / "raw"
    shutil.copytree(raw / VINTAGE, raw / new)
    before = mtimes(out)
    moved = build()
    assert moved.result.built == [] and sorted(moved.result.skipped) == KEYS
    assert moved.extra_written == []
    assert mtimes(out) == before
    # It was processed on the way (the batch's own rule), under its own name.
    manifest = json.loads(
        (root / "data" / "processed" / new / "manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["data"] == f"data/raw/{new}"

    # A revision in the new folder rebuilds only the revised county.
    # 偃师市 2018 share 26 -> 24 (24 / 25 = 96.0 %); 新安县's rows are untouched.
    obs = raw / new / "obs.csv"
    text = obs.read_text(encoding="utf-8")
    revised = text.replace(
        "410381,2018,techup.investment_share,26,", "410381,2018,techup.investment_share,24,"
    )
    assert revised != text
    obs.write_text(revised, encoding="utf-8")
    third = build()
    assert third.result.built == [f"{YEAR}/{YANSHI}"]
    assert third.result.skipped == [f"{YEAR}/{XINAN}"]
    assert "96.0%" in (year_dir / f"{YANSHI}.html").read_text(encoding="utf-8")


def test_the_formats_of_a_run_apply_to_the_scorecards_finals_and_subsidies(
    tmp_path,
    env,  # noqa: F811  (the fixture imported above)
):
    """A run asked for HTML builds the new kinds as HTML alone; html,pdf then adds exactly
    their PDFs (one scorecard, one county's final evaluation, the year's subsidies)."""
    from luoyang_analysis.batch import runner
    from luoyang_analysis.deliveries import processed

    root = make_root(tmp_path)
    out = tmp_path / "reports"
    point_at(env, root, out)
    data = processed.resolve_data(None)
    obs, manifest = processed.load(data)
    wanted = [f"{YEAR}/departments/environment", f"final/{XINAN}"]
    jobs = [
        j
        for j in runner.plan(obs, manifest, data, [YEAR], None, "zh", ("html",), True, True)
        if j.key in wanted
    ] + [runner.subsidies_job(data, manifest, YEAR, "zh", ("html",))]
    stems = [j.out_stem for j in jobs]
    assert [j.key for j in jobs] == [*wanted, f"{YEAR}/subsidies"]

    first = runner.run(jobs, ("html",), workers=1, progress=False)
    assert first.failures == [] and sorted(first.built) == sorted(j.key for j in jobs)
    before = {p for p in out.rglob("*") if p.is_file()}
    assert {p for p in before if p.suffix == ".pdf"} == set()
    assert all(s.with_suffix(".html") in before for s in stems)

    second = runner.run(jobs, ("html", "pdf"), workers=1, progress=False)
    assert second.failures == [] and sorted(second.built) == sorted(j.key for j in jobs)
    after = {p for p in out.rglob("*") if p.is_file()}
    assert after - before == {s.with_suffix(".pdf") for s in stems}
    for s in stems:
        assert_complete_pdf(s.with_suffix(".pdf"))
    # Both formats now current: asking for HTML alone builds nothing.
    third = runner.run(jobs, ("html",), workers=1, progress=False)
    assert third.built == [] and sorted(third.skipped) == sorted(j.key for j in jobs)
