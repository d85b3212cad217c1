"""The PDF engines: Chromium kept open over its DevTools pipe, WeasyPrint where there is none.

Chromium tests are skipped, with the reason, only where no Chromium is installed
(the set-up installs Debian's as root); the hostile ones use fake browsers and
always run.
"""

from __future__ import annotations

import base64
import io
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from luoyang_analysis.exceptions import ReportError, SettingError
from luoyang_analysis.presentation import chromium, fonts, pdf, style, truetype
from tests.helpers import embedded_fonts

HAS_CHROMIUM = chromium.binary() is not None
needs_chromium = pytest.mark.skipif(
    not HAS_CHROMIUM,
    reason="no Chromium installed: the set-up installs Debian's when run as root "
    "(rm .venv/.sysdeps && make .venv/.installed)",
)

# Two A4 pages: a forced break after the first paragraph. The reports' own stylesheet
# (report.css: A4, margins, fonts, the "page / pages" footer) and running header rule.
PAGE = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试页</title>
<style>{style.stylesheet()}
@page {{ @top-center {{ content: "洛阳市 · 2020"; }} }}</style></head>
<body><h1>洛阳市工业绿色化改造</h1><p>涧西区：已完成 3 个，差距 2 个。</p>
<p style="break-before: page">第二页：嵩县未完成。</p></body></html>"""


@pytest.fixture(autouse=True)
def _own_browser():
    """Each test starts without this process's browser and leaves none behind."""
    chromium.close()
    yield
    chromium.close()


# ----------------------------------------------------------------------------- engine choice


def test_engine_setting_is_read_and_a_wrong_one_is_refused(monkeypatch):
    monkeypatch.setenv(pdf.ENV_ENGINE, "WeasyPrint ")
    assert pdf.engine() == "weasyprint"
    monkeypatch.setenv(pdf.ENV_ENGINE, "princexml")
    with pytest.raises(SettingError) as err:
        pdf.engine()
    message = str(err.value)
    assert "LUOYANG_PDF_ENGINE='princexml'" in message and "chromium or weasyprint" in message
    assert "\n" not in message
    monkeypatch.delenv(pdf.ENV_ENGINE)
    monkeypatch.setenv(chromium.ENV_BINARY, "/opt/some/chrome")
    assert pdf.engine() == "chromium"  # a browser named explicitly is the automatic choice


def test_a_missing_browser_binary_is_one_line_naming_the_way_out(monkeypatch, tmp_path):
    monkeypatch.setenv(chromium.ENV_BINARY, str(tmp_path / "no-such-chromium"))
    monkeypatch.delenv(pdf.ENV_ENGINE, raising=False)
    with pytest.raises(ReportError) as err:
        pdf.html_to_pdf(PAGE)
    message = str(err.value)
    assert "no-such-chromium" in message and "LUOYANG_PDF_ENGINE=weasyprint" in message
    assert "\n" not in message


def _fake_browser(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-chromium"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_a_browser_that_never_answers_times_out(tmp_path):
    start = time.monotonic()
    with pytest.raises(ReportError, match=r"did not answer within 1 s"):
        chromium.Browser(_fake_browser(tmp_path, "exec sleep 60"), timeout=1.0)
    assert time.monotonic() - start < 15


def test_a_browser_that_dies_at_once_is_reported_with_its_status(tmp_path):
    with pytest.raises(ReportError) as err:
        chromium.Browser(_fake_browser(tmp_path, "echo 'no display found' >&2; exit 3"), timeout=20)
    assert "the PDF browser stopped" in str(err.value)
    assert "no display found" in str(err.value)


# ----------------------------------------------------------------------------- printing


def _check_two_page_pdf(data: bytes, path: Path) -> None:
    path.write_bytes(data)
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    # A4 is 210 × 297 mm = 595.3 × 841.9 pt (1 pt = 25.4/72 mm)
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1
    first, second = (p.extract_text() for p in reader.pages)
    assert "涧西区" in first and "已完成 3 个" in first and "嵩县" not in first
    assert "第二页" in second and "嵩县未完成" in second
    # the running header and the footer, from the page's @page rules
    assert "洛阳市 · 2020" in first and "1 / 2" in first and "2 / 2" in second
    assert any("SC" in f or "CJK" in f for f in embedded_fonts(path)), embedded_fonts(path)


@needs_chromium
def test_chromium_prints_the_page_rules_text_and_an_embedded_cid_font(tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.ENV_ENGINE, "chromium")
    data = pdf.html_to_pdf(PAGE)
    _check_two_page_pdf(data, tmp_path / "chromium.pdf")
    # The CJK face is a subset CID font with TrueType outlines (FontFile2), not Type 3.
    assert re.search(rb"/CIDFontType2", data) and re.search(rb"/FontFile2", data)


def test_weasyprint_prints_the_same_page(tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.ENV_ENGINE, "weasyprint")
    _check_two_page_pdf(pdf.html_to_pdf(PAGE), tmp_path / "weasyprint.pdf")


@needs_chromium
def test_one_browser_serves_a_process_and_a_dead_one_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.ENV_ENGINE, "chromium")
    pdf.html_to_pdf(PAGE)
    first = chromium.printer()
    pdf.html_to_pdf(PAGE)
    assert chromium.printer() is first  # the second page reused it
    profile = first._folder
    assert profile.is_dir()
    first.process.kill()
    first.process.wait()
    data = pdf.html_to_pdf(PAGE)  # a new browser, and the page still prints
    assert data.startswith(b"%PDF-") and chromium.printer() is not first
    assert not profile.exists()  # the dead one's folder went with it
    second = chromium.printer()
    chromium.close()
    assert second.process.poll() is not None and not second._folder.exists()


@needs_chromium
def test_the_browser_ends_when_its_process_is_killed(tmp_path):
    """A SIGKILLed worker cannot close its browser; the broken pipe must end it."""
    code = (
        "from luoyang_analysis.presentation import chromium\n"
        "b = chromium.printer()\n"
        "print(b.process.pid, flush=True)\n"
        "import time; time.sleep(120)\n"
    )
    owner = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        browser_pid = int(owner.stdout.readline())
        browser = psutil.Process(browser_pid)
        family = [browser, *browser.children(recursive=True)]
        os.kill(owner.pid, signal.SIGKILL)
        owner.wait(timeout=10)
        gone, alive = psutil.wait_procs(family, timeout=15)
        assert not alive, [p.cmdline()[:2] for p in alive]
    finally:
        if owner.poll() is None:
            owner.kill()


# ----------------------------------------------------------------------------- TrueType outlines


def _cff_subset(text: str) -> bytes:
    return fonts.harfbuzz_subset(fonts._harfbuzz_face(fonts.cjk_font()), text)


def test_conversion_keeps_each_glyph_within_a_font_unit_and_its_advance():
    cff = TTFont(io.BytesIO(_cff_subset("洛阳市（区）：3%")))
    if "CFF " not in cff:
        pytest.skip("the CJK font in use has TrueType outlines already; nothing is converted")
    tt = TTFont(io.BytesIO(truetype.convert(_cff_subset("洛阳市（区）：3%"))))
    assert "glyf" in tt and "CFF " not in tt
    # every character maps to the glyph of the same number (names: CFF's vs generated)
    glyph_ids = {
        font: {c: font.getGlyphID(n) for c, n in font.getBestCmap().items()} for font in (cff, tt)
    }
    assert glyph_ids[cff] == glyph_ids[tt]
    cff_glyphs, tt_glyphs = cff.getGlyphSet(), tt.getGlyphSet()
    for char in "洛阳市（区）：3%":
        old, new = cff.getBestCmap()[ord(char)], tt.getBestCmap()[ord(char)]
        assert tt["hmtx"][new] == cff["hmtx"][old]  # advance and side bearing kept
        before, after = BoundsPen(cff_glyphs), BoundsPen(tt_glyphs)
        cff_glyphs[old].draw(before)
        tt_glyphs[new].draw(after)
        # cu2qu's max_err is 1 font unit; bounds round to whole units: within 2
        assert all(abs(a - b) <= 2 for a, b in zip(before.bounds, after.bounds, strict=True)), char


def test_converted_font_is_cached_per_font_file_and_made_once(tmp_path, monkeypatch):
    font_file = tmp_path / "Tiny-Regular.otf"
    font_file.write_bytes(_cff_subset("洛阳市0123456789"))
    if "CFF " not in TTFont(font_file):
        pytest.skip("the CJK font in use has TrueType outlines already; nothing is converted")
    monkeypatch.setenv("LUOYANG_CJK_FONT", str(font_file))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fonts.cjk_font.cache_clear()
    truetype._face.cache_clear()
    try:
        page = "<html><head></head><body>洛阳市 2020</body></html>"
        printed = truetype.embed_print_font(page)
        cached = list((tmp_path / "cache" / "luoyang-analysis").glob("Tiny-Regular-0-*.ttf"))
        assert len(cached) == 1 and "glyf" in TTFont(cached[0])
        data = re.search(r"data:font/ttf;base64,([A-Za-z0-9+/=]+)", printed).group(1)
        cut = TTFont(io.BytesIO(base64.b64decode(data)))
        # the page's characters that the tiny font has: 洛 阳 市 2 0 (space: not in it)
        assert {ord(c) for c in "洛阳市20"} <= set(cut.getBestCmap())
        assert ord("9") not in cut.getBestCmap()
        # A new process (cache cleared) finds the file and converts nothing.
        truetype._face.cache_clear()
        monkeypatch.setattr(truetype, "convert", lambda *a: pytest.fail("converted again"))
        truetype.embed_print_font(page)
    finally:
        fonts.cjk_font.cache_clear()
        truetype._face.cache_clear()


def test_without_a_writable_cache_the_font_is_converted_in_memory(tmp_path, monkeypatch):
    font_file = tmp_path / "Tiny-Regular.otf"
    font_file.write_bytes(_cff_subset("洛阳"))
    if "CFF " not in TTFont(font_file):
        pytest.skip("the CJK font in use has TrueType outlines already; nothing is converted")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("LUOYANG_CJK_FONT", str(font_file))
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    fonts.cjk_font.cache_clear()
    truetype._face.cache_clear()
    try:
        printed = truetype.embed_print_font("<html><head></head><body>洛阳</body></html>")
        assert "data:font/ttf;base64," in printed
        assert blocker.read_text(encoding="utf-8").startswith("a file")  # left as it was
    finally:
        fonts.cjk_font.cache_clear()
        truetype._face.cache_clear()


@needs_chromium
def test_after_close_for_good_no_browser_is_started_again():
    """A worker whose batch is gone closes its browser for good (kernel.watch_parent); a
    report still running there must not open another that nobody would close."""
    code = (
        "import threading\n"
        "from luoyang_analysis.presentation import chromium\n"
        "first = chromium.printer()\n"
        "chromium.close_for_good()\n"
        "print('closed', first.process.poll() is not None, flush=True)\n"
        "t = threading.Thread(target=chromium.printer, daemon=True)\n"
        "t.start(); t.join(3)\n"
        "print('waiting', t.is_alive(), chromium._BROWSER is None, flush=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[:2] == ["closed True", "waiting True True"], done.stderr


@needs_chromium
def test_a_closed_browser_leaves_nothing_in_the_temporary_folder(monkeypatch, request):
    """Chromium's own temporary files (its profile's singleton socket folder) go inside
    the browser's folder, deleted on close, even when the browser is killed."""
    import shutil
    import tempfile

    # short: Chromium puts a Unix socket below it (at most 107 bytes of path)
    temporary = Path(tempfile.mkdtemp(prefix="lyt-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(temporary, ignore_errors=True))
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv(pdf.ENV_ENGINE, "chromium")
    pdf.html_to_pdf(PAGE)
    assert list(temporary.iterdir())  # the browser's folder, while it runs
    chromium.close()
    assert list(temporary.iterdir()) == []


@needs_chromium
def test_a_worker_s_browser_folder_is_made_in_the_batch_s_folder(monkeypatch, request):
    """A batch worker's browser folder is in the pool's folder, which the batch deletes
    even when the worker is SIGKILLed and cannot delete its own."""
    import shutil
    import tempfile

    pool = Path(tempfile.mkdtemp(prefix="lyp-", dir="/tmp"))  # short: a socket goes below it
    request.addfinalizer(lambda: shutil.rmtree(pool, ignore_errors=True))
    monkeypatch.setattr(chromium, "_WITHIN", [])
    monkeypatch.setenv(pdf.ENV_ENGINE, "chromium")
    chromium.keep_in(str(pool))
    pdf.html_to_pdf(PAGE)
    assert chromium.printer()._folder.parent == pool
    chromium.close()
    assert list(pool.iterdir()) == []
