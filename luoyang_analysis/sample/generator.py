"""The illustrative sample dataset (示例数据, not official statistics).

A small, made-up but plausible set of statistics for 2016–2020, the city (410300)
and its 15 county-level units of 2017, covering every indicator of the data
contract (``data.data_indicators()``). It lets the gap engine, the notebooks and
the reports run before real statistics arrive, and exercises their awkward
paths: counties behind and ahead, a county that publishes only year-on-year
energy-intensity rates, missing values, an official city figure that differs
from the county sum.

The story is written by design in ``story.py`` (who mines coal, which district
hosts the machinery groups, which county lags); one module per plan
(``capacity``, ``green``, ``smart``, ``techup``) turns it into rows, with the
seed only adding noise and sharing a designed city total out among counties;
``readme.py`` fills ``templates/README.md``. Same seed, same bytes.

Regenerate the shipped copy with::

    .venv/bin/python -m luoyang_analysis.sample data/raw/sample

Nothing here is an official figure: every row's ``source`` says 示例数据.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from luoyang_analysis.catalogue.units import units_in
from luoyang_analysis.deliveries.contract import OBSERVATION_COLUMNS, data_indicators
from luoyang_analysis.files import atomic_write_bytes
from luoyang_analysis.sample import capacity, green, readme, smart, techup
from luoyang_analysis.sample.rows import Rows, format_value
from luoyang_analysis.sample.story import (
    CSV_NAME,
    DECIMALS,
    DEFAULT_SEED,
    LICENCE,
    META_NAME,
    README_NAME,
    WRITTEN,
)

# Every plan draws from the one generator, in this order; the order of the draws
# decides the shipped bytes, so a step is added at the end, never in between.
# (The cluster output was drawn last when the generator was one module.)
STEPS = (capacity.generate, green.generate, smart.generate, techup.generate, smart.cluster_output)


def generate(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The sample observations: long rows in the data contract's columns.

    Deterministic: the same seed gives the same frame (and, written, the same bytes).
    Missing values are rows with an empty value and a note.
    """
    rng = np.random.default_rng(seed)
    out = Rows()
    for step in STEPS:
        step(out, rng)

    df = pd.DataFrame(out.rows, columns=list(OBSERVATION_COLUMNS))
    order_unit = {u.code: i for i, u in enumerate(units_in(2017))}
    order_ind = {k: i for i, k in enumerate(data_indicators())}
    unknown = set(df["indicator_id"]) - set(order_ind)
    if unknown:  # the catalogue changed under the generator
        raise ValueError(f"sample: indicators not in the data contract: {sorted(unknown)}")
    df = df.assign(
        _u=df["unit_code"].map(order_unit), _i=df["indicator_id"].map(order_ind)
    ).sort_values(["_u", "_i", "year"], kind="stable")
    df = df.drop(columns=["_u", "_i"]).reset_index(drop=True)
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    return df


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The CSV as shipped: UTF-8, ``\\n`` line ends, fixed decimals per unit of measure."""
    indicators = data_indicators()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(OBSERVATION_COLUMNS)
    for row in df.itertuples(index=False):
        decimals = DECIMALS.get(indicators[row.indicator_id].unit_zh, 0)
        writer.writerow(
            [
                row.unit_code,
                row.year,
                row.indicator_id,
                format_value(row.value, decimals),
                row.source,
                row.note,
            ]
        )
    return buf.getvalue().encode("utf-8")


def write(out_dir: Path | str, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write observations.csv, its metadata sidecar and README.md into ``out_dir``."""
    out_dir = Path(out_dir)
    df = generate(seed)
    data = to_csv_bytes(df)
    written = {
        out_dir / CSV_NAME: data,
        out_dir / META_NAME: _metadata(df, data, seed).encode("utf-8"),
        out_dir / README_NAME: readme.render(df, seed).encode("utf-8"),
    }
    for path, content in written.items():
        atomic_write_bytes(path, content)
    return list(written)


def _metadata(df: pd.DataFrame, data: bytes, seed: int) -> str:
    meta = {
        "file": CSV_NAME,
        "title_zh": "示例数据（非官方统计）：洛阳市及15个县级单位2016—2020年攻坚方案指标",
        "title_en": "Illustrative sample (not official statistics): indicators of the four plans, Luoyang and its 15 county-level units, 2016–2020",
        "official": False,
        "note_zh": "本文件为程序生成的示例数据，仅用于演示和测试，不是官方统计数据，不得引用。",
        "note_en": "Generated illustrative data for demonstration and tests. Not official statistics; do not cite.",
        "producer": "luoyang-analysis developers",
        "generator": "luoyang_analysis.sample",
        "command": f"python -m luoyang_analysis.sample data/raw/sample --seed {seed}",
        "seed": seed,
        "rng": "numpy.random.default_rng (PCG64)",
        "date_written": WRITTEN,
        "licence": LICENCE,
        "rows": len(df),
        "units": int(df["unit_code"].nunique()),
        "indicators": int(df["indicator_id"].nunique()),
        "years": [int(y) for y in sorted(df["year"].unique())],
        "missing_values": int(df["value"].isna().sum()),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    header = "# 示例数据（非官方统计） / Illustrative sample, not official statistics.\n"
    header += "# Written by luoyang_analysis.sample; regenerate rather than edit.\n"
    return header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m luoyang_analysis.sample",
        description="Write the illustrative sample dataset (示例数据, not official statistics).",
    )
    parser.add_argument("out_dir", type=Path, help="directory to write into, e.g. data/raw/sample")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    args = parser.parse_args(argv)
    for path in write(args.out_dir, seed=args.seed):
        print(path)
    from luoyang_analysis.sample.registers import write_registers

    for path in write_registers(args.out_dir, generate(args.seed), args.seed):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
