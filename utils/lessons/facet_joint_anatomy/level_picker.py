"""01, section 1 (interactive): pick a level from C2-3 to L5-S1 and see its joint lines and angle.

Lumbar levels: an axial section of the 3-D model (:mod:`facet_course.models.vertebra`); cervical and
thoracic levels: a schematic joint-line glyph (the model is lumbar only). Beside it, the level's angle among
the studies (one convention). Axial views are shown as on CT: image left = patient's right, anterior at the
top.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import anatomy
from ._common import esc
from .orientation import (
    facing_note,
    has_range_only_study,
    level_mean_text,
    spread_text,
    study_values_text,
    value_basis,
)

AXIAL_CMAP = ListedColormap(
    ["#FFFFFF", "#C9D6E3", PALETTE["sky_blue"], PALETTE["orange"], ROLE_COLOURS["bone"]]
)

#: Joints the level picker offers in its kernel-free twin (the live picker offers every level with data).
LEVEL_TWIN_JOINTS: tuple[str, ...] = (
    "C2-3",
    "C4-5",
    "C6-7",
    "T6-7",
    "T11-12",
    "L1-2",
    "L2-3",
    "L3-4",
    "L4-5",
    "L5-S1",
)

#: Where the glyph draws the joint centres (mm, schematic): lateral to the canal, behind the body.
GLYPH_JOINT_X_MM = 24.0
GLYPH_JOINT_Y_MM = 30.0

#: The top of the axial view (mm; anterior is negative): a strip above the disc (from -17 mm) for a label.
AXIAL_TOP_MM = -30.0

#: Height of the studies panel's row of drawn angles (rows: studies 0, range 1).
DRAWN_ROW = 2.6

#: The course angle's axis: 0 = sagittal, 90 = coronal (degrees).
ANGLE_TICKS = ([0, 15, 30, 45, 60, 75, 90], ["0\nsagittal", "15", "30", "45", "60", "75", "90\ncoronal"])


def _class_image(section: dict) -> np.ndarray:
    """Colour classes of an axial section: 0 none, 1 disc, 2 lower and 3 upper articular process, 4 bone."""
    labels = section["labels"]
    out = np.zeros(labels.shape, dtype=float)
    for index, part in enumerate(section["parts"]):
        if part == "disc":
            value = 1
        elif "articular_process" in part:
            value = 3 if part.endswith("_upper") else 2
        else:
            value = 4
        out[labels == index] = value
    return out


def glyph_axial_angle_deg(joint: str, side: str, tropism_deg: float = 0.0) -> float:
    """The glyph's joint-line angle for one side (degrees from the mid-sagittal plane, 0-180).

    The level's mean keeps its side of the coronal plane (review s17 of 01, F1): where the studies' mean lies
    past coronal (:func:`anatomy.axial_angle_past_coronal`) the line is drawn at 180 minus the folded mean,
    and the tropism (left minus right) is split evenly on that unfolded angle, so a side reads as past
    coronal exactly when its drawn angle is above 90 degrees.
    """
    if anatomy.axial_angle_past_coronal(joint):
        return 180.0 - anatomy.model_axial_angle_deg(joint, side, -tropism_deg)
    return anatomy.model_axial_angle_deg(joint, side, tropism_deg)


def _glyph_joint_line(joint: str, side: str, tropism_deg: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Schematic joint line of a level without 3-D bones: (centre mm, unit direction pointing back, angle)."""
    angle = glyph_axial_angle_deg(joint, side, tropism_deg)
    sign = 1.0 if side == "left" else -1.0
    centre = np.array([sign * GLYPH_JOINT_X_MM, GLYPH_JOINT_Y_MM])  # schematic articular pillars
    theta = np.radians(angle)
    return centre, np.array([sign * np.sin(theta), np.cos(theta)]), angle


def _model_joint_line(joint: str, side: str, tropism_deg: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Joint line of the 3-D model in the axial plane: (centre mm, unit direction pointing back, angle)."""
    point, normal = anatomy.facet_joint_plane(joint, side, tropism_deg)
    direction = np.array([-normal[1], normal[0]]) if side == "right" else np.array([normal[1], -normal[0]])
    direction = direction if direction[1] > 0 else -direction  # point posteriorly
    return point[:2], direction, anatomy.measured_axial_angle_deg(joint, side, tropism_deg)


def _axial_panel(ax: Axes) -> dict:
    """The left panel (axial view as on CT) with empty artists that the update fills."""
    extent = (-45.0, 45.0)
    ax.set_aspect("equal")
    art: dict = {}
    art["image"] = ax.imshow(
        np.zeros((2, 2)),
        cmap=AXIAL_CMAP,
        vmin=0,
        vmax=4,
        interpolation="nearest",
        origin="lower",
        extent=(extent[0], extent[1], -25.0, 65.0),
    )
    dims = anatomy.DIMENSIONS
    body = Ellipse(
        (0, 0), 2 * dims.body_half_width, 2 * dims.body_half_depth, fc=ROLE_COLOURS["bone"], ec="#999999"
    )
    canal = Ellipse((0, dims.body_half_depth + 9), 18, 14, fc="white", ec="#999999", ls="--")
    ax.add_patch(body)
    ax.add_patch(canal)
    art["glyph"] = (body, canal)
    # x = patient's left, so image left = patient's right, as on CT; 10 mm spare each side for the angle
    # labels beside the joints in large type
    ax.set_xlim(extent[0] - 10, extent[1] + 10)
    # anterior (negative y) at the top, as on CT; a strip above the disc for the mid-sagittal label
    ax.set_ylim(62, AXIAL_TOP_MM)
    ax.axvline(0, ls="--", color="#777777", lw=1)
    # beside its line, above the disc: clear of the line, the disc's outline and its label (handout review)
    ax.text(-1.5, AXIAL_TOP_MM + 1, "mid-sagittal", fontsize=8, color="#555555", ha="right", va="top")
    art["lines"] = {side: ax.plot([], [], color=PALETTE["vermillion"], lw=2.5)[0] for side in anatomy.SIDES}
    (art["ref"],) = ax.plot([], [], ":", color="#444444", lw=1)
    (art["arc"],) = ax.plot([], [], color=PALETTE["vermillion"], lw=1.5)
    art["angles"] = {
        side: ax.text(0, 0, "", color=PALETTE["vermillion"], fontsize=10, fontweight="bold")
        for side in anatomy.SIDES
    }
    # a little in from the axes' edges, so the words never touch the axis (handout review)
    ax.text(-52, 61, "patient's\nright", fontsize=8, color="#555555", va="bottom")
    ax.text(52, 61, "patient's\nleft", fontsize=8, color="#555555", ha="right", va="bottom")
    # in the middle of the disc (or body), on a patch of its own colour that the mid-sagittal line passes
    # behind (update sets the colour)
    art["body_label"] = ax.text(
        0,
        0,
        "disc",
        fontsize=8,
        ha="center",
        va="center",
        color="#555555",
        zorder=3,
        bbox={"boxstyle": "square,pad=0.15", "ec": "none", "fc": AXIAL_CMAP.colors[1]},
    )
    ax.set_xlabel("left-right (mm)")
    ax.set_ylabel("anterior-posterior (mm)")
    art["title"] = ax.set_title("", fontsize=10)
    ax.grid(False)
    return art


def _studies_panel(bx: Axes) -> dict:
    """The right panel: this level's angle among the studies (one convention), empty artists to fill."""
    bx.set_xlim(0, 90)
    # the drawn row stands higher: room under it for up to three lines of the range text in slide type
    bx.set_ylim(-0.6, 3.4)
    bx.set_yticks(
        [0, 1, DRAWN_ROW], ["studies\n(converted)", "range across\nstudies", "drawn\n(left / right)"]
    )
    bx.set_xlabel("axial angle from mid-sagittal plane (degrees)")
    bx.set_xticks(*ANGLE_TICKS)
    art: dict = {}
    (art["studies"],) = bx.plot([], [], "o", color=PALETTE["blue"], ms=8)
    (art["range"],) = bx.plot([], [], color="#999999", lw=10, alpha=0.6, solid_capstyle="butt")
    (art["mean"],) = bx.plot([], [], "|", color=PALETTE["black"], ms=30, mew=2)
    (art["model"],) = bx.plot([], [], "D", color=PALETTE["vermillion"], ms=8)
    art["mean_text"] = bx.text(0, 1.35, "", fontsize=9, ha="center")
    art["region"] = bx.text(45, 3.15, "", fontsize=9, ha="center", fontweight="bold")
    bx.set_title("This level among the studies")
    return art


def course_angle(drawn_deg: float) -> tuple[float, bool]:
    """A drawn joint-line angle (0-180 degrees from the mid-sagittal plane) in the course convention.

    Returns the acute angle (0-90 degrees, folded as the conversion folds a study's value past 90) and
    whether the line has turned past the coronal plane (its superior facet then faces posterolaterally).
    """
    return anatomy.to_course_axial_angle(drawn_deg, "mid-sagittal"), drawn_deg > 90.0


def _drawn_text(drawn: tuple[float, float], tropism_deg: float = 0.0) -> str:
    """The drawn angles in the course convention, naming a side whose joint line has turned past coronal."""
    parts, past = [], []
    for side, angle in zip(anatomy.SIDES, drawn, strict=True):
        folded, turned = course_angle(angle)
        parts.append(f"{side} {folded:.1f}°" + (" (past coronal)" if turned else ""))
        if turned:
            past.append(side)
    text = f"Drawn (tropism {tropism_deg:g}°): " + ", ".join(parts)
    if past:
        sides = " and ".join(past)
        source = esc(citations.short(citations.source("cervical_facet_facing_transition")))
        text += (
            f". On the {sides} the joint line has turned past the coronal plane: its superior facet faces "
            "posterolaterally instead of posteromedially, a change that cervical spines make anywhere from "
            f"C3-4 to C7-T1, most often at C5-6 ({source})"
        )
    return text


#: Joints at the thoracolumbar junction, where the sources disagree on which side of the switch a level lies.
JUNCTION_JOINTS = ("T11-12", "T12-L1")


def junction_warning() -> str:
    """One sentence for the thoracic table: the junction levels' values are one study's, and orientation there
    varies widely between people (the same warning the level picker gives at these levels)."""
    junction_source = esc(citations.short(citations.source("thoracolumbar_junction_two_groups")))
    return (
        f"**{' and '.join(JUNCTION_JOINTS)}:** at the thoracolumbar junction facet orientation is highly "
        "variable between people: one orientation in most spines, another in a minority "
        f"({junction_source}); a level's SD, where one study gives it, shows the spread. The values above "
        "are not a patient's. Look at the patient's own images before choosing a C-arm angle."
    )


def _level_readout(joint: str, tropism_deg: float, drawn: tuple[float, float]) -> str:
    """What the picker says about a level: its mean and range across studies, the drawn angles (course
    convention, 0-90 degrees; a side turned past coronal named), notes."""
    region = anatomy.region_of(joint)
    mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    notes = []
    trop = anatomy.tropism_deg(joint)
    if trop is not None:
        notes.append(f"Reported mean left-right difference at this level: {trop:.1f}°.")
    incl = anatomy.facet_inclination_deg(joint)
    if incl is not None:
        incl_sources = esc(citations.short(anatomy.facet_inclination_sources(joint)))
        if len(anatomy.inclination_estimates(joint)) > 1:  # different methods: never pooled into one mean
            notes.append(
                f"Seen from the side the facet is inclined <b>{incl[1]:.0f}-{incl[2]:.0f}°</b> to the axial "
                f"plane; the studies measured it in different ways, so no mean is given ({incl_sources})."
            )
        else:  # one study: its range is its left and right sides (review s13 of 01, F5)
            sides = f", left and right sides {incl[1]:.0f}-{incl[2]:.0f}°" if incl[1] < incl[2] else ""
            notes.append(
                f"Seen from the side the facet is inclined <b>{incl[0]:.0f}°</b> to the axial plane (one "
                f"study{sides}; {incl_sources})."
            )
    ranges_only = any(e.statistic == "range_of_means" for e in anatomy.axial_angle_estimates(joint))
    if ranges_only and region == "thoracic" and joint != "T12-L1":  # T12-L1: a thoracolumbar band
        notes.append("The thoracic sources give one band for the whole thoracic spine, not per-level means.")
    if joint in JUNCTION_JOINTS:
        junction_source = esc(citations.short(citations.source("thoracolumbar_junction_two_groups")))
        notes.append(
            "At the thoracolumbar junction the facets change from near-coronal to near-sagittal, and their "
            "orientation there is highly variable between people: the dry-bone study found one orientation "
            f"in most spines and another in a minority ({junction_source}). "
            "Look at the patient's own images before choosing a C-arm angle."
        )
    if joint in anatomy.LUMBAR_JOINTS:
        notes.append(
            "The mean angle is a guide, not a setting: set the C-arm oblique on fluoroscopy "
            "(or the patient's axial images) for the posterior joint cleft the needle enters. "
            "The means of neighbouring lower lumbar levels differ by less than the spread between "
            "studies at one level, and left and right often differ."
        )
    else:
        notes.append("Drawn as a schematic glyph: the course's 3-D model is lumbar only.")
    angle_sources = esc(citations.short(anatomy.facet_angle_sources(joint)))
    if has_range_only_study(joint):  # review s12 of 01, F3-F5: a band is never a level's mean or range
        level_mean = level_mean_text(joint)
        value, _, who = level_mean.partition(" (")
        head = "no level mean" if level_mean == "no level value" else f"mean <b>{value}°</b> ({who}"
        spread = f"each study: {study_values_text(joint)} (degrees)"
    else:
        head = f"mean <b>{mean:.1f}°</b>"
        spread = (
            f"range {spread_text(joint)}°" if low < high else spread_text(joint).replace(" (", "° (", 1)
        )  # one study's SD where its range would be a single value (review s10 of 01, F5)
    drawn_text = _drawn_text(drawn, tropism_deg)
    facing = facing_note(joint)
    if facing:
        notes.insert(0, facing)
    if has_range_only_study(joint) and level_mean_text(joint) == "no level value":  # review s13 of 01, F6
        drawn_text += (
            ". It is drawn in the middle of the band(s) reported for several levels: not a measured level"
        )
    return (
        f"<b>{joint}</b> ({region}): axial angle from the mid-sagittal plane, {head}, "
        f"{spread} "
        f"({value_basis(joint)}; {angle_sources}). "
        f"{drawn_text}. " + " ".join(notes)
    )


def _bone_lateral_mm(section: dict, side: str, y_mm: float, within_mm: float = 6.0) -> float:
    """How far from the midline (mm, >= 0) the section's bone reaches on one side, within ``within_mm`` of
    the anterior-posterior level ``y_mm``: where a label beside the articular processes may start."""
    classes = _class_image(section)
    rows = np.abs(np.asarray(section["y"]) - y_mm) <= within_mm
    x = np.asarray(section["x"])
    columns = (classes[rows] >= 2).any(axis=0) & ((x > 0) if side == "left" else (x < 0))
    return float(np.abs(x[columns]).max()) if columns.any() else 0.0


def _draw_joint_lines(
    art: dict, joint: str, tropism_deg: float, section: dict | None = None
) -> tuple[float, float]:
    """Draw both joint lines, their angle labels and the left arc; returns the (left, right) angles.
    ``section``: the model's axial section at a lumbar joint (None: a schematic glyph)."""
    modelled = section is not None
    angles = []
    for side in anatomy.SIDES:
        line_of = _model_joint_line if modelled else _glyph_joint_line
        point, direction, angle = line_of(joint, side, tropism_deg)
        half = 14 if modelled else 9
        ends = np.array([point - half * direction, point + half * direction])
        art["lines"][side].set_data(ends[:, 0], ends[:, 1])
        label = art["angles"][side]
        folded, turned = course_angle(angle)
        label.set_text(f"{folded:.0f}°" + (" past\ncoronal" if turned else ""))
        outward = 1.0 if side == "left" else -1.0  # patient's left is image right
        if section is not None:  # beyond the line's lateral end and the articular processes (handout review)
            lateral = max(*(outward * ends[:, 0]), _bone_lateral_mm(section, side, point[1]))
            label.set_position((outward * (lateral + 2), point[1]))
            label.set_ha("left" if side == "left" else "right")
            label.set_va("center")
        else:  # above the line's lateral half: clear of the arc and reference line under it
            label.set_position((point[0] + 10 * outward, min(ends[:, 1]) - 2))
            label.set_ha("center")
            label.set_va("bottom")
        angles.append(angle)
        if side == "left":
            art["ref"].set_data([point[0], point[0]], [point[1], point[1] + 16])
            phi = np.linspace(0, np.radians(angle), 25)
            art["arc"].set_data(point[0] + 10 * np.sin(phi), point[1] + 10 * np.cos(phi))
    return angles[0], angles[1]


def _draw_studies(art: dict, joint: str, drawn: tuple[float, float]) -> None:
    """The right panel for one level: study values, range and mean, the drawn angles, the region."""
    points = [e.estimate_deg for e in anatomy.axial_angle_estimates(joint) if e.has_point_estimate]
    art["studies"].set_data(points, [0] * len(points))  # a study that gives only a range: the bar only
    mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    art["range"].set_data([low, high], [1, 1])
    art["mean"].set_data([mean], [1])
    level_mean = level_mean_text(joint)
    art["mean_text"].set_text(
        f"bands only, middle drawn   {low:.1f}-{high:.1f}°"
        if level_mean == "no level value"
        else f"mean {level_mean.split(' (')[0]}°   studies {low:.1f}-{high:.1f}°"
    )
    if anatomy.axial_angle_past_coronal(joint):  # the folded angle hides the side (review s17 of 01, F1)
        art["mean_text"].set_text(
            art["mean_text"].get_text() + "\nmean past coronal: the facet\nfaces posterolaterally"
        )
    art["mean_text"].set_x(45)  # centred: the widest line fits the panel in slide type
    art["model"].set_data([course_angle(a)[0] for a in drawn], [DRAWN_ROW, DRAWN_ROW])
    region = anatomy.region_of(joint)
    art["region"].set_text(region)
    art["region"].set_color(ROLE_COLOURS[region])


def _draw_level() -> tuple[Figure, Callable[..., str]]:
    """Axial view at a joint (lumbar: section of the 3-D model; cervical, thoracic: a schematic joint-line
    glyph); the level's angle against the range across studies."""
    fig, (ax, bx) = new_figure("slide", ncols=2)
    art = _axial_panel(ax)
    art.update(_studies_panel(bx))
    fig.suptitle(
        "Pick a level: the joint line and its angle (schematic drawing, sourced angle)", fontweight="bold"
    )
    frame = anatomy.orientation_table()
    source_note(fig, citations.cite(frame[frame["quantity"] == "axial_angle"]) + ". Bone shapes schematic.")
    sections: dict[str, dict] = {}
    allowed = anatomy.levels_with_axial_angle()

    def update(joint: str = "L4-5", tropism_deg: float = 0.0) -> str:
        if joint not in allowed:
            raise ValueError(
                f"joint must be one of {', '.join(allowed)} (the levels with a sourced facet angle); "
                f"got {joint!r}"
            )
        joint = anatomy.parse_joint(joint)  # once, here: the models below take the parsed joint
        modelled = joint in anatomy.LUMBAR_JOINTS
        for artist in art["glyph"]:
            artist.set_visible(not modelled)
        art["image"].set_visible(modelled)
        art["body_label"].set_text("disc" if modelled else "vertebral\nbody")
        art["body_label"].get_bbox_patch().set_facecolor(
            AXIAL_CMAP.colors[1] if modelled else ROLE_COLOURS["bone"]
        )
        sec = None
        if modelled:
            key = f"{joint}|{tropism_deg}"
            if key not in sections:
                centre = anatomy.facet_joint_centre_mm(joint, "left")
                sections[key] = anatomy.axial_section(
                    anatomy.segment_solids(joint, tropism_deg), float(centre[2]), extent_mm=45.0, step_mm=0.5
                )
            sec = sections[key]
            art["image"].set_data(_class_image(sec))
            art["image"].set_extent((sec["x"][0], sec["x"][-1], sec["y"][0], sec["y"][-1]))
        drawn = _draw_joint_lines(art, joint, tropism_deg, sec)
        art["title"].set_text(  # two lines at every level: the layout is made once, for the first
            f"{joint}: axial section at the joint (as on CT)\nsection of the 3-D lumbar model"
            if modelled
            else f"{joint}: joint lines, axial view (as on CT)\nschematic glyph (3-D model: lumbar only)"
        )
        _draw_studies(art, joint, drawn)
        return _level_readout(joint, tropism_deg, drawn)

    return fig, update


def level_explorer() -> Explorer:
    """Pick any level from C2-3 to L5-S1 and a left-right asymmetry; see the joint lines, angle and range."""
    joints = anatomy.levels_with_axial_angle()
    return explore(
        "facet-level-axial-view",
        _draw_level,
        [
            Control(
                "joint",
                "Joint",
                joints,
                value="L4-5",
                twin_options=[j for j in LEVEL_TWIN_JOINTS if j in joints],
            ),
            Control(
                "tropism_deg",
                "Tropism (left minus right)",
                (-10.0, 10.0, 1.0),
                value=0.0,
                twin_options=[-8.0, 0.0, 8.0],
                unit="deg",
            ),
        ],
        question="Going down from C2-3 to L5-S1, where does the joint line swing from near-coronal to "
        "near-sagittal, and which lumbar level has the widest range across studies?",
        alt="Axial view at the chosen facet joint (lumbar: a section of the schematic 3-D model; cervical "
        "and thoracic: a schematic joint-line glyph) with both joint lines and their angle from the "
        "mid-sagittal plane, beside the level's study values and range.",
    )


def _axial_level_figure(joint: str) -> tuple[Figure, str]:
    """The picker drawn at one level (no tropism), with alt text."""
    fig, update = _draw_level()
    update(joint, 0.0)
    mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    if joint in anatomy.LUMBAR_JOINTS:
        alt = (
            f"Axial section of the model at the {joint} facet joints: both joint lines run from anteromedial "
            f"to posterolateral at {mean:.0f} degrees from the mid-sagittal plane "
            f"(studies {low:.0f}-{high:.0f})."
        )
    else:
        side = (
            "just past the coronal plane (superior facets facing posterolaterally)"
            if anatomy.axial_angle_past_coronal(joint)
            else "close to coronal"
        )
        alt = (
            f"Schematic axial glyph of the {joint} facet joints: both joint lines lie {mean:.0f} degrees "
            f"from the mid-sagittal plane, {side} (studies {low:.0f}-{high:.0f})."
        )
    return fig, alt


@figure("facet-axial-section-L4-5-joint-lines")
def axial_section_figure() -> tuple[Figure, str]:
    """The L4-5 axial section of the model with both joint lines and their angle."""
    return _axial_level_figure("L4-5")


@figure("facet-axial-glyph-C5-6-near-coronal")
def axial_glyph_figure() -> tuple[Figure, str]:
    """The C5-6 joint-line glyph: a near-coronal cervical joint."""
    return _axial_level_figure("C5-6")
