"""03, section 7: how long the beam is on in facet and medial branch procedures (measured series).

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
    dose = [
        f"{v:g} {u}" if not pd.isna(v) else ""
        for v, u in zip(table["dose_value"], table["dose_unit"], strict=True)
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
        dose = (
            f", {r['dose_value']:g} {r['dose_unit']}"
            if r["dose_value"] is not None and not pd.isna(r["dose_value"])
            else ""
        )
        ax.text(r["fluoro_time_s"] + 0.5, yi, f"{r['fluoro_time_s']:g} s{dose}", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, table["fluoro_time_s"].max() * 1.35)
    ax.set_xlabel("fluoroscopy (beam-on) time per procedure (s)")
    ax.set_title("Under a minute of fluoroscopy per procedure")
    source_note(fig, citations.cite(table))
    alt = (
        f"Measured fluoroscopy times for lumbar facet and medial branch procedures range from "
        f"{table['fluoro_time_s'].min():g} to {table['fluoro_time_s'].max():g} seconds; the oblique "
        "technique "
        "used more time and dose than the AP technique."
    )
    return fig, alt
