"""What a county or city report shows, computed from the gap tables and returned as escaped HTML.

The notebooks call these functions and display the result; every number comes
from :mod:`luoyang_analysis.gaps` (the report's figures from
:mod:`luoyang_analysis.gaps.metrics`). Text from data files (notes) and from the
catalogue is escaped here.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import Catalogue
from luoyang_analysis.gaps.metrics import (
    BEHIND,
    COVERAGE_PARTS,
    assessed,
    by_department,
    county_scores,
    coverage,
    coverage_by_plan,
    reading_counts,
    status_counts,
)
from luoyang_analysis.presentation import style
from luoyang_analysis.presentation.style import STATUS_COLOURS
from luoyang_analysis.presentation.tables import format_number, header_cells

#: Re-exported: the label of a status in a language.
status_label = i18n.status_label


def _t(lang: str) -> dict[str, str]:
    return i18n.group("assess", lang)


def _pct(x: float) -> str:
    return "" if pd.isna(x) else f"{x * 100:.1f}%"


def _value(x: float, unit: str) -> str:
    if pd.isna(x):
        return ""
    text = format_number(round(float(x), 2))
    return f"{text} {unit}" if unit and unit != "%" else (text + ("%" if unit == "%" else ""))


def _actual(row, lang: str) -> str:
    """The actual value as a reader must take it: 不少于 5 台（套）, 约 4 家, 未公开 (plain text)."""
    qualifier = row.get("actual_qualifier")
    if qualifier == "not_published":
        return i18n.text("qualifier.not_published", lang)
    text = _value(row["actual_value"], row[i18n.column("unit_of_measure", lang)])
    return f"{_prefix(qualifier, lang)}{text}" if text else text


def _prefix(qualifier, lang: str) -> str:
    """不少于 / 约 before a lower bound or an approximate figure; "" before an exact one."""
    if qualifier == "at_least":
        return i18n.text("qualifier.at_least", lang) + " "
    if qualifier == "approx":
        return _t(lang)["approx_prefix"] + " "
    return ""


def _value_notes(row, lang: str) -> list[str]:
    """The source and the delivery's note of a row's value (plain text), as footnotes."""
    t = _t(lang)
    out = []
    for col, fmt_key in (("actual_source", "source_note"), ("actual_data_note", None)):
        text = row.get(col)
        if isinstance(text, str) and text:
            out.append(t[fmt_key].format(source=text) if fmt_key else text)
    return out


def coverage_text(counts: dict[str, int], lang: str = "zh") -> str:
    """'45 个目标中可评估 1 个；44 个无数据' (plain text): judged first, then why the rest were not."""
    t = _t(lang)
    parts = [t["coverage"].format(**counts)] + [
        t[f"coverage_{k}"].format(n=counts[k]) for k in COVERAGE_PARTS[1:] if counts[k]
    ]
    if counts["not_published"]:
        parts[-1] += t["coverage_not_published"].format(n=counts["not_published"])
    return t["coverage_sep"].join(parts)


def coverage_html(gaps: pd.DataFrame, catalogue: Catalogue, lang: str = "zh") -> str:
    """What could be assessed, first overall, then by plan: the opening lines of every summary."""
    t = _t(lang)
    lines = "".join(
        f"<li>{escape(t['coverage_by_plan'].format(plan=catalogue.plans[p].name(lang), coverage=coverage_text(c, lang)))}</li>"
        for p, c in coverage_by_plan(gaps, catalogue.plans)
        if c["total"]
    )
    head = escape(coverage_text(coverage(gaps), lang))
    return f'<p class="coverage"><strong>{head}</strong></p><ul class="coverage">{lines}</ul>'


def _judged_only(gaps: pd.DataFrame, lang: str) -> tuple[str | None, str]:
    """(the whole answer when nothing could be judged, else None; the line saying what was drawn from)."""
    t = _t(lang)
    c = coverage(gaps)
    if c["total"] and not c["judged"]:
        return f"<p>{escape(t['none_judged'].format(coverage=coverage_text(c, lang)))}</p>", ""
    others = c["total"] - c["judged"]
    line = (
        f'<p class="muted">{escape(t["judged_only"].format(judged=c["judged"], others=others))}</p>'
        if others
        else ""
    )
    return None, line


def _nothing_behind(gaps: pd.DataFrame, lang: str) -> str:
    t = _t(lang)
    c = coverage(gaps)
    if c["total"] == c["judged"]:
        return f"<p>{escape(t['no_behind'])}</p>"
    return f"<p>{escape(t['judged_none_behind'].format(judged=c['judged']))}</p>"


def _badge(status: str, lang: str) -> str:
    return (
        f'<span class="status" style="background:{style.status_colour(status)};'
        f'color:{style.badge_text_colour(status)}">'
        f"{escape(status_label(status, lang))}</span>"
    )


def summary_html(gaps: pd.DataFrame, lang: str = "zh") -> str:
    """The opening block: how many targets are achieved / on track / behind, as figures."""
    t = _t(lang)
    c = status_counts(gaps)
    cells = [
        ("assessed", c["assessed"], style.INK),
        ("achieved", c["achieved"], STATUS_COLOURS["achieved"]),
        ("on_track", c["on_track"], STATUS_COLOURS["on_track"]),
        ("behind", c["behind"], STATUS_COLOURS["deterioration"]),
        ("no_data", c["no_data"], STATUS_COLOURS["no_data"]),
    ]
    # Rows that are neither judged nor without data get a figure of their own when there are any.
    cover = coverage(gaps)
    cells += [(k, cover[k], style.INK) for k in ("incomplete", "not_comparable") if cover[k]]
    boxes = "".join(
        f'<div class="kpi"><div class="kpi-n" style="color:{col}">{n}</div><div class="kpi-l">{escape(t[k] if k in t else status_label(k, lang))}</div></div>'
        for k, n, col in cells
    )
    extra = (
        f'<p class="muted">{escape(t["contribution"])}：{c["contribution"]}</p>'
        if c["contribution"]
        else ""
    )
    r = reading_counts(gaps)
    lines = [
        (status_label("basically_achieved", lang), r["basically_achieved"]),
        (t["own_targets"], r["own_targets"]),
        (t["city_rate_targets"], r["city_rate_targets"]),
    ]
    shown = "；".join(f"{escape(k)}：{n}" for k, n in lines if n)
    extra += f'<p class="muted">{shown}</p>' if shown else ""
    return f'<div class="kpis">{boxes}</div>{extra}'


def _sensitive(row) -> bool:
    """Whether the row's verdict changes with the reading of the text (``reading_sensitive``)."""
    v = row["reading_sensitive"]
    return bool(v) and not pd.isna(v)


def readings_html(gaps: pd.DataFrame, catalogue: Catalogue, lang: str = "zh") -> str:
    """The verdicts that change with the reading of the text (「这些结论取决于对原文的理解」)."""
    t = _t(lang)
    flipped = gaps[[_sensitive(r) for _, r in gaps.iterrows()]]
    if flipped.empty:
        return f"<p>{escape(t['readings_none'])}</p>"
    name = i18n.column("name", lang)
    items = []
    for _, r in flipped.iterrows():
        alt = catalogue.indicator(r["indicator_id"]).alternative(r["alt_reading"])
        line = t["reading_line"].format(
            indicator=r[name],
            year=int(r["target_year"]),
            status=status_label(r["status"], lang),
            alt=status_label(r["alt_status"], lang),
            reading=i18n.field(alt, "description", lang).rstrip("。."),
        )
        items.append(f"<li>{escape(line)}</li>")
    return f'<ul class="readings">{"".join(items)}</ul>'


SIGNS = {"at_least": "≥ ", "at_most": "≤ ", "exactly": "= ", "by_date": ""}


def by_plan_html(gaps: pd.DataFrame, catalogue: Catalogue, lang: str = "zh") -> str:
    """Per plan: targets assessed, achieved, on track, behind, no data, contributions."""
    t = _t(lang)
    rows = []
    for plan_id, plan in catalogue.plans.items():
        c = status_counts(gaps[gaps["plan"] == plan_id])
        cells = "".join(
            f"<td class='num'>{c[k]}</td>"
            for k in ("assessed", "achieved", "on_track", "behind", "no_data", "contribution")
        )
        rows.append(f"<tr><td>{escape(plan.name(lang))}</td>{cells}</tr>")
    head = "".join(
        f"<th>{escape(t[k])}</th>"
        for k in ("plan", "assessed", "achieved", "on_track", "behind", "no_data")
    )
    head += f"<th>{escape(t['contribution_badge'])}</th>"
    return f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _target_text(row, lang: str) -> str:
    """'≥ 18%', with the target year and kind on a second line (returned as escaped HTML)."""
    t = _t(lang)
    unit = row[i18n.column("unit_of_measure", lang)]
    txt = escape(SIGNS.get(row["comparison"], "") + _value(row["target_value"], unit))
    sub = ""
    if pd.notna(row["target_year"]):
        sub = t["target_year"].format(year=int(row["target_year"]))
    if row["target_kind"] == "interim":
        sub += t["interim"]
    elif row["target_kind"] == "contribution":
        sub += t["city_target"]
    if row["target_source"] == "city_target":
        sub += " " + i18n.text("target_source.city_target", lang)
    return txt + (f'<br><span class="sub">{escape(sub)}</span>' if sub else "")


def largest_gaps_html(gaps: pd.DataFrame, n: int = 5, lang: str = "zh") -> str:
    """The ``n`` assessed targets furthest from completion (lowest completion rate first).

    Drawn from the targets that could be judged only, and it says so; when none
    could be, it says that instead of reporting that nothing is behind.
    """
    t = _t(lang)
    empty, drawn_from = _judged_only(gaps, lang)
    if empty:
        return empty
    behind = assessed(gaps)
    behind = (
        behind[behind["status"].isin(BEHIND)]
        .sort_values("completion_rate", na_position="last")
        .head(n)
    )
    if behind.empty:
        return _nothing_behind(gaps, lang)
    name = i18n.column("name", lang)
    unit_col = i18n.column("unit_of_measure", lang)
    rows = "".join(
        "<tr>"
        f"<td>{escape(r[name])}</td><td class='num'>{_target_text(r, lang)}</td>"
        f"<td class='num'>{escape(_actual(r, lang))}</td>"
        f"<td class='num'>{escape(_value(r['gap'], r[unit_col]))}</td>"
        f"<td class='num'>{_pct(r['completion_rate'])}</td><td>{_badge(r['status'], lang)}</td>"
        "</tr>"
        for _, r in behind.iterrows()
    )
    head = "".join(
        f"<th>{escape(t[k])}</th>"
        for k in ("indicator", "target", "actual", "gap", "rate", "status")
    )
    return (
        drawn_from
        + f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def departments_html(gaps: pd.DataFrame, lang: str = "zh") -> str:
    """Per responsible department: the targets still behind or missed that it shares responsibility for."""
    t = _t(lang)
    empty, drawn_from = _judged_only(gaps, lang)
    if empty:
        return empty
    a = assessed(gaps)
    open_rows = a[a["status"].isin(BEHIND)]
    if open_rows.empty:
        return _nothing_behind(gaps, lang)
    name = i18n.column("name", lang)
    by_dept = by_department(open_rows)
    items = []
    for dept, grp in sorted(by_dept.groupby("department"), key=lambda kv: (-len(kv[1]), kv[0])):
        names = i18n.join((escape(n) for n in grp[name].drop_duplicates()), lang)
        items.append(
            f"<tr><td>{escape(dept)}</td><td class='num'>{len(grp)}</td><td>{names}</td></tr>"
        )
    head = f"<th>{escape(t['department'])}</th><th>#</th><th>{escape(t['open_targets'])}</th>"
    return (
        drawn_from
        + f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{"".join(items)}</tbody></table>'
    )


def plan_table_html(
    gaps: pd.DataFrame,
    catalogue: Catalogue,
    plan: str,
    lang: str = "zh",
    names_href: Mapping[str, str] | None = None,
) -> str:
    """One plan's gap table: target, actual, gap, completion, status, pace; sources on hover and as notes.

    ``names_href``: indicator id -> link to the names behind its count (the appendix);
    the actual value of such a count links there.
    """
    t = _t(lang)
    rows_df = gaps[(gaps["plan"] == plan) & (gaps["target_kind"] != "none")]
    # A county's contribution to a city target it reported nothing for (mostly the city's own
    # work: the leading group's bulletins, meetings, the investment guide) is counted, not listed.
    silent = (rows_df["target_kind"] == "contribution") & rows_df["actual_value"].isna()
    n_silent = int(silent.sum())
    rows_df = rows_df[~silent]
    if rows_df.empty and not n_silent:
        return ""
    name = i18n.column("name", lang)
    unit_col = i18n.column("unit_of_measure", lang)
    note_col = i18n.column("note", lang)
    notes: dict[str, int] = {}
    body = []
    for _, r in rows_df.iterrows():
        ind = catalogue.indicator(r["indicator_id"])
        ty = int(r["target_year"]) if pd.notna(r["target_year"]) else None
        target = ind.target_for(ty) if ty else None
        refs = []
        hover = []
        if target is not None:
            for s in target.sources:
                key = f"{s.section}：「{s.quote}」"
                refs.append(str(notes.setdefault(key, len(notes) + 1)))
                hover.append(f"{s.section}：{s.quote}")
        if isinstance(r[note_col], str) and r[note_col]:
            refs.append(str(notes.setdefault(r[note_col], len(notes) + 1)))
        ref_html = (
            f'<span class="src" title="{escape(chr(10).join(hover))}">[{",".join(refs)}]</span>'
            if refs
            else ""
        )
        # Where the value itself came from, as numbered notes (Open SDG's footnotes).
        value_refs = [str(notes.setdefault(text, len(notes) + 1)) for text in _value_notes(r, lang)]
        # In the indicator's cell, after the text's references: the value cells hold numbers
        # only (readers and tests compare them as such).
        value_ref_html = (
            f' <span class="src">{escape(t["data_ref"])}[{",".join(value_refs)}]</span>'
            if value_refs
            else ""
        )
        if r["target_kind"] == "contribution":
            share = r["contribution_share"]
            rate = (
                f'{_pct(share)}<br><span class="sub">{escape(t["share_of_city"])}</span>'
                if pd.notna(share)
                else ""
            )
            status = (
                _badge("no_data", lang)
                if r["status"] == "no_data"
                else (
                    f'<span class="status" style="background:{STATUS_COLOURS["contribution"]}">{escape(t["contribution_badge"])}</span>'
                )
            )
            gap_txt, pace_txt = "", ""
        else:
            rate = escape(_pct(r["completion_rate"]))
            if rate:
                rate = escape(_prefix(r.get("actual_qualifier"), lang)) + rate
            status = _badge(r["status"], lang)
            gap_txt = _value(r["gap"], r[unit_col])
            pace_txt = (
                _value(r["required_annual_pace"], r[unit_col])
                if r["target_kind"] == "interim"
                else ""
            )
        mark = ""  # under the name: the status under the other reading of the text
        if _sensitive(r):
            other = t["reading_other"].format(status=status_label(r["alt_status"], lang))
            mark = f'<br><span class="sub reading">{escape(other)}</span>'
        actual = escape(_actual(r, lang))
        href = (names_href or {}).get(r["indicator_id"])
        if href and actual:
            actual = f'<a class="names-link" href="{escape(href)}">{actual}</a>'
        if pd.notna(r["opening_stock"]) and r["opening_stock"]:  # a stock of 0 says nothing
            stock = t["opening_stock"].format(value=_value(r["opening_stock"], r[unit_col]))
            actual += f'<br><span class="sub">{escape(stock)}</span>'
        body.append(
            "<tr>"
            f"<td>{escape(r[name])} {ref_html}{value_ref_html}{mark}</td>"
            f"<td class='num'>{_target_text(r, lang)}</td>"
            f"<td class='num'>{actual}</td>"
            f"<td class='num'>{escape(gap_txt)}</td>"
            f"<td class='num'>{rate}</td>"
            f"<td>{status}</td>"
            f"<td class='num'>{escape(pace_txt)}</td>"
            f"<td class='small'>{escape(r['responsible_units'])}</td>"
            "</tr>"
        )
    head = header_cells(
        (
            t["indicator"],
            t["target"],
            t["actual"],
            t["gap"],
            t["rate"],
            t["status"],
            t["pace"],
            t["department"],
        )
    )
    cols = "".join(f'<col style="width:{w}%">' for w in (22, 13, 10, 9, 10, 11, 10, 15))
    note_items = "".join(f"<li>{escape(n)}</li>" for n in notes)
    silent_line = (
        f'<p class="muted">{escape(t["silent"].format(n=n_silent))}</p>' if n_silent else ""
    )
    if rows_df.empty:
        return silent_line
    return (
        silent_line
        + f'<table class="gaps"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        f'<p class="muted"><strong>{escape(t["notes"])}</strong></p><ol class="notes">{note_items}</ol>'
    )


def ranking_html(all_gaps: pd.DataFrame, lang: str = "zh") -> str:
    t = _t(lang)
    scores = county_scores(all_gaps)
    name = i18n.column("unit_name", lang)
    rows = "".join(
        f"<tr><td class='num'>{r['rank']}</td><td>{escape(r[name])}</td><td class='num'>{r['assessed']}</td>"
        f"<td class='num'>{r['achieved']}</td><td class='num'>{r['behind']}</td><td class='num'>{_pct(r['mean_completion'])}</td></tr>"
        for _, r in scores.iterrows()
    )
    head = "".join(
        f"<th>{escape(x)}</th>"
        for x in (t["rank"], t["unit"], t["assessed"], t["n_achieved"], t["n_behind"], t["score"])
    )
    return f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def contributions_html(table: pd.DataFrame) -> str:
    """The contributions matrix (indicators down, counties across) as whole percentages; blank for 0."""

    def cell(v: float) -> str:
        if pd.isna(v):
            return "<td class='num muted'>–</td>"
        return f"<td class='num'>{v * 100:.0f}%</td>" if round(v * 100) else "<td class='num'></td>"

    head = "<th></th>" + "".join(f"<th class='county'>{escape(str(c))}</th>" for c in table.columns)
    rows = "".join(
        f"<tr><td class='rowname'>{escape(str(idx))}</td>" + "".join(cell(v) for v in row) + "</tr>"
        for idx, row in table.iterrows()
    )
    cols = '<col style="width:19%">' + "".join(
        f'<col style="width:{81 / max(len(table.columns), 1):.2f}%">' for _ in table.columns
    )
    return (
        f'<table class="compact contrib"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
