"""Questions on what to expect and what went wrong, each computed by the course's models: 07's aftercare
(phases from 05's recovery model, glucose days, when to call), 05's diary reader, 02's Bayes model and
guideline table, 06's complication rates and toxicity tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ...core import citations
from ...core.selfcheck import AnyQuestion, NumericQuestion, Question
from ...models import (
    aftercare,
    block_criteria,
    block_selection,
    complications,
    diagnostic_blocks,
    last,
    pain_diary,
    pharmacology,
)
from ...models.cases import Case
from ...models.recovery_diary import Diary
from .common import choice, numeric, sources


def _step(injectate: str, topic: str) -> aftercare.Step:
    return next(s for s in aftercare.steps("lumbar", injectate) if s.topic == topic)


@dataclass(frozen=True)
class LeafletAsk:
    """A question on one topic of 07's leaflet after a lumbar injection with a steroid. The texts may name
    ``{advice}`` and ``{plain}`` (the leaflet step's clinician and patient wording) and ``{end}`` (when the
    anaesthetic block ends in 05's recovery model, h); ``numeric`` gives a numeric question's answer in
    ``unit``, otherwise it is a multiple choice of ``correct`` against ``wrong``."""

    topic: str
    prompt: str
    explanation: str
    correct: str = "{advice}"
    wrong: tuple[str, ...] = ()
    numeric: Callable[[], float] | None = None
    unit: str = ""


#: Step key -> its leaflet question.
LEAFLET: dict[str, LeafletAsk] = {
    "return": LeafletAsk(
        "pain after the anaesthetic wears off",
        "When should she expect her usual pain back?",
        "07's leaflet: {advice}.",
        correct="within hours, as the anaesthetic wears off (about {end} h in the course's recovery model), "
        "often the first evening",
        wrong=(
            "after about two weeks, when the steroid wears off",
            "not at all, if the needle was in the joint",
        ),
    ),
    "glucose": LeafletAsk(
        "diabetes and blood glucose",
        "For how many days does the course's leaflet ask her to check her blood glucose more often?",
        "{advice}; in the studies read the rise lasted about two to three days. Leaflet: {plain}",
        numeric=aftercare.glucose_days,
        unit="days",
    ),
    "steroid_relief": LeafletAsk(
        "when relief may come and how long it may last",
        "What can you tell her about relief from the steroid?",
        "{advice}.",
        wrong=(
            "the steroid makes relief more common and longer than anaesthetic alone in the facet trials",
            "the steroid's relief starts within minutes, with the anaesthetic",
        ),
    ),
}


def leaflet_question(step: str, case: Case) -> AnyQuestion:
    """The question of ``step`` (a key of :data:`LEAFLET`) from 07's leaflet and 05's recovery model."""
    if step not in LEAFLET:
        raise ValueError(f"no leaflet question {step!r}; leaflet questions: {', '.join(LEAFLET)}")
    ask = LEAFLET[step]
    found = _step(aftercare.WITH_STEROID, ask.topic)
    end = aftercare.phase_windows(aftercare.WITH_STEROID)["anaesthetic block"][1]
    fill = {"advice": found.advice, "plain": found.plain, "end": f"{end:.0f}"}
    explanation = ask.explanation.format(**fill)
    if ask.numeric is not None:
        return numeric(step, ask.prompt, ask.unit, ask.numeric(), explanation, found.source_id)
    return choice(ask.prompt, ask.correct.format(**fill), ask.wrong, explanation, found.source_id)


def vasovagal_rate(case: Case) -> NumericQuestion:
    rate = complications.rate("vasovagal_mbb")
    return numeric(
        "vasovagal_rate",
        "In the largest series read for the course, in what share of diagnostic medial branch blocks did a "
        "vasovagal reaction occur?",
        "%",
        float(rate.rate_percent or 0),
        f"{rate.rate_percent:g}% of {rate.unit} ({rate.finding}).",
        rate.source_id,
    )


def vasovagal_action(case: Case) -> Question:
    stopped = complications.rate("vasovagal_stopped")
    return choice(
        "What do you do now?",
        "stop the injection, treat conservatively and be willing to end the procedure",
        ["carry on quickly to finish before he faints", "give lipid emulsion at once"],
        "Vasovagal reactions are managed conservatively, with willingness to stop; "
        f"{stopped.rate_percent:g}% "
        "of all procedure types in the series were ended early, and no serious harm followed.",
        citations.source("vasovagal_series"),
    )


def not_last(case: Case) -> Question:
    vein = last.scenario("vein")
    return choice(
        "He has none of the early signs of local anaesthetic toxicity. Does that rule it out?",
        f"no: {vein['atypical']}",
        [
            "yes: toxicity always starts with numb lips or a metallic taste",
            "yes: a medial branch block's dose is too small ever to cause it",
        ],
        f"Classic sequence: {vein['classic']}. But {vein['atypical']}.",
        str(vein["source_id"]),
    )


def last_recognise(case: Case) -> Question:
    vein = last.scenario("vein")
    return choice(
        "What is happening?",
        f"local anaesthetic systemic toxicity: {vein['route']}",
        ["a vasovagal reaction", "anxiety; reassure him and carry on"],
        f"Classic: {vein['classic']}. After an injection into a vein it can start at once, within seconds "
        f"to a few minutes (bupivacaine label); across all routes together, {vein['timing']}.",
        sources(str(vein["source_id"]), citations.source("intravascular_onset_label")),
    )


def last_onset(case: Case) -> Question:
    """When toxicity begins after an injection straight into a vein: at once (the bupivacaine label), with
    06's table's all-routes timing and its later onset after absorption from tissue in the feedback."""
    vein, tissue = last.scenario("vein"), last.scenario("absorption from tissue")
    window = last.onset_window_min("absorption from tissue")
    if window is None:
        raise ValueError("data/last_signs.csv gives no onset for 'absorption from tissue'")
    return choice(
        "After an injection straight into a vein, when does toxicity typically begin?",
        "at once: within seconds to a few minutes, even during the injection",
        [
            f"only after {window[0]:g} to {window[1]:g} minutes, once the blood level has risen",
            "not before the patient has left the procedure room",
        ],
        "The bupivacaine label: an accidental intravascular injection may cause toxic reactions at once, "
        "within seconds to a few minutes; after an overdose absorbed from tissue they come later "
        f"(06's table: {tissue['timing']}). Across all routes together, {vein['timing']}. Keep watching "
        "after the block.",
        sources(citations.source("intravascular_onset_label"), str(tissue["source_id"])),
    )


def last_first(case: Case) -> Question:
    """The checklist's next step once the injection is over (its first step, stop injecting, is done)."""
    steps = last.treatment_steps()
    first, second = steps[0], steps[1]
    return choice(
        f"His injection is already over, so the checklist's first step ('{first[1].lower()}') is done. What "
        "comes next?",
        second[1],
        [s[1] for s in steps[3:6]],
        "The checklist's order: " + "; ".join(f"{n}. {t}" for n, t, _ in steps[:5]) + f". {second[2]}",
        sources(*(str(r) for r in last.treatment_table()["source_id"])),
    )


def lipid_bolus(case: Case) -> NumericQuestion:
    plan = last.lipid_plan(case.weight_kg)
    low, high = plan.bolus_over_min
    band_kg = float(last.lipid_table().loc["band_limit", "value_low"])
    per_kg = case.weight_kg <= band_kg
    weight = " by his body weight (his lean body weight is not known)" if per_kg else ""
    limit = (
        f"{plan.upper_limit_ml_per_kg:g} mL/kg of body weight"
        if per_kg
        else f"{plan.upper_limit_ml_per_kg:g} mL/kg at {band_kg:g} kg: over {band_kg:g} kg the course shows "
        f"the {band_kg:g}-kg value, a COURSE RULE that follows the checklist's fixed doses over "
        f"{band_kg:g} kg"
    )
    return numeric(
        "lipid_bolus",
        f"If toxicity becomes serious, what bolus of 20% lipid emulsion does the checklist give for this "
        f"{case.weight_kg:g} kg patient{weight}?",
        "mL",
        plan.bolus_ml,
        f"{plan.band}: {plan.bolus_ml:g} mL over {low:g}-{high:g} min, then {plan.infusion_text}; upper "
        f"limit {plan.upper_limit_ml:g} mL ({limit}).",
        plan.source_id,
    )


def case_diary(case: Case) -> Diary:
    """The case's diary: baseline before, relief of ``relief_percent`` from 15 min to ``relief_hours``, then
    the baseline again (scores at the times a diary asks for)."""
    if case.baseline_pain is None or case.relief_percent is None or case.relief_hours is None:
        raise ValueError(f"case {case.id} has no diary (baseline, relief and hours)")
    relieved = case.baseline_pain * (1 - case.relief_percent / 100)
    times = [t for t in aftercare.diary_hours() if t > 0]
    hours = [-0.25, *times]
    pain = [case.baseline_pain, *(relieved if t <= case.relief_hours else case.baseline_pain for t in times)]
    return Diary(hours=np.array(hours, float), pain=np.array(pain, float), name=case.id)


def _diary_reading(case: Case, result: pain_diary.DiaryResult) -> str:
    """The reader's verdict in one voice: the diary entries relief was last seen and gone at, the
    interpolated duration once, and, for relief that ended early, 05's caution (a COURSE ASSUMPTION that
    never changes the verdict)."""
    hours = case_diary(case).hours
    last_seen = max(t for t in hours if 0 < t <= (case.relief_hours or 0))
    gone = [t for t in hours if t > (case.relief_hours or 0)]
    drug = case.drug or ""
    seen = f"relief was at the cut-off at the {last_seen:g} h entry" + (
        f" and gone at the {gone[0]:g} h entry (about {result.relief_lasted_hours:.1f} h by interpolation)"
        if gone
        else ""
    )
    if result.verdict == "not confirmed":
        return (
            f"{seen}: relief seen only within {pain_diary.skin_anaesthetic_hours():g} h of the injection "
            "(it may be the skin and needle-track anaesthetic, a COURSE ASSUMPTION), so the reader cannot "
            "confirm it"
        )
    hours_short = pain_diary.short_relief_hours(drug)
    short = (
        f"; relief ending before {hours_short:g} h ({pain_diary.short_relief_fraction():g} x the lower end "
        f"of {drug}'s published duration in peripheral nerve blocks, a COURSE ASSUMPTION) earns a caution, "
        "not a different verdict"
    )
    lasted = result.relief_lasted_hours
    return f"{seen}: {result.verdict}" + (short if lasted is not None and lasted < hours_short else "")


def diary(case: Case) -> Question:
    result = pain_diary.analyse_diary(case_diary(case), case.drug or "", case.region)
    criterion = block_criteria.block_criterion(case.region)
    contrast = (
        f" The {criterion['guideline']} itself asks for {criterion['comparison']} "
        f"{criterion['relief_percent_min']:g}% relief and sets no duration; the early-relief window is the "
        "course's own extra filter (COURSE ASSUMPTION), not part of the guideline's criterion."
        if result.verdict == "not confirmed"
        else ""
    )
    return choice(
        "How does the course's diary reader (05) read this block?",
        result.verdict,
        [v for v in pain_diary.VERDICTS if v != result.verdict],
        f"Peak relief {result.peak_relief_percent:.0f}% at the {case.region} cut-off; "
        f"{_diary_reading(case, result)}. Duration: {result.duration_verdict}.{contrast}",
        sources(
            str(block_criteria.block_criterion(case.region)["source_id"]),
            pharmacology.local_anaesthetic_time_course(case.drug or "").duration_h.source_id,
        ),
    )


def post_test_percent(case: Case) -> tuple[float, diagnostic_blocks.Accuracy]:
    accuracy = diagnostic_blocks.paradigm_accuracy("single_block")
    probability = (case.pretest_percent or 0) / 100
    ppv = diagnostic_blocks.positive_predictive_value(probability, accuracy.sensitivity, accuracy.specificity)
    return 100 * ppv, accuracy


def post_test(case: Case) -> NumericQuestion:
    ppv, accuracy = post_test_percent(case)
    assumed = f" ({', '.join(accuracy.assumed)} is a course assumption)" if accuracy.assumed else ""
    return numeric(
        "post_test",
        f"Suppose a single block like this were read as positive. With a pre-test probability of "
        f"{case.pretest_percent:g}%, how likely is facet joint pain then?",
        "%",
        ppv,
        f"02's Bayes model: single block sensitivity {100 * accuracy.sensitivity:g}%{assumed}, specificity "
        f"{100 * accuracy.specificity:g}%, so a positive block raises {case.pretest_percent:g}% to "
        f"{ppv:.0f}%.",
        accuracy.source_id,
    )


def blocks_disagree(case: Case) -> Question:
    rows = block_selection.guidelines(case.region, "number_of_blocks")
    said = "; ".join(f"{r['body']}: {r['recommendation']}" for _, r in rows.iterrows())
    return choice(
        "Is one positive block enough before radiofrequency?",
        "the sources disagree: the lumbar guideline does not routinely ask for a second block, a review "
        "calls "
        "single blocks unreliable",
        [
            "yes: every source accepts one block with at least 50% relief",
            "no: every guideline requires a second, comparative block",
        ],
        said + ".",
        sources(*rows["source_id"]),
    )


def fever_threshold(case: Case) -> NumericQuestion:
    _f, _fu, celsius, unit = aftercare.fever_threshold()
    row = aftercare.when_to_call().set_index("id").loc["fever"]
    return numeric(
        "fever_threshold",
        "Above which temperature does the course's leaflet ask patients to call after a facet injection?",
        unit,
        celsius,
        f"{row['sign']}: {row['action']}. {row['note']}.",
        str(row["source_id"]),
    )


def fever_action(case: Case) -> Question:
    """What the clinic that takes the call does: a same-day review for infection (the leaflet's 'call the
    clinic' is the patient's step, already taken), and the emergency department for 07's neurological
    signs."""
    table = aftercare.when_to_call().set_index("id")
    fever, weak = table.loc["fever"], table.loc["weakness"]
    _f, _fu, celsius, unit = aftercare.fever_threshold()
    return choice(
        "You are the clinic he has called. What do you do?",
        "see him today: examination, blood tests for infection, MRI with a low threshold; "
        f"{weak['action']} at once if weakness, numbness or bladder trouble comes",
        [
            "ask him to call back tomorrow if the fever is still there",
            "reassure him: soreness and a flare for a few days are expected",
            f"nothing yet: {weak['action']} only if weakness or numbness appears",
        ],
        f"His fever is above the leaflet's {celsius:g} {unit} and his back is worse: infection (septic facet "
        "arthritis, a paraspinal or epidural abscess) must be excluded the same day. Worsening back pain "
        "after a facet injection should prompt an investigation for infection; blood markers and imaging "
        "may be the more sensitive early tests, MRI is the diagnostic standard, and the threshold for urgent "
        "imaging is low. Neurological signs develop slowly, so waiting for them delays the diagnosis. "
        "07's leaflet is the patient's side of this: "
        f"{fever['sign']} -> {fever['action']}; {weak['sign']} -> {weak['action']}.",
        sources(str(fever["source_id"]), citations.source("fever_after_injection_workup")),
    )


def infection(case: Case) -> Question:
    rate = complications.rate("septic_arthritis")
    return choice(
        "How often does septic facet arthritis follow a facet injection?",
        f"the sources read give no rate ({rate.evidence})",
        [
            "it is the most common complication of facet injections",
            "it cannot happen after a facet injection",
        ],
        f"{rate.finding}.",
        rate.source_id,
    )
