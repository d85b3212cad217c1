"""Every colour of the reports, the index page and the charts, from one place.

The page stylesheet (``templates/report.css``) reads the colours below as CSS
variables (``var(--ink)``); :func:`stylesheet` puts them in front of it.
"""

from __future__ import annotations

from pathlib import Path

#: The page template and its stylesheet.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

INK = "#1f2933"  # text
MUTED = "#616e7c"  # secondary text
LINE = "#cbd2d9"  # table rules
ACCENT = "#9b1c1c"  # headings; the targets in charts
ACTUAL = "#1f4e79"  # the actual path in charts
ON_DARK = "#fff"  # text on a dark status badge
BLANK = "#e4e7eb"  # a status without a colour of its own
READING = "#8a4b08"  # the mark of a verdict that depends on the reading of the text

STATUS_COLOURS = {
    "achieved": "#1a7f37",
    "basically_achieved": "#4d9a5b",  # 基本完成: between achieved and on track
    "on_track": "#6cc36f",
    "needs_acceleration": "#f0b429",
    "limited_progress": "#e8730c",
    "deterioration": "#b42318",
    "not_achieved": "#b42318",
    "no_data": "#9aa5b1",
    # Undecided rather than failed: a lower bound short of the target, a figure on another base.
    "incomplete": "#b8c4d6",
    "not_comparable": "#d9cfe6",
    "no_target": BLANK,
    "contribution": "#cfe0f5",
}
#: Statuses whose badge colour is dark enough for white text.
DARK_STATUSES = (
    "achieved",
    "basically_achieved",
    "deterioration",
    "not_achieved",
    "limited_progress",
)


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, BLANK)


def badge_text_colour(status: str) -> str:
    return ON_DARK if status in DARK_STATUSES else INK


def stylesheet() -> str:
    """The report stylesheet with the colour variables it uses."""
    variables = (
        f":root {{ --ink: {INK}; --muted: {MUTED}; --line: {LINE}; --accent: {ACCENT}; "
        f"--blank: {BLANK}; --reading: {READING}; }}\n"
    )
    return variables + (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")
