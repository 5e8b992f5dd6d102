"""01, section 5: how often chronic spinal pain comes from the facet joints, by diagnostic method.

A single uncontrolled block overestimates facet pain; comparative and placebo-controlled blocks give lower
figures. Percentages from ``data/facet_pain_prevalence.csv``.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import prevalence

#: Marker, colour and legend label of each diagnostic method in the data.
METHOD_STYLE = {
    "single_block": ("o", PALETTE["orange"], "single block (uncontrolled)"),
    "comparative_blocks": ("s", PALETTE["blue"], "comparative blocks"),
    "placebo_controlled_blocks": ("D", PALETTE["green"], "placebo- or sham-controlled blocks"),
}

#: Plain words for what each figure counts (the data's codes are not shown to residents).
QUANTITY_LABELS = {
    "prevalence": "prevalence",
    "false_positive_single_block": "false-positive rate of a single block",
    "single_block_positive": "responded to a single screening block",
    "placebo_response": "responded to the placebo (saline) control",
}


def prevalence_rows() -> pd.DataFrame:
    """The sourced prevalence table as stored (percentages of patients), from its one loader in the models."""
    return prevalence.prevalence_table()


def prevalence_table() -> pd.DataFrame:
    """Every prevalence figure with its confidence interval (%), how the blocks were controlled (the
    criterion in the study's own terms) and the source, with plain column names and labels."""
    frame = prevalence_rows()
    ci = [
        "none in the text read" if pd.isna(low) else f"{low:g}-{high:g}"
        for low, high in zip(frame["ci_low_pct"], frame["ci_high_pct"], strict=True)
    ]
    return pd.DataFrame(
        {
            "region": frame["region"],
            "patients": frame["population"],
            "figure": [QUANTITY_LABELS.get(q, q.replace("_", " ")) for q in frame["quantity"]],
            "value (%)": [f"{v:g}" for v in frame["value_pct"]],
            "95% CI (%)": ci,
            "blocks": [METHOD_STYLE[m][2] for m in frame["diagnostic_method"]],
            "criterion": frame["criterion"],
            "source": [citations.short(s) for s in frame["source_id"]],
        }
    ).reset_index(drop=True)


@figure("facet-pain-prevalence-by-diagnostic-method")
def prevalence_figure() -> tuple[Figure, str]:
    """Prevalence by region and study, marked by how strictly the blocks were controlled."""
    frame = prevalence_rows()
    rows = frame[frame["quantity"].isin(["prevalence", "single_block_positive"])].reset_index(drop=True)
    fig, (ax,) = new_figure("notebook")
    labels = []
    for i, row in rows.iterrows():
        marker, colour, _ = METHOD_STYLE[row["diagnostic_method"]]
        ax.plot(row["value_pct"], i, marker, color=colour, ms=8)
        if not pd.isna(row["ci_low_pct"]):
            ax.hlines(i, row["ci_low_pct"], row["ci_high_pct"], color=colour, lw=2)
        who = citations.author_year(row["source_id"].split(";")[0])
        labels.append(f"{row['region']}: {who}\n{row['population_label']}")
    for marker, colour, label in METHOD_STYLE.values():
        ax.plot([], [], marker, color=colour, label=label)
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("patients with facet joint pain in the study (%)")
    ax.legend(loc="center right", fontsize=7)
    ax.set_title(
        "Prevalence depends on who was studied and how blocks were controlled", fontsize=10, loc="right"
    )
    source_note(fig, citations.cite(rows) + ". Lines: 95% confidence intervals where reported.")
    lumbar = rows[(rows["region"] == "lumbar") & (rows["quantity"] == "prevalence")]["value_pct"]
    alt = (
        f"Prevalence of facet joint pain by region and study; lumbar estimates range from "
        f"{lumbar.min():.0f}% to {lumbar.max():.0f}% depending on the diagnostic method; uncontrolled single "
        "blocks give higher figures. The cervical figures other than the pain-practice one come from "
        "patients after whiplash, one of them from the C2-3 joint alone in those whose main complaint was "
        "headache."
    )
    return fig, alt
