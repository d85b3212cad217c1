"""Wall-clock benchmark of ``luoyang reports`` against the naive one-process-per-step way.

Run as ``.venv/bin/python benchmarks/bench.py [--jobs N] [--skip-naive] [--year Y]``
(``make bench``). Everything happens in a temporary project root (``LUOYANG_ROOT``)
holding copies of ``notebooks/`` and ``data/raw/sample/`` and an empty reports
folder (``LUOYANG_REPORTS``); the checkout's ``reports/`` and ``data/processed/``
are never touched, and the temporary root is deleted at the end. The package is
snapshotted there too (first on ``PYTHONPATH``), so edits to the checkout during
a run do not change what is measured.

Steps, each timed with ``time.perf_counter`` around a subprocess (wall), and with
the user+sys CPU seconds of the subprocess and every descendant (workers, kernels,
browser processes; read every 0.25 s, :func:`measured`),
which a busy machine changes much less than wall time:

0. cold first run, as on a fresh clone: the same command with an empty matplotlib
   cache (``MPLCONFIGDIR``) and font cache (``XDG_CACHE_HOME``), no processed data,
   an empty reports folder and a package without ``__pycache__``; its outputs are
   then deleted, so that step 1 starts from an empty reports folder too;
1. full year from an empty reports folder: ``luoyang reports --kinds yearly --jobs N
   --quiet`` (16 units: the city overview and 15 county reports; the targets
   overview, summary.xlsx, index.html; HTML and PDF): what the goals were set for;
2. the same command again with nothing changed (no-op);
3. one value of one county revised in the (temporary) delivery, then the same command;
4. every kind from an empty reports folder: ``luoyang reports`` without ``--kinds``
   (the yearly reports and the department scorecards, final evaluations and
   扶持资金测算 that came later), a line of its own with no goal;
5. the naive way on the same notebooks: for each report, the ``papermill`` CLI,
   ``jupyter nbconvert --to html --no-input``, then plain WeasyPrint on nbconvert's
   HTML in a separate ``python -c`` process, one report after the other.

It prints figures and the goals of issue #8 item 8 next to them; it is not a
test. The exit status is 0 whatever the figures, non-zero only if a step fails.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin/ (run with .venv/bin/python)
SAMPLE = REPO / "data" / "raw" / "sample"
CITY_CODE = "410300"

GOAL_RATIO = 8.0
GOAL_FULL_S = 20.0
GOAL_NOOP_S = 1.0
GOAL_REVISION_S = 8.0

SUMMARY_RE = re.compile(r"reports: (\d+) built, (\d+) up to date, (\d+) failed")

# The value changed for the revision step: one county, one indicator of the year.
REVISED_UNIT = "410325"  # 嵩县
REVISED_INDICATOR = "techup.registered_trademarks"


class StepFailed(Exception):
    pass


@dataclass
class CliRun:
    label: str
    seconds: float
    cpu: float  # user + sys seconds of the command and its children
    built: int
    up_to_date: int
    failed: int
    extra_written: int
    output: str


# ------------------------------------------------------------------ machine


def machine_info() -> list[tuple[str, str]]:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    cpu = "unknown"
    mem = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                mem = f"{kib / 1024 / 1024:.1f} GiB"
                break
    except (OSError, ValueError):
        pass
    try:  # other work on the machine skews wall times; show it with the figures
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) + " (1, 5, 15 min, at start)"
    except OSError:
        load = "unknown"
    versions = []
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("luoyang-analysis", "papermill", "nbconvert", "weasyprint"):
        try:
            versions.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            versions.append(f"{pkg} ?")
    return [
        ("cores (nproc)", str(cores)),
        ("CPU", cpu),
        ("RAM", mem),
        ("load average", load),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("packages", ", ".join(versions)),
    ]


# ------------------------------------------------------------------ the temporary project


def make_project(tmp: Path) -> tuple[Path, Path]:
    """A project root with copies of notebooks/ and the sample delivery; an empty reports dir.

    The package itself is copied to ``<tmp>/src`` (put first on ``PYTHONPATH``), so
    that edits to the checkout while the bench runs cannot change what is measured
    (the report digests include the library's code: an edit would rebuild everything).
    """
    shutil.copytree(
        REPO / "luoyang_analysis",
        tmp / "src" / "luoyang_analysis",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    root = tmp / "project"
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    shutil.copytree(SAMPLE, root / "data" / "raw" / "sample")
    (root / "data" / "processed").mkdir(parents=True)
    reports = root / "reports"
    reports.mkdir()
    return root, reports


def bench_env(tmp: Path, root: Path, reports: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(tmp / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["LUOYANG_ROOT"] = str(root)
    env["LUOYANG_REPORTS"] = str(reports)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def check_snapshot(tmp: Path, env: dict[str, str]) -> None:
    """Make sure the CLI and the kernels import the snapshot, not the checkout."""
    proc = subprocess.run(
        [str(BIN / "python"), "-c", "import luoyang_analysis; print(luoyang_analysis.__file__)"],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
    )
    where = Path(proc.stdout.strip() or "?").resolve()
    if proc.returncode != 0 or (tmp / "src").resolve() not in where.parents:
        raise StepFailed(f"the package snapshot is not the one imported ({where}):\n{proc.stderr}")


def latest_year(delivery: Path) -> int:
    with (delivery / "observations.csv").open(encoding="utf-8", newline="") as fh:
        return max(int(row["year"]) for row in csv.DictReader(fh))


def unit_codes(year: int, env: dict[str, str], cwd: Path) -> list[str]:
    """The units the CLI builds for ``year`` (``luoyang units``): the city first, then by code."""
    proc = subprocess.run(
        [str(BIN / "luoyang"), "units", "--year", str(year), "--format", "csv"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise StepFailed(f"luoyang units --year {year} exited {proc.returncode}:\n{proc.stderr}")
    codes = [row["code"] for row in csv.DictReader(proc.stdout.splitlines())]
    return sorted(codes, key=lambda c: (c != CITY_CODE, c))


def revise_one_value(delivery: Path, year: int) -> str:
    """Add 1 to one county's value for ``year`` in the delivery's CSV; returns a description."""
    path = delivery / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    wanted = f"{REVISED_UNIT},{year},{REVISED_INDICATOR},"
    index = next((i for i, line in enumerate(lines) if line.startswith(wanted)), None)
    if index is None:  # another year or sample: the first county row with a whole number
        for i, line in enumerate(lines[1:], start=1):
            code, y, _ind, value = line.split(",", 4)[:4]
            if code != CITY_CODE and y == str(year) and value.isdigit():
                index = i
                break
    if index is None:
        raise StepFailed(f"no county value for {year} to revise in {path}")
    code, y, indicator, value, rest = lines[index].split(",", 4)
    new_value = (
        str(int(float(value)) + 1) if float(value).is_integer() else f"{float(value) * 1.01:.6g}"
    )
    lines[index] = ",".join([code, y, indicator, new_value, rest])
    path.write_text("".join(lines), encoding="utf-8")
    return f"{code} {y} {indicator}: {value} -> {new_value}"


# ------------------------------------------------------------------ our way: the CLI


def empty(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder)
        folder.mkdir()


#: How often :func:`measured` reads the CPU times of a command's processes (seconds).
POLL_SECONDS = 0.25


def measured(
    cmd: list[str], env: dict[str, str], cwd: Path
) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``cmd``: its result, wall seconds, and user + sys seconds of it and every descendant.

    The CPU times of the process tree are read every :data:`POLL_SECONDS` and the last
    reading of each process is kept: the browsers' renderer and helper processes are
    reaped by no one of ours (their usage never reaches ``RUSAGE_CHILDREN``), so
    counting waited-for children alone left most of the PDF printing out. A process
    that lives less than one interval is missed (none of the batch's does); reading
    the process table costs a few milliseconds, so polling faster would load the
    machine being measured.
    """
    import psutil

    last: dict[tuple[int, float], float] = {}  # (pid, start time) -> CPU seconds
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                tree = []
            for p in tree:
                try:
                    t = p.cpu_times()
                    last[(p.pid, p.create_time())] = t.user + t.system
                except psutil.Error:
                    pass
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(
            cmd,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    return result, seconds, sum(last.values())


def run_cli(label: str, args: list[str], env: dict[str, str], cwd: Path) -> CliRun:
    cmd = [str(BIN / "luoyang"), "reports", *args]
    print(f"  [{label}] $ {' '.join(cmd)}", flush=True)
    proc, seconds, cpu = measured(cmd, env, cwd)
    output = proc.stdout + proc.stderr
    match = SUMMARY_RE.search(proc.stdout)
    if proc.returncode != 0 or match is None:
        raise StepFailed(f"{label}: `{' '.join(cmd)}` exited {proc.returncode}:\n{output}")
    built, up_to_date, failed = (int(g) for g in match.groups())
    extra = sum(1 for line in proc.stdout.splitlines() if line.strip().startswith("wrote "))
    print(f"  [{label}] {seconds:.1f} s, {cpu:.1f} CPU-s — {match.group(0)}", flush=True)
    return CliRun(label, seconds, cpu, built, up_to_date, failed, extra, output)


# ------------------------------------------------------------------ the naive way


@dataclass
class NaiveRun:
    seconds: float  # measured
    cpu: float  # user + sys seconds of its processes, measured
    notebooks_run: int
    notebooks_total: int
    papermill_s: float
    nbconvert_s: float
    pdf_s: float

    @property
    def extrapolated(self) -> bool:
        return self.notebooks_run < self.notebooks_total

    @property
    def estimate(self) -> float:
        """Wall time for all notebooks (linear extrapolation when only some were run)."""
        return self.seconds / self.notebooks_run * self.notebooks_total


def _timed(cmd: list[str], env: dict[str, str], cwd: Path, what: str) -> tuple[float, float]:
    """Wall and CPU seconds of one naive step."""
    proc, seconds, cpu = measured(cmd, env, cwd)
    if proc.returncode != 0:
        raise StepFailed(
            f"naive {what}: `{' '.join(cmd)}` exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
        )
    return seconds, cpu


def naive_jobs(
    root: Path, delivery: Path, year: int, env: dict[str, str]
) -> list[tuple[str, Path, list[str]]]:
    """(name, notebook, papermill parameter arguments) for the same reports the CLI builds."""
    nb_dir = root / "notebooks"
    jobs = []
    for code in unit_codes(year, env, root):
        nb = nb_dir / ("city_overview.ipynb" if code == CITY_CODE else "county_assessment.ipynb")
        # -r keeps the code a string (papermill's -p would turn "410381" into an int).
        params = ["-r", "unit_code", code, "-p", "year", str(year), "-r", "lang", "zh"]
        params += ["-r", "data", str(delivery)]
        jobs.append((f"{year}_{code}", nb, params))
    jobs.append(("targets_overview", nb_dir / "targets_overview.ipynb", ["-r", "lang", "zh"]))
    return jobs


def run_naive(
    root: Path, delivery: Path, year: int, env: dict[str, str], limit: int | None
) -> NaiveRun:
    jobs = naive_jobs(root, delivery, year, env)
    todo = jobs[:limit] if limit else jobs
    out_dir = root / "naive"
    out_dir.mkdir()
    t_pm = t_nbc = t_pdf = cpu = 0.0
    print(
        f"  [naive] {len(todo)} of {len(jobs)} notebooks, one after the other "
        "(papermill CLI, nbconvert CLI, WeasyPrint process)",
        flush=True,
    )
    start = time.perf_counter()
    for name, nb, params in todo:
        out = out_dir / f"{name}.ipynb"
        seconds, used = _timed(
            [str(BIN / "papermill"), str(nb), str(out), *params, "--no-progress-bar"],
            env,
            root / "notebooks",
            f"papermill {name}",
        )
        t_pm, cpu = t_pm + seconds, cpu + used
        seconds, used = _timed(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
            env,
            out_dir,
            f"nbconvert {name}",
        )
        t_nbc, cpu = t_nbc + seconds, cpu + used
        script = (
            "import weasyprint; "
            f"weasyprint.HTML({str(out.with_suffix('.html'))!r})"
            f".write_pdf({str(out.with_suffix('.pdf'))!r})"
        )
        seconds, used = _timed([str(BIN / "python"), "-c", script], env, out_dir, f"PDF {name}")
        t_pdf, cpu = t_pdf + seconds, cpu + used
    seconds = time.perf_counter() - start
    print(f"  [naive] {seconds:.1f} s, {cpu:.1f} CPU-s for {len(todo)} notebooks", flush=True)
    return NaiveRun(seconds, cpu, len(todo), len(jobs), t_pm, t_nbc, t_pdf)


# ------------------------------------------------------------------ report


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def print_report(
    machine: list[tuple[str, str]],
    jobs: int,
    year: int,
    runs: list[CliRun],
    revision: str,
    naive: NaiveRun | None,
) -> None:
    cold, full, noop, rev, every = runs
    cores = int(machine[0][1])
    width = 92
    print()
    print("=" * width)
    print(f"luoyang reports benchmark — year {year}, --jobs {jobs}")
    print("=" * width)
    for key, value in machine:
        print(f"  {key:<14} {value}")
    print("-" * width)
    print(f"  {'step':<34}{'wall':>9}{'CPU':>9}  {'built':>6}{'current':>8}  goal")
    rows = [
        ("0 cold first run, yearly", cold, "(fresh clone: first font cache, first kernels)"),
        (
            "1 full year (yearly), empty reports/",
            full,
            f"<= {GOAL_FULL_S:.0f} s: {verdict(full.seconds <= GOAL_FULL_S)}",
        ),
        (
            "2 no-op rerun",
            noop,
            f"<= {GOAL_NOOP_S:.0f} s: {verdict(noop.seconds <= GOAL_NOOP_S)}",
        ),
        (
            "3 one county value revised",
            rev,
            f"<= {GOAL_REVISION_S:.0f} s: {verdict(rev.seconds <= GOAL_REVISION_S)}",
        ),
        (
            "4 every kind, empty reports/",
            every,
            "(no goal: yearly + departments, final, subsidies)",
        ),
    ]
    for label, run, goal in rows:
        print(
            f"  {label:<34}{run.seconds:>8.1f}s{run.cpu:>8.1f}s  {run.built:>6}{run.up_to_date:>8}  {goal}"
        )
    print(
        "    CPU: user + sys seconds of the command and every process under it (workers, kernels, browsers)"
    )
    print("    steps 0-3 build the yearly reports (--kinds yearly), the set the goals were set for")
    print("    step 3 rebuilds that county and the city overview (which shows every county)")
    print(f"    revised: {revision}")
    print(
        f"    each run also rewrites summary.xlsx/index.html only when their content changes "
        f"(files written: {cold.extra_written}, {full.extra_written}, {noop.extra_written}, "
        f"{rev.extra_written}, {every.extra_written})"
    )
    print("-" * width)
    if naive is None:
        print("  naive way: skipped (--skip-naive); no ratio")
    else:
        label = "5 naive, same notebooks as 1"
        if naive.extrapolated:
            print(
                f"  {label:<34}{naive.estimate:>8.1f}s  EXTRAPOLATED linearly from "
                f"{naive.notebooks_run} of {naive.notebooks_total} notebooks "
                f"({naive.seconds:.1f} s measured)"
            )
        else:
            print(
                f"  {label:<34}{naive.estimate:>8.1f}s{naive.cpu:>8.1f}s  "
                f"{naive.notebooks_total} notebooks"
            )
        print(
            f"    of which papermill {naive.papermill_s:.1f} s, nbconvert {naive.nbconvert_s:.1f} s, "
            f"WeasyPrint {naive.pdf_s:.1f} s; per notebook {naive.seconds / naive.notebooks_run:.1f} s"
        )
        ratio = naive.estimate / full.seconds
        print(
            f"  ratio naive / ours (full year)    {ratio:>8.1f}x  "
            f">= {GOAL_RATIO:.0f}: {verdict(ratio >= GOAL_RATIO)}"
            + (" (naive extrapolated)" if naive.extrapolated else "")
        )
        cpu_ratio = naive.cpu / naive.notebooks_run * naive.notebooks_total / full.cpu
        print(
            f"  ratio of CPU seconds              {cpu_ratio:>8.1f}x  (less sensitive to other load)"
        )
        print(
            "    naive does not write summary.xlsx or index.html, and its PDFs use WeasyPrint's "
            "defaults (no CJK font, no page template)"
        )
    if cores != 2:
        print(f"  note: the goals are stated for 2 cores; this machine has {cores}.")
    print("=" * width)


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: all cores)",
    )
    parser.add_argument(
        "--year", type=int, help="year to build (default: the latest in the sample)"
    )
    parser.add_argument("--skip-naive", action="store_true", help="do not time the naive way")
    parser.add_argument(
        "--naive-units",
        type=int,
        metavar="N",
        help="run only the first N notebooks the naive way and extrapolate linearly (default: all)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary project (path printed)"
    )
    parser.add_argument(
        "--skip-validation", action="store_true", help="do not time validating a 1M-row CSV"
    )
    args = parser.parse_args(argv)
    if not args.skip_validation:  # separate from the report steps: a line of its own, first
        from validation_bench import validation_line  # benchmarks/, beside this script

        print(f"bench: {validation_line()}", flush=True)
    if args.naive_units is not None and args.naive_units < 1:
        parser.error("--naive-units must be at least 1")
    for tool in ("luoyang", "papermill", "jupyter"):
        if not (BIN / tool).exists():
            print(
                f"bench: {BIN / tool} not found; run with the project's .venv/bin/python",
                file=sys.stderr,
            )
            return 2

    machine = machine_info()
    tmp = Path(tempfile.mkdtemp(prefix="luoyang-bench-"))
    try:
        root, reports = make_project(tmp)
        env = bench_env(tmp, root, reports)
        check_snapshot(tmp, env)
        delivery = root / "data" / "raw" / "sample"
        year = args.year or latest_year(delivery)
        every_args = ["--jobs", str(args.jobs), "--quiet"]
        if args.year:
            every_args = ["--year", str(args.year), *every_args]
        cli_args = ["--kinds", "yearly", *every_args]
        print(f"bench: temporary project {root} (LUOYANG_ROOT; reports in {reports.name}/)")
        print(f"bench: package snapshot {tmp / 'src'} (PYTHONPATH), taken from {REPO}")

        cold_env = dict(
            env,
            MPLCONFIGDIR=str(tmp / "cold-cache" / "matplotlib"),
            XDG_CACHE_HOME=str(tmp / "cold-cache"),
        )
        cold = run_cli("0 cold first run", cli_args, cold_env, root)
        empty(reports, root / "data" / "processed")  # step 1 starts empty too
        full = run_cli("1 full year", cli_args, env, root)
        noop = run_cli("2 no-op", cli_args, env, root)
        revision = revise_one_value(delivery, year)
        print(f"  [3 revision] {revision}")
        rev = run_cli("3 revision", cli_args, env, root)
        empty(reports, root / "data" / "processed")
        every = run_cli("4 every kind", every_args, env, root)
        runs = [cold, full, noop, rev, every]
        for run in runs:
            if run.failed:
                raise StepFailed(f"{run.label}: {run.failed} report(s) failed:\n{run.output}")

        naive = None
        if not args.skip_naive:
            naive = run_naive(root, delivery, year, env, args.naive_units)

        print_report(machine, args.jobs, year, runs, revision, naive)
        return 0
    except StepFailed as exc:
        print(f"bench: step failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"bench: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
