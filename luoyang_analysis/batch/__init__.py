"""Stage 5, the batch: plan, run and record every report, the summary workbooks and the index.

Owns the jobs and their digests' use, the worker pool and its kernels, and the
outputs under ``reports/``. May import every earlier stage.
"""

from luoyang_analysis.batch.build import Outcome, build_all

__all__ = ["Outcome", "build_all"]
