"""The registry of teaching figures that `make figures` writes to figures/ (PNG and alt text).

A lesson registers a figure where it defines it::

    @figure("lumbar-facet-orientation-by-level")
    def orientation_figure() -> tuple[Figure, str]:
        ...
        return fig, alt

so the list cannot drift from the code. The file name says what the figure shows.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

FigureBuilder = Callable[[], tuple[Figure, str]]

#: Every registered figure by file stem (filled as lessons are imported).
REGISTRY: dict[str, FigureBuilder] = {}


def figure(stem: str) -> Callable[[FigureBuilder], FigureBuilder]:
    """Register a function returning ``(figure, alt text)`` under a file stem that says what it shows."""

    def register(builder: FigureBuilder) -> FigureBuilder:
        known = REGISTRY.get(stem)
        if known is not None and known.__qualname__ != builder.__qualname__:
            raise ValueError(
                f"figure name '{stem}' is registered twice ({known.__module__}, {builder.__module__})"
            )
        REGISTRY[stem] = builder
        return builder

    return register
