"""Reports on thin data (issue 10): a year without figures, no county figures, 未公开, sources."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from luoyang_analysis import gaps
from luoyang_analysis.batch import runner, summaries
from luoyang_analysis.batch.summaries import summary_workbook_bytes
from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.deliveries import processed
from luoyang_analysis.presentation import assessment, sections
from tests.unit.test_thin_data import FIRST_SETS, frame

REPO = Path(__file__).resolve().parents[2]
# A 2017 city figure, two county figures for 2017; nothing at all for 2018.
ROWS = (
    "unit_code,year,indicator_id,value,source,note\n"
    "410300,2017,capacity.coal_mines_closed,25,2017年统计公报,\n"
    "410323,2017,smart.smart_factories,1,,\n"
    "410381,2017,techup.investment_share,26,,\n"
)


@pytest.fixture
def delivery(root) -> Path:
    (root / "notebooks").symlink_to(REPO / "notebooks")
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(ROWS, encoding="utf-8")
    return d


def test_a_plan_year_without_any_figure_can_be_reported(delivery):
    # 2018 is a year of the plans (2017–2020) but the delivery has only 2017: planned, not refused.
    obs, manifest = processed.load(delivery)
    jobs = runner.plan(obs, manifest, delivery, [2018], [CITY_CODE], include_overviews=False)
    assert [j.key for j in jobs] == ["2018/410300"]
    # 2025 is neither in the data nor a year of the plans: refused, as before.
    with pytest.raises(Exception, match="year 2025 is not in the data"):
        runner.plan(obs, manifest, delivery, [2025], [CITY_CODE], include_overviews=False)


def test_the_report_of_a_year_without_figures_says_so_and_draws_no_ranking(delivery):
    ctx = sections.setup(CITY_CODE, 2018, "zh")
    summary = sections.summary_section(ctx)
    assert "2018年没有任何报送数据" in summary
    # every 2018 target of the city lacks data except 关闭退出煤矿? No: its 2018 target is a
    # yearly figure, and 2018 has none. So nothing can be assessed: 可评估 0 个.
    assert "个目标中可评估 0 个" in summary
    assert "没有滞后或未完成的目标" not in summary
    counties = sections.counties_section(ctx)
    assert "本年没有县（市、区）报送的数据" in counties
    assert "<img" not in counties and "县（市、区）排名" not in counties


def test_a_year_with_county_figures_keeps_the_ranking(delivery):
    ctx = sections.setup(CITY_CODE, 2017, "zh")
    counties = sections.counties_section(ctx)
    assert "<img" in counties and "县（市、区）排名" in counties


def test_the_value_s_source_is_a_footnote_beside_it():
    # 2021 首台（套） 5 from 河南日报: the actual cell reads 不少于 5 台（套）; the indicator's cell
    # carries 数据[n, m] after the text's references, and notes n and m are 来源：河南日报 2022-01
    # and the delivery's note.
    o = frame((CITY_CODE, 2021, FIRST_SETS, 5, "", "河南日报 2022-01", "新增省级首台套5项"))
    cur = gaps.compute_gaps(o, CITY_CODE, 2021)
    html = assessment.plan_table_html(cur, default_catalogue(), "techup", "zh")
    row = next(r for r in html.split("<tr>") if "首台" in r)
    assert "<td class='num'>不少于 5 台（套）</td>" in row
    n, m = re.search(r'<span class="src">数据\[(\d+),(\d+)\]</span>', row).groups()
    notes = re.findall(r"<li>(.*?)</li>", html)
    assert (notes[int(n) - 1], notes[int(m) - 1]) == ("来源：河南日报 2022-01", "新增省级首台套5项")


def test_not_published_is_written_in_the_report_and_in_summary_xlsx(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1514764800")
    o = frame((CITY_CODE, 2017, FIRST_SETS, float("nan"), "not_published", "市工信局", "未公开"))
    all_gaps = gaps.compute_all(o, 2017)
    html = assessment.plan_table_html(all_gaps, default_catalogue(), "techup", "zh")
    row = next(r for r in html.split("<tr>") if "首台" in r)
    assert "<td class='num'>未公开</td>" in row and '<span class="src">数据[' in row
    wb = load_workbook(io.BytesIO(summary_workbook_bytes(all_gaps, {}, 2017)))
    rows = list(wb["企业技术改造"].iter_rows(values_only=True))
    got = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    hit = next(r for r in got if r["indicator_id"] == FIRST_SETS)
    assert (hit["actual_qualifier"], hit["qualifier_zh"], hit["status"]) == (
        "not_published",
        "未公开",
        "no_data",
    )
    assert hit["actual_source"] == "市工信局"


def test_a_plan_without_targets_in_the_year_says_so(delivery):
    # 化解过剩产能's targets are all yearly or deadlines of 2017–2020: none applies in 2021
    # (docs/methodology.md §1), so its section is one line, not a heading over a blank page.
    ctx = sections.setup(CITY_CODE, 2021, "zh")
    html = sections.plan_section(ctx, "capacity")
    assert html.endswith(
        "<p>2021年本方案没有适用的定量目标（当年目标和期限目标不延续到以后年份）。</p>"
    )


def test_the_summary_figures_and_rates_say_what_is_only_a_lower_bound():
    # 2021 首台（套） 5 of 50 (2017–2020 missing): one incomplete row -> a figure "1 数据不全"
    # beside the five usual ones; its completion 5/50 = 10.0 % reads 不少于 10.0%.
    o = frame((CITY_CODE, 2021, FIRST_SETS, 5))
    cur = gaps.compute_gaps(o, CITY_CODE, 2021)
    summary = assessment.summary_html(cur, "zh")
    assert '<div class="kpi-n" style="color:#1f2933">1</div><div class="kpi-l">数据不全</div>' in (
        summary
    )
    table = assessment.plan_table_html(cur, default_catalogue(), "techup", "zh")
    assert "<td class='num'>不少于 10.0%</td>" in table


def test_charts_leave_out_indicators_without_any_figure(delivery):
    # 2017: 关闭退出煤矿 has a city figure; the other capacity targets have none: one chart only.
    from luoyang_analysis.presentation import charts

    ctx = sections.setup(CITY_CODE, 2017, "zh")
    fig = charts.indicator_paths(ctx.history, ctx.catalogue, "capacity", 2017, "zh")
    titles = [a.get_title() for a in fig.axes if a.get_visible()]
    assert len(titles) == 1 and titles[0].startswith("关闭退出煤矿")


def test_the_index_shows_coverage_per_unit(delivery, root, monkeypatch):
    # 2017: the city's judged targets are 关闭退出煤矿 (25 ≥ 25, achieved) and 智能工厂, new
    # ones from 2017 summed over the counties: 新安县 1 < 4, not achieved. "2/N", with the
    # coverage sentence as its title.
    monkeypatch.setenv("LUOYANG_REPORTS", str(root / "reports"))
    (root / "reports" / "2017").mkdir(parents=True)
    obs, manifest = processed.load(delivery)
    html = summaries.index_html(obs, manifest)
    city = re.search(r'data-unit="410300">(.*?)</tr>', html).group(1)
    cell = r"<td class='num' title='(\d+) 个目标中可评估 2 个；\d+ 个无数据'>2/\1</td>"
    assert re.search(cell, city)


def test_summary_xlsx_writes_the_observation_status_codes_beside_the_labels(monkeypatch):
    # deliveries.qualifiers: exact -> 确数, SDMX A, no GSS code; 未公开 -> O and [x]; a lower
    # bound -> 不少于, no code in either list; a row without any value -> missing (O, [x]),
    # no label (its status says 无数据).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1514764800")
    o = frame(
        (CITY_CODE, 2017, FIRST_SETS, 6),  # ≥5 in 2017: exact
        (CITY_CODE, 2017, "capacity.coal_mines_closed", float("nan"), "not_published"),
    )
    wb = load_workbook(io.BytesIO(summary_workbook_bytes(gaps.compute_all(o, 2017), {}, 2017)))
    rows = [
        dict(zip(rows[0], r, strict=True))
        for ws in wb.worksheets[:-1]
        for rows in [list(ws.iter_rows(values_only=True))]
        for r in rows[1:]
    ]
    by_id = {r["indicator_id"]: r for r in rows}

    def codes(i):
        r = by_id[i]
        return (r["qualifier_zh"], r["obs_status_sdmx"], r["obs_status_gss"])

    assert codes(FIRST_SETS) == ("确数", "A", None)
    assert codes("capacity.coal_mines_closed") == ("未公开", "O", "[x]")
    assert codes("smart.smart_factories") == (None, "O", "[x]")  # nothing delivered
    # 2017 with only 2017 first sets: the 2018 target's row is not in 2017; a lower bound is
    # shown in test_thin_data (qualifier at_least): its label is 不少于, with no code.
    lb = frame((CITY_CODE, 2021, FIRST_SETS, 5))
    wb = load_workbook(io.BytesIO(summary_workbook_bytes(gaps.compute_all(lb, 2021), {}, 2021)))
    ws = wb["企业技术改造"]
    head, *body = list(ws.iter_rows(values_only=True))
    r = next(dict(zip(head, b, strict=True)) for b in body if b[2] == FIRST_SETS)
    assert (r["qualifier_zh"], r["obs_status_sdmx"], r["obs_status_gss"]) == ("不少于", None, None)


def test_charts_draw_no_figure_on_another_basis_and_no_starting_zero(root):
    # tests/data/public: the only green figure is 「十三五期间…能耗下降40%」, a reduction
    # against 2015 (not comparable with the 2016-based target), and the new-count targets'
    # 2016 row is the programme's starting zero, not a figure. So the green plan of 2021
    # has nothing to draw: no chart (before, the 40 was drawn on the 2016-based axis, and
    # six charts of targets alone were drawn because of the starting zeros).
    import shutil

    from luoyang_analysis.presentation import charts

    (root / "notebooks").symlink_to(REPO / "notebooks")
    d = root / "data" / "raw" / "2021-12-31-public"
    shutil.copytree(REPO / "tests" / "data" / "public", d)
    ctx = sections.setup(CITY_CODE, 2021, "zh", data=str(d))
    assert charts.indicator_paths(ctx.history, ctx.catalogue, "green", 2021, "zh") is None
    # The techup plan keeps its chart: 首台（套） has a figure (at least 5 in 2021).
    fig = charts.indicator_paths(ctx.history, ctx.catalogue, "techup", 2021, "zh")
    titles = [a.get_title() for a in fig.axes if a.get_visible()]
    assert len(titles) == 1 and "首台（套）" in titles[0], titles
