"""Stage 3, assessing: how far each unit stands from each target, year by year.

Owns the gap engine (target, actual, gap, completion, status, required pace),
the Open SDG progress arithmetic and county allocations. May import the
catalogue and deliveries stages and the base modules; never presentation or batch.
"""

from luoyang_analysis.gaps.engine import (
    GAP_COLUMNS,
    STATUS_LABELS,
    STATUSES,
    Thresholds,
    aggregate_counties,
    by_department,
    check_allocations,
    completion_rate,
    compute_all,
    compute_gaps,
    compute_unit_years,
    compute_years,
    gap_value,
    is_met,
    linear_progress_ratio,
    load_allocations,
    open_sdg_assess,
    open_sdg_progress,
    responsible_unit_list,
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
