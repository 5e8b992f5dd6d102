"""How much a facet joint holds: the capsule capacity by region, from ``data/facet_capsule_volume.csv``.

This module owns the table ``facet_capsule_volume`` (its one loader is :func:`capsule_volume_table`).
Volumes in mL; the guideline limits of what may be injected live in the safety rule set.
"""

from __future__ import annotations

import pandas as pd

from ..core import data
from .joints import REGIONS


def capsule_volume_table() -> pd.DataFrame:
    """The sourced capsule capacities by region, as stored (mL; see data/facet_capsule_volume.toml)."""
    return data.load_table("facet_capsule_volume")


def capsule_capacity_ml(region: str) -> tuple[float | None, float, str]:
    """(low, high, source ids) of the reported capsule capacity of one facet joint in a region, in mL.

    ``low`` is None when the source reports only an upper limit ("less than 1 mL").
    """
    if region not in REGIONS:
        raise ValueError(f"region must be one of {', '.join(REGIONS)}; got {region!r}")
    frame = capsule_volume_table()
    row = frame[frame["region"] == region]
    if row.empty:
        raise ValueError(
            f"no sourced capsule capacity for the {region} region in data/facet_capsule_volume.csv"
        )
    r = row.iloc[0]
    low = None if pd.isna(r["capacity_low_ml"]) else float(r["capacity_low_ml"])
    return low, float(r["capacity_high_ml"]), str(r["source_id"])
