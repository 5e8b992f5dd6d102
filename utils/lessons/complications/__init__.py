"""Lesson for notebooks/06_complications.ipynb: what the notebook calls, from its sections and its text.

One file per section (``risks``, ``toxicity``, ``anticoagulation``), the clinical prose in ``text``. Every
number
comes from :mod:`facet_course.models.complications`, :mod:`facet_course.models.last` and
:mod:`facet_course.models.anticoagulants` (and, borrowed through their models, notebooks 03, 04 and 05), which
read it from ``data/``; any local anaesthetic dose goes through :mod:`facet_course.safety`.
"""

from .anticoagulation import (
    categories_table,
    drugs_table,
    guideline_link,
    guideline_url,
    patient_factors_table,
    planner_explorer,
    planner_figure,
)
from .risks import no_rate_table, rates_table, risk_explorer, risk_figure
from .text import (
    consent,
    key_numbers,
    key_references,
    links,
    managing_events,
    misconceptions,
    self_check_questions,
)
from .toxicity import (
    band_edge_note,
    case_dose_text,
    last_explorer,
    last_figure,
    lipid_table,
    routes_table,
    treatment_table,
)

__all__ = [
    "case_dose_text",
    "categories_table",
    "consent",
    "drugs_table",
    "guideline_link",
    "guideline_url",
    "key_numbers",
    "key_references",
    "last_explorer",
    "last_figure",
    "links",
    "band_edge_note",
    "lipid_table",
    "managing_events",
    "misconceptions",
    "no_rate_table",
    "patient_factors_table",
    "planner_explorer",
    "planner_figure",
    "rates_table",
    "risk_explorer",
    "risk_figure",
    "routes_table",
    "self_check_questions",
    "treatment_table",
]
