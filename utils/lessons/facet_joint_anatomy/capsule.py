"""01, section 4: how much a facet joint holds, against the volumes the guidelines allow.

Capsule capacity by region from :mod:`facet_course.models.capsule`; the limits and the verdict on a planned
volume from the course's one safety rule set (:mod:`facet_course.safety`). Volumes in mL.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import anatomy, safety
from ._common import esc, short


def caution_from_ml(region: str) -> tuple[float, bool]:
    """Where the rule set's capsule check starts to say caution for an intra-articular injectate without
    contrast: (volume in mL, to 0.01 mL; True if that volume itself is caution, False if only more than it
    is), asked of the rule set itself so the table cannot disagree with the checker (review s12 of 01, F1).
    Raises ValueError for an unknown region."""
    if region not in anatomy.REGIONS:
        raise ValueError(f"region must be one of {', '.join(anatomy.REGIONS)}; got {region!r}")

    def cautious(volume_ml: float) -> bool:
        return any(r.level != "fine" for r in safety.check_volumes(region, "intra_articular", volume_ml))

    low, high = 0.0, VOLUME_SLIDER_ML[1]  # the verdict only gets worse with volume (tested in the rule set)
    while high - low > 0.001:
        middle = (low + high) / 2
        low, high = (low, middle) if cautious(middle) else (middle, high)
    edge = round(high, 2)
    return edge, cautious(edge)


def _caution_cell(region: str, low_ml: float | None) -> str:
    """Where the checker starts to say caution (mL), and which figure of the capacity that is."""
    edge, inclusive = caution_from_ml(region)
    what = (
        "the usual capacity, the low end of the reported range"
        if low_ml is not None
        else "the capacity is reported only as 'less than'"
    )
    text = f"{'from' if inclusive else 'above'} {edge:g} ({what})"
    limit = safety.injectate_limit(region, "intra_articular")
    if limit is not None and limit.basis == "guideline" and limit.high_ml > edge:
        # review s15 of 01, F1: two lumbar thresholds on screen; say which one is the guideline's
        text += (
            f"; stricter than the {region} guideline, which allows {limit.text()}: caution from the "
            "textbook's capacity is the course's stricter choice, not the guideline's limit"
        )
    return text


def capsule_table() -> pd.DataFrame:
    """What one facet joint holds, by region (mL), the 'usual' capacity above which the checker says
    caution, and the source of each figure."""
    rows = []
    for region in anatomy.REGIONS:
        low, high, sources = anatomy.capsule_capacity_ml(region)
        rows.append(
            {
                "region": region,
                "capsule holds (mL)": f"{low:g}-{high:g}" if low is not None else f"less than {high:g}",
                "checker says caution (mL)": _caution_cell(region, low),
                "note": (
                    "a textbook figure, read in an unofficial web copy of the chapter; no primary study "
                    "of its volume was identified"
                    + (
                        "; a lumbar injection chapter: the total injected should not exceed 1 mL"
                        if region == "lumbar"
                        else ""
                    )
                ),
                "source": short(sources),
            }
        )
    return pd.DataFrame(rows).set_index("region")


def _contrast_note(limit: safety.VolumeLimit, target: str) -> str:
    """How contrast counts toward a limit: at a joint by the course's stricter reading (the capsule holds
    contrast as it holds anaesthetic), at a nerve because the source's volume was a mixture; where the
    limit counts the injectate alone, that a separate contrast dose is counted on its own."""
    if not limit.includes_contrast:
        return " (anaesthetic; a separate contrast dose is counted on its own)"
    if target == "intra_articular":
        return " (the course counts contrast toward it: the capsule holds contrast too)"
    return " including contrast (the trial's volume was anaesthetic mixed with contrast)"


#: The explorer's anaesthetic + steroid slider (first, last, step; mL) and contrast choices (mL per joint).
VOLUME_SLIDER_ML = (0.25, 5.0, 0.25)
CONTRAST_OPTIONS_ML = (0.0, 0.2, 0.5)

VOLUME_COLUMN = "volume per site (what counts: see each row)"


def _limit_cell(region: str, limit: safety.VolumeLimit, borrowed: bool, target: str) -> str:
    """One cell of the volume table: the limit (mL), what it counts, and how firm it is (review s10 of 01,
    F3 and F6): a trial's figure is a preference, another region's figure an extrapolation."""
    if borrowed and limit.region != region:
        return (
            f"no {region} source gives one: the course applies {limit.text()} (the {limit.region} "
            f"{limit.basis}'s figure) as a teaching choice, not a {region} finding (note below the table)"
        )
    if borrowed:
        text = f"no source gives one: {limit.text()} applied ({limit.basis})"
        if target == "intra_articular":  # review s12 of 01, F1: the capsule check is stricter than this
            edge, inclusive = caution_from_ml(region)
            text += f"; the capsule check says caution {'from' if inclusive else 'above'} {edge:g} mL"
        return text
    if limit.basis == "trial":
        return (
            f"preferred {limit.text()}{_contrast_note(limit, target)}: one trial's smaller arm, not an "
            "established limit (note below)"
        )
    return limit.text() + _contrast_note(limit, target)


def nerve_limit_note() -> str:
    """Why the course's medial branch limits borrowed from a trial are preferences, not established limits:
    the trial's finding and the guideline's figure, as the rule set's sourced row states them (mL)."""
    notes = []
    for region in anatomy.REGIONS:
        limit, borrowed = safety.site_injectate_limit(region, "medial_branch")
        if limit.basis != "trial" or borrowed:
            continue
        users = [
            r
            for r in anatomy.REGIONS
            if r != region and safety.site_injectate_limit(r, "medial_branch")[0].id == limit.id
        ]
        why = "; ".join(limit.consequence.split("; ")[:3])
        rows = f"row{'s' if len(users) > 1 else ''} appl{'y' if len(users) > 1 else 'ies'}"
        also = (
            f" The {' and '.join(users)} {rows} this figure as the course's teaching choice: no "
            f"{' or '.join(users)} source gives a volume, and the trial's finding is {region}, with no "
            f"{' or '.join(users)} counterpart: it is not evidence for the {' or '.join(users)} spine. It is "
            f"the {region} figure, not another region's larger one, because where a region has no source "
            "the rule set applies the strictest figure of the other regions: a borrowed source never makes "
            "a volume safer, so its caution above it is the rule set's, not a finding."
            if users
            else ""
        )
        notes.append(
            f"{region.capitalize()} medial branch, {limit.text()}: {why}. The difference was not "
            f"statistically significant: the course's stricter preference, not an established limit.{also} "
            f"({short(limit.source_id)})"
        )
    return "\n\n".join(notes)


def injected_volumes_table() -> pd.DataFrame:
    """The volume limits per site (mL), as the course's one safety rule set applies them, with where the rule
    set starts to say unsafe (asked of the rule set itself: the joint's limit or capsule, or at a nerve the
    course's stated multiple of the limit or of the larger volume a trial compared)."""
    factor, _, _ = safety.gross_volume_factor()
    joint_factor, _, _ = safety.gross_joint_volume_factor()
    rows = []
    for region in anatomy.REGIONS:
        for target in safety.TARGETS:
            limit, borrowed = safety.site_injectate_limit(region, target)
            from_ml, inclusive = safety.unsafe_from_ml(region, target)
            where = f"{'from' if inclusive else 'above'} {from_ml:g} mL"
            if target == "intra_articular":
                unsafe = (
                    f"{where}: course teaching threshold, not from a source ({joint_factor:g} x the largest "
                    "reported capsule capacity; above the capacity itself: caution)"
                )
            else:
                base = "the limit" if limit.gross_base_ml == limit.high_ml else "the trial's larger arm"
                unsafe = f"{where}: course teaching threshold, not from a source ({factor:g} x {base})"
            rows.append(
                {
                    "region": region,
                    "injection": safety.target_label(target),
                    VOLUME_COLUMN: _limit_cell(region, limit, borrowed, target),
                    "rule set says unsafe": unsafe,
                    "source": short(limit.source_id),
                }
            )
    return pd.DataFrame(rows).set_index("region")


#: What the word unsafe means beside a joint volume (review s13 of 01, F8): the rule set's top tier there
#: is the course's teaching threshold for a volume that cannot stay in one joint, not a measured harm.
UNSAFE_GLOSS = (
    "the course's teaching threshold (do not inject this into one joint: the block cannot test one joint; "
    "no measured harm). "
)


def volume_check_text(region: str, volume_ml: float, contrast_ml: float = 0.0) -> str:
    """The rule set's verdict on an intra-articular volume (mL) in one joint, as sentences with sources: the
    reason for the verdict first, then the checks it passed (review s12 of 01, F1)."""
    reasons = safety.check_volumes(region, "intra_articular", volume_ml, contrast_ml)
    worst = max((r.level for r in reasons), key=safety.VERDICTS.index)

    def sentence(r: safety.Reason) -> str:
        return f"{r.text[:1].upper()}{r.text[1:]} ({short(r.source_id)})."

    gloss = UNSAFE_GLOSS if worst == "unsafe" else ""
    text = f"{worst.upper()}: {gloss}" + " ".join(sentence(r) for r in reasons if r.level == worst)
    for level in sorted({r.level for r in reasons} - {worst}, key=safety.VERDICTS.index, reverse=True):
        text += f" Also checked ({level}): " + " ".join(sentence(r) for r in reasons if r.level == level)
    if worst == "fine":
        text += (
            " Within the capacity lowers the chance of spread beyond the joint but does not prevent it: at "
            "lumbar arthrography the capsule nearly always burst during or after the injection, leaking at "
            "its lateral side, where the dorsal ramus branches pass, or its medial side, near the foramen: "
            "watch where the contrast goes "
            f"({citations.short(citations.source('capsule_bursts_at_arthrography'))})."
        )
    return text


def _draw_capsule() -> tuple[Figure, Callable[..., str]]:
    """Capsule capacity bars by region with the guideline limits; the planned volume marked and judged."""
    fig, (ax,) = new_figure("notebook")
    regions = list(anatomy.REGIONS)
    y = np.arange(len(regions))
    for i, region in enumerate(regions):
        low, high, _ = anatomy.capsule_capacity_ml(region)
        if low is None:
            ax.barh(
                i, high, color=PALETTE["sky_blue"], alpha=0.35, height=0.5, hatch="//", ec=PALETTE["blue"]
            )
            ax.text(high + 0.03, i, f"< {high:g} mL", va="center", fontsize=8)
        else:
            ax.barh(i, low, color=PALETTE["sky_blue"], alpha=0.7, height=0.5)
            ax.barh(i, high - low, left=low, color=PALETTE["sky_blue"], alpha=0.35, height=0.5)
            ax.text(high + 0.03, i, f"{low:g}-{high:g} mL", va="center", fontsize=8)
    limit_sources = []
    for i, region in enumerate(regions):
        for target, marker in (("intra_articular", "X"), ("medial_branch", "^")):
            limit = safety.injectate_limit(region, target)
            if limit is not None:
                ax.plot(limit.high_ml, i + 0.33, marker, color=PALETTE["black"], ms=7)
                limit_sources.append(limit.source_id)
    for i, region in enumerate(regions):  # where the rule set starts to say unsafe (a teaching threshold)
        from_ml, _ = safety.unsafe_from_ml(region, "intra_articular")
        ax.plot(from_ml, i - 0.3, "|", color=PALETTE["purple"], ms=10, mew=2)  # below the capacity label
    ax.plot([], [], "|", color=PALETTE["purple"], ms=10, mew=2, label="unsafe beyond (course threshold)")
    ax.plot([], [], "X", color=PALETTE["black"], label="limit, intra-articular (per joint)")
    ax.plot([], [], "^", color=PALETTE["black"], label="limit, medial branch (per nerve)")
    (planned,) = ax.plot([], [], "|", color=PALETTE["vermillion"], ms=28, mew=3, gid="planned")
    (key,) = ax.plot(
        [], [], "|", color=PALETTE["vermillion"], ms=12, mew=3, label="your planned total, contrast included"
    )
    ax.set_yticks(y, regions)
    ax.set_xlim(0, VOLUME_SLIDER_ML[1] + max(CONTRAST_OPTIONS_ML) + 0.3)  # the largest total stays in view
    ax.set_ylim(-0.6, len(regions) + 0.6)
    ax.set_xlabel("volume (mL)")
    legend = ax.legend(loc="upper center", ncol=2, fontsize=7)  # in headroom above the top bar and its marker
    # the legend's key to the planned total takes the verdict's colour with the mark (handout review s11)
    planned_key = legend.legend_handles[ax.get_legend_handles_labels()[0].index(key)]
    title = ax.set_title("")
    lumbar_low, lumbar_high, _ = anatomy.capsule_capacity_ml("lumbar")
    fig.suptitle(
        f"A lumbar facet joint holds only {lumbar_low:g}-{lumbar_high:g} mL",
        fontweight="bold",
    )
    source_note(
        fig,
        "Sources (capacity and limits): "
        + short(citations.joined(anatomy.capsule_volume_table()), *limit_sources),
    )

    def update(region: str = "lumbar", volume_ml: float = 1.0, contrast_ml: float = 0.0) -> str:
        reasons = safety.check_volumes(region, "intra_articular", volume_ml, contrast_ml)
        worst = max((r.level for r in reasons), key=safety.VERDICTS.index)
        planned.set_data([volume_ml + contrast_ml], [regions.index(region)])  # the capsule holds both
        colour = {
            "fine": ROLE_COLOURS["safe"],
            "caution": ROLE_COLOURS["caution"],
            "unsafe": ROLE_COLOURS["unsafe"],
        }
        planned.set_color(colour[worst])
        planned_key.set_color(colour[worst])
        legend.stale = True
        title.set_text(
            f"{region}: {volume_ml:g} + {contrast_ml:g} mL contrast per joint → {worst}"
            + (" (teaching threshold)" if worst == "unsafe" else "")
        )
        return esc(volume_check_text(region, volume_ml, contrast_ml))

    return fig, update


def capsule_explorer() -> Explorer:
    """Pick a region, a planned volume and contrast (mL); the rule set's verdict beside the capsule."""
    return explore(
        "facet-capsule-volume",
        _draw_capsule,
        [
            Control("region", "Region", list(anatomy.REGIONS), value="lumbar"),
            Control(
                "volume_ml",
                "Anaesthetic + steroid per joint",
                VOLUME_SLIDER_ML,
                value=1.0,
                twin_options=[0.25, 0.5, 1.0, 1.5, 2.5, 4.5],
                unit="mL",
            ),
            Control(
                "contrast_ml",
                "Contrast per joint",
                list(CONTRAST_OPTIONS_ML),
                value=0.0,
                twin_options=[0.0, 0.5],
                unit="mL",
            ),
        ],
        question="Where does a lumbar joint go from fine to caution: at the guideline's limit or at the "
        "textbook's capacity, and is caution there a harm or a loss "
        "of the block's specificity? From what volume does the course say do not inject, and on what basis? "
        "Why is the cervical limit lower?",
        alt="Horizontal bars of facet capsule capacity by region with the limits, the planned total "
        "(contrast included) and where the course's teaching threshold for unsafe lies marked.",
    )


@figure("facet-capsule-capacity-vs-injected-volumes")
def capsule_figure() -> tuple[Figure, str]:
    """Capsule capacity by region against the guideline limits, with 1 mL planned into a lumbar joint."""
    fig, update = _draw_capsule()
    update("lumbar", 1.0)
    table = capsule_table()
    alt = (
        "Facet capsule capacity by region: "
        + "; ".join(f"{r} {v} mL" for r, v in table["capsule holds (mL)"].items())
        + ", with the guideline limits per joint and per nerve and the course's teaching threshold for "
        f"unsafe ({safety.gross_joint_volume_factor()[0]:g} x the largest capacity) marked."
    )
    return fig, alt
