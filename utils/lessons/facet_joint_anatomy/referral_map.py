"""01, section 3: where facet pain is felt (the referral map).

The zones come from :mod:`facet_course.models.referral` (``data/facet_referral_patterns.csv``); the body
map's shapes are schematic drawing coordinates, not clinical numbers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, Polygon

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import anatomy, referral
from ._common import esc

#: Schematic body-map coordinates (drawing units, back view), one shape per zone name used in the data.
ZONES: dict[str, list[tuple[float, float, float, float]]] = {
    "occipital": [(0.0, 9.05, 1.3, 0.55)],
    "upper posterolateral neck": [(-0.55, 8.05, 0.45, 0.5), (0.55, 8.05, 0.45, 0.5)],
    "upper posterior neck": [(0.0, 8.1, 0.6, 0.35)],
    "middle posterior neck": [(0.0, 7.7, 0.7, 0.35)],
    "lower posterior neck": [(0.0, 7.3, 0.9, 0.35)],
    "suprascapular": [(-1.55, 6.9, 1.1, 0.45), (1.55, 6.9, 1.1, 0.45)],
    "superior angle of scapula": [(-1.25, 6.3, 0.6, 0.45), (1.25, 6.3, 0.6, 0.45)],
    "mid-scapular": [(-0.75, 5.5, 0.55, 0.9), (0.75, 5.5, 0.55, 0.9)],
    "low back": [(0.0, 3.2, 2.4, 1.1)],
    "buttock": [(-0.85, 1.95, 1.3, 1.0), (0.85, 1.95, 1.3, 1.0)],
    "greater trochanter": [(-1.85, 1.55, 0.55, 0.7), (1.85, 1.55, 0.55, 0.7)],
    "groin": [(-1.25, 0.75, 0.7, 0.35), (1.25, 0.75, 0.7, 0.35)],
}

BODY_OUTLINE = [
    (-0.45, 8.45),
    (-0.5, 7.2),
    (-2.3, 6.7),
    (-2.5, 5.9),
    (-2.1, 5.6),
    (-1.9, 3.8),
    (-2.05, 2.4),
    (-2.3, 1.6),
    (-2.1, -0.8),
    (-0.2, -0.8),
    (0.0, 0.9),
    (0.2, -0.8),
    (2.1, -0.8),
    (2.3, 1.6),
    (2.05, 2.4),
    (1.9, 3.8),
    (2.1, 5.6),
    (2.5, 5.9),
    (2.3, 6.7),
    (0.5, 7.2),
    (0.45, 8.45),
]


def referral_table(joint: str) -> pd.DataFrame:
    """For display: the zones of one joint with the source's note and a short citation."""
    zones = referral.referral_zones(joint)
    return pd.DataFrame(
        {
            "zone": zones["zone"],
            "note": [n if isinstance(n, str) else "" for n in zones["note"]],
            "source": [citations.short(s) for s in zones["source_id"]],
        }
    )


#: Lumbar facet pain can be felt in the thigh (section 6), but no source read maps a thigh zone by level.
LUMBAR_THIGH_NOTE = (
    "Lumbar facet pain can also reach the thigh (section 6), but the sources mapped here give no thigh zone "
    "by level, so the map shows none."
)


def _draw_referral() -> tuple[Figure, Callable[..., str]]:
    """Schematic back view with every zone outlined; the chosen joint's zones filled."""
    fig, (ax,) = new_figure("square")
    ax.set_aspect("equal")
    ax.set_xlim(-3.2, 3.2)
    ax.set_ylim(-1.0, 9.9)
    ax.axis("off")
    ax.add_patch(Ellipse((0, 9.1), 1.6, 1.6, fc="#F4F1EA", ec="#999999"))
    ax.add_patch(Polygon(BODY_OUTLINE, closed=True, fc="#F4F1EA", ec="#999999"))
    ax.plot([0, 0], [0.9, 8.3], ls=":", color="#BBBBBB", lw=1)
    patches: dict[str, list[Ellipse]] = {}
    for zone, shapes in ZONES.items():
        patches[zone] = []
        for x, y, w, h in shapes:
            dashed = zone == "groin"
            patch = Ellipse((x, y), w, h, fc="none", ec="#BBBBBB", lw=1, ls="--" if dashed else "-")
            ax.add_patch(patch)
            patches[zone].append(patch)
    # under the zone, inside the leg's outline: two short lines fit between its edges in handout type
    ax.text(1.15, 0.5, "groin\n(front)", fontsize=7, ha="center", va="top", color="#777777")
    title = ax.set_title("", fontsize=9)
    fig.suptitle("Where facet joint pain is felt (schematic back view)", fontweight="bold", fontsize=10)
    source_note(fig, citations.cite(referral.referral_patterns_table()) + ". Body map schematic.")
    colour = PALETTE["vermillion"]

    def update(joint: str = "C5-6") -> str:
        joint = anatomy.parse_joint(joint)  # once, here
        zones = referral.referral_zones(joint)
        active = set(zones["zone"])
        for zone, shapes in patches.items():
            for patch in shapes:
                if zone in active:
                    patch.set_facecolor(colour)
                    patch.set_alpha(0.55)
                    patch.set_edgecolor(colour)
                else:
                    patch.set_facecolor("none")
                    patch.set_alpha(1.0)
                    patch.set_edgecolor("#BBBBBB")
        title.set_text(textwrap.fill(f"{joint}: {', '.join(zones['zone'])}", width=40))
        notes = "; ".join(dict.fromkeys(n for n in zones["note"] if isinstance(n, str) and n))
        ids = ";".join(dict.fromkeys(";".join(zones["source_id"]).split(";")))
        extra = f" Note: {esc(notes)}." if notes else ""
        if anatomy.region_of(joint) == "lumbar":  # the map and the prose must agree (review s17 of 01, F4)
            extra += f" {LUMBAR_THIGH_NOTE}"
        return (
            f"<b>{joint}</b> refers pain to: <b>{esc(', '.join(zones['zone']))}</b>.{extra} Zones of "
            "neighbouring "
            f"levels overlap, so the map suggests a level; a block tests it (notebook 02). "
            f"<i>{esc(citations.cite(ids))}</i>"
        )

    return fig, update


def referral_explorer() -> Explorer:
    """Pick a joint with a sourced referral pattern; see where its pain is reported on a back view."""
    return explore(
        "facet-referral-map",
        _draw_referral,
        [Control("joint", "Joint", referral.referral_joints(), value="C5-6")],
        question="Which cervical joints reach the suprascapular region, and which the superior angle or the "
        "middle of the scapula? Can the lumbar maps pick out one level, or do the levels overlap?",
        alt="Schematic back view of a person with referral zones; the chosen facet joint's zones are filled.",
    )


@figure("facet-referral-map-C5-6")
def referral_map_figure() -> tuple[Figure, str]:
    """The referral map with C5-6 chosen (lower posterior neck and the suprascapular region)."""
    joint = "C5-6"
    fig, update = _draw_referral()
    update(joint)
    zones = ", ".join(referral.referral_zones(joint)["zone"])
    return fig, f"Schematic back view: pain from {joint} is felt in the {zones}."
