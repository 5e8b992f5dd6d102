"""The lumbar scene the C-arm simulator shows: the anatomy model's vertebrae as bone, with soft tissue.

The two vertebrae of a joint from the anatomy model (:func:`facet_course.models.anatomy.segment_solids`), the
vertebrae above and below, each vertebra one bone (its parts' union, bodies waisted between rounded endplate
rims, less the union of marrow cores, so every bone shows a dense cortical rim: the pedicle's ring is the
Scotty dog's eye), then the soft tissue of the trunk and the psoas muscles. ``curved_side`` swaps one joint
for the curved teaching joint of :mod:`.joint_view`. Every size here is a rendering choice of the teaching
model (:class:`SceneGeometry`), not a clinical number; the one sourced setting, the depth of the joint under
the skin, is read from ``data/fluoroscopy_model_assumptions.csv``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from . import anatomy
from .fluoroscopy_data import model_assumption
from .joint_view import joint_surfaces
from .projection import Primitive, SolidLike


@dataclass(frozen=True)
class SceneGeometry:
    """Rendering choices of the lumbar scene (not clinical numbers): lengths in mm, densities relative to
    bone = 1, marrow fractions as the share of a solid's density its marrow core removes."""

    #: cortical shell of vertebral bodies and of the sacrum (mm): rim bright, marrow dimmer
    cortex_mm: float = 1.2
    #: cortex of the processes and the arch (mm)
    thin_cortex_mm: float = 1.2
    #: endplates are thin (and concave: a short tangent path) (mm)
    endplate_cortex_mm: float = 0.6
    #: half-thickness of the rounded rim at each endplate (mm)
    endplate_half_mm: float = 4.5
    #: how much narrower a body is at its waist than at its endplate rims (mm)
    waist_mm: float = 0.8
    marrow_fraction: float = 0.8
    sacrum_marrow_fraction: float = 0.6
    transverse_marrow_fraction: float = 0.35
    #: marrow of the vertebral arch: its shell rings the pedicle's "eye"
    arch_marrow_fraction: float = 0.6
    #: soft tissue of the trunk, relative to bone = 1
    soft_tissue_density: float = 0.08
    #: muscle against the surrounding fat, relative to bone = 1
    psoas_extra_density: float = 0.03
    #: the trunk as an elliptic cylinder: half-depth (front to back), half-width, half-length, centre z (mm)
    trunk_half_depth_mm: float = 115.0
    trunk_half_width_mm: float = 165.0
    trunk_half_length_mm: float = 160.0
    trunk_centre_z_mm: float = -20.0
    #: each psoas as an ellipsoid: centre (mm from the midline, y, z) and semi-axes (mm)
    psoas_centre_mm: tuple[float, float, float] = (36.0, 2.0, -40.0)
    psoas_semi_axes_mm: tuple[float, float, float] = (15.0, 17.0, 140.0)


#: The scene every simulator image uses.
SCENE = SceneGeometry()


def _hollow(
    solid: SolidLike, cortex_mm: float | tuple[float, float, float], fraction: float
) -> Primitive | None:
    """The marrow core of a solid: ``cortex_mm`` (one value, or one per solid axis) inside its surface, with
    the density ``-fraction`` of the solid's (it removes that part of the density of the core)."""
    cortex = (cortex_mm,) * 3 if isinstance(cortex_mm, int | float) else cortex_mm
    inner = tuple(a - c for a, c in zip(solid.semi_axes_mm, cortex, strict=True))
    if min(inner) <= 0.8:
        return None
    return Primitive(
        f"{solid.part}_marrow",
        solid.kind,
        tuple(solid.center_mm),
        inner,
        tuple(tuple(r) for r in np.asarray(solid.rotation, dtype=float)),
        -fraction * solid.density,
    )


def _spool(body: SolidLike) -> list[Primitive]:
    """A vertebral body as a radiograph shows it: waisted between two rounded endplate rims.

    The anatomy model's elliptic cylinder (kept under its own part name, narrowed by SCENE.waist_mm) plus, at
    each endplate, a plate with a flat face on the endplate and rounded edges (the ring apophysis).
    They are one bone (the caller puts them in one group).
    Rendering detail of the teaching model, not a clinical number.
    """
    rx, ry, h = body.semi_axes_mm
    cx, cy, cz = (float(v) for v in body.center_mm)
    waist = Primitive(
        body.part,
        "cylinder",
        (cx, cy, cz),
        (rx - SCENE.waist_mm, ry - SCENE.waist_mm, h),
        density=body.density,
    )
    # plate axes: its thickness (body x) along the patient's z, its outline in the axial plane
    rot = ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (1.0, 0.0, 0.0))
    parts = [waist]
    for end, sign in (("superior", 1.0), ("inferior", -1.0)):
        parts.append(
            Primitive(
                f"{body.part}_endplate_{end}",
                "plate",
                (cx, cy, cz + sign * (h - SCENE.endplate_half_mm)),
                (SCENE.endplate_half_mm, rx, ry),
                rot,
                body.density,
            )
        )
    return parts


def _grouped(solid: SolidLike, group: str) -> Primitive:
    """A copy of a solid (same part name) as a Primitive that belongs to a bone ``group``."""
    return Primitive(
        solid.part,
        solid.kind,
        tuple(float(v) for v in solid.center_mm),
        tuple(float(v) for v in solid.semi_axes_mm),
        tuple(tuple(float(v) for v in row) for row in np.asarray(solid.rotation, dtype=float)),
        float(solid.density),
        group,
    )


def _psoas() -> list[Primitive]:
    """The psoas muscles beside the vertebral bodies: a little denser than the fat around them, so their
    margins show as soft bands beside the spine on an AP view (rendering detail, not a clinical number)."""
    return [
        Primitive(
            f"soft_tissue_psoas_{side}",
            "ellipsoid",
            (sign * SCENE.psoas_centre_mm[0], SCENE.psoas_centre_mm[1], SCENE.psoas_centre_mm[2]),
            SCENE.psoas_semi_axes_mm,
            density=SCENE.psoas_extra_density,
        )
        for side, sign in (("left", 1.0), ("right", -1.0))
    ]


def _trunk(joint_centre_y_mm: float) -> Primitive:
    """Soft tissue of the trunk: an elliptic cylinder whose back skin lies skin_depth behind the joint."""
    half_depth = SCENE.trunk_half_depth_mm
    back_skin_y = joint_centre_y_mm + model_assumption("skin_depth")
    return Primitive(
        "soft_tissue_trunk",
        "cylinder",
        (0.0, back_skin_y - half_depth, SCENE.trunk_centre_z_mm),
        (SCENE.trunk_half_width_mm, half_depth, SCENE.trunk_half_length_mm),
        density=SCENE.soft_tissue_density,
    )


def lumbar_scene(
    joint: str = "L4-5", neighbours: bool = True, curved_side: str | None = None
) -> tuple[list[SolidLike], tuple[float, float, float]]:
    """Solids of a lumbar segment and the isocentre (see :func:`_lumbar_scene`).

    ``curved_side`` ('left' or 'right'): that side's joint of ``joint`` is the CURVED teaching joint of
    :func:`joint_surfaces` (posterior and anterior halves; curvature illustrative, from data) instead of the
    anatomy model's flat joint, so the image, the joint-space readout and the needle all see the same joint:
    its posterior line opens first as the C-arm turns from AP.
    """
    if curved_side not in (None, "left", "right"):
        raise ValueError(f"curved_side must be None, 'left' or 'right', not {curved_side!r}")
    solids, centre = _lumbar_scene(joint, neighbours, curved_side)
    return list(solids), centre


def _curved_joint_swap(
    joint: str, side: str, tagged: list[tuple[str, SolidLike]], upper: str, lower: str
) -> list[tuple[str, SolidLike]]:
    """Replace the flat articular processes of one joint with the curved joint's halves (same vertebrae)."""
    flat = {
        f"inferior_articular_process_{side}_upper": upper,
        f"superior_articular_process_{side}_lower": lower,
    }
    density = {solid.part: solid.density for _, solid in tagged if solid.part in flat}
    out = [(v, s) for v, s in tagged if s.part not in flat]
    for portion in ("posterior", "anterior"):
        for plate in joint_surfaces(joint, side, portion):  # type: ignore[arg-type]
            name = "inferior" if "inferior" in plate.part else "superior"
            part = f"{name}_articular_process_{side}_{'upper' if name == 'inferior' else 'lower'}"
            curved = Primitive(
                f"{part}_{portion}",
                plate.kind,
                plate.center_mm,
                plate.semi_axes_mm,
                plate.rotation,
                density.get(part, 1.0),
            )
            out.append((flat[part], curved))
    return out


@functools.lru_cache(maxsize=32)
def _lumbar_scene(
    joint: str, neighbours: bool, curved_side: str | None = None
) -> tuple[tuple[SolidLike, ...], tuple[float, float, float]]:
    """Solids of a lumbar segment for the simulator, and the isocentre (the segment's joint centre level).

    The two vertebrae of ``joint`` from the anatomy model (:func:`facet_course.anatomy.segment_solids`),
    with the vertebrae above and below when ``neighbours`` (so an image looks like a spine, not two bones).
    Each vertebra is one bone (group): its parts' union, bodies waisted between rounded endplate rims, less
    the union of marrow cores, so every bone shows a dense cortical rim (the pedicle's ring is the Scotty
    dog's eye). Then the soft tissue of the trunk and the psoas muscles. Part names of the anatomy model are
    kept. Coordinates: patient mm with the origin at the upper body's centre (the anatomy model's
    convention).
    """
    joint = anatomy.parse_joint(joint)  # returned as it is when the caller passes a parsed joint
    if joint.region != "lumbar":
        raise ValueError(f"the C-arm simulator models lumbar segments (L1-2 to L5-S1), not {joint}")
    upper, lower = joint.upper, joint.lower
    step = anatomy.DIMENSIONS.level_step
    # (vertebra, solid) pairs: the segment's two vertebrae (parts tagged _upper/_lower), then the neighbours
    tagged: list[tuple[str, SolidLike]] = []
    for solid in anatomy.segment_solids(joint):
        tag = solid.part.rsplit("_", 1)[-1]
        tagged.append((upper if tag == "upper" else lower if tag == "lower" else "", solid))
    if curved_side is not None:
        tagged = _curved_joint_swap(joint, curved_side, tagged, upper, lower)
    if neighbours:
        order = list(anatomy.VERTEBRAE)
        extra = []
        above = order[order.index(upper) - 1]
        extra.append((above, step))
        if lower != "S1":
            extra.append((order[order.index(lower) + 1], -2 * step))
        for name, z in extra:
            try:
                tagged.extend((name, s) for s in anatomy.vertebra_solids(name, z))
            except ValueError:
                continue  # a neighbour without sourced facet data is simply left out
    # Each vertebra is one bone: the union of its parts (a cortical shell) less the union of their marrow
    # cores (body and arch separately, so each keeps its own marrow density).
    solids: list[SolidLike] = []
    cores: list[Primitive] = []
    for vertebra, solid in tagged:
        if solid.density <= 0 or not vertebra:
            solids.append(solid)
            continue
        body = solid.kind == "cylinder" and solid.part.split("_")[0] in ("body", "sacrum")
        pieces = _spool(solid) if body else [solid]
        solids.extend(_grouped(piece, f"{vertebra}:bone") for piece in pieces)
        # the sacrum (S1 and below) is one thick bone whose marrow is one union of a denser bone
        fraction = SCENE.sacrum_marrow_fraction if vertebra == "S1" else SCENE.marrow_fraction
        for piece in pieces[1:]:  # the rims' marrow joins the body's (thin endplate, along the plate's x)
            core = _hollow(piece, (SCENE.endplate_cortex_mm, SCENE.cortex_mm, SCENE.cortex_mm), fraction)
            if core is not None:
                cores.append(_grouped(core, f"{vertebra}:marrow_body"))
        if body:
            core = _hollow(pieces[0], (SCENE.cortex_mm, SCENE.cortex_mm, SCENE.endplate_cortex_mm), fraction)
            where = "body"
        elif vertebra == "S1":
            core = _hollow(pieces[0], SCENE.cortex_mm, fraction)
            where = "body"  # (the sacrum's marrow is one: its body and alae overlap)
        elif solid.part.startswith("transverse_process"):
            # thin and mostly cortex: a dense "nose" on the oblique, not a black spot end-on (lateral)
            core = _hollow(solid, SCENE.thin_cortex_mm, SCENE.transverse_marrow_fraction)
            where = "transverse"  # its own marrow density (a group shares one)
        else:
            core = _hollow(solid, SCENE.thin_cortex_mm, SCENE.arch_marrow_fraction)
            where = "arch"
        if core is not None:
            cores.append(_grouped(core, f"{vertebra}:marrow_{where}"))
    solids.extend(cores)
    centre = anatomy.facet_joint_centre_mm(joint, "right")
    solids.append(_trunk(float(centre[1])))
    solids.extend(_psoas())
    return tuple(solids), (0.0, float(centre[1]) - 10.0, float(centre[2]))
