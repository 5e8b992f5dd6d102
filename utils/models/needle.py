"""Needle path planner and Perk-Tutor-style metrics for a fluoroscopy-guided facet joint injection (no
plotting).

Geometry is the anatomy model's lumbar segment in patient mm (x to the patient's LEFT, y POSTERIOR, z
CRANIAL), seen by the C-arm of :mod:`facet_course.fluoroscopy` (prone patient; oblique positive = detector
toward the patient's right).

The joint being injected is the simulator's CURVED teaching joint (``lumbar_scene(curved_side=...)``): its
posterior half is more sagittal than its anterior half, so its posterior joint line opens first as the C-arm
turns from AP. That first (posterior) line is the one rule of the course for the C-arm angle:
:func:`aim_oblique_deg`.

A plan names the joint, the side, the C-arm angle and where the needle enters the skin. The target is the
posterior third of the joint space (``target_inside`` mm inside its posterior margin, ILLUSTRATIVE, from
``data/fluoroscopy_model_assumptions.csv``), the part a needle from behind enters. A *coaxial* plan enters
the skin on the beam line through the target, so in the tunnel view the needle is a dot; an *off-axis* plan
enters elsewhere and crosses the beam at an angle.

The operator model is SYNTHETIC and deliberately simple, and it follows the simulator's rule for what the
C-arm shows (:func:`view_verdict`, the posterior and anterior joint lines' see-through gaps):

* The needle advances straight toward the target; when it meets bone it is withdrawn to
  ``OPERATOR.withdraw_depth_mm`` under the skin and redirected so that its line moves half way toward the
  coaxial line AT THE PLAN'S OWN C-ARM ANGLE (the only line the trainee can see in that tunnel view); at
  most ``OPERATOR.max_passes`` passes (:class:`OperatorModel`).
* Posterior line closed (only the anterior line open at a steep oblique, or none): the image cannot show a
  needle from behind entering the joint; a track that still meets no bone on its last pass is "reached off
  the tunnel view" (confirm with contrast), any other is not reached.
* Posterior line open but narrower than the needle (``needle_gauge_od``; turned past the aim or stopped
  short of it): the tip catches the joint margin once (a bone contact at the posterior margin) before it is
  walked in.
* The summed needle travel is capped at ``max_needle_travel`` (ILLUSTRATIVE, data/): beyond it the operator
  stops and the plan has failed.
* Without a lateral check the final advance overshoots by the scenario's ``overshoot_mm``.

Metrics follow Perk Tutor's habit (PerkTutor/PerkTutor ``PythonMetrics``): each metric is one small object
with a name and unit that turns a recorded needle track into one number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import anatomy
from .carm import beam_direction, check_angles
from .fluoroscopy_data import model_assumption, needle_scenarios_table
from .joint_view import best_oblique_deg, joint_gap_mm
from .lumbar_scene import lumbar_scene
from .projection import SolidLike, contains


@dataclass(frozen=True)
class OperatorModel:
    """The SYNTHETIC operator's habits (choices of the teaching model, not clinical numbers)."""

    #: spacing of the points tested for bone along a pass (mm)
    step_mm: float = 0.25
    #: depth under the skin to which the needle is withdrawn before a redirection (mm)
    withdraw_depth_mm: float = 10.0
    #: passes before the operator stops (count)
    max_passes: int = 6


#: The operator every simulation uses.
OPERATOR = OperatorModel()


@dataclass(frozen=True)
class NeedlePlan:
    """One plan. ``carm_oblique_deg`` is signed (positive = detector toward the patient's right).

    ``entry_offset_mm`` moves the skin entry away from the beam line: positive = lateral (away from the
    midline on the joint's side), negative = medial. ``lateral_check``: depth confirmed on a lateral view
    before the last advance; without it the tip overshoots by ``overshoot_mm``.
    """

    joint: str = "L4-5"  # parsed once into an anatomy.Joint on construction
    side: str = "right"
    carm_oblique_deg: float = 48.0
    carm_tilt_deg: float = 0.0
    entry_offset_mm: float = 0.0
    lateral_check: bool = True
    overshoot_mm: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "joint", anatomy.parse_joint(self.joint))
        if self.joint.region != "lumbar":  # type: ignore[attr-defined]
            raise ValueError(f"the needle planner models lumbar joints (L1-2 to L5-S1), not {self.joint}")
        if self.side not in ("left", "right"):
            raise ValueError(f"side must be 'left' or 'right', not {self.side!r}")
        check_angles(self.carm_oblique_deg, self.carm_tilt_deg)
        if (
            self.side == "right"
            and self.carm_oblique_deg <= 0
            or self.side == "left"
            and self.carm_oblique_deg >= 0
        ):
            raise ValueError(
                f"a {self.side} joint is approached with the detector turned toward the {self.side} "
                f"(oblique {'> 0' if self.side == 'right' else '< 0'}); got {self.carm_oblique_deg:g} degrees"
            )
        if not -40 <= self.entry_offset_mm <= 40:
            raise ValueError(
                f"entry_offset_mm={self.entry_offset_mm:g} must be -40 to 40 mm from the beam line"
            )
        if not 0 <= self.overshoot_mm <= 30:
            raise ValueError(f"overshoot_mm={self.overshoot_mm:g} must be 0 to 30 mm")


@dataclass
class NeedleTrack:
    """What happened: tip positions in order (patient mm), passes, contacts and the final state."""

    plan: NeedlePlan
    target_mm: np.ndarray
    entry_mm: np.ndarray
    points_mm: np.ndarray
    passes: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # (start, end) of each pass
    contacts_mm: list[np.ndarray] = field(default_factory=list)
    reached: bool = False
    verdict: str = ""
    final_direction: np.ndarray = field(default_factory=lambda: np.zeros(3))
    tip_mm: np.ndarray = field(default_factory=lambda: np.zeros(3))


def aim_oblique_deg(joint: str, side: str = "right") -> float:
    """Ipsilateral oblique (degrees, unsigned) at which the joint's POSTERIOR line opens widest in the
    curved teaching joint: the angle every plan, scenario and readout of the course aims for."""
    return best_oblique_deg(joint, side, "posterior", step_deg=1.0)


def target_mm(joint: str, side: str) -> np.ndarray:
    """The posterior third of the joint space, mid-gap (patient mm): ``target_inside`` mm (teaching model,
    data/) inside its posterior margin."""
    centre = anatomy.facet_joint_centre_mm(joint, side)
    _, line, _ = anatomy.joint_axes(
        anatomy.model_axial_angle_deg(joint, side), anatomy.model_inclination_deg(joint), side
    )
    return centre + (anatomy.DIMENSIONS.process_half_length - model_assumption("target_inside")) * line


def skin_y_mm(joint: str, side: str) -> float:
    """Back skin (locally a plane y = const) behind the joint: joint centre + skin depth (teaching model)."""
    return float(anatomy.facet_joint_centre_mm(joint, side)[1] + model_assumption("skin_depth"))


def coaxial_entry_mm(joint: str, side: str, oblique_deg: float, tilt_deg: float = 0.0) -> np.ndarray:
    """Skin point on the beam line through the target (the needle then runs down the beam).

    The C-arm is taken as centred on the target, as operators do: only the central ray is free of parallax,
    so only there does a needle along the beam show as a dot.
    """
    target = target_mm(joint, side)
    b = beam_direction(oblique_deg, tilt_deg)
    s = (skin_y_mm(joint, side) - target[1]) / b[1]
    return target + s * b


def bone_solids(joint: str, side: str = "right") -> list[SolidLike]:
    """Bone of the scene the needle can touch (marrow cores and soft tissue excluded), with the curved
    teaching joint on ``side``."""
    solids, _ = lumbar_scene(joint, curved_side=side)
    return [s for s in solids if s.density > 0 and not s.part.startswith("soft_tissue")]


def _first_contact(
    start: np.ndarray, end: np.ndarray, bones: list[SolidLike], target: np.ndarray, tolerance: float
) -> np.ndarray | None:
    length = float(np.linalg.norm(end - start))
    n = max(2, int(math.ceil(length / OPERATOR.step_mm)) + 1)
    pts = start + np.linspace(0.0, 1.0, n)[:, None] * (end - start)
    inside = np.zeros(n, dtype=bool)
    for solid in bones:
        inside |= contains(solid, pts)
    inside &= np.linalg.norm(pts - target, axis=1) > tolerance
    hits = np.flatnonzero(inside)
    return None if len(hits) == 0 else pts[hits[0]]


def view_verdict(plan: NeedlePlan) -> tuple[str, float]:
    """What the C-arm shows at the plan's angles, by the simulator's rule: ('open', 'narrow', 'anterior only'
    or 'closed') and the posterior line's see-through gap (mm). 'narrow': open but narrower than the needle's
    outer diameter (``needle_gauge_od``, data/)."""
    posterior = joint_gap_mm(plan.joint, plan.side, plan.carm_oblique_deg, plan.carm_tilt_deg, "posterior")
    if posterior <= 0:
        anterior = joint_gap_mm(plan.joint, plan.side, plan.carm_oblique_deg, plan.carm_tilt_deg, "anterior")
        return ("anterior only" if anterior > 0 else "closed"), 0.0
    return ("narrow" if posterior < model_assumption("needle_gauge_od") else "open"), posterior


_VERDICTS = {
    "anterior only": "not reached: only the ANTERIOR joint line is open at this steep oblique, and a needle "
    "from behind cannot enter it; turn back toward the aim",
    "closed": "not reached: no joint line is open at this oblique; turn toward the aim",
    "travel": "not reached: the operator stopped after {cap:g} mm of needle travel (teaching-model limit)",
    "passes": "not reached: the operator stopped after {n} passes",
}


def max_travel_mm() -> float:
    """Summed needle travel (mm) after which the synthetic operator stops: ILLUSTRATIVE teaching-model limit
    (data/fluoroscopy_model_assumptions.csv, row ``max_needle_travel``)."""
    return model_assumption("max_needle_travel")


def _travel(points: list[np.ndarray]) -> float:
    """Summed needle travel (mm) of the points so far."""
    return float(np.linalg.norm(np.diff(np.array(points), axis=0), axis=1).sum()) if len(points) > 1 else 0.0


def _advance(points: list[np.ndarray], point: np.ndarray, cap: float) -> bool:
    """Move the needle to ``point`` unless that takes the summed travel past ``cap`` (mm); then stop it
    where the travel reaches the cap. True if it got there."""
    left = cap - _travel(points)
    step = point - points[-1]
    length = float(np.linalg.norm(step))
    if length <= left:
        points.append(point.copy())
        return True
    points.append(points[-1] + max(left, 0.0) * step / length)
    return False


def _margin_point(start: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Where a pass toward the target crosses the joint's posterior margin (``target_inside`` mm before the
    target along the pass): the edge a needle wider than the visible gap catches."""
    direction = (target - start) / np.linalg.norm(target - start)
    return target - model_assumption("target_inside") * direction


def simulate(plan: NeedlePlan) -> NeedleTrack:
    """Run the synthetic operator model for a plan (see the module docstring)."""
    target = target_mm(plan.joint, plan.side)
    view, _ = view_verdict(plan)
    seen_entry = coaxial_entry_mm(plan.joint, plan.side, plan.carm_oblique_deg, plan.carm_tilt_deg)
    lateral = np.array([-1.0, 0.0, 0.0]) if plan.side == "right" else np.array([1.0, 0.0, 0.0])
    entry = seen_entry + plan.entry_offset_mm * lateral
    bones = bone_solids(plan.joint, plan.side)
    tolerance = model_assumption("reach_tolerance")
    cap = max_travel_mm()
    track = NeedleTrack(plan, target, entry.copy(), np.empty((0, 3)))
    points = [entry.copy()]
    start = entry.copy()
    for _ in range(OPERATOR.max_passes):
        direction = (target - start) / np.linalg.norm(target - start)
        contact = _first_contact(start, target, bones, target, tolerance)
        if contact is None and view == "narrow" and not track.contacts_mm:
            contact = _margin_point(start, target)
        track.final_direction = direction
        end = target if contact is None else contact
        if not _advance(points, end, cap):
            track.passes.append((start.copy(), points[-1].copy()))
            track.verdict = _VERDICTS["travel"].format(cap=cap)
            break
        track.passes.append((start.copy(), end.copy()))
        if contact is None:
            track.reached = True
            break
        track.contacts_mm.append(contact.copy())
        # withdraw to just under the skin, then redirect half way toward the coaxial line of this C-arm angle
        withdrawn = entry + OPERATOR.withdraw_depth_mm * (contact - entry) / np.linalg.norm(contact - entry)
        entry = entry + 0.5 * (seen_entry - entry)
        start = entry + OPERATOR.withdraw_depth_mm * (target - entry) / np.linalg.norm(target - entry)
        if not (_advance(points, withdrawn, cap) and _advance(points, start, cap)):
            track.verdict = _VERDICTS["travel"].format(cap=cap)
            break
    else:
        track.verdict = _VERDICTS["passes"].format(n=OPERATOR.max_passes)
    unseen = view in ("anterior only", "closed")
    if unseen and not track.reached:
        track.verdict = _VERDICTS[view]
    elif unseen:
        track.verdict = (
            "reached off the tunnel view: the needle got to the target point (its last pass met no "
            "bone), but at this oblique the posterior joint line is not open, so the image could not show "
            "the needle entering the joint (other approaches, such as a vertical needle into the inferior "
            "recess, enter without the tunnel view); confirm the tip with contrast before injecting"
        )
    elif track.reached:
        track.verdict = "reached: the needle is in the posterior joint space"
    tip = points[-1]
    if track.reached and not plan.lateral_check and plan.overshoot_mm > 0:
        tip = target + plan.overshoot_mm * track.final_direction
        points.append(tip.copy())
        track.verdict = (
            f"reached, but too deep: without a lateral check the tip went {plan.overshoot_mm:g} mm deeper "
            "than planned (an ILLUSTRATIVE model figure, not a measured one) and its depth was never "
            "confirmed"
        )
    track.points_mm = np.array(points)
    track.tip_mm = np.array(tip)
    track.entry_mm = track.passes[-1][0] if track.passes else entry
    return track


# --- Perk-Tutor-style metrics: one small object per metric ------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """A named measure of a needle track with its unit."""

    name: str
    unit: str
    compute: Callable[[NeedleTrack], float]


def _path_length(track: NeedleTrack) -> float:
    """Cumulative needle travel (mm): every advance and withdrawal summed, not the needle's length."""
    return float(np.linalg.norm(np.diff(track.points_mm, axis=0), axis=1).sum())


def _depth_beyond(track: NeedleTrack) -> float:
    if not track.reached:
        return 0.0
    return max(0.0, float((track.tip_mm - track.target_mm) @ track.final_direction))


METRICS: tuple[Metric, ...] = (
    Metric("target reached", "yes=1/no=0", lambda t: float(t.reached)),
    Metric("needle travel", "mm", _path_length),
    Metric("redirections", "count", lambda t: float(max(0, len(t.passes) - 1))),
    Metric("depth beyond target", "mm", _depth_beyond),
    Metric("bone contacts", "count", lambda t: float(len(t.contacts_mm))),
)


def metrics(track: NeedleTrack) -> dict[str, float]:
    """All metrics of a track, rounded to 0.1 (what a resident compares)."""
    return {m.name: round(m.compute(track), 1) for m in METRICS}


def scenario_plans() -> dict[str, NeedlePlan]:
    """The set scenarios from data/fluoroscopy_needle_scenarios.csv as plans (C-arm angle relative to the
    angle at which the joint's posterior line opens, :func:`aim_oblique_deg`)."""
    table = needle_scenarios_table()
    plans = {}
    for row in table.itertuples(index=False):
        sign = 1 if row.side == "right" else -1
        best = aim_oblique_deg(row.joint, row.side)
        plans[row.scenario] = NeedlePlan(
            joint=row.joint,
            side=row.side,
            carm_oblique_deg=sign * (best + row.carm_offset_deg),
            entry_offset_mm=float(row.entry_offset_mm),
            lateral_check=bool(row.lateral_check),
            overshoot_mm=float(row.overshoot_mm),
        )
    return plans


def scenario_table() -> pd.DataFrame:
    """Metrics of every set scenario, one row each (SYNTHETIC operator model)."""
    rows = []
    for name, plan in scenario_plans().items():
        row = {"scenario": name, "C-arm oblique (deg)": round(plan.carm_oblique_deg, 1)}
        row.update(
            {
                f"{m.name} ({m.unit})": v
                for m, v in zip(METRICS, metrics(simulate(plan)).values(), strict=True)
            }
        )
        rows.append(row)
    return pd.DataFrame(rows).set_index("scenario")


def scenario_description(scenario: str) -> str:
    """What one set scenario shows, in words (data/fluoroscopy_needle_scenarios.csv)."""
    table = needle_scenarios_table().set_index("scenario")
    if scenario not in table.index:
        raise ValueError(f"unknown scenario '{scenario}'; choose one of {list(table.index)}")
    return str(table.loc[scenario, "description"])


def overshoot_without_check_mm() -> float:
    """How far the tip overshoots without a lateral check (mm): the largest overshoot of the set scenarios
    that skip it (SYNTHETIC)."""
    table = needle_scenarios_table()
    return float(table[~table["lateral_check"].astype(bool)]["overshoot_mm"].max())
