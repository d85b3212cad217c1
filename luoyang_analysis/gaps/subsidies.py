"""What the 扶持政策 commit the city to: each project's entitlement under each rule, and the totals.

Pure functions of the typed inputs (:mod:`luoyang_analysis.deliveries.projects`),
the rules (:mod:`luoyang_analysis.catalogue.policy`) and one run's
:class:`~luoyang_analysis.catalogue.policy.Settings`.

Money is in 万元 as :class:`decimal.Decimal`. Rounding: ``base × rate`` is kept
exact; the entitlement (after the cap) is rounded once, ROUND_HALF_UP to 0.01 万元
(100 yuan); every total is the exact sum of rounded entitlements, so a total
always equals the sum of the rows a reader sees.

Statuses of a row (one project or sale under one rule):

- ``due``: eligible and payable by the as-of date; counted in the totals;
- ``pipeline``: eligible once the project is completed and in production (or the
  award or sale year comes); the amount it would get, in the year it is expected;
- ``excluded``: a condition fails; ``reason`` says which;
- ``flagged``: a rule the text leaves to a decision (特别重大: 一事一议); listed, no amount;
- ``open``: eligible, but the text gives no rate (green 后补助, smart 省财政标准)
  and none was set for the run; listed, no amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.policy import Policy, Rule, Settings, default_policy

CENT = Decimal("0.01")
ZERO = Decimal(0)
STATUSES = ("due", "pipeline", "excluded", "flagged", "open")

#: One row per item (project or sale row) and rule.
ENTITLEMENT_COLUMNS = [
    "rule_id",
    "item_id",
    "item_name",
    "enterprise_uscc",
    "enterprise_name",
    "county_code",
    "role",
    "status",
    "reason_code",
    "reason",
    "base",
    "rate",
    "uncapped",
    "cap",
    "cap_applied",
    "entitlement",
    "year_due",
]
MONEY_COLUMNS = ("base", "uncapped", "cap", "cap_applied", "entitlement")

#: Which rows a rule is about (policy.yaml ``scope``).
SCOPES: dict[str, Callable[[pd.Series], bool]] = {
    "all": lambda r: True,
    "special_major": lambda r: bool(r.get("special_major")),
    "strong_base": lambda r: bool(r.get("national_funding")),
    "green_demo": lambda r: bool(r.get("green_demo")),
    "smart": lambda r: bool(r.get("smart")),
    "none": lambda r: False,
}


def round_money(amount: Decimal) -> Decimal:
    """The documented rounding: half up to 0.01 万元."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def base_of(rule: Rule, row: pd.Series) -> Decimal:
    if rule.base == "qualifying_spending":
        parts = ("equipment", "software", "technology")
        return sum((row.get(c) or ZERO for c in parts), ZERO)
    return row.get(rule.base) or ZERO


def _expected_year(rule: Rule, row: pd.Series) -> int | None:
    """The year the rule falls due for this row (planned, while not yet due)."""
    if rule.payable == "award":
        return row.get("national_funding_year")
    if rule.payable == "sale":
        return row.get("year")
    date = row.get("commissioning_date") or row.get("completion_date")
    return date.year if date else None


def _in_production(row: pd.Series, as_of: dt.date | None) -> bool:
    done, running = row.get("completion_date"), row.get("commissioning_date")
    if not done or not running:
        return False
    return as_of is None or (done <= as_of and running <= as_of)


def _reason(code: str, lang: str, **fields) -> str:
    return i18n.text(f"subsidies.reason_{code}", lang, **fields) if code else ""


def _assess_row(
    rule: Rule, row: pd.Series, settings: Settings, as_of: dt.date | None, lang: str
) -> dict:
    """One item under one rule, before any cap per unit."""
    out = {"status": "excluded", "reason_code": "", "fields": {}, "year_due": None}
    out["year_due"] = _expected_year(rule, row) if rule.computed else None
    if not rule.computed:
        return {**out, "status": "flagged", "reason_code": "undecided", "fields": {"rule": rule.id}}
    limit = settings.get(rule.id, "min_total_investment")
    if "min_total_investment" in rule.conditions and limit is not None:
        total = row.get("total_investment") or ZERO
        if total < limit:
            return {
                **out,
                "reason_code": "below_investment",
                "fields": {"value": total, "limit": limit},
            }
    if "province_certified" in rule.conditions and not row.get("province_certified"):
        return {**out, "reason_code": "not_certified"}
    base = base_of(rule, row)
    if base <= 0:
        return {**out, "reason_code": "no_base"}
    first = settings.get(rule.id, "from_year")
    running = row.get("commissioning_date")
    if "from_year" in rule.conditions and first is not None and running and running.year < first:
        return {
            **out,
            "reason_code": "before_start",
            "fields": {"year": running.year, "limit": first},
        }
    rate, cap = settings.get(rule.id, "rate"), settings.get(rule.id, "cap")
    out.update(base=base, rate=rate, cap=cap)
    if rate is None:
        return {
            **out,
            "status": "open",
            "reason_code": "rate_open",
            "fields": {"parameter": f"{rule.id}.rate"},
        }
    uncapped = base * rate
    allowed = uncapped if cap is None else min(uncapped, cap)
    out.update(uncapped=uncapped, entitlement=round_money(allowed), cap_applied=uncapped - allowed)
    year = out["year_due"]
    if "in_production" in rule.conditions and not _in_production(row, as_of):
        return {**out, "status": "pipeline", "reason_code": "not_in_production"}
    if as_of is not None and (year is None or year > as_of.year):
        return {**out, "status": "pipeline", "reason_code": "later"}
    return {**out, "status": "due"}


def _item(rule: Rule, row: pd.Series) -> dict:
    if rule.applies_to == "first_sets":
        return {
            "item_id": row["sale_id"],
            "item_name": row.get("product") or "",
            "role": row["role"],
        }
    return {"item_id": row["project_id"], "item_name": row.get("name") or "", "role": ""}


def _cap_per_unit(rows: list[dict], cap: Decimal, scope: str) -> None:
    """A cap on a unit's total: ``unit`` – each enterprise over all its rows, earlier years
    first; ``sale`` – the maker and buyer of one sale share it, in proportion."""
    counted = [r for r in rows if r["status"] in ("due", "pipeline")]
    key = "enterprise_uscc" if scope == "unit" else "item_id"
    groups: dict[str, list[dict]] = {}
    for r in counted:
        groups.setdefault(r[key], []).append(r)
    for group in groups.values():
        if scope == "unit":
            left = cap
            for r in sorted(group, key=lambda r: (r["year_due"] or 9999, r["item_id"])):
                paid = min(round_money(r["uncapped"]), left)
                r["entitlement"], left = paid, left - paid
                r["cap_applied"] = r["uncapped"] - paid
        else:
            total = sum((r["uncapped"] for r in group), ZERO)
            if total <= cap:
                continue
            shares = [round_money(cap * r["uncapped"] / total) for r in group[:-1]]
            shares.append(cap - sum(shares, ZERO))  # the last takes the remainder: sums to the cap
            for r, paid in zip(group, shares, strict=True):
                r["entitlement"], r["cap_applied"] = paid, r["uncapped"] - paid


def assess(
    projects: pd.DataFrame | None,
    first_sets: pd.DataFrame | None = None,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """Every item under every rule that concerns it, with :data:`ENTITLEMENT_COLUMNS`.

    ``projects`` and ``first_sets`` are typed as by
    :func:`luoyang_analysis.deliveries.projects.prepare`; ``as_of`` is the date the
    assessment stands at (None: every dated completion counts as done).
    """
    settings = settings or default_policy().settings()
    policy: Policy = settings.policy
    tables = {"projects": projects, "first_sets": first_sets}
    rows: list[dict] = []
    for rule in policy.rules.values():
        table = tables[rule.applies_to]
        if table is None or rule.scope == "none":
            continue
        skip_for = [r for r in policy.rules.values() if r.replaces == rule.id]
        in_scope = SCOPES[rule.scope]
        these = []
        for _, row in table.iterrows():
            if not in_scope(row) or any(SCOPES[r.scope](row) for r in skip_for):
                continue
            result = _assess_row(rule, row, settings, as_of, lang)
            these.append(
                {
                    "rule_id": rule.id,
                    **_item(rule, row),
                    "enterprise_uscc": row["uscc"],
                    "enterprise_name": row.get("enterprise_name") or "",
                    "county_code": row["county_code"],
                    **result,
                }
            )
        cap = settings.get(rule.id, "cap")
        if rule.computed and rule.cap_per == "unit" and cap is not None:
            _cap_per_unit(these, cap, settings.get(rule.id, "cap_scope") or "unit")
        rows += these
    for r in rows:
        r["reason"] = _reason(r["reason_code"], lang, **r.pop("fields"))
        if r["status"] == "excluded":
            r["year_due"] = None  # never payable: no year
    frame = pd.DataFrame(rows, columns=ENTITLEMENT_COLUMNS).astype(object)
    frame = frame.where(frame.notna(), None)
    frame["year_due"] = frame["year_due"].astype("Int64")
    return frame


# --------------------------------------------------------------------------- totals


def _sum(values) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def totals(entitlements: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Amounts due and in the pipeline, and the number of items, per ``by`` (exact sums)."""
    keys = [by] if isinstance(by, str) else list(by)
    out = []
    for key, group in entitlements.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        due = group[group["status"] == "due"]
        pipe = group[group["status"] == "pipeline"]
        out.append(
            {
                **dict(zip(keys, key, strict=True)),
                "due": _sum(due["entitlement"]),
                "pipeline": _sum(pipe["entitlement"]),
                "n_due": len(due),
                "n_pipeline": len(pipe),
                "n_excluded": int((group["status"] == "excluded").sum()),
                "n_flagged": int(group["status"].isin(("flagged", "open")).sum()),
            }
        )
    return pd.DataFrame(
        out, columns=[*keys, "due", "pipeline", "n_due", "n_pipeline", "n_excluded", "n_flagged"]
    )


def by_year(
    entitlements: pd.DataFrame, settings: Settings, with_budget: bool = True
) -> pd.DataFrame:
    """Outlays per year (due and pipeline) against the budget where one was given (the city's
    budget: ``with_budget=False`` for one county's rows)."""
    dated = entitlements[entitlements["year_due"].notna()]
    frame = totals(dated, "year_due").rename(columns={"year_due": "year"})
    budget = {y: settings.budget(y) for y in settings.budget_years()} if with_budget else {}
    years = sorted(set(frame["year"].astype(int)) | {y for y, b in budget.items() if b is not None})
    frame = frame.set_index(frame["year"].astype(int)).reindex(years)
    frame["year"] = years
    for col in ("due", "pipeline"):
        frame[col] = [v if isinstance(v, Decimal) else ZERO for v in frame[col]]
    frame["budget"] = [budget.get(y) for y in years]
    frame["balance"] = [
        b - d if b is not None else None for b, d in zip(frame["budget"], frame["due"], strict=True)
    ]
    return frame.reset_index(drop=True)[["year", "due", "pipeline", "budget", "balance"]]


def largest(entitlements: pd.DataFrame, n: int = 10, status: str = "due") -> pd.DataFrame:
    """The ``n`` largest entitlements of a status, largest first; among equal (capped) amounts,
    the largest before the cap first."""
    rows = entitlements[entitlements["status"] == status]
    order = sorted(
        rows.index,
        key=lambda i: (-rows.at[i, "entitlement"], -rows.at[i, "uncapped"], rows.at[i, "item_id"]),
    )
    return rows.loc[order[:n]]


def pipeline_by_county_year(entitlements: pd.DataFrame) -> pd.DataFrame:
    """The pipeline per county: the amount expected in each year (a column per year, then
    ``undated`` for items with no expected year yet, e.g. a project with no completion date),
    the county's ``pipeline`` total and its number of items ``n_pipeline`` (exact sums)."""
    rows = entitlements[entitlements["status"] == "pipeline"]
    years = sorted({int(y) for y in rows["year_due"].dropna()})
    out = []
    for county, group in rows.groupby("county_code", sort=True):
        dated = group["year_due"]
        amounts = {y: _sum(group.loc[dated == y, "entitlement"]) for y in years}
        out.append(
            {
                "county_code": county,
                **amounts,
                "undated": _sum(group.loc[dated.isna(), "entitlement"]),
                "pipeline": _sum(group["entitlement"]),
                "n_pipeline": len(group),
            }
        )
    return pd.DataFrame(out, columns=["county_code", *years, "undated", "pipeline", "n_pipeline"])


LEFT_OUT = ("excluded", "flagged", "open")


def left_out_by_reason(entitlements: pd.DataFrame, examples: int = 3) -> pd.DataFrame:
    """The items left out of the totals (excluded, 一事一议, rate not set) grouped by rule, status
    and reason, in the rules' order: ``n`` rows and the first ``examples`` distinct items
    (``examples``: a list of (item_id, item_name))."""
    rows = entitlements[entitlements["status"].isin(LEFT_OUT)]
    out = []
    keys = ["rule_id", "status", "reason_code"]
    for key, group in rows.groupby(keys, sort=False):
        items = dict(zip(group["item_id"], group["item_name"], strict=True))
        first = list(items.items())[:examples]
        out.append({**dict(zip(keys, key, strict=True)), "n": len(group), "examples": first})
    return pd.DataFrame(out, columns=[*keys, "n", "examples"])


def for_county(entitlements: pd.DataFrame, county_code: str) -> pd.DataFrame:
    return entitlements[entitlements["county_code"] == county_code]


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with money as fixed two-decimal text (for CSV and the terminal)."""
    out = frame.copy()
    for col in (*MONEY_COLUMNS, "due", "pipeline", "budget", "balance"):
        if col in out.columns:
            out[col] = [f"{v:.2f}" if isinstance(v, Decimal) else "" for v in out[col]]
    if "rate" in out.columns:
        out["rate"] = [str(v) if v is not None else "" for v in out["rate"]]
    return out
