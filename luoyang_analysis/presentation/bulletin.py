"""The half-yearly bulletin on the counties' key technical-upgrading projects (四（三）).

「领导小组每半年通报一次各县（市、区）技术改造重点项目推进情况」: one bulletin per
half-year (``2018H1``, ``2018H2``), in the plain register of a government 通报:
numbered sections, sentences, one ranking table, no decoration.

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
from html import escape

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue
from luoyang_analysis.catalogue.units import CITY_CODE, units_in
from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.presentation import key_projects as kp
from luoyang_analysis.presentation.tables import format_number

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


# ------------------------------------------------------------------ text


def has_data(b: Bulletin) -> bool:
    listed = b.progress is not None and bool(b.progress["listed"].any())
    return listed or b.city == b.city or bool(b.counties["invested"].notna().any())


def _amount(x: float, b: Bulletin) -> str:
    unit = b.catalogue.indicator(INDICATOR).unit(b.lang)
    return f"{format_number(round(x, 2))} {unit}".strip() if x == x else "—"


def _change(x: float, b: Bulletin) -> str:
    w = i18n.group("bulletin", b.lang)
    if x != x:
        return "—"
    if abs(x) < 1e-9:
        return w["unchanged"]
    return w["increase" if x > 0 else "decrease"].format(value=_amount(abs(x), b))


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%" if x == x else "—"


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def sections(b: Bulletin) -> list[str]:
    """The bulletin in order: addressees, opening, 一 to 四, the issuing office."""
    w = i18n.group("bulletin", b.lang)
    period = b.period.label(b.lang)
    out = [_p(w["addressees"]) + _p(w["opening"].format(period=period))]
    if not has_data(b):
        out += [_p(w["no_data"].format(period=period)), _p(w["office"])]
        return [f'<div class="tongbao">{"".join(out)}</div>']
    source = w[b.source]
    overall = _p(w["as_of"].format(as_of=b.year, source=source))
    overall += progress_text(b)
    if b.previous_year is None and not b.first:
        key = "no_new" if b.progress is None else "no_new_register"
        overall += _p(w[key].format(period=period, end=_day(b.period.end, b.lang)))
    if b.target == b.target:
        overall += _p(
            w["city_line"].format(
                year=b.year,
                actual=_amount(b.city, b),
                target=_amount(b.target, b),
                rate=_pct(b.city / b.target),
            )
        )
    else:
        overall += _p(w["city_line_no_target"].format(year=b.year, actual=_amount(b.city, b)))
    if b.previous_year is not None and b.city_previous == b.city_previous:
        overall += _p(
            w["city_change"].format(
                prev=b.previous_year, change=_change(b.city - b.city_previous, b)
            )
        )
    out.append(f"<h2>{escape(w['s_overall'])}</h2>" + overall)
    out.append(f"<h2>{escape(w['s_counties'])}</h2>" + counties_text(b))
    out.append(f"<h2>{escape(w['s_behind'])}</h2>" + behind_text(b))
    out.append(f"<h2>{escape(w['s_ranking'])}</h2>" + ranking_table(b))
    out.append(f'<p class="signature">{escape(w["office"])}</p>')
    out.append(annex(b))
    # One block: the plain register of a 通报 (tongbao) is styled as a whole.
    return [f'<div class="tongbao">{"".join(out)}</div>']


def _unit_name(r, lang: str) -> str:
    return r[i18n.column("unit_name", lang)]


def counties_text(b: Bulletin) -> str:
    w = i18n.group("bulletin", b.lang)
    lines = []
    for _, r in b.counties.sort_values("unit_code").iterrows():
        name = _unit_name(r, b.lang)
        if r["invested"] != r["invested"]:
            lines.append(w["county_no_data"].format(unit=name) + _county_progress(b, r))
            continue
        items = w["items_aggregate"] if r["reported"] else w["items_named"].format(n=r["projects"])
        key = "county_line" if r["previous"] == r["previous"] else "county_line_first"
        lines.append(
            w[key].format(
                unit=name,
                items=items,
                actual=_amount(r["invested"], b),
                share=_pct(r["share"]),
                change=_change(r["change"], b),
            )
            + _county_progress(b, r)
        )
    return "".join(_p(w["item"].format(n=n) + t) for n, t in enumerate(lines, 1))


def behind_text(b: Bulletin) -> str:
    w = i18n.group("bulletin", b.lang)
    out = []
    if b.target == b.target and b.city == b.city and b.city < b.target:
        out.append(w["behind_city"].format(gap=_amount(b.target - b.city, b)))
    if "plan_rate" in b.counties:
        short = b.counties[b.counties["plan_rate"] < 1].sort_values("unit_code")
        items = [
            w["below_plan_item"].format(unit=_unit_name(r, b.lang), rate=_pct(r["plan_rate"]))
            for _, r in short.iterrows()
        ]
        if items:
            out.append(w["behind_plan"].format(year=b.year, items=i18n.join(items, b.lang)))
    fell = b.counties[b.counties["change"] < 0]
    if len(fell):
        names = [_unit_name(r, b.lang) for _, r in fell.sort_values("unit_code").iterrows()]
        out.append(w["behind_county"].format(units=i18n.join(names, b.lang)))
    late = late_projects(b)
    if len(late):
        out.append(w["behind_projects"].format(items=i18n.join(late["name"], b.lang)))
    return "".join(_p(t) for t in out) or _p(w["behind_none"])


def late_projects(b: Bulletin) -> pd.DataFrame:
    """Projects of a register past their planned completion at the period's end, not completed."""
    if b.progress is None:
        return pd.DataFrame(columns=kp.PROGRESS_COLUMNS)
    return b.progress[b.progress["late"]].sort_values(["unit_code", "project_id"])


def progress_text(b: Bulletin) -> str:
    """With a register: the half-year's projects in the city, and the change since the last bulletin."""
    if b.progress is None:
        return ""
    w = i18n.group("bulletin", b.lang)
    p = b.progress
    counts = {
        "n": int(p["listed"].sum()),
        "started": int(p["started_in"].sum()),
        "completed": int(p["completed_in"].sum()),
        "under_way": int(p["under_way"].sum()),
        "late": int(p["late"].sum()),
    }
    text = _p(w["register_as_of"].format(end=_day(b.period.end, b.lang), year=b.year))
    text += _p(w["register_overall"].format(period=b.period.label(b.lang), **counts))
    if b.first:
        return text
    newly = int((p["late"] & ~p["late_before"]).sum())
    changes = w["register_changes"].format(
        started=counts["started"], completed=counts["completed"], newly_late=newly
    )
    late_before = int(p["late_before"].sum())
    if late_before:
        cleared = int((p["late_before"] & p["completed_in"]).sum())
        changes += w["register_cleared"].format(late_before=late_before, cleared=cleared)
    return text + _p(changes)


def _county_progress(b: Bulletin, r) -> str:
    """The county's projects in the half-year and its investment against plan (with a register)."""
    if b.progress is None:
        return ""
    w = i18n.group("bulletin", b.lang)
    if not r["listed"]:
        return w["county_no_projects"]
    text = ""
    if r["reported"] and r["projects"]:
        text += w["county_named"].format(n=int(r["projects"]), named=_amount(r["named"], b))
    text += w["county_progress"].format(
        **{k: int(r[k]) for k in ("listed", "started", "completed", "under_way", "late")}
    )
    if r["planned"] == r["planned"]:
        text += w["county_plan"].format(
            year=b.year, planned=_amount(r["planned"], b), rate=_pct(r["plan_rate"])
        )
    return text


def _day(d, lang: str) -> str:
    return i18n.text("bulletin.date", lang, y=d.year, m=d.month, d=d.day) if d else "—"


def _wan(x) -> str:
    return format_number(round(float(x), 1)) if x == x else "—"


def annex(b: Bulletin) -> str:
    """附件: the half-year's projects a reader acts on, one line each, by county; then a line
    per county counting its others (:func:`key_projects.annex_reasons`; with a register)."""
    if b.progress is None:
        return ""
    w = i18n.group("bulletin", b.lang)
    names = {u.code: u.name(b.lang) for u in units_in(b.year)}
    listed = b.progress[b.progress["listed"]].sort_values(["unit_code", "project_id"])
    if listed.empty:
        return ""
    reasons = kp.annex_reasons(listed)
    named = reasons.any(axis=1)
    keys = ("a_name", "a_start", "a_due", "a_state", "a_why", "a_invested", "a_planned")
    span = f"colspan='{len(keys)}'"
    rows = []
    for code, projects in listed.groupby("unit_code", sort=True):
        # The county once, as a heading row: its column would take the names' width.
        rows.append(f"<tr class='county'><td {span}>{escape(names.get(code, code))}</td></tr>")
        for i, r in projects[named[projects.index]].iterrows():
            # each reason unbroken, a line break only between them
            why = i18n.join(
                (
                    f"<span class='nb'>{escape(w['why_' + k])}</span>"
                    for k in kp.ANNEX_REASONS
                    if reasons.at[i, k]
                ),
                b.lang,
            )
            rows.append(
                f"<tr><td class='name'>{escape(r['name'])}</td>"
                f"<td class='date'>{escape(_day(r['start'], b.lang))}</td>"
                f"<td class='date'>{escape(_day(r['planned_completion'], b.lang))}</td>"
                f"<td>{escape(w['state_' + r['state']] + (w['state_late'] if r['late'] else ''))}</td>"
                f"<td>{why}</td>"
                f"<td class='num'>{_wan(r['invested'])}</td>"
                f"<td class='num'>{_wan(r['planned'])}</td></tr>"
            )
        others = projects[~named[projects.index]]
        missing = int(kp.unreported(others).sum())
        line = w["others"].format(n=len(others) - missing)
        started = int(others["started_in"].sum())
        line += w["others_started"].format(n=started) if started else ""
        line += w["others_unreported"].format(n=missing, year=b.year) if missing else ""
        if len(others):
            rows.append(f"<tr class='others'><td {span}>{escape(line)}</td></tr>")
    head = "".join(f"<th>{escape(w[k].format(year=b.year))}</th>" for k in keys)
    title = w["annex"].format(period=b.period.label(b.lang))
    return (
        f'<div class="annex"><h2>{escape(title)}</h2>{_p(w["annex_note"].format(year=b.year))}'
        f'<table class="plain"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def ranking_table(b: Bulletin) -> str:
    w = i18n.group("bulletin", b.lang)
    planned = "plan_rate" in b.counties  # with a register: also against its plan
    rows = "".join(
        f"<tr><td class='num'>{'' if pd.isna(r['rank']) else int(r['rank'])}</td>"
        f"<td>{escape(_unit_name(r, b.lang))}</td>"
        f"<td class='num'>{escape(_amount(r['invested'], b))}</td>"
        f"<td class='num'>{escape(_change(r['change'], b))}</td>"
        f"<td class='num'>{escape(_pct(r['share']))}</td>"
        + (f"<td class='num'>{escape(_pct(r['plan_rate']))}</td>" if planned else "")
        + "</tr>"
        for _, r in b.counties.iterrows()
    )
    keys = ("rank", "unit", "actual", "change", "share") + (("plan_rate",) if planned else ())
    head = "".join(f"<th>{escape(w[k])}</th>" for k in keys)
    return (
        _p(w["ranking_note"])
        + f'<table class="plain"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
