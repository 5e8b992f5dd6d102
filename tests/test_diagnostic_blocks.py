"""Bayes for diagnostic blocks, the guideline tables and the block-to-radiofrequency pathway (notebook 02)."""

from __future__ import annotations

import math

import pytest
from facet_course.core import citations
from facet_course.lessons.patient_selection import bayes, cutoffs, text
from facet_course.models import (
    block_criteria,
    block_pathway,
    block_selection,
    diagnostic_blocks,
    prevalence,
)
from facet_course.models.diagnostic_blocks import TwoByTwo
from hypothesis import given
from hypothesis import strategies as st

probability = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
inner = st.floats(min_value=0.01, max_value=0.99, allow_nan=False)


# -- known 2 x 2 tables ----------------------------------------------------------------------------


def test_schwarzer_1994_two_by_two_gives_its_published_rates() -> None:
    # 176 patients: 83 positive screening blocks, 26 confirmed (15%). Every confirmed patient was positive
    # (sensitivity 1 by the design), so FP = 57 and TN = 176 - 83 = 93.
    table = TwoByTwo(true_positive=26, false_positive=57, false_negative=0, true_negative=93)
    assert table.patients == 176
    assert round(100 * table.false_positive_rate()) == 38  # the paper's false-positive rate
    assert round(100 * table.positive_predictive_value()) == 31  # the paper's positive predictive value
    assert round(100 * table.prevalence()) == 15
    assert table.specificity() == pytest.approx(93 / 150)
    assert table.negative_predictive_value() == 1.0


def test_barnsley_1993_unconfirmed_share_is_one_minus_ppv() -> None:
    # 60 joints positive to a single block, 44 confirmed: 16 of 60 (27%) not confirmed.
    table = TwoByTwo(true_positive=44, false_positive=16, false_negative=0, true_negative=0)
    assert round(100 * (1 - table.positive_predictive_value())) == 27
    # joints negative to the first block were not studied: the table has no negatives to give a specificity
    empty = TwoByTwo(0, 0, 0, 0)
    with pytest.raises(ValueError, match="specificity is undefined"):
        empty.specificity()
    with pytest.raises(ValueError, match="prevalence is undefined"):
        empty.prevalence()


def test_bayes_reproduces_schwarzer_from_the_stored_accuracy() -> None:
    single = diagnostic_blocks.paradigm_accuracy("single_block")
    assert single.assumed == ("sensitivity",)
    ppv = diagnostic_blocks.positive_predictive_value(26 / 176, single.sensitivity, single.specificity)
    assert round(100 * ppv) == round(diagnostic_blocks.measure("schwarzer1994_ppv")["value_pct"])


def test_comparative_blocks_follow_a_screening_block() -> None:
    # Lord 1995 studied patients "after an initial positive response": its accuracy is the second step.
    single = diagnostic_blocks.paradigm_accuracy("single_block")
    pair = diagnostic_blocks.paradigm_accuracy("comparative_blocks")
    assert pair.tested_population == diagnostic_blocks.SCREEN_POSITIVE
    assert single.tested_population == diagnostic_blocks.EVERYONE
    sequence = diagnostic_blocks.paradigm_sequence("comparative_blocks")
    assert sequence.steps == (single, pair)
    assert sequence.sensitivity == pytest.approx(single.sensitivity * pair.sensitivity)
    assert sequence.false_positive_rate == pytest.approx(
        single.false_positive_rate * pair.false_positive_rate
    )
    assert diagnostic_blocks.paradigm_sequence("single_block").steps == (single,)


def test_post_test_after_comparative_blocks_hand_worked() -> None:
    # 15% pre-test: 0.15 * 1 * 0.54 / (0.15 * 0.54 + 0.85 * 0.38 * 0.12) = 0.676; 40%: 0.888; 31%
    # (Manchikanti 2004) screens with its own lumbar false-positive rate 27%: 0.1674 / (0.1674 + 0.69 *
    # 0.27 * 0.12) = 0.882
    labels = {round(100 * o.probability): o.label for o in block_selection.pretest_options()}
    for pre, expected, false_per_100 in (
        (15, 0.081 / (0.081 + 0.85 * 0.0456), 4),
        (31, 0.1674 / (0.1674 + 0.69 * 0.0324), 2),
        (40, 0.216 / (0.216 + 0.60 * 0.0456), 3),
    ):
        label = labels[pre]
        ppv, table = bayes.post_test(label, "comparative_blocks")
        assert ppv == pytest.approx(expected)
        assert table.false_positive == false_per_100
    assert "positive to a screening single block" in bayes.post_test_note()


def test_hand_worked_post_test_probability() -> None:
    # prevalence 0.31, sensitivity 0.54, specificity 0.88: 0.1674 / (0.1674 + 0.69 * 0.12) = 0.6691
    assert diagnostic_blocks.positive_predictive_value(0.31, 0.54, 0.88) == pytest.approx(0.1674 / 0.2502)
    assert diagnostic_blocks.negative_predictive_value(0.31, 0.54, 0.88) == pytest.approx(
        0.69 * 0.88 / (0.31 * 0.46 + 0.69 * 0.88)
    )


def test_expected_table_per_hundred() -> None:
    table = diagnostic_blocks.expected_table(0.31, 1.0, 0.62)
    assert (table.true_positive, table.false_positive, table.false_negative, table.true_negative) == (
        31,
        26,
        0,
        43,
    )


# -- limits ----------------------------------------------------------------------------------------


def test_prevalence_zero_and_one() -> None:
    assert diagnostic_blocks.positive_predictive_value(0.0, 0.9, 0.8) == 0.0
    assert diagnostic_blocks.positive_predictive_value(1.0, 0.9, 0.8) == 1.0
    assert diagnostic_blocks.negative_predictive_value(0.0, 0.9, 0.8) == 1.0
    assert diagnostic_blocks.negative_predictive_value(1.0, 0.9, 0.8) == 0.0


def test_undefined_post_test_probability_is_refused() -> None:
    with pytest.raises(ValueError, match="undefined"):
        diagnostic_blocks.positive_predictive_value(0.0, 0.9, 1.0)  # nobody can test positive
    with pytest.raises(ValueError, match="undefined"):
        diagnostic_blocks.negative_predictive_value(1.0, 1.0, 0.5)  # nobody can test negative


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [1.2, -0.1, math.nan, math.inf, "0.3", True, None])
def test_probabilities_outside_0_to_1_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="prevalence"):
        diagnostic_blocks.positive_predictive_value(bad, 0.9, 0.8)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="specificity"):
        diagnostic_blocks.expected_table(0.3, 0.9, bad)  # type: ignore[arg-type]


def test_percent_instead_of_fraction_is_explained() -> None:
    with pytest.raises(ValueError, match="from 0 to 1"):
        diagnostic_blocks.positive_predictive_value(31, 0.9, 0.8)


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_negative_or_fractional_counts_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="false_positive"):
        TwoByTwo(10, bad, 0, 5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="patients"):
        diagnostic_blocks.expected_table(0.3, 0.9, 0.8, patients=bad)  # type: ignore[arg-type]


def test_placebo_controlled_blocks_are_the_reference_standard() -> None:
    with pytest.raises(ValueError, match="reference standard"):
        diagnostic_blocks.paradigm_accuracy("placebo_controlled_blocks")
    with pytest.raises(ValueError, match="choose one of"):
        diagnostic_blocks.paradigm_accuracy("triple_blocks")


# -- properties ------------------------------------------------------------------------------------


@given(inner, inner, inner)
def test_a_positive_block_never_lowers_the_probability_when_it_is_informative(
    p: float, se: float, sp: float
) -> None:
    ppv = diagnostic_blocks.positive_predictive_value(p, se, sp)
    if se + sp > 1:  # likelihood ratio above 1
        assert ppv >= p - 1e-12
    assert 0.0 <= ppv <= 1.0


@given(inner, inner, inner, inner)
def test_post_test_probability_rises_with_prevalence(p1: float, p2: float, se: float, sp: float) -> None:
    low, high = sorted((p1, p2))
    assert (
        diagnostic_blocks.positive_predictive_value(low, se, sp)
        <= diagnostic_blocks.positive_predictive_value(high, se, sp) + 1e-12
    )


@given(probability, probability, probability, st.integers(min_value=0, max_value=1000))
def test_expected_table_adds_up_and_matches_the_exact_values(p: float, se: float, sp: float, n: int) -> None:
    table = diagnostic_blocks.expected_table(p, se, sp, patients=n)
    assert table.patients == n
    assert abs(table.true_positive - n * p * se) < 1.0 + 1e-9
    assert abs(table.false_positive - n * (1 - p) * (1 - sp)) < 1.0 + 1e-9


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_table_ppv_agrees_with_bayes(tp: int, fp: int, fn: int, tn: int) -> None:
    table = TwoByTwo(tp, fp, fn, tn)
    if tp + fn and fp + tn and tp + fp:
        bayes = diagnostic_blocks.positive_predictive_value(
            table.prevalence(), table.sensitivity(), table.specificity()
        )
        assert bayes == pytest.approx(table.positive_predictive_value())


# -- guidelines and pre-test probabilities ---------------------------------------------------------


def test_cutoffs_come_from_notebook_05s_table() -> None:
    for region in block_selection.REGIONS:
        rows = block_selection.guidelines(region, "cutoff")
        own = rows[rows["region"] == region]
        assert list(own["cutoff"]) == [block_criteria.cutoff_text(region)]
    assert block_selection.block_verdict(50, "lumbar") == "positive"
    assert block_selection.block_verdict(50, "cervical") == "negative"


def test_both_cervical_durations_are_kept() -> None:
    care = block_selection.guidelines("cervical", "conservative_care")
    cervical = care[care["region"] == "cervical"]
    assert sorted(cervical["conservative_care_weeks"]) == [6, 13]
    assert set(cervical["setting"]) == {"graded recommendation", "clinical practice table"}


def test_guideline_filters_refuse_unknown_values() -> None:
    with pytest.raises(ValueError, match="region"):
        block_selection.guidelines("thoracic")
    with pytest.raises(ValueError, match="topic"):
        block_selection.guidelines("lumbar", "cost")
    with pytest.raises(ValueError, match="0 to 100"):
        block_selection.block_verdict(120, "lumbar")


def test_pretest_options_are_prevalences_from_01s_table() -> None:
    options = block_selection.pretest_options()
    assert options and all(0 < o.probability < 1 for o in options)
    assert {o.region for o in options} == {"lumbar", "cervical"}
    first = options[0]
    assert block_selection.pretest(first.label) == first
    with pytest.raises(ValueError, match="no prevalence"):
        block_selection.pretest("lumbar 99%")


def test_pretest_labels_name_the_population() -> None:
    # Lord 1996's 50% is C2-3 pain in whiplash patients with dominant headache, not cervical facet pain
    (c23,) = [o for o in block_selection.pretest_options() if o.region == "cervical" and o.probability == 0.5]
    assert "C2-3" in c23.label and "headache" in c23.label


def test_cutoff_outcomes_have_ordered_relief_ranges() -> None:
    table = block_selection.cutoff_outcomes()
    assert (table["relief_low_pct"] <= table["relief_high_pct"]).all()
    assert set(block_selection.cutoff_outcomes("cervical")["region"]) == {"cervical"}


# -- pathway ---------------------------------------------------------------------------------------


def test_no_block_treats_everyone_and_blocks_treat_fewer() -> None:
    arms = [
        block_pathway.expected_pathway(100, 0.31, a, 0.6, success_without=0.3) for a in block_pathway.ARMS
    ]
    assert arms[0].treated == 100 and arms[0].blocks_done == 0
    assert arms[0].successes == pytest.approx(31 * 0.6 + 69 * 0.3)
    assert arms[0].treated > arms[1].treated > arms[2].treated
    assert arms[0].success_of_arm > arms[1].success_of_arm > arms[2].success_of_arm
    assert arms[2].success_of_treated > arms[0].success_of_treated  # type: ignore[operator]


def test_second_block_has_lords_accuracy_in_the_screen_positive() -> None:
    # Lord 1995 measured comparative blocks only after an initial positive block: its sensitivity and
    # specificity are used directly for those who reach the second step, never divided by the first's.
    pair = diagnostic_blocks.paradigm_accuracy("comparative_blocks")
    single = diagnostic_blocks.paradigm_accuracy("single_block")
    arm = block_pathway.expected_pathway(1000, 0.5, "comparative_blocks", 1.0, success_without=0.0)
    assert arm.treated_with_facet_pain == pytest.approx(500 * single.sensitivity * pair.sensitivity)
    assert arm.treated - arm.treated_with_facet_pain == pytest.approx(
        500 * single.false_positive_rate * pair.false_positive_rate
    )
    # everyone has the screening block; each screen-positive patient then has the PAIR: two blocks
    assert arm.blocks_done == pytest.approx(
        1000 + 2 * (500 * single.sensitivity + 500 * single.false_positive_rate)
    )


def test_comparative_arm_at_the_defaults_hand_worked() -> None:
    # 50 patients, 31%, success 60% / 32%: screen 1.00 / 0.38, then the pair 0.54 / 0.12 among the
    # screen-positive. By hand: facet 15.5, other 34.5; screen-positive 15.5 + 34.5 x 0.38 = 15.5 + 13.11
    # = 28.61; blocks 50 + 2 x 28.61 = 107.22 (the pair is two blocks, not one: 78.61 would undercount);
    # treated 15.5 x 0.54 + 13.11 x 0.12 = 8.37 + 1.5732 = 9.9432; successes 8.37 x 0.6 + 1.5732 x 0.32
    # = 5.022 + 0.503424 = 5.525424; blocks per success 107.22 / 5.525424 = 19.40.
    arm = block_pathway.expected_pathway(50, 0.31, "comparative_blocks", 0.6, success_without=0.32)
    assert arm.blocks_done == pytest.approx(107.22)
    assert arm.treated == pytest.approx(9.9432)
    assert arm.successes == pytest.approx(5.525424)
    assert round(arm.blocks_per_success, 1) == 19.4  # type: ignore[arg-type]
    assert round(100 * arm.success_of_treated) == 56  # type: ignore[operator]


def test_successes_split_by_facet_pain_hand_worked() -> None:
    # 50 patients, 31%, success 60% / 32%: facet 15.5, other 34.5. No block: 15.5 x 0.6 = 9.3 with facet
    # pain + 34.5 x 0.32 = 11.04 without (20.34). One block (sensitivity 1.00, FPR 0.38): 15.5 x 1.00 x 0.6
    # = 9.3 with + 34.5 x 0.38 x 0.32 = 13.11 x 0.32 = 4.1952 without (13.4952). So the 6.8448 successes
    # the block loses are all WITHOUT facet pain; with 0% 'success' without facet pain both arms have 9.3.
    none = block_pathway.expected_pathway(50, 0.31, "no_block", 0.6, success_without=0.32)
    one = block_pathway.expected_pathway(50, 0.31, "single_block", 0.6, success_without=0.32)
    assert none.successes_with_facet_pain == pytest.approx(9.3)
    assert none.successes_without_facet_pain == pytest.approx(11.04)
    assert one.successes_with_facet_pain == pytest.approx(9.3)
    assert one.successes_without_facet_pain == pytest.approx(4.1952)
    assert none.successes - one.successes == pytest.approx(6.8448)
    zero = [
        block_pathway.expected_pathway(50, 0.31, a, 0.6, success_without=0.0)
        for a in ("no_block", "single_block")
    ]
    assert zero[0].successes == pytest.approx(9.3) and zero[1].successes == pytest.approx(9.3)
    # the comparative pair misses true cases (sensitivity 0.54): 15.5 x 0.54 x 0.6 = 5.022 with facet pain
    pair = block_pathway.expected_pathway(50, 0.31, "comparative_blocks", 0.6, success_without=0.0)
    assert pair.successes_with_facet_pain == pytest.approx(5.022)


def test_success_without_options_span_zero_to_the_borrowed_value() -> None:
    options = block_pathway.success_otherwise_options()
    assert options == sorted(options) and len(options) == len(set(options)) >= 2
    assert options[0] == 0
    assert 100 * block_pathway.success_otherwise() in options
    table = block_pathway.assumptions()
    what_ifs = table[table["id"].str.startswith("rf_success_without_facet")]
    assert (what_ifs["kind"] == "ILLUSTRATIVE assumption").all()


def test_simulated_split_is_consistent() -> None:
    arm = block_pathway.simulate_pathway(2_000, 0.31, "single_block", 0.6, seed=5, success_without=0.32)
    assert 0 <= arm.successes_with_facet_pain <= arm.treated_with_facet_pain
    assert 0 <= arm.successes_without_facet_pain <= arm.treated - arm.treated_with_facet_pain
    none = block_pathway.simulate_pathway(2_000, 0.31, "single_block", 0.6, seed=5, success_without=0.0)
    assert none.successes_without_facet_pain == 0


@pytest.mark.parametrize("option", block_selection.pretest_options(), ids=lambda o: o.label[:12])
def test_simulated_arms_share_the_patients_and_their_radiofrequency_luck(
    option: block_selection.PreTest,
) -> None:
    # Common random numbers (review s8, 02 F1): with a single block that never misses facet pain and no
    # success without facet pain, the single block treats every patient who could succeed, so its successes
    # equal the no-block arm's in every seed; the comparative pair can only lose some.
    for seed in range(60):
        arms = {
            name: block_pathway.simulate_pathway(
                100, option.probability, name, 0.6, seed=seed, success_without=0.0, pairing=option
            )
            for name in block_pathway.ARMS
        }
        assert block_pathway.stages("single_block", option)[0].positive_if_facet == 1.0
        assert arms["single_block"].successes == arms["no_block"].successes, (option.label, seed)
        assert arms["comparative_blocks"].successes <= arms["single_block"].successes, (option.label, seed)
        assert len({a.facet_pain for a in arms.values()}) == 1
    # with success without facet pain, the single block loses exactly the non-facet successes it screens out
    none = block_pathway.simulate_pathway(
        100, option.probability, "no_block", 0.6, seed=8, success_without=0.32
    )
    one = block_pathway.simulate_pathway(
        100, option.probability, "single_block", 0.6, seed=8, success_without=0.32
    )
    assert one.successes_with_facet_pain == none.successes_with_facet_pain
    assert one.successes_without_facet_pain <= none.successes_without_facet_pain


def test_arms_count_their_blocks_and_are_not_the_trials_two_block_arm() -> None:
    assert [block_pathway.blocks_per_patient(a) for a in block_pathway.ARMS] == [0, 1, 3]
    assert "NOT the two-block arm" in (block_pathway.__doc__ or "")
    with pytest.raises(ValueError, match="choose one of"):
        block_pathway.stages("two_blocks")


def test_denervations_and_blocks_are_counted_apart() -> None:
    arms = [
        block_pathway.expected_pathway(100, 0.31, a, 0.6, success_without=0.3) for a in block_pathway.ARMS
    ]
    assert not hasattr(arms[0], "procedures_per_success")
    assert arms[0].blocks_per_success == 0
    for arm in arms:
        assert arm.denervations_per_success == pytest.approx(1 / arm.success_of_treated)  # type: ignore[operator]
        assert arm.blocks_per_success == pytest.approx(arm.blocks_done / arm.successes)
    # blocks select patients whose denervation succeeds more often: fewer denervations per success
    assert arms[0].denervations_per_success > arms[2].denervations_per_success  # type: ignore[operator]


@given(inner, inner, inner, st.sampled_from(["single_block", "comparative_blocks"]))
def test_blocks_per_success_verdict_is_not_fixed_by_construction(
    p: float, s1: float, s0: float, arm: str
) -> None:
    # Denervations per success fall with blocks exactly when radiofrequency works better with facet pain
    # than without: the answer depends on the inputs, not on how the model counts.
    none = block_pathway.expected_pathway(100, p, "no_block", s1, success_without=s0)
    some = block_pathway.expected_pathway(100, p, arm, s1, success_without=s0)
    if abs(s1 - s0) < 1e-6:
        return
    fewer = some.denervations_per_success < none.denervations_per_success  # type: ignore[operator]
    assert fewer == (s1 > s0)


def test_success_without_facet_pain_is_labelled_illustrative() -> None:
    row = block_pathway.success_otherwise_row()
    assert row["kind"] == "ILLUSTRATIVE assumption"
    assert "not a 3-month radiofrequency outcome" in row["basis"]
    assert "paraspinal muscles" in row["basis"]
    assert block_pathway.success_otherwise() == pytest.approx(prevalence.placebo_response_fraction())


def test_pretest_limits() -> None:
    none = block_pathway.expected_pathway(100, 0.0, "single_block", 0.6, success_without=0.3)
    assert none.treated_with_facet_pain == 0
    everyone = block_pathway.expected_pathway(100, 1.0, "comparative_blocks", 0.6, success_without=0.3)
    assert everyone.successes == pytest.approx(everyone.treated * 0.6)


def test_simulation_is_seeded_and_near_the_expectation() -> None:
    a = block_pathway.simulate_pathway(20_000, 0.31, "comparative_blocks", 0.6, seed=3)
    assert a == block_pathway.simulate_pathway(20_000, 0.31, "comparative_blocks", 0.6, seed=3)
    expected = block_pathway.expected_pathway(20_000, 0.31, "comparative_blocks", 0.6)
    assert a.blocks_done == pytest.approx(expected.blocks_done, rel=0.05)
    assert a.treated == pytest.approx(expected.treated, rel=0.05)
    assert a.successes == pytest.approx(expected.successes, rel=0.08)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"arm": 2}, "choose one of"),
        ({"arm": "two_blocks"}, "choose one of"),
        ({"patients": 0}, "patients"),
        ({"patients": 12.5}, "patients"),
        ({"pretest": 1.5}, "pretest"),
        ({"success_if_facet": -0.2}, "success_if_facet"),
        ({"seed": -1}, "seed"),
    ],
)
def test_pathway_bad_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "patients": 50,
        "pretest": 0.3,
        "arm": "single_block",
        "success_if_facet": 0.6,
        "seed": 1,
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        block_pathway.simulate_pathway(**args)  # type: ignore[arg-type]


@given(probability, st.sampled_from(block_pathway.ARMS), probability, probability)
def test_pathway_counts_stay_consistent(p: float, name: str, s1: float, s0: float) -> None:
    arm = block_pathway.expected_pathway(100, p, name, s1, success_without=s0)
    assert 0 <= arm.treated_with_facet_pain <= arm.treated + 1e-9
    assert arm.treated <= 100 + 1e-9
    assert 0 <= arm.successes <= arm.treated + 1e-9
    assert -1e-9 <= arm.successes_with_facet_pain <= arm.treated_with_facet_pain + 1e-9
    assert -1e-9 <= arm.successes_without_facet_pain <= arm.treated - arm.treated_with_facet_pain + 1e-9
    assert arm.blocks_done <= block_pathway.blocks_per_patient(name) * 100 + 1e-9


def test_trial_and_assumptions_tables() -> None:
    trial = block_pathway.trial_table()
    assert list(trial["blocks"]) == [0, 1, 2]
    assert (trial["success_of_treated_pct"] >= trial["success_of_arm_pct"]).all()
    options = block_pathway.success_if_facet_options()
    assert options == sorted(options) and all(0 < v < 100 for v in options)
    assert block_pathway.arm_size() > 0
    assert 0 < block_pathway.success_otherwise() < 1


# -- lesson readouts (review of notebook 02) -----------------------------------------------------------


def test_cervical_block_at_exactly_the_cut_off_names_the_wording_difference() -> None:
    # the cervical recommendation reads '> 50%' while its evidence table groups patients from 50%
    at = cutoffs._readout("cervical", 50, block_selection.block_verdict(50, "cervical"))
    # review s5 02, finding 3: exactly at the strict '> 50%' threshold is borderline, not a hard negative
    assert "<b>borderline" in at and "<b>negative</b>" not in at
    assert "would be borderline" in cutoffs._readout("lumbar", 50, "positive")
    assert "<b>negative</b>" in cutoffs._readout("cervical", 40, "negative")
    assert "below the practice table's wording" in at and "groups patients from 50%" in at
    above = cutoffs._readout("cervical", 60, block_selection.block_verdict(60, "cervical"))
    lumbar = cutoffs._readout("lumbar", 50, block_selection.block_verdict(50, "lumbar"))
    assert "practice table's wording" not in above + lumbar


def test_whole_cohort_rate_is_not_shown_as_a_relief_group() -> None:
    readout = cutoffs._readout("lumbar", 40, "negative")
    groups, _, reference = readout.partition("For reference, not a relief group:")
    assert "all patients" not in groups and "all patients" in reference


def test_self_check_compares_the_same_measure() -> None:
    question = text.self_check_questions()[2]
    keyed = question.options[question.answer]
    ppv = diagnostic_blocks.measure("schwarzer1994_ppv")
    assert f"{100 - ppv['value_pct']:g}%" in keyed and "lumbar" in keyed


def test_mri_misconception_is_answered_with_the_prognosis_finding() -> None:
    cervical = block_selection.guidelines("cervical", "imaging")
    finding = str(cervical[cervical["region"] == "cervical"].iloc[0]["recommendation"]).split(";")[0]
    bullet = next(b for b in text.misconceptions().split("\n") if "MRI" in b)
    assert finding in bullet


def test_sedation_cites_the_published_trial_and_its_population() -> None:
    # the registered trial (NCT01472835) was published (Pain Med 2014): cite the result, name that it was in
    # sacroiliac and sympathetic blocks, not facet blocks, and never call the point merely 'debated'
    sedation = next(b for b in text.why_blocks().split("\n") if "sedation" in b)
    trial = citations.source("sedation_trial_result")
    assert citations.author_year(trial) in sedation
    assert "sacroiliac and sympathetic" in sedation
    assert "debated" not in sedation and "registered" not in sedation


def test_cervical_post_test_rows_are_flagged_as_borrowing_the_lumbar_specificity() -> None:
    # review s5 02, finding 1: rows whose study gives its own single-block rate (Manchikanti 2004) borrow none
    frame = bayes.post_test_table()
    flag = frame["borrowed (ILLUSTRATIVE)"]
    cervical = frame["pre-test probability"].str.startswith("cervical")
    rates = block_selection.single_block_false_positives()
    own = frame["prevalence source"] == citations.author_year(str(rates["source_id"].iloc[0]))
    assert own.sum() == 2 and (cervical & own).sum() == 1
    assert cervical.any() and flag[cervical & ~own].str.contains("LUMBAR specificity").all()
    assert flag[own].str.contains("OWN").all() and not flag[own].str.contains("LUMBAR").any()
    assert not flag[~cervical].str.contains("LUMBAR").any()
    neck = block_selection.single_block_false_positives()
    neck = neck[neck["region"] == "cervical"].iloc[0]
    assert f"{neck['value_pct']:g}%" in frame.attrs["note"] and "ILLUSTRATIVE" in frame.attrs["note"]


def test_cutoff_readout_names_measurement_error_only_where_the_wordings_disagree() -> None:
    label = citations.author_year(citations.source("relief_report_error"))
    at_half = cutoffs._readout("cervical", 50, block_selection.block_verdict(50, "cervical"))
    assert block_selection.block_verdict(50, "cervical") != block_selection.block_verdict(50, "lumbar")
    assert label in at_half and "one-point gap" in at_half
    assert label not in cutoffs._readout("cervical", 60, block_selection.block_verdict(60, "cervical"))


def test_saline_into_the_paraspinal_muscles_is_not_labelled_placebo_controlled() -> None:
    (schwarzer,) = [o for o in block_selection.pretest_options() if "paraspinal" in o.label]
    assert "placebo" not in schwarzer.label and schwarzer.region == "lumbar"


def test_every_pretest_option_carries_its_studys_criterion() -> None:
    # review 8, minor 6: the pre-test probabilities counted facet pain by different relief criteria
    table = prevalence.prevalence_table()
    table = table[table["quantity"] == "prevalence"]
    for option in block_selection.pretest_options():
        (row,) = table[
            (table["region"] == option.region)
            & (table["value_pct"] == round(100 * option.probability))
            & (table["source_id"] == option.source_id)
        ]["criterion"]
        assert option.criterion == row and option.criterion
    frame = bayes.post_test_table()
    shown = frame.set_index("pre-test probability")["how the study counted facet pain"]
    assert all(shown[o.label] == o.criterion for o in block_selection.pretest_options())


def test_neck_single_block_check_uses_manchikantis_own_prevalence_and_rate() -> None:
    # 55% prevalence, 63% false-positive rate read as 1 - specificity: 0.55 / (0.55 + 0.45 x 0.63) = 0.66,
    # against 0.55 / (0.55 + 0.45 x 0.38) = 0.76 with the lumbar specificity the table borrows
    neck = block_selection.single_block_false_positives()
    rate = neck[neck["region"] == "cervical"].iloc[0]["value_pct"] / 100
    pre, course, own = bayes.neck_single_block_check()
    single = diagnostic_blocks.paradigm_accuracy("single_block")
    assert own == pytest.approx(pre / (pre + (1 - pre) * rate))
    assert course == pytest.approx(pre / (pre + (1 - pre) * single.false_positive_rate))
    assert own < course  # the neck's own, higher false-positive rate lowers the post-test probability
    (row,) = [
        r
        for r in bayes.post_test_table().to_dict("records")
        if r["pre-test probability"].startswith(f"cervical {100 * pre:g}%")
        and "practice" in r["pre-test probability"]
    ]
    # review s5 02, finding 1: the table pairs the study's own rate; the note shows both figures
    assert row["single block: post-test"] == f"{100 * own:.0f}%" == "66%"
    note = bayes.post_test_note()
    assert f"gives {100 * own:.0f}% (with Schwarzer 1994's 38% it would be {100 * course:.0f}%)" in note


def test_single_block_note_names_the_screening_blocks_and_their_source() -> None:
    # review 8, minor 5: Schwarzer's screening blocks were joint injections or medial branch blocks
    note = bayes.post_test_note()
    assert "intra-articular" in note and "medial branch" in note
    assert citations.short(citations.source("schwarzer1994_screening_blocks")) in note


def test_news_sourced_grades_say_so() -> None:
    # review 8, minor 3: grades read only in a news summary are labelled as such wherever they are shown
    rows = block_selection.guidelines("cervical")
    news = rows[rows["source_id"].str.contains("sel_hurley2021_news")]
    assert len(news) == 2 and news["grade"].str.contains("news summary").all()
    assert "news summary" in text.why_blocks() and "news summary" in text.trial_conclusion()


def test_pathway_twin_keeps_zero_the_borrowed_value_and_the_default_seed() -> None:
    from facet_course.lessons.patient_selection import pathway

    controls = {c.name: c for c in pathway.pathway_explorer().controls}
    without = controls["success_without"].frames()
    assert 0.0 in without and 100 * block_pathway.success_otherwise() in without
    assert controls["seed"].default() in controls["seed"].frames()
    every = math.prod(len(list(c.options)) for c in controls.values())
    assert (
        math.prod(len(c.frames()) for c in controls.values()) < every
    )  # fewer frames than every combination


def test_the_pathway_twin_has_every_success_without_facet_pain_the_text_names() -> None:
    # Review s6 of 02 (F1): the text asks for the 16% what-if; the handout offered only 0% and 32%.
    from facet_course.lessons.patient_selection import pathway
    from facet_course.models import block_pathway

    frames = {combo["success_without"] for combo in pathway.pathway_explorer().twin_combinations()}
    assert frames == set(block_pathway.success_otherwise_options()) and len(frames) >= 3


def test_trial_success_is_defined_wherever_its_rates_are_shown() -> None:
    """Review s6 02, 2: the trial's 'success' is its predefined 3-month outcome, from its data row."""
    from facet_course.lessons.patient_selection import pathway

    definition = str(block_pathway.trial_table()["success_definition"].iloc[0])
    assert "global perceived effect" in definition and "3 months" in definition
    assert definition in pathway.trial_caption()
    assert definition in text.trial_conclusion()
    assert definition in text.misconceptions()


def test_an_undated_web_page_is_cited_as_undated() -> None:
    """Review s6 02, 10: an '(undated) accessed' reference is not shown as a publication of that year."""
    ref = citations.reference("tech_nbt_leaflet")
    assert "(undated)" in ref.journal
    assert text._label("tech_nbt_leaflet") == f"North Bristol NHS Trust (undated, accessed {ref.year})"
    assert f"(undated, accessed {ref.year})" in text.before_you_book()
    assert f"North Bristol NHS Trust {ref.year}" not in text.before_you_book()
