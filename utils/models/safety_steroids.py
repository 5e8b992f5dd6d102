"""Steroid doses beside the label: label strengths (mg/mL), the label's small-joint dose and session total,
the label's site limit, and the steroid and diagnostic-purpose reasons of a procedure.

Rule 4 (a steroid in a diagnostic block) and rule 5 of the rule set (see :mod:`facet_course.safety`). Doses
in mg, strengths in mg/mL as labelled; read through :mod:`facet_course.models.pharmacology`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import pandas as pd

from ..core import data
from . import pharmacology as ph
from .safety_rules import (
    Reason,
    mg_text,
    rule_text,
    steroid_carried_gross_factor,
    steroid_gross_session_factor,
)


@dataclass(frozen=True)
class SteroidDose:
    """The steroid of a procedure: mg per site and per session, against the label's figures."""

    drug: str
    mg_per_site: float
    mg_per_session: float
    label_max_per_joint_mg: float | None
    label_max_per_session_mg: float | None
    source_id: str


@functools.cache
def _steroids() -> tuple[str, ...]:
    return tuple(ph.corticosteroids())


@functools.cache
def steroid_strengths_mg_per_ml(drug: str) -> tuple[float, ...]:
    """Label strengths (mg/mL) of a corticosteroid for joint injection."""
    text = ph.corticosteroid_info(drug)["label_strengths_mg_per_ml"]
    return tuple(float(s) for s in str(text).split(";") if s.strip())


def _labelled_session_rows(drug: str) -> pd.DataFrame:
    rows = ph.steroid_doses(drug)
    return rows[(rows["context"] == "label") & (rows["scope"] == "per session")]


@functools.cache
def steroid_label_limits(drug: str) -> tuple[float | None, float | None, str]:
    """(largest label dose for a small joint, session ceiling, sources), mg.

    A facet joint is a small joint (it holds 0.5-2 mL: ``facet_capsule_volume``), so the label's small-joint
    figures are the comparison, not the knee's. The session ceiling is the label's total for several joints,
    or where the label gives none, the one labelled total carried over by systemic glucocorticoid equivalence
    (``corticosteroids.systemic_equivalent_mg``; rule ``steroid_session_by_systemic_equivalence``;
    :func:`steroid_session_labelled` says which). None where no figure exists.
    """
    rows = ph.steroid_doses(drug)
    labels = rows[rows["context"] == "label"]
    small = labels[(labels["scope"] == "per joint") & labels["joint"].str.startswith("small joint")]
    joint_max = float(small["dose_mg_high"].max()) if not small.empty else None
    own = _labelled_session_rows(drug)
    if not own.empty:
        session_max: float | None = float(own["dose_mg_high"].max())
        session_sources = list(own["source_id"])
    else:
        labelled = [d for d in ph.corticosteroids() if not _labelled_session_rows(d).empty]
        carried = []
        for other in labelled:
            total = float(_labelled_session_rows(other)["dose_mg_high"].max())
            ratio = float(ph.corticosteroid_info(drug)["systemic_equivalent_mg"]) / float(
                ph.corticosteroid_info(other)["systemic_equivalent_mg"]
            )
            carried.append(total * ratio)
        session_max = min(carried) if carried else None
        session_sources = [rule_text("steroid_session_by_systemic_equivalence")[1]] if carried else []
    sources = ";".join(dict.fromkeys(";".join([*small["source_id"], *session_sources]).split(";")))
    return joint_max, session_max, sources


@functools.cache
def steroid_largest_joint_dose(drug: str) -> tuple[float | None, str]:
    """(the largest dose the label gives for one injection into any joint, in mg (a large joint, the knee),
    its sources), or None where the label gives none."""
    rows = ph.steroid_doses(drug)
    joints = rows[(rows["context"] == "label") & (rows["scope"] == "per joint")]
    if joints.empty:
        return None, ""
    top = joints[joints["dose_mg_high"] == joints["dose_mg_high"].max()]
    return float(top["dose_mg_high"].iloc[0]), ";".join(dict.fromkeys(top["source_id"]))


@functools.cache
def steroid_session_carried_from(drug: str) -> tuple[str, str] | None:
    """(drug, product) of the labelled total for several joints that ``drug``'s session ceiling is carried
    over from by systemic equivalence (the smallest carried figure, as :func:`steroid_label_limits` takes);
    None where ``drug``'s own label gives a total or no label gives one."""
    if not _labelled_session_rows(drug).empty:
        return None
    own = float(ph.corticosteroid_info(drug)["systemic_equivalent_mg"])
    carried = [
        (
            float(rows["dose_mg_high"].max())
            * own
            / float(ph.corticosteroid_info(other)["systemic_equivalent_mg"]),
            other,
            str(rows.loc[rows["dose_mg_high"].idxmax(), "product"]),
        )
        for other in ph.corticosteroids()
        if not (rows := _labelled_session_rows(other)).empty
    ]
    if not carried:
        return None
    _total, other, product = min(carried)
    return other, product


@functools.cache
def steroid_session_labelled(drug: str) -> bool:
    """Whether the label itself gives a total for several joints (else the ceiling is carried over from the
    labelled total by systemic equivalence, the course's rule)."""
    return not _labelled_session_rows(drug).empty


@functools.cache
def steroid_label_sites(drug: str) -> tuple[int | None, str, str]:
    """(largest number of sites the label allows in one session or None, the label's note, its sources)."""
    info = ph.corticosteroid_info(drug)
    sites = info["label_max_sites"]
    present = sites is not None and not (isinstance(sites, float) and math.isnan(sites))
    return (int(sites) if present else None), str(info["label_note"]), str(info["source_id"])


@functools.cache
def ceiling_governs(drug: str) -> bool:
    """Whether ``drug``'s session ceiling is its governing maximum for a session: its label's own total, or
    one carried over by systemic equivalence to a steroid whose adrenal effect was found as large as the
    depot's (``corticosteroids.adrenal_effect_as_depot``). Else (betamethasone, dexamethasone: a carried
    ceiling that overstates their adrenal effect) the ceiling is a caution line (review s15 of 04, F3)."""
    return steroid_session_labelled(drug) or bool(ph.corticosteroid_info(drug)["adrenal_effect_as_depot"])


def _session_rule(drug: str) -> tuple[float, str, str]:
    """(factor, reason, sources) of the rule that sets ``drug``'s unsafe session line."""
    return steroid_gross_session_factor() if ceiling_governs(drug) else steroid_carried_gross_factor()


def session_factor(drug: str) -> float:
    """The multiple of ``drug``'s session ceiling above which its total is unsafe: the rule set's
    ``steroid_gross_session_factor`` (1) where the ceiling governs (:func:`ceiling_governs`), else
    ``steroid_carried_gross_factor``."""
    return _session_rule(drug)[0]


def session_ceiling_verdict(drug: str) -> str:
    """The verdict for ``drug``'s session total just above its ceiling: ``unsafe`` where the ceiling is the
    governing maximum (factor 1: a label's own total), else ``caution`` up to :func:`session_factor` times
    it."""
    return "unsafe" if session_factor(drug) <= 1 else "caution"


def _sources(*groups: str) -> str:
    return ";".join(dict.fromkeys(s for group in groups for s in group.split(";") if s))


def _dose_reason(steroid: SteroidDose, target: str) -> Reason:
    """The steroid's mg per site and per session against the label's small-joint dose and the session
    ceiling: fine; caution above the small-joint dose; unsafe above the session ceiling (times the rule set's
    ``steroid_gross_session_factor``, 1: the ceiling is the governing maximum for a session) or above the
    label's dose for one injection into any joint at one site."""
    per_joint, per_session = steroid.label_max_per_joint_mg, steroid.label_max_per_session_mg
    labelled = steroid_session_labelled(steroid.drug)
    derived, derived_sources = rule_text("steroid_session_by_systemic_equivalence")
    ceiling = (
        f"the label's total of {per_session:g} mg for several joints"
        if labelled
        else f"the session ceiling of {per_session:.3g} mg ({derived})"
    )
    over = []
    if per_joint is None:
        over.append("no label dose for a joint was extracted, so the dose cannot be checked")
    elif steroid.mg_per_site > per_joint + 1e-9:
        over.append(
            f"above the label's {per_joint:g} mg for a small joint (a facet joint holds about as much as one)"
        )
    if per_session is not None and steroid.mg_per_session > per_session + 1e-9:
        over.append(f"above {ceiling}")
    joint = (
        f"label: up to {per_joint:g} mg for a small joint"
        if per_joint is not None
        else "no label dose for a small joint was extracted"
    )
    session = (
        ""
        if per_session is None
        else f", {per_session:g} mg in all for several joints"
        if labelled
        else f", no total for several joints: {per_session:.3g} mg in all by systemic equivalence"
    )
    covers = (
        "no label gives a dose beside a nerve: the small-joint figure is the nearest"
        if target == "medial_branch"
        else "labels do not cover facet joints"
    )
    spine, spine_sources = rule_text("steroid_not_approved_for_spine")
    text = (
        f"{steroid.drug} {mg_text(steroid.mg_per_site)} mg per site, "
        f"{mg_text(steroid.mg_per_session)} mg in the session ({joint}{session}; {covers})"
    )
    off_label = f". Off-label in the spine: {spine}"
    sources = _sources(steroid.source_id, spine_sources)
    largest, largest_sources = steroid_largest_joint_dose(steroid.drug)
    if largest is not None and steroid.mg_per_site > largest + 1e-9:
        return Reason(
            "unsafe",
            "steroid",
            f"{text}: more at one site than the label gives for one injection into any joint "
            f"({largest:g} mg, a large joint such as the knee){off_label}",
            _sources(sources, largest_sources),
        )
    governs = ceiling_governs(steroid.drug)
    factor, why, why_sources = _session_rule(steroid.drug)
    if per_session is not None and steroid.mg_per_session > factor * per_session + 1e-9:
        governing = "the governing maximum for a session" if governs else "beyond any labelled total"
        return Reason(
            "unsafe",
            "steroid",
            f"{text}: the session total is above {ceiling}{'' if factor == 1 else f' times {factor:g}'}, "
            f"{governing}: {why}{off_label}",
            _sources(sources, why_sources, "" if labelled else derived_sources),
        )
    if per_session is not None and steroid.mg_per_session > per_session + 1e-9:
        carried_from = steroid_session_carried_from(steroid.drug)
        origin = f" from {carried_from[0]}'s labelled total" if carried_from else ""
        items = [o for o in over if not o.startswith("above the session ceiling")]
        items.append(
            f"above the session ceiling of {per_session:.3g} mg, carried over{origin} by systemic "
            f"equivalence (caution, not unsafe, up to {factor:g} times it: {why})"
        )
        return Reason(
            "caution",
            "steroid",
            f"{text}: {' and '.join(items)}; more steroid means more systemic effect (glucose, adrenal "
            f"axis){off_label}",
            _sources(sources, why_sources, "" if labelled else derived_sources),
        )
    if over:
        return Reason(
            "caution",
            "steroid",
            f"{text}: {' and '.join(over)}; more steroid means more systemic effect (glucose, adrenal axis)"
            f"{off_label}",
            sources,
        )
    return Reason("fine", "steroid", f"{text}{off_label}", sources)


def _steroid_reasons(
    steroid: SteroidDose | None,
    purpose: str,
    n_sites: int,
    target: str = "intra_articular",
    region: str = "lumbar",
) -> list[Reason]:
    reasons: list[Reason] = []
    if steroid is None:
        return reasons
    if purpose == "diagnostic":
        statement, sources = rule_text("no_steroid_in_diagnostic_block")
        reasons.append(
            Reason(
                "caution",
                "diagnostic",
                f"a steroid ({steroid.drug}) has no place in a diagnostic block: {statement}",
                sources,
            )
        )
    reasons.append(_dose_reason(steroid, target))
    if region == "cervical" and bool(ph.corticosteroid_info(steroid.drug)["particulate"]):
        why, sources = rule_text("particulate_steroid_in_neck")
        reasons.append(Reason("caution", "steroid", f"{steroid.drug} is particulate: {why}", sources))
    max_sites, note, note_sources = steroid_label_sites(steroid.drug)
    if max_sites is not None and target == "intra_articular":  # the label's note is about joint injection
        over = n_sites > max_sites
        reasons.append(
            Reason(
                "caution",
                "steroid",
                f"{steroid.drug}: used against an explicit statement of its label ({note})"
                + (f"; {n_sites} sites is more than its {max_sites}" if over else ""),
                note_sources,
            )
        )
    return reasons


def mixture_table() -> pd.DataFrame:
    """``data/steroid_anaesthetic_mixtures.csv``: steroid and local anaesthetic pairs a source warns against
    mixing (laboratory crystals, or a label that says not to mix), with the finding and its sources."""
    return data.load_table("steroid_anaesthetic_mixtures")


def mixture_reasons(steroid: str, anaesthetics: list[str]) -> list[Reason]:
    """Caution for each local anaesthetic given at the same site as ``steroid`` that a source warns against
    mixing with it (the rule set assumes the drugs at one site share a syringe)."""
    table = mixture_table()
    reasons = []
    for drug in dict.fromkeys(anaesthetics):
        rows = table[(table["steroid"] == steroid) & table["local_anaesthetic"].isin([drug, "any"])]
        for _, row in rows.iterrows():
            reasons.append(
                Reason(
                    "caution",
                    "steroid",
                    f"{steroid} with {drug} at the same site, if mixed in one syringe: {row['finding']}; "
                    "give them separately or choose a pair no source warns about",
                    str(row["source_id"]),
                )
            )
    return reasons
