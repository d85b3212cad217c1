"""The sections of the report notebooks, each one escaped HTML block: notebooks only display them.

:func:`setup` reads what a county or city report needs (the processed rows the batch
hands over, or the default delivery when a notebook is run by hand) and computes its
gap tables once; the section functions turn that context into HTML. Charts are
embedded as PNG ``data:`` URIs, so a section is self-contained.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from luoyang_analysis import gaps, i18n, paths
from luoyang_analysis.catalogue.targets import Catalogue, CheckResult, default_catalogue
from luoyang_analysis.catalogue.units import Unit, get_unit
from luoyang_analysis.deliveries import processed
from luoyang_analysis.deliveries.registers import DATABASE_NAME
from luoyang_analysis.gaps import metrics
from luoyang_analysis.presentation import assessment, charts, tables
from luoyang_analysis.presentation.names import Names, appendix_html, database_names

FIRST_YEAR = 2016
CHART_WIDTH = 900


@dataclass(frozen=True)
class Context:
    """One report's unit, year, language and gap tables."""

    unit: Unit
    year: int
    lang: str
    catalogue: Catalogue
    history: pd.DataFrame  # the unit's gap rows, every year up to ``year``
    current: pd.DataFrame  # the unit's gap rows in ``year``
    all_units: pd.DataFrame | None  # every unit's gap rows in ``year`` (city overview only)
    year_has_data: bool = True  # a figure for ``year`` was delivered (the city: by any unit)
    names: Names = field(default_factory=Names)  # the names behind the counts (registers)


def load_observations(observations: str = "", data: str = "") -> pd.DataFrame:
    """The processed rows handed over by the batch (a path), else those of the delivery
    ``data`` or the newest one, made current first (a notebook run by hand in JupyterLab)."""
    if observations:
        return processed.read_observations(observations)
    return processed.load(data or None)[0]


def database_file(observations: str = "", data: str = "") -> Path:
    """The delivery's database, beside the processed rows handed over (only read, never
    hashed), else that of the delivery ``data`` or the newest, which :func:`load_observations`
    has just made current."""
    if observations:
        path = Path(observations)
        return (path if path.is_absolute() else paths.project_root() / path).parent / DATABASE_NAME
    return processed.processed_dir_for(processed.resolve_data(data or None)) / DATABASE_NAME


def setup(
    unit_code: str,
    year: int,
    lang: str = "zh",
    observations: str = "",
    data: str = "",
    catalogue: Catalogue | None = None,
) -> Context:
    """Read the rows and compute the gap tables of one report (the city's: every unit's too)."""
    lang = i18n.check_lang(lang)
    unit = get_unit(unit_code)
    year = int(year)
    rows = load_observations(observations, data)
    history = metrics.unit_history(rows, unit.code, range(FIRST_YEAR, year + 1))
    return Context(
        unit=unit,
        year=year,
        lang=lang,
        catalogue=catalogue or default_catalogue(),
        history=history,
        current=history[history["year"] == year],
        all_units=gaps.compute_all(rows, year) if unit.is_city else None,
        year_has_data=bool(
            ((rows["year"] == year) & (unit.is_city | (rows["unit_code"] == unit.code))).any()
        ),
        names=database_names(database_file(observations, data), unit.code, year, rows),
    )


def _heading(level: int, key: str, lang: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<h{level}{cls}>{escape(i18n.text(key, lang))}</h{level}>"


def figure_html(fig) -> str:
    """A matplotlib figure as an ``<img>`` with the PNG inline; "" for no figure."""
    if fig is None:
        return ""
    data = base64.b64encode(charts.to_png(fig)).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" width="{CHART_WIDTH}">'


def _year_without_data(ctx: Context) -> str:
    """A line saying that the report's year has no figure at all, when it has none."""
    if ctx.year_has_data:
        return ""
    return f'<p class="coverage">{escape(i18n.text("assess.coverage_year_empty", ctx.lang, year=ctx.year))}</p>'


def summary_section(ctx: Context) -> str:
    """一、总体情况: the counts, the verdicts that depend on the reading, the plans side by side,
    the largest gaps, the departments."""
    lang, cur = ctx.lang, ctx.current
    return (
        _heading(2, "assess.summary", lang)
        + _year_without_data(ctx)
        + assessment.coverage_html(cur, ctx.catalogue, lang)
        + assessment.summary_html(cur, lang)
        + _heading(3, "assess.readings", lang)
        + assessment.readings_html(cur, ctx.catalogue, lang)
        + _heading(3, "assess.by_plan", lang)
        + assessment.by_plan_html(cur, ctx.catalogue, lang)
        + _heading(3, "assess.largest", lang)
        + assessment.largest_gaps_html(cur, 5, lang)
        + _heading(3, "assess.departments", lang)
        + assessment.departments_html(cur, lang)
    )


def counties_section(ctx: Context) -> str:
    """The city overview's counties: status map, ranking, contributions to count targets."""
    if ctx.all_units is None:
        return ""
    lang, all_units = ctx.lang, ctx.all_units
    out = _heading(2, "assess.heatmap", lang)
    if not metrics.county_figures(all_units):
        return out + f"<p>{escape(i18n.text('assess.no_counties', lang))}</p>"
    out += figure_html(charts.status_heatmap(all_units, lang))
    out += _heading(3, "assess.ranking", lang) + assessment.ranking_html(all_units, lang)
    contrib = metrics.contributions_table(all_units, lang)
    if not contrib.empty:
        out += _heading(3, "assess.contrib_title", lang) + assessment.contributions_html(contrib)
    return out


def plan_section(ctx: Context, plan: str) -> str:
    """One plan: numbered heading (二、 after the summary's 一、), path charts, gap table."""
    lang = ctx.lang
    number = list(ctx.catalogue.plans).index(plan) + 2
    heading = i18n.text(
        "assess.plan_heading",
        lang,
        numeral=i18n.numeral(number, lang),
        name=ctx.catalogue.plans[plan].name(lang),
    )
    body = figure_html(
        charts.indicator_paths(ctx.history, ctx.catalogue, plan, ctx.year, lang)
    ) + assessment.plan_table_html(
        ctx.current, ctx.catalogue, plan, lang, names_href=ctx.names.hrefs()
    )
    if not body:  # a heading over a blank page reads as a page lost
        body = f"<p>{escape(i18n.text('assess.plan_no_targets', lang, year=ctx.year))}</p>"
    return f'<h2 class="plan">{escape(heading)}</h2>' + body


def subsidies_section(ctx: Context, data: str = "") -> str:
    """A county's projects' entitlements under the 扶持政策 as at the end of the report's year
    ("" when the delivery has no projects register)."""
    from luoyang_analysis.presentation import subsidies

    return subsidies.county_report_section(ctx.unit.code, ctx.year, data, ctx.lang)


def names_section(ctx: Context) -> str:
    """The appendix: per count target, the named enterprises, projects or items behind it."""
    return appendix_html(ctx.names, ctx.lang)


# ------------------------------------------------------------------ targets overview


def overview_summary_section(catalogue: Catalogue, check: CheckResult, lang: str = "zh") -> str:
    """The opening paragraph and the table of plans."""
    lab = i18n.labels(lang)
    numeric = (lab["indicators"], lab["quantitative"], lab["qualitative"])
    return tables.overview_intro_html(catalogue, check, lang) + tables.frame_to_html(
        tables.plan_summary(catalogue, lang), numeric=numeric
    )


def overview_plan_section(catalogue: Catalogue, plan: str, lang: str = "zh") -> str:
    """One plan's targets: the milestone charts, every target with its source, the readings."""
    out = f"<h2>{escape(catalogue.plans[plan].name(lang))}</h2>"
    out += figure_html(charts.target_paths(catalogue, plan, lang))
    out += tables.targets_table_html(catalogue, plan, lang)
    notes = tables.assumptions_html(catalogue, plan, lang)
    if notes:
        out += _heading(3, "overview.assumptions", lang) + notes
    return out


def overview_disagreements_section(
    catalogue: Catalogue, check: CheckResult, lang: str = "zh"
) -> str:
    """Where the source text disagrees with itself."""
    return _heading(2, "overview.disagreements", lang) + tables.check_html(check, catalogue, lang)
