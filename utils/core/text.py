"""Text helpers every lesson uses: wrapped printed text, Markdown tables with readable headers, ranges.

No clinical content. Printed text goes through :func:`say` (JupyterLab never breaks a word, nbval compares
a stable text); tables go through :func:`table` (long cells whole, no pandas index, readable headers).
"""

from __future__ import annotations

import html
import re
import textwrap

import pandas as pd
from IPython.display import Markdown

#: Characters per printed line: `say` wraps at this width; a printed handout page fits it (8 pt monospace).
SAY_WIDTH = 96


def say(text: str, width: int = SAY_WIDTH) -> None:
    """Print a text for reading: each paragraph wrapped at ``width`` so no viewer breaks a word.

    JupyterLab breaks long output lines anywhere, mid-word; wrapping here keeps the words whole and keeps
    the printed text exact for nbval.
    """
    for number, paragraph in enumerate(text.split("\n")):
        if number:
            print()
        indent = paragraph[: len(paragraph) - len(paragraph.lstrip())]
        hanging = indent + ("  " if paragraph.lstrip()[:2] in ("- ", "* ") else "")
        print(
            textwrap.fill(
                paragraph,
                width=width,
                subsequent_indent=hanging,
                break_long_words=False,
                break_on_hyphens=False,
            ),
            end="",
        )
    print()


def unsay(printed: str, width: int = SAY_WIDTH) -> list[tuple[str, bool, str]]:
    """The paragraphs :func:`say` printed, put back together: ``(indent, is_bullet, text)`` each.

    ``say`` fills greedily, so a line ends where a paragraph goes on only when the next line's first word
    would not have fitted on it; a line that had room for that word ended its paragraph (an offline handout
    shows printed text as prose, not in the fixed-width lines JupyterLab needs)."""
    paragraphs: list[tuple[str, bool, str]] = []
    previous = ""
    for line in printed.split("\n"):
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        first = stripped.split(" ", 1)[0]
        bullet = stripped[:2] in ("- ", "* ")
        goes_on = (
            paragraphs
            and stripped
            and previous.strip()
            and not bullet
            and len(previous) + 1 + len(first) > width
            and indent in (paragraphs[-1][0], paragraphs[-1][0] + ("  " if paragraphs[-1][1] else ""))
        )
        if goes_on:
            start, was_bullet, text = paragraphs[-1]
            paragraphs[-1] = (start, was_bullet, f"{text} {stripped}")
        elif stripped:
            paragraphs.append((indent, bullet, stripped[2:] if bullet else stripped))
        previous = line
    return paragraphs


def _cell(value: object) -> str:
    """A table cell as a reader writes it: empty for a missing value, a whole number without '.0'."""
    if not isinstance(value, str) and pd.isna(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("|", "/")


def markdown_table(frame: pd.DataFrame) -> str:
    """A DataFrame as a Markdown table: long text cells stay whole (a DataFrame view truncates them)."""
    frame = frame.reset_index() if frame.index.name else frame
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for _, row in frame.iterrows():
        cells = [_cell(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table(frame: pd.DataFrame, names: dict[str, str] | None = None) -> Markdown:
    """Show a table as Markdown: long text cells whole, no index column, snake_case headers made readable.

    ``names`` maps column names to display names; other snake_case names lose their underscores.
    """
    names = names or {}
    shown = frame.rename(columns=lambda c: names.get(str(c), str(c).replace("_", " ")))
    return Markdown(markdown_table(shown))


def range_text(low: float, high: float, unit: str, digits: int = 3) -> str:
    """'10-20 min', or '20 min' when both ends are the same (numbers with ``:g``-style digits)."""
    lo, hi = f"{low:.{digits}g}", f"{high:.{digits}g}"
    return f"{lo} {unit}" if lo == hi else f"{lo}-{hi} {unit}"


def plain_text(markup: str) -> str:
    """An HTML readout as plain text (tags dropped, entities decoded): for alt text and nbval's text form."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("  ", " ").strip()
