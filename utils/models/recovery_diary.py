"""A pain diary after a diagnostic block: the checked entries (hours after the injection, pain 0-10).

:class:`Diary` checks a diary when it is made (one score per time, times strictly increasing, scores on the
0-10 scale, at least one score before the injection and one after it, a score at exactly 0 h refused unless
the caller says which side of the needle it was); :func:`read_diary` reads one from CSV. The reading of a
diary (relief, verdict, duration) is :mod:`.pain_diary`, which re-exports these names.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

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
