"""06, section 2: local anaesthetic systemic toxicity (LAST): three routes, the signs, what to do.

A TEACHING SCHEMATIC, labelled as such on the figure: the timing, sequence and atypical presentations of each
route from :mod:`facet_course.models.last`, the ASRA checklist's steps beside them, and the 20% lipid emulsion
doses for a chosen weight. The case-report dose of the neck-artery route is shown for context through the
safety rule set (:mod:`facet_course.safety`, via the model): a dose far below the maximum, because the total
dose does not predict the signs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, presenting, source_note, synthetic_label, use
from ...models import last

#: Time axis of the schematic (minutes, log scale).
T_MIN, T_MAX = 0.1, 120.0
TICKS: dict[float, str] = {0.1: "6 s", 0.5: "30 s", 1: "1 min", 5: "5 min", 15: "15 min", 60: "1 h"}
WEIGHTS_KG: tuple[int, ...] = (50, 70, 90)
#: Body weights the live explorer offers (kg): small to heavy adults, so per-kg dosing can be practised; the
#: handout twin shows 45 kg (the teaching note's small patient) and WEIGHTS_KG.
LIVE_WEIGHTS_KG: tuple[int, ...] = (40, 45, 50, 55, 60, 65, 70, 80, 90, 100, 120, 150)
#: The lean body weight control: 'not known' (the bolus per kg of body weight, an upper bound of the
#: lean-weight rule) or a lean body weight in kg entered for the patient (no lean weight is ever assumed).
LEAN_UNKNOWN = "not known"
LEAN_CHOICES: tuple[str, ...] = (LEAN_UNKNOWN, *(f"{kg} kg" for kg in range(30, 75, 5)))
DEFAULT_WEIGHT = 70


def lipid_for(weight_kg: int, lean: str = LEAN_UNKNOWN) -> last.LipidPlan:
    """The lipid plan for a body weight (kg) and a lean body weight choice: ``'not known'`` (per kg of body
    weight, labelled as an upper bound) or ``'<n> kg'``. ValueError for another choice or a lean weight above
    the body weight (from the model)."""
    if lean == LEAN_UNKNOWN:
        return last.lipid_plan(weight_kg)
    if lean not in LEAN_CHOICES:
        raise ValueError(f"lean must be one of {', '.join(LEAN_CHOICES)}; got {lean!r}")
    return last.lipid_plan(weight_kg, float(lean.removesuffix(" kg")))


HIGHLIGHT = PALETTE["vermillion"]
MUTED = "#BBBBBB"
SCHEMATIC = "TEACHING SCHEMATIC (not a prediction)"
#: Characters above which the lipid text is set smaller and wider, so it stays above the source note.
LONG_LIPID_TEXT = 700


def treatment_table() -> pd.DataFrame:
    """The ASRA checklist's steps in order, with their detail and source."""
    return pd.DataFrame(
        {
            "step": r["step"],
            "what to do": r["action"],
            "how": r["detail"],
            "source": citations.author_year(r["source_id"]),
        }
        for _, r in last.treatment_table().iterrows()
    )


def lipid_table(weights_kg: tuple[int, ...] = WEIGHTS_KG) -> pd.DataFrame:
    """20% lipid emulsion for a few body weights, as the sources read give the checklist (mL, minutes);
    under 70 kg per kg of body weight (the bolus an upper bound where it is per kg of lean body weight)
    (no lean weight is assumed); 70 kg and over, the fixed doses."""
    rows = []
    for w in weights_kg:
        plan = lipid_for(w)
        lo, hi = plan.bolus_over_min
        rows.append(
            {
                "body weight (kg)": w,
                "checklist band": plan.band,
                "bolus (mL)": f"{plan.bolus_ml:.0f} over {lo:g}-{hi:g} min",
                "infusion": plan.infusion_text,
                "upper limit, first 30 min (mL)": f"{plan.upper_limit_ml:.0f}",
                "source": citations.author_year(plan.source_id),
            }
        )
    return pd.DataFrame(rows)


def band_edge_note() -> str:
    """Markdown: why the bolus is a little larger just under 70 kg (per kg) than at 70 kg (fixed), and what
    the summary of the checklist read says about precision (mL)."""
    edge = float(last.lipid_table().loc["band_limit", "value_low"])
    under, at = lipid_for(int(edge) - 1), lipid_for(int(edge))
    source = citations.author_year(citations.source("lipid_not_critical"))
    stock = citations.author_year(last.stock_source_id())
    return (
        f"**At the {edge:g}-kg band edge** the two bands give close boluses: {under.bolus_ml:.0f} mL at "
        f"{edge - 1:g} kg (per kg of body weight) and {at.bolus_ml:.0f} mL at {edge:g} kg (fixed). This "
        "follows from the checklist's bands, not from an error in the widget. The summary of the 2020 "
        "checklist read says the order (bolus or infusion) and the method of infusion are not critical, and "
        f"that much smaller doses are typically needed ({source}). **Stock for more than the upper "
        "limit:** following the checklist (bolus, infusion, repeat boluses or a doubled rate while the "
        "circulation stays unstable), an ASRA newsletter anticipates more than "
        f"{last.stock_anticipated_ml():,.0f} mL while awaiting transfer ({stock}); the upper limit shown is "
        "a limit on the first doses, not a stocking figure."
    )


def route_timing(name: str) -> str:
    """A route's timing as taught: for a vein, the bupivacaine label's 'at once (within seconds to a few
    minutes)' first and the table's general LAST window after it (review s12 F2: the 1-5 minutes is not a
    vein-specific grace period); the table's timing text for the other routes."""
    timing = str(last.scenario(name)["timing"])
    if name != "vein":
        return timing
    label = citations.author_year(citations.source("intravascular_onset_label"))
    return (
        "at once: after an accidental injection into a vessel, toxic reactions may start immediately, "
        f"within seconds to a few minutes (the bupivacaine label, {label}); for toxicity in general, {timing}"
    )


def _route_sources(name: str) -> str:
    ids = str(last.scenario(name)["source_id"])
    if name == "vein":
        ids = f"{citations.source('intravascular_onset_label')};{ids}"
    return citations.author_year(ids)


def routes_table() -> pd.DataFrame:
    """Each route to toxicity: timing, the classic sequence and the atypical presentations, with sources."""
    return pd.DataFrame(
        {
            "route": name,
            "timing": route_timing(name),
            "classic": r["classic"],
            "atypical": r["atypical"],
            "source": _route_sources(name),
        }
        for name, r in ((n, last.scenario(n)) for n in last.SCENARIOS)
    )


def case_dose_text(weight_kg: float = DEFAULT_WEIGHT) -> str:
    """The neck-artery case dose against the rule set's maximum (context only)."""
    case = last.case_dose("artery in the neck", weight_kg=weight_kg)
    assert case is not None
    return (
        f"A seizure followed {case.text()} "
        f"({citations.author_year(case.source_id.split(';')[0])}): one report's dose, not a threshold. "
        "Staying under the maximum does not prevent toxicity from a needle in an artery."
    )


def _timeline(ax: Axes, slide: bool = False) -> dict[str, Artist]:
    """One row per route on a log time axis: its onset window, or an arrow at the start where only 'rapid'
    is given. Returns the bars by route, to colour in place. On a slide (larger type) the route names are on
    two lines, the all-routes label on two short lines, and a row of room above the routes for the stamp."""
    bars: dict[str, Artist] = {}
    for row, name in enumerate(last.SCENARIOS):
        window = last.onset_window_min(name)
        if window is None:  # words only: a marker at the start of the axis, no invented window
            (bars[name],) = ax.plot([T_MIN * 1.15], [row], marker="<", ms=13, color=MUTED, ls="")
            ax.text(T_MIN * 1.5, row, "rapid: the sources give no minutes", va="center", fontsize=7.5)
            continue
        lo, hi = window
        bars[name] = ax.barh(row, hi - lo, left=lo, height=0.5, color=MUTED)[0]
        if name == "vein":  # review s5 F4: the window is LAST in general, said on the bar itself
            # review s12 F2: the label's 'at once' for a needle in a vein, before the general window
            ax.plot([T_MIN * 1.15], [row], marker="<", ms=9, color=MUTED, ls="")
            ax.text(T_MIN * 1.5, row, "label: at once", va="center", fontsize=7)
            label = _all_routes_label(str(last.scenario(name)["timing"]))
            if slide:
                label = label.replace(" seconds", " s").replace(" minutes", " min").replace("from ", "")
            ax.text(hi * 1.15, row, label, va="center", fontsize=7)
    ax.set_xscale("log")
    ax.set_xlim(T_MIN, T_MAX)
    ax.xaxis.set_major_locator(FixedLocator(list(TICKS)))
    ax.set_xticklabels(list(TICKS.values()), fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())
    names = [n.replace(" ", "\n", 1) if slide and " " in n else n for n in last.SCENARIOS]
    ax.set_yticks(range(len(last.SCENARIOS)), names, fontsize=8.5)
    ax.set_ylim(-1.3 if slide else -0.6, len(last.SCENARIOS) - 0.1)
    ax.invert_yaxis()
    ax.set_xlabel("time after the injection (log scale)", fontsize=8.5)
    ax.grid(axis="y", visible=False)
    return bars


def _all_routes_label(timing: str) -> str:
    """The label on the vein bar: the window is for toxicity of all routes, with the reported range read
    from the table's timing text ('... (30 seconds to 60 minutes across reported cases, all routes)')."""
    reported = timing.split("(", 1)[1].split(" across", 1)[0] if "(" in timing else ""
    return "all routes, not vein-specific" + (f";\nreported from {reported}" if reported else "")


def _steps_text() -> str:
    """The checklist's actions, numbered and wrapped for the right-hand panel."""
    return "\n".join(
        textwrap.fill(f"{step}. {action}", 44, subsequent_indent="    ")
        for step, action, _ in last.treatment_steps()
    )


def _slide_case_dose(weight_kg: float) -> str:
    """The neck-artery case dose in fewer words, for a slide: the same numbers as :func:`case_dose_text`."""
    case = last.case_dose("artery in the neck", weight_kg=weight_kg)
    assert case is not None
    return (
        f"A seizure followed {case.drug} {case.dose_mg:g} mg: {case.percent_of_max:.1f}% of the maximum for "
        f"{case.governing.weight_kg:g} kg ({case.governing.text()}) "
        f"({citations.author_year(case.source_id.split(';')[0])}): one report's dose, not a threshold."
    )


def _slide_lipid_text(plan: last.LipidPlan) -> str:
    """The lipid plan's numbers, one a line, for a slide (the band's reasoning and the caveats are in the
    readout, the lipid table and the page's figure)."""
    lo, hi = plan.bolus_over_min
    lean = "" if plan.lean_weight_kg is None else f", lean {plan.lean_weight_kg:g} kg"
    repeat = "" if plan.repeat_boluses is None else f" (at most {plan.repeat_boluses[1]} times)"
    fixed = plan.band.startswith(last.FIXED_BAND)
    limit_kg = plan.upper_limit_ml / plan.upper_limit_ml_per_kg
    per_kg = f"{plan.upper_limit_ml_per_kg:g} mL/kg" + (
        f" at {limit_kg:g} kg" if fixed else " of body weight"
    )
    lines = [
        f"{plan.weight_kg:g} kg{lean} ({'fixed doses' if fixed else 'per kg'}):",
        f"bolus {plan.bolus_ml:.0f} mL over {lo:g}-{hi:g} min",
        f"infusion {plan.infusion_text}, {last.infusion_end_text()}",  # review s19 F1: its end point
        f"if still unstable: repeat the bolus{repeat}, infusion {plan.infusion_factor:g}-fold",
        f"upper limit, first 30 min: about {plan.upper_limit_ml:.0f} mL ({per_kg})",
    ]
    return "\n".join(textwrap.fill(line, SLIDE_LIPID_CHARS, subsequent_indent="  ") for line in lines)


#: On a slide (the slide's type, about 13 pt in a frame): characters a line of the signs (left) and of the
#: lipid doses (right) under the timeline.
SLIDE_SIGNS_CHARS, SLIDE_LIPID_CHARS = 40, 40


def _last_axes(fig: Figure, slide: bool) -> tuple[Axes, Axes, Axes]:
    """The timeline, the signs' panel and the checklist's (lipid) panel. On a slide or a handout (issue 15)
    the ~1,800 characters of signs, checklist and lipid text cannot fit a 9 x 5 in frame at slide type: the
    timeline takes the whole width, the chosen route's atypical signs and the lipid doses share the row under
    it; the checklist's steps are the table printed after the explorer, the classic signs are in the
    readout."""
    if slide:
        grid = fig.add_gridspec(2, 2, width_ratios=(1.1, 1), height_ratios=(1, 1.45))  # room for lipid lines
        return fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
    grid = fig.add_gridspec(2, 2, width_ratios=(1.35, 1), height_ratios=(1, 1.25))
    return fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[:, 1])


def _draw_last() -> tuple[Figure, Callable[..., str]]:
    """Timeline of the routes (left, top), the chosen route's signs (left, bottom), what to do (right); on a
    slide fewer words (:func:`_last_axes`)."""
    use()
    fig = Figure(figsize=(9.0, 5.0), layout="constrained")
    slide = presenting()
    time_ax, signs_ax, steps_ax = _last_axes(fig, slide)
    bars = _timeline(time_ax, slide)
    time_ax.set_title("When signs start, by route", fontsize=9.5, loc="left")
    synthetic_label(time_ax, SCHEMATIC)
    for ax in (signs_ax, steps_ax):
        ax.axis("off")
    signs = signs_ax.text(0, 1, "", va="top", fontsize=8.2, transform=signs_ax.transAxes, linespacing=1.25)
    steps_ax.set_title(
        "Lipid emulsion 20% (step 5)" if slide else "What to do (ASRA checklist)", fontsize=9.5, loc="left"
    )
    if not slide:
        steps_ax.text(
            0, 1, _steps_text(), va="top", fontsize=8.2, transform=steps_ax.transAxes, linespacing=1.25
        )
    lipid = steps_ax.text(
        0,
        1 if slide else 0.6,
        "",
        va="top",
        fontsize=8.2,
        transform=steps_ax.transAxes,
        color=PALETTE["blue"],
        linespacing=1.25,
    )
    for text in (signs, lipid):
        text.set_in_layout(not slide)  # on a slide the rows keep their shares whatever a frame's text
    heading = fig.suptitle("", fontweight="bold", fontsize=10.5)
    ids = citations.joined(last.signs_table(), last.treatment_table(), last.lipid_table().reset_index())
    source_note(
        fig,
        "Sources: "
        + citations.author_year(f"{citations.source('intravascular_onset_label')};{ids}")
        + ". Vein and tissue bars: toxicity in general, not by route; for a vein the label says at once.",
    )

    def update(scenario: str, weight_kg: int, lean: str = LEAN_UNKNOWN) -> str:
        row = last.scenario(scenario)
        for name, bar in bars.items():
            bar.set_color(HIGHLIGHT if name == scenario else MUTED)  # type: ignore[attr-defined]
        heading.set_text(f"LAST after injection into {_route_words(scenario)}: a teaching schematic")
        signs.set_text(_signs_text(scenario, row, weight_kg, slide))
        try:
            plan = lipid_for(weight_kg, lean)
        except ValueError as error:  # a lean weight above the body weight: say so in place of doses
            lipid.set_text(
                ("" if slide else "Lipid emulsion (step 5):\n")
                + textwrap.fill(f"Not calculated: {error}.", SLIDE_LIPID_CHARS if slide else 44)
            )
            return f"{scenario}: {route_timing(scenario).split(':')[0]}; lipid not calculated ({error})"
        if slide:
            lipid.set_text(_slide_lipid_text(plan))
        else:
            long = len(plan.text()) > LONG_LIPID_TEXT  # the per-kg band names both sources: smaller, wider
            lipid.set_fontsize(7.2 if long else 8.2)
            lipid.set_text("Lipid emulsion (step 5):\n" + textwrap.fill(plan.text(), 50 if long else 44))
        return _last_readout(scenario, row, weight_kg, plan, slide)

    return fig, update


def _signs_text(scenario: str, row: pd.Series, weight_kg: int, slide: bool) -> str:
    """The chosen route's signs: on the page its timing, classic and atypical signs and the dose as context;
    on a slide its atypical signs (the question's point) and, for an artery, the case's tiny dose."""
    if slide:
        parts = [f"Atypical: {row['atypical']}"]
        parts += [_slide_case_dose(weight_kg)] if scenario == "artery in the neck" else []
        return "\n".join(textwrap.fill(p, SLIDE_SIGNS_CHARS) for p in parts)
    context = (
        case_dose_text(weight_kg)
        if scenario == "artery in the neck"
        else "Total dose is context only: it does not predict the signs or their timing."
    )
    return "\n".join(
        textwrap.fill(part, 72)
        for part in (
            f"Timing: {route_timing(scenario)}",
            f"Classic: {row['classic']}",
            f"Atypical: {row['atypical']}",
            context,
        )
    )


def _last_readout(scenario: str, row: pd.Series, weight_kg: int, plan: last.LipidPlan, slide: bool) -> str:
    """The frame's readout: the route's timing and the bolus (on a slide also the classic signs, which the
    figure leaves out there)."""
    lo, hi = plan.bolus_over_min
    classic = f"; classic signs: {row['classic']}" if slide else ""
    return (
        f"{scenario}: {route_timing(scenario).split(':')[0]}{classic}; lipid for {weight_kg} kg"
        + ("" if plan.lean_weight_kg is None else f" (lean {plan.lean_weight_kg:g} kg)")
        + f": bolus {plan.bolus_ml:.0f} mL over {lo:g}-{hi:g} min"
        + (
            " (per kg of body weight: an upper bound if the bolus is per kg of lean body weight; enter it)"
            if plan.lean_weight_kg is None and "upper bound" in plan.band
            else ""
        )
        + (f" ({plan.lean_note()})" if plan.lean_note() else "")
        + " (see the figure for the rest)"
        + (f". Upper limit: {last.upper_limit_caveat()}" if slide else "")  # review s19 F4: on the slide too
    )


def _route_words(scenario: str) -> str:
    return {"artery in the neck": "an artery in the neck", "vein": "a vein"}.get(
        scenario, "tissue (absorption)"
    )


def last_explorer() -> Explorer:
    """Choose the route and the patient's weight; see timing, signs, the checklist and the lipid doses."""
    return explore(
        "last-scenarios",
        _draw_last,
        [
            Control("scenario", "Route", list(last.SCENARIOS), value=last.SCENARIOS[0]),
            Control(
                "weight_kg",
                "Body weight",
                list(LIVE_WEIGHTS_KG),
                value=DEFAULT_WEIGHT,
                twin_options=[45, *WEIGHTS_KG],
                unit="kg",
            ),
            Control(
                "lean",
                "Lean body weight",
                list(LEAN_CHOICES),
                value=LEAN_UNKNOWN,
                twin_options=[LEAN_UNKNOWN],
            ),
        ],
        question="Which route can cause a seizure within seconds at a tiny dose, and which may show only "
        "cardiovascular signs after you have stopped watching?",
        alt="Teaching schematic: onset windows of local anaesthetic toxicity by route on a log time "
        "axis (artery "
        "in the neck rapid, vein at once (within seconds to a few minutes, bupivacaine label) with a 1 to 5 "
        "minute bar labelled as all-route timing, not vein-specific, absorption "
        "from tissue 5 to 60 minutes), the chosen route's "
        + (
            "atypical signs (the classic ones in the readout) and the 20% lipid emulsion doses for the "
            if presenting()  # on a slide or a handout the checklist's steps are the table after it
            else "classic and atypical signs, the ASRA checklist's steps and the 20% lipid emulsion doses "
            "for the "
        )
        + "chosen body weight (under 70 kg the bolus per kg of the lean body weight entered, else per kg of "
        "body weight as an upper bound, and the infusion per kg of body weight, the course's choice where "
        "one copy of the checklist says ideal body weight; "
        "fixed doses from 70 kg).",
    )


@figure("last-routes-signs-and-checklist-schematic")
def last_figure() -> tuple[Figure, str]:
    """The LAST schematic at its defaults (artery in the neck, 70 kg)."""
    explorer = last_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    shown = "the lipid doses" if presenting() else "the checklist"  # on a slide: the steps are a table
    return fig, f"Teaching schematic of local anaesthetic toxicity by route, with {shown}. {readout}"
