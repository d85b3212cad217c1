"""Limits on what a delivery file may be, checked before any work is done on it.

A hostile or broken file (a 4.9 KB workbook declaring a million-row sheet, a
deflate bomb, a 200 MB CSV) must be refused at once with a message that names
the limit and how to raise it, instead of taking all memory. Each limit is an
environment variable; the defaults hold any real delivery with room to spare.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from luoyang_analysis.exceptions import SettingError


@dataclass(frozen=True)
class Limit:
    env: str
    default: int
    what: str  # what is counted, e.g. "MB per file"

    def value(self) -> int:
        text = os.environ.get(self.env, "").strip()
        if not text:
            return self.default
        if not text.isdecimal() or int(text) == 0:
            raise SettingError(
                f"the environment variable {self.env} is {text!r}: allowed is a whole number "
                f"above 0 ({self.what}; default {self.default:,}); correct it or unset it."
            )
        return int(text)

    def exceeded(self, found: int | float, scale: int = 1) -> str | None:
        """The refusal message when ``found`` (in units of 1/``scale`` of the limit) is over it."""
        limit = self.value()
        if found <= limit * scale:
            return None
        return (
            f"{found / scale:,.0f} {self.what} is over the limit of {limit:,} "
            f"(raise it with the environment variable {self.env}=N if the file is genuine)"
        )


MB = 1024 * 1024
#: Size of one raw file on disk.
MAX_FILE_MB = Limit("LUOYANG_MAX_FILE_MB", 100, "MB per file")
#: Rows of one CSV file or one sheet: as many as an Excel sheet can hold.
MAX_ROWS = Limit("LUOYANG_MAX_ROWS", 1_048_576, "rows")
#: Uncompressed size of all parts of one ``.xlsx`` (read from the zip directory).
MAX_UNZIPPED_MB = Limit("LUOYANG_MAX_UNZIPPED_MB", 300, "MB uncompressed")
#: Cells one sheet declares (its ``<dimension>``) or holds.
MAX_CELLS = Limit("LUOYANG_MAX_CELLS", 5_000_000, "cells")
#: Columns one sheet declares or holds (the wide form needs about 20).
MAX_COLUMNS = Limit("LUOYANG_MAX_COLUMNS", 1_000, "columns")

ALL = (MAX_FILE_MB, MAX_ROWS, MAX_UNZIPPED_MB, MAX_CELLS, MAX_COLUMNS)
