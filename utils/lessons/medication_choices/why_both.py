"""04, section 1: why two drugs in the syringe, and when only one.

The drug overview table and the 'what is acting when' figure: the local anaesthetic's block (hours) and a
steroid's effect (days to weeks) on one log time axis, from the pharmacology model's teaching curves
(:func:`facet_course.models.pharmacology.local_anaesthetic_relief`, :func:`~.steroid_relief`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, log_time_axis, new_figure, source_note
from ...models import pharmacology as ph
from .steroid_time import steroid_band

#: Hours in a day (a unit conversion, not a clinical number).
HOURS_PER_DAY = 24.0


#: Time axis in hours for the 'why both drugs' figure, with clinicians' words.
TIMELINE_TICKS: dict[float, str] = {
    0.25: "15 min",
    1: "1 h",
    6: "6 h",
    HOURS_PER_DAY: "1 day",
    7 * HOURS_PER_DAY: "1 week",
    30 * HOURS_PER_DAY: "1 month",
}


#: Times (hours) offered by the 'what is acting now' explorer, in clinicians' words.
TIMELINE_MARKS: dict[str, float] = {
    "1 hour": 1.0,
    "6 hours": 6.0,
    "1 day": HOURS_PER_DAY,
    "3 days": 3 * HOURS_PER_DAY,
    "1 week": 7 * HOURS_PER_DAY,
    "1 month": 30 * HOURS_PER_DAY,
}


#: The time axis (hours, log scale): from 6 minutes to 100 days.
TIMELINE_LIMITS_H: tuple[float, float] = (0.1, 100 * HOURS_PER_DAY)
TIMELINE_HOURS = np.geomspace(*TIMELINE_LIMITS_H, 800)


def drug_overview_table() -> pd.DataFrame:
    """One row per drug: class, label strengths, the anaesthetics' onset and duration in peripheral nerve
    blocks (the setting the sources measured, not a medial branch block) with their sources, particulate."""
    rows = []
    for drug in ph.local_anaesthetics():
        info = ph.local_anaesthetic_info(drug)
        course = ph.local_anaesthetic_time_course(drug)
        rows.append(
            {
                "drug": drug,
                "class": "local anaesthetic",
                "label strengths (%)": str(info["marketed_strengths_percent"]).replace(";", ", "),
                "onset (peripheral nerve block)": course.onset_min.text(),
                "duration (peripheral nerve block)": course.duration_h.text(),
                "particulate": "no (solution)",
                "source (onset, duration; not measured at a medial branch)": citations.short(
                    course.onset_min.source_id, course.duration_h.source_id
                ),
            }
        )
    for drug in ph.corticosteroids():
        info = ph.corticosteroid_info(drug)
        rows.append(
            {
                "drug": drug,
                "class": "corticosteroid",
                "label strengths (%)": f"{info['strength_mg_per_ml']:g} mg/mL",
                "onset (peripheral nerve block)": "",
                "duration (peripheral nerve block)": "",
                "particulate": "yes (suspension)" if info["particulate"] else "no (solution)",
                "source (onset, duration; not measured at a medial branch)": "",
            }
        )
    return pd.DataFrame(rows)


def _draw_why_both() -> tuple[Figure, Callable[..., str]]:
    """Anaesthetic block (hours) and steroid effect (days to weeks) on one log time axis, time marked."""
    fig, (ax,) = new_figure("notebook")
    la_colour, steroid_colour = PALETTE["blue"], PALETTE["vermillion"]
    (la_line,) = ax.plot([], [], color=la_colour, lw=2)
    (st_line,) = ax.plot([], [], color=steroid_colour, lw=2, ls="--")
    # the time marker stops below the headroom, so it never runs through the legend there
    (marker,) = ax.plot([1.0, 1.0], [0.0, 1.05], color="#222222", lw=1.2, ls=":")
    (la_dot,) = ax.plot([], [], "o", color=la_colour, ms=7)
    (st_dot,) = ax.plot([], [], "o", color=steroid_colour, ms=7)
    log_time_axis(ax, TIMELINE_TICKS, "time after the injection (log scale)", TIMELINE_LIMITS_H)
    # headroom above the curves and their dots: the legend at the top, each drug's role over its plateau
    # under it (inside the plot the curves and the moving time marker ran through them: handout review)
    ax.set_ylim(0, 1.65)
    ax.set_ylabel("fraction of the drug's full effect")
    legend = ax.legend([la_line, st_line], ["", ""], loc="upper right")
    role = {"fontsize": 8, "va": "bottom"}
    ax.text(0.3, 1.1, "block: tests the\npain source", color=la_colour, **role)
    ax.text(80, 1.1, "steroid: may treat\n(weak evidence)", color=steroid_colour, **role)
    ax.set_title("The anaesthetic acts for hours; a steroid, if at all, over days to weeks")
    source_note(
        fig,
        "Teaching model from published ranges. "
        + citations.cite(ph.local_anaesthetic_time_course_table(), ph.corticosteroid_time_course_table()),
    )

    def update(anaesthetic: str, steroid: str, time: str) -> str:
        if time not in TIMELINE_MARKS:
            raise ValueError(f"time must be one of {', '.join(TIMELINE_MARKS)}; got {time!r}")
        hours = TIMELINE_MARKS[time]
        la = ph.local_anaesthetic_relief(anaesthetic, TIMELINE_HOURS)
        st = ph.steroid_relief(steroid, TIMELINE_HOURS / HOURS_PER_DAY)
        la_line.set_data(TIMELINE_HOURS, la)
        st_line.set_data(TIMELINE_HOURS, st)
        la_now = float(ph.local_anaesthetic_relief(anaesthetic, hours))
        st_now = float(ph.steroid_relief(steroid, hours / HOURS_PER_DAY))
        la_dot.set_data([hours], [la_now])
        st_dot.set_data([hours], [st_now])
        marker.set_xdata([hours, hours])
        legend.get_texts()[0].set_text(f"local anaesthetic: {anaesthetic}")
        legend.get_texts()[1].set_text(f"corticosteroid: {steroid}")
        return (
            f"<b>{time}</b> after the injection: {anaesthetic} block <b>{100 * la_now:.0f}%</b> of full "
            f"(teaching model); {steroid}: <b>{steroid_band(steroid, hours / HOURS_PER_DAY)}</b> (a band "
            "from published ranges, weak evidence: never read early relief as a steroid effect)."
        )

    return fig, update


def why_both_explorer() -> Explorer:
    """Choose the two drugs and a time; see which one could be acting then."""
    return explore(
        "what-is-acting-when",
        _draw_why_both,
        [
            Control(
                "anaesthetic",
                "Anaesthetic",
                ph.local_anaesthetics(),
                value="bupivacaine",
                twin_options=["lidocaine", "bupivacaine"],
            ),
            Control(
                "steroid",
                "Steroid",
                ph.corticosteroids(),
                value="methylprednisolone acetate",
                twin_options=["methylprednisolone acetate", "dexamethasone"],
            ),
            Control("time", "Time after injection", list(TIMELINE_MARKS), value="3 days"),  # the question's
        ],
        question="A patient phones on day 3 with their usual pain back. Which drug has worn off, and which "
        "could still be on its way?",
        alt="Local anaesthetic and corticosteroid effect on a log time axis from minutes to months, with a "
        "time marker.",
    )


@figure("anaesthetic-hours-and-steroid-weeks-timeline")
def why_both_figure() -> tuple[Figure, str]:
    """Bupivacaine and methylprednisolone acetate on one log time axis, marker at 1 day."""
    anaesthetic, steroid = "bupivacaine", "methylprednisolone acetate"
    fig, update = _draw_why_both()
    update(anaesthetic, steroid, "1 day")
    la_course = ph.local_anaesthetic_time_course(anaesthetic)
    st_course = ph.steroid_time_course(steroid)
    alt = (
        f"On a log time axis the {anaesthetic} block is full from about {la_course.onset_min.high:g} "
        f"minutes and gone by {la_course.duration_h.high:g} hours, while the {steroid} effect is modelled "
        f"to rise over the absorption proxy of {st_course.onset_days.text()}, with its largest effect "
        f"first measured at {st_course.peak_days.text()}, and is gone by "
        f"{st_course.duration_days.text()} (the knee trials' range; a label's repeat interval says how "
        "often, not how long)."
    )
    return fig, alt
