"""04, section 4 (continued): when could a steroid act? The published onset, peak and 'gone by' ranges per
steroid, what each range rests on, and the pharmacology model's teaching curve over 100 days (weak
evidence: labels and knee trials, not facet joints).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import new_figure, source_note
from ...models import pharmacology as ph
from .steroids import STEROID_COLOURS

#: The steroid curves' time axis: 0 to 100 days after the injection, every eighth of a day.
STEROID_DAYS = np.linspace(0, 100, 801)


def _with_source(days: ph.Range) -> str:
    """'3-7 days (A et al., J 2001)': a range and its sources."""
    return f"{days.text()} ({citations.short(days.source_id)})"


def steroid_time_course_table() -> pd.DataFrame:
    """Onset, 'largest effect first measured' and 'gone by' ranges (days) per steroid: the envelope the
    model uses, with its sources (no study measured a peak: the knee trials' largest effect was at first
    follow-up)."""
    rows = []
    for drug in ph.corticosteroids():
        course = ph.steroid_time_course(drug)
        rows.append(
            {
                "drug": drug,
                "onset (days)": _with_source(course.onset_days),
                "largest effect first measured (days)": _with_source(course.peak_days),
                "gone by (days)": _with_source(course.duration_days),
            }
        )
    return pd.DataFrame(rows)


def steroid_time_course_basis() -> Markdown:
    """Markdown list of what each time-course range rests on (label, knee trials, or a proxy)."""
    frame = ph.corticosteroid_time_course_table()
    seen = dict.fromkeys(zip(frame["basis"], frame["source_id"], strict=True))
    return Markdown("\n".join(f"- {basis} ({citations.short(ids)})" for basis, ids in seen))


def _draw_steroid() -> tuple[Figure, Callable[..., str]]:
    """The four steroids' modelled effect over days, one highlighted, with a day marker."""
    fig, (ax,) = new_figure("notebook")
    lines = {}
    for drug in ph.corticosteroids():
        (lines[drug],) = ax.plot(
            STEROID_DAYS,
            ph.steroid_relief(drug, STEROID_DAYS),
            color=STEROID_COLOURS[drug],
            lw=1.5,
            alpha=0.5,
            ls="--" if drug == "betamethasone" else "-",
            label=f"{drug} (same ranges as triamcinolone)" if drug == "betamethasone" else drug,
        )
    marker = ax.axvline(0, color="#444444", lw=1, ls=":")
    ax.set_xlim(0, STEROID_DAYS[-1])
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("days after the injection")
    ax.set_ylabel("fraction of the steroid's full effect")
    ax.legend(loc="upper right", fontsize=8)
    ax.text(
        0.99,
        0.55,
        "WEAK EVIDENCE: labels and knee trials,\nnot facet joints",
        transform=ax.transAxes,
        ha="right",
        fontsize=8,
        color="#555555",
    )
    ax.set_title("Soluble dexamethasone fades first; depot steroids last longer")
    title = ax.text(0.99, 0.47, "", transform=ax.transAxes, ha="right", fontsize=9)
    source_note(
        fig,
        "Teaching model from published ranges. " + citations.cite(ph.corticosteroid_time_course_table()),
    )

    def update(drug: str, day: float) -> str:
        ph.check_corticosteroid(drug)
        day = float(day)
        for name, line in lines.items():
            line.set_linewidth(3 if name == drug else 1.2)
            line.set_alpha(1.0 if name == drug else 0.35)
        marker.set_xdata([day, day])
        now = float(ph.steroid_relief(drug, day))
        course = ph.steroid_time_course(drug)
        title.set_text(f"{drug}: {100 * now:.0f}% on day {day:g}")
        return (
            f"<b>{drug}</b> on day {day:g}: <b>{100 * now:.0f}%</b> of its modelled effect. Published "
            "ranges: "
            f"onset {course.onset_days.text()}, largest effect first measured {course.peak_days.text()}, "
            "gone by "
            f"{course.duration_days.text()} "
            f"({citations.short(course.duration_days.source_id, course.peak_days.source_id)})."
        )

    return fig, update


def steroid_explorer() -> Explorer:
    """Choose a steroid and a day; see its modelled effect and the ranges it comes from."""
    return explore(
        "steroid-effect-over-days",
        _draw_steroid,
        [
            Control("drug", "Steroid", ph.corticosteroids(), value="methylprednisolone acetate"),
            Control("day", "Day after injection", (0, 100, 1), value=21, twin_options=[3, 14, 21, 42, 70]),
        ],
        question="Three weeks after the injection, which steroid's modelled effect has already ended, "
        "and why?",
        alt="Modelled fraction of each corticosteroid's effect over 100 days with a day marker.",
    )


@figure("steroid-effect-over-days-by-drug")
def steroid_figure() -> tuple[Figure, str]:
    """The steroid curves with methylprednisolone acetate highlighted at day 21."""
    fig, update = _draw_steroid()
    update("methylprednisolone acetate", 21)
    dex = ph.steroid_time_course("dexamethasone").duration_days
    depots = "; ".join(
        f"{drug} {ph.steroid_time_course(drug).duration_days.text()}"
        for drug in ph.corticosteroids()
        if drug != "dexamethasone"
    )
    alt = (
        f"Modelled steroid effect over 100 days: soluble dexamethasone is gone by {dex.high:g} days; the "
        f"depot suspensions are gone by {depots} (the 'gone by' ranges of the table; weak evidence)."
    )
    return fig, alt
