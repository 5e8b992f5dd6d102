"""The 3-D parametric vertebra: a lumbar-type vertebra and motion segment as analytic solids (mm).

Parts are rounded where bone is rounded (body and plates with elliptic outlines; pedicles, laminae,
transverse processes and pars as ellipsoids) so that a projection looks like a radiograph, not like boxes.
Its proportions are schematic (a teaching model, not a measured specimen); the facet planes follow the
level's sourced axial angle (:mod:`facet_course.models.orientation`). Patient coordinates (mm): x toward
the patient's LEFT, y toward the BACK, z CRANIAL; origin at the centre of the upper vertebral body of a
motion segment at its mid-height. The model builds L1 to S1 only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .joints import LUMBAR_JOINTS, SIDES, Side, joint_vertebrae, joints_beside, parse_joint, region_of
from .orientation import facet_angle_to_sagittal_deg, facet_inclination_deg, levels_with_axial_angle
from .solids import IDENTITY, PLATE_BULGE, Solid, SolidKind, line_angle_to_sagittal_deg


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
    if region_of(joint) == "lumbar" or parse_joint(joint) == "T12-L1":
        return LUMBAR_MODEL_INCLINATION_DEG
    found = facet_inclination_deg(joint)
    if found is None:
        raise ValueError(f"no sourced facet inclination for {parse_joint(joint)}; the model cannot place it")
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
    parse_joint(joint)
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


def _check_model_level(level: object) -> tuple[str, str | None, str | None]:
    """(vertebra name, joint above, joint below) of a level the model builds; ValueError otherwise."""
    if not isinstance(level, str):
        raise ValueError(f"level must be a vertebra name such as 'L4', not {type(level).__name__}")
    level = level.strip().upper()
    above, below = joints_beside(level)
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
    return level, above, below


def _posterior_solids(level: str, side: Side, shift: np.ndarray, dims: VertebraDimensions) -> list[Solid]:
    """Pedicle, and transverse process, lamina and pars (or the sacral ala for S1) of one side."""
    sign = _side_sign(side)
    pedicle_y = dims.body_half_depth + dims.pedicle_half_length - 2.0  # its front end sinks into the body
    # pedicle: an ellipsoid from the back of the body to the articular pillar, its front end turned toward
    # the midline; its cortical shell projects as the oval ring of the "eye" at any angle
    solids = [
        _rounded(
            f"pedicle_{side}",
            "ellipsoid",
            shift + np.array([sign * dims.pedicle_x, pedicle_y, 3.0]),
            (dims.pedicle_radius_x, dims.pedicle_half_length, dims.pedicle_radius_z),
            _rotation_z(-sign * dims.pedicle_convergence_deg),
        )
    ]
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
        return solids
    # transverse process: a slender ellipsoid running laterally (and a little backward) from the junction of
    # pedicle and superior articular process
    solids.append(
        _rounded(
            f"transverse_process_{side}",
            "ellipsoid",
            shift + np.array([sign * (dims.pedicle_x + dims.transverse_half[0] + 1.0), pedicle_y + 3.0, 3.0]),
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
    # pars interarticularis: the bar of bone joining the superior to the inferior articular process (the
    # Scotty dog's neck)
    solids.append(
        _rounded(
            f"pars_interarticularis_{side}",
            "ellipsoid",
            shift + np.array([sign * (dims.facet_x - 1.5), dims.facet_y - 0.5, 0.0]),
            dims.pars_half,
            _rotation_z(0.0),
        )
    )
    return solids


def _midline_solid(level: str, shift: np.ndarray, dims: VertebraDimensions) -> Solid:
    """The spinous process, or for S1 the rest of the sacrum below it."""
    if level != "S1":
        # spinous process: a flattened ellipsoid in the midline (a teardrop on the AP view)
        return _rounded(
            "spinous_process",
            "ellipsoid",
            shift + np.array([0.0, dims.facet_y + 4.0 + dims.spinous_half[1], -10.0]),
            dims.spinous_half,
            _rotation_z(0.0),
        )
    # the rest of the sacrum below S1: a broad flattened ellipsoid that narrows toward the coccyx, tipped
    # backward at its lower end (schematic)
    return _rounded(
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


def vertebra_solids(
    level: str, z_offset_mm: float = 0.0, tropism_deg: float = 0.0, dims: VertebraDimensions = DIMENSIONS
) -> list[Solid]:
    """One vertebra ('L4', or 'S1' for the top of the sacrum) as analytic solids, body centre at z_offset_mm.

    Its superior articular processes lie on the planes of the joint above, its inferior articular processes
    on the planes of the joint below, each following that level's sourced axial angle. Raises ValueError
    for a level whose adjacent joints have no sourced orientation (the model does not guess).
    """
    level, above, below = _check_model_level(level)
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
    for side in SIDES:
        solids += _posterior_solids(level, side, shift, dims)
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
    solids.append(_midline_solid(level, shift, dims))
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


def measured_axial_angle_deg(joint: str, side: Side, tropism_deg: float = 0.0) -> float:
    """The axial angle of the model's joint plane, measured back from its normal (degrees from mid-sagittal).

    An independent check on the geometry: the joint line is the axial-plane direction perpendicular to the
    normal.
    """
    _, normal = facet_joint_plane(joint, side, tropism_deg)
    line = np.array([-normal[1], normal[0], 0.0])
    return line_angle_to_sagittal_deg(line)
