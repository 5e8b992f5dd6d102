"""The course map is read from the notebooks, and every notebook follows the skeleton it reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from facet_course.core import course

NOTEBOOKS = course.course_notebooks()


def write_notebook(folder: Path, name: str, first_markdown: str) -> Path:
    nb = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": first_markdown}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / name
    path.write_text(json.dumps(nb))
    return path


def test_map_reads_title_time_and_objectives_in_teaching_order(tmp_path: Path) -> None:
    write_notebook(
        tmp_path, "02_b.ipynb", "# 02 Bee\n**For:** all. **Time:** 25 min\n## Learning objectives\n- Do b.\n"
    )
    write_notebook(
        tmp_path, "01_a.ipynb", "# 01 Ay\n**Time:** about 10 min\n## Learning objectives\n- Do a.\n- Do aa.\n"
    )
    write_notebook(tmp_path, "scratch.ipynb", "# not in the course")
    entries = course.course_map(tmp_path)
    assert [e.filename for e in entries] == ["01_a.ipynb", "02_b.ipynb"]
    assert entries[0].objectives == ("Do a.", "Do aa.")
    assert entries[1].minutes == 25
    assert course.course_map_text(tmp_path).endswith("2 notebooks, about 35 min in all.")
    table = course.course_map_markdown(tmp_path).splitlines()
    assert table[0] == "| Notebook | Time | You will be able to |"
    assert table[2] == "| [01 Ay](01_a.ipynb) | 10 min | - Do a.<br>- Do aa. |"
    assert table[3].startswith("| [02 Bee](02_b.ipynb) | 25 min |")
    assert table[-1] == "2 notebooks, about 35 min in all."


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("**Time:** 5 min\n## Learning objectives\n- x\n", "Title"),
        ("# T\n## Learning objectives\n- x\n", "Time"),
        ("# T\n**Time:** 5 min\n", "Learning objectives"),
    ],
)
def test_a_notebook_off_the_skeleton_is_named_with_what_it_lacks(
    tmp_path: Path, text: str, missing: str
) -> None:
    write_notebook(tmp_path, "01_a.ipynb", text)
    with pytest.raises(course.CourseMapError, match=missing):
        course.course_map(tmp_path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_course_notebook_follows_the_skeleton(path: Path) -> None:
    info = course.read_notebook_info(path)
    assert 3 <= len(info.objectives) <= 6, f"{path.name}: 3-6 learning objectives"
    verbs_ok = all(o.split()[0][0].isupper() for o in info.objectives)
    assert verbs_ok, f"{path.name}: each objective starts with a verb"
    cells = json.loads(path.read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "Take-away" in text, f"{path.name}: sections end with a take-away line"
    assert "self-check" in text.lower(), f"{path.name}: ends with a self-check"
    assert "references" in text.lower(), f"{path.name}: lists key references"
    for cell in cells:
        assert "slideshow" in cell["metadata"], (
            f"{path.name}: a cell has no slide metadata: {''.join(cell['source'])[:60]!r}"
        )
        assert "sys.path" not in "".join(cell["source"]), f"{path.name}: no sys.path tricks in notebooks"
