"""Notebook 02, review s5 finding 1: a pre-test probability is paired with its own study's single-block
false-positive rate where that study reports one (Manchikanti 2004: cervical 63%, lumbar 27%, from the same
500 patients as its prevalences), read as 1 - specificity; elsewhere the course's Schwarzer 1994 accuracy."""

from __future__ import annotations

import dataclasses

import pytest
from facet_course.lessons.patient_selection import bayes, pathway
from facet_course.models import block_pathway, block_selection, diagnostic_blocks


def _option(region: str, percent: int) -> block_selection.PreTest:
    (option,) = [
        o
        for o in block_selection.pretest_options()
        if o.region == region and round(100 * o.probability) == percent
    ]
    return option


def _rate(region: str) -> float:
    rates = block_selection.single_block_false_positives().set_index("region")
    return float(rates.loc[region, "value_pct"]) / 100


def test_manchikanti_rows_use_their_own_false_positive_rate() -> None:
    course = diagnostic_blocks.paradigm_accuracy("single_block")
    for region, percent in (("cervical", 55), ("lumbar", 31)):
        option = _option(region, percent)
        paired = block_selection.single_block_accuracy(option)
        assert paired.specificity == pytest.approx(1 - _rate(region))
        assert paired.source_id == option.source_id != course.source_id
        assert paired.inferred == ("specificity",) and paired.assumed == course.assumed
        assert paired.sensitivity == course.sensitivity and paired.region == region


def test_paired_post_test_hand_worked() -> None:
    # cervical: 0.55 / (0.55 + 0.45 x 0.63) = 0.660; lumbar: 0.31 / (0.31 + 0.69 x 0.27) = 0.625
    for region, percent, expected in (
        ("cervical", 55, 0.55 / (0.55 + 0.45 * 0.63)),
        ("lumbar", 31, 0.31 / (0.31 + 0.69 * 0.27)),
    ):
        ppv, table = bayes.post_test(_option(region, percent).label, "single_block")
        assert ppv == pytest.approx(expected)
        assert table.false_positive == round(100 * (1 - percent / 100) * _rate(region))
    assert round(100 * bayes.post_test(_option("cervical", 55).label, "single_block")[0]) == 66
    assert round(100 * bayes.post_test(_option("lumbar", 31).label, "single_block")[0]) == 62


def test_other_studies_keep_the_course_accuracy() -> None:
    course = diagnostic_blocks.paradigm_accuracy("single_block")
    for region, percent in (
        ("lumbar", 15),
        ("lumbar", 40),
        ("cervical", 50),
        ("cervical", 54),
        ("cervical", 60),
    ):
        assert block_selection.single_block_accuracy(_option(region, percent)) == course
        assert block_selection.own_single_block_false_positive(_option(region, percent)) is None


def test_comparative_sequence_screens_with_the_paired_single_block() -> None:
    option = _option("cervical", 55)
    sequence = block_selection.paired_sequence(option, "comparative_blocks")
    pair = diagnostic_blocks.paradigm_accuracy("comparative_blocks")
    assert sequence.steps == (block_selection.single_block_accuracy(option), pair)
    assert sequence.false_positive_rate == pytest.approx(_rate("cervical") * pair.false_positive_rate)
    assert block_selection.paired_sequence(_option("lumbar", 15), "comparative_blocks") == (
        diagnostic_blocks.paradigm_sequence("comparative_blocks")
    )


def test_accuracy_at_a_percent_for_notebook_08() -> None:
    # 08's case 10 gives region and percent: 31% lumbar is Manchikanti's, 20% is no study's
    assert block_selection.single_block_accuracy_at("lumbar", 31) == block_selection.single_block_accuracy(
        _option("lumbar", 31)
    )
    assert block_selection.single_block_accuracy_at("lumbar", 20) == diagnostic_blocks.paradigm_accuracy(
        "single_block"
    )
    with pytest.raises(ValueError, match="region"):
        block_selection.single_block_accuracy_at("thoracic", 31)
    for percent in (-1, 101, "31", True):
        with pytest.raises(ValueError, match="pretest_percent"):
            block_selection.single_block_accuracy_at("lumbar", percent)  # type: ignore[arg-type]


def test_old_accuracy_stays_backwards_compatible() -> None:
    course = diagnostic_blocks.paradigm_accuracy("single_block")
    assert course.inferred == () and course.specificity == pytest.approx(0.62)
    assert dataclasses.replace(course, inferred=("specificity",)) != course


def test_readout_and_note_show_both_figures() -> None:
    explorer = bayes.bayes_explorer()
    _, update = explorer.make_figure()
    readout = update(pretest=_option("cervical", 55).label, paradigm="single block")
    assert "<b>66%</b>" in readout and "would be 76%" in readout and "read as 1 - specificity" in readout
    plain = update(pretest=_option("lumbar", 15).label, paradigm="single block")
    assert "would be" not in plain
    note = bayes.post_test_note()
    assert "gives 62% (with Schwarzer 1994's 38% it would be 54%)" in note
    assert "gives 66% (with Schwarzer 1994's 38% it would be 76%)" in note


def test_false_positive_figure_labels_manchikanti_as_inferred_specificity() -> None:
    rows = bayes.false_positive_rows()
    manchikanti = rows[rows["definition"] == bayes.INFERRED]
    assert sorted(manchikanti["region"]) == ["cervical", "lumbar", "thoracic"]
    assert "1 - specificity" in bayes.INFERRED and "inferred" in bayes.INFERRED
    assert not rows["definition"].str.contains("not read").any()


# -- review s5 02: minor findings and expected-but-missing items ---------------------------------------------


def test_self_check_names_both_reference_standards_not_like_for_like() -> None:
    from facet_course.lessons.patient_selection import text

    question = text.self_check_questions()[2]
    fpr = diagnostic_blocks.measure("schwarzer1994_fpr")
    barnsley = diagnostic_blocks.measure("barnsley1993_unconfirmed")
    assert "like for like" not in question.prompt + question.explanation
    assert str(fpr["reference_standard"]) in question.explanation
    assert str(barnsley["reference_standard"]) in question.explanation
    assert "per patient" in question.explanation and "per joint" in question.explanation


def test_before_you_book_cross_references_and_states_no_volume() -> None:
    from facet_course.lessons.patient_selection import text

    listed = text.before_you_book()
    for target in ("06_complications.ipynb", "04_medication_choices.ipynb", "05_recovery_curves.ipynb"):
        assert target in listed
    for word in ("pregnancy", "infection", "allergies", "blood thinners", "Sedation"):
        assert word in listed
    assert " mL" not in listed and " mg" not in listed  # doses and volumes only through the rule set (04)


def test_lumbar_imaging_row_keeps_spect_before_intra_articular_blocks_apart() -> None:
    # review s5 02, finding 5: Cohen 2020 Table 12 grades SPECT before IA blocks separately (Grade D)
    (row,) = block_selection.guidelines("lumbar", "imaging").query("region == 'lumbar'").to_dict("records")
    assert "weak evidence for SPECT before intra-articular blocks" in row["recommendation"]
    assert "Grade D, low certainty (SPECT before IA blocks" in row["grade"]


def test_cervical_cutoff_table_lists_the_studies_without_relief_groups() -> None:
    # review s5 02, finding 4: Hurley 2022 Table 17 also lists Holz and Sehgal 2016 and Shin 2006
    from facet_course.lessons.patient_selection import cutoffs

    found = block_selection.cutoff_findings_without_groups("cervical")
    assert sorted(found["n_patients"]) == [28, 112]
    assert found["relief_group"].str.contains("no correlation").all()
    assert (
        found["rf_success_pct"].isna().all()
        and block_selection.cutoff_outcomes()["rf_success_pct"].notna().all()
    )
    shown = cutoffs.cutoff_table("cervical")
    assert shown["study"].str.startswith("Holz and Sehgal 2016").any()
    assert shown["study"].str.startswith("Shin 2006").any()
    assert block_selection.cutoff_findings_without_groups("lumbar").empty


def test_pathway_positives_per_100_equal_the_post_test_table_for_every_pairing() -> None:
    # review s7 02, finding 1: section 4's pathway and section 2's post-test table give the same patients
    # the same positives per 100 (Manchikanti's 31% lumbar row: 31 + 69 x 0.27 = 49.6, i.e. 50, not 57)
    labels = pathway.lumbar_pretests()
    assert labels and any(
        block_selection.own_single_block_false_positive(block_selection.pretest(x)) is not None
        for x in labels
    )
    for label in labels:
        option = block_selection.pretest(label)
        for arm in ("single_block", "comparative_blocks"):
            ppv, table = bayes.post_test(label, arm)
            path = block_pathway.expected_pathway(100, option.probability, arm, 1.0, 0.0, pairing=option)
            # the pathway's exact positives, rounded to whole patients the way the table rounds its cells
            rebuilt = diagnostic_blocks.expected_table(
                option.probability,
                path.treated_with_facet_pain / path.facet_pain,
                1 - (path.treated - path.treated_with_facet_pain) / (100 - path.facet_pain),
            )
            assert rebuilt == table and abs(path.treated - table.positives) < 1, (label, arm)
            assert path.treated_with_facet_pain / path.treated == pytest.approx(ppv), (label, arm)
            assert pathway.paired_positives(option, arm) == table.positives, (label, arm)
    manchikanti = _option("lumbar", 31)
    single = block_pathway.expected_pathway(100, 0.31, "single_block", 1.0, 0.0, pairing=manchikanti)
    assert single.treated == pytest.approx(31 + 69 * _rate("lumbar"))
    unpaired = block_pathway.expected_pathway(100, 0.31, "single_block", 1.0, 0.0)
    assert unpaired.treated == pytest.approx(31 + 69 * 0.38)  # Schwarzer 1994's 38%, the course's default


def test_pathway_pairing_refuses_another_prevalence_or_a_non_option() -> None:
    option = _option("lumbar", 31)
    with pytest.raises(ValueError, match="differs from the pairing's prevalence"):
        block_pathway.expected_pathway(100, 0.15, "single_block", 0.6, pairing=option)
    with pytest.raises(ValueError, match="differs from the pairing's prevalence"):
        block_pathway.simulate_pathway(100, 0.15, "single_block", 0.6, seed=1, pairing=option)
    with pytest.raises(ValueError, match="must be a pre-test option"):
        block_pathway.stages("single_block", pairing="lumbar 31%")  # type: ignore[arg-type]
    paired = block_pathway.stages("comparative_blocks", pairing=option)
    assert paired[0].positive_otherwise == pytest.approx(_rate("lumbar"))
    assert paired[1] == block_pathway.stages("comparative_blocks")[1]


def test_pathway_settings_name_the_paired_single_block() -> None:
    settings = pathway.expected_settings()
    assert "false-positive rate 27% from Manchikanti 2004" in settings
    assert "50 of 100 such patients positive" in settings
    assert pathway.INDEPENDENCE in settings


def test_borrowed_cervical_cells_show_the_necks_own_rate_beside_them() -> None:
    # review s7 02, finding 2: 50% cervical: 0.5 / (0.5 + 0.5 x 0.38) = 72% with the lumbar specificity,
    # 0.5 / (0.5 + 0.5 x 0.63) = 61% with Manchikanti's cervical rate
    frame = bayes.post_test_table().set_index("pre-test probability")
    row = frame.loc[_option("cervical", 50).label]
    neck = _rate("cervical")
    low, high = 0.5 / (0.5 + 0.5 * neck), 0.5 / (0.5 + 0.5 * 0.38)
    assert (
        row["single block: post-test"]
        == f"{100 * high:.0f}% (lumbar specificity); {100 * low:.0f}% (neck's own rate)"
    )
    assert row["single block: false positives per 100"] == f"{round(50 * 0.38)}; {round(50 * neck)}"
    for region, percent in (("cervical", 55), ("lumbar", 15), ("lumbar", 31)):
        assert bayes.neck_alternative(_option(region, percent), "single_block") is None
        assert "neck's own" not in frame.loc[_option(region, percent).label, "single block: post-test"]


def test_lumbar_comparative_cells_and_readouts_say_the_accuracy_is_cervical() -> None:
    # review s7 02, finding 3: beside the number, and with the low-prevalence caveat of the strictest review
    frame = bayes.post_test_table().set_index("pre-test probability")
    column = "screening block, then comparative blocks: post-test"
    for option in block_selection.pretest_options():
        cell = frame.loc[option.label, column]
        assert ("(cervical accuracy)" in cell) == (option.region == "lumbar"), option.label
    caveat = bayes.comparative_caveat(_option("lumbar", 15))
    assert "cervical patients" in caveat and "Bogduk 2010" in caveat and "low" in caveat
    assert bayes.comparative_caveat(_option("cervical", 54)) == ""
    _, update = bayes.bayes_explorer().make_figure()
    lumbar = update(pretest=_option("lumbar", 15).label, paradigm=bayes.PARADIGM_NAMES["comparative_blocks"])
    single = update(pretest=_option("lumbar", 15).label, paradigm=bayes.PARADIGM_NAMES["single_block"])
    assert caveat in lumbar and "Bogduk" not in single
    neck = update(pretest=_option("cervical", 50).label, paradigm=bayes.PARADIGM_NAMES["single_block"])
    assert "borrows the LUMBAR single-block specificity" in neck and "it would be 61%" in neck


def test_cohen_2013_group_figures_are_cited_to_the_guideline_table() -> None:
    # review s7 02, finding 6: the six-patient group and 54% are from the lumbar guideline's Table 8
    rows = block_selection.cutoff_outcomes("lumbar")
    cohen = rows[rows["study"].str.startswith("Cohen 2013")]
    assert len(cohen) == 2 and cohen["study"].str.contains("Table 8").all()
    below = cohen[cohen["relief_high_pct"] == 50].iloc[0]
    assert "trend" in below["relief_group"] and below["n_patients"] == 6
    assert "not from the Cohen 2013 abstract" in below["note"]


def test_study_group_note_only_at_the_cut_off() -> None:
    # review s7 02, finding 9: no 'inside the study group' note for a relief well below the cut-off
    from facet_course.lessons.patient_selection import cutoffs

    assert "study group it cites" not in cutoffs._readout("lumbar", 0, "negative")
    assert "study group it cites" in cutoffs._readout(
        "cervical", 50, block_selection.block_verdict(50, "cervical")
    )


def test_no_sentence_reads_as_denervation_without_a_block() -> None:
    # review s7 02, finding 8: both guidelines still select with a prognostic block, in their own words
    from facet_course.lessons.patient_selection import text

    conclusion = text.trial_conclusion()
    assert "Not a case for denervation without a block" in conclusion
    assert "prognostic injection of choice before radiofrequency ablation" in conclusion
    assert "a single block should be used to select patients" in conclusion
    assert "Nor is it a case for no block" in text.misconceptions()


def test_before_you_book_names_the_nerves_from_the_innervation_table() -> None:
    # review s7 02, expected but missing: which nerves for which joint, read from notebook 01's table
    from facet_course.lessons.patient_selection import text
    from facet_course.models import innervation

    bullet = next(b for b in text.before_you_book().split("\n") if "Which nerves" in b)
    for joint in ("L4-5", "L5-S1", "C2-3"):
        assert f"{joint}: {' + '.join(innervation.nerves_to_block(joint).nerves)}" in bullet
    assert "third occipital nerve" in bullet and "L5 dorsal ramus" in bullet
