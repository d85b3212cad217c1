"""The index page's filter, run by headless Chromium from a file: URL (no server, no CDN)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pandas as pd
import pytest

from luoyang_analysis.batch import summaries

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]

ROWS = pd.DataFrame(
    [
        ("410300", 2018, "capacity.coal_mines_closed", 3),
        ("410300", 2018, "green.demo_enterprises", 2),
        ("410323", 2018, "green.demo_enterprises", 1),
        ("410381", 2018, "green.demo_enterprises", 1),
    ],
    columns=["unit_code", "year", "indicator_id", "value"],
)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """index.html over a reports folder holding a few (empty) reports of each kind."""
    out = tmp_path_factory.mktemp("reports")
    for name in (
        "2018/410381.html",
        "2018/410323.html",
        "2018/departments/coal.html",
        "2018/departments/industry-it.html",
        "2018/departments/index.html",
        "final/410381.html",
        "final/410323.html",
        "bulletins/2018H1.html",
    ):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("<html></html>", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("LUOYANG_REPORTS", str(out))
    page = summaries.index_html(ROWS, {"illustrative": True})
    mp.undo()
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def dom(path, fragment: str, tmp_path) -> str:
    """The page's DOM after its script ran, opened at ``index.html#<fragment>``."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
         f"--user-data-dir={tmp_path}", f"{path.as_uri()}#{fragment}"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout


def hidden(html: str, marker: str) -> bool:
    """Whether the element whose opening tag contains ``marker`` was hidden by the script."""
    tags = [t for t in re.findall(r"<(?:tr|span)\b[^>]*>", html) if marker in t]
    assert tags, marker
    return all("display: none" in t for t in tags)


def test_the_index_links_the_new_kinds(index):
    page = index.read_text(encoding="utf-8")
    for href in (
        "2018/departments/coal.html",
        "2018/departments/index.html",
        "final/410381.html",
        "bulletins/2018H1.html",
    ):
        assert f'href="{href}"' in page, href
    assert "<script>" in page and "http" not in page.split("<script>")[1].split("</script>")[0]


def test_unit_filter_hides_the_other_units(index, tmp_path):
    html = dom(index, "unit=410381", tmp_path)
    assert not hidden(html, 'data-unit="410381"')
    assert hidden(html, 'data-unit="410323"') and hidden(html, 'data-unit="410300"')
    # Rows that belong to no unit (departments) stay.
    assert not hidden(html, 'data-dept="coal"')
    assert re.search(r'<select id="f-unit">.*?</select>', html, re.S)


def test_department_filter_hides_other_departments_and_their_targets(index, tmp_path):
    html = dom(index, "dept=coal", tmp_path)
    assert not hidden(html, 'data-dept="coal"')  # its scorecard row and its targets' cells
    assert hidden(html, 'data-dept="industry-it"')
    assert not hidden(html, 'data-unit="410323"')


def test_plan_filter_and_no_filter(index, tmp_path):
    html = dom(index, "plan=green", tmp_path)
    assert hidden(html, 'data-plan="capacity"') and not hidden(html, 'data-plan="green"')
    html = dom(index, "", tmp_path)
    assert "display: none" not in html
