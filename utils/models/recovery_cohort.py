"""A seeded SYNTHETIC cohort drawn from the recovery model, and its Kaplan-Meier survival curve.

Time to return of pain (pain back to half its pre-injection level, the endpoint of Barnsley 1994), in days.
The curve is computed by :func:`scipy.stats.ecdf` on :class:`scipy.stats.CensoredData` (Greenwood
confidence intervals): a well-kept, tested implementation, so the course carries no estimator of its own.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .block_criteria import lowest_positive_relief
from .recovery_drugs import anaesthetic_names, check_drug, steroid_names
from .recovery_evidence import (
    HOURS_PER_DAY,
    MAX_HOURS,
    NO_DRUG,
    PAIN_MAX,
    flare_probability,
    outcome,
    typical_baseline,
)
from .recovery_patient import (
    Patient,
    nonspecific_relief,
    nonspecific_share,
    nonspecific_time_scale,
    time_to_return_hours,
)


def synthetic_cohort(
    n: int,
    seed: int,
    anaesthetic: str = NO_DRUG,
    steroid: str = NO_DRUG,
    extra_responder_percent: float = 0.0,
) -> pd.DataFrame:
    """A SYNTHETIC cohort of ``n`` patients drawn from the model with a fixed ``seed``.

    Every patient had a positive diagnostic block (block relief uniform from the most lenient guideline
    cut-off to complete), a baseline pain drawn from Plastaras 2014's mean and SD, a flare with
    Plastaras 2014's probability, a non-specific relief duration from the fit to Barnsley 1994 (without a
    local anaesthetic or steroid only in Schwarzer 1995's share of saline responders; steroid without
    anaesthetic as Barnsley 1994's steroid-only arm, median 3 days), and, with
    probability ``extra_responder_percent`` (0-100), a steroid response. Follow-up ends at Carette 1991's
    six months, and Carette's share lost to follow-up drop out at uniformly random times (censored).

    Returns one row per patient: inputs, ``time_days`` and ``event`` (True: pain returned; False: censored).
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 5 <= n <= 5000:
        raise ValueError(f"n={n!r} must be a whole number of patients from 5 to 5000")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed={seed!r} must be a whole number 0 or more (it makes the cohort reproducible)")
    if not (math.isfinite(extra_responder_percent) and 0 <= extra_responder_percent <= 100):
        raise ValueError(f"extra_responder_percent={extra_responder_percent} must lie between 0 and 100")
    check_drug(anaesthetic, anaesthetic_names(), "local anaesthetic")
    check_drug(steroid, steroid_names(), "corticosteroid")
    if steroid == NO_DRUG and extra_responder_percent > 0:
        raise ValueError("extra_responder_percent > 0 needs a steroid: without one nobody can respond to it")

    rng = np.random.default_rng(int(seed))
    follow = outcome("carette_followup_6m")
    follow_up_days = float(follow["time_days"])
    lost = 1 - float(follow["value"]) / 100.0
    mean, sd = typical_baseline()
    low = lowest_positive_relief()
    ns = nonspecific_relief()

    baseline = np.clip(rng.normal(mean, sd, n), 1.0, PAIN_MAX)
    block = rng.uniform(low, 1.0, n)
    flare = rng.random(n) < flare_probability()
    responder = rng.random(n) < extra_responder_percent / 100.0
    ns_days = ns.sample_days(rng, n)
    dropout = np.where(rng.random(n) < lost, rng.uniform(0, follow_up_days, n), follow_up_days)
    if anaesthetic == NO_DRUG:  # without a block: Barnsley's steroid-only arm, or saline-like responders
        ns_days = ns_days * nonspecific_time_scale("intra-articular", anaesthetic, steroid)
        ns_days = np.where(rng.random(n) < nonspecific_share(anaesthetic, steroid=steroid), ns_days, 0.0)

    rows = []
    for i in range(n):
        patient = Patient(
            baseline_pain=float(baseline[i]),
            block_relief=float(block[i]),
            anaesthetic=anaesthetic,
            steroid=steroid,
            responder=bool(responder[i]),
            flare=bool(flare[i]),
            nonspecific_days=float(min(ns_days[i], MAX_HOURS / HOURS_PER_DAY)),
        )
        horizon = float(dropout[i]) * HOURS_PER_DAY
        returned = time_to_return_hours(patient, horizon)
        event = returned is not None
        rows.append(
            {
                "patient": i + 1,
                "baseline_pain": round(float(baseline[i]), 1),
                "block_relief": float(block[i]),
                "responder": bool(responder[i]),
                "flare": bool(flare[i]),
                "time_days": (returned / HOURS_PER_DAY) if event else float(dropout[i]),
                "event": event,
            }
        )
    frame = pd.DataFrame(rows)
    frame.attrs["synthetic"] = True
    frame.attrs["follow_up_days"] = follow_up_days
    return frame


@dataclass(frozen=True)
class Survival:
    """A Kaplan-Meier curve: times (days), surviving fraction, 95% confidence band."""

    t_days: np.ndarray
    surviving: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def at(self, t_days: float) -> float:
        """Fraction still relieved at ``t_days`` (right-continuous step function)."""
        index = np.searchsorted(self.t_days, t_days, side="right") - 1
        return 1.0 if index < 0 else float(self.surviving[index])

    def median_days(self) -> float | None:
        """First time the curve reaches one half or below; ``None`` if it never does."""
        below = np.nonzero(self.surviving <= 0.5)[0]
        return float(self.t_days[below[0]]) if below.size else None


def survival_curve(cohort: pd.DataFrame) -> Survival:
    """Kaplan-Meier estimate of time to return of pain, via :func:`scipy.stats.ecdf` (see module doc)."""
    missing = {"time_days", "event"} - set(cohort.columns)
    if missing:
        raise ValueError(f"cohort lacks column(s) {sorted(missing)}; make it with synthetic_cohort()")
    times = np.asarray(cohort["time_days"], dtype=float)
    events = np.asarray(cohort["event"], dtype=bool)
    if times.size == 0 or not np.all(np.isfinite(times)) or times.min() < 0:
        raise ValueError(
            "cohort times must be finite, 0 or more days, and there must be at least one patient"
        )
    # Relief that never reached half ends at time 0; ecdf needs positive times, so place it at one minute.
    times = np.maximum(times, 1 / (HOURS_PER_DAY * 60))
    sample = stats.CensoredData.right_censored(times, ~events)
    result = stats.ecdf(sample)
    sf = result.sf
    with warnings.catch_warnings():
        # Greenwood's band is undefined where the curve reaches 0; those points become 0..1 below.
        warnings.filterwarnings(
            "ignore", message="The confidence interval is undefined", category=RuntimeWarning
        )
        band = sf.confidence_interval(0.95)
    t = np.concatenate([[0.0], sf.quantiles])
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.nan_to_num(np.concatenate([[1.0], band.low.probabilities]), nan=0.0)
        high = np.nan_to_num(np.concatenate([[1.0], band.high.probabilities]), nan=1.0)
    return Survival(t, np.concatenate([[1.0], sf.probabilities]), low, high)
