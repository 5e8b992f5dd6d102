"""Views for 05_recovery_curves: recovery model, leaflets against trials, synthetic cohort, pain diaries.

Figures and explorers only; every number comes from :mod:`facet_course.recovery` and
:mod:`facet_course.pain_diary`, which read it from ``data/``.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from ...core import data
from ...core.data import short_citations as _short
from ...core.explore import Control, Explorer, explore
from ...core.selfcheck import Question
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note, synthetic_label
from ...models import pain_diary, recovery

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
T_MIN_H, T_MAX_H = 0.1, 300 * H
PHASE_COLOURS: dict[str, str] = {
    "anaesthetic block": PALETTE["sky_blue"],
    "possible flare": PALETTE["vermillion"],
    "steroid onset": PALETTE["yellow"],
    "steroid relief": PALETTE["green"],
    "return of pain": "#BBBBBB",
}
#: What the ribbon shows for each phase: the steroid phases are HYPOTHETICAL (their timing is knee data).
PHASE_LABELS: dict[str, str] = {
    "steroid onset": "steroid onset?",
    "steroid relief": "hypothetical\nsteroid relief",
}
RESPONDER = PALETTE["green"]
NON_RESPONDER = PALETTE["blue"]
DEFAULT_ANAESTHETIC = "bupivacaine"
DEFAULT_STEROID = "methylprednisolone acetate"


def _room_for_note(fig: Figure, lines: int = 2) -> None:
    """Keep the bottom strip free for the source note (constrained layout ignores figure text)."""
    bottom = 0.13 * lines / fig.get_size_inches()[1]
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))  # (left, bottom, width, height)


def _time_axis(ax: Axes, label: bool = True) -> None:
    ax.set_xscale("log")
    ax.set_xlim(T_MIN_H, T_MAX_H)
    ax.xaxis.set_major_locator(FixedLocator(list(TIME_TICKS)))
    ax.set_xticklabels(list(TIME_TICKS.values()), fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())
    if label:
        ax.set_xlabel("time after the injection (log scale: hours to months)")


def _pick(name: str, options: list[str]) -> str:
    return name if name in options else options[0]


def _compact(ids: str) -> str:
    """'Carette 1991; Barnsley 1994' (first author's surname or the organisation, and year)."""
    parts = []
    for sid in dict.fromkeys(i.strip() for i in ids.split(";") if i.strip()):
        ref = data.reference(sid)
        first = ref.authors.split(",")[0].strip()
        name = first.rsplit(" ", 1)[0] if " " in first and first.split()[-1].isupper() else first
        parts.append(name if ref.journal.endswith("accessed") else f"{name} {ref.year}")
    return "; ".join(parts)


# -- 1. the recovery model ---------------------------------------------------------------------------------
def _default_block_relief_percent() -> list[float]:
    """Slider options: each guideline cut-off, halfway from the highest cut-off to complete, and complete."""
    cutoffs = sorted({float(v) for v in recovery.block_criteria()["relief_percent_min"]})
    return sorted({*cutoffs, (cutoffs[-1] + 100.0) / 2, 100.0})


CONTROL_ARM = PALETTE["purple"]


def _steroid_proxy_note() -> str:
    """Where the steroid curve's timing comes from (notebook 04's table), for figures and readouts."""
    ids = "habib2008;juni2015"
    return (
        "HYPOTHETICAL steroid time course: onset from the blood-glucose peak after a knee injection, peak "
        f"and duration from knee osteoarthritis trials ({_compact(ids)}); not measured in facet joints"
    )


def _average_label(anaesthetic: str) -> str:
    """What the average curve is: the anaesthetic-alone arm it is fitted to, or the saline-bounded average."""
    o = recovery.outcomes()
    arm = o.loc["barnsley_median_bupivacaine"]
    if anaesthetic == recovery.NO_DRUG:
        return (
            f"average without anaesthetic: at most {100 * recovery.placebo_response_fraction():g}% relieved "
            f"(saline response, {_compact('anat_schwarzer1995')})"
        )
    return (
        f"average of an anaesthetic-alone arm ({_compact(arm['source_id'])}: cervical, {arm['arm']}; "
        f"median {arm['value']:g} days)"
    )


def make_recovery_figure() -> tuple[Figure, Callable[..., str]]:
    """Expected pain over log time, phases shaded and named above: a HYPOTHETICAL steroid responder, one
    patient without lasting relief (pain back when the block wears off), and the average of a trial's
    anaesthetic-alone arm (placebo response and natural history; after no anaesthetic, bounded by the
    saline response)."""
    fig, (ribbon, ax) = _two_rows()
    t = np.geomspace(T_MIN_H, T_MAX_H, 600)
    baseline, _ = recovery.typical_baseline()
    o = recovery.outcomes()
    responder_label = "HYPOTHETICAL steroid responder (the average plus the knee-data steroid curve)"
    (resp,) = ax.plot([], [], color=RESPONDER, lw=2.2, label=responder_label)
    (nonresp,) = ax.plot(
        [],
        [],
        color=NON_RESPONDER,
        lw=2.2,
        ls="--",
        label="no lasting relief (one patient): pain back with the block's end",
    )
    (average,) = ax.plot(
        [], [], color=CONTROL_ARM, lw=1.8, ls="-.", label=_average_label(DEFAULT_ANAESTHETIC)
    )
    ax.axhline(baseline, color="#777777", lw=1, ls=":")
    ax.text(
        T_MIN_H * 1.1,
        baseline + 0.15,
        "pain before the injection",
        fontsize=7,
        color="#555555",
        ha="left",
        va="bottom",
    )
    hypothetical = ax.text(
        T_MAX_H / 1.2,
        0.3,
        "steroid curve: HYPOTHETICAL (knee data)",
        fontsize=7.5,
        color=RESPONDER,
        ha="right",
        va="bottom",
        fontweight="bold",
    )
    example = ax.text(T_MAX_H / 1.2, 7.5, "", fontsize=6.5, color="#333333", ha="right", va="top")
    ax.set_ylim(0, 10)
    ax.set_ylabel("expected pain (0-10)")
    ax.legend(loc="upper left", fontsize=7)
    bands: dict[str, tuple[object, object]] = {}
    for name in PHASE_COLOURS:
        shown = PHASE_LABELS.get(name, name)
        if name == "possible flare":  # overlaps the steroid onset: drawn as a bracket in the plot instead
            (patch,) = ax.plot([], [], color=PHASE_COLOURS[name], lw=3, solid_capstyle="butt")
            label = ax.text(1, 6.75, shown, fontsize=7.5, ha="center", va="top", color=PHASE_COLOURS[name])
        else:
            patch = ribbon.axvspan(1, 1, color=PHASE_COLOURS[name], alpha=0.75, lw=0)
            label = ribbon.text(1, 1.0, shown, fontsize=7.5, ha="center", va="center")
        bands[name] = (patch, label)
    shades = {
        name: ax.axvspan(1, 1, color=PHASE_COLOURS[name], alpha=0.12, lw=0)
        for name in PHASE_COLOURS
        if name != "possible flare"
    }  # the flare overlaps: ribbon only
    ribbon.set_xscale("log")
    ribbon.set_ylim(0, 2)
    ribbon.axis("off")
    _time_axis(ax)  # after the ribbon: the shared x axis keeps these ticks
    title = ribbon.set_title("", fontweight="bold", fontsize=10.5)
    spread = recovery.assumption("timing_spread")
    outcome_ids = "plastaras2014;barnsley1994;carette1991;lilius1989;anat_schwarzer1995"
    proxies = _compact("habib2008;juni2015")
    f_start, f_end = (h / H for h in recovery.flare_window_hours())
    note = (
        f"Source: {_compact(outcome_ids)}. Steroid time course HYPOTHETICAL: knee proxies ({proxies}). "
        f"Drug time courses: notebook 04, ILLUSTRATIVE timing spread ({spread['value']:g}). Flare size and "
        f"timing ILLUSTRATIVE ({recovery.flare_size_points():g} points, not reported; drawn across days "
        f"{f_start:g}-{f_end:g}, when patients were asked)."
    )
    source_note(fig, note)
    _room_for_note(fig, 3)

    def update(anaesthetic: str, steroid: str, block_relief_percent: float, flare: str) -> str:
        if flare not in ("no", "yes"):
            raise ValueError(f"flare must be 'no' or 'yes'; got {flare!r}")
        if not 0 <= block_relief_percent <= 100:
            raise ValueError(f"block relief {block_relief_percent}% must lie between 0 and 100%")
        common = {
            "baseline_pain": baseline,
            "block_relief": block_relief_percent / 100,
            "anaesthetic": anaesthetic,
            "steroid": steroid,
            "flare": flare == "yes",
        }
        # the responder has the same non-specific relief as the average, plus the (hypothetical) steroid
        responder = recovery.Patient(**common, responder=True, nonspecific_days=None)
        non = recovery.Patient(**common, responder=False, nonspecific_days=0.0)
        control = recovery.Patient(**common, responder=False, nonspecific_days=None)
        example.set_text(_example_patient_text(block_relief_percent))
        resp.set_data(t, recovery.expected_pain(t, responder))
        nonresp.set_data(t, recovery.expected_pain(t, non))
        average.set_data(t, recovery.expected_pain(t, control))
        average.set_label(_average_label(anaesthetic))
        with_steroid = steroid != recovery.NO_DRUG
        resp.set_visible(with_steroid)
        hypothetical.set_visible(with_steroid)
        resp.set_label(responder_label if with_steroid else "_hidden")
        ax.legend(loc="upper left", fontsize=7)
        present = {p.name: p for p in recovery.phases(anaesthetic, steroid)}
        for name, (patch, label) in bands.items():
            artists = [patch, shades[name]] if name in shades else [patch]
            if name in present:
                start = max(present[name].start_hours, T_MIN_H)
                end = min(present[name].end_hours, T_MAX_H)
                for artist in artists:
                    if name == "possible flare":
                        artist.set_data([start, end], [7.0, 7.0])
                    else:
                        artist.set_x(start)
                        artist.set_width(end - start)
                    artist.set_visible(True)
                label.set_x(np.sqrt(start * end))
                label.set_visible(end / start > 1.6)
            else:
                for artist in artists:
                    artist.set_visible(False)
                label.set_visible(False)
        if with_steroid and anaesthetic == recovery.NO_DRUG:
            title.set_text("No anaesthetic, no block; the steroid phase is hypothetical")
        elif with_steroid:
            title.set_text("Pain returns as the block wears off; the steroid phase is hypothetical")
        else:
            title.set_text("Without steroid, pain returns as the block and non-specific relief fade")
        checkpoints = {"1 h": 1.0, "1 day": H, "2 weeks": 14 * H, "6 weeks": 42 * H}
        who = [("average", control), ("no lasting relief", non)]
        if with_steroid:
            who.insert(0, ("hypothetical steroid responder", responder))
        values = []
        for label_text, hours in checkpoints.items():
            at = [f"{recovery.expected_pain(np.array([hours]), patient)[0]:.1f}" for _, patient in who]
            values.append(f"{label_text}: {' / '.join(at)}")
        names = " / ".join(n for n, _ in who)
        bs, bb = o.loc["barnsley_median_steroid"], o.loc["barnsley_median_bupivacaine"]
        trials = (
            "In the cervical trial relief did not last longer with steroid "
            f"({_compact(bs['source_id'])}: median {bs['value']:g} vs {bb['value']:g} days, "
            f"{bs['difference']})."
        )
        notice = (
            f"{_steroid_proxy_note()}. {trials}"
            if with_steroid
            else "Notice that relief outlasting the anaesthetic comes from non-specific effects (placebo "
            f"response, natural history). {trials}"
        )
        if anaesthetic == recovery.NO_DRUG:
            notice += (
                " With no local anaesthetic there is no block: the average holds only a saline-like response."
            )
        measured = o.loc["plastaras_pain_after"]
        return (
            f"Expected pain ({names}) before the injection {baseline:g}; at "
            + "; ".join(values)
            + f". Average: {_average_label(anaesthetic)}. All curves are for an example patient whose block "
            f"removes {block_relief_percent:g}% of the pain (a {block_relief_percent:g}% responder), not the "
            f"measured average: mean pain just after intra-articular injections was {measured['value']:g}/10 "
            f"(SD {measured['sd']:g}) from {baseline:g} before ({_compact(measured['source_id'])}). {notice}"
        )

    return fig, update


def _example_patient_text(block_relief_percent: float) -> str:
    """The figure's label for whom the curves show: an example responder, and the measured mean beside it."""
    measured = recovery.outcomes().loc["plastaras_pain_after"]
    return (
        f"example patient: a {block_relief_percent:g}% responder,\n"
        "not the average (measured mean just after\n"
        f"IA injections {measured['value']:g}/10, {_compact(measured['source_id'])})"
    )


def _two_rows() -> tuple[Figure, list[Axes]]:
    fig, _ = new_figure("notebook")
    fig.clear()
    grid = fig.add_gridspec(2, 1, height_ratios=[1, 6], hspace=0.02)
    ribbon = fig.add_subplot(grid[0])
    ax = fig.add_subplot(grid[1], sharex=ribbon)
    ax.grid(True, alpha=0.3)
    return fig, [ribbon, ax]


def recovery_explorer() -> Explorer:
    """Drugs, how much the block relieves, flare or not: pain over hours, days and weeks."""
    anaesthetics = recovery.anaesthetic_names()
    steroids = recovery.steroid_names()
    reliefs = _default_block_relief_percent()
    la_twin = [a for a in anaesthetics if a in ("lidocaine", "bupivacaine")] or anaesthetics[:2]
    st_twin = [_pick(DEFAULT_STEROID, steroids), recovery.NO_DRUG]
    return explore(
        "recovery-phases",
        make_recovery_figure,
        [
            Control(
                "anaesthetic",
                "Local anaesthetic",
                anaesthetics,
                value=_pick(DEFAULT_ANAESTHETIC, anaesthetics),
                twin_options=la_twin,
            ),
            Control(
                "steroid",
                "Corticosteroid",
                steroids,
                value=_pick(DEFAULT_STEROID, steroids),
                twin_options=st_twin,
            ),
            Control("block_relief_percent", "Relief from the block", reliefs, value=reliefs[-2], unit="%"),
            Control("flare", "Flare", ["no", "yes"], value="no"),
        ],
        question="Set the corticosteroid to none: how much relief is left on day one, and where does it come "
        "from? Then set the local anaesthetic to none: why is there no relief at one hour in most patients?",
        alt="Expected pain (0-10) against log time after a facet injection, with phases shaded: anaesthetic "
        "block, possible flare, hypothetical steroid onset and relief, return of pain. Three curves: a "
        "HYPOTHETICAL steroid responder (steroid timing from knee data), a patient whose pain is back when "
        "the block wears off, and the average of an anaesthetic-alone trial arm (placebo response and "
        "natural history).",
    )


def recovery_static() -> tuple[Figure, str]:
    """The recovery figure at its defaults, for figures/ and print."""
    explorer = recovery_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    alt = (
        "Expected pain after a facet injection on a log time axis, phases shaded and named: the "
        "anaesthetic block for hours, a possible flare drawn on days one to three (when patients were asked; "
        "its timing is illustrative), a HYPOTHETICAL steroid phase (timing from knee data; not shown in the "
        "facet trial results read here), then return of pain. The curves are for an example patient whose "
        "block removes most of the pain, not the measured average. One patient without lasting "
        "relief has their pain back on the first day; the average of an anaesthetic-alone arm (placebo "
        "response and natural history) fades over weeks. "
        f"{readout}"
    )
    return fig, alt


# -- 2. leaflets against trials -----------------------------------------------------------------------------
def claims_table() -> pd.DataFrame:
    """What leaflets promise, when (days), whether trials support it, and the source."""
    claims = data.load_table("recovery_leaflet_claims")
    rows = []
    for _, row in claims.iterrows():
        rows.append(
            {
                "claim, in short (paraphrased)": row["headline"],
                "days promised": f"{row['low_days']:g}-{row['high_days']:g}",
                "what the trials showed": row["verdict"],
                "source": data.reference(row["source_id"]).authors,
            }
        )
    return pd.DataFrame(rows)


def steroid_vs_no_steroid() -> pd.DataFrame:
    """The trials a resident should know, steroid arm beside the no-steroid arm, with numbers from data/."""
    o = recovery.outcomes()
    pairs = [
        (
            "Carette 1991, lumbar intra-articular",
            "carette_1m_steroid",
            "carette_1m_saline",
            "improved at 1 month (%)",
        ),
        (
            "Barnsley 1994, cervical intra-articular",
            "barnsley_median_steroid",
            "barnsley_median_bupivacaine",
            "median days until pain half back",
        ),
        (
            "Manchikanti 2010, lumbar medial branch blocks",
            "manchikanti_2y_steroid",
            "manchikanti_2y_bupivacaine",
            "success at 2 years (%): {quantity}; {treatments} repeated blocks; selected by comparative "
            "blocks; no placebo arm",
        ),
    ]
    rows = []
    for trial, with_id, without_id, measure in pairs:
        w, wo = o.loc[with_id], o.loc[without_id]
        treatments = o.loc["manchikanti_treatments"]
        measure = measure.format(
            quantity=w["quantity"], treatments=f"{treatments['value']:g}-{treatments['value_high']:g}"
        )
        rows.append(
            {
                "trial": trial,
                "measure": measure,
                "with steroid": w["value"],
                "without steroid": wo["value"],
                "steroid arm": w["arm"],
                "comparison arm": wo["arm"],
                "n per arm (analysed)": f"{w['n']} / {wo['n']}",
                "randomised": _randomised(w, wo),
                "difference (as the source reports it)": w["difference"],
                "source": _short(w["source_id"]),
            }
        )
    return pd.DataFrame(rows)


def _randomised(w: pd.Series, wo: pd.Series) -> str:
    """'49 / 48' when the source gives the numbers randomised, else 'not given here'."""
    if pd.isna(w["n_randomised"]) or pd.isna(wo["n_randomised"]):
        return "not given here"
    return f"{int(w['n_randomised'])} / {int(wo['n_randomised'])}"


VERDICT_COLOURS: dict[str, str] = {
    "supported": ROLE_COLOURS["safe"],
    "partly supported": ROLE_COLOURS["caution"],
    "seen in some; not shown to be due to the steroid": PALETTE["sky_blue"],
    "onset not measured; not shown to be due to the steroid": "#AAAAAA",
    "not seen": ROLE_COLOURS["unsafe"],
}


def make_leaflet_figure() -> tuple[Figure, str]:
    """Leaflet promises as bars on a time axis; trials as the ratio of steroid arm to no-steroid arm."""
    import textwrap

    fig, (top, bottom) = new_figure("notebook", nrows=2)
    fig.set_size_inches(7.6, 6.2)
    claims = data.load_table("recovery_leaflet_claims")
    colours = VERDICT_COLOURS
    labels = []
    for i, (_, row) in enumerate(claims.iterrows()):
        lo, hi = max(row["low_days"], 0.01) * H, row["high_days"] * H
        top.barh(i, hi - lo, left=lo, color=colours[row["verdict"]], alpha=0.85, height=0.55)
        labels.append(textwrap.fill(f"{row['claim']} ({_short(row['source_id']).split(',')[0]})", 44))
    o = recovery.outcomes()
    median = float(o.loc["barnsley_median_steroid", "value"])
    for row_id in ("barnsley_median_steroid", "barnsley_median_bupivacaine"):
        top.axvline(float(o.loc[row_id, "value"]) * H, color=PALETTE["black"], lw=1, ls="--")
    month = o.loc["barnsley_beyond_1m"]
    top.axvline(float(month["time_days"]) * H, color=PALETTE["black"], lw=1, ls=":")
    top.text(
        median * H / 1.1,
        len(claims) - 0.5,
        "trial medians,\nsteroid or not",
        fontsize=7,
        ha="right",
        va="top",
    )
    top.text(
        float(month["time_days"]) * H * 1.1,
        len(claims) - 0.5,
        f"cervical: fewer\nthan {month['value']:g}%\nrelieved",
        fontsize=7,
        ha="left",
        va="top",
    )
    episode = o.loc["manchikanti_relief_per_episode"]
    weeks_h = float(episode["value"]) * 7 * H
    top.axvline(weeks_h, color=PALETTE["blue"], lw=1.2, ls="-.")
    top.text(
        weeks_h / 1.15,
        -0.45,
        f"lumbar: {episode['value']:g} weeks per\nrepeated block\n(no placebo arm)",
        fontsize=7,
        ha="right",
        va="bottom",
        color=PALETTE["blue"],
    )
    _time_axis(top, label=False)
    shown = {h: t for h, t in TIME_TICKS.items() if t not in ("15 min", "3 days")}
    top.xaxis.set_major_locator(FixedLocator(list(shown)))
    top.set_xticklabels(list(shown.values()), fontsize=8)
    top.set_yticks(range(len(claims)), labels, fontsize=7)
    top.set_ylim(-0.5, len(claims) - 0.2)
    top.grid(axis="y", visible=False)
    from matplotlib.patches import Patch

    top.legend(
        handles=[
            Patch(color=c, label=textwrap.fill(v, 30))
            for v, c in colours.items()
            if v in set(claims["verdict"])
        ],
        title="the trials:",
        title_fontsize=6.5,
        loc="lower left",
        fontsize=6.5,
    )
    top.set_title("Leaflets: steroid relief from the first days, lasting weeks to months", fontsize=9.5)
    pairs = steroid_vs_no_steroid()
    ratios = pairs["with steroid"] / pairs["without steroid"]
    y = np.arange(len(pairs))[::-1]
    bottom.axvline(1.0, color="#777777", lw=1)
    bottom.scatter(ratios, y, color=RESPONDER, s=70, zorder=3)
    for yi, ratio, (_, row) in zip(y, ratios, pairs.iterrows(), strict=True):
        bottom.text(
            0.105,
            yi,
            textwrap.fill(
                f"{row['trial']}: {row['measure'].split(':')[0].split(' (')[0]}, "
                f"{row['with steroid']:g} with vs {row['without steroid']:g} without; "
                f"{row['difference (as the source reports it)']}",
                46,
            ),
            fontsize=7,
            va="center",
        )
        bottom.annotate(f"{ratio:.2f}", (ratio, yi), xytext=(6, 6), textcoords="offset points", fontsize=7.5)
    bottom.set_xscale("log")
    bottom.set_xlim(0.1, 4)
    bottom.xaxis.set_major_locator(FixedLocator([0.5, 1, 2, 4]))
    bottom.set_xticklabels(["half", "same", "double", "4x"])
    bottom.xaxis.set_minor_locator(NullLocator())
    bottom.set_yticks([])
    bottom.set_ylim(-0.6, len(pairs) - 0.4)
    bottom.set_xlabel("steroid arm / no-steroid arm (log scale; 'same' = no difference)")
    bottom.set_title("Trials: no difference shown (different measures; no confidence intervals)", fontsize=9)
    fig.suptitle(
        "Long relief is seen in some; the trial results read here do not tie it to the steroid",
        fontweight="bold",
    )
    source_note(
        fig, data.cite("carette1991;barnsley1994;manchikanti2010lumbar") + "; leaflets: see Key references."
    )
    _room_for_note(fig, 2)
    alt = (
        "Top: leaflet promises of steroid relief from the first days lasting weeks to months, coloured by "
        "what the trials showed, against the cervical trial's medians of a few days with or without "
        "steroid, its month mark, and the lumbar repeated-block trial's mean relief per block (no placebo "
        "arm). Bottom: ratio of steroid arm to no-steroid arm in three trials (different measures, no "
        "confidence intervals), with what each source says about the difference: "
        + "; ".join(
            f"{r['trial']} {r['with steroid']:g} vs {r['without steroid']:g} ({r['measure']}; "
            f"{r['difference (as the source reports it)']})"
            for _, r in pairs.iterrows()
        )
        + "."
    )
    return fig, alt


# -- 3. the synthetic cohort and its survival curve ----------------------------------------------------------
COHORT_SIZES: tuple[int, ...] = (20, 40, 100, 400)
COHORT_SEEDS: tuple[int, ...] = (1, 2, 3)


@functools.lru_cache(maxsize=64)
def _cohort_survival(
    n: int, seed: int, extra_percent: float, anaesthetic: str, steroid: str
) -> recovery.Survival:
    cohort = recovery.synthetic_cohort(
        n, seed, anaesthetic, steroid if extra_percent > 0 else recovery.NO_DRUG, extra_percent
    )
    return recovery.survival_curve(cohort)


def _carette_what_if() -> str:
    """'a what-if: Carette 1991's 42% vs 33% improved at one month, a difference that was not significant'."""
    o = recovery.outcomes()
    cs, cp = o.loc["carette_1m_steroid"], o.loc["carette_1m_saline"]
    return (
        f"a what-if: {_compact('carette1991')}'s {cs['value']:g}% vs {cp['value']:g}% improved at one month "
        "(steroid vs saline), a difference that was not significant"
    )


def responder_options() -> list[float]:
    """Extra steroid responders to try (percentage points): none, Carette's non-significant difference (a
    what-if), two hypotheticals."""
    carette = round(recovery.carette_extra_responders_percent(), 1)
    return sorted({0.0, carette, 25.0, 50.0})


def cohort_summary(n: int = 40, seed: int = 1, extra_responder_percent: float | None = None) -> pd.DataFrame:
    """Median and fraction still relieved at one week and one month: SYNTHETIC cohort beside the trials."""
    extra = (
        recovery.carette_extra_responders_percent()
        if extra_responder_percent is None
        else extra_responder_percent
    )
    anaesthetics, steroids = recovery.anaesthetic_names(), recovery.steroid_names()
    curve = _cohort_survival(
        n, seed, float(extra), _pick(DEFAULT_ANAESTHETIC, anaesthetics), _pick(DEFAULT_STEROID, steroids)
    )
    o = recovery.outcomes()
    median = curve.median_days()
    rows = [
        {
            "measure": "median days until pain half back",
            "SYNTHETIC cohort": None if median is None else round(median, 1),
            "trial": f"{o.loc['barnsley_median_steroid', 'value']:g} (steroid), "
            f"{o.loc['barnsley_median_bupivacaine', 'value']:g} (bupivacaine)",
            "source": _short("barnsley1994"),
        },
        {
            "measure": "% still relieved at 1 week",
            "SYNTHETIC cohort": round(100 * curve.at(7), 0),
            "trial": f"< {o.loc['barnsley_beyond_1w', 'value']:g}",
            "source": _short("barnsley1994"),
        },
        {
            "measure": "% still relieved at 1 month",
            "SYNTHETIC cohort": round(100 * curve.at(30), 0),
            "trial": f"< {o.loc['barnsley_beyond_1m', 'value']:g} (the model is fitted to this bound, so the "
            "cohort's value is an upper bound)",
            "source": _short("barnsley1994"),
        },
    ]
    frame = pd.DataFrame(rows)
    frame.attrs["cohort"] = (
        f"n = {n}, seed {seed}, extra steroid responders {extra:g}% ({_carette_what_if()})"
    )
    return frame


def make_survival_figure() -> tuple[Figure, Callable[..., str]]:
    """Kaplan-Meier curve of the SYNTHETIC cohort with its 95% band, and published points with sources."""
    fig, (ax,) = new_figure("notebook")
    anaesthetic = _pick(DEFAULT_ANAESTHETIC, recovery.anaesthetic_names())
    steroid = _pick(DEFAULT_STEROID, recovery.steroid_names())
    (curve,) = ax.step(
        [], [], where="post", color=PALETTE["blue"], lw=2, label="SYNTHETIC cohort (Kaplan-Meier)"
    )
    band = ax.fill_between(
        [1, 2], [0, 0], [0, 0], step="post", color=PALETTE["sky_blue"], alpha=0.3, label="95% confidence band"
    )
    points = recovery.published_points()
    styles = {
        "barnsley1994": (PALETTE["vermillion"], "Barnsley 1994, cervical"),
        "carette1991": (PALETTE["orange"], "Carette 1991, lumbar (improved at 1 month)"),
        "lilius1989": (PALETTE["purple"], "Lilius 1989, lumbar (benefit at 3 months)"),
    }
    seen: set[str] = set()
    for _, p in points.iterrows():
        first = p["source_id"].split(";")[0]
        colour, label = styles[first]
        marker = "v" if p["bound"] == "less_than" else "o"
        ax.scatter(
            [p["time_days"]],
            [p["percent"] / 100],
            color=colour,
            marker=marker,
            s=55,
            zorder=3,
            edgecolor="white",
            label=label if first not in seen else None,
        )
        seen.add(first)
    ax.scatter([], [], color="#777777", marker="v", s=45, label="upper bound ('less than')")
    ax.set_xscale("log")
    ax.set_xlim(0.02, 200)
    ax.xaxis.set_major_locator(FixedLocator([1 / 24, 0.25, 1, 3, 7, 30, 182]))
    ax.set_xticklabels(["1 h", "6 h", "1 day", "3 days", "1 week", "1 month", "6 months"], fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("time after the injection (log scale)")
    ax.set_ylabel("fraction with pain still below half")
    ax.legend(loc="lower left", fontsize=7)
    synthetic_label(ax)
    title = ax.set_title("")
    text = ax.text(0.99, 0.86, "", transform=ax.transAxes, ha="right", va="top", fontsize=8)
    source_note(
        fig,
        f"SYNTHETIC cohort from the recovery model. Points: {data.cite(points)}"
        ". Outcome definitions differ between trials. The cohort mixes cervical calibration (Barnsley 1994) "
        "with lumbar follow-up and a what-if responder share (Carette 1991).",
    )
    _room_for_note(fig, 3)

    def update(n: int, seed: int, extra_responder_percent: float) -> str:
        nonlocal band
        if n not in COHORT_SIZES:
            raise ValueError(f"cohort size must be one of {COHORT_SIZES}; got {n}")
        surv = _cohort_survival(int(n), int(seed), float(extra_responder_percent), anaesthetic, steroid)
        t = np.maximum(surv.t_days, 0.02)
        curve.set_data(t, surv.surviving)
        band.remove()
        band = ax.fill_between(t, surv.low, surv.high, step="post", color=PALETTE["sky_blue"], alpha=0.3)
        median = surv.median_days()
        median_text = "not reached" if median is None else f"{median:.1f} days"
        weeks = median is None or median > 7
        title.set_text(
            f"Only if steroid responders were common would relief last weeks (SYNTHETIC, n = {n})"
            if weeks
            else f"Pain returns within days in most of a SYNTHETIC cohort of {n}"
        )
        text.set_text(f"SYNTHETIC median {median_text}\n1 month: {100 * surv.at(30):.0f}% relieved")
        o = recovery.outcomes()
        carette = recovery.carette_extra_responders_percent()
        if extra_responder_percent == round(carette, 1) and extra_responder_percent > 0:
            notice = (
                f"The {extra_responder_percent:g}% extra responders are {_carette_what_if()}: not a rate the "
                "trial showed. "
            )
        else:
            notice = ""
        if extra_responder_percent > carette:
            notice += (
                f"{extra_responder_percent:g}% extra responders is more than the placebo-controlled facet "
                f"trial read here found at one month (Carette: {carette:g} percentage points, not "
                "significant): a hypothetical."
            )
        elif n <= 40:
            notice += (
                "Notice how wide the band is at the size of a trial arm: change the seed, watch the median."
            )
        else:
            notice += (
                "With many patients the band narrows, so compare this median with the one at 0% extra "
                "responders: a difference the size of Carette's (not significant in that trial) can become "
                "visible in a large SYNTHETIC cohort."
            )
        return (
            f"SYNTHETIC cohort of {n} (seed {seed}, extra steroid responders {extra_responder_percent:g}%): "
            f"median {median_text}, {100 * surv.at(7):.0f}% relieved at 1 week, {100 * surv.at(30):.0f}% at "
            f"1 month. Barnsley 1994: median {o.loc['barnsley_median_steroid', 'value']:g} days with "
            f"steroid, {o.loc['barnsley_median_bupivacaine', 'value']:g} without. {notice}"
        )

    return fig, update


def survival_explorer() -> Explorer:
    """Cohort size, seed and extra steroid responders: the synthetic Kaplan-Meier curve against the trials."""
    options = responder_options()
    carette = round(recovery.carette_extra_responders_percent(), 1)
    return explore(
        "synthetic-cohort-survival",
        make_survival_figure,
        [
            Control("n", "Patients in the cohort", list(COHORT_SIZES), value=40),
            Control("seed", "Random seed", list(COHORT_SEEDS), value=1),
            Control(
                "extra_responder_percent",
                "Extra steroid responders (what-if)",
                options,
                value=carette,
                unit="%",
                twin_options=[options[0], carette, options[-1]],
            ),
        ],
        question="How many patients does a cohort need before its median stops jumping between seeds?",
        alt="Kaplan-Meier curve of time until pain returns to half its pre-injection level in a SYNTHETIC "
        "cohort, with a 95% band, and published trial results as points.",
    )


def survival_static() -> tuple[Figure, str]:
    """The survival figure at its defaults."""
    explorer = survival_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    return fig, f"Kaplan-Meier curve of a SYNTHETIC cohort against published points. {readout}"


# -- 4. pain diaries -----------------------------------------------------------------------------------------
def diary_results() -> pd.DataFrame:
    """Each stored SYNTHETIC example diary read by the diary reader, with its region's cut-off."""
    index = pain_diary.example_index()
    rows = []
    for diary_id, row in index.iterrows():
        result = pain_diary.analyse_diary(
            pain_diary.example_diary(diary_id), row["anaesthetic"], row["region"]
        )
        rows.append(
            {
                "diary (SYNTHETIC)": diary_id,
                "region": row["region"],
                "anaesthetic": row["anaesthetic"],
                "baseline (0-10)": round(result.baseline_pain, 1),
                "best relief in window (%)": round(result.peak_relief_percent),
                "cut-off": recovery.cutoff_text(row["region"]),
                "verdict": result.verdict,
                "relief >= half lasted (h)": round(result.relief_lasted_hours, 1),
                "duration against the drug": result.duration_verdict.split(" (")[0].split(":")[0],
                "later relief (%)": ""
                if result.late_relief_percent is None
                else round(result.late_relief_percent),
            }
        )
    return pd.DataFrame(rows)


def diary_summaries() -> str:
    """The diary reader's account of each stored SYNTHETIC example, one paragraph each."""
    index = pain_diary.example_index()
    import textwrap

    return "\n\n".join(
        textwrap.fill(
            pain_diary.analyse_diary(
                pain_diary.example_diary(i), index.loc[i, "anaesthetic"], index.loc[i, "region"]
            ).summary(),
            96,
        )
        for i in index.index
    )


#: SYNTHETIC hand-made diaries (from the second clinical review) that show the reader's rules: (hours after
#: the injection, pain 0-10) entries.
READING_RULE_DIARIES: dict[str, tuple[str, list[tuple[float, float]]]] = {
    "week-old score before the block": (
        "the baseline is the last score before the injection; an earlier one that disagrees is a caution",
        [(-168, 9), (-0.25, 3), (0.25, 3), (0.5, 3), (1, 3), (2, 3), (4, 3)],
    ),
    "very little pain before the block": (
        "below the minimum baseline the block is not interpretable",
        [(-0.25, 1), (0.5, 0), (1, 0), (2, 1)],
    ),
    "relief only at 15 minutes": (
        "relief only in the first half hour may be the skin and needle-track anaesthetic",
        [(-0.25, 7), (0.25, 3), (0.5, 7), (1, 7), (2, 7), (4, 7)],
    ),
}


def reading_rule_examples(anaesthetic: str = "lidocaine", region: str = "lumbar") -> pd.DataFrame:
    """Three small SYNTHETIC diaries (hand-made teaching examples) and what the reader makes of each: the
    baseline it uses, the best relief, the verdict and the cautions."""
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
                "best relief (%)": round(result.peak_relief_percent),
                "verdict": result.verdict,
                "cautions": "; ".join(result.cautions()[1:]) or "none beyond the scale's step",
                "rule shown": rule,
            }
        )
    return pd.DataFrame(rows)


def reading_rules() -> str:
    """The reader's own rules, with the numbers it uses from data/ (COURSE ASSUMPTIONS and ILLUSTRATIVE)."""
    return (
        "Baseline: the last score before the injection; earlier scores more than "
        f"{pain_diary.baseline_disagreement_points():g} point away give a caution (COURSE ASSUMPTION). "
        "A score at exactly 0 h is refused as ambiguous unless the reader is told it was before or after. "
        f"Baseline below {pain_diary.min_baseline_pain():g}/10: not interpretable (COURSE ASSUMPTION: one "
        "point is then too large a share of the baseline). Relief at the cut-off only within "
        f"{60 * pain_diary.skin_anaesthetic_hours():g} min: a caution (ILLUSTRATIVE)."
    )


def make_diary_figure() -> tuple[Figure, Callable[..., str]]:
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
    window = ax.axvline(1, color=PALETTE["black"], lw=1, ls=":", label="end of the reading window")
    ax.set_xscale("log")
    ax.set_xlim(0.2, 200)
    ax.xaxis.set_major_locator(FixedLocator([0.25, 1, 4, 12, 24, 72, 168]))
    ax.set_xticklabels(["15 min", "1 h", "4 h", "12 h", "1 day", "3 days", "1 week"], fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_ylim(-40, 105)
    ax.axhline(0, color="#777777", lw=0.8)
    ax.set_xlabel("hours after the prognostic block (log scale)")
    ax.set_ylabel("relief of usual pain (%)")
    ax.legend(loc="lower left", fontsize=7.5)
    synthetic_label(ax)
    title = ax.set_title("", fontsize=10)
    source_note(
        fig,
        f"SYNTHETIC diaries; cut-offs: {data.cite(recovery.block_criteria())}. Drug action: notebook 04 "
        "(peripheral nerve blocks); reading window ILLUSTRATIVE.",
    )
    _room_for_note(fig)
    index = pain_diary.example_index()

    def update(diary: str) -> str:
        if diary not in index.index:
            raise ValueError(f"diary must be one of {list(index.index)}; got {diary!r}")
        anaesthetic, region = index.loc[diary, "anaesthetic"], index.loc[diary, "region"]
        d = pain_diary.example_diary(diary)
        percent = pain_diary.relief_percent(d)
        line.set_data(d.hours[d.hours > 0], percent)
        crit = recovery.block_criterion(region)
        level = float(crit["relief_percent_min"])
        cut_line.set_ydata([level, level])
        cut_text.set_y(level + 1.5)
        cut_text.set_text(f"{crit['guideline']}: {recovery.cutoff_text(region)}")
        start, end = recovery.anaesthetic_end_range_hours(anaesthetic)
        action.set_x(start)
        action.set_width(end - start)
        result = pain_diary.analyse_diary(d, anaesthetic, region)
        window.set_xdata([result.window_hours, result.window_hours])
        verdict = result.verdict
        title.set_text(
            f"{region.capitalize()} {anaesthetic} block: {result.peak_relief_percent:.0f}% relief in the "
            f"window, {verdict} (needs {recovery.cutoff_text(region)})"
        )
        return result.summary()

    return fig, update


def diary_explorer() -> Explorer:
    """Pick a stored SYNTHETIC diary; see its relief against both guidelines' cut-offs."""
    ids = list(pain_diary.example_index().index)
    return explore(
        "pain-diary",
        make_diary_figure,
        [Control("diary", "Diary", ids, value=ids[0])],
        question="Which diary would be positive after a lumbar block but is negative after a cervical one, "
        "and why?",
        alt="Percentage relief over hours from a SYNTHETIC pain diary after a prognostic block, with the "
        "relief cut-off of the guideline for the diary's region (lumbar or cervical) as a dashed line, the "
        "end of the anaesthetic's action in peripheral nerve blocks shaded and the end of the window in "
        "which the block is read as a dotted line.",
    )


def diary_static() -> tuple[Figure, str]:
    """The diary figure at its default diary."""
    explorer = diary_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    return fig, f"Relief over hours from a SYNTHETIC pain diary against its region's cut-off. {readout}"


FIGURES: dict[str, Callable[[], tuple[Figure, str]]] = {
    "recovery-pain-phases-after-facet-injection": recovery_static,
    "leaflet-promises-against-steroid-trials": make_leaflet_figure,
    "synthetic-cohort-time-to-return-of-pain": survival_static,
    "pain-diary-relief-against-guideline-cutoffs": diary_static,
}


# -- numbers printed by the notebook -------------------------------------------------------------------------
def key_numbers() -> pd.DataFrame:
    """The recovery numbers a resident learns, each with its source."""
    o = recovery.outcomes()
    ids = [
        "plastaras_pain_exacerbation",
        "plastaras_site_soreness",
        "plastaras_vasovagal",
        "barnsley_median_steroid",
        "barnsley_median_bupivacaine",
        "barnsley_beyond_1w",
        "barnsley_beyond_1m",
        "carette_1m_steroid",
        "carette_1m_saline",
        "lilius_3m",
        "manchikanti_2y_steroid",
        "manchikanti_2y_bupivacaine",
        "manchikanti_relief_per_episode",
    ]
    rows = []
    for row_id in ids:
        r = o.loc[row_id]
        bound = {"equal": "", "less_than": "< ", "at_least": ">= "}[r["bound"]]
        rows.append(
            {
                "what": r["label"],
                "arm": r["arm"],
                "value": f"{bound}{r['value']:g} {r['unit']}",
                "n (analysed)": r["n"],
                "randomised": "" if pd.isna(r["n_randomised"]) else int(r["n_randomised"]),
                "source": _short(r["source_id"]),
            }
        )
    return pd.DataFrame(rows)


def patient_talk() -> str:
    """What to tell a patient before the injection, as Markdown, numbers from data/."""
    o = recovery.outcomes()
    la = ", ".join(a for a in recovery.anaesthetic_names() if a != recovery.NO_DRUG)
    flare = o.loc["plastaras_pain_exacerbation"]
    sore = o.loc["plastaras_site_soreness"]
    start, end = recovery.flare_window_hours()
    ms, mb, treatments = (
        o.loc["manchikanti_2y_steroid"],
        o.loc["manchikanti_2y_bupivacaine"],
        o.loc["manchikanti_treatments"],
    )
    return "\n".join(
        [
            "- **Today:** the local anaesthetic ("
            + la
            + ") may numb the pain within minutes and wears off within "
            "hours; keep the diary from before the injection, because how much and how long the pain eases "
            "is the result of a diagnostic block. Pain coming back that evening is expected: the anaesthetic "
            "has worn off.",
            f"- **The next days:** after intra-articular injections, about {sore['value']:g} in 100 had "
            f"a sore injection site and about {flare['value']:g} in 100 more pain when asked "
            f"{start / recovery.HOURS_PER_DAY:g}-{end / recovery.HOURS_PER_DAY:g} days later "
            f"({_short(flare['source_id'])}).",
            "- **Whether the steroid helps:** in the neck trial, relief did not last longer with it "
            f"(Barnsley: median {o.loc['barnsley_median_steroid', 'value']:g} vs "
            f"{o.loc['barnsley_median_bupivacaine', 'value']:g} days); in the low-back trial it was not more "
            "common at one and three months (below), and that trial's six-month result could not be checked "
            "for this course, so do not say it never helps for longer. "
            f"In {_compact('manchikanti2010lumbar')}, patients chosen because controlled comparative "
            "blocks had worked had medial branch blocks repeated "
            f"about {treatments['value']:g}-{treatments['value_high']:g} times over two years; success "
            f"({ms['quantity']}) was similar with steroid ({ms['value']:g}%) and without "
            f"({mb['value']:g}%). There was no placebo group, so this does not show what one injection does.",
            f"- **How long:** it depends on the region. Low back ({_short('carette1991')}, one "
            f"intra-articular injection): {o.loc['carette_1m_steroid', 'value']:g} in 100 after steroid and "
            f"{o.loc['carette_1m_saline', 'value']:g} in 100 after saline were much better at one month, not "
            "a significant difference (also none at three months; the six-month result, which the authors "
            "adjusted for other treatments, could not be checked for this course). "
            f"Neck ({_short('barnsley1994')}, after whiplash): fewer than "
            f"{o.loc['barnsley_beyond_1m', 'value']:g} in 100 still had relief after a month, steroid or "
            "not. "
            "Longer relief happens in some; say so rather than promise 'weeks or months'.",
            "- **What it is for:** the block answers a question (is this joint the source?), which decides "
            "the next step, such as radiofrequency denervation; it is rarely a cure on its own.",
        ]
    )


def misconceptions() -> str:
    """Misconceptions from leaflets and practice, each corrected with its source, as Markdown."""
    claims = data.load_table("recovery_leaflet_claims")
    o = recovery.outcomes()
    criteria = recovery.block_criteria()
    lines = []
    for _, row in claims[claims["verdict"] != "supported"].iterrows():
        evidence = "; ".join(_evidence(i) for i in row["evidence"].split(";") if i.strip())
        lines.append(
            f"- *Leaflet:* “{row['claim']}” ({_compact(row['source_id'])}). **Trials: {row['verdict']}.** "
            f"{row['correction']} ({evidence})."
        )
    by_region = "; ".join(
        f"{r['region']}: {recovery.cutoff_text(r['region'])} ({_compact(r['source_id'].split(';')[0])})"
        for _, r in criteria.iterrows()
    )
    lines.append(
        "- *“A block is positive at the same cut-off in the neck and in the low back.”* **Not quite:** "
        f"{by_region}. Read literally, exactly half the pain gone passes the lumbar wording and not the "
        "cervical one; neither guideline discusses a patient at exactly half, which whole-number scores make "
        "common, and the lumbar guideline allows lower cut-offs in certain circumstances. Report the "
        "percentage and use judgement, not just 'positive'."
    )
    lines.append(
        f"- *“Relief that outlasts the anaesthetic proves a placebo response.”* **No:** prolonged relief is "
        f"common ({o.loc['barnsley1993_prolonged', 'value']:g}% in {_compact('barnsley1993')}); comparative "
        "blocks with a short- and a long-acting anaesthetic are the check (concordant when bupivacaine "
        f"relief lasts longer, as in {o.loc['barnsley1993_bupivacaine_longer', 'note']})."
    )
    lines.append(
        "- *“Relief that starts days after a diagnostic block shows the block was positive.”* **No:** the "
        "block is read while the anaesthetic can act; relief that comes only later is late or non-specific "
        "and is reported apart (the diary reader does this)."
    )
    return "\n".join(lines)


def _evidence(outcome_id: str) -> str:
    """'Carette 1991: improved at 1 month, saline 33%' for one outcome row (numbers from data/)."""
    r = recovery.outcome(outcome_id.strip())
    bound = {"equal": "", "less_than": "< ", "at_least": ">= "}[r["bound"]]
    unit = "%" if r["unit"] == "percent" else f" {r['unit']}"
    return f"{_compact(r['source_id'].split(';')[0])}: {r['label']} {bound}{r['value']:g}{unit}"


def _sources_of(outcome_ids: str) -> list[str]:
    o = recovery.outcomes()
    return list(dict.fromkeys(o.loc[i.strip(), "source_id"] for i in outcome_ids.split(";") if i.strip()))


def self_check_questions() -> list[Question]:
    """Six questions on notebook 05, numbers formatted from data/."""
    o = recovery.outcomes()
    lumbar, cervical = recovery.block_criterion("lumbar"), recovery.block_criterion("cervical")
    baseline = 8
    after = baseline * (1 - float(lumbar["relief_percent_min"]) / 100)
    relief = 100 * (baseline - after) / baseline
    bs, bb = o.loc["barnsley_median_steroid"], o.loc["barnsley_median_bupivacaine"]
    cs, cp = o.loc["carette_1m_steroid"], o.loc["carette_1m_saline"]
    ms, mb = o.loc["manchikanti_2y_steroid"], o.loc["manchikanti_2y_bupivacaine"]
    flare = o.loc["plastaras_pain_exacerbation"]
    prolonged = o.loc["barnsley1993_prolonged"]
    in_lumbar = recovery.block_is_positive(relief, "lumbar")
    in_neck = recovery.block_is_positive(relief, "cervical")
    diary_options = (
        "Positive in both regions",
        "Positive after a lumbar block, negative after a cervical block",
        "Negative in both regions",
    )
    diary_answer = 0 if in_lumbar and in_neck else (1 if in_lumbar else 2)
    return [
        Question(
            "In Barnsley's cervical trial, how long until pain was back to half its pre-injection level?",
            (
                "About six weeks with steroid, a few days without",
                f"A median of about {bs['value']:g} days with steroid and {bb['value']:g} without",
                "Most patients were still relieved after three months",
            ),
            1,
            f"Median {bs['value']:g} days with betamethasone and {bb['value']:g} with bupivacaine alone; "
            f"fewer than {o.loc['barnsley_beyond_1m', 'value']:g}% had relief beyond a month in either arm.",
            "barnsley1994",
        ),
        Question(
            "Carette's lumbar trial compared intra-articular methylprednisolone with saline. At one month:",
            (
                "Steroid roughly doubled the share improved",
                "Saline patients got worse",
                f"{cs['value']:g}% vs {cp['value']:g}% improved: no significant difference",
            ),
            2,
            f"{cs['value']:g}% with steroid and {cp['value']:g}% with saline reported marked improvement "
            "at one month; the difference was not significant, and three-month figures were similar.",
            "carette1991",
        ),
        Question(
            f"A diary reads {baseline}/10 before a medial branch block and {after:g}/10 at best afterwards. "
            "Is the block positive?",
            diary_options,
            diary_answer,
            f"Relief is 100 x ({baseline} - {after:g}) / {baseline} = {relief:.0f}%. The lumbar guideline "
            f"asks for {recovery.cutoff_text('lumbar')} relief, the cervical guideline for "
            f"{recovery.cutoff_text('cervical')} (a single block), so read literally exactly half passes in "
            "the low back and not in the neck. Neither guideline discusses exactly half: report the "
            "percentage and use judgement.",
            f"{lumbar['source_id'].split(';')[0]};{cervical['source_id'].split(';')[0]}",
        ),
        Question(
            "How often was more pain reported in the days after an intra-articular facet joint injection?",
            (
                "About half of patients",
                f"About {flare['value']:g} in 100 procedures",
                "Never, with fluoroscopy",
            ),
            1,
            f"Plastaras counted pain exacerbation after {flare['value']:g}% of procedures with follow-up "
            f"({flare['note']}).",
            "plastaras2014",
        ),
        Question(
            "In Manchikanti's trial, patients selected by positive comparative blocks had lumbar medial "
            "branch blocks repeated over two years. What did adding steroid change?",
            (
                "It doubled the time between blocks",
                "Only steroid patients improved",
                "Little: success at two years was similar with and without it",
            ),
            2,
            f"{ms['value']:g}% with steroid and {mb['value']:g}% with bupivacaine alone: {ms['quantity']}, "
            f"after about {o.loc['manchikanti_treatments', 'value']:g}-"
            f"{o.loc['manchikanti_treatments', 'value_high']:g} blocks, with no placebo arm.",
            "manchikanti2010lumbar",
        ),
        Question(
            "After a lidocaine block, relief lasts two days. What do you conclude?",
            (
                "The block is invalid: it must be placebo",
                "Relief outlasting the drug is common; it does not prove placebo; comparative blocks help",
                "The steroid must have been injected by mistake",
            ),
            1,
            f"Prolonged responses are common ({prolonged['value']:g}% of patients in Barnsley's "
            "comparative-block study); the drug's duration alone cannot tell a true from a placebo response.",
            "barnsley1993",
        ),
    ]


def key_references() -> str:
    """Markdown list of every reference notebook 05 uses."""
    ids: list[str] = []
    for table in (
        "recovery_outcomes",
        "recovery_block_criteria",
        "recovery_leaflet_claims",
        "recovery_model_assumptions",
        "local_anaesthetics_time_course",  # notebook 04's drug time courses, composed by the model
        "corticosteroids_time_course",
    ):
        ids.extend(data.load_table(table)["source_id"])
    ids.append("anat_schwarzer1995")  # the saline response that bounds relief without anaesthetic
    return data.references_markdown(ids)
