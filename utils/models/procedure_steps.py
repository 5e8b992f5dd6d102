"""The steps of a fluoroscopy-guided facet injection, from consent to discharge, and what leaflets say.

The one loader of ``data/procedure_steps.csv``: each step's order, what happens and why, its duration
(minutes) where sourced, what patient leaflets say about it and what they leave out.
"""

from __future__ import annotations

import math

import pandas as pd

from ..core import data

#: What a step's ``leaflet_says`` cell shows when no leaflet mentions the step.
NOT_MENTIONED = "(not mentioned)"


def procedure_steps_table() -> pd.DataFrame:
    """``data/procedure_steps.csv`` in the order of the procedure."""
    return data.load_table("procedure_steps").sort_values("order")


def step(name: str) -> pd.Series:
    """One step's row by its name (e.g. 'Skin local anaesthetic')."""
    table = procedure_steps_table().set_index("step")
    if name not in table.index:
        raise ValueError(f"unknown procedure step '{name}'; known: {', '.join(table.index)}")
    return table.loc[name]


def leaflet_mentions(leaflet_says: object) -> bool:
    """Whether a step's ``leaflet_says`` cell records something a leaflet says: False for an empty cell
    (None, NaN, blank) or the placeholder '(not mentioned)'."""
    if leaflet_says is None or (isinstance(leaflet_says, float) and math.isnan(leaflet_says)):
        return False
    text = str(leaflet_says).strip()
    return bool(text) and text != NOT_MENTIONED
