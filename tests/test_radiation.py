"""Radiation calculator: inverse square law, time, modes (relative only), collimation, magnification,
shielding, the measured operator doses behind the headline eye count and the model estimate beside them
(neither a bound on the other), bad input."""

from __future__ import annotations

import math

import pytest
from facet_course.core import data
from facet_course.models import radiation
from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=100)
@given(dose=st.floats(0.0, 1e6), d=st.floats(0.01, 100.0), k=st.floats(0.1, 10.0))
def test_inverse_square_law(dose, d, k):
    at_d = radiation.inverse_square(dose, 1.0, d)
    assert radiation.inverse_square(dose, 1.0, d * k) == pytest.approx(at_d / k**2, rel=1e-9, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(d=st.floats(0.1, 5.0))
def test_operator_dose_falls_with_the_square_of_distance(d):
    near = radiation.estimate_dose(30, operator_distance_m=d)
    far = radiation.estimate_dose(30, operator_distance_m=min(2 * d, 10.0))
    ratio = near.operator_outside_apron_model_usv / far.operator_outside_apron_model_usv
    assert ratio == pytest.approx((min(2 * d, 10.0) / d) ** 2, rel=1e-9)
    assert near.patient_mgy == far.patient_mgy  # the patient does not care where you stand


def test_dose_is_proportional_to_time_and_reference_rate_comes_from_data():
    table = data.load_table("radiation_procedures")
    row = table[table["technique"].str.startswith("oblique")].iloc[0]
    one = radiation.estimate_dose(row["fluoro_time_s"])
    assert one.patient_mgy == pytest.approx(row["dose_value"])  # the measured series is reproduced
    two = radiation.estimate_dose(2 * row["fluoro_time_s"])
    assert two.patient_mgy == pytest.approx(2 * one.patient_mgy)


def test_mode_reductions_are_relative_factors_never_applied_to_the_reported_series():
    # the reported series' mode is not stated: applying a reduction could count it twice
    table = radiation.dose_reduction_factors().set_index("mode")
    assert table.loc["continuous", "dose relative to continuous"] == 1.0
    assert table.loc["pulsed", "reduction (%)"] == round(100 * radiation.factor("mode_reduction_pulsed"))
    assert table.loc["pulsed + low dose", "reduction (%)"] == round(
        100 * radiation.factor("mode_reduction_pulsed_low_dose")
    )
    with pytest.raises(TypeError):
        radiation.estimate_dose(40, mode="pulsed")  # type: ignore[call-arg]


def test_reported_patient_dose_is_labelled_as_reported_not_as_a_continuous_entrance_dose():
    table = data.load_table("radiation_procedures")
    row = table[table["technique"].str.startswith("oblique")].iloc[0]
    assert "reported by the C-arm" in row["dose_quantity"] and "mode" in row["dose_quantity"]
    assert "not stated" in row["dose_quantity"] or "neither" in row["dose_quantity"]
    value, unit, source = radiation.normal_mode_rate_limit()
    assert value > 0 and "per minute" in unit and data.reference(source)
    assert "entrance dose" not in radiation.estimate_dose(46).summary()


def test_collimation_halves_scatter_but_not_the_skin_dose_inside_the_field():
    full = radiation.estimate_dose(40, field_area_fraction=1.0)
    half = radiation.estimate_dose(40, field_area_fraction=0.5)
    assert half.operator_outside_apron_model_usv == pytest.approx(full.operator_outside_apron_model_usv / 2)
    assert half.patient_mgy == pytest.approx(full.patient_mgy)


def test_magnification_raises_skin_dose_by_the_diameter_ratio_squared_and_scatter_stays():
    full = radiation.estimate_dose(40, field_mode="full field")
    mag = radiation.estimate_dose(40, field_mode="magnified 1")
    ratio = radiation.factor("image_intensifier_full_cm") / radiation.factor("image_intensifier_mag1_cm")
    assert mag.patient_mgy == pytest.approx(full.patient_mgy * ratio**2)
    assert mag.operator_outside_apron_model_usv == pytest.approx(full.operator_outside_apron_model_usv)


def test_apron_transmission_and_patient_inverse_square():
    bare = radiation.estimate_dose(40, apron="none")
    lead = radiation.estimate_dose(40, apron="0.5 mm lead")
    assert lead.operator_under_apron_usv == pytest.approx(
        bare.operator_under_apron_usv * radiation.factor("apron_transmission_0.5mm")
    )
    assert any("no apron" in f for f in bare.flags)
    # without an apron the body receives the outside-apron dose, and the readout says so
    assert bare.operator_under_apron_usv == bare.operator_outside_apron_measured_usv
    assert bare.operator_under_apron_model_usv == bare.operator_outside_apron_model_usv
    assert "NO APRON" in bare.summary() and "under the none" not in bare.summary()
    near = radiation.estimate_dose(40, source_skin_mm=400)
    far = radiation.estimate_dose(40, source_skin_mm=800)
    assert near.patient_mgy == pytest.approx(4 * far.patient_mgy)


def test_patient_dose_of_unknown_quantity_is_never_compared_with_a_skin_injury_threshold():
    # the reported figure's quantity is unknown, so no skin-threshold flag, however long the beam is on
    threshold = radiation.factor("skin_erythema_threshold")
    seconds = 1.2 * threshold / radiation.reference_dose_rate_mgy_per_s()
    result = radiation.estimate_dose(min(seconds, radiation.MAX_TIME_S), field_mode="magnified 2")
    assert result.patient_mgy > threshold
    assert not any("UNSAFE" in f or "skin" in f for f in result.flags)
    assert "not comparable with a skin-injury threshold" in result.summary()


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"fluoro_time_s": 0}, "fluoro_time_s"),
        ({"fluoro_time_s": -5}, "fluoro_time_s"),
        ({"fluoro_time_s": 7200}, "fluoro_time_s"),
        ({"fluoro_time_s": math.nan}, "fluoro_time_s"),
        ({"fluoro_time_s": 30, "operator_distance_m": 0.01}, "inside the beam"),
        ({"fluoro_time_s": 30, "field_area_fraction": 1.5}, "field_area_fraction"),
        ({"fluoro_time_s": 30, "source_skin_mm": 200}, "at least 300 mm"),
        ({"fluoro_time_s": 30, "apron": "tin foil"}, "apron"),
        ({"fluoro_time_s": 30, "field_mode": "zoom"}, "field"),
    ],
)
def test_impossible_input_gets_a_clear_message(kwargs, word):
    with pytest.raises(ValueError, match=word):
        radiation.estimate_dose(**kwargs)


@settings(max_examples=150, deadline=None)
@given(
    t=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10, 10_000)),
    d=st.floats(allow_nan=True, allow_infinity=True),
    area=st.floats(-1, 3),
)
def test_never_an_unhandled_error_or_a_negative_dose(t, d, area):
    try:
        result = radiation.estimate_dose(t, operator_distance_m=d, field_area_fraction=area)
    except ValueError as error:
        assert "outside the allowed range" in str(error) or "must be a number" in str(error)
    else:
        assert 0 < t <= radiation.MAX_TIME_S and 0.1 <= d <= 10 and 0.05 <= area <= 1
        assert result.patient_mgy > 0 and result.operator_under_apron_usv >= 0


def test_limits_show_both_authorities_and_the_eye_limit():
    table = radiation.limits_table()
    assert set(table["authority"]) == {"ICRP", "US NRC"}
    assert radiation.annual_limit_msv("equivalent dose to the lens") < radiation.annual_limit_msv(
        "lens dose equivalent", "US NRC"
    )  # the two authorities disagree; both are shown


def test_measured_operator_dose_reproduces_the_measured_series_and_scales_with_time_only():
    table = data.load_table("radiation_procedures")
    row = table[table["dose_quantity"].fillna("").str.contains("outside the lead apron")].iloc[0]
    per_procedure_usv = 1000 * row["dose_value"]  # mSv -> µSv
    same_time = radiation.estimate_dose(row["fluoro_time_s"])
    assert same_time.operator_outside_apron_measured_usv == pytest.approx(per_procedure_usv)
    assert radiation.measured_operator_source() == row["source_id"]
    assert radiation.measured_operator_procedures() == row["n"]
    # distance, mode and collimation were not reported in that series, so they do not change it
    for kwargs in ({"operator_distance_m": 2.0}, {"field_mode": "magnified 1"}, {"field_area_fraction": 0.5}):
        other = radiation.estimate_dose(row["fluoro_time_s"], **kwargs)
        assert other.operator_outside_apron_measured_usv == pytest.approx(per_procedure_usv)
    double = radiation.estimate_dose(2 * row["fluoro_time_s"])
    assert double.operator_outside_apron_measured_usv == pytest.approx(2 * per_procedure_usv)


@settings(max_examples=120, deadline=None)
@given(
    t=st.floats(1.0, 600.0),
    d=st.floats(0.1, 10.0),
    area=st.floats(0.05, 1.0),
    field_mode=st.sampled_from(radiation.FIELDS),
    apron=st.sampled_from(radiation.APRONS),
)
def test_headline_eye_count_rests_on_the_largest_measured_rate_and_the_model_count_stands_beside_it(
    t, d, area, field_mode, apron
):
    r = radiation.estimate_dose(t, d, area, field_mode, apron)
    series = radiation.measured_operator_series()
    largest = max(s.rate_usv_per_s for s in series)
    eye_limit_usv = 1000 * radiation.annual_limit_msv("equivalent dose to the lens")
    assert r.operator_eye_measured_usv == pytest.approx(largest * t)
    # the headline never comes from the smaller measured rate, and never from the model
    assert r.procedures_to_eye_limit == pytest.approx(eye_limit_usv / (largest * t))
    for s in series:
        assert r.procedures_to_eye_limit <= eye_limit_usv / (s.rate_usv_per_s * t) + 1e-9
    assert r.procedures_to_eye_limit_model == pytest.approx(
        eye_limit_usv / r.operator_outside_apron_model_usv
    )
    # the measured series report no set-up: only the time changes the headline
    assert r.procedures_to_eye_limit == pytest.approx(radiation.estimate_dose(t).procedures_to_eye_limit)
    assert r.eye_source_id == radiation.headline_eye_series().source_id


def test_measured_operator_series_reproduce_their_rows_and_say_where_the_dosimeter_was():
    table = data.load_table("radiation_procedures")
    series = radiation.measured_operator_series()
    eye_rows = table[table["dose_quantity"].fillna("").str.startswith(radiation.EYE_LEVEL_PREFIX)]
    assert len(eye_rows) >= 1 and sum(s.where == "at eye level" for s in series) == len(eye_rows)
    for s in series:
        row = table[
            (table["source_id"] == s.source_id)
            & (table["procedure"] == s.procedure)
            & table["technique"].str.startswith(s.badge + ",")
        ].iloc[0]
        assert s.dose_per_procedure_usv == pytest.approx(1000 * row["dose_value"])  # mSv -> µSv
        assert s.fluoro_time_s == row["fluoro_time_s"] and s.n == row["n"]
        assert data.reference(s.source_id)
    outside = [s for s in series if s.where == "outside the apron"]
    largest = max(outside, key=lambda s: s.n)
    assert largest.source_id == radiation.measured_operator_source()
    assert largest.n == radiation.measured_operator_procedures()


def test_every_badge_outside_the_apron_or_at_eye_level_feeds_the_headline_and_inside_doses_are_shown():
    table = data.load_table("radiation_procedures")
    quantity = table["dose_quantity"].fillna("")
    n_outside = quantity.str.startswith(radiation.OUTSIDE_APRON_PREFIX).sum()
    n_eye = quantity.str.startswith(radiation.EYE_LEVEL_PREFIX).sum()
    assert len(radiation.measured_operator_series()) == n_outside + n_eye
    # the headline rate is the largest of them; the readout shows the largest dose measured inside an apron
    seconds = radiation.technique_time_s("oblique")
    r = radiation.estimate_dose(seconds)
    inside = radiation.inside_apron_series()
    assert len(inside) == quantity.str.startswith(radiation.INSIDE_APRON_PREFIX).sum()
    largest_inside = max(s.rate_usv_per_s for s in inside)
    assert largest_inside > 0
    assert r.operator_inside_apron_measured_usv == pytest.approx(largest_inside * seconds)
    assert "recorded no dose inside" not in r.summary()


def test_the_model_estimate_falls_below_the_measured_dose_in_some_set_ups_so_it_is_no_bound():
    seconds = 46
    near = radiation.estimate_dose(seconds, 0.5)
    far = radiation.estimate_dose(seconds, 1.5, 0.5)
    assert near.operator_outside_apron_model_usv > near.operator_eye_measured_usv
    assert far.operator_outside_apron_model_usv < far.operator_outside_apron_measured_usv
    # the model's count moves with the set-up; the measured headline does not
    assert (
        near.procedures_to_eye_limit_model < near.procedures_to_eye_limit < far.procedures_to_eye_limit_model
    )
    assert near.procedures_to_eye_limit == far.procedures_to_eye_limit


def test_readouts_never_call_a_figure_a_bound_and_put_the_measured_headline_first():
    for r in (radiation.estimate_dose(46), radiation.estimate_dose(46, 1.5, 0.5)):
        text = r.summary()
        assert "bound" not in text.lower() and "at least" not in text and "larger of the two" not in text
        assert "model estimate" in text and "measured" in text
        (eyes,) = [line for line in text.splitlines() if line.startswith("eye-lens")]
        assert eyes.index("not measured") < eyes.index("procedures")
        assert f"{round(r.procedures_to_eye_limit):,} such procedures" in eyes
        (model,) = [line for line in text.splitlines() if line.startswith("model estimate")]
        assert f"{round(r.procedures_to_eye_limit_model):,} procedures" in model
        assert "not stated" in model  # the input the model rests on
        assert text.index("eye-lens") < text.index("model estimate beside it")


def test_icrp_eye_limit_equals_the_whole_body_limit_and_was_cut():
    table = data.load_table("radiation_limits")
    eye = table[table["quantity"].str.startswith("equivalent dose to the lens")].iloc[0]
    assert radiation.annual_limit_msv("equivalent dose to the lens") == radiation.annual_limit_msv(
        "effective dose"
    )  # not 'the lowest limit'
    assert eye["previous_limit_msv_per_year"] > eye["limit_msv_per_year"]
