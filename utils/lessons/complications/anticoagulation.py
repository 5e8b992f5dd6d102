"""06, section 4: anticoagulants and antiplatelets: the procedure's bleeding-risk category and the planner.

Categories and advice from :mod:`facet_course.models.anticoagulants` (the ASRA pain guideline 2018 as far as
it
could be read; the Spine Intervention Society's position on cervical radiofrequency). Where an interval could
not be read, the planner says 'see the guideline table' and links it. Every plan names the prescriber.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ...core import citations, data
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, presenting, reserve_caption, slide_min_pt, source_note, use
from ...models import anticoagulants as ac

#: A neutral light-to-dark scale, not the safe/caution/unsafe roles (review s13 F6: a green 'low' would read
#: as 'safe to continue'; low risk is not no risk); black text stays readable on every step.
CATEGORY_COLOURS: dict[str, str] = {
    "low": "#DEEBF7",
    "intermediate": "#9ECAE1",
    "high": "#4292C6",
    ac.SEE_TABLE: "#BBBBBB",
    ac.NOT_DETERMINED: "#FFFFFF",
}
#: What a cell with no category determined says on the grid.
NOT_DETERMINED_LABEL = "not\ndetermined:\nsources\ndiffer"
#: The drugs pre-rendered for the handout twin (one of each kind); the live planner offers every drug.
TWIN_DRUGS: tuple[str, ...] = ("aspirin", "apixaban")
NONE = "none"
#: The second drug pre-rendered for the handout twin (none, or an antiplatelet added).
TWIN_SECOND: tuple[str, ...] = (NONE, "clopidogrel")
#: The procedures and regions pre-rendered for the twin (the grid shows every cell's category in each frame;
#: 16 frames keep the handout's static run well inside its time limit on a loaded machine).
TWIN_PROCEDURES: tuple[str, ...] = ("medial branch block", "radiofrequency ablation")
TWIN_REGIONS: tuple[str, ...] = ("cervical", "lumbar")


def guideline_url() -> str:
    """The link to the guideline whose tables the planner points to."""
    return data.reference(citations.source("asra_pain_anticoagulants").split(";")[0]).url


def categories_table() -> pd.DataFrame:
    """Each facet procedure by region: the category, the wording read, and where it comes from."""
    return pd.DataFrame(
        {
            "procedure": r["procedure"],
            "region": r["region"],
            "organisation": r["organisation"],
            "category (ASRA) or recommendation (SIS)": r["category"],
            "wording read": r["wording"],
            "source": citations.author_year(r["source_id"]),
        }
        for _, r in ac.bleeding_risk_table().iterrows()
    )


def drugs_table() -> pd.DataFrame:
    """The drugs the planner knows, their class, and whether an interval was read."""
    return pd.DataFrame(
        {
            "drug": r["drug"],
            "class": r["drug_class"],
            "intervals": r["intervals"],
            "source": citations.author_year(r["source_id"]),
        }
        for _, r in ac.drug_table().iterrows()
    )


def patient_factors_table() -> pd.DataFrame:
    """Bleeding factors of the patient (why the drug is taken is not one), and why, with sources."""
    return pd.DataFrame(
        {"patient factor": r["factor"], "why": r["why"], "source": citations.author_year(r["source_id"])}
        for _, r in ac.patient_factor_table().iterrows()
    )


#: On a slide (and in a handout) the procedures' names stand in narrow lines left of the grid, the long word
#: broken where it may be: the width they leave is the cells', which then hold their words ('intermediate',
#: 'determined:') inside their edges in the slide's type (handout review).
SLIDE_ROW_CHARS = 10
SLIDE_BREAKS: dict[str, str] = {"radiofrequency": "radio-frequency"}
#: How far the frame around the chosen cell stands out from it (grid units; the cells are 0.04 apart).
CHOSEN_OUTSET = 0.02


def _row_label(procedure: str) -> str:
    """A procedure's name as the grid's row label: in lines of 14 characters on the page, of
    SLIDE_ROW_CHARS on a slide (a long word broken at a hyphen)."""
    if not presenting():
        return textwrap.fill(procedure, 14)
    for word, broken in SLIDE_BREAKS.items():
        procedure = procedure.replace(word, broken)
    return textwrap.fill(procedure, SLIDE_ROW_CHARS, break_long_words=False)


def _grid(ax: Axes) -> Rectangle:
    """The procedures x regions grid coloured by ASRA category, SIS marks on cervical RF; returns the frame
    that marks the chosen cell."""
    for i, procedure in enumerate(ac.PROCEDURES):
        for j, region in enumerate(ac.REGIONS):
            cat = str(ac.bleeding_risk(procedure, region)["category"])
            open_cell = cat == ac.NOT_DETERMINED  # white with a dotted edge: no category shown
            ax.add_patch(
                Rectangle(
                    (j, i),
                    0.96,
                    0.92,
                    fc=CATEGORY_COLOURS[cat],
                    ec=PALETTE["black"],
                    lw=0.8 * open_cell,
                    ls=":",
                )
            )
            label = {ac.SEE_TABLE: "see the\nguideline\ntable", ac.NOT_DETERMINED: NOT_DETERMINED_LABEL}.get(
                cat, cat
            )
            if ac.sis_position(procedure, region):
                label += "\nSIS: stop"
            ax.text(j + 0.48, i + 0.46, label, ha="center", va="center", fontsize=8)
    ax.set_xlim(-0.05, len(ac.REGIONS))
    ax.set_ylim(len(ac.PROCEDURES), -0.05)
    ax.set_xticks(np.arange(len(ac.REGIONS)) + 0.48, ac.REGIONS, fontsize=8.5)
    ax.set_yticks(np.arange(len(ac.PROCEDURES)) + 0.46, [_row_label(p) for p in ac.PROCEDURES], fontsize=8.5)
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.legend(
        handles=[
            Patch(fc=c, ec=PALETTE["black"] if k == ac.NOT_DETERMINED else c, ls=":", label=k)
            for k, c in CATEGORY_COLOURS.items()
            if k in set(ac.bleeding_risk_table()["category"]) or k == "high"
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncols=2,
        fontsize=7.5,
        title="ASRA 2018 bleeding risk",
        title_fontsize=7.5,
    )
    # the frame's line in the gaps around the cell, not over its edge, where the cell's words stand
    chosen = Rectangle(
        (-CHOSEN_OUTSET, -CHOSEN_OUTSET),
        0.96 + 2 * CHOSEN_OUTSET,
        0.92 + 2 * CHOSEN_OUTSET,
        fill=False,
        lw=3,
        ec=PALETTE["black"],
    )
    ax.add_patch(chosen)
    return chosen


#: The plan's text in the page's type: points and characters per line of the right-hand panel.
PLAN_PT, PLAN_CHARS = 7.9, 64
#: Lines (blank ones included) of the plan that fit above the source note on the page (7.9 pt, 1.2 apart).
PLAN_PAGE_LINES = 31
#: On a slide, a remark in parentheses longer than this is left to the readout under the frame (it gives
#: where the sources differ): the plan's points stay on the slide in the slide's larger type.
SLIDE_ASIDE_CHARS = 25


def _without_long_asides(line: str, longest: int = SLIDE_ASIDE_CHARS) -> str:
    """The line without its parenthesised remarks (outermost pairs) longer than ``longest`` characters,
    except those that name the prescriber."""
    kept, depth, start = [], 0, 0
    for i, char in enumerate(line):
        if char == "(":
            if depth == 0:
                kept.append(line[start:i])
                start = i
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                aside = line[start : i + 1]
                # an aside that hands a decision to the prescriber always stays (review s19 F2: the SIS
                # statement's scope, 'aspirin for secondary prevention: ... the prescriber')
                kept.append(aside if len(aside) <= longest + 2 or "prescriber" in aside else "")
                start = i + 1
    kept.append(line[start:])
    return " ".join("".join(kept).split()).replace(" .", ".").replace(" :", ":").replace(" ;", ";")


def _plan_text(lines: list[str], fig: Figure, slide: bool) -> str:
    """The plan's lines wrapped to the panel. On a slide (larger type): narrower, as bullets with no blank
    line between them, without long asides, and
    without the prescriber note, the same in every frame, which the title ('ask the prescriber') and the
    readout under the frame ('involve the prescriber') already say."""
    if not slide:
        return _page_plan_text(lines)
    chars = int(PLAN_CHARS * PLAN_PT / max(PLAN_PT, slide_min_pt(fig)))  # the page's wrap has room
    shown = [_without_long_asides(line) for line in lines if line != ac.PRESCRIBER_NOTE]
    return "\n".join(
        textwrap.fill(line, chars, initial_indent="• ", subsequent_indent="  ") for line in shown
    )


def _page_plan_text(lines: list[str]) -> str:
    """The plan on the page: paragraphs a blank line apart; when that would run into the source note (two
    drugs before a cervical procedure), one line apart, each paragraph's first line hanging out like a
    bullet, and without the prescriber note, which the title ('ask the prescriber') and the readout
    ('involve the prescriber') already say."""
    filled = [textwrap.fill(line, PLAN_CHARS) for line in lines]
    if sum(f.count("\n") + 2 for f in filled) - 1 <= PLAN_PAGE_LINES:
        return "\n\n".join(filled)
    shown = [line for line in lines if line != ac.PRESCRIBER_NOTE]
    return "\n".join(textwrap.fill(line, PLAN_CHARS, subsequent_indent="  ") for line in shown)


def _draw_planner() -> tuple[Figure, Callable[..., str]]:
    """Left: the category grid with the chosen procedure and region framed; right: the plan as text."""
    use()
    fig = Figure(figsize=(9.0, 5.0), layout="constrained")
    # On a slide (one place): every text is raised to the slide's least size, so the grid takes more of the
    # width, and the plan is narrower, tighter and shorter (_plan_text)
    slide = presenting()
    # the slide's grid as wide as the plan: the plan keeps the width it had beside the wider row labels
    grid_ax, text_ax = fig.subplots(1, 2, width_ratios=(1, 1) if slide else (1, 1.45))
    chosen = _grid(grid_ax)
    grid_ax.set_title("Bleeding risk of the procedure", fontsize=9.5, loc="left")
    text_ax.axis("off")
    body = text_ax.text(
        0, 1, "", va="top", fontsize=PLAN_PT, transform=text_ax.transAxes, linespacing=1.0 if slide else 1.2
    )
    body.set_in_layout(False)  # the layout keeps the grid's size whatever the length of the plan
    heading = fig.suptitle("", fontweight="bold", fontsize=10.5)
    source_note(
        fig,
        "Sources: "  # one call, so a source named by a table and a key is listed once (review s10 F9b)
        + citations.author_year(
            ac.bleeding_risk_table(),
            ac.drug_table(),
            ac.patient_factor_table(),
            citations.source(ac.INDICATION_KEY),
            citations.source(ac.UPGRADE_KEY),
        )
        + f". Intervals: see the guideline's tables, {guideline_url()}",
    )

    def update(drug: str, second: str, factor: str, procedure: str, region: str) -> str:
        chosen.set_xy(
            (ac.REGIONS.index(region) - CHOSEN_OUTSET, ac.PROCEDURES.index(procedure) - CHOSEN_OUTSET)
        )
        drugs = [drug] if second == NONE else [drug, second]
        names = " + ".join(drugs)
        try:
            plan = ac.plan(drugs, procedure, region, [] if factor == NONE else [factor])
        except ValueError as error:  # an impossible drug list: say so in place of a plan
            body.set_text(
                textwrap.fill(f"Not planned: {error}.", 64) + "\n\n" + textwrap.fill(ac.PRESCRIBER_NOTE, 64)
            )
            heading.set_text(f"{names}: not a regimen to plan from")
            return f"{names}: not planned ({error})"
        lines = [line for line in plan.lines() if not line.startswith("Bleeding factors of the patient")]
        body.set_text(_plan_text(lines, fig, slide))
        heading.set_text(
            f"{names.capitalize()} before a {region} {procedure}:{chr(10) if slide else ' '}ask the "
            "prescriber, then the guideline"
        )
        sis = "; SIS: stop before it" if plan.sis_position else ""
        if plan.sis_caveat:  # review s17 of 06 F2: never 'stop' for aspirin without the statement's scope
            sis += f" ({plan.sis_caveat})"
        if plan.sis_scope_note:
            sis = "; SIS statement is about therapeutic anticoagulants and antiplatelets"
        known = plan.category in ac.CATEGORY_ORDER
        raised = ""
        if plan.raised:
            then = f"consider {plan.planned_category}" if known else "weigh that"
            raised = f", may be riskier ({'; '.join(plan.raise_reasons)}): {then} with the prescriber"
        category = f"{plan.category} bleeding risk" if known else f"bleeding risk {plan.category}"
        return (
            f"{region} {procedure}: {category}{_differ(procedure, region)}{raised}{sis}; "
            f"{names}: {ac.SEE_TABLE} for intervals; involve the prescriber"
        )

    return fig, update


#: Interim advice for a cell with no category determined, by region (review s10 F6): the course's reading,
#: labelled as such, never a category.
INTERIM: dict[str, str] = {
    "cervical": "; until then, discuss it with the prescriber as for the other cervical facet procedures "
    "(intermediate): the course's reading, not the guideline's",
    "thoracic": "; until then, plan it with the prescriber as intermediate, the stricter of the two readings "
    "(stricter is not safer: stopping a drug risks a clot): the course's reading, not the guideline's",
}


def _differ(procedure: str, region: str) -> str:
    """Where the sources read differ on the category (the row's own words, review 14 F9), say so in the
    readout; else nothing. A cell with no category determined names the disagreement (review s5 F2)."""
    row = ac.bleeding_risk(procedure, region)
    words = str(row["wording"])
    if row["category"] == ac.NOT_DETERMINED:
        return (
            f" ({words.split(': ', 1)[1].split('. Check', 1)[0]}; the course shows neither; check Table 1 of "
            f"the guideline{INTERIM.get(region, '')})"
        )
    marker = "Sources differ: "
    if marker not in words:
        return ""
    other = words.split(marker, 1)[1].split(". Shown", 1)[0].split(". Check", 1)[0].split("; check", 1)[0]
    return f" (sources differ: {other}; check Table 1 of the guideline)"


def planner_explorer() -> Explorer:
    """Choose the drug, the procedure and the region; read the category, the advice and who must be
    involved."""
    return explore(
        "anticoagulant-planner",
        _draw_planner,
        [
            Control("drug", "Drug", ac.drugs(), value="apixaban", twin_options=list(TWIN_DRUGS)),
            Control("second", "With", [NONE, *ac.drugs()], value=NONE, twin_options=list(TWIN_SECOND)),
            Control(
                "factor",
                "Bleeding factor",
                [NONE, *ac.patient_factor_table()["factor"]],
                value=NONE,
                twin_options=[NONE],
            ),
            Control(
                "procedure",
                "Procedure",
                list(ac.PROCEDURES),
                value="radiofrequency ablation",
                twin_options=list(TWIN_PROCEDURES),
            ),
            Control("region", "Region", list(ac.REGIONS), value="cervical", twin_options=list(TWIN_REGIONS)),
        ],
        question="For which facet procedures does the region change the bleeding-risk category, where does "
        "the Spine Intervention Society say to stop the drug, and what does adding a second drug do?",
        alt="A grid of facet procedures by region coloured by the ASRA 2018 bleeding-risk category "
        "(lumbar low, as ASRA's newsletter reports the 2018 update; thoracic medial branch blocks and "
        "radiofrequency low, as a table adapted from the 2018 guideline lists them, one source saying "
        "intermediate; cervical medial branch blocks and radiofrequency intermediate; thoracic and cervical "
        "intra-articular injection not determined, because the sources read disagree), the chosen cell "
        "framed, and the plan for the chosen "
        "drugs: the category "
        "and where sources differ, the "
        "category to consider with the prescriber when several drugs or a bleeding factor are present, "
        "the Spine Intervention Society's position for cervical radiofrequency, the drug's intervals ('see "
        "the guideline table' where not read), that why the drug is taken is a reason not to stop it alone, "
        "and the prescriber's role.",
    )


@figure("anticoagulant-planner-bleeding-risk-by-procedure")
def planner_figure() -> tuple[Figure, str]:
    """The planner at its defaults (apixaban, cervical radiofrequency ablation)."""
    explorer = planner_explorer()
    fig, update = explorer.make_figure()
    reserve_caption(fig)  # on a slide its labels wrap to the type it is drawn in: known before the update
    readout = update(**explorer.defaults())
    return fig, f"Bleeding-risk grid of facet procedures by region with a plan. {readout}"


def guideline_link() -> str:
    """Markdown: where the intervals this course could not read are (the guideline's drug tables)."""
    ref = data.reference(citations.source("asra_pain_anticoagulants").split(";")[0])
    return (
        f"Intervals for each drug: **see the guideline table** in [{citations.author_year(ref.id)}, "
        f"{ref.journal}]({ref.url}). This course could not read those tables, so it states no per-drug "
        "interval; the planner says so for every drug. **Do not plan a patient's drugs from this "
        "planner**: it teaches the categories and the questions to ask; the guideline's tables and the "
        "prescriber decide. The drug list is partial: the guideline covers "
        "more drugs (and supplements) than the planner knows; for any other drug read the guideline and "
        "ask its prescriber.\n\n"
        f"{ac.noac_timing_text()} {ac.renal_caution_text()}\n\n"
        f"{' '.join(ac.last_dose_text(drug) for drug in ac.renal_half_life_table()['drug'].unique())}\n\n"
        "The Spine Intervention Society's FactFinder makes two statements "
        f"({citations.author_year(citations.source('sis_cervical_rf'))}, abstract): for **cervical medial "
        "branch blocks**, that there is strong evidence to guide the decision to continue or stop the drugs "
        "(it does not say to stop them); for **cervical medial branch radiofrequency neurotomy**, that "
        "therapeutic anticoagulant and antiplatelet drugs should be stopped, because of serious bleeding "
        "risks."
    )
