"""Systemic effects of injected corticosteroids: raised blood glucose and adrenal axis suppression, by study.

One row per study in ``data/systemic_effects.csv`` (loaded here and nowhere else). Days after the injection
in ``days_low``-``days_high``, read by ``days_kind``: 'lasted' = the effect lasted from the injection for
between days_low and days_high days (0 when none was found); 'found' = the effect was found when measured
between those days, and the study says nothing of other days. Doses in mg, the headline number in the row's
own unit. Most studies are of epidural or knee injections, not facet joints.

Also the one loader of ``data/steroid_interactions.csv``: injected steroids in patients on ritonavir or
cobicistat (iatrogenic Cushing's syndrome and adrenal suppression), one number a source reports per row.
"""

from __future__ import annotations

import pandas as pd

from ..core import data

#: The two effects the table records, in the words of its ``effect`` column.
EFFECTS: tuple[str, ...] = ("blood glucose", "adrenal axis suppression")


def systemic_effect_table() -> pd.DataFrame:
    """``data/systemic_effects.csv``: one row per study (effect, injection, drug, dose in mg, patients, how
    many days the effect lasted, finding, source)."""
    return data.load_table("systemic_effects")


def systemic_effect(study_id: str) -> pd.Series:
    """One study's row by its ``id`` (e.g. 'glucose_knee_habib'); ValueError listing the ids if unknown."""
    return data.row(systemic_effect_table(), study_id, "study")


def longest_days(effect: str) -> float:
    """The longest time (days) any study found ``effect`` ('blood glucose' or 'adrenal axis suppression')."""
    if effect not in EFFECTS:
        raise ValueError(f"effect must be one of {', '.join(EFFECTS)}; got {effect!r}")
    frame = systemic_effect_table()
    return float(frame.loc[frame["effect"] == effect, "days_high"].max())


def latest_peak_hours(effect: str) -> float | None:
    """The latest time (hours after the injection) at which any study read saw ``effect`` peak, from the
    optional ``peak_hours_high`` column (None when no study gives one)."""
    if effect not in EFFECTS:
        raise ValueError(f"effect must be one of {', '.join(EFFECTS)}; got {effect!r}")
    frame = systemic_effect_table()
    peaks = frame.loc[frame["effect"] == effect, "peak_hours_high"].dropna()
    return None if peaks.empty else float(peaks.max())


#: What a study says of one day after the injection (:func:`status_on_day`).
STATUSES: tuple[str, ...] = ("lasted at least this long", "ended within this range", "found when measured")


def measured_on_a_few_days(row: pd.Series) -> bool:
    """True when a study's row is read as 'found when measured': a 'found' row, or a row whose ``days_note``
    says it measured on a few days only (e.g. at weeks 1, 4 and 12), so nothing was measured before its
    first measurement or between its measurements (review s15 of 04, F6)."""
    note = row.get("days_note")
    return row["days_kind"] == "found" or (isinstance(note, str) and note.startswith("measured at"))


def status_on_day(row: pd.Series, day: float) -> str | None:
    """What a study's row says of ``day`` (days after the injection): 'lasted at least this long' (a
    'lasted' row, day within its shortest duration), 'ended within this range' (between its shortest and
    longest), 'found when measured' (a row :func:`measured_on_a_few_days`, measured and positive between its
    first and last measurement), or None (the study says nothing of this day, or the effect had ended)."""
    low, high = float(row["days_low"]), float(row["days_high"])
    if measured_on_a_few_days(row):
        return STATUSES[2] if low <= day <= high else None
    if high == 0:
        return None
    if day <= low:
        return STATUSES[0]
    return STATUSES[1] if day <= high else None


def steroid_interaction_table() -> pd.DataFrame:
    """``data/steroid_interactions.csv``: per number a source reports about an injected steroid with ritonavir
    or cobicistat: inhibitor, steroid, injection, what is counted (``quantity``), value in ``unit`` (cases,
    patients, weeks or percent), note, source."""
    return data.load_table("steroid_interactions")


def steroid_interaction(row_id: str) -> pd.Series:
    """One row of ``data/steroid_interactions.csv`` by its ``id``; ValueError listing the ids if unknown."""
    return data.row(steroid_interaction_table(), row_id)
