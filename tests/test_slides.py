"""Offline reveal.js decks, opened from disk in headless Chromium with every request recorded.

For every notebook in notebooks/ (no per-notebook code) the deck built by ``make slides`` (scripts/slides.py;
built here when missing or out of date) must:

* load with no request other than file: and data:, no failed request, no console or page error, every
  widget rendered, no "Error displaying widget", every image decoded and with alt text;
* initialise reveal.js (``Reveal.isReady()``), have more than one slide, and move forward and back with the
  arrow keys;
* keep its kernel-free explorers working on their slides: the first control of each, moved with the
  keyboard, changes the figure or readout and does not turn the slide; a self-check answer shows feedback;
* fit 1280 x 720 at every slide and fragment step (reveal does not scroll: what runs off is lost), with no
  text under 18 px and body text (paragraphs and list items) at least 24 px at slide size, and no figure text
  under 18 px as shown (the image's own smallest text size, ``data-text-px``, times its display scale);
* be listed in build/slides/index.html (title, number of slides, the notebook's time) with its PDF.

Speaker notes on every content slide (any slide but the title, section openers, continuations made by the
split and references) are tested too; decks listed in ``MISSING_NOTES`` are strict expected failures until
they have them.

Screenshots of the first slides and of each explorer go to build/screenshots/slides-*.png.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from browser import (
    axe_violations,
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
#: Every step (slide and fragment) whose content is taller than the slide: [slide (1-based), fragment, px].
OVERFLOW_JS = """
() => {
  const found = [];
  Reveal.getSlides().forEach((slide, i) => {
    const at = Reveal.getIndices(slide);
    const steps = slide.querySelectorAll('.fragment').length;
    for (let f = -1; f < steps; f++) {
      Reveal.slide(at.h, at.v, f);
      const px = slide.scrollHeight - slide.clientHeight;
      if (px > 2) found.push([i + 1, f + 1, px]);
    }
  });
  return found;
}
"""
#: Text on a slide (speaker notes aside) under ``least`` px, and body text (paragraphs and list items of
#: rendered text, not tables) under ``body`` px, at slide size: [slide, px, kind, the text's start].
TEXT_SIZE_JS = """
([least, body]) => {
  const found = [];
  Reveal.getSlides().forEach((slide, i) => {
    const at = Reveal.getIndices(slide);
    Reveal.slide(at.h, at.v, 999);
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, el = node.parentElement;
      if (!node.nodeValue.trim() || el.closest('aside.notes, script, style') || !el.getClientRects().length)
        continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      const text = node.nodeValue.trim().slice(0, 40);
      if (px < least) found.push([i + 1, px, 'text', text]);
      else if (px < body && el.closest('.jp-RenderedMarkdown') && el.closest('p, li')
               && !el.closest('table')) found.push([i + 1, px, 'body text', text]);
    }
  });
  return found;
}
"""
#: Figure text under ``least`` px as shown: every image on a slide is drawn for the slide and says the size of
#: its smallest text in pixels of the image (``data-text-px``, facet_course.core.style); shown at another size
#: (the slide's CSS width over the image's own width) that text is that much larger or smaller:
#: [slide, px as shown, the image's alt text]; px 0 for an image that does not say (not drawn for the slide).
FIGURE_TEXT_JS = """
(least) => {
  const found = [];
  const scale = Reveal.getScale();
  Reveal.getSlides().forEach((slide, i) => {
    const at = Reveal.getIndices(slide);
    Reveal.slide(at.h, at.v, 999);
    slide.querySelectorAll('img').forEach(img => {
      if (!img.getClientRects().length || !img.naturalWidth) return;
      const alt = (img.getAttribute('alt') || '').slice(0, 50);
      const said = parseFloat(img.dataset.textPx || '0');
      const shown = said * (img.getBoundingClientRect().width / scale) / img.naturalWidth;
      if (shown < least) found.push([i + 1, Math.round(shown * 10) / 10, alt]);
    });
  });
  return found;
}
"""
#: Content slides (not the first, a section opener, a continuation or references) without speaker notes.
NOTES_JS = """
() => Reveal.getSlides().map((slide, i) => {
  const heading = slide.querySelector('h1, h2');
  const title = heading ? heading.textContent.trim() : '';
  const opener = slide.parentElement.firstElementChild === slide && !!slide.querySelector('h1, h2');
  const skip = i === 0 || opener || slide.classList.contains('facet-continued') || /references/i.test(title);
  return skip || slide.querySelector('aside.notes') ? null : i + 1;
}).filter(n => n !== null)
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
            # its picture on the slide with the moved frame's patches drawn over it in their places
            problems += [f"explorer {index}: {p}" for p in image_problems(page)[1] if "off its box" in p]
            if shown(after) == shown(before):
                problems.append(f"explorer {index}: {action} did not change the figure or readout")
            if _indices(page)[:2] != slide_before:
                problems.append(f"explorer {index}: {action} also turned the slide")
        problems += self_check_problems(page, f"slides-{notebook.stem}-selfcheck")
        problems += log.problems()
        assert not problems, f"{notebook.stem}.slides.html:\n  " + "\n  ".join(problems)
    finally:
        page.context.close()


#: Decks known not to fit yet, with why (issue 15); strict, so a deck that comes to fit must be taken off.
#: Empty: every deck fits (01 and 06 overflowed on their self-check, where the option-style widget took a grid
#: cell; 03, 04, 05 and 07 on explorer readouts, now with the key result first).
KNOWN_OVERFLOW: dict[str, str] = {}


def deck_params(known: dict[str, str]) -> list[Any]:
    """One parameter per deck; a deck listed in ``known`` (stem -> why) is a strict expected failure."""
    return [
        pytest.param(
            notebook,
            id=notebook.stem,
            marks=pytest.mark.xfail(reason=f"{known[notebook.stem]} (issue 15)", strict=True),
        )
        if notebook.stem in known
        else pytest.param(notebook, id=notebook.stem)
        for notebook in NOTEBOOKS
    ]


FIT_PARAMS = deck_params(KNOWN_OVERFLOW)


@pytest.mark.parametrize("notebook", FIT_PARAMS)
def test_deck_fits_the_slide_and_is_readable(built: Path, browser: Any, notebook: Path) -> None:
    """Every slide and fragment step fits 1280 x 720; no text under 18 px, body text at least 24 px, and no
    figure text under 18 px at the size the figure is shown."""
    page, log = _open(browser, built / f"{notebook.stem}.slides.html")
    try:
        wait_for_widgets(page)
        page.evaluate("() => Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
        page.wait_for_timeout(300)
        problems = [
            f"slide {n}, step {f}: {px} px taller than the {slides.HEIGHT} px slide (lost off the bottom)"
            for n, f, px in page.evaluate(OVERFLOW_JS)
        ]
        small = page.evaluate(TEXT_SIZE_JS, [slides.MIN_TEXT_PX, slides.BODY_PX])
        seen: set[tuple[int, str]] = set()
        for n, px, kind, text in small:
            if (n, kind) not in seen:  # one line per slide and kind
                seen.add((n, kind))
                least = slides.MIN_TEXT_PX if kind == "text" else slides.BODY_PX
                problems.append(f"slide {n}: {kind} at {px:g} px (at least {least} px): {text!r}")
        for n, px, alt in page.evaluate(FIGURE_TEXT_JS, slides.MIN_TEXT_PX):
            said = f"its smallest text is {px:g} px as shown" if px else "it is not drawn for the slide"
            problems.append(f"slide {n}: figure text under {slides.MIN_TEXT_PX} px ({said}): {alt!r}")
        for number in (2, 3):
            page.evaluate(
                f"() => {{ const s = Reveal.getSlides()[{number - 1}]; if (s) {{"
                "const a = Reveal.getIndices(s); Reveal.slide(a.h, a.v, 999); } }"
            )
            page.wait_for_timeout(100)
            screenshot(page, f"slides-{notebook.stem}-fit-{number:02d}")
        assert not problems, (
            f"{notebook.stem}.slides.html (scripts/slides.py splits long slides; the sizes are set in "
            "templates/facet_slides):\n  " + "\n  ".join(problems)
        )
        assert not log.problems(), log.problems()
    finally:
        page.context.close()


#: Decks whose content slides do not all have speaker notes yet (issue 15); strict, so a deck that comes to
#: have them all must be taken off.
MISSING_NOTES: set[str] = set()
NOTES_PARAMS = deck_params(dict.fromkeys(MISSING_NOTES, "content slides without speaker notes"))


@pytest.mark.parametrize("notebook", NOTES_PARAMS)
def test_every_content_slide_has_speaker_notes(built: Path, browser: Any, notebook: Path) -> None:
    page, _ = _open(browser, built / f"{notebook.stem}.slides.html")
    try:
        missing = page.evaluate(NOTES_JS)
    finally:
        page.context.close()
    assert not missing, f"{notebook.stem}.slides.html: content slides without speaker notes: {missing}"


def test_index_lists_every_deck_with_its_slides_time_and_pdf(built: Path) -> None:
    from facet_course.core.course import course_map

    index = built / "index.html"
    assert index.is_file(), "build/slides/index.html is missing: run `make slides`"
    page = index.read_text(encoding="utf-8")
    for info in course_map(NOTEBOOKS[0].parent):
        stem = Path(info.filename).stem
        deck = built / f"{stem}.slides.html"
        count = slides.slide_count(deck)
        assert count and count > 1, f"{deck.name}: no slide count in its head (scripts/slides.py COUNT_META)"
        entry = re.search(rf'<li><a href="{re.escape(deck.name)}">.*?</li>', page)
        assert entry, f"index.html does not link {deck.name}"
        for needed in (f"{info.minutes} min", f"{count} slides", f'href="{stem}.pdf"'):
            assert needed in entry.group(0), f"index.html entry for {deck.name} lacks {needed!r}"
        pdf = built / f"{stem}.pdf"
        assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", f"{pdf.name} is missing or not a PDF"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_deck_passes_axe(built: Path, browser: Any, notebook: Path) -> None:
    """axe-core finds no serious or critical accessibility violation on the opened deck (widgets drawn)."""
    page, _ = _open(browser, built / f"{notebook.stem}.slides.html")
    try:
        wait_for_widgets(page)
        page.wait_for_timeout(200)
        found = axe_violations(page)
    finally:
        page.context.close()
    where = f"{notebook.stem}.slides.html (templates/facet_common/access.j2)"
    assert not found, f"{where}:\n  " + "\n  ".join(found)
