"""Levels and joint names of a normal spine: vertebrae C1..S1, facet joints C2-3..L5-S1, regions, sides.

A joint name is parsed here (:func:`normalise_joint`: 'l4/l5', 'L4-L5' -> 'L4-5') and nowhere else; names
that are not facet joints of the C2-3..L5-S1 series are refused with the reason.
"""

from __future__ import annotations

import re
from typing import Literal

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")

# --------------------------------------------------------------------------------------------------------
# Levels and joint names
# --------------------------------------------------------------------------------------------------------

#: Vertebrae of a normal spine, cranial to caudal (S1 stands for the top of the sacrum).
VERTEBRAE: tuple[str, ...] = (
    *(f"C{i}" for i in range(1, 8)),
    *(f"T{i}" for i in range(1, 13)),
    *(f"L{i}" for i in range(1, 6)),
    "S1",
)

#: Facet (zygapophysial) joints of a normal spine that the course covers, cranial to caudal: C2-3 .. L5-S1.
FACET_JOINTS: tuple[str, ...] = tuple(
    f"{a}-{b[1:] if a[0] == b[0] else b}" for a, b in zip(VERTEBRAE[1:-1], VERTEBRAE[2:], strict=True)
)

LUMBAR_JOINTS: tuple[str, ...] = tuple(j for j in FACET_JOINTS if j.startswith("L"))

#: The three regions of the facet joints, cranial to caudal.
REGIONS: tuple[str, ...] = ("cervical", "thoracic", "lumbar")

_JOINT_RE = re.compile(r"^\s*([CTLS])(\d{1,2})\s*[-/–]\s*([CTLS]?)(\d{1,2})\s*$", re.IGNORECASE)


def normalise_joint(joint: str) -> str:
    """'l4/l5', 'L4-L5', 'L4-5' -> 'L4-5'.

    Raises ValueError, with the reason, for anything that is not a facet joint of the C2-3..L5-S1 series.
    """
    if not isinstance(joint, str):
        raise ValueError(f"joint must be a name such as 'L4-5', not {type(joint).__name__}")
    match = _JOINT_RE.match(joint)
    if not match:
        raise ValueError(
            f"'{joint}' is not a facet joint name; write the two vertebrae, upper first, e.g. 'L4-5', "
            f"'C2-3' or 'L5-S1' (facet joints run from {FACET_JOINTS[0]} to {FACET_JOINTS[-1]})"
        )
    r1, n1, r2, n2 = match.groups()
    r1 = r1.upper()
    r2 = (r2 or r1).upper()
    upper, lower = f"{r1}{int(n1)}", f"{r2}{int(n2)}"
    if upper not in VERTEBRAE or lower not in VERTEBRAE:
        raise ValueError(
            f"'{joint}': {upper if upper not in VERTEBRAE else lower} is not a vertebra of a normal spine "
            f"(C1-C7, T1-T12, L1-L5, then the sacrum S1)"
        )
    i, k = VERTEBRAE.index(upper), VERTEBRAE.index(lower)
    if k != i + 1:
        raise ValueError(
            f"'{joint}': {upper} and {lower} are not adjacent vertebrae, so they share no facet joint"
        )
    name = f"{upper}-{lower[1:] if upper[0] == lower[0] else lower}"
    if name not in FACET_JOINTS:
        raise ValueError(
            f"'{joint}' ({name}) is not a zygapophysial (facet) joint of the C2-3 to L5-S1 series "
            "covered here"
        )
    return name


def joint_vertebrae(joint: str) -> tuple[str, str]:
    """('L4', 'L5') for 'L4-5'; ('L5', 'S1') for 'L5-S1'."""
    name = normalise_joint(joint)
    upper, rest = name.split("-")
    lower = rest if rest[0].isalpha() else f"{upper[0]}{rest}"
    return upper, lower


def region_of(joint: str) -> Literal["cervical", "thoracic", "lumbar"]:
    """Region of a facet joint by its upper vertebra ('C7-T1' is cervical, 'T12-L1' thoracic)."""
    upper = joint_vertebrae(joint)[0]
    return {"C": "cervical", "T": "thoracic", "L": "lumbar"}[upper[0]]  # type: ignore[return-value]


def joints_in_region(region: str) -> tuple[str, ...]:
    """Facet joints of one region, cranial to caudal ('cervical': C2-3..C7-T1, 'thoracic': T1-2..T12-L1)."""
    if region not in REGIONS:
        raise ValueError(f"region must be 'cervical', 'thoracic' or 'lumbar'; got {region!r}")
    return tuple(j for j in FACET_JOINTS if region_of(j) == region)
