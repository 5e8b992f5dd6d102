"""One figure style for the whole course: fonts, sizes, a colour-blind safe palette, labels.

Every figure in the course is made through :func:`new_figure`, so notebooks never set a style of their own.
The palette is Okabe & Ito's eight colours (Okabe M, Ito K. Color Universal Design, 2008), which stay
distinguishable for the common colour-vision deficiencies and in greyscale print.
"""

from __future__ import annotations

import math
import os
from typing import Literal

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, LogFormatter, NullLocator, ScalarFormatter

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


# -- the presentation style (slides) ---------------------------------------------------------------------
#: Environment variable the slide build sets: figures are drawn for a 1280 x 720 slide, not a page.
PRESENT_ENV = "FACET_COURSE_PRESENT"
#: On a slide no figure text is under 18 CSS px (issue 15: readable from the back row). A figure keeps its
#: page layout (same inches) and is drawn at the resolution that makes it as large as the slide can show it
#: (its natural size: the slide never enlarges it); every text is raised to the size that is PRESENT_MIN_PX
#: there. 18.5: a little room for a frame shown a few pixels narrower than its column.
PRESENT_MIN_PX = 18.5
#: Where a figure goes on a 1280 x 720 slide (CSS px, templates/facet_slides): an explorer's frame beside its
#: controls, above its source note and readout; a figure alone under a heading, above its source note.
SLIDE_AREAS: dict[str, tuple[float, float]] = {"frame": (930.0, 540.0), "figure": (1200.0, 560.0)}
#: What else shares the slide's 720 px height with the figure: reveal's padding, the slide number and gaps
#: (and a heading over a figure), and the source note printed under it as a caption (18 px type, 23 px a
#: line). A caption is given CAPTION_LINES lines whatever its text, so that a figure is laid out the same on a
#: slide (author-year citations) and in a handout (the full form, in a page's width): one layout, tested once.
SLIDE_HEIGHT_PX = 720.0
SLIDE_AROUND_PX: dict[str, float] = {"frame": 90.0, "figure": 110.0}
CAPTION_LINE_PX, CAPTION_LINES = 23.0, 2


def reserve_under(fig: Figure, px: float) -> None:
    """Keep ``px`` CSS px of the slide's height for the text printed under the figure."""
    fig._facet_under_px = px  # type: ignore[attr-defined]


def caption_px(fig: Figure) -> float:
    """The slide height a figure's caption is given: CAPTION_LINES lines if it has a source note, else 0."""
    return CAPTION_LINE_PX * CAPTION_LINES if caption(fig) else 0.0


def reserve_caption(fig: Figure) -> None:
    """A figure alone on a slide: keep room under it for its source note (printed as a caption)."""
    reserve_under(fig, caption_px(fig))


def slide_dpi(fig: Figure) -> float:
    """Dots per inch that make the figure as large as its place on a slide allows: the width of its place and
    the slide's height less what surrounds it and the text printed under it (:func:`reserve_under`)."""
    kind = getattr(fig, "_facet_slide", "figure")
    width, height = SLIDE_AREAS[kind]
    room = SLIDE_HEIGHT_PX - SLIDE_AROUND_PX[kind] - getattr(fig, "_facet_under_px", 0.0)
    height = min(height, room)
    return round(min(width / fig.get_figwidth(), height / fig.get_figheight()), 1)


def slide_min_pt(fig: Figure) -> float:
    """The smallest font size (points) that is PRESENT_MIN_PX pixels at the figure's slide resolution."""
    return round(PRESENT_MIN_PX * 72.0 / slide_dpi(fig), 2)


def mark_as_frame(fig: Figure) -> None:
    """Say that this figure is an explorer's frame (on a slide it shares the width with its controls)."""
    fig._facet_slide = "frame"  # type: ignore[attr-defined]


#: Outside the notebook, on paper, no figure text is under 7 pt (issue 16): the least size for a figure that
#: prints at most at its own width (a wider one is shrunk to the page and has larger type on a slide anyway).
PRINT_MIN_PT = 7.0
#: A handout's static figures are drawn for print: PRINT_DPI dots per inch of the figure, shown on screen (and
#: printed) at CSS_PX_PER_INCH, so a 7-inch figure is 7 inches on paper at 200 ppi (issue 16).
PRINT_DPI = 200.0
CSS_PX_PER_INCH = 96.0
#: The printed width of an A4 page inside 15 mm margins (inches): a wider figure is shrunk to it on paper, so
#: it needs only PRINT_DPI at this width (fewer pixels: smaller handouts and PDFs).
PRINT_WIDTH_IN = 7.09


#: An explorer's printed frame is at most this wide (inches): its type, drawn for its place beside the
#: controls on a slide (about 1.4 pt per inch of figure width), still prints at 7 pt or more, with half the
#: pixels.
PRINT_FRAME_IN = 5.0


def print_width_in(fig: Figure) -> float:
    """How wide the figure prints (inches): an explorer's frame at most PRINT_FRAME_IN, any figure at most the
    page's width."""
    widest = PRINT_FRAME_IN if getattr(fig, "_facet_slide", "figure") == "frame" else PRINT_WIDTH_IN
    return min(fig.get_figwidth(), widest)


def print_dpi(fig: Figure) -> float:
    """Dots per inch that print the figure at PRINT_DPI at the width it prints (:func:`print_width_in`)."""
    return round(PRINT_DPI * print_width_in(fig) / fig.get_figwidth(), 1)


def presenting() -> bool:
    """True when figures are drawn for outside the notebook, in the presentation style: for slides
    (``FACET_COURSE_PRESENT=slide``, or ``1``) and for handouts (``FACET_COURSE_PRESENT=handout``), which
    carry the slides' figures (larger type, the source note as a caption under the figure) for print."""
    return os.environ.get(PRESENT_ENV, "") not in ("", "0")


def on_slide() -> bool:
    """True when figures are drawn for a slide (the slide build: ``FACET_COURSE_PRESENT=slide`` or ``1``)."""
    return os.environ.get(PRESENT_ENV, "") in ("1", "slide")


def present(fig: Figure) -> bool:
    """Make a drawn-for-the-page figure fit for a slide; True if anything changed (then draw it again).

    Every text is raised to at least :func:`slide_min_pt` (and PRINT_MIN_PT); titles, labels and notes wrap
    at the figure's edge instead of running past it; a number on an axis that would overlap the one before it
    is left out (after a draw, when their places are known; names set by the lesson never are).
    Idempotent: call it before and after every draw.
    """
    least = max(slide_min_pt(fig), PRINT_MIN_PT)
    changed = False
    for text in fig.findobj(Text):
        if text.get_fontsize() < least:
            text.set_fontsize(least)
            changed = True
    for text in _wrappable(fig):
        if not text.get_wrap() and text.get_rotation() in (0.0, 90.0):
            text.set_wrap(True)
            changed = True
    return _thin_tick_labels(fig) or changed


def draw_for_slide(fig: Figure, passes: int = 3) -> None:
    """Draw a figure in the presentation style (:func:`present`): it needs the drawn places of its texts
    (wrapping, crowded tick labels), so it is drawn until nothing changes (twice for most figures)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    present(fig)
    for _ in range(passes):
        canvas.draw()
        if not present(fig):
            return
    canvas.draw()


def _wrappable(fig: Figure) -> list[Text]:
    """Titles, axis labels and free texts of the figure and its axes (not tick labels or legend entries)."""
    found: list[Text] = list(fig.texts)
    found += [t for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None]
    for ax in fig.axes:
        found += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
    return found


def _axis_labels(axis: object) -> list[Text]:
    ticks = axis.get_major_ticks() + axis.get_minor_ticks()  # type: ignore[attr-defined]
    return [t.label1 for t in ticks] + [t.label2 for t in ticks]


def _numeric(axis: object) -> bool:
    """True when a crowded tick label of the axis may be left out: numbers the axis formats itself, or the
    landmark times of :func:`log_time_axis` (names set by the lesson, such as levels or drugs, never are)."""
    if getattr(axis, "_facet_landmarks", False):  # clinicians' times on a log axis: the others keep the scale
        return True
    return isinstance(axis.get_major_formatter(), (ScalarFormatter, LogFormatter))  # type: ignore[attr-defined]


def _thin_tick_labels(fig: Figure) -> bool:
    """Hide tick labels that overlap the previous shown one on the same axis (places from the last draw);
    True if the set of hidden labels changed."""
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    if renderer is None:
        return False
    changed = False
    for ax in fig.axes:
        for axis, along in ((ax.xaxis, 0), (ax.yaxis, 1)):
            labels = _axis_labels(axis)
            before = {id(t) for t in labels if getattr(t, "_facet_thinned", False)}
            for label in labels:  # a frame may move its ticks: start from every label shown again
                if getattr(label, "_facet_thinned", False):
                    label.set_visible(True)
                    label._facet_thinned = False  # type: ignore[attr-defined]
            if not _numeric(axis):  # names (levels, drugs, clinicians' times) are never left out
                continue
            shown = [(t, t.get_window_extent(renderer)) for t in labels if t.get_visible() and t.get_text()]
            shown.sort(key=lambda tb: tb[1].get_points()[0][along])
            last = None
            for label, box in shown:
                if last is not None and box.padded(1).overlaps(last):
                    label.set_visible(False)
                    label._facet_thinned = True  # type: ignore[attr-defined]
                else:
                    last = box
            after = {id(t) for t in labels if getattr(t, "_facet_thinned", False)}
            changed = changed or before != after
    return changed


def smallest_text_px(fig: Figure, dpi: float) -> float:
    """The smallest font size of the figure's shown texts, in pixels at ``dpi`` (0 when it has no text)."""
    sizes = [
        t.get_fontsize()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and not getattr(t, "_facet_caption", False)
    ]
    return round(min(sizes) * dpi / 72.0, 1) if sizes else 0.0


#: On a slide a caption keeps to CAPTION_LINES lines of the frame column (about 95 characters a line at
#: 18 px): a longer source list is cut after the last whole source that fits and says where the rest are.
SLIDE_CAPTION_CHARS = 95 * CAPTION_LINES
SLIDE_CAPTION_MORE = " ... (all sources: notebook and handout)"


def caption(fig: Figure) -> str:
    """The figure's source notes as one line of text, printed under the figure in the page's own type (at
    least 18 px on a slide) instead of in 7-point type inside it. On a slide a long list of sources is cut
    after the last whole source that fits two lines and says that the notebook and its handout give them."""
    notes = [t.get_text().strip() for t in fig.findobj(Text) if getattr(t, "_facet_caption", False)]
    text = " ".join(n for n in notes if n)
    if not on_slide() or len(text) <= SLIDE_CAPTION_CHARS:
        return text
    room = SLIDE_CAPTION_CHARS - len(SLIDE_CAPTION_MORE)
    depth, cut = 0, 0
    for i, char in enumerate(text[:room]):  # the last '; ' or '. ' outside brackets: a whole source
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and text[i : i + 2] in ("; ", ". "):
            cut = i + (char == ".")
    return (text[:cut] if cut > 0 else text[:room].rsplit(" ", 1)[0]) + SLIDE_CAPTION_MORE


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
    if presenting():  # on a slide the note is a caption under the figure: no strip inside it
        return
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        share = min(0.45, (lines + 0.5) * NOTE_LINE_INCHES / fig.get_figheight() + 0.01)
        engine.set(rect=(0, share, 1, 1 - share))


def source_note(fig: Figure, text: str) -> Text:
    """Write a source line (or 'Synthetic data: ...') in small type along the bottom edge, with room made for
    as many lines as it needs; returns the text artist (an explorer may narrow it per frame)."""
    reserve_bottom(fig, note_lines(fig, text))
    note = fig.text(0.005, 0.004, text, fontsize=7, color="#444444", ha="left", va="bottom", wrap=True)
    if presenting():  # a slide prints it under the figure instead (caption())
        note._facet_caption = True  # type: ignore[attr-defined]
        note.set_visible(False)
    return note


def log_time_axis(ax: Axes, ticks: dict[float, str], label: str, limits: tuple[float, float]) -> None:
    """A log time axis with clinicians' tick labels ('15 min', '1 day', '1 month') at the given positions."""
    ax.set_xscale("log")
    ax.set_xlim(*limits)
    ax.xaxis.set_major_locator(FixedLocator(list(ticks)))
    ax.set_xticklabels(list(ticks.values()))
    ax.xaxis._facet_landmarks = True  # type: ignore[attr-defined]  # on a slide a crowded one may be left out
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
