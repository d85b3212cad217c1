"""The report batch: plan the jobs, skip what is current, run the rest in a pool of workers.

Each job executes one notebook through papermill's Python API and renders its
HTML and PDF in the same worker process, so a batch pays for one interpreter
per worker, not three processes per report. A job is skipped when the digest of
its inputs (its unit's processed rows, the catalogue, the notebook, the
library's code, the parameters but the delivery's location) equals the one
stamped beside its outputs (:mod:`luoyang_analysis.digests`, the one rebuild rule).
A failing job does not stop the others; the batch ends with a list of failures.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from luoyang_analysis import digests, i18n, paths
from luoyang_analysis.batch import kernel
from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.catalogue.units import CITY_CODE, get_unit, units_in
from luoyang_analysis.deliveries.contract import OBSERVATION_COLUMNS
from luoyang_analysis.deliveries.registers import DATABASE_NAME
from luoyang_analysis.exceptions import CatalogueError, LuoyangError, ParameterError
from luoyang_analysis.gaps import registers as named
from luoyang_analysis.gaps.rules import milestone_years
from luoyang_analysis.presentation import pdf
from luoyang_analysis.presentation.render import (
    FORMATS,
    TARGETS_OVERVIEW_INPUTS,
    PageInfo,
    build_report,
    targets_overview_page,
)

log = logging.getLogger(__name__)

#: The kinds of report a batch can build (``luoyang reports --kinds``): the yearly
#: reports of the units with the targets overview and summary.xlsx; the department
#: scorecards; the final evaluations of 2020; the 扶持资金测算 with its workbook.
KINDS = ("yearly", "departments", "final", "subsidies")

#: The banner of reports made from illustrative data, per language (text from i18n).
SAMPLE_BANNER = {lang: i18n.text("report.sample_banner", lang) for lang in i18n.LANGS}


@dataclass(frozen=True)
class Job:
    """One report to build."""

    key: str  # e.g. "2018/410381" or "targets_overview"
    notebook: Path
    out_stem: Path
    parameters: dict
    page: PageInfo
    inputs: tuple[Path, ...]
    digest: str
    unit_code: str | None = None

    @property
    def stamp(self) -> Path:
        return digests.stamp_path(self.out_stem)

    def outputs(self, formats: Iterable[str]) -> list[Path]:
        """The files a build in ``formats`` leaves: the report in each format and the executed notebook."""
        return [self.out_stem.with_suffix("." + f) for f in formats] + [
            self.out_stem.with_suffix(".ipynb")
        ]


@dataclass
class Failure:
    key: str
    message: str
    executed: Path | None = None


@dataclass
class BatchResult:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def reports_library_digest() -> str:
    """The library's digest with the PDF engine in use: a change of either rebuilds the reports."""
    return digests.sha256_parts(digests.library_digest(), pdf.engine())


def rows_digest(frame: pd.DataFrame) -> str:
    """Digest of the content of observations, not of where each row came from."""
    return digests.rows_digest(frame, OBSERVATION_COLUMNS)


def names_digest(items: pd.DataFrame, unit_code: str) -> str:
    """Digest of the named items behind one unit's report (its names appendix)."""
    return digests.rows_digest(named.unit_items(items, unit_code), items.columns)


def output_dir(year: int | None, lang: str) -> Path:
    base = paths.reports_dir() if year is None else paths.reports_dir() / str(year)
    return base / i18n.subdir(lang)


def _label(path: Path) -> str:
    """``path`` relative to the project root (the same on every machine, so builds are
    repeatable), or absolute when it lies outside."""
    root = paths.project_root().resolve()
    resolved = Path(path).resolve()
    return resolved.relative_to(root).as_posix() if root in resolved.parents else str(resolved)


def _key(name: str, lang: str) -> str:
    """A job's name: "2018/410381", "2018/410381/en" (the language's folder appended)."""
    return "/".join(p for p in (name, i18n.subdir(lang)) if p)


def check_output_path(path: Path) -> Path:
    """Refuse any output path outside reports/ (a unit code can never become a path)."""
    root = paths.reports_dir().resolve()
    resolved = path.resolve()
    if resolved != root and root not in resolved.parents:
        raise ParameterError(f"refusing to write outside {root}: {path}")
    return path


def plan(
    observations: pd.DataFrame,
    manifest: dict,
    data: Path,
    years: Sequence[int],
    unit_codes: Sequence[str] | None,
    lang: str = "zh",
    formats: Sequence[str] = FORMATS,
    include_overviews: bool = True,
    include_kinds: bool | Collection[str] = False,
) -> list[Job]:
    """The jobs of a batch, validating parameters first (units, years, language).

    ``include_kinds``: the names of the kinds to plan (in :data:`KINDS`), or True for
    every kind but the subsidies, False for the yearly reports alone. "yearly" is the
    targets overview and one report per unit and year; with the overviews (a batch of
    every unit), "departments" and "final" add the department scorecards and the final
    evaluations (:mod:`luoyang_analysis.batch.kinds`): the scorecards of the years asked
    for, the final evaluations (they span 2017–2020, whatever the years). ``formats`` are
    chosen when the jobs run (:func:`run`), for every kind alike.
    """
    if isinstance(include_kinds, bool):
        include_kinds = ("yearly", "departments", "final") if include_kinds else ("yearly",)
    kinds = tuple(include_kinds)
    lang = i18n.check_lang(lang)
    labels = i18n.labels(lang)
    data_years = sorted(set(observations["year"]))
    for y in years:
        if y in data_years:  # the catalogue is read only for a year without data
            continue
        plan_years = milestone_years(default_catalogue())
        if y not in plan_years:
            raise ParameterError(
                f"year {y} is not in the data ({data_years[0]}–{data_years[-1]}) nor a year of "
                f"the plans ({plan_years[0]}–{plan_years[-1]}); choose one of "
                f"{sorted(set(data_years) | set(plan_years))}."
            )
    lib = reports_library_digest()
    banner = SAMPLE_BANNER[lang] if manifest.get("illustrative") else None
    data_label = _label(data)
    from luoyang_analysis.deliveries.raw import data_files

    raw_files = tuple(data_files(data))  # provenance lists each raw file's SHA-256
    processed_csv = (
        paths.processed_dir() / (data.name if data.is_dir() else data.stem) / "observations.csv"
    )
    names = named.database_items(processed_csv.parent / DATABASE_NAME)
    nb_dir = paths.notebooks_dir()
    jobs: list[Job] = []
    # A county report's 扶持资金 section reads its county's register rows (digested when
    # the delivery was processed).
    projects = manifest.get("county_digests", {})
    if include_overviews and "yearly" in kinds:
        nb = nb_dir / "targets_overview.ipynb"
        out = check_output_path(output_dir(None, lang) / "targets_overview")
        params = {"lang": lang}
        jobs.append(
            Job(
                _key("targets_overview", lang),
                nb,
                out,
                params,
                targets_overview_page(lang),
                TARGETS_OVERVIEW_INPUTS,
                digests.report_digest(lib, nb, params),
            )
        )
    for year in years:
        valid = {u.code: u for u in units_in(year)}
        codes = list(unit_codes) if unit_codes else list(valid)
        for code in codes:
            try:
                unit = get_unit(code)
            except CatalogueError as exc:  # a did-you-mean for an unknown code
                raise ParameterError(str(exc)) from None
            if unit.code not in valid:
                raise ParameterError(f"unit {unit.code} {unit.name_zh} did not exist in {year}.")
            if "yearly" not in kinds:  # the units are checked all the same
                continue
            is_city = unit.code == CITY_CODE
            nb = nb_dir / ("city_overview.ipynb" if is_city else "county_assessment.ipynb")
            out = check_output_path(output_dir(year, lang) / unit.code)
            # The notebook reads the processed rows it is handed; it never resolves or hashes
            # the delivery again (``data`` stays for the record in its provenance).
            params = {
                "unit_code": unit.code,
                "year": int(year),
                "lang": lang,
                "data": data_label,
                "observations": _label(processed_csv),
            }
            rows = (
                observations
                if is_city
                else observations[observations["unit_code"].isin([unit.code, CITY_CODE])]
            )
            title = i18n.text("report.title", lang, unit=unit.name(lang), year=year)
            jobs.append(
                Job(
                    _key(f"{year}/{unit.code}", lang),
                    nb,
                    out,
                    params,
                    PageInfo(
                        title,
                        labels.get("report_subtitle", ""),
                        i18n.text("report.running_header", lang, unit=unit.name(lang), year=year),
                        lang,
                        banner,
                    ),
                    (*raw_files, processed_csv, paths.TARGETS_FILE),
                    digests.report_digest(
                        lib,
                        nb,
                        params,
                        rows_digest(rows),
                        banner or "",
                        "" if is_city else projects.get(unit.code, ""),
                        names_digest(names, unit.code),
                    ),
                    unit.code,
                )
            )
    if include_overviews and {"departments", "final"} & set(kinds):
        from luoyang_analysis.batch import kinds as more

        base = {"lang": lang, "data": data_label, "observations": _label(processed_csv)}
        inputs = (*raw_files, processed_csv, paths.TARGETS_FILE)
        if "departments" in kinds:
            jobs += more.department_jobs(observations, years, base, inputs, lang, banner)
        if "final" in kinds:
            jobs += more.final_jobs(observations, None, base, inputs, lang, banner)
    return jobs


def subsidies_job(
    data: Path, manifest: dict, year: int, lang: str = "zh", formats: Sequence[str] = FORMATS
) -> Job:
    """reports/<year>/subsidies: the 扶持资金测算 from the delivery's registers (or saying there are none)."""
    from luoyang_analysis.presentation.subsidies import input_files

    nb = paths.notebooks_dir() / "subsidies.ipynb"
    lib = reports_library_digest()
    banner = SAMPLE_BANNER[lang] if manifest.get("illustrative") else None
    registers = tuple(input_files(data).values())
    params = {"year": year, "lang": lang, "data": _label(data)}
    title = i18n.text("subsidies.title", lang, year=year)
    return Job(
        _key(f"{year}/subsidies", lang),
        nb,
        check_output_path(output_dir(year, lang) / "subsidies"),
        params,
        PageInfo(title, "", i18n.text("subsidies.running_header", lang, year=year), lang, banner),
        (*registers, paths.POLICY_FILE, paths.SOURCE_TEXT_FILE),
        digests.report_digest(
            lib, nb, params, *(digests.sha256_file(p) for p in registers), banner or ""
        ),
    )


def is_current(job: Job, formats: Iterable[str]) -> bool:
    """Built from these inputs in every format asked for (more formats built is fine)."""
    formats = tuple(formats)
    others = [job.out_stem.with_suffix("." + f) for f in FORMATS if f not in formats]
    return digests.is_current(job.stamp, job.digest, job.outputs(formats), others)


def _run_job(job: Job, formats: tuple[str, ...]) -> tuple[str, str | None]:
    """Worker: build one report; the error text on failure (never raises, so others go on)."""
    try:
        # The old stamp goes first: a build interrupted from here on is never taken as current.
        digests.clear_stamp(job.stamp)
        build_report(
            job.notebook,
            job.out_stem,
            job.parameters,
            job.page,
            job.inputs,
            formats,
            km=kernel.ready(),
        )
        # last: a killed job is redone next time
        digests.write_stamp(job.stamp, job.digest, job.outputs(formats))
        return job.key, None
    except LuoyangError as exc:
        return job.key, str(exc)
    except Exception as exc:  # a bug in one report must not stop the batch
        last_words = kernel.log_tail() if type(exc).__name__ == "DeadKernelError" else ""
        return job.key, f"{type(exc).__name__}: {exc}" + (
            f"\nthe kernel's last output:\n{last_words}" if last_words else ""
        )


class Workers:
    """The report workers: processes each with its kernel and PDF browser
    (:func:`kernel.init_worker`), and the private folder of their kernels, deleted
    after them whatever happened to the workers (a killed worker cannot clean up).

    A context manager: leaving it normally waits for the workers to finish; leaving it
    with an exception (Ctrl-C, or a SIGINT to this process alone) drops the queue and
    goes, since waiting could hang on a worker the signal did not reach; each worker
    sees its parent gone (:func:`kernel.watch_parent`) and stops its kernel and browser.
    Outputs are written atomically either way.
    """

    def __init__(self, count: int, formats: Sequence[str]):
        self.count = count
        self._folder = tempfile.TemporaryDirectory(prefix="luoyang-kernels-")
        self.pool = ProcessPoolExecutor(
            max_workers=count,
            mp_context=get_context("spawn"),
            initializer=kernel.init_worker,
            initargs=(self._folder.name, "pdf" in formats),
        )

    def start(self) -> Workers:
        """Start every worker now (the pool would start them at the first jobs): a
        worker's kernel, browser and imports take ~3 CPU-s, which can go on while
        this process reads and checks the delivery."""
        for _ in range(self.count):
            self.pool.submit(kernel.nothing)
        return self

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type, *_exc) -> None:
        try:
            if exc_type is None:
                self.pool.shutdown(wait=True)
            else:
                self.pool.shutdown(wait=False, cancel_futures=True)
        finally:
            self._folder.cleanup()


def run(
    jobs: Sequence[Job],
    formats: Sequence[str] = FORMATS,
    workers: int = 2,
    progress: bool = True,
    force: bool = False,
    started: Workers | None = None,
) -> BatchResult:
    """Build the jobs that are not current, ``workers`` at a time, with a progress bar.

    ``started``: workers already started (:meth:`Workers.start`) to run them in; the
    caller closes them.
    """
    from tqdm import tqdm

    formats = tuple(formats)
    result = BatchResult()
    remove_leftovers({j.out_stem.parent for j in jobs})
    todo = []
    for job in jobs:
        if not force and is_current(job, formats):
            result.skipped.append(job.key)
        else:
            todo.append(job)
    if not todo:
        return result
    by_key = {j.key: j for j in todo}
    bar = tqdm(total=len(todo), desc="reports", unit="report", disable=not progress, leave=True)
    try:
        if started is None and (workers <= 1 or len(todo) == 1):
            kernel.skip_slow_optional_imports()
            outcomes = (_run_job(j, formats) for j in todo)
            for key, error in outcomes:
                _record(result, by_key[key], error)
                bar.update(1)
        else:
            # workers started by the caller are the caller's to close
            own = Workers(min(workers, len(todo)), formats) if started is None else None
            with own or nullcontext(started) as pool:
                futures = {pool.pool.submit(_run_job, j, formats): j for j in todo}
                _collect(futures, result, by_key, bar)
    finally:
        bar.close()
    return result


def _collect(futures: dict, result: BatchResult, by_key: dict, bar) -> None:
    """Record each finished report as it comes in."""
    for fut in as_completed(futures):
        try:
            key, error = fut.result()
        except BrokenProcessPool:
            key, error = (
                futures[fut].key,
                "the worker process died (killed or out of memory); run again to complete",
            )
        _record(result, by_key[key], error)
        bar.update(1)


def remove_leftovers(folders: Iterable[Path]) -> None:
    """Delete temporary files a killed run left behind (".<name>.<random>.tmp…"); never a report."""
    for folder in folders:
        if folder.is_dir():
            for p in folder.glob(".*.tmp*"):
                if p.is_file() and (p.name.endswith(".tmp") or p.name.endswith(".tmp.ipynb")):
                    p.unlink(missing_ok=True)


def _record(result: BatchResult, job: Job, error: str | None) -> None:
    if error is None:
        result.built.append(job.key)
    else:
        executed = job.out_stem.with_suffix(".ipynb")
        result.failures.append(Failure(job.key, error, executed if executed.exists() else None))
