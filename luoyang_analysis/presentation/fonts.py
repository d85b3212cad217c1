"""A CJK font for charts and PDFs, found on a machine with nothing installed by hand.

A system font with Chinese coverage (fontconfig) is preferred; otherwise the OFL
Noto Sans SC shipped by the ``pylopdf-fonts-zh-cn`` wheel is used, so Chinese
renders from a pip install alone. ``LUOYANG_CJK_FONT`` (a font file) overrides both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
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
    family: str
    origin: str  # "env", "system" or "bundled"


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
        return CJKFont(Path(env), _family_of(Path(env)), "env")
    system = _system_font()
    if system is not None:
        return system
    import pylopdf_fonts_zh_cn

    path = pylopdf_fonts_zh_cn.sans_path()
    return CJKFont(path, _family_of(path), "bundled")


def _family_of(path: Path) -> str:
    from matplotlib import font_manager

    return font_manager.FontProperties(fname=str(path)).get_name()


def configure_matplotlib() -> None:
    """Make matplotlib draw Chinese with the CJK font, keeping DejaVu Sans for the rest."""
    import matplotlib as mpl
    from matplotlib import font_manager

    font = cjk_font()
    font_manager.fontManager.addfont(str(font.path))
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [font.family, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False
    # Fixed metadata so that the same inputs give the same PNG bytes.
    mpl.rcParams["svg.hashsalt"] = "luoyang"


def css_font_face() -> str:
    """An @font-face rule naming the CJK font file, for WeasyPrint."""
    font = cjk_font()
    return (
        f"@font-face {{ font-family: 'LuoyangCJK'; src: url('{font.path.resolve().as_uri()}'); }}"
    )
