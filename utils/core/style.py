"""One figure style for the whole course: fonts, sizes, a colour-blind safe palette, labels.

Every figure in the course is made through :func:`new_figure`, so notebooks never set a style of their own.
The palette is Okabe & Ito's eight colours (Okabe M, Ito K. Color Universal Design, 2008), which stay
distinguishable for the common colour-vision deficiencies and in greyscale print.
"""

from __future__ import annotations

from typing import Literal

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure

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


def source_note(fig: Figure, text: str) -> None:
    """Write a source line (or 'Synthetic data: ...') in small type along the figure's bottom edge."""
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        lines = 1 + len(text) // 150
        engine.set(rect=(0, 0.035 * lines, 1, 1 - 0.035 * lines))  # keep axes clear of the note
    fig.text(0.005, 0.004, text, fontsize=7, color="#444444", ha="left", va="bottom", wrap=True)


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
