"""05, section 2: what leaflets promise, and what the trials found.

Leaflet claims from ``data/recovery_leaflet_claims`` (through the recovery model's one loader) against the
steroid and no-steroid arms of four trials (``data/recovery_outcomes``).
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullLocator

from ...core import citations, data
from ...core.figures import figure
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import recovery
from .common import RESPONDER, TIME_TICKS, H, first_source, time_axis

VERDICT_COLOURS: dict[str, str] = {
    "supported": ROLE_COLOURS["safe"],
    "partly supported": ROLE_COLOURS["caution"],
    "seen in some; not shown to be due to the steroid": PALETTE["sky_blue"],
    "onset not measured; not shown to be due to the steroid": "#AAAAAA",
    "not seen": ROLE_COLOURS["unsafe"],
}
#: (trial, steroid-arm outcome, no-steroid-arm outcome, measure) for the trials a resident should know.
TRIAL_PAIRS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Carette 1991, lumbar intra-articular",
        "carette_1m_steroid",
        "carette_1m_saline",
        "marked improvement at 1 month (%); selected by a positive intra-articular lidocaine block "
        "({selection})",
    ),
    (
        "Barnsley 1994, cervical intra-articular",
        "barnsley_median_steroid",
        "barnsley_median_bupivacaine",
        "median days until pain half back",
    ),
    (
        "Manchikanti 2010, lumbar medial branch blocks",
        "manchikanti_2y_steroid",
        "manchikanti_2y_bupivacaine",
        "success at 2 years (%): {quantity}; {treatments} repeated blocks; selected by comparative "
        "blocks; no placebo arm",
    ),
    (
        "Kennedy 2019, lumbar intra-articular",
        "kennedy2019_rfa_steroid",
        "kennedy2019_rfa_saline",
        "needed RF denervation (%), lower is better; pain confirmed by two medial branch blocks "
        "(at least 80% relief each)",
    ),
)
DIFFERENCE = "difference (as the source reports it)"


def claims_table() -> pd.DataFrame:
    """What leaflets promise, when (days), whether trials support it, and the source."""
    rows = []
    for _, row in recovery.leaflet_claims().iterrows():
        rows.append(
            {
                "claim, in short (paraphrased)": row["headline"],
                "days promised": f"{row['low_days']:g}-{row['high_days']:g}",
                "what the trials showed": row["verdict"],
                "source": data.reference(row["source_id"]).authors,
            }
        )
    return pd.DataFrame(rows)


def _lidocaine_screen(row: pd.Series) -> str:
    """'more than 50% relief in 110 of 190 screened' (Carette 1991's selection, from data/)."""
    screened = int(row["n"])
    return f"more than 50% relief in {round(row['value'] * screened / 100):g} of {screened} screened"


def steroid_vs_no_steroid_table() -> pd.DataFrame:
    """The trials a resident should know, steroid arm beside the no-steroid arm, with numbers from data/."""
    o = recovery.outcomes()
    treatments = o.loc["manchikanti_treatments"]
    rows = []
    for trial, with_id, without_id, measure in TRIAL_PAIRS:
        w, wo = o.loc[with_id], o.loc[without_id]
        measure = measure.format(
            quantity=w["quantity"],
            treatments=f"{treatments['value']:g}-{treatments['value_high']:g}",
            selection=_lidocaine_screen(o.loc["carette_lidocaine_positive"]),
        )
        rows.append(
            {
                "trial": trial,
                "measure": measure,
                "with steroid": w["value"],
                "without steroid": wo["value"],
                "steroid arm": w["arm"],
                "comparison arm": wo["arm"],
                "n per arm (analysed)": f"{int(w['n'])} / {int(wo['n'])}",
                "randomised": _randomised(w, wo),
                DIFFERENCE: w["difference"],
                "source": citations.short(w["source_id"]),
            }
        )
    return pd.DataFrame(rows)


def _randomised(w: pd.Series, wo: pd.Series) -> str:
    """'49 / 48' when the source gives the numbers randomised, else 'not given here'."""
    if pd.isna(w["n_randomised"]) or pd.isna(wo["n_randomised"]):
        return "not given here"
    return f"{int(w['n_randomised'])} / {int(wo['n_randomised'])}"


def _trial_marks(top: Axes, rows: int) -> None:
    """The cervical trial's medians and month mark, and the lumbar trial's relief per repeated block."""
    o = recovery.outcomes()
    median = float(o.loc["barnsley_median_steroid", "value"])
    for row_id in ("barnsley_median_steroid", "barnsley_median_bupivacaine"):
        top.axvline(float(o.loc[row_id, "value"]) * H, color=PALETTE["black"], lw=1, ls="--")
    month = o.loc["barnsley_beyond_1m"]
    top.axvline(float(month["time_days"]) * H, color=PALETTE["black"], lw=1, ls=":")
    top.text(median * H / 1.1, rows - 0.5, "trial medians,\nsteroid or not", fontsize=7, ha="right", va="top")
    top.text(
        float(month["time_days"]) * H * 1.1,
        rows - 0.5,
        f"cervical: fewer\nthan {month['value']:g}%\nrelieved",
        fontsize=7,
        ha="left",
        va="top",
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},  # the lumbar line runs behind it
    )
    episode = o.loc["manchikanti_relief_per_episode"]
    weeks_h = float(episode["value"]) * 7 * H
    top.axvline(weeks_h, color=PALETTE["blue"], lw=1.2, ls="-.")
    top.text(
        weeks_h / 1.15,
        -0.45,
        f"lumbar: {episode['value']:g} weeks per\nrepeated block\n(no placebo arm)",
        fontsize=7,
        ha="right",
        va="bottom",
        color=PALETTE["blue"],
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},  # the 1-month line runs behind it
    )


def _claims_panel(top: Axes) -> None:
    """Top: each leaflet promise as a bar over the days it promises, coloured by what the trials showed."""
    claims = recovery.leaflet_claims()
    labels = []
    for i, (_, row) in enumerate(claims.iterrows()):
        lo, hi = max(row["low_days"], 0.01) * H, row["high_days"] * H
        top.barh(i, hi - lo, left=lo, color=VERDICT_COLOURS[row["verdict"]], alpha=0.85, height=0.55)
        labels.append(textwrap.fill(f"{row['claim']} ({citations.author_year(row['source_id'])})", 44))
    _trial_marks(top, len(claims))
    shown = {h: t for h, t in TIME_TICKS.items() if t not in ("15 min", "3 days")}
    time_axis(top, shown, label="")
    top.set_yticks(range(len(claims)), labels, fontsize=7)
    top.set_ylim(-0.5, len(claims) - 0.2)
    top.grid(axis="y", visible=False)
    top.legend(
        handles=[
            Patch(color=c, label=textwrap.fill(v, 30))
            for v, c in VERDICT_COLOURS.items()
            if v in set(claims["verdict"])
        ],
        title="the trials:",
        title_fontsize=6.5,
        loc="lower left",
        fontsize=6.5,
    )
    top.set_title("Leaflets: steroid relief from the first days, lasting weeks to months", fontsize=9.5)


def _ratios_panel(bottom: Axes, pairs: pd.DataFrame) -> None:
    """Bottom: steroid arm / no-steroid arm for each trial on a log axis, with what the source says."""
    ratios = pairs["with steroid"] / pairs["without steroid"]
    y = np.arange(len(pairs))[::-1]
    bottom.axvline(1.0, color="#777777", lw=1)
    bottom.scatter(ratios, y, color=RESPONDER, s=70, zorder=3)
    for yi, ratio, (_, row) in zip(y, ratios, pairs.iterrows(), strict=True):
        bottom.text(
            0.105,
            yi,
            textwrap.fill(
                f"{row['trial']}: {row['measure'].split(':')[0].split(' (')[0]}, "
                f"{row['with steroid']:g} with vs {row['without steroid']:g} without; {row[DIFFERENCE]}",
                46,
            ),
            fontsize=7,
            va="center",
        )
        bottom.annotate(f"{ratio:.2f}", (ratio, yi), xytext=(6, 6), textcoords="offset points", fontsize=7.5)
    bottom.set_xscale("log")
    bottom.set_xlim(0.1, 4)
    bottom.xaxis.set_major_locator(FixedLocator([0.5, 1, 2, 4]))
    bottom.set_xticklabels(["half", "same", "double", "4x"])
    bottom.xaxis.set_minor_locator(NullLocator())
    bottom.set_yticks([])
    bottom.set_ylim(-0.6, len(pairs) - 0.4)
    bottom.set_xlabel("steroid arm / no-steroid arm (log scale; 'same' = no difference)")
    bottom.set_title("Trials: no difference shown\n(measures differ; no confidence intervals)", fontsize=9)


def _leaflet_alt(pairs: pd.DataFrame) -> str:
    """The leaflet figure's alt text, with each trial's numbers (pure)."""
    return (
        "Top: leaflet promises of steroid relief from the first days lasting weeks to months, coloured by "
        "what the trials showed, against the cervical trial's medians of a few days with or without "
        "steroid, its month mark, and the lumbar repeated-block trial's mean relief per block (no placebo "
        "arm). Bottom: ratio of steroid arm to no-steroid arm in four trials (different measures, no "
        "confidence intervals), with what each source says about the difference: "
        + "; ".join(
            f"{r['trial']} {r['with steroid']:g} vs {r['without steroid']:g} "
            f"({r['measure']}; {r[DIFFERENCE]})"
            for _, r in pairs.iterrows()
        )
        + "."
    )


@figure("leaflet-promises-against-steroid-trials")
def leaflet_figure() -> tuple[Figure, str]:
    """Leaflet promises as bars on a time axis; trials as the ratio of steroid arm to no-steroid arm."""
    fig, (top, bottom) = new_figure("notebook", nrows=2)
    fig.set_size_inches(7.6, 6.2)
    _claims_panel(top)
    pairs = steroid_vs_no_steroid_table()
    _ratios_panel(bottom, pairs)
    fig.suptitle(
        "Long relief is seen in some, but these trials do not tie it to the steroid",
        fontweight="bold",
    )
    o = recovery.outcomes()
    trials = [first_source(o.loc[with_id, "source_id"]) for _, with_id, _, _ in TRIAL_PAIRS]
    source_note(fig, citations.cite(*trials) + "; leaflets: see Key references.")
    return fig, _leaflet_alt(pairs)
