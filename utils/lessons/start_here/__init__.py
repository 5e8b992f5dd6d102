"""Lesson for notebooks/00_start_here.ipynb: what the notebook calls, from its section and its text."""

from .orientation import lumbar_orientation_table, orientation_explorer, orientation_figure
from .text import course_map_table, course_map_text, key_references, self_check_questions

__all__ = [
    "course_map_table",
    "course_map_text",
    "key_references",
    "lumbar_orientation_table",
    "orientation_explorer",
    "orientation_figure",
    "self_check_questions",
]
