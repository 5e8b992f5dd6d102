"""The projector: radiograph-like images of analytic solids at any C-arm angle (pure numpy, no plotting).

The image is a sum of line integrals: for each pixel ray, the chord length through every solid (exact for
ellipsoids, boxes, elliptic cylinders and plates, :mod:`.projection`) times the solid's density; solids that
make up one bone (a ``group``) count once where they overlap (their union, by inclusion-exclusion over the
overlaps found once per scene), so a vertebra projects as one bone with one cortical shell, not as a heap of
parts. :meth:`Projector.radiograph` turns the integrals into what a C-arm monitor shows: transmitted
intensity ``exp(-mu * integral)``, BONE DARK on a light background (as fluoroscopy shows it; contrast and
metal are dark too), a little detector blur, edge enhancement and quantum mottle. What does not depend on
the angles is computed once (the ray directions in the C-arm's own frame; each solid's inverse shape
matrix); per frame each solid is turned into the C-arm frame and only the pixels under its projected
bounding circle are computed. Angles and geometry: :mod:`.carm`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from .carm import CArm, detector_axes
from .projection import _SPANS, SolidLike, _apply, _canonical, _check_solid, _overlaps, chord_length_mm


@dataclass(frozen=True)
class Display:
    """Rendering choices of the simulated monitor (not clinical numbers)."""

    #: attenuation per mm of bone-equivalent path (1/mm)
    mu_per_mm: float = 0.09
    #: detector blur (Gaussian sigma, pixels)
    blur_px: float = 0.6
    #: width of the unsharp mask of the edge enhancement (pixels)
    edge_px: int = 9
    #: gain of the edge enhancement (dimensionless)
    edge_gain: float = 1.0
    #: the monitor's brightness at the soft tissue of the image centre (dimensionless exposure)
    exposure: float = 1.6
    #: quantum mottle (standard deviation, display units 0-1)
    noise: float = 0.035


#: The display every projector uses.
DISPLAY = Display()


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
        integrals = ndimage.gaussian_filter(self.line_integrals(oblique_deg, tilt_deg), DISPLAY.blur_px)
        reference = 0.0
        if self._soft.any():
            axes = detector_axes(oblique_deg, tilt_deg)
            source = np.asarray(self.isocentre_mm) - self.carm.source_to_isocentre_mm * axes[2]
            reference = sum(
                s.density * chord_length_mm(s, source, axes[2])
                for s, soft in zip(self.solids, self._soft, strict=True)
                if soft
            )
        transmitted = np.exp(-DISPLAY.mu_per_mm * (integrals - reference))
        detail = transmitted - ndimage.uniform_filter(transmitted, DISPLAY.edge_px)
        # the monitor's tone curve: a soft shoulder, so thin soft tissue greys toward white without clipping
        shown = 1.0 - np.exp(-DISPLAY.exposure * np.maximum(transmitted + DISPLAY.edge_gain * detail, 0.0))
        # quantum mottle: a little noise, larger where fewer photons arrive (seeded by the angles: the same
        # view always looks the same)
        rng = np.random.default_rng(int(1000 * (oblique_deg + 90)) * 1000 + int(100 * (tilt_deg + 45)))
        noise = ndimage.gaussian_filter(rng.standard_normal(shown.shape), 0.7)
        shown = np.clip(shown + DISPLAY.noise * noise * np.sqrt(np.clip(transmitted, 0.05, 1.0)), 0.0, 1.0)
        return shown * self._round_field if round_field else shown
