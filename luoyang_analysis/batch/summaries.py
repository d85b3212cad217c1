"""Outputs for the whole batch: ``reports/<year>/summary.xlsx`` and ``reports/index.html``."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from functools import cache
from html import escape
from pathlib import Path

import duckdb
import pandas as pd

from luoyang_analysis import __version__, digests, gaps, i18n, paths, provenance
from luoyang_analysis.batch import index_filter, runner
from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.catalogue.units import units_in
from luoyang_analysis.deliveries.processed import processed_dir_for
from luoyang_analysis.deliveries.qualifiers import DEFAULT_QUALIFIER, QUALIFIERS
from luoyang_analysis.deliveries.registers import DATABASE_NAME
from luoyang_analysis.files import atomic_write_bytes, fixed_zip_times
from luoyang_analysis.gaps import metrics
from luoyang_analysis.presentation import fonts, style
from luoyang_analysis.presentation.assessment import coverage_text

SUMMARY_COLUMNS = [
    "unit_code",
    "unit_name_zh",
    "indicator_id",
    "name_zh",
    "name_en",
    "unit_of_measure",
    "year",
    "target_year",
    "target_value",
    "target_kind",
    "comparison",
    "accumulation",
    "actual_value",
    "actual_qualifier",
    "qualifier_zh",
    "obs_status_sdmx",
    "obs_status_gss",
    "missing_years",
    "actual_basis",
    "actual_source",
    "actual_data_note",
    "gap",
    "completion_rate",
    "contribution_share",
    "status",
    "status_zh",
    "target_source",
    "opening_stock",
    "alt_reading",
    "alt_status",
    "alt_status_zh",
    "reading_sensitive",
    "expected_value",
    "required_annual_pace",
    "responsible_units",
    "note",
]


def _observation_status(frame: pd.DataFrame) -> pd.DataFrame:
    """The qualifier's Chinese label and its SDMX CL_OBS_STATUS and GSS codes, beside it.

    An exact value is 确数 (A); a row without any value is missing (the code of 未公开,
    its label left blank: the status says 无数据); a lower bound has no code in either list.
    """
    qualifier = frame["actual_qualifier"].where(frame["actual_qualifier"].notna(), "")
    no_value = frame["actual_value"].isna() & (qualifier == "")
    q = qualifier.mask(qualifier == "", DEFAULT_QUALIFIER).mask(no_value, "not_published")
    labels = i18n.group("qualifier", "zh")
    return frame.assign(
        qualifier_zh=[
            ("" if blank else labels.get(k, "")) for k, blank in zip(q, no_value, strict=True)
        ],
        obs_status_sdmx=[QUALIFIERS[k].sdmx if k in QUALIFIERS else "" for k in q],
        obs_status_gss=[QUALIFIERS[k].gss if k in QUALIFIERS else "" for k in q],
    )


def summary_workbook_bytes(
    all_gaps: pd.DataFrame,
    manifest: dict,
    year: int,
    database: Path | None = None,
    observations: pd.DataFrame | None = None,
) -> bytes:
    """Every unit's gap table for one year, one sheet per plan, a sheet on where it came from,
    and, when the delivery has registers (``database``, its processed DuckDB file), one sheet
    per register and the reported totals that differ from the names."""

    catalogue = default_catalogue()
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for plan_id, plan in catalogue.plans.items():
            frame = _observation_status(all_gaps[all_gaps["plan"] == plan_id])[SUMMARY_COLUMNS]
            frame.to_excel(writer, sheet_name=plan.short_zh, index=False)
            ws = writer.sheets[plan.short_zh]
            ws.freeze_panes = "C2"
            for col, width in zip("ABCDEFG", (9, 10, 34, 30, 30, 8, 6), strict=True):
                ws.column_dimensions[col].width = width
        about = pd.DataFrame(
            [
                ("说明", "示例数据（非官方统计）" if manifest.get("illustrative") else "正式数据"),
                ("year", year),
                ("data", manifest.get("data")),
                ("package_version", __version__),
                ("git_commit", provenance.git_commit() or ""),
                ("generated", provenance.generation_time().isoformat()),
            ]
            + [(f"sha256 {f['path']}", f["sha256"]) for f in manifest.get("files", [])],
            columns=["item", "value"],
        )
        about.to_excel(writer, sheet_name="来源 provenance", index=False)
        if database is not None and Path(database).is_file():
            con = duckdb.connect(str(database), read_only=True)
            try:
                add_register_sheets(writer, con, observations)
            finally:
                con.close()
        writer.book.properties.created = provenance.generation_time().replace(tzinfo=None)
        writer.book.properties.modified = writer.book.properties.created
    return fixed_zip_times(buf.getvalue())


def add_register_sheets(writer: pd.ExcelWriter, delivery, observations: pd.DataFrame) -> None:
    """One sheet per register of the delivery, and the reported totals that differ from the names.

    ``delivery``: a delivery folder or an open database connection. Amounts, years and
    quantities stay numbers, dates become date cells, credit codes and county codes text.
    """
    from luoyang_analysis.deliveries.registers import connect
    from luoyang_analysis.gaps.registers import discrepancies

    con = delivery if hasattr(delivery, "execute") else connect(delivery)
    for kind in ("enterprises", "recognitions", "projects", "retirements"):
        frame = con.execute(f"SELECT * FROM {kind} ORDER BY _file, _row").df()
        for col in frame.columns:  # DATE comes back as midnight timestamps: dates, not times
            if pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = frame[col].dt.date.astype(object).where(frame[col].notna(), None)
        if not frame.empty:
            frame.to_excel(writer, sheet_name=kind, index=False)
    table = discrepancies(observations, con)
    if not table.empty:
        table.drop(columns="names").to_excel(writer, sheet_name="discrepancies", index=False)
    if con is not delivery:
        con.close()


def _digest(observations: pd.DataFrame, manifest: dict, *parts: str) -> str:
    """The inputs of a batch-wide output: the library, the rows' content, the raw files'
    content (the provenance sheet and the footer list their SHA-256; the registers live
    there), the sample banner (on or off) and ``parts``; like the reports', never where the
    delivery lies."""
    return digests.sha256_parts(
        digests.library_digest(),
        runner.rows_digest(observations),
        str(manifest.get("raw_digest", "")),
        str(bool(manifest.get("illustrative"))),
        *parts,
    )


def _write_stamped(target: Path, data: bytes, digest: str) -> None:
    atomic_write_bytes(target, data)
    digests.write_stamp(
        digests.stamp_path(target), digest, [target]
    )  # after the file it vouches for


def write_summary_workbook(
    observations: pd.DataFrame,
    manifest: dict,
    year: int,
    lang: str = "zh",
    data: Path | None = None,
    gaps_of: Callable[[int], pd.DataFrame] | None = None,
) -> list[Path]:
    """Write reports/<year>/summary.xlsx unless its inputs (data, library, year) are unchanged.

    ``data``: the delivery, whose processed database gives the register sheets (the raw
    registers are part of the digest through ``raw_digest``). ``gaps_of``: the gap tables of
    ``observations`` for a year (:func:`gaps_by_year`), when the caller shares them.
    """
    target = runner.output_dir(year, lang) / "summary.xlsx"
    digest = _digest(observations, manifest, str(year), lang)
    if digests.is_current(digests.stamp_path(target), digest, [target]):
        return []
    all_gaps = (gaps_of or gaps_by_year(observations))(year)
    database = processed_dir_for(data) / DATABASE_NAME if data is not None else None
    content = summary_workbook_bytes(all_gaps, manifest, year, database, observations)
    _write_stamped(target, content, digest)
    return [target]


def write_subsidies_workbook(data: Path, manifest: dict, year: int, lang: str = "zh") -> list[Path]:
    """Write reports/<year>/subsidies.xlsx unless its inputs (registers, library, year) are unchanged."""
    from luoyang_analysis.presentation import subsidies, subsidies_workbook

    target = runner.output_dir(year, lang) / "subsidies.xlsx"
    registers = subsidies.input_files(data)
    digest = digests.sha256_parts(
        digests.library_digest(),
        *(digests.sha256_file(p) for p in registers.values()),
        str(year),
        lang,
    )
    if digests.is_current(digests.stamp_path(target), digest, [target]):
        return []
    estimate = subsidies.setup(year, lang, data)
    about = [("data", str(manifest.get("data", ""))), ("year", str(year))] + [
        (f"sha256 {p.name}", provenance.sha256_file(p)) for p in registers.values()
    ]
    _write_stamped(target, subsidies_workbook.workbook_bytes(estimate, about), digest)
    return [target]


def gaps_by_year(observations: pd.DataFrame) -> Callable[[int], pd.DataFrame]:
    """The gap tables of every unit of ``observations`` for a year, each year computed once:
    the summary workbook and the index show the same tables (~1 CPU-s a year)."""
    return cache(lambda year: gaps.compute_all(observations, year))


def index_html(
    observations: pd.DataFrame,
    manifest: dict,
    lang: str = "zh",
    gaps_of: Callable[[int], pd.DataFrame] | None = None,
) -> str:
    """reports/index.html: every report of every year built, with a colour grid of statuses."""
    labels = i18n.labels(lang)
    root = paths.reports_dir()
    years = (
        sorted({int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()})
        if root.is_dir()
        else []
    )
    words = i18n.group("index", lang)
    head = "".join(
        f"<th>{escape(words[k])}</th>" for k in ("code", "unit", "reports", "coverage", "status")
    )
    parts = index_filter.page_parts(years, lang)
    sections = []
    gaps_of = gaps_of or gaps_by_year(observations)
    for year in years:
        all_gaps = gaps_of(year)
        rows = []
        for unit in units_in(year):
            base = runner.output_dir(year, lang) / unit.code
            links = " ".join(
                f'<a href="{escape(base.with_suffix("." + f).relative_to(root).as_posix())}">{f.upper()}</a>'
                for f in ("html", "pdf")
                if base.with_suffix("." + f).exists()
            )
            g = metrics.assessed(all_gaps[all_gaps["unit_code"] == unit.code])
            c = metrics.coverage(g)
            covered = f"{c['judged']}/{c['total']}" if c["total"] else ""
            cells = "".join(
                f'<span class="cell" {index_filter.target_attrs(r)} title="{escape(r[i18n.column("name", lang)])}：{escape(i18n.status_label(r["status"], lang))}" '
                f'style="background:{style.status_colour(r["status"])}"></span>'
                for _, r in g.iterrows()
            )
            rows.append(
                f'<tr data-f data-unit="{unit.code}"><td>{unit.code}</td>'
                f"<td>{escape(unit.name(lang))}</td><td>{links}</td>"
                f"<td class='num' title='{escape(coverage_text(c, lang))}'>{covered}</td>"
                f"<td class='grid'>{cells}</td></tr>"
            )
        xlsx = runner.output_dir(year, lang) / "summary.xlsx"
        xlsx_link = (
            f' · <a href="{escape(xlsx.relative_to(root).as_posix())}">summary.xlsx</a>'
            if xlsx.exists()
            else ""
        )
        sections.append(
            f"<h2>{year}{xlsx_link}</h2><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + parts[str(year)]
        )
    legend = "".join(
        f'<span class="cell" style="background:{c}"></span> {escape(i18n.status_label(s, lang))} &nbsp; '
        for s, c in style.STATUS_COLOURS.items()
        if s not in ("no_target", "contribution")
    )
    overview = ""
    for f in ("html", "pdf"):
        p = root / i18n.subdir(lang) / f"targets_overview.{f}"
        if p.exists():
            overview += f' <a href="{escape(p.relative_to(root).as_posix())}">{f.upper()}</a>'
    banner = (
        f'<div class="banner">{escape(runner.SAMPLE_BANNER[lang])}</div>'
        if manifest.get("illustrative")
        else ""
    )
    css = style.stylesheet()
    page = (
        f'<!DOCTYPE html><html lang="{i18n.text("meta.html_lang", lang)}"><head><meta charset="utf-8"><title>{escape(words["title"])}</title>'
        f"<style>{css}.cell{{display:inline-block;width:11px;height:11px;margin:1px;border-radius:2px}}td.grid{{line-height:0.8}}</style></head><body>"
        f"{banner}<h1 class='report-title'>{escape(words['heading'])}</h1>"
        f"<p>{escape(labels['targets_overview_title'])}：{overview}</p><p>{legend}</p>{parts['controls']}{''.join(sections)}"
        f"{parts['final']}{parts['bulletins']}{parts['script']}"
        f"<footer class='provenance'>luoyang-analysis {__version__} · {escape(str(manifest.get('data', '')))} · "
        f"{escape(json.dumps({f['path']: f['sha256'][:12] for f in manifest.get('files', [])}, ensure_ascii=False))}</footer></body></html>"
    )
    return fonts.embed_cjk_font(page)


def write_index(
    observations: pd.DataFrame,
    manifest: dict,
    lang: str = "zh",
    gaps_of: Callable[[int], pd.DataFrame] | None = None,
) -> list[Path]:
    """Write reports/index.html unless the reports present and their inputs are unchanged."""
    root = paths.reports_dir()
    target = root / i18n.text("meta.index_file", lang)
    present = (
        sorted(
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.suffix in (".html", ".pdf", ".xlsx") and p != target
        )
        if root.is_dir()
        else []
    )
    digest = _digest(observations, manifest, lang, *present)
    if digests.is_current(digests.stamp_path(target), digest, [target]):
        return []
    _write_stamped(
        target, index_html(observations, manifest, lang, gaps_of).encode("utf-8"), digest
    )
    return [target]


__all__ = ["gaps_by_year", "write_summary_workbook", "write_subsidies_workbook", "write_index"]
