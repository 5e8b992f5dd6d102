"""Self-check questions with immediate feedback that works with or without a kernel.

Each question is data (:class:`Question`); :func:`self_check` turns a list of them into radio buttons whose
selected index is linked in the browser (``jslink``) to a ``Stack`` of feedback panels, one per option. In
static mode (handouts and slides, ``FACET_COURSE_STATIC=1``) the same questions are plain HTML instead
(:func:`static_question_html`: native radio buttons and range inputs, feedback switched by a few lines of
script), so those files need no widget runtime. The feedback appears at once in JupyterLab, in an offline
HTML handout and in slides alike.
Every explanation cites its source by reference id from ``data/references``.

The options are shown in the order :func:`arrange` gives: a seeded shuffle that spreads the correct answers
evenly over the positions, so a reader cannot learn where the answer sits. The seed is the questions' own
text, so the order, and the stored outputs, are the same on every run.

Beyond multiple choice, :class:`NumericQuestion` asks for a number (a dose in mg, a volume in mL, an angle in
degrees) on a slider of values, each position linked in the browser to its own feedback: inside the accepted
interval (the model's answer with its stated tolerance, or a sourced range) is right. :func:`case_check` shows
the questions of one case with a score that the browser counts (:func:`score_html`), so it works in a handout.

Editions (:func:`edition`, environment variable ``FACET_COURSE_EDITION``): ``study`` (the default) shows
feedback at once; ``exam`` shows the same questions in the same order with no feedback, no answer and no score
anywhere in the output, for a quiz in class.
"""

from __future__ import annotations

import hashlib
import html
import math
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

import ipywidgets as widgets
from IPython.display import display

from .data import reference
from .explore import display_widget, static_mode
from .twin import choice_html, escape, new_id, range_html

EDITION_ENV = "FACET_COURSE_EDITION"
EDITIONS: tuple[str, ...] = ("study", "exam")
#: Class of every feedback panel; with ``facet-right`` or ``facet-wrong``, what the browser's score counts and
#: what the exam edition's test searches for.
FEEDBACK_CLASS = "facet-feedback"


def edition() -> str:
    """'study' (feedback at once; the default) or 'exam' (no feedback, answers or score in the output)."""
    value = os.environ.get(EDITION_ENV, "") or "study"
    if value not in EDITIONS:
        raise ValueError(f"{EDITION_ENV}={value!r}; choose one of {', '.join(EDITIONS)}")
    return value


def _feedback_html(right: bool, verdict: str, explanation: str, citation: str) -> str:
    colour = "#009E73" if right else "#D55E00"
    return (
        f'<div class="{FEEDBACK_CLASS} {"facet-right" if right else "facet-wrong"}" '
        f'style="border-left:4px solid {colour};padding:0.3em 0.7em;margin:0.2em 0">'
        f"<b>{html.escape(verdict)}</b> {html.escape(explanation)} "
        f"<i>Source: {html.escape(citation)}.</i></div>"
    )


def _check_sources(source_id: str) -> None:
    for sid in source_id.split(";"):
        reference(sid.strip())  # raises a clear DataError for an unknown id


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
        _check_sources(self.source_id)

    def citation(self) -> str:
        return "; ".join(reference(s.strip()).short() for s in self.source_id.split(";"))

    def feedback(self, chosen: int) -> str:
        """Feedback shown when option ``chosen`` is picked: right or wrong, why, and the source."""
        verdict = (
            "Correct."
            if chosen == self.answer
            else f"Not quite: the answer is “{self.options[self.answer]}”."
        )
        return _feedback_html(chosen == self.answer, verdict, self.explanation, self.citation())

    def answer_text(self) -> str:
        """The correct answer as text (for the instructor's key)."""
        return self.options[self.answer]

    def with_answer_at(self, position: int, rng: random.Random) -> Question:
        """The same question with its options reordered so the correct one sits at ``position`` (0-based);
        the wrong options in an order drawn from ``rng``."""
        if not 0 <= position < len(self.options):
            raise ValueError(f"position {position} is not one of the {len(self.options)} options")
        wrong = [o for i, o in enumerate(self.options) if i != self.answer]
        rng.shuffle(wrong)
        options = wrong[:position] + [self.options[self.answer]] + wrong[position:]
        return replace(self, options=tuple(options), answer=position)


@dataclass(frozen=True)
class NumericQuestion:
    """A question answered with a number on a slider: ``choices`` are its positions (in ``unit``), and a
    value inside ``accept`` (low, high; inclusive) is right. ``answer`` is the model's value, shown in the
    feedback; ``accept_text`` says what is accepted and why (a stated tolerance, or a sourced range)."""

    prompt: str
    unit: str
    answer: float
    accept: tuple[float, float]
    choices: tuple[float, ...]
    explanation: str
    source_id: str
    accept_text: str = ""
    rule: str = "a value in the accepted range counts"

    def __post_init__(self) -> None:
        where = f"numeric question '{self.prompt[:40]}...'"
        low, high = self.accept
        if not (math.isfinite(low) and math.isfinite(high) and low <= high):
            raise ValueError(f"{where}: accept={self.accept} must be a finite interval (low <= high)")
        if not low <= self.answer <= high:
            raise ValueError(f"{where}: answer {self.answer:g} is outside the accepted {low:g}-{high:g}")
        if len(self.choices) < 3 or list(self.choices) != sorted(set(self.choices)):
            raise ValueError(f"{where}: choices must be at least three increasing values, without repeats")
        if not any(self.is_right(v) for v in self.choices):
            raise ValueError(f"{where}: no slider position lies in the accepted {low:g}-{high:g} {self.unit}")
        if all(self.is_right(v) for v in self.choices):
            raise ValueError(f"{where}: every slider position is accepted; the question cannot be missed")
        _check_sources(self.source_id)

    @classmethod
    def within(
        cls,
        prompt: str,
        unit: str,
        answer: float,
        tolerance: float,
        choices: Sequence[float],
        explanation: str,
        source_id: str,
    ) -> NumericQuestion:
        """A numeric question whose answer counts within +/- ``tolerance`` (same unit) of the model value."""
        if not tolerance >= 0:
            raise ValueError(f"tolerance={tolerance!r} must be zero or more {unit}")
        accept = (answer - tolerance, answer + tolerance)
        within = f"answers within ±{number_text(tolerance)} {unit} count" if tolerance else "the exact figure"
        text = f"{number_text(answer)} {unit} ({within})"
        rule = within if tolerance else "the exact figure counts"
        return cls(prompt, unit, answer, accept, tuple(choices), explanation, source_id, text, rule)

    def is_right(self, value: float) -> bool:
        low, high = self.accept
        scale = max(1.0, abs(low), abs(high))
        return low - 1e-9 * scale <= value <= high + 1e-9 * scale

    def label(self, value: float) -> str:
        """'1 week', '3 weeks', '0.5 mL': a plural unit word is said in the singular for exactly one."""
        unit = self.unit[:-1] if value == 1 and self.unit.endswith(UNITS_SAID_IN_THE_PLURAL) else self.unit
        return f"{number_text(value)} {unit}"

    def citation(self) -> str:
        return "; ".join(reference(s.strip()).short() for s in self.source_id.split(";"))

    def answer_text(self) -> str:
        """The accepted answer as text (for the instructor's key)."""
        low, high = self.accept
        return self.accept_text or f"{number_text(low)} to {number_text(high)} {self.unit}"

    def feedback(self, value: float, shown: str | None = None) -> str:
        """Feedback for a chosen value: right or wrong, the accepted answer, why, and the source. ``shown``
        replaces the value's label in the text (the static form puts a slot there that the page fills)."""
        right = self.is_right(value)
        label = self.label(value) if shown is None else shown
        verdict = "Correct." if right else f"Not quite: {label} is outside the accepted answer."
        explanation = f"Accepted: {self.answer_text()}. {self.explanation}"
        return _feedback_html(right, verdict, explanation, self.citation())


AnyQuestion = Question | NumericQuestion


#: Plural unit words (a numeric question's unit) said in the singular when the value is exactly 1.
UNITS_SAID_IN_THE_PLURAL = ("weeks", "days", "hours", "months", "years", "joints", "sessions")


def number_text(value: float) -> str:
    """A number as a clinician writes it: '0.25', '96', '19.2', '1,280' (never scientific notation)."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 1 or value == 0 else f"{value:.2g}"


def _seed(questions: Sequence[AnyQuestion]) -> int:
    """A seed from the questions' prompts (stable across runs and machines, unlike ``hash``)."""
    digest = hashlib.sha256("\n".join(q.prompt for q in questions).encode()).hexdigest()
    return int(digest[:16], 16)


def arrange(questions: Sequence[AnyQuestion]) -> list[AnyQuestion]:
    """The questions with their options reordered by a seeded shuffle so the correct answers are spread over
    the positions: each position holds the answer about equally often (at most one more time than another
    position open to the same questions). Deterministic: seeded by the questions' own text. Numeric
    questions have no options and are kept as they are."""
    rng = random.Random(_seed(questions))
    counts: dict[int, int] = {}
    arranged: list[AnyQuestion] = []
    for question in questions:
        if isinstance(question, NumericQuestion):
            arranged.append(question)
            continue
        positions = list(range(len(question.options)))
        rng.shuffle(positions)
        position = min(positions, key=lambda p: counts.get(p, 0))
        counts[position] = counts.get(position, 0) + 1
        arranged.append(question.with_answer_at(position, rng))
    return arranged


def _prompt(number: int, question: AnyQuestion) -> widgets.HTML:
    return widgets.HTML(f"<b>{number}. {html.escape(question.prompt)}</b>")


def question_widget(number: int, question: Question) -> widgets.Widget:
    """One question: its prompt, radio buttons and (study edition) a feedback stack linked to them in the
    browser."""
    choices = widgets.RadioButtons(
        options=list(question.options), value=None, layout=widgets.Layout(width="auto")
    )
    children: list[widgets.Widget] = [_prompt(number, question), choices]
    if edition() == "study":
        feedback = widgets.Stack(
            children=[widgets.HTML(question.feedback(i)) for i in range(len(question.options))],
            selected_index=None,
        )
        widgets.jslink((choices, "index"), (feedback, "selected_index"))
        children.append(feedback)
    box = widgets.VBox(children)
    box.add_class("facet-selfcheck-question")
    return box


#: The slider position that means 'not answered yet' (no feedback shown).
UNANSWERED = "–"


def numeric_widget(number: int, question: NumericQuestion) -> widgets.Widget:
    """One numeric question: its prompt, a slider of values (first position: not answered) and (study
    edition) a feedback stack linked to the slider's position in the browser."""
    slider = widgets.SelectionSlider(
        options=[UNANSWERED, *(question.label(v) for v in question.choices)],
        value=UNANSWERED,
        description="Answer:",
        continuous_update=True,
        layout=widgets.Layout(width="640px"),
        style={"description_width": "initial"},
    )
    rule = widgets.HTML(f"<i>In {html.escape(question.unit)}; {html.escape(question.rule)}.</i>")
    children: list[widgets.Widget] = [_prompt(number, question), rule, slider]
    if edition() == "study":
        feedback = widgets.Stack(
            children=[widgets.HTML(""), *(widgets.HTML(question.feedback(v)) for v in question.choices)],
            selected_index=0,
        )
        widgets.jslink((slider, "index"), (feedback, "selected_index"))
        children.append(feedback)
    box = widgets.VBox(children)
    box.add_class("facet-selfcheck-question")
    box.add_class("facet-selfcheck-numeric")
    return box


def any_widget(number: int, question: AnyQuestion) -> widgets.Widget:
    if isinstance(question, NumericQuestion):
        return numeric_widget(number, question)
    return question_widget(number, question)


#: A long option wraps under its own radio button instead of spilling over the next option (ipywidgets gives
#: each option one fixed-height line); the button comes first even where the widget manager writes it after
#: the text (the offline handouts); options are lettered A, B, C as in the instructor's key; on paper a
#: numeric question shows a line to write on instead of a slider. Shown once with every self-check and case.
OPTION_STYLE = (
    "<style>.facet-selfcheck .widget-radio-box{counter-reset:facet-option}"
    ".facet-selfcheck .widget-radio-box label{height:auto;"
    "min-height:var(--jp-widgets-radio-item-height);line-height:1.3;white-space:normal;display:flex;align-items:flex-start;margin-bottom:0.3em}"
    ".facet-selfcheck .widget-radio-box label::before{counter-increment:facet-option;"
    'content:counter(facet-option,upper-alpha) ".";flex:none;margin-right:0.4em}'
    ".facet-selfcheck .widget-radio-box input{order:-1;flex:none;margin:0.2em 0.45em 0 0}"
    "@media print{.facet-selfcheck-numeric .slider-container,.facet-selfcheck-numeric .widget-readout"
    "{display:none!important}.facet-selfcheck-numeric .widget-slider::after{content:'';flex:none;"
    "width:12em;border-bottom:1px solid #000;margin-left:0.5em}}</style>"
)


def static_question_html(number: int, question: AnyQuestion) -> str:
    """One question as plain HTML for handouts and slides (no widget runtime): a radio group whose legend is
    the prompt, or for a numeric question a labelled range of values whose first position means 'not
    answered'; in the study edition one hidden feedback panel per option or value, shown by the page's
    switch script (:mod:`.twin`) when it is picked (a numeric question: one panel for the accepted values and
    one for the others, naming the value chosen)."""
    prompt = f"<b>{number}. {escape(question.prompt)}</b>"
    if isinstance(question, NumericQuestion):
        ident = new_id(f"question-{number}")
        labels = [UNANSWERED, *(question.label(v) for v in question.choices)]
        body = (
            f'<div class="facet-prompt" id="{ident}">{prompt}</div>'
            f'<div class="facet-rule"><i>In {escape(question.unit)}; {escape(question.rule)}.</i></div>'
            + range_html("Answer:", labels, 0, f"answer-{number}").replace(
                "data-facet-control>", f'data-facet-control aria-describedby="{ident}">', 1
            )
        )
        panels = _numeric_panels(question)
        kind = "facet-selfcheck-question facet-selfcheck-numeric"
    else:
        body = choice_html(prompt, question.options, None, new_id(f"question-{number}"))
        panels = [(str(i), question.feedback(i)) for i in range(len(question.options))]
        kind = "facet-selfcheck-question"
    if edition() == "study":
        body += "".join(f'<div data-facet-key="{key}" hidden>{panel}</div>' for key, panel in panels)
    return f'<div class="{kind}" data-facet-switch>{body}</div>'


#: Stands for the chosen value's label in a numeric question's shared feedback (a private-use character).
_VALUE_SLOT = "\ue000"


def _numeric_panels(question: NumericQuestion) -> list[tuple[str, str]]:
    """A numeric question's feedback in two panels, (keys, html): one for every accepted position and one
    for every other, whose text names the value chosen through a slot the page fills (``data-facet-value``),
    instead of one panel per position repeating the explanation (issue 16: 08's handout was half these)."""
    positions = list(enumerate(question.choices, start=1))
    right = [str(i) for i, v in positions if question.is_right(v)]
    wrong = [(i, v) for i, v in positions if not question.is_right(v)]
    panels = [(" ".join(right), question.feedback(question.choices[int(right[0]) - 1]))]
    if wrong:
        text = question.feedback(wrong[0][1], shown=_VALUE_SLOT)
        slot = f'<span data-facet-value="">{html.escape(question.label(wrong[0][1]))}</span>'
        panels.append((" ".join(str(i) for i, _ in wrong), text.replace(_VALUE_SLOT, slot)))
    return panels


def _show_questions(questions: Sequence[AnyQuestion], classes: str, text: str) -> None:
    """Display questions (numbered from 1, arranged): ipywidgets in a kernel, plain HTML in static mode."""
    arranged = arrange(questions)
    if static_mode():
        inner = "".join(static_question_html(i, q) for i, q in enumerate(arranged, start=1))
        display({"text/html": f'<div class="{classes}">{inner}</div>', "text/plain": text}, raw=True)
        return
    box = widgets.VBox(
        [widgets.HTML(OPTION_STYLE)] + [any_widget(i, q) for i, q in enumerate(arranged, start=1)]
    )
    for name in classes.split():
        box.add_class(name)
    display_widget(box, text)


def self_check(questions: list[Question]) -> None:
    """Display all questions of a notebook's self-check, numbered from 1."""
    if len(questions) < 5:
        raise ValueError(f"a self-check needs at least five questions; got {len(questions)}")
    text = f"Self-check: {len(questions)} questions with feedback (run this cell to answer them)."
    _show_questions(questions, "facet-selfcheck", text)


# -- cases and scores counted in the browser ---------------------------------------------------------------
def _check_key(key: str) -> str:
    if not key or not all(c.isalnum() or c == "-" for c in key):
        raise ValueError(f"key={key!r} must be letters, digits and hyphens (it names a CSS class)")
    return key


def case_check(key: str, questions: Sequence[AnyQuestion], name: str = "") -> None:
    """Display one case's questions in order (numbered from 1, options arranged) and its score line;
    ``name`` is what the reader calls the case ("Case 3"; by default its key)."""
    _check_key(key)
    if not questions:
        raise ValueError(f"case {key!r} has no questions")
    name = name or f"Case {key}"
    text = f"{name}: {len(questions)} questions (run this cell to answer them)."
    _show_questions(questions, f"facet-selfcheck facet-case facet-case-{key}", text)
    display({"text/html": score_html(key, name), "text/plain": f"Score for {name}."}, raw=True)


#: Counts, in the browser, the questions answered right in each case (or in all cases) and writes the score.
SCORE_JS = """
(function () {
  if (window.facetScores) { return; }
  window.facetScores = true;
  const seen = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const count = boxes => {
    let total = 0, answered = 0, right = 0;
    boxes.forEach(box => box.querySelectorAll('.facet-selfcheck-question').forEach(q => {
      total += 1;
      const shown = [...q.querySelectorAll('.facet-feedback')].filter(seen);
      if (shown.length) { answered += 1; if (shown[0].classList.contains('facet-right')) { right += 1; } }
    }));
    return {total, answered, right};
  };
  const update = () => document.querySelectorAll('.facet-score').forEach(out => {
    const key = out.dataset.case;
    const boxes = document.querySelectorAll(key ? '.facet-case-' + key : '.facet-case');
    const s = count(boxes);
    out.textContent = s.right + ' of ' + s.total + ' right (' + s.answered + ' answered)';
  });
  setInterval(update, 400);
  update();
})();
"""


def score_html(key: str = "", name: str = "") -> str:
    """The score line of one case (``key``, called ``name``) or of every case in the page (``key=''``),
    counted by the browser; in the exam edition a line without a score (nothing to count). Never printed:
    on paper the study edition ends with the answer key."""
    what = html.escape(name or f"Case {key}") if key else "All cases"
    if edition() == "exam":
        return f'<div class="facet-score-line"><b>{what}:</b> answers are marked by your instructor.</div>'
    data = f' data-case="{html.escape(_check_key(key))}"' if key else ""
    return (
        f'<div class="facet-score-line" style="margin:0.3em 0"><b>{what}: score</b> '
        f'<span class="facet-score"{data}>counted as you answer</span></div>'
        f"<script>{SCORE_JS}</script>"
    )


def score_summary() -> None:
    """Display the score over every case in the notebook (counted by the browser)."""
    display({"text/html": score_html(""), "text/plain": "Score over all cases."}, raw=True)
