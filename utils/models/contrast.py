"""Contrast under fluoroscopy: measured intravascular uptake and what each contrast pattern means.

The one loader of ``data/contrast_intravascular.csv`` (uptake in medial branch blocks, and how many of those
aspiration and a spot film caught), of ``data/contrast_intravascular_intraarticular.csv`` (uptake in
intra-articular facet joint injections) and of ``data/contrast_patterns.csv`` (what an arthrogram, a
periarticular spread and vascular uptake look like, mean and call for) and of
``data/contrast_agent_labels.csv`` (strengths whose label restricts intrathecal use, mgI/mL). Numbers in,
numbers out; percentages 0-100.
"""

from __future__ import annotations

import pandas as pd

from ..core import data


def intravascular_table() -> pd.DataFrame:
    """``data/contrast_intravascular.csv``: region, injections, intravascular (%) and, where counted, how
    many intravascular injections aspiration and a spot film detected."""
    return data.load_table("contrast_intravascular")


def intra_articular_table() -> pd.DataFrame:
    """``data/contrast_intravascular_intraarticular.csv``: intravascular uptake (%) measured during
    intra-articular facet joint injections (the procedure the course simulates); ``injections`` is empty
    where the source does not give it."""
    return data.load_table("contrast_intravascular_intraarticular")


def patterns_table() -> pd.DataFrame:
    """``data/contrast_patterns.csv``: pattern, looks_like, means, action, source_id."""
    return data.load_table("contrast_patterns")


def pattern(name: str) -> pd.Series:
    """One contrast pattern's row (looks_like, means, action, source_id)."""
    table = patterns_table().set_index("pattern")
    if name not in table.index:
        raise ValueError(f"unknown contrast pattern '{name}'; known: {', '.join(table.index)}")
    return table.loc[name]


def counted_series() -> pd.DataFrame:
    """The series that counted how many intravascular injections aspiration and a spot film caught."""
    return intravascular_table().dropna(subset=["intravascular_n"])


def caught_percent(series: pd.Series, test: str) -> float:
    """Share (%) of a series' intravascular injections that ``test`` ('aspiration' or 'spot') detected."""
    if test not in ("aspiration", "spot"):
        raise ValueError(f"test must be 'aspiration' or 'spot', not {test!r}")
    return float(100 * series[f"{test}_positive_n"] / series["intravascular_n"])


def first_counted_series() -> pd.Series:
    """The first series in the table with counts (the largest lumbar series): what the lesson quotes."""
    return counted_series().iloc[0]


def agent_label_table() -> pd.DataFrame:
    """``data/contrast_agent_labels.csv``: per contrast agent and strength (mgI/mL), what its label says of
    intrathecal use, with the label as source."""
    return data.load_table("contrast_agent_labels")


def strengths_not_for_intrathecal_use(agent: str) -> tuple[list[float], str]:
    """The strengths (mgI/mL) of ``agent`` (e.g. 'iohexol') whose label marks them not for intrathecal use,
    lowest first, and their source id(s); ValueError naming the agents listed if ``agent`` has none."""
    table = agent_label_table()
    rows = table[(table["agent"] == agent) & (table["intrathecal_use"] == "not for intrathecal use")]
    if rows.empty:
        raise ValueError(
            f"no strength of {agent!r} marked not for intrathecal use in data/contrast_agent_labels.csv; "
            f"agents listed: {', '.join(sorted(set(table['agent'])))}"
        )
    rows = rows.sort_values("strength_mgi_per_ml")
    return [float(v) for v in rows["strength_mgi_per_ml"]], ";".join(dict.fromkeys(rows["source_id"]))
