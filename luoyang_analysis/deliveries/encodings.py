"""Which bytes a CSV may hold: UTF-8, or GB18030/GBK text that is plausibly Chinese.

A file in Big5, Shift-JIS or Windows-1252, or one mixing UTF-8 and GBK lines,
often decodes without error as GB18030 — into mojibake (``統計局來源`` in Big5
reads as ``参璸Ыㄓ方``). So a non-UTF-8 file is accepted only when its text is
what Chinese Excel writes: ASCII, the hanzi and punctuation of GB2312, and the
few rarer characters of Luoyang's own place names (瀍 of 瀍河回族区). Anything
else is refused with the row where it shows, never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from luoyang_analysis.catalogue import units as units_mod

# GB2312 rows 4-9: kana, Greek, Cyrillic, pinyin/bopomofo, box drawing. Valid
# GB2312, but in a county's statistics they are what mojibake looks like.
_FOREIGN_ROWS = range(0xA4, 0xAA)


@lru_cache(maxsize=1)
def _foreign() -> re.Pattern:
    chars = set()
    for lead in _FOREIGN_ROWS:
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


@lru_cache(maxsize=1)
def _place_name_extras() -> dict[int, None]:
    """Characters of unit names that GB2312 lacks, as a str.translate table deleting them."""
    extras = set()
    for unit in units_mod.default_units().values():
        for ch in unit.name_zh:
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                extras.add(ch)
    return {ord(ch): None for ch in extras}


def _row_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def decode(data: bytes) -> tuple[str | None, str | None, tuple[str, int | None] | None]:
    """``(text, encoding, None)``, or ``(None, None, (problem, row))`` for a refused file."""
    try:
        return data.decode("utf-8-sig"), "utf-8", None
    except UnicodeDecodeError as exc:
        bad_utf8_row = data.count(b"\n", 0, exc.start) + 1
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None, None, ("the file is neither UTF-8 nor GBK/GB18030 text", None)
    for row, line in enumerate(data.split(b"\n"), start=1):
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            return (
                None,
                None,
                (
                    f"mixed encodings: this row is UTF-8 but row {bad_utf8_row} is not",
                    row,
                ),
            )
    try:
        text.translate(_place_name_extras()).encode("gb2312")
    except UnicodeEncodeError as exc:
        ch = text.translate(_place_name_extras())[exc.start]
        pos = text.find(ch)
        return None, None, (_mojibake(text, pos), _row_of(text, pos))
    foreign = _foreign().search(text)
    if foreign:
        return None, None, (_mojibake(text, foreign.start()), _row_of(text, foreign.start()))
    return text, "gb18030", None


def _mojibake(text: str, pos: int) -> str:
    snippet = text[max(0, pos - 4) : pos + 5].replace("\n", " ")
    return (
        f"read as GBK this row gives {snippet!r}, which is not Chinese text: the file is in "
        "another encoding (Big5, Shift-JIS, Windows-1252) or mixes encodings"
    )
