"""Read a pain diary after a diagnostic block: percentage relief, positive or not, how long it lasted.

A diary is a list of (hours after the injection, pain 0-10) entries. The **baseline** is the **last** score
before the injection: a diagnostic block is read against the usual pain just before it (Barnsley 1994's
endpoint is the "pre-injection level"), so a score written days earlier never dilutes it. Earlier
pre-injection scores that differ from the last one by more than ``baseline_disagreement_points`` (a COURSE
ASSUMPTION in ``data/recovery_model_assumptions``) are reported as a caution and raise a
:class:`DiaryWarning`: the usual pain is then unclear. Percentage relief at each later entry is
``100 * (baseline - pain) / baseline``.

**A score at exactly 0 h** is ambiguous: "0 h" may be written for the score just before the needle or for the
first one after it. By default (``zero_hour="refuse"``) such a diary is refused with a
message; the caller says which it was with ``zero_hour="before"`` (it is then the baseline, being the last
score before) or ``zero_hour="after"`` (the first score after the injection), and the reader's summary says
how it was counted.

The block's response is read only inside a **window** set by what the anaesthetic can do: from the
injection to the upper end of its published duration times a margin (``diary_window_factor``, an
ILLUSTRATIVE assumption in ``data/recovery_model_assumptions``). Comparative blocks count a response only
when it matches the known characteristics of the drug (Barnsley 1993), so relief that appears only days
later is not a response to the block: it is reported separately as late or non-specific relief and never
makes a block positive.

A block is positive when the best relief inside the window passes the cut-off of the guideline for the
block's spinal region (``data/recovery_block_criteria``): lumbar at least 50% (Cohen 2020), cervical more
than 50% (Hurley 2022). Below a minimum baseline pain (``min_baseline_pain``, a COURSE ASSUMPTION: no source
gives one) the verdict is **not interpretable**, neither positive nor negative: one point of the scale is
then so large a share of the baseline (at 2/10, half of it) that a one-point change could decide it. Relief
that reaches the cut-off only within ``skin_anaesthetic_hours`` of the injection (ILLUSTRATIVE) earns a
caution: it may be the skin and needle-track anaesthetic rather than the block.

Relief "lasted" to the end of the first unbroken run of entries at or above the endpoint of Barnsley 1994
(half) that starts in the window, interpolated linearly to the next entry: an entry below half ends the run,
so a gap never counts as continuous relief.

The duration is compared with the published range within which the anaesthetic's block ends (notebook 04's
data). Those durations come from **peripheral nerve blocks**; the course has no durations for medial branch
blocks, so the comparison is descriptive. The validated check is concordance on comparative blocks
(:func:`comparative_blocks`: relief from bupivacaine lasting longer than from lidocaine, Barnsley 1993).

Pure functions; the example diaries in ``data/recovery_diaries/`` are SYNTHETIC, made by
:func:`synthetic_diary` from the recovery model with a fixed seed.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ..core import data
from . import recovery

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
#: The three verdicts of the reader.
VERDICTS: tuple[str, ...] = ("positive", "negative", "not interpretable")


class DiaryWarning(UserWarning):
    """A diary that can be read but whose reading needs care (e.g. pre-injection scores that disagree)."""


def min_baseline_pain() -> float:
    """Lowest baseline pain (0-10) at which the reader gives a verdict (COURSE ASSUMPTION, data/)."""
    return float(recovery.assumption("min_baseline_pain")["value"])


def baseline_disagreement_points() -> float:
    """Largest difference (points, 0-10) of an earlier pre-injection score from the baseline before the reader
    warns (COURSE ASSUMPTION, data/)."""
    return float(recovery.assumption("baseline_disagreement_points")["value"])


def skin_anaesthetic_hours() -> float:
    """Hours after the injection within which relief alone earns a caution (ILLUSTRATIVE, data/)."""
    return float(recovery.assumption("skin_anaesthetic_hours")["value"])


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


@dataclass(frozen=True)
class DiaryResult:
    """What a diary shows about a prognostic block in one spinal region.

    Times in hours after the injection, relief in percent of the baseline pain (0-10 scale). ``verdict`` is
    'positive', 'negative' or 'not interpretable' (baseline below :func:`min_baseline_pain`).
    """

    name: str
    anaesthetic: str
    region: str
    baseline_pain: float
    baseline_hours: float
    window_hours: float
    peak_relief_percent: float
    peak_hours: float
    relief_lasted_hours: float
    hours_at_least_80: float
    entries_at_cutoff: int
    expected_hours: tuple[float, float]
    duration_verdict: str
    verdict: str
    late_relief_percent: float | None
    late_hours: float | None
    caution_list: tuple[str, ...] = ()
    zero_hour_note: str = ""

    @property
    def positive(self) -> bool:
        """Whether the block is positive (False when negative or not interpretable)."""
        return self.verdict == "positive"

    @property
    def interpretable(self) -> bool:
        """Whether the baseline allows a verdict at all (at least :func:`min_baseline_pain`)."""
        return self.verdict != "not interpretable"

    def table(self) -> pd.DataFrame:
        """One row: the region's guideline, its cut-off, the best relief in the window, the verdict."""
        row = recovery.block_criterion(self.region)
        return pd.DataFrame(
            [
                {
                    "region": self.region,
                    "guideline": row["guideline"],
                    "cut-off (% relief)": recovery.cutoff_text(self.region),
                    "blocks": "" if pd.isna(row["blocks"]) else int(row["blocks"]),
                    "best relief in window (%)": round(self.peak_relief_percent),
                    "verdict": self.verdict,
                }
            ]
        )

    def cautions(self) -> list[str]:
        """What limits how far the verdict can be trusted (arithmetic of the diary and the course's rules)."""
        return list(self.caution_list)

    def verdict_text(self) -> str:
        """The verdict with what it needs, e.g. 'positive (needs >= 50% relief)'."""
        needs = f"needs {recovery.cutoff_text(self.region)} relief"
        if self.interpretable:
            return f"{self.verdict} ({needs})"
        return (
            f"not interpretable, neither positive nor negative: baseline {self.baseline_pain:g}/10 is below "
            f"the course's minimum of {min_baseline_pain():g}/10 (COURSE ASSUMPTION: one point is then "
            f"{100 / self.baseline_pain:.0f}% of the baseline, so a one-point change could decide it; "
            f"{needs})"
        )

    def summary(self) -> str:
        """A short plain-text account (what the notebook prints and nbval checks)."""
        guideline = recovery.block_criterion(self.region)["guideline"]
        late = (
            "No relief of half or more after the window"
            if self.late_relief_percent is None
            else f"Later relief {self.late_relief_percent:.0f}% at {self.late_hours:g} h, reported apart "
            "(late or non-specific: not a response to the block)"
        )
        zero = f"; {self.zero_hour_note}" if self.zero_hour_note else ""
        return (
            f"{self.name} ({self.region}, {self.anaesthetic}): baseline {self.baseline_pain:.1f}/10 (the "
            f"last score before the injection, at {self.baseline_hours:g} h{zero}). "
            f"Read within {self.window_hours:g} h of the injection: best relief "
            f"{self.peak_relief_percent:.0f}% at {self.peak_hours:g} h, relief of half or more lasted "
            f"{self.relief_lasted_hours:.1f} h without a break (>=80% for {self.hours_at_least_80:.1f} h); "
            f"{self.anaesthetic} peripheral nerve blocks end after {self.expected_hours[0]:g}-"
            f"{self.expected_hours[1]:g} h, so the duration is {self.duration_verdict}. {late}. "
            f"{guideline}: {self.verdict_text()}. Cautions: {'; '.join(self.cautions())}."
        )


def relief_percent(diary: Diary) -> np.ndarray:
    """Percentage relief (may be negative: more pain) at each entry after the injection, against the
    baseline (the last score before the injection)."""
    baseline = diary.baseline
    if baseline <= 0:
        raise ValueError(
            f"{diary.name}: pain before the injection was 0/10, so percentage relief is undefined; "
            "a diagnostic block is only read in a patient who has their usual pain at the time"
        )
    return 100.0 * (1.0 - diary.pain[diary.after] / baseline)  # this form never exceeds 100 by rounding


def window_hours(anaesthetic: str) -> float:
    """End of the window (hours after the injection) in which the block's response is read.

    The upper end of the anaesthetic's published duration (peripheral nerve blocks, notebook 04) times the
    ILLUSTRATIVE margin ``diary_window_factor`` (data/recovery_model_assumptions).
    """
    _, high = recovery.anaesthetic_end_range_hours(anaesthetic)
    return float(high) * float(recovery.assumption("diary_window_factor")["value"])


def _first_run(hours: np.ndarray, percent: np.ndarray, level: float, window: float) -> tuple[int, int] | None:
    """Indices (first, last) of the first unbroken run of entries at or above ``level`` percent that starts
    at or before ``window`` hours; ``None`` if there is none."""
    above = percent >= level
    starts = np.nonzero(above & (hours <= window))[0]
    if starts.size == 0:
        return None
    first = int(starts[0])
    last = first
    while last + 1 < len(percent) and above[last + 1]:
        last += 1
    return first, last


def _run_end(hours: np.ndarray, percent: np.ndarray, level: float, last: int) -> float:
    """Hours at which a run ending at entry ``last`` falls below ``level`` (interpolated to the next
    entry)."""
    if last == len(percent) - 1:
        return float(hours[last])  # still relieved at the last entry: a lower bound
    return float(np.interp(level, [percent[last + 1], percent[last]], [hours[last + 1], hours[last]]))


def _lasted(hours: np.ndarray, percent: np.ndarray, level: float, window: float) -> float:
    """Hours from the injection to the end of the first unbroken run at ``level`` percent or more that starts
    in the window (0 if there is none). A single entry below ``level`` ends the run: gaps never count."""
    run = _first_run(hours, percent, level, window)
    return 0.0 if run is None else _run_end(hours, percent, level, run[1])


def _duration_verdict(lasted: float, expected: tuple[float, float]) -> str:
    if lasted == 0:
        return "not applicable: relief never reached half"
    if lasted < expected[0]:
        return (
            "shorter than these peripheral nerve blocks last (the course has no medial-branch-block "
            "durations; the validated check is concordance on comparative blocks)"
        )
    if lasted <= expected[1]:
        return "consistent with these peripheral nerve blocks"
    return (
        "longer than these peripheral nerve blocks last (prolonged responses are common; comparative "
        "blocks tell more)"
    )


def _cautions(
    diary: Diary, baseline: float, hours: np.ndarray, at_cut: np.ndarray, verdict: str
) -> tuple[str, ...]:
    """What limits how far the verdict can be trusted; ``at_cut`` marks entries in the window at the
    cut-off (``hours``: after the injection)."""
    found = [f"one point on the scale is {100 / baseline:.0f}% of this baseline"]
    tolerance = baseline_disagreement_points()
    earlier = diary.disagreeing_earlier_scores(tolerance)
    if earlier:
        listed = ", ".join(f"{p:g}/10 at {h:g} h" for h, p in earlier)
        found.append(
            f"earlier pre-injection scores ({listed}) differ from the baseline by more than {tolerance:g} "
            "point (COURSE ASSUMPTION): the usual pain is unclear; the block is read against the last score"
        )
    if verdict == "positive" and int(at_cut.sum()) == 1:
        found.append("the verdict rests on a single diary entry at the cut-off")
    early = skin_anaesthetic_hours()
    if verdict == "positive" and np.all(hours[at_cut] <= early):
        found.append(
            f"relief reached the cut-off only within {60 * early:g} min of the injection: it may be the skin "
            "and needle-track anaesthetic rather than the block (ILLUSTRATIVE limit)"
        )
    return tuple(found)


def analyse_diary(diary: Diary, anaesthetic: str, region: str) -> DiaryResult:
    """Percentage relief inside the anaesthetic's window, the verdict under the region's guideline ('lumbar'
    or 'cervical'; 'not interpretable' below the minimum baseline), how long relief lasted without a break
    (hours), and later relief reported apart. Baseline: the last score before the injection; earlier
    pre-injection scores that disagree with it raise a :class:`DiaryWarning` and a caution."""
    recovery.block_criterion(region)  # refuses an unknown region before any work
    percent = relief_percent(diary)
    hours = diary.hours[diary.after]
    expected = recovery.anaesthetic_end_range_hours(anaesthetic)
    window = window_hours(anaesthetic)
    inside = hours <= window
    if not inside.any():
        raise ValueError(
            f"{diary.name}: no pain score within {window:g} h of the injection, where {anaesthetic} can act; "
            "a diagnostic block is read from scores taken while the anaesthetic works"
        )
    best = int(np.argmax(np.where(inside, percent, -np.inf)))
    half = 100 * recovery.return_relief()
    run = _first_run(hours, percent, half, window)
    lasted = 0.0 if run is None else _run_end(hours, percent, half, run[1])
    later_from = window if run is None else max(window, float(hours[run[1]]))
    later = (hours > later_from) & (percent >= half)
    late_index = int(np.argmax(np.where(later, percent, -np.inf))) if later.any() else None
    at_cut = inside & np.array([recovery.block_is_positive(float(p), region) for p in percent])
    baseline = diary.baseline
    if baseline < min_baseline_pain():
        verdict = "not interpretable"
    else:
        verdict = "positive" if recovery.block_is_positive(float(percent[best]), region) else "negative"
    cautions = _cautions(diary, baseline, hours, at_cut, verdict)
    if diary.disagreeing_earlier_scores(baseline_disagreement_points()):
        warnings.warn(f"{diary.name}: {cautions[1]}", DiaryWarning, stacklevel=2)
    return DiaryResult(
        name=diary.name,
        anaesthetic=anaesthetic,
        region=region,
        baseline_pain=baseline,
        baseline_hours=diary.baseline_hours,
        window_hours=window,
        peak_relief_percent=float(percent[best]),
        peak_hours=float(hours[best]),
        relief_lasted_hours=lasted,
        # within the first run at half or more: a later, separate run at 80% is not this block's response
        hours_at_least_80=0.0 if run is None else _lasted(hours, percent, 80.0, float(hours[run[1]])),
        entries_at_cutoff=int(at_cut.sum()),
        expected_hours=expected,
        duration_verdict=_duration_verdict(lasted, expected),
        verdict=verdict,
        late_relief_percent=None if late_index is None else float(percent[late_index]),
        late_hours=None if late_index is None else float(hours[late_index]),
        caution_list=cautions,
        zero_hour_note=diary.zero_hour_note(),
    )


@dataclass(frozen=True)
class ComparativeResult:
    """Two blocks of the same joint, one with lidocaine and one with bupivacaine, read together."""

    lidocaine: DiaryResult
    bupivacaine: DiaryResult
    concordant: bool
    verdict: str


def comparative_blocks(lidocaine: DiaryResult, bupivacaine: DiaryResult) -> ComparativeResult:
    """Concordance of comparative blocks (Barnsley 1993): both blocks positive and relief from bupivacaine
    (the longer-acting drug) lasting longer than from lidocaine. Durations in hours, as read by
    :func:`analyse_diary`; both diaries must be of the same region."""
    if lidocaine.anaesthetic != "lidocaine" or bupivacaine.anaesthetic != "bupivacaine":
        raise ValueError(
            "comparative_blocks needs a lidocaine diary first and a bupivacaine diary second; got "
            f"{lidocaine.anaesthetic!r} and {bupivacaine.anaesthetic!r}"
        )
    if lidocaine.region != bupivacaine.region:
        raise ValueError(
            f"both blocks must be of one region; got {lidocaine.region} and {bupivacaine.region}"
        )
    both = lidocaine.positive and bupivacaine.positive
    longer = bupivacaine.relief_lasted_hours > lidocaine.relief_lasted_hours
    if not (lidocaine.interpretable and bupivacaine.interpretable):
        verdict = "not confirmed: a block read from a baseline below the minimum is not interpretable"
    elif not both:
        verdict = "not confirmed: both blocks must be positive"
    elif longer:
        verdict = (
            f"concordant: bupivacaine relief lasted longer ({bupivacaine.relief_lasted_hours:.1f} h) than "
            f"lidocaine relief ({lidocaine.relief_lasted_hours:.1f} h)"
        )
    else:
        verdict = (
            f"discordant: bupivacaine relief ({bupivacaine.relief_lasted_hours:.1f} h) did not outlast "
            f"lidocaine relief ({lidocaine.relief_lasted_hours:.1f} h); Barnsley 1993 counted only longer "
            "bupivacaine relief as a true positive"
        )
    return ComparativeResult(lidocaine, bupivacaine, both and longer, verdict)


# -- the stored SYNTHETIC example diaries ------------------------------------------------------------------
def example_index() -> pd.DataFrame:
    """The example diaries (data/recovery_diaries.csv): id, region, anaesthetic, story, model inputs, seed."""
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
        name=diary_id,
    )


def example_diary(diary_id: str) -> Diary:
    """Read one stored example diary (SYNTHETIC) from data/recovery_diaries/."""
    index = example_index()
    if diary_id not in index.index:
        raise ValueError(f"no example diary '{diary_id}'; known: {sorted(index.index)}")
    return read_diary(DIARY_DIR / f"{diary_id}.csv", name=diary_id)


def write_examples() -> list[Path]:
    """(Re)write every example diary from its seed (run by hand after changing the model or the index)."""
    DIARY_DIR.mkdir(exist_ok=True)
    written = []
    for diary_id in example_index().index:
        path = DIARY_DIR / f"{diary_id}.csv"
        write_diary(regenerate_example(diary_id), path)
        written.append(path)
    return written
