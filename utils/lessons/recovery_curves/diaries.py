"""05, section 4: reading a pain diary after a diagnostic block.

The stored SYNTHETIC example diaries (``data/recovery_diaries``) and small hand-made SYNTHETIC diaries (one
per reading rule) read by :mod:`facet_course.models.pain_diary`, against the cut-off of the guideline for each
diary's region.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, log_time_axis, new_figure, source_note, synthetic_label
from ...models import pain_diary, recovery

#: The diary axis (hours after the block) with clinicians' tick labels.
DIARY_TICKS: dict[float, str] = {
    0.25: "15 min",
    1: "1 h",
    4: "4 h",
    12: "12 h",
    24: "1 day",
    72: "3 days",
    168: "1 week",
}
#: SYNTHETIC hand-made diaries (from the clinical reviews) that show the reader's rules: (hours after the
#: injection, pain 0-10) entries, read after a lumbar lidocaine block.
READING_RULE_DIARIES: dict[str, tuple[str, list[tuple[float, float]]]] = {
    "week-old score before the block": (
        "the baseline is the last score before the injection; an earlier one that disagrees is a caution",
        [(-168, 9), (-0.25, 3), (0.25, 3), (0.5, 3), (1, 3), (2, 3), (4, 3)],
    ),
    "very little pain before the block": (
        "below the minimum baseline the block is not interpretable",
        [(-0.25, 1), (0.5, 0), (1, 0), (2, 1)],
    ),
    "only score a week before the block": (
        "a baseline written long before the injection may not be the pain at the time: a caution, and a "
        "positive verdict says the baseline was not same-day",
        [(-168, 7), (0.5, 2), (1, 2), (2, 2), (3, 7)],
    ),
    "relief only at 15 minutes": (
        "one rule at every time: relief at a single entry that had surely ended (by the next entry) sooner "
        "than half the drug's shortest published duration is not confirmed; this early it may also be the "
        "skin and needle-track anaesthetic",
        [(-0.25, 7), (0.25, 3), (0.5, 7), (1, 7), (2, 7), (4, 7)],
    ),
    "relief seen once, at 45 minutes": (
        "the same rule at 45 minutes: one short reading cannot show relief consistent with the drug, so not "
        "confirmed",
        [(-0.25, 8), (0.5, 8), (0.75, 2), (1, 8), (2, 8), (4, 8)],
    ),
    "relief seen once, at 1 hour": (
        "the same rule at 1 hour: no relief at 30 minutes, relief at 1 hour only, gone by 1.5 hours",
        [(-0.25, 10), (0.5, 10), (1, 4), (1.5, 10), (2, 10), (4, 10)],
    ),
    "relief seen once, next score at 3 hours": (
        "one reading whose relief may have lasted as long as the drug (the next entry is late) reads "
        "'positive on a single reading': it rests on one entry",
        [(-0.25, 6), (1, 0), (3, 6), (4, 6)],
    ),
    "relief seen at 15 and 30 minutes, next score at 3 hours": (
        "relief first seen in the first half hour that may have lasted as long as the drug (the next entry "
        "is late) reads like the same relief seen later: the block is expected to act that early, so only "
        "early relief seen to end soon (or whose end is unseen) is not confirmed",
        [(-0.25, 8), (0.25, 0), (0.5, 0), (3, 8), (4, 8)],
    ),
    "relief at two entries, ending early": (
        "relief at two or more entries counts; gone sooner than the drug is expected to act, the verdict "
        "says so and asks for a comparative block, never 'negative' (no guideline sets a duration)",
        [(-0.25, 8), (0.25, 8), (0.5, 2), (0.75, 2), (1, 8), (2, 8), (4, 8)],
    ),
    "relief starting only at 4 hours": (
        "relief must start while the anaesthetic sets in; relief that starts later is late or non-specific "
        "and never makes the block positive",
        [(-0.25, 8), (1, 8), (2, 8), (4, 2)],
    ),
    "relief first seen after a late entry without relief": (
        "an entry with no relief written after the drug's latest published onset means relief had not begun "
        "when the drug should act: the onset is not interpolated back past it, so relief first seen at "
        "1.5 h is late for lidocaine and the block not confirmed",
        [(-0.25, 8), (0.5, 8), (1, 8), (1.5, 2), (2, 2), (3, 8)],
    ),
    "diary stopped while relief lasted": (
        "relief at two entries and still present at the last one: positive, its duration only a lower "
        "bound ('at least')",
        [(-0.25, 8), (1, 0), (2, 0)],
    ),
    "diary stopped after one reading": (
        "relief at a single entry and no later one: its end is unseen, so not confirmed, as when the next "
        "entry shows the pain back; a diary that stops never reads stronger than one that shows the pain "
        "back",
        [(-0.25, 8), (1, 0)],
    ),
    "diary stopped at 15 minutes": (
        "relief only within the first half hour and no later entry: not confirmed (possibly the skin and "
        "needle-track anaesthetic), the same as 'relief only at 15 minutes'",
        [(-0.25, 8), (0.25, 0)],
    ),
    "a day without scores": (
        "relief is timed only over observed entries: a gap longer than the course allows ends it, as a "
        "lower bound ('at least')",
        [(-0.25, 8), (0.5, 2), (1, 2), (24, 3)],
    ),
}


def _read_example(diary_id: str) -> pain_diary.DiaryResult:
    """One stored SYNTHETIC example diary read with its own anaesthetic and region."""
    row = pain_diary.example_index().loc[diary_id]
    return pain_diary.analyse_diary(pain_diary.example_diary(diary_id), row["anaesthetic"], row["region"])


#: The qualified verdicts are the model's (review s16 of 05, F1: one verdict rule, in
#: :meth:`pain_diary.DiaryResult.verdict_label`); re-exported for the lesson's callers.
SHORT_RELIEF_LABEL = pain_diary.SHORT_RELIEF_LABEL
OLD_BASELINE_LABEL = pain_diary.OLD_BASELINE_LABEL


def verdict_label(result: pain_diary.DiaryResult) -> str:
    """The reader's verdict for a table: exactly :meth:`pain_diary.DiaryResult.verdict_label` (the lesson
    adds no label of its own)."""
    return result.verdict_label()


def diary_results_table() -> pd.DataFrame:
    """Each stored SYNTHETIC example diary read by the diary reader, with its region's cut-off."""
    rows = []
    for diary_id, row in pain_diary.example_index().iterrows():
        result = _read_example(diary_id)
        rows.append(
            {
                "diary (SYNTHETIC)": row["name"],
                "region": row["region"],
                "anaesthetic": row["anaesthetic"],
                "baseline (0-10)": round(result.baseline_pain, 1),
                "best relief of the block (%)": round(result.peak_relief_percent),
                "cut-off": recovery.cutoff_text(row["region"]),
                "relief must start by": pain_diary.clock_text(result.onset_limit_hours),
                "verdict": verdict_label(result),
                "relief at the cut-off lasted (from its onset)": result.duration_text(),
                "duration against the drug": result.duration_verdict.split(" (")[0].split(":")[0],
                "later relief, not counted (%)": _later_text(result),
            }
        )
    return pd.DataFrame(rows)


def _later_text(result: pain_diary.DiaryResult) -> str:
    """Relief at the cut-off after the block's own relief, which never counts: its best percentage and why."""
    if result.late_relief_percent is None:
        return ""
    why = "after a gap with no scores" if result.late_after_gap else "after the onset window"
    return f"{result.late_relief_percent:.0f} (from {result.late_hours:g} h, {why})"


def diary_summaries() -> str:
    """The diary reader's account of each stored SYNTHETIC example, one paragraph each."""
    return "\n\n".join(
        textwrap.fill(_read_example(i).summary(), 96) for i in pain_diary.example_index().index
    )


def reading_rule_examples_table(anaesthetic: str = "lidocaine", region: str = "lumbar") -> pd.DataFrame:
    """Small SYNTHETIC diaries (hand-made teaching examples) and what the reader makes of each: the baseline
    it uses, the best relief of the block, how long it lasted, the verdict, late relief and the cautions."""
    rows = []
    for label, (rule, entries) in READING_RULE_DIARIES.items():
        hours, pain = (np.array(v, dtype=float) for v in zip(*entries, strict=True))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pain_diary.DiaryWarning)  # shown as a caution in the table
            result = pain_diary.analyse_diary(pain_diary.Diary(hours, pain, label), anaesthetic, region)
        rows.append(
            {
                "diary (SYNTHETIC, hand-made)": label,
                "entries (h: pain)": ", ".join(f"{h:g}: {p:g}" for h, p in entries),
                "baseline used": f"{result.baseline_pain:g}/10 at {result.baseline_hours:g} h",
                "best relief of the block (%)": round(result.peak_relief_percent),
                "relief lasted": result.duration_text(),
                "verdict": verdict_label(result),
                "later relief, not counted (%)": _later_text(result),
                "cautions": "; ".join(result.cautions()[1:]) or "none beyond the scale's step",
                "rule shown": rule,
            }
        )
    return pd.DataFrame(rows)


def _draw_diary() -> tuple[Figure, Callable[..., str]]:
    """Percentage relief from a diary over log time, the cut-off of the diary's region as a line, the drug's
    published end of action shaded."""
    fig, (ax,) = new_figure("notebook")
    (line,) = ax.plot(
        [], [], "o-", color=PALETTE["blue"], lw=2, ms=5, label="patient's relief (SYNTHETIC diary)"
    )
    cut_line = ax.axhline(0, color=PALETTE["vermillion"], lw=1.2, ls="--")
    cut_text = ax.text(190, 0, "", fontsize=7.5, va="bottom", ha="right")
    action = ax.axvspan(
        1, 2, color=PALETTE["sky_blue"], alpha=0.3, lw=0, label="end of the drug's peripheral nerve block"
    )
    onset = ax.axvline(
        1,
        color=PALETTE["black"],
        lw=1,
        ls=":",
        label="course onset window\n(assumption, not the guideline's)",
    )
    log_time_axis(ax, DIARY_TICKS, "hours after the prognostic block (log scale)", (0.2, 200))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_ylim(-40, 105)
    ax.axhline(0, color="#777777", lw=0.8)
    ax.set_ylabel("relief of usual pain (%)")
    # the legend below the axes, clear of every diary's points (issue 16)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=7, frameon=False)
    synthetic_label(ax)
    title = ax.set_title("", fontsize=10)
    source_note(
        fig,
        f"SYNTHETIC diaries; cut-offs: {citations.cite(recovery.block_criteria())}. Drug action: notebook 04 "
        "(nerve blocks); onset margin assumed.",
    )
    index = pain_diary.example_index()

    def update(diary: str) -> str:
        if diary not in index.index:
            raise ValueError(f"diary must be one of {list(index.index)}; got {diary!r}")
        anaesthetic, region = index.loc[diary, "anaesthetic"], index.loc[diary, "region"]
        d = pain_diary.example_diary(diary)
        line.set_data(d.hours[d.hours > 0], pain_diary.relief_percent(d))
        crit = recovery.block_criterion(region)
        level = float(crit["relief_percent_min"])
        cut_line.set_ydata([level, level])
        cut_text.set_y(level + 1.5)
        cut_text.set_text(f"{crit['guideline']}: {recovery.cutoff_text(region)}")
        start, end = recovery.anaesthetic_end_range_hours(anaesthetic)
        action.set_x(start)
        action.set_width(end - start)
        result = pain_diary.analyse_diary(d, anaesthetic, region)
        onset.set_xdata([result.onset_limit_hours, result.onset_limit_hours])
        title.set_text(
            # three lines in every frame (the frame's layout is fixed), each within the frame's width
            f"{region.capitalize()} {anaesthetic} block: {result.peak_relief_percent:.0f}% relief\n"
            f"{verdict_label(result)} (guideline {recovery.cutoff_text(region)})\n(onset by "
            f"{pain_diary.clock_text(result.onset_limit_hours)}: course)"
        )
        return result.summary()

    return fig, update


def diary_explorer() -> Explorer:
    """Pick a stored SYNTHETIC diary; see its relief against both guidelines' cut-offs."""
    index = pain_diary.example_index()
    ids = list(index.index)
    return explore(
        "pain-diary",
        _draw_diary,
        [Control("diary", "Diary", ids, value=ids[0], names=dict(zip(ids, index["name"], strict=True)))],
        question="Which diary would be positive after a lumbar block but is negative after a cervical one, "
        "and why?",
        alt="Percentage relief over hours from a SYNTHETIC pain diary after a prognostic block, with the "
        "relief cut-off of the guideline for the diary's region (lumbar or cervical) as a dashed line, the "
        "end of the anaesthetic's action in peripheral nerve blocks shaded and, as a dotted line, the time "
        "by which relief must reach the cut-off (the anaesthetic's latest published onset plus a stated "
        "margin) for the block to count.",
    )


@figure("pain-diary-relief-against-guideline-cutoffs")
def diary_figure() -> tuple[Figure, str]:
    """The diary figure at its default diary."""
    explorer = diary_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    return fig, f"Relief over hours from a SYNTHETIC pain diary against its region's cut-off. {readout}"
