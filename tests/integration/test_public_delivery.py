"""End to end on the public-source delivery ``tests/data/public`` (issue 10).

Three figures that are public for Luoyang, and nothing else (see its README):

- 2021 首台（套） 5 (「新增省级“首台套”5项」): the 2020 target 「力争累计50台（套）」 stands in
  2021 and runs from 2017; 2017–2020 have no figure, so 2021 is "at least 5 of 50",
  数据不全, never 未完成, and no department is listed as owing it;
- 2020 energy intensity 40 % lower against 2015 (period 2016–2020): the target is against
  2016, so the row is 无可比数据 with the reason;
- 2017 key-project investment 未公开: shown as 未公开 in HTML, PDF and summary.xlsx.

The city's reports for 2017, 2020 and 2021 are built through the real pipeline.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from luoyang_analysis.batch import build as batch
from luoyang_analysis.catalogue.targets import default_catalogue
from tests.integration.test_reports_e2e import gap_row, pdf_text, point_at, stop_kernel

pytestmark = pytest.mark.slow

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CITY = "410300"
FIRST_SETS = "通过河南省首台（套）重大技术装备认定的产品"
KEY_INVESTMENT = "techup.key_project_investment"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("public")
    root = base / "root"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "notebooks").symlink_to(NOTEBOOKS, target_is_directory=True)
    shutil.copytree(PUBLIC, root / "data" / "raw" / "2021-12-31-public")
    mp = pytest.MonkeyPatch()
    try:
        point_at(mp, root, base / "reports")
        outcome = batch.build_all(years=[2017, 2020, 2021], units=[CITY], progress=False)
    finally:
        stop_kernel()
        mp.undo()
    assert outcome.result.failures == [], outcome.summary_text()
    return base / "reports"


def page(reports: Path, year: int) -> str:
    return (reports / str(year) / f"{CITY}.html").read_text(encoding="utf-8")


def sheet_rows(reports: Path, year: int) -> list[dict]:
    wb = load_workbook(io.BytesIO((reports / str(year) / "summary.xlsx").read_bytes()))
    out = []
    for ws in wb.worksheets[:-1]:  # the plans; the last sheet is the provenance
        rows = list(ws.iter_rows(values_only=True))
        out += [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return out


def standing_in(year: int) -> int:
    """City targets with a status of their own after the last milestone (2020), counted from
    the catalogue itself: the last quantitative target is cumulative, a level or against the
    base year, and not a deadline (docs/methodology.md §1, target_kind standing)."""
    n = 0
    for ind in default_catalogue().indicators.values():
        quant = [t for t in ind.targets if t.is_quantitative]
        if not ind.is_quantitative or not quant or max(t.year for t in quant) >= year:
            continue
        last = max(quant, key=lambda t: t.year)
        n += last.accumulation in ("cumulative", "level", "against_base") and (
            last.comparison != "by_date"
        )
    return n


def test_the_summary_opens_with_what_could_be_assessed(built):
    # 2021: of the standing targets only 首台（套） has a figure, and it is a lower bound:
    # 0 judged, 1 incomplete, the rest without data.
    n = standing_in(2021)
    html = page(built, 2021)
    summary = html[html.index("一、总体情况") :]
    first = re.search(r'<p class="coverage"><strong>(.*?)</strong>', summary).group(1)
    assert first == f"{n} 个目标中可评估 0 个；1 个数据不全（只知下限）；{n - 1} 个无数据"
    # and says so where the largest gaps and the departments' lists would be
    assert summary.count("没有可评估的目标（") == 2
    assert "没有滞后或未完成的目标" not in html
    # no county figure: one line, no ranking, no map
    assert "本年没有县（市、区）报送的数据" in html and "县（市、区）排名" not in html


def test_a_lower_bound_not_a_miss_and_nobody_owes_it(built):
    html = page(built, 2021)
    cells = gap_row(html, FIRST_SETS)
    # target ≥ 50 (2020); actual at least 5; no gap; 5/50 = 10.0 % at least;
    # status 数据不全
    assert cells[1].startswith("≥ 50 台（套）")
    assert cells[2] == "不少于 5 台（套）"
    assert (cells[3], cells[4], cells[5]) == ("", "不少于 10.0%", "数据不全")
    assert "2017–2020年未报数，不按0计" in html
    assert ">未完成</span>" not in html  # no status badge says missed


def test_the_value_s_source_is_a_footnote_beside_it(built):
    # The notes are numbered per plan table: those of the table holding 首台（套）.
    plan = next(p for p in page(built, 2021).split('<h2 class="plan">') if FIRST_SETS in p)
    number = re.search(r"数据\[(\d+)", gap_row(plan, FIRST_SETS)[0]).group(1)
    notes = re.findall(r"<li>(.*?)</li>", plan.split('<ol class="notes">')[1])
    assert notes[int(number) - 1].startswith("来源：public Luoyang figure as quoted in issue 10")
    assert any("新增省级“首台套”5项" in n for n in notes)


def test_not_published_is_shown_as_such_in_html_pdf_and_summary(built):
    html = page(built, 2017)
    name = default_catalogue().indicators[KEY_INVESTMENT].name_zh
    cells = gap_row(html, name)
    assert cells[2].startswith("未公开") and cells[5] == "无数据"
    assert "未公开" in "".join(pdf_text(built / "2017" / f"{CITY}.pdf"))
    row = next(r for r in sheet_rows(built, 2017) if r["indicator_id"] == KEY_INVESTMENT)
    assert (row["actual_qualifier"], row["qualifier_zh"], row["actual_value"]) == (
        "not_published",
        "未公开",
        None,
    )


def test_a_2015_based_reduction_is_not_comparable_with_the_reason(built):
    html = page(built, 2020)
    cells = gap_row(html, "规模以上单位工业增加值能耗比2016年降低")
    assert cells[5] == "无可比数据"
    assert "公布的降低率40%以2015年为基（2016-2020），目标以2016年为基，二者不可比" in html


def test_no_missing_year_is_counted_as_zero(built):
    # Nothing in the delivery can show a target missed: no row of any year is 未完成.
    for year in (2017, 2020, 2021):
        rows = sheet_rows(built, year)
        assert not [r for r in rows if r["status"] == "not_achieved"], year
    first = {
        y: next(r for r in sheet_rows(built, y) if r["name_zh"] == FIRST_SETS) for y in (2020, 2021)
    }
    # 2021: at least 5, 2017–2020 missing. 2020: no 2020 figure and nothing known before: no
    # data, no 0.
    assert (first[2021]["actual_value"], first[2021]["actual_qualifier"]) == (5, "at_least")
    assert (first[2021]["missing_years"], first[2021]["status"]) == ("2017–2020", "incomplete")
    assert (first[2020]["actual_value"], first[2020]["status"]) == (None, "no_data")
