"""Workers die with the batch (issue 11, item 10).

``kill -9`` of ``luoyang reports`` used to leave its two workers and their kernels
running (about 730 MB): they finished the queued reports for nobody and then idled
for ever. Each worker now watches its parent and, once it is gone, stops its kernel
and exits.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from luoyang_analysis.batch import kernel

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# Five counties: more jobs than workers, so reports are still queued when the parent dies.
UNITS = ["410322", "410381", "410323", "410324", "410325"]


def _descendants(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_killing_the_batch_ends_its_workers_and_kernels(tmp_path):
    root = tmp_path / "root"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "notebooks").symlink_to(REPO / "notebooks", target_is_directory=True)
    shutil.copytree(REPO / "data" / "raw" / "sample", root / "data" / "raw" / "sample")
    tmp = Path(tempfile.mkdtemp(prefix="lyd-"))
    env = dict(os.environ, LUOYANG_ROOT=str(root), LUOYANG_REPORTS=str(tmp_path / "out"))
    env["TMPDIR"] = str(tmp)
    batch = subprocess.Popen(
        [sys.executable, "-m", "luoyang_analysis", "reports", "--unit", *UNITS, "--jobs", "2"],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        parent = psutil.Process(batch.pid)
        # Wait until both workers have a kernel: worker -> kernel are grandchildren.
        deadline = time.monotonic() + 240
        family: list[psutil.Process] = []
        while time.monotonic() < deadline:
            family = _descendants(parent)
            kernels = [p for p in family if "ipykernel" in " ".join(_cmdline(p))]
            if len(kernels) >= 2:
                break
            assert batch.poll() is None, "the batch ended before it could be killed"
            time.sleep(0.2)
        else:
            pytest.fail(f"no two kernels after 240 s: {[_cmdline(p) for p in family]}")
        family = _descendants(parent)
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait(timeout=10)
        # Every process the batch had started ends within a few of the workers' polls.
        _, alive = psutil.wait_procs(family, timeout=30)
        assert not alive, [(p.pid, _cmdline(p)) for p in alive]
    finally:
        if batch.poll() is None:
            batch.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return []


def _grandchild(code: str) -> tuple[subprocess.Popen, psutil.Process]:
    """``code`` run in a grandchild; killing the middle process (returned) orphans it."""
    middle = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time;"
            f"p = subprocess.Popen([sys.executable, '-c', {code!r}]);"
            "print(p.pid, flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    return middle, psutil.Process(int(middle.stdout.readline()))


def test_the_watchdog_ends_a_process_whose_parent_is_gone(tmp_path):
    # The mechanism alone, without a batch: a grandchild started through a middle
    # process that exits at once is re-parented, and its watchdog ends it.
    flag = tmp_path / "started"
    code = (
        "import time, pathlib;"
        "from luoyang_analysis.batch import kernel;"
        f"kernel.watch_parent(poll=0.1); pathlib.Path({str(flag)!r}).write_text('x');"
        "time.sleep(60)"
    )
    middle, child = _grandchild(code)
    deadline = time.monotonic() + 60
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert flag.exists() and child.is_running()
    middle.kill()
    middle.wait()
    # Without the watchdog the child would sleep on for 60 s; with it, it ends at once.
    child.wait(timeout=10)
    assert kernel.PARENT_POLL_SECONDS <= 1


def test_no_kernel_starts_once_the_watchdog_has_stopped_the_workers_kernel(tmp_path):
    # Ctrl-C leaves a worker's running report to run: once the watchdog has stopped the
    # worker's kernel, that report (or the next queued one) asking for a kernel must not get
    # a new one, which nothing would stop. The kernel manager is a stand-in that notes a
    # launch; stop() is slowed by 1 s after its work, the window the report would use.
    code = f"""
import pathlib, time
import jupyter_client.manager
from luoyang_analysis.batch import kernel
flags = pathlib.Path({str(tmp_path)!r})

class Manager:
    def __init__(self, **kw):
        self.connection_file = kw["connection_file"]
    def start_kernel(self, **kw):
        (flags / "launched").write_text("x")

jupyter_client.manager.KernelManager = Manager
real_stop = kernel.stop

def slow_stop():
    real_stop()
    (flags / "stopped").write_text("x")
    time.sleep(1)

kernel.stop = slow_stop
kernel.watch_parent(poll=0.1)
(flags / "watching").write_text("x")
while not (flags / "stopped").exists():
    time.sleep(0.01)
kernel.start(str(flags))  # the running report asks for its kernel
(flags / "returned").write_text("x")
time.sleep(60)
"""
    middle, child = _grandchild(code)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "watching").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (tmp_path / "watching").exists()
        middle.kill()
        middle.wait()
        child.wait(timeout=10)
    finally:
        if child.is_running():
            child.kill()
    assert (tmp_path / "stopped").exists()  # the watchdog did stop the process's kernel
    assert not (tmp_path / "launched").exists(), "a kernel started after the batch was gone"
    assert not (tmp_path / "returned").exists()
    assert not list(tmp_path.glob("k-*")), list(tmp_path.iterdir())  # no private folder made
