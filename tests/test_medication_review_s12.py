"""Notebook 04 after the s12 clinical review: the minor findings and the missing items fixed in the lesson
(the verdicts stay the rule set's, which this file never changes)."""

from __future__ import annotations

import pytest
from facet_course.core import citations
from facet_course.lessons import medication_choices as lesson
from facet_course.lessons.medication_choices.checker import procedure_check
from facet_course.lessons.medication_choices.checker_figure import checker_readout
from facet_course.lessons.medication_choices.text import glucose_text, readout_notes

CAPSULE = "may rupture, not surely will"
VOLUME_ALONE = "Unsafe here comes from the volume alone"
PURPOSE = "same volume limits to a therapeutic injection as to a diagnostic block"


def test_glucose_is_given_in_mmol_per_litre_beside_mg_per_decilitre() -> None:
    # F8: 126 mg/dL is 126 / 18.016 = 6.99 mmol/L; 0 stays 0; a negative value is refused.
    assert glucose_text(126) == "126 mg/dL (about 7.0 mmol/L)"
    assert glucose_text(180.16) == "180.16 mg/dL (about 10.0 mmol/L)"
    assert glucose_text(0) == "0 mg/dL (about 0.0 mmol/L)"
    with pytest.raises(ValueError, match="0 or more"):
        glucose_text(-1)
    assert "about 7.0 mmol/L" in lesson.who_to_warn()
    diabetes = next(q for q in lesson.self_check_questions() if "diabetes" in q.prompt)
    assert "mmol/L" in diabetes.explanation


def test_who_to_warn_gives_the_betamethasone_glucose_study_and_says_where_there_is_none() -> None:
    # F4: Habib 2009 (1 mL betamethasone depot in the knee); no dexamethasone glucose study was read; the
    # smaller cortisol effect does not spare people with diabetes.
    text = lesson.who_to_warn()
    assert citations.short(citations.source("betamethasone_glucose_knee")) in text
    assert "within the first hour" in text and "about 17.9 mmol/L" in text
    assert "no glucose study after dexamethasone" in text
    drug = text.split("**The drug matters**", 1)[1]
    assert "does not spare people with diabetes" in drug


def test_the_contrast_agent_note_says_non_ionic_and_cites_its_sources() -> None:
    # Expected but missing 1: which contrast agent (ionic contraindicated intrathecally; a label's strengths).
    text = lesson.contrast_agent_note()
    for key in ("ionic_contrast_intrathecal", "contrast_intrathecal_label"):
        assert citations.short(citations.source(key)) in text
    assert "Ionic contrast is strictly contraindicated for intrathecal use" in text
    assert "non-ionic agent" in text


def test_a_capsule_caution_within_the_guideline_says_so_and_may_rupture() -> None:
    # F3: the checker's default frame (2 lumbar joints, 1 mL + 0.2 mL contrast) reads caution from the
    # capsule alone: the readout says the guideline's limit is met and the capsule may rupture.
    check = procedure_check(
        50, "lumbar", "intra_articular", "therapeutic", 2, "bupivacaine", 0.5, 1.0, contrast_ml=0.2
    )
    assert check.verdict == "caution"  # the rule set's verdict, unchanged
    notes = readout_notes(check)
    assert any(n.startswith("The guideline's limit (< 1.5 mL) is met") and CAPSULE in n for n in notes)
    assert not any(PURPOSE in n for n in notes)  # the capsule note covers specificity itself
    assert CAPSULE in checker_readout(check)
    # at the guideline's limit the limit is broken: no 'met' note
    broken = procedure_check(
        50, "lumbar", "intra_articular", "diagnostic", 2, "bupivacaine", 0.5, 1.5, contrast_ml=0.2
    )
    assert not any(CAPSULE in n for n in readout_notes(broken))


def test_a_volume_only_unsafe_is_named_a_teaching_threshold_and_the_purpose_is_said() -> None:
    # F2: 10 mL at a lumbar medial branch reads unsafe on volume alone (the rule set's verdict); the readout
    # says it is the teaching threshold, not a measured harm, and that the purpose does not change it.
    args = ("lumbar", "medial_branch")
    therapeutic = procedure_check(50, *args, "therapeutic", 2, "bupivacaine", 0.25, 10.0, contrast_ml=0.2)
    diagnostic = procedure_check(50, *args, "diagnostic", 2, "bupivacaine", 0.25, 10.0, contrast_ml=0.2)
    assert therapeutic.verdict == diagnostic.verdict == "unsafe"
    assert any(n.startswith(VOLUME_ALONE) for n in readout_notes(therapeutic))
    assert any(PURPOSE in n for n in readout_notes(therapeutic))
    assert any(n.startswith(VOLUME_ALONE) for n in readout_notes(diagnostic))
    assert not any(PURPOSE in n for n in readout_notes(diagnostic))
    # an overdose as well: the 'volume alone' note would be wrong and is not given
    overdose = procedure_check(
        45, "lumbar", "intra_articular", "therapeutic", 10, "bupivacaine", 0.75, 10.0, contrast_ml=1.0
    )
    assert overdose.level_of("systemic") == "unsafe"
    assert not any(n.startswith(VOLUME_ALONE) for n in readout_notes(overdose))
    # every nerve row of the limits table names its unsafe multiple the course's teaching threshold
    table = lesson.volume_limits_table()
    multiples = table[table["verdict above it"].str.contains("unsafe above")]
    assert len(multiples) and multiples["verdict above it"].str.contains("teaching threshold").all()
    assert "whatever the block's purpose" in lesson.two_checks_at_the_joint_limit()


def test_the_adrenaline_readout_ends_the_block_sentence_before_ropivacaine() -> None:
    # F7: 'ropivacaine: not marketed with adrenaline of a full block' read as one phrase.
    from facet_course.lessons.medication_choices.anaesthetics import _draw_la

    _, update = _draw_la()
    text = update("with adrenaline", 4)
    block, rest = text.split(" of a full block (model).", 1)
    assert "ropivacaine" not in block
    assert rest == " Ropivacaine is not marketed with adrenaline, so no curve is drawn."
    assert "not marketed" not in update("without adrenaline", 4)


def test_the_scope_says_same_day_doses_add_and_gives_no_unsourced_fraction_or_24_hour_maximum() -> None:
    # Expected but missing 2 and 4: cumulative same-day dosing; how much to reduce for a frail patient.
    text = lesson.checker_scope()
    assert "add any anaesthetic given earlier the same day" in text
    # review s13 m1: the labels' 24-hour totals are now given where a label read gives one (test_..._s13)
    assert (
        "No label read gives a 24-hour total for lidocaine or ropivacaine, so the course gives none" in text
    )
    assert "no fraction, so the course gives none" in text
    assert citations.short(citations.source("maximum_doses_not_evidence_based")) in text
