"""The green plan (绿色化改造): energy intensity, clean-production audits, hazardous chemicals,
demonstration enterprises and parks."""

from __future__ import annotations

import numpy as np

from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.deliveries.contract import ENERGY_INTENSITY, ENERGY_INTENSITY_YOY
from luoyang_analysis.sample.rows import (
    Rows,
    designed_flows,
    k_of_n_shares,
    specific_flows,
)
from luoyang_analysis.sample.story import (
    AUDIT_ENTERPRISES,
    BEHIND,
    CENTRAL_DISTRICTS,
    HAZCHEM_PATH,
    HAZCHEM_PRODUCERS,
    INTENSITY,
    INTENSITY_NOTES,
    JILI,
    MISSING_NOTE,
    RUYANG,
    YEARS,
    YOY_COUNTIES,
)


def generate(out: Rows, rng: np.random.Generator) -> None:
    _energy_intensity(out, rng)
    specific_flows(out, "green")
    _shares(out, rng)
    designed_flows(out, rng, "green")


def _energy_intensity(out: Rows, rng: np.random.Generator) -> None:
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


def _shares(out: Rows, rng: np.random.Generator) -> None:
    def audit_path(code: str) -> tuple[float, ...]:
        # Mandatory clean-production audits: 100% due in 2018; 嵩县 and 汝阳县 late.
        base = float(rng.uniform(30, 60))
        if code == BEHIND:
            return (base, base + 15, 75.0, 88.0, 100.0)
        if code == RUYANG:
            return (base, base + 25, 90.0, 100.0, 100.0)
        return (base, base + (100 - base) * float(rng.uniform(0.45, 0.75)), 100, 100, 100)

    def hazchem_path(code: str) -> tuple[float, ...]:
        # Hazardous-chemical producers relocated, converted or closed: the centre moves
        # out, 吉利区 is the receiving park.
        if code in CENTRAL_DISTRICTS:
            return HAZCHEM_PATH["central"]
        if code == JILI:
            return HAZCHEM_PATH["park"]
        return HAZCHEM_PATH["behind" if code == BEHIND else "other"]

    k_of_n_shares(out, rng, "green.mandatory_audit_coverage", AUDIT_ENTERPRISES, audit_path)
    k_of_n_shares(out, rng, "green.hazchem_relocation_share", HAZCHEM_PRODUCERS, hazchem_path)
