"""Time and peak memory of validating a one-million-row CSV delivery (issue #11: <= 20 s, <= 1 GiB).

Run as ``.venv/bin/python benchmarks/validation_bench.py [--rows N]``; ``make bench``
runs it first, through :func:`validation_line`. The CSV is generated in a
temporary folder: 15 counties, 2016-2020, two indicators, a Chinese source and a
distinct note per row (what a bureau's export looks like), about 70 MB. The
measured process does what ``luoyang validate FILE`` does, imports included.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

GOAL_S, GOAL_MIB = 20.0, 1024.0
UNITS = "410322 410323 410324 410325 410326 410327 410328 410329 410381 410302 410303 410304 410305 410306 410311".split()


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("unit_code,year,indicator_id,value,source,note\n")
        for i in range(rows):
            # The same cell repeated with the same value is accepted, so a million rows validate.
            coal = (i // 75) % 2 == 0
            ind, value = (
                ("capacity.coal_mines_closed", "3") if coal else ("techup.investment_share", "35.5")
            )
            fh.write(f"{UNITS[i % 15]},{2016 + (i // 15) % 5},{ind},{value},新安县统计局,第{i}行\n")


def measure(path: Path) -> None:
    """In the measured process: validate, then print seconds and peak MiB."""
    from luoyang_analysis.deliveries.processed import read_and_validate

    clean, _ = read_and_validate(path)
    seconds = time.perf_counter() - START
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{seconds:.2f} {usage.ru_maxrss / 1024:.0f} {usage.ru_utime + usage.ru_stime:.2f}")


def validation_line(rows: int = 1_000_000) -> str:
    """One line for the benchmark report: time, peak memory, the goals, the machine's load."""
    with tempfile.TemporaryDirectory(prefix="luoyang-validate-bench-") as tmp:
        path = Path(tmp) / "million.csv"
        write_csv(path, rows)
        load = os.getloadavg()[0]
        env = {**os.environ, "LUOYANG_ROOT": tmp}
        done = subprocess.run(
            [sys.executable, __file__, "--measure", str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        seconds, mib, cpu = done.stdout.split()
    ok = float(seconds) <= GOAL_S and float(mib) <= GOAL_MIB
    return (
        f"validate a {rows:,}-row CSV: "
        f"{float(seconds):.1f} s ({float(cpu):.1f} s of CPU), peak {float(mib):.0f} MiB "
        f"(goal <= {GOAL_S:.0f} s and <= {GOAL_MIB / 1024:.0f} GiB: {'met' if ok else 'NOT MET'}; "
        f"load average {load:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
    else:
        print(validation_line(args.rows))
