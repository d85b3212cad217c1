"""The seams of the gap engine that have logic of their own: energy intensity and the row rules."""

from __future__ import annotations

import math

import pytest

from luoyang_analysis.gaps import energy, engine, kinds


def test_relative_levels_chain_the_rates_and_stop_at_an_invalid_one():
    # No levels: 2017 = 1 × (1 − 3/100) = 0.97; 2018 = 0.97 × (1 − 5/100) = 0.9215;
    # 2019's −100 % would make the level 0, so the chain stops there (2020 is not reached).
    rel, how = energy.relative_levels({}, {2017: -3, 2018: -5, 2019: -100, 2020: -2}, 2016, 2020)
    assert how == "yoy"
    assert list(rel) == [2016, 2017, 2018]
    assert math.isclose(rel[2017], 0.97) and math.isclose(rel[2018], 0.9215)


def test_relative_levels_use_levels_only_when_base_and_current_year_have_one():
    levels = {2016: 0.80, 2017: 0.76, 2019: 0.70}
    # Up to 2019: 0.76/0.80 = 0.95, 0.70/0.80 = 0.875.
    rel, how = energy.relative_levels(levels, {}, 2016, 2019)
    assert how == "levels" and rel == pytest.approx({2016: 1.0, 2017: 0.95, 2019: 0.875})
    # Up to 2018 there is no 2018 level: the (missing) rates are used, leaving the base alone.
    assert energy.relative_levels(levels, {}, 2016, 2018) == ({2016: 1.0}, "yoy")


def test_reduction_chained_from_rates_carries_the_basis_given():
    # 1 − 0.97 × 0.95 = 0.0785 → 7.85 %.
    out = energy.reduction({}, {2017: -3, 2018: -5}, 2016, 2018, "official")
    assert math.isclose(out.value, 7.85) and out.basis == "official"
    # Without the 2018 rate nothing can be said.
    out = energy.reduction({}, {2017: -3}, 2016, 2018, "official")
    assert math.isnan(out.value) and out.basis == ""
    assert "no year-on-year rate for 2018" in out.notes.en


def test_every_kind_of_row_has_a_rule():
    # The engine documents its target kinds; each must have a rule, and no rule may be orphaned.
    assert set(kinds.RULES) == set(engine.TARGET_KINDS)
