"""What a reader sees wrong in a drawn figure, found from matplotlib's own layout (issue 16, figure hygiene).

`problems(fig)` draws the figure once and returns plain-language findings, empty when the figure is clean:
- text cut by the figure's edge (a title, label, readout or tick label reaching beyond the canvas),
- two texts overlapping each other,
- a legend drawn over data (points along the axes' lines, its markers, the corners and tops of its bars).

Only what the draw actually puts on the canvas is checked: the renderer's own text calls are recorded, so a
tick label outside the axis range (an artist, never drawn) does not count. Used by tests/test_figures.py for
every figure in figures/ and by tests/test_figure_hygiene.py for every frame of every explorer's twin.
"""

from __future__ import annotations

import base64
import io
from itertools import combinations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: Pixels of give: antialiasing and hinting put a glyph's edge up to a pixel beyond its box.
SLACK = 1.0
#: Points sampled along each straight segment of a line, so a line that crosses a legend counts.
SAMPLES_PER_SEGMENT = 12


def explorer_factories() -> list[tuple[str, object]]:
    """Every explorer the lessons define, as (``<lesson>.<name>``, factory): the figures that move."""
    from facet_course.lessons import all_lessons

    found = []
    for slug, module in all_lessons().items():
        for name in sorted(dir(module)):
            if name.endswith("_explorer") and callable(getattr(module, name)):
                found.append((f"{slug}.{name}", getattr(module, name)))
    return found


def _canvas(fig: Figure) -> FigureCanvasAgg:
    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def drawn_texts(fig: Figure) -> list[Text]:
    """Draw the figure and return the texts the draw put on the canvas, in drawing order.

    Recorded where a text draws itself (``Text.draw``), not at the renderer: matplotlib hands the renderer a
    multi-line text line by line without naming the text, so a wrapped title or a two-line label would be
    missed. A text that draws nothing (hidden, empty, a tick outside the view) is not recorded.
    """
    drawn: dict[int, Text] = {}
    original = Text.draw
    canvas = _canvas(fig)

    def record(self: Text, renderer) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip() and renderer is canvas.get_renderer():
            drawn[id(self)] = self

    Text.draw = record
    try:
        canvas.draw()
    finally:
        Text.draw = original
    return list(drawn.values())


def _shrunk(box: Bbox, by: float) -> Bbox:
    return Bbox.from_extents(box.x0 + by, box.y0 + by, box.x1 - by, box.y1 - by)


def _short(text: Text) -> str:
    return text.get_text().strip().replace("\n", " ")[:60]


def text_problems(fig: Figure) -> list[str]:
    """Texts cut by the figure's edge, and pairs of texts that overlap."""
    texts = drawn_texts(fig)
    renderer = _canvas(fig).get_renderer()
    edge = fig.bbox
    found, boxes = [], []
    for text in texts:
        box = Text.get_window_extent(text, renderer)  # an annotation's own text, without its arrow
        if box.width <= 0 or box.height <= 0:
            continue
        if (
            box.x0 < edge.x0 - SLACK
            or box.y0 < edge.y0 - SLACK
            or box.x1 > edge.x1 + SLACK
            or box.y1 > edge.y1 + SLACK
        ):
            found.append(f"text cut by the figure's edge: {_short(text)!r}")
        boxes.append((_short(text), _shrunk(box, SLACK)))
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        if box_a.overlaps(box_b):
            found.append(f"texts overlap: {a!r} and {b!r}")
    return found


def data_points(ax: Axes) -> np.ndarray:
    """Display coordinates of what an axes plots: points along its lines, its markers, its bars' corners."""
    points = [np.empty((0, 2))]
    for line in ax.lines:
        xy = line.get_xydata() if line.get_visible() else []
        if len(xy) == 0:
            continue
        xy = line.get_transform().transform(xy)
        if len(xy) > 1:
            t = np.linspace(0.0, 1.0, SAMPLES_PER_SEGMENT)[:, None, None]
            xy = (xy[:-1][None] * (1 - t) + xy[1:][None] * t).reshape(-1, 2)
        points.append(xy)
    for collection in ax.collections:
        offsets = collection.get_offsets() if collection.get_visible() else []
        if len(offsets):
            points.append(collection.get_offset_transform().transform(offsets))
    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_visible():
            unit = [(0, 0), (1, 0), (0, 1), (1, 1), (0.5, 1), (0.5, 0.5)]
            points.append(patch.get_data_transform().transform(patch.get_patch_transform().transform(unit)))
    return np.concatenate(points)


def legend_problems(fig: Figure) -> list[str]:
    """Legends drawn over their axes' data."""
    renderer = _canvas(fig).get_renderer()
    found = []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        box = _shrunk(legend.get_window_extent(renderer), 2 * SLACK)
        xy = data_points(ax)
        inside = (xy[:, 0] > box.x0) & (xy[:, 0] < box.x1) & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1)
        if inside.any():
            where = ax.get_title() or "an axes without a title"
            found.append(f"legend over data in {where!r} ({int(inside.sum())} plotted points under it)")
    return found


def problems(fig: Figure) -> list[str]:
    """Everything wrong with the figure as drawn now (see the module docstring); empty when clean."""
    return text_problems(fig) + legend_problems(fig)


#: Mean difference in grey level (0-255) below which two pictures are the same figure: a figure and an
#: explorer frame drawn from the same state at 100 and 96 dpi differ by 3-5; different frames by 12 or more.
SAME_PICTURE_GREY = 8.0


def data_uri_bytes(uri: str) -> bytes:
    """The bytes of a ``data:...;base64,`` URI (how handouts and slides embed images)."""
    head, _, body = uri.partition(",")
    if not head.startswith("data:") or not head.endswith(";base64"):
        raise ValueError(f"not a base64 data URI: {uri[:40]!r}")
    return base64.b64decode(body)


def same_picture(a: bytes, b: bytes) -> bool:
    """Whether two images (PNG or other bytes PIL reads) show the same figure, whatever their resolution:
    both shrunk to 128 x 64 grey pixels, their mean difference is under :data:`SAME_PICTURE_GREY`."""
    from PIL import Image

    def small(data: bytes) -> np.ndarray:
        return np.asarray(Image.open(io.BytesIO(data)).convert("L").resize((128, 64)), dtype=float)

    return float(np.abs(small(a) - small(b)).mean()) < SAME_PICTURE_GREY
