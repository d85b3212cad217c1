"""The bulletin's text: the numbered sections of the 通报, the ranking table and the annex.

Escaped HTML in the plain register of a government 通报, in the order a reader meets it
(addressees, opening, 一 to 四, the issuing office, 附件), written from a
:class:`~luoyang_analysis.presentation.bulletin.Bulletin`; every figure is computed in
:mod:`luoyang_analysis.presentation.bulletin`, the project rules are in
:mod:`luoyang_analysis.presentation.key_projects`.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.units import units_in
from luoyang_analysis.presentation import key_projects as kp
from luoyang_analysis.presentation.bulletin import INDICATOR, Bulletin
from luoyang_analysis.presentation.tables import format_number


def has_data(b: Bulletin) -> bool:
    listed = b.progress is not None and bool(b.progress["listed"].any())
    return listed or b.city == b.city or bool(b.counties["invested"].notna().any())


def _amount(x: float, b: Bulletin) -> str:
    unit = b.catalogue.indicator(INDICATOR).unit(b.lang)
    return f"{format_number(round(x, 2))} {unit}".strip() if x == x else "—"


def _change(x: float, b: Bulletin) -> str:
    w = i18n.group("bulletin", b.lang)
    if x != x:
        return "—"
    if abs(x) < 1e-9:
        return w["unchanged"]
    return w["increase" if x > 0 else "decrease"].format(value=_amount(abs(x), b))


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%" if x == x else "—"


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def sections(b: Bulletin) -> list[str]:
    """The bulletin in order: addressees, opening, 一 to 四, the issuing office."""
    w = i18n.group("bulletin", b.lang)
    period = b.period.label(b.lang)
    out = [_p(w["addressees"]) + _p(w["opening"].format(period=period))]
    if not has_data(b):
        out += [_p(w["no_data"].format(period=period)), _p(w["office"])]
        return [f'<div class="tongbao">{"".join(out)}</div>']
    source = w[b.source]
    overall = _p(w["as_of"].format(as_of=b.year, source=source))
    overall += progress_text(b)
    if b.previous_year is None and not b.first:
        key = "no_new" if b.progress is None else "no_new_register"
        overall += _p(w[key].format(period=period, end=_day(b.period.end, b.lang)))
    if b.target == b.target:
        overall += _p(
            w["city_line"].format(
                year=b.year,
                actual=_amount(b.city, b),
                target=_amount(b.target, b),
                rate=_pct(b.city / b.target),
            )
        )
    else:
        overall += _p(w["city_line_no_target"].format(year=b.year, actual=_amount(b.city, b)))
    if b.previous_year is not None and b.city_previous == b.city_previous:
        overall += _p(
            w["city_change"].format(
                prev=b.previous_year, change=_change(b.city - b.city_previous, b)
            )
        )
    out.append(f"<h2>{escape(w['s_overall'])}</h2>" + overall)
    out.append(f"<h2>{escape(w['s_counties'])}</h2>" + counties_text(b))
    out.append(f"<h2>{escape(w['s_behind'])}</h2>" + behind_text(b))
    out.append(f"<h2>{escape(w['s_ranking'])}</h2>" + ranking_table(b))
    out.append(f'<p class="signature">{escape(w["office"])}</p>')
    out.append(annex(b))
    # One block: the plain register of a 通报 (tongbao) is styled as a whole.
    return [f'<div class="tongbao">{"".join(out)}</div>']


def _unit_name(r, lang: str) -> str:
    return r[i18n.column("unit_name", lang)]


def counties_text(b: Bulletin) -> str:
    w = i18n.group("bulletin", b.lang)
    lines = []
    for _, r in b.counties.sort_values("unit_code").iterrows():
        name = _unit_name(r, b.lang)
        if r["invested"] != r["invested"]:
            lines.append(w["county_no_data"].format(unit=name) + _county_progress(b, r))
            continue
        items = w["items_aggregate"] if r["reported"] else w["items_named"].format(n=r["projects"])
        key = "county_line" if r["previous"] == r["previous"] else "county_line_first"
        lines.append(
            w[key].format(
                unit=name,
                items=items,
                actual=_amount(r["invested"], b),
                share=_pct(r["share"]),
                change=_change(r["change"], b),
            )
            + _county_progress(b, r)
        )
    return "".join(_p(w["item"].format(n=n) + t) for n, t in enumerate(lines, 1))


def behind_text(b: Bulletin) -> str:
    w = i18n.group("bulletin", b.lang)
    out = []
    if b.target == b.target and b.city == b.city and b.city < b.target:
        out.append(w["behind_city"].format(gap=_amount(b.target - b.city, b)))
    if "plan_rate" in b.counties:
        short = b.counties[b.counties["plan_rate"] < 1].sort_values("unit_code")
        items = [
            w["below_plan_item"].format(unit=_unit_name(r, b.lang), rate=_pct(r["plan_rate"]))
            for _, r in short.iterrows()
        ]
        if items:
            out.append(w["behind_plan"].format(year=b.year, items=i18n.join(items, b.lang)))
    fell = b.counties[b.counties["change"] < 0]
    if len(fell):
        names = [_unit_name(r, b.lang) for _, r in fell.sort_values("unit_code").iterrows()]
        out.append(w["behind_county"].format(units=i18n.join(names, b.lang)))
    late = late_projects(b)
    if len(late):
        out.append(w["behind_projects"].format(items=i18n.join(late["name"], b.lang)))
    return "".join(_p(t) for t in out) or _p(w["behind_none"])


def late_projects(b: Bulletin) -> pd.DataFrame:
    """Projects of a register past their planned completion at the period's end, not completed."""
    if b.progress is None:
        return pd.DataFrame(columns=kp.PROGRESS_COLUMNS)
    return b.progress[b.progress["late"]].sort_values(["unit_code", "project_id"])


def progress_text(b: Bulletin) -> str:
    """With a register: the half-year's projects in the city, and the change since the last bulletin."""
    if b.progress is None:
        return ""
    w = i18n.group("bulletin", b.lang)
    p = b.progress
    counts = {
        "n": int(p["listed"].sum()),
        "started": int(p["started_in"].sum()),
        "completed": int(p["completed_in"].sum()),
        "under_way": int(p["under_way"].sum()),
        "late": int(p["late"].sum()),
    }
    text = _p(w["register_as_of"].format(end=_day(b.period.end, b.lang), year=b.year))
    text += _p(w["register_overall"].format(period=b.period.label(b.lang), **counts))
    if b.first:
        return text
    newly = int((p["late"] & ~p["late_before"]).sum())
    changes = w["register_changes"].format(
        started=counts["started"], completed=counts["completed"], newly_late=newly
    )
    late_before = int(p["late_before"].sum())
    if late_before:
        cleared = int((p["late_before"] & p["completed_in"]).sum())
        changes += w["register_cleared"].format(late_before=late_before, cleared=cleared)
    return text + _p(changes)


def _county_progress(b: Bulletin, r) -> str:
    """The county's projects in the half-year and its investment against plan (with a register)."""
    if b.progress is None:
        return ""
    w = i18n.group("bulletin", b.lang)
    if not r["listed"]:
        return w["county_no_projects"]
    text = ""
    if r["reported"] and r["projects"]:
        text += w["county_named"].format(n=int(r["projects"]), named=_amount(r["named"], b))
    text += w["county_progress"].format(
        **{k: int(r[k]) for k in ("listed", "started", "completed", "under_way", "late")}
    )
    if r["planned"] == r["planned"]:
        text += w["county_plan"].format(
            year=b.year, planned=_amount(r["planned"], b), rate=_pct(r["plan_rate"])
        )
    return text


def _day(d, lang: str) -> str:
    return i18n.text("bulletin.date", lang, y=d.year, m=d.month, d=d.day) if d else "—"


def _wan(x) -> str:
    return format_number(round(float(x), 1)) if x == x else "—"


def annex(b: Bulletin) -> str:
    """附件: the half-year's projects a reader acts on, one line each, by county; then a line
    per county counting its others (:func:`key_projects.annex_reasons`; with a register)."""
    if b.progress is None:
        return ""
    w = i18n.group("bulletin", b.lang)
    names = {u.code: u.name(b.lang) for u in units_in(b.year)}
    listed = b.progress[b.progress["listed"]].sort_values(["unit_code", "project_id"])
    if listed.empty:
        return ""
    reasons = kp.annex_reasons(listed)
    named = reasons.any(axis=1)
    keys = ("a_name", "a_start", "a_due", "a_state", "a_why", "a_invested", "a_planned")
    span = f"colspan='{len(keys)}'"
    rows = []
    for code, projects in listed.groupby("unit_code", sort=True):
        # The county once, as a heading row: its column would take the names' width.
        rows.append(f"<tr class='county'><td {span}>{escape(names.get(code, code))}</td></tr>")
        for i, r in projects[named[projects.index]].iterrows():
            # each reason unbroken, a line break only between them
            why = i18n.join(
                (
                    f"<span class='nb'>{escape(w['why_' + k])}</span>"
                    for k in kp.ANNEX_REASONS
                    if reasons.at[i, k]
                ),
                b.lang,
            )
            rows.append(
                f"<tr><td class='name'>{escape(r['name'])}</td>"
                f"<td class='date'>{escape(_day(r['start'], b.lang))}</td>"
                f"<td class='date'>{escape(_day(r['planned_completion'], b.lang))}</td>"
                f"<td>{escape(w['state_' + r['state']] + (w['state_late'] if r['late'] else ''))}</td>"
                f"<td>{why}</td>"
                f"<td class='num'>{_wan(r['invested'])}</td>"
                f"<td class='num'>{_wan(r['planned'])}</td></tr>"
            )
        others = projects[~named[projects.index]]
        missing = int(kp.unreported(others).sum())
        line = w["others"].format(n=len(others) - missing)
        started = int(others["started_in"].sum())
        line += w["others_started"].format(n=started) if started else ""
        line += w["others_unreported"].format(n=missing, year=b.year) if missing else ""
        if len(others):
            rows.append(f"<tr class='others'><td {span}>{escape(line)}</td></tr>")
    head = "".join(f"<th>{escape(w[k].format(year=b.year))}</th>" for k in keys)
    title = w["annex"].format(period=b.period.label(b.lang))
    return (
        f'<div class="annex"><h2>{escape(title)}</h2>{_p(w["annex_note"].format(year=b.year))}'
        f'<table class="plain"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def ranking_table(b: Bulletin) -> str:
    w = i18n.group("bulletin", b.lang)
    planned = "plan_rate" in b.counties  # with a register: also against its plan
    rows = "".join(
        f"<tr><td class='num'>{'' if pd.isna(r['rank']) else int(r['rank'])}</td>"
        f"<td>{escape(_unit_name(r, b.lang))}</td>"
        f"<td class='num'>{escape(_amount(r['invested'], b))}</td>"
        f"<td class='num'>{escape(_change(r['change'], b))}</td>"
        f"<td class='num'>{escape(_pct(r['share']))}</td>"
        + (f"<td class='num'>{escape(_pct(r['plan_rate']))}</td>" if planned else "")
        + "</tr>"
        for _, r in b.counties.iterrows()
    )
    keys = ("rank", "unit", "actual", "change", "share") + (("plan_rate",) if planned else ())
    head = "".join(f"<th>{escape(w[k])}</th>" for k in keys)
    return (
        _p(w["ranking_note"])
        + f'<table class="plain"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
