"""The drugs of a facet injection over time, averaged over patients' timing (from notebook 04's model).

Notebook 04's curves (:mod:`facet_course.models.pharmacology`) treat each published range as equally likely
anywhere, which leaves corners where two ranges meet. Patients differ in timing, so each curve is averaged
over a log-normal spread of its time scale (:func:`facet_course.models.recovery_evidence.timing_spread`, an
ILLUSTRATIVE assumption): smooth curves where the physiology is smooth. Times in hours; relief and effect as
fractions 0..1.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import pandas as pd

from ..core import citations
from .recovery_evidence import HOURS_PER_DAY, MAX_HOURS, NO_DRUG, return_relief, timing_spread

#: Source key (data/source_keys.csv) of the proxies behind the one HYPOTHETICAL steroid curve.
STEROID_PROXIES_KEY = "steroid_timing_knee_proxies"


def _pharmacology() -> Any:
    from . import pharmacology  # imported lazily: the module is owned by notebook 04

    return pharmacology


def anaesthetic_names() -> list[str]:
    """Local anaesthetics the pharmacology module knows, plus 'none'."""
    return [*_names(_pharmacology().local_anaesthetics()), NO_DRUG]


def steroid_names() -> list[str]:
    """Corticosteroids the pharmacology module knows, plus 'none'."""
    return [*_names(_pharmacology().corticosteroids()), NO_DRUG]


def _names(found: Any) -> list[str]:
    if isinstance(found, pd.DataFrame):
        for column in ("drug", "name", "id"):
            if column in found.columns:
                return [str(v) for v in found[column]]
        return [str(v) for v in found.index]
    return [str(v) for v in found]


def check_drug(drug: str, known: list[str], kind: str) -> None:
    if drug not in known:
        raise ValueError(f"unknown {kind} '{drug}'; choose one of {known} (data/ of notebook 04)")


#: Fixed log-time grid (hours) on which the timing-averaged drug curves are computed, and quadrature nodes.
_SMOOTH_FROM_HOURS = 1e-3
_SMOOTH_POINTS = 2400
_SMOOTH_NODES = 21


@functools.lru_cache(maxsize=1)
def steroid_envelope_days() -> dict[str, tuple[float, float]]:
    """The one HYPOTHETICAL steroid time course (days) used for every corticosteroid: onset, peak and
    duration ranges pooled over notebook 04's rows that come only from the knee proxies
    (``steroid_timing_knee_proxies``: the blood-glucose peak, the knee osteoarthritis meta-analysis).

    Rows from label repeat intervals (how often a label allows a repeat injection) are left out: they are not
    measured durations, and pooling them would rank the steroids with no evidence. No facet data compare
    steroids, so the choice of steroid never changes the curve."""
    proxies = set(citations.source(STEROID_PROXIES_KEY).split(";"))
    frame = _pharmacology().corticosteroid_time_course_table()
    from_proxies = frame["source_id"].map(lambda ids: set(str(ids).split(";")) <= proxies)
    rows = frame[from_proxies]
    found = {}
    for quantity in ("onset_days", "peak_days", "duration_days"):
        sub = rows[rows["quantity"] == quantity]
        if sub.empty:
            raise ValueError(f"no {quantity} row from the knee proxies in notebook 04's steroid time course")
        found[quantity] = (float(sub["low"].min()), float(sub["high"].max()))
    return found


def _uniform_cdf(t: np.ndarray, low: float, high: float) -> np.ndarray:
    if high <= low:
        return (t >= low).astype(float)
    return np.clip((t - low) / (high - low), 0.0, 1.0)


def hypothetical_steroid_relief(t_days: np.ndarray) -> np.ndarray:
    """Fraction (0..1) of the HYPOTHETICAL steroid effect at ``t_days``, by notebook 04's rule
    (:func:`facet_course.pharmacology.steroid_relief`: a rise across the onset range, no later than the
    peak's upper end, times the chance the effect has not yet ended) on :func:`steroid_envelope_days`."""
    t = np.asarray(t_days, dtype=float)
    env = steroid_envelope_days()
    onset, peak, duration = env["onset_days"], env["peak_days"], env["duration_days"]
    rising = _uniform_cdf(t, onset[0], min(onset[1], peak[1]))
    lasting = 1.0 - _uniform_cdf(t, *duration)
    return np.where(t < 0, 0.0, rising * lasting)


def _raw_drug_curve(kind: str, drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Notebook 04's anaesthetic curve (``kind`` 'anaesthetic', hours), or the one hypothetical steroid
    curve (``kind`` 'steroid', any steroid) at ``t_hours``, fraction 0..1."""
    if kind == "anaesthetic":
        return np.asarray(_pharmacology().local_anaesthetic_relief(drug, t_hours), dtype=float)
    return hypothetical_steroid_relief(t_hours / HOURS_PER_DAY)


@functools.lru_cache(maxsize=32)
def _smoothed_curve(kind: str, drug: str, spread: float) -> tuple[np.ndarray, np.ndarray]:
    """Drug curve averaged over a log-normal spread of time scales, on a fixed log grid (cached).

    Returns (natural log of hours, fraction 0..1). Gauss-Hermite quadrature over the standard normal: each
    node is a patient whose clock runs ``exp(spread * z)`` times faster or slower.
    """
    log_t = np.linspace(math.log(_SMOOTH_FROM_HOURS), math.log(MAX_HOURS), _SMOOTH_POINTS)
    nodes, weights = np.polynomial.hermite_e.hermegauss(_SMOOTH_NODES)
    weights = weights / weights.sum()
    scaled = np.exp(log_t[None, :] - spread * nodes[:, None])
    raw = _raw_drug_curve(kind, drug, scaled.ravel()).reshape(scaled.shape)
    return log_t, np.clip(weights @ raw, 0.0, 1.0)


def _drug_curve(kind: str, drug: str, t_hours: np.ndarray) -> np.ndarray:
    log_t, values = _smoothed_curve(kind, drug, timing_spread())
    t = np.asarray(t_hours, dtype=float)
    out = np.interp(np.log(np.maximum(t, _SMOOTH_FROM_HOURS)), log_t, values)
    return np.where(t <= 0, 0.0, out)


def anaesthetic_relief(drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Fraction (0..1) of a full block over ``t_hours``, averaged over patients' timing; zero for 'none'."""
    t = np.asarray(t_hours, dtype=float)
    check_drug(drug, anaesthetic_names(), "local anaesthetic")
    if drug == NO_DRUG:
        return np.zeros_like(t)
    return _drug_curve("anaesthetic", drug, t)


def anaesthetic_onset(drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Fraction (0..1) of patients whose block has started by ``t_hours``: the rise of the anaesthetic curve
    to its peak, then 1. For 'none' (an injection without anaesthetic) it is 1 after the injection: there is
    no block, and the non-specific relief that can start then comes in the share :func:`nonspecific_share`."""
    t = np.asarray(t_hours, dtype=float)
    check_drug(drug, anaesthetic_names(), "local anaesthetic")
    if drug == NO_DRUG:
        return np.where(t <= 0, 0.0, 1.0)
    log_t, values = _smoothed_curve("anaesthetic", drug, timing_spread())
    rising = np.maximum.accumulate(values) / values.max()
    out = np.interp(np.log(np.maximum(t, _SMOOTH_FROM_HOURS)), log_t, rising)
    return np.where(t <= 0, 0.0, out)


def steroid_onset(drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Fraction (0..1) of patients in whom the HYPOTHETICAL steroid curve has started by ``t_hours``: its rise
    to its peak, then 1 (the same curve for every steroid, :func:`steroid_envelope_days`; the onset range is a
    knee proxy for absorption, the blood-glucose peak, not a measured onset of relief). 0 for 'none'."""
    t = np.asarray(t_hours, dtype=float)
    check_drug(drug, steroid_names(), "corticosteroid")
    if drug == NO_DRUG:
        return np.zeros_like(t)
    log_t, values = _smoothed_curve("steroid", "any steroid", timing_spread())
    rising = np.maximum.accumulate(values) / values.max()
    out = np.interp(np.log(np.maximum(t, _SMOOTH_FROM_HOURS)), log_t, rising)
    return np.where(t <= 0, 0.0, out)


def steroid_effect(drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Fraction (0..1) of the HYPOTHETICAL steroid effect over ``t_hours``, averaged over timing; 0 for
    'none'. The same curve for every steroid (:func:`steroid_envelope_days`): no facet data compare them."""
    t = np.asarray(t_hours, dtype=float)
    check_drug(drug, steroid_names(), "corticosteroid")
    if drug == NO_DRUG:
        return np.zeros_like(t)
    return _drug_curve("steroid", "any steroid", t)


def crossings(t: np.ndarray, y: np.ndarray, level: float) -> tuple[float | None, float | None]:
    """First time ``y`` reaches ``level`` and last time it is still at or above it (interpolated)."""
    above = y >= level
    if not above.any():
        return None, None
    first, last = int(np.argmax(above)), len(y) - 1 - int(np.argmax(above[::-1]))
    start = t[first]
    if first > 0:
        start = float(np.interp(level, [y[first - 1], y[first]], [t[first - 1], t[first]]))
    end = t[last]
    if last < len(y) - 1:
        end = float(np.interp(level, [y[last + 1], y[last]], [t[last + 1], t[last]]))
    return float(start), float(end)


def time_grid(max_hours: float, points: int = 1500) -> np.ndarray:
    return np.concatenate([[0.0], np.geomspace(0.01, max_hours, points)])


def anaesthetic_duration_hours(drug: str, level: float | None = None) -> tuple[float, float]:
    """When the anaesthetic's relief first reaches ``level`` of a full block and last holds it (hours).

    ``level`` defaults to the endpoint fraction (:func:`return_relief`).
    """
    level = return_relief() if level is None else level
    if not 0 < level < 1:
        raise ValueError(f"level={level} must lie strictly between 0 and 1 (a fraction of a full block)")
    if drug == NO_DRUG:
        raise ValueError("'none' has no duration of action; choose a local anaesthetic")
    t = time_grid(14 * HOURS_PER_DAY)
    start, end = crossings(t, anaesthetic_relief(drug, t), level)
    if start is None or end is None:
        raise ValueError(f"{drug} never reaches {level:.0%} of a full block in the pharmacology model")
    return start, end


def anaesthetic_end_range_hours(drug: str) -> tuple[float, float]:
    """Published range (hours) within which the anaesthetic's block ends (notebook 04's data)."""
    check_drug(drug, anaesthetic_names(), "local anaesthetic")
    if drug == NO_DRUG:
        raise ValueError("'none' has no duration of action; choose a local anaesthetic")
    course = _pharmacology().local_anaesthetic_time_course(drug)
    return float(course.duration_h.low), float(course.duration_h.high)


def steroid_window_hours(drug: str, level: float | None = None) -> tuple[float, float]:
    """When the steroid's effect first reaches ``level`` of its own peak and when it falls below (hours).

    ``level`` defaults to the endpoint fraction (:func:`return_relief`).

    Relative to the curve's peak, because a drug whose end times are spread widely never reaches its full
    effect in expectation (the pharmacology model averages over the published ranges).
    """
    level = return_relief() if level is None else level
    if not 0 < level < 1:
        raise ValueError(f"level={level} must lie strictly between 0 and 1 (a fraction of the peak effect)")
    if drug == NO_DRUG:
        raise ValueError("'none' has no steroid window; choose a corticosteroid")
    t = time_grid(365 * HOURS_PER_DAY)
    effect = steroid_effect(drug, t)
    start, end = crossings(t, effect, level * float(effect.max()))
    if start is None or end is None or effect.max() <= 0:
        raise ValueError(f"{drug} has no effect in the pharmacology model")
    return start, end
