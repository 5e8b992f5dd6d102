"""02, section 3: the cut-off debate. Radiofrequency success by the relief patients had from their blocks
(the studies in the guidelines' own tables), the region's guideline cut-off from notebook 05's table, and
where one patient's block falls.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import CYCLE, new_figure, source_note
from ...models import block_criteria, block_selection

#: Relief a patient might report after a block (percent of usual pain), for the explorer.
RELIEF_OPTIONS: tuple[int, ...] = (40, 50, 60, 70, 80, 100)


def cutoff_table(region: str) -> pd.DataFrame:
    """The region's studies as rows: study, relief group, patients, radiofrequency success (%)."""
    rows = block_selection.cutoff_outcomes(region)
    records = [
        {
            "study": r["study"],
            "relief after the block(s)": r["relief_group"],
            "patients in the group": ""
            if r["n_patients"] is None or r["n_patients"] != r["n_patients"]
            else int(r["n_patients"]),
            "radiofrequency success (%)": f"{r['rf_success_pct']:g}",
            "source": citations.author_year(r["source_id"]),
        }
        for _, r in rows.iterrows()
    ]
    records += [
        {
            "study": r["study"],
            "relief after the block(s)": r["relief_group"],
            "patients in the group": int(r["n_patients"]),
            "radiofrequency success (%)": "no group rates reported",
            "source": citations.author_year(r["source_id"]),
        }
        for _, r in block_selection.cutoff_findings_without_groups(region).iterrows()
    ]
    return pd.DataFrame(records)


def short_study(study: str) -> str:
    """'Derby et al' from 'Derby et al (lumbar guideline Table 8)': the name without where it was read."""
    return study.split(" (")[0]


def _crowded_from_above(rows: pd.DataFrame, low: float, high: float, y: float) -> bool:
    """Whether another relief group overlapping [low, high] lies 0-10 points above y (its label would sit
    where this group's label goes)."""
    groups = rows[(rows["relief_low_pct"] > 0) | (rows["relief_high_pct"] < 100)]
    overlap = (groups["relief_low_pct"] <= high) & (groups["relief_high_pct"] >= low)
    return bool(((groups["rf_success_pct"] > y) & (groups["rf_success_pct"] <= y + 10) & overlap).any())


def _draw_cutoffs() -> tuple[Figure, Callable[..., str]]:
    """Study groups as horizontal segments (relief range) at their success rate; cut-off and patient lines."""
    fig, (ax,) = new_figure("slide")
    artists: dict[str, list] = {region: [] for region in block_selection.REGIONS}
    for region in block_selection.REGIONS:
        rows = block_selection.cutoff_outcomes(region)
        studies = list(dict.fromkeys(rows["study"]))
        for _, r in rows.iterrows():
            colour = CYCLE[studies.index(r["study"]) % len(CYCLE)]
            low, high, y = r["relief_low_pct"], r["relief_high_pct"], r["rf_success_pct"]
            if low == 0 and high == 100:  # the whole cohort: a reference line, not a relief group
                ref = ax.axhline(y, color=colour, ls="--", lw=1.5)
                note = ax.text(  # two lines: in slide and handout type one line ran into the cut-off line
                    1,
                    y + 1.5,
                    f"{short_study(r['study'])}: whole cohort {y:g}%\n(not a relief group)",
                    fontsize=8,
                    color=colour,
                    ha="left",
                    va="bottom",
                )
                artists[region] += [ref, note]
                continue
            (seg,) = ax.plot([low, high], [y, y], color=colour, lw=4, solid_capstyle="butt")
            (dot,) = ax.plot([(low + high) / 2], [y], "o", color=colour, ms=7)
            # under its segment when another group's sits just above over the same relief (no stacking)
            below = _crowded_from_above(rows, low, high, y)
            value = ax.text(
                (low + high) / 2,
                y - 2.5 if below else y + 1.5,
                f"{y:g}%",
                fontsize=8,
                color=colour,
                ha="center",
                va="top" if below else "bottom",
            )
            artists[region] += [seg, dot, value]
        handles = [Line2D([], [], color=CYCLE[i % len(CYCLE)], lw=4) for i in range(len(studies))]
        legend = Legend(
            ax, handles, [short_study(s) for s in studies], loc="upper left", fontsize=8, title="study"
        )
        ax.add_artist(legend)
        artists[region].append(legend)
    cut = ax.axvline(50, color="black", ls="--", lw=1.2)
    cut_text = ax.text(51, 3, "", fontsize=8, va="bottom")
    patient = ax.axvline(50, color="#666666", lw=2.5, alpha=0.6)
    ax.set_xlim(0, 105)
    ax.set_ylim(0, 100)
    ax.set_xlabel("relief from the diagnostic block(s) (% of usual pain)")
    ax.set_ylabel("radiofrequency success in the group (%)")
    title = ax.set_title("")
    source_note(
        fig,
        f"{citations.cite(block_selection.cutoff_outcomes())}. Each study's own design, blocks and "
        "definition of success: compare groups within a study. Dashed vertical: the region's guideline "
        "cut-off (notebook 05); dashed horizontal: a study's whole cohort, for reference.",
    )

    def update(region: str, relief_percent: int) -> str:
        for name, items in artists.items():
            for item in items:
                item.set_visible(name == region)
        row = block_criteria.block_criterion(region)
        cut.set_xdata([row["relief_percent_min"]] * 2)
        cut_text.set_position((float(row["relief_percent_min"]) + 1, 3))
        cut_text.set_text(f"guideline: positive at {block_criteria.cutoff_text(region)}")
        patient.set_xdata([relief_percent] * 2)
        verdict = block_selection.block_verdict(relief_percent, region)
        title.set_text(_title(region))
        return _readout(region, relief_percent, verdict)

    return fig, update


def _title(region: str) -> str:
    """The point of the frame: which studies with two or more groups above 50% relief found similar success
    (differences under 20 points), and which did not."""
    rows = block_selection.cutoff_outcomes(region)
    above = rows[rows["relief_low_pct"] >= 50]
    compared = above.groupby("study", sort=False)["rf_success_pct"].agg(["count", "max", "min"])
    compared = compared[compared["count"] >= 2]
    similar = [short_study(s) for s, r in compared.iterrows() if r["max"] - r["min"] < 20]
    split = [short_study(s) for s, r in compared.iterrows() if r["max"] - r["min"] >= 20]
    title = (
        f"{region.capitalize()}: above 50% relief, {', '.join(similar) or 'no study'} found similar success"
    )
    return title + (f"; {', '.join(split)} did not" if split else "")


def _readout(region: str, relief_percent: int, verdict: str) -> str:
    """What the guideline and the studies say about a block with this relief (pure)."""
    rows = block_selection.cutoff_outcomes(region)
    low, high = rows["relief_low_pct"], rows["relief_high_pct"]
    # a group covers [low, high): a relief at a boundary belongs to the group that starts there
    inside = rows[
        (low <= relief_percent) & ((relief_percent < high) | ((high == 100) & (relief_percent == 100)))
    ]
    whole = (inside["relief_low_pct"] == 0) & (inside["relief_high_pct"] == 100)
    groups = "; ".join(
        f"{r['study']}, {r['relief_group']}: {r['rf_success_pct']:g}% success"
        + ("" if r["n_patients"] != r["n_patients"] else f" ({int(r['n_patients'])} patients)")
        for _, r in inside[~whole].iterrows()
    )
    cohort = "".join(
        f" For reference, not a relief group: {r['study']}, {r['relief_group']}: {r['rf_success_pct']:g}% "
        "success in the whole cohort."
        for _, r in inside[whole].iterrows()
    )
    other = "cervical" if region == "lumbar" else "lumbar"
    other_verdict = block_selection.block_verdict(relief_percent, other)
    caveat = (
        " A one-point gap is within the error of reported relief "
        f"({citations.author_year(citations.source('relief_report_error'))}): read the whole diary."
        if other_verdict != verdict
        else ""
    )
    return (
        f"A {region} block with {relief_percent}% relief is <b>{_shown(region, relief_percent, verdict)}</b> "
        f"under its guideline ({block_criteria.cutoff_text(region)}); under the {other} wording it would be "
        f"{_shown(other, relief_percent, other_verdict)}.{caveat} "
        + (
            f"Study groups at this relief: {groups}."
            if groups
            else "No study group in the tables covers this relief."
        )
        + cohort
        + _wording_note(region, relief_percent, verdict, inside)
    )


def _shown(region: str, relief_percent: int, verdict: str) -> str:
    """The verdict as shown: a negative block at exactly the region's cut-off value (the cervical '> 50%'
    at 50%) is 'borderline', not a hard negative (review s5 02, finding 3): the wording differs from the
    other region's and from the guideline's own evidence grouping by one character, well inside the error of
    reported relief (pure)."""
    at_threshold = float(block_criteria.block_criterion(region)["relief_percent_min"]) == relief_percent
    if verdict == "negative" and at_threshold:
        return "borderline (at the threshold: negative only under the strict '>' wording)"
    return verdict


def _wording_note(region: str, relief_percent: int, verdict: str, inside: pd.DataFrame) -> str:
    """When a negative block sits at the lower edge of a study group the guideline's own evidence table
    cites, say that the practice table's wording and the evidence table's grouping differ (pure)."""
    edge = inside[inside["relief_low_pct"] == relief_percent]
    at_cutoff = float(block_criteria.block_criterion(region)["relief_percent_min"]) == relief_percent
    if verdict != "negative" or edge.empty or not at_cutoff:  # review s7 02, finding 9: only AT the cut-off
        return ""
    row = edge.iloc[0]
    return (
        f" Note: the {region} guideline's clinical practice table (no grade) reads "
        f"'{block_criteria.cutoff_text(region)}', "
        f"while its evidence table groups patients from {relief_percent}% ({row['relief_group']}, "
        f"{short_study(row['study'])}); so a block at exactly {relief_percent}% is below the "
        "practice table's wording, though inside the study group it cites."
    )


#: The relief of the patient drawn in the static figure (%): the lumbar guideline's cut-off.
FIGURE_RELIEF_PERCENT = 50


def cutoff_explorer() -> Explorer:
    """Region and one patient's relief: the guideline's verdict and the study groups at that relief."""
    return explore(
        "block-cutoff-debate",
        _draw_cutoffs,
        [
            Control("region", "Region", list(block_selection.REGIONS), value="lumbar"),
            # opens on the question's 60%; the figure before it shows a patient at the lumbar cut-off (50%)
            Control("relief_percent", "Relief after the block", list(RELIEF_OPTIONS), value=60, unit="%"),
        ],
        question="Does a patient with 60% relief do worse after radiofrequency than one with 80%, in the "
        "studies the guidelines cite?",
        alt="Radiofrequency success by the relief patients had from their diagnostic blocks, one segment per "
        "study group, with the region's guideline cut-off and the chosen patient's relief as vertical lines.",
    )


@figure("radiofrequency-success-by-block-relief-cut-off")
def cutoff_figure() -> tuple[Figure, str]:
    """The cut-off explorer with a patient at the lumbar cut-off, 50% (the explorer opens on 60%)."""
    explorer = cutoff_explorer()
    fig, update = explorer.make_figure()
    readout = update(**{**explorer.defaults(), "relief_percent": FIGURE_RELIEF_PERCENT})
    return (
        fig,
        "Radiofrequency success by block relief in the studies the lumbar guideline cites. "
        + readout.replace("<b>", "").replace("</b>", ""),
    )
