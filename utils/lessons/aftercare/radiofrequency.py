"""07, section 3: radiofrequency or not? The chance of a useful result after each selection paradigm (notebook
02's trial, through its model) and how long relief lasted in the trials and the audit read.

Numbers from :mod:`facet_course.models.aftercare` (``data/aftercare_rf_outcomes.csv``) and, for the paradigms,
:func:`facet_course.models.block_pathway.trial_table` (notebook 02); none typed here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import aftercare, complications

PARADIGMS = list(aftercare.PARADIGMS)
DEFAULT_PARADIGM = PARADIGMS[-1]
TREATED, ARM = PALETTE["green"], PALETTE["blue"]


def outcomes_table() -> pd.DataFrame:
    """Radiofrequency outcomes per study and arm: design, how patients were selected, result, source."""
    rows = []
    for _, r in aftercare.rf_outcomes().iterrows():
        high = "" if pd.isna(r["value_high"]) else f" to {r['value_high']:g}"
        rows.append(
            {
                "study": r["study"],
                "region": r["region"],
                "design": r["design"],
                "selected by": r["selection"],
                "outcome": r["outcome"],
                "arm (n)": f"{r['arm']} ({r['n']}{'' if r['n_of'] == 'arm' else ': ' + r['n_of']})",
                "result": f"{r['value']:g}{high} {r['unit']}",
                "source": citations.author_year(r["source_id"]),
            }
        )
    return pd.DataFrame(rows)


def statements_table(topic: str) -> pd.DataFrame:
    """Sourced statements of one topic ('radiofrequency technique', 'radiofrequency aftercare', 'repeat',
    'readability')."""
    rows = []
    for _, r in aftercare.statements(topic).iterrows():
        value = ""
        if not pd.isna(r["value"]):
            high = "" if pd.isna(r["value_high"]) else f" to {r['value_high']:g}"
            value = f"{r['value']:g}{high} {r['unit']}"
        rows.append(
            {
                "statement": r["statement"],
                "value": value,
                "kind": r["kind"],
                "source": citations.author_year(r["source_id"]),
            }
        )
    return pd.DataFrame(rows)


def _duration_text(region: str) -> str:
    """How long relief lasted in the region's strongest source read (the key result, short)."""
    first, second = (aftercare.rf_outcome(i) for i in aftercare.duration_rows(region))
    success = aftercare.rf_outcome("macvicar_success")
    if region == "cervical":
        return (
            f"In the placebo-controlled neck trial ({citations.author_year(first['source_id'])}; "
            "patients chosen "
            f"by placebo-controlled blocks) half had their pain back by {first['value']:g} days after "
            f"radiofrequency, against {second['value']:g} days after a sham."
        )
    return (
        f"In an audit with strict selection (complete relief after controlled blocks; no control group, so "
        f"it cannot show the effect of the treatment itself; "
        f"{citations.author_year(first['source_id'])}) relief lasted about {first['value']:g} months from "
        f"the first treatment and {second['value']:g} after a repeat (for all treated or for the "
        f"{success['value']:g} to {success['value_high']:g}% who met its strict success, and whether as "
        "medians, the abstract does not say)."
    )


def _of(row: pd.Series) -> str:
    """A row's percentage of its arm as 'k of n' patients."""
    return f"{round(row['value'] * row['n'] / 100):g} of {row['n']}"


def single_block_trials_text() -> str:
    """The lumbar trials that selected with one block, whose results differ (from data/, none typed)."""
    kleef, kleef_sham = aftercare.rf_outcome("vankleef_rf"), aftercare.rf_outcome("vankleef_sham")
    wijk, juch = aftercare.rf_outcome("vanwijk_rf"), aftercare.rf_outcome("juch_facet")
    return (
        "Trials that selected with one block differ: a small sham-controlled trial found more successes "
        f"at 8 weeks after radiofrequency ({_of(kleef)} vs {_of(kleef_sham)} after sham, "
        "significant after adjustment; pain, global perceived effect and disability also better; "
        f"{citations.author_year(kleef['source_id'])}); "
        f"a larger one found no difference on its combined outcome ({wijk['value']:g}% vs "
        f"{aftercare.rf_outcome('vanwijk_sham')['value']:g}%) but a better global perceived effect after "
        f"radiofrequency ({citations.author_year(wijk['source_id'])}); a pragmatic, unblinded trial "
        "found a difference in pain "
        f"of {juch['value']:g} points (0 to 10) at 3 months against exercise alone "
        f"({citations.author_year(juch['source_id'])}). "
        "Selection, technique and design all differ between them: none of these is shown to be the cause."
    )


#: Notebook 06's rates for cervical radiofrequency (data/complication_rates.csv) at C2-3: in almost all
#: (numbness, unsteadiness) and in about half (temporary dysaesthesia) of the patients.
NECK_ALMOST_ALL: tuple[str, ...] = ("rf_ton_numbness", "rf_ton_ataxia")
NECK_ABOUT_HALF: tuple[str, ...] = ("rf_ton_dysaesthesia",)
NECK_EXPECTED: tuple[str, ...] = (*NECK_ALMOST_ALL, *NECK_ABOUT_HALF)


def harms_text(region: str) -> str:
    """Side effects of radiofrequency for one region, from notebook 06's rates (lumbar: per lesion site;
    cervical: per patient, at C2-3 and below it, each with its source)."""
    if aftercare.check_region(region) == "lumbar":
        minor, serious = complications.rate("rf_minor"), complications.rate("rf_deficit_or_infection")
        return (
            f"Side effects (low back): {minor.event}, {minor.text()}; {serious.event}: "
            f"{serious.count_text()}, which does not mean no risk ({citations.author_year(minor.source_id)})."
        )
    expected = [complications.rate(k) for k in NECK_EXPECTED]
    table = citations.author_year(citations.source("cervical_complications_table"))

    def parts(keys: tuple[str, ...]) -> str:
        rates = [complications.rate(k) for k in keys]
        return " and ".join(f"{r.event.removesuffix(' (expected)')} {r.rate_percent:g}%" for r in rates)

    pain = complications.rate("rf_ton_neuralgia")
    lower = complications.rate("rf_lower_cervical_numbness")
    return (
        "Side effects (neck): after radiofrequency at C2-3 (third occipital nerve), in almost all: "
        f"{parts(NECK_ALMOST_ALL)}; in about half: {parts(NECK_ABOUT_HALF)}; of "
        f"{expected[0].denominator} patients ({citations.author_year(expected[0].source_id)}, as "
        f"tabulated in {table}; no duration given). While unsteady, no driving (course advice, as in "
        f"notebook 06); {pain.event}: {pain.count_text()} "
        f"({citations.author_year(pain.source_id)}). At C3-4 and below: {lower.event}, "
        f"{lower.count_text()} treated (a very small sample; {citations.author_year(lower.source_id)}); "
        "rates from notebook 06's table."
    )


def _chance_text(paradigm: str, region: str) -> str:
    """The chance of a useful result after a paradigm (low back), or, for the neck, why none is given and
    what the cervical guideline recommends."""
    aftercare.check_region(region)
    r = aftercare.paradigm_result(paradigm)
    source = citations.author_year(r.source_id)
    if region == "cervical":
        single = aftercare.statement("cervical_guideline_single_block")
        return (
            f"With {paradigm} before radiofrequency in the neck: no trial comparing selection paradigms in "
            f"the neck was read, so no chance of success is given here ({source}'s figures are for the low "
            f"back). The cervical guideline's summary table, for clinical practice: a single diagnostic "
            f"block (dual blocks only for efficacy studies), positive at more than {single['value']:g}% "
            f"relief ({citations.author_year(single['source_id'])})."
        )
    caveat = ""
    if r.blocks == 0:
        mbb = aftercare.statement("lumbar_guideline_mbb_prognostic")
        caveat = (
            " Everyone in this arm had radiofrequency and its risks; the trial compared cost-effectiveness, "
            f"and in practice {mbb['statement']} ({citations.author_year(mbb['source_id'])}; notebook 02)."
        )
    return (
        f"With {paradigm} before radiofrequency: of 100 people who start on this path, about "
        f"{aftercare.per_100(r.success_of_arm_pct)} have a useful result at 3 months (at least half the "
        f"pain gone, feeling better overall); of 100 who go on to radiofrequency, about "
        f"{aftercare.per_100(r.success_of_treated_pct)} ({source}, low back).{caveat}"
    )


def clinic_key(paradigm: str, region: str) -> str:
    """The explorer's readout, key result first: the chance of a useful result (or why none, for the neck)
    and how long relief lasted. :func:`clinic_summary` adds the trials and the side effects."""
    return f"{_chance_text(paradigm, region)} {_duration_text(region)}"


def all_comers_text() -> str:
    """Notebook 02's trial read whole (review s10 F7): of everyone who started, the no-block path gave the
    most useful results, and its authors called it the most cost-effective."""
    none, one, two = (aftercare.paradigm_result(p) for p in aftercare.PARADIGMS)
    return (
        f"Of everyone who started, that trial's no-block path gave the most useful results "
        f"({none.success_of_arm_pct:g}%, against {one.success_of_arm_pct:g}% after one block and "
        f"{two.success_of_arm_pct:g}% after two), and its authors concluded that, at the reimbursement "
        f"of the time, going to radiofrequency without a block was the most cost-effective path "
        f"({citations.author_year(none.source_id)}): stricter selection helps those treated but treats fewer."
    )


def clinic_summary(paradigm: str, region: str) -> str:
    """What a resident could say in clinic: chance of a useful result, how long it may last, what the
    single-block lumbar trials found, and the side effects. The paradigm numbers are a low-back trial's, so
    for the neck none are given: the cervical guideline's summary table (Table 22) on prognostic blocks is
    quoted instead."""
    trials = f" {all_comers_text()} {single_block_trials_text()}" if region == "lumbar" else ""
    return f"{clinic_key(paradigm, region)}{trials} {harms_text(region)}"


def _draw() -> tuple[Figure, Callable[..., str]]:
    """Left: success after each paradigm (of the arm and of those treated). Right: how long relief lasted."""
    fig, (left, right) = new_figure("notebook", ncols=2)
    fig.set_size_inches(7.8, 3.9)
    results = [aftercare.paradigm_result(p) for p in PARADIGMS]
    x = np.arange(len(PARADIGMS))
    treated = left.bar(x - 0.2, [r.success_of_treated_pct for r in results], 0.4, color=TREATED)
    arm = left.bar(x + 0.2, [r.success_of_arm_pct for r in results], 0.4, color=ARM)
    treated.set_label("of those who had radiofrequency")
    arm.set_label("of everyone who started")
    left.set_xticks(x, [p.replace(" ", "\n") for p in PARADIGMS], fontsize=7.5)  # narrow at any type size
    left.set_ylabel("useful result at 3 months (%)")
    left.set_ylim(0, 100)
    left.legend(loc="upper left", fontsize=7)
    left_title = left.set_title("", fontsize=9, loc="left")
    bars = right.bar([0, 1], [1, 1], 0.6, color=[TREATED, "#BBBBBB"])
    values = [right.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in (0, 1)]
    right.set_xticks([0, 1], ["", ""])
    right_title = right.set_title("", fontsize=9, loc="left")
    heading = fig.suptitle("", fontsize=10, fontweight="bold")
    rows = [*aftercare.rf_outcomes()["source_id"], results[0].source_id]
    source_note(
        fig,
        f"Source: {citations.author_year(*rows)}. Useful result: the definition of "
        f"{citations.author_year(results[0].source_id)} (notebook 02).",
    )

    def update(paradigm: str, region: str) -> str:
        chosen = PARADIGMS.index(paradigm)
        neck = region == "cervical"
        for i, (t, a) in enumerate(zip(treated, arm, strict=True)):
            for bar in (t, a):
                bar.set_alpha(1.0 if i == chosen and not neck else 0.35)
        first, second = (aftercare.rf_outcome(i) for i in aftercare.duration_rows(region))
        for bar, text, row in zip(bars, values, (first, second), strict=True):
            bar.set_height(row["value"])
            text.set_position((bar.get_x() + bar.get_width() / 2, row["value"]))
            text.set_text(f"{row['value']:g} {row['unit']}")
        right.set_xticks([0, 1], [textwrap.fill(r["arm"], 22) for r in (first, second)], fontsize=7)
        right.set_ylim(0, max(first["value"], second["value"]) * 1.25)
        right.set_ylabel(f"how long relief lasted ({first['unit']})")
        right_title.set_text(f"How long ({region}: {first['study']})")
        left_title.set_text(
            "Low back only: no such trial in the neck" if neck else "Chance of a useful result (low back)"
        )
        heading.set_text(f"Radiofrequency or not? {paradigm} before it, {region}")
        return clinic_key(paradigm, region)

    return fig, update


def rf_explorer() -> Explorer:
    """Selection paradigm and region: the chance of a useful result and how long relief lasted."""
    return explore(
        "radiofrequency-or-not",
        _draw,
        [
            Control("paradigm", "Selection before radiofrequency", PARADIGMS, value=DEFAULT_PARADIGM),
            Control("region", "Region", list(aftercare.REGIONS), value="lumbar"),
        ],
        question="Which paradigm gives the best chance for a patient who has the radiofrequency, and "
        "which for "
        "everyone who starts? Switch the region: which evidence on how long relief lasts is "
        "stronger, and why?",
        alt="Left: bars of the share of patients with a useful result at 3 months after "
        "radiofrequency with no "
        "block, one block or two comparative blocks, of those treated and of everyone who started (lumbar "
        "trial). Right: how long relief lasted, the placebo-controlled neck trial (radiofrequency against "
        "sham, days) or the lumbar audit with strict selection (first and repeat neurotomy, months).",
    )


@figure("radiofrequency-success-by-selection-and-duration")
def rf_figure() -> tuple[Figure, str]:
    """The radiofrequency summary at its defaults (comparative blocks, low back), for figures/ and print."""
    explorer = rf_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    alt = (
        "Bars of the share with a useful result at 3 months after lumbar radiofrequency by selection "
        "paradigm (of those treated and of everyone who started), and how long relief lasted in a lumbar "
        f"audit with strict selection (first and repeat neurotomy). {readout}"
    )
    return fig, alt
