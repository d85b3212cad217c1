"""The one rebuild rule: digests of what an output was made from, and the stamps that record them.

An output is current when the digest of its inputs equals the one stamped beside
it and every file it consists of is there. Every digest here depends on content
only — bytes of files, rows of data, code — never on where a delivery lies or
when a file was touched, so the same delivery copied to a new dated folder
rebuilds nothing but what really changed. The processed data, the reports, the
summary workbooks and the index all decide through this module; nothing else
hashes for a rebuild decision. A base module: it imports only ``paths`` and
``files``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from luoyang_analysis import paths
from luoyang_analysis.files import atomic_write_text

if TYPE_CHECKING:
    import pandas as pd

PACKAGE = "luoyang_analysis"

#: The modules that read and validate a delivery; they and every module of the package
#: they import (followed to the end) make the code digest of processed data.
READING_MODULES = (
    "deliveries/contract.py",
    "deliveries/raw.py",
    "deliveries/validation.py",
    "deliveries/processed.py",
)
#: Data files that modules read from their own folder (the catalogue's targets, units, text).
DATA_FILE_SUFFIXES = (".yaml", ".csv", ".txt", ".json")

#: Report parameters that say where the data lies, not what it is (the delivery, its
#: processed observations): left out of report digests (the rows themselves are hashed
#: instead), still passed to the notebook.
LOCATION_PARAMETERS = frozenset({"data", "observations"})


# ---------------------------------------------------------------- SHA-256


def sha256_file(path: Path | str) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_parts(*parts: bytes | str) -> str:
    """One digest of several parts; a separator keeps ("ab", "c") apart from ("a", "bc")."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def _version(package_dir: Path) -> str:
    """``__version__`` as written in the package's ``__init__.py`` (read, not imported, so a
    copy of the package can be digested without importing it)."""
    tree = ast.parse((package_dir / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
        ):
            return str(ast.literal_eval(node.value))
    return ""


def _files_digest(files: Iterable[Path], base: Path, *extra: str) -> str:
    """Digest of files by their path relative to ``base`` and their bytes (so a renamed file counts)."""
    return sha256_parts(
        *extra,
        *(f"{p.relative_to(base).as_posix()}:{sha256_file(p)}" for p in sorted(files)),
    )


# ---------------------------------------------------------------- deliveries and code


def raw_digest(data: Path, files: Iterable[Path]) -> str:
    """Digest of a delivery's raw files: their bytes and their paths *inside* the delivery.

    ``data`` is the delivery folder (or a single file); where it lies does not count, so a
    copy under another dated name has the same digest, while ``a/x.csv`` and ``b/x.csv``
    inside it stay two files.
    """
    data = Path(data)
    base = data if data.is_dir() else data.parent
    return _files_digest(files, base)


# `from luoyang_analysis.x import a, b` (also parenthesised over lines) and `import luoyang_analysis.x`,
# at the start of a line, also inside functions. A regular expression, not the ast: parsing
# every reading module on each staleness check cost more than the rest of a no-op batch. A
# line in a docstring that looks like an import can only add a file, never hide one.
_IMPORT = re.compile(
    rf"^[ \t]*(?:from[ \t]+({PACKAGE}(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)"
    rf"|import[ \t]+({PACKAGE}(?:\.\w+)*))",
    re.MULTILINE,
)


def _imported_files(module: Path, package_dir: Path) -> set[Path]:
    """The package's files that ``module`` imports, with their packages' ``__init__.py``
    below the top level."""
    names: list[str] = []
    for source, imported, plain in _IMPORT.findall(module.read_text(encoding="utf-8")):
        if plain:
            names.append(plain)
            continue
        names.append(source)
        # Every word after `import` may be a module (`from pkg import module`); the others
        # (names, `as`, comments) match no file.
        names += [f"{source}.{word}" for word in re.findall(r"\w+", imported)]
    found: set[Path] = set()
    for name in names:
        parts = name.split(".")
        # The top-level __init__ re-exports the public API of every stage; only its
        # __version__ matters here, and it is part of the digest on its own.
        for depth in range(2, len(parts) + 1):
            rel = Path(package_dir, *parts[1:depth])
            for candidate in (rel.with_suffix(".py"), rel / "__init__.py"):
                if candidate.is_file():
                    found.add(candidate)
    return found


def reading_code_files(package_dir: Path | None = None) -> list[Path]:
    """The code that reads and validates deliveries, and the data files beside it."""
    package_dir = Path(package_dir or paths.PACKAGE_DIR)
    todo = [package_dir / m for m in READING_MODULES]
    seen: set[Path] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo += sorted(_imported_files(module, package_dir) - seen)
    data = {
        p
        for folder in {m.parent for m in seen}
        for p in folder.iterdir()
        if p.is_file() and p.suffix in DATA_FILE_SUFFIXES
    }
    return sorted(seen | data)


def code_digest(package_dir: Path | None = None) -> str:
    """Digest of the reading and validation code (with the version): a new rule rebuilds processed data."""
    package_dir = Path(package_dir or paths.PACKAGE_DIR)
    return _files_digest(reading_code_files(package_dir), package_dir, _version(package_dir))


def library_digest(package_dir: Path | None = None) -> str:
    """Digest of every file of the package (code, catalogue, templates): a change rebuilds reports."""
    package_dir = Path(package_dir or paths.PACKAGE_DIR)
    files = [
        p
        for p in package_dir.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.startswith(".")
        and p.suffix != ".pyc"
    ]
    return _files_digest(files, package_dir, _version(package_dir))


# ---------------------------------------------------------------- reports


def rows_digest(frame: pd.DataFrame, columns: Iterable[str]) -> str:
    """Digest of the content of observations (``columns`` only, rows in any order): where each
    row came from (file, sheet, row) is left out, so moving a delivery changes nothing."""
    cols = list(columns)
    # One text per row, sorted so the rows' order does not count. Plain lists, not
    # pandas operations: the batch digests 17 subsets per plan and a no-op run must stay
    # well under a second.
    # A row without a value (未公开) holds NaN, which astype(str) leaves a float: blank it first.
    text = frame[cols].astype(object).where(frame[cols].notna(), "").astype(str)
    rows = sorted("\x1f".join(r) for r in text.to_numpy().tolist())
    return sha256_parts("\x1f".join(cols), *rows)


def report_digest(library: str, notebook: Path, parameters: Mapping, *content: str) -> str:
    """The digest of one report's inputs: the library, the notebook, the parameters but the
    location of the data (:data:`LOCATION_PARAMETERS`), and digests of its content."""
    kept = {k: v for k, v in parameters.items() if k not in LOCATION_PARAMETERS}
    return sha256_parts(
        library,
        sha256_file(notebook),
        json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str),
        *content,
    )


# ---------------------------------------------------------------- stamps


def stamp_path(output: Path) -> Path:
    """The stamp of an output (a report's stem or a file): a hidden ``.<name>.inputs`` beside it."""
    output = Path(output)
    return output.parent / f".{output.name}.inputs"


def _sealed(digest: str, outputs: Iterable[Path]) -> str:
    """The stamped value: the inputs' digest together with the names of the files built from
    them, so a report built as HTML only is not taken as current when a PDF is asked for."""
    return sha256_parts(digest, *sorted(Path(p).name for p in outputs))


def write_stamp(stamp: Path, digest: str, outputs: Iterable[Path]) -> None:
    """Record that ``outputs`` were built from inputs of ``digest``; write it last, after them."""
    atomic_write_text(stamp, _sealed(digest, outputs) + "\n")


def clear_stamp(stamp: Path) -> None:
    """Forget a build before redoing it: an interrupted rebuild is then never taken as current."""
    Path(stamp).unlink(missing_ok=True)


def is_current(
    stamp: Path, digest: str, outputs: Iterable[Path], optional: Iterable[Path] = ()
) -> bool:
    """True if every one of ``outputs`` exists and the stamp records them built from ``digest``,
    alone or with some of ``optional`` (for example the PDF when only HTML is asked for)."""
    outputs = [Path(p) for p in outputs]
    if not all(p.exists() for p in outputs):
        return False
    try:
        recorded = Path(stamp).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return False
    extras = [Path(p) for p in optional if Path(p).exists()]
    return any(
        recorded == _sealed(digest, [*outputs, *chosen])
        for n in range(len(extras) + 1)
        for chosen in combinations(extras, n)
    )
