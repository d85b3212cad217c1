"""The illustrative sample dataset (示例数据, not official statistics).

A small, made-up but plausible set of statistics for 2016–2020, the city (410300)
and its 15 county-level units of 2017, covering every indicator of the data
contract (``data.data_indicators()``). It lets the gap engine, the notebooks and
the reports run before real statistics arrive, and exercises their awkward
paths: counties behind and ahead, a county that publishes only year-on-year
energy-intensity rates, missing values, an official city figure that differs
from the county sum.

The story is written here by design (who mines coal, which district hosts the
machinery groups, which county lags); the seed only adds noise and decides how
a designed city total is shared out among counties. Same seed, same bytes.

Regenerate the shipped copy with::

    .venv/bin/python -m luoyang_analysis.sample data/raw/sample

Nothing here is an official figure: every row's ``source`` says 示例数据.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.units import CITY_CODE, units_in
from luoyang_analysis.deliveries.contract import (
    ENERGY_INTENSITY,
    ENERGY_INTENSITY_YOY,
    OBSERVATION_COLUMNS,
    data_indicators,
)

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


# ----------------------------------------------------------------------------- helpers
def _split(
    total: float,
    codes: tuple[str, ...],
    weights: Iterable[float],
    rng: np.random.Generator,
    decimals: int = 0,
    noise: float = 0.35,
) -> dict[str, float]:
    """Share ``total`` among ``codes`` by noisy weights; the parts add up to it exactly."""
    scale = 10**decimals
    units_total = int(round(total * scale))
    w = np.asarray(list(weights), dtype=float) * rng.lognormal(0.0, noise, len(codes))
    if units_total == 0 or w.sum() == 0:
        return {c: 0.0 for c in codes}
    exact = units_total * w / w.sum()
    parts = np.floor(exact).astype(int)
    # Largest remainder, ties broken by position: deterministic.
    for i in np.argsort(-(exact - parts), kind="stable")[: units_total - parts.sum()]:
        parts[i] += 1
    return {c: float(p) / scale for c, p in zip(codes, parts, strict=True)}


def _weights(kind: str) -> tuple[float, ...]:
    return WEIGHTS[kind]


class _Rows:
    """Collects observation rows."""

    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []

    def add(
        self, code: str, year: int, indicator: str, value: float | None, note: str = ""
    ) -> None:
        self.rows.append(
            {
                "unit_code": code,
                "year": year,
                "indicator_id": indicator,
                "value": np.nan if value is None else float(value),
                "source": SOURCE,
                "note": note,
            }
        )


def _cumulative_share(path: tuple[float, ...], n: int, rng: np.random.Generator) -> list[int]:
    """Counts of ``n`` enterprises following a designed cumulative % path, never falling."""
    counts, last = [], 0
    for pct in path:
        k = int(round(n * min(100.0, max(0.0, pct + rng.normal(0.0, 3.0))) / 100))
        if pct >= 100:
            k = n
        k = min(n, max(last, k))
        if 0 < 100 * k < n:  # a share below 1% reads like a fraction typed as percent
            k = -(-n // 100)
        counts.append(k)
        last = k
    return counts


def _pct(k: float, n: float) -> float:
    return round(100.0 * k / n, 1) if n else 0.0


# ------------------------------------------------------------------------ generation
def generate(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The sample observations: long rows in the data contract's columns.

    Deterministic: the same seed gives the same frame (and, written, the same bytes).
    Missing values are rows with an empty value and a note.
    """
    rng = np.random.default_rng(seed)
    out = _Rows()

    _capacity(out, rng)
    _energy_intensity(out, rng)
    _green(out, rng)
    _designed_flows(out, rng)
    _techup(out, rng)

    df = pd.DataFrame(out.rows, columns=list(OBSERVATION_COLUMNS))
    order_unit = {u.code: i for i, u in enumerate(units_in(2017))}
    order_ind = {k: i for i, k in enumerate(data_indicators())}
    unknown = set(df["indicator_id"]) - set(order_ind)
    if unknown:  # the catalogue changed under the generator
        raise ValueError(f"sample: indicators not in the data contract: {sorted(unknown)}")
    df = df.assign(
        _u=df["unit_code"].map(order_unit), _i=df["indicator_id"].map(order_ind)
    ).sort_values(["_u", "_i", "year"], kind="stable")
    df = df.drop(columns=["_u", "_i"]).reset_index(drop=True)
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    return df


def _capacity(out: _Rows, rng: np.random.Generator) -> None:
    # Coal: closures only where coal is mined; capacity per mine varies.
    for code in COAL_COUNTIES:
        out.add(code, 2016, "capacity.coal_mines_closed", 0)
    for year in YEARS[1:]:
        for code in COAL_COUNTIES:
            out.add(code, year, "capacity.coal_mines_closed", COAL_MINES[year].get(code, 0))
    for year in YEARS:  # the coal bureau's own count, equal to the county sum
        total = sum(COAL_MINES.get(year, {}).values())
        out.add(CITY_CODE, year, "capacity.coal_mines_closed", total)

    for code in COAL_COUNTIES:
        out.add(code, 2016, "capacity.coal_capacity_cut", 0)
    for year in YEARS[1:]:
        mines = COAL_MINES[year]
        codes = tuple(c for c in COAL_COUNTIES if mines.get(c))
        # Small local mines of 9–30 万吨 a year, shared so the county parts add up.
        weights = [mines[c] * rng.uniform(9, 30) for c in codes]
        parts = _split(COAL_CAPACITY_TOTAL[year], codes, weights, rng, decimals=1, noise=0.1)
        for code in COAL_COUNTIES:
            out.add(code, year, "capacity.coal_capacity_cut", parts.get(code, 0.0))

    # Verification of closed mines: 嵩县 verifies its one mine only in 2018.
    for code in COAL_COUNTIES:
        out.add(code, 2016, "capacity.coal_mines_verified", 0)
    for year in YEARS[1:]:
        for code in COAL_COUNTIES:
            closed = COAL_MINES[year].get(code, 0)
            note = ""
            if code == BEHIND and year == 2017:
                closed, note = 0, "示例：1处关闭煤矿的复核验收推迟至2018年"
            elif code == BEHIND and year == 2018:
                closed, note = closed + 1, "示例：含2017年关闭、推迟复核验收的1处"
            out.add(code, year, "capacity.coal_mines_verified", closed, note)

    # Transformers and motors: every unit with industry; at least one each in 嵩县 in 2017.
    retired_2017: dict[str, float] = {c: 0.0 for c in COUNTIES}
    for ind in ("capacity.transformers_retired", "capacity.motors_retired"):
        kind, flows = CITY_FLOWS[ind]
        for year, total in zip(YEARS, flows, strict=True):
            parts = _split(total, COUNTIES, _weights(kind), rng)
            if year == 2017 and parts[BEHIND] == 0:  # keep 嵩县's dismantling story
                donor = max(parts, key=lambda c: parts[c])
                parts[donor] -= 1
                parts[BEHIND] += 1
            for code in COUNTIES:
                out.add(code, year, ind, parts[code])
                if year == 2017:
                    retired_2017[code] += parts[code]

    for ind, by_year in SPECIFIC_FLOWS.items():
        if not ind.startswith("capacity."):
            continue
        _specific(out, ind, by_year)
        for code, n in by_year.get(2017, {}).items():
            retired_2017[code] += n

    # Main equipment of the 2017 list dismantled (% by 31 October), 2017 and 2018.
    listed = [c for c in COUNTIES if retired_2017[c] > 0]
    for code in listed:
        if code == BEHIND:
            out.add(code, 2017, "capacity.equipment_dismantled", 82.0, "示例：10月底前未全部拆除")
            out.add(code, 2018, "capacity.equipment_dismantled", 100.0, "示例：2018年一季度完成")
        else:
            out.add(code, 2017, "capacity.equipment_dismantled", 100.0)
            out.add(code, 2018, "capacity.equipment_dismantled", 100.0)
    weight = sum(retired_2017[c] for c in listed)
    city_2017 = sum(retired_2017[c] * (82.0 if c == BEHIND else 100.0) for c in listed) / weight
    out.add(CITY_CODE, 2017, "capacity.equipment_dismantled", round(city_2017, 1))
    out.add(CITY_CODE, 2018, "capacity.equipment_dismantled", 100.0)

    # Capacity replacement ratio where steel, aluminium, cement or glass invest.
    for year in YEARS:
        ratios = []
        for code in REPLACEMENT_UNITS:
            value, note = round(float(rng.uniform(1.0, 1.35)), 2), ""
            if (code, year) in REPLACEMENT_ODD:
                value, note = REPLACEMENT_ODD[(code, year)]
            ratios.append(value)
            out.add(code, year, "capacity.replacement_ratio", value, note)
        out.add(CITY_CODE, year, "capacity.replacement_ratio", round(float(np.mean(ratios)), 2))


def _specific(out: _Rows, ind: str, by_year: Mapping[int, Mapping[str, int]]) -> None:
    for code in SPECIFIC_UNITS[ind]:
        for year in YEARS:
            out.add(code, year, ind, by_year.get(year, {}).get(code, 0))


def _energy_intensity(out: _Rows, rng: np.random.Generator) -> None:
    for code, (base, falls) in INTENSITY.items():
        level = base
        levels = [base]
        rates = []
        for i, fall in enumerate(falls):
            # The city's figure and the rebound are as designed; counties get noise.
            jitter = 0.0 if code == CITY_CODE or (code, YEARS[i + 1]) in INTENSITY_NOTES else 0.5
            rate = round(-(fall + rng.normal(0.0, jitter)) if jitter else -fall, 1)
            rates.append(rate)
            level = level * (1 + rate / 100)
            levels.append(level)
        if code in YOY_COUNTIES:
            for i, (year, rate) in enumerate(zip(YEARS[1:], rates, strict=True)):
                note = "示例：该县只公布同比变化率（%），未公布能耗水平" if i == 0 else ""
                out.add(code, year, ENERGY_INTENSITY_YOY, rate, note)
            continue
        for year, value in zip(YEARS, levels, strict=True):
            note = INTENSITY_NOTES.get((code, year), "")
            if note.startswith(MISSING_NOTE):
                out.add(code, year, ENERGY_INTENSITY, None, note)
            else:
                out.add(code, year, ENERGY_INTENSITY, round(value, 3), note)


def _green(out: _Rows, rng: np.random.Generator) -> None:
    for ind, by_year in SPECIFIC_FLOWS.items():
        if ind.startswith(("green.", "smart.")):
            _specific(out, ind, by_year)

    # Mandatory clean-production audits: k of n key enterprises (100% due in 2018).
    k_city = np.zeros(len(YEARS))
    n_city = 0
    for code, n in AUDIT_ENTERPRISES.items():
        base = float(rng.uniform(30, 60))
        if code == BEHIND:
            path = (base, base + 15, 75.0, 88.0, 100.0)
        elif code == RUYANG:
            path = (base, base + 25, 90.0, 100.0, 100.0)
        else:
            path = (base, base + (100 - base) * float(rng.uniform(0.45, 0.75)), 100, 100, 100)
        counts = _cumulative_share(path, n, rng)
        k_city += counts
        n_city += n
        for year, k in zip(YEARS, counts, strict=True):
            _share_row(out, code, year, "green.mandatory_audit_coverage", _pct(k, n))
    for i, year in enumerate(YEARS):
        out.add(CITY_CODE, year, "green.mandatory_audit_coverage", _pct(k_city[i], n_city))

    # Hazardous-chemical producers relocated, converted or closed (cumulative share).
    k_city = np.zeros(len(YEARS))
    n_city = 0
    for code, n in HAZCHEM_PRODUCERS.items():
        if code in CENTRAL_DISTRICTS:
            path = HAZCHEM_PATH["central"]
        elif code == JILI:
            path = HAZCHEM_PATH["park"]
        elif code == BEHIND:
            path = HAZCHEM_PATH["behind"]
        else:
            path = HAZCHEM_PATH["other"]
        counts = _cumulative_share(path, n, rng)
        k_city += counts
        n_city += n
        for year, k in zip(YEARS, counts, strict=True):
            out.add(code, year, "green.hazchem_relocation_share", _pct(k, n))
    for i, year in enumerate(YEARS):
        out.add(CITY_CODE, year, "green.hazchem_relocation_share", _pct(k_city[i], n_city))


def _designed_flows(out: _Rows, rng: np.random.Generator) -> None:
    for ind, (kind, flows) in CITY_FLOWS.items():
        if ind.startswith("capacity."):
            continue  # done with the capacity plan
        for year, total in zip(YEARS, flows, strict=True):
            parts = _split(total, COUNTIES, _weights(kind), rng)
            for code in COUNTIES:
                out.add(code, year, ind, parts[code])
            if ind in CITY_FLOW_ROWS:
                out.add(CITY_CODE, year, ind, total)
    for ind, flows in CITY_ONLY_FLOWS.items():
        for year, value in zip(YEARS, flows, strict=True):
            note = ""
            if ind == "techup.key_project_bulletins" and year == 2017:
                note = "示例：文件9月印发，2017年下半年通报1次"
            out.add(CITY_CODE, year, ind, value, note)


def _techup(out: _Rows, rng: np.random.Generator) -> None:
    # Investment by the key projects (亿元): counties, and the city's own figure.
    for year, total in zip(YEARS, KEY_INVESTMENT, strict=True):
        parts = _split(total, COUNTIES, _weights("techup"), rng, decimals=1, noise=0.2)
        for code in COUNTIES:
            out.add(code, year, "techup.key_project_investment", parts[code])
        extra = KEY_INVESTMENT_CITY_EXTRA.get(year, 0.0)
        note = f"示例：市级口径含市属企业项目，比县区合计多{extra:.1f}亿元" if extra else ""
        out.add(CITY_CODE, year, "techup.key_project_investment", round(total + extra, 1), note)

    # Reports to the leading group: once a year from each county; 嵩县 misses 2019.
    for code in COUNTIES:
        for year in YEARS:
            value, note = (0 if year == 2016 else 1), ""
            if code == BEHIND and year == 2019:
                value, note = 0, "示例：2019年未按时汇报"
            out.add(code, year, "techup.progress_reports", value, note)

    # Share of enterprises above designated size that have upgraded (k of n).
    k_city = np.zeros(len(YEARS))
    n_city = 0
    for code, n in ENTERPRISES_ABOVE_SIZE.items():
        path = UPGRADING_PATH[_standing(code)]
        if code == JIANXI:
            path = UPGRADING_PATH["ahead"]
        counts = _cumulative_share(path, n, rng)
        k_city += counts
        n_city += n
        for year, k in zip(YEARS, counts, strict=True):
            _share_row(out, code, year, "techup.enterprises_upgrading_share", _pct(k, n))
    for i, year in enumerate(YEARS):
        out.add(CITY_CODE, year, "techup.enterprises_upgrading_share", _pct(k_city[i], n_city))

    # Technical-upgrading share of industrial fixed-asset investment (%).
    fai = dict(zip(COUNTIES, _weights("techup"), strict=True))  # industrial FAI weights
    city = np.zeros(len(YEARS))
    for code in COUNTIES:
        path = INVESTMENT_SHARE_PATH[_standing(code)]
        values = [round(max(0.0, p + float(rng.normal(0.0, 1.2))), 1) for p in path]
        city += np.asarray(values) * fai[code]
        for year, v in zip(YEARS, values, strict=True):
            _share_row(out, code, year, "techup.investment_share", v)
    city /= sum(fai.values())
    # The city's own figure: the FAI-weighted share, nudged to the designed path.
    design = INVESTMENT_SHARE_PATH["typical"]
    for i, year in enumerate(YEARS):
        out.add(CITY_CODE, year, "techup.investment_share", round((city[i] + design[i]) / 2, 1))

    # Trademarks (stocks): county stocks never fall; the city is their sum.
    for ind, (stock, increments) in TRADEMARKS.items():
        per_year = [_split(stock, COUNTIES, _weights("brand"), rng)]
        for inc in increments:
            per_year.append(_split(inc, COUNTIES, _weights("brand"), rng))
        running = dict.fromkeys(COUNTIES, 0.0)
        for year, parts in zip(YEARS, per_year, strict=True):
            for code in COUNTIES:
                running[code] += parts[code]
                out.add(code, year, ind, running[code])
            out.add(CITY_CODE, year, ind, sum(running.values()))

    # Smart-equipment cluster output (亿元): the cluster's districts, and the city total.
    codes = tuple(CLUSTER_UNITS)
    for year, total in zip(YEARS, CLUSTER, strict=True):
        parts = _split(total, codes, CLUSTER_UNITS.values(), rng, decimals=1, noise=0.08)
        for code in codes:
            out.add(code, year, "smart.equipment_cluster_output", parts[code])
        out.add(CITY_CODE, year, "smart.equipment_cluster_output", total)


def _standing(code: str) -> str:
    return "ahead" if code == AHEAD else "behind" if code == BEHIND else "typical"


def _share_row(out: _Rows, code: str, year: int, ind: str, value: float) -> None:
    """A share, unless it is one of the deliberately unreported values."""
    if code == GAP_COUNTY and year == GAP_YEAR and ind in GAP_INDICATORS:
        out.add(code, year, ind, None, MISSING_NOTE)
    else:
        out.add(code, year, ind, value)


# --------------------------------------------------------------------------- writing
def _format(value: float, decimals: int) -> str:
    if pd.isna(value):
        return ""
    if decimals == 0:
        return str(int(round(value)))
    return f"{value:.{decimals}f}"


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The CSV as shipped: UTF-8, ``\\n`` line ends, fixed decimals per unit of measure."""
    indicators = data_indicators()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(OBSERVATION_COLUMNS)
    for row in df.itertuples(index=False):
        decimals = DECIMALS.get(indicators[row.indicator_id].unit_zh, 0)
        writer.writerow(
            [
                row.unit_code,
                row.year,
                row.indicator_id,
                _format(row.value, decimals),
                row.source,
                row.note,
            ]
        )
    return buf.getvalue().encode("utf-8")


def write(out_dir: Path | str, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write observations.csv, its metadata sidecar and README.md into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    df = generate(seed)
    data = to_csv_bytes(df)
    csv_path = out_dir / CSV_NAME
    meta_path = out_dir / META_NAME
    readme_path = out_dir / README_NAME
    csv_path.write_bytes(data)
    meta_path.write_bytes(_metadata(df, data, seed).encode("utf-8"))
    readme_path.write_bytes(_readme(df, seed).encode("utf-8"))
    return [csv_path, meta_path, readme_path]


def _metadata(df: pd.DataFrame, data: bytes, seed: int) -> str:
    meta = {
        "file": CSV_NAME,
        "title_zh": "示例数据（非官方统计）：洛阳市及15个县级单位2016—2020年攻坚方案指标",
        "title_en": "Illustrative sample (not official statistics): indicators of the four plans, Luoyang and its 15 county-level units, 2016–2020",
        "official": False,
        "note_zh": "本文件为程序生成的示例数据，仅用于演示和测试，不是官方统计数据，不得引用。",
        "note_en": "Generated illustrative data for demonstration and tests. Not official statistics; do not cite.",
        "producer": "luoyang-analysis developers",
        "generator": "luoyang_analysis.sample",
        "command": f"python -m luoyang_analysis.sample data/raw/sample --seed {seed}",
        "seed": seed,
        "rng": "numpy.random.default_rng (PCG64)",
        "date_written": WRITTEN,
        "licence": LICENCE,
        "rows": len(df),
        "units": int(df["unit_code"].nunique()),
        "indicators": int(df["indicator_id"].nunique()),
        "years": [int(y) for y in sorted(df["year"].unique())],
        "missing_values": int(df["value"].isna().sum()),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    header = "# 示例数据（非官方统计） / Illustrative sample, not official statistics.\n"
    header += "# Written by luoyang_analysis.sample; regenerate rather than edit.\n"
    return header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)


def _readme(df: pd.DataFrame, seed: int) -> str:
    units = {u.code: u for u in units_in(2017)}
    indicators = data_indicators()
    missing = df[df["value"].isna()]
    odd = df[df["value"].notna() & (df["note"] != "")]

    def unit_table(lang: str) -> str:
        head = i18n.text("sample.roles_head", lang) + "\n|---|---|---|\n"
        lines = []
        for code in COUNTIES:
            zh, en = ROLES[code]
            text = i18n.field({"role_zh": zh.split("：", 1)[1], "role_en": en}, "role", lang)
            lines.append(f"| {code} | {units[code].name(lang)} | {text} |")
        return head + "\n".join(lines)

    def note_table(frame: pd.DataFrame, lang: str) -> str:
        head = i18n.text("sample.notes_head", lang) + "\n|---|---|---|---|---|\n"
        lines = []
        for r in frame.itertuples(index=False):
            ind = indicators[r.indicator_id]
            name = i18n.field(ind, "name", lang)
            value = _format(r.value, DECIMALS.get(ind.unit_zh, 0)) or "—"
            lines.append(
                f"| {units[r.unit_code].name(lang)} | {r.year} | {name} (`{r.indicator_id}`) "
                f"| {value} | {r.note} |"
            )
        return head + "\n".join(lines)

    coal = "、".join(units[c].name_zh for c in COAL_COUNTIES)
    coal_en = ", ".join(units[c].name_en for c in COAL_COUNTIES)
    central = "、".join(units[c].name_zh for c in CENTRAL_DISTRICTS)
    central_en = ", ".join(units[c].name_en for c in CENTRAL_DISTRICTS)
    yoy = "、".join(units[c].name_zh for c in YOY_COUNTIES)
    yoy_en = " and ".join(units[c].name_en for c in YOY_COUNTIES)
    cmd = ".venv/bin/python -m luoyang_analysis.sample data/raw/sample"
    n_rows, n_ind = len(df), df["indicator_id"].nunique()
    cut = _reduction_2020(df)
    city_cut, ahead_cut, behind_cut = cut[CITY_CODE], cut[AHEAD], cut[BEHIND]

    return f"""# 示例数据（非官方统计） / Illustrative sample — not official statistics

> **示例数据**：本目录中的所有数字均由程序按固定随机种子生成，仅用于演示和测试分析流程，
> **不是**洛阳市或任何县（市、区）的官方统计数据，不得引用。由本数据生成的任何表格、图表和报告都必须标明“示例数据”。
>
> **Illustrative sample**: every figure here is generated by a program with a fixed seed to
> demonstrate and test the analysis. It is **not** official statistics of Luoyang or any county;
> do not cite it. Every table, chart and report built from it must say 示例数据.

本文件由 `luoyang_analysis.sample` 生成，请重新生成而不要手工修改。
This file is written by `luoyang_analysis.sample`; regenerate it rather than edit it.

## 中文说明

### 内容

- `observations.csv`：长表，列为 `unit_code,year,indicator_id,value,source,note`（UTF-8），
  共 {n_rows} 行；洛阳市（410300）与2017年的15个县级单位，2016—2020年（含2019年期中年份），
  覆盖数据约定（`luoyang_analysis.data.data_indicators()`）中的全部 {n_ind} 个指标。
  每行 `source` 均为“{SOURCE}”。
- `observations.meta.yaml`：元数据（生成者、写入日期、许可 {LICENCE}、种子、生成模块、SHA-256）。
- 计数规则同数据约定：`flow` 类指标填当年新增数，2016年为期初存量；`level` 类填当年水平，
  百分比按百分数填写（20 表示 20%）；能耗强度填水平（吨标准煤/万元），2016年为基年；
  {yoy}只填同比变化率 `green.energy_intensity_yoy`（%，下降为负数），用于检验连乘计算。

### 生成方法

随机种子 {seed}（默认值取文件印发日期 2017-08-29），使用 numpy `default_rng(seed)`。重新生成：

```sh
{cmd}
```

同一种子生成的文件逐字节相同（测试 `tests/unit/test_sample.py` 检查随包提供的文件与新生成的一致）。
“故事”写在程序中（哪里产煤、哪个区机械企业集中、哪个县落后），种子只加入噪声并决定市级总数在各县间的分配。

### 建模假设（按指标类别）

- **化解过剩产能**：关闭煤矿只出现在产煤县（{coal}）；中心城区（{central}）没有煤矿、没有相关行。
  2017年全市关闭煤矿25处、化解产能438万吨（目标25处、435万吨）；2018—2019年少量。嵩县1处关闭煤矿的复核验收推迟至2018年。
  变压器、电机按重工业权重分到各县；炼铁高炉、炼钢转炉设在新安县，轴承设备在涧西区，煅烧、冶炼生产线在栾川、新安、宜阳等（均为示意分配）。
  产能置换比例只给新安、宜阳、伊川、偃师（钢铁、电解铝、水泥、平板玻璃投资地），偃师2019年低于1。
- **绿色化改造**：全市能耗强度逐年下降约4.5%—5.5%，2020年比2016年降{city_cut:.1f}%；各县速度不同：洛龙区降{ahead_cut:.1f}%（领先），
  偃师市较快，吉利区（石化）先慢后快，伊川县2019年因新增电解铝产能回升，嵩县只降{behind_cut:.1f}%（落后）。
  强制性清洁生产审核覆盖率与危化品企业搬迁比例按“企业数k/n”生成：中心城区危化品企业退城入园比例高，吉利区为承接园区、比例低。
  绿色示范企业、园区、静脉产业园等按绿色权重分配；静脉产业园区2020年累计4个，低于目标5个。
- **智能化改造**：智能工厂、车间、贯标、对标等按智能化权重分配，集中在涧西、洛龙、西工、偃师；
  智能工厂累计4、7、11、14个；服务型制造示范2020年累计13个，差1个。云平台和解决方案提供商在涧西、洛龙、西工。
  企业家研讨班只有市级行。
- **技术改造**：重点项目投资2017—2020年为101.2、121.6、133.4、146.3亿元（2020年低于150）；
  首台（套）2017、2018年当年达标，2020年累计46台（套），低于50。实施技改企业占比洛龙区、涧西区领先，技改投资占比洛龙区领先，两项嵩县均落后。
  注册商标2020年约32400件（达标），驰名商标29件、著名商标448件（未达标）。投资导向目录、通报、专题会议只有市级行；
  各县每年汇报一次，嵩县2019年未汇报。

### 市级（410300）行

- `level` 类指标（能耗强度、各类比例、商标、产业集群规模、置换比例、拆除比例）都有市级自己的数字。
- `flow` 类指标一般不写市级行，由程序累加各县；只有关闭煤矿、智能工厂、重点项目投资三项写了官方市级数，
  其中**重点项目投资2018年市级数比县区合计多2.4亿元**（市属企业项目，见 note）。
- 领导小组的工作（投资导向目录、半年通报、专题会议）与企业家研讨班只有市级行。

### 各县（市、区）的角色

{unit_table("zh")}

落后：**嵩县**；领先：**洛龙区**。

### 故意缺失的数值（value 为空）

{note_table(missing, "zh")}

### 其他带说明的数值

{note_table(odd, "zh")}

## English

### What it is

- `observations.csv`: long rows `unit_code,year,indicator_id,value,source,note` (UTF-8),
  {n_rows} rows: Luoyang city (410300) and the 15 county-level units of 2017, 2016–2020
  (the interim year 2019 included), covering all {n_ind} indicators of the data contract
  (`luoyang_analysis.data.data_indicators()`). Every row's `source` is “{SOURCE}”.
- `observations.meta.yaml`: the sidecar (producer, date written, licence {LICENCE}, seed,
  generator module, SHA-256).
- Counting rules as in the data contract: `flow` indicators give the number newly achieved
  that year with 2016 the opening stock; `level` indicators give the year's level, shares in
  percent (20 for 20%); energy intensity is a level (tce per 10,000 yuan) with 2016 the base;
  {yoy_en} give only year-on-year rates `green.energy_intensity_yoy` (%, a fall is negative),
  so the chaining path is exercised.

### How it is made

Seed {seed} (the default is the notice's date, 2017-08-29), numpy `default_rng(seed)`. To regenerate:

```sh
{cmd}
```

The same seed gives the same bytes; `tests/unit/test_sample.py` checks that the shipped files
equal a fresh generation. The story is written in the generator (where coal is mined, which
districts host the machinery groups, which county lags); the seed only adds noise and decides
how a designed city total is shared among counties.

### Modelling assumptions, by plan

- **Overcapacity**: coal closures only in the coal counties ({coal_en}); the central districts
  ({central_en}) have no coal rows. 2017: 25 mines closed, 438 (10,000 t) cut (targets 25 and
  435); a few more in 2018–2019. Song County (嵩县) has its one closed mine inspected only in 2018. Transformers
  and motors are shared by heavy-industry weight; the blast furnace and converter are placed in
  Xin'an, the bearing equipment in Jianxi, the kiln and smelting lines in Luanchuan, Xin'an, Yiyang and others
  (illustrative placements). Replacement ratios only where steel, aluminium, cement or glass
  invest (Xin'an, Yiyang, Yichuan, Yanshi); Yanshi falls below 1 in 2019.
- **Green**: city energy intensity falls about 4.5–5.5% a year, {city_cut:.1f}% by 2020;
  counties differ: Luolong −{ahead_cut:.1f}% (ahead), Yanshi fast, Jili (petrochemicals) slow then fast, Yichuan rises
  in 2019 on new aluminium capacity, Song County only −{behind_cut:.1f}% (behind). Audit coverage and the
  hazardous-chemical relocation share are built as k of n enterprises: central districts move
  their plants out, Jili is the receiving park and moves few. Demonstration enterprises, parks
  and recycling parks are shared by a green weight; recycling parks reach 4 by 2020 (target 5).
- **Smart**: factories, workshops, certified and benchmarked enterprises are shared by a smart
  weight, concentrated in Jianxi, Luolong, Xigong, Yanshi; smart factories run 4, 7, 11, 14; service
  manufacturing demos reach 13 (one short). Cloud platforms and solution providers in Jianxi,
  Luolong, Xigong. Seminars have city rows only.
- **Technical upgrading**: key-project investment 101.2, 121.6, 133.4, 146.3 亿元 (2020 below
  150); first sets meet the yearly 2017 and 2018 targets but reach only 46 cumulative by 2020
  (target 50). The upgrading share: Luolong and Jianxi ahead; the investment share: Luolong ahead; Song County behind on both. Registered
  trademarks about 32,400 by 2020 (met); well-known 29 and famous 448 (not met). The investment
  guide, bulletins and annual meetings have city rows only; every county reports once a year,
  except Song County in 2019.

### City rows (410300)

- Level indicators (energy intensity, the shares, trademarks, cluster output, replacement and
  dismantling ratios) carry the city's own figure.
- Flow indicators mostly have no city row (the engine sums the counties); official city rows
  are given for coal mines closed, smart factories and key-project investment, and the
  **2018 key-project investment city figure exceeds the county sum by 2.4 亿元** (city-owned
  enterprises; see its note).
- The leading group's work (investment guide, half-yearly bulletins, annual meeting) and the
  entrepreneurs' seminars have city rows only.

### The units and their roles

{unit_table("en")}

Behind: **嵩县 (Song County)**; ahead: **洛龙区 (Luolong District)**.

### Values deliberately missing (empty value)

{note_table(missing, "en")}

### Other values with a note

{note_table(odd, "en")}
"""


def _reduction_2020(df: pd.DataFrame) -> dict[str, float]:
    """% fall of energy intensity 2016→2020 per unit that reports levels."""
    ei = df[df["indicator_id"] == ENERGY_INTENSITY].set_index(["unit_code", "year"])["value"]
    out = {}
    for code in ei.index.get_level_values(0).unique():
        out[code] = 100.0 * (1 - ei[(code, 2020)] / ei[(code, 2016)])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m luoyang_analysis.sample",
        description="Write the illustrative sample dataset (示例数据, not official statistics).",
    )
    parser.add_argument("out_dir", type=Path, help="directory to write into, e.g. data/raw/sample")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    args = parser.parse_args(argv)
    for path in write(args.out_dir, seed=args.seed):
        print(path)
    from luoyang_analysis.sample.registers import write_registers

    for path in write_registers(args.out_dir, generate(args.seed), args.seed):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
