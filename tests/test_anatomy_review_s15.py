"""Review s15 of notebook 01 (facet joint anatomy): the capsule table's two lumbar thresholds, the thoracic
caution rows, the referral question and take-away."""

from __future__ import annotations

import json
from pathlib import Path

from facet_course.core import data
from facet_course.models import innervation, referral, safety

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_facet_joint_anatomy.ipynb"


def _markdown() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_lumbar_caution_edge_is_named_as_stricter_than_the_guideline() -> None:
    # F1: the checker's lumbar caution (the textbook capacity) sits below the guideline's < 1.5 mL; the table
    # must say which threshold is the guideline's and that the lower one is the course's choice
    from facet_course.lessons.facet_joint_anatomy import capsule

    table = capsule.capsule_table()
    limit = safety.injectate_limit("lumbar", "intra_articular")
    assert limit is not None and limit.basis == "guideline"
    edge, _ = capsule.caution_from_ml("lumbar")
    assert edge < limit.high_ml
    cell = table.loc["lumbar", "checker says caution (mL)"]
    assert f"stricter than the lumbar guideline, which allows {limit.text()}" in cell
    assert "the course's stricter choice, not the guideline's limit" in cell
    for region in ("cervical", "thoracic"):  # no guideline limit above their edge: nothing to add
        assert "guideline" not in table.loc[region, "checker says caution (mL)"]
    assert "at the guideline's limit or at the textbook's capacity" in capsule.capsule_explorer().question
    assert "the course's stricter, textbook-based choice, not the guideline's limit" in _markdown()


def test_t9_10_carries_the_ten_cadaver_caution_through_its_t8_nerve() -> None:
    # F4: T9-10 is supplied by T8 (studied in the T4-T8 rami) and T9; it had only the one-cadaver caution
    from facet_course.lessons.facet_joint_anatomy import nerves

    found = innervation.nerves_to_block("T9-10")
    assert "T8" in innervation.medial_branch_levels("T9-10") and found.block_may_miss
    assert "only T8 lies in the studied rami (T9 was not studied)" in found.note
    assert "anat_joshi2019" in found.source_id
    assert nerves.limited_evidence_caution("T9-10") == ""
    assert "its T4-5 to T9-10 caution rows (10 cadavers" in nerves.thoracic_caution()
    # every thoracic joint with a nerve in T4-T8 carries it, and no other does
    table = data.load_table("facet_innervation").set_index("joint")
    for joint in table.index[table["region"] == "thoracic"]:
        studied = {f"T{n}" for n in range(4, 9)} & set(innervation.medial_branch_levels(joint))
        assert bool(table.loc[joint, "block_may_miss"]) == bool(studied), joint


def test_the_referral_question_asks_about_zones_the_map_draws() -> None:
    # F6: 'top of the shoulder' is no zone of the map; the lumbar map cannot pick a level
    from facet_course.lessons.facet_joint_anatomy import referral_map

    question = referral_map.referral_explorer().question
    assert "top of the shoulder" not in question and "buttock?" not in question
    zones = {z for j in referral.referral_joints() for z in referral.referral_zones(j)["zone"]}
    for zone in ("suprascapular", "superior angle", "scapula"):
        assert any(zone in z for z in zones), zone
    assert "mid-scapular" in zones
    assert "do the levels overlap" in question
    text = _markdown()
    assert "a lumbar map does not pick the level" in text
    assert "lower lumbar joints to the low back, buttock and sometimes groin" not in text


def test_self_check_q8_names_both_lumbar_thresholds() -> None:
    from facet_course.lessons.facet_joint_anatomy import text

    question = text._volume_and_prevalence_questions()[0]
    assert "The lumbar guideline's limit is < 1.5 mL per joint" in question.explanation
    assert "the checker's caution starts lower, at the textbook's usual capacity" in question.explanation


def test_the_thoracic_medial_branch_note_says_why_the_cervical_figure_is_borrowed() -> None:
    # F5 (wording; the verdict is the rule set's): why the cervical rather than the lumbar figure
    from facet_course.lessons.facet_joint_anatomy import capsule

    borrowed, was_borrowed = safety.site_injectate_limit("thoracic", "medial_branch")
    lumbar = safety.injectate_limit("lumbar", "medial_branch")
    assert was_borrowed and borrowed.region == "cervical" and lumbar is not None
    assert borrowed.high_ml < lumbar.high_ml  # the strictest of the other regions' figures
    note = capsule.nerve_limit_note()
    assert "It is the cervical figure, not another region's larger one" in note
    assert "a borrowed source never makes a volume safer" in note
