"""01, section 1: why facet orientation changes from neck to low back (every study, one convention).

Tables of the axial facet angle by level (each study converted to degrees from the mid-sagittal plane, the
mean and range across studies, the conversion each study needs) and the figure of every study by level,
from :mod:`facet_course.models.orientation` through the anatomy model.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ...core import citations
from ...core.figures import figure
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import anatomy
from ._common import esc

REGION_NAMES: tuple[str, ...] = anatomy.REGIONS

#: Marker of each study, in the order studies first appear by level (colours: STUDY_COLOURS).
STUDY_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def _check_region(region: str | None) -> None:
    """ValueError unless ``region`` is one of REGION_NAMES or None (all)."""
    if region is not None and region not in REGION_NAMES:
        raise ValueError(f"region must be one of {', '.join(REGION_NAMES)} (or None for all); got {region!r}")


def _joints_in(region: str | None) -> list[str]:
    """Joints with a sourced axial angle in one region (or all), cranial to caudal."""
    _check_region(region)
    return [j for j in anatomy.levels_with_axial_angle() if region is None or anatomy.region_of(j) == region]


def orientation_studies_table(region: str | None = None) -> pd.DataFrame:
    """Each study's axial facet angle per level, converted to degrees from the mid-sagittal plane.

    A study that reports only a range of level means shows that range ('range only'), never its midpoint.

    ``region`` ('cervical', 'thoracic' or 'lumbar') keeps one region; None keeps every level with data.
    """
    rows = []
    for joint in _joints_in(region):
        for est in anatomy.axial_angle_estimates(joint):
            rows.append(
                {
                    "joint": joint,
                    "study": citations.short(est.source_id),
                    "estimate (deg)": round(est.estimate_deg, 1) if est.has_point_estimate else "range only",
                    "low (deg)": round(est.low_deg, 1),
                    "high (deg)": round(est.high_deg, 1),
                    "reported as": STATISTIC_LABELS.get(est.statistic, est.statistic.replace("_", " ")),
                }
            )
    return pd.DataFrame(rows)


#: Plain words for how a study reported its angle (the data's codes are not shown to residents).
STATISTIC_LABELS = {
    "mean": "mean",
    "mean_sd": "mean (SD)",
    "range_of_means": "range of level means",
    "approximate": "approximate value",
}


def reported_sd_deg(joint: str) -> float | None:
    """The standard deviation (degrees) a single study reported with its one axial mean at a joint, or None
    (several studies, a range, or no SD reported): shown where the summary would otherwise give no spread."""
    frame = anatomy.orientation_table()
    rows = frame[(frame["quantity"] == "axial_angle") & (frame["level"] == joint)]
    sds = rows["sd_deg"].dropna()
    if rows["source_id"].nunique() != 1 or len(rows) != 1 or sds.empty:
        return None
    return float(sds.iloc[0])


def spread_text(joint: str) -> str:
    """A level's spread for tables and the picker: 'low-high' across studies, or one study's SD where the
    range would be a single value (review s10 of 01, F5: a zero-width range says the opposite)."""
    _, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    sd = reported_sd_deg(joint)
    if low == high and sd is not None:
        return f"SD {sd:.1f} (one study, no range)"
    if low == high:
        return f"{low:.1f} (one study, no range)"
    return f"{low:.1f}-{high:.1f}"


def value_basis(joint: str) -> str:
    """How a level's course mean and range were obtained (one study's mean, several studies' means, or the
    midpoint of a reported range of level means), in words a resident can check against the studies."""
    estimates = anatomy.axial_angle_estimates(joint)
    sources = {e.source_id for e in estimates}
    points = [e for e in estimates if e.has_point_estimate]
    with_mean = {e.source_id for e in points}
    if not with_mean:  # review s12 of 01, F3 and F4: no midpoint is shown as a level's mean
        n = len(sources)
        return "no level value: " + (
            f"{n} studies' bands (several levels' means), side by side"
            if n > 1
            else "one study's band (several levels' means)"
        )
    if len(with_mean) == 1:
        sides = points[0].low_deg < points[0].high_deg  # one study's left and right means, merged
        mean = "one study's mean" + (", left and right averaged" if sides else "")
    else:
        mean = f"mean of {len(with_mean)} studies' means"
    if len(sources) > len(with_mean):  # F5: a mean beside another study's band, never one range
        spread = "each study's value side by side (a band of several levels is not this level's range)"
    elif len(sources) > 1:
        spread = "range across studies"
    elif points and points[0].low_deg < points[0].high_deg:
        spread = "range = its left and right means"
    elif points and reported_sd_deg(joint) is not None:
        spread = "its SD, no range across studies"
    elif points:
        spread = "one value, no range"
    else:
        spread = "range = that study's range of level means"
    return f"{mean}; {spread}"


_SPAN = re.compile(r"\b([CTL]\d{1,2})(?:-| to )([CTL]\d{1,2})\b( superior facets)?")


def band_label(estimate: anatomy.StudyEstimate) -> str:
    """Which vertebrae a study's range of level means covers, read from its data row's note (review s12 of
    01, F2 and F3: Masharawi's 25.9-33.9 is for T12-L2, Ebraheim's band for the T1-T12 superior facets);
    empty for a study that reports a value at the level itself."""
    if estimate.has_point_estimate:
        return ""
    found = _SPAN.search(estimate.note)
    if found is None:
        return "band for several levels"
    first, last, facets = found.groups()
    return f"{first}-{last}{facets or ''} band"


def level_mean_text(joint: str) -> str:
    """A level's mean as the tables show it (degrees): the mean of the studies' reported means; 'no level
    value' where every study reports only a range of several levels' means (review s12 of 01, F3 and F4: no
    midpoint or pooled midpoint is shown as a mean); where some studies report only a range, whose mean it
    is (F5)."""
    estimates = anatomy.axial_angle_estimates(joint)
    with_mean = list(dict.fromkeys(e.source_id for e in estimates if e.has_point_estimate))
    if not with_mean:
        return "no level value"
    mean = anatomy.facet_angle_to_sagittal_deg(joint)[0]
    if len(with_mean) < len({e.source_id for e in estimates}):
        return f"{mean:.1f} ({', '.join(citations.author_year(s) for s in with_mean)} only)"
    return f"{mean:.1f}"


def study_values_text(joint: str) -> str:
    """Each study's value at a level side by side (degrees): a mean (or its left-right means), or a range
    of level means with the levels it covers. Used where any study reports only a range, so no range
    across studies mixes a mean with another study's band (review s12 of 01, F3-F5)."""
    frame = anatomy.orientation_table()
    parts = []
    for est in anatomy.axial_angle_estimates(joint):
        value = (
            f"{est.estimate_deg:.1f}"
            if est.has_point_estimate and est.low_deg == est.high_deg
            else f"{est.low_deg:.1f}-{est.high_deg:.1f}"
        )
        sds = frame[
            (frame["quantity"] == "axial_angle")
            & (frame["level"] == joint)
            & (frame["source_id"] == est.source_id)
        ]["sd_deg"].dropna()
        if len(sds) == 1 and est.low_deg == est.high_deg:  # one mean with its SD (review s10 of 01, F5)
            value += f", SD {float(sds.iloc[0]):.1f}"
        label = ", ".join(x for x in (citations.author_year(est.source_id), band_label(est)) if x)
        parts.append(f"{value} ({label})")
    return "; ".join(parts)


def has_range_only_study(joint: str) -> bool:
    """True if any study at the level reports only a range of several levels' means."""
    return any(not e.has_point_estimate for e in anatomy.axial_angle_estimates(joint))


#: Joints whose superior facets a source found facing posterolaterally in every spine, though the angle the
#: course carries for them is a band without a side of coronal (review s17 of 01, F1).
POSTEROLATERAL_IN_EVERY_SPINE = {"C7-T1": "t1_superior_facets_posterolateral"}


def facing(joint: str) -> str:
    """Which way a cervical level's superior facet faces, from the data: 'posterolateral' where the studies'
    mean lies past the coronal plane (or a source found it so in every spine), 'posteromedial' where a
    reported mean lies short of it, '' where the data do not say."""
    if anatomy.axial_angle_past_coronal(joint) or joint in POSTEROLATERAL_IN_EVERY_SPINE:
        return "posterolateral"
    if any(e.has_point_estimate for e in anatomy.axial_angle_estimates(joint)):
        return "posteromedial"
    return ""


def facing_note(joint: str) -> str:
    """One sentence for the level picker where the folded acute angle hides the side of coronal, else ''."""
    if anatomy.axial_angle_past_coronal(joint):
        mean = anatomy.facet_angle_to_sagittal_deg(joint)[0]
        sources = esc(citations.short(anatomy.facet_angle_sources(joint)))
        return (
            f"<b>Past coronal:</b> the study's mean here is {180 - mean:.1f}° on its 0-180 scale from the "
            f"sagittal plane, shown above as the acute angle {mean:.1f}°: past the coronal plane, so at "
            f"this level's mean the superior facet faces posterolaterally ({sources})."
        )
    if joint in POSTEROLATERAL_IN_EVERY_SPINE:
        source = esc(citations.short(citations.source(POSTEROLATERAL_IN_EVERY_SPINE[joint])))
        return (
            f"<b>Facing:</b> at {joint} the superior facets faced posterolaterally in every spine of a "
            f"dry-bone study ({source}); the band drawn is an acute angle that does not say which side of "
            "the coronal plane the joint lies on."
        )
    return ""


def orientation_summary_table(region: str | None = None) -> pd.DataFrame:
    """Per level: mean and range across studies (degrees from mid-sagittal), with reported tropism.

    ``region`` ('cervical', 'thoracic' or 'lumbar') keeps one region; None keeps every level with data.
    """
    rows = []
    for joint in _joints_in(region):
        trop = anatomy.tropism_deg(joint)
        rows.append(
            {
                "joint": joint,
                "mean (deg)": level_mean_text(joint),
                "range (deg)": study_values_text(joint)
                if has_range_only_study(joint)
                else spread_text(joint),
                "studies": len({e.source_id for e in anatomy.axial_angle_estimates(joint)}),
                "what the mean and range are": value_basis(joint),
                "mean left-right difference (deg)": "" if trop is None else round(trop, 1),
            }
        )
        if region == "cervical":  # the folded angle hides the side of coronal (review s17 of 01, F1)
            rows[-1]["superior facet faces"] = facing(joint) or "not reported"
    table = pd.DataFrame(rows).set_index("joint")
    if region is not None and (table["mean left-right difference (deg)"] == "").all():
        table = table.drop(columns="mean left-right difference (deg)")  # no tropism reported here
    return table


def _conversion_rule(plane: str, value: float) -> str:
    """How a value measured against ``plane`` becomes the course angle (in words)."""
    if plane == "mid-sagittal":
        return "kept" if value <= 90 else "180 - value (past coronal)"
    if plane in ("coronal", "vertical"):
        return "90 - value"
    return "kept"


def conversion_table() -> pd.DataFrame:
    """One reported number per study and quantity: as reported, the plane, the conversion, the course value.

    The course convention: axial angle from the mid-sagittal plane (0 = sagittal, 90 = coronal); inclination
    to the axial plane (90 = vertical). Conversions are done by :mod:`facet_course.anatomy`.
    """
    frame = anatomy.orientation_table()
    frame = frame[frame["quantity"].isin(["axial_angle", "inclination_to_axial"])]
    rows = []
    for (source_id, quantity, _), group in frame.groupby(
        ["source_id", "quantity", "reference_plane"], sort=False
    ):
        with_value = group[group["value_deg"].notna()]
        row = with_value.loc[with_value["value_deg"].idxmax()] if not with_value.empty else group.iloc[0]
        plane = str(row["reference_plane"])
        convert = (
            anatomy.to_course_axial_angle if quantity == "axial_angle" else anatomy.to_course_inclination
        )
        if pd.notna(row["value_deg"]):
            value = float(row["value_deg"])
            reported = f"{value:g}"
            course = f"{convert(value, plane):.1f}"
        else:
            value = float(row["low_deg"])
            reported = f"{row['low_deg']:g}-{row['high_deg']:g}"
            low, high = sorted((convert(row["low_deg"], plane), convert(row["high_deg"], plane)))
            course = f"{low:.1f}-{high:.1f}"
        span = _SPAN.search(str(row["note"] or "")) if pd.isna(row["value_deg"]) else None
        rows.append(
            {
                "study": citations.author_year(str(source_id)),
                "joint": row["level"]
                + (f" ({span.group(1)}-{span.group(2)}{span.group(3) or ''} band)" if span else ""),
                "quantity": "axial angle" if quantity == "axial_angle" else "inclination",
                "reported (deg)": reported,
                "measured against": plane + (" plane" if plane != "vertical" else " (radiograph)"),
                "conversion": _conversion_rule(plane, value),
                "course value (deg)": course,
            }
        )
    return pd.DataFrame(rows)


#: How each kind of measurement is named in the inclination table (the data's method codes).
METHOD_LABELS = {"CT": "3-D CT", "dry_bone": "dry bone", "radiograph": "lateral radiograph"}


def cervical_inclination_table() -> pd.DataFrame:
    """Cervical facet inclination to the axial plane by level (degrees, converted from each study's plane).

    One column per study, named with its method; no mean across studies, because the studies measured
    different things (a facet plane on 3-D CT, one superior facet on dry bone, an approximate slope on
    radiographs) and a gap between them is a difference of method, not scatter.
    """
    frame = anatomy.orientation_table()
    incl = frame[frame["quantity"] == "inclination_to_axial"]
    methods = {
        sid: METHOD_LABELS.get(str(m), str(m))
        for sid, m in zip(incl["source_id"], incl["method"], strict=True)
    }
    rows = []
    for joint in anatomy.joints_in_region("cervical"):
        estimates = anatomy.inclination_estimates(joint)
        if not estimates:
            continue
        row = {"joint": joint}
        for e in estimates:
            value = f"{e.estimate_deg:.1f}"
            if e.low_deg < e.high_deg:
                value += f" (sides {e.low_deg:.1f}-{e.high_deg:.1f})"
            if "approximate" in e.statistic:
                value = f"about {e.estimate_deg:.0f}"
            row[f"{citations.author_year(e.source_id)}, {methods[e.source_id]} (deg)"] = value
        rows.append(row)
    return pd.DataFrame(rows).set_index("joint").fillna("")


def _ids_for_inclination(joint: str) -> list[str]:
    """Reference ids of the inclination rows of one joint, in first-seen order."""
    frame = anatomy.orientation_table()
    rows = frame[(frame["level"] == joint) & (frame["quantity"] == "inclination_to_axial")]
    return list(dict.fromkeys(s for group in rows["source_id"] for s in group.split(";")))


STUDY_COLOURS = (
    PALETTE["blue"],
    PALETTE["orange"],
    PALETTE["green"],
    PALETTE["purple"],
    PALETTE["vermillion"],
    PALETTE["sky_blue"],
    PALETTE["black"],
)


def _study_order(estimates_by_joint: dict[str, list[anatomy.StudyEstimate]]) -> list[str]:
    sources: list[str] = []
    for estimates in estimates_by_joint.values():
        for est in estimates:
            if est.source_id not in sources:
                sources.append(est.source_id)
    return sources


def _plot_studies(
    ax: Axes,
    joints: list[str],
    estimates_by_joint: dict[str, list[anatomy.StudyEstimate]],
    sources: list[str],
    styles: dict[str, tuple[str, str]],
) -> None:
    """Each study's range (bar) and mean (marker) by joint, studies side by side within a joint."""
    for k, sid in enumerate(sources):
        xs, lo, hi, point_xs, ys = [], [], [], [], []
        for i, joint in enumerate(joints):
            for est in estimates_by_joint[joint]:
                if est.source_id == sid:
                    x = i + (k - (len(sources) - 1) / 2) * 0.1
                    xs.append(x)
                    lo.append(est.low_deg)
                    hi.append(est.high_deg)
                    if est.has_point_estimate:  # a range of level means is drawn as its bar only
                        point_xs.append(x)
                        ys.append(est.estimate_deg)
        marker, colour = styles[sid]
        ax.vlines(
            xs,
            lo,
            hi,
            color=colour,
            lw=2.5,
            alpha=0.55,
            label=None if point_xs else citations.author_year(sid),
        )
        if point_xs:
            ax.plot(point_xs, ys, marker, color=colour, ms=5, label=citations.author_year(sid), ls="none")


@figure("facet-orientation-every-study-one-convention")
def orientation_by_study_figure() -> tuple[Figure, str]:
    """Axial angle by level, C2-3 to L5-S1, every study shown; cervical inclination; one convention each."""
    fig, (first,) = new_figure("slide")
    first.remove()
    # one key for both panels, in a strip of its own under them: inside, it covered data in slide type
    grid = fig.add_gridspec(2, 2, width_ratios=[2.8, 1], height_ratios=[8, 1])  # 20 levels on the left
    ax, cx, key_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])
    joints = anatomy.levels_with_axial_angle()
    x = np.arange(len(joints))
    by_joint = {j: anatomy.axial_angle_estimates(j) for j in joints}
    incl_joints = [j for j in anatomy.levels_with_inclination() if anatomy.region_of(j) == "cervical"]
    incl_by_joint = {j: anatomy.inclination_estimates(j) for j in incl_joints}
    sources = _study_order(by_joint)
    sources += [s for s in _study_order(incl_by_joint) if s not in sources]
    styles = {
        sid: (STUDY_MARKERS[k % len(STUDY_MARKERS)], STUDY_COLOURS[k % len(STUDY_COLOURS)])
        for k, sid in enumerate(sources)
    }
    for region in REGION_NAMES:
        idx = [i for i, j in enumerate(joints) if anatomy.region_of(j) == region]
        if not idx:
            continue
        ax.axvspan(min(idx) - 0.5, max(idx) + 0.5, color=ROLE_COLOURS[region], alpha=0.08, lw=0)
        ax.text(
            (min(idx) + max(idx)) / 2,
            93,
            region,
            ha="center",
            va="bottom",
            fontsize=9,
            color=ROLE_COLOURS[region],
            fontweight="bold",
        )
    _plot_studies(
        ax,
        joints,
        by_joint,
        [s for s in sources if any(e.source_id == s for ests in by_joint.values() for e in ests)],
        styles,
    )
    means = [anatomy.facet_angle_to_sagittal_deg(j)[0] for j in joints]
    reported = [
        m if level_mean_text(j) != "no level value" else np.nan for j, m in zip(joints, means, strict=True)
    ]
    (mean_line,) = ax.plot(x, reported, "-", color=PALETTE["black"], lw=1.3)
    ax.set_xticks(x, joints, rotation=90, fontsize=7)
    ax.set_xlim(-0.6, len(joints) - 0.4)
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 15, 30, 45, 60, 75, 90], ["0\nsagittal", "15", "30", "45", "60", "75", "90\ncoronal"])
    ax.set_xlabel("facet joint")
    ax.set_ylabel("axial angle from mid-sagittal plane (degrees)")
    ax.set_title(
        "Axial plane: near-coronal in neck and chest,\nnear-sagittal at the thoracolumbar junction",
        fontsize=10,
    )
    # right: cervical inclination, every study
    cxs = np.arange(len(incl_joints))
    _plot_studies(cx, incl_joints, incl_by_joint, _study_order(incl_by_joint), styles)
    cx.set_xticks(cxs, incl_joints, rotation=90, fontsize=7)
    cx.set_xlim(-0.6, len(incl_joints) - 0.4)
    cx.set_ylim(0, 100)
    cx.set_yticks([0, 30, 45, 60, 90], ["0\nhorizontal", "30", "45", "60", "90\nvertical"])
    cx.set_xlabel("facet joint")
    cx.set_ylabel("inclination to axial plane (degrees)")
    cx.set_title("Cervical: sloped\n(side view)", fontsize=10)
    keys = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    keys.update(zip(*reversed(cx.get_legend_handles_labels()), strict=True))
    keys["mean of study means (none: bands only)"] = mean_line  # last: the widest entry, in the last column
    key_ax.axis("off")
    key_ax.legend(keys.values(), keys.keys(), loc="upper center", fontsize=7, ncols=4, borderaxespad=0)
    fig.suptitle("Facet orientation by level, every study converted to one convention", fontweight="bold")
    frame = anatomy.orientation_table()
    source_note(
        fig,
        citations.cite(frame)
        + ". Bars: range reported (thoracic: one band for the whole region, not per-level means).",
    )
    return fig, _orientation_alt(joints, by_joint, reported, incl_joints)


def _orientation_alt(
    joints: list[str],
    by_joint: dict[str, list[anatomy.StudyEstimate]],
    reported: list[float],
    incl_joints: list[str],
) -> str:
    """Alt text of the every-study figure: means only where a study reports the level, bands as bands."""
    shown = dict(zip(joints, reported, strict=True))  # a level's mean only where a study reports one
    cervical = [m for j, m in shown.items() if anatomy.region_of(j) == "cervical" and not np.isnan(m)]
    lumbar = {j: m for j, m in shown.items() if j in anatomy.LUMBAR_JOINTS and not np.isnan(m)}
    first_lumbar = next(iter(lumbar))
    bands = {
        (e.source_id, e.low_deg, e.high_deg)
        for j in joints
        if anatomy.region_of(j) == "thoracic" and j != "T12-L1"
        for e in by_joint[j]
        if not e.has_point_estimate
    }
    band_text = " and ".join(f"{low:.0f}-{high:.0f}" for _, low, high in sorted(bands, key=lambda b: b[1]))
    incl = [v for j in incl_joints for v in anatomy.facet_inclination_deg(j)[1:]]
    alt = (
        "Left: axial facet angle from the mid-sagittal plane for every level from "
        f"{joints[0]} to {joints[-1]}, each study a marker or a bar for a band of several levels. "
        f"Cervical means {min(cervical):.0f}-{max(cervical):.0f} degrees; thoracic: {len(bands)} studies "
        f"each give one band for the whole region, {band_text} degrees, which disagree (near coronal, no "
        "level means); at "
        f"the thoracolumbar junction (T12-L1) one study's mean is about {shown['T12-L1']:.0f} degrees, and "
        f"in the lumbar spine the means rise from {lumbar[first_lumbar]:.0f} degrees at {first_lumbar} to "
        f"{lumbar['L5-S1']:.0f} degrees at L5-S1. "
        f"Right: cervical facets inclined {min(incl):.0f}-{max(incl):.0f} degrees to the axial plane across "
        "studies that measured it in different ways (not averaged)."
    )
    return alt
