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
from ...models import aftercare, pharmacology, recovery, systemic_effects

STEROID = aftercare.STEROID
EFFECT_COLOURS = {"blood glucose": PALETTE["orange"], "adrenal axis suppression": PALETTE["blue"]}


def steroid_session_figures() -> dict[str, float | str]:
    """The figures 07 teaches for one session of facet steroid, all from the one rule set
    (:func:`facet_course.safety.steroid_label_limits`, :func:`facet_course.safety.steroid_largest_joint_dose`)
    and the facet trial's dose (``data/corticosteroids_doses.csv``): mg per joint, mg per session, the
    knee's dose (only the rule set's 'unsafe at one site' line), the trial's mg per joint, and sources."""
    per_joint, per_session, sources = safety.steroid_label_limits(STEROID)
    largest, largest_sources = safety.steroid_largest_joint_dose(STEROID)
    if per_joint is None or per_session is None or largest is None:
        raise ValueError(f"the rule set has no label figures for {STEROID}")
    doses = pharmacology.steroid_doses(STEROID)
    trial = doses[doses["context"] == "trial"].iloc[0]
    return {
        "per_joint_mg": per_joint,
        "per_session_mg": per_session,
        "session_labelled": "yes" if safety.steroid_session_labelled(STEROID) else "no",
        "unsafe_at_one_site_mg": largest,
        "trial_per_joint_mg": float(trial["dose_mg_high"]),
        "trial_joint": str(trial["joint"]),
        "sources": sources,
        "largest_sources": largest_sources,
        "trial_source": str(trial["source_id"]),
    }


def repeat_table() -> pd.DataFrame:
    """How much, how soon, how often, and what limits repeating: each line with its number and source."""
    dose = steroid_session_figures()
    session_how = (
        "the label's total for several joints"
        if dose["session_labelled"] == "yes"
        else "no label gives a total for this steroid: the rule set's ceiling, carried over from a labelled "
        "total by systemic equivalence"
    )
    label = pharmacology.corticosteroid_info(STEROID)
    every3, per_year = (
        aftercare.statement(i) for i in ("steroid_joint_suggestion", "steroid_joint_suggestion_per_year")
    )
    wip_year, wip_3, wip_esi = (
        aftercare.statement(i)
        for i in ("wip_yearly_postmenopausal", "wip_three_year_postmenopausal", "wip_per_epidural")
    )
    sis = aftercare.statement("steroid_no_safe_number")
    episode = recovery.outcome("manchikanti_relief_per_episode")
    treatments = recovery.outcome("manchikanti_treatments")
    repeat_rf = aftercare.rf_outcome("macvicar_duration_repeat")
    lumbar, cervical = (
        aftercare.statement(i) for i in ("lumbar_guideline_rf_rows", "cervical_guideline_rf_repeat")
    )
    rows = [
        {
            "question": "how much steroid per facet joint, and in all, in one session",
            "answer": f"up to {dose['per_joint_mg']:g} mg of {STEROID} per joint (the label's small-joint "
            f"dose: a facet joint is a small joint) and {dose['per_session_mg']:g} mg in all "
            f"({session_how}). Above the small-joint dose the rule set says 'caution', and 'unsafe' only "
            f"above {dose['unsafe_at_one_site_mg']:g} mg at one site (notebook 04). 'Caution' does not mean "
            f"supported: the lumbar facet trial used {dose['trial_per_joint_mg']:g} mg per joint, and no "
            "source read gives a higher facet dose of this steroid",
            "source": citations.author_year(str(dose["sources"]), str(dose["trial_source"])),
        },
        {
            "question": "the label's largest dose for one joint (not a facet dose)",
            "answer": f"{dose['unsafe_at_one_site_mg']:g} mg is the label's dose for a large joint such as "
            "the knee; the rule set calls more than this at one site 'unsafe'. It is never a facet "
            "joint's dose",
            "source": citations.author_year(str(dose["largest_sources"])),
        },
        {
            "question": "how soon a steroid injection may be repeated",
            "answer": f"the label (peripheral joints): {label['release'].removeprefix('depot: ')}; for one "
            f"joint it has been suggested no more often than every {every3['value']:g} months and no more "
            f"than {per_year['value']:g} or {per_year['value_high']:g} times a year (cartilage; a "
            "suggestion, not a limit shown for facet joints). No source read gives an interval for "
            "facet joints",
            "source": citations.author_year(str(label["source_id"]), every3["source_id"]),
        },
        {
            "question": "a safe total of steroid over a year",
            "answer": f"{sis['statement']}. Cautious published limits exist for epidural steroid (bone "
            f"health, postmenopausal women): {wip_year['value']:g} {wip_year['unit']} and {wip_3['value']:g} "
            f"{wip_3['unit']} in methylprednisolone equivalents, {wip_esi['value']:g} "
            f"{wip_esi['unit']}; they are recommendations, not thresholds shown to be safe",
            "source": citations.author_year(sis["source_id"], wip_year["source_id"]),
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
            "question": "the guidelines' criteria for repeating radiofrequency (lumbar 2020, cervical 2022)",
            "answer": "not given here (not read); see the guidelines. Lumbar: "
            f"{lumbar['statement']}. Neck: {cervical['statement']}",
            "source": citations.author_year(lumbar["source_id"], cervical["source_id"]),
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
