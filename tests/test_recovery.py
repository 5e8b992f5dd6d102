"""The recovery model, the synthetic cohort and its Kaplan-Meier curve (facet_course.models.recovery)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from facet_course.models import recovery
from facet_course.models.recovery import NO_DRUG, Patient
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.text import Text

H = recovery.HOURS_PER_DAY
GRID = np.concatenate([[0.0], np.geomspace(0.05, 180 * H, 300)])
ANAESTHETICS = recovery.anaesthetic_names()
STEROIDS = recovery.steroid_names()

patients = st.builds(
    Patient,
    baseline_pain=st.floats(0.5, 10.0),
    block_relief=st.floats(0.0, 1.0),
    anaesthetic=st.sampled_from(ANAESTHETICS),
    steroid=st.sampled_from(STEROIDS),
    responder=st.booleans(),
    flare=st.booleans(),
    nonspecific_days=st.one_of(st.none(), st.floats(0.0, 400.0)),
    injection=st.sampled_from(recovery.INJECTIONS),
)


# -- numbers from data ---------------------------------------------------------------------------------------
def test_nonspecific_relief_reproduces_the_two_numbers_it_was_fitted_to() -> None:
    fit = recovery.nonspecific_relief()
    median = float(recovery.outcome("barnsley_median_bupivacaine")["value"])
    month = recovery.outcome("barnsley_beyond_1m")
    assert fit.surviving(np.array([median]))[0] == pytest.approx(0.5, abs=1e-9)
    assert fit.surviving(np.array([month["time_days"]]))[0] == pytest.approx(month["value"] / 100, abs=1e-9)
    assert fit.surviving(np.array([0.0]))[0] == 1.0


def test_data_driven_parameters_come_from_the_tables() -> None:
    assert recovery.flare_probability() == pytest.approx(
        recovery.outcome("plastaras_pain_exacerbation")["value"] / 100
    )
    start, end = recovery.flare_window_hours()
    assert 0 < start < end
    assert recovery.lowest_positive_relief() == pytest.approx(
        recovery.block_criteria()["relief_percent_min"].min() / 100
    )
    assert recovery.return_relief() == pytest.approx(recovery.assumption("return_relief")["value"] / 100)
    assert recovery.block_is_positive(50.0, "lumbar") and not recovery.block_is_positive(50.0, "cervical")
    steroid = recovery.outcome("carette_1m_steroid")["value"]
    saline = recovery.outcome("carette_1m_saline")["value"]
    assert recovery.carette_extra_responders_percent() == pytest.approx(steroid - saline)


def test_unknown_outcome_and_assumption_ids_are_explained() -> None:
    with pytest.raises(ValueError, match="no outcome 'nope'"):
        recovery.outcome("nope")
    with pytest.raises(ValueError, match="no assumption 'nope'"):
        recovery.assumption("nope")


# -- the model: properties -----------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(patients)
def test_expected_pain_stays_on_the_scale(patient: Patient) -> None:
    pain = recovery.expected_pain(GRID, patient)
    assert pain.shape == GRID.shape
    assert np.all(np.isfinite(pain))
    assert pain.min() >= 0.0 and pain.max() <= 10.0


@settings(max_examples=40, deadline=None)
@given(patients)
def test_a_steroid_response_never_adds_pain(patient: Patient) -> None:
    responder = Patient(**{**patient.__dict__, "responder": True})
    non = Patient(**{**patient.__dict__, "responder": False})
    assert np.all(recovery.expected_pain(GRID, responder) <= recovery.expected_pain(GRID, non) + 1e-12)


@settings(max_examples=40, deadline=None)
@given(patients, st.floats(0.0, 1.0))
def test_more_relief_from_the_block_never_means_more_pain(patient: Patient, other: float) -> None:
    low, high = sorted([patient.block_relief, other])
    less = Patient(**{**patient.__dict__, "block_relief": low})
    more = Patient(**{**patient.__dict__, "block_relief": high})
    assert np.all(recovery.expected_pain(GRID, more) <= recovery.expected_pain(GRID, less) + 1e-12)


@settings(max_examples=40, deadline=None)
@given(patients)
def test_a_flare_adds_pain_only_inside_its_window(patient: Patient) -> None:
    with_flare = Patient(**{**patient.__dict__, "flare": True})
    without = Patient(**{**patient.__dict__, "flare": False})
    start, end = recovery.flare_window_hours()
    difference = recovery.expected_pain(GRID, with_flare) - recovery.expected_pain(GRID, without)
    outside = (GRID < start) | (GRID > end)
    assert np.allclose(difference[outside], 0.0)
    assert np.all(difference >= -1e-12)
    assert difference.max() <= recovery.flare_size_points() + 1e-12


def test_full_block_relieves_pain_during_the_anaesthetic_and_pain_returns_later() -> None:
    for drug in ANAESTHETICS:
        if drug == NO_DRUG:
            continue
        patient = Patient(baseline_pain=6.0, block_relief=1.0, anaesthetic=drug, nonspecific_days=0.0)
        start, end = recovery.anaesthetic_duration_hours(drug)
        middle = np.array([(start + end) / 2])
        assert recovery.expected_pain(middle, patient)[0] < 3.0, drug
        assert recovery.expected_pain(np.array([30 * H]), patient)[0] == pytest.approx(6.0), drug


def test_no_drugs_and_no_nonspecific_relief_leaves_pain_at_baseline() -> None:
    patient = Patient(baseline_pain=7.0, block_relief=1.0, nonspecific_days=0.0)
    assert np.allclose(recovery.expected_pain(GRID, patient), 7.0)
    assert recovery.time_to_return_hours(patient) == 0.0


def test_time_to_return_is_the_end_of_the_last_relief_episode() -> None:
    patient = Patient(baseline_pain=6.0, block_relief=0.9, anaesthetic=NO_DRUG, nonspecific_days=5.0)
    assert recovery.time_to_return_hours(patient) == pytest.approx(5 * H, rel=0.01)
    assert recovery.time_to_return_hours(patient, horizon_hours=2 * H) is None  # still relieved: censored


def test_drug_curves_are_smooth_where_notebook_04s_ranges_meet() -> None:
    # notebook 04's steroid curve has corners (a rise that stops at the latest peak, a fall that starts at
    # the earliest end); averaged over patients' timing, the slope changes gradually.
    from facet_course.models import pharmacology

    drug = STEROIDS[0]
    log_t = np.linspace(np.log(2 * H), np.log(120 * H), 800)
    t = np.exp(log_t)
    # the raw curve: notebook 04's rule on the one hypothetical envelope (fifth review of 05, M2)
    raw = np.asarray(recovery.hypothetical_steroid_relief(t / H), dtype=float)
    assert pharmacology.steroid_time_course(drug)  # a drug notebook 04 knows
    smooth = recovery.steroid_effect(drug, t)
    kink_raw = np.abs(np.diff(raw, 2)).max()
    kink_smooth = np.abs(np.diff(smooth, 2)).max()
    assert kink_smooth < kink_raw / 5, (kink_raw, kink_smooth)
    assert smooth.max() == pytest.approx(raw.max(), abs=0.1)


def test_a_patient_without_lasting_relief_has_their_pain_back_on_day_one() -> None:
    drug = "bupivacaine" if "bupivacaine" in ANAESTHETICS else ANAESTHETICS[0]
    _, end_high = recovery.anaesthetic_end_range_hours(drug)
    one = Patient(baseline_pain=6.0, block_relief=0.8, anaesthetic=drug, nonspecific_days=0.0)
    average = Patient(baseline_pain=6.0, block_relief=0.8, anaesthetic=drug, nonspecific_days=None)
    day = np.array([max(2 * end_high, H)])
    assert recovery.expected_pain(day, one)[0] == pytest.approx(6.0, abs=0.1)
    assert recovery.expected_pain(day, average)[0] < 5.0  # the control-arm average still holds some relief
    early = np.array([0.02, 0.05, 0.1])  # minutes after the injection: no relief runs ahead of the block
    assert np.allclose(recovery.expected_pain(early, one), recovery.expected_pain(early, average), atol=0.05)


def test_phases_are_named_in_time_order() -> None:
    found = recovery.phases(ANAESTHETICS[0], STEROIDS[0])
    names = [p.name for p in found]
    assert names[0] == "anaesthetic block" and names[-1] == "return of pain"
    assert "possible flare" in names and "steroid relief" in names
    for phase in found:
        assert phase.start_hours < phase.end_hours
    no_steroid = [p.name for p in recovery.phases(ANAESTHETICS[0], NO_DRUG)]
    assert "steroid relief" not in no_steroid


# -- bad input -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"baseline_pain": 0.0, "block_relief": 0.5}, r"baseline_pain=0.0 must lie in \(0, 10\]"),
        ({"baseline_pain": 11.0, "block_relief": 0.5}, "0-10 numeric rating scale"),
        ({"baseline_pain": math.nan, "block_relief": 0.5}, "baseline_pain=nan"),
        ({"baseline_pain": 5.0, "block_relief": 1.2}, "block_relief=1.2 must be a fraction from 0 to 1"),
        ({"baseline_pain": 5.0, "block_relief": 0.5, "nonspecific_days": -1.0}, "nonspecific_days=-1.0"),
    ],
)
def test_impossible_patients_are_refused_with_the_allowed_range(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Patient(**kwargs)


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ([], "t_hours is empty"),
        ([1.0, math.nan], "NaN or infinity"),
        ([-1.0], "must lie between 0 and"),
        ([1e9], "two years"),
    ],
)
def test_bad_times_are_refused(times: list[float], message: str) -> None:
    patient = Patient(baseline_pain=5.0, block_relief=0.5)
    with pytest.raises(ValueError, match=message):
        recovery.expected_pain(np.array(times), patient)


def test_unknown_drugs_name_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown local anaesthetic 'procaine'; choose one of"):
        recovery.expected_pain(GRID, Patient(baseline_pain=5.0, block_relief=0.5, anaesthetic="procaine"))
    with pytest.raises(ValueError, match="unknown corticosteroid 'prednisolone'"):
        recovery.synthetic_cohort(10, 1, steroid="prednisolone", extra_responder_percent=10)
    with pytest.raises(ValueError, match="'none' has no duration"):
        recovery.anaesthetic_duration_hours(NO_DRUG)


@settings(max_examples=80, deadline=None)
@given(
    baseline=st.floats(allow_nan=True, allow_infinity=True),
    block=st.floats(allow_nan=True, allow_infinity=True),
    days=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
)
def test_any_number_gives_a_patient_or_a_value_error(
    baseline: float, block: float, days: float | None
) -> None:
    try:
        patient = Patient(baseline_pain=baseline, block_relief=block, nonspecific_days=days)
    except ValueError as error:
        assert "must" in str(error)
        return
    assert 0 < patient.baseline_pain <= 10 and 0 <= patient.block_relief <= 1


# -- the synthetic cohort and its survival curve -------------------------------------------------------------
def test_cohort_is_reproducible_from_its_seed() -> None:
    a = recovery.synthetic_cohort(30, 7, ANAESTHETICS[0], STEROIDS[0], 20.0)
    b = recovery.synthetic_cohort(30, 7, ANAESTHETICS[0], STEROIDS[0], 20.0)
    c = recovery.synthetic_cohort(30, 8, ANAESTHETICS[0], STEROIDS[0], 20.0)
    assert a.equals(b)
    assert not a["time_days"].equals(c["time_days"])
    assert a.attrs["synthetic"] is True
    assert (a["time_days"] >= 0).all() and (a["time_days"] <= a.attrs["follow_up_days"]).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 2, "seed": 1}, "n=2 must be a whole number of patients from 5 to 5000"),
        ({"n": 10.5, "seed": 1}, "whole number of patients"),
        ({"n": 10, "seed": -1}, "seed=-1 must be a whole number 0 or more"),
        ({"n": 10, "seed": 1, "steroid": STEROIDS[0], "extra_responder_percent": 120.0}, "between 0 and 100"),
        ({"n": 10, "seed": 1, "extra_responder_percent": 10.0}, "needs a steroid"),
    ],
)
def test_bad_cohort_requests_are_explained(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        recovery.synthetic_cohort(**kwargs)


def test_kaplan_meier_matches_a_hand_calculation() -> None:
    import pandas as pd

    cohort = pd.DataFrame({"time_days": [1.0, 2.0, 3.0, 4.0], "event": [True, False, True, True]})
    curve = recovery.survival_curve(cohort)
    # At 1 day 1 of 4 at risk has the event: 3/4. Day 2 is censored. At 3 days 1 of 2: 3/4 * 1/2. At 4: 0.
    assert curve.at(0.5) == 1.0
    assert curve.at(1.0) == pytest.approx(0.75)
    assert curve.at(2.5) == pytest.approx(0.75)
    assert curve.at(3.0) == pytest.approx(0.375)
    assert curve.at(4.0) == pytest.approx(0.0)
    assert curve.median_days() == pytest.approx(3.0)
    assert np.all(curve.low <= curve.surviving + 1e-12) and np.all(curve.high >= curve.surviving - 1e-12)


def test_survival_curve_refuses_a_frame_without_times() -> None:
    import pandas as pd

    with pytest.raises(ValueError, match=r"lacks column\(s\) \['event'\]"):
        recovery.survival_curve(pd.DataFrame({"time_days": [1.0]}))


def test_large_cohort_without_steroid_recovers_the_calibration_median() -> None:
    cohort = recovery.synthetic_cohort(
        2000, 3, "bupivacaine" if "bupivacaine" in ANAESTHETICS else ANAESTHETICS[0]
    )
    median = recovery.survival_curve(cohort).median_days()
    target = float(recovery.outcome("barnsley_median_bupivacaine")["value"])
    assert median == pytest.approx(target, rel=0.15)


def test_steroid_responders_lengthen_relief() -> None:
    drug = ANAESTHETICS[0]
    without = recovery.survival_curve(recovery.synthetic_cohort(400, 5, drug, STEROIDS[0], 0.0))
    with_many = recovery.survival_curve(recovery.synthetic_cohort(400, 5, drug, STEROIDS[0], 50.0))
    assert with_many.at(21) > without.at(21)


def test_published_points_turn_medians_into_half_surviving() -> None:
    points = recovery.published_points().set_index("id")
    median = recovery.outcome("barnsley_median_steroid")
    assert points.loc["barnsley_median_steroid", "percent"] == 50.0
    assert points.loc["barnsley_median_steroid", "time_days"] == median["value"]
    assert points.loc["barnsley_beyond_1m", "bound"] == "less_than"


# -- the views' contracts (cheap checks; the figures themselves are looked at, see notebook 05) -------------
def test_explorers_keep_their_handout_twins_small_and_refuse_bad_values() -> None:
    from facet_course.lessons import recovery_curves as rv

    for make in (rv.recovery_explorer, rv.survival_explorer, rv.diary_explorer):
        explorer = make()
        assert len(explorer.twin_combinations()) <= 40, explorer.name
    _, update = rv.diary_explorer().make_figure()
    with pytest.raises(ValueError, match="diary must be one of"):
        update(diary="nobody")
    _, update = rv.survival_explorer().make_figure()
    with pytest.raises(ValueError, match="cohort size must be one of"):
        update(n=7, seed=1, extra_responder_percent=0.0)


def test_self_check_has_at_least_five_sourced_questions() -> None:
    from facet_course.lessons import recovery_curves as rv

    questions = rv.self_check_questions()
    assert len(questions) >= 5
    assert len({q.answer for q in questions}) > 1, "answers should not all sit in the same place"


# -- regression cases from the clinical review of notebook 05 (M5) ----------------------------------------
def test_without_anaesthetic_the_average_relief_is_bounded_by_the_saline_response() -> None:
    share = recovery.placebo_response_fraction()
    assert 0 < share < 1
    assert recovery.nonspecific_share(NO_DRUG) == share
    # review s8 05, finding 2: a steroid alone INTO THE JOINT is Barnsley 1994's steroid arm (tested in
    # test_steroid_without_anaesthetic_into_the_joint_follows_barnsleys_steroid_arm); with nothing injected,
    # or a steroid without anaesthetic at a medial branch block, the saline share still bounds the relief
    for steroid, injection in ((NO_DRUG, "intra-articular"), (STEROIDS[0], "medial branch block")):
        average = Patient(
            baseline_pain=5.5, block_relief=1.0, anaesthetic=NO_DRUG, steroid=steroid, injection=injection
        )
        one_hour = recovery.expected_pain(np.array([1.0]), average)[0]
        assert one_hour >= 5.5 * (1 - share) - 1e-9, steroid  # never full relief with nothing injected
        assert recovery.expected_pain(np.array([0.0]), average)[0] == pytest.approx(5.5)


def test_nonspecific_relief_never_starts_before_the_block() -> None:
    drug = "bupivacaine" if "bupivacaine" in ANAESTHETICS else ANAESTHETICS[0]
    average = Patient(baseline_pain=6.0, block_relief=1.0, anaesthetic=drug)
    t = np.geomspace(1e-3, 1.0, 200)
    parts = recovery.relief_components(t, average)
    assert np.all(recovery.relief(t, average) <= np.maximum(parts["onset"], parts["anaesthetic"]) + 1e-12)


def test_a_cohort_without_anaesthetic_has_non_specific_relief_only_in_saline_responders() -> None:
    with_block = recovery.survival_curve(recovery.synthetic_cohort(400, 1, "bupivacaine"))
    without = recovery.survival_curve(recovery.synthetic_cohort(400, 1, NO_DRUG))
    assert without.at(1) < with_block.at(1)
    assert without.at(1) <= recovery.placebo_response_fraction() + 0.1


# -- second clinical review of notebook 05 (M4, m1, m2, m8) --------------------------------------------------
def test_carettes_six_month_result_is_said_to_be_unchecked_never_negative() -> None:
    from facet_course.lessons import recovery_curves as rv

    talk = rv.patient_talk()
    assert "in the trials, relief did not last longer" not in talk  # the neck trial says so, not every trial
    assert "in the neck trial, relief did not last longer" in talk
    # review s12 minor 2: the unread six-month result is said once (the take-away), not in every text; the
    # patient script still keeps 'do not say it never helps for longer'
    assert "could not be checked" not in talk and "could not be checked" not in rv.misconceptions()
    assert "do not say it never helps for longer" in talk
    assert "6-month result exists but was not read" in recovery.outcome("carette_1m_steroid")["difference"]
    assert all("could not be checked" not in note for note in recovery.leaflet_claims()["correction"])
    assert "not shown here" not in rv.misconceptions()


def test_the_extra_steroid_responders_are_labelled_a_what_if_from_a_non_significant_difference() -> None:
    from facet_course.lessons import recovery_curves as rv

    explorer = rv.survival_explorer()
    fig, update = explorer.make_figure()
    defaults = explorer.defaults()
    carette = round(recovery.carette_extra_responders_percent(), 1)
    # fifth review m5: a steroid effect the trial did not show is never the default, only a what-if
    assert defaults["extra_responder_percent"] == 0.0
    from facet_course.lessons.recovery_curves.cohort import responder_options

    assert carette in responder_options() and carette > 0
    readout = update(**{**defaults, "extra_responder_percent": carette})
    steroid = recovery.outcome("carette_1m_steroid")["value"]
    saline = recovery.outcome("carette_1m_saline")["value"]
    assert f"a what-if: Carette 1991's {steroid:g}% vs {saline:g}%" in readout
    assert "not significant" in readout and "not a rate the trial showed" in readout
    assert "what-if" not in update(**defaults)
    assert "extra steroid responders 0%" in rv.cohort_summary_table().attrs["cohort"]
    assert "what-if" in rv.cohort_summary_table().attrs["cohort"]


def test_the_flare_timing_is_when_patients_were_asked() -> None:
    flare = next(p for p in recovery.phases("bupivacaine", NO_DRUG) if p.name == "possible flare")
    assert "when asked" in flare.what and "for illustration" in flare.what


def test_the_recovery_figure_names_its_example_patient_and_the_measured_mean() -> None:
    from facet_course.lessons import recovery_curves as rv

    explorer = rv.recovery_explorer()
    fig, update = explorer.make_figure()
    defaults = explorer.defaults()
    readout = update(**defaults)
    relief = defaults["block_relief_percent"]
    measured = recovery.outcome("plastaras_pain_after")
    assert f"a {relief:g}% responder), not the measured average" in readout
    assert f"{measured['value']:g}/10" in readout
    shown = [t.get_text() for t in fig.findobj(Text)]  # a text in the plot or a title above it
    assert any(f"a {relief:g}% responder" in t and "not the average" in t for t in shown)


# -- regression cases from the third clinical review of notebook 05 (M3, m1) ------------------------------
def test_the_middle_curve_is_labelled_model_output_never_a_trial_average() -> None:
    from facet_course.lessons import recovery_curves as rv
    from facet_course.lessons.recovery_curves import text

    explorer = rv.recovery_explorer()
    fig, update = explorer.make_figure()
    for anaesthetic in recovery.anaesthetic_names():
        readout = update(**{**explorer.defaults(), "anaesthetic": anaesthetic})
        labels = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
        assert any(label.startswith("model, this example patient") for label in labels), anaesthetic
        assert not any("average of" in label or "at most" in label for label in labels + [readout])
        assert "model output for this example patient, not a measured average" in readout
        assert "time until pain returned to 50% of its pre-injection level, not a mean pain curve" in readout
    _, alt = rv.recovery_figure()
    assert "average of an anaesthetic-alone arm" not in alt and "model output" in alt
    saline = recovery.placebo_response()
    said = text.saline_response_text()
    assert f"{saline['value_pct']:g}% (95% CI {saline['ci_low_pct']:g}-{saline['ci_high_pct']:g}%)" in said
    assert f"{recovery.outcome('carette_1m_saline')['value']:g}%" in said and "intra-articular saline" in said
    assert "at most" not in said and "bound" not in said


# -- fifth clinical review of notebook 05 (M2, M3) -----------------------------------------------------
def test_every_steroid_gets_the_same_hypothetical_curve_from_the_knee_proxies_only() -> None:
    from facet_course.models import pharmacology

    # M2: label repeat intervals are not durations, so they never shape (or rank) the steroid curve
    steroids = [s for s in STEROIDS if s != NO_DRUG]
    assert len(steroids) >= 2
    curves = [recovery.steroid_effect(s, GRID) for s in steroids]
    for steroid, curve in zip(steroids, curves, strict=True):
        np.testing.assert_array_equal(curve, curves[0], err_msg=steroid)
        assert recovery.steroid_window_hours(steroid) == recovery.steroid_window_hours(steroids[0])
    # known answer: a steroid whose rows all come from the knee proxies has exactly the shared envelope
    table = pharmacology.corticosteroid_time_course_table()
    proxy_only = [
        s
        for s in steroids
        if not table[(table["drug"] == s)]["basis"].str.startswith("label repeat interval").any()
        and not table[(table["drug"] == s)]["source_id"].str.contains("label").any()
    ]
    assert proxy_only, "no steroid with knee-proxy rows only"
    course = pharmacology.steroid_time_course(proxy_only[0])
    envelope = recovery.steroid_envelope_days()
    assert envelope["onset_days"] == (course.onset_days.low, course.onset_days.high)
    assert envelope["peak_days"] == (course.peak_days.low, course.peak_days.high)
    assert envelope["duration_days"] == (course.duration_days.low, course.duration_days.high)
    t_days = np.linspace(-1.0, 120.0, 500)
    np.testing.assert_allclose(
        recovery.hypothetical_steroid_relief(t_days), pharmacology.steroid_relief(proxy_only[0], t_days)
    )
    # the label-interval rows are shorter than the knee data: leaving them out is what changed the curve
    labels = table[table["basis"].str.startswith("label repeat interval")]
    assert not labels.empty and labels["low"].min() < envelope["duration_days"][0]
    with pytest.raises(ValueError, match="unknown corticosteroid"):
        recovery.steroid_effect("prednisolone tablets", GRID)


def test_after_a_medial_branch_block_relief_usually_ends_with_the_drug() -> None:
    # M3: Barnsley 1994's tail is for intra-articular injections; after diagnostic medial branch blocks only
    # the share with unexpectedly prolonged relief in Barnsley 1993 (13 of 47) has it
    prolonged = recovery.outcome("barnsley1993_prolonged")
    share = float(prolonged["value"]) / 100
    assert recovery.nonspecific_share("lidocaine", "medial branch block") == pytest.approx(share)
    assert recovery.nonspecific_share("lidocaine", "intra-articular") == 1.0
    assert recovery.nonspecific_share(NO_DRUG, "medial branch block") == recovery.placebo_response_fraction()

    def patient(drug: str, injection: str) -> Patient:
        return Patient(baseline_pain=6.0, block_relief=1.0, anaesthetic=drug, injection=injection)

    # known answer at 7 days, when no anaesthetic acts: relief = share x the fitted survival at 7 days
    week = np.array([7 * H])
    for drug in ("lidocaine", "bupivacaine"):
        mbb = recovery.relief(week, patient(drug, "medial branch block"))[0]
        assert recovery.anaesthetic_relief(drug, week)[0] == pytest.approx(0.0, abs=1e-9)
        assert mbb == pytest.approx(share * recovery.nonspecific_relief().surviving(np.array([7.0]))[0])
    # the drugs now differ: bupivacaine relief outlasts lidocaine relief after a medial branch block
    lido = recovery.time_to_return_hours(patient("lidocaine", "medial branch block"))
    bupi = recovery.time_to_return_hours(patient("bupivacaine", "medial branch block"))
    assert lido is not None and bupi is not None and bupi > lido + 1
    lido_end = recovery.anaesthetic_end_range_hours("lidocaine")[1]
    assert lido < 1.5 * lido_end  # pain half back around the end of the drug, not days later
    # after an intra-articular injection the calibrated median (days) still applies to both drugs
    ia = recovery.time_to_return_hours(patient("lidocaine", "intra-articular"))
    assert ia is not None and ia > 24 * float(recovery.outcome("barnsley_median_bupivacaine")["value"]) / 2


def test_an_unknown_injection_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="choose one of \\['intra-articular', 'medial branch block'\\]"):
        Patient(baseline_pain=6.0, block_relief=1.0, injection="epidural")
    with pytest.raises(ValueError, match="unknown injection"):
        recovery.nonspecific_share("lidocaine", "radiofrequency")


def test_recovery_explorer_twin_has_every_setting_its_question_names() -> None:
    """Issue 16: the handout's twin can answer its own question: no steroid, a medial branch block, lidocaine,
    bupivacaine and no local anaesthetic are all pre-rendered frames."""
    from facet_course.lessons.recovery_curves import recovery_explorer

    explorer = recovery_explorer()
    frames = {c.name: c.frames() for c in explorer.controls}
    question = explorer.question.lower()
    assert "none" in question and "medial branch block" in question
    assert {"lidocaine", "bupivacaine", recovery.NO_DRUG} <= set(frames["anaesthetic"])
    assert recovery.NO_DRUG in frames["steroid"]
    assert "medial branch block" in frames["injection"]


# -- sixth clinical review of notebook 05 ------------------------------------------------------------------
def test_the_medial_branch_time_course_is_an_illustrative_assumption_used_by_the_model() -> None:
    row = recovery.assumption("mbb_nonspecific_time_course")
    assert row["kind"] == "ILLUSTRATIVE assumption" and "barnsley1993" in row["source_id"]
    assert recovery.nonspecific_time_scale("intra-articular") == 1.0
    assert recovery.nonspecific_time_scale("medial branch block") == float(row["value"])
    with pytest.raises(ValueError, match="intra-articular"):
        recovery.nonspecific_time_scale("epidural")
    # the model applies it: non-specific relief after a medial branch block is the scaled survival x the share
    t = np.array([24.0, 24.0 * 7])
    patient = Patient(
        baseline_pain=6, block_relief=1.0, anaesthetic="lidocaine", injection="medial branch block"
    )
    share = recovery.nonspecific_share("lidocaine", "medial branch block")
    days = t / recovery.HOURS_PER_DAY / float(row["value"])
    expected = share * recovery.nonspecific_relief().surviving(days)
    assert recovery.relief_components(t, patient)["non-specific"] == pytest.approx(expected)
    from facet_course.lessons.recovery_curves import text

    assert "ILLUSTRATIVE" in text.model_curve_text("lidocaine", "medial branch block")


def test_prolonged_relief_is_described_one_way_everywhere() -> None:
    from facet_course.lessons import recovery_curves as rv

    row = recovery.outcome("barnsley1993_prolonged")
    # review s12 minor 5: 13 of 47 whiplash patients, cervical comparative blocks, no duration in the abstract
    # review s13 F4: the abstract gives no denominator for the subgroup of 13, so 28% is said to be of all 47
    count, studied = row["note"].split(" of ")
    # review s15 F5: 28% is 'more than 1 in 4' (1 in 4 is 25%), never 'about 1 in 4'
    assert 100 / 4 < row["value"] < 100 / 3
    phrase = (
        f"a subgroup of {count} patients ({row['value']:g}%, more than 1 in 4, if "
        f"counted among all {studied} studied: the abstract does not give the subgroup's denominator) "
        "with neck"
    )
    assert row["region"] == "cervical"
    for where in (rv.misconceptions(),):
        assert phrase in where and "after whiplash" in where and "cervical medial branch blocks" in where
        assert "the abstract gives no duration" in where
        assert "is common" not in where and "the exception" not in where
    # review s18 of 05 (F4): words for a patient give the counts; the denominator caveat is the resident's
    talk = rv.patient_talk()
    assert (
        f"in one neck study {count} of the {studied} patients had relief lasting longer than expected" in talk
    )
    assert phrase not in talk and "denominator" not in talk
    questions = rv.self_check_questions()
    answers = " ".join(q.explanation for q in questions)
    assert phrase in answers and "are common" not in answers
    assert not any("two days" in q.prompt for q in questions)
    from facet_course.models import pain_diary

    long = pain_diary.duration_verdict(30.0, 30.0, "", (2.0, 3.0))
    assert f"in a subgroup of {count} patients after whiplash" in long and "cervical" in long
    assert (
        f"more than 1 in 4 if counted among all {studied} studied (the abstract gives no denominator)" in long
    )
    assert "the abstract does not give" in long and "common" not in long


def test_the_steroid_responder_after_a_medial_branch_block_cites_manchikanti() -> None:
    from facet_course.lessons import recovery_curves as rv

    explorer = rv.recovery_explorer()
    _, update = explorer.make_figure()
    defaults = explorer.defaults()
    control = next(c for c in explorer.controls if c.name == "steroid")
    steroid = next(s for s in control.options if s != NO_DRUG)
    ms = recovery.outcome("manchikanti_2y_steroid")
    mbb = update(**{**defaults, "steroid": steroid, "injection": "medial branch block"})
    assert f"{ms['value']:g}% with steroid" in mbb and "Manchikanti 2010" in mbb
    ia = update(**{**defaults, "steroid": steroid, "injection": "intra-articular"})
    assert "Manchikanti" not in ia


def test_patient_talk_gives_red_flags_and_glucose_advice_from_data() -> None:
    from facet_course.lessons import recovery_curves as rv
    from facet_course.models import aftercare, systemic_effects

    talk = rv.patient_talk()
    signs = aftercare.when_to_call(None).set_index("id")
    for sign_id in ("weakness", "bowel_bladder", "new_severe_pain", "fever", "fever_stiff_neck"):
        assert signs.loc[sign_id, "sign"] in talk
    _, _, alt, alt_unit = aftercare.fever_threshold()
    assert f"({alt:g} {alt_unit})" in signs.loc["fever", "sign"] and "notebook 07" in talk
    knee = systemic_effects.systemic_effect("glucose_knee_habib")
    assert f"at least {aftercare.glucose_days():g} days" in talk and knee["finding"] in talk
    assert "Habib 2008" in talk and "knee data" in talk


def test_the_cohort_says_where_it_sits_against_the_one_month_bound() -> None:
    from facet_course.lessons.recovery_curves.cohort import month_bound_text

    bound = recovery.outcome("barnsley_beyond_1m")["value"] / 100
    assert month_bound_text(bound).startswith("at or above the trial's upper bound")
    assert month_bound_text(bound + 0.01).startswith("at or above")
    assert month_bound_text(bound - 0.02).startswith("below")
    assert "fitted at the bound itself" in month_bound_text(bound)
    # review s7 of 05, F11: below the bound the text does not say the trial lies below the cohort
    assert "fitted at the bound" in month_bound_text(0.0)
    assert "lies below the model's" not in month_bound_text(bound - 0.02)


def test_no_steroid_responder_curve_is_drawn_after_a_medial_branch_block() -> None:
    # Review s7 of 05 (major): the responder curve was drawn after a medial branch block while the readout
    # said "this curve is not expected".
    from facet_course.lessons.recovery_curves import phases

    fig, update = phases._draw_recovery()
    steroid = next(s for s in recovery.steroid_names() if s != recovery.NO_DRUG)
    anaesthetic = next(a for a in recovery.anaesthetic_names() if a != recovery.NO_DRUG)
    args = {"anaesthetic": anaesthetic, "steroid": steroid, "block_relief_percent": 75.0, "flare": "no"}
    text = update(injection="medial branch block", **args)
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    responder = [line for line in lines if line.get_label() == phases.RESPONDER_LABEL and line.get_visible()]
    assert not responder and "no steroid-responder curve is drawn" in text
    update(injection=recovery.INJECTIONS[0], **args)
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    assert any(line.get_label() == phases.RESPONDER_LABEL and line.get_visible() for line in lines)


def test_review_s7_wording_of_the_recovery_explorer() -> None:
    # Review s7 of 05: F3 (long relief is not proof of placebo), F2 (the invented size is said in the visible
    # readout), F6 (the slider is the responder's relief, not a block's when there is none).
    from facet_course.lessons.recovery_curves import phases

    fig, update = phases._draw_recovery()
    args = {"anaesthetic": "lidocaine", "block_relief_percent": 75.0, "flare": "no"}
    plain = update(injection=recovery.INJECTIONS[0], steroid=recovery.NO_DRUG, **args)
    assert "does not by itself prove placebo" in plain and "comes from non-specific" not in plain
    with_steroid = update(injection=recovery.INJECTIONS[0], steroid="methylprednisolone acetate", **args)
    assert "INVENTED SIZE" in with_steroid.split("<details>")[0]
    labels = [c.label for c in phases.recovery_explorer().controls]
    assert "Relief in a responder" in labels and "Relief from the block" not in labels


def test_the_depot_curve_leaves_out_a_steroid_whose_own_rows_peak_earlier() -> None:
    # Review s7 of 05, F5: dexamethasone is not drawn with the depot (knee-proxy) timing.
    from facet_course.lessons.recovery_curves import common, phases, text
    from facet_course.models import pharmacology

    drawn, left_out = common.drawn_steroids()
    first_peak = recovery.steroid_envelope_days()["peak_days"][0]
    for name in left_out:
        assert pharmacology.steroid_time_course(name).peak_days.high < first_peak
        assert name in text.steroid_proxy_note()
    assert recovery.NO_DRUG in drawn and set(drawn) | set(left_out) == set(recovery.steroid_names())
    if "dexamethasone" in recovery.steroid_names():
        assert "dexamethasone" in left_out
    options = next(c for c in phases.recovery_explorer().controls if c.name == "steroid").options
    assert list(options) == drawn


def test_the_cervical_sentence_of_a_leaflet_correction_cites_the_cervical_trial_first() -> None:
    # Review s7 of 05, F14: the first evidence after the cervical sentence is Barnsley 1994, not lumbar
    row = recovery.leaflet_claims().set_index("id").loc["relief_weeks_or_months"]
    assert row["correction"].startswith("After one cervical intra-articular injection")
    assert row["evidence"].split(";")[0].strip() == "barnsley_beyond_1m"


def test_steroid_without_anaesthetic_into_the_joint_follows_barnsleys_steroid_arm() -> None:
    # Review s8 05, finding 2: Barnsley 1994's steroid arm had betamethasone and no local anaesthetic, and a
    # median of 3 days to the return of half the pain, like the bupivacaine arm: every patient has
    # non-specific relief, with that arm's median (not the saline share)
    steroid = next(s for s in recovery.steroid_names() if s != recovery.NO_DRUG)
    median = float(recovery.outcome("barnsley_median_steroid")["value"])
    assert recovery.steroid_only_arm(recovery.NO_DRUG, steroid)
    assert not recovery.steroid_only_arm(recovery.NO_DRUG, steroid, "medial branch block")
    assert not recovery.steroid_only_arm("bupivacaine", steroid)
    assert recovery.nonspecific_share(recovery.NO_DRUG, "intra-articular", steroid) == 1.0
    saline = recovery.placebo_response_fraction()
    assert recovery.nonspecific_share(recovery.NO_DRUG, "intra-articular") == saline
    assert recovery.nonspecific_share(recovery.NO_DRUG, "medial branch block", steroid) == saline
    patient = recovery.Patient(baseline_pain=6.0, block_relief=1.0, steroid=steroid)
    fit = recovery.nonspecific_relief()
    # expected relief at the steroid arm's median: half of the patients in whom it has started by then
    # (review s10 05, finding 1: its onset is unknown, so it starts with the hypothetical steroid onset)
    at = np.array([median * recovery.HOURS_PER_DAY])
    started = recovery.nonspecific_share_at(at, recovery.NO_DRUG, "intra-articular", steroid)[0]
    assert recovery.relief(at, patient)[0] == pytest.approx(0.5 * started)
    assert saline < started < 1.0
    assert fit.median_days != median  # the fit is the anaesthetic arm's median (3.5 days), not this one
    saline_patient = recovery.Patient(baseline_pain=6.0, block_relief=1.0)
    hour = 1.0 / recovery.HOURS_PER_DAY  # the saline share, with the anaesthetic arm's own time course
    expected = saline * fit.surviving(np.array([hour]))[0]
    assert recovery.relief(np.array([1.0]), saline_patient)[0] == pytest.approx(expected)
    with pytest.raises(ValueError, match="injection"):
        recovery.steroid_only_arm(recovery.NO_DRUG, steroid, "into the disc")


def test_month_bound_text_names_the_what_if_responders_as_the_excess() -> None:
    # Review s8 05, finding 5: with hypothetical steroid responders added, an excess over Barnsley's bound
    # comes from them, not from the fit
    from facet_course.lessons.recovery_curves.cohort import month_bound_text

    bound = float(recovery.outcome("barnsley_beyond_1m")["value"]) / 100
    added = month_bound_text(0.53, 50.0)
    assert added.startswith("at or above") and "comes from them, not from the fit" in added
    assert "fitted at the bound itself" not in added
    assert "fitted at the bound itself" in month_bound_text(0.53, 0.0)
    # review s10 05, finding 4: the expected share is the bound by construction; a sample can pass it
    assert "at most the bound by construction" in month_bound_text(bound, 0.0)
    assert "by construction" not in month_bound_text(bound - 0.02, 0.0)
    assert month_bound_text(bound - 0.02, 50.0).startswith("below")


@pytest.mark.parametrize("steroid", [s for s in STEROIDS if s != NO_DRUG])
def test_a_steroid_without_anaesthetic_gives_no_block_sized_relief_at_one_hour(steroid: str) -> None:
    # Review s10 05, finding 1 (major): with no local anaesthetic and a steroid into the joint, the explorer
    # showed about 70% relief at one hour. Barnsley 1994 timed only the return of pain, so at one hour only
    # the saline-response share may have relief (as with no drug at all), and the rest starts later with the
    # hypothetical steroid onset; once that onset is over, the whole steroid arm has relief again.
    hour = np.array([1.0])
    saline = recovery.placebo_response_fraction()
    share = recovery.nonspecific_share_at(hour, NO_DRUG, "intra-articular", steroid)[0]
    assert share == pytest.approx(saline, abs=0.01)
    for block_relief in (0.5, 0.75, 1.0):
        alone = Patient(baseline_pain=5.5, block_relief=block_relief, steroid=steroid)
        nothing = Patient(baseline_pain=5.5, block_relief=block_relief)
        responder = Patient(baseline_pain=5.5, block_relief=block_relief, steroid=steroid, responder=True)
        relief_alone = recovery.relief(hour, alone)[0]
        assert relief_alone == pytest.approx(recovery.relief(hour, nothing)[0], abs=0.01)
        assert relief_alone < 0.5 * block_relief  # not block-sized: most patients have none
        assert recovery.relief(hour, responder)[0] == pytest.approx(relief_alone, abs=0.01)
    onset_ends_days = recovery.steroid_envelope_days()["onset_days"][1]
    late = np.array([3 * onset_ends_days * H])  # well after the proxy onset: the whole arm
    assert recovery.nonspecific_share_at(late, NO_DRUG, "intra-articular", steroid)[0] == pytest.approx(1.0)
    started = recovery.nonspecific_share_at(GRID, NO_DRUG, "intra-articular", steroid)
    assert np.all(np.diff(started) >= -1e-12)  # relief starts in more patients over time, never fewer
    # the other injections keep their constant share from the injection on
    assert recovery.nonspecific_share_at(late, "lidocaine", "intra-articular", steroid)[0] == 1.0
    assert recovery.nonspecific_share_at(hour, NO_DRUG, "medial branch block", steroid)[0] == saline


def test_steroid_onset_rises_from_zero_to_one_and_refuses_unknown_drugs() -> None:
    steroid = next(s for s in STEROIDS if s != NO_DRUG)
    onset = recovery.steroid_onset(steroid, GRID)
    assert onset[0] == 0.0 and onset[-1] == pytest.approx(1.0)
    assert np.all((onset >= 0) & (onset <= 1)) and np.all(np.diff(onset) >= -1e-12)
    low, high = recovery.steroid_envelope_days()["onset_days"]
    assert recovery.steroid_onset(steroid, np.array([0.5 * low * H]))[0] < 0.1  # before the proxy onset
    assert np.all(recovery.steroid_onset(NO_DRUG, GRID) == 0.0)
    with pytest.raises(ValueError, match="corticosteroid"):
        recovery.steroid_onset("cortisone cream", GRID)


def test_the_hypothetical_steroid_responder_is_drawn_dotted_and_pale() -> None:
    # Review s10 05, finding 8: the hypothetical curve must not dominate the measured-based ones
    from facet_course.lessons.recovery_curves import phases

    fig, update = phases._draw_recovery()
    update(
        anaesthetic="bupivacaine",
        steroid="methylprednisolone acetate",
        injection=recovery.INJECTIONS[0],
        block_relief_percent=75.0,
        flare="no",
    )
    lines = {line.get_label(): line for ax in fig.axes for line in ax.get_lines()}
    responder = lines[phases.RESPONDER_LABEL]
    assert responder.get_linestyle() == ":" and responder.get_alpha() is not None
    assert responder.get_alpha() < 1.0
    others = [ln for label, ln in lines.items() if label.startswith(("model,", "no lasting relief"))]
    assert len(others) == 2 and all(ln.get_alpha() in (None, 1.0) for ln in others)
    assert all(responder.get_linewidth() <= ln.get_linewidth() + 0.5 for ln in others)


def test_patient_talk_points_to_the_aftercare_advice_for_the_day_itself() -> None:
    # Review s10 05, expected but missing 2: escort, driving and numbness on the day are notebook 07's
    from facet_course.lessons import recovery_curves as rv
    from facet_course.models import aftercare

    talk = rv.patient_talk()
    today = next(line for line in talk.splitlines() if line.startswith("- **Today:**"))
    assert "no driving that day" in today and "notebook 07" in today
    assert {"escort", "no_driving", "numb"} <= set(aftercare.advice_table()["id"])
    # expected but missing 4: what radiofrequency denervation achieved is in 07's sourced table
    purpose = next(line for line in talk.splitlines() if line.startswith("- **What it is for:**"))
    assert "notebook 07" in purpose and not aftercare.rf_outcomes().empty


# -- review s12 of 05 ----------------------------------------------------------------------------------------
def _script_tiers() -> dict[str, str]:
    """The script's when-to-call sub-bullets: instruction (lower case) -> the signs listed under it."""
    from facet_course.lessons import recovery_curves as rv

    lines = rv.patient_talk().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("- **When to call"))
    tiers = {}
    for line in lines[start + 1 :]:
        if not line.startswith("  - *"):
            break
        head, _, signs = line[len("  - *") :].partition(":* ")
        tiers[head.lower()] = signs
    return tiers


@pytest.mark.parametrize("region", ["lumbar", "cervical"])
def test_every_sign_of_07s_when_to_call_table_is_in_the_script_with_the_same_action(region: str) -> None:
    # Review s12 of 05 (major 1): the script sent fever with a stiff neck to the clinic, against 07's table
    from facet_course.lessons.recovery_curves.text import when_to_call_tier
    from facet_course.models import aftercare

    tiers = _script_tiers()
    table = aftercare.when_to_call(region)
    assert len(table) >= 5
    for _, row in table.iterrows():
        want = "call the clinic" if row["action"] == "call the clinic" else "go to the emergency department"
        if row["ambulance"]:
            want = f"{aftercare.AMBULANCE} (to the emergency department)"
        assert when_to_call_tier(row["action"], row["ambulance"]) == want
        holding = [tier for tier, signs in tiers.items() if row["sign"] in signs]
        assert holding == [want.lower()], (row["id"], holding)


def test_fever_with_a_stiff_neck_goes_to_the_emergency_department_not_the_clinic() -> None:
    from facet_course.lessons.recovery_curves.text import WHEN_TO_CALL_TIERS, when_to_call_tier
    from facet_course.models import aftercare

    tiers = _script_tiers()
    row = aftercare.when_to_call(None).set_index("id").loc["fever_stiff_neck"]
    assert row["sign"] in tiers["go to the emergency department"]
    assert row["sign"] not in tiers["call the clinic"]
    assert list(tiers) == [t.lower() for t in WHEN_TO_CALL_TIERS]  # most urgent first
    with pytest.raises(ValueError, match="when-to-call actions"):
        when_to_call_tier("wait and see", False)
    with pytest.raises(ValueError, match="ambulance"):
        when_to_call_tier("call the clinic", True)


def test_a_positive_with_relief_shorter_than_the_drug_says_so_in_its_verdict() -> None:
    # Review s12 of 05, minor 6: under an hour of lidocaine relief read plainly "positive"
    from facet_course.lessons.recovery_curves.diaries import (
        SHORT_RELIEF_LABEL,
        reading_rule_examples_table,
        verdict_label,
    )
    from facet_course.models import pain_diary

    table = reading_rule_examples_table().set_index("diary (SYNTHETIC, hand-made)")
    early = table.loc["relief at two entries, ending early"]
    assert early["verdict"] == "positive" + SHORT_RELIEF_LABEL
    assert "perhaps shorter than the drug acts" in early["cautions"]
    # the label and the reader's caution always go together, and only on a positive
    for _, row in table.iterrows():
        labelled = row["verdict"].endswith(SHORT_RELIEF_LABEL)
        assert labelled == ("perhaps shorter than the drug acts" in row["cautions"]), row.name
        assert not labelled or row["verdict"].startswith("positive")
    stopped = table.loc["diary stopped while relief lasted"]  # end unseen: no doubt added
    assert stopped["verdict"] == "positive"
    # the same hand-made diary with relief lasting past the drug's shortest duration reads plainly positive
    hours = np.array([-0.25, 0.25, 0.5, 0.75, 1, 2, 4, 8])
    pain = np.array([8, 8, 2, 2, 2, 2, 2, 8], dtype=float)
    long = pain_diary.analyse_diary(pain_diary.Diary(hours, pain, "long"), "lidocaine", "lumbar")
    assert verdict_label(long) == "positive"
    short = pain_diary.analyse_diary(
        pain_diary.Diary(hours[:5], np.array([8, 8, 2, 2, 8], dtype=float), "short"), "lidocaine", "lumbar"
    )
    assert verdict_label(short) == "positive" + SHORT_RELIEF_LABEL


# -- review s12 of notebook 05, minor findings 3, 6 (intro), 7 and 8 ----------------------------------------
def test_the_steroid_title_says_the_facet_trials_did_not_show_it_and_no_anaesthetic_mbb_is_no_procedure() -> (
    None
):
    from facet_course.lessons import recovery_curves as rv

    explorer = rv.recovery_explorer()
    fig, update = explorer.make_figure()
    defaults = explorer.defaults()
    # review s13 F6: the default frame draws no steroid; once one is chosen the title says it is hypothetical
    assert defaults["steroid"] == NO_DRUG
    steroid = next(c for c in explorer.controls if c.name == "steroid").frames()[1]
    assert steroid != NO_DRUG
    update(**{**defaults, "steroid": steroid})
    title = next(t.get_text() for ax in fig.axes for t in [ax.title] if t.get_text())
    assert "hypothetical" in title and "not shown in facet trials" in title
    readout = update(**{**defaults, "anaesthetic": NO_DRUG, "injection": "medial branch block"})
    assert "NOT A CLINICAL PROCEDURE" in readout
    title = next(t.get_text() for ax in fig.axes for t in [ax.title] if t.get_text())
    assert title.startswith("Not a clinical procedure")
    # into the joint without anaesthetic is a real arm (Barnsley steroid arm, Carette saline): no note
    assert "NOT A CLINICAL PROCEDURE" not in update(**{**defaults, "anaesthetic": NO_DRUG})
    assert "NOT A CLINICAL PROCEDURE" not in update(**{**defaults, "injection": "medial branch block"})


def test_the_what_if_says_it_is_a_different_outcome_in_a_different_region() -> None:
    from facet_course.lessons import recovery_curves as rv

    explorer = rv.survival_explorer()
    _, update = explorer.make_figure()
    carette = round(recovery.carette_extra_responders_percent(), 1)
    readout = update(**{**explorer.defaults(), "extra_responder_percent": carette})
    assert "a different outcome" in readout and "lumbar" in readout and "cervical" in readout
    assert "a different outcome" not in update(**explorer.defaults())


def test_the_reading_rules_give_the_short_relief_verdict_the_reader_gives() -> None:
    from facet_course.lessons import recovery_curves as rv

    rules = rv.reading_rules()
    assert "positive, relief shorter than the drug acts (consider a comparative block)" in rules
    assert "earns a caution only" not in rules and "a thinner diary never reads stronger" not in rules


def test_ropivacaine_is_never_read_as_outlasting_bupivacaine() -> None:
    """Review s12 minor 4: the ranges come from different sources; Fanelli 1998 found shorter analgesia."""
    from facet_course.core import citations
    from facet_course.lessons import recovery_curves as rv

    explorer = rv.recovery_explorer()
    _, update = explorer.make_figure()
    readout = update(**{**explorer.defaults(), "anaesthetic": "ropivacaine"})
    who = citations.author_year(citations.source("ropivacaine_not_longer_than_bupivacaine"))
    assert f"shorter analgesia with ropivacaine ({who})" in readout
    assert "outlasting bupivacaine" not in update(**{**explorer.defaults(), "anaesthetic": "bupivacaine"})


# -- review s13 of notebook 05 (minor findings 1, 3, 5, 6, 7, 8) -------------------------------------------
def test_kennedy_2019_is_compared_steroid_against_saline_with_its_numbers_from_data() -> None:
    from facet_course.lessons import recovery_curves as rv

    ks, kp = recovery.outcome("kennedy2019_rfa_steroid"), recovery.outcome("kennedy2019_rfa_saline")
    assert (ks["value"], kp["value"], ks["n"], kp["n"]) == (67, 68, 24, 22)
    assert (ks["n_randomised"], kp["n_randomised"]) == (29, 27)
    table = rv.steroid_vs_no_steroid_table().set_index("trial")
    row = table.loc[next(t for t in table.index if t.startswith("Kennedy 2019"))]
    assert (row["with steroid"], row["without steroid"]) == (ks["value"], kp["value"])
    assert row["n per arm (analysed)"] == "24 / 22" and row["randomised"] == "29 / 27"
    assert "P = 1.00" in row["difference (as the source reports it)"]
    # every analysed denominator is a whole number of patients, never '48.0'
    assert not any(".0" in n for n in table["n per arm (analysed)"])
    talk = rv.patient_talk()
    weeks = recovery.outcome("kennedy2019_weeks_to_rfa_steroid")["value"]
    assert f"({ks['value']:g}%)" in talk and f"{weeks:.2f} vs" in talk and "Kennedy 2019" in talk
    assert "Kennedy 2018" in talk
    assert "Kennedy 2019" in rv.misconceptions()


def test_prolonged_relief_after_lidocaine_raises_suspicion_in_the_misconception_and_self_check() -> None:
    from facet_course.lessons import recovery_curves as rv

    row = recovery.outcome("holz2016_lidocaine_complete_8h")
    assert row["region"] == "cervical" and row["unit"] == "hours"
    clue = f"complete relief lasting more than {row['value']:g} hours after lidocaine"
    assert clue in rv.misconceptions() and "strong placebo response" in rv.misconceptions()
    question = next(q for q in rv.self_check_questions() if "lidocaine block" in q.prompt)
    assert clue in question.explanation
    assert "raises the suspicion" in question.options[question.answer]


def test_the_flare_after_a_medial_branch_block_is_said_to_be_borrowed() -> None:
    from facet_course.lessons import recovery_curves as rv

    explorer = rv.recovery_explorer()
    _, update = explorer.make_figure()
    defaults = explorer.defaults()
    flare = recovery.outcome("plastaras_pain_exacerbation")
    mbb = update(**{**defaults, "flare": "yes", "injection": "medial branch block"})
    assert f"flare rate ({flare['value']:g}%) was counted after intra-articular injections" in mbb
    assert "counted after intra-articular" not in update(**{**defaults, "flare": "yes"})
    assert "counted after intra-articular" not in update(**{**defaults, "injection": "medial branch block"})


def test_the_default_recovery_frame_draws_no_steroid_responder() -> None:
    from facet_course.lessons import recovery_curves as rv

    explorer = rv.recovery_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    assert "hypothetical steroid responder" not in readout
    labels = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert not any("HYPOTHETICAL steroid responder" in label for label in labels)
    assert "choose a corticosteroid" in explorer.question.lower()
    _, alt = rv.recovery_figure()
    assert "No corticosteroid is drawn by default" in alt


def test_the_80_percent_figure_in_a_diary_summary_is_explained_and_never_zero_hours() -> None:
    from facet_course.lessons import recovery_curves as rv

    summaries = " ".join(rv.diary_summaries().split())  # the summaries are wrapped for print
    assert "(>=80% for" not in summaries and "0.0 h)" not in summaries
    assert summaries.count("for information only, not a criterion here: relief >=80%") >= 2
    assert "not reached in any entry" in summaries


def test_a_positive_block_on_a_week_old_baseline_says_so_in_its_verdict() -> None:
    from facet_course.lessons import recovery_curves as rv
    from facet_course.lessons.recovery_curves import diaries

    table = rv.reading_rule_examples_table().set_index("diary (SYNTHETIC, hand-made)")
    assert (
        table.loc["only score a week before the block", "verdict"] == "positive" + diaries.OLD_BASELINE_LABEL
    )
    # a same-day baseline keeps the plain verdict, and a negative one is not qualified
    assert table.loc["week-old score before the block", "verdict"] == "negative"
    assert not any(diaries.OLD_BASELINE_LABEL in v for v in rv.diary_results_table()["verdict"])
