"""Radiation calculator: measured operator doses (ranges, scaled by time only), the eye-lens counts from
measured doses only, relative factors (distance, collimation, mode, apron, magnification), the guard against
reading an impossible figure as an entrance air kerma, bad input."""

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
def test_scatter_factor_falls_with_the_square_of_distance(d):
    near = radiation.estimate_dose(30, operator_distance_m=d)
    far = radiation.estimate_dose(30, operator_distance_m=min(2 * d, 10.0))
    ratio = near.scatter_factor / far.scatter_factor
    assert ratio == pytest.approx((min(2 * d, 10.0) / d) ** 2, rel=1e-9)
    assert near.skin_rate_factor == far.skin_rate_factor  # the patient does not care where you stand
    assert near.eye_level_usv == far.eye_level_usv  # measured series report no distance


def test_reference_set_up_has_every_factor_one():
    r = radiation.estimate_dose(46, **{k: v for k, v in radiation.REFERENCE_SETUP.items()}, apron="none")
    assert (r.scatter_factor, r.body_factor, r.skin_rate_factor, r.dap_factor) == (1.0, 1.0, 1.0, 1.0)


def test_guard_refuses_a_figure_implying_more_than_the_normal_mode_rate_limit():
    value, unit, source = radiation.normal_mode_rate_limit()
    assert unit == "R per minute" and data.reference(source)
    limit = radiation.normal_mode_limit_mgy_per_min()
    assert limit == pytest.approx(value * radiation.factor("air_kerma_per_roentgen"))
    assert 85 < limit < 90  # 10 R/min is about 88 mGy/min of air kerma
    # the C-arm's reported figure for an oblique medial branch block: 109 mGy in 46 s -> 142 mGy/min
    reported, reported_unit, seconds = radiation.reported_figure("oblique")
    assert reported_unit == "mGy"
    with pytest.raises(ValueError, match="normal-mode fluoroscopy limit"):
        radiation.check_entrance_rate(reported, seconds)
    assert radiation.reported_rate_mgy_per_min() > limit
    # a plausible entrance air kerma passes and returns its rate in mGy per minute
    assert radiation.check_entrance_rate(10.0, 60.0) == pytest.approx(10.0)
    for bad in ((math.nan, 46), (5, 0), (-1, 46)):
        with pytest.raises(ValueError):
            radiation.check_entrance_rate(*bad)


def test_nothing_is_built_on_the_reported_figure_as_a_patient_dose():
    for name in ("reference_dose_rate_mgy_per_s", "reference_source_skin_mm"):
        assert not hasattr(radiation, name)
    r = radiation.estimate_dose(46)
    assert not hasattr(r, "patient_mgy") and "mGy" not in r.summary()
    with pytest.raises(ValueError):
        radiation.factor("scatter_fraction_1m")  # the 0.1 % rule on an unknown quantity is gone


def test_eye_counts_come_from_measured_eye_level_doses_only_and_are_a_range():
    seconds = radiation.technique_time_s("oblique")
    limit_usv = 1000 * radiation.annual_limit_msv("equivalent dose to the lens")
    rates = [s.rate_usv_per_s for s in radiation.series_at("at eye level")]
    low, high = radiation.procedures_to_eye_limit("at eye level", seconds)
    assert low == pytest.approx(limit_usv / (max(rates) * seconds))
    assert high == pytest.approx(limit_usv / (min(rates) * seconds))
    assert low < high
    # no set-up changes a measured count (they report no set-up)
    near = radiation.estimate_dose(seconds, 0.25, 1.0, "magnified 2", "none", "continuous")
    far = radiation.estimate_dose(seconds, 2.0, 0.25, "full field", "0.5 mm lead", "pulsed + low dose")
    assert near.eye_limit_procedures == far.eye_limit_procedures == (low, high)
    assert radiation.count_range_text((low, high)) == "about 220 to 1,600"


def test_relative_factors_mode_collimation_magnification_apron():
    ref = radiation.estimate_dose(40)
    half = radiation.estimate_dose(40, field_area_fraction=0.5)
    assert half.scatter_factor == pytest.approx(ref.scatter_factor / 2)
    assert half.dap_factor == pytest.approx(0.5) and half.skin_rate_factor == ref.skin_rate_factor
    mag = radiation.estimate_dose(40, field_mode="magnified 1")
    ratio = radiation.factor("image_intensifier_full_cm") / radiation.factor("image_intensifier_mag1_cm")
    assert mag.skin_rate_factor == pytest.approx(ratio**2)
    assert mag.scatter_factor == pytest.approx(ref.scatter_factor)
    low = radiation.estimate_dose(40, mode="pulsed + low dose")
    k = 1 - radiation.factor("mode_reduction_pulsed_low_dose")
    assert low.scatter_factor == pytest.approx(k) and low.skin_rate_factor == pytest.approx(k)
    bare = radiation.estimate_dose(40, apron="none")
    assert ref.body_factor == pytest.approx(radiation.factor("apron_transmission_0.5mm"))
    assert bare.body_factor == 1.0 and any("no apron" in f for f in bare.flags)
    # the IF figures are the measured ranges times the factors
    assert half.eye_level_if_reference_usv == pytest.approx(tuple(v / 2 for v in ref.eye_level_usv))


def test_mode_reduction_table_reproduces_the_data():
    table = radiation.dose_reduction_factors().set_index("mode")
    assert table.loc["continuous", "dose relative to continuous"] == 1.0
    assert table.loc["pulsed", "reduction (%)"] == round(100 * radiation.factor("mode_reduction_pulsed"))


def test_patient_dose_area_product_is_measured_per_procedure():
    oblique, unit, source = radiation.dose_area_product("oblique")
    ap = radiation.dose_area_product("AP")[0]
    assert oblique > ap > 0 and "cm²" in unit and data.reference(source)
    with pytest.raises(ValueError):
        radiation.dose_area_product("lateral")


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"fluoro_time_s": 0}, "fluoro_time_s"),
        ({"fluoro_time_s": -5}, "fluoro_time_s"),
        ({"fluoro_time_s": 7200}, "fluoro_time_s"),
        ({"fluoro_time_s": math.nan}, "fluoro_time_s"),
        ({"fluoro_time_s": 30, "operator_distance_m": 0.01}, "inside the beam"),
        ({"fluoro_time_s": 30, "field_area_fraction": 1.5}, "field_area_fraction"),
        ({"fluoro_time_s": 30, "apron": "tin foil"}, "apron"),
        ({"fluoro_time_s": 30, "field_mode": "zoom"}, "field"),
        ({"fluoro_time_s": 30, "mode": "turbo"}, "mode"),
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
        assert result.scatter_factor > 0 and min(result.inside_apron_usv) >= 0


def test_limits_show_both_authorities_and_the_eye_limit():
    table = radiation.limits_table()
    assert set(table["authority"]) == {"ICRP", "US 10 CFR 20"}
    assert radiation.annual_limit_msv("equivalent dose to the lens") < radiation.annual_limit_msv(
        "lens dose equivalent", "US 10 CFR 20"
    )  # the two authorities disagree; both are shown


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


def test_measured_ranges_span_every_series_of_a_badge_and_scale_with_time_only():
    for where in ("at eye level", "outside the apron", "inside the apron"):
        rates = [s.rate_usv_per_s for s in radiation.series_at(where)]
        assert radiation.measured_range_usv(where, 46) == pytest.approx((46 * min(rates), 46 * max(rates)))
    one, two = radiation.estimate_dose(20), radiation.estimate_dose(40, 2.0, 0.25)
    assert two.outside_apron_usv == pytest.approx(tuple(2 * v for v in one.outside_apron_usv))
    text = radiation.estimate_dose(46).summary()
    assert text.index("MEASURED") < text.index("RELATIVE") < text.index("IF the measured")
    assert "glasses" in text and "not the eyes" in text  # every readout names the dosimeter


def test_icrp_eye_limit_equals_the_whole_body_limit_and_was_cut():
    table = data.load_table("radiation_limits")
    eye = table[table["quantity"].str.startswith("equivalent dose to the lens")].iloc[0]
    assert radiation.annual_limit_msv("equivalent dose to the lens") == radiation.annual_limit_msv(
        "effective dose"
    )  # not 'the lowest limit'
    assert eye["previous_limit_msv_per_year"] > eye["limit_msv_per_year"]


def test_a_magnified_field_is_flagged_with_its_skin_dose_factor() -> None:
    # Sixth review of 03 (m5): magnification raised the skin dose rate with no caution beside it.
    full = radiation.estimate_dose(46)
    assert not any("magnified" in f for f in full.flags)
    magnified = radiation.estimate_dose(46, field_mode="magnified 1")
    factor = radiation.magnification_factor("magnified 1")
    assert factor > 1
    assert any(f"x{factor:.1f}" in f and "collimate instead" in f for f in magnified.flags)


def test_lead_free_aprons_of_the_same_stated_thickness_pass_more_scatter() -> None:
    # Sixth review of 03 (m10): the 0.5 mm figure was lead-based only (Syh 2014 measured both).
    lead = radiation.factor("apron_transmission_0.5mm")
    lead_free = radiation.factor("apron_transmission_0.5mm_lead_free")
    assert lead < lead_free < 0.15
