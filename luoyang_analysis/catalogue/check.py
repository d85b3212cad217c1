"""The check of the catalogue against the source text: ``luoyang targets --check``.

It lists what a reviewer must know (figures the text states twice, the readings
the text allows, differences of wording and timing) and the catalogue's own
integrity problems, each naming the indicator and year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from luoyang_analysis import i18n, paths

if TYPE_CHECKING:
    from luoyang_analysis.catalogue.readings import Alternative
    from luoyang_analysis.catalogue.targets import Catalogue, Discrepancy, Source, Target

#: A target phrased like this is a 基本 target (``basically: true``).
BASICALLY_PHRASE = re.compile(r"基本实现.*全覆盖")


def normalise(text: str) -> str:
    """Drop all white space: the source keeps PDF line breaks and spaces around numbers."""
    return re.sub(r"\s+", "", text)


def resolution(item, lang: str) -> str:
    """A target's or conflict's ``resolution`` in ``lang`` on one line; the Chinese where the
    catalogue gives none in that language."""
    texts = {"resolution_zh": item.resolution, "resolution_en": item.resolution_en}
    return " ".join((i18n.field(texts, "resolution", lang) or item.resolution or "").split())


@dataclass(frozen=True)
class Conflict:
    """Two sentences of the source giving different figures for one indicator and year."""

    indicator_id: str
    year: int
    used_value: float | None
    sources: tuple[Source, ...]
    resolution: str | None
    resolution_en: str | None = None


@dataclass(frozen=True)
class Reading:
    """An alternative reading declared on an indicator, as listed by the check."""

    indicator_id: str
    alternative: Alternative


@dataclass
class CheckResult:
    conflicts: list[Conflict] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)  # sources without a span
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_source_text(path: Path | str | None = None) -> str:
    path = Path(path) if path is not None else paths.SOURCE_TEXT_FILE
    return path.read_text(encoding="utf-8")


def line_of(text: str, offset: int) -> int:
    """The 1-based line of the packaged text an offset falls on (for a reviewer's editor)."""
    return text.count("\n", 0, offset) + 1


def span_problem(source: Source, text: str) -> str | None:
    """Why ``source.span`` does not hold exactly its quote in ``text``, or None.

    The span is the sentence as printed: white space inside it (the text's line
    breaks, the spaces around numbers) is the text's, but it must start and end
    on the quote's first and last characters.
    """
    start, end = source.span
    if end > len(text):
        return f"span [{start}, {end}] runs past the end of the text ({len(text)} characters)"
    piece = text[start:end]
    if piece != piece.strip() or normalise(piece) != normalise(source.quote):
        shown = " ".join(piece.split())
        if len(shown) > 40:
            shown = shown[:40] + "…"
        return (
            f"span [{start}, {end}] (line {line_of(text, start)}) reads 「{shown}」, "
            f"not the quote 「{source.quote}」; correct the offsets"
        )
    return None


def _check_sources(t: Target, text: str, flat: str, result: CheckResult) -> None:
    where = f"{t.indicator_id} {t.year}"
    for s in t.sources:
        if normalise(s.quote) not in flat:
            result.problems.append(f"{where}: quote not found in the source text: 「{s.quote}」")
        elif s.span is None:
            result.unlocated.append(f"{where}: 「{s.quote}」")
        elif (why := span_problem(s, text)) is not None:
            result.problems.append(f"{where}: {why}.")
    says_basically = any(BASICALLY_PHRASE.search(normalise(s.quote)) for s in t.sources)
    if t.is_quantitative and says_basically and not t.basically:
        result.problems.append(
            f"{where}: its text says 「基本实现…全覆盖」; mark the target 'basically: true'."
        )


def _check_series(ind, result: CheckResult) -> None:
    running_yearly = 0.0
    last: Target | None = None
    for t in ind.targets:
        if not t.is_quantitative:
            continue
        if t.accumulation == "yearly":
            running_yearly += t.value
        if t.accumulation in ("cumulative", "against_base"):
            if last is not None and last.accumulation == t.accumulation and t.value < last.value:
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


def check_catalogue(catalogue: Catalogue, source_text: str | None = None) -> CheckResult:
    """Find the source's internal conflicts and the catalogue's own integrity problems.

    Integrity rules: every quote occurs in the source text (white space ignored)
    and, where its span is given, stands exactly there; a target whose sources
    disagree has a ``resolution`` and uses one of their figures; a 「基本实现…全覆盖」
    target is marked ``basically``; cumulative targets (and reductions against the
    base year) never fall over the years; a cumulative figure is at least the sum
    of the yearly figures before it (首台（套）: 5 + 7 <= 50).
    """
    text = source_text if source_text is not None else read_source_text()
    flat = normalise(text)
    result = CheckResult(discrepancies=list(catalogue.discrepancies))

    for ind in catalogue.indicators.values():
        for t in ind.targets:
            _check_sources(t, text, flat, result)
            figures = {s.value for s in t.sources if s.value is not None}
            if len(figures) > 1:
                result.conflicts.append(
                    Conflict(ind.id, t.year, t.value, t.sources, t.resolution, t.resolution_en)
                )
                if not t.resolution:
                    result.problems.append(
                        f"{ind.id} {t.year}: its sources give {sorted(figures)} but no "
                        "'resolution' says which figure is used and why."
                    )
            if figures and t.value not in figures:
                result.problems.append(
                    f"{ind.id} {t.year}: the value {t.value:g} is not a figure any of its "
                    f"sources gives ({sorted(figures)})."
                )
        _check_series(ind, result)
        result.readings.extend(Reading(ind.id, alt) for alt in ind.alternatives)

    for d in catalogue.discrepancies:
        if d.indicator_id not in catalogue.indicators:
            result.problems.append(f"discrepancy names unknown indicator {d.indicator_id!r}.")
        for q in d.quotes:
            if normalise(q) not in flat:
                result.problems.append(
                    f"discrepancy on {d.indicator_id}: quote not found in the source text: 「{q}」"
                )
    return result


def _change_text(alt: Alternative) -> str:
    return ", ".join(
        f"{f} = {v.isoformat() if hasattr(v, 'isoformat') else (f'{v:g}' if isinstance(v, float) else v)}"
        for f, v in alt.change
    )


def format_check(result: CheckResult, lang: str = "zh") -> str:
    """A plain-text report of :func:`check_catalogue` for the terminal."""
    t = i18n.group("check", lang)
    out: list[str] = []

    def heading(key: str, items: list) -> None:
        out.append(f"{t[key]} ({len(items)})")

    heading("conflicts", result.conflicts)
    for c in result.conflicts:
        out.append(f"\n* {c.indicator_id} {c.year}")
        for s in c.sources:
            v = f"{s.value:g}" if s.value is not None else "-"
            at = f" @[{s.span[0]}, {s.span[1]}]" if s.span else ""
            out.append(f"    [{v}] {s.section}：「{s.quote}」{at}")
        used = f"{c.used_value:g}" if c.used_value is not None else "-"
        out.append(t["used"] + used)
        if c.resolution:
            out.append(t["why"] + resolution(c, lang))
    out.append("")
    heading("readings", result.readings)
    for r in result.readings:
        a = r.alternative
        years = "、".join(str(y) for y in a.years)
        description = i18n.field(a, "description", lang)
        out.append(f"\n* {r.indicator_id} {years} [{a.id}] {description}")
        out.append(t["changes"] + _change_text(a))
    out.append("")
    heading("discrepancies", result.discrepancies)
    for d in result.discrepancies:
        out.append(f"\n* {d.indicator_id} [{d.kind}] " + i18n.field(d, "note", lang))
        out.extend(f"    「{q}」" for q in d.quotes)
    out.append("")
    if result.unlocated:
        heading("unlocated", result.unlocated)
        out.extend(f"  - {u}" for u in result.unlocated)
        out.append("")
    if result.problems:
        heading("problems", result.problems)
        out.extend(f"  - {p}" for p in result.problems)
    else:
        out.append(t["passed"])
    return "\n".join(out)
