"""Lesson for notebooks/03_fluoroscopic_technique.ipynb: what the notebook calls, section by section.

1. the procedure step by step (:mod:`.steps`); 2. the C-arm's angles (:mod:`.convention`); 3. which oblique
opens which joint and the simulator (:mod:`.simulator`, :mod:`.margins`); 4. the Scotty dog (:mod:`.scotty`);
5. the needle path (:mod:`.needle_path`); 6. contrast (:mod:`.contrast`); 7. radiation (:mod:`.fluoro_time`,
:mod:`.dose_calculator`, :mod:`.eye_dose`); 8. beyond the lumbar spine (:mod:`.regions`); the misconceptions,
self-check and key references (:mod:`.text`). What several sections share is in :mod:`._common`. Numbers
come from the models (fluoroscopy, needle, radiation, contrast, procedure steps), which read ``data/``.
"""

from ._common import LEVELS, aim_angle, best_angle, steep_oblique_deg
from .contrast import (
    contrast_agent_text,
    contrast_allergy_text,
    contrast_explorer,
    contrast_figure,
    contrast_patterns_table,
    intravascular_figure,
    intravascular_table,
    joint_volume_text,
)
from .convention import carm_convention_figure, geometry_table
from .dose_calculator import (
    DOSE_SETUPS,
    distance_figure,
    dose_examples_table,
    dose_reduction_table,
    patient_dose_text,
    radiation_explorer,
)
from .eye_dose import eye_counts_table, eye_headline, eye_limit_facts, limits_table
from .fluoro_time import fluoroscopy_times_figure, typical_fluoroscopy_table
from .margins import margins_figure, visibility_by_level_figure
from .needle_path import needle_explorer, needle_figure, needle_metrics_table, planner_explorer
from .regions import AXIAL_COLUMN, regional_differences_table, regional_facet_angles_table
from .scotty import scotty_dog_figure, scotty_parts_table
from .simulator import AIM_COLUMN, GAP_COLUMN, oblique_angles_table, simulator_explorer, simulator_figure
from .steps import (
    NOT_MENTIONED,
    around_the_steps,
    leaflet_gaps_table,
    leaflet_mentions,
    operator_checklist_table,
    timeline_figure,
)
from .text import key_references, misconceptions, self_check_questions

__all__ = [
    "AIM_COLUMN",
    "AXIAL_COLUMN",
    "DOSE_SETUPS",
    "GAP_COLUMN",
    "LEVELS",
    "NOT_MENTIONED",
    "aim_angle",
    "best_angle",
    "carm_convention_figure",
    "contrast_explorer",
    "contrast_figure",
    "contrast_patterns_table",
    "distance_figure",
    "dose_examples_table",
    "dose_reduction_table",
    "eye_counts_table",
    "eye_headline",
    "eye_limit_facts",
    "fluoroscopy_times_figure",
    "geometry_table",
    "intravascular_figure",
    "intravascular_table",
    "joint_volume_text",
    "contrast_agent_text",
    "contrast_allergy_text",
    "key_references",
    "around_the_steps",
    "leaflet_gaps_table",
    "operator_checklist_table",
    "leaflet_mentions",
    "limits_table",
    "margins_figure",
    "misconceptions",
    "needle_explorer",
    "needle_figure",
    "needle_metrics_table",
    "oblique_angles_table",
    "patient_dose_text",
    "planner_explorer",
    "radiation_explorer",
    "regional_differences_table",
    "regional_facet_angles_table",
    "scotty_dog_figure",
    "scotty_parts_table",
    "self_check_questions",
    "simulator_explorer",
    "simulator_figure",
    "steep_oblique_deg",
    "timeline_figure",
    "typical_fluoroscopy_table",
    "visibility_by_level_figure",
]
