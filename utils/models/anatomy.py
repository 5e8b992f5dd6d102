"""Facet joint anatomy as numbers: one import for the anatomy models, and the anatomy misconceptions table.

The anatomy is split by idea into modules that this one re-exports under their old names, so
``from . import anatomy`` keeps working for every model and lesson:

* :mod:`.joints` - vertebrae, facet joint names (parsed once by ``parse_joint``), regions, sides;
* :mod:`.orientation` - facet orientation by level from ``data/facet_orientation.csv``, converted to the
  course convention;
* :mod:`.solids` - the shared solid geometry (analytic primitives, point-in-solid, axial sections);
* :mod:`.vertebra` - the 3-D parametric vertebra and motion segment (L1 to S1) built from those solids;
* :mod:`.capsule` - how much a facet joint holds, from ``data/facet_capsule_volume.csv``.

Conventions used by the whole course
------------------------------------
* **Axial facet angle**: the acute angle between the facet joint line in the axial (transverse) plane and
  the mid-sagittal plane, in degrees. 0 = a sagittal joint line (the joint opens straight from behind),
  90 = a coronal joint line. Studies that measured against another plane (the coronal plane: 90 - value) or
  on a 0-180 scale (past 90: 180 - value) are converted explicitly by :func:`to_course_axial_angle`.
  Every level from C2-3 to L5-S1 with a sourced value has one; the 3-D model builds L1 to S1 only.
* **Inclination**: the angle between the facet plane and the axial (horizontal) plane, seen from the side;
  90 = a vertical joint plane.
* **Patient coordinates** (mm): x toward the patient's LEFT, y toward the patient's BACK (posterior, where
  the needle comes from), z CRANIAL. Origin: the centre of the upper vertebral body of a motion segment at
  its mid-height.

Pure numbers: no plotting here. Units: millimetres, degrees and millilitres throughout.
"""

from __future__ import annotations

import pandas as pd

from ..core import data
from .capsule import capsule_capacity_ml, capsule_volume_table
from .joints import (
    FACET_JOINTS,
    LUMBAR_JOINTS,
    REGIONS,
    SIDES,
    VERTEBRAE,
    Joint,
    Side,
    joint_vertebrae,
    joints_in_region,
    parse_joint,
    region_of,
)
from .orientation import (
    StudyEstimate,
    axial_angle_estimates,
    axial_angle_past_coronal,
    facet_angle_sources,
    facet_angle_to_sagittal_deg,
    facet_inclination_deg,
    facet_inclination_sources,
    inclination_estimates,
    levels_with_axial_angle,
    levels_with_inclination,
    orientation_table,
    to_course_axial_angle,
    to_course_inclination,
    tropism_deg,
)
from .solids import (
    IDENTITY,
    PLATE_BULGE,
    Matrix3,
    Solid,
    SolidKind,
    axial_section,
    contains,
    line_angle_to_sagittal_deg,
    to_body,
)
from .vertebra import (
    DIMENSIONS,
    LUMBAR_MODEL_INCLINATION_DEG,
    MODEL_JOINTS,
    VertebraDimensions,
    facet_joint_centre_mm,
    facet_joint_plane,
    joint_axes,
    measured_axial_angle_deg,
    model_axial_angle_deg,
    model_inclination_deg,
    segment_solids,
    vertebra_solids,
)


def misconceptions_table() -> pd.DataFrame:
    """Common misconceptions about facet joint anatomy, with corrections (data/anatomy_misconceptions)."""
    return data.load_table("anatomy_misconceptions")


__all__ = [
    "DIMENSIONS",
    "FACET_JOINTS",
    "IDENTITY",
    "LUMBAR_JOINTS",
    "LUMBAR_MODEL_INCLINATION_DEG",
    "MODEL_JOINTS",
    "PLATE_BULGE",
    "REGIONS",
    "SIDES",
    "VERTEBRAE",
    "Matrix3",
    "Side",
    "Solid",
    "SolidKind",
    "StudyEstimate",
    "VertebraDimensions",
    "axial_angle_estimates",
    "axial_section",
    "capsule_capacity_ml",
    "capsule_volume_table",
    "contains",
    "facet_angle_sources",
    "facet_angle_to_sagittal_deg",
    "axial_angle_past_coronal",
    "facet_inclination_deg",
    "facet_inclination_sources",
    "facet_joint_centre_mm",
    "facet_joint_plane",
    "inclination_estimates",
    "joint_axes",
    "joint_vertebrae",
    "joints_in_region",
    "levels_with_axial_angle",
    "levels_with_inclination",
    "line_angle_to_sagittal_deg",
    "measured_axial_angle_deg",
    "misconceptions_table",
    "model_axial_angle_deg",
    "model_inclination_deg",
    "Joint",
    "parse_joint",
    "orientation_table",
    "region_of",
    "segment_solids",
    "to_body",
    "to_course_axial_angle",
    "to_course_inclination",
    "tropism_deg",
    "vertebra_solids",
]
