"""A CJK font for charts, PDFs and HTML pages, found on a machine with nothing installed by hand.

A system font with Chinese coverage (fontconfig) is preferred; otherwise the OFL
Noto Sans SC shipped by the ``pylopdf-fonts-zh-cn`` wheel is used, so Chinese
renders from a pip install alone. ``LUOYANG_CJK_FONT`` (a font file) overrides both.

The PDF step names the font file (:func:`css_font_face`). An HTML page is read on
other machines, which may have no Chinese font at all, so it carries the font
itself: cut down to the characters the page uses, as WOFF2 in a data: URL
(:func:`embed_cjk_font`). Both faces are called :data:`FAMILY`, the first name of
report.css's font-family stack, so the HTML and the PDF draw the same glyphs.
"""

from __future__ import annotations

import base64
import html
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

# Families preferred when several system fonts cover Chinese (sans first: reports use sans).
_PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)


@dataclass(frozen=True)
class CJKFont:
    path: Path
    named: str | None  # the family fontconfig named (a system font); else read when needed
    origin: str  # "env", "system" or "bundled"

    @cached_property
    def family(self) -> str:
        """The family name matplotlib knows the font by. Read only when asked (charts): it
        imports matplotlib (~0.6 CPU-s), which a worker cutting HTML fonts or making PDFs
        does not otherwise need."""
        return self.named or _family_of(self.path)


#: The font-family name of the CJK face, in the PDF and in the HTML pages (report.css names it first).
FAMILY = "LuoyangCJK"


def _system_font() -> CJKFont | None:
    if not shutil.which("fc-list"):
        return None
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file", "family"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found: dict[str, Path] = {}
    for line in out.splitlines():
        file, _, families = line.partition(": ")
        path = Path(file.strip())
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
            continue
        for fam in families.split(","):
            found.setdefault(fam.strip(), path)
    for fam in _PREFERRED:
        if fam in found:
            return CJKFont(found[fam], fam, "system")
    return None


@lru_cache(maxsize=1)
def cjk_font() -> CJKFont:
    """The CJK font used for charts and PDFs (see the module docstring for the order)."""
    env = os.environ.get("LUOYANG_CJK_FONT")
    if env and Path(env).is_file():
        return CJKFont(Path(env), None, "env")
    system = _system_font()
    if system is not None:
        return system
    import pylopdf_fonts_zh_cn

    return CJKFont(pylopdf_fonts_zh_cn.sans_path(), None, "bundled")


def _family_of(path: Path) -> str:
    from matplotlib import font_manager

    return font_manager.FontProperties(fname=str(path)).get_name()


def configure_matplotlib() -> None:
    """Make matplotlib draw Chinese with the CJK font, keeping DejaVu Sans for the rest."""
    import matplotlib as mpl

    font = _matplotlib_font()
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [font.family, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False
    # Fixed metadata so that the same inputs give the same PNG bytes.
    mpl.rcParams["svg.hashsalt"] = "luoyang"


@lru_cache(maxsize=1)
def _matplotlib_font() -> CJKFont:
    """The CJK font, added to matplotlib's font list once per process: each addfont
    parses the 8 MB file again, lengthens the list and empties the font-lookup cache
    (every chart of a kernel's notebooks looked its fonts up anew)."""
    from matplotlib import font_manager

    font = cjk_font()
    font_manager.fontManager.addfont(str(font.path))
    return font


def css_font_face() -> str:
    """An @font-face rule naming the CJK font file, for WeasyPrint."""
    font = cjk_font()
    return f"@font-face {{ font-family: '{FAMILY}'; src: url('{font.path.resolve().as_uri()}'); }}"


def page_chars(page: str) -> str:
    """The characters of ``page`` (an HTML text; character references count as the
    characters they stand for), sorted, control characters left out."""
    chars = set(page) | set(html.unescape(page))
    return "".join(sorted(c for c in chars if c >= " "))


def embedded_font_face(page: str) -> str:
    """An @font-face rule for :data:`FAMILY` whose data: URL holds the CJK font cut down
    to the characters of ``page``, as base64 WOFF2."""
    return _font_face_for(cjk_font(), page_chars(page))


def embed_cjk_font(page: str) -> str:
    """``page`` with a <style> holding :func:`embedded_font_face` at the end of its <head>."""
    return with_style(page, embedded_font_face(page))


def with_style(page: str, css: str) -> str:
    """``page`` with a <style> holding ``css`` at the end of its <head>."""
    head_end = page.find("</head>")
    if head_end < 0:
        raise ValueError("the page has no </head> to put its font in")
    return page[:head_end] + f"<style>{css}</style>\n" + page[head_end:]


# A batch renders many pages in one worker; pages with the same characters (an
# unchanged report rebuilt, the same labels) share one subset.
@lru_cache(maxsize=32)
def _font_face_for(font: CJKFont, chars: str) -> str:
    data = base64.b64encode(_subset_woff2(font, chars)).decode("ascii")
    return (
        f"@font-face {{ font-family: '{FAMILY}'; font-display: block; "
        f"src: url(data:font/woff2;base64,{data}) format('woff2'); }}"
    )


def _subset_woff2(font: CJKFont, chars: str) -> bytes:
    """The font cut down to ``chars``, as WOFF2 bytes.

    HarfBuzz's subsetter (uharfbuzz, which bundles it) cuts it in ~0.03 s where
    fontTools takes ~0.45 s (the subset and the recompiled CFF table); fontTools
    then only wraps HarfBuzz's tables, unread, as WOFF2. It keeps fontTools' list
    of layout features and the hints: without hints the subset is ~15% smaller but
    browsers rasterise its glyphs a little differently from the font file's (the
    PDF's, an installed font's); with them the page is drawn pixel for pixel the
    same (test_browser). Subroutines are inlined: the same outlines, ~5% smaller.
    """
    from unittest import mock

    from fontTools.ttLib import TTFont, woff2

    cut = harfbuzz_subset(_harfbuzz_face(font), chars)
    # recalcTimestamp=False keeps head.modified, so the same page gives the same bytes.
    tt = TTFont(io.BytesIO(cut), recalcTimestamp=False, lazy=True)
    tt.flavor = "woff2"
    out = io.BytesIO()
    with mock.patch.object(woff2, "brotli", _Brotli(woff2.brotli)):
        tt.save(out)
    return out.getvalue()


class _Brotli:
    """fontTools' brotli with a quality of :data:`WOFF2_QUALITY` instead of the slowest, 11.

    For a county report's subset quality 11 took 0.38 CPU-s, 9 takes 0.02 s and
    makes the font 7% larger (92 → 99 KB in a page of ~1.2 MB). fontTools has no
    setting for it, so its module's ``brotli`` is replaced during one save.
    """

    def __init__(self, brotli):
        self._brotli = brotli

    def __getattr__(self, name):
        return getattr(self._brotli, name)

    def compress(self, data, **options):
        return self._brotli.compress(data, **{**options, "quality": WOFF2_QUALITY})


#: Brotli quality of the WOFF2 fonts embedded in HTML pages (see :class:`_Brotli`).
WOFF2_QUALITY = 9


def harfbuzz_subset(face, chars: str) -> bytes:
    """HarfBuzz's cut of ``face`` (a ``uharfbuzz.Face``) down to ``chars``: a font file's bytes.

    Subroutines (CFF) are inlined: the same outlines, ~5% smaller.
    """
    import uharfbuzz as hb

    request = hb.SubsetInput()
    request.unicode_set.update(ord(c) for c in chars)
    # fontTools' list of layout features, not HarfBuzz's shorter one: without 'chws'
    # (CJK punctuation spacing) browsers set "）：" wider than with the font file.
    request.layout_feature_tag_set.clear()
    request.layout_feature_tag_set.update(_layout_features())
    request.flags = hb.SubsetFlags.DESUBROUTINIZE
    return hb.subset(face, request).blob.data


@lru_cache(maxsize=1)
def _layout_features() -> tuple[int, ...]:
    """fontTools' default layout features, as HarfBuzz's 32-bit tags."""
    from fontTools.subset import Options

    return tuple(int.from_bytes(tag.encode("ascii"), "big") for tag in Options().layout_features)


@lru_cache(maxsize=4)
def _harfbuzz_face(font: CJKFont):
    """HarfBuzz's face of ``font`` (the file is read once per process)."""
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(font.path)), face_index(font))


def face_index(font: CJKFont) -> int:
    """The number of ``font.family``'s face in its file (a collection such as a system
    .ttc holds several); 0 when none is named so."""
    from fontTools.ttLib import TTCollection, TTFont

    if font.path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    count = len(TTCollection(font.path, lazy=True).fonts)
    for number in range(count):
        tt = TTFont(font.path, fontNumber=number, lazy=True)
        if font.family in {rec.toUnicode() for rec in tt["name"].names if rec.nameID in (1, 16)}:
            return number
    return 0
