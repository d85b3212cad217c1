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
fill-in forms and the database all take them from :data:`REGISTERS`; their labels
and help, words a reader sees, are in the language tables (group ``register_columns``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from luoyang_analysis import i18n


@dataclass(frozen=True)
class Column:
    """One column of a register: its id (the header), type and whether it is required.

    Its label and what to enter are words a reader sees, so they live in the language
    tables (group ``register_columns``) and :meth:`label` and :meth:`help` look them up.
    """

    id: str
    kind: str  # "text", "uscc", "unit", "year", "date", "amount", "int", "flag"
    required: bool = True
    # The register it belongs to: one id may be worded differently in two registers
    # (name: 企业名称 in enterprises, 项目名称 in projects).
    register: str = ""
    # A column of one year (invested_2016): the years share one text naming {year}.
    for_year: int | None = None

    def label(self, lang: str) -> str:
        """Its label in ``lang``; the Chinese one is also a header a delivery may use."""
        return self._words("", lang)

    def help(self, lang: str) -> str:
        """What to enter in it, in ``lang`` ("" when the label says enough)."""
        return self._words(".help", lang)

    def _words(self, suffix: str, lang: str) -> str:
        table = i18n.group("register_columns", lang)
        stem = self.id.removesuffix(f"_{self.for_year}") if self.for_year else self.id
        # Words of this register first, then those the column has in every register.
        for key in (f"{self.register}.{stem}{suffix}", f"{stem}{suffix}"):
            if key in table:
                return table[key].format(year=self.for_year) if self.for_year else table[key]
        if suffix:
            return ""
        raise KeyError(f"register_columns has no label for {self.register}.{stem}")


def _c(id_: str, kind: str = "text", required: bool = True, for_year: int | None = None) -> Column:
    return Column(id_, kind, required, for_year=for_year)


_INVEST = [_c(f"invested_{y}", "amount", False, y) for y in range(2016, 2021)]
# What the support rules (catalogue/policy.yaml) need beyond the database of 四（二）:
# optional, so a register without them still reads; an empty cell means "no".
_POLICY = [
    _c("special_major", "flag", False),
    _c("national_funding", "amount", False),
    _c("national_funding_year", "year", False),
    _c("green_demo", "flag", False),
    _c("smart", "flag", False),
]
# The plan a project was approved with: what the half-yearly bulletin measures delays and
# investment against (四（三）). Optional: a register without them is still complete.
_PLANNED = [_c(f"planned_{y}", "amount", False, y) for y in range(2016, 2021)]

_COLUMNS: dict[str, tuple[Column, ...]] = {
    "enterprises": (
        _c("uscc", "uscc"),
        _c("name"),
        _c("county_code", "unit"),
        _c("industry", required=False),
        _c("above_size_from", "year", False),
        _c("above_size_to", "year", False),
        _c("source", required=False),
    ),
    "recognitions": (
        _c("list"),
        _c("level"),
        _c("year", "year"),
        _c("uscc", "uscc"),
        _c("item", required=False),
        _c("doc_number"),
        _c("doc_date", "date"),
        _c("source", required=False),
    ),
    "projects": (
        _c("project_id"),
        _c("name"),
        _c("uscc", "uscc"),
        _c("county_code", "unit"),
        _c("category"),
        _c("selected_year", "year", False),
        _c("total_investment", "amount"),
        _c("equipment", "amount", False),
        _c("software", "amount", False),
        _c("technology", "amount", False),
        _c("start_date", "date"),
        _c("planned_completion", "date", False),
        _c("completion_date", "date", False),
        _c("commissioning_date", "date", False),
        _c("status"),
        *_INVEST,
        *_POLICY,
        *_PLANNED,
        _c("source", required=False),
    ),
    "retirements": (
        _c("uscc", "uscc"),
        _c("equipment"),
        _c("quantity", "int"),
        _c("capacity", required=False),
        _c("retirement_date", "date"),
        _c("dismantling_date", "date", False),
        _c("verification_date", "date", False),
        _c("doc_number", required=False),
        _c("source", required=False),
    ),
    # 「2017—2019 年，将技术改造项目资金列入市财政预算」: the sum set aside, one row a year.
    "budget": (
        _c("year", "year"),
        _c("amount", "amount"),
        _c("doc_number", required=False),
        _c("source", required=False),
    ),
    # 三（四）「对市内研制和购买使用省认定的…单位…按照销售价格的 5%分别给予奖励」: one row per
    # unit and sale; the maker's and the buyer's rows of one sale share its sale_id.
    "first_sets": (
        _c("sale_id"),
        _c("uscc", "uscc"),
        _c("role"),
        _c("county_code", "unit"),
        _c("product"),
        _c("level"),
        _c("doc_number"),
        _c("doc_date", "date"),
        _c("sale_date", "date"),
        _c("sales_price", "amount"),
        _c("source", required=False),
    ),
}
REGISTERS: dict[str, tuple[Column, ...]] = {
    kind: tuple(replace(c, register=kind) for c in cols) for kind, cols in _COLUMNS.items()
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
