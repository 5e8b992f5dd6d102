"""05's shared pieces: the log-time axis clinicians read, the default drugs and the curve colours.

No clinical numbers: every number a figure shows comes from the recovery model, which reads ``data/``.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ...core.style import PALETTE, Usage, log_time_axis, new_figure
from ...models import pharmacology, recovery

H = recovery.HOURS_PER_DAY
#: Log-time axis ticks (hours) with the words clinicians use.
TIME_TICKS: dict[float, str] = {
    0.25: "15 min",
    1: "1 h",
    6: "6 h",
    H: "1 day",
    3 * H: "3 days",
    7 * H: "1 week",
    30 * H: "1 month",
    182 * H: "6 months",
}
#: The time axis of the recovery and leaflet figures (hours): six minutes to about ten months.
T_MIN_H, T_MAX_H = 0.1, 300 * H
TIME_LABEL = "time after the injection (log scale: hours to months)"
RESPONDER = PALETTE["green"]
NON_RESPONDER = PALETTE["blue"]
CONTROL_ARM = PALETTE["purple"]
DEFAULT_ANAESTHETIC = "bupivacaine"
DEFAULT_STEROID = "methylprednisolone acetate"


def pick(name: str, options: list[str]) -> str:
    """``name`` if it is one of ``options``, else the first option (a default that survives data edits)."""
    return name if name in options else options[0]


def time_axis(ax: Axes, ticks: dict[float, str] | None = None, label: str = TIME_LABEL) -> None:
    """The lesson's log time axis (hours) with clinicians' tick labels in 8-point type."""
    log_time_axis(ax, TIME_TICKS if ticks is None else ticks, label, (T_MIN_H, T_MAX_H))
    ax.tick_params(axis="x", labelsize=8)


def figure_with_key(usage: Usage = "notebook") -> tuple[Figure, Axes, Axes]:
    """A figure with one plot and, under it, a strip for its legend (:func:`key_below`).

    A legend inside the plot ends up over the curves once the type is larger (slides); in a strip of its own
    the layout makes room for it at any type size, under the x-axis label and above the source note.
    """
    fig, (ax, key) = new_figure(usage, nrows=2)
    ax.get_subplotspec().get_gridspec().set_height_ratios([20, 1])
    key.set_axis_off()
    return fig, ax, key


def key_below(ax: Axes, key: Axes, ncols: int = 2, fontsize: float = 7) -> None:
    """The legend of ``ax``'s labelled artists, centred in the strip ``key`` under it."""
    handles, labels = ax.get_legend_handles_labels()
    key.legend(
        handles, labels, loc="center", ncols=ncols, fontsize=fontsize, borderaxespad=0, columnspacing=1.0
    )


def first_source(row_source_id: str) -> str:
    """The first reference id of a row's ``source_id`` (the study itself, before any commentary on it)."""
    return row_source_id.split(";")[0].strip()


def drawn_steroids() -> tuple[list[str], list[str]]:
    """The steroids the recovery figure offers (with 'none'), and those it leaves out.

    The figure's steroid curve is one HYPOTHETICAL depot time course (knee proxies). A steroid whose own rows
    in notebook 04's time-course table put its peak wholly before that curve's peak begins (dexamethasone,
    soluble: the label's rapid onset and short duration) is left out rather than drawn with a depot timing.
    """
    first_peak_day = recovery.steroid_envelope_days()["peak_days"][0]
    drawn, left_out = [], []
    for name in recovery.steroid_names():
        if (
            name != recovery.NO_DRUG
            and pharmacology.steroid_time_course(name).peak_days.high < first_peak_day
        ):
            left_out.append(name)
        else:
            drawn.append(name)
    return drawn, left_out
