"""Tests for facet_course.anatomy: orientation from data/ in the course convention; the 3-D vertebra model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from facet_course import safety
from facet_course.core import citations, data
from facet_course.lessons import facet_joint_anatomy as views
from facet_course.models import anatomy, orientation
from hypothesis import given, settings
from hypothesis import strategies as st


# ---------------------------------------------------------------- orientation by level (data -> convention)
def test_every_lumbar_joint_has_a_sourced_axial_angle():
    for joint in anatomy.LUMBAR_JOINTS:
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        assert 0 < low <= mean <= high < 90, joint
        for sid in anatomy.facet_angle_sources(joint).split(";"):
            data.reference(sid)  # every source exists


def test_single_study_level_returns_that_studys_mean_unchanged():
    frame = data.load_table("facet_orientation")
    rows = frame[(frame["level"] == "L2-3") & (frame["quantity"] == "axial_angle")]
    assert len(rows) == 1 and rows["reference_plane"].iloc[0] == "mid-sagittal"
    reported = float(rows["value_deg"].iloc[0])
    assert anatomy.facet_angle_to_sagittal_deg("L2-3") == (reported, reported, reported)


def _explicitly_converted(row, column: str) -> float:
    """The course angle of one reported number, converted here by hand from the row's reference plane."""
    value = float(row[column])
    if row["reference_plane"] == "mid-sagittal":
        return value if value <= 90 else 180 - value  # a 0-180 scale folded to the acute angle
    assert row["reference_plane"] == "coronal", row["reference_plane"]
    return 90 - value


def test_range_across_studies_spans_every_reported_value():
    frame = data.load_table("facet_orientation")
    for joint in anatomy.levels_with_axial_angle():
        rows = frame[(frame["level"] == joint) & (frame["quantity"] == "axial_angle")]
        reported = [
            _explicitly_converted(row, col)
            for _, row in rows.iterrows()
            for col in ("value_deg", "low_deg", "high_deg")
            if not pd.isna(row[col])
        ]
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        assert low == pytest.approx(min(reported)) and high == pytest.approx(max(reported)), joint


def test_every_joint_from_c2_3_to_l5_s1_with_data_is_inside_the_course_range():
    with_data = anatomy.levels_with_axial_angle()
    assert {anatomy.region_of(j) for j in with_data} == {"cervical", "thoracic", "lumbar"}
    for joint in anatomy.FACET_JOINTS:
        if joint not in with_data:
            with pytest.raises(ValueError, match="no sourced axial facet angle"):
                anatomy.facet_angle_to_sagittal_deg(joint)
            continue
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        assert 0 < low <= mean <= high <= 90, joint  # acute angle from the mid-sagittal plane
        for sid in anatomy.facet_angle_sources(joint).split(";"):
            data.reference(sid)
    for joint in anatomy.levels_with_inclination():
        mean, low, high = anatomy.facet_inclination_deg(joint)
        assert 0 < low <= mean <= high < 90, joint  # between horizontal and vertical
        for sid in anatomy.facet_inclination_sources(joint).split(";"):
            data.reference(sid)


def test_coronal_plane_rows_are_converted_as_ninety_minus_the_reported_angle():
    frame = data.load_table("facet_orientation")
    coronal = frame[(frame["quantity"] == "axial_angle") & (frame["reference_plane"] == "coronal")]
    assert not coronal.empty
    for _, row in coronal.iterrows():
        (estimate,) = [
            e for e in anatomy.axial_angle_estimates(row["level"]) if e.source_id == row["source_id"]
        ]
        assert estimate.low_deg == pytest.approx(90 - row["high_deg"])
        assert estimate.high_deg == pytest.approx(90 - row["low_deg"])


def test_values_reported_past_ninety_degrees_are_folded_to_the_acute_angle():
    frame = data.load_table("facet_orientation")
    past = frame[(frame["quantity"] == "axial_angle") & (frame["value_deg"] > 90)]
    assert not past.empty  # lower cervical facets are reported past the coronal plane
    for _, row in past.iterrows():
        (estimate,) = [
            e for e in anatomy.axial_angle_estimates(row["level"]) if e.source_id == row["source_id"]
        ]
        assert estimate.low_deg <= 180 - row["value_deg"] <= estimate.high_deg <= 90


def _mean(joint: str) -> float:
    return anatomy.facet_angle_to_sagittal_deg(joint)[0]


def _region_means(region: str) -> list[float]:
    with_data = anatomy.levels_with_axial_angle()
    return [_mean(j) for j in anatomy.joints_in_region(region) if j in with_data and j != "T12-L1"]


def test_cervical_facets_are_near_coronal_in_the_axial_plane_and_inclined_about_halfway():
    cervical = _region_means("cervical")
    upper_lumbar = [_mean(j) for j in ("L1-2", "L2-3")]
    assert cervical and min(cervical) > 45  # closer to coronal than to sagittal
    assert min(cervical) > max(upper_lumbar)
    inclinations = [
        anatomy.facet_inclination_deg(j)[0]
        for j in anatomy.joints_in_region("cervical")
        if j in anatomy.levels_with_inclination()
    ]
    assert len(inclinations) >= 4
    # between horizontal (0) and vertical (90), about halfway: within a quarter of the way of 45 degrees
    assert all(90 / 4 < v < 3 * 90 / 4 for v in inclinations)
    assert abs(np.mean(inclinations) - 45) < 90 / 8


def test_thoracic_facets_are_near_coronal_and_the_turn_to_sagittal_is_at_the_thoracolumbar_junction():
    thoracic = _region_means("thoracic")
    assert thoracic and min(thoracic) > 45
    assert min(thoracic) > max(_mean(j) for j in anatomy.LUMBAR_JOINTS)
    with_data = anatomy.levels_with_axial_angle()
    chain = [j for j in anatomy.FACET_JOINTS if j in with_data]
    drops = {f"{a}>{b}": _mean(a) - _mean(b) for a, b in zip(chain, chain[1:], strict=False)}
    steepest = max(drops, key=drops.get)
    assert steepest in {"T11-12>T12-L1", "T10-11>T12-L1"}, drops


def test_lumbar_facets_turn_from_sagittal_towards_coronal_going_down():
    means = [anatomy.facet_angle_to_sagittal_deg(j)[0] for j in ("L1-2", "L2-3", "L3-4", "L4-5")]
    assert means == sorted(means)
    assert _mean("L5-S1") > _mean("L1-2")


def test_conversions_between_reference_planes():
    assert anatomy.to_course_axial_angle(30.0, "mid-sagittal") == 30.0
    assert anatomy.to_course_axial_angle(90.0, "mid-sagittal") == 90.0
    assert anatomy.to_course_axial_angle(94.5, "mid-sagittal") == pytest.approx(85.5)  # past coronal: fold
    assert anatomy.to_course_axial_angle(30.0, "coronal") == 60.0
    assert anatomy.to_course_axial_angle(25.0, "coronal") == 65.0
    assert anatomy.to_course_axial_angle(0.0, "coronal") == 90.0
    assert anatomy.to_course_inclination(40.0, "vertical") == 50.0
    assert anatomy.to_course_inclination(64.0, "axial") == 64.0
    with pytest.raises(ValueError, match="cannot convert"):
        anatomy.to_course_axial_angle(30.0, "axial")
    with pytest.raises(ValueError, match="cannot convert"):
        anatomy.to_course_inclination(30.0, "coronal")


@settings(max_examples=120, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["mid-sagittal", "coronal"]))
def test_converted_axial_angles_are_acute_or_refused(value, plane):
    try:
        course = anatomy.to_course_axial_angle(value, plane)
    except ValueError as error:
        assert "0 to 180" in str(error)
        assert not 0 <= value <= 180
    else:
        assert 0 <= course <= 90
        # a sagittal and a coronal reading of the same line add up to a right angle
        other = "coronal" if plane == "mid-sagittal" else "mid-sagittal"
        assert course + anatomy.to_course_axial_angle(value, other) == pytest.approx(90)


@pytest.mark.parametrize(
    "name, expected", [("l4/l5", "L4-5"), ("L4-L5", "L4-5"), ("L5-S1", "L5-S1"), ("C7-T1", "C7-T1")]
)
def test_joint_names_are_normalised(name, expected):
    assert anatomy.parse_joint(name) == expected


@pytest.mark.parametrize("name", ["C0-1", "C1-2", "L6-S1", "L4-6", "L3-5", "sacroiliac", "", "S1-2"])
def test_names_that_are_not_facet_joints_are_refused_with_a_reason(name):
    with pytest.raises(ValueError) as info:
        anatomy.parse_joint(name)
    assert len(str(info.value)) > 30


def test_level_without_data_says_which_levels_have_data(monkeypatch):
    table = anatomy.orientation_table()
    # the orientation model owns the table: patch its loader, which every anatomy function reads through
    monkeypatch.setattr(orientation, "orientation_table", lambda: table[table["level"] != "C4-5"])
    with pytest.raises(ValueError, match="no sourced axial facet angle for C4-5.*levels with data: .*L4-5"):
        anatomy.facet_angle_to_sagittal_deg("C4-5")
    assert anatomy.facet_inclination_deg("C4-5") is None


@pytest.mark.parametrize("region", ["cervical", "thoracic", "lumbar"])
def test_joints_in_region_partition_the_series(region):
    joints = anatomy.joints_in_region(region)
    assert joints and all(anatomy.region_of(j) == region for j in joints)
    assert sum(len(anatomy.joints_in_region(r)) for r in anatomy.REGIONS) == len(anatomy.FACET_JOINTS)
    with pytest.raises(ValueError, match="region must be"):
        anatomy.joints_in_region("sacral")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=12))
def test_any_text_gives_a_valid_angle_or_a_valueerror(text):
    try:
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(text)
    except ValueError as error:
        assert str(error)
    else:
        assert 0 <= low <= mean <= high <= 180


# ---------------------------------------------------------------- the 3-D model
def _rotation(solid):
    return np.asarray(solid.rotation, dtype=float)


@pytest.mark.parametrize("joint", anatomy.LUMBAR_JOINTS)
def test_facet_plane_angle_equals_the_data_for_each_level(joint):
    mean = anatomy.facet_angle_to_sagittal_deg(joint)[0]
    for side in anatomy.SIDES:
        assert anatomy.measured_axial_angle_deg(joint, side) == pytest.approx(mean, abs=0.01)


@pytest.mark.parametrize("joint", anatomy.LUMBAR_JOINTS)
def test_segment_is_mirror_symmetric_when_tropism_is_zero(joint):
    solids = {s.part: s for s in anatomy.segment_solids(joint)}
    mirror = np.diag([-1.0, 1.0, 1.0])
    for part, solid in solids.items():
        if "_left" not in part:
            continue
        twin = solids[part.replace("_left", "_right")]
        assert np.allclose(mirror @ np.asarray(solid.center_mm), twin.center_mm)
        assert solid.semi_axes_mm == twin.semi_axes_mm and solid.kind == twin.kind
    # the inside of each left solid mirrors onto its right twin (checks the rotations too)
    rng = np.random.default_rng(0)
    points = rng.uniform([-60, -30, -70], [60, 80, 40], size=(4000, 3))
    for part, solid in solids.items():
        if "_left" in part:
            twin = solids[part.replace("_left", "_right")]
            assert np.array_equal(anatomy.contains(solid, points), anatomy.contains(twin, points @ mirror)), (
                part
            )


def test_tropism_changes_each_side_by_half_and_keeps_the_difference():
    mean = anatomy.facet_angle_to_sagittal_deg("L4-5")[0]
    left = anatomy.measured_axial_angle_deg("L4-5", "left", tropism_deg=8.0)
    right = anatomy.measured_axial_angle_deg("L4-5", "right", tropism_deg=8.0)
    assert left - right == pytest.approx(8.0) and (left + right) / 2 == pytest.approx(mean)


def test_joint_gap_lies_on_the_joint_plane_between_the_two_articular_processes():
    dims = anatomy.DIMENSIONS
    for joint in anatomy.LUMBAR_JOINTS:
        solids = {s.part: s for s in anatomy.segment_solids(joint)}
        for side in anatomy.SIDES:
            point, normal = anatomy.facet_joint_plane(joint, side)
            inferior = solids[f"inferior_articular_process_{side}_upper"]
            superior = solids[f"superior_articular_process_{side}_lower"]
            # articular faces: half the gap on either side of the plane, facing each other
            for solid, sign in ((inferior, +1), (superior, -1)):
                axis = _rotation(solid)[:, 0]
                assert abs(abs(axis @ normal) - 1) < 1e-9  # thickness axis = plane normal
                distance = (np.asarray(solid.center_mm) - point) @ normal
                assert distance == pytest.approx(sign * (dims.joint_gap / 2 + solid.semi_axes_mm[0]))
            # the plane point itself is in the gap: inside neither process
            assert not anatomy.contains(inferior, point[None])[0]
            assert not anatomy.contains(superior, point[None])[0]
            # the inferior process of the upper vertebra lies posteromedial to the superior process below
            lateral = 1.0 if side == "left" else -1.0
            assert inferior.center_mm[1] > superior.center_mm[1]
            assert lateral * inferior.center_mm[0] < lateral * superior.center_mm[0]


def test_every_solid_has_a_proper_rotation_and_positive_size():
    for joint in anatomy.LUMBAR_JOINTS:
        for solid in anatomy.segment_solids(joint):
            rot = _rotation(solid)
            assert np.allclose(rot.T @ rot, np.eye(3)) and np.linalg.det(rot) == pytest.approx(1.0)
            assert all(h > 0 for h in solid.semi_axes_mm) and solid.density >= 0


def test_single_vertebra_has_the_named_parts():
    parts = {s.part for s in anatomy.vertebra_solids("L4")}
    for side in anatomy.SIDES:
        for name in (
            "pedicle",
            "lamina",
            "transverse_process",
            "superior_articular_process",
            "inferior_articular_process",
        ):
            assert f"{name}_{side}" in parts
    assert {"body", "spinous_process"} <= parts
    sacrum = {s.part for s in anatomy.vertebra_solids("S1")}
    assert "superior_articular_process_left" in sacrum and "inferior_articular_process_left" not in sacrum


def test_z_offset_moves_the_whole_vertebra():
    base = anatomy.vertebra_solids("L3")
    moved = anatomy.vertebra_solids("L3", z_offset_mm=-40.0)
    for a, b in zip(base, moved, strict=True):
        assert np.allclose(np.asarray(b.center_mm) - a.center_mm, [0, 0, -40.0])


def test_axial_section_at_the_joint_cuts_both_articular_processes():
    solids = anatomy.segment_solids("L4-5")
    centre = anatomy.facet_joint_centre_mm("L4-5", "left")
    section = anatomy.axial_section(solids, float(centre[2]))
    present = {section["parts"][i] for i in np.unique(section["labels"]) if i >= 0}
    assert {"inferior_articular_process_left_upper", "superior_articular_process_left_lower"} <= present


@pytest.mark.parametrize(
    "call",
    [
        lambda: anatomy.vertebra_solids("L6"),
        lambda: anatomy.vertebra_solids("C4"),  # cervical angles are sourced, but the 3-D model is lumbar
        lambda: anatomy.vertebra_solids("T12"),  # T11-12 has a sourced angle; no thoracic bones are built
        lambda: anatomy.segment_solids("C5-6"),
        lambda: anatomy.segment_solids("L1-3"),
        lambda: anatomy.facet_joint_plane("L4-5", "middle"),
        lambda: anatomy.facet_joint_plane("L4-5", "left", tropism_deg=float("nan")),
        lambda: anatomy.facet_joint_plane("L4-5", "left", tropism_deg=90),
        lambda: anatomy.axial_section(anatomy.segment_solids("L4-5"), float("inf")),
    ],
)
def test_bad_model_input_is_refused_with_valueerror(call):
    with pytest.raises(ValueError):
        call()


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(anatomy.LUMBAR_JOINTS),
    st.sampled_from(anatomy.SIDES),
    st.floats(min_value=-40, max_value=40, allow_nan=False),
)
def test_plane_normal_is_unit_and_horizontal_for_lumbar_joints(joint, side, tropism):
    point, normal = anatomy.facet_joint_plane(joint, side, tropism)
    assert np.linalg.norm(normal) == pytest.approx(1.0)
    assert abs(normal[2]) < 1e-9
    lateral = 1.0 if side == "left" else -1.0
    assert lateral * point[0] > 0 and point[1] > 0


# ---------------------------------------------------------------- capsule capacity (safety rule set)
@pytest.mark.parametrize("region", anatomy.REGIONS)
def test_intra_articular_volume_check_is_monotonic_and_flags_volumes_over_the_capsule(region):
    _, high, sources = anatomy.capsule_capacity_ml(region)
    order = {level: i for i, level in enumerate(safety.VERDICTS)}

    def worst(volume: float) -> int:
        return max(order[r.level] for r in safety.check_volumes(region, "intra_articular", volume))

    levels = [worst(float(v)) for v in np.linspace(0.05, 5.0, 100)]
    assert levels == sorted(levels)
    over = safety.check_volumes(region, "intra_articular", high * 1.5)
    capsule = [r for r in over if r.source_id == sources]
    # more than the largest reported capacity: the injectate leaks beyond the joint, a loss of specificity
    # (caution, review s10 of 01 F1); unsafe only above the course's labelled teaching threshold
    assert capsule and capsule[0].level == "caution" and "capsule" in capsule[0].text
    factor, _, _ = safety.gross_joint_volume_factor()
    far = safety.check_volumes(region, "intra_articular", high * factor * 1.1)
    assert far[-1].level == "unsafe" and "teaching threshold" in far[-1].text


def test_the_anatomy_view_says_what_the_checker_says():
    for region in anatomy.REGIONS:
        for volume in (0.5, 1.0, 1.5, 3.0):
            reasons = safety.check_volumes(region, "intra_articular", volume)
            worst = max((r.level for r in reasons), key=safety.VERDICTS.index)
            assert views.volume_check_text(region, volume).startswith(worst.upper())


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 50)))
def test_volume_check_refuses_nonsense_volumes_with_valueerror(volume):
    try:
        reasons = safety.check_volumes("lumbar", "intra_articular", volume)
    except ValueError as error:
        assert "injectate_ml" in str(error)
    else:
        assert 0 < volume <= safety.MAX_ITEM_ML and reasons


def test_volume_check_refuses_unknown_region():
    with pytest.raises(ValueError, match="region must be one of"):
        safety.check_volumes("sacral", "intra_articular", 1.0)


# ---------------------------------------------------------------- views: build, refuse bad input
def test_every_figure_builds_with_alt_text():
    from facet_course.core.figures import REGISTRY
    from facet_course.lessons import facet_joint_anatomy as anatomy_views

    lesson_figures = {s: b for s, b in REGISTRY.items() if b.__module__.startswith(anatomy_views.__name__)}
    assert len(lesson_figures) == 8
    for stem, build in lesson_figures.items():
        fig, alt = build()
        assert fig.axes and len(alt) > 40, stem


def test_explorers_have_small_twins_and_explain_bad_input():
    from facet_course.lessons import facet_joint_anatomy as anatomy_views
    from facet_course.lessons.facet_joint_anatomy import (
        capsule,
        level_picker,
        lumbar_nerves,
        nerves,
        referral_map,
    )

    for make in (
        anatomy_views.level_explorer,
        anatomy_views.innervation_explorer,
        anatomy_views.referral_explorer,
        anatomy_views.capsule_explorer,
        anatomy_views.lumbar_nerves_explorer,
    ):
        explorer = make()
        assert 1 <= len(explorer.twin_combinations()) <= 40
    _, update = level_picker._draw_level()
    for name in ("C1-2", "L6-S1", "sacroiliac"):
        with pytest.raises(ValueError, match="joint must be one of"):
            update(name, 0.0)
    assert "schematic glyph" in update("C4-5", 0.0) and "inclined" in update("C4-5", 0.0)
    assert "one band for the whole thoracic spine" in update("T6-7", 8.0)
    assert "C-arm" in update("L4-5", 0.0)
    # review s5 of 01 (F6): the junction levels say the sources cannot fix their orientation
    assert all("highly variable" in update(j, 0.0) for j in ("T11-12", "T12-L1"))
    assert "highly variable" not in update("T6-7", 0.0)
    _, update = referral_map._draw_referral()
    with pytest.raises(ValueError, match="joints with data"):
        update("T6-7")
    _, update = capsule._draw_capsule()
    # above the largest capacity caution (review s10 of 01, F1); above twice it unsafe (teaching threshold)
    assert update("lumbar", 3.0).startswith("CAUTION") and "capsule" in update("lumbar", 3.0)
    assert update("lumbar", 4.5).startswith("UNSAFE") and "teaching threshold" in update("lumbar", 4.5)
    assert update("lumbar", 1.25).startswith("CAUTION")  # above the usual 1 mL, within the guideline
    _, update = nerves._draw_innervation()
    assert "not a facet joint" in update("sacroiliac")
    _, update = lumbar_nerves._draw_lumbar_nerves()
    assert "L3 medial branch" in update("L4-5")
    with pytest.raises(ValueError, match="choose a lumbar joint"):
        update("C4-5")


def test_self_check_has_five_or_more_sourced_questions():
    from facet_course.lessons import facet_joint_anatomy as anatomy_views

    questions = anatomy_views.self_check_questions()
    assert len(questions) >= 5
    for q in questions:
        for sid in q.source_id.split(";"):
            data.reference(sid)


def test_level_picker_offers_every_level_with_data_and_draws_its_angle():
    from facet_course.lessons import facet_joint_anatomy as anatomy_views
    from facet_course.lessons.facet_joint_anatomy import level_picker

    explorer = anatomy_views.level_explorer()
    joint_control = explorer.controls[0]
    assert list(joint_control.options) == anatomy.levels_with_axial_angle()
    assert {anatomy.region_of(j) for j in joint_control.twin_options} == {"cervical", "thoracic", "lumbar"}
    _, update = level_picker._draw_level()
    for joint in anatomy.levels_with_axial_angle():
        mean = anatomy.facet_angle_to_sagittal_deg(joint)[0]
        readout = update(joint, 0.0)
        flag = " (past coronal)" if anatomy.axial_angle_past_coronal(joint) else ""  # review s17 of 01, F1
        assert f"left {mean:.1f}°{flag}, right {mean:.1f}°{flag}." in readout, joint


@pytest.mark.parametrize("region", [None, "cervical", "thoracic", "lumbar"])
def test_orientation_tables_by_region(region):
    from facet_course.lessons import facet_joint_anatomy as anatomy_views

    summary = anatomy_views.orientation_summary_table(region)
    studies = anatomy_views.orientation_studies_table(region)
    assert len(summary) > 0 and set(studies["joint"]) == set(summary.index)
    if region is not None:
        assert all(anatomy.region_of(j) == region for j in summary.index)
    with pytest.raises(ValueError, match="region must be one of"):
        anatomy_views.orientation_summary_table("sacral")


def test_conversion_table_shows_each_plane_with_its_rule():
    from facet_course.lessons import facet_joint_anatomy as anatomy_views

    table = anatomy_views.conversion_table()
    rules = dict(zip(table["measured against"], table["conversion"], strict=False))
    assert rules["coronal plane"] == "90 - value"
    assert rules["vertical (radiograph)"] == "90 - value"
    assert "180 - value (past coronal)" in set(table["conversion"])
    frame = anatomy.orientation_table()
    assert set(table["study"]) == {citations.author_year(s) for s in frame["source_id"]}


def test_level_picker_keeps_every_drawn_angle_in_the_course_convention():
    """Every level and every tropism the picker allows: drawn angles 0-90, a side past coronal named."""
    import re

    from facet_course.lessons.facet_joint_anatomy import level_picker

    low, high, step = level_picker.level_explorer().controls[1].options
    tropisms = [float(t) for t in np.arange(low, high + step / 2, step)]
    _, update = level_picker._draw_level()
    side_value = r"([\d.]+)°( \(past coronal\))?"
    pattern = rf"Drawn \(tropism -?[\d.]+°\): left {side_value}, right {side_value}"
    turned_seen = set()
    for joint in anatomy.levels_with_axial_angle():
        modelled = joint in anatomy.LUMBAR_JOINTS  # the 3-D model: its measured angle is 0-90 by construction
        angle_of = anatomy.measured_axial_angle_deg if modelled else level_picker.glyph_axial_angle_deg
        for tropism in tropisms:
            raw = {side: angle_of(joint, side, tropism) for side in anatomy.SIDES}
            # the glyph levels through the live update (cheap); the lumbar ones through the same readout text
            text = (
                update(joint, tropism)
                if not modelled
                else level_picker._drawn_text(tuple(raw.values()), tropism)
            )
            drawn = re.search(pattern, text)
            assert drawn, (joint, tropism)
            for side, value, flag in (("left", drawn[1], drawn[2]), ("right", drawn[3], drawn[4])):
                assert 0 <= float(value) <= 90, (joint, tropism, side)
                assert float(value) == pytest.approx(min(raw[side], 180 - raw[side]), abs=0.051)
                assert bool(flag) == (raw[side] > 90), (joint, tropism, side)
                if raw[side] > 90:
                    turned_seen.add(joint)
                    on = re.search(r"On the (left|right|left and right) the joint line", text)
                    assert on and side in on[1] and "posterolaterally" in text, (joint, tropism, side)
    assert {"C4-5", "C5-6", "C6-7"} <= turned_seen  # C4-5 at +8 degrees is a handout frame
    for joint in ("C4-5", "C5-6", "C6-7"):  # review s17 of 01, F1: past coronal on both sides at tropism 0
        assert "On the left and right the joint line has turned past" in update(joint, 0.0), joint
        assert update(joint, 0.0).count("(past coronal)") == 2, joint
    assert not {j for j in turned_seen if anatomy.region_of(j) != "cervical"}
    assert level_picker.course_angle(92.8) == (pytest.approx(87.2), True)
    assert level_picker.course_angle(90.0) == (90.0, False)
    with pytest.raises(ValueError, match="0 to 180"):
        level_picker.course_angle(181.0)


def test_capsule_explorer_reaches_every_verdict_in_every_region_and_never_promises_containment():
    """The volume slider reaches 'unsafe' in each region (lumbar included); a 'fine' verdict says that
    staying within the capacity does not prevent spread (Dory 1981)."""
    from facet_course.lessons.facet_joint_anatomy import capsule

    explorer = capsule.capsule_explorer()
    low, high, step = explorer.controls[1].options
    volumes = [float(v) for v in np.arange(low, high + step / 2, step)]
    _, update = capsule._draw_capsule()
    for region in anatomy.REGIONS:
        verdicts = {update(region, v, 0.0).split(":")[0] for v in volumes}
        assert "UNSAFE" in verdicts, region
        if region == "lumbar":
            assert verdicts == {"FINE", "CAUTION", "UNSAFE"}, verdicts
    assert any(
        update("lumbar", v, 0.0).startswith("UNSAFE") for v in explorer.controls[1].twin_options
    )  # the handout shows it too
    fine = capsule.volume_check_text("lumbar", 1.0)
    assert fine.startswith("FINE") and "does not prevent it" in fine and "Dory" in fine
    assert "does not prevent it" not in capsule.volume_check_text("lumbar", 3.0)


def test_the_volume_table_says_where_the_checker_starts_to_say_unsafe():
    # Review s7 of 01 (major 1): one threshold in the table and in the checker.
    table = views.injected_volumes_table().reset_index()
    for _, row in table.iterrows():
        joint = row["injection"] == safety.target_label("intra_articular")
        target = "intra_articular" if joint else "medial_branch"
        from_ml, inclusive = safety.unsafe_from_ml(row["region"], target)
        unsafe = row["rule set says unsafe"]
        assert unsafe.startswith(f"{'from' if inclusive else 'above'} {from_ml:g} mL")
        # review s8 F8: the threshold is the course's, and the table says so in the cell (at a joint too
        # since review s10 of 01, F1)
        assert "course teaching threshold, not from a source" in unsafe, unsafe


def test_contrast_counts_at_a_joint_by_the_course_reading_in_every_text():
    """Review s8 F1: the table, the take-away question and the checker say the one rule: the course counts the
    contrast toward a joint's limit (not 'the guideline'); no text says the limit is on anaesthetic plus
    steroid alone."""
    table = views.injected_volumes_table().reset_index()
    joints = table[table["injection"] == safety.target_label("intra_articular")]
    for _, row in joints.iterrows():
        limit, borrowed = safety.site_injectate_limit(row["region"], "intra_articular")
        cell = row[views.capsule.VOLUME_COLUMN]
        assert ("the course counts contrast toward it" in cell) == (limit.includes_contrast and not borrowed)
        assert "including contrast" not in cell
    question = next(q for q in views.self_check_questions() if "lumbar facet joint" in q.prompt)
    assert "the course counts the contrast" in question.explanation
    assert "anaesthetic plus steroid" not in question.explanation
    assert len(question.source_id.split(";")) == len(set(question.source_id.split(";")))
    lumbar = safety.site_injectate_limit("lumbar", "intra_articular")[0]
    over = views.volume_check_text("lumbar", lumbar.high_ml - 0.2, 0.3)  # under alone, over with contrast
    assert over.startswith("CAUTION") and "the course counts the contrast" in over


def test_capsule_table_gives_the_source_range_and_cites_usual_to_the_injection_chapter():
    """Review s8 F3: the capacity column is the textbook's plain range; the lumbar 'usual' 1 mL is
    attributed to the lumbar injection chapter, named in the citation."""
    table = views.capsule_table()
    for region in anatomy.REGIONS:
        low, high, _ = anatomy.capsule_capacity_ml(region)
        assert table.loc[region, "capsule holds (mL)"] == (
            f"{low:g}-{high:g}" if low is not None else f"less than {high:g}"
        )
    assert "usually" not in " ".join(table["capsule holds (mL)"])
    assert "should not exceed 1 mL" in table.loc["lumbar", "note"]
    chapter = "chapter: injection procedures (lumbar zygapophyseal joint injection)"
    assert chapter in table.loc["lumbar", "source"]


def test_short_citations_name_each_textbook_chapter_and_each_work_once():
    """Review s8 F7: two chapters of one textbook never read the same; a paper and one of its tables read
    once; bad ids still fail."""
    from facet_course.lessons.facet_joint_anatomy._common import short

    text = short("anat_braddom_zjoint;braddom_zjoint;anat_dory1981")
    parts = text.split("; ")
    assert len(parts) == len(set(parts)) == 3 and all("chapter:" in p for p in parts[:2])
    assert short("anat_hurley2022;aft_hurley2022_t22").count("Hurley") == 1
    assert short("cohen2010cervical") == citations.short("cohen2010cervical")
    for checked in (views.capsule_table()["source"], views.injected_volumes_table()["source"]):
        for cell in checked:
            assert len(cell.split("; ")) == len(set(cell.split("; "))), cell
    with pytest.raises(data.DataError, match="unknown reference id"):
        short("no_such_reference_id")


def test_thoracic_caution_cites_the_all_level_dissection_and_the_t4_5_row_names_its_unstudied_nerve():
    """Review s8 F6: a general thoracic caution from the T1-T12 dissection (one cadaver, said so); the T4-5
    row says its T3 nerve lies outside the studied T4-T8 rami."""
    text = views.thoracic_caution()
    assert "Talsma" in text and "one cadaver" in text and "17 of 22" in text and "T10-T12" in text
    t45 = innervation_row("T4-5")
    assert "T3 was not studied" in t45["note"]
    assert "T3 was not studied" not in innervation_row("T5-6")["note"]


def innervation_row(joint: str) -> pd.Series:
    """One row of data/facet_innervation.csv."""
    table = data.load_table("facet_innervation")
    return table[table["joint"] == joint].iloc[0]


def test_what_a_medial_branch_block_also_numbs_is_sourced():
    """Review s8 expected-but-missing 1: two joints and multifidus, with the source; review s12 of 01, F9:
    only what Bogduk 1982 states (no claim resting on a commercial anatomy web page)."""
    text = views.also_numbed()
    assert "two adjacent facet joints" in text and "multifidus" in text
    assert "Bogduk" in text and "Source:" in text
    assert "Elsevier" not in text and "interspinous" not in text


def test_the_lumbar_level_readout_sets_the_oblique_on_the_screen_not_from_the_means():
    """Review s8 F5: the readout no longer ranks levels by the mean angle for the C-arm."""
    from facet_course.lessons.facet_joint_anatomy import level_picker

    _, update = level_picker._draw_level()
    for joint in ("L4-5", "L5-S1"):
        text = update(joint)
        assert "posterior joint cleft" in text and "spread between studies" in text
        assert "further the C-arm must turn" not in text
    assert "posterior joint cleft" not in update("C5-6")


def test_every_region_reaches_caution_before_unsafe_at_a_joint_and_the_marker_shows_the_total():
    """Review s10 of 01, F1 and F2: no region jumps from fine to unsafe; two plans with the same total at a
    joint get the same verdict; the explorer's axis holds the slider's largest total and every region's
    unsafe threshold; the marker sits at the total, contrast included."""
    from facet_course.lessons.facet_joint_anatomy import capsule

    explorer = capsule.capsule_explorer()
    low, high, step = explorer.controls[1].options
    volumes = [float(v) for v in np.arange(low, high + step / 2, step)]
    for region in anatomy.REGIONS:
        levels = [capsule.volume_check_text(region, v).split(":")[0] for v in volumes]
        first_unsafe = levels.index("UNSAFE")
        assert "CAUTION" in levels[:first_unsafe], (region, levels)
        for total in (0.75, 1.5):
            alone = capsule.volume_check_text(region, total).split(":")[0]
            mixed = capsule.volume_check_text(region, total - 0.5, 0.5).split(":")[0]
            assert alone == mixed, (region, total, alone, mixed)
    fig, update = capsule._draw_capsule()
    ax = fig.axes[0]
    largest = high + max(explorer.controls[2].options)
    assert ax.get_xlim()[1] >= largest
    assert all(ax.get_xlim()[1] > safety.unsafe_from_ml(r, "intra_articular")[0] for r in anatomy.REGIONS)
    update("thoracic", 0.5, 0.2)
    marker = next(line for line in ax.lines if line.get_gid() == "planned")
    assert marker.get_xdata()[0] == pytest.approx(0.7)


def test_the_volume_table_says_how_firm_each_nerve_limit_is():
    """Review s10 of 01, F3 and F6: the column names what counts; a trial's figure reads as a preference
    with the trial's finding and the guideline's figure in the note; a borrowed figure as an extrapolation."""
    from facet_course.lessons.facet_joint_anatomy import capsule

    table = views.injected_volumes_table().reset_index()
    assert capsule.VOLUME_COLUMN in table.columns and "anaesthetic only" not in capsule.VOLUME_COLUMN
    nerves = table[table["injection"] == safety.target_label("medial_branch")].set_index("region")
    cervical = safety.site_injectate_limit("cervical", "medial_branch")[0]
    assert cervical.basis == "trial"
    assert nerves.loc["cervical", capsule.VOLUME_COLUMN].startswith(f"preferred {cervical.text()}")
    assert "teaching choice" in nerves.loc["thoracic", capsule.VOLUME_COLUMN]  # review s12 of 01, F7
    assert "preferred" not in nerves.loc["lumbar", capsule.VOLUME_COLUMN]
    note = views.nerve_limit_note()
    assert "P = 0.07" in note and "less than 0.3 mL" in note and "not statistically significant" in note
    assert "thoracic row applies this figure" in note and "Cohen SP et al., Anesthesiology 2010" in note


def test_the_self_check_gives_the_rule_sets_verdict_and_its_teaching_threshold():
    """Review s10 of 01, F1: the capsule question's feedback says what the rule set says now."""
    question = next(q for q in views.self_check_questions() if "lumbar facet joint" in q.prompt)
    planned = float(question.prompt.split(" mL")[0].split()[-1])
    verdict = max(
        (r.level for r in safety.check_volumes("lumbar", "intra_articular", planned)),
        key=safety.VERDICTS.index,
    )
    unsafe_ml, _ = safety.unsafe_from_ml("lumbar", "intra_articular")
    assert f"calls {planned:g} mL {verdict}" in question.explanation
    assert f"unsafe only above {unsafe_ml:g} mL" in question.explanation
    assert "teaching threshold, not from a source" in question.explanation


def test_a_single_study_level_shows_its_sd_and_the_junction_its_two_groups():
    """Review s10 of 01, F5: T12-L1 (one study's mean with SD) never reads as a zero-width range."""
    from facet_course.lessons.facet_joint_anatomy import level_picker
    from facet_course.lessons.facet_joint_anatomy import orientation as lesson_orientation

    frame = anatomy.orientation_table()
    row = frame[(frame["quantity"] == "axial_angle") & (frame["level"] == "T12-L1")].iloc[0]
    table = views.orientation_summary_table("thoracic")
    cell = table.loc["T12-L1", "range (deg)"]
    # review s12 of 01, F2: Masharawi's T12-L2 band stands beside Weinberg's mean and SD, not merged
    assert cell.startswith(f"{row['value_deg']:.1f}, SD {row['sd_deg']:.1f} (")
    assert "T12-L2 band" in cell and "one study" not in cell
    assert "no range" not in table.loc["T6-7", "range (deg)"]
    assert lesson_orientation.reported_sd_deg("L4-5") is None  # several studies: their range instead
    assert lesson_orientation.reported_sd_deg("T12-L1") is None
    readout = level_picker._level_readout("T12-L1", 0.0, (20.0, 20.0))
    assert f"SD {row['sd_deg']:.1f}" in readout and "-22.6" not in readout and "minority" in readout
    assert "one band for the whole thoracic spine" not in readout
    assert "minority" in views.junction_warning()


def test_where_a_leak_goes_names_the_paths_and_its_sources():
    """Review s10 of 01, expected item 2: where injectate goes when it leaves the joint, sourced."""
    text = views.where_a_leak_goes()
    assert "retrodural space of Okada" in text and "foramen" in text and "other side" in text
    assert "Murthy" in text and "Dory" in text


def test_no_band_midpoint_or_pooled_band_is_shown_as_a_level_mean():
    """Review s12 of 01, F2-F5: where no study reports a level, the tables say so and show each study's band
    with the levels it covers; where a mean stands beside another study's band, whose mean it is."""
    from facet_course.lessons.facet_joint_anatomy import orientation as lesson_orientation

    summary = views.orientation_summary_table()
    for joint, row in summary.iterrows():
        estimates = anatomy.axial_angle_estimates(joint)
        points = [e for e in estimates if e.has_point_estimate]
        if not points:
            assert row["mean (deg)"] == "no level value", joint
        if len(points) < len(estimates):
            for est in estimates:
                assert citations.author_year(est.source_id) in row["range (deg)"], joint
    assert "T12-L2 band" in summary.loc["L1-2", "range (deg)"]
    assert "T12-L2 band" in summary.loc["T12-L1", "range (deg)"]
    assert "superior facets band" in summary.loc["C7-T1", "range (deg)"]
    assert summary.loc["L3-4", "mean (deg)"].endswith("(Jentzsch 2013 only)")
    thoracic = summary.loc["T6-7", "range (deg)"]
    assert "60.0-65.0" in thoracic and "74.0-88.0" in thoracic and "60.0-88.0" not in thoracic
    conversion = views.conversion_table()
    assert "L1-2 (T12-L2 band)" in set(conversion["joint"])
    known = anatomy.axial_angle_estimates("L1-2")[0]
    assert lesson_orientation.band_label(known) == "T12-L2 band"
    assert lesson_orientation.band_label(anatomy.axial_angle_estimates("L2-3")[0]) == ""


def test_self_check_names_the_thoracolumbar_joints_as_most_sagittal():
    """Review s12 of 01, F6: T12-L1 is more sagittal than L1-2 on the course's own data."""
    question = next(q for q in views.self_check_questions() if "closest to the coronal" in q.prompt)
    assert "thoracolumbar and upper lumbar joints are the most sagittal" in question.explanation
    assert "Weinberg" in citations.short(question.source_id)


def test_capsule_table_shows_where_the_checker_says_caution_and_the_readout_leads_with_the_reason():
    """Review s12 of 01, F1: the usual capacity is in the table, asked of the rule set; a caution readout
    starts with the capsule reason, and the limit that was not broken follows as a passed check."""
    from facet_course.lessons.facet_joint_anatomy import capsule

    table = views.capsule_table()
    for region in anatomy.REGIONS:
        edge, inclusive = capsule.caution_from_ml(region)
        at = [r.level for r in safety.check_volumes(region, "intra_articular", edge)]
        below = [r.level for r in safety.check_volumes(region, "intra_articular", edge - 0.02)]
        assert set(below) == {"fine"} and ("fine" != max(at, key=safety.VERDICTS.index)) == inclusive
        cell = table.loc[region, "checker says caution (mL)"]
        assert cell.startswith(f"{'from' if inclusive else 'above'} {edge:g} ("), cell
    assert table.loc["lumbar", "checker says caution (mL)"].startswith("above 1 (the usual capacity")
    text = capsule.volume_check_text("lumbar", 1.4)
    assert text.startswith("CAUTION: The total at the joint") and "usual lumbar capsule capacity" in text
    assert text.index("Also checked (fine):") > text.index("usual lumbar capsule capacity")
    thoracic = capsule.volume_check_text("thoracic", 0.6)
    assert thoracic.startswith("CAUTION: The total at the joint")
    with pytest.raises(ValueError, match="region must be one of"):
        capsule.caution_from_ml("sacral")


def test_thoracic_medial_branch_volume_is_a_teaching_choice_not_a_cervical_rationale():
    """Review s12 of 01, F7: the borrowed thoracic figure is named a course choice, not extrapolated."""
    table = views.injected_volumes_table().reset_index()
    row = table[
        (table["region"] == "thoracic") & (table["injection"] == safety.target_label("medial_branch"))
    ]
    cell = row.iloc[0][views.capsule.VOLUME_COLUMN]
    assert "teaching choice" in cell and "extrapolated" not in cell
    assert "not evidence for the thoracic spine" in views.nerve_limit_note()


# ---------------------------------------------------------------- review s13 of 01
def test_key_references_list_every_source_the_sections_cite():
    """Review s13 of 01, F4: each source the lesson's tables, notes and rule-set rows cite is in its key
    references (the thoracic dissection, the level picker's facing change, Okada, the lumbar dorsal rami,
    every volume limit's source, the misconceptions' sources)."""
    from facet_course.models import anatomy as anatomy_model

    listed = views.key_references()
    ids = set()
    for key in (
        "thoracic_articular_branches_all_levels",
        "cervical_facet_facing_transition",
        "retrodural_space_of_okada",
        "capsule_bursts_at_arthrography",
    ):
        ids.update(citations.source(key).split(";"))
    for region in anatomy.REGIONS:
        ids.update(anatomy.capsule_capacity_ml(region)[2].split(";"))
        for target in safety.TARGETS:
            ids.update(safety.site_injectate_limit(region, target)[0].source_id.split(";"))
    ids.update(anatomy_model.misconceptions_table()["source_id"].str.split(";").explode())
    listed_ids = data.load_table("key_references").query("lesson == 'facet_joint_anatomy'")["source_id"]

    def work(sid: str) -> tuple[str, str, int]:  # one paper, whichever of its tables a row cites
        ref = data.reference(sid)
        return ref.authors, ref.journal, ref.year

    works = {work(i) for i in listed_ids}
    missing = [i for i in sorted(ids) if work(i) not in works]
    assert not missing, missing
    for i in listed_ids:
        assert citations.references_markdown([i]).strip() in listed, i


def test_capsule_table_says_each_capacity_is_a_textbook_figure_without_a_primary_study():
    """Review s13 of 01, F1: the table itself (not only the data note) says where the capacities come from."""
    table = views.capsule_table()
    for region in anatomy.REGIONS:
        assert "unofficial web copy" in table.loc[region, "note"], region
        assert "no primary study" in table.loc[region, "note"], region
    assert "should not exceed 1 mL" in table.loc["lumbar", "note"]
    assert "should not exceed" not in table.loc["cervical", "note"]


def test_unsafe_joint_volume_is_labelled_the_courses_teaching_threshold_in_readout_and_title():
    """Review s13 of 01, F8: the verdict is the rule set's; beside it the word unsafe is glossed as the
    course's teaching threshold with no measured harm, and only when the verdict is unsafe."""
    from facet_course.lessons.facet_joint_anatomy import capsule

    unsafe = capsule.volume_check_text("thoracic", 0.75, 0.5)
    unsafe = capsule.volume_check_text("thoracic", 0.75, 0.5)
    assert unsafe.startswith(f"UNSAFE: {capsule.UNSAFE_GLOSS}") and "no measured harm" in capsule.UNSAFE_GLOSS
    caution = capsule.volume_check_text("lumbar", 3.0)
    assert caution.startswith("CAUTION: ") and capsule.UNSAFE_GLOSS not in caution
    fig, update = capsule._draw_capsule()
    title = fig.axes[0].title
    update("lumbar", 4.5, 0.0)
    assert title.get_text().endswith("→ unsafe (teaching threshold)")
    update("lumbar", 1.0, 0.0)
    assert title.get_text().endswith("→ fine")


def test_level_picker_names_one_studys_sides_and_a_band_drawn_as_no_level_value():
    """Review s13 of 01, F5 and F6: C2-3's inclination range is one study's left and right sides; a level
    drawn from a multi-level band says it is not a measured level; a level with a mean does not."""
    from facet_course.lessons.facet_joint_anatomy import level_picker

    _, update = level_picker._draw_level()
    c23 = update("C2-3", 0.0)
    assert "one study, left and right sides 50-52°" in c23 and "(studies 50" not in c23
    assert "not a measured level" in update("L1-2", 0.0)
    assert "not a measured level" not in update("L4-5", 0.0)


def test_prevalence_table_says_when_no_interval_was_read():
    """Review s13 of 01, F3: a figure without a CI says none was in the text read, never a blank."""
    table = views.prevalence_table()
    assert (table["95% CI (%)"] != "").all()
    lord = table[table["source"].str.startswith("Lord")]
    assert set(lord["95% CI (%)"]) == {"none in the text read"}


def test_lower_cervical_joints_keep_their_side_of_coronal_through_the_fold():
    """Review s17 of 01, F1: Ebraheim 2008's C5-C7 superior facet means lie above 90 degrees from the
    sagittal plane (past coronal); the folded course angle keeps that side: flag, table, readout, tropism."""
    from facet_course.lessons.facet_joint_anatomy import level_picker
    from facet_course.lessons.facet_joint_anatomy import orientation as views

    frame = anatomy.orientation_table()
    axial = frame[(frame["quantity"] == "axial_angle") & (frame["reference_plane"] == "mid-sagittal")]
    for joint in ("C2-3", "C3-4", "C4-5", "C5-6", "C6-7"):
        raw_mean = axial.loc[axial["level"] == joint, "value_deg"].astype(float).mean()
        assert anatomy.axial_angle_past_coronal(joint) == (raw_mean > 90), joint
        assert anatomy.facet_angle_to_sagittal_deg(joint)[0] <= 90  # the course angle stays acute
    assert [j for j in anatomy.levels_with_axial_angle() if anatomy.axial_angle_past_coronal(j)] == [
        "C4-5",
        "C5-6",
        "C6-7",
    ]
    faces = views.orientation_summary_table("cervical")["superior facet faces"]
    assert faces.to_dict() == {
        "C2-3": "posteromedial",
        "C3-4": "posteromedial",
        "C4-5": "posterolateral",
        "C5-6": "posterolateral",
        "C6-7": "posterolateral",
        "C7-T1": "posterolateral",  # Pal 2001: every spine at T1
    }
    assert "superior facet faces" not in views.orientation_summary_table("lumbar").columns
    assert citations.source("t1_superior_facets_posterolateral") == "anat_pal2001"
    # tropism acts on the unfolded angle: the side pushed further past coronal is the one marked
    mean = anatomy.facet_angle_to_sagittal_deg("C6-7")[0]
    left = level_picker.glyph_axial_angle_deg("C6-7", "left", -10.0)
    right = level_picker.glyph_axial_angle_deg("C6-7", "right", -10.0)
    assert left == pytest.approx(180 - mean - 5) and right == pytest.approx(180 - mean + 5)
    _, update = level_picker._draw_level()
    text = update("C6-7", -10.0)
    assert f"left {left:.1f}°, right {180 - right:.1f}° (past coronal)" in text
    assert "On the right the joint line has turned past" in text
    assert f"{180 - mean:.1f}° on its 0-180 scale" in text and "Past coronal" in text
    assert "Past coronal" not in update("C3-4", 0.0)
    c7t1 = update("C7-T1", 0.0)
    assert "faced posterolaterally in every spine" in c7t1 and "Pal" in c7t1
    assert "(past coronal)" not in c7t1  # the band carries no side: not drawn past coronal


def test_lumbar_referral_map_says_it_has_no_thigh_zone_where_the_prose_names_the_thigh():
    """Review s17 of 01, F4: misconception 2 says lumbar facet pain can reach the thigh; the map has no
    thigh zone, so every lumbar readout says the sources give none by level (and no cervical one does)."""
    from facet_course.lessons.facet_joint_anatomy import referral_map
    from facet_course.models import referral

    correction = anatomy.misconceptions_table().set_index("id").loc["leg_pain", "correction"]
    assert "thigh" in correction
    _, update = referral_map._draw_referral()
    lumbar = [j for j in referral.referral_joints() if anatomy.region_of(j) == "lumbar"]
    assert lumbar
    for joint in referral.referral_joints():
        zones = set(referral.referral_zones(joint)["zone"])
        text = update(joint)
        if anatomy.region_of(joint) == "lumbar":
            assert not any("thigh" in z for z in zones)  # if a sourced thigh zone is added, revisit the note
            assert referral_map.LUMBAR_THIGH_NOTE in text, joint
        else:
            assert referral_map.LUMBAR_THIGH_NOTE not in text, joint
