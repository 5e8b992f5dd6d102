"""One figure style for the whole course: fonts, sizes, a colour-blind safe palette, labels.

Every figure in the course is made through :func:`new_figure`, so notebooks never set a style of their own.
The palette is Okabe & Ito's eight colours (Okabe M, Ito K. Color Universal Design, 2008), which stay
distinguishable for the common colour-vision deficiencies and in greyscale print.
"""

from __future__ import annotations

import math
from typing import Literal

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, NullLocator

#: Okabe-Ito palette, by name, so code says what a colour means rather than a hex code.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: The cycle used for lines: strong colours first, yellow last (weak on white).
CYCLE: list[str] = [
    PALETTE[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky_blue", "black")
]

#: Meanings used across notebooks, so the same thing has the same colour everywhere.
ROLE_COLOURS: dict[str, str] = {
    "cervical": PALETTE["orange"],
    "thoracic": PALETTE["green"],
    "lumbar": PALETTE["blue"],
    "highlight": PALETTE["vermillion"],
    "safe": PALETTE["green"],
    "caution": PALETTE["orange"],
    "unsafe": PALETTE["vermillion"],
    "synthetic": "#666666",
    "bone": "#D9D4C7",
    "nerve": PALETTE["yellow"],
}

#: The same roles as text colours on a white page, for verdict words in HTML: darker shades of the palette
#: colours with a contrast ratio of at least 4.5 to white (WCAG AA; palette orange 2.3, green 3.4).
TEXT_ROLE_COLOURS: dict[str, str] = {
    "safe": "#007A58",
    "caution": "#8F5A00",
    "unsafe": "#A64A00",
}

#: Figure sizes in inches for the three places a figure is seen.
SIZES: dict[str, tuple[float, float]] = {
    "notebook": (7.0, 3.6),
    "handout": (6.5, 3.4),  # fits an A4/Letter column with margins
    "slide": (9.6, 5.0),  # 16:9 projector, readable from the back row at the font sizes below
    "square": (4.8, 4.8),
}

Usage = Literal["notebook", "handout", "slide", "square"]

RC: dict[str, object] = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.family": "DejaVu Sans",  # ships with matplotlib: no web fonts, same on every machine
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "image.cmap": "cividis",
    "svg.hashsalt": "facet-course",  # deterministic SVG ids
    "path.simplify": True,
}


def new_figure(
    usage: Usage = "notebook", ncols: int = 1, nrows: int = 1, **subplot_kw: object
) -> tuple[Figure, list[Axes]]:
    """Make a figure in the house style, detached from pyplot (no global state, no auto-display).

    Returns the figure and a flat list of its axes.
    """
    use()
    fig = Figure(figsize=SIZES[usage], layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, subplot_kw=subplot_kw or None).ravel().tolist()
    return fig, axes


def use() -> None:
    """Set the house style globally (matplotlib reads many settings when an artist is made, not drawn)."""
    mpl.rcParams.update(RC)


#: Source notes: 7-point type, about 23 characters per inch of figure width and 0.13 inch per line.
NOTE_CHARS_PER_INCH = 23.0
NOTE_LINE_INCHES = 0.13


def note_lines(fig: Figure, text: str) -> int:
    """How many lines a source note of this length takes across the figure's width."""
    per_line = max(20, int(fig.get_figwidth() * NOTE_CHARS_PER_INCH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def reserve_bottom(fig: Figure, lines: int) -> None:
    """Keep a strip of ``lines`` note lines free at the bottom (constrained layout ignores figure text)."""
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        share = min(0.45, (lines + 0.5) * NOTE_LINE_INCHES / fig.get_figheight() + 0.01)
        engine.set(rect=(0, share, 1, 1 - share))


def source_note(fig: Figure, text: str) -> Text:
    """Write a source line (or 'Synthetic data: ...') in small type along the bottom edge, with room made for
    as many lines as it needs; returns the text artist (an explorer may narrow it per frame)."""
    reserve_bottom(fig, note_lines(fig, text))
    return fig.text(0.005, 0.004, text, fontsize=7, color="#444444", ha="left", va="bottom", wrap=True)


def log_time_axis(ax: Axes, ticks: dict[float, str], label: str, limits: tuple[float, float]) -> None:
    """A log time axis with clinicians' tick labels ('15 min', '1 day', '1 month') at the given positions."""
    ax.set_xscale("log")
    ax.set_xlim(*limits)
    ax.xaxis.set_major_locator(FixedLocator(list(ticks)))
    ax.set_xticklabels(list(ticks.values()))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(label)


def synthetic_label(ax: Axes, text: str = "SYNTHETIC DATA (teaching model)") -> None:
    """Stamp an axes as synthetic, inside the plot, where it cannot be cropped away."""
    ax.text(
        0.99,
        0.98,
        text,
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=8,
        color=ROLE_COLOURS["synthetic"],
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": ROLE_COLOURS["synthetic"], "alpha": 0.85},
    )
