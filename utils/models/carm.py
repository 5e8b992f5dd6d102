"""The C-arm around a prone patient: its two angles, named and signed as radiographers name them, and its
distances (pure numbers, no plotting).

The patient lies PRONE. Patient axes in mm: x toward the patient's LEFT, y toward the patient's BACK
(posterior), z CRANIAL (the course's convention, see data/README.md).

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
cos φ, sin φ)``. Images are shown as the operator sees them standing behind a prone patient: patient's LEFT
on the image left, head at the top.

Geometry: a point source ``source_to_image_mm`` (SID) from the detector and ``source_to_isocentre_mm`` (SOD)
from the isocentre, the point the C-arm rotates about (placed on the target). An object at the isocentre is
magnified on the detector by ``SID / SOD``; image coordinates are given in mm at the isocentre (detector mm
divided by that magnification), so a ruler on the image reads true size at the target's depth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: Simulator geometry (not a clinical number): a mobile C-arm's source-to-image distance is about one metre.
DEFAULT_SID_MM = 1000.0
#: Source to isocentre: places the target a little nearer the detector than the source, as in practice.
DEFAULT_SOD_MM = 650.0
#: Limits of the angles the simulator accepts, with the reason given in the error message.
OBLIQUE_LIMIT_DEG = 90.0
TILT_LIMIT_DEG = 45.0


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
