"""Luoyang's county-level units (GB/T 2260 codes), with validity periods.

The registry lists the city (410300) and the 15 county-level units of 2017, and
the two districts formed by the 2021 reorganisation (偃师区, 孟津区, which absorbed
吉利区). An analyst may add functional zones (高新区, 伊滨区 …) in an extra CSV
with the same columns and ``kind = functional_zone``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from luoyang_analysis import i18n, paths
from luoyang_analysis.exceptions import CatalogueError

CITY_CODE = "410300"
KINDS = ("city", "district", "county", "county_city", "functional_zone")
KIND_ZH = {
    "city": "地级市",
    "district": "市辖区",
    "county": "县",
    "county_city": "县级市",
    "functional_zone": "功能区",
}
COLUMNS = (
    "code",
    "name_zh",
    "name_en",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "successor",
    "note",
)


@dataclass(frozen=True)
class Unit:
    code: str
    name_zh: str
    name_en: str
    kind: str
    parent: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    successor: str | None = None
    note: str = ""

    def name(self, lang: str = "zh") -> str:
        return i18n.field(self, "name", lang)

    @property
    def is_city(self) -> bool:
        return self.kind == "city"

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or year >= self.valid_from) and (
            self.valid_to is None or year <= self.valid_to
        )


def _year(value: str, where: str, column: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise CatalogueError(f"{where}, column '{column}': {value!r} is not a year.") from None


def _read(path: Path) -> list[Unit]:
    units = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [
            c for c in ("code", "name_zh", "name_en", "kind") if c not in (reader.fieldnames or [])
        ]
        if missing:
            raise CatalogueError(
                f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}."
            )
        for lineno, row in enumerate(reader, start=2):
            where = f"{path}, row {lineno}"
            if row["kind"] not in KINDS:
                raise CatalogueError(
                    f"{where}, column 'kind': {row['kind']!r} is not one of {', '.join(KINDS)}."
                )
            units.append(
                Unit(
                    code=row["code"].strip(),
                    name_zh=row["name_zh"].strip(),
                    name_en=row["name_en"].strip(),
                    kind=row["kind"],
                    parent=(row.get("parent") or "").strip() or None,
                    valid_from=_year(row.get("valid_from") or "", where, "valid_from"),
                    valid_to=_year(row.get("valid_to") or "", where, "valid_to"),
                    successor=(row.get("successor") or "").strip() or None,
                    note=(row.get("note") or "").strip(),
                )
            )
    return units


def load_units(extra: Path | str | None = None) -> dict[str, Unit]:
    """The packaged registry, plus an analyst's extra file (functional zones) if given."""
    units: dict[str, Unit] = {}
    for path in [paths.UNITS_FILE] + ([Path(extra)] if extra else []):
        for u in _read(path):
            if u.code in units:
                raise CatalogueError(f"{path}: unit code {u.code} is listed twice.")
            units[u.code] = u
    return units


@lru_cache(maxsize=1)
def default_units() -> dict[str, Unit]:
    return load_units()


def units_in(year: int, units: dict[str, Unit] | None = None) -> list[Unit]:
    """The units that existed in ``year``, city first, then by code."""
    units = units if units is not None else default_units()
    valid = [u for u in units.values() if u.valid_in(year)]
    return sorted(valid, key=lambda u: (not u.is_city, u.code))


def counties_2017() -> list[Unit]:
    """The 15 county-level units of 2017 (the programme's geography), by code."""
    return [u for u in units_in(2017) if not u.is_city]


def get_unit(code: str, units: dict[str, Unit] | None = None) -> Unit:
    from difflib import get_close_matches

    units = units if units is not None else default_units()
    code = str(code).strip()
    if code in units:
        return units[code]
    by_name = {u.name_zh: u for u in units.values()}
    if code in by_name:
        return by_name[code]
    hint = get_close_matches(code, list(units) + list(by_name), n=1)
    raise CatalogueError(
        f"unknown unit {code!r}"
        + (f"; did you mean {hint[0]}?" if hint else ".")
        + " Run 'luoyang units' for the list."
    )


def county_codes(year: int, units: Mapping[str, Unit] | None = None) -> list[str]:
    """The county-level units whose values add up to the city in ``year`` (no functional zones)."""
    units = units if units is not None else default_units()
    return sorted(
        u.code
        for u in units.values()
        if not u.is_city and u.kind != "functional_zone" and u.valid_in(year)
    )
