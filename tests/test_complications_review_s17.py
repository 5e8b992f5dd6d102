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


def test_fainting_rate_for_consent_is_one_series_rate() -> None:
    """Review s17 of 06 F1: the consent line and the managing-events line give the fainting rate as one
    large series' figure (its source named), never bare."""
    from facet_course.core import citations
    from facet_course.lessons.complications import text
    from facet_course.models import complications

    series = citations.author_year(citations.source("vasovagal_series"))
    vv = complications.rate("vasovagal_mbb")
    faint = next(line for line in text.consent().splitlines() if "feeling faint" in line)
    assert (
        f"up to about {round(vv.rate_percent or 0):g} in 100 diagnostic nerve blocks in one large series"
        in faint
    )
    assert series in faint
    managing = next(line for line in text.managing_events().splitlines() if "**Vasovagal reaction**" in line)
    assert "in one large series" in managing and series in managing


def test_key_numbers_print_a_rate_shared_by_regions_once() -> None:
    """Review s17 of 06 F3: the vasovagal rate of medial branch blocks (region not stated) is printed once, on
    its own line, not under each region's heading."""
    from facet_course.lessons.complications import text
    from facet_course.models import complications

    numbers = text.key_numbers()
    for key in ("vasovagal_mbb", "vasovagal_stopped"):
        r = complications.rate(key)
        assert numbers.count(f"{r.event} {r.text()}") == 1, key
        line = next(line for line in numbers.splitlines() if r.event in line)
        assert not line.startswith(("- lumbar", "- cervical")), line
    lumbar = next(line for line in numbers.splitlines() if line.startswith("- lumbar medial branch block:"))
    assert "vasovagal" not in lumbar


def test_long_case_feedback_opens_with_the_one_line_answer() -> None:
    """Review s17 of 08 F7: the long feedback texts (the anticoagulant interval, vasovagal first aid, the
    LAST checklist, the lipid bolus) open with the answer in one line, the right option's own words."""
    from facet_course.lessons.cases import after, drugs, toxicity
    from facet_course.models import cases

    checks = (
        (drugs.interval, "anticoagulant"),
        (after.vasovagal_action, "vasovagal"),
        (toxicity.last_first, "toxicity"),
    )
    for make, case_id in checks:
        q = make(cases.case(case_id))
        right = q.options[q.answer]
        head = q.explanation.split(". ", 1)[0]
        assert head.lower() == f"answer: {right.rstrip('.')}".lower(), (case_id, head)


def test_carette_six_month_result_names_the_adjustment_and_claims_nothing() -> None:
    """Review s17 of 08 F6: the feedback names the 6-month comparison's co-intervention adjustment from the
    structured summary the course cites, and claims a late benefit neither way."""
    from facet_course.lessons.cases import after

    sentence, ids = after.six_months()
    assert "co-interventions" in sentence and "claimed neither way" in sentence
    assert "carette1991_acpjc" in ids.split(";")
