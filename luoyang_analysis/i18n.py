"""Every word a reader sees, in Chinese (the default) and English: one table per language.

A table is a dict of groups (``labels``, ``status``, ``assess``, ...), each a dict of keys.
:func:`text` looks one up (``text("assess.summary", "en")``) and fills ``{fields}``.
Adding a language means adding one table with the same groups and keys (a unit test
checks that every table has every key of the Chinese one) and its code to :data:`TABLES`.

Names that come from the catalogue or the data (indicator, plan and unit names, units of
measure, notes) are not here: they are fields of those files. The ``meta`` group of each
table says which of their columns or attributes a language reads (``name_zh`` or
``name_en``); a language without names of its own reads the Chinese ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from luoyang_analysis.exceptions import ParameterError

ZH: dict[str, dict[str, Any]] = {
    "meta": {
        # Attributes of catalogue objects: name_<suffix>, unit_<suffix>, rule_<suffix>, note_<suffix>.
        "suffix": "zh",
        "html_lang": "zh-CN",
        # Where this language's reports go under reports/ (and reports/<year>/); "" = top level.
        "subdir": "",
        "index_file": "index.html",
        "list_sep": "、",
        # Numbers of the report's sections (一、 二、 ...); empty: Arabic numerals.
        "numerals": "一二三四五六七八九十",
    },
    # Columns of the gap tables holding this language's text.
    "columns": {
        "name": "name_zh",
        "unit_of_measure": "unit_of_measure",
        "note": "note",
        "unit_name": "unit_name_zh",
    },
    "labels": {
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
        "names_title": "附录：计数背后的名单",
        "names_intro": "以下名单来自本批报送的名录（企业、项目、淘汰台账），每个计数目标列出计入该数的企业或项目。",
        "names_none": "名录中无计入该数的名单。",
        "names_count": "名单计数",
        "enterprise": "企业",
        "item": "项目/产品",
        "doc_number": "文号",
        "doc_date": "日期",
        "quantity": "数量",
        "discrepancy": "报送数与名单不符",
        "register_sheet": "名录",
    },
    "comparison": {
        "at_least": "不低于",
        "at_most": "不高于",
        "exactly": "等于",
        "by_date": "限期完成",
        "qualitative": "定性",
    },
    "accumulation": {
        "yearly": "当年",
        "cumulative": "累计",
        "level": "年末水平",
        "against_base": "比基年",
    },
    "status": {
        "achieved": "已完成",
        "not_achieved": "未完成",
        "on_track": "进度正常",
        "needs_acceleration": "需加快",
        "limited_progress": "进展有限",
        "deterioration": "倒退",
        "no_target": "无目标",
        "no_data": "无数据",
    },
    # The county and city assessments.
    "assess": {
        "summary": "一、总体情况",
        "assessed": "考核目标",
        "achieved": "已完成",
        "on_track": "进度正常",
        "behind": "滞后或未完成",
        "no_data": "无数据",
        "contribution": "对全市目标的贡献（不单独考核）",
        "largest": "差距最大的目标",
        "departments": "各责任单位尚需完成",
        "department": "责任单位",
        "open_targets": "滞后或未完成的目标",
        "indicator": "指标",
        "target": "目标",
        "actual": "实际",
        "gap": "差距",
        "rate": "完成率",
        "status": "状态",
        "pace": "每年尚需",
        "share_of_city": "占全市目标",
        "contribution_badge": "计入全市",
        "silent": "另有 {n} 项全市目标本单位无数据（多为市级事项），未列出。",
        "by_plan": "各方案完成情况",
        "plan": "方案",
        "no_behind": "没有滞后或未完成的目标。",
        "notes": "原文与说明",
        "interim": "（中期）",
        "none": "—",
        "heatmap": "各县（市、区）目标状态",
        "ranking": "县（市、区）排名",
        "unit": "单位",
        "score": "平均完成率",
        "rank": "名次",
        "n_achieved": "已完成数",
        "n_behind": "滞后数",
        "contrib_title": "各县（市、区）对全市计数目标的贡献",
        "target_year": "{year}年",
        "city_target": "（全市）",
        "plan_heading": "{numeral}、{name}",
    },
    "report": {
        "title": "{unit} {year}年 四个攻坚方案目标完成情况评估",
        "running_header": "{unit} · {year}",
        "sample_banner": "示例数据 — 本报告所用数据为示例数据，不是官方统计，数字仅用于演示。",
    },
    "index": {
        "title": "洛阳市攻坚方案评估报告",
        "heading": "洛政办〔2017〕78号 攻坚方案评估报告 / Reports",
        "code": "代码",
        "unit": "单位",
        "reports": "报告",
        "status": "目标状态",
    },
    "chart": {
        "actual": "实际",
        "expected": "预期路径",
        "target": "目标",
        "title": "{name}（{unit}）",
        # A CJK character is about twice as wide as a Latin letter.
        "title_chars": 16,
        "title_size": 10,
    },
    # The targets overview and the catalogue check.
    "overview": {
        "assumptions": "口径说明",
        "disagreements": "原文不一致之处",
        "base_year": "{basis}（{year}）",
        "used": "采用",
        "intro": (
            "{title}（{id}，{issued}）共设 {n_ind} 项指标、{n_targets} 个年度目标（其中定量 {n_q} 个），"
            "涉及 {years} 年。原文有 {n_conflicts} 处同一指标同一年份数字不一致，见文末。"
        ),
    },
    "check": {
        "conflicts": "原文数字冲突",
        "used": "    采用：",
        "why": "    理由：",
        "readings": "可有两种理解之处（默认理解之外的另一理解）",
        "changes": "    改为：",
        "discrepancies": "措辞与时间差异",
        "unlocated": "未标注原文位置（span）的引文",
        "problems": "目录完整性问题",
        "passed": "目录完整性：通过（编号唯一、引文均见于原文且位置无误、累计目标不递减）",
    },
    # The support rules (luoyang policy --check) and the subsidy estimate.
    "policy": {
        "undecided": "原文留待决定、不测算的规则",
        "open": "原文未定或可有两种理解的参数",
        "why": "    说明：",
        "unset": "未定",
        "problems": "政策文件完整性问题",
        "passed": "政策文件完整性：通过（编号唯一、引文均见于原文且位置无误）",
    },
    "subsidies": {
        "reason_undecided": "原文规定「一事一议」（规则 {rule}），由领导小组决定；列出，不计入合计",
        "reason_below_investment": "总投资 {value} 万元，低于 {limit} 万元",
        "reason_not_certified": "未经省认定",
        "reason_no_base": "无可补助的支出",
        "reason_before_start": "{year} 年投产，早于 {limit} 年",
        "reason_rate_open": "原文未给比例（参数 {parameter}）；列出，不计金额",
        "reason_not_in_production": "尚未完工投产；投产后应付",
        "reason_later": "应付年份在评估日之后",
        "title": "洛阳市扶持资金测算 {year}",
        "running_header": "扶持资金测算 · {year}",
        "money_unit": "万元",
        "status_due": "应付",
        "status_pipeline": "投产后应付（储备）",
        "status_excluded": "不符合条件",
        "status_flagged": "一事一议",
        "status_open": "比例未定",
        "role_maker": "研制单位",
        "role_buyer": "购买使用单位",
        "col_rule_id": "政策",
        "col_item_id": "项目/销售编号",
        "col_item_name": "名称",
        "col_enterprise_uscc": "企业信用代码",
        "col_county_code": "县（市、区）",
        "col_role": "角色",
        "col_status": "状态",
        "col_reason": "原因",
        "col_base": "计算基数（万元）",
        "col_rate": "比例",
        "col_uncapped": "未封顶金额（万元）",
        "col_cap": "上限（万元）",
        "col_cap_applied": "封顶扣减（万元）",
        "col_entitlement": "应得（万元）",
        "col_year_due": "应付年份",
        "col_due": "应付（万元）",
        "col_pipeline": "储备（万元）",
        "col_n_due": "应付项数",
        "col_n_pipeline": "储备项数",
        "col_n_excluded": "不符合条件项数",
        "col_n_flagged": "一事一议或比例未定项数",
        "col_year": "年份",
        "col_budget": "预算（万元）",
        "col_balance": "预算余额（万元）",
        "col_parameter": "参数",
        "col_text_value": "原文",
        "col_run_value": "本次测算",
        "summary": "一、测算合计",
        "intro": "截至 {as_of}，按原文规定市财政应付 {due} 万元；另有储备项目投产后应付 {pipeline} 万元。金额为原文上限（「不超过」按上限），四舍五入到 0.01 万元，合计为各项之和。",
        "parameters": "与原文不同的参数",
        "parameters_same": "全部参数按原文。",
        "by_county": "二、各县（市、区）",
        "by_year": "三、各年度支出与预算",
        "no_budget": "未提供预算数（原文只说「列入市财政预算」），图中无预算线；可用 --set budget.2018=… 或参数文件提供。",
        "largest": "四、金额最大的应付项目",
        "pipeline": "五、储备：投产后应付的项目",
        "excluded": "六、未计入合计的项目及原因",
        "rules": "七、政策原文与待定事项",
        "none": "无。",
        "county_heading": "扶持资金测算（本县项目）",
        "no_register": "本批数据没有技术改造项目库（projects）或首台（套）销售表（first_sets），无法测算扶持资金。请随数据提供项目库 projects.csv，或用 luoyang subsidies --projects 指定文件。",
        "sheet_about": "说明",
        "sheet_rules": "按政策",
        "sheet_counties": "按县区",
        "sheet_years": "按年度",
        "sheet_items": "明细",
        "sheet_parameters": "参数",
        "sheet_provenance": "来源 provenance",
    },
    # Table heads of the sample delivery's README.
    "sample": {
        "roles_head": "| 代码 | 单位 | 在示例中的角色 |",
        "notes_head": "| 单位 | 年份 | 指标 | 值 | 说明 |",
    },
}

EN: dict[str, dict[str, Any]] = {
    "meta": {
        "suffix": "en",
        "html_lang": "en",
        "subdir": "en",
        "index_file": "index.en.html",
        "list_sep": ", ",
        "numerals": "",
    },
    "columns": {
        "name": "name_en",
        "unit_of_measure": "unit_of_measure_en",
        "note": "note_en",
        "unit_name": "unit_name_en",
    },
    "labels": {
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
        "names_title": "Appendix: the names behind the counts",
        "names_intro": "The names below come from this delivery's registers (enterprises, projects, retirement ledger); each count target lists the enterprises or projects counted in its figure.",
        "names_none": "No names in the registers count towards this figure.",
        "names_count": "named",
        "enterprise": "Enterprise",
        "item": "Project / product",
        "doc_number": "Document no.",
        "doc_date": "Date",
        "quantity": "Quantity",
        "discrepancy": "Reported total differs from the names",
        "register_sheet": "register",
    },
    "comparison": {
        "at_least": "at least",
        "at_most": "at most",
        "exactly": "exactly",
        "by_date": "by deadline",
        "qualitative": "qualitative",
    },
    "accumulation": {
        "yearly": "that year",
        "cumulative": "cumulative",
        "level": "level",
        "against_base": "vs base year",
    },
    "status": {
        "achieved": "Achieved",
        "not_achieved": "Not achieved",
        "on_track": "On track",
        "needs_acceleration": "Needs acceleration",
        "limited_progress": "Limited progress",
        "deterioration": "Deterioration",
        "no_target": "No target",
        "no_data": "No data",
    },
    "assess": {
        "summary": "1. Overview",
        "assessed": "Targets assessed",
        "achieved": "Achieved",
        "on_track": "On track",
        "behind": "Behind or missed",
        "no_data": "No data",
        "contribution": "Contributions to city targets (not assessed separately)",
        "largest": "Largest gaps",
        "departments": "What each responsible department must still deliver",
        "department": "Department",
        "open_targets": "Targets behind or missed",
        "indicator": "Indicator",
        "target": "Target",
        "actual": "Actual",
        "gap": "Gap",
        "rate": "Completion",
        "status": "Status",
        "pace": "Needed per year",
        "share_of_city": "of city target",
        "contribution_badge": "counts to city",
        "silent": "{n} more city target(s) with no data for this unit (mostly the city's own work) are not listed.",
        "by_plan": "By plan",
        "plan": "Plan",
        "no_behind": "No target is behind or missed.",
        "notes": "Sources and notes",
        "interim": " (interim)",
        "none": "—",
        "heatmap": "Status by county",
        "ranking": "County ranking",
        "unit": "Unit",
        "score": "Mean completion",
        "rank": "Rank",
        "n_achieved": "Achieved",
        "n_behind": "Behind",
        "contrib_title": "County contributions to the city's count targets",
        "target_year": "{year}",
        "city_target": " (city)",
        "plan_heading": "{numeral}. {name}",
    },
    "report": {
        "title": "{unit} {year}: progress against the four plans",
        "running_header": "{unit} · {year}",
        "sample_banner": "示例数据 Illustrative data — not official statistics; the figures are for demonstration only.",
    },
    "index": {
        "title": "洛阳市攻坚方案评估报告",
        "heading": "洛政办〔2017〕78号 攻坚方案评估报告 / Reports",
        "code": "Code",
        "unit": "Unit",
        "reports": "Reports",
        "status": "Target status",
    },
    "chart": {
        "actual": "actual",
        "expected": "expected",
        "target": "target",
        "title": "{name} ({unit})",
        "title_chars": 34,
        "title_size": 9,
    },
    "overview": {
        "assumptions": "Readings and assumptions",
        "disagreements": "Where the source disagrees with itself",
        "base_year": "{basis} ({year})",
        "used": "Used",
        "intro": (
            "{title} ({id}, issued {issued}) sets {n_targets} targets on {n_ind} indicators "
            "({n_q} quantitative) for the years {years}. The source text states {n_conflicts} "
            "figure(s) in two different ways; see the last section."
        ),
    },
    "check": {
        "conflicts": "Conflicting figures in the source",
        "used": "    used: ",
        "why": "    why: ",
        "readings": "Readings the text allows besides the default",
        "changes": "    changes: ",
        "discrepancies": "Differences of wording and timing",
        "unlocated": "Quotes without a span in the text",
        "problems": "Catalogue integrity problems",
        "passed": (
            "Catalogue integrity: passed (unique ids, every quote in the source at its "
            "span, cumulative targets non-decreasing)"
        ),
    },
    "policy": {
        "undecided": "Rules the text leaves to a decision (not computed)",
        "open": "Parameters the text does not fix or allows two readings of",
        "why": "    note: ",
        "unset": "not set",
        "problems": "Policy file integrity problems",
        "passed": "Policy file integrity: passed (unique ids, every quote in the source at its span)",
    },
    "subsidies": {
        "reason_undecided": "decided case by case (rule {rule}) by the leading group; listed, not in the totals",
        "reason_below_investment": "total investment {value} below {limit} (万元)",
        "reason_not_certified": "not certified by the province",
        "reason_no_base": "no qualifying spending",
        "reason_before_start": "commissioned in {year}, before {limit}",
        "reason_rate_open": "the text gives no rate (parameter {parameter}); listed, no amount",
        "reason_not_in_production": "not yet completed and in production; payable once it is",
        "reason_later": "falls due after the as-of date",
        "title": "Luoyang: support funds owed, {year}",
        "running_header": "Support funds · {year}",
        "money_unit": "10,000 yuan",
        "status_due": "Due",
        "status_pipeline": "Due once in production",
        "status_excluded": "Not eligible",
        "status_flagged": "Case by case",
        "status_open": "Rate not set",
        "role_maker": "maker",
        "role_buyer": "buyer",
        "col_rule_id": "Rule",
        "col_item_id": "Project / sale",
        "col_item_name": "Name",
        "col_enterprise_uscc": "Enterprise (USCC)",
        "col_county_code": "County",
        "col_role": "Role",
        "col_status": "Status",
        "col_reason": "Reason",
        "col_base": "Base (万元)",
        "col_rate": "Rate",
        "col_uncapped": "Uncapped (万元)",
        "col_cap": "Cap (万元)",
        "col_cap_applied": "Cut by cap (万元)",
        "col_entitlement": "Entitlement (万元)",
        "col_year_due": "Year due",
        "col_due": "Due (万元)",
        "col_pipeline": "Pipeline (万元)",
        "col_n_due": "Items due",
        "col_n_pipeline": "In pipeline",
        "col_n_excluded": "Not eligible",
        "col_n_flagged": "Case by case or rate not set",
        "col_year": "Year",
        "col_budget": "Budget (万元)",
        "col_balance": "Budget left (万元)",
        "col_parameter": "Parameter",
        "col_text_value": "Text",
        "col_run_value": "This run",
        "summary": "1. Totals",
        "intro": "As at {as_of} the city owes {due} 万元 under the text's rules; projects in the pipeline add {pipeline} 万元 once in production. Amounts are the text's ceilings, rounded half up to 0.01 万元; totals are sums of the rows.",
        "parameters": "Parameters that differ from the text",
        "parameters_same": "Every parameter as in the text.",
        "by_county": "2. By county",
        "by_year": "3. Outlays by year against the budget",
        "no_budget": "No budget figure was given (the text only puts the funds in the city budget), so no budget line is drawn; supply one with --set budget.2018=… or a parameter file.",
        "largest": "4. Largest amounts due",
        "pipeline": "5. Pipeline: due once in production",
        "excluded": "6. Left out of the totals, and why",
        "rules": "7. The rules and the open points",
        "none": "None.",
        "county_heading": "Support funds (this county's projects)",
        "no_register": "This delivery has no projects register (projects) or 首台（套） sales (first_sets), so the support funds cannot be estimated. Deliver the projects register (projects.csv), or give a file with luoyang subsidies --projects.",
        "sheet_about": "About",
        "sheet_rules": "By rule",
        "sheet_counties": "By county",
        "sheet_years": "By year",
        "sheet_items": "Items",
        "sheet_parameters": "Parameters",
        "sheet_provenance": "Provenance",
    },
    "sample": {
        "roles_head": "| code | unit | role in the sample |",
        "notes_head": "| unit | year | indicator | value | note |",
    },
}

#: language code -> its table; the first is the default and the fallback for names.
TABLES: dict[str, dict[str, dict[str, Any]]] = {"zh": ZH, "en": EN}
LANGS = tuple(TABLES)


def check_lang(lang: str) -> str:
    if lang not in TABLES:
        raise ParameterError(f"unknown language {lang!r}; use one of {', '.join(TABLES)}.")
    return lang


def group(name: str, lang: str) -> dict[str, Any]:
    """One group of a language's table, e.g. ``group("status", "en")``."""
    return TABLES[check_lang(lang)][name]


def text(key: str, lang: str, **fields: Any) -> Any:
    """The text of ``"group.key"`` in ``lang``, with ``{fields}`` filled in when given."""
    name, _, item = key.partition(".")
    value = group(name, lang)[item]
    return value.format(**fields) if fields else value


def labels(lang: str) -> dict[str, str]:
    """The labels of pages and catalogue tables (the page template reads them by name)."""
    return group("labels", lang)


def status_label(status: str, lang: str) -> str:
    """The label of a gap status; an unknown status shows as itself."""
    return group("status", lang).get(status, status)


def column(name: str, lang: str) -> str:
    """The gap-table column holding ``name`` (``"name"``, ``"unit_name"``, ...) in ``lang``."""
    return group("columns", lang)[name]


def field(obj: Any, name: str, lang: str) -> Any:
    """``obj.<name>_<lang>`` (``indicator.name_en``; a key of a mapping), else the Chinese one."""
    own = f"{name}_{group('meta', lang)['suffix']}"
    if isinstance(obj, Mapping):
        return obj[own] if own in obj else obj.get(f"{name}_zh", "")
    return getattr(obj, own) if hasattr(obj, own) else getattr(obj, f"{name}_zh")


def numeral(number: int, lang: str) -> str:
    """A section number: 二 in Chinese, 2 where the language has no numerals of its own."""
    numerals = group("meta", lang)["numerals"]
    return numerals[number - 1] if 0 < number <= len(numerals) else str(number)


def join(items, lang: str) -> str:
    """Items listed in the language's way: 甲、乙 / a, b."""
    return group("meta", lang)["list_sep"].join(items)


def subdir(lang: str) -> str:
    """The folder of this language's reports under reports/ ("" for the top level)."""
    return group("meta", lang)["subdir"]


#: Views of single groups for every language, for code that reads a whole group.
LABELS = {lang: t["labels"] for lang, t in TABLES.items()}
COMPARISON = {lang: t["comparison"] for lang, t in TABLES.items()}
ACCUMULATION = {lang: t["accumulation"] for lang, t in TABLES.items()}
