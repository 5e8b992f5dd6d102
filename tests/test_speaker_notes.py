"""Speaker notes say about how many minutes their slides take and add up to the notebook's time (issue 15).

Every notes cell (markdown with ``"slideshow": {"slide_type": "notes"}``) ends with a line ``*About N min.*``:
the time for its slide and for the slides after it that have no notes of their own, up to the next note. A
notebook's notes add up to the time its first cell states (``**Time:** N min``, read by
``facet_course.core.course``) within 10 %; the rest is the title. So an instructor can teach the notebook from
its deck in the time the course map gives it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from facet_course.core import course

NOTEBOOKS = course.course_notebooks()
#: The last line of every speaker note: ``About N min.`` (N a whole number, at least 1), italic or not.
NOTE_TIME = re.compile(r"(?:^|\n)\*?About ([1-9]\d*) min\.\*?\s*\Z")
#: How far a notebook's notes may add up from its stated time, as a share of that time.
TOLERANCE = 0.10


def speaker_notes(path: Path) -> list[tuple[int, str]]:
    """(cell index, text) of every speaker-notes cell of a notebook, in order."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        (i, "".join(c["source"]))
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown"
        and c.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes"
    ]


def note_minutes(text: str) -> int | None:
    """The minutes a note's last line gives (``*About N min.*``), or None when it gives none."""
    found = NOTE_TIME.search(text)
    return int(found.group(1)) if found else None


def timing_problems(path: Path) -> list[str]:
    """What keeps a notebook's notes from timing its deck: notes without a time, a sum off its stated time."""
    stated = course.read_notebook_info(path).minutes
    notes = speaker_notes(path)
    problems = [
        f"{path.name}: the note in cell {i} does not end with '*About N min.*' ({text.strip()[-60:]!r})"
        for i, text in notes
        if note_minutes(text) is None
    ]
    total = sum(note_minutes(text) or 0 for _, text in notes)
    if not notes or abs(total - stated) > TOLERANCE * stated:
        problems.append(
            f"{path.name}: its {len(notes)} notes add up to {total} min, "
            f"not within 10% of its stated {stated} min"
        )
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_note_gives_its_minutes_and_they_add_up_to_the_notebooks_time(notebook: Path) -> None:
    problems = timing_problems(notebook)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Ask the room.\n\n*About 3 min.*", 3),
        ("Ask the room.\n*About 12 min.*\n", 12),
        ("About 1 min.", 1),
        ("Ask the room (about 3 minutes).", None),
        ("*About 3 min.*\n\nThen the next slide.", None),
        ("Ask the room.\n\n*About 0 min.*", None),
        ("Ask the room.\n\n*About 2.5 min.*", None),
        ("Ask the room. About 2 min.", None),
    ],
)
def test_note_minutes_reads_only_a_last_line_with_a_whole_number(text: str, minutes: int | None) -> None:
    assert note_minutes(text) == minutes


def _changed_copy(tmp_path: Path, change: str) -> Path:
    """A copy of 00 in tmp_path whose first note lost its time ('untimed') or gives 30 min more ('long')."""
    source = NOTEBOOKS[0]
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    nb = json.loads(copy.read_text(encoding="utf-8"))
    index, text = speaker_notes(copy)[0]
    minutes = note_minutes(text)
    assert minutes is not None, "00's first note gives no time (see the test above)"
    head = text[: NOTE_TIME.search(text).start()]
    nb["cells"][index]["source"] = head if change == "untimed" else f"{head}\n\n*About {minutes + 30} min.*"
    copy.write_text(json.dumps(nb), encoding="utf-8")
    return copy


def test_a_note_without_its_minutes_is_named(tmp_path: Path) -> None:
    assert not timing_problems(NOTEBOOKS[0]), "00 itself must pass before its changed copy is tested"
    problems = timing_problems(_changed_copy(tmp_path, "untimed"))
    assert any("does not end with '*About N min.*'" in p for p in problems), problems


def test_notes_that_add_up_to_more_than_the_stated_time_are_named(tmp_path: Path) -> None:
    problems = timing_problems(_changed_copy(tmp_path, "long"))
    assert problems and all("not within 10% of its stated 15 min" in p for p in problems), problems
