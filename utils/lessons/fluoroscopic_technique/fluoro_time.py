"""03, section 8: how long the beam is on in facet and medial branch procedures (measured series).

Times and doses from ``data/radiation_procedures.csv`` through the radiation model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import radiation


def typical_fluoroscopy_table() -> pd.DataFrame:
    """Measured fluoroscopy times and doses (facet and medial branch procedures; physician dosimeter series
    from other spinal procedures), short columns."""
    table = radiation.typical_procedures()
    quantity = radiation.radiation_procedure_table()["dose_quantity"].fillna("")
    dose = [
        _dose_text(v, u, q) for v, u, q in zip(table["dose_value"], table["dose_unit"], quantity, strict=True)
    ]
    return pd.DataFrame(
        {
            "procedure": table["procedure"].str.replace("interventional pain procedures", "pain procedures"),
            "technique": table["technique"],
            "statistic": table["statistic"],
            "time (s)": table["fluoro_time_s"],
            "dose": dose,
            "source": [citations.author_year(s) for s in radiation.radiation_procedure_table()["source_id"]],
        }
    )


def _dose_text(value: float, unit: str, quantity: str) -> str:
    """'0.0247 mSv'; a patient figure of unstated quantity says so: it is never read as a skin dose."""
    if value is None or pd.isna(value):
        return ""
    text = f"{value:g} {unit}"
    if quantity.startswith(radiation.REPORTED_PREFIX):
        text += " (C-arm's reported figure, quantity not stated)"
    return text


@figure("fluoroscopy-times-facet-procedures")
def fluoroscopy_times_figure() -> tuple[Figure, str]:
    """Measured fluoroscopy times in facet and medial branch procedures."""
    table = radiation.radiation_procedure_table()
    table = table[table["procedure"].str.startswith("lumbar")]
    fig, (ax,) = new_figure("notebook")
    labels = [f"{r['procedure']}\n{r['technique']} ({r['statistic']})" for _, r in table.iterrows()]
    y = np.arange(len(table))
    ax.barh(y, table["fluoro_time_s"], color=PALETTE["blue"])
    for yi, (_, r) in zip(y, table.iterrows(), strict=True):
        dose = _dose_text(r["dose_value"], r["dose_unit"], str(r["dose_quantity"] or ""))
        dose = f"\nC-arm reported {dose.split(' (')[0]}\n(quantity not stated)" if dose else ""
        ax.text(r["fluoro_time_s"] + 0.5, yi, f"{r['fluoro_time_s']:g} s{dose}", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, table["fluoro_time_s"].max() * 1.9)
    ax.set_xlabel("fluoroscopy (beam-on) time per procedure (s)")
    fig.suptitle(
        f"Measured averages: {table['fluoro_time_s'].min():g}-{table['fluoro_time_s'].max():g} s of "
        "fluoroscopy per procedure",
        fontweight="bold",
    )
    source_note(fig, citations.cite(table))
    alt = (
        f"Measured fluoroscopy times for lumbar facet and medial branch procedures range from "
        f"{table['fluoro_time_s'].min():g} to {table['fluoro_time_s'].max():g} seconds; the oblique "
        "technique used more time than the AP technique (and a higher figure reported by the C-arm, whose "
        "quantity was not stated)."
    )
    return fig, alt
