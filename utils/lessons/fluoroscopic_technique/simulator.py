"""03, section 3: which oblique opens which lumbar joint, and the C-arm simulator.

The level table puts each level's sourced facet angle beside the obliques at which the simulator's curved
teaching joint opens its posterior (aim here) and anterior lines; the explorer turns the C-arm.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note, synthetic_label
from ...core.text import plain_text
from ...models import anatomy, fluoroscopy
from ._common import ANGLES, LEVELS, aim_angle, best_angle, curve, real_joint_caveat, scene, steep_oblique_deg

#: Within this many degrees of the aim angle the simulator calls the posterior line open (display choice:
#: the needle planner meets no bone within it, tests/test_needle.py).
AIM_TOLERANCE_DEG = 3.0
#: The level table's column with the course's one oblique rule (posterior joint line).
AIM_COLUMN = "AIM: posterior joint line opens at (deg)"
#: Column of :func:`oblique_angles_table`: how far before the mean facet angle the posterior line opens.
GAP_COLUMN = "AIM is before the facet angle by (deg; illustrative curvature)"
#: The simulator's field of view at the isocentre (mm; display choice).
SIMULATOR_FOV_MM = 120.0


def _basis(joint: str) -> str:
    """What a level's facet angle is: one study's mean, the mean of several, or a range's midpoint."""
    means = sum(e.has_point_estimate for e in anatomy.axial_angle_estimates(joint))
    if means == 0:
        _, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        return (
            f"NOT a mean: only a range is available ({low:.1f}-{high:.1f}, level means of the T12-L2 "
            "vertebrae, so it includes the transitional T12); its midpoint is used"
        )
    if means == 1:
        return "one study's mean"
    return f"mean of {means} studies' means"


def oblique_angles_table() -> pd.DataFrame:
    """By level (lumbar only): the sourced facet angle and, in the curved-joint teaching model, the oblique
    at which the posterior joint line opens (aim here) and the steep oblique that shows the anterior line.

    The facet angle is the mean of the study means reported for the level (the column says how many studies);
    a study that reports only a range of level means adds its range to 'study range', not its midpoint to the
    mean. Where no study reports a mean (L1-2) the midpoint of the range stands in and the table says so,
    with the range and what it covers."""
    rows = []
    for joint in LEVELS:
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        rows.append(
            {
                "joint": joint,
                "facet angle (deg)": round(mean, 1),
                "facet angle is": _basis(joint),
                "study range (deg)": f"{low:.1f}-{high:.1f}",
                AIM_COLUMN: round(aim_angle(joint), 1),
                GAP_COLUMN: round(mean - aim_angle(joint), 1),
                "steep oblique: anterior line (deg)": round(best_angle(joint, "anterior"), 1),
            }
        )
    return pd.DataFrame(rows).set_index("joint")


def gap_text(table: pd.DataFrame) -> str:
    """'10' or '9-11': how many whole degrees before the mean facet angle the posterior line opens."""
    low, high = round(table[GAP_COLUMN].min()), round(table[GAP_COLUMN].max())
    return f"{low}" if low == high else f"{low}-{high}"


def simulator_hint(joint: str, oblique_deg: float, posterior_mm: float, anterior_mm: float) -> str:
    """What to do next at this oblique, from how open the posterior and anterior lines look (mm)."""
    aim = aim_angle(joint)
    if oblique_deg <= 0 and posterior_mm <= 0:
        return (
            f"In this model's mean joint the right {joint} posterior line is closed at {oblique_deg:g}°. "
            f"A real joint may differ: {fluoroscopy.view_statement('sagittal joints')}; "
            f"{fluoroscopy.view_statement('angle from axial imaging')} "
            f"({citations.short(fluoroscopy.view_source('sagittal joints'))}). Set each side on the live "
            "image."
        )
    if posterior_mm > 0 and abs(oblique_deg - aim) <= AIM_TOLERANCE_DEG:
        return f"The posterior joint line of right {joint} is open: aim here, the needle enters this part."
    if posterior_mm > 0:
        turn = "further" if oblique_deg < aim else "back"
        return (
            f"The posterior joint line is only partly open: turn {turn} toward about {aim:.0f}°, where "
            "it is widest."
        )
    if anterior_mm > 0:
        return (
            "Only the ANTERIOR line is open (a steep oblique): a needle from behind cannot enter "
            f"it; turn back toward about {aim:.0f}°. {real_joint_caveat(joint, oblique_deg)}"
        )
    if oblique_deg > aim:
        return f"Closed: turn back toward about {aim:.0f}°. {real_joint_caveat(joint, oblique_deg)}"
    return f"Closed: turn further toward about {aim:.0f}°."


def simulator_readout(joint: str, oblique_deg: float, tilt_deg: float) -> str:
    """The simulator's readout (HTML): the C-arm position, how open each joint line looks, what to do."""
    posterior = fluoroscopy.joint_gap_mm(joint, "right", oblique_deg, tilt_deg, "posterior")
    anterior = fluoroscopy.joint_gap_mm(joint, "right", oblique_deg, tilt_deg, "anterior")
    mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    spread = f", studies' range {low:.0f}-{high:.0f}°" if round(low) != round(high) else ""
    return (
        f"<b>{fluoroscopy.describe_angles(oblique_deg, tilt_deg)}</b><br>"
        f"Right {joint} joint seen clear of bone: posterior line <b>{posterior:.1f} mm</b>, anterior "
        f"line {anterior:.1f} mm (the posterior line opens widest at {aim_angle(joint):.0f}° in this "
        f"curved-joint lumbar model; facet angle {mean:.0f}°, {_basis(joint)}{spread}). "
        f"{simulator_hint(joint, oblique_deg, posterior, anterior)} Lumbar spine only: cervical and thoracic "
        "joints need other views."
        + (
            " Tilt moves the picture but not these widths in this model (its joint lines have no "
            "cranio-caudal curve), so the model cannot show what tilt does to a real joint."
            if tilt_deg
            else ""
        )
    )


#: The scale bar on the simulated radiograph (mm at the joint).
SCALE_BAR_MM = 20.0


def _radiograph_axes(img_ax: Axes) -> tuple[AxesImage, Line2D]:
    """The simulated radiograph: a scale bar and the patient's sides and head written on the image instead
    of millimetre axes, so the picture has the panel's whole height (on a slide too); returns the image and
    the marker of the right joint."""
    half = SIMULATOR_FOV_MM / 2
    image = img_ax.imshow(
        np.zeros((256, 256)),
        cmap="gray",
        vmin=0,
        vmax=1,
        extent=(-half, half, -half, half),
        interpolation="bilinear",
    )
    img_ax.set_xticks([])
    img_ax.set_yticks([])
    img_ax.grid(False)
    (marker_r,) = img_ax.plot([], [], "o", ms=16, mfc="none", mec=PALETTE["orange"], mew=1.5)
    white = {"color": "white", "fontsize": 8, "transform": img_ax.transAxes}
    img_ax.text(0.02, 0.02, "left", **white)
    img_ax.text(0.98, 0.02, "right", ha="right", **white)
    img_ax.text(0.02, 0.98, "\u2191 head", va="top", **white)
    bar_x = -half + 3
    # bar and label on a dark backing: over the radiograph's light field they were lost (handout review)
    img_ax.plot(
        [bar_x, bar_x + SCALE_BAR_MM],
        [-half + 13] * 2,
        color="white",
        lw=3,
        solid_capstyle="butt",
        path_effects=[patheffects.Stroke(linewidth=5, foreground="black"), patheffects.Normal()],
    )
    img_ax.text(
        bar_x,
        -half + 15,
        f"{SCALE_BAR_MM:.0f} mm",
        color="white",
        fontsize=8,
        va="bottom",
        bbox={"boxstyle": "square,pad=0.15", "fc": "black", "ec": "none", "alpha": 0.75},
    )
    synthetic_label(img_ax, "SYNTHETIC")
    return image, marker_r


def _draw_simulator() -> tuple[Figure, Callable[..., str]]:
    """Simulated radiograph (left, the panel's whole height) and how open the right joint looks against the
    oblique angle (right, its legend in a strip of its own under it)."""
    fig, _ = new_figure("slide")
    fig.clear()
    grid = fig.add_gridspec(2, 2, width_ratios=(1, 1.1), height_ratios=(5, 1))
    img_ax, curve_ax, key_ax = (
        fig.add_subplot(grid[:, 0]),
        fig.add_subplot(grid[0, 1]),
        fig.add_subplot(grid[1, 1]),
    )
    image, marker_r = _radiograph_axes(img_ax)
    title = img_ax.set_title(" ")
    curves = {}
    for portion, colour, style, label in (
        ("posterior", PALETTE["green"], "--", "posterior half (curved-joint model)"),
        ("anterior", PALETTE["vermillion"], ":", "anterior half (curved-joint model)"),
    ):
        (curves[portion],) = curve_ax.plot([], [], style, color=colour, lw=2, label=label)
    now = curve_ax.axvline(0, color="#333333", lw=1.2)
    (facet_line,) = curve_ax.plot(
        [], [], color=PALETTE["orange"], lw=6, alpha=0.35, label="facet angle: range of study means"
    )
    curve_ax.set_xlim(0, 80)
    curve_ax.set_ylim(0, 2.0)
    curve_ax.set_xlabel("oblique toward the joint's side (°)")
    curve_ax.set_ylabel("joint space clear of bone (mm)")
    # in a strip of its own under the plot: the oblique marker spans the plot's full height, so no corner
    # inside is clear, and a legend hung below the axes would meet the x label once type is larger
    key_ax.axis("off")
    key_ax.legend(*curve_ax.get_legend_handles_labels(), loc="upper center", fontsize=8, borderaxespad=0)
    curve_title = curve_ax.set_title(" ")
    shown: dict[str, str] = {}
    source_note(
        fig,
        f"Joint angles: {citations.author_year(*[anatomy.facet_angle_sources(j) for j in LEVELS])}. "
        "SYNTHETIC model of the LUMBAR spine only: schematic vertebrae; joint curvature illustrative.",
    )

    def update(joint: str, oblique_deg: float, tilt_deg: float) -> str:
        joint = anatomy.parse_joint(joint)  # once, here: every model below takes the parsed joint
        projector = scene(joint)
        image.set_data(projector.radiograph(oblique_deg, tilt_deg, round_field=True))
        centre = anatomy.facet_joint_centre_mm(joint, "right")
        ((u, v),) = projector.project_points(centre[None, :], oblique_deg, tilt_deg)
        marker_r.set_data([u], [v])
        title.set_text(
            f"{joint}: {fluoroscopy.describe_angles(oblique_deg, tilt_deg).split(' (')[0]}, "
            f"{'cranial' if tilt_deg > 0 else 'caudal' if tilt_deg < 0 else 'no'} tilt"
        )
        if shown.get("joint") != joint:
            for portion, line in curves.items():
                line.set_data(ANGLES, curve(joint, "right", portion))
            shown["joint"] = joint
        now.set_xdata([oblique_deg, oblique_deg])
        _, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        facet_line.set_data([low, max(high, low + 0.8)], [0.05, 0.05])
        curve_title.set_text(f"How open the right {joint} joint looks")
        return simulator_readout(joint, oblique_deg, tilt_deg)

    # Only these change when the angles move; the curves change with the joint (blit_on below).
    update.moving_artists = [image, marker_r, title, now]
    return fig, update


def simulator_explorer() -> Explorer:
    """The C-arm simulator with joint, oblique and tilt controls (twin: 2 joints x 7 obliques x 2 tilts).

    The twin's obliques include L4-5's aim and its steep oblique (review s13 03 F4), so a handout reader sees
    the state the question asks about: L2-3's aim is already among the round angles."""
    l45_frames = {round(aim_angle("L4-5")), round(steep_oblique_deg("L4-5"))}
    return explore(
        "carm-simulator",
        _draw_simulator,
        [
            Control("joint", "Joint", list(LEVELS), value="L4-5", twin_options=["L2-3", "L4-5"]),
            Control(
                "oblique_deg",
                "Oblique (+ = detector to patient's right)",
                (-60, 60, 1),
                value=30,
                twin_options=sorted({0, 20, 30, 45, 60} | l45_frames),
                unit="°",
            ),
            Control("tilt_deg", "Tilt (+ = cranial)", (-20, 20, 1), value=0, twin_options=[0, 10], unit="°"),
        ],
        question="At which oblique angle does the right joint space open, and is it the same angle at L2-3 "
        "and at L4-5? (Lumbar joints only.)",
        alt="Simulated lumbar radiograph from a C-arm at the chosen angles beside a plot of how open the "
        "right facet joint looks against the oblique angle.",
        blit_on=("joint",),
    )


@figure("carm-simulator-right-l4-5-oblique")
def simulator_figure() -> tuple[Figure, str]:
    """The simulator figure at the angle that opens the right L4-5 joint."""
    fig, update = _draw_simulator()
    readout = update("L4-5", round(aim_angle("L4-5")), 0)
    return fig, (
        "Simulated right oblique of L4-5 at the angle that opens its posterior joint line. "
        + plain_text(readout)
    )
