"""The CJK font with TrueType outlines, for the PDFs Chromium prints.

Chromium's PDF writer embeds a TrueType-outline font as a subset CID font, but
draws the glyphs of a CFF-outline font (the Noto and Source Han CJK fonts are
CFF) as Type 3 procedures: larger files, no hinting, no font a PDF checker can
name. So the CJK font's cubic outlines are converted to quadratic ones (fontTools'
cu2qu, within 1 font unit of 1,000 to the em) once per machine and font, about
15 CPU-s for Noto Sans SC's 31,000 glyphs, and kept in the user's cache folder
(``$XDG_CACHE_HOME/luoyang-analysis``, else ``~/.cache/luoyang-analysis``) under
the font file's checksum. Each page then only cuts it to its characters with
HarfBuzz (a few milliseconds). A font that has TrueType outlines is used as it is.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
from functools import lru_cache
from pathlib import Path

from luoyang_analysis.files import atomic_write_bytes
from luoyang_analysis.presentation import fonts

#: Changes to the conversion below bump this, so cached fonts are made again.
CONVERSION = "cu2qu-1"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "luoyang-analysis"


def embed_print_font(page: str) -> str:
    """``page`` with the CJK font for Chromium's PDF: the characters of the page, in
    TrueType outlines, as a data: URL (the page is printed from a file of its own)."""
    cut = fonts.harfbuzz_subset(_face(fonts.cjk_font()), fonts.page_chars(page))
    data = base64.b64encode(cut).decode("ascii")
    return fonts.with_style(
        page,
        f"@font-face {{ font-family: '{fonts.FAMILY}'; font-display: block; "
        f"src: url(data:font/ttf;base64,{data}) format('truetype'); }}",
    )


@lru_cache(maxsize=4)
def _face(font: fonts.CJKFont):
    """HarfBuzz's face of ``font`` with TrueType outlines (converted and cached if need be)."""
    import uharfbuzz as hb

    index = fonts.face_index(font)
    if not _has_cff(font, index):
        return hb.Face(hb.Blob.from_file_path(str(font.path)), index)
    target = cache_dir() / f"{font.path.stem}-{index}-{_checksum(font.path)}-{CONVERSION}.ttf"
    try:
        if not target.is_file():
            with _locked(target.with_suffix(".lock")):
                if not target.is_file():  # another process may have made it meanwhile
                    atomic_write_bytes(target, convert(font.path, index))
        return hb.Face(hb.Blob.from_file_path(str(target)), 0)
    except OSError:  # no writable cache folder: convert for this process only
        return hb.Face(hb.Blob(convert(font.path, index)), 0)


def _has_cff(font: fonts.CJKFont, index: int) -> bool:
    from fontTools.ttLib import TTFont

    return "CFF " in TTFont(font.path, fontNumber=index, lazy=True)


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked(lock: Path):
    """Hold ``lock`` (so two batch workers do not both convert); no-op where flock is missing."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: both may convert; the atomic write keeps the file whole
        yield
        return
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def convert(font: Path | bytes, index: int = 0) -> bytes:
    """The font file ``font`` (a path or its bytes; face ``index`` of a collection) with its
    CFF outlines made TrueType."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    source = io.BytesIO(font) if isinstance(font, bytes) else font
    tt = TTFont(source, fontNumber=index, recalcTimestamp=False)
    order = tt.getGlyphOrder()
    glyph_set = tt.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    tt["glyf"], tt["loca"] = glyf, newTable("loca")
    for tag in ("CFF ", "VORG"):  # VORG belongs to CFF fonts only
        if tag in tt:
            del tt[tag]
    maxp = tt["maxp"]
    maxp.tableVersion = 0x00010000  # the TrueType form, with the fields below
    for field in (
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
    ):  # fmt: skip
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    tt["head"].glyphDataFormat = 0
    tt["post"].formatType = 3.0  # no glyph names (the CFF table held them)
    tt.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()
