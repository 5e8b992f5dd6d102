"""Local anaesthetic maxima: one governing maximum per drug for an adult weight, the other sources' figures,
the largest volume of a strength, and the systemic verdict for drugs given together (additive).

Rule 1 and 2 of the rule set (see :mod:`facet_course.safety`). Weight in kg, doses in mg, strength in percent
w/v (1% = 10 mg/mL), volumes in mL. Read from ``data/local_anaesthetics_max_doses.csv``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from ..core import data
from . import pharmacology as ph
from .safety_rules import Reason, _number, _present, caution_fraction, check_weight, rule_text


@dataclass(frozen=True)
class DoseLimit:
    """One maximum single dose for this patient (mg) and what it is."""

    limit_mg: float
    basis: str
    source_id: str


@dataclass(frozen=True)
class GoverningMax:
    """A local anaesthetic's one governing maximum for a patient: min(weight x mg/kg, ceiling), in mg."""

    drug: str
    adrenaline: bool
    weight_kg: float
    mg_per_kg: float | None
    ceiling_mg: float | None
    limit_mg: float
    source_id: str

    def text(self) -> str:
        """'2 mg/kg x 50 kg = 100 mg (ceiling 175 mg)'."""
        parts = []
        if self.mg_per_kg is not None:
            parts.append(
                f"{self.mg_per_kg:g} mg/kg x {self.weight_kg:g} kg = {self.mg_per_kg * self.weight_kg:.4g} mg"
            )
        if self.ceiling_mg is not None:
            parts.append(f"ceiling {self.ceiling_mg:g} mg")
        return (
            f"{self.limit_mg:.4g} mg (lower of " + " and ".join(parts) + ")" if len(parts) > 1 else parts[0]
        )


@dataclass(frozen=True)
class DrugDose:
    """The total of one local anaesthetic (plain or with adrenaline) in a procedure, against its limits."""

    drug: str
    adrenaline: bool
    total_mg: float
    governing: GoverningMax
    strictest: DoseLimit
    other: tuple[DoseLimit, ...]

    @property
    def label(self) -> str:
        return f"{self.drug} with adrenaline" if self.adrenaline else self.drug

    @property
    def fraction_of_governing(self) -> float:
        return self.total_mg / self.governing.limit_mg

    @property
    def fraction_of_strictest(self) -> float:
        return self.total_mg / self.strictest.limit_mg


@functools.cache
def _anaesthetics() -> tuple[str, ...]:
    return tuple(ph.local_anaesthetics())


@functools.cache
def _anaesthetic_info(drug: str) -> dict[str, object]:
    info = ph.local_anaesthetic_info(drug)
    return {
        "highest": float(info["highest_strength_percent"]),
        "adrenaline_marketed": bool(info["adrenaline_marketed"]),
        "strengths": tuple(ph.marketed_strengths_percent(drug)),
    }


def maximum_dose_table() -> pd.DataFrame:
    """``data/local_anaesthetics_max_doses.csv``: every source's maximum single dose (mg/kg, mg ceiling), and
    which figures govern (column ``governs``)."""
    return data.load_table("local_anaesthetics_max_doses")


@functools.cache
def _max_dose_records(drug: str, adrenaline: bool) -> tuple[dict[str, object], ...]:
    frame = maximum_dose_table()
    rows = frame[(frame["drug"] == drug) & (frame["adrenaline"] == adrenaline)]
    return tuple(rows.to_dict("records"))


def _check_anaesthetic(drug: object) -> str:
    if not isinstance(drug, str) or drug not in _anaesthetics():
        return ph.check_local_anaesthetic(drug)  # raises with the list of known drugs
    return drug


def _max_rows(drug: str, adrenaline: bool) -> tuple[dict[str, object], ...]:
    _check_anaesthetic(drug)
    if not isinstance(adrenaline, bool):
        raise ValueError(f"adrenaline must be True or False; got {adrenaline!r}")
    rows = _max_dose_records(drug, adrenaline)
    if not rows:
        marketed = bool(_anaesthetic_info(drug)["adrenaline_marketed"])
        why = "" if marketed else f": {drug} is not marketed with adrenaline"
        raise ValueError(
            f"no maximum dose for {drug} {'with' if adrenaline else 'without'} adrenaline{why} "
            "(data/local_anaesthetics_max_doses.csv)"
        )
    return rows


def governing_max(drug: str, weight_kg: float, adrenaline: bool = False) -> GoverningMax:
    """The one governing maximum single dose (mg) of a local anaesthetic for this adult weight (kg).

    The lower of weight x the governing mg/kg and the governing ceiling (label figures; the reference
    textbook's mg/kg where the label gives none).
    """
    weight = check_weight(weight_kg)
    rows = _max_rows(drug, adrenaline)
    per_kg = [r for r in rows if r["governs"] in ("both", "mg_per_kg")]
    ceiling = [r for r in rows if r["governs"] in ("both", "ceiling")]
    mg_per_kg = float(per_kg[0]["max_mg_per_kg"]) if per_kg else None  # type: ignore[arg-type]
    ceiling_mg = float(ceiling[0]["max_total_mg"]) if ceiling else None  # type: ignore[arg-type]
    candidates = [v for v in (None if mg_per_kg is None else mg_per_kg * weight, ceiling_mg) if v is not None]
    sources = list(dict.fromkeys(str(r["source_id"]) for r in [*per_kg, *ceiling]))
    return GoverningMax(drug, adrenaline, weight, mg_per_kg, ceiling_mg, min(candidates), ";".join(sources))


def dose_limits(drug: str, weight_kg: float, adrenaline: bool = False) -> list[DoseLimit]:
    """Every source's maximum for this weight (the smaller of its mg/kg x weight and its ceiling), in mg."""
    weight = check_weight(weight_kg)
    limits = []
    for row in _max_rows(drug, adrenaline):
        candidates = []
        if _present(row["max_mg_per_kg"]):
            candidates.append(float(row["max_mg_per_kg"]) * weight)  # type: ignore[arg-type]
        if _present(row["max_total_mg"]):
            candidates.append(float(row["max_total_mg"]))  # type: ignore[arg-type]
        limits.append(DoseLimit(min(candidates), str(row["basis"]), str(row["source_id"])))
    return limits


def dose_range(drug: str, weight_kg: float, adrenaline: bool = False) -> tuple[DoseLimit, GoverningMax]:
    """(strictest figure of any source, governing maximum) for this weight: the range a resident is shown."""
    governing = governing_max(drug, weight_kg, adrenaline)
    limits = dose_limits(drug, weight_kg, adrenaline)
    strictest = min(limits, key=lambda lim: lim.limit_mg)
    if strictest.limit_mg >= governing.limit_mg:
        strictest = DoseLimit(governing.limit_mg, "governing maximum", governing.source_id)
    return strictest, governing


def max_volume_ml(drug: str, percent: float, weight_kg: float, adrenaline: bool = False) -> float:
    """Largest total volume (mL) of this strength within the governing maximum, for one drug given alone."""
    strength = check_percent(drug, percent)
    return governing_max(drug, weight_kg, adrenaline).limit_mg / ph.percent_to_mg_per_ml(strength)


def check_percent(drug: str, percent: object) -> float:
    """Return the strength (percent w/v) if a product of this drug has it at most, else raise ValueError."""
    _check_anaesthetic(drug)
    value = _number(percent, f"percent of {drug}", "percent w/v")
    info = _anaesthetic_info(drug)
    highest = float(info["highest"])  # type: ignore[arg-type]
    if not 0 < value <= highest:
        strengths = ", ".join(f"{s:g}%" for s in info["strengths"])  # type: ignore[attr-defined]
        raise ValueError(
            f"percent={value:g} is not possible for {drug}: it must be above 0 and at most {highest:g}%, "
            f"the strongest marketed solution (label strengths {strengths})"
        )
    return value


def percent_of_max(fraction: float) -> str:
    """A fraction of the governing maximum as a percent (no sign), in whole numbers unless rounding would
    put the printed number on the other side of (or onto) the caution margin or 100% than the fraction
    itself: then with as many decimals as it takes (74.5% is never printed as 75% beside 'fine')."""
    margin, _, _ = caution_fraction()
    value = 100 * fraction
    for places in range(4):
        text = f"{value:.{places}f}"
        shown = float(text)
        if all(
            (shown > 100 * t + 1e-9) == (fraction > t + 1e-9)
            and (abs(shown - 100 * t) > 1e-9 or abs(fraction - t) <= 1e-9)
            for t in (margin, 1.0)
        ):
            return text
    return f"{value:.4f}"


def _systemic_reasons(doses: list[DrugDose]) -> list[Reason]:
    if not doses:
        return []
    margin, margin_reason, margin_sources = caution_fraction()
    total = sum(d.fraction_of_governing for d in doses)
    total_strict = sum(d.fraction_of_strictest for d in doses)
    shares = "; ".join(
        f"{d.label} {d.total_mg:.4g} mg = {percent_of_max(d.fraction_of_governing)}% of {d.governing.text()}"
        for d in doses
    )
    together = (
        f"together {percent_of_max(total)}% of the governing maxima, counted as additive "
        "(the conservative convention)"
        if len(doses) > 1
        else ""
    )
    gov_sources = ";".join(dict.fromkeys(d.governing.source_id for d in doses))
    other_sources = ";".join(dict.fromkeys(d.strictest.source_id for d in doses))
    lead = shares + ("; " + together if together else "")
    if total > 1 + 1e-9:
        return [
            Reason(
                "unsafe",
                "systemic",
                f"{lead}: above the governing maximum, risk of local anaesthetic systemic toxicity",
                gov_sources,
            )
        ]
    if total >= margin - 1e-9:  # caution from the margin itself, as the lessons say (review s16 of 04, F1)
        return [
            Reason(
                "caution",
                "systemic",
                f"{lead}: at or above {100 * margin:.0f}% of the governing maximum ({margin_reason})",
                ";".join(dict.fromkeys([*gov_sources.split(";"), *margin_sources.split(";")])),
            )
        ]
    if total_strict > 1 + 1e-9:
        ranges = "; ".join(
            f"{d.label}: {d.strictest.limit_mg:.4g}-{d.governing.limit_mg:.4g} mg" for d in doses
        )
        return [
            Reason(
                "caution",
                "systemic",
                f"{lead}: within the governing maximum but above another source's lower figure "
                f"({ranges}); {rule_text('maxima_disagree')[0]}",
                ";".join(
                    dict.fromkeys([*other_sources.split(";"), *rule_text("maxima_disagree")[1].split(";")])
                ),
            )
        ]
    return [Reason("fine", "systemic", f"{lead}: within every listed maximum", gov_sources)]
