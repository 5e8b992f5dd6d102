"""How open a facet joint looks on a C-arm image: the curved teaching joint and its see-through gap.

The joint is the anatomy model's (flat, at the level's sourced mean axial angle) or, for ``posterior`` and
``anterior``, one half of a CURVED teaching joint of the same mean angle whose anterior half is turned
``joint_curvature`` degrees more coronal (ILLUSTRATIVE, ``data/fluoroscopy_model_assumptions.csv``), so its
posterior line opens first as the C-arm turns from AP. The gap is measured on a fine image of the two
articular processes alone (pure numbers, no plotting). Angles: :mod:`.carm` (positive = detector toward the
patient's right).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Literal

import numpy as np

from . import anatomy
from .carm import CArm, check_angles
from .fluoroscopy_data import model_assumption
from .projection import Primitive, SolidLike
from .projector import Projector

#: The joint image on which the gap is measured: a fine 40 mm field of 200 pixels centred on the joint.
GAP_FIELD = CArm(size_px=200, fov_mm=40.0)


Portion = Literal["whole", "posterior", "anterior"]
PORTIONS: tuple[str, ...] = ("whole", "posterior", "anterior")


def _signed_oblique(side: str, ipsilateral_oblique_deg: float) -> float:
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    return ipsilateral_oblique_deg if side == "right" else -ipsilateral_oblique_deg


@functools.lru_cache(maxsize=32)
def _segment(joint: str) -> tuple[SolidLike, ...]:
    return tuple(anatomy.segment_solids(joint))


def joint_surfaces(joint: str, side: str, portion: Portion = "whole") -> list[Primitive]:
    """The two articular processes bounding a joint, as solids (patient mm).

    ``whole``: the anatomy model's flat joint (its axial angle is the level's sourced mean). ``posterior`` /
    ``anterior``: one half of a CURVED joint of the same mean angle whose anterior half is turned
    ``joint_curvature`` degrees more coronal than its posterior half (an illustrative teaching-model number,
    see data/fluoroscopy_model_assumptions.csv), each half as a pair of plates either side of the joint
    space.
    """
    joint = anatomy.parse_joint(joint)
    if portion not in PORTIONS:
        raise ValueError(f"portion must be one of {PORTIONS}, not {portion!r}")
    if portion == "whole":
        wanted = {f"inferior_articular_process_{side}_upper", f"superior_articular_process_{side}_lower"}
        if side not in ("left", "right"):
            raise ValueError(f"side must be 'left' or 'right', not {side!r}")
        return [s for s in _segment(joint) if s.part in wanted]
    dims = anatomy.DIMENSIONS
    mean = anatomy.model_axial_angle_deg(joint, side)
    half_turn = model_assumption("joint_curvature") / 2
    angle = mean - half_turn if portion == "posterior" else mean + half_turn
    centre = anatomy.facet_joint_centre_mm(joint, side)
    _, mean_line, _ = anatomy.joint_axes(mean, anatomy.model_inclination_deg(joint), side)
    quarter = dims.process_half_length / 2
    middle = centre + (quarter if portion == "posterior" else -quarter) * mean_line
    normal, line, third = anatomy.joint_axes(angle, anatomy.model_inclination_deg(joint), side)
    rot = tuple(tuple(float(v) for v in row) for row in np.column_stack([normal, line, third]))
    offset = dims.joint_gap / 2 + dims.process_half_thickness
    half = (dims.process_half_thickness, quarter, dims.process_half_height)
    return [
        Primitive(
            f"{portion}_{name}", "box", tuple(float(v) for v in middle + sign * offset * normal), half, rot
        )
        for name, sign in (("inferior_process", 1.0), ("superior_process", -1.0))
    ]


def _gap_from_bone(bone: np.ndarray, pixel_mm: float) -> float:
    mid = bone.shape[0] // 2
    widths = []
    for row in bone[mid - 15 : mid + 15]:
        hits = np.flatnonzero(row)
        if len(hits) < 2:
            continue
        inside = row[hits[0] : hits[-1] + 1]
        widths.append(int(np.count_nonzero(~inside)))
    return float(np.median(widths)) * pixel_mm if widths else 0.0


def _gap_projector(surfaces: Sequence[SolidLike], centre_mm: Sequence[float]) -> Projector:
    return Projector(list(surfaces), GAP_FIELD, isocentre_mm=tuple(float(v) for v in centre_mm))


def see_through_gap_mm(
    surfaces: Sequence[SolidLike], centre_mm: Sequence[float], oblique_deg: float, tilt_deg: float = 0.0
) -> float:
    """Width (mm, at the joint) of the joint space seen clear of bone between the two articular surfaces.

    Rendered on a fine 40 mm field centred on the joint: in each image row through the middle of the joint,
    the bone-free pixels lying between bone pixels are counted; the median over rows is returned. It is the
    joint space when the beam runs along the joint plane, and 0 once the surfaces overlap in the image.
    """
    check_angles(oblique_deg, tilt_deg)
    projector = _gap_projector(surfaces, centre_mm)
    return _gap_from_bone(projector.line_integrals(oblique_deg, tilt_deg) > 1e-6, projector.carm.pixel_mm)


@functools.lru_cache(maxsize=64)
def _joint_gap_projector(joint: str, side: str, portion: str) -> Projector:
    return _gap_projector(
        joint_surfaces(joint, side, portion),  # type: ignore[arg-type]
        anatomy.facet_joint_centre_mm(joint, side),
    )


def joint_gap_mm(
    joint: str, side: str, oblique_deg: float, tilt_deg: float = 0.0, portion: Portion = "whole"
) -> float:
    """See-through joint space (mm) of one joint at signed C-arm angles (see :func:`see_through_gap_mm`)."""
    check_angles(oblique_deg, tilt_deg)
    projector = _joint_gap_projector(joint, side, portion)
    return _gap_from_bone(projector.line_integrals(oblique_deg, tilt_deg) > 1e-6, projector.carm.pixel_mm)


def joint_visibility_curve(
    joint: str, side: str, angles_deg: Sequence[float], portion: Portion = "whole", tilt_deg: float = 0.0
) -> np.ndarray:
    """See-through joint gap (mm) at each IPSILATERAL oblique angle (degrees toward the joint's side)."""
    projector = _gap_projector(
        joint_surfaces(joint, side, portion), anatomy.facet_joint_centre_mm(joint, side)
    )
    out = []
    for a in angles_deg:
        signed = _signed_oblique(side, float(a))
        check_angles(signed, tilt_deg)
        out.append(_gap_from_bone(projector.line_integrals(signed, tilt_deg) > 1e-6, projector.carm.pixel_mm))
    return np.array(out)


@functools.lru_cache(maxsize=256)
def best_oblique_deg(
    joint: str, side: str = "right", portion: Portion = "whole", step_deg: float = 0.5
) -> float:
    """Ipsilateral oblique angle (degrees) at which the joint space looks widest (centre of the plateau)."""
    angles = np.arange(0.0, 80.0 + step_deg / 2, step_deg)
    gaps = joint_visibility_curve(joint, side, angles, portion)
    if gaps.max() <= 0:
        raise ValueError(f"the {side} {joint} joint space never opens between 0 and 80 degrees")
    best = angles[gaps >= gaps.max() - 1e-9]
    return float(best.mean())
