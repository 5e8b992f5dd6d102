"""00, section 1: lumbar facet orientation by level, the one interactive figure of the start notebook.

From the sourced table ``data/facet_orientation.csv`` through the anatomy model
(:func:`facet_course.models.anatomy.facet_angle_to_sagittal_deg`), drawn as an axial glyph of the two joint
lines beside the by-level means and ranges across studies.
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
from ...models import anatomy

LUMBAR_JOINTS: tuple[str, ...] = ("L1-2", "L2-3", "L3-4", "L4-5", "L5-S1")


#: The table's column of study means (the middle of the reported range where no study gives a mean: L1-2).
MEAN_COLUMN = "mean, or middle of the range (deg)"


def lumbar_orientation_table() -> pd.DataFrame:
    """Mean of the studies' means and the lowest and highest value any study reports (a study mean or the
    end of a reported range) of the axial facet angle, degrees from the mid-sagittal plane, by level, with
    how many studies report a mean there (0: none does, and the middle of a reported range is drawn)."""
    rows = []
    for joint in LUMBAR_JOINTS:
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        rows.append(
            {
                "joint": joint,
                MEAN_COLUMN: round(mean, 1),
                "lowest reported (deg)": round(low, 1),
                "highest reported (deg)": round(high, 1),
                "studies with a mean": sum(
                    e.has_point_estimate for e in anatomy.axial_angle_estimates(joint)
                ),
            }
        )
    return pd.DataFrame(rows).set_index("joint")


def lumbar_orientation_source_ids() -> str:
    """The reference ids behind the lumbar levels' angles (';'-joined), for figure notes and questions."""
    frame = anatomy.orientation_table()
    return citations.joined(frame[frame["level"].isin(LUMBAR_JOINTS)])


def _orientation_sources() -> str:
    return citations.cite(lumbar_orientation_source_ids())


def _draw_orientation() -> tuple[Figure, Callable[..., str]]:
    """Axial glyph of the left and right joint lines, and the by-level plot with the chosen level marked."""
    table = lumbar_orientation_table()
    fig, (glyph, levels) = new_figure("notebook", ncols=2)
    fig.get_layout_engine().set(w_pad=0.1)
    # Left: looking down on the joint from above (axial plane), posterior at the bottom as on an axial CT.
    glyph.set_aspect("equal")
    glyph.set_xlim(-1.25, 1.25)
    glyph.set_ylim(-1.3, 1.15)
    glyph.axis("off")
    glyph.plot([0, 0], [-1.1, 1.0], ls="--", color="#888888", lw=1)
    glyph.text(0.02, 1.02, "mid-sagittal plane", fontsize=8, color="#555555", ha="left", va="bottom")
    glyph.text(0, -1.28, "posterior (the back)", fontsize=8, color="#555555", ha="center", va="bottom")
    glyph.add_patch(_circle((0, 0.55), 0.38, ROLE_COLOURS["bone"]))
    glyph.text(0, 0.55, "vertebral\nbody", fontsize=8, ha="center", va="center")
    (left,) = glyph.plot([], [], color=ROLE_COLOURS["lumbar"], lw=4, solid_capstyle="round")
    (right,) = glyph.plot([], [], color=ROLE_COLOURS["lumbar"], lw=4, solid_capstyle="round")
    glyph.plot([0.55, 0.55], [-0.45, 0.0], ls=":", color=PALETTE["vermillion"], lw=1)
    (arc,) = glyph.plot([], [], color=PALETTE["vermillion"], lw=1.5)
    angle_text = glyph.text(0.62, 0.02, "", fontsize=10, color=PALETTE["vermillion"], ha="left", va="bottom")
    glyph.text(-1.2, -0.95, "patient's\nright", fontsize=8, color="#555555")
    glyph.text(1.2, -0.95, "patient's\nleft", fontsize=8, color="#555555", ha="right")
    glyph.set_title("Joint lines, axial view (as on CT)")
    # Right: mean and range across studies by level.
    x = np.arange(len(table))
    levels.vlines(
        x,
        table["lowest reported (deg)"],
        table["highest reported (deg)"],
        color="#999999",
        lw=6,
        alpha=0.5,
        label="range of reported values",
    )
    measured = table["studies with a mean"].to_numpy() > 0
    levels.plot(x, table[MEAN_COLUMN], "-", color=ROLE_COLOURS["lumbar"])
    levels.plot(
        x[measured], table[MEAN_COLUMN][measured], "o", color=ROLE_COLOURS["lumbar"], label="study mean"
    )
    levels.plot(
        x[~measured],
        table[MEAN_COLUMN][~measured],
        "o",
        mfc="white",
        mec=ROLE_COLOURS["lumbar"],
        mew=1.5,
        label="no mean reported: middle of a range",
    )
    (marker,) = levels.plot([], [], "o", ms=14, mfc="none", mec=PALETTE["vermillion"], mew=2.5)
    levels.set_xticks(x, table.index)
    levels.set_ylim(0, 90)
    levels.set_yticks([0, 30, 45, 60, 90])
    levels.set_xlabel("lumbar facet joint")
    levels.set_ylabel("angle from mid-sagittal plane (degrees)")
    levels.set_title("Mean and range by level")
    levels.legend(loc="upper left")
    fig.suptitle("Lumbar facet joints turn from sagittal (upper) towards coronal (lower)", fontweight="bold")
    source_note(fig, _orientation_sources())

    def update(joint: str) -> str:
        if joint not in table.index:
            raise ValueError(f"joint must be one of {', '.join(table.index)}; got '{joint}'")
        mean = float(table.loc[joint, MEAN_COLUMN])
        low = float(table.loc[joint, "lowest reported (deg)"])
        high = float(table.loc[joint, "highest reported (deg)"])
        theta = np.radians(mean)
        # A lumbar joint line runs from antero-medial to postero-lateral (it opens towards the back and the
        # side); the two sides mirror each other. Image left is the patient's right, as on axial CT.
        dx, dy = 0.55 * np.sin(theta), 0.55 * np.cos(theta)
        centre_y = -0.45
        right.set_data([-0.55 - dx / 2, -0.55 + dx / 2], [centre_y - dy / 2, centre_y + dy / 2])
        left.set_data([0.55 + dx / 2, 0.55 - dx / 2], [centre_y - dy / 2, centre_y + dy / 2])
        phi = np.linspace(0, theta, 30)
        arc.set_data(0.55 - 0.35 * np.sin(phi), centre_y + 0.35 * np.cos(phi))
        angle_text.set_text(f"{mean:.0f}°")
        marker.set_data([list(table.index).index(joint)], [mean])
        studies = int(table.loc[joint, "studies with a mean"])
        where = (
            f"the joint line lies <b>{mean:.0f}°</b> from the mid-sagittal plane (the mean of "
            f"{'one study' if studies == 1 else f'{studies} studies'}; values reported {low:.0f}–{high:.0f}°)"
            if studies
            else f"no study read reports a mean for this level: the line is drawn at <b>{mean:.0f}°</b>, the "
            f"middle of a range of level means reported over several levels ({low:.0f}–{high:.0f}°)"
        )
        return (
            f"<b>{joint}</b>: {where}. The more coronal the joint, the further the C-arm must turn from "
            "straight posterior-anterior to look along it (notebook 03)."
        )

    return fig, update


def _circle(centre: tuple[float, float], radius: float, colour: str):
    from matplotlib.patches import Circle

    return Circle(centre, radius, fc=colour, ec="#777777")


def orientation_explorer() -> Explorer:
    """Pick a lumbar joint; see its joint lines and where it sits among the levels."""
    return explore(
        "lumbar-facet-orientation",
        _draw_orientation,
        [Control("joint", "Joint", list(LUMBAR_JOINTS), value="L4-5")],
        question="Over which levels does the joint turn towards the coronal plane, and where does it barely "
        "change?",
        alt="Axial glyph of both facet joint lines and a plot of facet angle by lumbar level.",
    )


@figure("lumbar-facet-orientation-by-level")
def orientation_figure() -> tuple[Figure, str]:
    """The orientation figure at L4-5, for figures/ and print."""
    fig, update = _draw_orientation()
    update("L4-5")
    table = lumbar_orientation_table()
    alt = (
        f"Lumbar facet angle from the mid-sagittal plane by level: about {table[MEAN_COLUMN].iloc[0]:.0f}"
        f" degrees at L1-2 (the middle of a reported range: no study read reports a mean there) rising to "
        f"about {table[MEAN_COLUMN].iloc[-1]:.0f} degrees at L5-S1."
    )
    return fig, alt
