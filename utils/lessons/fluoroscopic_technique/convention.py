"""03, section 2: the C-arm's angles for a prone patient (the sign convention) and the simulator's geometry.

Angles are named as radiographers name them (:mod:`facet_course.models.carm`): oblique + = detector toward
the patient's RIGHT, tilt + = cranial; distances from the simulator's stated setting.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from ...core.figures import figure
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import fluoroscopy

#: The right oblique drawn beside AP on the sketch (degrees; an example, not a clinical number).
EXAMPLE_OBLIQUE_DEG = 35.0


def geometry_table() -> pd.DataFrame:
    """The simulator's stated geometry: source-to-image distance, source-to-isocentre and magnification."""
    carm = fluoroscopy.CArm()
    return pd.DataFrame(
        [
            {"quantity": "source-to-image distance (SID)", "value": carm.source_to_image_mm, "unit": "mm"},
            {
                "quantity": "source-to-isocentre distance (SOD)",
                "value": carm.source_to_isocentre_mm,
                "unit": "mm",
            },
            {
                "quantity": "magnification at the isocentre (SID/SOD)",
                "value": round(carm.magnification, 2),
                "unit": "x",
            },
            {"quantity": "field of view at the isocentre", "value": carm.fov_mm, "unit": "mm"},
            {"quantity": "image size", "value": carm.size_px, "unit": "pixels"},
        ]
    ).set_index("quantity")


def _draw_patient(ax: Axes) -> None:
    """The trunk of a prone patient in axial section, back up (toward the detector), patient's right on
    the right (seen from behind)."""
    t = np.linspace(0, 2 * np.pi, 200)
    ax.fill(1.0 * np.cos(t), 0.62 * np.sin(t), color="#EEE6DA", ec="#999999")
    ax.add_patch(Circle((0, 0.18), 0.2, fc=ROLE_COLOURS["bone"], ec="#777777"))
    ax.text(0, 0.18, "body", ha="center", va="center", fontsize=7)
    ax.plot([-0.12, 0.12], [0.5, 0.5], color="#777777", lw=3)
    ax.text(1.35, -0.64, "table (patient PRONE)", va="center", fontsize=8, color="#555555")
    ax.plot([-1.3, 1.3], [-0.64, -0.64], color="#555555", lw=2)
    ax.text(-1.05, 0.0, "patient's\nleft", ha="center", fontsize=8)
    ax.text(1.05, 0.0, "patient's\nright", ha="center", fontsize=8)
    ax.text(-0.06, 0.7, "back (posterior)", ha="right", fontsize=8, color="#555555")  # clear of the beams


def _draw_carm(ax: Axes, angle: float, colour: str, label: str) -> None:
    """Tube, beam and detector of the C-arm at one oblique (radians, + toward the patient's right); an
    oblique's label beside the detector's outer end, clear of the AP detector."""
    det = np.array([math.sin(angle), math.cos(angle)]) * 1.25
    src = -np.array([math.sin(angle), math.cos(angle)]) * 1.3
    perp = np.array([math.cos(angle), -math.sin(angle)])
    ax.plot(*np.column_stack([det - 0.35 * perp, det + 0.35 * perp]), color=colour, lw=5)
    ax.add_patch(
        FancyArrowPatch(
            tuple(src),
            tuple(det),
            arrowstyle="-|>",
            mutation_scale=12,
            color=colour,
            lw=1.3,
            ls="--" if angle == 0 else "-",
        )
    )
    ax.plot(*src, "o", color=colour, ms=7)
    where = det + 0.22 * np.array([math.sin(angle), math.cos(angle)])
    if angle:
        where = det + 0.45 * perp
    ax.text(*where, label, color=colour, ha="left" if angle else "center", fontsize=9, fontweight="bold")


def _draw_notes(ax: Axes) -> None:
    """Where tube and detector are, the signs, and the simulator's distances, written on the sketch."""
    ax.text(
        -3.35,
        1.45,
        "Detector (image intensifier)\nabove the back, X-ray tube\nunder the table.",
        fontsize=8,
        va="top",
    )
    ax.text(
        -3.35,
        -0.95,
        "Oblique > 0: detector swings toward\nthe patient's RIGHT (an RPO\nprojection; the same beam line\n"
        "as LAO). Tilt > 0: cranial.",
        fontsize=8,
        va="top",
    )
    carm = fluoroscopy.CArm()
    ax.text(
        1.2,
        -0.95,
        f"SID {carm.source_to_image_mm:g} mm, SOD {carm.source_to_isocentre_mm:g} mm\n"
        f"magnification at the target {carm.magnification:.2f}x",
        fontsize=8,
        va="top",
    )


@figure("carm-oblique-angle-convention-prone-patient")
def carm_convention_figure() -> tuple[Figure, str]:
    """Axial sketch of a prone patient with the C-arm at 0 and at a right oblique, signs written on it."""
    fig, (ax,) = new_figure("notebook")
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-3.4, 3.4)  # the page's whole width: the notes beside the sketch, not over it
    ax.set_ylim(-1.55, 1.95)
    _draw_patient(ax)
    _draw_carm(ax, 0.0, "#888888", "AP: 0°")
    _draw_carm(
        ax,
        math.radians(EXAMPLE_OBLIQUE_DEG),
        PALETTE["vermillion"],
        f"+{EXAMPLE_OBLIQUE_DEG:g}°: right oblique",
    )
    _draw_notes(ax)
    ax.set_title("Oblique angles for a prone patient: + turns the detector to the patient's right")
    source_note(
        fig,
        "Sign convention as in fluoroscopy.py (radiographers' LAO/RAO naming); geometry is the "
        "simulator's stated setting.",
    )
    alt = (
        "Axial sketch of a prone patient: X-ray tube under the table, detector above the back. At 0 degrees "
        f"the beam runs front to back; at +{EXAMPLE_OBLIQUE_DEG:g} degrees the detector has swung toward the "
        "patient's right."
    )
    return fig, alt
