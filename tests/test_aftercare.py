"""Notebook 07 (aftercare): the model, the lesson's tables and explorers, and the patient leaflet.

The leaflet must read at or below the AMA's grade (Flesch-Kincaid) and never above the NIH's (SMOG too),
carry the course notice, blanks and an empty diary, and print on at most two A4 pages in Chromium.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
from browser import chromium, load_script
from facet_course.core import citations
from facet_course.lessons import aftercare as lesson
from facet_course.lessons.aftercare import leaflet
from facet_course.models import aftercare, block_pathway, recovery, systemic_effects
from hypothesis import given, settings
from hypothesis import strategies as st

COMBOS = [(r, i) for r in aftercare.REGIONS for i in aftercare.INJECTATES]


# -- the model ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_steps_follow_the_phases_of_the_recovery_model(region: str, injectate: str) -> None:
    anaesthetic, steroid = aftercare.drugs(injectate)
    model = {p.name: (p.start_hours, p.end_hours) for p in recovery.phases(anaesthetic, steroid)}
    steps = aftercare.steps(region, injectate)
    assert steps, "no advice at all"
    order = [aftercare.PHASE_ORDER.index(s.phase) for s in steps]
    assert order == sorted(order)
    for s in steps:
        assert s.start_hours <= s.end_hours
        if s.phase in model:
            assert (s.start_hours, s.end_hours) == model[s.phase]
        assert "{" not in s.plain and "}" not in s.plain, f"unfilled placeholder in {s.plain!r}"


def test_steps_and_windows_are_made_once_and_callers_cannot_change_them() -> None:
    """The advice is cached (every sentence of the leaflet explorer asks again): a caller that edits what it
    got back must not change what the next caller gets."""
    first = aftercare.steps("lumbar", aftercare.DIAGNOSTIC)
    first.clear()
    assert aftercare.steps("lumbar", aftercare.DIAGNOSTIC), "a cleared list emptied the cached advice"
    windows = aftercare.phase_windows(aftercare.DIAGNOSTIC)
    windows.pop(aftercare.BEFORE_HOME)
    assert aftercare.BEFORE_HOME in aftercare.phase_windows(aftercare.DIAGNOSTIC)
    with pytest.raises(ValueError):
        aftercare.steps("sacral", aftercare.DIAGNOSTIC)
    with pytest.raises(ValueError):
        aftercare.phase_windows("saline")


def test_diagnostic_block_gets_the_diary_and_no_steroid_advice() -> None:
    topics = {s.topic for s in aftercare.steps("lumbar", aftercare.DIAGNOSTIC)}
    table = aftercare.advice_table().set_index("id")
    assert table.loc["diary", "topic"] in topics
    assert table.loc["glucose", "topic"] not in topics and table.loc["steroid", "topic"] not in topics
    with_steroid = {s.topic for s in aftercare.steps("lumbar", aftercare.WITH_STEROID)}
    assert table.loc["glucose", "topic"] in with_steroid and table.loc["diary", "topic"] not in with_steroid


def test_numbers_in_the_patient_words_come_from_the_tables() -> None:
    table = aftercare.advice_table().set_index("id")
    ice = next(
        s for s in aftercare.steps("cervical", aftercare.DIAGNOSTIC) if s.topic == table.loc["ice", "topic"]
    )
    assert f"{table.loc['ice', 'low']:g} to {table.loc['ice', 'high']:g} minutes" in ice.plain
    glucose = next(
        s
        for s in aftercare.steps("lumbar", aftercare.WITH_STEROID)
        if s.topic == table.loc["glucose", "topic"]
    )
    assert f"{systemic_effects.longest_days('blood glucose'):g} days" in glucose.plain
    numb = next(
        s for s in aftercare.steps("cervical", aftercare.DIAGNOSTIC) if s.phase == "anaesthetic block"
    )
    assert "neck" in numb.plain and "arm" in numb.plain


def test_repeat_table_steroid_figures_are_the_rule_sets() -> None:
    """C1: 07's per-joint dose and session ceiling are the rule set's small-joint figures, the knee's dose is
    only named as the 'unsafe at one site' line, and the rule set agrees at those figures."""
    from facet_course import safety
    from facet_course.lessons.aftercare import repeat

    per_joint, per_session, _ = safety.steroid_label_limits(aftercare.STEROID)
    largest, _ = safety.steroid_largest_joint_dose(aftercare.STEROID)
    assert per_joint is not None and per_session is not None and largest is not None
    figures = repeat.steroid_session_figures()
    assert (figures["per_joint_mg"], figures["per_session_mg"]) == (per_joint, per_session)
    assert figures["unsafe_at_one_site_mg"] == largest and largest > per_joint
    table = repeat.repeat_table().set_index("question")
    dose_row = table.loc["how much steroid per facet joint, and in all, in one session", "answer"]
    assert re.search(rf"up to {per_joint:g} mg .* per joint", dose_row)
    assert f"{per_session:g} mg in all" in dose_row
    assert f"up to {largest:g} mg" not in dose_row and f"{largest:g} mg per joint" not in dose_row
    knee = table.loc["the label's largest dose for one joint (not a facet dose)", "answer"]
    assert f"{largest:g} mg" in knee and "a large-joint dose" in knee
    # review s5 M1: never "never a facet joint's dose" beside a verdict; each verdict shown is the rule set's
    assert "never a facet" not in knee
    for example in repeat.one_joint_examples()[2:]:
        assert example["text"] in knee
    # review 15 M1 and m9: the row states the session line at which the rule set says 'unsafe', and it does
    factor, _, _ = safety.steroid_gross_session_factor()
    assert figures["unsafe_session_mg"] == factor * per_session
    assert f"'unsafe' above {factor * per_session:g} mg in the session" in dose_row
    for joints in repeat.JOINTS:
        at = factor * per_session / joints
        assert repeat.session_verdict(joints, at) != "unsafe"
        assert repeat.session_verdict(joints, at * 1.01) == "unsafe"
    # m7: the neck's particulate caution is named
    assert "particulate" in dose_row


def test_repeat_table_answers_how_soon_from_the_label() -> None:
    from facet_course.lessons.aftercare import repeat
    from facet_course.models import pharmacology

    table = repeat.repeat_table().set_index("question")
    soon = table.loc["how soon a steroid injection may be repeated", "answer"]
    label = str(pharmacology.corticosteroid_info(aftercare.STEROID)["release"]).removeprefix("depot: ")
    assert label in soon and "No source read gives an interval for facet joints" in soon
    # review 15 m4: the three-monthly suggestion comes first; the label's weeks do not apply to facet joints
    assert soon.index("every 3 months") < soon.index(label)
    assert "does not apply to facet joints" in soon


def test_fever_threshold_is_the_same_temperature_in_both_units() -> None:
    fahrenheit, unit, celsius, alt = aftercare.fever_threshold()
    assert (unit, alt) == ("°F", "°C")
    assert abs((fahrenheit - 32) * 5 / 9 - celsius) < 0.06


def test_when_to_call_splits_clinic_from_emergency() -> None:
    table = aftercare.when_to_call()
    emergency = set(table.loc[table["action"] == "go to the emergency department", "id"])
    assert {"weakness", "bowel_bladder"} <= emergency
    assert "fever" not in emergency
    assert not table["plain"].str.contains(r"[{}]").any()
    assert set(aftercare.when_to_call_table()["basis"]) <= {
        "facet patient-education source",
        "course notebook",
        "case reports",
        "usual practice",
    }
    for region in aftercare.REGIONS:
        signs = aftercare.when_to_call(region)
        urgent = set(signs.loc[signs["action"] == "go to the emergency department", "id"])
        assert {"new_severe_pain", "fever_stiff_neck"} <= urgent
        assert ("stroke_signs" in urgent) == (region == "cervical")


@pytest.mark.parametrize("paradigm", list(aftercare.PARADIGMS))
def test_paradigm_results_are_notebook_02s_trial(paradigm: str) -> None:
    result = aftercare.paradigm_result(paradigm)
    table = block_pathway.trial_table()
    row = table[table["blocks"] == aftercare.PARADIGMS[paradigm]].iloc[0]
    assert result.success_of_treated_pct == row["success_of_treated_pct"]
    assert result.success_of_arm_pct == row["success_of_arm_pct"]


def test_stricter_selection_helps_those_treated_and_treats_fewer() -> None:
    none, two = aftercare.paradigm_result("no block"), aftercare.paradigm_result("two comparative blocks")
    assert two.success_of_treated_pct > none.success_of_treated_pct
    assert two.success_of_arm_pct < none.success_of_arm_pct


def test_placebo_controlled_trial_favours_radiofrequency() -> None:
    rf, sham = aftercare.rf_outcome("lord_median_rf"), aftercare.rf_outcome("lord_median_sham")
    assert rf["value"] > sham["value"] and rf["unit"] == sham["unit"] == "days"
    for region in aftercare.REGIONS:
        assert all(i in aftercare.rf_outcomes().index for i in aftercare.duration_rows(region))


@pytest.mark.parametrize("paradigm", list(aftercare.PARADIGMS))
def test_neck_summary_gives_no_low_back_paradigm_numbers(paradigm: str) -> None:
    """The selection trial is lumbar: the neck's summary must not carry its shares (review 2, M3)."""
    result = aftercare.paradigm_result(paradigm)
    neck, back = lesson.clinic_summary(paradigm, "cervical"), lesson.clinic_summary(paradigm, "lumbar")
    for share in (result.success_of_arm_pct, result.success_of_treated_pct):
        assert f"about {aftercare.per_100(share)}" in back
        assert f"about {aftercare.per_100(share)}" not in neck
    assert "no trial comparing selection paradigms in the neck" in neck


def test_single_block_trials_are_shown_with_their_disagreement() -> None:
    """Both sham-controlled single-block trials, and van Wijk's global perceived effect (review 2, M2)."""
    kleef, sham = aftercare.rf_outcome("vankleef_rf"), aftercare.rf_outcome("vankleef_sham")
    assert kleef["value"] > sham["value"] and kleef["design"] == sham["design"]
    text = lesson.clinic_summary("one block", "lumbar")
    assert f"{round(kleef['value'] * kleef['n'] / 100):g} of {kleef['n']}" in text
    assert "global perceived effect" in text and "none of these is shown to be the cause" in text
    assert "global perceived effect" in aftercare.rf_outcome("vanwijk_rf")["comparison"]


@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_leaflet_says_when_to_restart_a_blood_thinner_with_a_blank(region: str, injectate: str) -> None:
    """The restart day is the team's, never a typed interval (review 2, M1)."""
    topics = {s.topic for s in aftercare.steps(region, injectate)}
    assert "when to restart a blood thinner" in topics
    page = leaflet.leaflet_html(region, injectate)
    line = page[page.index("Start your blood thinner again on:") :]
    assert line.split("</li>")[0].endswith(leaflet.BLANK)
    row = aftercare.advice_table().set_index("id").loc["blood_thinner"]
    assert row["basis"] == "usual practice" and not re.search(r"\d", row["plain"])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: aftercare.steps("thoracic", aftercare.DIAGNOSTIC), "region"),
        (lambda: aftercare.steps("lumbar", "steroid alone"), "injectate"),
        (lambda: aftercare.paradigm_result("three blocks"), "paradigm"),
        (lambda: aftercare.statements("dosing"), "topic"),
        (lambda: aftercare.statement("nope"), "no statement"),
        (lambda: aftercare.rf_outcome("nope"), "no row"),
        (lambda: aftercare.per_100(101), "between 0 and 100"),
        (lambda: leaflet.reading_grade("lumbar", aftercare.DIAGNOSTIC, "fog"), "formula"),
        (lambda: lesson.clinic_summary("no block", "sacral"), "region"),
    ],
)
def test_bad_input_is_refused_with_what_is_allowed(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0, max_value=100))
def test_per_100_rounds_to_the_nearest_whole_person(percent: float) -> None:
    assert abs(aftercare.per_100(percent) - percent) <= 0.5


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(COMBOS))
def test_every_leaflet_sentence_is_a_step_or_a_warning_sign(combo: tuple[str, str]) -> None:
    region, injectate = combo
    sentences = set(leaflet.reading_text(region, injectate).splitlines())
    signs = aftercare.when_to_call(region)
    expected = {s.plain for s in aftercare.steps(region, injectate)} | set(signs["plain"])
    assert expected <= sentences
    other = aftercare.when_to_call_table()
    other = other[~other["region"].isin(["every region", region])]
    assert not set(other["plain"]) & sentences, "a sign for another region's leaflet"


# -- the lesson ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_explorers_update_for_every_combination(region: str, injectate: str) -> None:
    fig, update = lesson.timeline_explorer().make_figure()
    readout = update(region=region, injectate=injectate)
    assert region.capitalize() in readout and recovery.cutoff_text(region) in readout or "no diary" in readout
    fig, update = lesson.rf_explorer().make_figure()
    for paradigm in aftercare.PARADIGMS:
        text = update(paradigm=paradigm, region=region)
        share = f"about {aftercare.per_100(aftercare.paradigm_result(paradigm).success_of_treated_pct)}"
        # the selection trial is lumbar: its shares are shown for the low back only (review 2, M3)
        assert (share in text) == (region == "lumbar")
        # the readout is the key result; the printed summary starts with it and adds trials and side effects
        assert text == lesson.clinic_key(paradigm, region)
        summary = lesson.clinic_summary(paradigm, region)
        assert summary.startswith(text) and len(summary) > len(text)


def test_self_check_has_five_or_more_questions_with_answers_not_always_first() -> None:
    questions = lesson.self_check_questions()
    assert len(questions) >= 5
    assert len({q.answer for q in questions}) > 1


def test_tables_show_no_reference_ids() -> None:
    ids = {"aft_lord1996", "aft_macvicar2013", "sel_cohen2010blocks"}
    for frame in (
        lesson.outcomes_table(),
        lesson.repeat_table(),
        lesson.when_to_call_table(),
        lesson.steps_table(),
    ):
        text = frame.to_string()
        assert not any(i in text for i in ids)


# -- the leaflet ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_leaflet_reads_at_the_amas_grade_and_never_above_the_nihs(region: str, injectate: str) -> None:
    ama, nih = aftercare.reading_targets()
    fk = leaflet.reading_grade(region, injectate, "flesch_kincaid")
    smog = leaflet.reading_grade(region, injectate, "smog")
    assert fk <= ama, f"Flesch-Kincaid grade {fk} above the AMA's {ama}"
    assert max(fk, smog) <= nih, f"grade {max(fk, smog)} above the NIH's {nih}"


def test_reading_grade_would_catch_clinicians_prose(monkeypatch: pytest.MonkeyPatch) -> None:
    dense = (
        " ".join(aftercare.advice_table()["advice"]) + " " + " ".join(aftercare.when_to_call_table()["sign"])
    )
    dense += " Radiofrequency denervation of the medial branches requires comparative anaesthetic blockade."
    monkeypatch.setattr(leaflet, "reading_text", lambda region, injectate: dense)
    _, nih = aftercare.reading_targets()
    assert leaflet.reading_grade("lumbar", aftercare.DIAGNOSTIC, "smog") > nih


@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_leaflet_is_a_labelled_sample_with_notice_blanks_and_an_empty_diary(
    region: str, injectate: str
) -> None:
    page = leaflet.leaflet_html(region, injectate)
    assert "SAMPLE" in page and leaflet.course_notice() in page.replace("&#x27;", "'")
    assert "not medical advice" in leaflet.course_notice()
    assert page.count('class="blank"') >= 4
    if injectate == aftercare.DIAGNOSTIC:
        diary = page[page.index('class="diary"') :]
        assert diary.count("<tr>") == len(aftercare.diary_hours()) + 1  # header + one empty row per time
    else:
        assert 'class="diary"' not in page
    assert "<script" not in page and "src=" not in page and "href=" not in page


def test_write_leaflets_writes_one_file_per_region_and_injectate(tmp_path: Path) -> None:
    written = leaflet.write_leaflets(tmp_path)
    assert sorted(p.name for p in written) == sorted(leaflet.leaflet_name(r, i) for r, i in COMBOS)
    assert all(p.read_text().startswith("<!DOCTYPE html>") for p in written)


def test_leaflets_print_on_at_most_two_a4_pages(tmp_path: Path) -> None:
    written = leaflet.write_leaflets(tmp_path)
    with chromium() as browser:
        for path in written:
            page = browser.new_page()
            page.goto(path.as_uri())
            pdf = page.pdf(format="A4", prefer_css_page_size=True)
            page.close()
            pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
            assert 1 <= pages <= 2, f"{path.name} prints on {pages} A4 pages"


# -- second clinical review, minors (m1, m5, m7, m8, m9, m11, m12) and the allergic-reaction sign ------------
@pytest.mark.parametrize("region", aftercare.REGIONS)
def test_timeline_readout_keeps_the_intra_articular_trial_off_the_diagnostic_block(region: str) -> None:
    """m1: the steroid-vs-comparison trial is an intra-articular one: never on the diagnostic block's readout,
    and labelled as a different procedure with steroid."""
    from facet_course.lessons.aftercare import timeline

    first, _ = (recovery.outcome(i) for i in timeline.HOW_LONG[region])
    _, update = lesson.timeline_explorer().make_figure()
    diagnostic = update(region=region, injectate=aftercare.DIAGNOSTIC)
    steroid = update(region=region, injectate=aftercare.WITH_STEROID)
    assert first["quantity"] not in diagnostic
    assert first["quantity"] in steroid and "a different procedure from a medial branch block" in steroid


def test_timeline_readout_gives_the_numb_phase_for_both_anaesthetics() -> None:
    """m11: the numb phase is drawn for bupivacaine; the readout also gives lidocaine's, from the model."""
    from facet_course.lessons.aftercare import timeline

    text = timeline.numb_text()
    for drug in (aftercare.ANAESTHETIC, timeline.SHORT_ANAESTHETIC):
        end = recovery.phases(drug, recovery.NO_DRUG)[0].end_hours
        assert (
            f"about {timeline.hours_text(end)} h with {drug}" in text
            or f"or {timeline.hours_text(end)} h with {drug}" in text
        )
        assert f"{end:.3g} h" not in text  # review 15 m8: rounded, not three digits
    assert timeline.hours_text(6.83) == "7" and timeline.hours_text(2.48) == "2.5"
    assert timeline.hours_text(17520.0) == "17,520"
    assert (
        recovery.phases("lidocaine", recovery.NO_DRUG)[0].end_hours
        < recovery.phases(aftercare.ANAESTHETIC, recovery.NO_DRUG)[0].end_hours
    )


def test_cervical_rf_side_effects_are_notebook_06s_rates() -> None:
    """m7: C2-3 effects in almost all or about half, with their rates; C3-4 and below: its small sample."""
    from facet_course.lessons.aftercare import radiofrequency
    from facet_course.models import complications

    text = radiofrequency.harms_text("cervical")
    for key in radiofrequency.NECK_EXPECTED:
        assert f"{complications.rate(key).rate_percent:g}%" in text
    # review s7 F9: 'almost all' and 'about half' match the rates; no driving while unsteady
    assert "in almost all" in text and "in about half" in text and "expected in most" not in text
    assert all(complications.rate(k).rate_percent >= 90 for k in radiofrequency.NECK_ALMOST_ALL)
    assert all(40 <= (complications.rate(k).rate_percent or 0) <= 60 for k in radiofrequency.NECK_ABOUT_HALF)
    assert "no driving" in text
    assert complications.rate("rf_lower_cervical_numbness").count_text() in text
    assert "no source giving them was read" not in text


def test_outcomes_table_says_when_n_is_the_whole_trial() -> None:
    """m8: Juch 2017's 251 is the facet trial's total, not the radiofrequency arm."""
    table = lesson.outcomes_table().set_index("study")
    juch = aftercare.rf_outcome("juch_facet")
    assert juch["n_of"] != "arm"
    assert f"({juch['n']}: {juch['n_of']})" in table.loc[juch["study"], "arm (n)"]
    lord = aftercare.rf_outcome("lord_median_rf")
    assert f"({lord['n']})" in lesson.outcomes_table()["arm (n)"].iloc[0]


def test_repeat_table_says_caution_is_not_support_and_points_to_both_guidelines() -> None:
    """m9 and m12."""
    from facet_course.lessons.aftercare import repeat

    table = repeat.repeat_table()
    dose = table.iloc[0]["answer"]
    assert "'Caution' does not mean supported" in dose
    last = table.iloc[-1]
    # the cervical criterion is stated with its numbers (test_repeat_table_states_the_cervical_guidelines_...)
    assert aftercare.statement("lumbar_guideline_no_repeat_block")["statement"] in last["answer"]
    assert "Cohen 2020" in last["source"] and "Hurley 2022" in last["source"]


@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_steroid_leaflet_names_flushing_and_tells_other_doctors(region: str, injectate: str) -> None:
    """m5: with steroid only: flushing and periods, and telling other doctors (every steroid counted)."""
    table = aftercare.advice_table().set_index("id")
    text = leaflet.reading_text(region, injectate)
    for row in ("steroid_flush", "tell_doctors"):
        assert (table.loc[row, "plain"] in text) == (injectate == aftercare.WITH_STEROID)


@pytest.mark.parametrize("region", aftercare.REGIONS)
def test_allergic_reaction_sends_to_the_emergency_department_on_every_leaflet(region: str) -> None:
    row = aftercare.when_to_call_table().set_index("id").loc["allergy"]
    assert row["action"] == "go to the emergency department" and row["region"] == "every region"
    assert row["basis"] == "usual practice" and row["source_id"]
    for injectate in aftercare.INJECTATES:
        assert row["plain"] in leaflet.reading_text(region, injectate)


# -- section 3's explorer: steroid over a year ---------------------------------------------------------
def test_yearly_steroid_adds_sessions_joints_and_other_doctors() -> None:
    assert aftercare.yearly_steroid_mg(4, 4, 20, 80) == 400
    assert aftercare.yearly_steroid_mg(1, 2, 10) == 20
    assert aftercare.session_days(4) == [0, 91.25, 182.5, 273.75]
    for bad in (0, 13, 2.5, True):
        with pytest.raises(ValueError, match="sessions"):
            aftercare.session_days(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="joints"):
        aftercare.yearly_steroid_mg(1, 0, 10)
    with pytest.raises(ValueError, match="mg_per_joint"):
        aftercare.yearly_steroid_mg(1, 2, -1)


def test_days_covered_counts_overlaps_once_and_stops_at_the_year_end() -> None:
    assert aftercare.days_covered([0, 91.25, 182.5, 273.75, 45.625], 84) == pytest.approx(343.25)
    assert aftercare.days_covered([0], 14) == 14
    assert aftercare.days_covered([360], 14) == 5
    assert aftercare.days_covered([0, 0], 10) == 10
    with pytest.raises(ValueError, match="length_days"):
        aftercare.days_covered([0], -1)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=364), max_size=6), st.floats(min_value=0, max_value=100))
def test_days_covered_never_exceeds_the_year_or_the_sum_of_windows(
    starts: list[float], length: float
) -> None:
    covered = aftercare.days_covered(starts, length)
    assert 0 <= covered <= min(aftercare.DAYS_PER_YEAR, len(starts) * length) + 1e-9


def test_steroid_year_explorer_answers_for_every_combination() -> None:
    """Each readout gives the total from the model, the rule set's own verdict and the cautious line."""
    from facet_course import safety
    from facet_course.lessons.aftercare import repeat

    _, update = lesson.steroid_year_explorer().make_figure()
    limit = aftercare.statement("wip_yearly_postmenopausal")["value"]
    strength = safety.steroid_strengths_mg_per_ml(aftercare.STEROID)[0]
    for sessions in repeat.SESSIONS:
        for joints in repeat.JOINTS:
            for dose, mg in repeat.dose_options().items():
                for other, other_mg in repeat.other_options().items():
                    text = update(sessions=sessions, joints=joints, dose=dose, other=other)
                    total = aftercare.yearly_steroid_mg(sessions, joints, mg, other_mg)
                    assert text.startswith(f"{total:g} mg")
                    assert ("above" in text) == (total > limit)
                    verdicts = [
                        safety.check_procedure(
                            weight_kg=repeat.EXAMPLE_WEIGHT_KG,
                            region=region,
                            target="intra_articular",
                            purpose="therapeutic",
                            n_sites=joints,
                            per_site=[
                                {"drug": aftercare.STEROID, "mg_per_ml": strength, "ml": mg / strength}
                            ],
                        ).verdict
                        for region in ("lumbar", "cervical")
                    ]
                    assert (
                        "the rule set (steroid alone: the anaesthetic and contrast add to each joint's "
                        f"volume): {verdicts[0]} for lumbar joints, {verdicts[1]} for neck joints" in text
                    )
                    assert "is particulate" in text  # review 15 m7: the lesson's steroid is particulate
    short, long = repeat.suppression_days()
    assert short < long == systemic_effects.longest_days("adrenal axis suppression")
    # review 15 m1: the shortest is the low end of a study's range, and both ends name their study
    table = systemic_effects.systemic_effect_table()
    lasted = table[(table["effect"] == "adrenal axis suppression") & (table["days_kind"] == "lasted")]
    assert short == lasted["days_low"].min() and short < lasted["days_high"].min()
    text = repeat.suppression_text()
    longest = lasted[lasted["days_high"] == long].iloc[0]
    assert f"{long:g} days, the high end of the longest" in text and f"{longest['n']:g} people" in text
    assert "above" in lesson.steroid_year_example()


@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_reading_explorer_names_the_hardest_sentence_and_the_leaflets_grade(
    region: str, injectate: str
) -> None:
    graded = leaflet.sentence_grades(region, injectate)
    assert [g for g, _ in graded] == sorted((g for g, _ in graded), reverse=True)
    assert all(t in leaflet.reading_text(region, injectate) for _, t in graded)
    _, update = lesson.reading_explorer().make_figure()
    text = update(region=region, injectate=injectate)
    fk = leaflet.reading_grade(region, injectate, "flesch_kincaid")
    assert text.startswith(f"{region.capitalize()}, {injectate}: Flesch-Kincaid {fk:.1f}")
    assert graded[0][1] in text


def test_blood_thinner_restart_gives_the_usual_noac_interval_from_06_data() -> None:
    """Review 15, M2: the usual restart interval for the newer oral anticoagulants is said in the lesson (from
    notebook 06's table, not typed again); the leaflet keeps its blank for the prescriber's date."""
    from facet_course.models import anticoagulants

    step = next(s for s in aftercare.steps("lumbar", aftercare.DIAGNOSTIC) if "blood thinner" in s.topic)
    assert f"{anticoagulants.noac_restart_hours():g} hours" in step.advice
    assert "newer oral anticoagulants" in step.advice and "{" not in step.advice
    assert "hours" not in step.plain  # the leaflet line gives no interval: the team writes the date


# -- third clinical review (M3): the printed leaflets are the current ones ----------------------------------
def _emergency_section(page: str) -> str:
    """The emergency boxes of a leaflet page (its HTML): 'call an ambulance' and 'go to the emergency
    department'."""
    found = re.findall(r'<div class="er">.*?</div>', page, flags=re.S)
    assert len(found) == 2, "the leaflet needs an ambulance box and an emergency department box"
    return "".join(found)


@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_built_leaflet_matches_the_current_leaflet(region: str, injectate: str) -> None:
    """A leaflet `make handouts` wrote is the one leaflet_html() makes now (emergency signs first): a stale
    printed leaflet fails here naming how to rebuild it. Missing files (a fresh checkout) are written first,
    unless FACET_TEST_AS_BUILT asks to test the files as they are."""
    folder = load_script("handouts").HANDOUTS
    path = folder / leaflet.leaflet_name(region, injectate)
    if not path.is_file():
        if os.environ.get("FACET_TEST_AS_BUILT"):
            pytest.fail(f"{path} is missing: run `make handouts`")
        leaflet.write_leaflets(folder)
    built, current = path.read_text(encoding="utf-8"), leaflet.leaflet_html(region, injectate)
    rebuild = "stale: rebuild with `.venv/bin/python -m scripts.leaflets` (or `make handouts`)"
    assert _emergency_section(built) == _emergency_section(current), (
        f"{path.name}'s emergency signs are {rebuild}"
    )
    assert built == current, f"{path.name} is {rebuild}"
    for line in aftercare.when_to_call(region).query("action == 'go to the emergency department'")["plain"]:
        assert html.escape(line) in _emergency_section(built), line


# -- review s8 F1 (critical): anaphylaxis and stroke signs -> an ambulance, not a drive to the department ---
@pytest.mark.parametrize(("region", "injectate"), COMBOS)
def test_anaphylaxis_and_stroke_signs_call_an_ambulance(region: str, injectate: str) -> None:
    """The allergy and (neck) stroke rows say: call 999 / 911 / 112 for an ambulance, do not drive; they sit
    in the leaflet's ambulance box, not in the 'go to the emergency department' box; the other emergency rows
    do not; the stroke row names one-sided arm or leg weakness (the A of FAST); both cite the pages read."""
    table = aftercare.when_to_call(region)
    ambulance = set(table.loc[table["ambulance"], "id"])
    # review s10 F2: weakness that does not wear off or gets worse and new bladder or bowel trouble go by
    # ambulance too (one instruction for a weak limb: the stroke row's)
    # review s12 F1 (major): a sudden, very severe headache too (after a neck injection it can be the first
    # sign of an artery injury, a bleed or an injection into the spinal fluid); a postural headache stays
    # with the clinic
    always = {"allergy", "weakness", "bowel_bladder", "sudden_headache"}
    assert ambulance == (always | {"stroke_signs"} if region == "cervical" else always)
    sections = dict(leaflet.patient_sections(region, injectate))
    boxed = sections[leaflet.AMBULANCE_HEADING]
    department = sections["Go to the emergency department now if"]
    for _, row in table.iterrows():
        assert (row["plain"] in boxed) == row["ambulance"], row["id"]
        assert (row["plain"] in department) == (not row["ambulance"] and row["action"] != "call the clinic")
        if row["ambulance"]:
            assert "Call 999, 911 or 112 for an ambulance now. Do not drive yourself." in row["plain"]
            assert "ambulance" in row["note"] and "999" in row["note"]
    full = aftercare.when_to_call_table().set_index("id")
    assert "one arm or leg goes weak" in full.loc["stroke_signs", "plain"]
    assert "aft_nwas_stroke" in full.loc["stroke_signs", "source_id"]
    assert "aft_nidirect_anaphylaxis" in full.loc["allergy", "source_id"]
    assert full.loc["headache", "action"] == "call the clinic"
    assert "worse when you sit or stand" in full.loc["headache", "plain"]
    assert "aft_mayo_thunderclap" in full.loc["sudden_headache", "source_id"]
    what = lesson.when_to_call_table().set_index("sign")["what to do"]
    assert what[full.loc["allergy", "sign"]].startswith(aftercare.AMBULANCE)
    assert what[full.loc["weakness", "sign"]].startswith(aftercare.AMBULANCE)
    assert what[full.loc["new_severe_pain", "sign"]] == "go to the emergency department"
    assert "999 / 911 / 112" in aftercare.AMBULANCE and "do not drive" in aftercare.AMBULANCE


# -- third clinical review (M1): the repeat table's verdicts are the rule set's, computed ------------------
@pytest.mark.parametrize("region", aftercare.REGIONS)
def test_one_joint_examples_are_the_rule_sets_verdicts(region: str) -> None:
    """Each example is checked again here through the public rule set: verdict, dose and volume levels."""
    from facet_course import safety
    from facet_course.lessons.aftercare import repeat

    examples = repeat.one_joint_examples(region)
    largest, _ = safety.steroid_largest_joint_dose(aftercare.STEROID)
    assert [e["mg"] for e in examples][2:] == [largest, largest]
    assert examples[2]["ml"] < examples[3]["ml"]  # the knee's dose in the least and in more volume
    for e in examples:
        check = safety.check_procedure(
            weight_kg=70.0,
            region=region,
            target="intra_articular",
            purpose="therapeutic",
            n_sites=1,
            per_site=[{"drug": aftercare.STEROID, "mg_per_ml": e["mg_per_ml"], "ml": e["ml"]}],
        )
        assert e["verdict"] == check.verdict
        assert f"'{check.verdict}'" in str(e["text"])
        assert f"dose {check.level_of('steroid')}, volume {check.level_of('volume')}" in str(e["text"])
    # the label's small-joint dose is never worse than the knee's dose, and more volume never makes it safer
    order = ["fine", "caution", "unsafe"]
    assert order.index(str(examples[0]["verdict"])) <= order.index(str(examples[2]["verdict"]))
    assert order.index(str(examples[2]["verdict"])) <= order.index(str(examples[3]["verdict"]))


def test_repeat_table_states_the_cervical_guidelines_repeat_criterion() -> None:
    """M2 and m7: the repeat-RF criterion and the single block come from Hurley 2022's Table 22 (data), and
    the old claim that the guidelines' repeat rows were unreadable is gone."""
    from facet_course.lessons.aftercare import radiofrequency, repeat

    table = repeat.repeat_table()
    last = table.iloc[-1]["answer"]
    pct, months = (
        aftercare.statement(i)
        for i in ("cervical_guideline_rf_repeat", "cervical_guideline_rf_repeat_months")
    )
    assert f"more than {pct['value']:g}% relief for at least {months['value']:g} months" in last
    assert aftercare.statement("cervical_guideline_no_repeat_block")["statement"] in last
    assert "cut off in every copy" not in last and "not read" not in last.split("Low back")[0]
    neck = radiofrequency.clinic_summary("one block", "cervical")
    assert "news summary" not in neck
    single = aftercare.statement("cervical_guideline_single_block")
    assert f"more than {single['value']:g}% relief" in neck and "single diagnostic block" in neck


def test_steroid_year_flags_more_injections_per_joint_than_the_label_suggests() -> None:
    """m4: above the label page's 2 to 3 injections per joint a year the readout says so; at or below, not."""
    from facet_course.lessons.aftercare import repeat

    most = aftercare.statement("steroid_joint_suggestion_per_year")["value_high"]
    dose, other = list(repeat.dose_options())[0], list(repeat.other_options())[0]
    for sessions in repeat.SESSIONS:
        text = repeat.steroid_year_text(sessions, repeat.JOINTS[-1], dose, other)
        flagged = f"{sessions} injections a joint a year: more than the" in text
        assert flagged == (sessions > most) and ("suggested for peripheral joints" in text) == flagged, (
            sessions
        )
    assert max(repeat.SESSIONS) > most  # the explorer reaches the flag


def test_steroid_body_effects_run_from_the_injection_not_the_onset_bar() -> None:
    """m9: glucose, flushing and telling other doctors run from the injection; glucose to 04's longest."""
    from facet_course.lessons.aftercare import timeline

    table = timeline.steps_table("lumbar", aftercare.WITH_STEROID).set_index("topic")["when (hours after)"]
    hours = aftercare.glucose_days() * recovery.HOURS_PER_DAY  # review s16 of 05, F2: to the latest peak too
    assert table["diabetes and blood glucose"].startswith(f"0 to {hours:g}")
    for topic in timeline.FROM_THE_INJECTION:
        assert "from the injection" in table[topic]
    onset = recovery.phases(*aftercare.drugs(aftercare.WITH_STEROID))
    assert any(p.name == "steroid onset" and p.start_hours > 0 for p in onset)


def test_what_limits_repeats_names_steroid_cover_for_major_stress() -> None:
    """Expected-but-missing 4: Kay 1994's conclusion (steroid cover under major stress) is in the table."""
    from facet_course.lessons.aftercare import repeat

    row = repeat.repeat_table().set_index("question").loc["what limits repeating a steroid"]
    cover = aftercare.statement("steroid_cover_major_stress")
    assert cover["statement"] in row["answer"] and "Kay 1994" in row["source"]


def test_the_neck_readout_checks_the_non_particulate_alternative_by_the_rule_set() -> None:
    """Review s7 F4: the neck session names the particulate caution and checks the non-particulate choice by
    the same rule set (its label's small-joint dose), with the rule set's own reasons, never typed."""
    from facet_course import safety
    from facet_course.lessons.aftercare import repeat
    from facet_course.models import pharmacology

    alt = repeat.NECK_ALTERNATIVE
    assert not bool(pharmacology.corticosteroid_info(alt)["particulate"])
    per_joint = safety.steroid_label_limits(alt)[0]
    text = repeat.neck_alternative_text(4)
    assert f"{alt} at its label's small-joint dose ({per_joint:g} mg a joint)" in text
    strength = safety.steroid_strengths_mg_per_ml(alt)[0]
    check = safety.check_procedure(
        weight_kg=repeat.EXAMPLE_WEIGHT_KG,
        region="cervical",
        target="intra_articular",
        purpose="therapeutic",
        n_sites=4,
        per_site=[{"drug": alt, "mg_per_ml": strength, "ml": per_joint / strength}],
    )
    assert f"gets '{check.verdict}'" in text
    assert all(r.text in text for r in check.reasons_in("steroid") if r.level != "fine")
    assert text in repeat.steroid_year_example()
    # the explorer's readout (a slide) gives the verdict only; the worked example gives the reasons
    brief = repeat.neck_alternative_text(4, detail=False)
    assert brief == f"{alt} (label dose): '{check.verdict}' too"
    doses, others = list(repeat.dose_options()), list(repeat.other_options())
    assert brief not in repeat.steroid_year_text(2, 4, doses[0], others[0])  # the readout must fit its slide


def test_the_leaflet_gives_the_numb_time_and_ties_the_emergency_rule_to_it() -> None:
    """Review s7 F5, F6, F7 and the dural puncture headache: the diagnostic leaflet scopes 'take it easy',
    asks for extra painkillers in the diary, gives the model's numb time and a blank, and the emergency rule
    points to the time given; the diabetes line says the studies' longest rise is not a ceiling."""
    from facet_course.lessons.aftercare import leaflet

    text = leaflet.reading_text("lumbar", aftercare.DIAGNOSTIC)
    hours = round(recovery.phases(aftercare.ANAESTHETIC, recovery.NO_DRUG)[0].end_hours)
    assert aftercare.numb_hours() == hours
    # review s12 F8: a typical time, not a ceiling (the published durations span a range)
    assert f"can last about {hours:g} hours" in text and "up to about" not in text
    assert "do try the things that often hurt" in text and "extra painkiller, write it down" in text
    assert "after the time we gave you for it to wear off" in text and "longer than we told" not in text
    assert "worse when you sit or stand and better when you lie down" in text
    assert "Your numbness should be gone by" in leaflet.leaflet_fragment("lumbar", aftercare.DIAGNOSTIC)
    steroid = leaflet.reading_text("cervical", aftercare.WITH_STEROID)
    days = f"{aftercare.glucose_days():g}"
    rise = f"{aftercare.glucose_rise_days():g}"
    assert f"the rise lasted up to {rise} days" in steroid and "It may last longer" in steroid
    assert f"more often for at least {days} days" in steroid


@pytest.mark.parametrize("region", aftercare.REGIONS)
def test_the_diary_asks_about_a_numb_limb(region: str) -> None:
    """Review s13 F5: limb numbness after a diagnostic block means spread; the diary has a column for it and
    the advice row tells the resident why, citing the imaging studies."""
    page = leaflet.leaflet_html(region, aftercare.DIAGNOSTIC)
    diary = page[page.index('class="diary"') :]
    limb = aftercare.AREAS[region][1]
    assert f"<th>{limb.capitalize()} numb?</th>" in diary
    assert diary.count("<td></td>") == 4 * len(aftercare.diary_hours())
    row = aftercare.advice_table().set_index("id").loc["diary"]
    assert "not selective" in row["advice"] and "Dreyfuss 1997" in citations.author_year(row["source_id"])


def test_adrenal_and_glucose_bars_start_at_the_injection() -> None:
    """Review s13 F4: a range of durations is drawn from day 0 (solid to the shortest, light to the longest),
    never as a window that starts late."""
    from facet_course.lessons.aftercare import repeat
    from matplotlib.patches import Rectangle

    fig, _ = repeat.effects_figure()
    bars = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    lasted = systemic_effects.systemic_effect_table()
    lasted = lasted[(lasted["days_kind"] != "found") & (lasted["days_high"] > lasted["days_low"])]
    assert len(bars) == 2 * len(lasted)
    # each range is a pair, drawn in order: solid from day 0 to the shortest, light from there to the longest
    # (a study whose shortest is day 0, e.g. Habib 2009's 'less than 2 days', has a solid part of width 0)
    solid, light = bars[0::2], bars[1::2]
    assert all(b.get_x() == 0.0 for b in solid)
    assert sorted(b.get_width() for b in solid) == sorted(lasted["days_low"].astype(float))
    assert all(lt.get_x() == pytest.approx(sd.get_width()) for sd, lt in zip(solid, light, strict=True))
    ends = sorted(b.get_x() + b.get_width() for b in light)
    assert ends == pytest.approx(sorted(lasted["days_high"].astype(float)))


def test_the_steroid_relief_row_cites_both_lumbar_trials_and_the_session_ceiling_is_not_a_last_analogy() -> (
    None
):
    """Review s13 F6 and F1 (wording): Kennedy 2018 beside Carette 1991; the session ceiling explained as the
    label's only total, not by analogy with local anaesthetic toxicity."""
    from facet_course.lessons.aftercare import repeat

    row = aftercare.advice_table().set_index("id").loc["steroid"]
    cited = citations.author_year(row["source_id"])
    assert "Carette 1991" in cited and "Kennedy 2018" in cited
    answer = repeat.repeat_table().iloc[0]["answer"]
    assert "local anaesthetic" not in answer and "no label describes the exposure" in answer
