"""Views of notebook 03: the procedure timeline marks what leaflets leave out; readouts label dose figures."""

from __future__ import annotations

import json
import math
from pathlib import Path

from facet_course.core import citations, data
from facet_course.core.style import PALETTE
from facet_course.lessons import fluoroscopic_technique as tv
from facet_course.lessons.fluoroscopic_technique import dose_calculator, needle_path, simulator
from facet_course.models import radiation
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch


def _step_boxes(fig) -> list[FancyBboxPatch]:
    """The numbered step boxes on the timeline axis, left to right (the legend swatches are smaller)."""
    (ax,) = fig.axes
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_width() > 0.5]
    return sorted(boxes, key=lambda p: p.get_x())


def test_leaflet_mentions_treats_empty_and_placeholder_cells_as_not_mentioned():
    assert not tv.leaflet_mentions(None)
    assert not tv.leaflet_mentions(math.nan)
    assert not tv.leaflet_mentions("  ")
    assert not tv.leaflet_mentions(tv.NOT_MENTIONED)
    assert tv.leaflet_mentions("x-ray pictures guide the needle")


def test_timeline_draws_the_contrast_step_as_left_out_and_the_others_as_mentioned():
    steps = data.load_table("procedure_steps").sort_values("order")
    fig, alt = tv.timeline_figure()
    boxes = _step_boxes(fig)
    assert len(boxes) == len(steps)
    orange, green = to_rgba(PALETTE["orange"], 0.85), to_rgba(PALETTE["green"], 0.85)
    for box, (_, row) in zip(boxes, steps.iterrows(), strict=True):
        expected = green if tv.leaflet_mentions(row["leaflet_says"]) else orange
        assert box.get_facecolor() == expected, row["step"]
    contrast = list(steps["step"]).index("Contrast")
    assert boxes[contrast].get_facecolor() == orange  # leaflets leave the contrast check out
    assert sum(box.get_facecolor() == green for box in boxes) == len(boxes) - 1
    assert "contrast" in alt


def test_leaflet_table_says_not_mentioned_where_the_timeline_draws_a_gap():
    table = tv.leaflet_gaps_table()
    assert table.loc["Contrast", "leaflet_says"] == tv.NOT_MENTIONED


def test_operator_readouts_call_no_figure_a_bound_and_put_the_measured_headline_first():
    _, update = dose_calculator._draw_radiation()
    for args in ((46, 0.5, "0.5 mm lead"), (28, 1.5, "0.5 mm lead", 0.5), (46, 0.5, "none")):
        text = update(*args)
        r = radiation.estimate_dose(args[0], args[1], *(args[3:] or (1.0,)), apron=args[2])
        assert "BOUND " not in text.upper() and "at least" not in text and "at most" not in text
        assert "larger" not in text
        assert text.index("MEASURED") < text.index("MODEL ESTIMATE")
        assert text.index("not measured") < text.index("such procedures a year")
        headline = text.index(f"<b>{round(r.procedures_to_eye_limit):,}</b> such procedures a year")
        assert headline < text.index("MODEL ESTIMATE")
        assert "cannot verify" in text  # what the model estimate rests on
    assert "No apron" in update(46, 0.5, "none") and "Under the none" not in update(46, 0.5, "none")


def _oblique_seconds() -> float:
    table = data.load_table("radiation_procedures")
    return float(table[table["technique"].str.startswith("oblique")]["fluoro_time_s"].iloc[0])


def test_dose_examples_put_the_measured_headline_beside_the_model_count_computed_not_typed():
    table = tv.dose_examples_table()
    assert not any("BOUND" in c.upper() or "larger" in c for c in table.columns)
    measured = table["MEASURED headline: procedures a year to eye limit"]
    model = table["MODEL: procedures a year to eye limit"]
    seconds = _oblique_seconds()
    for (_, distance, apron, area, field_mode), m, k in zip(tv.DOSE_SETUPS, measured, model, strict=True):
        r = radiation.estimate_dose(seconds, distance, area, field_mode, apron)
        assert int(m.replace(",", "")) == round(r.procedures_to_eye_limit)
        assert int(k.replace(",", "")) == round(r.procedures_to_eye_limit_model)
    assert len(set(measured)) == 1  # the measured series report no set-up
    counts = [int(k.replace(",", "")) for k in model]
    headline = int(measured.iloc[0].replace(",", ""))
    assert min(counts) < headline < max(counts)  # the model lies on both sides: it bounds nothing


def test_eye_headline_rests_on_measured_data_and_says_the_outside_apron_badge_is_not_the_eyes():
    text = tv.eye_headline()
    r = radiation.estimate_dose(_oblique_seconds())
    lines = text.splitlines()
    assert lines[0].startswith("WORST CASE FROM MEASURED DATA (headline)")  # review 03-m2: not an eye dose
    assert f"about {round(r.procedures_to_eye_limit):,} oblique" in lines[0]
    assert (
        "NOT an eye dose" in lines[1]
        and citations.author_year(radiation.measured_operator_source()) in lines[1]
    )
    assert lines[2].startswith("MODEL ESTIMATE") and "cannot verify" in lines[2]
    assert f"{round(r.procedures_to_eye_limit_model):,} procedures" in lines[2]
    assert "bound" not in text.replace("Neither figure bounds the other", "")
    table = tv.eye_counts_table()
    (scaled,) = [c for c in table.columns if c.startswith("scaled to")]
    (headline,) = [v for v in table[scaled] if "HEADLINE" in v]
    assert headline.startswith(f"{round(r.procedures_to_eye_limit):,} ")
    outside = table["dosimeter"].str.startswith("outside apron (body badge")
    assert outside.sum() == sum(s.where == "outside the apron" for s in radiation.measured_operator_series())


def test_eye_limits_are_the_same_number_for_different_quantities_and_cite_the_regulation():
    text = tv.eye_limit_facts()
    assert "the same number of mSv, for a different quantity" in text
    assert "equivalent dose to the lens" in text and "effective dose" in text
    assert "lowest" not in text and "as strict" not in text
    assert "10 CFR 20.1201" in text
    limits = tv.limits_table()
    assert set(limits.loc["US NRC", "source"]) == {"10 CFR 20.1201, current text read 2026"}


def test_oblique_table_states_how_far_before_the_facet_angle_the_posterior_line_opens():
    table = tv.oblique_angles_table()
    for joint in tv.LEVELS:
        row = table.loc[joint]
        assert abs(row[tv.GAP_COLUMN] - (row["facet angle (deg)"] - row[tv.AIM_COLUMN])) <= 0.1 + 1e-9
        assert row[tv.GAP_COLUMN] > 5  # not 'a few degrees'
    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "03_fluoroscopic_technique.ipynb").read_text())
    markdown = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "a few degrees" not in markdown


def test_regional_angles_show_cervical_values_past_coronal_unfolded():
    frame = data.load_table("facet_orientation")
    cervical = frame[
        (frame["region"] == "cervical")
        & (frame["quantity"] == "axial_angle")
        & (frame["reference_plane"] == "mid-sagittal")
    ]
    reported_max = float(cervical[["value_deg", "high_deg"]].max().max())
    assert reported_max > 90  # the source reports mid-cervical facets turned past coronal
    row = tv.regional_facet_angles_table().loc["cervical"]
    assert row[tv.AXIAL_COLUMN].endswith(f"-{reported_max:.1f}")
    past = set(cervical[cervical["value_deg"] > 90]["level"])
    assert set(row["above 90 (past coronal) at"].split(", ")) == past


def test_one_oblique_rule_in_the_table_the_simulator_the_self_check_and_the_planner():
    table = tv.oblique_angles_table()
    for joint in tv.LEVELS:
        assert table.loc[joint, tv.AIM_COLUMN] == round(tv.best_angle(joint, "posterior"), 1)
    aim = round(tv.aim_angle("L4-5"))
    _, sim = simulator._draw_simulator()
    at_aim = sim("L4-5", aim, 0)
    assert "toward about" not in at_aim and "posterior joint line of right L4-5 is open" in at_aim
    assert f"toward about {aim}°" in sim("L4-5", aim - 12, 0)  # closed: sent to the same angle
    q1 = tv.self_check_questions()[0]
    assert f"about {aim}°" in q1.options[q1.answer]
    _, planner = needle_path._draw_planner()
    assert f"opens at about {aim}°" in planner("L4-5", aim, 0, "yes")
    assert "joint opens at (deg)" not in table.columns  # no second, contradicting angle


def test_steep_oblique_is_computed_by_the_simulator_and_lies_beyond_the_posterior_margin():
    assert tv.steep_oblique_deg("L4-5") == tv.best_angle("L4-5", "anterior")
    assert tv.steep_oblique_deg("L4-5") > tv.best_angle("L4-5", "posterior")


def test_self_check_prints_counts_as_integers():
    text = " ".join(q.explanation for q in tv.self_check_questions())
    assert ".0 lumbar" not in text


def test_magnification_misconception_says_the_factor_is_derived():
    text = tv.misconceptions()
    line = next(line for line in text.splitlines() if "Magnification" in line)
    assert "derives" in line and f"{radiation.field_diameter_cm('magnified 1'):g} cm" in line


def test_a_study_reporting_only_a_range_of_means_adds_its_range_not_its_midpoint():
    from facet_course.models import anatomy

    frame = data.load_table("facet_orientation")
    for joint in ("L3-4", "L4-5"):
        rows = frame[(frame["level"] == joint) & (frame["quantity"] == "axial_angle")]
        means = rows.dropna(subset=["value_deg"])["value_deg"]
        ranges = rows[rows["statistic"] == "range_of_means"]
        assert not means.empty and not ranges.empty
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        assert mean == float(means.mean())  # the range's midpoint is not averaged in
        assert high == float(ranges["high_deg"].max())  # but its range is shown
        row = tv.oblique_angles_table().loc[joint]
        assert row["study range (deg)"] == f"{low:.1f}-{high:.1f}"
        n_means = int(len(means))
        expected = "one study's mean" if n_means == 1 else f"mean of {n_means} studies' means"
        assert row["facet angle is"] == expected  # a level resting on one study says so
