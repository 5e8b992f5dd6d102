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
