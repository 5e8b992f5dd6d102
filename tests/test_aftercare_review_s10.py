"""Notebook 07, clinical review s10. Finding 2 (major): a weak arm or leg got two instructions on the neck
leaflet (stroke signs: call an ambulance; weakness that gets worse: go to the emergency department). No sign
may now appear under two different instructions on any leaflet, progressive weakness and new bladder or bowel
trouble go by ambulance in both regions, and each says where that comes from."""

from __future__ import annotations

import pandas as pd
import pytest
from facet_course.core import citations
from facet_course.lessons.aftercare import leaflet, radiofrequency, repeat, timeline
from facet_course.models import aftercare, block_pathway, pharmacology, recovery

LEAFLETS = [None, *aftercare.REGIONS]


@pytest.mark.parametrize("region", LEAFLETS)
def test_no_sign_appears_under_two_different_instructions(region: str | None) -> None:
    """Every leaflet (and 06's consent list, region left open) gives each sign one instruction."""
    assert aftercare.triage_conflicts(aftercare.when_to_call(region)) == []


def test_the_review_s10_overlap_is_found() -> None:
    """The check finds the reviewed fault: with weakness back at 'go to the emergency department', the neck
    leaflet's weak limb has two instructions (and the low back leaflet does not: no stroke row there)."""
    for region, expected in (("cervical", 1), ("lumbar", 0)):
        table = aftercare.when_to_call(region).copy()
        table.loc[table["id"] == "weakness", "ambulance"] = False
        conflicts = aftercare.triage_conflicts(table)
        assert len(conflicts) == expected, conflicts
        assert all("weakness" in c and "stroke_signs" in c and c.startswith("weak:") for c in conflicts)


def test_a_combination_may_only_raise_the_urgency() -> None:
    """Fever alone: call the clinic; fever with a stiff neck: the department (consistent). Reversed, the
    combination would be less urgent than one of its signs: found, both of its alternatives."""
    table = aftercare.when_to_call("lumbar").copy()
    assert aftercare.triage_conflicts(table) == []
    table.loc[table["id"] == "fever_stiff_neck", "action"] = "call the clinic"
    table.loc[table["id"] == "fever", "action"] = "go to the emergency department"
    conflicts = aftercare.triage_conflicts(table)
    assert sorted(c.split(":")[0] for c in conflicts) == ["fever + stiff neck", "fever + very bad headache"]


def test_the_same_sign_under_a_less_urgent_row_is_found() -> None:
    """Equal signs, different instructions: both rows named, the less urgent one first."""
    table = pd.DataFrame(
        {
            "id": ["a", "b"],
            "plain": ["You feel faint.", "You feel faint."],
            "action": ["call the clinic", "go to the emergency department"],
            "ambulance": [False, True],
            "signs": ["feel faint", "feel faint"],
        }
    )
    assert aftercare.triage_conflicts(table) == [
        "feel faint: a says 'call the clinic', but it includes feel faint, "
        "for which b says 'call an ambulance'"
    ]


@pytest.mark.parametrize(
    ("signs", "plain", "message"),
    [
        ("weak", "You feel faint.", "not words of the patient wording"),
        ("faint;", "You feel faint.", "empty sign"),
        ("faint + ", "You feel faint.", "empty sign"),
    ],
)
def test_a_sign_must_be_words_of_the_patient_wording(signs: str, plain: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        aftercare.sign_clauses(signs, plain)


def test_sign_clauses_read_alternatives_and_combinations() -> None:
    clauses = aftercare.sign_clauses(
        "fever + stiff neck;fever + very bad headache", "A Fever, a Stiff neck or a very bad headache"
    )
    assert clauses == (frozenset({"fever", "stiff neck"}), frozenset({"fever", "very bad headache"}))


@pytest.mark.parametrize(
    ("action", "ambulance", "rank"),
    [
        ("call the clinic", False, 0),
        ("go to the emergency department", False, 1),
        ("go to the emergency department", True, 2),
    ],
)
def test_triage_rank(action: str, ambulance: bool, rank: int) -> None:
    assert aftercare.triage_rank(action, ambulance) == rank


@pytest.mark.parametrize(("action", "ambulance"), [("call an ambulance", False), ("call the clinic", True)])
def test_triage_rank_refuses_what_the_table_cannot_say(action: str, ambulance: bool) -> None:
    with pytest.raises(ValueError, match="when-to-call actions|emergency department"):
        aftercare.triage_rank(action, ambulance)


def test_every_row_names_its_signs_in_the_patient_wording() -> None:
    """Each row's signs load (the words are in its `plain`); the weak limb is named 'weak' in both rows."""
    table = aftercare.when_to_call("cervical").set_index("id")
    for row_id, row in table.iterrows():
        assert aftercare.sign_clauses(row["signs"], row["plain"]), row_id
    assert "weak" in aftercare.sign_clauses(table.loc["weakness", "signs"], table.loc["weakness", "plain"])[0]
    assert frozenset({"weak"}) in aftercare.sign_clauses(
        table.loc["stroke_signs", "signs"], table.loc["stroke_signs", "plain"]
    )


@pytest.mark.parametrize("region", aftercare.REGIONS)
def test_progressive_weakness_and_bladder_trouble_go_by_ambulance(region: str) -> None:
    """Both regions: the two rows sit in the leaflet's ambulance box with the ambulance sentence, not in the
    department box; their notes say why and name the sources, which the rows cite."""
    table = aftercare.when_to_call(region).set_index("id")
    sections = dict(leaflet.patient_sections(region, aftercare.WITH_STEROID))
    for row_id in ("weakness", "bowel_bladder"):
        row = table.loc[row_id]
        assert row["ambulance"] and row["action"] == "go to the emergency department"
        assert row["plain"] in sections[leaflet.AMBULANCE_HEADING]
        assert row["plain"] not in sections["Go to the emergency department now if"]
        assert row["plain"].endswith("Call 999, 911 or 112 for an ambulance now. Do not drive yourself.")
        assert "aft_healthify_sciatica" in row["source_id"] and "ambulance" in row["note"]
    weakness = table.loc["weakness"]
    assert weakness["basis"] == "case reports"
    assert {"aft_choi2013_seh", "aft_msd_seh"} <= set(weakness["source_id"].split(";"))
    assert "minutes to hours" in weakness["note"] and "facet joint nerve block" in weakness["note"]
    bladder = table.loc["bowel_bladder"]
    assert bladder["basis"] == "usual practice" and "no facet-specific source" in bladder["note"]
    assert "sources differ" in bladder["note"] and "aft_chesterfield_ces" in bladder["source_id"]
    assert citations.author_year(bladder["source_id"])


def test_a_conflicting_table_stops_the_leaflet(monkeypatch: pytest.MonkeyPatch) -> None:
    """The leaflet refuses to print two instructions for one sign, naming them."""
    table = aftercare.when_to_call("cervical").copy()
    table.loc[table["id"] == "weakness", "ambulance"] = False
    monkeypatch.setattr(aftercare, "when_to_call", lambda region=None: table)
    with pytest.raises(ValueError, match="two instructions: weak: weakness"):
        leaflet.patient_sections("cervical", aftercare.WITH_STEROID)


# -- finding 3 (minor): the adrenal readout's high end carries its dose beside the session's ----------------
@pytest.mark.parametrize(
    ("joints", "mg", "expected"),
    [(1, 10, "8 times a session here"), (2, 10, "4 times"), (3, 10, "2.7 times"), (4, 20, "no more than")],
)
def test_the_high_end_names_its_dose_against_the_session(joints: int, mg: float, expected: str) -> None:
    """80 mg triamcinolone acetonide (Iranmanesh's longest suppression) against joints x mg of
    methylprednisolone acetate, equally potent by the labels' equivalent doses (4 mg each)."""
    text = repeat.high_end_text(joints, mg)
    assert expected in text and f"({joints * mg:g} mg {repeat.STEROID};" in text
    assert "80 mg triamcinolone acetonide" in text and "8 people" in text
    for drug in ("triamcinolone acetonide", repeat.STEROID):
        assert pharmacology.corticosteroid_info(drug)["systemic_equivalent_mg"] == 4


def test_the_readout_says_it_right_after_the_days() -> None:
    doses, others = list(repeat.dose_options()), list(repeat.other_options())
    text = repeat.steroid_year_text(2, 2, doses[0], others[0])
    assert (
        "of 365 days: " + repeat.high_end_text(2, repeat.dose_options()[doses[0]]) + "; the low end" in text
    )
    assert "no more than a session" in repeat.steroid_year_example()  # 4 joints x 20 mg: the study's dose


@pytest.mark.parametrize(("joints", "mg"), [(0, 10), (2, 0), (1, -5)])
def test_the_high_end_refuses_an_empty_session(joints: int, mg: float) -> None:
    with pytest.raises(ValueError, match="at least one joint"):
        repeat.high_end_text(joints, mg)


# -- finding 7 (minor): Cohen 2010 read whole: every arm's overall success and the authors' conclusion
def test_the_clinic_summary_gives_every_arms_overall_result_and_the_conclusion() -> None:
    table = block_pathway.trial_table().sort_values("blocks")
    arms = [f"{v:g}%" for v in table["success_of_arm_pct"]]
    text = radiofrequency.all_comers_text()
    assert f"({arms[0]}, against {arms[1]} after one block and {arms[2]} after two)" in text
    assert "most cost-effective" in text and citations.author_year(table["source_id"].iloc[0]) in text
    assert table["success_of_arm_pct"].iloc[0] == table["success_of_arm_pct"].max()  # "the most" holds
    assert text in radiofrequency.clinic_summary("two comparative blocks", "lumbar")
    assert text not in radiofrequency.clinic_summary("two comparative blocks", "cervical")


# -- finding 4 (minor): the trial readout says what it found at 1 and 3 months and what of 6 months
@pytest.mark.parametrize("region", aftercare.REGIONS)
def test_the_trial_readout_gives_its_difference_and_what_was_not_read(region: str) -> None:
    first = recovery.outcome(timeline.HOW_LONG[region][0])
    text = timeline._how_long(region)
    assert text.endswith(f": {first['difference']}.")
    if region == "lumbar":
        # 05's row (d1c7410) now says it in its own words: the 6-month result was not read
        assert "a 6-month result exists but was not read for this course" in text


# -- finding 5 (minor): the restart interval is not cited to a guideline table that was not read -------------
def test_the_restart_row_does_not_cite_the_unread_guideline_table() -> None:
    row = aftercare.advice_table().set_index("id").loc["blood_thinner"]
    assert "narouze2018" not in row["source_id"].split(";")
    assert "per-drug table was not read, so the guideline itself is not cited for any interval" in row["note"]
    shown = timeline.steps_table().set_index("topic").loc[timeline.RESTART_TOPIC, "source"]
    assert shown.startswith(citations.author_year(row["source_id"].split(";")[0]))
