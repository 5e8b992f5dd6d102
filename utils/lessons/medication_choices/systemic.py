"""04, section 5: systemic effects of an injected steroid: how long each study found blood glucose raised or
the adrenal axis suppressed (:mod:`facet_course.models.systemic_effects`), as a table and a day-by-day figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import systemic_effects

#: The effects in a few words, for the readout.
_SHORT: dict[str, str] = {
    "blood glucose": "raised glucose",
    "adrenal axis suppression": "adrenal suppression",
}


def _by_effect() -> pd.DataFrame:
    """The systemic-effects table, glucose studies first and then adrenal ones, each in the table's order
    (rows appended later still sit with their effect)."""
    frame = systemic_effects.systemic_effect_table()
    order = frame["effect"].map(systemic_effects.EFFECTS.index)
    return frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def systemic_table() -> pd.DataFrame:
    """One row per study: effect, injection, drug, dose, patients, how long, finding, source."""
    frame = _by_effect()
    days = [
        "none" if b == 0 else f"less than {b:g}" if a == 0 else f"{a:g}" if a == b else f"{a:g}-{b:g}"
        for a, b in zip(frame["days_low"], frame["days_high"], strict=True)
    ]
    meaning = {"lasted": "how long it lasted", "found": "when it was found (measured)"}
    kinds = [
        "no rise found"
        if row["days_high"] == 0
        # measured on a few days only, or a range made from means and SDs: the note's start says which
        else f"when it was found ({row['days_note'].split(': ')[0]})"
        if systemic_effects.measured_on_a_few_days(row) and _has_note(row)
        else f"{meaning[row['days_kind']]} ({row['days_note'].split(': ')[0]})"
        if _has_note(row)
        else meaning[row["days_kind"]]
        for _, row in frame.iterrows()
    ]
    return pd.DataFrame(
        {
            "effect": frame["effect"],
            "injection": frame["injection"],
            "drug": frame["drug"],
            "dose (mg)": frame["dose_mg"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
            "n": frame["n"],
            "days": days,
            "days are": kinds,
            "source": frame["source_id"].map(citations.short),
        }
    )


def _draw_systemic() -> tuple[Figure, Callable[..., str]]:
    """How long each study found glucose raised or the adrenal axis suppressed, with a day marker.

    Each bar runs from the injection to the latest day the effect was reported (solid up to the earliest
    reported end, faded where the end lies within a range).
    """
    frame = _by_effect()
    fig, _ = new_figure("slide")
    fig.clear()  # the bars over a strip for their legend (beside them it took a third of a slide's width)
    grid = fig.add_gridspec(2, 1, height_ratios=[20, 1])
    ax, key = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
    key.set_axis_off()
    # room beside the longest axis label: the layout is frozen at one resolution and the twin drawn at
    # another, where the label is a few pixels wider (it lost its first letters on the slide)
    fig.get_layout_engine().set(w_pad=0.3)  # inches
    colours = {"blood glucose": PALETTE["orange"], "adrenal axis suppression": PALETTE["blue"]}
    rows = []
    labels = []
    for y, (_, row) in enumerate(frame.iloc[::-1].iterrows()):
        low, high = float(row["days_low"]), float(row["days_high"])
        colour = colours[row["effect"]]
        if systemic_effects.measured_on_a_few_days(row):  # found when measured; nothing said of other days
            ax.barh(y, max(high - low, 1.0), left=low, color="white", ec=colour, hatch="///", height=0.55)
        else:
            ax.barh(y, low, color=colour, height=0.55)
            ax.barh(y, high - low, left=low, color=colour, alpha=0.35, height=0.55)
        if high == 0:  # on white, over the day marker: the marker moves through its row (handout review)
            ax.text(
                0.8,
                y,
                "no rise found",
                va="center",
                fontsize=8,
                color="#555555",
                zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"},
            )
        dose = "" if pd.isna(row["dose_mg"]) else f" {row['dose_mg']:g} mg"
        # 'Author Year' on the axis (the source note below gives each in full), so the longest label keeps
        # its first letters on a slide
        # the injection shortened as in notebook 07's figure: the labels leave the bars room on a slide
        injection = textwrap.shorten(row["injection"], 30, placeholder="...")
        labels.append(f"{injection}{dose} ({citations.author_year(row['source_id'])})")
        rows.append(row)
    marker = ax.axvline(0, color="#222222", lw=1.5, ls=":")
    ax.set_yticks(range(len(labels)), labels, fontsize=7.5)  # the longest label fits the frozen layout
    ax.set_xlim(0, 92)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_xlabel("days after injection\n(faded: ended within this range;\nhatched: found when measured)")
    ax.grid(axis="y", visible=False)
    for effect, colour in colours.items():
        ax.barh([np.nan], [0], color=colour, label=effect)
    key.legend(*ax.get_legend_handles_labels(), loc="center", ncols=2, fontsize=9, borderaxespad=0)
    fig.suptitle("Glucose rises last days; adrenal suppression can last weeks", fontweight="bold")
    title = ax.set_title("", loc="left", fontsize=10)
    source_note(fig, citations.cite(frame))

    def update(day: float) -> str:
        day = float(day)
        marker.set_xdata([day, day])
        said = {
            status: [r for r in rows if systemic_effects.status_on_day(r, day) == status]
            for status in systemic_effects.STATUSES
        }
        lasted, ending, found = (said[s] for s in systemic_effects.STATUSES)
        studies = "study" if len(lasted) == 1 else "studies"
        title.set_text(
            f"Day {day:g}: lasted in {len(lasted)} {studies},\n"
            f"may have in {len(ending)}, found in {len(found)}"
        )

        def names(group: list[pd.Series]) -> str:
            short = [
                f"{_SHORT[r['effect']]} after {r['injection']} ({citations.author_year(r['source_id'])}"
                f"{_measured_days(r)})"
                for r in group
            ]
            return "; ".join(short) or "none"

        return (
            f"Day <b>{day:g}</b>. Lasted at least this long: {names(lasted)}. <br>Ended between its shortest "
            f"and longest duration, so may still be present: {names(ending)}. <br>Found when measured around "
            f"this day: {names(found)}. Studies not listed say nothing of this day."
        )

    return fig, update


def _has_note(row: pd.Series) -> bool:
    """True when a study's row has a ``days_note``."""
    note = row.get("days_note")
    return isinstance(note, str) and bool(note)


def _measured_days(row: pd.Series) -> str:
    """'; measured at weeks 1, 4 and 12 only' from a row's ``days_note`` (its part before the colon), as the
    table says it; empty for a row measured throughout (a range made from means says so in the table)."""
    few = systemic_effects.measured_on_a_few_days(row) and _has_note(row)  # not a range's 'arm means'
    return f"; {row['days_note'].split(': ')[0]}" if few else ""


def systemic_explorer() -> Explorer:
    """Move the day marker; see which studies still found raised glucose or a suppressed adrenal axis."""
    return explore(
        "systemic-effects-by-day",
        _draw_systemic,
        [Control("day", "Day after injection", (0, 90, 1), value=21, twin_options=[1, 3, 7, 21, 42, 84])],
        question="Three weeks after a steroid injection, which effect is still being found, and after "
        "which injections?",
        alt="Horizontal bars of how many days each study found raised blood glucose or adrenal suppression.",
    )


@figure("systemic-steroid-effects-duration-by-study")
def systemic_figure() -> tuple[Figure, str]:
    """The systemic-effects bars with the marker at day 3."""
    fig, update = _draw_systemic()
    update(3)
    glucose = systemic_effects.longest_days("blood glucose")
    hpa = systemic_effects.longest_days("adrenal axis suppression")
    frame = systemic_effects.systemic_effect_table()
    longest = frame[(frame["effect"] == "adrenal axis suppression") & (frame["days_high"] == hpa)].iloc[0]
    note = longest.get("days_note")
    what = note if isinstance(note, str) and note else longest["finding"]
    alt = (
        f"Blood glucose rises lasted up to {glucose:g} days in the studies; some marker of adrenal "
        f"suppression was still abnormal up to {hpa:g} days after the injection "
        f"({citations.short(longest['source_id'])}: {what}), mostly after epidural or knee injections."
    )
    return fig, alt
