"""Review s16 of notebook 03 (F1-F5): the timeline's volume at the injection step says what the rule set
does (the total at the joint, contrast included), ..."""

from __future__ import annotations

import re

from facet_course import safety
from facet_course.lessons.fluoroscopic_technique import steps
from facet_course.models import anatomy, fluoroscopy


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]


def test_timeline_injection_label_counts_contrast_inside_the_rule_sets_limit():
    """F1 (major): the label read '< 1.5 mL per joint (+ contrast 0.1-0.3 mL)', contrast on top of the limit,
    while the rule set counts the contrast inside it and cautions above the usual capsule capacity."""
    limit, _ = safety.site_injectate_limit("lumbar", "intra_articular")
    label = steps.injection_volume_label()
    flat = label.replace("\n", " ")
    assert "+ contrast" not in flat
    assert limit.includes_contrast and "contrast included" in flat
    assert f"{limit.text()} ({limit.basis})" in flat
    # what 'contrast included' claims: a plan under the limit in drug alone, at the limit with contrast,
    # gets the same verdict as the same total with no contrast (the contrast counts)
    contrast_ml = 0.3
    with_contrast = safety.check_volumes(
        "lumbar", "intra_articular", limit.high_ml - contrast_ml, contrast_ml
    )
    total_alone = safety.check_volumes("lumbar", "intra_articular", limit.high_ml)
    worst = [max((r.level for r in rs), key=safety.VERDICTS.index) for rs in (with_contrast, total_alone)]
    assert worst[0] == worst[1] != "fine"
    # the caution line: the number on the label is where check_volumes stops saying fine, and it is the
    # usual capsule capacity the label names
    caution = _numbers(flat.split("caution", 1)[1])[0]
    usual, _, _ = anatomy.capsule_capacity_ml("lumbar")
    assert "above" in flat.split("caution", 1)[1] and "the usual capacity" in flat
    assert caution == usual < limit.high_ml
    verdicts = {
        v: max(
            (r.level for r in safety.check_volumes("lumbar", "intra_articular", v)), key=safety.VERDICTS.index
        )
        for v in (caution, caution + 0.01)
    }
    assert verdicts == {caution: "fine", caution + 0.01: "caution"}
    # every number on the label is the limit or the caution line: nothing typed
    assert set(_numbers(flat)) == {limit.high_ml, caution}


def test_timeline_figure_draws_the_rule_sets_label_and_says_it_in_the_alt_text():
    """F1: the figure shows the label under the injection step, and its alt text says it."""
    fig, alt = steps.timeline_figure()
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    label = steps.injection_volume_label()
    assert label in texts
    assert label.replace("\n", " ") in alt


def test_steep_oblique_caveat_says_means_and_arthritic_upper_lumbar_joints_are_more_coronal():
    """F2: 'steeper than the studies' facet angles' read as a range of single joints, but at L2-3 the figure
    is one study's mean, and in that study arthritic L2-3 joints were more coronal."""
    from facet_course.core import citations
    from facet_course.lessons.fluoroscopic_technique import _common, simulator

    mean, low, high = anatomy.facet_angle_to_sagittal_deg("L2-3")
    assert round(low) == round(high) and len(anatomy.facet_angle_sources("L2-3").split(";")) == 1
    steep = _common.real_joint_caveat("L2-3", round(high) + 7)
    assert f"{round(high) + 7}° is steeper than the study's mean at this level" in steep
    assert "facet angles" not in steep
    finding = citations.source(_common.ARTHRITIS_CORONAL_LEVELS["L2-3"])
    assert finding in anatomy.facet_angle_sources("L2-3").split(";")  # 'the same CT study'
    assert "arthritis at L2-3 went with a more coronal joint" in steep
    assert citations.author_year(finding) in steep
    # not at a level the study's abstract does not name, and not below the mean
    assert "arthritis" not in _common.real_joint_caveat("L1-2", 45)
    assert "arthritis" not in _common.real_joint_caveat("L2-3", mean - 1)
    # a level whose angle comes from several studies' means says so
    _, low45, high45 = anatomy.facet_angle_to_sagittal_deg("L4-5")
    assert f"the studies' means {low45:.0f}-{high45:.0f}°" in _common.real_joint_caveat("L4-5", 50)
    # the simulator's readout carries it
    readout = re.sub(r"<[^>]+>", "", simulator.simulator_readout("L2-3", 45, 0))
    assert "the image, not the number, decides" in readout and "more coronal joint" in readout


def test_local_anaesthetic_only_row_cites_a_lumbar_source_and_labels_the_cervical_one():
    """F3: the lumbar row 'steroid in a diagnostic block' and the injection step cited only Barnsley 1993, a
    cervical medial branch block study that says nothing of steroid or lumbar joints."""
    from facet_course.core import data as core_data
    from facet_course.models.procedure_steps import step

    lumbar = "sel_schwarzer1994fpr"  # lignocaine then bupivacaine blocks of lumbar zygapophysial joints
    assert "lumbar" in core_data.reference(lumbar).title.lower()
    rows = fluoroscopy.regional_differences_table()
    row = rows[rows["topic"].str.contains("diagnostic block")].iloc[0]
    assert row["topic"] == "local anaesthetic alone in a diagnostic block" and row["region"] == "lumbar"
    ids = row["source_id"].split(";")
    assert ids[0] == lumbar  # the lumbar source first; the cervical study only as the cervical principle
    if "barnsley1993" in ids:
        assert "cervical medial branch blocks" in row["what_differs"]
    injection = step("Injection")["source_id"].split(";")
    assert lumbar in injection and "barnsley1993" not in injection


def test_intravascular_table_gives_hong_and_verrills_denominators():
    """F4: column n was empty for Hong 2022 (102 three-level procedures per arm) and Verrills 2008 (14,312
    block levels, all regions together)."""
    from facet_course.lessons import fluoroscopic_technique as tv
    from facet_course.models import contrast

    raw = contrast.intravascular_table()
    shown = tv.intravascular_table().reset_index()
    for source_id, label in (("tech_hong2022", "Hong 2022"), ("tech_verrills2008", "Verrills 2008")):
        mine = shown[shown["source"] == label]
        assert len(mine) and (mine["n"] != "").all(), label
        for (_, r), n in zip(raw[raw["source_id"] == source_id].iterrows(), mine["n"], strict=True):
            own = r["injections"]
            expected = f"{int(own)}" if own == own else f"{int(r['all_regions_n'])} (all regions)"
            assert n == expected
    hong = raw[raw["source_id"] == "tech_hong2022"]
    # the stored n and percent agree with the abstract's counts (23 and 18 of 102)
    assert [
        round(p * n / 100) for p, n in zip(hong["intravascular_percent"], hong["injections"], strict=True)
    ] == [
        23,
        18,
    ]


def test_periarticular_pattern_gives_kershens_finding_for_therapeutic_injections_only():
    """F5: Kershen 2018 was cited only for fluoroscopy times; its finding (similar short-term relief after
    periarticular placement of a therapeutic injection) was missing where periarticular contrast is a miss."""
    from facet_course.core import citations
    from facet_course.lessons import fluoroscopic_technique as tv
    from facet_course.models import contrast

    kershen = citations.source("periarticular_similar_short_term_relief")
    assert kershen == "tech_kershen2018"
    table = tv.contrast_patterns_table()
    action = table.loc["periarticular blob", "action"]
    assert action.startswith(contrast.pattern("periarticular blob")["action"])  # the data row is kept
    assert "therapeutic injection" in action and "not for a diagnostic block" in action
    assert citations.author_year(kershen) in action
    assert citations.short(kershen) in table.loc["periarticular blob", "source"]
    assert citations.author_year(kershen) not in table.loc["arthrogram", "action"]
