"""Figures, explorers, self-check and references for notebook 01 (facet joint anatomy).

Draws what :mod:`facet_course.anatomy` and :mod:`facet_course.innervation` compute; every number comes from
``data/`` through those models or the data layer. Image conventions: axial views are shown as on CT
(image left = patient's right, anterior at the top); posterior views as seen from behind the patient
(image left = patient's left).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyBboxPatch, Polygon

from ...core import data
from ...core.data import short_citations as _short
from ...core.explore import Control, Explorer, explore
from ...core.selfcheck import Question
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import anatomy, innervation, safety

# ------------------------------------------------------------------------------------------------------
# Shared helpers
# ------------------------------------------------------------------------------------------------------

STUDY_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def _joints_with_angles() -> list[str]:
    return anatomy.levels_with_axial_angle()


def _author_year(source_id: str) -> str:
    """'Manchikanti 2004' for compact labels."""
    ref = data.reference(source_id)
    return f"{ref.authors.split(',')[0].split()[0]} {ref.year}"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


# ------------------------------------------------------------------------------------------------------
# 1. Orientation by level: every study, converted to one convention
# ------------------------------------------------------------------------------------------------------

REGION_NAMES: tuple[str, ...] = ("cervical", "thoracic", "lumbar")


def _check_region(region: str | None) -> None:
    if region is not None and region not in REGION_NAMES:
        raise ValueError(f"region must be one of {', '.join(REGION_NAMES)} (or None for all); got {region!r}")


def _joints_in(region: str | None) -> list[str]:
    _check_region(region)
    return [j for j in _joints_with_angles() if region is None or anatomy.region_of(j) == region]


def orientation_studies_table(region: str | None = None) -> pd.DataFrame:
    """Each study's axial facet angle per level, converted to degrees from the mid-sagittal plane.

    A study that reports only a range of level means shows that range ('range only'), never its midpoint.

    ``region`` ('cervical', 'thoracic' or 'lumbar') keeps one region; None keeps every level with data.
    """
    rows = []
    for joint in _joints_in(region):
        for est in anatomy.axial_angle_estimates(joint):
            rows.append(
                {
                    "joint": joint,
                    "study": data.reference(est.source_id).short(),
                    "estimate (deg)": round(est.estimate_deg, 1) if est.has_point_estimate else "range only",
                    "low (deg)": round(est.low_deg, 1),
                    "high (deg)": round(est.high_deg, 1),
                    "reported as": est.statistic,
                }
            )
    return pd.DataFrame(rows)


def orientation_summary_table(region: str | None = None) -> pd.DataFrame:
    """Per level: mean and range across studies (degrees from mid-sagittal), with reported tropism.

    ``region`` ('cervical', 'thoracic' or 'lumbar') keeps one region; None keeps every level with data.
    """
    rows = []
    for joint in _joints_in(region):
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        trop = anatomy.tropism_deg(joint)
        rows.append(
            {
                "joint": joint,
                "mean (deg)": round(mean, 1),
                "range across studies (deg)": f"{low:.1f}-{high:.1f}",
                "studies": len(anatomy.axial_angle_estimates(joint)),
                "mean left-right difference (deg)": "" if trop is None else round(trop, 1),
            }
        )
    table = pd.DataFrame(rows).set_index("joint")
    if region is not None and (table["mean left-right difference (deg)"] == "").all():
        table = table.drop(columns="mean left-right difference (deg)")  # no tropism reported here
    return table


def _conversion_rule(plane: str, value: float) -> str:
    if plane == "mid-sagittal":
        return "kept" if value <= 90 else "180 - value (past coronal)"
    if plane in ("coronal", "vertical"):
        return "90 - value"
    return "kept"


def conversion_table() -> pd.DataFrame:
    """One reported number per study and quantity: as reported, the plane, the conversion, the course value.

    The course convention: axial angle from the mid-sagittal plane (0 = sagittal, 90 = coronal); inclination
    to the axial plane (90 = vertical). Conversions are done by :mod:`facet_course.anatomy`.
    """
    frame = anatomy.orientation_table()
    frame = frame[frame["quantity"].isin(["axial_angle", "inclination_to_axial"])]
    rows = []
    for (source_id, quantity, _), group in frame.groupby(
        ["source_id", "quantity", "reference_plane"], sort=False
    ):
        with_value = group[group["value_deg"].notna()]
        row = with_value.loc[with_value["value_deg"].idxmax()] if not with_value.empty else group.iloc[0]
        plane = str(row["reference_plane"])
        convert = (
            anatomy.to_course_axial_angle if quantity == "axial_angle" else anatomy.to_course_inclination
        )
        if pd.notna(row["value_deg"]):
            value = float(row["value_deg"])
            reported = f"{value:g}"
            course = f"{convert(value, plane):.1f}"
        else:
            value = float(row["low_deg"])
            reported = f"{row['low_deg']:g}-{row['high_deg']:g}"
            low, high = sorted((convert(row["low_deg"], plane), convert(row["high_deg"], plane)))
            course = f"{low:.1f}-{high:.1f}"
        rows.append(
            {
                "study": _author_year(str(source_id)),
                "joint": row["level"],
                "quantity": "axial angle" if quantity == "axial_angle" else "inclination",
                "reported (deg)": reported,
                "measured against": plane + (" plane" if plane != "vertical" else " (radiograph)"),
                "conversion": _conversion_rule(plane, value),
                "course value (deg)": course,
            }
        )
    return pd.DataFrame(rows)


def cervical_inclination_table() -> pd.DataFrame:
    """Cervical facet inclination to the axial plane by level (degrees), converted from each study's plane."""
    rows = []
    for joint in anatomy.joints_in_region("cervical"):
        found = anatomy.facet_inclination_deg(joint)
        if found is None:
            continue
        rows.append(
            {
                "joint": joint,
                "inclination to axial plane (deg)": round(found[0], 1),
                "range across studies (deg)": f"{found[1]:.1f}-{found[2]:.1f}",
                "source": _short(";".join(_ids_for_inclination(joint))),
            }
        )
    return pd.DataFrame(rows).set_index("joint")


def _ids_for_inclination(joint: str) -> list[str]:
    frame = anatomy.orientation_table()
    rows = frame[(frame["level"] == joint) & (frame["quantity"] == "inclination_to_axial")]
    return list(dict.fromkeys(s for group in rows["source_id"] for s in group.split(";")))


STUDY_COLOURS = (
    PALETTE["blue"],
    PALETTE["orange"],
    PALETTE["green"],
    PALETTE["purple"],
    PALETTE["vermillion"],
    PALETTE["sky_blue"],
    PALETTE["black"],
)


def _study_order(estimates_by_joint: dict[str, list[anatomy.StudyEstimate]]) -> list[str]:
    sources: list[str] = []
    for estimates in estimates_by_joint.values():
        for est in estimates:
            if est.source_id not in sources:
                sources.append(est.source_id)
    return sources


def _plot_studies(ax, joints: list[str], estimates_by_joint: dict, sources: list[str], styles: dict) -> None:
    for k, sid in enumerate(sources):
        xs, lo, hi, point_xs, ys = [], [], [], [], []
        for i, joint in enumerate(joints):
            for est in estimates_by_joint[joint]:
                if est.source_id == sid:
                    x = i + (k - (len(sources) - 1) / 2) * 0.1
                    xs.append(x)
                    lo.append(est.low_deg)
                    hi.append(est.high_deg)
                    if est.has_point_estimate:  # a range of level means is drawn as its bar only
                        point_xs.append(x)
                        ys.append(est.estimate_deg)
        marker, colour = styles[sid]
        ax.vlines(xs, lo, hi, color=colour, lw=2.5, alpha=0.55, label=None if point_xs else _author_year(sid))
        if point_xs:
            ax.plot(point_xs, ys, marker, color=colour, ms=5, label=_author_year(sid), ls="none")


def orientation_by_study_figure() -> tuple[Figure, str]:
    """Axial angle by level, C2-3 to L5-S1, every study shown; cervical inclination; one convention each."""
    fig, (first,) = new_figure("slide")
    first.remove()
    ax, cx = fig.subplots(1, 2, width_ratios=[2.4, 1])
    joints = _joints_with_angles()
    x = np.arange(len(joints))
    by_joint = {j: anatomy.axial_angle_estimates(j) for j in joints}
    incl_joints = [j for j in anatomy.levels_with_inclination() if anatomy.region_of(j) == "cervical"]
    incl_by_joint = {j: anatomy.inclination_estimates(j) for j in incl_joints}
    sources = _study_order(by_joint)
    sources += [s for s in _study_order(incl_by_joint) if s not in sources]
    styles = {
        sid: (STUDY_MARKERS[k % len(STUDY_MARKERS)], STUDY_COLOURS[k % len(STUDY_COLOURS)])
        for k, sid in enumerate(sources)
    }
    for region in REGION_NAMES:
        idx = [i for i, j in enumerate(joints) if anatomy.region_of(j) == region]
        if not idx:
            continue
        ax.axvspan(min(idx) - 0.5, max(idx) + 0.5, color=ROLE_COLOURS[region], alpha=0.08, lw=0)
        ax.text(
            (min(idx) + max(idx)) / 2,
            93,
            region,
            ha="center",
            va="bottom",
            fontsize=9,
            color=ROLE_COLOURS[region],
            fontweight="bold",
        )
    _plot_studies(
        ax,
        joints,
        by_joint,
        [s for s in sources if any(e.source_id == s for ests in by_joint.values() for e in ests)],
        styles,
    )
    means = [anatomy.facet_angle_to_sagittal_deg(j)[0] for j in joints]
    ax.plot(x, means, "-", color=PALETTE["black"], lw=1.3, label="mean across studies")
    ax.set_xticks(x, joints, rotation=90, fontsize=7)
    ax.set_xlim(-0.6, len(joints) - 0.4)
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 15, 30, 45, 60, 75, 90], ["0\nsagittal", "15", "30", "45", "60", "75", "90\ncoronal"])
    ax.set_xlabel("facet joint")
    ax.set_ylabel("axial angle from mid-sagittal plane (degrees)")
    ax.set_title("Axial plane: near-coronal in neck and chest, near-sagittal at upper lumbar", fontsize=10)
    ax.legend(loc="lower left", fontsize=6.5, ncols=2, framealpha=0.9)
    # right: cervical inclination, every study
    cxs = np.arange(len(incl_joints))
    _plot_studies(cx, incl_joints, incl_by_joint, _study_order(incl_by_joint), styles)
    cx.set_xticks(cxs, incl_joints, rotation=90, fontsize=7)
    cx.set_xlim(-0.6, len(incl_joints) - 0.4)
    cx.set_ylim(0, 100)
    cx.set_yticks([0, 30, 45, 60, 90], ["0\nhorizontal", "30", "45", "60", "90\nvertical"])
    cx.set_xlabel("facet joint")
    cx.set_ylabel("inclination to axial plane (degrees)")
    cx.set_title("Cervical: sloped (side view)", fontsize=10)
    cx.legend(loc="lower left", fontsize=6.5, framealpha=0.9)
    fig.suptitle("Facet orientation by level, every study converted to one convention", fontweight="bold")
    frame = anatomy.orientation_table()
    source_note(
        fig,
        data.cite(frame)
        + ". Bars: range reported (thoracic: one band for the whole region, not per-level means).",
    )
    thoracic = [
        m for j, m in zip(joints, means, strict=True) if anatomy.region_of(j) == "thoracic" and j != "T12-L1"
    ]
    cervical = [m for j, m in zip(joints, means, strict=True) if anatomy.region_of(j) == "cervical"]
    lumbar = {j: m for j, m in zip(joints, means, strict=True) if j in anatomy.LUMBAR_JOINTS}
    incl = [anatomy.facet_inclination_deg(j)[0] for j in incl_joints]
    alt = (
        "Left: axial facet angle from the mid-sagittal plane for every level from "
        f"{joints[0]} to {joints[-1]}, each study a marker with its range. Cervical means "
        f"{min(cervical):.0f}-{max(cervical):.0f} degrees and thoracic "
        f"{min(thoracic):.0f}-{max(thoracic):.0f} degrees (near coronal); at the thoracolumbar junction "
        "the angle drops to about "
        f"{min(lumbar.values()):.0f} degrees and rises again to {lumbar['L5-S1']:.0f} degrees at L5-S1. "
        f"Right: cervical facets inclined {min(incl):.0f}-{max(incl):.0f} degrees to the axial plane."
    )
    return fig, alt


# ------------------------------------------------------------------------------------------------------
# 2. Level picker: axial section of the model (lumbar) or a joint-line glyph (cervical, thoracic)
# ------------------------------------------------------------------------------------------------------

_PART_CLASS = {"disc": 1, "articular": 2}


def _class_image(section: dict) -> np.ndarray:
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


def _glyph_joint_line(joint: str, side: str, tropism_deg: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Schematic joint line of a level without 3-D bones: (centre mm, unit direction pointing back, angle)."""
    angle = anatomy.model_axial_angle_deg(joint, side, tropism_deg)
    sign = 1.0 if side == "left" else -1.0
    centre = np.array([sign * GLYPH_JOINT_X_MM, GLYPH_JOINT_Y_MM])  # schematic articular pillars
    theta = np.radians(angle)
    return centre, np.array([sign * np.sin(theta), np.cos(theta)]), angle


def make_axial_level_figure() -> tuple[Figure, Callable[..., str]]:
    """Axial view at a joint (lumbar: section of the 3-D model; cervical, thoracic: a schematic joint-line
    glyph); the level's angle against the range across studies."""
    fig, (ax, bx) = new_figure("slide", ncols=2)
    extent = (-45.0, 45.0)
    ax.set_aspect("equal")
    image = ax.imshow(
        np.zeros((2, 2)),
        cmap=AXIAL_CMAP,
        vmin=0,
        vmax=4,
        interpolation="nearest",
        origin="lower",
        extent=(extent[0], extent[1], -25.0, 65.0),
    )
    dims = anatomy.DIMENSIONS
    glyph_body = Ellipse(
        (0, 0), 2 * dims.body_half_width, 2 * dims.body_half_depth, fc=ROLE_COLOURS["bone"], ec="#999999"
    )
    ax.add_patch(glyph_body)
    glyph_canal = Ellipse((0, dims.body_half_depth + 9), 18, 14, fc="white", ec="#999999", ls="--")
    ax.add_patch(glyph_canal)
    glyph_note = ax.text(
        0,
        56,
        "schematic joint-line glyph:\nthe 3-D model is lumbar only",
        ha="center",
        va="center",
        fontsize=8,
        color="#444444",
        bbox={"fc": "#FFF8E0", "ec": "#C8B560", "pad": 2},
    )
    ax.set_xlim(extent[0], extent[1])  # x = patient's left, so image left = patient's right, as on CT
    ax.set_ylim(62, -22)  # anterior (negative y) at the top, as on CT
    ax.axvline(0, ls="--", color="#777777", lw=1)
    ax.text(1, -20, "mid-sagittal", fontsize=8, color="#555555", ha="right", va="top")
    (line_l,) = ax.plot([], [], color=PALETTE["vermillion"], lw=2.5)
    (line_r,) = ax.plot([], [], color=PALETTE["vermillion"], lw=2.5)
    (ref_l,) = ax.plot([], [], ":", color="#444444", lw=1)
    (arc_l,) = ax.plot([], [], color=PALETTE["vermillion"], lw=1.5)
    angle_l = ax.text(0, 0, "", color=PALETTE["vermillion"], fontsize=10, fontweight="bold")
    angle_r = ax.text(0, 0, "", color=PALETTE["vermillion"], fontsize=10, fontweight="bold")
    ax.text(-42, 60, "patient's\nright", fontsize=8, color="#555555", va="bottom")
    ax.text(42, 60, "patient's\nleft", fontsize=8, color="#555555", ha="right", va="bottom")
    body_label = ax.text(0, -10, "disc", fontsize=8, ha="center", color="#555555")
    ax.set_xlabel("left-right (mm)")
    ax.set_ylabel("anterior-posterior (mm)")
    title = ax.set_title("", fontsize=10)
    ax.grid(False)
    # right panel: this level's angle among the studies (one convention)
    bx.set_xlim(0, 90)
    bx.set_ylim(-0.8, 2.8)
    bx.set_yticks([0, 1, 2], ["studies\n(converted)", "range across\nstudies", "drawn\n(left / right)"])
    bx.set_xlabel("axial angle from mid-sagittal plane (degrees)")
    bx.set_xticks([0, 15, 30, 45, 60, 75, 90], ["0\nsagittal", "15", "30", "45", "60", "75", "90\ncoronal"])
    (study_pts,) = bx.plot([], [], "o", color=PALETTE["blue"], ms=8)
    (range_bar,) = bx.plot([], [], color="#999999", lw=10, alpha=0.6, solid_capstyle="butt")
    (mean_mark,) = bx.plot([], [], "|", color=PALETTE["black"], ms=30, mew=2)
    (model_pts,) = bx.plot([], [], "D", color=PALETTE["vermillion"], ms=8)
    mean_text = bx.text(0, 1.35, "", fontsize=9, ha="center")
    region_text = bx.text(45, 2.55, "", fontsize=9, ha="center", fontweight="bold")
    bx.set_title("This level among the studies")
    fig.suptitle(
        "Pick a level: the joint line and its angle (schematic drawing, sourced angle)", fontweight="bold"
    )
    frame = anatomy.orientation_table()
    source_note(fig, data.cite(frame[frame["quantity"] == "axial_angle"]) + ". Bone shapes schematic.")
    sections: dict[str, dict] = {}
    allowed = _joints_with_angles()

    def update(joint: str = "L4-5", tropism_deg: float = 0.0) -> str:
        if joint not in allowed:
            raise ValueError(
                f"joint must be one of {', '.join(allowed)} (the levels with a sourced facet angle); "
                f"got {joint!r}"
            )
        modelled = joint in anatomy.LUMBAR_JOINTS
        region = anatomy.region_of(joint)
        for artist in (glyph_body, glyph_canal, glyph_note):
            artist.set_visible(not modelled)
        image.set_visible(modelled)
        body_label.set_text("disc" if modelled else "vertebral body")
        texts = []
        if modelled:
            key = f"{joint}|{tropism_deg}"
            if key not in sections:
                centre = anatomy.facet_joint_centre_mm(joint, "left")
                sections[key] = anatomy.axial_section(
                    anatomy.segment_solids(joint, tropism_deg), float(centre[2]), extent_mm=45.0, step_mm=0.5
                )
            sec = sections[key]
            image.set_data(_class_image(sec))
            image.set_extent((sec["x"][0], sec["x"][-1], sec["y"][0], sec["y"][-1]))
        for side, line, label in (("left", line_l, angle_l), ("right", line_r, angle_r)):
            if modelled:
                point, normal = anatomy.facet_joint_plane(joint, side, tropism_deg)
                point = point[:2]
                direction = (
                    np.array([-normal[1], normal[0]])
                    if side == "right"
                    else np.array([normal[1], -normal[0]])
                )
                direction = direction if direction[1] > 0 else -direction  # point posteriorly
                angle = anatomy.measured_axial_angle_deg(joint, side, tropism_deg)
            else:
                point, direction, angle = _glyph_joint_line(joint, side, tropism_deg)
            half = 14 if modelled else 9
            ends = np.array([point - half * direction, point + half * direction])
            line.set_data(ends[:, 0], ends[:, 1])
            label.set_text(f"{angle:.0f}°")
            label.set_position((point[0] + (14 if side == "left" else -14), point[1] + 13))
            label.set_ha("center")
            texts.append(angle)
            if side == "left":
                ref_l.set_data([point[0], point[0]], [point[1], point[1] + 16])
                phi = np.linspace(0, np.radians(angle), 25)
                arc_l.set_data(point[0] + 10 * np.sin(phi), point[1] + 10 * np.cos(phi))
        title.set_text(
            f"{joint}: axial section at the joint (as on CT)"
            if modelled
            else f"{joint}: joint lines, axial view (as on CT)"
        )
        estimates = anatomy.axial_angle_estimates(joint)
        points = [e.estimate_deg for e in estimates if e.has_point_estimate]  # ranges: the bar only
        study_pts.set_data(points, [0] * len(points))
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        range_bar.set_data([low, high], [1, 1])
        mean_mark.set_data([mean], [1])
        mean_text.set_text(f"mean {mean:.1f}°   range {low:.1f}-{high:.1f}°")
        mean_text.set_x(min(max(mean, 22), 68))
        model_pts.set_data(texts, [2, 2])
        region_text.set_text(region)
        region_text.set_color(ROLE_COLOURS[region])
        trop = anatomy.tropism_deg(joint)
        notes = []
        if trop is not None:
            notes.append(f"Reported mean left-right difference at this level: {trop:.1f}°.")
        incl = anatomy.facet_inclination_deg(joint)
        if incl is not None:
            notes.append(
                f"Seen from the side the facet is inclined <b>{incl[0]:.0f}°</b> to the axial plane (studies "
                f"{incl[1]:.0f}-{incl[2]:.0f}°; {_esc(_short(anatomy.facet_inclination_sources(joint)))})."
            )
        if any(e.statistic == "range_of_means" for e in estimates) and region == "thoracic":
            notes.append(
                "The thoracic sources give one band for the whole thoracic spine, not per-level means."
            )
        if modelled:
            notes.append(
                "The larger the angle, the further the C-arm must turn from straight PA to look along the "
                "joint."
            )
        else:
            notes.append("Drawn as a schematic glyph: the course's 3-D model is lumbar only.")
        return (
            f"<b>{joint}</b> ({region}): mean axial angle <b>{mean:.1f}°</b> from the mid-sagittal plane; "
            f"studies range {low:.1f}-{high:.1f}° ({_esc(_short(anatomy.facet_angle_sources(joint)))}). "
            f"Drawn: left {texts[0]:.1f}°, right {texts[1]:.1f}° (tropism {tropism_deg:g}°). "
            + " ".join(notes)
        )

    return fig, update


def level_explorer() -> Explorer:
    """Pick any level from C2-3 to L5-S1 and a left-right asymmetry; see the joint lines, angle and range."""
    joints = _joints_with_angles()
    return explore(
        "facet-level-axial-view",
        make_axial_level_figure,
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


def axial_level_static(joint: str = "L4-5") -> tuple[Figure, str]:
    fig, update = make_axial_level_figure()
    update(joint, 0.0)
    mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    if joint in anatomy.LUMBAR_JOINTS:
        alt = (
            f"Axial section of the model at the {joint} facet joints: both joint lines run from anteromedial "
            f"to posterolateral at {mean:.0f} degrees from the mid-sagittal plane "
            f"(studies {low:.0f}-{high:.0f})."
        )
    else:
        alt = (
            f"Schematic axial glyph of the {joint} facet joints: both joint lines lie {mean:.0f} degrees "
            f"from the mid-sagittal plane, close to coronal (studies {low:.0f}-{high:.0f})."
        )
    return fig, alt


def axial_glyph_c5_6() -> tuple[Figure, str]:
    return axial_level_static("C5-6")


# ------------------------------------------------------------------------------------------------------
# 3. Innervation finder: every joint C2-3..L5-S1 on one map, with the nerves to block
# ------------------------------------------------------------------------------------------------------

_VERTEBRAE = [v for v in anatomy.VERTEBRAE]  # C1 .. S1
_NERVES = [f"C{i}" for i in range(1, 9)] + [f"T{i}" for i in range(1, 13)] + [f"L{i}" for i in range(1, 6)]

FINDER_NAMES: tuple[str, ...] = (
    "C0-1",
    "C1-2",
    *anatomy.FACET_JOINTS,
    "L6-S1",
    "sacroiliac",
)


def _vertebra_x(name: str) -> float:
    return float(_VERTEBRAE.index(name))


def _nerve_x(nerve: str) -> float:
    """Where a nerve's medial branch (or dorsal ramus) is blocked, on the vertebra axis of the map."""
    region, number = nerve[0], int(nerve[1:])
    if region == "C":
        return _vertebra_x(f"C{number}") if number <= 7 else _vertebra_x("C7") + 0.5
    below = {"T": f"T{number + 1}" if number < 12 else "L1", "L": f"L{number + 1}" if number < 5 else "S1"}[
        region
    ]
    return _vertebra_x(below)


def _joint_x(joint: str) -> float:
    upper, lower = anatomy.joint_vertebrae(joint)
    return (_vertebra_x(upper) + _vertebra_x(lower)) / 2


def make_innervation_figure() -> tuple[Figure, Callable[..., str]]:
    """The spine from C1 to S1 as a row of vertebrae; joints above, nerves below; the chosen joint linked."""
    fig, (ax,) = new_figure("slide")
    n = len(_VERTEBRAE)
    ax.set_xlim(-2.2, n + 1.4)
    ax.set_ylim(-2.6, 2.3)
    ax.axis("off")
    for i, vert in enumerate(_VERTEBRAE):
        colour = {
            "C": ROLE_COLOURS["cervical"],
            "T": ROLE_COLOURS["thoracic"],
            "L": ROLE_COLOURS["lumbar"],
        }.get(vert[0], "#999999")
        ax.add_patch(
            FancyBboxPatch(
                (i - 0.38, -0.3), 0.76, 0.6, boxstyle="round,pad=0.02", fc=colour, alpha=0.35, ec=colour
            )
        )
        ax.text(i, 0, vert, ha="center", va="center", fontsize=7)
    ax.text(-1.1, 0, "occiput", ha="center", va="center", fontsize=7, color="#555555")
    # facet joints (above the row)
    for joint in anatomy.FACET_JOINTS:
        ax.plot(_joint_x(joint), 0.75, "o", color="#777777", ms=5)
    for x in (-0.5, 0.5):  # C0-1 and C1-2
        ax.plot(x, 0.75, "o", mfc="white", mec="#999999", ms=6)
    ax.text(0, 1.15, "not facet\njoints", fontsize=6, ha="center", color="#777777")
    ax.add_patch(
        FancyBboxPatch(
            (n - 0.4, 0.45), 0.9, 0.5, boxstyle="round,pad=0.02", fc="white", ec="#999999", ls="--"
        )
    )
    ax.text(n + 0.05, 0.7, "SI joint", fontsize=6, ha="center", va="center", color="#777777")
    ax.text(-2.1, 0.75, "joints", fontsize=8, va="center")
    # nerves (below the row)
    for nerve in _NERVES[2:]:  # C3 .. L5
        x = _nerve_x(nerve)
        ax.plot(x, -0.9, "|", color="#777777", ms=8)
        ax.text(x, -1.25, nerve, fontsize=6, ha="center", va="top", rotation=90, color="#555555")
    ax.text(-2.1, -0.9, "nerves", fontsize=8, va="center")
    (joint_mark,) = ax.plot([], [], "o", color=PALETTE["vermillion"], ms=11)
    (nerve_marks,) = ax.plot([], [], "v", color=PALETTE["vermillion"], ms=10)
    links = [ax.plot([], [], "-", color=PALETTE["vermillion"], lw=2)[0] for _ in range(2)]
    headline = ax.text(n / 2, 2.1, "", ha="center", va="top", fontsize=12, fontweight="bold")
    detail = ax.text(n / 2, -2.05, "", ha="center", va="top", fontsize=8, wrap=True)
    fig.suptitle("Which nerves carry a facet joint's pain? Two per joint, with exceptions", fontweight="bold")
    source_note(fig, data.cite(data.load_table("facet_innervation")))

    def update(name: str = "L4-5") -> str:
        for link in links:
            link.set_data([], [])
        try:
            found = innervation.nerves_to_block(name)
        except ValueError as error:
            joint_mark.set_data([], [])
            nerve_marks.set_data([], [])
            x = {"C0-1": -0.5, "C1-2": 0.5, "sacroiliac": n + 0.05, "L6-S1": n - 0.5}.get(name)
            if x is not None:
                joint_mark.set_data([x], [0.75])
            headline.set_text(f"{name}: not a facet joint of a normal spine")
            headline.set_color(PALETTE["vermillion"])
            detail.set_text("No medial branch to block: see the explanation below the figure.")
            return f"⚠ {_esc(str(error))}"
        headline.set_color(PALETTE["black"])
        jx = _joint_x(found.joint)
        joint_mark.set_data([jx], [0.75])
        xs = []
        for nerve in found.nerves:
            label = "C3" if nerve.startswith("third occipital") else nerve.split()[0]
            xs.append(_joint_x("C2-3") if label == "C3" and found.joint == "C2-3" else _nerve_x(label))
        nerve_marks.set_data(xs, [-0.9] * len(xs))
        for link, x in zip(links, xs, strict=False):
            link.set_data([jx, x], [0.75, -0.8])
        headline.set_text(f"{found.joint}: block {' + '.join(found.nerves)}")
        detail.set_text(f"Where: {found.block_targets}")
        flag = " <b>Exception.</b>" if found.exception else ""
        return (
            f"<b>{found.joint}</b>: block <b>{_esc(' + '.join(found.nerves))}</b>.{flag} "
            f"Why: {_esc(found.rule)}."
            f" <i>{_esc(data.cite(found.source_id))}</i>"
        )

    return fig, update


def innervation_explorer() -> Explorer:
    """Pick a joint (or a name that is not a facet joint); see the nerves to block and why."""
    twin = [
        "C0-1",
        "C1-2",
        "C2-3",
        "C3-4",
        "C5-6",
        "C7-T1",
        "T1-2",
        "T6-7",
        "T12-L1",
        "L1-2",
        "L3-4",
        "L4-5",
        "L5-S1",
        "L6-S1",
        "sacroiliac",
    ]
    return explore(
        "facet-innervation-finder",
        make_innervation_figure,
        [Control("name", "Joint", list(FINDER_NAMES), value="L4-5", twin_options=twin)],
        question="Which three joints break the 'two medial branches per joint' rule, and what do you block "
        "instead?",
        alt="A row of vertebrae from C1 to S1 with facet joints above and nerves below; the chosen joint is "
        "linked to the nerves that must be blocked.",
    )


def innervation_static(name: str = "L5-S1") -> tuple[Figure, str]:
    fig, update = make_innervation_figure()
    update(name)
    found = innervation.nerves_to_block(name)
    alt = f"Innervation map C1 to S1; {found.joint} is linked to {' and '.join(found.nerves)}."
    return fig, alt


# ------------------------------------------------------------------------------------------------------
# 4. Referral map: where each joint's pain is felt
# ------------------------------------------------------------------------------------------------------

# Schematic body-map coordinates (drawing units, back view), one shape per zone name used in the data.
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


def referral_joints() -> list[str]:
    frame = data.load_table("facet_referral_patterns")
    return [j for j in anatomy.FACET_JOINTS if j in set(frame["joint"])]


def referral_zones(joint: str) -> pd.DataFrame:
    """Zones where a joint's pain is reported, with note and source (ValueError for a joint without data)."""
    name = anatomy.normalise_joint(joint)
    frame = data.load_table("facet_referral_patterns")
    rows = frame[frame["joint"] == name]
    if rows.empty:
        raise ValueError(
            f"no sourced referral pattern for {name}; joints with data: {', '.join(referral_joints())}"
        )
    return rows[["zone", "note", "source_id"]].reset_index(drop=True)


def referral_table(joint: str) -> pd.DataFrame:
    """For display: the zones of one joint with the source's note and a short citation."""
    zones = referral_zones(joint)
    return pd.DataFrame(
        {
            "zone": zones["zone"],
            "note": [n if isinstance(n, str) else "" for n in zones["note"]],
            "source": [_short(s) for s in zones["source_id"]],
        }
    )


def make_referral_figure() -> tuple[Figure, Callable[..., str]]:
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
    ax.text(1.25, 0.3, "groin (front)", fontsize=7, ha="center", color="#777777")
    title = ax.set_title("")
    fig.suptitle("Where facet joint pain is felt (schematic back view)", fontweight="bold", fontsize=10)
    source_note(fig, data.cite(data.load_table("facet_referral_patterns")) + ". Body map schematic.")
    colour = PALETTE["vermillion"]

    def update(joint: str = "C5-6") -> str:
        zones = referral_zones(joint)
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
        name = anatomy.normalise_joint(joint)
        title.set_text(f"{name}: {', '.join(zones['zone'])}")
        notes = "; ".join(dict.fromkeys(n for n in zones["note"] if isinstance(n, str) and n))
        ids = ";".join(dict.fromkeys(";".join(zones["source_id"]).split(";")))
        extra = f" Note: {_esc(notes)}." if notes else ""
        return (
            f"<b>{name}</b> refers pain to: <b>{_esc(', '.join(zones['zone']))}</b>.{extra} Zones of "
            "neighbouring "
            f"levels overlap, so the map suggests a level; only controlled blocks confirm it. "
            f"<i>{_esc(data.cite(ids))}</i>"
        )

    return fig, update


def referral_explorer() -> Explorer:
    return explore(
        "facet-referral-map",
        make_referral_figure,
        [Control("joint", "Joint", referral_joints(), value="C5-6")],
        question="Which cervical joint refers pain to the top of the shoulder, and which to between the "
        "shoulder "
        "blades? Which lumbar joints reach the buttock?",
        alt="Schematic back view of a person with referral zones; the chosen facet joint's zones are filled.",
    )


def referral_static(joint: str = "C5-6") -> tuple[Figure, str]:
    fig, update = make_referral_figure()
    update(joint)
    zones = ", ".join(referral_zones(joint)["zone"])
    return fig, f"Schematic back view: pain from {joint} is felt in the {zones}."


# ------------------------------------------------------------------------------------------------------
# 5. Capsule capacity against the volumes injected
# ------------------------------------------------------------------------------------------------------


def capsule_table() -> pd.DataFrame:
    rows = []
    for region in anatomy.REGIONS:
        low, high, sources = anatomy.capsule_capacity_ml(region)
        rows.append(
            {
                "region": region,
                "capsule holds (mL)": f"{low:g}-{high:g}" if low is not None else f"less than {high:g}",
                "source": _short(sources),
            }
        )
    return pd.DataFrame(rows).set_index("region")


def injected_volumes_table() -> pd.DataFrame:
    """The guideline volume limits per site, as the course's one safety rule set applies them."""
    rows = []
    for region in anatomy.REGIONS:
        for target in safety.TARGETS:
            limit = safety.injectate_limit(region, target)
            rows.append(
                {
                    "region": region,
                    "injection": safety.target_label(target),
                    "anaesthetic + steroid per site": "no source gives one"
                    if limit is None
                    else limit.text(),
                    "source": "" if limit is None else _short(limit.source_id),
                }
            )
    return pd.DataFrame(rows).set_index("region")


def volume_check_text(region: str, volume_ml: float, contrast_ml: float = 0.0) -> str:
    """The rule set's verdict on an intra-articular volume (mL) in one joint, as sentences with sources."""
    reasons = safety.check_volumes(region, "intra_articular", volume_ml, contrast_ml)
    worst = max((r.level for r in reasons), key=safety.VERDICTS.index)
    return f"{worst.upper()}: " + " ".join(f"{r.text} ({r.citation()})." for r in reasons)


def make_capsule_figure() -> tuple[Figure, Callable[..., str]]:
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
    ax.plot([], [], "X", color=PALETTE["black"], label="limit, intra-articular (per joint)")
    ax.plot([], [], "^", color=PALETTE["black"], label="limit, medial branch (per nerve)")
    (planned,) = ax.plot([], [], "|", color=PALETTE["vermillion"], ms=28, mew=3, label="your planned volume")
    ax.set_yticks(y, regions)
    ax.set_xlim(0, 3.2)
    ax.set_ylim(-0.6, len(regions) - 0.2)
    ax.set_xlabel("volume (mL)")
    ax.legend(loc="center right", fontsize=7)
    title = ax.set_title("")
    lumbar_low, lumbar_high, _ = anatomy.capsule_capacity_ml("lumbar")
    fig.suptitle(
        f"A lumbar facet joint holds only about {lumbar_low:g}-{lumbar_high:g} mL", fontweight="bold"
    )
    source_note(
        fig,
        data.cite(data.load_table("facet_capsule_volume"))
        + "; limits: "
        + data.short_citations(";".join(dict.fromkeys(";".join(limit_sources).split(";")))),
    )

    def update(region: str = "lumbar", volume_ml: float = 1.0, contrast_ml: float = 0.0) -> str:
        reasons = safety.check_volumes(region, "intra_articular", volume_ml, contrast_ml)
        worst = max((r.level for r in reasons), key=safety.VERDICTS.index)
        planned.set_data([volume_ml], [regions.index(region)])
        colour = {
            "fine": ROLE_COLOURS["safe"],
            "caution": ROLE_COLOURS["caution"],
            "unsafe": ROLE_COLOURS["unsafe"],
        }
        planned.set_color(colour[worst])
        title.set_text(f"{region}: {volume_ml:g} + {contrast_ml:g} mL contrast per joint -> {worst}")
        return _esc(volume_check_text(region, volume_ml, contrast_ml))

    return fig, update


def capsule_explorer() -> Explorer:
    return explore(
        "facet-capsule-volume",
        make_capsule_figure,
        [
            Control("region", "Region", list(anatomy.REGIONS), value="lumbar"),
            Control(
                "volume_ml",
                "Anaesthetic + steroid per joint",
                (0.25, 3.0, 0.25),
                value=1.0,
                twin_options=[0.25, 0.5, 1.0, 1.5, 2.5],
                unit="mL",
            ),
            Control(
                "contrast_ml",
                "Contrast per joint",
                [0.0, 0.2, 0.5],
                value=0.0,
                twin_options=[0.0, 0.5],
                unit="mL",
            ),
        ],
        question="From what volume does the guideline's limit stop a lumbar intra-articular injection, and "
        "how does that compare with what the capsule holds? Why is the cervical limit lower?",
        alt="Horizontal bars of facet capsule capacity by region with the planned volume marked.",
    )


def capsule_static() -> tuple[Figure, str]:
    fig, update = make_capsule_figure()
    update("lumbar", 1.0)
    table = capsule_table()
    alt = (
        "Facet capsule capacity by region: "
        + "; ".join(f"{r} {v} mL" for r, v in table["capsule holds (mL)"].items())
        + ", with the guideline limits per joint and per nerve marked."
    )
    return fig, alt


# ------------------------------------------------------------------------------------------------------
# 6. Prevalence, with the diagnostic method behind each number
# ------------------------------------------------------------------------------------------------------

METHOD_STYLE = {
    "single_block": ("o", PALETTE["orange"], "single block (uncontrolled)"),
    "comparative_blocks": ("s", PALETTE["blue"], "comparative blocks"),
    "placebo_controlled_blocks": ("D", PALETTE["green"], "placebo-controlled blocks"),
}


def prevalence_table() -> pd.DataFrame:
    frame = data.load_table("facet_pain_prevalence")
    out = frame[
        ["region", "quantity", "value_pct", "ci_low_pct", "ci_high_pct", "diagnostic_method", "source_id"]
    ]
    out = out.assign(source=[_short(s) for s in out["source_id"]]).drop(columns="source_id")
    for column in ("ci_low_pct", "ci_high_pct"):
        out[column] = ["" if pd.isna(v) else f"{v:g}" for v in out[column]]
    return out.reset_index(drop=True)


def prevalence_figure() -> tuple[Figure, str]:
    frame = data.load_table("facet_pain_prevalence")
    rows = frame[frame["quantity"].isin(["prevalence", "single_block_positive"])].reset_index(drop=True)
    fig, (ax,) = new_figure("notebook")
    labels = []
    for i, row in rows.iterrows():
        marker, colour, _ = METHOD_STYLE[row["diagnostic_method"]]
        ax.plot(row["value_pct"], i, marker, color=colour, ms=8)
        if not pd.isna(row["ci_low_pct"]):
            ax.hlines(i, row["ci_low_pct"], row["ci_high_pct"], color=colour, lw=2)
        labels.append(f"{row['region']}: {_author_year(row['source_id'].split(';')[0])}")
    for marker, colour, label in METHOD_STYLE.values():
        ax.plot([], [], marker, color=colour, label=label)
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("patients whose chronic spinal pain came from facet joints (%)")
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title("Prevalence depends on how strictly the blocks were controlled", fontsize=10)
    source_note(fig, data.cite(rows) + ". Lines: 95% confidence intervals where reported.")
    lumbar = rows[(rows["region"] == "lumbar") & (rows["quantity"] == "prevalence")]["value_pct"]
    alt = (
        f"Prevalence of facet joint pain by region and study; lumbar estimates range from "
        f"{lumbar.min():.0f}% to {lumbar.max():.0f}% depending on the diagnostic method; uncontrolled single "
        "blocks give higher figures."
    )
    return fig, alt


# ------------------------------------------------------------------------------------------------------
# Misconceptions, self-check, references, FIGURES
# ------------------------------------------------------------------------------------------------------


def misconceptions_markdown(start: int = 0, stop: int | None = None) -> str:
    """The misconceptions table as a Markdown list (rows start..stop, to split it over slides)."""
    frame = data.load_table("anatomy_misconceptions").iloc[start:stop]
    lines = []
    for _, row in frame.iterrows():
        lines.append(
            f"- **Myth** ({row['where_seen']}): *{row['claim']}*  \n"
            f"  **Correction:** {row['correction']} ({data.cite(row['source_id']).removeprefix('Source: ')})"
        )
    return "\n".join(lines)


def _fmt(x: float) -> str:
    return f"{x:.0f}"


def _sentence(text: str) -> str:
    """First letter upper-case, the rest as written (keeps 'S1', 'L5'), ending with a full stop."""
    return f"{text[:1].upper()}{text[1:].rstrip('.')}."


def self_check_questions() -> list[Question]:
    """Nine questions, every number formatted from data/ through the models."""
    l45 = innervation.nerves_to_block("L4-5")
    l5s1 = innervation.nerves_to_block("L5-S1")
    c23 = innervation.nerves_to_block("C2-3")
    means = orientation_summary_table()["mean (deg)"]
    low_joint, high_joint = "L1-2", "L4-5"
    lumbar_low, lumbar_high, lumbar_src = anatomy.capsule_capacity_ml("lumbar")
    lumbar_limit = safety.injectate_limit("lumbar", "intra_articular")
    assert lumbar_limit is not None
    prev = data.load_table("facet_pain_prevalence")
    single = prev[(prev["quantity"] == "single_block_positive") & (prev["region"] == "lumbar")].iloc[0]
    confirmed = prev[(prev["quantity"] == "prevalence") & (prev["source_id"] == single["source_id"])].iloc[0]
    wrong_pairs = (
        "L4 medial branch + L5 medial branch",
        "L3 medial branch + L4 medial branch",
        "L5 medial branch + S1 lateral branch",
    )
    frame = anatomy.orientation_table()
    band = frame[(frame["quantity"] == "axial_angle") & (frame["reference_plane"] == "coronal")].iloc[0]
    b_low, b_high = float(band["low_deg"]), float(band["high_deg"])
    c_low, c_high = sorted(anatomy.to_course_axial_angle(v, "coronal") for v in (b_low, b_high))
    neck, upper_lumbar, bottom = "C5-6", "L1-2", "L5-S1"
    return [
        Question(
            f"A study reports thoracic facets at {b_low:g}-{b_high:g} degrees from the frontal (coronal) "
            "plane. What is that in the course convention (angle from the mid-sagittal plane)?",
            (
                f"{b_low:g}-{b_high:g} degrees",
                f"{c_low:g}-{c_high:g} degrees",
                f"{90 + b_low:g}-{90 + b_high:g} degrees",
            ),
            1,
            f"An angle to the coronal plane and an angle to the mid-sagittal plane add up to 90 degrees, so "
            f"{b_low:g}-{b_high:g} degrees from the frontal plane is {c_low:g}-{c_high:g} degrees from the "
            "mid-sagittal plane: near coronal.",
            str(band["source_id"]),
        ),
        Question(
            "In the axial plane, which joint lies closest to the coronal plane?",
            (upper_lumbar, neck, bottom),
            1,
            f"Mean across studies: {neck} {means[neck]:.0f}, {upper_lumbar} {means[upper_lumbar]:.0f} and "
            f"{bottom} {means[bottom]:.0f} degrees from the mid-sagittal plane. Cervical and thoracic joints "
            "are near coronal; the upper lumbar joints are the most sagittal.",
            ";".join(
                dict.fromkeys(
                    ";".join(anatomy.facet_angle_sources(j) for j in (neck, upper_lumbar, bottom)).split(";")
                )
            ),
        ),
        Question(
            "Which nerves must be blocked to anaesthetise the L4-5 facet joint?",
            ("L4 medial branch + L5 medial branch", " + ".join(l45.nerves), "L4 and L5 dorsal root ganglia"),
            1,
            f"{l45.rule[:1].upper()}{l45.rule[1:]}. So L4-5 takes {' and '.join(l45.nerves)}.",
            l45.source_id,
        ),
        Question(
            "For the L5-S1 joint, which pair is blocked?",
            (wrong_pairs[0], " + ".join(l5s1.nerves), wrong_pairs[2]),
            1,
            f"{l5s1.rule[:1].upper()}{l5s1.rule[1:]}.",
            l5s1.source_id,
        ),
        Question(
            "Which nerve carries pain from the C2-3 joint?",
            ("C2 and C3 medial branches", c23.nerves[0], "greater occipital nerve"),
            1,
            f"{c23.rule}.",
            c23.source_id,
        ),
        Question(
            f"On average, how does the {low_joint} joint compare with {high_joint} in the axial plane?",
            (
                f"{low_joint} is closer to sagittal ({_fmt(means[low_joint])} vs "
                f"{_fmt(means[high_joint])} degrees "
                "from the mid-sagittal plane)",
                f"{low_joint} is closer to coronal ({_fmt(means[high_joint])} vs "
                f"{_fmt(means[low_joint])} degrees)",
                "They are the same",
            ),
            0,
            f"Mean across studies: {low_joint} {means[low_joint]:.1f} degrees, {high_joint} "
            f"{means[high_joint]:.1f} degrees from the mid-sagittal plane; lower lumbar joints turn coronal.",
            anatomy.facet_angle_sources(high_joint),
        ),
        Question(
            "A patient has sacroiliac joint pain proven by SI joint blocks. Is a lumbar facet injection "
            "indicated?",
            (
                "Yes, the L5-S1 facet block covers the SI joint",
                "No: a different joint with a different nerve supply",
                "Yes, if the pain is on the same side",
            ),
            1,
            _sentence(innervation.non_facet_entry("sacroiliac").nerve_supply),
            innervation.non_facet_entry("sacroiliac").source_id,
        ),
        Question(
            f"You plan {lumbar_high + 1:g} mL into one lumbar facet joint. What happens?",
            (
                "It stays in the joint",
                "The capsule ruptures and the injectate spreads beyond the joint",
                "It is absorbed within minutes",
            ),
            1,
            f"A lumbar joint holds about {lumbar_low:g}-{lumbar_high:g} mL; more ruptures the capsule. "
            f"The lumbar guideline keeps the anaesthetic plus steroid {lumbar_limit.text()} per joint.",
            f"{lumbar_src};{lumbar_limit.source_id}",
        ),
        Question(
            f"In one study, {single['value_pct']:.0f}% of patients responded to a single screening block. "
            "How many were confirmed by a second, comparative block?",
            (f"{single['value_pct']:.0f}%", f"{confirmed['value_pct']:.0f}%", "100%"),
            1,
            f"Only {confirmed['value_pct']:.0f}% were confirmed: single uncontrolled blocks overestimate "
            "facet pain.",
            single["source_id"],
        ),
    ]


def reference_ids() -> list[str]:
    """Every reference the notebook cites (its tables' sources), in a stable order."""
    ids: list[str] = []
    for table in (
        "facet_orientation",
        "facet_innervation",
        "innervation_non_facet",
        "facet_referral_patterns",
        "facet_capsule_volume",
        "facet_pain_prevalence",
        "anatomy_misconceptions",
    ):
        for group in data.load_table(table)["source_id"]:
            for sid in group.split(";"):
                if sid not in ids:
                    ids.append(sid)
    return ids


def references_markdown() -> str:
    return data.references_markdown(reference_ids())


def _capsule_fig() -> tuple[Figure, str]:
    return capsule_static()


FIGURES: dict[str, Callable[[], tuple[Figure, str]]] = {
    "facet-orientation-every-study-one-convention": orientation_by_study_figure,
    "facet-axial-section-L4-5-joint-lines": axial_level_static,
    "facet-axial-glyph-C5-6-near-coronal": axial_glyph_c5_6,
    "facet-innervation-map-L5-S1-exception": innervation_static,
    "facet-referral-map-C5-6": referral_static,
    "facet-capsule-capacity-vs-injected-volumes": _capsule_fig,
    "facet-pain-prevalence-by-diagnostic-method": prevalence_figure,
}


# ------------------------------------------------------------------------------------------------------
# 3b. Posterior view of the lumbar spine: dorsal rami and medial branches, the chosen joint's nerves
# ------------------------------------------------------------------------------------------------------

POSTERIOR_LEVELS: tuple[str, ...] = ("L1", "L2", "L3", "L4", "L5", "S1")


@functools.lru_cache(maxsize=1)
def _posterior_background() -> dict:
    """Projection of the model L1..S1 along the antero-posterior axis (bone thickness, mm), computed once."""
    dims = anatomy.DIMENSIONS
    solids = []
    for k, level in enumerate(POSTERIOR_LEVELS):
        solids += [
            s for s in anatomy.vertebra_solids(level, z_offset_mm=-k * dims.level_step) if s.density > 0
        ]
    x = np.arange(-55.0, 55.5, 1.5)
    z = np.arange(-len(POSTERIOR_LEVELS) * dims.level_step - 10.0, 36.0, 1.5)
    xx, zz = np.meshgrid(x, z)
    image = np.zeros(xx.shape)
    step = 3.0
    for solid in solids:
        reach = max(solid.semi_axes_mm) * 1.8
        cy = solid.center_mm[1]
        for y in np.arange(cy - reach, cy + reach + step, step):
            pts = np.column_stack([xx.ravel(), np.full(xx.size, y), zz.ravel()])
            image += anatomy.contains(solid, pts).reshape(xx.shape) * solid.density * step
    return {"x": x, "z": z, "image": image}


def _nerve_path(label: str, side: str) -> tuple[dict[str, np.ndarray], tuple[float, float]]:
    """Schematic course (x, z in mm) of a lumbar medial branch (T12-L4) or the L5 dorsal ramus on one side.

    Returns the polylines ('main' course; 'up' and 'down' articular twigs to the joints above and below the
    transverse process it crosses) and the block target point.
    """
    dims = anatomy.DIMENSIONS
    s = 1.0 if side == "left" else -1.0
    fx, half = dims.facet_x, dims.level_step / 2
    if label == "L5":
        zc = -POSTERIOR_LEVELS.index("S1") * dims.level_step
        target = (s * (fx + 8), zc + 4)
        main = np.array([(s * (fx + 20), zc + half - 3), target, (s * (fx + 3), zc - 10)])
        return {"main": main, "up": np.array([target, (s * (fx + 2), zc + half - 2)])}, target
    below = {"T12": "L1", "L1": "L2", "L2": "L3", "L3": "L4", "L4": "L5"}[label]
    zc = -POSTERIOR_LEVELS.index(below) * dims.level_step
    target = (s * (fx + 5), zc + 5)
    bend = (s * (fx - 2), zc - 5)
    main = np.array([(s * (fx + 15), zc + half - 3), target, bend])
    return (
        {
            "main": main,
            "up": np.array([target, (s * (fx + 2), zc + half - 2)]),
            "down": np.array([bend, (s * (fx - 1), zc - half + 2)]),
        },
        target,
    )


def make_lumbar_nerves_figure() -> tuple[Figure, Callable[..., str]]:
    """Posterior view of the model, L1 to sacrum, with every medial branch; the chosen joint's lit up."""
    fig, (ax,) = new_figure("square")
    bg = _posterior_background()
    ax.imshow(
        bg["image"],
        cmap="Greys",
        vmin=0,
        vmax=float(np.percentile(bg["image"][bg["image"] > 0], 95)) * 1.6,
        origin="lower",
        extent=(bg["x"][0], bg["x"][-1], bg["z"][0], bg["z"][-1]),
        interpolation="bilinear",
    )
    ax.set_xlim(48, -48)  # seen from behind: the patient's left is on the image left
    ax.set_ylim(bg["z"][0], bg["z"][-1])
    ax.set_aspect("equal")
    ax.axis("off")
    dims = anatomy.DIMENSIONS
    for k, level in enumerate(POSTERIOR_LEVELS):
        ax.text(
            0,
            -k * dims.level_step + 6,
            level,
            ha="center",
            va="center",
            fontsize=8,
            color="#222222",
            bbox={"fc": "white", "ec": "none", "alpha": 0.7, "pad": 1},
        )
    ax.text(46, bg["z"][-1] - 3, "patient's\nleft", fontsize=7, va="top", color="#555555")
    ax.text(-46, bg["z"][-1] - 3, "patient's\nright", fontsize=7, va="top", ha="right", color="#555555")
    labels = ["T12", "L1", "L2", "L3", "L4", "L5"]
    for label in labels:
        for side in anatomy.SIDES:
            for line in _nerve_path(label, side)[0].values():
                ax.plot(line[:, 0], line[:, 1], color="#B8A000", lw=1.0, alpha=0.9)
    for joint in anatomy.LUMBAR_JOINTS:
        for side in anatomy.SIDES:
            c = anatomy.facet_joint_centre_mm(joint, side)
            upper = anatomy.joint_vertebrae(joint)[0]
            z = c[2] - POSTERIOR_LEVELS.index(upper) * dims.level_step
            ax.add_patch(Ellipse((c[0], z), 6, 9, fc="none", ec="#555555", lw=1))
    hi_lines = [ax.plot([], [], color=PALETTE["vermillion"], lw=2.5)[0] for _ in range(8)]
    (targets,) = ax.plot([], [], "o", ms=9, mfc="none", mec=PALETTE["vermillion"], mew=2)
    (joints,) = ax.plot([], [], "o", ms=12, color=PALETTE["vermillion"], alpha=0.6)
    si_lines = [ax.plot([], [], "--", color=PALETTE["purple"], lw=3)[0] for _ in range(2)]
    title = ax.set_title("", fontsize=10)
    fig.suptitle("Lumbar medial branches from behind (schematic model)", fontweight="bold", fontsize=10)
    source_note(
        fig,
        data.cite(data.load_table("facet_innervation")[lambda f: f["region"] == "lumbar"])
        + ". Nerve courses schematic.",
    )

    def update(name: str = "L4-5") -> str:
        for line in hi_lines + si_lines:
            line.set_data([], [])
        targets.set_data([], [])
        joints.set_data([], [])
        if name == "sacroiliac":
            zc = -POSTERIOR_LEVELS.index("S1") * dims.level_step
            for line, s in zip(si_lines, (1.0, -1.0), strict=True):
                line.set_data([s * 36, s * 30], [zc + 4, zc - 30])
            title.set_text("sacroiliac joint: not reached by these nerves")
            entry = innervation.non_facet_entry("sacroiliac")
            return f"⚠ {_esc(entry.message(name))}"
        if name not in anatomy.LUMBAR_JOINTS:
            raise ValueError(f"choose a lumbar joint ({', '.join(anatomy.LUMBAR_JOINTS)}) or 'sacroiliac'")
        found = innervation.nerves_to_block(name)
        k = 0
        tx, tz = [], []
        upper_nerve, lower_nerve = innervation.medial_branch_levels(name)
        for label, twig in ((upper_nerve, "down"), (lower_nerve, "up")):
            for side in anatomy.SIDES:
                paths, target = _nerve_path(label, side)
                for key in ("main", twig):
                    if key in paths:
                        hi_lines[k].set_data(paths[key][:, 0], paths[key][:, 1])
                        k += 1
                tx.append(target[0])
                tz.append(target[1])
        targets.set_data(tx, tz)
        upper = anatomy.joint_vertebrae(name)[0]
        jz = [
            anatomy.facet_joint_centre_mm(name, s)[2] - POSTERIOR_LEVELS.index(upper) * dims.level_step
            for s in anatomy.SIDES
        ]
        joints.set_data([anatomy.facet_joint_centre_mm(name, s)[0] for s in anatomy.SIDES], jz)
        title.set_text(f"{name}: {' + '.join(found.nerves)}")
        return (
            f"<b>{name}</b>: block <b>{_esc(' + '.join(found.nerves))}</b> on the painful side(s). Circles: "
            f"where each is reached ({_esc(found.block_targets)}). <i>{_esc(data.cite(found.source_id))}</i>"
        )

    return fig, update


def lumbar_nerves_explorer() -> Explorer:
    return explore(
        "lumbar-medial-branches-posterior-view",
        make_lumbar_nerves_figure,
        [Control("name", "Joint", [*anatomy.LUMBAR_JOINTS, "sacroiliac"], value="L4-5")],
        question="Which transverse processes do you aim at to block the nerves of L4-5, and why is L5-S1 "
        "different?",
        alt="Posterior view of a schematic lumbar spine with the dorsal rami and medial branches; the nerves "
        "of the chosen joint are highlighted with their block targets.",
    )


def lumbar_nerves_static(name: str = "L4-5") -> tuple[Figure, str]:
    fig, update = make_lumbar_nerves_figure()
    update(name)
    found = innervation.nerves_to_block(name)
    alt = (
        f"Posterior view of a schematic lumbar spine: the {name} joints are supplied by the "
        f"{' and '.join(found.nerves)}, reached where each crosses the root of a transverse process."
    )
    return fig, alt


FIGURES["facet-lumbar-medial-branches-posterior-view-L4-5"] = lumbar_nerves_static


def innervation_table() -> pd.DataFrame:
    """Every facet joint from C2-3 to L5-S1 with the nerves to block and the rule (from the model)."""
    return innervation.nerve_table()


def innervation_examples(*names: str) -> str:
    """The finder's explanation for each joint name (or why it is not a facet joint), as paragraphs."""
    return "\n\n".join(innervation.explain(name) for name in names)
