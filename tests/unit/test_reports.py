"""Atomic writes and the report page (no notebook execution here; see integration/)."""

from __future__ import annotations

import re

import nbformat
import pytest

from luoyang_analysis.presentation import render as reports


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    reports.atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_atomic_write_keeps_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")

    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reports.os, "fsync", disk_full)  # fails after the bytes were written
    with pytest.raises(OSError):
        reports.atomic_write_text(target, "new report")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def _nb(*outputs):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("secret_code_here = 1")
    cell.outputs = list(outputs)
    nb.cells = [nbformat.v4.new_markdown_cell("notebook-only note"), cell]
    return nb


def test_page_shows_outputs_but_no_code_prompts_markdown_or_stderr():
    nb = _nb(
        nbformat.v4.new_output("display_data", data={"text/html": "<p>洛阳市 output</p>"}),
        nbformat.v4.new_output("stream", name="stderr", text="SomeWarning: noise"),
    )
    page = reports.PageInfo(title="标题 <b>", lang="zh", banner="示例数据")
    html = reports.notebook_to_html(
        nb,
        page,
        {
            "package_version": "0",
            "git_commit": None,
            "inputs": [],
            "parameters": {"unit": "<x>"},
            "generated": "2018-01-01",
        },
    )
    assert "洛阳市 output" in html
    assert "secret_code_here" not in html and "notebook-only note" not in html
    assert "SomeWarning" not in html and "In&nbsp;[" not in html
    assert "标题 &lt;b&gt;" in html  # titles are escaped
    assert "unit=&lt;x&gt;" in html  # parameters are escaped
    assert "示例数据" in html
    # Nothing fetched from elsewhere: every src/href/url() is a data: URL or a fragment.
    # (Scanning the page for "cdn" failed by chance whenever the embedded font's base64,
    # which follows the characters of the page, happened to spell it.)
    outside_data = re.sub(r"data:[^)\"']*", "", html)
    fetched = re.findall(r"(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)|url\(\s*[\"']?([^\"')]+)", html)
    external = [a or b for a, b in fetched if not (a or b).startswith(("data:", "#"))]
    assert "<script src=" not in html and external == []
    assert "cdn." not in outside_data.lower()
