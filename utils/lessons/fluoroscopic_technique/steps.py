"""03, section 1: the procedure from consent to discharge, step by step, and what patient leaflets skip.

Steps, durations and what leaflets say from ``data/procedure_steps.csv`` (the procedure-steps model); the
volume at one joint as the safety rule set counts it (the total, contrast included, against the lumbar
intra-articular limit 04 teaches, and where its caution starts, the usual capsule capacity).
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from ...core import citations
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import anatomy, safety
from ...models.procedure_steps import NOT_MENTIONED, leaflet_mentions, procedure_steps_table
from .contrast import joint_volume_steps

__all__ = [
    "NOT_MENTIONED",
    "around_the_steps",
    "injection_volume_label",
    "leaflet_gaps_table",
    "leaflet_mentions",
    "operator_checklist_table",
    "timeline_figure",
]


def leaflet_gaps_table() -> pd.DataFrame:
    """What patient leaflets describe against what they leave out, by step."""
    table = procedure_steps_table()
    out = table[["step", "leaflet_says", "leaflet_leaves_out"]].fillna(NOT_MENTIONED)
    return out.set_index("step")


def operator_checklist_table() -> pd.DataFrame:
    """What the operator does and checks at each step (the leaflet table shows what the patient is told),
    with the step's sources."""
    table = procedure_steps_table()
    return pd.DataFrame(
        {
            "step": table["step"],
            "what you do and check": table["what_happens"],
            "source": [citations.author_year(*str(s).split(";")) for s in table["source_id"]],
        }
    ).set_index("step")


def injection_volume_label(region: str = "lumbar") -> str:
    """The line under the injection step (review s16 of 03, F1): the total at one joint as the rule set counts
    it (contrast included where its limit counts contrast), the guideline's limit, and where the rule set's
    caution starts below that limit (the usual capsule capacity), every number asked of the rule set and the
    capsule table (mL)."""
    limit, _ = safety.site_injectate_limit(region, "intra_articular")
    head = (
        "total at the joint,\ncontrast included"
        if limit.includes_contrast
        else "injectate per joint\n(contrast counted apart)"
    )
    lines = [f"{head}:\n{limit.text()} ({limit.basis})"]
    first = next((s for s in joint_volume_steps(region) if s[2] != "fine"), None)
    if first is not None and first[0] < limit.high_ml:
        volume, at, _, _ = first
        usual, _, _ = anatomy.capsule_capacity_ml(region)
        why = (
            "the usual capacity" if usual is not None and math.isclose(usual, volume) else "the capsule check"
        )
        lines.append(f"caution {'from' if at else 'above'} {volume:g} mL,\n{why}")
    return ";\n".join(lines)


def _step_detail(row: pd.Series) -> str:
    """The line under a step's box: at the injection, the total at one joint as the rule set counts it
    (:func:`injection_volume_label`); else the step's duration where sourced."""
    if row["step"] == "Injection":
        return injection_volume_label()
    if row["duration_low_min"] is not None and not pd.isna(row["duration_low_min"]):
        return f"{row['duration_low_min']:g}-{row['duration_high_min']:g} min"
    return ""


@figure("facet-injection-procedure-timeline")
def timeline_figure() -> tuple[Figure, str]:
    """The procedure as a timeline of numbered steps; what leaflets mention is marked."""
    table = procedure_steps_table()
    fig, (ax,) = new_figure("slide")
    ax.axis("off")
    n = len(table)
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(-2.3, 1.9)  # room for two-line step names above and the five-line volume note below
    ax.plot([-0.3, n - 0.7], [0, 0], color="#999999", lw=3, zorder=0)
    for i, (_, row) in enumerate(table.iterrows()):
        colour = PALETTE["green"] if leaflet_mentions(row["leaflet_says"]) else PALETTE["orange"]
        ax.add_patch(
            FancyBboxPatch(
                (i - 0.42, -0.3), 0.84, 0.6, boxstyle="round,pad=0.02", fc=colour, ec="none", alpha=0.85
            )
        )
        ax.text(
            i, 0, str(row["order"]), ha="center", va="center", fontsize=12, color="white", fontweight="bold"
        )
        name = textwrap.fill(str(row["step"]), 12)  # one step apart on a row: short lines fit slide type
        ax.text(i, 0.42 if i % 2 == 0 else 1.15, name, ha="center", va="bottom", fontsize=8)
        detail = _step_detail(row)
        if detail:  # a long one ends under its box's right edge: it runs left, under the steps with none
            wide = "\n" in detail
            x, ha = (i + 0.42, "right") if wide else (i, "center")
            ax.text(x, -0.45, detail, ha=ha, va="top", fontsize=7, color="#333333")
    ax.add_patch(
        FancyBboxPatch((-0.5, -2.2), 0.25, 0.2, boxstyle="round,pad=0.01", fc=PALETTE["green"], ec="none")
    )
    ax.text(-0.18, -2.1, "patient leaflets describe this step", fontsize=8, va="center")
    ax.add_patch(
        FancyBboxPatch((4.0, -2.2), 0.25, 0.2, boxstyle="round,pad=0.01", fc=PALETTE["orange"], ec="none")
    )
    ax.text(4.32, -2.1, "leaflets leave it out (see the table below)", fontsize=8, va="center")
    ax.set_title("From consent to discharge: ten steps, and what the leaflets skip")
    limit, _ = safety.site_injectate_limit("lumbar", "intra_articular")
    capacity_ids = anatomy.capsule_capacity_ml("lumbar")[2]
    volume_ids = ";".join(dict.fromkeys([*limit.source_id.split(";"), *capacity_ids.split(";")]))
    source_note(fig, f"{citations.cite(table)}; volume: {citations.short(volume_ids)}.")
    left_out = [
        str(r["step"]).lower() for _, r in table.iterrows() if not leaflet_mentions(r["leaflet_says"])
    ]
    alt = (
        f"Timeline of {n} steps of a fluoroscopy-guided facet injection: "
        f"{', '.join(str(step).lower() for step in table['step'])}. Steps the patient leaflets describe are "
        f"green; the step they leave out ({', '.join(left_out) or 'none'}) is orange. Under the injection: "
        f"{injection_volume_label().replace(chr(10), ' ')}."
    )
    return fig, alt


def around_the_steps() -> str:
    """Markdown: what a resident also needs around the steps (review s15 03, expected items 1-6): the level
    and transitional vertebrae, tilt, sedation and the diagnostic result, vasovagal reactions and the
    warning signs after discharge, each from a sourced statement or a pointer to the notebook that teaches
    it; no number is stated here."""
    ay = citations.author_year
    source = citations.source
    return "\n".join(
        [
            "**Around the steps**",
            "- **Which level:** count on the AP view and check the count against how the MRI was "
            "numbered: lumbosacral transitional vertebrae are common, no landmark numbers them "
            "reliably, and the reference is whole-spine imaging counted down from C2 "
            f"({ay(source('transitional_vertebra_numbering'))}). Confirm the level and side before "
            "the skin is marked.",
            "- **Tilt:** if the joint does not open on the oblique alone, tilt the C-arm cranially or "
            f"caudally ({ay(source('posterior_approach_technique'))}); the simulator has no tilt "
            "effect (section 3).",
            "- **Sedation:** routine sedation is not indicated, and heavy sedation removes the "
            f"patient's warning of needle contact ({ay(source('sedation_warning'))}). For a diagnostic "
            "block it also muddies the result: in a crossover trial of sedation during diagnostic "
            "sacroiliac and sympathetic blocks more patients reported relief with sedation, which its "
            f"authors say may increase false-positive blocks ({ay(source('sedation_trial_result'))}).",
            "- **Faint in the room:** vasovagal reactions occur in fluoroscopic spine injections "
            f"({ay(source('vasovagal_series'))}); the first-aid sequence is in "
            "[06 Complications and safety](06_complications.ipynb).",
            "- **After discharge:** besides fever and new weakness, the red flags for cauda equina "
            "syndrome and spinal infection (saddle anaesthesia and recent bladder dysfunction among "
            f"them) matter ({ay(source('low_back_red_flag_signs'))}); when to call is in "
            "[07 Aftercare](07_aftercare.ipynb).",
        ]
    )
