"""Bayes for diagnostic facet blocks: 2 x 2 tables, post-test probability, patients per 100.

The arithmetic is pure (probabilities as fractions 0..1, counts as whole patients); the block accuracies are
read from ``data/block_accuracy.csv`` (this module is its one loader), where each study's own measure is
stored with its definition. Sensitivity and specificity are used only where the source gives them or lets
them be derived (Lord 1995, comparative blocks; Schwarzer 1994, single block, whose sensitivity was not
measured and is a named COURSE ASSUMPTION).

Each accuracy is used only in the population its study measured it in (``tested_population``): Lord 1995
measured comparative blocks in patients already positive to a screening block, so the comparative paradigm is
a sequence (:func:`paradigm_sequence`): the screening single block for everyone, then the comparative pair's
accuracy applied to those positive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import data

#: Paradigms whose accuracy the course can use, and the one that is the reference standard itself.
PARADIGMS: tuple[str, ...] = ("single_block", "comparative_blocks", "placebo_controlled_blocks")
REFERENCE_STANDARD = "placebo_controlled_blocks"
#: ``tested_population`` values of ``data/block_accuracy.csv``: everyone, or only screen-positive patients.
#: Blocks each patient reaching a step receives: a single block is one injection; a comparative pair is two
#: (a short- and a long-acting anaesthetic on separate occasions, Lord 1995's paradigm). A definition of the
#: paradigms, not a measured number.
BLOCKS_PER_STEP: dict[str, int] = {"single_block": 1, "comparative_blocks": 2}
EVERYONE = "everyone tested"
SCREEN_POSITIVE = "positive to a screening single block"


def check_probability(name: str, value: float) -> float:
    """``value`` as a float if it is a probability (0..1), else a ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise ValueError(f"{name}={value!r} must be a number from 0 to 1 (a fraction, not a percentage)")
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise ValueError(f"{name}={value!r} must be a probability from 0 to 1 (e.g. 0.31 for 31%)")
    return number


def _check_count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name}={value!r} must be a whole number of patients (0 or more)")
    if value < 0:
        raise ValueError(f"{name}={value} is negative; a count of patients is 0 or more")
    return int(value)


def _ratio(top: int, bottom: int, what: str) -> float:
    if bottom == 0:
        raise ValueError(f"{what} is undefined: its denominator is 0 patients")
    return top / bottom


@dataclass(frozen=True)
class TwoByTwo:
    """Patients by true status (facet pain or not) and block result (positive or not)."""

    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int

    def __post_init__(self) -> None:
        for name in ("true_positive", "false_positive", "false_negative", "true_negative"):
            _check_count(name, getattr(self, name))

    @property
    def patients(self) -> int:
        return self.true_positive + self.false_positive + self.false_negative + self.true_negative

    @property
    def positives(self) -> int:
        """Patients with a positive block (true and false positives)."""
        return self.true_positive + self.false_positive

    def prevalence(self) -> float:
        """Share (0..1) of patients whose pain comes from the facet joints."""
        return _ratio(self.true_positive + self.false_negative, self.patients, "prevalence")

    def sensitivity(self) -> float:
        """Share (0..1) of patients with facet pain whose block is positive."""
        return _ratio(self.true_positive, self.true_positive + self.false_negative, "sensitivity")

    def specificity(self) -> float:
        """Share (0..1) of patients without facet pain whose block is negative."""
        return _ratio(self.true_negative, self.true_negative + self.false_positive, "specificity")

    def false_positive_rate(self) -> float:
        """1 - specificity: share (0..1) of patients WITHOUT facet pain whose block is positive."""
        return _ratio(self.false_positive, self.true_negative + self.false_positive, "false-positive rate")

    def positive_predictive_value(self) -> float:
        """Post-test probability (0..1) of facet pain after a positive block."""
        return _ratio(self.true_positive, self.positives, "positive predictive value")

    def negative_predictive_value(self) -> float:
        """Share (0..1) of negative blocks in patients without facet pain."""
        return _ratio(
            self.true_negative, self.true_negative + self.false_negative, "negative predictive value"
        )


def positive_predictive_value(prevalence: float, sensitivity: float, specificity: float) -> float:
    """Post-test probability (0..1) of facet pain after a positive block (Bayes' theorem).

    All three inputs are probabilities 0..1. Raises ValueError when no patient could test positive
    (prevalence 0 with specificity 1, or sensitivity 0 with prevalence 1): the probability is then undefined.
    """
    p = check_probability("prevalence", prevalence)
    se = check_probability("sensitivity", sensitivity)
    sp = check_probability("specificity", specificity)
    positive = p * se + (1.0 - p) * (1.0 - sp)
    if positive == 0.0:
        raise ValueError(
            "no patient can have a positive block at these values: the post-test probability is undefined"
        )
    return p * se / positive


def negative_predictive_value(prevalence: float, sensitivity: float, specificity: float) -> float:
    """Probability (0..1) that a patient with a negative block has no facet pain (Bayes' theorem)."""
    p = check_probability("prevalence", prevalence)
    se = check_probability("sensitivity", sensitivity)
    sp = check_probability("specificity", specificity)
    negative = p * (1.0 - se) + (1.0 - p) * sp
    if negative == 0.0:
        raise ValueError(
            "no patient can have a negative block at these values: the predictive value is undefined"
        )
    return (1.0 - p) * sp / negative


def expected_table(
    prevalence: float, sensitivity: float, specificity: float, patients: int = 100
) -> TwoByTwo:
    """Expected whole patients in each cell for ``patients`` patients (an icon array's counts).

    Rounded by largest remainder, so the four cells always add up to ``patients``.
    """
    n = _check_count("patients", patients)
    p = check_probability("prevalence", prevalence)
    se = check_probability("sensitivity", sensitivity)
    sp = check_probability("specificity", specificity)
    exact = np.array([p * se, (1 - p) * (1 - sp), p * (1 - se), (1 - p) * sp]) * n
    counts = np.floor(exact + 1e-9).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    for index in order[: n - int(counts.sum())]:
        counts[index] += 1
    return TwoByTwo(*(int(c) for c in counts))


# -- the sourced accuracies ------------------------------------------------------------------------


def accuracy_table() -> pd.DataFrame:
    """``data/block_accuracy.csv``: one accuracy measure (percent) per row, with its definition, reference
    standard, kind (measured, derived, COURSE ASSUMPTION) and source."""
    return data.load_table("block_accuracy")


@dataclass(frozen=True)
class Accuracy:
    """Sensitivity and specificity (0..1) of one paradigm, with where they come from."""

    paradigm: str
    region: str
    sensitivity: float
    specificity: float
    source_id: str
    assumed: tuple[str, ...]  # measures that are a COURSE ASSUMPTION, not a measurement
    tested_population: str = EVERYONE  # in whom the study measured it (see module docstring)
    #: measures read from a figure whose definition the course inferred (e.g. a 'false-positive rate' read as
    #: 1 - specificity), named wherever they are used
    inferred: tuple[str, ...] = ()

    @property
    def false_positive_rate(self) -> float:
        return 1.0 - self.specificity


def paradigm_accuracy(paradigm: str) -> Accuracy:
    """Sensitivity and specificity of ``paradigm`` ('single_block' or 'comparative_blocks') from the table.

    'placebo_controlled_blocks' is the reference standard the others were measured against: no study read
    here gives its own accuracy, so asking for it is refused with that reason.
    """
    if paradigm == REFERENCE_STANDARD:
        raise ValueError(
            "placebo-controlled blocks are the reference standard the other paradigms were measured against: "
            "no study read here gives their own sensitivity and specificity"
        )
    table = accuracy_table()
    rows = table[table["paradigm"] == paradigm]
    if paradigm not in PARADIGMS or rows.empty:
        raise ValueError(f"paradigm={paradigm!r}; choose one of {list(PARADIGMS)}")
    by_measure = rows.set_index("measure")
    missing = {"sensitivity", "specificity"} - set(by_measure.index)
    if missing:
        raise ValueError(f"data/block_accuracy.csv lacks {sorted(missing)} for {paradigm}")
    picked = by_measure.loc[["sensitivity", "specificity"]]
    return Accuracy(
        paradigm=paradigm,
        region=str(picked["region"].iloc[0]),
        sensitivity=float(picked.loc["sensitivity", "value_pct"]) / 100.0,
        specificity=float(picked.loc["specificity", "value_pct"]) / 100.0,
        source_id=";".join(dict.fromkeys(";".join(picked["source_id"]).split(";"))),
        assumed=tuple(
            m for m, k in zip(picked.index, picked["kind"], strict=True) if k == "COURSE ASSUMPTION"
        ),
        tested_population=_one_population(picked["tested_population"], paradigm),
    )


def _one_population(values: pd.Series, paradigm: str) -> str:
    found = set(values)
    if len(found) != 1:
        raise ValueError(
            f"data/block_accuracy.csv: {paradigm}'s sensitivity and specificity were measured in "
            f"different populations ({sorted(found)}); they cannot be applied together"
        )
    return str(found.pop())


@dataclass(frozen=True)
class Sequence:
    """A paradigm as the blocks run in order, each step's accuracy applied only to those positive to every
    earlier step (the population its study measured it in)."""

    paradigm: str
    steps: tuple[Accuracy, ...]

    @property
    def sensitivity(self) -> float:
        """Share (0..1) of patients with facet pain positive to every step."""
        return float(np.prod([step.sensitivity for step in self.steps]))

    @property
    def false_positive_rate(self) -> float:
        """Share (0..1) of patients without facet pain positive to every step."""
        return float(np.prod([step.false_positive_rate for step in self.steps]))

    @property
    def specificity(self) -> float:
        """Share (0..1) of patients without facet pain negative to at least one step."""
        return 1.0 - self.false_positive_rate

    @property
    def source_id(self) -> str:
        return ";".join(dict.fromkeys(";".join(step.source_id for step in self.steps).split(";")))


def paradigm_sequence(paradigm: str) -> Sequence:
    """``paradigm`` as the sequence of steps whose accuracies apply in the population each was measured in.

    A single block is one step. Comparative blocks are two: the screening single block for everyone, then the
    comparative pair's accuracy (Lord 1995, measured only after an initial positive response) for those
    positive to it. The overall sensitivity is the product of the steps' sensitivities, the overall
    false-positive rate the product of their false-positive rates.
    """
    last = paradigm_accuracy(paradigm)
    if last.tested_population == EVERYONE:
        return Sequence(paradigm, (last,))
    if last.tested_population == SCREEN_POSITIVE and paradigm != "single_block":
        return Sequence(paradigm, (paradigm_accuracy("single_block"), last))
    raise ValueError(
        f"{paradigm}: accuracy measured in {last.tested_population!r}; the course can apply it only to "
        f"{EVERYONE!r} or, after a screening single block, to {SCREEN_POSITIVE!r}"
    )


def measure(row_id: str) -> pd.Series:
    """One row of ``data/block_accuracy.csv`` by its id, with a clear message otherwise."""
    table = accuracy_table().set_index("id", drop=False)
    if row_id not in table.index:
        raise ValueError(f"no accuracy row {row_id!r}; known: {', '.join(table.index)}")
    return table.loc[row_id]
