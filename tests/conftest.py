"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """A project root in tmp_path: data/raw and data/processed live under it (LUOYANG_ROOT)."""
    monkeypatch.setenv("LUOYANG_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def delivery(root):
    """The hand-made delivery with registers of tests/register_fixtures.py."""
    from tests.register_fixtures import write_delivery

    return write_delivery(root / "data" / "raw" / "2019-03-15")
