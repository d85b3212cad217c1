"""The registers of a delivery in one embedded DuckDB database, with the observations beside them.

``data/processed/<delivery>/delivery.duckdb`` holds the tables ``observations``,
``enterprises``, ``recognitions``, ``projects``, ``retirements``, ``budget``,
``first_sets`` (each row with
the file and row it came from), the look-up tables ``lists``, ``categories`` and
``equipment``, and the views of :mod:`luoyang_analysis.deliveries.register_views`.
It is written by the processed build (only when a raw file changed), to a
temporary name and renamed into place. ``connect(delivery)`` opens it read-only,
for JupyterLab; ``luoyang sql`` runs a query on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.deliveries.raw import data_files
from luoyang_analysis.deliveries.register_contract import (
    CATEGORIES,
    DISMANTLED_INDICATOR,
    EQUIPMENT,
    LISTS,
    REGISTERS,
)
from luoyang_analysis.deliveries.register_read import read_registers
from luoyang_analysis.deliveries.register_validation import Registers, validate_registers
from luoyang_analysis.deliveries.register_views import BASE_YEAR, CITY, views_sql
from luoyang_analysis.digests import raw_digest
from luoyang_analysis.files import atomic_write_with

if TYPE_CHECKING:  # duckdb costs ~0.2 s to import; a no-op batch never opens a database
    import duckdb

DATABASE_NAME = "delivery.duckdb"
_SQL_TYPES = {
    "year": "INTEGER",
    "int": "INTEGER",
    "amount": "DOUBLE",
    "date": "DATE",
    "flag": "BOOLEAN",
}


def load_registers(data: Path) -> Registers:
    """Read and validate every register of a delivery (errors and warnings in the result).

    A batch worker's kernel builds many reports from one delivery, and each read and
    validated every register again (~0.3 CPU-s a county report). So the last result
    is kept per process under the checksums of the delivery's files: any changed,
    added or removed file reads everything again. A delivery with anything but plain
    readable files in it (a link, a folder, a file that cannot be read) is read every
    time, and refused as before. Callers get their own copies.
    """
    global _LAST
    data = Path(data)
    key = _delivery_key(data)
    if key is None:
        return validate_registers(read_registers(data))
    if _LAST is None or _LAST[0] != key:
        _LAST = (key, validate_registers(read_registers(data)))
    last = _LAST[1]
    return Registers(
        {kind: frame.copy() for kind, frame in last.frames.items()},
        list(last.errors),
        list(last.warnings),
    )


_LAST: tuple[tuple, Registers] | None = None  # load_registers' last delivery and result


def _delivery_key(data: Path) -> tuple | None:
    """The delivery's folder and its files' digest (digests.raw_digest); None unless all are
    plain files."""
    files = data_files(data)
    if any(p.is_symlink() or not p.is_file() for p in files):
        return None
    try:
        return (str(data.resolve()), raw_digest(data, files))
    except OSError:
        return None


def _dismantling_deadline() -> str:
    target = default_catalogue().indicator(DISMANTLED_INDICATOR).targets[0]
    return str(target.deadline)


def _last_year(observations: pd.DataFrame, registers: Registers) -> int:
    years = [2020]
    if not observations.empty:
        years.append(int(pd.to_numeric(observations["year"]).max()))
    for kind, col in (("recognitions", "year"), ("projects", "selected_year")):
        frame = registers.frames[kind]
        if not frame.empty and frame[col].notna().any():
            years.append(int(frame[col].max()))
    ret = registers.frames["retirements"]["retirement_date"].dropna()
    if not ret.empty:
        years.append(max(d.year for d in ret))
    return max(years)


def _select(kind: str) -> str:
    """The typed columns of a register table, in contract order."""
    cols = []
    for c in REGISTERS[kind]:
        sql_type = _SQL_TYPES.get(c.kind, "VARCHAR")
        cols.append(f'CAST("{c.id}" AS {sql_type}) AS "{c.id}"')
    cols += ["CAST(_file AS VARCHAR) AS _file", "CAST(_sheet AS VARCHAR) AS _sheet",
             "CAST(_row AS INTEGER) AS _row"]  # fmt: skip
    return ", ".join(cols)


def _fill(con: duckdb.DuckDBPyConnection, observations: pd.DataFrame, registers: Registers) -> None:
    obs = observations.copy()
    con.register("obs_df", obs)
    con.execute(
        "CREATE TABLE observations AS SELECT CAST(unit_code AS VARCHAR) AS unit_code,"
        " CAST(year AS INTEGER) AS year, CAST(indicator_id AS VARCHAR) AS indicator_id,"
        " CAST(value AS DOUBLE) AS value, CAST(source AS VARCHAR) AS source,"
        " CAST(note AS VARCHAR) AS note, CAST(file AS VARCHAR) AS file,"
        " CAST(sheet AS VARCHAR) AS sheet, CAST(row AS INTEGER) AS row FROM obs_df"
        " ORDER BY unit_code, indicator_id, year"
    )
    for kind in REGISTERS:
        frame = registers.frames[kind].copy()
        for c in REGISTERS[kind]:
            if c.kind == "date":  # ISO text: DuckDB casts it to DATE exactly
                frame[c.id] = frame[c.id].map(lambda d: d.isoformat() if d else None)
            elif c.kind in ("year", "int"):
                frame[c.id] = pd.array(frame[c.id], dtype="Int64")
            elif c.kind == "amount":
                frame[c.id] = pd.to_numeric(frame[c.id]).astype("float64")
            else:
                frame[c.id] = frame[c.id].astype(object)
        frame["_sheet"] = frame["_sheet"].astype(object)
        con.register("reg_df", frame)
        con.execute(
            f"CREATE TABLE {kind} AS SELECT {_select(kind)} FROM reg_df ORDER BY _file, _row"
        )
        con.unregister("reg_df")
    lookups = {
        "lists": pd.DataFrame(
            [(k, ind, per) for k, (ind, per) in LISTS.items()],
            columns=["list", "indicator_id", "per"],
        ),
        "categories": pd.DataFrame(
            [(k, ind, per) for k, (ind, per) in CATEGORIES.items()],
            columns=["category", "indicator_id", "per"],
        ),
        "equipment": pd.DataFrame(list(EQUIPMENT.items()), columns=["equipment", "indicator_id"]),
    }
    for name, frame in lookups.items():
        con.register("lk_df", frame.astype(object))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM lk_df")
        con.unregister("lk_df")
    for statement in views_sql(_last_year(observations, registers), _dismantling_deadline()):
        con.execute(statement)


def write_database(path: Path, observations: pd.DataFrame, registers: Registers) -> Path:
    """Write the delivery's database to ``path`` atomically (temporary file, then rename)."""
    import duckdb

    def write(tmp: Path) -> None:
        con = duckdb.connect(str(tmp), config={"threads": 1})
        try:
            _fill(con, observations, registers)
            con.execute("CHECKPOINT")
        finally:
            con.close()

    atomic_write_with(Path(path), write)
    return Path(path)


def in_memory(observations: pd.DataFrame, registers: Registers) -> duckdb.DuckDBPyConnection:
    """The same database in memory, for checks that must not write (``luoyang validate``)."""
    import duckdb

    con = duckdb.connect(":memory:")
    obs = observations.rename(columns={"_file": "file", "_sheet": "sheet", "_row": "row"})
    _fill(con, obs, registers)
    return con


def database_path(data: Path | str | None = None) -> Path:
    """The database of a delivery, built first if the raw files changed since the last build."""
    from luoyang_analysis.deliveries import processed  # processed builds the database

    data = processed.resolve_data(data)
    if not processed.is_current(data):
        processed.build(data)
    path = processed.processed_dir_for(data) / DATABASE_NAME
    if not path.exists():  # a delivery without registers: its observations alone, on first use
        observations, _ = processed.load(data)
        write_database(path, observations, load_registers(data))
    return path


def connect(delivery: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a delivery's database (for JupyterLab and ``luoyang sql``)."""
    import duckdb

    return duckdb.connect(str(database_path(delivery)), read_only=True)


def query(sql: str, delivery: Path | str | None = None) -> pd.DataFrame:
    """The result of one SQL query on a delivery's database; an SQL mistake is a ParameterError."""
    import duckdb

    from luoyang_analysis.exceptions import ParameterError

    con = connect(delivery)
    try:
        frame = con.execute(sql).df()
        for col in frame.columns:  # DATE columns come back as midnight timestamps
            if pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = frame[col].dt.date
        return frame
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise ParameterError(
            f"the query failed: {first} — tables: observations, enterprises, recognitions, "
            "projects, retirements, budget, first_sets; views: named_items, named_counts, "
            "upgrading_share, dismantling, dismantling_share, key_project_items, "
            "key_project_investment"
        ) from None
    finally:
        con.close()


__all__ = [
    "BASE_YEAR",
    "CITY",
    "DATABASE_NAME",
    "Registers",
    "connect",
    "county_digests",
    "database_path",
    "in_memory",
    "load_registers",
    "query",
    "register_file_info",
    "write_database",
]


def register_file_info(path: Path, name: str) -> dict:
    """A register file's entry in the processed manifest (so that a change to it rebuilds).

    ``name`` is the file's unique name in the delivery (``processed.delivery_names``).
    """
    from luoyang_analysis import provenance

    return {
        "path": name,
        "sha256": provenance.sha256_file(path),
        "encoding": None,
        "register": True,
    }


def county_digests(registers: Registers) -> dict[str, str]:
    """What each county's 扶持资金 section is made from, for its report's rebuild digest: county
    code -> digest of its project and 首台（套） rows as typed (not of the file, so a change in one
    county rebuilds no other). The processed build keeps them in the manifest, so a batch with
    nothing changed never reads the registers again. The rules and parameters are catalogue
    files, in the library's digest."""
    from luoyang_analysis import digests

    lines: dict[str, list[str]] = {}
    for kind in ("projects", "first_sets"):
        text = registers.frames[kind].drop(columns=["_file", "_sheet", "_row"]).astype(str)
        for code, rows in text.groupby("county_code", sort=True):
            lines.setdefault(code, []).extend(
                f"{kind},{line}" for line in rows.to_csv(index=False, header=False).splitlines()
            )
    # Sorted rows: moving a row within the file changes nothing the section shows.
    return {code: digests.sha256_parts(*sorted(rows)) for code, rows in sorted(lines.items())}
