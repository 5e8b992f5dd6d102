"""C-arm simulator: one import for the fluoroscopy models (pure numpy, no plotting).

The simulator is split by idea into modules that this one re-exports under their old names, so
``from . import fluoroscopy`` keeps working for every model, lesson and test:

* :mod:`.carm` - the C-arm's two angles (oblique: + = detector toward the patient's RIGHT; tilt: + =
  cranial), its beam and detector axes, its distances and field (:class:`CArm`);
* :mod:`.projection` - the analytic solid the projector images (:class:`Primitive`), exact chords through it,
  overlaps within one bone (the point-in-solid geometry is the shared :mod:`.solids`);
* :mod:`.projector` - :class:`Projector`: line integrals and the monitor image (bone dark), display choices in
  one dataclass;
* :mod:`.lumbar_scene` - the lumbar segment the simulator shows, built from the anatomy model, scene sizes in
  one dataclass;
* :mod:`.joint_view` - the curved teaching joint and how open it looks at an angle (see-through gap, best
  oblique);
* :mod:`.fluoroscopy_data` - the one loader of each fluoroscopy table in ``data/`` (model assumptions, views,
  needle scenarios, regional differences).

Patient axes in mm: x toward the patient's LEFT, y toward the BACK (posterior), z CRANIAL; the patient lies
prone (data/README.md).
"""

from __future__ import annotations

import time

import numpy as np

from .carm import (
    DEFAULT_SID_MM,
    DEFAULT_SOD_MM,
    OBLIQUE_LIMIT_DEG,
    TILT_LIMIT_DEG,
    CArm,
    beam_direction,
    check_angles,
    describe_angles,
    detector_axes,
)
from .fluoroscopy_data import (
    assumption_source,
    model_assumption,
    model_assumption_table,
    needle_scenarios_table,
    regional_differences_table,
    view_source,
    view_statement,
    views_on,
    views_table,
)
from .joint_view import (
    PORTIONS,
    Portion,
    best_oblique_deg,
    joint_gap_mm,
    joint_surfaces,
    joint_visibility_curve,
    see_through_gap_mm,
)
from .lumbar_scene import SCENE, SceneGeometry, lumbar_scene
from .projection import KINDS, PLATE_BULGE, Kind, Primitive, SolidLike, chord_length_mm, contains
from .projector import DISPLAY, Display, Projector


def benchmark_projection(size_px: int = 256, frames: int = 40) -> dict:
    """Frames per second of the C-arm simulator at ``size_px`` x ``size_px`` on one core (called by make
    bench).

    Uses the two-vertebra lumbar segment of the anatomy model with the body's soft tissue, sweeping the
    oblique angle, as the notebook's simulator does.
    """
    solids, centre = lumbar_scene("L4-5")
    projector = Projector(solids, CArm(size_px=size_px), isocentre_mm=centre)
    angles = np.linspace(-40, 40, frames)
    projector.radiograph(0.0)  # warm caches
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for angle in angles:
        projector.radiograph(float(angle), 5.0)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {
        "what": f"C-arm simulator frames per second at {size_px}x{size_px}, {len(solids)} solids, one core",
        "frames": frames,
        "fps": frames / cpu,  # CPU time of this process: what one core delivers, whatever else runs
        "wall_fps": frames / wall,
        "ms_per_frame": 1000 * cpu / frames,
    }


__all__ = [
    "DEFAULT_SID_MM",
    "DEFAULT_SOD_MM",
    "DISPLAY",
    "KINDS",
    "OBLIQUE_LIMIT_DEG",
    "PLATE_BULGE",
    "PORTIONS",
    "SCENE",
    "TILT_LIMIT_DEG",
    "CArm",
    "Display",
    "Kind",
    "Portion",
    "Primitive",
    "Projector",
    "SceneGeometry",
    "SolidLike",
    "assumption_source",
    "beam_direction",
    "benchmark_projection",
    "best_oblique_deg",
    "check_angles",
    "chord_length_mm",
    "contains",
    "describe_angles",
    "detector_axes",
    "joint_gap_mm",
    "joint_surfaces",
    "joint_visibility_curve",
    "lumbar_scene",
    "model_assumption",
    "model_assumption_table",
    "needle_scenarios_table",
    "regional_differences_table",
    "see_through_gap_mm",
    "view_source",
    "view_statement",
    "views_on",
    "views_table",
]
