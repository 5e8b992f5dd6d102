"""Which artists an explorer's update changed, for drawing only those over a cached background (blitting).

Used by :class:`facet_course.core.explore.Explorer` so that a control move redraws in place in one frame.
"""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.spines import Spine
from matplotlib.text import Text

_BLITTABLE = (Line2D, Text, Patch, AxesImage, Collection, Legend)


def changed_artists(fig: Figure) -> list[Artist] | None:
    """Artists changed since the last draw (stale), or None when only a full redraw is safe."""
    changed: list[Artist] = []
    for ax in fig.axes:  # every axes: an animated artist's change does not mark its axes stale
        fixed = [ax.xaxis, ax.yaxis, ax.patch, *ax.spines.values()]
        if any(part.stale for part in fixed):
            return None
        for child in ax.get_children():
            if child.stale and not any(child is part for part in fixed):
                if not isinstance(child, _BLITTABLE):
                    return None
                changed.append(child)
    for child in [*fig.texts, *fig.legends, *fig.images, *fig.lines, *fig.patches]:
        if child.stale:
            changed.append(child)
    return changed


def with_overlays(moving: list[Artist]) -> list[Artist]:
    """The moving artists plus what must stay on top of them (labels over an image), in drawing order.

    A blitted image or bar would otherwise paint over texts, lines, grid lines and spines that the
    background drew above it; these join the layer, so they are left out of the background and drawn
    once, in order.
    """
    drawn = list(moving)
    for ax in {a.axes for a in moving if a.axes is not None}:
        floor = min(a.get_zorder() for a in moving if a.axes is ax)
        drawn.extend(
            child
            for child in ax.get_children()
            if child not in moving
            and isinstance(child, (*_BLITTABLE, Spine, Axis))
            and child is not ax.patch
            and child.get_visible()
            and child.get_zorder() > floor
        )
    return sorted(drawn, key=lambda a: a.get_zorder())
