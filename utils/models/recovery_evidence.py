"""The recovery numbers from ``data/``: outcomes of the facet trials, the model's assumptions, leaflet claims.

Each table has its one loader here (``recovery_outcomes``, ``recovery_model_assumptions``,
``recovery_leaflet_claims``), with the small readers the model and the lesson use: the endpoint
(:func:`return_relief`), the flare counted by Plastaras 2014, the pre-injection pain, Carette 1991's
difference and the points a survival curve is drawn against.

Time is in hours (``*_hours``) or days (``*_days``); pain is the 0-10 numeric rating scale.
"""

from __future__ import annotations

import pandas as pd

from ..core import data

HOURS_PER_DAY = 24.0
#: Pain scale limits (numeric rating scale).
PAIN_MIN, PAIN_MAX = 0.0, 10.0
#: Longest time the model is asked about: two years, the longest follow-up in data/recovery_outcomes.
MAX_HOURS = 730 * HOURS_PER_DAY

NO_DRUG = "none"


# -- the tables (each loaded here and nowhere else) ---------------------------------------------------------
def outcomes() -> pd.DataFrame:
    """The sourced outcome table (data/recovery_outcomes), indexed by row id."""
    return data.load_table("recovery_outcomes").set_index("id", drop=False)


def outcome(row_id: str) -> pd.Series:
    """One outcome row by id, with a clear message when it does not exist."""
    table = outcomes()
    if row_id not in table.index:
        raise ValueError(f"no outcome '{row_id}' in data/recovery_outcomes.csv; known: {sorted(table.index)}")
    return table.loc[row_id]


def assumption(row_id: str) -> pd.Series:
    """One model assumption (data/recovery_model_assumptions) by id."""
    table = data.load_table("recovery_model_assumptions").set_index("id", drop=False)
    if row_id not in table.index:
        raise ValueError(f"no assumption '{row_id}' in data/recovery_model_assumptions.csv")
    return table.loc[row_id]


def leaflet_claims() -> pd.DataFrame:
    """What patient leaflets and clinic pages promise (data/recovery_leaflet_claims): claim, days promised
    (``low_days``-``high_days``), the verdict of the trials, the correction and its evidence (outcome ids)."""
    return data.load_table("recovery_leaflet_claims")


# -- readers ----------------------------------------------------------------------------------------------
def return_relief() -> float:
    """The endpoint as a fraction (0..1): pain has "returned" when relief falls below it (Barnsley 1994)."""
    row = assumption("return_relief")
    if row["unit"] != "percent of pre-injection pain":
        raise ValueError(f"return_relief must be a percent of pre-injection pain; got unit {row['unit']!r}")
    return float(row["value"]) / 100.0


def timing_spread() -> float:
    """ILLUSTRATIVE between-patient spread of drug timing: SD of the natural log of the time scale."""
    return float(assumption("timing_spread")["value"])


def flare_probability() -> float:
    """Share of procedures followed by a pain exacerbation (fraction), Plastaras 2014."""
    return float(outcome("plastaras_pain_exacerbation")["value"]) / 100.0


def flare_window_hours() -> tuple[float, float]:
    """The delayed adverse-event window (hours after the injection) in which flares were counted."""
    row = outcome("plastaras_delayed_window")
    return float(row["value"]), float(row["value_high"])


def flare_size_points() -> float:
    """Illustrative flare size on the 0-10 scale (not reported by the source; see the assumptions table)."""
    return float(assumption("flare_size")["value"])


def typical_baseline() -> tuple[float, float]:
    """Mean and SD of pre-injection pain (0-10), Plastaras 2014."""
    row = outcome("plastaras_pain_before")
    return float(row["value"]), float(row["sd"])


def carette_extra_responders_percent() -> float:
    """Percentage points more patients improved at one month with steroid than with saline (Carette 1991).

    A difference that was **not significant** in that trial: the course uses it only as a what-if share of
    extra steroid responders, never as a rate the trial showed.
    """
    return float(outcome("carette_1m_steroid")["value"] - outcome("carette_1m_saline")["value"])


def published_points() -> pd.DataFrame:
    """Reported fractions still relieved at a time (days), for plotting against a survival curve.

    Medians become 50% at the median time; "less than" bounds keep their bound. Columns: id, label, region,
    arm, time_days, percent, bound, n, source_id.
    """
    table = outcomes()
    rows = []
    for row_id in ("barnsley_median_steroid", "barnsley_median_bupivacaine"):
        r = table.loc[row_id]
        rows.append(
            {**r.to_dict(), "time_days": float(r["value"]), "percent": 50.0, "label": f"median, {r['arm']}"}
        )
    for row_id in (
        "barnsley_beyond_1w",
        "barnsley_beyond_1m",
        "lilius_3m",
        "carette_1m_steroid",
        "carette_1m_saline",
    ):
        r = table.loc[row_id]
        rows.append({**r.to_dict(), "percent": float(r["value"]), "label": f"{r['quantity']}, {r['arm']}"})
    frame = pd.DataFrame(rows)[
        ["id", "label", "region", "arm", "time_days", "percent", "bound", "n", "source_id"]
    ]
    return frame.reset_index(drop=True)
