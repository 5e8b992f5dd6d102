"""What pain does after a facet injection: a recovery model, a seeded synthetic cohort, a survival curve.

Pure functions, numbers in and numbers out; no plotting here (see :mod:`facet_course.recovery_views`).
Time is in hours (``t_hours``) or days (``t_days``); pain is the 0-10 numeric rating scale; relief is a
fraction 0..1 of the patient's usual (pre-injection) pain.

The model composes four things, each from a sourced number in ``data/``:

1. **Anaesthetic phase**: the local anaesthetic's relief over hours,
   :func:`facet_course.pharmacology.local_anaesthetic_relief`, scaled by how much of the patient's pain the
   block removes (``block_relief``; a positive prognostic block passes its region's guideline cut-off,
   ``data/recovery_block_criteria``: lumbar at least 50%, cervical more than 50%).
2. **Possible flare**: a rise in pain inside the window in which Plastaras 2014 asked about delayed adverse
   events, in the share of procedures they found (``data/recovery_outcomes``). That window is when patients
   were asked, not when flares happen: the flare's timing within it is ILLUSTRATIVE, and its size was not
   reported either (an illustrative assumption in ``data/recovery_model_assumptions``); every figure says so.
3. **Steroid phase (HYPOTHETICAL)**: the corticosteroid's delayed relief over days,
   :func:`facet_course.pharmacology.steroid_relief`, in responders only. Its timing is borrowed from proxies,
   not facet data (notebook 04: onset from the blood-glucose peak after a knee injection, Habib 2008; peak and
   duration from a knee osteoarthritis meta-analysis, Juni 2015), and the facet trial results read
   here found no steroid effect (Barnsley 1994: time to return of pain; Carette 1991: at 1 and 3 months, its
   6-month result could not be checked), so every figure labels it hypothetical.
4. **Return of pain**, after both wear off, apart from relief that outlasts the drugs (placebo response,
   natural history: the trials' control arms improved too, and Lilius 1989 ascribes the benefit of facet
   injections to spontaneous regression and psychosocial factors). That non-specific relief is calibrated to
   the local-anaesthetic arm of Barnsley 1994: a log-normal time to return of pain with that arm's median and
   its fraction still relieved at one month. Averaged over patients it fades slowly (the "control-arm
   average"); in one patient it is all or nothing (``nonspecific_days``), and a patient with none has their
   pain back as soon as the anaesthetic wears off. That calibration is of patients whose pain an active
   anaesthetic had relieved. After an injection **without** local anaesthetic, the average is bounded by
   the saline response of Schwarzer 1995 (the share with more than 50% relief after a saline control
   injection, ``data/facet_pain_prevalence``): :func:`nonspecific_share`.

The drug curves of notebook 04 treat each published range as equally likely anywhere, which leaves corners
where two ranges meet (the steroid's rise ends where its decline begins). Patients differ in timing, so the
model averages each drug curve over a log-normal spread of its time scale (``timing_spread``, an ILLUSTRATIVE
assumption in ``data/recovery_model_assumptions``): smooth curves where the physiology is smooth.

Non-specific relief ``n`` starts with the block (its onset ``o``: the anaesthetic curve's rise; never before
it) and outlasts it:
the block's part is ``a + (o - a) n``, equal to ``a`` while the block sets in. It combines with the steroid's
``s`` as independent sources: ``1 - (1 - a - (o - a) n)(1 - s)``. Expected pain is
``baseline * (1 - block_relief * combined) + flare``, clipped to 0..10.

The survival curve of the synthetic cohort (time until pain returns to half its pre-injection level, the
endpoint of Barnsley 1994) is a Kaplan-Meier estimate computed by :func:`scipy.stats.ecdf` on
:class:`scipy.stats.CensoredData`: a well-kept, tested implementation already in the course's stack (SciPy),
with Greenwood confidence intervals, so the course does not carry its own estimator.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..core import data

HOURS_PER_DAY = 24.0
#: Pain scale limits (numeric rating scale).
PAIN_MIN, PAIN_MAX = 0.0, 10.0
#: Longest time the model is asked about: two years, the longest follow-up in data/recovery_outcomes.
MAX_HOURS = 730 * HOURS_PER_DAY

NO_DRUG = "none"


# -- numbers from data/ ----------------------------------------------------------------------------------
def outcomes() -> pd.DataFrame:
    """The sourced outcome table (data/recovery_outcomes), indexed by row id."""
    return data.load_table("recovery_outcomes").set_index("id", drop=False)


def outcome(row_id: str) -> pd.Series:
    """One outcome row by id, with a clear message when it does not exist."""
    table = outcomes()
    if row_id not in table.index:
        raise ValueError(f"no outcome '{row_id}' in data/recovery_outcomes.csv; known: {sorted(table.index)}")
    return table.loc[row_id]


def assumption(row_id: str) -> pd.Series:
    """One model assumption (data/recovery_model_assumptions) by id."""
    table = data.load_table("recovery_model_assumptions").set_index("id", drop=False)
    if row_id not in table.index:
        raise ValueError(f"no assumption '{row_id}' in data/recovery_model_assumptions.csv")
    return table.loc[row_id]


def return_relief() -> float:
    """The endpoint as a fraction (0..1): pain has "returned" when relief falls below it (Barnsley 1994)."""
    row = assumption("return_relief")
    if row["unit"] != "percent of pre-injection pain":
        raise ValueError(f"return_relief must be a percent of pre-injection pain; got unit {row['unit']!r}")
    return float(row["value"]) / 100.0


def timing_spread() -> float:
    """ILLUSTRATIVE between-patient spread of drug timing: SD of the natural log of the time scale."""
    return float(assumption("timing_spread")["value"])


def block_criteria() -> pd.DataFrame:
    """Guideline cut-offs for a positive prognostic block, one row per region (recovery_block_criteria)."""
    return data.load_table("recovery_block_criteria").set_index("id", drop=False)


def regions() -> list[str]:
    """Spinal regions with a guideline cut-off."""
    return [str(r) for r in block_criteria()["region"]]


def block_criterion(region: str) -> pd.Series:
    """The guideline row for one region ('lumbar' or 'cervical'), with a clear message otherwise."""
    table = block_criteria()
    found = table[table["region"] == region]
    if found.empty:
        raise ValueError(f"no block cut-off for region {region!r}; choose one of {sorted(table['region'])}")
    return found.iloc[0]


def cutoff_text(region: str) -> str:
    """The region's rule as residents read it, e.g. '>= 50%' (lumbar) or '> 50%' (cervical)."""
    row = block_criterion(region)
    return f"{row['comparison']} {row['relief_percent_min']:g}%"


def block_is_positive(relief_percent: float, region: str) -> bool:
    """Whether a block with this percentage relief is positive under the region's guideline.

    Lumbar: at least the cut-off (>=); cervical: more than the cut-off (>). Exactly 50% relief is positive
    after a lumbar block and negative after a cervical one.
    """
    if not math.isfinite(relief_percent):
        raise ValueError(f"relief_percent={relief_percent} must be a finite percentage")
    row = block_criterion(region)
    cut = float(row["relief_percent_min"])
    return bool(relief_percent >= cut) if row["comparison"] == ">=" else bool(relief_percent > cut)


def lowest_positive_relief() -> float:
    """The lowest guideline cut-off for a positive block, as a fraction (0..1)."""
    return float(block_criteria()["relief_percent_min"].min()) / 100.0


def flare_probability() -> float:
    """Share of procedures followed by a pain exacerbation (fraction), Plastaras 2014."""
    return float(outcome("plastaras_pain_exacerbation")["value"]) / 100.0


def flare_window_hours() -> tuple[float, float]:
    """The delayed adverse-event window (hours after the injection) in which flares were counted."""
    row = outcome("plastaras_delayed_window")
    return float(row["value"]), float(row["value_high"])


def flare_size_points() -> float:
    """Illustrative flare size on the 0-10 scale (not reported by the source; see the assumptions table)."""
    return float(assumption("flare_size")["value"])


def typical_baseline() -> tuple[float, float]:
    """Mean and SD of pre-injection pain (0-10), Plastaras 2014."""
    row = outcome("plastaras_pain_before")
    return float(row["value"]), float(row["sd"])


@dataclass(frozen=True)
class NonSpecificRelief:
    """Log-normal time to return of pain without any drug effect, fitted to two reported numbers."""

    median_days: float
    sigma: float
    month_fraction: float

    def surviving(self, t_days: np.ndarray) -> np.ndarray:
        """Fraction of patients whose non-specific relief still lasts at ``t_days``."""
        t = np.asarray(t_days, dtype=float)
        with np.errstate(divide="ignore"):
            z = (np.log(np.maximum(t, 1e-12)) - math.log(self.median_days)) / self.sigma
        return np.where(t <= 0, 1.0, stats.norm.sf(z))

    def sample_days(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Draw ``n`` durations (days)."""
        return self.median_days * np.exp(self.sigma * rng.standard_normal(n))


def nonspecific_relief() -> NonSpecificRelief:
    """Fit the non-specific relief to Barnsley 1994's anaesthetic arm: its median and its one-month fraction.

    Barnsley reports the one-month fraction as "less than one in five", so the fitted tail is an upper bound.
    """
    median = float(outcome("barnsley_median_bupivacaine")["value"])
    month = outcome("barnsley_beyond_1m")
    fraction = float(month["value"]) / 100.0
    z = float(stats.norm.isf(fraction))
    sigma = math.log(float(month["time_days"]) / median) / z
    return NonSpecificRelief(median_days=median, sigma=sigma, month_fraction=fraction)


def placebo_response_fraction() -> float:
    """Share (0..1) of patients with more than 50% relief after a saline control injection (Schwarzer 1995,
    lumbar; saline into the paraspinal muscles), read from data/facet_pain_prevalence (notebook 01's table,
    where the number lives once)."""
    table = data.load_table("facet_pain_prevalence")
    found = table[(table["quantity"] == "placebo_response") & (table["source_id"] == "anat_schwarzer1995")]
    if len(found) != 1:
        raise ValueError("data/facet_pain_prevalence.csv needs one Schwarzer 1995 placebo_response row")
    return float(found["value_pct"].iloc[0]) / 100.0


def nonspecific_share(anaesthetic: str) -> float:
    """Share (0..1) of patients in whom non-specific relief starts, on average over patients.

    After an active local anaesthetic: all whose pain the block relieved (Barnsley 1994's anaesthetic arm,
    the calibration of :func:`nonspecific_relief`). Without one ('none'): at most the saline responders of
    Schwarzer 1995 (:func:`placebo_response_fraction`), so an injection without anaesthetic never gives
    everyone relief at once.
    """
    return placebo_response_fraction() if anaesthetic == NO_DRUG else 1.0


# -- the drugs (composed from facet_course.pharmacology) -----------------------------------------------------
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


def _check_drug(drug: str, known: list[str], kind: str) -> None:
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
    _check_drug(drug, anaesthetic_names(), "local anaesthetic")
    if drug == NO_DRUG:
        return np.zeros_like(t)
    return _drug_curve("anaesthetic", drug, t)


def anaesthetic_onset(drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Fraction (0..1) of patients whose block has started by ``t_hours``: the rise of the anaesthetic curve
    to its peak, then 1. For 'none' (an injection without anaesthetic) it is 1 after the injection: there is
    no block, and the non-specific relief that can start then is bounded by :func:`nonspecific_share`."""
    t = np.asarray(t_hours, dtype=float)
    _check_drug(drug, anaesthetic_names(), "local anaesthetic")
    if drug == NO_DRUG:
        return np.where(t <= 0, 0.0, 1.0)
    log_t, values = _smoothed_curve("anaesthetic", drug, timing_spread())
    rising = np.maximum.accumulate(values) / values.max()
    out = np.interp(np.log(np.maximum(t, _SMOOTH_FROM_HOURS)), log_t, rising)
    return np.where(t <= 0, 0.0, out)


def steroid_effect(drug: str, t_hours: np.ndarray) -> np.ndarray:
    """Fraction (0..1) of the steroid's full effect over ``t_hours``, averaged over timing; 0 for 'none'."""
    t = np.asarray(t_hours, dtype=float)
    _check_drug(drug, steroid_names(), "corticosteroid")
    if drug == NO_DRUG:
        return np.zeros_like(t)
    return _drug_curve("steroid", drug, t)


def _crossings(t: np.ndarray, y: np.ndarray, level: float) -> tuple[float | None, float | None]:
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


def _grid(max_hours: float, points: int = 1500) -> np.ndarray:
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
    t = _grid(14 * HOURS_PER_DAY)
    start, end = _crossings(t, anaesthetic_relief(drug, t), level)
    if start is None or end is None:
        raise ValueError(f"{drug} never reaches {level:.0%} of a full block in the pharmacology model")
    return start, end


def anaesthetic_end_range_hours(drug: str) -> tuple[float, float]:
    """Published range (hours) within which the anaesthetic's block ends (notebook 04's data)."""
    _check_drug(drug, anaesthetic_names(), "local anaesthetic")
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
    t = _grid(365 * HOURS_PER_DAY)
    effect = steroid_effect(drug, t)
    start, end = _crossings(t, effect, level * float(effect.max()))
    if start is None or end is None or effect.max() <= 0:
        raise ValueError(f"{drug} has no effect in the pharmacology model")
    return start, end


# -- one patient ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Patient:
    """One kind of patient and injection.

    baseline_pain: usual pain before the injection, 0-10.
    block_relief: fraction (0..1) of that pain the joint (or its nerves) accounts for, i.e. what a full block
        removes.
    anaesthetic, steroid: drug names from :mod:`facet_course.pharmacology`, or 'none'.
    responder: whether the steroid gives relief (HYPOTHETICAL: not shown more often than after placebo in the
        trial results read for notebook 05).
    flare: whether this patient has a post-injection flare.
    nonspecific_days: this patient's non-specific relief duration (days); ``None`` gives the expected value
        over patients (the fitted survival, times :func:`nonspecific_share`), 0 gives none.
    """

    baseline_pain: float
    block_relief: float
    anaesthetic: str = NO_DRUG
    steroid: str = NO_DRUG
    responder: bool = False
    flare: bool = False
    nonspecific_days: float | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.baseline_pain) and PAIN_MIN < self.baseline_pain <= PAIN_MAX):
            raise ValueError(
                f"baseline_pain={self.baseline_pain} must lie in (0, 10] on the 0-10 numeric rating scale: "
                "relief is a share of the pain before the injection, so it needs some pain to start from"
            )
        if not (math.isfinite(self.block_relief) and 0.0 <= self.block_relief <= 1.0):
            raise ValueError(
                f"block_relief={self.block_relief} must be a fraction from 0 to 1 (share of the usual pain "
                "the blocked joint accounts for)"
            )
        if self.nonspecific_days is not None and not (
            math.isfinite(self.nonspecific_days) and 0 <= self.nonspecific_days <= MAX_HOURS / HOURS_PER_DAY
        ):
            raise ValueError(
                f"nonspecific_days={self.nonspecific_days} must be None or 0 to "
                f"{MAX_HOURS / HOURS_PER_DAY:g} days"
            )


def _check_times(t_hours: np.ndarray) -> np.ndarray:
    t = np.asarray(t_hours, dtype=float)
    if t.size == 0:
        raise ValueError("t_hours is empty: give at least one time (hours after the injection)")
    if not np.all(np.isfinite(t)):
        raise ValueError("t_hours contains NaN or infinity: times must be finite hours after the injection")
    if t.min() < 0 or t.max() > MAX_HOURS:
        raise ValueError(
            f"t_hours must lie between 0 and {MAX_HOURS:g} hours (two years, the longest trial follow-up); "
            f"got {t.min():g} to {t.max():g}"
        )
    return t


def flare_bump(t_hours: np.ndarray) -> np.ndarray:
    """Shape of a flare (0..1): a smooth rise and fall across the delayed adverse-event window.

    ILLUSTRATIVE timing: the window is when Plastaras 2014 asked about delayed events, not when flares
    happen; the source does not say when within it (or before it) a flare starts.
    """
    t = np.asarray(t_hours, dtype=float)
    start, end = flare_window_hours()
    inside = (t >= start) & (t <= end)
    return np.where(inside, np.sin(np.pi * (t - start) / (end - start)) ** 2, 0.0)


def relief_components(t_hours: np.ndarray, patient: Patient) -> dict[str, np.ndarray]:
    """Each source of relief (fraction 0..1 of a full block), the block's onset (0..1) and the flare (points)
    over ``t_hours``."""
    t = _check_times(t_hours)
    if patient.nonspecific_days is None:
        share = nonspecific_share(patient.anaesthetic)
        nonspecific = share * nonspecific_relief().surviving(t / HOURS_PER_DAY)
    else:
        nonspecific = (t < patient.nonspecific_days * HOURS_PER_DAY).astype(float)
    steroid = steroid_effect(patient.steroid, t) if patient.responder else np.zeros_like(t)
    return {
        "anaesthetic": anaesthetic_relief(patient.anaesthetic, t),
        "steroid": steroid,
        "non-specific": nonspecific,
        "onset": anaesthetic_onset(patient.anaesthetic, t),
        "flare_points": flare_size_points() * flare_bump(t) if patient.flare else np.zeros_like(t),
    }


def _combined(parts: dict[str, np.ndarray]) -> np.ndarray:
    """Combined relief (0..1): the block with its non-specific tail, then the steroid (see module doc)."""
    a, o = parts["anaesthetic"], np.maximum(parts["onset"], parts["anaesthetic"])
    block = a + (o - a) * parts["non-specific"]
    return 1 - (1 - block) * (1 - parts["steroid"])


def relief(t_hours: np.ndarray, patient: Patient) -> np.ndarray:
    """Total relief as a fraction (0..1) of the usual pain over ``t_hours`` (flare not included)."""
    parts = relief_components(t_hours, patient)
    combined = _combined(parts)
    return patient.block_relief * combined


def expected_pain(t_hours: np.ndarray, patient: Patient) -> np.ndarray:
    """Expected pain (0-10) over ``t_hours`` after the injection."""
    parts = relief_components(t_hours, patient)
    combined = _combined(parts)
    pain = patient.baseline_pain * (1 - patient.block_relief * combined) + parts["flare_points"]
    return np.clip(pain, PAIN_MIN, PAIN_MAX)


def time_to_return_hours(patient: Patient, horizon_hours: float = MAX_HOURS) -> float | None:
    """Hours until relief last falls below the endpoint (:func:`return_relief`; pain back to half its
    pre-injection level).

    0 when relief never reaches half; ``None`` when relief still holds at ``horizon_hours``.
    """
    t = _grid(horizon_hours, 3000)
    start, end = _crossings(t, relief(t, patient), return_relief())
    if start is None or end is None:
        return 0.0
    if end >= horizon_hours:
        return None
    return end


@dataclass(frozen=True)
class Phase:
    """A named stretch of time after the injection (hours) with what happens in it."""

    name: str
    start_hours: float
    end_hours: float
    what: str


def phases(anaesthetic: str, steroid: str) -> list[Phase]:
    """The phases after an injection with these drugs, in time order (hours), for shading a figure."""
    found: list[Phase] = []
    la_end = 0.0
    if anaesthetic != NO_DRUG:
        _, la_end = anaesthetic_duration_hours(anaesthetic)
        found.append(Phase("anaesthetic block", 0.0, la_end, f"{anaesthetic} blocks the joint's nerves"))
    start, end = flare_window_hours()
    found.append(
        Phase(
            "possible flare",
            start,
            end,
            f"a minority reported more pain when asked {start / HOURS_PER_DAY:g}-{end / HOURS_PER_DAY:g} "
            "days after intra-articular injections; drawn across that window for illustration (when a flare "
            "starts was not reported)",
        )
    )
    if steroid != NO_DRUG:
        s_on, s_off = steroid_window_hours(steroid)
        proxy = "HYPOTHETICAL: timing from knee proxies (glucose peak, knee osteoarthritis trials)"
        if s_on > la_end:
            found.append(
                Phase("steroid onset", la_end, s_on, f"{steroid} not yet at half its peak effect; {proxy}")
            )
        found.append(Phase("steroid relief", max(s_on, la_end), s_off, f"responders only; {proxy}"))
        found.append(Phase("return of pain", s_off, MAX_HOURS, "pain back towards its usual level"))
    else:
        found.append(Phase("return of pain", la_end, MAX_HOURS, "pain back towards its usual level"))
    return found


# -- a synthetic cohort and its survival curve ---------------------------------------------------------------
def carette_extra_responders_percent() -> float:
    """Percentage points more patients improved at one month with steroid than with saline (Carette 1991).

    A difference that was **not significant** in that trial: the course uses it only as a what-if share of
    extra steroid responders, never as a rate the trial showed.
    """
    return float(outcome("carette_1m_steroid")["value"] - outcome("carette_1m_saline")["value"])


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
    local anaesthetic only in Schwarzer 1995's share of saline responders), and, with
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
    _check_drug(anaesthetic, anaesthetic_names(), "local anaesthetic")
    _check_drug(steroid, steroid_names(), "corticosteroid")
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
    if anaesthetic == NO_DRUG:  # without a block, only saline-like responders have non-specific relief
        ns_days = np.where(rng.random(n) < nonspecific_share(anaesthetic), ns_days, 0.0)

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


def published_points() -> pd.DataFrame:
    """Reported fractions still relieved at a time (days), for plotting against a survival curve.

    Medians become 50% at the median time; "less than" bounds keep their bound. Columns: id, label, region,
    arm, time_days, percent, bound, n, source_id.
    """
    table = outcomes()
    rows = []
    for row_id in ("barnsley_median_steroid", "barnsley_median_bupivacaine"):
        r = table.loc[row_id]
        rows.append(
            {**r.to_dict(), "time_days": float(r["value"]), "percent": 50.0, "label": f"median, {r['arm']}"}
        )
    for row_id in (
        "barnsley_beyond_1w",
        "barnsley_beyond_1m",
        "lilius_3m",
        "carette_1m_steroid",
        "carette_1m_saline",
    ):
        r = table.loc[row_id]
        rows.append({**r.to_dict(), "percent": float(r["value"]), "label": f"{r['quantity']}, {r['arm']}"})
    frame = pd.DataFrame(rows)[
        ["id", "label", "region", "arm", "time_days", "percent", "bound", "n", "source_id"]
    ]
    return frame.reset_index(drop=True)
