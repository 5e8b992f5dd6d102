"""Questions on local anaesthetic systemic toxicity in the cases, each computed by 06's toxicity tables
(routes, onset, the checklist and its lipid doses) and the rule set's dose sums."""

from __future__ import annotations

from ...core import citations
from ...core.selfcheck import NumericQuestion, Question
from ...models import last
from ...models.cases import Case
from ...safety import check_procedure
from .common import choice, numeric, sources
from .drugs import plan_check, plan_text


def not_last(case: Case) -> Question:
    vein = last.scenario("vein")
    return choice(
        "He has none of the early signs of local anaesthetic toxicity. Does that rule it out?",
        f"no: {vein['atypical']}",
        [
            "yes: toxicity always starts with numb lips or a metallic taste",
            "yes: a medial branch block's dose is too small ever to cause it",
        ],
        f"Classic sequence: {vein['classic']}. But {vein['atypical']}.",
        str(vein["source_id"]),
    )


def dose_given(case: Case) -> tuple[str, str]:
    """What the case's plan gave, added up by the rule set, and what that dose makes of toxicity (sentence,
    sources); empty for a case without a plan. The figures are the rule set's, never typed."""
    if not case.plan:
        return "", ""
    check = plan_check(case)
    artery = last.scenario("artery in the neck")
    each = "; ".join(
        f"{d.drug} {d.total_mg:g} mg = {100 * d.fraction_of_governing:.0f}% of {d.governing.limit_mg:g} mg"
        for d in check.doses
    )
    return (
        # review s12 of 08 (F7): the route first (onset within minutes points to a vessel), the total second
        " Signs that start within minutes of an injection point to an injection into a vessel (possible, "
        "not proven), and there the session total against the maximum does not protect: what matters is the "
        "dose that entered the vessel (here at most one block needle's, "
        f"{_one_needle(case)}, or part of the skin infiltration), which reaches the "
        "heart and brain after dilution in the circulation from a vein; into an artery to the brain, in the "
        f"neck, {artery['classic']} is reported (the brain receives it undiluted). So keep "
        f"LAST first and treat it. Add up what was given ({plan_text(case)}): {each}; together "
        f"{100 * check.total_fraction_of_governing_max:.0f}% of the governing maxima, which the rule set "
        f"calls {check.verdict} at {case.weight_kg:g} kg: that makes absorption from tissue an unlikely "
        "route, not toxicity unlikely. Check the total really given.",
        sources(*(d.governing.source_id for d in check.doses), str(artery["source_id"])),
    )


def _one_needle(case: Case) -> str:
    """What one needle of the case's plan gave (no skin infiltration), added up by the rule set."""
    one = check_procedure(
        weight_kg=case.weight_kg,
        region=case.region,
        target=case.target,
        purpose=case.purpose,
        n_sites=1,
        per_site=case.plan["per_site"],  # type: ignore[arg-type]
        skin=[],
        contrast_ml_per_site=case.plan["contrast_ml_per_site"],  # type: ignore[arg-type]
    )
    return "; ".join(f"{d.drug} {d.total_mg:g} mg" for d in one.doses)


def last_recognise(case: Case) -> Question:
    """Toxicity, by any of 06's routes (into a vein, into an artery, absorption from tissue), named in the
    answer; each route's mechanism in the feedback, and, where the case gives its doses, the total added up
    by the rule set."""
    given, given_ids = dose_given(case)
    vein = last.scenario("vein")
    routes = [last.scenario(name) for name in last.SCENARIOS]
    return choice(
        "What is happening?",
        "local anaesthetic systemic toxicity (intravascular injection or absorption from tissue), until "
        "proven otherwise",
        ["a vasovagal reaction", "anxiety; reassure him and carry on"],
        f"Classic: {vein['classic']}. The routes: "
        + "; ".join(f"{r.name}: {r['route']}" for r in routes)
        + ". After an injection into a vein it can start at once, within seconds to a few minutes "
        f"(bupivacaine label); across all routes together, {vein['timing']}. Anxiety or hyperventilation "
        "can look similar, but with numb lips and a metallic taste after a block, treat it as toxicity."
        + given,
        sources(
            *(str(r["source_id"]) for r in routes), citations.source("intravascular_onset_label"), given_ids
        ),
    )


def last_onset(case: Case) -> Question:
    """When toxicity begins after an injection straight into a vein: at once (the bupivacaine label), with
    06's table's all-routes timing and its later onset after absorption from tissue in the feedback."""
    vein, tissue = last.scenario("vein"), last.scenario("absorption from tissue")
    window = last.onset_window_min("absorption from tissue")
    if window is None:
        raise ValueError("data/last_signs.csv gives no onset for 'absorption from tissue'")
    return choice(
        "After an injection straight into a vein, when does toxicity typically begin?",
        "at once: within seconds to a few minutes, even during the injection",
        [
            f"only after {window[0]:g} to {window[1]:g} minutes, once the blood level has risen",
            "not before the patient has left the procedure room",
        ],
        "The bupivacaine label: an accidental intravascular injection may cause toxic reactions at once, "
        "within seconds to a few minutes; after an overdose absorbed from tissue they come later "
        f"(06's table: {tissue['timing']}). Across all routes together, {vein['timing']}. Keep watching "
        "after the block.",
        sources(citations.source("intravascular_onset_label"), str(tissue["source_id"])),
    )


def last_first(case: Case) -> Question:
    """The checklist's next step once the injection is over (its first step, stop injecting, is done); the
    feedback gives airway, seizure control and lipid as parallel tasks once help is called (lipid at the
    first sign of a serious event, not after the others) and the monitoring times of 06's last step."""
    steps = last.treatment_steps()
    first, second = steps[0], steps[1]
    together = steps[2:5]
    cardio, watch = steps[5], steps[6]
    return choice(
        f"His injection is already over, so the checklist's first step ('{first[1].lower()}') is done. What "
        "comes next?",
        second[1],
        [s[1] for s in steps[3:6]],
        # review s17 of 08 F7: the one-line answer first, then the detail
        f"Answer: {second[1][0].lower()}{second[1][1:].rstrip('.')}. "
        f"The checklist: {first[1].lower()}, then {second[1].lower()}. {second[2]} Once help is called, "
        "these run at the same time, not one after another: "
        + "; ".join(f"{t.lower()} ({d[0].lower()}{d[1:].split(':')[0].rstrip('.')})" for _, t, d in together)
        + ". He has no seizure, arrhythmia or collapse yet, so the lipid comes with the rescue kit and is "
        f"given at the first such sign. If his pressure falls, his heart slows or he loses his pulse: "
        f"{cardio[1][0].lower()}{cardio[1][1:]}. {cardio[2]} {watch[1]}: {watch[2]}",
        sources(*(str(r) for r in last.treatment_table()["source_id"])),
    )


def lipid_text(weight_kg: float) -> str:
    """The checklist's lipid doses in one sentence for a patient of ``weight_kg`` (kg), every figure from 06's
    lipid table and 06's ``lipid_plan``: both weight bands, the infusion, the upper limit."""
    plan = last.lipid_plan(weight_kg)
    table = last.lipid_table()
    band_kg = float(table.loc["band_limit", "value_low"])
    small, small_rate = table.loc["bolus_70_or_less"], table.loc["infusion_70_or_less"]
    big, big_run = table.loc["bolus_over_70"], table.loc["infusion_over_70"]
    limit = table.loc["upper_limit"]
    low, high = plan.bolus_over_min
    per_kg = weight_kg < band_kg  # 70 kg itself is in the fixed band (06's lipid_plan)
    his = (
        f"for this patient {plan.bolus_ml:g} mL, then {plan.infusion_text.split(' (')[0]}"
        if per_kg
        else f"for this patient the fixed {plan.bolus_ml:g} mL"
    )
    # review s17 of 08 F3: one upper-limit rule in 06 and 08, 06's lipid_plan; no arithmetic of its own here
    cap = (
        f"about {limit['value_low']:g} mL/kg: upper limit {plan.upper_limit_ml:g} mL for this patient "
        f"({plan.limit_text()}, as in notebook 06)"
    )
    return (
        f"The checklist: under {band_kg:g} kg a bolus of {small['value_low']:g} mL/kg over "
        f"{low:g}-{high:g} min, then {small_rate['value_low']:g} mL/kg/min (per kg of body weight in "
        "Medscape's summary, of lean body weight in an ASRA newsletter: the sources differ; body weight "
        "gives "
        f"the larger figure); from {band_kg:g} kg a fixed {big['value_low']:g} mL over "
        f"{big['over_min_low']:g}-{big['over_min_high']:g} min, then {big_run['value_low']:g}-"
        f"{big_run['value_high']:g} mL over {big_run['over_min_low']:g}-{big_run['over_min_high']:g} min; "
        f"{his}. The upper limit over the first 30 minutes is {cap}; it limits the first doses, it is not a "
        "reason to stop lipid in an ongoing arrest."
    )


def lipid_bolus(case: Case) -> NumericQuestion:
    plan = last.lipid_plan(case.weight_kg)
    band_kg = float(last.lipid_table().loc["band_limit", "value_low"])
    # review s17 of 08 F2: the prompt states which weight and why (the sources differ on the kg)
    weight = (
        " per kg of his body weight, as Medscape's summary of the 2020 checklist gives it (his lean body "
        "weight is not known, so the lean-weight reading of an ASRA newsletter cannot be worked out)"
        if case.weight_kg < band_kg
        else ""
    )
    return numeric(
        "lipid_bolus",
        f"If toxicity becomes serious, what bolus of 20% lipid emulsion does the checklist give for this "
        f"{case.weight_kg:g} kg patient{weight}?",
        "mL",
        plan.bolus_ml,
        # review s17 of 08 F7: the one-line answer first, then the detail
        f"Answer: {plan.bolus_ml:g} mL over {plan.bolus_over_min[0]:g}-{plan.bolus_over_min[1]:g} min. "
        + lipid_text(case.weight_kg),
        plan.source_id,
    )
