"""Guideline cut-offs for a positive prognostic block, by spinal region (data/recovery_block_criteria).

Lumbar: at least 50% relief (Cohen 2020); cervical: more than 50% (Hurley 2022). Relief in percent of the
pain before the block.
"""

from __future__ import annotations

import math

import pandas as pd

from ..core import data


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


def at_cutoff(relief_percent: float, region: str) -> bool:
    """Whether relief (percent) lies exactly at the region's cut-off: borderline, because neither guideline
    discusses a patient exactly at it (the lumbar wording passes it, the cervical wording does not)."""
    if not math.isfinite(relief_percent):
        raise ValueError(f"relief_percent={relief_percent} must be a finite percentage")
    cut = float(block_criterion(region)["relief_percent_min"])
    return math.isclose(relief_percent, cut, rel_tol=0.0, abs_tol=1e-9)


def lowest_positive_relief() -> float:
    """The lowest guideline cut-off for a positive block, as a fraction (0..1)."""
    return float(block_criteria()["relief_percent_min"].min()) / 100.0
