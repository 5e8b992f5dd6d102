"""02's clinical prose in one place: who is a candidate, why blocks are diagnostic, what the trial means for
the patient, misconceptions, the self-check and key references. Every number is formatted from ``data/``
through the models; every label comes from the one citation module (:mod:`facet_course.core.citations`).
"""

from __future__ import annotations

from ...core import citations
from ...core.selfcheck import Question
from ...models import (
    block_criteria,
    block_pathway,
    block_selection,
    diagnostic_blocks,
    innervation,
    procedure_steps,
)
from .common import percent

SLUG = "patient_selection"


def _row(region: str, topic: str, setting: str | None = None) -> dict[str, object]:
    """The first guideline row for a region and topic (optionally in one setting), as a dict."""
    rows = block_selection.guidelines(region, topic)
    rows = rows[rows["region"] == region]
    if setting is not None:
        rows = rows[rows["setting"] == setting]
    if rows.empty:
        raise ValueError(f"no {region} guideline row on {topic} ({setting or 'any setting'}) in the data")
    return rows.iloc[0].to_dict()


def _cite(row: dict[str, object]) -> str:
    return citations.author_year(str(row["source_id"]))


# -- section 1 ----------------------------------------------------------------------------------------------
def candidate_summary() -> str:
    """Who is a candidate for facet blocks, as Markdown bullets (every statement with its source)."""
    lumbar_h, cervical_h = (
        _row("lumbar", "history_and_examination"),
        _row("cervical", "history_and_examination"),
    )
    selection = _row("cervical", "history_and_examination", "clinical practice table")
    lumbar_c = _row("lumbar", "conservative_care", "graded recommendation")
    cervical_p = _row("cervical", "conservative_care", "clinical practice table")
    cervical_g = _row("cervical", "conservative_care", "graded recommendation")
    lumbar_i, cervical_i = _row("lumbar", "imaging"), _row("cervical", "imaging")
    return "\n".join(
        [
            "- **Axial pain** (neck or low back). For the neck, the features the cervical practice table "
            f"lists: {selection['recommendation']} ({_cite(selection)}); these are the cervical criteria, "
            "not carried over to the low back here. Referral maps: notebook 01 (*01 Facet joint anatomy*).",
            f"- **Duration:** lumbar, {lumbar_c['recommendation']} ({lumbar_c['grade']}; {_cite(lumbar_c)}). "
            f"Cervical: the practice table says {cervical_p['recommendation'].split(',')[0]} "
            f"({_cite(cervical_p)}), "
            f"the graded summary {cervical_g['conservative_care_weeks']:g} weeks ({cervical_g['grade']}; "
            f"{_cite(cervical_g)}, the same guideline's parallel publication). The same guideline says both: "
            "name the one you follow.",
            f"- **History and examination do not reliably predict a block's result:** lumbar, "
            f"{lumbar_h['recommendation'].split('; target')[0]} ({lumbar_h['grade']}; {_cite(lumbar_h)}); "
            f"cervical, {cervical_h['grade']} ({_cite(cervical_h)}). They choose the levels to block, not "
            "the diagnosis.",
            f"- **Imaging has a limited role:** lumbar, {lumbar_i['recommendation']} ({_cite(lumbar_i)}); "
            f"cervical, {cervical_i['recommendation']} ({_cite(cervical_i)}).",
            "- **Other causes first:** red flags of serious pathology (malignancy, fracture, cauda equina "
            "syndrome, infection; most often a history of cancer, unintentional weight loss, major trauma, "
            "steroid or immunosuppressant use, pain at night or at rest) need their own work-up before any "
            f"facet block ({citations.author_year(citations.source('low_back_red_flags'))}, a review of "
            "LOW BACK pain guidelines: the list is lumbar; the neck's own red flags were not in a source "
            "read here). Radicular symptoms are an exclusion in the cervical practice table.",
            "- **Cauda equina and infection, the flags to ask about:** saddle anaesthesia, recent bladder "
            "dysfunction (retention, frequency, overflow incontinence), a lax anal sphincter or perianal "
            "numbness; recent fever or chills, a recent bacterial infection, intravenous drug use or immune "
            f"suppression ({citations.author_year(citations.source('low_back_red_flag_signs'))}, a guideline "
            "for ACUTE low back problems, Table 1).",
        ]
    )


# -- section 2 ----------------------------------------------------------------------------------------------
def why_blocks() -> str:
    """Why blocks are diagnostic, which block, how it is run and read, as Markdown bullets."""
    lumbar_t, cervical_t = _row("lumbar", "block_type"), _row("cervical", "block_type")
    lumbar_s, cervical_s = _row("lumbar", "sedation"), _row("cervical", "sedation")
    lord = diagnostic_blocks.measure("lord1995_sens")
    return "\n".join(
        [
            "- **Facet pain is defined by relief:** no sign or scan reliably shows it, so the joint "
            "(intra-articular block) or its medial branches (medial branch block) are anaesthetised and the "
            "relief recorded.",
            f"- **Which block:** lumbar, {str(lumbar_t['recommendation']).split(';')[0]} "
            f"({_cite(lumbar_t)}). Cervical: "
            f"{str(cervical_t['recommendation']).split(';')[0]}; the same conclusion adds that "
            f"{str(cervical_t['recommendation']).split(';')[1].strip()} ({_cite(cervical_t)}). "
            "It tests the nerves radiofrequency will treat (notebook 07).",
            "- **Local anaesthetic alone:** the validation studies used local anaesthetic alone "
            f"(lignocaine or bupivacaine in "
            f"{citations.author_year(citations.source('diagnostic_block_anaesthetic_only'))}): relief is "
            "expected to last about as long as the anaesthetic, though that study also saw unexpectedly "
            "prolonged responses (notebook 05).",
            f"- **No routine sedation:** lumbar, {lumbar_s['recommendation']} ({_cite(lumbar_s)}); "
            f"cervical, {cervical_s['recommendation']} ({cervical_s['grade']}; {_cite(cervical_s)}). In a "
            "randomised trial of sacroiliac and sympathetic blocks, sedation raised the share with more "
            "than 50% diary relief, which may mean more false positives "
            f"({citations.author_year(citations.source('sedation_trial_result'))}).",
            "- **Read it from a diary** of usual provoking activities: positive at "
            f"{block_criteria.cutoff_text('lumbar')} relief (lumbar), "
            f"{block_criteria.cutoff_text('cervical')} (cervical); notebook 05 reads such diaries.",
            "- **Comparative blocks:** the same block on separate days with a short- and a long-acting "
            "anaesthetic; positive only if both blocks relieve the pain and the long-acting one relieves for "
            f"longer ({citations.author_year(lord['source_id'])}: reproducible relief and the longer-acting "
            "agent correctly identified; tested after a positive screening block). "
            "**Placebo-controlled blocks** add saline in random order: the reference standard.",
        ]
    )


def before_you_book() -> str:
    """Markdown: a short list of what to settle before a diagnostic block is booked (review s5 02, expected
    but missing 2 and 3), each item from a sourced table or a cross-reference to the notebook that teaches it;
    no dose or volume is stated here (they come from the course's one rule set, notebook 04)."""
    checks = procedure_steps.step("Consent and checks")
    lumbar_s = _row("lumbar", "sedation")
    return "\n".join(
        [
            "**Before you book the block**",
            f"- **Checks:** {checks['what_happens']} ({_label(str(checks['source_id']))}; "
            "notebook 03's procedure steps).",
            "- **Blood thinners:** agree a plan with the prescriber before the day: the bleeding-risk "
            "category of the procedure and the drug's intervals are in "
            "[06 Complications and safety](06_complications.ipynb).",
            "- **Drug and volume:** local anaesthetic alone, at a volume the course's one rule set accepts: "
            "check the plan in [04 Medication choices](04_medication_choices.ipynb). Injectate that "
            "spreads beyond the target nerve is a suspected cause of inaccurate blocks, and in the cervical "
            "volume trial aberrant spread was less frequent with the smaller volume, a difference short of "
            f"statistical significance ({citations.author_year(citations.source('foraminal_spread'))}, the "
            "cervical volume trial).",
            f"- **Sedation:** not routinely ({_cite(lumbar_s)}; the cervical row above).",
            f"- **Which nerves:** {_which_nerves()}",
            "- **A diary the patient can keep:** a baseline pain score, then relief during the usual "
            "provoking activities while the anaesthetic lasts; "
            "[05 Recovery curves](05_recovery_curves.ipynb) reads such diaries.",
        ]
    )


def _which_nerves() -> str:
    """Review s7 02, expected but missing 2: the nerves each joint needs blocked (notebook 01's table) and
    that the levels come from the clinical presentation (the lumbar guideline's history row)."""
    joints = [innervation.nerves_to_block(j) for j in ("L4-5", "L5-S1", "C2-3")]
    nerves = "; ".join(f"{j.joint}: {' + '.join(j.nerves)}" for j in joints)
    levels = str(_row("lumbar", "history_and_examination")["recommendation"]).split(";")[-1].strip()
    return (
        f"every joint has its own nerves, e.g. {nerves} "
        f"({_label(';'.join(j.source_id for j in joints))}; notebook 01's table). Lumbar guideline: {levels} "
        f"({_cite(_row('lumbar', 'history_and_examination'))})."
    )


def _label(source_ids: str) -> str:
    """'Author year; ...', an undated web page as 'Author (undated, accessed year)' (review s6 02, 10)."""
    labels = []
    for source_id in citations.ids_of(source_ids):
        ref, label = citations.reference(source_id), citations.author_year(source_id)
        undated = "(undated)" in ref.journal
        labels.append(f"{label.rsplit(' ', 1)[0]} (undated, accessed {ref.year})" if undated else label)
    return "; ".join(labels)


def _success_means() -> str:
    """What the 0/1/2-block trial counted as a success (from its data row)."""
    return str(block_pathway.trial_table()["success_definition"].iloc[0])


def _still_blocks() -> str:
    """Review s7 02, finding 8: both guidelines, written after the trial, still select patients for
    denervation with a prognostic block (their own words, from the guideline rows)."""
    lumbar_t, cervical_b = _row("lumbar", "block_type"), _row("cervical", "number_of_blocks")
    lumbar_words = str(lumbar_t["recommendation"]).split(";")[0]
    cervical_words = str(cervical_b["recommendation"]).split(", ", 1)[1]
    return (
        f"both guidelines, written after the trial, still select patients with a prognostic block: lumbar, "
        f"{lumbar_words} ({_cite(lumbar_t)}); cervical, {cervical_words} ({_cite(cervical_b)}, as a news "
        "summary reports it)."
    )


def _stricter_selection() -> str:
    """The cervical guideline's own conclusion on stricter selection (second half of its block-type row)."""
    return str(_row("cervical", "block_type")["recommendation"]).split(";")[1].strip()


# -- section 4 ----------------------------------------------------------------------------------------------
def trial_conclusion() -> str:
    """What the 0/1/2-block trial found and concluded, and what the guidelines recommend now (Markdown)."""
    trial = block_pathway.trial_table().set_index("blocks")
    cite = citations.author_year(trial)
    lumbar_b, cervical_b = _row("lumbar", "number_of_blocks"), _row("cervical", "number_of_blocks")
    return "\n".join(
        [
            f"- **Success overall** fell with blocks ({trial.loc[0, 'success_of_arm_pct']:g}%, "
            f"{trial.loc[1, 'success_of_arm_pct']:g}%, {trial.loc[2, 'success_of_arm_pct']:g}% of each arm), "
            f"**success among those treated** rose ({trial.loc[0, 'success_of_treated_pct']:g}%, "
            f"{trial.loc[1, 'success_of_treated_pct']:g}%, {trial.loc[2, 'success_of_treated_pct']:g}%) "
            f"({cite}). A success was {_success_means()}, not proof of benefit "
            "beyond that time.",
            f"- **Cost per success** (US$ of the time): {trial.loc[0, 'cost_per_success_usd']:,.0f} with no "
            f"block, {trial.loc[1, 'cost_per_success_usd']:,.0f} with one, "
            f"{trial.loc[2, 'cost_per_success_usd']:,.0f} with two. The authors concluded that, at the "
            "reimbursement of the time, going to denervation without a diagnostic block was the most "
            "cost-effective paradigm.",
            f"- **What it cannot say:** the arms had about {block_pathway.arm_size()} patients each; "
            "blocks spare patients a denervation that would fail, and, being imperfect, may deny it to some "
            "who would have benefited; the trial cannot say how many of its lost successes were which.",
            f"- **Guidelines now:** lumbar, {lumbar_b['recommendation']} ({_cite(lumbar_b)}, the practice "
            "table; its graded row on the number of blocks was not readable in the copies read here, so no "
            "lumbar grade is shown); cervical, "
            f"{cervical_b['recommendation']} ({cervical_b['grade']}; {_cite(cervical_b)}).",
            f"- **Not a case for denervation without a block:** {_still_blocks()}",
        ]
    )


# -- misconceptions -----------------------------------------------------------------------------------------
def misconceptions() -> str:
    """Common misconceptions about blocks and patient selection, each corrected with its source (Markdown)."""
    ppv = diagnostic_blocks.measure("schwarzer1994_ppv")
    lord_se, lord_sp = diagnostic_blocks.measure("lord1995_sens"), diagnostic_blocks.measure("lord1995_spec")
    lumbar_i, cervical_i = _row("lumbar", "imaging"), _row("cervical", "imaging")
    cervical_imaging = str(cervical_i["recommendation"]).split(";")[0]
    cervical_grade = str(cervical_i["grade"]).split(";")[0]
    lumbar_imaging = str(lumbar_i["recommendation"]).split(";")[1].strip()
    trial = block_pathway.trial_table().set_index("blocks")
    cohen2013 = block_selection.cutoff_outcomes("lumbar")
    cohen2013 = cohen2013[cohen2013["study"].str.startswith("Cohen 2013")].iloc[0]
    return "\n".join(
        [
            "- *“A positive block proves the joint is the source.”* **No:** of the positive single lumbar "
            "blocks "
            f"in {citations.author_year(ppv['source_id'])}, only {ppv['value_pct']:g}% were confirmed.",
            "- *“Two positive blocks make it certain.”* **No:** comparative blocks had a specificity of "
            f"{lord_sp['value_pct']:g}% and a sensitivity of {lord_se['value_pct']:g}% against "
            f"placebo-controlled blocks ({citations.author_year(lord_se['source_id'])}, cervical), measured "
            f"in patients {lord_se['tested_population']}: they remove most of the false positives the "
            "screening block lets through, but miss about half of the true cases (under that study's strict "
            "criterion, reproducible relief with the longer-acting agent correctly identified, in cervical "
            "whiplash patients), and some false positives remain.",
            "- *“A stricter cut-off (80% or complete relief) always picks better candidates.”* **Not "
            "settled:** the lumbar study that compared cut-offs found no difference above 50% relief "
            f"({citations.author_year(cohen2013['source_id'])}), and most groups in the guidelines' tables "
            "had similar radiofrequency success; one small retrospective series found a large difference. "
            f"The cervical guideline concludes that {_stricter_selection()} "
            f"({_cite(_row('cervical', 'block_type'))}). "
            "Stricter selection trades patients treated for success among them: see section 3.",
            "- *“The MRI shows facet arthropathy, so the facets are the cause.”* **No:** the cervical "
            f"guideline finds the {cervical_imaging} ({cervical_grade}; {_cite(cervical_i)}); the lumbar "
            f"guideline finds {lumbar_imaging} ({_cite(lumbar_i)}). A block, not a scan, tests whether the "
            "joint is the source.",
            "- *“More blocks are always better for the patient.”* **Not overall:** in the randomised trial, "
            f"{trial.loc[0, 'success_of_arm_pct']:g}% of the no-block arm succeeded against "
            f"{trial.loc[2, 'success_of_arm_pct']:g}% of the two-block arm ({citations.author_year(trial)}; "
            f"success: {_success_means()}). Nor is it a case for no block: both guidelines, written after "
            "the trial, still select patients for denervation with a prognostic block (section 4).",
        ]
    )


# -- self-check ---------------------------------------------------------------------------------------------
def self_check_questions() -> list[Question]:
    """Six questions on notebook 02, numbers formatted from data/ (answers in varied positions)."""
    return [*_bayes_questions(), *_selection_questions()]


def _bayes_questions() -> list[Question]:
    ppv, fpr = diagnostic_blocks.measure("schwarzer1994_ppv"), diagnostic_blocks.measure("schwarzer1994_fpr")
    barnsley = diagnostic_blocks.measure("barnsley1993_unconfirmed")
    lord = diagnostic_blocks.measure("lord1995_sens")
    low = block_selection.pretest_options()[0]
    single = diagnostic_blocks.paradigm_accuracy("single_block")
    post = diagnostic_blocks.positive_predictive_value(
        low.probability, single.sensitivity, single.specificity
    )
    return [
        Question(
            "In Schwarzer's lumbar study, what share of positive single (screening) blocks did a "
            "confirmatory "
            "block confirm?",
            ("Nearly all of them", "About two thirds", f"About {ppv['value_pct']:g}%"),
            2,
            f"The positive predictive value of the single blocks was {ppv['value_pct']:g}%; the "
            "false-positive "
            f"rate, counted among patients without a confirmed response, was {fpr['value_pct']:g}%.",
            str(ppv["source_id"]),
        ),
        Question(
            f"At a pre-test probability of {percent(low.probability)} (lumbar), a single block is positive. "
            "Even assuming it never misses a true case, what is the probability of facet pain?",
            (f"About {percent(post)}", "About 62%, the block's specificity", "Over 90%"),
            0,
            f"Bayes: {percent(low.probability)} x 100% / ({percent(low.probability)} x 100% + "
            f"{percent(1 - low.probability)} x {percent(single.false_positive_rate)}) = {percent(post)}. "
            "At low "
            "prevalence most positive single blocks are false.",
            str(single.source_id),
        ),
        Question(
            f"Barnsley's cervical study reports {barnsley['value_pct']:g}%, Schwarzer's lumbar study "
            f"{fpr['value_pct']:g}% as the 'false-positive rate' of single blocks. Put on the same measure "
            "(the share of positive blocks not confirmed), which study's were more often unconfirmed?",
            (
                "The cervical study's: its figure is the one that counts positive blocks",
                f"The lumbar study's: {100 - ppv['value_pct']:g}% of its positive blocks against "
                f"{barnsley['value_pct']:g}%",
                "Neither: the same block must have the same false-positive rate everywhere",
            ),
            1,
            f"Barnsley: {barnsley['definition']}. Schwarzer: {fpr['definition']}. Put on the same measure "
            f"(share of positive blocks not confirmed), Schwarzer's were {100 - ppv['value_pct']:g}% "
            f"unconfirmed, Barnsley's {barnsley['value_pct']:g}%. Compare the same measure, then explain the "
            "gap: Barnsley studied only joints already positive to a first block, in whiplash patients, "
            "where facet pain is more common (notebook 01's table); the lower the prevalence, the more "
            "positive blocks are false. The measure is the same, the reference standards are not: "
            f"Schwarzer confirmed with {fpr['reference_standard']}, per {fpr['unit_of_analysis'][:-1]}; "
            f"Barnsley with {barnsley['reference_standard']}, per {barnsley['unit_of_analysis'][:-1]}. "
            f"Comparative blocks miss true cases (sensitivity {lord['value_pct']:g}%, "
            f"{citations.author_year(str(lord['source_id']))}), so part of Barnsley's "
            f"{barnsley['value_pct']:g}% may be true positives.",
            f"{barnsley['source_id']};{fpr['source_id']};{lord['source_id']}",
        ),
    ]


def _selection_questions() -> list[Question]:
    trial = block_pathway.trial_table().set_index("blocks")
    cervical_p = _row("cervical", "conservative_care", "clinical practice table")
    cervical_g = _row("cervical", "conservative_care", "graded recommendation")
    lumbar_t = _row("lumbar", "block_type")
    return [
        Question(
            "In the randomised trial of 0, 1 or 2 blocks before lumbar radiofrequency, which arm had the "
            "most "
            "successes overall?",
            ("Two comparative blocks", "No block", "One block"),
            1,
            f"{trial.loc[0, 'success_of_arm_pct']:g}%, {trial.loc[1, 'success_of_arm_pct']:g}% and "
            f"{trial.loc[2, 'success_of_arm_pct']:g}% of the arms; among those treated success rose to "
            f"{trial.loc[2, 'success_of_treated_pct']:g}% with two blocks (success: {_success_means()}). "
            "The authors judged no block the most cost-effective.",
            str(trial.loc[0, "source_id"]),
        ),
        Question(
            "How long a trial of conservative care does the cervical multisociety guideline ask before "
            "prognostic blocks?",
            (
                "None: the block comes first, conservative care after it",
                "Twelve weeks in both of its tables, with a grade A",
                f"Preferably 3 months (practice table); {cervical_g['conservative_care_weeks']:g} weeks "
                "(graded summary)",
            ),
            2,
            f"Practice table: {cervical_p['recommendation']}. Graded summary: {cervical_g['recommendation']} "
            f"({cervical_g['grade']}).",
            f"{cervical_p['source_id']};{cervical_g['source_id']}",
        ),
        Question(
            "Which block does the lumbar guideline recommend as the prognostic test before radiofrequency?",
            (
                "Medial branch block with local anaesthetic",
                "Intra-articular steroid injection",
                "A sedated block, for comfort",
            ),
            0,
            f"{lumbar_t['recommendation']}.",
            str(lumbar_t["source_id"]),
        ),
    ]


# -- key references -----------------------------------------------------------------------------------------
def key_references(part: int = 1, parts: int = 1) -> str:
    """Markdown list of the references notebook 02 uses (data/key_references.csv), or one part of it."""
    return citations.key_references(SLUG, part, parts)
