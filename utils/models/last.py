"""Local anaesthetic systemic toxicity (LAST): three routes, the checklist's steps, lipid emulsion.

The one loader of ``data/last_signs.csv`` (route, timing, classic sequence, atypical presentations, the
dose of one case report read, not a threshold), ``data/last_treatment.csv`` (the ASRA checklist's steps) and
``data/last_lipid_dosing.csv`` (20% lipid emulsion doses). Any local anaesthetic dose shown for context goes
through the one rule set, :mod:`facet_course.safety`; the total dose is context, never a predictor of
signs. Lipid emulsion is a treatment, not a local anaesthetic dose. Weight in kg, volumes in mL, times in
minutes, doses in mg.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core import data
from . import pharmacology as ph
from . import safety

SCENARIOS: tuple[str, ...] = ("artery in the neck", "vein", "absorption from tissue")
#: The weight band of the checklist's fixed doses (``data/last_lipid_dosing.csv``, ``weight_band``).
FIXED_BAND = "70 kg or more"


def upper_limit_caveat() -> str:
    """What the upper limit is not: a reason to stop lipid in an ongoing arrest (the lipid table's upper_limit
    row: a limit on initial dosing)."""
    return (
        "much less is usually needed. It limits the initial dosing and is not a reason to stop lipid "
        "in an ongoing arrest: beyond it, decide with the team (and consider cardiopulmonary bypass "
        "where available)."
    )


def infusion_end_text() -> str:
    """When the lipid infusion may stop: at least N minutes after the circulation is stable (from
    ``data/last_lipid_dosing.csv``, row ``continue_after_stable``)."""
    row = lipid_table().loc["continue_after_stable"]
    return f"continued for at least {row['value_low']:g} minutes after the circulation is stable"


def signs_table() -> pd.DataFrame:
    """``data/last_signs.csv``: one row per route to toxicity."""
    return data.load_table("last_signs")


def treatment_table() -> pd.DataFrame:
    """``data/last_treatment.csv``: the checklist's steps in order."""
    return data.load_table("last_treatment").sort_values("step")


def lipid_table() -> pd.DataFrame:
    """``data/last_lipid_dosing.csv``: the checklist's 20% lipid emulsion doses by weight band."""
    return data.load_table("last_lipid_dosing").set_index("id")


def scenario(name: str) -> pd.Series:
    """One route's row (timing, classic sequence, atypical presentations, case dose, source)."""
    if name not in SCENARIOS:
        raise ValueError(f"scenario must be one of {', '.join(SCENARIOS)}; got {name!r}")
    return signs_table().set_index("scenario").loc[name]


def onset_window_min(name: str) -> tuple[float, float] | None:
    """The onset window the sources give for a route (minutes), or None where they give words only."""
    row = scenario(name)
    if pd.isna(row["onset_low_min"]) or pd.isna(row["onset_high_min"]):
        return None
    return float(row["onset_low_min"]), float(row["onset_high_min"])


#: Why a lean body weight changes the bolus only (review s13 F1).
LEAN_BOLUS_ONLY = "the sources read give the lean weight for the bolus only"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@dataclass(frozen=True)
class LipidPlan:
    """20% lipid emulsion for one weight, as the checklist gives it (mL, minutes)."""

    weight_kg: float
    band: str
    bolus_ml: float
    bolus_over_min: tuple[float, float]
    infusion_text: str
    upper_limit_ml: float
    upper_limit_ml_per_kg: float
    repeat_boluses: tuple[int, int] | None
    infusion_factor: float
    source_id: str
    lean_weight_kg: float | None = None

    def text(self) -> str:
        lo, hi = self.bolus_over_min
        repeat = "" if self.repeat_boluses is None else f" (at most {_times(self.repeat_boluses[1])})"
        return (
            f"20% lipid emulsion, body weight {self.weight_kg:g} kg ({self.band}): bolus "
            f"{self.bolus_ml:.0f} mL over "
            f"{lo:g}-{hi:g} min; infusion {self.infusion_text}, {infusion_end_text()}; if still "
            f"unstable repeat the bolus{repeat} and raise the infusion {self.infusion_factor:g}-fold. "
            f"Upper limit for the first 30 minutes about {self.upper_limit_ml:.0f} mL ({self.limit_text()}); "
            + upper_limit_caveat()
        )

    def limit_text(self) -> str:
        """How the upper limit was worked out: 12 mL/kg of which weight, or the course's display cap."""
        per_kg = self.upper_limit_ml_per_kg
        limit_kg = self.upper_limit_ml / per_kg
        if self.band.startswith(FIXED_BAND) and self.weight_kg == limit_kg:  # the band's edge (review s8 F2)
            return (
                f"{per_kg:g} mL/kg of body weight at {limit_kg:g} kg, where the checklist's fixed doses start"
            )
        if self.band.startswith(FIXED_BAND) and self.weight_kg > limit_kg:
            return (
                f"{per_kg:g} mL/kg at {limit_kg:g} kg, where the checklist's fixed doses start; no source "
                "read gives 12 mL/kg of a heavier total body weight, so the course shows the "
                f"{limit_kg:g}-kg value: course rule"
            )
        if self.lean_weight_kg is not None:  # review s13 F1: the lean weight is sourced for the bolus only
            return f"{per_kg:g} mL/kg of body weight, not of the lean weight"
        return f"{per_kg:g} mL/kg of body weight"

    def lean_note(self) -> str:
        """Why a lean body weight entered in the fixed band changes nothing ('' otherwise)."""
        if self.lean_weight_kg is None or not self.band.startswith(FIXED_BAND):
            return ""
        limit_kg = self.upper_limit_ml / self.upper_limit_ml_per_kg
        return (
            f"the lean weight ({self.lean_weight_kg:g} kg) is not used: the checklist's bands are by body "
            f"weight, and from {limit_kg:g} kg its bolus and infusion are fixed volumes"
        )


def _check_lean(lean_weight_kg: float | None, weight_kg: float) -> float | None:
    if lean_weight_kg is None:
        return None
    if (
        isinstance(lean_weight_kg, bool)
        or not isinstance(lean_weight_kg, int | float)
        or not 0 < lean_weight_kg <= weight_kg
    ):
        raise ValueError(
            "lean_weight_kg must be a number of kg above 0 and not above the body weight "
            f"({weight_kg:g} kg); got {lean_weight_kg!r}"
        )
    return float(lean_weight_kg)


def lowest_lean_weight_kg(weight_kg: float) -> float:
    """The lowest lean body weight (kg) the course accepts for the per-kg bolus at body weight ``weight_kg``
    (kg): a fraction of the body weight (``data/last_lipid_dosing.csv``, row ``lean_weight_floor``: a
    lean-weight equation at a BMI of 40; course rule). A lower lean weight would under-dose the bolus."""
    return float(lipid_table().loc["lean_weight_floor", "value_low"]) * weight_kg


def lean_floor_source_id() -> str:
    """The reference id(s) of the lowest lean weight accepted."""
    return str(lipid_table().loc["lean_weight_floor", "source_id"])


def _check_lean_floor(lean: float, weight_kg: float) -> None:
    """ValueError for a lean body weight (kg) below :func:`lowest_lean_weight_kg` of ``weight_kg`` (kg)."""
    floor = lowest_lean_weight_kg(weight_kg)
    if lean < floor:
        fraction = float(lipid_table().loc["lean_weight_floor", "value_low"])
        raise ValueError(
            f"a lean body weight of {lean:g} kg is below the lowest the course accepts at {weight_kg:g} kg "
            f"({floor:g} kg, {fraction:.0%} of body weight, what a lean-weight equation gives for a woman at "
            "the start of extreme obesity; course rule); a lower lean weight would under-dose the lipid "
            "bolus, the harmful direction: check it, or choose 'not known' (the bolus per kg of body weight)"
        )


def lipid_plan(weight_kg: float, lean_weight_kg: float | None = None) -> LipidPlan:
    """The checklist's 20% lipid emulsion doses for an adult of body weight ``weight_kg`` (kg) and, if known,
    lean body weight ``lean_weight_kg`` (kg, not above the body weight).

    The checklist's bands are by body weight: over 70 kg a fixed bolus and infusion volume; under 70 kg, a
    bolus and rate per kg; 70 kg itself is put in the fixed band (course rule: the ASRA newsletter works a
    70-kg patient out as about 100 mL, the AAGBI card's 70-kg example is 100 mL). The sources read differ on
    which kg: Medscape's summary of the 2020 checklist gives them per kg (of body weight; no lean
    reduction), an ASRA newsletter per kg of lean body mass for the bolus. Without ``lean_weight_kg`` the
    body weight is used, and the band says that this is the dose per kg of body weight and an upper bound of
    the lean-weight rule (lean body weight is never more than body weight); with it, the band gives both.
    No lean weight is ever assumed. Under 70 kg the lean weight, if given, sets the bolus only (the only dose
    a source read gives per kg of lean body mass); the infusion (mL/min) and the upper limit stay per kg of
    body weight (review s13 F1: a lower, lean-weight infusion or limit is not sourced and errs towards too
    little lipid). The upper limit (mL) is the recommended limit for the first 30 minutes, 12 mL/kg of body
    weight under 70 kg, shown at the 70-kg value from 70 kg (course rule: the figure shown never grows with
    weight; no source read gives 12 mL/kg of a heavier total body weight). It limits initial dosing; it is
    not a stop rule in an ongoing arrest. Under 70 kg a lean weight below :func:`lowest_lean_weight_kg` is
    refused (ValueError): it would under-dose the bolus.
    ``repeat_boluses`` is None where the sources give no number of repeats. The body weight is checked by
    the rule set's adult range (:func:`facet_course.safety.check_weight`).
    """
    weight = safety.check_weight(weight_kg)
    lean = _check_lean(lean_weight_kg, weight)
    table = lipid_table()
    limit, repeat, factor = table.loc["upper_limit"], table.loc["repeat_bolus"], table.loc["double_infusion"]
    band_limit_kg = float(table.loc["band_limit"]["value_low"])  # fixed doses above, per-kg doses at or under
    if weight >= band_limit_kg:  # 70 kg itself in the fixed band (the table's band_limit note)
        bolus, infusion = table.loc["bolus_over_70"], table.loc["infusion_over_70"]
        bolus_ml = float(bolus["value_low"])
        infusion_text = (
            f"{infusion['value_low']:g}-{infusion['value_high']:g} mL over "
            f"{infusion['over_min_low']:g}-{infusion['over_min_high']:g} min"
        )
        band = f"{bolus['weight_band']}, the checklist's band by body weight: fixed doses"
        limit_kg = band_limit_kg
    else:
        if lean is not None:
            _check_lean_floor(lean, weight)  # review s15 of 06, F4: no implausibly low lean weight
        bolus, infusion = table.loc["bolus_70_or_less"], table.loc["infusion_70_or_less"]
        bolus_ml = float(bolus["value_low"]) * (weight if lean is None else lean)
        limit_kg = weight  # infusion and limit per kg of body weight (review s13 F1: no lean extension)
        rate = float(infusion["value_low"]) * weight
        of_body = f" of body weight, not of the lean weight: {LEAN_BOLUS_ONLY}" if lean is not None else ""
        infusion_text = f"{rate:.1f} mL/min ({infusion['value_low']:g} mL/kg/min{of_body})"
        body_bolus_ml = float(bolus["value_low"]) * weight
        per = (
            f"per kg of lean body weight ({lean:g} kg), as an ASRA newsletter gives the checklist; per kg of "
            f"body weight, as Medscape's summary gives it, the bolus would be {body_bolus_ml:.0f} mL: the "
            "sources differ"
            if lean is not None
            else "per kg of body weight (Medscape's summary); the bolus is an upper bound if per kg of lean "
            "body weight (an ASRA newsletter): enter the lean body weight; the sources differ"
        )
        band = f"{bolus['weight_band']}, the checklist's band by body weight; {per}"
    ids = ";".join(
        dict.fromkeys(
            s for r in (bolus, infusion, limit, repeat, factor) for s in str(r["source_id"]).split(";")
        )
    )
    return LipidPlan(
        weight_kg=weight,
        band=band,
        bolus_ml=bolus_ml,
        bolus_over_min=(float(bolus["over_min_low"]), float(bolus["over_min_high"])),
        infusion_text=infusion_text,
        upper_limit_ml=float(limit["value_low"]) * limit_kg,
        upper_limit_ml_per_kg=float(limit["value_low"]),
        repeat_boluses=None
        if pd.isna(repeat["value_low"]) or pd.isna(repeat["value_high"])
        else (int(repeat["value_low"]), int(repeat["value_high"])),
        infusion_factor=float(factor["value_low"]),
        source_id=ids,
        lean_weight_kg=lean,
    )


def stock_anticipated_ml() -> float:
    """The volume of 20% lipid emulsion (mL) an ASRA newsletter says a site can need while awaiting
    transfer (more than this): a stocking figure, not a dose (``data/last_lipid_dosing.csv``,
    ``stock_anticipated``)."""
    return float(lipid_table().loc["stock_anticipated", "value_low"])


def stock_source_id() -> str:
    """The reference id(s) of the stocking figure."""
    return str(lipid_table().loc["stock_anticipated", "source_id"])


@dataclass(frozen=True)
class CaseDose:
    """The case-report dose of a route beside the rule set's governing maximum (context, not a predictor)."""

    drug: str
    dose_mg: float
    percent: float
    volume_ml: float
    governing: safety.GoverningMax
    source_id: str

    @property
    def percent_of_max(self) -> float:
        return 100 * self.dose_mg / self.governing.limit_mg

    def text(self) -> str:
        """The dose in mg as the case reports it (its concentration and volume are not reported, so no volume
        is given) and its share of the governing maximum."""
        return (
            f"{self.drug} {self.dose_mg:g} mg (concentration and volume not reported): "
            f"{self.percent_of_max:.1f}% of the rule set's governing maximum for "
            f"{self.governing.weight_kg:g} kg "
            f"({self.governing.text()})"
        )


def case_dose(name: str, weight_kg: float = 70.0, percent: float = 0.5) -> CaseDose | None:
    """A case-report dose read for a route (mg; one report's dose, not the lowest ever reported) as a share
    of the governing maximum from :mod:`facet_course.safety` for ``weight_kg``; None if no dose was read.
    ``volume_ml`` is only the course's arithmetic at ``percent`` strength: the case reports no
    concentration, so it is never shown as the case's."""
    row = scenario(name)
    if pd.isna(row["case_dose_mg"]):
        return None
    drug = str(row["case_drug"])
    strength = safety.check_percent(drug, percent)
    governing = safety.governing_max(drug, weight_kg)
    dose = float(row["case_dose_mg"])
    return CaseDose(
        drug=drug,
        dose_mg=dose,
        percent=strength,
        volume_ml=dose / ph.percent_to_mg_per_ml(strength),
        governing=governing,
        source_id=str(row["source_id"]),
    )


def treatment_steps() -> list[tuple[int, str, str]]:
    """The checklist's steps as (step, action, detail)."""
    return [(int(r["step"]), str(r["action"]), str(r["detail"])) for _, r in treatment_table().iterrows()]
