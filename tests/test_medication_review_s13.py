"""Notebook 04 after the s13 clinical review: the minor findings fixed in the lesson and its data (the
verdicts stay the rule set's, which this file never changes)."""

from __future__ import annotations

import importlib

import pytest
from facet_course.core import citations
from facet_course.lessons import medication_choices as lesson
from facet_course.lessons.medication_choices import checker
from facet_course.lessons.medication_choices.text import readout_notes
from facet_course.models import pharmacology as ph
from facet_course.models import safety

UNSOURCED = "teaching thresholds on an unsourced capacity"
# the package exposes a function named checker_figure, so the module is imported by its path
checker_figure = importlib.import_module("facet_course.lessons.medication_choices.checker_figure")


def test_the_labels_24_hour_totals_are_read_from_data_with_their_sources() -> None:
    # m1: bupivacaine's labels give 400 mg over 24 hours (US: not to be exceeded; Aspen: well tolerated).
    rows = ph.local_anaesthetic_daily_doses("bupivacaine")
    assert [mg for mg, _, _ in rows] == [400.0, 400.0]
    assert {sid for _, _, sid in rows} == {"label_bupivacaine_popular", "label_marcain_my"}
    assert ph.local_anaesthetic_daily_doses("lidocaine") == []
    assert ph.local_anaesthetic_daily_doses("ropivacaine") == []
    with pytest.raises(ValueError, match="drug must be one of lidocaine, bupivacaine, ropivacaine"):
        ph.local_anaesthetic_daily_doses("mepivacaine")
    text = lesson.checker_scope()
    for mg, wording, sid in rows:
        assert f"bupivacaine {mg:g} mg, {wording} ({citations.short(sid)})" in text
    assert "no maximum over 24 hours" not in text


def test_the_scope_names_the_dosing_weight_in_obesity_with_its_source() -> None:
    # m2: the obesity guideline doses on lean body weight, not total body weight.
    text = lesson.checker_scope()
    assert "taken as the dosing weight" in text
    assert "no source the course read says which weight" not in text
    assert "enter a lean body weight, not the total, for an obese patient" in text
    assert citations.short(citations.source("obesity_lean_body_weight")) in text


def test_the_checker_opens_on_a_routine_joint_injection_that_reads_fine() -> None:
    # m3: the opening frame (the question's first volume) reads fine; 1 mL still shows the capsule caution.
    explorer = checker_figure.checker_explorer()
    first = explorer.defaults()
    assert first["la_ml"] == checker_figure.QUESTION_LA_ML[0] == 0.75
    args = {k: v for k, v in first.items() if k != "sedation"}
    assert checker.procedure_check(**args, sedation=first["sedation"] == "yes").verdict == "fine"
    assert "which limit, if any, is broken" in explorer.question
    one_ml = checker.procedure_check(
        50, "lumbar", "intra_articular", "therapeutic", 2, "bupivacaine", 0.5, 1.0, contrast_ml=0.2
    )
    assert one_ml.verdict == "caution"


def test_a_thoracic_joint_readout_says_its_threshold_rests_on_an_unsourced_capacity() -> None:
    # m4: said in the readout itself, with the capacity and its source; not for a lumbar joint or a nerve.
    low, high, sources = ph_capsule()
    check = checker.procedure_check(
        70, "thoracic", "intra_articular", "therapeutic", 2, "bupivacaine", 0.5, 0.75, contrast_ml=0.2
    )
    note = next(n for n in readout_notes(check) if UNSOURCED in n)
    assert f"({low:g}-{high:g} mL)" in note and citations.short(sources) in note
    fine = checker.procedure_check(
        70, "thoracic", "intra_articular", "therapeutic", 1, "bupivacaine", 0.5, 0.25
    )
    assert fine.level_of("volume") == "fine" and not any(UNSOURCED in n for n in readout_notes(fine))
    lumbar = checker.procedure_check(
        70, "lumbar", "intra_articular", "therapeutic", 2, "bupivacaine", 0.5, 1.5, contrast_ml=0.2
    )
    assert not any(UNSOURCED in n for n in readout_notes(lumbar))
    nerve = checker.procedure_check(70, "thoracic", "medial_branch", "diagnostic", 2, "bupivacaine", 0.5, 2.0)
    assert not any(UNSOURCED in n for n in readout_notes(nerve))


def ph_capsule() -> tuple[float, float, str]:
    from facet_course.models import anatomy

    low, high, sources = anatomy.capsule_capacity_ml("thoracic")
    assert low is not None
    return low, high, sources


def test_the_dexamethasone_menu_item_names_phosphate_and_base_from_data() -> None:
    # m6: 4 mg/mL phosphate = 3.33 mg/mL base; the checker counts the label's phosphate strength.
    info = ph.corticosteroid_info("dexamethasone")
    label = next(k for k in checker.CHECKER_STEROIDS if k.startswith("dexamethasone"))
    assert label == (
        f"dexamethasone {float(info['strength_mg_per_ml']):g} mg/mL phosphate "
        f"(= {float(info['base_mg_per_ml']):g} mg/mL base)"
    )
    item = checker.CHECKER_STEROIDS[label]
    assert item == {"drug": "dexamethasone", "mg_per_ml": float(info["strength_mg_per_ml"])}
    with pytest.raises(ValueError, match="steroid must be one of"):
        checker.procedure_check(
            70,
            "lumbar",
            "intra_articular",
            "therapeutic",
            1,
            "bupivacaine",
            0.5,
            0.5,
            steroid="dexamethasone 4 mg/mL",
            steroid_ml=0.5,
        )


def test_preservative_free_local_anaesthetic_near_the_neuraxis_is_said_with_its_source() -> None:
    # Expected but missing 3: the bupivacaine label's advice against multiple-dose vials epidurally.
    text = lesson.preservatives_note()
    assert "avoid solutions with antimicrobial preservatives (multiple-dose vials)" in text
    assert citations.short(citations.source("preservative_free_near_neuraxis")) in text


def test_the_rule_set_is_unchanged_by_these_fixes() -> None:
    # the session ceiling verdict stays the lead's for a label's own total (M2 answered, not changed); review
    # s15 F3 made a ceiling carried over by equivalence caution (tests/test_pharmacology.py)
    assert safety.session_ceiling_verdict("triamcinolone acetonide") == "unsafe"


def test_before_the_steroid_names_contraindications_excipients_and_side_effects_with_sources() -> None:
    # Expected but missing 1 and 2: contraindications, excipient allergy, common short-term effects.
    text = lesson.before_the_steroid()
    assert "*or to any of its excipients*" in text and "systemic infection" in text
    assert "sleeplessness and mood swings" in text
    for key in ("steroid_contraindications_label", "steroid_side_effects_label"):
        assert citations.short(citations.source(key)) in text


def test_the_mg_per_kg_examples_still_differ_only_by_weight_under_the_stricter_lidocaine_label() -> None:
    # M1 (the lead's rule-set change to 200 mg for plain lidocaine): the two 'why mg/kg matters' examples
    # must still give different verdicts, from the dose alone, with every volume within its limit.
    light, heavy = checker.example_checks()[2], checker.example_checks()[1]
    assert light.weight_kg < heavy.weight_kg
    assert heavy.level_of("volume") == light.level_of("volume") == "fine"
    assert safety.VERDICTS.index(light.verdict) > safety.VERDICTS.index(heavy.verdict)
    assert light.verdict == light.level_of("systemic") and heavy.verdict == heavy.level_of("systemic")
    assert heavy.verdict != "fine"  # the heavier patient's figure is still worth a caution
