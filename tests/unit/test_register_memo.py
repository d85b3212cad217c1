"""load_registers keeps its last result per process, and never serves a stale or shared one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from luoyang_analysis.deliveries import registers as reg

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "sample"


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "delivery"
    shutil.copytree(SAMPLE, data)
    return data


def test_a_changed_register_of_the_same_size_and_time_is_read_again(tmp_path):
    data = _copy(tmp_path)
    first = reg.load_registers(data)
    name = first.frames["enterprises"].set_index("uscc")["name"]
    assert name["91410303MA0000001K"] == "西工示例食品1号有限公司（示例数据）"
    path = data / "enterprises.csv"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    # 食品1号 → 食品7号: one digit, the same size in bytes; the old modification time put back
    path.write_text(text.replace("食品1号有限公司", "食品7号有限公司", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    again = reg.load_registers(data)
    name = again.frames["enterprises"].set_index("uscc")["name"]
    assert name["91410303MA0000001K"] == "西工示例食品7号有限公司（示例数据）"


def test_callers_get_their_own_copies(tmp_path):
    data = _copy(tmp_path)
    first = reg.load_registers(data)
    rows = len(first.frames["projects"])
    first.frames["projects"].loc[:, "name"] = "changed by a caller"
    first.errors.append("not from the files")
    second = reg.load_registers(data)
    assert len(second.frames["projects"]) == rows > 0
    assert not (second.frames["projects"]["name"] == "changed by a caller").any()
    assert "not from the files" not in second.errors


def test_a_removed_register_is_noticed(tmp_path):
    data = _copy(tmp_path)
    assert reg.load_registers(data).present("first_sets")
    (data / "first_sets.csv").unlink()
    assert not reg.load_registers(data).present("first_sets")
