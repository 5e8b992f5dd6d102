"""From selection to blocks to radiofrequency: expected numbers and a seeded SYNTHETIC cohort.

A paradigm is 0, 1 or 2 blocks. Each patient has facet pain with the pre-test probability; the blocks are
run in sequence (a second block only after a positive first, as in the trial of Cohen 2010); patients whose
blocks are all positive (everyone, with 0 blocks) have radiofrequency denervation, which succeeds with
``success_if_facet`` (an ILLUSTRATIVE what-if) or, without facet pain, with an ILLUSTRATIVE stand-in (the
short-term response to a saline injection into the paraspinal muscles: no source read gives radiofrequency
success without facet pain). The first block has the single-block accuracy, the second the comparative-block
accuracy that Lord 1995 measured in screen-positive patients (:func:`diagnostic_blocks.paradigm_sequence`).
Blocks and denervations are counted apart (per success), never added as if one procedure were the other.

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


def success_otherwise_row() -> pd.Series:
    """The ILLUSTRATIVE row for radiofrequency 'success' without facet pain: what is borrowed, and why."""
    table = assumptions()
    if "rf_success_without_facet" not in table.index:
        raise ValueError("data/block_pathway_assumptions.csv needs its rf_success_without_facet row")
    return table.loc["rf_success_without_facet"]


def success_otherwise() -> float:
    """Radiofrequency 'success' (0..1) without facet pain: an ILLUSTRATIVE stand-in (no source read gives it),
    the short-term response to saline injected into the paraspinal muscles (Schwarzer 1995, notebook 01's
    table), named as such by :func:`success_otherwise_row`."""
    success_otherwise_row()
    return prevalence.placebo_response_fraction()


def stages(blocks: int) -> list[Stage]:
    """The block sequence of a paradigm: none, the single block, or the single (screening) block then the
    comparative pair, each step with the accuracy its study measured in the patients who reach it.

    The second step's accuracy is Lord 1995's comparative-block sensitivity and specificity, used directly:
    that study measured them in patients already positive to a screening block, which is who reaches it here.
    """
    if blocks not in BLOCK_COUNTS:
        raise ValueError(f"blocks={blocks!r}; choose 0, 1 or 2 diagnostic blocks")
    if blocks == 0:
        return []
    paradigm = "single_block" if blocks == 1 else "comparative_blocks"
    steps = diagnostic_blocks.paradigm_sequence(paradigm).steps
    if len(steps) != blocks:
        raise ValueError(f"{paradigm} runs as {len(steps)} steps, not the {blocks} blocks of the trial's arm")
    return [Stage(step.sensitivity, step.false_positive_rate) for step in steps]


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
