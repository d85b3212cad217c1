"""Department scorecards: what each responsible department of the text must deliver, and where.

The departments are the names of the 责任单位 lines of the catalogue, split and
normalised by :func:`luoyang_analysis.gaps.responsible_unit_list` (the 市 of a list's
first name carries over to the names after it). Each gets an ASCII slug, the file
name of its scorecard: a known name has a fixed slug (the keys of the ``dept`` table
of :mod:`luoyang_analysis.i18n`), any other one a slug made from the digest of its
name, so a slug never comes from a path a user typed. 各县（市、区）人民政府 is one
department whose units are the counties: its scorecard is the counties' own work.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape

import pandas as pd

from luoyang_analysis import gaps, i18n
from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue
from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.gaps import metrics
from luoyang_analysis.presentation import assessment
from luoyang_analysis.presentation.style import STATUS_COLOURS

#: The name of the 责任单位 lines that stands for every county government.
COUNTIES = "各县（市、区）人民政府"
#: Kinds of gap row a scorecard lists (a county's contribution to a city total included).
LISTED_KINDS = (*metrics.ASSESSED_KINDS, "contribution")


@dataclass(frozen=True)
class Department:
    """One responsible department: its slug, normalised name, and the source lines naming it."""

    slug: str
    name_zh: str
    lines: tuple[str, ...]  # every 责任单位 line of the catalogue that names it, verbatim
    indicator_ids: tuple[str, ...]
    qualitative: tuple[str, ...]  # ids of its indicators without a quantitative target

    @property
    def is_counties(self) -> bool:
        return self.name_zh == COUNTIES

    def name(self, lang: str = "zh") -> str:
        """The department's name in ``lang``; a name outside the i18n table keeps its own text."""
        return i18n.group("dept", lang).get(self.slug, self.name_zh)


def slug_for(name_zh: str) -> str:
    """The ASCII file name of a department: its key in the i18n table, else ``dept-<digest>``."""
    known = {v: k for k, v in i18n.group("dept", "zh").items()}
    if name_zh in known:
        return known[name_zh]
    return "dept-" + hashlib.sha256(name_zh.encode("utf-8")).hexdigest()[:10]


def departments(catalogue: Catalogue | None = None) -> list[Department]:
    """Every department named in a 责任单位 line, in the order of the i18n table, then by name."""
    catalogue = catalogue or default_catalogue()
    lines: dict[str, dict[str, None]] = {}
    ids: dict[str, dict[str, None]] = {}
    quant: dict[str, set[str]] = {}
    for ind in catalogue.indicators.values():
        for t in ind.targets:
            for name in gaps.responsible_unit_list(t.responsible_units):
                lines.setdefault(name, {})[t.responsible_units] = None
                ids.setdefault(name, {})[ind.id] = None
                if ind.is_quantitative and t.is_quantitative:
                    quant.setdefault(name, set()).add(ind.id)
    order = list(i18n.group("dept", "zh").values())
    names = sorted(lines, key=lambda n: (order.index(n) if n in order else len(order), n))
    return [
        Department(
            slug_for(n),
            n,
            tuple(lines[n]),
            tuple(ids[n]),
            tuple(i for i in ids[n] if i not in quant.get(n, set())),
        )
        for n in names
    ]


def get_department(slug: str, catalogue: Catalogue | None = None) -> Department:
    """The department of a slug; a clear error naming the known slugs otherwise."""
    found = {d.slug: d for d in departments(catalogue)}
    if slug not in found:
        raise ParameterError(f"unknown department {slug!r}; use one of {', '.join(found)}.")
    return found[slug]


def department_rows(all_gaps: pd.DataFrame, dept: Department) -> pd.DataFrame:
    """The gap rows (every unit) of the targets ``dept`` is responsible for, listed kinds only."""
    rows = gaps.by_department(all_gaps)
    rows = rows[(rows["department"] == dept.name_zh) & rows["target_kind"].isin(LISTED_KINDS)]
    return rows.reset_index(drop=True)


def department_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Targets (assessed city rows) and rows behind or missed (any unit) of one department."""
    city = metrics.assessed(rows[rows["unit_code"] == CITY_CODE])
    behind = metrics.assessed(rows)
    return {
        "targets": len(city),
        "behind": int(behind["status"].isin(metrics.BEHIND).sum()),
    }


@dataclass(frozen=True)
class Scorecard:
    """One scorecard (or, with ``dept`` None, the department index) of one year and language."""

    dept: Department | None
    year: int
    lang: str
    catalogue: Catalogue
    all_gaps: pd.DataFrame  # every unit's gap rows in ``year``
    rows: pd.DataFrame  # the department's rows (empty for the index)


def setup(
    department: str, year: int, lang: str = "zh", observations: str = "", data: str = ""
) -> Scorecard:
    """Read the rows and compute every unit's gap table of ``year`` once (the notebook's call).

    ``department`` is a slug (:func:`departments`), or "" for the department index.
    """
    from luoyang_analysis.presentation.sections import load_observations

    lang = i18n.check_lang(lang)
    catalogue = default_catalogue()
    dept = get_department(department, catalogue) if department else None
    all_gaps = gaps.compute_all(load_observations(observations, data), int(year))
    rows = department_rows(all_gaps, dept) if dept else all_gaps.iloc[0:0]
    return Scorecard(dept, int(year), lang, catalogue, all_gaps, rows)


def scorecard_sections(card: Scorecard) -> list[str]:
    """The scorecard's sections in order, each one escaped HTML block; the index alone for ""."""
    if card.dept is None:
        return [index_html(card.all_gaps, card.catalogue, card.lang)]
    lang = card.lang
    return [
        lines_html(card.dept, lang),
        summary_html(card.rows, lang),
        city_html(card.rows, card.catalogue, lang),
        counties_html(card.rows, lang),
        behind_html(card.rows, lang),
        qualitative_html(card.dept, card.catalogue, lang),
    ]


# ------------------------------------------------------------------ HTML


def _w(lang: str) -> dict[str, str]:
    return i18n.group("scorecard", lang)


def _h(level: int, text: str) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def lines_html(dept: Department, lang: str = "zh") -> str:
    """The source lines that name the department, verbatim (the Chinese text in every language)."""
    items = "".join(f"<li>{escape(line)}</li>" for line in dept.lines)
    note = f'<p class="muted">{escape(_w(lang)["counties_note"])}</p>' if dept.is_counties else ""
    return f'<p class="muted">{escape(_w(lang)["lines"])}</p><ul class="small">{items}</ul>{note}'


def summary_html(rows: pd.DataFrame, lang: str = "zh") -> str:
    """一、总体情况: the city's counts, then how many rows of any unit are behind."""
    w = _w(lang)
    city = rows[rows["unit_code"] == CITY_CODE]
    return _h(2, w["summary"]) + assessment.summary_html(city, lang)


def city_html(rows: pd.DataFrame, catalogue: Catalogue, lang: str = "zh") -> str:
    """二、全市: the department's targets for the city, plan by plan (the county report's table)."""
    w = _w(lang)
    city = rows[rows["unit_code"] == CITY_CODE]
    if city.empty:
        return _h(2, w["city"]) + f"<p>{escape(w['no_targets'])}</p>"
    out = _h(2, w["city"])
    for plan_id, plan in catalogue.plans.items():
        table = assessment.plan_table_html(city, catalogue, plan_id, lang)
        if table:
            out += _h(3, plan.name(lang)) + table
    return out


def _cell(r, lang: str) -> str:
    """One county's cell: its completion (or share of the city target) on its status colour."""
    if r["target_kind"] == "contribution":
        share = r["contribution_share"]
        text = "" if pd.isna(share) else f"{share * 100:.0f}%"
        return f"<td class='num' style='background:{STATUS_COLOURS['contribution']}'>{text}</td>"
    rate = r["completion_rate"]
    text = "" if pd.isna(rate) else f"{rate * 100:.0f}%"
    colour = STATUS_COLOURS.get(r["status"], STATUS_COLOURS["no_target"])
    title = escape(assessment.status_label(r["status"], lang))
    return f"<td class='num' title='{title}' style='background:{colour}'>{text}</td>"


def counties_html(rows: pd.DataFrame, lang: str = "zh") -> str:
    """三、各县: indicators down, counties across, each cell the county's completion or share."""
    w = _w(lang)
    counties = rows[rows["unit_code"] != CITY_CODE]
    shown = counties[
        counties["actual_value"].notna() | counties["target_kind"].isin(("milestone",))
    ]
    if shown.empty:
        return _h(2, w["counties"]) + f"<p>{escape(w['no_county_rows'])}</p>"
    name, unit = i18n.column("name", lang), i18n.column("unit_name", lang)
    units = list(dict.fromkeys(zip(shown["unit_code"], shown[unit], strict=True)))
    units.sort()
    body = []
    for _, grp in shown.groupby("indicator_id", sort=False):
        by_unit = {r["unit_code"]: r for _, r in grp.iterrows()}
        cells = "".join(
            _cell(by_unit[code], lang) if code in by_unit else "<td></td>" for code, _ in units
        )
        body.append(f"<tr><td class='rowname'>{escape(grp[name].iloc[0])}</td>{cells}</tr>")
    head = "<th></th>" + "".join(f"<th class='county'>{escape(n)}</th>" for _, n in units)
    cols = '<col style="width:19%">' + "".join(
        f'<col style="width:{81 / len(units):.2f}%">' for _ in units
    )
    return (
        _h(2, w["counties"])
        + f'<p class="muted">{escape(w["matrix_note"])}</p>'
        + f'<table class="compact contrib"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def behind_html(rows: pd.DataFrame, lang: str = "zh") -> str:
    """四、滞后: every unit's target behind or missed, how far, and the pace still needed a year."""
    w, t = _w(lang), i18n.group("assess", lang)
    behind = metrics.assessed(rows)
    behind = behind[behind["status"].isin(metrics.BEHIND)]
    if behind.empty:
        return _h(2, w["behind"]) + f"<p>{escape(t['no_behind'])}</p>"
    behind = behind.assign(_city=behind["unit_code"] != CITY_CODE).sort_values(
        ["_city", "unit_code", "completion_rate"], na_position="last"
    )
    name, unit_name = i18n.column("name", lang), i18n.column("unit_name", lang)
    uom = i18n.column("unit_of_measure", lang)
    body = "".join(
        "<tr>"
        f"<td>{escape(r[unit_name])}</td><td>{escape(r[name])}</td>"
        f"<td class='num'>{assessment._target_text(r, lang)}</td>"
        f"<td class='num'>{escape(assessment._value(r['actual_value'], r[uom]))}</td>"
        f"<td class='num'>{escape(assessment._value(r['gap'], r[uom]))}</td>"
        f"<td class='num'>{assessment._pct(r['completion_rate'])}</td>"
        f"<td>{assessment._badge(r['status'], lang)}</td>"
        f"<td class='num'>{escape(assessment._value(r['required_annual_pace'], r[uom]))}</td>"
        "</tr>"
        for _, r in behind.iterrows()
    )
    head = "".join(
        f"<th>{escape(t[k])}</th>"
        for k in ("unit", "indicator", "target", "actual", "gap", "rate", "status", "pace")
    )
    return (
        _h(2, w["behind"])
        + f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def qualitative_html(dept: Department, catalogue: Catalogue, lang: str = "zh") -> str:
    """五、定性任务: the department's tasks without a figure, with the sentence they come from."""
    w = _w(lang)
    if not dept.qualitative:
        return _h(2, w["qualitative"]) + f"<p>{escape(w['no_qualitative'])}</p>"
    items = []
    for iid in dept.qualitative:
        ind = catalogue.indicator(iid)
        quote = ind.targets[0].source.quote if ind.targets else ""
        items.append(
            f"<li>{escape(ind.name(lang))}<br><span class='sub'>「{escape(quote)}」</span></li>"
        )
    return _h(2, w["qualitative"]) + f"<ul>{''.join(items)}</ul>"


def index_html(all_gaps: pd.DataFrame, catalogue: Catalogue, lang: str = "zh") -> str:
    """The department index: each department, its targets, how many are behind, its pages."""
    w, t = _w(lang), i18n.group("assess", lang)
    body = []
    for dept in departments(catalogue):
        counts = department_counts(department_rows(all_gaps, dept))
        links = " ".join(f'<a href="{dept.slug}.{f}">{f.upper()}</a>' for f in ("html", "pdf"))
        body.append(
            f"<tr><td>{escape(dept.name(lang))}</td><td class='num'>{counts['targets']}</td>"
            f"<td class='num'>{counts['behind']}</td><td>{links}</td></tr>"
        )
    head = "".join(
        f"<th>{escape(x)}</th>"
        for x in (t["department"], w["n_targets"], w["n_behind"], w["reports"])
    )
    return (
        f"<p>{escape(w['index_intro'])}</p>"
        f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )
