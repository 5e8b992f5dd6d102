"""From selection to blocks to radiofrequency: expected numbers and a seeded SYNTHETIC cohort.

An arm is a block paradigm (:data:`ARMS`): no block, a single block, or a screening block then a comparative
pair in those positive to it. Each patient has facet pain with the pre-test probability; the steps are run in
sequence (a later step only after a positive earlier one); patients positive to every step (everyone, with no
block) have radiofrequency denervation, which succeeds with
``success_if_facet`` (an ILLUSTRATIVE what-if) or, without facet pain, with an ILLUSTRATIVE stand-in (the
short-term response to a saline injection into the paraspinal muscles: no source read gives radiofrequency
success without facet pain). The screening step has the single-block accuracy; the comparative step has the
accuracy Lord 1995 measured in screen-positive patients (:func:`diagnostic_blocks.paradigm_sequence`) and
counts as the TWO blocks of the pair (a short- and a long-acting anaesthetic on separate days), so the
comparative arm is up to three blocks per patient. Given the pre-test option (``pairing``), the single-block
step is the one paired with it (:func:`block_selection.paired_sequence`: the pre-test study's own
single-block false-positive rate where it reports one), so the same patients get the same positives per 100
here as in the post-test table. That is Lord's paradigm, NOT the two-block arm of the trial
of Cohen 2010 (lidocaine, then bupivacaine in those positive): no source read here gives the accuracy of a
single confirmatory block, so that arm is not modelled. Blocks and denervations are counted apart (per
success), never added as if one procedure were the other.

The one loader of ``data/block_pathway_trial.csv`` and ``data/block_pathway_assumptions.csv``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import data
from . import block_selection, diagnostic_blocks, prevalence
from .diagnostic_blocks import check_probability

#: The modelled arms: no block, a single block, a screening block then a comparative pair (Lord 1995).
ARMS: tuple[str, ...] = ("no_block", "single_block", "comparative_blocks")
MAX_PATIENTS = 100_000


@dataclass(frozen=True)
class Stage:
    """One step of the sequence: probability (0..1) it is positive with and without facet pain, given
    that every earlier step was positive, and the blocks each patient reaching it receives."""

    positive_if_facet: float
    positive_otherwise: float
    blocks: int = 1


def trial_table() -> pd.DataFrame:
    """``data/block_pathway_trial.csv``: the three arms of Cohen 2010 (0, 1, 2 blocks), success of the arm and
    of those treated (%), cost per success (US$)."""
    return data.load_table("block_pathway_trial")


def assumptions() -> pd.DataFrame:
    """``data/block_pathway_assumptions.csv``: COURSE ASSUMPTIONS and ILLUSTRATIVE what-if values."""
    return data.load_table("block_pathway_assumptions").set_index("id", drop=False)


def arm_size() -> int:
    """Patients per arm of the SYNTHETIC cohort (a COURSE ASSUMPTION near one arm of the trial)."""
    return int(assumptions().loc["arm_size", "value"])


def success_if_facet_options() -> list[float]:
    """The ILLUSTRATIVE what-if radiofrequency success rates (percent) for patients with facet pain."""
    table = assumptions()
    return sorted(float(v) for v in table.loc[table["id"].str.startswith("rf_success_facet"), "value"])


def success_otherwise_row() -> pd.Series:
    """The ILLUSTRATIVE row for radiofrequency 'success' without facet pain: what is borrowed, and why."""
    table = assumptions()
    if "rf_success_without_facet" not in table.index:
        raise ValueError("data/block_pathway_assumptions.csv needs its rf_success_without_facet row")
    return table.loc["rf_success_without_facet"]


def success_otherwise_options() -> list[float]:
    """What-if radiofrequency 'success' rates (percent) without facet pain: the ILLUSTRATIVE what-if rows
    (``rf_success_without_facet_*``, e.g. 0: denervation never helps without facet pain) and the borrowed
    stand-in (:func:`success_otherwise`), so a resident sees how much the verdict rests on it."""
    table = assumptions()
    rows = table.loc[table["id"].str.startswith("rf_success_without_facet_"), "value"]
    return sorted({float(v) for v in rows} | {100 * success_otherwise()})


def success_otherwise() -> float:
    """Radiofrequency 'success' (0..1) without facet pain: an ILLUSTRATIVE stand-in (no source read gives it),
    the short-term response to saline injected into the paraspinal muscles (Schwarzer 1995, notebook 01's
    table), named as such by :func:`success_otherwise_row`."""
    success_otherwise_row()
    return prevalence.placebo_response_fraction()


def stages(arm: str, pairing: block_selection.PreTest | None = None) -> list[Stage]:
    """The steps of an arm: none, the single block, or the single (screening) block then the comparative
    pair, each step with the accuracy its study measured in the patients who reach it.

    The comparative step uses Lord 1995's sensitivity and specificity directly (that study measured them in
    patients already positive to a screening block, who are the ones reaching it here) and counts the
    blocks of the pair (:data:`diagnostic_blocks.BLOCKS_PER_STEP`). With ``pairing`` (a pre-test option of
    :func:`block_selection.pretest_options`), the single-block step is the one paired with that pre-test
    (:func:`block_selection.paired_sequence`); without it, the course's single-block accuracy.
    """
    if arm not in ARMS:
        raise ValueError(f"arm={arm!r}; choose one of {list(ARMS)}")
    if pairing is not None and not isinstance(pairing, block_selection.PreTest):
        raise ValueError(f"pairing={pairing!r} must be a pre-test option (block_selection.pretest_options())")
    if arm == "no_block":
        return []
    if pairing is None:
        steps = diagnostic_blocks.paradigm_sequence(arm).steps
    else:
        steps = block_selection.paired_sequence(pairing, arm).steps
    return [
        Stage(step.sensitivity, step.false_positive_rate, diagnostic_blocks.BLOCKS_PER_STEP[step.paradigm])
        for step in steps
    ]


def blocks_per_patient(arm: str) -> int:
    """Diagnostic blocks a patient positive to every step of ``arm`` receives (0, 1 or 3)."""
    return sum(stage.blocks for stage in stages(arm))


@dataclass(frozen=True)
class Pathway:
    """Numbers of one arm (expected values or counts of a SYNTHETIC cohort)."""

    patients: float
    facet_pain: float
    blocks_done: float
    treated: float
    treated_with_facet_pain: float
    successes: float
    successes_with_facet_pain: float

    @property
    def successes_without_facet_pain(self) -> float:
        """Successes in patients WITHOUT facet pain: they come only from the ILLUSTRATIVE borrowed 'success'
        without facet pain (:func:`success_otherwise`), never from a measured radiofrequency outcome."""
        return self.successes - self.successes_with_facet_pain

    @property
    def success_of_arm(self) -> float:
        """Share (0..1) of everyone in the arm with a successful denervation."""
        return self.successes / self.patients

    @property
    def success_of_treated(self) -> float | None:
        """Share (0..1) of those denervated whose denervation succeeded (None if nobody was treated)."""
        return self.successes / self.treated if self.treated else None

    @property
    def denervations_per_success(self) -> float | None:
        """Radiofrequency denervations per successful one (None without a success): 1 / success of treated.

        Counted apart from the blocks: a block and a denervation differ in time, risk and cost, and no source
        read here weighs one against the other (the trial compared the arms by cost per success).
        """
        return self.treated / self.successes if self.successes else None

    @property
    def blocks_per_success(self) -> float | None:
        """Diagnostic blocks per successful denervation (None without a success; 0 with no block)."""
        return self.blocks_done / self.successes if self.successes else None


def _check(
    patients: int,
    pretest: float,
    success_if_facet: float,
    success_without: float,
    pairing: block_selection.PreTest | None = None,
) -> None:
    if (
        isinstance(patients, bool)
        or not isinstance(patients, int | np.integer)
        or not 1 <= patients <= MAX_PATIENTS
    ):
        raise ValueError(f"patients={patients!r} must be a whole number from 1 to {MAX_PATIENTS}")
    check_probability("pretest", pretest)
    check_probability("success_if_facet", success_if_facet)
    check_probability("success_without", success_without)
    if pairing is not None and isinstance(pairing, block_selection.PreTest):
        if not math.isclose(float(pretest), pairing.probability):
            raise ValueError(
                f"pretest={pretest!r} differs from the pairing's prevalence ({pairing.probability:g}, "
                f"{pairing.label}): pair a pre-test only with its own study's accuracy"
            )


def expected_pathway(
    patients: int,
    pretest: float,
    arm: str,
    success_if_facet: float,
    success_without: float | None = None,
    pairing: block_selection.PreTest | None = None,
) -> Pathway:
    """Expected numbers for an arm of ``patients`` (probabilities 0..1; ``success_without`` defaults to
    :func:`success_otherwise`; ``pairing``, the pre-test option whose study's single-block accuracy to use,
    see :func:`stages`: its prevalence must equal ``pretest``)."""
    without = success_otherwise() if success_without is None else success_without
    _check(patients, pretest, success_if_facet, without, pairing)
    facet, other = patients * pretest, patients * (1.0 - pretest)
    done = 0.0
    for stage in stages(arm, pairing):
        done += (facet + other) * stage.blocks
        facet, other = facet * stage.positive_if_facet, other * stage.positive_otherwise
    return Pathway(
        patients=float(patients),
        facet_pain=patients * pretest,
        blocks_done=done,
        treated=facet + other,
        treated_with_facet_pain=facet,
        successes=facet * success_if_facet + other * without,
        successes_with_facet_pain=facet * success_if_facet,
    )


#: The independent random streams of one seed, one per purpose (common random numbers across arms).
RANDOM_STREAMS = ("facet status", "block results", "radiofrequency outcome")


def simulate_pathway(
    patients: int,
    pretest: float,
    arm: str,
    success_if_facet: float,
    seed: int,
    success_without: float | None = None,
    pairing: block_selection.PreTest | None = None,
) -> Pathway:
    """A seeded SYNTHETIC arm: whole patients drawn with the probabilities of :func:`expected_pathway`
    (``pairing`` as there).

    Common random numbers: each patient's facet status, block results and radiofrequency outcome come from
    three separate streams of ``seed``, drawn before and independent of the arm, so the same seed gives the
    same patients with the same radiofrequency luck in every arm; arms differ only in who is treated."""
    without = success_otherwise() if success_without is None else success_without
    _check(patients, pretest, success_if_facet, without, pairing)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed={seed!r} must be a whole number 0 or more (it makes the cohort reproducible)")
    streams = np.random.SeedSequence(seed).spawn(len(RANDOM_STREAMS))
    facet_rng, block_rng, outcome_rng = (np.random.default_rng(stream) for stream in streams)
    has_facet = facet_rng.random(patients) < pretest
    outcome_draw = outcome_rng.random(patients)
    still = np.ones(patients, dtype=bool)
    done = 0
    for stage in stages(arm, pairing):
        done += int(still.sum()) * stage.blocks
        chance = np.where(has_facet, stage.positive_if_facet, stage.positive_otherwise)
        still &= block_rng.random(patients) < chance
    success = still & (outcome_draw < np.where(has_facet, success_if_facet, without))
    return Pathway(
        patients=float(patients),
        facet_pain=float(has_facet.sum()),
        blocks_done=float(done),
        treated=float(still.sum()),
        treated_with_facet_pain=float((still & has_facet).sum()),
        successes=float(success.sum()),
        successes_with_facet_pain=float((success & has_facet).sum()),
    )
