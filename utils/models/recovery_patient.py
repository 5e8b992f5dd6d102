"""One patient after a facet injection: the drugs, non-specific relief and a possible flare, over time.

See :mod:`facet_course.models.recovery` for the model. Time in hours (``t_hours``) or days (``t_days``);
pain 0-10; relief a fraction 0..1 of the usual (pre-injection) pain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .prevalence import placebo_response_fraction
from .recovery_drugs import (
    anaesthetic_duration_hours,
    anaesthetic_onset,
    anaesthetic_relief,
    crossings,
    steroid_effect,
    steroid_onset,
    steroid_window_hours,
    time_grid,
)
from .recovery_evidence import (
    HOURS_PER_DAY,
    MAX_HOURS,
    NO_DRUG,
    PAIN_MAX,
    PAIN_MIN,
    assumption,
    flare_size_points,
    flare_window_hours,
    outcome,
    return_relief,
)


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


#: The kinds of injection the model knows: how much relief outlasts the drug differs between them.
INJECTIONS: tuple[str, ...] = ("intra-articular", "medial branch block")


def check_injection(injection: str) -> None:
    """Refuse an injection the model has no data for, naming the allowed ones."""
    if injection not in INJECTIONS:
        raise ValueError(
            f"unknown injection {injection!r}; choose one of {list(INJECTIONS)} (how long relief outlasts "
            "the drug was measured after these two)"
        )


def nonspecific_share(anaesthetic: str, injection: str = "intra-articular", steroid: str = NO_DRUG) -> float:
    """Share (0..1) of patients in whom non-specific relief starts, on average over patients.

    After an active local anaesthetic into the joint ('intra-articular'): all whose pain it relieved (Barnsley
    1994's intra-articular anaesthetic arm, the calibration of :func:`nonspecific_relief`). After a
    corticosteroid into the joint WITHOUT local anaesthetic: all as well, because Barnsley 1994's steroid arm
    (betamethasone, no anaesthetic) had a median of 3 days to the return of half the pain, like the
    bupivacaine arm (:func:`nonspecific_time_scale` sets that median); when it starts is unknown, so at first
    the model gives it only to the saline-response share (:func:`nonspecific_share_at`). After a diagnostic
    'medial branch block': only the share with unexpectedly prolonged relief in Barnsley 1993 (comparative
    blocks; the rest have their pain back when the drug wears off). Without anaesthetic or steroid ('none',
    'none'): the share of saline responders of Schwarzer 1995 (:func:`placebo_response_fraction`; a point
    estimate of the acute response to saline into the paraspinal muscles, borrowed), so such an injection
    never gives everyone relief at once.
    """
    check_injection(injection)
    if anaesthetic == NO_DRUG:
        if steroid != NO_DRUG and injection == "intra-articular":
            return 1.0
        return placebo_response_fraction()
    if injection == "medial branch block":
        return float(outcome("barnsley1993_prolonged")["value"]) / 100.0
    return 1.0


def nonspecific_share_at(
    t_hours: np.ndarray, anaesthetic: str, injection: str = "intra-articular", steroid: str = NO_DRUG
) -> np.ndarray:
    """Share (0..1) of patients whose non-specific relief has started by ``t_hours``, on average.

    :func:`nonspecific_share` from the injection on, except in Barnsley 1994's steroid-only arm
    (:func:`steroid_only_arm`): that trial timed only the RETURN of pain, so when relief starts after a
    steroid alone is unknown, and nothing supports relief at once without an anaesthetic. There the model
    gives relief at once only to the saline-response share (as after 'none', 'none'; Schwarzer 1995,
    borrowed) and lets the rest start with the HYPOTHETICAL steroid onset (:func:`steroid_onset`: a knee
    proxy for absorption, not a measured onset of relief), reaching the whole arm later.
    """
    t = np.asarray(t_hours, dtype=float)
    share = nonspecific_share(anaesthetic, injection, steroid)
    if not steroid_only_arm(anaesthetic, steroid, injection):
        return np.where(t < 0, 0.0, share)
    early = placebo_response_fraction()
    return early + (share - early) * steroid_onset(steroid, t)


def steroid_only_arm(anaesthetic: str, steroid: str, injection: str = "intra-articular") -> bool:
    """Whether the injection is Barnsley 1994's steroid-only arm: a corticosteroid into the joint without
    local anaesthetic."""
    check_injection(injection)
    return anaesthetic == NO_DRUG and steroid != NO_DRUG and injection == "intra-articular"


def nonspecific_time_scale(
    injection: str = "intra-articular", anaesthetic: str = "", steroid: str = NO_DRUG
) -> float:
    """How much longer (times) non-specific relief lasts than the intra-articular fit: 1 into the joint; for
    Barnsley 1994's steroid-only arm (:func:`steroid_only_arm`) the ratio of its median to the anaesthetic
    arm's (3 / 3.5 days, data/recovery_outcomes); after a 'medial branch block' the ILLUSTRATIVE
    ``mbb_nonspecific_time_course`` (data/recovery_model_assumptions: no source gives a time course there, so
    the intra-articular one is borrowed)."""
    check_injection(injection)
    if injection == "medial branch block":
        return float(assumption("mbb_nonspecific_time_course")["value"])
    if steroid_only_arm(anaesthetic, steroid, injection):
        steroid_median = float(outcome("barnsley_median_steroid")["value"])
        return steroid_median / float(outcome("barnsley_median_bupivacaine")["value"])
    return 1.0


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
    injection: 'intra-articular' or 'medial branch block' (:data:`INJECTIONS`): sets the share with
        non-specific relief (:func:`nonspecific_share`).
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
    injection: str = "intra-articular"

    def __post_init__(self) -> None:
        check_injection(self.injection)
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
        share = nonspecific_share_at(t, patient.anaesthetic, patient.injection, patient.steroid)
        scale = nonspecific_time_scale(patient.injection, patient.anaesthetic, patient.steroid)
        days = t / HOURS_PER_DAY / scale
        nonspecific = share * nonspecific_relief().surviving(days)
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
    t = time_grid(horizon_hours, 3000)
    start, end = crossings(t, relief(t, patient), return_relief())
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
