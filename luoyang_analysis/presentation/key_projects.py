"""The key projects of a project register at the end of a half-year, for the bulletin (四（三）).

The rules, stated once (docs/methodology.md repeats them for readers):

- the key projects are the register's rows of the categories in
  :data:`~luoyang_analysis.deliveries.register_contract.KEY_CATEGORIES` (a register
  without the category column is taken as all key projects);
- a project is completed on its completion date (竣工) or its commissioning date (投产),
  whichever comes first; one marked 竣工 or 投产 without either date was completed on a day
  nobody wrote down: it is counted as completed before any half-year, never as completed in
  one, and never as late;
- a project is late at a date when its planned completion is on or before that date and it
  is not completed by then; a terminated (终止) project is neither under way nor late;
- the half-year's projects (those the bulletin lists) are those started by its end and not
  completed before its start, and every late one; terminated ones are left out.
- the bulletin's annex names only those of them a reader acts on (:func:`annex_reasons`):
  late, below their plan for the figures year (completed < planned, both reported), or
  completed in the half-year; new starts and the others are counted per county (on track),
  apart from those with a plan for the year and no figure completed, counted as unreported.

Amounts stay in 万元 here, as in the register; the bulletin converts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from luoyang_analysis.deliveries.register_contract import KEY_CATEGORIES
from luoyang_analysis.exceptions import DataError

DONE_STATUSES = ("竣工", "投产")
TERMINATED = "终止"
#: Columns of :func:`progress`: one row per key project.
PROGRESS_COLUMNS = [
    "unit_code",
    "project_id",
    "name",
    "start",
    "planned_completion",
    "finished",
    "state",  # at the period's end: completed, under_way, not_started, terminated
    "started_in",
    "completed_in",
    "under_way",
    "late",
    "late_before",  # late at the end of the previous half-year
    "listed",  # one of the half-year's projects
    "invested",  # 万元 completed in the figures year
    "planned",  # 万元 planned for the figures year
]


def key_rows(register: pd.DataFrame) -> pd.DataFrame:
    if "category" not in register:
        return register
    return register[register["category"].isin(KEY_CATEGORIES)]


def _dates(frame: pd.DataFrame, column: str) -> list[dt.date | None]:
    values = frame[column] if column in frame else [None] * len(frame)
    return [v if isinstance(v, dt.date) else None for v in values]


def _amounts(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(float("nan"), index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce").astype(float)


def progress(register: pd.DataFrame, start: dt.date, end: dt.date, year: int) -> pd.DataFrame:
    """Every key project's state over the half-year ``start``–``end`` (:data:`PROGRESS_COLUMNS`);
    ``year``: the year whose investment figures (invested and planned) the bulletin reports."""
    reg = key_rows(register).reset_index(drop=True)
    before = start - dt.timedelta(days=1)
    status = reg["status"] if "status" in reg else pd.Series("", index=reg.index)
    rows = []
    for i, begun, due, done, comm in zip(
        reg.index,
        _dates(reg, "start_date"),
        _dates(reg, "planned_completion"),
        _dates(reg, "completion_date"),
        _dates(reg, "commissioning_date"),
        strict=True,
    ):
        finished = min((d for d in (done, comm) if d), default=None)
        undated = finished is None and status[i] in DONE_STATUSES
        stopped = status[i] == TERMINATED

        def done_by(day: dt.date, finished=finished, undated=undated) -> bool:
            return undated or (finished is not None and finished <= day)

        def late_at(day: dt.date, due=due, stopped=stopped, done_by=done_by) -> bool:
            return due is not None and due <= day and not done_by(day) and not stopped

        started = begun is not None and begun <= end
        under_way = started and not done_by(end) and not stopped
        state = (
            "terminated"
            if stopped
            else "completed"
            if done_by(end)
            else "under_way"
            if started
            else "not_started"
        )
        rows.append(
            {
                "start": begun,
                "planned_completion": due,
                "finished": finished,
                "state": state,
                "started_in": begun is not None and start <= begun <= end,
                "completed_in": finished is not None and start <= finished <= end,
                "under_way": under_way,
                "late": late_at(end),
                "late_before": late_at(before),
                "listed": (started and not done_by(before) and not stopped) or late_at(end),
            }
        )
    out = pd.DataFrame(rows, index=reg.index, columns=PROGRESS_COLUMNS[3:13])
    out.insert(0, "unit_code", reg["county_code"].astype(str))
    out.insert(1, "project_id", reg["project_id"].astype(str))
    out.insert(2, "name", reg["name"].astype(str))
    out["invested"] = _amounts(reg, f"invested_{year}")
    out["planned"] = _amounts(reg, f"planned_{year}")
    return out[PROGRESS_COLUMNS]


#: Why the annex names a project, in the order its reasons are written.
# New starts are counted per county, not named: in a half-year of many starts they
# would fill the annex with projects that need nothing from the reader.
ANNEX_REASONS = ("late", "below_plan", "completed")


def annex_reasons(projects: pd.DataFrame) -> pd.DataFrame:
    """One bool column per :data:`ANNEX_REASONS` for each of :func:`progress`'s rows."""
    return pd.DataFrame(
        {
            "late": projects["late"],
            "below_plan": projects["invested"] < projects["planned"],  # NaN on either: False
            "completed": projects["completed_in"],
        },
        index=projects.index,
    )


def unreported(projects: pd.DataFrame) -> pd.Series:
    """A plan for the figures year and no figure completed: not known to be on track."""
    return (projects["planned"] > 0) & projects["invested"].isna()


def by_county(projects: pd.DataFrame) -> pd.DataFrame:
    """Per county: the half-year's counts and the year's investment planned (万元, NaN if none)."""
    g = projects.groupby("unit_code")
    out = pd.DataFrame(
        {
            "listed": g["listed"].sum(),
            "started": g["started_in"].sum(),
            "completed": g["completed_in"].sum(),
            "under_way": g["under_way"].sum(),
            "late": g["late"].sum(),
            "planned": g["planned"].sum(min_count=1),
        }
    )
    return out.astype({k: int for k in ("listed", "started", "completed", "under_way", "late")})


def county_counts(per_county: pd.DataFrame | None, code: str, named: float) -> dict:
    """A county's half-year counts and its investment against the register's plan (亿元)."""
    if per_county is None:
        return {}
    if code not in per_county.index:
        return {"listed": 0, "planned": float("nan"), "plan_rate": float("nan")}
    r = per_county.loc[code]
    planned = float(r["planned"]) / 10_000  # 万元 -> 亿元
    counts = {k: int(r[k]) for k in ("listed", "started", "completed", "under_way", "late")}
    rate = named / planned if planned == planned and planned > 0 else float("nan")
    return {**counts, "planned": planned, "plan_rate": rate}


def register_projects(data: str | Path | None) -> pd.DataFrame | None:
    """The delivery's project register, validated (None without one); a broken one refuses."""
    from luoyang_analysis.deliveries import processed
    from luoyang_analysis.deliveries.registers import load_registers

    registers = load_registers(processed.resolve_data(data or None))
    if registers.errors:
        raise DataError(registers.errors)
    return registers.frames["projects"] if registers.present("projects") else None
