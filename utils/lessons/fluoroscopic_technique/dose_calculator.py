"""03, section 7 (continued): the dose calculator: patient and operator doses, measured beside modelled.

Every number from the radiation model (:mod:`facet_course.models.radiation`): measured operator doses
scaled by time, the 0.1 % scatter rule as a MODEL ESTIMATE beside them (never a bound), fluoroscopy modes as
relative factors, and the operator dose against distance.
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

#: The set-ups of the worked dose examples: (label, distance m, apron, field share, field mode).
DOSE_SETUPS: tuple[tuple[str, float, str, float, str], ...] = (
    ("0.5 m, full field, 0.5 mm apron", 0.5, "0.5 mm lead", 1.0, "full field"),
    ("1 m, full field, 0.5 mm apron", 1.0, "0.5 mm lead", 1.0, "full field"),
    ("1.5 m, collimated to half, 0.5 mm apron", 1.5, "0.5 mm lead", 0.5, "full field"),
    ("0.5 m, first magnified field, 0.5 mm apron", 0.5, "0.5 mm lead", 1.0, "magnified 1"),
    ("0.5 m, full field, no apron", 0.5, "none", 1.0, "full field"),
)
_STAFF_LABELS = (
    "eyes:\nlargest\nMEASURED\nrate",
    "outside\napron\nMEASURED\n(not eyes)",
    "body under\napron\nMEASURED",
    "outside\napron\nMODEL\nESTIMATE",
)


def scatter_rule_percent() -> float:
    """The scatter rule's fraction at 1 m, in percent (0.1 %)."""
    return 100 * radiation.factor("scatter_fraction_1m")


def operator_readout(result: radiation.DoseEstimate) -> str:
    """The operator's doses as HTML text (µSv): the measured figures and the headline eye count first (the
    eye caveat before the count), then the model estimate with its own count and the input it rests on;
    neither is called a bound."""
    if result.apron == "none":
        body = (
            "<b>No apron</b>: the body receives the measured outside-apron dose, "
            f"<b>{result.operator_under_apron_usv:.1f} µSv</b>."
        )
    else:
        body = (
            f"Under the {result.apron} apron: {result.operator_under_apron_usv:.1f} µSv (measured "
            f"outside-apron dose x the apron's transmission); {radiation.inside_apron_text(result)}."
        )
    eye_source = f"{radiation.headline_badge_text()}, {citations.short(result.eye_source_id)}"
    return (
        "Operator, MEASURED (scaled by time; distance, mode and collimation not reported): outside the apron "
        f"<b>{result.operator_outside_apron_measured_usv:.0f} µSv</b> "
        f"({citations.short(radiation.measured_operator_source())}, "
        f"{radiation.measured_operator_procedures():,} "
        f"procedures; a body badge, not the eyes). {body} The eye-lens dose was not measured in any facet "
        f"procedure: at the largest measured operator dose per second ({eye_source}; taken for unshielded "
        f"eyes as a conservative assumption) the eyes "
        f"receive <b>{result.operator_eye_measured_usv:.0f} µSv</b>, and "
        f"<b>{round(result.procedures_to_eye_limit):,}</b> such procedures a year would reach the ICRP "
        "eye-lens limit. "
        f"MODEL ESTIMATE beside it ({scatter_rule_percent():g} % scatter rule, this "
        f"set-up): <b>{result.operator_outside_apron_model_usv:.0f} µSv</b> outside the apron, "
        f"{round(result.procedures_to_eye_limit_model):,} such procedures a year; it rests on the reported "
        "patient dose (quantity and mode not stated), which the course cannot verify, and bounds nothing."
    )


def _radiation_note() -> str:
    """The calculator's source note: factors, the reported patient dose, the measured series."""
    all_ids = [s.source_id for s in radiation.measured_operator_series()]
    outside = citations.author_year(radiation.measured_operator_source())
    return (
        f"Factors: {citations.author_year(radiation.radiation_factor_table())}; patient: dose reported by "
        f"the C-arm in {citations.author_year(radiation.reference_source())} (quantity and mode not stated). "
        f"Measured, scaled by time only: eyes at the largest rate of {citations.author_year(*all_ids)} "
        f"({radiation.headline_badge_text()}, "
        f"{citations.author_year(radiation.headline_eye_series().source_id)}); outside the apron {outside}. "
        "Patient: quantity unknown, so no skin-injury threshold is drawn; compare only relative changes. "
        "Hatched: the "
        f"{scatter_rule_percent():g} % scatter rule, a model estimate."
    )


def _draw_radiation() -> tuple[Figure, Callable[..., str]]:
    """Patient dose (left) and operator dose outside/under the apron and at eye level (right, log scale)."""
    fig, (patient_ax, staff_ax) = new_figure("notebook", ncols=2)
    (patient_bar,) = patient_ax.bar(["patient\n(reported-dose\nscale)"], [1e-3], color=PALETTE["blue"])
    patient_ax.text(
        0,
        3e3,
        "quantity unknown:\nnot a skin dose,\nno injury threshold",
        ha="center",
        va="top",
        fontsize=8,
    )
    patient_ax.set_yscale("log")
    patient_ax.set_ylim(1, 1e4)
    patient_ax.set_ylabel("mGy per procedure")
    patient_ax.set_title("Patient", fontsize=10)
    colours = [PALETTE["purple"], PALETTE["blue"], PALETTE["green"], PALETTE["orange"]]
    bars = staff_ax.bar(list(_STAFF_LABELS), [1e-3] * 4, color=colours)
    bars[3].set_hatch("//")  # the hatched bar is the 0.1 % rule's model estimate, not a measurement
    staff_ax.tick_params(axis="x", labelsize=7)
    staff_ax.set_yscale("log")
    staff_ax.set_ylim(1e-3, 1e4)
    staff_ax.set_ylabel("µSv per procedure (air kerma)")
    staff_ax.set_title("Operator (hatched: model estimate)", fontsize=10)
    title = fig.suptitle(" ", fontweight="bold")
    source_note(fig, _radiation_note())

    def update(
        fluoro_time_s: float,
        operator_distance_m: float,
        apron: str,
        field_area_fraction: float = 1.0,
        field_mode: str = "full field",
    ) -> str:
        result = radiation.estimate_dose(
            fluoro_time_s, operator_distance_m, field_area_fraction, field_mode, apron
        )
        patient_bar.set_height(max(result.patient_mgy, 1e-3))
        for bar, value in zip(
            bars,
            (
                result.operator_eye_measured_usv,
                result.operator_outside_apron_measured_usv,
                result.operator_under_apron_usv,
                result.operator_outside_apron_model_usv,
            ),
            strict=True,
        ):
            bar.set_height(max(value, 1e-3))
        title.set_text(
            f"{fluoro_time_s:g} s, {operator_distance_m:g} m away, field {field_area_fraction:g} of "
            f"{field_mode}, apron: {apron}"
        )
        flags = "".join(f"<br>⚠ {f}" for f in result.flags)
        return (
            f"Patient: <b>{result.patient_mgy:.0f} mGy</b> on the scale of the dose the C-arm reported in "
            f"{citations.short(radiation.reference_source())} (quantity and fluoroscopy mode not stated, so "
            "it is not a skin dose and is never compared with a skin-injury threshold: read only how it "
            "changes with time, field and distance). " + operator_readout(result) + flags
        )

    return fig, update


def radiation_explorer() -> Explorer:
    """The dose calculator: time, distance, apron, collimation and field; twin at the measured times."""
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
                "Collimated field (share of full field)",
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
        ],
        question="Which change cuts your own dose most in the model: one step back or collimating to half "
        "the field? Why does neither change the measured bars?",
        alt="Bar charts of the patient's dose (on the scale the C-arm reported) and the operator's dose: "
        "the largest measured rate taken for the eyes and outside the apron (scaled by time), under the "
        "apron, and the model "
        "estimate outside the apron, for the chosen fluoroscopy time, distance, collimation and shielding.",
    )


def dose_examples_table() -> pd.DataFrame:
    """The model estimate for the measured oblique-technique fluoroscopy time under five set-ups
    (radiation.py): patient in mGy on the reported series' scale, operator outside the apron in µSv and the
    procedures a year to the eye-lens limit IF the eyes received that model figure, beside the measured
    headline count (the same in every row: the measured series report no set-up, so only time scales
    them)."""
    seconds = radiation.technique_time_s("oblique")
    rows = []
    for name, distance, apron, area, field_mode in DOSE_SETUPS:
        r = radiation.estimate_dose(seconds, distance, area, field_mode, apron)
        rows.append(
            {
                "set-up": name,
                "patient, reported-dose scale (mGy)": round(r.patient_mgy, 1),
                "outside apron: MODEL ESTIMATE (µSv)": round(r.operator_outside_apron_model_usv, 1),
                "body dose, model (µSv): under the apron, or all of it with none": round(
                    r.operator_under_apron_model_usv, 2
                ),
                "MODEL: procedures a year to eye limit": f"{round(r.procedures_to_eye_limit_model):,}",
                "MEASURED headline: procedures a year to eye limit": f"{round(r.procedures_to_eye_limit):,}",
            }
        )
    return pd.DataFrame(rows).set_index("set-up")


def dose_reduction_table() -> pd.DataFrame:
    """Fluoroscopy modes: dose relative to continuous mode on the one C-arm measured, with the source.
    Relative factors only: the mode of the series whose patient dose the calculator uses was not stated."""
    table = radiation.dose_reduction_factors()
    table["source"] = [citations.author_year(s) for s in table["source_id"]]
    return table.drop(columns="source_id").set_index("mode")


@figure("operator-dose-falls-with-distance")
def distance_figure() -> tuple[Figure, str]:
    """Operator dose against distance: the model estimate (inverse square) beside the measured doses, which
    report no distance and so are flat lines."""
    seconds = radiation.technique_time_s("oblique")
    distances = np.linspace(0.25, 2.0, 60)
    fig, (ax,) = new_figure("notebook")
    estimates = [radiation.estimate_dose(seconds, d) for d in distances]
    ax.plot(
        distances,
        [e.operator_outside_apron_model_usv for e in estimates],
        color=PALETTE["vermillion"],
        lw=2,
        label=f"MODEL ESTIMATE outside the apron ({scatter_rule_percent():g} % rule)",
    )
    ax.plot(
        distances,
        [e.operator_under_apron_model_usv for e in estimates],
        color=PALETTE["green"],
        lw=2,
        ls="-.",
        label="MODEL ESTIMATE under a 0.5 mm apron",
    )
    r = radiation.estimate_dose(seconds)
    ax.axhline(
        r.operator_eye_measured_usv,
        color=PALETTE["purple"],
        lw=2,
        ls="--",
        label=f"MEASURED, largest rate, taken for the eyes ({citations.author_year(r.eye_source_id)})",
    )
    ax.axhline(
        r.operator_outside_apron_measured_usv,
        color="#333333",
        lw=2,
        ls="--",
        alpha=0.7,
        label="MEASURED outside the apron, not the eyes "
        f"({citations.author_year(radiation.measured_operator_source())})",
    )
    ax.set_yscale("log")
    ax.set_xlabel("distance from the patient (m)")
    ax.set_ylabel("operator dose per procedure (µSv)")
    ax.set_title("In the model, each doubling of distance quarters the scattered dose")
    ax.legend(fontsize=7, loc="upper right")
    source_note(
        fig,
        f"{citations.cite(radiation.radiation_factor_table())}; time and patient dose: "
        f"{citations.short(radiation.reference_source())}. Measured doses scaled to {seconds:g} s by time "
        "only; their distance was not reported, so they are flat. Largest rate: "
        f"{radiation.headline_badge_text()}. Neither line bounds the other.",
    )
    alt = (
        f"Model-estimated operator dose (0.1 percent scatter rule) for a {seconds:g} s procedure falls with "
        "the square of distance; the doses measured in practice, scaled to "
        f"{seconds:g} s (about {r.operator_eye_measured_usv:.0f} µSv at the largest measured rate, taken "
        "for the eyes, and "
        f"{r.operator_outside_apron_measured_usv:.0f} µSv outside the apron), report no distance and are "
        "drawn flat; the model lies above them at arm's length and below them further away."
    )
    return fig, alt
