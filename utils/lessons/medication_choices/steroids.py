"""04, section 4: choosing the steroid: formulation and particles (against a red cell), label doses by
joint size beside the facet trials' doses, and the label's limits as the safety rule set reads them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import pharmacology as ph
from ...models import safety

STEROID_COLOURS: dict[str, str] = {
    "methylprednisolone acetate": PALETTE["blue"],
    "triamcinolone acetonide": PALETTE["vermillion"],
    "betamethasone": PALETTE["purple"],
    "dexamethasone": PALETTE["green"],
}


def _additives(drug: str) -> tuple[str, str]:
    """('product: preservative X; also Y', its source ids) for every product of ``drug`` whose label was read,
    or ('not read', '') where none was."""
    frame = ph.corticosteroid_excipient_table()
    rows = frame[frame["drug"] == drug]
    text = "; ".join(
        f"{r['product']}: preservative: {r['preservative']}; other: {r['excipients']}"
        for _, r in rows.iterrows()
    )
    return (text or "not read"), ";".join(rows["source_id"])


def steroid_table() -> pd.DataFrame:
    """Formulation, particulate or not, strength, the label's words on release and each product's
    preservatives and additives (per mL, as its label lists them), with sources."""
    frame = ph.corticosteroid_table()
    additives = [_additives(drug) for drug in frame["drug"]]
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "particulate": np.where(frame["particulate"], "yes", "no"),
            "strength (mg/mL)": frame["strength_mg_per_ml"].map(lambda v: f"{v:g}"),
            "release (label)": frame["release"],
            "label note": frame["label_note"],
            "preservatives and additives (label, per mL)": [text for text, _ in additives],
            "source": [
                citations.short(";".join(dict.fromkeys(f"{ids};{extra}".strip(";").split(";"))))
                for ids, (_, extra) in zip(frame["source_id"], additives, strict=True)
            ],
        }
    )


@figure("steroid-particle-size-against-red-cell")
def particle_figure() -> tuple[Figure, str]:
    """Range and mean of measured crystal sizes against the red cell, log scale."""
    fig, (ax,) = new_figure("slide")
    rbc = ph.red_cell_diameter_um()
    ax.axvspan(rbc.low, rbc.high, color=PALETTE["vermillion"], alpha=0.2, lw=0)
    ax.text(rbc.high * 1.1, -0.45, "red cell", ha="left", fontsize=8, color=PALETTE["vermillion"])
    drugs = ph.corticosteroids()
    ids = [rbc.source_id]
    for i, drug in enumerate(drugs):
        y = len(drugs) - 1 - i
        rows = ph.particle_sizes(drug)
        measured = rows.dropna(subset=["size_max_um"])
        colour = STEROID_COLOURS[drug]
        if not measured.empty:
            row = measured.iloc[0]
            ax.hlines(y, row["size_min_um"], row["size_max_um"], color=colour, lw=8, alpha=0.6)
            ax.plot(row["size_mean_um"], y, "|", color=PALETTE["black"], ms=18, mew=2)
            label = f"{row['size_min_um']:g}-{row['size_max_um']:g} µm (mean {row['size_mean_um']:g})"
            ax.text(row["size_max_um"] * 1.15, y, label, va="center", fontsize=8)
            ids.append(row["source_id"])
        else:
            ratio = rows["size_ratio_to_red_cell"].dropna()
            if not ratio.empty:
                size = float(ratio.iloc[0]) * rbc.mid
                ax.plot(size, y, "o", color=colour, ms=8)
                ax.text(
                    size * 1.3,
                    y,
                    f"about {float(ratio.iloc[0]):g} x a red cell; no aggregates",
                    va="center",
                    fontsize=8,
                )
                ids.append(rows.loc[ratio.index[0], "source_id"])
            else:
                ax.text(
                    0.15,
                    y,
                    "not given in µm: some particles larger than red cells; aggregates",
                    va="center",
                    fontsize=8,
                )
                ids.append(rows["source_id"].iloc[0])
    ax.set_xscale("log")
    ax.set_xlim(0.1, 5000)
    ax.set_ylim(-0.6, len(drugs) - 0.2)
    ax.set_yticks(range(len(drugs)), list(reversed(drugs)))
    ax.set_xlabel("particle size (micrometres, log scale)")
    fig.suptitle("Depot steroid crystals can exceed a red cell; dexamethasone has none", fontweight="bold")
    ax.grid(axis="y", visible=False)
    source_note(fig, citations.cite(*ids))
    mpa = ph.particle_sizes("methylprednisolone acetate").dropna(subset=["size_max_um"]).iloc[0]
    ta = ph.particle_sizes("triamcinolone acetonide").dropna(subset=["size_max_um"]).iloc[0]
    alt = (
        f"Crystal sizes on a log scale against a red cell of {rbc.low:g}-{rbc.high:g} µm: methylprednisolone "
        f"acetate up to {mpa['size_max_um']:g} µm, triamcinolone acetonide up to {ta['size_max_um']:g} µm, "
        "betamethasone variable with aggregates, dexamethasone about a tenth of a red cell without "
        "aggregates."
    )
    return fig, alt


def steroid_dose_table() -> pd.DataFrame:
    """Label doses by joint size, each with the product whose label gives it, and the facet trials' doses."""
    frame = ph.corticosteroid_dose_table()
    dose = [
        f"{a:g}" if a == b else f"{a:g}-{b:g}"
        for a, b in zip(frame["dose_mg_low"], frame["dose_mg_high"], strict=True)
    ]
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "from": frame["context"],
            "product": frame["product"],
            "joint": frame["joint"],
            "dose (mg)": dose,
            "source": frame["source_id"].map(citations.short),
        }
    )


def steroid_label_table() -> pd.DataFrame:
    """Per steroid: label strengths, the label's small-joint dose, any session total or site limit, trials."""
    rows = []
    for drug in ph.corticosteroids():
        above = safety.session_ceiling_verdict(drug)
        if above != "unsafe":
            above = f"{above}; unsafe above {safety.session_factor(drug):g} times it"
        per_joint, per_session, sources = safety.steroid_label_limits(drug)
        max_sites, _, label_sources = safety.steroid_label_sites(drug)
        trials = ph.steroid_doses(drug)
        trials = trials[trials["context"] == "trial"]
        strengths = ", ".join(f"{s:g}" for s in safety.steroid_strengths_mg_per_ml(drug))
        rows.append(
            {
                "steroid": drug,
                "label strengths (mg/mL)": strengths,
                "label dose, small joint (mg)": "not extracted"
                if per_joint is None
                else f"up to {per_joint:g}",
                "session ceiling": "; ".join(
                    part
                    for part in (
                        None
                        if per_session is None
                        else f"{per_session:.3g} mg in all (label; above it: {above})"
                        if safety.steroid_session_labelled(drug)
                        else f"{per_session:.3g} mg in all (course's rule: the label total by equivalence; "
                        f"above it: {above})",
                        None if max_sites is None else f"{max_sites} sites at most",
                    )
                    if part
                )
                or "not given",
                "facet trials (mg per joint)": "; ".join(
                    f"{r['dose_mg_high']:g} ({citations.short(r['source_id'])})" for _, r in trials.iterrows()
                ),
                "label source": citations.short(sources or label_sources),
            }
        )
    return pd.DataFrame(rows)
