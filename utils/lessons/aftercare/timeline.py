"""07, section 1: what will I feel when? The recovery model's phases with the advice that goes with each.

Phases from notebook 05's model (:func:`facet_course.models.recovery.phases`, through
:mod:`facet_course.models.aftercare`), advice from ``data/aftercare_advice.csv``; no number is typed here.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import (
    PALETTE,
    log_time_axis,
    new_figure,
    presenting,
    reserve_caption,
    slide_min_pt,
    source_note,
)
from ...models import aftercare, anticoagulants, recovery

H = recovery.HOURS_PER_DAY
TICKS: dict[float, str] = {0.25: "15 min", 1: "1 h", 6: "6 h", H: "1 day", 3 * H: "3 days", 7 * H: "1 week"}
TICKS |= {30 * H: "1 month", 182 * H: "6 months"}
T_MIN_H, T_MAX_H = 0.1, 400 * H
ROWS: tuple[str, ...] = (
    aftercare.BEFORE_HOME,
    "anaesthetic block",
    "possible flare",
    "steroid onset",
    "steroid relief",
    "return of pain",
)
#: The advice row beside which the procedures' bleeding-risk categories are shown (review s6, finding 8).
RESTART_TOPIC = "when to restart a blood thinner"
ROW_LABELS: dict[str, str] = {
    aftercare.BEFORE_HOME: "in the clinic,\nthen that day",
    "anaesthetic block": "numbing\nmedicine acts",
    "possible flare": "possible flare\n(when asked)",
    "steroid onset": "steroid onset\n(HYPOTHETICAL)",
    "steroid relief": "steroid relief\n(HYPOTHETICAL)",
    "return of pain": "usual pain\nback",
}
COLOURS: dict[str, str] = {
    aftercare.BEFORE_HOME: PALETTE["purple"],
    "anaesthetic block": PALETTE["sky_blue"],
    "possible flare": PALETTE["vermillion"],
    "steroid onset": PALETTE["yellow"],
    "steroid relief": PALETTE["green"],
    "return of pain": "#BBBBBB",
}
DEFAULT_REGION = "lumbar"
DEFAULT_INJECTATE = aftercare.DIAGNOSTIC


#: Steroid advice that runs from the injection itself, not from the hypothetical onset bar: the glucose rise
#: (peaks within hours, notebook 04's studies), flushing, and telling other doctors.
FROM_THE_INJECTION: tuple[str, ...] = (
    "diabetes and blood glucose",
    "flushing and periods after a steroid",
    "tell other doctors about the steroid",
)


def _when(step: aftercare.Step) -> str:
    """When a step applies (hours after): its phase's model window, or from the injection for the steroid's
    effects on the body (the glucose rise up to notebook 04's longest, in hours)."""
    if step.topic not in FROM_THE_INJECTION:
        return f"{hours_text(step.start_hours)} to {hours_text(step.end_hours)}"
    if step.topic == "diabetes and blood glucose":
        return f"0 to {hours_text(aftercare.glucose_days() * H)} (from the injection)"
    return "from the injection"


def bleeding_risk_text(organisation: str = "ASRA 2018") -> tuple[str, str]:
    """(each region's facet procedures grouped by the organisation's bleeding-risk category, from notebook
    06's table ``data/procedure_bleeding_risk.csv``; the sources), for the course's regions."""
    parts, sources = [], []
    for region in aftercare.REGIONS:
        by_category: dict[str, list[str]] = {}
        for procedure in anticoagulants.PROCEDURES:
            row = anticoagulants.bleeding_risk(procedure, region, organisation)
            by_category.setdefault(str(row["category"]), []).append(procedure)
            sources.extend(str(row["source_id"]).split(";"))
        groups = ", ".join(f"{cat} ({', '.join(procs)})" for cat, procs in by_category.items())
        parts.append(f"{region}: {groups}")
    text = (
        f"{organisation} bleeding-risk category (notebook 06's table): {'; '.join(parts)}; whether a drug is "
        "stopped at all is decided with its prescriber"
    )
    return text, ";".join(dict.fromkeys(sources))


def steps_table(region: str = DEFAULT_REGION, injectate: str = DEFAULT_INJECTATE) -> pd.DataFrame:
    """The advice for a region and injectate, phase by phase, with when (model hours; the steroid's effects on
    the body from the injection), basis and source. The blood-thinner row also gives the procedures'
    bleeding-risk categories (:func:`bleeding_risk_text`)."""
    rows = []
    for s in aftercare.steps(region, injectate):
        advice, source_id = s.advice, s.source_id
        if s.topic == RESTART_TOPIC:
            risk, risk_sources = bleeding_risk_text()
            advice = f"{advice}. {risk[0].upper()}{risk[1:]}"
            source_id = f"{source_id};{risk_sources}"
        rows.append(
            {
                "phase": s.phase,
                "when (hours after)": _when(s),
                "topic": s.topic,
                "advice": advice,
                "basis": s.basis,
                "source": citations.author_year(source_id),
            }
        )
    return pd.DataFrame(rows)


def when_to_call_table() -> pd.DataFrame:
    """Warning signs: what to do, the basis (usual practice where no facet-specific source) and the source."""
    table = aftercare.when_to_call()
    return pd.DataFrame(
        {
            "sign": table["sign"],
            "what to do": [
                f"{aftercare.AMBULANCE} (to the emergency department)" if amb else action
                for action, amb in zip(table["action"], table["ambulance"], strict=True)
            ],
            "leaflets": table["region"],
            "basis": table["basis"],
            "source": [citations.author_year(s) for s in table["source_id"]],
        }
    )


def _topics(region: str, injectate: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for s in aftercare.steps(region, injectate):
        found.setdefault(s.phase, []).append(s.topic)
    return found


def _readout(region: str, injectate: str) -> str:
    """The key result first (how long the numbness lasts, what this injectate adds or drops), then the diary
    rule and, with steroid, what the trials found; the advice itself is the figure's labels and
    :func:`steps_table` (pure: from the models)."""
    area, limb = aftercare.AREAS[region]
    other = next(i for i in aftercare.INJECTATES if i != injectate)
    topics = [s.topic for s in aftercare.steps(region, injectate)]
    others = {s.topic for s in aftercare.steps(region, other)}
    only = [t for t in topics if t not in others]
    cutoff = recovery.cutoff_text(region)
    diary = (
        f"The diary is read against the {region} guideline's cut-off: {cutoff} relief (notebook 05)."
        if injectate == aftercare.DIAGNOSTIC
        else f"With steroid the block is not a diagnostic test: no diary. {_how_long(region)}"
    )
    return (
        f"{region.capitalize()}, {injectate}: {numb_text()}, in the {area}, perhaps the {limb}. "
        f"Only with this injectate: {'; '.join(only)}. {diary}"
    )


def hours_text(hours: float) -> str:
    """A model's hours as a teacher would say them: to the half hour below 10 h, else whole hours (a model
    figure, not a measurement to three digits)."""
    return f"{round(hours * 2) / 2:g}" if hours < 10 else f"{hours:,.0f}"


def numb_text() -> str:
    """How long the numbing phase lasts in notebook 05's model for the drug drawn, and for lidocaine (the
    shorter drug of a comparative pair), in hours, rounded (:func:`hours_text`)."""
    drawn = recovery.phases(aftercare.ANAESTHETIC, recovery.NO_DRUG)[0]
    short = recovery.phases(SHORT_ANAESTHETIC, recovery.NO_DRUG)[0]
    return (
        f"numb for about {hours_text(drawn.end_hours)} h with {aftercare.ANAESTHETIC} (drawn) or "
        f"{hours_text(short.end_hours)} h with {SHORT_ANAESTHETIC}, the shorter drug of a comparative pair "
        "(notebook 05's model; the published durations span a range)"
    )


#: The shorter-acting anaesthetic of a comparative pair, whose numb phase the readout also gives (m11).
SHORT_ANAESTHETIC = "lidocaine"
#: Notebook 05's outcome rows from the intra-articular steroid trials, by region (steroid arm, comparison):
#: a different procedure from a medial branch block, shown only for the injectate with steroid.
HOW_LONG: dict[str, tuple[str, str]] = {
    "cervical": ("barnsley_median_steroid", "barnsley_median_bupivacaine"),
    "lumbar": ("carette_1m_steroid", "carette_1m_saline"),
}


def _how_long(region: str) -> str:
    """What the region's intra-articular steroid trial of notebook 05 found (steroid arm against its
    comparison): labelled as a different procedure from a medial branch block."""
    first, second = (recovery.outcome(i) for i in HOW_LONG[region])
    source = citations.author_year(first["source_id"].split(";")[0])
    return (
        f"After intra-articular steroid ({region} trial, {source}, notebook 05; a different procedure "
        f"from a medial branch block): {first['quantity']}, {first['value']:g} {first['unit']} with "
        f"steroid against {second['value']:g} {second['unit']} with {second['arm']}: {first['difference']}."
    )


def _chars_of_room(ax: Axes, x_hours: float, leftwards: bool, points: float) -> int:
    """Characters of ``points``-point type that fit between ``x_hours`` and the axes' far edge (right, or left
    when ``leftwards``) on the log time axis, at about 0.55 em a character."""
    low, high = (math.log(v) for v in ax.get_xlim())
    share = (math.log(x_hours) - low if leftwards else high - math.log(x_hours)) / (high - low)
    inches = share * ax.get_position().width * ax.figure.get_figwidth()
    return max(12, int(inches / (0.55 * points / 72)))


def _draw() -> tuple[Figure, Callable[..., str]]:
    """One bar per phase on a log time axis (model hours), each labelled with the advice topics it carries."""
    fig, (ax,) = new_figure("notebook")
    fig.set_size_inches(7.6, 4.2)
    bars = {}
    labels = {}
    for y, name in enumerate(ROWS):
        bars[name] = ax.barh(y, 1.0, left=T_MIN_H, height=0.7, color=COLOURS[name], alpha=0.8)[0]
        labels[name] = ax.text(1, y, "", fontsize=7, va="center", ha="left", color="#222222")
    ax.set_yticks(range(len(ROWS)), [ROW_LABELS[r] for r in ROWS], fontsize=7.5)
    ax.set_ylim(len(ROWS) - 0.5, -0.5)
    ax.set_ylabel("phase (notebook 05's model)")
    log_time_axis(ax, TICKS, "time after the injection (log scale)", (T_MIN_H, T_MAX_H))
    ax.tick_params(axis="x", labelsize=7.5)
    ax.grid(True, axis="x", alpha=0.3)
    title = ax.set_title("", fontsize=10, fontweight="bold", loc="left")
    proxies = citations.author_year(citations.source("steroid_timing_knee_proxies"))
    source_note(
        fig,
        "Phases: notebook 05's recovery model (bupivacaine; methylprednisolone acetate with "
        "steroid). Steroid "
        f"phases HYPOTHETICAL (knee proxies, {proxies}); flare drawn across the days patients were asked. "
        f"Advice: {citations.author_year(*aftercare.advice_table()['source_id'])}.",
    )

    def update(region: str, injectate: str) -> str:
        label_pt = max(7.0, slide_min_pt(fig)) if presenting() else 7.0  # the labels' type, as drawn
        windows = aftercare.phase_windows(injectate)
        topics = _topics(region, injectate)
        for name in ROWS:
            shown = name in windows
            bars[name].set_visible(shown)
            labels[name].set_visible(shown)
            if not shown:
                continue
            start, end = (min(max(v, T_MIN_H), T_MAX_H) for v in windows[name])
            bars[name].set_x(start)
            bars[name].set_width(max(end - start, 0.0))
            text = "; ".join(topics.get(name, [])) or "expected (notebook 05); nothing to do"
            # after the bar; in a bar that runs to the axis' end, inside it; left of a bar that starts late
            # (after about a month: no room after it). On a slide the type is larger: fewer characters a
            # line and at most two lines
            late = start >= 30 * H
            x = start / 1.15 if late else end * 1.15 if end < 30 * H else start * 1.15
            width = min(int(52 * 7.0 / label_pt), _chars_of_room(ax, x, late, label_pt))
            most = int(1.8 * width) if presenting() else 104  # two lines, whatever the word breaks
            labels[name].set_text(textwrap.fill(textwrap.shorten(text, most, placeholder="..."), width))
            labels[name].set_x(x)
            labels[name].set_horizontalalignment("right" if late else "left")
        title.set_text(f"What will I feel when?\n{region}, {injectate}")  # two lines in every frame
        return _readout(region, injectate)

    return fig, update


def timeline_explorer() -> Explorer:
    """Region and injectate: the phases after the injection and the advice that goes with each."""
    return explore(
        "what-will-i-feel-when",
        _draw,
        [
            Control("region", "Region", list(aftercare.REGIONS), value=DEFAULT_REGION),
            Control("injectate", "Injectate", list(aftercare.INJECTATES), value=DEFAULT_INJECTATE),
        ],
        question="Switch the injectate to local anaesthetic with steroid: which advice appears, and which "
        "goes? Then switch the region: what changes in what the patient feels and in how the diary is read?",
        alt="Horizontal bars, one per phase after a facet injection on a log time axis from minutes to "
        "months: the time in the clinic, the numbing medicine, a possible flare on days one to three, "
        "hypothetical steroid phases when a steroid is given, and the usual pain back; each bar is labelled "
        "with the advice that goes with it.",
    )


@figure("aftercare-phases-and-advice-after-facet-injection")
def timeline_figure() -> tuple[Figure, str]:
    """The timeline at its defaults (a diagnostic block in the low back), for figures/ and print."""
    explorer = timeline_explorer()
    fig, update = explorer.make_figure()
    reserve_caption(fig)  # on a slide its labels wrap to the type it is drawn in: known before the update
    readout = update(**explorer.defaults())
    alt = (
        "Phases after a lumbar diagnostic medial branch block (local anaesthetic alone) on a log time axis: "
        "an hour in the clinic and the rest of the day (escort, no driving, no bath, take it easy), the "
        "numbing medicine for hours (numbness, the diary, pain back as it wears off), a possible flare on "
        f"days one to three (soreness, ice), then the usual pain. {readout}"
    )
    return fig, alt
