"""Report labels in Chinese (default) and English."""

from __future__ import annotations

from luoyang_analysis.exceptions import ParameterError

LANGS = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "provenance": "数据与程序来源",
        "package": "程序版本",
        "commit": "代码提交",
        "generated": "生成时间",
        "parameters": "参数",
        "input_file": "输入文件",
        "none": "无",
        "indicator": "指标",
        "year": "年份",
        "target": "目标值",
        "unit": "单位",
        "comparison": "要求",
        "accumulation": "口径",
        "deadline": "期限",
        "responsible": "责任单位",
        "source": "原文",
        "notes": "原文出处",
        "plan": "方案",
        "indicators": "指标数",
        "targets": "目标数",
        "quantitative": "定量目标",
        "qualitative": "定性目标",
        "qualitative_value": "定性",
        "base": "基年",
        "targets_overview_title": "洛政办〔2017〕78号 四个攻坚方案目标总览",
        "targets_overview_subtitle": "化解过剩产能 · 工业绿色化改造 · 工业智能化改造 · 企业技术改造",
    },
    "en": {
        "provenance": "Provenance",
        "package": "Package",
        "commit": "Commit",
        "generated": "Generated",
        "parameters": "Parameters",
        "input_file": "Input file",
        "none": "none",
        "indicator": "Indicator",
        "year": "Year",
        "target": "Target",
        "unit": "Unit",
        "comparison": "Requirement",
        "accumulation": "Basis",
        "deadline": "Deadline",
        "responsible": "Responsible units",
        "source": "Source",
        "notes": "Source sentences",
        "plan": "Plan",
        "indicators": "Indicators",
        "targets": "Targets",
        "quantitative": "Quantitative",
        "qualitative": "Qualitative",
        "qualitative_value": "qualitative",
        "base": "base year",
        "targets_overview_title": "Targets of Luoyang notice 洛政办〔2017〕78号: overview",
        "targets_overview_subtitle": "Overcapacity · Green · Smart manufacturing · Technical upgrading",
    },
}

COMPARISON = {
    "zh": {
        "at_least": "不低于",
        "at_most": "不高于",
        "exactly": "等于",
        "by_date": "限期完成",
        "qualitative": "定性",
    },
    "en": {
        "at_least": "at least",
        "at_most": "at most",
        "exactly": "exactly",
        "by_date": "by deadline",
        "qualitative": "qualitative",
    },
}
ACCUMULATION = {
    "zh": {"yearly": "当年", "cumulative": "累计", "level": "年末水平", "against_base": "比基年"},
    "en": {
        "yearly": "that year",
        "cumulative": "cumulative",
        "level": "level",
        "against_base": "vs base year",
    },
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ParameterError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}.")
    return lang


def labels(lang: str) -> dict[str, str]:
    return LABELS[check_lang(lang)]
