"""07's clinical prose: the leaflet claims corrected, misconceptions, the self-check and key references.

Every number comes from the models (:mod:`facet_course.models.aftercare`, and notebooks 02, 04 and 05 through
theirs); every source from ``data/``.
"""

from __future__ import annotations

import pandas as pd

from ...core import citations
from ...core.selfcheck import Question
from ...models import aftercare, recovery, systemic_effects
from . import radiofrequency

SLUG = "aftercare"
#: What this course's leaflet says instead of each claim of notebook 05's leaflet table (advice row ids).
INSTEAD: dict[str, str] = {
    "steroid_onset_2_5": "steroid",
    "steroid_onset_first_week": "steroid",
    "relief_weeks_or_months": "steroid",
    "nhs_may_take_two_weeks": "steroid",
}


#: The x-axis label of the same figure: each bar is a range of durations that starts at the injection.
EFFECTS_XLABEL = (
    "days after the injection (dot: when found)\n"
    "bar: solid from day 0 to the shortest duration reported,\nhatched to the longest"
)
#: Alt text of the glucose and adrenal figure (:func:`facet_course.lessons.aftercare.repeat.effects_figure`).
EFFECTS_ALT = (
    "Bars and dots, one per study, of how long blood glucose rose (one to three days) and how long the "
    "adrenal axis was suppressed (one week to about twelve weeks) after a steroid injection into a joint "
    "or the epidural space; each bar starts at the injection, solid to the shortest duration reported and "
    "hatched to the longest; the studies in notebook 04's table."
)


def claims_corrected_table() -> pd.DataFrame:
    """Notebook 05's leaflet claims (its table, read through the recovery model), each with its verdict and
    what this course's leaflet tells the patient instead."""
    plain = aftercare.advice_table().set_index("id")["plain"]
    rows = []
    for _, c in recovery.leaflet_claims().iterrows():
        rows.append(
            {
                "leaflets say": c["headline"],
                "verdict (notebook 05)": c["verdict"],
                "our leaflet says": plain[INSTEAD.get(c["id"], "pain_back")],
                "claim from": citations.author_year(c["source_id"]),
            }
        )
    return pd.DataFrame(rows)


def rf_differences() -> str:
    """Why the radiofrequency trials differ: selection, technique, design (Markdown, from data/)."""
    lord, mac = aftercare.rf_outcome("lord_median_rf"), aftercare.rf_outcome("macvicar_success")
    wijk, juch = aftercare.rf_outcome("vanwijk_rf"), aftercare.rf_outcome("juch_facet")
    kleef = aftercare.rf_outcome("vankleef_rf")
    critique = aftercare.statement("mint_critique")
    return "\n".join(
        [
            f"- **{lord['study']}** ({lord['design']}): selected by *{lord['selection']}*.",
            f"- **{mac['study']}** ({mac['design']}): selected by *{mac['selection']}*; "
            f"success {mac['value']:g}-{mac['value_high']:g}% by a strict definition.",
            f"- **{kleef['study']}** ({kleef['design']}): selected by *{kleef['selection']}*; "
            f"{kleef['value']:g}% success at 8 weeks after radiofrequency; {kleef['comparison']}.",
            f"- **{wijk['study']}** ({wijk['design']}): selected by *{wijk['selection']}*; "
            f"{wijk['value']:g}% success after radiofrequency; {wijk['comparison']}.",
            f"- **{juch['study']}** ({juch['design']}): selected by *{juch['selection']}*. "
            f"{critique['statement'][0].upper()}{critique['statement'][1:]} "
            f"({citations.author_year(critique['source_id'])}).",
            "- The results differ, even between the two sham-controlled trials that selected with one "
            "block. Selection, technique (electrode placement, lesion size) and design all differ between "
            "the studies; none of these is shown to be the cause.",
            f"- {radiofrequency.harms_text('lumbar')} (notebook 06)",
            f"- {radiofrequency.harms_text('cervical')}",
        ]
    )


def misconceptions() -> str:
    """Misconceptions about aftercare, repeats and radiofrequency, each corrected with its source."""
    claims = recovery.leaflet_claims().set_index("id")
    week = claims.loc["steroid_onset_first_week"]
    lord, juch = aftercare.rf_outcome("lord_median_rf"), aftercare.rf_outcome("juch_facet")
    kleef = aftercare.rf_outcome("vankleef_rf")
    sis = aftercare.statement("steroid_no_safe_number")
    every3, wip = (
        aftercare.statement("steroid_joint_suggestion"),
        aftercare.statement("wip_yearly_postmenopausal"),
    )
    ama, nih = aftercare.reading_targets()
    weakness = aftercare.when_to_call_table().set_index("id").loc["weakness", "source_id"]
    return "\n".join(
        [
            f"- *“{week['claim']}.”* **Not shown:** {week['correction']} "
            f"({citations.author_year(recovery.outcome('barnsley_median_steroid')['source_id'])}, "
            "notebook 05).",
            "- *“Radiofrequency failed in the Mint trials, so it does not work.”* **Too simple:** "
            "those trials "
            f"were pragmatic and not blinded ({citations.author_year(juch['source_id'])}), and a small "
            "sham-controlled lumbar trial found more successes at 8 weeks after radiofrequency (not "
            "significant unadjusted, significant after adjustment; "
            f"{citations.author_year(kleef['source_id'])}); the placebo-controlled neck trial, which "
            "selected with placebo-controlled blocks, found half the patients had their pain back only "
            "after "
            f"{lord['value']:g} days, against {aftercare.rf_outcome('lord_median_sham')['value']:g} "
            f"after sham ({citations.author_year(lord['source_id'])}).",
            "- *“Three steroid injections a year is a safe limit.”* **No dose or number has been shown "
            f"to be safe:** {sis['statement']} ({citations.author_year(sis['source_id'])}). The label's "
            "repeat interval is a dosing interval, not a safety limit; the cautious suggestions (three "
            "months between injections into one joint, a "
            f"limit of {wip['value']:g} {wip['unit']} for postmenopausal women given epidural steroid) are "
            "not safety thresholds either "
            f"({citations.author_year(every3['source_id'], wip['source_id'])}).",
            "- *“A numb leg or arm after the block means a damaged nerve.”* **Usually not:** the numbing "
            "medicine can spread to a nerve root and wears off with it (notebook 06); weakness that "
            "outlasts it, "
            "spreads or worsens is a reason to call the emergency number for an ambulance, not to drive "
            f"({citations.author_year(weakness)}).",
            f"- *“Patients can read what clinicians read.”* **No:** the AMA recommends grade "
            f"{ama:g} and the NIH "
            f"grade {nih:g} for patient materials, and few published materials meet them "
            f"({citations.author_year(aftercare.statement('reading_ama')['source_id'])}).",
        ]
    )


def self_check_questions() -> list[Question]:
    """Six questions, the correct option in varying positions, each citing its source."""
    return _aftercare_and_trial_questions() + _selection_and_steroid_questions()


def _aftercare_and_trial_questions() -> list[Question]:
    """The fever threshold, the placebo-controlled cervical trial, and why lumbar trials differ."""
    value, unit, alt, alt_unit = aftercare.fever_threshold()
    fever_source = aftercare.when_to_call_table().set_index("id").loc["fever", "source_id"]
    lord, sham = aftercare.rf_outcome("lord_median_rf"), aftercare.rf_outcome("lord_median_sham")
    return [
        Question(
            "After a facet injection, which temperature do the patient-education sources read tell "
            "patients to "
            "call about?",
            (
                "Any feeling of warmth",
                f"Over {alt:g} {alt_unit} ({value:g} {unit}), or chills",
                "Only with a rash",
            ),
            1,
            "The facet injection page gives this threshold and a clinic's general instructions the same; no "
            "study sets one for facet injections.",
            fever_source,
        ),
        Question(
            "In the placebo-controlled cervical trial, how long until half the patients had their pain back?",
            (
                f"{lord['value']:g} days after radiofrequency, {sham['value']:g} after sham",
                "No difference between radiofrequency and sham",
                "Longer after sham",
            ),
            0,
            f"Median time to return of at least 50% of the pain; {lord['n']} patients per arm, selected by "
            "placebo-controlled blocks.",
            lord["source_id"],
        ),
        Question(
            "Lumbar radiofrequency looked strong in some studies and weak in others. What does the "
            "evidence read here allow you to say?",
            (
                "The weak studies used higher temperatures",
                "Lumbar nerves regrow faster than cervical ones",
                "The studies differ in selection, technique and design; none is shown to be the cause",
            ),
            2,
            "Two sham-controlled trials that both selected with one block disagreed on their main "
            "outcome (van Kleef 1999 found more successes at 8 weeks, significant only after adjustment; "
            "van Wijk 2005 no difference on "
            "its combined outcome, though global perceived effect was better); the Mint facet trial was "
            "pragmatic and unblinded; MacVicar 2013 selected by complete relief after controlled blocks "
            "and had no control group.",
            ";".join(
                aftercare.rf_outcome(i)["source_id"]
                for i in ("vankleef_rf", "vanwijk_rf", "juch_facet", "macvicar_success")
            ),
        ),
    ]


def _selection_and_steroid_questions() -> list[Question]:
    """Selection by blocks before radiofrequency, steroid over a year, and glucose after a steroid."""
    none, two = aftercare.paradigm_result("no block"), aftercare.paradigm_result("two comparative blocks")
    sis = aftercare.statement("steroid_no_safe_number")
    wip = aftercare.statement("wip_yearly_postmenopausal")
    glucose = systemic_effects.systemic_effect_table()
    glucose = glucose[glucose["effect"] == "blood glucose"]
    return [
        Question(
            "With two comparative blocks instead of none before lumbar radiofrequency, what "
            "happened in the trial?",
            (
                "Both shares rose",
                "More of those treated did well; fewer of all who started did",
                "Both shares fell",
            ),
            1,
            f"Success among those treated rose from {none.success_of_treated_pct:g}% to "
            f"{two.success_of_treated_pct:g}%, success of everyone who started fell from "
            f"{none.success_of_arm_pct:g}% to {two.success_of_arm_pct:g}%: stricter selection treats fewer "
            "people, more of whom do well (notebook 02). Everyone in the no-block arm had radiofrequency and "
            "its risks, and the trial compared cost-effectiveness; in practice a positive prognostic block "
            "comes first (notebook 02).",
            two.source_id,
        ),
        Question(
            "How much steroid over a year is safe?",
            (
                "Three injections a year",
                "Any amount, if each dose is below the label's single-joint dose",
                "None is shown safe; published limits are cautious",
            ),
            2,
            sis["statement"][0].upper()
            + sis["statement"][1:]
            + f". A yearly limit of {wip['value']:g} {wip['unit']} (methylprednisolone equivalents, "
            "postmenopausal women, epidural) is a cautious recommendation, not a threshold shown to be safe.",
            f"{sis['source_id']};{wip['source_id']}",
        ),
        Question(
            "A patient with diabetes has a steroid injection. For how long may blood glucose be raised?",
            (
                f"A few days: up to {systemic_effects.longest_days('blood glucose'):g} days in the studies "
                "read, which were few and small, so not a ceiling",
                "A few hours",
                "Several months",
            ),
            0,
            "Notebook 04's studies: rises lasting one to three days after joint and epidural injections. "
            "They are few and small: treat the longest as what was seen, not as a limit.",
            ";".join(dict.fromkeys(glucose["source_id"])),
        ),
    ]


def key_references(part: int = 1, parts: int = 1) -> str:
    """Markdown list of the references notebook 07 uses (data/key_references.csv), or one part of it."""
    return citations.key_references(SLUG, part, parts)
