"""The ``luoyang`` command (also ``python -m luoyang_analysis``): its arguments and ``main``.

Analyst-facing errors (:class:`LuoyangError`) print one clear message and exit
with status 1; there is no traceback for a data or parameter mistake. The
subcommands' work is in :mod:`luoyang_analysis.cli.commands`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from luoyang_analysis import __version__, i18n
from luoyang_analysis.cli.commands import (
    KEEP_GOING_HELP,
    cmd_bulletin,
    cmd_diff,
    cmd_gaps,
    cmd_policy,
    cmd_process,
    cmd_reports,
    cmd_sql,
    cmd_subsidies,
    cmd_targets,
    cmd_template,
    cmd_units,
    cmd_validate,
)
from luoyang_analysis.deliveries.register_contract import KINDS
from luoyang_analysis.exceptions import LuoyangError, shown


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luoyang",
        description="Targets of 洛政办〔2017〕78号 and reports on how far Luoyang's units stand from them.",
    )
    parser.add_argument("--version", action="version", version=f"luoyang-analysis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "targets", help="list the target catalogue, or check it against the source text"
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--plan", choices=("capacity", "green", "smart", "techup"))
    p.add_argument("--year", type=int)
    p.add_argument(
        "--check",
        action="store_true",
        help="list the source's internal conflicts and check the catalogue's integrity",
    )
    p.add_argument("--lang", choices=i18n.LANGS, default="zh", help="language of --check output")
    p.add_argument("--catalogue", help="another catalogue YAML (default: the packaged one)")
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser("policy", help="list the support rules' parameters, or check the rules")
    p.add_argument(
        "--check",
        action="store_true",
        help="check every quote against the source text and list the open points",
    )
    p.add_argument("--lang", choices=i18n.LANGS, default="zh")
    p.add_argument("--policy", help="another policy YAML (default: the packaged one)")
    p.set_defaults(func=cmd_policy)

    p = sub.add_parser(
        "subsidies", help="what the support rules commit the city to: per project, county, year"
    )
    p.add_argument(
        "--year", type=int, help="assess as at the end of this year (default: every date)"
    )
    p.add_argument("--unit", help="only this county's items (unit code, e.g. 410381)")
    p.add_argument("--format", choices=("table", "csv", "xlsx"), default="table")
    p.add_argument("--out", help="the .xlsx file to write (with --format xlsx)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="RULE.PARAM=VALUE",
        help="change a parameter for this run, e.g. equipment.rate=0.25 (repeatable)",
    )
    p.add_argument("--params", help="a YAML file of parameters (equipment.rate: 0.25)")
    p.add_argument("--data", help="a delivery whose registers/ to read (default: the newest)")
    p.add_argument("--projects", help="a projects register file (.csv or .xlsx)")
    p.add_argument("--first-sets", help="a file of 首台（套） sales (.csv or .xlsx)")
    p.add_argument("--lang", choices=i18n.LANGS, default="zh")
    p.set_defaults(func=cmd_subsidies)

    p = sub.add_parser("units", help="list the county-level units (GB/T 2260)")
    p.add_argument("--year", type=int, help="only units that existed in this year (e.g. 2017)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--extra", help="a CSV of extra units (functional zones), same columns")
    p.set_defaults(func=cmd_units)

    p = sub.add_parser(
        "gaps", help="targets, actuals, gaps, completion and status for a unit (or all) and year"
    )
    p.add_argument("--unit", help="unit code, e.g. 410381")
    p.add_argument("--all", action="store_true", help="every unit of the data, the city first")
    p.add_argument("--year", type=int, required=True)
    p.add_argument(
        "--data", help="a delivery folder under data/raw/ or a file (default: the newest)"
    )
    p.add_argument(
        "--allocations", help="CSV of county targets: unit_code,indicator_id,year,target_value"
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_gaps)

    p = sub.add_parser("validate", help="check raw data files or deliveries; all problems at once")
    p.add_argument(
        "paths", nargs="*", help="files or folders (default: the newest delivery under data/raw/)"
    )
    p.add_argument("--keep-going", action="store_true", help=KEEP_GOING_HELP)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "sql", help="run an SQL query on a delivery's database (registers and observations)"
    )
    p.add_argument("query", help='e.g. "SELECT * FROM named_counts WHERE year = 2017"')
    p.add_argument("--data", help="a folder under data/raw/ or a file (default: the newest)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("process", help="validate a delivery and write data/processed/<delivery>/")
    p.add_argument("--data", help="a folder under data/raw/ or a file (default: the newest)")
    p.add_argument("--keep-going", action="store_true", help=KEEP_GOING_HELP)
    p.set_defaults(func=cmd_process)

    p = sub.add_parser(
        "diff", help="list every value that changed, appeared or disappeared between two deliveries"
    )
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument(
        "--statuses", action="store_true", help="also list the assessed statuses that changed"
    )
    p.add_argument(
        "--lang",
        choices=i18n.LANGS,
        default="zh",
        help="language of the status labels in the table (csv and json keep the codes)",
    )
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser(
        "template", help="write the wide Excel fill-in form for one unit, or a register form"
    )
    p.add_argument("--unit", help="unit code, e.g. 410381")
    p.add_argument(
        "--register",
        choices=KINDS,
        help="write the form of this register instead",
    )
    p.add_argument("--lang", choices=i18n.LANGS, default="zh")
    p.add_argument("out", help="the .xlsx file to write")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("reports", help="build the reports into reports/ (what `make reports` runs)")
    p.add_argument(
        "--year",
        type=int,
        action="extend",
        nargs="+",
        help="year(s); default: the latest in the data",
    )
    p.add_argument(
        "--unit",
        action="extend",
        nargs="+",
        help="unit code(s); default: the city and every county",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: all cores)",
    )
    p.add_argument("--formats", default="html,pdf", help="comma-separated: html,pdf")
    p.add_argument("--lang", choices=i18n.LANGS, default="zh")
    p.add_argument(
        "--data", help="a delivery folder under data/raw/ or a file (default: the newest)"
    )
    p.add_argument(
        "--force", action="store_true", help="rebuild even reports whose inputs did not change"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--kinds",
        default="all",
        help="comma-separated report kinds (default: all): yearly (the units' reports, the "
        "targets overview, summary.xlsx), departments, final, subsidies (these three only "
        "without --unit)",
    )
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser(
        "bulletin",
        help="the half-yearly bulletin on the counties' key projects (reports/bulletins/)",
    )
    p.add_argument("--period", required=True, help="a half-year: 2018H1 or 2018H2")
    p.add_argument("--formats", default="html,pdf", help="comma-separated: html,pdf")
    p.add_argument("--lang", choices=i18n.LANGS, default="zh")
    p.add_argument(
        "--data", help="a delivery folder under data/raw/ or a file (default: the newest)"
    )
    p.add_argument("--force", action="store_true", help="rebuild even if its inputs did not change")
    p.set_defaults(func=cmd_bulletin)
    return parser


def _release_process_pool_semaphores() -> None:
    """Unlink the named semaphores of a dropped process pool before ``os._exit``.

    A normal exit runs multiprocessing's exit-time finalizers, which unlink them and tell
    the resource tracker; ``os._exit`` skips them, and the tracker, left holding the
    names, warns on the analyst's terminal of "leaked semaphore objects". The finalizers
    of priority >= 0 are that clean-up and the closing of the pool's queue; none joins a
    thread or waits for a worker (the queue's join has priority -5, the workers' joins are
    atexit hooks, both still skipped).
    """
    util = sys.modules.get("multiprocessing.util")
    if util is not None:  # never imported: no pool, nothing to release
        # private, but the very call multiprocessing's own exit hook makes first
        util._run_finalizers(0)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LuoyangError as exc:
        print(f"luoyang: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `luoyang targets | head`
        return 0
    except KeyboardInterrupt:
        # Ctrl-C or a SIGINT to this process alone: one line, no traceback, and no wait for
        # pool threads at interpreter exit (workers stop themselves when we are gone).
        print(
            "luoyang: interrupted; finished outputs are complete, run the same command again "
            "to build the rest",
            file=sys.stderr,
        )
        sys.stderr.flush()
        _release_process_pool_semaphores()
        os._exit(130)
    except OSError as exc:  # disk full, no permission, a folder where a file should be …
        where = f" ({shown(exc.filename)})" if exc.filename else ""
        print(f"luoyang: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
