"""07, section 2: repeating injections and radiofrequency; what limits a steroid over a year.

The steroid's effects on the body are notebook 04's table (:mod:`facet_course.models.systemic_effects`), the
per-session steroid ceiling the one rule set's (:mod:`facet_course.safety`), repeated blocks notebook 05's
outcomes, repeat radiofrequency and the statements ``data/aftercare_*``; nothing typed here.
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure

from ... import safety
from ...core import citations
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import aftercare, recovery, systemic_effects

STEROID = aftercare.STEROID
EFFECT_COLOURS = {"blood glucose": PALETTE["orange"], "adrenal axis suppression": PALETTE["blue"]}


def repeat_table() -> pd.DataFrame:
    """How soon, how often, and what limits repeating: each line with its number and source."""
    single, source = safety.steroid_largest_joint_dose(STEROID)
    episode = recovery.outcome("manchikanti_relief_per_episode")
    treatments = recovery.outcome("manchikanti_treatments")
    repeat_rf = aftercare.rf_outcome("macvicar_duration_repeat")
    rows = [
        {
            "question": "largest steroid dose at one joint in one session",
            "answer": f"{single:g} mg of {STEROID} (the label's largest single-joint dose; the course's one "
            "rule set, notebook 04, checks every session)",
            "source": citations.author_year(source),
        },
        {
            "question": "a safe total of steroid over a year",
            "answer": aftercare.statement("steroid_no_safe_number")["statement"],
            "source": citations.author_year(aftercare.statement("steroid_no_safe_number")["source_id"]),
        },
        {
            "question": "what limits repeating a steroid",
            "answer": "blood glucose rises for days and the adrenal axis is suppressed for weeks (figure "
            f"below, notebook 04); {aftercare.statement('bone_not_read')['statement']}",
            "source": citations.author_year(*systemic_effects.systemic_effect_table()["source_id"]),
        },
        {
            "question": "repeated medial branch blocks (selected by comparative blocks)",
            "answer": f"relief {episode['value']:g} {episode['unit']} per block on average, about "
            f"{treatments['value']:g} to {treatments['value_high']:g} blocks in {treatments['time_days']:g} "
            "days; no placebo arm (notebook 05)",
            "source": citations.author_year(episode["source_id"]),
        },
        {
            "question": "repeating radiofrequency when the pain returns",
            "answer": f"{aftercare.statement('rf_repeat_reproducible')['statement']}; in the strict audit, "
            f"relief after a repeat lasted {repeat_rf['value']:g} {repeat_rf['unit']}",
            "source": citations.author_year(
                aftercare.statement("rf_repeat_reproducible")["source_id"], repeat_rf["source_id"]
            ),
        },
        {
            "question": "what the 2020 lumbar guideline says about repeating radiofrequency",
            "answer": aftercare.statement("lumbar_guideline_rf_rows")["statement"],
            "source": citations.author_year(aftercare.statement("lumbar_guideline_rf_rows")["source_id"]),
        },
    ]
    return pd.DataFrame(rows)


@figure("steroid-effects-on-glucose-and-adrenal-axis-last-days-to-weeks")
def effects_figure() -> tuple[Figure, str]:
    """How long each study saw a steroid's effect on glucose or the adrenal axis (notebook 04's table)."""
    table = systemic_effects.systemic_effect_table()
    fig, (ax,) = new_figure("notebook")
    fig.set_size_inches(7.4, 3.8)
    labels = []
    for y, (_, r) in enumerate(table.iterrows()):
        colour = EFFECT_COLOURS.get(r["effect"], "#777777")
        low, high = float(r["days_low"]), float(r["days_high"])
        if r["days_kind"] == "found" or high == low:
            ax.plot([high], [y], "o", color=colour, ms=6)
        else:
            ax.barh(y, high - low, left=low, height=0.6, color=colour)
        injection = textwrap.shorten(r["injection"], 30, placeholder="...")
        labels.append(f"{injection} ({citations.author_year(r['source_id'])})")
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("days after the injection (bar: how long it lasted; dot: when found)", fontsize=9)
    fig.suptitle(
        "Glucose rises for days; the adrenal axis is suppressed for weeks", fontsize=10, fontweight="bold"
    )
    for effect, colour in EFFECT_COLOURS.items():
        ax.plot([], [], "s", color=colour, label=effect)
    ax.legend(loc="lower right", fontsize=7)
    ax.grid(True, axis="x", alpha=0.3)
    source_note(fig, f"Source: notebook 04's table, {citations.author_year(*table['source_id'])}.")
    alt = (
        "Bars and dots, one per study, of how long blood glucose rose (one to three days) and how long the "
        "adrenal axis was suppressed (one week to about twelve weeks) after a steroid injection into a joint "
        "or the epidural space; the studies in notebook 04's table."
    )
    return fig, alt
