"""Facet joint anatomy as numbers: orientation by level (from data/) and a 3-D parametric vertebra model.

Pure geometry: no plotting here (figures live in :mod:`facet_course.anatomy_views`). Units: millimetres and
degrees throughout.

Conventions used by the whole course
------------------------------------
* **Axial facet angle**: the acute angle between the facet joint line in the axial (transverse) plane and
  the mid-sagittal plane, in degrees. 0 = a sagittal joint line (the joint opens straight from behind),
  90 = a coronal joint line. Studies that measured against another plane (the coronal plane: 90 - value) or
  on a 0-180 scale (past 90: 180 - value) are converted explicitly by :func:`to_course_axial_angle`.
  Every level from C2-3 to L5-S1 with a sourced value has one; the 3-D model below builds L1 to S1 only.
* **Inclination**: the angle between the facet plane and the axial (horizontal) plane, seen from the side;
  90 = a vertical joint plane.
* **Patient coordinates** (mm): x toward the patient's LEFT, y toward the patient's BACK (posterior, where
  the needle comes from), z CRANIAL. Origin: the centre of the upper vertebral body of a motion segment at
  its mid-height.

The 3-D model is a set of analytic primitives (:class:`Solid`: ellipsoids, boxes, elliptic cylinders and
elliptic plates) so that it can be sliced (axial views) and projected (the fluoroscopy simulator of notebook
03). Parts are rounded where bone is rounded (body and plates with elliptic outlines; pedicles, laminae,
transverse processes and pars as ellipsoids) so that a projection looks like a radiograph, not like boxes.
Its proportions are schematic (a teaching model, not a measured specimen); the facet planes follow the
level's sourced data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..core import data

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


def joints_in_region(region: str) -> tuple[str, ...]:
    """Facet joints of one region, cranial to caudal ('cervical': C2-3..C7-T1, 'thoracic': T1-2..T12-L1)."""
    if region not in ("cervical", "thoracic", "lumbar"):
        raise ValueError(f"region must be 'cervical', 'thoracic' or 'lumbar'; got {region!r}")
    return tuple(j for j in FACET_JOINTS if region_of(j) == region)


# --------------------------------------------------------------------------------------------------------
# Orientation from data/facet_orientation.csv, converted to the course convention
# --------------------------------------------------------------------------------------------------------


def _check_reported_angle(value_deg: float, what: str) -> float:
    if (
        isinstance(value_deg, bool)
        or not isinstance(value_deg, int | float | np.floating | np.integer)
        or not math.isfinite(value_deg)
        or not 0 <= value_deg <= 180
    ):
        raise ValueError(
            f"{what}={value_deg!r} must be a number from 0 to 180 degrees (an angle between a facet and a "
            "reference plane, as a study reports it)"
        )
    return float(value_deg)


def to_course_axial_angle(value_deg: float, reference_plane: str) -> float:
    """Convert a reported axial facet angle to the course convention (degrees from the mid-sagittal plane).

    The course angle is the acute angle (0-90) between the joint line and the mid-sagittal plane:
    0 = sagittal, 90 = coronal. 'mid-sagittal' values up to 90 are kept; a study that measures on a 0-180
    scale and reports more than 90 (the facet turned past the coronal plane, as lower cervical facets can)
    becomes 180 - value.
    'coronal' values (angle of the joint line to the coronal, i.e. frontal, plane) become 90 - value.
    Any other reference plane is refused rather than guessed.
    """
    value = _check_reported_angle(value_deg, "value_deg")
    if reference_plane == "mid-sagittal":
        return value if value <= 90.0 else 180.0 - value
    if reference_plane == "coronal":
        return 90.0 - (value if value <= 90.0 else 180.0 - value)
    raise ValueError(
        f"cannot convert an axial facet angle measured against the '{reference_plane}' plane; "
        "known: 'mid-sagittal' (kept; 180 - value above 90) and 'coronal' (90 - value)"
    )


def to_course_inclination(value_deg: float, reference_plane: str) -> float:
    """Convert a reported facet slope to the inclination to the axial plane (degrees; 90 = vertical plane).

    'axial' values are kept; 'vertical' values (slope against the vertical on a lateral radiograph) become
    90 - value.
    """
    value = _check_reported_angle(value_deg, "value_deg")
    if reference_plane == "axial":
        return value
    if reference_plane == "vertical":
        return 90.0 - value
    raise ValueError(
        f"cannot convert a facet inclination measured against the '{reference_plane}' plane; "
        "known: 'axial' (kept) and 'vertical' (90 - value)"
    )


@dataclass(frozen=True)
class StudyEstimate:
    """One study's estimate for one level, already in the course convention (degrees).

    ``has_point_estimate`` is False when the study reports only a range of level means: then
    ``estimate_deg`` is the midpoint of that range, a placeholder the course never shows as the study's
    value (show ``low_deg``-``high_deg`` instead) and never averages with other studies' means.
    """

    level: str
    source_id: str
    estimate_deg: float
    low_deg: float
    high_deg: float
    statistic: str
    note: str
    has_point_estimate: bool = True


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
        else:  # only a range of means reported: a placeholder midpoint, never shown as the study's value
            estimate = (min(lows) + max(highs)) / 2
            note = "range of level means only (no mean for this level); " + "; ".join(n for n in notes if n)
        found.append(
            StudyEstimate(
                level=str(group["level"].iloc[0]),
                source_id=str(source_id),
                estimate_deg=estimate,
                low_deg=float(min(lows)),
                high_deg=float(max(highs)),
                statistic=",".join(sorted(set(stats))),
                note=note,
                has_point_estimate=bool(points),
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

    ``mean`` is the mean of the studies' reported means; a study that reports only a range of level means
    adds its range, not its midpoint (only where no study reports a mean for the level do the midpoints of
    the reported ranges stand in, so the model has an angle to draw). ``low`` and ``high`` are the lowest
    and highest values any study reports for that level (means, or the ends of a reported range of means):
    the range across studies, not the spread between patients. Raises ValueError for a name that is not a
    facet joint, or a joint with no sourced value.
    """
    estimates = axial_angle_estimates(level)
    if not estimates:
        raise ValueError(
            f"no sourced axial facet angle for {normalise_joint(level)} in data/facet_orientation.csv; "
            f"levels with data: {', '.join(levels_with_axial_angle())}"
        )
    mean = _mean_of_reported_means(estimates)
    low = float(min(e.low_deg for e in estimates))
    high = float(max(e.high_deg for e in estimates))
    return mean, low, high


def _mean_of_reported_means(estimates: list[StudyEstimate]) -> float:
    """Mean of the studies' reported means (degrees); only when no study reports a mean for the level, the
    mean of the midpoints of the reported ranges stands in."""
    points = [e.estimate_deg for e in estimates if e.has_point_estimate]
    return float(np.mean(points if points else [e.estimate_deg for e in estimates]))


def facet_angle_sources(level: str) -> str:
    """';'-separated reference ids behind :func:`facet_angle_to_sagittal_deg` for a level."""
    return ";".join(e.source_id for e in axial_angle_estimates(level))


def tropism_deg(level: str) -> float | None:
    """Mean left-right difference of the axial facet angle reported for a joint (degrees), or None."""
    rows = _rows("tropism", level)
    values = [float(v) for v in rows["value_deg"] if v is not None and not pd.isna(v)]
    return float(np.mean(values)) if values else None


def inclination_estimates(joint: str) -> list[StudyEstimate]:
    """Each study's facet inclination to the axial plane for a joint, converted (degrees; 90 = vertical)."""
    return _estimates(_rows("inclination_to_axial", joint), to_course_inclination)


def levels_with_inclination() -> list[str]:
    """Joints (cranial to caudal) for which data/ holds at least one facet inclination."""
    frame = orientation_table()
    present = set(frame.loc[frame["quantity"] == "inclination_to_axial", "level"])
    return [j for j in FACET_JOINTS if j in present]


def facet_inclination_sources(level: str) -> str:
    """';'-separated reference ids behind :func:`facet_inclination_deg` for a level."""
    return ";".join(e.source_id for e in inclination_estimates(level))


def facet_inclination_deg(level: str) -> tuple[float, float, float] | None:
    """Inclination of the facet plane to the axial plane: (mean, low, high) degrees, or None if not reported.

    Left and right rows of one study are averaged into that study's estimate.
    """
    estimates = inclination_estimates(level)
    if not estimates:
        return None
    return (
        _mean_of_reported_means(estimates),
        float(min(e.low_deg for e in estimates)),
        float(max(e.high_deg for e in estimates)),
    )


# --------------------------------------------------------------------------------------------------------
# The 3-D parametric vertebra: analytic primitives in patient coordinates (mm)
# --------------------------------------------------------------------------------------------------------

SolidKind = Literal["ellipsoid", "box", "cylinder", "plate"]
Matrix3 = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]
IDENTITY: Matrix3 = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
#: How much thicker than a plate the ellipsoid is that its flat faces cut (shapes its rounded edges).
PLATE_BULGE = 1.5


@dataclass(frozen=True)
class Solid:
    """One analytic primitive of the model.

    ``rotation`` is a 3x3 matrix whose columns are the solid's body axes in patient coordinates
    (p_patient = center_mm + rotation @ p_body). ``semi_axes_mm`` are half-extents along the body axes:
    for a box its half-widths, for an ellipsoid its semi-axes, for a cylinder the two radii of its elliptic
    cross-section and its half-length along the body z axis; a ``plate`` is a slab with two flat faces
    across the body x axis and a rounded outline: the part |x| <= semi_axes_mm[0] of an ellipsoid with
    semi-axes (PLATE_BULGE * semi_axes_mm[0], semi_axes_mm[1], semi_axes_mm[2]). ``density`` is relative
    attenuation (bone ~1, soft tissue 0).
    """

    part: str
    kind: SolidKind
    center_mm: tuple[float, float, float]
    semi_axes_mm: tuple[float, float, float]
    rotation: tuple[tuple[float, ...], ...]
    density: float


@dataclass(frozen=True)
class VertebraDimensions:
    """Schematic proportions of a lumbar-type vertebra in mm (teaching model, not a measured specimen)."""

    body_half_width: float = 22.0
    body_half_depth: float = 17.0
    body_half_height: float = 13.0
    disc_height: float = 10.0
    pedicle_radius_x: float = 4.5
    pedicle_radius_z: float = 7.5
    pedicle_half_length: float = 9.0  # along its own axis, front to back
    pedicle_convergence_deg: float = 10.0  # front end turned toward the midline (schematic)
    pedicle_x: float = 13.0
    facet_x: float = 15.0  # half the distance between left and right joint centres
    facet_y: float = 34.0  # joint centre behind the body centre
    process_half_length: float = 7.0  # articular face: half-extent along the joint line
    process_half_height: float = 8.0  # articular face: half-extent in the joint plane across the joint line
    process_half_thickness: float = 3.5
    joint_gap: float = 1.5  # schematic joint space between the articular surfaces
    lamina_half: tuple[float, float, float] = (8.5, 3.5, 12.0)
    spinous_half: tuple[float, float, float] = (5.0, 14.0, 10.0)
    transverse_half: tuple[float, float, float] = (14.0, 2.5, 4.0)
    pars_half: tuple[float, float, float] = (3.5, 3.5, 13.0)

    @property
    def level_step(self) -> float:
        """Distance between the body centres of two adjacent vertebrae (mm)."""
        return 2 * self.body_half_height + self.disc_height


DIMENSIONS = VertebraDimensions()

#: Joints the 3-D model builds (its proportions are lumbar): the joints of the vertebrae L1 to S1. Cervical
#: and thoracic joints have sourced angles (:func:`facet_angle_to_sagittal_deg`) but no 3-D bones here.
MODEL_JOINTS: tuple[str, ...] = ("T12-L1", *LUMBAR_JOINTS)

#: Inclination of the lumbar facet planes to the axial plane used by the model (degrees): the model treats
#: lumbar joints as vertical planes, a geometric simplification (no sourced lumbar inclination is stored).
LUMBAR_MODEL_INCLINATION_DEG = 90.0


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _side_sign(side: str) -> float:
    if side not in SIDES:
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    return 1.0 if side == "left" else -1.0  # +x is the patient's left


def _check_tropism(tropism: float) -> float:
    if not isinstance(tropism, int | float) or not math.isfinite(tropism) or not -40 <= tropism <= 40:
        raise ValueError(
            f"tropism_deg={tropism!r} must be a number from -40 to 40 degrees (left minus right axial "
            "angle); reported mean tropism is a few degrees (data/facet_orientation.csv)"
        )
    return float(tropism)


def model_axial_angle_deg(joint: str, side: Side, tropism_deg: float = 0.0) -> float:
    """Axial facet angle the model uses for one side (degrees from the mid-sagittal plane).

    The level's mean across studies, with ``tropism_deg`` (left minus right) split evenly: left gets
    +tropism/2, right -tropism/2. Symmetric when tropism is zero.
    """
    sign = _side_sign(side)
    tropism = _check_tropism(tropism_deg)
    mean = facet_angle_to_sagittal_deg(joint)[0]
    angle = mean + sign * tropism / 2
    if not 0 <= angle <= 180:
        raise ValueError(
            f"tropism_deg={tropism} puts the {side} {joint} facet at {angle:.1f} degrees, outside 0-180"
        )
    return angle


def model_inclination_deg(joint: str) -> float:
    """Inclination of the joint plane to the axial plane used by the model (degrees; 90 = vertical)."""
    if region_of(joint) == "lumbar" or normalise_joint(joint) == "T12-L1":
        return LUMBAR_MODEL_INCLINATION_DEG
    found = facet_inclination_deg(joint)
    if found is None:
        raise ValueError(
            f"no sourced facet inclination for {normalise_joint(joint)}; the model cannot place it"
        )
    return found[0]


def joint_axes(axial_angle_deg: float, inclination_deg: float, side: Side) -> tuple[np.ndarray, ...]:
    """Unit vectors of a facet joint: (normal, line, third) in patient coordinates.

    ``line`` is the joint line in the axial plane, pointing posteriorly (turned laterally by the axial
    angle); ``normal`` points from the superior articular process (of the lower vertebra) toward the
    inferior articular process (of the upper vertebra): posteromedially in the lumbar spine, tilted
    cranially by 90 - inclination. ``third`` = normal x line completes a right-handed frame.
    """
    sign = _side_sign(side)
    theta = math.radians(axial_angle_deg)
    phi = math.radians(inclination_deg)
    line = np.array([sign * math.sin(theta), math.cos(theta), 0.0])
    normal_axial = np.array([-sign * math.cos(theta), math.sin(theta), 0.0])
    normal = _unit(math.sin(phi) * normal_axial + math.cos(phi) * np.array([0.0, 0.0, 1.0]))
    line = _unit(line - normal * float(line @ normal))
    third = np.cross(normal, line)
    return normal, line, third


def facet_joint_centre_mm(joint: str, side: Side, dims: VertebraDimensions = DIMENSIONS) -> np.ndarray:
    """Centre of a facet joint (mm, patient coordinates; origin at the upper vertebral body's centre)."""
    normalise_joint(joint)
    sign = _side_sign(side)
    return np.array([sign * dims.facet_x, dims.facet_y, -dims.level_step / 2])


def facet_joint_plane(
    joint: str, side: Side, tropism_deg: float = 0.0, dims: VertebraDimensions = DIMENSIONS
) -> tuple[np.ndarray, np.ndarray]:
    """(a point on the joint plane at the joint centre, unit normal) in mm, patient coordinates.

    The plane's axial angle follows the level's data (:func:`model_axial_angle_deg`).
    """
    normal, _, _ = joint_axes(
        model_axial_angle_deg(joint, side, tropism_deg), model_inclination_deg(joint), side
    )
    return facet_joint_centre_mm(joint, side, dims), normal


def _box(
    part: str, center: np.ndarray, half: tuple[float, float, float], axes: np.ndarray | None = None
) -> Solid:
    rot = IDENTITY if axes is None else tuple(tuple(float(v) for v in row) for row in axes)
    return Solid(part, "box", tuple(float(c) for c in center), tuple(float(h) for h in half), rot, 1.0)


def _rounded(
    part: str, kind: SolidKind, center: np.ndarray, half: tuple[float, float, float], axes: np.ndarray
) -> Solid:
    """A bone solid (density 1) of a rounded kind: 'ellipsoid', 'cylinder' or 'plate'."""
    rot = tuple(tuple(float(v) for v in row) for row in axes)
    return Solid(part, kind, tuple(float(c) for c in center), tuple(float(h) for h in half), rot, 1.0)


def _rotation_z(angle_deg: float) -> np.ndarray:
    a = math.radians(angle_deg)
    return np.array([[math.cos(a), -math.sin(a), 0.0], [math.sin(a), math.cos(a), 0.0], [0.0, 0.0, 1.0]])


def _articular_process(
    part: str,
    joint: str,
    side: Side,
    z_shift: float,
    toward_normal: float,
    tropism: float,
    dims: VertebraDimensions,
) -> Solid:
    """A plate (flat slab with an elliptic outline) whose articular face lies on the joint plane, half the gap
    away from it: flat where it meets the joint, rounded elsewhere."""
    normal, line, third = joint_axes(
        model_axial_angle_deg(joint, side, tropism), model_inclination_deg(joint), side
    )
    centre = facet_joint_centre_mm(joint, side, dims) + np.array([0.0, 0.0, z_shift])
    offset = dims.joint_gap / 2 + dims.process_half_thickness
    centre = centre + toward_normal * offset * normal
    # a superior process (toward_normal < 0) rises above the joint centre, an inferior one hangs below it
    centre = centre + np.array([0.0, 0.0, -toward_normal * 0.2 * dims.process_half_height])
    axes = np.column_stack([normal, line, third])
    # the articular face (where the plate's rounded outline is cut by the joint side) keeps the full
    # process_half_length x process_half_height; the process bulges a little beyond it away from the joint
    face = math.sqrt(1.0 - 1.0 / PLATE_BULGE**2)
    return _rounded(
        part,
        "plate",
        centre,
        (dims.process_half_thickness, dims.process_half_length / face, dims.process_half_height / face),
        axes,
    )


def _neighbour_joints(level: str) -> tuple[str | None, str | None]:
    if level not in VERTEBRAE:
        raise ValueError(
            f"'{level}' is not a vertebra of a normal spine; use one of C2-C7, T1-T12, L1-L5, S1"
        )
    i = VERTEBRAE.index(level)
    above = f"{VERTEBRAE[i - 1]}-{level}" if i > 0 else None
    below = f"{level}-{VERTEBRAE[i + 1]}" if i + 1 < len(VERTEBRAE) else None

    def fix(name: str | None) -> str | None:
        if name is None:
            return None
        try:
            return normalise_joint(name)
        except ValueError:
            return None

    return fix(above), fix(below)


def vertebra_solids(
    level: str, z_offset_mm: float = 0.0, tropism_deg: float = 0.0, dims: VertebraDimensions = DIMENSIONS
) -> list[Solid]:
    """One vertebra ('L4', or 'S1' for the top of the sacrum) as analytic solids, body centre at z_offset_mm.

    Its superior articular processes lie on the planes of the joint above, its inferior articular processes
    on the planes of the joint below, each following that level's sourced axial angle. Raises ValueError
    for a level whose adjacent joints have no sourced orientation (the model does not guess).
    """
    if not isinstance(level, str):
        raise ValueError(f"level must be a vertebra name such as 'L4', not {type(level).__name__}")
    level = level.strip().upper()
    above, below = _neighbour_joints(level)
    for joint in (above, below):
        if joint is not None and joint not in MODEL_JOINTS:
            raise ValueError(
                f"the 3-D model has lumbar proportions and builds L1 to S1 only (joints "
                f"{MODEL_JOINTS[0]} to {MODEL_JOINTS[-1]}), not {level}; cervical and thoracic joints have "
                "sourced angles (facet_angle_to_sagittal_deg) but are drawn as a schematic joint-line glyph"
            )
        if joint is not None and joint not in levels_with_axial_angle():
            raise ValueError(
                f"the model cannot build {level}: no sourced axial facet angle for {joint}; "
                f"levels with data: {', '.join(levels_with_axial_angle())}"
            )
    z0 = float(z_offset_mm)
    shift = np.array([0.0, 0.0, z0])
    solids: list[Solid] = [
        Solid(
            "body" if level != "S1" else "sacrum_body",
            "cylinder",
            (0.0, 0.0, z0),
            (dims.body_half_width, dims.body_half_depth, dims.body_half_height),
            IDENTITY,
            1.0,
        )
    ]
    pedicle_y = dims.body_half_depth + dims.pedicle_half_length - 2.0  # its front end sinks into the body
    for side in SIDES:
        sign = _side_sign(side)
        # pedicle: an ellipsoid from the back of the body to the articular pillar, its front end turned toward
        # the midline; its cortical shell projects as the oval ring of the "eye" at any angle
        solids.append(
            _rounded(
                f"pedicle_{side}",
                "ellipsoid",
                shift + np.array([sign * dims.pedicle_x, pedicle_y, 3.0]),
                (dims.pedicle_radius_x, dims.pedicle_half_length, dims.pedicle_radius_z),
                _rotation_z(-sign * dims.pedicle_convergence_deg),
            )
        )
        if level == "S1":
            solids.append(
                _rounded(
                    f"sacral_ala_{side}",
                    "ellipsoid",
                    shift + np.array([sign * 25.0, 6.0, -9.0]),
                    (21.0, 10.0, 11.0),
                    _rotation_z(0.0),
                )
            )
        else:
            # transverse process: a slender ellipsoid running laterally (and a little backward) from the
            # junction of pedicle and superior articular process
            solids.append(
                _rounded(
                    f"transverse_process_{side}",
                    "ellipsoid",
                    shift
                    + np.array(
                        [sign * (dims.pedicle_x + dims.transverse_half[0] + 1.0), pedicle_y + 3.0, 3.0]
                    ),
                    dims.transverse_half,
                    _rotation_z(sign * 15.0),
                )
            )
            # lamina: a flattened ellipsoid from the articular pillar back and medially to the spinous process
            solids.append(
                _rounded(
                    f"lamina_{side}",
                    "ellipsoid",
                    shift + np.array([sign * 8.0, dims.facet_y + 4.0, -7.0]),
                    dims.lamina_half,
                    _rotation_z(-sign * 35.0),
                )
            )
            # pars interarticularis: the bar of bone joining the superior to the inferior articular process
            # (the Scotty dog's neck)
            solids.append(
                _rounded(
                    f"pars_interarticularis_{side}",
                    "ellipsoid",
                    shift + np.array([sign * (dims.facet_x - 1.5), dims.facet_y - 0.5, 0.0]),
                    dims.pars_half,
                    _rotation_z(0.0),
                )
            )
        if above is not None:
            # the joint above has its centre half a level step above this body's centre
            solids.append(
                _articular_process(
                    f"superior_articular_process_{side}",
                    above,
                    side,
                    z0 + dims.level_step,
                    -1.0,
                    tropism_deg,
                    dims,
                )
            )
        if below is not None and level != "S1":
            solids.append(
                _articular_process(
                    f"inferior_articular_process_{side}", below, side, z0, +1.0, tropism_deg, dims
                )
            )
    if level != "S1":
        # spinous process: a flattened ellipsoid in the midline (a teardrop on the AP view)
        solids.append(
            _rounded(
                "spinous_process",
                "ellipsoid",
                shift + np.array([0.0, dims.facet_y + 4.0 + dims.spinous_half[1], -10.0]),
                dims.spinous_half,
                _rotation_z(0.0),
            )
        )
    else:
        # the rest of the sacrum below S1: a broad flattened ellipsoid that narrows toward the coccyx, tipped
        # backward at its lower end (schematic)
        solids.append(
            _rounded(
                "sacrum_lower",
                "ellipsoid",
                shift + np.array([0.0, 12.0, -24.0]),
                (27.0, 12.0, 32.0),
                np.array(
                    [
                        [1.0, 0.0, 0.0],
                        [0.0, math.cos(0.35), -math.sin(0.35)],
                        [0.0, math.sin(0.35), math.cos(0.35)],
                    ]
                ),
            )
        )
    return solids


def segment_solids(
    joint: str, tropism_deg: float = 0.0, dims: VertebraDimensions = DIMENSIONS
) -> list[Solid]:
    """A motion segment ('L4-5'; 'L5-S1' = L5 and the sacrum top) as solids, upper body centre at the origin.

    Part names of the lower vertebra carry a '_lower' suffix ('superior_articular_process_left_lower'), those
    of the upper vertebra '_upper'; the intervertebral 'disc' has density 0 (soft tissue). The joint gap
    between the upper inferior and the lower superior articular processes lies on :func:`facet_joint_plane`.
    """
    upper, lower = joint_vertebrae(joint)
    solids = [
        Solid(
            "disc",
            "cylinder",
            (0.0, 0.0, -dims.level_step / 2),
            (dims.body_half_width, dims.body_half_depth, dims.disc_height / 2),
            IDENTITY,
            0.0,  # soft tissue: invisible on radiographs, drawn in axial views
        )
    ]
    for name, z, tag in ((upper, 0.0, "upper"), (lower, -dims.level_step, "lower")):
        for solid in vertebra_solids(name, z, tropism_deg, dims):
            solids.append(
                Solid(
                    f"{solid.part}_{tag}",
                    solid.kind,
                    solid.center_mm,
                    solid.semi_axes_mm,
                    solid.rotation,
                    solid.density,
                )
            )
    return solids


# --------------------------------------------------------------------------------------------------------
# Geometry queries on solids (for slicing and projection)
# --------------------------------------------------------------------------------------------------------


def to_body(solid: Solid, points_mm: np.ndarray) -> np.ndarray:
    """Points (N x 3, patient mm) in the solid's body frame, scaled by its semi-axes (unit shape)."""
    pts = np.asarray(points_mm, dtype=float).reshape(-1, 3)
    rot = np.asarray(solid.rotation, dtype=float)
    local = (pts - np.asarray(solid.center_mm)) @ rot  # rot columns are body axes: p_body = R^T (p - c)
    return local / np.asarray(solid.semi_axes_mm)


def contains(solid: Solid, points_mm: np.ndarray) -> np.ndarray:
    """Boolean array: which points (N x 3, patient mm) lie inside the solid."""
    u = to_body(solid, points_mm)
    if solid.kind == "ellipsoid":
        return np.einsum("ij,ij->i", u, u) <= 1.0
    if solid.kind == "box":
        return np.all(np.abs(u) <= 1.0, axis=1)
    if solid.kind == "cylinder":
        return (u[:, 0] ** 2 + u[:, 1] ** 2 <= 1.0) & (np.abs(u[:, 2]) <= 1.0)
    if solid.kind == "plate":
        bulge = (u[:, 0] / PLATE_BULGE) ** 2 + u[:, 1] ** 2 + u[:, 2] ** 2
        return (bulge <= 1.0) & (np.abs(u[:, 0]) <= 1.0)
    raise ValueError(f"unknown solid kind {solid.kind!r}")


def axial_section(solids: list[Solid], z_mm: float, extent_mm: float = 60.0, step_mm: float = 0.5) -> dict:
    """Axial slice at height z: a label image (which part covers each pixel; -1 = none) and its grid.

    Returns {'x': 1-D x grid (mm), 'y': 1-D y grid (mm), 'labels': 2-D int array [y, x], 'parts': part names}.
    """
    if not (math.isfinite(z_mm) and 0 < step_mm <= 5 and 10 <= extent_mm <= 200):
        raise ValueError("axial_section needs a finite z, 0 < step_mm <= 5 and 10 <= extent_mm <= 200")
    x = np.arange(-extent_mm, extent_mm + step_mm / 2, step_mm)
    y = np.arange(-extent_mm / 2, 1.5 * extent_mm + step_mm / 2, step_mm)
    xx, yy = np.meshgrid(x, y)
    pts = np.column_stack([xx.ravel(), yy.ravel(), np.full(xx.size, float(z_mm))])
    labels = np.full(xx.size, -1, dtype=int)
    for index, solid in enumerate(solids):
        labels[contains(solid, pts)] = index
    return {"x": x, "y": y, "labels": labels.reshape(xx.shape), "parts": [s.part for s in solids]}


def line_angle_to_sagittal_deg(direction: np.ndarray) -> float:
    """Angle (degrees, 0-90) between a direction's axial projection and the mid-sagittal plane."""
    d = np.asarray(direction, dtype=float)
    horizontal = math.hypot(d[0], d[1])
    if horizontal < 1e-12:
        raise ValueError("a vertical direction has no axial-plane angle")
    return math.degrees(math.atan2(abs(d[0]), abs(d[1])))


def measured_axial_angle_deg(joint: str, side: Side, tropism_deg: float = 0.0) -> float:
    """The axial angle of the model's joint plane, measured back from its normal (degrees from mid-sagittal).

    An independent check on the geometry: the joint line is the axial-plane direction perpendicular to the
    normal.
    """
    _, normal = facet_joint_plane(joint, side, tropism_deg)
    line = np.array([-normal[1], normal[0], 0.0])
    return line_angle_to_sagittal_deg(line)


# --------------------------------------------------------------------------------------------------------
# Capsule capacity (data/facet_capsule_volume.csv)
# --------------------------------------------------------------------------------------------------------

REGIONS: tuple[str, ...] = ("cervical", "thoracic", "lumbar")


def capsule_capacity_ml(region: str) -> tuple[float | None, float, str]:
    """(low, high, source ids) of the reported capsule capacity of one facet joint in a region, in mL.

    ``low`` is None when the source reports only an upper limit ("less than 1 mL").
    """
    if region not in REGIONS:
        raise ValueError(f"region must be one of {', '.join(REGIONS)}; got {region!r}")
    frame = data.load_table("facet_capsule_volume")
    row = frame[frame["region"] == region]
    if row.empty:
        raise ValueError(
            f"no sourced capsule capacity for the {region} region in data/facet_capsule_volume.csv"
        )
    r = row.iloc[0]
    low = None if pd.isna(r["capacity_low_ml"]) else float(r["capacity_low_ml"])
    return low, float(r["capacity_high_ml"]), str(r["source_id"])
