"""notebooks/explore.ipynb, the analysts' guided tour, runs as shipped (papermill, real kernel)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def test_explore_notebook_runs_with_its_defaults_and_another_unit(tmp_path, monkeypatch):
    root = tmp_path / "root"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "sample").symlink_to(REPO / "data" / "raw" / "sample")
    (root / "notebooks").symlink_to(REPO / "notebooks")
    monkeypatch.setenv("LUOYANG_ROOT", str(root))
    for params in (
        {},
        {"unit_code": "410300", "year": 2020, "indicator_id": "smart.smart_factories"},
    ):
        out = tmp_path / "explore.out.ipynb"
        pm.execute_notebook(
            str(REPO / "notebooks" / "explore.ipynb"),
            str(out),
            parameters=params,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(REPO / "notebooks"),
        )
        nb = nbformat.read(out, as_version=4)
        errors = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "error"
        ]
        assert not errors
        images = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if "image/png" in o.get("data", {})
        ]
        assert images, "the last cell plots the indicator"
        text = "".join(
            str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", ""))
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
        )
        assert "observations; illustrative: True" in text
    assert (root / "data" / "processed" / "sample" / "manifest.json").exists()


@pytest.mark.parametrize("name", ["county_assessment", "city_overview", "targets_overview"])
def test_report_notebooks_run_as_shipped_with_their_defaults(name, tmp_path, monkeypatch):
    """What an analyst gets when opening a notebook in JupyterLab and running all cells."""
    root = tmp_path / "root"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "sample").symlink_to(REPO / "data" / "raw" / "sample")
    (root / "notebooks").symlink_to(REPO / "notebooks")
    monkeypatch.setenv("LUOYANG_ROOT", str(root))
    out = tmp_path / f"{name}.out.ipynb"
    pm.execute_notebook(
        str(REPO / "notebooks" / f"{name}.ipynb"),
        str(out),
        parameters={},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(REPO / "notebooks"),
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "<table" in html
