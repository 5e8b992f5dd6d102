"""The one safety rule set for every dose and volume in the course (pure: numbers in, verdict out).

Every notebook, figure, widget, self-check and sentence that states or applies a dose or volume limit goes
through this package. The rules, each read from a sourced table in ``data/``:

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
   capacity (``facet_capsule_volume``). Above a site's limit, the usual capsule capacity or the largest
   reported capacity: **caution** (the limits are for the block's specificity; no source gives a volume that
   harms); above ``gross_volume_factor`` times a nerve's limit or ``gross_joint_volume_factor`` times the
   joint's largest reported capacity: **unsafe** (category ``volume``; teaching thresholds, labelled as such).
   A separate contrast test dose never counts toward a nerve's limit, so leaving contrast out never improves a
   verdict.
4. **Purpose and sedation**: a steroid or sedation in a *diagnostic* block is caution (category
   ``diagnostic``).
5. **Steroid dose** (``corticosteroids_doses``): mg per site and per session beside the label's figures.
   The session ceiling: the label's total for several joints, the governing maximum (above it: **unsafe**,
   ``steroid_gross_session_factor``, 1); or where the label gives none, the labelled total carried over by
   systemic glucocorticoid equivalence (``steroid_session_by_systemic_equivalence``): the governing maximum
   too where the steroid's adrenal effect matched the depot's (methylprednisolone), else (betamethasone,
   dexamethasone) above it **caution**, above ``steroid_carried_gross_factor`` (2) times it **unsafe**. One
   site above the label's dose for one injection into any joint (a large joint, the knee): **unsafe**.
   Above the label's small-joint dose per site: **caution** (the facet trials gave more). One steroid per
   procedure; equivalence sets only the session ceiling, never a dose.
6. Every verdict covers total dose and volume only (:func:`scope`, from ``safety_rules``).
7. Impossible input raises ValueError naming what is allowed; an unsafe procedure is a verdict, not an error.

Units: weight in kg, volumes in mL, doses in mg, local anaesthetic strength in percent w/v (1% = 10 mg/mL),
steroid strength in mg/mL as labelled.

The rule set is split by idea into sibling modules: :mod:`.safety_rules` (vocabulary, input checks, sourced
statements), :mod:`.safety_doses` (rules 1-2), :mod:`.safety_volumes` (rule 3), :mod:`.safety_steroids`
(rules 4-5), :mod:`.safety_procedure` (the whole check). This module is their one face: every public name is
re-exported here, and its public path is ``facet_course.safety``.
"""

from __future__ import annotations

from .safety_doses import (
    DoseLimit,
    DrugDose,
    GoverningMax,
    check_percent,
    dose_limits,
    dose_range,
    governing_max,
    max_volume_ml,
    maximum_dose_table,
)
from .safety_procedure import ProcedureCheck, check_procedure
from .safety_rules import (
    ADULT_WEIGHT_KG,
    CATEGORIES,
    MAX_CONTRAST_ML,
    MAX_ITEM_ML,
    MAX_SITES,
    PURPOSES,
    REGIONS,
    TARGETS,
    VERDICTS,
    Reason,
    caution_fraction,
    check_region_target,
    check_weight,
    gross_joint_volume_factor,
    gross_volume_factor,
    rule_table,
    rule_text,
    scope,
    steroid_carried_gross_factor,
    steroid_gross_session_factor,
    target_label,
)
from .safety_steroids import (
    SteroidDose,
    ceiling_governs,
    mixture_reasons,
    mixture_table,
    session_ceiling_verdict,
    session_factor,
    steroid_label_limits,
    steroid_label_sites,
    steroid_largest_joint_dose,
    steroid_session_carried_from,
    steroid_session_labelled,
    steroid_strengths_mg_per_ml,
)
from .safety_volumes import (
    VolumeLimit,
    check_volumes,
    injectate_limit,
    site_injectate_limit,
    unsafe_from_ml,
    volume_limit_table,
    volume_limits,
)

__all__ = [
    "ADULT_WEIGHT_KG",
    "CATEGORIES",
    "DoseLimit",
    "DrugDose",
    "GoverningMax",
    "MAX_CONTRAST_ML",
    "MAX_ITEM_ML",
    "MAX_SITES",
    "PURPOSES",
    "ProcedureCheck",
    "REGIONS",
    "Reason",
    "SteroidDose",
    "TARGETS",
    "VERDICTS",
    "VolumeLimit",
    "gross_joint_volume_factor",
    "gross_volume_factor",
    "steroid_carried_gross_factor",
    "steroid_gross_session_factor",
    "caution_fraction",
    "check_percent",
    "check_procedure",
    "check_region_target",
    "check_volumes",
    "check_weight",
    "mixture_reasons",
    "mixture_table",
    "dose_limits",
    "dose_range",
    "governing_max",
    "injectate_limit",
    "site_injectate_limit",
    "unsafe_from_ml",
    "max_volume_ml",
    "maximum_dose_table",
    "rule_table",
    "rule_text",
    "scope",
    "steroid_label_limits",
    "steroid_session_carried_from",
    "steroid_session_labelled",
    "session_ceiling_verdict",
    "ceiling_governs",
    "session_factor",
    "steroid_label_sites",
    "steroid_largest_joint_dose",
    "steroid_strengths_mg_per_ml",
    "target_label",
    "volume_limit_table",
    "volume_limits",
]
