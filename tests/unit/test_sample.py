"""The illustrative sample (示例数据): deterministic, complete, plausible, and shipped as generated."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from luoyang_analysis import paths, sample
from luoyang_analysis.catalogue.units import units_in
from luoyang_analysis.deliveries.contract import OBSERVATION_COLUMNS, data_indicators
from luoyang_analysis.deliveries.processed import read_and_validate

SHIPPED = paths.project_root() / "data" / "raw" / "sample"

# Written out by hand: the central districts have no coal mines; the coal counties.
CENTRAL = {"410302", "410303", "410304", "410305", "410311"}
COAL = {"410323", "410327", "410329", "410381", "410326", "410328", "410325"}
COAL_INDICATORS = (
    "capacity.coal_mines_closed",
    "capacity.coal_capacity_cut",
    "capacity.coal_mines_verified",
)


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return sample.generate()


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return pd.read_csv(
        SHIPPED / "observations.csv", dtype={"unit_code": str, "note": str}, keep_default_na=False
    )


def _value(frame: pd.DataFrame, code: str, year: int, indicator: str) -> float:
    hit = frame[
        (frame.unit_code == code) & (frame.year == year) & (frame.indicator_id == indicator)
    ]
    assert len(hit) == 1, (code, year, indicator)
    return float(hit["value"].iloc[0])


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    sample.write(a)
    sample.write(b)
    sample.write(c, seed=1)
    for name in ("observations.csv", "observations.meta.yaml", "README.md"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "observations.csv").read_bytes() != (c / "observations.csv").read_bytes()


def test_shipped_files_equal_a_fresh_generation(tmp_path):
    written = sample.write(tmp_path)
    assert {p.name for p in written} == {"observations.csv", "observations.meta.yaml", "README.md"}
    for path in written:
        shipped = SHIPPED / path.name
        assert shipped.exists(), (
            f"{shipped} missing: run python -m luoyang_analysis.sample data/raw/sample"
        )
        assert shipped.read_bytes() == path.read_bytes(), (
            f"{shipped} differs from a fresh generation: "
            "run python -m luoyang_analysis.sample data/raw/sample"
        )


def test_main_writes_into_the_directory_given(tmp_path, capsys):
    assert sample.main([str(tmp_path / "out"), "--seed", "7"]) == 0
    assert (tmp_path / "out" / "observations.csv").exists()
    assert "seed: 7" in (tmp_path / "out" / "observations.meta.yaml").read_text(encoding="utf-8")


def test_columns_are_exactly_the_contract(shipped):
    header = (SHIPPED / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "unit_code,year,indicator_id,value,source,note"
    assert tuple(shipped.columns) == OBSERVATION_COLUMNS


def test_every_data_indicator_appears(df):
    assert set(data_indicators()) == set(df["indicator_id"])


def test_every_unit_of_2017_appears(df):
    assert {u.code for u in units_in(2017)} == set(df["unit_code"])


def test_years_2016_to_2020_with_the_interim_year(df):
    assert sorted(df["year"].unique()) == [2016, 2017, 2018, 2019, 2020]
    assert (df.year == 2019).sum() > 300


def test_no_duplicate_observations(df):
    assert not df.duplicated(["unit_code", "year", "indicator_id"]).any()


def test_coal_only_where_coal_is_mined(df):
    coal = df[df.indicator_id.isin(COAL_INDICATORS)]
    assert set(coal.unit_code) - {"410300"} <= COAL
    central = coal[coal.unit_code.isin(CENTRAL)]
    assert central.empty or (central["value"].fillna(0) == 0).all()


def test_city_totals_near_the_2017_coal_targets(df):
    closed = df[(df.indicator_id == "capacity.coal_mines_closed") & (df.year == 2017)]
    counties = closed[closed.unit_code != "410300"]["value"].sum()
    assert counties == _value(df, "410300", 2017, "capacity.coal_mines_closed") == 25
    cut = df[(df.indicator_id == "capacity.coal_capacity_cut") & (df.year == 2017)]["value"].sum()
    assert 430 <= cut <= 450


def test_counts_are_non_negative_integers(df):
    counts = {
        k
        for k, d in data_indicators().items()
        if d.measure in ("count", "deadline") and not d.is_percent
    }
    values = df[df.indicator_id.isin(counts)]["value"].dropna()
    assert len(values) > 1000
    assert (values >= 0).all()
    assert (values == values.round()).all()


def test_values_non_negative_except_year_on_year_rates(df):
    values = df[df.indicator_id != "green.energy_intensity_yoy"]["value"].dropna()
    assert (values >= 0).all()


def test_shares_within_0_and_100(df):
    shares = [k for k, d in data_indicators().items() if d.is_percent and d.entry == "level"]
    values = df[df.indicator_id.isin(shares)]["value"].dropna()
    assert len(values) > 100
    assert values.between(0, 100).all()
    assert not ((values > 0) & (values < 1)).any()  # would read as a fraction typed as percent


def test_every_row_says_it_is_illustrative(shipped):
    assert (shipped["source"] == "示例数据（非官方统计）").all()
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    meta = (SHIPPED / "observations.meta.yaml").read_text(encoding="utf-8")
    assert readme.startswith("# 示例数据")
    assert "示例数据" in meta and "official: false" in meta


def test_missing_values_are_few_and_noted(shipped):
    missing = shipped[shipped["value"] == ""]
    assert 1 <= len(missing) <= 6
    assert missing["note"].str.startswith("示例：").all()
    # 宜阳县 leaves a couple of indicators unreported in one year.
    assert (missing.unit_code == "410327").sum() >= 2


def test_city_energy_intensity_falls_about_18_percent_with_counties_either_side(df):
    ei = df[df.indicator_id == "green.energy_intensity"].pivot(
        index="unit_code", columns="year", values="value"
    )
    cut = 100 * (1 - ei[2020] / ei[2016])
    assert 17 <= cut["410300"] <= 20
    assert cut["410325"] < 12  # 嵩县 behind
    assert cut["410311"] > 22  # 洛龙区 ahead
    assert cut.drop("410300").std() > 3  # not uniform


def test_one_or_two_counties_give_only_year_on_year_rates(df):
    yoy = df[df.indicator_id == "green.energy_intensity_yoy"]
    levels = df[df.indicator_id == "green.energy_intensity"]
    assert 1 <= yoy.unit_code.nunique() <= 2
    assert set(yoy.unit_code).isdisjoint(levels.unit_code)
    assert set(yoy.year) == {2017, 2018, 2019, 2020}
    assert (yoy["value"] < 0).sum() >= 6


def test_one_city_flow_figure_differs_from_the_county_sum_and_says_so(df):
    flows = [k for k, d in data_indicators().items() if d.entry == "flow"]
    counties = df[(df.unit_code != "410300") & df.indicator_id.isin(flows)]
    city = df[(df.unit_code == "410300") & df.indicator_id.isin(flows)]
    both = city.merge(
        counties.groupby(["indicator_id", "year"], as_index=False)["value"].sum(),
        on=["indicator_id", "year"],
        suffixes=("_city", "_sum"),
    )
    assert 2 <= both.indicator_id.nunique() <= 3
    differs = both[(both.value_city - both.value_sum).abs() > 1e-9]
    assert len(differs) == 1
    assert differs["note"].iloc[0].startswith("示例：")


def test_csv_is_plain_utf8_with_fixed_formatting():
    text = (SHIPPED / "observations.csv").read_bytes().decode("utf-8")
    assert "\r" not in text and not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(r) == 6 for r in rows)
    units = {r[2]: r[3] for r in rows[1:] if r[2] == "green.energy_intensity" and r[3]}
    assert all(len(v.split(".")[1]) == 3 for v in units.values())


def test_the_shipped_sample_passes_the_data_layer_validation():
    clean, files = read_and_validate(SHIPPED)
    df = sample.generate()
    assert [f["rows"] for f in files] == [len(df)]
    assert len(clean) == len(df) - df["value"].isna().sum()  # unreported values are skipped
