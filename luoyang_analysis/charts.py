"""Charts for reports (matplotlib, CJK-capable via :mod:`luoyang_analysis.fonts`)."""

from __future__ import annotations

import math

from . import fonts, i18n
from .targets import Catalogue


def target_paths(catalogue: Catalogue, plan: str, lang: str = "zh"):
    """Small multiples: each indicator's quantitative targets by year (milestones of the plan).

    Indicators with a single target year are left out (a lone point says nothing
    a table does not). Returns a matplotlib Figure, or None if nothing to draw.
    """
    import matplotlib.pyplot as plt

    fonts.configure_matplotlib()
    acc = i18n.ACCUMULATION[lang]
    inds = [
        i
        for i in catalogue.indicators.values()
        if i.plan == plan
        and len({t.year for t in i.targets if t.is_quantitative}) >= 2
        and len({t.value for t in i.targets if t.is_quantitative}) >= 2
    ]
    if not inds:
        return None
    ncols = 3
    nrows = math.ceil(len(inds) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(10, 2.6 * nrows), squeeze=False)
    for ax, ind in zip(axes.flat, inds, strict=False):
        ts = [t for t in ind.targets if t.is_quantitative]
        years = [t.year for t in ts]
        values = [t.value for t in ts]
        ax.plot(years, values, color="#9b1c1c", marker="o", linewidth=1.5)
        for t in ts:
            ax.annotate(
                f"{t.value:g}\n{acc[t.accumulation]}",
                (t.year, t.value),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7.5,
            )
        title = ind.name(lang)
        if len(title) > 18:
            title = title[:17] + "…"
        ax.set_title(title + (f"（{ind.unit(lang)}）" if ind.unit(lang) else ""), fontsize=9.5)
        ax.set_xticks(range(2016, 2021))
        ax.set_xlim(2015.6, 2020.4)
        ax.set_ylim(0, max(values) * 1.35)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(inds) :]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def to_png(fig, dpi: int = 150) -> bytes:
    """PNG bytes of a figure, without a timestamp or software tag, so builds are repeatable."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()
