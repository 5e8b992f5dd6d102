"""The cases as the notebook shows them: each case's story and its questions in decision order (computed by
the models through ``select``, ``drugs`` and ``after``), the overview table and the figure of which decisions
each case asks."""

from __future__ import annotations

import functools
import html
import textwrap

import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib.figure import Figure

from ...core import citations, style
from ...core.figures import figure
from ...core.selfcheck import AnyQuestion, case_check, score_summary
from ...models import cases as case_model
from ...models.cases import Case
from . import after, drugs, infection, select, toxicity
from .common import STAGE_OF, STAGES, StepFn

#: Step key -> the function that computes its question from a case.
STEPS: dict[str, StepFn] = {
    "pretest": select.pretest,
    "care": select.care,
    "nerves": select.nerves,
    "l5_target": select.l5_target,
    "carm": select.carm,
    "contrast": select.contrast_question,
    "volume": select.volume,
    "cutoff": select.cutoff,
    "diagnostic_steroid": drugs.diagnostic_steroid,
    "steroid_dose": drugs.steroid_dose,
    "steroid_plan": drugs.steroid_plan,
    "max_dose": drugs.max_dose,
    "max_volume": drugs.max_volume,
    "plan_verdict": drugs.plan_verdict,
    "bleeding": drugs.bleeding,
    "interval": drugs.interval,
    "prescriber": drugs.prescriber,
    **{key: functools.partial(after.leaflet_question, key) for key in after.LEAFLET},
    "vasovagal_rate": after.vasovagal_rate,
    "vasovagal_action": after.vasovagal_action,
    "not_last": toxicity.not_last,
    "last_recognise": toxicity.last_recognise,
    "last_onset": toxicity.last_onset,
    "last_first": toxicity.last_first,
    "lipid_bolus": toxicity.lipid_bolus,
    "diary": after.diary,
    "post_test": after.post_test,
    "blocks_disagree": after.blocks_disagree,
    "fever_threshold": infection.fever_threshold,
    "fever_action": infection.fever_action,
    "infection": infection.infection,
    "pneumothorax": infection.pneumothorax,
}


def _check_order(case: Case) -> None:
    unknown = [s for s in case.steps if s not in STEPS]
    if unknown:
        raise ValueError(f"case {case.id}: unknown steps {unknown}; known: {', '.join(STEPS)}")
    stages = [STAGE_OF[s] for s in case.steps]
    if stages != sorted(stages):
        raise ValueError(f"case {case.id}: its steps are not in decision order ({', '.join(case.steps)})")


def questions(case_id: str) -> list[AnyQuestion]:
    """A case's questions in decision order, each computed by the models from the case's inputs."""
    case = case_model.case(case_id)
    _check_order(case)
    return [STEPS[step](case) for step in case.steps]


def case_ids() -> list[str]:
    return case_model.case_ids("case")


def heading(case_id: str) -> str:
    """'Case 3: Diabetes and a steroid': how the reader knows a case (its number and title)."""
    case = case_model.case(case_id)
    return f"Case {case.order}: {case.title}"


def story(case_id: str) -> Markdown:
    """The case as the resident meets it: title, the invented patient, the story, the facts' sources."""
    case = case_model.case(case_id)
    return Markdown(
        f"### {html.escape(heading(case_id))}\n\n*{html.escape(case.patient)}*\n\n"
        f"{html.escape(case.story)}\n\n<small>The patient is invented; the facts the story states: "
        f"{citations.short(case.source_id)}. Every answer below is computed by the course's models.</small>"
    )


def show_case(case_id: str) -> None:
    """Display a case's questions (options arranged, feedback in the browser) and its score line."""
    case_check(case_id, questions(case_id), heading(case_id).split(":")[0])


def show_score() -> None:
    """The score over every case in the notebook, counted in the browser."""
    score_summary()


def cases_table() -> pd.DataFrame:
    """One row per case: number, title, region, joints and the decisions it asks."""
    rows = []
    for case in case_model.cases("case"):
        asked = sorted({STAGE_OF[s] for s in case.steps})
        rows.append(
            {
                "case": case.order,
                "title": case.title,
                "region": case.region,
                "joints": ", ".join(case.joints),
                "decisions asked": "; ".join(STAGES[i] for i in asked),
                "questions": len(case.steps),
            }
        )
    return pd.DataFrame(rows)


@figure("case-decisions-by-case")
def case_map_figure() -> tuple[Figure, str]:
    """Which decision each case asks about (columns: the decisions in order; rows: the cases)."""
    every = case_model.cases("case")
    grid = np.zeros((len(every), len(STAGES)))
    for row, case in enumerate(every):
        for step in case.steps:
            grid[row, STAGE_OF[step]] += 1
    fig, (ax,) = style.new_figure("slide")
    ax.imshow(grid > 0, cmap="Blues", aspect="auto", vmin=0, vmax=1.6)
    for (row, col), count in np.ndenumerate(grid):
        if count:
            ax.text(col, row, f"{count:g}", ha="center", va="center", fontsize=10)
    ax.set_xticks(range(len(STAGES)), [textwrap.fill(s, 10) for s in STAGES], fontsize=9)
    ax.grid(False)
    ax.set_yticks(range(len(every)), [f"{c.order}. {c.title}" for c in every], fontsize=9)
    # two fixed lines each (wrapped at a slide's type, the layout would not see the second line)
    ax.set_title(
        "Every case walks the decisions in order:\ncandidate first, what went wrong last", loc="left"
    )
    ax.set_xlabel("decision (left to right: the order a clinician takes them);\nnumber = questions")
    style.source_note(
        fig, "Cases: invented patients (data/cases.csv); answers computed by the course's models."
    )
    alt = (
        f"A grid of the {len(every)} cases (rows) against six decisions in order (columns: candidate, "
        "nerves or joint, C-arm and view, drug dose and volume, the result and what to expect, what went "
        "wrong); a filled cell with a number shows how many questions the case asks on that decision. Doses "
        "and volumes are asked most; every decision is asked by at least one case."
    )
    return fig, alt
