"""01, section 2: which nerves carry a facet joint's pain (the innervation finder, C2-3 to L5-S1).

The nerves to block for every joint, with the rule and its exceptions, from
:mod:`facet_course.models.innervation`; names that are not facet joints (sacroiliac, C0-1, C1-2, L6-S1) get
an explanation, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import anatomy, innervation
from ._common import esc

_VERTEBRAE = list(anatomy.VERTEBRAE)  # C1 .. S1
_NERVES = [f"C{i}" for i in range(1, 9)] + [f"T{i}" for i in range(1, 13)] + [f"L{i}" for i in range(1, 6)]

FINDER_NAMES: tuple[str, ...] = (
    "C0-1",
    "C1-2",
    *anatomy.FACET_JOINTS,
    "L6-S1",
    "sacroiliac",
)


def _vertebra_x(name: str) -> float:
    """Position of a vertebra on the map's axis (C1 = 0)."""
    return float(_VERTEBRAE.index(name))


def _nerve_x(nerve: str) -> float:
    """Where a nerve's medial branch (or dorsal ramus) is blocked, on the vertebra axis of the map."""
    region, number = nerve[0], int(nerve[1:])
    if region == "C":
        return _vertebra_x(f"C{number}") if number <= 7 else _vertebra_x("C7") + 0.5
    below = {"T": f"T{number + 1}" if number < 12 else "L1", "L": f"L{number + 1}" if number < 5 else "S1"}[
        region
    ]
    return _vertebra_x(below)


def _joint_x(joint: str) -> float:
    """Position of a joint on the map's axis: between its two vertebrae."""
    upper, lower = anatomy.joint_vertebrae(joint)
    return (_vertebra_x(upper) + _vertebra_x(lower)) / 2


def _short_label(name: str, first: str = "") -> str:
    """'T1' for the first of its region (or ``first``), '2' for the others: numbers that fit under one
    vertebra in slide type, with the region letter where a region starts (the colours mark it too)."""
    return name if name[1:] == "1" or name == first else name[1:]


def _draw_innervation() -> tuple[Figure, Callable[..., str]]:
    """The spine from C1 to S1 as a row of vertebrae; joints above, nerves below; the chosen joint linked."""
    fig, (ax,) = new_figure("slide")
    n = len(_VERTEBRAE)
    ax.set_xlim(-1.3, n + 1.0)
    ax.set_ylim(-2.6, 2.3)
    # the rows are named by the y axis (laid out with room for any type size), not by free text
    ax.set_frame_on(False)
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([0.75, 0, -0.9], ["joints", "vertebrae", "nerves"])
    ax.tick_params(axis="y", length=0, labelsize=8)
    for i, vert in enumerate(_VERTEBRAE):
        colour = {
            "C": ROLE_COLOURS["cervical"],
            "T": ROLE_COLOURS["thoracic"],
            "L": ROLE_COLOURS["lumbar"],
        }.get(vert[0], "#999999")
        ax.add_patch(
            FancyBboxPatch(
                (i - 0.42, -0.3), 0.84, 0.6, boxstyle="round,pad=0.02", fc=colour, alpha=0.35, ec=colour
            )
        )
        ax.text(i, 0, _short_label(vert), ha="center", va="center", fontsize=7)
    ax.text(-0.9, 0, "occiput", ha="center", va="center", fontsize=7, color="#555555", rotation=90)
    # facet joints (above the row)
    for joint in anatomy.FACET_JOINTS:
        ax.plot(_joint_x(joint), 0.75, "o", color="#777777", ms=5)
    for x in (-0.5, 0.5):  # C0-1 and C1-2
        ax.plot(x, 0.75, "o", mfc="white", mec="#999999", ms=6)
    ax.text(0, 1.15, "not facet\njoints", fontsize=7, ha="center", color="#777777")
    ax.add_patch(
        FancyBboxPatch(
            (n - 0.4, 0.45), 0.9, 0.5, boxstyle="round,pad=0.02", fc="white", ec="#999999", ls="--"
        )
    )
    ax.text(n + 0.05, 1.15, "SI\njoint", fontsize=7, ha="center", color="#777777")
    # nerves (below the row)
    for nerve in _NERVES[2:]:  # C3 .. L5
        x = _nerve_x(nerve)
        ax.plot(x, -0.9, "|", color="#777777", ms=8)
        label = _short_label(nerve, first="C3")
        if nerve == "C8":  # half a vertebra from C7's label: a line lower and in full, not read as '78'
            label, y = nerve, -1.6
        else:
            y = -1.2
        ax.text(x, y, label, fontsize=7, ha="center", va="top", color="#555555")
    (joint_mark,) = ax.plot([], [], "o", color=PALETTE["vermillion"], ms=11)
    (nerve_marks,) = ax.plot([], [], "v", color=PALETTE["vermillion"], ms=10)
    links = [ax.plot([], [], "-", color=PALETTE["vermillion"], lw=2)[0] for _ in range(2)]
    headline = ax.text(n / 2, 2.1, "", ha="center", va="top", fontsize=12, fontweight="bold")
    detail = ax.text(n / 2, -2.05, "", ha="center", va="top", fontsize=8, wrap=True)
    fig.suptitle("Which nerves carry a facet joint's pain? Two per joint, with exceptions", fontweight="bold")
    source_note(fig, citations.cite(innervation.nerve_supply_table()))

    def update(name: str = "L4-5") -> str:
        for link in links:
            link.set_data([], [])
        try:
            found = innervation.nerves_to_block(name)
        except ValueError as error:
            joint_mark.set_data([], [])
            nerve_marks.set_data([], [])
            x = {"C0-1": -0.5, "C1-2": 0.5, "sacroiliac": n + 0.05, "L6-S1": n - 0.5}.get(name)
            if x is not None:
                joint_mark.set_data([x], [0.75])
            headline.set_text(f"{name}: not a facet joint of a normal spine")
            headline.set_color(PALETTE["vermillion"])
            detail.set_text("No medial branch to block: see the explanation below the figure.")
            return f"⚠ {esc(str(error))}"
        headline.set_color(PALETTE["black"])
        jx = _joint_x(found.joint)
        joint_mark.set_data([jx], [0.75])
        xs = []
        for nerve in found.nerves:
            label = "C3" if nerve.startswith("third occipital") else nerve.split()[0]
            xs.append(_joint_x("C2-3") if label == "C3" and found.joint == "C2-3" else _nerve_x(label))
        nerve_marks.set_data(xs, [-0.9] * len(xs))
        for link, x in zip(links, xs, strict=False):
            link.set_data([jx, x], [0.75, -0.8])
        headline.set_text(f"{found.joint}: block {' + '.join(found.nerves)}")
        detail.set_text(f"Where: {found.block_targets}")
        flag = " <b>Exception.</b>" if found.exception else ""
        miss = " <b>Caution:</b> " if found.block_may_miss else " Note: "
        note = f"{miss}{esc(found.note)}." if found.note else ""
        note += limited_evidence_html(found.joint)
        return (
            f"<b>{found.joint}</b>: block <b>{esc(' + '.join(found.nerves))}</b>.{flag} "
            f"Why: {esc(found.rule)}.{note}"
            f" <i>{esc(citations.cite(found.source_id))}</i>"
        )

    return fig, update


def innervation_explorer() -> Explorer:
    """Pick a joint (or a name that is not a facet joint); see the nerves to block and why."""
    twin = [
        "C0-1",
        "C1-2",
        "C2-3",
        "C3-4",
        "C5-6",
        "C7-T1",
        "T1-2",
        "T6-7",
        "T12-L1",
        "L1-2",
        "L3-4",
        "L4-5",
        "L5-S1",
        "L6-S1",
        "sacroiliac",
    ]
    return explore(
        "facet-innervation-finder",
        _draw_innervation,
        [Control("name", "Joint", list(FINDER_NAMES), value="L4-5", twin_options=twin)],
        question="Which two joints break the 'two medial branches per joint' rule, and what do you block "
        "instead? At which joint do nerve and vertebra numbers part?",
        alt="A row of vertebrae from C1 to S1 with facet joints above and nerves below; the chosen joint is "
        "linked to the nerves that must be blocked.",
    )


@figure("facet-innervation-map-L5-S1-exception")
def innervation_map_figure() -> tuple[Figure, str]:
    """The innervation map with L5-S1 chosen: the lumbar exception (L4 medial branch + L5 dorsal ramus)."""
    name = "L5-S1"
    fig, update = _draw_innervation()
    update(name)
    found = innervation.nerves_to_block(name)
    alt = f"Innervation map C1 to S1; {found.joint} is linked to {' and '.join(found.nerves)}."
    return fig, alt


FORAMINAL_NERVES = ("T10", "T11", "T12")  # where the one-cadaver dissection saw the branch in the foramen
DISSECTED_RAMI = tuple(f"T{n}" for n in range(1, 13))  # the one-cadaver dissection's ramus levels, T1-T12
LUMBAR_LIKE_NERVE = "T12"  # a 20-cadaver series of T10-T12: its medial branch runs as lumbar ones do


def limited_evidence_caution(joint: str) -> str:
    """The lighter caution for a joint one of whose nerves comes from the thoracic dorsal rami (T1-T12) and
    which lies outside the T4-T8 cadaver series (review s10 of 01, F4): one cadaver (T1-T12) found most
    articular branches leaving the dorsal ramus itself, and at T10-T12 passing through the foramen. By the
    course's rule that includes L1-2 through its T12 nerve (review s16 of 01, F4). Empty for a joint with
    no thoracic nerve or already marked caution."""
    found = innervation.nerves_to_block(joint)
    levels = innervation.medial_branch_levels(joint)
    thoracic = [label for label in levels if label in DISSECTED_RAMI]
    if not thoracic or found.block_may_miss:
        return ""
    if found.region == "thoracic":
        text = "limited evidence (one cadaver): the articular branches may leave the dorsal ramus itself"
        them = "them"
        if any(label in FORAMINAL_NERVES for label in levels):
            text += (  # review s13 of 01, F7: the source reports dorsal-ramus levels, not joints
                ", and one of its nerves is from the T10-T12 dorsal rami, whose articular branch passed "
                "through the intervertebral foramen (the course's mapping of those ramus levels to this "
                "joint)"
            )
    else:  # a lumbar joint with one thoracic nerve (L1-2: T12; review s16 of 01, F4)
        text = (
            f"limited evidence (one cadaver): its {' and '.join(thoracic)} nerve is from the T10-T12 dorsal "
            "rami, whose articular branch passed through the intervertebral foramen (the course's mapping of "
            "those ramus levels to this joint), and most articular branches left the dorsal ramus itself"
        )
        them = "it"
    text = f"{text}, so a medial branch block may miss {them}"
    if LUMBAR_LIKE_NERVE in levels:  # the sources disagree at T12: show both
        text += "; a larger cadaver series of T10-T12 found the T12 medial branch running as lumbar ones do"
    return text


def limited_evidence_sources(joint: str) -> str:
    """The reference ids behind :func:`limited_evidence_caution` for this joint ('' when it has none)."""
    if not limited_evidence_caution(joint):
        return ""
    ids = [citations.source("thoracic_articular_branches_all_levels")]
    if LUMBAR_LIKE_NERVE in innervation.medial_branch_levels(joint):
        ids.append(citations.source("t12_medial_branch_runs_as_lumbar"))
    return citations.joined(*ids)


def limited_evidence_html(joint: str) -> str:
    """The finder's and the lumbar picker's caution sentence for a joint, with its sources ('' if none)."""
    light = limited_evidence_caution(joint)
    if not light:
        return ""
    return f" <b>Caution, {esc(light)}</b> ({esc(citations.short(limited_evidence_sources(joint)))})."


def innervation_table() -> pd.DataFrame:
    """Every facet joint from C2-3 to L5-S1 with the nerves to block and the rule (from the model); joints
    with a thoracic nerve outside the T4-T8 series carry the one-cadaver caution, and their source column
    names that dissection (review s16 of 01, F3)."""
    table = innervation.nerve_table()
    light = table["joint"].map(limited_evidence_caution)
    table["caution"] = table["caution"].where(light == "", light)
    with_dissection = [
        citations.cite(
            citations.joined(innervation.nerves_to_block(j).source_id, limited_evidence_sources(j))
        ).removeprefix("Source: ")
        for j in table["joint"]
    ]
    table["source"] = table["source"].where(light == "", pd.Series(with_dissection, index=table.index))
    return table


def innervation_examples(*names: str) -> str:
    """The finder's explanation for each joint name (or why it is not a facet joint), as paragraphs."""
    return "\n\n".join(innervation.explain(name) for name in names)


def thoracic_caution() -> str:
    """Markdown: the thoracic medial branch rule carries a caution at every thoracic level, with T4-T8 the
    best-studied band (the table's caution rows), and how thin the evidence beyond it is."""
    mid = citations.short(citations.source("thoracic_articular_branches_all_levels"))
    table = innervation.nerve_table()
    marked = table[table["joint"].str.startswith("T") & (table["caution"] != "")]["joint"]
    first, last = marked.iloc[0], marked.iloc[-1]  # review s15 of 01, F4: read from the table, not typed
    lumbar = [j for j in table["joint"] if j.startswith("L") and limited_evidence_caution(j)]  # s16 F4: L1-2
    t12 = citations.short(citations.source("t12_medial_branch_runs_as_lumbar"))
    return (
        "**Thoracic caution beyond T4-T8:** a later dissection of every thoracic level (T1-T12, both sides) "
        "also found most articular branches arising from the dorsal ramus itself (17 of 22), not the medial "
        "branch, and from the T10-T12 dorsal rami the articular branch passed through the intervertebral "
        "foramen (the paper names ramus levels; by the course's rule those rami supply the joints T10-11 to "
        "L1-2, so the table's rows are the course's mapping, not the paper's). It was one cadaver, so "
        "take the rule with caution at every thoracic level: the table marks the other thoracic rows, and "
        f"{' and '.join(lumbar)} through its thoracic nerve, with "
        f"this lighter, limited-evidence caution; its {first} to {last} caution rows (10 cadavers: the "
        "joints at least one of whose nerves lies in the studied T4-T8 rami) are the best "
        f"studied. At T12 the sources disagree: a larger cadaver series of T10-T12 found the T12 medial "
        f"branch running as lumbar ones do ({t12}), so the rows with a T12 nerve name both. *Source: {mid}.*"
    )
