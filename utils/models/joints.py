"""Levels and joint names of a normal spine: vertebrae C1..S1, facet joints C2-3..L5-S1, regions, sides.

A joint name is parsed **once**, where a lesson or widget receives it, by :func:`parse_joint` ('l4/l5',
'L4-L5' -> 'L4-5'), into a :class:`Joint`: the name itself (a ``str``, so it still keys tables and prints as
'L4-5') carrying its upper and lower vertebra and its region. Models take that value; handed a :class:`Joint`,
:func:`parse_joint` returns it as it is, so a joint passed on from model to model is never parsed again. Names
that are not facet joints of the C2-3..L5-S1 series are refused with the reason.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

Side = Literal["left", "right"]
Region = Literal["cervical", "thoracic", "lumbar"]
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


class Joint(str):
    """A facet joint, parsed: its name ('L4-5', 'L5-S1', 'C7-T1') with ``upper`` and ``lower`` vertebra
    ('L4', 'L5') and ``region`` ('cervical', 'thoracic' or 'lumbar', by the upper vertebra: 'C7-T1' is
    cervical, 'T12-L1' thoracic). Made only by :func:`parse_joint`."""

    upper: str
    lower: str
    region: Region

    def __repr__(self) -> str:
        return f"Joint({str(self)!r})"


def parse_joint(joint: str | Joint) -> Joint:
    """'l4/l5', 'L4-L5', 'L4-5' -> Joint('L4-5'); a :class:`Joint` is returned as it is (already parsed).

    Raises ValueError, with the reason, for anything that is not a facet joint of the C2-3..L5-S1 series.
    """
    if isinstance(joint, Joint):
        return joint
    if not isinstance(joint, str):
        raise ValueError(f"joint must be a name such as 'L4-5', not {type(joint).__name__}")
    return _parse(joint)


@functools.cache
def _parse(joint: str) -> Joint:
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
            f"(C1-C7, T1-T12, L1-L5, then the sacrum, whose top segment is S1)"
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
    parsed = Joint(name)
    parsed.upper, parsed.lower = upper, lower
    parsed.region = {"C": "cervical", "T": "thoracic", "L": "lumbar"}[upper[0]]  # type: ignore[assignment]
    return parsed


@functools.cache
def facet_joints() -> tuple[Joint, ...]:
    """Every facet joint C2-3..L5-S1, parsed (once), cranial to caudal."""
    return tuple(_parse(name) for name in FACET_JOINTS)


def joints_beside(vertebra: str) -> tuple[Joint | None, Joint | None]:
    """The facet joints (above, below) a vertebra ('L4' -> L3-4, L4-5); None past the ends of C2-3..L5-S1."""
    if vertebra not in VERTEBRAE:
        raise ValueError(
            f"'{vertebra}' is not a vertebra of a normal spine; use one of C2-C7, T1-T12, L1-L5, S1"
        )
    above = next((j for j in facet_joints() if j.lower == vertebra), None)
    below = next((j for j in facet_joints() if j.upper == vertebra), None)
    return above, below


def joint_vertebrae(joint: str | Joint) -> tuple[str, str]:
    """('L4', 'L5') for 'L4-5'; ('L5', 'S1') for 'L5-S1'."""
    parsed = parse_joint(joint)
    return parsed.upper, parsed.lower


def region_of(joint: str | Joint) -> Region:
    """Region of a facet joint by its upper vertebra ('C7-T1' is cervical, 'T12-L1' thoracic)."""
    return parse_joint(joint).region


def joints_in_region(region: str) -> tuple[str, ...]:
    """Facet joints of one region, cranial to caudal ('cervical': C2-3..C7-T1, 'thoracic': T1-2..T12-L1)."""
    if region not in REGIONS:
        raise ValueError(f"region must be 'cervical', 'thoracic' or 'lumbar'; got {region!r}")
    return tuple(j for j in FACET_JOINTS if region_of(j) == region)
