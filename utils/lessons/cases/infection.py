"""Questions on fever and infection after a facet injection, each computed by 07's when-to-call table
and 06's complication rates, and on pneumothorax, the risk a thoracic procedure adds (06's table)."""

from __future__ import annotations

from ...core import citations
from ...core.selfcheck import NumericQuestion, Question
from ...models import aftercare, complications
from ...models.cases import Case
from .common import choice, numeric, sources


def fever_threshold(case: Case) -> NumericQuestion:
    _f, _fu, celsius, unit = aftercare.fever_threshold()
    row = aftercare.when_to_call().set_index("id").loc["fever"]
    return numeric(
        "fever_threshold",
        "Above which temperature does the course's leaflet ask patients to call after a facet injection?",
        unit,
        celsius,
        f"{row['sign']}: {row['action']}. {row['note']}. So the figure is the leaflet's, not a standard: "
        "answers near it count.",
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
        "see him today: examination, blood cultures before any antibiotic, white cell count, CRP and ESR, "
        "MRI with a low threshold; "
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
        "imaging is low. Take blood cultures, before any antibiotic: septic facet arthritis often comes with "
        "bacteraemia, and the guideline read for spinal infection in general (vertebral osteomyelitis, not "
        "written for facet injections) takes them in every patient and, unless he is septic or has "
        "neurological compromise, withholds empirical antibiotics when possible until the organism is known, "
        "so no antibiotic by phone before the cultures. ESR "
        "and CRP were raised more often than the white cell count in a small series, so a normal white count "
        "does not exclude it. Neurological signs develop slowly, so waiting for them delays the diagnosis. "
        "07's leaflet is the patient's side of this: "
        f"{fever['sign']} -> {fever['action']}; {weak['sign']} -> {weak['action']}. Infection does not "
        "always look like his: it may present subtly, without fever, and late (a reported case: "
        f"{complications.rate('septic_arthritis').finding}), so worse back pain in the days to weeks after "
        "an injection, with or without fever, deserves the same work-up.",
        sources(
            str(fever["source_id"]),
            citations.source("fever_after_injection_workup"),
            citations.source("infection_late_or_afebrile"),
            citations.source("infection_bloods"),
            citations.source("infection_cultures_before_antibiotics"),
        ),
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


def pneumothorax(case: Case) -> Question:
    """Review s15 of 08, F5: the complication that sets the thoracic level apart, from 06's complication
    table (a textbook chapter: no rate), asked as what to think of first when she is breathless after it."""
    rate = complications.rate("thoracic_pneumothorax")
    feared, signs, technique = (part.strip() for part in rate.finding.split(";"))
    return choice(
        f"An hour after her {case.joints[0]} block she is short of breath, with pain on breathing in. Which "
        "complication of a thoracic procedure do you think of first?",
        "a pneumothorax: the needle may have passed through the pleura",
        [
            "a vasovagal reaction: lay her flat and wait",
            "soreness from the needle: reassure her and send her home",
            "the aspirin: a bleed around the joint",
        ],
        f"Pneumothorax is {feared}; {signs}. {technique[0].upper()}{technique[1:]}. The source, a textbook "
        "chapter on thoracic facet nerve blocks, gives no rate "
        f"({rate.evidence.removeprefix('no rate: ')}) and "
        "names radiofrequency procedures; her block's needle goes to the same target. So breathlessness with "
        "pain on breathing in after a thoracic needle is a pneumothorax until shown otherwise.",
        rate.source_id,
    )
