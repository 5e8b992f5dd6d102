"""The anticoagulant planner: drug, procedure and region -> what the ASRA pain guideline (2018) says, as read.

The one loader of ``data/anticoagulant_intervals.csv`` (drugs; intervals only where the guideline's table was
read, else 'see the guideline table'), ``data/procedure_bleeding_risk.csv`` (the procedure's bleeding-risk
category; the Spine Intervention Society's position on cervical radiofrequency) and
``data/bleeding_patient_factors.csv`` and ``data/anticoagulant_timing.csv`` (the two class-wide
statements read for the newer oral anticoagulants, from a secondary summary of the guideline) and
``data/noac_renal_half_life.csv`` (half-lives by creatinine clearance). Every plan says
that the anticoagulant's prescriber must be involved.
Unknown drugs, procedures or regions and impossible drug lists raise ValueError naming what is allowed.
Intervals in days (stopping) and hours (restarting).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..core import citations, data

PROCEDURES: tuple[str, ...] = ("medial branch block", "radiofrequency ablation", "intra-articular injection")
REGIONS: tuple[str, ...] = ("cervical", "thoracic", "lumbar")
#: Said with every plan (course rule).
PRESCRIBER_NOTE = (
    "The prescriber of each anticoagulant or antiplatelet drug must be involved before it is stopped or "
    "restarted: stopping it risks a clot (stent thrombosis, stroke), and the decision is shared, never the "
    "proceduralist's or the patient's alone."
)
SEE_TABLE = "see the guideline table"
#: The combination group of the non-aspirin NSAIDs (data/anticoagulant_intervals.csv).
NSAID_GROUP = "NSAID"
#: A cell whose category the sources read disagree on (the row's wording names the disagreement).
NOT_DETERMINED = "not determined"
#: The guideline's categories from lowest to highest bleeding risk.
CATEGORY_ORDER: tuple[str, ...] = ("low", "intermediate", "high")
#: Why the planner may plan by a higher category (course rule; a higher category is not safer in itself).
RAISE_RULE = (
    "one category up when several drugs that affect bleeding (an NSAID counted among them: course rule) "
    "or a bleeding factor of the patient are present: "
    "a table adapted from the ASRA 2018 guideline says patient factors (older age, coagulopathy, severe "
    "liver or kidney dysfunction, prior surgery or radiation in the area) may increase the risk of "
    "otherwise low- or intermediate-risk procedures, and ASIPP's 2019 guideline says a procedure's risk "
    "should be upgraded for other risk factors; neither says by how much, so one step is the course's "
    "reading (course rule); a "
    "higher category is not safer in itself, because stopping a drug risks a clot: whether to stop is "
    "decided with the prescriber and the guideline table"
)
#: Why the patient takes the drug: a thrombotic risk, never a reason to raise the bleeding category.
INDICATION_NOTE = (
    "Why the drug is taken (a coronary stent, a past stroke) does not raise the bleeding category: it is "
    "the risk of a clot if the drug is stopped, and a reason to involve the prescriber first"
)
#: The source key of INDICATION_NOTE (data/source_keys.csv).
INDICATION_KEY = "bleeding_stop_risk"
#: The drug classes the SIS statement on cervical radiofrequency covers (its abstract: therapeutic
#: anticoagulant and antiplatelet agents); an NSAID is neither.
SIS_SCOPE_CLASSES: tuple[str, ...] = ("anticoagulant", "antiplatelet")
#: Said for a drug outside that scope.
SIS_SCOPE_NOTE = (
    "its statement is about therapeutic anticoagulant and antiplatelet drugs, not the drug chosen; see the "
    "guideline table"
)
#: Said beside the SIS position when aspirin is chosen (review s17 of 06 F2): the statement is about
#: therapeutic agents, and the guideline separates aspirin for primary from aspirin for secondary prevention.
SIS_ASPIRIN_DRUG = "aspirin"
SIS_ASPIRIN_NOTE = (
    "the statement is about therapeutic agents; aspirin for secondary prevention: the guideline table "
    "and the prescriber"
)
#: The source key of the upgrade for other risk factors (data/source_keys.csv).
UPGRADE_KEY = "risk_upgrade_other_factors"


def drug_table() -> pd.DataFrame:
    """``data/anticoagulant_intervals.csv``: one row per drug (class, group, intervals if read)."""
    return data.load_table("anticoagulant_intervals")


def bleeding_risk_table() -> pd.DataFrame:
    """``data/procedure_bleeding_risk.csv``: category of each procedure by region and organisation."""
    return data.load_table("procedure_bleeding_risk")


def patient_factor_table() -> pd.DataFrame:
    """``data/bleeding_patient_factors.csv``: the patient's bleeding factors (not why the drug is taken)."""
    return data.load_table("bleeding_patient_factors")


def timing_table() -> pd.DataFrame:
    """``data/anticoagulant_timing.csv``: the class-wide stop and restart statements read for the newer oral
    anticoagulants (value in half-lives or hours; a secondary summary of the guideline)."""
    return data.load_table("anticoagulant_timing").set_index("id")


def noac_drugs() -> list[str]:
    """The drugs of the planner's table that are newer oral anticoagulants (direct oral thrombin or factor Xa
    inhibitors)."""
    table = drug_table()
    return list(table.loc[table["drug_class"].str.contains("direct oral"), "drug"])


def noac_restart_hours() -> float:
    """The usual interval before a newer oral anticoagulant is resumed after the procedure (hours), as the
    secondary summary read gives it."""
    return float(timing_table().loc["noac_restart", "value"])


def noac_stop_half_lives() -> float:
    """The interval between stopping a newer oral anticoagulant and the procedure (half-lives of the drug), as
    the secondary summary read gives it."""
    return float(timing_table().loc["noac_stop", "value"])


def noac_timing_text() -> str:
    """Both statements in one sentence, with the drugs they cover and what they are not (no per-drug
    table)."""
    source = citations.author_year(str(timing_table().loc["noac_restart", "source_id"]))
    return (
        f"For the newer oral anticoagulants ({', '.join(noac_drugs())}), a textbook chapter summarising the "
        f"ASRA pain guideline says: stop {noac_stop_half_lives():g} half-lives before the procedure, and "
        f"usually wait {noac_restart_hours():g} hours after it before the drug is resumed ({source}; a "
        "secondary summary: the guideline's per-drug table was not read, so the planner still says 'see the "
        "guideline table' for each drug, and no interval was read for the other drug classes). The summary "
        "does not say for which of the guideline's procedure categories (low, intermediate, high) the "
        f"{noac_stop_half_lives():g} half-lives apply; the guideline sorts its advice by the procedure's "
        "bleeding risk, so do not apply it to a low-risk procedure without the guideline's table and the "
        "prescriber."
    )


def renal_half_life_table() -> pd.DataFrame:
    """``data/noac_renal_half_life.csv``: the half-life of dabigatran and apixaban (hours) in each band of
    creatinine clearance (mL/min; an empty bound is open-ended)."""
    return data.load_table("noac_renal_half_life")


def _band(row: pd.Series) -> str:
    """A creatinine-clearance band as words (mL/min)."""
    if pd.isna(row["crcl_low"]):
        return f"below {row['crcl_high']:g} mL/min"
    if pd.isna(row["crcl_high"]):
        return f"above {row['crcl_low']:g} mL/min"
    return f"{row['crcl_low']:g}-{row['crcl_high']:g} mL/min"


def renal_caution_text() -> str:
    """Why the 'half-lives' interval depends on the kidneys: each drug's half-life (hours) from the best to
    the worst creatinine-clearance band read (bands in CrCl order, not half-life order), and the longest
    half-life with its band where that is not the worst band, with the source; no interval is derived from
    it."""
    table = renal_half_life_table()
    parts = []
    for drug, rows in table.groupby("drug", sort=False):
        rows = rows.assign(_order=rows["crcl_low"].fillna(-1)).sort_values("_order", ascending=False)
        first, last = rows.iloc[0], rows.iloc[-1]
        longest = rows.loc[rows["half_life_hours"].idxmax()]
        part = (
            f"{drug} about {first['half_life_hours']:g} hours ({_band(first)}) to "
            f"{last['half_life_hours']:g} hours ({_band(last)})"
        )
        if longest["half_life_hours"] > last["half_life_hours"]:
            part += f", with the longest, {longest['half_life_hours']:g} hours, at {_band(longest)}"
        parts.append(part)
    spread = table.groupby("drug")["half_life_hours"].agg(lambda h: h.max() / h.min())
    most = str(spread.idxmax())
    return (
        "Half-lives lengthen as creatinine clearance (CrCl) falls, "
        f"{most} most: {'; '.join(parts)} ({citations.author_year(*table['source_id'].unique())}). "
        "A count of half-lives made with the half-life of normal kidney function is too short when CrCl is "
        "reduced: check the creatinine clearance, and plan the interval with the guideline table and the "
        "prescriber. No half-lives by CrCl were read for rivaroxaban or edoxaban."
    )


def _hours_by_band(rows: pd.DataFrame, column: str) -> str:
    """'at least 24 hours (above 80 mL/min), 24 (50-79 mL/min), ...' for one last-dose column (hours)."""
    given = rows.dropna(subset=[column])
    return ", ".join(f"{row[column]:g} h ({_band(row)})" for _, row in given.iterrows())


def last_dose_text(drug: str) -> str:
    """What the general peri-procedural page read says of ``drug``'s last dose before a procedure (hours, at
    least, by creatinine clearance and bleeding risk) and, for a drug with one, the neuraxial hold its
    footnote quotes; empty when no such page was read for the drug. No interval for a facet procedure is
    derived from it."""
    table = renal_half_life_table()
    rows = table[table["drug"] == drug]
    if rows.empty:
        return ""
    timing = timing_table()
    holds = timing[(timing["drug_group"] == drug) & (timing["when"] == "before a neuraxial procedure")]
    hold = "".join(
        f" Its footnote quotes the ASRA regional anaesthesia guideline (4th edition, 2018): "
        f"'{row['statement']}' (the guideline itself was not read)."
        for _, row in holds.iterrows()
    )
    source = citations.author_year(*rows["source_id"].unique())
    standard = _hours_by_band(rows, "last_dose_standard_hours")
    high = _hours_by_band(rows, "last_dose_high_risk_hours")
    return (
        f"A general peri-procedural page, not the pain guideline ({source}), gives {drug}'s last dose at "
        f"least this long before a procedure with a standard risk of bleeding: {standard}; and with a high "
        f"risk (its examples: major surgery, spinal puncture, a spinal or epidural catheter): {high}."
        f"{hold} Which of these a facet procedure needs is the pain guideline's table and the prescriber's "
        "decision, not this page's."
    )


def drugs() -> list[str]:
    """The drugs the planner knows, in table order."""
    return list(drug_table()["drug"])


def check_drug(drug: object) -> str:
    """Return the drug if the planner knows it, else raise ValueError listing the known drugs."""
    known = drugs()
    if not isinstance(drug, str) or drug not in known:
        raise ValueError(
            f"unknown drug {drug!r}: the planner knows {', '.join(known)} (names as in "
            "data/anticoagulant_intervals.csv); for any other drug ask its prescriber and read the guideline"
        )
    return drug


def _check_choice(value: object, name: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def check_drugs(drug_list: str | Sequence[str]) -> tuple[str, ...]:
    """The drugs of one patient, checked: known, none twice, at most one per combination group.

    Any two anticoagulants (oral or injected), two P2Y12 inhibitors or two NSAIDs at once are refused (course
    rule, review s8 F5): such a list is not a regimen to plan from; a switch or bridging between drugs is
    planned with the prescriber.
    """
    items = (drug_list,) if isinstance(drug_list, str) else tuple(drug_list)
    if not items:
        raise ValueError("give at least one drug (the patient's antiplatelet or anticoagulant drugs)")
    for drug in items:
        check_drug(drug)
    if len(set(items)) != len(items):
        raise ValueError(f"a drug is listed twice in {list(items)}: list each drug once")
    groups = drug_table().set_index("drug")["combination_group"]
    seen: dict[str, str] = {}
    for drug in items:
        group = str(groups[drug])
        if group in seen:
            raise ValueError(
                f"{seen[group]} and {drug} are both {group}s: two at once is not a regimen to plan from "
                "(course rule); during a switch or bridging from one to the other, plan with the prescriber"
            )
        seen[group] = drug
    return items


@dataclass(frozen=True)
class DrugAdvice:
    """What the guideline's table says for one drug (as read), or 'see the guideline table'."""

    drug: str
    drug_class: str
    advice: str
    source_id: str


@dataclass(frozen=True)
class Plan:
    """The planner's answer: the procedure's category, each drug's advice, patient factors, the prescriber."""

    drugs: tuple[str, ...]
    procedure: str
    region: str
    category: str
    wording: str
    category_note: str
    sis_position: str
    advice: tuple[DrugAdvice, ...]
    patient_factors: tuple[str, ...]
    prescriber_note: str
    source_id: str
    factors_present: tuple[str, ...] = ()
    planned_category: str = ""
    raise_reasons: tuple[str, ...] = ()
    #: Said in place of the SIS position when it exists for the procedure but no drug chosen is in its scope.
    sis_scope_note: str = ""

    @property
    def sis_caveat(self) -> str:
        """The scope of the SIS position when aspirin is among the drugs (never 'stop' for aspirin without
        it), else ''."""
        return SIS_ASPIRIN_NOTE if self.sis_position and SIS_ASPIRIN_DRUG in self.drugs else ""

    @property
    def raised(self) -> bool:
        """True when several drugs or a bleeding factor of the patient may make the procedure riskier."""
        return bool(self.raise_reasons)

    def lines(self) -> list[str]:
        """The plan as short lines for a readout (always ending with the prescriber note)."""
        out = [
            f"{self.region.capitalize()} {self.procedure}: ASRA 2018 bleeding risk {self.category.upper()} "
            f"({self.wording}).",
        ]
        if self.category == NOT_DETERMINED:
            out.append(
                "The course gives no category for this procedure and region: the sources read disagree (see "
                "above). Read Table 1 of the guideline and decide with the prescriber."
            )
        if self.raised and self.category not in CATEGORY_ORDER:
            out.append(
                f"May be riskier ({'; '.join(self.raise_reasons)}): with no category determined, there is no "
                "category to raise; weigh these with the prescriber (a table adapted from the ASRA 2018 "
                "guideline and ASIPP 2019 say such factors may raise the risk; stopping a drug risks a clot)."
            )
        elif self.raised:
            out.append(
                f"May be riskier ({'; '.join(self.raise_reasons)}): discuss it as "
                f"{self.planned_category.upper()} with the prescriber (a table adapted from the ASRA "
                "2018 guideline: patient factors may increase the risk; ASIPP 2019 upgrades the risk for "
                "other risk factors; one step up is the course's reading; higher is not safer: stopping a "
                "drug risks a clot)."
            )
        if self.sis_position:
            caveat = f" ({self.sis_caveat})" if self.sis_caveat else ""
            out.append(f"SIS (cervical radiofrequency): {self.sis_position}{caveat}.")
        elif self.sis_scope_note:
            out.append(f"SIS (cervical radiofrequency): {self.sis_scope_note}.")
        out.extend(f"{a.drug} ({a.drug_class}): {a.advice}." for a in self.advice)
        out.append("Bleeding factors of the patient: " + "; ".join(self.patient_factors) + ".")
        out.append(INDICATION_NOTE + ".")
        out.append(self.prescriber_note)
        return out

    def text(self) -> str:
        return "\n".join(self.lines())


def bleeding_risk(procedure: str, region: str, organisation: str = "ASRA 2018") -> pd.Series:
    """The row of ``procedure_bleeding_risk`` for a procedure, region and organisation."""
    _check_choice(procedure, "procedure", PROCEDURES)
    _check_choice(region, "region", REGIONS)
    frame = bleeding_risk_table()
    rows = frame[
        (frame["procedure"] == procedure)
        & (frame["region"] == region)
        & (frame["organisation"] == organisation)
    ]
    if rows.empty:
        raise ValueError(
            f"no {organisation} row for {region} {procedure} in data/procedure_bleeding_risk.csv"
        )
    return rows.iloc[0]


def interim_category(procedure: str, region: str) -> str | None:
    """For a cell with no category determined (the sources read disagree), the highest category any of
    them gives in the row's own wording: the one to plan with the prescriber until the guideline's Table 1
    is read (the course's reading, never the guideline's). None when the cell has a category, or when the
    wording names none."""
    row = bleeding_risk(procedure, region)
    if row["category"] != NOT_DETERMINED:
        return None
    words = str(row["wording"]).lower()
    named = [c for c in CATEGORY_ORDER if c in words]
    return named[-1] if named else None


def sis_position(procedure: str, region: str) -> str:
    """The Spine Intervention Society's position for this procedure and region, or '' if none was read."""
    frame = bleeding_risk_table()
    rows = frame[
        (frame["procedure"] == procedure)
        & (frame["region"] == region)
        & (frame["organisation"] == "SIS 2022")
    ]
    return "" if rows.empty else str(rows.iloc[0]["wording"])


def drug_advice(drug: str) -> DrugAdvice:
    """One drug's advice: the guideline's intervals where they were read, else 'see the guideline table'."""
    row = drug_table().set_index("drug").loc[check_drug(drug)]
    if row["intervals"] == SEE_TABLE or pd.isna(row["stop_before_days_low"]):
        advice = f"intervals: {SEE_TABLE} ({row['note']})"
    else:
        restart = (
            f"; restart {row['restart_after_hours']:g} h after"
            if not pd.isna(row["restart_after_hours"])
            else f"; restart: {SEE_TABLE}"
        )
        advice = (
            f"stop {row['stop_before_days_low']:g}-{row['stop_before_days_high']:g} days before" + restart
        )
    return DrugAdvice(drug, str(row["drug_class"]), advice, str(row["source_id"]))


def check_factors(factors: Sequence[str]) -> tuple[str, ...]:
    """The patient factors present, checked against ``data/bleeding_patient_factors.csv``."""
    known = list(patient_factor_table()["factor"])
    items = (factors,) if isinstance(factors, str) else tuple(factors)
    for factor in items:
        if factor not in known:
            raise ValueError(f"unknown patient factor {factor!r}: allowed are {'; '.join(known)}")
    return tuple(dict.fromkeys(items))


def raised_category(category: str, steps: int = 1) -> str:
    """The category ``steps`` up from ``category`` (high stays high); a category outside the guideline's three
    (for example 'see the guideline table') is returned unchanged."""
    if category not in CATEGORY_ORDER:
        return category
    return CATEGORY_ORDER[min(CATEGORY_ORDER.index(category) + steps, len(CATEGORY_ORDER) - 1)]


def _several_drugs_reason(items: Sequence[str]) -> str:
    """Why several drugs raise the category; counting a non-aspirin NSAID among them is the course's own
    extension (review s6 F9: the sources read name patient factors, not NSAIDs), so it is labelled."""
    groups = drug_table().set_index("drug")["combination_group"]
    nsaid = any(str(groups[d]) == NSAID_GROUP for d in items)
    return f"{len(items)} drugs that affect bleeding together" + (
        " (counting the NSAID is a course rule)" if nsaid else ""
    )


def plan(drug_list: str | Sequence[str], procedure: str, region: str, factors: Sequence[str] = ()) -> Plan:
    """Drug(s), procedure, region and the patient's bleeding factors present -> the guideline's category and
    advice as read, the category to consider with the prescriber (one up when several drugs or a bleeding
    factor are present; never a rule to stop a drug), why the drug is taken (a thrombotic risk, never a
    bleeding one) and the prescriber."""
    items = check_drugs(drug_list)
    present = check_factors(factors)
    risk = bleeding_risk(procedure, region)
    advice = tuple(drug_advice(d) for d in items)
    sis = sis_position(procedure, region)
    # review s8 F4: the SIS statement covers therapeutic anticoagulants and antiplatelets, not NSAIDs
    in_scope = any(a.drug_class.startswith(SIS_SCOPE_CLASSES) for a in advice)
    scope_note = SIS_SCOPE_NOTE if sis and not in_scope else ""
    sis = sis if in_scope else ""
    factors = patient_factor_table()
    sources = [
        str(risk["source_id"]),
        *(a.source_id for a in advice),
        *factors["source_id"],
        citations.source(INDICATION_KEY),
    ]
    if sis:
        sources.append(str(bleeding_risk(procedure, region, "SIS 2022")["source_id"]))
    ids = dict.fromkeys(s.strip() for group in sources for s in group.split(";") if s.strip())
    reasons = ([_several_drugs_reason(items)] if len(items) > 1 else []) + [
        f"patient factor: {f}" for f in present
    ]
    if reasons:
        ids.update(dict.fromkeys(citations.source(UPGRADE_KEY).split(";")))
    category = str(risk["category"])
    return Plan(
        drugs=items,
        procedure=procedure,
        region=region,
        category=category,
        wording=str(risk["wording"]),
        category_note=str(risk["note"]),
        sis_position=sis,
        advice=advice,
        patient_factors=tuple(str(f) for f in factors["factor"]),
        prescriber_note=PRESCRIBER_NOTE,
        source_id=";".join(ids),
        factors_present=present,
        planned_category=raised_category(category) if reasons else category,
        raise_reasons=tuple(reasons),
        sis_scope_note=scope_note,
    )
