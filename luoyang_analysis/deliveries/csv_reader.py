"""Reading a CSV delivery file completely and exactly, or refusing it with the row that stops it.

One record per physical line: a line break inside a field is refused, because
that is how an unclosed quote shows (an unterminated ``"`` in a note would
otherwise swallow every following row into the note, and a lone CR in a field
would break the processed copy). So every physical line after the header is
accounted for as an observation, a blank line, or a reported problem.
"""

from __future__ import annotations

import csv
import io
import re
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from luoyang_analysis.deliveries import limits
from luoyang_analysis.deliveries.contract import REQUIRED_COLUMNS
from luoyang_analysis.deliveries.encodings import decode
from luoyang_analysis.deliveries.records import ROW_COLUMNS, VALUE_COLUMNS, Issue, RawFile, refused

LONG_COLUMNS = REQUIRED_COLUMNS
ZIP_MAGIC = b"PK\x03\x04"
_UTF8_FIX = "save it from Excel as 'CSV UTF-8'"

# What the csv module's strict-mode errors mean for someone who typed the file.
_CSV_ERRORS = (
    ("unexpected end of data", "a quote opened in this row is never closed", "close the quote"),
    (
        "field larger than field limit",
        f"a field is longer than {csv.field_size_limit():,} characters",
        "shorten the note (an unclosed quote can cause this too)",
    ),
    ("expected after", "text follows a closing quote", 'write "" for a quote inside quoted text'),
    ("NUL", "the line contains a NUL byte", "export the sheet as CSV text again"),
)


def read_csv(path: Path, name: str) -> RawFile:
    """The rows of a CSV file as text, with their line numbers; ``name`` labels the problems."""
    data, text, encoding, problem = _load(path, name)
    if problem:
        return refused(path, problem)
    if '"' in text or not text.strip():
        del data
        return _parse(path, name, text, encoding)
    del text  # the fast path parses the bytes: a decoded copy would double the memory
    return _parse_fast(path, name, data, encoding)


def decode_file(path: Path, name: str) -> tuple[str | None, str | None, Issue | None]:
    """The text of a CSV file and its encoding, or the one problem that stops it being read
    (the registers' reader uses it; the limits apply as to observations)."""
    _, text, encoding, problem = _load(path, name)
    return text, encoding, problem


def _load(path: Path, name: str) -> tuple[bytes | None, str | None, str | None, Issue | None]:
    """The bytes and text of a CSV file and its encoding, or the problem that stops it being
    read; the limits are checked before decoding."""
    size = path.stat().st_size
    if problem := limits.MAX_FILE_MB.exceeded(size, limits.MB):
        return None, None, None, Issue(name, f"the file is too large: {problem}", "split it")
    data = path.read_bytes()
    if data.startswith(ZIP_MAGIC):
        return (
            None,
            None,
            None,
            Issue(
                name,
                "this is a zip/Excel file with a .csv name",
                "save it as CSV, or rename it to .xlsx",
            ),
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # what Excel's "Unicode Text" writes
        return None, None, None, Issue(name, "this is UTF-16 text, not UTF-8", _UTF8_FIX)
    if b"\x00" in data:
        return None, None, None, Issue(name, "this is a binary file, not CSV text", _UTF8_FIX)
    # Physical lines, counted before decoding or parsing (a last line may lack its newline).
    lines = max(data.count(b"\n"), data.count(b"\r")) + (not data.endswith((b"\n", b"\r")))
    if problem := limits.MAX_ROWS.exceeded(lines - 1):
        return None, None, None, Issue(name, f"the file has too many rows: {problem}", "split it")
    text, encoding, problem = decode(data)
    if problem:
        return data, None, None, Issue(name, problem[0], _UTF8_FIX, row=problem[1])
    return data, text, encoding, None


_CODECS = {"utf-8": "utf-8-sig", "gb18030": "gb18030"}


def _parse_fast(path: Path, name: str, data: bytes, encoding: str) -> RawFile:
    """Without a quote character a record is a physical line split at commas, so pandas'
    C parser gives exactly what the csv module would, in a fraction of the time. Anything
    unusual (a row with too many fields, a field over the csv field limit) is left to
    :func:`_parse`, which reports it with its row."""
    first = re.split(rb"\r\n|\r|\n", data, maxsplit=1)[0]
    header = [h.strip() for h in first.decode(_CODECS[encoding]).split(",")]
    if issue := _header_issue(name, header):
        return refused(path, issue, encoding)
    wanted = {c: header.index(c) for c in VALUE_COLUMNS if c in header}
    try:
        table = pd.read_csv(
            io.BytesIO(data),
            encoding=_CODECS[encoding],
            header=None,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_NONE,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        table = None
    columns = {}
    for c, i in wanted.items() if table is not None else ():
        codes, uniques = pd.factorize(table[i].to_numpy()[1:])
        if len(uniques) and max(map(len, uniques)) > csv.field_size_limit():
            table = None
            break
        columns[c] = np.asarray([u.strip() for u in uniques] + [""], dtype=object)[codes]
    if table is None:
        return _parse(path, name, data.decode(_CODECS[encoding]), encoding)
    rows = np.arange(2, len(table) + 1, dtype="int64")
    return RawFile(path, _frame([columns], rows, name), [], encoding)


def _lines(text: str):
    """The physical lines of ``text`` with their endings, as the csv module reads them
    (without the copy io.StringIO would make)."""
    return (m.group() for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text))


def _header_issue(name: str, header: list[str]) -> Issue | None:
    missing = [c for c in LONG_COLUMNS if c not in header]
    if missing:
        return Issue(
            name,
            f"missing column(s) {', '.join(missing)} in the header {header}",
            "the header must be unit_code,year,indicator_id,value[,source,note,"
            "qualifier,source_kind,as_of,base_year,period]",
            row=1,
        )
    twice = [c for c in VALUE_COLUMNS if header.count(c) > 1]
    if twice:
        return Issue(
            name,
            f"the header names column(s) {', '.join(twice)} more than once",
            "keep one column of each name; the program does not choose between them",
            row=1,
            column=twice[0],
        )
    return None


def _parse(path: Path, name: str, text: str, encoding: str) -> RawFile:
    reader = csv.reader(_lines(text), strict=True)
    issues: list[Issue] = []
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        fix = "add a header row: unit_code,year,indicator_id,value"
        return refused(path, Issue(name, "the file is empty", fix), encoding)
    except csv.Error as exc:
        return refused(path, _csv_issue(name, exc, 1), encoding)
    if reader.line_num != 1:
        return refused(path, _line_break_issue(name, 1, reader.line_num, header, header), encoding)
    if issue := _header_issue(name, header):
        return refused(path, issue, encoding)
    width = len(header)
    wanted = {c: header.index(c) for c in VALUE_COLUMNS if c in header}
    chunks: list[dict[str, np.ndarray]] = []
    records: list[list[str]] = []
    rows: list[int] = []
    last = 1
    try:
        for fields in reader:
            start, last = last + 1, reader.line_num
            if last != start:
                issues.append(_line_break_issue(name, start, last, fields, header))
            elif len(fields) > width:
                issues.append(_too_wide_issue(name, start, len(fields), width))
            else:
                records.append(fields)
                if len(records) == _CHUNK:
                    chunks.append(_columns(records, width, wanted))
                    records = []
                rows.append(start)
    except csv.Error as exc:
        issues.append(_csv_issue(name, exc, last + 1))
    chunks.append(_columns(records, width, wanted))
    return RawFile(path, _frame(chunks, rows, name), issues, encoding)


_CHUNK = 1 << 16


def table_by_line(text: str, name: str) -> tuple[list[list[str]], list[Issue]]:
    """The records of a small CSV text (a register) with the rules of :func:`_parse`: entry
    ``i`` is physical line ``i + 1``; a record that spans lines, has more fields than the
    header or cannot be parsed is reported and stands as blank lines, never read."""
    reader = csv.reader(_lines(text), strict=True)
    table: list[list[str]] = []
    issues: list[Issue] = []
    width = None
    try:
        for fields in reader:
            start = len(table) + 1
            if reader.line_num != start:
                header = table[0] if table else fields
                issues.append(_line_break_issue(name, start, reader.line_num, fields, header))
                if width is None:  # the header itself: nothing below can be placed
                    return [], issues
                fields = []
            elif width is not None and len(fields) > width:
                issues.append(_too_wide_issue(name, start, len(fields), width))
                fields = []
            width = len(fields) if width is None else width
            table += [fields] + [[] for _ in range(reader.line_num - start)]
    except csv.Error as exc:
        issues.append(_csv_issue(name, exc, len(table) + 1))
    return table, issues


def _stripped(column: list[str]) -> np.ndarray:
    """A column's fields without surrounding blanks, each distinct text stripped once
    (a million rows hold a few dozen unit codes and years: this keeps time and memory low)."""
    codes, uniques = pd.factorize(np.asarray(column, dtype=object))
    return np.asarray([u.strip() for u in uniques] + [""], dtype=object)[codes]


def _columns(records: list[list[str]], width: int, wanted: dict[str, int]) -> dict[str, np.ndarray]:
    """One chunk of records as stripped columns (rows with fewer fields are padded with blanks)."""
    short = [k for k, r in enumerate(records) if len(r) < width]
    for k in short:
        records[k] = records[k] + [""] * (width - len(records[k]))
    return {c: _stripped(list(map(itemgetter(i), records))) for c, i in wanted.items()}


def _frame(chunks: list[dict[str, np.ndarray]], rows: list[int], name: str) -> pd.DataFrame:
    """The records as the reader's frame, blank lines left out; location columns filled."""
    frame = pd.DataFrame(
        {
            c: np.concatenate([ch[c] for ch in chunks]) if c in chunks[0] else ""
            for c in VALUE_COLUMNS
        }
    )
    frame["_row"] = np.asarray(rows, dtype="int64")
    blank = np.ones(len(frame), dtype=bool)
    for c in chunks[0]:
        blank &= frame[c].to_numpy() == ""
    frame = frame[~blank].reset_index(drop=True)
    frame["_file"] = name
    frame["_sheet"] = None
    for key, col in (("unit", "unit_code"), ("year", "year"), ("indicator", "indicator_id")):
        frame[f"_col_{key}"] = col
    frame["_col_value"] = "value"
    return frame[ROW_COLUMNS]


def _too_wide_issue(name: str, row: int, fields: int, width: int) -> Issue:
    return Issue(
        name,
        f"this row has {fields} fields but the header has {width}",
        "quote text that contains commas, and write numbers without thousands separators",
        row=row,
    )


def _line_break_issue(
    name: str, start: int, end: int, fields: list[str], header: list[str]
) -> Issue:
    col = next((i for i, f in enumerate(fields) if "\n" in f or "\r" in f), None)
    column = header[col] if col is not None and col < len(header) else None
    return Issue(
        name,
        f"a line break inside a field: the quote opened in this row closes only in line {end}, "
        f"so {end - start} following line(s) would be read as text",
        "close the quote on the same line, and keep each record on one line",
        row=start,
        column=column,
    )


def _csv_issue(name: str, exc: csv.Error, row: int) -> Issue:
    text = str(exc)
    for key, message, fix in _CSV_ERRORS:
        if key in text:
            return Issue(name, message, fix, row=row)
    return Issue(
        name, f"the line cannot be read as CSV ({text})", "export the sheet as CSV again", row=row
    )
