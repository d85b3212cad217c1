"""The final evaluation (终期评估): every milestone of the text, 2017–2020, judged once.

A milestone is a target of the text for one year (a row of the gap table whose
year is its target year). Its outcome for a unit:

- ``on_time``: achieved in its year;
- ``late``: missed in its year, met in a later year of the data by the same measure
  (a cumulative count, a level, a reduction against the base year or a deadline
  reached after it); a target for one year's figure alone cannot be met later;
- ``not_met``: missed, and not met later either;
- ``not_assessable``: no data in its year, or a county share of a city total with
  no county target (the county report shows it as a contribution).

The outcome is judged against the full figure, also for a target the text calls
「基本实现…」 (100 % is met). For such a target ``basically_in`` records besides the
first year, from its milestone on, in which it reached BASICALLY_ACHIEVED_SHARE of the
figure (基本完成), and ``basically_value`` the figure of that year: 98.2 % in 2018 and
100 % in 2020 read 「2018年基本完成（98.2%，≥95%），2020年全面完成」, outcome ``late``.

Every figure comes from :mod:`luoyang_analysis.gaps` (``compute_unit_years``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from luoyang_analysis import gaps, i18n
from luoyang_analysis.catalogue.readings import BASICALLY_ACHIEVED_SHARE
from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue
from luoyang_analysis.catalogue.units import Unit, get_unit
from luoyang_analysis.gaps import metrics
from luoyang_analysis.presentation import assessment, charts, tables
from luoyang_analysis.presentation.sections import FIRST_YEAR, figure_html, load_observations

OUTCOMES = ("on_time", "late", "not_met", "not_assessable")
#: The colour of each outcome: the status colour it corresponds to.
OUTCOME_STATUS = {
    "on_time": "achieved",
    "late": "needs_acceleration",
    "not_met": "not_achieved",
    "not_assessable": "no_data",
}
OUTCOME_COLUMNS = [
    "indicator_id",
    "plan",
    "milestone",
    "target_value",
    "comparison",
    "accumulation",
    "actual_at_milestone",
    "outcome",
    "met_in",
    "basically",
    "basically_in",
    "basically_value",
    "why",
    "latest_year",
    "latest_value",
    "responsible_units",
]


def milestone_outcomes(
    history: pd.DataFrame, catalogue: Catalogue | None = None, tolerance: float | None = None
) -> pd.DataFrame:
    """One row per milestone of one unit's ``history`` (its gap rows of every year), with its outcome.

    ``why`` is a key of the ``final`` i18n group for the outcomes that need a reason
    (``why_yearly``, ``why_no_data``, ``why_contribution``, ``pending``), else "".
    """
    catalogue = catalogue or default_catalogue()
    tol = gaps.Thresholds().tolerance if tolerance is None else tolerance
    last = int(history["year"].max()) if len(history) else FIRST_YEAR
    marks = history[
        (history["year"] == history["target_year"])
        & history["target_kind"].isin(("milestone", "contribution"))
    ]
    rows = []
    for _, m in marks.sort_values(["plan", "indicator_id", "year"]).iterrows():
        ind = catalogue.indicator(m["indicator_id"])
        later = history[
            (history["indicator_id"] == m["indicator_id"])
            & (history["year"] > m["year"])
            & (history["accumulation"] == m["accumulation"])
        ].sort_values("year")
        outcome, met_in, why = "not_met", None, ""
        if m["target_kind"] == "contribution":
            outcome, why = "not_assessable", "why_contribution"
        elif m["status"] == "achieved":
            outcome, met_in = "on_time", int(m["year"])
        elif m["status"] == "no_data":
            outcome, why = "not_assessable", "why_no_data"
        elif m["accumulation"] == "yearly":
            why = "why_yearly"
        else:
            met = [
                int(r["year"])
                for _, r in later.iterrows()
                if gaps.is_met(
                    r["actual_value"], m["target_value"], m["comparison"], ind.direction, tol
                )
            ]
            if met:
                outcome, met_in = "late", met[0]
            else:
                why = "pending"
        target = ind.target_for(int(m["year"]))
        basically = bool(target is not None and target.basically)
        basically_in, basically_value = (
            _first_basically(m, later, ind.direction, tol)
            if basically and outcome != "not_assessable"
            else (None, None)
        )
        same = history[
            (history["indicator_id"] == m["indicator_id"])
            & (history["year"] >= m["year"])
            & (history["accumulation"] == m["accumulation"])
        ]
        latest = same.dropna(subset=["actual_value"]).sort_values("year").tail(1)
        rows.append(
            {
                "indicator_id": m["indicator_id"],
                "plan": m["plan"],
                "milestone": int(m["year"]),
                "target_value": m["target_value"],
                "comparison": m["comparison"],
                "accumulation": m["accumulation"],
                "actual_at_milestone": m["actual_value"],
                "outcome": outcome,
                "met_in": met_in,
                "basically": basically,
                "basically_in": basically_in,
                "basically_value": basically_value,
                "why": why,
                "latest_year": int(latest["year"].iloc[0]) if len(latest) else None,
                "latest_value": float(latest["actual_value"].iloc[0]) if len(latest) else None,
                "responsible_units": m["responsible_units"],
                "_last": last,
            }
        )
    frame = pd.DataFrame(rows, columns=[*OUTCOME_COLUMNS, "_last"])
    for col in ("met_in", "basically_in", "latest_year"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _first_basically(
    m: pd.Series, later: pd.DataFrame, direction: str, tol: float
) -> tuple[int | None, float | None]:
    """The first year, from the milestone on, at BASICALLY_ACHIEVED_SHARE of the figure, and its value."""
    # A yearly figure counts in its own year only, as for ``late``.
    path = [m] + ([] if m["accumulation"] == "yearly" else [r for _, r in later.iterrows()])
    share = BASICALLY_ACHIEVED_SHARE * m["target_value"]
    for r in path:
        if gaps.is_met(r["actual_value"], share, m["comparison"], direction, tol):
            return int(r["year"]), float(r["actual_value"])
    return None, None


def outcome_counts(outcomes: pd.DataFrame) -> dict[str, int]:
    return {o: int((outcomes["outcome"] == o).sum()) for o in OUTCOMES}


@dataclass(frozen=True)
class Evaluation:
    unit: Unit
    lang: str
    catalogue: Catalogue
    history: pd.DataFrame  # the unit's gap rows, 2016 to the last year of data
    outcomes: pd.DataFrame
    last_year: int


def setup(unit_code: str, lang: str = "zh", observations: str = "", data: str = "") -> Evaluation:
    """Read the rows and judge every milestone of one unit (the notebook's one computing call)."""
    lang = i18n.check_lang(lang)
    unit = get_unit(unit_code)
    rows = load_observations(observations, data)
    last = max(int(rows["year"].max()), max(default_catalogue().years()))
    history = metrics.unit_history(rows, unit.code, range(FIRST_YEAR, last + 1))
    catalogue = default_catalogue()
    return Evaluation(
        unit,
        lang,
        catalogue,
        history,
        milestone_outcomes(history, catalogue),
        int(rows["year"].max()),
    )


# ------------------------------------------------------------------ HTML


def _w(lang: str) -> dict[str, str]:
    return i18n.group("final", lang)


def _outcome_badge(outcome: str, lang: str) -> str:
    from luoyang_analysis.presentation import style

    status = OUTCOME_STATUS[outcome]
    return (
        f'<span class="status" style="background:{style.status_colour(status)};'
        f'color:{style.badge_text_colour(status)}">{escape(_w(lang)[outcome])}</span>'
    )


def summary_html(ev: Evaluation) -> str:
    """一、总体评估: outcome counts, per plan, and the coverage of the data."""
    w, lang = _w(ev.lang), ev.lang
    o = ev.outcomes
    counts = outcome_counts(o)
    boxes = "".join(
        f'<div class="kpi"><div class="kpi-n">{counts[k]}</div>'
        f'<div class="kpi-l">{_outcome_badge(k, lang)}</div></div>'
        for k in OUTCOMES
    )
    plan_rows = "".join(
        f"<tr><td>{escape(plan.name(lang))}</td>"
        + "".join(
            f"<td class='num'>{outcome_counts(o[o['plan'] == pid])[k]}</td>" for k in OUTCOMES
        )
        + "</tr>"
        for pid, plan in ev.catalogue.plans.items()
    )
    head = f"<th>{escape(i18n.text('assess.plan', lang))}</th>" + "".join(
        f"<th>{escape(w[k])}</th>" for k in OUTCOMES
    )
    return (
        f"<h2>{escape(w['summary'])}</h2><div class='kpis'>{boxes}</div>"
        + coverage_html(ev)
        + basically_html(ev)
        + f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{plan_rows}</tbody></table>'
    )


def coverage_html(ev: Evaluation) -> str:
    """How many milestones have the unit's data, and how many indicators have data each year."""
    w = _w(ev.lang)
    o = ev.outcomes
    n, n_data = len(o), int(o["actual_at_milestone"].notna().sum())
    share = f"{n_data / n * 100:.0f}%" if n else "—"
    h = ev.history[ev.history["year"] <= ev.last_year]
    per_year = h.dropna(subset=["actual_value"]).groupby("year")["indicator_id"].nunique()
    counts = i18n.join((f"{y}: {c}" for y, c in per_year.items()), ev.lang)
    years = sorted(per_year.index) or [ev.last_year]
    return (
        f"<p>{escape(w['coverage'].format(n=n, n_data=n_data, share=share, first=years[0], last=years[-1]))}"
        f" {escape(w['coverage_years'].format(counts=counts))}</p>"
    )


def _why(r, lang: str, unit: str = "") -> str:
    w = _w(lang)
    if r["outcome"] == "late":
        why = w["met_late_in"].format(year=int(r["met_in"]))
    elif r["why"] == "pending":
        why = w["pending"].format(year=int(r["_last"]))
    else:
        why = w[r["why"]] if r["why"] else ""
    met = int(r["met_in"]) if pd.notna(r["met_in"]) else None
    if pd.isna(r["basically_in"]) or int(r["basically_in"]) == met:
        return why  # never 基本, or 基本 and full in the same year: the outcome says it
    fields = {
        "year": int(r["basically_in"]),
        "value": assessment._value(r["basically_value"], unit),
        "threshold": assessment._value(BASICALLY_ACHIEVED_SHARE * r["target_value"], unit),
    }
    if met is not None:
        return w["basically_then_met"].format(met=met, **fields)
    return w["basically_not_full"].format(rest=why, **fields)


def basically_html(ev: Evaluation) -> str:
    """How many milestones the text calls 「基本实现…」 and how many were at least 基本 in their year."""
    o = ev.outcomes[ev.outcomes["basically"]]
    if o.empty:
        return ""
    k = int((o["basically_in"] == o["milestone"]).sum())
    return f"<p>{escape(_w(ev.lang)['basically_summary'].format(n=len(o), k=k))}</p>"


def plan_html(ev: Evaluation, plan: str) -> str:
    """One plan: the unit's path charts to the last year, then every milestone and its outcome."""
    w, lang = _w(ev.lang), ev.lang
    o = ev.outcomes[ev.outcomes["plan"] == plan]
    heading = f"<h3>{escape(ev.catalogue.plans[plan].name(lang))}</h3>"
    if o.empty:
        return ""
    # The charts draw the indicators with a target in the chart's last year; here every
    # indicator with a milestone is drawn, whatever its last year of target.
    h = ev.history
    drawn = (h["year"] == ev.last_year) & h["indicator_id"].isin(set(o["indicator_id"]))
    h = h.assign(target_kind=h["target_kind"].where(~drawn, "milestone"))
    chart = figure_html(charts.indicator_paths(h, ev.catalogue, plan, ev.last_year, lang))
    body = []
    for _, r in o.iterrows():
        ind = ev.catalogue.indicator(r["indicator_id"])
        unit = ind.unit(lang)
        sign = assessment.SIGNS.get(r["comparison"], "")
        latest = (
            f"{assessment._value(r['latest_value'], unit)} ({int(r['latest_year'])})"
            if pd.notna(r["latest_year"])
            else ""
        )
        body.append(
            "<tr>"
            f"<td>{escape(ind.name(lang))}</td><td class='num'>{r['milestone']}</td>"
            f"<td class='num'>{escape(sign + assessment._value(r['target_value'], unit))}</td>"
            f"<td class='num'>{escape(assessment._value(r['actual_at_milestone'], unit))}</td>"
            f"<td>{_outcome_badge(r['outcome'], lang)}</td>"
            f"<td class='small'>{escape(_why(r, lang, unit))}</td>"
            f"<td class='num'>{escape(latest)}</td>"
            "</tr>"
        )
    t = i18n.group("assess", lang)
    head = tables.header_cells(
        (
            t["indicator"],
            w["milestone"],
            t["target"],
            w["at_milestone"],
            w["outcome"],
            w["met_in"],
            w["latest"],
        )
    )
    return (
        heading
        + chart
        + f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def plans_html(ev: Evaluation) -> str:
    return f"<h2>{escape(_w(ev.lang)['plans'])}</h2>" + "".join(
        plan_html(ev, p) for p in ev.catalogue.plans
    )


def departments_html(ev: Evaluation) -> str:
    """三、按责任单位: each department's milestones by outcome."""
    from luoyang_analysis.presentation.departments import departments

    w, lang = _w(ev.lang), ev.lang
    frame = ev.outcomes.assign(
        department=ev.outcomes["responsible_units"].map(gaps.responsible_unit_list)
    ).explode("department")
    rows = []
    for dept in departments(ev.catalogue):
        c = outcome_counts(frame[frame["department"] == dept.name_zh])
        if sum(c.values()):
            rows.append(
                f"<tr><td>{escape(dept.name(lang))}</td>"
                + "".join(f"<td class='num'>{c[k]}</td>" for k in OUTCOMES)
                + "</tr>"
            )
    head = f"<th>{escape(i18n.text('assess.department', lang))}</th>" + "".join(
        f"<th>{escape(w[k])}</th>" for k in OUTCOMES
    )
    return (
        f"<h2>{escape(w['departments'])}</h2>"
        f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def readings_html(ev: Evaluation) -> str:
    """四、口径说明: the readings of the text the catalogue takes, plan by plan."""
    w = _w(ev.lang)
    out = f"<h2>{escape(w['readings'])}</h2>"
    if ev.outcomes["basically"].any():
        share = f"{BASICALLY_ACHIEVED_SHARE:.0%}"
        out += f"<p>{escape(w['basically_method'].format(share=share))}</p>"
    for pid, plan in ev.catalogue.plans.items():
        notes = tables.assumptions_html(ev.catalogue, pid, ev.lang)
        if notes:
            out += f"<h3>{escape(plan.name(ev.lang))}</h3>{notes}"
    return out


def sections(ev: Evaluation) -> list[str]:
    """The evaluation's sections in order, each one escaped HTML block."""
    return [summary_html(ev), plans_html(ev), departments_html(ev), readings_html(ev)]
