"""Lesson for notebooks/08_cases.ipynb: invented patients whose questions are computed by the course's models.

``casebook`` shows the cases (story, questions in decision order, score), ``select``, ``drugs`` and ``after``
compute each question from a case's inputs (innervation, the safety rule set, 03's C-arm model, 02's Bayes
model, 05's diary reader and recovery model, 06's planner and toxicity tables, 07's aftercare rules), ``text``
holds the prose. ``targets_view``, ``doses_view`` and ``outcomes_view`` draw sections 2-4's figures and
explorers from the same models; ``sections`` shows them (study edition only).
The cases are read from ``data/cases.csv`` by :mod:`facet_course.models.cases`.
"""

from .casebook import (
    case_ids,
    case_map_figure,
    cases_table,
    heading,
    questions,
    show_case,
    show_score,
    story,
)
from .doses_view import dose_explorer, dose_figure
from .outcomes_view import diary_explorer, post_test_figure
from .sections import explorer, show_figure
from .targets_view import target_figure
from .text import (
    how_it_works,
    key_questions,
    key_references,
    misconceptions,
    review_story,
    self_check_questions,
)

__all__ = [
    "case_ids",
    "case_map_figure",
    "cases_table",
    "diary_explorer",
    "dose_explorer",
    "dose_figure",
    "explorer",
    "how_it_works",
    "key_questions",
    "key_references",
    "misconceptions",
    "post_test_figure",
    "questions",
    "review_story",
    "self_check_questions",
    "show_case",
    "show_figure",
    "show_score",
    "heading",
    "story",
    "target_figure",
]
