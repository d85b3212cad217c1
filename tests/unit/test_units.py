"""The county registry against GB/T 2260 as of 2017 (codes written out by hand)."""

from __future__ import annotations

import pytest

from luoyang_analysis.catalogue.units import counties_2017, get_unit, load_units, units_in
from luoyang_analysis.exceptions import CatalogueError

# GB/T 2260 codes of Luoyang's county-level units in 2017, by hand.
EXPECTED_2017 = {
    "410302": "老城区",
    "410303": "西工区",
    "410304": "瀍河回族区",
    "410305": "涧西区",
    "410306": "吉利区",
    "410311": "洛龙区",
    "410322": "孟津县",
    "410323": "新安县",
    "410324": "栾川县",
    "410325": "嵩县",
    "410326": "汝阳县",
    "410327": "宜阳县",
    "410328": "洛宁县",
    "410329": "伊川县",
    "410381": "偃师市",
}


def test_the_fifteen_units_of_2017():
    assert {u.code: u.name_zh for u in counties_2017()} == EXPECTED_2017


def test_city_comes_first_and_every_unit_has_both_names():
    units = units_in(2017)
    assert units[0].code == "410300" and units[0].name_zh == "洛阳市"
    assert all(u.name_zh and u.name_en for u in units)


def test_kinds():
    assert get_unit("410381").kind == "county_city"
    assert get_unit("410325").kind == "county"
    assert get_unit("410304").kind == "district"


def test_2021_reorganisation():
    codes_2021 = {u.code for u in units_in(2021)}
    assert {"410306", "410322", "410381"}.isdisjoint(codes_2021)  # 吉利区, 孟津县, 偃师市 gone
    assert {"410307", "410308"} <= codes_2021  # 偃师区, 孟津区 formed
    assert get_unit("410306").successor == "410308"  # 吉利区 merged into 孟津区
    assert len(codes_2021) == 1 + 14


def test_lookup_by_name_and_did_you_mean():
    assert get_unit("栾川县").code == "410324"
    with pytest.raises(CatalogueError, match="did you mean 410381"):
        get_unit("410318")


def test_an_unknown_unit_without_a_likely_match_reads_as_two_sentences():
    # "999999" is close to no code or name, so no did-you-mean; the message must still
    # end its first sentence before pointing to `luoyang units`.
    with pytest.raises(CatalogueError, match=r"unknown unit '999999'\. Run 'luoyang units'"):
        get_unit("999999")


def test_an_analyst_can_add_functional_zones(tmp_path):
    extra = tmp_path / "zones.csv"
    extra.write_text(
        "code,name_zh,name_en,kind,parent,valid_from,valid_to,successor,note\n"
        "LY-GXQ,洛阳高新技术产业开发区,Luoyang High-tech Zone,functional_zone,410300,,,,\n",
        encoding="utf-8",
    )
    units = load_units(extra)
    assert units["LY-GXQ"].kind == "functional_zone"
    assert len(units) == 19


def test_bad_extra_file_names_row_and_column(tmp_path):
    extra = tmp_path / "zones.csv"
    extra.write_text("code,name_zh,name_en,kind\nX1,伊滨区,Yibin,zone\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"zones.csv, row 2, column 'kind'"):
        load_units(extra)
