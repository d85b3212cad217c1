"""The register contract: the named enterprises, projects and retirements behind the counts.

四（二） of the notice asks the city and the counties to keep a database of
technical-upgrading projects; almost every count target is, in practice, a list
of named enterprises. A delivery may carry registers next to its observations,
each a CSV file or an ``.xlsx`` sheet named by its kind (``enterprises.csv``,
``410381-recognitions.xlsx``, a sheet ``projects`` …); ``budget`` holds the city's
budget for technical upgrading by year (三（一）), which the subsidy estimate
draws as its budget line; ``first_sets`` the sales of province-certified 首台（套）
equipment by makers and to buyers in the city (三（四）).

The columns of each register are defined here once; reading, validation, the
fill-in forms and the database all take them from :data:`REGISTERS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Column:
    """One column of a register: its id (the header), Chinese label, type and whether it is required."""

    id: str
    label_zh: str
    kind: str  # "text", "uscc", "unit", "year", "date", "amount", "int", "flag"
    required: bool = True
    help_zh: str = ""


def _c(
    id_: str, label: str, kind: str = "text", required: bool = True, help_zh: str = ""
) -> Column:
    return Column(id_, label, kind, required, help_zh)


_INVEST = [
    _c(f"invested_{y}", f"{y}年完成投资（万元）", "amount", False, "当年完成投资，万元")
    for y in range(2016, 2021)
]
# What the support rules (catalogue/policy.yaml) need beyond the database of 四（二）:
# optional, so a register without them still reads; an empty cell means "no".
_POLICY = [
    _c("special_major", "特别重大项目", "flag", False, "是/否；特别重大技术改造项目，奖励一事一议"),
    _c(
        "national_funding",
        "国家工业强基资助（万元）",
        "amount",
        False,
        "国家工业强基工程项目的国家资助额",
    ),
    _c("national_funding_year", "国家资助下达年度", "year", False, "有国家资助时必填"),
    _c(
        "green_demo",
        "重大绿色化改造示范项目",
        "flag",
        False,
        "是/否；节能、节水、清洁生产、基础工艺绿色化改造示范",
    ),
    _c(
        "smart", "智能车间/智能工厂建设项目", "flag", False, "是/否；重点企业建设智能车间、智能工厂"
    ),
]
# The plan a project was approved with: what the half-yearly bulletin measures delays and
# investment against (四（三）). Optional: a register without them is still complete.
_PLANNED = [
    _c(f"planned_{y}", f"{y}年计划投资（万元）", "amount", False, "当年计划完成投资，万元")
    for y in range(2016, 2021)
]

REGISTERS: dict[str, tuple[Column, ...]] = {
    "enterprises": (
        _c("uscc", "统一社会信用代码", "uscc"),
        _c("name", "企业名称"),
        _c(
            "county_code",
            "所在县（市、区）代码",
            "unit",
            help_zh="GB/T 2260 代码；市属企业填410300",
        ),
        _c("industry", "行业", required=False),
        _c("above_size_from", "纳入规模以上起始年", "year", False, "该年起为规模以上工业企业"),
        _c("above_size_to", "退出规模以上年份", "year", False, "最后一年为规模以上；空白表示仍在"),
        _c("source", "来源", required=False),
    ),
    "recognitions": (
        _c(
            "list", "名单", help_zh="名单名称（见 luoyang template --register recognitions 的说明）"
        ),
        _c("level", "级别", help_zh="国家、省、市"),
        _c("year", "年度", "year"),
        _c("uscc", "统一社会信用代码", "uscc"),
        _c(
            "item", "项目/产品/车间名称", required=False, help_zh="车间、产品等；按企业计的名单可空"
        ),
        _c("doc_number", "文号"),
        _c("doc_date", "发文日期", "date"),
        _c("source", "来源", required=False),
    ),
    "projects": (
        _c("project_id", "项目编号"),
        _c("name", "项目名称"),
        _c("uscc", "统一社会信用代码", "uscc"),
        _c("county_code", "项目所在县（市、区）代码", "unit"),
        _c("category", "类别", help_zh="标杆、创新示范、升级、重点、其他"),
        _c("selected_year", "入选年度", "year", False, "“五十百”入选年度"),
        _c("total_investment", "总投资（万元）", "amount"),
        _c("equipment", "设备投资（万元）", "amount", False, "设计、研发、生产、检测、监测设备"),
        _c("software", "软件投资（万元）", "amount", False),
        _c("technology", "技术投资（万元）", "amount", False),
        _c("start_date", "开工日期", "date"),
        _c("planned_completion", "计划竣工日期", "date", False, "立项或年度计划确定的竣工日期"),
        _c("completion_date", "竣工日期", "date", False),
        _c("commissioning_date", "投产日期", "date", False),
        _c("status", "状态", help_zh="在建、竣工、投产、终止"),
        *_INVEST,
        *_POLICY,
        *_PLANNED,
        _c("source", "来源", required=False),
    ),
    "retirements": (
        _c("uscc", "统一社会信用代码", "uscc"),
        _c("equipment", "设备种类", help_zh="变压器、电机、窑炉/冶炼线、轴承设备、高炉、转炉"),
        _c("quantity", "数量", "int"),
        _c("capacity", "规模/容量", required=False, help_zh="如 450立方米、45吨"),
        _c("retirement_date", "淘汰日期", "date"),
        _c("dismantling_date", "拆除废毁日期", "date", False),
        _c("verification_date", "验收日期", "date", False),
        _c("doc_number", "文号", required=False),
        _c("source", "来源", required=False),
    ),
    # 「2017—2019 年，将技术改造项目资金列入市财政预算」: the sum set aside, one row a year.
    "budget": (
        _c("year", "预算年度", "year"),
        _c("amount", "列入市财政预算的技术改造资金（万元）", "amount"),
        _c("doc_number", "预算文件文号", required=False),
        _c("source", "来源", required=False),
    ),
    # 三（四）「对市内研制和购买使用省认定的…单位…按照销售价格的 5%分别给予奖励」: one row per
    # unit and sale; the maker's and the buyer's rows of one sale share its sale_id.
    "first_sets": (
        _c("sale_id", "销售编号", help_zh="同一次销售的研制单位和购买使用单位填同一编号"),
        _c("uscc", "统一社会信用代码", "uscc"),
        _c("role", "角色", help_zh="研制 或 购买使用"),
        _c("county_code", "所在县（市、区）代码", "unit"),
        _c("product", "产品名称", help_zh="成套设备、单台设备或关键部件的名称"),
        _c("level", "认定级别", help_zh="省（奖励只给省认定的产品）、国家、市"),
        _c("doc_number", "认定文号", help_zh="如 豫工信装〔2018〕118号"),
        _c("doc_date", "认定日期", "date"),
        _c("sale_date", "销售日期", "date", help_zh="奖励记在销售年份"),
        _c("sales_price", "销售价格（万元）", "amount", help_zh="大于 0"),
        _c("source", "来源", required=False),
    ),
}
KINDS = tuple(REGISTERS)

# Lists (名单) and the catalogue indicator each one counts. ``per``: "enterprise"
# lists count an enterprise once (家); "item" lists count each named factory,
# workshop, product or park (个, 台（套）, 件).
LISTS: dict[str, tuple[str, str]] = {
    "智能工厂": ("smart.smart_factories", "item"),
    "智能车间": ("smart.smart_workshops", "item"),
    "服务型制造示范": ("smart.service_manufacturing_demos", "item"),
    "两化融合管理体系贯标": ("smart.integration_certified", "enterprise"),
    "两化融合对标": ("smart.integration_benchmarked", "enterprise"),
    "云平台": ("smart.cloud_platforms", "enterprise"),
    "智能制造解决方案提供商": ("smart.solution_providers", "enterprise"),
    "绿色工厂": ("green.demo_enterprises", "enterprise"),
    "绿色园区": ("green.green_parks", "item"),
    "静脉产业园区": ("green.recycling_parks", "item"),
    "能效水效领跑者": ("green.efficiency_leaders", "item"),
    "自愿性清洁生产审核": ("green.voluntary_clean_audits", "enterprise"),
    "首台（套）": ("techup.first_sets_certified", "item"),
    "中国驰名商标": ("techup.well_known_trademarks", "item"),
    "河南省著名商标": ("techup.famous_trademarks", "item"),
}
LEVELS = ("国家", "省", "市")
# 首台（套）: the text rewards 「省认定」 equipment only; the role's spellings -> maker/buyer.
FIRST_SET_LEVEL = "省"
ROLES = {"maker": "maker", "研制": "maker", "buyer": "buyer", "购买使用": "buyer"}

# 五十百 and key projects: the project category and the indicator it counts.
# 标杆 counts enterprises (“5大技术改造标杆企业”), the others count projects.
CATEGORIES: dict[str, tuple[str | None, str]] = {
    "标杆": ("techup.benchmark_enterprises", "enterprise"),
    "创新示范": ("techup.innovation_demo_projects", "item"),
    "升级": ("techup.upgrade_projects", "item"),
    "重点": (None, "item"),
    "其他": (None, "item"),
}
STATUSES = ("在建", "竣工", "投产", "终止")
# The spellings of a yes/no (flag) cell; an empty cell is "no".
FLAG_YES = frozenset({"1", "true", "yes", "y", "是", "✓"})
FLAG_NO = frozenset({"", "0", "false", "no", "n", "否"})
# The key projects (重点项目) the half-yearly bulletin reports on: the 五十百 projects and
# those a county lists as 重点; 其他 projects are registered for subsidies, not bulletined.
KEY_CATEGORIES = ("标杆", "创新示范", "升级", "重点")

# The ledger's equipment kinds (the catalogue's wording) and the indicator each one counts.
EQUIPMENT: dict[str, str] = {
    "变压器": "capacity.transformers_retired",
    "电机": "capacity.motors_retired",
    "窑炉/冶炼线": "capacity.kiln_smelting_lines_retired",
    "轴承设备": "capacity.bearing_equipment_retired",
    "高炉": "capacity.blast_furnace_retired",
    "转炉": "capacity.converter_retired",
}
DISMANTLED_INDICATOR = "capacity.equipment_dismantled"
UPGRADING_INDICATOR = "techup.enterprises_upgrading_share"

# One project above 1,000 亿元 (10,000,000 万元) or a ledger line of more than 10,000
# pieces is a typing slip (yuan for 万元, an extra digit), not a project.
MAX_AMOUNT = 10_000_000
MAX_QUANTITY = 10_000
FIRST_REGISTER_YEAR = 1990

_KIND_IN_NAME = re.compile(r"(?:^|[-_ .])(" + "|".join(KINDS) + r")$", re.IGNORECASE)


def register_kind(name: str) -> str | None:
    """The register kind a file stem or sheet name stands for (``410381-projects`` -> projects)."""
    m = _KIND_IN_NAME.search(name.strip())
    return m.group(1).lower() if m else None


def is_register_file(path: Path) -> bool:
    return register_kind(Path(path).stem) is not None


def indicator_of_list(name: str) -> str | None:
    """The indicator a list name (or the indicator id itself) counts."""
    if name in LISTS:
        return LISTS[name][0]
    ids = {ind for ind, _ in LISTS.values()}
    return name if name in ids else None


def columns(kind: str) -> tuple[str, ...]:
    return tuple(c.id for c in REGISTERS[kind])
