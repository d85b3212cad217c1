"""The smart plan (智能化改造): smart factories and workshops, integration standards, cloud
platforms, and the smart-equipment cluster."""

from __future__ import annotations

import numpy as np

from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.sample.rows import Rows, designed_flows, specific_flows, split
from luoyang_analysis.sample.story import CLUSTER, CLUSTER_UNITS, YEARS


def generate(out: Rows, rng: np.random.Generator) -> None:
    specific_flows(out, "smart")
    designed_flows(out, rng, "smart")


def cluster_output(out: Rows, rng: np.random.Generator) -> None:
    """The cluster's output (亿元) in its districts, and the city total."""
    codes = tuple(CLUSTER_UNITS)
    for year, total in zip(YEARS, CLUSTER, strict=True):
        parts = split(total, codes, CLUSTER_UNITS.values(), rng, decimals=1, noise=0.08)
        for code in codes:
            out.add(code, year, "smart.equipment_cluster_output", parts[code])
        out.add(CITY_CODE, year, "smart.equipment_cluster_output", total)
