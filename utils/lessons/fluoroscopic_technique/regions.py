"""03, section 8: beyond the lumbar spine: what differs in the neck and the thorax.

Facet angles by region from the anatomy model's orientation data (as the studies report them, not folded to
0-90), what the sources say differs (``data/fluoroscopy_regional_differences.csv``) and the C2-3 joint's
nerves from the innervation model.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ...core import citations
from ...models import anatomy, fluoroscopy, innervation

#: Column of :func:`regional_facet_angles_table`: the axial angle range as reported, not folded to 0-90.
AXIAL_COLUMN = "axial facet angle from sagittal, studies (deg; >90 = past coronal)"


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
                "source": citations.author_year(*ids),
            }
        )
    return pd.DataFrame(rows).set_index("region")


def regional_differences_table() -> pd.DataFrame:
    """What the sources say differs outside the lumbar spine (approach, image guidance, the C2-3 nerve)."""
    rows = [
        {
            "topic": r["topic"],
            "region": r["region"],
            "what differs": r["what_differs"],
            "source": citations.short(r["source_id"]),
        }
        for _, r in fluoroscopy.regional_differences_table().iterrows()
    ]
    c23 = innervation.nerves_to_block("C2-3")
    rows.insert(
        1,
        {
            "topic": "C2-3 joint",
            "region": "cervical",
            "what differs": f"{c23.rule}; the target is the {c23.block_targets}; {c23.note}",
            "source": citations.short(c23.source_id),
        },
    )
    return pd.DataFrame(rows).set_index("topic")
