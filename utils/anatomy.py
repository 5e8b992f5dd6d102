"""Facet joint anatomy as numbers: orientation by level (from data/) and a 3-D parametric vertebra model.

Pure geometry: no plotting here (figures live in :mod:`facet_course.anatomy_views`). Units: millimetres and
degrees throughout.

Conventions used by the whole course
------------------------------------
* **Axial facet angle**: the angle between the facet joint line in the axial (transverse) plane and the
  mid-sagittal plane, in degrees. 0 = a sagittal joint line (the joint opens straight from behind),
  90 = a coronal joint line. Studies that measured against another plane are converted explicitly by
  :func:`to_course_axial_angle`.
* **Inclination**: the angle between the facet plane and the axial (horizontal) plane, seen from the side;
  90 = a vertical joint plane.
* **Patient coordinates** (mm): x toward the patient's LEFT, y toward the patient's BACK (posterior, where
  the needle comes from), z CRANIAL. Origin: the centre of the upper vertebral body of a motion segment at
  its mid-height.

The 3-D model is a set of analytic primitives (:class:`Solid`: ellipsoids, boxes, elliptic cylinders) so that
it can be sliced (axial views) and projected (the fluoroscopy simulator of notebook 03). Its proportions are
schematic (a teaching model, not a measured specimen); the facet planes follow the level's sourced data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from . import data

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


# --------------------------------------------------------------------------------------------------------
# Orientation from data/facet_orientation.csv, converted to the course convention
# --------------------------------------------------------------------------------------------------------


def to_course_axial_angle(value_deg: float, reference_plane: str) -> float:
    """Convert a reported axial facet angle to the course convention (degrees from the mid-sagittal plane).

    'mid-sagittal' values are already in the convention; 'coronal' values (angle of the joint line to the
    coronal plane) become 90 - value. Any other reference plane is refused rather than guessed.
    """
    if reference_plane == "mid-sagittal":
        return float(value_deg)
    if reference_plane == "coronal":
        return 90.0 - float(value_deg)
    raise ValueError(
        f"cannot convert an axial facet angle measured against the '{reference_plane}' plane; "
        "known: 'mid-sagittal' (kept) and 'coronal' (90 - value)"
    )


def to_course_inclination(value_deg: float, reference_plane: str) -> float:
    """Convert a reported facet slope to the inclination to the axial plane (degrees; 90 = vertical plane).

    'axial' values are kept; 'vertical' values (slope against the vertical on a lateral radiograph) become
    90 - value.
    """
    if reference_plane == "axial":
        return float(value_deg)
    if reference_plane == "vertical":
        return 90.0 - float(value_deg)
    raise ValueError(
        f"cannot convert a facet inclination measured against the '{reference_plane}' plane; "
        "known: 'axial' (kept) and 'vertical' (90 - value)"
    )


@dataclass(frozen=True)
class StudyEstimate:
    """One study's estimate for one level, already in the course convention (degrees)."""

    level: str
    source_id: str
    estimate_deg: float
    low_deg: float
    high_deg: float
    statistic: str
    note: str


def orientation_table() -> pd.DataFrame:
    """The sourced orientation table as reported (see data/facet_orientation.toml)."""
    return data.load_table("facet_orientation")


def _rows(quantity: str, joint: str) -> pd.DataFrame:
    name = normalise_joint(joint)
    frame = orientation_table()
    return frame[(frame["quantity"] == quantity) & (frame["level"] == name)]


def _estimates(rows: pd.DataFrame, convert) -> list[StudyEstimate]:
    found: list[StudyEstimate] = []
    for source_id, group in rows.groupby("source_id", sort=False):
        points, lows, highs, stats, notes = [], [], [], [], []
        for _, row in group.iterrows():
            plane = row["reference_plane"]
            if row["value_deg"] is not None and not pd.isna(row["value_deg"]):
                value = convert(row["value_deg"], plane)
                points.append(value)
                lows.append(value)
                highs.append(value)
            if row["low_deg"] is not None and not pd.isna(row["low_deg"]):
                low, high = sorted((convert(row["low_deg"], plane), convert(row["high_deg"], plane)))
                lows.append(low)
                highs.append(high)
            stats.append(row["statistic"])
            notes.append(row["note"] or "")
        if points:
            estimate = float(np.mean(points))
            note = "; ".join(n for n in notes if n)
        else:  # only a range of means reported: its midpoint stands for the study
            estimate = (min(lows) + max(highs)) / 2
            note = "midpoint of the reported range of means; " + "; ".join(n for n in notes if n)
        found.append(
            StudyEstimate(
                level=str(group["level"].iloc[0]),
                source_id=str(source_id),
                estimate_deg=estimate,
                low_deg=float(min(lows)),
                high_deg=float(max(highs)),
                statistic=",".join(sorted(set(stats))),
                note=note,
            )
        )
    return found


def axial_angle_estimates(joint: str) -> list[StudyEstimate]:
    """Each study's axial facet angle for a joint, converted to degrees from the mid-sagittal plane."""
    return _estimates(_rows("axial_angle", joint), to_course_axial_angle)


def levels_with_axial_angle() -> list[str]:
    """Joints (cranial to caudal) for which data/ holds at least one axial facet angle."""
    frame = orientation_table()
    present = set(frame.loc[frame["quantity"] == "axial_angle", "level"])
    return [j for j in FACET_JOINTS if j in present]


def facet_angle_to_sagittal_deg(level: str) -> tuple[float, float, float]:
    """Axial facet angle of a joint from the mid-sagittal plane: (mean, low, high) in degrees.

    ``mean`` is the mean of the studies' estimates (a study that reports only a range of means counts with
    its midpoint); ``low`` and ``high`` are the lowest and highest values any study reports for that level
    (means, or the ends of a reported range of means): the range across studies, not the spread between
    patients. Raises ValueError for a name that is not a facet joint, or a joint with no sourced value.
    """
    estimates = axial_angle_estimates(level)
    if not estimates:
        raise ValueError(
            f"no sourced axial facet angle for {normalise_joint(level)} in data/facet_orientation.csv; "
            f"levels with data: {', '.join(levels_with_axial_angle())}"
        )
    mean = float(np.mean([e.estimate_deg for e in estimates]))
    low = float(min(e.low_deg for e in estimates))
    high = float(max(e.high_deg for e in estimates))
    return mean, low, high


def facet_angle_sources(level: str) -> str:
    """';'-separated reference ids behind :func:`facet_angle_to_sagittal_deg` for a level."""
    return ";".join(e.source_id for e in axial_angle_estimates(level))


def tropism_deg(level: str) -> float | None:
    """Mean left-right difference of the axial facet angle reported for a joint (degrees), or None."""
    rows = _rows("tropism", level)
    values = [float(v) for v in rows["value_deg"] if v is not None and not pd.isna(v)]
    return float(np.mean(values)) if values else None


def facet_inclination_deg(level: str) -> tuple[float, float, float] | None:
    """Inclination of the facet plane to the axial plane: (mean, low, high) degrees, or None if not reported.

    Left and right rows of one study are averaged into that study's estimate.
    """
    estimates = _estimates(_rows("inclination_to_axial", level), to_course_inclination)
    if not estimates:
        return None
    return (
        float(np.mean([e.estimate_deg for e in estimates])),
        float(min(e.low_deg for e in estimates)),
        float(max(e.high_deg for e in estimates)),
    )
