"""Class mode: under JupyterHub (or FACET_COURSE_CLASS=1) sliders redraw on release, not while dragged.

Every slider an explorer makes comes from ``Control.live_widget`` (continuous sliders and selection sliders
alike), so the mode is decided in one place, ``explore.class_mode()``; these tests drive it through the
environment a resident's kernel gets (tests/test_class.py drags one under a real hub).
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from facet_course.core import explore
from facet_course.core.explore import Control

HUB = "JUPYTERHUB_SERVICE_PREFIX"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither a hub nor a setting, unless a test sets one."""
    monkeypatch.delenv(HUB, raising=False)
    monkeypatch.delenv(explore.CLASS_ENV, raising=False)


def sliders() -> list[widgets.ValueWidget]:
    """One slider of each kind an explorer makes: float range, int range, selection of numbers."""
    made = [
        Control("a", "A", (0.0, 2.0, 0.5)).live_widget(),
        Control("n", "N", (1, 5, 1)).live_widget(),
        Control("level", "Level", [1.0, 2.0, 3.0]).live_widget(),
    ]
    kinds = [type(w) for w in made]
    assert kinds == [widgets.FloatSlider, widgets.IntSlider, widgets.SelectionSlider], kinds
    return made


@pytest.mark.parametrize(
    ("hub", "setting", "on_release"),
    [
        (None, None, False),  # make lab on one's own machine: continuous, as before
        ("/user/alice/", None, True),  # a resident's kernel under JupyterHub
        ("/user/alice/", "0", False),  # the setting switches it off under a hub
        (None, "1", True),  # ... and on without one
        (None, "0", False),
    ],
)
def test_sliders_update_on_release_in_class_mode(
    monkeypatch: pytest.MonkeyPatch, hub: str | None, setting: str | None, on_release: bool
) -> None:
    if hub is not None:
        monkeypatch.setenv(HUB, hub)
    if setting is not None:
        monkeypatch.setenv(explore.CLASS_ENV, setting)
    assert explore.class_mode() is on_release
    for slider in sliders():
        assert slider.continuous_update is (not on_release), (type(slider).__name__, hub, setting)


def test_dropdowns_and_buttons_are_unaffected(monkeypatch: pytest.MonkeyPatch) -> None:
    """A click is one change whatever the mode: only sliders have a continuous_update to turn off."""
    monkeypatch.setenv(explore.CLASS_ENV, "1")
    buttons = Control("side", "Side", ["left", "right"]).live_widget()
    assert isinstance(buttons, widgets.ToggleButtons)
    assert not hasattr(buttons, "continuous_update")
