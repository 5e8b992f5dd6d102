"""04, section 4 (continued): when could a steroid act? The published onset, peak and 'gone by' ranges per
steroid, what each range rests on, and the pharmacology model's teaching curve over 100 days (weak
evidence: labels and knee trials, not facet joints).
"""

from __future__ import annotations

import re
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


#: How the basis column of ``corticosteroids_time_course`` starts where a range is a label's repeat interval.
REPEAT_INTERVAL_BASIS = "label repeat interval"

#: How the basis column of ``corticosteroids_time_course`` starts where a peak row is an assumption (no source
#: gives the time of the largest local effect), not a measurement.
ASSUMED_PEAK_BASIS = "no data on when a local effect peaks"

#: The first day after the injection (days; a unit, not a clinical number): relief then is never read as a
#: steroid effect.
FIRST_DAY = 1.0

#: Said by every steroid readout up to 24 hours after the injection.
#: Not "the anaesthetic's" for the whole day: the block ends within its published duration, well before
#: 24 hours (review s16 of 04, F9).
EARLY_RELIEF_NOTE = (
    "up to 24 hours, do not read relief as a steroid effect (nor, after the anaesthetic's published "
    "duration, as the block's)"
)


def peak_is_assumed(drug: str) -> bool:
    """True where every peak_days row of ``drug`` is an assumption (its basis says no data give the time of
    the largest local effect), so no 'largest effect' band may be shown as measured."""
    frame = ph.corticosteroid_time_course_table()
    rows = frame[(frame["drug"] == ph.check_corticosteroid(drug)) & (frame["quantity"] == "peak_days")]
    return bool(rows["basis"].str.startswith(ASSUMED_PEAK_BASIS).all())


def peak_text(drug: str) -> str:
    """The largest-effect range of ``drug`` as the sources allow: 'first measured 7-14 days', or 'unknown'
    with the assumed band labelled as an absorption proxy, not relief."""
    peak = ph.steroid_time_course(drug).peak_days
    if peak_is_assumed(drug):
        return (
            f"unknown: no source gives it (the {peak.text()} band is assumed: absorption proxy, not relief)"
        )
    return f"first measured {peak.text()}"


def gone_by_kind(drug: str) -> str:
    """What the 'gone by' range of ``drug`` rests on: 'label repeat interval', 'knee trials', or both (read
    from the basis column of its duration rows; label repeat intervals are kept apart, label_repeat_days)."""
    frame = ph.corticosteroid_time_course_table()
    rows = frame[(frame["drug"] == ph.check_corticosteroid(drug)) & (frame["quantity"] == "duration_days")]
    repeat = rows["basis"].str.startswith(REPEAT_INTERVAL_BASIS)
    kinds = (["label repeat interval"] if repeat.any() else []) + (["knee trials"] if (~repeat).any() else [])
    return " and ".join(kinds)


def _gone_by_basis(drug: str) -> str:
    """What the 'gone by' range rests on, with the caveat where depot steroids' knee trials stand in for a
    solution (dexamethasone: its label says short duration; review s20 of 04, minor 6)."""
    kind = gone_by_kind(drug)
    if "knee trials" in kind and not bool(ph.corticosteroid_info(drug)["particulate"]):
        return f"{kind} of depot steroids, assumed for a solution whose label says short duration"
    return kind


def label_repeat_text(drug: str) -> str:
    """The label's repeat interval of ``drug`` (days), said as what it is: how often an injection may be
    repeated, not how long relief lasts ('none read' where no label interval is in the data)."""
    repeat = ph.steroid_time_course(drug).label_repeat_days
    if repeat is None:
        return "no label repeat interval read"
    return f"{_with_source(repeat)}: how often the label allows a repeat, not how long relief lasts"


def comparative_trials_text() -> str:
    """One line per comparative study of dexamethasone: route, follow-up and finding, with its source."""
    frame = ph.steroid_comparative_trials_table()
    return "; ".join(
        f"{row.route}, {row.follow_up}: {row.finding.split(';')[0]} ({citations.short(row.source_id)})"
        for row in frame.itertuples()
    )


def steroid_comparative_trials() -> pd.DataFrame:
    """The studies comparing dexamethasone with particulate steroids (source, design, route, arms, follow-up,
    finding, how much was read): relief over time by route, not the label's repeat interval."""
    frame = ph.steroid_comparative_trials_table()
    return pd.DataFrame(
        {
            "study": [citations.short(ids) for ids in frame["source_id"]],
            "design": frame["design"],
            "route": frame["route"],
            "arms": frame["dexamethasone_arm"] + " vs " + frame["comparator_arm"],
            "follow-up": frame["follow_up"],
            "finding": frame["finding"],
            "how much was read; limits": frame["note"],
        }
    )


def steroid_band(drug: str, day: float) -> str:
    """Where ``day`` (days after the injection) falls against the published ranges of ``drug``: a band, not a
    percentage (the curve is a teaching model built on proxies). Raises ValueError for a negative day."""
    day = float(day)
    if not day >= 0:
        raise ValueError(f"day must be 0 or more (days after the injection); got {day!r}")
    course = ph.steroid_time_course(drug)
    band = _band(drug, day, course.peak_days, course.duration_days)
    return f"{band}; {EARLY_RELIEF_NOTE}" if day <= FIRST_DAY else band


def _band(drug: str, day: float, peak: ph.Range, gone: ph.Range) -> str:
    """The band of :func:`steroid_band` without the first-day note."""
    if peak_is_assumed(drug) and day < gone.low:
        earliest = f"before the earliest 'gone by' figure ({gone.low:g} days)"
        return f"its largest effect is {peak_text(drug)}; {earliest}"
    if day < peak.low:
        return (
            f"before the published largest-effect range ({peak.text()}): when local relief starts is unknown"
        )
    if day <= peak.high:
        return f"within the range where the largest effect was first measured ({peak.text()})"
    if day < gone.low:
        return f"after the largest-effect range, before the earliest 'gone by' figure ({gone.low:g} days)"
    if day <= gone.high:
        return f"within the 'gone by' range ({gone.text()}, {_gone_by_basis(drug)}): it may have ended"
    return f"after the last 'gone by' figure ({gone.high:g} days), where the sources expect none"


def steroid_time_course_table() -> pd.DataFrame:
    """Onset, 'largest effect' and 'gone by' ranges (days) per steroid: the envelope the model uses, with its
    sources (no study measured a peak: the knee trials' largest effect was at first follow-up; where no source
    gives it at all, dexamethasone, the cell says unknown and labels the assumed band)."""
    rows = []
    for drug in ph.corticosteroids():
        course = ph.steroid_time_course(drug)
        rows.append(
            {
                "drug": drug,
                "onset (days)": _with_source(course.onset_days),
                "largest effect (days; first measured, or unknown)": f"{peak_text(drug)} "
                f"({citations.short(course.peak_days.source_id)})",
                "relief gone by (days; what it rests on)": f"{_with_source(course.duration_days)}: "
                f"{gone_by_kind(drug)}",
                "label repeat interval (days; not a duration)": label_repeat_text(drug),
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
            label=f"{drug}\n(same knee ranges)" if drug != "methylprednisolone acetate" else drug,
        )
    # the day marker stops below the headroom that holds the legend, so it never runs through it
    (marker,) = ax.plot([0.0, 0.0], [0.0, 1.1], color="#444444", lw=1, ls=":")
    (repeat_bar,) = ax.plot([], [], color="#444444", lw=4, solid_capstyle="butt")
    repeat_label = ax.text(0, 1.04, "", fontsize=8, color="#444444", va="bottom")
    ax.set_xlim(0, STEROID_DAYS[-1])
    ax.set_ylim(0, 1.7)  # headroom for the legend and the repeat bar, at any type size
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_xlabel("days after the injection")
    ax.set_ylabel("fraction of the\nsteroid's full effect")
    ax.legend(loc="upper right", ncol=2, fontsize=8)
    ax.text(
        0.99,
        0.44,  # under the day's text, both below the repeat bar
        "WEAK EVIDENCE: knee trials,\nnot facet joints",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=8,
        color="#555555",
    )
    ax.set_title("A label's repeat interval is not how long relief lasts")
    title = ax.text(0.99, 0.58, "", transform=ax.transAxes, ha="right", va="top", fontsize=9)
    source_note(
        fig,
        "Teaching model from published ranges; bar: the label's repeat interval (how often, not how long). "
        + citations.cite(ph.corticosteroid_time_course_table(), ph.steroid_comparative_trials_table()),
    )

    def update(drug: str, day: float) -> str:
        ph.check_corticosteroid(drug)
        day = float(day)
        for name, line in lines.items():
            line.set_linewidth(3 if name == drug else 1.2)
            line.set_alpha(1.0 if name == drug else 0.35)
        marker.set_xdata([day, day])
        course = ph.steroid_time_course(drug)
        repeat = course.label_repeat_days
        repeat_bar.set_data([repeat.low, repeat.high] if repeat else [], [1.02, 1.02] if repeat else [])
        repeat_label.set_x(repeat.low if repeat else 0)
        repeat_label.set_text(f"{drug}: label repeat interval (not a duration)" if repeat else "")
        band = steroid_band(drug, day)
        short = re.split(r" \(|,|:", band)[0]  # the band's first words fit on the figure
        title.set_text(f"{drug}, day {day:g}:\n{short}")
        return (
            f"<b>{drug}</b> on day {day:g}: <b>{band}</b> (a band, not a measured effect: weak evidence). "
            f"Published ranges: largest effect {peak_text(drug)}, gone by "
            f"{course.duration_days.text()} ({gone_by_kind(drug)}) "
            f"({citations.short(course.duration_days.source_id, course.peak_days.source_id)}). "
            f"Label repeat interval: {label_repeat_text(drug)}. Dexamethasone against particulate steroids: "
            f"{comparative_trials_text()}."
        )

    return fig, update


def steroid_explorer() -> Explorer:
    """Choose a steroid and a day; see its modelled effect and the ranges it comes from."""
    explorer = explore(
        "steroid-effect-over-days",
        _draw_steroid,
        [
            # opens on the question's frame: dexamethasone on day 21
            Control("drug", "Steroid", ph.corticosteroids(), value="dexamethasone"),
            Control("day", "Day after injection", (0, 100, 1), value=21, twin_options=[3, 14, 21, 42, 70]),
        ],
        question="Dexamethasone's label allows a repeat injection every 3 days to 3 weeks. On day 21, has "
        "its relief ended, by the trials the course read?",
        alt="Modelled fraction of each corticosteroid's effect over 100 days with a day marker.",
    )
    # Every frame is drawn whole: the four curves coincide (the same knee ranges), and their thin
    # semi-transparent lines blend differently when a blitted frame redraws only the changed ones.
    explorer.auto_blit = False
    return explorer


@figure("steroid-effect-over-days-by-drug")
def steroid_figure() -> tuple[Figure, str]:
    """The steroid curves with dexamethasone highlighted at day 21, its label repeat interval drawn apart."""
    fig, update = _draw_steroid()
    update("dexamethasone", 21)
    dex = ph.steroid_time_course("dexamethasone")
    repeat = dex.label_repeat_days
    alt = (
        "Modelled steroid effect over 100 days: every steroid, dexamethasone included, is drawn with the "
        f"knee trials' 'gone by' range of {dex.duration_days.text()}, since no source read gives a time when "
        "dexamethasone relief ends; a bar marks dexamethasone's label repeat interval"
        + (f" ({repeat.text()})" if repeat else "")
        + ", which says how often an injection may be repeated, not how long relief lasts; weak evidence."
    )
    return fig, alt
