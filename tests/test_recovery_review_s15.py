"""Review s15 of notebook 05 (recovery curves): the diary reader and the lesson's wording."""

from __future__ import annotations

import numpy as np
import pytest
from facet_course.models import pain_diary
from facet_course.models.recovery_diary import Diary

#: verdict strength: a weaker verdict sorts lower
STRENGTH = {"not confirmed": 0, "positive on a single reading": 1, "positive": 2}


def _read(pairs: list[tuple[float, float]], drug: str = "lidocaine") -> pain_diary.DiaryResult:
    hours = np.array([h for h, _ in pairs], float)
    pain = np.array([p for _, p in pairs], float)
    return pain_diary.analyse_diary(Diary(hours, pain, name="review"), drug, "lumbar")


def _strength(result: pain_diary.DiaryResult) -> int:
    return STRENGTH[result.verdict_label().split(":")[0].split(",")[0]]


LATER = [(-0.25, 8.0), (1.0, 0.0), (3.0, 8.0)]


@pytest.mark.parametrize(
    ("pairs", "label"),
    [
        ([(-0.25, 8.0), (0.25, 0.0), (3.0, 8.0)], "positive on a single reading"),
        ([(-0.25, 8.0), (0.25, 0.0), (0.5, 0.0), (3.0, 8.0)], "positive"),
        ([(-0.25, 8.0), (0.1, 0.0), (0.2, 0.0), (0.4, 0.0), (3.0, 8.0)], "positive"),
    ],
)
def test_early_relief_that_may_have_lasted_reads_like_the_same_relief_seen_later(
    pairs: list[tuple[float, float]], label: str
) -> None:
    # F1 (major): relief only in the first 30 min whose next entry (3 h) comes long after lidocaine's
    # short-relief line read 'not confirmed' while the same relief seen at 1 h read positive
    early, later = _read(pairs), _read(LATER)
    assert later.verdict_label() == "positive on a single reading"
    assert early.verdict_label() == label and not early.verdict_reason
    assert _strength(early) >= _strength(later)
    # the verdict never contradicts the duration line: consistent with the drug, and positive
    assert early.duration_verdict.startswith("consistent with these peripheral nerve blocks")
    assert "skin" not in early.summary()


def test_early_relief_seen_to_end_soon_stays_not_confirmed_and_says_when_it_ended() -> None:
    # the skin rule still applies when relief is seen to end early: gone by 1 h, under lidocaine's 1 h line
    result = _read([(-0.25, 8.0), (0.25, 0.0), (0.5, 0.0), (1.0, 8.0)])
    assert result.verdict == "not confirmed" and "skin and needle-track" in result.verdict_reason
    shortest = pain_diary.short_relief_hours("lidocaine")
    assert result.relief_end_bounds is not None
    assert result.relief_end_bounds[1] - result.relief_onset_hours < shortest
    assert (
        "had gone by the 1 h entry" in result.verdict_reason
        and f"under {shortest:g} h" in result.verdict_reason
    )
    # the same relief with its next entry at the short-relief line itself is positive
    at_line = _read([(-0.25, 8.0), (0.25, 0.0), (0.5, 0.0), (shortest + 0.25, 8.0)])
    assert at_line.verdict == "positive"


def test_early_relief_whose_end_is_unseen_stays_not_confirmed() -> None:
    # the diary stops, or has a gap, after relief seen only in the first 30 min: end unseen, as before
    stops = _read([(-0.25, 8.0), (0.25, 0.0), (0.5, 0.0)])
    gap = _read([(-0.25, 8.0), (0.25, 0.0), (0.5, 0.0), (6.0, 8.0)], "bupivacaine")
    for result in (stops, gap):
        assert result.verdict == "not confirmed" and "skin and needle-track" in result.verdict_reason
    # one more relieved entry beyond the early window (1 h) is more evidence: positive, a lower bound
    more = _read([(-0.25, 8.0), (0.25, 0.0), (0.5, 0.0), (1.0, 0.0), (6.0, 8.0)], "bupivacaine")
    assert more.verdict == "positive" and more.relief_censored


def test_an_onset_at_the_end_of_the_window_is_in_time_and_printed_in_minutes() -> None:
    # F2: onset interpolated to exactly 20 min + 1 h read 'late onset ... at about 1.3 h, after ... (1.3 h)'
    limit = pain_diary.onset_limit_hours("lidocaine")
    assert pain_diary.clock_text(limit) == "1 h 20 min"
    assert pain_diary.onset_in_time(limit, limit) and not pain_diary.onset_in_time(limit + 1 / 60, limit)
    # interpolated from an entry with partial relief (1 h: 25%) to 100% at 2 h: 50% at 1 h 20 min, in time
    result = _read([(-0.25, 8.0), (1.0, 6.0), (2.0, 0.0), (2.5, 0.0), (3.0, 8.0)])
    assert result.relief_onset_hours == pytest.approx(limit)
    assert result.verdict == "positive" and "late onset" not in result.summary()
    assert "by 1 h 20 min" in result.summary()
    # review s16 of 05, F4: after an entry with no relief at 1 h (later than lidocaine's latest published
    # onset) the onset is not interpolated back: relief first seen at 1.5 h is late, and the reason prints
    # both times in minutes, never the same twice
    late = _read([(-0.25, 8.0), (1.0, 8.0), (1.5, 2.0), (2.0, 2.0), (3.0, 8.0)])
    assert late.verdict == "not confirmed" and late.verdict_reason.startswith("late onset")
    assert "at about 1 h 30 min, after the onset window the course uses (1 h 20 min" in late.verdict_reason


@pytest.mark.parametrize(
    ("hours", "text"), [(1 + 1 / 3, "1 h 20 min"), (0.75, "45 min"), (2.0, "2 h"), (1.6, "1 h 36 min")]
)
def test_clock_text(hours: float, text: str) -> None:
    assert pain_diary.clock_text(hours) == text


@pytest.mark.parametrize(
    ("percent", "text"),
    [
        (28.0, "more than 1 in 4"),
        (25.0, "about 1 in 4"),
        (100 / 3, "about 1 in 3"),
        (12.0, "more than 1 in 9"),
    ],
)
def test_one_in_n_never_makes_a_share_sound_smaller(percent: float, text: str) -> None:
    # F5: 13 of 47 (28%) was 'about 1 in 4'
    assert pain_diary.one_in_text(percent) == text


def test_kennedy_2018_says_no_significant_difference_with_its_direction_and_intervals() -> None:
    # F3: 'no difference either (91% vs 75%)' hid that more went on to RF after steroid, with wide CIs
    from facet_course.lessons.recovery_curves import text

    said = text._kennedy_text()
    assert "no difference either" not in said and "no significant difference" in said
    assert "after steroid (91%, 95% CI 62.3-100%) than after saline (75%, 95% CI 50.5-99.5%)" in said
    assert "(28 patients)" in said and "confidence intervals are wide" in said


def test_the_ropivacaine_caveat_names_the_one_table_that_ranks_it_longer() -> None:
    # F4: the readout said the ranges came 'from different sources and strengths'; the course's own table
    # gives both drugs from one source, and that table ranks ropivacaine longer
    from facet_course.lessons.recovery_curves import phases

    said = phases._ropivacaine_caveat()
    assert "different sources" not in said
    assert "gives bupivacaine 4-10 h and ropivacaine 6-12 h, so it ranks ropivacaine longer" in said
    assert "Knudsen 2023 gives 8-14 h" in said and "Fanelli 1998" in said


def test_early_relief_rule_diary_is_shown_positive_in_the_lesson() -> None:
    from facet_course.lessons.recovery_curves import diaries

    table = diaries.reading_rule_examples_table().set_index("diary (SYNTHETIC, hand-made)")
    assert table.loc["relief seen at 15 and 30 minutes, next score at 3 hours", "verdict"] == "positive"
    assert table.loc["relief only at 15 minutes", "verdict"].startswith("not confirmed")


def test_the_rule_diaries_heading_counts_them() -> None:
    # the heading said 'eleven' for thirteen diaries; a fourteenth shows the F1 rule
    import json
    from pathlib import Path

    from facet_course.lessons.recovery_curves import diaries

    words = {13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen"}
    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "05_recovery_curves.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    count = len(diaries.READING_RULE_DIARIES)
    assert f"The reader's rules, on {words[count]} hand-made diaries" in text


def test_the_patient_talk_points_to_recovery_after_denervation_with_its_numbers() -> None:
    # gap 1: recovery after radiofrequency denervation, with the trial's medians from notebook 07's data
    from facet_course.lessons import recovery_curves as rv
    from facet_course.models import aftercare

    rf, sham = aftercare.rf_outcome("lord_median_rf"), aftercare.rf_outcome("lord_median_sham")
    talk = rv.patient_talk()
    assert f"a median of {rf['value']:g} days after denervation and {sham['value']:g} after the sham" in talk
    assert "Lord 1996" in talk and "no data on when relief starts after denervation" in talk


@pytest.mark.parametrize(
    "pairs",
    [
        [(-0.25, 8.0), (0.25, 0.0), (0.5, 0.0), (1.0, 8.0)],  # early, seen to end soon
        [(-0.25, 8.0), (0.5, 8.0), (0.75, 2.0), (1.0, 8.0), (2.0, 8.0)],  # one short reading
    ],
)
def test_a_not_confirmed_block_is_never_called_no_reason_to_doubt(pairs: list[tuple[float, float]]) -> None:
    # F1: the verdict and the duration line must not contradict each other
    result = _read(pairs)
    assert result.verdict == "not confirmed"
    assert result.duration_verdict.startswith("shorter than these peripheral nerve blocks last")
    assert "no reason to doubt" not in result.summary()
    assert "leaves the block not confirmed (see the verdict)" in result.duration_verdict
    # the same short relief on two entries that are not all early stays a qualified positive
    positive = _read([(-0.25, 8.0), (0.5, 2.0), (0.75, 2.0), (1.0, 8.0), (2.0, 8.0)])
    assert positive.verdict == "positive" and positive.short_relief
    # review s16 of 05, F1: beside the short-relief caution the duration line never says 'no reason to doubt'
    assert "no reason to doubt" not in positive.summary() and "lowers confidence" in positive.duration_verdict
