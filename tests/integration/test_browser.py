"""A county report and the index, opened in headless Chromium on a machine without Chinese fonts.

The HTML pages carry their own CJK font (a subset, WOFF2 in a data: URL). To show that
the Chinese characters are drawn by it, each page is screenshotted three times with
the same page layout:

- ``embedded``: the page as built;
- ``tofu``: the page with its embedded @font-face removed, i.e. what a page relying on
  system fonts shows here: every Chinese character an empty box;
- ``reference``: the same stripped page with an @font-face naming the whole font file,
  i.e. the page as it looks on a machine with the font installed (and in the PDF).

``embedded`` must look like ``reference`` and ``tofu`` must not: without the embedded
font the check fails (``tofu`` is exactly that case, rendered on every run). Chromium
runs under a fontconfig file that rejects every font covering Chinese, so the test
means the same on a machine that has CJK system fonts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from luoyang_analysis.presentation import fonts
from tests.integration.test_reports_e2e import XINAN, run_batch

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Debian's chromium is not installed: the set-up installs it when run as root "
        "(rm .venv/.sysdeps && make .venv/.installed), or apt-get install --no-install-recommends chromium",
    ),
]

WINDOW = (1200, 1000)  # the first screen: banner, title, headline figures, the first tables

# Loads /etc/fonts (the Latin fonts) and rejects every font that covers Chinese.
FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont><pattern>
    <patelt name="lang"><string>zh</string></patelt>
  </pattern></rejectfont></selectfont>
</fontconfig>
"""

EMBEDDED_FACE = re.compile(r"<style>@font-face \{[^<]*data:font/woff2;base64,[^<]*</style>\n?")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """A county report and the index, HTML only, built by the batch."""
    built = run_batch(
        tmp_path_factory.mktemp("browser"), units=[XINAN], workers=1, formats=["html"]
    )
    assert built.outcome.result.failures == [], built.summary
    return {"county": built.year_dir / f"{XINAN}.html", "index": built.out / "index.html"}


@pytest.fixture(scope="module")
def browser_env(tmp_path_factory):
    """Environment for Chromium: a fontconfig without Chinese fonts (checked with fc-list)."""
    import os

    base = tmp_path_factory.mktemp("chromium")
    conf = base / "fonts.conf"
    conf.write_text(FONTCONFIG.format(cache=base / "fc-cache"), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(base))
    if shutil.which("fc-list"):
        chinese = subprocess.run(
            ["fc-list", ":lang=zh"], env=env, capture_output=True, text=True, check=True
        ).stdout
        assert chinese.strip() == "", f"fonts covering Chinese still visible: {chinese}"
    return env


def screenshot(page: Path, png: Path, env: dict) -> Image.Image:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            # the reference page names the font file: a file:// font from a file:// page
            "--allow-file-access-from-files",
            "--hide-scrollbars",
            f"--user-data-dir={png.parent / 'profile'}",
            f"--screenshot={png}",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            page.as_uri(),
        ],
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )
    return Image.open(png).convert("L")


def differing_pixels(a: Image.Image, b: Image.Image) -> int:
    """Pixels whose grey level differs by more than a quarter of the range."""
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 64 else 0)
    return diff.histogram()[255]


def ink(image: Image.Image) -> int:
    """Pixels darker than light grey: text, rules, chart lines."""
    return image.point(lambda v: 255 if v < 160 else 0).histogram()[255]


def render_three_ways(page: Path, work: Path, env: dict) -> dict[str, Image.Image]:
    html = page.read_text(encoding="utf-8")
    stripped, n = EMBEDDED_FACE.subn("", html)
    assert n == 1, f"{page.name}: expected one embedded @font-face, found {n}"
    whole_font = (
        f"<style>@font-face {{ font-family: '{fonts.FAMILY}'; "
        f"src: url('{fonts.cjk_font().path.resolve().as_uri()}'); }}</style>\n"
    )
    variants = {
        "embedded": html,
        "tofu": stripped,
        "reference": stripped.replace("</head>", whole_font + "</head>", 1),
    }
    shots = {}
    for name, text in variants.items():
        copy = work / f"{page.stem}.{name}.html"
        copy.write_text(text, encoding="utf-8")
        shots[name] = screenshot(copy, work / f"{page.stem}.{name}.png", env)
    return shots


@pytest.mark.parametrize("which", ["county", "index"])
def test_chinese_is_drawn_by_the_embedded_font_without_system_cjk_fonts(
    pages, browser_env, tmp_path, which
):
    shots = render_three_ways(pages[which], tmp_path, browser_env)
    reference_ink = ink(shots["reference"])
    assert reference_ink > 5000, "the reference screenshot is nearly blank"
    tofu_vs_reference = differing_pixels(shots["tofu"], shots["reference"])
    embedded_vs_reference = differing_pixels(shots["embedded"], shots["reference"])
    # Without the font, every Chinese character is a box: a large share of the text
    # pixels moves. This is the failing case the check must catch.
    assert tofu_vs_reference > reference_ink // 10, (tofu_vs_reference, reference_ink)
    # With it, the page is drawn pixel for pixel as with the whole font file.
    assert ImageChops.difference(shots["embedded"], shots["reference"]).getbbox() is None, (
        f"{embedded_vs_reference} pixels differ from the reference (the tofu page: "
        f"{tofu_vs_reference}); screenshots in {tmp_path}"
    )


def test_the_title_region_is_not_the_tofu_pattern(pages, browser_env, tmp_path):
    """The county report's title, alone on the page, against the same title in tofu boxes."""
    html = pages["county"].read_text(encoding="utf-8")
    title = re.search(r'<h1 class="report-title">([^<]*)</h1>', html).group(1)
    assert "新安县" in title
    only_title = (
        "<style>body * { visibility: hidden } h1.report-title { visibility: visible }</style>"
    )

    def shot(page_html: str, name: str) -> Image.Image:
        page = tmp_path / f"{name}.html"
        page.write_text(page_html.replace("</head>", only_title + "</head>", 1), encoding="utf-8")
        return screenshot(page, tmp_path / f"{name}.png", browser_env)

    drawn = shot(html, "title")
    # The same page, embedded font included, with every Chinese character of the title
    # replaced by one the page does not use: neither the subset nor any font here has
    # it, so it is drawn as the empty box. Digits and Latin letters are drawn as before.
    absent = next(chr(c) for c in range(0x4E00, 0x9FFF) if chr(c) not in html)
    boxes = re.sub(r"[\u3000-\u9fff\uff00-\uffef]", absent, title)
    tofu = shot(html.replace(f">{title}</h1>", f">{boxes}</h1>", 1), "title_tofu")
    region = ImageChops.invert(drawn).getbbox()
    assert region is not None, "nothing drawn"
    crop_drawn, crop_tofu = drawn.crop(region), tofu.crop(region)
    assert ink(crop_drawn) > 200, "the title is (nearly) blank"
    assert differing_pixels(crop_drawn, crop_tofu) > ink(crop_drawn) // 4
