"""Views of notebook 03: the procedure timeline marks what leaflets leave out; readouts label dose figures."""

from __future__ import annotations

import math

from facet_course import data, radiation
from facet_course import technique_views as tv
from facet_course.style import PALETTE
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


def test_every_operator_readout_labels_the_upper_bound_and_puts_the_eye_caveat_first():
    _, update = tv.make_radiation_figure()
    text = update(46, "continuous", 0.5, "0.5 mm lead")
    assert "UPPER BOUND" in text and "MEASURED" in text
    assert text.index("not measured") < text.index("such procedures a year")
    table = tv.dose_examples()
    operator_columns = [c for c in table.columns if "apron" in c]
    assert all("UPPER BOUND" in c or "measured" in c for c in operator_columns)
    (eyes,) = [c for c in table.columns if "eye" in c]
    assert eyes.index("NOT measured") < eyes.index("procedures")


def test_eye_limit_counts_are_computed_by_the_model_not_typed():
    table = tv.dose_examples()
    (eyes,) = [c for c in table.columns if "eye" in c]
    first = radiation.estimate_dose(
        float(
            data.load_table("radiation_procedures")
            .query("technique.str.startswith('oblique')")["fluoro_time_s"]
            .iloc[0]
        ),
        "continuous",
        0.5,
    )
    upper, measured = (int(v.replace(",", "")) for v in table[eyes].iloc[0].split(" / "))
    assert upper == round(first.procedures_to_eye_limit)
    assert measured == round(first.procedures_to_eye_limit_measured)


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
    from facet_course import anatomy

    frame = data.load_table("facet_orientation")
    for joint in ("L3-4", "L4-5"):
        rows = frame[(frame["level"] == joint) & (frame["quantity"] == "axial_angle")]
        means = rows.dropna(subset=["value_deg"])["value_deg"]
        ranges = rows[rows["statistic"] == "range_of_means"]
        assert not means.empty and not ranges.empty
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        assert mean == float(means.mean())  # the range's midpoint is not averaged in
        assert high == float(ranges["high_deg"].max())  # but its range is shown
        row = tv.oblique_angles_by_level().loc[joint]
        assert row["study range (deg)"] == f"{low:.1f}-{high:.1f}"
        assert row["facet angle is"] == "mean of study means"
