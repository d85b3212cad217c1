"""The gap engine is reused for the same inputs (a batch kernel, one report per unit) and
never for different ones: the content decides, not the object."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt

from luoyang_analysis import gaps
from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.gaps import engine as engine_mod
from tests.helpers import obs

SERIES = (CITY_CODE, "smart.smart_factories", {2017: 1, 2018: 3, 2019: 4})


def _fresh(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The gap table from an engine built now, with no memo."""
    engine_mod._LAST = None
    return gaps.compute_gaps(frame, CITY_CODE, year)


def test_same_content_in_another_object_reuses_the_engine():
    gaps.compute_gaps(obs(SERIES), CITY_CODE, 2019)
    first = engine_mod._LAST[2]
    gaps.compute_gaps(obs(SERIES), CITY_CODE, 2018)  # a new, equal frame
    assert engine_mod._LAST[2] is first


def test_a_frame_changed_in_place_is_indexed_again():
    frame = obs(SERIES)
    before = gaps.compute_gaps(frame, CITY_CODE, 2019)
    frame.loc[frame["year"] == 2019, "value"] = 9.0  # the same object, one value changed
    after = gaps.compute_gaps(frame, CITY_CODE, 2019)
    pdt.assert_frame_equal(after, _fresh(frame.copy(), 2019))
    assert not after.equals(before)


def test_other_dtypes_or_columns_are_other_inputs():
    frame = obs(SERIES)
    gaps.compute_gaps(frame, CITY_CODE, 2019)
    first = engine_mod._LAST[2]
    as_text = frame.assign(year=frame["year"].astype(str))  # "2019", not 2019
    gaps.compute_gaps(as_text, CITY_CODE, 2019)
    assert engine_mod._LAST[2] is not first
    second = engine_mod._LAST[2]
    gaps.compute_gaps(frame.assign(source="县统计局"), CITY_CODE, 2019)  # one more column
    assert engine_mod._LAST[2] is not second


def test_another_catalogue_object_is_another_input():
    from luoyang_analysis.catalogue.targets import load_catalogue

    gaps.compute_gaps(obs(SERIES), CITY_CODE, 2019)
    first = engine_mod._LAST[2]
    gaps.compute_gaps(obs(SERIES), CITY_CODE, 2019, catalogue=load_catalogue())
    assert engine_mod._LAST[2] is not first
