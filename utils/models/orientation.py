"""Facet orientation by level, from ``data/facet_orientation.csv``, converted to the course convention.

* **Axial facet angle**: the acute angle between the facet joint line in the axial (transverse) plane and
  the mid-sagittal plane, in degrees. 0 = a sagittal joint line, 90 = a coronal joint line. Studies that
  measured against another plane (the coronal plane: 90 - value) or on a 0-180 scale (past 90:
  180 - value) are converted explicitly by :func:`to_course_axial_angle`.
* **Inclination**: the angle between the facet plane and the axial (horizontal) plane, seen from the side;
  90 = a vertical joint plane (:func:`to_course_inclination`).

This module owns the table ``facet_orientation`` (its one loader is :func:`orientation_table`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import data
from .joints import FACET_JOINTS, parse_joint


def _check_reported_angle(value_deg: float, what: str) -> float:
    if (
        isinstance(value_deg, bool)
        or not isinstance(value_deg, int | float | np.floating | np.integer)
        or not math.isfinite(value_deg)
        or not 0 <= value_deg <= 180
    ):
        raise ValueError(
            f"{what}={value_deg!r} must be a number from 0 to 180 degrees (an angle between a facet and a "
            "reference plane, as a study reports it)"
        )
    return float(value_deg)


def to_course_axial_angle(value_deg: float, reference_plane: str) -> float:
    """Convert a reported axial facet angle to the course convention (degrees from the mid-sagittal plane).

    The course angle is the acute angle (0-90) between the joint line and the mid-sagittal plane:
    0 = sagittal, 90 = coronal. 'mid-sagittal' values up to 90 are kept; a study that measures on a 0-180
    scale and reports more than 90 (the facet turned past the coronal plane, as lower cervical facets can)
    becomes 180 - value.
    'coronal' values (angle of the joint line to the coronal, i.e. frontal, plane) become 90 - value.
    Any other reference plane is refused rather than guessed.
    """
    value = _check_reported_angle(value_deg, "value_deg")
    if reference_plane == "mid-sagittal":
        return value if value <= 90.0 else 180.0 - value
    if reference_plane == "coronal":
        return 90.0 - (value if value <= 90.0 else 180.0 - value)
    raise ValueError(
        f"cannot convert an axial facet angle measured against the '{reference_plane}' plane; "
        "known: 'mid-sagittal' (kept; 180 - value above 90) and 'coronal' (90 - value)"
    )


def to_course_inclination(value_deg: float, reference_plane: str) -> float:
    """Convert a reported facet slope to the inclination to the axial plane (degrees; 90 = vertical plane).

    'axial' values are kept; 'vertical' values (slope against the vertical on a lateral radiograph) become
    90 - value.
    """
    value = _check_reported_angle(value_deg, "value_deg")
    if reference_plane == "axial":
        return value
    if reference_plane == "vertical":
        return 90.0 - value
    raise ValueError(
        f"cannot convert a facet inclination measured against the '{reference_plane}' plane; "
        "known: 'axial' (kept) and 'vertical' (90 - value)"
    )


@dataclass(frozen=True)
class StudyEstimate:
    """One study's estimate for one level, already in the course convention (degrees).

    ``has_point_estimate`` is False when the study reports only a range of level means: then
    ``estimate_deg`` is the midpoint of that range, a placeholder the course never shows as the study's
    value (show ``low_deg``-``high_deg`` instead) and never averages with other studies' means.
    """

    level: str
    source_id: str
    estimate_deg: float
    low_deg: float
    high_deg: float
    statistic: str
    note: str
    has_point_estimate: bool = True


def orientation_table() -> pd.DataFrame:
    """The sourced orientation table as reported (see data/facet_orientation.toml)."""
    return data.load_table("facet_orientation")


def _rows(quantity: str, joint: str) -> pd.DataFrame:
    name = parse_joint(joint)
    frame = orientation_table()
    return frame[(frame["quantity"] == quantity) & (frame["level"] == name)]


def _estimates(rows: pd.DataFrame, convert: Callable[[float, str], float]) -> list[StudyEstimate]:
    found: list[StudyEstimate] = []
    for source_id, group in rows.groupby("source_id", sort=False):
        points, lows, highs, stats, notes = [], [], [], [], []
        for _, row in group.iterrows():
            plane = row["reference_plane"]
            if row["value_deg"] is not None and not pd.isna(row["value_deg"]):
                value = convert(row["value_deg"], plane)
                points.append(value)
                lows.append(value)
                highs.append(value)
            if row["low_deg"] is not None and not pd.isna(row["low_deg"]):
                low, high = sorted((convert(row["low_deg"], plane), convert(row["high_deg"], plane)))
                lows.append(low)
                highs.append(high)
            stats.append(row["statistic"])
            notes.append(row["note"] or "")
        if points:
            estimate = float(np.mean(points))
            note = "; ".join(n for n in notes if n)
        else:  # only a range of means reported: a placeholder midpoint, never shown as the study's value
            estimate = (min(lows) + max(highs)) / 2
            note = "range of level means only (no mean for this level); " + "; ".join(n for n in notes if n)
        found.append(
            StudyEstimate(
                level=str(group["level"].iloc[0]),
                source_id=str(source_id),
                estimate_deg=estimate,
                low_deg=float(min(lows)),
                high_deg=float(max(highs)),
                statistic=",".join(sorted(set(stats))),
                note=note,
                has_point_estimate=bool(points),
            )
        )
    return found


def axial_angle_estimates(joint: str) -> list[StudyEstimate]:
    """Each study's axial facet angle for a joint, converted to degrees from the mid-sagittal plane."""
    return _estimates(_rows("axial_angle", joint), to_course_axial_angle)


def levels_with_axial_angle() -> list[str]:
    """Joints (cranial to caudal) for which data/ holds at least one axial facet angle."""
    frame = orientation_table()
    present = set(frame.loc[frame["quantity"] == "axial_angle", "level"])
    return [j for j in FACET_JOINTS if j in present]


def facet_angle_to_sagittal_deg(level: str) -> tuple[float, float, float]:
    """Axial facet angle of a joint from the mid-sagittal plane: (mean, low, high) in degrees.

    ``mean`` is the mean of the studies' reported means; a study that reports only a range of level means
    adds its range, not its midpoint (only where no study reports a mean for the level do the midpoints of
    the reported ranges stand in, so the model has an angle to draw). ``low`` and ``high`` are the lowest
    and highest values any study reports for that level (means, or the ends of a reported range of means):
    the range across studies, not the spread between patients. Raises ValueError for a name that is not a
    facet joint, or a joint with no sourced value.
    """
    estimates = axial_angle_estimates(level)
    if not estimates:
        raise ValueError(
            f"no sourced axial facet angle for {parse_joint(level)} in data/facet_orientation.csv; "
            f"levels with data: {', '.join(levels_with_axial_angle())}"
        )
    mean = _mean_of_reported_means(estimates)
    low = float(min(e.low_deg for e in estimates))
    high = float(max(e.high_deg for e in estimates))
    return mean, low, high


def axial_angle_past_coronal(level: str) -> bool:
    """Whether a level's mean axial angle lies past the coronal plane (superior facet facing
    posterolaterally rather than posteromedially).

    :func:`to_course_axial_angle` folds a value above 90 degrees (0-180 scale from the mid-sagittal plane)
    to its acute angle and so loses which side of coronal the joint lies on; this keeps it. True when the
    mean of the studies' reported means against the mid-sagittal plane (0-180 scale, left and right rows
    of one study averaged first) is above 90 degrees. Studies that give only a band, or measure against
    another plane, do not count; False when no study reports such a mean.
    """
    rows = _rows("axial_angle", level)
    rows = rows[(rows["reference_plane"] == "mid-sagittal") & rows["value_deg"].notna()]
    if rows.empty:
        return False
    per_study = rows.groupby("source_id")["value_deg"].mean()
    return bool(per_study.mean() > 90.0)


def _mean_of_reported_means(estimates: list[StudyEstimate]) -> float:
    """Mean of the studies' reported means (degrees); only when no study reports a mean for the level, the
    mean of the midpoints of the reported ranges stands in."""
    points = [e.estimate_deg for e in estimates if e.has_point_estimate]
    return float(np.mean(points if points else [e.estimate_deg for e in estimates]))


def facet_angle_sources(level: str) -> str:
    """';'-separated reference ids behind :func:`facet_angle_to_sagittal_deg` for a level."""
    return ";".join(e.source_id for e in axial_angle_estimates(level))


def tropism_deg(level: str) -> float | None:
    """Mean left-right difference of the axial facet angle reported for a joint (degrees), or None."""
    rows = _rows("tropism", level)
    values = [float(v) for v in rows["value_deg"] if v is not None and not pd.isna(v)]
    return float(np.mean(values)) if values else None


def inclination_estimates(joint: str) -> list[StudyEstimate]:
    """Each study's facet inclination to the axial plane for a joint, converted (degrees; 90 = vertical)."""
    return _estimates(_rows("inclination_to_axial", joint), to_course_inclination)


def levels_with_inclination() -> list[str]:
    """Joints (cranial to caudal) for which data/ holds at least one facet inclination."""
    frame = orientation_table()
    present = set(frame.loc[frame["quantity"] == "inclination_to_axial", "level"])
    return [j for j in FACET_JOINTS if j in present]


def facet_inclination_sources(level: str) -> str:
    """';'-separated reference ids behind :func:`facet_inclination_deg` for a level."""
    return ";".join(e.source_id for e in inclination_estimates(level))


def facet_inclination_deg(level: str) -> tuple[float, float, float] | None:
    """Inclination of the facet plane to the axial plane: (mean, low, high) degrees, or None if not reported.

    Left and right rows of one study are averaged into that study's estimate.
    """
    estimates = inclination_estimates(level)
    if not estimates:
        return None
    return (
        _mean_of_reported_means(estimates),
        float(min(e.low_deg for e in estimates)),
        float(max(e.high_deg for e in estimates)),
    )
