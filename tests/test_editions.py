"""The three editions (#14): the study edition gives feedback (tests/test_handouts.py clicks it); the exam
edition's handout holds the same questions with no feedback, answer or explanation anywhere in the file; the
instructor's key holds every question with its answer, explanation and source, and a speaker-notes slot."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import load_script
from facet_course.core.selfcheck import NumericQuestion

ROOT = Path(__file__).resolve().parent.parent
key = load_script("key")
handouts = load_script("handouts")
NOTEBOOKS = handouts.course_notebooks()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_key_lists_every_question_with_answer_explanation_source_and_notes_slot(notebook: Path) -> None:
    page = key.key_html(notebook)
    groups = key.groups(notebook)
    assert sum(len(q) for _, q in groups) >= 5
    for _, questions in groups:
        for question in questions:
            assert html.escape(question.prompt) in page
            assert html.escape(question.explanation) in page
            assert html.escape(question.answer_text()) in page
            if not isinstance(question, NumericQuestion):
                marked = f"<li class=answer>{html.escape(question.answer_text())} ✔</li>"
                assert marked in page, question.prompt
    assert page.count('class="notes"') == sum(len(q) for _, q in groups)


#: What only feedback or answers put into a page: feedback panels, their verdicts and the score script.
ANSWER_MARKERS = ("facet-feedback", "facet-right", "facet-wrong", "Correct.", "Not quite", "facetScores")


def test_exam_edition_handout_has_no_feedback_or_answers(tmp_path: Path) -> None:
    notebook = ROOT / "notebooks" / "08_cases.ipynb"
    env = {**os.environ, "FACET_COURSE_EDITION": "exam"}
    subprocess.run([sys.executable, "-m", "scripts.handouts", str(notebook)], cwd=ROOT, env=env, check=True)
    page = (ROOT / "build" / "handouts-exam" / "08_cases.html").read_text(encoding="utf-8")
    study_markers = [m for m in ANSWER_MARKERS if m in page]
    assert not study_markers, f"the exam edition shows {study_markers}"
    shown = sum(len(q) for _, q in key.groups(notebook))
    asked = len(re.findall(r'class="facet-selfcheck-question[ "]', page))
    assert asked == shown, f"the exam edition asks {asked} of {shown} questions"
    for _, questions in key.groups(notebook):
        for question in questions:
            tail = question.explanation[-50:]
            if any(tail in text for text in (question.prompt, *getattr(question, "options", ()))):
                continue  # the explanation ends by restating an option: not a marker
            for form in (tail, json.dumps(tail)[1:-1], html.escape(tail)):
                assert form not in page, f"explanation of {question.prompt!r} is in the exam edition"
