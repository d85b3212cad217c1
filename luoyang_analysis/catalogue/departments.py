"""The departments named in a target's 责任单位 line of 洛政办〔2017〕78号."""

from __future__ import annotations


def _split_outside_brackets(text: str, seps: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def responsible_unit_list(text: str) -> list[str]:
    """Split a 责任单位 line into departments.

    "市工业和信息化委、发展改革委、环保局，各县（市、区）人民政府" gives 市工业和信息化委,
    市发展改革委, 市环保局, 各县（市、区）人民政府: the 市 of the first name of a
    list distributes over the names after it, as in the text; separators inside
    brackets do not split.
    """
    out: list[str] = []
    for group in _split_outside_brackets(str(text or ""), "，,"):
        names = _split_outside_brackets(group, "、")
        city = bool(names) and names[0].startswith("市")
        for i, name in enumerate(names):
            if i and city and not name.startswith(("市", "各")):
                name = "市" + name
            if name not in out:
                out.append(name)
    return out
