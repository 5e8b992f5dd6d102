"""Radiation dose calculator for a fluoroscopy-guided facet procedure: patient and operator (no plotting).

Every factor is read from ``data/radiation_factors.csv``, ``data/radiation_procedures.csv`` and
``data/radiation_limits.csv``, each with its source. The model is deliberately simple and says what it
assumes:

* Patient dose = reference rate x time x magnification factor x inverse square of the source-to-skin
  distance. The reference rate is the mean patient dose per second of fluoroscopy that the C-arm REPORTED
  in one series of lumbar medial branch blocks (oblique technique). That series states neither the quantity
  (air kerma at a reference point, entrance skin dose or a dose-area product), nor its reference point, nor
  the fluoroscopy mode, so the figure is NOT taken as the entrance skin dose of continuous full-field
  fluoroscopy (as a continuous-mode skin dose rate it would exceed the normal-mode exposure-rate limit in
  ``data/radiation_factors.csv``). It is a dose on the reported series' scale.
* Fluoroscopy mode: the series' mode is not stated, so the measured reductions of pulsed and low-dose modes
  (one C-arm, :func:`mode_factor`) are NOT applied to the reported figure (they could already be in it, and
  would then be counted twice). They are given as relative factors only (:func:`dose_reduction_factors`).
* Scattered dose to the operator, MODEL ESTIMATE = patient dose x the 0.1 % scatter fraction at 1 m x
  irradiated field area (relative to a full field) x inverse square of the distance from the patient (in m).
  With an image intensifier's magnification modes the collimator closes to the smaller field, so the
  patient's skin dose rises while the scatter, which follows the irradiated area, stays about the same.
* Operator dose MEASURED in practice, from dosimeters worn by physicians (``data/radiation_procedures.csv``):
  outside the apron (a body badge, NOT an eye dose) in one physician's series of mixed interventional pain
  procedures and in two series of spinal epidural injections, at eye level (a badge on the glasses) and
  inside the apron in the same two epidural series, and at the ring finger (a hand dose, shown in the
  table only). The outside-apron readout (:func:`measured_operator_rate_usv_per_s`) is the largest series
  (most procedures). Each is
  a mean dose per procedure; divided by that series' mean fluoroscopy time it is a dose per second, scaled
  here by the fluoroscopy time only (those series report neither distance, mode nor field size, so those
  controls do not change it).
* The count of procedures a year to the ICRP eye-lens limit (the HEADLINE) rests on the measured data: the
  largest measured dose per second among those operator series (the eye-level and the outside-apron badges;
  unshielded eyes receive the outside-apron scatter), times the fluoroscopy time. No series measured the
  eyes in a facet procedure.
* The model estimate is shown BESIDE the measured figures, with its own count, never as a bound on them and
  never as the headline: it rests on the reported patient dose (quantity and mode not stated), which the
  course cannot verify, and it lies above the measured doses at arm's length and below them further away.
* Under a lead apron the measured outside-apron dose is multiplied by the apron's transmission; beside it
  stands the largest dose measured INSIDE an apron (scaled by time; :func:`inside_apron_series`: one
  epidural series recorded a dose there, the other two series none), and the model estimate's figure.
* The patient dose is on the scale of a reported figure of unknown quantity, so it is never compared with a
  skin-injury threshold and never flagged unsafe: only its relative changes (time, magnification,
  source-to-skin distance) are meaningful.
* Doses to the operator are air kerma or dose equivalent in µGy taken as µSv (radiation weighting factor 1
  for x-rays); a personal dosimeter reading, not an effective dose.

Impossible input raises ValueError naming the allowed range and why; unsafe results are flagged with reason
and source, never silently returned.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import pandas as pd

from ..core import citations, data
from .fluoroscopy_data import assumption_source, model_assumption

MODES: tuple[str, ...] = ("continuous", "pulsed", "low dose", "pulsed + low dose")
APRONS: tuple[str, ...] = ("none", "0.25 mm lead", "0.5 mm lead")
FIELDS: tuple[str, ...] = ("full field", "magnified 1", "magnified 2")
MAX_TIME_S = (
    3600.0  # an hour of fluoroscopy time is far beyond any facet procedure (times in data are < 1 min)
)
DISTANCE_RANGE_M = (0.1, 10.0)
AREA_FRACTION_RANGE = (0.05, 1.0)
MAX_SOURCE_SKIN_MM = 900.0  # the skin must lie between source and detector (simulator SID 1000 mm)


def radiation_factor_table() -> pd.DataFrame:
    """``data/radiation_factors.csv``: factor, value (in its unit), low, high, meaning, source_id."""
    return data.load_table("radiation_factors")


def radiation_procedure_table() -> pd.DataFrame:
    """``data/radiation_procedures.csv``: measured fluoroscopy times (s) and doses per procedure."""
    return data.load_table("radiation_procedures")


def radiation_limit_table() -> pd.DataFrame:
    """``data/radiation_limits.csv``: annual occupational limits (mSv a year) by authority and quantity."""
    return data.load_table("radiation_limits")


def reference_source_skin_mm() -> float:
    """Source-to-skin distance (mm) at which the calculator takes the reported patient dose: the
    simulator's prone patient, tube under the table, skin of the abdomen (ILLUSTRATIVE; the series states no
    distance; ``data/fluoroscopy_model_assumptions.csv``, row ``source_skin_distance``)."""
    return model_assumption("source_skin_distance")


def reference_source_skin_source() -> str:
    """Reference ids cited beside the reference source-to-skin distance."""
    return assumption_source("source_skin_distance")


@functools.cache
def _factors() -> dict[str, tuple[float, str]]:
    table = radiation_factor_table()
    return {r["factor"]: (float(r["value"]), str(r["source_id"])) for _, r in table.iterrows()}


def factor(name: str) -> float:
    """One factor from data/radiation_factors.csv (in its stated unit)."""
    if name not in _factors():
        raise ValueError(f"unknown radiation factor '{name}'; known: {', '.join(_factors())}")
    return _factors()[name][0]


def factor_source(name: str) -> str:
    """Source ids of one factor (';'-separated)."""
    return _factors()[name][1]


@functools.cache
def reference_dose_rate_mgy_per_s() -> float:
    """Mean patient dose per second of fluoroscopy (mGy/s) that the C-arm reported in oblique-technique
    lumbar medial branch blocks. Quantity, reference point and fluoroscopy mode were not stated: a dose on
    that series' scale, not a continuous-mode entrance skin dose rate."""
    row = _medial_branch_row("oblique")
    return float(row["dose_value"] / row["fluoro_time_s"])


def _medial_branch_row(technique_starts: str) -> pd.Series:
    """The measured lumbar medial branch block series of one technique ('oblique' or 'AP')."""
    table = radiation_procedure_table()
    rows = table[
        (table["procedure"] == "lumbar medial branch block")
        & table["technique"].str.startswith(technique_starts)
    ]
    if rows.empty:
        raise ValueError(
            f"no lumbar medial branch block series with a technique starting '{technique_starts}'"
        )
    return rows.iloc[0]


def technique_time_s(technique_starts: str = "oblique") -> float:
    """Mean fluoroscopy time (s) of the measured lumbar medial branch block series of one technique
    ('oblique': the oblique C-arm technique; 'AP': the posterior-anterior technique)."""
    return float(_medial_branch_row(technique_starts)["fluoro_time_s"])


def reference_source() -> str:
    """Source id of the reported patient dose (data/radiation_procedures.csv), the oblique-technique series
    (the same study measured the AP technique)."""
    return str(_medial_branch_row("oblique")["source_id"])


def mode_factor(mode: str) -> float:
    """Dose relative to continuous (conventional) mode on the one C-arm measured (a fraction, 0-1).

    A relative factor only: the calculator does not apply it to the reported series' dose, whose mode was
    not stated (see the module docstring)."""
    if mode not in MODES:
        raise ValueError(f"mode '{mode}' is not one of {MODES}")
    if mode == "continuous":
        return 1.0
    key = {
        "pulsed": "mode_reduction_pulsed",
        "low dose": "mode_reduction_low_dose",
        "pulsed + low dose": "mode_reduction_pulsed_low_dose",
    }[mode]
    return 1.0 - factor(key)


def field_diameter_cm(field_mode: str) -> float:
    """Image intensifier input diameter (cm) of a field mode."""
    if field_mode not in FIELDS:
        raise ValueError(f"field '{field_mode}' is not one of {FIELDS}")
    key = {
        "full field": "image_intensifier_full_cm",
        "magnified 1": "image_intensifier_mag1_cm",
        "magnified 2": "image_intensifier_mag2_cm",
    }[field_mode]
    return factor(key)


def magnification_factor(field_mode: str) -> float:
    """Entrance dose rate relative to full field: (full diameter / field diameter) ** exponent."""
    return (factor("image_intensifier_full_cm") / field_diameter_cm(field_mode)) ** factor(
        "magnification_dose_exponent"
    )


def apron_transmission(apron: str) -> float:
    """Fraction of scattered radiation passing the apron (1 without one)."""
    if apron not in APRONS:
        raise ValueError(f"apron '{apron}' is not one of {APRONS}")
    if apron == "none":
        return 1.0
    return factor("apron_transmission_0.5mm" if apron.startswith("0.5") else "apron_transmission_0.25mm")


def inverse_square(dose_at_reference: float, reference_distance: float, distance: float) -> float:
    """Dose at ``distance`` from a point source, given the dose at ``reference_distance`` (same unit)."""
    for name, value in (("reference_distance", reference_distance), ("distance", distance)):
        if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            raise ValueError(f"{name} must be a positive finite length; got {value!r}")
    if not math.isfinite(dose_at_reference) or dose_at_reference < 0:
        raise ValueError(f"dose_at_reference must be a non-negative number; got {dose_at_reference!r}")
    return dose_at_reference * (reference_distance / distance) ** 2


@functools.cache
def measured_operator_rate_usv_per_s() -> float:
    """Measured operator dose outside the apron per second of fluoroscopy (µSv/s), from data/.

    Mean dose per procedure on a dosimeter outside the lead apron divided by the mean fluoroscopy time per
    procedure, in one physician's series of mixed interventional pain procedures (source id:
    :func:`measured_operator_source`). Not an eye-lens dose.
    """
    row = _measured_operator_row()
    return float(row["dose_value"]) * _USV_PER[str(row["dose_unit"])] / float(row["fluoro_time_s"])


def measured_operator_source() -> str:
    """Source id of the measured operator dose (data/radiation_procedures.csv)."""
    return str(_measured_operator_row()["source_id"])


def measured_operator_procedures() -> int:
    """How many procedures the measured operator dose averages over."""
    return int(_measured_operator_row()["n"])


def _badge(technique: str) -> str:
    """The dosimeter named at the start of a measured series' technique ('glasses badge, ...')."""
    return technique.split(",")[0]


_USV_PER = {"mSv": 1000.0}


@functools.cache
def _measured_operator_row() -> pd.Series:
    """The outside-apron series with the most procedures (the readout's measured outside-apron dose)."""
    table = radiation_procedure_table()
    rows = table[table["dose_quantity"].fillna("").str.startswith(OUTSIDE_APRON_PREFIX)]
    if rows.empty:
        raise ValueError(
            "data/radiation_procedures.csv must hold a measured physician dose outside the apron"
        )
    return rows.loc[rows["n"].astype(int).idxmax()]


#: Prefixes of ``dose_quantity`` that mark a physician's measured dose (outside the apron; at eye level).
OUTSIDE_APRON_PREFIX = "physician dose outside the lead apron"
EYE_LEVEL_PREFIX = "physician dose at eye level"
INSIDE_APRON_PREFIX = "physician dose inside the lead apron"


@dataclass(frozen=True)
class MeasuredSeries:
    """One series of physician dosimeter readings (data/radiation_procedures.csv).

    ``where``: 'outside the apron' (a body badge, not an eye dose), 'at eye level' (a badge on the
    glasses) or 'inside the apron'. ``dose_per_procedure_usv``: the series' mean dose per procedure (µSv).
    ``fluoro_time_s``: its mean fluoroscopy time per procedure (s). ``n``: procedures it averages over.
    """

    procedure: str
    where: str
    dose_per_procedure_usv: float
    fluoro_time_s: float
    n: int
    source_id: str
    badge: str = ""

    @property
    def rate_usv_per_s(self) -> float:
        """Mean dose per second of fluoroscopy (µSv/s)."""
        return self.dose_per_procedure_usv / self.fluoro_time_s


_WHERE = {
    OUTSIDE_APRON_PREFIX: "outside the apron",
    EYE_LEVEL_PREFIX: "at eye level",
    INSIDE_APRON_PREFIX: "inside the apron",
}


@functools.cache
def _all_series() -> tuple[MeasuredSeries, ...]:
    """Every physician dosimeter series in data/ outside, inside the apron or at eye level (table order)."""
    out = []
    for _, row in radiation_procedure_table().iterrows():
        quantity = str(row["dose_quantity"] or "")
        prefix = next((p for p in _WHERE if quantity.startswith(p)), None)
        if prefix is None:
            continue
        out.append(
            MeasuredSeries(
                procedure=str(row["procedure"]),
                where=_WHERE[prefix],
                dose_per_procedure_usv=float(row["dose_value"]) * _USV_PER[str(row["dose_unit"])],
                fluoro_time_s=float(row["fluoro_time_s"]),
                n=int(row["n"]),
                source_id=str(row["source_id"]),
                badge=_badge(str(row["technique"])),
            )
        )
    return tuple(out)


def inside_apron_series() -> tuple[MeasuredSeries, ...]:
    """Every measured physician dose INSIDE the lead apron (µSv per procedure; 0 where none was recorded)."""
    return tuple(s for s in _all_series() if s.where == "inside the apron")


def largest_inside_apron_series() -> MeasuredSeries:
    """The inside-apron series with the largest measured dose per second."""
    series = inside_apron_series()
    if not series:
        raise ValueError("data/radiation_procedures.csv must hold a measured dose inside the apron")
    return max(series, key=lambda s: s.rate_usv_per_s)


@functools.cache
def measured_operator_series() -> tuple[MeasuredSeries, ...]:
    """Every measured physician dose in data/ outside the apron or at eye level, in table order: the
    series the headline eye count chooses from (unshielded eyes receive the outside-apron scatter)."""
    out = [s for s in _all_series() if s.where != "inside the apron"]
    if not any(s.where == "at eye level" for s in out):
        raise ValueError("data/radiation_procedures.csv must hold at least one measured eye-level dose")
    return tuple(out)


def headline_eye_series() -> MeasuredSeries:
    """The measured series with the largest dose per second (eye-level or outside-apron badge): the basis
    of the headline count of procedures to the eye-lens limit (the larger measured rate, never the
    smaller)."""
    return max(measured_operator_series(), key=lambda s: s.rate_usv_per_s)


def limit_row(quantity_starts: str, authority: str = "ICRP") -> pd.Series:
    """One row of data/radiation_limits.csv: the authority's limit on a quantity (its name's start)."""
    table = radiation_limit_table()
    row = table[(table["authority"] == authority) & table["quantity"].str.startswith(quantity_starts)]
    if row.empty:
        raise ValueError(f"no {authority} limit for '{quantity_starts}' in data/radiation_limits.csv")
    return row.iloc[0]


@functools.cache
def annual_limit_msv(quantity_starts: str, authority: str = "ICRP") -> float:
    """An annual occupational limit (mSv per year) from data/radiation_limits.csv."""
    return float(limit_row(quantity_starts, authority)["limit_msv_per_year"])


def limit_source(quantity_starts: str, authority: str = "ICRP") -> str:
    """Source id of one annual occupational limit (data/radiation_limits.csv)."""
    return str(limit_row(quantity_starts, authority)["source_id"])


def _check_number(
    name: str, value: object, low: float, high: float, why: str, low_open: bool = False
) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number; got {value!r}")
    if value > high or value < low or (low_open and value == low):
        bracket = "above" if low_open else "from"
        raise ValueError(
            f"{name}={value:g} is outside the allowed range ({bracket} {low:g} to {high:g}): {why}"
        )
    return float(value)


@dataclass(frozen=True)
class DoseEstimate:
    """Result of :func:`estimate_dose`. Doses: patient in mGy; operator in µSv (air kerma taken as µSv).

    ``patient_mgy``: on the scale of the dose the C-arm reported in one series (quantity not stated).
    ``operator_outside_apron_measured_usv``: the measured outside-apron dose per second (a body badge, not
    the eyes), scaled by time only. ``operator_eye_measured_usv``: the largest measured operator dose per
    second (:func:`headline_eye_series`), scaled by time only: the eye dose the HEADLINE count
    ``procedures_to_eye_limit`` rests on. ``operator_outside_apron_model_usv``: the 0.1 % scatter rule for
    this set-up (a MODEL ESTIMATE, not a bound), with its own count ``procedures_to_eye_limit_model``.
    ``operator_under_apron_usv``: the measured outside-apron dose times the apron's transmission (equal to
    it without an apron); ``operator_under_apron_model_usv`` the same for the model estimate.
    ``operator_inside_apron_measured_usv``: the largest dose measured INSIDE an apron
    (:func:`largest_inside_apron_series`, source ``inside_source_id``), scaled by time only.
    No skin-injury flag: the patient figure's quantity is unknown (see the module docstring).
    """

    patient_mgy: float
    operator_outside_apron_measured_usv: float
    operator_eye_measured_usv: float
    operator_outside_apron_model_usv: float
    operator_under_apron_usv: float
    operator_under_apron_model_usv: float
    procedures_to_eye_limit: float
    procedures_to_eye_limit_model: float
    procedures_to_effective_limit: float
    eye_source_id: str = ""
    operator_inside_apron_measured_usv: float = 0.0
    inside_source_id: str = ""
    apron: str = "0.5 mm lead"
    flags: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        """Plain-text readout: the measured figures first, with the headline eye count; the model estimate
        beside them with its own count and the input it depends on. Neither is called a bound."""
        if self.apron == "none":
            body = (
                "operator, body: NO APRON, so the body receives the measured outside-apron dose "
                f"{self.operator_under_apron_usv:.1f} µSv (model estimate "
                f"{self.operator_under_apron_model_usv:.1f})"
            )
        else:
            body = (
                f"operator, under the {self.apron} apron: {self.operator_under_apron_usv:.2f} µSv (measured "
                f"outside-apron dose x apron transmission); {inside_apron_text(self)}; model estimate "
                f"{self.operator_under_apron_model_usv:.2f} µSv"
            )
        lines = [
            f"patient: {self.patient_mgy:.1f} mGy on the scale of the dose the C-arm reported in one series "
            "(quantity and mode not stated, so not comparable with a skin-injury threshold; read only its "
            "relative changes)",
            f"operator, outside the apron: measured in one practice (body badge, not an eye dose; set-up not "
            f"reported, scaled by time) {self.operator_outside_apron_measured_usv:.1f} µSv",
            body,
            "eye-lens dose not measured in any facet procedure; at the largest measured operator dose per "
            f"second ({headline_badge_text()}, {citations.short(self.eye_source_id)}, scaled by time) the "
            "eyes receive "
            f"{self.operator_eye_measured_usv:.1f} µSv, and {round(self.procedures_to_eye_limit):,} such "
            "procedures a year would reach the ICRP eye-lens limit",
            "model estimate beside it (0.1 % scatter rule, this set-up; rests on the reported patient dose, "
            f"quantity and mode not stated): {self.operator_outside_apron_model_usv:.1f} µSv outside the "
            f"apron, {round(self.procedures_to_eye_limit_model):,} procedures a year to the eye-lens limit",
        ]
        return "\n".join(lines + [f"FLAG: {f}" for f in self.flags])


def headline_badge_text() -> str:
    """Where the headline's dosimeter was, in words ('outside-apron badge, caudal epidural ...')."""
    s = headline_eye_series()
    return f"{s.badge}, {s.procedure.split(' (')[0]}"


def inside_apron_text(result: DoseEstimate) -> str:
    """What was measured inside an apron: the largest dose scaled to this time (µSv), its source, and the
    series that recorded none (plain text)."""
    none = [s.source_id for s in inside_apron_series() if s.dose_per_procedure_usv == 0]
    return (
        f"measured inside an apron: {result.operator_inside_apron_measured_usv:.1f} µSv at "
        f"{citations.author_year(result.inside_source_id)}'s rate, none recorded in "
        f"{citations.author_year(*none)}"
    )


def estimate_dose(
    fluoro_time_s: float,
    operator_distance_m: float = 0.5,
    field_area_fraction: float = 1.0,
    field_mode: str = "full field",
    apron: str = "0.5 mm lead",
    source_skin_mm: float | None = None,
) -> DoseEstimate:
    """Patient and operator dose for one procedure (see the module docstring for the model and its sources).

    ``fluoro_time_s``: seconds of beam-on time (0 < t <= 3600). ``operator_distance_m``: from the irradiated
    patient to the operator (0.1-10 m). ``field_area_fraction``: collimated field area as a fraction of the
    full field (0.05-1). ``source_skin_mm``: tube focus to the patient's skin (300-900 mm; None: the
    reference distance, :func:`reference_source_skin_mm`). No fluoroscopy
    mode: the reported series' mode is unknown (see :func:`dose_reduction_factors`).
    """
    t = _check_number(
        "fluoro_time_s",
        fluoro_time_s,
        0.0,
        MAX_TIME_S,
        "a facet procedure needs some seconds of beam-on time, never hours",
        low_open=True,
    )
    d = _check_number(
        "operator_distance_m",
        operator_distance_m,
        *DISTANCE_RANGE_M,
        "closer than 10 cm is inside the beam; beyond 10 m is outside any procedure room",
    )
    area = _check_number(
        "field_area_fraction",
        field_area_fraction,
        *AREA_FRACTION_RANGE,
        "a fraction of the full field: collimation cannot open wider than the full field",
    )
    minimum_ssd = factor("min_source_skin_distance_mobile")
    reference_ssd = reference_source_skin_mm()
    ssd = _check_number(
        "source_skin_mm",
        reference_ssd if source_skin_mm is None else source_skin_mm,
        minimum_ssd,
        MAX_SOURCE_SKIN_MM,
        f"a mobile C-arm must keep the skin at least {minimum_ssd:g} mm from the focus "
        f"({citations.cite(factor_source('min_source_skin_distance_mobile'))}) and the skin lies before the "
        "detector",
    )
    mag = magnification_factor(field_mode)
    transmission = apron_transmission(apron)
    patient = reference_dose_rate_mgy_per_s() * t * mag * (reference_ssd / ssd) ** 2
    irradiated_area = area * (field_diameter_cm(field_mode) / factor("image_intensifier_full_cm")) ** 2
    scatter_1m_usv = patient * 1000.0 * factor("scatter_fraction_1m") * irradiated_area
    model = inverse_square(scatter_1m_usv, 1.0, d)
    measured = measured_operator_rate_usv_per_s() * t
    headline = headline_eye_series()
    eye_measured = headline.rate_usv_per_s * t
    under = measured * transmission
    eye_limit_usv = annual_limit_msv("equivalent dose to the lens") * 1000.0
    effective_limit_usv = annual_limit_msv("effective dose") * 1000.0
    inside = largest_inside_apron_series()
    flags = []
    if apron == "none":
        flags.append(f"CAUTION: no apron: the body receives all the scatter ({_scatter_advice()})")
    if d < 0.3:
        flags.append(
            f"CAUTION: {d:g} m from the patient: hands and eyes this close receive most scatter; step back, "
            f"dose falls with the square of distance ({_scatter_advice()})"
        )
    return DoseEstimate(
        patient_mgy=patient,
        operator_outside_apron_measured_usv=measured,
        operator_eye_measured_usv=eye_measured,
        operator_outside_apron_model_usv=model,
        operator_under_apron_usv=under,
        operator_under_apron_model_usv=model * transmission,
        procedures_to_eye_limit=eye_limit_usv / eye_measured,
        procedures_to_eye_limit_model=eye_limit_usv / model,
        procedures_to_effective_limit=effective_limit_usv / under if under > 0 else math.inf,
        eye_source_id=headline.source_id,
        operator_inside_apron_measured_usv=inside.rate_usv_per_s * t,
        inside_source_id=inside.source_id,
        apron=apron,
        flags=tuple(flags),
    )


def _scatter_advice() -> str:
    """'Source: ...' of the advice on aprons and distance (data/source_keys.csv)."""
    return citations.cite(citations.source("operator_scatter_protection"))


def dose_reduction_factors() -> pd.DataFrame:
    """Relative dose of each fluoroscopy mode against continuous mode on the one C-arm measured (fraction),
    with the measured reduction (percent) and its source. Relative factors: see the module docstring."""
    rows = [
        {
            "mode": mode,
            "dose relative to continuous": round(mode_factor(mode), 2),
            "reduction (%)": round(100 * (1 - mode_factor(mode))),
            "source_id": factor_source("mode_reduction_pulsed"),
        }
        for mode in MODES
    ]
    return pd.DataFrame(rows)


def normal_mode_rate_limit() -> tuple[float, str, str]:
    """The normal-mode (no high-level control) fluoroscopic exposure-rate limit: value, unit, source id."""
    table = radiation_factor_table().set_index("factor")
    row = table.loc["normal_mode_exposure_rate_limit"]
    return float(row["value"]), str(row["unit"]), str(row["source_id"])


def typical_procedures() -> pd.DataFrame:
    """Measured fluoroscopy times (s) and doses in facet and medial branch procedures, with their sources."""
    table = radiation_procedure_table()
    out = table[["procedure", "technique", "statistic", "fluoro_time_s", "dose_value", "dose_unit"]].copy()
    out["source"] = [citations.short(s.split(";")[0]) for s in table["source_id"]]
    return out


def limits_table() -> pd.DataFrame:
    """Annual occupational limits (mSv per year) of ICRP and the US NRC, side by side."""
    table = radiation_limit_table()
    out = table[["authority", "quantity", "limit_msv_per_year", "averaging"]].copy()
    out["source"] = [citations.short(s) for s in table["source_id"]]
    return out
