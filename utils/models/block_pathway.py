"""From selection to blocks to radiofrequency: expected numbers and a seeded SYNTHETIC cohort.

A paradigm is 0, 1 or 2 blocks. Each patient has facet pain with the pre-test probability; the blocks are
run in sequence (a second block only after a positive first, as in the trial of Cohen 2010); patients whose
blocks are all positive (everyone, with 0 blocks) have radiofrequency denervation, which succeeds with
``success_if_facet`` (an ILLUSTRATIVE what-if) or, without facet pain, with the saline response of
placebo-controlled blocks (a proxy for non-specific relief). The first block has the single-block accuracy
and the pair the comparative-block accuracy of :mod:`facet_course.models.diagnostic_blocks`.

The one loader of ``data/block_pathway_trial.csv`` and ``data/block_pathway_assumptions.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import data
from . import diagnostic_blocks, prevalence
from .diagnostic_blocks import check_probability

BLOCK_COUNTS: tuple[int, ...] = (0, 1, 2)
MAX_PATIENTS = 100_000


@dataclass(frozen=True)
class Stage:
    """One block in the sequence: probability (0..1) it is positive with and without facet pain, given
    that every earlier block was positive."""

    positive_if_facet: float
    positive_otherwise: float


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


def success_otherwise() -> float:
    """Radiofrequency 'success' (0..1) without facet pain: the saline response of placebo-controlled blocks
    (notebook 01's table), a proxy for non-specific relief."""
    return prevalence.placebo_response_fraction()


def stages(blocks: int) -> list[Stage]:
    """The block sequence of a paradigm: none, the single block, or the single block then a confirming block
    whose conditional accuracy makes the pair as accurate as comparative blocks.

    Raises ValueError when the pair would be more sensitive or less specific than its first block (a second
    block can only remove positives).
    """
    if blocks not in BLOCK_COUNTS:
        raise ValueError(f"blocks={blocks!r}; choose 0, 1 or 2 diagnostic blocks")
    if blocks == 0:
        return []
    first = diagnostic_blocks.paradigm_accuracy("single_block")
    one = Stage(first.sensitivity, first.false_positive_rate)
    if blocks == 1:
        return [one]
    pair = diagnostic_blocks.paradigm_accuracy("comparative_blocks")
    if pair.sensitivity > first.sensitivity or pair.false_positive_rate > first.false_positive_rate:
        raise ValueError(
            "the comparative pair cannot be more sensitive or less specific than its first block"
        )
    second = Stage(
        pair.sensitivity / first.sensitivity if first.sensitivity else 0.0,
        pair.false_positive_rate / first.false_positive_rate if first.false_positive_rate else 0.0,
    )
    return [one, second]


@dataclass(frozen=True)
class Pathway:
    """Numbers of one arm (expected values or counts of a SYNTHETIC cohort)."""

    patients: float
    facet_pain: float
    blocks_done: float
    treated: float
    treated_with_facet_pain: float
    successes: float

    @property
    def success_of_arm(self) -> float:
        """Share (0..1) of everyone in the arm with a successful denervation."""
        return self.successes / self.patients

    @property
    def success_of_treated(self) -> float | None:
        """Share (0..1) of those denervated whose denervation succeeded (None if nobody was treated)."""
        return self.successes / self.treated if self.treated else None

    @property
    def procedures(self) -> float:
        """Blocks plus denervations."""
        return self.blocks_done + self.treated

    @property
    def procedures_per_success(self) -> float | None:
        """Procedures (blocks and denervations) per successful denervation (None without a success)."""
        return self.procedures / self.successes if self.successes else None


def _check(patients: int, pretest: float, success_if_facet: float, success_without: float) -> None:
    if (
        isinstance(patients, bool)
        or not isinstance(patients, int | np.integer)
        or not 1 <= patients <= MAX_PATIENTS
    ):
        raise ValueError(f"patients={patients!r} must be a whole number from 1 to {MAX_PATIENTS}")
    check_probability("pretest", pretest)
    check_probability("success_if_facet", success_if_facet)
    check_probability("success_without", success_without)


def expected_pathway(
    patients: int, pretest: float, blocks: int, success_if_facet: float, success_without: float | None = None
) -> Pathway:
    """Expected numbers for an arm of ``patients`` (probabilities 0..1; ``success_without`` defaults to
    :func:`success_otherwise`)."""
    without = success_otherwise() if success_without is None else success_without
    _check(patients, pretest, success_if_facet, without)
    facet, other = patients * pretest, patients * (1.0 - pretest)
    done = 0.0
    for stage in stages(blocks):
        done += facet + other
        facet, other = facet * stage.positive_if_facet, other * stage.positive_otherwise
    return Pathway(
        patients=float(patients),
        facet_pain=patients * pretest,
        blocks_done=done,
        treated=facet + other,
        treated_with_facet_pain=facet,
        successes=facet * success_if_facet + other * without,
    )


def simulate_pathway(
    patients: int,
    pretest: float,
    blocks: int,
    success_if_facet: float,
    seed: int,
    success_without: float | None = None,
) -> Pathway:
    """A seeded SYNTHETIC arm: whole patients drawn with the probabilities of :func:`expected_pathway`."""
    without = success_otherwise() if success_without is None else success_without
    _check(patients, pretest, success_if_facet, without)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed={seed!r} must be a whole number 0 or more (it makes the cohort reproducible)")
    rng = np.random.default_rng(seed)
    has_facet = rng.random(patients) < pretest
    still = np.ones(patients, dtype=bool)
    done = 0
    for stage in stages(blocks):
        done += int(still.sum())
        chance = np.where(has_facet, stage.positive_if_facet, stage.positive_otherwise)
        still &= rng.random(patients) < chance
    success = still & (rng.random(patients) < np.where(has_facet, success_if_facet, without))
    return Pathway(
        patients=float(patients),
        facet_pain=float(has_facet.sum()),
        blocks_done=float(done),
        treated=float(still.sum()),
        treated_with_facet_pain=float((still & has_facet).sum()),
        successes=float(success.sum()),
    )
