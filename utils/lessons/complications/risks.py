"""06, section 1: how often things go wrong, each rate per 1,000 of its own denominator.

Rates from :mod:`facet_course.models.complications` (its own table, and rates borrowed from notebooks 03 and
05
through their models). The icon array fills one icon per event in 1,000 of the rate's own unit (injections,
procedures, lesion sites): panels are never added together, and no rate is converted to another denominator.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.collections import QuadMesh
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.text import Text

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, presenting, source_note
from ...models import complications

#: Icon grid of each panel: columns x rows = 1,000 icons.
COLS, ROWS = 50, 20
EVENT_COLOUR = PALETTE["vermillion"]
EMPTY_COLOUR = "#D9D9D9"
PANELS = max(len(complications.rates_for(s)) for s in complications.scenarios())
DEFAULT_SCENARIO = complications.scenarios()[0]
NOTEBOOK_NAMES = {"03": "notebook 03", "05": "notebook 05"}


def _rule_of_three() -> str:
    return citations.author_year(citations.source("zero_events_bound"))


#: Rates read from the 2022 cervical guideline's complications table, not from the study's own text.
TABULATED: frozenset[str] = frozenset({"rf_ton_numbness", "rf_ton_ataxia", "rf_ton_dysaesthesia"})


def _where(rate: complications.Rate) -> str:
    """'Lee 2008, notebook 03' or 'Kennedy 2013': the source label, and the notebook that teaches it."""
    label = citations.author_year(rate.source_id.split(";")[0])
    if rate.key in TABULATED:  # review s12 F3: the percentages are the guideline table's, not the paper's
        label += (
            f", as tabulated by {citations.author_year(citations.source('cervical_complications_table'))}"
        )
    return f"{label}, {NOTEBOOK_NAMES[rate.notebook]}" if rate.notebook else label


def rates_table(scenario: str | None = None) -> pd.DataFrame:
    """Every rate (or one scenario's), per 1,000 of its own denominator, with counts and sources."""
    rates = complications.all_rates() if scenario is None else complications.rates_for(scenario)
    rows = []
    for r in rates:
        if r.rate_percent is None:
            continue
        rows.append(
            {
                "event": r.event,
                "procedure": r.procedure,
                "region": r.region,
                "rate in its own denominator": r.text(),
                "counts": r.count_text() or "not given",
                "source": _where(r),
            }
        )
    return pd.DataFrame(rows)


def no_rate_table() -> pd.DataFrame:
    """Events the sources report without a rate, what was reported, and why there is no rate."""
    return pd.DataFrame(
        {
            "event": r.event,
            "procedure": r.procedure,
            "why no rate": r.evidence.removeprefix("no rate: "),
            "what was reported": r.finding,
            "source": citations.author_year(r.source_id),
        }
        for r in complications.rates_without_rate()
    )


def _icon_order() -> np.ndarray:
    """Each icon's place in the filling order (0 = first), as a ROWS x COLS array whose row 0 is drawn at
    the bottom: filled row by row from the top left."""
    rows, cols = np.indices((ROWS, COLS))
    return (ROWS - 1 - rows) * COLS + cols


#: A panel title on a slide: characters per line (bold type) and lines (the longest event and rate wrap).
SLIDE_TITLE_CHARS, SLIDE_TITLE_LINES = 38, 5
#: The figure's size (inches) on the page, and on a slide (and in a handout): there as wide as its place
#: beside the controls allows at the same type size, so that the titles take fewer lines and the arrays the
#: height they leave (at the page's width they were small under six-line titles: handout review).
PAGE_SIZE, SLIDE_SIZE = (7.6, 5.0), (8.6, 5.0)


def _panel_title(rate: complications.Rate) -> str:
    """Three short lines: the event, the rate per 1,000 of its unit, the counts and source."""
    event = textwrap.shorten(rate.event, 46, placeholder="...")
    counts = rate.count_text() or (
        f"of {rate.denominator:,} {rate.unit}" if rate.denominator else rate.region
    )
    third = f"{counts}; {_where(rate).replace(', as tabulated by ', ' via ')}"  # short form for the panel
    bound = rate.upper_95_per_1000
    second = rate.text() if bound is None else f"none seen; up to about {bound:.1f} per 1,000 (95% bound)"
    if bound is not None and rate.ci95_percent is not None:  # the authors' interval (review s12 F4)
        second = (
            f"none seen; 95% CI up to {complications.per_1000(rate.ci95_percent[1]):g} per 1,000 (authors)"
        )
    if rate.count_text() == "" and "count behind" in second:  # the panel's short form (review s12 F3)
        second = f"{rate.rate_percent:.0f}% (the count behind it is not given)"
    if not presenting():
        return f"{event}\n{second}\n{textwrap.shorten(third, 52, placeholder='...')}"
    # on a slide the type is about 1.45 times larger: each line wraps (none is cut short), padded to one
    # height for every panel (the frame's layout is fixed)
    lines = [
        *textwrap.wrap(rate.event, SLIDE_TITLE_CHARS),
        *textwrap.wrap(second, SLIDE_TITLE_CHARS),
        *textwrap.wrap(third, SLIDE_TITLE_CHARS),
    ]
    return "\n".join(lines + [" "] * (SLIDE_TITLE_LINES - len(lines)))


def _draw_icons() -> tuple[Figure, Callable[..., str]]:
    """Up to four icon arrays of 1,000 (one per rate), each filled to the rate in its own denominator."""
    fig, axes = new_figure("notebook", ncols=2, nrows=2)
    fig.set_size_inches(*(SLIDE_SIZE if presenting() else PAGE_SIZE))
    order = _icon_order()
    arrays: list[QuadMesh] = []
    titles: list[Text] = []
    notes: list[Text] = []
    for ax in axes:
        # one cell per icon, white lines between them: the icons grow with the panel (markers of a fixed
        # size in points stayed tiny in the panels' room on a slide and in a handout: handout review)
        arrays.append(
            ax.pcolormesh(
                np.arange(COLS + 1) - 0.5,
                np.arange(ROWS + 1) - 0.5,
                np.zeros((ROWS, COLS)),
                cmap=ListedColormap([EMPTY_COLOUR, EVENT_COLOUR]),
                vmin=0,
                vmax=1,
                edgecolors="white",
                linewidth=0.4,
            )
        )
        blank = "\n".join([" "] * (SLIDE_TITLE_LINES if presenting() else 3))  # the titles' height, fixed
        titles.append(ax.set_title(blank, fontsize=8.5, loc="left"))
        notes.append(ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=9))
        ax.set_xlim(-0.5, COLS - 0.5)
        ax.set_ylim(-0.5, ROWS - 0.5)
        ax.set_aspect("equal")
        ax.set_anchor("W")  # a shrunk array keeps its left edge, where its title starts (room to the right)
        ax.axis("off")
    heading = fig.suptitle("", fontweight="bold", fontsize=10.5)
    note = source_note(fig, "")

    def update(scenario: str) -> str:
        rates = complications.rates_for(scenario)
        for i, ax in enumerate(axes):
            shown = i < len(rates)
            ax.set_visible(shown)
            if not shown:
                continue
            r = rates[i]
            filled = complications.icons_filled(r.rate_percent or 0.0)
            arrays[i].set_array((order < filled).astype(float))
            titles[i].set_text(_panel_title(r))
            bound = r.upper_95_per_1000
            notes[i].set_text(
                ""
                if filled
                else "none in 1,000"
                if bound is None
                else f"none seen in {r.denominator:,}:\nthe true rate may be up to\n"
                f"about {bound:.1f} per 1,000"
                if r.ci95_percent is None
                else f"none seen in {r.denominator:,}:\nthe authors' 95% CI reaches\n"
                f"{complications.per_1000(r.ci95_percent[1]):g} per 1,000"
            )
        heading.set_text(
            f"{scenario[:1].upper()}{scenario[1:]}\n"
            "each panel is 1,000 of its own unit; never add panels together"
        )
        zero = [r for r in rates if r.upper_95_per_1000 is not None]
        authors = [r for r in zero if r.ci95_percent is not None]
        note.set_text(
            citations.cite(*[r.source_id for r in rates])
            + ". Red squares = events per 1,000 of the panel's unit (injections, procedures or lesion "
            "sites). "
            + (
                "For none seen, the authors' 95% confidence interval is shown; the rule of three gives a "
                f"similar bound ({_rule_of_three()})."
                if zero and len(authors) == len(zero)
                else "No source read gives a confidence interval"
                + (
                    f"; for none seen, the rule of three gives its upper bound ({_rule_of_three()})."
                    if zero
                    else "."
                )
            )
        )
        return "; ".join(f"{r.event}: {r.text()} ({_where(r)})" for r in rates)

    return fig, update


def risk_explorer() -> Explorer:
    """Choose the procedure and region; see each event per 1,000 of its own denominator."""
    options = complications.scenarios()
    return explore(
        "risk-per-1000",
        _draw_icons,
        [Control("scenario", "Procedure and region", options, value=DEFAULT_SCENARIO)],
        question="Which event is the most common in each procedure, and per 1,000 of what: injections, "
        "procedures or lesion sites?",
        alt="Icon arrays of 1,000 squares, one per event, each filled in red to the number of events "
        "per 1,000 "
        "of its own denominator (injections, procedures or lesion sites), with counts and sources in each "
        "panel's title.",
    )


@figure("complication-rates-per-1000-own-denominator")
def risk_figure() -> tuple[Figure, str]:
    """The icon arrays for the default procedure (lumbar medial branch block)."""
    explorer = risk_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    return fig, f"Icon arrays of 1,000 for a {DEFAULT_SCENARIO}, each in its own denominator. {readout}."
