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
from .after import case_diary, post_test_percent

#: The case of section 4 whose block result is read.
BLOCK_CASE = "single-block"

#: How long her relief lasts in the explorer (h): the diary's own entry times up to 12 h (teaching grid).
RELIEF_HOURS: tuple[float, ...] = (0.5, 1, 2, 3, 4, 6, 8, 12)


@figure("single-block-case-post-test-probability")
def post_test_figure() -> tuple[Figure, str]:
    """Post-test probability of facet pain after one positive lumbar block, against the pre-test probability,
    with the course's lumbar prevalence figures and the case's own marked."""
    case = case_model.case(BLOCK_CASE)
    ppv, accuracy = post_test_percent(case)
    pre = np.linspace(0.005, 0.995, 199)
    post = [
        diagnostic_blocks.positive_predictive_value(p, accuracy.sensitivity, accuracy.specificity)
        for p in pre
    ]
    fig, (ax,) = style.new_figure("slide")
    ax.plot(100 * pre, 100 * np.array(post), lw=2.5, label="after one positive block")
    ax.plot([0, 100], [0, 100], color="#888888", ls=":", label="no test (post = pre)")
    options = [o for o in block_selection.pretest_options() if o.region == case.region]
    for option in options:
        p = option.probability
        q = 100 * diagnostic_blocks.positive_predictive_value(p, accuracy.sensitivity, accuracy.specificity)
        ax.plot([100 * p], [q], "o", color=style.PALETTE["sky_blue"], ms=7)
    here = case.pretest_percent or 0
    ax.annotate(
        f"her pre-test {here:g}% -> {ppv:.0f}% after a positive block:\n"
        f"about {100 - ppv:.0f} of every 100 positive blocks like hers are false",
        xy=(here, ppv),
        xytext=(here + 8, ppv - 30),
        arrowprops={"arrowstyle": "->", "color": style.ROLE_COLOURS["highlight"]},
        color=style.ROLE_COLOURS["highlight"],
        fontsize=10,
    )
    ax.plot([here], [ppv], "o", color=style.ROLE_COLOURS["highlight"], ms=10)
    ax.plot([], [], "o", color=style.PALETTE["sky_blue"], label=f"{case.region} prevalence figures in data/")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("pre-test probability of facet joint pain (%)")
    ax.set_ylabel("probability after a positive block (%)")
    ax.set_title(f"One positive block lifts her {here:g}% only to {ppv:.0f}%", loc="left")
    ax.legend(loc="lower right")
    assumed = f" ({', '.join(accuracy.assumed)} assumed by the course)" if accuracy.assumed else ""
    style.source_note(
        fig,
        f"Invented patient (data/cases.csv). 02's Bayes model: single {case.region} block, sensitivity "
        f"{100 * accuracy.sensitivity:g}%{assumed}, specificity {100 * accuracy.specificity:g}% "
        f"({citations.author_year(accuracy.source_id)}); prevalences: "
        f"{citations.author_year(';'.join(o.source_id for o in options))}.",
    )
    alt = (
        f"Curve of the probability of facet pain after one positive {case.region} block against the pre-test "
        f"probability, above the diagonal of no test; the course's {len(options)} {case.region} prevalence "
        f"figures are marked on it. Her pre-test probability of {here:g}% becomes {ppv:.0f}%, so about "
        f"{100 - ppv:.0f} of 100 positive blocks like hers are false."
    )
    return fig, alt


def _draw_diary() -> tuple[Figure, UpdateFn]:
    """Her diary (pain 0-10 against hours after the block), the region's cut-off and the duration below which
    the diary reader adds a caution (never a change of verdict), updated in place for each relief duration."""
    case = case_model.case(BLOCK_CASE)
    drug = case.drug or ""
    criterion = block_criteria.block_criterion(case.region)
    cut = float(criterion["relief_percent_min"])
    baseline = case.baseline_pain or 0.0
    short = pain_diary.short_relief_hours(drug)
    fig, (ax,) = style.new_figure("slide")
    (line,) = ax.plot([], [], "o-", lw=2.5, ms=7, label="her pain diary")
    ax.axhline(baseline, color="#888888", ls=":", label=f"her usual pain, {baseline:g}/10")
    ax.axhline(baseline * (1 - cut / 100), color=style.ROLE_COLOURS["caution"], ls="--", lw=2)
    ax.text(
        0.26, baseline * (1 - cut / 100) + 0.1, f"{cut:g}% relief: the {case.region} cut-off", va="bottom"
    )
    ax.axvline(short, color=style.ROLE_COLOURS["highlight"], lw=2)
    ax.text(
        short * 1.05,
        9.6,
        f"{short:g} h: {drug} relief ending sooner earns\na caution (course assumption), not a verdict",
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
        colour = style.ROLE_COLOURS["safe" if result.verdict == "positive" else "caution"]
        title.set_text(f"Relief for {relief_hours:g} h: the diary reader says '{result.verdict}'")
        title.set_color(colour)
        ppv, _ = post_test_percent(case)
        return (
            f"{case.relief_percent:g}% relief lasting about {result.relief_lasted_hours:.1f} h: "
            f"<b>{result.verdict}</b>. Duration: {result.duration_verdict}. Even read as positive, one block "
            f"lifts her {case.pretest_percent:g}% pre-test probability only to {ppv:.0f}%."
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
        "relief cut-off and the duration below which the reader adds a caution (not a verdict) marked; the "
        "title gives the diary reader's "
        "verdict for the chosen duration.",
    )
