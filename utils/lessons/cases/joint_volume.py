"""The two volume thresholds at a facet joint, as the rule set applies them (review s16 of 08, F1): the
guideline's limit per joint and, stricter, the capsule check's caution from the usual capsule capacity, with
where the capsule check turns unsafe. Every number is asked of the rule set and its data, never typed."""

from __future__ import annotations

from dataclasses import dataclass

from ...models import anatomy
from ...safety import check_volumes, gross_joint_volume_factor, injectate_limit, unsafe_from_ml

#: Where the search for the caution edge stops (mL): far above any facet capsule (not a clinical number).
_SEARCH_TOP_ML = 10.0


def caution_from_ml(region: str) -> tuple[float, bool]:
    """Where :func:`check_volumes` starts to say caution for an intra-articular injectate without contrast:
    (volume in mL, to 0.01 mL; True if that volume itself is caution, False if only more than it is)."""

    def cautious(volume_ml: float) -> bool:
        return any(r.level != "fine" for r in check_volumes(region, "intra_articular", volume_ml))

    low, high = 0.0, _SEARCH_TOP_ML  # the verdict only gets worse with volume (tested in the rule set)
    while high - low > 0.001:
        middle = (low + high) / 2
        low, high = (low, middle) if cautious(middle) else (middle, high)
    edge = round(high, 2)
    return edge, cautious(edge)


@dataclass(frozen=True)
class JointVolume:
    """A region's thresholds at one joint (mL, the total including contrast): the guideline's limit as the
    rule set writes it, where caution starts and where unsafe starts (each 'from' or 'above'), the reported
    capsule capacity (usual low, largest high), the unsafe multiple and the sources."""

    region: str
    limit_ml: float
    limit_text: str
    caution_ml: float
    caution_from: bool
    usual_ml: float
    largest_ml: float
    unsafe_ml: float
    unsafe_from: bool
    factor: float
    source_id: str

    def caution_text(self) -> str:
        return f"{'from' if self.caution_from else 'above'} {self.caution_ml:g} mL"

    def unsafe_text(self) -> str:
        return f"{'from' if self.unsafe_from else 'above'} {self.unsafe_ml:g} mL"


def joint_volume(region: str) -> JointVolume | None:
    """The region's joint thresholds, or None where the capsule check does not read caution below the
    guideline's limit (then the limit is the one threshold a resident needs)."""
    limit = injectate_limit(region, "intra_articular")
    low, high, capsule_ids = anatomy.capsule_capacity_ml(region)
    if limit is None or low is None:
        return None
    edge, inclusive = caution_from_ml(region)
    if edge >= limit.high_ml:
        return None
    unsafe_ml, unsafe_inclusive = unsafe_from_ml(region, "intra_articular")
    factor, _why, factor_ids = gross_joint_volume_factor()
    return JointVolume(
        region,
        limit.high_ml,
        limit.text(),
        edge,
        inclusive,
        low,
        high,
        unsafe_ml,
        unsafe_inclusive,
        factor,
        ";".join(
            dict.fromkeys([*limit.source_id.split(";"), *capsule_ids.split(";"), *factor_ids.split(";")])
        ),
    )


def joint_volume_text(jv: JointVolume, counts: str) -> str:
    """What the rule set does at a joint, in one paragraph: the guideline's limit, the stricter caution from
    the usual capsule capacity (the course's choice), and where unsafe starts."""
    return (
        f"The {jv.region} guideline allows {jv.limit_text} per joint{counts}: more may burst the capsule and "
        "leak toward the foramen or the "
        "epidural space, so the block no longer tests one joint. The course's rule set is stricter: it reads "
        f"caution {jv.caution_text()} in all at the joint, contrast included, because a {jv.region} joint "
        f"usually holds about {jv.usual_ml:g} mL (reported {jv.usual_ml:g}-{jv.largest_ml:g} mL, the larger "
        "figure for the largest joints). So the guideline's "
        f"{jv.limit_text} is the outer limit, and caution from the usual capacity is the course's stricter "
        "choice (no other source makes a volume safer). It reads unsafe "
        f"{jv.unsafe_text()}, {jv.factor:g} times the largest reported capacity (the course's teaching "
        "threshold)."
    )
