"""The one safety rule set for every dose and volume in the course (pure: numbers in, verdict out).

Every notebook, figure, widget, self-check and sentence that states or applies a dose or volume limit goes
through this module. The rules, each read from a sourced table in ``data/``:

1. **One governing maximum per local anaesthetic** (plain or with adrenaline 1:200,000): the lower of
   weight x mg/kg and the absolute ceiling, from the label, or where the label gives no mg/kg from the
   reference textbook (``local_anaesthetics_max_doses``, column ``governs``). Above it: **unsafe**.
   **Caution** from the course's stated margin (``safety_rules``: a fraction of the governing maximum) or
   above any other listed source's figure. Other sources widen the range shown; they never make a dose safer.
2. **Local anaesthetics given together add up** (skin infiltration plus block; lidocaine plus bupivacaine):
   the sum of each drug's fraction of its own maximum is compared with 1. This is the conservative convention.
3. **Volumes as the guidelines define them** (``injectate_volume_limits``): local anaesthetic plus steroid per
   nerve (medial branch block) or per joint (intra-articular), each bound with its sign (``<=`` or ``<``);
   contrast against its own range, not added; the total at a joint including contrast against the capsule
   capacity (``facet_capsule_volume``). Above a limit: **caution** (category ``volume``).
4. **Purpose and sedation**: a steroid or sedation in a *diagnostic* block is caution (category
   ``diagnostic``).
5. **Steroid dose** (``corticosteroids_doses``): mg per site and per session beside the label's figures;
   caution above the label's largest single-joint dose or its total for several joints; one steroid per
   procedure; no conversion between steroids.
6. Every verdict covers total dose and volume only (:func:`scope`, from ``safety_rules``).
7. Impossible input raises ValueError naming what is allowed; an unsafe procedure is a verdict, not an error.

Units: weight in kg, volumes in mL, doses in mg, local anaesthetic strength in percent w/v (1% = 10 mg/mL),
steroid strength in mg/mL as labelled.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..core import data
from . import anatomy
from . import pharmacology as ph

VERDICTS: tuple[str, ...] = ("fine", "caution", "unsafe")
CATEGORIES: tuple[str, ...] = ("systemic", "volume", "steroid", "diagnostic")
REGIONS: tuple[str, ...] = ("cervical", "thoracic", "lumbar")
TARGETS: tuple[str, ...] = ("medial_branch", "intra_articular")
PURPOSES: tuple[str, ...] = ("diagnostic", "therapeutic")

#: Input domain, not clinical limits: the maximum-dose tables are for adults.
ADULT_WEIGHT_KG: tuple[float, float] = (30.0, 250.0)
#: Input domain: joints or nerves injected in one session.
MAX_SITES: int = 16
#: Input domain: more than this of one solution at one site, or for the skin, is not a facet procedure.
MAX_ITEM_ML: float = 20.0
#: Input domain: contrast per site.
MAX_CONTRAST_ML: float = 5.0

_ITEM_KEYS = {"drug", "ml", "percent", "mg_per_ml", "adrenaline"}


# -- results ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One finding: level (fine/caution/unsafe), category (systemic/volume/steroid/diagnostic), text."""

    level: str
    category: str
    text: str
    source_id: str

    def citation(self) -> str:
        """The sources as 'A et al., J 2001; B, J 2004'."""
        return data.short_citations(self.source_id)


@dataclass(frozen=True)
class DoseLimit:
    """One maximum single dose for this patient (mg) and what it is."""

    limit_mg: float
    basis: str
    source_id: str


@dataclass(frozen=True)
class GoverningMax:
    """A local anaesthetic's one governing maximum for a patient: min(weight x mg/kg, ceiling), in mg."""

    drug: str
    adrenaline: bool
    weight_kg: float
    mg_per_kg: float | None
    ceiling_mg: float | None
    limit_mg: float
    source_id: str

    def text(self) -> str:
        """'2 mg/kg x 50 kg = 100 mg (ceiling 175 mg)'."""
        parts = []
        if self.mg_per_kg is not None:
            parts.append(
                f"{self.mg_per_kg:g} mg/kg x {self.weight_kg:g} kg = {self.mg_per_kg * self.weight_kg:.4g} mg"
            )
        if self.ceiling_mg is not None:
            parts.append(f"ceiling {self.ceiling_mg:g} mg")
        return (
            f"{self.limit_mg:.4g} mg (lower of " + " and ".join(parts) + ")" if len(parts) > 1 else parts[0]
        )


@dataclass(frozen=True)
class DrugDose:
    """The total of one local anaesthetic (plain or with adrenaline) in a procedure, against its limits."""

    drug: str
    adrenaline: bool
    total_mg: float
    governing: GoverningMax
    strictest: DoseLimit
    other: tuple[DoseLimit, ...]

    @property
    def label(self) -> str:
        return f"{self.drug} with adrenaline" if self.adrenaline else self.drug

    @property
    def fraction_of_governing(self) -> float:
        return self.total_mg / self.governing.limit_mg

    @property
    def fraction_of_strictest(self) -> float:
        return self.total_mg / self.strictest.limit_mg


@dataclass(frozen=True)
class VolumeLimit:
    """One volume limit per site as a source writes it: bound '<=', '<' or 'range' (low..high), in mL."""

    id: str
    region: str
    target: str
    counts: str
    basis: str
    bound: str
    low_ml: float | None
    high_ml: float
    consequence: str
    source_id: str

    def exceeded(self, volume_ml: float) -> bool:
        """True if ``volume_ml`` breaks the limit (for '<' the limit itself is already too much)."""
        if self.bound == "<":
            return volume_ml >= self.high_ml - 1e-9
        return volume_ml > self.high_ml + 1e-9

    def text(self) -> str:
        """'<= 0.5 mL', '< 1.5 mL' or '0.1-0.3 mL'."""
        if self.bound == "range":
            return f"{self.low_ml:g}-{self.high_ml:g} mL"
        return f"{'≤' if self.bound == '<=' else '<'} {self.high_ml:g} mL"


@dataclass(frozen=True)
class SteroidDose:
    """The steroid of a procedure: mg per site and per session, against the label's figures."""

    drug: str
    mg_per_site: float
    mg_per_session: float
    label_max_per_joint_mg: float | None
    label_max_per_session_mg: float | None
    source_id: str


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
            lines.append(
                f"  {d.label}: {d.total_mg:.4g} mg = {100 * d.fraction_of_governing:.0f}% of its governing "
                f"maximum {d.governing.limit_mg:.4g} mg"
            )
        if len(self.doses) > 1:
            lines.append(
                f"  local anaesthetics together: {100 * self.total_fraction_of_governing_max:.0f}% (additive)"
            )
        lines.append(
            f"  per {_site_word(self.target)}: {self.injectate_ml_per_site:.3g} mL injectate"
            f" + {self.contrast_ml_per_site:.3g} mL contrast"
        )
        if self.steroid is not None:
            lines.append(
                f"  {self.steroid.drug}: {self.steroid.mg_per_site:.3g} mg per site, "
                f"{self.steroid.mg_per_session:.3g} mg in the session"
            )
        lines.append(f"verdict: {self.verdict.upper()}")
        lines += [f"  [{r.level}, {r.category}] {r.text} ({r.citation()})" for r in self.reasons]
        lines.append(f"  Scope: {self.scope}")
        return "\n".join(lines)


# -- small helpers ----------------------------------------------------------------------------------------


def _worst(levels: object) -> str:
    return max(levels, key=VERDICTS.index, default="fine")  # type: ignore[arg-type]


def target_label(target: str) -> str:
    """Clinicians' words: 'medial_branch' -> 'medial branch', 'intra_articular' -> 'intra-articular'."""
    return target.replace("intra_articular", "intra-articular").replace("_", " ")


def _site_word(target: str) -> str:
    return "nerve" if target == "medial_branch" else "joint"


def _number(value: object, name: str, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number in {unit}; got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number in {unit}; got {value!r}")
    return number


def _choice(value: object, name: str, allowed: Sequence[str], why: str = "") -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}{why}; got {value!r}")
    return value


def check_weight(weight_kg: object) -> float:
    """Return the weight (kg) if it is an adult weight the tables cover, else raise ValueError."""
    weight = _number(weight_kg, "weight_kg", "kg")
    low, high = ADULT_WEIGHT_KG
    if not low <= weight <= high:
        raise ValueError(
            f"weight_kg={weight:g} is outside {low:g}-{high:g} kg: the maximum-dose tables used here are for "
            "adults (children need paediatric dosing references)"
        )
    return weight


def check_region_target(region: object, target: object) -> tuple[str, str]:
    """Return (region, target) if both name a facet procedure, else raise ValueError."""
    region = _choice(region, "region", REGIONS, " (facet joints of the spine; not e.g. the sacroiliac joint)")
    target = _choice(target, "target", TARGETS)
    return region, target


@functools.cache
def _rules() -> dict[str, dict[str, object]]:
    return data.load_table("safety_rules").set_index("rule").to_dict("index")


def rule_text(rule: str) -> tuple[str, str]:
    """(statement, source ids) of one of the rule set's sourced statements in ``data/safety_rules.csv``."""
    row = _rules()[rule]
    return str(row["reason"]), str(row["source_id"])


def caution_fraction() -> tuple[float, str, str]:
    """(fraction, reason, source ids): caution starts at this fraction of the governing maximum."""
    row = _rules()["caution_fraction_of_governing_max"]
    return float(row["value"]), str(row["reason"]), str(row["source_id"])  # type: ignore[arg-type]


def scope() -> tuple[str, str]:
    """(what every verdict covers and does not, source ids)."""
    return rule_text("verdict_scope")


# -- cached records (the tables do not change while the course runs; a widget update must be fast) ----------


@functools.cache
def _anaesthetics() -> tuple[str, ...]:
    return tuple(ph.local_anaesthetics())


@functools.cache
def _steroids() -> tuple[str, ...]:
    return tuple(ph.corticosteroids())


@functools.cache
def _anaesthetic_info(drug: str) -> dict[str, object]:
    info = ph.local_anaesthetic_info(drug)
    return {
        "highest": float(info["highest_strength_percent"]),
        "adrenaline_marketed": bool(info["adrenaline_marketed"]),
        "strengths": tuple(ph.marketed_strengths_percent(drug)),
    }


@functools.cache
def _max_dose_records(drug: str, adrenaline: bool) -> tuple[dict[str, object], ...]:
    frame = data.load_table("local_anaesthetics_max_doses")
    rows = frame[(frame["drug"] == drug) & (frame["adrenaline"] == adrenaline)]
    return tuple(rows.to_dict("records"))


@functools.cache
def _volume_records() -> tuple[dict[str, object], ...]:
    return tuple(data.load_table("injectate_volume_limits").to_dict("records"))


# -- local anaesthetic maxima -----------------------------------------------------------------------------


def _check_anaesthetic(drug: object) -> str:
    if not isinstance(drug, str) or drug not in _anaesthetics():
        return ph.check_local_anaesthetic(drug)  # raises with the list of known drugs
    return drug


def _max_rows(drug: str, adrenaline: bool) -> tuple[dict[str, object], ...]:
    _check_anaesthetic(drug)
    if not isinstance(adrenaline, bool):
        raise ValueError(f"adrenaline must be True or False; got {adrenaline!r}")
    rows = _max_dose_records(drug, adrenaline)
    if not rows:
        marketed = bool(_anaesthetic_info(drug)["adrenaline_marketed"])
        why = "" if marketed else f": {drug} is not marketed with adrenaline"
        raise ValueError(
            f"no maximum dose for {drug} {'with' if adrenaline else 'without'} adrenaline{why} "
            "(data/local_anaesthetics_max_doses.csv)"
        )
    return rows


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def governing_max(drug: str, weight_kg: float, adrenaline: bool = False) -> GoverningMax:
    """The one governing maximum single dose (mg) of a local anaesthetic for this adult weight (kg).

    The lower of weight x the governing mg/kg and the governing ceiling (label figures; the reference
    textbook's mg/kg where the label gives none).
    """
    weight = check_weight(weight_kg)
    rows = _max_rows(drug, adrenaline)
    per_kg = [r for r in rows if r["governs"] in ("both", "mg_per_kg")]
    ceiling = [r for r in rows if r["governs"] in ("both", "ceiling")]
    mg_per_kg = float(per_kg[0]["max_mg_per_kg"]) if per_kg else None  # type: ignore[arg-type]
    ceiling_mg = float(ceiling[0]["max_total_mg"]) if ceiling else None  # type: ignore[arg-type]
    candidates = [v for v in (None if mg_per_kg is None else mg_per_kg * weight, ceiling_mg) if v is not None]
    sources = list(dict.fromkeys(str(r["source_id"]) for r in [*per_kg, *ceiling]))
    return GoverningMax(drug, adrenaline, weight, mg_per_kg, ceiling_mg, min(candidates), ";".join(sources))


def dose_limits(drug: str, weight_kg: float, adrenaline: bool = False) -> list[DoseLimit]:
    """Every source's maximum for this weight (the smaller of its mg/kg x weight and its ceiling), in mg."""
    weight = check_weight(weight_kg)
    limits = []
    for row in _max_rows(drug, adrenaline):
        candidates = []
        if _present(row["max_mg_per_kg"]):
            candidates.append(float(row["max_mg_per_kg"]) * weight)  # type: ignore[arg-type]
        if _present(row["max_total_mg"]):
            candidates.append(float(row["max_total_mg"]))  # type: ignore[arg-type]
        limits.append(DoseLimit(min(candidates), str(row["basis"]), str(row["source_id"])))
    return limits


def dose_range(drug: str, weight_kg: float, adrenaline: bool = False) -> tuple[DoseLimit, GoverningMax]:
    """(strictest figure of any source, governing maximum) for this weight: the range a resident is shown."""
    governing = governing_max(drug, weight_kg, adrenaline)
    limits = dose_limits(drug, weight_kg, adrenaline)
    strictest = min(limits, key=lambda lim: lim.limit_mg)
    if strictest.limit_mg >= governing.limit_mg:
        strictest = DoseLimit(governing.limit_mg, "governing maximum", governing.source_id)
    return strictest, governing


def max_volume_ml(drug: str, percent: float, weight_kg: float, adrenaline: bool = False) -> float:
    """Largest total volume (mL) of this strength within the governing maximum, for one drug given alone."""
    strength = check_percent(drug, percent)
    return governing_max(drug, weight_kg, adrenaline).limit_mg / ph.percent_to_mg_per_ml(strength)


def check_percent(drug: str, percent: object) -> float:
    """Return the strength (percent w/v) if a product of this drug has it at most, else raise ValueError."""
    _check_anaesthetic(drug)
    value = _number(percent, f"percent of {drug}", "percent w/v")
    info = _anaesthetic_info(drug)
    highest = float(info["highest"])  # type: ignore[arg-type]
    if not 0 < value <= highest:
        strengths = ", ".join(f"{s:g}%" for s in info["strengths"])  # type: ignore[attr-defined]
        raise ValueError(
            f"percent={value:g} is not possible for {drug}: it must be above 0 and at most {highest:g}%, "
            f"the strongest marketed solution (label strengths {strengths})"
        )
    return value


# -- steroids ---------------------------------------------------------------------------------------------


@functools.cache
def steroid_strengths_mg_per_ml(drug: str) -> tuple[float, ...]:
    """Label strengths (mg/mL) of a corticosteroid for joint injection."""
    text = ph.corticosteroid_info(drug)["label_strengths_mg_per_ml"]
    return tuple(float(s) for s in str(text).split(";") if s.strip())


@functools.cache
def steroid_label_limits(drug: str) -> tuple[float | None, float | None, str]:
    """(largest label dose for a small joint, label total for several joints in one session, sources), mg.

    A facet joint is a small joint (it holds 0.5-2 mL: ``facet_capsule_volume``), so the label's small-joint
    figures are the comparison, not the knee's. Either is None where the label gives no such figure.
    """
    rows = ph.steroid_doses(drug)
    labels = rows[rows["context"] == "label"]
    small = labels[(labels["scope"] == "per joint") & labels["joint"].str.startswith("small joint")]
    per_session = labels[labels["scope"] == "per session"]
    joint_max = float(small["dose_mg_high"].max()) if not small.empty else None
    session_max = float(per_session["dose_mg_high"].max()) if not per_session.empty else None
    sources = ";".join(dict.fromkeys([*small["source_id"], *per_session["source_id"]]))
    return joint_max, session_max, sources


@functools.cache
def steroid_label_sites(drug: str) -> tuple[int | None, str, str]:
    """(largest number of sites the label allows in one session or None, the label's note, its sources)."""
    info = ph.corticosteroid_info(drug)
    sites = info["label_max_sites"]
    present = sites is not None and not (isinstance(sites, float) and math.isnan(sites))
    return (int(sites) if present else None), str(info["label_note"]), str(info["source_id"])


# -- volumes ----------------------------------------------------------------------------------------------


def volume_limits(region: str, target: str) -> list[VolumeLimit]:
    """The sourced volume limits per site for a region and target (may be empty: no source gives one)."""
    region, target = check_region_target(region, target)
    rows = [r for r in _volume_records() if r["region"] == region and r["target"] == target]
    return [
        VolumeLimit(
            str(r["id"]),
            region,
            target,
            str(r["counts"]),
            str(r["basis"]),
            str(r["bound"]),
            float(r["volume_low_ml"]) if _present(r["volume_low_ml"]) else None,  # type: ignore[arg-type]
            float(r["volume_ml"]),  # type: ignore[arg-type]
            str(r["consequence"]),
            str(r["source_id"]),
        )
        for r in rows
    ]


def injectate_limit(region: str, target: str) -> VolumeLimit | None:
    """The injectate (local anaesthetic + steroid) limit per site, or None where no source gives one."""
    found = [lim for lim in volume_limits(region, target) if lim.counts == "injectate"]
    return found[0] if found else None


def _contrast_limit(region: str, target: str) -> VolumeLimit | None:
    """The contrast range for this region and target, else the one another region's source gives."""
    own = [lim for lim in volume_limits(region, target) if lim.counts == "contrast"]
    if own:
        return own[0]
    other = [lim for r in REGIONS for lim in volume_limits(r, target) if lim.counts == "contrast"]
    return other[0] if other else None


def _contrast_reason(region: str, target: str, contrast_ml: float, site: str) -> Reason:
    """Contrast (mL per site) against its own range: counted apart from the injectate, but above the range
    it spreads like injectate, so it is caution (the range is the lumbar guideline's figure for trials)."""
    lim = _contrast_limit(region, target)
    if lim is None:
        raise ValueError(f"data/injectate_volume_limits.csv has no contrast range for any {target} row")
    borrowed = "" if lim.region == region else f" (the {lim.region} figure: no {region} source gives one)"
    over = lim.exceeded(contrast_ml)
    return Reason(
        "caution" if over else "fine",
        "volume",
        f"{contrast_ml:.3g} mL of contrast per {site}, counted on its own, is "
        f"{'above' if over else 'within'} {lim.text()}{borrowed}: {lim.consequence}"
        + ("; more contrast spreads as injectate does" if over else ""),
        lim.source_id,
    )


def check_volumes(region: str, target: str, injectate_ml: float, contrast_ml: float = 0.0) -> list[Reason]:
    """Volume reasons for one site: injectate (mL) against its limit, contrast (mL) against its range, and
    for a joint the total including contrast against the capsule capacity.

    Used by :func:`check_procedure` and by the anatomy notebook's capsule explorer, so both say the same.
    """
    region, target = check_region_target(region, target)
    injectate = _number(injectate_ml, "injectate_ml", "mL per site")
    contrast = _number(contrast_ml, "contrast_ml", "mL per site")
    if not 0 < injectate <= MAX_ITEM_ML:
        raise ValueError(
            f"injectate_ml={injectate:g} must be above 0 and at most {MAX_ITEM_ML:g} mL per site"
        )
    if not 0 <= contrast <= MAX_CONTRAST_ML:
        raise ValueError(f"contrast_ml={contrast:g} must be from 0 to {MAX_CONTRAST_ML:g} mL per site")
    site = _site_word(target)
    what = f"{region} {target_label(target)}"
    reasons: list[Reason] = []
    limits = volume_limits(region, target)
    injectate_limits = [lim for lim in limits if lim.counts == "injectate"]
    if injectate_limits:
        lim = injectate_limits[0]
        if lim.exceeded(injectate):
            reasons.append(
                Reason(
                    "caution",
                    "volume",
                    f"{injectate:.3g} mL of injectate per {site} breaks the {what} limit ({lim.basis}) of "
                    f"{lim.text()}: {lim.consequence}",
                    lim.source_id,
                )
            )
        else:
            reasons.append(
                Reason(
                    "fine",
                    "volume",
                    f"{injectate:.3g} mL of injectate per {site} is within the {what} limit ({lim.basis}) of "
                    f"{lim.text()}",
                    lim.source_id,
                )
            )
    elif target == "medial_branch":
        # No thoracic figure: hold it to the strictest figure of another region, and say so (another source
        # never makes a volume safer).
        others = [
            lim
            for r in REGIONS
            if r != region
            for lim in volume_limits(r, target)
            if lim.counts == "injectate"
        ]
        strictest = min(others, key=lambda lim: lim.high_ml)
        level = "caution" if strictest.exceeded(injectate) else "fine"
        reasons.append(
            Reason(
                level,
                "volume",
                f"no source gives a {what} volume; {injectate:.3g} mL per nerve is "
                f"{'above' if level == 'caution' else 'within'} the strictest figure for another region, "
                f"{strictest.region} {strictest.text()} ({strictest.basis})",
                strictest.source_id,
            )
        )
    if contrast > 0:
        reasons.append(_contrast_reason(region, target, contrast, site))
    if target == "intra_articular":
        low, high, sources = anatomy.capsule_capacity_ml(region)
        total = injectate + contrast
        reported = f"{low:g}-{high:g} mL" if low is not None else f"less than {high:g} mL"
        bursts = total > high + 1e-9 or (low is None and total >= high - 1e-9)
        reasons.append(
            Reason(
                "caution" if bursts else "fine",
                "volume",
                f"the total at the joint including contrast, {total:.3g} mL, is "
                f"{'more than' if bursts else 'within'} the reported {region} capsule capacity ({reported}"
                + (", the largest joints; smaller ones hold less)" if low is not None and not bursts else ")")
                + (": the capsule ruptures and the injectate spreads beyond the joint" if bursts else ""),
                sources,
            )
        )
    return reasons


# -- the procedure ----------------------------------------------------------------------------------------


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
            f"injection; got {mg_per_ml:g} mg/mL"
        )
    return _Item(drug, ml, mg_per_ml * ml, "steroid", False)


def _items(value: object, where: str, steroid_allowed: bool) -> list[_Item]:
    if value is None:
        return []
    if isinstance(value, Mapping) or not isinstance(value, Sequence) or isinstance(value, str):
        raise ValueError(f"{where} must be a list of drug items (dicts); got {value!r}")
    return [_parse_item(item, f"{where}[{i}]", steroid_allowed) for i, item in enumerate(value)]


def _systemic_reasons(doses: list[DrugDose]) -> list[Reason]:
    if not doses:
        return []
    margin, margin_reason, margin_sources = caution_fraction()
    total = sum(d.fraction_of_governing for d in doses)
    total_strict = sum(d.fraction_of_strictest for d in doses)
    shares = "; ".join(
        f"{d.label} {d.total_mg:.4g} mg = {100 * d.fraction_of_governing:.0f}% of {d.governing.text()}"
        for d in doses
    )
    together = (
        f"together {100 * total:.0f}% of the governing maxima, counted as additive "
        "(the conservative convention)"
        if len(doses) > 1
        else ""
    )
    gov_sources = ";".join(dict.fromkeys(d.governing.source_id for d in doses))
    other_sources = ";".join(dict.fromkeys(d.strictest.source_id for d in doses))
    lead = shares + ("; " + together if together else "")
    if total > 1 + 1e-9:
        return [
            Reason(
                "unsafe",
                "systemic",
                f"{lead}: above the governing maximum, risk of local anaesthetic systemic toxicity",
                gov_sources,
            )
        ]
    if total > margin + 1e-9:
        return [
            Reason(
                "caution",
                "systemic",
                f"{lead}: above {100 * margin:.0f}% of the governing maximum ({margin_reason})",
                ";".join(dict.fromkeys([*gov_sources.split(";"), *margin_sources.split(";")])),
            )
        ]
    if total_strict > 1 + 1e-9:
        ranges = "; ".join(
            f"{d.label}: {d.strictest.limit_mg:.4g}-{d.governing.limit_mg:.4g} mg" for d in doses
        )
        return [
            Reason(
                "caution",
                "systemic",
                f"{lead}: within the governing maximum but above another source's lower figure "
                f"({ranges}); {rule_text('maxima_disagree')[0]}",
                ";".join(
                    dict.fromkeys([*other_sources.split(";"), *rule_text("maxima_disagree")[1].split(";")])
                ),
            )
        ]
    return [Reason("fine", "systemic", f"{lead}: within every listed maximum", gov_sources)]


def _steroid_reasons(steroid: SteroidDose | None, purpose: str, n_sites: int) -> list[Reason]:
    reasons: list[Reason] = []
    if steroid is None:
        return reasons
    if purpose == "diagnostic":
        reasons.append(
            Reason(
                "caution",
                "diagnostic",
                f"a steroid ({steroid.drug}) has no place in a diagnostic block: "
                + rule_text("no_steroid_in_diagnostic_block")[0],
                rule_text("no_steroid_in_diagnostic_block")[1],
            )
        )
    per_joint, per_session = steroid.label_max_per_joint_mg, steroid.label_max_per_session_mg
    over = []
    if per_joint is not None and steroid.mg_per_site > per_joint + 1e-9:
        over.append(
            f"above the label's {per_joint:g} mg for a small joint (a facet joint holds about as much as one)"
        )
    if per_session is not None and steroid.mg_per_session > per_session + 1e-9:
        over.append(f"above the label's total of {per_session:g} mg for several joints")
    joint = (
        f"label: up to {per_joint:g} mg for a small joint"
        if per_joint is not None
        else "no label dose for a small joint was extracted"
    )
    session = f", {per_session:g} mg in all for several joints" if per_session is not None else ""
    text = (
        f"{steroid.drug} {steroid.mg_per_site:.3g} mg per site, {steroid.mg_per_session:.3g} mg in the "
        f"session ({joint}{session}; labels do not cover facet joints)"
    )
    if per_joint is None:
        over.append("no label dose for a joint was extracted, so the dose cannot be checked")
    if over:
        reasons.append(
            Reason(
                "caution",
                "steroid",
                text
                + ": "
                + " and ".join(over)
                + "; more steroid means more systemic effect (glucose, adrenal "
                "axis)",
                steroid.source_id,
            )
        )
    else:
        reasons.append(Reason("fine", "steroid", text, steroid.source_id))
    max_sites, note, note_sources = steroid_label_sites(steroid.drug)
    if max_sites is not None:
        reasons.append(
            Reason(
                "caution",
                "steroid",
                f"{steroid.drug} at {n_sites} site{'s' if n_sites > 1 else ''}: off-label for facet joints "
                f"({note})",
                note_sources,
            )
        )
    return reasons


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

    steroid = None
    if steroids:
        drug = next(iter(steroids))
        mg_site = sum(i.mg for i in site_items if i.kind == "steroid")
        joint_max, session_max, sources = steroid_label_limits(drug)
        sources = sources or steroid_label_sites(drug)[2]  # no label dose extracted: cite the label itself
        steroid = SteroidDose(drug, mg_site, mg_site * n_sites, joint_max, session_max, sources)

    reasons = _systemic_reasons(doses)
    reasons += check_volumes(region, target, injectate, contrast)
    reasons += _steroid_reasons(steroid, purpose, n_sites)
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
