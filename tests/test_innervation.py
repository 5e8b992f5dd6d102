"""Tests for facet_course.innervation: the rule for every joint C2-3..L5-S1; the named non-facet joints."""

from __future__ import annotations

import pytest
from facet_course.core import data
from facet_course.models import innervation
from facet_course.models.anatomy import FACET_JOINTS, joint_vertebrae
from hypothesis import given, settings
from hypothesis import strategies as st

# Spinal nerves in order (eight cervical nerves for seven cervical vertebrae)
NERVES = [f"C{i}" for i in range(1, 9)] + [f"T{i}" for i in range(1, 13)] + [f"L{i}" for i in range(1, 6)]


def _nerve_index(vertebra: str) -> int:
    """Index in NERVES of the nerve that carries a vertebra's own number (C7 -> C7, T1 -> T1)."""
    return NERVES.index(vertebra)


@pytest.mark.parametrize("joint", FACET_JOINTS)
def test_every_facet_joint_has_nerves_a_rule_and_a_source(joint):
    found = innervation.nerves_to_block(joint)
    assert found.joint == joint and found.nerves and found.rule and found.block_targets
    for sid in found.source_id.split(";"):
        data.reference(sid)


@pytest.mark.parametrize("joint", [j for j in FACET_JOINTS if j.startswith("C") and j != "C2-3"])
def test_cervical_rule_same_numbered_and_next_nerve(joint):
    upper, _ = joint_vertebrae(joint)
    i = _nerve_index(upper)
    expected = (f"{NERVES[i]} medial branch", f"{NERVES[i + 1]} medial branch")
    assert innervation.nerves_to_block(joint).nerves == expected


@pytest.mark.parametrize("joint", [j for j in FACET_JOINTS if j[0] in "TL" and j != "L5-S1"])
def test_thoracic_and_lumbar_rule_nerve_above_and_same_numbered(joint):
    upper, _ = joint_vertebrae(joint)
    i = _nerve_index(upper)
    expected = (f"{NERVES[i - 1]} medial branch", f"{NERVES[i]} medial branch")
    assert innervation.nerves_to_block(joint).nerves == expected


def test_the_exceptions_at_the_top_and_bottom():
    assert innervation.nerves_to_block("C2-3").nerves == ("third occipital nerve",)
    assert innervation.nerves_to_block("L5-S1").nerves == ("L4 medial branch", "L5 dorsal ramus")
    assert innervation.nerves_to_block("C7-T1").nerves == ("C7 medial branch", "C8 medial branch")
    flagged = {j for j in FACET_JOINTS if innervation.nerves_to_block(j).exception}
    assert flagged == {
        "C2-3",
        "L5-S1",
    }  # C7-T1 follows the cervical rule: a numbering pitfall, not an exception
    assert "numbering pitfall" in innervation.nerves_to_block("C7-T1").note
    assert innervation.medial_branch_levels("C2-3") == ("C3",)
    assert innervation.medial_branch_levels("L4-5") == ("L3", "L4")


def test_each_lumbar_medial_branch_supplies_two_adjacent_joints():
    joints_of: dict[str, list[str]] = {}
    for joint in FACET_JOINTS:
        for label in innervation.medial_branch_levels(joint):
            joints_of.setdefault(label, []).append(joint)
    for label in ("L1", "L2", "L3", "L4"):
        assert len(joints_of[label]) == 2, label


@pytest.mark.parametrize("spelling", ["l4/l5", "L4-L5", " L4 - 5 ", "L4–5"])
def test_spellings_of_one_joint_agree(spelling):
    assert innervation.nerves_to_block(spelling) == innervation.nerves_to_block("L4-5")


@pytest.mark.parametrize(
    "name, word",
    [
        ("sacroiliac", "lateral branches"),
        ("SI joint", "lateral branches"),
        ("SIJ", "lateral branches"),
        ("C0-1", "ventral ramus"),
        ("C1-2", "C2"),
        ("C1-C2", "C2"),
        ("L6-S1", "transitional"),
        ("L5-L6", "transitional"),
    ],
)
def test_named_non_facet_joints_get_an_explanation_not_a_guess(name, word):
    with pytest.raises(innervation.NotAFacetJointError) as info:
        innervation.nerves_to_block(name)
    message = str(info.value)
    assert "not a facet joint" in message and word in message and "Source:" in message
    assert isinstance(info.value, ValueError)
    assert innervation.explain(name) == message


@pytest.mark.parametrize("name", ["L3-5", "C1-3", "T13-L1", "knee", "", "L4"])
def test_other_bad_names_are_refused_with_the_allowed_range(name):
    with pytest.raises(ValueError, match="C2-3"):
        innervation.nerves_to_block(name)


def test_nerve_table_lists_every_joint_in_order():
    table = innervation.nerve_table()
    assert list(table["joint"]) == list(FACET_JOINTS)
    assert (
        table.loc[table["joint"] == "L5-S1", "nerves to block"].item() == "L4 medial branch + L5 dorsal ramus"
    )


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=15), st.from_regex(r"[CTLSctls][0-9]{1,2}[-/][CTLSctls]?[0-9]{1,2}", fullmatch=True)
    )
)
def test_any_text_gives_nerves_or_an_explained_valueerror(text):
    try:
        found = innervation.nerves_to_block(text)
    except ValueError as error:
        assert len(str(error)) > 20
    else:
        assert found.joint in FACET_JOINTS and 1 <= len(found.nerves) <= 2
    assert innervation.explain(text)


def test_non_string_input_is_a_valueerror():
    with pytest.raises(ValueError):
        innervation.nerves_to_block(45)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["S1-2", "T13-L1"])
def test_names_beyond_a_normal_spine_get_the_numbering_advice(name):
    """Like 'L6', an S1-2 or T13 name may come from a spine with a transitional or extra segment."""
    with pytest.raises(innervation.NotAFacetJointError, match="counting down from C2") as caught:
        innervation.nerves_to_block(name)
    assert "whose top segment is S1" in str(caught.value) and "Lian" in str(caught.value)


def test_the_third_occipital_nerve_takes_three_injection_points_and_other_nerves_one():
    """The TON's course over C2-3 varies, so its block takes three points (data/nerve_injection_points)."""
    ton = innervation.injection_points("third occipital nerve")
    assert ton.points == 3 and "above, at and below" in ton.where and ton.source_id
    for joint in ("C3-4", "T6-7", "L4-5", "L5-S1"):
        for nerve in innervation.nerves_to_block(joint).nerves:
            assert innervation.injection_points(nerve).points == 1


@pytest.mark.parametrize("bad", ["greater occipital nerve", "", "L6 medial branch", 3])
def test_injection_points_refuses_names_that_are_not_nerves_of_the_table(bad):
    with pytest.raises(ValueError, match="not a nerve of data/facet_innervation.csv"):
        innervation.injection_points(bad)  # type: ignore[arg-type]


def test_thoracic_rows_outside_the_cadaver_series_carry_the_lighter_caution():
    """Review s10 of 01, F4: every thoracic row carries a caution in the table and the finder; the rows
    whose nerves include T10-T12 say the branch passed through the foramen; a joint with no thoracic nerve
    gains none (review s16 of 01, F4: L1-2 has one, its T12 nerve, tested in test_anatomy_review_s16)."""
    from facet_course.lessons.facet_joint_anatomy import nerves

    table = nerves.innervation_table().set_index("joint")
    _, update = nerves._draw_innervation()
    for joint in FACET_JOINTS:
        found = innervation.nerves_to_block(joint)
        light = nerves.limited_evidence_caution(joint)
        thoracic_nerve = any(n.startswith("T") for n in innervation.medial_branch_levels(joint))
        if not thoracic_nerve:
            assert light == "" and ("one cadaver" not in table.loc[joint, "caution"]), joint
            continue
        if found.region != "thoracic":
            continue
        assert table.loc[joint, "caution"], joint
        if found.block_may_miss:
            assert light == ""
            continue
        assert "one cadaver" in light and light in table.loc[joint, "caution"]
        assert light in update(joint) and "Talsma" in update(joint)
        foraminal = any(n in {"T10", "T11", "T12"} for n in innervation.medial_branch_levels(joint))
        assert ("foramen" in light) == foraminal, joint
    assert "foramen" in nerves.limited_evidence_caution("T11-12")


def test_sacroiliac_explanation_keeps_the_l5_minority_and_does_not_overclaim():
    """Review s17 of 01, F3: Roberts 2014 found the L5 dorsal ramus in a minority of hemipelves (and S4), so
    an L4 medial branch and L5 dorsal ramus block is 'not a test' of the sacroiliac joint, not 'cannot'."""
    from facet_course.models import anatomy

    message = innervation.explain("sacroiliac")
    for text in (message, anatomy.misconceptions_table().set_index("id").loc["si_is_facet", "correction"]):
        assert "cannot" not in text
        assert "not a test of" in text and "L5 dorsal ramus" in text and "minority" in text
    assert "L5 dorsal ramus in 8%" in message and "S4 in 4%" in message and "S3 in 88%" in message
