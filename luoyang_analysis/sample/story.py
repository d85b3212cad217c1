"""The story of the illustrative sample: who plays which part, and the designed figures.

Written here by design (who mines coal, which district hosts the machinery
groups, which county lags, the city totals set against the catalogue targets);
the generators only add the seed's noise and share the designed totals among
counties. Changing a figure here changes the shipped sample: regenerate it.
"""

from __future__ import annotations

from luoyang_analysis.catalogue.units import CITY_CODE

DEFAULT_SEED = 20170829  # the notice's date, 2017-08-29
YEARS = (2016, 2017, 2018, 2019, 2020)
SOURCE = "示例数据（非官方统计）"
# Written into the metadata as a constant, so regenerating gives the same bytes.
WRITTEN = "2026-11-27"
LICENCE = "CC0 illustrative"
CSV_NAME = "observations.csv"
META_NAME = "observations.meta.yaml"
README_NAME = "README.md"

MISSING_NOTE = "示例：该年未报送"

# Decimals written per unit of measure; everything else is a count (integer).
DECIMALS = {"%": 1, "万吨": 1, "亿元": 1, "倍": 2, "吨标准煤/万元": 3}

# ----------------------------------------------------------------------------- units
# The 15 county-level units of 2017, in code order, with the role each plays.
LAOCHENG, XIGONG, CHANHE, JIANXI, JILI, LUOLONG = (
    "410302", "410303", "410304", "410305", "410306", "410311",
)  # fmt: skip
MENGJIN, XINAN, LUANCHUAN, SONG, RUYANG, YIYANG, LUONING, YICHUAN, YANSHI = (
    "410322", "410323", "410324", "410325", "410326", "410327", "410328", "410329", "410381",
)  # fmt: skip
COUNTIES = (
    LAOCHENG, XIGONG, CHANHE, JIANXI, JILI, LUOLONG, MENGJIN, XINAN, LUANCHUAN, SONG, RUYANG,
    YIYANG, LUONING, YICHUAN, YANSHI,
)  # fmt: skip
CENTRAL_DISTRICTS = (LAOCHENG, XIGONG, CHANHE, JIANXI, LUOLONG)
COAL_COUNTIES = (XINAN, YIYANG, YICHUAN, YANSHI, RUYANG, LUONING, SONG)
YOY_COUNTIES = (RUYANG, LUONING)  # publish only year-on-year intensity rates
BEHIND, AHEAD = SONG, LUOLONG
GAP_COUNTY, GAP_YEAR = YIYANG, 2018  # one county, one year, a few indicators unreported
GAP_INDICATORS = (
    "techup.investment_share",
    "techup.enterprises_upgrading_share",
    "green.mandatory_audit_coverage",
)

ROLES = {
    LAOCHENG: (
        "老城区：老城区，轻工与商贸为主，少量老工业企业（危化品企业退城入园）",
        "old town: light industry and trade, a few old plants (hazardous-chemical plants moving out)",
    ),
    XIGONG: (
        "西工区：中心城区，机械、电子企业集中（智能化改造、商标）",
        "central district: machinery and electronics (smart upgrading, trademarks)",
    ),
    CHANHE: (
        "瀍河回族区：中心城区，工业规模小；2019年能耗强度未报送",
        "central district, little industry; 2019 energy intensity not reported",
    ),
    JIANXI: (
        "涧西区：重型机械、轴承等大型装备企业集中（智能工厂、首台（套）、标杆企业居前）",
        "heavy machinery and bearings (among the first in smart factories, first sets, benchmark enterprises)",
    ),
    JILI: (
        "吉利区：石油化工区，危化品企业集中，能耗强度最高、下降先慢后快",
        "petrochemical district: hazardous chemicals, highest energy intensity, falling slowly then faster",
    ),
    LUOLONG: (
        "洛龙区：新城区与新兴产业，各项进度领先（能耗强度下降最快）",
        "new town and new industries: ahead on almost everything (fastest fall of energy intensity)",
    ),
    MENGJIN: ("孟津县：电力与装备制造，进度居中", "power and equipment manufacturing, mid-field"),
    XINAN: (
        "新安县：煤炭、电解铝、电力、建材，关闭煤矿最多",
        "coal, aluminium, power, building materials: most coal mines closed",
    ),
    LUANCHUAN: (
        "栾川县：钼矿采选冶炼，能源密集，绿色矿山与节能改造",
        "molybdenum mining and smelting: energy-intensive, green mining",
    ),
    SONG: (
        "嵩县：山区县，少量煤矿与金矿；明显落后（能耗强度下降最慢，复核验收推迟）",
        "mountain county, a little coal and gold; clearly behind (slowest fall of energy intensity, late inspection)",
    ),
    RUYANG: (
        "汝阳县：煤炭与建材；能耗只公布同比变化率",
        "coal and building materials; publishes only year-on-year energy-intensity rates",
    ),
    YIYANG: (
        "宜阳县：煤炭、水泥；2018年三项比例指标未报送",
        "coal and cement; three share indicators not reported for 2018",
    ),
    LUONING: (
        "洛宁县：农业县，少量煤矿；能耗只公布同比变化率",
        "farming county, a little coal; publishes only year-on-year energy-intensity rates",
    ),
    YICHUAN: (
        "伊川县：电解铝、电力、煤炭；2019年新增产能投产、能耗强度回升",
        "aluminium, power, coal; new capacity in 2019 pushes energy intensity up that year",
    ),
    YANSHI: (
        "偃师市：煤炭、建材、装备制造；能耗下降较快，2019年一项产能置换低于1",
        "coal, building materials, equipment; energy intensity falls fast; one replacement ratio below 1 in 2019",
    ),
}

# Relative weights used to share a designed city total among counties.
WEIGHTS = {
    #          老城  西工  瀍河  涧西  吉利  洛龙  孟津  新安  栾川  嵩县  汝阳  宜阳  洛宁  伊川  偃师
    "smart": (1.0, 3.0, 0.5, 6.0, 1.5, 5.0, 1.5, 1.0, 1.5, 0.2, 0.3, 0.6, 0.3, 1.0, 2.5),
    "green": (0.5, 1.0, 0.3, 3.0, 2.0, 3.0, 1.5, 2.5, 2.5, 0.3, 0.8, 1.2, 0.6, 2.0, 2.0),
    "heavy": (1.0, 1.0, 0.5, 4.0, 3.0, 1.0, 2.0, 4.0, 3.0, 1.0, 1.5, 2.5, 1.0, 3.5, 3.0),
    "techup": (1.0, 2.0, 0.6, 5.0, 2.5, 4.5, 2.0, 3.0, 2.5, 0.5, 1.0, 1.5, 0.8, 2.5, 3.5),
    "brand": (1.5, 3.0, 1.0, 3.0, 0.4, 4.5, 1.2, 1.0, 0.8, 0.6, 0.6, 1.0, 0.7, 1.2, 2.5),
}

# --------------------------------------------------------------- designed city totals
# Flows: 2016 is the opening stock, then the number newly achieved each year.
# The running totals against the catalogue targets are given in the comments.
CITY_FLOWS = {
    # capacity (yearly targets for 2017 only; 2016 = 0: the count starts with the plan)
    "capacity.transformers_retired": ("heavy", (0, 64, 35, 28, 20)),  # 64 ≥ 62
    "capacity.motors_retired": ("heavy", (0, 83, 50, 41, 30)),  # 83 ≥ 80
    # green (cumulative targets)
    "green.demo_enterprises": ("green", (0, 1, 4, 3, 2)),  # 1, 5, 8, 10
    "green.green_parks": ("green", (0, 0, 1, 0, 1)),  # 2018: 1, 2020: 2
    "green.recycling_parks": ("green", (0, 1, 1, 1, 1)),  # 1, 2, 3, 4 < 5 (behind)
    "green.efficiency_leaders": ("green", (0, 1, 2, 8, 10)),  # 2018: 3, 2020: 21
    "green.voluntary_clean_audits": ("green", (0, 2, 3, 3, 3)),  # 2, …, 11
    # smart (cumulative targets; 2016 opening stock where some existed)
    "smart.smart_factories": ("smart", (1, 3, 3, 4, 3)),  # 4, 7, 11, 14
    "smart.smart_workshops": ("smart", (2, 5, 7, 9, 12)),  # 7, 14, 23, 35
    "smart.service_manufacturing_demos": ("smart", (1, 3, 3, 3, 3)),  # 4, 7, 10, 13 < 14
    "smart.integration_certified": ("smart", (3, 4, 8, 10, 10)),  # 7, 15, 25, 35
    "smart.integration_benchmarked": ("smart", (20, 48, 74, 95, 101)),  # 68, 142, 237, 338
    # techup (yearly, except first sets: cumulative 50 by 2020)
    "techup.first_sets_certified": ("smart", (0, 6, 8, 14, 18)),  # 6, 8, then 46 < 50
    "techup.benchmark_enterprises": ("techup", (0, 5, 5, 5, 5)),
    "techup.innovation_demo_projects": ("techup", (0, 10, 10, 10, 10)),
    "techup.upgrade_projects": ("techup", (0, 100, 100, 98, 100)),  # 2019 two short
}
# Amounts (亿元) completed by the key projects; the city publishes its own figure.
KEY_INVESTMENT = (82.0, 101.2, 121.6, 133.4, 146.3)  # 2020: 146.3 < 150
KEY_INVESTMENT_CITY_EXTRA = {2018: 2.4}  # city figure includes city-owned enterprises
# Flows only the city (its leading group) can achieve: city rows only.
CITY_ONLY_FLOWS = {
    "smart.integration_seminars": (0, 1, 1, 2, 1),
    "techup.investment_guide_published": (0, 0, 1, 1, 1),
    "techup.key_project_bulletins": (0, 1, 2, 2, 2),
    "techup.annual_meetings": (0, 1, 1, 1, 1),
}
CITY_ONLY_NOTES = {
    ("techup.key_project_bulletins", 2017): "示例：文件9月印发，2017年下半年通报1次",
}
# Flow indicators with an official city row besides the county rows.
CITY_FLOW_ROWS = ("capacity.coal_mines_closed", "smart.smart_factories")

# Coal: mines closed per county (2017 target 25 mines, 435 万吨).
COAL_MINES = {
    2017: {XINAN: 6, YIYANG: 5, YICHUAN: 5, YANSHI: 4, RUYANG: 3, LUONING: 1, SONG: 1},
    2018: {XINAN: 1, YIYANG: 1, YANSHI: 1},
    2019: {YICHUAN: 1, RUYANG: 1},
    2020: {},
}
COAL_CAPACITY_TOTAL = {2017: 438.0, 2018: 72.0, 2019: 54.0, 2020: 0.0}  # 438 ≥ 435
# Single pieces of retired equipment and the lines, designed per county.
SPECIFIC_FLOWS = {
    "capacity.kiln_smelting_lines_retired": {
        2017: {LUANCHUAN: 1, XINAN: 1, YIYANG: 1},
        2018: {YICHUAN: 1},
        2019: {RUYANG: 1},
        2020: {},
    },
    "capacity.bearing_equipment_retired": {2017: {JIANXI: 1}},
    "capacity.blast_furnace_retired": {2017: {XINAN: 1}},
    "capacity.converter_retired": {2017: {XINAN: 1}},
    "green.energy_inspections_steel": {2017: {XINAN: 1}, 2018: {XINAN: 1}, 2019: {XINAN: 1}},
    "green.energy_inspections_cement": {
        2017: {YIYANG: 1, XINAN: 1, YANSHI: 1},
        2018: {YIYANG: 1, RUYANG: 1, YANSHI: 1},
        2019: {YIYANG: 1, XINAN: 1},
        2020: {RUYANG: 1, YANSHI: 1},
    },
    "green.energy_inspections_glass": {
        2017: {YANSHI: 1, XIGONG: 1},
        2018: {YANSHI: 1},
        2019: {XIGONG: 1},
        2020: {YANSHI: 1},
    },
    "green.energy_inspections_aluminium": {
        2017: {XINAN: 2, YICHUAN: 2},
        2018: {XINAN: 1, YICHUAN: 2},
        2019: {XINAN: 2, YICHUAN: 1},
        2020: {XINAN: 1, YICHUAN: 1},
    },
    "smart.cloud_platforms": {2017: {JIANXI: 1}, 2018: {LUOLONG: 1}, 2019: {XIGONG: 1}},
    "smart.solution_providers": {2019: {JIANXI: 1}, 2020: {LUOLONG: 1}},
}
# Units that report the indicator at all (a row of 0 is a report of none).
SPECIFIC_UNITS = {
    "capacity.kiln_smelting_lines_retired": (XINAN, LUANCHUAN, RUYANG, YIYANG, YICHUAN),
    "capacity.bearing_equipment_retired": (JIANXI,),
    "capacity.blast_furnace_retired": (XINAN,),
    "capacity.converter_retired": (XINAN,),
    "green.energy_inspections_steel": (XINAN,),
    "green.energy_inspections_cement": (XINAN, RUYANG, YIYANG, YANSHI),
    "green.energy_inspections_glass": (XIGONG, YANSHI),
    "green.energy_inspections_aluminium": (XINAN, YICHUAN),
    "smart.cloud_platforms": (XIGONG, JIANXI, LUOLONG),
    "smart.solution_providers": (JIANXI, LUOLONG),
}

# Energy intensity (吨标准煤/万元): 2016 level and the designed fall in % each year.
INTENSITY = {
    CITY_CODE: (1.183, (4.8, 4.8, 4.6, 5.6)),  # −4.8, −9.4, −13.5, −18.3 % vs 2016
    LAOCHENG: (0.524, (4.4, 4.6, 4.7, 4.9)),
    XIGONG: (0.462, (5.2, 5.0, 5.3, 5.1)),
    CHANHE: (0.583, (4.0, 4.3, 4.6, 4.8)),
    JIANXI: (0.781, (5.0, 5.3, 4.9, 5.4)),
    JILI: (3.352, (2.6, 3.1, 6.2, 6.6)),
    LUOLONG: (0.418, (7.4, 7.8, 7.1, 7.6)),
    MENGJIN: (1.046, (4.6, 4.9, 4.8, 5.1)),
    XINAN: (2.447, (4.9, 5.2, 5.0, 5.3)),
    LUANCHUAN: (1.918, (4.1, 4.3, 4.6, 5.0)),
    SONG: (1.281, (2.1, 1.6, 2.9, 2.0)),
    RUYANG: (1.412, (4.9, 4.4, 4.6, 5.1)),
    YIYANG: (1.617, (4.5, 4.6, 4.4, 4.8)),
    LUONING: (1.094, (3.8, 4.1, 5.0, 4.7)),
    YICHUAN: (2.953, (5.5, 4.5, -1.6, 7.0)),  # 2019: new aluminium capacity
    YANSHI: (1.342, (5.9, 6.1, 6.4, 6.3)),
}
INTENSITY_NOTES = {
    (YICHUAN, 2019): "示例：新增电解铝产能投产，能耗强度同比回升",
    (CHANHE, 2019): MISSING_NOTE + "（期中年份）",
}

# Shares built from counts (k of n enterprises), so they look like real ratios.
# Units: number of key enterprises in steel, non-ferrous, building materials and
# chemicals subject to mandatory clean-production audits.
AUDIT_ENTERPRISES = {
    LAOCHENG: 4, XIGONG: 5, JIANXI: 14, JILI: 11, LUOLONG: 6, MENGJIN: 9, XINAN: 23,
    LUANCHUAN: 18, SONG: 8, RUYANG: 10, YIYANG: 15, LUONING: 6, YICHUAN: 19, YANSHI: 21,
}  # fmt: skip
# Hazardous-chemical producers; central districts move out, 吉利 is the park itself.
HAZCHEM_PRODUCERS = {
    LAOCHENG: 6, XIGONG: 5, CHANHE: 4, JIANXI: 9, JILI: 22, LUOLONG: 7, MENGJIN: 8,
    XINAN: 10, LUANCHUAN: 6, YIYANG: 5, YICHUAN: 7, YANSHI: 9,
}  # fmt: skip
# Designed share relocated, converted or closed (cumulative %, 2016 … 2020).
HAZCHEM_PATH = {
    "central": (5, 38, 62, 78, 90),
    "park": (0, 5, 14, 18, 23),
    "other": (0, 18, 38, 48, 60),
    "behind": (0, 10, 22, 35, 45),
}
# Industrial enterprises above designated size (规模以上工业企业), per unit.
ENTERPRISES_ABOVE_SIZE = {
    LAOCHENG: 42, XIGONG: 68, CHANHE: 31, JIANXI: 178, JILI: 29, LUOLONG: 152, MENGJIN: 121,
    XINAN: 163, LUANCHUAN: 88, SONG: 57, RUYANG: 72, YIYANG: 109, LUONING: 61, YICHUAN: 188,
    YANSHI: 236,
}  # fmt: skip
# Designed share having done the new round of upgrading (cumulative %, 2016 … 2020).
UPGRADING_PATH = {
    "ahead": (10, 30, 55, 82, 100),
    "typical": (6, 21, 41, 66, 94),
    "behind": (3, 12, 24, 41, 60),
}
# Technical-upgrading investment as a share of industrial fixed-asset investment (%).
INVESTMENT_SHARE_PATH = {
    "ahead": (22.0, 27.5, 32.0, 35.0, 38.5),
    "typical": (17.0, 20.5, 25.0, 27.5, 30.5),
    "behind": (11.5, 13.5, 16.0, 18.5, 21.0),
}
# Capacity replacement (retired ÷ new) where steel, aluminium, cement or glass invest.
REPLACEMENT_UNITS = (XINAN, YIYANG, YICHUAN, YANSHI)
REPLACEMENT_ODD = {(YANSHI, 2019): (0.85, "示例：跨地区置换指标尚未到位，比例暂低于1")}

TRADEMARKS = {
    # indicator: (2016 stock, increments 2017 … 2020), city = sum of counties
    "techup.registered_trademarks": (19820, (2650, 3100, 3350, 3480)),  # 32,400 ≥ 30,000
    "techup.well_known_trademarks": (24, (1, 2, 1, 1)),  # 29 < 35
    "techup.famous_trademarks": (372, (26, 30, 14, 6)),  # 448 < 500
}
# Smart-equipment cluster output (亿元), the districts and counties that make up the cluster.
CLUSTER = (56.0, 64.5, 76.8, 89.3, 103.6)  # 2020 ≥ 100
CLUSTER_UNITS = {JIANXI: 6.0, LUOLONG: 3.0, XIGONG: 1.5, YANSHI: 1.2, MENGJIN: 0.8, LAOCHENG: 0.3}
