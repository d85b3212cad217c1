"""The register forms' labels and help come from the language tables: English in an English
form, the Chinese unchanged, and the Chinese labels still accepted as a delivery's headers.

Expected notes are written by hand from the form's rule: label, "（必填）"/" (required)" when
required, a space and the help, then a line of allowed values, dates or yes/no where it applies.
"""

from __future__ import annotations

import re

import pytest

from luoyang_analysis.deliveries.register_contract import REGISTERS
from luoyang_analysis.deliveries.register_read import read_registers
from luoyang_analysis.deliveries.template import write_register_template

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def notes(kind: str, lang: str, tmp_path) -> dict[str, str]:
    from openpyxl import load_workbook

    out = write_register_template(kind, tmp_path / f"{kind}-{lang}.xlsx", lang)
    return {c.value: c.comment.text for c in load_workbook(out).active[1]}


def test_an_english_form_shows_english_labels_and_help(tmp_path):
    en = notes("projects", "en", tmp_path)
    assert en["project_id"] == "Project number (required)"
    # A column of one year names its year; optional, so no "(required)".
    assert en["invested_2017"] == (
        "Investment completed in 2017 (10,000 yuan) Investment completed in the year, in 10,000 yuan"
    )
    assert en["planned_2020"].startswith("Investment planned for 2020 (10,000 yuan) ")
    assert en["status"] == (
        "Status (required) Under construction, completed, in production, terminated"
        "\nAllowed: 在建、竣工、投产、终止"
    )
    # One id, two registers, two labels: name is the project's here, the enterprise's there.
    assert en["name"] == "Project name (required)"
    assert notes("enterprises", "en", tmp_path)["name"] == "Enterprise name (required)"
    assert notes("budget", "en", tmp_path)["doc_number"] == "Number of the budget document"


@pytest.mark.parametrize("kind", list(REGISTERS))
def test_no_english_label_is_chinese(kind):
    # Help may quote what a delivery writes (研制, 规模以上); a label is English throughout.
    chinese = [c.id for c in REGISTERS[kind] if CJK.search(c.label("en"))]
    assert chinese == []


def test_the_chinese_form_is_as_before(tmp_path):
    projects = notes("projects", "zh", tmp_path)
    assert projects["project_id"] == "项目编号（必填）"
    assert projects["invested_2017"] == "2017年完成投资（万元） 当年完成投资，万元"
    assert projects["special_major"] == (
        "特别重大项目 是/否；特别重大技术改造项目，奖励一事一议\n填 是 或 否；空白为否"
    )
    assert projects["county_code"] == "项目所在县（市、区）代码（必填）"
    # county_code: the same label in enterprises and first_sets, help only in enterprises.
    enterprises = notes("enterprises", "zh", tmp_path)
    assert (
        enterprises["county_code"]
        == "所在县（市、区）代码（必填） GB/T 2260 代码；市属企业填410300"
    )
    assert notes("first_sets", "zh", tmp_path)["county_code"] == "所在县（市、区）代码（必填）"
    assert notes("first_sets", "zh", tmp_path)["doc_number"] == (
        "认定文号（必填） 如 豫工信装〔2018〕118号"
    )
    assert notes("retirements", "zh", tmp_path)["doc_number"] == "文号"


def test_a_delivery_with_chinese_headers_still_reads(tmp_path):
    (tmp_path / "projects.csv").write_text(
        "项目编号,项目名称,统一社会信用代码,项目所在县（市、区）代码,类别,总投资（万元）,开工日期,状态,"
        "2017年完成投资（万元）,国家资助下达年度\n"
        "P1,示例项目,91410300MA44XXXX0A,410381,升级,1200,2017-03-01,在建,800,2018\n",
        encoding="utf-8",
    )
    (tmp_path / "budget.csv").write_text(
        "预算年度,列入市财政预算的技术改造资金（万元）,预算文件文号\n2017,5000,洛财预〔2017〕1号\n",
        encoding="utf-8",
    )
    raw = read_registers(tmp_path)
    assert raw.issues == []
    project = raw.rows["projects"].iloc[0]
    assert (project["project_id"], project["county_code"], project["status"]) == (
        "P1",
        "410381",
        "在建",
    )
    assert (project["invested_2017"], project["national_funding_year"]) == ("800", "2018")
    budget = raw.rows["budget"].iloc[0]
    assert (budget["year"], budget["amount"], budget["doc_number"]) == (
        "2017",
        "5000",
        "洛财预〔2017〕1号",
    )
