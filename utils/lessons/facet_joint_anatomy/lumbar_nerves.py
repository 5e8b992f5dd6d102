"""01, section 2 (from behind): the lumbar dorsal rami and medial branches, the chosen joint's nerves lit.

A posterior view of the schematic 3-D model, L1 to the sacrum (as seen from behind the patient: image
left = patient's left), with every medial branch drawn schematically; the nerves come from
:mod:`facet_course.models.innervation`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import anatomy, innervation
from ._common import esc
from .nerves import limited_evidence_html

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


def _draw_lumbar_nerves() -> tuple[Figure, Callable[..., str]]:
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
    # beside the image, not on it: the spine is narrow, and in large type the two met in the middle
    side = {"fontsize": 7, "va": "top", "color": "#555555", "transform": ax.transAxes}
    ax.text(-0.03, 0.98, "patient's\nleft", ha="right", **side)
    ax.text(1.03, 0.98, "patient's\nright", ha="left", **side)
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
        citations.cite(innervation.nerve_supply_table()[lambda f: f["region"] == "lumbar"])
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
            return f"⚠ {esc(entry.message(name))}"
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
            f"<b>{name}</b>: block <b>{esc(' + '.join(found.nerves))}</b> on the painful side(s). Circles: "
            f"where each is reached ({esc(found.block_targets)}).{limited_evidence_html(name)} "
            f"<i>{esc(citations.cite(found.source_id))}</i>"
        )

    return fig, update


def lumbar_nerves_explorer() -> Explorer:
    """Pick a lumbar joint (or the sacroiliac joint); see its two nerves and where each is blocked."""
    return explore(
        "lumbar-medial-branches-posterior-view",
        _draw_lumbar_nerves,
        [Control("name", "Joint", [*anatomy.LUMBAR_JOINTS, "sacroiliac"], value="L4-5")],
        question="Which transverse processes do you aim at to block the nerves of L4-5, and why is L5-S1 "
        "different?",
        alt="Posterior view of a schematic lumbar spine with the dorsal rami and medial branches; the nerves "
        "of the chosen joint are highlighted with their block targets.",
    )


@figure("facet-lumbar-medial-branches-posterior-view-L4-5")
def lumbar_nerves_figure() -> tuple[Figure, str]:
    """The posterior view with L4-5 chosen: the L3 and L4 medial branches and where each is blocked."""
    name = "L4-5"
    fig, update = _draw_lumbar_nerves()
    update(name)
    found = innervation.nerves_to_block(name)
    alt = (
        f"Posterior view of a schematic lumbar spine: the {name} joints are supplied by the "
        f"{' and '.join(found.nerves)}, reached where each crosses the root of a transverse process."
    )
    return fig, alt


def also_numbed() -> str:
    """Markdown: what a lumbar medial branch block numbs besides the joint, and why that matters."""
    src = citations.short(citations.source("medial_branch_supplies_two_joints_and_multifidus"))
    return (
        "**What a medial branch block also numbs:** each lumbar medial branch supplies two adjacent facet "
        "joints and the multifidus fascicles that arise from the spinous process of its own segment. A block "
        "of the nerve anaesthetises these too, not the joint alone: relief after a medial branch block tests "
        "what the nerve supplies, while an intra-articular block puts the anaesthetic into one joint. "
        f"*Source: {src}.*"
    )
