"""What each subcommand of ``luoyang`` does: one ``cmd_*`` function per subcommand.

Each takes the parsed arguments and returns the exit status; analyst-facing errors
propagate as :class:`LuoyangError` for :func:`luoyang_analysis.cli.main` to print.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.exceptions import shown

if TYPE_CHECKING:  # the command imports the deliveries only when it runs
    from luoyang_analysis.deliveries.processed import Delivery


def _emit(frame: pd.DataFrame, fmt: str, table_columns: list[str] | None = None) -> None:
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n", float_format="%.10g")
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        view = frame[table_columns] if table_columns else frame
        with pd.option_context(
            "display.unicode.east_asian_width",
            True,
            "display.max_rows",
            None,
            "display.max_columns",
            None,
            "display.width",
            200,
            "display.max_colwidth",
            40,
        ):
            print(view.astype(object).where(view.notna(), "").to_string(index=False))


def cmd_targets(args: argparse.Namespace) -> int:
    from luoyang_analysis.catalogue.targets import check_catalogue, format_check, load_catalogue

    catalogue = load_catalogue(args.catalogue) if args.catalogue else load_catalogue()
    if args.check:
        result = check_catalogue(catalogue)
        print(format_check(result, args.lang))
        return 0 if result.ok else 1
    frame = catalogue.to_frame(plan=args.plan, year=args.year)
    if frame.empty:
        print("no targets match", file=sys.stderr)
        return 1
    _emit(
        frame,
        args.format,
        [
            "indicator_id",
            "year",
            "target_value",
            "unit_of_measure",
            "comparison",
            "accumulation",
            "deadline",
            "responsible_units",
        ],
    )
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    from luoyang_analysis.catalogue.units import KIND_ZH, load_units, units_in

    units = load_units(args.extra)
    listed = (
        units_in(args.year, units) if args.year else sorted(units.values(), key=lambda u: u.code)
    )
    frame = pd.DataFrame(
        [
            {
                "code": u.code,
                "name_zh": u.name_zh,
                "name_en": u.name_en,
                "kind": u.kind,
                "kind_zh": KIND_ZH[u.kind],
                "valid_from": u.valid_from,
                "valid_to": u.valid_to,
                "successor": u.successor,
                "note": u.note,
            }
            for u in listed
        ]
    )
    for col in ("valid_from", "valid_to"):
        frame[col] = frame[col].astype("Int64")
    _emit(frame, args.format)
    return 0


def cmd_reports(args: argparse.Namespace) -> int:
    from luoyang_analysis import paths
    from luoyang_analysis.batch import build as batch
    from luoyang_analysis.exceptions import ParameterError

    reports = paths.reports_dir()
    if reports.exists() and not reports.is_dir():
        raise ParameterError(
            f"the reports folder {shown(reports)} is not a folder; "
            "set LUOYANG_REPORTS to a folder (or unset it to use reports/)."
        )

    _folder_warnings()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    outcome = batch.build_all(
        data=args.data,
        years=args.year,
        units=args.unit,
        lang=args.lang,
        formats=formats,
        workers=args.jobs,
        force=args.force,
        progress=not args.quiet,
        **({} if kinds == ["all"] else {"kinds": kinds}),
    )
    print(outcome.summary_text())
    return 0 if not outcome.failures else 1


def cmd_bulletin(args: argparse.Namespace) -> int:
    from luoyang_analysis.batch import kinds

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    outcome = kinds.build_bulletin(args.period, args.data, args.lang, formats, args.force)
    print(outcome.summary_text())
    return 0 if not outcome.failures else 1


def cmd_gaps(args: argparse.Namespace) -> int:
    from luoyang_analysis import gaps
    from luoyang_analysis.catalogue.units import get_unit
    from luoyang_analysis.deliveries import processed
    from luoyang_analysis.exceptions import ParameterError

    observations, manifest = processed.load(args.data)
    allocations = gaps.load_allocations(args.allocations) if args.allocations else None
    if allocations is not None:
        for problem in gaps.check_allocations(allocations).itertuples():
            print(
                f"allocation {problem.indicator_id} {problem.year}: {problem.message}",
                file=sys.stderr,
            )
    years = sorted(set(observations["year"]))
    if args.year not in years:
        raise ParameterError(f"year {args.year} is not in the data ({years[0]}–{years[-1]}).")
    if args.all:
        frame = gaps.compute_all(observations, args.year, allocations=allocations)
    elif args.unit:
        frame = gaps.compute_gaps(
            observations, get_unit(args.unit).code, args.year, allocations=allocations
        )
    else:
        raise ParameterError("give --unit CODE or --all.")
    if manifest.get("illustrative"):
        print(
            "示例数据：based on the bundled illustrative sample, not official statistics",
            file=sys.stderr,
        )
    _emit(
        frame,
        args.format,
        [
            "unit_code",
            "indicator_id",
            "name_zh",
            "target_year",
            "target_value",
            "actual_value",
            "gap",
            "completion_rate",
            "status_zh",
            "expected_value",
            "required_annual_pace",
        ],
    )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from luoyang_analysis.deliveries.processed import build_delivery, read_delivery, resolve_data
    from luoyang_analysis.deliveries.raw import Issue
    from luoyang_analysis.exceptions import DataError, ParameterError

    _folder_warnings()
    issues = []
    for target in args.paths or [None]:
        try:
            data = resolve_data(target)
            if args.keep_going:  # writes the valid part, as `process --keep-going`
                folder, delivery = build_delivery(data, keep_going=True)
            else:
                delivery = read_delivery(data)
        except ParameterError as exc:  # a missing path is one more problem, not the only one
            issues.append(Issue(shown(target or "data/raw"), str(exc)))
            continue
        except DataError as exc:
            issues += exc.issues  # go on: every path's problems are reported at once
            continue
        clean = delivery.observations
        for warning in delivery.warnings:
            print(f"warning: {warning}")
        if delivery.left_out:
            print("\n".join(delivery.partial_lines(folder)))
        else:
            files = delivery.files
            print(f"{shown(data)}: {len(files)} file(s), {len(clean)} observations, no problems")
        _register_warnings(delivery, sys.stdout)
    if issues:
        raise DataError(issues)
    return 0


def _folder_warnings() -> None:
    """Folders under data/raw/ that are not read because of their name, one line each."""
    from luoyang_analysis.deliveries.processed import folder_warnings

    for warning in folder_warnings():
        print(f"warning: {warning}", file=sys.stderr)


def _register_warnings(delivery: Delivery, stream: TextIO) -> None:
    """Warnings that do not stop processing: moved enterprises, reported totals against names.
    Shared by validate and process, so that both say the same about the same delivery."""
    from luoyang_analysis.deliveries.registers import in_memory
    from luoyang_analysis.gaps.registers import discrepancies

    observations, registers = delivery.observations, delivery.registers
    for issue in registers.warnings:  # a register with its header only is not present
        print(f"warning: {issue}", file=stream)
    if not any(registers.present(k) for k in registers.frames):
        return
    con = in_memory(observations, registers)  # reads the frames in memory, writes no file
    for message in discrepancies(observations, con)["message"]:
        print(f"warning: discrepancy {message}", file=stream)
    con.close()


def cmd_sql(args: argparse.Namespace) -> int:
    from luoyang_analysis.deliveries.registers import query

    _emit(query(args.query, args.data), args.format)
    return 0


def cmd_process(args: argparse.Namespace) -> int:
    from luoyang_analysis.deliveries.processed import build_delivery

    _folder_warnings()
    folder, delivery = build_delivery(args.data, keep_going=args.keep_going)
    for warning in delivery.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _register_warnings(delivery, sys.stderr)  # stdout keeps the folder as its last line
    if delivery.left_out:
        print("\n".join(delivery.partial_lines(folder)))
    print(folder)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from luoyang_analysis.deliveries.revisions import diff
    from luoyang_analysis.gaps.revisions import status_changes

    frame = diff(args.old, args.new)
    if frame.empty:
        print("no differences", file=sys.stderr)
        return 0
    _emit(frame, args.format)
    if args.statuses:
        changes = status_changes(args.old, args.new)
        if args.format == "table":
            print(f"\n{len(changes)} status change(s):")
            # A reader's table shows the labels; csv and json keep the codes for scripts.
            for col in ("old_status", "new_status"):
                changes[col] = changes[col].map(
                    lambda s: i18n.status_label(s, args.lang), na_action="ignore"
                )
        if not changes.empty:
            _emit(changes, args.format)
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from luoyang_analysis.deliveries.template import write_register_template, write_template
    from luoyang_analysis.exceptions import ParameterError

    if args.register:
        print(write_register_template(args.register, Path(args.out), lang=args.lang))
    elif args.unit:
        print(write_template(args.unit, Path(args.out), lang=args.lang))
    else:
        raise ParameterError("give --unit CODE (statistics) or --register KIND (a register).")
    return 0


def cmd_policy(args: argparse.Namespace) -> int:
    from luoyang_analysis.catalogue.policy import check_policy, format_policy_check, load_policy

    policy = load_policy(args.policy) if args.policy else load_policy()
    if args.check:
        result = check_policy(policy)
        print(format_policy_check(result, policy, args.lang))
        return 0 if result.ok else 1
    frame = pd.DataFrame(
        [
            {"parameter": k, "value": "" if p.value is None else str(p.value), "open": p.open}
            for k, p in policy.parameters.items()
        ]
    )
    _emit(frame, "table")
    return 0


def cmd_subsidies(args: argparse.Namespace) -> int:
    from luoyang_analysis.catalogue.units import CITY_CODE, get_unit
    from luoyang_analysis.deliveries.processed import resolve_data
    from luoyang_analysis.exceptions import ParameterError
    from luoyang_analysis.gaps import subsidies as calc
    from luoyang_analysis.presentation import subsidies as report

    data = None if (args.projects or args.first_sets) and not args.data else resolve_data(args.data)
    est = report.setup(
        args.year,
        args.lang,
        data,
        args.projects or "",
        args.first_sets or "",
        args.set,
        args.params or "",
    )
    if est.entitlements is None:
        raise ParameterError(i18n.text("subsidies.no_register", args.lang))
    rows = est.entitlements
    county = bool(args.unit) and get_unit(args.unit).code != CITY_CODE
    if county:
        rows = calc.for_county(rows, get_unit(args.unit).code)
        est = report.Estimate(est.year, est.lang, est.settings, rows, est.inputs)
    if args.format == "xlsx":
        if not args.out:
            raise ParameterError("--format xlsx writes a file: give --out FILE.xlsx.")
        from luoyang_analysis.files import atomic_write_bytes
        from luoyang_analysis.presentation.subsidies_workbook import workbook_bytes

        atomic_write_bytes(Path(args.out), workbook_bytes(est))
        print(args.out)
        return 0
    if args.format == "csv":
        _emit(calc.as_text(rows), "csv")
        return 0
    differences = report.parameters_table(est.settings, args.lang)
    if not differences.empty:
        _emit(differences, "table")
        print()
    for by in ("rule_id", "county_code"):
        _emit(report.display(calc.totals(rows, by), args.lang), "table")
        print()
    # The budget is the city's: one county's outlays are not set against it.
    _emit(report.display(calc.by_year(rows, est.settings, not county), args.lang), "table")
    print()
    # The terminal is narrow: the item's id stands for it (its names are in the csv and xlsx).
    narrow = rows.drop(columns=["item_name", "enterprise_uscc", "enterprise_name"])
    _emit(report.display(narrow, args.lang), "table")
    return 0


KEEP_GOING_HELP = (
    "write the valid rows to data/processed/<delivery>/ even if some are refused; "
    "left_out.csv lists what was left out and the manifest says partial: true"
)
