"""The target catalogue of 洛政办〔2017〕78号: loading, validation, tables and the source check.

The catalogue itself is data (``catalogue/targets.yaml``), written by hand from
the source text; this module only reads it, refuses a malformed one with a
message naming the indicator and field, and turns it into tables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from luoyang_analysis import paths
from luoyang_analysis.exceptions import CatalogueError

MEASURES = ("count", "amount", "share", "reduction", "ratio", "deadline", "qualitative")
DIRECTIONS = ("increase", "decrease")
COMPARISONS = ("at_least", "at_most", "exactly", "by_date", "qualitative")
ACCUMULATIONS = ("yearly", "cumulative", "level", "against_base")
ENTRIES = ("flow", "level")

#: Columns of ``luoyang targets --format csv``, one row per indicator and year.
CSV_COLUMNS = [
    "indicator_id",
    "plan",
    "name_zh",
    "name_en",
    "unit_of_measure",
    "unit_of_measure_en",
    "measure",
    "direction",
    "year",
    "target_value",
    "comparison",
    "accumulation",
    "base_year",
    "deadline",
    "responsible_units",
    "source_section",
    "source_quote",
    "other_sources",
    "assumption",
    "resolution",
]


@dataclass(frozen=True)
class Source:
    """One sentence of the source text that states a target."""

    section: str
    quote: str
    value: float | None = None


@dataclass(frozen=True)
class Target:
    """One target: an indicator's required value in one year."""

    indicator_id: str
    year: int
    value: float | None
    comparison: str
    accumulation: str
    responsible_units: str
    sources: tuple[Source, ...]
    base_year: int | None = None
    deadline: dt.date | None = None
    assumption: str | None = None
    resolution: str | None = None
    responsible_units_note: str | None = None

    @property
    def is_quantitative(self) -> bool:
        return self.comparison != "qualitative" and self.value is not None

    @property
    def source(self) -> Source:
        """The first (primary) source sentence."""
        return self.sources[0]


@dataclass(frozen=True)
class Indicator:
    """A measurable thing the plans set targets for."""

    id: str
    plan: str
    name_zh: str
    name_en: str
    measure: str
    direction: str
    unit_zh: str
    unit_en: str
    targets: tuple[Target, ...]
    data_indicator: str | None = None
    entry: str | None = None  # "flow" or "level": how its statistics are entered

    @property
    def is_quantitative(self) -> bool:
        return self.measure != "qualitative"

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def unit(self, lang: str = "zh") -> str:
        return self.unit_en if lang == "en" else self.unit_zh

    def target_for(self, year: int) -> Target | None:
        return next((t for t in self.targets if t.year == year), None)


@dataclass(frozen=True)
class Plan:
    id: str
    name_zh: str
    name_en: str
    short_zh: str

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True)
class Discrepancy:
    """A difference of wording or timing between two sentences, declared by hand."""

    indicator_id: str
    kind: str
    note_zh: str
    note_en: str
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    document: dict[str, Any]
    plans: dict[str, Plan]
    indicators: dict[str, Indicator]
    discrepancies: tuple[Discrepancy, ...] = ()
    path: Path | None = None

    @property
    def targets(self) -> list[Target]:
        return [t for ind in self.indicators.values() for t in ind.targets]

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise CatalogueError(f"unknown indicator id {indicator_id!r}") from None

    def years(self) -> list[int]:
        return sorted({t.year for t in self.targets})

    def to_frame(self, plan: str | None = None, year: int | None = None) -> pd.DataFrame:
        """One row per indicator and year, with the columns of :data:`CSV_COLUMNS`."""
        if plan is not None and plan not in self.plans:
            raise CatalogueError(f"unknown plan {plan!r}; choose one of {', '.join(self.plans)}")
        rows = []
        for ind in self.indicators.values():
            if plan is not None and ind.plan != plan:
                continue
            for t in ind.targets:
                if year is not None and t.year != year:
                    continue
                rows.append(
                    {
                        "indicator_id": ind.id,
                        "plan": ind.plan,
                        "name_zh": ind.name_zh,
                        "name_en": ind.name_en,
                        "unit_of_measure": ind.unit_zh,
                        "unit_of_measure_en": ind.unit_en,
                        "measure": ind.measure,
                        "direction": ind.direction,
                        "year": t.year,
                        "target_value": t.value,
                        "comparison": t.comparison,
                        "accumulation": t.accumulation,
                        "base_year": t.base_year,
                        "deadline": t.deadline.isoformat() if t.deadline else None,
                        "responsible_units": t.responsible_units,
                        "source_section": t.source.section,
                        "source_quote": t.source.quote,
                        "other_sources": " | ".join(
                            f"{s.section}: {s.quote}" for s in t.sources[1:]
                        )
                        or None,
                        "assumption": t.assumption,
                        "resolution": t.resolution,
                    }
                )
        frame = pd.DataFrame(rows, columns=CSV_COLUMNS)
        frame["year"] = frame["year"].astype("Int64")
        frame["base_year"] = frame["base_year"].astype("Int64")
        frame["target_value"] = frame["target_value"].astype("Float64")
        return frame


# --------------------------------------------------------------------------- loading


def _require(mapping: dict, key: str, where: str, kinds: tuple[type, ...] = (str,)) -> Any:
    if key not in mapping or mapping[key] is None:
        raise CatalogueError(f"{where}: field '{key}' is missing; add it to the catalogue.")
    value = mapping[key]
    if not isinstance(value, kinds):
        raise CatalogueError(
            f"{where}: field '{key}' should be {' or '.join(k.__name__ for k in kinds)}, "
            f"got {value!r}."
        )
    return value


def _choice(mapping: dict, key: str, allowed: tuple[str, ...], where: str) -> str:
    value = _require(mapping, key, where)
    if value not in allowed:
        raise CatalogueError(
            f"{where}: field '{key}' is {value!r}; it must be one of {', '.join(allowed)}."
        )
    return value


def _number(value: Any, where: str, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CatalogueError(f"{where}: field '{key}' should be a number, got {value!r}.")
    return float(value)


def _date(value: Any, where: str) -> dt.date | None:
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


def _parse_target(raw: dict, indicator_id: str, index: int, path: Path) -> Target:
    where = f"{path.name}: indicator {indicator_id}, target #{index + 1}"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected a mapping, got {raw!r}.")
    year = _require(raw, "year", where, (int,))
    where = f"{path.name}: indicator {indicator_id}, year {year}"
    comparison = _choice(raw, "comparison", COMPARISONS, where)
    raw_sources = _require(raw, "sources", where, (list,))
    if not raw_sources:
        raise CatalogueError(
            f"{where}: 'sources' is empty; quote the sentence the target comes from."
        )
    sources = []
    for s in raw_sources:
        sw = f"{where}, source"
        sources.append(
            Source(
                section=_require(s, "section", sw),
                quote=_require(s, "quote", sw),
                value=_number(s.get("value"), sw, "value"),
            )
        )
    value = _number(raw.get("value"), where, "value")
    if comparison != "qualitative" and value is None:
        raise CatalogueError(f"{where}: a {comparison} target needs a 'value'.")
    deadline = _date(raw.get("deadline"), where)
    if comparison == "by_date" and deadline is None:
        raise CatalogueError(f"{where}: a by_date target needs a 'deadline'.")
    base_year = raw.get("base_year")
    accumulation = _choice(raw, "accumulation", ACCUMULATIONS, where)
    if accumulation == "against_base" and not isinstance(base_year, int):
        raise CatalogueError(f"{where}: an against_base target needs an integer 'base_year'.")
    return Target(
        indicator_id=indicator_id,
        year=year,
        value=value,
        comparison=comparison,
        accumulation=accumulation,
        responsible_units=_require(raw, "responsible_units", where),
        sources=tuple(sources),
        base_year=base_year,
        deadline=deadline,
        assumption=raw.get("assumption"),
        resolution=raw.get("resolution"),
        responsible_units_note=raw.get("responsible_units_note"),
    )


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Read and validate the catalogue (the packaged ``targets.yaml`` by default)."""
    path = Path(path) if path is not None else paths.TARGETS_FILE
    try:
        with path.open(encoding="utf-8") as fh:
            raw = yaml.safe_load(fh)
    except FileNotFoundError:
        raise CatalogueError(f"{path}: the target catalogue does not exist.") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML ({exc}).") from None
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path}: expected a mapping with 'plans' and 'indicators'.")

    plans = {}
    for pid, p in _require(raw, "plans", path.name, (dict,)).items():
        where = f"{path.name}: plan {pid}"
        plans[pid] = Plan(
            id=pid,
            name_zh=_require(p, "name_zh", where),
            name_en=_require(p, "name_en", where),
            short_zh=_require(p, "short_zh", where),
        )

    indicators: dict[str, Indicator] = {}
    for i, ri in enumerate(_require(raw, "indicators", path.name, (list,))):
        iid = _require(ri, "id", f"{path.name}: indicator #{i + 1}")
        where = f"{path.name}: indicator {iid}"
        if iid in indicators:
            raise CatalogueError(f"{where}: the id is used twice; ids must be unique.")
        plan = _choice(ri, "plan", tuple(plans), where)
        if not iid.startswith(plan + "."):
            raise CatalogueError(f"{where}: the id must start with its plan, '{plan}.'.")
        targets = tuple(
            _parse_target(rt, iid, j, path)
            for j, rt in enumerate(_require(ri, "targets", where, (list,)))
        )
        years = Counter(t.year for t in targets)
        dup = [y for y, n in years.items() if n > 1]
        if dup:
            raise CatalogueError(f"{where}: more than one target for year(s) {dup}.")
        measure = _choice(ri, "measure", MEASURES, where)
        entry = None
        if measure != "qualitative":
            entry = _choice(ri, "entry", ENTRIES, where)
        indicators[iid] = Indicator(
            id=iid,
            plan=plan,
            name_zh=_require(ri, "name_zh", where),
            name_en=_require(ri, "name_en", where),
            measure=measure,
            entry=entry,
            direction=_choice(ri, "direction", DIRECTIONS, where),
            unit_zh=ri.get("unit_zh") or "",
            unit_en=ri.get("unit_en") or "",
            targets=tuple(sorted(targets, key=lambda t: t.year)),
            data_indicator=ri.get("data_indicator"),
        )

    discrepancies = tuple(
        Discrepancy(
            indicator_id=d["indicator_id"],
            kind=d["kind"],
            note_zh=d["note_zh"],
            note_en=d["note_en"],
            quotes=tuple(d.get("quotes", ())),
        )
        for d in raw.get("discrepancies", []) or []
    )
    return Catalogue(
        document=raw.get("document", {}),
        plans=plans,
        indicators=indicators,
        discrepancies=discrepancies,
        path=path,
    )


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The packaged catalogue, read once per process."""
    return load_catalogue()


# --------------------------------------------------------------------------- checking


def normalise(text: str) -> str:
    """Drop all white space: the source keeps PDF line breaks and spaces around numbers."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Conflict:
    """Two sentences of the source giving different figures for one indicator and year."""

    indicator_id: str
    year: int
    used_value: float | None
    sources: tuple[Source, ...]
    resolution: str | None


@dataclass
class CheckResult:
    conflicts: list[Conflict] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_source_text(path: Path | str | None = None) -> str:
    path = Path(path) if path is not None else paths.SOURCE_TEXT_FILE
    return path.read_text(encoding="utf-8")


def check_catalogue(catalogue: Catalogue, source_text: str | None = None) -> CheckResult:
    """Find the source's internal conflicts and the catalogue's own integrity problems.

    Integrity rules: every quote occurs in the source text (white space ignored);
    a target whose sources disagree has a ``resolution`` and uses one of their
    figures; cumulative targets (and reductions against the base year) never
    fall over the years; a cumulative figure is at least the sum of the yearly
    figures before it (首台（套）: 5 + 7 <= 50).
    """
    text = normalise(source_text if source_text is not None else read_source_text())
    result = CheckResult(discrepancies=list(catalogue.discrepancies))

    for ind in catalogue.indicators.values():
        for t in ind.targets:
            where = f"{ind.id} {t.year}"
            for s in t.sources:
                if normalise(s.quote) not in text:
                    result.problems.append(
                        f"{where}: quote not found in the source text: 「{s.quote}」"
                    )
            figures = {s.value for s in t.sources if s.value is not None}
            if len(figures) > 1:
                result.conflicts.append(Conflict(ind.id, t.year, t.value, t.sources, t.resolution))
                if not t.resolution:
                    result.problems.append(
                        f"{where}: its sources give {sorted(figures)} but no 'resolution' "
                        "says which figure is used and why."
                    )
            if figures and t.value not in figures:
                result.problems.append(
                    f"{where}: the value {t.value:g} is not a figure any of its sources gives "
                    f"({sorted(figures)})."
                )

        running_yearly = 0.0
        last: Target | None = None
        for t in ind.targets:
            if not t.is_quantitative:
                continue
            if t.accumulation == "yearly":
                running_yearly += t.value
            if t.accumulation in ("cumulative", "against_base"):
                if (
                    last is not None
                    and last.accumulation == t.accumulation
                    and t.value < last.value
                ):
                    result.problems.append(
                        f"{ind.id}: {t.accumulation} target falls from {last.value:g} "
                        f"({last.year}) to {t.value:g} ({t.year})."
                    )
                if t.accumulation == "cumulative" and t.value < running_yearly:
                    result.problems.append(
                        f"{ind.id}: cumulative target {t.value:g} in {t.year} is below the "
                        f"sum {running_yearly:g} of the yearly targets before it."
                    )
                last = t

    for d in catalogue.discrepancies:
        if d.indicator_id not in catalogue.indicators:
            result.problems.append(f"discrepancy names unknown indicator {d.indicator_id!r}.")
        for q in d.quotes:
            if normalise(q) not in text:
                result.problems.append(
                    f"discrepancy on {d.indicator_id}: quote not found in the source text: 「{q}」"
                )
    return result


def format_check(result: CheckResult, lang: str = "zh") -> str:
    """A plain-text report of :func:`check_catalogue` for the terminal."""
    zh = lang != "en"
    out: list[str] = []
    out.append(
        ("原文数字冲突" if zh else "Conflicting figures in the source")
        + f" ({len(result.conflicts)})"
    )
    for c in result.conflicts:
        out.append(f"\n* {c.indicator_id} {c.year}")
        for s in c.sources:
            v = f"{s.value:g}" if s.value is not None else "-"
            out.append(f"    [{v}] {s.section}：「{s.quote}」")
        used = f"{c.used_value:g}" if c.used_value is not None else "-"
        out.append(("    采用：" if zh else "    used: ") + used)
        if c.resolution:
            out.append(("    理由：" if zh else "    why: ") + " ".join(c.resolution.split()))
    out.append("")
    out.append(
        ("措辞与时间差异" if zh else "Differences of wording and timing")
        + f" ({len(result.discrepancies)})"
    )
    for d in result.discrepancies:
        out.append(f"\n* {d.indicator_id} [{d.kind}] " + (d.note_zh if zh else d.note_en))
        for q in d.quotes:
            out.append(f"    「{q}」")
    out.append("")
    if result.problems:
        out.append(
            ("目录完整性问题" if zh else "Catalogue integrity problems")
            + f" ({len(result.problems)})"
        )
        out.extend(f"  - {p}" for p in result.problems)
    else:
        out.append(
            "目录完整性：通过（编号唯一、引文均见于原文、累计目标不递减）"
            if zh
            else "Catalogue integrity: passed (unique ids, every quote in the source, cumulative targets non-decreasing)"
        )
    return "\n".join(out)
