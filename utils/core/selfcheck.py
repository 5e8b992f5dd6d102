"""Self-check questions with immediate feedback that works with or without a kernel.

Each question is data (:class:`Question`); :func:`self_check` turns a list of them into radio buttons whose
selected index is linked in the browser (``jslink``) to a ``Stack`` of feedback panels, one per option. The
feedback therefore appears at once in JupyterLab, in an offline HTML handout and in slides alike.
Every explanation cites its source by reference id from ``data/references``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

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
    box = widgets.VBox([question_widget(i, q) for i, q in enumerate(questions, start=1)])
    box.add_class("facet-selfcheck")
    display_widget(
        box, f"Self-check: {len(questions)} questions with feedback (run this cell to answer them)."
    )
