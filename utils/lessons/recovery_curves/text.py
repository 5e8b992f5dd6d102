"""05's clinical prose in one place: patient talk, misconceptions, the self-check, key references, and the
sentences the figures and readouts reuse. Every number is formatted from ``data/`` through the models;
every label comes from the one citation module (:mod:`facet_course.core.citations`).
"""

from __future__ import annotations

import re

from ...core import citations
from ...core.selfcheck import Question
from ...models import aftercare, pain_diary, recovery, systemic_effects
from .common import drawn_steroids, first_source

SLUG = "recovery_curves"


# -- sentences the figures and readouts reuse --------------------------------------------------------------
def steroid_proxy_note() -> str:
    """Where the steroid curve's timing comes from (notebook 04's table), for figures and readouts."""
    proxies = citations.author_year(citations.source("steroid_timing_knee_proxies"))
    left_out = drawn_steroids()[1]
    return (
        "HYPOTHETICAL steroid time course: onset from the blood-glucose peak after a knee injection, peak "
        f"and duration from knee osteoarthritis trials ({proxies}); not measured in facet joints. It is the "
        "same curve for every depot steroid offered (no facet data compare steroids; label repeat intervals "
        "are not durations), and its size is invented too: drawn as the full effect to show when a steroid "
        "could act, not how much"
        + (
            f". Left out: {', '.join(left_out)}, which notebook 04's own time-course rows give an earlier "
            "peak (label: rapid onset, short duration), so the depot curve would misdraw it"
            if left_out
            else ""
        )
    )


def saline_response_text() -> str:
    """The saline response as an estimate: Schwarzer 1995's point estimate with its 95% CI (saline into the
    paraspinal muscles), beside Carette 1991's intra-articular saline arm at one month (percent)."""
    saline, carette = recovery.placebo_response(), recovery.outcome("carette_1m_saline")
    return (
        f"about a third: {saline['value_pct']:g}% (95% CI {saline['ci_low_pct']:g}-"
        f"{saline['ci_high_pct']:g}%) had more than 50% relief after saline into the paraspinal muscles "
        f"({citations.author_year(saline['source_id'])}), and {carette['value']:g}% were markedly improved "
        "at one month after intra-articular saline "
        f"({citations.author_year(first_source(carette['source_id']))})"
    )


def _prolonged_patient_text() -> str:
    """Barnsley 1993's prolonged responses in words for a patient (review s18 of 05, F4): the counts only;
    the denominator caveat stays in the resident's text (:func:`_prolonged_text`)."""
    row = recovery.outcome("barnsley1993_prolonged")
    return (
        f"in one neck study {row['note'].split(' of ')[0]} of the {row['n']:g} patients had relief lasting "
        f"longer than expected ({citations.author_year(row['source_id'])})"
    )


def _prolonged_text() -> str:
    """The one wording of Barnsley 1993's prolonged responses, used everywhere in 05: 'a subgroup of 13
    patients (28%, more than 1 in 4, if counted among all 47 studied: the abstract does not give the
    subgroup's denominator) with neck pain after whiplash had unexpectedly prolonged responses ...'."""
    row = recovery.outcome("barnsley1993_prolonged")
    return (
        f"a subgroup of {row['note'].split(' of ')[0]} patients ({row['value']:g}%, "
        f"{pain_diary.one_in_text(row['value'])}, if counted among all {row['n']:g} studied: the abstract "
        "does not give the subgroup's denominator) with neck "
        "pain after whiplash had unexpectedly prolonged responses to one or both anaesthetics in "
        f"comparative {row['region']} medial branch blocks; the abstract gives no duration "
        f"({citations.author_year(row['source_id'])})"
    )


def _placebo_clue_text() -> str:
    """The cervical guideline's reading of Holz and Sehgal 2016 (its Table 17), numbers from data/."""
    row = recovery.outcome("holz2016_lidocaine_complete_8h")
    return (
        f"in {row['n']:g} patients with positive comparative cervical blocks, relief after radiofrequency "
        f"denervation was highest in those with complete relief lasting more than {row['value']:g} hours "
        "after lidocaine, which the cervical guideline reads as suggesting a strong placebo response, and "
        "neither the percent nor the duration of block relief predicted the denervation result "
        f"(Holz and Sehgal 2016, as summarised in {citations.author_year(row['source_id'])}; the study "
        "itself not read)"
    )


def average_label(
    anaesthetic: str, injection: str = "intra-articular", steroid: str = recovery.NO_DRUG
) -> str:
    """The legend label of the middle curve: MODEL OUTPUT for the example patient, with the trial figures its
    non-specific relief is calibrated to; never a measured average."""
    if recovery.steroid_only_arm(anaesthetic, steroid, injection):
        row = recovery.outcome("barnsley_median_steroid")
        return (
            f"model, this example patient ({citations.author_year(row['source_id'])} steroid arm, median "
            f"{row['value']:g} days; not a mean)"
        )
    if anaesthetic == recovery.NO_DRUG:
        saline = recovery.placebo_response()
        share = 100 * recovery.placebo_response_fraction()
        return (
            f"model, this example patient (non-specific relief in {share:g}%, saline, "
            f"{citations.author_year(saline['source_id'])}; not a mean)"
        )
    barnsley = citations.author_year(recovery.outcome("barnsley_median_bupivacaine")["source_id"])
    if injection == "medial branch block":
        row = recovery.outcome("barnsley1993_prolonged")
        return (
            f"model, this example patient (prolonged relief in {row['value']:g}%, "
            f"{citations.author_year(row['source_id'])}; not a mean)"
        )
    return f"model, this example patient (fitted to {barnsley}'s anaesthetic arm; not a mean)"


def model_curve_text(
    anaesthetic: str, injection: str = "intra-articular", steroid: str = recovery.NO_DRUG
) -> str:
    """What the middle curve is, for the readout and the text: model output for the example patient, the two
    trial figures its non-specific relief is fitted to, and what Barnsley's median measures."""
    arm, month = recovery.outcome("barnsley_median_bupivacaine"), recovery.outcome("barnsley_beyond_1m")
    barnsley = citations.author_year(arm["source_id"])
    fitted = (
        "model output for this example patient, not a measured average (the trials read here report no "
        f"mean pain curve over time): its non-specific relief is fitted to two figures of {barnsley} "
        f"(cervical, after whiplash, one intra-articular injection): the median of the {arm['arm']} arm, "
        f"{arm['value']:g} days to return "
        f"of pain, and fewer than {month['value']:g}% of both arms relieved beyond one month. {barnsley}'s "
        "median is the time until pain returned "
        "to 50% of its pre-injection level, not a mean pain curve"
    )
    if recovery.steroid_only_arm(anaesthetic, steroid, injection):
        steroid_arm = recovery.outcome("barnsley_median_steroid")
        return (
            f"{fitted}. With a steroid and no anaesthetic into the joint the model follows {barnsley}'s "
            f"{steroid_arm['arm']} arm (no local anaesthetic), whose median was {steroid_arm['value']:g} "
            "days to the return of half the pain. That trial timed only the return of pain, so when relief "
            "starts after a steroid alone is unknown: the model gives relief at once only to the "
            f"saline-response share ({100 * recovery.placebo_response_fraction():g}%, borrowed) and lets "
            "the rest start with the hypothetical steroid onset (a knee proxy for absorption, not a "
            "measured onset)"
        )
    if anaesthetic == recovery.NO_DRUG:
        return (
            f"{fitted}. With no anaesthetic the model gives non-specific relief to "
            f"{100 * recovery.placebo_response_fraction():g}% of patients: {saline_response_text()}"
        )
    if injection == "medial branch block":
        return (
            f"{fitted}. That trial injected into the joint; after a diagnostic medial branch block the model "
            f"gives this relief only to the share with prolonged relief: {_prolonged_text()}. That study "
            "gives no time course for it, so the intra-articular time course is borrowed "
            f"({recovery.assumption('mbb_nonspecific_time_course')['kind']}, "
            "data/recovery_model_assumptions). In the rest pain is back when the anaesthetic wears off, so "
            "bupivacaine relief outlasts lidocaine relief"
        )
    return (
        f"{fitted}. It is for an intra-articular injection; lidocaine into the joint was not measured, so "
        "the model gives every anaesthetic the same tail once the block has worn off"
    )


def example_patient_text(block_relief_percent: float) -> str:
    """The figure's label for whom the curves show: an example responder, and the measured mean beside it."""
    measured = recovery.outcome("plastaras_pain_after")
    return (
        f"example patient: a {block_relief_percent:g}% responder, not the average\n"
        "(measured mean just after "
        f"IA injections {measured['value']:g}/10, {citations.author_year(measured['source_id'])})"
    )


def carette_what_if() -> str:
    """'a what-if: Carette 1991's 42% vs 33% improved at one month, a difference that was not significant'."""
    cs, cp = recovery.outcome("carette_1m_steroid"), recovery.outcome("carette_1m_saline")
    return (
        f"a what-if: {citations.author_year(first_source(cs['source_id']))}'s {cs['value']:g}% vs "
        f"{cp['value']:g}% with marked improvement at one month (steroid vs saline), a difference that "
        "was not significant"
    )


def reading_rules() -> str:
    """The diary reader's own rules, with the numbers it uses from data/ (each a COURSE ASSUMPTION)."""
    d = pain_diary
    lido, bupi = "lidocaine", "bupivacaine"
    sentences = [
        "Baseline: the last score before the injection; earlier scores more than "
        f"{d.baseline_disagreement_points():g} point away, or a baseline written more than "
        f"{d.baseline_max_age_hours():g} h before the injection, give a caution (COURSE ASSUMPTIONS).",
        "A score at exactly 0 h is refused as ambiguous unless the reader is told it was before or after.",
        f"Baseline below {d.min_baseline_pain():g}/10: not interpretable (COURSE ASSUMPTION: one point is "
        "then too large a share of the baseline).",
        "The guidelines set only the cut-off. The course adds an onset window (COURSE ASSUMPTION, not the "
        "guidelines'): relief must reach the cut-off (onset interpolated between entries) by the "
        f"anaesthetic's latest published onset plus {d.onset_margin_hours():g} h, i.e. by "
        f"{d.clock_text(d.onset_limit_hours(lido))} for lidocaine and "
        f"{d.clock_text(d.onset_limit_hours(bupi))} for "
        "bupivacaine. The margin allows for relief written down late, so the onset is never interpolated "
        "back past an entry with no relief written after the drug's latest published onset: relief first "
        "seen after such an entry is late for the drug (a caution when it is still in the window). Relief "
        "that starts later is reported apart: when it starts within the drug's published duration the "
        "block is not confirmed (late onset), never negative.",
        "Duration: from the onset of relief to its end, at the region's own cut-off, over observed entries "
        "only, except the onset: it is interpolated between the score before relief (or the injection) and "
        "the first relieved entry, so it can fall before that entry (COURSE ASSUMPTION); entries more than "
        f"{d.max_gap_hours():g} h apart are not bridged (COURSE ASSUMPTION), so "
        "relief before such a gap, like relief still present when the diary ends, lasted 'at least' that "
        "long. An end seen between two entries is given as that interval (from the last relieved entry to "
        "the first without relief): a sparse diary cannot time it more closely.",
        "The guidelines' criteria set no duration, so relief at two or more entries gone "
        f"by an entry less than {d.short_relief_fraction():g} x the lower end of the drug's published "
        f"duration in peripheral nerve blocks after its onset ({d.short_relief_hours(lido):g} h for "
        f"lidocaine, {d.short_relief_hours(bupi):g} h for bupivacaine) reads 'positive, relief shorter than "
        "the drug acts (consider a comparative block)', never negative (COURSE ASSUMPTION). So two relieved "
        "entries minutes apart read this qualified positive where one entry reads not confirmed (COURSE "
        "RULES; unless all of them lie in the first minutes, below): the extra entry is more evidence, and "
        "the verdict still carries the doubt.",
        "Not confirmed, neither positive nor negative (one COURSE RULE, the same at every time): relief seen "
        "at a single entry that had surely ended, by the next entry, sooner than that same duration "
        f"({d.short_relief_hours(lido):g} h for lidocaine), because one short reading cannot show relief "
        "consistent with the drug and may be a passing change (Barnsley 1993 took longer relief with "
        "bupivacaine as the true-positive response and found durations consistent with the drugs, a result, "
        "not this rule); "
        "also relief at a single entry whose end the diary does not show (it stops, or has a gap, after "
        f"it), and relief written only within {60 * d.skin_anaesthetic_hours():g} min that was seen to end "
        "as soon (the next entry shows the pain back sooner than that same duration after its onset) or "
        "whose end is unseen, possibly the skin and needle-track anaesthetic (COURSE ASSUMPTION): a diary "
        "that stops after one relieved entry never reads stronger than one whose next entry shows the pain "
        "back. Relief that may have lasted longer (the next entry comes later) reads 'positive on a single "
        "reading' on one entry and 'positive' on two or more, whether it was first seen at 15 minutes or "
        "at 1 hour: that early the block is expected to act (the drugs' published onset, notebook 04), so "
        "early relief is never read weaker than the same relief seen later.",
        "Comparative blocks: bupivacaine relief must last more than "
        f"{d.comparative_longer_hours():g} h longer (COURSE ASSUMPTION); a block that is not interpretable "
        "or not confirmed leaves the pair not confirmed, a duration that is only a lower bound and could "
        "change the comparison makes the pair not interpretable, and bupivacaine relief longer by less than "
        "the margin is 'not concordant by the course margin' (Barnsley 1993's abstract states no margin).",
    ]
    return "\n\n".join(sentences)  # one printed paragraph per rule: a slide can split between them


def diary_procedure() -> str:
    """How the diary is kept, as Markdown: activities while the anaesthetic acts, no routine sedation (the
    lumbar guideline's practice advice), the times from the reader's schedule (hours)."""
    guideline = citations.author_year(citations.source("lumbar_guideline"))
    times = ", ".join(f"{h:g}" for h in pain_diary.DIARY_HOURS if 0 < h <= 4)
    return (
        "**Keeping the diary.** Before the block, agree with the patient to do the usual activities and "
        "movements that provoke their pain while the anaesthetic is acting, and to score the pain then "
        f"(the examples here ask at {times} h, and later); relief felt at rest alone says little about the "
        "joint (course advice). Give no routine sedation: relief felt under sedation need not come from "
        f"the block, a false positive (practice advice of the lumbar guideline, {guideline}: "
        "sedation 'not routinely'). Note any extra analgesic taken in the diary."
    )


# -- 5. what to tell a patient -------------------------------------------------------------------------------
#: The script's when-to-call tiers, most urgent first, each with the rows of notebook 07's table it holds.
WHEN_TO_CALL_TIERS: tuple[str, ...] = (
    f"{aftercare.AMBULANCE} (to the emergency department)",
    "go to the emergency department",
    "call the clinic",
)


def when_to_call_tier(action: str, ambulance: bool) -> str:
    """The script's instruction for one row of notebook 07's when-to-call table (its ``action`` and
    ``ambulance``), one of :data:`WHEN_TO_CALL_TIERS`; ValueError for an action the table does not use."""
    return WHEN_TO_CALL_TIERS[::-1][aftercare.triage_rank(action, bool(ambulance))]


def _when_to_call_line() -> str:
    """Every warning sign of notebook 07's sourced when-to-call table (data/aftercare_when_to_call, through
    its model), grouped under the same instruction as there, so the script and 07's leaflet cannot drift
    apart (review s12 of 05, major 1: fever with a stiff neck had been sent to the clinic)."""
    table = aftercare.when_to_call(None)
    conflicts = aftercare.triage_conflicts(table)
    if conflicts:
        raise ValueError(f"the script would give one sign two instructions: {'; '.join(conflicts)}")
    tiers = [when_to_call_tier(a, b) for a, b in zip(table["action"], table["ambulance"], strict=True)]
    lines = [
        "- **When to call (red flags; every sign of notebook 07's when-to-call table, with the same "
        "instruction; 07 gives the source of each):**"
    ]
    for tier in WHEN_TO_CALL_TIERS:
        signs = [sign for sign, t in zip(table["sign"], tiers, strict=True) if t == tier]
        if signs:
            lines.append(f"  - *{tier[0].upper()}{tier[1:]}:* {'; '.join(signs)}.")
    return "\n".join(lines)


def _glucose_line() -> str:
    """What a patient with diabetes is told after a steroid, from notebook 04's systemic-effects table."""
    knee = systemic_effects.systemic_effect("glucose_knee_habib")
    return (
        f"- **If they have diabetes and receive a steroid:** check blood glucose more often for at least "
        f"{aftercare.glucose_days():g} days (the longest rise, {aftercare.glucose_rise_days():g} days, or "
        f"the latest peak, {aftercare.glucose_peak_hours():g} hours after the injection, whichever is later, "
        "in whole days), and until readings are back to the patient's usual. "
        f"After {knee['dose_mg']:g} mg {knee['drug']} into the knee in "
        f"{knee['n']:g} {knee['population']}: {knee['finding']} ({citations.author_year(knee['source_id'])}; "
        "knee data, no facet joint study read here; notebook 07 has the advice sheet)."
    )


def _ci_text(note: str) -> str:
    """The '95% CI a-b%' a recovery_outcomes note quotes from its abstract ('' when it quotes none)."""
    found = re.search(r"95% CI [0-9.]+-[0-9.]+%", note)
    return found.group(0) if found else ""


def _kennedy_text() -> str:
    """Kennedy 2019 (and its smaller 2018 forerunner): steroid vs saline into block-confirmed lumbar
    joints."""
    o = recovery.outcomes()
    ks, kp = o.loc["kennedy2019_rfa_steroid"], o.loc["kennedy2019_rfa_saline"]
    ws, wp = o.loc["kennedy2019_weeks_to_rfa_steroid"], o.loc["kennedy2019_weeks_to_rfa_saline"]
    es, ep = o.loc["kennedy2018_rfn_steroid"], o.loc["kennedy2018_rfn_saline"]
    return (
        "In low-back patients whose pain two medial branch blocks had confirmed, about as many went on to "
        f"need radiofrequency denervation after steroid into the joint ({ks['value']:g}%) as after saline "
        f"({kp['value']:g}%), and as soon (mean {ws['value']:.2f} vs {wp['value']:.2f} weeks; "
        f"{citations.author_year(ks['source_id'])}); an earlier, smaller trial by the same group "
        f"({es['note'].split(' subjects')[0]} patients) found no significant difference, though more went "
        f"on to radiofrequency after steroid ({es['value']:g}%, {_ci_text(es['note'])}) than after saline "
        f"({ep['value']:g}%, {_ci_text(ep['note'])}): the confidence intervals are wide "
        f"({citations.author_year(es['source_id'])})."
    )


def _denervation_pointer() -> str:
    """Recovery after radiofrequency denervation, which this notebook does not model: the one placebo-
    controlled trial's median time to the return of half the pain (days, notebook 07's data), and what the
    course has no data for (review s15 of 05, gap 1)."""
    rf, sham = aftercare.rf_outcome("lord_median_rf"), aftercare.rf_outcome("lord_median_sham")
    return (
        "Recovery after denervation is a different course, not modelled here: in a placebo-controlled "
        f"{rf['region']} trial in patients selected by placebo-controlled blocks, half the pain returned "
        "after a median of "
        f"{rf['value']:g} {rf['unit']} after denervation and {sham['value']:g} after the sham procedure "
        f"({citations.author_year(rf['source_id'])}); notebook 07 gives the other trials. The course has no "
        "data on when relief starts after denervation or on the neuritis of the first weeks."
    )


def patient_talk() -> str:
    """What to tell a patient before the injection, as Markdown, numbers from data/."""
    o = recovery.outcomes()
    la = ", ".join(a for a in recovery.anaesthetic_names() if a != recovery.NO_DRUG)
    flare, sore = o.loc["plastaras_pain_exacerbation"], o.loc["plastaras_site_soreness"]
    start, end = recovery.flare_window_hours()
    ms, mb = o.loc["manchikanti_2y_steroid"], o.loc["manchikanti_2y_bupivacaine"]
    treatments = o.loc["manchikanti_treatments"]
    carette = first_source(o.loc["carette_1m_steroid", "source_id"])
    barnsley = o.loc["barnsley_median_steroid", "source_id"]
    return "\n".join(
        [
            f"- **Today:** the local anaesthetic ({la}) may numb the pain within minutes and wears off "
            "within hours; keep the diary from before the injection, because how much and how long the pain "
            "eases is the result of a diagnostic block. After a diagnostic medial branch block, pain coming "
            "back as the anaesthetic wears off (often that evening) is expected; relief lasting much longer "
            f"is the minority: {_prolonged_patient_text()}. After a single intra-articular injection of "
            "either bupivacaine or betamethasone alone (no anaesthetic in the steroid arm), half the "
            "patients in the neck trial still had relief at about "
            f"{o.loc['barnsley_median_steroid', 'value']:g}-"
            f"{o.loc['barnsley_median_bupivacaine', 'value']:g} days ({citations.short(barnsley)}). For the "
            "day itself (an adult to take them home, no driving that day, numbness while the anaesthetic "
            "lasts), give the aftercare advice of notebook 07.",
            "- **The next days:** after intra-articular injections, about "
            f"{round(sore['value']):g} in 100 had a sore injection site, about "
            f"{round(flare['value']):g} in 100 more pain and about "
            f"{round(o.loc['plastaras_sleeplessness', 'value']):g} in 100 sleeplessness when asked "
            f"{start / recovery.HOURS_PER_DAY:g}-{end / recovery.HOURS_PER_DAY:g} days later (per "
            f"procedure, {int(flare['n'])} procedures followed up; {citations.short(flare['source_id'])}).",
            "- **Whether the steroid helps:** in the neck trial, relief did not last longer with it "
            f"(Barnsley: median {o.loc['barnsley_median_steroid', 'value']:g} vs "
            f"{o.loc['barnsley_median_bupivacaine', 'value']:g} days); in the low-back trial it was not more "
            "common at one and three months (below); only those two times were read for this course, so do "
            "not say it never helps for longer. "
            f"{_kennedy_text()} "
            f"In {citations.author_year(ms['source_id'])}, patients chosen because controlled comparative "
            "blocks had worked had medial branch blocks repeated "
            f"about {treatments['value']:g}-{treatments['value_high']:g} times over two years; success "
            f"({ms['quantity']}) was similar with steroid ({ms['value']:g}%) and without "
            f"({mb['value']:g}%). There was no placebo group, so this does not show what one injection does.",
            f"- **How long:** it depends on the region. Low back ({citations.short(carette)}, one "
            f"intra-articular injection): {o.loc['carette_1m_steroid', 'value']:g} in 100 after steroid and "
            f"{o.loc['carette_1m_saline', 'value']:g} in 100 after saline were much better at one month, not "
            "a significant difference (also none at three months). "
            f"Neck ({citations.short(barnsley)}, after whiplash): fewer than "
            f"{o.loc['barnsley_beyond_1m', 'value']:g} in 100 still had relief after a month, steroid or "
            "not. "
            "Longer relief happens in some; say so rather than promise 'weeks or months'.",
            _when_to_call_line(),
            _glucose_line(),
            "- **What it is for:** the block answers a question (is this joint the source?), which decides "
            "the next step, such as radiofrequency denervation; it is rarely a cure on its own. "
            f"{_denervation_pointer()}",
        ]
    )


# -- 6. misconceptions ---------------------------------------------------------------------------------------
def misconceptions() -> str:
    """Misconceptions from leaflets and practice, each corrected with its source, as Markdown."""
    claims = recovery.leaflet_claims()
    o = recovery.outcomes()
    lines = []
    for _, row in claims[claims["verdict"] != "supported"].iterrows():
        evidence = "; ".join(_evidence(i) for i in row["evidence"].split(";") if i.strip())
        lines.append(
            f"- *Leaflet:* “{row['claim']}” ({citations.author_year(row['source_id'])}). "
            f"**Trials: {row['verdict']}.** {row['correction']} ({evidence})."
        )
    by_region = "; ".join(
        f"{r['region']}: {recovery.cutoff_text(r['region'])} "
        f"({citations.author_year(first_source(r['source_id']))})"
        for _, r in recovery.block_criteria().iterrows()
    )
    lines.append(
        "- *“A block is positive at the same cut-off in the neck and in the low back.”* **Not quite:** "
        f"{by_region}. Read literally, exactly half the pain gone passes the lumbar wording and not the "
        "cervical one; neither guideline discusses a patient at exactly half, which whole-number scores make "
        "common (the diary reader calls it borderline), and the lumbar guideline allows lower cut-offs in "
        "certain circumstances. Report the percentage and use judgement, not just 'positive'."
    )
    lines.append(
        f"- *“Relief that outlasts the anaesthetic proves a placebo response.”* **No:** it is a minority but "
        f"not rare: {_prolonged_text()}; comparative "
        "blocks with a short- and a long-acting anaesthetic are the check (concordant when bupivacaine "
        f"relief lasts longer, as in {o.loc['barnsley1993_bupivacaine_longer', 'note']}). But it should "
        f"raise suspicion: {_placebo_clue_text()}; relief far outlasting a short-acting anaesthetic is a "
        "reason for a comparative or placebo-controlled block, not proof either way."
    )
    lines.append(
        "- *“Relief that starts days after a diagnostic block shows the block was positive.”* **No:** the "
        "block is read while the anaesthetic can act; relief that comes only later is late or non-specific "
        "and is reported apart (the diary reader does this)."
    )
    return "\n".join(lines)


def _evidence(outcome_id: str) -> str:
    """'Carette 1991: improved at 1 month, saline 33%' for one outcome row (numbers from data/)."""
    r = recovery.outcome(outcome_id.strip())
    bound = {"equal": "", "less_than": "< ", "at_least": ">= "}[r["bound"]]
    unit = "%" if r["unit"] == "percent" else f" {r['unit']}"
    return f"{citations.author_year(first_source(r['source_id']))}: {r['label']} {bound}{r['value']:g}{unit}"


# -- 7. self-check -------------------------------------------------------------------------------------------
def self_check_questions() -> list[Question]:
    """Six questions on notebook 05, numbers formatted from data/."""
    return [*_trial_questions(), _diary_question(), *_practice_questions()]


def _trial_questions() -> list[Question]:
    """What the cervical and lumbar trials found (Barnsley 1994, Carette 1991)."""
    o = recovery.outcomes()
    bs, bb = o.loc["barnsley_median_steroid"], o.loc["barnsley_median_bupivacaine"]
    cs, cp = o.loc["carette_1m_steroid"], o.loc["carette_1m_saline"]
    return [
        Question(
            "In Barnsley's cervical trial, how long until pain was back to half its pre-injection level?",
            (
                "About six weeks with steroid, a few days without",
                f"A median of about {bs['value']:g} days with steroid and {bb['value']:g} without",
                "Most patients were still relieved after three months",
            ),
            1,
            f"Median {bs['value']:g} days with betamethasone and {bb['value']:g} with bupivacaine alone; "
            f"fewer than {o.loc['barnsley_beyond_1m', 'value']:g}% had relief beyond a month in either arm.",
            bs["source_id"],
        ),
        Question(
            "Carette's lumbar trial compared intra-articular methylprednisolone with saline. At one month:",
            (
                "Steroid roughly doubled the share with marked improvement",
                "Saline patients got worse",
                f"{cs['value']:g}% vs {cp['value']:g}% marked improvement: no significant difference",
            ),
            2,
            f"{cs['value']:g}% with steroid and {cp['value']:g}% with saline reported marked improvement "
            "at one month; the difference was not significant, and three-month figures were similar.",
            first_source(cs["source_id"]),
        ),
    ]


def _diary_question() -> Question:
    """An 8/10 diary at exactly the lumbar cut-off: positive in the low back, negative in the neck."""
    lumbar, cervical = recovery.block_criterion("lumbar"), recovery.block_criterion("cervical")
    baseline = 8
    after = baseline * (1 - float(lumbar["relief_percent_min"]) / 100)
    relief = 100 * (baseline - after) / baseline
    in_lumbar = recovery.block_is_positive(relief, "lumbar")
    in_neck = recovery.block_is_positive(relief, "cervical")
    return Question(
        f"A diary reads {baseline}/10 before a medial branch block and {after:g}/10 at best afterwards. "
        "Is the block positive?",
        (
            "Positive in both regions",
            "Borderline: read literally, positive after a lumbar block and negative after a cervical block",
            "Negative in both regions",
        ),
        0 if in_lumbar and in_neck else (1 if in_lumbar else 2),
        f"Relief is 100 x ({baseline} - {after:g}) / {baseline} = {relief:.0f}%. The lumbar guideline "
        f"asks for {recovery.cutoff_text('lumbar')} relief, the cervical guideline for "
        f"{recovery.cutoff_text('cervical')} (a single block), so read literally exactly half passes in "
        "the low back and not in the neck. Neither guideline discusses exactly half, so it is borderline "
        "(the course's diary reader says so beside the literal verdict): report the percentage and use "
        "judgement.",
        f"{first_source(lumbar['source_id'])};{first_source(cervical['source_id'])}",
    )


def _practice_questions() -> list[Question]:
    """Flares, repeated blocks with and without steroid, and relief that outlasts the drug."""
    o = recovery.outcomes()
    ms, mb = o.loc["manchikanti_2y_steroid"], o.loc["manchikanti_2y_bupivacaine"]
    flare = o.loc["plastaras_pain_exacerbation"]
    prolonged = o.loc["barnsley1993_prolonged"]
    share = f"{prolonged['note'].split(' of ')[0]} of the {prolonged['n']:g}"  # review s18 of 05, F3
    return [
        Question(
            "How often was more pain reported in the days after an intra-articular facet joint injection?",
            (
                "About half of patients",
                f"About {round(flare['value']):g} in 100 procedures",
                "Never, with fluoroscopy",
            ),
            1,
            f"Plastaras counted pain exacerbation after {flare['value']:g}% of procedures with follow-up "
            f"({flare['note']}).",
            flare["source_id"],
        ),
        Question(
            "In Manchikanti's trial, patients selected by positive comparative blocks had lumbar medial "
            "branch blocks repeated over two years. What did adding steroid change?",
            (
                "It doubled the time between blocks",
                "Only steroid patients improved",
                "Little: success at two years was similar with and without it",
            ),
            2,
            f"{ms['value']:g}% with steroid and {mb['value']:g}% with bupivacaine alone: {ms['quantity']}, "
            f"after about {o.loc['manchikanti_treatments', 'value']:g}-"
            f"{o.loc['manchikanti_treatments', 'value_high']:g} blocks, with no placebo arm.",
            ms["source_id"],
        ),
        Question(
            "After a lidocaine block, relief lasts much longer than lidocaine is expected to act. What do "
            "you conclude?",
            (
                "The block is invalid: it must be placebo",
                f"In one cervical study {share} patients studied had unexpectedly prolonged relief after "
                "one or both anaesthetics; it does not prove placebo but raises the suspicion; comparative "
                "blocks help",
                "The steroid must have been injected by mistake",
            ),
            1,
            f"A minority, but not rare: {_prolonged_text()}; the drug's duration alone cannot tell a true "
            f"from a placebo response. It should still raise suspicion: {_placebo_clue_text()}.",
            prolonged["source_id"],
        ),
    ]


# -- key references ------------------------------------------------------------------------------------------
def key_references(part: int = 1, parts: int = 1) -> str:
    """Markdown list of the references notebook 05 uses (data/key_references.csv), or one part of it."""
    return citations.key_references(SLUG, part, parts)
