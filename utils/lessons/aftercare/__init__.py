"""Lesson for notebooks/07_aftercare.ipynb: what the notebook calls, from its sections and its text.

One file per section (``timeline``: what will I feel when, and when to call; ``repeat``: repeating
injections and
radiofrequency; ``radiofrequency``: radiofrequency or not; ``leaflet``: the patient leaflet), the
clinical prose
in ``text``. Every number comes from :mod:`facet_course.models.aftercare` and, through their models, notebooks
02, 04, 05 and 06's tables; the per-session steroid ceiling from :mod:`facet_course.safety`.
"""

from .leaflet import (
    course_notice,
    leaflet_fragment,
    leaflet_html,
    leaflet_name,
    reading_explorer,
    reading_grade,
    reading_level_summary,
    reading_text,
    write_leaflets,
)
from .radiofrequency import (
    clinic_key,
    clinic_summary,
    outcomes_table,
    rf_explorer,
    rf_figure,
    statements_table,
)
from .repeat import (
    effects_figure,
    repeat_table,
    steroid_year_example,
    steroid_year_explorer,
)
from .text import (
    claims_corrected_table,
    key_references,
    misconceptions,
    rf_differences,
    self_check_questions,
)
from .timeline import steps_table, timeline_explorer, timeline_figure, when_to_call_table

__all__ = [
    "claims_corrected_table",
    "clinic_key",
    "clinic_summary",
    "course_notice",
    "effects_figure",
    "key_references",
    "leaflet_fragment",
    "leaflet_html",
    "leaflet_name",
    "misconceptions",
    "outcomes_table",
    "reading_grade",
    "reading_explorer",
    "reading_level_summary",
    "reading_text",
    "repeat_table",
    "rf_differences",
    "rf_explorer",
    "rf_figure",
    "self_check_questions",
    "statements_table",
    "steroid_year_example",
    "steroid_year_explorer",
    "steps_table",
    "timeline_explorer",
    "timeline_figure",
    "when_to_call_table",
    "write_leaflets",
]
