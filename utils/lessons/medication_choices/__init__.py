"""Lesson for notebooks/04_medication_choices.ipynb: what the notebook calls, from its sections and its text.

One module per section: :mod:`.why_both` (1, why two drugs), :mod:`.anaesthetics` (2, local anaesthetics),
:mod:`.checker` and :mod:`.checker_figure` (3, the dose and volume checker), :mod:`.steroids` and
:mod:`.steroid_time` (4, choosing the steroid and when it could act), :mod:`.systemic` (5, systemic effects);
the clinical prose is in :mod:`.text`. Every number comes through the models (pharmacology, the safety rule
set, systemic effects, anatomy) from the sourced tables in ``data/``.
"""

from .anaesthetics import la_explorer, la_figure, la_time_course_table, la_toxicity_table, max_dose_table
from .checker import (
    example_checks,
    max_volume_table,
    print_example,
    two_checks_at_the_joint_limit,
    volume_limits_table,
)
from .checker_figure import checker_explorer, checker_figure
from .steroid_time import (
    steroid_comparative_trials,
    steroid_explorer,
    steroid_figure,
    steroid_time_course_basis,
    steroid_time_course_table,
)
from .steroids import particle_figure, steroid_dose_table, steroid_label_table, steroid_table
from .systemic import systemic_explorer, systemic_figure, systemic_table
from .text import (
    allergy_and_contrast_note,
    before_the_steroid,
    checker_scope,
    contrast_agent_note,
    equivalence_caveat,
    key_references,
    last_prevention,
    misconceptions,
    preservatives_note,
    self_check_questions,
    who_to_warn,
)
from .why_both import drug_overview_table, why_both_explorer, why_both_figure

__all__ = [
    "allergy_and_contrast_note",
    "checker_explorer",
    "checker_scope",
    "checker_figure",
    "contrast_agent_note",
    "drug_overview_table",
    "equivalence_caveat",
    "example_checks",
    "key_references",
    "la_explorer",
    "la_figure",
    "la_time_course_table",
    "la_toxicity_table",
    "last_prevention",
    "max_dose_table",
    "max_volume_table",
    "misconceptions",
    "before_the_steroid",
    "preservatives_note",
    "particle_figure",
    "print_example",
    "self_check_questions",
    "steroid_dose_table",
    "steroid_explorer",
    "steroid_figure",
    "steroid_label_table",
    "steroid_table",
    "steroid_comparative_trials",
    "steroid_time_course_basis",
    "steroid_time_course_table",
    "systemic_explorer",
    "systemic_figure",
    "systemic_table",
    "two_checks_at_the_joint_limit",
    "volume_limits_table",
    "who_to_warn",
    "why_both_explorer",
    "why_both_figure",
]
