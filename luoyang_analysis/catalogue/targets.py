"""The target catalogue of 洛政办〔2017〕78号: loading, validation, tables and the source check.

The catalogue itself is data (``catalogue/targets.yaml``), written by hand from
the source text; this module only reads it, refuses a malformed one with a
message naming the indicator and field, and turns it into tables. The check of
the catalogue against the text is :mod:`luoyang_analysis.catalogue.check`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from luoyang_analysis import i18n, paths
from luoyang_analysis.catalogue.check import (  # noqa: F401  (the check's public names)
    CheckResult,
    Conflict,
    check_catalogue,
    format_check,
    normalise,
    read_source_text,
    resolution,
)
from luoyang_analysis.catalogue.fields import choice, date, number, offsets, read_mapping, require
from luoyang_analysis.catalogue.readings import (
    Alternative,
    counted,
    parse_alternatives,
    reading_fields,
)
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
    "resolution_en",
    "counts",
    "verb",
    "basically",
    "applies_to",
    "alternatives",
    "source_start",
    "source_end",
]


@dataclass(frozen=True)
class Source:
    """One sentence of the source text that states a target."""

    section: str
    quote: str
    value: float | None = None
    #: Where the sentence stands in the packaged text: ``text[start:end]`` is the
    #: sentence as printed, line breaks included (Python string offsets).
    span: tuple[int, int] | None = None


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
    resolution_en: str | None = None
    responsible_units_note: str | None = None
    deadline_note: str | None = None  # where the deadline comes from, when not the year's end
    counts: str | None = None  # COUNTS, for counted targets
    verb: str | None = None  # the word of the source sentence that decides `counts`
    basically: bool = False  # 「基本实现…」: see BASICALLY_ACHIEVED_SHARE
    applies_to: str = "city"  # APPLIES_TO

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
    alternatives: tuple[Alternative, ...] = ()

    @property
    def is_quantitative(self) -> bool:
        return self.measure != "qualitative"

    def name(self, lang: str = "zh") -> str:
        return i18n.field(self, "name", lang)

    def unit(self, lang: str = "zh") -> str:
        return i18n.field(self, "unit", lang)

    def target_for(self, year: int) -> Target | None:
        return next((t for t in self.targets if t.year == year), None)

    def alternative(self, alternative_id: str) -> Alternative:
        for alt in self.alternatives:
            if alt.id == alternative_id:
                return alt
        raise CatalogueError(f"{self.id}: no alternative reading {alternative_id!r}")

    def under(self, alternative_id: str) -> Indicator:
        """This indicator with the targets of one alternative reading."""
        alt = self.alternative(alternative_id)
        return dataclasses.replace(self, targets=tuple(alt.apply(t) for t in self.targets))


@dataclass(frozen=True)
class Plan:
    id: str
    name_zh: str
    name_en: str
    short_zh: str

    def name(self, lang: str = "zh") -> str:
        return i18n.field(self, "name", lang)


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
                        "resolution_en": t.resolution_en,
                        "counts": t.counts,
                        "verb": t.verb,
                        "basically": t.basically,
                        "applies_to": t.applies_to,
                        "alternatives": " | ".join(
                            a.id for a in ind.alternatives if t.year in a.years
                        )
                        or None,
                        "source_start": t.source.span[0] if t.source.span else None,
                        "source_end": t.source.span[1] if t.source.span else None,
                    }
                )
        frame = pd.DataFrame(rows, columns=CSV_COLUMNS)
        frame["year"] = frame["year"].astype("Int64")
        frame["base_year"] = frame["base_year"].astype("Int64")
        frame["target_value"] = frame["target_value"].astype("Float64")
        frame["source_start"] = frame["source_start"].astype("Int64")
        frame["source_end"] = frame["source_end"].astype("Int64")
        return frame


# --------------------------------------------------------------------------- loading


def _parse_target(
    raw: dict,
    indicator_id: str,
    index: int,
    path: Path,
    measure: str,
    entry: str | None,
    default: bool = True,
) -> Target:
    where = f"{path.name}: indicator {indicator_id}, target #{index + 1}"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected a mapping, got {raw!r}.")
    year = require(raw, "year", where, (int,))
    where = f"{path.name}: indicator {indicator_id}, year {year}"
    comparison = choice(raw, "comparison", COMPARISONS, where)
    raw_sources = require(raw, "sources", where, (list,))
    if not raw_sources:
        raise CatalogueError(
            f"{where}: 'sources' is empty; quote the sentence the target comes from."
        )
    sources = []
    for s in raw_sources:
        sw = f"{where}, source"
        sources.append(
            Source(
                section=require(s, "section", sw),
                quote=require(s, "quote", sw),
                value=number(s.get("value"), sw, "value"),
                span=offsets(s.get("span"), sw),
            )
        )
    value = number(raw.get("value"), where, "value")
    if comparison != "qualitative" and value is None:
        raise CatalogueError(f"{where}: a {comparison} target needs a 'value'.")
    deadline = date(raw.get("deadline"), where)
    if comparison == "by_date" and deadline is None:
        raise CatalogueError(f"{where}: a by_date target needs a 'deadline'.")
    base_year = raw.get("base_year")
    accumulation = choice(raw, "accumulation", ACCUMULATIONS, where)
    if accumulation == "against_base" and not isinstance(base_year, int):
        raise CatalogueError(f"{where}: an against_base target needs an integer 'base_year'.")
    return Target(
        indicator_id=indicator_id,
        year=year,
        value=value,
        comparison=comparison,
        accumulation=accumulation,
        responsible_units=require(raw, "responsible_units", where),
        sources=tuple(sources),
        base_year=base_year,
        deadline=deadline,
        assumption=raw.get("assumption"),
        resolution=raw.get("resolution"),
        resolution_en=raw.get("resolution_en"),
        responsible_units_note=raw.get("responsible_units_note"),
        deadline_note=raw.get("deadline_note"),
        **reading_fields(raw, comparison, counted(measure, entry), sources, where, default),
    )


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Read and validate the catalogue (the packaged ``targets.yaml`` by default)."""
    path = Path(path) if path is not None else paths.TARGETS_FILE
    raw = read_mapping(path, "the target catalogue", "a mapping with 'plans' and 'indicators'")

    plans = {}
    for pid, p in require(raw, "plans", path.name, (dict,)).items():
        where = f"{path.name}: plan {pid}"
        plans[pid] = Plan(
            id=pid,
            name_zh=require(p, "name_zh", where),
            name_en=require(p, "name_en", where),
            short_zh=require(p, "short_zh", where),
        )

    indicators: dict[str, Indicator] = {}
    for i, ri in enumerate(require(raw, "indicators", path.name, (list,))):
        iid = require(ri, "id", f"{path.name}: indicator #{i + 1}")
        where = f"{path.name}: indicator {iid}"
        if iid in indicators:
            raise CatalogueError(f"{where}: the id is used twice; ids must be unique.")
        plan = choice(ri, "plan", tuple(plans), where)
        if not iid.startswith(plan + "."):
            raise CatalogueError(f"{where}: the id must start with its plan, '{plan}.'.")
        measure = choice(ri, "measure", MEASURES, where)
        entry = None
        if measure != "qualitative":
            entry = choice(ri, "entry", ENTRIES, where)
        raw_targets = require(ri, "targets", where, (list,))

        def parse(rt, j=0, default=True, iid=iid, measure=measure, entry=entry):
            return _parse_target(rt, iid, j, path, measure, entry, default)

        targets = tuple(parse(rt, j) for j, rt in enumerate(raw_targets))
        years = Counter(t.year for t in targets)
        dup = [y for y, n in years.items() if n > 1]
        if dup:
            raise CatalogueError(f"{where}: more than one target for year(s) {dup}.")
        indicators[iid] = Indicator(
            id=iid,
            plan=plan,
            name_zh=require(ri, "name_zh", where),
            name_en=require(ri, "name_en", where),
            measure=measure,
            entry=entry,
            direction=choice(ri, "direction", DIRECTIONS, where),
            unit_zh=ri.get("unit_zh") or "",
            unit_en=ri.get("unit_en") or "",
            targets=tuple(sorted(targets, key=lambda t: t.year)),
            data_indicator=ri.get("data_indicator"),
            alternatives=parse_alternatives(
                ri.get("alternatives"), raw_targets, targets, parse, where
            ),
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
