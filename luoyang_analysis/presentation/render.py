"""Turn a parameterised notebook into a report: execute (papermill), HTML (nbconvert), PDF (:mod:`pdf`).

Every output is written to a temporary file beside its destination and renamed
into place, so a killed run leaves either the old file or the new one, never a
half-written one.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from luoyang_analysis import i18n, paths, provenance
from luoyang_analysis.exceptions import ReportError
from luoyang_analysis.files import atomic_write_bytes, atomic_write_text
from luoyang_analysis.presentation import fonts, style
from luoyang_analysis.presentation.pdf import html_to_pdf

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf")

#: The page template and its stylesheet.
TEMPLATES_DIR = style.TEMPLATES_DIR


# ------------------------------------------------------------------ steps


def execute_notebook(
    notebook: Path,
    output: Path,
    parameters: dict,
    *,
    cwd: Path | None = None,
    km=None,
):
    """Run ``notebook`` with ``parameters`` through papermill's Python API; keep the executed copy.

    ``km``: a started kernel manager to run it in (the batch keeps one per worker,
    :mod:`luoyang_analysis.batch.kernel`); without one papermill starts a kernel
    for this notebook alone.

    The executed notebook is written atomically to ``output`` even when a cell
    fails (it shows the error, for audit), then a :class:`ReportError` names the cell.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp.ipynb")
    os.close(fd)
    os.chmod(tmp, 0o644)  # as readable as the reports beside it
    try:
        try:
            extra = {"km": km} if km is not None else {}
            nb = pm.execute_notebook(
                str(notebook),
                tmp,
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                cwd=str(cwd or paths.notebooks_dir()),
                log_output=False,
                **extra,
            )
        except PapermillExecutionError as exc:
            os.replace(tmp, output)
            raise ReportError(
                f"{notebook.name}: cell {exc.exec_count} failed with {exc.ename}: {exc.evalue}. "
                f"The executed notebook {output} shows the error."
            ) from None
        os.replace(tmp, output)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return nb  # what papermill wrote to ``output``, without reading and validating it again


def _strip_noise(nb) -> None:
    """Drop stderr streams (warnings) from what the reader sees; the executed notebook keeps them."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]


def css_string(text: str):
    """Text made safe inside a double-quoted CSS string in a <style> element (not HTML-escaped there)."""
    from markupsafe import Markup

    out = []
    for ch in str(text):
        if ch in '"\\<>&' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup("".join(out))


@dataclass(frozen=True)
class PageInfo:
    title: str
    subtitle: str = ""
    running_header: str = ""
    lang: str = "zh"
    banner: str | None = None


# One exporter and one page template per process: their templates are compiled once
# (~0.25 CPU-s), not for every report of a batch worker.
@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_markdown=True,  # markdown cells are notes for JupyterLab users, not report text
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


@lru_cache(maxsize=1)
def _page_template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    return env.get_template("page.html.j2")


def notebook_to_html(nb, page: PageInfo, record: dict, *, embed_font: bool = True) -> str:
    """A self-contained HTML page of the notebook's outputs (no code, no prompts, no CDN).

    The page carries the CJK font its characters need (:func:`fonts.embed_cjk_font`);
    ``embed_font=False`` leaves it out for the PDF step, which names the font file.
    """
    import copy

    import jinja2

    nb = copy.deepcopy(nb)
    _strip_noise(nb)
    for i, cell in enumerate(nb.cells):  # nbformat invents random ids; keep builds repeatable
        if "id" in cell:
            cell["id"] = f"cell-{i}"
    body, _ = _exporter().from_notebook_node(nb)
    css = style.stylesheet()
    html = _page_template().render(
        title=page.title,
        subtitle=page.subtitle,
        running_header=page.running_header or page.title,
        lang=page.lang,
        html_lang=i18n.text("meta.html_lang", page.lang),
        banner=page.banner,
        labels=i18n.labels(page.lang),
        css=jinja2.utils.markupsafe.Markup(css),
        body=jinja2.utils.markupsafe.Markup(body),
        provenance=record,
    )
    return fonts.embed_cjk_font(html) if embed_font else html


# ------------------------------------------------------------------ one report


def build_report(
    notebook: Path,
    out_stem: Path,
    parameters: dict,
    page: PageInfo,
    inputs: Iterable[Path],
    formats: Iterable[str] = FORMATS,
    km=None,
) -> list[Path]:
    """Execute ``notebook`` (in kernel ``km`` if given) and write ``<out_stem>.ipynb`` and the formats.

    Returns the files written. ``inputs`` are the files whose checksums the
    report's provenance lists.
    """
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ReportError(f"unknown format(s) {unknown}; use {', '.join(FORMATS)}.")
    executed = out_stem.with_suffix(".ipynb")
    nb = execute_notebook(notebook, executed, parameters, km=km)
    record = provenance.collect(list(inputs) + [notebook], parameters)
    # The PDF engines embed the font their own way (pdf.html_to_pdf), so the page goes
    # without the HTML file's copy; only the HTML file, read on other machines, carries it.
    html = notebook_to_html(nb, page, record, embed_font=False)
    written = [executed]
    if "pdf" in formats:
        pdf = out_stem.with_suffix(".pdf")
        atomic_write_bytes(pdf, html_to_pdf(html))
        written.append(pdf)
    if "html" in formats:
        target = out_stem.with_suffix(".html")
        atomic_write_text(target, fonts.embed_cjk_font(html))
        written.append(target)
    return written


def targets_overview_page(lang: str = "zh") -> PageInfo:
    """Title, subtitle and running header of the targets overview."""
    labels = i18n.labels(lang)
    return PageInfo(
        title=labels["targets_overview_title"],
        subtitle=labels["targets_overview_subtitle"],
        running_header=labels["targets_overview_title"],
        lang=lang,
    )


#: The files the targets overview is made from (its provenance).
TARGETS_OVERVIEW_INPUTS = (paths.TARGETS_FILE, paths.SOURCE_TEXT_FILE)


def build_targets_overview(
    lang: str = "zh", formats: Iterable[str] = FORMATS, out_dir: Path | None = None
) -> list[Path]:
    """``reports/targets_overview.{html,pdf}``: every target by plan and year (``--lang en``: ``reports/en/``)."""
    lang = i18n.check_lang(lang)
    out_dir = out_dir or paths.reports_dir() / i18n.subdir(lang)
    return build_report(
        paths.notebooks_dir() / "targets_overview.ipynb",
        out_dir / "targets_overview",
        {"lang": lang},
        targets_overview_page(lang),
        inputs=TARGETS_OVERVIEW_INPUTS,
        formats=formats,
    )
