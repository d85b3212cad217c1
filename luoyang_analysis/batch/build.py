"""``luoyang reports``: every report of a delivery, plus the Excel summary and the index page.

Order of work: resolve the delivery, make sure its processed data is current,
validate the parameters, run the notebook jobs (:mod:`runner`), then write
``reports/<year>/summary.xlsx`` and ``reports/index.html`` from the same gap
tables the notebooks show. The summary and index are rewritten only when their
content changes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from luoyang_analysis import i18n, paths
from luoyang_analysis.batch import runner
from luoyang_analysis.deliveries import processed
from luoyang_analysis.presentation.render import FORMATS


@dataclass
class Outcome:
    result: runner.BatchResult
    extra_written: list[str] = field(default_factory=list)  # as shown, relative to reports/

    @property
    def failures(self) -> list[runner.Failure]:
        return self.result.failures

    def summary_text(self) -> str:
        r = self.result
        lines = [
            f"reports: {len(r.built)} built, {len(r.skipped)} up to date, {len(r.failures)} failed"
        ]
        lines += [f"  wrote {p}" for p in self.extra_written]
        if r.failures:
            lines.append("failures:")
            for f in r.failures:
                lines.append(f"  - {f.key}: {f.message}")
                if f.executed:
                    lines.append(f"    executed notebook (shows the error): {f.executed}")
        return "\n".join(lines)


def build_all(
    data: str | Path | None = None,
    years: Sequence[int] | None = None,
    units: Sequence[str] | None = None,
    lang: str = "zh",
    formats: Sequence[str] = FORMATS,
    workers: int = 2,
    force: bool = False,
    progress: bool = True,
    kinds: Sequence[str] = runner.KINDS,
) -> Outcome:
    """Build the reports of ``kinds`` (:data:`runner.KINDS`; default all), then the index."""
    from luoyang_analysis.exceptions import ParameterError

    lang = i18n.check_lang(lang)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ParameterError(f"unknown format(s) {', '.join(bad)}; use html and/or pdf.")
    bad = [k for k in kinds if k not in runner.KINDS]
    if bad or not kinds:
        raise ParameterError(
            f"unknown report kind(s) {', '.join(bad) or '(none)'}; use one or more of "
            f"{', '.join(runner.KINDS)}."
        )
    if units and "yearly" not in kinds:
        # The other kinds are the city's or every unit's at once; with --unit they would
        # be left out and the run would end with "0 built" and no reason.
        raise ParameterError(
            f"the report kind(s) {', '.join(kinds)} are built with the full batch only "
            "(every unit at once); leave out --unit (UNITS=), or ask for the yearly kind."
        )
    data_path = processed.resolve_data(data)
    # A changed delivery almost always means reports to rebuild: the workers start while
    # it is read and checked (~1 s of a one-county revision). Not for a batch of one
    # report (one unit, one year), which runs in this process, as always.
    several = not units or len(units) * len(years or [None]) > 1
    early = workers > 1 and several and not processed.is_current(data_path)
    with runner.Workers(workers, formats).start() if early else contextlib.nullcontext() as started:
        observations, manifest = processed.load(data_path)
        if not years:
            years = [int(observations["year"].max())]
        jobs = runner.plan(
            observations,
            manifest,
            data_path,
            years,
            units,
            lang,
            formats,
            include_overviews=not units,
            include_kinds=kinds,
        )
        # the 扶持资金测算 is the city's, one per year
        subsidies = "subsidies" in kinds and not units
        if subsidies:
            jobs += [
                runner.subsidies_job(data_path, manifest, int(y), lang, formats) for y in years
            ]
        from concurrent.futures import ThreadPoolExecutor

        from luoyang_analysis.batch import summaries

        # The summary workbooks do not depend on the reports: write them while the
        # workers run (this process only waits for them); the index comes last, with
        # the same gap tables.
        gaps_of = summaries.gaps_by_year(observations)
        with ThreadPoolExecutor(max_workers=1) as side:
            pending = side.submit(
                lambda: (
                    [
                        p
                        for y in (years if "yearly" in kinds else ())
                        for p in summaries.write_summary_workbook(
                            observations, manifest, int(y), lang, data_path, gaps_of
                        )
                    ]
                    + [
                        p
                        for y in (years if subsidies else ())
                        for p in summaries.write_subsidies_workbook(
                            data_path, manifest, int(y), lang
                        )
                    ]
                )
            )
            result = runner.run(
                jobs, formats, workers=workers, progress=progress, force=force, started=started
            )
            written: list[Path] = pending.result()
        written += summaries.write_index(observations, manifest, lang, gaps_of)
    root = paths.reports_dir()
    return Outcome(result, [f"{root.name}/{p.relative_to(root).as_posix()}" for p in written])


__all__ = ["build_all", "Outcome"]
