"""Processed data: the validated, merged observations of one delivery, with a manifest.

``data/processed/<vintage>/observations.csv`` holds every observation with the
file, sheet and row it came from; ``manifest.json`` beside it records the
SHA-256 of every raw file, the digest of the raw files' content
(:func:`digests.raw_digest`), the digest of the code that reads and validates
them (:func:`digests.code_digest`), the package version, the processed columns and
the row count. The processed data is current while all of these match, so a new
validation rule rebuilds it. Raw files are only read. Nothing is written unless every
file validates, and each file is written to a temporary name and renamed into place.

Except when asked to keep going (``luoyang process --keep-going``), for analysts who must
publish what they have: then the valid rows are written, ``left_out.csv`` beside them
names every problem and the row it left out, and the manifest says ``partial: true``.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from luoyang_analysis import __version__, digests, paths, provenance
from luoyang_analysis.deliveries.contract import LONG_FORM_COLUMNS
from luoyang_analysis.deliveries.qualifiers import DEFAULT_QUALIFIER
from luoyang_analysis.deliveries.raw import (
    Issue,
    data_files,
    misnamed_folders,
    newest_vintage,
    read_file,
)
from luoyang_analysis.deliveries.register_contract import is_register_file
from luoyang_analysis.deliveries.registers import (
    DATABASE_NAME,
    Registers,
    county_digests,
    load_registers,
    register_file_info,
    write_database,
)
from luoyang_analysis.exceptions import DataError, ParameterError, shown
from luoyang_analysis.files import atomic_write_bytes, atomic_write_text

log = logging.getLogger(__name__)

SAMPLE_MARK = "示例数据"
PROCESSED_COLUMNS = [*LONG_FORM_COLUMNS, "file", "sheet", "row"]
LEFT_OUT_NAME = "left_out.csv"
LEFT_OUT_COLUMNS = ["file", "sheet", "row", "column", "problem", "fix"]


def resolve_data(data: Path | str | None = None) -> Path:
    """The delivery to use: ``data`` if given (a folder or a file), else the newest under data/raw/."""
    if data:
        path = Path(data)
        if not path.is_absolute() and not path.exists():
            path = paths.project_root() / path
        if not path.exists():
            raise ParameterError(
                f"data path {shown(data)} does not exist; give a folder under data/raw/ or a file."
            )
        return path.resolve()
    newest = newest_vintage(paths.raw_dir())
    if newest is None:
        raise ParameterError(
            f"no data under {paths.raw_dir()}: add a dated folder (e.g. 2019-03-15/) or the sample."
        )
    return newest


def folder_warnings() -> list[Issue]:
    """Folders under data/raw/ that are not deliveries: reported, since they are not read."""
    return misnamed_folders(paths.raw_dir())


def processed_dir_for(data: Path) -> Path:
    name = data.name if data.is_dir() else data.stem
    return paths.processed_dir() / name


def delivery_names(data: Path, files: list[Path]) -> dict[Path, str]:
    """A unique name for each file of a delivery: its path relative to the project, or, for a
    delivery outside the project, the folder's name and the path within it (``a/x.csv`` and
    ``b/x.csv`` must not both be ``x.csv``: per-county subfolders are a natural layout)."""
    names = {}
    for f in files:
        shown = provenance.display_path(f)
        if data.is_dir() and not _inside_project(f):
            shown = (Path(data.name) / f.relative_to(data)).as_posix()
        names[f] = shown
    return names


def _inside_project(path: Path) -> bool:
    try:
        path.resolve().relative_to(paths.project_root())
    except ValueError:
        return False
    return True


@dataclass
class Delivery:
    """A delivery read and validated: its observations, files, warnings and, when kept going
    past problems, what was left out (each problem with its file, sheet, row and column)."""

    observations: pd.DataFrame
    files: list[dict]
    warnings: list[Issue] = field(default_factory=list)
    left_out: list[Issue] = field(default_factory=list)
    registers: Registers | None = None  # read and validated once, then written to the database

    def partial_lines(self, folder: Path) -> list[str]:
        """What a kept-going build left out, one line a problem, then where it is listed."""
        return [f"left out: {i}" for i in self.left_out] + [
            f"{shown(folder)}: PARTIAL — {len(self.observations)} observations written, "
            f"{len(self.left_out)} problem(s) left out (listed in {shown(folder / LEFT_OUT_NAME)})"
        ]


def read_and_validate(data: Path) -> tuple[pd.DataFrame, list[dict]]:
    """Validate every file of a delivery at once; raise :class:`DataError` with all problems."""
    delivery = read_delivery(data)
    return delivery.observations, delivery.files


def read_delivery(data: Path, keep_going: bool = False) -> Delivery:
    """Validate every file of a delivery at once. Any problem raises :class:`DataError` with
    all of them, unless ``keep_going``: then the valid rows are kept and the problems listed
    in ``left_out``. A broken register still refuses (its names back the counts)."""
    files = data_files(data)
    if not files:
        raise ParameterError(f"{shown(data)}: no .csv or .xlsx files found.")
    from luoyang_analysis.deliveries.validation import check  # pandera only when validating

    names = delivery_names(data, files)
    raws = [read_file(f, names[f]) for f in files if not is_register_file(f)]
    issues = [i for r in raws for i in r.issues]
    frames = [r.rows for r in raws if not r.rows.empty]
    rows = pd.concat(frames, ignore_index=True) if frames else raws[0].rows
    checked = check(rows)
    clean = checked.clean
    issues += checked.issues
    registers = load_registers(data)
    register_errors = registers.errors
    if not issues and not register_errors and clean.empty:
        issues = [
            Issue(
                names[f],
                "no values: every value cell of the delivery is blank",
                "fill in the figures (a blank means 'not reported'), or deliver nothing",
            )
            for f in files
            if not is_register_file(f)
        ]
    if register_errors or (issues and (not keep_going or clean.empty)):
        raise DataError(issues + register_errors)
    file_info = [
        {
            "path": names[r.path],
            "sha256": digests.sha256_file(r.path),
            "encoding": r.encoding,
            "rows": int(len(r.rows)),
        }
        for r in raws
    ]
    return Delivery(clean, file_info, checked.warnings, issues, registers)


def build(data: Path | str | None = None, keep_going: bool = False) -> Path:
    """Validate a delivery and write its processed observations and manifest; returns the folder."""
    return build_delivery(data, keep_going)[0]


def build_delivery(
    data: Path | str | None = None, keep_going: bool = False
) -> tuple[Path, Delivery]:
    """:func:`build`, returning also what was read: the warnings, and what was left out."""
    data = resolve_data(data)
    delivery = read_delivery(data, keep_going)
    out = delivery.observations.rename(columns={"_file": "file", "_sheet": "sheet", "_row": "row"})
    for col in LONG_FORM_COLUMNS:  # a frame from before the figure columns: blank = exact
        if col not in out:
            out[col] = DEFAULT_QUALIFIER if col == "qualifier" else ""
    out = (
        out[PROCESSED_COLUMNS]
        .sort_values(["unit_code", "indicator_id", "year"])
        .reset_index(drop=True)
    )
    for col in ("source", "note", "sheet", "source_kind", "as_of", "base_year", "period"):
        out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
    # Whole numbers without ".0", others as the shortest text that reads back exactly;
    # a figure that is not published has no value (an empty cell).
    out["value"] = out["value"].map(
        lambda v: "" if pd.isna(v) else str(int(v)) if float(v).is_integer() else repr(float(v))
    )
    from luoyang_analysis.deliveries.validation import check_schema

    problems = check_schema(
        out.assign(value=pd.to_numeric(out["value"], errors="coerce").astype(float)),
        "processed observations",
    )
    if problems:  # a bug, not a data mistake: every row passed validate() already
        raise DataError(problems)
    csv_bytes = out.to_csv(index=False, lineterminator="\n").encode("utf-8")
    _check_round_trip(out, csv_bytes)
    target = processed_dir_for(data)
    files = data_files(data)
    manifest = {
        "package_version": __version__,
        "code_digest": digests.code_digest(),
        "data": provenance.display_path(data),
        "raw_digest": digests.raw_digest(data, files),
        "files": delivery.files,
        "columns": PROCESSED_COLUMNS,
        "observations": len(out),
        "observations_sha256": digests.sha256_bytes(csv_bytes),
        "illustrative": bool(
            out["source"].str.contains(SAMPLE_MARK).any() or data.name == "sample"
        ),
        "partial": bool(delivery.left_out),
        "left_out": len(delivery.left_out),
        "warnings": [str(w) for w in delivery.warnings],
    }
    # Registers: listed with the others; their database written where there are any.
    names = delivery_names(data, files)
    registered = [register_file_info(f, names[f]) for f in files if is_register_file(f)]
    manifest["files"] = delivery.files + registered
    # Each county report's digest takes its county's register rows: kept here, so that
    # planning a batch reads no register (a no-op batch would spend most of its time there).
    manifest["county_digests"] = county_digests(delivery.registers) if registered else {}
    if registered or (target / DATABASE_NAME).exists():
        write_database(target / DATABASE_NAME, out, delivery.registers)
    atomic_write_bytes(target / "observations.csv", csv_bytes)
    _write_left_out(target / LEFT_OUT_NAME, delivery.left_out)
    atomic_write_text(
        target / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    )
    log.info("processed %s: %d observations", data, len(out))
    return target, delivery


def _write_left_out(path: Path, left_out: list[Issue]) -> None:
    """What a partial build left out, one problem a line; a complete build leaves no such file
    (a stale one from an earlier partial build would misreport the data)."""
    if not left_out:
        path.unlink(missing_ok=True)
        return
    frame = pd.DataFrame(
        [[i.file, i.sheet or "", i.row or "", i.column or "", i.message, i.fix] for i in left_out],
        columns=LEFT_OUT_COLUMNS,
    )
    atomic_write_bytes(path, frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def _check_round_trip(out: pd.DataFrame, csv_bytes: bytes) -> None:
    """Refuse to write a processed copy that would not read back as written: a cache that
    cannot be read, but counts as current, would break every later command."""
    back = _parse_observations(io.BytesIO(csv_bytes))
    text = [c for c in PROCESSED_COLUMNS if c != "value"]
    same = (
        back.shape == out.shape
        and all(back[c].astype(str).tolist() == out[c].astype(str).tolist() for c in text)
        and back["value"].equals(pd.to_numeric(out["value"], errors="coerce").astype(float))
    )
    if not same:
        raise DataError(
            [
                Issue(
                    "processed observations",
                    "a text field (file name, sheet, source or note) holds characters that the "
                    "processed CSV cannot keep",
                    "remove line breaks and control characters from names, sources and notes",
                )
            ]
        )


def is_current(data: Path) -> bool:
    """True if the processed copy was made from raw files of this content (by SHA-256, not
    time) by this reading and validation code, and has not been altered since.

    A manifest that cannot be read or has the wrong shape (edited by hand, half
    copied) counts as stale: the copy is rebuilt from the raw files.
    """
    target = processed_dir_for(data)
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        csv_sha = digests.sha256_file(target / "observations.csv")
        {f["path"]: f["sha256"] for f in manifest["files"]}  # the shape provenance relies on
        version, observations_sha = manifest["package_version"], manifest["observations_sha256"]
        code, raw, where = manifest["code_digest"], manifest["raw_digest"], manifest["data"]
        columns = manifest["columns"]  # processed data from before a column was added is stale
        dict(manifest["county_digests"])  # read by the batch's plan
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    files = data_files(data)
    if any(f.is_symlink() or not f.is_file() for f in files):
        return False  # build() refuses the delivery, with the reason
    return (
        version == __version__
        and code == digests.code_digest()
        and columns == PROCESSED_COLUMNS
        and observations_sha == csv_sha
        # The rows name the file each came from, so a delivery found elsewhere under the
        # same name is processed again (the reports, keyed on content, stay current).
        and where == provenance.display_path(data)
        and raw == digests.raw_digest(data, files)
        and ((target / DATABASE_NAME).exists() or not any(map(is_register_file, files)))
    )


def load(data: Path | str | None = None) -> tuple[pd.DataFrame, dict]:
    """The processed observations and manifest of a delivery, rebuilding them first if stale."""
    data = resolve_data(data)
    if not is_current(data):
        build(data)
    target = processed_dir_for(data)
    # No schema check here: is_current() has just verified these bytes are the ones
    # build() wrote after checking them against the schema.
    frame = read_observations(target / "observations.csv")
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    return frame, manifest


def read_observations(path: Path | str) -> pd.DataFrame:
    """The rows of a processed ``observations.csv`` that :func:`build` wrote; only reads.

    For a caller that was handed the file by whoever made it current (the report
    batch hands it to each notebook): nothing is hashed, validated or written here.
    A relative path is taken from the project root.
    """
    path = Path(path)
    if not path.is_absolute():
        path = paths.project_root() / path
    try:
        return _parse_observations(path)
    except FileNotFoundError:
        raise ParameterError(
            f"processed observations {shown(path)} do not exist; run `luoyang process` or `make reports`."
        ) from None


def _parse_observations(source: Path | io.BytesIO) -> pd.DataFrame:
    """Processed observations as :func:`build` wrote them (also used to check what it writes)."""
    text = [c for c in PROCESSED_COLUMNS if c not in ("year", "value", "row")]
    frame = pd.read_csv(
        source,
        dtype=dict.fromkeys(text, str),
        keep_default_na=False,
        na_values={"value": [""]},
    )
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    for col in LONG_FORM_COLUMNS:  # written before the figure columns: blank = exact
        if col not in frame:
            frame[col] = DEFAULT_QUALIFIER if col == "qualifier" else ""
    return frame
