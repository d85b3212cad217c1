"""luoyang_analysis: targets of 洛政办〔2017〕78号 and how far Luoyang's units stand from them.

Importing the package does nothing but define names: no logging set-up, no I/O.
"""

__version__ = "0.1.0"

from luoyang_analysis.catalogue.targets import (  # noqa: E402
    Catalogue,
    Indicator,
    Target,
    check_catalogue,
    load_catalogue,
)
from luoyang_analysis.catalogue.units import Unit, get_unit, load_units, units_in  # noqa: E402
from luoyang_analysis.exceptions import CatalogueError, LuoyangError, ParameterError, ReportError  # noqa: E402

__all__ = [
    "__version__",
    "Catalogue",
    "CatalogueError",
    "Indicator",
    "LuoyangError",
    "ParameterError",
    "ReportError",
    "Target",
    "Unit",
    "check_catalogue",
    "get_unit",
    "load_catalogue",
    "load_units",
    "units_in",
]
