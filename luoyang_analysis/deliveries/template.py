"""Excel workbooks: the wide fill-in form (one sheet per unit) and the long form.

Spreadsheets are data, never code: only ``.xlsx`` is accepted (macro-enabled
``.xlsm`` is refused), cells are read as stored and a formula is refused with a
message to paste values, so nothing in a file is ever evaluated.

Wide form layout (what ``luoyang template`` writes), per sheet:

- ``A1`` = ``unit_code``, ``B1`` = the unit's code, ``C1`` = its name;
- a header row whose column A is ``indicator_id``, followed by the name, unit of
  measure and counting-rule columns, then one column per year (2016, 2017, …);
- one row per indicator below it; empty cells mean "not reported"; a cell may say
  what the figure is (``未公开``, ``≥5``, ``约1800``: read into value and qualifier).

A second sheet, :data:`LONG_SHEET`, is the long form with every column of the contract,
for figures that need their qualifier, kind of source, date or base period, with
dropdowns (Excel data validation) for ``qualifier`` and ``source_kind``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from luoyang_analysis import i18n
from luoyang_analysis.catalogue import units as units_mod
from luoyang_analysis.deliveries.contract import (
    FIRST_YEAR,
    LAST_YEAR,
    LONG_FORM_COLUMNS,
    data_indicators,
)
from luoyang_analysis.deliveries.qualifiers import QUALIFIERS, SOURCE_KINDS
from luoyang_analysis.exceptions import ParameterError, shown
from luoyang_analysis.files import atomic_write_bytes, fixed_zip_times

HEADER_ID = "indicator_id"
INFO_COLUMNS = ("indicator_id", "指标名称 name", "计量单位 unit", "填报口径 counting rule")
LONG_SHEET = "明细 long"
#: Rows of the long sheet that offer the dropdowns.
LONG_ROWS = 500
#: What each figure column of the long sheet is for (the header cell's note).
LONG_NOTES = {
    "value": "数值；未公开的留空并在 qualifier 选 未公开。The figure; blank when not published.",
    "source": "出处：网址、文号或刊物及日期。Where it was published: URL, document number, paper and date.",
    "note": "原文句子或说明。The sentence it comes from, or a remark.",
    "qualifier": "确数（默认）、不少于（≥、超过）、约数（近、约）、未公开、不适用、初步数、修订数。",
    "source_kind": "统计局/统计公报、部门报送、县区报送、政府工作报告、媒体报道（按可信度排列）。",
    "as_of": "存量的截止日期，如 2021-07-12（该数为当日累计数，而非当年新增）。A stock held at this date.",
    "base_year": "该数的基年，如比2015年下降填 2015。The base year of a level or rate.",
    "period": "期间合计或期间变化，如 2016-2020，year 填末年。A period total; year is its last year.",
}


#: The years a template offers by default: those of the notice's targets.
TEMPLATE_YEARS = range(FIRST_YEAR, 2021)


def template_years(unit: units_mod.Unit) -> list[int]:
    """The default years in which the unit existed; for a unit formed later (偃师区, 2021),
    the years of its existence up to the last year data are accepted for."""
    years = [y for y in TEMPLATE_YEARS if unit.valid_in(y)]
    return years or [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if unit.valid_in(y)]


def write_template(unit_code: str, out: Path, years: range | None = None, lang: str = "zh") -> Path:
    """Write the wide fill-in workbook for one unit (atomic: temp file, then rename)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    unit = units_mod.get_unit(unit_code)
    years = template_years(unit) if years is None else years
    out = _xlsx_path(Path(out), unit.code)
    wb = Workbook()
    ws = wb.active
    ws.title = unit.code
    ws["A1"], ws["B1"], ws["C1"] = "unit_code", unit.code, unit.name_zh
    ws["A2"] = (
        "填报说明：每个指标一行、每年一列；计数类填当年新增数（2016年填期初存量），水平类填当年末水平，"
        "百分比填百分数（20表示20%）。只填数值，不要公式。空白表示未报送。"
    )
    ws["A3"] = (
        "How to fill: one row per indicator, one column per year; counts are the year's new number "
        "(2016 = opening stock), levels are the year-end level, percentages as percent. Values only, no formulas."
    )
    header_row = 5
    header = list(INFO_COLUMNS) + list(years)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F0F4F8")
    for col, value in enumerate(header, start=1):
        cell = ws.cell(row=header_row, column=col, value=value)
        cell.font, cell.fill = bold, fill
    for r, ind in enumerate(data_indicators().values(), start=header_row + 1):
        ws.cell(row=r, column=1, value=ind.id)
        ws.cell(row=r, column=2, value=i18n.field(ind, "name", lang))
        ws.cell(row=r, column=3, value=i18n.field(ind, "unit", lang))
        ws.cell(row=r, column=4, value=i18n.field(ind, "rule", lang)).alignment = Alignment(
            wrap_text=False
        )
    for col, width in zip("ABCD", (36, 40, 14, 50), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=len(INFO_COLUMNS) + 1)
    _long_sheet(wb, lang)
    return _save(wb, out)


def _long_sheet(wb, lang: str) -> None:
    """The long form with every contract column, dropdowns for qualifier and source_kind."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(LONG_SHEET)
    for col, name in enumerate(LONG_FORM_COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=name)
        cell.font = Font(bold=True)
        if name in LONG_NOTES:
            cell.comment = Comment(LONG_NOTES[name], "luoyang-analysis")
        ws.column_dimensions[cell.column_letter].width = max(12, len(name) + 4)
    choices = {
        "qualifier": [i18n.group("qualifier", lang)[q] for q in QUALIFIERS],
        "source_kind": [i18n.group("source_kind", lang)[k] for k in SOURCE_KINDS],
    }
    for name, options in choices.items():
        letter = ws.cell(row=1, column=LONG_FORM_COLUMNS.index(name) + 1).column_letter
        rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        rule.error = "请从下拉列表选择 / choose from the list"
        rule.add(f"{letter}2:{letter}{LONG_ROWS + 1}")
        ws.add_data_validation(rule)
    ws.freeze_panes = "A2"


def _xlsx_path(out: Path, stem: str) -> Path:
    """The file a form is written to; a folder or another suffix is refused, since an .xlsx
    saved as ``f.csv`` would then be refused by validation as not what its name says."""
    if out.is_dir():
        raise ParameterError(
            f"{shown(out)} is a folder; give the .xlsx file to write, e.g. {shown(out / (stem + '.xlsx'))}."
        )
    if out.suffix.lower() != ".xlsx":
        raise ParameterError(
            f"{shown(out)}: the form is an Excel workbook; give a file name ending in .xlsx, "
            f"e.g. {shown(out.with_suffix('.xlsx'))}."
        )
    return out


def _save(wb, out: Path) -> Path:
    import io

    buf = io.BytesIO()
    wb.properties.created = dt.datetime(
        2017, 8, 29
    )  # fixed, so the same template gives the same bytes
    wb.properties.modified = dt.datetime(2017, 8, 29)
    wb.save(buf)
    try:
        atomic_write_bytes(out, fixed_zip_times(buf.getvalue()))
    except OSError as exc:
        raise ParameterError(
            f"cannot write {shown(out)}: {exc.strerror or exc}; choose a folder you can write to."
        ) from None
    return out


def write_register_template(kind: str, out: Path, lang: str = "zh") -> Path:
    """The fill-in form of one register: a sheet named by its kind, the column ids in row 1.

    Each header cell carries a note with the column's label and what to enter, in ``lang``;
    the list, category and equipment names allowed are in the notes of those columns, in
    Chinese, as a delivery writes them.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    from luoyang_analysis.deliveries import register_contract as rc

    out = _xlsx_path(Path(out), kind)
    allowed = {
        "list": "、".join(rc.LISTS),
        "level": "、".join(rc.LEVELS),
        "category": "、".join(rc.CATEGORIES),
        "status": "、".join(rc.STATUSES),
        "equipment": "、".join(rc.EQUIPMENT),
        "role": "研制、购买使用",
    }
    t = i18n.group("register_form", lang)
    wb = Workbook()
    ws = wb.active
    ws.title = kind
    for col, spec in enumerate(rc.REGISTERS[kind], start=1):
        cell = ws.cell(row=1, column=col, value=spec.id)
        cell.font = Font(bold=True)
        text = (
            f"{spec.label(lang)}{t['required'] if spec.required else ''} {spec.help(lang)}".strip()
        )
        if spec.id in allowed:
            text += "\n" + t["allowed"].format(values=allowed[spec.id])
        if spec.kind in ("date", "flag"):
            text += "\n" + t[spec.kind]
        cell.comment = Comment(text, "luoyang-analysis")
        ws.column_dimensions[cell.column_letter].width = max(12, len(spec.id) + 4)
    ws.freeze_panes = "A2"
    return _save(wb, out)
