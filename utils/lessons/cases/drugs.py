"""Questions on drug, dose and volume, each computed by the course's models: the safety rule set (governing
maximum, largest volume, a whole plan's verdict, steroid label doses) and 06's anticoagulant planner."""

from __future__ import annotations

import dataclasses

from ...core.selfcheck import NumericQuestion, Question
from ...models import anticoagulants, pharmacology
from ...models.cases import Case
from ...safety import (
    VERDICTS,
    DoseLimit,
    ProcedureCheck,
    check_procedure,
    dose_limits,
    governing_max,
    max_volume_ml,
    steroid_label_limits,
    steroid_session_carried_from,
)
from .common import choice, n_sites, numeric, numeric_range, sources
from .joint_volume import joint_volume

#: The planner's procedure names by the rule set's target.
PROCEDURE = {"medial_branch": "medial branch block", "intra_articular": "intra-articular injection"}


def plan_check(case: Case, purpose: str | None = None) -> ProcedureCheck:
    """The case's plan (data/cases.csv) through the one rule set, for the case's purpose or another."""
    if not case.plan:
        raise ValueError(f"case {case.id} has no plan to check")
    return check_procedure(
        weight_kg=case.weight_kg,
        region=case.region,
        target=case.target,
        purpose=purpose or case.purpose,
        n_sites=n_sites(case),
        per_site=case.plan["per_site"],  # type: ignore[arg-type]
        skin=case.plan["skin"],  # type: ignore[arg-type]
        contrast_ml_per_site=case.plan["contrast_ml_per_site"],  # type: ignore[arg-type]
    )


def plan_text(case: Case) -> str:
    """The plan as a clinician reads it: what each site receives, the skin, contrast, how many sites."""
    parts = []
    for item in case.plan.get("per_site", []):  # type: ignore[union-attr]
        strength = f"{item['percent']:g}%" if "percent" in item else f"{item['mg_per_ml']:g} mg/mL"
        parts.append(f"{item['drug']} {strength} {item['ml']:g} mL")
    text = (
        " with ".join(parts)
        + f" at each of {n_sites(case)} {'nerves' if case.target == 'medial_branch' else 'joints'}"
    )
    for item in case.plan.get("skin", []):  # type: ignore[union-attr]
        text += f", {item['drug']} {item['percent']:g}% {item['ml']:g} mL for the skin"
    if case.plan.get("contrast_ml_per_site"):
        text += f", contrast {case.plan['contrast_ml_per_site']:g} mL per site"
    return text


def _verdict_question(
    case: Case, prompt: str, check: ProcedureCheck, categories: tuple[str, ...], more: str = ""
) -> Question:
    shown = [r for r in check.reasons if r.category in categories and r.level != "fine"] or [
        r for r in check.reasons if r.category in categories
    ]
    return choice(
        prompt,
        check.verdict,
        [v for v in VERDICTS if v != check.verdict],
        f"The rule set says {check.verdict.upper()}: " + " ".join(f"{r.text}." for r in shown) + more,
        sources(*(r.source_id for r in shown)),
    )


def diagnostic_steroid(case: Case) -> Question:
    check = plan_check(case)
    return _verdict_question(
        case,
        f"A colleague proposes {plan_text(case)}, 'so it lasts'. What does the rule set say of this "
        "diagnostic "
        "block (fine, caution or unsafe)?",
        check,
        ("diagnostic",),
    )


def session_origin(drug: str) -> str:
    """Where the rule set's session total for ``drug`` comes from, when its own label gives none: the other
    label's total, carried over by systemic equivalence (review s8 F4); empty when the label gives one."""
    origin = steroid_session_carried_from(drug)
    _joint, session, _ids = steroid_label_limits(drug)
    if origin is None or session is None:
        return ""
    other, product = origin
    return (
        f" The {session:.3g} mg session total is not on the {drug} label: the rule set carries it over from "
        f"the {other} label ({product.split(' (')[0]}: its total for several joints) by systemic "
        "equivalence, a COURSE RULE."
    )


def steroid_plan(case: Case) -> Question:
    """The whole plan's verdict with every reason the check gives that is not fine, the volume at the joint
    included (review s16 of 08, F2: changing the steroid alone would leave a caution the feedback hid)."""
    check = plan_check(case)
    return _verdict_question(
        case,
        f"The plan: {plan_text(case)}. What does the rule set say (fine, caution or unsafe)?",
        check,
        tuple(dict.fromkeys(r.category for r in check.reasons)),
        joint_total_note(case) + session_origin(_steroid(case)),
    )


def joint_total_note(case: Case) -> str:
    """For a joint plan whose total (injectate plus contrast, mL) the guideline allows but the capsule check
    cautions: which threshold is whose (review s16 of 08, F1/F2); '' otherwise."""
    jv = joint_volume(case.region) if case.target == "intra_articular" else None
    if jv is None or not case.plan:
        return ""
    per_site = sum(float(i["ml"]) for i in case.plan["per_site"])  # type: ignore[union-attr]
    total = per_site + float(case.plan.get("contrast_ml_per_site") or 0)  # type: ignore[union-attr]
    if total >= jv.limit_ml or total <= jv.caution_ml:
        return ""
    return (
        f" The volume: {total:g} mL in all at each joint is within the {jv.region} guideline's "
        f"{jv.limit_text}, but the course's rule set cautions {jv.caution_text()}, the usual {jv.region} "
        f"capsule capacity (a stricter choice than the guideline's): keep the total "
        f"{'below' if jv.caution_from else 'at or below'} {jv.caution_ml:g} mL, for instance with less "
        "anaesthetic, and that caution goes."
    )


def _steroid(case: Case) -> str:
    drugs = [i["drug"] for i in case.plan.get("per_site", []) if "mg_per_ml" in i]  # type: ignore[union-attr]
    if not drugs:
        raise ValueError(f"case {case.id}: its plan has no steroid")
    return str(drugs[0])


def _trial_doses(drug: str) -> list[tuple[str, float, str]]:
    """(joint, mg per joint, sources) of the facet trials in data/ that used ``drug``."""
    rows = pharmacology.steroid_doses(drug)
    rows = rows[(rows["context"] == "trial") & (rows["scope"] == "per joint")]
    return [(str(r["joint"]), float(r["dose_mg_high"]), str(r["source_id"])) for _, r in rows.iterrows()]


def label_small_joint(drug: str) -> tuple[float, float, str, str]:
    """(lowest, highest mg per joint, the joints the label names, source) of ``drug``'s label for small
    joints (notebook 04's steroid table)."""
    label = pharmacology.steroid_doses(drug)
    rows = label[(label["context"] == "label") & (label["joint"] == "small joint")]
    if rows.empty:
        raise ValueError(f"no small-joint label dose for {drug} in data/corticosteroids_doses.csv")
    row = rows.iloc[0]
    return float(row["dose_mg_low"]), float(row["dose_mg_high"]), str(row["note"]), str(row["source_id"])


def _steroid_verdict(case: Case, mg: float) -> str:
    """The rule set's verdict ('fine', 'caution', 'unsafe') on ``mg`` of the case's steroid alone, at one
    site, in the strength of the case's plan."""
    item = next(i for i in case.plan.get("per_site", []) if "mg_per_ml" in i)  # type: ignore[union-attr]
    check = check_procedure(
        weight_kg=case.weight_kg,
        region=case.region,
        target=case.target,
        purpose=case.purpose,
        n_sites=1,
        per_site=[{**item, "ml": mg / float(item["mg_per_ml"])}],  # type: ignore[arg-type, dict-item]
        skin=[],
        contrast_ml_per_site=0.0,
    )
    return check.verdict


def steroid_dose(case: Case) -> NumericQuestion:
    """The label's small-joint dose range (the clinical fact), with the rule set's per-joint limit (its
    top, the course's reading) and the facet trial's dose in the feedback."""
    drug = _steroid(case)
    joint_max, _session, ids = steroid_label_limits(drug)
    if joint_max is None:
        raise ValueError(f"case {case.id}: no label dose per joint for {drug}")
    low, high, small, label_id = label_small_joint(drug)
    trials = _trial_doses(drug)
    trial_text = "".join(
        f" The facet trial in the course's data used {mg:g} mg per joint ({joint}): above the label's "
        f"small-joint figure; the rule set's verdict on that dose alone is {_steroid_verdict(case, mg)}. "
        f"No study in the course's data shows harm from {mg:g} mg in a facet joint: the caution is about "
        "total steroid (glucose, adrenal axis), not evidence that this dose harms the joint."
        for joint, mg, _ in trials
    )
    return numeric_range(
        "steroid_dose",
        f"No steroid label lists facet joints. What dose of {drug} per joint does its label give for small "
        "joints (a facet joint holds about as much as one)?",
        "mg",
        low,
        high,
        f"The label: {low:g}-{high:g} mg for a small joint ({small}). Facet joints are not among them "
        "(every spinal steroid is off-label), so the course's rule set takes the top of that range, "
        f"{joint_max:g} mg, as its limit per facet joint: the course's conservative reading, not the "
        "label's word." + trial_text,
        sources(label_id, ids, *(t[2] for t in trials)),
        "the label's small-joint range",
    )


def max_dose(case: Case) -> NumericQuestion:
    drug = case.drug or ""
    limit = governing_max(drug, case.weight_kg)
    per_kg = (
        f"{limit.mg_per_kg:g} mg/kg x {case.weight_kg:g} kg = {limit.mg_per_kg * case.weight_kg:g} mg"
        if limit.mg_per_kg
        else "no mg/kg figure"
    )
    return numeric(
        "max_dose",
        f"What is the governing maximum dose of plain {drug} for this {case.weight_kg:g} kg patient?",
        "mg",
        limit.limit_mg,
        f"The lower of {per_kg} and the ceiling of {limit.ceiling_mg:g} mg: {limit.limit_mg:g} mg. Every "
        "local anaesthetic given (skin too) counts toward it." + _higher_figures(drug, case.weight_kg),
        sources(limit.source_id, *(h.source_id for h in _higher(drug, case.weight_kg))),
    )


def _higher(drug: str, weight_kg: float) -> list[DoseLimit]:
    """Other sources' maxima for this weight (mg) above the governing one, highest first."""
    governing = governing_max(drug, weight_kg).limit_mg
    return sorted(
        (lim for lim in dose_limits(drug, weight_kg) if lim.limit_mg > governing + 1e-9),
        key=lambda lim: -lim.limit_mg,
    )


def _higher_figures(drug: str, weight_kg: float) -> str:
    """Where sources disagree, the range and who gives its top (review s13 F1: the US label's 300 mg of plain
    lidocaine against the stricter label the rule set follows)."""
    higher = _higher(drug, weight_kg)
    if not higher:
        return ""
    top = higher[0]
    return (
        f" The sources read differ: up to {top.limit_mg:g} mg for this weight ({top.basis}). The rule set "
        "governs by the stricter label, so the course's answer is the lower figure."
    )


def _percent(case: Case) -> float:
    items = [i for i in case.plan.get("per_site", []) if i["drug"] == case.drug]  # type: ignore[union-attr]
    if not items:
        raise ValueError(f"case {case.id}: its plan has no {case.drug} at the sites")
    return float(items[0]["percent"])  # type: ignore[arg-type]


def max_volume(case: Case) -> NumericQuestion:
    drug, percent = case.drug or "", _percent(case)
    volume = max_volume_ml(drug, percent, case.weight_kg)
    limit = governing_max(drug, case.weight_kg)
    return numeric(
        "max_volume",
        f"How many mL of {drug} {percent:g}% make up that maximum (if it were the only local anaesthetic)?",
        "mL",
        volume,
        f"{percent:g}% is {percent * 10:g} mg/mL, so {limit.limit_mg:g} mg is {volume:.3g} mL. Far more than "
        "a facet procedure needs, but the skin's anaesthetic adds to it.",
        limit.source_id,
    )


def skin_remedy(case: Case, check: ProcedureCheck) -> str:
    """For a plan that is not fine and has skin anaesthetic: the remedy is less of it, with what each mL
    of it takes of its governing maximum (the rule set's figures)."""
    skin = case.plan.get("skin", [])  # type: ignore[union-attr]
    if check.verdict == "fine" or not skin:
        return ""
    item = skin[0]
    dose = next(d for d in check.doses if d.drug == item["drug"])
    per_ml = float(item["percent"]) * 10  # type: ignore[arg-type]  # 1% = 10 mg/mL
    return (
        f" The remedy is less skin {item['drug']}, not another verdict: {item['ml']:g} mL of "
        f"{item['percent']:g}% is {dose.total_mg:g} mg, {100 * dose.fraction_of_governing:.0f}% of her "
        f"{dose.governing.limit_mg:g} mg by itself, and each mL less takes "
        f"{100 * per_ml / dose.governing.limit_mg:.1f}% off the sum. Infiltrate only what the needle entries "
        "need."
    )


def plan_verdict(case: Case) -> Question:
    check = plan_check(case)
    question = _verdict_question(
        case,
        f"The plan: {plan_text(case)}. What does the rule set say, counting both anaesthetics together?",
        check,
        ("systemic",),
    )
    return dataclasses.replace(question, explanation=question.explanation + skin_remedy(case, check))


def planner(case: Case) -> anticoagulants.Plan:
    """06's planner for the case's drug, procedure and region."""
    return anticoagulants.plan([case.drug or ""], PROCEDURE[case.target], case.region)


def bleeding(case: Case) -> Question:
    """The category 06's planner gives, from the sources read (never put in the guideline's mouth); the
    feedback shows what the sources say and that the category frames, not makes, the drug decision."""
    found = planner(case)
    lowest = found.category == anticoagulants.CATEGORY_ORDER[0]
    not_a_stop = (
        f" A {found.category} category does not by itself call for stopping {case.drug}: stopping an "
        "antithrombotic drug has its own risk, a clot (stent thrombosis, stroke)."
        if lowest
        else " Stopping an antithrombotic drug has its own risk, a clot (stent thrombosis, stroke)."
    )
    disputed = [
        c for c in anticoagulants.CATEGORY_ORDER if c != found.category and c in found.wording.lower()
    ]
    differ = bool(disputed) and "differ" in found.wording.lower()
    right = (
        f"{found.category} in the 2018 update as read, but the sources differ: "
        f"{' or '.join(disputed)} in others"
        if differ
        else found.category
    )
    every = ", in every source read" if differ else ""
    interim = anticoagulants.interim_category(PROCEDURE[case.target], case.region)
    # review s12 of 08 (F9): 06's interim line for a cell the sources leave undetermined
    until = (
        f" Until that table is read, plan it with the prescriber as {interim}, the higher of the categories "
        "the sources read give (as 06's planner does): the course's reading, not the guideline's."
        if interim
        else ""
    )
    return choice(
        f"A {case.region} {PROCEDURE[case.target]} in a patient on {case.drug}: which bleeding-risk category "
        "does 06's planner give it, from the sources read for the course?",
        right,
        [f"{c}{every}" for c in anticoagulants.CATEGORY_ORDER if c != found.category],
        f"{found.lines()[0]}{until} The category frames the decision; it does not make it.{not_a_stop} "
        "Whether "
        f"{case.drug} is stopped at all, and for how long, is the prescriber's decision, taken with the "
        "proceduralist and the patient.",
        found.source_id,
    )


def _noac(case: Case) -> bool:
    return (case.drug or "") in anticoagulants.noac_drugs()


def renal_half_lives(drug: str) -> tuple[float, float, str] | None:
    """(half-life with the best creatinine clearance, the longest half-life with a reduced one, in hours;
    their source ids) of ``drug`` from 06's table of half-lives by creatinine clearance; None where the
    table has no row for the drug."""
    table = anticoagulants.renal_half_life_table()
    rows = table[table["drug"] == drug]
    if rows.empty:
        return None
    best = rows.loc[rows["crcl_low"].fillna(-1).idxmax()]
    return (
        float(best["half_life_hours"]),
        float(rows["half_life_hours"].max()),
        ";".join(dict.fromkeys(rows["source_id"])),
    )


def _stop_hours(case: Case) -> str:
    """Background for the feedback: the summary's count of half-lives worked out with 06's half-lives at the
    best and at a reduced creatinine clearance (hours and days), or empty where none were read."""
    found = renal_half_lives(case.drug or "")
    if found is None:
        return ""
    n = anticoagulants.noac_stop_half_lives()
    normal, reduced = n * found[0], n * found[1]
    return (
        f" Worked out as background only: {n:g} x {found[0]:g} h = {normal:g} h, about {normal / 24:.1f} "
        f"days, with normal kidney function; up to {n:g} x {found[1]:g} h = {reduced:g} h, about "
        f"{reduced / 24:.1f} days, when creatinine clearance is reduced."
    )


def interval_answer(case: Case) -> str:
    """The interval as 06's table gives it; for a newer oral anticoagulant, no hours (the guideline's per-drug
    row was not read and the sources read differ): check the creatinine clearance and take the interval from
    the guideline's row for the procedure's bleeding risk with the prescriber; otherwise where the interval
    comes from."""
    advice = anticoagulants.drug_advice(case.drug or "")
    if _noac(case):
        return (
            "check his creatinine clearance, then take the stop and restart intervals from the guideline's "
            f"{case.drug} row for this procedure's bleeding risk, agreed with the prescriber (the course "
            "could not read that row, and the sources it read give different hours)"
        )
    if anticoagulants.SEE_TABLE in advice.advice:
        return (
            "from the guideline's own table for this procedure's risk, agreed with the prescriber (the "
            "course could not read the row)"
        )
    return advice.advice


def _renal_distractor(case: Case) -> list[str]:
    """A wrong option that counts half-lives with normal kidney function whatever the clearance."""
    found = renal_half_lives(case.drug or "") if _noac(case) else None
    if found is None:
        return []
    n = anticoagulants.noac_stop_half_lives()
    return [
        f"stop {n:g} x {found[0]:g} h = {n * found[0]:g} h before, whatever his kidney function, and "
        "restart the same evening"
    ]


def interval(case: Case) -> Question:
    advice = anticoagulants.drug_advice(case.drug or "")
    timing = anticoagulants.timing_table()
    class_wide = f" {anticoagulants.noac_timing_text()}" if _noac(case) else ""
    renal = (
        f" {anticoagulants.renal_caution_text()}" if renal_half_lives(case.drug or "") and _noac(case) else ""
    )
    found = renal_half_lives(case.drug or "") if _noac(case) else None
    hours = _stop_hours(case) if found else ""
    last_dose = f" {anticoagulants.last_dose_text(case.drug or '')}" if found else ""
    return choice(
        f"When should {case.drug} be stopped before the block, and restarted after it?",
        interval_answer(case),
        [
            "the day before, as for every anticoagulant, decided by the proceduralist alone",
            f"never: {case.drug} never needs stopping for any facet procedure",
            *_renal_distractor(case),
        ],
        # review s17 of 08 F7: the one-line answer first, then the detail
        f"Answer: {interval_answer(case)}. "
        f"{advice.drug} ({advice.drug_class}): {advice.advice}.{class_wide}{renal}{hours}{last_dose} "
        f"{planner(case).prescriber_note}",
        sources(
            advice.source_id,
            *(str(timing.loc[row, "source_id"]) for row in timing.index if _noac(case)),
            found[2] if found else "",
            planner(case).source_id,
        ),
    )


def prescriber(case: Case) -> Question:
    found = planner(case)
    return choice(
        f"Who decides whether {case.drug} is stopped and restarted?",
        "the prescriber of the drug, with the proceduralist and the patient",
        ["the proceduralist alone", "the patient alone"],
        found.prescriber_note,
        found.source_id,
    )
