"""Clinical review s20 (04 and 00 as handouts): the findings fixed this session, each tested."""

from __future__ import annotations

from facet_course.lessons.medication_choices import steroid_time
from facet_course.lessons.start_here import orientation, text


def test_a_solutions_gone_by_range_says_it_is_borrowed_from_depot_steroids() -> None:
    """Minor 6: the knee trials' range is of depot steroids; for dexamethasone (a solution) it is assumed."""
    course = steroid_time.ph.steroid_time_course("dexamethasone")
    day = (course.duration_days.low + course.duration_days.high) / 2
    assert "depot steroids, assumed for a solution" in steroid_time.steroid_band("dexamethasone", day)
    assert "assumed" not in steroid_time.steroid_band("methylprednisolone acetate", day)


def test_the_level_questions_rest_on_study_means_and_cite_every_level_source() -> None:
    """Minor 2: L1-2 has only a reported range (its table value is the range's middle): no question treats it
    as a mean, and the questions cite the sources of the lumbar levels, not one study."""
    table = orientation.lumbar_orientation_table()
    ranged = list(table.index[table["studies with a mean"] == 0])
    assert ranged == ["L1-2"]
    questions = text.self_check_questions()
    sagittal = next(q for q in questions if "most sagittal" in q.prompt)
    assert "L1-2 and L2-3" in sagittal.options[sagittal.answer]
    assert "no study read gives a mean, only a range" in sagittal.explanation
    for q in questions[1:4]:
        assert {"anat_jentzsch2013", "anat_masharawi2004", "anat_weinberg2016"} <= set(q.source_id.split(";"))
