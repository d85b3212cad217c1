"""What a gap row says, one rule per kind of row (§3, §4): the status, the gap and the notes.

The engine decides which target a (unit, indicator, year) row is about
(:func:`luoyang_analysis.gaps.engine.select`) and calls the rule of its
``target_kind`` from :data:`RULES`: a milestone, a standing target, an interim
year on the way to a milestone, the base year, a county's contribution to a city
total, or no target at all. The notes every assessed row may carry about its
target (a deadline, a fixed number, a yes/no target, a city rate applied to a
county, allocations that do not add up, a milestone met earlier and lost) are
:func:`target_notes`. The pace still required (§2.6) is :func:`required_pace`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.departments import responsible_unit_list
from luoyang_analysis.catalogue.readings import BASICALLY_ACHIEVED_SHARE
from luoyang_analysis.catalogue.targets import Indicator
from luoyang_analysis.catalogue.units import CITY_CODE, county_codes
from luoyang_analysis.gaps import paths
from luoyang_analysis.gaps.actuals import Actuals
from luoyang_analysis.gaps.progress import NAN, completion_rate, gap_value, is_met, is_missing
from luoyang_analysis.gaps.rules import is_binary
from luoyang_analysis.gaps.workings import Actual, Notes, UnitTarget, fmt


@dataclass
class Case:
    """One row being assessed: what the rules need to know about it."""

    ind: Indicator
    unit: str
    year: int
    uts: list[UnitTarget]  # the targets that apply to the unit, by year
    kind: str  # target_kind, as selected
    ref: UnitTarget | None  # the target assessed or aimed at
    nxt: UnitTarget | None  # the next target after the year
    act: Actual
    actuals: Actuals
    #: (indicator, year) -> (allocated sum, city target) where a county allocation does not add up
    alloc_problems: dict[tuple[str, int], tuple[float, float]]
    notes: Notes = field(default_factory=Notes)

    @property
    def have(self) -> bool:
        return not is_missing(self.act.value)

    def met(self) -> bool:
        """Whether the actual value meets the target assessed or aimed at (§3)."""
        t, tol = self.ref.target, self.actuals.th.tolerance
        return self.have and is_met(
            self.act.value, self.ref.value, t.comparison, self.ind.direction, tol
        )


def rule_of(case: Case) -> str:
    """The row's kind: a county's share of a city total is a contribution, whatever its year."""
    if case.ref is not None and case.ref.source == "city_total" and case.kind != "none":
        return "contribution"
    return case.kind


def contribution(case: Case) -> dict:
    """A county without its own allocation of a city count or amount target: its share, no status (§5)."""
    if case.act.year_missing:  # a contribution is the year's own figure, not earlier years'
        case.act.value = NAN
    out = {"target_kind": "contribution", "status": "no_target" if case.have else "no_data"}
    if not case.have:
        out["actual_value"] = NAN
    elif case.ref.value:
        out["contribution_share"] = case.act.value / case.ref.value
    case.notes.add(
        "县级无分解目标：显示本单位对全市目标的贡献（占全市目标的比例），不评定县级状态",
        "no county allocation: the row shows the county's contribution to the city "
        "target (its share of it), without a county status",
    )
    return out


def no_target(case: Case) -> dict:
    """No target applies this year: a yearly target of other years, or a one-off deadline passed (§3)."""
    last = case.uts[-1]
    if case.nxt is not None:
        case.notes.add(
            f"本年无目标；下一目标为{case.nxt.year}年（当年数）",
            f"no target in this year; the next is for {case.nxt.year} (that year's figure)",
        )
    elif last.target.comparison == "by_date":
        case.notes.add(
            f"本年无目标；该指标最后目标为{last.year}年的期限目标（一次性，其后不再适用）",
            f"no target in this year; the last was a deadline in {last.year} (a one-off)",
        )
    else:
        case.notes.add(
            f"本年无目标；该指标最后目标年为{last.year}年（当年数，其后不再适用）",
            f"no target in this year; the last was for {last.year} (that year's figure only)",
        )
    return {}


def _measured(case: Case) -> dict:
    """Gap and completion rate against the target assessed or aimed at (§3)."""
    t, ind, tol = case.ref.target, case.ind, case.actuals.th.tolerance
    binary = is_binary(ind, t)
    return {
        "gap": gap_value(case.act.value, case.ref.value, t.comparison, ind.direction, tol),
        "completion_rate": completion_rate(
            case.act.value, case.ref.value, t.comparison, ind.direction, binary, tol
        ),
    }


def _bounded(case: Case, out: dict) -> None:
    """A lower bound that does not decide the row (§2.2): incomplete, or no data without the year.

    A lower bound above an "at most" target does decide it (not achieved); one
    that meets an "at least" target is achieved (the callers check that first).
    The gap of an undecided bound is not a number; its completion rate is a lower bound.
    """
    t = case.ref.target
    decreasing = t.comparison == "at_most" or (
        t.comparison == "by_date" and case.ind.direction == "decrease"
    )
    if decreasing and case.act.value > case.ref.value + case.actuals.th.tolerance:
        out["status"] = "not_achieved"
        return
    # What is still missing is unknown (at most the gap); the completion rate stays, a lower bound.
    out["gap"] = NAN
    if case.act.year_missing:
        out["completion_rate"] = NAN
        out["status"], out["actual_value"] = "no_data", NAN
        return
    out["status"] = "incomplete"
    case.notes.add(
        f"数据不全：实际至少{fmt(case.act.value)}，目标{fmt(case.ref.value)}，能否完成无法判断",
        f"incomplete: at least {fmt(case.act.value)} of {fmt(case.ref.value)}; whether the "
        "target is met cannot be told",
    )


def _incomparable(case: Case, out: dict) -> bool:
    """A figure on another base or period than the target's: not_comparable, with the reason."""
    if not case.act.not_comparable:
        return False
    out["status"] = "not_comparable"
    out["gap"] = out["completion_rate"] = NAN
    case.notes.add(case.act.not_comparable, case.act.not_comparable_en)
    return True


def _judged(case: Case) -> dict:
    """Gap and completion, and achieved or not achieved against the target itself."""
    out = _measured(case)
    out["expected_value"], out["expected_basis"] = case.ref.value, "target"
    if _incomparable(case, out):
        return out
    if not case.have:
        out["status"] = "no_data"
    elif case.met():
        out["status"] = "achieved"
        if case.act.lower_bound:
            case.notes.add("已报年份已达到目标", "the years reported already reach the target")
    elif basically_met(case):
        out["status"] = "basically_achieved"
    elif case.act.lower_bound:
        _bounded(case, out)
    else:
        out["status"] = "not_achieved"
    return out


def basically_met(case: Case) -> bool:
    """「基本实现…」: at least BASICALLY_ACHIEVED_SHARE of the figure (§10.3); only where the text says 基本."""
    t = case.ref.target
    tol = case.actuals.th.tolerance
    share = BASICALLY_ACHIEVED_SHARE * case.ref.value
    return t.basically and is_met(case.act.value, share, t.comparison, case.ind.direction, tol)


def every_unit(case: Case) -> dict:
    """Every county and every member unit of the leading group, each at the yearly figure (§10.4).

    The counties' own rows say whether each reported; the city's own row gives how
    many member units reported (the delivery does not name them). Achieved only
    when all have; the counties that did not are named.
    """
    t, ref, actuals, year = case.ref.target, case.ref, case.actuals, case.year
    did = actuals.data_id(case.ind)
    counties = county_codes(year, actuals.units)
    missed, unknown = [], []
    for code in counties:
        v = actuals.index.get((code, did), {}).get(year)
        if v is None:
            unknown.append(code)
        elif not is_met(v, ref.value, t.comparison, case.ind.direction, actuals.th.tolerance):
            missed.append(code)
    members = [d for d in responsible_unit_list(t.responsible_units) if not d.startswith("各")]
    m = actuals.index.get((CITY_CODE, did), {}).get(year)
    n_all = len(counties) + len(members)
    reported = len(counties) - len(missed) - len(unknown) + (min(m, len(members)) if m else 0)

    def names(codes: list[str], lang: str) -> str:
        return i18n.join(
            (actuals.units[c].name(lang) if c in actuals.units else c for c in codes), lang
        )

    if missed:
        case.notes.add(f"未汇报：{names(missed, 'zh')}", f"did not report: {names(missed, 'en')}")
    if unknown:
        case.notes.add(f"未报数：{names(unknown, 'zh')}", f"no value: {names(unknown, 'en')}")
    if m is None:
        case.notes.add(
            f"领导小组成员单位（{len(members)}个）汇报情况未报送（市级一行填已汇报的成员单位数）",
            f"no figure for the {len(members)} member units (the city's own row gives how "
            "many reported)",
        )
    elif m < len(members):
        case.notes.add(
            f"领导小组成员单位{fmt(m)}/{len(members)}个已汇报（数据未列单位名称）",
            f"{fmt(m)} of {len(members)} member units reported (the data do not name them)",
        )
    case.notes.add(
        f"全市须{len(counties)}个县（市、区）和{len(members)}个成员单位全部汇报",
        f"every one of {len(counties)} counties and {len(members)} member units must report",
    )
    if missed or (m is not None and m < len(members)):
        status = "not_achieved"
    elif unknown or m is None:
        status = "no_data"
    else:
        status = "achieved"
    return {
        "target_value": float(n_all),
        "actual_value": float(reported),
        "actual_basis": "every_unit",
        "gap": float(n_all - reported),
        "completion_rate": reported / n_all if n_all else NAN,
        "expected_value": float(n_all),
        "expected_basis": "target",
        "status": status,
    }


def milestone(case: Case) -> dict:
    """The year has a target in the text: achieved if the actual value meets it, else not achieved.

    A target every county and member unit must meet is judged on all of them (:func:`every_unit`).
    """
    out = every_unit(case) if case.ref.source == "every_unit" else _judged(case)
    target_notes(case)
    return out


def standing(case: Case) -> dict:
    """After the last milestone of a cumulative or level target, which still applies: as a milestone."""
    out = _judged(case)
    case.notes.add(
        f"{case.ref.year}年为该指标最后目标年，其目标此后继续适用",
        f"{case.ref.year} is the indicator's last milestone; its target still applies",
    )
    target_notes(case)
    return out


def base(case: Case) -> dict:
    """The base year (opening stock or base level): no status; the gap is to the next milestone."""
    out = _measured(case)
    if not case.have:
        out["status"] = "no_data"
    else:
        out["status"] = "no_target"
        b = case.actuals.base_year
        case.notes.add(
            f"{b}年为基年（期初存量或基数），无目标；差距对照{case.ref.year}年目标",
            f"{b} is the base year (opening stock or base level), with no "
            f"target; the gap is to the {case.ref.year} milestone",
        )
    target_notes(case)
    return out


def interim(case: Case) -> dict:
    """A year between milestones: achieved if the next milestone is met already, else the trajectory (§4).

    The expected value is on the path from the last known point to the next milestone (§2.5).
    """
    out = _measured(case)
    ind, ref, unit, year = case.ind, case.ref, case.unit, case.year
    if _incomparable(case, out):
        pass
    elif not case.have:
        out["status"] = "no_data"
    elif case.met():
        out["status"] = "achieved"
        case.notes.add(f"已提前达到{ref.year}年目标", f"already meets the {ref.year} milestone")
    elif case.act.lower_bound:
        _bounded(case, out)
    else:
        status, ratio, tnotes = paths.trajectory(case.actuals, ind, ref, unit, year, case.act.value)
        out["status"], out["progress_ratio"] = status, ratio
        case.notes.extend(tnotes)
    value, basis, enotes = paths.expected(case.actuals, ind, case.uts, ref, unit, year)
    out["expected_value"], out["expected_basis"] = value, basis
    case.notes.extend(enotes)
    target_notes(case)
    return out


def target_notes(case: Case) -> None:
    """What an assessed row says about its target: lost since met, deadline, fixed number, yes/no, source."""
    ind, ref, t, tol = case.ind, case.ref, case.ref.target, case.actuals.th.tolerance
    if case.have and not case.met() and ref.accumulation != "yearly":
        earlier = paths.met_earlier(case.actuals, ind, ref, case.unit, case.year)
        if earlier is not None:
            case.notes.add(
                f"曾于{earlier}年达到{fmt(ref.value)}，其后回落",
                f"met {fmt(ref.value)} in {earlier}, lost since",
            )
    if t.comparison == "by_date" and t.deadline:
        case.notes.add(
            f"期限{t.deadline.isoformat()}：以{t.year}年报送数视为截至期限的状态",
            f"deadline {t.deadline.isoformat()}: the value reported for {t.year} is "
            "taken as the state at the deadline",
        )
    if t.comparison == "exactly" and case.have and case.act.value > ref.value + tol:
        case.notes.add("超过规定的固定数目", "beyond the fixed number")
    if is_binary(ind, t):
        case.notes.add("是/否型目标：达到1即完成", "yes/no target: met at 1")
    if t.basically:
        share = BASICALLY_ACHIEVED_SHARE
        case.notes.add(
            f"原文为“基本实现”：达到目标的{share:.0%}以上为基本完成，达到目标为已完成",
            f"the text says 'basically': from {share:.0%} of the target basically achieved, "
            "achieved only at the target",
        )
    if ref.source == "city_target":
        case.notes.add(
            "县级无分解目标：比例类目标按全市目标适用",
            "no county allocation: the city's rate target applies to the county",
        )
    if ref.source == "allocation" and (ind.id, ref.year) in case.alloc_problems:
        total, city = case.alloc_problems[(ind.id, ref.year)]
        case.notes.add(
            f"各县分解合计{fmt(total)}，与全市目标{fmt(city)}不符",
            f"the counties' allocations sum to {fmt(total)}, not the city's {fmt(city)}",
        )


#: target_kind -> the rule that assesses a row of that kind
RULES: dict[str, Callable[[Case], dict]] = {
    "milestone": milestone,
    "standing": standing,
    "interim": interim,
    "base": base,
    "contribution": contribution,
    "none": no_target,
}


def required_pace(case: Case, kind: str) -> float:
    """The yearly gain still needed to reach the next milestone on time, 0 if met already (§2.6).

    Only for milestone, interim and base rows whose next target is the unit's own
    (not a city total); NaN without an actual value.
    """
    nxt = case.nxt
    if nxt is None or kind not in ("milestone", "interim", "base"):
        return NAN
    if nxt.source in ("city_total", "every_unit"):
        return NAN
    act = case.act
    if nxt is not case.ref:
        act = case.actuals.actual(
            case.ind, nxt.accumulation, case.unit, case.year, nxt.target.counts
        )
    if is_missing(act.value):
        return NAN
    tol = case.actuals.th.tolerance
    if is_met(act.value, nxt.value, nxt.target.comparison, case.ind.direction, tol):
        return 0.0
    if act.lower_bound or act.not_comparable:  # the pace would overstate what is still needed
        return NAN
    return (nxt.value - act.value) / (nxt.year - case.year)
