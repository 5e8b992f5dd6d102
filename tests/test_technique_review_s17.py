"""Review s17 of notebook 03 (F1, F2, F4-F6): the contrast explorer draws the epidural and intrathecal
patterns; the trials' contrast figure is for facet blocks, not 'at a joint'; the intrathecal action abandons
the level and watches for a spinal block only after local anaesthetic; the cervical radiofrequency imaging
row gives its certainty; no reference or source id twice."""

from __future__ import annotations

import numpy as np
import pytest
from facet_course.core import data
from facet_course.lessons import fluoroscopic_technique as tv
from facet_course.lessons.fluoroscopic_technique import contrast as lesson_contrast
from facet_course.models import contrast, fluoroscopy


def test_explorer_draws_the_epidural_and_intrathecal_patterns_with_the_tables_action():
    """F1: the two patterns that change management were in the table but not in the explorer."""
    explorer = tv.contrast_explorer()
    (pattern,) = [c for c in explorer.controls if c.name == "pattern"]
    assert {"epidural spread", "intrathecal (subarachnoid)"} <= set(pattern.options)
    fig, update = lesson_contrast._draw_contrast()
    image = fig.axes[0].get_images()[0]
    drawn = {}
    for name in ("arthrogram", "epidural spread", "intrathecal (subarachnoid)"):
        text = update(name, 3.0)
        assert contrast.pattern(name)["action"] in text
        assert "still shows" in text  # these stay; only vascular uptake washes out
        drawn[name] = np.asarray(image.get_array()).copy()
    # each pattern draws its own picture, not a copy of the arthrogram
    assert not np.allclose(drawn["epidural spread"], drawn["arthrogram"])
    assert not np.allclose(drawn["intrathecal (subarachnoid)"], drawn["epidural spread"])
    # the twin still answers its question: only vascular uptake is missed at 3 s
    assert "would miss" in explorer.frame(pattern="vascular uptake", seconds=3.0)[1]
    for name in ("epidural spread", "intrathecal (subarachnoid)"):
        assert "would miss" not in explorer.frame(pattern=name, seconds=3.0)[1]
    assert "STOP" in explorer.frame(pattern="intrathecal (subarachnoid)", seconds=1.0)[1]
    with pytest.raises(ValueError, match="pattern must be one of"):
        update("capsular leak", 1.0)


def test_intrathecal_action_abandons_the_level_and_ties_the_spinal_block_to_local_anaesthetic():
    """F4: at the contrast check only contrast has gone in; a spinal block follows local anaesthetic."""
    row = contrast.pattern("intrathecal (subarachnoid)")
    action = row["action"]
    assert action.startswith("STOP") and "abandon that level for this sitting" in action
    assert "if any local anaesthetic was already given there, watch for a spinal block" in action
    assert "headache" in action
    assert "tech_esi_complications_chapter" in row["source_id"].split(";")
    assert "tech_ramos2016" in row["source_id"].split(";")


def test_trials_contrast_figure_is_for_facet_blocks_not_at_a_joint():
    """F2: the guideline's 0.1-0.3 mL row is one facet-block figure (medial branch and intra-articular)."""
    text = tv.contrast_agent_text()
    assert "clinical trials at a joint" not in text
    assert "facet blocks in clinical trials (medial branch and intra-articular alike)" in text


def test_cervical_rfa_imaging_row_gives_grade_and_certainty():
    """F5: the cervical guideline's Table 23 gives a certainty for each grade of the RFA imaging advice."""
    table = fluoroscopy.regional_differences_table()
    row = table[(table["region"] == "cervical") & (table["topic"] == "image guidance")].iloc[0]
    text = row["what_differs"]
    assert "Grade A, high certainty for imaging; Grade B, moderate certainty for fluoroscopy" in text


def test_no_reference_or_source_id_twice():
    """F6: Dory 1981 was listed with its DOI and its PubMed link; a self-check cited Jentzsch 2013 twice."""
    lines = [line for line in tv.key_references().splitlines() if line.startswith("- ")]
    titles = [line.split("*")[1].casefold() for line in lines]
    assert len(titles) == len(set(titles))
    assert sum("arthrography of the lumbar facet joints" in t for t in titles) == 1
    for question in tv.self_check_questions():
        ids = question.source_id.split(";")
        assert len(ids) == len(set(ids)), question.prompt
    # the two ids for Dory 1981 are one work, both reach the list's sources, and the list keeps one
    a, b = data.reference("anat_dory1981"), data.reference("tech_dory1981")
    assert (a.title, a.year) == (b.title, b.year)
    assert tv.text._one_id_per_work(["tech_dory1981", "anat_dory1981"]) == ["tech_dory1981"]
