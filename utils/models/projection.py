"""Exact line integrals through analytic solids: the primitive the projector images, chords, overlaps.

The shared point-in-solid geometry lives in :mod:`.solids` (one definition of each kind and of
``PLATE_BULGE``); this module adds what a projection needs: the length a straight ray runs inside a solid
(exact for ellipsoids, boxes, elliptic cylinders and plates) and, for solids that make up one bone (a
``group``), which of them overlap, so the projector counts an overlap once (inclusion-exclusion).
Patient mm: x toward the patient's LEFT, y toward the BACK, z CRANIAL.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from . import solids as _solids
from .solids import PLATE_BULGE

Kind = Literal["ellipsoid", "box", "cylinder", "plate"]
KINDS: tuple[str, ...] = ("ellipsoid", "box", "cylinder", "plate")


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


# --- chords through one solid (exact), rays from the origin with unit direction d ------------------------


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
    """Boolean mask: which of ``points_mm`` (N x 3, patient mm) lie inside ``solid`` (its rotation checked;
    the geometry is the shared :func:`.solids.contains`)."""
    _rotation_of(solid)
    return _solids.contains(solid, points_mm)  # type: ignore[arg-type]


# --- overlaps within one bone -------------------------------------------------------------------------

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
