"""02, section 1: who is a candidate for facet blocks, and what each guideline body asks before and during
them (``data/block_guidelines.csv`` through :mod:`facet_course.models.block_selection`; relief cut-offs from
notebook 05's table).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import (
    PALETTE,
    ROLE_COLOURS,
    mark_as_frame,
    new_figure,
    presenting,
    slide_min_pt,
    source_note,
)
from ...models import block_selection
from .common import wrap

#: Rows the comparison figure has room for (the data holds at most three per region and topic).
MAX_ROWS = 4
#: Height of one text line and the gap between rows of the comparison figure (axes fractions); on a slide (no
#: source-note strip: the axes take 92% of the height) one line is 1.2 points per point of type.
LINE_HEIGHT, ROW_GAP = 0.05, 0.03
SLIDE_LINE_INCHES_PER_PT = 1.2 / 72
#: Height of the comparison figure (inches): room for the longest topic, three rows of five lines; on a slide
#: (larger type, so more lines) as tall as the frame's place allows.
FIGURE_HEIGHT_IN, SLIDE_FIGURE_HEIGHT_IN = 4.2, 5.4
#: Where the three columns (guideline, recommendation, grade) start, in axes fractions.
COLUMN_X = (0.0, 0.27, 0.72)
#: Width of an average character in DejaVu Sans, in ems (how many characters a column holds).
CHAR_EMS = 0.58
REGION_COLOURS = {"lumbar": ROLE_COLOURS["lumbar"], "cervical": ROLE_COLOURS["cervical"]}


def _row_label(row: pd.Series) -> str:
    return f"{row['body']}\n{row['setting']}"


@figure("conservative-care-before-facet-blocks-by-guideline")
def conservative_care_figure() -> tuple[Figure, str]:
    """Weeks of failed conservative care each guideline asks before blocks, graded and practice rows apart."""
    rows = block_selection.conservative_care()
    fig, (ax,) = new_figure("notebook")
    colours = [REGION_COLOURS.get(r, PALETTE["green"]) for r in rows["region"]]
    hatches = ["" if s == "graded recommendation" else "//" for s in rows["setting"]]
    bars = ax.barh(range(len(rows)), rows["conservative_care_weeks"], color=colours, edgecolor="white")
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    labels = [f"{r['body']},\n{r['setting']}" for _, r in rows.iterrows()]
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.invert_yaxis()
    for i, (_, row) in enumerate(rows.iterrows()):
        weeks = row["conservative_care_weeks"]
        # ASIPP counts its 3 months from the onset of pain (and asks for failed conservative care, for no
        # stated time): say so on the bar rather than draw it as weeks of failed care
        since = "\nafter onset of pain" if "after onset" in str(row["recommendation"]) else ""
        ax.text(weeks + 0.3, i, f"{weeks:g} weeks{since}", va="center", fontsize=8)
    ax.set_xlim(0, 19)
    ax.set_xlabel("weeks asked before blocks (3 months = 13 weeks)")
    ax.set_title("6 weeks to 3 months of conservative care first", fontsize=10)
    source_note(
        fig,
        f"{citations.cite(rows)}. Hatched: practice tables (no grade). The cervical guideline's practice "
        "table "
        "and its graded summary differ.",
    )
    shortest = rows.loc[rows["conservative_care_weeks"].idxmin()]
    alt = (
        "Bar chart of weeks asked before facet blocks: 13 weeks (3 months) of conservative care in the "
        f"lumbar guideline and the cervical practice table, 13 weeks after the onset of pain (with failed "
        f"conservative care, for no stated time) for ASIPP; {shortest['conservative_care_weeks']:g} "
        f"weeks in the {shortest['body']}'s graded summary."
    )
    return fig, alt


def guideline_table(region: str) -> pd.DataFrame:
    """Every guideline row for ``region`` as a readable table (cut-offs from notebook 05's table)."""
    rows = block_selection.guidelines(region)
    return pd.DataFrame(
        {
            "topic": [block_selection.TOPICS[t] for t in rows["topic"]],
            "guideline": rows["body"],
            "where it stands": rows["setting"],
            "recommendation": [
                f"{c}; {r}" if isinstance(c, str) else r
                for c, r in zip(rows["cutoff"], rows["recommendation"], strict=True)
            ],
            "grade": rows["grade"],
            "source": [citations.author_year(s) for s in rows["source_id"]],
        }
    )


def _draw_guidelines() -> tuple[Figure, Callable[..., str]]:
    """A three-column text table (guideline, recommendation, grade) updated in place per region and topic."""
    fig, (ax,) = new_figure("slide")
    # on a slide every text is raised to the slide's least size (one place: the table wraps narrower, its
    # lines are taller, and the figure is taller to hold them)
    fig.set_figheight(SLIDE_FIGURE_HEIGHT_IN if presenting() else FIGURE_HEIGHT_IN)
    mark_as_frame(fig)
    cell_pt = max(9.0, slide_min_pt(fig)) if presenting() else 9.0
    column_in = [
        (end - x) * 0.98 * fig.get_figwidth() for x, end in zip(COLUMN_X, [*COLUMN_X[1:], 1.0], strict=True)
    ]
    widths = [int(inches / (CHAR_EMS * cell_pt / 72)) - 1 for inches in column_in]
    line_height = (
        SLIDE_LINE_INCHES_PER_PT * cell_pt / (0.92 * fig.get_figheight()) if presenting() else LINE_HEIGHT
    )
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    heads = list(zip(COLUMN_X, ("guideline\n(where it stands)", "recommendation", "grade"), strict=True))
    for x, head in heads:
        ax.text(x, 0.98, head, fontsize=cell_pt + 1, fontweight="bold", va="top")
    cells = [
        [ax.text(x, 0.9 - 0.22 * i, "", fontsize=cell_pt, va="top") for x, _ in heads]
        for i in range(MAX_ROWS)
    ]
    title = ax.set_title("")
    note = source_note(fig, "Source: " + " " * 180)

    keys = {name: key for key, name in block_selection.TOPICS.items()}

    def update(region: str, topic: str) -> str:
        if topic not in keys:
            raise ValueError(f"topic={topic!r}; choose one of {list(keys)}")
        topic = keys[topic]
        rows = block_selection.guidelines(region, topic)
        if len(rows) > MAX_ROWS:
            raise ValueError(f"{len(rows)} rows for {region} / {topic}: the figure shows at most {MAX_ROWS}")
        top = 0.98 - 2 * line_height - 0.03  # under the two-line heading
        for i, line in enumerate(cells):
            shown = i < len(rows)
            if shown:
                row = rows.iloc[i]
                text = row["recommendation"]
                if isinstance(row["cutoff"], str):
                    text = f"positive at {row['cutoff']} relief (notebook 05); {text}"
                texts = [
                    wrap(v, w) for v, w in zip((_row_label(row), text, row["grade"]), widths, strict=True)
                ]
                for cell, value in zip(line, texts, strict=True):
                    cell.set_text(value)
                    cell.set_y(top)
                top -= max(t.count("\n") + 1 for t in texts) * line_height + ROW_GAP
            for cell in line:
                cell.set_visible(shown)
        title.set_text(f"{block_selection.TOPICS[topic].capitalize()}: what each guideline says ({region})")
        note.set_text(citations.cite(rows) if len(rows) else "No guideline row for this topic and region.")
        bodies = ", ".join(dict.fromkeys(rows["body"]))
        statements = "1 statement" if len(rows) == 1 else f"{len(rows)} statements"
        return f"<b>{block_selection.TOPICS[topic]}</b>, {region}: {statements} from {bodies}."

    return fig, update


def guideline_explorer() -> Explorer:
    """Region and topic: each guideline body's recommendation side by side, with its grade."""
    return explore(
        "guideline-comparison",
        _draw_guidelines,
        [
            Control("region", "Region", list(block_selection.REGIONS), value="lumbar"),
            Control(
                "topic",
                "Topic",
                list(block_selection.TOPICS.values()),
                value=block_selection.TOPICS["conservative_care"],
            ),
        ],
        question="On which topics do the lumbar and cervical guidelines say different things, and which "
        "statements carry a grade?",
        alt="Text table comparing what each guideline body recommends on one topic for one spinal region, "
        "with the grade of each statement.",
    )
