"""Every path the project uses, from one place.

The project root is taken from ``LUOYANG_ROOT`` when set; otherwise it is the
checkout that contains this package (the editable install used by ``make``).
Nothing here depends on the current working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CATALOGUE_DIR = PACKAGE_DIR / "catalogue"
TARGETS_FILE = CATALOGUE_DIR / "targets.yaml"
POLICY_FILE = CATALOGUE_DIR / "policy.yaml"
UNITS_FILE = CATALOGUE_DIR / "units.csv"
SOURCE_TEXT_FILE = CATALOGUE_DIR / "luozhengban-2017-78.txt"
SAMPLE_README_TEMPLATE = PACKAGE_DIR / "sample" / "templates" / "README.md"


def project_root() -> Path:
    """The checkout root: ``$LUOYANG_ROOT`` if set, else the parent of the package."""
    env = os.environ.get("LUOYANG_ROOT")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    return project_root() / "data" / "processed"


def reports_dir() -> Path:
    """Where reports go: ``$LUOYANG_REPORTS`` if set, else ``<root>/reports``."""
    env = os.environ.get("LUOYANG_REPORTS")
    return Path(env).resolve() if env else project_root() / "reports"
