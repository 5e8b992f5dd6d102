"""01's prose for a clinical reviewer: the misconceptions, the self-check and the key references.

Every number in these sentences is formatted from ``data/`` through the models, and every question names
its source; the wording is here, in one file.
"""

from __future__ import annotations

from ...core import citations
from ...core.selfcheck import Question
from ...models import anatomy, block_selection, innervation, safety
from .orientation import level_mean_text, study_values_text
from .prevalence import prevalence_rows

SLUG = "facet_joint_anatomy"


def _guideline_row(region: str, topic: str) -> dict[str, object]:
    """The region's own row of notebook 02's guideline table on ``topic`` (the first, if several)."""
    rows = block_selection.guidelines(region, topic)
    rows = rows[rows["region"] == region]
    if rows.empty:
        raise ValueError(f"no {region} guideline row on {topic} in data/block_guidelines.csv")
    return rows.iloc[0].to_dict()


def blocks_test_the_diagnosis() -> str:
    """Review s16 of 01, F1: what the guidelines say on imaging and on the number of blocks before
    radiofrequency denervation, in the words of notebook 02's rows (``data/block_guidelines.csv``): a block
    tests the diagnosis; controlled blocks cut single blocks' false positives, yet neither guideline asks
    for them in routine practice."""
    lumbar_i, cervical_i = _guideline_row("lumbar", "imaging"), _guideline_row("cervical", "imaging")
    lumbar_b = _guideline_row("lumbar", "number_of_blocks")
    cervical_b = _guideline_row("cervical", "number_of_blocks")
    false_pos = prevalence_rows().query("quantity == 'false_positive_single_block'")
    cervical_imaging = str(cervical_i["recommendation"]).split(";")[0]
    cervical_grade = str(cervical_i["grade"]).split(";")[0]
    lumbar_practice = str(lumbar_i["recommendation"]).split(";")[-1].strip().removeprefix("the ")

    def cite(row: dict[str, object]) -> str:
        return citations.short(str(row["source_id"]))

    single = citations.short(";".join(false_pos["source_id"].unique()))
    return (
        "A scan does not show the painful joint either: the cervical guideline finds the "
        f"{cervical_imaging} ({cervical_grade}; {cite(cervical_i)}); the lumbar guideline's "
        f"{lumbar_practice} ({cite(lumbar_i)}). A block tests the joint: controlled (comparative or "
        f"placebo) blocks cut the false positives of a single block (section 5; {single}), but for routine "
        "practice before radiofrequency denervation neither guideline asks for them: lumbar, "
        f"{lumbar_b['recommendation']} ({lumbar_b['setting']}; {cite(lumbar_b)}); cervical, "
        f"{cervical_b['recommendation']} ({cervical_b['grade']}; {cite(cervical_b)}). Notebook 02 weighs "
        "one block against two."
    )


# a correction that goes on in notebook 02's guideline words, read from its rows (one idea, one place)
_CORRECTION_GOES_ON = {"clinical_diagnosis": blocks_test_the_diagnosis}


def misconceptions(start: int = 0, stop: int | None = None) -> str:
    """The misconceptions as a Markdown list: myth, where it is seen, correction and source (rows start..stop,
    to split the list over slides)."""
    frame = anatomy.misconceptions_table().iloc[start:stop]
    lines = []
    for _, row in frame.iterrows():
        goes_on = _CORRECTION_GOES_ON.get(str(row["id"]))
        more = f" {goes_on()}" if goes_on else ""
        lines.append(
            f"- **Myth** ({row['where_seen']}): *{row['claim']}*  \n"
            f"  **Correction:** {row['correction']} ({citations.short(row['source_id'])}){more}"
        )
    return "\n".join(lines)


def key_references(part: int = 1, parts: int = 1) -> str:
    """The notebook's key references as a Markdown list (``data/key_references.csv``), or one part of it."""
    return citations.key_references(SLUG, part, parts)


def where_a_leak_goes() -> str:
    """Markdown: where injectate goes when it leaves a facet joint (review s10 of 01, expected item 2), and
    why that ends the block's specificity."""
    okada = citations.short(citations.source("retrodural_space_of_okada"))
    dory = citations.short(citations.source("capsule_bursts_at_arthrography"))
    return (
        "**Where a leak goes:** at lumbar arthrography contrast leaked from the capsule laterally, where the "
        f"dorsal ramus branches pass, or medially toward the foramen ({dory}). Behind the ligamentum flavum "
        "the retrodural space of Okada links the joint with the neighbouring facet joints on the same side, "
        "the joint on the other side, the foramen and the paraspinal muscles "
        f"({okada}). Injectate that reaches them numbs more than the one joint, so the block no longer tests "
        "that joint: watch where the contrast goes."
    )


def _fmt(joint: str) -> str:
    """A level's axial angle for an answer option (degrees): its mean, or where no study reports the level
    the band a study reports for several levels (never a band's midpoint; review s12 of 01, F3-F5)."""
    mean, low, high = anatomy.facet_angle_to_sagittal_deg(joint)
    return f"{low:.0f}-{high:.0f}" if level_mean_text(joint) == "no level value" else f"{mean:.0f}"


def _each_study(*joints: str) -> str:
    """Each study's value at each joint, side by side (degrees), for an explanation."""
    return "; ".join(f"{j}: {study_values_text(j)}" for j in joints)


def _sentence(text: str) -> str:
    """First letter upper-case, the rest as written (keeps 'S1', 'L5'), ending with a full stop."""
    return f"{text[:1].upper()}{text[1:].rstrip('.')}."


def _orientation_questions() -> list[Question]:
    """Converting a coronal-plane angle; which joint lies closest to the coronal plane."""
    frame = anatomy.orientation_table()
    band = frame[(frame["quantity"] == "axial_angle") & (frame["reference_plane"] == "coronal")].iloc[0]
    b_low, b_high = float(band["low_deg"]), float(band["high_deg"])
    c_low, c_high = sorted(anatomy.to_course_axial_angle(v, "coronal") for v in (b_low, b_high))
    neck, upper_lumbar, bottom = "C5-6", "L1-2", "L5-S1"
    return [
        Question(
            f"A study reports thoracic facets at {b_low:g}-{b_high:g} degrees from the frontal (coronal) "
            "plane. What is that in the course convention (angle from the mid-sagittal plane)?",
            (
                f"{b_low:g}-{b_high:g} degrees",
                f"{c_low:g}-{c_high:g} degrees",
                f"{90 + b_low:g}-{90 + b_high:g} degrees",
            ),
            1,
            f"An angle to the coronal plane and an angle to the mid-sagittal plane add up to 90 degrees, so "
            f"{b_low:g}-{b_high:g} degrees from the frontal plane is {c_low:g}-{c_high:g} degrees from the "
            "mid-sagittal plane: near coronal.",
            str(band["source_id"]),
        ),
        Question(
            "In the axial plane, which joint lies closest to the coronal plane?",
            (upper_lumbar, neck, bottom),
            1,
            "Degrees from the mid-sagittal plane, each study as reported (a band covers several levels): "
            f"{_each_study(neck, upper_lumbar, bottom)}. Cervical and thoracic joints are near coronal; the "
            f"thoracolumbar and upper lumbar joints are the most sagittal ({_each_study('T12-L1')}).",
            citations.joined(
                *(anatomy.facet_angle_sources(j) for j in (neck, upper_lumbar, bottom, "T12-L1"))
            ),
        ),
    ]


def _nerve_questions() -> list[Question]:
    """The nerves of L4-5, of L5-S1 and of C2-3 (the two exceptions)."""
    l45 = innervation.nerves_to_block("L4-5")
    l5s1 = innervation.nerves_to_block("L5-S1")
    c23 = innervation.nerves_to_block("C2-3")
    wrong_pairs = (
        "L4 medial branch + L5 medial branch",
        "L3 medial branch + L4 medial branch",
        "L5 medial branch + S1 lateral branch",
    )
    return [
        Question(
            "Which nerves must be blocked to anaesthetise the L4-5 facet joint?",
            ("L4 medial branch + L5 medial branch", " + ".join(l45.nerves), "L4 and L5 dorsal root ganglia"),
            1,
            f"{l45.rule[:1].upper()}{l45.rule[1:]}. So L4-5 takes {' and '.join(l45.nerves)}.",
            l45.source_id,
        ),
        Question(
            "For the L5-S1 joint, which pair is blocked?",
            (wrong_pairs[0], " + ".join(l5s1.nerves), wrong_pairs[2]),
            1,
            f"{l5s1.rule[:1].upper()}{l5s1.rule[1:]}.",
            l5s1.source_id,
        ),
        Question(
            "Which nerve carries pain from the C2-3 joint?",
            ("C2 and C3 medial branches", c23.nerves[0], "greater occipital nerve"),
            1,
            f"{c23.rule}.",
            c23.source_id,
        ),
    ]


def _lumbar_turn_and_si_questions() -> list[Question]:
    """Upper against lower lumbar orientation; the sacroiliac joint is not a facet joint."""
    low_joint, high_joint = "L1-2", "L4-5"
    sacroiliac = innervation.non_facet_entry("sacroiliac")
    assert sacroiliac is not None
    return [
        Question(
            f"On average, how does the {low_joint} joint compare with {high_joint} in the axial plane?",
            (
                f"{low_joint} is closer to sagittal ({_fmt(low_joint)} vs {_fmt(high_joint)} degrees "
                "from the mid-sagittal plane)",
                f"{low_joint} is closer to coronal ({_fmt(high_joint)} vs {_fmt(low_joint)} degrees)",
                "They are the same",
            ),
            0,
            "Degrees from the mid-sagittal plane, each study as reported (a band covers several levels): "
            f"{_each_study(low_joint, high_joint)}; lower lumbar joints turn coronal.",
            citations.joined(*(anatomy.facet_angle_sources(j) for j in (low_joint, high_joint))),
        ),
        Question(
            "A patient has sacroiliac joint pain proven by SI joint blocks. Is a lumbar facet injection "
            "indicated?",
            (
                "Yes, the L5-S1 facet block covers the SI joint",
                "No: a different joint with a different nerve supply",
                "Yes, if the pain is on the same side",
            ),
            1,
            _sentence(sacroiliac.nerve_supply),
            sacroiliac.source_id,
        ),
    ]


def _volume_and_prevalence_questions() -> list[Question]:
    """Too much volume for a lumbar joint; how few single-block responders a second block confirms."""
    lumbar_low, lumbar_high, lumbar_src = anatomy.capsule_capacity_ml("lumbar")
    lumbar_limit = safety.injectate_limit("lumbar", "intra_articular")
    assert lumbar_limit is not None
    planned = lumbar_high + 1
    verdict = max(
        (r.level for r in safety.check_volumes("lumbar", "intra_articular", planned)),
        key=safety.VERDICTS.index,
    )
    unsafe_ml, _ = safety.unsafe_from_ml("lumbar", "intra_articular")
    factor, _, factor_src = safety.gross_joint_volume_factor()
    prev = prevalence_rows()
    single = prev[(prev["quantity"] == "single_block_positive") & (prev["region"] == "lumbar")].iloc[0]
    confirmed = prev[(prev["quantity"] == "prevalence") & (prev["source_id"] == single["source_id"])].iloc[0]
    return [
        Question(
            f"You plan {planned:g} mL into one lumbar facet joint. What happens?",
            (
                "It stays in the joint",
                "Some of it leaks out: the capsule may rupture",
                "It is absorbed within minutes",
            ),
            1,
            f"A lumbar joint holds {lumbar_low:g}-{lumbar_high:g} mL; more cannot all stay in it (the "
            "capsule may rupture), and the "
            f"block no longer tests one joint. The lumbar guideline's limit is {lumbar_limit.text()} per "
            "joint; the checker's caution starts lower, at the textbook's usual capacity (the course's "
            "stricter choice, not the guideline's limit); the course counts the contrast given into the "
            "joint toward it (its stricter reading: the capsule holds contrast as it holds anaesthetic). "
            "The rule set calls "
            f"{planned:g} mL {verdict}: a loss of the block's specificity, not a measured harm; it says "
            f"unsafe only above {unsafe_ml:g} mL ({factor:g} times the largest capacity), the course's "
            "teaching threshold, not from a source.",
            citations.joined(lumbar_src, lumbar_limit.source_id, factor_src),
        ),
        Question(
            f"In one study, {single['value_pct']:.0f}% of all patients responded to a single screening "
            "block. What share of ALL the patients did a second, confirmatory block confirm?",
            (f"{single['value_pct']:.0f}%", f"{confirmed['value_pct']:.0f}%", "100%"),
            1,
            f"Only {confirmed['value_pct']:.0f}% of all patients were confirmed, about one in "
            f"{single['value_pct'] / confirmed['value_pct']:.0f} of those who had responded to the screening "
            "block: single uncontrolled blocks overestimate facet pain.",
            single["source_id"],
        ),
    ]


def self_check_questions() -> list[Question]:
    """Nine questions, every number formatted from data/ through the models."""
    return (
        _orientation_questions()
        + _nerve_questions()
        + _lumbar_turn_and_si_questions()
        + _volume_and_prevalence_questions()
    )
