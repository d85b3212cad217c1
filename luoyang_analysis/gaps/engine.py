"""The gap engine: how far each unit stands from every target of 洛政办〔2017〕78号, and why.

For every (unit, year, quantitative indicator) :func:`compute_gaps` gives the
target assessed (or aimed at), the actual value accumulated or derived as the
catalogue says, the gap still missing, the completion rate, a status with
Chinese and English labels, the expected value on the path between milestones
and the pace per year still required to reach the next milestone. Every formula
and edge case is written out in ``docs/methodology.md``; the section names used
in comments (§) refer to it.

Conventions (§1):

- values (target, actual, gap, expected, pace) are in the indicator's own unit
  of measure: counts, 亿元, and percent numbers for shares and reductions
  (20 = 20 %), exactly as entered under the data contract of :mod:`.data`;
- ``completion_rate``, ``contribution_share`` and ``progress_ratio`` are
  fractions (1.0 = 100 %);
- every number is a float and NaN where undefined; years are nullable integers.

The parts: the progress arithmetic (:mod:`.progress`), a unit's actual values
(:mod:`.actuals`, :mod:`.energy`), the path between milestones (:mod:`.paths`),
the rule of each kind of row (:mod:`.kinds`) and county allocations
(:mod:`.allocations`). This module selects the target of a row, puts the row
together and stacks rows into tables.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Iterable, Mapping

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import Catalogue, Indicator, default_catalogue
from luoyang_analysis.catalogue.units import CITY_CODE, Unit, default_units
from luoyang_analysis.gaps.actuals import Actuals
from luoyang_analysis.gaps.allocations import county_targets
from luoyang_analysis.gaps.kinds import RULES, Case, required_pace, rule_of
from luoyang_analysis.gaps.progress import DEFAULT_THRESHOLDS, NAN, Thresholds, is_missing
from luoyang_analysis.gaps.workings import UnitTarget, year_ranges

# --------------------------------------------------------------------------- vocabulary

STATUSES = (
    "achieved",
    "basically_achieved",
    "not_achieved",
    "incomplete",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deterioration",
    "no_target",
    "not_comparable",
    "no_data",
)
#: Statuses of a target missed or behind: the order is the order of the summary line.
BEHIND = ("not_achieved", "needs_acceleration", "limited_progress", "deterioration")
#: status -> (Chinese label, English label), the two columns of the gap table; text from i18n.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    s: (i18n.text(f"status.{s}", "zh"), i18n.text(f"status.{s}", "en")) for s in STATUSES
}


#: target_kind: what the row's target is.
TARGET_KINDS = {
    "milestone": "the row's year has a target in the text; it is assessed",
    "interim": "no target in the text for this year; the next milestone is aimed at",
    "standing": "after the last milestone of a cumulative or level target (not a deadline), "
    "which still applies",
    "base": "the base year 2016 (opening stock or base level); no target",
    "contribution": "a county's share of a city count or amount target, without a county status",
    "none": "no target applies in this year (a yearly target of other years only)",
}
#: target_source: where the row's target value comes from.
TARGET_SOURCES = {
    "catalogue": "the city target of the text (city rows)",
    "allocation": "the analyst's allocation file",
    "city_target": "the city's rate or share target, applied to the county as to the city",
    "city_total": "the city's count or amount target; the county row shows its contribution",
    "every_unit": "every county and every member unit must meet it (city row; §10.4)",
}


#: Columns of :func:`compute_gaps`, in order.
GAP_COLUMNS = [
    "indicator_id",
    "plan",
    "plan_name_zh",
    "name_zh",
    "name_en",
    "unit_of_measure",
    "unit_of_measure_en",
    "measure",
    "unit_code",
    "unit_name_zh",
    "unit_name_en",
    "year",
    "target_year",
    "target_value",
    "target_kind",
    "target_source",
    "comparison",
    "accumulation",
    "base_year",
    "deadline",
    "actual_value",
    "actual_basis",
    "opening_stock",
    "actual_qualifier",
    "missing_years",
    "actual_source",
    "actual_data_note",
    "figures_contradict",
    "county_sum_value",
    "city_sum_differs",
    "gap",
    "completion_rate",
    "contribution_share",
    "status",
    "status_zh",
    "status_en",
    "alt_reading",
    "alt_status",
    "alt_status_zh",
    "alt_status_en",
    "reading_sensitive",
    "progress_ratio",
    "expected_value",
    "expected_basis",
    "required_annual_pace",
    "responsible_units",
    "note",
    "note_en",
]
_FLOAT_COLUMNS = (
    "target_value",
    "actual_value",
    "opening_stock",
    "county_sum_value",
    "gap",
    "completion_rate",
    "contribution_share",
    "progress_ratio",
    "expected_value",
    "required_annual_pace",
)
_YEAR_COLUMNS = ("year", "target_year", "base_year")


# --------------------------------------------------------------------------- engine


def select(
    uts: list[UnitTarget], year: int, base_year: int
) -> tuple[str, UnitTarget | None, UnitTarget | None]:
    """(target_kind, the target assessed or aimed at, the next target after ``year``) (§3)."""
    at = next((u for u in uts if u.year == year), None)
    nxt = next((u for u in uts if u.year > year), None)
    prev = [u for u in uts if u.year < year]
    if at is not None:
        return "milestone", at, nxt
    if nxt is not None:
        if nxt.accumulation == "yearly":
            if prev and prev[-1].accumulation == "yearly":
                return "interim", nxt, nxt
            return "none", None, nxt
        if year <= base_year:
            return "base", nxt, nxt
        return "interim", nxt, nxt
    last = uts[-1]
    if last.accumulation in ("cumulative", "level", "against_base") and (
        last.target.comparison != "by_date"
    ):
        return "standing", last, None
    return "none", None, None


def depends_on_reading(status: str, other: str) -> bool:
    """Whether a verdict depends on the reading of the text (§10.2).

    It does when the other reading gives another status; but where the other
    reading sets no target at all (a city rate that binds the city only, a yearly
    figure in a year without one), only a target reported as missed or behind
    depends on it: an achievement stays an achievement whether or not it was asked.
    """
    if other == status:
        return False
    return other != "no_target" or status in BEHIND


class _Engine:
    """One set of observations, allocations and thresholds, assessed for any unit and year."""

    def __init__(
        self,
        observations: pd.DataFrame,
        catalogue: Catalogue | None,
        allocations: pd.DataFrame | None,
        thresholds: Thresholds | None,
        units: Mapping[str, Unit] | None,
    ) -> None:
        self.catalogue = catalogue or default_catalogue()
        self.units = units if units is not None else default_units()
        th = thresholds or DEFAULT_THRESHOLDS
        self.actuals = Actuals(observations, self.catalogue, self.units, th)
        self.unit_codes = self.actuals.unit_codes
        self.alloc = county_targets(allocations, self.catalogue)

    def unit_targets(self, ind: Indicator, unit: str) -> list[UnitTarget]:
        """The indicator's quantitative targets as they apply to ``unit``, with their source (§5)."""
        out = []
        for t in ind.targets:
            if not t.is_quantitative:
                continue
            if unit == CITY_CODE and t.applies_to == "every_unit_and_member":
                out.append(UnitTarget(t, t.value, "every_unit"))
            elif unit == CITY_CODE:
                out.append(UnitTarget(t, t.value, "catalogue"))
            elif (unit, ind.id, t.year) in self.alloc.values:
                out.append(UnitTarget(t, self.alloc.values[(unit, ind.id, t.year)], "allocation"))
            elif t.applies_to != "city":
                out.append(UnitTarget(t, t.value, "city_target"))
            else:
                out.append(UnitTarget(t, t.value, "city_total"))
        return out

    def row(self, ind: Indicator, unit: str, year: int) -> dict:
        """The gap row of one indicator, unit and year: the target selected, then its kind's rule."""
        uts = self.unit_targets(ind, unit)
        kind, ref, nxt = select(uts, year, self.actuals.base_year)
        plan = self.catalogue.plans.get(ind.plan)
        u = self.units.get(unit)
        shown = ref or nxt or uts[-1]
        acc = shown.accumulation
        act = self.actuals.actual(ind, acc, unit, year, shown.target.counts)
        rec = {
            "indicator_id": ind.id,
            "plan": ind.plan,
            "plan_name_zh": plan.name_zh if plan else "",
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "unit_of_measure": ind.unit_zh,
            "unit_of_measure_en": ind.unit_en,
            "measure": ind.measure,
            "unit_code": unit,
            "unit_name_zh": u.name_zh if u else "",
            "unit_name_en": u.name_en if u else "",
            "year": year,
            "target_year": ref.year if ref else None,
            "target_value": ref.value if ref else NAN,
            "target_kind": kind,
            "target_source": ref.source if ref else "",
            "comparison": shown.target.comparison,
            "accumulation": acc,
            "base_year": shown.target.base_year,
            "deadline": (ref.target.deadline.isoformat() if ref and ref.target.deadline else ""),
            "actual_value": act.value,
            "actual_basis": act.basis,
            "opening_stock": act.opening_stock,
            "actual_qualifier": act.qualifier,
            "missing_years": year_ranges(act.missing_years, ","),
            "actual_source": "；".join(act.sources),
            "actual_data_note": "；".join(act.data_notes),
            "figures_contradict": act.contradiction,
            "county_sum_value": act.county_sum,
            "city_sum_differs": bool(act.differs),
            "gap": NAN,
            "completion_rate": NAN,
            "contribution_share": NAN,
            "status": "no_target",
            "progress_ratio": NAN,
            "expected_value": NAN,
            "expected_basis": "",
            "required_annual_pace": NAN,
            "responsible_units": shown.target.responsible_units,
        }
        case = Case(ind, unit, year, uts, kind, ref, nxt, act, self.actuals, self.alloc.sum_differs)
        rule = rule_of(case)
        rec.update(RULES[rule](case))
        rec["required_annual_pace"] = required_pace(case, rule)
        case.notes.extend(act.notes)
        rec["status_zh"], rec["status_en"] = STATUS_LABELS[rec["status"]]
        rec["note"], rec["note_en"] = case.notes.zh, case.notes.en
        return rec

    def assess(self, ind: Indicator, unit: str, year: int) -> dict:
        """The row under the default reading, with its status under the declared alternatives (§10.2).

        An alternative concerns the row when it changes the target the row assesses
        or aims at (its ``target_year``). ``alt_reading``/``alt_status`` give the first
        alternative on which the verdict depends (``reading_sensitive``, see
        :func:`depends_on_reading`), else the first that concerns the row; both are
        empty where no alternative does.
        """
        rec = self.row(ind, unit, year)
        rec.update(alt_reading="", alt_status="", alt_status_zh="", alt_status_en="")
        rec["reading_sensitive"] = False
        for alt in ind.alternatives:
            if rec["target_year"] not in alt.years or rec["reading_sensitive"]:
                continue
            other = self.row(ind.under(alt.id), unit, year)["status"]
            if rec["alt_reading"] and other == rec["status"]:
                continue
            rec["alt_reading"], rec["alt_status"] = alt.id, other
            rec["alt_status_zh"], rec["alt_status_en"] = STATUS_LABELS[other]
            rec["reading_sensitive"] = depends_on_reading(rec["status"], other)
        return rec

    def frame(self, unit: str, year: int) -> pd.DataFrame:
        rows = [
            self.assess(ind, unit, year)
            for ind in self.catalogue.indicators.values()
            if ind.is_quantitative and any(t.is_quantitative for t in ind.targets)
        ]
        return _as_frame(rows)


def _as_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=GAP_COLUMNS)
    for col in _FLOAT_COLUMNS:
        frame[col] = frame[col].astype(float)
    for col in _YEAR_COLUMNS:
        frame[col] = pd.array(
            [None if is_missing(v) else int(v) for v in frame[col].astype(object)], dtype="Int64"
        )
    for col in ("city_sum_differs", "reading_sensitive", "figures_contradict"):
        frame[col] = frame[col].astype(bool)
    return frame


#: The last engine built and what it was built from (:func:`_engine`).
_LAST: tuple[tuple, tuple, _Engine] | None = None


def _engine(
    observations: pd.DataFrame,
    catalogue: Catalogue | None,
    allocations: pd.DataFrame | None,
    thresholds: Thresholds | None,
    units: Mapping[str, Unit] | None,
) -> _Engine:
    """An engine for these inputs: the last one again when they are the same.

    A batch kernel builds one report per unit from the same observations, and
    indexing them again (:class:`Actuals`) took ~0.2 CPU-s a report. Sameness is
    content, never the object: the rows (and the allocations) by column names,
    dtypes and a hash of every row, the thresholds by value; the catalogue and
    units by identity (kept here, so no other object can take their address).
    """
    global _LAST
    content = (_frame_key(observations), _frame_key(allocations), thresholds)
    objects = (catalogue, units)
    if _LAST is not None and _LAST[0] == content and all(map(operator.is_, _LAST[1], objects)):
        return _LAST[2]
    engine = _Engine(observations, catalogue, allocations, thresholds, units)
    _LAST = (content, objects, engine)
    return engine


def _frame_key(frame: pd.DataFrame | None) -> tuple | None:
    if frame is None:
        return None
    try:
        rows = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    except TypeError:  # cells pandas cannot hash: such a frame is never taken for another
        return (object(),)
    return (
        tuple(map(str, frame.columns)),
        tuple(map(str, frame.dtypes)),
        len(frame),
        hashlib.sha256(rows).hexdigest(),
    )


def compute_gaps(
    observations: pd.DataFrame,
    unit_code: str,
    year: int,
    catalogue: Catalogue | None = None,
    allocations: pd.DataFrame | None = None,
    thresholds: Thresholds | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """The gap table of one unit and year: one row per quantitative indicator (§1).

    ``observations``: long rows ``unit_code, year, indicator_id, value`` with the
    data indicator ids of :func:`luoyang_analysis.data.data_indicators`.
    ``allocations``: county targets ``unit_code, indicator_id, year, target_value``
    (see :func:`load_allocations`). ``units``: the registry (default: packaged).
    Qualitative targets are left out. Columns: :data:`GAP_COLUMNS`.
    """
    engine = _engine(observations, catalogue, allocations, thresholds, units)
    return engine.frame(str(unit_code).strip(), int(year))


def _unit_codes_in(engine: _Engine, year: int) -> list[str]:
    return [CITY_CODE] + [
        c
        for c in engine.unit_codes
        if c != CITY_CODE and (c not in engine.units or engine.units[c].valid_in(year))
    ]


def compute_all(
    observations: pd.DataFrame,
    year: int,
    catalogue: Catalogue | None = None,
    allocations: pd.DataFrame | None = None,
    thresholds: Thresholds | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """The gap tables of the city and of every unit in ``observations``, for one year.

    The city comes first, then units by code. A registered unit that did not
    exist in ``year`` (偃师市 after 2020) is left out; unregistered codes are kept.
    """
    return compute_years(observations, [year], catalogue, allocations, thresholds, units)


def compute_years(
    observations: pd.DataFrame,
    years: Iterable[int],
    catalogue: Catalogue | None = None,
    allocations: pd.DataFrame | None = None,
    thresholds: Thresholds | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """:func:`compute_all` for several years, stacked (the year is a column); one engine for all."""
    engine = _engine(observations, catalogue, allocations, thresholds, units)
    frames = [engine.frame(c, int(y)) for y in years for c in _unit_codes_in(engine, int(y))]
    return pd.concat(frames, ignore_index=True) if frames else _as_frame([])


def compute_unit_years(
    observations: pd.DataFrame,
    unit_code: str,
    years: Iterable[int],
    catalogue: Catalogue | None = None,
    allocations: pd.DataFrame | None = None,
    thresholds: Thresholds | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """:func:`compute_gaps` of one unit for several years, stacked: a unit's path over time."""
    engine = _engine(observations, catalogue, allocations, thresholds, units)
    frames = [engine.frame(str(unit_code).strip(), int(y)) for y in years]
    return pd.concat(frames, ignore_index=True) if frames else _as_frame([])
