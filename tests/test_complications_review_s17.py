"""Review s17 of notebook 06 (complications) and of notebook 08's lipid questions."""

from __future__ import annotations

from facet_course.lessons.complications import anticoagulation
from facet_course.models import anticoagulants as ac


def test_sis_stop_for_aspirin_carries_its_scope() -> None:
    """Review s17 of 06 F2: for aspirin the one-line readout never says 'SIS: stop' without the statement's
    scope (therapeutic agents; aspirin for secondary prevention: the guideline table and the prescriber)."""
    _, update = anticoagulation.planner_explorer().make_figure()
    for second in ("none", "clopidogrel"):
        readout = update("aspirin", second, "none", "radiofrequency ablation", "cervical")
        assert f"SIS: stop before it ({ac.SIS_ASPIRIN_NOTE})" in readout
        assert "secondary prevention" in readout
    plan = ac.plan("aspirin", "radiofrequency ablation", "cervical")
    assert any(plan.sis_position in line and ac.SIS_ASPIRIN_NOTE in line for line in plan.lines())
    # a therapeutic anticoagulant or a P2Y12 inhibitor alone: the statement stands without the aspirin note
    for drug in ("clopidogrel", "apixaban"):
        readout = update(drug, "none", "none", "radiofrequency ablation", "cervical")
        assert "SIS: stop before it" in readout and ac.SIS_ASPIRIN_NOTE not in readout
    # no SIS statement read for a lumbar procedure: no note either
    assert ac.plan("aspirin", "radiofrequency ablation", "lumbar").sis_caveat == ""


def test_cervical_care_weeks_accept_exactly_the_guidelines_range() -> None:
    """Review s17 of 08 F4: where the guidelines read differ (cervical: a graded 6 weeks, a practice table's
    3 months), exactly their fewest to most weeks count, from data; nothing below the shortest figure."""
    from facet_course.lessons.cases import select
    from facet_course.models import block_selection, cases

    case = cases.case("whiplash-headache")
    rows = block_selection.conservative_care()
    weeks = rows[rows["region"].isin([case.region, "all regions"])]["conservative_care_weeks"].astype(float)
    assert weeks.min() < weeks.max()
    q = select.care(case)
    assert q.accept == (weeks.min(), weeks.max())
    assert not q.is_right(weeks.min() - 1) and not q.is_right(weeks.max() + 1)
    assert q.explanation.startswith(f"Answer: {weeks.min():g} to {weeks.max():g} weeks.")
