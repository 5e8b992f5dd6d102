"""The course map, read from the notebooks themselves so it cannot go stale.

Every notebook's first markdown cell follows one skeleton (see ``notebooks/README.md``)::

    # 01 Facet joint anatomy
    **For:** residents ... **Time:** 40 min
    ## Learning objectives
    - Explain ...

This module reads title, audience, time and objectives from that cell.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

NOTEBOOK_DIR: Path = Path(__file__).resolve().parents[2] / "notebooks"
_NUMBERED = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")


@dataclass(frozen=True)
class NotebookInfo:
    """What the course map shows of one notebook."""

    number: str
    filename: str
    title: str
    minutes: int
    objectives: tuple[str, ...]


class CourseMapError(ValueError):
    """A notebook's opening cell does not follow the skeleton; the message says which part is missing."""


def read_notebook_info(path: Path) -> NotebookInfo:
    """Title, time (minutes) and objectives from a notebook's first markdown cell."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = next((c for c in cells if c["cell_type"] == "markdown"), None)
    if first is None:
        raise CourseMapError(f"{path.name}: no markdown cell; the first one must hold title and objectives")
    text = "".join(first["source"])
    title = re.search(r"^# (.+)$", text, re.MULTILINE)
    minutes = re.search(r"\*\*Time:\*\*\s*(?:about\s*)?(\d+)\s*min", text)
    objectives_block = re.search(r"^## Learning objectives\s*\n((?:\s*[-*] .+\n?)+)", text, re.MULTILINE)
    for part, found in (
        ("a '# Title' line", title),
        ("'**Time:** N min'", minutes),
        ("'## Learning objectives' with a bullet list", objectives_block),
    ):
        if found is None:
            raise CourseMapError(f"{path.name}: first markdown cell lacks {part}")
    objectives = tuple(
        line.strip()[2:].strip() for line in objectives_block.group(1).splitlines() if line.strip()
    )
    number = _NUMBERED.match(path.name)
    return NotebookInfo(
        number=number.group(1) if number else "",
        filename=path.name,
        title=title.group(1).strip(),
        minutes=int(minutes.group(1)),
        objectives=objectives,
    )


def course_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in teaching order."""
    return sorted(p for p in folder.glob("*.ipynb") if _NUMBERED.match(p.name))


def course_map(folder: Path = NOTEBOOK_DIR) -> list[NotebookInfo]:
    """Every numbered notebook's title, time and objectives, in teaching order."""
    return [read_notebook_info(p) for p in course_notebooks(folder)]


def course_map_text(folder: Path = NOTEBOOK_DIR) -> str:
    """The course map as plain text (printed in 00_start_here, so nbval notices a stale map)."""
    lines = []
    entries = course_map(folder)
    for info in entries:
        lines.append(f"{info.filename}  ({info.minutes} min)\n  {info.title}")
        for objective in info.objectives:  # wrapped here so no viewer breaks a word
            lines.append(
                textwrap.fill(objective, width=96, initial_indent="    - ", subsequent_indent="      ")
            )
    total = sum(i.minutes for i in entries)
    lines.append(f"{len(entries)} notebooks, about {total} min in all.")
    return "\n".join(lines)


def course_map_markdown(folder: Path = NOTEBOOK_DIR) -> str:
    """The course map as a Markdown table: each notebook as a link (JupyterLab opens it; the handout build
    points it at the handout), its time and its objectives, then the total."""
    rows = ["| Notebook | Time | You will be able to |", "|---|---|---|"]
    entries = course_map(folder)
    for info in entries:
        objectives = "<br>".join(f"- {o.replace('|', '&#124;')}" for o in info.objectives)
        rows.append(f"| [{info.title}]({info.filename}) | {info.minutes} min | {objectives} |")
    total = sum(i.minutes for i in entries)
    return "\n".join(rows) + f"\n\n{len(entries)} notebooks, about {total} min in all."
