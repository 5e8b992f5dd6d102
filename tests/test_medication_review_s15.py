"""Notebook 04 after the s15 clinical review (F1, F2, F4, F6) and the older findings G1-G3: the self-check's
dosing question, patients on ritonavir or cobicistat, the systemic explorer's reading of a study measured on a
few days only, and numbers the prose now reads from data (the verdicts stay the rule set's, which this file
never changes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from facet_course.core import citations
from facet_course.lessons import medication_choices as lesson
from facet_course.lessons.medication_choices import checker, systemic, text
from facet_course.models import contrast, safety, systemic_effects

ROOT = Path(__file__).resolve().parents[1]


def test_the_dosing_question_is_set_where_the_weight_based_figure_governs() -> None:
    """F1: the feedback said the weight-based figure governs where the ceiling did; the question now uses a
    weight where mg/kg is below the ceiling, and the ceiling distractor is true but not the answer."""
    question = text.self_check_questions()[1]
    weight = float(question.prompt.split(" kg patient")[0].rsplit(" ", 1)[1])
    governing = safety.governing_max("lidocaine", weight)
    assert governing.mg_per_kg is not None and governing.ceiling_mg is not None
    assert governing.mg_per_kg * weight == governing.limit_mg < governing.ceiling_mg
    assert f"the weight-based figure is below the {governing.ceiling_mg:g} mg ceiling, so it governs" in (
        question.explanation
    )
    distractor, answer = question.options[0], question.options[question.answer]
    total = float(distractor.split("the total, ")[1].split(" mg")[0])
    assert governing.limit_mg < total <= governing.ceiling_mg  # tempting and true, yet an overdose
    assert answer.startswith("Both") and "Verdict: unsafe" in question.explanation


def test_who_to_warn_and_the_checklist_name_ritonavir_and_cobicistat_with_numbers_from_data() -> None:
    """F2: triamcinolone with ritonavir or cobicistat (iatrogenic Cushing's syndrome, months of adrenal
    suppression), in section 5's warnings and in the box before a steroid is drawn up."""
    warn = lesson.who_to_warn()
    cases = systemic_effects.steroid_interaction("ritonavir_triamcinolone_cases")
    joint = systemic_effects.steroid_interaction("ritonavir_triamcinolone_intra_articular")
    weeks = systemic_effects.steroid_interaction("ritonavir_triamcinolone_hpa_weeks")
    assert f"systematic review of {cases['value']:g} reported cases" in warn
    assert f"{joint['value']:g} followed an intra-articular injection" in warn
    assert f"median of {weeks['value']:g} weeks" in warn and citations.short(cases["source_id"]) in warn
    assert "cobicistat-boosted" in warn
    avoid = citations.short(citations.source("triamcinolone_avoid_with_ritonavir"))
    assert "avoiding triamcinolone with ritonavir" in warn and avoid in warn
    box = lesson.before_the_steroid()
    assert "ritonavir or cobicistat" in box
    # s16 F8: the box cites the case report and the systematic review section 5 uses for the same fact
    report = systemic_effects.steroid_interaction("ritonavir_triamcinolone_intra_articular_case_report")
    assert citations.short(report["source_id"], cases["source_id"]) in box and avoid not in box
    with pytest.raises(ValueError, match="known:"):
        systemic_effects.steroid_interaction("no_such_row")


def test_the_sulfite_in_some_dexamethasone_vials_is_named_with_its_labels() -> None:
    """G2: a sulfite (sodium sulfite or metabisulfite) in some dexamethasone vials, as an allergen."""
    box = lesson.before_the_steroid()
    assert "ask about sulfite sensitivity" in box
    for key in ("dexamethasone_sulfite_in_vial", "dexamethasone_sulfite_warning"):
        assert citations.short(citations.source(key)) in box


def test_kays_midazolam_finding_is_stated_with_the_day_from_data() -> None:
    """G3: in Kay 1994 sedation with midazolam accentuated the suppression; at the 48-day measurement ACTH and
    cortisol were suppressed only in the midazolam group."""
    kay = systemic_effects.systemic_effect("hpa_esi_kay")
    warn = lesson.who_to_warn()
    assert (
        f"at {kay['days_high']:g} days ACTH and cortisol were still significantly suppressed only in the "
        "group given midazolam" in warn
    )


@pytest.mark.parametrize("day", [1, 3])
def test_a_study_measured_at_weeks_1_4_and_12_says_nothing_of_the_first_days(day: float) -> None:
    """F6: Iranmanesh 2017 measured at weeks 1, 4 and 12 only: nothing on days 1-3, and the explorer no longer
    lists it under 'lasted at least this long'."""
    row = systemic_effects.systemic_effect("hpa_esi_iranmanesh")
    assert systemic_effects.measured_on_a_few_days(row)
    assert systemic_effects.status_on_day(row, day) is None
    _, update = systemic._draw_systemic()
    assert "Iranmanesh" not in update(day)


@pytest.mark.parametrize("day", [7, 28, 84])
def test_the_same_study_is_found_when_measured_at_its_measurements(day: float) -> None:
    row = systemic_effects.systemic_effect("hpa_esi_iranmanesh")
    assert systemic_effects.status_on_day(row, day) == "found when measured"
    _, update = systemic._draw_systemic()
    readout = update(day)
    lasted = readout.split("Lasted at least this long:")[1].split("<br>")[0]
    found = readout.split("Found when measured")[1]
    assert "Iranmanesh" not in lasted and "Iranmanesh" in found
    assert f"; {row['days_note'].split(': ')[0]})" in found  # the measurement days, as the table says


def test_a_study_that_followed_the_effect_to_its_end_still_reads_lasted() -> None:
    moon = systemic_effects.systemic_effect("hpa_esi_moon")
    assert not systemic_effects.measured_on_a_few_days(moon)
    assert systemic_effects.status_on_day(moon, 1) == "lasted at least this long"


def test_the_contrast_strengths_are_read_from_the_label_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """G1: the iohexol strengths not for intrathecal use come from data/contrast_agent_labels.csv."""
    strengths, source = contrast.strengths_not_for_intrathecal_use("iohexol")
    note = lesson.contrast_agent_note()
    assert f"marks {' and '.join(f'{v:g}' for v in strengths)} mgI/mL not for intrathecal use" in note
    assert citations.short(source) in note
    table = contrast.agent_label_table()
    changed = table.assign(strength_mgi_per_ml=table["strength_mgi_per_ml"] + 1)
    monkeypatch.setattr(contrast, "agent_label_table", lambda: changed)
    moved = lesson.contrast_agent_note()
    assert " and ".join(f"{v + 1:g}" for v in strengths) in moved  # the prose follows the data
    with pytest.raises(ValueError, match="agents listed"):
        contrast.strengths_not_for_intrathecal_use("gadolinium")


def test_the_betamethasone_glucose_study_is_a_row_of_the_systemic_table_read_by_the_prose() -> None:
    """G1: Habib 2009 (1 mL betamethasone in the knee) is a row of data/systemic_effects.csv; the warning
    formats its numbers from it, and the explorer and table list it with the glucose studies."""
    row = systemic_effects.systemic_effect("glucose_knee_habib_betamethasone")
    assert row["source_id"] == "habib2009" and row["unit"] == "mg/dL"
    warn = lesson.who_to_warn()
    assert f"{row['finding']}, to a mean peak of {text.glucose_text(row['value'])}" in warn
    source = (ROOT / "utils/lessons/medication_choices/text.py").read_text()
    assert f"{row['value']:g}" not in source and "140 and 350" not in source  # no longer typed in prose
    table = systemic.systemic_table()
    effects = list(table["effect"])
    assert effects == sorted(effects, key=systemic_effects.EFFECTS.index)  # glucose rows stay together
    ours = table[table["source"] == citations.short("habib2009")].iloc[0]
    assert ours["days"] == f"less than {row['days_high']:g}" and ours["n"] == row["n"]
    _, update = systemic._draw_systemic()
    # the readout names each study 'Author Year' since s16 (the figure's source note gives it in full)
    label = citations.author_year(row["source_id"])
    assert f"({label})" in update(1).split("may still be present:")[1].split("<br>")[0]


def test_the_45_kg_presenter_note_says_the_sum_passes_the_maximum_not_bupivacaine_alone() -> None:
    """F4: bupivacaine alone stays below its maximum at 45 kg; only with the skin lidocaine is it passed."""
    cells = json.loads((ROOT / "notebooks/04_medication_choices.ipynb").read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells]
    note = next(s for s in sources if s.startswith("The lighter patient"))
    assert "added to the skin lidocaine, the same milligrams now pass the maximum together" in note
    check = checker.procedure_check(
        45, "lumbar", "medial_branch", "therapeutic", 10, "bupivacaine", 0.75, 0.5
    )
    assert check.doses[0].fraction_of_governing < 1  # bupivacaine alone, as the note says
