"""The technical-upgrading plan (技术改造): key projects, the share of enterprises and of
investment upgrading, trademarks, the leading group's work."""

from __future__ import annotations

import numpy as np

from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.sample.rows import (
    Rows,
    designed_flows,
    k_of_n_shares,
    share_row,
    split,
    standing,
)
from luoyang_analysis.sample.story import (
    BEHIND,
    COUNTIES,
    ENTERPRISES_ABOVE_SIZE,
    INVESTMENT_SHARE_PATH,
    JIANXI,
    KEY_INVESTMENT,
    KEY_INVESTMENT_CITY_EXTRA,
    TRADEMARKS,
    UPGRADING_PATH,
    WEIGHTS,
    YEARS,
)


def generate(out: Rows, rng: np.random.Generator) -> None:
    designed_flows(out, rng, "techup")

    # Investment by the key projects (亿元): counties, and the city's own figure.
    for year, total in zip(YEARS, KEY_INVESTMENT, strict=True):
        parts = split(total, COUNTIES, WEIGHTS["techup"], rng, decimals=1, noise=0.2)
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

    # Share of enterprises above designated size that have upgraded (k of n); 涧西区 ahead.
    k_of_n_shares(
        out,
        rng,
        "techup.enterprises_upgrading_share",
        ENTERPRISES_ABOVE_SIZE,
        lambda code: UPGRADING_PATH["ahead" if code == JIANXI else standing(code)],
    )

    # Technical-upgrading share of industrial fixed-asset investment (%).
    fai = dict(zip(COUNTIES, WEIGHTS["techup"], strict=True))  # industrial FAI weights
    city = np.zeros(len(YEARS))
    for code in COUNTIES:
        path = INVESTMENT_SHARE_PATH[standing(code)]
        values = [round(max(0.0, p + float(rng.normal(0.0, 1.2))), 1) for p in path]
        city += np.asarray(values) * fai[code]
        for year, v in zip(YEARS, values, strict=True):
            share_row(out, code, year, "techup.investment_share", v)
    city /= sum(fai.values())
    # The city's own figure: the FAI-weighted share, nudged to the designed path.
    design = INVESTMENT_SHARE_PATH["typical"]
    for i, year in enumerate(YEARS):
        out.add(CITY_CODE, year, "techup.investment_share", round((city[i] + design[i]) / 2, 1))

    # Trademarks (stocks): county stocks never fall; the city is their sum.
    for ind, (stock, increments) in TRADEMARKS.items():
        per_year = [split(stock, COUNTIES, WEIGHTS["brand"], rng)]
        for inc in increments:
            per_year.append(split(inc, COUNTIES, WEIGHTS["brand"], rng))
        running = dict.fromkeys(COUNTIES, 0.0)
        for year, parts in zip(YEARS, per_year, strict=True):
            for code in COUNTIES:
                running[code] += parts[code]
                out.add(code, year, ind, running[code])
            out.add(CITY_CODE, year, ind, sum(running.values()))
