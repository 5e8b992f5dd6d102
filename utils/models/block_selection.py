"""Who is a candidate for facet blocks: guideline recommendations by region, pre-test probabilities from
notebook 01's prevalence table, and radiofrequency success by block cut-off.

The one loader of ``data/block_guidelines.csv`` and ``data/block_cutoff_outcomes.csv``. Prevalence is read
through :mod:`facet_course.models.prevalence` (the table notebook 01 uses) and the relief cut-offs through
:mod:`facet_course.models.block_criteria` (the table notebook 05 uses): neither is restated here.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pandas as pd

from ..core import data
from . import block_criteria, diagnostic_blocks, prevalence

REGIONS: tuple[str, ...] = ("lumbar", "cervical")
TOPICS: dict[str, str] = {
    "conservative_care": "failed conservative care",
    "history_and_examination": "history and examination",
    "imaging": "imaging",
    "block_type": "which block",
    "sedation": "sedation",
    "cutoff": "relief cut-off",
    "number_of_blocks": "number of blocks",
}


def _check_region(region: str) -> str:
    if region not in REGIONS:
        raise ValueError(f"region={region!r}; choose one of {list(REGIONS)}")
    return region


def guidelines_table() -> pd.DataFrame:
    """``data/block_guidelines.csv`` as stored: body, region, topic, setting, recommendation, weeks of
    failed conservative care (where the row states a duration), grade, note, source."""
    return data.load_table("block_guidelines")


def guidelines(region: str, topic: str | None = None) -> pd.DataFrame:
    """The rows that apply to ``region`` (its own and 'all regions'), optionally for one ``topic``.

    Rows on the relief cut-off get the region's cut-off from notebook 05's table in ``cutoff``.
    """
    _check_region(region)
    if topic is not None and topic not in TOPICS:
        raise ValueError(f"topic={topic!r}; choose one of {list(TOPICS)}")
    table = guidelines_table()
    rows = table[table["region"].isin([region, "all regions"])]
    if topic is not None:
        rows = rows[rows["topic"] == topic]
    rows = rows.copy()
    own = block_criteria.cutoff_text(region)
    rows["cutoff"] = [
        own if (t == "cutoff" and r == region) else None
        for t, r in zip(rows["topic"], rows["region"], strict=True)
    ]
    return rows.reset_index(drop=True)


def conservative_care() -> pd.DataFrame:
    """Rows that state how many weeks of failed conservative care come before blocks, longest first."""
    table = guidelines_table()
    rows = table[table["conservative_care_weeks"].notna()]
    return rows.sort_values("conservative_care_weeks", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class PreTest:
    """One prevalence figure from notebook 01's table, as a pre-test probability."""

    label: str
    region: str
    probability: float  # 0..1
    method: str
    population: str
    source_id: str
    criterion: str = ""  # how the study counted facet pain (its relief criterion), from the table


def pretest_options() -> list[PreTest]:
    """Every prevalence (not a false-positive rate) in ``data/facet_pain_prevalence.csv`` for the lumbar and
    cervical spine, lowest first within a region, labelled by region, value, population (so a subgroup such
    as C2-3 pain with dominant headache is named) and method."""
    table = prevalence.prevalence_table()
    rows = table[(table["quantity"] == "prevalence") & table["region"].isin(REGIONS)]
    rows = rows.sort_values(["region", "value_pct"], ascending=[False, True], kind="stable")
    methods = {"comparative_blocks": "comparative blocks", "placebo_controlled_blocks": "placebo-controlled"}
    options = []
    for _, row in rows.iterrows():
        method = methods.get(str(row["diagnostic_method"]), str(row["diagnostic_method"]))
        if isinstance(row.get("method_label"), str) and row["method_label"]:
            method = str(row["method_label"])
        if "paraspinal" in str(row["criterion"]):  # saline at another site, not a placebo block of the target
            method = "intra-articular block vs saline into the paraspinal muscles"
        options.append(
            PreTest(
                label=f"{row['region']} {row['value_pct']:g}% ({row['population_label']}; by {method})",
                region=str(row["region"]),
                probability=float(row["value_pct"]) / 100.0,
                method=method,
                population=str(row["population"]),
                source_id=str(row["source_id"]),
                criterion=str(row["criterion"]),
            )
        )
    return options


def pretest(label: str) -> PreTest:
    """The pre-test option with this label, with a clear message otherwise."""
    for option in pretest_options():
        if option.label == label:
            return option
    raise ValueError(f"no prevalence {label!r}; choose one of {[o.label for o in pretest_options()]}")


def single_block_false_positives() -> pd.DataFrame:
    """Manchikanti 2004's share of single blocks not confirmed, by region (notebook 01's table)."""
    table = prevalence.prevalence_table()
    return table[table["quantity"] == "false_positive_single_block"].reset_index(drop=True)


def own_single_block_false_positive(option: PreTest) -> pd.Series | None:
    """The single-block false-positive rate (percent) that the pre-test's OWN study reports for its region
    (Manchikanti 2004 gives one per region), or None when the study gives none."""
    rows = single_block_false_positives()
    rows = rows[(rows["region"] == option.region) & (rows["source_id"] == option.source_id)]
    return None if rows.empty else rows.iloc[0]


def single_block_accuracy(option: PreTest) -> diagnostic_blocks.Accuracy:
    """The single block's accuracy paired with the pre-test probability ``option``.

    Where the pre-test's own study reports a single-block false-positive rate for its region, the
    specificity is 1 minus that rate (the source's figure read as 1 - specificity: named in ``inferred``),
    so prevalence and false-positive rate come from the same patients. Otherwise the course's single-block
    accuracy (``diagnostic_blocks.paradigm_accuracy('single_block')``). The sensitivity is the course's
    assumption in both cases.
    """
    course = diagnostic_blocks.paradigm_accuracy("single_block")
    own = own_single_block_false_positive(option)
    if own is None:
        return course
    return dataclasses.replace(
        course,
        region=option.region,
        specificity=1.0 - float(own["value_pct"]) / 100.0,
        source_id=option.source_id,
        inferred=("specificity",),
    )


def paired_sequence(option: PreTest, paradigm: str) -> diagnostic_blocks.Sequence:
    """``paradigm`` as a sequence (``diagnostic_blocks.paradigm_sequence``) whose single-block step is the
    one paired with ``option`` (:func:`single_block_accuracy`)."""
    sequence = diagnostic_blocks.paradigm_sequence(paradigm)
    single = single_block_accuracy(option)
    steps = tuple(single if step.paradigm == "single_block" else step for step in sequence.steps)
    return diagnostic_blocks.Sequence(paradigm, steps)


def single_block_accuracy_at(region: str, pretest_percent: float) -> diagnostic_blocks.Accuracy:
    """The single block's accuracy for a pre-test probability given as a region and a percent (0..100).

    If ``pretest_percent`` is one of the region's prevalences in notebook 01's table, the accuracy paired
    with that study (:func:`single_block_accuracy`); otherwise (an invented pre-test) the course's
    single-block accuracy.
    """
    _check_region(region)
    if isinstance(pretest_percent, bool) or not isinstance(pretest_percent, int | float):
        raise ValueError(f"pretest_percent={pretest_percent!r} must be a number from 0 to 100 (percent)")
    if not 0 <= pretest_percent <= 100:
        raise ValueError(f"pretest_percent={pretest_percent} must lie from 0 to 100 (percent)")
    matches = [
        o
        for o in pretest_options()
        if o.region == region and math.isclose(100 * o.probability, pretest_percent)
    ]
    paired = {single_block_accuracy(o) for o in matches}
    if len(paired) > 1:
        raise ValueError(
            f"{region} {pretest_percent:g}% is the prevalence of several studies with different single-block "
            f"accuracies ({sorted(o.label for o in matches)}): pick the option with single_block_accuracy()"
        )
    return paired.pop() if paired else diagnostic_blocks.paradigm_accuracy("single_block")


def cutoff_outcomes(region: str | None = None) -> pd.DataFrame:
    """``data/block_cutoff_outcomes.csv``: radiofrequency success (% of the group) by the relief (%) the
    group had from its diagnostic blocks, one row per study and relief group; optionally one region."""
    table = _cutoff_table(region)
    return table[table["rf_success_pct"].notna()].reset_index(drop=True)


def cutoff_findings_without_groups(region: str | None = None) -> pd.DataFrame:
    """Studies in the guidelines' cut-off tables that report no relief groups or group success rates, only
    whether block relief correlated with relief after radiofrequency (their finding in ``relief_group``)."""
    table = _cutoff_table(region)
    return table[table["rf_success_pct"].isna()].reset_index(drop=True)


def _cutoff_table(region: str | None) -> pd.DataFrame:
    table = data.load_table("block_cutoff_outcomes")
    if region is not None:
        table = table[table["region"] == _check_region(region)]
    return table.reset_index(drop=True)


def block_verdict(relief_percent: float, region: str) -> str:
    """'positive' or 'negative' under the region's guideline cut-off (notebook 05's rule)."""
    _check_region(region)
    if not 0 <= relief_percent <= 100:
        raise ValueError(f"relief_percent={relief_percent} must lie from 0 to 100 (percent of usual pain)")
    return "positive" if block_criteria.block_is_positive(relief_percent, region) else "negative"
