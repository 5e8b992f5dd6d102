"""Drug data access and effect-time models for the injectate of facet joint procedures (no plotting).

Every number comes from the sourced tables in ``data/`` (``local_anaesthetics*``, ``corticosteroids*``); this
module only combines them. Two effect-time models are used by notebooks 04 and 05:

* :func:`local_anaesthetic_relief` - fraction of a full block (0..1) against hours since injection;
* :func:`steroid_relief` - fraction of the steroid's full effect (0..1) against days since injection.

Both are *population* curves read from published ranges: if each patient's onset time, peak and offset fall
somewhere in the range a source gives (taken as equally likely anywhere in it), the curve is the expected
fraction of the full effect at each time. They are teaching models, not pharmacokinetic simulations, and
every range that goes into them can be listed with its source (:func:`local_anaesthetic_time_course`,
:func:`steroid_time_course`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import data

MINUTES_PER_HOUR = 60.0

#: Settings for which local anaesthetic onset and duration are tabulated.
LA_SETTINGS: tuple[str, ...] = ("peripheral nerve block", "infiltration")


@dataclass(frozen=True)
class Range:
    """A low..high range in stated units, with the reference ids it came from."""

    low: float
    high: float
    unit: str
    source_id: str

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2.0

    def text(self, digits: int = 3) -> str:
        """'10-20 min' (or '20 min' when low == high), numbers formatted with ``:g``."""
        low, high = f"{self.low:.{digits}g}", f"{self.high:.{digits}g}"
        return f"{low} {self.unit}" if low == high else f"{low}-{high} {self.unit}"


@dataclass(frozen=True)
class LocalAnaestheticTimeCourse:
    """Onset (minutes) and duration (hours) of a local anaesthetic block, as published ranges."""

    drug: str
    adrenaline: bool
    setting: str
    onset_min: Range
    duration_h: Range


@dataclass(frozen=True)
class SteroidTimeCourse:
    """Onset, peak and end of a corticosteroid's effect in days, as published ranges (weak evidence)."""

    drug: str
    onset_days: Range
    peak_days: Range
    duration_days: Range
    #: How often the label allows a repeat injection (days): how often, not how long relief lasts; None where
    #: no label interval was read. Never used by the effect curve.
    label_repeat_days: Range | None = None


# -- the tables (each loaded here and nowhere else) -----------------------------------------------------


def local_anaesthetic_table() -> pd.DataFrame:
    """``data/local_anaesthetics.csv``: one row per local anaesthetic (label strengths in %, adrenaline,
    label warnings on systemic toxicity)."""
    return data.load_table("local_anaesthetics")


def local_anaesthetic_daily_dose_table() -> pd.DataFrame:
    """``data/local_anaesthetics_daily_doses.csv``: a label's total over 24 hours (mg), one row per label read
    that gives one (only bupivacaine's do)."""
    return data.load_table("local_anaesthetics_daily_doses")


def local_anaesthetic_daily_doses(drug: str) -> list[tuple[float, str, str]]:
    """The labels' totals over 24 hours for ``drug``: (mg, the label's wording, source ids), one per label
    read; an empty list where no label read gives one. A drug not in the course is a ValueError."""
    if drug not in local_anaesthetics():
        raise ValueError(f"drug must be one of {', '.join(local_anaesthetics())}; got {drug!r}")
    rows = local_anaesthetic_daily_dose_table()
    rows = rows[rows["drug"] == drug]
    return [(float(r.max_mg_24h), str(r.wording), str(r.source_id)) for r in rows.itertuples()]


def local_anaesthetic_time_course_table() -> pd.DataFrame:
    """``data/local_anaesthetics_time_course.csv``: published onset (min) and duration (h) ranges by drug,
    adrenaline and setting."""
    return data.load_table("local_anaesthetics_time_course")


def corticosteroid_table() -> pd.DataFrame:
    """``data/corticosteroids.csv``: one row per corticosteroid (formulation, particulate, strength in mg/mL,
    release and label notes)."""
    return data.load_table("corticosteroids")


def corticosteroid_excipient_table() -> pd.DataFrame:
    """``data/corticosteroid_excipients.csv``: per product read, the preservative its label names (amount per
    mL) and its other additives."""
    return data.load_table("corticosteroid_excipients")


def steroid_comparative_trials_table() -> pd.DataFrame:
    """``data/steroid_comparative_trials.csv``: studies comparing dexamethasone with particulate steroids
    (design, route, arms, follow-up, finding); mostly transforaminal epidural, not facet joints."""
    return data.load_table("steroid_comparative_trials")


def corticosteroid_time_course_table() -> pd.DataFrame:
    """``data/corticosteroids_time_course.csv``: onset, peak and duration ranges (days) per steroid, with the
    basis of each range (label, knee trials or a proxy)."""
    return data.load_table("corticosteroids_time_course")


def corticosteroid_particle_table() -> pd.DataFrame:
    """``data/corticosteroids_particles.csv``: measured particle sizes (µm) of the steroids and red cells."""
    return data.load_table("corticosteroids_particles")


def corticosteroid_dose_table() -> pd.DataFrame:
    """``data/corticosteroids_doses.csv``: label doses by joint size and doses used in facet trials (mg)."""
    return data.load_table("corticosteroids_doses")


# -- drug lists ----------------------------------------------------------------------------------------


def local_anaesthetics() -> list[str]:
    """Local anaesthetics in the course's tables, in table order (e.g. 'lidocaine', 'bupivacaine')."""
    return list(local_anaesthetic_table()["drug"])


def corticosteroids() -> list[str]:
    """Corticosteroids in the course's tables, in table order (e.g. 'methylprednisolone acetate')."""
    return list(corticosteroid_table()["drug"])


def check_local_anaesthetic(drug: str) -> str:
    """Return ``drug`` if it is a known local anaesthetic, else raise ValueError listing the known ones."""
    known = local_anaesthetics()
    if not isinstance(drug, str) or drug not in known:
        raise ValueError(
            f"unknown local anaesthetic {drug!r}; known: {', '.join(known)} (data/local_anaesthetics.csv)"
        )
    return drug


def check_corticosteroid(drug: str) -> str:
    """Return ``drug`` if it is a known corticosteroid, else raise ValueError listing the known ones."""
    known = corticosteroids()
    if not isinstance(drug, str) or drug not in known:
        raise ValueError(
            f"unknown corticosteroid {drug!r}; known: {', '.join(known)} (data/corticosteroids.csv)"
        )
    return drug


def local_anaesthetic_info(drug: str) -> pd.Series:
    """The row of ``data/local_anaesthetics.csv`` for one drug (strengths, classes, label warnings)."""
    frame = local_anaesthetic_table()
    return frame.loc[frame["drug"] == check_local_anaesthetic(drug)].iloc[0]


def corticosteroid_info(drug: str) -> pd.Series:
    """The row of ``data/corticosteroids.csv`` for one drug (formulation, particulate, strength, label)."""
    frame = corticosteroid_table()
    return frame.loc[frame["drug"] == check_corticosteroid(drug)].iloc[0]


def marketed_strengths_percent(drug: str) -> list[float]:
    """Label strengths of a local anaesthetic in percent w/v (1% = 10 mg/mL)."""
    text = local_anaesthetic_info(drug)["marketed_strengths_percent"]
    return [float(s) for s in str(text).split(";") if s.strip()]


def percent_to_mg_per_ml(percent: float) -> float:
    """Convert a solution strength in percent w/v to mg/mL (1% = 1 g per 100 mL = 10 mg/mL)."""
    return float(percent) * 10.0


# -- time courses from data ----------------------------------------------------------------------------


def _envelope(frame: pd.DataFrame, low: str, high: str, unit: str) -> Range:
    return Range(
        low=float(frame[low].min()),
        high=float(frame[high].max()),
        unit=unit,
        source_id=";".join(dict.fromkeys(s for ids in frame["source_id"] for s in ids.split(";"))),
    )


def local_anaesthetic_time_course(
    drug: str, adrenaline: bool = False, setting: str = "peripheral nerve block"
) -> LocalAnaestheticTimeCourse:
    """Onset (min) and duration (h) ranges for one drug, with or without adrenaline, in one setting.

    Several sources for the same drug and setting are combined into their envelope, so disagreement widens
    the range rather than being hidden. Raises ValueError if no source covers the combination (for example
    ropivacaine with adrenaline, which is not marketed).
    """
    check_local_anaesthetic(drug)
    if setting not in LA_SETTINGS:
        raise ValueError(f"unknown setting {setting!r}; known: {', '.join(LA_SETTINGS)}")
    frame = local_anaesthetic_time_course_table()
    rows = frame[
        (frame["drug"] == drug) & (frame["adrenaline"] == bool(adrenaline)) & (frame["setting"] == setting)
    ]
    if rows.empty:
        have = frame[frame["drug"] == drug][["adrenaline", "setting"]].drop_duplicates()
        options = "; ".join(
            f"{'with' if a else 'without'} adrenaline, {s}"
            for a, s in zip(have["adrenaline"], have["setting"], strict=True)
        )
        raise ValueError(
            f"no source in data/local_anaesthetics_time_course.csv gives {drug} "
            f"{'with' if adrenaline else 'without'} adrenaline for {setting}; available: {options}"
        )
    return LocalAnaestheticTimeCourse(
        drug=drug,
        adrenaline=bool(adrenaline),
        setting=setting,
        onset_min=_envelope(rows, "onset_min_low", "onset_min_high", "min"),
        duration_h=_envelope(rows, "duration_h_low", "duration_h_high", "h"),
    )


def steroid_time_course(drug: str) -> SteroidTimeCourse:
    """Onset, peak and duration ranges (days) of a corticosteroid's effect, each the envelope of its sources.

    The evidence is weak: onset is a proxy (the time blood glucose peaks after an intra-articular injection),
    peak and waning come from labels and knee osteoarthritis trials, not from facet joints. See the ``basis``
    column of ``data/corticosteroids_time_course.csv``.
    """
    check_corticosteroid(drug)
    frame = corticosteroid_time_course_table()
    rows = frame[frame["drug"] == drug]
    parts = {}
    for quantity in ("onset_days", "peak_days", "duration_days"):
        sub = rows[rows["quantity"] == quantity]
        if sub.empty:
            raise ValueError(f"data/corticosteroids_time_course.csv has no {quantity} row for {drug}")
        parts[quantity] = _envelope(sub, "low", "high", "days")
    repeat = rows[rows["quantity"] == "label_repeat_days"]
    label_repeat = _envelope(repeat, "low", "high", "days") if not repeat.empty else None
    return SteroidTimeCourse(drug=drug, label_repeat_days=label_repeat, **parts)


# -- effect-time models --------------------------------------------------------------------------------


def _times(t: np.ndarray | float, name: str) -> np.ndarray:
    arr = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite numbers (got NaN or infinity)")
    return arr


def _uniform_cdf(t: np.ndarray, low: float, high: float) -> np.ndarray:
    """P(X <= t) for X uniform on [low, high]; a step at ``low`` when the range is a single value."""
    if high <= low:
        return (t >= low).astype(float)
    return np.clip((t - low) / (high - low), 0.0, 1.0)


def local_anaesthetic_relief(
    drug: str,
    t_hours: np.ndarray | float,
    adrenaline: bool = False,
    setting: str = "peripheral nerve block",
) -> np.ndarray:
    """Fraction of a full local anaesthetic block (0..1) at ``t_hours`` hours after injection.

    The block starts at an onset time somewhere in the published onset range (minutes) and ends at a time
    somewhere in the published duration range (hours), each taken as equally likely anywhere in its range;
    the result is the expected fraction blocked: P(onset <= t) x P(offset > t). Before the injection
    (t < 0) it is 0. Ranges come from ``data/local_anaesthetics_time_course.csv`` (peripheral nerve blocks
    by default: the closest published setting to a medial branch block; facet volumes are smaller).

    Returns an array shaped like ``t_hours``. Raises ValueError for an unknown drug, an unavailable
    combination (e.g. ropivacaine with adrenaline) or non-finite times.
    """
    course = local_anaesthetic_time_course(drug, adrenaline, setting)
    t = _times(t_hours, "t_hours")
    onset_h = (course.onset_min.low / MINUTES_PER_HOUR, course.onset_min.high / MINUTES_PER_HOUR)
    started = _uniform_cdf(t, *onset_h)
    still_on = 1.0 - _uniform_cdf(t, course.duration_h.low, course.duration_h.high)
    relief = np.where(t < 0, 0.0, started * still_on)
    return np.asarray(relief, dtype=float)


def steroid_relief(drug: str, t_days: np.ndarray | float) -> np.ndarray:
    """Fraction of a corticosteroid's full effect (0..1) at ``t_days`` days after injection.

    WEAK EVIDENCE, RANGES: the curve rises linearly across the published onset range (and no later than the
    time the largest effect was first measured), stays level, then falls as the effect ends somewhere in the
    published duration range (each end time equally likely): relief = ramp(onset_low -> min(onset_high,
    peak_high)) x P(end > t). No study measured a rise to a peak: the knee trials' largest effect was at their
    first follow-up (1-2 weeks), so the curve does not keep rising until then. Onset is only a proxy (the
    timing of the blood glucose peak after an intra-articular injection), the first follow-up and the end
    come from labels and knee osteoarthritis trials; facet joint trials found little difference between
    steroid and control injections (see notebook 05). Use the curve to show *when* a steroid could act,
    not *whether* it will.

    Returns an array shaped like ``t_days``; 0 before the injection. Raises ValueError for an unknown drug
    or non-finite times.
    """
    course = steroid_time_course(drug)
    t = _times(t_days, "t_days")
    rising = _uniform_cdf(t, course.onset_days.low, min(course.onset_days.high, course.peak_days.high))
    lasting = 1.0 - _uniform_cdf(t, course.duration_days.low, course.duration_days.high)
    relief = np.where(t < 0, 0.0, rising * lasting)
    return np.asarray(relief, dtype=float)


# -- corticosteroid particles and doses ----------------------------------------------------------------


def red_cell_diameter_um() -> Range:
    """Diameter of a normal red blood cell (micrometres), the yardstick for steroid particles."""
    frame = corticosteroid_particle_table()
    row = frame[frame["item"] == "red blood cell (reference)"]
    return _envelope(row, "size_min_um", "size_max_um", "µm")


def particle_sizes(drug: str) -> pd.DataFrame:
    """Every published particle-size finding for one corticosteroid (rows of corticosteroids_particles)."""
    check_corticosteroid(drug)
    frame = corticosteroid_particle_table()
    return frame[frame["item"] == drug].reset_index(drop=True)


def largest_particle_vs_red_cell(drug: str) -> float | None:
    """Largest reported particle of ``drug`` divided by the mean red cell diameter, or None if not measured.

    Uses measured maximum sizes (micrometres) where available, else a size reported only as a ratio to a red
    cell. A value above 1 means some particles are larger than a red cell.
    """
    rows = particle_sizes(drug)
    rbc = red_cell_diameter_um().mid
    sizes = rows["size_max_um"].dropna()
    if not sizes.empty:
        return float(sizes.max()) / rbc
    ratios = rows["size_ratio_to_red_cell"].dropna()
    if not ratios.empty:
        return float(ratios.max())
    return None


def steroid_doses(drug: str) -> pd.DataFrame:
    """Label dose ranges by joint size and doses used in facet trials for one corticosteroid (mg)."""
    check_corticosteroid(drug)
    frame = corticosteroid_dose_table()
    return frame[frame["drug"] == drug].reset_index(drop=True)
