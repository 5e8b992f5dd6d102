"""04, section 3: the checker as a figure and an explorer: each local anaesthetic's share of its governing
maximum (stacked, additive) and the injectate per site against the guideline limit, coloured by verdict.

Panel builders draw the empty panels once; :func:`checker_readout` turns a check into the readout (pure);
the update only moves bars and lines and sets texts. Every number comes from :mod:`facet_course.safety`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import (
    PALETTE,
    ROLE_COLOURS,
    TEXT_ROLE_COLOURS,
    new_figure,
    note_lines,
    reserve_bottom,
    source_note,
)
from ...models import anatomy, safety
from ...models import pharmacology as ph
from ...models.safety_doses import percent_of_max
from .checker import CHECKER_STEROIDS, WEIGHT_SLIDER_KG, WORKED_EXAMPLES, example_checks, procedure_check
from .text import readout_notes

LEVEL_COLOURS: dict[str, str] = {
    "fine": ROLE_COLOURS["safe"],
    "caution": ROLE_COLOURS["caution"],
    "unsafe": ROLE_COLOURS["unsafe"],
}
#: The same levels as words on white in the readout (darker, to be readable: WCAG AA).
LEVEL_TEXT_COLOURS: dict[str, str] = {
    "fine": TEXT_ROLE_COLOURS["safe"],
    "caution": TEXT_ROLE_COLOURS["caution"],
    "unsafe": TEXT_ROLE_COLOURS["unsafe"],
}
#: Right ends of the two panels' axes: share of the governing maximum (1 = the maximum) and mL per site.
DOSE_AXIS_END = 2.0
VOLUME_AXIS_END_ML = 3.0

#: Anaesthetic volumes per joint (mL) the checker's question names; each is a frame of the kernel-free twin.
QUESTION_LA_ML: tuple[float, ...] = (0.75, 1.5, 10.0)


@dataclass(frozen=True)
class _DosePanel:
    block: Rectangle
    skin: Rectangle
    title: Text


@dataclass(frozen=True)
class _VolumePanel:
    anaesthetic: Rectangle
    steroid: Rectangle
    contrast: Rectangle
    limit: Line2D
    capsule: Line2D
    title: Text


def _bar(ax: Axes, y: float, colour: str, height: float, label: str) -> Rectangle:
    bars: BarContainer = ax.barh([y], [0], color=colour, height=height, zorder=2, label=label)
    return bars[0]


def _side_legend(ax: Axes) -> None:
    """The panel's legend beside it, from its top: rows set close and a little away from the axes, so that in
    handout type it stays clear of the last tick label under the axes' right end (handout review)."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.03, 1.0), fontsize=7, frameon=False, labelspacing=0.25)


def _dose_panel(ax: Axes) -> _DosePanel:
    """Stacked bar of block and skin anaesthetic as shares of their governing maxima, with the caution
    margin and the maximum."""
    margin, _, _ = safety.caution_fraction()
    block = _bar(ax, 0, PALETTE["blue"], 0.6, "block")
    skin = _bar(ax, 0, PALETTE["green"], 0.6, "skin (lidocaine)")
    ax.axvline(
        margin,
        color=ROLE_COLOURS["caution"],
        lw=2.5,
        ls="--",
        zorder=3,
        label=f"caution from {100 * margin:.0f}%",
    )
    ax.axvline(1.0, color=ROLE_COLOURS["unsafe"], lw=2.5, zorder=3, label="governing maximum")
    ax.set_xlim(0, DOSE_AXIS_END)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    # broken by hand where it reads well: in handout type the figure's edge wrapped it as '(added / up)'
    ax.set_xlabel("local anaesthetic dose / governing maximum\nfor this weight (added up)")
    _side_legend(ax)
    return _DosePanel(block, skin, ax.set_title("", loc="left", fontsize=9, fontweight="normal"))


def _volume_panel(ax: Axes) -> _VolumePanel:
    """Injectate per site (anaesthetic plus steroid) against the limit and the capsule, contrast apart."""
    anaesthetic = _bar(ax, 0.15, PALETTE["blue"], 0.35, "local anaesthetic")
    steroid = _bar(ax, 0.15, PALETTE["purple"], 0.35, "steroid")
    contrast = _bar(ax, -0.3, PALETTE["sky_blue"], 0.25, "contrast (counted apart)")
    limit = ax.axvline(
        0, color=ROLE_COLOURS["caution"], lw=2.5, ls="--", zorder=3, label="limit per site (injectate)"
    )
    capsule = ax.axvline(
        0, color=PALETTE["black"], lw=1.5, ls=":", zorder=3, label="usual capsule capacity (total)"
    )
    ax.set_xlim(0, VOLUME_AXIS_END_ML)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    ax.set_xlabel("volume per nerve or joint (mL)")
    _side_legend(ax)
    title = ax.set_title("", loc="left", fontsize=9, fontweight="normal")
    return _VolumePanel(anaesthetic, steroid, contrast, limit, capsule, title)


def _show_doses(
    panel: _DosePanel, check: safety.ProcedureCheck, drug: str, percent: float, la_ml: float
) -> None:
    """Block share, then the skin's share stacked after it (capped at the axis end), and the dose title."""
    block_mg = check.n_sites * ph.percent_to_mg_per_ml(percent) * la_ml
    block_dose = next(d for d in check.doses if d.drug == drug and not d.adrenaline)
    block_share = min(block_mg / block_dose.governing.limit_mg, DOSE_AXIS_END)
    total = check.total_fraction_of_governing_max
    panel.block.set_width(block_share)
    panel.skin.set_x(block_share)
    panel.skin.set_width(max(0.0, min(total, DOSE_AXIS_END) - block_share))
    parts = "; ".join(f"{d.label} {d.total_mg:.4g} mg of {d.governing.limit_mg:.4g} mg" for d in check.doses)
    panel.title.set_text(f"{parts}: {percent_of_max(total)}% in all")
    panel.title.set_color(LEVEL_COLOURS[check.level_of("systemic")])


def _show_volumes(panel: _VolumePanel, check: safety.ProcedureCheck, la_ml: float) -> None:
    """Anaesthetic and steroid per site stacked, contrast apart, the limit and (at a joint) the capsule."""
    end = VOLUME_AXIS_END_ML
    steroid_part = check.injectate_ml_per_site - la_ml
    panel.anaesthetic.set_width(min(la_ml, end))
    panel.steroid.set_x(min(la_ml, end))
    panel.steroid.set_width(max(0.0, min(check.injectate_ml_per_site, end) - min(la_ml, end)))
    panel.contrast.set_width(min(check.contrast_ml_per_site, end))
    limit, borrowed = safety.site_injectate_limit(check.region, check.target)
    panel.limit.set_xdata([limit.high_ml, limit.high_ml])
    if check.target == "intra_articular":  # the usual capacity, as the rule set and the readout use it
        usual, largest, _ = anatomy.capsule_capacity_ml(check.region)
        capacity = usual if usual is not None else largest
    else:
        capacity = np.nan
    panel.capsule.set_xdata([capacity, capacity])
    limit_text = (
        limit.text()
        + (" with contrast" if limit.includes_contrast else "")
        + (f" ({limit.region}: no {check.region} source)" if borrowed else "")
    )
    clipped = max(check.injectate_ml_per_site, check.contrast_ml_per_site) > end
    panel.title.set_text(
        f"{check.injectate_ml_per_site:.3g} mL injectate per site"
        + (f" ({steroid_part:.3g} mL steroid)" if steroid_part > 0 else "")
        + f" against {limit_text}\ncontrast {check.contrast_ml_per_site:.3g} mL"
        + (f"; bars cut at {end:g} mL" if clipped else "")
    )
    panel.title.set_color(LEVEL_COLOURS[check.level_of("volume")])


#: Worst first: the order the readout lists the reasons that decide the verdict.
_LEVEL_ORDER = ("unsafe", "caution", "fine")


def _reason_item(reason: safety.Reason, cite: bool) -> str:
    """One reason as an HTML list item: its level in colour, its category, its text (and its sources)."""
    sources = f" <i>({html.escape(reason.citation())})</i>" if cite else ""
    return (
        f'<li><span style="color:{LEVEL_TEXT_COLOURS[reason.level]}"><b>{reason.level}</b></span> '
        f"({reason.category}): {html.escape(reason.text)}{sources}</li>"
    )


def checker_readout(check: safety.ProcedureCheck) -> str:
    """The explorer's readout for one check (HTML), shortest first: the verdict, then every reason that is not
    fine (worst first; these decide the verdict), then, folded in a ``<details>`` the reader opens, every
    reason again with its sources, the fine ones included, and what the verdict covers. No reason is left
    out: the folded part only holds what the visible part does not need to say the verdict and why."""
    deciding = sorted(
        (r for r in check.reasons if r.level != "fine"), key=lambda r: _LEVEL_ORDER.index(r.level)
    )
    why = (
        f"<ul>{''.join(_reason_item(r, cite=False) for r in deciding)}</ul>"
        if deciding
        else " every dose and volume is within its limit.<br>"
    )
    notes = "".join(f"<small>{html.escape(n)}</small><br>" for n in readout_notes(check))
    fine = len(check.reasons) - len(deciding)
    every = "".join(_reason_item(r, cite=True) for r in check.reasons)
    return (
        f'<b style="color:{LEVEL_TEXT_COLOURS[check.verdict]}">Verdict: {check.verdict.upper()}</b>'
        + (" because:" if deciding else ":")
        + why
        + notes
        + f"<details><summary>Every reason with its sources ({len(check.reasons)}, {fine} fine) and what "
        "the verdict covers</summary>"
        f"<ul>{every}</ul><small>{html.escape(check.scope)} ({citations.short(safety.scope()[1])})</small>"
        "</details>"
    )


#: Source-note lines an explorer's frame keeps room for: its layout is fixed at the first frame, so the room
#: is that of the longest note of the twin's frames (5 lines), not of the first (3 lines; the others ran over
#: the volume axis's label).
EXPLORER_NOTE_LINES = 5


def _draw_checker(note_room_lines: int = 0) -> tuple[Figure, Callable[..., str]]:
    """The two-panel checker figure and its update (the explorer's controls, in order); the source note keeps
    room for at least ``note_room_lines`` lines (an explorer's frames: :data:`EXPLORER_NOTE_LINES`)."""
    fig, (dose_ax, vol_ax) = new_figure("notebook", nrows=2)
    doses, volumes = _dose_panel(dose_ax), _volume_panel(vol_ax)
    title = fig.suptitle("", fontweight="bold")
    every_maximum = [safety.governing_max(d, 70).source_id for d in ph.local_anaesthetics()]
    # narrowed to the sources of the current check in update()
    note = source_note(fig, citations.cite(*every_maximum, citations.source("lumbar_guideline")))

    def update(
        weight_kg: float,
        region: str,
        target: str,
        purpose: str,
        sites: int,
        drug: str,
        percent: float,
        la_ml: float,
        steroid: str,
        steroid_ml: float,
        skin_lidocaine_ml: float,
        contrast_ml: float,
        sedation: str,
    ) -> str:
        try:
            check = procedure_check(
                weight_kg,
                region,
                target,
                purpose,
                int(sites),
                drug,
                float(percent),
                float(la_ml),
                steroid,
                float(steroid_ml),
                float(skin_lidocaine_ml),
                float(contrast_ml),
                sedation == "yes",
            )
        except ValueError as error:  # impossible input: say why in the figure and the readout
            for bar in (doses.block, doses.skin, volumes.anaesthetic, volumes.steroid, volumes.contrast):
                bar.set_width(0)
            doses.title.set_text("dose: not computed")
            volumes.title.set_text("volume: not computed")
            title.set_text("Not a possible procedure: see the message below")
            title.set_color("#555555")
            return f"⚠ {error}"
        _show_doses(doses, check, drug, float(percent), float(la_ml))
        _show_volumes(volumes, check, float(la_ml))
        title.set_text(
            f"Verdict: {check.verdict.upper()} ({purpose} {region} {safety.target_label(target)}, "
            f"{weight_kg:g} kg)"
        )
        title.set_color(LEVEL_COLOURS[check.verdict])
        note.set_text(citations.cite(*(r.source_id for r in check.reasons)))
        # this frame's note keeps its own room (an explorer's, the longest of its frames: its layout is fixed)
        reserve_bottom(fig, max(note_room_lines, note_lines(fig, note.get_text())))
        return checker_readout(check)

    return fig, update


def checker_explorer() -> Explorer:
    """The checker as an explorer: patient, procedure, purpose, drugs per site, skin, contrast, sedation."""
    strengths = sorted({s for d in ph.local_anaesthetics() for s in ph.marketed_strengths_percent(d)})
    return explore(
        "dose-and-volume-checker",
        lambda: _draw_checker(EXPLORER_NOTE_LINES),
        [
            Control("weight_kg", "Weight", WEIGHT_SLIDER_KG, value=50, twin_options=[50, 80], unit="kg"),
            Control("region", "Region", list(safety.REGIONS), value="lumbar", twin_options=["lumbar"]),
            Control(
                "target",
                "Target",
                list(safety.TARGETS),
                value="intra_articular",
                twin_options=["intra_articular"],
                names={t: safety.target_label(t) for t in safety.TARGETS},
            ),
            Control(
                "purpose",
                "Purpose",
                list(safety.PURPOSES),
                value="therapeutic",
                twin_options=["therapeutic", "diagnostic"],
            ),
            # the question's two joints only: fewer frames keep the static run in time on a loaded machine
            Control("sites", "Joints or nerves", (1, 10, 1), value=2, twin_options=[2]),
            Control(
                "drug",
                "Local anaesthetic",
                ph.local_anaesthetics(),
                value="bupivacaine",
                twin_options=["bupivacaine"],
            ),
            Control("percent", "Strength", strengths, value=0.5, twin_options=[0.5], unit="%"),
            Control(
                "la_ml",
                "Anaesthetic per site",
                [0.15, 0.2, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0],
                value=QUESTION_LA_ML[0],  # opens on a routine joint injection that reads fine (review s13 m3)
                twin_options=list(QUESTION_LA_ML),  # the volumes the question names: 24 frames in all
                unit="mL",
            ),
            Control(
                "steroid",
                "Steroid",
                list(CHECKER_STEROIDS),
                value="none",
                twin_options=["none", "triamcinolone 40 mg/mL"],
            ),
            Control(
                "steroid_ml",
                "Steroid per site",
                [0.0, 0.25, 0.5, 1.0],
                value=0.25,
                twin_options=[0.25],
                unit="mL",
            ),
            Control(
                "skin_lidocaine_ml",
                "Skin: 1% lidocaine",
                [0.0, 5.0, 10.0, 20.0],
                value=5.0,
                twin_options=[5.0],
                unit="mL",
            ),
            Control(
                "contrast_ml",
                "Contrast per site",
                [0.0, 0.1, 0.2, 0.3, 0.5, 1.0],
                value=0.2,
                twin_options=[0.2],
                unit="mL",
            ),
            Control("sedation", "Sedation", ["no", "yes"], value="no", twin_options=["no"]),
        ],
        question="Two lumbar joints in a 50 kg patient, 0.5% bupivacaine: at "
        + ", ".join(f"{ml:g}" for ml in QUESTION_LA_ML[:-1])
        + f" and {QUESTION_LA_ML[-1]:g} mL per joint, which limit, if any, is broken: the volume or the "
        "dose? What changes at 80 kg, with the steroid, and in a diagnostic block?",
        alt="Two bars: each local anaesthetic's share of its governing maximum, added up, against the "
        "caution margin and the maximum; and the injectate per site (anaesthetic plus steroid) against the "
        "guideline limit, with contrast apart, coloured by verdict.",
        fixed_in_one_paragraph=True,  # thirteen controls: one line each would run off a slide
    )


@figure("dose-checker-lumbar-medial-branch-example")
def checker_figure() -> tuple[Figure, str]:
    """The checker at the typical lumbar medial branch block session, for figures/ and print."""
    fig, update = _draw_checker()
    args = WORKED_EXAMPLES[0][1]
    update(
        args["weight_kg"],
        args["region"],
        args["target"],
        args["purpose"],
        args["sites"],
        args["drug"],
        args["percent"],
        args["la_ml"],
        "none",
        0.0,
        args["skin_lidocaine_ml"],
        args["contrast_ml"],
        "no",
    )
    check = example_checks()[0]
    alt = (
        f"Six lumbar medial branch blocks of {args['la_ml']} mL {args['percent']}% bupivacaine with "
        f"{args['skin_lidocaine_ml']} mL 1% lidocaine to the skin in a {args['weight_kg']} kg patient: "
        f"{percent_of_max(check.total_fraction_of_governing_max)}% of the governing maxima added up, "
        f"{check.injectate_ml_per_site:g} mL per nerve against the guideline limit; verdict {check.verdict}."
    )
    return fig, alt
