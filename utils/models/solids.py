"""Analytic solids in patient coordinates (mm): the primitive, point-in-solid, axial sections, line angles.

Shared geometry, no anatomy: a :class:`Solid` is an ellipsoid, box, elliptic cylinder or elliptic plate with
a centre, semi-axes and a rotation, so a model can be sliced (axial views) and projected (the fluoroscopy
simulator). Patient coordinates: x toward the patient's LEFT, y toward the BACK, z CRANIAL, in mm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

SolidKind = Literal["ellipsoid", "box", "cylinder", "plate"]
Matrix3 = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]
IDENTITY: Matrix3 = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
#: How much thicker than a plate the ellipsoid is that its flat faces cut (shapes its rounded edges).
PLATE_BULGE = 1.5


@dataclass(frozen=True)
class Solid:
    """One analytic primitive of the model.

    ``rotation`` is a 3x3 matrix whose columns are the solid's body axes in patient coordinates
    (p_patient = center_mm + rotation @ p_body). ``semi_axes_mm`` are half-extents along the body axes:
    for a box its half-widths, for an ellipsoid its semi-axes, for a cylinder the two radii of its elliptic
    cross-section and its half-length along the body z axis; a ``plate`` is a slab with two flat faces
    across the body x axis and a rounded outline: the part |x| <= semi_axes_mm[0] of an ellipsoid with
    semi-axes (PLATE_BULGE * semi_axes_mm[0], semi_axes_mm[1], semi_axes_mm[2]). ``density`` is relative
    attenuation (bone ~1, soft tissue 0).
    """

    part: str
    kind: SolidKind
    center_mm: tuple[float, float, float]
    semi_axes_mm: tuple[float, float, float]
    rotation: tuple[tuple[float, ...], ...]
    density: float


# --------------------------------------------------------------------------------------------------------
# Geometry queries on solids (for slicing and projection)
# --------------------------------------------------------------------------------------------------------


def to_body(solid: Solid, points_mm: np.ndarray) -> np.ndarray:
    """Points (N x 3, patient mm) in the solid's body frame, scaled by its semi-axes (unit shape)."""
    pts = np.asarray(points_mm, dtype=float).reshape(-1, 3)
    rot = np.asarray(solid.rotation, dtype=float)
    local = (pts - np.asarray(solid.center_mm)) @ rot  # rot columns are body axes: p_body = R^T (p - c)
    return local / np.asarray(solid.semi_axes_mm)


def contains(solid: Solid, points_mm: np.ndarray) -> np.ndarray:
    """Boolean array: which points (N x 3, patient mm) lie inside the solid."""
    u = to_body(solid, points_mm)
    if solid.kind == "ellipsoid":
        return np.einsum("ij,ij->i", u, u) <= 1.0
    if solid.kind == "box":
        return np.all(np.abs(u) <= 1.0, axis=1)
    if solid.kind == "cylinder":
        return (u[:, 0] ** 2 + u[:, 1] ** 2 <= 1.0) & (np.abs(u[:, 2]) <= 1.0)
    if solid.kind == "plate":
        bulge = (u[:, 0] / PLATE_BULGE) ** 2 + u[:, 1] ** 2 + u[:, 2] ** 2
        return (bulge <= 1.0) & (np.abs(u[:, 0]) <= 1.0)
    raise ValueError(f"unknown solid kind {solid.kind!r}")


def axial_section(solids: list[Solid], z_mm: float, extent_mm: float = 60.0, step_mm: float = 0.5) -> dict:
    """Axial slice at height z: a label image (which part covers each pixel; -1 = none) and its grid.

    Returns {'x': 1-D x grid (mm), 'y': 1-D y grid (mm), 'labels': 2-D int array [y, x], 'parts': part names}.
    """
    if not (math.isfinite(z_mm) and 0 < step_mm <= 5 and 10 <= extent_mm <= 200):
        raise ValueError("axial_section needs a finite z, 0 < step_mm <= 5 and 10 <= extent_mm <= 200")
    x = np.arange(-extent_mm, extent_mm + step_mm / 2, step_mm)
    y = np.arange(-extent_mm / 2, 1.5 * extent_mm + step_mm / 2, step_mm)
    xx, yy = np.meshgrid(x, y)
    pts = np.column_stack([xx.ravel(), yy.ravel(), np.full(xx.size, float(z_mm))])
    labels = np.full(xx.size, -1, dtype=int)
    for index, solid in enumerate(solids):
        labels[contains(solid, pts)] = index
    return {"x": x, "y": y, "labels": labels.reshape(xx.shape), "parts": [s.part for s in solids]}


def line_angle_to_sagittal_deg(direction: np.ndarray) -> float:
    """Angle (degrees, 0-90) between a direction's axial projection and the mid-sagittal plane."""
    d = np.asarray(direction, dtype=float)
    horizontal = math.hypot(d[0], d[1])
    if horizontal < 1e-12:
        raise ValueError("a vertical direction has no axial-plane angle")
    return math.degrees(math.atan2(abs(d[0]), abs(d[1])))
