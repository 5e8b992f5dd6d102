"""C-arm simulator: radiograph-like images of analytic solids at any C-arm angle (pure numpy, no plotting).

The patient lies PRONE. Patient axes in mm: x toward the patient's LEFT, y toward the patient's BACK
(posterior), z CRANIAL (the course's convention, see data/README.md).

C-arm angles, named as radiographers name them and signed as written here:

* ``oblique_deg``: rotation of the C-arm about the patient's long axis. With the patient prone the X-ray
  tube is under the table and the detector (image intensifier) above the back, so at 0 the beam runs
  straight from front to back (an AP projection). **Positive = the detector swings toward the patient's
  RIGHT** (a right "ipsilateral oblique" for a right-sided joint); negative = toward the patient's left.
  Radiographers name a projection by the body surface nearest the detector, so +30 with the detector over
  the right back is a right posterior oblique (RPO) view; its beam runs along the same line as a left
  anterior oblique (LAO) view with tube and detector swapped, and the two images differ only by a mirror
  flip and magnification.
* ``tilt_deg``: rotation about the patient's left-right axis. **Positive = cranial** (detector tilted toward
  the head, the beam runs from caudal-anterior to cranial-posterior); negative = caudal.

The beam direction (from source to detector) for angles (oblique θ, tilt φ) is ``b = (-sin θ cos φ, cos θ
cos φ, sin φ)``.

Images are shown as the operator sees them standing behind a prone patient: patient's LEFT on the image
left, head at the top.

Geometry: a point source ``source_to_image_mm`` (SID) from the detector and ``source_to_isocentre_mm`` (SOD)
from the isocentre, the point the C-arm rotates about (placed on the target). An object at the isocentre is
magnified on the detector by ``SID / SOD``; image coordinates below are given in mm at the isocentre
(detector mm divided by that magnification), so a ruler on the image reads true size at the target's depth.

The image is a sum of line integrals: for each pixel ray, the chord length through every solid (exact for
ellipsoids, boxes, elliptic cylinders and plates) times the solid's density; solids that make up one bone
(a ``group``) count once where they overlap (their union, by inclusion-exclusion over the overlaps found once
per scene), so a vertebra projects as one bone with one cortical shell, not as a heap of parts.
:meth:`Projector.radiograph` turns the integrals into what a C-arm monitor shows: transmitted intensity
``exp(-mu * integral)``, BONE DARK on a light background (as fluoroscopy shows it; contrast and metal are
dark too), a little detector blur, edge enhancement and quantum mottle. What does not depend on the angles is
computed once (the ray directions in the C-arm's own frame; each solid's inverse shape matrix); per frame
each solid is turned into the C-arm frame and only the pixels under its projected bounding circle are
computed.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
from scipy import ndimage

Kind = Literal["ellipsoid", "box", "cylinder", "plate"]
KINDS: tuple[str, ...] = ("ellipsoid", "box", "cylinder", "plate")

#: Simulator geometry (not a clinical number): a mobile C-arm's source-to-image distance is about one metre.
DEFAULT_SID_MM = 1000.0
#: Source to isocentre: places the target a little nearer the detector than the source, as in practice.
DEFAULT_SOD_MM = 650.0
#: Limits of the angles the simulator accepts, with the reason given in the error message.
OBLIQUE_LIMIT_DEG = 90.0
TILT_LIMIT_DEG = 45.0


class SolidLike(Protocol):
    """Anything shaped like ``facet_course.anatomy.Solid``: an analytic primitive in patient mm."""

    part: str
    kind: str
    center_mm: tuple[float, float, float]
    semi_axes_mm: tuple[float, float, float]
    rotation: object
    density: float


@dataclass(frozen=True)
class Primitive:
    """An analytic solid (same fields as ``anatomy.Solid``).

    ``semi_axes_mm`` are half-lengths along the solid's own axes; for a cylinder the third is the
    half-height along its axis and the first two the semi-axes of its elliptic cross-section; a plate is the
    slab |x| <= its first semi-axis cut from an ellipsoid PLATE_BULGE times thicker (flat faces across its
    x axis, a rounded outline). ``rotation``
    (3x3) maps the solid's axes to patient axes. ``density`` is a relative attenuation per mm (bone about
    1). Solids that share a non-empty ``group`` are one piece of bone: where they overlap, the overlap
    counts once (the projector takes their union), so they must share one density.
    """

    part: str
    kind: str
    center_mm: tuple[float, float, float]
    semi_axes_mm: tuple[float, float, float]
    rotation: tuple[tuple[float, float, float], ...] = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
    density: float = 1.0
    group: str = ""


# --- C-arm geometry ---------------------------------------------------------------------------------------


def check_angles(oblique_deg: float, tilt_deg: float) -> None:
    """Raise ValueError for angles a C-arm around a prone patient cannot take (or that make no sense here)."""
    for name, value, limit, why in (
        ("oblique_deg", oblique_deg, OBLIQUE_LIMIT_DEG, "beyond a true lateral the view repeats mirrored"),
        ("tilt_deg", tilt_deg, TILT_LIMIT_DEG, "a mobile C-arm around a prone patient tilts less than this"),
    ):
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            raise ValueError(f"{name} must be a number of degrees; got {value!r}")
        if abs(value) > limit:
            raise ValueError(f"{name}={value:g} is outside -{limit:g} to +{limit:g} degrees ({why})")


def beam_direction(oblique_deg: float, tilt_deg: float = 0.0) -> np.ndarray:
    """Unit vector from source to detector in patient axes (see the module docstring for signs)."""
    check_angles(oblique_deg, tilt_deg)
    th, ph = math.radians(oblique_deg), math.radians(tilt_deg)
    return np.array([-math.sin(th) * math.cos(ph), math.cos(th) * math.cos(ph), math.sin(ph)])


def detector_axes(oblique_deg: float, tilt_deg: float = 0.0) -> np.ndarray:
    """Rows: image-right, image-up, beam (unit vectors in patient axes); a right-handed frame.

    Image-up is the patient's head projected on the detector; image-right is the patient's right side when
    the image is viewed from behind the patient (the operator's view).
    """
    b = beam_direction(oblique_deg, tilt_deg)
    up = np.array([0.0, 0.0, 1.0]) - b[2] * b
    up /= np.linalg.norm(up)
    right = np.cross(up, b)
    return np.vstack([right, up, b])


def describe_angles(oblique_deg: float, tilt_deg: float = 0.0) -> str:
    """The C-arm position in words, e.g. '30° right oblique (detector over the right back: RPO) ...'."""
    check_angles(oblique_deg, tilt_deg)
    if abs(oblique_deg) < 0.05:
        obl = "AP (beam front to back, 0° oblique)"
    else:
        side = "right" if oblique_deg > 0 else "left"
        code = "RPO" if oblique_deg > 0 else "LPO"
        same = "LAO" if oblique_deg > 0 else "RAO"
        obl = (
            f"{abs(oblique_deg):g}° {side} oblique (detector over the {side} back: {code}; "
            f"same beam line as {same})"
        )
    if abs(tilt_deg) < 0.05:
        return f"{obl}, no tilt"
    return f"{obl}, {abs(tilt_deg):g}° {'cranial' if tilt_deg > 0 else 'caudal'} tilt"


@dataclass(frozen=True)
class CArm:
    """Detector grid and distances. ``fov_mm``: the field of view at the isocentre (what the image spans)."""

    size_px: int = 256
    fov_mm: float = 120.0
    source_to_image_mm: float = DEFAULT_SID_MM
    source_to_isocentre_mm: float = DEFAULT_SOD_MM

    def __post_init__(self) -> None:
        if not 16 <= self.size_px <= 2048:
            raise ValueError(f"size_px={self.size_px} must be 16 to 2048 pixels")
        if not 20.0 <= self.fov_mm <= 400.0:
            raise ValueError(
                f"fov_mm={self.fov_mm:g} must be 20 to 400 mm (a C-arm detector is 15-40 cm across)"
            )
        if not 0 < self.source_to_isocentre_mm < self.source_to_image_mm:
            raise ValueError(
                "the isocentre must lie between source and detector: 0 < source_to_isocentre_mm "
                f"({self.source_to_isocentre_mm:g}) < source_to_image_mm ({self.source_to_image_mm:g})"
            )

    @property
    def magnification(self) -> float:
        """Geometric magnification of an object at the isocentre: SID / SOD."""
        return self.source_to_image_mm / self.source_to_isocentre_mm

    @property
    def pixel_mm(self) -> float:
        """Pixel size in mm at the isocentre."""
        return self.fov_mm / self.size_px

    def pixel_centres_mm(self) -> np.ndarray:
        """Coordinates (mm at the isocentre) of pixel centres along one image axis, increasing."""
        half = self.fov_mm / 2
        return np.linspace(-half + self.pixel_mm / 2, half - self.pixel_mm / 2, self.size_px)


# --- line integrals through one solid (exact), rays from the origin with unit direction d
# ---------------------


def _apply(d: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``d @ matrix.T`` for (n, 3) rows without BLAS (threaded BLAS is slow for 3x3 products)."""
    return d[:, 0:1] * matrix[:, 0] + d[:, 1:2] * matrix[:, 1] + d[:, 2:3] * matrix[:, 2]


def _span_ellipsoid(
    d: np.ndarray, inv_shape: np.ndarray, centre: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Ray parameters (mm along rays t*d, |d| = 1) where the rays enter and leave
    {p : |inv_shape @ (p - centre)| <= 1}; a ray that misses gets an empty span (leave <= enter)."""
    ad = _apply(d, inv_shape)
    w = inv_shape @ centre
    a = ad[:, 0] ** 2 + ad[:, 1] ** 2 + ad[:, 2] ** 2
    bb = ad[:, 0] * w[0] + ad[:, 1] * w[1] + ad[:, 2] * w[2]
    disc = bb * bb - a * (w @ w - 1.0)
    root = np.sqrt(np.maximum(disc, 0.0))
    return (bb - root) / a, (bb + root) / a


def _slab(adk: np.ndarray, wk: float) -> tuple[np.ndarray, np.ndarray]:
    """Ray parameter interval where |t*adk - wk| <= 1 (adk may be ~0)."""
    safe = np.where(np.abs(adk) < 1e-12, 1e-12, adk)
    t1 = (wk - 1.0) / safe
    t2 = (wk + 1.0) / safe
    return np.minimum(t1, t2), np.maximum(t1, t2)


def _span_box(d: np.ndarray, inv_shape: np.ndarray, centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ad = _apply(d, inv_shape)
    w = inv_shape @ centre
    lo, hi = _slab(ad[:, 0], w[0])
    for k in (1, 2):
        a, b = _slab(ad[:, k], w[k])
        lo = np.maximum(lo, a)
        hi = np.minimum(hi, b)
    return lo, hi


def _span_cylinder(d: np.ndarray, inv_shape: np.ndarray, centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ad = _apply(d, inv_shape)
    w = inv_shape @ centre
    a = ad[:, 0] ** 2 + ad[:, 1] ** 2
    bb = ad[:, 0] * w[0] + ad[:, 1] * w[1]
    c = w[0] ** 2 + w[1] ** 2 - 1.0
    disc = np.maximum(bb * bb - a * c, 0.0)
    safe_a = np.where(a < 1e-18, 1e-18, a)
    root = np.sqrt(disc)
    lo = np.where(a < 1e-18, np.where(c <= 0, -np.inf, np.inf), (bb - root) / safe_a)
    hi = np.where(a < 1e-18, np.where(c <= 0, np.inf, -np.inf), (bb + root) / safe_a)
    s_lo, s_hi = _slab(ad[:, 2], w[2])
    return np.maximum(lo, s_lo), np.minimum(hi, s_hi)


#: A plate is an ellipsoid PLATE_BULGE times as thick as the plate, cut by the plate's two flat faces
#: (anatomy.PLATE_BULGE: flat where it meets a joint, rounded edges).
PLATE_BULGE = 1.5


def _span_plate(d: np.ndarray, inv_shape: np.ndarray, centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ad = _apply(d, inv_shape)
    w = inv_shape @ centre
    ad0, w0 = ad[:, 0] / PLATE_BULGE, w[0] / PLATE_BULGE
    a = ad0**2 + ad[:, 1] ** 2 + ad[:, 2] ** 2
    bb = ad0 * w0 + ad[:, 1] * w[1] + ad[:, 2] * w[2]
    root = np.sqrt(np.maximum(bb * bb - a * (w0 * w0 + w[1] ** 2 + w[2] ** 2 - 1.0), 0.0))
    s_lo, s_hi = _slab(ad[:, 0], w[0])
    return np.maximum((bb - root) / a, s_lo), np.minimum((bb + root) / a, s_hi)


_SPANS = {
    "ellipsoid": _span_ellipsoid,
    "box": _span_box,
    "cylinder": _span_cylinder,
    "plate": _span_plate,
}


def _chord(kind: str, d: np.ndarray, inv_shape: np.ndarray, centre: np.ndarray) -> np.ndarray:
    lo, hi = _SPANS[kind](d, inv_shape, centre)
    return np.maximum(hi - lo, 0.0)


def _rotation_of(solid: SolidLike) -> np.ndarray:
    rot = np.asarray(solid.rotation, dtype=float)
    if rot.shape != (3, 3) or not np.allclose(rot @ rot.T, np.eye(3), atol=1e-6):
        raise ValueError(f"solid '{solid.part}': rotation must be a 3x3 orthonormal matrix")
    return rot


def _canonical(solid: SolidLike) -> tuple[str, np.ndarray, np.ndarray]:
    """(kind, semi-axes, rotation) of a solid, checked."""
    return solid.kind, np.asarray(solid.semi_axes_mm, dtype=float), _rotation_of(solid)


def _check_solid(solid: SolidLike) -> None:
    if solid.kind not in KINDS:
        raise ValueError(f"solid '{solid.part}': kind '{solid.kind}' is not one of {KINDS}")
    axes = np.asarray(solid.semi_axes_mm, dtype=float)
    if axes.shape != (3,) or not np.all(np.isfinite(axes)) or np.any(axes <= 0):
        raise ValueError(f"solid '{solid.part}': semi_axes_mm must be three positive lengths in mm")
    if not math.isfinite(solid.density) or abs(solid.density) > 100:
        raise ValueError(
            f"solid '{solid.part}': density must be a finite relative attenuation (bone 1); negative values "
            "only hollow out a solid that contains them"
        )


def chord_length_mm(solid: SolidLike, origin_mm: Sequence[float], direction: Sequence[float]) -> float:
    """Length (mm) inside ``solid`` of the straight line through ``origin_mm`` along ``direction``."""
    _check_solid(solid)
    d = np.asarray(direction, dtype=float)
    norm = np.linalg.norm(d)
    if norm == 0 or not np.isfinite(norm):
        raise ValueError("direction must be a non-zero finite vector")
    d = (d / norm)[None, :]
    kind, axes, rot = _canonical(solid)
    inv_shape = np.diag(1.0 / axes) @ rot.T
    centre = np.asarray(solid.center_mm, dtype=float) - np.asarray(origin_mm, dtype=float)
    # The chord is taken along the whole line (as forward only when the origin lies outside the solid).
    return float(_chord(kind, d, inv_shape, centre)[0])


def contains(solid: SolidLike, points_mm: np.ndarray) -> np.ndarray:
    """Boolean mask: which of ``points_mm`` (N x 3, patient mm) lie inside ``solid``."""
    pts = np.atleast_2d(np.asarray(points_mm, dtype=float))
    kind, axes, rot = _canonical(solid)
    local = (pts - np.asarray(solid.center_mm, dtype=float)) @ rot / axes
    if kind == "ellipsoid":
        return np.einsum("ij,ij->i", local, local) <= 1.0
    if kind == "box":
        return np.all(np.abs(local) <= 1.0, axis=1)
    if kind == "plate":
        bulge = (local[:, 0] / PLATE_BULGE) ** 2 + local[:, 1] ** 2 + local[:, 2] ** 2
        return (bulge <= 1.0) & (np.abs(local[:, 0]) <= 1.0)
    return (local[:, 0] ** 2 + local[:, 1] ** 2 <= 1.0) & (np.abs(local[:, 2]) <= 1.0)


# --- the projector -----------------------------------------------------------------------------------------

_OVERLAP_STEP_MM = 0.5  # grid on which solids of one group are tested for overlap (precomputation only)


def _aabb(solid: SolidLike) -> tuple[np.ndarray, np.ndarray]:
    """Axis-aligned bounding box (patient mm) of a solid."""
    kind, axes, rot = _canonical(solid)
    half_axes = rot * axes[None, :]
    if kind in ("box", "plate"):
        ext = np.abs(half_axes).sum(axis=1)
    elif kind == "cylinder":
        ext = np.sqrt((half_axes[:, :2] ** 2).sum(axis=1)) + np.abs(half_axes[:, 2])
    else:
        ext = np.sqrt((half_axes**2).sum(axis=1))
    if kind == "plate":
        ext = np.sqrt((half_axes[:, 1:] ** 2).sum(axis=1)) + PLATE_BULGE * np.abs(half_axes[:, 0])
    centre = np.asarray(solid.center_mm, dtype=float)
    return centre - ext, centre + ext


def _common_points(members: Sequence[SolidLike], boxes: Sequence[tuple[np.ndarray, np.ndarray]]) -> bool:
    lo = np.max([b[0] for b in boxes], axis=0)
    hi = np.min([b[1] for b in boxes], axis=0)
    if np.any(hi <= lo):
        return False
    grid = [np.arange(a + _OVERLAP_STEP_MM / 2, b, _OVERLAP_STEP_MM) for a, b in zip(lo, hi, strict=True)]
    if any(len(g) == 0 for g in grid):
        return False
    pts = np.stack(np.meshgrid(*grid, indexing="ij"), axis=-1).reshape(-1, 3)
    inside = np.ones(len(pts), dtype=bool)
    for solid in members:
        inside &= contains(solid, pts)
        if not inside.any():
            return False
    return True


@functools.lru_cache(maxsize=16)
def _overlaps(solids: tuple[SolidLike, ...]) -> tuple[tuple[int, ...], ...]:
    """Index sets (2 to 4 solids of one group) whose solids share a region: the inclusion-exclusion terms
    that turn the sum of a group's chords into the length of their union.

    Found on a 0.5 mm grid (once per scene): an overlap thinner than that may be counted twice.
    """
    groups: dict[str, list[int]] = {}
    for i, solid in enumerate(solids):
        name = getattr(solid, "group", "")
        if name:
            groups.setdefault(name, []).append(i)
    found: list[tuple[int, ...]] = []
    for members in groups.values():
        boxes = {i: _aabb(solids[i]) for i in members}
        level = [
            (i, j)
            for k, i in enumerate(members)
            for j in members[k + 1 :]
            if _common_points([solids[i], solids[j]], [boxes[i], boxes[j]])
        ]
        pairs = set(level)
        found.extend(level)
        while level and len(level[0]) < 4:
            bigger = set()
            for subset in level:
                for extra in members:
                    if extra > subset[-1] and all((a, extra) in pairs for a in subset):
                        candidate = (*subset, extra)
                        if _common_points([solids[i] for i in candidate], [boxes[i] for i in candidate]):
                            bigger.add(candidate)
            level = sorted(bigger)
            found.extend(level)
    return tuple(found)


@dataclass
class Projector:
    """Radiograph-like projections of a fixed set of solids for any C-arm angles (see the module docstring).

    ``isocentre_mm`` is the point the C-arm turns about and the image centre (put it on the target joint).
    """

    solids: Sequence[SolidLike]
    carm: CArm = field(default_factory=CArm)
    isocentre_mm: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def __post_init__(self) -> None:
        if len(self.solids) == 0:
            raise ValueError("a projector needs at least one solid")
        for solid in self.solids:
            _check_solid(solid)
        c = self.carm
        # Angle-independent precomputation: ray directions in the C-arm frame (right, up, beam) for every
        # pixel.
        coords_iso = c.pixel_centres_mm()
        det = coords_iso * c.magnification  # detector mm
        u = det[None, :].repeat(c.size_px, axis=0)  # image right, columns
        v = det[::-1][:, None].repeat(c.size_px, axis=1)  # image up: row 0 is the top of the image
        rays = np.stack([u, v, np.full_like(u, c.source_to_image_mm)], axis=-1)
        rays /= np.linalg.norm(rays, axis=-1, keepdims=True)
        self._rays = rays  # (H, W, 3)
        canonical = [_canonical(s) for s in self.solids]
        self._kinds = [k for k, _, _ in canonical]
        self._density = np.array([s.density for s in self.solids], dtype=float)
        self._centres = np.array([s.center_mm for s in self.solids], dtype=float) - np.asarray(
            self.isocentre_mm
        )
        rots = np.array([r for _, _, r in canonical])
        axes = np.array([a for _, a, _ in canonical])
        self._inv_shape_patient = (1.0 / axes)[:, :, None] * np.transpose(rots, (0, 2, 1))  # diag(1/a) R^T
        # each solid's own axes scaled by its semi-axes (columns), for its extent along any direction
        self._half_axes = rots * axes[:, None, :]
        self._box_kind = np.array([k in ("box", "plate") for k in self._kinds])
        self._cyl_kind = np.array([k == "cylinder" for k in self._kinds])
        self._soft = np.array([s.part.startswith("soft_tissue") for s in self.solids])
        groups: dict[str, float] = {}
        for solid in self.solids:
            name = getattr(solid, "group", "")
            if name and groups.setdefault(name, solid.density) != solid.density:
                raise ValueError(f"solids of group '{name}' must share one density (they are one bone)")
        self._overlaps = _overlaps(tuple(self.solids)) if groups else ()
        self._in_overlap = np.zeros(len(self.solids), dtype=bool)
        for subset in self._overlaps:
            self._in_overlap[list(subset)] = True
        # A point at lateral offset x (mm) and distance `depth` from the source lands x*SOD/depth mm from the
        # image centre (in isocentre mm), i.e. x * _px_per_mm_depth / depth pixels.
        self._px_per_mm_depth = c.source_to_isocentre_mm / c.pixel_mm
        # the round detector's field: 1 inside the inscribed circle, a soft 1.5-pixel edge, 0 outside
        centred = np.arange(c.size_px) - (c.size_px - 1) / 2
        radius = np.hypot(centred[None, :], centred[:, None])
        self._round_field = np.clip((c.size_px / 2 - 1.0 - radius) / 1.5, 0.0, 1.0)

    def _extents(self, axes: np.ndarray) -> np.ndarray:
        """Half-extent (mm) of every solid along image right, image up and the beam: (n, 3)."""
        proj = np.einsum("ij,njk->nik", axes, self._half_axes)  # (n, 3 frame directions, 3 solid axes)
        ext = np.sqrt((proj**2).sum(axis=2))  # ellipsoid
        box = np.abs(proj).sum(axis=2)
        cyl = np.sqrt((proj[:, :, :2] ** 2).sum(axis=2)) + np.abs(proj[:, :, 2])
        ext = np.where(self._box_kind[:, None], box, ext)
        return np.where(self._cyl_kind[:, None], cyl, ext)

    def frame_axes(self, oblique_deg: float, tilt_deg: float = 0.0) -> np.ndarray:
        """Rows: image-right, image-up, beam in patient axes (see :func:`detector_axes`)."""
        return detector_axes(oblique_deg, tilt_deg)

    def project_points(self, points_mm: np.ndarray, oblique_deg: float, tilt_deg: float = 0.0) -> np.ndarray:
        """Image coordinates (mm at the isocentre: right, up) of patient points (N x 3)."""
        axes = detector_axes(oblique_deg, tilt_deg)
        sod = self.carm.source_to_isocentre_mm
        rel = np.atleast_2d(np.asarray(points_mm, dtype=float)) - np.asarray(self.isocentre_mm)
        local = rel @ axes.T  # right, up, along beam (0 at isocentre)
        depth = local[:, 2] + sod  # distance from source along the beam
        return local[:, :2] * (sod / depth)[:, None]

    def line_integrals(self, oblique_deg: float, tilt_deg: float = 0.0) -> np.ndarray:
        """Sum over solids of density x chord length (mm) per pixel: an (H, W) array, row 0 at the top."""
        return self._integrals(oblique_deg, tilt_deg, None)

    def _integrals(self, oblique_deg: float, tilt_deg: float, only: np.ndarray | None) -> np.ndarray:
        axes = detector_axes(oblique_deg, tilt_deg)
        c = self.carm
        n = c.size_px
        sod = c.source_to_isocentre_mm
        image = np.zeros((n, n))
        # Solid centres relative to the source, in the C-arm frame.
        centres = _apply(self._centres, axes)
        centres[:, 2] += sod
        # every solid's shape matrix in the C-arm frame at once (einsum: no threaded BLAS for 3x3 products)
        inv_shapes = np.einsum("kij,lj->kil", self._inv_shape_patient, axes)
        extents = self._extents(axes)
        k = self._px_per_mm_depth
        half = n / 2
        spans: dict[int, tuple[int, int, np.ndarray, np.ndarray]] = {}
        for i, kind in enumerate(self._kinds):
            if (only is not None and not only[i]) or self._density[i] == 0:
                continue
            depth = centres[i, 2]
            ex, ey, ez = extents[i]
            if depth - ez <= 1.0:
                continue  # behind or at the source: not imaged
            # the solid lies within its extents box; its image within the images of that box's corners
            near, far = k / (depth - ez), k / (depth + ez)
            us = ((centres[i, 0] - ex) * near, (centres[i, 0] - ex) * far)
            us2 = ((centres[i, 0] + ex) * near, (centres[i, 0] + ex) * far)
            vs = ((centres[i, 1] - ey) * near, (centres[i, 1] - ey) * far)
            vs2 = ((centres[i, 1] + ey) * near, (centres[i, 1] + ey) * far)
            c0 = int(max(0, math.floor(half + min(us) - 1)))
            c1 = int(min(n, math.ceil(half + max(us2) + 1)))
            r0 = int(max(0, math.floor(half - max(vs2) - 1)))
            r1 = int(min(n, math.ceil(half - min(vs) + 1)))
            if c0 >= c1 or r0 >= r1:
                continue
            block = self._rays[r0:r1, c0:c1].reshape(-1, 3)
            inv_shape = inv_shapes[i]  # maps C-arm-frame vectors to unit-solid coordinates
            lo, hi = _SPANS[kind](block, inv_shape, centres[i])
            shape = (r1 - r0, c1 - c0)
            image[r0:r1, c0:c1] += self._density[i] * np.maximum(hi - lo, 0.0).reshape(shape)
            if self._in_overlap[i]:
                spans[i] = (r0, c0, lo.reshape(shape), hi.reshape(shape))
        # where solids of one bone overlap, count the overlap once (inclusion-exclusion over the overlaps)
        for subset in self._overlaps:
            if only is not None and not all(only[i] for i in subset):
                continue
            if any(i not in spans for i in subset):
                continue
            parts = [spans[i] for i in subset]
            r0 = max(p[0] for p in parts)
            c0 = max(p[1] for p in parts)
            r1 = min(p[0] + p[2].shape[0] for p in parts)
            c1 = min(p[1] + p[2].shape[1] for p in parts)
            if r0 >= r1 or c0 >= c1:
                continue
            lo = np.max([p[2][r0 - p[0] : r1 - p[0], c0 - p[1] : c1 - p[1]] for p in parts], axis=0)
            hi = np.min([p[3][r0 - p[0] : r1 - p[0], c0 - p[1] : c1 - p[1]] for p in parts], axis=0)
            sign = -1.0 if len(subset) % 2 == 0 else 1.0
            image[r0:r1, c0:c1] += sign * self._density[subset[0]] * np.maximum(hi - lo, 0.0)
        return image

    def radiograph(self, oblique_deg: float, tilt_deg: float = 0.0, round_field: bool = False) -> np.ndarray:
        """Display image in [0, 1] as a C-arm monitor shows it: BONE DARK on a light background.

        ``round_field``: black outside the circle inscribed in the image, as the round detector of an image
        intensifier shows it.

        Transmitted intensity ``I = exp(-mu * integral)`` (mu per mm of bone-equivalent path, a rendering
        choice), blurred a little like a detector (0.6 pixel), with a gentle edge enhancement as C-arm image
        processing applies. Automatic brightness control is modelled by referring the exposure to the soft
        tissue crossed by the central ray, so the image keeps its brightness as the C-arm turns from AP to
        lateral while bone contrast stays the same.
        """
        integrals = ndimage.gaussian_filter(self.line_integrals(oblique_deg, tilt_deg), _BLUR_PX)
        reference = 0.0
        if self._soft.any():
            axes = detector_axes(oblique_deg, tilt_deg)
            source = np.asarray(self.isocentre_mm) - self.carm.source_to_isocentre_mm * axes[2]
            reference = sum(
                s.density * chord_length_mm(s, source, axes[2])
                for s, soft in zip(self.solids, self._soft, strict=True)
                if soft
            )
        transmitted = np.exp(-_MU_PER_MM * (integrals - reference))
        detail = transmitted - ndimage.uniform_filter(transmitted, _EDGE_PX)
        # the monitor's tone curve: a soft shoulder, so thin soft tissue greys toward white without clipping
        shown = 1.0 - np.exp(-_EXPOSURE * np.maximum(transmitted + _EDGE_GAIN * detail, 0.0))
        # quantum mottle: a little noise, larger where fewer photons arrive (seeded by the angles: the same
        # view always looks the same)
        rng = np.random.default_rng(int(1000 * (oblique_deg + 90)) * 1000 + int(100 * (tilt_deg + 45)))
        noise = ndimage.gaussian_filter(rng.standard_normal(shown.shape), 0.7)
        shown = np.clip(shown + _NOISE * noise * np.sqrt(np.clip(transmitted, 0.05, 1.0)), 0.0, 1.0)
        return shown * self._round_field if round_field else shown


#: Rendering choices of the display (not clinical numbers): attenuation per mm of bone-equivalent path,
#: detector blur, edge enhancement and the monitor's brightness at the soft tissue of the image centre.
_MU_PER_MM = 0.09
_BLUR_PX = 0.6
_EDGE_PX = 9
_EDGE_GAIN = 1.0
_EXPOSURE = 1.6
_NOISE = 0.035


def benchmark_projection(size_px: int = 256, frames: int = 40) -> dict:
    """Frames per second of the C-arm simulator at ``size_px`` x ``size_px`` on one core (called by make
    bench).

    Uses the two-vertebra lumbar segment of the anatomy model with the body's soft tissue, sweeping the
    oblique angle, as the notebook's simulator does.
    """
    solids, centre = lumbar_scene("L4-5")
    projector = Projector(solids, CArm(size_px=size_px), isocentre_mm=centre)
    angles = np.linspace(-40, 40, frames)
    projector.radiograph(0.0)  # warm caches
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for angle in angles:
        projector.radiograph(float(angle), 5.0)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {
        "what": f"C-arm simulator frames per second at {size_px}x{size_px}, {len(solids)} solids, one core",
        "frames": frames,
        "fps": frames / cpu,  # CPU time of this process: what one core delivers, whatever else runs
        "wall_fps": frames / wall,
        "ms_per_frame": 1000 * cpu / frames,
    }


# --- the lumbar scene the simulator shows ----------------------------------------------------------------

#: Cortical shell thickness used to hollow vertebral bodies and pedicles so they look like bone on a
#: radiograph
#: (rim bright, marrow dimmer). Rendering choice of the teaching model, not a clinical number.
_CORTEX_MM = 1.2
_MARROW_FRACTION = 0.8  # how much of the density the marrow core removes (rendering choice)
_SOFT_TISSUE_DENSITY = 0.08  # relative to bone = 1 (rendering choice)
_PSOAS_EXTRA_DENSITY = 0.03  # muscle against the surrounding fat (rendering choice)
_SACRUM_MARROW_FRACTION = 0.6
_TRANSVERSE_MARROW_FRACTION = 0.35
_ARCH_MARROW_FRACTION = 0.6  # marrow of the vertebral arch: its shell rings the pedicle's "eye"
_WAIST_MM = 0.8  # how much narrower a body is at its waist than at its endplate rims (rendering choice)
_ENDPLATE_CORTEX_MM = 0.6  # endplates are thin (and concave: a short tangent path); rendering choice
_ENDPLATE_HALF_MM = 4.5  # half-thickness of the rounded rim at each endplate (rendering choice)
_THIN_CORTEX_MM = 1.2  # cortex of the processes (rendering choice)


@functools.lru_cache(maxsize=64)
def model_assumption(key: str) -> float:
    """A teaching-model parameter from data/fluoroscopy_model_assumptions.csv (value in its stated unit)."""
    from ..core import data

    table = data.load_table("fluoroscopy_model_assumptions").set_index("id")
    if key not in table.index:
        raise ValueError(f"unknown model assumption '{key}'; known: {', '.join(table.index)}")
    return float(table.loc[key, "value"])


def _hollow(
    solid: SolidLike, cortex_mm: float | tuple[float, float, float], fraction: float
) -> Primitive | None:
    """The marrow core of a solid: ``cortex_mm`` (one value, or one per solid axis) inside its surface, with
    the density ``-fraction`` of the solid's (it removes that part of the density of the core)."""
    cortex = (cortex_mm,) * 3 if isinstance(cortex_mm, int | float) else cortex_mm
    inner = tuple(a - c for a, c in zip(solid.semi_axes_mm, cortex, strict=True))
    if min(inner) <= 0.8:
        return None
    return Primitive(
        f"{solid.part}_marrow",
        solid.kind,
        tuple(solid.center_mm),
        inner,
        tuple(tuple(r) for r in np.asarray(solid.rotation, dtype=float)),
        -fraction * solid.density,
    )


def _spool(body: SolidLike) -> list[Primitive]:
    """A vertebral body as a radiograph shows it: waisted between two rounded endplate rims.

    The anatomy model's elliptic cylinder (kept under its own part name, narrowed by _WAIST_MM) plus, at each
    endplate, a plate with a flat face on the endplate and rounded edges (the ring apophysis). They are one
    bone (the caller puts them in one group). Rendering detail of the teaching model, not a clinical number.
    """
    rx, ry, h = body.semi_axes_mm
    cx, cy, cz = (float(v) for v in body.center_mm)
    waist = Primitive(
        body.part, "cylinder", (cx, cy, cz), (rx - _WAIST_MM, ry - _WAIST_MM, h), density=body.density
    )
    # plate axes: its thickness (body x) along the patient's z, its outline in the axial plane
    rot = ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (1.0, 0.0, 0.0))
    parts = [waist]
    for end, sign in (("superior", 1.0), ("inferior", -1.0)):
        parts.append(
            Primitive(
                f"{body.part}_endplate_{end}",
                "plate",
                (cx, cy, cz + sign * (h - _ENDPLATE_HALF_MM)),
                (_ENDPLATE_HALF_MM, rx, ry),
                rot,
                body.density,
            )
        )
    return parts


def _grouped(solid: SolidLike, group: str) -> Primitive:
    """A copy of a solid (same part name) as a Primitive that belongs to a bone ``group``."""
    return Primitive(
        solid.part,
        solid.kind,
        tuple(float(v) for v in solid.center_mm),
        tuple(float(v) for v in solid.semi_axes_mm),
        tuple(tuple(float(v) for v in row) for row in np.asarray(solid.rotation, dtype=float)),
        float(solid.density),
        group,
    )


def _psoas() -> list[Primitive]:
    """The psoas muscles beside the vertebral bodies: a little denser than the fat around them, so their
    margins show as soft bands beside the spine on an AP view (rendering detail, not a clinical number)."""
    return [
        Primitive(
            f"soft_tissue_psoas_{side}",
            "ellipsoid",
            (sign * 36.0, 2.0, -40.0),
            (15.0, 17.0, 140.0),
            density=_PSOAS_EXTRA_DENSITY,
        )
        for side, sign in (("left", 1.0), ("right", -1.0))
    ]


def _trunk(joint_centre_y_mm: float) -> Primitive:
    """Soft tissue of the trunk: an elliptic cylinder whose back skin lies skin_depth behind the joint."""
    half_depth, half_width = 115.0, 165.0
    back_skin_y = joint_centre_y_mm + model_assumption("skin_depth")
    return Primitive(
        "soft_tissue_trunk",
        "cylinder",
        (0.0, back_skin_y - half_depth, -20.0),
        (half_width, half_depth, 160.0),
        density=_SOFT_TISSUE_DENSITY,
    )


def lumbar_scene(
    joint: str = "L4-5", neighbours: bool = True, curved_side: str | None = None
) -> tuple[list[SolidLike], tuple[float, float, float]]:
    """Solids of a lumbar segment and the isocentre (see :func:`_lumbar_scene`).

    ``curved_side`` ('left' or 'right'): that side's joint of ``joint`` is the CURVED teaching joint of
    :func:`joint_surfaces` (posterior and anterior halves; curvature illustrative, from data) instead of the
    anatomy model's flat joint, so the image, the joint-space readout and the needle all see the same joint:
    its posterior line opens first as the C-arm turns from AP.
    """
    if curved_side not in (None, "left", "right"):
        raise ValueError(f"curved_side must be None, 'left' or 'right', not {curved_side!r}")
    solids, centre = _lumbar_scene(joint, neighbours, curved_side)
    return list(solids), centre


def _curved_joint_swap(
    joint: str, side: str, tagged: list[tuple[str, SolidLike]], upper: str, lower: str
) -> list[tuple[str, SolidLike]]:
    """Replace the flat articular processes of one joint with the curved joint's halves (same vertebrae)."""
    flat = {
        f"inferior_articular_process_{side}_upper": upper,
        f"superior_articular_process_{side}_lower": lower,
    }
    density = {solid.part: solid.density for _, solid in tagged if solid.part in flat}
    out = [(v, s) for v, s in tagged if s.part not in flat]
    for portion in ("posterior", "anterior"):
        for plate in joint_surfaces(joint, side, portion):  # type: ignore[arg-type]
            name = "inferior" if "inferior" in plate.part else "superior"
            part = f"{name}_articular_process_{side}_{'upper' if name == 'inferior' else 'lower'}"
            curved = Primitive(
                f"{part}_{portion}",
                plate.kind,
                plate.center_mm,
                plate.semi_axes_mm,
                plate.rotation,
                density.get(part, 1.0),
            )
            out.append((flat[part], curved))
    return out


@functools.lru_cache(maxsize=32)
def _lumbar_scene(
    joint: str, neighbours: bool, curved_side: str | None = None
) -> tuple[tuple[SolidLike, ...], tuple[float, float, float]]:
    """Solids of a lumbar segment for the simulator, and the isocentre (the segment's joint centre level).

    The two vertebrae of ``joint`` from the anatomy model (:func:`facet_course.anatomy.segment_solids`),
    with the vertebrae above and below when ``neighbours`` (so an image looks like a spine, not two bones).
    Each vertebra is one bone (group): its parts' union, bodies waisted between rounded endplate rims, less
    the union of marrow cores, so every bone shows a dense cortical rim (the pedicle's ring is the Scotty
    dog's eye). Then the soft tissue of the trunk and the psoas muscles. Part names of the anatomy model are
    kept. Coordinates: patient mm with the origin at the upper body's centre (the anatomy model's
    convention).
    """
    from . import anatomy

    joint = anatomy.normalise_joint(joint)
    if anatomy.region_of(joint) != "lumbar":
        raise ValueError(f"the C-arm simulator models lumbar segments (L1-2 to L5-S1), not {joint}")
    upper, lower = anatomy.joint_vertebrae(joint)
    step = anatomy.DIMENSIONS.level_step
    # (vertebra, solid) pairs: the segment's two vertebrae (parts tagged _upper/_lower), then the neighbours
    tagged: list[tuple[str, SolidLike]] = []
    for solid in anatomy.segment_solids(joint):
        tag = solid.part.rsplit("_", 1)[-1]
        tagged.append((upper if tag == "upper" else lower if tag == "lower" else "", solid))
    if curved_side is not None:
        tagged = _curved_joint_swap(joint, curved_side, tagged, upper, lower)
    if neighbours:
        order = list(anatomy.VERTEBRAE)
        extra = []
        above = order[order.index(upper) - 1]
        extra.append((above, step))
        if lower != "S1":
            extra.append((order[order.index(lower) + 1], -2 * step))
        for name, z in extra:
            try:
                tagged.extend((name, s) for s in anatomy.vertebra_solids(name, z))
            except ValueError:
                continue  # a neighbour without sourced facet data is simply left out
    # Each vertebra is one bone: the union of its parts (a cortical shell) less the union of their marrow
    # cores (body and arch separately, so each keeps its own marrow density).
    solids: list[SolidLike] = []
    cores: list[Primitive] = []
    for vertebra, solid in tagged:
        if solid.density <= 0 or not vertebra:
            solids.append(solid)
            continue
        body = solid.kind == "cylinder" and solid.part.split("_")[0] in ("body", "sacrum")
        pieces = _spool(solid) if body else [solid]
        solids.extend(_grouped(piece, f"{vertebra}:bone") for piece in pieces)
        # the sacrum (S1 and below) is one thick bone whose marrow is one union of a denser bone
        fraction = _SACRUM_MARROW_FRACTION if vertebra == "S1" else _MARROW_FRACTION
        for piece in pieces[1:]:  # the rims' marrow joins the body's (thin endplate, along the plate's x)
            core = _hollow(piece, (_ENDPLATE_CORTEX_MM, _CORTEX_MM, _CORTEX_MM), fraction)
            if core is not None:
                cores.append(_grouped(core, f"{vertebra}:marrow_body"))
        if body:
            core = _hollow(pieces[0], (_CORTEX_MM, _CORTEX_MM, _ENDPLATE_CORTEX_MM), fraction)
            where = "body"
        elif vertebra == "S1":
            core = _hollow(pieces[0], _CORTEX_MM, fraction)
            where = "body"  # (the sacrum's marrow is one: its body and alae overlap)
        elif solid.part.startswith("transverse_process"):
            # thin and mostly cortex: a dense "nose" on the oblique, not a black spot end-on (lateral)
            core = _hollow(solid, _THIN_CORTEX_MM, _TRANSVERSE_MARROW_FRACTION)
            where = "transverse"  # its own marrow density (a group shares one)
        else:
            core = _hollow(solid, _THIN_CORTEX_MM, _ARCH_MARROW_FRACTION)
            where = "arch"
        if core is not None:
            cores.append(_grouped(core, f"{vertebra}:marrow_{where}"))
    solids.extend(cores)
    centre = anatomy.facet_joint_centre_mm(joint, "right")
    solids.append(_trunk(float(centre[1])))
    solids.extend(_psoas())
    return tuple(solids), (0.0, float(centre[1]) - 10.0, float(centre[2]))


# --- how open the joint looks: the see-through gap --------------------------------------------------------

Portion = Literal["whole", "posterior", "anterior"]
PORTIONS: tuple[str, ...] = ("whole", "posterior", "anterior")


def _signed_oblique(side: str, ipsilateral_oblique_deg: float) -> float:
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    return ipsilateral_oblique_deg if side == "right" else -ipsilateral_oblique_deg


@functools.lru_cache(maxsize=32)
def _segment(joint: str) -> tuple[SolidLike, ...]:
    from . import anatomy

    return tuple(anatomy.segment_solids(joint))


def joint_surfaces(joint: str, side: str, portion: Portion = "whole") -> list[Primitive]:
    """The two articular processes bounding a joint, as solids (patient mm).

    ``whole``: the anatomy model's flat joint (its axial angle is the level's sourced mean). ``posterior`` /
    ``anterior``: one half of a CURVED joint of the same mean angle whose anterior half is turned
    ``joint_curvature`` degrees more coronal than its posterior half (an illustrative teaching-model number,
    see data/fluoroscopy_model_assumptions.csv), each half as a pair of plates either side of the joint
    space.
    """
    from . import anatomy

    joint = anatomy.normalise_joint(joint)
    if portion not in PORTIONS:
        raise ValueError(f"portion must be one of {PORTIONS}, not {portion!r}")
    if portion == "whole":
        wanted = {f"inferior_articular_process_{side}_upper", f"superior_articular_process_{side}_lower"}
        if side not in ("left", "right"):
            raise ValueError(f"side must be 'left' or 'right', not {side!r}")
        return [s for s in _segment(joint) if s.part in wanted]
    dims = anatomy.DIMENSIONS
    mean = anatomy.model_axial_angle_deg(joint, side)
    half_turn = model_assumption("joint_curvature") / 2
    angle = mean - half_turn if portion == "posterior" else mean + half_turn
    centre = anatomy.facet_joint_centre_mm(joint, side)
    _, mean_line, _ = anatomy.joint_axes(mean, anatomy.model_inclination_deg(joint), side)
    quarter = dims.process_half_length / 2
    middle = centre + (quarter if portion == "posterior" else -quarter) * mean_line
    normal, line, third = anatomy.joint_axes(angle, anatomy.model_inclination_deg(joint), side)
    rot = tuple(tuple(float(v) for v in row) for row in np.column_stack([normal, line, third]))
    offset = dims.joint_gap / 2 + dims.process_half_thickness
    half = (dims.process_half_thickness, quarter, dims.process_half_height)
    return [
        Primitive(
            f"{portion}_{name}", "box", tuple(float(v) for v in middle + sign * offset * normal), half, rot
        )
        for name, sign in (("inferior_process", 1.0), ("superior_process", -1.0))
    ]


def _gap_from_bone(bone: np.ndarray, pixel_mm: float) -> float:
    mid = bone.shape[0] // 2
    widths = []
    for row in bone[mid - 15 : mid + 15]:
        hits = np.flatnonzero(row)
        if len(hits) < 2:
            continue
        inside = row[hits[0] : hits[-1] + 1]
        widths.append(int(np.count_nonzero(~inside)))
    return float(np.median(widths)) * pixel_mm if widths else 0.0


def _gap_projector(surfaces: Sequence[SolidLike], centre_mm: Sequence[float]) -> Projector:
    return Projector(
        list(surfaces), CArm(size_px=200, fov_mm=40.0), isocentre_mm=tuple(float(v) for v in centre_mm)
    )


def see_through_gap_mm(
    surfaces: Sequence[SolidLike], centre_mm: Sequence[float], oblique_deg: float, tilt_deg: float = 0.0
) -> float:
    """Width (mm, at the joint) of the joint space seen clear of bone between the two articular surfaces.

    Rendered on a fine 40 mm field centred on the joint: in each image row through the middle of the joint,
    the bone-free pixels lying between bone pixels are counted; the median over rows is returned. It is the
    joint space when the beam runs along the joint plane, and 0 once the surfaces overlap in the image.
    """
    check_angles(oblique_deg, tilt_deg)
    projector = _gap_projector(surfaces, centre_mm)
    return _gap_from_bone(projector.line_integrals(oblique_deg, tilt_deg) > 1e-6, projector.carm.pixel_mm)


@functools.lru_cache(maxsize=64)
def _joint_gap_projector(joint: str, side: str, portion: str) -> Projector:
    from . import anatomy

    return _gap_projector(
        joint_surfaces(joint, side, portion),  # type: ignore[arg-type]
        anatomy.facet_joint_centre_mm(joint, side),
    )


def joint_gap_mm(
    joint: str, side: str, oblique_deg: float, tilt_deg: float = 0.0, portion: Portion = "whole"
) -> float:
    """See-through joint space (mm) of one joint at signed C-arm angles (see :func:`see_through_gap_mm`)."""
    check_angles(oblique_deg, tilt_deg)
    projector = _joint_gap_projector(joint, side, portion)
    return _gap_from_bone(projector.line_integrals(oblique_deg, tilt_deg) > 1e-6, projector.carm.pixel_mm)


def joint_visibility_curve(
    joint: str, side: str, angles_deg: Sequence[float], portion: Portion = "whole", tilt_deg: float = 0.0
) -> np.ndarray:
    """See-through joint gap (mm) at each IPSILATERAL oblique angle (degrees toward the joint's side)."""
    from . import anatomy

    projector = _gap_projector(
        joint_surfaces(joint, side, portion), anatomy.facet_joint_centre_mm(joint, side)
    )
    out = []
    for a in angles_deg:
        signed = _signed_oblique(side, float(a))
        check_angles(signed, tilt_deg)
        out.append(_gap_from_bone(projector.line_integrals(signed, tilt_deg) > 1e-6, projector.carm.pixel_mm))
    return np.array(out)


@functools.lru_cache(maxsize=256)
def best_oblique_deg(
    joint: str, side: str = "right", portion: Portion = "whole", step_deg: float = 0.5
) -> float:
    """Ipsilateral oblique angle (degrees) at which the joint space looks widest (centre of the plateau)."""
    angles = np.arange(0.0, 80.0 + step_deg / 2, step_deg)
    gaps = joint_visibility_curve(joint, side, angles, portion)
    if gaps.max() <= 0:
        raise ValueError(f"the {side} {joint} joint space never opens between 0 and 80 degrees")
    best = angles[gaps >= gaps.max() - 1e-9]
    return float(best.mean())
