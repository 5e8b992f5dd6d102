"""Radiation for a fluoroscopy-guided facet procedure: measured doses and the relative effect of what the
operator controls (no plotting).

Every number is read from ``data/radiation_factors.csv``, ``data/radiation_procedures.csv`` and
``data/radiation_limits.csv``, each with its source. What the calculator does, and does not do:

* Operator doses are MEASURED: dosimeters worn by pain physicians in other spinal procedures (no study the
  course found measured a facet procedure): badges on the glasses (eye level), outside the lead apron (a
  body badge, not an eye dose) and inside it (``data/radiation_procedures.csv``). Each series' mean dose per
  procedure divided by its mean fluoroscopy time is a dose per second, scaled here by fluoroscopy time only;
  the series report neither distance, fluoroscopy mode nor field size. Every readout gives the RANGE over the
  series of one kind of badge, never one series as 'the' figure.
* Procedures a year to the ICRP eye-lens limit come only from those measured doses (a range over the badges),
  never from a model.
* What the operator controls (distance, collimation, fluoroscopy mode, apron, magnification) is taught as
  RELATIVE factors against the calculator's reference set-up (:data:`REFERENCE_SETUP`: 0.5 m away, full
  field, continuous mode, no magnification; ILLUSTRATIVE, as where the measured physicians stood was not
  reported): the inverse-square law for distance, the irradiated area for collimation, the modes measured on
  one C-arm, the apron's transmission, the square of the field-diameter ratio for magnification. Applied to a
  measured range, the result is labelled as resting on that assumption and yields no count a year.
* There is no absolute scatter model: the earlier 0.1 % scatter rule was applied to a patient figure of
  unknown quantity and is gone.
* Patient: the one measured patient quantity is a dose-area product from a randomised trial of lumbar medial
  branch blocks (oblique and AP views, three levels), per procedure; the trial gave injection times, not
  beam-on times, so it is not scaled by time. The figure another series' C-arm reported in mGy (quantity not
  stated) is shown only as that, and nothing is calculated from it; :func:`check_entrance_rate` refuses to
  build on any dose read as an entrance air kerma when it implies a rate above the normal-mode limit (a limit
  set at a test point near the image receptor, not at the skin).
* Doses to the operator are dosimeter readings in µSv (air kerma or dose equivalent, radiation weighting
  factor 1 for x-rays), not effective doses.

Impossible input raises ValueError naming the allowed range and why.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import pandas as pd

from ..core import citations, data

MODES: tuple[str, ...] = ("continuous", "pulsed", "low dose", "pulsed + low dose")
APRONS: tuple[str, ...] = ("none", "0.25 mm lead", "0.5 mm lead")
FIELDS: tuple[str, ...] = ("full field", "magnified 1", "magnified 2")
MAX_TIME_S = (
    3600.0  # an hour of fluoroscopy time is far beyond any facet procedure (times in data are < 1 min)
)
DISTANCE_RANGE_M = (0.1, 10.0)
AREA_FRACTION_RANGE = (0.05, 1.0)
#: The reference set-up of every relative factor (ILLUSTRATIVE: the measured series report no set-up).
REFERENCE_SETUP: dict[str, object] = {
    "operator_distance_m": 0.5,
    "field_area_fraction": 1.0,
    "field_mode": "full field",
    "mode": "continuous",
}
REFERENCE_TEXT = "0.5 m away, full field, continuous mode, no magnification"


def radiation_factor_table() -> pd.DataFrame:
    """``data/radiation_factors.csv``: factor, value (in its unit), low, high, meaning, source_id."""
    return data.load_table("radiation_factors")


def radiation_procedure_table() -> pd.DataFrame:
    """``data/radiation_procedures.csv``: measured fluoroscopy times (s) and doses per procedure."""
    return data.load_table("radiation_procedures")


def radiation_limit_table() -> pd.DataFrame:
    """``data/radiation_limits.csv``: annual occupational limits (mSv a year) by authority and quantity."""
    return data.load_table("radiation_limits")


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
    """Source id of the measured medial branch block fluoroscopy times (data/radiation_procedures.csv)."""
    return str(_medial_branch_row("oblique")["source_id"])


def reported_figure(technique_starts: str = "oblique") -> tuple[float, str, float]:
    """The patient figure the C-arm reported in the medial branch block series (value, unit, fluoroscopy time
    in s). Its quantity was not stated, so nothing is calculated from it."""
    row = _medial_branch_row(technique_starts)
    return float(row["dose_value"]), str(row["dose_unit"]), float(row["fluoro_time_s"])


def normal_mode_rate_limit() -> tuple[float, str, str]:
    """The normal-mode (no high-level control) fluoroscopic exposure-rate limit: value, unit, source id."""
    table = radiation_factor_table().set_index("factor")
    row = table.loc["normal_mode_exposure_rate_limit"]
    return float(row["value"]), str(row["unit"]), str(row["source_id"])


def normal_mode_limit_mgy_per_min() -> float:
    """The normal-mode exposure-rate limit as an air kerma rate (mGy per minute): 10 R/min x 8.76 mGy/R."""
    value, unit, _ = normal_mode_rate_limit()
    if unit != "R per minute":
        raise ValueError(f"normal_mode_exposure_rate_limit must be in R per minute; got '{unit}'")
    return value * factor("air_kerma_per_roentgen")


def limit_sources() -> str:
    """Source ids of the normal-mode limit and of the R-to-air-kerma conversion (';'-separated)."""
    return f"{normal_mode_rate_limit()[2]};{factor_source('air_kerma_per_roentgen')}"


def check_entrance_rate(dose_mgy: float, fluoro_time_s: float, what: str = "dose_mgy") -> float:
    """Mean entrance air kerma rate (mGy per minute) of a dose read as the patient's entrance air kerma over
    ``fluoro_time_s`` seconds of fluoroscopy; ValueError if it exceeds the normal-mode limit (10 R/min, about
    88 mGy/min). The limit is set at a test point 30 cm from the image receptor, not at the skin, and the skin
    nearer the tube can receive more; but a figure above it, from a source that does not say what quantity
    it is, is unlikely to be an ordinary entrance dose, so nothing is built on it as one."""
    for name, value in ((what, dose_mgy), ("fluoro_time_s", fluoro_time_s)):
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            raise ValueError(f"{name} must be a number; got {value!r}")
    if dose_mgy < 0 or fluoro_time_s <= 0:
        raise ValueError(f"{what} must be >= 0 and fluoro_time_s > 0; got {dose_mgy!r}, {fluoro_time_s!r}")
    rate = 60.0 * dose_mgy / fluoro_time_s
    limit = normal_mode_limit_mgy_per_min()
    if rate > limit:
        value, unit, _ = normal_mode_rate_limit()
        raise ValueError(
            f"{what}={dose_mgy:g} mGy in {fluoro_time_s:g} s implies {rate:.0f} mGy per minute of entrance "
            f"air kerma, above the normal-mode fluoroscopy limit of {value:g} {unit} (about {limit:.0f} mGy "
            f"per minute at the regulation's test point, 30 cm from the image receptor; "
            f"{citations.author_year(limit_sources())}): the skin nearer the tube can receive more, but a "
            "figure of unstated quantity this high is unlikely to be an ordinary entrance dose, so it is not "
            "used as one"
        )
    return rate


def reported_rate_mgy_per_min(technique_starts: str = "oblique") -> float:
    """The rate (mGy per minute) the reported patient figure would imply if it were an entrance air kerma."""
    value, _, seconds = reported_figure(technique_starts)
    return 60.0 * value / seconds


def dose_area_product(view: str = "oblique") -> tuple[float, str, str]:
    """Measured mean patient dose-area product of three levels of lumbar medial branch block in one view
    ('oblique' or 'AP'): value, unit, source id (per procedure; not scaled by time)."""
    key = {"oblique": "mbb_oblique_dose_area_product", "AP": "mbb_ap_dose_area_product"}.get(view)
    if key is None:
        raise ValueError(f"view '{view}' is not 'oblique' or 'AP'")
    unit = str(radiation_factor_table().set_index("factor").loc[key, "unit"])
    return factor(key), unit.replace("cm2", "cm²"), factor_source(key)


def mode_factor(mode: str) -> float:
    """Dose relative to continuous (conventional) mode on the one C-arm measured (a fraction, 0-1)."""
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


#: Start of ``dose_quantity`` of a patient figure the C-arm reported without saying what quantity it is.
REPORTED_PREFIX = "patient radiation dose reported by the C-arm"
#: Prefixes of ``dose_quantity`` that mark a physician's measured dose (outside the apron; at eye level).
OUTSIDE_APRON_PREFIX = "physician dose outside the lead apron"
EYE_LEVEL_PREFIX = "physician dose at eye level"
INSIDE_APRON_PREFIX = "physician dose inside the lead apron"
_USV_PER = {"mSv": 1000.0}
_WHERE = {
    OUTSIDE_APRON_PREFIX: "outside the apron",
    EYE_LEVEL_PREFIX: "at eye level",
    INSIDE_APRON_PREFIX: "inside the apron",
}
#: What each kind of badge is, in words (readouts name the dosimeter beside every measured figure).
BADGE_WORDS = {
    "at eye level": "badges on the physicians' glasses, at eye level",
    "outside the apron": "body badges outside the apron, not the eyes",
    "inside the apron": "body badges inside the apron",
}


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
                badge=str(row["technique"]).split(",")[0],
            )
        )
    return tuple(out)


def series_at(where: str) -> tuple[MeasuredSeries, ...]:
    """The measured series of one kind of badge ('at eye level', 'outside the apron', 'inside the apron')."""
    if where not in BADGE_WORDS:
        raise ValueError(f"where '{where}' is not one of {tuple(BADGE_WORDS)}")
    series = tuple(s for s in _all_series() if s.where == where)
    if not series:
        raise ValueError(f"data/radiation_procedures.csv holds no physician dose {where}")
    return series


def inside_apron_series() -> tuple[MeasuredSeries, ...]:
    """Every measured physician dose INSIDE the lead apron (µSv per procedure; 0 where none was recorded)."""
    return series_at("inside the apron")


@functools.cache
def measured_operator_series() -> tuple[MeasuredSeries, ...]:
    """Every measured physician dose outside the apron or at eye level, in table order."""
    return tuple(s for s in _all_series() if s.where != "inside the apron")


def measured_range_usv(where: str, fluoro_time_s: float) -> tuple[float, float]:
    """Smallest and largest measured dose (µSv) of one kind of badge, each series' dose per second scaled to
    ``fluoro_time_s`` (time only: the series report no set-up)."""
    rates = [s.rate_usv_per_s for s in series_at(where)]
    return min(rates) * fluoro_time_s, max(rates) * fluoro_time_s


def series_sources(where: str) -> str:
    """Source ids of the series of one kind of badge (';'-separated, first-seen order)."""
    return ";".join(dict.fromkeys(s.source_id for s in series_at(where)))


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


def procedures_to_eye_limit(where: str, fluoro_time_s: float) -> tuple[float, float]:
    """Procedures a year to the ICRP eye-lens limit at the MEASURED doses of one kind of badge scaled to
    ``fluoro_time_s`` (smallest, largest count). Only measured doses: no model enters this count."""
    low, high = measured_range_usv(where, fluoro_time_s)
    limit_usv = 1000.0 * annual_limit_msv("equivalent dose to the lens")
    return limit_usv / high, (limit_usv / low if low > 0 else math.inf)


def round_2sf(value: float) -> int:
    """A count rounded to two significant figures (137 -> 140, 1648 -> 1600): no false precision."""
    if value <= 0 or not math.isfinite(value):
        raise ValueError(f"a count to round must be positive and finite; got {value!r}")
    return int(round(value, 1 - int(math.floor(math.log10(value)))))


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


Range = tuple[float, float]


@dataclass(frozen=True)
class DoseEstimate:
    """Result of :func:`estimate_dose`: measured ranges (µSv) and relative factors (dimensionless).

    MEASURED, scaled by time only: ``eye_level_usv`` (badges on the glasses), ``outside_apron_usv`` (body
    badges, not the eyes), ``inside_apron_usv``; ``eye_limit_procedures``: procedures a year to the ICRP
    eye-lens limit at the eye-level doses (smallest, largest). RELATIVE to :data:`REFERENCE_SETUP`:
    ``distance_factor``, ``collimation_factor``, ``mode_factor``; ``scatter_factor`` (their product: the
    scatter reaching the operator), ``body_factor`` (the same behind the apron), ``skin_rate_factor``
    (patient's skin dose rate: magnification x mode), ``dap_factor`` (patient's dose-area product:
    collimation x mode). ``eye_level_if_reference_usv`` and ``body_if_reference_usv``: the measured ranges x
    those factors, valid only IF the measured physicians worked at the reference set-up (not reported).
    """

    fluoro_time_s: float
    apron: str
    eye_level_usv: Range
    outside_apron_usv: Range
    inside_apron_usv: Range
    eye_limit_procedures: Range
    distance_factor: float
    collimation_factor: float
    mode_factor: float
    transmission: float
    skin_rate_factor: float
    dap_factor: float
    flags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def scatter_factor(self) -> float:
        """Scatter reaching the operator against the reference set-up (distance x collimation x mode)."""
        return self.distance_factor * self.collimation_factor * self.mode_factor

    @property
    def body_factor(self) -> float:
        """The operator's body dose against the reference set-up without an apron."""
        return self.scatter_factor * self.transmission

    @property
    def eye_level_if_reference_usv(self) -> Range:
        """Measured eye-level range x the scatter factor (IF measured at the reference set-up)."""
        return _scaled(self.eye_level_usv, self.scatter_factor)

    @property
    def body_if_reference_usv(self) -> Range:
        """Measured outside-apron range x the body factor (IF measured at the reference set-up)."""
        return _scaled(self.outside_apron_usv, self.body_factor)

    def summary(self) -> str:
        """Plain-text readout: measured ranges (with the dosimeter) and the eye-lens count first, then the
        relative factors of this set-up, then their product with the measured ranges, labelled IF."""
        t = f"{self.fluoro_time_s:g} s"
        x = factor_text
        lines = [
            f"MEASURED, scaled to {t} by time only (set-up not reported): eyes "
            f"{range_text(self.eye_level_usv)} µSv ({BADGE_WORDS['at eye level']}); outside the apron "
            f"{range_text(self.outside_apron_usv)} µSv "
            f"({BADGE_WORDS['outside the apron']}); inside the apron {range_text(self.inside_apron_usv)} µSv",
            f"eye-lens limit: at the measured eye-level doses, {count_range_text(self.eye_limit_procedures)} "
            "such procedures a year would reach the ICRP limit (no study measured a facet procedure)",
            f"RELATIVE to {REFERENCE_TEXT}: scatter reaching you {x(self.scatter_factor)} (distance "
            f"{x(self.distance_factor)}, collimation {x(self.collimation_factor)}, mode "
            f"{x(self.mode_factor)}); your body {x(self.body_factor)} (apron: {self.apron}); patient's "
            f"skin dose rate {x(self.skin_rate_factor)}, dose-area product {x(self.dap_factor)}",
            "IF the measured physicians worked at that reference set-up (not reported): eyes "
            f"{range_text(self.eye_level_if_reference_usv)} µSv, body "
            f"{range_text(self.body_if_reference_usv)} "
            "µSv",
        ]
        return "\n".join(lines + [f"FLAG: {f}" for f in self.flags])


def _scaled(values: Range, k: float) -> Range:
    return values[0] * k, values[1] * k


def range_text(values: Range) -> str:
    """'3.0-146' (µSv): two significant figures at most; '0' where nothing was recorded."""

    def one(v: float) -> str:
        return "0" if v == 0 else f"{v:.2g}" if v < 10 else f"{v:.0f}"

    return f"{one(values[0])}-{one(values[1])}"


def factor_text(value: float) -> str:
    """'x0.25' for a relative factor; 'x<0.001' below a thousandth (no scientific notation for residents)."""
    return "x<0.001" if value < 0.001 else f"x{value:.2g}"


def count_range_text(counts: Range) -> str:
    """'about 220 to 1,600': a range of counts a year, two significant figures."""
    low, high = counts
    high_text = "no limit reached" if math.isinf(high) else f"{round_2sf(high):,}"
    return f"about {round_2sf(low):,} to {high_text}"


def estimate_dose(
    fluoro_time_s: float,
    operator_distance_m: float = 0.5,
    field_area_fraction: float = 1.0,
    field_mode: str = "full field",
    apron: str = "0.5 mm lead",
    mode: str = "continuous",
) -> DoseEstimate:
    """Measured doses for ``fluoro_time_s`` seconds of beam-on time (0 < t <= 3600) and the relative factors
    of a set-up: ``operator_distance_m`` from the patient (0.1-10 m), ``field_area_fraction`` of the full
    field left by collimation (0.05-1), ``field_mode`` (image intensifier), ``apron``, fluoroscopy ``mode``.
    See the module docstring: no absolute model dose, and no count a year from the relative factors."""
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
    mode_k = mode_factor(mode)
    mag = magnification_factor(field_mode)
    flags = []
    if apron == "none":
        flags.append(f"CAUTION: no apron: the body receives all the scatter ({_scatter_advice()})")
    if d < 0.3:
        flags.append(
            f"CAUTION: {d:g} m from the patient: hands and eyes this close receive most scatter; step back, "
            f"dose falls with the square of distance ({_scatter_advice()})"
        )
    if mag > 1:
        flags.append(
            f"CAUTION: magnified field: the patient's skin dose rate is about x{mag:.1f} the full field's, "
            "a factor this course derives from the image-intensifier sizes "
            f"({citations.cite(factor_source('magnification_dose_exponent'))}); collimate instead"
        )
    return DoseEstimate(
        fluoro_time_s=t,
        apron=apron,
        eye_level_usv=measured_range_usv("at eye level", t),
        outside_apron_usv=measured_range_usv("outside the apron", t),
        inside_apron_usv=measured_range_usv("inside the apron", t),
        eye_limit_procedures=procedures_to_eye_limit("at eye level", t),
        distance_factor=inverse_square(1.0, float(REFERENCE_SETUP["operator_distance_m"]), d),
        collimation_factor=area,
        mode_factor=mode_k,
        transmission=apron_transmission(apron),
        skin_rate_factor=mag * mode_k,
        dap_factor=area * mode_k,
        flags=tuple(flags),
    )


def _scatter_advice() -> str:
    """'Source: ...' of the advice on aprons and distance (data/source_keys.csv)."""
    return citations.cite(citations.source("operator_scatter_protection"))


def dose_reduction_factors() -> pd.DataFrame:
    """Relative dose of each fluoroscopy mode against continuous mode on the one C-arm measured (fraction),
    with the measured reduction (percent) and its source."""
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


def typical_procedures() -> pd.DataFrame:
    """Measured fluoroscopy times (s) and doses in facet and medial branch procedures, with their sources."""
    table = radiation_procedure_table()
    out = table[["procedure", "technique", "statistic", "fluoro_time_s", "dose_value", "dose_unit"]].copy()
    out["source"] = [citations.short(s.split(";")[0]) for s in table["source_id"]]
    return out


def limits_table() -> pd.DataFrame:
    """Annual occupational limits (mSv per year) of ICRP and US federal rule (10 CFR 20), side by side."""
    table = radiation_limit_table()
    out = table[["authority", "quantity", "limit_msv_per_year", "averaging"]].copy()
    out["source"] = [citations.short(s) for s in table["source_id"]]
    return out
