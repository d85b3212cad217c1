"""What produced an output: package version, git commit, input checksums, parameters, time.

The checksums come from :mod:`luoyang_analysis.digests` (``sha256_file`` stays importable
from here); provenance only lists them, it decides nothing.

``SOURCE_DATE_EPOCH`` (reproducible-builds.org) fixes the generation time, so two
builds from the same inputs give byte-identical HTML.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from luoyang_analysis import __version__, paths
from luoyang_analysis.digests import sha256_file


@lru_cache(maxsize=1)
def git_commit() -> str | None:
    """The checkout's commit (with ``-dirty`` if tracked files changed), or None outside git."""
    root = paths.project_root()
    try:
        sha = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return sha + ("-dirty" if dirty else "") if sha else None


def generation_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def display_path(path: Path) -> str:
    """A path relative to the project root where possible (no machine-specific prefixes)."""
    path = Path(path).resolve()
    for base in (paths.project_root(), paths.PACKAGE_DIR.parent):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


def collect(inputs: Iterable[Path], parameters: dict) -> dict:
    """The provenance record shown at the end of every report."""
    return {
        "package_version": __version__,
        "git_commit": git_commit(),
        "inputs": [{"path": display_path(p), "sha256": sha256_file(p)} for p in inputs],
        "parameters": dict(parameters),
        "generated": generation_time().isoformat(),
    }
