"""Every frame of every explorer's twin is clean: no text cut by the figure's edge, no texts overlapping, no
legend over data (issue 16). The frames checked are exactly the twin's (`twin_combinations`), the frames a
handout reader and a printed page see; the live notebook draws the same figure. Static figures are checked in
tests/test_figures.py with the same rules (tests/figure_hygiene.py).
"""

from __future__ import annotations

import warnings

import pytest
from facet_course.core import style
from facet_course.core.explore import Explorer, render_png
from figure_hygiene import data_uri_bytes, explorer_factories, problems, same_picture

FACTORIES = explorer_factories()


@pytest.mark.parametrize(("name", "factory"), FACTORIES, ids=[n for n, _ in FACTORIES])
def test_every_twin_frame_keeps_text_inside_and_apart_and_legends_off_the_data(name: str, factory) -> None:
    explorer: Explorer = factory()
    fig, update = explorer.figure()
    found: dict[str, dict] = {}
    for params in explorer.twin_combinations():
        update(**{**explorer.defaults(), **params})
        for problem in problems(fig):
            found.setdefault(problem, params)
    listed = "\n".join(f"  {problem}  (first at {params})" for problem, params in found.items())
    assert not found, f"{name}: {len(found)} problem(s) a reader sees in its frames:\n{listed}"


def test_same_picture_sees_one_figure_at_two_resolutions_and_not_two_figures() -> None:
    def picture(title: str, slope: float, dpi: float, palette: bool) -> bytes:
        """Bars, as many frames are: a different frame moves ink, not one thin line."""
        fig, (ax,) = style.new_figure()
        ax.bar([0, 1, 2], [1 + slope, 2, 1 - slope], width=0.9)
        ax.set_title(title)
        return render_png(fig, dpi=dpi, palette=palette)

    figure = picture("Relief by hour", 1.0, 100, False)
    assert same_picture(figure, picture("Relief by hour", 1.0, 96, True))
    assert not same_picture(figure, picture("Relief by hour", -1.0, 96, True))
    with pytest.raises(ValueError, match="data URI"):
        data_uri_bytes("https://example.org/figure.png")


@pytest.mark.parametrize(("name", "factory"), FACTORIES, ids=[n for n, _ in FACTORIES])
def test_every_twin_frame_drawn_for_a_slide_is_clean_and_its_text_at_least_18_px(
    name: str, factory, monkeypatch
) -> None:
    """The frames the slide build draws (FACET_COURSE_PRESENT=1, issue 15): the same hygiene, and no text
    under 18 px at the resolution the frame is drawn at for its place beside the controls."""
    monkeypatch.setenv(style.PRESENT_ENV, "1")
    found: dict[str, dict] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "constrained_layout not applied": the build would fail on it
        explorer: Explorer = factory()
        explorer.fit_to_slide(explorer.twin_combinations())  # as its twin does on a slide
        fig, update = explorer.figure()
        fig.set_dpi(style.slide_dpi(fig))  # measured as drawn: at the slide's resolution
        for params in explorer.twin_combinations():
            update(**{**explorer.defaults(), **params})
            style.draw_for_slide(fig)
            for problem in problems(fig):
                found.setdefault(problem, params)
            smallest = style.smallest_text_px(fig, fig.dpi)
            if smallest < 18:
                found.setdefault(f"text at {smallest} px on the slide", params)
    listed = "\n".join(f"  {problem}  (first at {params})" for problem, params in found.items())
    assert not found, f"{name}, drawn for a slide: {len(found)} problem(s) in its frames:\n{listed}"


@pytest.mark.parametrize(("name", "factory"), FACTORIES, ids=[n for n, _ in FACTORIES])
def test_every_twin_frame_drawn_for_a_handout_is_clean(name: str, factory, monkeypatch) -> None:
    """The frames a handout shows on screen (FACET_COURSE_PRESENT=handout, the twin's own dpi): the same
    hygiene, measured at the resolution they are drawn at (a label that fits at 100 dpi was cut at 96)."""
    from facet_course.core import explore

    monkeypatch.setenv(style.PRESENT_ENV, "handout")
    monkeypatch.setenv(explore.STATIC_ENV, "1")
    found: dict[str, dict] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer: Explorer = factory()
        explorer.fit_to_slide(explorer.twin_combinations())  # as its twin does in a handout
        fig, update = explorer.figure()
        fig.set_dpi(explorer.twin_dpi)
        for params in explorer.twin_combinations():
            update(**{**explorer.defaults(), **params})
            style.draw_for_slide(fig)
            for problem in problems(fig):
                found.setdefault(problem, params)
    listed = "\n".join(f"  {problem}  (first at {params})" for problem, params in found.items())
    assert not found, f"{name}, drawn for a handout: {len(found)} problem(s) in its frames:\n{listed}"


@pytest.mark.parametrize(("name", "factory"), FACTORIES, ids=[n for n, _ in FACTORIES])
def test_every_explorer_prints_its_default_frame_clean(name: str, factory, monkeypatch) -> None:
    """The default frame a handout prints (laid out again and drawn at the print resolution): the same
    hygiene, measured at that resolution."""
    from facet_course.core import explore

    monkeypatch.setenv(style.PRESENT_ENV, "handout")
    monkeypatch.setenv(explore.STATIC_ENV, "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer: Explorer = factory()
        explorer.fit_to_slide(explorer.twin_combinations())
        fig, update = explorer.figure()
        update(**explorer.defaults())
        explorer._print_pixels(fig)
        fig.set_dpi(style.print_dpi(fig))
        found = problems(fig)
    assert not found, f"{name}, printed: " + "; ".join(found)
