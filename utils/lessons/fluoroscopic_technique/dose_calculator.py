"""03, section 8 (continued): the dose calculator: measured doses, and what the operator's choices change.

Every number from the radiation model (:mod:`facet_course.models.radiation`): operator doses MEASURED by
dosimeters on pain physicians (a range per kind of badge, scaled by fluoroscopy time only), and the relative
effect of distance, collimation, fluoroscopy mode, apron and magnification against a stated reference set-up.
There is no absolute model dose and no count a year from the relative factors.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import radiation

#: The set-ups of the worked examples: (label, distance m, apron, field share, field mode, mode).
DOSE_SETUPS: tuple[tuple[str, float, str, float, str, str], ...] = (
    (
        "reference: 0.5 m, full field, continuous, 0.5 mm apron",
        0.5,
        "0.5 mm lead",
        1.0,
        "full field",
        "continuous",
    ),
    ("one step back: 1 m", 1.0, "0.5 mm lead", 1.0, "full field", "continuous"),
    ("collimated to half the field area", 0.5, "0.5 mm lead", 0.5, "full field", "continuous"),
    ("pulsed + low-dose mode", 0.5, "0.5 mm lead", 1.0, "full field", "pulsed + low dose"),
    ("first magnified field", 0.5, "0.5 mm lead", 1.0, "magnified 1", "continuous"),
    ("1 m, half field area, pulsed + low dose", 1.0, "0.5 mm lead", 0.5, "full field", "pulsed + low dose"),
    ("reference, no apron", 0.5, "none", 1.0, "full field", "continuous"),
)
_MEASURED_LABELS = ("eyes\n(glasses\nbadges)", "outside\napron\n(body badges)", "inside\napron")
_WHERE = ("at eye level", "outside the apron", "inside the apron")
#: A word or two a line: four bars share half the frame, and in slide type wider labels met (one was thinned).
_FACTOR_LABELS = ("scatter\nto you", "your\nbody\n(apron)", "patient\nskin\ndose rate", "patient\nDAP")
_FLOOR = 0.1  # µSv, measured axis: a recorded zero is drawn from the floor
_FACTOR_FLOOR = 1e-4


def _badge_sources(where: str) -> str:
    return citations.author_year(radiation.series_sources(where))


def measured_readout(result: radiation.DoseEstimate) -> str:
    """The operator's MEASURED doses as HTML: each kind of badge, its range scaled by time, its sources;
    then why no count a year to the eye-lens limit is printed here: the measured badges do not move with the
    controls, so a count could not reflect the chosen set-up (review s12 03 F1)."""
    return (
        "<b>MEASURED</b> on pain physicians in other spinal procedures, scaled to "
        f"{result.fluoro_time_s:g} s "
        "by time only (where they stood, mode and field were not reported): eyes "
        f"<b>{radiation.range_text(result.eye_level_usv)} µSv</b> ("
        f"{radiation.BADGE_WORDS['at eye level']}; {_badge_sources('at eye level')}); outside the apron "
        f"{radiation.range_text(result.outside_apron_usv)} µSv ("
        f"{radiation.BADGE_WORDS['outside the apron']}; "
        f"{_badge_sources('outside the apron')}); inside the apron "
        f"{radiation.range_text(result.inside_apron_usv)} µSv ({_badge_sources('inside the apron')}). "
        "No study the course found measured the eyes in a facet procedure. These badges do not move with "
        "your distance, apron, field or mode, so no count a year to the eye-lens limit is shown here: it "
        "could not reflect your set-up. Wear eye shields (lead glasses) and keep your dosimeter on; your "
        f"own dosimeter decides ({citations.author_year(citations.source('radiation_key_points'))})."
    )


def setup_readout(result: radiation.DoseEstimate) -> str:
    """The set-up's RELATIVE factors as HTML, then the measured ranges times them, labelled IF."""
    x = radiation.factor_text
    body = (
        "<b>No apron</b>: your body gets all of it"
        if result.apron == "none"
        else f"your body behind the {result.apron} apron {x(result.body_factor)}"
    )
    return (
        f"<b>RELATIVE</b> to {radiation.REFERENCE_TEXT} (physics and one C-arm's measured modes, not a "
        f"dose): scatter reaching you <b>{x(result.scatter_factor)}</b> (distance "
        f"{x(result.distance_factor)}, collimation {x(result.collimation_factor)}, mode "
        f"{x(result.mode_factor)}); {body}; the patient's skin dose rate {x(result.skin_rate_factor)}, "
        f"dose-area product {x(result.dap_factor)}. IF the measured physicians had worked at that "
        "reference set-up (not reported), your eyes would get "
        f"{radiation.range_text(result.eye_level_if_reference_usv)} µSv and your body "
        f"{radiation.range_text(result.body_if_reference_usv)} µSv (no count a year rests on this)."
    )


def patient_dose_text() -> str:
    """The patient's MEASURED dose-area product, and the C-arm's reported figure of unknown quantity
    (HTML). Shown beside the dose calculator, not in its readout: it does not change with the controls."""
    oblique, unit, source = radiation.dose_area_product("oblique")
    ap = radiation.dose_area_product("AP")[0]
    value, figure_unit, seconds = radiation.reported_figure("oblique")
    return (
        f"Patient, <b>MEASURED</b> per procedure: dose-area product {oblique:g} {unit} (oblique view) and "
        f"{ap:g} {unit} (AP view) for three levels of medial branch block ({citations.author_year(source)}; "
        "not scaled by time: the trial gave injection times, not beam-on times; the abstract prints the unit "
        "as cGy/cm², but a dose-area product is dose times area). "
        f"{citations.author_year(radiation.reference_source())}'s C-arm reported {value:g} {figure_unit} for "
        f"{seconds:g} s; the abstract does not say what quantity that is, so the course shows it as reported "
        "and builds no calculation on it."
    )


def _radiation_note() -> str:
    """The calculator's source note."""
    return (
        "Measured badges: "
        f"{citations.author_year(*[s.source_id for s in radiation.measured_operator_series()])}"
        "; scaled by time only. Right: relative factors against "
        f"{radiation.REFERENCE_TEXT} (illustrative): inverse square; field area; modes "
        f"({citations.author_year(radiation.factor_source('mode_reduction_pulsed'))}); apron "
        f"({citations.author_year(radiation.factor_source('apron_transmission_0.5mm'))}); magnification "
        f"({citations.author_year(radiation.factor_source('magnification_dose_exponent'))})."
    )


def _draw_radiation() -> tuple[Figure, Callable[..., str]]:
    """Measured operator dose ranges (left, log scale) and the set-up's relative factors (right)."""
    fig, (measured_ax, factor_ax) = new_figure("notebook", ncols=2)
    colours = [PALETTE["purple"], PALETTE["blue"], PALETTE["green"]]
    ranges = measured_ax.bar(list(_MEASURED_LABELS), [_FLOOR] * 3, bottom=_FLOOR, color=colours)
    measured_ax.tick_params(axis="x", labelsize=7)
    measured_ax.set_yscale("log")
    measured_ax.set_ylim(_FLOOR, 3e3)
    range_labels = [measured_ax.text(i, 1.0, "", ha="center", va="bottom", fontsize=8) for i in range(3)]
    measured_ax.set_ylabel("µSv per procedure (range of series)")
    measured_ax.set_title("MEASURED on physicians (time only)", fontsize=9)
    bars = factor_ax.bar(
        list(_FACTOR_LABELS),
        [1.0] * 4,
        color=[PALETTE["orange"], PALETTE["green"], PALETTE["sky_blue"], PALETTE["vermillion"]],
    )
    factor_ax.axhline(1.0, color="#333333", lw=1, ls="--")
    factor_ax.tick_params(axis="x", labelsize=7)
    factor_ax.set_yscale("log")
    factor_ax.set_ylim(_FACTOR_FLOOR, 30)
    factor_labels = [factor_ax.text(i, 1.0, "", ha="center", va="bottom", fontsize=8) for i in range(4)]
    factor_ax.set_ylabel("x the reference set-up")
    factor_ax.set_title("RELATIVE: what your set-up changes", fontsize=9)
    title = fig.suptitle(" ", fontweight="bold", fontsize=10)
    source_note(fig, _radiation_note())

    def update(
        fluoro_time_s: float,
        operator_distance_m: float,
        apron: str,
        field_area_fraction: float = 1.0,
        field_mode: str = "full field",
        mode: str = "continuous",
    ) -> str:
        result = radiation.estimate_dose(
            fluoro_time_s, operator_distance_m, field_area_fraction, field_mode, apron, mode
        )
        measured = (result.eye_level_usv, result.outside_apron_usv, result.inside_apron_usv)
        for i, (bar, (low, high)) in enumerate(zip(ranges, measured, strict=True)):
            bar.set_y(max(low, _FLOOR))
            bar.set_height(max(high, _FLOOR) - max(low, _FLOOR))
            range_labels[i].set_text(radiation.range_text((low, high)))
            range_labels[i].set_y(max(high, _FLOOR) * 1.15)
        factors = (result.scatter_factor, result.body_factor, result.skin_rate_factor, result.dap_factor)
        for i, (bar, value) in enumerate(zip(bars, factors, strict=True)):
            bar.set_height(max(value, _FACTOR_FLOOR))
            factor_labels[i].set_text(radiation.factor_text(value))
            factor_labels[i].set_y(max(value, _FACTOR_FLOOR) * 1.15)
        title.set_text(
            f"{fluoro_time_s:g} s; {operator_distance_m:g} m away; field {field_area_fraction:g} of "
            f"{field_mode}; {mode}; apron: {apron}"
        )
        flags = "".join(f"<br>⚠ {f}" for f in result.flags)
        return measured_readout(result) + "<br>" + setup_readout(result) + flags

    return fig, update


def radiation_explorer() -> Explorer:
    """The dose calculator: time, distance, apron, collimation, field and mode; twin at the measured times."""
    oblique, ap = radiation.technique_time_s("oblique"), radiation.technique_time_s("AP")
    return explore(
        "radiation-calculator",
        _draw_radiation,
        [
            Control(
                "fluoro_time_s",
                "Fluoroscopy time",
                (5.0, 120.0, 1.0),
                value=oblique,
                twin_options=[ap, oblique],
                unit="s",
            ),
            Control(
                "operator_distance_m",
                "Your distance from the patient",
                (0.25, 2.0, 0.25),
                value=0.5,
                twin_options=[0.5, 1.0],
                unit="m",
            ),
            Control(
                "apron",
                "Apron",
                list(radiation.APRONS),
                value="0.5 mm lead",
                twin_options=["none", "0.5 mm lead"],
            ),
            Control(
                "field_area_fraction",
                "Collimated field (share of the full field area)",
                (0.25, 1.0, 0.25),
                value=1.0,
                twin_options=[1.0, 0.5],
            ),
            Control(
                "field_mode",
                "Image intensifier field",
                list(radiation.FIELDS),
                value="full field",
                twin_options=["full field"],
            ),
            Control(
                "mode",
                "Fluoroscopy mode",
                list(radiation.MODES),
                value="continuous",
                twin_options=["continuous", "pulsed + low dose"],
            ),
        ],
        question="Which change cuts the scatter reaching you most: one step back, collimating to half the "
        "field area, or pulsed low-dose mode? Why do the measured bars move only with time?",
        alt="Left: the ranges of operator doses measured on pain physicians' badges (glasses, outside and "
        "inside the apron), scaled by fluoroscopy time. Right: how much the chosen distance, collimation, "
        "mode, apron and magnification change the scatter reaching the operator, the body dose behind the "
        "apron, and the patient's skin dose rate and dose-area product, relative to a reference set-up.",
    )


def dose_examples_table() -> pd.DataFrame:
    """Relative factors of seven set-ups at the measured oblique-technique fluoroscopy time, and the
    measured eye-level range times the scatter factor, labelled IF (no count a year)."""
    seconds = radiation.technique_time_s("oblique")
    rows = []
    for name, distance, apron, area, field_mode, mode in DOSE_SETUPS:
        r = radiation.estimate_dose(seconds, distance, area, field_mode, apron, mode)
        rows.append(
            {
                "set-up": name,
                "scatter to you (x reference)": f"{r.scatter_factor:.2g}",
                "your body (x reference, no apron = 1)": f"{r.body_factor:.2g}",
                "patient skin dose rate (x)": f"{r.skin_rate_factor:.2g}",
                f"eyes: {radiation.range_text(r.eye_level_usv)} µSv (measured, scaled by time) x scatter "
                "factor, "
                "IF measured at the reference (µSv)": radiation.range_text(r.eye_level_if_reference_usv),
            }
        )
    return pd.DataFrame(rows).set_index("set-up")


def dose_reduction_table() -> pd.DataFrame:
    """Fluoroscopy modes: dose relative to continuous mode on the one C-arm measured, with the source."""
    table = radiation.dose_reduction_factors()
    table["source"] = [citations.author_year(s) for s in table["source_id"]]
    return table.drop(columns="source_id").set_index("mode")


@figure("operator-dose-falls-with-distance")
def distance_figure() -> tuple[Figure, str]:
    """Scatter reaching the operator against distance, relative to standing 0.5 m away (inverse square),
    full field and collimated to half; no absolute dose."""
    reference = float(radiation.REFERENCE_SETUP["operator_distance_m"])
    distances = np.linspace(0.25, 2.0, 80)
    fig, (ax,) = new_figure("notebook")
    full = [radiation.estimate_dose(10, d).scatter_factor for d in distances]
    half = [radiation.estimate_dose(10, d, 0.5).scatter_factor for d in distances]
    ax.plot(distances, full, color=PALETTE["vermillion"], lw=2, label="full field")
    ax.plot(distances, half, color=PALETTE["blue"], lw=2, ls="-.", label="collimated to half the field area")
    for d in (reference, 2 * reference, 4 * reference):
        k = radiation.estimate_dose(10, d).scatter_factor
        ax.plot([d], [k], "o", color=PALETTE["vermillion"])
        ax.annotate(f"x{k:g}", (d, k), textcoords="offset points", xytext=(6, 6), fontsize=9)
    ax.set_yscale("log")
    ax.set_xlabel("your distance from the patient (m)")
    ax.set_ylabel(f"scatter reaching you (x the dose at {reference:g} m)")
    ax.set_title("Each doubling of your distance quarters the scatter reaching you")
    ax.legend(fontsize=8, loc="upper right")
    source_note(
        fig,
        "Relative factors, not doses: inverse-square law from the irradiated patient, scatter in proportion "
        f"to the irradiated area; reference {reference:g} m (illustrative). "
        f"{citations.cite(citations.source('operator_scatter_protection'))}.",
    )
    alt = (
        f"Relative scatter dose to the operator against distance from the patient: 1 at {reference:g} m, "
        f"a quarter at {2 * reference:g} m and a sixteenth at {4 * reference:g} m; collimating to half the "
        "field area halves it at every distance. No absolute dose is drawn."
    )
    return fig, alt
