"""Charts for reports (matplotlib, CJK-capable via :mod:`luoyang_analysis.fonts`)."""

from __future__ import annotations

import math

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import Catalogue
from luoyang_analysis.presentation import fonts, style


def target_paths(catalogue: Catalogue, plan: str, lang: str = "zh"):
    """Small multiples: each indicator's quantitative targets by year (milestones of the plan).

    Indicators with a single target year are left out (a lone point says nothing
    a table does not). Returns a matplotlib Figure, or None if nothing to draw.
    """
    import matplotlib.pyplot as plt

    fonts.configure_matplotlib()
    acc = i18n.group("accumulation", lang)
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
    height = 2.6 * nrows
    fig, axes = plt.subplots(nrows, ncols, figsize=(10, height), squeeze=False)
    for ax, ind in zip(axes.flat, inds, strict=False):
        ts = [t for t in ind.targets if t.is_quantitative]
        years = [t.year for t in ts]
        values = [t.value for t in ts]
        ax.plot(years, values, color=style.ACCENT, marker="o", linewidth=1.5)
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
        ax.set_title(
            title + (f"（{ind.unit(lang)}）" if ind.unit(lang) else ""), fontsize=9.5, y=TITLE_Y
        )
        ax.set_xticks(range(2016, 2021))
        ax.set_xlim(2015.6, 2020.4)
        ax.set_ylim(0, max(values) * 1.35)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(inds) :]:
        ax.set_visible(False)
    _grid_margins(fig, height, top_inches=0.35)
    return fig


def _grid_margins(fig, height: float, top_inches: float) -> None:
    """Fixed margins for a grid of small charts (tight_layout costs ~0.5 s a figure)."""
    fig.subplots_adjust(
        left=0.06,
        right=0.985,
        wspace=0.28,
        top=1 - top_inches / height,
        bottom=0.45 / height,
        hspace=0.62 / 1.9,
    )


#: Where a small multiple's title sits: where matplotlib puts it when nothing is drawn
#: above the axes, as here. Given, matplotlib stops measuring every tick label of
#: every axes to place each title (a quarter of a chart's drawing time).
TITLE_Y = 1.0


def to_png(fig, dpi: int = 110) -> bytes:
    """PNG bytes of a figure, without a timestamp or software tag, so builds are repeatable."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    # compress_level 3: a few % larger than the default 6, a quarter of the encoding time.
    fig.savefig(
        buf, format="png", dpi=dpi, metadata={"Software": None}, pil_kwargs={"compress_level": 3}
    )
    plt.close(fig)
    return buf.getvalue()


def _short(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def indicator_paths(
    history: pd.DataFrame, catalogue: Catalogue, plan: str, year: int, lang: str = "zh"
):
    """Small multiples for one unit: actual path (as compared with targets) against the milestones.

    ``history`` is the unit's gap rows for every year up to ``year`` (``gaps.compute_years``
    filtered to the unit). Only indicators with a target of their own in ``year``
    and a figure in some year up to it are drawn. Solid line: actual; dots: the
    text's milestones; dashed: the expected path between milestones. Returns a
    Figure or None.
    """
    import matplotlib.pyplot as plt

    from luoyang_analysis.gaps.metrics import ASSESSED_KINDS

    fonts.configure_matplotlib()
    words = i18n.group("chart", lang)
    now = history[
        (history["year"] == year)
        & (history["plan"] == plan)
        & history["target_kind"].isin(ASSESSED_KINDS)
    ]
    # What the line may show: a figure on the catalogue's own basis. A figure that cannot be
    # compared (another base year) is not drawn; the programme's starting point (the base
    # row: zero new ones before 2017 by definition) is no figure of the unit's.
    history = history.assign(
        actual_value=history["actual_value"].where(history["status"] != "not_comparable")
    )
    # A chart of targets alone says nothing the table does not: only indicators with a figure.
    measured = set(
        history[
            (history["year"] <= year)
            & history["actual_value"].notna()
            & (history["target_kind"] != "base")
        ]["indicator_id"]
    )
    ids = [i for i in dict.fromkeys(now["indicator_id"]) if i in measured]
    if not ids:
        return None
    ncols = 3
    nrows = math.ceil(len(ids) / ncols)
    height = 2.5 * nrows + 0.3
    fig, axes = plt.subplots(nrows, ncols, figsize=(10, height), squeeze=False)
    last_year = max(2020, year)
    for ax, iid in zip(axes.flat, ids, strict=False):
        ind = catalogue.indicator(iid)
        h = history[(history["indicator_id"] == iid) & (history["year"] <= year)].sort_values(
            "year"
        )
        # The line joins exact values only: a year without a figure breaks it (NaN), and a
        # lower bound (a running total with years missing) is a hollow mark, not a point on it.
        bound = h["actual_qualifier"].eq("at_least")
        ax.plot(
            h["year"],
            h["actual_value"].where(~bound),
            color=style.ACTUAL,
            marker="o",
            markersize=3.5,
            linewidth=1.6,
            label=words["actual"],
        )
        if bound.any():
            ax.scatter(
                h["year"][bound],
                h["actual_value"][bound],
                marker="^",
                facecolors="none",
                edgecolors=style.ACTUAL,
                s=26,
                zorder=3,
                label=words["lower_bound"],
            )
        exp = h.dropna(subset=["expected_value"])
        if len(exp):
            ax.plot(
                exp["year"],
                exp["expected_value"],
                color=style.ACCENT,
                linestyle="--",
                linewidth=1,
                label=words["expected"],
            )
        ms = [t for t in ind.targets if t.is_quantitative]
        ax.scatter(
            [t.year for t in ms],
            [t.value for t in ms],
            color=style.ACCENT,
            zorder=3,
            s=22,
            label=words["target"],
        )
        unit = ind.unit(lang)
        name = _short(ind.name(lang), words["title_chars"])
        title = words["title"].format(name=name, unit=unit) if unit else name
        ax.set_title(title, fontsize=words["title_size"], y=TITLE_Y)
        ax.set_xticks(range(2016, last_year + 1))
        ax.set_xlim(2015.6, last_year + 0.4)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        lo = min([0.0] + [v for v in h["actual_value"].dropna()])
        ax.set_ylim(bottom=lo)
    for ax in list(axes.flat)[len(ids) :]:
        ax.set_visible(False)
    legend: dict[str, object] = {}
    for ax in axes.flat:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            legend.setdefault(label, handle)
    fig.legend(
        list(legend.values()),
        list(legend),
        loc="upper center",
        ncol=len(legend),
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, 1.0),
    )
    _grid_margins(fig, height, top_inches=0.62)
    return fig


def status_heatmap(all_gaps: pd.DataFrame, lang: str = "zh"):
    """Counties × indicators with a county status, coloured by status (the city overview's map)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from luoyang_analysis.catalogue.units import CITY_CODE
    from luoyang_analysis.gaps.metrics import ASSESSED_KINDS
    from luoyang_analysis.presentation.style import STATUS_COLOURS

    fonts.configure_matplotlib()
    a = all_gaps[
        (all_gaps["unit_code"] != CITY_CODE) & all_gaps["target_kind"].isin(ASSESSED_KINDS)
    ]
    if a.empty:
        return None
    order = [
        "achieved",
        "on_track",
        "needs_acceleration",
        "limited_progress",
        "deterioration",
        "not_achieved",
        "no_data",
        "basically_achieved",  # 基本完成 (issue 9), its own colour; added last, codes kept
    ]
    code = {s: i for i, s in enumerate(order)}
    name = i18n.column("name", lang)
    unit = i18n.column("unit_name", lang)
    grid = a.pivot_table(index=name, columns=unit, values="status", aggfunc="first", sort=False)
    values = grid.apply(lambda col: col.map(lambda s: code.get(s, code["no_data"]))).astype(float)
    fig_h = 0.42 * len(values) + 1.9
    fig, ax = plt.subplots(figsize=(10, fig_h))
    cmap = ListedColormap([STATUS_COLOURS[s] for s in order])
    ax.imshow(values.to_numpy(), cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, aspect="auto")
    ax.set_yticks(range(len(values.index)), [_short(i, 18) for i in values.index], fontsize=8.5)
    ax.set_xticks(
        range(len(values.columns)), list(values.columns), rotation=45, ha="right", fontsize=8.5
    )
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labeltop=True, labelbottom=False)
    plt.setp(ax.get_xticklabels(), rotation=45, ha="left")
    ax.set_xticks([x - 0.5 for x in range(1, len(values.columns))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(values.index))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    present = [s for s in order if s in set(a["status"])]
    ax.legend(
        handles=[Patch(color=STATUS_COLOURS[s], label=i18n.status_label(s, lang)) for s in present],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.04),
        ncol=len(present),
        fontsize=8.5,
        frameon=False,
    )
    fig.subplots_adjust(left=0.26, right=0.99, top=1 - 1.0 / fig_h, bottom=0.45 / fig_h)
    return fig
