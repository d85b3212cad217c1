"""``luoyang reports`` with two workers prints only its progress bar and its result lines.

Each worker's kernel talks to it over IPC in a private temporary folder, so no
kernel warns about unencrypted TCP (ipykernel's ``[IPKernelApp] WARNING``), and
the folder is gone when the batch ends.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
UNITS = ["410322", "410381"]  # 孟津县, 偃师市


def test_two_workers_print_only_the_progress_bar_and_the_results(tmp_path):
    root = tmp_path / "root"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "notebooks").symlink_to(REPO / "notebooks", target_is_directory=True)
    shutil.copytree(REPO / "data" / "raw" / "sample", root / "data" / "raw" / "sample")
    out = tmp_path / "reports"
    # The kernels' private folders are made here; a short path, as a socket path must be.
    tmp = Path(tempfile.mkdtemp(prefix="lyq-"))
    try:
        done = _run_reports(root, out, tmp)
        # The workers' kernels were shut down and every private folder removed.
        assert not list(tmp.iterdir()), list(tmp.iterdir())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    # stderr holds the progress bar alone: tqdm redraws it with "\r", every redraw
    # starts with its label "reports:".
    drawn = [part for part in re.split(r"[\r\n]", done.stderr) if part.strip()]
    assert drawn and all(part.startswith("reports:") for part in drawn), done.stderr
    # stdout: the summary line, then the files the batch wrote besides the reports.
    lines = done.stdout.splitlines()
    assert lines[0] == "reports: 2 built, 0 up to date, 0 failed", done.stdout
    assert all(line.startswith("  wrote reports/") for line in lines[1:]), done.stdout
    for code in UNITS:
        assert (out / "2020" / f"{code}.pdf").is_file()


def _run_reports(root: Path, out: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LUOYANG_ROOT=str(root), LUOYANG_REPORTS=str(out), TMPDIR=str(tmp))
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        [sys.executable, "-m", "luoyang_analysis", "reports", "--unit", *UNITS, "--jobs", "2"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done
