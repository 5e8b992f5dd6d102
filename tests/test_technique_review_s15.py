"""Review s15 of notebook 03 (F1-F7): the order of the procedure steps, the units of the intravascular rates,
the needle, the caveat on steep-oblique verdicts, the off-beam scenario and the contrast agent."""

from __future__ import annotations

import json
import re
from pathlib import Path

from facet_course.core import citations, data
from facet_course.lessons import fluoroscopic_technique as tv
from facet_course.lessons.fluoroscopic_technique import needle_path, simulator
from facet_course.models import contrast, needle, safety
from facet_course.models.procedure_steps import procedure_steps_table, step

NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "03_fluoroscopic_technique.ipynb"


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_skin_local_anaesthetic_comes_after_the_imaging_that_chooses_the_entry():
    """F1 (major): the skin was numbed before the entry point was chosen on the image."""
    order = procedure_steps_table().set_index("step")["order"]
    assert order["Skin preparation"] < order["Imaging"] < order["Skin local anaesthetic"]
    assert order["Skin local anaesthetic"] < order["Needle placement"]
    imaging = step("Imaging")
    assert "skin entry is chosen on this image, on the beam line" in imaging["what_happens"]
    assert "marked before the skin is numbed" in imaging["what_happens"]
    for sid in ("tech_joint_injections_chapter", "tech_neurosurgerynotes", "tech_trajectory_chapter"):
        assert sid in imaging["source_id"].split(";"), sid
    assert "marked on the image" in step("Skin local anaesthetic")["what_happens"]
    # the timeline, the leaflet table and the operator checklist follow the same order
    names = list(procedure_steps_table()["step"])
    assert list(tv.operator_checklist_table().index) == names == list(tv.leaflet_gaps_table().index)
    _, alt = tv.timeline_figure()
    assert alt.index("imaging") < alt.index("skin local anaesthetic") < alt.index("needle placement")


def test_readers_of_the_shared_steps_see_unchanged_rows():
    """The other notebooks read steps by name (02 consent, 04 contrast, 06 skin preparation): the reorder
    keeps those rows' text and sources."""
    assert step("Skin preparation")["what_happens"].startswith("antiseptic skin preparation")
    contrast_step = step("Contrast")
    assert (
        contrast_step["why"]
        == "aspiration misses most intravascular needle tips; only live contrast shows them"
    )
    assert contrast_step["source_id"].startswith("tech_lee2008lumbar")


def test_sullivan_rate_is_not_called_per_injection():
    """F3: Sullivan 2000 counts procedures and does not say whether per needle."""
    joints = contrast.intra_articular_table()
    assert list(joints["counted_per"]) == ["procedure (per needle not stated)"]
    table = tv.intravascular_table()
    row = table[table.index.str.contains("zygapophyseal")]
    assert list(row["counted per"]) == ["procedure (per needle not stated)"]
    fig, _ = tv.intravascular_figure()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("zygapophyseal" in t and "Sullivan WJ et al., per procedure" in t for t in labels)
    assert not any("zygapophyseal" in t and "per injection" in t for t in labels)


def test_leaflet_contrast_row_gives_the_trial_rate_per_procedure():
    """F4: 'about 6 in 100 whichever view' read as the rate of the trial that compared the views."""
    said = step("Contrast")["leaflet_leaves_out"]
    assert "whichever view" not in said
    assert "per three-level procedure it was about 1 in 5" in said and "Hong 2022" in said
    hong = data.load_table("contrast_intravascular")
    per_procedure = hong[hong["counted_per"] == "3-level procedure"]["intravascular_percent"]
    assert 15 <= per_procedure.min() and per_procedure.max() <= 25  # 'about 1 in 5' holds for both arms
    assert "whether per procedure or per needle is not stated" in said


def test_needle_row_gives_both_lengths_and_that_depth_decides():
    """F6: 8 cm (one textbook) and 90 mm (other descriptions), longer for a larger patient."""
    row = step("Needle placement")
    assert "8 cm or 3 in in one textbook" in row["what_happens"] and "90 mm" in row["what_happens"]
    assert "a larger patient may need a longer needle" in row["what_happens"]
    for sid in ("braddom_zjoint", "tech_wheeler_medscape", "tech_neurosurgerynotes", "tech_brummett2009"):
        assert sid in row["source_id"].split(";"), sid


def test_steep_oblique_verdicts_say_the_image_decides():
    """F2: an anterior-only or closed verdict past the aim rests on the model's joint."""
    aim = round(tv.aim_angle("L4-5"))
    _, planner = needle_path._draw_planner()
    steep = _plain(planner("L4-5", 50, 0, "yes"))
    assert "ANTERIOR" in steep and "the image, not the number, decides" in steep
    assert (
        "at 50° a flatter joint, or one at the coronal end of those means, may show its posterior line"
        in steep
    )
    far = _plain(planner("L1-2", 70, 0, "yes"))
    assert (
        "70° is steeper than the study's means at this level" in far
        and "may show its posterior line" not in far
    )
    assert "the image, not the number" not in _plain(planner("L4-5", aim, 0, "yes"))
    assert "the image, not the number" not in _plain(planner("L4-5", aim - 12, 0, "yes"))  # short: no caveat
    readout = _plain(simulator.simulator_readout("L4-5", 57, 0))
    assert "Only the ANTERIOR line is open" in readout and "the image, not the number, decides" in readout
    assert "the image, not the number" not in _plain(simulator.simulator_readout("L4-5", aim, 0))


def test_off_axis_scenario_is_flagged_like_the_planner_and_travel_is_explained():
    """F5: the fixed off-axis scenario read as a plain success; 'needle travel' was unexplained."""
    _, update = needle_path._draw_needle()
    plans = needle.scenario_plans()
    off = next(name for name, plan in plans.items() if plan.entry_offset_mm != 0)
    text = _plain(update(off))
    assert "target reached: yes" in text and "Not the taught technique" in text
    assert "not the taught technique" not in _plain(update("coaxial")).lower()
    assert needle_path.TRAVEL_NOTE in text
    _, planner = needle_path._draw_planner()
    assert needle_path.TRAVEL_NOTE in _plain(planner("L4-5", 37, 0, "yes"))


def test_contrast_agent_is_named_with_its_sources_and_the_rule_sets_volume():
    """F7: the lesson that teaches the myelogram pattern did not say which contrast."""
    text = tv.contrast_agent_text()
    assert (
        "non-ionic" in text
        and "intrathecal use" in text
        and "Ionic contrast is strictly contraindicated" in text
    )
    assert "may still mark some of its strengths not for intrathecal use" in text
    (limit,) = [lim for lim in safety.volume_limits("lumbar", "intra_articular") if lim.counts == "contrast"]
    assert limit.text() in text
    for key in ("ionic_contrast_intrathecal", "contrast_intrathecal_label"):
        assert citations.author_year(citations.source(key)).split(" ")[0] in text, key
    nb = json.loads(NOTEBOOK.read_text())
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert "say(lesson.contrast_agent_text())" in sources


def test_around_the_steps_names_level_sedation_vasovagal_and_red_flags_with_sources():
    """Expected items 1-6 of the review: level counting and transitional vertebrae, tilt, sedation, the
    vasovagal first aid and the warning signs after discharge, each sourced or pointed to its notebook."""
    text = tv.around_the_steps()
    for key in (
        "transitional_vertebra_numbering",
        "posterior_approach_technique",
        "sedation_warning",
        "sedation_trial_result",
        "vasovagal_series",
        "low_back_red_flag_signs",
    ):
        assert citations.author_year(citations.source(key)) in text, key
    assert "counted down from C2" in text and "false-positive" in text
    assert "(06_complications.ipynb)" in text and "(07_aftercare.ipynb)" in text
    assert not re.search(r"\d+(\.\d+)? ?(mL|mg|%|min|mm)", text)  # pointers only: no clinical number
    nb = json.loads(NOTEBOOK.read_text())
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert (
        sources.index("Markdown(lesson.around_the_steps())")
        == sources.index("table(lesson.operator_checklist_table())") + 1
    )
