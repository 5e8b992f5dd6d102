"""05, section 2: what leaflets promise, and what the trials found.

Leaflet claims from ``data/recovery_leaflet_claims`` (through the recovery model's one loader) against the
steroid and no-steroid arms of four trials (``data/recovery_outcomes``).
"""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullLocator

from ...core import citations, data
from ...core.figures import figure
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, presenting, source_note
from ...models import recovery
from .common import RESPONDER, T_MIN_H, TIME_TICKS, H, first_source, time_axis

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
#: The ratio axis's ends on a slide, where the trials' texts are the axis's labels.
X_SLIDE = (0.42, 2.6)


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


def _trial_marks(top: Axes, rows: int, slide: bool = False) -> None:
    """The cervical trial's medians and month mark, and the lumbar trial's relief per repeated block (on a
    slide the cervical texts stand in a strip above the claims, the lumbar one in a strip under them)."""
    o = recovery.outcomes()

    def vline(hours: float, **line: object) -> None:
        """A trial's mark across the plot; on a slide over the claims' bars only, so that the lines never
        run through the texts in the strips above and under them (handout review)."""
        if slide:
            top.plot([hours, hours], [-0.28, rows - 0.7], **line)
        else:
            top.axvline(hours, **line)

    median = float(o.loc["barnsley_median_steroid", "value"])
    for row_id in ("barnsley_median_steroid", "barnsley_median_bupivacaine"):
        vline(float(o.loc[row_id, "value"]) * H, color=PALETTE["black"], lw=1, ls="--")
    month = o.loc["barnsley_beyond_1m"]
    vline(float(month["time_days"]) * H, color=PALETTE["black"], lw=1, ls=":")
    high = rows + 0.85 if slide else rows - 0.5
    # a little left of the first median's line: at 1/1.1 of its time the last letters touched it
    top.text(median * H / 1.3, high, "trial medians,\nsteroid or not", fontsize=7, ha="right", va="top")
    top.text(
        float(month["time_days"]) * H * 1.1,
        high,
        f"cervical: fewer\nthan {month['value']:g}%\nrelieved",
        fontsize=7,
        ha="left",
        va="top",
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},  # the lumbar line runs behind it
    )
    episode = o.loc["manchikanti_relief_per_episode"]
    weeks_h = float(episode["value"]) * 7 * H
    vline(weeks_h, color=PALETTE["blue"], lw=1.2, ls="-.")
    top.text(
        weeks_h / 1.3,
        -1.55 if slide else -0.45,
        f"lumbar: {episode['value']:g} weeks per\nrepeated block\n(no placebo arm)",
        fontsize=7,
        ha="right",
        va="bottom",
        color=PALETTE["blue"],
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},  # the 1-month line runs behind it
    )


#: On a slide (about 13 pt type): the time axis's ticks (a few, far enough apart) and characters a line of a
#: claim's label, a legend entry and a trial's text.
SLIDE_TICKS: tuple[str, ...] = ("1 h", "1 day", "1 month")
SLIDE_CLAIM_CHARS, SLIDE_KEY_CHARS, SLIDE_TRIAL_CHARS = 22, 30, 48
#: On a slide the time axis runs to about three years (hours): the leaflets' year of relief is drawn whole
#: and the cervical trial's month mark has room for its label on its right.
SLIDE_T_MAX_H = 1000 * H


def _claims_panel(top: Axes, slide: bool = False) -> None:
    """Top: each leaflet promise as a bar over the days it promises, coloured by what the trials showed. On
    a slide each promise by its short paraphrase (the leaflets are named in Key references), the key in a
    row under both panels and the trials' marks in strips above and under the bars."""
    claims = recovery.leaflet_claims()
    labels = []
    for i, (_, row) in enumerate(claims.iterrows()):
        lo, hi = max(row["low_days"], 0.01) * H, row["high_days"] * H
        top.barh(i, hi - lo, left=lo, color=VERDICT_COLOURS[row["verdict"]], alpha=0.85, height=0.55)
        label = row["headline"] if slide else f"{row['claim']} ({citations.author_year(row['source_id'])})"
        labels.append(textwrap.fill(label, SLIDE_CLAIM_CHARS if slide else 44))
    _trial_marks(top, len(claims), slide)
    hidden = ("15 min", "3 days")
    shown = {h: t for h, t in TIME_TICKS.items() if (t in SLIDE_TICKS if slide else t not in hidden)}
    time_axis(top, shown, label="")
    top.set_yticks(range(len(claims)), labels, fontsize=7)
    top.set_ylim(-1.6 if slide else -0.5, len(claims) + (0.9 if slide else -0.2))
    top.grid(axis="y", visible=False)
    handles = [
        Patch(color=c, label=textwrap.fill(v, SLIDE_KEY_CHARS if slide else 30))
        for v, c in VERDICT_COLOURS.items()
        if v in set(claims["verdict"])
    ]
    if slide:  # the key in a row under both panels: under the claims it took a third of the slide's height
        title = Patch(color="none", label="the trials:")  # the key's title beside it: one row less
        top.figure.legend(
            handles=[title, *handles], loc="outside lower left", ncols=len(handles) + 1, fontsize=6.5
        )
        top.set_xlim(T_MIN_H, SLIDE_T_MAX_H)  # room right of the month mark for its label
    else:
        top.legend(handles=handles, title="the trials:", title_fontsize=6.5, loc="lower left", fontsize=6.5)
    title = "Leaflets: steroid relief from the first days, lasting weeks to months"
    top.set_title(textwrap.fill(title, 44) if slide else title, fontsize=9.5)


def _slide_difference(text: str) -> str:
    """What a source says about the difference, for a slide: without the course's notes on what it did not
    read and asides with no number (the table before the figure gives them in full)."""
    kept = [clause for clause in text.split("; ") if "not read" not in clause]
    return re.sub(r" \([^()0-9]*\)", "", "; ".join(kept))


def _ratios_panel(bottom: Axes, pairs: pd.DataFrame, slide: bool = False) -> None:
    """Bottom: steroid arm / no-steroid arm for each trial on a log axis, with what the source says (on a
    slide in fewer words, :func:`_slide_difference`, with more of the axis's width for them)."""
    ratios = pairs["with steroid"] / pairs["without steroid"]
    y = np.arange(len(pairs))[::-1]
    bottom.axvline(1.0, color="#777777", lw=1)
    bottom.scatter(ratios, y, color=RESPONDER, s=70, zorder=3)
    texts = []
    for yi, ratio, (_, row) in zip(y, ratios, pairs.iterrows(), strict=True):
        difference = _slide_difference(row[DIFFERENCE]) if slide else row[DIFFERENCE]
        texts.append(
            textwrap.fill(
                f"{row['trial']}: {row['measure'].split(':')[0].split(' (')[0]}, "
                f"{row['with steroid']:g} with vs {row['without steroid']:g} without; {difference}",
                SLIDE_TRIAL_CHARS if slide else 46,
            )
        )
        if not slide:  # on a slide the texts are the axis's labels, left of it (the dots take its width)
            bottom.text(0.105, yi, texts[-1], fontsize=7, va="center")
        # on the dot's side of the 'same' line, never across it (handout review)
        above = ratio >= 1.0
        bottom.annotate(
            f"{ratio:.2f}",
            (ratio, yi),
            xytext=(6 if above else -6, 6),
            textcoords="offset points",
            ha="left" if above else "right",
            fontsize=7.5,
        )
    bottom.set_xscale("log")
    ticks = {0.5: "half", 1: "same", 2: "double", 4: "4x"}
    if slide:  # a narrow axis beside the trials' labels: no room for '4x' (every ratio is 0.86 to 1.27)
        ticks.pop(4)
    bottom.set_xlim(*(X_SLIDE if slide else (0.1, 4)))
    bottom.xaxis.set_major_locator(FixedLocator(list(ticks)))
    bottom.set_xticklabels(list(ticks.values()))
    bottom.xaxis.set_minor_locator(NullLocator())
    if slide:
        bottom.set_yticks(y, texts, fontsize=7, linespacing=1.05)
    else:
        bottom.set_yticks([])
    bottom.set_ylim(-0.6, len(pairs) - 0.4)
    where = "right" if slide else "center"  # on a slide over the trials' labels too, not the narrow axis
    bottom.set_xlabel("steroid arm / no-steroid arm (log scale; 'same' = no difference)", loc=where)
    title = "Trials: no difference shown\n(measures differ; no confidence intervals)"
    bottom.set_title(title, fontsize=9, loc=where)


def _leaflet_alt(pairs: pd.DataFrame, slide: bool = False) -> str:
    """The leaflet figure's alt text, with each trial's numbers (pure); on a slide the panels side by side."""
    first, second = ("Left", "Right") if slide else ("Top", "Bottom")
    return (
        f"{first}: leaflet promises of steroid relief from the first days lasting weeks to months, coloured "
        "by what the trials showed, against the cervical trial's medians of a few days with or without "
        "steroid, its month mark, and the lumbar repeated-block trial's mean relief per block (no placebo "
        f"arm). {second}: ratio of steroid arm to no-steroid arm in four trials (different measures, no "
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
    # On a slide or a handout (issue 15) a tall page figure (7.6 x 6.2 in) is drawn at about 81 dpi, its type
    # at 16.5 pt: there the two panels stand side by side in a 16:9 figure, in fewer words (see each panel)
    slide = presenting()
    fig, (top, bottom) = new_figure("notebook", ncols=2) if slide else new_figure("notebook", nrows=2)
    fig.set_size_inches(*((11.5, 5.4) if slide else (7.6, 6.2)))
    if slide:
        top.get_gridspec().set_width_ratios((1.7, 1))
    _claims_panel(top, slide)
    pairs = steroid_vs_no_steroid_table()
    _ratios_panel(bottom, pairs, slide)
    fig.suptitle(
        "Long relief is seen in some, but these trials do not tie it to the steroid",
        fontweight="bold",
    )
    o = recovery.outcomes()
    trials = [first_source(o.loc[with_id, "source_id"]) for _, with_id, _, _ in TRIAL_PAIRS]
    source_note(fig, citations.cite(*trials) + "; leaflets: see Key references.")
    return fig, _leaflet_alt(pairs, slide)
