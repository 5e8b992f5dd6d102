"""The pharmacology model: drug data access and the two effect-time curves, checked against the tables."""

from __future__ import annotations

import math

import numpy as np
import pytest
from facet_course.core import data
from facet_course.models import pharmacology as ph
from facet_course.models import systemic_effects
from hypothesis import given, settings
from hypothesis import strategies as st

LA = ph.local_anaesthetics()
STEROIDS = ph.corticosteroids()
finite_times = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False)


def test_drug_lists_are_the_tables_and_include_the_agreed_names() -> None:
    assert LA == list(data.load_table("local_anaesthetics")["drug"])
    assert {"lidocaine", "bupivacaine", "ropivacaine"} <= set(LA)
    assert {"methylprednisolone acetate", "triamcinolone acetonide", "betamethasone", "dexamethasone"} <= set(
        STEROIDS
    )


@pytest.mark.parametrize("function", [ph.local_anaesthetic_relief, ph.steroid_relief])
def test_unknown_drug_names_list_the_known_ones(function) -> None:
    with pytest.raises(ValueError, match="known:") as info:
        function("cocaine", 1.0)
    assert "cocaine" in str(info.value)


def test_a_combination_no_source_covers_is_refused_with_the_alternatives() -> None:
    with pytest.raises(ValueError, match="without adrenaline"):
        ph.local_anaesthetic_relief("ropivacaine", 1.0, adrenaline=True)
    with pytest.raises(ValueError, match="unknown setting"):
        ph.local_anaesthetic_relief("lidocaine", 1.0, setting="intrathecal")


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_times_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        ph.local_anaesthetic_relief("lidocaine", bad)
    with pytest.raises(ValueError, match="finite"):
        ph.steroid_relief("dexamethasone", np.array([1.0, bad]))


def test_time_course_is_the_envelope_of_the_table_rows() -> None:
    frame = data.load_table("local_anaesthetics_time_course")
    rows = frame[
        (frame["drug"] == "ropivacaine")
        & (~frame["adrenaline"])
        & (frame["setting"] == "peripheral nerve block")
    ]
    course = ph.local_anaesthetic_time_course("ropivacaine")
    assert course.onset_min.low == rows["onset_min_low"].min()
    assert course.duration_h.high == rows["duration_h_high"].max()
    assert set(course.duration_h.source_id.split(";")) == set(rows["source_id"])


@pytest.mark.parametrize("drug", LA)
def test_block_is_full_between_latest_onset_and_earliest_offset_and_gone_after(drug: str) -> None:
    course = ph.local_anaesthetic_time_course(drug)
    latest_onset_h = course.onset_min.high / 60
    inside = np.linspace(latest_onset_h, course.duration_h.low, 5)
    assert np.allclose(ph.local_anaesthetic_relief(drug, inside), 1.0)
    after = np.array([course.duration_h.high, course.duration_h.high + 5])
    assert np.allclose(ph.local_anaesthetic_relief(drug, after), 0.0)
    assert ph.local_anaesthetic_relief(drug, -0.5) == 0.0
    assert ph.local_anaesthetic_relief(drug, 0.0) == 0.0


def test_bupivacaine_outlasts_lidocaine_as_the_sources_say() -> None:
    lido = ph.local_anaesthetic_time_course("lidocaine").duration_h
    t = np.array([lido.high + 0.5])
    assert ph.local_anaesthetic_relief("bupivacaine", t)[0] > ph.local_anaesthetic_relief("lidocaine", t)[0]


def test_adrenaline_prolongs_lidocaine() -> None:
    plain = ph.local_anaesthetic_time_course("lidocaine", adrenaline=False).duration_h
    t = np.linspace(plain.low, plain.high, 7)
    assert np.all(
        ph.local_anaesthetic_relief("lidocaine", t, adrenaline=True)
        >= ph.local_anaesthetic_relief("lidocaine", t)
    )


@settings(max_examples=200, deadline=None)
@given(drug=st.sampled_from(LA), adrenaline=st.booleans(), t=st.lists(finite_times, min_size=1, max_size=20))
def test_local_anaesthetic_relief_is_a_fraction_or_a_clear_refusal(
    drug: str, adrenaline: bool, t: list[float]
) -> None:
    try:
        relief = ph.local_anaesthetic_relief(drug, np.array(t), adrenaline=adrenaline)
    except ValueError as error:
        assert str(error)
        return
    assert relief.shape == (len(t),)
    assert np.all((relief >= 0) & (relief <= 1))


@settings(max_examples=200, deadline=None)
@given(drug=st.sampled_from(STEROIDS), t=st.lists(finite_times, min_size=1, max_size=20))
def test_steroid_relief_is_a_fraction(drug: str, t: list[float]) -> None:
    relief = ph.steroid_relief(drug, np.array(t))
    assert np.all((relief >= 0) & (relief <= 1))


@pytest.mark.parametrize("drug", STEROIDS)
def test_steroid_relief_is_delayed_peaks_then_wanes_to_nothing(drug: str) -> None:
    course = ph.steroid_time_course(drug)
    days = np.linspace(0, course.duration_days.high + 30, 2000)
    relief = ph.steroid_relief(drug, days)
    assert relief[0] == 0.0
    assert ph.steroid_relief(drug, course.onset_days.low)[()] == 0.0  # nothing before the earliest onset
    assert relief.max() > 0.3
    assert np.all(relief[days >= course.duration_days.high] == 0.0)
    # the largest effect comes after the earliest onset and no later than the latest published peak
    step = days[1] - days[0]
    assert course.onset_days.low < days[np.argmax(relief)] <= course.peak_days.high + step


def test_a_label_repeat_interval_never_ends_the_effect_curve() -> None:
    # Review s7 of 04 (F1): dexamethasone's label repeat interval (3-21 days) is how often it may be
    # repeated, not how long relief lasts; no source read gives dexamethasone a shorter duration.
    frame = data.load_table("corticosteroids_time_course")
    repeat_rows = frame[frame["basis"].str.startswith("label repeat interval")]
    assert set(repeat_rows["quantity"]) == {"label_repeat_days"}
    dex = ph.steroid_time_course("dexamethasone")
    row = repeat_rows[repeat_rows["drug"] == "dexamethasone"].iloc[0]
    assert (dex.label_repeat_days.low, dex.label_repeat_days.high) == (row["low"], row["high"])
    assert dex.duration_days.low > dex.label_repeat_days.high
    assert ph.steroid_relief("dexamethasone", dex.label_repeat_days.high)[()] > 0.5
    assert ph.steroid_time_course("triamcinolone acetonide").label_repeat_days is None


def test_comparative_trials_name_their_route_and_source() -> None:
    # Review s7 of 04 (F1): relief over time in the dexamethasone comparisons, by route (mostly not facet).
    frame = ph.steroid_comparative_trials_table()
    assert {"denis2015", "elyahchouchi2013", "gandhi2024"} <= set(frame["source_id"])
    assert frame["route"].str.contains("transforaminal").sum() == 2
    assert frame["route"].str.contains("facet intra-articular").sum() == 1
    for ids in frame["source_id"]:
        assert data.reference(ids).url.startswith("https://")


def test_particles_against_red_cells_follow_the_microscopy_studies() -> None:
    rbc = ph.red_cell_diameter_um()
    assert rbc.low <= rbc.mid <= rbc.high
    assert ph.largest_particle_vs_red_cell("triamcinolone acetonide") > 1
    assert ph.largest_particle_vs_red_cell("methylprednisolone acetate") > 1
    assert ph.largest_particle_vs_red_cell("dexamethasone") < 1
    particulate = {d: bool(ph.corticosteroid_info(d)["particulate"]) for d in STEROIDS}
    assert particulate == {
        "methylprednisolone acetate": True,
        "triamcinolone acetonide": True,
        "betamethasone": True,
        "dexamethasone": False,
    }


def test_strength_conversion_and_label_strengths() -> None:
    assert ph.percent_to_mg_per_ml(1) == 10
    assert ph.percent_to_mg_per_ml(0.25) == 2.5
    for drug in LA:
        strengths = ph.marketed_strengths_percent(drug)
        assert max(strengths) == ph.local_anaesthetic_info(drug)["highest_strength_percent"]


# -- one loader per table: the models' loaders are the tables -----------------------------------------------


@pytest.mark.parametrize(
    ("loader", "table"),
    [
        (ph.local_anaesthetic_table, "local_anaesthetics"),
        (ph.local_anaesthetic_time_course_table, "local_anaesthetics_time_course"),
        (ph.corticosteroid_table, "corticosteroids"),
        (ph.corticosteroid_time_course_table, "corticosteroids_time_course"),
        (ph.corticosteroid_particle_table, "corticosteroids_particles"),
        (ph.corticosteroid_dose_table, "corticosteroids_doses"),
        (systemic_effects.systemic_effect_table, "systemic_effects"),
    ],
)
def test_each_loader_returns_its_table(loader, table: str) -> None:
    frame = loader()
    assert frame.equals(data.load_table(table))
    frame.loc[:, "source_id"] = "changed"  # a caller changing its copy never changes the next one's
    assert loader().equals(data.load_table(table))


def test_systemic_effects_by_study_and_longest_duration() -> None:
    frame = systemic_effects.systemic_effect_table()
    row = systemic_effects.systemic_effect(frame["id"].iloc[0])
    assert row["source_id"] == frame["source_id"].iloc[0]
    for effect in systemic_effects.EFFECTS:
        assert (
            systemic_effects.longest_days(effect) == frame.loc[frame["effect"] == effect, "days_high"].max()
        )
    with pytest.raises(ValueError, match="known:"):
        systemic_effects.systemic_effect("no_such_study")
    with pytest.raises(ValueError, match="must be one of"):
        systemic_effects.longest_days("weight gain")


def test_the_safety_rule_set_keeps_its_public_path() -> None:
    from facet_course import safety
    from facet_course.models import safety as model

    assert safety is model
    assert all(hasattr(safety, name) for name in safety.__all__)
    assert safety.maximum_dose_table().equals(data.load_table("local_anaesthetics_max_doses"))
    assert safety.volume_limit_table().equals(data.load_table("injectate_volume_limits"))
    assert safety.rule_table().equals(data.load_table("safety_rules"))


def test_a_study_that_found_an_effect_when_measured_says_nothing_of_other_days() -> None:
    # Second review (04-M2): Habib 2014 found adrenal insufficiency from week 2 to week 4, yet the explorer
    # said "still found" on days 1-7; Friedly 2018 measured only at 3 weeks.
    habib = systemic_effects.systemic_effect("hpa_knee_habib")
    friedly = systemic_effects.systemic_effect("hpa_esi_friedly")
    assert habib["days_kind"] == "found" and friedly["days_kind"] == "found"
    for day in (1, 3, 7):
        assert systemic_effects.status_on_day(habib, day) is None
        assert systemic_effects.status_on_day(friedly, day) is None
    assert systemic_effects.status_on_day(habib, 21) == "found when measured"
    assert systemic_effects.status_on_day(friedly, 21) == "found when measured"
    even = systemic_effects.systemic_effect("glucose_esi_even")  # lasted 1-2 days from the injection
    assert systemic_effects.status_on_day(even, 1) == "lasted at least this long"
    assert systemic_effects.status_on_day(even, 1.5) == "ended within this range"
    assert systemic_effects.status_on_day(even, 3) is None


@pytest.mark.parametrize("drug", STEROIDS)
def test_the_steroid_curve_does_not_rise_to_a_peak_no_study_measured(drug: str) -> None:
    # Eighth review of 04 (M2): the depot curve kept rising to day 14, the knee trials' first follow-up.
    course = ph.steroid_time_course(drug)
    full_by = min(course.onset_days.high, course.peak_days.high)
    if course.peak_days.low > course.onset_days.high:  # the depot suspensions: level, not rising, until then
        assert course.peak_days.low <= course.duration_days.low
        assert ph.steroid_relief(drug, course.peak_days.low)[()] == pytest.approx(
            ph.steroid_relief(drug, full_by)[()]
        )
        assert ph.steroid_relief(drug, course.peak_days.low)[()] == pytest.approx(
            ph.steroid_relief(drug, full_by)[()]
        )


def test_the_steroid_table_shows_the_preservatives_a_label_lists() -> None:
    # Tenth review of 04 (F2), review s5 (F5): every steroid's preservatives from the label read, each product
    # with its source; Depo-Medrol's single-dose vial lists no benzyl alcohol, its multi-dose vial does.
    from facet_course.lessons import medication_choices as lesson

    table = lesson.steroid_table().set_index("drug")
    column = "preservatives and additives (label, per mL)"
    assert "benzyl alcohol" in table.loc["dexamethasone", column]
    assert "benzyl alcohol 0.99%" in table.loc["triamcinolone acetonide", column]
    assert "benzalkonium chloride" in table.loc["betamethasone", column]
    assert "not read" not in " ".join(table[column])
    products = ph.corticosteroid_excipient_table()
    assert set(products["drug"]) == set(STEROIDS)
    mpa = products[products["drug"] == "methylprednisolone acetate"].set_index("product")
    assert "benzyl alcohol" in mpa.loc["multi-dose vial (US label)", "preservative"]
    # review s7 (F5): no preservative is named, but the vial is not additive-free (miripirium chloride)
    single = mpa.loc["single-dose vial (US label)", "preservative"]
    assert single.startswith("none named") and "miripirium" in single
    for (
        _,
        row,
    ) in products.iterrows():  # each product's label (and every other source) is cited beside the drug
        for source_id in row["source_id"].split(";"):
            assert data.reference(source_id).short() in table.loc[row["drug"], "source"]


def test_steroid_readouts_give_bands_not_percentages() -> None:
    # Review s5 (F6): the steroid curve is a teaching model on proxies; readouts say where a day falls against
    # the published ranges, never an integer percentage of effect.
    from facet_course.lessons.medication_choices import steroid_time, why_both

    course = ph.steroid_time_course("triamcinolone acetonide")
    band = steroid_time.steroid_band
    assert "unknown" in band("triamcinolone acetonide", course.peak_days.low - 1)
    assert "largest effect" in band("triamcinolone acetonide", course.peak_days.high)
    assert "before the earliest 'gone by'" in band("triamcinolone acetonide", course.peak_days.high + 1)
    assert "may have ended" in band("triamcinolone acetonide", course.duration_days.high)
    assert "after the last" in band("triamcinolone acetonide", course.duration_days.high + 1)
    with pytest.raises(ValueError, match="0 or more"):
        band("triamcinolone acetonide", -1)
    _, update = why_both._draw_why_both()
    text = update("bupivacaine", "methylprednisolone acetate", "1 day")
    assert "unknown" in text and "effect <b>" not in text
    _, update = steroid_time._draw_steroid()
    assert "%" not in update("methylprednisolone acetate", 21).split("Published")[0]


def test_gone_by_and_the_label_repeat_interval_are_separate_columns() -> None:
    # Review s5 (F7), s7 (F1): 'gone by' rests on trials; a label's repeat interval is shown apart and said to
    # be how often, not how long.
    from facet_course.lessons.medication_choices import steroid_time

    for drug in STEROIDS:
        assert steroid_time.gone_by_kind(drug) == "knee trials"
    table = steroid_time.steroid_time_course_table().set_index("drug")
    repeat = table["label repeat interval (days; not a duration)"]
    assert (
        repeat["dexamethasone"].startswith("3-21 days")
        and "not how long relief lasts" in repeat["dexamethasone"]
    )
    assert repeat["triamcinolone acetonide"] == "no label repeat interval read"
    assert "3-21" not in table.loc["dexamethasone", "relief gone by (days; what it rests on)"]
    _, update = steroid_time._draw_steroid()
    text = update("dexamethasone", 21)
    assert "may have ended" not in text and "Gandhi" in text and "Denis" in text
    assert "has its relief ended" in steroid_time.steroid_explorer().question


def test_every_facet_trial_dose_reads_caution_against_the_small_joint_label() -> None:
    # Tenth review of 04 (F7): the notebook says the trial doses themselves read caution; this keeps it true.
    from facet_course.models import safety

    trials = ph.corticosteroid_dose_table()
    trials = trials[trials["context"] == "trial"]
    assert not trials.empty
    for _, row in trials.iterrows():
        small_joint, _, _ = safety.steroid_label_limits(row["drug"])
        assert small_joint is not None and row["dose_mg_high"] > small_joint, row["drug"]


def test_dexamethasone_units_say_which_way_the_ceiling_errs() -> None:
    # Tenth review of 04 (F6): 4 mg/mL is dexamethasone phosphate (3.33 mg/mL dexamethasone); the ceiling,
    # counted in phosphate, holds less dexamethasone than the equivalence figure, so it is stricter.
    from facet_course.lessons import medication_choices as lesson
    from facet_course.models import safety

    dex = ph.corticosteroid_info("dexamethasone")
    assert float(dex["base_mg_per_ml"]) < float(dex["strength_mg_per_ml"])
    _, ceiling, _ = safety.steroid_label_limits("dexamethasone")
    held = ceiling * float(dex["base_mg_per_ml"]) / float(dex["strength_mg_per_ml"])
    text = lesson.equivalence_caveat()
    assert f"{held:.3g} mg of dexamethasone" in text and "stricter" in text


def test_a_borrowed_volume_limit_is_called_an_extrapolation() -> None:
    # Tenth review of 04 (F8): thoracic medial branch blocks borrow the cervical figure; say so.
    from facet_course.lessons import medication_choices as lesson
    from facet_course.models import safety

    table = lesson.volume_limits_table().set_index("procedure")
    assert "extrapolation" in table.loc["thoracic medial branch", "above the limit"]
    reasons = safety.check_volumes("thoracic", "medial_branch", 0.5)
    assert any("extrapolation" in r.text for r in reasons if r.level == "caution")


def test_who_to_warn_names_injection_and_dose_beside_each_figure() -> None:
    # Tenth review of 04 (F9): each adrenal or glucose figure with the injection and dose behind it.
    from facet_course.lessons import medication_choices as lesson

    text = lesson.who_to_warn()
    for study in ("hpa_knee_habib", "hpa_esi_moon", "hpa_esi_kay", "glucose_knee_habib"):
        row = systemic_effects.systemic_effect(study)
        assert f"({row['injection']}, {row['drug']}" in text, study
    assert "None of these studies was a facet injection" in text


def test_a_study_that_found_no_rise_says_so_in_the_table() -> None:
    # Tenth review of 04 (F10): Habib 2007 found no significant change; the table says 'no rise found'.
    from facet_course.lessons import medication_choices as lesson

    table = lesson.systemic_table()
    none = table[table["days"] == "none"]
    assert len(none) >= 1 and (none["days are"] == "no rise found").all()


def test_the_steroid_alt_texts_give_the_tables_gone_by_ranges() -> None:
    # Tenth review of 04 (F4): the two figures' alt texts and the table agree on when each steroid is gone.
    from facet_course.lessons import medication_choices as lesson

    _, timeline = lesson.why_both_figure()
    _, curves = lesson.steroid_figure()
    for drug in STEROIDS:
        assert ph.steroid_time_course(drug).duration_days.text() in curves
    assert "not how long relief lasts" in curves
    assert ph.steroid_time_course("methylprednisolone acetate").duration_days.text() in timeline


def test_the_checker_readout_says_verdict_and_deciding_reasons_first_and_loses_none() -> None:
    # Issue 15: the readout was taller than a slide; it now folds the detail, but every reason stays in it.
    import html

    from facet_course.lessons.medication_choices.checker import example_checks
    from facet_course.lessons.medication_choices.checker_figure import checker_readout

    for check in example_checks():
        text = checker_readout(check)
        shown, folded = text.split("<details>")
        assert f"Verdict: {check.verdict.upper()}" in shown
        for reason in check.reasons:
            assert html.escape(reason.text) in folded  # every reason, with its sources, in the folded part
            assert html.escape(reason.citation()) in folded
            assert (html.escape(reason.text) in shown) == (reason.level != "fine")  # deciding ones up front
        deciding = sorted(
            (r for r in check.reasons if r.level != "fine"), key=lambda r: shown.index(html.escape(r.text))
        )
        assert [r.level for r in deciding] == sorted(
            (r.level for r in deciding), key=("unsafe", "caution").index
        )  # worst first


def test_limits_table_gives_the_rule_sets_verdict_above_each_limit() -> None:
    # Review s5 (F2): the cervical medial branch's unsafe multiple is taken of the trial's larger arm, not of
    # the limit; the table says so and agrees with the rule set at and just above that volume.
    from facet_course.lessons import medication_choices as lesson
    from facet_course.lessons.medication_choices.checker import procedure_check
    from facet_course.models import safety

    table = lesson.volume_limits_table().set_index(["procedure", "counts"])
    lim = safety.injectate_limit("cervical", "medial_branch")
    assert lim is not None and lim.studied_ml is not None and lim.studied_ml > lim.high_ml
    factor, _, _ = safety.gross_volume_factor()
    gross = factor * lim.gross_base_ml
    text = table.loc[("cervical medial branch", "injectate"), "verdict above it"]
    assert f"unsafe above {gross:g} mL" in text and "larger arm" in text

    def verdict(ml: float) -> str:
        return procedure_check(70, "cervical", "medial_branch", "diagnostic", 1, "lidocaine", 1.0, ml).verdict

    assert verdict(gross) == "caution" and verdict(gross + 0.5) == "unsafe"


def test_checker_scope_states_what_the_checker_takes() -> None:
    # Review s5 (F8): one plain anaesthetic per site, skin lidocaine 1% plain, total body weight (range).
    from facet_course.lessons import medication_choices as lesson
    from facet_course.models import safety

    text = lesson.checker_scope()
    low, high = safety.ADULT_WEIGHT_KG
    assert f"{low:g}-{high:g} kg" in text and "total body weight" in text
    assert "one local anaesthetic per site" in text and "1% plain lidocaine" in text


def test_the_label_tables_session_verdict_is_the_checkers_for_every_steroid() -> None:
    # Review s5 of 04 (F1): the table prints the verdict the rule set gives just above each steroid's session
    # ceiling. Review s15 of 04 (F3, major): a label's own total (triamcinolone), or a ceiling carried over
    # to a steroid whose adrenal effect matched the depot's (methylprednisolone), is the governing maximum,
    # unsafe just above it; a ceiling carried over to betamethasone or dexamethasone reads caution up to
    # steroid_carried_gross_factor times it and unsafe above that.
    from facet_course import safety
    from facet_course.lessons.medication_choices import steroids

    table = steroids.steroid_label_table().set_index("steroid")

    def worst_at(drug: str, multiple: float) -> tuple[str, list]:
        _, per_session, _ = safety.steroid_label_limits(drug)
        strength = max(safety.steroid_strengths_mg_per_ml(drug))
        n_sites = 4 if multiple < 1.5 else 10  # each site under the label's dose for any one joint
        result = safety.check_procedure(
            weight_kg=70,
            region="lumbar",
            target="medial_branch",
            purpose="therapeutic",
            n_sites=n_sites,
            per_site=[
                {"drug": "lidocaine", "percent": 1.0, "ml": 0.3},
                {"drug": drug, "mg_per_ml": strength, "ml": per_session * multiple / n_sites / strength},
            ],
        )
        steroid = [r for r in result.reasons if r.category == "steroid"]
        return max((r.level for r in steroid), key=safety.VERDICTS.index), steroid

    carried_factor = safety.steroid_carried_gross_factor()[0]
    assert carried_factor > 1
    seen = set()
    for drug in ph.corticosteroids():
        if safety.steroid_label_limits(drug)[1] is None:
            continue
        worst, steroid = worst_at(drug, 1.02)
        assert worst == safety.session_ceiling_verdict(drug), drug
        if safety.ceiling_governs(drug):
            assert worst == "unsafe" and safety.session_factor(drug) == 1, drug
            assert any("session total is above" in r.text for r in steroid if r.level == worst), drug
            assert f"above it: {worst})" in table.loc[drug, "session ceiling"], drug
        else:
            assert worst == "caution", drug
            assert any("caution, not unsafe, up to" in r.text for r in steroid), drug
            assert (
                f"above it: caution; unsafe above {carried_factor:g} times it)"
                in (table.loc[drug, "session ceiling"])
            ), drug
            worst_gross, steroid = worst_at(drug, carried_factor * 1.02)
            assert worst_gross == "unsafe", drug
            assert any("beyond any labelled total" in r.text for r in steroid), drug
        seen.add(safety.ceiling_governs(drug))
    assert seen == {True, False}
    # the soluble-acting pair reads caution; methylprednisolone (carried, but its adrenal effect matched
    # triamcinolone's, Friedly 2018) and triamcinolone (its own label) stay governed
    assert not safety.ceiling_governs("dexamethasone") and not safety.ceiling_governs("betamethasone")
    assert safety.ceiling_governs("methylprednisolone acetate")
    assert not safety.steroid_session_labelled("methylprednisolone acetate")


def test_the_checkers_twin_has_every_volume_its_question_names() -> None:
    # Handouts (issue 16): the kernel-free twin must answer the question beside it.
    import importlib

    from facet_course.lessons.medication_choices import checker

    checker_figure = importlib.import_module("facet_course.lessons.medication_choices.checker_figure")
    explorer = checker_figure.checker_explorer()
    frames = {combo["la_ml"] for combo in explorer.twin_combinations()}
    for ml in checker_figure.QUESTION_LA_ML:
        assert f"{ml:g}" in explorer.question and ml in frames
    # the question's volumes show both limits: the volume breaks first, the dose only at the largest
    verdicts = {
        ml: checker.procedure_check(
            weight_kg=50,
            region="lumbar",
            target="intra_articular",
            purpose="therapeutic",
            sites=2,
            drug="bupivacaine",
            percent=0.5,
            la_ml=ml,
            steroid="none",
            steroid_ml=0.25,
            skin_lidocaine_ml=5.0,
            contrast_ml=0.2,
            sedation=False,
        )
        for ml in checker_figure.QUESTION_LA_ML
    }
    # review s8 (F1): above a joint's guideline limit is caution (specificity); unsafe only above the capsule
    assert verdicts[1.5].level_of("volume") == "caution" and verdicts[1.5].level_of("systemic") == "fine"
    assert verdicts[10.0].level_of("volume") == "unsafe" and verdicts[10.0].level_of("systemic") == "unsafe"
    assert not any("medial branch" in r.text for r in verdicts[10.0].reasons if r.category == "volume")


def test_the_two_volume_checks_at_a_joint_limit_are_both_named_with_their_verdicts() -> None:
    # Review s7 of 04 (F2, answered by the lead): at exactly the lumbar joint limit the readout holds two
    # verdicts; the lesson says which check gives which, read from the rule set, never typed.
    from facet_course.lessons.medication_choices import checker
    from facet_course.models import safety

    limit = safety.injectate_limit("lumbar", "intra_articular")
    levels = {r.level for r in safety.check_volumes("lumbar", "intra_articular", limit.high_ml)}
    text = checker.two_checks_at_the_joint_limit()
    assert f"exactly {limit.high_ml:g} mL" in text
    for level in levels - {"fine"}:
        assert f"**{level}**" in text
    # review s8 (F1): at the limit both checks read caution; the text says where unsafe starts (rule set)
    assert (
        levels == {"caution"} and "reads **caution**" in text and "stricter of the two: **caution**" in text
    )
    from_ml, inclusive = safety.unsafe_from_ml("lumbar", "intra_articular")
    assert f"**unsafe** only {'from' if inclusive else 'above'} {from_ml:g} mL per joint" in text
    assert from_ml > limit.high_ml
    with pytest.raises(ValueError, match="no thoracic intra-articular volume limit"):
        checker.two_checks_at_the_joint_limit("thoracic")


def test_the_volume_table_says_a_trial_arm_is_not_a_guideline_limit() -> None:
    # Review s7 of 04 (F3): the cervical medial branch 0.25 mL is a trial's arm, stricter than the guideline.
    from facet_course.lessons.medication_choices import checker

    table = checker.volume_limits_table().set_index("procedure")
    assert "a trial's arm, not a guideline limit" in table.loc["cervical medial branch", "limit (set by)"]
    lumbar = table.loc["lumbar medial branch", "limit (set by)"]
    assert all("(guideline)" in text for text in lumbar)


def test_the_overview_table_names_the_setting_and_source_of_each_anaesthetic_range() -> None:
    # Review s7 of 04 (F9): the ranges are from peripheral nerve blocks; each row names its sources.
    from facet_course.lessons.medication_choices import why_both

    table = why_both.drug_overview_table().set_index("drug")
    column = "source (onset, duration; not measured at a medial branch)"
    for drug in ph.local_anaesthetics():
        course = ph.local_anaesthetic_time_course(drug)
        for source_id in course.duration_h.source_id.split(";"):
            assert data.reference(source_id).short() in table.loc[drug, column]


def test_the_dose_table_names_the_product_of_each_label_row() -> None:
    # Review s7 of 04 (F7): the two triamcinolone labels are told apart by product.
    from facet_course.lessons.medication_choices import steroids

    table = steroids.steroid_dose_table()
    triam = table[(table["drug"] == "triamcinolone acetonide") & (table["from"] == "label")]
    assert set(triam["product"].str.split(" ").str[0]) == {"Kenalog-10", "Kenalog-40"}
    assert (table.loc[table["from"] == "label", "product"].str.len() > 0).all()


def test_the_percent_printed_never_disagrees_with_the_verdict_at_a_threshold() -> None:
    # Review s8 of 04 (F10): 74.5% was printed as 75% beside 'fine' where caution starts above 75%.
    from facet_course.lessons.medication_choices import checker
    from facet_course.models import safety
    from facet_course.models.safety_doses import percent_of_max

    margin, _, _ = safety.caution_fraction()
    assert percent_of_max(0.27) == "27" and percent_of_max(1.5) == "150"  # whole numbers away from a line
    for fraction in (margin - 0.005, margin - 0.0004, margin + 0.0001, 0.9996, 1.004, 1.0049):
        shown = float(percent_of_max(fraction))
        for line in (margin, 1.0):
            assert (shown > 100 * line + 1e-9) == (fraction > line + 1e-9), (fraction, shown)
            assert shown != 100 * line, (fraction, shown)
    check = checker.procedure_check(
        weight_kg=30,
        region="lumbar",
        target="medial_branch",
        purpose="therapeutic",
        sites=6,
        drug="bupivacaine",
        percent=0.75,
        la_ml=0.5,
        skin_lidocaine_ml=5.0,
    )
    assert check.verdict == "fine" and check.total_fraction_of_governing_max < margin
    assert f"together {percent_of_max(check.total_fraction_of_governing_max)}%" in check.summary()
    assert "together 75%" not in check.summary() and "together: 75%" not in check.summary()


def test_the_volume_table_counts_contrast_at_every_joint_and_labels_the_teaching_threshold() -> None:
    # Review s10 of 04 (F5, after the lead's rule set 488526e): the thoracic joint's capsule check adds the
    # contrast, so its row says so; above a joint's capacity the verdict is caution, and where unsafe starts
    # is the rule set's own figure, named as the course's teaching threshold, with the capacity's weakness.
    from facet_course.lessons.medication_choices import checker
    from facet_course.models import safety

    table = checker.volume_limits_table()
    joints = table[table["procedure"].str.endswith("intra-articular") & (table["counts"] != "contrast")]
    assert set(joints["counts"]) == {"injectate and contrast"} and len(joints) == len(safety.REGIONS)
    for _, row in joints.iterrows():
        region = row["procedure"].split(" ")[0]
        from_ml, inclusive = safety.unsafe_from_ml(region, "intra_articular")
        verdict = row["verdict above it"]
        assert verdict.startswith("caution; unsafe ") and f"{from_ml:g} mL with contrast" in verdict
        assert "teaching threshold" in verdict
    thoracic = joints.set_index("procedure").loc["thoracic intra-articular", "above the limit"]
    assert (
        "primary source was not identified" in thoracic and "no source gives a volume that harms" in thoracic
    )


def test_the_readout_says_at_the_maximum_and_never_to_drop_contrast() -> None:
    # Review s10 of 04 (F8, the readout only: the rule set is the lead's) and F1: at exactly 100% of the
    # governing maximum the readout says give no more; with no contrast it says contrast is never left out.
    from facet_course.lessons.medication_choices.checker import procedure_check
    from facet_course.lessons.medication_choices.checker_figure import checker_readout
    from facet_course.lessons.medication_choices.text import readout_notes
    from facet_course.models import safety

    at_max = procedure_check(50, "lumbar", "intra_articular", "diagnostic", 2, "bupivacaine", 0.5, 10.0)
    assert at_max.total_fraction_of_governing_max == pytest.approx(1.0)
    assert at_max.level_of("systemic") == "caution"  # the rule set's verdict is unchanged
    notes = readout_notes(at_max)
    assert any(n.startswith("At the maximum") for n in notes)
    assert any("never left out to meet a volume" in n for n in notes)
    assert "At the maximum" in checker_readout(at_max)
    below = procedure_check(
        50, "lumbar", "intra_articular", "diagnostic", 2, "bupivacaine", 0.5, 9.5, contrast_ml=0.2
    )
    assert safety.caution_fraction()[0] < below.total_fraction_of_governing_max < 1
    # 9.7 mL at a joint is unsafe on volume alone (review s12 F2): the only note says so, none other
    assert readout_notes(below) == [
        "Unsafe here comes from the volume alone: beyond the course's teaching threshold (a multiple of what "
        "the sources describe), not a measured harm like an overdose."
    ]
    # the cervical medial branch: a separate contrast dose never worsens the volume verdict (rule set)
    args = ("cervical", "medial_branch", "diagnostic", 3, "bupivacaine", 0.5, 0.25)
    without, with_contrast = procedure_check(70, *args), procedure_check(70, *args, contrast_ml=0.2)
    order = safety.VERDICTS.index
    assert order(with_contrast.level_of("volume")) <= order(without.level_of("volume"))
    with pytest.raises(ValueError, match="steroid must be one of"):
        procedure_check(70, *args, steroid="hydrocortisone", steroid_ml=0.5)


def test_self_check_dexamethasone_answer_says_not_when_mixed_with_ropivacaine() -> None:
    # Review s10 of 04 (F2): 'cannot embolise' was unconditional; mixed with ropivacaine it forms crystals.
    from facet_course.lessons import medication_choices as lesson
    from facet_course.models import safety

    question = next(q for q in lesson.self_check_questions() if "without particles" in q.prompt)
    assert "ropivacaine" in question.options[question.answer] and "cannot" not in question.options[1]
    mixtures = safety.mixture_table()
    row = mixtures[
        (mixtures["steroid"] == "dexamethasone") & (mixtures["local_anaesthetic"] == "ropivacaine")
    ]
    assert row.iloc[0]["finding"] in question.explanation
    assert row.iloc[0]["source_id"] in question.source_id


def test_systemic_table_gives_each_arm_its_duration_and_says_when_a_study_measured() -> None:
    # Review s10 of 04 (F3): Moon 2020's 8-20 days were shown against 40 mg alone; (F4): Iranmanesh 2017
    # measured at weeks 1, 4 and 12 only, and only some markers were still low at 84 days.
    from facet_course.lessons import medication_choices as lesson

    table = lesson.systemic_table()
    moon = systemic_effects.systemic_effect("hpa_esi_moon")
    row = table[table["source"].str.startswith("Moon HS")].iloc[0]
    assert row["dose (mg)"] == "" and "20 or 40 mg" in row["drug"]
    assert "after 40 mg" in moon["finding"] and "after 20 mg" in moon["finding"]
    iran = systemic_effects.systemic_effect("hpa_esi_iranmanesh")
    row = table[table["source"].str.startswith("Iranmanesh")].iloc[0]
    assert row["days are"] == f"when it was found ({iran['days_note'].split(': ')[0]})"
    assert row["days are"].endswith("weeks 1, 4 and 12 only)")
    assert "weeks 1, 4 and 12 only" in iran["days_note"] and "urinary free cortisol" in iran["days_note"]
    _, alt = lesson.systemic_figure()
    assert "urinary free cortisol" in alt and "84 days" in alt


def test_the_allergy_note_cites_its_sources() -> None:
    # Review s10 of 04 (expected but missing): a reported allergy to a local anaesthetic or to contrast.
    from facet_course.core import citations
    from facet_course.lessons import medication_choices as lesson

    text = lesson.allergy_and_contrast_note()
    for key in ("amide_anaesthetic_allergy_rare", "contrast_hypersensitivity_gadolinium"):
        assert citations.short(citations.source(key)) in text
    assert "not by leaving the contrast out" in text


def test_misconception_gives_the_medial_branch_steroid_trial_both_arms() -> None:
    # Review s10 of 04 (expected but missing): whether a steroid adds anything at the medial branch.
    from facet_course.core import citations
    from facet_course.lessons import medication_choices as lesson
    from facet_course.models import recovery_evidence

    text = lesson.misconceptions()
    for row_id in ("manchikanti_2y_bupivacaine", "manchikanti_2y_steroid"):
        row = recovery_evidence.outcome(row_id)
        assert f"{row['value']:g}% with" in text
    assert citations.short(row["source_id"]) in text and "no placebo arm" in text


def test_no_early_readout_offers_a_steroid_peak() -> None:
    # Review s12 of 04 (F1): no source gives dexamethasone's local peak (its band is an absorption proxy, the
    # glucose peak after a knee injection), so no readout may place its largest effect in the first hours, and
    # every readout up to 24 hours says early relief is the anaesthetic's.
    from facet_course.lessons.medication_choices import steroid_time, why_both

    assert steroid_time.peak_is_assumed("dexamethasone")
    assert not steroid_time.peak_is_assumed("methylprednisolone acetate")
    _, update_both = why_both._draw_why_both()
    _, update_steroid = steroid_time._draw_steroid()
    for time in ("1 hour", "6 hours", "1 day"):
        for steroid in STEROIDS:
            text = update_both("lidocaine", steroid, time)
            assert "within the range where the largest effect" not in text, (steroid, time)
            assert steroid_time.EARLY_RELIEF_NOTE in text, (steroid, time)
    for day in (0.25, 1.0):
        band = steroid_time.steroid_band("dexamethasone", day)
        assert "unknown" in band and "absorption proxy, not relief" in band
        assert band.endswith(steroid_time.EARLY_RELIEF_NOTE)
    assert steroid_time.EARLY_RELIEF_NOTE not in steroid_time.steroid_band("dexamethasone", 3)
    assert "unknown" in steroid_time.steroid_band("dexamethasone", 3)
    assert steroid_time.EARLY_RELIEF_NOTE in update_steroid("dexamethasone", 1)
    assert steroid_time.EARLY_RELIEF_NOTE not in update_steroid("dexamethasone", 2)
    # the depot steroids keep their measured knee-trial band
    course = ph.steroid_time_course("triamcinolone acetonide")
    assert "largest effect was first measured" in steroid_time.steroid_band("triamcinolone acetonide", 10)
    table = steroid_time.steroid_time_course_table().set_index("drug")
    peak = table["largest effect (days; first measured, or unknown)"]
    assert (
        peak["dexamethasone"].startswith("unknown")
        and "absorption proxy, not relief" in peak["dexamethasone"]
    )
    assert peak["triamcinolone acetonide"].startswith(f"first measured {course.peak_days.text()}")


def test_cortisol_answer_and_allergy_note_say_no_more_than_their_sources() -> None:
    # Review s12 of 04 (F5): Friedly 2018 found betamethasone and dexamethasone not significantly different
    # from lidocaine alone, not free of suppression; (F6): Macy 2002 is one practice's series, and true amide
    # allergy is rare, not unknown.
    from facet_course.lessons import medication_choices as lesson

    question = next(q for q in lesson.self_check_questions() if "morning cortisol" in q.prompt)
    answer = question.options[question.answer]
    assert "not significantly different from lidocaine alone" in answer
    assert "not betamethasone" not in answer
    text = lesson.allergy_and_contrast_note()
    assert "in this series" in text and "rare, not unknown" in text
    assert "allergy testing" in text
