"""What several sections of lesson 01 share and no other lesson needs: escaping readout text for HTML, and
short citations that tell apart two chapters of one textbook."""

from __future__ import annotations

from html import escape

from ...core import citations
from ...core.data import reference


def esc(text: str) -> str:
    """Text made safe for an explorer's HTML readout (quotes kept as typed, as before)."""
    return escape(text, quote=False)


def _chapter(source_id: str) -> str:
    """'injection procedures (lumbar zygapophyseal joint injection)': the reference's title after its
    'Book: ' prefix, with only the head of its parenthesis."""
    title = reference(source_id).title.split(": ", 1)[-1]
    head, _, paren = title.partition(" (")
    return f"{head} ({paren.split(':')[0].rstrip(')')})" if paren else head


def _same_work(a: str, b: str) -> bool:
    """True if two reference ids are one work (one's address lies under the other's, e.g. a table of it)."""
    url_a, url_b = reference(a).url, reference(b).url
    return url_a.startswith(url_b) or url_b.startswith(url_a)


def short(*items: str) -> str:
    """Like ``citations.short``, but each work once (a paper and one of its tables read as the paper), and a
    textbook chapter (or any two references that would still read the same) names its chapter."""
    ids: list[str] = []
    for sid in citations.ids_of(*items):
        if not any(_same_work(sid, kept) for kept in ids):
            ids.append(sid)
    texts = [citations.short(i) for i in ids]
    return "; ".join(
        f"{t}, chapter: {_chapter(i)}" if texts.count(t) > 1 or _is_book_chapter(i) else t
        for i, t in zip(ids, texts, strict=True)
    )


def _is_book_chapter(source_id: str) -> bool:
    """True for a chapter of a textbook read as a web copy ('Book: chapter' title), which its short
    citation alone does not name."""
    ref = reference(source_id)
    return "textbook" in ref.journal and ": " in ref.title
