"""End to end: papermill executes the real notebook, nbconvert renders HTML, WeasyPrint the PDF.

Expected figures come from the source text, e.g. "2017年，全市关闭退出煤矿25处，化解煤炭过剩产能435万吨".
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from luoyang_analysis.presentation import render as reports
from tests.helpers import embedded_fonts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    mp = pytest.MonkeyPatch()
    mp.setenv("LUOYANG_REPORTS", str(out))
    mp.setenv("SOURCE_DATE_EPOCH", "1514764800")
    try:
        files = reports.build_targets_overview()
        html2 = out / "second.html"
        # A second HTML build from the same inputs, for the reproducibility check.
        reports.build_report(
            reports.paths.notebooks_dir() / "targets_overview.ipynb",
            out / "second",
            {"lang": "zh"},
            reports.PageInfo(
                title=reports.i18n.labels("zh")["targets_overview_title"],
                subtitle=reports.i18n.labels("zh")["targets_overview_subtitle"],
                running_header=reports.i18n.labels("zh")["targets_overview_title"],
            ),
            inputs=[reports.paths.TARGETS_FILE, reports.paths.SOURCE_TEXT_FILE],
            formats=["html"],
        )
    finally:
        mp.undo()
    return out, files, html2


def test_outputs_exist_with_deterministic_names(built):
    out, files, _ = built
    assert sorted(p.name for p in files) == [
        "targets_overview.html",
        "targets_overview.ipynb",
        "targets_overview.pdf",
    ]
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_html_shows_targets_in_chinese_without_code(built):
    out, _, _ = built
    html = (out / "targets_overview.html").read_text(encoding="utf-8")
    for text in (
        "洛阳市化解过剩产能攻坚方案",
        "关闭退出煤矿",
        "≥ 25 处",
        "≥ 435 万吨",
        "市煤炭局",
        "≥ 18 %",
        "≥ 50 台（套）",
        "≥ 335 家",
        "≥ 150 亿元",
        "2017-10-31",
    ):
        assert text in html, text
    assert "import " not in html and "default_catalogue" not in html
    assert "<img" in html and "data:image/png;base64" in html  # charts embedded, self-contained
    assert "http://" not in html and "https://" not in html


def test_pdf_embeds_a_cjk_font_and_has_chinese_text(built):
    out, _, _ = built
    reader = PdfReader(out / "targets_overview.pdf")
    fonts = embedded_fonts(out / "targets_overview.pdf")
    assert any("CJK" in f or "SC" in f or "Hei" in f for f in fonts), fonts
    text = "".join(p.extract_text() for p in reader.pages[:3])
    assert "洛阳市化解过剩产能攻坚方案" in text
    assert "市煤炭局" in text
    assert len(reader.pages) >= 5


def test_same_inputs_give_byte_identical_html(built):
    out, _, second = built
    assert (out / "targets_overview.html").read_bytes() == second.read_bytes()
