"""End to end: ``batch.build_all`` on a small hand-written delivery, through the real pipeline.

papermill executes the real county and city notebooks, nbconvert renders HTML,
WeasyPrint the PDF. Every figure checked below is worked out by hand from the
rows of ``DELIVERY_CSV`` and the targets of 洛政办〔2017〕78号:

- 规模以上单位工业增加值能耗比2016年降低 (green.energy_intensity_reduction), target for
  2018: "比2016年降低9%" (at least 9, against 2016); reduction = (1 − L2018/L2016) × 100;
- 技术改造投资占工业固定资产投资比重 (techup.investment_share), target for 2018: 25%;
- 强制性清洁生产审核覆盖率 (green.mandatory_audit_coverage), target for 2018: 100 (基本实现…全覆盖:
  基本完成 from 95);
- 智能工厂 (smart.smart_factories), cumulative 7 by 2018 for the city, counting those cultivated
  from 2017 (the 2016 stock is not counted); a county without an allocation shows its
  contribution, running total / 7.

Completion rates are shown as ``f"{rate * 100:.1f}%"``, values with at most two
decimals and no trailing zeros, a percent unit glued on ("10%", "0.5%")
(``assessment._pct`` / ``assessment._value``).
"""

from __future__ import annotations

import html as html_mod
import json
import re
import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from pypdf import PdfReader

from luoyang_analysis.batch import build as batch
from luoyang_analysis.batch import kernel as kernels
from luoyang_analysis.batch import runner
from luoyang_analysis.cli import main as cli_main
from luoyang_analysis.exceptions import LuoyangError, ParameterError
from luoyang_analysis.presentation import render as reports
from tests.helpers import embedded_fonts

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CITY, XINAN, YANSHI = "410300", "410323", "410381"
YEAR = 2018
VINTAGE = "2020-01-31"
MARK = "示例数据（手写测试）"
SOURCE_DATE_EPOCH = "1514764800"  # 2018-01-01T00:00:00Z

# The hand-written delivery (long form). Only the 410300 rows carry 示例数据 in their
# source, which is enough to mark the whole delivery illustrative (banner on).
DELIVERY_CSV = f"""\
unit_code,year,indicator_id,value,source,note
410300,2016,green.energy_intensity,1.10,{MARK},
410300,2017,green.energy_intensity,1.05,{MARK},
410300,2018,green.energy_intensity,0.99,{MARK},
410300,2016,techup.investment_share,15,{MARK},
410300,2017,techup.investment_share,21,{MARK},
410300,2018,techup.investment_share,24,{MARK},
410323,2016,green.energy_intensity,1.00,县统计局,
410323,2017,green.energy_intensity,0.96,县统计局,
410323,2018,green.energy_intensity,0.90,县统计局,
410323,2016,techup.investment_share,18,县统计局,
410323,2017,techup.investment_share,20,县统计局,
410323,2018,techup.investment_share,22,县统计局,
410323,2018,green.mandatory_audit_coverage,99.5,县统计局,
410323,2016,smart.smart_factories,1,县工信委,
410323,2017,smart.smart_factories,1,县工信委,
410323,2018,smart.smart_factories,1,县工信委,
410381,2016,green.energy_intensity,1.20,市统计局,
410381,2017,green.energy_intensity,1.15,市统计局,
410381,2018,green.energy_intensity,1.11,市统计局,
410381,2016,techup.investment_share,20,市统计局,
410381,2017,techup.investment_share,23,市统计局,
410381,2018,techup.investment_share,26,市统计局,
"""

ENERGY = "规模以上单位工业增加值能耗比2016年降低"
TECH_SHARE = "技术改造投资占工业固定资产投资比重"
AUDIT = "钢铁、有色、建材、化工等行业重点企业强制性清洁生产审核覆盖率"
SMART_FACTORIES = "智能工厂"

# Hand-computed expectations for 2018: (actual, gap, completion, status) as the report prints them.
EXPECTED = {
    XINAN: {
        # reduction = (1 − 0.90 / 1.00) × 100 = 10.0 ≥ 9: gap max(9 − 10, 0) = 0,
        # completion 10 / 9 = 1.1111 → 111.1 %, 已完成.
        ENERGY: ("10%", "0%", "111.1%", "已完成"),
        # share 22 < 25: gap 25 − 22 = 3, completion 22 / 25 = 0.88 → 88.0 %, 未完成.
        TECH_SHARE: ("22%", "3%", "88.0%", "未完成"),
        # coverage 99.5 < 100 (全覆盖 is only met at 100): gap 0.5, completion 0.995 → 99.5 %;
        # but the text says 「基本实现…全覆盖」 and 99.5 ≥ 0.95 × 100 = 95: 基本完成 (issue 9).
        AUDIT: ("99.5%", "0.5%", "99.5%", "基本完成"),
    },
    YANSHI: {
        # reduction = (1 − 1.11 / 1.20) × 100 = (1 − 0.925) × 100 = 7.5 < 9: gap 1.5,
        # completion 7.5 / 9 = 0.8333 → 83.3 %, 未完成.
        ENERGY: ("7.5%", "1.5%", "83.3%", "未完成"),
        # share 26 ≥ 25: gap 0, completion 26 / 25 = 1.04 → 104.0 %, 已完成.
        TECH_SHARE: ("26%", "0%", "104.0%", "已完成"),
    },
    CITY: {
        # reduction = (1 − 0.99 / 1.10) × 100 = (1 − 0.9) × 100 = 10.0: 111.1 %, 已完成.
        ENERGY: ("10%", "0%", "111.1%", "已完成"),
        # share 24 < 25: gap 1, completion 24 / 25 = 0.96 → 96.0 %, 未完成.
        TECH_SHARE: ("24%", "1%", "96.0%", "未完成"),
        # no official city figure: the sum of the counties, 新安县 2017 1 + 2018 1 = 2 (「培育」
        # counts new ones: its 2016 stock of 1 is not counted; 偃师市 reports none); target 7
        # by 2018: gap 5, completion 2 / 7 = 0.2857 → 28.6 %, 未完成; the stock is shown.
        SMART_FACTORIES: ("2 个 期初存量 1 个（不计入）", "5 个", "28.6%", "未完成"),
    },
}


# ----------------------------------------------------------------------------- helpers


def write_delivery(root: Path, text: str = DELIVERY_CSV, vintage: str = VINTAGE) -> Path:
    folder = root / "data" / "raw" / vintage
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "obs.csv").write_text(text, encoding="utf-8")
    return folder


def make_root(base: Path, text: str = DELIVERY_CSV, notebooks: Path = NOTEBOOKS) -> Path:
    """A project root with one delivery and the notebooks (a symlink unless a copy is given)."""
    root = base / "root"
    root.mkdir(parents=True)
    if notebooks == NOTEBOOKS:
        (root / "notebooks").symlink_to(NOTEBOOKS, target_is_directory=True)
    else:
        shutil.copytree(notebooks, root / "notebooks")
    write_delivery(root, text)
    return root


def point_at(mp: pytest.MonkeyPatch, root: Path, out: Path) -> None:
    mp.setenv("LUOYANG_ROOT", str(root))
    mp.setenv("LUOYANG_REPORTS", str(out))
    # A batch of one job runs in this process, in reports' shared kernel. The kernel is
    # restarted when LUOYANG_ROOT changes (tested below); each test still starts without one,
    # so tests stay independent, and ``stop_kernel`` shuts down the one it started.
    mp.setattr(kernels, "_KERNEL", None)


def stop_kernel() -> None:
    kernels.stop()


@pytest.fixture
def env():
    """Function-scoped environment switch; undone (and the kernel stopped) after the test."""
    mp = pytest.MonkeyPatch()
    try:
        yield mp
    finally:
        stop_kernel()
        mp.undo()


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html_mod.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def gap_row(page: str, name: str) -> list[str]:
    """The cells of ``name``'s row in the plan tables (``<table class="gaps">``), as text."""
    for table in re.findall(r'<table class="gaps">(.*?)</table>', page, flags=re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
            cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
            if cells and cells[0].split(" [")[0] == name:
                return cells
    raise AssertionError(f"no row {name!r} in the gap tables")


def pdf_text(path: Path) -> list[str]:
    # The subset CJK font draws U+00B7 (·) and U+2022 (•) with one glyph, and the PDF's
    # ToUnicode map names that glyph by either code point depending on what else the
    # page uses; the page shows "新安县 · 2018" either way (seen as PNG). Read it as "·".
    return [p.extract_text().replace("\u2022", "\u00b7") for p in PdfReader(path).pages]


def body_text(page: str) -> str:
    """A page's text without its margin boxes: the running header ("新安县 · 2018") and the
    footer ("1 / 7"), which Chromium's PDF holds before the body and WeasyPrint's after it."""
    margin = re.compile(r"\s*(\S+ · \d{4}|\d+ / \d+)\s*")
    return "\n".join(line for line in page.splitlines() if not margin.fullmatch(line))


def assert_complete_html(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>"), path
    return text


def assert_complete_pdf(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
    assert len(PdfReader(path).pages) >= 1


# ----------------------------------------------------------------------------- the batch


def run_batch(base: Path, **build_args) -> SimpleNamespace:
    """``batch.build_all(years=[YEAR], **build_args)`` on a new project root under ``base``."""
    root = make_root(base)
    out = base / "reports"
    mp = pytest.MonkeyPatch()
    try:
        point_at(mp, root, out)
        outcome = batch.build_all(years=[YEAR], progress=False, **build_args)
        summary = outcome.summary_text()  # paths in it are relative to $LUOYANG_REPORTS
    finally:
        stop_kernel()
        mp.undo()
    return SimpleNamespace(
        base=base, root=root, out=out, year_dir=out / str(YEAR), outcome=outcome, summary=summary
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One batch: the city and two counties, 2018, two workers, HTML and PDF."""
    return run_batch(tmp_path_factory.mktemp("e2e"), units=[CITY, XINAN, YANSHI], workers=2)


def test_batch_builds_every_report_and_nothing_else(built):
    r = built.outcome.result
    assert r.failures == [], built.summary
    assert sorted(r.built) == [f"{YEAR}/{CITY}", f"{YEAR}/{XINAN}", f"{YEAR}/{YANSHI}"]
    assert r.skipped == []
    names = sorted(p.name for p in built.year_dir.iterdir() if not p.name.startswith("."))
    assert names == sorted(
        [f"{u}.{ext}" for u in (CITY, XINAN, YANSHI) for ext in ("html", "pdf", "ipynb")]
        + ["summary.xlsx"]
    )
    hidden = sorted(p.name for p in built.year_dir.iterdir() if p.name.startswith("."))
    assert hidden == sorted(
        [f".{u}.inputs" for u in (CITY, XINAN, YANSHI)] + [".summary.xlsx.inputs"]
    ), "temporary files left behind"
    assert "3 built, 0 up to date, 0 failed" in built.summary
    assert "wrote reports/2018/summary.xlsx" in built.summary


@pytest.mark.parametrize("unit", [XINAN, YANSHI, CITY])
def test_html_numbers_match_the_hand_computed_gaps(built, unit):
    page = assert_complete_html(built.year_dir / f"{unit}.html")
    for name, (actual, gap, rate, status) in EXPECTED[unit].items():
        cells = gap_row(page, name)
        assert cells[2:6] == [actual, gap, rate, status], (name, cells)
        assert cells[1].startswith("≥ ") and "2018年" in cells[1], cells


def test_county_contribution_to_a_city_count_target(built):
    page = built.year_dir.joinpath(f"{XINAN}.html").read_text(encoding="utf-8")
    cells = gap_row(page, SMART_FACTORIES)
    # 「培育」 counts new ones: running total 2017 1 + 2018 1 = 2 of the city's 7 by 2018 (the
    # 2016 stock of 1 shown, not counted): 2 / 7 = 0.2857 → 28.6 % of the city target; no gap
    # and no county status of its own ("计入全市").
    assert cells[1] == "≥ 7 个 2018年（全市）"
    assert cells[2:6] == ["2 个 期初存量 1 个（不计入）", "", "28.6% 占全市目标", "计入全市"], cells


def test_pdf_shows_the_same_numbers_with_an_embedded_cjk_font(built):
    for unit, lines in {
        XINAN: ["10% 0% 111.1% 已完成", "22% 3% 88.0% 未完成"],
        YANSHI: ["7.5% 1.5% 83.3% 未完成", "26% 0% 104.0% 已完成"],
        CITY: ["10% 0% 111.1% 已完成", "24% 1% 96.0% 未完成"],
    }.items():
        path = built.year_dir / f"{unit}.pdf"
        assert_complete_pdf(path)
        text = "\n".join(pdf_text(path))
        for line in lines:
            assert line in text, (unit, line)
        fonts = embedded_fonts(path)
        assert any("CJK" in f or "SC" in f or "Hei" in f for f in fonts), fonts


def test_running_header_names_unit_and_year(built):
    for unit, name in ((XINAN, "新安县"), (YANSHI, "偃师市"), (CITY, "洛阳市")):
        header = f"{name} · {YEAR}"
        page = built.year_dir.joinpath(f"{unit}.html").read_text(encoding="utf-8")
        assert f'@top-center {{ content: "{header}"; }}' in page
        pages = pdf_text(built.year_dir / f"{unit}.pdf")
        assert len(pages) >= 2
        assert all(header in t for t in pages), [header in t for t in pages]


def test_sample_banner_shown_when_the_data_says_so(built):
    page = built.year_dir.joinpath(f"{XINAN}.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="banner"[^>]*>示例数据', page)
    assert body_text(pdf_text(built.year_dir / f"{XINAN}.pdf")[0]).lstrip().startswith("示例数据")
    index = built.out.joinpath("index.html").read_text(encoding="utf-8")
    assert '<div class="banner">示例数据' in index


def test_html_has_no_code_no_prompts_and_is_self_contained(built):
    for unit in (XINAN, YANSHI, CITY):
        page = built.year_dir.joinpath(f"{unit}.html").read_text(encoding="utf-8")
        for code in ("import ", "processed.load", "display(HTML", "unit_code = ", "def "):
            assert code not in page, (unit, code)
        assert "In [" not in page and "In&nbsp;[" not in page and "Out[" not in page
        assert "prompt" not in page
        assert "http://" not in page and "https://" not in page
        assert "<script" not in page and "<link" not in page
        images = re.findall(r"<img [^>]*>", page)
        assert images, "charts missing"
        assert all('src="data:image/png;base64,' in img for img in images)
        assert not re.search(r"url\((?!\s*['\"]?data:)", page), "external url() in CSS"


def test_summary_workbook_has_one_sheet_per_plan_and_the_same_completion(built):
    path = built.year_dir / "summary.xlsx"
    assert zipfile.is_zipfile(path)
    sheets = pd.read_excel(path, sheet_name=None, dtype={"unit_code": str})
    assert list(sheets) == [
        "化解过剩产能",
        "工业绿色化改造",
        "工业智能化改造",
        "企业技术改造",
        "来源 provenance",
    ]
    green, techup = sheets["工业绿色化改造"], sheets["企业技术改造"]

    def row(frame, unit, indicator):
        hit = frame[(frame["unit_code"] == unit) & (frame["indicator_id"] == indicator)]
        assert len(hit) == 1, (unit, indicator)
        return hit.iloc[0]

    r = row(green, XINAN, "green.energy_intensity_reduction")
    assert r["completion_rate"] == pytest.approx(10 / 9)
    assert f"{r['completion_rate'] * 100:.1f}%" == EXPECTED[XINAN][ENERGY][2]
    assert r["status_zh"] == "已完成" and r["actual_value"] == pytest.approx(10.0)
    r = row(techup, YANSHI, "techup.investment_share")
    assert r["completion_rate"] == pytest.approx(26 / 25)
    assert f"{r['completion_rate'] * 100:.1f}%" == EXPECTED[YANSHI][TECH_SHARE][2]
    r = row(techup, XINAN, "techup.investment_share")
    assert (r["completion_rate"], r["gap"], r["status_zh"]) == (pytest.approx(0.88), 3, "未完成")
    about = dict(
        zip(sheets["来源 provenance"]["item"], sheets["来源 provenance"]["value"], strict=True)
    )
    assert about["说明"].startswith("示例数据") and str(about["year"]) == str(YEAR)


def test_index_links_every_report(built):
    index = assert_complete_html(built.out / "index.html")
    for unit in (CITY, XINAN, YANSHI):
        for ext in ("html", "pdf"):
            assert f'href="{YEAR}/{unit}.{ext}"' in index, (unit, ext)
    assert f'href="{YEAR}/summary.xlsx"' in index


def test_executed_notebooks_are_kept_for_audit(built):
    nb = json.loads(built.year_dir.joinpath(f"{XINAN}.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    assert any(f'unit_code = "{XINAN}"' in s and "year = 2018" in s for s in sources)
    assert not [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]


def test_executed_notebook_is_as_readable_as_the_reports(built):
    modes = {
        ext: (built.year_dir / f"{XINAN}.{ext}").stat().st_mode & 0o777
        for ext in ("html", "pdf", "ipynb")
    }
    assert modes == {"html": 0o644, "pdf": 0o644, "ipynb": 0o644}


# ----------------------------------------------------------------------------- rebuild rules


def test_second_run_builds_nothing_and_a_changed_county_rebuilds_only_itself_and_the_city(
    built, tmp_path, env
):
    # Work on a copy, so the other tests keep the first build. Stamps, data labels and the
    # processed manifest are relative to the root, so the copy is as current as the original.
    root, out = tmp_path / "root", tmp_path / "reports"
    shutil.copytree(built.root, root, symlinks=True)
    shutil.copytree(built.out, out)
    point_at(env, root, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}

    again = batch.build_all(units=[CITY, XINAN, YANSHI], years=[YEAR], workers=2, progress=False)
    assert again.result.built == [] and again.failures == []
    assert sorted(again.result.skipped) == sorted(f"{YEAR}/{u}" for u in (CITY, XINAN, YANSHI))
    assert again.extra_written == []  # summary.xlsx and index.html unchanged too
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before

    # 偃师市 revises its 2018 share from 26 to 24: 24 / 25 = 0.96 → 96.0 %, gap 1, 未完成.
    raw = root / "data" / "raw" / VINTAGE / "obs.csv"
    text = raw.read_text(encoding="utf-8")
    changed = text.replace(
        "410381,2018,techup.investment_share,26,", "410381,2018,techup.investment_share,24,"
    )
    assert changed != text
    raw.write_text(changed, encoding="utf-8")
    xinan_files = {
        ext: (out / str(YEAR) / f"{XINAN}.{ext}").read_bytes() for ext in ("html", "pdf")
    }

    third = batch.build_all(units=[CITY, XINAN, YANSHI], years=[YEAR], workers=2, progress=False)
    assert third.failures == [], third.summary_text()
    assert sorted(third.result.built) == [f"{YEAR}/{CITY}", f"{YEAR}/{YANSHI}"]
    assert third.result.skipped == [f"{YEAR}/{XINAN}"]
    for ext, data in xinan_files.items():
        assert (out / str(YEAR) / f"{XINAN}.{ext}").read_bytes() == data
    page = (out / str(YEAR) / f"{YANSHI}.html").read_text(encoding="utf-8")
    assert gap_row(page, TECH_SHARE)[2:6] == ["24%", "1%", "96.0%", "未完成"]
    summary = pd.read_excel(
        out / str(YEAR) / "summary.xlsx", sheet_name="企业技术改造", dtype={"unit_code": str}
    )
    hit = summary[
        (summary["unit_code"] == YANSHI) & (summary["indicator_id"] == "techup.investment_share")
    ]
    assert hit["completion_rate"].tolist() == [pytest.approx(0.96)]


# ----------------------------------------------------------------------------- failure path


def notebooks_failing_for(base: Path, code: str) -> Path:
    """A copy of the notebooks whose county notebook raises for one unit code."""
    copy = base / "notebooks-failing"
    shutil.copytree(NOTEBOOKS, copy)
    path = copy / "county_assessment.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    at = next(i for i, c in enumerate(nb["cells"]) if "parameters" in c["metadata"].get("tags", []))
    nb["cells"].insert(
        at + 1,
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "deliberate-failure",
            "metadata": {},
            "outputs": [],
            "source": f'if unit_code == "{code}":\n    raise RuntimeError("boom")\n',
        },
    )
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return copy


def test_a_failing_unit_leaves_the_other_reports_complete(tmp_path, env, capsys):
    root = make_root(tmp_path, notebooks=notebooks_failing_for(tmp_path, YANSHI))
    out = tmp_path / "reports"
    point_at(env, root, out)
    outcome = batch.build_all(units=[XINAN, YANSHI], years=[YEAR], workers=2, progress=False)

    assert outcome.result.built == [f"{YEAR}/{XINAN}"]
    assert len(outcome.failures) == 1
    failure = outcome.failures[0]
    assert failure.key == f"{YEAR}/{YANSHI}"
    assert "county_assessment.ipynb" in failure.message
    assert "RuntimeError: boom" in failure.message
    cell = re.search(r"cell (\d+) failed", failure.message)
    assert cell, failure.message
    executed = out / str(YEAR) / f"{YANSHI}.ipynb"
    assert failure.executed == executed and executed.is_file()
    assert str(executed) in failure.message
    # The executed notebook shows the error, in the cell the message names.
    nb = json.loads(executed.read_text(encoding="utf-8"))
    failed = [
        c for c in nb["cells"] if any(o["output_type"] == "error" for o in c.get("outputs", []))
    ]
    assert len(failed) == 1
    err = next(o for o in failed[0]["outputs"] if o["output_type"] == "error")
    assert (err["ename"], err["evalue"]) == ("RuntimeError", "boom")
    assert failed[0]["execution_count"] == int(cell.group(1))
    assert 'raise RuntimeError("boom")' in "".join(failed[0]["source"])

    # No report (and no stamp) for the failed unit; the other one is complete.
    year_dir = out / str(YEAR)
    assert not (year_dir / f"{YANSHI}.html").exists() and not (year_dir / f"{YANSHI}.pdf").exists()
    assert not (year_dir / f".{YANSHI}.inputs").exists()
    page = assert_complete_html(year_dir / f"{XINAN}.html")
    assert gap_row(page, TECH_SHARE)[2:6] == list(EXPECTED[XINAN][TECH_SHARE])
    assert_complete_pdf(year_dir / f"{XINAN}.pdf")
    assert "88.0%" in "\n".join(pdf_text(year_dir / f"{XINAN}.pdf"))
    assert [p.name for p in year_dir.iterdir() if p.name.endswith(".tmp")] == []
    text = outcome.summary_text()
    assert "1 built, 0 up to date, 1 failed" in text and f"{YEAR}/{YANSHI}" in text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{YEAR}/{XINAN}.html"' in index and f'href="{YEAR}/{YANSHI}.html"' not in index

    # The command exits non-zero and names the failure; the good report is not rebuilt.
    capsys.readouterr()
    status = cli_main(
        ["reports", "--year", str(YEAR), "--unit", XINAN, YANSHI, "--jobs", "2", "--quiet"]
    )
    printed = capsys.readouterr().out
    assert status == 1
    assert "0 built, 1 up to date, 1 failed" in printed
    assert f"{YEAR}/{YANSHI}" in printed and "RuntimeError: boom" in printed


# ----------------------------------------------------------------------------- parameters


@pytest.fixture
def validating(tmp_path, env, monkeypatch):
    """A root with the delivery; any notebook execution fails the test."""
    root = make_root(tmp_path)
    out = tmp_path / "reports"
    point_at(env, root, out)

    def no_execution(*args, **kwargs):
        raise AssertionError("a report was executed despite bad parameters")

    monkeypatch.setattr(runner, "build_report", no_execution)
    monkeypatch.setattr(reports, "execute_notebook", no_execution)
    return SimpleNamespace(root=root, out=out)


def _nothing_written(out: Path) -> bool:
    return not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"units": [XINAN, "999999"], "years": [YEAR]}, "unknown unit '999999'"),
        ({"units": [XINAN, "新安"], "years": [YEAR]}, "did you mean 新安县"),
        ({"units": [XINAN], "years": [YEAR, 2025]}, "year 2025 is not in the data"),
        ({"units": [XINAN], "years": [2015]}, "year 2015 is not in the data"),
        ({"units": [XINAN], "years": [YEAR], "lang": "fr"}, "unknown language 'fr'"),
        ({"units": [XINAN], "years": [YEAR], "formats": ["docx"]}, "unknown format"),
    ],
)
def test_bad_parameters_fail_clearly_before_any_execution(validating, kwargs, message):
    with pytest.raises(LuoyangError, match=re.escape(message)):
        batch.build_all(workers=2, progress=False, **kwargs)
    assert _nothing_written(validating.out)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--unit", "999999"], "unknown unit '999999'"),
        (["--year", "2025"], "year 2025 is not in the data"),
    ],
)
def test_cli_bad_parameters_exit_1_with_one_line(validating, capsys, argv, message):
    status = cli_main(["reports", "--quiet", *argv])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("luoyang: error: ") and message in err and "Traceback" not in err
    assert _nothing_written(validating.out)


def test_cli_bad_language_is_a_usage_error(validating, capsys):
    # argparse refuses it (choices zh/en) with its usage message and status 2.
    with pytest.raises(SystemExit) as exc:
        cli_main(["reports", "--lang", "fr"])
    assert exc.value.code != 0
    assert "invalid choice: 'fr'" in capsys.readouterr().err
    assert _nothing_written(validating.out)


@pytest.mark.parametrize("code", ["../../etc", "../410323", "2018/../../x", "/etc/passwd"])
def test_a_unit_code_can_never_write_outside_reports(validating, code):
    with pytest.raises(LuoyangError):
        batch.build_all(units=[code], years=[YEAR], workers=2, progress=False)
    assert _nothing_written(validating.out)
    assert (
        not (validating.out.parent / "etc").exists() and not (validating.out.parent / "x").exists()
    )
    # The guard behind it: any output path that resolves outside reports/ is refused.
    for escape in (
        runner.output_dir(YEAR, "zh") / code,
        validating.out / ".." / "etc",
        validating.out / str(YEAR) / ".." / ".." / "x",
    ):
        if validating.out.resolve() not in escape.resolve().parents:
            with pytest.raises(ParameterError, match="refusing to write outside"):
                runner.check_output_path(escape)


def test_unknown_unit_is_a_parameter_error(validating):
    with pytest.raises(ParameterError):
        batch.build_all(units=["999999"], years=[YEAR], workers=2, progress=False)


# ----------------------------------------------------------------------------- reproducibility


def test_source_date_epoch_gives_byte_identical_html_and_no_banner_for_real_data(tmp_path, env):
    # The same delivery without any 示例数据 mark: not illustrative, so no banner.
    root = make_root(tmp_path, text=DELIVERY_CSV.replace(MARK, "市统计局"))
    out = tmp_path / "reports"
    point_at(env, root, out)
    env.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    page = out / str(YEAR) / f"{XINAN}.html"

    first = batch.build_all(
        units=[XINAN], years=[YEAR], formats=["html"], workers=2, force=True, progress=False
    )
    assert first.result.built == [f"{YEAR}/{XINAN}"], first.summary_text()
    one = page.read_bytes()
    second = batch.build_all(
        units=[XINAN], years=[YEAR], formats=["html"], workers=2, force=True, progress=False
    )
    assert second.result.built == [f"{YEAR}/{XINAN}"], second.summary_text()
    assert page.read_bytes() == one

    text = one.decode("utf-8")
    assert "2018-01-01T00:00:00+00:00" in text  # the generation time is the epoch's
    assert 'class="banner"' not in text and "示例数据" not in text
    assert gap_row(text, ENERGY)[2:6] == list(EXPECTED[XINAN][ENERGY])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="banner"' not in index


def test_in_process_builds_follow_the_current_project_root(tmp_path, env):
    # Two roots whose deliveries have the same name but differ in one value.
    a = make_root(tmp_path / "a")
    b = make_root(
        tmp_path / "b",
        text=DELIVERY_CSV.replace(
            "410323,2018,techup.investment_share,22,", "410323,2018,techup.investment_share,20,"
        ),
    )
    pages = {}
    for name, root in (("a", a), ("b", b)):
        env.setenv("LUOYANG_ROOT", str(root))
        env.setenv("LUOYANG_REPORTS", str(root.parent / "reports"))
        if name == "a":
            env.setattr(kernels, "_KERNEL", None)
        outcome = batch.build_all(
            units=[XINAN], years=[YEAR], formats=["html"], workers=2, progress=False
        )
        assert outcome.failures == []
        pages[name] = (root.parent / "reports" / str(YEAR) / f"{XINAN}.html").read_text(
            encoding="utf-8"
        )
    assert gap_row(pages["a"], TECH_SHARE)[2:6] == ["22%", "3%", "88.0%", "未完成"]
    # b: 20 / 25 = 0.80 → 80.0 %, gap 5. (Its summary.xlsx, computed in this process, says so.)
    assert gap_row(pages["b"], TECH_SHARE)[2:6] == ["20%", "5%", "80.0%", "未完成"]
