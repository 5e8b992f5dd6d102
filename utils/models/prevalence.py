"""How common facet joint pain is, by diagnostic method, and the saline response of placebo-controlled blocks.

The one loader of ``data/facet_pain_prevalence.csv`` (percentages of patients, with confidence intervals,
the diagnostic method and the source), asked by notebook 01 (prevalence) and by the recovery model (the
saline response that bounds non-specific relief after an injection without local anaesthetic).
"""

from __future__ import annotations

import pandas as pd

from ..core import data


def prevalence_table() -> pd.DataFrame:
    """``data/facet_pain_prevalence.csv`` as stored: region, population, quantity, ``value_pct`` with
    ``ci_low_pct``/``ci_high_pct`` (% of patients), diagnostic method, criterion, n, source_id."""
    return data.load_table("facet_pain_prevalence")


def placebo_response() -> pd.Series:
    """The one ``placebo_response`` row: share (%) with more than 50% relief after a saline control
    injection (Schwarzer 1995, lumbar; saline into the paraspinal muscles)."""
    table = prevalence_table()
    found = table[table["quantity"] == "placebo_response"]
    if len(found) != 1:
        raise ValueError("data/facet_pain_prevalence.csv needs exactly one placebo_response row")
    return found.iloc[0]


def placebo_response_fraction() -> float:
    """Share (0..1) of patients with more than 50% relief after a saline control injection
    (:func:`placebo_response`)."""
    return float(placebo_response()["value_pct"]) / 100.0
