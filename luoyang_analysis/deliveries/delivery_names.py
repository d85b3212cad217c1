"""The naming rule of deliveries under data/raw/, and which one is the default.

A delivery folder is named by the date it was received, ``YYYY-MM-DD``, optionally
followed by a suffix (``2026-11-27-public``, ``2019-06-30-revised``); ``sample`` is the
bundled illustrative delivery. The newest by date is the default (on the same date, the
last by name); the sample only when there is no dated one. Any other folder is not a
delivery and is reported, never silently skipped.

Only the standard library is used, so that the Makefile can ask this file for its
default delivery before the virtual environment exists:
``python3 luoyang_analysis/deliveries/delivery_names.py data/raw`` prints it.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

SAMPLE = "sample"
RULE = (
    "name delivery folders by their date, YYYY-MM-DD, optionally with a suffix (2026-11-27-public)"
)
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(-[0-9A-Za-z][0-9A-Za-z_.-]*)?$")


def delivery_date(name: str) -> dt.date | None:
    """The date a delivery folder's name gives, or None if it is not a delivery name."""
    m = _NAME.match(name)
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m[1])
    except ValueError:  # 2019-13-45
        return None


def _folders(raw_dir: Path) -> list[Path]:
    if not raw_dir.is_dir():
        return []
    return [p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))]


def dated_deliveries(raw_dir: Path) -> list[Path]:
    """The dated delivery folders, oldest first (same date: by name)."""
    dated = [(delivery_date(p.name), p.name, p) for p in _folders(raw_dir)]
    return [p for d, _, p in sorted(t for t in dated if t[0] is not None)]


def misnamed(raw_dir: Path) -> list[Path]:
    """Folders under ``raw_dir`` that are neither a dated delivery nor the sample."""
    return sorted(
        p for p in _folders(raw_dir) if p.name != SAMPLE and delivery_date(p.name) is None
    )


def default_delivery(raw_dir: Path) -> Path | None:
    """The newest dated delivery; the bundled sample when there is none."""
    dated = dated_deliveries(raw_dir)
    if dated:
        return dated[-1]
    return raw_dir / SAMPLE if (raw_dir / SAMPLE).is_dir() else None


if __name__ == "__main__":  # for the Makefile: the default delivery, as a path under raw_dir
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "data/raw")
    found = default_delivery(folder)
    print(found.as_posix() if found else (folder / SAMPLE).as_posix())
