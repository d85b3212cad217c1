"""A killed run leaves no broken file, and the rerun completes.

``luoyang reports`` runs in a subprocess of its own session on a small hand-written
delivery; once the first report file appears its pool workers are SIGKILLed
mid-batch. Every report file left must then be complete (outputs are written to a
hidden temporary name and renamed into place), leftovers must never look like a
report, and the same command run again must exit 0 with every report built,
redoing only what the killed run had not finished.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import pytest
from pypdf import PdfReader

from luoyang_analysis.batch import build as batch
from luoyang_analysis.batch import kernel as kernels
from luoyang_analysis.presentation import render as reports

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
YEAR = 2018
UNITS = ["410322", "410323", "410324", "410381"]  # 孟津县, 新安县, 栾川县, 偃师市

# Long form, every county with a 2016–2018 energy-intensity level and share.
DELIVERY_CSV = "unit_code,year,indicator_id,value,source,note\n" + "".join(
    f"{code},{year},green.energy_intensity,{level:.2f},县统计局,\n"
    f"{code},{year},techup.investment_share,{share},县统计局,\n"
    for i, code in enumerate(UNITS)
    for year, level, share in (
        (2016, 1.00 + i / 10, 18 + i),
        (2017, 0.96 + i / 10, 20 + i),
        (2018, 0.90 + i / 10, 22 + i),
    )
)

REPORT_NAME = re.compile(r"^(\d{6}\.(html|pdf|ipynb)|summary\.xlsx|index(\.en)?\.html)$")
STAMP_NAME = re.compile(r"^\.(\d{6}|summary\.xlsx|index(\.en)?\.html)\.inputs$")


def make_root(base: Path, text: str = DELIVERY_CSV, vintage: str = "2020-01-31") -> Path:
    root = base / "root"
    if not root.exists():
        root.mkdir(parents=True)
        (root / "notebooks").symlink_to(NOTEBOOKS, target_is_directory=True)
    folder = root / "data" / "raw" / vintage
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "obs.csv").write_text(text, encoding="utf-8")
    return root


def report_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))


def hidden_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and p.name.startswith("."))


def assert_complete(path: Path) -> None:
    """A report file as a finished build leaves it, whatever moment the run was killed at."""
    data = path.read_bytes()
    if path.suffix == ".html":
        assert data.startswith(b"<!DOCTYPE html>"), path
        assert data.rstrip().endswith(b"</html>"), path
    elif path.suffix == ".pdf":
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
        reader = PdfReader(path)
        assert len(reader.pages) >= 1
        assert reader.pages[0].extract_text().strip(), path
    elif path.suffix == ".ipynb":
        nb = json.loads(data)
        assert nb["cells"] and nb["metadata"].get("papermill"), path
    elif path.suffix == ".xlsx":
        assert data.startswith(b"PK"), path
    else:
        raise AssertionError(f"unexpected file in reports/: {path}")


def assert_no_leftover_looks_like_a_report(out: Path) -> list[str]:
    """Hidden files are stamps or temporary files; none is named (or typed) like a report."""
    leftovers = []
    for p in hidden_files(out):
        if STAMP_NAME.match(p.name):
            assert re.fullmatch(r"[0-9a-f]{64}\n", p.read_text(encoding="utf-8")), p
            continue
        leftovers.append(p.name)
        assert p.name.startswith(".") and not REPORT_NAME.match(p.name), p
        # Nothing lists or links a hidden temporary file: never a report's extension that
        # the index and summary collect (.html, .pdf, .xlsx).
        assert p.suffix not in (".html", ".pdf", ".xlsx"), p
    return leftovers


def luoyang(root: Path, out: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, LUOYANG_ROOT=str(root), LUOYANG_REPORTS=str(out), PYTHONUNBUFFERED="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    return [sys.executable, "-m", "luoyang_analysis", "reports", *args], env


def kill_ids(procs: list[psutil.Process]) -> None:
    for p in procs:
        try:
            p.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass


def wait_for_first_report(proc: subprocess.Popen, year_dir: Path, log_err: Path) -> None:
    """Return once the batch has written its first report file; fail if it ended first."""
    deadline = time.monotonic() + 100
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the batch ended before it could be interrupted:\n{log_err.read_text()}")
        if year_dir.is_dir() and [
            p for p in year_dir.iterdir() if p.suffix in (".html", ".pdf") and p.name[0] != "."
        ]:
            return
        time.sleep(0.1)
    pytest.fail("no report file appeared in time")


def stamped_units(year_dir: Path) -> list[str]:
    """The units whose report the batch finished (report stamps are ".<unit code>.inputs";
    the summary's is ".summary.xlsx.inputs")."""
    return sorted(
        p.name[1 : -len(".inputs")]
        for p in year_dir.glob(".*.inputs")
        if p.name[1 : -len(".inputs")].isdigit()
    )


def assert_rerun_builds_the_rest(
    cmd: list[str], env: dict[str, str], out: Path, stamped: list[str], leftovers: list[str]
) -> None:
    """The same command again exits 0, builds what is missing and keeps what was finished."""
    year_dir = out / str(YEAR)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = re.search(r"reports: (\d+) built, (\d+) up to date, (\d+) failed", done.stdout)
    assert summary, done.stdout
    built, current, failed = map(int, summary.groups())
    assert (built, current, failed) == (len(UNITS) - len(stamped), len(stamped), 0), done.stdout
    for code in UNITS:
        for ext in ("html", "pdf", "ipynb"):
            assert_complete(year_dir / f"{code}.{ext}")
        assert (year_dir / f".{code}.inputs").is_file()
        page = (year_dir / f"{code}.html").read_text(encoding="utf-8")
        assert "技术改造投资占工业固定资产投资比重" in page
    assert_complete(year_dir / "summary.xlsx")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.rstrip().endswith("</html>")
    for code in UNITS:
        assert f'href="{YEAR}/{code}.html"' in index and f'href="{YEAR}/{code}.pdf"' in index
    # A finished run adds no temporary file of its own.
    assert set(assert_no_leftover_looks_like_a_report(out)) <= set(leftovers)


def batch_command(root: Path, out: Path) -> tuple[list[str], dict[str, str]]:
    """The batch both tests interrupt: every unit, two workers, HTML and PDF, no progress bar."""
    cmd, env = luoyang(
        root, out, "--year", str(YEAR), "--unit", *UNITS, "--jobs", "2", "--formats", "html,pdf"
    )
    return [*cmd, "--quiet"], env


def start_in_own_session(
    cmd: list[str], env: dict[str, str], log_out: Path, log_err: Path
) -> subprocess.Popen:
    """The command as a terminal starts it: a session and process group of its own."""
    with log_out.open("wb") as so, log_err.open("wb") as se:
        return subprocess.Popen(cmd, env=env, stdout=so, stderr=se, start_new_session=True)


def assert_stopped_mid_batch(out: Path) -> tuple[list[str], list[str]]:
    """What an interrupted batch leaves: complete files, some reports, no false report.

    Returns the units whose report was finished (stamped) and the hidden leftovers.
    """
    year_dir = out / str(YEAR)
    # Every report file present is complete; a report with a stamp has all its outputs.
    for p in report_files(out):
        assert_complete(p)
    stamped = stamped_units(year_dir)
    for code in stamped:
        for ext in ("html", "pdf", "ipynb"):
            assert (year_dir / f"{code}.{ext}").is_file(), (code, ext)
    assert len(stamped) < len(UNITS), "the batch was not interrupted mid-way"
    # Leftover temporary files are acceptable (a SIGKILL cannot clean up), but only as
    # hidden files that no reader or link takes for a report.
    return stamped, assert_no_leftover_looks_like_a_report(out)


def test_killed_workers_leave_no_broken_file_and_the_rerun_completes(tmp_path):
    root = make_root(tmp_path)
    out = tmp_path / "reports"
    year_dir = out / str(YEAR)
    cmd, env = batch_command(root, out)
    log_out, log_err = tmp_path / "killed.out", tmp_path / "killed.err"
    proc = start_in_own_session(cmd, env, log_out, log_err)
    started: list[psutil.Process] = []
    try:
        wait_for_first_report(proc, year_dir, log_err)
        cli = psutil.Process(proc.pid)
        started = cli.children(recursive=True)  # workers, their kernels, the resource tracker
        workers = [c for c in cli.children() if "spawn_main" in " ".join(c.cmdline())]
        assert workers, [c.cmdline() for c in started]
        kill_ids(workers)
        rc = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            kill_ids([psutil.Process(proc.pid)])
            proc.wait(timeout=30)
        kill_ids([p for p in started if p.is_running()])
    # The command must not report success for a batch it did not finish.
    assert rc != 0, log_out.read_text()

    stamped, killed_leftovers = assert_stopped_mid_batch(out)
    assert_rerun_builds_the_rest(cmd, env, out, stamped, killed_leftovers)


# ----------------------------------------------------------------------------- Ctrl-C

#: An environment variable only this test sets: every process the batch starts inherits it,
#: wherever it runs (jupyter_client starts each ipykernel in a session of its own).
MARK = "LUOYANG_TEST_BATCH_MARK"

#: The one line the CLI prints on Ctrl-C (luoyang_analysis/cli/__init__.py).
INTERRUPTED = (
    "luoyang: interrupted; finished outputs are complete, run the same command again "
    "to build the rest"
)


def batch_processes(session: int, mark: str, seen: list[psutil.Process]) -> list[psutil.Process]:
    """The batch's live processes: those of its session or process group, those carrying its
    mark, and those seen among its descendants (psutil checks a pid was not reused)."""
    found = {}
    for p in psutil.process_iter():
        try:
            if (
                os.getsid(p.pid) == session
                or os.getpgid(p.pid) == session
                or p.environ().get(MARK) == mark
            ):
                found[p.pid] = p
        except (psutil.Error, OSError):  # gone meanwhile, or another user's
            continue
    for p in seen:
        if p.is_running():
            found.setdefault(p.pid, p)
    alive = []
    for p in found.values():
        try:
            if p.status() != psutil.STATUS_ZOMBIE:  # a zombie has ended; its reaper is not ours
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


def described(procs: list[psutil.Process]) -> list[str]:
    text = []
    for p in procs:
        try:
            text.append(f"{p.pid} {' '.join(p.cmdline())[:160]}")
        except psutil.Error:
            text.append(f"{p.pid} (gone)")
    return text


def test_ctrl_c_ends_the_batch_at_once_with_every_process_and_the_rerun_completes(tmp_path):
    root = make_root(tmp_path)
    out = tmp_path / "reports"
    year_dir = out / str(YEAR)
    cmd, env = batch_command(root, out)
    mark = uuid.uuid4().hex
    # The kernels' private folders go here (a short path: a socket path has at most 107 bytes).
    tmp = Path(tempfile.mkdtemp(prefix="lyint-"))
    run_env = dict(env, **{MARK: mark}, TMPDIR=str(tmp))
    log_out, log_err = tmp_path / "interrupted.out", tmp_path / "interrupted.err"
    proc = start_in_own_session(cmd, run_env, log_out, log_err)
    seen: list[psutil.Process] = []
    left: list[str] = []
    try:
        wait_for_first_report(proc, year_dir, log_err)
        seen = psutil.Process(proc.pid).children(recursive=True)
        # A terminal's Ctrl-C: SIGINT to every process of the foreground process group.
        os.killpg(proc.pid, signal.SIGINT)
        try:
            rc = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"luoyang reports still running 30 s after Ctrl-C:\n{log_err.read_text()}")
        # Workers notice their parent gone within kernel.PARENT_POLL_SECONDS and stop their
        # kernels; 10 s is ample, a process still there then is one that will stay.
        deadline = time.monotonic() + 10
        while batch_processes(proc.pid, mark, seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = described(batch_processes(proc.pid, mark, seen))
        tmp_left = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))
    finally:
        kill_ids(batch_processes(proc.pid, mark, seen))  # nothing, unless the test failed
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    err = log_err.read_text(encoding="utf-8")
    if rc == 0:
        pytest.fail(f"the batch finished before Ctrl-C reached it; use more units:\n{err}")
    assert rc == 130, err  # 128 + SIGINT (2), as a shell reports a command ended by Ctrl-C
    assert not left, f"processes of the batch still alive after Ctrl-C: {left}"
    assert not tmp_left, tmp_left  # the kernels' private folders are gone too
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1] == INTERRUPTED, err
    assert sum("interrupted" in line for line in lines) == 1, err
    assert "Traceback" not in err, err
    # multiprocessing's resource tracker must not warn about the pool's semaphores
    assert "leaked" not in err and "resource_tracker" not in err, err

    stamped, leftovers = assert_stopped_mid_batch(out)
    assert_rerun_builds_the_rest(cmd, env, out, stamped, leftovers)


# ----------------------------------------------------------------------------- stale outputs


@pytest.fixture
def env():
    mp = pytest.MonkeyPatch()
    mp.setattr(kernels, "_KERNEL", None)  # one-job batches run in this process's kernel
    try:
        yield mp
    finally:
        kernels.stop()
        mp.undo()


def test_an_interrupted_rebuild_is_never_taken_for_current(tmp_path, env):
    # Two deliveries that differ in one value: 新安县 2018 share 23 (older) vs 20 (newer).
    # 23 / 25 → 92.0 %; 20 / 25 → 80.0 %.
    old = "2020-01-31"
    new = "2020-02-29"
    root = make_root(tmp_path, vintage=old)
    make_root(
        tmp_path,
        DELIVERY_CSV.replace(
            "410323,2018,techup.investment_share,23,", "410323,2018,techup.investment_share,20,"
        ),
        vintage=new,
    )
    out = tmp_path / "reports"
    env.setenv("LUOYANG_ROOT", str(root))
    env.setenv("LUOYANG_REPORTS", str(out))
    stem = out / str(YEAR) / "410323"

    def build(data: str | None = None):
        return batch.build_all(
            data=data, units=["410323"], years=[YEAR], formats=["html"], progress=False
        )

    first = build()  # the newest delivery
    assert first.result.built == [f"{YEAR}/410323"]
    assert "80.0%" in stem.with_suffix(".html").read_text(encoding="utf-8")

    # The analyst looks at the older delivery and interrupts the build (Ctrl-C) while the
    # HTML is written: the executed notebook is already the older delivery's.
    write_text = reports.atomic_write_text

    def interrupted(path, text):
        if Path(path).suffix == ".html":
            raise KeyboardInterrupt
        return write_text(path, text)

    env.setattr(reports, "atomic_write_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(f"data/raw/{old}")
    env.setattr(reports, "atomic_write_text", write_text)
    assert "92.0%" in stem.with_suffix(".ipynb").read_text(encoding="utf-8")
    assert_complete(stem.with_suffix(".html"))  # the old HTML is intact: atomic writes hold

    # Back on the newest delivery: the report must not mix the two deliveries.
    third = build()
    assert third.failures == []
    executed = stem.with_suffix(".ipynb").read_text(encoding="utf-8")
    page = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert "80.0%" in page
    assert "80.0%" in executed and "92.0%" not in executed, third.result
