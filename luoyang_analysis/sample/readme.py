"""The sample's README.md: the template ``templates/README.md`` filled from the generated rows.

The prose lives in the template (string.Template, ``${name}`` placeholders);
here are only the figures and tables it quotes, read from the rows generated,
so the README can never disagree with the data beside it.
"""

from __future__ import annotations

from string import Template

import pandas as pd

from luoyang_analysis import i18n, paths
from luoyang_analysis.catalogue.units import CITY_CODE, units_in
from luoyang_analysis.deliveries.contract import ENERGY_INTENSITY, data_indicators
from luoyang_analysis.sample.rows import format_value
from luoyang_analysis.sample.story import (
    AHEAD,
    BEHIND,
    CENTRAL_DISTRICTS,
    COAL_COUNTIES,
    COUNTIES,
    DECIMALS,
    LICENCE,
    ROLES,
    SOURCE,
    YOY_COUNTIES,
)

REGENERATE = ".venv/bin/python -m luoyang_analysis.sample data/raw/sample"


def render(df: pd.DataFrame, seed: int) -> str:
    """The README of the sample generated as ``df`` with ``seed``."""
    units = {u.code: u for u in units_in(2017)}
    missing = df[df["value"].isna()]
    noted = df[df["value"].notna() & (df["note"] != "")]
    cut = reduction_2020(df)
    template = Template(paths.SAMPLE_README_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        n_rows=len(df),
        n_ind=df["indicator_id"].nunique(),
        source=SOURCE,
        licence=LICENCE,
        seed=seed,
        cmd=REGENERATE,
        coal="、".join(units[c].name_zh for c in COAL_COUNTIES),
        coal_en=", ".join(units[c].name_en for c in COAL_COUNTIES),
        central="、".join(units[c].name_zh for c in CENTRAL_DISTRICTS),
        central_en=", ".join(units[c].name_en for c in CENTRAL_DISTRICTS),
        yoy="、".join(units[c].name_zh for c in YOY_COUNTIES),
        yoy_en=" and ".join(units[c].name_en for c in YOY_COUNTIES),
        city_cut=f"{cut[CITY_CODE]:.1f}",
        ahead_cut=f"{cut[AHEAD]:.1f}",
        behind_cut=f"{cut[BEHIND]:.1f}",
        **{
            f"{name}_{lang}": table
            for lang in ("zh", "en")
            for name, table in (
                ("units", _unit_table(units, lang)),
                ("missing", _note_table(missing, units, lang)),
                ("noted", _note_table(noted, units, lang)),
            )
        },
    )


def _unit_table(units: dict, lang: str) -> str:
    lines = []
    for code in COUNTIES:
        zh, en = ROLES[code]
        text = i18n.field({"role_zh": zh.split("：", 1)[1], "role_en": en}, "role", lang)
        lines.append(f"| {code} | {units[code].name(lang)} | {text} |")
    return i18n.text("sample.roles_head", lang) + "\n|---|---|---|\n" + "\n".join(lines)


def _note_table(frame: pd.DataFrame, units: dict, lang: str) -> str:
    indicators = data_indicators()
    lines = []
    for r in frame.itertuples(index=False):
        ind = indicators[r.indicator_id]
        name = i18n.field(ind, "name", lang)
        value = format_value(r.value, DECIMALS.get(ind.unit_zh, 0)) or "—"
        lines.append(
            f"| {units[r.unit_code].name(lang)} | {r.year} | {name} (`{r.indicator_id}`) "
            f"| {value} | {r.note} |"
        )
    head = i18n.text("sample.notes_head", lang) + "\n|---|---|---|---|---|\n"
    return head + "\n".join(lines)


def reduction_2020(df: pd.DataFrame) -> dict[str, float]:
    """% fall of energy intensity 2016→2020 per unit that reports levels."""
    ei = df[df["indicator_id"] == ENERGY_INTENSITY].set_index(["unit_code", "year"])["value"]
    out = {}
    for code in ei.index.get_level_values(0).unique():
        out[code] = 100.0 * (1 - ei[(code, 2020)] / ei[(code, 2016)])
    return out
