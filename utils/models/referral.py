"""Where a facet joint's pain is felt: the referral zones by joint, from ``data/facet_referral_patterns.csv``.

Facet joints cause somatic referred pain, felt in zones that share the joint's segmental supply. This
module owns the table ``facet_referral_patterns`` (its one loader is :func:`referral_patterns_table`).
Zone names are the data's words ('suprascapular', 'buttock'); a joint without a sourced pattern is refused,
never guessed.
"""

from __future__ import annotations

import pandas as pd

from ..core import data
from .joints import FACET_JOINTS, parse_joint


def referral_patterns_table() -> pd.DataFrame:
    """The sourced referral zones, one row per joint and zone, as stored (data/facet_referral_patterns)."""
    return data.load_table("facet_referral_patterns")


def referral_joints() -> list[str]:
    """Joints (cranial to caudal) with a sourced referral pattern."""
    present = set(referral_patterns_table()["joint"])
    return [j for j in FACET_JOINTS if j in present]


def referral_zones(joint: str) -> pd.DataFrame:
    """Zones where a joint's pain is reported, with note and source (ValueError for a joint without data)."""
    name = parse_joint(joint)
    frame = referral_patterns_table()
    rows = frame[frame["joint"] == name]
    if rows.empty:
        raise ValueError(
            f"no sourced referral pattern for {name}; joints with data: {', '.join(referral_joints())}"
        )
    return rows[["zone", "note", "source_id"]].reset_index(drop=True)
