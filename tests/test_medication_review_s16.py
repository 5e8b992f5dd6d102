"""Notebook 04 after the s16 clinical review (minor findings F3, F4, F6, F7, F8, F9): the largest-volume table
shows where caution starts, the day-21 frame of the systemic explorer keeps Moon 2020's 40 mg arm, and the
wording and citations the reviewer asked for. The verdicts stay the rule set's, which this file never
changes."""

from __future__ import annotations

import re

import pytest
from facet_course import safety
from facet_course.core import citations
from facet_course.lessons import medication_choices as lesson
from facet_course.lessons.medication_choices import checker, steroid_time, systemic, why_both
from facet_course.models import systemic_effects

SITES = 10  # the volume is spread over ten sites so no item passes the rule set's item limit


def _systemic_level(solution: str, total_ml: float, weight_kg: float) -> str:
    """The rule set's systemic verdict for ``total_ml`` of the table's ``solution``, given alone."""
    drug, percent, adrenaline = re.match(r"(\w+) ([\d.]+)% (with|without) adrenaline", solution).groups()
    item = {
        "drug": drug,
        "percent": float(percent),
        "ml": total_ml / SITES,
        "adrenaline": adrenaline == "with",
    }
    check = safety.check_procedure(
        weight_kg=weight_kg,
        region="lumbar",
        target="intra_articular",
        purpose="therapeutic",
        n_sites=SITES,
        per_site=[item],
    )
    (reason,) = [r for r in check.reasons if r.category == "systemic"]
    return reason.level


def _ml(cell: str) -> float:
    return float(cell.split(" mL")[0])


@pytest.mark.parametrize("weight", [45.0, 70.0])
def test_the_volume_table_shows_where_caution_starts_and_the_most_is_not_a_dose_to_plan(
    weight: float,
) -> None:
    """F3: beside the governing maximum (the most), the volume at the caution margin and, where another
    source's figure is lower, at it; each printed volume (rounded down) agrees with the rule set's verdict."""
    table = checker.max_volume_table(weight)
    columns = list(table.columns[1:])
    margin_col, most_col = columns[0], columns[-1]
    lower_col = columns[1] if len(columns) == 3 else None  # shown only where some source is stricter
    assert "75% of the governing maximum" in margin_col and "not a dose to plan" in most_col
    assert "single dose" in most_col
    lowers = 0
    for _, row in table.iterrows():
        most, margin = _ml(row[most_col]), _ml(row[margin_col])
        assert margin < most
        assert _systemic_level(row["solution"], most, weight) != "unsafe"
        assert _systemic_level(row["solution"], most + 0.1, weight) == "unsafe"
        assert _systemic_level(row["solution"], margin + 0.1, weight) == "caution"
        if lower_col is None or row[lower_col] == "none lower":
            assert _systemic_level(row["solution"], margin - 0.1, weight) == "fine"
        else:
            lowers += 1
            lower = _ml(row[lower_col])
            assert lower < most and _systemic_level(row["solution"], lower + 0.1, weight) == "caution"
            assert _systemic_level(row["solution"], min(lower, margin) - 0.1, weight) == "fine"
    # a lower figure shows exactly where the rule set's range has one (none since review s17 of 04 made
    # bupivacaine with adrenaline's 2 mg/kg governing)
    expected = 0
    for solution in table["solution"]:
        drug, adrenaline = solution.split()[0], "with adrenaline" in solution
        strictest, governing = safety.dose_range(drug, weight, adrenaline=adrenaline)
        expected += strictest.limit_mg < governing.limit_mg - 1e-9
    assert lowers == expected


def test_moon_2020_is_stored_as_arm_means_plus_or_minus_sd() -> None:
    """F6: 8.0 ± 2.4 days after 20 mg and 19.7 ± 3.1 days after 40 mg; the row's range runs from the lower
    arm's mean minus one SD to the higher arm's mean plus one SD, and the note says so."""
    moon = systemic_effects.systemic_effect("hpa_esi_moon")
    assert "19.7 ± 3.1" in moon["finding"] and "8.0 ± 2.4" in moon["finding"]
    assert moon["days_low"] == pytest.approx(8.0 - 2.4) and moon["days_high"] == pytest.approx(19.7 + 3.1)
    assert moon["days_note"].startswith("arm means ± SD")
    assert not systemic_effects.measured_on_a_few_days(moon)  # a range that lasted, not a few measurements
    row = systemic.systemic_table().set_index("source").loc[lambda t: t["days"] == "5.6-22.8"]
    assert list(row["days are"]) == ["how long it lasted (arm means ± SD)"]


def test_the_day_21_frame_says_moon_2020_may_still_be_present() -> None:
    """F6: three weeks after the injection (the explorer's own question) the 40 mg arm may still be
    suppressed."""
    _, update = systemic._draw_systemic()
    readout = update(21)
    ending = readout.split("so may still be present:")[1].split("<br>")[0]
    assert "Moon" in ending
    assert "Moon" not in update(23)


@pytest.mark.parametrize("time", ["1 hour", "6 hours", "1 day"])
def test_the_first_day_note_does_not_call_relief_after_the_block_the_anaesthetics(time: str) -> None:
    """F9: by the figure's own curve the anaesthetic is over well before 24 hours."""
    _, update = why_both._draw_why_both()
    text = update("bupivacaine", "dexamethasone", time)
    assert steroid_time.EARLY_RELIEF_NOTE in text
    assert "read any relief as the anaesthetic's" not in text
    assert "do not read relief as a steroid effect" in steroid_time.EARLY_RELIEF_NOTE


def test_misconception_3_gives_the_bupivacaine_labels_sentence_on_other_local_anaesthetics() -> None:
    """F4: the label does not recommend mixing, or prior or intercurrent use of, another local anaesthetic
    with bupivacaine (too few data); the misconception says so, with the label."""
    text = lesson.misconceptions()
    three = text.split("\n3. ")[1].split("\n4. ")[0]
    label = citations.short(citations.source("bupivacaine_label_no_mixing"))
    assert (
        "does not recommend mixing bupivacaine with any other local anaesthetic" in three and label in three
    )
    assert "one more reason to count the two together" in three


def test_even_2012_names_betamethasone_from_the_conference_report() -> None:
    """F7: the abstract names no drug; the conference report of the same study (30 patients) names
    betamethasone, and the warning cites it beside the paper (its dose figure is not quoted)."""
    even = systemic_effects.systemic_effect("glucose_esi_even")
    assert even["drug"].startswith("betamethasone") and "conference report" in even["drug"]
    report = citations.source("even2012_drug_conference_report")
    warn = lesson.who_to_warn()
    assert citations.short(even["source_id"], report) in warn
    assert "40 mg betamethasone" not in warn


def test_the_before_the_steroid_box_cites_traceable_sources_for_the_ritonavir_warning() -> None:
    """F8: Dort 2009 and John 2013, which section 5 uses for the same fact, not the review without authors."""
    box = lesson.before_the_steroid()
    assert "Dort" in box and "John" in box and "authors not shown" not in box


def test_the_systemic_explorers_longest_label_keeps_its_first_letters_at_the_twins_resolution() -> None:
    """The twin (handout and slides) is drawn at ``twin_dpi`` on a layout frozen at the figure's own dpi,
    where text is narrower: the longest axis label (Iranmanesh 2017) lost its first letters on the slide."""
    from facet_course.core.explore import render_png

    explorer = systemic.systemic_explorer()
    fig, update = explorer.figure()
    for day in (1, 21, 84):
        update(day=day)
        render_png(fig, dpi=explorer.twin_dpi)
        original = fig.dpi
        fig.set_dpi(explorer.twin_dpi)
        try:
            renderer = fig.canvas.get_renderer()
            left = min(t.get_window_extent(renderer).x0 for t in fig.axes[0].get_yticklabels()) / fig.dpi
        finally:
            fig.set_dpi(original)
        assert left > 0.05, f"day {day}: the longest label starts {left:.3f} in from the figure's edge"


def test_notebook_07_says_how_moons_range_was_made_where_it_uses_it() -> None:
    """F6 in 07: the shortest suppression it applies is now Moon 2020's low end, a mean minus one SD."""
    from facet_course.lessons.aftercare import repeat

    short, _ = repeat.suppression_days()
    moon = systemic_effects.systemic_effect("hpa_esi_moon")
    assert short == moon["days_low"]
    assert f"{moon['days_low']:g} to {moon['days_high']:g} days, arm means ± SD" in repeat.suppression_text()
