"""04's clinical prose, in one file for the clinical reviewer: why equivalence tables do not carry over to a
joint, who to warn about systemic effects, the misconceptions, the self-check and the key references.

Every number is formatted from data through the models (pharmacology, the safety rule set, systemic effects,
anatomy); every statement names its sources (table rows, or named statements in ``data/source_keys.csv``).
"""

from __future__ import annotations

from ...core import citations
from ...core.selfcheck import Question
from ...models import (
    aftercare,
    anatomy,
    contrast,
    procedure_steps,
    recovery_evidence,
    safety,
    systemic_effects,
)
from ...models import pharmacology as ph
from ...models.safety_doses import percent_of_max
from .checker import WEIGHT_SLIDER_KG, procedure_check

#: This lesson's slug, for its key references in ``data/key_references.csv``.
LESSON = "medication_choices"

#: mg/dL of glucose per mmol/L: glucose's molar mass (180.16 g/mol) over 10 (dL per L); a unit conversion,
#: not a clinical number (review s12 F8: readers of the Nordic handbooks the course cites think in mmol/L).
GLUCOSE_MG_PER_DL_PER_MMOL_PER_L = 18.016


def glucose_text(mg_per_dl: float) -> str:
    """'126 mg/dL (about 7.0 mmol/L)': a glucose value or rise in mg/dL with its mmol/L beside it.
    Raises ValueError for a negative value (no glucose value or rise the course shows is negative)."""
    if mg_per_dl < 0:
        raise ValueError(f"mg_per_dl must be 0 or more (a glucose value or rise); got {mg_per_dl}")
    return f"{mg_per_dl:g} mg/dL (about {mg_per_dl / GLUCOSE_MG_PER_DL_PER_MMOL_PER_L:.1f} mmol/L)"


def equivalence_caveat() -> str:
    """Markdown: why oral/IV equivalence tables do not carry over to a joint, with numbers from data."""
    dex, ta = ph.corticosteroid_info("dexamethasone"), ph.corticosteroid_info("triamcinolone acetonide")
    friedly = systemic_effects.systemic_effect("hpa_esi_friedly")
    glucose_knee = systemic_effects.systemic_effect("glucose_knee_habib")
    glucose_shoulder = systemic_effects.systemic_effect("glucose_shoulder_habib")
    return (
        "Conversion tables list 'equivalent' doses of each steroid by anti-inflammatory potency "
        "after **oral or intravenous** dosing, where the whole dose reaches the blood. In a joint what "
        "matters "
        "is how fast the preparation leaves it, which the ester and its solubility decide:\n\n"
        f"- dexamethasone: {dex['release']} ({citations.short(dex['source_id'])});\n"
        f"- triamcinolone acetonide: {ta['release']} ({citations.short(ta['source_id'])});\n"
        f"- in an epidural trial the preparations gave different systemic exposure: {friedly['finding']} "
        f"({citations.short(friedly['source_id'])});\n"
        f"- the same drug in different joints behaved differently: {glucose_knee['dose_mg']:g} mg "
        "methylprednisolone "
        f"in the knee raised glucose for {glucose_knee['days_low']:g}-{glucose_knee['days_high']:g} days "
        f"({citations.short(glucose_knee['source_id'])}), {glucose_shoulder['dose_mg']:g} mg in the shoulder "
        "did not "
        f"({citations.short(glucose_shoulder['source_id'])});\n"
        f"{_dexamethasone_units()}\n\n"
        "So choose the steroid for its particles, release and label, not by converting a dose from a table."
    )


def _dexamethasone_units() -> str:
    """Markdown bullet: the course counts dexamethasone in mg of dexamethasone phosphate (the label's
    strength), while the session ceiling was carried over in mg of dexamethasone; says which way that errs."""
    dex = ph.corticosteroid_info("dexamethasone")
    strength, base = float(dex["strength_mg_per_ml"]), float(dex["base_mg_per_ml"])
    _, ceiling, _ = safety.steroid_label_limits("dexamethasone")
    assert ceiling is not None
    return (
        f"- units: the label's {strength:g} mg/mL is dexamethasone *phosphate*, {base:g} mg/mL of "
        f"dexamethasone ({citations.short(dex['source_id'])}); the checker counts phosphate, as the "
        f"label writes its strength, but the session ceiling of {ceiling:.3g} mg "
        "comes from the equivalence table, which counts dexamethasone: counted as phosphate it holds "
        f"{ceiling * base / strength:.3g} mg of dexamethasone, so the course's ceiling is the stricter "
        "reading, not a looser one."
    )


def checker_scope() -> str:
    """Markdown: what the checker explorer takes and does not (its scope), with the rule set's numbers."""
    low, high = safety.ADULT_WEIGHT_KG
    slider_low, slider_high, step = WEIGHT_SLIDER_KG
    margin, _, margin_sources = safety.caution_fraction()
    return (
        "**What the checker takes:** one local anaesthetic per site, plain (no adrenaline, no two "
        "anaesthetics mixed at a site); skin infiltration as 1% plain lidocaine only; one steroid; the "
        "weight you enter, "
        f"taken as the dosing weight (the widget's slider: {slider_low}-{slider_high} kg in steps of "
        f"{step} kg; the rule set itself accepts {low:g}-{high:g} kg). It does not adjust for obesity, "
        "age, or heart, liver or kidney disease. In obesity the anaesthetists' obesity guideline doses drugs "
        "generally on lean body weight, titrated to effect, not on total body weight "
        f"({citations.short(citations.source('obesity_lean_body_weight'))}): enter a lean body "
        "weight, not the total, for an obese patient. The weight is one reason caution starts at "
        f"{100 * margin:.0f}% of the governing maximum "
        f"({citations.short(margin_sources)}). For a frail or heavy patient, plan below the verdict's "
        "figure: the review behind the maxima names reasons to reduce (uraemia; high age in epidural or "
        "spinal blocks; renal, hepatic or cardiac disease, mostly for repeated doses) but, in the abstract "
        "read, no fraction, so the course gives none "
        f"({citations.short(citations.source('maximum_doses_not_evidence_based'))}). The checker covers one "
        "procedure: add any anaesthetic given earlier the same day (the other side, another procedure) "
        f"yourself. Over 24 hours: {_daily_totals_text()}"
    )


def _daily_totals_text() -> str:
    """The labels' totals over 24 hours, each in its label's terms with its source; drugs with none, said."""
    said, none = [], []
    for drug in ph.local_anaesthetics():
        rows = ph.local_anaesthetic_daily_doses(drug)
        if not rows:
            none.append(drug)
        for mg, wording, source_id in rows:
            said.append(f"{drug} {mg:g} mg, {wording} ({citations.short(source_id)})")
    text = "; ".join(said) + "." if said else ""
    if none:
        text += f" No label read gives a 24-hour total for {' or '.join(none)}, so the course gives none."
    return text.strip()


def last_prevention() -> str:
    """Markdown box: what prevents systemic toxicity beyond the dose (sourced); 06 teaches the rest."""
    contrast = procedure_steps.step("Contrast")
    return (
        "> **Preventing toxicity is more than the dose.** Most toxicity in facet procedures comes from a "
        f"small dose into a vessel ({citations.short(safety.scope()[1])}). Before injecting: "
        f"{contrast['why']} ({citations.short(contrast['source_id'])}). Know the ASRA checklist and where "
        f"the lipid emulsion is kept ({citations.short(citations.source('last_checklist'))}); signs, timing "
        "and treatment: "
        "[06 Complications and safety](06_complications.ipynb)."
    )


def readout_notes(check: safety.ProcedureCheck) -> list[str]:
    """Plain-text notes the checker's readout adds to the rule set's reasons (the verdicts stay the rule
    set's): at exactly a governing maximum (100%), that it is the most to give, not a dose to plan; and
    what a volume verdict means (:func:`_volume_notes`); and whenever contrast is entered at 0 mL, that
    contrast is never left out to meet a volume."""
    notes = []
    if percent_of_max(check.total_fraction_of_governing_max) == "100":
        margin, _, _ = safety.caution_fraction()
        notes.append(
            "At the maximum: the local anaesthetic dose is the governing maximum itself. The rule set reads "
            f"caution (from {100 * margin:.0f}%) until the maximum is passed, but the governing maximum "
            "(a label's, or a textbook's where the label gives no mg/kg) is the most to give, not a dose to "
            "plan: give no more, and reduce."
        )
    notes.extend(_volume_notes(check))
    if check.contrast_ml_per_site <= 0:
        contrast = procedure_steps.step("Contrast")
        notes.append(
            "No contrast entered. Contrast is never left out to meet a volume: reduce the anaesthetic or the "
            f"steroid instead ({contrast['why']}; {citations.short(contrast['source_id'])}). At a nerve a "
            "separate contrast test dose is counted on its own, never toward the nerve's limit."
        )
    return notes


def _volume_notes(check: safety.ProcedureCheck) -> list[str]:
    """What a volume verdict means, beside the rule set's reasons (the verdicts stay the rule set's; review
    s12 F2, F3): a joint's capsule caution while the site's limit is met comes from the stricter textbook
    capacity, and the capsule may rupture, not surely; an 'unsafe' from the volume alone is the course's
    teaching threshold, not a harm like an overdose; the rule set applies the volume limits whatever the
    purpose, though they protect a block's specificity."""
    volume = [r for r in check.reasons if r.category == "volume"]
    capsule = [r for r in volume if r.text.startswith("the total at the joint")]
    others = [r for r in volume if r not in capsule]
    notes = []
    if capsule and capsule[0].level == "caution" and all(r.level == "fine" for r in others):
        limit = safety.injectate_limit(check.region, check.target)
        whose = {"guideline": "guideline's", "textbook": "textbooks'", "trial": "trial's"}
        met = (
            f"The {whose.get(limit.basis, 'site')} limit ({limit.text()}) is met: this"
            if limit is not None
            else "This"
        )
        notes.append(
            f"{met} caution comes from the stricter textbook capsule capacity alone, and the capsule "
            "may rupture, not surely will: a question of the block's specificity, not a measured harm."
        )
    elif any(r.level != "fine" for r in volume):
        notes.extend(_unsourced_capacity_note(check))
        if any(r.level == "unsafe" for r in volume) and all(
            r.level != "unsafe" for r in check.reasons if r.category != "volume"
        ):
            notes.append(
                "Unsafe here comes from the volume alone: beyond the course's teaching threshold (a "
                "multiple of what the sources describe), not a measured harm like an overdose."
            )
        if check.purpose == "therapeutic":
            notes.append(
                "The rule set applies the same volume limits to a therapeutic injection as to a diagnostic "
                "block: they protect a block's specificity, and no source the course read gives a volume "
                "that harms."
            )
    return notes


def _unsourced_capacity_note(check: safety.ProcedureCheck) -> list[str]:
    """Where no source gives a joint volume (thoracic), the limit is one textbook's capsule capacity: say in
    the readout itself that caution above it, and unsafe at the course's multiple, rest on that figure
    (review s13 m4). Empty elsewhere."""
    if check.target != "intra_articular" or safety.injectate_limit(check.region, check.target) is not None:
        return []
    low, high, sources = anatomy.capsule_capacity_ml(check.region)
    held = f"{low:g}-{high:g} mL" if low is not None else f"less than {high:g} mL"
    return [
        f"No source gives a {check.region} intra-articular volume: the limit is the {check.region} capsule "
        f"capacity ({held}), one textbook's figure whose primary source was not identified "
        f"({citations.short(sources)}). Caution above it, and unsafe at the course's multiple, are teaching "
        "thresholds on an unsourced capacity."
    ]


def allergy_and_contrast_note() -> str:
    """Markdown: a reported allergy to a local anaesthetic or to contrast, each sentence with its source."""
    allergy = citations.short(citations.source("amide_anaesthetic_allergy_rare"))
    contrast = citations.short(citations.source("contrast_hypersensitivity_gadolinium"))
    return (
        "**A reported allergy.** *To a local anaesthetic:* ask what reacted, and to which vial. In one "
        "allergy practice's 16 years of skin and provocative-dose testing, no patient in this series "
        "reacted to an amide-type anaesthetic given in pure form; the three who reacted to lidocaine "
        "reacted to a vial preserved with methylparaben, and one proved allergic to the methylparaben "
        f"({allergy}): a preservative-free vial avoids that (read the label of the vial in your hand). True "
        "immediate allergy to a pure amide is rare, not unknown (the same paper), so a reported reaction is "
        "sorted out by "
        "allergy testing, as in this series, not by assumption. "
        "*To contrast:* a multisociety advisory found a low risk of hypersensitivity when contrast is "
        "injected outside a vessel, the intended target of these procedures, and warns that gadolinium, "
        "often used instead after a reaction to iodinated contrast, has its own risks, including "
        f"encephalopathy or death after an unintentional intrathecal injection ({contrast}); it gives "
        "recommendations by how severe the earlier reaction was. Plan with the patient's allergy history, "
        "not by leaving the contrast out."
    )


def contrast_agent_note() -> str:
    """Markdown: which contrast agent goes into the syringe (non-ionic, at a strength labelled for
    intrathecal use), because injectate can reach the neuraxis; each statement with its source."""
    ionic = citations.short(citations.source("ionic_contrast_intrathecal"))
    strengths, label_sources = contrast.strengths_not_for_intrathecal_use("iohexol")
    label = citations.short(citations.source("contrast_intrathecal_label"), label_sources)
    listed = " and ".join(f"{v:g}" for v in strengths)
    return (
        "**Which contrast agent.** Injectate can reach the neuraxis (a needle near the foramen or in a "
        "dural sleeve, a leaking capsule). Ionic contrast is strictly contraindicated for intrathecal use: "
        "there it can cause ascending tonic-clonic seizures and death, and it has been injected by "
        f"accident during a cervical epidural steroid injection ({ionic}). Use a non-ionic agent at a "
        "strength its label allows for intrathecal use, and read the vial: the iohexol label, for example, "
        f"marks {listed} mgI/mL not for intrathecal use ({label})."
    )


def preservatives_note() -> str:
    """Markdown: why preservatives matter near the neuraxis and what the one source read says exists."""
    sis = citations.short(citations.source("preservatives_epidural_intrathecal"))
    miripirium = citations.short(citations.source("miripirium_intrathecal"))
    parabens = citations.short(citations.source("dexamethasone_parabens_iv_im"))
    return (
        "**Preservatives.** Most vials above contain a preservative (benzyl alcohol, benzalkonium "
        "chloride or parabens; the table). The Spine Intervention Society's patient-safety FactFinder found "
        "no documented harm from preservative-containing steroid placed in the epidural space, but "
        "neurological injuries when preservatives were injected intrathecally; it says preservative-free "
        "betamethasone and "
        "triamcinolone were mostly unavailable from major manufacturers, and believed dexamethasone the only "
        f"preservative-free steroid from one ({sis}). "
        "Of the dexamethasone labels read, the multi-dose vials contain a preservative: benzyl alcohol (the "
        f"table), or parabens in a repackager's label ({parabens}), which also restricts its higher strength "
        "to intravenous or intramuscular use. One single-dose vial is labelled preservative-free, and its "
        "own label gives intra-articular doses (the table). The single-dose methylprednisolone vial names "
        "no preservative but contains miripirium chloride, which a review found can be neurotoxic "
        f"intrathecally ({miripirium}). "
        "The same holds for the local anaesthetic: the bupivacaine label says to avoid solutions with "
        "antimicrobial preservatives (multiple-dose vials) for epidural or caudal use "
        f"({citations.short(citations.source('preservative_free_near_neuraxis'))}), so draw it from a "
        "single-dose, preservative-free vial. "
        "Check the label of the vial in your hand, especially where injectate could reach the neuraxis "
        "(a leaking capsule, a needle near "
        "the foramen). How often a steroid injection may be repeated, and the yearly totals sources suggest: "
        "[07 Aftercare](07_aftercare.ipynb)."
    )


def before_the_steroid() -> str:
    """Markdown box: what to ask before drawing up a depot steroid (its label's contraindications, the
    excipients in the table as allergens, a sulfite in some dexamethasone vials, ritonavir or cobicistat)
    and which short-term effects to warn of; each with its source. Two quoted boxes, so a slide can split
    between them."""
    contra = citations.short(citations.source("steroid_contraindications_label"))
    effects = citations.short(citations.source("steroid_side_effects_label"))
    sulfite_in_vial = citations.short(citations.source("dexamethasone_sulfite_in_vial"))
    sulfite = citations.short(citations.source("dexamethasone_sulfite_warning"))
    # the case report and the systematic review section 5 cites for the same fact (review s16 of 04, F8)
    cushing = citations.short(
        *(
            systemic_effects.steroid_interaction(row)["source_id"]
            for row in (
                "ritonavir_triamcinolone_intra_articular_case_report",
                "ritonavir_triamcinolone_cases",
            )
        )
    )
    return (
        "> **Before you draw up a steroid.** The methylprednisolone acetate label (UK) contraindicates "
        "it with known "
        "hypersensitivity to the drug *or to any of its excipients*, with a systemic infection unless it is "
        f"being treated, and by the intrathecal or intravenous route ({contra}). So ask about earlier "
        "reactions and read the excipients in the table above (preservatives, suspending agents) as possible "
        "allergens, not only as neurotoxins. Some dexamethasone vials contain a sulfite as an antioxidant "
        f"({sulfite_in_vial}), and a product's warnings say a sulfite may cause allergic-type reactions, "
        "including anaphylaxis and life-threatening or milder asthma attacks, in susceptible people, more "
        f"often in people with asthma ({sulfite}): ask about sulfite sensitivity.\n\n"
        "> **Ask about HIV medicines too:** with ritonavir or cobicistat, injected triamcinolone has caused "
        f"Cushing's syndrome (section 5; {cushing}). Warn of short-term effects the "
        "methylprednisolone label lists for glucocorticoids: "
        "sleeplessness "
        "and mood swings, a rise in blood pressure and in blood glucose, fluid retention "
        f"({effects}); section 5 gives what the injection studies measured."
    )


def _study(row: dict, also: str = "") -> str:
    """'(intra-articular (knee), methylprednisolone acetate 80 mg; Habib G et al., ...)': the injection, drug
    and dose (mg, where the study gives one) beside a study's figure, and its source; ``also`` a further
    reference id (e.g. a conference report that names the drug)."""
    dose = "" if row["dose_mg"] is None or row["dose_mg"] != row["dose_mg"] else f" {row['dose_mg']:g} mg"
    drug = f"drug {row['drug']}" if str(row["drug"]).startswith("not stated") else row["drug"]
    sources = citations.short(*[s for s in (row["source_id"], also) if s])
    return f"({row['injection']}, {drug}{dose}; {sources})"


def who_to_warn() -> str:
    """Markdown: who needs a warning before a steroid injection, numbers and sources from data, each figure
    with the injection, drug and dose that produced it (none of the studies was a facet injection)."""
    even, shin, knee, betamethasone, habib, friedly, moon, kay = (
        systemic_effects.systemic_effect(study)
        for study in (
            "glucose_esi_even",
            "glucose_mixed_shin",
            "glucose_knee_habib",
            "glucose_knee_habib_betamethasone",
            "hpa_knee_habib",
            "hpa_esi_friedly",
            "hpa_esi_moon",
            "hpa_esi_kay",
        )
    )
    midazolam = citations.short(citations.source("midazolam_accentuated_hpa_suppression"))
    return (
        "- **People with diabetes**: check glucose more often for at least "
        f"{aftercare.glucose_days():g} days (the course's window: the longest rise or the latest peak "
        "below, whichever is later) and until "
        "readings are back to the patient's usual. It rose by a mean of "
        f"{glucose_text(even['value'])} and settled within {even['days_high']:g} days "
        f"{_study(even, citations.source('even2012_drug_conference_report'))}; "
        f"it stayed raised {knee['days_low']:g}-{knee['days_high']:g} days, with peaks as late as "
        f"{knee['peak_hours_high']:g} hours after the injection {_study(knee)}; it "
        f"{betamethasone['finding']}, to a mean peak of {glucose_text(betamethasone['value'])} "
        f"{_study(betamethasone)}. The course read no glucose study after dexamethasone. Poorer control "
        f"predicted a larger rise in one study {_study(shin)} but not in another "
        f"({citations.short(even['source_id'])}): the sources disagree.\n"
        "- **People having repeated or high-dose steroid injections, or surgery or illness soon after**: "
        f"the adrenal axis can be suppressed for weeks: {habib['finding']} {_study(habib)}; "
        f"{moon['finding']} {_study(moon)}; {kay['finding']} {_study(kay)}. In that study sedation with "
        "midazolam before each injection made the suppression greater: at "
        f"{kay['days_high']:g} days ACTH and cortisol were still significantly suppressed only in the "
        f"group given midazolam ({midazolam}). Where major stress such as "
        "surgery falls in that time, the same study advises considering steroid cover "
        f"({citations.short(kay['source_id'])}): so the patient should tell their anaesthetist or surgeon "
        "about the injection.\n"
        f"{_boosted_antiretrovirals()}\n"
        f"- **The drug matters**: {friedly['finding']} {_study(friedly)}. A smaller effect on cortisol "
        "does not spare people with diabetes: glucose rose after betamethasone too (above).\n\n"
        "None of these studies was a facet injection at facet doses: they show that an injected steroid "
        "reaches the blood and for how long after those injections, not what a facet dose does."
    )


def _boosted_antiretrovirals() -> str:
    """Markdown bullet: patients on ritonavir or cobicistat (boosted antiretrovirals) and injected
    triamcinolone: iatrogenic Cushing's syndrome and months of adrenal suppression (review s15 of 04, F2),
    numbers from ``data/steroid_interactions.csv``."""
    report, cases, joint, weeks, harm, cobicistat = (
        systemic_effects.steroid_interaction(row)
        for row in (
            "ritonavir_triamcinolone_intra_articular_case_report",
            "ritonavir_triamcinolone_cases",
            "ritonavir_triamcinolone_intra_articular",
            "ritonavir_triamcinolone_hpa_weeks",
            "ritonavir_triamcinolone_complications",
            "cobicistat_intra_articular_series",
        )
    )
    avoid = citations.source("triamcinolone_avoid_with_ritonavir")
    return (
        "- **People taking ritonavir or cobicistat** (boosters in HIV treatment): injected triamcinolone, "
        "into a joint too, has caused iatrogenic Cushing's syndrome and adrenal suppression; ritonavir "
        "blocks the enzyme CYP3A4 that breaks triamcinolone down, so more of it likely reaches the blood "
        f"({citations.short(report['source_id'])}). In a systematic review of {cases['value']:g} reported "
        f"cases, {joint['value']:g} followed an intra-articular injection; the adrenal axis stayed "
        f"suppressed a median of {weeks['value']:g} weeks, and {harm['value']:g}% had a complication "
        f"({citations.short(cases['source_id'])}). It has also followed intra-articular triamcinolone in a "
        f"patient on a cobicistat-boosted regimen ({citations.short(cobicistat['source_id'])}). Ask every "
        "patient about HIV medicines before a steroid; a review advises avoiding triamcinolone with "
        "ritonavir and names methylprednisolone as a possible alternative, not yet linked to the syndrome "
        f"({citations.short(avoid)}). The course read no report on dexamethasone or betamethasone with "
        "these drugs."
    )


def misconceptions() -> str:
    """Markdown list of common misconceptions, each corrected with numbers and sources from data."""
    governing = safety.governing_max("lidocaine", 70)
    loosest = max(safety.dose_limits("lidocaine", 70), key=lambda lim: lim.limit_mg)
    margin, _, _ = safety.caution_fraction()
    dex = ph.corticosteroid_info("dexamethasone")
    la_longest = ph.local_anaesthetic_time_course("bupivacaine", adrenaline=True).duration_h
    ropi_longest = ph.local_anaesthetic_time_course("ropivacaine").duration_h
    knee = systemic_effects.systemic_effect("glucose_knee_habib")
    low, high, capsule_sources = anatomy.capsule_capacity_ml("lumbar")
    lumbar_ia = safety.injectate_limit("lumbar", "intra_articular")
    lumbar_mbb = safety.injectate_limit("lumbar", "medial_branch")
    cervical_mbb = safety.injectate_limit("cervical", "medial_branch")
    assert lumbar_ia is not None and lumbar_mbb is not None and cervical_mbb is not None
    light, heavy = safety.governing_max("bupivacaine", 50), safety.governing_max("bupivacaine", 80)
    not_evidence_based = citations.short(citations.source("maximum_doses_not_evidence_based"))
    add_up = citations.short(citations.source("local_anaesthetics_add_up"))
    no_mixing = citations.short(citations.source("bupivacaine_label_no_mixing"))  # review s16 of 04, F4
    anaesthetic_only = citations.short(citations.source("diagnostic_block_anaesthetic_only"))
    return (
        "1. *'The maximum dose is a hard, evidence-based line.'* For plain lidocaine in a 70 kg adult the "
        f"figures run from {governing.limit_mg:g} mg ({citations.short(governing.source_id)}) to "
        f"{loosest.limit_mg:g} mg ({citations.short(loosest.source_id)}), and none comes from trials "
        f"({not_evidence_based}). The course takes the stricter label's figure as the one governing maximum "
        f"(above it: unsafe) and says caution from {100 * margin:.0f}% of it or above any lower figure: "
        "a more generous source never makes a dose safer.\n"
        "2. *'Only the ceiling in mg matters.'* Where a weight-based maximum exists, the lower of the two "
        f"governs: for plain bupivacaine {light.text()} at 50 kg but {heavy.text()} at 80 kg "
        f"({citations.short(light.source_id)}).\n"
        "3. *'Two local anaesthetics, each below its own maximum, are safe together.'* In rats given an "
        "intravenous infusion, the seizure thresholds of lidocaine-bupivacaine mixtures were additive, "
        f"neither synergistic nor antagonistic ({add_up}; heart toxicity was "
        "not studied): the skin lidocaine counts with the block's bupivacaine, as a "
        "sum of fractions of each maximum (the conservative convention the checker uses). The bupivacaine "
        "label goes further: it does not recommend mixing bupivacaine with any other local anaesthetic, or "
        "using one before or alongside it, because there are too few data on such mixtures "
        f"({no_mixing}); where skin lidocaine precedes a bupivacaine block, as in the checker's examples, "
        "that is one more reason to count the two together.\n"
        "4. *'Relief right after the injection means the steroid worked.'* Early relief is the "
        f"anaesthetic: the published nerve-block durations end by about {la_longest.high:g} hours for "
        f"bupivacaine with adrenaline ({citations.short(la_longest.source_id)}; ropivacaine's ranges reach "
        f"{ropi_longest.high:g} hours, {citations.short(ropi_longest.source_id)}); "
        "the steroid, if it helps, acts over days. A diagnostic block uses local anaesthetic alone "
        f"({anaesthetic_only}). {_steroid_at_the_medial_branch()}\n"
        "5. *'All steroids are the same if the dose is converted from a table.'* Dexamethasone is a "
        f"{dex['formulation']} with {dex['release']} ({citations.short(dex['source_id'])}): the label "
        "describes the drug's action, not how long relief lasts; the comparisons read are mixed: in two "
        "transforaminal epidural studies relief after dexamethasone lasted as long as after particulate "
        "steroids, while one small retrospective facet series favoured triamcinolone (the comparative "
        "studies table). "
        "Equivalence tables describe oral or intravenous doses.\n"
        "6. *'A steroid injected into a joint stays in the joint.'* It reaches the blood: glucose rose for "
        f"{knee['days_low']:g}-{knee['days_high']:g} days after a knee injection in people with diabetes "
        f"({citations.short(knee['source_id'])}), and adrenal suppression can last weeks (see the systemic "
        "effects "
        "table).\n"
        f"7. *'A bigger volume makes a better block.'* A lumbar facet joint usually holds about {low:g} mL, "
        f"at most {high:g} mL ({citations.short(capsule_sources)}); the lumbar guideline keeps an "
        f"intra-articular injection {lumbar_ia.text()} (the course counts the contrast in the joint too) and "
        f"a medial branch block {lumbar_mbb.text()} per nerve "
        f"({citations.short(lumbar_ia.source_id)}). In the neck, {cervical_mbb.consequence} "
        f"({citations.short(cervical_mbb.source_id)})."
    )


def _steroid_at_the_medial_branch() -> str:
    """One sentence: what adding a steroid did in the one randomised trial of therapeutic lumbar medial
    branch blocks the course read (both arms' 2-year success, %, from 05's outcome table)."""
    alone = recovery_evidence.outcome("manchikanti_2y_bupivacaine")
    steroid = recovery_evidence.outcome("manchikanti_2y_steroid")
    return (
        "At the medial branch, in a randomised double-blind trial of repeated therapeutic lumbar blocks "
        f"({alone['quantity']}: {alone['value']:g}% with {alone['arm'].split(' (')[0]} against "
        f"{steroid['value']:g}% with {steroid['arm'].split(' (')[0]}; {steroid['difference']}; no placebo "
        f"arm), the steroid added no clear benefit ({citations.short(steroid['source_id'])})."
    )


def self_check_questions() -> list[Question]:
    """Five questions, one per learning objective, numbers formatted from data, each with its source.

    Five fit one slide; the disagreement between maximum doses and the medial branch volume are taught in
    the misconceptions and the checker instead."""
    weight, percent, ml = 40.0, 2.0, 2.5  # the question's scenario (kg, % w/v, mL per joint), not a limit
    example = procedure_check(weight, "lumbar", "intra_articular", "therapeutic", 4, "lidocaine", percent, ml)
    lido = example.doses[0]
    ceiling = lido.governing.ceiling_mg
    # review s15 F1: a light patient, so the weight-based figure governs and the ceiling distractor is true
    assert ceiling is not None and lido.governing.limit_mg < ceiling and lido.total_mg <= ceiling
    lumbar_ia = safety.injectate_limit("lumbar", "intra_articular")
    assert lumbar_ia is not None
    rbc = ph.red_cell_diameter_um()
    ta = ph.particle_sizes("triamcinolone acetonide").dropna(subset=["size_max_um"]).iloc[0]
    mixtures = safety.mixture_table()
    mixed = mixtures[
        (mixtures["steroid"] == "dexamethasone") & (mixtures["local_anaesthetic"] == "ropivacaine")
    ].iloc[0]
    friedly = systemic_effects.systemic_effect("hpa_esi_friedly")
    even = systemic_effects.systemic_effect("glucose_esi_even")
    knee = systemic_effects.systemic_effect("glucose_knee_habib")
    lido_course = ph.local_anaesthetic_time_course("lidocaine").duration_h
    bupi_course = ph.local_anaesthetic_time_course("bupivacaine").duration_h
    return [
        Question(
            "In a comparative block, which anaesthetic is expected to give the longer relief?",
            ("Lidocaine", "Bupivacaine", "They last the same"),
            1,
            f"Published nerve-block durations: lidocaine {lido_course.text()}, bupivacaine "
            f"{bupi_course.text()}. Early relief is the anaesthetic, not the steroid. In the "
            "comparative-block studies relief often did not follow the drug's expected duration, so pairs "
            "are read with care (notebook 05).",
            citations.joined(
                lido_course.source_id,
                bupi_course.source_id,
                citations.source("comparative_relief_often_discordant"),
            ),
        ),
        Question(
            f"Four lumbar facet joints are each injected with {ml:g} mL of "
            f"{percent:g}% lidocaine in a {weight:g} kg patient. What is wrong?",
            (
                f"Nothing: the total, {lido.total_mg:g} mg, does not exceed the label's {ceiling:g} mg "
                "ceiling",
                "Only the volume per joint",
                f"Both: {lido.total_mg:g} mg is above the governing maximum for {weight:g} kg and "
                f"{ml:g} mL per joint is above the guideline's {lumbar_ia.text()}",
            ),
            2,
            f"{lido.total_mg:g} mg is {percent_of_max(lido.fraction_of_governing)}% of the governing "
            f"maximum, {lido.governing.text()}: at {weight:g} kg the weight-based figure is below "
            f"the {ceiling:g} mg ceiling, so it governs, and a dose within the ceiling can still be an "
            "overdose. The lumbar guideline keeps an "
            f"intra-articular injectate {lumbar_ia.text()} per joint. Verdict: {example.verdict}.",
            citations.joined(lido.governing.source_id, lumbar_ia.source_id),
        ),
        Question(
            "Which corticosteroid is a solution without particles, and why does that matter?",
            (
                "Triamcinolone acetonide: it dissolves in the joint",
                "Dexamethasone sodium phosphate: alone it has no crystals to embolise an artery (not when "
                "mixed with ropivacaine)",
                "Methylprednisolone acetate: its crystals are smaller than red cells",
            ),
            1,
            "Dexamethasone sodium phosphate is a solution: the few residual particles measured were about a "
            f"tenth the size of a red cell (red cells are {rbc.low:g}-{rbc.high:g} µm) without aggregates; "
            f"triamcinolone crystals reach {ta['size_max_um']:g} µm. Only as long as it is not mixed with "
            f"ropivacaine: {mixed['finding']}, so do not mix the two.",
            citations.joined(citations.source("particle_sizes"), mixed["source_id"]),
        ),
        Question(
            "Three weeks after an epidural steroid, which preparations had suppressed morning cortisol?",
            (
                "All four equally: the doses were 'equivalent'",
                "Methylprednisolone and triamcinolone; with betamethasone or dexamethasone the change was "
                "not significantly different from lidocaine alone",
                "None: an injection does not reach the blood",
            ),
            1,
            friedly["finding"] + ". Conversion tables do not predict what an injected depot does.",
            friedly["source_id"],
        ),
        Question(
            "A patient with diabetes has a facet joint steroid injection today. What do you tell them?",
            (
                "Glucose is unaffected by an injection",
                f"Glucose may rise for days: check it more often for at least {aftercare.glucose_days():g} "
                "days and until it is back to their usual, and adjust with their team",
                "Stop their diabetes medicines for a week",
            ),
            1,
            f"After epidural steroid glucose rose by a mean of {glucose_text(even['value'])} and settled "
            f"within {even['days_high']:g} days; after a knee injection it stayed up for "
            f"{knee['days_low']:g}-{knee['days_high']:g} days, peaking up to {knee['peak_hours_high']:g} h "
            f"after it: the course's window is {aftercare.glucose_days():g} days (section 5).",
            citations.joined(even["source_id"], knee["source_id"]),
        ),
    ]


def key_references(part: int = 1, parts: int = 1) -> str:
    """Markdown list of the key references (``data/key_references.csv``), or part ``part`` of ``parts`` (so
    each fits a slide). The full bibliography is data/references/medication.csv; every table and figure cites
    its own sources."""
    return citations.key_references(LESSON, part, parts)
