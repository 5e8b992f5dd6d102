"""Every figure the course teaches with is in figures/ (`make figures`), titled, labelled, with alt text."""

from __future__ import annotations

import functools
import importlib
import re
import warnings
from pathlib import Path

import pytest
from figure_hygiene import problems

ROOT = Path(__file__).resolve().parent.parent
make_figures = importlib.import_module("scripts.figures")
BUILDERS = make_figures.collect()


@functools.cache
def built(stem: str):
    """The figure and its alt text, built once for all the checks of this module."""
    return BUILDERS[stem][1]()


def test_figures_folder_holds_exactly_the_figures_the_views_define() -> None:
    on_disk = {p.stem for p in (ROOT / "figures").glob("*.png")}
    defined = set(BUILDERS)
    assert on_disk == defined, (
        f"run `make figures`: missing {sorted(defined - on_disk)}, stale {sorted(on_disk - defined)}"
    )
    listed = set(re.findall(r"^- `([^`]+)\.png`", (ROOT / "figures" / "README.md").read_text(), re.MULTILINE))
    assert listed == defined, "figures/README.md (alt text list) is out of date: run `make figures`"


@pytest.mark.parametrize("stem", sorted(BUILDERS))
def test_each_figure_states_its_point_labels_its_axes_and_has_alt_text(stem: str) -> None:
    module, _ = BUILDERS[stem]
    fig, alt = built(stem)
    assert len(alt.split()) >= 6, f"{stem}: alt text should say what the figure shows"
    titles = [fig._suptitle.get_text() if fig._suptitle else ""] + [
        ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")
    ]
    assert any(t.strip() for t in titles), f"{stem}: no title stating the point"
    for ax in fig.axes:
        if not ax.axison or not (ax.lines or ax.collections or ax.patches or ax.images):
            continue
        fig.canvas.draw()  # tick labels are set at draw time
        for name, label, ticks in (
            ("x", ax.get_xlabel(), ax.get_xticklabels()),
            ("y", ax.get_ylabel(), ax.get_yticklabels()),
        ):
            texts = [t.get_text() for t in ticks if t.get_visible() and t.get_text()]
            # categorical axes (levels, drugs) are labelled by their tick labels; numeric ones need a label
            numeric = bool(texts) and all(re.fullmatch(r"[−\-\d.,%]+", s) for s in texts)
            assert label or not numeric, (
                f"{stem} ({module}): a numeric {name} axis without a label (with unit)"
            )


@pytest.mark.parametrize("stem", sorted(BUILDERS))
def test_each_figure_keeps_text_inside_and_apart_and_legends_off_the_data(stem: str) -> None:
    fig, _ = built(stem)
    found = problems(fig)
    assert not found, f"{stem} ({BUILDERS[stem][0]}): " + "; ".join(found)


@pytest.mark.parametrize("stem", sorted(BUILDERS))
def test_each_figure_drawn_for_a_slide_is_clean_and_its_text_at_least_18_px(stem: str, monkeypatch) -> None:
    """The presentation style (issue 15): the figure as the slide build draws it (FACET_COURSE_PRESENT=1)
    keeps the same hygiene, with no text under 18 px at the resolution it is drawn at for the slide."""
    from facet_course.core import style

    monkeypatch.setenv(style.PRESENT_ENV, "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "constrained_layout not applied": the build would fail on it
        fig, _ = BUILDERS[stem][1]()
        style.reserve_caption(fig)  # as explore.show() does on a slide
        style.draw_for_slide(fig)
        found = problems(fig)
    smallest = style.smallest_text_px(fig, style.slide_dpi(fig))
    if smallest < 18:
        found.append(f"text at {smallest} px on the slide")
    assert not found, f"{stem} ({BUILDERS[stem][0]}), drawn for a slide: " + "; ".join(found)
