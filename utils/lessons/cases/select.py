"""Questions on choosing the patient and the target, each computed by the course's models: the pre-test
probability (02's options from 01's prevalence table), weeks of conservative care (02's guideline table), the
nerves (innervation), the L5 dorsal ramus target, the C-arm oblique (03's curved-joint model), the contrast
picture (03's table), the volume per site (the safety rule set) and the block's cut-off (05's rule)."""

from __future__ import annotations

from ...core import citations
from ...core.selfcheck import NumericQuestion, Question
from ...models import (
    anatomy,
    block_criteria,
    block_selection,
    contrast,
    fluoroscopy_data,
    innervation,
    needle,
)
from ...models import cases as case_model
from ...models.cases import Case
from ...models.joints import facet_joints, joint_vertebrae
from ...safety import site_injectate_limit, target_label
from .common import case_nerves, choice, numeric, numeric_range, positions, site_word, sources, tolerance
from .joint_volume import joint_volume, joint_volume_text


def pretest(case: Case) -> Question:
    """The prevalence figure whose population matches the case (02's pre-test options)."""
    options = [o for o in block_selection.pretest_options() if o.region == case.region]
    match = [
        o for o in options if case.pretest_percent is not None and o.probability * 100 == case.pretest_percent
    ]
    if not match:
        raise ValueError(f"case {case.id}: no {case.region} prevalence of {case.pretest_percent}% in data/")
    right = match[0]
    strict = [
        o.criterion
        for o in options
        if o.source_id == right.source_id and "complete" in o.criterion and o.criterion != right.criterion
    ]
    author = citations.author_year(right.source_id)
    joint = case.joints[0] if len(case.joints) == 1 else ""
    one_joint = bool(joint) and f"{joint} joint only" in right.label
    criterion = (
        # review s9 of 08 (F4) and s12 (F3): the C2-3 screen had no saline arm; the placebo-controlled
        # blocks were a separate arm (the lower joints), and the study's overall figure counts both arms
        f" This figure counts the {joint} joint alone, in patients with dominant headache, by "
        f"{right.criterion}, with no saline arm. {author}'s other arm was separate: the patients without "
        f"{joint} relief, and those whose neck pain dominated, went on to placebo-controlled blocks of the "
        f"lower joints; the study's overall figure counts both arms, by {strict[0]}. So the {joint} joint "
        f"is the source in about {100 * right.probability:g}% of such patients, and facet joint pain as a "
        "whole is at least as likely. Both criteria are stricter than the cut-off for calling one block "
        "positive in practice (this case's last question)."
        if strict and one_joint
        else f" This figure came from {right.criterion}, with no saline arm; {author}'s placebo-controlled "
        f"criterion was {strict[0]}. Both are stricter than the cut-off for calling one block positive in "
        "practice (this case's last question)."
        if strict
        else ""
    )
    source = f"that the {joint} joint is the source" if one_joint else "of facet joint pain"
    return choice(
        f"Which pre-test probability {source} do the course's data give for this presentation?",
        right.label,
        [o.label for o in options],
        f"{right.label}: measured in {right.population}, by {right.method}. Pick the study whose population "
        "matches the patient; the other figures come from other groups." + criterion,
        right.source_id,
    )


def care_weeks(case: Case) -> tuple[float, float, str, str]:
    """(fewest, most weeks, recommendations, sources) of conservative care before blocks in the guidelines
    read for the case's region (and those for all regions)."""
    rows = block_selection.conservative_care()
    rows = rows[rows["region"].isin([case.region, "all regions"])]
    weeks = rows["conservative_care_weeks"].astype(float)
    said = "; ".join(f"{r['body']}: {r['recommendation']}" for _, r in rows.iterrows())
    return float(weeks.min()), float(weeks.max()), said, sources(*rows["source_id"])


def care(case: Case) -> NumericQuestion:
    """Weeks of conservative care before a block: where the guidelines read differ, exactly their range (the
    fewest to the most weeks they give; review s17 of 08 F4: no figure outside the sources' is accepted);
    where they agree, their figure within the quiz's tolerance (3 months is taken as 13 weeks)."""
    low, high, said, ids = care_weeks(case)
    tol = 0.0 if low != high else tolerance("care")
    return numeric_range(
        "care",
        f"How many weeks of failed conservative care do the {case.region} guidelines read here ask for "
        "before "
        "a diagnostic block?",
        "weeks",
        low - tol,
        high + tol,
        f"Answer: {low:g} to {high:g} weeks. {said}. Three months is about 13 weeks; where guidelines differ "
        "the range is shown."
        if low != high
        else f"{said}. Three months is about 13 weeks; where guidelines differ the range is shown.",
        ids,
        "the fewest and the most weeks the guidelines read give"
        if low != high
        else f"{low:g} weeks ±{tol:g}",
    )


def _naive_nerves(joints: tuple[str, ...]) -> str:
    """The common mistake: the medial branches named after the joint's own two vertebrae."""
    names = [f"{v} medial branch" for joint in joints for v in joint_vertebrae(joint)]
    return " + ".join(dict.fromkeys(names))


def _shifted(joints: tuple[str, ...], by: int) -> str | None:
    """The nerves for the same number of joints ``by`` levels away (None past the ends of the spine)."""
    order = [str(j) for j in facet_joints()]
    moved = []
    for joint in joints:
        at = order.index(joint) + by
        if not 0 <= at < len(order):
            return None
        moved.append(order[at])
    return " + ".join(dict.fromkeys(n for j in moved for n in innervation.nerves_to_block(j).nerves))


def nerves(case: Case) -> Question:
    """Which nerves to block for the case's joints (innervation model)."""
    supplies = [innervation.nerves_to_block(j) for j in case.joints]
    wrong = [_naive_nerves(case.joints), *(s for s in (_shifted(case.joints, b) for b in (-1, 1, 2)) if s)]
    return choice(
        f"Which nerves must a medial branch block reach to test the {' and '.join(case.joints)} "
        f"joint{'s' if len(case.joints) > 1 else ''}?",
        " + ".join(case_nerves(case)),
        wrong[:3],
        " ".join(s.summary() for s in supplies),
        sources(*(s.source_id for s in supplies)),
    )


def l5_target(case: Case) -> Question:
    """Where the L5 dorsal ramus is blocked (innervation model's target for L5-S1)."""
    supply = innervation.nerves_to_block("L5-S1")
    parts = [p.strip() for p in supply.block_targets.split(";")]
    ramus = next(p for p in parts if "dorsal ramus" in p)
    others = [p for p in parts if p != ramus]
    upper = innervation.nerves_to_block("L4-5").block_targets
    return choice(
        "Where do you place the needle for the L5 dorsal ramus?",
        ramus,
        [*others, upper],
        f"L5-S1 is supplied by {' and '.join(supply.nerves)}: {supply.block_targets}. The L5 nerve is the "
        "dorsal ramus itself, blocked at the sacral ala, not a medial branch at a transverse process.",
        supply.source_id,
    )


#: Where to stop turning the C-arm, in the words of notebook 03's simulator ('opens widest'), used by case 3
#: and the misconception alike (review s16 of 08, F4).
CARM_STOP = "where the posterior joint line is seen widest on screen"


def carm_answer(case: Case) -> tuple[float, float, float, float]:
    """(aim, mean facet angle, study low, study high) in degrees for the case's first joint: the oblique at
    which 03's curved-joint model opens the posterior joint line, and the sourced facet angle."""
    joint = case.joints[0]
    mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    return needle.aim_oblique_deg(joint, "right"), mean, low, high


def carm(case: Case) -> Question:
    """Where to stop turning the C-arm (review s15 of 08, F4): a conceptual question. The angle is a model
    output (notebook 03's curved-joint model opens the posterior joint line short of the facet angle) and
    joints differ between patients and sides, so the endpoint is the image, not a number graded to a degree;
    the model's angle and the sourced facet angles are in the options and the feedback."""
    aim, mean, low, high = carm_answer(case)
    joint = case.joints[0]
    guidance, guidance_ids = image_guidance(case)
    views = fluoroscopy_data.views_table().set_index("item")
    steep, axial = views.loc["steep oblique"], views.loc["angle from axial imaging"]
    return choice(
        "From AP you turn the C-arm toward the right (ipsilateral oblique) to open the posterior line of the "
        f"right {joint} joint. Where do you stop turning?",
        f"{CARM_STOP} (about {aim:.0f}° in 03's model)",
        [
            f"at the mean facet angle of the studies ({mean:.0f}°), whatever the screen shows",
            "past that point, where the joint silhouette appears again on screen",
            "at one fixed angle, the same for every lumbar level and on both sides",
        ],
        f"In notebook 03's curved-joint model the posterior joint line of {joint}, the part a needle from "
        f"behind enters, opens widest at {aim:.0f}°, before the mean facet angle of {mean:.0f}° (studies: "
        f"{low:.0f}-{high:.0f}°). {steep['statement'][0].upper()}{steep['statement'][1:]}. Patients differ: "
        f"{axial['statement']}. So the model's angle is a place to start, and the final angle is the one at "
        f"which the posterior joint line is seen widest on your screen.{guidance}",
        sources(
            anatomy.facet_angle_sources(joint), str(steep["source_id"]), str(axial["source_id"]), guidance_ids
        ),
    )


def image_guidance(case: Case) -> tuple[str, str]:
    """The region's guideline on image guidance (03's regional-differences table), as a sentence for an
    intra-articular case, with its source ids; ('', '') where the table has no row (review s16 of 08, F5:
    the lumbar guideline recommends CT for intra-articular injections, fluoroscopy in some cases)."""
    table = fluoroscopy_data.regional_differences_table()
    rows = table[(table["topic"] == "image guidance") & (table["region"] == case.region)]
    if case.target != "intra_articular" or rows.empty:
        return "", ""
    row = rows.iloc[0]
    return (
        f" Fluoroscopy is one choice, not the guideline's first for a joint: the {case.region} guideline on "
        f"image guidance: {row['what_differs']} ({citations.short(str(row['source_id']))}).",
        str(row["source_id"]),
    )


def contrast_question(case: Case) -> Question:
    """Which contrast picture confirms the tip is in the joint (03's contrast table)."""
    inside = contrast.pattern("arthrogram")
    wrong = [contrast.pattern(p) for p in ("periarticular blob", "vascular uptake")]
    return choice(
        f"A little contrast through the needle in the {case.joints[0]} joint: which picture confirms the "
        "tip is "
        "inside the joint?",
        str(inside["looks_like"]),
        [str(w["looks_like"]) for w in wrong],
        f"That is an arthrogram: {inside['means']}. "
        + " ".join(f"A {w.name}: {w['means']}; {w['action']}." for w in wrong),
        sources(str(inside["source_id"]), *(str(w["source_id"]) for w in wrong)),
    )


def volume(case: Case) -> NumericQuestion:
    """The most injectate per site the rule set allows for the case's region and target."""
    limit, borrowed = site_injectate_limit(case.region, case.target)
    site = site_word(case)
    counts = " (contrast counts toward it)" if limit.counts == "injectate_and_contrast" else ""
    lent = (
        f" No {case.region} source gives one, so the course borrows the strictest other limit "
        f"({limit.region})."
        if borrowed
        else ""
    )
    if limit.high_ml not in positions("volume"):
        raise ValueError(f"case {case.id}: the limit {limit.high_ml} mL is not a slider position")
    point = " (at each injection point)" if case.target == "medial_branch" else ""
    several = [innervation.injection_points(n) for n in case_nerves(case) if case.target == "medial_branch"]
    several = [p for p in several if p.points > 1]
    if several:
        point = (
            " (at each injection point: "
            + "; ".join(f"the {p.nerve} takes {p.points} points" for p in several)
            + ")"
        )
    positions_text = "".join(
        f" The {p.nerve} is not one point: it takes {p.points} ({p.where}), each with the same limit."
        for p in several
    )
    below = (
        f" A volume must stay below it: {limit.high_ml:g} mL itself breaks the limit."
        if limit.exceeded(limit.high_ml)
        else ""
    )
    why = f"The limit is {limit.text()} per {site}{counts} ({limit.basis}): {limit.consequence}."
    prompt = (
        f"What injectate limit per {site}{point} does the course's rule set give for a {case.region} "
        f"{target_label(case.target)} injection?"
    )
    jv = joint_volume(case.region) if case.target == "intra_articular" and not borrowed else None
    if jv is not None:
        # review s16 of 08, F1 (major): two thresholds at a joint; say what the rule set does at each
        why = joint_volume_text(jv, counts)
        prompt = (
            f"What injectate limit per joint does the {case.region} guideline give (the outer limit the "
            f"course's rule set holds) for a {case.region} {target_label(case.target)} injection?"
        )
    if borrowed:
        # the borrowed limit's own reasons are about its own region: say first that it is borrowed
        why = (
            f"No {case.region} source gives a volume per {site}: the course borrows the strictest other "
            f"limit, the {limit.region} {limit.text()} per {site}{counts}, so that a {case.region} block "
            f"stays as small as the smallest volume any source asks for.{_lender(limit.region, case)}"
        )
        lent = ""
    return numeric(
        "volume",
        prompt,
        "mL",
        limit.high_ml,
        why + below + positions_text + lent,
        sources(limit.source_id, jv.source_id if jv else "", *(p.source_id for p in several)),
    )


def _lender(region: str, case: Case) -> str:
    """Where the notebook explains the lending region's own limit: the first case of that region that asks
    for the volume ('' if none does)."""
    found = [
        c
        for c in case_model.cases("case")
        if c.region == region and c.target == case.target and "volume" in c.steps
    ]
    return f" Why the {region} limit is what it is: case {found[0].order}." if found else ""


def _same_number(region: str) -> str:
    """Where another region's cut-off has the same number but another sign: the one case they differ on."""
    own = block_criteria.block_criterion(region)
    same = [
        r
        for r in block_criteria.regions()
        if r != region
        and block_criteria.block_criterion(r)["relief_percent_min"] == own["relief_percent_min"]
        and block_criteria.block_criterion(r)["comparison"] != own["comparison"]
    ]
    if not same:
        return ""
    texts = ", ".join(f"{r} {block_criteria.cutoff_text(r)}" for r in [region, *same])
    return f" The cut-offs ({texts}) differ only at exactly {own['relief_percent_min']:g}% relief."


def cutoff(case: Case) -> Question:
    """When the case's block counts as positive (05's rule, from the region's guideline)."""
    right = block_criteria.cutoff_text(case.region)
    row = block_criteria.block_criterion(case.region)
    # another region's cut-off only where its number differs: '> 50%' against '>= 50%' is not a lesson
    others = [
        block_criteria.cutoff_text(r)
        for r in block_criteria.regions()
        if r != case.region
        and block_criteria.block_criterion(r)["relief_percent_min"] != row["relief_percent_min"]
    ]
    return choice(
        f"For this {case.region} block to count as positive, the relief must be ...",
        f"{right} of the usual pain",
        [f"{o} of the usual pain" for o in others]
        + [
            "any relief, as long as it lasts as long as the anaesthetic",
            "complete relief of the usual pain, nothing less",
        ],
        f"{row['guideline']}: relief {right} ({row['purpose']}).{_same_number(case.region)}",
        str(row["source_id"]),
    )
