"""Reading the analyst's allocation file: county targets, each row exact or refused with its cell.

``unit_code, indicator_id, year, target_value`` in UTF-8 CSV. A target that is
not a finite number of at least zero is refused, not warned about: a negative
or infinite target would make every gap against it meaningless.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd

from luoyang_analysis.deliveries import limits
from luoyang_analysis.deliveries.records import Issue
from luoyang_analysis.exceptions import DataError, ParameterError, shown

ALLOCATION_COLUMNS = ("unit_code", "indicator_id", "year", "target_value")
_HEADER_FIX = f"the header must be {','.join(ALLOCATION_COLUMNS)}"


def read_allocations(path: Path | str) -> pd.DataFrame:
    """The allocation rows, typed; :class:`DataError` naming every bad cell otherwise."""
    path = Path(path)
    name = shown(path)
    if not path.is_file():
        raise ParameterError(f"{name}: the allocation file does not exist.")
    size = path.stat().st_size
    if problem := limits.MAX_FILE_MB.exceeded(size, limits.MB):
        raise DataError([Issue(name, f"the file is too large: {problem}")])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(
            [Issue(name, "the allocation file is not UTF-8 CSV text", "save it as 'CSV UTF-8'")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    issues: list[Issue] = []
    records = []
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in ALLOCATION_COLUMNS if c not in header]
        if missing or reader.line_num > 1:
            raise DataError(
                [Issue(name, f"missing column(s) {', '.join(missing)}", _HEADER_FIX, row=1)]
            )
        pos = {c: header.index(c) for c in ALLOCATION_COLUMNS}
        last = 1
        for fields in reader:
            start, last = last + 1, reader.line_num
            if last != start or len(fields) > len(header):
                issues.append(
                    Issue(
                        name,
                        "this row is not one CSV record of the header's columns",
                        "one target per line, no quotes needed",
                        row=start,
                    )
                )
                continue
            if not "".join(fields).strip():
                continue
            rec = {c: (fields[i].strip() if i < len(fields) else "") for c, i in pos.items()}
            issues += _row_problems(name, start, rec)
            records.append(rec)
    except csv.Error as exc:
        issues.append(
            Issue(
                name,
                f"the line cannot be read as CSV ({exc})",
                "export it as CSV again",
                row=last + 1,
            )
        )
    if issues:
        raise DataError(issues)
    frame = pd.DataFrame(records, columns=list(ALLOCATION_COLUMNS))
    return frame.astype({"year": int, "target_value": float})


def _row_problems(name: str, row: int, rec: dict[str, str]) -> list[Issue]:
    out = []
    if not re.fullmatch(r"\d{4}", rec["year"]):
        out.append(
            Issue(
                name,
                f"year {rec['year']!r} is not a year",
                "write four digits, e.g. 2020",
                row=row,
                column="year",
            )
        )
    text = rec["target_value"]
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        out.append(
            Issue(
                name,
                f"target {text!r} is not a number of at least zero",
                "write the county's target as a plain number (an unknown target: leave the row out)",
                row=row,
                column="target_value",
            )
        )
    return out
