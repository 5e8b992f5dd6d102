"""Offline reveal.js decks, opened from disk in headless Chromium with every request recorded.

For every notebook in notebooks/ (no per-notebook code) the deck built by ``make slides`` (scripts/slides.py;
built here when missing or out of date) must:

* load with no request other than file: and data:, no failed request, no console or page error, every
  widget rendered, no "Error displaying widget", every image decoded and with alt text;
* initialise reveal.js (``Reveal.isReady()``), have more than one slide, and move forward and back with the
  arrow keys;
* keep its kernel-free explorers working on their slides: the first control of each, moved with the
  keyboard, changes the figure or readout and does not turn the slide; a self-check answer shows feedback.

Screenshots of the first slides and of each explorer go to build/screenshots/slides-*.png.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import pytest
from browser import (
    chromium,
    error_texts,
    image_problems,
    load_script,
    math_problems,
    move_first_control,
    open_logged,
    screenshot,
    self_check_problems,
    shown,
    visible_state,
    wait_changed,
    wait_for_widgets,
)

slides = load_script("slides")
NOTEBOOKS = slides.course_notebooks()
IDS = [p.stem for p in NOTEBOOKS]
#: Slides photographed per deck (the first few, as an audience sees them).
SHOTS = 4
#: Slides (1-based) whose content, all fragments shown, is taller than the slide, and by how much (px).
OVERFLOW_JS = """
() => Reveal.getSlides().map((slide, i) => {
  const at = Reveal.getIndices(slide);
  Reveal.slide(at.h, at.v, 999);
  return [i + 1, slide.scrollHeight - slide.clientHeight];
}).filter(([, px]) => px > 8)
"""


@pytest.fixture(scope="module")
def built() -> Path:
    """Build (or bring up to date) every deck; fail naming `make slides` when that fails."""
    if os.environ.get("FACET_TEST_AS_BUILT"):  # test the files as they are (e.g. hand-edited), no rebuild
        return slides.SLIDES
    failures = slides.build_all(NOTEBOOKS)
    if failures:
        pytest.fail(f"{failures} slide deck(s) failed to build: run `make slides` to see why")
    return slides.SLIDES


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as instance:
        yield instance


def _open(browser: Any, path: Path) -> tuple[Any, Any]:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make slides`")
    page, log = open_logged(browser, path.as_uri(), viewport=(1280, 720))
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=15_000)
    except Exception as error:  # noqa: BLE001
        raise AssertionError(f"{path.name}: reveal.js did not initialise; {log.problems()}") from error
    return page, log


def _indices(page: Any) -> tuple[int, int, int]:
    found = page.evaluate("() => Reveal.getIndices()")
    fragment = found.get("f")
    return found["h"], found["v"], -1 if fragment is None else fragment


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_deck_is_offline_and_navigates(built: Path, browser: Any, notebook: Path) -> None:
    page, log = _open(browser, built / f"{notebook.stem}.slides.html")
    try:
        problems = []
        counts = wait_for_widgets(page)
        if counts["views"] != counts["rendered"]:
            problems.append(f"only {counts['rendered']} of {counts['views']} widgets were rendered")
        total = page.evaluate("() => Reveal.getTotalSlides()")
        if total <= 1:
            problems.append(f"the deck has {total} slide(s): check the cells' slideshow metadata")
        _, found = image_problems(page)
        problems += found
        problems += error_texts(page)
        problems += math_problems(page, slides.handouts.has_raw_math)
        screenshot(page, f"slides-{notebook.stem}-01")
        start = _indices(page)
        page.locator("body").press("ArrowRight")
        page.wait_for_timeout(150)
        moved = _indices(page)
        if moved == start and total > 1:
            problems.append("ArrowRight did not move to the next slide or fragment")
        for number in range(2, SHOTS + 1):
            screenshot(page, f"slides-{notebook.stem}-{number:02d}")
            page.locator("body").press("ArrowRight")
            page.wait_for_timeout(150)
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow:
            warnings.warn(
                f"{notebook.stem}.slides.html: content taller than the {slides.HEIGHT} px slide (scrolls) on "
                + ", ".join(f"slide {n} (+{px} px)" for n, px in overflow)
                + ": split it or shorten it (notebooks/README.md: one figure or one short block per slide)",
                stacklevel=1,
            )
        page.evaluate("() => Reveal.slide(0, 0, 0)")
        page.locator("body").press("ArrowRight")
        page.locator("body").press("ArrowLeft")
        page.wait_for_timeout(150)
        if _indices(page)[:2] != (0, 0):
            problems.append(f"ArrowRight then ArrowLeft did not return to the first slide: {_indices(page)}")
        problems += log.problems()
        assert not problems, f"{notebook.stem}.slides.html:\n  " + "\n  ".join(problems)
        assert page.evaluate("() => document.querySelectorAll('script[src], link[href]').length") == 0, (
            "a deck must be one self-contained file: no <script src> or <link href>"
        )
    finally:
        page.context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_deck_explorers_and_self_checks_respond_on_their_slide(
    built: Path, browser: Any, notebook: Path
) -> None:
    page, log = _open(browser, built / f"{notebook.stem}.slides.html")
    try:
        wait_for_widgets(page)
        problems = []
        twins = page.locator(".facet-explorer-twin")
        for index in range(twins.count()):
            twin = twins.nth(index)
            # show the explorer's slide with all its fragments, as the presenter would reach it
            page.evaluate(
                """el => { const s = el.closest('section'); const i = Reveal.getIndices(s);
                           Reveal.slide(i.h, i.v, 999); }""",
                twin.element_handle(),
            )
            page.wait_for_timeout(200)
            slide_before = _indices(page)[:2]
            before = visible_state(twin)
            if before["images"] != 1:
                problems.append(f"explorer {index} shows {before['images']} images on its slide")
                continue
            action = move_first_control(page, twin)
            after = wait_changed(twin, before)
            screenshot(page, f"slides-{notebook.stem}-explorer{index}")
            if shown(after) == shown(before):
                problems.append(f"explorer {index}: {action} did not change the figure or readout")
            if _indices(page)[:2] != slide_before:
                problems.append(f"explorer {index}: {action} also turned the slide")
        problems += self_check_problems(page, f"slides-{notebook.stem}-selfcheck")
        problems += log.problems()
        assert not problems, f"{notebook.stem}.slides.html:\n  " + "\n  ".join(problems)
    finally:
        page.context.close()
