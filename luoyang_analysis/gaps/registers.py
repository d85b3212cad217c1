"""Counts from names: what the registers say against what the counties report.

The counting rules live in the database's views
(:mod:`luoyang_analysis.deliveries.register_views`); this module reads them and

- compares each reported total with the named count for the same unit, year and
  indicator (flows with ``new``, year-end stocks with ``held``): a difference is
  a discrepancy, shown as a warning (``reported 5, named 4: …``), never a refusal;
- compares each reported ``techup.key_project_investment`` with the investment the
  key projects (category 重点) completed in the year, equal at the precision reported;
- gives, per count target and unit/year, the named figure following the
  catalogue's ``counts`` (``new``: named since the programme began in 2017, or in
  the year for yearly targets; ``held``: everything named by the year's end),
  with the names behind it.

The assessment itself keeps using the reported totals (docs/methodology.md §11).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue
from luoyang_analysis.deliveries import registers as registers_mod
from luoyang_analysis.deliveries.contract import data_indicators
from luoyang_analysis.deliveries.register_views import KEY_INDICATOR

DISCREPANCY_COLUMNS = [
    "unit_code",
    "year",
    "indicator_id",
    "reported",
    "named",
    "basis",
    "names",
    "message",
]
NAME_COLUMNS = ["enterprise", "uscc", "item", "year", "doc_number", "doc_date", "register"]
PROGRAMME_START = 2017
MAX_NAMES_SHOWN = 6


def _frame(sql: str, delivery, params=None) -> pd.DataFrame:
    """A query on a delivery's database, or on an open connection given instead of a delivery."""
    if isinstance(delivery, duckdb.DuckDBPyConnection):
        return delivery.execute(sql, params or []).df()
    con = registers_mod.connect(delivery)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def named_counts(delivery: Path | str | None = None) -> pd.DataFrame:
    """``unit_code, year, indicator_id, new, held`` for every indicator the registers cover."""
    return _frame("SELECT * FROM named_counts ORDER BY indicator_id, unit_code, year", delivery)


def named_items(
    delivery: Path | str | None = None,
    indicator_id: str | None = None,
    unit_code: str | None = None,
) -> pd.DataFrame:
    """Every counted item (one row per name), for one indicator and unit if given (410300 = all)."""
    where, params = [], []
    if indicator_id:
        where.append("indicator_id = ?")
        params.append(indicator_id)
    if unit_code and unit_code != registers_mod.CITY:
        where.append("unit_code = ?")
        params.append(unit_code)
    sql = "SELECT * REPLACE (CAST(doc_date AS VARCHAR) AS doc_date) FROM named_items"
    sql += " WHERE " + " AND ".join(where) if where else ""
    return _frame(sql + " ORDER BY indicator_id, year, unit_code, _file, _row", delivery, params)


def unit_items(items: pd.DataFrame, unit_code: str) -> pd.DataFrame:
    """The named items of one unit; the city's (410300) are every unit's."""
    if unit_code == registers_mod.CITY:
        return items
    return items[items["unit_code"] == unit_code]


def database_items(database: Path) -> pd.DataFrame:
    """Every named item of a processed database file, opened read-only; none without the file.

    For the report batch: a report's names are its unit's items, so their rows go into
    the report's digest and a register change rebuilds the reports it touches.
    """
    if not Path(database).is_file():
        return pd.DataFrame(columns=NAME_COLUMNS + ["indicator_id", "unit_code", "quantity"])
    con = duckdb.connect(str(database), read_only=True)
    try:
        return named_items(con)
    finally:
        con.close()


def _label(row) -> str:
    item = f"·{row.item}" if isinstance(row.item, str) and row.item else ""
    doc = ", ".join(
        str(x) for x in (row.doc_number, row.doc_date) if isinstance(x, str) or pd.notna(x)
    )
    return f"{row.enterprise}{item}" + (f"（{doc}）" if doc else "")


def _names(items: pd.DataFrame, unit: str, indicator: str, years: range) -> list[str]:
    sel = unit_items(items, unit)
    sel = sel[(sel["indicator_id"] == indicator) & sel["year"].isin(list(years))]
    return [_label(r) for r in sel.itertuples(index=False)]


def discrepancies(observations: pd.DataFrame, delivery: Path | str | None = None) -> pd.DataFrame:
    """Reported totals that differ from the named count of the same unit, year and indicator,
    and reported key-project investment that differs from the project register's.

    Only indicators the registers name at all are compared; a unit with a reported
    total and no names then has 0 named.
    """
    if isinstance(delivery, duckdb.DuckDBPyConnection):
        return _discrepancies(observations, delivery)
    con = registers_mod.connect(delivery)
    try:
        return _discrepancies(observations, con)
    finally:
        con.close()


def _discrepancies(observations: pd.DataFrame, con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frames = [
        f
        for f in (
            _count_discrepancies(observations, con),
            _investment_discrepancies(observations, con),
        )
        if not f.empty
    ]
    if not frames:
        return pd.DataFrame(columns=DISCREPANCY_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _shown(names: list[str]) -> str:
    """The names in ``luoyang validate``'s English message, at most MAX_NAMES_SHOWN of them."""
    more = (
        i18n.text("labels.names_more", "en", n=len(names)) if len(names) > MAX_NAMES_SHOWN else ""
    )
    return i18n.text("labels.list_separator", "en").join(names[:MAX_NAMES_SHOWN]) + more


def _same_as_reported(derived: float, reported: float) -> bool:
    """Equal at the precision of the reported figure, rounded half up (四舍五入): 12.3
    reported matches 12.26 derived, 12 matches 12.26 too, 12.2 does not."""
    step = Decimal(repr(float(reported))).normalize()
    places = Decimal(1).scaleb(min(0, step.as_tuple().exponent))
    return Decimal(repr(float(derived))).quantize(places, ROUND_HALF_UP) == step.quantize(places)


def key_project_investment(delivery: Path | str | None = None) -> pd.DataFrame:
    """``techup.key_project_investment`` from the project register: ``unit_code, year,
    indicator_id, projects, invested`` (亿元), for the years the register covers."""
    return _frame("SELECT * FROM key_project_investment ORDER BY unit_code, year", delivery)


def _investment_discrepancies(
    observations: pd.DataFrame, con: duckdb.DuckDBPyConnection
) -> pd.DataFrame:
    derived = key_project_investment(con)
    if derived.empty:
        return pd.DataFrame(columns=DISCREPANCY_COLUMNS)
    items = _frame("SELECT * FROM key_project_items ORDER BY _file, _row", con)
    index = derived.set_index(["unit_code", "year"])["invested"]
    covered = set(derived["year"])
    obs = observations[observations["indicator_id"] == KEY_INDICATOR].dropna(subset=["value"])
    rows = []
    for ob in obs.itertuples(index=False):
        key = (ob.unit_code, int(ob.year))
        if int(ob.year) not in covered:
            continue  # a year the register holds no key-project investment for
        invested = float(index.get(key, 0.0))
        if _same_as_reported(invested, ob.value):
            continue
        sel = unit_items(items, ob.unit_code)
        sel = sel[sel["year"] == int(ob.year)]
        names = [
            f"{r.name}（{r.project_id}, {r.invested_wan:g} 万元）"
            for r in sel.itertuples(index=False)
        ]
        shown = _shown(names)
        rows.append(
            {
                "unit_code": ob.unit_code,
                "year": int(ob.year),
                "indicator_id": KEY_INDICATOR,
                "reported": float(ob.value),
                "named": invested,
                "basis": "invested",
                "names": "\n".join(names),
                "message": f"{ob.unit_code} {ob.year} {KEY_INDICATOR}: reported {ob.value:g}, "
                f"key projects {invested:g}" + (f": {shown}" if shown else ""),
            }
        )
    return pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS)


def _count_discrepancies(observations: pd.DataFrame, delivery) -> pd.DataFrame:
    counts = named_counts(delivery)
    if counts.empty:
        return pd.DataFrame(columns=DISCREPANCY_COLUMNS)
    items = named_items(delivery)
    indicators = data_indicators()
    covered = set(counts["indicator_id"])
    obs = observations[observations["indicator_id"].isin(covered)].dropna(subset=["value"])
    index = counts.set_index(["unit_code", "year", "indicator_id"])
    rows = []
    for ob in obs.itertuples(index=False):
        basis = "held" if indicators[ob.indicator_id].entry == "level" else "new"
        key = (ob.unit_code, int(ob.year), ob.indicator_id)
        named = int(index[basis].get(key, 0)) if key in index.index else 0
        if named == ob.value:
            continue
        # 2016's "new" is the opening stock: everything named up to then, like "held".
        first = 0 if basis == "held" or ob.year <= registers_mod.BASE_YEAR else int(ob.year)
        names = _names(items, ob.unit_code, ob.indicator_id, range(first, int(ob.year) + 1))
        shown = _shown(names)
        rows.append(
            {
                "unit_code": ob.unit_code,
                "year": int(ob.year),
                "indicator_id": ob.indicator_id,
                "reported": float(ob.value),
                "named": named,
                "basis": basis,
                "names": "\n".join(names),
                "message": f"{ob.unit_code} {ob.year} {ob.indicator_id}: reported {ob.value:g}, "
                f"named {named}" + (f": {shown}" if shown else ""),
            }
        )
    return pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS)


def target_years(ind_id: str, year: int, catalogue: Catalogue | None = None) -> range | None:
    """The years whose names make up the figure measured against the target of ``year``.

    ``held``: everything named up to the year; ``new`` with a cumulative target:
    named from 2017 to the year; ``new`` yearly: the year alone.
    """
    catalogue = catalogue or default_catalogue()
    target = catalogue.indicator(ind_id).target_for(year)
    if target is None or target.counts is None:
        return None
    if target.counts == "held":
        return range(0, year + 1)
    if target.accumulation == "cumulative":
        return range(PROGRAMME_START, year + 1)
    return range(year, year + 1)


def target_names(
    unit_code: str, year: int, delivery: Path | str | None = None
) -> dict[str, pd.DataFrame]:
    """Per count target of ``year`` that the registers cover: the named items behind its figure."""
    items = named_items(delivery)
    catalogue = default_catalogue()
    out = {}
    for ind_id in sorted(set(items["indicator_id"])):
        years = target_years(ind_id, year, catalogue)
        if years is None:
            continue
        sel = unit_items(items, unit_code)
        sel = sel[(sel["indicator_id"] == ind_id) & sel["year"].isin(list(years))]
        out[ind_id] = sel[NAME_COLUMNS + ["quantity"]].reset_index(drop=True)
    return out


def upgrading_share(delivery: Path | str | None = None) -> pd.DataFrame:
    """``techup.enterprises_upgrading_share`` from projects and the enterprise register (k, n, %)."""
    return _frame("SELECT * FROM upgrading_share ORDER BY unit_code, year", delivery)


def dismantling(delivery: Path | str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The deadline year's retirements against the 10月底前 deadline, and the share met per unit."""
    lines = _frame("SELECT * FROM dismantling ORDER BY unit_code, _file, _row", delivery)
    share = _frame("SELECT * FROM dismantling_share ORDER BY unit_code", delivery)
    return lines, share
