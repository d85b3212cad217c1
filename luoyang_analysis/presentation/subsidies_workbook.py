"""subsidies.xlsx, the subsidy estimate's workbook: every item, numbers as numbers.

The report (:mod:`luoyang_analysis.presentation.subsidies`) lists the largest items and
sends its reader here for the rest; this module writes the sheets from the same
:class:`~luoyang_analysis.presentation.subsidies.Estimate` and display tables, with
text kept as text (never a formula) and fixed times, so the same estimate gives the
same bytes.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd

from luoyang_analysis import i18n, provenance
from luoyang_analysis.files import fixed_zip_times
from luoyang_analysis.gaps import subsidies as calc
from luoyang_analysis.presentation.subsidies import Estimate, display, parameters_table

_FORMULA_START = ("=", "+", "-", "@")


def _cell_value(value):
    if isinstance(value, Decimal):
        return float(value)  # a number in the sheet; 0.01 万元 is far inside a double's precision
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value


def _sheet(wb, title: str, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(title)
    ws.append([str(c) for c in frame.columns])
    for r, row in enumerate(frame.itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=_cell_value(value))
            if isinstance(value, str) and value.startswith(_FORMULA_START):
                cell.data_type = "s"  # text as typed, never a formula
    ws.freeze_panes = "A2"


def workbook_bytes(est: Estimate, about: list[tuple[str, str]] = ()) -> bytes:
    """subsidies.xlsx: totals by rule, county and year, every item, the parameters, provenance."""
    from openpyxl import Workbook

    lang = est.lang
    t = i18n.group("subsidies", lang)
    wb = Workbook()
    wb.remove(wb.active)
    if est.entitlements is None:
        _sheet(wb, t["sheet_about"], pd.DataFrame({"": [t["no_register"]]}))
    else:
        rows = est.entitlements
        for key, frame in (
            ("sheet_rules", calc.totals(rows, "rule_id")),
            ("sheet_counties", calc.totals(rows, "county_code")),
            ("sheet_years", calc.by_year(rows, est.settings)),
            ("sheet_items", rows),
        ):
            _sheet(wb, t[key], display(frame, lang, sheet=True))
    params = parameters_table(est.settings, lang)
    if params.empty:  # a header over nothing read as a sheet left blank by mistake
        params.loc[0] = [t["parameters_same"], "", ""]
    _sheet(wb, t["sheet_parameters"], params)
    _sheet(wb, t["sheet_provenance"], pd.DataFrame(list(about), columns=["item", "value"]))
    wb.properties.created = provenance.generation_time().replace(tzinfo=None)
    wb.properties.modified = wb.properties.created  # the same content gives the same bytes
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip_times(buf.getvalue())
