"""The printed-text helpers: `say` wraps for JupyterLab, `unsay` gives the paragraphs back (a handout shows
printed text as prose)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from facet_course.core.text import SAY_WIDTH, say, unsay
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.,;:()%", min_size=1, max_size=14)
PARAGRAPH = st.lists(WORD, min_size=1, max_size=60).map(" ".join)


def said(text: str) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        say(text)
    return buffer.getvalue()


def spoken(paragraphs: list[tuple[str, bool, str]]) -> str:
    return "\n".join(indent + ("- " if bullet else "") + text for indent, bullet, text in paragraphs)


@given(st.lists(st.tuples(st.sampled_from(["", "  "]), st.booleans(), PARAGRAPH), min_size=1, max_size=6))
def test_unsay_gives_back_what_say_printed(paragraphs: list[tuple[str, bool, str]]) -> None:
    """Said again, the paragraphs print exactly the same lines, every word in its place. (Two paragraphs
    printed one under the other read as one when the first ends on a full line: only that break is lost.)"""
    printed = said(spoken(paragraphs))
    back = unsay(printed)
    assert said(spoken(back)) == printed
    assert len(back) <= len(paragraphs)


def test_lines_that_had_room_for_the_next_word_are_paragraphs_of_their_own() -> None:
    assert unsay("Weight: 70 kg\nDose: 140 mg\n") == [
        ("", False, "Weight: 70 kg"),
        ("", False, "Dose: 140 mg"),
    ]
    long = "word " * 40
    assert len(unsay(said(long))) == 1 and max(len(line) for line in said(long).splitlines()) <= SAY_WIDTH


def stored_say_outputs() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code" and "".join(cell["source"]).startswith("say("):
                found += [(path.name, "".join(o["text"])) for o in cell["outputs"] if o.get("text")]
    return found


@pytest.mark.parametrize("name, printed", stored_say_outputs())
def test_every_stored_printout_is_put_back_together_exactly(name: str, printed: str) -> None:
    """What a handout shows as prose, said again, is the printout nbval compares, line for line."""
    lines = [line for line in printed.splitlines() if line.strip()]
    assert [line for line in said(spoken(unsay(printed))).splitlines() if line.strip()] == lines, name


def test_table_cells_read_as_a_reader_writes_them() -> None:
    """A whole number shows no '.0' (a table said '1000.0 mm'), a missing value is empty, a '|' cannot
    break the Markdown table."""
    import pandas as pd
    from facet_course.core.text import markdown_table

    rows = markdown_table(pd.DataFrame({"mm": [1000.0, 2.5, float("nan")], "note": ["a|b", "c", "d"]}))
    assert rows.splitlines()[2:] == ["| 1000 | a/b |", "| 2.5 | c |", "|  | d |"]
