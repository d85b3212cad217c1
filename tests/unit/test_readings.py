"""How the catalogue reads 洛政办〔2017〕78号: new versus held, the alternative readings,
基本, whose target it is, the corrections of issue 9 and the exact place of every quote.

Every expectation was taken from the source text (the sentence is quoted beside
it), never from ``targets.yaml`` or the program's output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from luoyang_analysis.catalogue.check import check_catalogue, format_check, span_problem
from luoyang_analysis.catalogue.readings import BASICALLY_ACHIEVED_SHARE
from luoyang_analysis.catalogue.targets import load_catalogue, normalise, read_source_text
from luoyang_analysis.exceptions import CatalogueError


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def text() -> str:
    return read_source_text()


@pytest.fixture(scope="module")
def check(catalogue):
    return check_catalogue(catalogue)


# --------------------------------------------------------------------------- 1. new versus held
#
# (indicator, years, figures, counts, verb). The verb decides: 达到 / 总量突破 a total held
# (the 2016 stock counts); every other verb counts those newly achieved since 2017.

COUNTED = [
    # 「2017年，全市关闭退出煤矿25处」
    ("capacity.coal_mines_closed", [2017], [25], "new", "关闭退出"),
    # 「10 月底前，市、县两级对 25 处关闭到位的煤矿进行复核验收」
    ("capacity.coal_mines_verified", [2017], [25], "new", "复核验收"),
    # 「2017 年底前，淘汰 62 台高耗能变压器，80 台落后电机，3 条落后煅烧、冶炼生产线，
    #   1 套落后轴承生产设备，1 台 450 立方米炼铁高炉，1 台 45 吨炼钢转炉」
    ("capacity.transformers_retired", [2017], [62], "new", "淘汰"),
    ("capacity.motors_retired", [2017], [80], "new", "淘汰"),
    ("capacity.kiln_smelting_lines_retired", [2017], [3], "new", "淘汰"),
    ("capacity.bearing_equipment_retired", [2017], [1], "new", "淘汰"),
    ("capacity.blast_furnace_retired", [2017], [1], "new", "淘汰"),
    ("capacity.converter_retired", [2017], [1], "new", "淘汰"),
    # 「建设 1 家绿色示范企业」「建设 5 家绿色示范企业、1 个绿色园区、2 个静脉产业园区」
    # 「建设 10 家绿色示范企业、2 个绿色园区、5 个静脉产业园区」
    ("green.demo_enterprises", [2017, 2018, 2020], [1, 5, 10], "new", "建设"),
    ("green.green_parks", [2018, 2020], [1, 2], "new", "建设"),
    ("green.recycling_parks", [2017, 2018, 2020], [1, 2, 5], "new", "建设"),
    # 「2018年，2家企业（产品）进入国家能效、水效“领跑者”名单…，2020年达到20家。」
    ("green.efficiency_leaders", [2018], [2], "new", "进入"),
    ("green.efficiency_leaders", [2020], [20], "held", "达到"),
    # 「2017年推动2家企业开展自愿性清洁生产审核，2020年达到10家。」
    ("green.voluntary_clean_audits", [2017], [2], "new", "开展"),
    ("green.voluntary_clean_audits", [2020], [10], "held", "达到"),
    # 「…开展能耗监察，其中钢铁 1 家、水泥 3 家、平板玻璃 2 家、电解铝 4 家。」
    ("green.energy_inspections_steel", [2017], [1], "new", "开展能耗监察"),
    ("green.energy_inspections_cement", [2017], [3], "new", "开展能耗监察"),
    ("green.energy_inspections_glass", [2017], [2], "new", "开展能耗监察"),
    ("green.energy_inspections_aluminium", [2017], [4], "new", "开展能耗监察"),
    # 「培育 4 个智能工厂、7 个智能车间，建设 4 个服务型制造示范企业（平台），
    #   两化融合管理体系贯标企业达到 7 家、对标企业达到 67 家」 (and 7/14/14/14/140, 14/34/14/34/335)
    ("smart.smart_factories", [2017, 2018, 2020], [4, 7, 14], "new", "培育"),
    ("smart.smart_workshops", [2017, 2018, 2020], [7, 14, 34], "new", "培育"),
    ("smart.service_manufacturing_demos", [2017, 2018, 2020], [4, 7, 14], "new", "建设"),
    ("smart.integration_certified", [2017, 2018, 2020], [7, 14, 34], "held", "达到"),
    ("smart.integration_benchmarked", [2017, 2018, 2020], [67, 140, 335], "held", "达到"),
    # 「2017年，建设不低于1家面向制造企业提供服务的第三方云平台和供应链云平台。」
    ("smart.cloud_platforms", [2017], [1], "new", "建设"),
    # 「2020年，最少培育1家智能制造整体解决方案提供商。」
    ("smart.solution_providers", [2020], [1], "new", "培育"),
    # 「每年举办制造业与互联网融合发展企业家专题研讨班。」
    ("smart.integration_seminars", [2017, 2018, 2019, 2020], [1, 1, 1, 1], "new", "举办"),
    # 「2017年，力争5台（套）以上工业产品通过河南省首台（套）…认定。2018年，力争7台（套）以上
    #   通过省级认定。2020年，力争累计50台（套）通过省级认定」
    ("techup.first_sets_certified", [2017, 2018, 2020], [5, 7, 50], "new", "通过"),
    # 「全市注册商标总量突破30000件，其中中国驰名商标数达到35件以上，河南省著名商标数达到500件以上」
    ("techup.registered_trademarks", [2020], [30000], "held", "总量突破"),
    ("techup.well_known_trademarks", [2020], [35], "held", "达到"),
    ("techup.famous_trademarks", [2020], [500], "held", "达到"),
    # 「按年度筛选 5 大技术改造标杆企业、10 大技术改造创新示范项目、100 个传统技术改造升级项目」
    ("techup.benchmark_enterprises", [2017, 2018, 2019, 2020], [5] * 4, "new", "筛选"),
    ("techup.innovation_demo_projects", [2017, 2018, 2019, 2020], [10] * 4, "new", "筛选"),
    ("techup.upgrade_projects", [2017, 2018, 2019, 2020], [100] * 4, "new", "筛选"),
    # 「领导小组办公室每年初发布《洛阳市重点产业技术改造投资导向目录》」 (first due early 2018)
    ("techup.investment_guide_published", [2018, 2019, 2020], [1, 1, 1], "new", "发布"),
    # 「各县（市、区）和领导小组成员单位每年向领导小组汇报一次技术改造工作推进情况」
    ("techup.progress_reports", [2017, 2018, 2019, 2020], [1] * 4, "new", "汇报"),
    # 「领导小组每半年通报一次…」: 1 in the second half of 2017 (issued in September), then 2 a year
    ("techup.key_project_bulletins", [2017, 2018, 2019, 2020], [1, 2, 2, 2], "new", "通报"),
    # 「每年召开一次专题会议」
    ("techup.annual_meetings", [2017, 2018, 2019, 2020], [1] * 4, "new", "召开"),
]


@pytest.mark.parametrize("case", COUNTED, ids=[f"{c[0]}-{c[3]}-{c[1][0]}" for c in COUNTED])
def test_counts_follow_the_verb(case, catalogue):
    indicator_id, years, figures, counts, verb = case
    ind = catalogue.indicator(indicator_id)
    for year, figure in zip(years, figures, strict=True):
        t = ind.target_for(year)
        assert t is not None, f"{indicator_id} {year}"
        assert t.value == pytest.approx(figure), f"{indicator_id} {year}"
        assert (t.counts, t.verb) == (counts, verb), f"{indicator_id} {year}"
        assert any(normalise(verb) in normalise(s.quote) for s in t.sources)


def test_every_counted_target_is_listed_above(catalogue):
    listed = {(c[0], y) for c in COUNTED for y in c[1]}
    counted = {(t.indicator_id, t.year) for t in catalogue.targets if t.counts is not None}
    assert counted == listed


def test_the_21_cultivated_or_built_targets_of_the_issue_count_new_ones(catalogue):
    # smart factories 3, workshops 3, service demos 3, cloud 1, solution providers 1,
    # green demo enterprises 3, green parks 2, recycling parks 3, 领跑者 2018, audits 2017: 21
    ids = {
        "smart.smart_factories": 3,
        "smart.smart_workshops": 3,
        "smart.service_manufacturing_demos": 3,
        "smart.cloud_platforms": 1,
        "smart.solution_providers": 1,
        "green.demo_enterprises": 3,
        "green.green_parks": 2,
        "green.recycling_parks": 3,
    }
    new = [
        t
        for t in catalogue.targets
        if t.indicator_id in ids and t.counts == "new" and t.accumulation == "cumulative"
    ]
    extra = [
        catalogue.indicator("green.efficiency_leaders").target_for(2018),
        catalogue.indicator("green.voluntary_clean_audits").target_for(2017),
    ]
    assert all(t.counts == "new" for t in extra)
    assert len(new) + len(extra) == sum(ids.values()) + 2 == 21


# --------------------------------------------------------------------------- 2. readings

READINGS = [
    # 4 → 7 → 14 and the other rising 培育/建设 series: yearly instead of running totals
    ("smart.smart_factories", "yearly", [2017, 2018, 2020], {"accumulation": "yearly"}),
    ("smart.smart_workshops", "yearly", [2017, 2018, 2020], {"accumulation": "yearly"}),
    ("smart.service_manufacturing_demos", "yearly", [2017, 2018, 2020], {"accumulation": "yearly"}),
    ("green.demo_enterprises", "yearly", [2017, 2018, 2020], {"accumulation": "yearly"}),
    ("green.green_parks", "yearly", [2018, 2020], {"accumulation": "yearly"}),
    ("green.recycling_parks", "yearly", [2017, 2018, 2020], {"accumulation": "yearly"}),
    # 「2018年，2家企业（产品）进入…」: 2 in 2018 alone
    ("green.efficiency_leaders", "yearly", [2018], {"accumulation": "yearly"}),
    # 「2017年建成2个城市矿产类静脉产业园」 against the table's 1
    ("green.recycling_parks", "task_figure", [2017], {"value": 2}),
    # 「力争累计50台（套）」 with the units certified before 2017
    ("techup.first_sets_certified", "with_earlier", [2020], {"counts": "held"}),
    # 「不低于1家…第三方云平台和供应链云平台」: one of each, so at least 2 in all
    ("smart.cloud_platforms", "one_of_each", [2017], {"value": 2}),
    # city-wide rates that need not bind each county
    (
        "green.energy_intensity_reduction",
        "county_not_bound",
        [2017, 2018, 2020],
        {"applies_to": "city"},
    ),
    ("green.mandatory_audit_coverage", "county_not_bound", [2018], {"applies_to": "city"}),
    ("green.hazchem_relocation_share", "county_not_bound", [2017, 2018], {"applies_to": "city"}),
    # 2017 「全市20%…实施」, 2018 「全市 40%…」; 2020 「全部完成」 binds every county anyway
    (
        "techup.enterprises_upgrading_share",
        "county_not_bound",
        [2017, 2018],
        {"applies_to": "city"},
    ),
    ("techup.investment_share", "county_not_bound", [2017, 2018, 2020], {"applies_to": "city"}),
]


@pytest.mark.parametrize("case", READINGS, ids=[f"{c[0]}-{c[1]}" for c in READINGS])
def test_declared_readings(case, catalogue):
    indicator_id, alt_id, years, change = case
    ind = catalogue.indicator(indicator_id)
    alt = ind.alternative(alt_id)
    assert alt.years == tuple(years)
    assert dict(alt.change) == change
    assert alt.description_zh and alt.description_en
    other = ind.under(alt_id)
    for t, o in zip(ind.targets, other.targets, strict=True):
        for f, v in change.items():
            if t.year in years:
                assert getattr(o, f) == v and getattr(t, f) != v, (t.year, f)
            else:
                assert o == t


def test_every_declared_reading_is_listed_above_and_by_the_check(catalogue, check):
    declared = {(i.id, a.id) for i in catalogue.indicators.values() for a in i.alternatives}
    assert declared == {(c[0], c[1]) for c in READINGS}
    out = format_check(check)
    for indicator_id, alt_id, years, _ in READINGS:
        assert f"{indicator_id} {'、'.join(map(str, years))} [{alt_id}]" in out


def test_default_readings_are_the_ones_argued_for(catalogue):
    # 4, 7, 14 running totals; 首台（套） from 2017; one platform in all; rates apply to counties
    assert (
        catalogue.indicator("smart.smart_factories").target_for(2018).accumulation == "cumulative"
    )
    first_sets = catalogue.indicator("techup.first_sets_certified").target_for(2020)
    assert (first_sets.counts, first_sets.accumulation) == ("new", "cumulative")
    assert catalogue.indicator("smart.cloud_platforms").target_for(2017).value == 1
    assert catalogue.indicator("techup.investment_share").target_for(2018).applies_to == "each_unit"
    assert catalogue.indicator("green.recycling_parks").target_for(2017).value == 1


# --------------------------------------------------------------------------- 3. 基本


def test_only_the_basically_full_coverage_target_is_basically(catalogue):
    # 「2018年基本实现钢铁、有色、建材、化工等行业重点企业强制性清洁生产审核全覆盖。」
    basically = [(t.indicator_id, t.year) for t in catalogue.targets if t.basically]
    assert basically == [("green.mandatory_audit_coverage", 2018)]
    assert BASICALLY_ACHIEVED_SHARE == 0.95
    # 96 % of 100 is basically achieved, 90 % is not: 96 >= 0.95 × 100 = 95 > 90
    t = catalogue.indicator("green.mandatory_audit_coverage").target_for(2018)
    assert 96 >= BASICALLY_ACHIEVED_SHARE * t.value > 90


# --------------------------------------------------------------------------- 4. corrections


def test_bulletins_2017_is_one(catalogue):
    # 「领导小组每半年通报一次…」, notice issued 2017-09-12: one half-year left in 2017
    ind = catalogue.indicator("techup.key_project_bulletins")
    assert ind.target_for(2017).value == 1
    assert ind.target_for(2018).value == 2


def test_progress_reports_bind_every_county_and_member_unit(catalogue):
    # 「各县（市、区）和领导小组成员单位每年向领导小组汇报一次」
    for t in catalogue.indicator("techup.progress_reports").targets:
        assert t.applies_to == "every_unit_and_member"
        assert t.responsible_units.endswith("各县（市、区）人民政府")


@pytest.mark.parametrize(
    "indicator_id",
    ["techup.benchmark_enterprises", "techup.innovation_demo_projects", "techup.upgrade_projects"],
)
def test_fifty_ten_hundred_are_at_least(catalogue, indicator_id):
    # 「按年度筛选 5 大…」 sets no ceiling: selecting 6 benchmark enterprises is not a failure
    assert {t.comparison for t in catalogue.indicator(indicator_id).targets} == {"at_least"}


def test_integration_index_rank_units_are_the_whole_line(catalogue, text):
    # 智能化 三（一）: 「责任单位：市工业和信息化委、发展改革委、财政局，各县（市、区）人民政府」
    line = "责任单位：市工业和信息化委、发展改革委、财政局，各县（市、区）人民政府"
    assert line in text
    t = catalogue.indicator("smart.integration_index_rank").target_for(2020)
    assert t.responsible_units == line.removeprefix("责任单位：")


@pytest.mark.parametrize(
    "indicator_id, deadline",
    [
        # 「2017 年底前，淘汰 62 台高耗能变压器…」
        ("capacity.transformers_retired", dt.date(2017, 12, 31)),
        ("capacity.converter_retired", dt.date(2017, 12, 31)),
        # 「10 月底前完成主体设备的拆除废毁工作」
        ("capacity.equipment_dismantled", dt.date(2017, 10, 31)),
        # 「10 月底前，市、县两级对 25 处关闭到位的煤矿进行复核验收」: closed by then
        ("capacity.coal_mines_closed", dt.date(2017, 10, 31)),
        ("capacity.coal_mines_verified", dt.date(2017, 10, 31)),
    ],
)
def test_deadlines(catalogue, indicator_id, deadline):
    assert catalogue.indicator(indicator_id).target_for(2017).deadline == deadline


@pytest.mark.parametrize(
    "indicator_id, years, quote",
    [
        (
            "techup.budget_funding",
            [2017, 2018, 2019],
            "2017—2019 年，将技术改造项目资金列入市财政预算",
        ),
        (
            "techup.smart_level",
            [2020],
            "2020年，全市规模以上工业企业设计、制造智能化水平得到大幅提升",
        ),
        (
            "smart.robot_demonstrations",
            [2017, 2018, 2019, 2020],
            "每年筛选支持一批基础较好的企业，规模化示范应用机器人",
        ),
    ],
)
def test_dated_commitments_without_a_figure(catalogue, text, indicator_id, years, quote):
    assert normalise(quote) in normalise(text)  # guards the test
    ind = catalogue.indicator(indicator_id)
    assert [t.year for t in ind.targets] == years
    assert all(t.comparison == "qualitative" and t.value is None for t in ind.targets)
    assert any(normalise(quote) in normalise(s.quote) for s in ind.targets[0].sources)


def test_robots_quote_both_plans(catalogue):
    # smart 二（三） 「每年筛选支持一批基础较好的企业规模化示范应用机器人」 and techup 二（二）
    sections = [
        s.section for s in catalogue.indicator("smart.robot_demonstrations").targets[0].sources
    ]
    assert any("机器换人" in s for s in sections) and any("设备更新" in s for s in sections)


# --------------------------------------------------------------------------- 6. differences listed

DIFFERENCES = [
    ("techup.enterprises_upgrading_share", "全部完成新一轮技术改造"),
    ("smart.service_manufacturing_demos", "2020年，培育14个服务型制造示范企业（平台）。"),
    ("green.demo_enterprises", "建设 1 家绿色示范企业"),
    ("green.efficiency_leaders", "“领跑者”产品目录"),
    ("green.emissions_within_national_caps", "二氧化碳、化学需氧量"),
    ("capacity.equipment_dismantled", "10 月底前完成主体设备的拆除废毁工作"),
    ("capacity.coal_mines_closed", "10 月底前，市、县两级对 25 处关闭到位的煤矿进行复核验收"),
]


@pytest.mark.parametrize("indicator_id, words", DIFFERENCES, ids=[d[0] for d in DIFFERENCES])
def test_the_check_lists_each_difference(check, indicator_id, words):
    quotes = [q for d in check.discrepancies if d.indicator_id == indicator_id for q in d.quotes]
    assert any(words in q for q in quotes), indicator_id
    assert words in format_check(check)


def test_emissions_quote_keeps_the_texts_co2(catalogue):
    # 「二氧化碳、化学需氧量、氮氧化物、氨氮排放量控制在国家下达的目标范围内」 (二氧化硫 meant)
    t = catalogue.indicator("green.emissions_within_national_caps").target_for(2020)
    assert "二氧化碳" in t.source.quote and "二氧化硫" in t.assumption


# --------------------------------------------------------------------------- 7. spans


def test_every_quote_of_the_packaged_catalogue_is_located(check):
    assert check.unlocated == []
    assert check.problems == []


def test_a_span_holds_the_sentence_as_printed(catalogue, text):
    # 智能化 二（五）: the PDF broke 「…提供」 / 「服务的第三方云平台…」 across paragraphs
    source = catalogue.indicator("smart.cloud_platforms").target_for(2017).source
    start, end = source.span
    assert text[start:end] == (
        "2017年，建设不低于1家面向制造企业提供\n\n服务的第三方云平台和供应链云平台。"
    )
    assert "\n" not in source.quote  # reports show the clean sentence
    frame = catalogue.to_frame().set_index(["indicator_id", "year"])
    assert frame.loc[("smart.cloud_platforms", 2017), "source_quote"] == source.quote
    assert frame.loc[("smart.cloud_platforms", 2017), "source_start"] == start


Q2018 = "2018年，力争7台（套）以上通过省级认定。"


def _catalogue_with_span(tmp_path, span) -> Path:
    doc = {
        "plans": {"techup": {"name_zh": "技术改造", "name_en": "Tech", "short_zh": "技改"}},
        "indicators": [
            {
                "id": "techup.first_sets_certified",
                "plan": "techup",
                "name_zh": "首台（套）",
                "name_en": "first sets",
                "measure": "count",
                "entry": "flow",
                "direction": "increase",
                "targets": [
                    {
                        "year": 2018,
                        "value": 7,
                        "comparison": "at_least",
                        "accumulation": "yearly",
                        "counts": "new",
                        "verb": "通过",
                        "responsible_units": "市工业和信息化委、质监局、科技局、财政局",
                        "sources": [{"section": "二（四）", "quote": Q2018, "span": span}],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_a_wrong_offset_is_an_error_naming_the_target(tmp_path, text):
    start = text.index(Q2018)
    good = check_catalogue(
        load_catalogue(_catalogue_with_span(tmp_path, [start, start + len(Q2018)]))
    )
    assert good.problems == [] and good.unlocated == []
    for bad in ([start + 1, start + len(Q2018)], [start, start + len(Q2018) + 2]):
        result = check_catalogue(load_catalogue(_catalogue_with_span(tmp_path, bad)))
        assert any(p.startswith("techup.first_sets_certified 2018: span") for p in result.problems)
    past_end = check_catalogue(load_catalogue(_catalogue_with_span(tmp_path, [5, len(text) + 1])))
    assert any("past the end" in p for p in past_end.problems)


def test_span_problem_accepts_only_the_exact_span(catalogue, text):
    source = catalogue.indicator("techup.first_sets_certified").target_for(2018).source
    assert span_problem(source, text) is None


# --------------------------------------------------------------------------- loader refusals


def _doc(target_changes=None, alternatives=None, quote=Q2018):
    target = {
        "year": 2018,
        "value": 7,
        "comparison": "at_least",
        "accumulation": "yearly",
        "counts": "new",
        "verb": "通过",
        "responsible_units": "市工业和信息化委、质监局、科技局、财政局",
        "sources": [{"section": "二（四）", "quote": quote}],
        **(target_changes or {}),
    }
    ind = {
        "id": "techup.first_sets_certified",
        "plan": "techup",
        "name_zh": "首台（套）",
        "name_en": "first sets",
        "measure": "count",
        "entry": "flow",
        "direction": "increase",
        "targets": [target],
    }
    if alternatives is not None:
        ind["alternatives"] = alternatives
    return {
        "plans": {"techup": {"name_zh": "技术改造", "name_en": "Tech", "short_zh": "技改"}},
        "indicators": [ind],
    }


def _load(tmp_path, doc):
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_catalogue(path)


def _alt(change, **extra):
    return [
        {
            "id": "x",
            "description_zh": "另一理解",
            "description_en": "other",
            "change": change,
            **extra,
        }
    ]


@pytest.mark.parametrize(
    "doc, words",
    [
        (_doc({"counts": None}), "'counts' is missing"),
        (_doc({"counts": "some"}), "must be one of new, held"),
        (_doc({"verb": "培育"}), "verb 「培育」 is not in any of its source sentences"),
        # 「通过省级认定」 counts new ones; held needs 达到 or 总量突破
        (_doc({"counts": "held", "accumulation": "cumulative"}), "makes it 'counts: new'"),
        # a new count with a level accumulation has no running total to start in 2017
        (_doc({"accumulation": "level"}), "goes with accumulation yearly or cumulative"),
        (_doc({"basically": True}), "whose text says 「基本」"),
        (_doc({"applies_to": "everyone"}), "applies_to"),
        (_doc(alternatives=_alt({"sources": []})), "'change' may set"),
        (_doc(alternatives=_alt({"accumulation": "yearly"})), "changes nothing"),
        (_doc(alternatives=_alt({"accumulation": "level"})), "goes with accumulation"),
        (_doc(alternatives=_alt({"value": 8}, years=[2019])), "no target for 2019"),
        (_doc({"sources": [{"section": "x", "quote": Q2018, "span": [9, 3]}]}), "span"),
    ],
)
def test_loader_refuses(tmp_path, doc, words):
    with pytest.raises(CatalogueError, match=None) as err:
        _load(tmp_path, doc)
    assert words in str(err.value)
    assert "techup.first_sets_certified" in str(err.value)


def test_an_alternative_may_go_against_the_verb(tmp_path):
    # 首台（套）: held in the alternative although 「通过」 counts new ones by default
    cat = _load(
        tmp_path,
        _doc({"accumulation": "cumulative"}, alternatives=_alt({"counts": "held"})),
    )
    ind = cat.indicator("techup.first_sets_certified")
    assert ind.under("x").target_for(2018).counts == "held"
    assert ind.target_for(2018).counts == "new"


def test_a_basically_phrase_without_the_flag_is_a_problem(tmp_path):
    quote = "2018年基本实现钢铁、有色、建材、化工等行业重点企业强制性清洁生产审核全覆盖。"
    doc = _doc({"value": 100, "counts": None, "verb": None}, quote=quote)
    doc["indicators"][0].update(measure="share", entry="level")
    doc["indicators"][0]["targets"][0]["accumulation"] = "level"
    result = check_catalogue(_load(tmp_path, doc))
    assert any("basically: true" in p for p in result.problems)
    doc["indicators"][0]["targets"][0]["basically"] = True
    assert check_catalogue(_load(tmp_path, doc)).problems == []
