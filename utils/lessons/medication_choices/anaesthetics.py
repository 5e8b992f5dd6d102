"""04, section 2: local anaesthetics: onset, duration, maximum doses, label toxicity, and the block curves.

Onset and duration from peripheral nerve blocks (the pharmacology model's sourced ranges); maximum doses as
the safety rule set reads them (:func:`facet_course.safety.maximum_dose_table`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import pharmacology as ph
from ...models import safety

LA_COLOURS: dict[str, str] = {
    "lidocaine": PALETTE["orange"],
    "bupivacaine": PALETTE["blue"],
    "ropivacaine": PALETTE["green"],
}


#: The block curves' time axis: 0 to 16 hours after the injection, every 1.5 minutes.
LA_HOURS = np.linspace(0, 16, 641)


def la_time_course_table() -> pd.DataFrame:
    """Onset and duration ranges of each local anaesthetic by setting, with sources."""
    frame = ph.local_anaesthetic_time_course_table()
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "adrenaline": np.where(frame["adrenaline"], "with", "without"),
            "setting": frame["setting"],
            "onset (min)": [
                f"{a:g}-{b:g}" for a, b in zip(frame["onset_min_low"], frame["onset_min_high"], strict=True)
            ],
            "duration (h)": [
                f"{a:g}-{b:g}" for a, b in zip(frame["duration_h_low"], frame["duration_h_high"], strict=True)
            ],
            "source": frame["source_id"].map(citations.short),
        }
    )


def max_dose_table() -> pd.DataFrame:
    """Every published maximum single dose, marking the figures that make up the governing maximum."""
    frame = safety.maximum_dose_table()
    role = {
        "both": "governing (both)",
        "mg_per_kg": "governing mg/kg",
        "ceiling": "governing ceiling",
        "none": "range only",
    }
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "adrenaline": np.where(frame["adrenaline"], "with", "without"),
            "max mg/kg": frame["max_mg_per_kg"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
            "ceiling (mg)": frame["max_total_mg"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
            "role": frame["governs"].map(role),
            "basis": frame["basis"],
            "source": frame["source_id"].map(citations.short),
        }
    )


def la_toxicity_table() -> pd.DataFrame:
    """Each local anaesthetic's label warnings on systemic toxicity, with sources."""
    frame = ph.local_anaesthetic_table()
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "systemic toxicity (label)": frame["toxicity_note"],
            "source": frame["source_id"].map(citations.short),
        }
    )


def _draw_la() -> tuple[Figure, Callable[..., str]]:
    """The three anaesthetics' block curves side by side, one highlighted, with a time marker."""
    fig, (ax,) = new_figure("notebook")
    lines = {}
    for drug in ph.local_anaesthetics():
        (lines[drug],) = ax.plot([], [], color=LA_COLOURS[drug], lw=2, label=drug)
    marker = ax.axvline(0, color="#444444", lw=1, ls=":")
    dots = {drug: ax.plot([], [], "o", color=LA_COLOURS[drug], ms=7)[0] for drug in ph.local_anaesthetics()}
    ax.set_xlim(0, LA_HOURS[-1])
    ax.set_ylim(0, 1.08)
    ax.set_xticks(np.arange(0, LA_HOURS[-1] + 1, 2))
    ax.set_xlabel("hours after the injection")
    ax.set_ylabel("fraction of a full block")
    legend = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # clear of the marker
    names = dict(zip(ph.local_anaesthetics(), legend.get_texts(), strict=True))
    fig.suptitle("Lidocaine wears off first; bupivacaine and ropivacaine last hours longer", fontsize=11)
    # over the plot, under the figure's title: inside it the curves crossed it at some times (handout review)
    title = ax.set_title("", fontsize=9, fontweight="normal")
    frame = ph.local_anaesthetic_time_course_table()
    source_note(
        fig, "Teaching model from published ranges (peripheral nerve blocks). " + citations.cite(frame)
    )

    def update(adrenaline: str, hours: float) -> str:
        with_adr = adrenaline == "with adrenaline"
        hours = float(hours)
        parts, absent = [], []
        for drug in ph.local_anaesthetics():
            try:
                relief = ph.local_anaesthetic_relief(drug, LA_HOURS, adrenaline=with_adr)
            except ValueError:
                lines[drug].set_data([], [])
                dots[drug].set_data([], [])
                names[drug].set_text(f"{drug}:\nno curve")  # the legend names only what is drawn
                absent.append(f"{drug} is not marketed with adrenaline, so no curve is drawn")
                continue
            names[drug].set_text(drug)
            lines[drug].set_data(LA_HOURS, relief)
            now = float(ph.local_anaesthetic_relief(drug, hours, adrenaline=with_adr))
            dots[drug].set_data([hours], [now])
            parts.append(f"{drug} <b>{100 * now:.0f}%</b>")
        marker.set_xdata([hours, hours])
        title.set_text(f"marker: {hours:g} h after the injection ({adrenaline})")
        # the sentence about the block ends before a drug with no curve is named (review s12 F7)
        absent_text = "".join(f" {text[0].upper()}{text[1:]}." for text in absent)
        block = f"At {hours:g} h ({adrenaline}): " + "; ".join(parts) + " of a full block (model)."
        return block + absent_text

    return fig, update


def la_explorer() -> Explorer:
    """Move the time marker; see how much of each anaesthetic's block remains."""
    return explore(
        "local-anaesthetic-block-over-hours",
        _draw_la,
        [
            Control("adrenaline", "Solution", ["plain", "with adrenaline"], value="plain"),
            Control(
                "hours",
                "Hours after injection",
                (0.0, 16.0, 0.5),
                value=3.0,
                twin_options=[0.5, 3, 6, 10, 14],
            ),
        ],
        question="Three hours after a medial branch block, which anaesthetic may already have worn off?",
        alt="Fraction of a full block against hours for lidocaine, bupivacaine and ropivacaine, "
        "with a time marker.",
    )


@figure("local-anaesthetic-block-over-hours-by-drug")
def la_figure() -> tuple[Figure, str]:
    """The anaesthetic curves (plain solutions) with the marker at 3 h, for figures/ and print."""
    fig, update = _draw_la()
    update("plain", 3.0)
    lido = ph.local_anaesthetic_time_course("lidocaine").duration_h
    bupi = ph.local_anaesthetic_time_course("bupivacaine").duration_h
    ropi = ph.local_anaesthetic_time_course("ropivacaine").duration_h
    alt = (
        f"Block curves over 16 hours: lidocaine wears off between {lido.low:g} and {lido.high:g} hours, "
        f"bupivacaine between {bupi.low:g} and {bupi.high:g} hours and ropivacaine between {ropi.low:g} and "
        f"{ropi.high:g} hours: the two long-acting drugs' published ranges overlap."
    )
    return fig, alt
