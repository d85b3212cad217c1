"""How a target is to be read: new or held, 基本, whose target it is, and the
alternative readings the text allows (docs/methodology.md, "Readings").

The catalogue states these per target; the gap engine assesses the default
reading and each declared alternative.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from luoyang_analysis.catalogue.check import normalise
from luoyang_analysis.catalogue.fields import choice, require
from luoyang_analysis.exceptions import CatalogueError

if TYPE_CHECKING:
    from luoyang_analysis.catalogue.targets import Target

#: What a count target counts (docs/methodology.md, "New versus held"):
#: new  – achieved since the programme began (培育, 建设, 淘汰, 通过认定 …): running
#:        totals start in 2017; the 2016 opening stock is context, not counted;
#: held – the total held at the year's end (达到, 总量): the opening stock counts.
COUNTS = ("new", "held")
#: Whose target it is: the city total (counties contribute); each county as the
#: city (a rate); every county and every member unit of the leading group.
APPLIES_TO = ("city", "each_unit", "every_unit_and_member")
#: A target the text calls 「基本实现…」 is 基本完成 (``basically_achieved``) from this
#: share of its figure on, and 已完成 only at the figure. The one place to change it.
BASICALLY_ACHIEVED_SHARE = 0.95
#: Target fields a declared alternative reading may change.
ALTERNATIVE_CHANGES = ("value", "comparison", "accumulation", "counts", "applies_to", "deadline")
#: The verbs that make a count a total held (达到 N 家, 总量突破); every other verb of
#: a count (培育, 建设, 建成, 淘汰, 关闭, 通过认定, 进入, 开展, 筛选 …) counts new ones.
HELD_VERBS = ("达到", "总量突破")


@dataclass(frozen=True)
class Alternative:
    """A second reading the text allows, declared by hand: what it changes, in which years."""

    id: str
    description_zh: str
    description_en: str
    years: tuple[int, ...]
    change: tuple[tuple[str, Any], ...]  # (field, value) pairs; see ALTERNATIVE_CHANGES

    def apply(self, target: Target) -> Target:
        """The target as this reading has it (unchanged in a year the reading leaves alone)."""
        if target.year not in self.years:
            return target
        return dataclasses.replace(target, **dict(self.change))


def counted(measure: str, entry: str | None) -> bool:
    """Targets that count things: counts, and deadlines for a number of things."""
    return measure == "count" or (measure == "deadline" and entry == "flow")


def reading_fields(
    raw: dict, comparison: str, is_counted: bool, sources, where: str, default: bool = True
) -> dict:
    """``counts``/``verb``, ``basically`` and ``applies_to``, validated against the target.

    In the default reading ``counts`` must follow the verb (held for HELD_VERBS,
    new otherwise); an alternative reading may go against it (首台（套） with the
    units certified before 2017).
    """
    accumulation = raw.get("accumulation")
    fields: dict[str, Any] = {"applies_to": raw.get("applies_to") or "city"}
    if fields["applies_to"] not in APPLIES_TO:
        raise CatalogueError(
            f"{where}: field 'applies_to' is {fields['applies_to']!r}; "
            f"it must be one of {', '.join(APPLIES_TO)}."
        )
    if is_counted and comparison != "qualitative":
        counts = choice(raw, "counts", COUNTS, where)
        verb = require(raw, "verb", where)
        if not any(normalise(verb) in normalise(s.quote) for s in sources):
            raise CatalogueError(
                f"{where}: the verb 「{verb}」 is not in any of its source sentences; "
                "copy the word that decides 'counts' from the quote."
            )
        holds = any(v in verb for v in HELD_VERBS)
        if default and holds != (counts == "held"):
            raise CatalogueError(
                f"{where}: the verb 「{verb}」 makes it 'counts: {'held' if holds else 'new'}' "
                f"(held only for {'、'.join(HELD_VERBS)}; docs/methodology.md), not {counts!r}."
            )
        allowed = ("cumulative", "level") if counts == "held" else ("yearly", "cumulative")
        if accumulation not in allowed:
            raise CatalogueError(
                f"{where}: 'counts: {counts}' goes with accumulation "
                f"{' or '.join(allowed)}, not {accumulation!r}."
            )
        fields.update(counts=counts, verb=verb)
    elif raw.get("counts") is not None:
        raise CatalogueError(f"{where}: 'counts' is for targets that count things; remove it.")
    basically = raw.get("basically", False)
    if not isinstance(basically, bool):
        raise CatalogueError(f"{where}: field 'basically' should be true or false.")
    if basically and (comparison != "at_least" or not any("基本" in s.quote for s in sources)):
        raise CatalogueError(
            f"{where}: 'basically: true' is for an at_least target whose text says 「基本」."
        )
    fields["basically"] = basically
    return fields


def parse_alternatives(
    raw_list: Any, raw_targets: list, targets: tuple[Target, ...], parse, where: str
) -> tuple[Alternative, ...]:
    """Each alternative names the years it changes; the changed target must be valid
    and must differ from the default reading."""
    if raw_list is None:
        return ()
    if not isinstance(raw_list, list):
        raise CatalogueError(f"{where}: 'alternatives' should be a list.")
    by_year = {t.year: (t, r) for t, r in zip(targets, raw_targets, strict=True)}
    out = []
    for k, ra in enumerate(raw_list):
        aw = f"{where}, alternative #{k + 1}"
        if not isinstance(ra, dict):
            raise CatalogueError(f"{aw}: expected a mapping with id, descriptions and change.")
        aid = require(ra, "id", aw)
        aw = f"{where}, alternative {aid}"
        if aid in {a.id for a in out}:
            raise CatalogueError(f"{aw}: the id is used twice in this indicator.")
        change = require(ra, "change", aw, (dict,))
        unknown = sorted(set(change) - set(ALTERNATIVE_CHANGES))
        if not change or unknown:
            raise CatalogueError(
                f"{aw}: 'change' may set {', '.join(ALTERNATIVE_CHANGES)}; got {sorted(change)}."
            )
        years = tuple(ra.get("years") or [t.year for t in targets if t.is_quantitative])
        for year in years:
            if year not in by_year:
                raise CatalogueError(f"{aw}: the indicator has no target for {year}.")
            default, raw_target = by_year[year]
            changed = parse({**raw_target, **change}, default=False)  # a valid target?
            if all(getattr(changed, f) == getattr(default, f) for f in change):
                raise CatalogueError(f"{aw}: in {year} the change {change} changes nothing.")
        if not years:
            raise CatalogueError(f"{aw}: 'years' is empty; name the years the reading changes.")
        out.append(
            Alternative(
                id=aid,
                description_zh=require(ra, "description_zh", aw),
                description_en=require(ra, "description_en", aw),
                years=years,
                # the values as the target parser reads them (floats, dates)
                change=tuple((f, getattr(changed, f)) for f in change),
            )
        )
    return tuple(out)
