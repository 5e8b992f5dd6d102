"""What pain does after a facet injection: a recovery model, a seeded synthetic cohort, a survival curve.

Pure functions, numbers in and numbers out; no plotting here (the lesson ``recovery_curves`` draws it).
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
3. **Steroid phase (HYPOTHETICAL)**: a corticosteroid's delayed relief over days, in responders only,
   one curve for every steroid (:func:`steroid_envelope_days`: no facet data compare steroids, and label
   repeat intervals are not durations); its size (the full effect) is invented too. Its timing is borrowed
   from proxies, not facet data (notebook 04: onset from the blood-glucose peak after a knee injection,
   Habib 2008; peak and duration from a knee osteoarthritis meta-analysis, Juni 2015), and the trials read
   here found no steroid effect (Barnsley 1994: time to return of pain; Carette 1991: at 1 and 3 months, its
   6-month result could not be checked), so every figure labels it hypothetical.
4. **Return of pain**, after both wear off, apart from relief that outlasts the drugs (placebo response,
   natural history: the trials' control arms improved too, and Lilius 1989 ascribes the benefit of facet
   injections to spontaneous regression and psychosocial factors). That non-specific relief is calibrated to
   the local-anaesthetic arm of Barnsley 1994: a log-normal time to return of pain with that arm's median and
   its fraction still relieved at one month. Averaged over patients it fades slowly (the "control-arm
   average"); in one patient it is all or nothing (``nonspecific_days``), and a patient with none has their
   pain back as soon as the anaesthetic wears off. That calibration is of patients whose pain an active
   anaesthetic had relieved. After an injection **without** local anaesthetic, the model gives it to the share
   that responded to saline in Schwarzer 1995 (more than 50% relief after saline into the paraspinal muscles,
   a point estimate with its CI, ``data/facet_pain_prevalence``; not an upper bound: Carette 1991's
   intra-articular saline arm had a similar share markedly improved at one month): :func:`nonspecific_share`.
   A steroid into the joint without anaesthetic follows Barnsley 1994's steroid arm, which timed only the
   return of pain: its onset is unknown, so at first only that saline share has relief and the rest starts
   with the hypothetical steroid onset (:func:`nonspecific_share_at`), never block-sized relief at one hour.
   Barnsley 1994 measured intra-articular injections; after a diagnostic **medial branch block** the model
   gives that relief only to the share with unexpectedly prolonged relief in Barnsley 1993 (comparative
   blocks), so there relief usually ends with the drug and lidocaine and bupivacaine differ.

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

The model lives in six modules, one idea each; this module is their public face (``recovery.<name>``):

* :mod:`.recovery_evidence` - the sourced numbers (outcomes, assumptions, leaflet claims);
* :mod:`.prevalence` - the saline response of placebo-controlled blocks (notebook 01's table);
* :mod:`.block_criteria` - the guideline cut-offs for a positive block, by region;
* :mod:`.recovery_drugs` - notebook 04's drug curves averaged over patients' timing;
* :mod:`.recovery_patient` - one patient: non-specific relief, the combined relief, expected pain, phases;
* :mod:`.recovery_cohort` - the SYNTHETIC cohort and its Kaplan-Meier curve.
"""

from __future__ import annotations

from .block_criteria import (
    at_cutoff,
    block_criteria,
    block_criterion,
    block_is_positive,
    cutoff_text,
    lowest_positive_relief,
    regions,
)
from .prevalence import placebo_response, placebo_response_fraction
from .recovery_cohort import (
    Survival,
    survival_curve,
    synthetic_cohort,
)
from .recovery_drugs import (
    anaesthetic_duration_hours,
    anaesthetic_end_range_hours,
    anaesthetic_names,
    anaesthetic_onset,
    anaesthetic_relief,
    hypothetical_steroid_relief,
    steroid_effect,
    steroid_envelope_days,
    steroid_names,
    steroid_onset,
    steroid_window_hours,
)
from .recovery_evidence import (
    HOURS_PER_DAY,
    MAX_HOURS,
    NO_DRUG,
    PAIN_MAX,
    PAIN_MIN,
    assumption,
    carette_extra_responders_percent,
    flare_probability,
    flare_size_points,
    flare_window_hours,
    leaflet_claims,
    outcome,
    outcomes,
    published_points,
    return_relief,
    timing_spread,
    typical_baseline,
)
from .recovery_patient import (
    INJECTIONS,
    NonSpecificRelief,
    Patient,
    Phase,
    expected_pain,
    flare_bump,
    nonspecific_relief,
    nonspecific_share,
    nonspecific_share_at,
    nonspecific_time_scale,
    phases,
    relief,
    relief_components,
    steroid_only_arm,
    time_to_return_hours,
)

__all__ = [
    "HOURS_PER_DAY",
    "INJECTIONS",
    "MAX_HOURS",
    "NO_DRUG",
    "NonSpecificRelief",
    "PAIN_MAX",
    "PAIN_MIN",
    "Patient",
    "Phase",
    "Survival",
    "anaesthetic_duration_hours",
    "anaesthetic_end_range_hours",
    "anaesthetic_names",
    "anaesthetic_onset",
    "anaesthetic_relief",
    "assumption",
    "at_cutoff",
    "block_criteria",
    "block_criterion",
    "block_is_positive",
    "carette_extra_responders_percent",
    "cutoff_text",
    "expected_pain",
    "flare_bump",
    "flare_probability",
    "flare_size_points",
    "flare_window_hours",
    "leaflet_claims",
    "lowest_positive_relief",
    "nonspecific_relief",
    "nonspecific_share",
    "nonspecific_share_at",
    "nonspecific_time_scale",
    "steroid_only_arm",
    "outcome",
    "outcomes",
    "phases",
    "placebo_response",
    "placebo_response_fraction",
    "published_points",
    "regions",
    "relief",
    "relief_components",
    "return_relief",
    "steroid_effect",
    "steroid_envelope_days",
    "hypothetical_steroid_relief",
    "steroid_names",
    "steroid_onset",
    "steroid_window_hours",
    "survival_curve",
    "synthetic_cohort",
    "time_to_return_hours",
    "timing_spread",
    "typical_baseline",
]
