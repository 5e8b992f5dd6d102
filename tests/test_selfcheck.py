"""Self-check questions: well-formed, sourced, feedback explains and cites, and is linked in the browser."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from facet_course.core import data, selfcheck
from facet_course.core.selfcheck import Question


@pytest.fixture
def source_id() -> str:
    refs = data.references()
    if not refs:
        pytest.skip("no references in data/ yet")
    return next(iter(refs))


def test_feedback_says_right_or_wrong_explains_and_cites(source_id: str) -> None:
    q = Question("2+2?", ("3", "4"), 1, "Because arithmetic.", source_id)
    assert "Correct." in q.feedback(1)
    wrong = q.feedback(0)
    assert "the answer is “4”" in wrong and "Because arithmetic." in wrong
    assert data.reference(source_id).short() in wrong


def test_malformed_questions_are_refused(source_id: str) -> None:
    with pytest.raises(ValueError, match="at least two options"):
        Question("q", ("a",), 0, "e", source_id)
    with pytest.raises(ValueError, match="not an option"):
        Question("q", ("a", "b"), 2, "e", source_id)
    with pytest.raises(ValueError, match="repeats"):
        Question("q", ("a", "a"), 0, "e", source_id)
    with pytest.raises(data.DataError, match="unknown reference"):
        Question("q", ("a", "b"), 0, "e", "no-such-source")


def test_question_widget_links_choice_to_feedback(source_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    links = []
    real = widgets.jslink
    monkeypatch.setattr(widgets, "jslink", lambda a, b: links.append((a, b)) or real(a, b))
    box = selfcheck.question_widget(1, Question("q", ("a", "b", "c"), 2, "e", source_id))
    radio, stack = box.children[1], box.children[2]
    assert radio.value is None and stack.selected_index is None  # nothing shown until the reader chooses
    assert len(stack.children) == 3
    assert links == [((radio, "index"), (stack, "selected_index"))]


def test_a_self_check_has_at_least_five_questions(source_id: str) -> None:
    with pytest.raises(ValueError, match="at least five"):
        selfcheck.self_check([Question("q", ("a", "b"), 0, "e", source_id)] * 4)


def _questions(source_id: str, n: int, n_options: int = 3) -> list[Question]:
    return [
        Question(f"question {i}?", tuple(f"option {i}.{k}" for k in range(n_options)), 0, "e", source_id)
        for i in range(n)
    ]


def test_arrange_keeps_each_answer_and_moves_it_deterministically(source_id: str) -> None:
    questions = _questions(source_id, 7, 4)
    arranged = selfcheck.arrange(questions)
    assert arranged == selfcheck.arrange(list(questions))  # same text, same order: stored outputs are stable
    for before, after in zip(questions, arranged, strict=True):
        assert sorted(before.options) == sorted(after.options)
        assert after.options[after.answer] == before.options[before.answer]
    assert {q.answer for q in arranged} != {0}  # every answer was first before arranging


@pytest.mark.parametrize("n", [5, 6, 7, 9, 12])
@pytest.mark.parametrize("n_options", [2, 3, 4])
def test_arrange_spreads_the_answers_evenly_over_the_positions(
    source_id: str, n: int, n_options: int
) -> None:
    counts = [0] * n_options
    for question in selfcheck.arrange(_questions(source_id, n, n_options)):
        counts[question.answer] += 1
    assert max(counts) - min(counts) <= 1


def test_in_no_notebook_does_one_position_hold_more_than_half_the_answers() -> None:
    import importlib
    import pkgutil

    import facet_course.lessons as lessons

    checked = 0
    for module in pkgutil.iter_modules(lessons.__path__):
        lesson = importlib.import_module(f"facet_course.lessons.{module.name}")
        questions = selfcheck.arrange(lesson.self_check_questions())
        counts: dict[int, int] = {}
        for question in questions:
            counts[question.answer] = counts.get(question.answer, 0) + 1
        assert max(counts.values()) <= len(questions) / 2, (module.name, counts)
        checked += 1
    assert checked >= 7


def test_static_questions_are_plain_html_with_named_controls_and_keyed_feedback(
    source_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 16: handouts and slides show self-checks as plain HTML (no widget runtime); the page's switch
    # script shows the feedback panel keyed by the option picked (-1, none picked, shows nothing).
    from bs4 import BeautifulSoup

    question = Question("Which?", ("a long option " * 8, "b", "c"), 2, "Because.", source_id)
    box = BeautifulSoup(selfcheck.static_question_html(3, question), "html.parser").div
    assert box.has_attr("data-facet-switch") and "facet-selfcheck-question" in box["class"]
    assert box.select_one("fieldset legend").get_text() == "3. Which?"
    buttons = box.select("label.facet-option input[type=radio]")
    assert [b["value"] for b in buttons] == ["0", "1", "2"] and not any(
        b.has_attr("checked") for b in buttons
    )
    assert len({b["name"] for b in buttons}) == 1
    panels = box.select("[data-facet-key]")
    assert [p["data-facet-key"] for p in panels] == ["0", "1", "2"] and all(
        p.has_attr("hidden") for p in panels
    )
    assert "Correct." in panels[2].get_text() and "Not quite" in panels[0].get_text()
    monkeypatch.setenv(selfcheck.EDITION_ENV, "exam")
    exam = selfcheck.static_question_html(3, question)
    assert "data-facet-key" not in exam and "Because." not in exam and "Which?" in exam


def test_static_numeric_question_is_a_labelled_range_starting_unanswered(source_id: str) -> None:
    from bs4 import BeautifulSoup

    question = selfcheck.NumericQuestion.within(
        "How many mL?", "mL", 1.0, 0.0, (0.5, 1.0, 1.5), "e", source_id
    )
    box = BeautifulSoup(selfcheck.static_question_html(1, question), "html.parser").div
    answer = box.select_one("input[type=range]")
    assert box.select_one(f'label[for="{answer["id"]}"]').get_text() == "Answer:"
    assert (
        answer["value"] == "0" and answer["max"] == "3" and answer["aria-valuetext"] == selfcheck.UNANSWERED
    )
    assert box.select_one(f"#{answer['aria-describedby']}").get_text() == "1. How many mL?"
    # one panel for the accepted positions and one for the others, whose slot the page fills with the value
    panels = {p["data-facet-key"]: p for p in box.select("[data-facet-key]")}
    assert sorted(panels) == ["1 3", "2"]
    for position, value in enumerate(question.choices, start=1):
        (found,) = [p for keys, p in panels.items() if str(position) in keys.split()]
        panel = BeautifulSoup(str(found), "html.parser")
        for slot in panel.select("[data-facet-value]"):
            slot.replace_with(question.label(value))
        shown = BeautifulSoup(panel.decode_contents(), "html.parser").get_text()
        assert shown == BeautifulSoup(question.feedback(value), "html.parser").get_text(), value


def test_a_slider_says_one_week_not_one_weeks() -> None:
    from dataclasses import replace

    from facet_course.core.selfcheck import NumericQuestion
    from facet_course.lessons import cases

    question = next(
        q
        for q in cases.questions("whiplash-headache")
        if isinstance(q, NumericQuestion) and q.unit == "weeks"
    )
    assert question.label(1) == "1 week" and question.label(3) == "3 weeks"
    assert replace(question, unit="mL").label(1) == "1 mL"
