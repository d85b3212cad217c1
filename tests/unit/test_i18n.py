"""All text of the reports comes from one table per language in i18n; a new language is one table."""

from __future__ import annotations

import copy
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from luoyang_analysis import gaps, i18n
from luoyang_analysis.batch import runner
from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.catalogue.units import get_unit
from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.presentation import assessment

REPO = Path(__file__).resolve().parents[2]


def keys(table: dict) -> set[tuple[str, str]]:
    return {(g, k) for g, items in table.items() for k in items}


def fields(value) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {f for _, f, _, _ in string.Formatter().parse(value) if f}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_table_has_every_key_of_the_chinese_one_and_the_same_fields(lang):
    table = i18n.TABLES[lang]
    assert keys(table) == keys(i18n.ZH)
    for group, key in keys(i18n.ZH):
        zh, other = i18n.ZH[group][key], table[group][key]
        assert type(zh) is type(other), (group, key)
        assert fields(zh) == fields(other), (group, key)


def test_a_third_language_is_one_more_table(monkeypatch, tmp_path):
    fr = copy.deepcopy(i18n.ZH)  # a stand-in: the Chinese words under another code
    fr["meta"].update(subdir="fr", index_file="index.fr.html")
    fr["assess"]["summary"] = "1. Vue d'ensemble"
    monkeypatch.setitem(i18n.TABLES, "fr", fr)
    monkeypatch.setenv("LUOYANG_REPORTS", str(tmp_path / "reports"))

    assert i18n.check_lang("fr") == "fr"
    assert i18n.text("assess.summary", "fr") == "1. Vue d'ensemble"
    assert i18n.status_label("achieved", "fr") == "已完成"
    # Its reports get a folder of their own, like reports/2018/en/ for English.
    assert runner.output_dir(2018, "fr") == tmp_path / "reports" / "2018" / "fr"
    assert runner._key("2018/410381", "fr") == "2018/410381/fr"
    # Names from the catalogue: the table reads name_zh (its "suffix"), so they are Chinese.
    plan = next(iter(default_catalogue().plans.values()))
    assert plan.name("fr") == plan.name_zh
    assert get_unit("410381").name("fr") == "偃师市"
    # A report fragment in the new language: the table's words, nothing else to add.
    frame = pd.DataFrame(
        {
            "target_kind": ["milestone", "milestone", "contribution"],
            "status": ["achieved", "not_achieved", "no_data"],
            "plan": ["green"] * 3,
        }
    )
    assert assessment.summary_html(frame, "fr") == assessment.summary_html(frame, "zh")
    # Without the table the language is refused.
    monkeypatch.delitem(i18n.TABLES, "fr")
    with pytest.raises(ParameterError, match="unknown language 'fr'; use one of zh, en"):
        i18n.text("assess.summary", "fr")


def test_a_catalogue_name_falls_back_to_chinese_when_a_language_has_none(monkeypatch):
    fr = copy.deepcopy(i18n.ZH)
    fr["meta"]["suffix"] = "fr"  # no indicator has name_fr
    monkeypatch.setitem(i18n.TABLES, "fr", fr)
    ind = default_catalogue().indicator("smart.smart_factories")
    assert ind.name("fr") == ind.name_zh and ind.unit("fr") == ind.unit_zh
    assert i18n.field({"title_zh": "甲", "title_en": "A"}, "title", "fr") == "甲"
    assert i18n.field({"title_zh": "甲", "title_en": "A"}, "title", "en") == "A"


def test_fields_numerals_and_lists():
    assert i18n.text("assess.silent", "zh", n=3) == (
        "另有 3 项全市目标本单位无数据（多为市级事项），未列出。"
    )
    assert i18n.text("report.title", "en", unit="Yanshi", year=2018) == (
        "Yanshi 2018: progress against the four plans"
    )
    # Sections after the summary (一) are numbered 二, 三, ...; English counts 2, 3, ...
    assert [i18n.numeral(n, "zh") for n in (1, 2, 5, 10)] == ["一", "二", "五", "十"]
    assert i18n.numeral(11, "zh") == "11"  # past the table: Arabic
    assert i18n.numeral(2, "en") == "2"
    assert i18n.join(["甲", "乙"], "zh") == "甲、乙" and i18n.join(["a", "b"], "en") == "a, b"
    assert i18n.status_label("something_new", "en") == "something_new"


def test_gap_status_labels_are_the_i18n_ones():
    assert gaps.STATUS_LABELS["no_data"] == ("无数据", "No data")
    assert gaps.STATUS_LABELS["needs_acceleration"] == ("需加快", "Needs acceleration")
    assert set(gaps.STATUS_LABELS) == set(i18n.ZH["status"]) == set(gaps.STATUSES)
    assert runner.SAMPLE_BANNER["zh"].startswith("示例数据 — ")


BRANCH = re.compile(r"""lang\s*(==|!=)\s*\\?["']""")


def sources():
    for path in sorted((REPO / "luoyang_analysis").rglob("*")):
        if path.suffix in (".py", ".j2") and path.name != "i18n.py":
            yield path, path.read_text(encoding="utf-8")
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        yield path, path.read_text(encoding="utf-8")


def test_no_language_branches_outside_i18n():
    found = [
        f"{path.relative_to(REPO)}:{n}: {line.strip()}"
        for path, text in sources()
        for n, line in enumerate(text.splitlines(), start=1)
        if BRANCH.search(line)
    ]
    assert not found, "\n".join(found)


def test_the_branch_check_can_fail():
    assert BRANCH.search('name = "name_en" if lang == "en" else "name_zh"')
    assert BRANCH.search("    \"heading = 'x' if lang != 'zh' else y\\n\",")
    assert BRANCH.search('"heading = 1 if lang == \\"zh\\" else 2"')
