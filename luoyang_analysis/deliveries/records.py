"""What a reader returns: rows as text with their locations, and the located problems.

Shared by the CSV and ``.xlsx`` readers and by validation, so that every
problem is told the same way: file, sheet, row, column, what is wrong, what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from luoyang_analysis.deliveries.contract import LONG_FORM_COLUMNS
from luoyang_analysis.exceptions import shown

#: The text columns a reader returns for each row (those a file lacks are blank).
VALUE_COLUMNS = LONG_FORM_COLUMNS
LOCATION_COLUMNS = (
    "_file",
    "_sheet",
    "_row",
    "_col_unit",
    "_col_year",
    "_col_indicator",
    "_col_value",
)
ROW_COLUMNS = list(VALUE_COLUMNS + LOCATION_COLUMNS)


@dataclass(frozen=True)
class Issue:
    """One problem in a raw file, with where it is and what to do."""

    file: str
    message: str
    fix: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        # File and sheet names come from outside: escaped, so a name holding a
        # newline or a terminal escape cannot forge or hide a line of the message.
        where = [shown(self.file)]
        if self.sheet:
            where.append(f"sheet {shown(self.sheet)}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return ", ".join(where) + f": {self.message}" + (f" — {self.fix}" if self.fix else "")


@dataclass
class RawFile:
    """The observations of one file (as text, unvalidated), plus problems found while reading."""

    path: Path
    rows: pd.DataFrame
    issues: list[Issue]
    encoding: str | None = None


def empty_rows() -> pd.DataFrame:
    return pd.DataFrame(columns=ROW_COLUMNS)


def refused(path: Path, issue: Issue, encoding: str | None = None) -> RawFile:
    """A file that gives no rows, only the problem that stopped its reading."""
    return RawFile(path, empty_rows(), [issue], encoding)
