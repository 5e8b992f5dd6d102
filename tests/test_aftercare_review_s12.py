"""Review s12 of notebook 07 (minor findings): the adrenal high end says what its study measured, the
label's small-joint dose carries its caveat, and the leaflet's numb time is typical, not a ceiling."""

import pandas as pd
import pytest
from facet_course.lessons.aftercare import leaflet, repeat
from facet_course.models import aftercare, systemic_effects


def _longest() -> pd.Series:
    table = systemic_effects.systemic_effect_table()
    lasted = table[(table["effect"] == "adrenal axis suppression") & (table["days_kind"] == "lasted")]
    return lasted[lasted["days_high"] == repeat.suppression_days()[1]].iloc[0]


@pytest.mark.parametrize(("joints", "mg"), [(1, 10), (4, 20)])
def test_the_high_end_is_named_a_last_measurement_with_what_was_measured(joints: int, mg: float) -> None:
    """F2: Iranmanesh 2017 measured at weeks 1, 4 and 12; ACTH and cortisol had recovered by week 4; only
    the last time point (84 days) carries the high end, and the readout says so from the data row."""
    row = _longest()
    text, full = repeat.high_end_text(joints, mg), repeat.high_end_text(joints, mg, detail=True)
    for shown in (text, full):
        assert f"{row['days_high']:g} days is that study's last measurement, not a measured end" in shown
    assert isinstance(row["days_note"], str) and f"({row['days_note']})" in full
    assert row["days_note"] not in text  # the readout must fit its slide; the worked example says it
    assert "recovered by week 4" in row["days_note"]  # the source's basal ACTH and cortisol
    doses, others = list(repeat.dose_options()), list(repeat.other_options())
    assert text in repeat.steroid_year_text(1, joints, doses[0] if mg == 10 else doses[-1], others[0])
    assert f"({row['days_note']})" in repeat.steroid_year_example()


def test_the_small_joint_dose_is_the_courses_reading_of_the_label() -> None:
    """F4: the label's small-joint list does not name facet joints (the rule set's own reason says so)."""
    text = str(repeat.repeat_table().iloc[0, 1])
    assert "the course applies the label's small-joint dose; the label does not name facet joints" in text
    assert "a facet joint is a small joint" not in text


@pytest.mark.parametrize("injectate", [aftercare.DIAGNOSTIC, aftercare.WITH_STEROID])
def test_the_leaflet_numb_time_is_typical_not_a_ceiling(injectate: str) -> None:
    """F8: 'about' the model's hours, never 'up to' (the published durations span a range)."""
    text = leaflet.reading_text("lumbar", injectate)
    assert f"can last about {aftercare.numb_hours():g} hours" in text and "up to about" not in text


def test_radiofrequency_aftercare_shows_the_pages_disagreement_and_is_never_a_study() -> None:
    """Missing item 1: what clinics tell patients after radiofrequency, every row a patient-education page
    with its source; the soreness durations disagree (days against weeks) and both are shown."""
    from facet_course.lessons.aftercare import radiofrequency

    rows = aftercare.statements("radiofrequency aftercare")
    assert set(rows["kind"]) == {"patient-education source"} and rows["source_id"].str.len().min() > 0
    sore, burn = rows.loc["rf_after_sore_restore"], rows.loc["rf_after_burn_medicalware"]
    assert (sore["unit"], burn["unit"]) == ("days", "weeks") and sore["value_high"] < 7 * burn["value_high"]
    shown = radiofrequency.statements_table("radiofrequency aftercare")
    assert len(shown) == len(rows) and "pacemaker" in " ".join(shown["statement"])
    assert {"1 to 4 days", "1 to 2 weeks"} <= set(shown["value"])
