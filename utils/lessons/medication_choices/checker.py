"""04, section 3: the dose and volume checker: one procedure as the notebook describes it, the worked
examples (printed, so nbval compares every number and verdict), and the tables of largest volumes and
volume limits. Every verdict comes from the one rule set, :mod:`facet_course.safety`.
"""

from __future__ import annotations

import math

import pandas as pd

from ...core import citations
from ...core.text import say
from ...models import anatomy, safety
from ...models import pharmacology as ph

_DEX = ph.corticosteroid_info("dexamethasone")
_DEX_STRENGTH = float(_DEX["strength_mg_per_ml"])
#: The dexamethasone menu item: the label's phosphate strength and the same solution as dexamethasone base.
_DEX_BASE = float(_DEX["base_mg_per_ml"])
_DEX_LABEL = f"dexamethasone {_DEX_STRENGTH:g} mg/mL phosphate (= {_DEX_BASE:g} mg/mL base)"

#: Drug items offered by the checker explorer (strengths as labelled).
CHECKER_STEROIDS: dict[str, dict[str, object] | None] = {
    "none": None,
    "triamcinolone 40 mg/mL": {"drug": "triamcinolone acetonide", "mg_per_ml": 40.0},
    "methylprednisolone 40 mg/mL": {"drug": "methylprednisolone acetate", "mg_per_ml": 40.0},
    # the base strength beside the phosphate one (review s13 m6): non-US vials are labelled as base
    _DEX_LABEL: {"drug": "dexamethasone", "mg_per_ml": _DEX_STRENGTH},
    "betamethasone 6 mg/mL": {"drug": "betamethasone", "mg_per_ml": 6.0},
}


def procedure_check(
    weight_kg: float,
    region: str,
    target: str,
    purpose: str,
    sites: int,
    drug: str,
    percent: float,
    la_ml: float,
    steroid: str = "none",
    steroid_ml: float = 0.0,
    skin_lidocaine_ml: float = 0.0,
    contrast_ml: float = 0.0,
    sedation: bool = False,
) -> safety.ProcedureCheck:
    """One procedure as the checker explorer describes it, checked by the rule set.

    ``weight_kg`` in kg, ``sites`` nerves or joints, ``percent`` the anaesthetic's strength (% w/v), ``la_ml``
    and ``steroid_ml`` per site and ``skin_lidocaine_ml`` (1% lidocaine) for the whole procedure, in mL;
    ``contrast_ml`` per site in mL; ``steroid`` one of :data:`CHECKER_STEROIDS`.
    """
    per_site: list[dict[str, object]] = [{"drug": drug, "percent": percent, "ml": la_ml}]
    item = CHECKER_STEROIDS.get(steroid, {})
    if item is None or steroid_ml <= 0:
        pass
    elif item:
        per_site.append({**item, "ml": steroid_ml})
    else:
        raise ValueError(f"steroid must be one of {', '.join(CHECKER_STEROIDS)}; got {steroid!r}")
    skin = [{"drug": "lidocaine", "percent": 1.0, "ml": skin_lidocaine_ml}] if skin_lidocaine_ml > 0 else None
    return safety.check_procedure(
        weight_kg=weight_kg,
        region=region,
        target=target,
        purpose=purpose,
        n_sites=int(sites),
        per_site=per_site,
        skin=skin,
        contrast_ml_per_site=contrast_ml,
        sedation=sedation,
    )


#: The checker widget's weight slider (kg): (first, last, step); the rule set accepts a wider adult range.
WEIGHT_SLIDER_KG: tuple[int, int, int] = (40, 120, 5)

#: The worked examples: (heading, procedure arguments). Each is printed in an ordinary cell (nbval).
WORKED_EXAMPLES: tuple[tuple[str, dict[str, object]], ...] = (
    (
        "A typical diagnostic lumbar medial branch block session, with skin infiltration and contrast",
        dict(
            weight_kg=70,
            region="lumbar",
            target="medial_branch",
            purpose="diagnostic",
            sites=6,
            drug="bupivacaine",
            percent=0.5,
            la_ml=0.5,
            skin_lidocaine_ml=5.0,
            contrast_ml=0.2,
        ),
    ),
    (
        "Why mg/kg matters: the same ten lumbar medial branch nerves, 0.75% bupivacaine and generous skin "
        "lidocaine in an 80 kg and in a 45 kg patient",
        dict(
            weight_kg=80,
            region="lumbar",
            target="medial_branch",
            purpose="therapeutic",
            sites=10,
            drug="bupivacaine",
            percent=0.75,
            la_ml=0.5,
            skin_lidocaine_ml=12.0,
            contrast_ml=0.2,
        ),
    ),
    (
        "",
        dict(
            weight_kg=45,
            region="lumbar",
            target="medial_branch",
            purpose="therapeutic",
            sites=10,
            drug="bupivacaine",
            percent=0.75,
            la_ml=0.5,
            skin_lidocaine_ml=12.0,
            contrast_ml=0.2,
        ),
    ),
    (
        "Cervical intra-articular injections of 1 mL per joint",
        dict(
            weight_kg=60,
            region="cervical",
            target="intra_articular",
            purpose="diagnostic",
            sites=2,
            drug="lidocaine",
            percent=1.0,
            la_ml=1.0,
        ),
    ),
    (
        "A steroid and sedation in a diagnostic block",
        dict(
            weight_kg=70,
            region="lumbar",
            target="medial_branch",
            purpose="diagnostic",
            sites=4,
            drug="bupivacaine",
            percent=0.5,
            la_ml=0.3,
            steroid="triamcinolone 40 mg/mL",
            steroid_ml=0.2,
            sedation=True,
        ),
    ),
)


def example_checks() -> list[safety.ProcedureCheck]:
    """The worked examples, checked by the rule set."""
    return [procedure_check(**args) for _, args in WORKED_EXAMPLES]  # type: ignore[arg-type]


def print_example(index: int) -> None:
    """Print one worked example (nbval compares the numbers and verdicts strictly); the scope once, at 0."""
    heading, _ = WORKED_EXAMPLES[index]
    check = example_checks()[index]
    text = check.summary()
    if index:
        text = text.rsplit("\n  Scope:", 1)[0]
    say(text)


def _volume_text(limit_mg: float, mg_per_ml: float) -> str:
    """'21.0 mL (105 mg)': the volume (mL, rounded down to 0.1 mL, so the printed volume never holds more
    than the dose) of a solution of ``mg_per_ml`` that holds ``limit_mg``."""
    volume = math.floor(limit_mg / mg_per_ml * 10 + 1e-9) / 10
    return f"{volume:.1f} mL ({limit_mg:.4g} mg)"


def max_volume_table(weight_kg: float = 70.0) -> pd.DataFrame:
    """Total volume (mL) of each label strength for one weight, each drug alone (two drugs together add up:
    see the checker): where caution starts (the rule set's margin of the governing maximum, and any lower
    figure from another source) and the governing maximum itself, the most, not a dose to plan (review s16
    of 04, F3). Volumes rounded down to 0.1 mL."""
    margin, _, _ = safety.caution_fraction()
    rows = []
    for drug in ph.local_anaesthetics():
        adrenaline_options = (
            [False, True] if ph.local_anaesthetic_info(drug)["adrenaline_marketed"] else [False]
        )
        for adrenaline in adrenaline_options:
            strictest, governing = safety.dose_range(drug, weight_kg, adrenaline)
            lower = strictest.limit_mg < governing.limit_mg - 1e-9
            for percent in ph.marketed_strengths_percent(drug):
                mg_per_ml = ph.percent_to_mg_per_ml(safety.check_percent(drug, percent))
                not_checked = " (not in the checker)" if adrenaline else ""  # review s17 of 04, F2
                rows.append(
                    {
                        "solution": f"{drug} {percent:g}% {'with' if adrenaline else 'without'} adrenaline"
                        + not_checked,
                        f"caution from ({100 * margin:.0f}% of the governing maximum)": _volume_text(
                            margin * governing.limit_mg, mg_per_ml
                        ),
                        "caution above (a lower figure from another source)": (
                            _volume_text(strictest.limit_mg, mg_per_ml) if lower else "none lower"
                        ),
                        f"the most as a single dose for {weight_kg:g} kg (the governing maximum): not a dose "
                        "to plan": (_volume_text(governing.limit_mg, mg_per_ml)),
                    }
                )
    table = pd.DataFrame(rows)
    lower = "caution above (a lower figure from another source)"
    if (table[lower] == "none lower").all():  # no source is stricter than a governing maximum: no column
        table = table.drop(columns=[lower])
    return table


def _verdict_above(lim: safety.VolumeLimit) -> str:
    """The rule set's verdict above a limit: 'unsafe' where the limit is the line (a joint), else 'caution',
    unsafe only above the course's multiple of the limit, or of the source's larger arm where it has one."""
    above = str(getattr(lim, "above_limit", "caution"))  # the rule set's verdict above this limit
    if lim.counts == "contrast":
        return above
    if lim.target == "intra_articular":  # at a joint the capsule check decides unsafe: ask the rule set
        from_ml, inclusive = safety.unsafe_from_ml(lim.region, lim.target)
        factor, _, _ = safety.gross_joint_volume_factor()
        _, capacity, _ = anatomy.capsule_capacity_ml(lim.region)
        where = (
            f"unsafe {'from' if inclusive else 'above'} {from_ml:g} mL with contrast ({factor:g} x the "
            f"largest reported capsule capacity, {capacity:g} mL: the course's teaching threshold)"
        )
        return f"{above}; {where}" if above != "unsafe" else where
    if above == "unsafe":
        return above
    factor, _, _ = safety.gross_volume_factor()
    base = "the trial's larger arm" if lim.studied_ml is not None else "the limit"
    gross = factor * lim.gross_base_ml
    return (
        f"caution; unsafe above {gross:g} mL ({factor:g} x {base}, {lim.gross_base_ml:g} mL: the course's "
        "teaching threshold)"
    )


#: What each kind of volume limit is, as the volume table names it (a trial's arm is not a guideline's limit).
LIMIT_KINDS = {
    "guideline": "guideline",
    "trial": "a trial's arm, not a guideline limit",
    "textbook": "textbooks",
}


def _limit_text(lim: safety.VolumeLimit) -> str:
    """'≤ 0.25 mL (a trial's arm, not a guideline limit)': the limit and what kind of source sets it."""
    return f"{lim.text()} ({LIMIT_KINDS.get(lim.basis, lim.basis)})"


def _capsule_note(region: str) -> str:
    """The capsule table's note for a region ('a textbook figure; its primary source was not identified')."""
    table = anatomy.capsule_volume_table()
    return str(table.set_index("region").loc[region, "note"])


def volume_limits_table() -> pd.DataFrame:
    """Every sourced volume limit per site, as the rule set applies it, with what kind of source sets it."""
    rows = []
    for region in safety.REGIONS:
        for target in safety.TARGETS:
            limits = safety.volume_limits(region, target)
            if not limits:
                applied, _ = safety.site_injectate_limit(region, target)
                rows.append(
                    {
                        "procedure": f"{region} {safety.target_label(target)}",
                        # at a joint the capsule check adds the contrast given into it
                        "counts": "injectate and contrast" if target == "intra_articular" else "injectate",
                        "limit (set by)": "no source gives one",
                        "verdict above it": _verdict_above(applied),
                        "above the limit": (
                            f"the checker applies {applied.text()}, {applied.basis} "
                            f"({_capsule_note(region)}), for the block's specificity: no source gives "
                            "a volume that harms"
                            if applied.region == region
                            else f"the checker applies the {applied.region} {applied.text()} "
                            f"({applied.basis}), the strictest figure it has: an extrapolation, not "
                            "evidence that more is wrong"
                        ),
                        "source": citations.short(applied.source_id),
                    }
                )
            for lim in limits:
                rows.append(
                    {
                        "procedure": f"{region} {safety.target_label(target)}",
                        "counts": lim.counts.replace("_", " "),
                        "limit (set by)": _limit_text(lim),
                        "verdict above it": _verdict_above(lim),
                        "above the limit": lim.consequence,
                        "source": citations.short(lim.source_id),
                    }
                )
    return pd.DataFrame(rows)


def two_checks_at_the_joint_limit(region: str = "lumbar") -> str:
    """Markdown: the two volume checks the rule set runs at exactly a joint's limit (mL), each with its own
    verdict and what it asks, and the volume per joint (mL, no contrast) from which the rule set reads unsafe,
    all read from the rule set. Raises ValueError if the region has no joint limit."""
    limit = safety.injectate_limit(region, "intra_articular")
    if limit is None:
        raise ValueError(f"no {region} intra-articular volume limit in the rule set; known: lumbar, cervical")
    volume = float(limit.high_ml)
    reasons = [r for r in safety.check_volumes(region, "intra_articular", volume) if r.category == "volume"]
    capsule = next(r for r in reasons if r.text.startswith("the total at the joint"))
    guideline = next(r for r in reasons if r is not capsule and "breaks" in r.text)
    worst = max((guideline.level, capsule.level), key=safety.VERDICTS.index)
    from_ml, inclusive = safety.unsafe_from_ml(region, "intra_articular")
    beyond = [
        r
        for r in safety.check_volumes(region, "intra_articular", from_ml + (0.0 if inclusive else 0.01))
        if r.level == "unsafe"
    ]
    why_unsafe = "; ".join(r.text.split(" mL, ", 1)[-1].split(": ")[0] for r in beyond)
    kind = LIMIT_KINDS.get(limit.basis, limit.basis)
    technique = "; the guideline gives it as block technique" if limit.basis == "guideline" else ""
    sources = citations.short(guideline.source_id, capsule.source_id)
    return (
        f"**Two checks at exactly {volume:g} mL in a {region} joint.** They ask different questions. "
        f"The limit check asks whether the volume stays within the limit ({kind}) of {limit.text()}: "
        f"{volume:g} mL does not, and it reads **{guideline.level}** (a limit for the block's specificity: "
        f"more may leave the joint, so the block no longer tests one joint{technique}). "
        "The capsule check asks whether this joint is likely to hold the total: it reads "
        f"**{capsule.level}** ({capsule.text.split(': ')[0]}). The readout's verdict is the stricter of "
        f"the two: **{worst}**. The rule set reads **unsafe** only {'from' if inclusive else 'above'} "
        f"{from_ml:g} mL per joint, where the total with contrast {why_unsafe} (the course's teaching "
        "threshold, not a source's figure). Neither verdict at "
        f"{volume:g} mL is a measured harm to the patient: both are about the injectate staying in one "
        "joint, and the rule set applies them whatever the block's purpose, diagnostic or therapeutic "
        f"({sources})."
    )
