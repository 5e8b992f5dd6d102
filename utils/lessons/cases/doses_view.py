"""Section 3's figure and explorer: the 48 kg case's plan against the safety rule set. The figure shows each
anaesthetic's governing maximum across body weights beside the plan's doses; the explorer moves the weight and
shows the plan's two anaesthetics added as shares of their maxima, with the rule set's verdict."""

from __future__ import annotations

import dataclasses

import numpy as np
from matplotlib.figure import Figure

from ...core import citations, style
from ...core.explore import Control, Explorer, UpdateFn, explore
from ...core.figures import figure
from ...models import cases as case_model
from ...safety import ProcedureCheck, caution_fraction, governing_max
from .drugs import plan_check

#: The case of section 3 whose plan is checked across weights.
DOSE_CASE = "low-weight"

#: Weights (kg) the explorer offers: a teaching grid around the case's weight (not clinical numbers).
WEIGHTS_KG: tuple[int, ...] = (32, 36, 40, 44, 48, 52, 60, 70, 80, 100)

VERDICT_COLOUR = {"fine": "safe", "caution": "caution", "unsafe": "unsafe"}

#: Her age in every readout: the rule set's maxima scale with weight, not age (the case's story and source).
AGE_CAVEAT = (
    "She is elderly: the maxima scale with weight, not age, and the bupivacaine label asks for reduced doses "
    "in elderly patients, so for her even 'fine' is a ceiling, not a target."
)


def plan_at_weight(weight_kg: float) -> ProcedureCheck:
    """The 48 kg case's plan, unchanged, through the rule set for a patient of ``weight_kg`` (kg)."""
    case = case_model.case(DOSE_CASE)
    return plan_check(dataclasses.replace(case, weight_kg=float(weight_kg)))


def _sources(check: ProcedureCheck) -> str:
    return citations.author_year(";".join(dict.fromkeys(d.governing.source_id for d in check.doses)))


@figure("low-weight-case-doses-against-governing-maximum")
def dose_figure() -> tuple[Figure, str]:
    """Governing maximum (mg) of each anaesthetic in the case's plan across body weights, with the plan's
    dose of each drug and the case's weight marked."""
    case = case_model.case(DOSE_CASE)
    check = plan_check(case)
    weights = np.arange(float(WEIGHTS_KG[0]), WEIGHTS_KG[-1] + 0.5, 1.0)
    fig, (ax,) = style.new_figure("slide")
    for colour, dose in zip(style.CYCLE, check.doses, strict=False):
        maxima = [governing_max(dose.drug, w, dose.adrenaline).limit_mg for w in weights]
        ax.plot(weights, maxima, color=colour, lw=2.5, label=f"{dose.label}: governing maximum")
        ax.axhline(dose.total_mg, color=colour, ls="--", lw=1.5)
        ax.plot([case.weight_kg], [dose.governing.limit_mg], "o", color=colour)
        share = 100 * dose.fraction_of_governing
        ax.annotate(  # at the right end, clear of the rising maximum lines, a little above its dashed line
            f"plan: {dose.drug} {dose.total_mg:g} mg ({share:.0f}% at {case.weight_kg:g} kg)",
            (weights[-1], dose.total_mg),
            xytext=(0, 4),  # points: the line ran through the descenders (handout review)
            textcoords="offset points",
            color=colour,
            ha="right",
            va="bottom",
            fontsize=9,
        )
    ax.axvline(case.weight_kg, color="#444444", lw=1)
    together = 100 * check.total_fraction_of_governing_max
    ax.set_title(
        f"At {case.weight_kg:g} kg her two anaesthetics add up to {together:.0f}% of their maxima: "
        f"{check.verdict}",
        loc="left",
    )
    ax.set_xlabel("body weight (kg)")
    ax.set_ylabel("dose (mg)")
    top = max(max(governing_max(d.drug, w, d.adrenaline).limit_mg for w in weights) for d in check.doses)
    ax.set_ylim(0, 1.45 * top)  # headroom above the ceilings: the legend sits there, clear of the lines
    ax.text(case.weight_kg + 0.7, 1.45 * top * 0.97, f"her weight, {case.weight_kg:g} kg", va="top")
    ax.legend(loc="upper right", fontsize=9)
    style.source_note(
        fig,
        "Invented patient (data/cases.csv); maxima: the course's safety rule set (lower of mg/kg x weight "
        f"and the ceiling). Sources: {_sources(check)}.",
    )
    alt = (
        f"Line chart of the governing maximum dose against body weight for "
        f"{' and '.join(d.drug for d in check.doses)}, rising with weight up to each ceiling, with the "
        "plan's dose of each as a dashed line. "
        + " ".join(
            f"{d.drug}: {d.total_mg:g} mg planned, maximum {d.governing.limit_mg:g} mg at "
            f"{case.weight_kg:g} kg ({100 * d.fraction_of_governing:.0f}%)."
            for d in check.doses
        )
        + f" Together {together:.0f}%: {check.verdict}."
    )
    return fig, alt


def _draw_shares() -> tuple[Figure, UpdateFn]:
    """A stacked bar of the plan's shares of the governing maxima, with the caution and unsafe lines."""
    margin = caution_fraction()[0]
    first = plan_at_weight(case_model.case(DOSE_CASE).weight_kg)
    fig, (ax,) = style.new_figure("slide")
    bars = []
    for colour, dose in zip(style.CYCLE, first.doses, strict=False):
        bars.append(ax.barh([0], [0], color=colour, height=0.5, label=dose.label)[0])
    ax.axvline(100 * margin, color=style.ROLE_COLOURS["caution"], lw=2, ls="--")
    ax.axvline(100, color=style.ROLE_COLOURS["unsafe"], lw=2)
    ax.text(100 * margin, 0.42, f"caution from {100 * margin:.0f}%", ha="right", va="bottom")
    ax.text(100, 0.42, " unsafe above 100%", ha="left", va="bottom")
    share_text = ax.text(0, -0.42, "", va="top", fontsize=10)
    title = ax.set_title("", loc="left")
    ax.set_xlim(0, 130)
    ax.set_ylim(-0.9, 0.7)
    ax.set_yticks([])
    ax.set_xlabel("share of each anaesthetic's governing maximum, added (%)")
    ax.legend(loc="upper left", ncols=2)
    style.source_note(
        fig,
        "Invented patient (data/cases.csv), her plan unchanged at every weight; verdict: the course's safety "
        f"rule set. Sources: {_sources(first)}.",
    )

    def update(weight_kg: float) -> str:
        check = plan_at_weight(weight_kg)
        left = 0.0
        parts = []
        for bar, dose in zip(bars, check.doses, strict=True):
            share = 100 * dose.fraction_of_governing
            bar.set_x(left)
            bar.set_width(share)
            left += share
            parts.append(f"{dose.drug} {dose.total_mg:g} of {dose.governing.limit_mg:g} mg ({share:.0f}%)")
        colour = style.ROLE_COLOURS[VERDICT_COLOUR[check.verdict]]
        title.set_text(f"At {weight_kg:g} kg the same plan is {left:.0f}% of the maxima: {check.verdict}")
        title.set_color(colour)
        share_text.set_text("\n".join(parts))  # one drug a line: on one line it reached the caution line
        return (
            f"At {weight_kg:g} kg: {'; '.join(parts)}; together <b>{left:.0f}%</b>, the rule set says "
            f"<b>{check.verdict}</b>. {AGE_CAVEAT}"
        )

    return fig, update


def dose_explorer() -> Explorer:
    """Body weight -> the 48 kg case's unchanged plan as added shares of its maxima, with the verdict."""
    case = case_model.case(DOSE_CASE)
    return explore(
        "low-weight-plan-by-weight",
        _draw_shares,
        [Control("weight_kg", "Patient's weight", list(WEIGHTS_KG), value=int(case.weight_kg), unit="kg")],
        question="The same plan in a lighter or heavier patient: at which weight does it change from fine to "
        "caution, and from caution to unsafe?",
        alt="A stacked bar of the plan's bupivacaine and lidocaine as shares of their governing maxima, "
        "with the caution line and the unsafe line; the title gives the rule set's verdict at the chosen "
        "weight.",
    )
