"""Dose and volume checker for the local anaesthetic of a facet procedure (pure: numbers in, verdict out).

Given the patient's weight, the drug, its strength, the volume per site, the number of sites and the target,
:func:`check_injection` works out the total dose in mg, compares it with every published maximum for that
drug (``data/local_anaesthetics_max_doses.csv``) and the volume per site with the limits for the target
(``data/injectate_volume_limits.csv``), and returns a verdict with every reason and its source:

* ``fine`` - within the strictest published maximum and within the volume limits;
* ``caution`` - above the strictest maximum but within the most permissive one (the sources disagree), or
  above a volume at which injectate loses specificity;
* ``unsafe`` - above every published maximum, or above the volume a joint holds.

Impossible input (an unknown drug or target, a weight outside the adult range the tables are for, a zero or
unmarketed strength, no sites) raises ValueError with a message that names the allowed values. A clinically
unsafe injection is *not* an error: it is a verdict ``unsafe`` with its reasons, so a resident sees why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import data
from . import pharmacology as ph

VERDICTS: tuple[str, ...] = ("fine", "caution", "unsafe")

#: Input domain of this teaching checker, not clinical limits: the dosing tables are for adults.
ADULT_WEIGHT_KG: tuple[float, float] = (30.0, 250.0)
#: Input domain: more than this per site is not a facet procedure (refused as impossible input).
MAX_VOLUME_PER_SITE_ML: float = 20.0
#: Input domain: number of joints or nerves injected in one session.
MAX_SITES: int = 16


@dataclass(frozen=True)
class Reason:
    """One finding of the checker: its level (fine/caution/unsafe), a sentence, and the source id(s)."""

    level: str
    text: str
    source_id: str

    def citation(self) -> str:
        return data.cite(self.source_id).removeprefix("Source: ")


@dataclass(frozen=True)
class DoseLimit:
    """One source's maximum for this patient: the smaller of weight x mg/kg and the total ceiling."""

    limit_mg: float
    basis: str
    source_id: str


@dataclass(frozen=True)
class InjectionCheck:
    """Everything the checker worked out, with the verdict and every reason."""

    drug: str
    adrenaline: bool
    weight_kg: float
    concentration_percent: float
    volume_ml_per_site: float
    n_sites: int
    target: str
    total_mg: float
    total_volume_ml: float
    strictest_limit: DoseLimit
    most_permissive_limit: DoseLimit
    volume_caution_ml: float | None
    volume_unsafe_ml: float | None
    verdict: str
    reasons: tuple[Reason, ...]

    @property
    def fraction_of_strictest_max(self) -> float:
        """Total dose as a fraction of the strictest published maximum for this patient."""
        return self.total_mg / self.strictest_limit.limit_mg

    @property
    def fraction_of_most_permissive_max(self) -> float:
        """Total dose as a fraction of the most permissive published maximum for this patient."""
        return self.total_mg / self.most_permissive_limit.limit_mg

    def summary(self) -> str:
        """Plain-text summary: the numbers, the verdict, and each reason with its source."""
        adr = "with adrenaline" if self.adrenaline else "plain"
        lines = [
            f"{self.n_sites} x {self.volume_ml_per_site:g} mL of {self.concentration_percent:g}% {self.drug} "
            f"({adr}), {target_label(self.target)}, patient {self.weight_kg:g} kg",
            f"total dose {self.total_mg:.4g} mg in {self.total_volume_ml:.4g} mL; "
            f"{100 * self.fraction_of_strictest_max:.0f}% of the strictest maximum "
            f"({self.strictest_limit.limit_mg:.4g} mg), "
            f"{100 * self.fraction_of_most_permissive_max:.0f}% of the most permissive "
            f"({self.most_permissive_limit.limit_mg:.4g} mg)",
            f"verdict: {self.verdict.upper()}",
        ]
        lines += [f"  [{r.level}] {r.text} ({r.citation()})" for r in self.reasons]
        return "\n".join(lines)


# -- inputs ---------------------------------------------------------------------------------------------


def target_label(target: str) -> str:
    """Clinicians' words for a target id: 'lumbar_intra_articular' -> 'lumbar intra-articular'."""
    return target.replace("intra_articular", "intra-articular").replace("_", " ")


def targets() -> list[str]:
    """Injection targets with volume limits, e.g. 'lumbar_intra_articular', 'cervical_medial_branch'."""
    return list(dict.fromkeys(data.load_table("injectate_volume_limits")["target"]))


def _finite_number(value: object, name: str, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number in {unit}; got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number in {unit}; got {value!r}")
    return number


def _check_weight(weight_kg: object) -> float:
    weight = _finite_number(weight_kg, "weight_kg", "kg")
    low, high = ADULT_WEIGHT_KG
    if not low <= weight <= high:
        raise ValueError(
            f"weight_kg={weight:g} is outside {low:g}-{high:g} kg: the maximum-dose tables used here are for "
            "adults (children need paediatric dosing references)"
        )
    return weight


def _check_concentration(drug: str, concentration_percent: object) -> float:
    percent = _finite_number(concentration_percent, "concentration_percent", "percent w/v")
    highest = float(ph.local_anaesthetic_info(drug)["highest_strength_percent"])
    if not 0 < percent <= highest:
        strengths = ", ".join(f"{s:g}%" for s in ph.marketed_strengths_percent(drug))
        raise ValueError(
            f"concentration_percent={percent:g} is not possible for {drug}: it must be above 0 and at most "
            f"{highest:g}%, the strongest marketed solution (label strengths {strengths}; "
            f"{data.cite(ph.local_anaesthetic_info(drug)['source_id'])})"
        )
    return percent


def _check_volume(volume_ml: object) -> float:
    volume = _finite_number(volume_ml, "volume_ml", "mL per site")
    if not 0 < volume <= MAX_VOLUME_PER_SITE_ML:
        raise ValueError(
            f"volume_ml={volume:g} per site is not a facet procedure volume: it must be above 0 and at most "
            f"{MAX_VOLUME_PER_SITE_ML:g} mL per site"
        )
    return volume


def _check_sites(n_sites: object) -> int:
    if isinstance(n_sites, bool) or not isinstance(n_sites, int):
        raise ValueError(f"n_sites must be a whole number of joints or nerves; got {n_sites!r}")
    if not 1 <= n_sites <= MAX_SITES:
        raise ValueError(
            f"n_sites={n_sites} must be between 1 and {MAX_SITES} joints or nerves in one session"
        )
    return n_sites


def _check_target(target: object) -> str:
    known = targets()
    if target not in known:
        raise ValueError(
            f"unknown target {target!r}; known: {', '.join(known)} (data/injectate_volume_limits.csv)"
        )
    return str(target)


# -- limits ---------------------------------------------------------------------------------------------


def dose_limits(drug: str, weight_kg: float, adrenaline: bool = False) -> list[DoseLimit]:
    """Every published maximum single dose (mg) for this drug and weight, one per source row.

    A row with both a mg/kg maximum and a ceiling gives the smaller of the two. Raises ValueError if no
    source gives a maximum for the combination (e.g. ropivacaine with adrenaline, which is not marketed).
    """
    ph.check_local_anaesthetic(drug)
    weight = _check_weight(weight_kg)
    frame = data.load_table("local_anaesthetics_max_doses")
    rows = frame[(frame["drug"] == drug) & (frame["adrenaline"] == bool(adrenaline))]
    if rows.empty:
        marketed = bool(ph.local_anaesthetic_info(drug)["adrenaline_marketed"])
        why = "" if marketed else f" ({drug} is not marketed with adrenaline)"
        raise ValueError(
            f"no published maximum for {drug} {'with' if adrenaline else 'without'} adrenaline{why}; "
            "see data/local_anaesthetics_max_doses.csv"
        )
    limits = []
    for _, row in rows.iterrows():
        candidates = []
        if pd.notna(row["max_mg_per_kg"]):
            candidates.append(float(row["max_mg_per_kg"]) * weight)
        if pd.notna(row["max_total_mg"]):
            candidates.append(float(row["max_total_mg"]))
        limits.append(DoseLimit(min(candidates), str(row["basis"]), str(row["source_id"])))
    return limits


def volume_limits(target: str) -> tuple[tuple[float, str, str] | None, tuple[float, str, str] | None]:
    """(caution, unsafe) volume limits per site for a target, each (mL, reason, source_id) or None."""
    frame = data.load_table("injectate_volume_limits")
    rows = frame[frame["target"] == _check_target(target)]
    result: list[tuple[float, str, str] | None] = []
    for kind in ("caution", "unsafe"):
        sub = rows[rows["limit_kind"] == kind]
        if sub.empty:
            result.append(None)
        else:
            row = sub.loc[sub["volume_ml"].idxmin()]
            result.append((float(row["volume_ml"]), str(row["reason"]), str(row["source_id"])))
    return result[0], result[1]


# -- the checker ----------------------------------------------------------------------------------------


def check_injection(
    weight_kg: float,
    drug: str,
    concentration_percent: float,
    volume_ml: float,
    n_sites: int,
    target: str,
    adrenaline: bool = False,
) -> InjectionCheck:
    """Check a local anaesthetic injection: total mg against published maxima, mL per site against limits.

    ``weight_kg`` in kg (adult), ``concentration_percent`` in percent w/v (1% = 10 mg/mL), ``volume_ml`` in mL
    *per site*, ``n_sites`` the number of joints (intra-articular) or nerves (medial branch blocks).
    Returns the totals, both limits and a verdict fine/caution/unsafe with every reason and its source.
    Raises ValueError (with the allowed range) for impossible input, never for a merely unsafe one.
    """
    ph.check_local_anaesthetic(drug)
    weight = _check_weight(weight_kg)
    percent = _check_concentration(drug, concentration_percent)
    volume = _check_volume(volume_ml)
    sites = _check_sites(n_sites)
    target = _check_target(target)
    if not isinstance(adrenaline, bool):
        raise ValueError(f"adrenaline must be True or False; got {adrenaline!r}")
    limits = dose_limits(drug, weight, adrenaline)

    total_volume = volume * sites
    total_mg = ph.percent_to_mg_per_ml(percent) * total_volume
    strictest = min(limits, key=lambda lim: lim.limit_mg)
    permissive = max(limits, key=lambda lim: lim.limit_mg)
    reasons: list[Reason] = []

    if total_mg <= strictest.limit_mg:
        reasons.append(
            Reason(
                "fine",
                f"total {total_mg:.4g} mg is within every published maximum for {weight:g} kg "
                f"(strictest {strictest.limit_mg:.4g} mg: {strictest.basis})",
                strictest.source_id,
            )
        )
    elif total_mg <= permissive.limit_mg:
        reasons.append(
            Reason(
                "caution",
                f"total {total_mg:.4g} mg exceeds the strictest published maximum, "
                f"{strictest.limit_mg:.4g} mg ({strictest.basis}), though not the most permissive, "
                f"{permissive.limit_mg:.4g} mg "
                f"({permissive.basis}): the sources disagree, and none is based on trials",
                ";".join(dict.fromkeys([strictest.source_id, permissive.source_id, "rosenberg2004"])),
            )
        )
    else:
        reasons.append(
            Reason(
                "unsafe",
                f"total {total_mg:.4g} mg exceeds every published maximum for {weight:g} kg, even the most "
                f"permissive {permissive.limit_mg:.4g} mg ({permissive.basis}): risk of systemic toxicity",
                permissive.source_id,
            )
        )

    caution, unsafe = volume_limits(target)
    place = "nerve" if "medial_branch" in target else "joint"
    if unsafe is not None and volume > unsafe[0]:
        reasons.append(
            Reason("unsafe", f"{volume:g} mL per {place} exceeds {unsafe[0]:g} mL: {unsafe[1]}", unsafe[2])
        )
    elif caution is not None and volume > caution[0]:
        reasons.append(
            Reason(
                "caution", f"{volume:g} mL per {place} is above {caution[0]:g} mL: {caution[1]}", caution[2]
            )
        )
    else:
        limit = unsafe if unsafe is not None else caution
        assert limit is not None  # every target has at least one limit row (schema of the table)
        reasons.append(
            Reason(
                "fine",
                f"{volume:g} mL per {place} is within the {limit[0]:g} mL limit for this target",
                limit[2],
            )
        )

    verdict = max((r.level for r in reasons), key=VERDICTS.index)
    return InjectionCheck(
        drug=drug,
        adrenaline=adrenaline,
        weight_kg=weight,
        concentration_percent=percent,
        volume_ml_per_site=volume,
        n_sites=sites,
        target=target,
        total_mg=total_mg,
        total_volume_ml=total_volume,
        strictest_limit=strictest,
        most_permissive_limit=permissive,
        volume_caution_ml=None if caution is None else caution[0],
        volume_unsafe_ml=None if unsafe is None else unsafe[0],
        verdict=verdict,
        reasons=tuple(reasons),
    )


def max_volume_ml(
    drug: str, concentration_percent: float, weight_kg: float, adrenaline: bool = False
) -> float:
    """Largest total volume (mL) of this solution within the strictest published maximum for the weight."""
    ph.check_local_anaesthetic(drug)
    percent = _check_concentration(drug, concentration_percent)
    strictest = min(lim.limit_mg for lim in dose_limits(drug, weight_kg, adrenaline))
    return strictest / ph.percent_to_mg_per_ml(percent)
