"""`luoyang template`: the wide fill-in workbook, and its round trip through reading and validation."""

from __future__ import annotations

import time
from pathlib import Path

from openpyxl import load_workbook

from luoyang_analysis.cli import main
from luoyang_analysis.deliveries import raw, validation
from luoyang_analysis.deliveries.contract import ENERGY_INTENSITY, data_indicators
from luoyang_analysis.deliveries.template import INFO_COLUMNS, write_template

HEADER_ROW = 5


def locate(ws) -> tuple[dict[str, int], dict[int, int]]:
    """Row of each indicator id and column of each year, found from the sheet itself."""
    rows = {ws.cell(row=r, column=1).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    cols = {
        ws.cell(row=HEADER_ROW, column=c).value: c
        for c in range(1, ws.max_column + 1)
        if isinstance(ws.cell(row=HEADER_ROW, column=c).value, int)
    }
    return rows, cols


def read_back(path: Path):
    rf = raw.read_file(path)
    assert rf.issues == []
    clean, issues = validation.validate(rf.rows)
    return clean, issues


def test_template_layout(root):
    path = write_template("410381", root / "t.xlsx")
    ws = load_workbook(path).active
    assert ws.title == "410381"
    assert (ws["A1"].value, ws["B1"].value, ws["C1"].value) == ("unit_code", "410381", "偃师市")
    header = [ws.cell(row=HEADER_ROW, column=c).value for c in range(1, ws.max_column + 1)]
    assert header == list(INFO_COLUMNS) + [2016, 2017, 2018, 2019, 2020]
    rows, _ = locate(ws)
    assert list(rows) == list(data_indicators())  # every indicator, once, in catalogue order
    r = rows["techup.investment_share"]
    assert ws.cell(row=r, column=3).value == "%"
    assert "20表示20%" in ws.cell(row=r, column=4).value
    assert all(ws.cell(row=r, column=c).value is None for r in rows.values() for c in range(5, 10))


def test_template_in_english(root):
    path = write_template("410323", root / "t.xlsx", lang="en")
    ws = load_workbook(path).active
    rows, _ = locate(ws)
    r = rows["capacity.coal_mines_closed"]
    assert ws.cell(row=r, column=2).value == data_indicators()["capacity.coal_mines_closed"].name_en
    assert "Enter the number newly achieved" in ws.cell(row=r, column=4).value


def test_an_empty_template_is_valid_and_holds_no_observations(root):
    path = write_template("410323", root / "t.xlsx")
    clean, issues = read_back(path)
    assert issues == [] and clean.empty


def test_template_round_trip_gives_exactly_the_values_entered(root):
    path = write_template("410381", root / "t.xlsx")
    filled = {
        ("capacity.coal_mines_closed", 2016): 12,  # opening stock
        ("capacity.coal_mines_closed", 2017): 3,
        ("capacity.coal_capacity_cut", 2018): 45.25,
        ("techup.investment_share", 2017): 35.5,
        ("techup.investment_share", 2020): 0,
        (ENERGY_INTENSITY, 2016): 0.8123456789012345,  # 16 significant digits
        (ENERGY_INTENSITY, 2017): 0.7654321,
        ("green.energy_intensity_yoy", 2018): -4.5,
        ("smart.equipment_cluster_output", 2019): 1234567.875,
        ("techup.registered_trademarks", 2020): 15000,
    }
    wb = load_workbook(path)
    ws = wb.active
    rows, cols = locate(ws)
    for (ind, year), value in filled.items():
        ws.cell(row=rows[ind], column=cols[year], value=value)
    wb.save(path)

    clean, issues = read_back(path)
    assert issues == []
    got = {(r["indicator_id"], r["year"]): r["value"] for r in clean.to_dict("records")}
    assert got == {k: float(v) for k, v in filled.items()}  # exactly, not approximately
    assert set(clean["unit_code"]) == {"410381"}
    # and each value knows its cell
    where = {
        (r["indicator_id"], r["year"]): (r["_sheet"], r["_row"], r["_col_value"])
        for r in clean.to_dict("records")
    }
    assert where[("techup.investment_share", 2017)] == (
        "410381",
        rows["techup.investment_share"],
        "F (2017)",
    )


def test_a_bad_value_in_the_template_names_its_cell(root):
    path = write_template("410381", root / "t.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    rows, cols = locate(ws)
    ws.cell(row=rows["techup.investment_share"], column=cols[2018], value="20%")
    ws.cell(row=rows["capacity.coal_mines_closed"], column=cols[2017], value=2.5)
    wb.save(path)
    _, issues = read_back(path)
    assert [(i.file, i.sheet, i.row, i.column) for i in issues] == [
        ("t.xlsx", "410381", rows["capacity.coal_mines_closed"], "F (2017)"),
        ("t.xlsx", "410381", rows["techup.investment_share"], "G (2018)"),
    ]


def test_cli_template_writes_a_workbook_that_round_trips(root, capsys):
    out = root / "forms" / "新安县.xlsx"
    assert main(["template", "--unit", "410323", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    wb = load_workbook(out)
    ws = wb.active
    rows, cols = locate(ws)
    ws.cell(row=rows["green.green_parks"], column=cols[2019], value=2)
    wb.save(out)
    clean, issues = read_back(out)
    assert issues == []
    assert clean[["unit_code", "year", "indicator_id", "value"]].values.tolist() == [
        ["410323", 2019, "green.green_parks", 2.0]
    ]
    assert [p.name for p in out.parent.iterdir()] == ["新安县.xlsx"]  # no temp file left behind


def test_cli_template_unknown_unit_is_a_clean_error(root, capsys):
    code = main(["template", "--unit", "410399", str(root / "x.xlsx")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("luoyang: error: unknown unit '410399'") and "Traceback" not in err
    assert not (root / "x.xlsx").exists()


def test_a_form_is_written_only_to_an_xlsx_name(root, capsys):
    # A workbook saved as "p.csv" would be refused later by validate as not what its
    # name says; the form command refuses the name instead, writing nothing.
    for argv in (
        ["template", "--unit", "410323", str(root / "f.csv")],
        ["template", "--register", "projects", str(root / "p.csv")],
        ["template", "--register", "projects", str(root)],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith("luoyang: error:") and "Traceback" not in err
        assert ".xlsx" in err
    assert not (root / "f.csv").exists() and not (root / "p.csv").exists()


def test_the_same_template_gives_the_same_bytes(root, monkeypatch):
    a = write_template("410381", root / "a.xlsx").read_bytes()
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    b = write_template("410381", root / "b.xlsx").read_bytes()
    assert a == b
