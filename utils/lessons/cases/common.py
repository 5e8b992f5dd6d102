"""What every case question shares: the decision stages in order, the numeric questions' teaching settings
(tolerance and slider positions: not clinical numbers), and small builders.

A case question is computed from one case's inputs by the course's models; the builders only shape the model's
answer into a question with its explanation and source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...core.selfcheck import AnyQuestion, NumericQuestion, Question
from ...models import innervation
from ...models.cases import Case

#: The decisions of a case, in the order a clinician takes them.
STAGES: tuple[str, ...] = (
    "candidate?",
    "which nerves or joint",
    "C-arm and the view",
    "drug, dose and volume",
    "the result and what to expect",
    "what went wrong",
)

#: Step key -> its stage (index into STAGES).
STAGE_OF: dict[str, int] = {
    "pretest": 0,
    "care": 0,
    "nerves": 1,
    "l5_target": 1,
    "carm": 2,
    "contrast": 2,
    "volume": 3,
    "diagnostic_steroid": 3,
    "steroid_dose": 3,
    "steroid_plan": 3,
    "max_dose": 3,
    "max_volume": 3,
    "plan_verdict": 3,
    "bleeding": 3,
    "interval": 3,
    "prescriber": 3,
    "cutoff": 4,
    "diary": 4,
    "post_test": 4,
    "blocks_disagree": 4,
    "return": 4,
    "glucose": 4,
    "steroid_relief": 4,
    "fever_threshold": 4,
    "vasovagal_rate": 5,
    "vasovagal_action": 5,
    "not_last": 5,
    "last_recognise": 5,
    "last_onset": 5,
    "last_first": 5,
    "lipid_bolus": 5,
    "fever_action": 5,
    "infection": 5,
    "pneumothorax": 5,
}

#: Teaching settings of the numeric questions, by step: (tolerance, first, last, step) in the question's unit.
#: A tolerance of 0 asks for the model's exact figure (it is always a slider position); a range answer (the
#: model gives low-high) takes no tolerance. These are the quiz's resolution, not clinical numbers.
NUMERIC: dict[str, tuple[float, float, float, float]] = {
    "care": (1, 0, 26, 1),
    "volume": (0, 0.05, 2.0, 0.05),
    "steroid_dose": (0, 0, 80, 2),
    "glucose": (0, 0, 14, 1),
    "max_dose": (3, 0, 400, 5),
    "max_volume": (0.5, 0, 40, 0.5),
    "vasovagal_rate": (1, 0, 20, 0.5),
    "lipid_bolus": (5, 0, 150, 5),
    "post_test": (3, 0, 100, 2),
    "fever_threshold": (0.3, 36.5, 40.0, 0.1),  # wide: no study sets a threshold (review s8 F7)
}


def positions(step: str) -> tuple[float, ...]:
    """The slider positions of a numeric step (its unit), rounded so labels read cleanly."""
    _, first, last, size = NUMERIC[step]
    count = int(round((last - first) / size))
    return tuple(round(first + k * size, 6) for k in range(count + 1))


def tolerance(step: str) -> float:
    return NUMERIC[step][0]


def numeric(
    step: str, prompt: str, unit: str, answer: float, explanation: str, source_id: str
) -> NumericQuestion:
    """A numeric question: the model's ``answer`` within the step's stated tolerance."""
    return NumericQuestion.within(
        prompt, unit, answer, tolerance(step), positions(step), explanation, source_id
    )


def numeric_range(
    step: str, prompt: str, unit: str, low: float, high: float, explanation: str, source_id: str, what: str
) -> NumericQuestion:
    """A numeric question whose answer is a sourced range (low-high, inclusive): ``what`` names the range."""
    text = f"{low:g} to {high:g} {unit} ({what})" if low != high else f"{low:g} {unit} ({what})"
    rule = "any value in the sourced range counts"
    return NumericQuestion(
        prompt, unit, (low + high) / 2, (low, high), positions(step), explanation, source_id, text, rule
    )


def choice(prompt: str, correct: str, wrong: Sequence[str], explanation: str, source_id: str) -> Question:
    """A multiple-choice question: the correct option first (:func:`arrange` moves it), wrong ones unique
    and never equal to the correct one."""
    options = [correct, *dict.fromkeys(w for w in wrong if w != correct)]
    return Question(prompt, tuple(options), 0, explanation, source_id)


def sources(*ids: str) -> str:
    """';'-joined unique reference ids from several ';'-separated groups."""
    return ";".join(dict.fromkeys(s.strip() for group in ids for s in group.split(";") if s.strip()))


def site_word(case: Case) -> str:
    return "nerve" if case.target == "medial_branch" else "joint"


def n_sites(case: Case) -> int:
    """Injection points: joints (intra-articular, each side) or, for medial branch blocks, the points every
    nerve of the case's joints takes (innervation model: the third occipital nerve takes three), each side."""
    if case.target == "intra_articular":
        return len(case.joints) * case.sides
    return sum(innervation.injection_points(n).points for n in case_nerves(case)) * case.sides


def case_nerves(case: Case) -> tuple[str, ...]:
    """The nerves that supply the case's joints (innervation model), each once, cranial first."""
    found = [n for joint in case.joints for n in innervation.nerves_to_block(joint).nerves]
    return tuple(dict.fromkeys(found))


StepFn = Callable[[Case], AnyQuestion]
