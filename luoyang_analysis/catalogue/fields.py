"""Reading the catalogue's YAML fields, with errors that name the place and the fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from luoyang_analysis.exceptions import CatalogueError


def read_mapping(
    path: Path, what: str, expected: str, error: type[Exception] = CatalogueError
) -> dict:
    """The YAML mapping in ``path`` (``safe_load``), or ``error`` with a one-line reason.

    ``what`` names the file for a missing one ("the policy file"); ``expected`` says what
    the mapping should hold ("a mapping with 'rules' and 'budget'").
    """
    try:
        # libyaml's parser when PyYAML has it: the same safe loading, ~8x faster
        # (the catalogue is read by every batch, even one with nothing to build)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        raise error(f"{path}: {what} does not exist.") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({exc}).") from None
    if not isinstance(raw, dict):
        raise error(f"{path}: expected {expected}.")
    return raw


def require(mapping: dict, key: str, where: str, kinds: tuple[type, ...] = (str,)) -> Any:
    if key not in mapping or mapping[key] is None:
        raise CatalogueError(f"{where}: field '{key}' is missing; add it to the catalogue.")
    value = mapping[key]
    if not isinstance(value, kinds):
        raise CatalogueError(
            f"{where}: field '{key}' should be {' or '.join(k.__name__ for k in kinds)}, "
            f"got {value!r}."
        )
    return value


def choice(mapping: dict, key: str, allowed: tuple[str, ...], where: str) -> str:
    value = require(mapping, key, where)
    if value not in allowed:
        raise CatalogueError(
            f"{where}: field '{key}' is {value!r}; it must be one of {', '.join(allowed)}."
        )
    return value


def number(value: Any, where: str, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CatalogueError(f"{where}: field '{key}' should be a number, got {value!r}.")
    return float(value)


def date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CatalogueError(
            f"{where}: deadline {value!r} is not an ISO date (YYYY-MM-DD)."
        ) from None


def offsets(value: Any, where: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] < value[1]
    ):
        raise CatalogueError(
            f"{where}: 'span' should be [start, end], two offsets into the source text "
            f"with start < end, got {value!r}."
        )
    return value[0], value[1]
