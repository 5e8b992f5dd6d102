"""Every course notebook, opened in a real JupyterLab in headless Chromium, runs cleanly and its widgets work.

For each ``notebooks/NN_*.ipynb`` (picked up automatically): one JupyterLab server per test session on a
temporary COPY of ``notebooks/`` (lab never touches the real files), open the notebook in a fresh
workspace, wait for the kernel, Run All, wait until every code cell has run, then fail on:

* any error or stderr output, traceback, "Error displaying widget", browser console error or uncaught
  page error;
* a live explorer (``facet-explorer``) whose figure does not redraw when its first control moves once
  (slider: arrow key on the focused handle; dropdown: another option; toggle buttons: another button);
* a self-check question (``facet-selfcheck``) that shows no feedback when an option is clicked;
* an image that does not decode or is blown up beyond the size it was drawn at (blurry), or any request
  that leaves 127.0.0.1 (the course works offline).

A full-height screenshot of each notebook after the interactions goes to build/screenshots/lab-<name>.png.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from lab_server import ROOT, SCREENSHOTS, LabServer, chromium, copy_notebooks, lab_server

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(path.name for path in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
IDLE = f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]'
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
#: Text that must never appear in a rendered notebook.
BAD_TEXT = ("Traceback (most recent call last)", "Error displaying widget", "Error rendering output")
#: Seconds allowed for: opening a notebook and starting its kernel; running all cells; one redraw.
OPEN_TIMEOUT_S = 60
RUN_TIMEOUT_S = 120
REDRAW_TIMEOUT_S = 5
#: Tallest screenshot (px); longer notebooks are cut off at the bottom.
MAX_SCREENSHOT_HEIGHT = 32000


@dataclass
class LabReport:
    """What driving one notebook found: problems (empty when all is well) and timings in seconds."""

    problems: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    explorers: int = 0
    questions: int = 0


# -- fixtures (module scope: this module is their only user, and two Playwright instances cannot coexist in
# one thread, so the browser must be closed before the next module opens its own) ----------------------------
@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    root = copy_notebooks(NOTEBOOK_DIR, tmp_path_factory.mktemp("lab") / "notebooks")
    with lab_server(root) as server:
        yield server


@pytest.fixture(scope="module")
def lab_browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


# -- driving one notebook ------------------------------------------------------------------------------------
def is_local(url: str) -> bool:
    """Requests a notebook may make: to the local server, or data:/blob: URLs."""
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in ("127.0.0.1", "localhost")


def run_all(page: Any) -> None:
    """Run > Run All Cells, through the menu as a resident would."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('[data-command="runmenu:run-all"]').click()


def wait_for_kernel(page: Any, timeout_s: float) -> None:
    """Wait until the notebook's kernel is connected and idle.

    The toolbar's execution indicator already says "idle" while the status bar says "No Kernel |
    Initializing" (Run All at that moment silently runs nothing), so the status bar must name a kernel too.
    """
    page.wait_for_function(
        """(idle) => {
            if (!document.querySelector(idle)) return false;
            return [...document.querySelectorAll('.jp-StatusBar-TextItem')].some(
                e => /^(?!No Kernel).+ \\| Idle$/.test(e.textContent.trim()));
        }""",
        arg=IDLE,
        timeout=timeout_s * 1000,
        polling=100,
    )


def wait_until_all_ran(page: Any, timeout_s: float) -> None:
    """Wait until every code cell shows an execution count, or an error stopped Run All; kernel idle."""
    page.wait_for_function(
        """([panel, stderr]) => {
            const p = document.querySelector(panel);
            if (!p || !p.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')) return false;
            const prompts = [...p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            if (prompts.some(e => e.textContent.includes('*'))) return false;
            return prompts.every(e => /\\[\\d+\\]/.test(e.textContent)) || p.querySelector(stderr) !== null;
        }""",
        arg=[PANEL, STDERR],
        timeout=timeout_s * 1000,
        polling=100,
    )


def count_unexecuted(page: Any) -> int:
    """Code cells without an execution count (Run All stops at the first error)."""
    return int(
        page.evaluate(
            """(panel) => [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputArea-prompt')]
                .filter(e => !/\\[\\d+\\]/.test(e.textContent)).length""",
            PANEL,
        )
    )


def wait_for_src_change(image: Any, before: str, timeout_s: float) -> str | None:
    """The image's new src once it differs from ``before``, or None after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = image.get_attribute("src")
        if now and now != before:
            return now
        time.sleep(0.05)
    return None


def move_first_control(explorer: Any) -> str:
    """Move an explorer's first control by one step; return what was done (for messages)."""
    control = explorer.locator(
        ":scope > .widget-slider, :scope > .widget-dropdown, :scope > .widget-toggle-buttons"
    ).first
    classes = control.get_attribute("class") or ""
    control.scroll_into_view_if_needed()
    if "widget-slider" in classes:
        handle = control.locator(".noUi-handle").first
        at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_end else "ArrowRight"
        handle.focus()
        handle.press(key)
        return f"slider '{control.locator('.widget-label').first.inner_text()}' {key}"
    if "widget-dropdown" in classes:
        select = control.locator("select")
        current = select.input_value()
        values = [o.get_attribute("value") for o in select.locator("option").all()]
        other = next(v for v in values if v != current)
        select.select_option(other)
        return f"dropdown {current!r} -> {other!r}"
    buttons = control.locator("button.widget-toggle-button")
    other = control.locator("button.widget-toggle-button:not(.mod-active)").first
    if buttons.count() < 2:
        raise AssertionError("toggle buttons with fewer than two options")
    label = other.inner_text()
    other.click()
    return f"toggle button {label!r}"


def check_explorers(page: Any, report: LabReport) -> None:
    """Move every live explorer's first control once; its figure must redraw (image src changes)."""
    explorers = page.locator(f"{PANEL} .facet-explorer")
    report.explorers = explorers.count()
    for index in range(report.explorers):
        explorer = explorers.nth(index)
        label = explorer.locator(".facet-question")
        question = label.first.text_content().strip() if label.count() else f"explorer {index + 1}"
        question = f"explorer {index + 1} ({question[:90]})"
        image = explorer.locator("img.facet-explorer-image")
        if image.count() != 1:
            report.problems.append(f"{question}: expected one figure image, found {image.count()}")
            continue
        readout = explorer.locator(".facet-readout").first
        readout_before = readout.text_content() if readout.count() else ""
        before = image.get_attribute("src") or ""
        try:
            action = move_first_control(explorer)
        except Exception as error:  # report every explorer, not just the first that fails
            report.problems.append(f"{question}: could not move its first control: {error}")
            continue
        if wait_for_src_change(image, before, REDRAW_TIMEOUT_S) is None:
            readout_after = readout.text_content() if readout.count() else ""
            why = (
                "the readout changed but the image is identical (the figure does not show this control)"
                if readout_after != readout_before
                else "neither the figure nor the readout changed"
            )
            report.problems.append(
                f"{question}: figure did not redraw within {REDRAW_TIMEOUT_S} s after {action}: {why}; "
                f"readout now: {readout_after.strip()[:300]!r}"
            )


def check_selfcheck(page: Any, report: LabReport) -> None:
    """Answer every self-check question (click its second option; a numeric question: move its slider one
    step with the keyboard); feedback (right/wrong + source) must appear."""
    questions = page.locator(f"{PANEL} .facet-selfcheck .facet-selfcheck-question")
    report.questions = questions.count()
    for index in range(report.questions):
        question = questions.nth(index)
        feedback = question.locator(":scope > .widget-box").last
        handles = question.locator(".noUi-handle")
        radios = question.locator("input[type=radio]")
        if handles.count():
            handles.first.scroll_into_view_if_needed()
            handles.first.focus()
            page.keyboard.press("ArrowRight")
        elif radios.count() < 2:
            report.problems.append(f"self-check question {index + 1}: fewer than two options")
            continue
        else:
            radios.nth(1).scroll_into_view_if_needed()
            radios.nth(1).click()
        try:
            feedback.locator("text=/Correct\\.|Not quite/").first.wait_for(
                state="visible", timeout=REDRAW_TIMEOUT_S * 1000
            )
        except Exception:
            report.problems.append(
                f"self-check question {index + 1}: no feedback shown after clicking an option "
                f"(feedback area: {feedback.inner_text()[:200]!r})"
            )
            continue
        if "Source:" not in feedback.inner_text():
            report.problems.append(f"self-check question {index + 1}: feedback does not cite its source")


def wait_for_widgets(page: Any, timeout_s: float) -> int:
    """Wait until no widget output still says "Loading widget..."; return how many still do."""
    script = """(panel) => [...document.querySelectorAll(
        panel + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')]
        .filter(e => e.textContent.trim() === 'Loading widget...').length"""
    deadline = time.monotonic() + timeout_s
    while (loading := int(page.evaluate(script, PANEL))) and time.monotonic() < deadline:
        time.sleep(0.1)
    return loading


def check_outputs(page: Any, report: LabReport) -> None:
    """No error/stderr output, no error text in any other output, every image decoded."""
    outputs = page.evaluate(
        """(panel) => [...document.querySelectorAll(panel + ' .jp-OutputArea-output')]
            .map(e => [e.getAttribute('data-mime-type') || '', e.innerText])""",
        PANEL,
    )
    for mime, text in outputs:
        if mime == "application/vnd.jupyter.stderr":
            report.problems.append(f"error/stderr output: {text.strip()[:600]}")
            continue
        for bad in BAD_TEXT:
            if bad in text:
                report.problems.append(f"output shows '{bad}': {text.strip()[:400]}")
    broken = page.evaluate(
        """(panel) => [...document.querySelectorAll(panel + ' .jp-OutputArea img')]
            .filter(i => i.complete && i.naturalWidth === 0)
            .map(i => (i.getAttribute('alt') || i.className || 'image').slice(0, 120))""",
        PANEL,
    )
    for name in broken:
        report.problems.append(f"image did not decode: {name}")
    stretched = page.evaluate(
        """(panel) => [...document.querySelectorAll(panel + ' .jp-OutputArea img')]
            .filter(i => i.naturalWidth > 0 && i.clientWidth > 1.05 * i.naturalWidth)
            .map(i => [(i.getAttribute('alt') || i.className).slice(0, 80), i.naturalWidth,
                       i.clientWidth])""",
        PANEL,
    )
    for name, drawn, shown in stretched:
        report.problems.append(f"image blown up from {drawn} px to {shown} px wide (blurry): {name}")


def full_screenshot(page: Any, path: Path) -> None:
    """Screenshot of the whole notebook: grow the viewport until it shows the last cell, then shoot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.locator(f"{PANEL} .jp-WindowedPanel-outer").evaluate("e => e.scrollTo(0, 0)")
    measure = """(panel) => {
        const outer = document.querySelector(panel + ' .jp-WindowedPanel-outer');
        const cells = outer.querySelectorAll('.jp-Cell');
        const last = cells[cells.length - 1];
        const bottom = last ? last.getBoundingClientRect().bottom - outer.getBoundingClientRect().top
            + outer.scrollTop : outer.scrollHeight;
        return Math.ceil(bottom + 40 + (window.innerHeight - outer.clientHeight));
    }"""
    width = page.viewport_size["width"] if page.viewport_size else 1280
    height = 0
    for _ in range(3):  # off-screen cells have estimated sizes until shown: measure until stable
        wanted = int(min(max(page.evaluate(measure, PANEL), 900), MAX_SCREENSHOT_HEIGHT))
        if wanted == height:
            break
        height = wanted
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
    page.screenshot(path=str(path))


def drive_notebook(server: LabServer, browser: Any, name: str, screenshot: Path) -> LabReport:
    """Open, run, check and screenshot one notebook in JupyterLab; always closes its page and sessions."""
    report = LabReport()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page_errors: list[str] = []
    page.on("request", lambda request: None if is_local(request.url) else outside.append(request.url))
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("console", lambda message: page_errors.append(message.text) if message.type == "error" else None)
    start = time.monotonic()
    try:
        page.goto(server.lab_url(name))
        wait_for_kernel(page, OPEN_TIMEOUT_S)
        report.timings["open_and_kernel_idle"] = time.monotonic() - start
        mark = time.monotonic()
        run_all(page)
        wait_until_all_ran(page, RUN_TIMEOUT_S)
        report.timings["run_all"] = time.monotonic() - mark
        unexecuted = count_unexecuted(page)
        if unexecuted:
            report.problems.append(f"{unexecuted} code cell(s) did not run (Run All stops at an error)")
        mark = time.monotonic()
        loading = wait_for_widgets(page, REDRAW_TIMEOUT_S * 2)
        if loading:
            report.problems.append(f"{loading} widget(s) still say 'Loading widget...'")
        check_outputs(page, report)
        check_explorers(page, report)
        check_selfcheck(page, report)
        report.timings["widgets"] = time.monotonic() - mark
        check_outputs(page, report)  # moving a control must not produce an error either
        mark = time.monotonic()
        full_screenshot(page, screenshot)
        report.timings["screenshot"] = time.monotonic() - mark
        report.timings["total"] = time.monotonic() - start
    except Exception:
        page.screenshot(path=str(screenshot.with_name(screenshot.stem + "-failed.png")))
        raise
    finally:
        for url in sorted(set(outside)):
            report.problems.append(f"request left 127.0.0.1 (the course must work offline): {url}")
        for error in page_errors:
            report.problems.append(f"error in the browser console: {error[:400]}")
        context.close()
        server.delete_sessions()
    # the same problem may be found before and after the widget checks: report it once
    report.problems = list(dict.fromkeys(report.problems))
    return report


# -- the test ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_its_widgets_work_in_jupyterlab(
    name: str, lab: LabServer, lab_browser: Any
) -> None:
    screenshot = SCREENSHOTS / f"lab-{Path(name).stem}.png"
    report = drive_notebook(lab, lab_browser, name, screenshot)
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items())
    print(f"{name}: {report.explorers} explorer(s), {report.questions} self-check question(s); {timings}")
    assert not report.problems, f"{name} in JupyterLab ({screenshot}):\n- " + "\n- ".join(report.problems)
