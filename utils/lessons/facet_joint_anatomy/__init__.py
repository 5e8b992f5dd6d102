"""Lesson for notebooks/01_facet_joint_anatomy.ipynb: what the notebook calls, section by section.

1. orientation (:mod:`.orientation`, the level picker :mod:`.level_picker`); 2. innervation (:mod:`.nerves`,
the posterior view :mod:`.lumbar_nerves`); 3. referral (:mod:`.referral_map`); 4. capsule (:mod:`.capsule`);
5. prevalence (:mod:`.prevalence`); the misconceptions, self-check and key references (:mod:`.text`).
Image conventions: axial views are shown as on CT (image left = patient's right, anterior at the top);
posterior views as seen from behind the patient (image left = patient's left).
"""

from .capsule import (
    capsule_explorer,
    capsule_figure,
    capsule_table,
    injected_volumes_table,
    nerve_limit_note,
    volume_check_text,
)
from .level_picker import axial_glyph_figure, axial_section_figure, junction_warning, level_explorer
from .lumbar_nerves import also_numbed, lumbar_nerves_explorer, lumbar_nerves_figure
from .nerves import (
    innervation_examples,
    innervation_explorer,
    innervation_map_figure,
    innervation_table,
    thoracic_caution,
)
from .orientation import (
    cervical_inclination_table,
    conversion_table,
    orientation_by_study_figure,
    orientation_studies_table,
    orientation_summary_table,
)
from .prevalence import prevalence_figure, prevalence_table
from .referral_map import referral_explorer, referral_map_figure, referral_table
from .text import key_references, misconceptions, self_check_questions, where_a_leak_goes

__all__ = [
    "also_numbed",
    "axial_glyph_figure",
    "axial_section_figure",
    "capsule_explorer",
    "capsule_figure",
    "capsule_table",
    "cervical_inclination_table",
    "conversion_table",
    "injected_volumes_table",
    "nerve_limit_note",
    "innervation_examples",
    "innervation_explorer",
    "innervation_map_figure",
    "innervation_table",
    "junction_warning",
    "key_references",
    "level_explorer",
    "lumbar_nerves_explorer",
    "lumbar_nerves_figure",
    "misconceptions",
    "orientation_by_study_figure",
    "orientation_studies_table",
    "orientation_summary_table",
    "prevalence_figure",
    "prevalence_table",
    "referral_explorer",
    "referral_map_figure",
    "referral_table",
    "self_check_questions",
    "where_a_leak_goes",
    "thoracic_caution",
    "volume_check_text",
]
