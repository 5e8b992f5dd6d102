"""Which nerves carry a facet joint's pain: joint name in, the nerves to block (and why) out.

Pure functions over the sourced tables ``data/facet_innervation.csv`` (one row per joint C2-3 to L5-S1) and
``data/innervation_non_facet.csv`` (names that are not facet joints of a normal spine: the sacroiliac joint,
C0-1, C1-2, "L6-S1"). A name that is not a facet joint never gets a guessed answer: :func:`nerves_to_block`
raises :class:`NotAFacetJointError` (a ValueError) whose message explains what the name is and what to do
instead; :func:`explain` returns the same explanation as text and never raises for a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..core import citations, data
from .anatomy import FACET_JOINTS, parse_joint


class NotAFacetJointError(ValueError):
    """The name is not a facet joint of a normal spine; the message says what it is and why."""


@dataclass(frozen=True)
class Innervation:
    """The nerve supply of one facet joint (for a medial branch block or radiofrequency ablation)."""

    joint: str
    region: str
    nerves: tuple[str, ...]
    block_targets: str
    rule: str
    exception: bool
    block_may_miss: bool
    note: str
    source_id: str

    def summary(self) -> str:
        """One line: 'L4-5: block L3 medial branch + L4 medial branch (lumbar rule ...)'."""
        flag = " [exception]" if self.exception else ""
        return f"{self.joint}: block {' + '.join(self.nerves)}{flag}. Why: {self.rule}."


@dataclass(frozen=True)
class NonFacet:
    """Explanation for a name that is not a facet joint of a normal spine."""

    name: str
    what_it_is: str
    nerve_supply: str
    why_not: str
    what_instead: str
    source_id: str

    def message(self, asked: str) -> str:
        return (
            f"'{asked}' is not a facet joint of a normal spine. {self.name[0].upper()}{self.name[1:]}: "
            f"{self.what_it_is}. Nerve supply: {self.nerve_supply}. "
            f"Why no facet block: {self.why_not}. Instead: {self.what_instead}. "
            f"({citations.cite(self.source_id)})"
        )


def nerve_supply_table() -> pd.DataFrame:
    """The sourced nerve supply of every facet joint C2-3..L5-S1, as stored (data/facet_innervation)."""
    return data.load_table("facet_innervation")


def _non_facet_table() -> pd.DataFrame:
    return data.load_table("innervation_non_facet")


def _key(text: str) -> str:
    return re.sub(r"[\s_\-–/]+", "", text.strip().lower())


def non_facet_entry(name: str) -> NonFacet | None:
    """The explanation row for a non-facet name (matched on its aliases), or None."""
    key = _key(name)
    if not key:
        return None
    for _, row in _non_facet_table().iterrows():
        aliases = [row["name"], *str(row["aliases"]).split(";")]
        if any(key == _key(a) for a in aliases if a.strip()):
            return NonFacet(
                name=row["name"],
                what_it_is=row["what_it_is"],
                nerve_supply=row["nerve_supply"],
                why_not=row["why_not_a_facet_block"],
                what_instead=row["what_instead"],
                source_id=row["source_id"],
            )
    return None


def nerves_to_block(joint: str) -> Innervation:
    """The nerves that supply a facet joint (C2-3 to L5-S1), where each is blocked, and the rule behind it.

    Raises NotAFacetJointError (a ValueError) with an explanation for the sacroiliac joint, C0-1, C1-2,
    'L6-S1' and other names that are not facet joints of a normal spine; ValueError for anything unreadable.
    """
    if not isinstance(joint, str):
        raise ValueError(f"joint must be a name such as 'L4-5', not {type(joint).__name__}")
    entry = non_facet_entry(joint)
    if entry is not None:
        raise NotAFacetJointError(entry.message(joint))
    try:
        name = parse_joint(joint)
    except ValueError as error:
        raise NotAFacetJointError(
            f"{error}. Facet joints with a medial-branch supply run from {FACET_JOINTS[0]} to "
            f"{FACET_JOINTS[-1]}; the sacroiliac, atlanto-occipital (C0-1) and atlanto-axial (C1-2) joints "
            "are not facet joints. A name such as 'S1-2' or 'T13-L1' can come from a spine with a "
            "transitional or extra segment (as 'L6' does): number the segments on whole-spine images, "
            "counting down from C2, write down the convention and apply the rule to the joint as numbered "
            f"({citations.short(citations.source('vertebral_numbering_count_from_c2'))})."
        ) from None
    rows = nerve_supply_table()
    row = rows[rows["joint"] == name]
    if row.empty:  # a facet joint name the table does not cover: refuse rather than guess
        raise ValueError(f"no sourced nerve supply for {name} in data/facet_innervation.csv")
    r = row.iloc[0]
    return Innervation(
        joint=name,
        region=r["region"],
        nerves=tuple(n.strip() for n in r["nerves"].split(";")),
        block_targets=r["block_targets"],
        rule=r["rule"],
        exception=bool(r["exception"]),
        block_may_miss=bool(r["block_may_miss"]),
        note="" if pd.isna(r["note"]) else str(r["note"]),
        source_id=r["source_id"],
    )


def explain(name: str) -> str:
    """Plain-text answer for the innervation finder: the nerves to block, or why it is not a facet joint."""
    try:
        found = nerves_to_block(name)
    except ValueError as error:
        return str(error)
    note = f" Note: {found.note}." if found.note else ""
    return f"{found.summary()} Where: {found.block_targets}.{note} ({citations.cite(found.source_id)})"


def nerve_table() -> pd.DataFrame:
    """Joint -> nerves to block, for printing in the notebook (one row per joint, cranial to caudal)."""
    rows = []
    for joint in FACET_JOINTS:
        found = nerves_to_block(joint)
        rows.append(
            {
                "joint": found.joint,
                "nerves to block": " + ".join(found.nerves),
                "exception": "yes" if found.exception else "",
                "caution": "a medial branch block may miss its nerves (see the finder)"
                if found.block_may_miss
                else "",
                "source": citations.cite(found.source_id).removeprefix("Source: "),
            }
        )
    return pd.DataFrame(rows)


def medial_branch_levels(joint: str) -> tuple[str, ...]:
    """The spinal nerve labels ('L3', 'L4') whose dorsal-ramus branches supply a joint.

    'third occipital nerve' counts as C3 (it is the superficial medial branch of C3).
    """
    found = nerves_to_block(joint)
    labels = []
    for nerve in found.nerves:
        if nerve.startswith("third occipital"):
            labels.append("C3")
        else:
            labels.append(nerve.split()[0])
    return tuple(labels)


@dataclass(frozen=True)
class InjectionPoints:
    """How many needle positions (injection points, each side) one nerve takes, where, and the sources."""

    nerve: str
    points: int
    where: str
    note: str
    source_id: str


def injection_points(nerve: str) -> InjectionPoints:
    """The injection points one nerve of data/facet_innervation takes (data/nerve_injection_points).

    The third occipital nerve has its own row (its course over C2-3 varies); every other medial branch or
    dorsal ramus takes the table's 'medial branch or dorsal ramus' row. Raises ValueError for a name that is
    not a nerve of data/facet_innervation.csv.
    """
    known = {n.strip() for cell in nerve_supply_table()["nerves"] for n in str(cell).split(";")}
    if not isinstance(nerve, str) or nerve.strip() not in known:
        raise ValueError(
            f"{nerve!r} is not a nerve of data/facet_innervation.csv; use a name such as "
            f"'L4 medial branch' or 'third occipital nerve' (from nerves_to_block(joint).nerves)"
        )
    table = data.load_table("nerve_injection_points").set_index("nerve")
    key = nerve.strip() if nerve.strip() in table.index else "medial branch or dorsal ramus"
    row = table.loc[key]
    return InjectionPoints(
        nerve=nerve.strip(),
        points=int(row["points"]),
        where=str(row["where"]),
        note="" if pd.isna(row["note"]) else str(row["note"]),
        source_id=str(row["source_id"]),
    )
