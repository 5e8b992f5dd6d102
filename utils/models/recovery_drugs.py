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

from .recovery_evidence import HOURS_PER_DAY, MAX_HOURS, NO_DRUG, return_relief, timing_spread


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


def _raw_drug_curve(kind: str, drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Notebook 04's curve (fraction 0..1) at ``t_hours``: 'anaesthetic' (hours) or 'steroid' (days)."""
    pharmacology = _pharmacology()
    if kind == "anaesthetic":
        return np.asarray(pharmacology.local_anaesthetic_relief(drug, t_hours), dtype=float)
    return np.asarray(pharmacology.steroid_relief(drug, t_hours / HOURS_PER_DAY), dtype=float)


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


def steroid_effect(drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Fraction (0..1) of the steroid's full effect over ``t_hours``, averaged over timing; 0 for 'none'."""
    t = np.asarray(t_hours, dtype=float)
    check_drug(drug, steroid_names(), "corticosteroid")
    if drug == NO_DRUG:
        return np.zeros_like(t)
    return _drug_curve("steroid", drug, t)


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
