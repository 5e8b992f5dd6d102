"""Volumes per site as the guidelines define them: injectate (local anaesthetic plus steroid) per nerve or
joint against its limit (with the contrast too where the source's volume included it), contrast against its
own range, and at a joint the total against the capsule.

Rule 3 of the rule set (see :mod:`facet_course.safety`). Volumes in mL per site; read from
``data/injectate_volume_limits.csv`` and, for capsule capacity, through :mod:`facet_course.models.anatomy`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from ..core import data
from . import anatomy
from .safety_rules import (
    MAX_CONTRAST_ML,
    MAX_ITEM_ML,
    REGIONS,
    Reason,
    _number,
    _present,
    _site_word,
    check_region_target,
    gross_joint_volume_factor,
    gross_volume_factor,
    target_label,
)


@dataclass(frozen=True)
class VolumeLimit:
    """One volume limit per site as a source writes it: bound '<=', '<' or 'range' (low..high), in mL."""

    id: str
    region: str
    target: str
    counts: str
    basis: str
    bound: str
    low_ml: float | None
    high_ml: float
    consequence: str
    source_id: str
    studied_ml: float | None = None
    above_limit: str = "caution"

    @property
    def gross_base_ml(self) -> float:
        """The volume (mL) the course's 'unsafe' multiple is taken of: the limit, or where the source's own
        comparison used more at this site without harm (a trial's larger arm), that volume."""
        return max(self.high_ml, self.studied_ml or 0.0)

    @property
    def includes_contrast(self) -> bool:
        """True if the source's volume was anaesthetic mixed with contrast, so contrast counts toward it."""
        return self.counts == "injectate_and_contrast"

    def exceeded(self, volume_ml: float) -> bool:
        """True if ``volume_ml`` breaks the limit (for '<' the limit itself is already too much)."""
        if self.bound == "<":
            return volume_ml >= self.high_ml - 1e-9
        return volume_ml > self.high_ml + 1e-9

    def text(self) -> str:
        """'<= 0.5 mL', '< 1.5 mL' or '0.1-0.3 mL'."""
        if self.bound == "range":
            return f"{self.low_ml:g}-{self.high_ml:g} mL"
        return f"{'≤' if self.bound == '<=' else '<'} {self.high_ml:g} mL"


def volume_limit_table() -> pd.DataFrame:
    """``data/injectate_volume_limits.csv``: each sourced volume limit per site (mL), by region and target."""
    return data.load_table("injectate_volume_limits")


@functools.cache
def _volume_records() -> tuple[dict[str, object], ...]:
    return tuple(volume_limit_table().to_dict("records"))


def volume_limits(region: str, target: str) -> list[VolumeLimit]:
    """The sourced volume limits per site for a region and target (may be empty: no source gives one)."""
    region, target = check_region_target(region, target)
    rows = [r for r in _volume_records() if r["region"] == region and r["target"] == target]
    return [
        VolumeLimit(
            str(r["id"]),
            region,
            target,
            str(r["counts"]),
            str(r["basis"]),
            str(r["bound"]),
            float(r["volume_low_ml"]) if _present(r["volume_low_ml"]) else None,  # type: ignore[arg-type]
            float(r["volume_ml"]),  # type: ignore[arg-type]
            str(r["consequence"]),
            str(r["source_id"]),
            float(r["studied_ml"]) if _present(r["studied_ml"]) else None,  # type: ignore[arg-type]
            str(r["above_limit"]),
        )
        for r in rows
    ]


def injectate_limit(region: str, target: str) -> VolumeLimit | None:
    """The injectate (local anaesthetic + steroid) limit per site, or None where no source gives one;
    where the source's volume included contrast (``includes_contrast``), contrast counts toward it."""
    found = [
        lim for lim in volume_limits(region, target) if lim.counts in ("injectate", "injectate_and_contrast")
    ]
    return found[0] if found else None


def _contrast_limit(region: str, target: str) -> VolumeLimit | None:
    """The contrast range for this region and target, else the one another region's source gives."""
    own = [lim for lim in volume_limits(region, target) if lim.counts == "contrast"]
    if own:
        return own[0]
    other = [lim for r in REGIONS for lim in volume_limits(r, target) if lim.counts == "contrast"]
    return other[0] if other else None


def _contrast_reason(region: str, target: str, contrast_ml: float, site: str) -> Reason:
    """Contrast (mL per site) against its own range: counted apart from the injectate; above the range the
    row's ``above_limit`` verdict: caution at a nerve (it spreads as injectate does), information only at a
    joint, where the capsule total is the check (the range is the lumbar guideline's figure for trials)."""
    lim = _contrast_limit(region, target)
    if lim is None:
        raise ValueError(f"data/injectate_volume_limits.csv has no contrast range for any {target} row")
    borrowed = "" if lim.region == region else f" (the {lim.region} figure: no {region} source gives one)"
    over = lim.exceeded(contrast_ml)
    spreads = over and lim.above_limit != "fine"
    if (
        over and not spreads
    ):  # at a joint: the trials' figure informs, the capsule total decides (s15 of 01, F2)
        return Reason(
            "fine",
            "volume",
            f"{contrast_ml:.3g} mL of contrast per {site}, beside {lim.text()}{borrowed}: {lim.consequence}",
            lim.source_id,
        )
    return Reason(
        lim.above_limit if over else "fine",
        "volume",
        f"{contrast_ml:.3g} mL of contrast per {site}, counted on its own, is "
        f"{'above' if over else 'within'} {lim.text()}{borrowed}: {lim.consequence}"
        + ("; more contrast spreads as injectate does" if spreads else ""),
        lim.source_id,
    )


def site_injectate_limit(region: str, target: str) -> tuple[VolumeLimit, bool]:
    """(the injectate limit per site, borrowed?): the region's own sourced limit, or where no source gives one
    (thoracic), the strictest of the other regions' limits for the same target and, at a joint, the region's
    own capsule capacity (another source never makes a volume safer)."""
    own = injectate_limit(region, target)
    if own is not None:
        return own, False
    candidates = [lim for r in REGIONS if r != region if (lim := injectate_limit(r, target)) is not None]
    if target == "intra_articular":
        _, capacity, sources = anatomy.capsule_capacity_ml(region)
        candidates.append(
            VolumeLimit(
                f"{region}_capsule_capacity",
                region,
                target,
                "injectate_and_contrast",  # the capsule holds contrast as it holds anaesthetic (s16 F2)
                "the joint's capsule capacity",
                "<=",
                None,
                capacity,
                "more than the joint is reported to hold leaks beyond the joint, so the block no longer "
                "tests one joint (a limit for the block's specificity; the capsule check below says where "
                "unsafe starts)",
                sources,
                above_limit="caution",
            )
        )
    if not candidates:
        raise ValueError(f"data/injectate_volume_limits.csv has no injectate limit for any {target} row")
    return min(candidates, key=lambda lim: lim.high_ml), True


def _injectate_reasons(
    region: str, target: str, injectate: float, contrast: float, site: str
) -> list[Reason]:
    """Injectate per site (mL) against its limit (above it: the limit's ``above_limit`` verdict, caution: a
    limit for the block's specificity) and, at a nerve, against the course's gross-volume multiple of it
    (unsafe above that; at a joint the capsule check says where unsafe starts). Where the limit's source
    gave anaesthetic mixed with contrast, the contrast (mL) counts toward it."""
    what = f"{region} {target_label(target)}"
    lim, borrowed = site_injectate_limit(region, target)
    volume = injectate + contrast if lim.includes_contrast else injectate
    counted = (
        f"{injectate:.3g} mL of injectate per {site} plus {contrast:.3g} mL of contrast, {volume:.3g} mL in "
        + (
            "all (at a joint the contrast counts: the capsule holds it as it holds anaesthetic),"
            if target == "intra_articular"
            else "all (this limit counts the contrast: its source's volume was anaesthetic mixed with "
            "contrast),"
        )
        if lim.includes_contrast and contrast > 0
        else f"{injectate:.3g} mL of injectate per {site}"
    )
    if not borrowed:
        name = f"the {what} limit ({lim.basis}) of {lim.text()}"
    elif lim.region == region:
        name = f"{lim.basis}, {lim.text()}, taken as the limit (no source gives a {what} volume)"
    else:
        name = (
            f"the strictest figure for another region, {lim.region} {lim.text()} ({lim.basis}); no source "
            f"gives a {what} volume, so this is an extrapolation, not evidence that more is wrong"
        )
    factor, why, why_sources = gross_volume_factor()
    base = (
        name
        if lim.gross_base_ml == lim.high_ml
        else f"{lim.gross_base_ml:g} mL, the larger volume its source compared ({name})"
    )
    # at a joint the capsule check says where unsafe starts (its own multiple of the largest reported
    # capacity); this multiple is for nerves, which have no capsule
    if target != "intra_articular" and volume > factor * lim.gross_base_ml + 1e-9:
        return [
            Reason(
                "unsafe",
                "volume",
                f"{counted} is more than {factor:g} times {base}: {why}",
                ";".join(dict.fromkeys([*lim.source_id.split(";"), *why_sources.split(";")])),
            )
        ]
    over = lim.exceeded(volume)
    return [
        Reason(
            lim.above_limit if over else "fine",
            "volume",
            f"{counted} " + (f"breaks {name}: {lim.consequence}" if over else f"is within {name}"),
            lim.source_id,
        )
    ]


def _capsule_reason(region: str, total_ml: float) -> Reason:
    """The total at one joint including contrast (mL) against the reported capsule capacity: above the
    usual capacity (the low end of a reported range), at an upper bound reported as 'less than', or above the
    largest reported capacity: caution (the injectate leaks beyond the joint and the block no longer tests
    it); above :func:`gross_joint_volume_factor` times the largest capacity: unsafe (the course's teaching
    threshold, labelled as such). Another source's larger figure never makes a volume safer."""
    low, high, sources = anatomy.capsule_capacity_ml(region)
    reported = f"{low:g}-{high:g} mL" if low is not None else f"less than {high:g} mL"
    total = f"the total at the joint including contrast, {total_ml:.3g} mL,"
    factor, why, why_sources = gross_joint_volume_factor()
    if total_ml > factor * high + 1e-9:
        return Reason(
            "unsafe",
            "volume",
            f"{total} is more than {factor:g} times the largest reported {region} capsule capacity "
            f"({reported}): {why}",
            ";".join(dict.fromkeys([*sources.split(";"), *why_sources.split(";")])),
        )
    if total_ml > high + 1e-9:
        return Reason(
            "caution",
            "volume",
            f"{total} is more than the largest reported {region} capsule capacity ({reported}): the "
            "injectate cannot all stay in the joint and leaks toward the foramen and the epidural space, so "
            "the block no longer tests one joint (a loss of specificity, not a measured harm; capsules burst "
            "even at smaller volumes)",
            sources,
        )
    if low is None and abs(total_ml - high) <= 1e-9:
        return Reason(
            "caution",
            "volume",
            f"{total} reaches the reported {region} capsule capacity ({reported}; another source allows up "
            f"to {high:g} mL): at the edge of what the joint holds, the capsule may rupture",
            sources,
        )
    if low is not None and total_ml > low + 1e-9:
        return Reason(
            "caution",
            "volume",
            f"{total} is above the usual {region} capsule capacity ({low:g} mL; reported {reported}, the "
            f"larger figure for the largest joints): in a smaller joint the capsule may rupture and the "
            "injectate spread beyond it",
            sources,
        )
    usual = reported if low is None else f"{low:g} mL"
    within = f"{total} is within the usual {region} capsule capacity ({usual})"
    return Reason("fine", "volume", within, sources)


def unsafe_from_ml(region: str, target: str) -> tuple[float, bool]:
    """Where :func:`check_volumes` starts to call an injectate per site unsafe (no contrast): (volume in mL,
    to 0.01 mL; True if that volume itself is unsafe, False if only more than it is). Every check counts (the
    site's limit, the gross multiple at a nerve, the capsule at a joint), so a table that prints where
    'unsafe' starts cannot disagree with the checker."""
    region, target = check_region_target(region, target)

    def unsafe(volume: float) -> bool:
        return any(r.level == "unsafe" for r in check_volumes(region, target, volume))

    low, high = 0.0, MAX_ITEM_ML  # the verdict only gets worse with volume (tested)
    if not unsafe(high):
        raise ValueError(f"no {region} {target} volume up to {MAX_ITEM_ML:g} mL is unsafe")
    while high - low > 0.001:
        middle = (low + high) / 2
        low, high = (low, middle) if unsafe(middle) else (middle, high)
    boundary = round(high, 2)
    return boundary, unsafe(boundary)


def check_volumes(region: str, target: str, injectate_ml: float, contrast_ml: float = 0.0) -> list[Reason]:
    """Volume reasons for one site: injectate (mL) against its limit (plus the contrast where the limit's
    source counted it), contrast (mL) against its range, and for a joint the total including contrast
    against the capsule capacity.

    Injectate above a site's limit gets the row's ``above_limit`` verdict (caution: the limits are for the
    block's specificity); at a nerve, above :func:`gross_volume_factor` times the limit it is unsafe. The
    total at a joint above the usual or the largest reported capsule capacity is caution (the injectate
    spreads beyond the joint), above :func:`gross_joint_volume_factor` times the largest unsafe. Used by
    :func:`check_procedure` and by the anatomy notebook's capsule explorer, so both say the same.
    """
    region, target = check_region_target(region, target)
    injectate = _number(injectate_ml, "injectate_ml", "mL per site")
    contrast = _number(contrast_ml, "contrast_ml", "mL per site")
    if not 0 < injectate <= MAX_ITEM_ML:
        raise ValueError(
            f"injectate_ml={injectate:g} must be above 0 and at most {MAX_ITEM_ML:g} mL per site"
        )
    if not 0 <= contrast <= MAX_CONTRAST_ML:
        raise ValueError(f"contrast_ml={contrast:g} must be from 0 to {MAX_CONTRAST_ML:g} mL per site")
    site = _site_word(target)
    reasons = _injectate_reasons(region, target, injectate, contrast, site)
    if contrast > 0:
        reasons.append(_contrast_reason(region, target, contrast, site))
    if target == "intra_articular":
        reasons.append(_capsule_reason(region, injectate + contrast))
    return reasons
