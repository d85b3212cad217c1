"""Tables of the catalogue for reports: plain DataFrames and escaped HTML.

Every text that comes from a file (names, quotes, notes) is escaped here, so a
catalogue or data file can never inject markup into a report.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import Catalogue, CheckResult, Target, resolution


def format_number(value: float | None) -> str:
    if value is None or pd.isna(value):
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def header_cells(labels) -> str:
    """The ``<th>`` cells of a table's header row, each label escaped."""
    return "".join(f"<th>{escape(x)}</th>" for x in labels)


def format_target(t: Target, unit: str, lang: str = "zh") -> str:
    """'≥ 25 处', '≤ …', '= 5 家', '100 % (2017-10-31)', or the word for qualitative."""
    if not t.is_quantitative:
        return i18n.labels(lang)["qualitative_value"]
    sign = {"at_least": "≥ ", "at_most": "≤ ", "exactly": "= ", "by_date": ""}[t.comparison]
    text = f"{sign}{format_number(t.value)}{(' ' + unit) if unit else ''}"
    return text


def plan_summary(catalogue: Catalogue, lang: str = "zh") -> pd.DataFrame:
    """Per plan: indicators, quantitative and qualitative targets, and the years named."""
    lab = i18n.labels(lang)
    rows = []
    for pid, plan in catalogue.plans.items():
        inds = [i for i in catalogue.indicators.values() if i.plan == pid]
        ts = [t for i in inds for t in i.targets]
        rows.append(
            {
                lab["plan"]: plan.name(lang),
                lab["indicators"]: len(inds),
                lab["quantitative"]: sum(t.is_quantitative for t in ts),
                lab["qualitative"]: sum(not t.is_quantitative for t in ts),
                lab["year"]: "、".join(str(y) for y in sorted({t.year for t in ts})),
            }
        )
    return pd.DataFrame(rows)


def frame_to_html(
    frame: pd.DataFrame, numeric: tuple[str, ...] = (), nowrap: tuple[str, ...] = ()
) -> str:
    """A plain table; ``numeric`` columns right-aligned, ``nowrap`` cells kept on one line."""
    head = "".join(
        f'<th class="num">{escape(str(c))}</th>' if c in numeric else f"<th>{escape(str(c))}</th>"
        for c in frame.columns
    )
    kind = {c: "num" if c in numeric else "nowrap" if c in nowrap else "" for c in frame.columns}
    body = []
    for _, row in frame.iterrows():
        cells = "".join(
            f'<td class="{kind[c]}">{escape(str(row[c]))}</td>'
            if kind[c]
            else f"<td>{escape(str(row[c]))}</td>"
            for c in frame.columns
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def targets_table_html(catalogue: Catalogue, plan: str, lang: str = "zh") -> str:
    """Every target of one plan by indicator and year, each with its source sentence.

    The sentence shows on hover (``title``) in HTML and as a numbered note under
    the table, which is what the PDF shows.
    """
    lab = i18n.labels(lang)
    comp = i18n.group("comparison", lang)
    acc = i18n.group("accumulation", lang)
    notes: dict[str, int] = {}  # a sentence cited for several years gets one number
    rows = []
    for ind in catalogue.indicators.values():
        if ind.plan != plan:
            continue
        for k, t in enumerate(ind.targets):
            quotes = "\n".join(f"{s.section}：{s.quote}" for s in t.sources)
            refs = ",".join(
                str(notes.setdefault(f"{s.section}：「{s.quote}」", len(notes) + 1))
                for s in t.sources
            )
            basis = acc[t.accumulation]
            if t.base_year:
                basis = i18n.text("overview.base_year", lang, basis=basis, year=t.base_year)
            name_cell = (
                f'<td class="name" rowspan="{len(ind.targets)}">{escape(ind.name(lang))}'
                f'<br><code class="tag">{escape(ind.id)}</code></td>'
                if k == 0
                else ""
            )
            value_class = "num" if t.is_quantitative else "qual"
            rows.append(
                "<tr>"
                + name_cell
                + f'<td class="num">{t.year}</td>'
                + f'<td class="{value_class} nowrap">{escape(format_target(t, ind.unit(lang), lang))}</td>'
                + f'<td class="nowrap">{escape(comp[t.comparison])}</td>'
                + f'<td class="nowrap">{escape(basis)}</td>'
                + f'<td class="nowrap">{escape(t.deadline.isoformat()) if t.deadline else ""}</td>'
                + f"<td>{escape(t.responsible_units)}</td>"
                + f'<td class="nowrap"><span class="src" title="{escape(quotes)}">[{refs}]</span></td>'
                + "</tr>"
            )
    head = "".join(
        f"<th>{escape(lab[k])}</th>"
        for k in (
            "indicator",
            "year",
            "target",
            "comparison",
            "accumulation",
            "deadline",
            "responsible",
            "source",
        )
    )
    cols = "".join(f'<col style="width:{w}%">' for w in (24, 6, 11, 9, 8, 10, 24, 8))
    note_items = "".join(f"<li>{escape(n)}</li>" for n in notes)
    return (
        f'<table class="targets"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p><strong>{escape(lab["notes"])}</strong></p><ol class="notes">{note_items}</ol>'
    )


def assumptions_html(catalogue: Catalogue, plan: str, lang: str = "zh") -> str:
    """The readings taken where the text is silent, and how conflicts were resolved."""
    items = []
    seen: set[tuple[str, str]] = set()
    for ind in catalogue.indicators.values():
        if ind.plan != plan:
            continue
        for t in ind.targets:
            for text in (t.assumption, resolution(t, lang), t.responsible_units_note):
                if text and (ind.id, text) not in seen:
                    seen.add((ind.id, text))
                    items.append(
                        f"<li><strong>{escape(ind.name(lang))}</strong>（{t.year}）：{escape(' '.join(text.split()))}</li>"
                    )
    return f"<ul>{''.join(items)}</ul>" if items else ""


def check_html(result: CheckResult, catalogue: Catalogue, lang: str = "zh") -> str:
    """The source's conflicting figures and differences of wording, for the overview."""
    out = []
    for c in result.conflicts:
        name = catalogue.indicator(c.indicator_id).name(lang)
        srcs = "".join(
            f"<li>[{format_number(s.value)}] {escape(s.section)}：「{escape(s.quote)}」</li>"
            for s in c.sources
        )
        used = i18n.text("overview.used", lang)
        out.append(
            f'<div class="callout"><p><strong>{escape(name)}（{c.year}）</strong></p><ul>{srcs}</ul>'
            f"<p>{used}：{format_number(c.used_value)}。{escape(resolution(c, lang))}</p></div>"
        )
    for d in result.discrepancies:
        name = catalogue.indicator(d.indicator_id).name(lang)
        quotes = "".join(f"<li>「{escape(q)}」</li>" for q in d.quotes)
        note = i18n.field(d, "note", lang)
        out.append(f"<p><strong>{escape(name)}</strong>：{escape(note)}</p><ul>{quotes}</ul>")
    return "".join(out)


def overview_intro_html(catalogue: Catalogue, result: CheckResult, lang: str = "zh") -> str:
    """The opening paragraph of the targets overview, with its counts."""
    doc = catalogue.document
    n_ind = len(catalogue.indicators)
    ts = catalogue.targets
    n_q = sum(t.is_quantitative for t in ts)
    years = "、".join(str(y) for y in catalogue.years())
    text = i18n.text(
        "overview.intro",
        lang,
        title=escape(i18n.field(doc, "title", lang)),
        id=escape(doc.get("id", "")),
        issued=escape(str(doc.get("issued", ""))),
        n_ind=n_ind,
        n_targets=len(ts),
        n_q=n_q,
        years=years,
        n_conflicts=len(result.conflicts),
    )
    return f'<p class="callout">{text}</p>'
