"""Lesson for notebooks/02_patient_selection.ipynb: what the notebook calls, from its sections and its text.

One file per section (``candidates``, ``bayes``, ``cutoffs``, ``pathway``), the clinical prose in ``text``,
display names and colours in ``common``. Every number comes from the models (``diagnostic_blocks``,
``block_selection``, ``block_pathway``, and notebook 01's and 05's ``prevalence`` and ``block_criteria``),
which read it from ``data/``.
"""

from .bayes import bayes_explorer, bayes_figure, false_positive_figure, post_test_note, post_test_table
from .candidates import conservative_care_figure, guideline_explorer, guideline_table
from .cutoffs import cutoff_explorer, cutoff_figure, cutoff_table
from .pathway import (
    expected_settings,
    expected_table,
    pathway_explorer,
    pathway_figure,
    trial_caption,
    trial_table,
)
from .text import (
    before_you_book,
    candidate_summary,
    key_references,
    misconceptions,
    self_check_questions,
    trial_conclusion,
    why_blocks,
)

__all__ = [
    "bayes_explorer",
    "before_you_book",
    "bayes_figure",
    "candidate_summary",
    "conservative_care_figure",
    "cutoff_explorer",
    "cutoff_figure",
    "cutoff_table",
    "expected_settings",
    "expected_table",
    "false_positive_figure",
    "guideline_explorer",
    "guideline_table",
    "key_references",
    "misconceptions",
    "pathway_explorer",
    "pathway_figure",
    "post_test_note",
    "post_test_table",
    "self_check_questions",
    "trial_conclusion",
    "trial_caption",
    "trial_table",
    "why_blocks",
]
