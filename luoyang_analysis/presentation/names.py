"""The names appendix of a county or city report, as escaped HTML.

Per count target of the report's year that the registers cover: the figure the
names give (following the catalogue's ``counts``) and the enterprises, projects
or ledger lines behind it, with 文号 and date; a reported total that differs from
its names is shown beside them. Each section has the anchor ``names-<indicator
id>`` so a count in the report's tables can link to its names. Names come only
from the delivery; every text is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import duckdb
import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.gaps import registers as named


@dataclass(frozen=True)
class Names:
    """What one report's appendix shows: the names per count target, the discrepancies."""

    sections: dict[str, pd.DataFrame] = field(default_factory=dict)  # indicator id: its names
    gaps: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=named.DISCREPANCY_COLUMNS)
    )

    def hrefs(self) -> dict[str, str]:
        """Indicator id -> the link to its names, for every count the appendix lists."""
        return {ind: "#" + names_anchor(ind) for ind in self.sections}


def names_anchor(indicator_id: str) -> str:
    """The id of an indicator's section in the appendix (for ``<a href="#…">``)."""
    return "names-" + indicator_id.replace(".", "-")


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return escape(str(value))


def report_names(
    unit_code: str,
    year: int,
    delivery: Path | str | duckdb.DuckDBPyConnection | None = None,
    observations: pd.DataFrame | None = None,
) -> Names:
    """The names behind one unit's count targets of ``year``, and its reported totals that
    differ from them up to ``year`` (when ``observations`` are given)."""
    sections = named.target_names(unit_code, year, delivery)
    if not sections or observations is None:
        return Names(sections)
    # Each observation is compared on its own, so the unit's rows alone give its
    # discrepancies (the whole city's took ~0.1 CPU-s in every report).
    own = observations[observations["unit_code"].astype(str) == str(unit_code)]
    gaps = named.discrepancies(own, delivery)
    return Names(sections, gaps[(gaps["unit_code"] == unit_code) & (gaps["year"] <= year)])


def database_names(
    database: Path | None, unit_code: str, year: int, observations: pd.DataFrame
) -> Names:
    """:func:`report_names` from a processed database file, opened read-only (the batch made it
    current); no names when the delivery has no database (no registers)."""
    if database is None or not Path(database).is_file():
        return Names()
    con = duckdb.connect(str(database), read_only=True)
    try:
        return report_names(unit_code, year, con, observations)
    finally:
        con.close()


def discrepancy_text(gap, lang: str) -> str:
    """One discrepancy in the report's language: ``报送 5，名单计数 4：甲; 乙`` / ``reported 5, named 4: …``.

    ``gap`` is a row of :data:`luoyang_analysis.gaps.registers.DISCREPANCY_COLUMNS`; the
    English ``message`` column stays what ``luoyang validate`` prints.
    """
    key = "discrepancy_invested" if gap.basis == "invested" else "discrepancy_named"
    text = i18n.text(f"labels.{key}", lang, reported=f"{gap.reported:g}", named=f"{gap.named:g}")
    names = [n for n in str(gap.names or "").split("\n") if n]
    if not names:
        return text
    shown = i18n.text("labels.list_separator", lang).join(names[: named.MAX_NAMES_SHOWN])
    more = (
        i18n.text("labels.names_more", lang, n=len(names))
        if len(names) > named.MAX_NAMES_SHOWN
        else ""
    )
    return f"{text}{i18n.text('labels.colon', lang)}{shown}{more}"


def appendix_html(names: Names, lang: str = "zh") -> str:
    """The appendix of :class:`Names`; empty when there are none."""
    if not names.sections:
        return ""
    labels = i18n.labels(lang)
    catalogue = default_catalogue()
    out = [
        f'<section class="names-appendix"><h2>{escape(labels["names_title"])}</h2>',
        f"<p>{escape(labels['names_intro'])}</p>",
    ]
    num = ' class="num"'
    head = "".join(
        f"<th{num if k == 'quantity' else ''}>{escape(labels[k])}</th>"
        for k in ("enterprise", "item", "doc_number", "doc_date", "quantity")
    )
    cols = "".join(f'<col style="width:{w}%">' for w in (34, 22, 24, 12, 8))
    for ind_id, items in names.sections.items():
        ind = catalogue.indicator(ind_id)
        count = int(items["quantity"].sum())
        out.append(
            f'<h3 id="{names_anchor(ind_id)}">{escape(ind.name(lang))} '
            f"<small>({escape(ind_id)})</small>: {escape(labels['names_count'])} {count} "
            f"{escape(ind.unit(lang))}</h3>"
        )
        for gap in names.gaps[names.gaps["indicator_id"] == ind_id].itertuples(index=False):
            out.append(
                f'<p class="discrepancy">{escape(labels["discrepancy"])}: '
                f"{escape(discrepancy_text(gap, lang))}</p>"
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
        out.append(
            f'<table class="names"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    out.append("</section>")
    return "\n".join(out)


def names_appendix_html(
    unit_code: str,
    year: int,
    delivery: Path | str | duckdb.DuckDBPyConnection | None = None,
    observations: pd.DataFrame | None = None,
    lang: str = "zh",
) -> str:
    """The appendix for one unit and year; empty when the delivery has no registers."""
    return appendix_html(report_names(unit_code, year, delivery, observations), lang)
