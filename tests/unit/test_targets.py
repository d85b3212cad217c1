"""Tests of the target catalogue of 洛政办〔2017〕78号.

Every expected figure below was worked out by reading the source text
(``/work/shared/source/luozhengban-2017-78.txt``, packaged as
``luoyang_analysis/catalogue/luozhengban-2017-78.txt``), never by reading
``targets.yaml`` or the program's output, so that these tests can catch a
wrong catalogue. Each expectation carries the sentence it was taken from, and
``test_expectation_quotes_are_in_the_source`` checks that the sentence really is
in the text.

Where the text itself leaves a reading open (a bare "建设5家" can be that year's
figure or a running total; "全覆盖" can be read as at_least 100 or exactly 100),
the expectation accepts the small set of readings the text allows and says why;
everywhere else it asserts one reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from luoyang_analysis import paths
from luoyang_analysis.catalogue.targets import (
    check_catalogue,
    load_catalogue,
    normalise,
    read_source_text,
)
from luoyang_analysis.exceptions import CatalogueError

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_SOURCE = REPO_ROOT / ".." / "shared" / "source" / "luozhengban-2017-78.txt"

# Readings the text leaves open (see the module docstring).
YEARLY_OR_CUMULATIVE = frozenset({"yearly", "cumulative"})  # bare "建设/培育 N 个" per year
STOCK = frozenset({"cumulative", "level"})  # "达到 N 家", "总量", shares that only grow
AMOUNT_THAT_YEAR = frozenset({"yearly", "level"})  # an amount or ratio in that year
FULL = frozenset({"at_least", "exactly"})  # 100%: "全部完成", "全覆盖"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def source_text() -> str:
    return read_source_text()


# --------------------------------------------------------------------------- 1. figures
#
# (indicator_id, year, value, comparison(s), accumulation(s), quote from the source)
# comparison / accumulation: a string for one reading, a frozenset where the text
# allows several, None where the test does not judge it.

EXPECTATIONS = [
    # ---------------------------------------------------------------- 化解过剩产能攻坚方案
    # "2017 年，全市关闭退出煤矿 25 处，化解煤炭过剩产能 435 万吨"
    (
        "capacity.coal_mines_closed",
        2017,
        25,
        "at_least",
        "yearly",
        "2017 年，全市关闭退出煤矿 25 处",
    ),
    ("capacity.coal_capacity_cut", 2017, 435, "at_least", "yearly", "化解煤炭过剩产能 435 万吨"),
    # "10 月底前，市、县两级对 25 处关闭到位的煤矿进行复核验收"
    (
        "capacity.coal_mines_verified",
        2017,
        25,
        "by_date",
        None,
        "10 月底前，市、县两级对 25 处关闭到位的煤矿进行复核验收",
    ),
    # "2017 年底前，淘汰 62 台高耗能变压器，80 台落后电机，3 条落后煅烧、冶炼生产线，
    #  1 套落后轴承生产设备，1 台 450 立方米炼铁高炉，1 台 45 吨炼钢转炉"
    (
        "capacity.transformers_retired",
        2017,
        62,
        "at_least",
        "yearly",
        "2017 年底前，淘汰 62 台高耗能变压器",
    ),
    ("capacity.motors_retired", 2017, 80, "at_least", "yearly", "80 台落后电机"),
    (
        "capacity.kiln_smelting_lines_retired",
        2017,
        3,
        "at_least",
        "yearly",
        "3 条落后煅烧、冶炼生产线",
    ),
    ("capacity.bearing_equipment_retired", 2017, 1, "at_least", "yearly", "1 套落后轴承生产设备"),
    ("capacity.blast_furnace_retired", 2017, 1, "at_least", "yearly", "1 台 450 立方米炼铁高炉"),
    ("capacity.converter_retired", 2017, 1, "at_least", "yearly", "1 台 45 吨炼钢转炉"),
    # "2017年底前，钢铁、电解铝、水泥、平板玻璃等行业新（改、扩）建项目，要淘汰等于或大于
    #  建设项目产能数量的落后或过剩产能" -> retired : new capacity >= 1
    (
        "capacity.replacement_ratio",
        2017,
        1,
        "at_least",
        AMOUNT_THAT_YEAR,
        "要淘汰等于或大于建设项目产能数量的落后或过剩产能",
    ),
    # ---------------------------------------------------------------- 工业绿色化改造攻坚方案
    # "——2017 年，规模以上单位工业增加值能耗比 2016 年降低 4.5%，
    #  建设 1 家绿色示范企业、1 个静脉产业园区。"
    (
        "green.energy_intensity_reduction",
        2017,
        4.5,
        "at_least",
        "against_base",
        "2017 年，规模以上单位工业增加值能耗比 2016 年降低 4.5%",
    ),
    # "——2018 年，规模以上单位工业增加值能耗比 2016 年降低 9%，
    #  建设 5 家绿色示范企业、1 个绿色园区、2 个静脉产业园区。"
    (
        "green.energy_intensity_reduction",
        2018,
        9,
        "at_least",
        "against_base",
        "2018 年，规模以上单位工业增加值能耗比 2016 年降低 9%",
    ),
    # "——2020 年，规模以上单位工业增加值能耗比 2016 年降低 18%，
    #  建设 10 家绿色示范企业、2 个绿色园区、5 个静脉产业园区。"
    (
        "green.energy_intensity_reduction",
        2020,
        18,
        "at_least",
        "against_base",
        "2020 年，规模以上单位工业增加值能耗比 2016 年降低 18%",
    ),
    ("green.demo_enterprises", 2017, 1, "at_least", YEARLY_OR_CUMULATIVE, "建设 1 家绿色示范企业"),
    # also "2018年建设5家绿色示范工厂，2020年建设10家绿色示范工厂、2个绿色园区。"
    (
        "green.demo_enterprises",
        2018,
        5,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2018年建设5家绿色示范工厂",
    ),
    (
        "green.demo_enterprises",
        2020,
        10,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2020年建设10家绿色示范工厂、2个绿色园区",
    ),
    (
        "green.green_parks",
        2018,
        1,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "建设 5 家绿色示范企业、1 个绿色园区、2 个静脉产业园区",
    ),
    (
        "green.green_parks",
        2020,
        2,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "建设 10 家绿色示范企业、2 个绿色园区、5 个静脉产业园区",
    ),
    # 2017 is the documented conflict (1 in the table, 2 in task (五)); see section 3.
    (
        "green.recycling_parks",
        2018,
        2,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "建设 5 家绿色示范企业、1 个绿色园区、2 个静脉产业园区",
    ),
    # also "2017年建成2个城市矿产类静脉产业园，2020年建成5个。"
    (
        "green.recycling_parks",
        2020,
        5,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2017年建成2个城市矿产类静脉产业园，2020年建成5个",
    ),
    # "2018年，2家企业（产品）进入国家能效、水效“领跑者”名单、……，2020年达到20家。"
    (
        "green.efficiency_leaders",
        2018,
        2,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2018年，2家企业（产品）进入国家能效、水效“领跑者”名单",
    ),
    ("green.efficiency_leaders", 2020, 20, "at_least", STOCK, "2020年达到20家"),
    # "2017年推动2家企业开展自愿性清洁生产审核，2020年达到10家。"
    (
        "green.voluntary_clean_audits",
        2017,
        2,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2017年推动2家企业开展自愿性清洁生产审核",
    ),
    (
        "green.voluntary_clean_audits",
        2020,
        10,
        "at_least",
        STOCK,
        "2017年推动2家企业开展自愿性清洁生产审核，2020年达到10家",
    ),
    # "2018年基本实现钢铁、有色、建材、化工等行业重点企业强制性清洁生产审核全覆盖。"
    (
        "green.mandatory_audit_coverage",
        2018,
        100,
        FULL,
        STOCK,
        "2018年基本实现钢铁、有色、建材、化工等行业重点企业强制性清洁生产审核全覆盖",
    ),
    # "2017年危化品生产企业搬迁、转产、关闭占危化品生产企业总数的20%，2018年达到40%。"
    (
        "green.hazchem_relocation_share",
        2017,
        20,
        "at_least",
        STOCK,
        "2017年危化品生产企业搬迁、转产、关闭占危化品生产企业总数的20%",
    ),
    ("green.hazchem_relocation_share", 2018, 40, "at_least", STOCK, "2018年达到40%"),
    # ---------------------------------------------------------------- 工业智能化改造攻坚方案
    # "——2017 年，培育 4 个智能工厂、7 个智能车间，建设 4 个服务型制造示范企业（平台），
    #  两化融合管理体系贯标企业达到 7 家、对标企业达到 67 家。"
    (
        "smart.smart_factories",
        2017,
        4,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2017 年，培育 4 个智能工厂、7 个智能车间",
    ),
    (
        "smart.smart_workshops",
        2017,
        7,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2017 年，培育 4 个智能工厂、7 个智能车间",
    ),
    (
        "smart.service_manufacturing_demos",
        2017,
        4,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "建设 4 个服务型制造示范企业（平台）",
    ),
    (
        "smart.integration_certified",
        2017,
        7,
        "at_least",
        STOCK,
        "两化融合管理体系贯标企业达到 7 家",
    ),
    ("smart.integration_benchmarked", 2017, 67, "at_least", STOCK, "对标企业达到 67 家"),
    # "——2018 年，培育 7 个智能工厂、14 个智能车间，建设 7 个服务型制造示范企业（平台），
    #  两化融合管理体系贯标企业达到 14 家、对标企业达到 140 家。"
    (
        "smart.smart_factories",
        2018,
        7,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2018 年，培育 7 个智能工厂、14 个智能车间",
    ),
    (
        "smart.smart_workshops",
        2018,
        14,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2018 年，培育 7 个智能工厂、14 个智能车间",
    ),
    (
        "smart.service_manufacturing_demos",
        2018,
        7,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "建设 7 个服务型制造示范企业（平台）",
    ),
    (
        "smart.integration_certified",
        2018,
        14,
        "at_least",
        STOCK,
        "两化融合管理体系贯标企业达到 14 家",
    ),
    ("smart.integration_benchmarked", 2018, 140, "at_least", STOCK, "对标企业达到 140 家"),
    # "——2020 年，培育 14 个智能工厂、34 个智能车间，建设 14 个服务型制造示范企业（平台），
    #  两化融合管理体系贯标企业达到 34 家、对标企业达到 335 家。"
    # and task (一) "2020年，贯标企业达到34家，对标企业达到335家。",
    # task (二) "2020年，培育14个智能工厂、34个智能车间。",
    # task (四) "2020年，培育14个服务型制造示范企业（平台）。"
    (
        "smart.smart_factories",
        2020,
        14,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2020年，培育14个智能工厂、34个智能车间",
    ),
    (
        "smart.smart_workshops",
        2020,
        34,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2020年，培育14个智能工厂、34个智能车间",
    ),
    (
        "smart.service_manufacturing_demos",
        2020,
        14,
        "at_least",
        YEARLY_OR_CUMULATIVE,
        "2020年，培育14个服务型制造示范企业（平台）",
    ),
    ("smart.integration_certified", 2020, 34, "at_least", STOCK, "2020年，贯标企业达到34家"),
    ("smart.integration_benchmarked", 2020, 335, "at_least", STOCK, "对标企业达到335家"),
    # "2017年，建设不低于1家面向制造企业提供服务的第三方云平台和供应链云平台。"
    (
        "smart.cloud_platforms",
        2017,
        1,
        "at_least",
        None,
        "2017年，建设不低于1家面向制造企业提供服务的第三方云平台和供应链云平台",
    ),
    # "2020年，最少培育1家智能制造整体解决方案提供商。"
    (
        "smart.solution_providers",
        2020,
        1,
        "at_least",
        None,
        "2020年，最少培育1家智能制造整体解决方案提供商",
    ),
    # "2020年底前，打造智能制造装备领域全国重要的百亿级产业集群" (100 亿元)
    (
        "smart.equipment_cluster_output",
        2020,
        100,
        "at_least",
        AMOUNT_THAT_YEAR,
        "2020年底前，打造智能制造装备领域全国重要的百亿级产业集群",
    ),
    # ---------------------------------------------------------------- 企业技术改造攻坚方案
    # "——2017年，全市20%规模以上工业企业实施技术改造，100个重点企业技术改造项目完成投资
    #  不低于100亿元，技术改造投资占工业固定资产投资比重达 20%以上。"
    (
        "techup.enterprises_upgrading_share",
        2017,
        20,
        "at_least",
        STOCK,
        "2017年，全市20%规模以上工业企业实施技术改造",
    ),
    (
        "techup.key_project_investment",
        2017,
        100,
        "at_least",
        AMOUNT_THAT_YEAR,
        "100个重点企业技术改造项目完成投资不低于100亿元",
    ),
    (
        "techup.investment_share",
        2017,
        20,
        "at_least",
        "level",
        "技术改造投资占工业固定资产投资比重达 20%以上",
    ),
    # "——2018 年，全市 40%规模以上工业企业实施技术改造，100 个重点企业技术改造项目完成投资
    #  不低于 120 亿元，技术改造投资占工业固定资产投资比重达 25%以上。"
    (
        "techup.enterprises_upgrading_share",
        2018,
        40,
        "at_least",
        STOCK,
        "2018 年，全市 40%规模以上工业企业实施技术改造",
    ),
    (
        "techup.key_project_investment",
        2018,
        120,
        "at_least",
        AMOUNT_THAT_YEAR,
        "100 个重点企业技术改造项目完成投资不低于 120 亿元",
    ),
    (
        "techup.investment_share",
        2018,
        25,
        "at_least",
        "level",
        "技术改造投资占工业固定资产投资比重达 25%以上",
    ),
    # "——2020 年，全市规模以上工业企业全部完成新一轮技术改造，100 个重点企业技术改造项目
    #  完成投资不低于 150 亿元，技术改造投资占工业固定资产投资比重达 30%以上。"
    (
        "techup.enterprises_upgrading_share",
        2020,
        100,
        FULL,
        STOCK,
        "2020 年，全市规模以上工业企业全部完成新一轮技术改造",
    ),
    (
        "techup.key_project_investment",
        2020,
        150,
        "at_least",
        AMOUNT_THAT_YEAR,
        "100 个重点企业技术改造项目完成投资不低于 150 亿元",
    ),
    (
        "techup.investment_share",
        2020,
        30,
        "at_least",
        "level",
        "技术改造投资占工业固定资产投资比重达 30%以上",
    ),
    # "2017年，力争5台（套）以上工业产品通过河南省首台（套）重大技术装备产品认定。
    #  2018年，力争7台（套）以上通过省级认定。2020年，力争累计50台（套）通过省级认定，
    #  全市注册商标总量突破30000件，其中中国驰名商标数达到35件以上，河南省著名商标数达到500件以上。"
    (
        "techup.first_sets_certified",
        2017,
        5,
        "at_least",
        "yearly",
        "2017年，力争5台（套）以上工业产品通过河南省首台（套）重大技术装备产品认定",
    ),
    (
        "techup.first_sets_certified",
        2018,
        7,
        "at_least",
        "yearly",
        "2018年，力争7台（套）以上通过省级认定",
    ),
    (
        "techup.first_sets_certified",
        2020,
        50,
        "at_least",
        "cumulative",
        "2020年，力争累计50台（套）通过省级认定",
    ),
    ("techup.registered_trademarks", 2020, 30000, "at_least", STOCK, "全市注册商标总量突破30000件"),
    ("techup.well_known_trademarks", 2020, 35, "at_least", STOCK, "其中中国驰名商标数达到35件以上"),
    ("techup.famous_trademarks", 2020, 500, "at_least", STOCK, "河南省著名商标数达到500件以上"),
]


def _ids(case) -> str:
    return f"{case[0]}-{case[1]}"


def _accepts(expected, actual) -> bool:
    if expected is None:
        return True
    if isinstance(expected, frozenset):
        return actual in expected
    return actual == expected


def test_expectations_cover_all_four_plans():
    plans = Counter(case[0].split(".")[0] for case in EXPECTATIONS)
    assert set(plans) == {"capacity", "green", "smart", "techup"}
    assert len(EXPECTATIONS) >= 30


@pytest.mark.parametrize("case", EXPECTATIONS, ids=_ids)
def test_expectation_quotes_are_in_the_source(case, source_text):
    """Guards the tests themselves: each expectation cites a real sentence."""
    quote = case[5]
    assert normalise(quote) in normalise(source_text), quote


@pytest.mark.parametrize("case", EXPECTATIONS, ids=_ids)
def test_target_figure(case, catalogue):
    indicator_id, year, value, comparison, accumulation, quote = case
    target = catalogue.indicator(indicator_id).target_for(year)
    assert target is not None, f"{indicator_id} has no target for {year} (source: 「{quote}」)"
    assert target.value == pytest.approx(value), f"source says 「{quote}」"
    assert _accepts(comparison, target.comparison), (
        f"{indicator_id} {year}: comparison {target.comparison!r}, expected {comparison}"
    )
    assert _accepts(accumulation, target.accumulation), (
        f"{indicator_id} {year}: accumulation {target.accumulation!r}, expected {accumulation}"
    )


def test_energy_intensity_is_against_2016(catalogue):
    # "规模以上单位工业增加值能耗比 2016 年降低 ..." (all three years)
    for year in (2017, 2018, 2020):
        t = catalogue.indicator("green.energy_intensity_reduction").target_for(year)
        assert t.accumulation == "against_base"
        assert t.base_year == 2016


@pytest.mark.parametrize(
    "indicator_id, value",
    [
        # "10 月底前完成主体设备的拆除废毁工作" (capacity plan, 二（二）)
        ("capacity.equipment_dismantled", None),
        # "10 月底前，市、县两级对 25 处关闭到位的煤矿进行复核验收" (capacity plan, 二（三）)
        ("capacity.coal_mines_verified", 25),
    ],
)
def test_october_deadlines(catalogue, indicator_id, value):
    t = catalogue.indicator(indicator_id).target_for(2017)
    assert t is not None
    assert t.comparison == "by_date"
    assert t.deadline == dt.date(2017, 10, 31)
    if value is not None:
        assert t.value == pytest.approx(value)


@pytest.mark.parametrize(
    "indicator_id, value",
    [
        # "其中钢铁 1 家、水泥 3 家、平板玻璃 2 家、电解铝 4 家。" (green plan, 三（四）)
        ("green.energy_inspections_steel", 1),
        ("green.energy_inspections_cement", 3),
        ("green.energy_inspections_glass", 2),
        ("green.energy_inspections_aluminium", 4),
    ],
)
def test_energy_inspections(catalogue, indicator_id, value):
    """The sentence gives no year, so the year the catalogue files it under is an
    assumption and must be written down as one."""
    targets = catalogue.indicator(indicator_id).targets
    assert targets, indicator_id
    for t in targets:
        assert t.value == pytest.approx(value)
        assert t.comparison in FULL
        assert t.assumption, f"{indicator_id} {t.year}: no year in the text; state the one assumed"


@pytest.mark.parametrize(
    "indicator_id, value",
    [
        # "按年度筛选 5 大技术改造标杆企业、10 大技术改造创新示范项目、100 个传统技术改造升级项目"
        ("techup.benchmark_enterprises", 5),
        ("techup.innovation_demo_projects", 10),
        ("techup.upgrade_projects", 100),
    ],
)
def test_fifty_ten_hundred_programme(catalogue, indicator_id, value):
    targets = catalogue.indicator(indicator_id).targets
    assert targets, indicator_id
    for t in targets:
        assert t.value == pytest.approx(value)
        assert t.comparison in FULL
        # "按年度筛选": a new batch every year
        assert t.accumulation == "yearly"


def test_first_sets_cumulative_covers_yearly(catalogue):
    # 5 (2017) + 7 (2018) <= 50 "累计" (2020)
    ind = catalogue.indicator("techup.first_sets_certified")
    assert [t.accumulation for t in ind.targets if t.year in (2017, 2018, 2020)] == [
        "yearly",
        "yearly",
        "cumulative",
    ]


# --------------------------------------------------------------------------- 2. responsible units

RESPONSIBLE_UNITS = [
    # 化解过剩产能 二（三）压减煤炭产能
    ("capacity.coal_mines_closed", 2017, "市煤炭局"),
    ("capacity.coal_capacity_cut", 2017, "市煤炭局"),
    # 化解过剩产能 二（二）淘汰落后产能
    ("capacity.transformers_retired", 2017, "市工业和信息化委，各县（市、区）人民政府"),
    # 化解过剩产能 二（一）化解过剩产能
    ("capacity.replacement_ratio", 2017, "市工业和信息化委、发展改革委、环保局"),
    # 绿色化 二（一）能效水效“领跑者”行动
    (
        "green.efficiency_leaders",
        2020,
        "市工业和信息化委、发展改革委、环保局、水务局，各县（市、区）人民政府",
    ),
    # 绿色化 二（二）绿色示范工厂建设
    (
        "green.demo_enterprises",
        2020,
        "市工业和信息化委、发展改革委、环保局，各县（市、区）人民政府",
    ),
    # 绿色化 二（三）清洁生产提升行动
    (
        "green.voluntary_clean_audits",
        2020,
        "市工业和信息化委、环保局、发展改革委，各县（市、区）人民政府",
    ),
    # 绿色化 二（四）危化品生产企业“退城入园”
    (
        "green.hazchem_relocation_share",
        2018,
        "市工业和信息化委、安全监管局、环保局、发展改革委，各县（市、区）人民政府",
    ),
    # 绿色化 二（五）静脉产业园区 (the source breaks the line inside 质监局)
    (
        "green.recycling_parks",
        2020,
        "市发展改革委、商务局、工业和信息化委、质监局，各县（市、区）人民政府",
    ),
    # 绿色化 三（四）专项节能监察
    ("green.energy_inspections_cement", None, "市工业和信息化委、发展改革委、环保局"),
    # 智能化 二（一）两化融合标准体系
    ("smart.integration_certified", 2020, "市工业和信息化委、发展改革委、财政局"),
    # 智能化 二（二）智能车间和智能工厂
    ("smart.smart_factories", 2020, "市工业和信息化委、财政局"),
    # 智能化 二（四）服务型制造
    ("smart.service_manufacturing_demos", 2020, "市工业和信息化委"),
    # 智能化 二（五）工业云
    ("smart.cloud_platforms", 2017, "市工业和信息化委、发展改革委"),
    # 智能化 二（七）智能制造装备和产品
    ("smart.equipment_cluster_output", 2020, "市工业和信息化委、发展改革委、科技局"),
    # 技术改造 二（一）“五十百”技改提升工程
    ("techup.investment_share", 2020, "市工业和信息化委、发展改革委、财政局"),
    # 技术改造 二（四）加快产品升级
    ("techup.first_sets_certified", 2020, "市工业和信息化委、质监局、科技局、财政局"),
    ("techup.famous_trademarks", 2020, "市工业和信息化委、质监局、科技局、财政局"),
]


@pytest.mark.parametrize(
    "indicator_id, year, units",
    RESPONSIBLE_UNITS,
    ids=[f"{r[0]}-{r[1]}" for r in RESPONSIBLE_UNITS],
)
def test_responsible_units(catalogue, indicator_id, year, units, source_text):
    assert normalise("责任单位：" + units) in normalise(source_text)  # guards the test
    ind = catalogue.indicator(indicator_id)
    targets = ind.targets if year is None else [ind.target_for(year)]
    for t in targets:
        assert t is not None
        assert normalise(t.responsible_units) == normalise(units)


def _responsible_unit_lines(source_text: str) -> set[str]:
    """The full text of every 责任单位 line, white space dropped.

    A line the PDF broke across paragraphs (二（五）: "……质监" / "局，各县……") is
    joined again: a paragraph that does not open a new heading continues it.
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", source_text) if p.strip()]
    heading = re.compile(r"^(（|[一二三四五六七八九十]+、|洛阳市|主办|督办)")
    lines = set()
    for i, para in enumerate(paragraphs):
        if not para.startswith("责任单位："):
            continue
        line = para
        for nxt in paragraphs[i + 1 :]:
            if heading.match(nxt):
                break
            line += nxt
        lines.add(normalise(line.removeprefix("责任单位：")))
    return lines


def test_responsible_unit_lines_parse(source_text):
    lines = _responsible_unit_lines(source_text)
    assert "市煤炭局" in lines
    assert normalise(UNITS_PARKS) in lines
    assert len(lines) >= 20


def test_every_responsible_units_string_is_a_line_of_the_source(catalogue, source_text):
    """ "As written in the source": each string is the whole of some 责任单位 line
    (not a truncated or merged one)."""
    lines = _responsible_unit_lines(source_text)
    wrong = [
        f"{t.indicator_id} {t.year}: {t.responsible_units}"
        for t in catalogue.targets
        if normalise(t.responsible_units) not in lines
    ]
    assert not wrong


# --------------------------------------------------------------------------- 3. the conflict


def test_the_only_source_conflict_is_recycling_parks_2017(catalogue):
    # Table:      "——2017 年，……建设 1 家绿色示范企业、1 个静脉产业园区。"
    # Task (五):  "2017年建成2个城市矿产类静脉产业园，2020年建成5个。"
    result = check_catalogue(catalogue)
    assert len(result.conflicts) == 1, [(c.indicator_id, c.year) for c in result.conflicts]
    conflict = result.conflicts[0]
    assert conflict.indicator_id == "green.recycling_parks"
    assert conflict.year == 2017
    assert {s.value for s in conflict.sources if s.value is not None} == {1, 2}
    assert conflict.resolution and conflict.resolution.strip()
    assert conflict.used_value in (1, 2)
    target = catalogue.indicator("green.recycling_parks").target_for(2017)
    assert target.value == conflict.used_value
    assert target.resolution == conflict.resolution


def test_conflict_sources_quote_both_sentences(catalogue, source_text):
    target = catalogue.indicator("green.recycling_parks").target_for(2017)
    by_value = {s.value: normalise(s.quote) for s in target.sources if s.value is not None}
    assert "1个静脉产业园区" in by_value[1]
    assert "2个城市矿产类静脉产业园" in by_value[2]


def test_real_catalogue_has_no_integrity_problems(catalogue):
    result = check_catalogue(catalogue)
    assert result.problems == []
    assert result.ok


def test_real_catalogue_quotes_are_in_the_source(catalogue, source_text):
    text = normalise(source_text)
    for t in catalogue.targets:
        for s in t.sources:
            assert normalise(s.quote) in text, f"{t.indicator_id} {t.year}: {s.quote}"


# --------------------------------------------------------------------------- 4. integrity rules

Q2017 = "2017年，力争5台（套）以上工业产品通过河南省首台（套）重大技术装备产品认定"
Q2018 = "2018年，力争7台（套）以上通过省级认定"
Q2020 = "2020年，力争累计50台（套）通过省级认定"
Q_PARKS_TABLE = (
    "2017 年，规模以上单位工业增加值能耗比 2016 年降低 4.5%，"
    "建设 1 家绿色示范企业、1 个静脉产业园区"
)
Q_PARKS_TASK = "2017年建成2个城市矿产类静脉产业园"
UNITS_TECHUP = "市工业和信息化委、质监局、科技局、财政局"
UNITS_PARKS = "市发展改革委、商务局、工业和信息化委、质监局，各县（市、区）人民政府"


def _target(
    year,
    value,
    accumulation,
    quote,
    source_value=None,
    comparison="at_least",
    units=UNITS_TECHUP,
    section="技术改造 二（四）",
    **extra,
):
    source = {"section": section, "quote": quote}
    if source_value is not None:
        source["value"] = source_value
    return {
        "year": year,
        "value": value,
        "comparison": comparison,
        "accumulation": accumulation,
        "responsible_units": units,
        "sources": [source],
        **extra,
    }


def _indicator(iid, targets, plan=None, measure="count"):
    return {
        "id": iid,
        "plan": plan or iid.split(".")[0],
        "name_zh": "测试指标",
        "name_en": "test indicator",
        "measure": measure,
        "entry": "flow",
        "direction": "increase",
        "unit_zh": "台（套）",
        "unit_en": "units",
        "targets": targets,
    }


def _first_sets(**overrides):
    # 「…通过…认定」: certifications under the programme, new ones
    targets = [
        _target(2017, 5, "yearly", Q2017, 5, counts="new", verb="通过"),
        _target(2018, 7, "yearly", Q2018, 7, counts="new", verb="通过"),
        _target(2020, 50, "cumulative", Q2020, 50, counts="new", verb="通过"),
    ]
    for year, changes in overrides.items():
        idx = {"y2017": 0, "y2018": 1, "y2020": 2}[year]
        targets[idx].update(changes)
    return _indicator("techup.first_sets_certified", targets)


def _document(indicators):
    return {
        "document": {"id": "洛政办〔2017〕78号", "title_zh": "测试", "title_en": "test"},
        "plans": {
            "green": {
                "name_zh": "洛阳市推进工业绿色化改造攻坚方案",
                "name_en": "Green",
                "short_zh": "绿色化",
            },
            "techup": {
                "name_zh": "洛阳市推进企业技术改造攻坚方案",
                "name_en": "Tech upgrade",
                "short_zh": "技术改造",
            },
        },
        "indicators": indicators,
    }


def _write(tmp_path, doc) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _check(tmp_path, indicators):
    return check_catalogue(load_catalogue(_write(tmp_path, _document(indicators))))


def _has_problem(result, *words) -> bool:
    return any(all(w in p for w in words) for p in result.problems)


def test_minimal_catalogue_is_clean(tmp_path):
    """The baseline the broken catalogues below are made from passes every rule."""
    cat = load_catalogue(_write(tmp_path, _document([_first_sets()])))
    result = check_catalogue(cat)
    assert result.problems == []
    assert result.conflicts == []
    assert cat.indicator("techup.first_sets_certified").target_for(2020).value == 50


def test_quote_not_in_source_is_reported(tmp_path):
    broken = "2017年，力争6台（套）以上工业产品通过河南省首台（套）重大技术装备产品认定"
    result = _check(tmp_path, [_first_sets(y2017={"sources": [{"section": "x", "quote": broken}]})])
    assert _has_problem(result, "techup.first_sets_certified 2017", "not found")


def test_quote_check_ignores_white_space(tmp_path):
    spaced = "2018年， 力争 7 台（套）以上\n通过省级认定"
    result = _check(tmp_path, [_first_sets(y2018={"sources": [{"section": "x", "quote": spaced}]})])
    assert result.problems == []


def test_decreasing_cumulative_target_is_reported(tmp_path):
    ind = _indicator(
        "green.hazchem_relocation_share",
        [
            _target(
                2017,
                40,
                "cumulative",
                "2017年危化品生产企业搬迁、转产、关闭占危化品生产企业总数的20%",
            ),
            _target(2018, 20, "cumulative", "2018年达到40%"),
        ],
        measure="share",
    )
    result = _check(tmp_path, [ind])
    assert _has_problem(result, "green.hazchem_relocation_share", "40", "20")
    assert len(result.problems) == 1


def test_decreasing_reduction_against_base_is_reported(tmp_path):
    ind = _indicator(
        "green.energy_intensity_reduction",
        [
            _target(
                2018,
                9,
                "against_base",
                "2018 年，规模以上单位工业增加值能耗比 2016 年降低 9%",
                base_year=2016,
            ),
            _target(
                2020,
                4.5,
                "against_base",
                "2020 年，规模以上单位工业增加值能耗比 2016 年降低 18%",
                base_year=2016,
            ),
        ],
        measure="reduction",
    )
    result = _check(tmp_path, [ind])
    assert _has_problem(result, "green.energy_intensity_reduction", "2020")


def test_duplicate_indicator_id_is_refused(tmp_path):
    path = _write(tmp_path, _document([_first_sets(), _first_sets()]))
    with pytest.raises(CatalogueError, match="techup.first_sets_certified"):
        load_catalogue(path)


def test_duplicate_year_within_an_indicator_is_refused(tmp_path):
    ind = _first_sets()
    ind["targets"].append(_target(2017, 5, "yearly", Q2017, 5, counts="new", verb="通过"))
    with pytest.raises(CatalogueError):
        load_catalogue(_write(tmp_path, _document([ind])))


def _parks_2017(resolution=None, value=1):
    extra = {"resolution": resolution} if resolution else {}
    t = _target(
        2017,
        value,
        "yearly",
        Q_PARKS_TABLE,
        1,
        units=UNITS_PARKS,
        section="绿色化 年度目标",
        counts="new",
        verb="建设",
        **extra,
    )
    t["sources"].append({"section": "绿色化 二（五）", "quote": Q_PARKS_TASK, "value": 2})
    return _indicator("green.recycling_parks", [t])


def test_conflict_without_resolution_is_reported(tmp_path):
    result = _check(tmp_path, [_parks_2017()])
    assert len(result.conflicts) == 1
    assert result.conflicts[0].resolution is None
    assert _has_problem(result, "green.recycling_parks 2017", "resolution")


def test_conflict_with_resolution_is_not_a_problem(tmp_path):
    result = _check(tmp_path, [_parks_2017(resolution="按任务节点取 2 个。", value=2)])
    assert len(result.conflicts) == 1
    assert result.problems == []


def test_check_gives_the_reason_for_a_figure_in_the_chosen_language_only(capsys):
    from tests.helpers import run_cli

    # The catalogue's reason for 1 park in 2017: 「采用年度目标表的1个…」, in English "Uses the
    # yearly-target table's 1…"; each language prints its own and not the other's.
    _, zh, _ = run_cli(capsys, "targets", "--check")
    _, en, _ = run_cli(capsys, "targets", "--check", "--lang", "en")
    assert "理由：采用年度目标表的1个。" in zh and "Uses the yearly-target" not in zh
    assert "why: Uses the yearly-target table's 1:" in en and "采用年度目标表" not in en


def test_a_reason_given_in_chinese_only_is_shown_in_every_language(tmp_path):
    from luoyang_analysis.catalogue.check import format_check

    result = _check(tmp_path, [_parks_2017(resolution="按任务节点取 2 个。", value=2)])
    assert "why: 按任务节点取 2 个。" in format_check(result, "en")


def test_value_that_no_source_gives_is_reported(tmp_path):
    result = _check(tmp_path, [_parks_2017(resolution="取 3 个。", value=3)])
    assert _has_problem(result, "green.recycling_parks 2017")


@pytest.mark.parametrize("field, bad", [("comparison", "approximately"), ("accumulation", "total")])
def test_unknown_vocabulary_is_refused(tmp_path, field, bad):
    path = _write(tmp_path, _document([_first_sets(y2018={field: bad})]))
    with pytest.raises(CatalogueError, match=bad):
        load_catalogue(path)


def test_cumulative_below_sum_of_yearly_is_reported(tmp_path):
    # 5 + 7 = 12 > 10: a "累计" figure cannot be below what the years before already required.
    y2020 = {"value": 10, "sources": [{"section": "x", "quote": Q2020}]}
    result = _check(tmp_path, [_first_sets(y2020=y2020)])
    assert _has_problem(result, "techup.first_sets_certified", "10", "12")


def test_cumulative_equal_to_sum_of_yearly_is_fine(tmp_path):
    y2020 = {"value": 12, "sources": [{"section": "x", "quote": Q2020}]}
    result = _check(tmp_path, [_first_sets(y2020=y2020)])
    assert result.problems == []


def test_by_date_without_deadline_is_refused(tmp_path):
    path = _write(tmp_path, _document([_first_sets(y2017={"comparison": "by_date"})]))
    with pytest.raises(CatalogueError, match="deadline"):
        load_catalogue(path)


def test_against_base_without_base_year_is_refused(tmp_path):
    path = _write(tmp_path, _document([_first_sets(y2017={"accumulation": "against_base"})]))
    with pytest.raises(CatalogueError, match="base_year"):
        load_catalogue(path)


# --------------------------------------------------------------------------- 5. names and table

LISTED_COLUMNS = [
    "indicator_id",
    "plan",
    "name_zh",
    "name_en",
    "unit_of_measure",
    "year",
    "target_value",
    "comparison",
    "accumulation",
    "base_year",
    "responsible_units",
    "source_section",
    "source_quote",
]


def test_every_indicator_is_named_in_both_languages(catalogue):
    for ind in catalogue.indicators.values():
        assert ind.name_zh and ind.name_zh.strip(), ind.id
        assert ind.name_en and ind.name_en.strip(), ind.id


def test_indicator_ids_in_use(catalogue):
    ids = set(catalogue.indicators)
    for case in EXPECTATIONS:
        assert case[0] in ids
    assert all(i.split(".")[0] in catalogue.plans for i in ids)


def test_frame_has_one_row_per_indicator_and_year(catalogue):
    frame = catalogue.to_frame()
    assert len(frame) == sum(len(ind.targets) for ind in catalogue.indicators.values())
    assert not frame.duplicated(["indicator_id", "year"]).any()
    assert set(frame["indicator_id"]) == set(catalogue.indicators)
    columns = list(frame.columns)
    assert [c for c in columns if c in LISTED_COLUMNS] == LISTED_COLUMNS


def test_frame_rows_match_targets(catalogue):
    frame = catalogue.to_frame().set_index(["indicator_id", "year"])
    row = frame.loc[("techup.first_sets_certified", 2020)]
    assert row["target_value"] == 50
    assert row["accumulation"] == "cumulative"
    assert row["plan"] == "techup"
    row = frame.loc[("green.energy_intensity_reduction", 2018)]
    assert row["target_value"] == 9
    assert row["base_year"] == 2016


def test_frame_filters_by_plan_and_year(catalogue):
    smart = catalogue.to_frame(plan="smart")
    assert set(smart["plan"]) == {"smart"}
    y2018 = catalogue.to_frame(year=2018)
    assert set(y2018["year"]) == {2018}
    with pytest.raises(CatalogueError):
        catalogue.to_frame(plan="nonexistent")


# --------------------------------------------------------------------------- 6. the packaged text


# SHA-256 of the text of 洛政办〔2017〕78号 as shipped in ../shared/source/luozhengban-2017-78.txt,
# computed once with `sha256sum`; pinned here so a clone without ../shared still checks that the
# packaged text is that original, byte for byte.
SOURCE_TEXT_SHA256 = "94f29c2c9e908466e4380438e48e7645acfaaa425d03374c32469bbf6fc8f695"


def test_packaged_source_text_is_the_shared_original():
    packaged = paths.SOURCE_TEXT_FILE.read_bytes()
    assert hashlib.sha256(packaged).hexdigest() == SOURCE_TEXT_SHA256
    if SHARED_SOURCE.exists():  # where the original is at hand, compare with it as well
        assert packaged == SHARED_SOURCE.read_bytes()
