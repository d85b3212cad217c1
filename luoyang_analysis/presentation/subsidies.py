"""扶持资金测算: the subsidy estimate as report sections and a chart.

:func:`setup` reads the inputs (the delivery's projects register and 首台（套）
sales, or files given) and runs the calculator once; the section functions turn
that into escaped HTML for ``notebooks/subsidies.ipynb``; :func:`display` and
:func:`parameters_table` are the tables in the reader's language that the sections
and the workbook (:mod:`luoyang_analysis.presentation.subsidies_workbook`, which
writes ``subsidies.xlsx``) share. :func:`county_section` is the short section a
county's report can show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.policy import Settings, default_policy
from luoyang_analysis.catalogue.units import get_unit
from luoyang_analysis.deliveries import projects as inputs
from luoyang_analysis.exceptions import LuoyangError
from luoyang_analysis.gaps import subsidies as calc
from luoyang_analysis.presentation import fonts, style
from luoyang_analysis.presentation.tables import frame_to_html

#: How many items the report lists where the workbook lists all: the largest amounts due and
#: in the pipeline; and examples per group of items left out.
LARGEST = 10
EXAMPLES = 3
#: The workbook's sheets the report sends its reader to (i18n ``subsidies.sheet_<key>``).
SHEETS = ("items", "rules", "counties", "years", "parameters")
#: The registers of a delivery the estimate reads: the projects, the 首台（套） sales and the
#: budget line.
INPUT_KINDS = ("projects", "first_sets", "budget")


@dataclass(frozen=True)
class Estimate:
    """One run of the calculator: its settings, the as-of date and the rows (None: no register)."""

    year: int | None
    lang: str
    settings: Settings
    entitlements: pd.DataFrame | None
    inputs: tuple[Path, ...] = ()

    @property
    def as_of(self) -> dt.date | None:
        return dt.date(self.year, 12, 31) if self.year else None


def input_files(data: Path | None) -> dict[str, Path]:
    """The register files of the delivery the estimate reads (for provenance and digests)."""
    from luoyang_analysis.deliveries.raw import data_files
    from luoyang_analysis.deliveries.register_contract import register_kind

    if data is None:
        return {}
    found = [p for p in data_files(Path(data)) if register_kind(p.stem) in INPUT_KINDS]
    return {p.name: p for p in found}


def setup(
    year: int | None,
    lang: str = "zh",
    data: str | Path | None = None,
    projects: str = "",
    first_sets: str = "",
    assignments: tuple[str, ...] | list[str] = (),
    params_file: str = "",
) -> Estimate:
    """Read the inputs and assess every item as at the end of ``year`` (None: every date).

    A file given (``projects``, ``first_sets``) wins over the delivery's register of its kind,
    which is then not read; the delivery's other registers still are."""
    lang = i18n.check_lang(lang)
    settings = default_policy().settings(assignments, params_file or None)
    table = inputs.read_projects(projects) if projects else None
    sales = inputs.read_first_sets(first_sets) if first_sets else None
    used = [Path(p) for p in (projects, first_sets) if p]
    if data:
        delivered, delivered_sales, budget = inputs.delivery_inputs(Path(data))
        settings = settings.with_delivered_budget(budget)
        read = {"budget"}
        if table is None:
            table, read = delivered, read | {"projects"}
        if sales is None:
            sales, read = delivered_sales, read | {"first_sets"}
        used += [p for p in input_files(Path(data)).values() if _kind(p) in read]
    if table is None and sales is None:
        return Estimate(year, lang, settings, None)
    as_of = dt.date(int(year), 12, 31) if year else None
    rows = calc.assess(table, sales, settings, as_of, lang)
    return Estimate(year, lang, settings, rows, tuple(used))


def _kind(path: Path) -> str | None:
    from luoyang_analysis.deliveries.register_contract import register_kind

    return register_kind(path.stem)


# ------------------------------------------------------------------ display tables


def _county(code: str, lang: str) -> str:
    try:
        return get_unit(code).name(lang)
    except LuoyangError:
        return code


def _money(value) -> str:
    return f"{value:,.2f}" if isinstance(value, Decimal) else ""


def display(frame: pd.DataFrame, lang: str, sheet: bool = False) -> pd.DataFrame:
    """A calculator table with names and headings in ``lang``; money and rates as text, or
    (``sheet``) kept as numbers for a workbook."""
    t = i18n.group("subsidies", lang)
    policy = default_policy()
    out = frame.copy()
    if "rule_id" in out:
        out["rule_id"] = [policy.rule(r).name(lang) for r in out["rule_id"]]
    if "county_code" in out:
        out["county_code"] = [f"{c} {_county(c, lang)}" for c in out["county_code"]]
    if "status" in out:
        out["status"] = [t[f"status_{s}"] for s in out["status"]]
    if "role" in out:
        out["role"] = [t[f"role_{r}"] if r else "" for r in out["role"]]
    for col in (*calc.MONEY_COLUMNS, "due", "pipeline", "budget", "balance"):
        if col in out:
            out[col] = list(out[col]) if sheet else [_money(v) for v in out[col]]
    if "rate" in out and not sheet:
        out["rate"] = [f"{(v * 100).normalize():f}%" if v is not None else "" for v in out["rate"]]
    if "year_due" in out:
        # A pipeline project with no completion date has no year yet: say so, a blank reads as
        # a cell lost. The workbook keeps the cell empty, so the column stays numbers.
        unset = None if sheet else t["year_unset"]
        out["year_due"] = [int(y) if pd.notna(y) else unset for y in out["year_due"]]
    out = out.drop(columns=["reason_code"], errors="ignore")
    return out.rename(columns={c: t[f"col_{c}"] for c in out.columns if f"col_{c}" in t})


def parameters_table(settings: Settings, lang: str) -> pd.DataFrame:
    """Every parameter that differs from the text: key, the text's value, this run's."""
    t = i18n.group("subsidies", lang)
    unset = i18n.text("policy.unset", lang)
    rows = [
        (k, unset if a is None else str(a), unset if b is None else str(b))
        for k, a, b in settings.differences()
    ]
    return pd.DataFrame(rows, columns=[t["col_parameter"], t["col_text_value"], t["col_run_value"]])


# ------------------------------------------------------------------ sections


def _h(level: int, key: str, lang: str, **fields) -> str:
    return f"<h{level}>{escape(i18n.text('subsidies.' + key, lang, **fields))}</h{level}>"


def _p(key: str, lang: str, **fields) -> str:
    return f"<p>{escape(i18n.text('subsidies.' + key, lang, **fields))}</p>"


def _table(frame: pd.DataFrame, lang: str) -> str:
    shown = display(frame, lang)
    t = i18n.group("subsidies", lang)
    numeric = tuple(
        t[f"col_{c}"] for c in frame.columns if f"col_{c}" in t and c not in _TEXT_COLUMNS
    )
    nowrap = tuple(
        t[f"col_{c}"] for c in ("item_id", "status", "role", "county_code") if c in frame.columns
    )
    return f'<div class="subsidies">{frame_to_html(shown, numeric, nowrap)}</div>'


def summary_section(est: Estimate) -> str:
    """一、合计: the totals by rule, and the parameters that differ from the text."""
    lang = est.lang
    if est.entitlements is None:
        return (
            _h(2, "summary", lang)
            + f'<p class="callout">{escape(i18n.text("subsidies.no_register", lang))}</p>'
        )
    rows = est.entitlements
    due = calc._sum(rows.loc[rows["status"] == "due", "entitlement"])
    pipeline = calc._sum(rows.loc[rows["status"] == "pipeline", "entitlement"])
    out = _h(2, "summary", lang) + _p(
        "intro", lang, as_of=est.as_of or "—", due=_money(due), pipeline=_money(pipeline)
    )
    out += _table(calc.totals(rows, "rule_id"), lang)
    out += _p("workbook_note", lang, **{k: i18n.text(f"subsidies.sheet_{k}", lang) for k in SHEETS})
    diff = parameters_table(est.settings, lang)
    out += _h(3, "parameters", lang)
    out += frame_to_html(diff) if not diff.empty else _p("parameters_same", lang)
    return out


def counties_section(est: Estimate) -> str:
    if est.entitlements is None:
        return ""
    return _h(2, "by_county", est.lang) + _table(
        calc.totals(est.entitlements, "county_code"), est.lang
    )


def outlays_chart(frame: pd.DataFrame, lang: str):
    """Bars of outlays due (and pipeline) per year; the budget as a line where given."""
    import matplotlib.pyplot as plt

    if frame.empty:
        return None
    fonts.configure_matplotlib()
    t = i18n.group("subsidies", lang)
    years = [int(y) for y in frame["year"]]
    due = [float(v) for v in frame["due"]]
    pipe = [float(v) for v in frame["pipeline"]]
    fig, ax = plt.subplots(figsize=(9, 3.6))
    ax.bar(years, due, color=style.ACCENT, label=t["status_due"])
    ax.bar(years, pipe, bottom=due, color="#bbbbbb", label=t["status_pipeline"])
    budget = [(y, float(b)) for y, b in zip(years, frame["budget"], strict=True) if b is not None]
    if budget:
        # Black and over the bars: a budget below the year's outlays stays visible.
        ax.plot(
            *zip(*budget, strict=True),
            color="black",
            marker="_",
            markersize=34,
            markeredgewidth=2.5,
            linestyle="",
            zorder=3,
            label=t["col_budget"],
        )
    ax.set_xticks(years)
    ax.set_ylabel(t["money_unit"])
    ax.legend(fontsize=8, frameon=False, markerscale=0.4)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def years_section(est: Estimate) -> str:
    if est.entitlements is None:
        return ""
    from luoyang_analysis.presentation.sections import figure_html

    frame = calc.by_year(est.entitlements, est.settings)
    note = "" if frame["budget"].notna().any() else _p("no_budget", est.lang)
    return (
        _h(2, "by_year", est.lang)
        + figure_html(outlays_chart(frame, est.lang))
        + note
        + _table(frame, est.lang)
    )


_ITEM = ["rule_id", "item_id", "item_name", "county_code"]
#: The columns of text, left-aligned; every other column of a table is a number.
_TEXT_COLUMNS = {*_ITEM, "enterprise_uscc", "role", "status", "reason"}


def _rule_tables(rows: pd.DataFrame, columns: list[str], lang: str) -> str:
    """One table per rule, in the rows' order, under the rule's name (a rule column would
    squeeze every row). A 首台（套） sale has a row per unit: its table names the unit and its
    role, and says how the cap on a unit's total was applied."""
    policy = default_policy()
    out = ""
    for rule_id in dict.fromkeys(rows["rule_id"]):
        rule, group = policy.rule(rule_id), rows[rows["rule_id"] == rule_id]
        cols = [c for c in columns if c != "rule_id"]
        if rule.applies_to == "first_sets":
            cols[2:2] = ["enterprise_uscc", "role"]
        out += f"<h3>{escape(rule.name(lang))}</h3>" + _table(group[cols], lang)
        capped = group[group["cap_applied"].map(lambda v: bool(v and v > 0))]
        if rule.cap_per == "unit" and not capped.empty:
            out += _p("unit_cap_note", lang, cap=_money(capped["cap"].iloc[0]))
    return out


def _top(est: Estimate, key: str, status: str, columns: list[str], per_rule: bool = False) -> str:
    """The :data:`LARGEST` largest rows of a status (``per_rule``: of each rule), after a
    sentence giving how many there are and where the rest is (the workbook's sheet of every
    item)."""
    rows = est.entitlements[est.entitlements["status"] == status]
    if rows.empty:
        return _p("none", est.lang)
    sheet = i18n.text("subsidies.sheet_items", est.lang)
    if not per_rule:
        top = calc.largest(est.entitlements, LARGEST, status)
        intro = _p(key, est.lang, n=len(rows), shown=len(top), sheet=sheet)
    else:
        # Per rule: a county's 首台（套） awards (at most 500 per unit) would never reach a top
        # 10 of projects capped at 1000, yet they are a programme of their own.
        top = pd.concat(
            calc.largest(group, LARGEST, status) for _, group in rows.groupby("rule_id", sort=False)
        )
        status_name = i18n.text(f"subsidies.status_{status}", est.lang)
        intro = _p(key, est.lang, status=status_name, n=len(rows), k=LARGEST, shown=len(top))
    return intro + _rule_tables(top, columns, est.lang)


_LARGEST_COLUMNS = [*_ITEM, "uncapped", "cap_applied", "entitlement", "year_due"]
_PIPELINE_COLUMNS = [*_ITEM, "uncapped", "entitlement", "year_due", "reason"]


def largest_section(est: Estimate) -> str:
    if est.entitlements is None:
        return ""
    return _h(2, "largest", est.lang) + _top(est, "largest_intro", "due", _LARGEST_COLUMNS)


def pipeline_section(est: Estimate) -> str:
    """The pipeline per county and year it is expected, then its largest items."""
    if est.entitlements is None:
        return ""
    lang, t = est.lang, i18n.group("subsidies", est.lang)
    out = _h(2, "pipeline", lang)
    frame = calc.pipeline_by_county_year(est.entitlements)
    if frame.empty:
        return out + _p("none", lang)
    years = [c for c in frame.columns if isinstance(c, int)]
    amounts = {y: t["col_year_amount"].format(year=y) for y in years}
    shown = frame.copy()
    for col in (*years, "undated"):
        shown[col] = [_money(v) for v in shown[col]]
    shown = display(shown, lang).rename(columns={**amounts, "undated": t["col_undated"]})
    numeric = tuple(c for c in shown.columns if c != t["col_county_code"])
    table = frame_to_html(shown, numeric)
    out += _p("pipeline_by_county", lang) + f'<div class="subsidies">{table}</div>'
    pipeline = _top(est, "pipeline_intro", "pipeline", _PIPELINE_COLUMNS)
    return out + _h(3, "pipeline_top", lang) + pipeline


def excluded_section(est: Estimate) -> str:
    """Items left out of the totals (excluded, 一事一议, rate not set), grouped by rule and
    reason with a count and a few examples."""
    if est.entitlements is None:
        return ""
    return _h(2, "excluded", est.lang) + _left_out(est)


def _left_out(est: Estimate) -> str:
    lang, t = est.lang, i18n.group("subsidies", est.lang)
    groups = calc.left_out_by_reason(est.entitlements, EXAMPLES)
    if groups.empty:
        return _p("none", lang)
    shown = pd.DataFrame(
        {
            "rule_id": groups["rule_id"],
            "reason": [t[f"why_{c}"] for c in groups["reason_code"]],
            "n": groups["n"],
            "examples": ["；".join(f"{i} {n}".strip() for i, n in e) for e in groups["examples"]],
        }
    )
    shown = display(shown, lang)
    sheet = t["sheet_items"]
    intro = _p("excluded_intro", lang, n=int(groups["n"].sum()), k=EXAMPLES, sheet=sheet)
    table = frame_to_html(shown, (t["col_n"],), (t["col_n"],))
    return intro + f'<div class="subsidies">{table}</div>'


def rules_section(est: Estimate) -> str:
    """The rules with their sentences, and the points the text leaves open."""
    lang = est.lang
    items = []
    for r in default_policy().rules.values():
        note = i18n.field(r, "note", lang)
        items.append(
            f"<li><strong>{escape(r.name(lang))}</strong>（{escape(r.source.section)}）："
            f"「{escape(' '.join(r.source.quote.split()))}」"
            + (f"<br><em>{escape(' '.join(note.split()))}</em>" if note else "")
            + "</li>"
        )
    return _h(2, "rules", lang) + f"<ul>{''.join(items)}</ul>"


def county_section(
    entitlements: pd.DataFrame | None,
    unit_code: str,
    lang: str = "zh",
    as_of: dt.date | None = None,
) -> str:
    """A county report's short section, the city report's parts for one county: its totals
    by rule and by year, its largest amounts due and in the pipeline (per rule), the items
    left out grouped by reason, and where every item is ("" without a projects register)."""
    if entitlements is None:
        return ""
    rows = calc.for_county(entitlements, unit_code)
    out = _h(2, "county_heading", lang)
    if rows.empty:
        return out + _p("none", lang)
    est = Estimate(None, lang, default_policy().settings(), rows)
    due = calc._sum(rows.loc[rows["status"] == "due", "entitlement"])
    pipeline = calc._sum(rows.loc[rows["status"] == "pipeline", "entitlement"])
    # Due and pipeline per year, undated pipeline last (its year shown as not set).
    payable = rows[rows["status"].isin(("due", "pipeline"))]
    years = calc.totals(payable, "year_due")[["year_due", "due", "pipeline", "n_due", "n_pipeline"]]
    columns = [c for c in _ITEM if c != "county_code"]
    t = i18n.group("subsidies", lang)
    return (
        out
        + _p("county_intro", lang, as_of=as_of or "—", due=_money(due), pipeline=_money(pipeline))
        + _table(calc.totals(rows, "rule_id"), lang)
        + _h(3, "county_by_year", lang)
        + _p("county_years_note", lang)
        + _table(years, lang)
        + _h(3, "county_largest", lang)
        + _top(est, "county_top_intro", "due", [*columns, *_LARGEST_COLUMNS[4:]], per_rule=True)
        + _h(3, "pipeline_top", lang)
        + _top(est, "county_top_intro", "pipeline", [*columns, *_PIPELINE_COLUMNS[4:]], True)
        + _h(3, "county_excluded", lang)
        + _left_out(est)
        + _p(
            "county_workbook",
            lang,
            sheet=t["sheet_items"],
            column=t["col_county_code"],
            county=f"{unit_code} {_county(unit_code, lang)}",
        )
    )


def county_report_section(
    unit_code: str, year: int, data: str | Path = "", lang: str = "zh"
) -> str:
    """The section of a county's report for ``year``: the delivery's projects (``data``, else
    the newest delivery) assessed as at the end of that year."""
    from luoyang_analysis.deliveries.processed import resolve_data

    est = setup(year, lang, resolve_data(data or None))
    return county_section(est.entitlements, unit_code, lang, est.as_of)


__all__ = ["Estimate", "setup", "county_section", "county_report_section"]
