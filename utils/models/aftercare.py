"""After a facet injection: aftercare by phase, when to call, radiofrequency outcomes, sourced statements.

Pure functions, numbers in and numbers out; no plotting (the lesson ``aftercare`` draws it). Time is in hours
after the injection (``*_hours``). The phases are notebook 05's recovery model (:func:`recovery.phases`), the
glucose days notebook 04's systemic-effects table (:mod:`.systemic_effects`), the diary times notebook 05's
(:data:`pain_diary.DIARY_HOURS`), the success of each selection paradigm notebook 02's trial table
(:func:`block_pathway.trial_table`): read through their models, never restated.

The one loader of ``data/aftercare_advice.csv``, ``data/aftercare_when_to_call.csv``,
``data/aftercare_rf_outcomes.csv`` and ``data/aftercare_statements.csv``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import pandas as pd

from ..core import data
from . import anticoagulants, block_pathway, pain_diary, recovery, systemic_effects

REGIONS: tuple[str, ...] = ("lumbar", "cervical")
#: The leaflet's two injectates: a diagnostic block (local anaesthetic alone) or anaesthetic with steroid.
DIAGNOSTIC = "local anaesthetic alone (diagnostic block)"
WITH_STEROID = "local anaesthetic with steroid"
INJECTATES: tuple[str, ...] = (DIAGNOSTIC, WITH_STEROID)
#: The drugs the phases are drawn with (notebook 05's defaults; names, not doses).
ANAESTHETIC = "bupivacaine"
STEROID = "methylprednisolone acetate"
#: Where the patient feels it, by region (plain words for the leaflet).
AREAS: dict[str, tuple[str, str]] = {"lumbar": ("lower back", "leg"), "cervical": ("neck", "arm")}
BEFORE_HOME = "before you go home"
PHASE_ORDER: tuple[str, ...] = (
    BEFORE_HOME,
    "anaesthetic block",
    "possible flare",
    "steroid onset",
    "return of pain",
)
#: Selection paradigms of notebook 02's trial, by number of blocks.
PARADIGMS: dict[str, int] = {"no block": 0, "one block": 1, "two comparative blocks": 2}


def check_region(region: str) -> str:
    if region not in REGIONS:
        raise ValueError(f"region={region!r}; choose one of {list(REGIONS)}")
    return region


def check_injectate(injectate: str) -> str:
    if injectate not in INJECTATES:
        raise ValueError(f"injectate={injectate!r}; choose one of {list(INJECTATES)}")
    return injectate


def drugs(injectate: str) -> tuple[str, str]:
    """(anaesthetic, steroid) names the recovery model draws this injectate with ('none' for no steroid)."""
    check_injectate(injectate)
    return ANAESTHETIC, (STEROID if injectate == WITH_STEROID else recovery.NO_DRUG)


# -- the tables (each loaded here and nowhere else) ---------------------------------------------------------
def advice_table() -> pd.DataFrame:
    """``data/aftercare_advice.csv``: advice by phase, in clinicians' and patients' words, with its basis."""
    return data.load_table("aftercare_advice")


def when_to_call_table() -> pd.DataFrame:
    """``data/aftercare_when_to_call.csv``: warning signs, what to do, and the basis of each."""
    return data.load_table("aftercare_when_to_call")


def rf_outcomes() -> pd.DataFrame:
    """``data/aftercare_rf_outcomes.csv``: radiofrequency outcomes per study and arm, indexed by id."""
    return data.load_table("aftercare_rf_outcomes").set_index("id", drop=False)


def rf_outcome(row_id: str) -> pd.Series:
    table = rf_outcomes()
    if row_id not in table.index:
        raise ValueError(f"no row '{row_id}' in data/aftercare_rf_outcomes.csv; known: {sorted(table.index)}")
    return table.loc[row_id]


def statements(topic: str | None = None) -> pd.DataFrame:
    """``data/aftercare_statements.csv`` (optionally one topic), indexed by id."""
    table = data.load_table("aftercare_statements").set_index("id", drop=False)
    if topic is None:
        return table
    topics = sorted(set(table["topic"]))
    if topic not in topics:
        raise ValueError(f"topic={topic!r}; choose one of {topics}")
    return table[table["topic"] == topic]


def statement(row_id: str) -> pd.Series:
    table = statements()
    if row_id not in table.index:
        raise ValueError(f"no statement '{row_id}' in data/aftercare_statements.csv")
    return table.loc[row_id]


# -- aftercare by phase -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One piece of advice in its phase: from ``start_hours`` to ``end_hours`` after the injection."""

    phase: str
    start_hours: float
    end_hours: float
    topic: str
    advice: str
    plain: str
    basis: str
    source_id: str


def phase_windows(injectate: str) -> dict[str, tuple[float, float]]:
    """Each phase's window (hours after the injection) for this injectate, from the recovery model; the time
    in the clinic ('before you go home') runs to the advice table's discharge time."""
    return dict(_phase_windows(injectate))


@functools.cache
def _phase_windows(injectate: str) -> tuple[tuple[str, tuple[float, float]], ...]:
    """:func:`phase_windows`, computed once per injectate (the recovery model's curves take milliseconds and
    every advice row asks again)."""
    anaesthetic, steroid = drugs(injectate)
    windows = {p.name: (p.start_hours, p.end_hours) for p in recovery.phases(anaesthetic, steroid)}
    go_home = advice_table().set_index("id").loc["go_home"]
    return tuple({BEFORE_HOME: (0.0, float(go_home["low"])), **windows}.items())


def glucose_days() -> float:
    """How long a patient with diabetes checks blood glucose more often after a steroid (days, at least): the
    longest rise in notebook 04's table and, rounded up to whole days, the latest time any study saw glucose
    peak (``peak_hours_high``), whichever is later (review s16 of 05, F2: a window that ends before the latest
    peak is too short). The one number notebooks 04, 05, 07 and 08 and the leaflets give."""
    peak = systemic_effects.latest_peak_hours("blood glucose")
    peak_days = 0.0 if peak is None else float(math.ceil(peak / recovery.HOURS_PER_DAY))
    return max(systemic_effects.longest_days("blood glucose"), peak_days)


def glucose_rise_days() -> float:
    """The longest rise of blood glucose after a steroid injection in notebook 04's table (days)."""
    return systemic_effects.longest_days("blood glucose")


def glucose_peak_hours() -> float:
    """The latest glucose peak after a steroid injection any study read reports (hours after it)."""
    peak = systemic_effects.latest_peak_hours("blood glucose")
    if peak is None:
        raise ValueError("no study in data/systemic_effects.csv gives a glucose peak time (peak_hours_high)")
    return peak


def flare_days() -> str:
    """The recovery model's possible-flare window in days after the injection ('1 to 3'), for the leaflet."""
    low, high = phase_windows(DIAGNOSTIC)["possible flare"]
    return f"{low / recovery.HOURS_PER_DAY:g} to {high / recovery.HOURS_PER_DAY:g}"


def numb_hours() -> float:
    """End of the recovery model's numb phase for the leaflet's anaesthetic (hours, rounded to whole hours):
    how long the leaflet says the numbness can last."""
    return float(round(phase_windows(DIAGNOSTIC)["anaesthetic block"][1]))


def _fill(text: str, row: pd.Series, region: str) -> str:
    area, limb = AREAS[region]
    return text.format(
        low=row["low"],
        high=row["high"],
        area=area,
        limb=limb,
        glucose_days=f"{glucose_days():g}",
        glucose_rise_days=f"{glucose_rise_days():g}",
        glucose_peak_hours=f"{glucose_peak_hours():g}",
        noac_restart_hours=f"{anticoagulants.noac_restart_hours():g}",
        flare_days=flare_days(),
        numb_hours=f"{numb_hours():g}",
    )


def applies(applies_to: str, injectate: str) -> bool:
    """Whether a row's ``applies_to`` holds for this injectate."""
    if applies_to == "every injection":
        return True
    if applies_to == "with steroid":
        return injectate == WITH_STEROID
    return injectate == DIAGNOSTIC


def steps(region: str, injectate: str) -> list[Step]:
    """The advice for this region and injectate, in phase order (phases absent for it are left out)."""
    check_region(region)
    return list(_steps(region, injectate))


@functools.cache
def _steps(region: str, injectate: str) -> tuple[Step, ...]:
    """:func:`steps` for a checked region, made once per region and injectate (the steps are frozen)."""
    windows = phase_windows(injectate)
    found = []
    for _, row in advice_table().iterrows():
        if not applies(row["applies_to"], injectate) or row["phase"] not in windows:
            continue
        start, end = windows[row["phase"]]
        found.append(
            Step(
                phase=row["phase"],
                start_hours=start,
                end_hours=end,
                topic=row["topic"],
                advice=_fill(row["advice"], row, region),
                plain=_fill(row["plain"], row, region),
                basis=row["basis"],
                source_id=row["source_id"],
            )
        )
    return tuple(sorted(found, key=lambda s: PHASE_ORDER.index(s.phase)))


#: How a patient with an ``ambulance`` sign (anaphylaxis, stroke signs, weakness or numbness that does not
#: wear off or gets worse, new bladder or bowel trouble) gets to the emergency department.
AMBULANCE = "call the emergency number (999 / 911 / 112) for an ambulance now; do not drive yourself"


def when_to_call(region: str | None = None) -> pd.DataFrame:
    """Warning signs, the patient wording filled in: columns id, sign, plain, action, ambulance (True: the
    patient calls an ambulance, :data:`AMBULANCE`, and does not drive), region, basis, note, source_id.
    With ``region`` ('lumbar' or 'cervical'), only the signs for that region's leaflet (those for every
    region and that region's own, such as stroke signs after a neck injection); ``{area}`` is the region's
    ('back or neck' without a region)."""
    table = when_to_call_table()
    if region is not None:
        table = table[table["region"].isin(["every region", check_region(region)])].copy()
    area = "back or neck" if region is None else AREAS[region][0]
    table["plain"] = [
        row["plain"].format(value=row["value"], value_alt=row["value_alt"], area=area)
        for _, row in table.iterrows()
    ]
    return table[
        ["id", "sign", "plain", "action", "ambulance", "signs", "region", "basis", "note", "source_id"]
    ]


#: The when-to-call table's instructions, least urgent first (an ambulance goes to the department).
TRIAGE: tuple[str, ...] = ("call the clinic", "go to the emergency department", "call an ambulance")


def triage_rank(action: str, ambulance: bool) -> int:
    """How urgent a row's instruction is: 0 call the clinic, 1 go to the emergency department, 2 call an
    ambulance (``action`` 'go to the emergency department' with ``ambulance`` True)."""
    if action not in TRIAGE[:2]:
        raise ValueError(f"action={action!r}; the when-to-call actions are {list(TRIAGE[:2])}")
    if ambulance and action != TRIAGE[1]:
        raise ValueError(f"an ambulance takes the patient to the emergency department; got action={action!r}")
    return 2 if ambulance else TRIAGE.index(action)


def sign_clauses(signs: str, plain: str) -> tuple[frozenset[str], ...]:
    """A row's ``signs`` as alternatives (``;``), each the set of signs that must come together (``+``). Every
    sign must be words of the row's patient wording ``plain`` (lower case), so a sign cannot be renamed to
    escape the check of :func:`triage_conflicts`."""
    clauses = []
    for alternative in str(signs).split(";"):
        clause = frozenset(sign.strip() for sign in alternative.split("+"))
        if "" in clause:
            raise ValueError(f"signs={signs!r} has an empty sign; write 'a;b + c' (';' or, '+' and)")
        missing = sorted(sign for sign in clause if sign not in plain.lower())
        if missing:
            raise ValueError(f"signs {missing} are not words of the patient wording {plain!r}")
        clauses.append(clause)
    return tuple(clauses)


def triage_conflicts(table: pd.DataFrame) -> list[str]:
    """Where one leaflet (a :func:`when_to_call` table) gives a sign two different instructions: row a's signs
    (one alternative) are all among row b's (one alternative), yet a is more urgent than b. A patient with b's
    signs then has a's too and reads two instructions, the less urgent one wrong. More signs together may
    only raise the urgency (fever: call the clinic; fever with a stiff neck: the emergency department).
    Empty when the leaflet is consistent; each entry names the signs and the two rows."""
    rows = [
        (
            row["id"],
            triage_rank(row["action"], bool(row["ambulance"])),
            sign_clauses(row["signs"], row["plain"]),
        )
        for _, row in table.iterrows()
    ]
    found = []
    for a_id, a_rank, a_clauses in rows:
        for b_id, b_rank, b_clauses in rows:
            for a in a_clauses:
                for b in b_clauses:
                    if a_id != b_id and a <= b and a_rank > b_rank:
                        found.append(
                            f"{' + '.join(sorted(b))}: {b_id} says {TRIAGE[b_rank]!r}, but it includes "
                            f"{' + '.join(sorted(a))}, for which {a_id} says {TRIAGE[a_rank]!r}"
                        )
    return found


def fever_threshold() -> tuple[float, str, float, str]:
    """(value, unit, value in the other unit, that unit): the fever threshold of patient leaflets."""
    row = when_to_call_table().set_index("id").loc["fever"]
    return float(row["value"]), str(row["unit"]), float(row["value_alt"]), str(row["unit_alt"])


def diary_hours() -> tuple[float, ...]:
    """Times (hours after the injection; negative = before it) the pain diary asks for, notebook 05's."""
    return pain_diary.DIARY_HOURS


def reading_targets() -> tuple[float, float]:
    """(AMA, NIH) recommended US school grade for patient materials."""
    return float(statement("reading_ama")["value"]), float(statement("reading_nih")["value"])


# -- radiofrequency: selection paradigms and how long relief lasts ------------------------------------------
@dataclass(frozen=True)
class ParadigmResult:
    """One arm of notebook 02's trial: success (%) of everyone in the arm and of those treated."""

    paradigm: str
    blocks: int
    success_of_arm_pct: float
    success_of_treated_pct: float
    source_id: str


def paradigm_result(paradigm: str) -> ParadigmResult:
    """Chance of a useful result (at least 50% relief with a positive global effect at 3 months, Cohen 2010's
    definition) after each selection paradigm, from notebook 02's trial table."""
    if paradigm not in PARADIGMS:
        raise ValueError(f"paradigm={paradigm!r}; choose one of {list(PARADIGMS)}")
    blocks = PARADIGMS[paradigm]
    table = block_pathway.trial_table()
    row = table[table["blocks"] == blocks].iloc[0]
    return ParadigmResult(
        paradigm=paradigm,
        blocks=blocks,
        success_of_arm_pct=float(row["success_of_arm_pct"]),
        success_of_treated_pct=float(row["success_of_treated_pct"]),
        source_id=str(row["source_id"]),
    )


def duration_rows(region: str) -> list[str]:
    """Ids of the rows that say how long relief lasted in this region (``data/aftercare_rf_outcomes``)."""
    check_region(region)
    if region == "cervical":
        return ["lord_median_rf", "lord_median_sham"]
    return ["macvicar_duration_first", "macvicar_duration_repeat"]


def per_100(percent: float) -> int:
    """A percentage as a whole number of people in 100 (for plain-language summaries)."""
    if not 0 <= percent <= 100:
        raise ValueError(f"percent={percent} must lie between 0 and 100")
    return int(round(percent))


# -- steroid over a year: sessions, other prescribers, the days each injection's effects may last ----------
DAYS_PER_YEAR = 365


def session_days(sessions: int) -> list[float]:
    """Days of the year (0 = the first) on which ``sessions`` facet sessions fall, evenly spaced."""
    if isinstance(sessions, bool) or not isinstance(sessions, int) or not 1 <= sessions <= 12:
        raise ValueError(f"sessions={sessions!r}; choose a whole number of sessions a year from 1 to 12")
    return [i * DAYS_PER_YEAR / sessions for i in range(sessions)]


def yearly_steroid_mg(sessions: int, joints: int, mg_per_joint: float, other_mg: float = 0.0) -> float:
    """Steroid in a year (mg of one steroid): ``sessions`` sessions of ``joints`` joints at ``mg_per_joint``
    each, plus ``other_mg`` given by anyone else. Each dose is checked by the rule set elsewhere."""
    session_days(sessions)
    if isinstance(joints, bool) or not isinstance(joints, int) or joints < 1:
        raise ValueError(f"joints={joints!r}; give a whole number of joints of at least 1")
    for name, value in (("mg_per_joint", mg_per_joint), ("other_mg", other_mg)):
        if not isinstance(value, int | float) or isinstance(value, bool) or not value >= 0:
            raise ValueError(f"{name}={value!r}; give a dose in mg of 0 or more")
    return sessions * joints * float(mg_per_joint) + float(other_mg)


def days_covered(start_days: list[float], length_days: float, year_days: float = DAYS_PER_YEAR) -> float:
    """Days of the year covered by at least one window ``[start, start + length_days)`` (overlaps counted
    once, windows cut at the year's end): e.g. days on which one injection's effect may still last."""
    if not length_days >= 0:
        raise ValueError(f"length_days={length_days!r} must be 0 or more")
    covered, end_so_far = 0.0, float("-inf")
    for start in sorted(start_days):
        lo, hi = max(start, end_so_far), min(start + length_days, year_days)
        if hi > lo:
            covered += hi - lo
        end_so_far = max(end_so_far, min(start + length_days, year_days))
    return covered
