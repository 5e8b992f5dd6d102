"""The figure and explorer of each case section, shown after its cases (they show the models' answers), and
only in the study edition: the exam edition shows a note in their place, so no answer is in its file."""

from __future__ import annotations

from collections.abc import Callable

from IPython.display import Markdown, display
from matplotlib.figure import Figure

from ...core.explore import Explorer, show
from ...core.selfcheck import edition
from .doses_view import dose_explorer, dose_figure
from .outcomes_view import diary_explorer, post_test_figure
from .targets_view import target_figure

#: Section name -> its figure (``(figure, alt text)``).
SECTION_FIGURES: dict[str, Callable[[], tuple[Figure, str]]] = {
    "targets": target_figure,
    "doses": dose_figure,
    "outcomes": post_test_figure,
}

#: Section name -> its explorer (sections whose point a static figure cannot make).
SECTION_EXPLORERS: dict[str, Callable[[], Explorer]] = {"doses": dose_explorer, "outcomes": diary_explorer}

EXAM_NOTE = (
    "*Exam edition: this {what} shows the models' answers to the cases above; it is in the study edition.*"
)


def _known(name: str, table: dict[str, object]) -> None:
    if name not in table:
        raise ValueError(f"no section {name!r}; sections: {', '.join(table)}")


def show_figure(name: str) -> None:
    """Display section ``name``'s figure (study edition) or the exam edition's note."""
    _known(name, SECTION_FIGURES)  # type: ignore[arg-type]
    if edition() == "exam":
        display(Markdown(EXAM_NOTE.format(what="figure")))
        return
    show(*SECTION_FIGURES[name]())


def explorer(name: str) -> Explorer | Markdown:
    """Section ``name``'s explorer (study edition) or the exam edition's note."""
    _known(name, SECTION_EXPLORERS)  # type: ignore[arg-type]
    if edition() == "exam":
        return Markdown(EXAM_NOTE.format(what="explorer"))
    return SECTION_EXPLORERS[name]()
