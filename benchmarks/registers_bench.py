"""Registers at province scale: load, validate, write the database and derive the counts.

Generates a synthetic delivery (20,000 enterprises, 10,000 projects, 5,000 list
entries, 2,000 ledger lines; not committed, in a temporary folder), then, in a
fresh process so that the memory figure is its own, reads and validates the
registers, writes the DuckDB file and reads the derived counts. Prints the time
and peak memory of that step against the goals (≤ 10 s, ≤ 1 GiB) and checks the
derived counts against an independent pandas computation from the CSV files.

    .venv/bin/python benchmarks/registers_bench.py [--enterprises 20000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from stdnum.cn import uscc

from luoyang_analysis.deliveries.register_contract import CATEGORIES, EQUIPMENT, LISTS

COUNTIES = ["410302", "410303", "410304", "410305", "410306", "410311", "410322", "410323",
            "410324", "410325", "410326", "410327", "410328", "410329", "410381"]  # fmt: skip
GOAL_SECONDS, GOAL_BYTES = 10.0, 1 << 30


def generate(folder: Path, n_ent: int, n_proj: int, n_rec: int, n_ret: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    county = rng.choice(COUNTIES, n_ent)
    bodies = [f"91{c}MA{i:07d}" for i, c in enumerate(county)]
    codes = np.array([b + uscc.calc_check_digit(b) for b in bodies])
    pd.DataFrame(
        {
            "uscc": codes,
            "name": [f"合成企业{i}（示例数据）" for i in range(n_ent)],
            "county_code": county,
            "industry": "制造",
            "above_size_from": rng.integers(2010, 2021, n_ent),
        }
    ).to_csv(folder / "enterprises.csv", index=False)
    lists = list(LISTS)
    ent = rng.integers(0, n_ent, n_rec)
    frame = pd.DataFrame(
        {
            "list": rng.choice(lists, n_rec),
            "level": "省",
            "year": rng.integers(2015, 2021, n_rec),
            "uscc": codes[ent],
            "item": [f"项目{i % 3}" for i in range(n_rec)],  # some repeat: counted once
            "doc_number": "合成〔2018〕1号",
        }
    )
    frame["doc_date"] = frame["year"].astype(str) + "-12-01"
    # One enterprise and item per list and year (a duplicate would be refused).
    frame = frame.drop_duplicates(["list", "year", "uscc", "item"])
    per_ent = frame["list"].map(lambda x: LISTS[x][1] == "enterprise")
    frame = frame[~(per_ent & frame.duplicated(["list", "year", "uscc"]))]
    frame.to_csv(folder / "recognitions.csv", index=False)
    ent = rng.integers(0, n_ent, n_proj)
    start_year = rng.integers(2016, 2021, n_proj)
    pd.DataFrame(
        {
            "project_id": [f"P{i:06d}" for i in range(n_proj)],
            "name": [f"合成项目{i}" for i in range(n_proj)],
            "uscc": codes[ent],
            "county_code": county[ent],
            "category": rng.choice(list(CATEGORIES), n_proj),
            "selected_year": start_year,
            "total_investment": rng.integers(100, 100000, n_proj),
            "start_date": [f"{y}-03-01" for y in start_year],
            "status": "在建",
        }
    ).to_csv(folder / "projects.csv", index=False)
    ent = rng.integers(0, n_ent, n_ret)
    year = rng.integers(2017, 2021, n_ret)
    pd.DataFrame(
        {
            "uscc": codes[ent],
            "equipment": rng.choice(list(EQUIPMENT), n_ret),
            "quantity": rng.integers(1, 20, n_ret),
            "retirement_date": [f"{y}-05-01" for y in year],
            "dismantling_date": [f"{y}-{rng.integers(6, 13):02d}-01" for y in year],
        }
    ).to_csv(folder / "retirements.csv", index=False)
    (folder / "observations.csv").write_text(
        "unit_code,year,indicator_id,value\n410381,2017,smart.smart_workshops,5\n", encoding="utf-8"
    )


def measure(folder: Path, out: Path) -> None:
    """The measured step (run in its own process): load, validate, write, derive."""
    from luoyang_analysis.deliveries.registers import load_registers, write_database

    start = time.perf_counter()
    registers = load_registers(folder)
    if registers.errors:
        raise SystemExit(f"{len(registers.errors)} problems, first: {registers.errors[0]}")
    observations = pd.DataFrame(
        {"unit_code": ["410381"], "year": [2017], "indicator_id": ["smart.smart_workshops"],
         "value": [5.0], "source": [""], "note": [""], "file": ["observations.csv"],
         "sheet": [""], "row": [2]}
    )  # fmt: skip
    db = folder.parent / "delivery.duckdb"
    write_database(db, observations, registers)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    counts = con.execute("SELECT * FROM named_counts").df()
    con.close()
    seconds = time.perf_counter() - start
    counts.to_csv(out, index=False)
    rows = {k: len(v) for k, v in registers.frames.items()}
    print(json.dumps({"seconds": seconds, "rows": rows, "db_bytes": db.stat().st_size}))


def pandas_counts(folder: Path) -> pd.DataFrame:
    """The same counts computed independently, straight from the CSV files."""
    ent = pd.read_csv(folder / "enterprises.csv", dtype=str)[["uscc", "county_code"]]
    rec = pd.read_csv(folder / "recognitions.csv", dtype={"uscc": str, "item": str})
    rec["indicator_id"] = rec["list"].map(lambda x: LISTS[x][0])
    rec["key"] = np.where(rec["list"].map(lambda x: LISTS[x][1]) == "item", rec["item"], "")
    rec = rec.sort_values("year").drop_duplicates(["list", "uscc", "key"])
    rec = rec.merge(ent, on="uscc")[["indicator_id", "county_code", "year"]].assign(q=1)
    proj = pd.read_csv(folder / "projects.csv", dtype={"uscc": str, "county_code": str})
    proj["indicator_id"] = proj["category"].map(lambda x: CATEGORIES[x][0])
    proj = proj.dropna(subset=["indicator_id"])
    bench = proj["category"] == "标杆"
    firsts = proj[bench].sort_values("selected_year").drop_duplicates("uscc")
    proj = pd.concat([proj[~bench], firsts]).rename(columns={"selected_year": "year"})
    proj = proj[["indicator_id", "county_code", "year"]].assign(q=1)
    ret = pd.read_csv(folder / "retirements.csv", dtype={"uscc": str}).merge(ent, on="uscc")
    ret["indicator_id"] = ret["equipment"].map(EQUIPMENT)
    ret["year"] = ret["retirement_date"].str[:4].astype(int)
    ret = ret[["indicator_id", "county_code", "year"]].assign(q=ret["quantity"])
    items = pd.concat([rec, proj, ret])
    items["year"] = items["year"].clip(lower=2016)
    city = items.assign(county_code="410300")
    both = pd.concat([items, city]).rename(columns={"county_code": "unit_code"})
    return (
        both.groupby(["unit_code", "year", "indicator_id"])["q"].sum().rename("new").reset_index()
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=20_000)
    p.add_argument("--projects", type=int, default=10_000)
    p.add_argument("--recognitions", type=int, default=5_000)
    p.add_argument("--retirements", type=int, default=2_000)
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--measure", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.measure:
        measure(Path(args.measure[0]), Path(args.measure[1]))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="luoyang-registers-bench-"))
    folder = tmp / "2030-01-01"
    folder.mkdir()
    try:
        generate(folder, args.enterprises, args.projects, args.recognitions, args.retirements)
        out = tmp / "counts.csv"
        run = subprocess.run(
            [sys.executable, __file__, "--measure", str(folder), str(out)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if run.returncode:
            print(run.stdout, run.stderr, file=sys.stderr)
            return 1
        result = json.loads(run.stdout.strip().splitlines()[-1])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
        derived = pd.read_csv(out, dtype={"unit_code": str})
        derived = derived[derived["new"] > 0][["unit_code", "year", "indicator_id", "new"]]
        expected = pandas_counts(folder)
        key = ["unit_code", "year", "indicator_id"]
        merged = derived.merge(expected, on=key, how="outer", suffixes=("_db", "_pd"))
        agree = bool((merged["new_db"] == merged["new_pd"]).all())
        rows = result["rows"]
        print(
            "registers: "
            + ", ".join(f"{v:,} {k}" for k, v in rows.items())
            + f"\n  load + validate + database + counts: {result['seconds']:.1f} s "
            f"(goal ≤ {GOAL_SECONDS:.0f} s), peak memory {peak / 2**20:.0f} MiB "
            f"(goal ≤ 1024 MiB), database {result['db_bytes'] / 2**20:.1f} MiB"
            f"\n  derived counts ({len(derived):,} unit-year-indicator rows) agree with pandas: "
            f"{'yes' if agree else 'NO'}"
        )
        return 0 if agree else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
