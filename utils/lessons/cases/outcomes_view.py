"""Section 4's figure and explorer, for the single-block case: how likely facet pain is after one positive
block (02's Bayes model, over the pre-test probabilities of the course's data), and how the course's diary
reader (05) reads her diary as her relief lasts longer or shorter."""

from __future__ import annotations

import dataclasses

import numpy as np
from matplotlib.figure import Figure

from ...core import citations, style
from ...core.explore import Control, Explorer, UpdateFn, explore
from ...core.figures import figure
from ...models import block_criteria, block_selection, diagnostic_blocks, pain_diary, pharmacology
from ...models import cases as case_model
from .after import case_diary, discordant, duration_reading, post_test_percent

#: The case of section 4 whose block result is read.
BLOCK_CASE = "single-block"

#: How long her relief lasts in the explorer (h): the diary's own entry times up to 12 h (teaching grid).
RELIEF_HOURS: tuple[float, ...] = (0.5, 1, 2, 3, 4, 6, 8, 12)


@figure("single-block-case-post-test-probability")
def post_test_figure() -> tuple[Figure, str]:
    """Post-test probability of facet pain after one positive lumbar block against the pre-test probability:
    with the false-positive rate measured in her pre-test study's own patients (the case's answer), and with
    the course's default single-block accuracy from another study's population, each study's own prevalence
    marked on its own curve."""
    case = case_model.case(BLOCK_CASE)
    post = post_test_percent(case)
    pre = np.linspace(0.005, 0.995, 199)
    fig, (ax,) = style.new_figure("slide")
    study, other = citations.author_year(post.pretest.source_id), citations.author_year(post.other.source_id)
    curves = (
        (post.specificity, "-", style.PALETTE["blue"], f"{study}'s own false-positive rate"),
        (post.other.specificity, "--", style.PALETTE["sky_blue"], f"{other}'s: another population"),
    )
    for specificity, line, colour, label in curves:
        curve = [diagnostic_blocks.positive_predictive_value(p, post.sensitivity, specificity) for p in pre]
        ax.plot(
            100 * pre,
            100 * np.array(curve),
            lw=2.5,
            ls=line,
            color=colour,
            label=f"after one positive block, {label} ({100 * (1 - specificity):.0f}%)",
        )
    ax.plot([0, 100], [0, 100], color="#888888", ls=":", label="no test (post = pre)")
    own = [o for o in block_selection.pretest_options() if o.region == case.region]
    marked = [o for o in own if citations.author_year(o.source_id) == other]
    for option in marked:
        q = diagnostic_blocks.positive_predictive_value(
            option.probability, post.sensitivity, post.other.specificity
        )
        ax.plot([100 * option.probability], [100 * q], "o", color=style.PALETTE["sky_blue"], ms=7)
        ax.annotate(
            f"{other}'s own {100 * option.probability:.0f}%",
            (100 * option.probability, 100 * q),
            xytext=(6, -14),
            textcoords="offset points",
            fontsize=9,
        )
    here = case.pretest_percent or 0
    ax.plot([here], [post.other_percent], "o", mfc="white", color=style.ROLE_COLOURS["highlight"], ms=9)
    ax.annotate(
        f"her pre-test {here:g}% -> {post.percent:.0f}% after a positive block\n"
        f"(about {100 - post.percent:.0f} of every 100 positive blocks like hers are false);\n"
        f"{post.other_percent:.0f}% only if another population's accuracy is borrowed",
        xy=(here, post.percent),
        xytext=(here + 12, post.percent - 42),  # clear of the other study's label at any type size
        arrowprops={"arrowstyle": "->", "color": style.ROLE_COLOURS["highlight"]},
        color=style.ROLE_COLOURS["highlight"],
        fontsize=10,
    )
    ax.plot([here], [post.percent], "o", color=style.ROLE_COLOURS["highlight"], ms=10)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("pre-test probability of facet joint pain (%)")
    ax.set_ylabel("probability after a positive block (%)")
    ax.set_title(f"One positive block lifts her {here:g}% only to {post.percent:.0f}%", loc="left")
    ax.legend(loc="lower right", fontsize=9)
    assumed = f" ({', '.join(post.assumed)} assumed by the course)" if post.assumed else ""
    style.source_note(
        fig,
        f"Invented patient (data/cases.csv). 02's Bayes model: single {case.region} block, sensitivity "
        f"{100 * post.sensitivity:g}%{assumed}; specificity = 1 - each study's single-block false-positive "
        f"rate ({study}: {100 * post.specificity:.0f}%; {other}: {100 * post.other.specificity:.0f}%). "
        f"Pre-test probability: {study}.",
    )
    alt = (
        f"Two curves of the probability of facet pain after one positive {case.region} block against the "
        f"pre-test probability, above the diagonal of no test: one with the false-positive rate {study} "
        f"measured in her pre-test study's own patients, one dashed with {other}'s from another population. "
        f"Her pre-test probability of {here:g}% becomes {post.percent:.0f}% with her study's own figure, so "
        f"about {100 - post.percent:.0f} of 100 positive blocks like hers are false; borrowing {other}'s "
        f"figure would give {post.other_percent:.0f}%."
    )
    return fig, alt


def _draw_diary() -> tuple[Figure, UpdateFn]:
    """Her diary (pain 0-10 against hours after the block), the region's cut-off and the duration below which
    the diary reader adds its caution (relief discordant with the drug; the verdict itself is unchanged),
    updated in place for each relief duration."""
    case = case_model.case(BLOCK_CASE)
    drug = case.drug or ""
    criterion = block_criteria.block_criterion(case.region)
    cut = float(criterion["relief_percent_min"])
    baseline = case.baseline_pain or 0.0
    short = pain_diary.short_relief_hours(drug)
    fig, (ax,) = style.new_figure("slide")
    (line,) = ax.plot([], [], "o-", lw=2.5, ms=7, label="her pain diary")
    ax.axhline(baseline, color="#888888", ls=":", label=f"her usual pain, {baseline:g}/10")
    # named in the legend: a label on the line was crossed by her diary in some frame (handout review)
    named = f"{cut:g}% relief: the {case.region} cut-off"
    ax.axhline(baseline * (1 - cut / 100), color=style.ROLE_COLOURS["caution"], ls="--", lw=2, label=named)
    ax.axvline(short, color=style.ROLE_COLOURS["highlight"], lw=2)
    ax.text(
        short * 1.05,
        9.6,
        f"{short:g} h: {drug} relief ending sooner is\ndiscordant with the drug (course assumption)",
        va="top",
    )
    style.log_time_axis(
        ax,
        {0.25: "15 min", 0.5: "30 min", 1: "1 h", 2: "2 h", 4: "4 h", 8: "8 h", 24: "24 h"},
        "hours after the block (log scale)",
        (0.2, 30),
    )
    ax.set_ylim(0, 10)
    ax.set_ylabel("pain (0-10)")
    title = ax.set_title("", loc="left")
    ax.legend(loc="lower right")
    ids = citations.author_year(
        str(criterion["source_id"]), pharmacology.local_anaesthetic_time_course(drug).duration_h.source_id
    )
    style.source_note(
        fig,
        f"Invented patient and diary (data/cases.csv); read by 05's diary reader. Sources: {ids}.",
    )

    def update(relief_hours: float) -> str:
        changed = dataclasses.replace(case, relief_hours=float(relief_hours))
        diary = case_diary(changed)
        shown = diary.hours > 0
        line.set_data(diary.hours[shown], diary.pain[shown])
        result = pain_diary.analyse_diary(diary, drug, case.region)
        title.set_text(f"Relief set to {relief_hours:g} h: the diary reader says '{result.verdict}'")
        ppv = post_test_percent(case).percent
        mismatch = discordant(changed, result)
        colour = style.ROLE_COLOURS["caution" if mismatch or result.verdict != "positive" else "safe"]
        title.set_color(colour)
        if mismatch:
            title.set_text(
                f"Relief set to {relief_hours:g} h: '{result.verdict}' by the cut-off, but discordant"
            )
        borderline = (
            result.verdict == "positive" and not mismatch and result.duration_verdict.startswith("shorter")
        )
        if borderline:
            title.set_text(f"Relief set to {relief_hours:g} h: '{result.verdict}', duration borderline")
            title.set_color(style.ROLE_COLOURS["caution"])
        reading = (
            f" by the cut-off, but discordant with {drug}: weak evidence"
            if mismatch
            else f", duration borderline for {drug}: reaching the {short:g} h line (a COURSE ASSUMPTION, not "
            "a validated boundary) but shorter than the drug lasts in peripheral nerve blocks"
            if borderline
            else ""
        )
        meaning = (
            f" ('not confirmed': relief seen only within {pain_diary.skin_anaesthetic_hours():g} h of the "
            "injection, which the skin anaesthetic may explain: a COURSE ASSUMPTION)"
            if result.verdict == "not confirmed"
            else ""
        )
        # review s16 of 08, F6: the diary is scored only at its entries, so the reader's duration is an
        # estimate between two entries, not the value set on the slider; say so and name the entries
        last_seen = max(h for h in diary.hours if 0 < h <= relief_hours)
        gone = [h for h in diary.hours if h > relief_hours]
        between = (
            f"relief still at the {last_seen:g} h entry, gone at the {gone[0]:g} h entry"
            if gone
            else f"relief still at the last entry, {last_seen:g} h"
        )
        return (
            f"{case.relief_percent:g}% relief set to last {relief_hours:g} h; her diary shows {between}, "
            "from which the diary reader estimates, by interpolating between entries, relief from about "
            f"{result.relief_onset_hours:.1f} h to {result.relief_end_hours:.1f} h after the block, about "
            f"{result.relief_lasted_hours:.1f} h: "
            f"<b>{result.verdict}</b>{reading}{meaning}. "
            f"Duration: {duration_reading(changed, result)}. Even read as positive, "
            f"one block lifts her {case.pretest_percent:g}% pre-test probability only to {ppv:.0f}%."
        )

    return fig, update


def diary_explorer() -> Explorer:
    """How long her relief lasts -> the diary reader's verdict on the same 60% relief."""
    case = case_model.case(BLOCK_CASE)
    return explore(
        "single-block-diary-reader",
        _draw_diary,
        [
            Control(
                "relief_hours",
                "Her relief lasts",
                list(RELIEF_HOURS),
                value=case.relief_hours,
                unit="h",
            )
        ],
        question="With the same relief, does how long it lasts change the course's diary reader's verdict, "
        "and does a positive reading make facet pain much more likely?",
        alt="Her pain diary against hours after the block on a log scale, with her usual pain, the region's "
        "relief cut-off and the duration below which bupivacaine relief is discordant with the drug (the "
        "reader's caution) marked; the title gives the diary reader's verdict for the chosen duration, and "
        "says when it is discordant.",
    )
