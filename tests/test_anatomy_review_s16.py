"""Review s16 of notebook 01 (facet joint anatomy): the 'facet syndrome' correction says what the guidelines
and notebook 02 say about blocks (F1), the limited-evidence rows name their dissection (F3), and L1-2 carries
the caution its T12 nerve brings (F4)."""

from __future__ import annotations

import json
from pathlib import Path

from facet_course.core import citations, data
from facet_course.lessons.facet_joint_anatomy import lumbar_nerves, nerves, text
from facet_course.models import anatomy, block_selection, innervation

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_facet_joint_anatomy.ipynb"


def _guideline(region: str, topic: str) -> dict[str, object]:
    rows = block_selection.guidelines(region, topic)
    return rows[rows["region"] == region].iloc[0].to_dict()


def test_the_facet_syndrome_correction_gives_the_guidelines_words_on_blocks() -> None:
    # F1: not 'the diagnosis rests on controlled blocks'; the guidelines' practice advice, read from the
    # rows notebook 02 uses (lumbar: not routinely; cervical: a single block)
    item = next(line for line in text.misconceptions().split("\n- ") if "facet syndrome" in line)
    assert "rests on controlled blocks" not in item
    for region in ("lumbar", "cervical"):
        row = _guideline(region, "number_of_blocks")
        assert str(row["recommendation"]) in item, region
        assert citations.short(str(row["source_id"])) in item, region
    assert "not routinely" in item and "a single block" in item
    assert "neither guideline asks for them" in item and "Notebook 02" in item
    # one idea, one place: the data row says no guideline wording itself
    row = anatomy.misconceptions_table().set_index("id").loc["clinical_diagnosis"]
    assert "guideline" not in row["correction"] and "controlled blocks" not in row["correction"]


def test_the_referral_speaker_note_no_longer_says_only_controlled_blocks_prove_a_level() -> None:
    # F1: the section 3 speaker notes
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    notes = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "only controlled blocks do" not in notes
    assert "the guidelines do not ask for controlled blocks in routine practice" in notes


def test_limited_evidence_rows_name_the_one_cadaver_dissection_in_their_source() -> None:
    # F3: the printed table's source column names Talsma 2024 wherever the caution cites it
    table = nerves.innervation_table().set_index("joint")
    talsma = citations.short(citations.source("thoracic_articular_branches_all_levels"))
    marked = [j for j in table.index if "one cadaver" in table.loc[j, "caution"]]
    assert {"T1-2", "T2-3", "T3-4", "T10-11", "T11-12", "T12-L1", "L1-2"} <= set(marked)
    for joint in table.index:
        assert (talsma in table.loc[joint, "source"]) == (joint in marked), joint


def test_l1_2_carries_the_caution_of_its_t12_nerve_and_the_sources_disagreement() -> None:
    # F4: the note maps the T10-T12 rami to T10-11 .. L1-2, so L1-2 (T12 + L1) carries the caution in the
    # table, the finder and the lumbar picker; at T12 a larger series disagrees, and both are named
    assert "T12" in innervation.medial_branch_levels("L1-2")
    light = nerves.limited_evidence_caution("L1-2")
    assert "T12 nerve" in light and "foramen" in light and "lumbar ones do" in light
    assert nerves.limited_evidence_caution("L2-3") == ""
    koutp = citations.short(citations.source("t12_medial_branch_runs_as_lumbar"))
    assert koutp in nerves.innervation_table().set_index("joint").loc["L1-2", "source"]
    _, finder = nerves._draw_innervation()
    _, picker = lumbar_nerves._draw_lumbar_nerves()
    for readout in (finder("L1-2"), picker("L1-2")):
        assert "Caution, limited evidence" in readout and "Talsma" in readout and "Koutp" in readout
    assert "Caution" not in picker("L2-3")
    assert "L1-2 through its thoracic nerve" in nerves.thoracic_caution()
    assert koutp in nerves.thoracic_caution()
    assert "anat_koutp2022" in set(data.load_table("key_references")["source_id"])
