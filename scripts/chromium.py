"""Headless Debian Chromium for the builds (decks fitted and printed, handouts printed) and the tests.

One place for the browser's path and flags (tests/browser.py takes them from here): Debian's
``/usr/bin/chromium`` driven by Playwright through ``executable_path`` (never ``playwright install``), with
its own background traffic off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scripts.handouts import BuildError

#: Debian's Chromium, headless, with its own background traffic off (tests/browser.py uses these too).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: True once every embedded widget view has been drawn.
WIDGETS_RENDERED_JS = """
() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const rendered = [...document.querySelectorAll('.widget-subarea')].filter(r => r.children.length > 0);
  return views.length === rendered.length;
}
"""

#: Wait for images to decode and MathJax to typeset, then for layout to settle (reveal lays out again).
SETTLED_JS = """
async () => {
  await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await new Promise(done => setTimeout(done, 300));
  if (window.Reveal && Reveal.layout) Reveal.layout();
}
"""


class Chromium:
    """Headless Debian Chromium through Playwright, started on first use and shared by every deck of a build.

    ``available()`` is False when Chromium or Playwright is missing: decks are then written unsplit and
    without PDF, with a warning (``make chromium`` installs it).
    """

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None

    def available(self) -> bool:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return False
        return Path(CHROMIUM).exists()

    def page(self, url: str, viewport: tuple[int, int] = (1280, 720), ready_js: str | None = None) -> Any:
        """A new page (own context, ``viewport`` in CSS px) at ``url``, once ``ready_js`` (if given) is true
        and the widgets, images and math are ready."""
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        context = self._browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.goto(url, wait_until="load")
        if ready_js:
            page.wait_for_function(ready_js, timeout=30_000)
        try:
            page.wait_for_function(WIDGETS_RENDERED_JS, timeout=60_000)
        except Exception as error:  # noqa: BLE001 - said in the build error
            context.close()
            raise BuildError(f"{url}: the widgets did not render in Chromium ({error})") from error
        page.evaluate(SETTLED_JS)
        return page

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()
        self._browser = self._playwright = None
