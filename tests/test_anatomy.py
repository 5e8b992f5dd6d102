"""Tests for facet_course.anatomy: orientation from data/ in the course convention; the 3-D vertebra model."""

from __future__ import annotations

import pytest
from facet_course import anatomy, data
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


def test_range_across_studies_spans_every_reported_value():
    frame = data.load_table("facet_orientation")
    for joint in anatomy.levels_with_axial_angle():
        rows = frame[(frame["level"] == joint) & (frame["quantity"] == "axial_angle")]
        reported = [v for col in ("value_deg", "low_deg", "high_deg") for v in rows[col].dropna()]
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        assert low == pytest.approx(min(reported)) and high == pytest.approx(max(reported)), joint


def test_lumbar_facets_turn_from_sagittal_towards_coronal_going_down():
    means = [anatomy.facet_angle_to_sagittal_deg(j)[0] for j in ("L1-2", "L2-3", "L3-4", "L4-5")]
    assert means == sorted(means)


def test_conversions_between_reference_planes():
    assert anatomy.to_course_axial_angle(30.0, "mid-sagittal") == 30.0
    assert anatomy.to_course_axial_angle(30.0, "coronal") == 60.0
    assert anatomy.to_course_inclination(40.0, "vertical") == 50.0
    assert anatomy.to_course_inclination(64.0, "axial") == 64.0
    with pytest.raises(ValueError, match="cannot convert"):
        anatomy.to_course_axial_angle(30.0, "axial")


@pytest.mark.parametrize(
    "name, expected", [("l4/l5", "L4-5"), ("L4-L5", "L4-5"), ("L5-S1", "L5-S1"), ("C7-T1", "C7-T1")]
)
def test_joint_names_are_normalised(name, expected):
    assert anatomy.normalise_joint(name) == expected


@pytest.mark.parametrize("name", ["C0-1", "C1-2", "L6-S1", "L4-6", "L3-5", "sacroiliac", "", "S1-2"])
def test_names_that_are_not_facet_joints_are_refused_with_a_reason(name):
    with pytest.raises(ValueError) as info:
        anatomy.normalise_joint(name)
    assert len(str(info.value)) > 30


def test_level_without_data_says_which_levels_have_data():
    with pytest.raises(ValueError, match="levels with data: .*L4-5"):
        anatomy.facet_angle_to_sagittal_deg("C4-5")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=12))
def test_any_text_gives_a_valid_angle_or_a_valueerror(text):
    try:
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(text)
    except ValueError as error:
        assert str(error)
    else:
        assert 0 <= low <= mean <= high <= 180
