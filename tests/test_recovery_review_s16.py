"""Review s16 of notebook 05: one verdict rule in the diary model (F1), the glucose window (F2)."""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np
import pytest
from facet_course.lessons import medication_choices
from facet_course.lessons import recovery_curves as rv
from facet_course.lessons.cases import after
from facet_course.lessons.recovery_curves import diaries
from facet_course.models import cases as case_model
from facet_course.models import pain_diary


def _read(entries: list[tuple[float, float]], drug: str = "lidocaine", name: str = "hand-made"):
    hours, pain = (np.array(v, dtype=float) for v in zip(*entries, strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pain_diary.DiaryWarning)
        return pain_diary.analyse_diary(pain_diary.Diary(hours, pain, name), drug, "lumbar")


@pytest.mark.parametrize("label", list(diaries.READING_RULE_DIARIES))
def test_table_verdict_is_the_models_for_every_hand_made_diary(label: str) -> None:
    """F1: the lesson's table shows exactly the model's verdict, and the model's summary prints it."""
    result = _read(diaries.READING_RULE_DIARIES[label][1], name=label)
    table = rv.reading_rule_examples_table().set_index("diary (SYNTHETIC, hand-made)")
    assert table.loc[label, "verdict"] == result.verdict_label()
    if result.verdict in ("positive", "negative"):
        assert f": {result.verdict_label()} (" in result.summary()
    else:  # neither positive nor negative: the summary says so, with the model's reason
        assert f"{result.verdict}, neither positive nor negative" in result.summary()


def test_short_relief_is_in_the_models_verdict_and_summary() -> None:
    """F1: 'relief at two entries, ending early' reads the qualified verdict from the model itself; the
    duration line never says 'no reason to doubt' beside the short-relief caution."""
    result = _read(diaries.READING_RULE_DIARIES["relief at two entries, ending early"][1])
    assert result.verdict == "positive" and result.short_relief
    assert result.verdict_label() == "positive" + pain_diary.SHORT_RELIEF_LABEL
    assert "Verdict under the" in result.summary() and pain_diary.SHORT_RELIEF_LABEL in result.summary()
    assert "no reason to doubt" not in result.summary()
    assert "lowers confidence" in result.duration_verdict


def test_short_bupivacaine_relief_is_qualified_and_not_undoubted() -> None:
    """F1: bupivacaine relief gone by 1.5 h earns the qualified verdict and no 'no reason to doubt'."""
    result = _read([(-0.25, 8), (0.25, 8), (0.5, 2), (1, 2), (1.5, 8), (2, 8), (4, 8)], drug="bupivacaine")
    assert result.verdict_label().endswith(pain_diary.SHORT_RELIEF_LABEL)
    assert "no reason to doubt" not in result.summary()


def test_longer_relief_keeps_the_plain_verdict_and_the_duration_wording() -> None:
    """F1 counter-case: lidocaine relief from 0.5 h gone by the 2 h entry (at most 1.5 h: past the 1 h
    short-relief line, short of the 2 h lower end of lidocaine's duration) keeps a plain 'positive' and the
    duration line's 'no reason to doubt' (no caution fires)."""
    assert pain_diary.short_relief_hours("lidocaine") < 1.5 < 2.0
    result = _read([(-0.25, 8), (0.5, 2), (1, 2), (2, 8), (4, 8)])
    assert result.verdict_label() == "positive" and not result.short_relief
    assert "no reason to doubt" in result.duration_verdict


def test_week_old_baseline_is_in_the_models_verdict() -> None:
    """F1: a positive read against a week-old baseline says so in the model's verdict and summary."""
    result = _read(diaries.READING_RULE_DIARIES["only score a week before the block"][1])
    assert result.old_baseline
    assert pain_diary.OLD_BASELINE_LABEL in result.verdict_label()
    assert pain_diary.OLD_BASELINE_LABEL in result.summary()


@pytest.mark.parametrize("hours", [0.5, 0.75, 1.0, 2.0, 4.0])
def test_case_question_follows_the_models_short_relief(hours: float) -> None:
    """F1 in 08: the case's scored answer is 'discordant' exactly when the model's verdict carries the
    short-relief label."""
    case = dataclasses.replace(case_model.case("single-block"), relief_hours=hours)
    result = pain_diary.analyse_diary(after.case_diary(case), case.drug or "", case.region)
    qualified = result.verdict_label().endswith(pain_diary.SHORT_RELIEF_LABEL)
    assert after.discordant(case, result) == qualified
    question = after.diary(case)
    assert (question.options[question.answer] == after.discordant_text(case)) == qualified


def test_glucose_window_covers_the_latest_peak_and_the_longest_rise() -> None:
    """F2: Habib 2008's peaks run to 84 h after the injection, later than its 2-3 days' rise; the window is
    whichever is later, in whole days (84 h -> 4 days), and every wording gives that one number."""
    from facet_course.models import aftercare, recovery, systemic_effects

    knee = systemic_effects.systemic_effect("glucose_knee_habib")
    assert knee["peak_hours_high"] == 84 and "peak 5 to 84 hours" in knee["finding"]
    assert systemic_effects.latest_peak_hours("blood glucose") == 84
    assert systemic_effects.latest_peak_hours("adrenal axis suppression") is None
    days = aftercare.glucose_days()
    assert days * recovery.HOURS_PER_DAY >= aftercare.glucose_peak_hours()
    assert days >= aftercare.glucose_rise_days() == systemic_effects.longest_days("blood glucose")
    # the peak, rounded up to whole days, sets the window: it ends after the longest rise
    assert days == math.ceil(knee["peak_hours_high"] / recovery.HOURS_PER_DAY) > knee["days_high"]
    talk = rv.patient_talk()
    assert f"at least {days:g} days" in talk and "back to the patient's usual" in talk
    for region in aftercare.REGIONS:
        glucose = next(
            s
            for s in aftercare.steps(region, aftercare.WITH_STEROID)
            if s.topic == "diabetes and blood glucose"
        )
        assert (
            f"for at least {days:g} days, and keep checking until it is back to your usual" in glucose.plain
        )
        assert f"as late as {aftercare.glucose_peak_hours():g} hours after the injection" in glucose.plain
    assert f"at least {days:g} days" in medication_choices.who_to_warn()


@pytest.mark.parametrize("anaesthetic", ["lidocaine", "bupivacaine"])
def test_no_steroid_phases_after_a_medial_branch_block(anaesthetic: str) -> None:
    """F3: after a medial branch block with a steroid no steroid curve is drawn, so the ribbon hides the
    steroid phases, puts the return of pain where the anaesthetic ends, and the readout and title do not
    speak of a steroid curve; into the joint the steroid phases stay."""
    from facet_course.lessons.recovery_curves import phases
    from facet_course.models import recovery

    explorer = rv.recovery_explorer()
    fig, update = explorer.make_figure()
    ribbon = fig.axes[0]
    steroid = next(
        s for s in next(c for c in explorer.controls if c.name == "steroid").options if s != "none"
    )
    settings = {**explorer.defaults(), "anaesthetic": anaesthetic, "steroid": steroid}

    def shown() -> dict[str, float]:
        return {t.get_text(): t.get_position()[0] for t in ribbon.texts if t.get_visible()}

    readout = update(**{**settings, "injection": "medial branch block"})
    labels = shown()
    assert not any("steroid" in text for text in labels)
    end = next(p.end_hours for p in recovery.phases(anaesthetic, "none") if p.name == "return of pain")
    start = next(p.start_hours for p in recovery.phases(anaesthetic, "none") if p.name == "return of pain")
    assert labels["return of pain"] == pytest.approx(np.sqrt(start * min(end, phases.T_MAX_H)))
    assert "steroid curve is HYPOTHETICAL" not in readout and "no steroid-responder curve" in readout
    assert "steroid phase hypothetical" not in ribbon.get_title()
    readout = update(**{**settings, "injection": "intra-articular"})
    assert any("steroid" in text for text in shown()) and "steroid curve is HYPOTHETICAL" in readout


def test_section_3_says_the_carette_share_is_a_what_if_and_the_default_is_none() -> None:
    """F5: the cohort's default share of extra steroid responders is 0; Carette's is only a what-if."""
    import json
    from pathlib import Path

    defaults = rv.survival_explorer().defaults()
    assert defaults["extra_responder_percent"] == 0
    cells = json.loads(Path(__file__).parents[1].joinpath("notebooks/05_recovery_curves.ipynb").read_text())
    text = " ".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "markdown")
    assert "default share of extra steroid responders come from" not in text
    assert "the what-if share of extra steroid responders the explorer offers, come from" in text
    assert "by default the cohort has no extra steroid responders" in text


def test_relief_first_seen_after_an_entry_without_relief_past_the_published_onset_is_not_interpolated() -> (
    None
):
    """F4: lidocaine, no relief at 0.5 h and 1 h (both after its latest published onset), relief at 1.5 h and
    2 h: the onset is not interpolated back past the 1 h entry, so relief first seen at 1.5 h is late for the
    drug; it never reads a plain 'positive'."""
    latest = pain_diary.onset_limit_hours("lidocaine") - pain_diary.onset_margin_hours()
    assert latest < 0.5 < 1.0 < pain_diary.onset_limit_hours("lidocaine") < 1.5
    result = _read([(-0.25, 8), (0.5, 8), (1, 8), (1.5, 2), (2, 2), (3, 8)])
    assert not result.positive and result.verdict == "not confirmed"
    assert result.verdict_reason.startswith(pain_diary.LATE_ONSET)
    assert "no reason to doubt" not in result.summary()


def test_relief_first_seen_in_the_window_after_a_late_unrelieved_entry_earns_a_caution() -> None:
    """F4: lidocaine, no relief at 0.5 h (after its latest published onset), relief from 1 h: still within the
    course's onset window, so positive, with the 'late for this drug' caution; relief already seen at the
    first entry earns none."""
    late = _read([(-0.25, 8), (0.5, 8), (1, 2), (2, 2), (4, 8)])
    assert late.positive and late.relief_onset_hours == 1.0  # not interpolated back towards 0.5 h
    assert any("late for this drug; consider a repeat or comparative block" in c for c in late.cautions())
    early = _read([(-0.25, 8), (0.5, 2), (1, 2), (2, 2), (4, 8)])
    assert early.positive and not any("late for this drug" in c for c in early.cautions())


def test_the_reading_rules_and_table_show_the_late_entry_rule() -> None:
    """F4: the printed rules say the onset is never interpolated back past a late entry without relief, and
    the hand-made table shows the reviewer's diary as not confirmed (late onset)."""
    assert "never interpolated back past an entry with no relief" in " ".join(rv.reading_rules().split())
    table = rv.reading_rule_examples_table().set_index("diary (SYNTHETIC, hand-made)")
    verdict = table.loc["relief first seen after a late entry without relief", "verdict"]
    assert verdict.startswith(f"not confirmed: {pain_diary.LATE_ONSET}")
