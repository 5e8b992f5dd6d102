"""Self-check questions with immediate feedback that works with or without a kernel.

Each question is data (:class:`Question`); :func:`self_check` turns a list of them into radio buttons whose
selected index is linked in the browser (``jslink``) to a ``Stack`` of feedback panels, one per option. The
feedback therefore appears at once in JupyterLab, in an offline HTML handout and in slides alike.
Every explanation cites its source by reference id from ``data/references``.

The options are shown in the order :func:`arrange` gives: a seeded shuffle that spreads the correct answers
evenly over the positions, so a reader cannot learn where the answer sits. The seed is the questions' own
text, so the order, and the stored outputs, are the same on every run.
"""

from __future__ import annotations

import hashlib
import html
import random
from dataclasses import dataclass, replace

import ipywidgets as widgets

from .data import reference
from .explore import display_widget


@dataclass(frozen=True)
class Question:
    """A multiple-choice question: ``answer`` is the index of the correct option."""

    prompt: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    source_id: str

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise ValueError(f"question '{self.prompt[:40]}...' needs at least two options")
        if not 0 <= self.answer < len(self.options):
            raise ValueError(f"question '{self.prompt[:40]}...': answer index {self.answer} is not an option")
        if len(set(self.options)) != len(self.options):
            raise ValueError(f"question '{self.prompt[:40]}...' repeats an option")
        for sid in self.source_id.split(";"):
            reference(sid.strip())  # raises a clear DataError for an unknown id

    def citation(self) -> str:
        return "; ".join(reference(s.strip()).short() for s in self.source_id.split(";"))

    def feedback(self, chosen: int) -> str:
        """Feedback shown when option ``chosen`` is picked: right or wrong, why, and the source."""
        verdict = (
            "Correct."
            if chosen == self.answer
            else f"Not quite: the answer is “{self.options[self.answer]}”."
        )
        colour = "#009E73" if chosen == self.answer else "#D55E00"
        return (
            f'<div style="border-left:4px solid {colour};padding:0.3em 0.7em;margin:0.2em 0">'
            f"<b>{html.escape(verdict)}</b> {html.escape(self.explanation)} "
            f"<i>Source: {html.escape(self.citation())}.</i></div>"
        )

    def with_answer_at(self, position: int, rng: random.Random) -> Question:
        """The same question with its options reordered so the correct one sits at ``position`` (0-based);
        the wrong options in an order drawn from ``rng``."""
        if not 0 <= position < len(self.options):
            raise ValueError(f"position {position} is not one of the {len(self.options)} options")
        wrong = [o for i, o in enumerate(self.options) if i != self.answer]
        rng.shuffle(wrong)
        options = wrong[:position] + [self.options[self.answer]] + wrong[position:]
        return replace(self, options=tuple(options), answer=position)


def _seed(questions: list[Question]) -> int:
    """A seed from the questions' prompts (stable across runs and machines, unlike ``hash``)."""
    digest = hashlib.sha256("\n".join(q.prompt for q in questions).encode()).hexdigest()
    return int(digest[:16], 16)


def arrange(questions: list[Question]) -> list[Question]:
    """The questions with their options reordered by a seeded shuffle so the correct answers are spread over
    the positions: each position holds the answer about equally often (at most one more time than another
    position open to the same questions). Deterministic: seeded by the questions' own text."""
    rng = random.Random(_seed(questions))
    counts: dict[int, int] = {}
    arranged = []
    for question in questions:
        positions = list(range(len(question.options)))
        rng.shuffle(positions)
        position = min(positions, key=lambda p: counts.get(p, 0))
        counts[position] = counts.get(position, 0) + 1
        arranged.append(question.with_answer_at(position, rng))
    return arranged


def question_widget(number: int, question: Question) -> widgets.Widget:
    """One question: its prompt, radio buttons and a feedback stack linked to them in the browser."""
    prompt = widgets.HTML(f"<b>{number}. {html.escape(question.prompt)}</b>")
    choices = widgets.RadioButtons(
        options=list(question.options), value=None, layout=widgets.Layout(width="auto")
    )
    feedback = widgets.Stack(
        children=[widgets.HTML(question.feedback(i)) for i in range(len(question.options))],
        selected_index=None,
    )
    widgets.jslink((choices, "index"), (feedback, "selected_index"))
    box = widgets.VBox([prompt, choices, feedback])
    box.add_class("facet-selfcheck-question")
    return box


def self_check(questions: list[Question]) -> None:
    """Display all questions of a notebook's self-check, numbered from 1."""
    if len(questions) < 5:
        raise ValueError(f"a self-check needs at least five questions; got {len(questions)}")
    box = widgets.VBox([question_widget(i, q) for i, q in enumerate(arrange(questions), start=1)])
    box.add_class("facet-selfcheck")
    display_widget(
        box, f"Self-check: {len(questions)} questions with feedback (run this cell to answer them)."
    )
