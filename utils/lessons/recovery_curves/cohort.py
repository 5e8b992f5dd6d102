"""05, section 3: a SYNTHETIC cohort from the recovery model and its Kaplan-Meier curve against the trials.

The cohort and the curve come from :mod:`facet_course.models.recovery`; the published points are the
trials' reported medians and shares still relieved (``data/recovery_outcomes``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, log_time_axis, source_note, synthetic_label
from ...models import recovery
from .common import DEFAULT_ANAESTHETIC, DEFAULT_STEROID, figure_with_key, first_source, key_below, pick
from .text import carette_what_if

COHORT_SIZES: tuple[int, ...] = (20, 40, 100, 400)
COHORT_SEEDS: tuple[int, ...] = (1, 2, 3)
#: The survival axis (days after the injection) with clinicians' tick labels, the number over its unit: on
#: one line '3 days' and '1 week' ran together in an explorer's frame in handout type (handout review).
DAY_TICKS: dict[float, str] = {
    1 / 24: "1\nh",
    0.25: "6\nh",
    1: "1\nday",
    3: "3\ndays",
    7: "1\nweek",
    30: "1\nmonth",
    182: "6\nmonths",
}
#: How each trial's points are drawn: keyed by one of its outcome rows (the reference comes from that row).
POINT_STYLES: dict[str, tuple[str, str]] = {
    "barnsley_beyond_1m": (PALETTE["vermillion"], "cervical"),
    "carette_1m_steroid": (PALETTE["orange"], "lumbar (marked improvement, 1 month)"),
    "lilius_3m": (PALETTE["purple"], "lumbar (benefit at 3 months)"),
}


@functools.lru_cache(maxsize=64)
def _cohort_survival(
    n: int, seed: int, extra_percent: float, anaesthetic: str, steroid: str
) -> recovery.Survival:
    cohort = recovery.synthetic_cohort(
        n, seed, anaesthetic, steroid if extra_percent > 0 else recovery.NO_DRUG, extra_percent
    )
    return recovery.survival_curve(cohort)


def _default_drugs() -> tuple[str, str]:
    """The cohort's anaesthetic and steroid (the lesson's defaults, if the data still has them)."""
    return (
        pick(DEFAULT_ANAESTHETIC, recovery.anaesthetic_names()),
        pick(DEFAULT_STEROID, recovery.steroid_names()),
    )


def responder_options() -> list[float]:
    """Extra steroid responders to try (percentage points): none, Carette's non-significant difference (a
    what-if), two hypotheticals."""
    carette = round(recovery.carette_extra_responders_percent(), 1)
    return sorted({0.0, carette, 25.0, 50.0})


def cohort_summary_table(n: int = 40, seed: int = 1, extra_responder_percent: float = 0.0) -> pd.DataFrame:
    """Median (days) and % still relieved at one week and one month: SYNTHETIC cohort beside the trials.

    No extra steroid responders by default: no facet trial read here showed a steroid effect (Carette's
    difference is a what-if in the explorer)."""
    extra = extra_responder_percent
    curve = _cohort_survival(n, seed, float(extra), *_default_drugs())
    o = recovery.outcomes()
    barnsley = citations.short(o.loc["barnsley_median_steroid", "source_id"])
    median = curve.median_days()
    rows = [
        {
            "measure": "median days until pain half back",
            "SYNTHETIC cohort": None if median is None else round(median, 1),
            "trial": f"{o.loc['barnsley_median_steroid', 'value']:g} (steroid), "
            f"{o.loc['barnsley_median_bupivacaine', 'value']:g} (bupivacaine)",
            "source": barnsley,
        },
        {
            "measure": "% still relieved at 1 week",
            "SYNTHETIC cohort": round(100 * curve.at(7), 0),
            "trial": f"< {o.loc['barnsley_beyond_1w', 'value']:g}",
            "source": barnsley,
        },
        {
            "measure": "% still relieved at 1 month",
            "SYNTHETIC cohort": round(100 * curve.at(30), 0),
            "trial": f"< {o.loc['barnsley_beyond_1m', 'value']:g} ({month_bound_text(curve.at(30))})",
            "source": barnsley,
        },
    ]
    frame = pd.DataFrame(rows)
    frame.attrs["cohort"] = (
        f"n = {n}, seed {seed}, extra steroid responders {extra:g}% (the explorer offers {carette_what_if()})"
    )
    return frame


def _published_points(ax: Axes) -> pd.DataFrame:
    """The trials' points (medians at 50%, 'less than' bounds as down-triangles), one legend entry each."""
    o = recovery.outcomes()
    styles = {
        first_source(o.loc[row_id, "source_id"]): (
            colour,
            f"{citations.author_year(first_source(o.loc[row_id, 'source_id']))}, {what}",
        )
        for row_id, (colour, what) in POINT_STYLES.items()
    }
    points = recovery.published_points()
    seen: set[str] = set()
    for _, p in points.iterrows():
        first = first_source(p["source_id"])
        colour, label = styles[first]
        ax.scatter(
            [p["time_days"]],
            [p["percent"] / 100],
            color=colour,
            marker="v" if p["bound"] == "less_than" else "o",
            s=55,
            zorder=3,
            edgecolor="white",
            label=label if first not in seen else None,
        )
        seen.add(first)
    ax.scatter([], [], color="#777777", marker="v", s=45, label="upper bound ('less than')")
    return points


def month_bound_text(fraction: float, extra_responder_percent: float = 0.0) -> str:
    """Where a cohort's share still relieved at one month (0..1) sits against Barnsley 1994's 'less than one
    in five': the model is fitted AT the bound, the most relief the trial allows, so a sample can reach or
    pass it; the trial's own value lies below it."""
    bound = float(recovery.outcome("barnsley_beyond_1m")["value"])
    if 100 * round(fraction, 2) >= bound and extra_responder_percent > 0:
        return (
            "at or above the trial's upper bound: with hypothetical steroid responders added, the excess "
            "comes from them, not from the fit, and it contradicts Barnsley 1994's fewer than 1 in 5 "
            "relieved beyond one month whatever the injection"
        )
    if 100 * round(fraction, 2) >= bound:
        return (
            "at or above the trial's upper bound: the model is fitted at the bound itself, the most relief "
            "the trial allows (its expected share is at most the bound by construction, and a sample can "
            "pass it by chance), so the trial's own value lies below the model's"
        )
    return (
        "below the trial's upper bound, as the trial's own value was: the model is fitted at the bound, so a "
        "sample of this size falls on either side of it by chance"
    )


def _survival_notice(n: int, extra_responder_percent: float) -> str:
    """What to notice at these settings: the what-if, a hypothetical share, or the band's width (pure)."""
    carette = recovery.carette_extra_responders_percent()
    notice = ""
    if extra_responder_percent == round(carette, 1) and extra_responder_percent > 0:
        cs, bs = recovery.outcome("carette_1m_steroid"), recovery.outcome("barnsley_median_steroid")
        notice = (
            f"The {extra_responder_percent:g}% extra responders are {carette_what_if()}: not a rate the "
            f"trial showed, and a different outcome ({cs['quantity']}, {cs['region']}) from this curve's "
            f"({bs['region']}, time until half the pain is back), so any change in the median is the "
            "model's, not a trial's. "
        )
    if extra_responder_percent > carette:
        return notice + (
            f"{extra_responder_percent:g}% extra responders is more than the placebo-controlled facet "
            f"trial read here found at one month (Carette: {carette:g} percentage points, not "
            "significant): a hypothetical."
        )
    if n <= 40:
        return notice + (
            "Notice how wide the band is at the size of a trial arm: change the seed, watch the median."
        )
    return notice + (
        "With many patients the band narrows, so compare this median with the one at 0% extra "
        "responders: a difference the size of Carette's (not significant in that trial) can become "
        "visible in a large SYNTHETIC cohort."
    )


def _draw_survival() -> tuple[Figure, Callable[..., str]]:
    """Kaplan-Meier curve of the SYNTHETIC cohort with its 95% band, and published points with sources."""
    fig, ax, key = figure_with_key("notebook")
    anaesthetic, steroid = _default_drugs()
    (curve,) = ax.step(
        [], [], where="post", color=PALETTE["blue"], lw=2, label="SYNTHETIC cohort (Kaplan-Meier)"
    )
    band = ax.fill_between(
        [1, 2], [0, 0], [0, 0], step="post", color=PALETTE["sky_blue"], alpha=0.3, label="95% confidence band"
    )
    points = _published_points(ax)
    log_time_axis(ax, DAY_TICKS, "time after the injection (log scale)", (0.02, 200))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_ylim(0, 1.02)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])  # fixed: the frame's layout is made in one draw
    ax.set_ylabel("fraction with pain\nstill below half")
    key_below(ax, key)
    synthetic_label(ax)
    title = ax.set_title("")
    text = ax.text(0.99, 0.86, "", transform=ax.transAxes, ha="right", va="top", fontsize=8)
    source_note(
        fig,
        f"SYNTHETIC cohort from the recovery model. Points: {citations.cite(points)}"
        ". Outcome definitions differ between trials. The cohort mixes cervical calibration (Barnsley 1994) "
        "with lumbar follow-up and a what-if responder share (Carette 1991).",
    )

    def update(n: int, seed: int, extra_responder_percent: float) -> str:
        nonlocal band
        if n not in COHORT_SIZES:
            raise ValueError(f"cohort size must be one of {COHORT_SIZES}; got {n}")
        surv = _cohort_survival(int(n), int(seed), float(extra_responder_percent), anaesthetic, steroid)
        t = np.maximum(surv.t_days, 0.02)
        curve.set_data(t, surv.surviving)
        band.remove()
        band = ax.fill_between(t, surv.low, surv.high, step="post", color=PALETTE["sky_blue"], alpha=0.3)
        median = surv.median_days()
        median_text = "not reached" if median is None else f"{median:.1f} days"
        title.set_text(
            f"Weeks of relief only with common\nsteroid responders (SYNTHETIC, n = {n})"
            if median is None or median > 7  # two lines in every frame: the frame's layout is fixed
            else f"Pain returns within days\nin most of a SYNTHETIC cohort of {n}"
        )
        text.set_text(f"SYNTHETIC median {median_text}\n1 month: {100 * surv.at(30):.0f}% relieved")
        o = recovery.outcomes()
        return (
            f"SYNTHETIC cohort of {n} (seed {seed}, extra steroid responders {extra_responder_percent:g}%): "
            f"median {median_text}, {100 * surv.at(7):.0f}% relieved at 1 week, {100 * surv.at(30):.0f}% at "
            f"1 month. Barnsley 1994: median {o.loc['barnsley_median_steroid', 'value']:g} days with "
            f"steroid, {o.loc['barnsley_median_bupivacaine', 'value']:g} without; at 1 month fewer than "
            f"{o.loc['barnsley_beyond_1m', 'value']:g}%: the cohort is "
            f"{month_bound_text(surv.at(30), extra_responder_percent)}. "
            f"{_survival_notice(n, extra_responder_percent)}"
        )

    return fig, update


def survival_explorer() -> Explorer:
    """Cohort size, seed and extra steroid responders: the synthetic Kaplan-Meier curve against the trials."""
    options = responder_options()
    carette = round(recovery.carette_extra_responders_percent(), 1)
    return explore(
        "synthetic-cohort-survival",
        _draw_survival,
        [
            Control("n", "Patients in the cohort", list(COHORT_SIZES), value=40),
            Control("seed", "Random seed", list(COHORT_SEEDS), value=1),
            Control(
                "extra_responder_percent",
                "Extra steroid responders (what-if)",
                options,
                value=options[0],
                unit="%",
                twin_options=[options[0], carette, options[-1]],
            ),
        ],
        question="How many patients does a cohort need before its median stops jumping between seeds?",
        alt="Kaplan-Meier curve of time until pain returns to half its pre-injection level in a SYNTHETIC "
        "cohort, with a 95% band, and published trial results as points.",
    )


@figure("synthetic-cohort-time-to-return-of-pain")
def survival_figure() -> tuple[Figure, str]:
    """The survival figure at its defaults."""
    explorer = survival_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    return fig, f"Kaplan-Meier curve of a SYNTHETIC cohort against published points. {readout}"
