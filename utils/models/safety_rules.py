"""The rule set's vocabulary and its sourced statements: verdict levels, regions, targets, purposes, the
input domain, one :class:`Reason`, input checks, and the statements of ``data/safety_rules.csv`` (the caution
margin, the scope of every verdict, why a steroid or sedation has no place in a diagnostic block).

Units: weight in kg, volumes in mL.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..core import citations, data

VERDICTS: tuple[str, ...] = ("fine", "caution", "unsafe")
CATEGORIES: tuple[str, ...] = ("systemic", "volume", "steroid", "diagnostic")
REGIONS: tuple[str, ...] = ("cervical", "thoracic", "lumbar")
TARGETS: tuple[str, ...] = ("medial_branch", "intra_articular")
PURPOSES: tuple[str, ...] = ("diagnostic", "therapeutic")

#: Input domain, not clinical limits: the maximum-dose tables are for adults.
ADULT_WEIGHT_KG: tuple[float, float] = (30.0, 250.0)
#: Input domain: joints or nerves injected in one session.
MAX_SITES: int = 16
#: Input domain: more than this of one solution at one site, or for the skin, is not a facet procedure.
MAX_ITEM_ML: float = 20.0
#: Input domain: contrast per site.
MAX_CONTRAST_ML: float = 5.0


@dataclass(frozen=True)
class Reason:
    """One finding: level (fine/caution/unsafe), category (systemic/volume/steroid/diagnostic), text."""

    level: str
    category: str
    text: str
    source_id: str

    def citation(self) -> str:
        """The sources as 'A et al., J 2001; B, J 2004'."""
        return citations.short(self.source_id)


# -- small helpers ----------------------------------------------------------------------------------------


def _worst(levels: object) -> str:
    return max(levels, key=VERDICTS.index, default="fine")  # type: ignore[arg-type]


def target_label(target: str) -> str:
    """Clinicians' words: 'medial_branch' -> 'medial branch', 'intra_articular' -> 'intra-articular'."""
    return target.replace("intra_articular", "intra-articular").replace("_", " ")


def mg_text(mg: float) -> str:
    """A dose in mg as a clinician writes it: '2.5', '40', '1,280' (never scientific notation)."""
    return f"{mg:.3g}" if mg < 100 else f"{mg:,.0f}"


def _site_word(target: str) -> str:
    return "nerve" if target == "medial_branch" else "joint"


def _number(value: object, name: str, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number in {unit}; got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number in {unit}; got {value!r}")
    return number


def _choice(value: object, name: str, allowed: Sequence[str], why: str = "") -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}{why}; got {value!r}")
    return value


def check_weight(weight_kg: object) -> float:
    """Return the weight (kg) if it is an adult weight the tables cover, else raise ValueError."""
    weight = _number(weight_kg, "weight_kg", "kg")
    low, high = ADULT_WEIGHT_KG
    if not low <= weight <= high:
        why = (
            "children need paediatric dosing references"
            if weight < low
            else "above it, ask a specialist which weight to dose by; no source the course read says"
        )
        raise ValueError(
            f"weight_kg={weight:g} is outside {low:g}-{high:g} kg: the maximum-dose tables used here are for "
            f"adults of {low:g}-{high:g} kg ({why})"
        )
    return weight


def check_region_target(region: object, target: object) -> tuple[str, str]:
    """Return (region, target) if both name a facet procedure, else raise ValueError."""
    region = _choice(region, "region", REGIONS, " (facet joints of the spine; not e.g. the sacroiliac joint)")
    target = _choice(target, "target", TARGETS)
    return region, target


def rule_table() -> pd.DataFrame:
    """``data/safety_rules.csv``: the rule set's sourced statements and numbers, one row per rule."""
    return data.load_table("safety_rules")


@functools.cache
def _rules() -> dict[str, dict[str, object]]:
    return rule_table().set_index("rule").to_dict("index")


def rule_text(rule: str) -> tuple[str, str]:
    """(statement, source ids) of one of the rule set's sourced statements in ``data/safety_rules.csv``."""
    row = _rules()[rule]
    return str(row["reason"]), str(row["source_id"])


def caution_fraction() -> tuple[float, str, str]:
    """(fraction, reason, source ids): caution starts at this fraction of the governing maximum."""
    row = _rules()["caution_fraction_of_governing_max"]
    return float(row["value"]), str(row["reason"]), str(row["source_id"])  # type: ignore[arg-type]


def gross_volume_factor() -> tuple[float, str, str]:
    """(factor, reason, source ids): injectate per nerve above factor x its limit is unsafe (category
    volume); at a joint the capsule check has its own multiple (:func:`gross_joint_volume_factor`)."""
    row = _rules()["gross_volume_factor"]
    return float(row["value"]), str(row["reason"]), str(row["source_id"])  # type: ignore[arg-type]


def gross_joint_volume_factor() -> tuple[float, str, str]:
    """(factor, reason, source ids): the total at one joint (mL, contrast included) above factor x the largest
    reported capsule capacity is unsafe; between the capacity and that multiple it is caution. A teaching
    threshold (no source gives a volume that harms at a joint), labelled as such wherever it is applied."""
    row = _rules()["gross_joint_volume_factor"]
    return float(row["value"]), str(row["reason"]), str(row["source_id"])  # type: ignore[arg-type]


def steroid_gross_session_factor() -> tuple[float, str, str]:
    """(factor, reason, source ids): a steroid's session total above factor x its session ceiling (the label's
    total for several joints, or the one carried over by systemic equivalence) is unsafe; 1 makes the ceiling
    the governing maximum for a session."""
    row = _rules()["steroid_gross_session_factor"]
    return float(row["value"]), str(row["reason"]), str(row["source_id"])  # type: ignore[arg-type]


def steroid_carried_gross_factor() -> tuple[float, str, str]:
    """(factor, reason, source ids): a steroid whose session ceiling is carried over by systemic equivalence
    (no label of its own gives a total) reads caution above that ceiling and unsafe only above factor x it;
    a label's own total stays the governing maximum (:func:`steroid_gross_session_factor`)."""
    row = _rules()["steroid_carried_gross_factor"]
    return float(row["value"]), str(row["reason"]), str(row["source_id"])  # type: ignore[arg-type]


def scope() -> tuple[str, str]:
    """(what every verdict covers and does not, source ids)."""
    return rule_text("verdict_scope")


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))
