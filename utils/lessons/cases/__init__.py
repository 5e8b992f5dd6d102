"""Lesson for notebooks/08_cases.ipynb: invented patients whose questions are computed by the course's models.

``casebook`` shows the cases (story, questions in decision order, score), ``select``, ``drugs`` and ``after``
compute each question from a case's inputs (innervation, the safety rule set, 03's C-arm model, 02's Bayes
model, 05's diary reader and recovery model, 06's planner and toxicity tables, 07's aftercare rules), ``text``
holds the prose. The cases are read from ``data/cases.csv`` by :mod:`facet_course.models.cases`.
"""

from .casebook import (
    case_ids,
    case_map_figure,
    cases_table,
    questions,
    show_case,
    show_score,
    story,
)
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
    "how_it_works",
    "key_questions",
    "key_references",
    "misconceptions",
    "questions",
    "review_story",
    "self_check_questions",
    "show_case",
    "show_score",
    "story",
]
