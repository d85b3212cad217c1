from __future__ import annotations

import warnings

import pytest

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


def _subset_in(rule: str):
    """The font inside an @font-face rule's data: URL, opened with fontTools."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    data = re.search(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", rule).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_embedded_font_holds_exactly_the_characters_of_the_page():
    # 洛 and 阳 written out, 市 as a character reference (&#x5E02; = U+5E02 市); 县 absent.
    page = "<html><head><title>x</title></head><body><p>洛阳&#x5E02;</p></body></html>"
    rule = fonts.embedded_font_face(page)
    assert rule.startswith(f"@font-face {{ font-family: '{fonts.FAMILY}';")
    font = _subset_in(rule)
    assert font.flavor == "woff2"
    cmap = set(font.getBestCmap())
    assert {ord("洛"), ord("阳"), ord("市")} <= cmap
    assert ord("县") not in cmap
    # Nothing beyond the page's characters: the markup's ASCII and the three above.
    assert cmap <= {ord(c) for c in page} | {ord("市")}
    assert {ord(c) for c in "<html>/p"} <= cmap


def test_embedded_font_is_cut_once_per_character_set_and_is_repeatable():
    fonts._font_face_for.cache_clear()
    first = fonts.embedded_font_face("<head></head>一二")
    # the same characters in another order and count: served from the cache
    again = fonts.embedded_font_face("二一<head></head>一")
    assert again is first and fonts._font_face_for.cache_info().hits == 1
    fonts._font_face_for.cache_clear()
    assert fonts.embedded_font_face("<head></head>一二") == first  # same bytes when cut anew


def test_embed_puts_the_rule_at_the_end_of_the_head():
    page = "<!DOCTYPE html><html><head><style>p{}</style></head><body>评估</body></html>"
    out = fonts.embed_cjk_font(page)
    head, body = out.split("</head>")
    assert head.startswith("<!DOCTYPE html><html><head><style>p{}</style><style>@font-face")
    assert body == "<body>评估</body></html>"
    assert ord("评") in _subset_in(head).getBestCmap()


def test_embed_refuses_a_page_without_head():
    with pytest.raises(ValueError, match="no </head>"):
        fonts.embed_cjk_font("<p>评估</p>")


def test_a_font_collection_gives_the_face_of_the_chosen_family(tmp_path):
    """A system .ttc holds several faces: the one named by the font's family is cut."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    def small(family: str, text: str) -> TTFont:
        tt = TTFont(fonts.cjk_font().path, lazy=True)
        subsetter = subset.Subsetter(subset.Options())
        subsetter.populate(text=text)
        subsetter.subset(tt)
        for rec in tt["name"].names:
            if rec.nameID in (1, 16):
                rec.string = family
        buf = io.BytesIO()
        tt.save(buf)
        return TTFont(io.BytesIO(buf.getvalue()))

    collection = TTCollection()
    collection.fonts = [small("First Face", "一"), small("Second Face", "二")]
    path = tmp_path / "two.ttc"
    collection.save(str(path))
    second = fonts.CJKFont(path, "Second Face", "system")
    cmap = set(_subset_in(fonts._font_face_for(second, "一二")).getBestCmap())
    assert ord("二") in cmap and ord("一") not in cmap


def _features(font) -> set[str]:
    return {
        record.FeatureTag
        for table in ("GSUB", "GPOS")
        if table in font
        for record in font[table].table.FeatureList.FeatureRecord
    }


def test_embedded_font_keeps_the_page_glyphs_and_fonttools_layout_features():
    """The subset keeps fontTools' list of layout features: without 'chws' (an older
    HarfBuzz's default list lacked it) browsers set "）：" wider than the font file does;
    without 'kern', 'locl', 'halt' or 'palt' the page's Latin, local forms and
    half-width punctuation would differ from the PDF's."""
    from fontTools.subset import Options
    from fontTools.ttLib import TTFont

    page = "<head></head><p>洛阳各县（区）：“一二”，abc 123%。</p>"
    cut = _subset_in(fonts.embedded_font_face(page))
    # the page's characters: < h e a d > / p, 洛 阳 各 县 （ 区 ） ： “ 一 二 ” ， a b c space 1 2 3 % 。
    assert {ord(c) for c in "<head>/p洛阳各县（区）：“一二”，abc 123%。"} <= set(cut.getBestCmap())
    source = _features(TTFont(fonts.cjk_font().path, fontNumber=fonts.face_index(fonts.cjk_font())))
    wanted = {"locl", "kern", "halt", "palt", "chws"} & source & set(Options().layout_features)
    assert wanted, "the CJK font has none of the features this test looks for"
    kept = _features(cut)
    assert wanted <= kept
    assert kept <= set(Options().layout_features)
