"""Writing files so that a reader never sees half of one, and the same content gives the same bytes.

Every output of the project (processed data, reports, workbooks, stamps) is
written here: to a temporary file beside its destination, fsync'd, then renamed
into place, so a killed run leaves either the old file or the new one. Zip-based
files (``.xlsx``) get fixed entry times so a rebuild is byte-identical.
A base module: it imports nothing of the project.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

#: The date stamped on every entry of a zip we write (the notice's date).
FIXED_ZIP_TIME = (2017, 8, 29, 0, 0, 0)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: the old file stays until the new one is complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_with(path: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` create a file (a database, say) under a temporary name, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    tmp = tmp_dir / path.name
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)


def atomic_write_text(path: Path, text: str) -> None:
    """:func:`atomic_write_bytes` of ``text`` in UTF-8."""
    atomic_write_bytes(path, text.encode("utf-8"))


#: openpyxl stamps the save time into an .xlsx's core properties, whatever the workbook says.
_CORE_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fixed_zip_times(data: bytes) -> bytes:
    """The same zip with fixed entry times, so the same content gives the same bytes.

    For an ``.xlsx``, the document's "modified" property is fixed too (openpyxl
    writes the time of saving there).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*FIXED_ZIP_TIME[:3]).encode()
                body = _CORE_MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            dst.writestr(fixed, body)
    return out.getvalue()
