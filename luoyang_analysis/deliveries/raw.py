"""Reading raw statistics files exactly as received, with the location of every value.

Accepted: CSV (UTF-8, UTF-8 with BOM, or GB18030/GBK as written by Chinese Excel,
which is detected; see :mod:`encodings`) and ``.xlsx`` in the long form
(``unit_code, year, indicator_id, value`` [, ``source``, ``note``]) or the wide
form written by ``luoyang template``. A file is read completely and exactly or
refused with the located problem (:mod:`csv_reader`, :mod:`xlsx_reader`); a file
that is not what its name says, a symbolic link, a name holding control
characters, or a file over the :mod:`limits` is refused. Nothing here changes a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from luoyang_analysis.deliveries.csv_reader import read_csv
from luoyang_analysis.deliveries.delivery_names import (
    RULE,
    SAMPLE,
    dated_deliveries,
    default_delivery,
    misnamed,
)
from luoyang_analysis.deliveries.records import (  # noqa: F401 (the readers' public names)
    LOCATION_COLUMNS,
    VALUE_COLUMNS,
    Issue,
    RawFile,
    empty_rows,
    refused,
)
from luoyang_analysis.deliveries.xlsx_reader import read_xlsx

DATA_SUFFIXES = (".csv", ".xlsx")
_REFUSED_SUFFIXES = (".xlsm", ".xls", ".xlsb")


def _label(path: Path) -> str:
    from luoyang_analysis.provenance import display_path

    return display_path(path)


def read_file(path: Path, name: str | None = None) -> RawFile:
    """The rows of one file; ``name`` is how problems name it (default: its display path)."""
    path = Path(path)
    name = name or _label(path)
    if problem := file_problem(path, name):
        return refused(path, problem)
    if path.suffix.lower() == ".csv":
        return read_csv(path, name)
    return read_xlsx(path, name)


def file_problem(path: Path, name: str) -> Issue | None:
    """Why a delivered file is refused before it is opened (the registers' reader asks too)."""
    if path.is_symlink():  # never followed: its target is outside what was delivered
        fix = "copy the file itself into the delivery folder"
        return Issue(name, "a symbolic link is not accepted", fix)
    if not path.name.isprintable():
        fix = "rename the file without line breaks or control characters"
        return Issue(name, "the file name holds control characters", fix)
    suffix = path.suffix.lower()
    if suffix in DATA_SUFFIXES:
        return None
    fix = "save macro-free as .xlsx" if suffix in _REFUSED_SUFFIXES else "use .csv or .xlsx"
    return Issue(name, f"files of type {suffix or '(none)'} are not accepted", fix)


def data_files(path: Path) -> list[Path]:
    """The data files of a vintage directory (or the file itself), in name order.

    Symbolic links (to files or folders) are listed, never followed, so that
    :func:`read_file` refuses them instead of reading what they point to.
    """
    path = Path(path)
    if not path.is_dir():
        return [path]
    found = []
    for folder, dirs, files in os.walk(path, followlinks=False):
        base = Path(folder)
        links = [d for d in dirs if (base / d).is_symlink()]
        for name in files + links:
            p = base / name
            if name.startswith((".", "~$")):
                continue
            if p.is_symlink() or p.suffix.lower() in DATA_SUFFIXES + _REFUSED_SUFFIXES:
                found.append(p)
    return sorted(found)


def vintages(raw_dir: Path) -> list[Path]:
    """Deliveries kept side by side under data/raw/: dated folders (``YYYY-MM-DD`` with an
    optional suffix) oldest first, then 'sample'. Other folders: :func:`misnamed_folders`."""
    sample = [raw_dir / SAMPLE] if (raw_dir / SAMPLE).is_dir() else []
    return dated_deliveries(raw_dir) + sample


def newest_vintage(raw_dir: Path) -> Path | None:
    """The newest dated delivery; the bundled sample when there is none."""
    return default_delivery(raw_dir)


def misnamed_folders(raw_dir: Path) -> list[Issue]:
    """A warning for each folder under data/raw/ that is not a delivery (it is not read)."""
    return [
        Issue(_label(p), f"the folder {p.name!r} is not a delivery name and is not read", RULE)
        for p in misnamed(raw_dir)
    ]
