"""07, section 2: repeating injections and radiofrequency; what limits a steroid over a year.

The steroid's effects on the body are notebook 04's table (:mod:`facet_course.models.systemic_effects`), the
per-session steroid ceiling the one rule set's (:mod:`facet_course.safety`), repeated blocks notebook 05's
outcomes, repeat radiofrequency and the statements ``data/aftercare_*``; nothing typed here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pandas as pd
from matplotlib.figure import Figure

from ... import safety
from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import aftercare, pharmacology, recovery, systemic_effects
from . import text

STEROID = aftercare.STEROID
EFFECT_COLOURS = {"blood glucose": PALETTE["orange"], "adrenal axis suppression": PALETTE["blue"]}


def steroid_session_figures() -> dict[str, float | str]:
    """The figures 07 teaches for one session of facet steroid, all from the one rule set
    (:func:`facet_course.safety.steroid_label_limits`, :func:`facet_course.safety.steroid_largest_joint_dose`)
    and the facet trial's dose (``data/corticosteroids_doses.csv``): mg per joint, mg per session (the
    session ceiling), the session total above which the rule set says 'unsafe'
    (:func:`facet_course.safety.steroid_gross_session_factor` x the ceiling), the knee's dose (the rule set's
    'unsafe at one site' line) and the low end of the label's range for that joint, the trial's mg per
    joint, and sources."""
    per_joint, per_session, sources = safety.steroid_label_limits(STEROID)
    factor, _, _ = safety.steroid_gross_session_factor()
    largest, largest_sources = safety.steroid_largest_joint_dose(STEROID)
    if per_joint is None or per_session is None or largest is None:
        raise ValueError(f"the rule set has no label figures for {STEROID}")
    doses = pharmacology.steroid_doses(STEROID)
    trial = doses[doses["context"] == "trial"].iloc[0]
    label_joints = doses[(doses["context"] == "label") & (doses["scope"] == "per joint")]
    largest_low = float(label_joints[label_joints["dose_mg_high"] == largest]["dose_mg_low"].min())
    return {
        "per_joint_mg": per_joint,
        "per_session_mg": per_session,
        "session_labelled": "yes" if safety.steroid_session_labelled(STEROID) else "no",
        "unsafe_session_mg": factor * per_session,
        "unsafe_at_one_site_mg": largest,
        "largest_range_low_mg": largest_low,
        "trial_per_joint_mg": float(trial["dose_mg_high"]),
        "trial_joint": str(trial["joint"]),
        "sources": sources,
        "largest_sources": largest_sources,
        "trial_source": str(trial["source_id"]),
    }


def _levels(check: safety.ProcedureCheck) -> str:
    """The worst level of the dose (steroid) and volume reasons of a check, in words."""
    return f"dose {check.level_of('steroid')}, volume {check.level_of('volume')}"


def one_joint_examples(region: str = "lumbar") -> list[dict[str, object]]:
    """The one rule set's verdicts for ONE intra-articular joint in ``region`` (example adult) at the doses a
    resident meets, each at a labelled strength: the label's small-joint dose and the lumbar trial's (at the
    first strength), then the knee's dose in the smallest volume (the strongest strength) and at the first
    strength. Each item: mg, mL, mg/mL, verdict, and ``text`` (computed from the check, never typed)."""
    dose = steroid_session_figures()
    strengths = safety.steroid_strengths_mg_per_ml(STEROID)
    knee = float(dose["unsafe_at_one_site_mg"])
    cases = [
        (float(dose["per_joint_mg"]), strengths[0]),
        (float(dose["trial_per_joint_mg"]), strengths[0]),
        (knee, strengths[-1]),
        (knee, strengths[0]),
    ]
    examples: list[dict[str, object]] = []
    for mg, strength in cases:
        ml = mg / strength
        check = safety.check_procedure(
            weight_kg=EXAMPLE_WEIGHT_KG,
            region=region,
            target="intra_articular",
            purpose="therapeutic",
            n_sites=1,
            per_site=[{"drug": STEROID, "mg_per_ml": strength, "ml": ml}],
        )
        text = (
            f"{mg:g} mg in {ml:g} mL of steroid alone ({strength:g} mg/mL; the anaesthetic and contrast "
            f"given with it add to the volume): '{check.verdict}' ({_levels(check)})"
        )
        examples.append({"mg": mg, "ml": ml, "mg_per_ml": strength, "verdict": check.verdict, "text": text})
    return examples


def rf_repeat_criteria_text() -> str:
    """When the guidelines repeat radiofrequency: the cervical guideline's Table 22 (the relief and how long
    it lasted, no repeat block) and the lumbar guideline's Table 11 (no repeat block; no relief criterion in
    that table)."""
    pct, months, block = (
        aftercare.statement(i)
        for i in (
            "cervical_guideline_rf_repeat",
            "cervical_guideline_rf_repeat_months",
            "cervical_guideline_no_repeat_block",
        )
    )
    return (
        f"neck (the guideline's summary table): repeat when the first treatment gave more than "
        f"{pct['value']:g}% relief for at least {months['value']:g} months, following IMMPACT and the lumbar "
        f"facet guidelines; {block['statement']}. Low back (the guideline's table for trials and practice): "
        f"{aftercare.statement('lumbar_guideline_no_repeat_block')['statement']}; that table gives no relief "
        "or duration criterion, the course read the lumbar summary table only in part, and the neck "
        "guideline credits its criterion partly to the lumbar guidelines, which may give one"
    )


def _dose_rows() -> list[dict[str, str]]:
    """The repeat table's first two rows: the facet dose, and the knee's dose with the rule set's one-joint
    verdicts (computed by :func:`one_joint_examples`, never typed)."""
    dose = steroid_session_figures()
    session_how = (
        "the label's total for several joints"
        if dose["session_labelled"] == "yes"
        else "no label gives a total for this steroid: the rule set's ceiling, carried over from a labelled "
        "total by systemic equivalence"
    )
    particulate = (
        f"a particulate steroid such as {STEROID} (the vertebral artery)"
        if bool(pharmacology.corticosteroid_info(STEROID)["particulate"])
        else "a particulate steroid (the vertebral artery)"
    )
    trial_check = one_joint_examples()[1]
    return [
        {
            "question": "how much steroid per facet joint, and in all, in one session",
            "answer": f"up to {dose['per_joint_mg']:g} mg of {STEROID} per joint (the course applies the "
            "label's small-joint dose; the label does not name facet joints) and "
            f"{dose['per_session_mg']:g} mg in all "
            f"({session_how}). The rule set (notebook 04) at one lumbar joint: {trial_check['text']}; "
            f"'unsafe' above {dose['unsafe_session_mg']:g} mg in the session (the label's only total for "
            "several joints, beyond which no label describes the exposure; systemic effects grow with dose) "
            "or above "
            f"{dose['unsafe_at_one_site_mg']:g} mg at one site; in the neck it adds a caution for "
            f"{particulate}. 'Caution' does not mean supported: the lumbar facet trial used "
            f"{dose['trial_per_joint_mg']:g} mg per joint, and no source read gives a higher facet dose of "
            "this steroid",
            "source": citations.author_year(
                str(dose["sources"]),
                str(dose["trial_source"]),
                safety.rule_text("particulate_steroid_in_neck")[1],
            ),
        },
        {
            "question": "the label's largest dose for one joint (not a facet dose)",
            "answer": f"{dose['unsafe_at_one_site_mg']:g} mg is the upper end of the label's range for a "
            f"large joint such as the knee ({dose['largest_range_low_mg']:g} to "
            f"{dose['unsafe_at_one_site_mg']:g} mg): above the label's small-joint dose "
            f"({dose['per_joint_mg']:g} mg), a large-joint dose; no source read gives it for a facet joint. "
            "The rule set at one lumbar joint: " + "; ".join(e["text"] for e in one_joint_examples()[2:]),
            "source": citations.author_year(str(dose["largest_sources"])),
        },
    ]


def repeat_table() -> pd.DataFrame:
    """How much, how soon, how often, and what limits repeating: each line with its number and source."""
    label = pharmacology.corticosteroid_info(STEROID)
    every3, per_year = (
        aftercare.statement(i) for i in ("steroid_joint_suggestion", "steroid_joint_suggestion_per_year")
    )
    wip_year, wip_3, wip_esi = (
        aftercare.statement(i)
        for i in ("wip_yearly_postmenopausal", "wip_three_year_postmenopausal", "wip_per_epidural")
    )
    sis = aftercare.statement("steroid_no_safe_number")
    episode = recovery.outcome("manchikanti_relief_per_episode")
    treatments = recovery.outcome("manchikanti_treatments")
    repeat_rf = aftercare.rf_outcome("macvicar_duration_repeat")
    cover = aftercare.statement("steroid_cover_major_stress")
    rows = [
        *_dose_rows(),
        {
            "question": "how soon a steroid injection may be repeated",
            "answer": f"for one joint it has been suggested no more often than every {every3['value']:g} "
            f"months and no more than {per_year['value']:g} or {per_year['value_high']:g} times a year "
            "(cartilage; a suggestion for peripheral joints, not a limit shown for facet joints). No source "
            "read gives an interval for facet joints. The label's dosing interval for peripheral joints "
            f"({label['release'].removeprefix('depot: ')}) does not apply to facet joints",
            "source": citations.author_year(str(label["source_id"]), every3["source_id"]),
        },
        {
            "question": "a safe total of steroid over a year",
            "answer": f"{sis['statement']}. Cautious published limits exist for epidural steroid (bone "
            f"health, postmenopausal women): {wip_year['value']:g} {wip_year['unit']} and {wip_3['value']:g} "
            f"{wip_3['unit']} in methylprednisolone equivalents, {wip_esi['value']:g} "
            f"{wip_esi['unit']}; they are recommendations, not thresholds shown to be safe",
            "source": citations.author_year(sis["source_id"], wip_year["source_id"]),
        },
        {
            "question": "what limits repeating a steroid",
            "answer": "blood glucose rises for days and the adrenal axis is suppressed for weeks (figure "
            f"below, notebook 04); {cover['statement']}; {aftercare.statement('bone_not_read')['statement']}",
            "source": citations.author_year(
                *systemic_effects.systemic_effect_table()["source_id"], cover["source_id"]
            ),
        },
        {
            "question": "repeated medial branch blocks (selected by comparative blocks)",
            "answer": f"relief {episode['value']:g} {episode['unit']} per block on average, about "
            f"{treatments['value']:g} to {treatments['value_high']:g} blocks in {treatments['time_days']:g} "
            "days; no placebo arm (notebook 05)",
            "source": citations.author_year(episode["source_id"]),
        },
        {
            "question": "repeating radiofrequency when the pain returns",
            "answer": f"{aftercare.statement('rf_repeat_reproducible')['statement']} "
            f"({citations.author_year(aftercare.statement('rf_repeat_reproducible')['source_id'])}); the "
            f"primary study read is a strict audit ({citations.author_year(repeat_rf['source_id'])}): "
            f"relief after a repeat lasted {repeat_rf['value']:g} {repeat_rf['unit']}",
            "source": citations.author_year(
                aftercare.statement("rf_repeat_reproducible")["source_id"], repeat_rf["source_id"]
            ),
        },
        {
            "question": "the guidelines' criteria for repeating radiofrequency (cervical 2022; lumbar 2020)",
            "answer": rf_repeat_criteria_text(),
            "source": citations.author_year(
                aftercare.statement("cervical_guideline_rf_repeat")["source_id"],
                aftercare.statement("lumbar_guideline_no_repeat_block")["source_id"],
            ),
        },
    ]
    return pd.DataFrame(rows)


@figure("steroid-effects-on-glucose-and-adrenal-axis-last-days-to-weeks")
def effects_figure() -> tuple[Figure, str]:
    """How long each study saw a steroid's effect on glucose or the adrenal axis (notebook 04's table)."""
    table = systemic_effects.systemic_effect_table()
    fig, (ax,) = new_figure("notebook")
    fig.set_size_inches(7.4, 3.8)
    labels = []
    for y, (_, r) in enumerate(table.iterrows()):
        colour = EFFECT_COLOURS.get(r["effect"], "#777777")
        low, high = float(r["days_low"]), float(r["days_high"])
        if r["days_kind"] == "found" or high == low:
            ax.plot([high], [y], "o", color=colour, ms=6)
        else:
            ax.barh(y, low, left=0.0, height=0.6, color=colour)
            ax.barh(
                y, high - low, left=low, height=0.6, color=colour, alpha=0.35, hatch="//", ec=colour, lw=0
            )
        injection = textwrap.shorten(r["injection"], 30, placeholder="...")
        labels.append(f"{injection} ({citations.author_year(r['source_id'])})")
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(text.EFFECTS_XLABEL, fontsize=8)
    fig.suptitle(
        "Glucose rises for days; the adrenal axis is suppressed for weeks", fontsize=10, fontweight="bold"
    )
    for effect, colour in EFFECT_COLOURS.items():
        ax.plot([], [], "s", color=colour, label=effect)
    ax.legend(loc="lower right", fontsize=7)
    ax.grid(True, axis="x", alpha=0.3)
    source_note(fig, f"Source: notebook 04's table, {citations.author_year(*table['source_id'])}.")
    return fig, text.EFFECTS_ALT


# -- the steroid year: sessions, other prescribers, and what the body may still feel -------------------------
#: An example adult for the rule set's session check (the steroid verdict does not depend on weight).
EXAMPLE_WEIGHT_KG = 70.0
#: Facet sessions a year the explorer offers: four is every three months, which is more than the same label
#: page's suggested two or three injections per joint a year (the readout says so).
SESSIONS: list[int] = [1, 2, 3, 4]
#: Joints a session: one level on both sides, or two levels on both sides.
JOINTS: list[int] = [2, 4]


def dose_options() -> dict[str, float]:
    """The doses per joint the explorer offers (mg of the lesson's steroid): the label's small-joint dose
    (the rule set's) and the lumbar facet trial's; both from data through their models."""
    dose = steroid_session_figures()
    return {
        f"label's small-joint dose ({dose['per_joint_mg']:g} mg)": float(dose["per_joint_mg"]),
        f"the lumbar trial's ({dose['trial_per_joint_mg']:g} mg)": float(dose["trial_per_joint_mg"]),
    }


def other_options() -> dict[str, float]:
    """Steroid a patient may get from someone else in the same year (mg): none, one epidural at the dose the
    working group recommends, or one large-joint injection at the label's largest dose."""
    epidural = aftercare.statement("wip_per_epidural")
    largest = float(steroid_session_figures()["unsafe_at_one_site_mg"])
    return {
        "none": 0.0,
        f"an epidural ({epidural['value']:g} mg)": float(epidural["value"]),
        f"a knee injection ({largest:g} mg)": largest,
    }


def session_check(joints: int, mg_per_joint: float, region: str = "lumbar") -> safety.ProcedureCheck:
    """The one rule set's check of one intra-articular session of this steroid in ``region`` (example
    adult; ``mg_per_joint`` in mg, given at the label's first strength). It checks the steroid alone: the
    readout says so, because the anaesthetic and contrast given with it add to each joint's volume."""
    strength = safety.steroid_strengths_mg_per_ml(STEROID)[0]
    return safety.check_procedure(
        weight_kg=EXAMPLE_WEIGHT_KG,
        region=region,
        target="intra_articular",
        purpose="therapeutic",
        n_sites=joints,
        per_site=[{"drug": STEROID, "mg_per_ml": strength, "ml": mg_per_joint / strength}],
    )


def session_verdict(joints: int, mg_per_joint: float, region: str = "lumbar") -> str:
    """The one rule set's verdict on one intra-articular session of this steroid in ``region``."""
    return session_check(joints, mg_per_joint, region).verdict


#: The non-particulate steroid the neck readout checks beside the lesson's (review s7 of 07, finding 4).
NECK_ALTERNATIVE = "dexamethasone"


def neck_alternative_text(joints: int, detail: bool = True) -> str:
    """The one rule set's verdict on ``joints`` neck joints of the non-particulate alternative at its label's
    small-joint dose (steroid alone), with the rule set's own reasons where it is not 'fine' (``detail``;
    without it, the verdict alone: the explorer's readout, which must fit a slide)."""
    if bool(pharmacology.corticosteroid_info(NECK_ALTERNATIVE)["particulate"]):
        raise ValueError(f"{NECK_ALTERNATIVE} is particulate; the neck alternative must not be")
    per_joint, _, _ = safety.steroid_label_limits(NECK_ALTERNATIVE)
    if per_joint is None:
        raise ValueError(f"the rule set has no small-joint label dose for {NECK_ALTERNATIVE}")
    strength = safety.steroid_strengths_mg_per_ml(NECK_ALTERNATIVE)[0]
    check = safety.check_procedure(
        weight_kg=EXAMPLE_WEIGHT_KG,
        region="cervical",
        target="intra_articular",
        purpose="therapeutic",
        n_sites=joints,
        per_site=[{"drug": NECK_ALTERNATIVE, "mg_per_ml": strength, "ml": per_joint / strength}],
    )
    if not detail:
        return f"{NECK_ALTERNATIVE} (label dose): '{check.verdict}' too"
    why = "; ".join(r.text for r in check.reasons_in("steroid") if r.level != "fine")
    return (
        f"the non-particulate choice, {NECK_ALTERNATIVE} at its label's small-joint dose ({per_joint:g} mg "
        f"a joint), gets '{check.verdict}' too" + (f" ({why})" if why else "")
    )


def _session_text(joints: int, mg: float, detail: bool = False) -> str:
    """Both regions' verdicts, and the neck's particulate caution where the rule set gives it, with the
    non-particulate alternative checked by the same rule set."""
    neck = session_check(joints, mg, "cervical")
    particulate = any("is particulate" in r.text for r in neck.reasons_in("steroid"))
    return (
        "Each session, the rule set (steroid alone: the anaesthetic and contrast add to each joint's "
        f"volume): {session_verdict(joints, mg)} for lumbar joints, {neck.verdict} for "
        "neck joints"
        + (
            f" (there {STEROID} is particulate: a non-particulate steroid is the safer choice"
            + (f" for the vertebral artery; {neck_alternative_text(joints)}" if detail else "")
            + ")"
            if particulate
            else ""
        )
    )


def _lasted_suppression() -> pd.DataFrame:
    table = systemic_effects.systemic_effect_table()
    return table[(table["effect"] == "adrenal axis suppression") & (table["days_kind"] == "lasted")]


def suppression_days() -> tuple[float, float]:
    """(shortest, longest) days the adrenal axis stayed suppressed after one injection in notebook 04's
    studies that followed it to its end ('lasted'): the lower end of the shortest study range and the upper
    end of the longest; larger doses suppressed longer."""
    lasted = _lasted_suppression()
    return float(lasted["days_low"].min()), systemic_effects.longest_days("adrenal axis suppression")


def high_end_text(joints: int, mg_per_joint: float, detail: bool = False) -> str:
    """The longest suppression's dose beside one session's steroid here (``mg_per_joint`` in mg of
    methylprednisolone acetate), compared by the labels' equivalent doses (notebook 04's steroid table): the
    high end of the readout applies that study's dose to every injection (review s10 F3) and says what it
    measured: its last time point is not a measured end (review s12 F2); ``detail`` adds what was measured
    when (the worked example; the readout must fit its slide)."""
    if joints < 1 or mg_per_joint <= 0:
        raise ValueError(f"joints={joints}, mg_per_joint={mg_per_joint}: need at least one joint and > 0 mg")
    lasted = _lasted_suppression()
    row = lasted[lasted["days_high"] == suppression_days()[1]].iloc[0]
    equivalent = row["dose_mg"] * pharmacology.corticosteroid_info(STEROID)["systemic_equivalent_mg"]
    equivalent /= pharmacology.corticosteroid_info(row["drug"])["systemic_equivalent_mg"]
    session = joints * mg_per_joint
    ratio = (
        f"{equivalent / session:.2g} times a session here"
        if equivalent > session
        else "no more than a session"
    )
    return (
        f"the high end gives each injection the {row['days_high']:g} days seen after {row['dose_mg']:g} mg "
        f"{row['drug']} ({citations.author_year(row['source_id'])}, {row['n']:g} people), {ratio} "
        f"({session:g} mg {STEROID}; equivalent doses from the labels); {row['days_high']:g} days is that "
        f"study's last measurement, not a measured end" + (f" ({row['days_note']})" if detail else "")
    )


def _low_end_text() -> str:
    """The readout's short source of the low end (the worked example gives both studies in full)."""
    lasted, short = _lasted_suppression(), suppression_days()[0]
    first = lasted[lasted["days_low"] == short].iloc[0]
    return f"the low end {short:g} days ({citations.author_year(first['source_id'])}, {first['n']:g} people)"


def suppression_text() -> str:
    """Where the shortest and the longest suppression come from: each study's dose, size and
    range (the shortest: the lower end of the shortest range; the longest: the upper end of the longest)."""
    lasted = _lasted_suppression()
    short, long = suppression_days()
    first = lasted[lasted["days_low"] == short].sort_values("days_high").iloc[0]
    last = lasted[lasted["days_high"] == long].iloc[0]

    def study(r: pd.Series) -> str:
        dose = "" if pd.isna(r["dose_mg"]) else f", {r['dose_mg']:g} mg {r['drug']}"
        note = "" if systemic_effects.measured_on_a_few_days(r) else str(r.get("days_note") or "")
        how = f", {note.split(': ')[0]}" if note and note != "nan" else ""  # e.g. 'arm means ± SD'
        return (
            f"{citations.author_year(r['source_id'])}{dose}, {r['n']:g} people: "
            f"{r['days_low']:g} to {r['days_high']:g} days{how}"
        )

    return (
        f"each injection's suppression taken as {short:g} days, the low end of the shortest range in "
        f"notebook 04's studies ({study(first)}), or {long:g} days, the high end of the longest "
        f"({study(last)}; there {last['finding']}); larger doses suppressed longer"
    )


def steroid_year_text(sessions: int, joints: int, dose: str, other: str, detail: bool = False) -> str:
    """The yearly total against the cautious limit (key result first), the session verdict, and how much of
    the year the adrenal axis may be suppressed (pure: from the models and the rule set); ``detail`` adds the
    rule set's reasons for the neck's non-particulate alternative (the worked example; not the readout)."""
    mg, other_mg = dose_options()[dose], other_options()[other]
    total = aftercare.yearly_steroid_mg(sessions, joints, mg, other_mg)
    limit = aftercare.statement("wip_yearly_postmenopausal")
    short, long = suppression_days()
    starts = aftercare.session_days(sessions) + ([_other_day(sessions)] if other_mg else [])
    low, high = (aftercare.days_covered(starts, d) for d in (short, long))
    side = "above" if total > limit["value"] else "within"
    three = aftercare.statement("wip_three_year_postmenopausal")
    three_years = (
        f"This one year alone reaches the same recommendation's three-year limit ({three['value']:g} "
        f"{three['unit']}). "
        if total >= three["value"]
        else ""
    )
    per_year = aftercare.statement("steroid_joint_suggestion_per_year")
    too_often = (
        f"{sessions} injections a joint a year: more than the {per_year['value']:g} to "
        f"{per_year['value_high']:g} suggested for peripheral joints (not shown for facets). "
        if sessions > per_year["value_high"]
        else ""
    )
    extra = f" + {other_mg:g} mg from someone else" if other_mg else ""
    return (
        f"{total:g} mg of {STEROID} in a year ({sessions} x {joints} joints x {mg:g} mg{extra}): {side} the "
        f"{limit['value']:g} {limit['unit']} recommended for postmenopausal women given epidural steroid "
        f"(a cautious recommendation, not a limit shown safe; {citations.author_year(limit['source_id'])}). "
        f"{three_years}{too_often}{_session_text(joints, mg, detail)}. The adrenal axis may be suppressed on "
        f"about {low:.0f} to "
        f"{high:.0f} of {aftercare.DAYS_PER_YEAR} days: {high_end_text(joints, mg, detail)}; "
        f"{suppression_text() if detail else _low_end_text()}; joint and epidural injections, "
        f"not facet ones; glucose may rise for a few days after each injection (up to "
        f"{systemic_effects.longest_days('blood glucose'):g} days in those studies)."
    )


def _other_day(sessions: int) -> float:
    """When the other prescriber's injection falls: halfway between the first two sessions."""
    return aftercare.DAYS_PER_YEAR / sessions / 2


def _draw_year() -> tuple[Figure, Callable[..., str]]:
    """Top: steroid added up over the year against the cautious yearly line. Bottom: each injection's
    longest adrenal suppression (notebook 04's studies), from the day it is given."""
    fig, (top, bottom) = new_figure("notebook", nrows=2)
    fig.set_size_inches(7.6, 4.6)
    limit = aftercare.statement("wip_yearly_postmenopausal")
    short, adrenal = suppression_days()
    year = aftercare.DAYS_PER_YEAR
    most = max(SESSIONS) * max(JOINTS) * max(dose_options().values()) + max(other_options().values())
    (line,) = top.step([0, year], [0, 0], where="post", color=PALETTE["blue"], lw=2)
    top.axhline(limit["value"], color=PALETTE["vermillion"], ls="--", lw=1.2)
    top.text(
        year,
        limit["value"],
        f"{limit['value']:g} {limit['unit']} (cautious; epidural)",
        ha="right",
        va="bottom",
        fontsize=7.5,
        color=PALETTE["vermillion"],
    )
    top.set_xlim(0, year)
    top.set_ylim(0, most * 1.5)  # headroom: the legend's place, above the highest total
    top.set_ylabel("steroid so far (mg)", fontsize=8)
    top.tick_params(labelbottom=False, labelsize=7.5)
    title = top.set_title("", fontsize=10, fontweight="bold", loc="left")
    slots = len(SESSIONS) + 1
    windows = [
        (
            bottom.barh(i, adrenal, left=0, height=0.6, color=PALETTE["sky_blue"], alpha=0.6)[0],
            bottom.barh(i, short, left=0, height=0.6, color=PALETTE["blue"])[0],
        )
        for i in range(slots)
    ]
    windows[0][1].set_label(f"shortest seen ({short:g} days)")
    windows[0][0].set_label(f"longest seen ({adrenal:g} days: last time measured)")
    top.legend(
        handles=[windows[0][1], windows[0][0]],
        title="adrenal suppression after each injection (below)",
        loc="upper left",
        fontsize=7,
        title_fontsize=7,
        ncols=2,
    )
    bottom.set_xlim(0, year)
    bottom.set_ylim(slots - 0.5, -0.5)
    bottom.set_yticks([])
    bottom.set_xlabel("days of the year", fontsize=8)
    bottom.set_ylabel("adrenal axis\nmay be suppressed", fontsize=8)
    bottom.tick_params(labelsize=7.5)
    source_note(
        fig,
        f"Yearly line: recommendations reported by {citations.author_year(limit['source_id'])} (epidural, "
        "postmenopausal women). Suppression: the shortest and the longest in notebook 04's studies "
        f"({citations.author_year(*systemic_effects.systemic_effect_table()['source_id'])}). "
        "Session verdict: the course's rule set. Sessions evenly spaced; another doctor's injection between "
        "the first two.",
    )

    def update(sessions: int, joints: int, dose: str, other: str) -> str:
        mg, other_mg = dose_options()[dose], other_options()[other]
        given = [(d, joints * mg) for d in aftercare.session_days(sessions)]
        if other_mg:
            given.append((_other_day(sessions), other_mg))
        given.sort()
        days = [0.0] + [d for d, _ in given] + [year]
        totals = [0.0]
        for _, amount in given:
            totals.append(totals[-1] + amount)
        totals.append(totals[-1])
        line.set_data(days, totals)
        for i, pair in enumerate(windows):
            for bar, length in zip(pair, (adrenal, short), strict=True):
                bar.set_visible(i < len(given))
                if i < len(given):
                    bar.set_x(given[i][0])
                    bar.set_width(min(length, year - given[i][0]))
        total = aftercare.yearly_steroid_mg(sessions, joints, mg, other_mg)
        plural = "s" if sessions > 1 else ""
        title.set_text(f"{total:g} mg of steroid in a year: {sessions} session{plural}, {joints} joints each")
        return steroid_year_text(sessions, joints, dose, other)

    return fig, update


def steroid_year_explorer() -> Explorer:
    """Sessions a year, joints, dose per joint and another prescriber's injection: the yearly total against
    the cautious line, and the days the adrenal axis may be suppressed."""
    doses, others = list(dose_options()), list(other_options())
    return explore(
        "steroid-over-a-year",
        _draw_year,
        [
            Control("sessions", "Sessions a year", SESSIONS, value=2),
            # the twin (handouts, slides) keeps the question's four joints and the no/knee extremes: 16 frames
            Control("joints", "Joints each session", JOINTS, value=JOINTS[-1], twin_options=JOINTS[-1:]),
            Control("dose", "Dose per joint", doses, value=doses[0]),
            Control("other", "From another doctor", others, value=others[0], twin_options=others[::2]),
        ],
        question="A postmenopausal woman has facet injections at four joints: how many sessions a year, at "
        "which dose, take her past the cautious yearly line, and what does one injection from another "
        "doctor add? For how much of the year may her adrenal axis be suppressed?",
        alt="Top: steroid added up over a year, in steps at each facet session and at another doctor's "
        "injection, against a dashed line at the yearly amount recommended as a cautious limit for "
        "epidural steroid in postmenopausal women. Bottom: one bar per injection for the shortest and the "
        "longest adrenal suppression seen in notebook 04's studies.",
    )


def steroid_year_example() -> str:
    """A worked year for a postmenopausal woman: the most sessions and joints the explorer offers, at the
    trial's dose, and one large-joint injection from another doctor."""
    doses, others = list(dose_options()), list(other_options())
    return steroid_year_text(SESSIONS[-1], JOINTS[-1], doses[-1], others[-1], detail=True)
