"""A C-arm simulator: radiograph-like images of analytic solids, for any C-arm angle (pure numpy, no plotting).

The patient lies PRONE. Patient axes in mm: x toward the patient's LEFT, y toward the patient's BACK (posterior),
z CRANIAL (the course's convention, see data/README.md).

C-arm angles, named as radiographers name them and signed as written here:

* ``oblique_deg``: rotation of the C-arm about the patient's long axis. With the patient prone the X-ray tube is
  under the table and the detector (image intensifier) above the back, so at 0 the beam runs straight from front
  to back (an AP projection). **Positive = the detector swings toward the patient's RIGHT** (a right
  "ipsilateral oblique" for a right-sided joint); negative = toward the patient's left. Radiographers name a
  projection by the body surface nearest the detector, so +30 with the detector over the right back is a right
  posterior oblique (RPO) view; its beam runs along the same line as a left anterior oblique (LAO) view with tube
  and detector swapped, and the two images differ only by a mirror flip and magnification.
* ``tilt_deg``: rotation about the patient's left-right axis. **Positive = cranial** (detector tilted toward the
  head, the beam runs from caudal-anterior to cranial-posterior); negative = caudal.

The beam direction (from source to detector) for angles (oblique θ, tilt φ) is
``b = (-sin θ cos φ, cos θ cos φ, sin φ)``.

Images are shown as the operator sees them standing behind a prone patient: patient's LEFT on the image left,
head at the top.

Geometry: a point source ``source_to_image_mm`` (SID) from the detector and ``source_to_isocentre_mm`` (SOD)
from the isocentre, the point the C-arm rotates about (placed on the target). An object at the isocentre is
magnified on the detector by ``SID / SOD``; image coordinates below are given in mm at the isocentre (detector
mm divided by that magnification), so a ruler on the image reads true size at the target's depth.

The image is a sum of line integrals: for each pixel ray, the chord length through every solid (exact for
ellipsoids, boxes and elliptic cylinders) times the solid's density. What does not depend on the angles is
computed once (the ray directions in the C-arm's own frame; each solid's inverse shape matrix); per frame each
solid is turned into the C-arm frame and only the pixels under its projected bounding circle are computed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

Kind = Literal["ellipsoid", "box", "cylinder"]
KINDS: tuple[str, ...] = ("ellipsoid", "box", "cylinder")

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

    ``semi_axes_mm`` are half-lengths along the solid's own axes; for a cylinder the third is the half-height
    along its axis and the first two the semi-axes of its elliptic cross-section. ``rotation`` (3x3) maps the
    solid's axes to patient axes. ``density`` is a relative attenuation per mm (bone about 1).
    """

    part: str
    kind: str
    center_mm: tuple[float, float, float]
    semi_axes_mm: tuple[float, float, float]
    rotation: tuple[tuple[float, float, float], ...] = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
    density: float = 1.0


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

    Image-up is the patient's head projected on the detector; image-right is the patient's right side when the
    image is viewed from behind the patient (the operator's view).
    """
    b = beam_direction(oblique_deg, tilt_deg)
    up = np.array([0.0, 0.0, 1.0]) - b[2] * b
    up /= np.linalg.norm(up)
    right = np.cross(up, b)
    return np.vstack([right, up, b])


def describe_angles(oblique_deg: float, tilt_deg: float = 0.0) -> str:
    """The C-arm position in words, e.g. '30° right oblique (detector over the right back: RPO), 5° cranial'."""
    check_angles(oblique_deg, tilt_deg)
    if abs(oblique_deg) < 0.05:
        obl = "AP (beam front to back, 0° oblique)"
    else:
        side = "right" if oblique_deg > 0 else "left"
        code = "RPO" if oblique_deg > 0 else "LPO"
        same = "LAO" if oblique_deg > 0 else "RAO"
        obl = (f"{abs(oblique_deg):g}° {side} oblique (detector over the {side} back: {code}; "
               f"same beam line as {same})")
    if abs(tilt_deg) < 0.05:
        return f"{obl}, no tilt"
    return f"{obl}, {abs(tilt_deg):g}° {'cranial' if tilt_deg > 0 else 'caudal'} tilt"


@dataclass(frozen=True)
class CArm:
    """Detector grid and distances. ``fov_mm`` is the field of view at the isocentre (what the image spans)."""

    size_px: int = 256
    fov_mm: float = 120.0
    source_to_image_mm: float = DEFAULT_SID_MM
    source_to_isocentre_mm: float = DEFAULT_SOD_MM

    def __post_init__(self) -> None:
        if not 16 <= self.size_px <= 2048:
            raise ValueError(f"size_px={self.size_px} must be 16 to 2048 pixels")
        if not 20.0 <= self.fov_mm <= 400.0:
            raise ValueError(f"fov_mm={self.fov_mm:g} must be 20 to 400 mm (a C-arm detector is 15-40 cm across)")
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


# --- line integrals through one solid (exact), rays from the origin with unit direction d ---------------------


def _chord_ellipsoid(d: np.ndarray, inv_shape: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Chord length (mm) of rays t*d (t >= 0, |d| = 1) through {p : |inv_shape @ (p - centre)| <= 1}."""
    ad = d @ inv_shape.T
    w = inv_shape @ centre
    a = np.einsum("ij,ij->i", ad, ad)
    bb = ad @ w
    disc = bb * bb - a * (w @ w - 1.0)
    return 2.0 * np.sqrt(np.maximum(disc, 0.0)) / a


def _slab(adk: np.ndarray, wk: float) -> tuple[np.ndarray, np.ndarray]:
    """Ray parameter interval where |t*adk - wk| <= 1 (adk may be ~0)."""
    safe = np.where(np.abs(adk) < 1e-12, 1e-12, adk)
    t1 = (wk - 1.0) / safe
    t2 = (wk + 1.0) / safe
    return np.minimum(t1, t2), np.maximum(t1, t2)


def _chord_box(d: np.ndarray, inv_shape: np.ndarray, centre: np.ndarray) -> np.ndarray:
    ad = d @ inv_shape.T
    w = inv_shape @ centre
    lo = np.full(len(d), -np.inf)
    hi = np.full(len(d), np.inf)
    for k in range(3):
        a, b = _slab(ad[:, k], w[k])
        lo = np.maximum(lo, a)
        hi = np.minimum(hi, b)
    return np.maximum(hi - lo, 0.0)


def _chord_cylinder(d: np.ndarray, inv_shape: np.ndarray, centre: np.ndarray) -> np.ndarray:
    ad = d @ inv_shape.T
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
    return np.maximum(np.minimum(hi, s_hi) - np.maximum(lo, s_lo), 0.0)


_CHORDS = {"ellipsoid": _chord_ellipsoid, "box": _chord_box, "cylinder": _chord_cylinder}


def _rotation_of(solid: SolidLike) -> np.ndarray:
    rot = np.asarray(solid.rotation, dtype=float)
    if rot.shape != (3, 3) or not np.allclose(rot @ rot.T, np.eye(3), atol=1e-6):
        raise ValueError(f"solid '{solid.part}': rotation must be a 3x3 orthonormal matrix")
    return rot


def _check_solid(solid: SolidLike) -> None:
    if solid.kind not in KINDS:
        raise ValueError(f"solid '{solid.part}': kind '{solid.kind}' is not one of {KINDS}")
    axes = np.asarray(solid.semi_axes_mm, dtype=float)
    if axes.shape != (3,) or not np.all(np.isfinite(axes)) or np.any(axes <= 0):
        raise ValueError(f"solid '{solid.part}': semi_axes_mm must be three positive lengths in mm")
    if not math.isfinite(solid.density) or solid.density < 0:
        raise ValueError(f"solid '{solid.part}': density must be a non-negative number")


def chord_length_mm(solid: SolidLike, origin_mm: Sequence[float], direction: Sequence[float]) -> float:
    """Length (mm) of the straight line from ``origin_mm`` along ``direction`` (forward only) inside ``solid``."""
    _check_solid(solid)
    d = np.asarray(direction, dtype=float)
    norm = np.linalg.norm(d)
    if norm == 0 or not np.isfinite(norm):
        raise ValueError("direction must be a non-zero finite vector")
    d = (d / norm)[None, :]
    rot = _rotation_of(solid)
    inv_shape = np.diag(1.0 / np.asarray(solid.semi_axes_mm, dtype=float)) @ rot.T
    centre = np.asarray(solid.center_mm, dtype=float) - np.asarray(origin_mm, dtype=float)
    # The chord functions use the whole line; keep the forward part only (origin outside, in front: same).
    return float(_CHORDS[solid.kind](d, inv_shape, centre)[0])


def contains(solid: SolidLike, points_mm: np.ndarray) -> np.ndarray:
    """Boolean mask: which of ``points_mm`` (N x 3, patient mm) lie inside ``solid``."""
    pts = np.atleast_2d(np.asarray(points_mm, dtype=float))
    rot = _rotation_of(solid)
    local = (pts - np.asarray(solid.center_mm, dtype=float)) @ rot / np.asarray(solid.semi_axes_mm, dtype=float)
    if solid.kind == "ellipsoid":
        return np.einsum("ij,ij->i", local, local) <= 1.0
    if solid.kind == "box":
        return np.all(np.abs(local) <= 1.0, axis=1)
    return (local[:, 0] ** 2 + local[:, 1] ** 2 <= 1.0) & (np.abs(local[:, 2]) <= 1.0)


# --- the projector -----------------------------------------------------------------------------------------


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
        # Angle-independent precomputation: ray directions in the C-arm frame (right, up, beam) for every pixel.
        coords_iso = c.pixel_centres_mm()
        det = coords_iso * c.magnification  # detector mm
        u = det[None, :].repeat(c.size_px, axis=0)  # image right, columns
        v = det[::-1][:, None].repeat(c.size_px, axis=1)  # image up: row 0 is the top of the image
        rays = np.stack([u, v, np.full_like(u, c.source_to_image_mm)], axis=-1)
        rays /= np.linalg.norm(rays, axis=-1, keepdims=True)
        self._rays = rays  # (H, W, 3)
        self._kinds = [s.kind for s in self.solids]
        self._density = np.array([s.density for s in self.solids], dtype=float)
        self._centres = np.array([s.center_mm for s in self.solids], dtype=float) - np.asarray(self.isocentre_mm)
        rots = np.array([_rotation_of(s) for s in self.solids])
        axes = np.array([s.semi_axes_mm for s in self.solids], dtype=float)
        self._inv_shape_patient = (1.0 / axes)[:, :, None] * np.transpose(rots, (0, 2, 1))  # diag(1/a) R^T
        radius = np.where(
            np.array(self._kinds) == "ellipsoid", axes.max(axis=1), np.linalg.norm(axes, axis=1)
        )
        self._radius = radius
        # A point at lateral offset x (mm) and distance `depth` from the source lands x*SOD/depth mm from the
        # image centre (in isocentre mm), i.e. x * _px_per_mm_depth / depth pixels.
        self._px_per_mm_depth = c.source_to_isocentre_mm / c.pixel_mm

    def frame_axes(self, oblique_deg: float, tilt_deg: float = 0.0) -> np.ndarray:
        """Rows: image-right, image-up, beam in patient axes (see :func:`detector_axes`)."""
        return detector_axes(oblique_deg, tilt_deg)

    def project_points(
        self, points_mm: np.ndarray, oblique_deg: float, tilt_deg: float = 0.0
    ) -> np.ndarray:
        """Image coordinates (mm at the isocentre: right, up) of patient points (N x 3)."""
        axes = detector_axes(oblique_deg, tilt_deg)
        sod = self.carm.source_to_isocentre_mm
        rel = np.atleast_2d(np.asarray(points_mm, dtype=float)) - np.asarray(self.isocentre_mm)
        local = rel @ axes.T  # right, up, along beam (0 at isocentre)
        depth = local[:, 2] + sod  # distance from source along the beam
        return local[:, :2] * (sod / depth)[:, None]

    def line_integrals(self, oblique_deg: float, tilt_deg: float = 0.0) -> np.ndarray:
        """Sum over solids of density x chord length (mm) for each pixel: an (H, W) array, row 0 at the top."""
        axes = detector_axes(oblique_deg, tilt_deg)
        c = self.carm
        n = c.size_px
        sod = c.source_to_isocentre_mm
        image = np.zeros((n, n))
        # Solid centres relative to the source, in the C-arm frame.
        centres = self._centres @ axes.T
        centres[:, 2] += sod
        half = n / 2
        for i, kind in enumerate(self._kinds):
            depth = centres[i, 2]
            r = self._radius[i]
            if depth - r <= 1.0:
                continue  # behind or at the source: not imaged
            cu = centres[i, 0] * self._px_per_mm_depth / depth
            cv = centres[i, 1] * self._px_per_mm_depth / depth
            rp = r * self._px_per_mm_depth / (depth - r) + 1.5
            c0 = int(max(0, math.floor(half + cu - rp)))
            c1 = int(min(n, math.ceil(half + cu + rp)))
            r0 = int(max(0, math.floor(half - cv - rp)))
            r1 = int(min(n, math.ceil(half - cv + rp)))
            if c0 >= c1 or r0 >= r1:
                continue
            block = self._rays[r0:r1, c0:c1].reshape(-1, 3)
            inv_shape = self._inv_shape_patient[i] @ axes.T  # maps C-arm-frame vectors to unit-solid coords
            chord = _CHORDS[kind](block, inv_shape, centres[i])
            image[r0:r1, c0:c1] += self._density[i] * chord.reshape(r1 - r0, c1 - c0)
        return image

    def radiograph(self, oblique_deg: float, tilt_deg: float = 0.0, contrast_per_mm: float = 0.045) -> np.ndarray:
        """Display image in [0, 1] like a fluoroscopy monitor: bone bright, soft tissue grey, air dark."""
        integrals = self.line_integrals(oblique_deg, tilt_deg)
        return 1.0 - np.exp(-contrast_per_mm * integrals)


def benchmark_projection(size_px: int = 256, frames: int = 40) -> dict:
    """Frames per second of the C-arm simulator at ``size_px`` x ``size_px`` on one core (called by make bench).

    Uses the two-vertebra lumbar segment of the anatomy model with the body's soft tissue, sweeping the oblique
    angle, as the notebook's simulator does.
    """
    from .needle import segment_scene  # local import: needle depends on this module

    solids, centre = segment_scene("L4-5")
    projector = Projector(solids, CArm(size_px=size_px), isocentre_mm=centre)
    angles = np.linspace(-40, 40, frames)
    projector.radiograph(0.0)  # warm caches
    start = time.perf_counter()
    for angle in angles:
        projector.radiograph(float(angle), 5.0)
    seconds = time.perf_counter() - start
    return {
        "what": f"C-arm simulator frames per second at {size_px}x{size_px}, {len(solids)} solids, one core",
        "frames": frames,
        "fps": frames / seconds,
        "ms_per_frame": 1000 * seconds / frames,
    }
