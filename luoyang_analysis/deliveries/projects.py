"""The inputs of the subsidy estimate: the projects register and the 首台（套） sales, typed.

The column names are those of the projects register (``register_contract``) plus
the policy's own (:data:`PROJECT_COLUMNS`, :data:`FIRST_SET_COLUMNS`); the calculator
(:mod:`luoyang_analysis.gaps.subsidies`) reads only these. Optional columns
(:data:`PROJECT_OPTIONAL`) may be absent and then mean "no" or nothing. Every problem is
reported at once with file, row and column, as for observations.

Money in 万元 becomes :class:`decimal.Decimal` from its text (no binary rounding);
dates are ISO (YYYY-MM-DD); yes/no cells accept 是/否, true/false, 1/0, yes/no.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from luoyang_analysis import paths
from luoyang_analysis.deliveries.raw import Issue
from luoyang_analysis.deliveries.register_contract import (
    FIRST_SET_LEVEL,
    FLAG_NO,
    FLAG_YES,
    ROLES,
)
from luoyang_analysis.exceptions import DataError, ParameterError
from luoyang_analysis.provenance import display_path

#: What a bad input stops here (DataError's default speaks of data/processed/, not written here).
NOT_ESTIMATED = "the subsidies were not estimated: correct the file(s) named and estimate again"

MONEY, DATE, FLAG, YEAR, TEXT = "money", "date", "flag", "year", "text"

#: The projects register (技术改造项目库): column -> kind. Required unless in PROJECT_OPTIONAL.
PROJECT_COLUMNS: dict[str, str] = {
    "project_id": TEXT,
    "name": TEXT,
    "uscc": TEXT,
    "county_code": TEXT,
    "category": TEXT,
    "total_investment": MONEY,
    "equipment": MONEY,  # 设备（设计、研发、生产、检测、监测等）
    "software": MONEY,
    "technology": MONEY,
    "start_date": DATE,
    "completion_date": DATE,  # 完工 (planned, while the project is not completed)
    "commissioning_date": DATE,  # 投产 (planned, while the project is not in production)
    "status": TEXT,
    # The columns the policy needs beyond the register of issue 12:
    "enterprise_name": TEXT,
    "special_major": FLAG,  # 特别重大技术改造项目 (一事一议)
    "national_funding": MONEY,  # 国家工业强基工程 grant
    "national_funding_year": YEAR,
    "green_demo": FLAG,  # 重大节能、节水、清洁生产和基础工艺绿色化改造示范项目
    "smart": FLAG,  # 重点企业建设智能车间、智能工厂
}
PROJECT_OPTIONAL = (
    "category",
    "status",
    "equipment",
    "software",
    "technology",
    "start_date",
    "enterprise_name",
    "special_major",
    "national_funding",
    "national_funding_year",
    "green_demo",
    "smart",
)

#: 首台（套） sales: one row per unit in the city that made (maker) or bought and uses
#: (buyer) one province-certified piece of equipment; the two rows of one sale share sale_id.
FIRST_SET_COLUMNS: dict[str, str] = {
    "sale_id": TEXT,
    "uscc": TEXT,
    "enterprise_name": TEXT,
    "county_code": TEXT,
    "role": TEXT,  # ROLES
    "product": TEXT,
    "province_certified": FLAG,
    "year": YEAR,  # the year of the sale
    "sales_price": MONEY,
}
FIRST_SET_OPTIONAL = ("enterprise_name", "product")


def _money(text: str) -> Decimal | None:
    if text == "":
        return None
    number = Decimal(text.replace(",", ""))
    if not number.is_finite() or number < 0:
        raise ValueError
    return number


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _flag(text: str) -> bool:
    low = text.lower()
    if low in FLAG_YES:
        return True
    if low in FLAG_NO:
        return False
    raise ValueError


def _year(text: str) -> int | None:
    if text == "":
        return None
    year = int(float(text))
    if not 2000 <= year <= 2100:
        raise ValueError
    return year


PARSERS: dict[str, tuple[Callable[[str], object], str]] = {
    MONEY: (_money, "write a number of 万元, 0 or more, e.g. 400 or 123.45"),
    DATE: (_date, "write the date as YYYY-MM-DD"),
    FLAG: (_flag, "write 是 or 否 (or true/false, 1/0)"),
    YEAR: (_year, "write a year such as 2018"),
    TEXT: (str, ""),
}


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def prepare(
    frame: pd.DataFrame, columns: dict[str, str], optional: tuple[str, ...], label: str
) -> pd.DataFrame:
    """The table with typed cells; a :class:`DataError` naming every bad cell at once.

    Rows are numbered as in a spreadsheet with one header line (the first data row is 2).
    Missing optional columns are added empty; extra columns are kept.
    """
    issues: list[Issue] = []
    missing = [c for c in columns if c not in frame.columns and c not in optional]
    if missing:
        issue = Issue(
            label, f"missing column(s) {', '.join(missing)}", "add them to the header row"
        )
        raise DataError([issue], NOT_ESTIMATED)
    out = frame.copy()
    for name, kind in columns.items():
        parse, fix = PARSERS[kind]
        cells = frame[name] if name in frame.columns else pd.Series([""] * len(frame))
        typed = []
        for i, raw in zip(frame.index, cells, strict=True):
            text = _cell(raw)
            try:
                typed.append(parse(text))
            except (ValueError, InvalidOperation):
                typed.append(None)
                issues.append(
                    Issue(label, f"{text!r} is not a valid {kind}", fix, row=i + 2, column=name)
                )
        out[name] = pd.Series(typed, index=frame.index, dtype=object)
    issues += _row_rules(out, columns, label)
    if issues:
        raise DataError(issues, NOT_ESTIMATED)
    return out.reset_index(drop=True)


def _row_rules(out: pd.DataFrame, columns: dict[str, str], label: str) -> list[Issue]:
    issues = []
    key = "project_id" if "project_id" in columns else None
    if key:
        dup = out[key].duplicated(keep=False) & (out[key] != "")
        for i in out.index[dup]:
            issues.append(
                Issue(
                    label,
                    f"project id {out.at[i, key]!r} appears twice",
                    "give each project one row",
                    row=i + 2,
                    column=key,
                )
            )
        for i, r in out.iterrows():
            if r["national_funding"] and r["national_funding_year"] is None:
                issues.append(
                    Issue(
                        label,
                        "a 强基 grant without its year",
                        "give national_funding_year",
                        row=i + 2,
                        column="national_funding_year",
                    )
                )
            done, start = r["commissioning_date"], r["start_date"]
            if done and start and done < start:
                issues.append(
                    Issue(
                        label,
                        "commissioned before it started",
                        "check the dates",
                        row=i + 2,
                        column="commissioning_date",
                    )
                )
    else:
        for i, r in out.iterrows():
            if r["role"] not in ROLES:
                issues.append(
                    Issue(
                        label,
                        f"role {r['role']!r} is not maker or buyer",
                        "write maker (研制) or buyer (购买使用)",
                        row=i + 2,
                        column="role",
                    )
                )
            else:
                out.at[i, "role"] = ROLES[r["role"]]
    return issues


def read_table(
    path: Path | str, columns: dict[str, str], optional: tuple[str, ...]
) -> pd.DataFrame:
    """A CSV (UTF-8) or .xlsx file of projects or 首台（套） sales, typed by :func:`prepare`."""
    from luoyang_analysis.deliveries.register_read import read_table_file

    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"{path}: the file does not exist.")
    label = given_name(path)
    table, issues = read_table_file(path, label)
    if not issues and not (table and any(table[0])):
        issues = [Issue(label, "the file has no header row", "the first row names the columns")]
    header = [str(h).strip() for h in table[0]] if table else []
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:  # the program does not choose between two columns of one name
        issues.append(Issue(label, f"column(s) {', '.join(twice)} named twice", "keep one"))
    if issues:
        raise DataError(issues, NOT_ESTIMATED)
    # Index = spreadsheet row - 2, so that prepare() names each row as the analyst sees it.
    lines = [(i, row) for i, row in enumerate(table[1:]) if any(row)]
    frame = pd.DataFrame(
        [row + [""] * (len(header) - len(row)) for _, row in lines],
        columns=header,
        index=[i for i, _ in lines],
        dtype=object,
    )
    return prepare(frame, columns, optional, label)


def given_name(path: Path) -> str:
    """How problems name a file given to a command: from the project root when inside it,
    else as given (display_path would give its bare name, which says not where it is)."""
    if path.resolve().is_relative_to(paths.project_root().resolve()):
        return display_path(path)
    return str(path)


def read_projects(path: Path | str) -> pd.DataFrame:
    return read_table(path, PROJECT_COLUMNS, PROJECT_OPTIONAL)


def read_first_sets(path: Path | str) -> pd.DataFrame:
    return read_table(path, FIRST_SET_COLUMNS, FIRST_SET_OPTIONAL)


def delivery_inputs(
    data: Path,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, dict[int, Decimal]]:
    """What a delivery's registers give the estimate: the projects register and the 首台（套）
    sales, typed (None where absent), and the budget set aside per year (三（一）; {} if absent).

    The policy columns (特别重大, 强基 grant and year, green/smart flags) are optional in the
    register contract; where a delivery leaves them out they read "no". Enterprise names come
    from the enterprises register, the one place a delivery writes them.
    """
    from luoyang_analysis.deliveries.registers import load_registers

    registers = load_registers(Path(data))
    if registers.errors:
        raise DataError(registers.errors, NOT_ESTIMATED)
    names = _names(registers.frames["enterprises"])
    table = None
    if registers.present("projects"):
        frame = registers.frames["projects"]
        frame = frame.assign(enterprise_name=frame["uscc"].map(names))
        table = prepare(frame, PROJECT_COLUMNS, PROJECT_OPTIONAL, "projects")
    sales = None
    if registers.present("first_sets"):
        sales = _sales(registers.frames["first_sets"], names)
    # A register amount is the float of the figure as written; its shortest repr is that text.
    budget = {
        int(r.year): Decimal(repr(float(r.amount)))
        for r in registers.frames["budget"].itertuples(index=False)
    }
    return table, sales, budget


def _names(enterprises: pd.DataFrame) -> dict[str, str]:
    return dict(zip(enterprises["uscc"], enterprises["name"], strict=True))


def _sales(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The validated first_sets register as the calculator's 首台（套） table: certified when
    the level is 省, due in the year of the sale."""
    table = pd.DataFrame(
        {
            "sale_id": frame["sale_id"],
            "uscc": frame["uscc"],
            "enterprise_name": frame["uscc"].map(names),
            "county_code": frame["county_code"],
            "role": frame["role"],
            "product": frame["product"],
            "province_certified": ["是" if v == FIRST_SET_LEVEL else "否" for v in frame["level"]],
            "year": [d.year for d in frame["sale_date"]],
            "sales_price": frame["sales_price"],
        }
    )
    return prepare(table, FIRST_SET_COLUMNS, FIRST_SET_OPTIONAL, "first_sets")


def delivery_projects(data: Path) -> pd.DataFrame | None:
    """The projects register of a delivery, typed; None if absent (see :func:`delivery_inputs`)."""
    return delivery_inputs(data)[0]
