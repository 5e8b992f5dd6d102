"""Notebook 06's models: complication rates with their own denominators, the anticoagulant planner, LAST."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from facet_course import safety
from facet_course.core import citations, data
from facet_course.models import anticoagulants as ac
from facet_course.models import complications as comp
from facet_course.models import contrast, recovery
from facet_course.models import last as last_model
from facet_course.models import pharmacology as ph
from hypothesis import given, settings
from hypothesis import strategies as st

# -- complication rates -------------------------------------------------------------------------------------


def test_per_1000_is_the_same_denominator_times_ten() -> None:
    assert comp.per_1000(5.1) == pytest.approx(51.0)
    assert comp.per_1000(0) == 0
    assert comp.per_1000(100) == 1000


@pytest.mark.parametrize("bad", [-0.1, 100.1, math.nan, "5", True, None])
def test_per_1000_refuses_what_is_not_a_percentage(bad: object) -> None:
    with pytest.raises(ValueError, match="rate_percent"):
        comp.per_1000(bad)  # type: ignore[arg-type]


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
@settings(max_examples=60, deadline=None)
def test_icons_never_exceed_the_array_and_grow_with_the_rate(p: float) -> None:
    filled = comp.icons_filled(p)
    assert 0 <= filled <= comp.PER
    assert comp.icons_filled(min(100.0, p + 1)) >= filled


def test_every_row_is_a_rate_or_says_why_not() -> None:
    frame = comp.complication_table()
    rated = frame["evidence"] == "rate"
    assert frame.loc[rated, "rate_percent"].notna().all()
    assert frame.loc[~rated, "rate_percent"].isna().all()  # no invented rate for case reports or surveys
    for r in comp.rates_without_rate():
        assert r.rate_percent is None and r.text().startswith("no rate")


def test_counts_agree_with_the_rate_where_both_are_given() -> None:
    for r in comp.all_rates():
        if r.rate_percent is not None and r.events is not None and r.denominator is not None:
            assert 100 * r.events / r.denominator == pytest.approx(r.rate_percent, abs=0.06), r.key


def test_radiofrequency_rates_stay_per_lesion_site() -> None:
    (minor,) = [r for r in comp.rates_for("lumbar radiofrequency denervation") if r.key == "rf_minor"]
    assert minor.unit == "lesion sites"
    assert minor.text() == "10 per 1,000 lesion sites (1%)"
    assert minor.count_text() == "6 of 616 lesion sites"


def test_borrowed_rates_come_from_their_own_models_not_copies() -> None:
    ia = comp.rates_for("intra-articular injection (lumbar and cervical)")
    vasovagal = next(r for r in ia if r.key == "plastaras_vasovagal")
    assert vasovagal.rate_percent == recovery.outcome("plastaras_vasovagal")["value"]
    assert vasovagal.notebook == "05" and vasovagal.unit == "procedures"
    lumbar = comp.rates_for("lumbar medial branch block")[0]
    first = contrast.counted_series().iloc[0]
    assert lumbar.rate_percent == first["intravascular_percent"] and lumbar.notebook == "03"
    assert lumbar.events == first["intravascular_n"] and lumbar.denominator == first["injections"]


def test_unknown_scenario_and_rate_are_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="lumbar medial branch block"):
        comp.rates_for("knee injection")
    with pytest.raises(ValueError, match="vasovagal_mbb"):
        comp.rate("no_such_rate")


def test_small_rates_print_without_rounding_to_zero() -> None:
    assert comp.rate("last_nerve_block").text() == "0.27 per 1,000 peripheral nerve blocks (0.027%)"


# -- anticoagulant planner ----------------------------------------------------------------------------------


def test_every_plan_names_the_prescriber() -> None:
    for drug in ac.drugs():
        for procedure in ac.PROCEDURES:
            for region in ac.REGIONS:
                p = ac.plan(drug, procedure, region)
                assert p.lines()[-1] == ac.PRESCRIBER_NOTE
                assert "prescriber" in p.text()


@pytest.mark.parametrize("procedure", ac.PROCEDURES)
def test_categories_as_read(procedure: str) -> None:
    """Lumbar low (ASRA's newsletter on the 2018 update: thoracolumbar facet procedures moved to low; the
    sources read agree); cervical medial branch block and radiofrequency intermediate; thoracic medial branch
    block and radiofrequency low with the disagreement shown (review s14 of 08: the UpToDate table adapted
    from Narouze 2018 names 'lumbar or thoracic medial branch block and RFA' low; only a conference abstract
    says intermediate); cervical and thoracic intra-articular injection not determined (review s5 F2, s12
    F1): no source read names a facet joint injection by region, and the guideline's Table 1 was not read."""
    assert ac.plan("aspirin", procedure, "lumbar").category == "low"
    cervical = "intermediate" if procedure != "intra-articular injection" else ac.NOT_DETERMINED
    assert ac.plan("aspirin", procedure, "cervical").category == cervical
    thoracic = ac.bleeding_risk(procedure, "thoracic")
    assert {"wickboldt2019", "facetbleed_abstract", "uptodate_pain_bleeding"} <= set(
        thoracic["source_id"].split(";")
    )
    if procedure == "intra-articular injection":
        assert thoracic["category"] == ac.NOT_DETERMINED
        assert thoracic["wording"].startswith("not determined: the sources read disagree")
        assert "intermediate" in thoracic["wording"] and "as low" in thoracic["wording"]
        return
    assert thoracic["category"] == "low"
    assert "lumbar or thoracic medial branch block and radiofrequency as low" in thoracic["wording"]
    assert (
        "Sources differ: a conference abstract says ASRA lists thoracic facet procedures as intermediate"
        in (thoracic["wording"])
    )


def test_one_drug_and_no_factor_is_planned_at_the_procedures_category() -> None:
    p = ac.plan("apixaban", "medial branch block", "lumbar")
    assert not p.raised and p.planned_category == p.category == "low"


@pytest.mark.parametrize(
    ("drugs", "factors", "region", "expected"),
    [
        (["warfarin", "aspirin", "clopidogrel"], [], "lumbar", "intermediate"),
        (["apixaban", "clopidogrel"], [], "lumbar", "intermediate"),
        (["aspirin"], ["older age"], "lumbar", "intermediate"),
        (["apixaban", "clopidogrel"], [], "cervical", "high"),
        (
            ["aspirin"],
            ["a history of bleeding", "severe liver or kidney disease"],
            "lumbar",
            "intermediate",
        ),
        (["aspirin", "clopidogrel"], [], "lumbar", "intermediate"),
    ],
)
def test_several_drugs_or_a_patient_factor_raise_the_category(
    drugs: list[str], factors: list[str], region: str, expected: str
) -> None:
    p = ac.plan(drugs, "medial branch block", region, factors)
    assert p.raised and p.planned_category == expected
    assert "May be riskier" in p.text() and expected.upper() in p.text()
    assert "prescriber" in p.text() and "not safer" in p.text()


def test_dual_antiplatelet_before_a_block_is_not_planned_as_high() -> None:
    """A patient on aspirin and clopidogrel (likely a stent): before a lumbar or thoracic medial branch
    block (low, review s14 of 08) the category to discuss is one above ASRA's low, never high; before a
    thoracic intra-articular injection (not determined, review s12 F1) there is no category to raise, and
    none is named."""
    for region in ("lumbar", "thoracic"):
        p = ac.plan(["aspirin", "clopidogrel"], "medial branch block", region)
        assert p.category == "low" and p.planned_category == "intermediate"
    thoracic = ac.plan(["aspirin", "clopidogrel"], "intra-articular injection", "thoracic")
    assert thoracic.category == thoracic.planned_category == ac.NOT_DETERMINED
    assert "no category to raise" in thoracic.text() and "HIGH" not in thoracic.text()


@pytest.mark.parametrize(
    "indication",
    ["a coronary stent", "why the patient takes the drug (for example a coronary stent or a past stroke)"],
)
def test_why_the_drug_is_taken_never_raises_the_bleeding_category(indication: str) -> None:
    with pytest.raises(ValueError, match="unknown patient factor"):
        ac.plan("clopidogrel", "medial branch block", "lumbar", [indication])
    assert not any("stent" in f for f in ac.patient_factor_table()["factor"])
    text = ac.plan("clopidogrel", "medial branch block", "lumbar").text()
    assert ac.INDICATION_NOTE in text and "does not raise the bleeding category" in text


def test_high_stays_high() -> None:
    assert ac.raised_category("high") == "high"
    assert ac.raised_category("low", 5) == "high"


def test_unknown_patient_factor_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown patient factor"):
        ac.plan("aspirin", "medial branch block", "lumbar", ["smoker"])


@given(
    st.lists(
        st.sampled_from(["aspirin", "clopidogrel", "apixaban", "NSAID (non-aspirin)"]),
        min_size=1,
        unique=True,
    ),
    st.lists(st.sampled_from(["older age", "a history of bleeding"]), unique=True),
    st.sampled_from(ac.PROCEDURES),
    st.sampled_from(ac.REGIONS),
)
@settings(max_examples=60, deadline=None)
def test_planned_category_is_never_lower_than_the_procedures(
    drugs: list[str], factors: list[str], procedure: str, region: str
) -> None:
    p = ac.plan(drugs, procedure, region, factors)
    order = ac.CATEGORY_ORDER
    if p.category == ac.NOT_DETERMINED:  # no category to raise: it stays not determined
        assert p.planned_category == ac.NOT_DETERMINED
    else:
        assert order.index(p.planned_category) >= order.index(p.category)
    assert p.raised == (len(drugs) > 1 or bool(factors))


def test_sis_position_only_for_cervical_radiofrequency() -> None:
    assert "discontinued" in ac.plan("apixaban", "radiofrequency ablation", "cervical").sis_position
    assert ac.plan("apixaban", "radiofrequency ablation", "lumbar").sis_position == ""
    assert ac.plan("apixaban", "medial branch block", "cervical").sis_position == ""


def test_no_interval_is_stated_that_was_not_read() -> None:
    frame = ac.drug_table()
    unread = frame["intervals"] == ac.SEE_TABLE
    assert frame.loc[unread, ["stop_before_days_low", "restart_after_hours"]].isna().all().all()
    for drug in frame.loc[unread, "drug"]:
        advice = ac.drug_advice(drug).advice
        assert ac.SEE_TABLE in advice and not any(ch.isdigit() for ch in advice.split("(")[0])


def test_plan_sources_include_the_guideline() -> None:
    p = ac.plan(["warfarin", "aspirin"], "medial branch block", "lumbar")
    assert "narouze2018" in p.source_id.split(";")
    for sid in p.source_id.split(";"):
        data.reference(sid)


@pytest.mark.parametrize(
    ("drugs", "message"),
    [
        ("heparin sodium 5000", "unknown drug"),
        ("Apixaban", "unknown drug"),
        ([], "at least one drug"),
        (["aspirin", "aspirin"], "listed twice"),
        (["apixaban", "rivaroxaban"], "both anticoagulants"),
        (["warfarin", "dabigatran"], "both anticoagulants"),
        # review s8 F5: a DOAC with a heparin is a switch or bridging, not a regimen, like two DOACs
        (["apixaban", "enoxaparin"], "both anticoagulants"),
        (["warfarin", "unfractionated heparin"], "both anticoagulants"),
        (["fondaparinux", "rivaroxaban"], "both anticoagulants"),
        (["clopidogrel", "ticagrelor"], "P2Y12 inhibitors"),
        ([None], "unknown drug"),
    ],
)
def test_bad_drug_lists_are_refused_with_what_is_allowed(drugs: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ac.plan(drugs, "medial branch block", "lumbar")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("procedure", "region", "message"),
    [
        ("epidural", "lumbar", "procedure must be one of"),
        ("medial branch block", "sacral", "region must be one of"),
        ("medial branch block", 3, "region must be one of"),
    ],
)
def test_bad_procedure_or_region_is_refused(procedure: object, region: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ac.plan("aspirin", procedure, region)  # type: ignore[arg-type]


def test_bridging_heparin_with_warfarin_is_planned_with_the_prescriber() -> None:
    """Review s8 F5: bridging (warfarin with enoxaparin) is a prescriber-led plan like any switch, not a
    regimen the planner plans from (it was accepted before, while two DOACs were refused)."""
    with pytest.raises(ValueError, match="switch or bridging.*plan with the prescriber"):
        ac.plan(["warfarin", "enoxaparin"], "medial branch block", "lumbar")


@given(st.text(min_size=1, max_size=20))
@settings(max_examples=60, deadline=None)
def test_any_unknown_name_gets_a_value_error_listing_the_drugs(name: str) -> None:
    if name in ac.drugs():
        return
    with pytest.raises(ValueError, match="the planner knows"):
        ac.check_drug(name)


@given(st.lists(st.sampled_from(sorted(set(ac.drug_table()["drug"]))), min_size=1, max_size=4))
@settings(max_examples=80, deadline=None)
def test_any_drug_list_is_planned_or_refused_clearly(drugs: list[str]) -> None:
    groups = ac.drug_table().set_index("drug")["combination_group"]
    valid = len(set(drugs)) == len(drugs) and len({groups[d] for d in drugs}) == len(drugs)
    if valid:
        p = ac.plan(drugs, "radiofrequency ablation", "cervical")
        assert p.prescriber_note == ac.PRESCRIBER_NOTE and len(p.advice) == len(drugs)
    else:
        with pytest.raises(ValueError, match="twice|not a regimen"):
            ac.plan(drugs, "radiofrequency ablation", "cervical")


# -- LAST ---------------------------------------------------------------------------------------------------


def test_lipid_over_70_kg_is_the_fixed_regimen() -> None:
    plan = last_model.lipid_plan(80)
    table = last_model.lipid_table()
    assert plan.band.startswith("70 kg or more") and "by body weight" in plan.band
    assert last_model.lipid_plan(80, 60).bolus_ml == plan.bolus_ml  # lean weight not used over 70 kg
    assert plan.bolus_ml == table.loc["bolus_over_70", "value_low"]
    # over 70 kg the limit stays at the 70-kg value (840 mL in the AAGBI example), not per kg of actual weight
    assert plan.upper_limit_ml == pytest.approx(table.loc["upper_limit", "value_low"] * 70)
    assert "200-250 mL over 15-20 min" in plan.text()
    # review s7, F3: no figure for 12 mL/kg of a heavier total body weight (no source gives one); the 70-kg
    # value is labelled the course rule
    assert "960" not in plan.text() and "would be" not in plan.text()
    assert "12 mL/kg at 70 kg" in plan.text() and "course rule" in plan.limit_text()
    assert "no source read gives 12 mL/kg of a heavier total body weight" in plan.limit_text()
    assert "course rule" not in last_model.lipid_plan(70).limit_text()  # at 70 kg 12 mL/kg is the source's


def test_the_limit_label_at_exactly_70_kg_with_a_lean_weight_is_body_weight() -> None:
    """Review s8 F2: at the band's edge (70 kg, fixed band) the limit is 12 mL/kg of the body weight, even
    with a lean weight entered (the lean weight is not used there), and the number is unchanged."""
    plan = last_model.lipid_plan(70, 50)
    per_kg = plan.upper_limit_ml_per_kg
    assert plan.upper_limit_ml == pytest.approx(per_kg * 70)
    assert "lean weight" not in plan.limit_text() and "at 70 kg" in plan.limit_text()
    assert "course rule" not in plan.limit_text()
    assert plan.limit_text() == last_model.lipid_plan(70).limit_text()
    # just under the edge the limit is per kg of body weight, not of the lean weight (review s13 F1)
    assert "of body weight, not of the lean weight" in last_model.lipid_plan(69, 50).limit_text()
    assert last_model.lipid_plan(69, 50).upper_limit_ml == pytest.approx(per_kg * 69)
    # just over the edge the 70-kg value is the course rule
    assert "course rule" in last_model.lipid_plan(71, 50).limit_text()


def test_a_lean_weight_in_the_fixed_band_is_said_to_be_unused() -> None:
    """Review s7, F4: from 70 kg the lean weight changes nothing, and the readout says why."""
    from facet_course.lessons.complications import toxicity

    assert last_model.lipid_plan(150, 70).lean_note().startswith("the lean weight (70 kg) is not used")
    assert "fixed volumes" in last_model.lipid_plan(150, 70).lean_note()
    assert last_model.lipid_plan(150).lean_note() == ""  # no lean weight entered
    assert last_model.lipid_plan(60, 45).lean_note() == ""  # under 70 kg the lean weight is used
    _, update = toxicity.last_explorer().make_figure()
    assert "is not used" in update("vein", 150, "70 kg")
    assert "is not used" not in update("vein", 60, "45 kg")


def test_lipid_at_70_kg_or_less_is_per_kg() -> None:
    plan = last_model.lipid_plan(60)
    table = last_model.lipid_table()
    assert plan.bolus_ml == pytest.approx(table.loc["bolus_70_or_less", "value_low"] * 60)
    assert "mL/min" in plan.infusion_text
    assert plan.band.startswith("under 70 kg")
    # review 14, F1: no lean weight is assumed; the body-weight dose is an upper bound; both sources named
    assert plan.lean_weight_kg is None and "upper bound" in plan.band
    assert "enter the lean body weight" in plan.band
    assert "Medscape" in plan.band and "ASRA newsletter" in plan.band and "differ" in plan.band
    assert last_model.lipid_plan(69).bolus_ml == pytest.approx(103.5)  # 1.5 mL/kg x 69 kg


def test_lipid_at_exactly_70_kg_is_the_fixed_band() -> None:
    """Review s5, F7: 70 kg itself gets the fixed 100 mL (the newsletter's and the AAGBI card's 70-kg
    example), not 105 mL, so the dose does not step down between 70 and 71 kg."""
    at_70, at_71 = last_model.lipid_plan(70), last_model.lipid_plan(71)
    assert at_70.band.startswith("70 kg or more")
    assert at_70.bolus_ml == at_71.bolus_ml == 100
    assert at_70.infusion_text == at_71.infusion_text
    assert last_model.lipid_plan(70, 50).bolus_ml == 100  # no lean weight in the fixed band


def test_lipid_at_70_kg_or_less_is_per_kg_of_lean_body_weight() -> None:
    table = last_model.lipid_table()
    per_kg = table.loc["bolus_70_or_less", "value_low"]
    plan = last_model.lipid_plan(60, 45)
    assert plan.bolus_ml == pytest.approx(per_kg * 45)
    assert plan.lean_weight_kg == 45 and "lean body weight (45 kg)" in plan.band
    assert f"would be {per_kg * 60:.0f} mL" in plan.band  # the body-weight dose beside it: the sources differ
    # review s13 F1: the lean weight sets the bolus only; infusion and upper limit stay per kg of body weight
    # (no source read gives them per lean weight; a lower lean-weight figure errs towards too little lipid)
    assert plan.upper_limit_ml == pytest.approx(table.loc["upper_limit", "value_low"] * 60)
    assert plan.infusion_text.startswith(f"{table.loc['infusion_70_or_less', 'value_low'] * 60:.1f} mL/min")
    assert "of body weight, not of the lean weight" in plan.infusion_text
    assert "course extension" not in plan.text()
    assert "course extension" not in last_model.lipid_plan(60).text()


@pytest.mark.parametrize("lean", [0, -5, 61, "40", True, math.nan])
def test_lipid_refuses_a_lean_weight_outside_0_to_body_weight(lean: object) -> None:
    with pytest.raises(ValueError, match="lean_weight_kg"):
        last_model.lipid_plan(60, lean)  # type: ignore[arg-type]


@given(st.floats(min_value=30, max_value=70, exclude_max=True), st.floats(min_value=0.5, max_value=1.0))
@settings(max_examples=60, deadline=None)
def test_lipid_with_a_lean_weight_never_exceeds_the_body_weight_plan(weight: float, share: float) -> None:
    assert last_model.lipid_plan(weight, weight * share).bolus_ml <= last_model.lipid_plan(weight).bolus_ml
    assert last_model.lipid_plan(weight, weight * share).bolus_ml == pytest.approx(1.5 * weight * share)


@given(st.floats(min_value=30, max_value=250, allow_nan=False))
@settings(max_examples=60, deadline=None)
def test_lipid_doses_stay_within_the_upper_limit(weight: float) -> None:
    plan = last_model.lipid_plan(weight)
    assert 0 < plan.bolus_ml <= plan.upper_limit_ml
    repeats = 0 if plan.repeat_boluses is None else plan.repeat_boluses[1]
    assert plan.bolus_ml * (1 + repeats) <= plan.upper_limit_ml


@pytest.mark.parametrize("weight", [150, 250])
def test_lipid_upper_limit_does_not_grow_above_70_kg(weight: float) -> None:
    assert last_model.lipid_plan(weight).upper_limit_ml == pytest.approx(840)
    assert "840 mL" in last_model.lipid_plan(weight).text()


def test_lipid_upper_limit_is_per_kg_at_70_kg_or_less() -> None:
    assert last_model.lipid_plan(45).upper_limit_ml == pytest.approx(12 * 45)
    assert last_model.lipid_plan(70).upper_limit_ml == pytest.approx(840)


def test_lipid_repeat_count_is_the_aagbi_maximum() -> None:
    """AAGBI 2010: at most two repeat boluses; the ASRA summaries read give no number."""
    table = last_model.lipid_table()
    plan = last_model.lipid_plan(60)
    assert "aagbi2010last" in str(table.loc["repeat_bolus", "source_id"])
    assert plan.repeat_boluses == (1, 2)
    assert "repeat the bolus (at most twice)" in plan.text()


@pytest.mark.parametrize("weight", [10, 300, "70", None, math.nan])
def test_lipid_refuses_weights_outside_the_adult_range(weight: object) -> None:
    with pytest.raises(ValueError, match="weight_kg"):
        last_model.lipid_plan(weight)  # type: ignore[arg-type]


def test_case_dose_goes_through_the_rule_set() -> None:
    case = last_model.case_dose("artery in the neck", weight_kg=70)
    assert case is not None
    assert case.governing == safety.governing_max("bupivacaine", 70)
    assert case.volume_ml == pytest.approx(case.dose_mg / ph.percent_to_mg_per_ml(0.5))


def test_case_dose_text_gives_no_volume_the_case_did_not_report() -> None:
    case = last_model.case_dose("artery in the neck")
    assert case is not None
    assert " mL" not in case.text() and "not reported" in case.text()
    assert f"{case.dose_mg:g} mg" in case.text()
    # Korevaar 1979's 7.5 mg (the smallest dose read in an acceptable source): about 5% of the maximum
    assert case.percent_of_max < 10  # far below what the rule set allows
    assert last_model.case_dose("vein") is None


def test_case_dose_refuses_an_impossible_strength() -> None:
    with pytest.raises(ValueError, match="percent"):
        last_model.case_dose("artery in the neck", percent=5)


def test_scenarios_and_windows() -> None:
    assert last_model.onset_window_min("artery in the neck") is None
    assert last_model.onset_window_min("vein") == (1.0, 5.0)
    low, high = last_model.onset_window_min("absorption from tissue")  # type: ignore[misc]
    assert low < high
    with pytest.raises(ValueError, match="artery in the neck"):
        last_model.scenario("intrathecal")


def test_treatment_steps_start_by_stopping_and_include_lipid() -> None:
    steps = last_model.treatment_steps()
    assert [s[0] for s in steps] == sorted(s[0] for s in steps)
    assert steps[0][1].startswith("Stop injecting")
    assert any("lipid emulsion" in action for _, action, _ in steps)


def test_cervical_radiofrequency_is_its_own_scenario_per_patient() -> None:
    """Gazelka 2014: 12 of 64 patients after C2-3 or third occipital nerve radiofrequency (per patient)."""
    rates = {r.key: r for r in comp.rates_for("cervical radiofrequency at C2-3 (third occipital nerve)")}
    ton = rates["rf_ton_neuralgia"]
    assert (ton.events, ton.denominator, ton.unit) == (12, 64, "patients")
    assert ton.text() == "12 of 64 patients (19%)"  # review s5 F8: the abstract's 19%, no decimals
    assert ton.event.startswith("complaint of new nerve pain")  # a complaint of pain, not a count of numbness


def test_c2_3_radiofrequency_shows_expected_numbness_and_unsteadiness_first() -> None:
    """Govind 2003 as tabulated by Hurley 2022: numbness 97%, slight ataxia 95%, dysaesthesia 55% of 49."""
    rates = comp.rates_for("cervical radiofrequency at C2-3 (third occipital nerve)")
    assert [r.key for r in rates][:2] == ["rf_ton_numbness", "rf_ton_ataxia"]
    by_key = {r.key: r for r in rates}
    assert [by_key[k].rate_percent for k in ("rf_ton_numbness", "rf_ton_ataxia", "rf_ton_dysaesthesia")] == [
        97,
        95,
        55,
    ]
    assert all(
        by_key[k].denominator == 49 and by_key[k].unit == "patients"
        for k in by_key
        if k != "rf_ton_neuralgia"
    )
    assert by_key["rf_ton_numbness"].rate_percent > 5 * by_key["rf_ton_neuralgia"].rate_percent


def test_lower_cervical_radiofrequency_has_its_own_small_sample_rate() -> None:
    """Lord 1996 as tabulated by Hurley 2022: numbness in 5 of 12 actively treated patients."""
    (lower,) = comp.rates_for("cervical radiofrequency at C3-4 and below")
    assert (lower.events, lower.denominator, lower.unit) == (5, 12, "patients")
    assert lower.text() == "5 of 12 patients (42%)"  # review s5 F8: Hurley Table 20's 42%
    assert "C2-3 excluded" in lower.region


def test_the_intra_articular_scenario_has_no_all_procedure_vasovagal_rate() -> None:
    keys = [r.key for r in comp.rates_for("intra-articular injection (lumbar and cervical)")]
    assert "vasovagal_stopped" not in keys


def test_lipid_upper_limit_reads_as_a_first_30_minute_limit_not_a_stop_rule() -> None:
    """Medscape summary of the 2020 checklist: 12 mL/kg is the upper limit over the first 30 minutes."""
    for weight in (45, 70, 120):
        text = last_model.lipid_plan(weight).text()
        assert "first 30 minutes" in text and "not a reason to stop lipid" in text
        assert "upper limit is reached" not in text


# -- review 9 minors: one lipid weight basis, zero-event bounds, intravascular series, upgrade source -----


@given(st.floats(min_value=30, max_value=70, exclude_max=True), st.floats(min_value=0.5, max_value=1.0))
@settings(max_examples=40, deadline=None)
def test_lipid_lean_weight_sets_the_bolus_only(weight: float, share: float) -> None:
    """Review s13 F1 (replacing review 9 B2's one lean basis): the lean weight changes the bolus; the infusion
    and the upper limit are those of the body weight, with or without a lean weight."""
    plan, body = last_model.lipid_plan(weight, weight * share), last_model.lipid_plan(weight)
    table = last_model.lipid_table()
    assert plan.bolus_ml == pytest.approx(table.loc["bolus_70_or_less", "value_low"] * weight * share)
    assert plan.upper_limit_ml == pytest.approx(body.upper_limit_ml)
    assert plan.upper_limit_ml == pytest.approx(table.loc["upper_limit", "value_low"] * weight)
    assert plan.infusion_text.split(" (")[0] == body.infusion_text.split(" (")[0]


def test_lipid_upper_limit_known_answers_at_45_kg() -> None:
    assert last_model.lipid_plan(45, 35).upper_limit_ml == pytest.approx(540)  # body weight (review s13 F1)
    assert last_model.lipid_plan(45).upper_limit_ml == pytest.approx(540)
    assert last_model.lipid_plan(45, 35).bolus_ml == pytest.approx(52.5)
    assert last_model.lipid_plan(45, 35).infusion_text.startswith("11.2 mL/min")


def test_zero_events_get_the_rule_of_three_upper_bound() -> None:
    none = comp.rate("rf_deficit_or_infection")
    assert none.events == 0 and none.denominator == 616
    assert none.upper_95_per_1000 == pytest.approx(3000 / 616)
    assert "up to about 4.9 per 1,000 lesion sites" in none.text() and "rule of three" in none.text()
    assert "not per patient" in none.text()  # review 14, F5: sites in one patient are not independent
    assert comp.rate("rf_minor").upper_95_per_1000 is None  # events seen: no zero-event bound
    assert comp.zero_events_upper_95_per_1000(29) is None  # the approximation needs n >= 30
    assert comp.zero_events_upper_95_per_1000(300) == pytest.approx(10)


@pytest.mark.parametrize("bad", [0, -3, 2.5, "616", True, None])
def test_zero_event_bound_refuses_a_bad_denominator(bad: object) -> None:
    with pytest.raises(ValueError, match="n must be"):
        comp.zero_events_upper_95_per_1000(bad)  # type: ignore[arg-type]


def test_intravascular_series_keep_their_own_units_and_match_notebook_03() -> None:
    lumbar = comp.intravascular_series("lumbar")
    table = contrast.intravascular_table()
    expected = table[(table["procedure"] == "medial branch block") & (table["region"] == "lumbar")]
    assert [s.percent for s in lumbar] == list(expected["intravascular_percent"])
    units = {s.counted_per for s in lumbar}
    assert {"injection", "block level", "3-level procedure"} <= units
    assert all(s.text().startswith(f"{s.percent:g}% per {s.counted_per}") for s in lumbar)
    with pytest.raises(ValueError, match="region must be one of"):
        comp.intravascular_series("sacral")


def test_vasovagal_mbb_rate_is_labelled_region_not_stated() -> None:
    assert "region not stated" in comp.rate("vasovagal_mbb").event
    for scenario in ("lumbar medial branch block", "cervical medial branch block"):
        shown = [r.event for r in comp.rates_for(scenario) if r.key == "vasovagal_mbb"]
        assert shown and all("region not stated" in e for e in shown)


def test_peripheral_block_last_rate_carries_its_caveat() -> None:
    assert "not facet procedures" in comp.rate("last_nerve_block").event


def test_raised_plan_cites_the_upgrade_source_and_a_single_drug_plan_does_not() -> None:
    ids = set(citations.source(ac.UPGRADE_KEY).split(";"))
    raised = ac.plan(["aspirin", "clopidogrel"], "radiofrequency ablation", "cervical")
    single = ac.plan("aspirin", "radiofrequency ablation", "cervical")
    assert raised.raised and ids <= set(raised.source_id.split(";"))
    assert not single.raised and not ids & set(single.source_id.split(";"))
    assert any("ASIPP 2019" in line for line in raised.lines())


@given(st.floats(min_value=30, max_value=70, exclude_max=True), st.floats(min_value=0.05, max_value=0.5))
@settings(max_examples=40, deadline=None)
def test_lipid_refuses_a_lean_weight_below_the_plausible_floor(weight: float, share: float) -> None:
    """Review s15 of 06, F4: under 70 kg a lean weight below the course's floor (a fraction of body weight
    from data) is refused, as it would under-dose the bolus (the harmful direction); at the floor it is
    used."""
    floor = last_model.lowest_lean_weight_kg(weight)
    fraction = float(last_model.lipid_table().loc["lean_weight_floor", "value_low"])
    assert floor == pytest.approx(fraction * weight)
    lean = weight * share
    if lean < floor:
        with pytest.raises(ValueError, match="under-dose the lipid bolus"):
            last_model.lipid_plan(weight, lean)
    assert last_model.lipid_plan(weight, floor).bolus_ml == pytest.approx(
        last_model.lipid_table().loc["bolus_70_or_less", "value_low"] * floor
    )


def test_the_lean_floor_is_the_womens_lean_weight_equation_at_the_start_of_extreme_obesity() -> None:
    """The floor's fraction is what its note says: 9270 / (8780 + 244 x 40), the women's equation at a BMI
    of 40 (the men's gives more), read from Janmahasatian 2005 and the WHO classes."""
    row = last_model.lipid_table().loc["lean_weight_floor"]
    assert row["value_low"] == pytest.approx(9270 / (8780 + 244 * 40), abs=0.005)
    assert 9270 / (6680 + 216 * 40) > row["value_low"]
    assert {"janmahasatian2005", "who_bmi_classes"} <= set(str(row["source_id"]).split(";"))


def test_last_explorer_refuses_an_implausible_lean_weight_and_keeps_the_plausible_ones() -> None:
    """Review s15 of 06, F4: at 69 kg a 30 kg lean weight gave a 45 mL bolus (100 mL at 70 kg); now the
    readout and the figure say it is not calculated and why; a plausible lean weight still gives its bolus,
    and in the fixed band the lean weight is not used, so no floor applies there."""
    from facet_course.lessons.complications import toxicity

    fig, update = toxicity.last_explorer().make_figure()
    refused = update("vein", 65, "30 kg")
    assert "lipid not calculated" in refused and "under-dose" in refused and "not known" in refused
    assert any("Not calculated" in t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text")))
    assert "bolus 45 mL" in update("vein", 60, "30 kg")  # 30 kg is half of 60 kg: accepted
    assert "is not used" in update("vein", 150, "30 kg")
    # every weight the live explorer offers has at least one lean weight it accepts besides 'not known'
    for weight in toxicity.LIVE_WEIGHTS_KG:
        accepted = [c for c in toxicity.LEAN_CHOICES[1:] if "not calculated" not in update("vein", weight, c)]
        assert accepted, weight


def test_lipid_explorer_assumes_no_lean_weight() -> None:
    """Review 14, F1: the default and the handout twin use no invented lean body weight."""
    from facet_course.lessons.complications import toxicity

    assert not hasattr(toxicity, "EXAMPLE_LEAN_KG")
    assert all(toxicity.lipid_for(w).lean_weight_kg is None for w in toxicity.WEIGHTS_KG)
    explorer = toxicity.last_explorer()
    assert explorer.defaults()["lean"] == toxicity.LEAN_UNKNOWN
    with pytest.raises(ValueError, match="lean must be one of"):
        toxicity.lipid_for(70, "example")


def test_noac_timing_is_read_from_data_with_its_secondary_source() -> None:
    table = ac.timing_table()
    assert ac.noac_stop_half_lives() == table.loc["noac_stop", "value"]
    assert ac.noac_restart_hours() == table.loc["noac_restart", "value"]
    assert set(ac.noac_drugs()) == {"dabigatran", "rivaroxaban", "apixaban", "edoxaban"}
    text = ac.noac_timing_text()
    assert f"{ac.noac_restart_hours():g} hours" in text and "per-drug table was not read" in text
    assert "warfarin" not in text
    # review s5 F3: the class-wide interval is qualified: the summary gives no procedure category for it
    assert "does not say for which of the guideline's procedure categories" in text
    assert "low-risk procedure" in text
    # the planner still gives no per-drug interval
    assert ac.SEE_TABLE in ac.drug_advice("apixaban").advice


def test_renal_caution_gives_the_half_lives_by_creatinine_clearance_from_data() -> None:
    """Review s8 F1 (major): the 'half-lives' rule is shown with how the half-life lengthens as creatinine
    clearance falls, dabigatran most, numbers from data with their source."""
    table = ac.renal_half_life_table()
    text = ac.renal_caution_text()
    for drug, rows in table.groupby("drug"):
        assert f"{drug} about {rows['half_life_hours'].min():g} hours" in text
        # the half-life at the best clearance is the shortest
        ordered = rows.assign(key=rows["crcl_low"].fillna(-1)).sort_values("key", ascending=False)
        assert ordered["half_life_hours"].iloc[0] == rows["half_life_hours"].min()
        # review s15 of 06, F5: the range ends at the lowest CrCl band read, and a longer half-life in a
        # better band is named with its band, so the worst band is never hidden
        worst = ordered.iloc[-1]
        assert f"to {worst['half_life_hours']:g} hours ({ac._band(worst)})" in text
        longest = rows["half_life_hours"].max()
        if longest > worst["half_life_hours"]:
            band = ac._band(rows.loc[rows["half_life_hours"].idxmax()])
            assert f"the longest, {longest:g} hours, at {band}" in text
    assert text.count("the longest") == 1  # apixaban's 17.6 h at 30-49 mL/min, above its 15-29 band
    ratio = table.groupby("drug")["half_life_hours"].agg(lambda h: h.max() / h.min())
    assert ratio.idxmax() == "dabigatran" and "dabigatran most" in text
    assert "check the creatinine clearance" in text and "prescriber" in text
    assert citations.author_year(*table["source_id"].unique()) in text
    # shown wherever notebook 06 gives the half-lives rule
    from facet_course.lessons.complications import anticoagulation

    link = anticoagulation.guideline_link()
    assert ac.noac_timing_text() in link and text in link


def test_last_dose_times_are_the_general_pages_from_data_and_never_a_facet_interval() -> None:
    """Review s9 of 08 F1: the last-dose hours read (a general peri-procedural page, by creatinine clearance
    and bleeding risk) and the neuraxial hold its footnote quotes, from data, shown in 06 beside the
    half-lives; never presented as the pain guideline's interval for a facet procedure."""
    table = ac.renal_half_life_table()
    for drug, rows in table.groupby("drug"):
        text = ac.last_dose_text(drug)
        for column in ("last_dose_standard_hours", "last_dose_high_risk_hours"):
            for hours in rows[column].dropna():
                assert f"{hours:g} h (" in text
        # high bleeding risk never asks for a shorter wait than standard risk, in any band
        given = rows.dropna(subset=["last_dose_standard_hours"])
        assert (given["last_dose_high_risk_hours"] >= given["last_dose_standard_hours"]).all()
        # falling clearance never shortens the wait
        ordered = given.assign(key=given["crcl_low"].fillna(-1)).sort_values("key", ascending=False)
        assert ordered["last_dose_standard_hours"].is_monotonic_increasing
        assert "not the pain guideline" in text and "prescriber" in text
    timing = ac.timing_table()
    hold = timing.loc["apixaban_neuraxial_hold"]
    assert f"'{hold['statement']}'" in ac.last_dose_text("apixaban")
    assert "neuraxial" not in ac.last_dose_text("dabigatran")
    assert ac.last_dose_text("warfarin") == ""
    from facet_course.lessons.complications import anticoagulation

    assert ac.last_dose_text("apixaban") in anticoagulation.guideline_link()


# -- review s5: one list of warning signs with 07; the cervical intra-articular cell not determined ---------


def test_consent_red_flags_include_every_row_of_07s_when_to_call_table() -> None:
    """Finding 1: the consent script's warning signs are notebook 07's table, so the two cannot disagree:
    every emergency row (stroke signs after a neck injection, fever with a stiff neck, allergy among them)
    and every call-the-clinic row (severe headache among them), in the patient's words, under its action."""
    from facet_course.lessons import complications as lesson
    from facet_course.lessons.complications import text
    from facet_course.models import aftercare

    table = aftercare.when_to_call()
    assert {"stroke_signs", "fever_stiff_neck", "allergy", "headache"} <= set(table["id"])
    sections: dict[str, list[str]] = {}
    for line in lesson.consent().split("\n"):
        if line.startswith("- "):
            head = line.split("**")[1] if line.startswith("- **") else line
            sections[head] = []
        else:
            sections[head].append(line.removeprefix("  - "))
    emergency = "\n".join(next(v for k, v in sections.items() if "emergency department" in k))
    call = "\n".join(next(v for k, v in sections.items() if k.startswith("Call us")))
    rows = table[table["action"] == text.EMERGENCY]
    assert len(rows) >= 4
    for plain in rows["plain"]:
        assert plain in emergency
    for plain in table.loc[table["action"] == text.CALL, "plain"]:
        assert plain in call and plain not in emergency
    assert "trouble seeing, speaking or walking" in emergency


def test_an_unknown_when_to_call_action_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from facet_course.lessons.complications import text
    from facet_course.models import aftercare

    table = aftercare.when_to_call()
    table.loc[table.index[0], "action"] = "wait and see"
    monkeypatch.setattr(aftercare, "when_to_call", lambda: table)
    with pytest.raises(ValueError, match="wait and see"):
        text.red_flags()


def test_cervical_intra_articular_is_not_determined_and_names_the_disagreement() -> None:
    """Finding 2: a conference abstract says intermediate, a table adapted from the 2018 guideline lists
    joint injection as low: no category is shown, never one as confident as the cervical medial branch
    cells, and a raise has no category to raise to."""
    row = ac.bleeding_risk("intra-articular injection", "cervical")
    assert row["category"] == ac.NOT_DETERMINED
    assert "intermediate" in row["wording"] and "'joint injection' as low" in row["wording"]
    assert {"facetbleed_abstract", "uptodate_pain_bleeding"} <= set(row["source_id"].split(";"))
    p = ac.plan("apixaban", "intra-articular injection", "cervical")
    assert "NOT DETERMINED" in p.text() and "no category" in p.text()
    raised = ac.plan(["apixaban", "clopidogrel"], "intra-articular injection", "cervical", ["older age"])
    assert raised.raised and raised.planned_category == ac.NOT_DETERMINED
    assert "no category to raise" in raised.text()
    assert "INTERMEDIATE" not in raised.text() and "HIGH" not in raised.text()
    mbb = ac.plan("apixaban", "medial branch block", "cervical")
    assert mbb.category == "intermediate" and "no category" not in mbb.text()


def test_the_planner_readout_says_not_determined_for_the_cervical_joint() -> None:
    from facet_course.lessons.complications import anticoagulation

    _, update = anticoagulation.planner_explorer().make_figure()
    readout = update("apixaban", "none", "none", "intra-articular injection", "cervical")
    assert "bleeding risk not determined" in readout
    assert "intermediate" in readout and "low" in readout and "Table 1" in readout
    raised = update("apixaban", "clopidogrel", "older age", "intra-articular injection", "cervical")
    assert "consider" not in raised and "weigh that with the prescriber" in raised


def test_the_patient_factors_include_the_guideline_tables_footnote() -> None:
    """Finding 9: the footnote's four factors are in the list, with the table as their source."""
    factors = ac.patient_factor_table().set_index("factor")["source_id"]
    for factor in (
        "older age",
        "coagulopathy (look for signs of it on examination)",
        "severe liver or kidney disease",
        "prior surgery or radiation at the site of the procedure",
    ):
        assert "uptodate_pain_bleeding" in factors[factor]
    assert "table adapted from the ASRA 2018 guideline" in ac.RAISE_RULE


def test_small_samples_are_said_as_whole_percentages_with_counts() -> None:
    """Finding 8: below SMALL_N no per-1,000 form and no decimals; at or above it the per-1,000 form stays."""
    numb = comp.rate("rf_ton_numbness")
    assert numb.denominator is not None and numb.denominator < comp.SMALL_N
    assert numb.text() == "97% (49 patients in the study; the count behind the percentage is not given)"
    for r in comp.all_rates():
        if r.rate_percent is None or r.denominator is None:
            continue
        if r.denominator < comp.SMALL_N:
            assert "per 1,000" not in r.text() and "." not in r.text(), r.key
        elif r.events != 0:
            assert "per 1,000" in r.text(), r.key


def test_the_vein_bar_says_it_is_all_route_timing() -> None:
    """Finding 4: the vein window is LAST of all routes; the figure says so on the bar, with the reported
    range read from the table's timing text (no number typed in the lesson)."""
    from facet_course.lessons.complications import toxicity

    timing = str(last_model.scenario("vein")["timing"])
    label = toxicity._all_routes_label(timing)
    assert label.startswith("all routes, not vein-specific")
    assert "30 seconds to 60 minutes" in label and "30 seconds to 60 minutes" in timing
    assert toxicity._all_routes_label("rapid") == "all routes, not vein-specific"
    fig, _ = toxicity.last_explorer().make_figure()
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert label in texts


def test_key_references_list_each_reference_once_and_the_bleeding_table() -> None:
    """Review s5 F10: no reference twice across the three key-reference slides; the table adapted from the
    guideline that sets the cervical intra-articular cell is among them."""
    frame = data.load_table("key_references")
    ids = list(frame.loc[frame["lesson"] == "complications", "source_id"])
    assert len(ids) == len(set(ids))
    assert "uptodate_pain_bleeding" in ids


def test_the_lipid_infusion_runs_on_after_the_circulation_is_stable() -> None:
    # Review s6 of 06 (F1): "until a stable circulation is restored" invited stopping at stability.
    from facet_course.models import last

    row = last.lipid_table().loc["continue_after_stable"]
    assert row["value_low"] >= 10 and row["unit"] == "min"
    for weight in (50, 70, 90):
        assert (
            f"at least {row['value_low']:g} minutes after the circulation is stable"
            in last.lipid_plan(weight).text()
        )


# -- review s6 of 06: minor findings 3, 6, 7, 8 and 9 ----------------------------------------------------


def test_the_bleeding_misconception_is_answered_for_every_region() -> None:
    """Finding 3: 'not always, and not in the neck': low risk is not no risk in the lumbar spine either,
    with the patient-factor footnote's sources cited."""
    from facet_course.lessons.complications import text

    item = next(line for line in text.misconceptions().split("\n") if "blood thinner" in line)
    assert "**Not always, and not in the neck:**" in item
    assert "low risk is not no risk" in item and "lumbar" in item
    factor_ids = ";".join(ac.patient_factor_table()["source_id"])
    assert citations.author_year("uptodate_pain_bleeding") in item
    assert "uptodate_pain_bleeding" in factor_ids


def test_the_volume_trial_is_named_as_a_small_cervical_trial() -> None:
    """Finding 6: the foraminal-spread citation says cervical medial branch blocks, one small randomised
    trial, and that the difference was not significant; review s10 F3: and its direction (about half as
    often with the smaller volume), both volumes read from the rule set's row, not typed."""
    from facet_course.lessons.complications import text

    line = next(item for item in text.managing_events().split("\n") if "numb or weak limb" in item)
    assert "one small randomised trial of cervical medial branch blocks" in line
    assert "short of significance" in line
    limit = safety.injectate_limit("cervical", "medial_branch")
    assert limit is not None and limit.studied_ml is not None
    assert f"about half as often with {limit.high_ml:g} mL as with {limit.studied_ml:g} mL" in line
    assert f"limit for a cervical medial branch block is {limit.text()}" in line
    assert citations.author_year(citations.source("foraminal_spread")) in line


def test_the_neck_artery_key_number_names_the_stellate_ganglion_block() -> None:
    """Finding 8: the key-number line says the case was a stellate ganglion block, not a facet procedure."""
    from facet_course.lessons.complications import text

    line = next(item for item in text.key_numbers().split("\n") if "artery in the neck" in item)
    assert "stellate ganglion block (not a facet procedure)" in line


def test_counting_an_nsaid_among_several_drugs_is_labelled_a_course_rule() -> None:
    """Finding 9: two drugs raise the category; only when an NSAID is among them is it labelled a course
    rule; one drug gives no such reason."""
    with_nsaid = ac.plan(["aspirin", "NSAID (non-aspirin)"], "radiofrequency ablation", "lumbar")
    assert with_nsaid.raise_reasons == (
        "2 drugs that affect bleeding together (counting the NSAID is a course rule)",
    )
    assert with_nsaid.planned_category == "intermediate"
    without = ac.plan(["aspirin", "apixaban"], "radiofrequency ablation", "lumbar")
    assert without.raise_reasons == ("2 drugs that affect bleeding together",)
    assert ac.plan("NSAID (non-aspirin)", "radiofrequency ablation", "lumbar").raise_reasons == ()
    assert "an NSAID counted among them: course rule" in ac.RAISE_RULE


def test_the_handout_twin_offers_the_teaching_notes_45_kg_patient() -> None:
    """Finding 7: the kernel-free twin has a 45 kg frame for every route, with lean weight 'not known'."""
    from facet_course.lessons.complications import toxicity

    combos = toxicity.last_explorer().twin_combinations()
    assert {c["weight_kg"] for c in combos} == {45, *toxicity.WEIGHTS_KG}
    assert {c["lean"] for c in combos} == {toxicity.LEAN_UNKNOWN}
    assert len(combos) == len(last_model.SCENARIOS) * (len(toxicity.WEIGHTS_KG) + 1)


def test_the_planner_says_it_cannot_be_used_to_plan_a_patient() -> None:
    # Review s7 of 06 (major 2): no per-drug interval was read, so the section says not to plan from it.
    from facet_course.lessons.complications import anticoagulation

    assert "Do not plan a patient's drugs from this planner" in anticoagulation.guideline_link()


def test_consent_names_stroke_and_cord_injury_after_neck_injections_without_a_rate() -> None:
    """Review s7, F5: the patient is told the risk behind the stroke warning signs, with its source and no
    invented rate."""
    from facet_course.lessons import complications as lesson

    serious = next(line for line in lesson.consent().split("\n") if "Rare but serious" in line)
    assert "stroke or spinal cord injury" in serious and "no one knows how often" in serious
    assert citations.author_year(citations.source("cervical_tf_infarcts")) in serious
    assert "%" not in serious.split("After a neck injection")[1]


def test_vasovagal_management_gives_the_sourced_secondary_prevention() -> None:
    """Review s7, F6: no step list was found in a source read, so the text says so and gives what was read:
    an earlier reaction predicts a repeat (Kennedy 2015's counts from data/), sedation per SIS FactFinder."""
    from facet_course.lessons.complications import text

    lines = text.managing_events().split("\n")
    after = next(line for line in lines if line.startswith("- **After a vasovagal reaction"))
    repeat = comp.rate("vasovagal_repeat")
    assert repeat.events == 21 and repeat.denominator == 90 and repeat.rate_percent == 23.3
    assert f"{repeat.count_text()} without moderate sedation" in after and "observational" in after
    assert citations.author_year(citations.source("vasovagal_repeat")) in after
    assert citations.author_year(citations.source("vasovagal_factfinder")) in after
    # review s10 of 06 F8 and s11 of 08 F1 (major): the first actions, as a numbered list in order under
    # their own bullet (one slide each), from data with sources; the bullet says they come from a
    # contrast-reaction table
    head = next(i for i, line in enumerate(lines) if line.startswith("- **Vasovagal first aid, in order**"))
    assert "contrast-reaction table" in lines[head] and "unit's protocol" in lines[head]
    steps = comp.vasovagal_first_aid()
    for i, (action, _, ids) in enumerate(steps, start=1):
        assert lines[head + i].startswith(f"    {i}. **{action}**")
        assert citations.author_year(*ids.split(";")) in lines[head + i]
    assert lines[head + len(steps) + 1] == after


def test_vasovagal_first_aid_is_ordered_sourced_and_from_data() -> None:
    table = comp.vasovagal_first_aid_table()
    assert list(table["order"]) == sorted(table["order"]) and table["id"].is_unique
    steps = comp.vasovagal_first_aid()
    actions = [a for a, _, _ in steps]
    # stop first, then look before treating: pulse and blood pressure tell vasovagal from anaphylactoid
    assert actions[0].startswith("stop") and "pulse" in actions[1] and "blood pressure" in actions[1]
    assert any("legs" in a for a in actions) and any("atropine" in a for a in actions)
    legs = actions.index(next(a for a in actions if "legs" in a))
    atropine = actions.index(next(a for a in actions if "atropine" in a))
    assert legs < atropine  # position before drugs
    for (_, row), (action, _, ids) in zip(table.iterrows(), steps, strict=True):
        if not pd.isna(row["dose_low"]):
            assert f"{row['dose_low']:g}" in action and row["dose_unit"] in action
        assert all(data.reference(i).url for i in ids.split(";"))
    text = comp.vasovagal_first_aid_text()
    assert text.startswith("(1) stop") and f"({len(steps)})" in text


def test_band_edge_note_gives_both_bands_boluses_from_the_model() -> None:
    """Review s8 F3: the note at the 70-kg band edge shows the per-kg bolus just under it and the fixed bolus
    at it, from the model, and says what the summary read says about precision, with its source."""
    from facet_course.lessons import complications as lesson

    note = lesson.band_edge_note()
    assert f"{last_model.lipid_plan(69).bolus_ml:.0f} mL at 69 kg" in note
    assert f"{last_model.lipid_plan(70).bolus_ml:.0f} mL at 70 kg" in note
    assert "not critical" in note
    assert citations.author_year(citations.source("lipid_not_critical")) in note


def test_sis_stop_applies_only_to_anticoagulants_and_antiplatelets() -> None:
    """Review s8 F4: the SIS statement on cervical radiofrequency covers therapeutic anticoagulants and
    antiplatelets; for a non-aspirin NSAID the planner says so instead of 'stop'."""
    nsaid = ac.plan("NSAID (non-aspirin)", "radiofrequency ablation", "cervical")
    assert nsaid.sis_position == "" and nsaid.sis_scope_note == ac.SIS_SCOPE_NOTE
    assert any(ac.SIS_SCOPE_NOTE in line for line in nsaid.lines())
    for drug in ("apixaban", "clopidogrel", "aspirin"):
        p = ac.plan(drug, "radiofrequency ablation", "cervical")
        assert p.sis_position and p.sis_scope_note == ""
    # an NSAID with an antiplatelet: the antiplatelet is in scope
    assert ac.plan(["aspirin", "NSAID (non-aspirin)"], "radiofrequency ablation", "cervical").sis_position
    # no SIS statement read for a lumbar procedure: neither line
    lumbar = ac.plan("NSAID (non-aspirin)", "radiofrequency ablation", "lumbar")
    assert lumbar.sis_position == "" and lumbar.sis_scope_note == ""
    from facet_course.lessons.complications import anticoagulation

    _, update = anticoagulation.planner_explorer().make_figure()
    readout = update("NSAID (non-aspirin)", "none", "none", "radiofrequency ablation", "cervical")
    assert "stop before it" not in readout and "anticoagulants and antiplatelets" in readout
    assert "stop before it" in update("clopidogrel", "none", "none", "radiofrequency ablation", "cervical")


def test_a_second_antithrombotic_is_chosen_as_a_drug_not_as_a_factor() -> None:
    """Review s8 F6: the 'another antithrombotic drug' factor duplicated the 'With' control and left the
    planner without the other drug's name; it is gone, and a second drug raises the category."""
    assert not any("antithrombotic" in f for f in ac.patient_factor_table()["factor"])
    with pytest.raises(ValueError):
        ac.check_factors(["another antithrombotic drug taken at the same time"])
    pair = ac.plan(["aspirin", "clopidogrel"], "medial branch block", "lumbar")
    assert pair.raised and pair.planned_category == "intermediate"


def test_consent_rounds_the_intravascular_figures_and_gives_the_neck() -> None:
    """Review s8 F7/F8: whole numbers for patients (rounded half up), the neck's series beside the low back's,
    and no unsourced 'more likely on blood thinners'."""
    from facet_course.lessons import complications as lesson
    from facet_course.models import complications as model

    text = lesson.consent()
    lumbar = [s.percent for s in model.intravascular_series("lumbar") if s.counted_per.startswith("3-level")]
    neck = [s.percent for s in model.intravascular_series("cervical")]
    assert f"about {int(min(lumbar) + 0.5)} to {int(max(lumbar) + 0.5)} in 100 procedures" in text
    assert f"about {int(min(neck) + 0.5)} to {int(max(neck) + 0.5)} in 100 in the neck" in text
    # review s10 F1: the low back in the neck's unit (per injection or level), the 3-level figure apart
    lumbar_all = model.intravascular_series("lumbar")
    back = [s.percent for s in lumbar_all if not s.counted_per.startswith("3-level")]
    assert f"Counted per injection or level, this was seen in about {int(min(back) + 0.5)} to " in text
    assert f"{int(max(back) + 0.5)} in 100 in the low back" in text
    assert text.index("in the neck") < text.index("per whole procedure of three low-back levels")
    # review s10 F2: watched for on live X-ray, not 'found and put right'
    assert "Found and put right" not in text and "live X-ray" in text
    assert f"{min(lumbar):g} to" not in text or min(lumbar) == int(min(lumbar))
    assert "more likely on blood thinners" not in text


# -- review s10: the bleeding bound, one source list, the cervical intra-articular interim advice ----------
def test_the_facet_bleeding_bound_is_none_in_582_procedures_with_its_rule_of_three() -> None:
    """Finding 4: Furman 2025's 0 of 582 facet procedures on antithrombotic drugs is a rate row per procedure,
    shown with the rule-of-three bound (3/582 per 1,000), in the rates table, and in the consent's bleeding
    line with its source; it is never a per-patient figure."""
    from facet_course.lessons import complications as lesson

    row = comp.rate("bleed_facet_on_antithrombotics")
    assert (row.events, row.denominator, row.unit) == (0, 582, "procedures")
    assert row.upper_95_per_1000 == pytest.approx(3 * 1000 / 582)
    assert "none in 582 procedures" in row.text() and "not per patient" in row.text()
    assert "95% CI 0.0-0.6%" in row.finding
    assert row.event in set(lesson.rates_table()["event"])
    consent = lesson.consent()
    label = citations.author_year(citations.source("facet_bleeding_bound"))
    assert "bleeding near the spine (one practice saw none in 582 procedures" in consent
    assert label in consent and "which does not mean never" in consent


def test_the_planner_source_line_names_each_source_once() -> None:
    """Finding 9b: a source named by a table and by a key (SpineUniverse) appears once in the source note."""
    from facet_course.lessons.complications import anticoagulation

    explorer = anticoagulation.planner_explorer()
    fig, _ = explorer.make_figure()
    texts = [t.get_text() for t in fig.texts if t.get_text().startswith("Sources:")]
    assert len(texts) == 1
    named = texts[0].split(". Intervals")[0].removeprefix("Sources: ")
    labels = [label.strip() for label in named.split(";")]
    assert len(labels) == len(set(labels)) and len(labels) > 3


def test_the_cervical_intra_articular_readout_gives_interim_advice_but_no_category() -> None:
    """Finding 6: the not-determined cell keeps no category and says, as the course's reading, to discuss it
    with the prescriber as for the other cervical facet procedures; cells with a category get no such line."""
    from facet_course.lessons.complications import anticoagulation

    update = anticoagulation.planner_explorer().make_figure()[1]
    readout = update("apixaban", "none", "none", "intra-articular injection", "cervical")
    assert "bleeding risk not determined" in readout
    assert "discuss it with the prescriber as for the other cervical facet procedures" in readout
    assert "the course's reading, not the guideline's" in readout
    other = update("apixaban", "none", "none", "medial branch block", "cervical")
    assert "as for the other cervical facet procedures" not in other


def test_vasovagal_management_names_what_the_prevention_review_covers() -> None:
    """Finding 8: no treatment sequence is invented (the one given is read from a contrast-reaction table and
    says so); the prevention review's table is named for what it is."""
    from facet_course.lessons.complications import text

    lines = text.managing_events().split("\n")
    line = " ".join(item for item in lines if "Vasovagal" in item or "vasovagal" in item)
    assert "no sequence written for facet procedures was found" in line
    assert "covers prevention only" in line
    assert citations.author_year(citations.source("vasovagal_prevention_review")) in line


def test_the_missing_events_are_named_with_their_sources_and_no_rate() -> None:
    """Review s10, expected but missing: dural puncture headache (case report, no rate), sedation, implanted
    devices during radiofrequency and gadolinium after a contrast reaction, each with its source's label."""
    from facet_course.lessons.complications import text

    events = text.managing_events()
    for key, words in [
        ("too_deep_dural_puncture", "a case report, so no rate"),
        ("sedation_warning", "heavily sedated or unresponsive"),
        ("rf_implanted_devices", "pacemaker, defibrillator, stimulator or pump"),
        ("contrast_hypersensitivity_gadolinium", "gadolinium"),
    ]:
        line = next(item for item in events.split("\n") if words in item)
        assert citations.author_year(citations.source(key)) in line
    assert events.index("Contrast reaction") < events.index("Sedation") < events.index("Weeks later")


# -- review s12: one rule for cells where the sources read disagree; the readout's own words once ----------


def test_thoracic_joint_follows_the_cervical_joints_rule() -> None:
    """Finding 1: the thoracic intra-articular cell reads 'not determined' like the cervical joint, and the
    readout says to plan it with the prescriber as intermediate, labelled as the course's reading; a lumbar
    cell says neither. (Thoracic medial branch blocks and radiofrequency are low since review s14 of 08.)"""
    from facet_course.lessons.complications import anticoagulation

    procedure = "intra-articular injection"
    update = anticoagulation.planner_explorer().make_figure()[1]
    readout = update("clopidogrel", "none", "none", procedure, "thoracic")
    assert "bleeding risk not determined" in readout and "low bleeding risk" not in readout
    assert "plan it with the prescriber as intermediate" in readout
    assert "the course's reading, not the guideline's" in readout
    # review s13 F3: never 'the safer' reading beside 'a higher category is not safer'
    assert "safer of" not in readout and "stricter is not safer" in readout
    assert readout.count("Table 1") == 1
    lumbar = update("clopidogrel", "none", "none", procedure, "lumbar")
    assert lumbar.startswith(f"lumbar {procedure}: low bleeding risk;")
    assert "as intermediate" not in lumbar and "not determined" not in lumbar


@pytest.mark.parametrize("procedure", ["medial branch block", "radiofrequency ablation"])
def test_thoracic_nerve_procedures_read_low_with_the_disagreement(procedure: str) -> None:
    """Review s14 of 08 (major): thoracic medial branch blocks and radiofrequency read low, as the table
    adapted from the 2018 guideline names them, with the abstract's 'intermediate' beside it and no interim
    plan; stopping a drug is never suggested by the category alone."""
    from facet_course.lessons.complications import anticoagulation

    update = anticoagulation.planner_explorer().make_figure()[1]
    readout = update("aspirin", "none", "none", procedure, "thoracic")
    assert readout.startswith(
        f"thoracic {procedure}: low bleeding risk (sources differ: a conference abstract"
    )
    assert "as intermediate" in readout and "plan it with the prescriber as" not in readout
    assert readout.count("Table 1") == 1 and "not determined" not in readout
    assert ac.interim_category(procedure, "thoracic") is None


def test_a_sources_differ_row_names_table_1_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 7: a row whose wording ends in its own 'Shown: ...; check the guideline's Table 1' clause gets
    one 'check Table 1' in the readout, and the other source's reading whole (commas included)."""
    from facet_course.lessons.complications import anticoagulation

    row = ac.bleeding_risk("medial branch block", "lumbar").copy()
    row["wording"] = (
        "a newsletter says low. Sources differ: an abstract says intermediate, a table says low. "
        "Shown: low; check the guideline's Table 1"
    )
    monkeypatch.setattr(anticoagulation.ac, "bleeding_risk", lambda *_: row)
    said = anticoagulation._differ("medial branch block", "lumbar")
    other = "an abstract says intermediate, a table says low"
    assert said == f" (sources differ: {other}; check Table 1 of the guideline)"


# -- review s12 minor findings -------------------------------------------------------------------------------
def test_vein_timing_starts_with_the_label_not_the_general_window() -> None:
    """Review s12 F2: a needle in a vein gives no minute of grace: the bupivacaine label's 'within seconds to
    a few minutes' comes first, the table's 1-5 minutes only as toxicity in general; the other routes keep the
    table's text."""
    from facet_course.lessons.complications import toxicity

    vein = toxicity.route_timing("vein")
    assert vein.startswith("at once") and "within seconds to a few minutes" in vein
    assert vein.index("within seconds") < vein.index(str(last_model.scenario("vein")["timing"]))
    assert "for toxicity in general" in vein
    label = citations.author_year(citations.source("intravascular_onset_label"))
    row = toxicity.routes_table().set_index("route").loc["vein"]
    assert row["timing"] == vein and label in row["source"]
    for name in ("artery in the neck", "absorption from tissue"):
        assert toxicity.route_timing(name) == last_model.scenario(name)["timing"]


def test_zero_events_with_the_authors_interval_show_it_first() -> None:
    """Review s12 F4: Furman 2025 gives 0/582 with a 95% CI of 0.0-0.6%: the authors' interval (6 per 1,000)
    is shown first, the rule of three (3/582 per 1,000) beside it; a row without an interval is unchanged."""
    row = comp.rate("bleed_facet_on_antithrombotics")
    assert row.ci95_percent == (0.0, 0.6)
    text = row.text()
    assert "95% CI 0.0-0.6% as the authors give it, up to 6 per 1,000 procedures" in text
    assert f"about {3000 / 582:.1f} per 1,000 by the rule of three" in text
    assert text.index("95% CI") < text.index("rule of three")
    kornick = comp.rate("rf_deficit_or_infection")
    assert kornick.ci95_percent is None and "as the authors give it" not in kornick.text()
    frame = comp.complication_table()
    given = frame.dropna(subset=["ci95_low_percent", "ci95_high_percent"])
    assert (given["ci95_low_percent"] <= given["ci95_high_percent"]).all()


def test_tabulated_percentages_name_the_table_and_the_missing_count() -> None:
    """Review s12 F3: Govind's percentages come from the 2022 guideline's table and are not whole numbers of
    49, so they are never '% of 49 patients': the count is said to be missing, and the source column names
    the table."""
    from facet_course.lessons.complications import risks

    table = citations.author_year(citations.source("cervical_complications_table"))
    frame = risks.rates_table().set_index("event")
    for key in risks.TABULATED:
        r = comp.rate(key)
        assert r.events is None and "count behind the percentage is not given" in r.text()
        assert "of 49" not in r.text()
        assert frame.loc[r.event, "source"].endswith(f"as tabulated by {table}")


def test_lipid_readouts_show_the_body_weight_figures_beside_the_course_rules() -> None:
    """Review s12 F6: with a lean weight the infusion and the limit show the body-weight figures too, as the
    bolus does; the stocking figure (more than 1,000 mL while awaiting transfer) is in the band note, above
    every upper limit shown. Above 70 kg the 70-kg value stays, with no heavier-weight figure (review s7 F3,
    tested above)."""
    from facet_course.lessons.complications import toxicity

    per_kg = float(last_model.lipid_table().loc["upper_limit", "value_low"])
    rate = float(last_model.lipid_table().loc["infusion_70_or_less", "value_low"])
    lean = last_model.lipid_plan(45, 35)
    assert lean.infusion_text.startswith(f"{rate * 45:.1f} mL/min")  # review s13 F1: body weight
    assert "of body weight, not of the lean weight" in lean.infusion_text
    assert lean.limit_text().startswith(f"{per_kg:g} mL/kg of body weight, not of the lean weight")
    assert lean.upper_limit_ml == pytest.approx(per_kg * 45)
    assert "lean weight" not in last_model.lipid_plan(45).infusion_text
    stock = last_model.stock_anticipated_ml()
    assert stock == 1000
    assert all(stock > last_model.lipid_plan(w).upper_limit_ml for w in (40, 69, 70, 150))
    assert "more than 1,000 mL while awaiting transfer" in toxicity.band_edge_note()


# -- review s13 -------------------------------------------------------------------------------------------


def test_key_numbers_give_the_thoracic_series_and_what_aspiration_missed() -> None:
    """Review s13 F7: the thoracic intravascular rate (Verrills 2008, 0.7% per block level) and how many of
    Lee 2008's intravascular injections aspiration caught (cervical 7 of 12, lumbar 30 of 88)."""
    from facet_course.lessons import complications as lesson

    text = lesson.key_numbers()
    thoracic = next(line for line in text.splitlines() if "thoracic medial branch blocks" in line)
    assert "0.7% per block level" in thoracic and "Verrills 2008" in thoracic
    caught = next(line for line in text.splitlines() if "caught before the live contrast run" in line)
    assert "cervical 7 of 12 (58%) by aspiration" in caught and "8 (67%) by a spot film" in caught
    assert "lumbar 30 of 88 (34%) by aspiration" in caught and "52 (59%) by a spot film" in caught


def test_the_vasovagal_order_and_condition_are_labelled_as_course_advice() -> None:
    """Review s13 F4: Singh 2008's table lists calling the team with no condition and gives no sequence
    starting with 'stop injecting': the order and 'if it does not settle' are labelled the course's."""
    from facet_course.lessons import complications as lesson

    call = comp.vasovagal_first_aid()[-1]
    assert "if it does not settle" in call[0] and "course's advice" in call[1] and "no condition" in call[1]
    head = next(x for x in lesson.managing_events().splitlines() if "Vasovagal first aid, in order" in x)
    assert "order is the course's advice, not the table's" in head


def test_bleeding_categories_are_not_painted_in_the_verdict_colours() -> None:
    """Review s13 F6: 'low' bleeding risk is not 'safe': the grid uses a neutral light-to-dark scale, never
    the safe/caution/unsafe role colours, and darker means a higher category."""
    from facet_course.core.style import ROLE_COLOURS
    from facet_course.lessons.complications.anticoagulation import CATEGORY_COLOURS
    from matplotlib.colors import to_rgb

    steps = [CATEGORY_COLOURS[k] for k in ("low", "intermediate", "high")]
    verdicts = {ROLE_COLOURS[k].upper() for k in ("safe", "caution", "unsafe")}
    assert not verdicts & {c.upper() for c in steps}
    assert [sum(to_rgb(c)) for c in steps] == sorted((sum(to_rgb(c)) for c in steps), reverse=True)


def test_last_arrhythmia_step_never_uses_lidocaine_and_names_no_unsourced_drug() -> None:
    """Review s13 F5 (answered in part): step 6 says arrhythmias are treated by the usual protocols, may be
    refractory and never with lidocaine (AAGBI card); no source read names amiodarone, so the note says so."""
    row = last_model.treatment_table().set_index("step").loc[6]
    assert "never with lidocaine (AAGBI)" in row["detail"] and "aagbi2010last" in row["source_id"]
    assert "amiodarone" not in row["detail"] and "not read here" in row["note"]


@pytest.mark.parametrize("stem", ["06_complications", "08_cases"])
def test_no_markdown_calls_thoracic_nerve_procedures_undetermined(stem: str) -> None:
    """Review s15 of 06 and 08 (F1, major): after thoracic medial branch blocks and radiofrequency became low
    (review s14 of 08), the notebooks' own markdown (take-aways, speaker notes) still said 'thoracic
    procedures ... not determined' and 'plans it as intermediate'. The markdown must follow the data."""
    import re

    import nbformat

    assert ac.bleeding_risk("medial branch block", "thoracic")["category"] == "low"
    nb = nbformat.read(Path(__file__).parents[1] / "notebooks" / f"{stem}.ipynb", as_version=4)
    stale = re.compile(
        r"thoracic (facet )?procedures[^.]*not determined|for thoracic procedures they disagree|"
        r"disagree on the bleeding category, so the course plans it as intermediate",
        re.IGNORECASE,
    )
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            assert not stale.search(cell.source), (stem, index, cell.source[:200])


def test_pneumothorax_is_named_for_thoracic_procedures_without_a_rate() -> None:
    """Review s15 of 06, expected item 1: pneumothorax, the complication the thoracic level adds, is in the
    no-rate table with what its source says and its source; no rate is invented for it."""
    from facet_course.lessons.complications import risks

    row = comp.rate("thoracic_pneumothorax")
    assert row.rate_percent is None and row.region == "thoracic"
    table = risks.no_rate_table()
    shown = table[table["event"].str.contains("pneumothorax")]
    assert len(shown) == 1
    assert "shortness of breath" in shown.iloc[0]["what was reported"]
    assert shown.iloc[0]["source"] == citations.author_year(row.source_id)


def test_managing_events_name_rf_hazards_and_the_epidural_abscess_from_data() -> None:
    """Review s15 of 06, expected items 2 and 4: grounding-pad burns and motor stimulation before lesioning;
    asepsis and the epidural abscess as the red-flag infection; each line from a data row with its source,
    the case reports in the no-rate table without a rate."""
    from facet_course.lessons.complications import risks, text
    from facet_course.models import aftercare, procedure_steps

    events = text.managing_events()
    burn, abscess = comp.rate("rf_grounding_pad_burn"), comp.rate("epidural_abscess_facet")
    rf_line = next(line for line in events.split("\n") if "grounding pad" in line)
    assert burn.finding in rf_line and citations.author_year(burn.source_id) in rf_line
    stimulation = aftercare.statement("lumbar_guideline_rf_stimulation")
    assert "motor stimulation is strongly recommended" in rf_line
    assert citations.author_year(str(stimulation["source_id"])) in rf_line
    infection_line = next(line for line in events.split("\n") if "think epidural" in line)
    skin = procedure_steps.step("Skin preparation")
    assert skin["why"] in infection_line and abscess.finding in infection_line
    assert citations.author_year(abscess.source_id) in infection_line
    shown = set(risks.no_rate_table()["event"])
    assert {burn.event, abscess.event} <= shown
    assert burn.rate_percent is None and abscess.rate_percent is None


def test_vasovagal_first_aid_gives_iv_fluid_before_atropine_from_a_source_that_says_so() -> None:
    """Review s16 of 06, F1 (major): the sequence secured IV access and isotonic fluid nowhere; the radiology
    manual's vasovagal protocol gives them before atropine (atropine only if symptoms persist). The step is a
    data row with sources whose titles name the fluid, and Singh 2008's silence on it is said."""
    steps = comp.vasovagal_first_aid()
    actions = [a for a, _, _ in steps]
    fluid = next(i for i, a in enumerate(actions) if "IV access" in a and "fluid" in a)
    atropine = next(i for i, a in enumerate(actions) if "atropine" in a)
    legs = next(i for i, a in enumerate(actions) if "legs" in a)
    assert legs < fluid < atropine
    _, detail, ids = steps[fluid]
    assert (
        "Ringer's lactate or normal saline" in detail
        and "Singh 2008's vasovagal row names no fluid" in detail
    )
    for i in ids.split(";"):
        assert "singh2008" not in i
        title = data.reference(i).title.lower()
        assert "atropine" in title and ("ringer" in title or "saline" in title)
    assert "despite fluid" in actions[atropine]


def test_last_steps_alert_bypass_early_and_ventilate_with_100_percent_oxygen() -> None:
    """Review s16 of 06, F2/F3: the alert to a bypass-capable facility is in 'get help', with no arrest
    condition (the ASRA checklist's initial focus); the airway step gives 100% oxygen, with the AAGBI card's
    contrary note on hyperventilation shown, not hidden."""
    steps = {s: (action, detail) for s, action, detail in last_model.treatment_steps()}
    table = last_model.treatment_table().set_index("step")
    help_detail = steps[2][1]
    alert = help_detail.index("Alert the nearest facility that can give cardiopulmonary bypass")
    assert alert < help_detail.index("In circulatory arrest")
    assert "asra_last_checklist2011_copy" in table.loc[2, "source_id"]
    assert "100% oxygen" in steps[3][1] and "hyperventilation may help reduce acidosis" in steps[3][1]
    for i in ("asra_last_checklist2011_copy", "aagbi_qrh_last"):
        assert i in table.loc[3, "source_id"]
        assert "100% oxygen" in data.reference(i).title
