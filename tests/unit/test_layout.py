"""The package's folders are the stages of the flow, and imports run one way (docs/layout in README).

Stage order: base modules < catalogue < deliveries < sample < gaps < presentation < batch < cli.
A module may import its own stage and earlier ones, never a later one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import luoyang_analysis

PACKAGE = Path(luoyang_analysis.__file__).resolve().parent
BASE = {
    "paths",
    "exceptions",
    "files",
    "digests",
    "i18n",
    "languages",
    "provenance",
    "__version__",
}
ORDER = ["base", "catalogue", "deliveries", "sample", "gaps", "presentation", "batch", "cli"]


def stage_of(module: str) -> str:
    """'luoyang_analysis.gaps.engine' -> 'gaps'; base modules -> 'base'."""
    parts = module.split(".")
    assert parts[0] == "luoyang_analysis", module
    if len(parts) == 1:
        return "base"  # the package itself (__version__)
    head = parts[1]
    if head in BASE:
        return "base"
    if head in ("cli", "__main__"):
        return "cli"
    return head


def imports_of(path: Path) -> list[str]:
    """Every luoyang_analysis module imported by the file, with the names it imports from it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("luoyang_analysis"):
                if node.module == "luoyang_analysis":
                    found += [f"luoyang_analysis.{a.name}" for a in node.names]
                else:
                    found.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; write luoyang_analysis.… in full")
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("luoyang_analysis")]
    return found


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_stage_order_is_known():
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert set(folders) <= set(ORDER) | BASE, folders


def test_imports_run_from_later_stages_to_earlier_ones():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue  # the public API re-exports names from every stage
        here = stage_of(module_name(path))
        for target in imports_of(path):
            there = stage_of(target)
            if ORDER.index(there) > ORDER.index(here):
                wrong.append(f"{module_name(path)} ({here}) imports {target} ({there})")
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_a_backward_import(tmp_path):
    # The test above must be able to fail: a catalogue module importing the batch is caught.
    fake = tmp_path / "x.py"
    fake.write_text("from luoyang_analysis.batch import runner\n", encoding="utf-8")
    assert ORDER.index(stage_of(imports_of(fake)[0])) > ORDER.index("catalogue")
