"""Colour roles: verdict text colours are readable on white (WCAG AA) and keep their role's hue."""

from __future__ import annotations

import colorsys

import pytest
from facet_course.core.style import ROLE_COLOURS, TEXT_ROLE_COLOURS
from matplotlib.colors import to_rgb


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
