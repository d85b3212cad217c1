"""The sample's registers (示例数据): fictional enterprises behind the sample's counts.

Each county's reported count of smart factories, smart workshops, green demonstration
enterprises, first sets, 五十百 projects and retired transformers and motors is
given the same number of names, so the registers agree with the observations —
except one deliberate gap (偃师市 names one 2017 workshop fewer than it reports)
and one 2017 retirement dismantled after the 10月底前 deadline, so that the
reports show what a discrepancy and a missed deadline look like. Every name is
fictional and marked 示例数据; the credit codes are generated with valid check digits.

Projects get the dates and figures the subsidy estimate reads: qualifying spending
(equipment 40–65 % of the total, some software and technology), completion 8 months
or more after the start (longer for larger projects) and commissioning up to three
months later; a date after 2020 is not known yet, so such a project is 在建 (or 竣工).
A few carry the policy columns by a rule of the story (the largest are 特别重大;
创新示范 projects of equipment and new-materials enterprises won a 强基 grant; …), and
the budget register holds the city's budget for 2017—2019, smaller than the grants
that fall due in 2019. The 首台（套） sales (first_sets) are those of the certified products
of the recognitions register, by their makers and to buyers in the city (FIRST_SET_RESOLD);
they draw from their own random stream, so every other file kept its bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd
from stdnum.cn import uscc

from luoyang_analysis.catalogue.units import units_in
from luoyang_analysis.deliveries.register_contract import REGISTERS
from luoyang_analysis.files import atomic_write_bytes

MARK = "示例数据"
SOURCE = "示例数据（非官方）"
GAP = ("410381", 2017, "smart.smart_workshops")  # one name fewer than reported
LATE_DISMANTLING = ("410323", "2017-11-15")  # 新安县: dismantled after 2017-10-31

LISTED = {  # indicator: (list name, level, item word, document)
    "smart.smart_factories": ("智能工厂", "省", "智能工厂", "豫工信装〔{y}〕{n}号"),
    "smart.smart_workshops": ("智能车间", "省", "智能车间", "豫工信装〔{y}〕{n}号"),
    "green.demo_enterprises": ("绿色工厂", "国家", "", "工信厅节函〔{y}〕{n}号"),
    "techup.first_sets_certified": ("首台（套）", "省", "首台套装备", "豫工信装〔{y}〕{n}号"),
}
PROJECTS = {  # indicator: category
    "techup.benchmark_enterprises": "标杆",
    "techup.innovation_demo_projects": "创新示范",
    "techup.upgrade_projects": "升级",
}
RETIRED = {"capacity.transformers_retired": "变压器", "capacity.motors_retired": "电机"}
INDUSTRIES = ("装备制造", "新材料", "电子信息", "建材", "化工", "食品", "有色金属")
# Projects (技术改造项目库): dates after the sample's last year are not known yet, so a
# project finishing later is 在建 with no completion date.
SAMPLE_END = dt.date(2020, 12, 31)
SPECIAL_MAJOR = 39_700  # 万元: the few largest projects are 特别重大 (一事一议)
STRONG_BASE_INDUSTRIES = ("装备制造", "新材料")  # 创新示范 projects there won a 强基 grant
GREEN_INDUSTRIES = ("建材", "化工", "有色金属")  # one in ten of their 升级 projects: green demos
# The city's budget for technical upgrading (三（一）, 2017—2019), 万元: it grows, but not as
# fast as the grants falling due once the 2017–2018 projects are in production.
BUDGET = {2017: 20_000, 2018: 50_000, 2019: 60_000}
SMART_INDUSTRIES = ("装备制造", "电子信息")  # their 标杆, 创新示范 projects: smart factories
# 首台（套）: each certified product is sold within 1–9 months of its certification, for
# 800–12,900 万元 (5% of the larger prices exceeds the 500 cap); a third are sold once more
# 6–15 months later; half the first sales go to an enterprise with a project in the maker's
# county (a buyer in the city, rewarded too). Sales after 2020 are not known yet.
FIRST_SET_RESOLD = 1 / 3
# A project's name: the enterprise's short name, a line or workshop of its industry and the
# kind of work of its category, picked from the enterprise's serial (no random draw, so every
# file but projects.csv kept its bytes): 「涧西示例2号浮法玻璃生产线节能降耗改造项目」.
LINES = {
    "装备制造": ("数控加工生产线", "重型结构件焊接车间", "总装车间"),
    "新材料": ("特种石墨生产线", "高纯硅材料生产线", "钛合金板材生产线"),
    "电子信息": ("SMT贴片生产线", "光电器件封装车间", "单晶硅片切片生产线"),
    "建材": ("浮法玻璃生产线", "水泥粉磨生产线", "耐火材料成型车间"),
    "化工": ("石化助剂生产线", "精细化工合成车间", "聚氨酯生产线"),
    "食品": ("饮料灌装生产线", "白酒酿造车间", "面制品生产线"),
    "有色金属": ("钼冶炼生产线", "铝板带热轧生产线", "铜材加工车间"),
}
WORKS = {
    "标杆": ("智能化改造", "数字化改造", "自动化升级"),
    "创新示范": ("工艺创新示范", "关键技术产业化", "智能制造示范"),
    "升级": ("技术升级改造", "节能降耗改造", "自动化改造", "提质增效改造"),
}


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed + 12)
        self.names = {u.code: u.name_zh for u in units_in(2017)}
        self.rows: dict[str, list[dict]] = {k: [] for k in REGISTERS}
        self.serial = 0

    def enterprise(self, county: str) -> str:
        self.serial += 1
        body = f"91{county}MA{self.serial:07d}"
        code = body + uscc.calc_check_digit(body)
        industry = INDUSTRIES[int(self.rng.integers(len(INDUSTRIES)))]
        short = self.names[county].rstrip("区县市")
        self.rows["enterprises"].append(
            {
                "uscc": code,
                "name": f"{short}示例{industry}{self.serial}号有限公司（{MARK}）",
                "county_code": county,
                "industry": industry,
                "above_size_from": "2016",
                "source": SOURCE,
            }
        )
        return code

    def project_name(self, category: str) -> str:
        """The name of a project of the enterprise made last (see :data:`LINES`)."""
        firm = self.rows["enterprises"][-1]
        short = self.names[firm["county_code"]].rstrip("区县市")
        lines, works = LINES[firm["industry"]], WORKS[category]
        line, work = lines[self.serial % len(lines)], works[self.serial // len(lines) % len(works)]
        return f"{short}示例{self.serial}号{line}{work}项目"

    def date(self, year: int, first: int = 3, last: int = 12) -> str:
        month = int(self.rng.integers(first, last + 1))
        return f"{year}-{month:02d}-{int(self.rng.integers(1, 29)):02d}"


def _counts(observations: pd.DataFrame, indicator: str) -> list[tuple[str, int, int]]:
    rows = observations[
        (observations["indicator_id"] == indicator) & (observations["unit_code"] != "410300")
    ].dropna(subset=["value"])
    return [
        (r.unit_code, int(r.year), int(r.value))
        for r in rows.itertuples(index=False)
        if r.value > 0
    ]


def planned(serial: int, year: int, total: int) -> dict[str, str]:
    """The plan of the ``serial``-th sample project selected in ``year`` (total in 万元).

    Derived from the serial, never from the random stream, so the rest of the sample is
    unchanged: half the investment planned in the selection year (what the sample reports
    as invested), the rest the next year, completion planned by 30 June two years on —
    except every fifth project, planned to invest 60% in its first year (behind plan), and
    every seventh, due by 31 March of the next year (behind its date while under way).
    """
    first = total * 6 // 10 if serial % 5 == 0 else total // 2
    due = f"{year + 1}-03-31" if serial % 7 == 0 else f"{year + 2}-06-30"
    out = {"planned_completion": due, f"planned_{year}": str(first)}
    if year < 2020:
        out[f"planned_{year + 1}"] = str(total - first)
    return out


def generate_registers(observations: pd.DataFrame, seed: int) -> dict[str, list[dict]]:
    """The registers as rows of text, consistent with ``observations`` (see the module note)."""
    b = _Builder(seed)
    # The projects' schedules and policy columns draw from their own stream, so adding them
    # left every other register's bytes as they were.
    schedule = np.random.default_rng(seed + 13)
    for ind, (list_name, level, word, doc) in LISTED.items():
        for county, year, n in _counts(observations, ind):
            n -= (county, year, ind) == GAP
            for i in range(n):
                b.rows["recognitions"].append(
                    {
                        "list": list_name,
                        "level": level,
                        "year": str(year),
                        "uscc": b.enterprise(county),
                        "item": f"{word}{i + 1}" if word else "",
                        "doc_number": doc.format(y=year, n=100 + year % 100),
                        "doc_date": b.date(year, 9, 12),
                        "source": SOURCE,
                    }
                )
    for ind, category in PROJECTS.items():
        for county, year, n in _counts(observations, ind):
            for _ in range(n):
                pid = f"{county}-{year}-{len(b.rows['projects']) + 1:04d}"
                total = int(b.rng.integers(5, 400)) * 100
                firm = b.enterprise(county)  # drawn here as before: the stream is unchanged
                row = {c.id: "" for c in REGISTERS["projects"]}
                row.update(
                    project_id=pid,
                    name=b.project_name(category),
                    uscc=firm,
                    county_code=county,
                    category=category,
                    selected_year=str(year),
                    total_investment=str(total),
                    equipment=str(total * 6 // 10),
                    start_date=b.date(year, 1, 6),
                    status="在建",
                    source=SOURCE,
                )
                row[f"invested_{year}"] = str(total // 2)
                row.update(_schedule(schedule, row, b.rows["enterprises"][-1]["industry"]))
                row.update(planned(len(b.rows["projects"]) + 1, year, total))
                b.rows["projects"].append(row)
    for ind, kind in RETIRED.items():
        for county, year, n in _counts(observations, ind):
            retired = b.date(year, 3, 8)
            late = (county, year) == (LATE_DISMANTLING[0], 2017) and kind == "变压器"
            dismantled = LATE_DISMANTLING[1] if late else b.date(year, int(retired[5:7]) + 1, 9)
            dismantled = max(dismantled, retired)
            b.rows["retirements"].append(
                {
                    "uscc": b.enterprise(county),
                    "equipment": kind,
                    "quantity": str(n),
                    "capacity": "",
                    "retirement_date": retired,
                    "dismantling_date": dismantled,
                    "verification_date": "",
                    "doc_number": f"示例工信〔{year}〕{len(b.rows['retirements']) + 1}号",
                    "source": SOURCE,
                }
            )
    b.rows["first_sets"] = _first_sets(
        np.random.default_rng(seed + 14), b.rows["recognitions"], b.rows["projects"]
    )
    for year, amount in BUDGET.items():
        b.rows["budget"].append(
            {
                "year": str(year),
                "amount": str(amount),
                "doc_number": f"示例财预〔{year}〕{year % 100}号",
                "source": SOURCE,
            }
        )
    return b.rows


def _add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    return dt.date(day.year + m // 12, m % 12 + 1, min(day.day, 28))


def _schedule(rng: np.random.Generator, row: dict, industry: str) -> dict[str, str]:
    """Qualifying spending, completion, commissioning, status and the policy columns of one
    sample project (see the module note)."""
    total = int(row["total_investment"])
    start = dt.date.fromisoformat(row["start_date"])
    out = {
        "equipment": str(total * int(rng.integers(40, 66)) // 100),
        "software": str(total * int(rng.integers(0, 7)) // 100),
        "technology": str(total * int(rng.integers(0, 5)) // 100),
    }
    # Larger projects take longer: 8 months and up, one more per 2,500 万元.
    done = _add_months(start, 8 + total // 2500 + int(rng.integers(0, 8)))
    running = _add_months(done, int(rng.integers(0, 4)))
    if done > SAMPLE_END:
        out["status"] = "在建"
    elif running > SAMPLE_END:
        out.update(status="竣工", completion_date=done.isoformat())
    else:
        out.update(
            status="投产", completion_date=done.isoformat(), commissioning_date=running.isoformat()
        )
    if total >= SPECIAL_MAJOR:
        out["special_major"] = "是"
    if row["category"] == "创新示范" and industry in STRONG_BASE_INDUSTRIES:
        out["national_funding"] = str(total * 15 // 10_000 * 100)  # 15%, in hundreds of 万元
        out["national_funding_year"] = row["selected_year"]
    if industry in GREEN_INDUSTRIES and row["category"] == "升级" and rng.random() < 0.1:
        out["green_demo"] = "是"
    if industry in SMART_INDUSTRIES and row["category"] in ("标杆", "创新示范"):
        out["smart"] = "是"
    return out


def _first_sets(rng: np.random.Generator, recognitions: list[dict], projects: list[dict]):
    """The sales of the certified 首台（套） products (see the module note)."""
    rows: list[dict] = []
    sales = 0
    for rec in (r for r in recognitions if r["list"] == "首台（套）"):
        county = rec["uscc"][2:8]
        buyers = [p["uscc"] for p in projects if p["county_code"] == county]
        day = _add_months(dt.date.fromisoformat(rec["doc_date"]), int(rng.integers(1, 10)))
        price = int(rng.integers(8, 130)) * 100
        again = rng.random() < FIRST_SET_RESOLD
        buyer = buyers[int(rng.integers(len(buyers)))] if buyers and rng.random() < 0.5 else ""
        while day <= SAMPLE_END:
            sales += 1
            sale = f"{county}-S{sales:03d}"
            for uscc_, role in ((rec["uscc"], "研制"), (buyer, "购买使用")):
                if uscc_:
                    rows.append(
                        {
                            "sale_id": sale,
                            "uscc": uscc_,
                            "role": role,
                            "county_code": county,
                            "product": rec["item"],
                            "level": rec["level"],
                            "doc_number": rec["doc_number"],
                            "doc_date": rec["doc_date"],
                            "sale_date": day.isoformat(),
                            "sales_price": str(price),
                            "source": SOURCE,
                        }
                    )
            if not again:
                break
            day, again, buyer = _add_months(day, int(rng.integers(6, 16))), False, ""
    return rows


def to_csv_bytes(kind: str, rows: list[dict]) -> bytes:
    buf = io.StringIO()
    cols = [c.id for c in REGISTERS[kind]]
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_registers(out_dir: Path | str, observations: pd.DataFrame, seed: int) -> list[Path]:
    """Write one CSV per register kind (enterprises.csv, projects.csv, budget.csv …) into ``out_dir``."""
    out = []
    for kind, rows in generate_registers(observations, seed).items():
        path = Path(out_dir) / f"{kind}.csv"
        atomic_write_bytes(path, to_csv_bytes(kind, rows))
        out.append(path)
    return out
