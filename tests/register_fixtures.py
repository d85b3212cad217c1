"""A hand-made delivery with registers whose counts are worked out by hand (see the comments).

偃师市 410381 and 孟津县 410322. Enterprises E1…E6; E6 holds a credit code issued
in 孟津 but is now in 偃师 (it moved: a warning, not an error).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from stdnum.cn import uscc

from luoyang_analysis.deliveries import processed
from luoyang_analysis.exceptions import DataError


def code(area: str, serial: int) -> str:
    """A credit code with a valid check digit: 91 + area + 9-character serial + check digit."""
    body = f"91{area}{serial:09d}"
    return body + uscc.calc_check_digit(body)


# Worked by hand (GB 32100 weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28):
# 9·1+1·3+4·9+1·27+0·19+3·26+8·16+1·17+0…+1·28 = 326; 326 mod 31 = 16; 31-16 = 15 -> "F".
E1 = "91410381000000001F"
assert code("410381", 1) == E1
E2, E3, E5 = code("410381", 2), code("410381", 3), code("410322", 5)
E6 = code("410322", 6)  # issued in 孟津, the enterprise is now in 偃师

ENTERPRISES = f"""uscc,name,county_code,industry,above_size_from,above_size_to,source
{E1},甲机械有限公司（示例数据）,410381,装备制造,2016,,示例
{E2},乙轴承有限公司（示例数据）,410381,轴承,2016,,示例
{E3},丙电子有限公司（示例数据）,410381,电子,2017,,示例
{E5},戊建材有限公司（示例数据）,410322,建材,2016,,示例
{E6},己化工有限公司（示例数据）,410381,化工,2016,,示例
"""

# 智能车间 2017: E1, E2, E3, E6 in 偃师 (4), E5 in 孟津 (1).
# 智能工厂 2018: E1 — the 2017 workshop upgraded; 智能车间 2018: E2's workshop listed again.
RECOGNITIONS = f"""list,level,year,uscc,item,doc_number,doc_date,source
智能车间,省,2017,{E1},一号车间,豫工信装〔2017〕101号,2017-11-20,示例
智能车间,省,2017,{E2},装配车间,豫工信装〔2017〕101号,2017-11-20,示例
智能车间,省,2017,{E3},贴片车间,豫工信装〔2017〕101号,2017-11-20,示例
智能车间,省,2017,{E6},聚合车间,豫工信装〔2017〕101号,2017-11-20,示例
智能车间,省,2017,{E5},粉磨车间,豫工信装〔2017〕101号,2017-11-20,示例
智能工厂,省,2018,{E1},甲智能工厂,豫工信装〔2018〕88号,2018-10-09,示例
智能车间,省,2018,{E2},装配车间,豫工信装〔2018〕88号,2018-10-09,示例
"""

PROJECTS = f"""project_id,name,uscc,county_code,category,selected_year,total_investment,equipment,software,technology,start_date,completion_date,commissioning_date,status,invested_2017,invested_2018
P1,甲数控化改造,{E1},410381,升级,2017,1000,600,100,50,2017-03-01,2017-12-20,,竣工,800,
P2,乙轴承标杆改造,{E2},410381,标杆,2017,5000,3000,,,2016-06-01,2017-09-30,2017-10-15,投产,2000,
P3,戊绿色建材示范,{E5},410322,创新示范,2018,3000,1000,,,2018-02-01,,,在建,,1200
"""

# 2017 retirements: E1's 5 transformers dismantled 2017-09-15 (before 10-31: met);
# E2's 3 motors dismantled 2017-11-15 (after 10-31: missed). 2018: E5's 2 transformers.
RETIREMENTS = f"""uscc,equipment,quantity,capacity,retirement_date,dismantling_date,verification_date,doc_number,source
{E1},变压器,5,S7-500,2017-06-30,2017-09-15,2017-10-10,偃工信〔2017〕5号,示例
{E2},电机,3,Y系列,2017-08-01,2017-11-15,2017-12-01,偃工信〔2017〕9号,示例
{E5},变压器,2,S9-800,2018-05-01,2018-06-01,,孟工信〔2018〕3号,示例
"""

# Reported totals: 偃师 reports 5 workshops for 2017 (named: 4), 1 factory for 2018
# (named: 1); 孟津 reports 1 workshop for 2017 (named: 1).
OBSERVATIONS = """unit_code,year,indicator_id,value,source,note
410381,2017,smart.smart_workshops,5,,
410381,2018,smart.smart_factories,1,,
410322,2017,smart.smart_workshops,1,,
410381,2017,capacity.transformers_retired,5,,
"""

FILES = {
    "observations.csv": OBSERVATIONS,
    "enterprises.csv": ENTERPRISES,
    "recognitions.csv": RECOGNITIONS,
    "projects.csv": PROJECTS,
    "retirements.csv": RETIREMENTS,
}


def write_delivery(folder: Path, **replace: str) -> Path:
    """The delivery in ``folder``; ``replace`` swaps a file's text (key: name without .csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(replace.get(name.removesuffix(".csv"), text), encoding="utf-8")
    return folder


def refuse(folder) -> list:
    """The problems that stop the processed build of ``folder``."""
    with pytest.raises(DataError) as exc:
        processed.build(folder)
    return exc.value.issues
