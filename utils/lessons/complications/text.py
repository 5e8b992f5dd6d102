"""06's clinical prose in one place: managing the common events, consent in plain words, misconceptions, the
self-check and key references. Numbers are formatted from ``data/`` through the models; labels come from the
one
citation module; reference ids only through ``citations.source`` and the tables' ``source_id`` columns.
"""

from __future__ import annotations

from collections import Counter

from ... import safety
from ...core import citations
from ...core.selfcheck import Question
from ...models import aftercare, complications, contrast, last, procedure_steps, recovery, systemic_effects
from ...models import anticoagulants as ac
from .toxicity import WEIGHTS_KG, lipid_for

SLUG = "complications"
NB03 = "[notebook 03 (Fluoroscopic technique)](03_fluoroscopic_technique.ipynb)"
NB04 = "[notebook 04 (Medication choices)](04_medication_choices.ipynb)"
NB05 = "[notebook 05 (Recovery curves)](05_recovery_curves.ipynb)"
NB07 = "[notebook 07 (After the injection)](07_aftercare.ipynb)"


def _whole(percent: float) -> int:
    """A percentage rounded half up to a whole number, for patients (17.6 -> 18, 22.5 -> 23)."""
    return int(percent + 0.5)


def _ay(key: str) -> str:
    return citations.author_year(citations.source(key))


def _in_100(rate_percent: float) -> str:
    """'about 5 in 100' for a percentage (rounded to a whole number, at least 1)."""
    return f"about {max(1, round(rate_percent)):g} in 100"


# -- links to the other notebooks ----------------------------------------------------------------------------
def links() -> str:
    """Where the neighbouring topics are taught, as Markdown."""
    glucose = systemic_effects.longest_days("blood glucose")
    return (
        f"Intravascular injection and how contrast shows it are taught in {NB03}; bupivacaine's "
        "cardiotoxicity, "
        f"the dose rule set and the steroid's systemic effects (blood glucose raised for up to {glucose:g} "
        "days in "
        f"people with diabetes, adrenal suppression) in {NB04}; flares and soreness in the days after in "
        f"{NB05}."
    )


# -- 3. managing the common events ---------------------------------------------------------------------------
def managing_events() -> str:
    """What to do for a vasovagal reaction, a numb or weak limb, a contrast reaction and red flags
    (Markdown)."""
    mbb = complications.rate("vasovagal_mbb")
    stopped = complications.rate("vasovagal_stopped")
    repeat = complications.rate("vasovagal_repeat")
    ataxia = complications.rate("rf_ton_ataxia")
    cmbb = safety.injectate_limit("cervical", "medial_branch")  # review s10 F3: the trial's direction
    assert cmbb is not None and cmbb.studied_ml is not None
    small, large = cmbb.high_ml, cmbb.studied_ml
    return "\n".join(
        [
            f"- **Vasovagal reaction** (the patient feels faint): {mbb.text()} in diagnostic "
            f"medial branch blocks in one large series ({_ay('vasovagal_series')}), more often in men, "
            "under 65 and with little "
            f"pain before the block; in that series {stopped.text()} of all procedure types were ended "
            "early and no serious harm followed.",
            "- **Vasovagal first aid, in order** (no sequence written for facet procedures was found: the "
            "steps come from a radiology contrast-reaction table, two protocols and a large series; the "
            "protocols give IV fluid before atropine, otherwise the order is the course's advice, not the "
            "table's; follow your unit's protocol as well):",
            *(
                f"    {i}. **{action}**: {detail} ({citations.author_year(*ids.split(';'))})."
                for i, (action, detail, ids) in enumerate(complications.vasovagal_first_aid(), start=1)
            ),
            "- **After a vasovagal reaction, before the next procedure:** ask about an earlier reaction: it "
            f"is the strong predictor. After one, {repeat.count_text()} without moderate sedation were "
            f"complicated by another ({repeat.rate_percent:g}%, {repeat.finding}; {_ay('vasovagal_repeat')}, "
            "observational), and an SIS FactFinder says moderate sedation may be considered in select "
            f"patients to prevent a repeat ({_ay('vasovagal_factfinder')}). A pain-procedure review's table "
            "covers prevention only: antimuscarinics and IV fluids have not been studied for prevention in "
            f"these procedures ({_ay('vasovagal_prevention_review')}).",
            "- **A numb or weak limb after the block:** injectate can spread to the foramen and the nerve "
            "root (in one small randomised trial of cervical medial branch blocks, spread beyond the "
            f"target nerve, into the foramen among others, occurred about half as often with {small:g} mL "
            f"as with {large:g} mL, short of significance in so small a trial; the authors conclude that a "
            f"smaller volume may improve precision: {_ay('foraminal_spread')}; the rule set's limit for a "
            f"cervical medial branch block is {cmbb.text()}, {NB04}). Expect it to wear "
            "off with the "
            f"anaesthetic ({NB04} gives the durations); keep the patient until it has, and do not let them "
            "walk "
            "unaided or drive while it lasts (course advice). Weakness that is new, spreading or outlasting "
            "the "
            "anaesthetic, severe back pain, fever or a change in bladder or bowel needs urgent imaging to "
            f"exclude a haematoma or infection ({_ay('post_procedure_red_flags')}).",
            "- **Unsteady after a neck procedure:** after third occipital nerve (C2-3) radiofrequency, "
            f"slight unsteadiness (ataxia) was reported in {ataxia.rate_percent:g}% in a series of "
            f"{ataxia.denominator} patients ({citations.author_year(ataxia.source_id)}, as tabulated by "
            f"{_ay('cervical_complications_table')}; the count behind the percentage is not given); after "
            "cervical blocks in one small series, brief unsteadiness on standing up was common "
            f"({_ay('cervical_complications_table')} tabulates both). Sit the patient up slowly, walk with "
            "them, and advise no driving while it lasts (course advice).",
            "- **Contrast reaction:** no rate for facet procedures was found in the sources read; ask about "
            "previous reactions and follow your department's contrast-reaction protocol. A multisociety "
            "advisory notes a low risk of a reaction when contrast is injected outside a vessel, the target "
            "of these procedures, and warns that gadolinium, often used instead after a reported reaction, "
            "can cause encephalopathy or death if it reaches the spinal fluid "
            f"({_ay('contrast_hypersensitivity_gadolinium')}).",
            *_more_events(),
            "- **Weeks later:** septic facet arthritis has presented two months after a diagnostic "
            "injection, "
            f"looking like a disc herniation ({_ay('septic_facet_case')}): tell patients which symptoms to "
            "report.",
        ]
    )


def _more_events() -> list[str]:
    """Review s10, expected but missing: dural puncture, sedation and implanted devices, each a short sourced
    line without a rate (none was found in the sources read)."""
    return [
        "- **A headache worse on sitting up after a neck block:** a dural puncture headache has been "
        "reported after a cervical medial branch block (a case report, so no rate: "
        f"{_ay('too_deep_dural_puncture')}); it is on the patient's when-to-call list ({NB07}).",
        "- **Sedation:** routine sedation is not needed for these procedures, and heavy sedation takes away "
        "the patient's warning when the needle meets a nerve; in closed claims after cervical epidural "
        "injections, a heavily sedated or unresponsive patient had a higher risk of spinal cord injury "
        f"({_ay('sedation_warning')}). Moderate sedation to prevent a repeat vasovagal reaction (above) is a "
        "different question.",
        "- **Radiofrequency with an implanted device** (pacemaker, defibrillator, stimulator or pump): the "
        "current can interfere with the device or damage it; ask about one before radiofrequency and plan "
        f"with the device guideline ({_ay('rf_implanted_devices')}, abstract read).",
        *_rf_and_infection_lines(),
    ]


def _rf_and_infection_lines() -> list[str]:
    """Review s15 of 06, expected items 2 and 4: the radiofrequency hazards (a grounding-pad burn, a case
    report; motor stimulation before lesioning, the lumbar guideline's table as 07 gives it) and asepsis with
    the red-flag infection (03's skin-preparation step; an epidural abscess, a case report), each from
    data."""
    burn = complications.rate("rf_grounding_pad_burn")
    stimulation = aftercare.statement("lumbar_guideline_rf_stimulation")
    skin = procedure_steps.step("Skin preparation")
    abscess = complications.rate("epidural_abscess_facet")
    return [
        f"- **Radiofrequency: the skin and the nerves.** A burn is possible at the grounding pad as well as "
        f"at the electrode: {burn.finding} ({citations.author_year(burn.source_id)}, a case report, so no "
        f"rate). Before lesioning, {stimulation['statement'].removeprefix('the same table: ')} (the lumbar "
        f"guideline's table, {citations.author_year(str(stimulation['source_id']))}; {NB07}).",
        f"- **Infection: prevent it, then think epidural.** {skin['what_happens'].capitalize()} "
        f"({NB03}, {citations.author_year(str(skin['source_id']))}): {skin['why']}. Infection is not only in "
        f"the joint: {abscess.finding} ({citations.author_year(abscess.source_id)}, a case report, so no "
        "rate). New severe back pain with fever after an injection needs urgent imaging (above).",
    ]


# -- 5. consent in plain words -------------------------------------------------------------------------------
def consent() -> str:
    """What a patient must be told, in words a patient understands, numbers from data/ (Markdown)."""
    vv = complications.rate("vasovagal_mbb")
    ia = {r.key: r for r in complications.rates_for("intra-articular injection (lumbar and cervical)")}
    sore, flare = ia["plastaras_site_soreness"], ia["plastaras_pain_exacerbation"]
    rf = complications.rate("rf_minor")
    neuritic, local = complications.rate("rf_neuritic"), complications.rate("rf_local_pain")
    rf_none = complications.rate("rf_deficit_or_infection")
    ton = complications.rate("rf_ton_neuralgia")
    numb, ataxia = complications.rate("rf_ton_numbness"), complications.rate("rf_ton_ataxia")
    lower = complications.rate("rf_lower_cervical_numbness")
    barnsley = recovery.outcome("barnsley_beyond_1m")
    lumbar = complications.intravascular_series("lumbar")
    per_procedure = [s for s in lumbar if s.counted_per.startswith("3-level")]
    per_level = [s for s in lumbar if s not in per_procedure]  # review s10 F1: one unit for both regions
    low, high = min(s.percent for s in per_procedure), max(s.percent for s in per_procedure)
    back_low, back_high = min(s.percent for s in per_level), max(s.percent for s in per_level)
    neck = complications.intravascular_series("cervical")  # review s8 F8: the neck's figure, per injection
    neck_low, neck_high = min(s.percent for s in neck), max(s.percent for s in neck)
    bleed = complications.rate("bleed_facet_on_antithrombotics")
    return "\n".join(
        [
            "- **Why:** a nerve block is a test of whether these joints cause your pain. Relief for the "
            "hours the numbing medicine lasts is the expected result, not a cure; if it works, a longer "
            "treatment "
            "(radiofrequency) may be offered.",
            "- **It may not give an answer:** if the pain does not ease, or eases only partly, the test is "
            "negative or unclear, and the joints may not be the cause. Steroid injections into the joint "
            "itself are a different treatment: in one neck trial of joint injections fewer than "
            f"{barnsley['value']:g} in 100 still had relief after a month ({NB05}).",
            "- **Common and short-lived:** feeling faint during the injection (up to "
            f"{_in_100(vv.rate_percent or 0)} diagnostic nerve blocks in one large series, "
            f"{_ay('vasovagal_series')}, the highest rate of its procedure types). After injections into the "
            "joint itself (a "
            f"different procedure): a sore back for a few days ({_in_100(sore.rate_percent or 0)}) and more "
            f"pain for a day or two ({_in_100(flare.rate_percent or 0)}). After radiofrequency in the low "
            f"back, {_in_100(rf.rate_percent or 0)} burn sites gave pain or tingling ({neuritic.events} "
            f"sites: {neuritic.event}; {local.events}: {local.event}; counted per site: you may have "
            "several).",
            "- **Neck radiofrequency is different (other and higher rates):** after radiofrequency at the "
            "top of the neck (the C2-3 joint or the third occipital nerve), numbness at the back of the "
            f"head is expected ({_in_100(numb.rate_percent or 0)} patients), and almost everyone feels "
            f"slightly unsteady for a while ({_in_100(ataxia.rate_percent or 0)}; "
            f"{citations.author_year(numb.source_id)} as tabulated by {_ay('cervical_complications_table')}; "
            "the source gives no duration): take care when "
            "walking and do not drive until it has passed. "
            f"{_in_100(ton.rate_percent or 0).capitalize()} patients complained of new burning or tingling "
            f"pain there ({ton.count_text()}, {citations.author_year(ton.source_id)}). Lower in the neck "
            f"(C3-4 and below), {lower.count_text()} in one small trial had numbness of the skin over the "
            f"treated nerves ({citations.author_year(lower.source_id)}). The low-back numbers above do not "
            "apply to the neck.",
            "- **Watched for during the procedure:** the needle tip can enter a small blood vessel. We "
            "look for this by watching dye (contrast) on a live X-ray, and move the needle if we see it "
            f"({NB03}). Counted per injection or level, this was seen in about {_whole(back_low)} to "
            f"{_whole(back_high)} in 100 in the low back "
            f"({citations.author_year(*dict.fromkeys(s.source_id for s in per_level))}) and about "
            f"{_whole(neck_low)} to {_whole(neck_high)} in 100 in the neck "
            f"({citations.author_year(*(s.source_id for s in neck))}). Counted per whole procedure of three "
            f"low-back levels, one trial saw it in about {_whole(low)} to {_whole(high)} in 100 procedures "
            f"({citations.author_year(per_procedure[0].source_id)}).",
            "- **Rare but serious:** infection of the joint (reported in single cases, so no one knows how "
            f"often), bleeding near the spine (one practice saw none in {bleed.denominator} procedures in "
            "people taking blood thinners, which does not mean never: "
            f"{citations.author_year(bleed.source_id)}), "
            "a reaction to the numbing "
            f"medicine (a fit or heart rhythm problem, treated at once), nerve damage (none in "
            f"{rf_none.denominator:,} burn sites in one low-back series, which does not mean never; for "
            "the neck see the line above). After a neck injection: a stroke or spinal cord injury has "
            "been reported after other neck injections (at the nerve roots, thought to be steroid entering "
            f"an artery: {_ay('cervical_tf_infarcts')}); for these joint and nerve procedures no one knows "
            "how often (no rate was found).",
            "- **Blood thinners:** never stop them yourself; the doctor who prescribes them and we decide "
            "together.",
            "- **Alternatives:** exercise and physiotherapy, medicines, or no injection at all.",
            *red_flags(),
        ]
    )


#: The two actions of notebook 07's when-to-call table, in the order the consent script gives them.
EMERGENCY, CALL = "go to the emergency department", "call the clinic"


def red_flags() -> list[str]:
    """The consent script's warning signs (Markdown bullets): every row of notebook 07's when-to-call table
    (``data/aftercare_when_to_call.csv``, through :func:`aftercare.when_to_call`, region left open so the
    neck-only signs are kept), emergencies first, in the patient's words, so 06 and 07 cannot disagree."""
    table = aftercare.when_to_call()
    actions = set(table["action"])
    if not actions <= {EMERGENCY, CALL}:
        raise ValueError(
            f"when-to-call actions {sorted(actions)}; the consent script knows {EMERGENCY!r} and {CALL!r}"
        )
    heads = {
        EMERGENCY: "- **Go to the emergency department at once** if:",
        CALL: "- **Call us** if:",
    }
    out = []
    for action in (EMERGENCY, CALL):
        out.append(heads[action])
        out.extend(f"  - {plain}" for plain in table.loc[table["action"] == action, "plain"])
    source = citations.author_year(table)
    out.append(f"- *These warning signs are {NB07}'s when-to-call list, from one table ({source}).*")
    return out


# -- 6. misconceptions ---------------------------------------------------------------------------------------
def misconceptions(part: int = 1, parts: int = 1) -> str:
    """Misconceptions about complications, each corrected with its source (Markdown), or one part of them."""
    if not 1 <= part <= parts:
        raise ValueError(f"part must be from 1 to parts={parts}; got {part}")
    case = last.case_dose("artery in the neck")
    assert case is not None
    vein = last.scenario("vein")
    rf = complications.rate("rf_minor")
    cervical = ac.bleeding_risk("medial branch block", "cervical")
    factor_ids = ";".join(
        dict.fromkeys(i for ids in ac.patient_factor_table()["source_id"] for i in str(ids).split(";"))
    )
    vasovagal, vasovagal_mbb = complications.rate("vasovagal_all"), complications.rate("vasovagal_mbb")
    items = [
        "- *“Below the maximum dose there is no toxicity.”* **No:** a seizure followed "
        f"{case.text()} during a stellate ganglion block, presumably into the vertebral artery "
        f"({_ay('vertebral_artery_seizure')}); that is one report's dose, not a threshold. The maximum "
        "governs absorption of the total dose; a needle in an artery to the brain needs only a small "
        "fraction of it.",
        "- *“Toxicity always starts with numb lips and ringing ears, and the heart comes last.”* **No:** "
        f"{vein['atypical']} ({_ay('last_atypical')}).",
        f"- *“A {rf.rate_percent:g}% complication rate per lesion site is {rf.rate_percent:g}% per "
        "patient.”* "
        f"**No:** {rf.text()} "
        f"({citations.author_year(rf.source_id)}); a procedure burns several sites, and the source gives "
        "no "
        "rate per procedure or patient: do not multiply or convert.",
        "- *“The infarcts after cervical steroid injections show how often facet procedures cause "
        "them.”* "
        f"**No:** the survey counted events after transforaminal injections without a denominator "
        f"({_ay('cervical_tf_infarcts')}); for facet procedures no rate was found in the sources read. "
        f"Vessels are entered during cervical medial branch blocks too ({NB03}): inject contrast under "
        "live "
        "fluoroscopy.",
        "- *“Facet procedures are low bleeding risk, so the blood thinner can always be continued.”* "
        f"**Not always, and not in the neck:** cervical medial branch blocks and radiofrequency are "
        f"{cervical['category']} risk ({cervical['wording']}) "
        f"({citations.author_year(cervical['source_id'])}; cervical intra-articular injection: not "
        "determined, see the table), and the Spine Intervention Society advises "
        f"stopping before cervical radiofrequency ({_ay('sis_cervical_rf')}). In the lumbar and thoracic "
        "spine too, low risk is not no risk: patient factors (older age, coagulopathy, severe liver or "
        "kidney dysfunction, prior surgery or radiation in the area) may raise the risk of otherwise low- "
        f"or intermediate-risk procedures ({citations.author_year(factor_ids)}), and several drugs "
        "together or the guideline's drug table still apply. Either way the prescriber "
        f"decides with you: stopping carries its own risk ({_ay('bleeding_stop_risk')}).",
        "- *“The only side effects are some tenderness and, very rarely, numbness that always wears off.”* "
        f"(a hospital leaflet, {_ay('leaflet_side_effects')}) **Incomplete:** fainting-type (vasovagal) "
        f"reactions are common: {vasovagal_mbb.text()} after diagnostic medial branch blocks "
        f"({vasovagal.text()} across all procedures) in one large series ({_ay('vasovagal_series')}); and "
        "numbness or weakness that spreads, gets worse or outlasts the anaesthetic needs urgent review, "
        "not reassurance (see the consent section).",
    ]
    size = -(-len(items) // parts)
    return "\n".join(items[(part - 1) * size : part * size])


# -- 7. self-check -------------------------------------------------------------------------------------------
def self_check_questions() -> list[Question]:
    """Six questions on notebook 06, numbers formatted from data/."""
    return [_toxicity_question(), _denominator_question(), _category_question(), *_practice_questions()]


def _toxicity_question() -> Question:
    case = last.case_dose("artery in the neck")
    assert case is not None
    return Question(
        f"During a stellate ganglion block a patient has a seizure after {case.dose_mg:g} mg of {case.drug}. "
        "What is the likeliest cause?",
        (
            "A total dose over the maximum",
            "Injection into an artery that supplies the brain: a tiny dose reaches it undiluted",
            "An allergy to the anaesthetic",
        ),
        1,
        f"{case.text()}; seizures after doses this small are reported with vertebral artery injection.",
        citations.source("vertebral_artery_seizure"),
    )


def _denominator_question() -> Question:
    rf = complications.rate("rf_minor")
    return Question(
        f"A lumbar radiofrequency series reports {rf.text()} for minor complications. What can you tell a "
        "patient who will have several sites burned?",
        (
            "Multiply by the number of sites to get their risk",
            "It is the risk per patient",
            "It is a rate per lesion site; the source gives no rate per procedure, so do not convert it",
        ),
        2,
        f"{rf.count_text()}; about five lesions per procedure, and no per-procedure rate in the abstract.",
        rf.source_id,
    )


def _category_question() -> Question:
    lumbar = ac.bleeding_risk("medial branch block", "lumbar")
    return Question(
        "Under the ASRA pain guideline (2018 update), what is the bleeding-risk category of a lumbar medial "
        "branch block?",
        (str(lumbar["category"]), "intermediate" if lumbar["category"] != "intermediate" else "high", "high"),
        0,
        f"{lumbar['wording']}.",
        str(lumbar["source_id"]),
    )


def _practice_questions() -> list[Question]:
    plan = last.lipid_plan(80)
    vv = complications.rate("vasovagal_mbb")
    return [
        Question(
            "An 80 kg patient has a seizure and hypotension after a block. Which 20% lipid emulsion regimen "
            "does the ASRA checklist give?",
            (
                "Propofol, which is a lipid emulsion",
                "Lipid only once the heart has stopped",
                f"A bolus of {plan.bolus_ml:.0f} mL over "
                f"{plan.bolus_over_min[0]:g}-{plan.bolus_over_min[1]:g} "
                f"min, then an infusion of {plan.infusion_text}",
            ),
            2,
            f"{plan.text()} Lipid is considered at the first sign of a serious event.",
            plan.source_id,
        ),
        Question(
            "A patient on apixaban is booked for cervical radiofrequency neurotomy. What do you do?",
            (
                "Involve the prescriber; the Spine Intervention Society advises stopping before cervical "
                "radiofrequency; take the interval from the guideline's table",
                "Continue: facet procedures are low risk everywhere",
                "Tell the patient to stop it for a week on their own",
            ),
            0,
            f"{ac.plan('apixaban', 'radiofrequency ablation', 'cervical').sis_position}. "
            f"{ac.PRESCRIBER_NOTE}",
            citations.source("sis_cervical_rf") + ";" + citations.source("bleeding_stop_risk"),
        ),
        Question(
            "In a series of 8,010 fluoroscopic injections, how often did a vasovagal reaction complicate a "
            "diagnostic medial branch block?",
            ("About 1 in 1,000", f"{vv.text()}", "About half of them"),
            1,
            f"{vv.text()}, the highest rate of the procedure types; managed conservatively.",
            vv.source_id,
        ),
    ]


# -- key references ------------------------------------------------------------------------------------------
def key_references(part: int = 1, parts: int = 1) -> str:
    """Markdown list of the references notebook 06 uses (data/key_references.csv), or one part of it."""
    return citations.key_references(SLUG, part, parts)


# -- the numbers a resident learns (printed, so nbval compares them strictly) ------------------------------
def _missed_by_aspiration() -> str:
    """How many intravascular injections aspiration and a spot film caught, per counted series (review s13
    F7): why contrast is watched live (notebook 03's table)."""
    parts = [
        f"{r['region']} {int(r['aspiration_positive_n'])} of {int(r['intravascular_n'])} "
        f"({contrast.caught_percent(r, 'aspiration'):.0f}%) by aspiration, {int(r['spot_positive_n'])} "
        f"({contrast.caught_percent(r, 'spot'):.0f}%) by a spot film, "
        f"{citations.author_year(str(r['source_id']))}"
        for _, r in contrast.counted_series().iterrows()
    ]
    return (
        "Intravascular injections caught before the live contrast run, medial branch blocks: "
        + "; ".join(parts)
        + ": aspiration and a spot film miss many, so contrast is watched live on fluoroscopy"
    )


def key_numbers() -> str:
    """Each rate per 1,000 of its own denominator, the neck-artery case dose against the rule set, the lipid
    doses for three weights and the bleeding-risk categories: one line each."""
    # review s17 F3: a rate shared by several procedures (region not stated) is printed once, on its own line
    by_scenario = {s: complications.rates_for(s) for s in complications.scenarios()}
    counts = Counter(r.key for rates in by_scenario.values() for r in dict.fromkeys(rates))
    lines = [
        f"{s}: " + "; ".join(f"{r.event} {r.text()}" for r in rates if counts[r.key] == 1)
        for s, rates in by_scenario.items()
    ]
    shared = dict.fromkeys(r for rates in by_scenario.values() for r in rates if counts[r.key] > 1)
    after = 1 + max(
        i for i, rates in enumerate(by_scenario.values()) if any(counts[r.key] > 1 for r in rates)
    )
    lines[after:after] = [f"{r.procedure}, {r.region}: {r.event} {r.text()}" for r in shared]
    for region in ("lumbar", "cervical", "thoracic"):  # thoracic: review s13 F7
        series = complications.intravascular_series(region)
        lines.append(
            f"Intravascular injection, {region} medial branch blocks, every series read (each in its own "
            "unit, never pooled): "
            + "; ".join(f"{s.text()}, {citations.author_year(s.source_id)}" for s in series)
        )
    lines.append(_missed_by_aspiration())
    case = last.case_dose("artery in the neck")
    assert case is not None
    lines.append(
        f"LAST, artery in the neck during a stellate ganglion block (not a facet procedure): {case.text()} "
        "(one case report's dose, not a threshold)"
    )
    for w in WEIGHTS_KG:
        lines.append(lipid_for(w).text())
    for procedure in ac.PROCEDURES:
        cats = ", ".join(
            f"{region} {ac.bleeding_risk(procedure, region)['category']}" for region in ac.REGIONS
        )
        lines.append(f"ASRA 2018 bleeding risk, {procedure}: {cats}")
    return "\n".join(f"- {line}" for line in lines)
