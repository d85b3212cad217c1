"""The jobs of the report kinds for those who act: department scorecards and the final evaluation.

``reports/<year>/departments/<slug>.{html,pdf}`` (and ``index``) and
``reports/final/<unit>.{html,pdf}``; English under the language's folder as for the
yearly reports. Each job is skipped while the digest of its inputs is unchanged, as
in :mod:`luoyang_analysis.batch.runner`. A slug comes from the catalogue's names
(:func:`luoyang_analysis.presentation.departments.slug_for`), never from a path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from luoyang_analysis import digests, i18n, paths
from luoyang_analysis.batch import runner
from luoyang_analysis.catalogue.units import CITY_CODE, get_unit, units_in
from luoyang_analysis.deliveries.register_contract import columns
from luoyang_analysis.presentation import bulletin, key_projects
from luoyang_analysis.presentation.departments import departments
from luoyang_analysis.presentation.render import FORMATS, PageInfo

#: The year whose units the final evaluation covers: the programme's last.
FINAL_YEAR = 2020


def departments_dir(year: int, lang: str) -> Path:
    return runner.output_dir(year, lang) / "departments"


def final_dir(lang: str) -> Path:
    return paths.reports_dir() / "final" / i18n.subdir(lang)


def _job(
    key: str,
    notebook: str,
    out: Path,
    params: dict,
    page: PageInfo,
    inputs: tuple[Path, ...],
    rows: str,
    lib: str,
    unit_code: str | None = None,
) -> runner.Job:
    """One job; ``rows`` and ``lib`` are the digests of its rows and of the library."""
    nb = paths.notebooks_dir() / notebook
    digest = digests.report_digest(lib, nb, params, rows, page.banner or "")
    return runner.Job(
        runner._key(key, page.lang),
        nb,
        runner.check_output_path(out),
        params,
        page,
        inputs,
        digest,
        unit_code,
    )


def department_jobs(
    observations: pd.DataFrame,
    years: Sequence[int],
    base_params: dict,
    inputs: tuple[Path, ...],
    lang: str,
    banner: str | None,
) -> list[runner.Job]:
    """One scorecard per department and year, and the year's department index."""
    w = i18n.group("scorecard", lang)
    lib, rows = runner.reports_library_digest(), runner.rows_digest(observations)
    jobs = []
    for year in years:
        for dept in [None, *departments()]:
            slug = dept.slug if dept else "index"
            if dept:
                title = w["title"].format(department=dept.name(lang), year=year)
                header = w["running_header"].format(department=dept.name(lang), year=year)
            else:
                title = w["index_title"].format(year=year)
                header = w["index_running_header"].format(year=year)
            params = {**base_params, "department": dept.slug if dept else "", "year": int(year)}
            jobs.append(
                _job(
                    f"{year}/departments/{slug}",
                    "department_scorecard.ipynb",
                    departments_dir(year, lang) / slug,
                    params,
                    PageInfo(title, w["subtitle"], header, lang, banner),
                    inputs,
                    rows,
                    lib,
                )
            )
    return jobs


def final_jobs(
    observations: pd.DataFrame,
    unit_codes: Sequence[str] | None,
    base_params: dict,
    inputs: tuple[Path, ...],
    lang: str,
    banner: str | None,
) -> list[runner.Job]:
    """The final evaluation of the city and of each county that existed in 2020 (or those asked)."""
    w = i18n.group("final", lang)
    existed = [u.code for u in units_in(FINAL_YEAR)]
    codes = [get_unit(c).code for c in unit_codes] if unit_codes else existed
    codes = [c for c in codes if c in existed]  # a unit born after 2020 has no programme to judge
    lib = runner.reports_library_digest()
    jobs = []
    for code in codes:
        unit = get_unit(code)
        rows = observations[observations["unit_code"].isin([unit.code, CITY_CODE])]
        jobs.append(
            _job(
                f"final/{unit.code}",
                "final_evaluation.ipynb",
                final_dir(lang) / unit.code,
                {**base_params, "unit_code": unit.code},
                PageInfo(
                    w["title"].format(unit=unit.name(lang)),
                    w["subtitle"],
                    w["running_header"].format(unit=unit.name(lang)),
                    lang,
                    banner,
                ),
                inputs,
                runner.rows_digest(rows),
                lib,
                unit.code,
            )
        )
    return jobs


def bulletins_dir(lang: str) -> Path:
    return paths.reports_dir() / "bulletins" / i18n.subdir(lang)


def bulletin_job(
    observations: pd.DataFrame,
    period: str,
    base_params: dict,
    inputs: tuple[Path, ...],
    lang: str,
    banner: str | None,
    register: pd.DataFrame | None = None,
) -> runner.Job:
    """The bulletin of one half-year; its digest covers only the rows it reads: the
    key-project observations and the project register's rows (their content, not where
    they lie), so a changed planned date rebuilds it."""
    p = bulletin.parse_period(period)  # checked before it becomes a file name
    w = i18n.group("bulletin", lang)
    label = p.label(lang)
    return _job(
        f"bulletins/{p.code}",
        "bulletin.ipynb",
        bulletins_dir(lang) / p.code,
        {**base_params, "period": p.code},
        PageInfo(
            w["title"].format(period=label),
            "",
            w["running_header"].format(period=label),
            lang,
            banner,
        ),
        inputs,
        digests.sha256_parts(
            runner.rows_digest(observations[observations["indicator_id"] == bulletin.INDICATOR]),
            "" if register is None else digests.rows_digest(register, columns("projects")),
        ),
        runner.reports_library_digest(),
    )


def build_bulletin(
    period: str,
    data: str | Path | None = None,
    lang: str = "zh",
    formats: Sequence[str] = FORMATS,
    force: bool = False,
):
    """``luoyang bulletin --period 2018H1``: build the bulletin (unless current), then the index."""
    from luoyang_analysis.batch import build, summaries
    from luoyang_analysis.deliveries import processed
    from luoyang_analysis.deliveries.raw import data_files

    lang = i18n.check_lang(lang)
    bulletin.parse_period(period)
    data_path = processed.resolve_data(data)
    observations, manifest = processed.load(data_path)
    processed_csv = processed.processed_dir_for(data_path) / "observations.csv"
    base = {
        "lang": lang,
        "data": runner._label(data_path),
        "observations": runner._label(processed_csv),
    }
    inputs = (*data_files(data_path), processed_csv, paths.TARGETS_FILE)
    banner = runner.SAMPLE_BANNER[lang] if manifest.get("illustrative") else None
    register = key_projects.register_projects(data_path)
    job = bulletin_job(observations, period, base, inputs, lang, banner, register)
    result = runner.run([job], formats, workers=1, progress=False, force=force)
    written = summaries.write_index(observations, manifest, lang)
    root = paths.reports_dir()
    return build.Outcome(result, [f"{root.name}/{p.relative_to(root).as_posix()}" for p in written])
