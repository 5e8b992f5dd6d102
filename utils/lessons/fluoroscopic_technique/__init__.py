"""Views for 03_fluoroscopic_technique: C-arm simulator, Scotty dog, needle path, contrast, radiation, steps.

Figures, explorers, printed tables, self-check and references only. The numbers come from the model modules
:mod:`facet_course.fluoroscopy`, :mod:`facet_course.needle` and :mod:`facet_course.radiation`, which read them
from ``data/``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Polygon

from ...core import data
from ...core.data import short_citations as _short
from ...core.explore import Control, Explorer, explore
from ...core.selfcheck import Question
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note, synthetic_label
from ...models import anatomy, fluoroscopy, innervation, needle, radiation

LEVELS: tuple[str, ...] = anatomy.LUMBAR_JOINTS
LEVEL_COLOURS: dict[str, str] = dict(
    zip(
        LEVELS,
        [PALETTE["sky_blue"], PALETTE["green"], PALETTE["orange"], PALETTE["blue"], PALETTE["purple"]],
        strict=True,
    )
)
ANGLES = np.arange(0.0, 80.5, 1.0)
NEEDLE_TUNNEL_FOV_MM = 80.0  # display choices: the tunnel view zoomed on the joint,
NEEDLE_LATERAL_FOV_MM = 140.0  # the lateral view wide enough to show the skin entry
MODEL_NOTE = (
    "SYNTHETIC teaching model of the LUMBAR spine only: schematic vertebrae from the anatomy model; joint "
    "angles from data/; curvature of the joint is illustrative."
)
#: Source of the posterior-approach technique points (trajectory view, margins, lateral depth check).
TECHNIQUE_SOURCE = "tech_trajectory_chapter"


def _tiny(ids: str) -> str:
    """'Lee 2008' style labels for table columns (full references are listed at the end)."""
    out = []
    for sid in (s.strip() for s in ids.split(";") if s.strip()):
        ref = data.reference(sid)
        first = ref.authors.split(",")[0].strip()
        words = first.split()
        if len(words) >= 2 and words[-1].isupper() and len(words[-1]) <= 3:  # 'Lee CJ'
            name = " ".join(words[:-1])
        elif len(words) > 3:  # an organisation: its initials
            name = "".join(w if w.isupper() else w[0] for w in words if w[0].isupper())
        else:
            name = first
        out.append(f"{name} {ref.year}")
    return "; ".join(out)


def _tiny_cite(ids: list[str] | pd.DataFrame) -> str:
    """'Source: Lee 2008; Verrills 2008' (short, so an explorer redraw does not lay out long text)."""
    if isinstance(ids, pd.DataFrame):
        ids = list(ids["source_id"])
    unique = list(dict.fromkeys(s.strip() for group in ids for s in group.split(";") if s.strip()))
    return "Source: " + "; ".join(dict.fromkeys(_tiny(s) for s in unique))


def _room_for_note(fig: Figure, lines: int = 2) -> None:
    engine = fig.get_layout_engine()
    if engine is not None:
        height = fig.get_figheight()
        share = lines * 0.13 / height  # a 7-point line is about 0.13 inch tall
        engine.set(rect=(0, share, 1, 1 - share - 0.03))


def _note(fig: Figure, text: str) -> None:
    """Source note along the bottom, with room made for as many lines as it needs."""
    source_note(fig, text)
    chars_per_line = int(fig.get_figwidth() * 23)
    _room_for_note(fig, math.ceil(len(text) / chars_per_line) + 1)


def _cite_ids(ids: list[str]) -> str:
    unique = list(dict.fromkeys(s.strip() for group in ids for s in group.split(";") if s.strip()))
    return data.cite(";".join(unique))


# -- the C-arm scene, cached per joint -------------------------------------------------------------------
@functools.cache
def _scene(joint: str, size_px: int = 256, fov_mm: float = 120.0) -> fluoroscopy.Projector:
    solids, centre = fluoroscopy.lumbar_scene(joint, curved_side="right")
    return fluoroscopy.Projector(
        solids, fluoroscopy.CArm(size_px=size_px, fov_mm=fov_mm), isocentre_mm=centre
    )


@functools.cache
def _curve(joint: str, side: str = "right", portion: str = "whole") -> np.ndarray:
    return fluoroscopy.joint_visibility_curve(joint, side, ANGLES, portion)  # type: ignore[arg-type]


@functools.cache
def best_angle(joint: str, portion: str = "whole") -> float:
    """Ipsilateral oblique (degrees) at which the right joint opens widest, from the simulator."""
    curve = _curve(joint, "right", portion)
    return float(ANGLES[curve >= curve.max() - 1e-9].mean())


#: Within this many degrees of the aim angle the simulator calls the posterior line open (display choice:
#: the needle planner meets no bone within it, tests/test_needle.py).
AIM_TOLERANCE_DEG = 3.0
#: The level table's column with the course's one oblique rule (posterior joint line).
AIM_COLUMN = "AIM: posterior joint line opens at (deg)"


def aim_angle(joint: str) -> float:
    """THE oblique of the course (degrees toward the joint's side): where the right joint's POSTERIOR line
    opens, the first joint line as the C-arm turns from AP and the one a needle from behind enters. The
    simulator's hint, the level table, the self-check, the needle planner and its scenarios all use it."""
    return needle.aim_oblique_deg(joint, "right")


def _orientation_sources() -> str:
    return _cite_ids([anatomy.facet_angle_sources(j) for j in LEVELS])


def steep_oblique_deg(joint: str = "L4-5") -> float:
    """Oblique (degrees) at which the simulator profiles the ANTERIOR margin of the right joint: the steep,
    Scotty-dog oblique that shows a joint line a needle from behind cannot enter. Computed by the model
    (curved-joint teaching model), not read from text."""
    return best_angle(joint, "anterior")


def oblique_angles_by_level() -> pd.DataFrame:
    """By level (lumbar only): the sourced facet angle and, in the curved-joint teaching model, the oblique
    at which the posterior joint line opens (aim here) and the steep oblique that shows the anterior line.

    The facet angle is the mean of the study means reported for the level (the column says how many studies);
    a study that reports only a range of level means adds its range to 'study range', not its midpoint to the
    mean. Where no study reports a mean (L1-2) the midpoint of the range stands in and the table says so."""
    rows = []
    for joint in LEVELS:
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        means = sum(e.has_point_estimate for e in anatomy.axial_angle_estimates(joint))
        if means == 0:
            basis = "midpoint of a study range"
        elif means == 1:
            basis = "one study's mean"
        else:
            basis = f"mean of {means} studies' means"
        rows.append(
            {
                "joint": joint,
                "facet angle (deg)": round(mean, 1),
                "facet angle is": basis,
                "study range (deg)": f"{low:.1f}-{high:.1f}",
                AIM_COLUMN: round(aim_angle(joint), 1),
                GAP_COLUMN: round(mean - aim_angle(joint), 1),
                "steep oblique: anterior line (deg)": round(best_angle(joint, "anterior"), 1),
            }
        )
    return pd.DataFrame(rows).set_index("joint")


#: Column of :func:`oblique_angles_by_level`: how far before the mean facet angle the posterior line opens.
GAP_COLUMN = "AIM is before the facet angle by (deg; illustrative curvature)"


def _gap_text(table: pd.DataFrame) -> str:
    """'10' or '9-11': how many whole degrees before the mean facet angle the posterior line opens."""
    low, high = round(table[GAP_COLUMN].min()), round(table[GAP_COLUMN].max())
    return f"{low}" if low == high else f"{low}-{high}"


def geometry_numbers() -> pd.DataFrame:
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


# -- figure: the angle convention ---------------------------------------------------------------------------
def carm_convention_figure() -> tuple[Figure, str]:
    """Axial sketch of a prone patient with the C-arm at 0 and at a right oblique, signs written on it."""
    fig, (ax,) = new_figure("notebook")
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-2.6, 2.6)
    ax.set_ylim(-1.55, 1.95)
    theta = math.radians(35)
    # trunk in axial section, back up (toward the detector); patient's right on the right (seen from behind)
    t = np.linspace(0, 2 * np.pi, 200)
    ax.fill(1.0 * np.cos(t), 0.62 * np.sin(t), color="#EEE6DA", ec="#999999")
    ax.add_patch(plt_circle((0, 0.18), 0.2))
    ax.text(0, 0.18, "body", ha="center", va="center", fontsize=7)
    ax.plot([-0.12, 0.12], [0.5, 0.5], color="#777777", lw=3)
    ax.text(0, -0.72, "table (patient PRONE)", ha="center", fontsize=8, color="#555555")
    ax.plot([-1.3, 1.3], [-0.64, -0.64], color="#555555", lw=2)
    ax.text(-1.05, 0.0, "patient's\nleft", ha="center", fontsize=8)
    ax.text(1.05, 0.0, "patient's\nright", ha="center", fontsize=8)
    ax.text(0, 0.7, "back (posterior)", ha="center", fontsize=8, color="#555555")
    for angle, colour, label in (
        (0.0, "#888888", "AP: 0°"),
        (theta, PALETTE["vermillion"], "+35°: right oblique"),
    ):
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
        ax.text(
            *(det + 0.22 * np.array([math.sin(angle), math.cos(angle)])),
            label,
            color=colour,
            ha="center",
            fontsize=9,
            fontweight="bold",
        )
    ax.text(
        -2.55,
        1.45,
        "Detector (image intensifier) above the back,\nX-ray tube under the table.",
        fontsize=8,
        va="top",
    )
    ax.text(
        -2.55,
        -0.95,
        "Oblique > 0: detector swings toward the\npatient's RIGHT (an RPO projection; the same\n"
        "beam line as LAO). Tilt > 0: cranial.",
        fontsize=8,
        va="top",
    )
    carm = fluoroscopy.CArm()
    ax.text(
        1.45,
        -0.95,
        f"SID {carm.source_to_image_mm:g} mm, SOD {carm.source_to_isocentre_mm:g} mm\n"
        f"magnification at the target {carm.magnification:.2f}x",
        fontsize=8,
        va="top",
    )
    ax.set_title("Oblique angles for a prone patient: + turns the detector to the patient's right")
    _note(
        fig,
        "Sign convention as in fluoroscopy.py (radiographers' LAO/RAO naming); geometry is the "
        "simulator's stated setting.",
    )
    alt = (
        "Axial sketch of a prone patient: X-ray tube under the table, detector above the back. At 0 degrees "
        "the beam runs front to back; at +35 degrees the detector has swung toward the patient's right."
    )
    return fig, alt


def plt_circle(xy: tuple[float, float], r: float):
    from matplotlib.patches import Circle

    return Circle(xy, r, fc=ROLE_COLOURS["bone"], ec="#777777")


# -- explorer: the C-arm simulator -------------------------------------------------------------------------
def make_simulator_figure() -> tuple[Figure, Callable[..., str]]:
    """Simulated radiograph (left) and how open the right joint looks against the oblique angle (right)."""
    fig, (img_ax, curve_ax) = new_figure("slide", ncols=2)
    fov = 120.0
    image = img_ax.imshow(
        np.zeros((256, 256)),
        cmap="gray",
        vmin=0,
        vmax=1,
        extent=(-fov / 2, fov / 2, -fov / 2, fov / 2),
        interpolation="bilinear",
    )
    img_ax.set_xlabel("image right (mm at the joint)")
    img_ax.set_ylabel("image up, toward the head (mm)")
    img_ax.grid(False)
    (marker_r,) = img_ax.plot([], [], "o", ms=16, mfc="none", mec=PALETTE["orange"], mew=1.5)
    img_ax.text(0.02, 0.02, "left", transform=img_ax.transAxes, color="white", fontsize=8)
    img_ax.text(0.98, 0.02, "right", transform=img_ax.transAxes, color="white", fontsize=8, ha="right")
    synthetic_label(img_ax, "SYNTHETIC (teaching model)")
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
    curve_ax.set_xlabel("oblique toward the joint's side (degrees)")
    curve_ax.set_ylabel("joint space seen clear of bone (mm)")
    curve_ax.legend(loc="upper left", fontsize=8)
    curve_title = curve_ax.set_title(" ")
    shown: dict[str, str] = {}
    _note(
        fig,
        f"Joint angles: {_tiny_cite([anatomy.facet_angle_sources(j) for j in LEVELS])[8:]}. SYNTHETIC model "
        "of the LUMBAR spine only: schematic vertebrae; joint curvature illustrative.",
    )

    def update(joint: str, oblique_deg: float, tilt_deg: float) -> str:
        projector = _scene(joint)
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
                line.set_data(ANGLES, _curve(joint, "right", portion))
            shown["joint"] = joint
        now.set_xdata([oblique_deg, oblique_deg])
        _, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        facet_line.set_data([low, max(high, low + 0.8)], [0.05, 0.05])
        curve_title.set_text(f"How open the right {joint} joint looks")
        posterior = fluoroscopy.joint_gap_mm(joint, "right", oblique_deg, tilt_deg, "posterior")
        anterior = fluoroscopy.joint_gap_mm(joint, "right", oblique_deg, tilt_deg, "anterior")
        aim = aim_angle(joint)
        if oblique_deg <= 0:
            hint = "The detector is not turned toward the right: the right joint cannot open here."
        elif posterior > 0 and abs(oblique_deg - aim) <= AIM_TOLERANCE_DEG:
            hint = (
                f"The posterior joint line of right {joint} is open: aim here, the needle enters this part."
            )
        elif posterior > 0:
            turn = "further" if oblique_deg < aim else "back"
            hint = (
                f"The posterior joint line is only partly open: turn {turn} toward about {aim:.0f}°, where "
                "it is widest."
            )
        elif anterior > 0:
            hint = (
                "Only the ANTERIOR line is open (a steep oblique): a needle from behind cannot enter "
                f"it; turn back toward about {aim:.0f}°."
            )
        else:
            hint = f"Closed: turn {'further' if oblique_deg < aim else 'back'} toward about {aim:.0f}°."
        return (
            f"<b>{fluoroscopy.describe_angles(oblique_deg, tilt_deg)}</b><br>"
            f"Right {joint} joint seen clear of bone: posterior line <b>{posterior:.1f} mm</b>, anterior "
            f"line {anterior:.1f} mm (the posterior line opens widest at {aim:.0f}° in this curved-joint "
            f"lumbar model; mean facet angle in the studies {low:.0f}-{high:.0f}°). "
            f"{hint} Lumbar spine only: cervical and thoracic joints need other views."
        )

    # Only these change when the angles move; the curves change with the joint (blit_on below).
    update.moving_artists = [image, marker_r, title, now]
    return fig, update


def simulator_explorer() -> Explorer:
    """The C-arm simulator with joint, oblique and tilt controls (twin: 2 joints x 5 obliques x 2 tilts)."""
    return explore(
        "carm-simulator",
        make_simulator_figure,
        [
            Control("joint", "Joint", list(LEVELS), value="L4-5", twin_options=["L2-3", "L4-5"]),
            Control(
                "oblique_deg",
                "Oblique (+ = detector to patient's right)",
                (-60, 60, 1),
                value=30,
                twin_options=[0, 20, 30, 45, 60],
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


def simulator_static() -> tuple[Figure, str]:
    """The simulator figure at the angle that opens the right L4-5 joint."""
    fig, update = make_simulator_figure()
    readout = update("L4-5", round(aim_angle("L4-5")), 0)
    return fig, (
        f"Simulated right oblique of L4-5 at the angle that opens its posterior joint line. {_plain(readout)}"
    )


def _plain(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", text).replace("  ", " ").strip()


# -- static: visibility by level, and posterior against anterior margins -----------------------------------
def visibility_by_level_figure() -> tuple[Figure, str]:
    """How open each lumbar joint looks against the oblique angle, with each level's facet angle from data."""
    fig, (ax,) = new_figure("notebook")
    for joint in LEVELS:
        colour = LEVEL_COLOURS[joint]
        ax.plot(ANGLES, _curve(joint, "right", "posterior"), color=colour, lw=2, label=joint)
        mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
        ax.axvspan(low, max(high, low + 0.6), color=colour, alpha=0.12)
        ax.axvline(mean, color=colour, ls=":", lw=1)
    ax.set_xlim(0, 80)
    ax.set_ylim(0, 2.0)
    ax.set_xlabel("oblique toward the joint's side (degrees)")
    ax.set_ylabel("posterior joint line seen clear of bone (mm)")
    ax.set_title("Each lumbar joint's posterior line opens at its own oblique, before its mean facet angle")
    ax.legend(
        title="joint (dotted: mean facet angle; band: range of study means)",
        fontsize=8,
        ncols=5,
        loc="upper left",
        title_fontsize=8,
    )
    ax.text(
        0.99,
        0.6,
        "SYNTHETIC model;\nangles from data",
        transform=ax.transAxes,
        ha="right",
        fontsize=8,
        color=ROLE_COLOURS["synthetic"],
        fontweight="bold",
    )
    _note(fig, f"Facet angles: {_orientation_sources()}. {MODEL_NOTE}")
    table = oblique_angles_by_level()
    alt = (
        "Curves of how open the posterior joint line looks against oblique angle for L1-2 to L5-S1 (curved-"
        f"joint teaching model): each opens about {_gap_text(table)} degrees before that level's mean "
        "facet angle from the data (a gap set by the illustrative curvature), from "
        f"about {table[AIM_COLUMN].min():.0f} degrees at the upper levels to "
        f"about {table[AIM_COLUMN].max():.0f} degrees at the lower levels."
    )
    return fig, alt


def margins_figure(joint: str = "L4-5") -> tuple[Figure, str]:
    """Posterior against anterior half of a curved joint: which oblique profiles which margin."""
    fig, (axial, ax) = new_figure("notebook", ncols=2)
    fig.get_layout_engine().set(w_pad=0.1)
    post, ant = best_angle(joint, "posterior"), best_angle(joint, "anterior")
    # left: the curved joint from above with the two beam directions
    axial.set_aspect("equal")
    axial.axis("off")
    for portion, colour in (("posterior", PALETTE["green"]), ("anterior", PALETTE["vermillion"])):
        surfaces = fluoroscopy.joint_surfaces(joint, "right", portion)  # type: ignore[arg-type]
        for s in surfaces:
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
            ha="right" if label.startswith("post") else "left",
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
    for portion, colour, style in (
        ("posterior", PALETTE["green"], "--"),
        ("anterior", PALETTE["vermillion"], ":"),
    ):
        ax.plot(ANGLES, _curve(joint, "right", portion), style, color=colour, lw=2, label=portion)
    ax.set_xlim(0, 80)
    ax.set_ylim(0, 2.0)
    ax.set_xlabel("oblique toward the joint (degrees)")
    ax.set_ylabel("joint space seen clear (mm)")
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title("The posterior margin opens first", fontsize=10)
    fig.suptitle(
        "Turn from AP until the joint first opens: that is the posterior joint space", fontweight="bold"
    )
    views = data.load_table("fluoroscopy_views")
    margin_rows = views[views["topic"] == "joint_margins"]
    _note(
        fig,
        f"{data.cite(margin_rows)}. {MODEL_NOTE} Curvature "
        f"{fluoroscopy.model_assumption('joint_curvature'):g}° is ILLUSTRATIVE.",
    )
    alt = (
        f"For a curved right {joint} joint, the posterior half opens at about {post:.0f} degrees of oblique "
        f"and the anterior half at about {ant:.0f} degrees; the steeper view profiles the anterior part, "
        "which a needle from behind cannot enter."
    )
    return fig, alt


# -- Scotty dog --------------------------------------------------------------------------------------------
SCOTTY_PARTS: dict[str, str] = {
    "ear": "superior_articular_process_right_upper",
    "eye": "pedicle_right_upper",
    "nose": "transverse_process_right_upper",
    "neck": "pars_interarticularis_right_upper",
    "body": "lamina_right_upper",
    "front leg": "inferior_articular_process_right_upper",
}


def scotty_parts_table() -> pd.DataFrame:
    """The Scotty dog's parts and the bone each one is, with the source."""
    views = data.load_table("fluoroscopy_views")
    rows = views[views["topic"] == "scotty_dog"]
    return pd.DataFrame(
        {
            "part of the dog": rows["item"].values,
            "bone": rows["statement"].values,
            "source": [_short(s) for s in rows["source_id"]],
        }
    ).set_index("part of the dog")


def _part_mask(projector: fluoroscopy.Projector, part: str, oblique: float) -> np.ndarray:
    """Where one part of the scene lies on the image (more than 0.5 mm of it along the ray)."""
    solid = next(s for s in projector.solids if s.part == part and getattr(s, "density", 1.0) > 0)
    single = fluoroscopy.Projector([solid], projector.carm, isocentre_mm=projector.isocentre_mm)
    return single.line_integrals(oblique, 0.0) > 0.5


#: Where each label of the Scotty dog sits relative to its part (points): ear up, nose forward, body back.
_DOG_LABEL_OFFSETS: dict[str, tuple[float, float]] = {
    "ear": (-20, 34),
    "eye": (30, 36),
    "nose": (26, -26),
    "neck": (-70, 26),
    "body": (-40, -42),
    "front leg": (24, -36),
}


def _pars_defect(solids: Sequence[fluoroscopy.SolidLike], part: str) -> list[fluoroscopy.Primitive]:
    """A 2 mm band of missing bone straight across the pars (the 'collar'): all its bone removed."""
    pars = next(s for s in solids if s.part == part and s.density > 0)
    marrow = next((s for s in solids if s.part == part and s.density < 0), None)
    centre = tuple(float(v) for v in pars.center_mm)
    rot = tuple(tuple(float(v) for v in row) for row in np.asarray(pars.rotation, dtype=float))
    rx, ry, _ = pars.semi_axes_mm
    band = [fluoroscopy.Primitive("pars_defect", "cylinder", centre, (rx, ry, 1.0), rot, -pars.density)]
    if marrow is not None:  # the marrow core's own deficit is already missing there: put it back once
        mx, my, _ = marrow.semi_axes_mm
        band.append(
            fluoroscopy.Primitive("pars_defect_core", "cylinder", centre, (mx, my, 1.0), rot, -marrow.density)
        )
    return band


def scotty_dog_figure(oblique_deg: float = 40.0) -> tuple[Figure, str]:
    """The right L4 Scotty dog on a simulated oblique: as the monitor shows it, with each part outlined and
    labelled, and with a collar (a pars defect)."""
    solids, centre = fluoroscopy.lumbar_scene("L4-5")
    iso = (centre[0] - 12.0, centre[1], centre[2] + 18.0)  # centre on the upper vertebra's right side
    carm = fluoroscopy.CArm(size_px=320, fov_mm=80.0)
    projector = fluoroscopy.Projector(solids, carm, isocentre_mm=iso)
    fig, (plain_ax, ax, collar_ax) = new_figure("slide", ncols=3)
    half = carm.fov_mm / 2
    extent = (-half, half, -half, half)
    image = projector.radiograph(oblique_deg)
    views = data.load_table("fluoroscopy_views").set_index("item")
    for axis in (plain_ax, ax):
        axis.imshow(image, cmap="gray", extent=extent, vmin=0, vmax=1)
    colours = [
        PALETTE["orange"],
        PALETTE["sky_blue"],
        PALETTE["yellow"],
        PALETTE["vermillion"],
        PALETTE["green"],
        PALETTE["purple"],
    ]
    xs = np.linspace(-half + carm.pixel_mm / 2, half - carm.pixel_mm / 2, carm.size_px)
    gx, gy = np.meshgrid(xs, xs[::-1])
    for (name, part), colour in zip(SCOTTY_PARTS.items(), colours, strict=True):
        mask = _part_mask(projector, part, oblique_deg)
        ax.contour(xs, xs[::-1], mask.astype(float), levels=[0.5], colors=[colour], linewidths=1.4)
        x, y = float(gx[mask].mean()), float(gy[mask].mean())  # the label points into its own outline
        ax.annotate(
            f"{name}:\n{views.loc[name, 'statement']}",
            xy=(x, y),
            xytext=_DOG_LABEL_OFFSETS[name],
            textcoords="offset points",
            ha="center",
            va="center",
            color="#111111",
            fontsize=7,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.9, "ec": colour, "lw": 1.5},
            arrowprops={"arrowstyle": "-", "color": colour, "lw": 1.4},
        )
    # right: the collar, a band of missing bone across the neck
    pars = SCOTTY_PARTS["neck"]
    with_defect = fluoroscopy.Projector([*solids, *_pars_defect(solids, pars)], carm, isocentre_mm=iso)
    collar_ax.imshow(with_defect.radiograph(oblique_deg), cmap="gray", extent=extent, vmin=0, vmax=1)
    pars_solid = next(s for s in solids if s.part == pars and s.density > 0)
    neck = projector.project_points(np.asarray(pars_solid.center_mm)[None, :], oblique_deg)[0]
    collar_ax.annotate(
        "collar: a defect of\nthe pars (spondylolysis)",
        xy=(float(neck[0]), float(neck[1])),
        xytext=(-half + 4, -half + 10),
        color="white",
        fontsize=7,
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.2", "fc": PALETTE["vermillion"], "alpha": 0.9, "ec": "none"},
        arrowprops={"arrowstyle": "-|>", "color": PALETTE["vermillion"], "lw": 1.5},
    )
    for axis, title in (
        (plain_ax, f"Find the dog: right L4, {oblique_deg:g}° right oblique"),
        (ax, "The dog's parts are bones"),
        (collar_ax, "A collar on the neck: spondylolysis"),
    ):
        axis.set_xlim(-half, half)
        axis.set_ylim(-half, half)
        axis.set_xlabel("image right (mm)")
        axis.grid(False)
        axis.set_title(title, fontsize=9)
        synthetic_label(axis, "SYNTHETIC")
    plain_ax.set_ylabel("image up (mm)")
    for axis in (ax, collar_ax):
        axis.tick_params(labelleft=False)  # same image scale as the first panel
    scotty = views[views["topic"] == "scotty_dog"]
    _note(fig, f"Parts of the dog: {data.cite(scotty)}. {MODEL_NOTE} Bone dark, as on a C-arm monitor.")
    alt = (
        f"Simulated {oblique_deg:g} degree right oblique radiograph of L4, bone dark on a light background, "
        "shown three times: plain; with the Scotty dog's parts outlined (ear = superior articular process, "
        "eye = the oval ring of the pedicle, nose = transverse process, neck = pars interarticularis, body = "
        "lamina, front leg = inferior articular process); and with a light band across the neck, the collar "
        "of spondylolysis."
    )
    return fig, alt


# -- explorer: needle planner ------------------------------------------------------------------------------
@functools.cache
def _scenario_tracks() -> dict[str, needle.NeedleTrack]:
    return {name: needle.simulate(plan) for name, plan in needle.scenario_plans().items()}


def needle_metrics_table() -> pd.DataFrame:
    """Perk-Tutor-style metrics for each set scenario (SYNTHETIC operator model), short column names."""
    table = needle.scenario_table()
    short = {
        "C-arm oblique (deg)": "oblique (deg)",
        "target reached (yes=1/no=0)": "reached (1=yes)",
        "needle travel (mm)": "needle travel, cumulative (mm)",
        "redirections (count)": "redirections",
        "depth beyond target (mm)": "beyond target (mm)",
        "bone contacts (count)": "bone contacts",
    }
    return table.rename(columns=short)


def _needle_views() -> tuple[Figure, Callable[[needle.NeedleTrack], str]]:
    """Tunnel view (C-arm at the plan's angle, centred on the target) and lateral view with the needle
    path; returns the figure and a function that draws a track and returns its metrics as text."""
    fig, (tunnel, lateral) = new_figure("slide", ncols=2)
    fields = {"t": NEEDLE_TUNNEL_FOV_MM, "l": NEEDLE_LATERAL_FOV_MM}
    images = {}
    artists = {}
    for ax, key in ((tunnel, "t"), (lateral, "l")):
        half = fields[key] / 2
        images[key] = ax.imshow(
            np.zeros((200, 200)), cmap="gray", vmin=0, vmax=1, extent=(-half, half, -half, half)
        )
        (artists[f"{key}_path"],) = ax.plot(
            [], [], "-", color=PALETTE["orange"], lw=1.5, label="needle track"
        )
        (artists[f"{key}_entry"],) = ax.plot([], [], "s", color=PALETTE["sky_blue"], ms=7, label="skin entry")
        (artists[f"{key}_tip"],) = ax.plot([], [], "o", color=PALETTE["orange"], ms=6, label="needle tip")
        (artists[f"{key}_target"],) = ax.plot(
            [], [], "+", color=PALETTE["green"], ms=14, mew=2.5, label="target"
        )
        (artists[f"{key}_contact"],) = ax.plot(
            [], [], "x", color=PALETTE["vermillion"], ms=9, mew=2.5, label="bone contact"
        )
        ax.set_xlim(-half, half)
        ax.set_ylim(-half, half)
        ax.grid(False)
        ax.set_xlabel("image right (mm)")
        synthetic_label(ax, "SYNTHETIC")
    tunnel.set_ylabel("image up (mm)")
    lateral.set_ylabel("image up (mm)")
    lateral.legend(loc="lower left", fontsize=8, frameon=True, framealpha=0.9, facecolor="white")
    t_title = tunnel.set_title(" ")
    lateral.set_title("Lateral view: is the tip at the joint's depth?")
    _note(
        fig,
        f"Scenarios and operator model: SYNTHETIC, LUMBAR spine only. Technique: {_tiny(TECHNIQUE_SOURCE)}. "
        "Schematic vertebrae from the anatomy model.",
    )

    def show_track(track: needle.NeedleTrack) -> str:
        plan = track.plan
        target = tuple(float(v) for v in track.target_mm)
        for angle, key in ((plan.carm_oblique_deg, "t"), (90.0, "l")):
            projector = _needle_projector(plan.joint, target, angle, fields[key])
            images[key].set_data(projector.radiograph(angle))
            entry = projector.project_points(track.points_mm[:1], angle)[0]
            artists[f"{key}_entry"].set_data([entry[0]], [entry[1]])
            pts = projector.project_points(track.points_mm, angle)
            artists[f"{key}_path"].set_data(pts[:, 0], pts[:, 1])
            tip = projector.project_points(track.tip_mm[None, :], angle)[0]
            artists[f"{key}_tip"].set_data([tip[0]], [tip[1]])
            tgt = projector.project_points(track.target_mm[None, :], angle)[0]
            artists[f"{key}_target"].set_data([tgt[0]], [tgt[1]])
            if track.contacts_mm:
                c = projector.project_points(np.array(track.contacts_mm), angle)
                artists[f"{key}_contact"].set_data(c[:, 0], c[:, 1])
            else:
                artists[f"{key}_contact"].set_data([], [])
        t_title.set_text(f"Tunnel view, {plan.carm_oblique_deg:.0f}° right oblique, {plan.joint}")
        m = needle.metrics(track)
        units = {metric.name: metric.unit for metric in needle.METRICS}
        return "; ".join(
            f"{k}: {('yes' if v else 'no') if k == 'target reached' else f'{v:g}'}"
            + ("" if units[k] in ("count", "yes=1/no=0") else f" {units[k]}")
            for k, v in m.items()
        )

    return fig, show_track


def make_needle_figure() -> tuple[Figure, Callable[..., str]]:
    """The set scenarios in the tunnel and lateral views, with their metrics."""
    fig, show_track = _needle_views()

    def update(scenario: str) -> str:
        tracks = _scenario_tracks()
        if scenario not in tracks:
            raise ValueError(f"unknown scenario '{scenario}'; choose one of {list(tracks)}")
        text = show_track(tracks[scenario])
        what = (
            data.load_table("fluoroscopy_needle_scenarios").set_index("scenario").loc[scenario, "description"]
        )
        return f"<b>{scenario}</b>: {what}.<br>{text}."

    return fig, update


def _overshoot_without_check_mm() -> float:
    table = data.load_table("fluoroscopy_needle_scenarios")
    return float(table[~table["lateral_check"].astype(bool)]["overshoot_mm"].max())


def make_planner_figure() -> tuple[Figure, Callable[..., str]]:
    """Free planner: any lumbar joint (right side), C-arm oblique, skin entry offset, lateral check or not."""
    fig, show_track = _needle_views()

    def update(joint: str, oblique_deg: float, entry_offset_mm: float, lateral_check: str) -> str:
        if lateral_check not in ("yes", "no"):
            raise ValueError("lateral_check must be 'yes' or 'no'")
        plan = needle.NeedlePlan(
            joint=joint,
            side="right",
            carm_oblique_deg=float(oblique_deg),
            entry_offset_mm=float(entry_offset_mm),
            lateral_check=lateral_check == "yes",
            overshoot_mm=0.0 if lateral_check == "yes" else _overshoot_without_check_mm(),
        )
        text = show_track(needle.simulate(plan))
        aim = aim_angle(joint)
        return (
            f"<b>Right {joint}</b>: C-arm {oblique_deg:g}° (the posterior joint line opens at about "
            f"{aim:.0f}°), skin entry "
            f"{abs(entry_offset_mm):g} mm {'lateral' if entry_offset_mm >= 0 else 'medial'} of the beam "
            "line, "
            f"lateral check: {lateral_check}.<br>{text} (SYNTHETIC operator model; lumbar spine only)"
        )

    return fig, update


#: Handout frames of the planner: at the aim angle and 10 degrees short of it (the scenario's error).
_PLANNER_TWIN_OFFSETS_DEG: tuple[int, ...] = (-10, 0)


def planner_explorer() -> Explorer:
    """Plan your own path: joint, C-arm angle, entry point, and whether depth is checked on a lateral view."""
    return explore(
        "needle-path-planner",
        make_planner_figure,
        [
            Control("joint", "Joint (right side)", list(LEVELS), value="L4-5", twin_options=["L4-5"]),
            Control(
                "oblique_deg",
                "C-arm oblique (+ = detector to patient's right)",
                (20, 70, 1),
                value=round(aim_angle("L4-5")),
                twin_options=[round(aim_angle("L4-5")) + d for d in _PLANNER_TWIN_OFFSETS_DEG],
                unit="°",
            ),
            Control(
                "entry_offset_mm",
                "Skin entry from the beam line (+ = lateral)",
                (-20, 30, 5),
                value=0,
                twin_options=[0, 25],
                unit="mm",
            ),
            Control("lateral_check", "Depth checked on a lateral view", ["yes", "no"], value="yes"),
        ],
        question="How far off the beam line, or off the joint's angle, can you start before the needle meets "
        "bone, and what does skipping the lateral view cost? (Lumbar joints only.)",
        alt="Tunnel and lateral views of a planned right lumbar facet injection with the simulated needle "
        "track, "
        "skin entry, target and bone contacts.",
    )


@functools.cache
def _needle_projector(
    joint: str, target: tuple[float, float, float], angle: float, fov_mm: float = 80.0
) -> fluoroscopy.Projector:
    solids, _ = fluoroscopy.lumbar_scene(joint, curved_side="right")
    return fluoroscopy.Projector(solids, fluoroscopy.CArm(size_px=200, fov_mm=fov_mm), isocentre_mm=target)


def needle_explorer() -> Explorer:
    """Pick a scenario: see the needle in the tunnel and lateral views, and its metrics."""
    names = list(needle.scenario_plans())
    return explore(
        "needle-planner",
        make_needle_figure,
        [Control("scenario", "Scenario", names, value=names[0])],
        question="Which plan reaches the right L4-5 joint without touching bone, and which one goes too "
        "deep?",
        alt="Tunnel view and lateral view of a simulated right L4-5 facet injection with the needle track, "
        "target and any bone contacts.",
    )


def needle_static() -> tuple[Figure, str]:
    fig, update = make_needle_figure()
    readout = update(next(iter(needle.scenario_plans())))
    return fig, f"Coaxial needle in the tunnel view (a dot) and the lateral view. {_plain(readout)}"


# -- contrast: arthrogram against vascular uptake ----------------------------------------------------------
def intravascular_table() -> pd.DataFrame:
    """Measured intravascular uptake, and how many of those aspiration and a spot film caught (%)."""
    table = data.load_table("contrast_intravascular")
    rows = []
    for _, r in table.iterrows():
        caught = r["intravascular_n"]
        counted = not pd.isna(caught) and caught > 0
        rows.append(
            {
                "block": f"{r['region']} MBB",
                "n": "" if pd.isna(r["injections"]) else f"{int(r['injections'])}",
                "IV (%)": r["intravascular_percent"],
                "aspiration caught (%)": f"{100 * r['aspiration_positive_n'] / caught:.1f}"
                if counted
                else "",
                "spot film caught (%)": f"{100 * r['spot_positive_n'] / caught:.1f}" if counted else "",
                "source": _tiny(r["source_id"]),
            }
        )
    return pd.DataFrame(rows).set_index("block")


def intravascular_figure() -> tuple[Figure, str]:
    """Bar chart: intravascular uptake by study; share of those that aspiration and a spot film detected."""
    table = data.load_table("contrast_intravascular")
    fig, (rate_ax, caught_ax) = new_figure("notebook", ncols=2)
    labels = [f"{r['region']}\n{_short(r['source_id']).split(',')[0]}" for _, r in table.iterrows()]
    y = np.arange(len(table))
    rate_ax.barh(y, table["intravascular_percent"], color=PALETTE["blue"])
    rate_ax.set_yticks(y, labels, fontsize=8)
    rate_ax.invert_yaxis()
    rate_ax.set_xlabel("injections with intravascular contrast (%)")
    rate_ax.set_title("Uptake happens in a few percent", fontsize=10)
    with_counts = table.dropna(subset=["intravascular_n"])
    names = [f"{r['region']} ({_short(r['source_id']).split(',')[0]})" for _, r in with_counts.iterrows()]
    yy = np.arange(len(with_counts))
    asp = 100 * with_counts["aspiration_positive_n"] / with_counts["intravascular_n"]
    spot = 100 * with_counts["spot_positive_n"] / with_counts["intravascular_n"]
    caught_ax.barh(yy - 0.2, asp, height=0.38, color=PALETTE["vermillion"], label="aspiration (blood flash)")
    caught_ax.barh(yy + 0.2, spot, height=0.38, color=PALETTE["orange"], label="spot film after contrast")
    caught_ax.axvline(100, color="#333333", lw=1)
    caught_ax.text(101, -0.45, "live\nfluoroscopy\n= 100 %", ha="left", va="top", fontsize=7)
    caught_ax.set_yticks(yy, names, fontsize=8)
    caught_ax.invert_yaxis()
    caught_ax.set_xlim(0, 135)
    caught_ax.set_xlabel("intravascular injections detected (%)")
    caught_ax.set_title("Aspiration misses most", fontsize=10)
    caught_ax.legend(fontsize=7, loc="center right")
    fig.suptitle("Only live contrast shows a needle tip in a vessel", fontweight="bold")
    _note(fig, data.cite(table))
    lumbar = with_counts[with_counts["region"] == "lumbar"].iloc[0]
    alt = (
        f"Intravascular uptake in medial branch blocks ranged from {table['intravascular_percent'].min():g}% "
        f"to {table['intravascular_percent'].max():g}% across studies; in the largest lumbar series "
        "aspiration "
        f"detected {100 * lumbar['aspiration_positive_n'] / lumbar['intravascular_n']:.0f}% and a spot film "
        f"{100 * lumbar['spot_positive_n'] / lumbar['intravascular_n']:.0f}% of them."
    )
    return fig, alt


def contrast_patterns_table() -> pd.DataFrame:
    """What each contrast pattern looks like, means and what to do, with the source."""
    table = data.load_table("contrast_patterns")
    out = table[["pattern", "looks_like", "means", "action"]].copy()
    out["source"] = [_short(s) for s in table["source_id"]]
    return out.set_index("pattern")


def _contrast_layer(
    pattern: str, seconds: float, xs: np.ndarray, joint_uv: np.ndarray, line_dir: np.ndarray
) -> np.ndarray:
    """SYNTHETIC contrast opacity on the image grid (0..1) for a pattern at a time after injection."""
    gx, gy = np.meshgrid(xs, xs[::-1])
    u, v = joint_uv
    if pattern == "arthrogram":
        # a thin ellipse outlining the joint with superior and inferior recesses; stays while the needle is in
        along = (gx - u) * line_dir[0] + (gy - v) * line_dir[1]
        across = -(gx - u) * line_dir[1] + (gy - v) * line_dir[0]
        ring = np.exp(-((np.hypot(across / 3.0, along / 11.0) - 1.0) ** 2) / 0.02)
        fill = min(1.0, seconds / 1.0)
        return 0.9 * fill * ring
    # vascular: thin streaks running away from the tip that wash out within seconds
    rng = np.random.default_rng(3)
    layer = np.zeros_like(gx)
    for k in range(4):
        angle = rng.uniform(-2.6, -0.6) if k % 2 else rng.uniform(0.6, 2.6)
        length = 8 + 25 * min(seconds, 1.5)
        t = np.linspace(0, length, 60)
        px = u + t * np.cos(angle) + 2 * np.sin(t / 4 + k)
        py = v + t * np.sin(angle)
        for x, y in zip(px[::3], py[::3], strict=True):
            layer += 0.6 * np.exp(-((gx - x) ** 2 + (gy - y) ** 2) / 0.25)
    washout = math.exp(-max(seconds - 1.0, 0.0) / 0.7)
    return np.clip(layer, 0, 1) * washout


def make_contrast_figure() -> tuple[Figure, Callable[..., str]]:
    """A simulated oblique with SYNTHETIC contrast: an arthrogram stays, vascular uptake washes out."""
    fig, (ax,) = new_figure("square")
    fov = 80.0
    half = fov / 2
    angle = round(aim_angle("L4-5"))
    target = needle.target_mm("L4-5", "right")
    projector = _needle_projector("L4-5", tuple(float(v) for v in target), float(angle))
    base = projector.radiograph(angle)
    centre = anatomy.facet_joint_centre_mm("L4-5", "right")
    joint_uv = projector.project_points(centre[None, :], angle)[0]
    image = ax.imshow(base, cmap="gray", vmin=0, vmax=1, extent=(-half, half, -half, half))
    ax.plot([0], [0], "o", color=PALETTE["orange"], ms=5)
    ax.set_xlim(-half, half)
    ax.set_ylim(-half, half)
    ax.grid(False)
    ax.set_xlabel("image right (mm)")
    ax.set_ylabel("image up (mm)")
    title = ax.set_title(" ")
    synthetic_label(ax, "SYNTHETIC contrast")
    patterns = data.load_table("contrast_patterns").set_index("pattern")
    _note(
        fig,
        f"Patterns: {_tiny_cite(patterns.loc[['arthrogram', 'vascular uptake']].reset_index())[8:]}. "
        "Contrast drawn dark, as on most C-arm monitors.",
    )
    xs = np.linspace(-half, half, base.shape[0])
    line_dir = np.array([0.0, 1.0])

    def update(pattern: str, seconds: float) -> str:
        if pattern not in ("arthrogram", "vascular uptake"):
            raise ValueError("pattern must be 'arthrogram' or 'vascular uptake'")
        if not 0 <= seconds <= 5:
            raise ValueError("seconds after the start of injection must be 0 to 5")
        layer = _contrast_layer(
            "arthrogram" if pattern == "arthrogram" else "vascular", seconds, xs, joint_uv, line_dir
        )
        image.set_data(np.clip(base - 0.9 * layer, 0, 1))
        title.set_text(f"{pattern}, {seconds:g} s after injecting contrast")
        row = patterns.loc[pattern]
        return (
            f"<b>{pattern}</b> looks like: {row['looks_like']}. It means {row['means']}. Do: {row['action']}."
        )

    return fig, update


def contrast_explorer() -> Explorer:
    return explore(
        "contrast-patterns",
        make_contrast_figure,
        [
            Control("pattern", "Pattern", ["arthrogram", "vascular uptake"]),
            Control("seconds", "Seconds after injecting", [0.5, 1.0, 2.0, 3.0], value=1.0, unit="s"),
        ],
        question="Which pattern would a spot film taken three seconds after the injection miss?",
        alt="Simulated oblique view of the right L4-5 joint with synthetic contrast: an arthrogram "
        "outlining the "
        "joint, or vascular streaks that wash out within seconds.",
    )


def contrast_static() -> tuple[Figure, str]:
    fig, update = make_contrast_figure()
    readout = update("arthrogram", 2.0)
    return fig, f"SYNTHETIC arthrogram outlining the right L4-5 joint. {_plain(readout)}"


# -- radiation -----------------------------------------------------------------------------------------------
def typical_fluoroscopy_table() -> pd.DataFrame:
    """Measured fluoroscopy times and doses (facet and medial branch procedures; physician dosimeter series
    from other spinal procedures), short columns."""
    table = radiation.typical_procedures()
    dose = [
        f"{v:g} {u}" if not pd.isna(v) else ""
        for v, u in zip(table["dose_value"], table["dose_unit"], strict=True)
    ]
    return pd.DataFrame(
        {
            "procedure": table["procedure"].str.replace("interventional pain procedures", "pain procedures"),
            "technique": table["technique"],
            "statistic": table["statistic"],
            "time (s)": table["fluoro_time_s"],
            "dose": dose,
            "source": [_tiny(s) for s in data.load_table("radiation_procedures")["source_id"]],
        }
    )


def limits_table() -> pd.DataFrame:
    """Annual occupational limits (mSv a year) of two authorities."""
    table = radiation.limits_table()
    table["source"] = [
        _nrc_label(s) if a == "US NRC" else _tiny(s)
        for a, s in zip(table["authority"], data.load_table("radiation_limits")["source_id"], strict=True)
    ]
    return table.rename(columns={"limit_msv_per_year": "mSv a year"}).set_index("authority")


def measured_eye_counts() -> pd.DataFrame:
    """The measured physician doses behind the headline eye count, one row per series (data/).

    For each series: where the dosimeter was (eye level, or outside the apron: a body badge, not an eye
    dose), the mean dose and fluoroscopy time per procedure, the procedures a year to the ICRP eye-lens
    limit at that dose per procedure, and at the same dose per second for the oblique lumbar medial branch
    block's measured fluoroscopy time (scaled by time only). The headline is the smallest scaled count: the
    largest measured dose per second."""
    seconds = _oblique_seconds()
    eye_limit_usv = 1000.0 * radiation.annual_limit_msv("equivalent dose to the lens")
    headline = radiation.headline_eye_series()
    rows = []
    for s in radiation.measured_operator_series():
        at_dose = eye_limit_usv / s.dose_per_procedure_usv
        scaled = eye_limit_usv / (s.rate_usv_per_s * seconds)
        where = (
            "eye level (badge on the glasses)"
            if s.where == "at eye level"
            else "outside apron (NOT the eyes)"
        )
        rows.append(
            {
                "procedure measured": s.procedure,
                "dosimeter": where,
                "time (s)": s.fluoro_time_s,
                "dose per procedure (µSv)": round(s.dose_per_procedure_usv, 2),
                "procedures a year to eye limit at that dose": f"{round(at_dose):,}",
                f"scaled to {seconds:g} s: procedures a year": f"{round(scaled):,}"
                + (" (HEADLINE)" if s == headline else ""),
                "source": _tiny(s.source_id),
            }
        )
    return pd.DataFrame(rows).set_index("procedure measured")


def eye_headline() -> str:
    """The headline count of procedures a year to the ICRP eye-lens limit, from measured data, with the
    model estimate's count beside it and what each rests on (plain text, printed by the notebook)."""
    seconds = _oblique_seconds()
    r = radiation.estimate_dose(seconds)
    s = radiation.headline_eye_series()
    manch = next(m for m in radiation.measured_operator_series() if m.where == "outside the apron")
    eye_limit = radiation.annual_limit_msv("equivalent dose to the lens")
    return (
        f"MEASURED (headline): about {round(r.procedures_to_eye_limit):,} oblique lumbar medial branch "
        f"blocks a year ({seconds:g} s of fluoroscopy each) would reach the ICRP eye-lens limit of "
        f"{eye_limit:g} mSv a year, at the largest measured operator dose per second: "
        f"{s.dose_per_procedure_usv:.1f} µSv per "
        f"{s.fluoro_time_s:g} s at eye level in {s.n} {s.procedure.split(' (')[0]}s ({_tiny(s.source_id)}), "
        f"scaled by time to {r.operator_eye_measured_usv:.0f} µSv. No study measured the eyes in a facet "
        "procedure.\n"
        f"Measured outside the apron in {manch.n:,} mixed pain procedures ({_tiny(manch.source_id)}): "
        f"{manch.dose_per_procedure_usv:.2f} µSv per procedure, a body badge, NOT an eye dose.\n"
        f"MODEL ESTIMATE beside it: the {100 * radiation.factor('scatter_fraction_1m'):g} % scatter rule at "
        f"0.5 m gives {r.operator_outside_apron_model_usv:.0f} µSv, or "
        f"{round(r.procedures_to_eye_limit_model):,} procedures a year; it rests on the patient dose the "
        f"C-arm reported in {_tiny(radiation.reference_source())}, whose quantity and mode were not stated "
        "and which the course cannot verify. Neither figure bounds the other."
    )


def make_radiation_figure() -> tuple[Figure, Callable[..., str]]:
    """Patient dose (left) and operator dose outside/under the apron and at eye level (right, log scale)."""
    fig, (patient_ax, staff_ax) = new_figure("notebook", ncols=2)
    threshold = radiation.factor("skin_erythema_threshold")
    (patient_bar,) = patient_ax.bar(["patient\n(reported-dose\nscale)"], [0.0], color=PALETTE["blue"])
    patient_ax.axhline(threshold, color=PALETTE["vermillion"], ls="--", lw=1.2)
    patient_ax.text(
        0,
        threshold * 1.15,
        f"skin injury threshold {threshold:g} mGy",
        ha="center",
        fontsize=8,
        color=PALETTE["vermillion"],
    )
    patient_ax.set_yscale("log")
    patient_ax.set_ylim(1, 1e4)
    patient_ax.set_ylabel("mGy per procedure")
    patient_ax.set_title("Patient", fontsize=10)
    labels = [
        "eye level\nMEASURED\n(epidurals)",
        "outside\napron\nMEASURED\n(not eyes)",
        "body under\napron\nMEASURED",
        "outside\napron\nMODEL\nESTIMATE",
    ]
    colours = [PALETTE["purple"], PALETTE["blue"], PALETTE["green"], PALETTE["orange"]]
    bars = staff_ax.bar(labels, [1e-3] * 4, color=colours)
    bars[3].set_hatch("//")  # the hatched bar is the 0.1 % rule's model estimate, not a measurement
    staff_ax.tick_params(axis="x", labelsize=7)
    staff_ax.set_yscale("log")
    staff_ax.set_ylim(1e-3, 1e4)
    staff_ax.set_ylabel("µSv per procedure (air kerma)")
    staff_ax.set_title("Operator (hatched: model estimate)", fontsize=10)
    title = fig.suptitle(" ", fontweight="bold")
    eye_ids = ";".join(s.source_id for s in radiation.measured_operator_series() if s.where == "at eye level")
    _note(
        fig,
        f"Factors: {_tiny_cite(data.load_table('radiation_factors'))[8:]}; patient: dose reported by the "
        f"C-arm in {_tiny(radiation.reference_source())} (quantity and mode not stated). Measured, scaled by "
        f"time only: eye level {_tiny(radiation.headline_eye_series().source_id)} (largest rate of "
        f"{_tiny(eye_ids)}; {_tiny(radiation.measured_operator_source())}); outside the apron "
        f"{_tiny(radiation.measured_operator_source())}. Hatched: the "
        f"{100 * radiation.factor('scatter_fraction_1m'):g} % scatter rule, a model estimate.",
    )

    def update(
        fluoro_time_s: float,
        operator_distance_m: float,
        apron: str,
        field_area_fraction: float = 1.0,
        field_mode: str = "full field",
    ) -> str:
        result = radiation.estimate_dose(
            fluoro_time_s, operator_distance_m, field_area_fraction, field_mode, apron
        )
        patient_bar.set_height(max(result.patient_mgy, 1e-3))
        for bar, value in zip(
            bars,
            (
                result.operator_eye_measured_usv,
                result.operator_outside_apron_measured_usv,
                result.operator_under_apron_usv,
                result.operator_outside_apron_model_usv,
            ),
            strict=True,
        ):
            bar.set_height(max(value, 1e-3))
        title.set_text(
            f"{fluoro_time_s:g} s, {operator_distance_m:g} m away, field {field_area_fraction:g} of "
            f"{field_mode}, apron: {apron}"
        )
        flags = "".join(f"<br>⚠ {f}" for f in result.flags)
        return (
            f"Patient: <b>{result.patient_mgy:.0f} mGy</b> on the scale of the dose the C-arm reported in "
            f"{_short(radiation.reference_source())} (quantity and fluoroscopy mode not stated). "
            + operator_readout(result)
            + flags
        )

    return fig, update


def operator_readout(result: radiation.DoseEstimate) -> str:
    """The operator's doses as HTML text (µSv): the measured figures and the headline eye count first (the
    eye caveat before the count), then the model estimate with its own count and the input it rests on;
    neither is called a bound."""
    if result.apron == "none":
        body = (
            "<b>No apron</b>: the body receives the measured outside-apron dose, "
            f"<b>{result.operator_under_apron_usv:.1f} µSv</b>."
        )
    else:
        body = (
            f"Under the {result.apron} apron: {result.operator_under_apron_usv:.1f} µSv (measured "
            "outside-apron dose x the apron's transmission; the measured series recorded no dose inside "
            "the apron)."
        )
    eye_source = _short(result.eye_source_id)
    return (
        "Operator, MEASURED (scaled by time; distance, mode and collimation not reported): outside the apron "
        f"<b>{result.operator_outside_apron_measured_usv:.0f} µSv</b> "
        f"({_short(radiation.measured_operator_source())}, {radiation.measured_operator_procedures():,} "
        f"procedures; a body badge, not the eyes). {body} The eye-lens dose was not measured in any facet "
        f"procedure: at the largest measured operator dose per second (eye level, {eye_source}) the eyes "
        f"receive <b>{result.operator_eye_measured_usv:.0f} µSv</b>, and "
        f"<b>{round(result.procedures_to_eye_limit):,}</b> such procedures a year would reach the ICRP "
        "eye-lens limit. "
        f"MODEL ESTIMATE beside it ({100 * radiation.factor('scatter_fraction_1m'):g} % scatter rule, this "
        f"set-up): <b>{result.operator_outside_apron_model_usv:.0f} µSv</b> outside the apron, "
        f"{round(result.procedures_to_eye_limit_model):,} such procedures a year; it rests on the reported "
        "patient dose (quantity and mode not stated), which the course cannot verify, and bounds nothing."
    )


def radiation_explorer() -> Explorer:
    table = data.load_table("radiation_procedures")
    mbb = table[table["procedure"] == "lumbar medial branch block"].set_index("technique")["fluoro_time_s"]
    oblique = float(mbb[[t for t in mbb.index if t.startswith("oblique")][0]])
    ap = float(mbb[[t for t in mbb.index if t.startswith("AP")][0]])
    return explore(
        "radiation-calculator",
        make_radiation_figure,
        [
            Control(
                "fluoro_time_s",
                "Fluoroscopy time",
                (5.0, 120.0, 1.0),
                value=oblique,
                twin_options=[ap, oblique],
                unit="s",
            ),
            Control(
                "operator_distance_m",
                "Your distance from the patient",
                (0.25, 2.0, 0.25),
                value=0.5,
                twin_options=[0.5, 1.0],
                unit="m",
            ),
            Control(
                "apron",
                "Apron",
                list(radiation.APRONS),
                value="0.5 mm lead",
                twin_options=["none", "0.5 mm lead"],
            ),
            Control(
                "field_area_fraction",
                "Collimated field (share of full field)",
                (0.25, 1.0, 0.25),
                value=1.0,
                twin_options=[1.0, 0.5],
            ),
            Control(
                "field_mode",
                "Image intensifier field",
                list(radiation.FIELDS),
                value="full field",
                twin_options=["full field"],
            ),
        ],
        question="Which change cuts your own dose most in the model: one step back or collimating to half "
        "the field? Why does neither change the measured bars?",
        alt="Bar charts of the patient's dose (on the scale the C-arm reported) and the operator's dose: "
        "measured at eye level and outside the apron (scaled by time), under the apron, and the model "
        "estimate outside the apron, for the chosen fluoroscopy time, distance, collimation and shielding.",
    )


def _oblique_seconds() -> float:
    table = data.load_table("radiation_procedures")
    return float(table[table["technique"].str.startswith("oblique")]["fluoro_time_s"].iloc[0])


#: The set-ups of the worked dose examples: (label, distance m, apron, field share, field mode).
DOSE_SETUPS: tuple[tuple[str, float, str, float, str], ...] = (
    ("0.5 m, full field, 0.5 mm apron", 0.5, "0.5 mm lead", 1.0, "full field"),
    ("1 m, full field, 0.5 mm apron", 1.0, "0.5 mm lead", 1.0, "full field"),
    ("1.5 m, collimated to half, 0.5 mm apron", 1.5, "0.5 mm lead", 0.5, "full field"),
    ("0.5 m, first magnified field, 0.5 mm apron", 0.5, "0.5 mm lead", 1.0, "magnified 1"),
    ("0.5 m, full field, no apron", 0.5, "none", 1.0, "full field"),
)


def dose_examples() -> pd.DataFrame:
    """The model estimate for the measured oblique-technique fluoroscopy time under five set-ups
    (radiation.py): patient in mGy on the reported series' scale, operator outside the apron in µSv and the
    procedures a year to the eye-lens limit IF the eyes received that model figure, beside the measured
    headline count (the same in every row: the measured series report no set-up, so only time scales
    them)."""
    seconds = _oblique_seconds()
    rows = []
    for name, distance, apron, area, field_mode in DOSE_SETUPS:
        r = radiation.estimate_dose(seconds, distance, area, field_mode, apron)
        rows.append(
            {
                "set-up": name,
                "patient, reported-dose scale (mGy)": round(r.patient_mgy, 1),
                "outside apron: MODEL ESTIMATE (µSv)": round(r.operator_outside_apron_model_usv, 1),
                "body under the apron if worn, model (µSv)": round(r.operator_under_apron_model_usv, 2),
                "MODEL: procedures a year to eye limit": f"{round(r.procedures_to_eye_limit_model):,}",
                "MEASURED headline: procedures a year to eye limit": f"{round(r.procedures_to_eye_limit):,}",
            }
        )
    return pd.DataFrame(rows).set_index("set-up")


def dose_reduction_table() -> pd.DataFrame:
    """Fluoroscopy modes: dose relative to continuous mode on the one C-arm measured, with the source.
    Relative factors only: the mode of the series whose patient dose the calculator uses was not stated."""
    table = radiation.dose_reduction_factors()
    table["source"] = [_tiny(s) for s in table["source_id"]]
    return table.drop(columns="source_id").set_index("mode")


def eye_limit_facts() -> str:
    """Why the eyes need protecting, from data/radiation_limits.csv and the measured doses (plain text).

    Both ICRP limits are occupational limits of 20 mSv a year but for different quantities (equivalent dose
    to the lens, effective dose): the same number, not the same thing, and the eye limit is not 'the lowest'.
    The US NRC limits (10 CFR 20.1201) are given beside them. The apron covers the body, not the eyes."""
    table = data.load_table("radiation_limits")
    icrp = table[table["authority"] == "ICRP"]
    eye = icrp[icrp["quantity"].str.startswith("equivalent dose to the lens")].iloc[0]
    body = icrp[icrp["quantity"].str.startswith("effective dose")].iloc[0]
    nrc = table[table["authority"] == "US NRC"]
    nrc_eye = nrc[nrc["quantity"].str.startswith("lens dose equivalent")].iloc[0]
    nrc_body = nrc[nrc["quantity"].str.startswith("total effective dose equivalent")].iloc[0]
    r = radiation.estimate_dose(_oblique_seconds())
    same = eye["limit_msv_per_year"] == body["limit_msv_per_year"]
    relation = (
        "the same number of mSv, for a different quantity" if same else "different numbers and quantities"
    )
    return (
        f"ICRP occupational limits: {eye['limit_msv_per_year']:g} mSv a year of {eye['quantity']} and "
        f"{body['limit_msv_per_year']:g} mSv a year of {body['quantity']} "
        f"({relation}; "
        f"{_tiny(body['source_id'])}; {_tiny(eye['source_id'])}). The eye-lens limit was cut from "
        f"{eye['previous_limit_msv_per_year']:g} mSv in {int(eye['limit_since'])}.\n"
        f"US NRC ({_nrc_label(nrc_eye['source_id'])}): {nrc_eye['quantity']} "
        f"{nrc_eye['limit_msv_per_year']:g} mSv a year; {nrc_body['quantity']} "
        f"{nrc_body['limit_msv_per_year']:g} mSv a year.\n"
        f"The apron covers the body, not the eyes: for a {_oblique_seconds():g} s procedure the measured "
        f"eye-level dose ({_tiny(r.eye_source_id)}, scaled by time) is "
        f"{r.operator_eye_measured_usv:.0f} µSv, "
        f"the body under a 0.5 mm apron {r.operator_under_apron_usv:.1f} µSv (measured outside-apron dose x "
        f"transmission; {_tiny(radiation.factor_source('apron_transmission_0.5mm'))})."
    )


def _nrc_lens_source() -> str:
    """Source id of the US NRC lens limit (data/radiation_limits.csv)."""
    table = radiation.limits_table()
    return str(
        data.load_table("radiation_limits")["source_id"][
            (table["authority"] == "US NRC") & table["quantity"].str.startswith("lens")
        ].iloc[0]
    )


def _nrc_label(source_id: str) -> str:
    """'10 CFR 20.1201 (current text, read 2026)' for a regulation whose title starts with its CFR number."""
    ref = data.reference(source_id)
    match = re.match(r"\d+ CFR [\d.]+", ref.title)
    return f"{match.group(0)}, current text read {ref.year}" if match else _tiny(source_id)


def distance_figure() -> tuple[Figure, str]:
    """Operator dose against distance: the model estimate (inverse square) beside the measured doses, which
    report no distance and so are flat lines."""
    seconds = _oblique_seconds()
    distances = np.linspace(0.25, 2.0, 60)
    fig, (ax,) = new_figure("notebook")
    model = [radiation.estimate_dose(seconds, d).operator_outside_apron_model_usv for d in distances]
    ax.plot(
        distances,
        model,
        color=PALETTE["vermillion"],
        lw=2,
        label=f"MODEL ESTIMATE outside the apron ({100 * radiation.factor('scatter_fraction_1m'):g} % rule)",
    )
    under = [radiation.estimate_dose(seconds, d).operator_under_apron_model_usv for d in distances]
    ax.plot(
        distances,
        under,
        color=PALETTE["green"],
        lw=2,
        ls="-.",
        label="MODEL ESTIMATE under a 0.5 mm apron",
    )
    r = radiation.estimate_dose(seconds)
    ax.axhline(
        r.operator_eye_measured_usv,
        color=PALETTE["purple"],
        lw=2,
        ls="--",
        label=f"MEASURED at eye level ({_tiny(r.eye_source_id)}; distance not reported)",
    )
    ax.axhline(
        r.operator_outside_apron_measured_usv,
        color="#333333",
        lw=2,
        ls="--",
        alpha=0.7,
        label=f"MEASURED outside the apron, not the eyes ({_tiny(radiation.measured_operator_source())})",
    )
    ax.set_yscale("log")
    ax.set_xlabel("distance from the patient (m)")
    ax.set_ylabel("operator dose per procedure (µSv)")
    ax.set_title("In the model, each doubling of distance quarters the scattered dose")
    ax.legend(fontsize=7, loc="upper right")
    _note(
        fig,
        f"{data.cite(data.load_table('radiation_factors'))}; time and patient dose: "
        f"{_short(radiation.reference_source())}. Measured doses scaled to {seconds:g} s by time only; their "
        "distance was not reported, so they are flat. Neither line bounds the other.",
    )
    alt = (
        f"Model-estimated operator dose (0.1 percent scatter rule) for a {seconds:g} s procedure falls with "
        "the square of distance; the doses measured in practice, scaled to "
        f"{seconds:g} s (about {r.operator_eye_measured_usv:.0f} µSv at eye level and "
        f"{r.operator_outside_apron_measured_usv:.0f} µSv outside the apron), report no distance and are "
        "drawn flat; the model lies above them at arm's length and below them further away."
    )
    return fig, alt


def fluoroscopy_times_figure() -> tuple[Figure, str]:
    """Measured fluoroscopy times in facet and medial branch procedures."""
    table = data.load_table("radiation_procedures")
    table = table[table["procedure"].str.startswith("lumbar")]
    fig, (ax,) = new_figure("notebook")
    labels = [f"{r['procedure']}\n{r['technique']} ({r['statistic']})" for _, r in table.iterrows()]
    y = np.arange(len(table))
    ax.barh(y, table["fluoro_time_s"], color=PALETTE["blue"])
    for yi, (_, r) in zip(y, table.iterrows(), strict=True):
        dose = (
            f", {r['dose_value']:g} {r['dose_unit']}"
            if r["dose_value"] is not None and not pd.isna(r["dose_value"])
            else ""
        )
        ax.text(r["fluoro_time_s"] + 0.5, yi, f"{r['fluoro_time_s']:g} s{dose}", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, table["fluoro_time_s"].max() * 1.35)
    ax.set_xlabel("fluoroscopy (beam-on) time per procedure (s)")
    ax.set_title("Under a minute of fluoroscopy per procedure")
    _note(fig, data.cite(table))
    alt = (
        f"Measured fluoroscopy times for lumbar facet and medial branch procedures range from "
        f"{table['fluoro_time_s'].min():g} to {table['fluoro_time_s'].max():g} seconds; the oblique "
        "technique "
        "used more time and dose than the AP technique."
    )
    return fig, alt


# -- procedure steps ---------------------------------------------------------------------------------------
def steps_table() -> pd.DataFrame:
    """Each step, what happens and why, what leaflets say and leave out, with sources."""
    table = data.load_table("procedure_steps").sort_values("order")
    out = table[["order", "step", "what_happens", "why", "leaflet_says", "leaflet_leaves_out"]].copy()
    out["source"] = [_short(s) for s in table["source_id"]]
    return out.set_index("order")


NOT_MENTIONED = "(not mentioned)"


def leaflet_mentions(leaflet_says: object) -> bool:
    """Whether a step's ``leaflet_says`` cell records something a leaflet says: False for an empty cell
    (None, NaN, blank) or the placeholder '(not mentioned)'."""
    if leaflet_says is None or (isinstance(leaflet_says, float) and math.isnan(leaflet_says)):
        return False
    text = str(leaflet_says).strip()
    return bool(text) and text != NOT_MENTIONED


def leaflet_gaps_table() -> pd.DataFrame:
    """What patient leaflets describe against what they leave out, by step."""
    table = data.load_table("procedure_steps").sort_values("order")
    out = table[["step", "leaflet_says", "leaflet_leaves_out"]].fillna(NOT_MENTIONED)
    return out.set_index("step")


def timeline_figure() -> tuple[Figure, str]:
    """The procedure as a timeline of numbered steps; what leaflets mention is marked."""
    table = data.load_table("procedure_steps").sort_values("order")
    fig, (ax,) = new_figure("slide")
    ax.axis("off")
    n = len(table)
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(-1.6, 1.3)
    ax.plot([-0.3, n - 0.7], [0, 0], color="#999999", lw=3, zorder=0)
    capsule = anatomy.capsule_capacity_ml("lumbar")
    for i, (_, row) in enumerate(table.iterrows()):
        mentioned = leaflet_mentions(row["leaflet_says"])
        colour = PALETTE["green"] if mentioned else PALETTE["orange"]
        ax.add_patch(
            FancyBboxPatch(
                (i - 0.42, -0.3), 0.84, 0.6, boxstyle="round,pad=0.02", fc=colour, ec="none", alpha=0.85
            )
        )
        ax.text(
            i, 0, str(row["order"]), ha="center", va="center", fontsize=12, color="white", fontweight="bold"
        )
        ax.text(i, 0.42 if i % 2 == 0 else 0.85, row["step"], ha="center", va="bottom", fontsize=8, wrap=True)
        if row["step"] == "Injection":
            detail = f"≤ {capsule[1]:g} mL\n(lumbar capsule)"
        elif row["duration_low_min"] is not None and not pd.isna(row["duration_low_min"]):
            detail = f"{row['duration_low_min']:g}-{row['duration_high_min']:g} min"
        else:
            detail = ""
        if detail:
            ax.text(i, -0.45, detail, ha="center", va="top", fontsize=7, color="#333333")
    ax.add_patch(
        FancyBboxPatch((-0.5, -1.45), 0.25, 0.2, boxstyle="round,pad=0.01", fc=PALETTE["green"], ec="none")
    )
    ax.text(-0.18, -1.35, "patient leaflets describe this step", fontsize=8, va="center")
    ax.add_patch(
        FancyBboxPatch((4.0, -1.45), 0.25, 0.2, boxstyle="round,pad=0.01", fc=PALETTE["orange"], ec="none")
    )
    ax.text(4.32, -1.35, "leaflets leave it out (see the table below)", fontsize=8, va="center")
    ax.set_title("From consent to discharge: ten steps, and what the leaflets skip")
    _note(fig, f"{data.cite(table)}; capsule: {_short(capsule[2])}.")
    left_out = [
        str(r["step"]).lower() for _, r in table.iterrows() if not leaflet_mentions(r["leaflet_says"])
    ]
    alt = (
        f"Timeline of {n} steps of a fluoroscopy-guided facet injection: "
        f"{', '.join(str(step).lower() for step in table['step'])}. Steps the patient leaflets describe are "
        f"green; the step they leave out ({', '.join(left_out) or 'none'}) is orange."
    )
    return fig, alt


# -- beyond the lumbar spine: what differs in the neck and the thorax --------------------------------------
def axial_angles_unfolded(joints: Sequence[str]) -> list[tuple[str, float, float]]:
    """Each joint's axial facet angles as the studies report them from the mid-sagittal plane (degrees),
    NOT folded to 0-90: (joint, lowest, highest) over every reported value (means and ends of ranges).

    A study measuring from the sagittal plane on a 0-180 scale reports more than 90 when the facet has
    turned past the coronal plane (mid-cervical joints); the course's angle model
    (:func:`anatomy.facet_angle_to_sagittal_deg`) folds such values to 180 - value, which hides that turn.
    Values measured against another plane are converted with the model's own rule."""
    frame = anatomy.orientation_table()
    out = []
    for joint in joints:
        rows = frame[(frame["quantity"] == "axial_angle") & (frame["level"] == joint)]
        values: list[float] = []
        for _, row in rows.iterrows():
            for column in ("value_deg", "low_deg", "high_deg"):
                value = row[column]
                if value is None or pd.isna(value):
                    continue
                plane = str(row["reference_plane"])
                values.append(
                    float(value) if plane == "mid-sagittal" else anatomy.to_course_axial_angle(value, plane)
                )
        out.append((joint, min(values), max(values)))
    return out


def regional_facet_angles_table() -> pd.DataFrame:
    """By region: the range of the sourced axial facet angles as the studies report them (degrees from the
    mid-sagittal plane, 0 = sagittal, 90 = coronal, above 90 = turned past coronal; not folded back) and of
    the facet inclination to the axial plane, with the levels and sources.
    Shows why the lumbar obliques of this notebook do not carry over to the neck or the thorax. The
    thoracolumbar transition (T12-L1) is left out of the thoracic row."""
    rows = []
    for region in ("cervical", "thoracic", "lumbar"):
        joints = [  # T12-L1 is the thoracolumbar transition, not a typical thoracic joint: left out
            j for j in anatomy.levels_with_axial_angle() if anatomy.region_of(j) == region and j != "T12-L1"
        ]
        unfolded = axial_angles_unfolded(joints)
        past_coronal = [j for j, _, high in unfolded if high > 90.0]
        inclined = [j for j in anatomy.levels_with_inclination() if anatomy.region_of(j) == region]
        incl = [anatomy.facet_inclination_deg(j) for j in inclined]
        ids = [anatomy.facet_angle_sources(j) for j in joints] + [
            anatomy.facet_inclination_sources(j) for j in inclined
        ]
        rows.append(
            {
                "region": region,
                "levels with data": f"{joints[0]} to {joints[-1]}",
                AXIAL_COLUMN: f"{min(u[1] for u in unfolded):.1f}-{max(u[2] for u in unfolded):.1f}",
                "above 90 (past coronal) at": ", ".join(past_coronal) or "none",
                "inclination to axial plane, studies (deg)": (
                    f"{min(i[1] for i in incl):.0f}-{max(i[2] for i in incl):.0f}" if incl else "not in data"
                ),
                "source": _tiny(";".join(dict.fromkeys(s for g in ids for s in g.split(";")))),
            }
        )
    return pd.DataFrame(rows).set_index("region")


#: Column of :func:`regional_facet_angles_table`: the axial angle range as reported, not folded to 0-90.
AXIAL_COLUMN = "axial facet angle from sagittal, studies (deg; >90 = past coronal)"


def regional_differences_table() -> pd.DataFrame:
    """What the sources say differs outside the lumbar spine (approach, image guidance, the C2-3 nerve)."""
    table = data.load_table("fluoroscopy_regional_differences")
    rows = [
        {
            "topic": r["topic"],
            "region": r["region"],
            "what differs": r["what_differs"],
            "source": _short(r["source_id"]),
        }
        for _, r in table.iterrows()
    ]
    c23 = innervation.nerves_to_block("C2-3")
    rows.insert(
        1,
        {
            "topic": "C2-3 joint",
            "region": "cervical",
            "what differs": f"{c23.rule}; the target is the {c23.block_targets}; {c23.note}",
            "source": _short(c23.source_id),
        },
    )
    return pd.DataFrame(rows).set_index("topic")


# -- misconceptions, self-check, references ----------------------------------------------------------------
def misconceptions() -> str:
    """Misconceptions from leaflets and practice, each corrected with the evidence and its source
    (Markdown)."""
    table = oblique_angles_by_level()
    lo, hi = table["facet angle (deg)"].min(), table["facet angle (deg)"].max()
    lumbar = data.load_table("contrast_intravascular").dropna(subset=["intravascular_n"]).iloc[0]
    aspiration = 100 * lumbar["aspiration_positive_n"] / lumbar["intravascular_n"]
    mag = radiation.magnification_factor("magnified 1")
    steps = data.load_table("procedure_steps").set_index("step")
    low = min(anatomy.facet_angle_to_sagittal_deg(j)[1] for j in LEVELS)
    high = max(anatomy.facet_angle_to_sagittal_deg(j)[2] for j in LEVELS)
    lines = [
        "- *“Set the C-arm to the steep Scotty-dog oblique for every lumbar facet joint.”* **No single angle "
        f"fits:** the mean facet angle runs from {lo:.0f}° to {hi:.0f}° across lumbar levels, and the "
        f"studies' values from {low:.0f}° to {high:.0f}° ({_orientation_sources()[8:]}); turning further "
        "than the first joint line shows the *anterior* (ventral) joint, which a needle from behind cannot "
        f"enter ({_short(TECHNIQUE_SOURCE)}; in this model at about {steep_oblique_deg():.0f}° for L4-5). "
        "Turn from AP and aim for the posterior joint line.",
        f"- *“No blood on aspiration, so the needle is not in a vessel.”* **Aspiration caught only "
        f"{aspiration:.0f}%** of intravascular lumbar medial branch injections; watch contrast live "
        f"({_short(lumbar['source_id'])}).",
        f"- *Leaflet: “{steps.loc['Skin local anaesthetic', 'leaflet_says']}”* **True, and only the skin:** "
        f"{steps.loc['Skin local anaesthetic', 'leaflet_leaves_out']} "
        f"({_short(steps.loc['Skin local anaesthetic', 'source_id'])}).",
        "- *“Magnification mode gives a closer look at no cost.”* **It raises the patient's skin dose**, "
        f"by about {mag:.1f}-fold in the first magnified field: a figure this course derives, not a "
        "measurement: the square of the ratio of the full to the magnified image-intensifier diameter "
        f"({radiation.field_diameter_cm('full field'):g} cm / {radiation.field_diameter_cm('magnified 1'):g} "
        f"cm; {_short(radiation.factor_source('image_intensifier_full_cm'))}), by the square law of "
        f"{_short(radiation.factor_source('magnification_dose_exponent'))}. Collimate instead.",
        "- *“The tunnel view shows how deep the needle is.”* **It cannot:** a needle down the beam is a dot "
        "at every "
        f"depth; check depth on a lateral view ({_short(TECHNIQUE_SOURCE)}).",
        f"- *Leaflets say nothing about x-rays' dose.* **It is small but real and varies with technique:** "
        f"{_short('tech_bakir2024')} measured more time and dose with the oblique than with the AP "
        "technique.",
    ]
    return "\n".join(lines)


def self_check_questions() -> list[Question]:
    """At least five questions; numbers formatted from data/ and the models."""
    table = oblique_angles_by_level()
    l23, l45 = table.loc["L2-3"], table.loc["L4-5"]
    aim45, steep45 = l45[AIM_COLUMN], l45["steep oblique: anterior line (deg)"]
    lumbar = data.load_table("contrast_intravascular").dropna(subset=["intravascular_n"]).iloc[0]
    aspiration = 100 * lumbar["aspiration_positive_n"] / lumbar["intravascular_n"]
    eye = radiation.annual_limit_msv("equivalent dose to the lens")
    nrc_eye = radiation.annual_limit_msv("lens dose equivalent", "US NRC")
    views = data.load_table("fluoroscopy_views").set_index("item")
    pulsed = radiation.factor("mode_reduction_pulsed_low_dose")
    return [
        Question(
            prompt="A prone patient, right L4-5 facet joint. Which way do you turn the C-arm, and about how "
            "far?",
            options=(
                f"Detector toward the patient's right, about {aim45:.0f}°",
                f"Detector toward the patient's left, about {aim45:.0f}°",
                "Always the same steep oblique toward either side",
                "No oblique: the joint is seen in the AP view",
            ),
            answer=0,
            explanation=(
                "Turn the detector toward the side of the joint and stop when the first (posterior) joint "
                f"line opens: in this curved-joint model at about {aim45:.0f}°, before the mean facet angle "
                f"of {l45['facet angle (deg)']:.0f}° (studies {l45['study range (deg)']}°), because the "
                "posterior part of a curved joint is more sagittal; the steeper line at about "
                f"{steep45:.0f}° is the anterior "
                "joint, which a needle from behind cannot enter."
            ),
            source_id=f"{anatomy.facet_angle_sources('L4-5')};{TECHNIQUE_SOURCE}",
        ),
        Question(
            prompt="Why does L2-3 need a smaller oblique than L4-5?",
            options=(
                f"Its facets are more sagittal (mean {l23['facet angle (deg)']:.0f}° against "
                f"{l45['facet angle (deg)']:.0f}°)",
                "Its facets are more coronal",
                "Upper lumbar joints lie deeper",
                "It does not: every lumbar level uses the same angle",
            ),
            answer=0,
            explanation="Lumbar facets turn from sagittal toward coronal going down; the oblique that opens "
            "each "
            "joint follows its facet angle.",
            source_id=f"{anatomy.facet_angle_sources('L2-3')};{anatomy.facet_angle_sources('L4-5')}",
        ),
        Question(
            prompt="On a steep (Scotty-dog) oblique view you see the joint line clearly. Is that where your "
            "needle from behind will enter?",
            options=(
                "Not necessarily: a steep oblique can show the anterior (ventral) joint; aim for the "
                "posterior joint line as you turn from AP",
                "Yes: a visible joint line is always the entry point",
                "Only if the tilt is cranial",
                "Only at L5-S1",
            ),
            answer=0,
            explanation=views.loc["steep oblique", "statement"].capitalize()
            + "; "
            + views.loc["posterior joint space", "statement"]
            + f". In this model the anterior margin of L4-5 shows at about {steep_oblique_deg():.0f}°, the "
            f"posterior at about {best_angle('L4-5', 'posterior'):.0f}°.",
            source_id=TECHNIQUE_SOURCE,
        ),
        Question(
            prompt="On the oblique view, which bone is the Scotty dog's neck, and what does a 'collar' mean?",
            options=(
                "Pars interarticularis; a collar is a pars defect (spondylolysis)",
                "Pedicle; a collar is a pedicle fracture",
                "Transverse process; a collar is normal",
                "Lamina; a collar is a facet joint effusion",
            ),
            answer=0,
            explanation=f"The neck is the {views.loc['neck', 'statement']}; the collar is "
            f"{views.loc['collar', 'statement']}.",
            source_id="tech_leone2011",
        ),
        Question(
            prompt="You aspirate before injecting and see no blood. How reassured should you be?",
            options=(
                f"Not very: aspiration caught only {aspiration:.0f}% of intravascular injections; watch "
                "contrast live",
                "Fully: a negative aspiration excludes a vessel",
                "Enough to skip contrast",
                "Reassured only in the cervical spine",
            ),
            answer=0,
            explanation=f"In {int(lumbar['injections']):,} lumbar medial branch blocks, "
            f"{lumbar['intravascular_percent']:g}% "
            f"were intravascular on live fluoroscopy; aspiration predicted {aspiration:.0f}% of them.",
            source_id=str(lumbar["source_id"]),
        ),
        Question(
            prompt="What is the ICRP annual limit for the lens of the eye of a radiation worker?",
            options=(
                f"{eye:g} mSv a year (5-year average)",
                f"{nrc_eye:g} mSv a year",
                "1 mSv a year",
                "There is no separate eye limit",
            ),
            answer=0,
            explanation="ICRP lowered the occupational limit on the equivalent dose to the lens to "
            f"{eye:g} mSv a year averaged over five years; the US NRC's limit on the lens dose equivalent "
            f"({_nrc_label(_nrc_lens_source())}) is {nrc_eye:g} mSv a year. The authorities differ; both are "
            "shown in the table.",
            source_id="tech_icrp118;tech_nrc1201",
        ),
        Question(
            prompt="Cho et al. compared the fluoroscopy modes of one C-arm, with a lead apron on the table "
            "standing in for the patient. Which mode gave the lowest measured dose?",
            options=(
                f"Pulsed plus low-dose mode (about {100 * pulsed:.0f}% less than conventional)",
                "Magnification mode",
                "Conventional (continuous) mode",
                "The modes did not differ",
            ),
            answer=0,
            explanation=f"Pulsed and low-dose modes together gave {100 * pulsed:.0f}% less measured dose "
            "than conventional mode on that C-arm (a phantom measurement, not patients' doses); "
            "magnification raises the skin dose. Ask which mode your C-arm runs in: the patient-dose series "
            "in this notebook did not say.",
            source_id="tech_cho2011",
        ),
    ]


def key_references() -> str:
    """Markdown list of every reference notebook 03 uses."""
    ids: list[str] = []
    for table in (
        "fluoroscopy_views",
        "fluoroscopy_model_assumptions",
        "fluoroscopy_needle_scenarios",
        "contrast_intravascular",
        "contrast_patterns",
        "radiation_procedures",
        "radiation_factors",
        "radiation_limits",
        "procedure_steps",
        "fluoroscopy_regional_differences",
    ):
        ids.extend(data.load_table(table)["source_id"])
    ids.append(innervation.nerves_to_block("C2-3").source_id)
    ids.extend(anatomy.facet_angle_sources(j) for j in LEVELS)
    ids.append(anatomy.capsule_capacity_ml("lumbar")[2])
    return data.references_markdown(ids)


FIGURES: dict[str, Callable[[], tuple[Figure, str]]] = {
    "carm-oblique-angle-convention-prone-patient": carm_convention_figure,
    "carm-simulator-right-l4-5-oblique": simulator_static,
    "lumbar-joint-opens-at-its-facet-angle": visibility_by_level_figure,
    "posterior-joint-space-opens-before-anterior": margins_figure,
    "scotty-dog-oblique-view-labelled": scotty_dog_figure,
    "needle-tunnel-and-lateral-views": needle_static,
    "arthrogram-synthetic-contrast": contrast_static,
    "intravascular-uptake-and-aspiration": intravascular_figure,
    "operator-dose-falls-with-distance": distance_figure,
    "fluoroscopy-times-facet-procedures": fluoroscopy_times_figure,
    "facet-injection-procedure-timeline": timeline_figure,
}
