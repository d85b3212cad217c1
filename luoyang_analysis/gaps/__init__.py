"""Stage 3, assessing: how far each unit stands from each target, year by year.

Owns the gap engine (target, actual, gap, completion, status, required pace):
``engine`` selects a row's target and stacks rows into tables, ``kinds`` holds
the rule of each kind of row, ``actuals`` and ``energy`` the actual values,
``paths`` the path between milestones, ``progress`` the Open SDG progress
arithmetic (pure functions), ``allocations`` the county allocation files,
``observations`` the counties' sums and ``metrics`` the figures computed from
gap tables. May import the catalogue and deliveries stages and the base
modules; never presentation or batch.
"""

from luoyang_analysis.catalogue.departments import responsible_unit_list
from luoyang_analysis.gaps.allocations import check_allocations, load_allocations
from luoyang_analysis.gaps.engine import (
    GAP_COLUMNS,
    STATUS_LABELS,
    STATUSES,
    compute_all,
    compute_gaps,
    compute_unit_years,
    compute_years,
)
from luoyang_analysis.gaps.metrics import by_department
from luoyang_analysis.gaps.observations import aggregate_counties
from luoyang_analysis.gaps.progress import (
    Thresholds,
    completion_rate,
    gap_value,
    is_met,
    linear_progress_ratio,
    open_sdg_assess,
    open_sdg_progress,
)

__all__ = [
    "GAP_COLUMNS",
    "STATUS_LABELS",
    "STATUSES",
    "Thresholds",
    "aggregate_counties",
    "by_department",
    "check_allocations",
    "completion_rate",
    "compute_all",
    "compute_gaps",
    "compute_unit_years",
    "compute_years",
    "gap_value",
    "is_met",
    "linear_progress_ratio",
    "load_allocations",
    "open_sdg_assess",
    "open_sdg_progress",
    "responsible_unit_list",
]
