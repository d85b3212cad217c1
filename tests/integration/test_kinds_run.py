"""The scorecards, the final evaluation and the bulletin built from the sample, through the batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from luoyang_analysis.batch import kinds, runner
from luoyang_analysis.cli import main as cli_main
from luoyang_analysis.deliveries import processed

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("kinds")
    root, out = base / "root", base / "reports"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "sample").symlink_to(REPO / "data" / "raw" / "sample")
    (root / "notebooks").symlink_to(REPO / "notebooks")
    mp = pytest.MonkeyPatch()
    mp.setenv("LUOYANG_ROOT", str(root))
    mp.setenv("LUOYANG_REPORTS", str(out))
    data = processed.resolve_data(None)
    obs, manifest = processed.load(data)
    jobs = runner.plan(obs, manifest, data, [2017], None, "zh", ("html", "pdf"), True, True)
    wanted = {"2017/departments/coal", "2017/departments/index", "final/410302"}
    result = runner.run(
        [j for j in jobs if j.key in wanted], ("html", "pdf"), workers=1, progress=False
    )
    status = cli_main(["bulletin", "--period", "2018H1"])
    again = kinds.build_bulletin("2018H1")
    mp.undo()
    return result, status, again, out


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_kind_is_built_as_html_and_pdf(built):
    result, status, again, out = built
    assert result.failures == [] and status == 0
    for stem in (
        "2017/departments/coal",
        "2017/departments/index",
        "final/410302",
        "bulletins/2018H1",
    ):
        assert (out / f"{stem}.html").exists() and len(PdfReader(out / f"{stem}.pdf").pages) >= 1
    assert again.result.built == [] and again.result.skipped == ["bulletins/2018H1"]  # incremental


def test_the_pages_show_the_sample_figures(built):
    out = built[3]
    coal = text(out / "2017/departments/coal.html")
    # Sample, 2017: the city closed 25 mines (target 25), inspected 24 of 25 -> 96.0%.
    assert "市煤炭局" in coal and "96.0%" in coal and "五、定性任务" in coal
    assert 'href="coal.html"' in text(out / "2017/departments/index.html")
    final = text(out / "final/410302.html")
    assert "老城区 2017—2020年四个攻坚方案终期评估" in final and "数据覆盖" in final
    bulletin = text(out / "bulletins/2018H1.html")
    # Sample: 老城区 completed 4.2 亿元 in 2017, 4.2 / 100 = 4.2% of the city plan.
    assert "老城区：重点项目（合计）当年完成投资4.2 亿元，占全市计划的4.2%" in bulletin
    assert "2018年上半年没有新报送的数据" in bulletin
    assert 'href="bulletins/2018H1.html"' in text(out / "index.html")
