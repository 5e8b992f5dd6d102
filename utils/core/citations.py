"""One citation module: reference ids -> references, one 'Author Year' label rule, reference lists.

Every label a resident sees is made here, so the same reference reads the same in every notebook:

* :func:`author_year` - 'Lee 2008; Verrills 2008' for compact labels (table columns, legends): the first
  author's surname without initials, or an organisation's initials, and the year.
* :func:`short` - 'Lee CJ et al., Anesth Analg 2008' for figure source notes and readouts (on a slide, drawn
  in the presentation style, 'Lee 2008', as slides cite: the notebook and its handout give them in full).
* :func:`cite` - 'Source: ...' lines; :func:`references_markdown` - the full list for a notebook's end.
* :func:`source` - the reference ids behind a named statement (``data/source_keys.csv``), so prose cites by
  name and the code holds no reference ids; :func:`key_references` - a lesson's curated list
  (``data/key_references.csv``), in parts that each fit a slide.
"""

from __future__ import annotations

import functools

import pandas as pd

from . import style
from .data import Reference, load_table, reference, sources_of


def ids_of(*items: pd.DataFrame | str) -> list[str]:
    """Distinct reference ids in first-seen order, from tables (source_id column) and ';'-joined ids."""
    seen: dict[str, None] = {}
    for item in items:
        groups = item["source_id"] if isinstance(item, pd.DataFrame) else [item]
        for group in groups:
            for sid in str(group).split(";"):
                if sid.strip():
                    seen[sid.strip()] = None
    return list(seen)


def joined(*items: pd.DataFrame | str) -> str:
    """The distinct ids of tables and id strings as one ';'-joined string."""
    return ";".join(ids_of(*items))


def _name(ref: Reference) -> str:
    first = ref.authors.split(",")[0].split("(")[0].strip()  # 'Olson KR (editor)' -> 'Olson KR'
    words = first.split()
    if len(words) >= 2 and words[-1].isupper() and len(words[-1]) <= 3:  # 'Lee CJ' -> 'Lee'
        return " ".join(words[:-1])
    if len(words) > 3 and len(first) > 45:  # a long organisation name: its initials
        return "".join(w if w.isupper() else w[0] for w in words if w[0].isupper())
    return first


def author_year(*items: pd.DataFrame | str) -> str:
    """'Lee 2008; Verrills 2008': one compact label rule for every reference in the course."""
    return "; ".join(dict.fromkeys(f"{_name(reference(s))} {reference(s).year}" for s in ids_of(*items)))


def short(*items: pd.DataFrame | str) -> str:
    """'Lee CJ et al., Anesth Analg 2008; ...' for source notes and readouts ('Lee 2008; ...' on a slide,
    where a source note is read from the back of the room; the notebook and handout give the full form)."""
    if style.on_slide():
        return author_year(*items)
    return "; ".join(reference(s).short() for s in ids_of(*items))


def cite(*items: pd.DataFrame | str) -> str:
    """'Source: Lee CJ et al., Anesth Analg 2008; ...' for tables and id strings."""
    return "Source: " + short(*items)


def references_markdown(*items: pd.DataFrame | str | list[str]) -> str:
    """A Markdown bullet list of full references (a notebook's 'Key references' cell)."""
    flat: list[pd.DataFrame | str] = []
    for item in items:
        flat.extend(item if isinstance(item, list) else [item])
    refs = [reference(s) for s in ids_of(*flat)]
    return "\n".join(f"- {r.authors}. *{r.title}*. {r.journal}, {r.year}. <{r.url}>" for r in refs)


@functools.cache
def _source_keys() -> dict[str, str]:
    frame = load_table("source_keys")
    return dict(zip(frame["key"], frame["source_id"], strict=True))


def source(key: str) -> str:
    """The ';'-joined reference ids behind a named statement (``data/source_keys.csv``)."""
    keys = _source_keys()
    if key not in keys:
        raise KeyError(f"no source key {key!r} in data/source_keys.csv (known: {', '.join(sorted(keys))})")
    return keys[key]


def key_references(lesson: str, part: int = 1, parts: int = 1) -> str:
    """A lesson's key references as a Markdown list (``data/key_references.csv``), or part ``part`` of
    ``parts`` so each part fits a slide."""
    if not 1 <= part <= parts:
        raise ValueError(f"part must be from 1 to parts={parts}; got {part}")
    frame = load_table("key_references")
    ids = list(frame.loc[frame["lesson"] == lesson, "source_id"])
    if not ids:
        raise ValueError(f"no key references for lesson {lesson!r} in data/key_references.csv")
    size = -(-len(ids) // parts)
    return references_markdown(ids[(part - 1) * size : part * size])


__all__ = [
    "author_year",
    "cite",
    "ids_of",
    "joined",
    "key_references",
    "references_markdown",
    "short",
    "source",
    "sources_of",
]
