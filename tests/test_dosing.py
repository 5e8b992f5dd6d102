"""The dose and volume checker: arithmetic, verdicts against sourced limits, refusal of impossible input."""

from __future__ import annotations

import math

import pytest
from facet_course import data, dosing
from facet_course import pharmacology as ph
from hypothesis import given, settings
from hypothesis import strategies as st

TARGETS = dosing.targets()
DRUGS = ph.local_anaesthetics()


def limits_table():
    return data.load_table("local_anaesthetics_max_doses")


def test_total_dose_is_concentration_times_volume_times_sites() -> None:
    check = dosing.check_injection(70, "bupivacaine", 0.5, 0.5, 6, "lumbar_medial_branch")
    assert check.total_volume_ml == pytest.approx(3.0)
    assert check.total_mg == pytest.approx(5.0 * 3.0)  # 0.5% = 5 mg/mL
    assert check.fraction_of_strictest_max == pytest.approx(check.total_mg / check.strictest_limit.limit_mg)


def test_weight_based_and_ceiling_limits_follow_the_table() -> None:
    rows = limits_table()
    label = rows[rows["id"] == "lido_plain_us_label"].iloc[0]
    # light patient: the mg/kg maximum binds; heavy patient: the ceiling binds
    light = dosing.dose_limits("lidocaine", 40, adrenaline=False)
    heavy = dosing.dose_limits("lidocaine", 120, adrenaline=False)
    light_label = [lim for lim in light if lim.source_id == label["source_id"]]
    heavy_label = [lim for lim in heavy if lim.source_id == label["source_id"]]
    assert light_label[0].limit_mg == pytest.approx(label["max_mg_per_kg"] * 40)
    assert heavy_label[0].limit_mg == pytest.approx(label["max_total_mg"])
    assert len(light) == len(rows[(rows["drug"] == "lidocaine") & (~rows["adrenaline"])])


def test_between_the_sources_is_caution_and_above_all_of_them_is_unsafe() -> None:
    limits = dosing.dose_limits("lidocaine", 70)
    strict = min(lim.limit_mg for lim in limits)
    loose = max(lim.limit_mg for lim in limits)
    assert strict < loose  # the sources disagree for plain lidocaine
    per_ml = ph.percent_to_mg_per_ml(1)
    n_sites = 4

    def verdict_for(total_mg: float) -> str:
        volume = total_mg / per_ml / n_sites
        return (
            dosing.check_injection(70, "lidocaine", 1, volume, n_sites, "lumbar_medial_branch")
            .reasons[0]
            .level
        )

    assert verdict_for(strict * 0.9) == "fine"
    assert verdict_for((strict + loose) / 2) == "caution"
    assert verdict_for(loose * 1.1) == "unsafe"


def test_volume_over_the_joint_capacity_is_unsafe_with_its_source() -> None:
    caution, unsafe = dosing.volume_limits("lumbar_intra_articular")
    assert unsafe is not None
    check = dosing.check_injection(70, "lidocaine", 1, unsafe[0] + 0.5, 1, "lumbar_intra_articular")
    assert check.verdict == "unsafe"
    volume_reason = check.reasons[-1]
    assert volume_reason.level == "unsafe" and volume_reason.source_id == unsafe[2]
    ok = dosing.check_injection(70, "lidocaine", 1, unsafe[0], 1, "lumbar_intra_articular")
    assert ok.verdict == "fine"


def test_medial_branch_volume_above_the_low_volume_studied_is_caution() -> None:
    caution, unsafe = dosing.volume_limits("cervical_medial_branch")
    assert caution is not None
    check = dosing.check_injection(70, "bupivacaine", 0.5, caution[0] * 2, 1, "cervical_medial_branch")
    assert check.verdict == "caution"


def test_summary_names_every_reason_and_its_source() -> None:
    check = dosing.check_injection(50, "lidocaine", 2, 10, 2, "lumbar_intra_articular")
    text = check.summary()
    assert "UNSAFE" in text
    for reason in check.reasons:
        assert reason.citation() in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight_kg": -70}, "kg"),
        ({"weight_kg": 0}, "kg"),
        ({"weight_kg": 900}, "kg"),
        ({"weight_kg": math.nan}, "finite"),
        ({"drug": "cocaine"}, "known:"),
        ({"concentration_percent": 0}, "above 0"),
        ({"concentration_percent": 10}, "strongest marketed"),
        ({"volume_ml": 0}, "above 0"),
        ({"volume_ml": -1}, "above 0"),
        ({"n_sites": 0}, "between 1"),
        ({"n_sites": 2.5}, "whole number"),
        ({"target": "knee"}, "known:"),
        ({"drug": "ropivacaine", "concentration_percent": 0.5, "adrenaline": True}, "not marketed"),
        ({"adrenaline": "yes"}, "True or False"),
    ],
)
def test_impossible_input_is_refused_with_a_clear_message(change: dict, message: str) -> None:
    args = {
        "weight_kg": 70,
        "drug": "lidocaine",
        "concentration_percent": 1,
        "volume_ml": 0.5,
        "n_sites": 2,
        "target": "lumbar_medial_branch",
    }
    args.update(change)
    with pytest.raises(ValueError, match=message):
        dosing.check_injection(**args)


def test_max_volume_is_the_strictest_limit_divided_by_the_concentration() -> None:
    strict = min(lim.limit_mg for lim in dosing.dose_limits("bupivacaine", 60))
    assert dosing.max_volume_ml("bupivacaine", 0.25, 60) == pytest.approx(strict / 2.5)


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-1000, max_value=1000),
)


@settings(max_examples=400, deadline=None)
@given(
    weight=numbers,
    drug=st.one_of(st.sampled_from(DRUGS), st.text(max_size=8)),
    concentration=numbers,
    volume=numbers,
    n_sites=st.one_of(st.integers(min_value=-5, max_value=40), st.floats(allow_nan=True)),
    target=st.one_of(st.sampled_from(TARGETS), st.text(max_size=8)),
    adrenaline=st.booleans(),
)
def test_never_an_unhandled_exception(
    weight, drug, concentration, volume, n_sites, target, adrenaline
) -> None:
    try:
        check = dosing.check_injection(weight, drug, concentration, volume, n_sites, target, adrenaline)
    except ValueError as error:
        assert str(error).strip()
        return
    assert check.verdict in dosing.VERDICTS
    assert check.reasons


@settings(max_examples=400, deadline=None)
@given(
    weight=st.floats(min_value=30, max_value=250),
    drug=st.sampled_from(DRUGS),
    fraction=st.floats(min_value=0.001, max_value=1.0),
    volume=st.floats(min_value=0.01, max_value=20),
    n_sites=st.integers(min_value=1, max_value=16),
    target=st.sampled_from(TARGETS),
    adrenaline=st.booleans(),
)
def test_never_fine_above_a_maximum(weight, drug, fraction, volume, n_sites, target, adrenaline) -> None:
    highest = float(ph.local_anaesthetic_info(drug)["highest_strength_percent"])
    concentration = highest * fraction
    try:
        check = dosing.check_injection(weight, drug, concentration, volume, n_sites, target, adrenaline)
    except ValueError:
        assert adrenaline and not bool(ph.local_anaesthetic_info(drug)["adrenaline_marketed"])
        return
    limits = dosing.dose_limits(drug, weight, adrenaline)
    over_a_dose_max = any(check.total_mg > lim.limit_mg for lim in limits)
    over_all_dose_max = all(check.total_mg > lim.limit_mg for lim in limits)
    caution, unsafe = dosing.volume_limits(target)
    over_volume = (caution is not None and volume > caution[0]) or (unsafe is not None and volume > unsafe[0])
    if over_a_dose_max or over_volume:
        assert check.verdict != "fine"
    if over_all_dose_max or (unsafe is not None and volume > unsafe[0]):
        assert check.verdict == "unsafe"
    if not over_a_dose_max and not over_volume:
        assert check.verdict == "fine"
