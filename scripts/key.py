"""Build the instructor's key: one printable page per notebook with every self-check (and case) question,
its answer, the explanation and the full source, and an empty slot per question for speaker notes.

Usage: python -m scripts.key [notebooks/NN_name.ipynb ...]   (default: every notebook) -> build/key/

The questions come from the notebook's lesson (``key_questions()`` where a lesson has it, else
``self_check_questions()``), arranged exactly as the notebook shows them (the same seeded order), so question
and option numbers on the key match the handout, the slides and the exam edition. No kernel is run.
"""

from __future__ import annotations

import html
import importlib
import sys
from pathlib import Path

from facet_course.core.data import reference
from facet_course.core.selfcheck import AnyQuestion, NumericQuestion, arrange

from .handouts import BUILD, course_notebooks, title_of, write_atomic

KEY = BUILD / "key"

CSS = """
body { font-family: sans-serif; max-width: 60em; margin: 1.5em auto; line-height: 1.35; font-size: 11pt; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.2em; }
.q { border-top: 1px solid #bbb; padding: 0.4em 0; orphans: 3; widows: 3; }
.q-head { break-inside: avoid; break-after: avoid; }
.answer { color: #006b4f; font-weight: bold; }
ol.opts { margin: 0.2em 0 0.2em 1.5em; padding: 0; }
.notes { border: 1px dashed #888; min-height: 2.2em; margin-top: 0.3em; padding: 0.2em 0.4em; color: #666; }
.src { font-size: 0.9em; color: #333; overflow-wrap: anywhere; }
@media print { body { margin: 0; font-size: 9.5pt; } a { color: inherit; } }
"""


def lesson_of(notebook: Path):
    """The lesson module of ``NN_slug.ipynb``."""
    slug = notebook.stem.split("_", 1)[1]
    return importlib.import_module(f"facet_course.lessons.{slug}")


def groups(notebook: Path) -> list[tuple[str, list[AnyQuestion]]]:
    """(heading, questions as shown) for a notebook: each case's questions and the self-check, each arranged
    the way the notebook arranges it."""
    lesson = lesson_of(notebook)
    found: list[tuple[str, list[AnyQuestion]]] = []
    if hasattr(lesson, "case_ids"):
        for case_id in lesson.case_ids():
            found.append((lesson.heading(case_id), arrange(lesson.questions(case_id))))
    found.append(("Self-check", arrange(lesson.self_check_questions())))
    return found


def _sources(source_id: str) -> str:
    refs = [reference(s.strip()) for s in source_id.split(";") if s.strip()]
    return "; ".join(
        f"{html.escape(r.authors)}. {html.escape(r.title)}. {html.escape(r.journal)}, {r.year}. "
        f'<a href="{html.escape(r.url)}">{html.escape(r.url)}</a>'
        for r in refs
    )


def question_html(
    number: int, question: AnyQuestion, notes_slot: bool = True, same_sources_as: int = 0
) -> str:
    """One question on the key: prompt, options (the correct one marked) or the accepted number, the
    explanation, the full sources (or, when question ``same_sources_as`` just above had the same, a pointer
    to them) and (for the instructor) an empty speaker-notes slot."""
    parts = [f'<div class="q"><div class="q-head"><b>{number}. {html.escape(question.prompt)}</b>']
    if isinstance(question, NumericQuestion):
        parts.append(
            f'<div>Answer ({html.escape(question.unit)}): <span class="answer">'
            f"{html.escape(question.answer_text())}</span></div>"
        )
    else:
        items = "".join(
            f"<li{' class=answer' if i == question.answer else ''}>{html.escape(o)}"
            f"{' ✔' if i == question.answer else ''}</li>"
            for i, o in enumerate(question.options)
        )
        parts.append(f'<ol class="opts" type="A">{items}</ol>')
    parts.append("</div>")  # the head: prompt and answer
    parts.append(f"<div>{html.escape(question.explanation)}</div>")
    sources = f"as question {same_sources_as} above" if same_sources_as else _sources(question.source_id)
    parts.append(f'<div class="src">Source: {sources}</div>')
    parts.append('<div class="notes">Speaker notes:</div></div>' if notes_slot else "</div>")
    return "\n".join(parts)


def questions_html(questions: list[AnyQuestion], notes_slot: bool = True) -> list[str]:
    """A group's questions numbered from 1; a question citing the same sources as the one before points to
    them instead of listing them again."""
    parts, first_with = [], 0
    for number, question in enumerate(questions, start=1):
        same = number > 1 and question.source_id == questions[number - 2].source_id
        first_with = first_with if same else number
        parts.append(question_html(number, question, notes_slot, same_sources_as=first_with if same else 0))
    return parts


def key_html(notebook: Path) -> str:
    """The whole key page of one notebook."""
    title = html.escape(title_of(notebook))
    body = [
        f"<h1>Instructor's key: {title}</h1>",
        "<p>Every question as the notebook shows it (same numbering and option order), the answer, why, "
        "and the source. Not for students.</p>",
    ]
    for heading, questions in groups(notebook):
        body.append(f"<h2>{html.escape(heading)}</h2>")
        body.extend(questions_html(questions))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Key: {title}</title>'
        f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>"
    )


#: Style of the answer key printed at the end of a study handout's PDF (it sits inside the handout page).
ANSWERS_CSS = """
.facet-answer-key { break-before: page; font-size: 10pt; line-height: 1.35; }
.facet-answer-key h2 { font-size: 1.3em; } .facet-answer-key h3 { font-size: 1.1em; margin-top: 1em; }
/* a question's prompt and answer stay together and with the start of its explanation; a long explanation
   or source list may go on over the page rather than leave the rest of a page empty */
.facet-answer-key .q { border-top: 1px solid #bbb; padding: 0.4em 0; orphans: 3; widows: 3; }
.facet-answer-key .q-head { break-inside: avoid; break-after: avoid; }
.facet-answer-key .answer { color: #006b4f; font-weight: bold; }
.facet-answer-key ol.opts { margin: 0.2em 0 0.2em 1.5em; padding: 0; }
.facet-answer-key .src { font-size: 0.9em; color: #333; overflow-wrap: anywhere; }
"""


def answers_html(notebook: Path) -> str:
    """The self-check answer key of one notebook, as a section to end its printed study handout: the same
    numbering and option order as the handout, the answer, why, and the source (no instructor slots)."""
    body = [
        f'<section class="facet-answer-key"><style>{ANSWERS_CSS}</style><h2>Answer key</h2>',
        "<p>Try the questions first: the answers are here so you can check yourself on paper.</p>",
    ]
    for heading, questions in groups(notebook):
        body.append(f"<h3>{html.escape(heading)}</h3>")
        body.extend(questions_html(questions, notes_slot=False))
    body.append("</section>")
    return "".join(body)


def build(paths: list[Path]) -> list[Path]:
    """Write build/key/<name>.key.html for each notebook and an index; returns the files written."""
    KEY.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        out = KEY / f"{path.stem}.key.html"
        write_atomic(out, key_html(path))
        written.append(out)
        print(f"key  {out.relative_to(BUILD.parent)}")
    links = "".join(f'<li><a href="{p.name}">{html.escape(p.stem)}</a></li>' for p in written)
    write_atomic(
        KEY / "index.html", f"<!DOCTYPE html><meta charset='utf-8'><h1>Instructor's keys</h1><ul>{links}</ul>"
    )
    return written


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or course_notebooks()
    build(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
