"""Workers start while a changed delivery is processed, and never when it is current.

A one-county revision spends about a second reading and checking the delivery;
the workers (kernel, PDF browser, imports: ~3 CPU-s each) start meanwhile. The
early start must not outlive a delivery that is refused: the command ends with its
one-line error and leaves no process behind.
"""

from __future__ import annotations

import subprocess
import time
import uuid

import pytest

from luoyang_analysis.batch import build as batch
from luoyang_analysis.batch import runner
from luoyang_analysis.deliveries import processed
from tests.integration.test_interruption import (
    DELIVERY_CSV,
    MARK,
    UNITS,
    YEAR,
    batch_processes,
    described,
    luoyang,
    make_root,
)

pytestmark = pytest.mark.slow


def test_workers_start_before_a_changed_delivery_is_processed_and_not_when_current(
    tmp_path, monkeypatch
):
    root = make_root(tmp_path)
    monkeypatch.setenv("LUOYANG_ROOT", str(root))
    monkeypatch.setenv("LUOYANG_REPORTS", str(tmp_path / "reports"))
    seen_while_processing = []
    started = []
    build, start = processed.build, runner.Workers.start

    def watched_start(self):
        started.append(self)
        return start(self)

    def watched_build(*args, **kwargs):
        # the worker processes the pool has launched by now (exec'd or not yet)
        seen_while_processing.append(sum(len(w.pool._processes) for w in started))
        return build(*args, **kwargs)

    monkeypatch.setattr(runner.Workers, "start", watched_start)
    monkeypatch.setattr(processed, "build", watched_build)
    first = batch.build_all(units=UNITS[:2], years=[YEAR], workers=2, progress=False)
    assert first.failures == [], first.summary_text()
    assert sorted(first.result.built) == sorted(f"{YEAR}/{u}" for u in UNITS[:2])
    assert seen_while_processing == [2]  # both workers were there before processing began

    # Nothing changed: the delivery is current, so no worker is started early (and
    # no report needs one).
    def refuse(self):
        raise AssertionError("workers started for a current delivery")

    monkeypatch.setattr(runner.Workers, "start", refuse)
    again = batch.build_all(units=UNITS[:2], years=[YEAR], workers=2, progress=False)
    assert again.result.built == [] and again.failures == []
    assert seen_while_processing == [2]  # not processed again


def test_a_refused_delivery_ends_at_once_with_workers_started_and_leaves_no_process(tmp_path):
    # The second row's value is not a number: the delivery is refused while the
    # workers, started early for the changed delivery, are still starting.
    bad = DELIVERY_CSV.replace(",1.00,县统计局,", ",一点零,县统计局,", 1)
    assert bad != DELIVERY_CSV
    root = make_root(tmp_path, bad)
    cmd, env = luoyang(root, tmp_path / "reports", "--year", str(YEAR), "--jobs", "2", "--quiet")
    mark = uuid.uuid4().hex
    start = time.monotonic()
    done = subprocess.run(
        cmd, env=dict(env, **{MARK: mark}), capture_output=True, text=True, timeout=60
    )
    took = time.monotonic() - start
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    # the refusal and its one located problem, nothing from the workers
    assert len(lines) == 2 and lines[0].startswith("luoyang: error: 1 problem(s)"), done.stderr
    assert "obs.csv, row 2, column value" in lines[1] and "一点零" in lines[1], done.stderr
    assert took < 30, took
    deadline = time.monotonic() + 15  # workers notice their batch is gone within a second
    while (left := batch_processes(-1, mark, [])) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, described(left)
