"""Lesson for notebooks/05_recovery_curves.ipynb: what the notebook calls, from its sections and its text.

One file per section (``phases``, ``leaflets``, ``cohort``, ``diaries``), the clinical prose in ``text``, the
shared time axis and defaults in ``common``. Every number comes from :mod:`facet_course.models.recovery` and
:mod:`facet_course.models.pain_diary`, which read it from ``data/``.
"""

from .cohort import cohort_summary_table, survival_explorer, survival_figure
from .diaries import (
    diary_explorer,
    diary_figure,
    diary_results_table,
    diary_summaries,
    reading_rule_examples_table,
)
from .leaflets import claims_table, leaflet_figure, steroid_vs_no_steroid_table
from .phases import key_numbers_table, recovery_explorer, recovery_figure
from .text import (
    diary_procedure,
    key_references,
    misconceptions,
    patient_talk,
    reading_rules,
    self_check_questions,
)

__all__ = [
    "claims_table",
    "cohort_summary_table",
    "diary_explorer",
    "diary_figure",
    "diary_procedure",
    "diary_results_table",
    "diary_summaries",
    "key_numbers_table",
    "key_references",
    "leaflet_figure",
    "misconceptions",
    "patient_talk",
    "reading_rule_examples_table",
    "reading_rules",
    "recovery_explorer",
    "recovery_figure",
    "self_check_questions",
    "steroid_vs_no_steroid_table",
    "survival_explorer",
    "survival_figure",
]
