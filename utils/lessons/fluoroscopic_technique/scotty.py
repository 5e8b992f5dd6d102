"""03, section 4: the Scotty dog on an oblique view, each part a bone, and a collar (a pars defect).

The parts and the bones they are from ``data/fluoroscopy_views.csv`` (topic ``scotty_dog``); the image from
the simulator's lumbar scene.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ...core import citations
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note, synthetic_label
from ...models import fluoroscopy
from ._common import MODEL_NOTE

SCOTTY_PARTS: dict[str, str] = {
    "ear": "superior_articular_process_right_upper",
    "eye": "pedicle_right_upper",
    "nose": "transverse_process_right_upper",
    "neck": "pars_interarticularis_right_upper",
    "body": "lamina_right_upper",
    "front leg": "inferior_articular_process_right_upper",
}
_PART_COLOURS = ("orange", "sky_blue", "yellow", "vermillion", "green", "purple")
#: Where each label of the Scotty dog sits relative to its part (points): ear up, nose forward, body back.
_DOG_LABEL_OFFSETS: dict[str, tuple[float, float]] = {
    "ear": (-40, 34),
    "eye": (30, 36),
    "nose": (26, -26),
    "neck": (-70, 26),
    "body": (-56, -20),
    "front leg": (44, -46),
}
#: The view: centred on the upper vertebra's right side (mm from the joint level's centre: x, z) and a
#: zoomed field (display choices).
_VIEW_SHIFT_MM = (-12.0, 18.0)
_VIEW = fluoroscopy.CArm(size_px=320, fov_mm=80.0)


def scotty_parts_table() -> pd.DataFrame:
    """The Scotty dog's parts and the bone each one is, with the source."""
    rows = fluoroscopy.views_on("scotty_dog")
    return pd.DataFrame(
        {
            "part of the dog": rows["item"].values,
            "bone": rows["statement"].values,
            "source": [citations.short(s) for s in rows["source_id"]],
        }
    ).set_index("part of the dog")


def _part_mask(projector: fluoroscopy.Projector, part: str, oblique: float) -> np.ndarray:
    """Where one part of the scene lies on the image (more than 0.5 mm of it along the ray)."""
    solid = next(s for s in projector.solids if s.part == part and getattr(s, "density", 1.0) > 0)
    single = fluoroscopy.Projector([solid], projector.carm, isocentre_mm=projector.isocentre_mm)
    return single.line_integrals(oblique, 0.0) > 0.5


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


def _outline_parts(ax: Axes, projector: fluoroscopy.Projector, oblique_deg: float) -> None:
    """Each part of the dog outlined on the image, labelled with the bone it is (from data/)."""
    carm = projector.carm
    half = carm.fov_mm / 2
    xs = np.linspace(-half + carm.pixel_mm / 2, half - carm.pixel_mm / 2, carm.size_px)
    gx, gy = np.meshgrid(xs, xs[::-1])
    for (name, part), colour in zip(SCOTTY_PARTS.items(), _PART_COLOURS, strict=True):
        mask = _part_mask(projector, part, oblique_deg)
        ax.contour(xs, xs[::-1], mask.astype(float), levels=[0.5], colors=[PALETTE[colour]], linewidths=1.4)
        x, y = float(gx[mask].mean()), float(gy[mask].mean())  # the label points into its own outline
        ax.annotate(
            f"{name}:\n{fluoroscopy.view_statement(name)}",
            xy=(x, y),
            xytext=_DOG_LABEL_OFFSETS[name],
            textcoords="offset points",
            ha="center",
            va="center",
            color="#111111",
            fontsize=7,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.9, "ec": PALETTE[colour], "lw": 1.5},
            arrowprops={"arrowstyle": "-", "color": PALETTE[colour], "lw": 1.4},
        )


def _draw_collar(
    ax: Axes, solids: Sequence[fluoroscopy.SolidLike], projector: fluoroscopy.Projector, oblique_deg: float
) -> None:
    """The same view with a band of missing bone across the neck, and its label."""
    half = projector.carm.fov_mm / 2
    pars = SCOTTY_PARTS["neck"]
    with_defect = fluoroscopy.Projector(
        [*solids, *_pars_defect(solids, pars)], projector.carm, isocentre_mm=projector.isocentre_mm
    )
    ax.imshow(
        with_defect.radiograph(oblique_deg), cmap="gray", extent=(-half, half, -half, half), vmin=0, vmax=1
    )
    pars_solid = next(s for s in solids if s.part == pars and s.density > 0)
    neck = projector.project_points(np.asarray(pars_solid.center_mm)[None, :], oblique_deg)[0]
    ax.annotate(
        "collar: a defect\nof the pars\n(spondylolysis)",
        xy=(float(neck[0]), float(neck[1])),
        xytext=(-half + 4, -half + 10),
        color="white",
        fontsize=7,
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.2", "fc": PALETTE["vermillion"], "alpha": 0.9, "ec": "none"},
        arrowprops={"arrowstyle": "-|>", "color": PALETTE["vermillion"], "lw": 1.5},
    )


@figure("scotty-dog-oblique-view-labelled")
def scotty_dog_figure(oblique_deg: float = 40.0) -> tuple[Figure, str]:
    """The right L4 Scotty dog on a simulated oblique: as the monitor shows it, with each part outlined and
    labelled, and with a collar (a pars defect)."""
    solids, centre = fluoroscopy.lumbar_scene("L4-5")
    iso = (centre[0] + _VIEW_SHIFT_MM[0], centre[1], centre[2] + _VIEW_SHIFT_MM[1])
    projector = fluoroscopy.Projector(solids, _VIEW, isocentre_mm=iso)
    fig, _ = new_figure("slide")
    fig.clear()
    # the labelled dog is the figure's point: its panel is the largest (six labels around a small vertebra)
    plain_ax, ax, collar_ax = fig.subplots(1, 3, width_ratios=(1, 1.6, 1))
    half = _VIEW.fov_mm / 2
    image = projector.radiograph(oblique_deg)
    for axis in (plain_ax, ax):
        axis.imshow(image, cmap="gray", extent=(-half, half, -half, half), vmin=0, vmax=1)
    _outline_parts(ax, projector, oblique_deg)
    _draw_collar(collar_ax, solids, projector, oblique_deg)
    for axis, title in (
        (plain_ax, f"Find the dog:\nright L4,\n{oblique_deg:g}° right oblique"),
        (ax, "The dog's parts are bones"),
        (collar_ax, "A collar on the neck:\nspondylolysis"),
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
    source_note(
        fig,
        f"Parts of the dog: {citations.cite(fluoroscopy.views_on('scotty_dog'))}. {MODEL_NOTE} Bone dark, "
        "as on a C-arm monitor.",
    )
    alt = (
        f"Simulated {oblique_deg:g} degree right oblique radiograph of L4, bone dark on a light background, "
        "shown three times: plain; with the Scotty dog's parts outlined (ear = superior articular process, "
        "eye = the oval ring of the pedicle, nose = transverse process, neck = pars interarticularis, body = "
        "lamina, front leg = inferior articular process); and with a light band across the neck, the collar "
        "of spondylolysis."
    )
    return fig, alt
