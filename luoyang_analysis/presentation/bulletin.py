"""The half-yearly bulletin on the counties' key technical-upgrading projects (四（三）).

「领导小组每半年通报一次各县（市、区）技术改造重点项目推进情况」: one bulletin per
half-year (``2018H1``, ``2018H2``). This module computes it: the half-year
(:class:`Period`), where the key projects come from, and every figure of one bulletin
(:func:`compute` -> :class:`Bulletin`). Its text, in the plain register of a government
通报 (numbered sections, one ranking table, the annex), is written by
:mod:`luoyang_analysis.presentation.bulletin_text`.

Where the key projects come from is one function, :func:`key_projects`. Until a
project register is delivered it reads the observations: the yearly investment
completed by each county's key projects (``techup.key_project_investment``), one
aggregate line per county. A yearly figure is known at the end of its year, so a
bulletin reports the figures of the last year ended by the end of its half-year:
the first half of 2018 sees 2017's figures, the same as the second half of 2017,
and says that nothing new came in. When the delivery has a project register, its
key projects are named: started, completed, under way and late within the
half-year itself (their dates are days, not years; rules in
:mod:`luoyang_analysis.presentation.key_projects`), the year's investment against
the register's plan, and what changed since the last bulletin.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue
from luoyang_analysis.catalogue.units import CITY_CODE, units_in
from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.presentation import key_projects as kp

INDICATOR = "techup.key_project_investment"
#: The plans were issued in August 2017: the first half-year with a bulletin is 2017H2.
FIRST_PERIOD = (2017, 2)
LAST_YEAR = 2099
#: Columns of :func:`key_projects`: one row per project (or per county's aggregate).
PROJECT_COLUMNS = ["unit_code", "project_id", "name", "invested", "planned_completion", "completed"]


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: int  # 1: January–June, 2: July–December

    @property
    def code(self) -> str:
        return f"{self.year}H{self.half}"

    @property
    def previous(self) -> Period:
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def figures_year(self) -> int:
        """The last year ended by the end of the period: its yearly figures are the latest known."""
        return self.year if self.half == 2 else self.year - 1

    def label(self, lang: str) -> str:
        return i18n.text(f"bulletin.h{self.half}", lang, year=self.year)


def parse_period(text: str) -> Period:
    """``2018H1`` -> Period(2018, 1); a clear error for anything else (it becomes a file name)."""
    m = re.fullmatch(r"(\d{4})H([12])", str(text).strip())
    if not m:
        raise ParameterError(f"period {text!r} is not a half-year; write it as 2018H1 or 2018H2.")
    period = Period(int(m.group(1)), int(m.group(2)))
    if period < Period(*FIRST_PERIOD) or period.year > LAST_YEAR:
        raise ParameterError(
            f"period {period.code}: the first bulletin is for 2017H2 (the plans were issued "
            "in August 2017); choose 2017H2 or later."
        )
    return period


def key_projects(
    observations: pd.DataFrame, year: int, register: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The key projects and their investment completed in ``year`` (:data:`PROJECT_COLUMNS`).

    The one place where the bulletin's projects come from. ``register``: the project
    register's rows (``project_id, name, county_code, status`` and ``invested_<year>``
    in 万元, as in ``deliveries/register_contract.py``; ``planned_completion`` where a
    register carries planned dates, which the contract of issue 12 does not yet);
    without it, one aggregate row per county from the observations (亿元, as the
    catalogue's indicator), no planned dates.
    """
    if register is not None:
        col = f"invested_{year}"
        reg = kp.key_rows(register)
        reg = reg[reg[col].notna()] if col in reg else reg.iloc[0:0]
        return pd.DataFrame(
            {
                "unit_code": reg["county_code"].astype(str),
                "project_id": reg["project_id"].astype(str),
                "name": reg["name"].astype(str),
                "invested": pd.to_numeric(reg[col]) / 10_000,  # 万元 -> 亿元
                "planned_completion": reg.get("planned_completion"),
                "completed": reg["status"].isin(("竣工", "投产")),
            },
            columns=PROJECT_COLUMNS,
        ).reset_index(drop=True)
    obs = observations[
        (observations["indicator_id"] == INDICATOR)
        & (observations["year"].astype(int) == int(year))
        & (observations["unit_code"].astype(str) != CITY_CODE)
    ]
    obs = obs[pd.to_numeric(obs["value"], errors="coerce").notna()]
    return pd.DataFrame(
        {
            "unit_code": obs["unit_code"].astype(str),
            "project_id": "",
            "name": "",
            "invested": pd.to_numeric(obs["value"]).astype(float),
            "planned_completion": None,
            "completed": False,
        },
        columns=PROJECT_COLUMNS,
    ).reset_index(drop=True)


def _city_value(observations: pd.DataFrame, year: int) -> float:
    rows = observations[
        (observations["indicator_id"] == INDICATOR)
        & (observations["year"].astype(int) == int(year))
        & (observations["unit_code"].astype(str) == CITY_CODE)
    ]
    values = pd.to_numeric(rows["value"], errors="coerce").dropna()
    return float(values.iloc[0]) if len(values) else float("nan")


@dataclass(frozen=True)
class Bulletin:
    period: Period
    lang: str
    catalogue: Catalogue
    first: bool  # the first bulletin (2017H2): there is no last one to compare with
    year: int  # the year whose figures the bulletin reports
    previous_year: int | None  # the year of the last bulletin's figures, if different
    city: float
    city_previous: float
    target: float  # the city's plan for ``year`` (NaN when the text sets none)
    counties: pd.DataFrame  # one row per county: invested, previous, change, share, rank
    projects: pd.DataFrame  # :func:`key_projects` of ``year``
    source: str  # the key of the ``bulletin`` i18n text naming where the projects come from
    progress: pd.DataFrame | None = None  # :func:`key_projects.progress`, with a register


def compute(
    observations: pd.DataFrame,
    period: Period | str,
    catalogue: Catalogue | None = None,
    register: pd.DataFrame | None = None,
) -> Bulletin:
    """Every figure of one bulletin."""
    period = parse_period(period) if isinstance(period, str) else period
    catalogue = catalogue or default_catalogue()
    year = period.figures_year
    first = period.previous < Period(*FIRST_PERIOD)
    prev_year = None if first else period.previous.figures_year
    prev_year = prev_year if prev_year != year else None
    target_obj = catalogue.indicator(INDICATOR).target_for(year)
    target = float(target_obj.value) if target_obj and target_obj.value else float("nan")
    now = key_projects(observations, year, register)
    figures = _figures(observations, year, register)
    before = _figures(observations, prev_year, register) if prev_year is not None else {}
    progress = None if register is None else kp.progress(register, period.start, period.end, year)
    per_county = kp.by_county(progress) if progress is not None else None
    rows = []
    for unit in units_in(year):
        if unit.is_city:
            continue
        invested, reported, named, n = figures.get(unit.code, (NAN, False, NAN, 0))
        previous = before.get(unit.code, (NAN,))[0]
        rows.append(
            {
                "unit_code": unit.code,
                "unit_name_zh": unit.name_zh,
                "unit_name_en": unit.name_en,
                "projects": n,
                "reported": reported,  # the county's reported total, not the register's sum
                "named": named,
                "invested": invested,
                "previous": previous,
                "change": invested - previous,
                "share": invested / target if target == target and target else float("nan"),
                **kp.county_counts(per_county, unit.code, named),
            }
        )
    counties = pd.DataFrame(rows)
    counties = counties.sort_values(
        ["invested", "unit_code"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)
    ranked = counties["invested"].notna()
    counties["rank"] = pd.array(
        [i + 1 if ok else None for i, ok in enumerate(ranked)], dtype="Int64"
    )
    return Bulletin(
        period,
        "zh",
        catalogue,
        first,
        year,
        prev_year,
        _city_value(observations, year),
        _city_value(observations, prev_year) if prev_year is not None else float("nan"),
        target,
        counties,
        now,
        "source_observations" if register is None else "source_register",
        progress,
    )


NAN = float("nan")


def _figures(
    observations: pd.DataFrame, year: int, register: pd.DataFrame | None
) -> dict[str, tuple[float, bool, float, int]]:
    """Per county: (investment completed in ``year``, whether it is the reported total, the
    register's sum, the register's projects with a figure), all in 亿元.

    The county's reported total comes first, as everywhere in the assessment (the names
    back the counts, they do not replace them: docs/methodology.md §11); the register's sum
    stands in where a county reported none, and is shown beside the total where both exist.
    """
    reported = key_projects(observations, year).groupby("unit_code")["invested"].sum()
    named = (
        key_projects(observations, year, register)
        .groupby("unit_code")["invested"]
        .agg(["sum", "size"])
        if register is not None
        else pd.DataFrame(columns=["sum", "size"])
    )
    out = {}
    for code in set(reported.index) | set(named.index):
        total, n = (
            (float(named.loc[code, "sum"]), int(named.loc[code, "size"]))
            if code in named.index
            else (NAN, 0)
        )
        if code in reported.index:
            out[code] = (float(reported[code]), True, total, n)
        else:
            out[code] = (total, False, total, n)
    return out


def setup(period: str, lang: str = "zh", observations: str = "", data: str = "") -> Bulletin:
    """Read the rows and compute the bulletin of ``period`` (the notebook's one computing call)."""
    from dataclasses import replace

    from luoyang_analysis.presentation.sections import load_observations

    lang = i18n.check_lang(lang)
    rows = load_observations(observations, data)
    return replace(compute(rows, period, register=kp.register_projects(data)), lang=lang)
