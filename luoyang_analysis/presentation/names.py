"""The names appendix of a county or city report, as escaped HTML.

Per count target of the report's year that the registers cover: the figure the
names give (following the catalogue's ``counts``) and the enterprises, projects
or ledger lines behind it, with 文号 and date; a reported total that differs from
its names is shown beside them. Each section has the anchor ``names-<indicator
id>`` so a count in the report's tables can link to its names. Names come only
from the delivery; every text is escaped here.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import duckdb
import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.gaps import registers as named


def names_anchor(indicator_id: str) -> str:
    """The id of an indicator's section in the appendix (for ``<a href="#…">``)."""
    return "names-" + indicator_id.replace(".", "-")


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return escape(str(value))


def names_appendix_html(
    unit_code: str,
    year: int,
    delivery: Path | str | duckdb.DuckDBPyConnection | None = None,
    observations: pd.DataFrame | None = None,
    lang: str = "zh",
) -> str:
    """The appendix for one unit and year; empty when the delivery has no registers."""
    labels = i18n.labels(lang)
    sections = named.target_names(unit_code, year, delivery)
    if not sections:
        return ""
    catalogue = default_catalogue()
    gaps = pd.DataFrame(columns=named.DISCREPANCY_COLUMNS)
    if observations is not None:
        gaps = named.discrepancies(observations, delivery)
        gaps = gaps[(gaps["unit_code"] == unit_code) & (gaps["year"] <= year)]
    out = [
        f'<section class="names-appendix"><h2>{escape(labels["names_title"])}</h2>',
        f"<p>{escape(labels['names_intro'])}</p>",
    ]
    head = "".join(
        f"<th>{escape(labels[k])}</th>"
        for k in ("enterprise", "item", "doc_number", "doc_date", "quantity")
    )
    for ind_id, items in sections.items():
        ind = catalogue.indicator(ind_id)
        count = int(items["quantity"].sum())
        out.append(
            f'<h3 id="{names_anchor(ind_id)}">{escape(ind.name(lang))} '
            f"<small>({escape(ind_id)})</small>: {escape(labels['names_count'])} {count} "
            f"{escape(ind.unit(lang))}</h3>"
        )
        for message in gaps[gaps["indicator_id"] == ind_id]["message"]:
            out.append(
                f'<p class="discrepancy">{escape(labels["discrepancy"])}: {escape(message)}</p>'
            )
        if items.empty:
            out.append(f"<p>{escape(labels['names_none'])}</p>")
            continue
        rows = "".join(
            f"<tr><td>{_cell(r.enterprise)}</td><td>{_cell(r.item)}</td>"
            f"<td>{_cell(r.doc_number)}</td><td>{_cell(r.doc_date)}</td>"
            f'<td class="num">{_cell(r.quantity)}</td></tr>'
            for r in items.itertuples(index=False)
        )
        out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    out.append("</section>")
    return "\n".join(out)
