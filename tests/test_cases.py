"""08 cases: every answer equals what the course's models return for the case's inputs; cases are well formed
(invented, in decision order); numeric questions, scores and the exam edition behave."""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import numpy as np
import pytest
from facet_course import safety
from facet_course.core import selfcheck
from facet_course.core.explore import Explorer
from facet_course.core.selfcheck import NumericQuestion, Question
from facet_course.lessons import cases as lesson
from facet_course.lessons.cases import after as lesson_after
from facet_course.lessons.cases import casebook, common, doses_view, outcomes_view, targets_view
from facet_course.models import (
    aftercare,
    anatomy,
    anticoagulants,
    block_criteria,
    cases,
    complications,
    diagnostic_blocks,
    innervation,
    last,
    needle,
    pain_diary,
    pharmacology,
)
from hypothesis import given, settings
from hypothesis import strategies as st

ALL = cases.case_ids(None)


def _answers(case_id: str) -> dict[str, selfcheck.AnyQuestion]:
    case = cases.case(case_id)
    return dict(zip(case.steps, casebook.questions(case_id), strict=True))


def _right_option(question: selfcheck.AnyQuestion) -> str:
    assert isinstance(question, Question)
    return question.options[question.answer]


def test_ten_to_twelve_invented_cases_each_in_decision_order() -> None:
    every = cases.cases("case")
    assert 10 <= len(every) <= 12
    for case in every:
        assert case.patient.startswith("INVENTED patient"), case.id
        stages = [common.STAGE_OF[s] for s in case.steps]
        assert stages == sorted(stages), case.id
    assert {common.STAGE_OF[s] for c in every for s in c.steps} == set(range(len(common.STAGES)))


@pytest.mark.parametrize("case_id", ALL)
def test_every_answer_equals_the_models(case_id: str) -> None:
    """Each step's answer recomputed here straight from the model the notebooks use."""
    case = cases.case(case_id)
    for step, q in _answers(case_id).items():
        if step == "nerves":
            nerves = dict.fromkeys(n for j in case.joints for n in innervation.nerves_to_block(j).nerves)
            assert _right_option(q) == " + ".join(nerves)
        elif step == "volume":
            limit, _ = safety.site_injectate_limit(case.region, case.target)
            assert (
                isinstance(q, NumericQuestion) and q.answer == limit.high_ml and q.accept == (q.answer,) * 2
            )
            # the question asks for the limit, and says when the limit itself breaks it ('<')
            assert "limit" in q.prompt and limit.text() in q.explanation
            assert ("itself breaks the limit" in q.explanation) == limit.exceeded(limit.high_ml)
        elif step == "carm":
            aim = needle.aim_oblique_deg(case.joints[0], "right")
            assert isinstance(q, NumericQuestion) and q.answer == aim
            assert q.is_right(aim) and not q.is_right(anatomy.facet_angle_to_sagittal_deg(case.joints[0])[2])
        elif step == "max_dose":
            assert q.answer == safety.governing_max(case.drug, case.weight_kg).limit_mg  # type: ignore[union-attr]
        elif step == "max_volume":
            percent = case.plan["per_site"][0]["percent"]  # type: ignore[index]
            assert q.answer == pytest.approx(safety.max_volume_ml(case.drug, percent, case.weight_kg))  # type: ignore[union-attr]
        elif step in ("plan_verdict", "diagnostic_steroid", "steroid_plan"):
            check = safety.check_procedure(
                weight_kg=case.weight_kg,
                region=case.region,
                target=case.target,
                purpose=case.purpose,
                n_sites=common.n_sites(case),
                **case.plan,  # type: ignore[arg-type]
            )
            assert _right_option(q) == check.verdict
        elif step == "steroid_dose":
            drug = next(i["drug"] for i in case.plan["per_site"] if "mg_per_ml" in i)  # type: ignore[union-attr]
            assert q.answer == safety.steroid_label_limits(drug)[0]  # type: ignore[union-attr]
        elif step == "bleeding":
            expected = anticoagulants.plan([case.drug], casebook.drugs.PROCEDURE[case.target], case.region)
            assert _right_option(q) == expected.category
            # the category is the planner's from the sources read, never a bare 'ASRA says'; options are
            # the guideline's categories only (no 'discontinue')
            assert "06's planner" in q.prompt and "ASRA 2018 guideline give" not in q.prompt
            assert set(q.options) - {expected.category} <= set(anticoagulants.CATEGORY_ORDER)  # type: ignore[union-attr]
            assert "prescriber" in q.explanation
        elif step == "interval":
            advice = anticoagulants.drug_advice(case.drug).advice
            if case.drug in anticoagulants.noac_drugs():
                # the class-wide statements of the secondary summary, through the model, labelled as such
                right = _right_option(q)
                assert f"{anticoagulants.noac_stop_half_lives():g} half-lives" in right
                assert f"{anticoagulants.noac_restart_hours():g} hours" in right
                assert "secondary summary" in right and "prescriber" in right
                assert anticoagulants.noac_timing_text() in q.explanation
            elif anticoagulants.SEE_TABLE in advice:
                assert "guideline's own table" in _right_option(q) and "prescriber" in _right_option(q)
            else:
                assert _right_option(q) == advice
        elif step == "lipid_bolus":
            assert q.answer == last.lipid_plan(case.weight_kg).bolus_ml  # type: ignore[union-attr]
        elif step == "last_onset":
            # after an injection into a vein toxicity can start at once (label): 'within seconds' is right,
            # and the absorption window from 06's table is the wrong option
            low, high = last.onset_window_min("absorption from tissue")  # type: ignore[misc]
            assert "within seconds" in _right_option(q)
            assert any(f"{low:g} to {high:g} minutes" in o for o in q.options)  # type: ignore[union-attr]
        elif step == "last_first":
            # the case's injection is over, so the checklist's first step is done: the next one is asked
            steps = last.treatment_steps()
            assert "already over" in q.prompt and steps[0][1].lower() in q.prompt
            assert _right_option(q) == steps[1][1]
        elif step == "glucose":
            assert q.answer == aftercare.glucose_days()  # type: ignore[union-attr]
        elif step == "fever_threshold":
            assert q.answer == aftercare.fever_threshold()[2]  # type: ignore[union-attr]
        elif step == "fever_action":
            # the resident is the clinic called: a same-day review, and 07's emergency action for weakness;
            # 'call back tomorrow' and 'wait for weakness' are wrong
            table = aftercare.when_to_call().set_index("id")
            assert _right_option(q).startswith("see him today")
            assert table.loc["weakness", "action"] in _right_option(q)
            wrong = [o for o in q.options if o != _right_option(q)]  # type: ignore[union-attr]
            assert any("tomorrow" in o for o in wrong) and any("only if weakness" in o for o in wrong)
        elif step == "vasovagal_rate":
            assert q.answer == complications.rate("vasovagal_mbb").rate_percent  # type: ignore[union-attr]
        elif step == "cutoff":
            assert _right_option(q).startswith(block_criteria.cutoff_text(case.region))
            # '> 50%' against '>= 50%' is never what separates right from wrong
            level = block_criteria.block_criterion(case.region)["relief_percent_min"]
            for r in block_criteria.regions():
                if r != case.region and block_criteria.block_criterion(r)["relief_percent_min"] == level:
                    assert not any(o.startswith(block_criteria.cutoff_text(r)) for o in q.options)  # type: ignore[union-attr]
        elif step == "post_test":
            acc = diagnostic_blocks.paradigm_accuracy("single_block")
            ppv = diagnostic_blocks.positive_predictive_value(
                case.pretest_percent / 100, acc.sensitivity, acc.specificity
            )
            assert q.answer == pytest.approx(100 * ppv)  # type: ignore[union-attr]
        elif step == "diary":
            diary = casebook.after.case_diary(case)
            result = pain_diary.analyse_diary(diary, case.drug, case.region)
            assert _right_option(q) == result.verdict
            # one duration, stated once; the verdict does not hang on interpolation: the same diary at any
            # relief from the cut-off to 90% reads the same
            assert q.explanation.count("by interpolation") <= 1
            for percent in (50, 70, 90):
                moved = type(case)(**{**case.__dict__, "relief_percent": percent})
                again = pain_diary.analyse_diary(casebook.after.case_diary(moved), case.drug, case.region)
                assert again.verdict == result.verdict, percent
        elif step == "pretest":
            assert f"{case.pretest_percent:g}%" in _right_option(q)
        elif step == "care":
            weeks = casebook.select.care_weeks(case)
            assert q.accept[0] <= weeks[0] and weeks[1] <= q.accept[1]  # type: ignore[union-attr]
        assert q.explanation and q.source_id, (case_id, step)


def test_known_answers_the_notebooks_teach() -> None:
    """Fixed points of the course: C2-3 is the third occipital nerve; a 48 kg patient's bupivacaine maximum is
    2 mg/kg (the label) below the ceiling; the L5 dorsal ramus is blocked at the sacral ala."""
    assert _right_option(_answers("whiplash-headache")["nerves"]) == "third occipital nerve"
    low = cases.case("low-weight")
    assert _answers("low-weight")["max_dose"].answer < safety.governing_max("bupivacaine", 100).limit_mg  # type: ignore[union-attr]
    assert "sacral ala" in _right_option(_answers("axial-back-pain")["l5_target"])
    assert "L5 dorsal ramus" in _right_option(_answers("axial-back-pain")["nerves"])
    assert low.weight_kg < 50


@settings(max_examples=15, deadline=None)
@given(weight=st.floats(min_value=30, max_value=150))
def test_a_dose_question_follows_the_rule_set_for_any_weight(weight: float) -> None:
    case = cases.case("low-weight")
    moved = type(case)(**{**case.__dict__, "weight_kg": weight})
    question = casebook.drugs.max_dose(moved)
    assert question.answer == safety.governing_max("bupivacaine", weight).limit_mg
    assert question.is_right(question.answer)


def test_numeric_questions_refuse_bad_input_and_judge_by_tolerance() -> None:
    source = next(iter(__import__("facet_course.core.data", fromlist=["x"]).references()))
    q = NumericQuestion.within("dose?", "mg", 96, 2, (90, 95, 96, 97, 100), "why", source)
    assert [q.is_right(v) for v in q.choices] == [False, True, True, True, False]
    assert "Correct." in q.feedback(95) and "facet-right" in q.feedback(95)
    assert "Not quite" in q.feedback(100) and "facet-wrong" in q.feedback(100)
    with pytest.raises(ValueError, match="outside the accepted"):
        NumericQuestion("q", "mL", 5, (1, 2), (0, 1, 2, 3), "e", source)
    with pytest.raises(ValueError, match="no slider position"):
        NumericQuestion.within("q", "mL", 5, 0.1, (0, 1, 2), "e", source)
    with pytest.raises(ValueError, match="every slider position"):
        NumericQuestion.within("q", "mL", 1, 5, (0, 1, 2), "e", source)
    with pytest.raises(ValueError, match="increasing"):
        NumericQuestion.within("q", "mL", 1, 0, (2, 1, 0), "e", source)
    with pytest.raises(ValueError, match="tolerance"):
        NumericQuestion.within("q", "mL", 1, -1, (0, 1, 2), "e", source)


def test_bad_case_input_is_refused_with_what_is_allowed() -> None:
    with pytest.raises(ValueError, match="no case 'nope'; cases: whiplash-headache"):
        cases.case("nope")
    with pytest.raises(ValueError, match="plan item 'site: bupivacaine lots'"):
        cases.parse_plan("site: bupivacaine lots")
    assert cases.parse_plan("") == {}
    parsed = cases.parse_plan("site: bupivacaine 0.5% 0.3 mL; skin: lidocaine 1% 5 mL; contrast: 0.2 mL")
    assert parsed["per_site"] == [{"drug": "bupivacaine", "percent": 0.5, "ml": 0.3}]
    assert parsed["contrast_ml_per_site"] == 0.2
    with pytest.raises(ValueError, match="letters, digits and hyphens"):
        selfcheck.case_check("bad key!", lesson.questions("vasovagal"))


def _texts(widget: widgets.Widget) -> str:
    found = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if isinstance(w, widgets.HTML):
            found.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(found)


def test_exam_edition_shows_the_same_questions_with_no_feedback(monkeypatch: pytest.MonkeyPatch) -> None:
    questions = selfcheck.arrange(lesson.questions("toxicity"))
    study = "".join(_texts(selfcheck.any_widget(i, q)) for i, q in enumerate(questions, 1))
    monkeypatch.setenv(selfcheck.EDITION_ENV, "exam")
    exam = "".join(_texts(selfcheck.any_widget(i, q)) for i, q in enumerate(questions, 1))
    assert "facet-feedback" in study and "facet-feedback" not in exam
    for q in questions:
        assert q.prompt.replace("'", "&#x27;") in exam or q.prompt in exam
        assert q.explanation[:40] not in exam
    assert (
        "<script>" not in selfcheck.score_html("toxicity")
        and "marked by your instructor" in selfcheck.score_html()
    )
    monkeypatch.setenv(selfcheck.EDITION_ENV, "draft")
    with pytest.raises(ValueError, match="choose one of study, exam"):
        selfcheck.edition()


def test_score_line_counts_in_the_browser_and_numeric_slider_links_to_feedback() -> None:
    html = selfcheck.score_html("toxicity")
    assert 'data-case="toxicity"' in html and "facet-right" in html and "<script>" in html
    q = lesson.questions("low-weight")[0]
    box = selfcheck.any_widget(1, q)
    slider, stack = box.children[2], box.children[3]
    assert "answers within" in box.children[1].value
    assert isinstance(slider, widgets.SelectionSlider) and slider.value == selfcheck.UNANSWERED
    assert len(stack.children) == len(slider.options) and stack.selected_index == 0


def test_case_figure_and_table() -> None:
    fig, alt = lesson.case_map_figure()
    assert "11 cases" in alt and len(fig.axes[0].get_yticklabels()) == len(cases.cases("case"))
    table = lesson.cases_table()
    assert list(table["case"]) == [c.order for c in cases.cases("case")]
    assert np.all(table["questions"] >= 3)


def test_a_story_that_says_bilateral_has_both_sides_in_the_data() -> None:
    for case in cases.cases(None):
        if "bilateral" in case.story.lower():
            assert case.sides == 2, case.id


def test_a_low_bleeding_category_is_never_taught_as_a_reason_to_stop() -> None:
    """Case feedback on the bleeding category: a low category does not by itself call for stopping the
    drug, stopping has its own (clot) risk, and the prescriber decides; a higher one says no such thing."""
    checked: set[str] = set()
    for case in cases.cases(None):
        if not case.drug or "bleeding" not in case.steps:
            continue
        found = casebook.drugs.planner(case)
        checked.add(found.category)
        feedback = casebook.drugs.bleeding(case).explanation
        assert "clot" in feedback and "prescriber" in feedback
        low = found.category == anticoagulants.CATEGORY_ORDER[0]
        assert ("does not by itself call for stopping" in feedback) == low
    assert anticoagulants.CATEGORY_ORDER[0] in checked, "no case teaches a low category"


def test_leaflet_questions_come_from_07s_leaflet_and_refuse_unknown_steps() -> None:
    case = cases.case("diabetes-steroid")
    steps = {s.topic: s for s in aftercare.steps("lumbar", aftercare.WITH_STEROID)}
    glucose = lesson_after.leaflet_question("glucose", case)
    assert isinstance(glucose, NumericQuestion) and glucose.answer == aftercare.glucose_days()
    assert steps["diabetes and blood glucose"].plain in glucose.explanation
    relief = lesson_after.leaflet_question("steroid_relief", case)
    assert _right_option(relief) == steps["when relief may come and how long it may last"].advice
    back = lesson_after.leaflet_question("return", case)
    end = aftercare.phase_windows(aftercare.WITH_STEROID)["anaesthetic block"][1]
    assert f"about {end:.0f} h" in _right_option(back)
    with pytest.raises(ValueError, match="no leaflet question 'nope'; leaflet questions: return, glucose"):
        lesson_after.leaflet_question("nope", case)


def test_target_figure_counts_nerves_and_limits_from_the_models() -> None:
    rows = targets_view.target_rows()
    for row, case_id in zip(rows, targets_view.SECTION_CASES, strict=True):
        case = cases.case(case_id)
        limit, borrowed = safety.site_injectate_limit(case.region, case.target)
        assert row.limit_ml == limit.high_ml and row.borrowed == borrowed
        assert row.points == common.n_sites(case)
    # C2-3: the third occipital nerve at 3 points; two lumbar joints both sides: L3, L4, L5 = 6 points
    assert [r.points for r in rows] == [3, 6, 1, 2]
    assert "third occipital nerve (3 points)" in rows[0].what
    fig, alt = lesson.target_figure()
    assert "borrowed" in alt and len(fig.axes) == 2


def test_dose_explorer_follows_the_rule_set_across_weights() -> None:
    check = doses_view.plan_at_weight(48)
    assert check.verdict == casebook.questions("low-weight")[2].options[0]  # the plan_verdict answer
    verdicts = [doses_view.plan_at_weight(w).verdict for w in doses_view.WEIGHTS_KG]
    order = {v: i for i, v in enumerate(safety.VERDICTS)}
    # a heavier patient never gets a stricter verdict for the same plan
    assert [order[v] for v in verdicts] == sorted((order[v] for v in verdicts), reverse=True)
    assert {"fine", "caution", "unsafe"} <= set(verdicts)
    explorer = lesson.dose_explorer()
    _, readout = explorer.frame(weight_kg=40)
    assert "<b>unsafe</b>" in readout
    with pytest.raises(ValueError, match="weight_kg=10 is outside"):
        doses_view.plan_at_weight(10)


def test_diary_explorer_and_post_test_figure_use_the_models() -> None:
    case = cases.case("single-block")
    accuracy = diagnostic_blocks.paradigm_accuracy("single_block")
    ppv = 100 * diagnostic_blocks.positive_predictive_value(
        case.pretest_percent / 100, accuracy.sensitivity, accuracy.specificity
    )
    fig, alt = lesson.post_test_figure()
    assert f"becomes {ppv:.0f}%" in alt
    explorer = lesson.diary_explorer()
    for hours in (outcomes_view.RELIEF_HOURS[0], case.relief_hours, outcomes_view.RELIEF_HOURS[-1]):
        diary = lesson_after.case_diary(dataclasses.replace(case, relief_hours=hours))
        verdict = pain_diary.analyse_diary(diary, case.drug, case.region).verdict
        _, readout = explorer.frame(relief_hours=hours)
        assert f"<b>{verdict}</b>" in readout and f"only to {ppv:.0f}%" in readout
    with pytest.raises(ValueError, match="has no diary"):
        lesson_after.case_diary(dataclasses.replace(case, relief_hours=None))


def test_exam_edition_hides_the_section_figures_and_explorers(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(lesson.explorer("doses"), Explorer)
    monkeypatch.setenv(selfcheck.EDITION_ENV, "exam")
    hidden = lesson.explorer("outcomes")
    assert not isinstance(hidden, Explorer) and "Exam edition" in hidden.data
    with pytest.raises(ValueError, match="no section 'nope'; sections: targets, doses, outcomes"):
        lesson.show_figure("nope")


def test_case_1_volume_question_counts_the_third_occipital_nerve_at_three_points() -> None:
    """The limit applies at each point, and the TON takes three (data/nerve_injection_points)."""
    volume = next(q for q in casebook.questions("whiplash-headache") if "injectate limit" in q.prompt)
    assert "the third occipital nerve takes 3 points" in volume.prompt
    assert "above, at and below the C2-3 joint" in volume.explanation
    assert "anat_acc_ton_block" in volume.source_id


def test_diary_question_treats_short_relief_as_a_caution_not_a_verdict() -> None:
    """05's reader: relief that ended before the short-relief duration stays positive with a caution; only
    relief seen within the skin-anaesthetic window is 'not confirmed'."""
    case = cases.case("single-block")
    short = pain_diary.short_relief_hours(case.drug)
    early = dataclasses.replace(case, relief_hours=1.0)
    assert 1.0 < short and lesson_after.diary(early).options[0] == "positive"
    assert "earns a caution, not a different verdict" in lesson_after.diary(early).explanation
    late = lesson_after.diary(dataclasses.replace(case, relief_hours=6.0))
    assert "earns a caution" not in late.explanation
    skin = dataclasses.replace(case, relief_hours=pain_diary.skin_anaesthetic_hours())
    assert lesson_after.diary(skin).options[0] == "not confirmed"
    assert "skin and needle-track" in lesson_after.diary(skin).explanation


def test_lipid_feedback_labels_the_cap_over_70_kg_as_a_course_rule() -> None:
    """Over 70 kg the 840 mL shown is the 70-kg value of 12 mL/kg: the course's rule, said so."""
    heavy = lesson_after.lipid_bolus(cases.case("review"))
    plan = last.lipid_plan(cases.case("review").weight_kg)
    assert (
        cases.case("review").weight_kg > 70 and f"upper limit {plan.upper_limit_ml:g} mL" in heavy.explanation
    )
    assert "COURSE RULE" in heavy.explanation
    light = lesson_after.lipid_bolus(cases.case("toxicity"))
    assert "COURSE RULE" not in light.explanation and "mL/kg of body weight" in light.explanation
    assert "lean body weight is not known" in light.prompt


def test_steroid_dose_question_calls_the_small_joint_figure_the_course_reading_and_names_the_trial_dose() -> (
    None
):
    """Labels do not list facet joints: the limit is the course's conservative reading; the facet trial's
    20 mg per joint is shown beside it, and such a dose gets a caution from the rule set, not 'unsafe'."""
    case = cases.case("diabetes-steroid")
    question = next(q for q in casebook.questions("diabetes-steroid") if "conservative reading" in q.prompt)
    trial = pharmacology.steroid_doses("methylprednisolone acetate")
    trial_mg = float(trial.loc[trial["context"] == "trial", "dose_mg_high"].iloc[0])
    assert question.answer < trial_mg  # type: ignore[union-attr]
    assert f"{trial_mg:g} mg per joint" in question.explanation and "allows" not in question.prompt
    check = casebook.drugs.plan_check(case)
    per_site = next(i for i in case.plan["per_site"] if "mg_per_ml" in i)  # type: ignore[union-attr]
    assert per_site["mg_per_ml"] * per_site["ml"] == trial_mg and check.verdict == "caution"


def test_low_weight_case_says_the_rule_set_scales_with_weight_not_age() -> None:
    """An 81-year-old: the label asks for reduced doses in the elderly; the verdict is a ceiling."""
    case = cases.case("low-weight")
    assert "81-year-old" in case.patient and "not age" in case.story and "ceiling, not a target" in case.story
    assert "label_marcaine" in case.source_id


def test_cutoff_feedback_says_the_regions_differ_only_at_exactly_the_shared_number() -> None:
    """'>= 50%' against '> 50%': the only disagreement is a relief of exactly 50%, not a 'one-point gap'."""
    for case_id in ("whiplash-headache", "review"):
        question = next(q for q in casebook.questions(case_id) if "count as positive" in q.prompt)
        number = block_criteria.block_criterion(cases.case(case_id).region)["relief_percent_min"]
        assert f"differ only at exactly {number:g}% relief" in question.explanation
        assert "one-point" not in question.explanation
