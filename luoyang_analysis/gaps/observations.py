"""Observations as the engine reads them, and the counties' sums for the city (§6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue
from luoyang_analysis.catalogue.units import Unit, county_codes
from luoyang_analysis.deliveries.contract import data_indicators
from luoyang_analysis.exceptions import DataError, ParameterError
from luoyang_analysis.gaps.rules import is_additive


def clean_observations(observations: pd.DataFrame) -> pd.DataFrame:
    """Long rows ``unit_code, year, indicator_id, value``, typed; missing values dropped, duplicates refused."""
    missing = [c for c in ("unit_code", "year", "indicator_id", "value") if c not in observations]
    if missing:
        raise ParameterError(
            f"observations lack column(s) {', '.join(missing)}; "
            "expected unit_code, year, indicator_id, value."
        )
    obs = pd.DataFrame(
        {
            "unit_code": observations["unit_code"].astype(str).str.strip(),
            "year": pd.to_numeric(observations["year"], errors="raise").astype(int),
            "indicator_id": observations["indicator_id"].astype(str).str.strip(),
            "value": pd.to_numeric(observations["value"], errors="coerce").astype(float),
        }
    )
    obs = obs[obs["value"].notna()]
    dup = obs.duplicated(["unit_code", "year", "indicator_id"], keep=False)
    if dup.any():
        rows = obs[dup].drop_duplicates(["unit_code", "year", "indicator_id"])
        raise DataError(
            f"{r.unit_code} {r.year} {r.indicator_id} is given more than once"
            for r in rows.itertuples()
        )
    return obs


#: What a delivery's row may say about its value besides the number (issue 10): the qualifier
#: (exact, at_least, approx, not_published, not_applicable), the source, its kind and the note.
DETAIL_COLUMNS = ("qualifier", "source", "source_kind", "note", "base_year", "period")
#: Qualifiers whose row carries no value: the figure exists but is not public, or does not apply.
VALUELESS = frozenset({"not_published", "not_applicable"})


@dataclass(frozen=True)
class Detail:
    """What one observation says about itself; "" where the delivery does not say."""

    qualifier: str = ""
    source: str = ""
    source_kind: str = ""
    note: str = ""
    base_year: str = ""  # a level or rate against another base ("2015")
    period: str = ""  # a total or rate over a period ("2016-2020")

    def base(self) -> int | None:
        """The base year a rate is against: its base_year, else the year before its period."""
        if self.base_year:
            return int(float(self.base_year))
        if self.period:
            return int(self.period[:4]) - 1
        return None


def _text(value) -> str:
    return (
        "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
    )


def observation_details(observations: pd.DataFrame) -> dict[tuple[str, str, int], Detail]:
    """(unit, indicator, year) -> :class:`Detail`, for rows with a value and for valueless ones.

    A row without a value is kept only when its qualifier says why (未公开, not
    applicable): the engine shows it as such instead of as a plain gap.
    """
    cols = [c for c in DETAIL_COLUMNS if c in observations.columns]
    if not cols:
        return {}
    out: dict[tuple[str, str, int], Detail] = {}
    values = pd.to_numeric(observations["value"], errors="coerce")
    for i, r in enumerate(
        observations[["unit_code", "year", "indicator_id", *cols]].itertuples(index=False)
    ):
        d = Detail(**{c: _text(getattr(r, c)) for c in cols})
        if pd.isna(values.iloc[i]) and d.qualifier not in VALUELESS:
            continue
        out[(str(r.unit_code).strip(), str(r.indicator_id).strip(), int(r.year))] = d
    return out


def aggregate_counties(
    observations: pd.DataFrame,
    catalogue: Catalogue | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """Sum of the counties' values per additive data indicator and year (§6).

    Columns ``indicator_id, year, county_sum, n_counties`` (units reporting).
    Only indicators whose values add up (:func:`is_additive`) and only the
    county-level units of that year count; the city's own rows are left out.
    """
    catalogue = catalogue or default_catalogue()
    obs = clean_observations(observations)
    additive = {
        did
        for did, di in data_indicators(catalogue).items()
        if is_additive(catalogue.indicators[di.target_indicator_id])
    }
    obs = obs[obs["indicator_id"].isin(additive)]
    keep = [
        code in set(county_codes(int(year), units))
        for code, year in zip(obs["unit_code"], obs["year"], strict=True)
    ]
    obs = obs[keep]
    out = (
        obs.groupby(["indicator_id", "year"], sort=True)["value"]
        .agg(county_sum="sum", n_counties="count")
        .reset_index()
    )
    out["county_sum"] = out["county_sum"].astype(float)
    return out
