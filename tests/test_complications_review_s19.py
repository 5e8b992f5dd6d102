"""Review s19 of the presentation versions (slides and handouts) of 06's figures: nothing that hands a
decision to the prescriber or ends a treatment may be dropped for room (F1, F2, major)."""

from __future__ import annotations

from facet_course.core import style
from facet_course.lessons import complications as lesson
from facet_course.models import last


def _texts(fig) -> str:
    return "\n".join(t.get_text() for ax in fig.axes for t in ax.texts).replace("\n", " ")


def test_the_slide_lipid_doses_say_when_the_infusion_may_stop(monkeypatch) -> None:
    monkeypatch.setenv(style.PRESENT_ENV, "slide")
    explorer = lesson.last_explorer()
    fig, update = explorer.figure()
    for weight in (45, 90):
        update(**{**explorer.defaults(), "weight_kg": weight})
        shown = " ".join(_texts(fig).split())
        assert " ".join(last.infusion_end_text().split()) in shown, shown


def test_the_slide_planner_keeps_the_sis_statements_scope_and_the_prescriber(monkeypatch) -> None:
    monkeypatch.setenv(style.PRESENT_ENV, "slide")
    explorer = lesson.planner_explorer()
    fig, update = explorer.figure()
    update(
        **{
            **explorer.defaults(),
            "drug": "aspirin",
            "procedure": "radiofrequency ablation",
            "region": "cervical",
        }
    )
    shown = " ".join(_texts(fig).split())
    assert "the statement is about therapeutic agents" in shown and "the prescriber)" in shown, shown


def test_the_slide_readout_says_the_upper_limit_is_no_reason_to_stop_lipid_in_an_arrest(monkeypatch) -> None:
    """F4 (minor): the figure's lipid panel gives the upper limit; what it is not goes in the readout."""
    monkeypatch.setenv(style.PRESENT_ENV, "slide")
    explorer = lesson.last_explorer()
    _, update = explorer.figure()
    readout = update(**explorer.defaults())
    assert "not a reason to stop lipid in an ongoing arrest" in readout, readout
