"""03, section 3 (continued): each lumbar joint opens at its own oblique, and the posterior margin first.

Curves of how open each joint looks against the oblique (the simulator's curved teaching joint) beside the
level's sourced facet angles, and the posterior and anterior halves of one curved joint seen from above.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from ...core import citations
from ...core.figures import figure
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import anatomy, fluoroscopy
from ._common import ANGLES, LEVEL_COLOURS, LEVELS, MODEL_NOTE, best_angle, curve, orientation_sources
from .simulator import AIM_COLUMN, gap_text, oblique_angles_table


@figure("lumbar-joint-opens-at-its-facet-angle")
def visibility_by_level_figure() -> tuple[Figure, str]:
    """How open each lumbar joint looks against the oblique angle, with each level's facet angle from data."""
    fig, (ax,) = new_figure("notebook")
    for joint in LEVELS:
        colour = LEVEL_COLOURS[joint]
        ax.plot(ANGLES, curve(joint, "right", "posterior"), color=colour, lw=2, label=joint)
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        ax.axvspan(low, max(high, low + 0.6), color=colour, alpha=0.12)
        ax.axvline(mean, color=colour, ls=":", lw=1)
    ax.set_xlim(0, 80)
    ax.set_ylim(0, 2.0)
    ax.set_xlabel("oblique toward the joint's side (degrees)")
    ax.set_ylabel("posterior line seen clear (mm)")
    ax.set_title("Each joint's posterior line opens before its mean facet angle", fontsize=10)
    ax.legend(
        title="joint\n(dotted: mean\nfacet angle;\nband: range of\nstudy means)",
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        title_fontsize=8,
    )
    ax.text(
        1.02,
        0.02,
        "SYNTHETIC model;\nangles from data",
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=8,
        color=ROLE_COLOURS["synthetic"],
        fontweight="bold",
    )
    source_note(fig, f"Facet angles: {orientation_sources()}. {MODEL_NOTE}")
    table = oblique_angles_table()
    alt = (
        "Curves of how open the posterior joint line looks against oblique angle for L1-2 to L5-S1 (curved-"
        f"joint teaching model): each opens about {gap_text(table)} degrees before that level's mean "
        "facet angle from the data (a gap set by the illustrative curvature), from "
        f"about {table[AIM_COLUMN].min():.0f} degrees at the upper levels to "
        f"about {table[AIM_COLUMN].max():.0f} degrees at the lower levels."
    )
    return fig, alt


def _draw_axial_joint(axial: Axes, joint: str, post: float, ant: float) -> None:
    """The curved right joint from above (as on axial CT) with the beams that profile each margin."""
    axial.set_aspect("equal")
    axial.axis("off")
    for portion, colour in (("posterior", PALETTE["green"]), ("anterior", PALETTE["vermillion"])):
        for s in fluoroscopy.joint_surfaces(joint, "right", portion):  # type: ignore[arg-type]
            rot = np.asarray(s.rotation)
            a, b = s.semi_axes_mm[0], s.semi_axes_mm[1]
            corners = np.array([[-a, -b, 0], [a, -b, 0], [a, b, 0], [-a, b, 0]]) @ rot.T + np.asarray(
                s.center_mm
            )
            axial.add_patch(Polygon(corners[:, :2] * [1, -1], closed=True, fc=colour, alpha=0.45, ec=colour))
    centre = anatomy.facet_joint_centre_mm(joint, "right")
    for angle, colour, label in (
        (post, PALETTE["green"], "posterior margin"),
        (ant, PALETTE["vermillion"], "anterior margin"),
    ):
        b = fluoroscopy.beam_direction(angle)
        start, end = centre - 22 * b, centre + 22 * b
        axial.annotate(
            "",
            xy=(end[0], -end[1]),
            xytext=(start[0], -start[1]),
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.5},
        )
        axial.text(
            end[0],
            -end[1] - 1,
            f"{angle:.0f}°: {label}",
            color=colour,
            fontsize=8,
            ha="right",  # left of the head: to its right the anterior label ran over the other beam
            va="top",
        )
    axial.set_xlim(centre[0] - 30, centre[0] + 30)
    axial.set_ylim(-centre[1] - 30, -centre[1] + 28)
    axial.set_title(f"Right {joint}, seen from above (curved-joint model)", fontsize=9)
    axial.text(
        centre[0],
        -centre[1] + 26,
        "as on axial CT: patient's right on the left, back DOWN",
        ha="center",
        fontsize=7,
        color="#555555",
    )


@figure("posterior-joint-space-opens-before-anterior")
def margins_figure(joint: str = "L4-5") -> tuple[Figure, str]:
    """Posterior against anterior half of a curved joint: which oblique profiles which margin."""
    fig, (axial, ax) = new_figure("notebook", ncols=2)
    fig.get_layout_engine().set(w_pad=0.1)
    post, ant = best_angle(joint, "posterior"), best_angle(joint, "anterior")
    _draw_axial_joint(axial, joint, post, ant)
    for portion, colour, style in (
        ("posterior", PALETTE["green"], "--"),
        ("anterior", PALETTE["vermillion"], ":"),
    ):
        ax.plot(ANGLES, curve(joint, "right", portion), style, color=colour, lw=2, label=portion)
    ax.set_xlim(0, 80)
    ax.set_ylim(0, 2.0)
    ax.set_xlabel("oblique toward the joint (degrees)")
    ax.set_ylabel("joint space seen clear (mm)")
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title("The posterior margin opens first", fontsize=10)
    fig.suptitle(
        "Turn from AP until the joint first opens: that is the posterior joint space", fontweight="bold"
    )
    source_note(
        fig,
        f"{citations.cite(fluoroscopy.views_on('joint_margins'))}. {MODEL_NOTE} Curvature "
        f"{fluoroscopy.model_assumption('joint_curvature'):g}° is ILLUSTRATIVE.",
    )
    alt = (
        f"For a curved right {joint} joint, the posterior half opens at about {post:.0f} degrees of oblique "
        f"and the anterior half at about {ant:.0f} degrees; the steeper view profiles the anterior part, "
        "which a needle from behind cannot enter."
    )
    return fig, alt
