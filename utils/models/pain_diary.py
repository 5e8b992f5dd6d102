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

The block's relief must **start while the anaesthetic is acting**: it counts only when an entry reaches the
cut-off of the block's region by :func:`onset_limit_hours`, the latest published onset of the anaesthetic
(peripheral nerve blocks, notebook 04's data) plus ``diary_onset_margin_hours`` (a COURSE ASSUMPTION in
``data/recovery_model_assumptions``). Comparative blocks count a response only when it matches the known
characteristics of the drug (Barnsley 1993), so relief that first appears later is not a response to the
block: it is reported separately as late or non-specific relief and never makes a block positive. A diary
with no score by that time is refused.

A block is positive when such relief passes the cut-off of the guideline for the block's spinal region
(``data/recovery_block_criteria``): lumbar at least 50% (Cohen 2020), cervical more than 50% (Hurley 2022).
Below a minimum baseline pain (``min_baseline_pain``, a COURSE ASSUMPTION: no source gives one) the verdict
is **not interpretable**, neither positive nor negative: one point of the scale is then so large a share of
the baseline (at 2/10, half of it) that a one-point change could decide it. Relief that reaches the cut-off
only within ``skin_anaesthetic_hours`` of the injection (ILLUSTRATIVE) earns a caution: it may be the skin
and needle-track anaesthetic rather than the block.

The block's relief is the first unbroken run of entries at the region's own cut-off that starts in time; it
is timed **from its onset** (interpolated between the entry before it, or the injection with no relief, and
its first entry) to its end (interpolated to the next entry): an entry below the cut-off ends the run, so a
gap never counts as continuous relief. When relief is still present at the diary's last entry the duration
is only a lower bound ("at least"), and no "shorter than" verdict is given.

The duration is compared with the published range within which the anaesthetic's block ends (notebook 04's
data). Those durations come from **peripheral nerve blocks**; the course has no durations for medial branch
blocks, so the comparison is descriptive. The validated check is concordance on comparative blocks
(:func:`comparative_blocks`: relief from bupivacaine lasting longer than from lidocaine, Barnsley 1993, by
more than ``comparative_longer_hours``, a COURSE ASSUMPTION); a lower-bound duration that could change the
comparison makes the pair not interpretable.

Pure functions; the example diaries in ``data/recovery_diaries/`` are SYNTHETIC, made by
:func:`synthetic_diary` from the recovery model with a fixed seed.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import data
from . import pharmacology, recovery
from .recovery_diary import COLUMNS, DIARY_HOURS, Diary, DiaryWarning, read_diary
from .recovery_diary import DIARY_DIR as DIARY_DIR
from .recovery_diary import DIARY_NOISE_POINTS as DIARY_NOISE_POINTS
from .recovery_diary import MAX_HOURS as MAX_HOURS
from .recovery_diary import ZERO_HOUR_RULES as ZERO_HOUR_RULES
from .recovery_diary import ZeroHour as ZeroHour

#: The three verdicts of the reader.
VERDICTS: tuple[str, ...] = ("positive", "negative", "not interpretable")


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
class DiaryResult:
    """What a diary shows about a prognostic block in one spinal region.

    Times in hours after the injection, relief in percent of the baseline pain (0-10 scale). ``verdict`` is
    'positive', 'negative' or 'not interpretable' (baseline below :func:`min_baseline_pain`). The block's
    relief is the first unbroken run of entries at the region's cut-off whose first entry falls by
    ``onset_limit_hours``; it runs from ``relief_onset_hours`` to ``relief_end_hours`` and lasted
    ``relief_lasted_hours`` (0 when there is none). ``relief_censored`` is True when relief was still present
    at the diary's last entry: the duration is then only a lower bound ("at least").
    """

    name: str
    anaesthetic: str
    region: str
    baseline_pain: float
    baseline_hours: float
    window_hours: float
    onset_limit_hours: float
    peak_relief_percent: float
    peak_hours: float
    relief_onset_hours: float
    relief_end_hours: float
    relief_lasted_hours: float
    relief_censored: bool
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

    def duration_text(self) -> str:
        """'1.5 h (from 0.4 h to 1.9 h)', 'at least 0.5 h (from 0.5 h; still relieved at the last entry, 1 h)'
        or 'none' (hours)."""
        if self.relief_lasted_hours == 0 and self.relief_end_hours == 0:
            return "none"
        if self.relief_censored:
            return (
                f"at least {self.relief_lasted_hours:.1f} h (from {self.relief_onset_hours:.1f} h; still "
                f"relieved at the diary's last entry, {self.relief_end_hours:g} h)"
            )
        return (
            f"{self.relief_lasted_hours:.1f} h (from {self.relief_onset_hours:.1f} h to "
            f"{self.relief_end_hours:.1f} h)"
        )

    def _relief_text(self, cut: str) -> str:
        if self.duration_text() == "none":
            return f"relief never reached {cut} while {self.anaesthetic} set in"
        return (
            f"relief at {cut} lasted {self.duration_text()} without a break (>=80% for "
            f"{self.hours_at_least_80:.1f} h)"
        )

    def table(self) -> pd.DataFrame:
        """One row: the region's guideline, its cut-off, the best relief of the block, the verdict."""
        row = recovery.block_criterion(self.region)
        return pd.DataFrame(
            [
                {
                    "region": self.region,
                    "guideline": row["guideline"],
                    "cut-off (% relief)": recovery.cutoff_text(self.region),
                    "blocks": "" if pd.isna(row["blocks"]) else int(row["blocks"]),
                    "best relief of the block (%)": round(self.peak_relief_percent),
                    "verdict": self.verdict,
                }
            ]
        )

    def cautions(self) -> list[str]:
        """What limits how far the verdict can be trusted (arithmetic of the diary and the course's rules)."""
        return list(self.caution_list)

    def verdict_text(self) -> str:
        """The verdict with what it needs, e.g. 'positive (needs >= 50% relief)'."""
        needs = f"needs {recovery.cutoff_text(self.region)} relief starting by {self.onset_limit_hours:.1f} h"
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
        cut = recovery.cutoff_text(self.region)
        late = (
            f"No later relief at {cut}"
            if self.late_relief_percent is None
            else f"Later relief at {cut} from {self.late_hours:g} h (best {self.late_relief_percent:.0f}%), "
            "reported apart (late or non-specific: it did not start while the anaesthetic was acting, so it "
            "is not a response to the block)"
        )
        zero = f"; {self.zero_hour_note}" if self.zero_hour_note else ""
        return (
            f"{self.name} ({self.region}, {self.anaesthetic}): baseline {self.baseline_pain:.1f}/10 (the "
            f"last score before the injection, at {self.baseline_hours:g} h{zero}). "
            f"Relief counts only if it reaches {cut} by {self.onset_limit_hours:.1f} h (while "
            f"{self.anaesthetic} sets in): best relief of the block {self.peak_relief_percent:.0f}% at "
            f"{self.peak_hours:g} h; {self._relief_text(cut)}; {self.anaesthetic} peripheral nerve "
            f"blocks end after {self.expected_hours[0]:g}-{self.expected_hours[1]:g} h, so the duration is "
            f"{self.duration_verdict}. {late}. {guideline}: {self.verdict_text()}. "
            f"Cautions: {'; '.join(self.cautions())}."
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
    """End of the window (hours after the injection) in which a diary must have a score while the anaesthetic
    can act.

    The upper end of the anaesthetic's published duration (peripheral nerve blocks, notebook 04) times the
    ILLUSTRATIVE margin ``diary_window_factor`` (data/recovery_model_assumptions).
    """
    _, high = recovery.anaesthetic_end_range_hours(anaesthetic)
    return float(high) * float(recovery.assumption("diary_window_factor")["value"])


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
    return float(recovery.assumption("diary_onset_margin_hours")["value"])


def comparative_longer_hours() -> float:
    """Hours by which bupivacaine relief must outlast lidocaine relief to count as longer (COURSE ASSUMPTION,
    data/)."""
    return float(recovery.assumption("comparative_longer_hours")["value"])


def _run_from(above: np.ndarray, first: int) -> int:
    """Index of the last entry of the unbroken run of ``above`` entries that starts at ``first``."""
    last = first
    while last + 1 < len(above) and above[last + 1]:
        last += 1
    return last


def _onset(hours: np.ndarray, percent: np.ndarray, level: float, first: int) -> float:
    """Hours at which relief reached ``level`` percent, interpolated between the entry before ``first`` (or
    the injection, 0 h and no relief) and entry ``first``."""
    before_h, before_p = (0.0, 0.0) if first == 0 else (float(hours[first - 1]), float(percent[first - 1]))
    if before_p >= level or hours[first] <= before_h:
        return float(hours[first])
    return float(np.interp(level, [before_p, percent[first]], [before_h, hours[first]]))


def _run_end(hours: np.ndarray, percent: np.ndarray, level: float, last: int) -> float:
    """Hours at which a run ending at entry ``last`` falls below ``level`` (interpolated to the next
    entry); the last entry's time when the diary ends inside the run (a lower bound)."""
    if last == len(percent) - 1:
        return float(hours[last])
    return float(np.interp(level, [percent[last + 1], percent[last]], [hours[last + 1], hours[last]]))


def _duration_verdict(lasted: float, censored: bool, expected: tuple[float, float]) -> str:
    caveat = (
        "(the course has no medial-branch-block durations; the validated check is concordance on "
        "comparative blocks)"
    )
    if lasted == 0 and not censored:
        return "not applicable: relief never reached the cut-off while the anaesthetic was setting in"
    if censored and lasted <= expected[1]:
        return (
            f"at least {lasted:.1f} h: the diary ended while relief persisted, so it cannot say whether "
            f"relief is shorter than, within or longer than these peripheral nerve blocks last {caveat}"
        )
    if lasted < expected[0]:
        return f"shorter than these peripheral nerve blocks last {caveat}"
    if lasted <= expected[1]:
        return "consistent with these peripheral nerve blocks"
    return (
        f"{'at least ' if censored else ''}longer than these peripheral nerve blocks last (prolonged "
        "responses are common; comparative blocks tell more)"
    )


def _cautions(diary: Diary, baseline: float, run_hours: np.ndarray, verdict: str) -> tuple[str, ...]:
    """What limits how far the verdict can be trusted; ``run_hours``: the entries of the block's relief."""
    found = [f"one point on the scale is {100 / baseline:.0f}% of this baseline"]
    tolerance = baseline_disagreement_points()
    earlier = diary.disagreeing_earlier_scores(tolerance)
    if earlier:
        listed = ", ".join(f"{p:g}/10 at {h:g} h" for h, p in earlier)
        found.append(
            f"earlier pre-injection scores ({listed}) differ from the baseline by more than {tolerance:g} "
            "point (COURSE ASSUMPTION): the usual pain is unclear; the block is read against the last score"
        )
    if verdict == "positive" and run_hours.size == 1:
        found.append("the verdict rests on a single diary entry at the cut-off")
    early = skin_anaesthetic_hours()
    if verdict == "positive" and np.all(run_hours <= early):
        found.append(
            f"relief reached the cut-off only within {60 * early:g} min of the injection: it may be the skin "
            "and needle-track anaesthetic rather than the block (ILLUSTRATIVE limit)"
        )
    return tuple(found)


@dataclass(frozen=True)
class _Run:
    """The block's relief in a diary: entry indices (first, last) of the run, or None, and its times (h)."""

    indices: tuple[int, int] | None
    onset: float
    end: float
    censored: bool


def _block_run(hours: np.ndarray, percent: np.ndarray, at_cut: np.ndarray, limit: float, cut: float) -> _Run:
    """The first unbroken run at the cut-off whose first entry falls by ``limit`` hours."""
    starts = np.nonzero(at_cut & (hours <= limit))[0]
    if starts.size == 0:
        return _Run(None, 0.0, 0.0, False)
    first = int(starts[0])
    last = _run_from(at_cut, first)
    onset = _onset(hours, percent, cut, first)
    return _Run((first, last), onset, _run_end(hours, percent, cut, last), last == len(percent) - 1)


def analyse_diary(diary: Diary, anaesthetic: str, region: str) -> DiaryResult:
    """Percentage relief, the verdict under the region's guideline ('lumbar' or 'cervical'; 'not
    interpretable' below the minimum baseline), and how long the block's relief lasted (hours).

    The block's relief must reach the region's cut-off by :func:`onset_limit_hours` (while the anaesthetic
    sets in); its duration is measured from that onset, at the region's own cut-off, and is a lower bound when
    the diary ends first. Relief at the cut-off that starts later is reported apart, as late or
    non-specific, and never makes the block positive. Baseline: the last score before the injection; earlier
    pre-injection scores that disagree with it raise a :class:`DiaryWarning` and a caution."""
    recovery.block_criterion(region)  # refuses an unknown region before any work
    percent = relief_percent(diary)
    hours = diary.hours[diary.after]
    expected = recovery.anaesthetic_end_range_hours(anaesthetic)
    limit = onset_limit_hours(anaesthetic)
    if not (hours <= limit).any():
        raise ValueError(
            f"{diary.name}: no pain score within {limit:.2g} h of the injection, while {anaesthetic} sets "
            "in; a diagnostic block is read from scores taken while the anaesthetic starts to work"
        )
    cut = float(recovery.block_criterion(region)["relief_percent_min"])
    at_cut = np.array([recovery.block_is_positive(float(p), region) for p in percent])
    run = _block_run(hours, percent, at_cut, limit, cut)
    last_of_block = limit if run.indices is None else max(limit, float(hours[run.indices[1]]))
    block = hours <= last_of_block
    best = int(np.argmax(np.where(block, percent, -np.inf)))
    later = (hours > last_of_block) & at_cut
    if run.indices is not None:
        later &= np.arange(hours.size) > run.indices[1]
    late_first = int(np.argmax(later)) if later.any() else None
    run_hours = np.array([]) if run.indices is None else hours[run.indices[0] : run.indices[1] + 1]
    baseline = diary.baseline
    if baseline < min_baseline_pain():
        verdict = "not interpretable"
    else:
        verdict = "positive" if run.indices is not None else "negative"
    cautions = _cautions(diary, baseline, run_hours, verdict)
    if diary.disagreeing_earlier_scores(baseline_disagreement_points()):
        warnings.warn(f"{diary.name}: {cautions[1]}", DiaryWarning, stacklevel=2)
    lasted = run.end - run.onset
    return DiaryResult(
        name=diary.name,
        anaesthetic=anaesthetic,
        region=region,
        baseline_pain=baseline,
        baseline_hours=diary.baseline_hours,
        window_hours=window_hours(anaesthetic),
        onset_limit_hours=limit,
        peak_relief_percent=float(percent[best]),
        peak_hours=float(hours[best]),
        relief_onset_hours=run.onset,
        relief_end_hours=run.end,
        relief_lasted_hours=lasted,
        relief_censored=run.censored,
        hours_at_least_80=_hours_at_least_80(hours, percent, run),
        entries_at_cutoff=int(run_hours.size),
        expected_hours=expected,
        duration_verdict=_duration_verdict(lasted, run.censored, expected),
        verdict=verdict,
        late_relief_percent=None if late_first is None else float(percent[later].max()),
        late_hours=None if late_first is None else float(hours[late_first]),
        caution_list=cautions,
        zero_hour_note=diary.zero_hour_note(),
    )


def _hours_at_least_80(hours: np.ndarray, percent: np.ndarray, run: _Run) -> float:
    """Hours of the first unbroken stretch at 80% relief or more inside the block's run (0 if none)."""
    if run.indices is None:
        return 0.0
    first, last = run.indices
    above = percent >= 80.0
    starts = [i for i in range(first, last + 1) if above[i]]
    if not starts:
        return 0.0
    end80 = _run_from(above, starts[0])
    return _run_end(hours, percent, 80.0, end80) - _onset(hours, percent, 80.0, starts[0])


@dataclass(frozen=True)
class ComparativeResult:
    """Two blocks of the same joint, one with lidocaine and one with bupivacaine, read together.

    ``concordant`` is True only for a concordant pair; ``verdict`` starts with 'concordant', 'discordant',
    'not confirmed' or 'not interpretable'."""

    lidocaine: DiaryResult
    bupivacaine: DiaryResult
    concordant: bool
    verdict: str


def _durations(lidocaine: DiaryResult, bupivacaine: DiaryResult) -> str:
    def one(r: DiaryResult) -> str:
        return f"{'at least ' if r.relief_censored else ''}{r.relief_lasted_hours:.1f} h"

    return f"bupivacaine relief {one(bupivacaine)}, lidocaine relief {one(lidocaine)}"


def comparative_blocks(lidocaine: DiaryResult, bupivacaine: DiaryResult) -> ComparativeResult:
    """Concordance of comparative blocks (Barnsley 1993): both blocks positive and relief from bupivacaine
    (the longer-acting drug) lasting longer than from lidocaine, by more than :func:`comparative_longer_hours`
    (COURSE ASSUMPTION). Durations in hours from the onset of relief, as read by :func:`analyse_diary`; both
    diaries must be of the same region. A duration that is only a lower bound (the diary ended while relief
    persisted) that could change the comparison makes the pair **not interpretable**, never discordant."""
    if lidocaine.anaesthetic != "lidocaine" or bupivacaine.anaesthetic != "bupivacaine":
        raise ValueError(
            "comparative_blocks needs a lidocaine diary first and a bupivacaine diary second; got "
            f"{lidocaine.anaesthetic!r} and {bupivacaine.anaesthetic!r}"
        )
    if lidocaine.region != bupivacaine.region:
        raise ValueError(
            f"both blocks must be of one region; got {lidocaine.region} and {bupivacaine.region}"
        )
    margin = comparative_longer_hours()
    both = lidocaine.positive and bupivacaine.positive
    longer = bupivacaine.relief_lasted_hours > lidocaine.relief_lasted_hours + margin
    durations = _durations(lidocaine, bupivacaine)
    rule = f"longer means by more than {margin:g} h, a COURSE ASSUMPTION"
    if not (lidocaine.interpretable and bupivacaine.interpretable):
        verdict = "not confirmed: a block read from a baseline below the minimum is not interpretable"
    elif not both:
        verdict = "not confirmed: both blocks must be positive"
    elif longer and lidocaine.relief_censored:
        verdict = (
            f"not interpretable: the lidocaine diary ended while relief persisted ({durations}), so "
            "lidocaine relief may have lasted as long"
        )
    elif not longer and bupivacaine.relief_censored:
        verdict = (
            f"not interpretable: the bupivacaine diary ended while relief persisted ({durations}), so "
            "bupivacaine relief may still have lasted longer"
        )
    elif longer:
        verdict = f"concordant: {durations} ({rule})"
    else:
        verdict = (
            f"discordant: {durations}; bupivacaine relief did not outlast lidocaine relief ({rule}); "
            "Barnsley 1993 counted only longer bupivacaine relief as a true positive"
        )
    return ComparativeResult(
        lidocaine, bupivacaine, both and longer and verdict.startswith("concordant"), verdict
    )


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
