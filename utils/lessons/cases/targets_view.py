"""Section 2's figure: for each case of the section, how many points the needle goes to (innervation: nerves
of the case's joints, each side) and the injectate limit at each point (the safety rule set)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ...core import citations, style
from ...core.figures import figure
from ...models import cases as case_model
from ...models import innervation
from ...models.cases import Case
from ...safety import site_injectate_limit, target_label
from .common import case_nerves, n_sites, sources
from .joint_volume import joint_volume

#: The cases of section 2 ("Choosing the patient and the target"), in the notebook's order.
SECTION_CASES: tuple[str, ...] = ("whiplash-headache", "axial-back-pain", "lumbar-joint", "thoracic")


@dataclass(frozen=True)
class TargetRow:
    """One case's target as the models give it: injection points (count and what they are), the limit per
    point in mL as the rule set writes it, whether the rule set borrowed it from another region, sources."""

    label: str
    region: str
    points: int
    what: str
    limit_ml: float
    limit_text: str
    borrowed: bool
    source_id: str
    #: at a joint, where the rule set's capsule check starts to read caution below the guideline's limit
    #: (mL and its words; review s16 of 08, F1), else None and ''
    caution_ml: float | None = None
    caution_text: str = ""


def target_row(case: Case) -> TargetRow:
    """The case's injection points and the rule set's limit per point."""
    limit, borrowed = site_injectate_limit(case.region, case.target)
    if case.target == "medial_branch":
        found = [innervation.injection_points(n) for n in case_nerves(case)]
        what = " + ".join(f"{p.nerve} ({p.points} points)" if p.points > 1 else p.nerve for p in found)
        ids = [innervation.nerves_to_block(j).source_id for j in case.joints]
        ids += [p.source_id for p in found if p.points > 1]
    else:
        what = " + ".join(f"{j} joint" for j in case.joints)
        ids = []
    side = " (both sides)" if case.sides == 2 else ""
    jv = joint_volume(case.region) if case.target == "intra_articular" and not borrowed else None
    return TargetRow(
        label=f"{case.order}. {case.title}\n{case.region} {target_label(case.target)}",
        region=case.region,
        points=n_sites(case),
        what=what + side,
        limit_ml=limit.high_ml,
        limit_text=limit.text(),
        borrowed=borrowed,
        source_id=sources(limit.source_id, *ids, jv.source_id if jv else ""),
        caution_ml=jv.caution_ml if jv else None,
        caution_text=(f"course rule: caution {jv.caution_text()} (usual {jv.region} capsule)" if jv else ""),
    )


def target_rows() -> list[TargetRow]:
    return [target_row(case_model.case(c)) for c in SECTION_CASES]


def _frame(ax: Axes, right_end: float, n_rows: int) -> None:
    """One panel's frame: x from 0 to ``right_end``, room under each row for its label, grid along x."""
    ax.set_xlim(0, right_end)
    ax.set_ylim(-0.9, n_rows - 0.5)
    ax.grid(False, axis="y")


#: On a slide (about 12 pt type): characters a line of a case's name on the axis, of the text under a bar
#: (left panel) and of a limit's note under its bar (right panel).
SLIDE_LABEL_CHARS, SLIDE_WHAT_CHARS, SLIDE_NOTE_CHARS = 22, 40, 34


#: Half the height of the mark of the course's caution across a bar (rows apart; the bars are 0.45 high and
#: the notes under them start 0.27 below their middle).
CAUTION_MARK = 0.24


def _slide_label(label: str) -> str:
    """A case's axis label with its title on short lines (its region and target line kept)."""
    title, _, target = label.partition("\n")
    return textwrap.fill(title, SLIDE_LABEL_CHARS) + "\n" + target


def _limit_texts(r: TargetRow, slide: bool) -> tuple[str, str]:
    """A limit's text beside its bar and the note under it (on a slide, where the larger type leaves no
    room beside the bar for more than the limit); on the page both beside the bar, as one text."""
    note = f"borrowed: no {r.region}\nsource gives one" if r.borrowed else ""
    if r.caution_ml is not None:
        note = r.caution_text if slide else " (guideline)\n" + textwrap.fill(r.caution_text, 20)
    if slide:  # the guideline's limit named beside its own bar, the course's caution under it (review s19)
        beside = f"{r.limit_text} (guideline)" if r.caution_ml is not None else r.limit_text
        return beside, note if r.borrowed else textwrap.fill(note, SLIDE_NOTE_CHARS)
    return f"{r.limit_text}{chr(10) if r.borrowed else ''}{note}", ""


@figure("case-injection-points-and-volume-limit")
def target_figure() -> tuple[Figure, str]:
    """Injection points per case (left) and the rule set's injectate limit at each point (right). On a slide
    or a handout (one branch) the larger type needs the case names on short lines, the left panel wider and
    each limit's note under its bar, as the injection points' text is."""
    rows = target_rows()
    slide = style.presenting()
    fig, (left, right) = style.new_figure("slide", ncols=2)
    if slide:
        left.get_gridspec().set_width_ratios((1.35, 1))
    y = list(range(len(rows)))[::-1]
    colours = [style.ROLE_COLOURS[r.region] for r in rows]
    left.barh(y, [r.points for r in rows], color=colours, height=0.45)
    for yy, r in zip(y, rows, strict=True):
        what = textwrap.fill(r.what, SLIDE_WHAT_CHARS if slide else 52)
        left.text(0.05, yy - 0.27, what, fontsize=8, va="top", ha="left")
        left.text(r.points + 0.1, yy, f"{r.points}", fontsize=10, va="center", fontweight="bold")
    labels = [_slide_label(r.label) if slide else r.label for r in rows]
    left.set_yticks(y, labels, fontsize=9)
    _frame(left, max(r.points for r in rows) * 1.6, len(rows))
    left.set_xlabel("injection points (per nerve or joint, each side)")
    left.set_title("Injection points (innervation)", loc="left")
    right.barh(
        y,
        [r.limit_ml for r in rows],
        color=colours,
        height=0.45,
        hatch=["//" if r.borrowed else "" for r in rows],
        edgecolor="white",
    )
    for yy, r in zip(y, rows, strict=True):
        if r.caution_ml is not None:
            # the guideline's limit is the bar; the rule set cautions earlier, at the usual capsule capacity:
            # a mark just across the bar, ending above the note under it (it ran into 'caution': review)
            right.plot([r.caution_ml] * 2, [yy - CAUTION_MARK, yy + CAUTION_MARK], color="black", lw=2)
        beside, under = _limit_texts(r, slide)
        right.text(r.limit_ml + 0.03, yy, beside, fontsize=9, va="center")
        if under:
            right.text(0.02, yy - 0.27, under, fontsize=8, va="top", ha="left")
    right.set_yticks(y, [""] * len(rows))
    _frame(right, max(r.limit_ml for r in rows) * 1.7, len(rows))
    right.set_xlabel("injectate limit per point (mL)")
    right.set_title("Limit per point (rule set)", loc="left")
    fig.suptitle(
        "Count the nerves, not the joints; the volume at each point depends on region and target",
        x=0.01,
        ha="left",
        fontsize=11,
        fontweight="bold",
    )
    style.source_note(
        fig,
        "Invented patients (data/cases.csv). Nerves: the course's innervation model; limits: the course's "
        f"safety rule set. Sources: {citations.author_year(sources(*(r.source_id for r in rows)))}.",
    )
    alt = "Two bar charts for cases 1 to 4. " + " ".join(
        f"{r.label.splitlines()[0]}: {r.points} injection point{'s' if r.points > 1 else ''} ({r.what}), "
        f"limit {r.limit_text} per point{' (borrowed from another region)' if r.borrowed else ''}"
        f"{f'; {r.caution_text}, marked by a black line' if r.caution_text else ''}."
        for r in rows
    )
    return fig, alt
