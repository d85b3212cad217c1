"""Counts delivered as a total held at a date (``as_of``) instead of a year's flow (§2.4.2).

A bulletin often says how many exist (「省级智能车间（工厂）56家」 as of 2021-07-12), not
how many were added in a year. For an indicator entered as yearly flows such a stock
is kept apart from the flows and used where the arithmetic is sound:

- a stock at the end of year Y is the running total since the plan start (the 2016
  value being the opening stock): A(Y) = stock(Y), whatever flows are missing;
- for a running total that starts after 2016 (首台（套）, from 2017) it is
  stock(Y) − stock(start − 1), when that earlier year-end stock is known;
- the flow of Y is stock(Y) − stock(Y − 1) when both are year-end stocks;
- a stock at a date before the end of its year is a lower bound of the year-end
  stock (counts of titles and certifications are held, not lost);
- a stock smaller than the flows reported up to its date contradicts them: flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from luoyang_analysis.catalogue.targets import Catalogue
from luoyang_analysis.deliveries.contract import data_indicators
from luoyang_analysis.gaps.observations import DETAIL_COLUMNS, Detail, _text
from luoyang_analysis.gaps.workings import Actual, fmt


@dataclass(frozen=True)
class Stock:
    """A total held at a date, with what its row says about itself."""

    value: float
    as_of: dt.date
    detail: Detail

    @property
    def year_end(self) -> bool:
        return (self.as_of.month, self.as_of.day) == (12, 31)


#: (unit, data indicator) -> year -> the stock of that year (the latest date if several)
Stocks = dict[tuple[str, str], dict[int, Stock]]


def flow_ids(catalogue: Catalogue) -> set[str]:
    """Data indicators entered as yearly flows: the ones a stock must be converted for."""
    return {
        did
        for did, di in data_indicators(catalogue).items()
        if catalogue.indicators[di.target_indicator_id].entry == "flow"
    }


def split_stocks(observations: pd.DataFrame, catalogue: Catalogue) -> tuple[pd.DataFrame, Stocks]:
    """(the rows that are not stocks of a flow indicator, those stocks indexed).

    A level indicator's value at a date is simply its level: it stays with the rows.
    """
    if "as_of" not in observations.columns:
        return observations, {}
    as_of = observations["as_of"].map(_text)
    ids = observations["indicator_id"].astype(str).str.strip()
    mask = (as_of != "") & ids.isin(flow_ids(catalogue))
    stocks: Stocks = {}
    for (_, r), date in zip(observations[mask].iterrows(), as_of[mask], strict=True):
        value = pd.to_numeric(r["value"], errors="coerce")
        if pd.isna(value):
            continue
        day = dt.date.fromisoformat(date[:10])
        detail = Detail(**{c: _text(r.get(c)) for c in DETAIL_COLUMNS})
        unit, did = str(r["unit_code"]).strip(), str(r["indicator_id"]).strip()
        by_year = stocks.setdefault((unit, did), {})
        old = by_year.get(day.year)
        if old is None or day > old.as_of:
            by_year[day.year] = Stock(float(value), day, detail)
    return observations[~mask], stocks


def derived_flows(stocks: dict[int, Stock], flows: dict[int, float]) -> dict[int, Stock]:
    """Years without a flow whose flow is the difference of two year-end stocks: year -> stock."""
    return {
        y: s
        for y, s in stocks.items()
        if y not in flows and s.year_end and y - 1 in stocks and stocks[y - 1].year_end
    }


def running_total(
    stocks: dict[int, Stock], flows: dict[int, float], start: int, base_year: int, year: int
) -> Actual | None:
    """The running total since ``start`` at ``year`` from a stock of that year, or None.

    None when there is no stock for ``year`` or, for a total that leaves the
    opening stock out, no year-end stock for ``start − 1`` to subtract.
    """
    st = stocks.get(year)
    if st is None:
        return None
    out = Actual(value=st.value)
    if start > base_year:
        prior = stocks.get(start - 1)
        if prior is None or not prior.year_end:
            return None
        out.value = st.value - prior.value
        out.notes.add(
            f"由存量计算：{st.as_of.isoformat()}存量{fmt(st.value)}减{start - 1}年末存量{fmt(prior.value)}",
            f"from stocks: {fmt(st.value)} held on {st.as_of.isoformat()} less the "
            f"{fmt(prior.value)} held at the end of {start - 1}",
        )
    else:
        out.notes.add(
            f"采用{st.as_of.isoformat()}存量{fmt(st.value)}作为累计数（含{base_year}年期初存量）",
            f"the {fmt(st.value)} held on {st.as_of.isoformat()} is the running total "
            f"(the {base_year} opening stock included)",
        )
    if not st.year_end:
        out.qualifier = "at_least"
        out.notes.add(
            f"{st.as_of.isoformat()}的存量为{year}年末数的下限",
            f"a stock on {st.as_of.isoformat()} is a lower bound of the end of {year}",
        )
    # The flows reported up to the stock's date (a mid-year stock: up to the year before).
    upto = year if st.year_end else year - 1
    reported = sum(v for y, v in flows.items() if start <= y <= upto)
    if reported > out.value:
        out.notes.add(
            f"数字矛盾：{st.as_of.isoformat()}存量所得{fmt(out.value)}小于此前报送的流量合计{fmt(reported)}",
            f"figures contradict each other: the stock on {st.as_of.isoformat()} gives "
            f"{fmt(out.value)}, less than the {fmt(reported)} reported as flows up to then",
        )
        out.contradiction = True
    return out
