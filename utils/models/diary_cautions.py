"""The diary reader's cautions: what limits how far a diary's verdict can be trusted, never a change of
verdict (pure text from the diary's entries and the reader's limits in ``data/recovery_model_assumptions``,
read through :mod:`.recovery_diary`). Used by :mod:`.pain_diary`, which re-exports the public ones."""

from __future__ import annotations

import numpy as np

from . import recovery
from .recovery_diary import (
    Diary,
    Run,
    baseline_disagreement_points,
    clock_text,
    onset_limit_hours,
    onset_margin_hours,
    short_relief_fraction,
    short_relief_hours,
)


def long_relief_caution(lasted_at_least_hours: float, anaesthetic: str) -> str:
    """A caution when relief (counted only to the last relieved entry, hours) outlasted the upper end of the
    anaesthetic's published duration in peripheral nerve blocks ('' otherwise); never a change of verdict,
    because the guidelines' criteria set no duration."""
    _, high = recovery.anaesthetic_end_range_hours(anaesthetic)
    if lasted_at_least_hours <= high:
        return ""
    return (
        f"relief lasted at least {lasted_at_least_hours:.1f} h, longer than the {high:g} h upper end of "
        f"{anaesthetic}'s published duration in peripheral nerve blocks: the guideline's criterion has no "
        "duration requirement, so the verdict stands, but relief this long may not be the drug's; a "
        "comparative block tells more"
    )


def pain_rise_caution(baseline: float, pain_after: np.ndarray, hours: np.ndarray) -> str:
    """A caution when pain after the injection rose above the pre-injection score (0-10) by more than
    :func:`baseline_disagreement_points` (COURSE ASSUMPTION: scores that close agree), '' otherwise.

    ``pain_after``: the scores after the injection; ``hours``: their times after the injection."""
    pain, times = np.asarray(pain_after, dtype=float), np.asarray(hours, dtype=float)
    if pain.shape != times.shape:
        raise ValueError(f"pain_after and hours must have the same length, got {pain.size} and {times.size}")
    if baseline <= 0 or not (pain - baseline > baseline_disagreement_points()).any():
        return ""
    worst = int(np.argmax(pain))
    return (
        f"pain rose above the score before the injection (to {pain[worst]:g}/10 from {baseline:g}/10, at "
        f"{times[worst]:g} h; more than {baseline_disagreement_points():g} point, COURSE ASSUMPTION): "
        "procedural pain or a post-injection flare, not a response; ask about it"
    )


def short_caution(run: Run, anaesthetic: str) -> str:
    """A caution when relief had ended (seen) before the course's shortest plausible duration for the drug,
    even counted to the first entry without relief ('' otherwise); never a change of verdict."""
    if run.indices is None or run.bounds is None:
        return ""
    longest, shortest = run.bounds[1] - run.onset, short_relief_hours(anaesthetic)
    if longest >= shortest:
        return ""
    low, _ = recovery.anaesthetic_end_range_hours(anaesthetic)
    return (
        f"relief had gone by the {run.bounds[1]:g} h entry, so it lasted at most {longest:.1f} h, under "
        f"{shortest:g} h ({short_relief_fraction():g} x the {low:g} h lower end of {anaesthetic}'s "
        "published duration in peripheral nerve blocks, COURSE ASSUMPTION): perhaps shorter than the drug "
        "acts. The guideline's criterion has no duration requirement, so the verdict stands; comparative "
        "blocks tell more"
    )


def disagreement_caution(diary: Diary) -> str:
    """The caution for earlier pre-injection scores that disagree with the baseline ('' when none do)."""
    tolerance = baseline_disagreement_points()
    earlier = diary.disagreeing_earlier_scores(tolerance)
    if not earlier:
        return ""
    listed = ", ".join(f"{p:g}/10 at {h:g} h" for h, p in earlier)
    return (
        f"earlier pre-injection scores ({listed}) differ from the baseline by more than {tolerance:g} "
        "point (COURSE ASSUMPTION): the usual pain is unclear; the block is read against the last score"
    )


def late_first_seen_caution(diary: Diary, run: Run, drug: str) -> str:
    """A caution when the block's relief was first seen after an entry with no relief at all written later
    than the drug's latest published onset ('' otherwise): the relief had not begun when the drug should
    already act, so it is late for this drug (review s16 of 05, F4)."""
    if run.indices is None or run.indices[0] == 0:
        return ""
    hours, pain = diary.hours[diary.after], diary.pain[diary.after]
    before, first = float(hours[run.indices[0] - 1]), float(hours[run.indices[0]])
    latest = onset_limit_hours(drug) - onset_margin_hours()
    if before <= latest or pain[run.indices[0] - 1] < diary.baseline:  # partial relief: setting in
        return ""
    return (
        f"relief first seen at {first:g} h, after an entry without relief at {before:g} h, later than "
        f"{drug}'s latest published onset ({clock_text(latest)}): late for this drug; consider a repeat or "
        "comparative block"
    )
