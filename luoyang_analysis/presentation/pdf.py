"""A report page (HTML) to PDF: printed by Chromium where the machine has it, else laid out by WeasyPrint.

Both engines read the same page and report.css (@page: A4, margins, running
header, "page / pages" footer) and embed the CJK font, cut to the page's
characters. Chromium (:mod:`chromium`, one browser per process) is about three
times cheaper per report and draws exactly what the HTML report shows in a
browser; WeasyPrint needs no browser, only Python packages and Pango, so a
machine without Chromium still gets its PDFs. ``LUOYANG_PDF_ENGINE`` chooses one
(``chromium`` or ``weasyprint``); the choice is part of each report's input digest,
so switching engines rebuilds the reports.
"""

from __future__ import annotations

import gc
import logging
import os

from luoyang_analysis import paths
from luoyang_analysis.exceptions import SettingError
from luoyang_analysis.presentation import chromium, fonts, truetype

ENV_ENGINE = "LUOYANG_PDF_ENGINE"
ENGINES = ("chromium", "weasyprint")


def engine() -> str:
    """The PDF engine this process uses: ``$LUOYANG_PDF_ENGINE``, else Chromium if found, else WeasyPrint."""
    chosen = os.environ.get(ENV_ENGINE, "").strip().lower()
    if chosen:
        if chosen not in ENGINES:
            raise SettingError(
                f"{ENV_ENGINE}={os.environ[ENV_ENGINE]!r} is not a PDF engine; "
                f"use {' or '.join(ENGINES)}, or unset it to choose automatically."
            )
        return chosen
    return "chromium" if chromium.binary() else "weasyprint"


def html_to_pdf(page: str) -> bytes:
    """A4 PDF of ``page`` (a report page without its font: each engine embeds its own)."""
    if engine() == "chromium":
        return chromium.printer().print_pdf(truetype.embed_print_font(page))
    return weasyprint_pdf(page)


def start() -> None:
    """Start this process's browser now, if the engine is Chromium (a batch worker does,
    while its kernel boots, so its first report does not wait for it)."""
    if engine() == "chromium":
        chromium.printer()


def weasyprint_pdf(page: str) -> bytes:
    """``page`` laid out by WeasyPrint, with the CJK font file embedded (subset)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # @font-face rules are only honoured when the same FontConfiguration is
    # given to the stylesheet and to write_pdf.
    font_config = FontConfiguration()
    css = weasyprint.CSS(string=fonts.css_font_face(), font_config=font_config)
    # No cyclic garbage collection during the layout: it makes hundreds of thousands
    # of small objects, and the collector walking them again and again cost ~0.2 CPU-s
    # of ~1.1 per report; collection resumes afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return weasyprint.HTML(string=page, base_url=str(paths.project_root())).write_pdf(
            stylesheets=[css], font_config=font_config
        )
    finally:
        if collecting:
            gc.enable()
