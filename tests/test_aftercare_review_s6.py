"""Notebook 07, clinical review s6: the lumbar guideline's Table 11 read and used (finding 2), its
stimulation weighting (3), van Kleef's unadjusted result (4), Lord 1996 cited alone (5), the label's
large-joint range (6), the yearly line's attribution (7), the bleeding-risk categories beside the restart
advice (8) and the worst-case year against the three-year line."""

from __future__ import annotations

import pytest
from facet_course.core import citations
from facet_course.lessons.aftercare import radiofrequency, repeat, text, timeline
from facet_course.models import aftercare, anticoagulants, pharmacology

T11 = (
    "lumbar_guideline_rf_duration",
    "lumbar_guideline_rf_duration_trials",
    "lumbar_guideline_rf_stimulation",
)


def test_no_statement_says_a_read_table_could_not_be_opened() -> None:
    """Finding 2: Table 11 was read, so no row, technique table or repeat row says it could not be."""
    frames = [aftercare.statements(), repeat.repeat_table()]
    frames += [radiofrequency.statements_table(t) for t in ("radiofrequency technique", "repeat")]
    for frame in frames:
        for column in frame.columns:
            for cell in frame[column]:
                assert "could not be opened" not in str(cell), cell
    assert "not readable" not in set(aftercare.statements("radiofrequency technique")["kind"])


def test_technique_table_quotes_the_lumbar_guidelines_table_11() -> None:
    """Finding 2: the guideline's durations (practice and trials) are shown first, with the table's source."""
    shown = radiofrequency.statements_table("radiofrequency technique")
    practice, trials, stimulation = (aftercare.statement(i) for i in T11)
    assert list(shown["statement"][:3]) == [
        practice["statement"],
        trials["statement"],
        stimulation["statement"],
    ]
    assert shown["value"][0] == f"{practice['value']:g} {practice['unit']}"
    assert practice["kind"] == "guideline table" and practice["value"] < trials["value"]
    assert {aftercare.statement(i)["source_id"] for i in T11} == {"aft_cohen2020_t11"}
    assert citations.author_year(practice["source_id"]) == "Cohen 2020"


def test_the_secondary_60_second_figure_is_named_as_disagreeing() -> None:
    """Finding 2: the summary's 60 to 90 s stays only beside its cited source and names the disagreement,
    which holds only while its lower end is below the guideline's practice minimum (minutes to seconds)."""
    seconds, practice = aftercare.statement("rf_seconds"), aftercare.statement("lumbar_guideline_rf_duration")
    assert seconds["unit"] == "seconds" and practice["unit"] == "minutes per lesion"
    assert seconds["value"] < practice["value"] * 60 <= seconds["value_high"]
    assert "disagree" in seconds["statement"] and "lumbar guideline" in seconds["statement"]


def test_stimulation_weighting_is_the_guidelines() -> None:
    """Finding 3: motor strongly recommended, sensory at the practitioner's discretion (clinical practice)."""
    row = aftercare.statement("lumbar_guideline_rf_stimulation")["statement"]
    assert "motor stimulation is strongly recommended" in row and "discretion" in row
    assert "motor strongly recommended" in aftercare.statement("rf_testing")["statement"]


def test_repeat_row_gives_the_lumbar_no_repeat_block_and_no_invented_criterion() -> None:
    """Finding 2: low back, no repeat diagnostic block (both columns); the table gives no relief criterion."""
    last = repeat.repeat_table().iloc[-1]
    assert aftercare.statement("lumbar_guideline_no_repeat_block")["statement"] in last["answer"]
    assert "gives no relief or duration criterion" in last["answer"]
    assert last["source"] == "Hurley 2022; Cohen 2020"


def test_van_kleef_unadjusted_result_is_said_not_significant() -> None:
    """Finding 4: everywhere the notebook says 'more successes', the adjustment is named."""
    misc = text.misconceptions()
    assert "not significant unadjusted, significant after adjustment" in misc
    question = text.self_check_questions()[2]
    assert "significant only after adjustment" in question.explanation
    assert "significant after adjustment" in radiofrequency.single_block_trials_text()


def test_lord_result_is_cited_to_lord_alone() -> None:
    """Finding 5: the 263 vs 8 days sentence cites Lord 1996 only; Juch 2017 goes with the Mint clause."""
    lord = aftercare.rf_outcome("lord_median_rf")
    juch = aftercare.rf_outcome("juch_facet")
    line = next(line for line in text.misconceptions().splitlines() if "Mint" in line)
    assert line.endswith(f"after sham ({citations.author_year(lord['source_id'])}).")
    assert f"not blinded ({citations.author_year(juch['source_id'])})" in line


def test_knee_row_gives_the_labels_large_joint_range() -> None:
    """Finding 6: 80 mg is the upper end of the label's large-joint range, whose low end is read from data."""
    doses = pharmacology.steroid_doses(repeat.STEROID)
    label = doses[(doses["context"] == "label") & (doses["scope"] == "per joint")]
    top = label[label["dose_mg_high"] == label["dose_mg_high"].max()].iloc[0]
    figures = repeat.steroid_session_figures()
    assert figures["largest_range_low_mg"] == top["dose_mg_low"] < top["dose_mg_high"]
    answer = repeat.repeat_table().iloc[1]["answer"]
    assert (
        f"upper end of the label's range for a large joint such as the knee ({top['dose_mg_low']:g} to "
        in answer
    )


def test_yearly_line_is_attributed_as_the_abstract_words_it() -> None:
    """Finding 7: no working group named that the abstract read does not name."""
    row = aftercare.statement("wip_yearly_postmenopausal")
    assert "WIP" not in row["statement"] + row["note"]
    assert "existing clinical recommendations" in row["statement"]


def test_restart_advice_carries_each_regions_bleeding_risk_category() -> None:
    """Finding 8: beside the restart advice, ASRA 2018's categories from notebook 06's table, per region."""
    row = timeline.steps_table().set_index("topic").loc[timeline.RESTART_TOPIC]
    for region in aftercare.REGIONS:
        category = anticoagulants.bleeding_risk("medial branch block", region)["category"]
        assert f"{region}: {category} (medial branch block" in row["advice"]
    assert "ASRA 2018 bleeding-risk category" in row["advice"]
    assert "Narouze 2018" in row["source"]
    with pytest.raises(ValueError, match="no NICE 2030 row"):
        timeline.bleeding_risk_text("NICE 2030")


def test_worst_year_names_the_three_year_line_exactly_when_reached() -> None:
    """Review s6 widget note: a year at or above the three-year limit says so; below it, not."""
    three = aftercare.statement("wip_three_year_postmenopausal")
    seen = set()
    for sessions in repeat.SESSIONS:
        for joints in repeat.JOINTS:
            for dose in repeat.dose_options():
                for other in repeat.other_options():
                    mg, other_mg = repeat.dose_options()[dose], repeat.other_options()[other]
                    total = aftercare.yearly_steroid_mg(sessions, joints, mg, other_mg)
                    said = "three-year limit" in repeat.steroid_year_text(sessions, joints, dose, other)
                    assert said == (total >= three["value"]), (sessions, joints, dose, other)
                    seen.add(said)
    assert seen == {True, False}
    assert "three-year limit" in repeat.steroid_year_example()
