"""03, section 6: contrast: an arthrogram stays, vascular uptake washes out, aspiration often misses.

Patterns and measured uptake from the contrast model (:mod:`facet_course.models.contrast`); the contrast
drawn on the simulated oblique is SYNTHETIC.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ...core import citations, data
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, presenting, source_note, synthetic_label
from ...core.text import plain_text
from ...models import anatomy, contrast, needle, safety
from ._common import aim_angle, needle_projector

#: The patterns the explorer draws (rows of ``data/contrast_patterns.csv``; review s17 03 F1: the two that
#: change management, epidural spread and the intrathecal STOP, are drawn as well).
PATTERNS: tuple[str, ...] = ("arthrogram", "vascular uptake", "epidural spread", "intrathecal (subarachnoid)")
#: The pattern that washes out within seconds (the others stay while the needle is in).
VASCULAR = "vascular uptake"
#: Field of view of the contrast image at the joint (mm; display choice).
CONTRAST_FOV_MM = 80.0
#: How far in front of the two joints' midpoint the thecal sac's centre is drawn (mm; SYNTHETIC placement).
SAC_DEPTH_MM = 15.0


#: The contrast pattern of a tip outside the joint (a row of ``data/contrast_patterns.csv``).
PERIARTICULAR = "periarticular blob"


def periarticular_therapeutic_note() -> tuple[str, str]:
    """(what to add to the periarticular pattern's action, its source id) (review s16 03 F5): a therapeutic
    injection that cannot enter the joint may stay periarticular, which one retrospective series found gave
    similar short-term relief; a diagnostic block may not."""
    source_id = citations.source("periarticular_similar_short_term_relief")
    return (
        "; for a therapeutic injection (steroid and anaesthetic) that cannot enter the joint: in one "
        "retrospective series, injections that ended periarticular or partly so gave relief similar to "
        f"all intra-articular ones, immediately and a week later ({citations.author_year(source_id)}); "
        "not for a diagnostic block, which must stay in the joint it tests",
        source_id,
    )


def contrast_patterns_table() -> pd.DataFrame:
    """What each contrast pattern looks like, means and what to do, with the source; the periarticular
    pattern's action adds when a therapeutic injection may stay periarticular
    (:func:`periarticular_therapeutic_note`)."""
    table = contrast.patterns_table()
    out = table[["pattern", "looks_like", "means", "action"]].copy()
    sources = [str(s) for s in table["source_id"]]
    note, note_source = periarticular_therapeutic_note()
    at = (out["pattern"] == PERIARTICULAR).to_numpy()
    if not at.any():
        raise ValueError(f"data/contrast_patterns.csv has no '{PERIARTICULAR}' row")
    out.loc[at, "action"] = out.loc[at, "action"] + note
    sources = [f"{s};{note_source}" if hit else s for s, hit in zip(sources, at, strict=True)]
    out["source"] = [citations.short(s) for s in sources]
    return out.set_index("pattern")


def intravascular_table() -> pd.DataFrame:
    """Measured intravascular uptake, and how many of those aspiration and a spot film caught (%)."""
    rows = []
    for _, r in contrast.intravascular_table().iterrows():
        caught = r["intravascular_n"]
        counted = not pd.isna(caught) and caught > 0
        rows.append(
            {
                "block": f"{r['region']} MBB",
                "study": r["design"] + _comparison(r),
                "n": _denominator_text(r),
                "IV (%)": r["intravascular_percent"],
                "counted per": r["counted_per"],
                "aspiration caught (%)": f"{contrast.caught_percent(r, 'aspiration'):.1f}" if counted else "",
                "spot film caught (%)": f"{contrast.caught_percent(r, 'spot'):.1f}" if counted else "",
                "source": citations.author_year(r["source_id"]),
            }
        )
    for _, r in contrast.intra_articular_table().iterrows():
        rows.append(
            {
                "block": f"{r['region']} {r['procedure']}",
                "study": "prospective multicentre series",
                "n": "not given" if pd.isna(r["injections"]) else f"{int(r['injections'])}",
                "IV (%)": r["intravascular_percent"],
                "counted per": r["counted_per"],
                "aspiration caught (%)": _pooled_miss_text(r),
                "spot film caught (%)": "",
                "source": citations.author_year(r["source_id"]),
            }
        )
    return pd.DataFrame(rows).set_index("block")


#: Step (mL) at which the rule set is asked about the total at one joint (the checker's own precision).
_PROBE_STEP_ML = 0.01


def _reason_kind(text: str) -> str:
    """A reason's text with its numbers (the probed volume among them) taken out, so that only a change of
    rule shows as a change."""
    return re.sub(r"\d+(\.\d+)?", "#", text)


def _kinds(reasons: list[safety.Reason]) -> list[str]:
    """Each reason's verdict and rule, numbers taken out."""
    return [f"{r.level}|{_reason_kind(r.text)}" for r in reasons]


def _clause(text: str, volume_ml: float) -> str:
    """The first clause of a reason, its probed volume (mL) replaced by what it counts."""
    head = text.split(":")[0]
    for lead, say in (
        (f"the total at the joint including contrast, {volume_ml:.3g} mL, ", "the total "),
        (f"{volume_ml:.3g} mL of ", "the "),
    ):
        if head.startswith(lead):
            return say + head[len(lead) :]
    return head


def joint_volume_steps(region: str = "lumbar") -> list[tuple[float, bool, str, str]]:
    """Where the rule set's answer on the total at one joint (mL, injectate plus contrast) changes, asked of
    ``facet_course.safety.check_volumes`` in steps of 0.01 mL up to just past where it turns unsafe: a list of
    (volume in mL, True if that volume itself gets the new answer and False if only more does, the worst
    verdict there, the first clause of the reason that changed)."""
    unsafe_ml, _ = safety.unsafe_from_ml(region, "intra_articular")
    steps: list[tuple[float, bool, str, str]] = []
    before: list[str] | None = None
    for k in range(1, int(round((unsafe_ml + 2 * _PROBE_STEP_ML) / _PROBE_STEP_ML)) + 1):
        volume = round(k * _PROBE_STEP_ML, 2)
        reasons = safety.check_volumes(region, "intra_articular", volume)
        kinds = _kinds(reasons)
        if before is not None and kinds != before:
            changed = next(r for r, new, old in zip(reasons, kinds, before, strict=True) if new != old)
            worst = max((r.level for r in reasons), key=safety.VERDICTS.index)
            # the new answer starts AT this volume if a hair below it still gets the old one
            at = (
                _kinds(safety.check_volumes(region, "intra_articular", volume - _PROBE_STEP_ML / 10))
                == before
            )
            steps.append(
                (
                    volume if at else round(volume - _PROBE_STEP_ML, 2),
                    at,
                    worst,
                    _clause(changed.text, volume),
                )
            )
        before = kinds
    return steps


def _denominator_text(row: pd.Series) -> str:
    """A series' n (review s16 03 F4): its own denominator, else its whole series' (all regions together,
    where the source gives none per region), else '' (in the unit of the row's 'counted per')."""
    if not pd.isna(row["injections"]):
        return f"{int(row['injections'])}"
    if not pd.isna(row["all_regions_n"]):
        return f"{int(row['all_regions_n'])} (all regions)"
    return ""


def _comparison(row: pd.Series) -> str:
    """' (the source's comparison of its arms, with its P value)' where it compared arms, else ''."""
    text = row.get("comparison")
    return "" if text is None or pd.isna(text) else f" ({text})"


def joint_volume_text(region: str = "lumbar") -> str:
    """The lumbar joint's volumes: each figure with only the source that states it (the textbook's lumbar
    injection chapter, the lumbar guideline, the textbook's capacity range, Dory's arthrograms: no volume),
    then every line the rule set applies to the total at one joint, asked of it (plain text, printed by the
    notebook). Only the lumbar sources are attributed here: ValueError for any other region."""
    if region != "lumbar":
        raise ValueError(f"region={region!r}: only 'lumbar' (the sources attributed here are lumbar)")
    injectate = safety.injectate_limit(region, "intra_articular")
    if injectate is None:
        raise ValueError(f"no {region} intra-articular injectate limit in data/injectate_volume_limits.csv")
    guideline = citations.source("lumbar_guideline")
    if guideline not in injectate.source_id.split(";"):
        raise ValueError(f"the {region} intra-articular limit no longer cites the lumbar guideline")
    low, high, _ = anatomy.capsule_capacity_ml(region)
    if low is None:
        raise ValueError(f"data/facet_capsule_volume.csv gives no usual {region} capacity")
    ay = citations.author_year
    chapter = citations.source("lumbar_joint_total_not_over_usual_capacity")
    capacity = citations.source("lumbar_joint_capacity_range")
    dory = citations.source("capsule_bursts_at_arthrography")
    counted = ", contrast included" if injectate.counts == "injectate_and_contrast" else ""
    lines = [
        "What the sources say about one lumbar joint (each figure from the source that states it):",
        f"- the textbook's lumbar injection chapter ({ay(chapter)}): the total injected should not exceed "
        f"{low:g} mL, because a lumbar joint usually holds {low:g} mL or less (the stricter figure);",
        f"- the lumbar guideline ({ay(guideline)}): {injectate.text()} per joint{counted} as the course "
        "counts it;",
        f"- the textbook's capacity chapter ({ay(capacity)}): a lumbar joint holds {low:g}-{high:g} mL;",
        f"- Dory's arthrograms ({ay(dory)}): the capsule nearly always burst during or after injection; "
        "the abstract gives no volume.",
    ]
    for lim in safety.volume_limits(region, "intra_articular"):
        if lim.counts == "contrast":
            lines.append(f"- contrast: {lim.text()} ({ay(lim.source_id)}): {lim.consequence}.")
    lines.append(
        "The two chapters of the same textbook (an undated web copy, read in "
        f"{data.reference(chapter).year}, hence the year in its label) differ: the course takes the "
        f"injection chapter's {low:g} mL as the usual capacity and the capacity chapter's {high:g} mL as "
        "the largest reported, and shows both."
    )
    lines.append("")  # a printed paragraph break: the slide deck may continue the text on a new slide
    lines.append("What the course's checker says of the total at one joint (asked of the rule set):")
    steps = joint_volume_steps(region)
    if not steps:
        raise ValueError(f"the rule set never changes its answer for a {region} joint")
    lines.append(f"- {'below' if steps[0][1] else 'up to'} {steps[0][0]:g} mL: fine")
    for volume, at, worst, why in steps:
        threshold = f"; {safety.gross_joint_volume_factor()[1].split(':')[0]}" if worst == "unsafe" else ""
        lines.append(f"- {'from' if at else 'above'} {volume:g} mL: {worst} ({why}{threshold})")
    lines.append(
        "Read the reason, not only the word: the same 'caution' above covers going past the usual capacity, "
        "reaching the guideline's limit and going past every reported capacity. No source gives a volume at "
        "which harm begins; the unsafe line is the course's teaching threshold. "
        "Below the unsafe line the limits are for the block's specificity: injectate that leaves the joint "
        "spreads toward the foramen and the epidural space and the block no longer tests one joint. The "
        f"capsule often ruptures even at small volumes ({ay(dory)}); above the largest reported capacity it "
        "is expected to. At several joints (more levels, or both sides) each joint has its own capsule, but "
        "the local anaesthetic and any steroid add up over the whole procedure: check that total with "
        "notebook 04's dose checker."
    )
    return "\n".join(lines)


def contrast_allergy_text() -> str:
    """What to weigh when the patient reports a reaction to iodinated contrast (plain text, sourced): the
    guideline allows a block with or without contrast, extravascular contrast carries a low risk, gadolinium
    is dangerous in the spinal fluid, and without contrast nothing shows a tip in a vessel."""
    ay = citations.author_year
    return (
        "If the patient reports a reaction to iodinated contrast: in practice the lumbar guideline allows "
        f"a block with or without contrast ({ay(citations.source('lumbar_guideline'))}). A multisociety "
        "advisory finds a low risk of a reaction when contrast is injected outside a vessel, the target of "
        "these procedures, and warns that gadolinium, often used instead after a reported reaction, can "
        "cause encephalopathy or death if it reaches the intrathecal space "
        f"({ay(citations.source('contrast_hypersensitivity_gadolinium'))}). Without contrast nothing on the "
        "image shows a needle tip in a vessel (the intravascular table above), so weigh that loss with the "
        "patient. The advisory makes separate recommendations for a past mild, moderate or severe reaction; "
        "the course read only its abstract and does not restate them: read them before you plan, and "
        "follow your department's contrast-reaction protocol."
    )


def contrast_agent_text() -> str:
    """Which contrast goes into the syringe and how much (plain text, sourced; review s15 03 F7): a non-ionic
    agent at a strength labelled for intrathecal use, because this section teaches the intrathecal pattern;
    the volume is the rule set's lumbar intra-articular contrast range, counted toward the capsule total."""
    ay = citations.author_year
    room = ay(citations.source("contrast_leaves_less_room_in_the_joint"))
    limits = [lim for lim in safety.volume_limits("lumbar", "intra_articular") if lim.counts == "contrast"]
    if not limits:
        raise ValueError("the rule set gives no lumbar intra-articular contrast range")
    return (
        "Which contrast: a non-ionic agent at a strength its label allows for intrathecal use, because the "
        "needle tip can be where this section's last pattern shows it, in the thecal sac. Ionic contrast is "
        "strictly contraindicated there: injected intrathecally by accident it can cause ascending "
        f"tonic-clonic seizures and death ({ay(citations.source('ionic_contrast_intrathecal'))}). Read the "
        "vial: a non-ionic agent's label may still mark some of its strengths not for intrathecal use, as "
        f"the iohexol label does ({ay(citations.source('contrast_intrathecal_label'))}). How much: the "
        "lumbar guideline's figure for facet blocks in clinical trials (medial branch and intra-articular "
        f"alike) is {limits[0].text()} "
        f"({ay(limits[0].source_id)}), and it counts toward the joint's total above; more contrast leaves "
        f"less room in the joint for the drug ({room}). Notebook 04 gives the same warning beside the drugs."
    )


def _pooled_miss_text(row: pd.Series) -> str:
    """'no flashback in 74% (all procedure types pooled)' where the source gives only a pooled share."""
    missed = row.get("aspiration_missed_pooled_percent")
    if missed is None or pd.isna(missed):
        return ""
    return f"no flashback in {missed:g}% (all procedure types pooled)"


def pooled_aspiration_miss() -> tuple[float, str]:
    """The intra-articular series' pooled share (%) of intravascular injections that aspiration missed, and
    its source label; ValueError if no row gives one."""
    rows = contrast.intra_articular_table().dropna(subset=["aspiration_missed_pooled_percent"])
    if rows.empty:
        raise ValueError("no row of contrast_intravascular_intraarticular gives a pooled aspiration miss")
    r = rows.iloc[0]
    return float(r["aspiration_missed_pooled_percent"]), citations.short(r["source_id"])


def _unit_head(counted_per: str) -> str:
    """'procedure' from 'procedure (per needle not stated)': the unit for a bar label; the table beside the
    figure gives the whole phrase."""
    return counted_per.split(" (")[0]


def _first_author(source_id: str) -> str:
    """'Verrills P et al.' from a short citation: the label under a bar."""
    return citations.short(source_id).split(",")[0]


def _mark_comparisons(ax: Axes, table: pd.DataFrame) -> None:
    """Beside the bars of a trial's compared arms: the source's P value and whether they differed."""
    rows = table.reset_index(drop=True)
    for text, group in rows.dropna(subset=["comparison"]).groupby("comparison", sort=False):
        found = re.search(r"P [=<>] ?[\d.]+", str(text))
        words = "no significant\ndifference" if "not differ significantly" in str(text) else "difference"
        label = f"{words}\n({found.group(0)})" if found else words
        top = float(group["intravascular_percent"].max())
        ax.set_xlim(0, max(ax.get_xlim()[1], 1.9 * top))  # room for the label inside the axes
        ax.annotate(
            label,
            (top + 0.8, float(np.mean(group.index))),
            ha="left",
            va="center",
            fontsize=7,
            color="#333333",
        )


@figure("intravascular-uptake-and-aspiration")
def intravascular_figure() -> tuple[Figure, str]:
    """Bar chart: intravascular uptake by study; share of those that aspiration and a spot film detected."""
    table = contrast.intravascular_table()
    fig, _ = new_figure("notebook")
    fig.clear()
    # the study bars take the left column's whole height; the right panel's legend has a strip of its own
    grid = fig.add_gridspec(2, 2, height_ratios=(8, 1))
    rate_ax, caught_ax, key_ax = (
        fig.add_subplot(grid[:, 0]),
        fig.add_subplot(grid[0, 1]),
        fig.add_subplot(grid[1, 1]),
    )
    fig.set_size_inches(fig.get_figwidth(), fig.get_figheight() + 1.2)  # two-line labels for eight studies
    if presenting():  # a slide is wider than a page: at slide type the nine two-line study labels and the
        # two panels need its whole width (1200 x 560 px at this height: 10.3 inches)
        fig.set_size_inches(10.3, fig.get_figheight())
    labels = [
        f"{r['region']} MBB, {r['design']}\n{_first_author(r['source_id'])}, per {r['counted_per']}"
        for _, r in table.iterrows()
    ]
    joints = contrast.intra_articular_table()
    labels += [
        f"{r['region']} zygapophyseal joint\n{_first_author(r['source_id'])}, "
        f"per {_unit_head(r['counted_per'])}"
        for _, r in joints.iterrows()
    ]
    y = np.arange(len(table))
    rate_ax.barh(y, table["intravascular_percent"], color=PALETTE["blue"], label="medial branch block")
    yj = np.arange(len(table), len(table) + len(joints))
    rate_ax.barh(yj, joints["intravascular_percent"], color=PALETTE["green"], label="zygapophyseal joint")
    # tight lines: at slide type nine two-line labels just fit, and a crowded tick label is dropped
    rate_ax.set_yticks(np.concatenate([y, yj]), labels, fontsize=8, linespacing=1.0)
    rate_ax.invert_yaxis()
    rate_ax.set_xlabel("intravascular contrast (% of what each study counted)")
    _mark_comparisons(rate_ax, table)
    single = table[table["counted_per"] != "3-level procedure"]["intravascular_percent"]
    procedures = table[table["counted_per"] == "3-level procedure"]["intravascular_percent"]
    low, high = single.min(), single.max()
    rate_ax.set_title(f"Medial branch blocks: {low:g}-{high:g}% per injection or level", fontsize=10)
    counted = contrast.counted_series()
    names = [f"{r['region']} MBB ({_first_author(r['source_id'])})" for _, r in counted.iterrows()]
    yy = np.arange(len(counted))
    asp = [contrast.caught_percent(r, "aspiration") for _, r in counted.iterrows()]
    spot = [contrast.caught_percent(r, "spot") for _, r in counted.iterrows()]
    caught_ax.barh(yy - 0.2, asp, height=0.38, color=PALETTE["vermillion"], label="aspiration (blood flash)")
    caught_ax.barh(yy + 0.2, spot, height=0.38, color=PALETTE["orange"], label="spot film after contrast")
    caught_ax.axvline(100, color="#333333", lw=1)
    caught_ax.text(101, -0.45, "live\nfluoroscopy\n= 100 %", ha="left", va="top", fontsize=7)
    caught_ax.set_yticks(yy, names, fontsize=8)
    caught_ax.invert_yaxis()
    caught_ax.set_xlim(0, 135)
    caught_ax.set_xlabel("of those, detected (%)")
    caught_ax.set_title("Aspiration often misses", fontsize=10)
    key_ax.axis("off")
    key_ax.legend(*caught_ax.get_legend_handles_labels(), fontsize=7, loc="upper center", borderaxespad=0)
    fig.suptitle("Only live contrast shows a needle tip in a vessel", fontweight="bold")
    source_note(fig, citations.cite(table, joints))
    lumbar = counted[counted["region"] == "lumbar"].iloc[0]
    compared = [
        f"{citations.author_year(r.source_id)}: {r.comparison}"
        for r in table.dropna(subset=["comparison"]).itertuples()
    ]
    alt = (
        f"Intravascular uptake in medial branch blocks ranged from {low:g}% to {high:g}% of injections or "
        f"block levels across studies, and {procedures.min():g}-{procedures.max():g}% of three-level "
        "procedures in a randomised trial of two views; in lumbar zygapophyseal (facet) joint injections "
        f"{', '.join(f'{v:g}%' for v in joints['intravascular_percent'])} "
        f"({citations.author_year(*joints['source_id'])}); "
        f"{'; '.join(dict.fromkeys(compared))}; "
        "in the largest lumbar medial branch series "
        "aspiration "
        f"detected {contrast.caught_percent(lumbar, 'aspiration'):.0f}% and a spot film "
        f"{contrast.caught_percent(lumbar, 'spot'):.0f}% of them."
    )
    return fig, alt


def _spread_layer(
    gx: np.ndarray, gy: np.ndarray, pattern: str, seconds: float, joint_uv: np.ndarray, sac_uv: np.ndarray
) -> np.ndarray:
    """SYNTHETIC opacity (0..1) of the two patterns that stay and spread: epidural spread runs from the joint
    toward the midline and upward on one side; intrathecal contrast fills a broad column of the thecal sac,
    spreading up and down evenly (image mm; the shapes are illustrations, not measurements)."""
    grow = min(1.0, seconds / 2.0)
    if pattern == "epidural spread":
        u, v = joint_uv
        # a tongue from the joint toward the sac's edge, running cephalad
        t = np.linspace(0.0, 1.0, 40)
        px = u + (sac_uv[0] - u) * 0.6 * t
        py = v + 30.0 * grow * t
        layer = np.zeros_like(gx)
        for x, y in zip(px, py, strict=True):
            layer = np.maximum(layer, np.exp(-((gx - x) ** 2 / 8.0 + (gy - y) ** 2 / 8.0)))
        return 0.85 * min(1.0, seconds / 1.0) * layer
    if pattern == "intrathecal (subarachnoid)":
        u, v = sac_uv
        half_width, half_length = 7.0, 8.0 + 28.0 * grow
        across = np.clip(1.0 - ((gx - u) / half_width) ** 2, 0.0, 1.0) ** 0.3
        along = 1.0 / (1.0 + np.exp((np.abs(gy - v) - half_length) / 2.0))
        return 0.75 * min(1.0, seconds / 1.0) * across * along
    raise ValueError(f"pattern must be 'epidural spread' or 'intrathecal (subarachnoid)', not {pattern!r}")


def _contrast_layer(
    pattern: str,
    seconds: float,
    xs: np.ndarray,
    joint_uv: np.ndarray,
    line_dir: np.ndarray,
    sac_uv: np.ndarray | None = None,
) -> np.ndarray:
    """SYNTHETIC contrast opacity on the image grid (0..1) for a pattern at a time after injection
    (``sac_uv``: the thecal sac's centre on the image, mm, for the epidural and intrathecal patterns)."""
    gx, gy = np.meshgrid(xs, xs[::-1])
    u, v = joint_uv
    if pattern in ("epidural spread", "intrathecal (subarachnoid)"):
        if sac_uv is None:
            raise ValueError(f"pattern {pattern!r} needs the thecal sac's place on the image (sac_uv)")
        return _spread_layer(gx, gy, pattern, seconds, joint_uv, sac_uv)
    if pattern == "arthrogram":
        # a thin ellipse outlining the joint with superior and inferior recesses; stays while the needle is in
        along = (gx - u) * line_dir[0] + (gy - v) * line_dir[1]
        across = -(gx - u) * line_dir[1] + (gy - v) * line_dir[0]
        ring = np.exp(-((np.hypot(across / 3.0, along / 11.0) - 1.0) ** 2) / 0.02)
        fill = min(1.0, seconds / 1.0)
        return 0.9 * fill * ring
    # vascular: thin streaks running away from the tip that wash out within seconds
    rng = np.random.default_rng(3)
    layer = np.zeros_like(gx)
    for k in range(4):
        angle = rng.uniform(-2.6, -0.6) if k % 2 else rng.uniform(0.6, 2.6)
        length = 8 + 25 * min(seconds, 1.5)
        t = np.linspace(0, length, 60)
        px = u + t * np.cos(angle) + 2 * np.sin(t / 4 + k)
        py = v + t * np.sin(angle)
        for x, y in zip(px[::3], py[::3], strict=True):
            layer += 0.6 * np.exp(-((gx - x) ** 2 + (gy - y) ** 2) / 0.25)
    washout = math.exp(-max(seconds - 1.0, 0.0) / 0.7)
    return np.clip(layer, 0, 1) * washout


def _draw_contrast() -> tuple[Figure, Callable[..., str]]:
    """A simulated oblique with SYNTHETIC contrast: an arthrogram, epidural or intrathecal contrast stays,
    vascular uptake washes out."""
    fig, (ax,) = new_figure("square")
    half = CONTRAST_FOV_MM / 2
    angle = round(aim_angle("L4-5"))
    target = needle.target_mm("L4-5", "right")
    projector = needle_projector("L4-5", tuple(float(v) for v in target), float(angle))
    base = projector.radiograph(angle)
    centre = anatomy.facet_joint_centre_mm("L4-5", "right")
    joint_uv = projector.project_points(centre[None, :], angle)[0]
    # the thecal sac: midway between the two joints and in front of them (SYNTHETIC placement)
    midline = (centre + anatomy.facet_joint_centre_mm("L4-5", "left")) / 2 + np.array(
        [0.0, -SAC_DEPTH_MM, 0.0]
    )
    sac_uv = projector.project_points(midline[None, :], angle)[0]
    image = ax.imshow(base, cmap="gray", vmin=0, vmax=1, extent=(-half, half, -half, half))
    ax.plot([0], [0], "o", color=PALETTE["orange"], ms=5)
    ax.set_xlim(-half, half)
    ax.set_ylim(-half, half)
    ax.grid(False)
    ax.set_xlabel("image right (mm)")
    ax.set_ylabel("image up (mm)")
    title = ax.set_title(" ")
    synthetic_label(ax, "SYNTHETIC contrast")
    source_note(
        fig,
        f"Patterns: {citations.author_year(*[contrast.pattern(p)['source_id'] for p in PATTERNS])}. "
        "Contrast drawn dark, as on most C-arm monitors.",
    )
    xs = np.linspace(-half, half, base.shape[0])
    line_dir = np.array([0.0, 1.0])

    def update(pattern: str, seconds: float) -> str:
        if pattern not in PATTERNS:
            raise ValueError(f"pattern must be one of {', '.join(PATTERNS)}; got {pattern!r}")
        if not 0 <= seconds <= 5:
            raise ValueError("seconds after the start of injection must be 0 to 5")
        layer = _contrast_layer(
            "vascular" if pattern == VASCULAR else pattern, seconds, xs, joint_uv, line_dir, sac_uv
        )
        image.set_data(np.clip(base - 0.9 * layer, 0, 1))
        title.set_text(f"{pattern.split(' (')[0]}, {seconds:g} s after injection")  # one line on a page
        row = contrast.pattern(pattern)
        shown = float(layer.max())
        if pattern == "arthrogram":
            now = "the arthrogram stays while the needle is in: a spot film taken now still shows it"
        elif pattern != VASCULAR:
            now = "the contrast stays where it went: a spot film taken now still shows it"
        elif shown < 0.2:
            now = (
                "the streaks have washed out: a spot film taken now would miss them; only live imaging "
                "during the injection shows them"
            )
        else:
            now = "the streaks are still visible: caught now, but within a few more seconds they wash out"
        return (
            f"<b>{pattern}</b> looks like: {row['looks_like']}. It means {row['means']}. Do: {row['action']}."
            f"<br>At {seconds:g} s in this SYNTHETIC picture, {now}."
        )

    return fig, update


def contrast_explorer() -> Explorer:
    """Pick a pattern and a time after injecting: see what the spot film would show."""
    return explore(
        "contrast-patterns",
        _draw_contrast,
        [
            Control("pattern", "Pattern", list(PATTERNS)),
            Control("seconds", "Seconds after injecting", [0.5, 1.0, 2.0, 3.0], value=1.0, unit="s"),
        ],
        question="Which pattern would a spot film taken three seconds after the injection miss?",
        alt="Simulated oblique view of the right L4-5 joint with synthetic contrast: an arthrogram "
        "outlining the joint, vascular streaks that wash out within seconds, epidural spread running from "
        "the joint toward the midline and upward, or intrathecal contrast filling a column of the thecal sac "
        "(STOP).",
    )


@figure("arthrogram-synthetic-contrast")
def contrast_figure() -> tuple[Figure, str]:
    """The SYNTHETIC arthrogram two seconds after injecting."""
    fig, update = _draw_contrast()
    readout = update("arthrogram", 2.0)
    return fig, f"SYNTHETIC arthrogram outlining the right L4-5 joint. {plain_text(readout)}"
