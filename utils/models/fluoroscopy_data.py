"""The fluoroscopy tables of ``data/``, each read by one loader here (no plotting, no geometry).

* ``fluoroscopy_model_assumptions``: the teaching model's stated parameters (illustrative where no source
  gives a number), :func:`model_assumption_table` and :func:`model_assumption` / :func:`assumption_source`;
* ``fluoroscopy_views``: what each view shows (the Scotty dog's parts, posterior and anterior joint lines),
  :func:`views_table`;
* ``fluoroscopy_needle_scenarios``: the needle planner's set scenarios, :func:`needle_scenarios_table`;
* ``fluoroscopy_regional_differences``: what differs outside the lumbar spine,
  :func:`regional_differences_table`.
"""

from __future__ import annotations

import functools

import pandas as pd

from ..core import data


def model_assumption_table() -> pd.DataFrame:
    """``data/fluoroscopy_model_assumptions.csv``: id, parameter, value (in its unit), basis, source_id."""
    return data.load_table("fluoroscopy_model_assumptions")


@functools.lru_cache(maxsize=64)
def _assumption_row(key: str) -> tuple[float, str]:
    table = model_assumption_table().set_index("id")
    if key not in table.index:
        raise ValueError(f"unknown model assumption '{key}'; known: {', '.join(table.index)}")
    return float(table.loc[key, "value"]), str(table.loc[key, "source_id"])


def model_assumption(key: str) -> float:
    """A teaching-model parameter from data/fluoroscopy_model_assumptions.csv (value in its stated unit)."""
    return _assumption_row(key)[0]


def assumption_source(key: str) -> str:
    """The ';'-joined reference ids cited beside one teaching-model parameter."""
    return _assumption_row(key)[1]


def views_table() -> pd.DataFrame:
    """``data/fluoroscopy_views.csv``: topic, item, statement and source of what each view shows."""
    return data.load_table("fluoroscopy_views")


def views_on(topic: str) -> pd.DataFrame:
    """The rows of :func:`views_table` on one topic (e.g. 'scotty_dog', 'joint_margins'), in table order."""
    table = views_table()
    rows = table[table["topic"] == topic]
    if rows.empty:
        raise ValueError(
            f"no fluoroscopy view rows on topic '{topic}'; known: {', '.join(table['topic'].unique())}"
        )
    return rows


def view_statement(item: str) -> str:
    """What the sources say about one item of a view (e.g. 'neck' -> 'pars interarticularis')."""
    table = views_table().set_index("item")
    if item not in table.index:
        raise ValueError(f"no fluoroscopy view item '{item}' in data/fluoroscopy_views.csv")
    return str(table.loc[item, "statement"])


def needle_scenarios_table() -> pd.DataFrame:
    """``data/fluoroscopy_needle_scenarios.csv``: the needle planner's set scenarios (SYNTHETIC)."""
    return data.load_table("fluoroscopy_needle_scenarios")


def regional_differences_table() -> pd.DataFrame:
    """``data/fluoroscopy_regional_differences.csv``: what differs outside the lumbar spine, with sources."""
    return data.load_table("fluoroscopy_regional_differences")


def view_source(item: str) -> str:
    """The reference ids behind one item of a view (the row's source_id)."""
    table = views_table().set_index("item")
    if item not in table.index:
        raise ValueError(f"no fluoroscopy view item '{item}' in data/fluoroscopy_views.csv")
    return str(table.loc[item, "source_id"])
