"""Colour roles: verdict text colours are readable on white (WCAG AA) and keep their role's hue."""

from __future__ import annotations

import colorsys

import pytest
from facet_course.core.style import ROLE_COLOURS, TEXT_ROLE_COLOURS
from matplotlib.colors import to_rgb
from matplotlib.text import Text


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black, 1 white)."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def test_contrast_formula_known_answers() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#FFFFFF") == pytest.approx(1.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)  # the usual AA grey


@pytest.mark.parametrize("role", sorted(TEXT_ROLE_COLOURS))
def test_text_colour_is_readable_on_white_and_keeps_the_role_hue(role: str) -> None:
    text = TEXT_ROLE_COLOURS[role]
    assert contrast_with_white(text) >= 4.5, f"{role}: {text} is {contrast_with_white(text):.2f}:1 on white"
    hue_text = colorsys.rgb_to_hsv(*to_rgb(text))[0]
    hue_role = colorsys.rgb_to_hsv(*to_rgb(ROLE_COLOURS[role]))[0]
    assert abs(hue_text - hue_role) < 0.03, f"{role}: {text} is not a shade of {ROLE_COLOURS[role]}"


def test_palette_verdict_colours_are_too_light_for_text() -> None:
    """Why TEXT_ROLE_COLOURS exists: the palette's orange fails AA as text on white."""
    assert contrast_with_white(ROLE_COLOURS["caution"]) < 4.5


def test_presentation_style_raises_small_text_makes_the_note_a_caption_and_says_the_smallest_size(
    monkeypatch,
) -> None:
    """Issue 15: drawn for a slide, a 7-point note leaves the figure for a caption, an 8-point label is raised
    to 18.5 px at the slide resolution, and the page style is untouched when not presenting."""
    from facet_course.core import style
    from facet_course.core.explore import render_png

    def figure():
        fig, (ax,) = style.new_figure()
        ax.plot([0, 1], [0, 1])
        ax.text(0.1, 0.9, "small label", fontsize=8)
        ax.set_xlabel("hours after the injection")
        style.source_note(fig, "Source: Author A et al., Journal 2020")
        return fig

    page = figure()
    assert style.caption(page) == ""  # on the page the note stays in the figure
    assert min(t.get_fontsize() for t in page.findobj(Text) if t.get_text()) == 7

    monkeypatch.setenv(style.PRESENT_ENV, "1")
    slide = figure()
    render_png(slide, dpi=style.slide_dpi(slide))
    assert style.caption(slide) == "Source: Author A et al., Journal 2020"
    dpi = style.slide_dpi(slide)
    assert dpi == pytest.approx(min(1200 / 7.0, 560 / 3.6), abs=0.1)
    assert style.smallest_text_px(slide, dpi) >= 18
    assert style.smallest_text_px(slide, dpi) == pytest.approx(style.PRESENT_MIN_PX, abs=0.2)
    style.mark_as_frame(slide)  # beside an explorer's controls the same figure has less room: larger type
    assert style.slide_min_pt(slide) > style.slide_min_pt(figure())


def test_source_notes_cite_author_and_year_on_a_slide(monkeypatch) -> None:
    """On a slide a source note reads 'Cohen 2020' (read from the back row); elsewhere the full short form."""
    from facet_course.core import citations, style

    ids = citations.source("lumbar_guideline")
    page = citations.cite(ids)
    monkeypatch.setenv(style.PRESENT_ENV, "1")
    slide = citations.cite(ids)
    assert slide == "Source: " + citations.author_year(ids)
    assert len(slide) < len(page) and " et al." in page and " et al." not in slide


def test_a_handout_carries_the_slide_figure_at_print_resolution_with_its_note_as_a_caption(
    monkeypatch,
) -> None:
    """Issue 16: a handout's static figure is drawn in the presentation style at 200 ppi for print, shown at a
    page's size (96 CSS px per inch), its source note a caption; citations keep their full form there."""
    import base64
    import io

    from facet_course.core import citations, explore, style
    from PIL import Image

    shown: list[tuple[dict, dict]] = []
    monkeypatch.setattr(explore, "display", lambda data, raw, metadata: shown.append((data, metadata)))
    monkeypatch.setenv(style.PRESENT_ENV, "handout")
    assert style.presenting() and not style.on_slide()
    assert " et al." in citations.cite(citations.source("lumbar_guideline"))
    fig, (ax,) = style.new_figure()
    ax.plot([0, 1], [0, 1])
    style.source_note(fig, "Source: Author A et al., Journal 2020")
    explore.show(fig, "A line rises from zero to one across the plot")
    data, metadata = shown[0]
    width, _ = Image.open(io.BytesIO(base64.b64decode(data["image/png"]))).size
    meta = metadata["image/png"]
    assert width == round(7.0 * style.PRINT_DPI) and meta["width"] == round(7.0 * style.CSS_PX_PER_INCH)
    assert width / (meta["width"] / style.CSS_PX_PER_INCH) >= 200  # pixels per printed inch
    assert meta["caption"] == "Source: Author A et al., Journal 2020" and "text_px" not in meta
