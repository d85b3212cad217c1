"""The plan to cut overcapacity (化解过剩产能): coal mines, old equipment, capacity replacement."""

from __future__ import annotations

import numpy as np

from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.sample.rows import Rows, specific, split
from luoyang_analysis.sample.story import (
    BEHIND,
    CITY_FLOWS,
    COAL_CAPACITY_TOTAL,
    COAL_COUNTIES,
    COAL_MINES,
    COUNTIES,
    REPLACEMENT_ODD,
    REPLACEMENT_UNITS,
    SPECIFIC_FLOWS,
    WEIGHTS,
    YEARS,
)


def generate(out: Rows, rng: np.random.Generator) -> None:
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
        mine_weights = [mines[c] * rng.uniform(9, 30) for c in codes]
        parts = split(COAL_CAPACITY_TOTAL[year], codes, mine_weights, rng, decimals=1, noise=0.1)
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
            parts = split(total, COUNTIES, WEIGHTS[kind], rng)
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
        specific(out, ind, by_year)
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
