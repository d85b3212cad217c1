from __future__ import annotations

import warnings

from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.presentation import charts, fonts


def test_a_cjk_font_is_found():
    font = fonts.cjk_font()
    assert font.path.is_file() and font.origin in ("env", "system", "bundled")
    assert "url('file://" in fonts.css_font_face()


def test_charts_draw_chinese_without_missing_glyphs():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = charts.target_paths(default_catalogue(), "smart", "zh")
        png = charts.to_png(fig)
    assert png.startswith(b"\x89PNG")
    missing = [
        str(w.message)
        for w in caught
        if "missing from" in str(w.message) or "Glyph" in str(w.message)
    ]
    assert not missing, missing
