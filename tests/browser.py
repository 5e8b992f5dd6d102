"""A small shared Playwright helper: headless Debian Chromium, every request and console error recorded.

Used by the handout and slide tests and by ``tests/lab_server.py``. Never ``playwright install``: the browser
is Debian's ``/usr/bin/chromium`` (``make chromium`` installs it), launched through Playwright's
``executable_path`` with a fresh temporary profile (Playwright gives every ``launch()`` its own
user-data-dir and deletes it afterwards) and with Chromium's own background traffic switched off, so any
request a test sees comes from the page under test.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # the one place the build and the tests take them from

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"

#: URL schemes a page opened from disk may load: itself and inline data. Anything else is a network request.
OFFLINE_SCHEMES = ("file:", "data:", "about:", "blob:")


@contextmanager
def chromium() -> Iterator[Any]:
    """Launch headless Debian Chromium via Playwright; yields a ``playwright.sync_api.Browser``."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make chromium` installs Debian's Chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: every request URL, failed requests, console errors and uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def network(self) -> list[str]:
        """Requests that left the machine (anything but file:, data:, about:, blob:)."""
        return [url for url in self.requests if not url.startswith(OFFLINE_SCHEMES)]

    def problems(self) -> list[str]:
        """Everything that should never happen on an offline page, one line each."""
        found = [f"network request: {url}" for url in self.network()]
        found += [f"failed request: {text}" for text in self.failed]
        found += [f"console error: {text}" for text in self.console_errors]
        found += [f"page error: {text}" for text in self.page_errors]
        return found


def open_logged(browser: Any, url: str, viewport: tuple[int, int] = (1280, 900)) -> tuple[Any, PageLog]:
    """A new page in a fresh context with all traffic and errors logged, then ``goto(url)`` (load event)."""
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block"
    )
    page = context.new_page()
    log = PageLog()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("requestfailed", lambda request: log.failed.append(f"{request.url[:120]} {request.failure}"))
    page.on(
        "console",
        lambda message: (
            log.console_errors.append(f"{message.text[:500]}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: log.page_errors.append(str(error)[:500]))
    page.goto(url, wait_until="load")
    return page, log


def screenshot(page: Any, name: str, full_page: bool = False, element: Any = None) -> Path:
    """Save a PNG under build/screenshots/ (look at it) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if element is not None:
        element.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path


def load_script(name: str) -> Any:
    """The build module ``scripts.<name>`` (the repository root is on pytest's path: pyproject.toml)."""
    return importlib.import_module(f"scripts.{name}")


# -- checks shared by handouts and slides -------------------------------------------------------------
WAIT_FOR_WIDGETS_JS = """
() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const rendered = document.querySelectorAll('.widget-subarea');
  const images = [...document.querySelectorAll('.facet-picture img')];
  return views.length === rendered.length && [...rendered].every(r => r.children.length > 0)
    && document.readyState === 'complete' && images.every(i => i.complete);
}
"""

WIDGET_COUNTS_JS = """
() => ({
  views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
  rendered: [...document.querySelectorAll('.widget-subarea')].filter(r => r.children.length > 0).length,
  switches: document.querySelectorAll('[data-facet-switch]').length,
})
"""


def wait_for_widgets(page: Any, timeout_ms: int = 30_000) -> dict[str, int]:
    """Wait until every embedded ipywidgets view (if a page still has any) has been rendered by the widget
    manager and every twin's pictures have loaded; return the counts (``switches``: plain-HTML explorers and
    self-check questions, which need no widget manager)."""
    try:
        page.wait_for_function(WAIT_FOR_WIDGETS_JS, timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - the counts below say what is missing
        pass
    return page.evaluate(WIDGET_COUNTS_JS)


IMAGES_JS = """
async () => {
  const out = [];
  for (const img of document.querySelectorAll('img')) {
    let decoded = true;
    try { await img.decode(); } catch (e) { decoded = false; }
    out.push({
      src: (img.getAttribute('src') || '').slice(0, 60),
      alt: img.getAttribute('alt'),
      width: img.naturalWidth,
      decoded: decoded,
      // a piece of a twin's frame drawn over its base picture: decorative, the picture's alt is on the base
      patch_of: img.classList.contains('facet-patch')
        ? (img.closest('.facet-picture').querySelector('img.facet-base').getAttribute('alt') || '') : null,
      // a twin's base picture must fill its box exactly: the patches are placed over that box
      box_offset: (() => {
        if (!img.classList.contains('facet-base') || !img.getClientRects().length) return null;
        const a = img.getBoundingClientRect(), b = img.closest('.facet-picture').getBoundingClientRect();
        return Math.max(Math.abs(a.left - b.left), Math.abs(a.top - b.top), Math.abs(a.right - b.right),
                        Math.abs(a.bottom - b.bottom));
      })(),
    });
  }
  return out;
}
"""


def image_problems(page: Any) -> tuple[int, list[str]]:
    """(number of images, problems): images that do not decode, or have no (or empty) alt text.

    The patches of a twin's frame (``img.facet-patch``, drawn over its base picture) are pieces of one
    picture: each must have an empty alt (``alt=""``, decorative) and the base picture they belong to alt
    text."""
    images = page.evaluate(IMAGES_JS)
    found = []
    for index, img in enumerate(images):
        if not img["decoded"] or img["width"] == 0:
            found.append(f"image {index} does not decode (src {img['src']}...)")
        if img["box_offset"] is not None and img["box_offset"] > 1:
            found.append(
                f"image {index} (a twin's picture) is {img['box_offset']:.0f} px off its box: its patches "
                "would be drawn in the wrong place (a margin or border on img.facet-base?)"
            )
        if img["patch_of"] is not None:
            if img["alt"] != "" or not img["patch_of"].strip():
                found.append(
                    f"image {index} is a patch of a frame without alt='' or whose picture has no alt"
                )
        elif img["alt"] is None or not img["alt"].strip() or img["alt"].strip() == NBCONVERT_PLACEHOLDER_ALT:
            found.append(f"image {index} has no alt text (src {img['src']}...)")
    return len(images), found


#: The alt text nbconvert puts on an image that had none: as good as missing.
NBCONVERT_PLACEHOLDER_ALT = "No description has been provided for this image"

ERROR_TEXTS = ("Error displaying widget", "Model state has errors", "Traceback (most recent call last)")


PAGE_TEXT_JS = """
() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: n => ['SCRIPT', 'STYLE'].includes(n.parentNode.nodeName)
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const parts = [];
  while (walker.nextNode()) parts.push(walker.currentNode.nodeValue);
  return parts.join(' ');
}
"""


def page_text(page: Any) -> str:
    """All text in the page body (shown or hidden), without the text of scripts and style sheets."""
    return page.evaluate(PAGE_TEXT_JS)


def error_texts(page: Any) -> list[str]:
    """Error messages anywhere in the page's text (scripts excluded: they contain these strings)."""
    text = page_text(page)
    return [f"page shows '{needle}'" for needle in ERROR_TEXTS if needle in text]


VISIBLE_STATE_JS = """
(box) => {
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
  // a frame is a picture: the base image with the patches of the frame shown drawn over it
  const pictures = [...box.querySelectorAll('.facet-picture')].filter(visible);
  const imgs = pictures.flatMap(p => [...p.querySelectorAll('img')].filter(visible));
  const readouts = [...box.querySelectorAll('.facet-readout')].filter(visible);
  return {
    src: imgs.map(i => i.getAttribute('src').slice(-80) + ':' + i.getAttribute('src').length).join('|'),
    readout: readouts.map(r => r.textContent.trim()).join('|'),
    images: pictures.length,
    alt: pictures.map(p => p.querySelector('img.facet-base').alt).join('|'),
  };
}
"""


def visible_state(element: Any) -> dict[str, Any]:
    """What a kernel-free explorer shows now: its visible picture(s) (``images``; the pieces drawn in
    ``src``), the frame's alt text and its readout text."""
    return element.evaluate(VISIBLE_STATE_JS)


def shown(state: dict[str, Any]) -> tuple[str, str]:
    return state["src"], state["readout"]


def wait_changed(element: Any, before: dict[str, Any], seconds: float = 3.0) -> dict[str, Any]:
    """Poll until what the explorer shows differs from ``before`` (or ``seconds`` pass); the new state."""
    deadline = time.monotonic() + seconds
    while True:
        after = visible_state(element)
        if shown(after) != shown(before) or time.monotonic() > deadline:
            return after
        time.sleep(0.05)


SHOW_SLIDE_OF_JS = """
el => { if (window.Reveal && Reveal.isReady && Reveal.isReady()) {
  const at = Reveal.getIndices(el.closest('section')); Reveal.slide(at.h, at.v, 999); } }
"""


def self_check_problems(page: Any, shot: str | None = None) -> list[str]:
    """Pick the first answer of every self-check question (a numeric one: move its range one step with the
    keyboard); each must show its feedback (no kernel).

    In a slide deck the question's slide is shown first. ``shot`` names a screenshot of the first question.
    """
    found = []
    questions = page.locator(".facet-selfcheck-question")
    for index in range(questions.count()):
        question = questions.nth(index)
        question.evaluate(SHOW_SLIDE_OF_JS)
        question.scroll_into_view_if_needed()
        if question.locator("input[type=range]").count():  # a numeric question: move off 'not answered'
            question.locator("input[type=range]").first.focus()
            page.keyboard.press("ArrowRight")
        else:
            question.locator("label.facet-option").first.click()
        try:
            page.wait_for_function(
                "el => /Correct\\.|Not quite/.test(el.innerText)", arg=question.element_handle(), timeout=3000
            )
        except Exception:  # noqa: BLE001 - reported
            found.append(f"self-check question {index + 1}: picking an answer showed no feedback")
        if index == 0 and shot:
            screenshot(page, shot, element=question)
    return found


def math_problems(page: Any, has_raw_math: Any) -> list[str]:
    """MathJax inlined (the notebook has math) but nothing typeset, or TeX left raw in the page text."""
    if page.evaluate("() => typeof window.MathJax !== 'undefined'"):
        page.wait_for_function("() => MathJax.startup && MathJax.startup.promise", timeout=10_000)
        page.evaluate("() => MathJax.startup.promise")
        if page.evaluate("() => document.querySelectorAll('mjx-container').length") == 0:
            return ["MathJax is inlined but typeset nothing"]
        return []
    raw = has_raw_math(page_text(page))
    return [f"TeX left raw (MathJax not inlined): {raw!r}"] if raw else []


CONTROLS = ":scope > .facet-control, :scope > .facet-side > .facet-control"


def control_count(twin: Any) -> int:
    """How many controls (ranges, radio groups, lists) a kernel-free explorer has."""
    return twin.locator(CONTROLS).count()


def control_name(control: Any) -> str:
    """The accessible name a control's label or legend gives it (empty when it has none)."""
    return control.evaluate(
        "el => { const named = el.querySelector('legend') || el.querySelector('label[for]');"
        " return named ? named.textContent.trim() : ''; }"
    )


def move_control(page: Any, twin: Any, index: int = 0) -> str:
    """Move one control of a kernel-free explorer as a reader would; returns what was done.

    A range: focus it and press ArrowRight (ArrowLeft when it is at its far end). Radio buttons: click the
    label of one that is not checked. A list: choose another option. Every control must have a name.
    """
    control = twin.locator(CONTROLS).nth(index)
    kind = control.evaluate(
        "el => el.querySelector('input[type=range]') ? 'range' : el.querySelector('select') ? 'select'"
        " : el.querySelector('input[type=radio]') ? 'radio' : 'other'"
    )
    label = control_name(control)
    if not label:
        raise AssertionError(f"control {index} ({kind}) has no label or legend: a control without a name")
    if kind == "range":
        handle = control.locator("input[type=range]").first
        handle.focus()
        now, top = handle.input_value(), handle.get_attribute("max")
        key = "ArrowLeft" if now == top else "ArrowRight"
        page.keyboard.press(key)
        return f"range {label!r}: {key} on it"
    if kind == "radio":
        buttons = control.locator("label.facet-option")
        for number in range(buttons.count()):
            button = buttons.nth(number)
            if not button.locator("input").is_checked():
                button.click()
                return f"radio button {button.inner_text().strip()!r} of {label!r}"
        raise AssertionError(f"radio group {label!r} with a single option: a control that does nothing here")
    if kind == "select":
        select = control.locator("select").first
        values = select.evaluate("s => [...s.options].map(o => o.value)")
        current = select.input_value()
        other = next((v for v in values if v != current), None)
        if other is None:
            raise AssertionError(f"list {label!r} has a single option: a control that does nothing here")
        select.select_option(other)
        return f"list {label!r}: option {other}"
    raise AssertionError(f"control {index} is neither a range, radio buttons nor a list: {kind}")


def move_first_control(page: Any, twin: Any) -> str:
    """Move a kernel-free explorer's first control (see :func:`move_control`)."""
    return move_control(page, twin, 0)


#: axe-core (npm, pinned in vendor/package.json): the accessibility rules the handouts and decks must pass.
AXE = ROOT / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
#: Impacts that fail a test (axe's scale: minor, moderate, serious, critical).
AXE_FAILING = ("serious", "critical")

AXE_RUN_JS = """
async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, target: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}
"""


def axe_violations(page: Any, options: dict[str, Any] | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per rule with a few targets.

    axe.min.js is injected from vendor/ (no network); ``options`` go to ``axe.run`` (for example a
    ``resultTypes`` or rule selection).
    """
    if not AXE.is_file():
        from scripts.handouts import ensure_vendor

        ensure_vendor()
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_RUN_JS, options or {"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}, {v['nodes']} element(s), e.g. {v['target']}): {v['help']}"
        for v in found
        if v["impact"] in AXE_FAILING
    ]
