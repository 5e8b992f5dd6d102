"""00's prose: the self-check and the key references (the course map text comes from core.course)."""

from __future__ import annotations

from ...core import citations, course
from ...core.selfcheck import Question
from ...models import anatomy
from .orientation import (
    LUMBAR_JOINTS,
    MEAN_COLUMN,
    lumbar_orientation_source_ids,
    lumbar_orientation_table,
)


def self_check_questions() -> list[Question]:
    """Five questions on what 00 teaches: the orientation convention, the trend by level, and the data."""
    table = lumbar_orientation_table()
    # only levels where a study gives a mean (at L1-2 the table draws the middle of a reported range)
    means = table.loc[table["studies with a mean"] > 0, MEAN_COLUMN]
    most_coronal = str(means.idxmax())
    most_sagittal = str(means.idxmin())
    ranges_only = "".join(
        f"; at {joint} no study read gives a mean, only a range ({row['lowest reported (deg)']:g}-"
        f"{row['highest reported (deg)']:g} degrees) around the same angle"
        for joint, row in table[table["studies with a mean"] == 0].iterrows()
    )
    step = means.diff().iloc[1:].round(1)  # the table's precision: 0.1 degree
    step = step[
        [
            LUMBAR_JOINTS.index(j) - LUMBAR_JOINTS.index(i) == 1
            for i, j in zip(means.index, step.index, strict=False)
        ]
    ]
    pairs = [f"{a} to {b}" for a, b in zip(LUMBAR_JOINTS, LUMBAR_JOINTS[1:], strict=False)]
    largest = [pairs[LUMBAR_JOINTS.index(joint) - 1] for joint in step.index[step == step.max()]]
    if len(largest) > 1:  # a tie (the means rise 8.3 degrees at two steps): the answer says so
        step_options, step_answer = (*pairs, f"{' and '.join(largest)}, equally"), len(pairs)
        step_why = f"The mean angle rises {step.max():.1f} degrees at each of {' and '.join(largest)}."
    else:
        step_options, step_answer = tuple(pairs), pairs.index(largest[0])
        step_why = f"From {largest[0]} the mean angle rises by {step.max():.1f} degrees."
    sources = anatomy.orientation_table()["source_id"].iloc[0].split(";")[0]
    level_sources = lumbar_orientation_source_ids()
    upper = sorted([most_sagittal, *table.index[table["studies with a mean"] == 0]], key=LUMBAR_JOINTS.index)
    sagittal_options = (
        f"The upper lumbar joints, {' and '.join(upper)}",
        *(joint for joint in LUMBAR_JOINTS if joint not in upper),
    )
    return [
        Question(
            "In this course, what does a facet angle of 0 degrees mean?",
            (
                "The joint line is parallel to the coronal plane",
                "The joint line is parallel to the mid-sagittal plane",
                "The joint is horizontal (parallel to the axial plane)",
            ),
            1,
            "The course measures the axial facet angle from the mid-sagittal plane: 0 is sagittal, "
            "90 coronal. "
            "Studies use different planes, so always check which one a number refers to.",
            sources,
        ),
        Question(
            "Which lumbar facet joint is, on average, the most coronal?",
            tuple(LUMBAR_JOINTS),
            LUMBAR_JOINTS.index(most_coronal),
            f"{most_coronal} has the largest mean angle from the mid-sagittal plane "
            f"({means[most_coronal]:.0f} degrees) in the table.",
            level_sources,
        ),
        Question(
            "Which lumbar facet joints are, on average, the most sagittal?",
            sagittal_options,
            0,
            f"{most_sagittal} has the smallest study mean ({means[most_sagittal]:.0f} degrees)"
            f"{ranges_only}: the upper lumbar facets face more medially and resist rotation.",
            level_sources,
        ),
        Question(
            "Between which neighbouring levels does the mean angle change most?",
            step_options,
            step_answer,
            f"{step_why} Between the other neighbours it changes by {step[step < step.max()].max():.1f} "
            "degrees or less.",
            level_sources,
        ),
        Question(
            "Why does the range bar matter when you set up the C-arm for a lumbar facet joint?",
            (
                "It does not: every patient has the mean angle",
                "Joints vary between people and sides, so the oblique angle is adjusted on the screen",
                "It shows measurement error only",
            ),
            1,
            "Study means differ, and individuals and sides differ more (tropism): the mean is a "
            "starting point, "
            "and the oblique is adjusted until the joint space is seen.",
            sources,
        ),
    ]


def key_references() -> str:
    """Markdown list of the references behind 00's figure."""
    return citations.references_markdown(anatomy.orientation_table())


def course_map_text() -> str:
    """The course map as plain text (nbval compares it): every notebook, its objectives and its time."""
    return course.course_map_text()


def course_map_table() -> str:
    """The course map as a Markdown table of links (notebook, time, objectives) and the total time."""
    return course.course_map_markdown()
