"""How full each page of a printed handout is, read from the PDF itself (pypdfium2, no rasterising).

A page is measured between the handout's page margins (the footer in the bottom margin is not content):
where its content ends, and where the first picture on it ends. A page left more than half empty is a fault
when what starts the next page would have fitted in the space left: text (it breaks across pages) or a
block that ends with a picture (a figure or an explorer, kept whole) no taller than that space. The page
before a forced break (the answer key starts a new page) and a document's last page may end anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: The handouts' page margin (templates/facet_handout: @page margin 15 mm), in points.
MARGIN_PT = 15 / 25.4 * 72
#: A page may be left at most this share of its text height empty, unless what follows could not fit.
MAX_EMPTY = 0.5
#: Text that starts a page after a forced page break (scripts/key.py: the answer key).
FORCED_BREAK_STARTS = ("Answer key",)


@dataclass(frozen=True)
class Page:
    """One printed page, in points from the top of the text area."""

    number: int
    text_height: float
    content_top: float | None  # None: an empty page
    content_bottom: float | None
    first_picture_bottom: float | None
    starts_with: str

    @property
    def empty_share(self) -> float:
        """Share of the text height left empty below the content (1.0 for an empty page)."""
        if self.content_bottom is None:
            return 1.0
        return max(0.0, 1.0 - self.content_bottom / self.text_height)


def read_pages(path: Path) -> list[Page]:
    """Every page of a PDF, measured."""
    pdf = pdfium.PdfDocument(path)
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            height = page.get_height()
            top_y, bottom_y = height - MARGIN_PT, MARGIN_PT
            tops, bottoms, pictures = [], [], []
            for obj in page.get_objects():
                if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
                    continue  # its contents are visited on their own
                left, bottom, right, top = obj.get_bounds()
                if top <= bottom_y or bottom >= top_y or right - left <= 0:
                    continue  # in a margin (the footer), or nothing drawn
                if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and top - bottom > 0.9 * (top_y - bottom_y):
                    continue  # a box as tall as the page: a background, not content
                tops.append(top_y - min(top, top_y))
                bottoms.append(top_y - max(bottom, bottom_y))
                if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    pictures.append((top_y - min(top, top_y), top_y - max(bottom, bottom_y)))
            text = page.get_textpage().get_text_range().strip()
            pages.append(
                Page(
                    number=index + 1,
                    text_height=top_y - bottom_y,
                    content_top=min(tops) if tops else None,
                    content_bottom=max(bottoms) if bottoms else None,
                    first_picture_bottom=min(pictures)[1] if pictures else None,
                    starts_with=text[:80],
                )
            )
    finally:
        pdf.close()
    return pages


def underfilled(pages: list[Page], max_empty: float = MAX_EMPTY) -> list[str]:
    """Pages left more than ``max_empty`` empty although what starts the next page would have fitted, and
    pages with nothing on them."""
    faults = [f"page {page.number} is empty" for page in pages if page.content_bottom is None]
    for page, following in zip(pages, pages[1:], strict=False):
        if page.empty_share <= max_empty or following.starts_with.startswith(FORCED_BREAK_STARTS):
            continue
        room = page.empty_share * page.text_height
        if following.first_picture_bottom is not None and following.first_picture_bottom > room:
            continue  # a figure or explorer kept whole, taller than the space left: it could not fit
        what = "a picture" if following.first_picture_bottom is not None else "text"
        faults.append(
            f"page {page.number} is {page.empty_share:.0%} empty, but {what} starting page "
            f"{following.number} would fit ({following.starts_with[:50]!r})"
        )
    return faults
