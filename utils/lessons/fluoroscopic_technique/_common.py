"""What several sections of lesson 03 share and no other lesson needs: the lumbar levels and their colours,
the simulator scene and visibility curves (cached), the course's one oblique rule
and the note on the teaching model."""

from __future__ import annotations

import functools

import numpy as np

from ...core import citations
from ...core.style import PALETTE
from ...models import anatomy, fluoroscopy, needle

LEVELS: tuple[str, ...] = anatomy.LUMBAR_JOINTS
LEVEL_COLOURS: dict[str, str] = dict(
    zip(
        LEVELS,
        [PALETTE["sky_blue"], PALETTE["green"], PALETTE["orange"], PALETTE["blue"], PALETTE["purple"]],
        strict=True,
    )
)
#: Oblique angles (degrees) at which the visibility curves are drawn (display grid).
ANGLES = np.arange(0.0, 80.5, 1.0)
#: Levels where the study behind the level's facet angle found facet arthritis with a more coronal joint, and
#: the source key of that finding (review s16 03 F2; the study's abstract names only L2-3).
ARTHRITIS_CORONAL_LEVELS: dict[str, str] = {"L2-3": "arthritic_upper_lumbar_joints_more_coronal"}
MODEL_NOTE = (
    "SYNTHETIC teaching model of the LUMBAR spine only: schematic vertebrae from the anatomy model; joint "
    "angles from data/; curvature of the joint is illustrative."
)


def technique_source() -> str:
    """Reference ids of the posterior-approach technique points (trajectory view, margins, lateral check)."""
    return citations.source("posterior_approach_technique")


def orientation_sources() -> str:
    """'Source: ...' of the lumbar facet angles the lesson uses."""
    return citations.cite(*[anatomy.facet_angle_sources(j) for j in LEVELS])


@functools.cache
def scene(joint: str, size_px: int = 256, fov_mm: float = 120.0) -> fluoroscopy.Projector:
    """The simulator's projector for a joint (curved teaching joint on the right), cached per joint."""
    solids, centre = fluoroscopy.lumbar_scene(joint, curved_side="right")
    return fluoroscopy.Projector(
        solids, fluoroscopy.CArm(size_px=size_px, fov_mm=fov_mm), isocentre_mm=centre
    )


@functools.cache
def needle_projector(
    joint: str, target: tuple[float, float, float], angle: float, fov_mm: float = 80.0
) -> fluoroscopy.Projector:
    """A 200-pixel projector centred on a needle target (the tunnel and lateral views), cached."""
    solids, _ = fluoroscopy.lumbar_scene(joint, curved_side="right")
    return fluoroscopy.Projector(solids, fluoroscopy.CArm(size_px=200, fov_mm=fov_mm), isocentre_mm=target)


@functools.cache
def curve(joint: str, side: str = "right", portion: str = "whole") -> np.ndarray:
    """Joint space seen clear of bone (mm) at each of :data:`ANGLES` (degrees toward the joint's side)."""
    return fluoroscopy.joint_visibility_curve(joint, side, ANGLES, portion)  # type: ignore[arg-type]


@functools.cache
def best_angle(joint: str, portion: str = "whole") -> float:
    """Ipsilateral oblique (degrees) at which the right joint opens widest, from the simulator."""
    values = curve(joint, "right", portion)
    return float(ANGLES[values >= values.max() - 1e-9].mean())


def aim_angle(joint: str) -> float:
    """THE oblique of the course (degrees toward the joint's side): where the right joint's POSTERIOR line
    opens, the first joint line as the C-arm turns from AP and the one a needle from behind enters. The
    simulator's hint, the level table, the self-check, the needle planner and its scenarios all use it."""
    return needle.aim_oblique_deg(joint, "right")


def steep_oblique_deg(joint: str = "L4-5") -> float:
    """Oblique (degrees) at which the simulator profiles the ANTERIOR margin of the right joint: the steep,
    Scotty-dog oblique that shows a joint line a needle from behind cannot enter. Computed by the model
    (curved-joint teaching model), not read from text."""
    return best_angle(joint, "anterior")


def real_joint_caveat(joint: str, oblique_deg: float) -> str:
    """What the simulator's and planner's verdict past the aim rests on (review s15 03 F2; s16 F2):
    the model's joint at this level, the studies' mean facet angles (degrees; means, not the spread of
    single joints) and that joints differ; the image decides. An oblique (degrees) within the means may
    show a real joint's posterior line (a flatter joint, or one at the coronal end of the means); one past
    them is steeper than the studies' mean angles there, which single joints can still be. Where the
    angle's study found facet arthritis with a more coronal joint (:data:`ARTHRITIS_CORONAL_LEVELS`), it
    says so."""
    mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    sources = anatomy.facet_angle_sources(joint)
    several = round(low) != round(high)
    who = "the studies'" if len(sources.split(";")) > 1 else "the study's"
    means = f"{who} {'means' if several else 'mean'}"
    spread = f"; {means} {low:.0f}-{high:.0f}°" if several else f"; {means}"
    could = (
        f"at {oblique_deg:g}° a flatter joint"
        + (", or one at the coronal end of those means," if several else "")
        + " may show its posterior line"
        if oblique_deg <= high
        else f"{oblique_deg:g}° is steeper than {means} at this level, though a mean leaves single joints "
        "on either side of it"
    )
    arthritis = ARTHRITIS_CORONAL_LEVELS.get(joint)
    if arthritis is not None and oblique_deg > mean:
        could += (
            f"; in the same CT study facet arthritis at {joint} went with a more coronal joint "
            f"({citations.author_year(citations.source(arthritis))}), so in the arthritic joints you inject "
            "a steeper oblique may open it"
        )
    return (
        f"This is the model's {joint} joint (facet angle {mean:.0f}°{spread}; "
        f"{citations.short(sources)}): {could}, and joints differ between "
        "patients and between the two sides "
        f"({citations.author_year(fluoroscopy.view_source('angle from axial imaging'))}). On a real patient "
        "the image, not the number, decides."
    )
