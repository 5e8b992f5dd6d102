"""The cases of notebook 08: invented patients, one row each in ``data/cases.csv`` (loaded here and nowhere
else).

A case holds only its inputs (region, joints, target, purpose, weight in kg, a drug what the patient reported,
relief in percent for a number of hours, a pre-test probability in percent) and the keys of its questions in
the order a clinician decides. Every answer is computed from these inputs by the course's other models, in the
lesson ``facet_course.lessons.cases``; nothing here is an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..core import data
from .joints import parse_joint


@dataclass(frozen=True)
class Case:
    """One invented patient: the inputs the questions are computed from (weight in kg, relief in percent
    lasting ``relief_hours`` h, ``pretest_percent`` in percent) and the question keys in order."""

    id: str
    order: int
    kind: str
    title: str
    patient: str
    story: str
    region: str
    joints: tuple[str, ...]
    sides: int
    target: str
    purpose: str
    weight_kg: float
    drug: str | None
    baseline_pain: float | None
    relief_percent: float | None
    relief_hours: float | None
    pretest_percent: float | None
    steps: tuple[str, ...]
    source_id: str
    plan: dict[str, object] = field(default_factory=dict)


def case_table() -> pd.DataFrame:
    """``data/cases.csv`` as stored, in teaching order."""
    return data.load_table("cases").sort_values("order", kind="stable").reset_index(drop=True)


def _optional(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _case(row: pd.Series) -> Case:
    drug = row["drug"]
    return Case(
        id=str(row["id"]),
        order=int(row["order"]),
        kind=str(row["kind"]),
        title=str(row["title"]),
        patient=str(row["patient"]),
        story=str(row["story"]),
        region=str(row["region"]),
        joints=tuple(str(parse_joint(j.strip())) for j in str(row["joints"]).split(";")),
        sides=int(row["sides"]),
        target=str(row["target"]),
        purpose=str(row["purpose"]),
        weight_kg=float(row["weight_kg"]),
        drug=None if drug is None or pd.isna(drug) else str(drug),
        baseline_pain=_optional(row["baseline_pain"]),
        relief_percent=_optional(row["relief_percent"]),
        relief_hours=_optional(row["relief_hours"]),
        pretest_percent=_optional(row["pretest_percent"]),
        steps=tuple(s.strip() for s in str(row["steps"]).split(";") if s.strip()),
        source_id=str(row["source_id"]),
        plan=parse_plan(row["plan"]),
    )


_ITEM = re.compile(r"^(site|skin): (.+?) ([0-9.]+)(%| mg/mL) ([0-9.]+) mL$")
_CONTRAST = re.compile(r"^contrast: ([0-9.]+) mL$")


def parse_plan(text: object) -> dict[str, object]:
    """A plan as written in the table ('site: bupivacaine 0.5% 0.3 mL; skin: lidocaine 1% 15 mL; contrast:
    0.3 mL') -> keyword arguments of ``safety.check_procedure`` (``per_site``, ``skin``,
    ``contrast_ml_per_site``); empty for no plan. Unreadable text raises ValueError naming the forms."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return {}
    per_site: list[dict[str, object]] = []
    skin: list[dict[str, object]] = []
    contrast = 0.0
    for part in (p.strip() for p in str(text).split(";") if p.strip()):
        if found := _CONTRAST.match(part):
            contrast = float(found.group(1))
            continue
        item = _ITEM.match(part)
        if item is None:
            raise ValueError(
                f"plan item {part!r}: write 'site: <drug> <percent>% <mL> mL', 'site: <steroid> <mg/mL> "
                "mg/mL <mL> mL', 'skin: <drug> <percent>% <mL> mL' or 'contrast: <mL> mL'"
            )
        where, drug, strength, unit, ml = item.groups()
        key = "percent" if unit == "%" else "mg_per_ml"
        (per_site if where == "site" else skin).append({"drug": drug, key: float(strength), "ml": float(ml)})
    return {"per_site": per_site, "skin": skin, "contrast_ml_per_site": contrast}


def cases(kind: str | None = "case") -> list[Case]:
    """Every case of ``kind`` ('case', 'review', or None for all), in teaching order."""
    found = [_case(row) for _, row in case_table().iterrows()]
    return [c for c in found if kind is None or c.kind == kind]


def case_ids(kind: str | None = "case") -> list[str]:
    return [c.id for c in cases(kind)]


def case(case_id: str) -> Case:
    """One case (or the review) by its id, with a clear message naming the ids that exist."""
    for found in cases(None):
        if found.id == case_id:
            return found
    raise ValueError(f"no case {case_id!r}; cases: {', '.join(case_ids(None))}")
