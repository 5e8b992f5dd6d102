"""Handouts on paper (issue 16, "Print and PDF"): every static figure and every explorer's printed frame
prints at 200 ppi or more with no figure text or source note under 7 pt, on A4 as the machine's Debian
Chromium prints it (`make handouts`); an explorer prints its default frame, drawn for print; nothing printed
is wider than the page; and no page of a PDF is left half empty by something that would have fitted on it
(tests/pdf_pages.py reads the PDFs).

A handout's static figure is drawn in the presentation style at 200 dots per inch of the figure and shown at
96 CSS px per inch (facet_course.core.explore.show); the image says the size of its smallest text in points
at the figure's own size (``data-text-pt``). Printed, the page may shrink a figure wider than the page: its
pixels per printed inch and its smallest text are measured at the size it prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import load_script, open_logged, wait_for_widgets
from pdf_pages import MAX_EMPTY, Page, read_pages, underfilled

handouts = load_script("handouts")
NOTEBOOKS = handouts.course_notebooks()
#: What a printed page must reach: pixels per printed inch, and points for any figure text or source note.
MIN_PPI, MIN_PT = 200.0, 7.0
#: CSS pixels per inch on paper (Chromium prints 96 CSS px to the inch) and points per inch.
CSS_PX_PER_INCH, PT_PER_INCH = 96.0, 72.0

#: Each static figure as printed: [alt, natural px, printed CSS px, its smallest text in pt at its own size,
#: its own width in inches], every source-note caption's printed font size in CSS px: [text, px], and every
#: printed text block or table reaching past the page's right edge (cut there, or a printed line broken in
#: two): [text, its right edge in px, the page's text width in px].
PRINTED_JS = """
() => ({
  figures: [...document.querySelectorAll('img.facet-figure, img.facet-print-frame')]
    .filter(i => i.getClientRects().length)
    .map(i => [(i.alt || '').slice(0, 60), i.naturalWidth, i.getBoundingClientRect().width,
               parseFloat(i.dataset.textPt || '0'), parseFloat(i.getAttribute('width') || '0') / 96]),
  captions: [...document.querySelectorAll('.facet-caption')].filter(c => c.getClientRects().length)
    .map(c => [c.textContent.trim().slice(0, 60), parseFloat(getComputedStyle(c).fontSize)]),
  wide: [...document.querySelectorAll('main pre, main table, main .jp-OutputArea-output')]
    .filter(e => e.getClientRects().length)
    .map(e => {  // printed text is measured unwrapped: a line the page would have to wrap counts as too wide
      const wrap = e.style.whiteSpace;
      if (e.tagName === 'PRE') e.style.whiteSpace = 'pre';
      const left = e.getBoundingClientRect().left;  // what reaches past the page's right edge is cut
      const found = [e.textContent.trim().slice(0, 60), Math.round(left + e.scrollWidth), innerWidth];
      e.style.whiteSpace = wrap;
      return found; })
    .filter(([, width, room]) => width > room + 1),
})
"""


def printed_problems(found: dict[str, list[list[Any]]]) -> list[str]:
    """What falls short on paper, from PRINTED_JS's measurements."""
    problems = []
    for alt, natural, css_px, text_pt, own_inches in found["figures"]:
        inches = css_px / CSS_PX_PER_INCH
        if not own_inches or not text_pt:
            problems.append(f"figure not drawn for print (no width or data-text-pt): {alt!r}")
            continue
        if round(natural / inches) < MIN_PPI:  # whole pixels: 1399 px over 7 inches is 200 ppi
            problems.append(f"figure prints at {natural / inches:.0f} ppi (at least {MIN_PPI:g}): {alt!r}")
        if text_pt * inches / own_inches < MIN_PT:
            problems.append(f"figure text prints at {text_pt * inches / own_inches:.1f} pt: {alt!r}")
    for text, px in found["captions"]:
        if px * PT_PER_INCH / CSS_PX_PER_INCH < MIN_PT:
            problems.append(f"source note prints at {px * 0.75:.1f} pt: {text!r}")
    for text, width, page_width in found.get("wide", []):
        problems.append(f"{text!r}: reaches {width} px on a {page_width} px wide page: cut at its edge")
    return problems


def test_printed_problems_are_found() -> None:
    """The measure can fail: a 100-dpi figure printed 7 inches wide, a 6-point note, a 5-point caption, a
    printed line wider than the page."""
    found = {
        "figures": [
            ["soft", 700, 672, 8.0, 7.0],
            ["small type", 1400, 672, 6.0, 7.0],
            ["sharp", 1400, 672, 8.0, 7.0],
        ],
        "captions": [["tiny", 6.0], ["fine", 10.7]],
        "wide": [["a long printed line", 760, 681]],
    }
    problems = printed_problems(found)
    assert (
        len(problems) == 4 and "100 ppi" in problems[0] and "6.0 pt" in problems[1] and "tiny" in problems[2]
    )
    assert "a long printed line" in problems[3] and "cut at its edge" in problems[3]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_figures_and_explorer_frames_print_at_200_ppi_with_text_and_notes_at_least_7_pt(
    handouts_built: Path, browser: Any, notebook: Path
) -> None:
    path = handouts_built / f"{notebook.stem}.html"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make handouts`")
    page, _ = open_logged(browser, path.as_uri())
    try:
        wait_for_widgets(page)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": round(7.09 * CSS_PX_PER_INCH), "height": 1100})  # A4, 15 mm margins
        found = page.evaluate(PRINTED_JS)
    finally:
        page.context.close()
    problems = printed_problems(found)
    assert not problems, f"{path.name} on paper:\n  " + "\n  ".join(problems)


def test_underfilled_pages_are_found() -> None:
    """The page measure can fail: a half-empty page before text, or before a picture that would fit; a
    half-empty page before a taller picture, or before the answer key, is fine."""

    def page(number: int, bottom: float, picture: float | None = None, starts: str = "text") -> Page:
        return Page(number, 760.0, 0.0, bottom, picture, starts)

    assert underfilled([page(1, 300.0), page(2, 700.0)])  # text would have flowed
    assert underfilled([page(1, 300.0), page(2, 700.0, picture=400.0)])  # a picture that fits in 460
    assert not underfilled([page(1, 300.0), page(2, 700.0, picture=600.0)])  # too tall for the space
    assert not underfilled([page(1, 300.0), page(2, 700.0, starts="Answer key")])  # a forced break
    assert not underfilled([page(1, 760.0 * (1 - MAX_EMPTY) + 1), page(2, 700.0)])  # not half empty
    assert underfilled([page(1, 700.0), Page(2, 760.0, None, None, None, "")])  # an empty last page


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_pdf_page_is_left_half_empty_by_what_would_fit(handouts_built: Path, notebook: Path) -> None:
    path = handouts.handout_pdf_path(notebook)
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make handouts`")
    faults = underfilled(read_pages(path))
    assert not faults, f"{path.name}:\n  " + "\n  ".join(faults)
