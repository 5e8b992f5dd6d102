"""The whole procedure: parse what each site and the skin receive, add up the doses, and gather every
reason (systemic, volume, steroid, diagnostic) into one verdict (:func:`check_procedure`).

Weight in kg, volumes in mL, doses in mg, local anaesthetic strength in percent w/v, steroid strength in
mg/mL as labelled. Impossible input raises ValueError naming what is allowed; an unsafe procedure is a
verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from . import pharmacology as ph
from .safety_doses import (
    DrugDose,
    _anaesthetic_info,
    _anaesthetics,
    _systemic_reasons,
    check_percent,
    dose_limits,
    dose_range,
    percent_of_max,
)
from .safety_rules import (
    MAX_ITEM_ML,
    MAX_SITES,
    PURPOSES,
    Reason,
    _choice,
    _number,
    _site_word,
    _worst,
    check_region_target,
    check_weight,
    mg_text,
    rule_text,
    scope,
    target_label,
)
from .safety_steroids import (
    SteroidDose,
    _steroid_reasons,
    _steroids,
    mixture_reasons,
    steroid_label_limits,
    steroid_label_sites,
    steroid_strengths_mg_per_ml,
)
from .safety_volumes import check_volumes

#: The keys a drug item may have.
_ITEM_KEYS = {"drug", "ml", "percent", "mg_per_ml", "adrenaline"}


@dataclass(frozen=True)
class ProcedureCheck:
    """Everything the rule set worked out for one procedure, with the verdict and every reason."""

    weight_kg: float
    region: str
    target: str
    purpose: str
    n_sites: int
    sedation: bool
    doses: tuple[DrugDose, ...]
    steroid: SteroidDose | None
    injectate_ml_per_site: float
    contrast_ml_per_site: float
    verdict: str
    reasons: tuple[Reason, ...]
    scope: str = field(default_factory=lambda: scope()[0])

    @property
    def fractions_of_governing_max(self) -> dict[str, float]:
        """Each local anaesthetic's total as a fraction of its governing maximum, by drug label."""
        return {d.label: d.fraction_of_governing for d in self.doses}

    @property
    def total_fraction_of_governing_max(self) -> float:
        """The sum over local anaesthetics (additive convention)."""
        return sum(d.fraction_of_governing for d in self.doses)

    @property
    def total_ml_per_site(self) -> float:
        """Injectate plus contrast at one site (mL)."""
        return self.injectate_ml_per_site + self.contrast_ml_per_site

    def reasons_in(self, category: str) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.category == category)

    def level_of(self, category: str) -> str:
        """The worst level among the reasons of one category ('fine' if it has none)."""
        return _worst(r.level for r in self.reasons_in(category))

    def summary(self) -> str:
        """Plain text: the procedure, each drug's share, volumes, verdict, every reason, the scope."""
        lines = [
            f"{self.purpose} {target_label(self.target)} block, {self.region}, {self.n_sites} "
            f"{_site_word(self.target)}{'s' if self.n_sites > 1 else ''}, patient {self.weight_kg:g} kg"
            + (", with sedation" if self.sedation else ""),
        ]
        for d in self.doses:
            share = percent_of_max(d.fraction_of_governing)
            maximum = f"{d.governing.limit_mg:.4g} mg"
            lines.append(f"  {d.label}: {d.total_mg:.4g} mg = {share}% of its governing maximum {maximum}")
        if len(self.doses) > 1:
            together = percent_of_max(self.total_fraction_of_governing_max)
            lines.append(f"  local anaesthetics together: {together}% (additive)")
        lines.append(
            f"  per {_site_word(self.target)}: {self.injectate_ml_per_site:.3g} mL injectate"
            f" + {self.contrast_ml_per_site:.3g} mL contrast"
        )
        if self.steroid is not None:
            lines.append(
                f"  {self.steroid.drug}: {mg_text(self.steroid.mg_per_site)} mg per site, "
                f"{mg_text(self.steroid.mg_per_session)} mg in the session"
            )
        lines.append(f"verdict: {self.verdict.upper()}")
        lines += [f"  [{r.level}, {r.category}] {r.text} ({r.citation()})" for r in self.reasons]
        lines.append(f"  Scope: {self.scope}")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Item:
    drug: str
    ml: float
    mg: float
    kind: str  # 'local anaesthetic' | 'steroid'
    adrenaline: bool


def _parse_item(item: object, where: str, steroid_allowed: bool) -> _Item:
    if not isinstance(item, Mapping):
        raise ValueError(
            f"{where}: each item must be a dict like {{'drug': 'bupivacaine', 'percent': 0.5, 'ml': 0.5}}; "
            f"got {item!r}"
        )
    unknown = set(item) - _ITEM_KEYS
    if unknown:
        raise ValueError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {', '.join(sorted(_ITEM_KEYS))}"
        )
    drug = item.get("drug")
    anaesthetics, steroids = _anaesthetics(), _steroids()
    if drug not in anaesthetics and drug not in steroids:
        raise ValueError(
            f"{where}: unknown drug {drug!r}; local anaesthetics: {', '.join(anaesthetics)}; "
            f"corticosteroids: {', '.join(steroids)}"
        )
    ml = _number(item.get("ml"), f"{where}: ml of {drug}", "mL")
    if not 0 < ml <= MAX_ITEM_ML:
        raise ValueError(f"{where}: ml={ml:g} of {drug} must be above 0 and at most {MAX_ITEM_ML:g} mL")
    adrenaline = item.get("adrenaline", False)
    if not isinstance(adrenaline, bool):
        raise ValueError(f"{where}: adrenaline must be True or False; got {adrenaline!r}")
    if drug in anaesthetics:
        if "mg_per_ml" in item:
            raise ValueError(f"{where}: give a local anaesthetic's strength as 'percent' (1% = 10 mg/mL)")
        if "percent" not in item:
            raise ValueError(f"{where}: {drug} needs its strength as 'percent' (w/v, 1% = 10 mg/mL)")
        percent = check_percent(drug, item["percent"])
        if adrenaline and not _anaesthetic_info(drug)["adrenaline_marketed"]:
            raise ValueError(f"{where}: {drug} is not marketed with adrenaline")
        return _Item(drug, ml, ph.percent_to_mg_per_ml(percent) * ml, "local anaesthetic", adrenaline)
    if not steroid_allowed:
        raise ValueError(f"{where}: only local anaesthetic belongs here, not {drug}")
    if adrenaline:
        raise ValueError(f"{where}: adrenaline applies to local anaesthetics, not to {drug}")
    if "percent" in item:
        raise ValueError(f"{where}: give a steroid's strength as 'mg_per_ml' as labelled, not 'percent'")
    strengths = steroid_strengths_mg_per_ml(drug)
    mg_per_ml = _number(item.get("mg_per_ml"), f"{where}: mg_per_ml of {drug}", "mg/mL")
    if not any(math.isclose(mg_per_ml, s) for s in strengths):
        raise ValueError(
            f"{where}: {drug} is labelled {', '.join(f'{s:g}' for s in strengths)} mg/mL for joint "
            f"injection; got {mg_per_ml:g} mg/mL, a strength the rule set has no joint-injection label for "
            "(some strengths are labelled for intravenous or intramuscular use only): check the vial's label "
            "and enter a strength labelled for joint injection"
        )
    return _Item(drug, ml, mg_per_ml * ml, "steroid", False)


def _items(value: object, where: str, steroid_allowed: bool) -> list[_Item]:
    if value is None:
        return []
    if isinstance(value, Mapping) or not isinstance(value, Sequence) or isinstance(value, str):
        raise ValueError(f"{where} must be a list of drug items (dicts); got {value!r}")
    return [_parse_item(item, f"{where}[{i}]", steroid_allowed) for i, item in enumerate(value)]


def _steroid_dose(site_items: list[_Item], n_sites: int) -> SteroidDose | None:
    """The procedure's one steroid (mg per site and per session, with its label limits), or None."""
    items = [i for i in site_items if i.kind == "steroid"]
    if not items:
        return None
    drug = items[0].drug
    mg_site = sum(i.mg for i in items)
    joint_max, session_max, sources = steroid_label_limits(drug)
    sources = sources or steroid_label_sites(drug)[2]  # no label dose extracted: cite the label itself
    return SteroidDose(drug, mg_site, mg_site * n_sites, joint_max, session_max, sources)


def check_procedure(
    *,
    weight_kg: float,
    region: str,
    target: str,
    purpose: str,
    n_sites: int,
    per_site: Sequence[Mapping[str, object]],
    skin: Sequence[Mapping[str, object]] | None = None,
    contrast_ml_per_site: float = 0.0,
    sedation: bool = False,
) -> ProcedureCheck:
    """Check a whole facet procedure against the one rule set.

    ``weight_kg`` adult weight in kg; ``region`` cervical | thoracic | lumbar; ``target`` medial_branch |
    intra_articular; ``purpose`` diagnostic | therapeutic; ``n_sites`` nerves (medial branch) or joints
    (intra-articular); ``per_site`` what each site receives, items like
    ``{"drug": "bupivacaine", "percent": 0.5, "ml": 0.5}`` (``"adrenaline": True`` = 1:200,000) or
    ``{"drug": "triamcinolone acetonide", "mg_per_ml": 40, "ml": 0.5}``; ``skin`` local anaesthetic for
    the whole procedure's skin infiltration; ``contrast_ml_per_site`` in mL; ``sedation`` True or False.

    Returns the verdict fine | caution | unsafe with every reason (level, category, text, sources).
    Raises ValueError with what is allowed for impossible input, never for a merely unsafe procedure.
    """
    weight = check_weight(weight_kg)
    region, target = check_region_target(region, target)
    purpose = _choice(purpose, "purpose", PURPOSES)
    if isinstance(n_sites, bool) or not isinstance(n_sites, int):
        raise ValueError(f"n_sites must be a whole number of nerves or joints; got {n_sites!r}")
    if not 1 <= n_sites <= MAX_SITES:
        raise ValueError(f"n_sites={n_sites} must be from 1 to {MAX_SITES} nerves or joints in one session")
    if not isinstance(sedation, bool):
        raise ValueError(f"sedation must be True or False; got {sedation!r}")
    site_items = _items(per_site, "per_site", steroid_allowed=True)
    if not site_items:
        raise ValueError("per_site must list at least one drug that each site receives")
    skin_items = _items(skin, "skin", steroid_allowed=False)
    steroids = {i.drug for i in site_items if i.kind == "steroid"}
    if len(steroids) > 1:
        raise ValueError(
            f"one steroid per procedure; got {', '.join(sorted(steroids))} (doses do not convert between "
            "steroids)"
        )
    contrast = _number(contrast_ml_per_site, "contrast_ml_per_site", "mL")
    injectate = sum(i.ml for i in site_items)
    if injectate > MAX_ITEM_ML:
        raise ValueError(f"per_site adds up to {injectate:g} mL; at most {MAX_ITEM_ML:g} mL per site")

    totals: dict[tuple[str, bool], float] = {}
    for item in site_items:
        if item.kind == "local anaesthetic":
            key = (item.drug, item.adrenaline)
            totals[key] = totals.get(key, 0.0) + item.mg * n_sites
    for item in skin_items:
        key = (item.drug, item.adrenaline)
        totals[key] = totals.get(key, 0.0) + item.mg
    doses = []
    for (drug, adrenaline), total_mg in totals.items():
        strictest, governing = dose_range(drug, weight, adrenaline)
        others = tuple(dose_limits(drug, weight, adrenaline))
        doses.append(DrugDose(drug, adrenaline, total_mg, governing, strictest, others))

    steroid = _steroid_dose(site_items, n_sites)

    reasons = _systemic_reasons(doses)
    reasons += check_volumes(region, target, injectate, contrast)
    reasons += _steroid_reasons(steroid, purpose, n_sites, target, region)
    if steroid is not None:
        reasons += mixture_reasons(
            steroid.drug, [i.drug for i in site_items if i.kind == "local anaesthetic"]
        )
    if sedation and purpose == "diagnostic":
        reasons.append(
            Reason(
                "caution",
                "diagnostic",
                "sedation in a diagnostic block: " + rule_text("no_routine_sedation_in_diagnostic_block")[0],
                rule_text("no_routine_sedation_in_diagnostic_block")[1],
            )
        )
    verdict = _worst(r.level for r in reasons)
    return ProcedureCheck(
        weight_kg=weight,
        region=region,
        target=target,
        purpose=purpose,
        n_sites=n_sites,
        sedation=sedation,
        doses=tuple(doses),
        steroid=steroid,
        injectate_ml_per_site=injectate,
        contrast_ml_per_site=contrast,
        verdict=verdict,
        reasons=tuple(reasons),
    )
