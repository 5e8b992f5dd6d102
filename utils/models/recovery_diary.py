"""A pain diary after a diagnostic block: the checked entries (hours after the injection, pain 0-10).

:class:`Diary` checks a diary when it is made (one score per time, times strictly increasing, scores on the
0-10 scale, at least one score before the injection and one after it, a score at exactly 0 h refused unless
the caller says which side of the needle it was); :func:`read_diary` reads one from CSV. The reading of a
diary (relief, verdict, duration) is :mod:`.pain_diary`, which re-exports these names; the timing of relief
over observed entries (:class:`Run`, :func:`block_run`) is here, as pure arithmetic on the entries.

The stored example diaries (``data/recovery_diaries/``) are SYNTHETIC, made by :func:`synthetic_diary` from
the recovery model with a fixed seed; this module is the one loader of their index
(``data/recovery_diaries``).
The reader's limits (``min_baseline_pain``, ``max_gap_hours``, ...) are read here from
``data/recovery_model_assumptions`` and re-exported by :mod:`.pain_diary`, which applies them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ..core import data
from . import pharmacology, recovery

COLUMNS = ("hours_after_injection", "pain_0_10")
DIARY_DIR: Path = data.DATA_DIR / "recovery_diaries"
#: Diary times at which patients are asked to score their pain (hours after the injection); -1 is before it.
DIARY_HOURS: tuple[float, ...] = (-1, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 168)
#: A diary longer than this is not a diagnostic-block diary (hours; the longest trial follow-up, two years).
MAX_HOURS = recovery.MAX_HOURS
#: SD of the scatter added to synthetic diaries (points on 0-10), before rounding to whole points.
DIARY_NOISE_POINTS = 0.4
#: How a score at exactly 0 h is counted: refused as ambiguous (default), before the injection, or after it.
ZeroHour = Literal["refuse", "before", "after"]
ZERO_HOUR_RULES: tuple[str, ...] = ("refuse", "before", "after")


# -- the reader's limits, from data/recovery_model_assumptions (re-exported by pain_diary) ------------------
def _value(row_id: str) -> float:
    return float(recovery.assumption(row_id)["value"])


def min_baseline_pain() -> float:
    """Lowest baseline pain (0-10) at which the reader gives a verdict (COURSE ASSUMPTION, data/)."""
    return _value("min_baseline_pain")


def baseline_disagreement_points() -> float:
    """Largest difference (points, 0-10) of an earlier pre-injection score from the baseline before the reader
    warns (COURSE ASSUMPTION, data/)."""
    return _value("baseline_disagreement_points")


def baseline_max_age_hours() -> float:
    """Oldest baseline (hours before the injection) read without a caution (COURSE ASSUMPTION, data/)."""
    return _value("baseline_max_age_hours")


def skin_anaesthetic_hours() -> float:
    """Hours after the injection within which relief seen only there is not confirmed (ended or with no later
    entry), being possibly the skin and needle-track anaesthetic (COURSE ASSUMPTION, data/)."""
    return _value("skin_anaesthetic_hours")


def short_relief_fraction() -> float:
    """Share (0-1) of the lower end of the drug's published duration below which relief that has ended is too
    short for the drug (COURSE ASSUMPTION, data/)."""
    return _value("short_relief_fraction")


def short_relief_hours(anaesthetic: str) -> float:
    """Hours: relief that ended (observed) after less than this is too short for ``anaesthetic``:
    :func:`short_relief_fraction` times the lower end of its published duration (peripheral nerve blocks)."""
    low, _ = recovery.anaesthetic_end_range_hours(anaesthetic)
    return short_relief_fraction() * float(low)


def max_gap_hours() -> float:
    """Longest time (hours) between two diary entries over which relief is still timed as unbroken (COURSE
    ASSUMPTION, data/)."""
    return _value("diary_max_gap_hours")


def window_hours(anaesthetic: str) -> float:
    """End of the window (hours after the injection) in which a diary must have a score while the anaesthetic
    can act.

    The upper end of the anaesthetic's published duration (peripheral nerve blocks, notebook 04) times the
    ILLUSTRATIVE margin ``diary_window_factor`` (data/recovery_model_assumptions).
    """
    _, high = recovery.anaesthetic_end_range_hours(anaesthetic)
    return float(high) * _value("diary_window_factor")


def onset_limit_hours(anaesthetic: str) -> float:
    """Hours after the injection by which relief must reach the cut-off for the block to count: the latest
    published onset of the anaesthetic (minutes, peripheral nerve blocks, notebook 04's data, read through
    :func:`facet_course.pharmacology.local_anaesthetic_time_course`) plus ``diary_onset_margin_hours`` (a
    COURSE ASSUMPTION in data/recovery_model_assumptions)."""
    recovery.anaesthetic_end_range_hours(anaesthetic)  # refuses an unknown drug or 'none' with its message
    onset = pharmacology.local_anaesthetic_time_course(anaesthetic).onset_min
    return onset.high / 60.0 + onset_margin_hours()


def onset_margin_hours() -> float:
    """Hours after the anaesthetic's latest published onset by which relief must reach the cut-off
    (COURSE ASSUMPTION, data/)."""
    return _value("diary_onset_margin_hours")


def comparative_longer_hours() -> float:
    """Hours by which bupivacaine relief must outlast lidocaine relief to count as longer (COURSE ASSUMPTION,
    data/)."""
    return _value("comparative_longer_hours")


class DiaryWarning(UserWarning):
    """A diary that can be read but whose reading needs care (e.g. pre-injection scores that disagree)."""


@dataclass(frozen=True)
class Diary:
    """A checked diary: times (hours after the injection) and pain scores (0-10), in time order.

    ``zero_hour`` says how a score at exactly 0 h counts: ``"refuse"`` (default; such a diary is refused as
    ambiguous), ``"before"`` (the score just before the needle) or ``"after"`` (the first score after it).
    """

    hours: np.ndarray
    pain: np.ndarray
    name: str = "diary"
    zero_hour: ZeroHour = "refuse"

    def __post_init__(self) -> None:
        hours = np.asarray(self.hours, dtype=float)
        pain = np.asarray(self.pain, dtype=float)
        where = f"{self.name}: "
        if self.zero_hour not in ZERO_HOUR_RULES:
            raise ValueError(f"{where}zero_hour={self.zero_hour!r}; choose one of {list(ZERO_HOUR_RULES)}")
        if hours.ndim != 1 or pain.ndim != 1 or hours.size != pain.size:
            raise ValueError(
                f"{where}need one pain score per time; got {hours.size} times and {pain.size} scores"
            )
        if hours.size < 2:
            raise ValueError(f"{where}a diary needs a score before the injection and at least one after it")
        if not (np.all(np.isfinite(hours)) and np.all(np.isfinite(pain))):
            raise ValueError(f"{where}times and scores must be numbers (found NaN or infinity)")
        if pain.min() < recovery.PAIN_MIN or pain.max() > recovery.PAIN_MAX:
            raise ValueError(
                f"{where}pain scores must lie on the 0-10 numeric rating scale; got {pain.min():g} to "
                f"{pain.max():g}"
            )
        if np.any(np.diff(hours) <= 0):
            raise ValueError(f"{where}times must increase strictly (each entry later than the one before)")
        if hours.min() < -7 * recovery.HOURS_PER_DAY or hours.max() > MAX_HOURS:
            raise ValueError(
                f"{where}times must lie from one week before the injection (-168 h) to {MAX_HOURS:g} h "
                "after it"
            )
        if np.any(hours == 0) and self.zero_hour == "refuse":
            raise ValueError(
                f"{where}a score at exactly 0 h is ambiguous: it may have been written just before or just "
                "after the needle. Write the score before the injection at a negative time (e.g. -0.25 h) "
                "and the first one after it at a positive time, or say which it was: zero_hour='before' or "
                "zero_hour='after'"
            )
        object.__setattr__(self, "hours", hours)
        object.__setattr__(self, "pain", pain)
        if not np.any(self.before):
            raise ValueError(
                f"{where}no pain score before the injection (a negative time, or 0 h with "
                "zero_hour='before'): relief needs a baseline"
            )
        if not np.any(self.after):
            raise ValueError(f"{where}no pain score after the injection (time after 0 h)")

    @property
    def before(self) -> np.ndarray:
        """Which entries were written before the injection (boolean mask)."""
        return (self.hours < 0) | ((self.hours == 0) & (self.zero_hour == "before"))

    @property
    def after(self) -> np.ndarray:
        """Which entries were written after the injection (boolean mask)."""
        return (self.hours > 0) | ((self.hours == 0) & (self.zero_hour == "after"))

    @property
    def baseline(self) -> float:
        """The last pain score before the injection (0-10): the usual pain the block is read against."""
        return float(self.pain[self.before][-1])

    @property
    def baseline_hours(self) -> float:
        """When the baseline score was written (hours; 0 or negative)."""
        return float(self.hours[self.before][-1])

    def disagreeing_earlier_scores(self, tolerance_points: float) -> list[tuple[float, float]]:
        """Earlier pre-injection entries (hours, pain 0-10) that differ from the baseline by more than
        ``tolerance_points``."""
        hours, pain = self.hours[self.before][:-1], self.pain[self.before][:-1]
        far = np.abs(pain - self.baseline) > tolerance_points
        return [(float(h), float(p)) for h, p in zip(hours[far], pain[far], strict=True)]

    def zero_hour_note(self) -> str:
        """How a score at exactly 0 h was counted ('' when the diary has none)."""
        if not np.any(self.hours == 0):
            return ""
        side = "before the injection (the baseline)" if self.zero_hour == "before" else "after the injection"
        return f"the score at 0 h counted as {side}, as the reader was told"


def duration_verdict(
    low: float,
    high: float,
    open_text: str,
    expected: tuple[float, float],
    not_confirmed: bool = False,
    short_caution: bool = False,
) -> str:
    """The block's duration (``low``-``high`` hours: the end lies between the last relieved entry and the
    first entry without relief; ``high == low`` when it is only a lower bound) against the drug's published
    range; ``open_text`` says why it is a lower bound ('' if it is not). Descriptive only: the guidelines'
    criteria for a positive block have no duration requirement. ``not_confirmed``: the reader left the block
    not confirmed, so a short duration is not called 'no reason to doubt' beside that verdict (review s15 of
    05, F1: the verdict and the duration line never contradict each other). ``short_caution``: the reader's
    short-relief caution fires for this reading, so the line says the shortness lowers confidence, never
    'no reason to doubt' (review s16 of 05, F1)."""
    caveat = (
        "(the course has no medial-branch-block durations; the validated check is concordance on "
        "comparative blocks)"
    )
    if high == 0 and not open_text:
        return "not applicable: relief never reached the cut-off while the anaesthetic was setting in"
    if open_text and low <= expected[1]:
        return (
            f"at least {low:.1f} h: {open_text}, so it cannot say whether relief is shorter than, within "
            f"or longer than these peripheral nerve blocks last {caveat}"
        )
    if high < expected[0] and not_confirmed:
        return (
            "shorter than these peripheral nerve blocks last; seen at one entry or only in the first "
            f"minutes, relief this short leaves the block not confirmed (see the verdict) {caveat}"
        )
    if high < expected[0] and short_caution:
        return (
            "shorter than these peripheral nerve blocks last, short enough to earn the short-relief caution "
            "(see the cautions): it lowers confidence in the block, though neither guideline sets a duration "
            f"{caveat}"
        )
    if high < expected[0]:
        return (
            "shorter than these peripheral nerve blocks last, which alone is no reason to doubt the block "
            f"(neither guideline sets a duration) {caveat}"
        )
    if low <= expected[1]:
        return "consistent with these peripheral nerve blocks"
    bound = ", already as a lower bound" if open_text else ""
    row = recovery.outcome("barnsley1993_prolonged")
    return (
        f"longer than these peripheral nerve blocks last{bound} (unexpectedly prolonged responses, of a "
        f"length the abstract does not give, in a subgroup of {row['note'].split(' of ')[0]} patients after "
        f"whiplash, {one_in_text(float(row['value']))} if counted among all {row['n']:g} "
        f"studied (the abstract gives no denominator), in {row['region']} comparative blocks, Barnsley 1993; "
        "comparative blocks tell more)"
    )


def read_diary(
    source: str | Path | io.TextIOBase, name: str | None = None, zero_hour: ZeroHour = "refuse"
) -> Diary:
    """Read a diary CSV with columns ``hours_after_injection,pain_0_10`` (a path, or an open text file).

    ``zero_hour`` says how a score at exactly 0 h counts (see :class:`Diary`); by default it is refused.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise ValueError(
                f"no diary file at {path.name}; expected a CSV with columns {', '.join(COLUMNS)}"
            )
        text = path.read_text(encoding="utf-8")
        name = name or path.stem
    else:
        text = source.read()
        name = name or "diary"
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in (rows[0] if rows else [])]
    if list(header[:2]) != list(COLUMNS):
        raise ValueError(f"{name}: the header must start with {', '.join(COLUMNS)}; found {header}")
    hours, pain = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        try:
            hours.append(float(row[0]))
            pain.append(float(row[1]))
        except (IndexError, TypeError, ValueError):
            raise ValueError(f"{name}, line {line}: '{row}' is not two numbers (hours, pain 0-10)") from None
    return Diary(np.array(hours), np.array(pain), name, zero_hour)


# -- timing relief over observed entries (used by pain_diary.analyse_diary) ------------------------------
def run_from(above: np.ndarray, hours: np.ndarray, first: int, gap: float) -> int:
    """Index of the last entry of the unbroken run of ``above`` entries that starts at ``first``: two
    entries more than ``gap`` hours apart are never bridged."""
    last = first
    while last + 1 < len(above) and above[last + 1] and hours[last + 1] - hours[last] <= gap:
        last += 1
    return last


def onset_at(
    hours: np.ndarray, percent: np.ndarray, level: float, first: int, latest_onset: float | None = None
) -> float:
    """Hours at which relief reached ``level`` percent, interpolated between the entry before ``first`` (or
    the injection, 0 h and no relief) and entry ``first``. ``latest_onset``: the drug's latest published
    onset (hours); when the entry before ``first`` shows no relief at all (0% or less) and was written after
    it, the relief
    had not begun when the drug should already act, so the onset margin's reason (relief that began in time
    may be written later) does not apply and the onset is not interpolated back: it is entry ``first``'s
    time (review s16 of 05, F4)."""
    before_h, before_p = (0.0, 0.0) if first == 0 else (float(hours[first - 1]), float(percent[first - 1]))
    if before_p >= level or hours[first] <= before_h:
        return float(hours[first])
    if latest_onset is not None and first > 0 and before_h > latest_onset and before_p <= 0:
        return float(hours[first])
    return float(np.interp(level, [before_p, percent[first]], [before_h, hours[first]]))


def run_end(
    hours: np.ndarray, percent: np.ndarray, level: float, last: int, gap: float
) -> tuple[float, tuple[float, float] | None, bool]:
    """When a run ending at entry ``last`` falls below ``level`` (hours, interpolated to the next entry), the
    unobserved gap that cut it short (from, to; or None) and whether the end is only a lower bound: the
    last relieved entry's time when the diary ends inside the run or the next entry is more than ``gap`` h
    later."""
    if last == len(percent) - 1:
        return float(hours[last]), None, True
    if hours[last + 1] - hours[last] > gap:
        return float(hours[last]), (float(hours[last]), float(hours[last + 1])), True
    end = float(np.interp(level, [percent[last + 1], percent[last]], [hours[last + 1], hours[last]]))
    return end, None, False


@dataclass(frozen=True)
class Run:
    """The block's relief in a diary: entry indices (first, last) of the run, or None, its times (h), whether
    its end is only a lower bound and the unobserved gap (from, to; h) that cut it short, if any."""

    indices: tuple[int, int] | None
    onset: float
    end: float
    censored: bool
    gap: tuple[float, float] | None = None
    bounds: tuple[float, float] | None = None


def block_run(
    hours: np.ndarray,
    percent: np.ndarray,
    at_cut: np.ndarray,
    limit: float,
    cut: float,
    latest_onset: float | None = None,
) -> Run:
    """The first unbroken run at the cut-off whose onset (interpolated between the entry before it and its
    first entry, :func:`onset_at`, as the duration is; never back past an entry without relief written after
    the drug's ``latest_onset``, hours) falls by ``limit`` hours."""
    starts = [
        int(i)
        for i in np.nonzero(at_cut)[0]
        if onset_in_time(onset_at(hours, percent, cut, int(i), latest_onset), limit)
    ]
    if not starts:
        return Run(None, 0.0, 0.0, False)
    first, gap = starts[0], max_gap_hours()
    last = run_from(at_cut, hours, first, gap)
    end, unobserved, censored = run_end(hours, percent, cut, last, gap)
    bounds = None if censored else (float(hours[last]), float(hours[last + 1]))
    onset = onset_at(hours, percent, cut, first, latest_onset)
    return Run((first, last), onset, end, censored, unobserved, bounds)


# -- the stored SYNTHETIC example diaries ------------------------------------------------------------------
def example_index() -> pd.DataFrame:
    """The example diaries (data/recovery_diaries.csv): id, the name a reader sees, region, anaesthetic,
    story, model inputs, seed."""
    return data.load_table("recovery_diaries").set_index("id", drop=False)


def synthetic_diary(
    anaesthetic: str, baseline_pain: float, block_relief: float, nonspecific_days: float, seed: int, name: str
) -> Diary:
    """A SYNTHETIC diary: the recovery model's pain at the diary times, plus seeded noise, rounded to whole
    points as patients write them."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed={seed!r} must be a whole number 0 or more")
    patient = recovery.Patient(
        baseline_pain=baseline_pain,
        block_relief=block_relief,
        anaesthetic=anaesthetic,
        nonspecific_days=nonspecific_days,
    )
    hours = np.array(DIARY_HOURS, dtype=float)
    model = recovery.expected_pain(np.maximum(hours, 0.0), patient)
    noisy = model + np.random.default_rng(seed).normal(0.0, DIARY_NOISE_POINTS, hours.size)
    noisy[hours < 0] = baseline_pain  # the pre-injection score is the one the clinic records
    return Diary(hours, np.clip(np.round(noisy), 0, 10), name)


def write_diary(diary: Diary, path: Path) -> None:
    """Write a diary as CSV (the format :func:`read_diary` reads)."""
    lines = [",".join(COLUMNS)] + [f"{h:g},{p:g}" for h, p in zip(diary.hours, diary.pain, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def regenerate_example(diary_id: str) -> Diary:
    """Rebuild one stored example diary from its row in data/recovery_diaries.csv."""
    index = example_index()
    if diary_id not in index.index:
        raise ValueError(f"no example diary '{diary_id}'; known: {sorted(index.index)}")
    row = index.loc[diary_id]
    return synthetic_diary(
        anaesthetic=row["anaesthetic"],
        baseline_pain=float(row["baseline_pain"]),
        block_relief=float(row["block_relief_percent"]) / 100.0,
        nonspecific_days=float(row["nonspecific_days"]),
        seed=int(row["seed"]),
        name=str(row["name"]),
    )


def example_diary(diary_id: str) -> Diary:
    """Read one stored example diary (SYNTHETIC) from data/recovery_diaries/."""
    index = example_index()
    if diary_id not in index.index:
        raise ValueError(f"no example diary '{diary_id}'; known: {sorted(index.index)}")
    return read_diary(DIARY_DIR / f"{diary_id}.csv", name=str(index.loc[diary_id, "name"]))


def write_examples() -> list[Path]:
    """(Re)write every example diary from its seed (run by hand after changing the model or the index)."""
    DIARY_DIR.mkdir(exist_ok=True)
    written = []
    for diary_id in example_index().index:
        path = DIARY_DIR / f"{diary_id}.csv"
        write_diary(regenerate_example(diary_id), path)
        written.append(path)
    return written


#: How the reason of a block whose relief began late, but within the drug's duration, starts.
LATE_ONSET = "late onset"


def late_onset_reason(onset: float, limit: float, drug: str, expected: tuple[float, float]) -> str:
    """Why relief that first reached the cut-off after the onset window, but within the drug's published
    duration, leaves the block not confirmed rather than negative."""
    return (
        f"{LATE_ONSET}: relief reached the cut-off at about {clock_text(onset)}, after the onset window the "
        f"course uses ({clock_text(limit)}, COURSE ASSUMPTION), which no guideline sets, but within {drug}'s "
        "published "
        f"duration ({expected[0]:g}-{expected[1]:g} h), so it may be the block; repeat the block with a "
        "fuller diary in the first hours"
    )


def one_in_text(percent: float) -> str:
    """A share as '1 in n' that never makes it sound smaller than it is: 27.7% -> 'more than 1 in 4' (1 in 4
    is 25%), 25% -> 'about 1 in 4' (review s15 of 05, F5: 13 of 47 was 'about 1 in 4')."""
    if not 0 < percent <= 100:
        raise ValueError(f"percent={percent} must lie in (0, 100]")
    nearest = round(100.0 / percent)
    if np.isclose(100.0 / nearest, percent):
        return f"about 1 in {nearest}"
    return f"more than 1 in {int(np.ceil(100.0 / percent))}"  # the largest '1 in n' below the share


def _minutes(hours: float) -> int:
    """Hours to whole minutes (a diary is not kept more finely)."""
    return round(hours * 60.0)


def clock_text(hours: float) -> str:
    """A time in hours as a clinician reads it, to the minute: 1.3333 -> '1 h 20 min', 0.75 -> '45 min',
    2.0 -> '2 h'."""
    whole, rest = divmod(_minutes(hours), 60)
    if not whole:
        return f"{rest} min"
    return f"{whole} h" + (f" {rest} min" if rest else "")


def onset_in_time(onset: float, limit: float) -> bool:
    """Whether relief reaching the cut-off at ``onset`` hours (interpolated) falls by ``limit`` hours,
    both counted in whole minutes as :func:`clock_text` prints them: an onset of 1 h 20 min is within a
    1 h 20 min window however the division rounds, and a reason never reads '1 h 20 min, after 1 h 20 min'
    (review s15 of 05, F2)."""
    return _minutes(onset) <= _minutes(limit)


def not_confirmed_reason(run: Run, run_hours: np.ndarray, drug: str) -> str:
    """Why the block's relief (``run``, its relieved entries at ``run_hours`` h) may not be the block's
    ('' when it may be).

    Relief seen to end (the next entry shows it gone) sooner than :func:`short_relief_hours` after its onset
    is not confirmed when it rests on a single entry (at any time) or was written only within
    :func:`skin_anaesthetic_hours` (perhaps the skin and needle-track anaesthetic). Relief whose end the diary
    does not show (it stops, or has a gap) is not confirmed when it rests on a single entry or lies only
    within that early window. Relief that may have lasted as long as that (the next entry comes later)
    is never downgraded for being seen early: lidocaine acts within minutes, so relief at 15 min that may
    have lasted hours reads like the same relief seen at 1 h (review s15 of 05, F1). So less information
    never earns a stronger verdict, and early evidence never a weaker one than later evidence."""
    if run.indices is None:
        return ""
    early, shortest = skin_anaesthetic_hours(), short_relief_hours(drug)
    only_early = bool(np.all(run_hours <= early))
    if run.bounds is None:  # the diary's end or a gap hides when relief ended
        where = (
            f"the diary has no scores from {run.gap[0]:g} h to {run.gap[1]:g} h"
            if run.gap is not None
            else "the diary has no later entry"
        )
        if only_early:
            return (
                f"relief was written only within {60.0 * early:g} min of the injection and {where}: it may "
                "be the skin and needle-track anaesthetic rather than the block, and nothing shows it lasted "
                f"longer (COURSE ASSUMPTION; the same verdict as when the next entry shows the pain back "
                f"sooner than {shortest:g} h after its onset)"
            )
        if run_hours.size == 1:
            return (
                f"relief was seen at a single entry ({run_hours[0]:g} h) and {where}, so its end is unseen: "
                f"one reading cannot show a response consistent with {drug} (COURSE RULE: a diary that "
                "stops never reads stronger than one whose next entry shows the pain back; Barnsley 1993 "
                "found relief durations consistent with the drugs, a result, not this rule)"
            )
        return ""
    longest = run.bounds[1] - run.onset
    if longest >= shortest:  # it may have lasted as long as the drug acts, whenever it was first seen
        return ""
    if run_hours.size == 1:  # the same rule at every time of day and entry
        skin = " or the skin and needle-track anaesthetic" if only_early else ""
        return (
            f"relief was seen at a single entry ({run_hours[0]:g} h) and had gone by the {run.bounds[1]:g} h "
            f"entry, at most {longest:.1f} h, under {shortest:g} h: one reading of relief this short cannot "
            f"show a response consistent with {drug}; it may be a passing change{skin} (COURSE RULE, the "
            "same at every time; Barnsley 1993 found relief durations consistent with the drugs, a result, "
            "not this rule)"
        )
    if only_early:
        return (
            f"relief was written only within {60.0 * early:g} min of the injection and had gone by the "
            f"{run.bounds[1]:g} h entry, at most {longest:.1f} h after its onset, under {shortest:g} h: it "
            "may be the skin and needle-track anaesthetic rather than the block (COURSE ASSUMPTION)"
        )
    return ""
