"""05, section 1: four phases after the injection (the recovery model over log time) and the key numbers.

Curves from :mod:`facet_course.models.recovery`: a HYPOTHETICAL steroid responder, one patient without
lasting relief, and the model's expected pain for the example patient with non-specific relief calibrated to
an anaesthetic-alone trial arm (model output, not a measured average); phases shaded and named above the plot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import pharmacology, recovery
from .common import (
    CONTROL_ARM,
    DEFAULT_ANAESTHETIC,
    DEFAULT_STEROID,
    NON_RESPONDER,
    RESPONDER,
    T_MAX_H,
    T_MIN_H,
    H,
    drawn_steroids,
    pick,
    time_axis,
)
from .text import average_label, example_patient_text, model_curve_text, steroid_proxy_note

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
RESPONDER_LABEL = "HYPOTHETICAL steroid responder (the model curve plus the knee-data steroid curve)"
#: Outcome rows whose sources the recovery figure's note names (the measured numbers it draws on).
NOTE_OUTCOMES: tuple[str, ...] = (
    "plastaras_pain_before",
    "barnsley_median_steroid",
    "barnsley1993_prolonged",
    "carette_followup_6m",
    "lilius_3m",
)
#: Times (hours) at which the readout gives each curve's expected pain; 2 days sits in the flare window
#: (days 1-3), so the flare shows in the numbers too.
CHECKPOINTS_H: dict[str, float] = {
    "1 h": 1.0,
    "6 h": 6.0,
    "1 day": H,
    "2 days": 2 * H,
    "2 weeks": 14 * H,
    "6 weeks": 42 * H,
}
KEY_NUMBERS: tuple[str, ...] = (
    "plastaras_pain_exacerbation",
    "plastaras_site_soreness",
    "plastaras_sleeplessness",
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
)


def key_numbers_table() -> pd.DataFrame:
    """The recovery numbers a resident learns, each with its source."""
    o = recovery.outcomes()
    rows = []
    for row_id in KEY_NUMBERS:
        r = o.loc[row_id]
        bound = {"equal": "", "less_than": "< ", "at_least": ">= "}[r["bound"]]
        rows.append(
            {
                "what": r["label"],
                "arm": r["arm"],
                "value": f"{bound}{r['value']:g} {r['unit']}",
                "n (analysed)": _analysed(r),
                "randomised": "" if pd.isna(r["n_randomised"]) else int(r["n_randomised"]),
                "source": citations.short(r["source_id"]),
            }
        )
    return pd.DataFrame(rows)


def _analysed(r: pd.Series) -> str | int:
    """The analysed denominator: '185 procedures' when the note says procedures, else patients (int)."""
    if pd.isna(r["n"]):
        return ""
    return f"{int(r['n'])} procedures" if "procedures" in str(r["note"]) else int(r["n"])


def _default_block_relief_percent() -> list[float]:
    """Slider options: each guideline cut-off, halfway from the highest cut-off to complete, and complete."""
    cutoffs = sorted({float(v) for v in recovery.block_criteria()["relief_percent_min"]})
    return sorted({*cutoffs, (cutoffs[-1] + 100.0) / 2, 100.0})


@dataclass
class _RecoveryArtists:
    """What the recovery figure's update moves."""

    ax: Axes
    title: Text
    responder: Artist
    non_responder: Artist
    average: Artist
    hypothetical: Text
    example: Text
    bands: dict[str, tuple[Artist, Text]] = field(default_factory=dict)
    shades: dict[str, Artist] = field(default_factory=dict)


def _legend_lines(label: str) -> str:
    """A long legend label on two lines, broken before its parenthesis (it stays within the frame)."""
    return label.replace(" (", "\n(", 1)


def _curves(ax: Axes, baseline: float) -> dict[str, Artist]:
    """The three (empty) curves, the baseline line, and the texts the update fills."""
    # drawn dotted and pale: HYPOTHETICAL, and the facet trials read here found no steroid advantage
    (resp,) = ax.plot([], [], color=RESPONDER, lw=1.8, ls=":", alpha=0.6, label=RESPONDER_LABEL)
    no_relief = "no lasting relief (one patient): pain back with the block's end"
    (nonresp,) = ax.plot([], [], color=NON_RESPONDER, lw=2.2, ls="--", label=no_relief)
    (average,) = ax.plot(
        [], [], color=CONTROL_ARM, lw=1.8, ls="-.", label=_legend_lines(average_label(DEFAULT_ANAESTHETIC))
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
        "steroid curve: HYPOTHETICAL (knee timing, invented size)",
        fontsize=7.5,
        color=RESPONDER,
        ha="right",
        va="bottom",
        fontweight="bold",
    )
    # above the plot, not in it: clear of the curves, the legend and the flare bracket at any type size
    example = ax.set_title("", loc="right", fontsize=6.5, color="#333333", fontweight="normal")
    ax.set_ylim(0, 12.5)  # headroom above 10/10: the legend's place, off the curves
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("expected pain (0-10)")
    ax.legend(loc="upper left", fontsize=7)
    return {
        "responder": resp,
        "non_responder": nonresp,
        "average": average,
        "hypothetical": hypothetical,
        "example": example,
    }


def _phase_bands(ribbon: Axes, ax: Axes) -> tuple[dict[str, tuple[Artist, Text]], dict[str, Artist]]:
    """The named phase bands on the ribbon (the flare as a bracket in the plot), and their light shades."""
    bands: dict[str, tuple[Artist, Text]] = {}
    for name, colour in PHASE_COLOURS.items():
        shown = PHASE_LABELS.get(name, name)
        if name == "possible flare":  # overlaps the steroid onset: drawn as a bracket in the plot instead
            (patch,) = ax.plot([], [], color=colour, lw=3, solid_capstyle="butt")
            label = ax.text(1, 6.75, shown, fontsize=7.5, ha="center", va="top", color=colour)
        else:
            patch = ribbon.axvspan(1, 1, color=colour, alpha=0.75, lw=0)
            label = ribbon.text(1, 1.0, shown, fontsize=7.5, ha="center", va="center")
        bands[name] = (patch, label)
    shades = {
        name: ax.axvspan(1, 1, color=colour, alpha=0.12, lw=0)
        for name, colour in PHASE_COLOURS.items()
        if name != "possible flare"  # the flare overlaps: ribbon only
    }
    return bands, shades


def _recovery_note() -> str:
    """The recovery figure's source note: outcomes, the knee proxies, and what is ILLUSTRATIVE."""
    o = recovery.outcomes()
    outcome_ids = [o.loc[i, "source_id"] for i in NOTE_OUTCOMES] + [recovery.placebo_response()["source_id"]]
    proxies = citations.author_year(citations.source("steroid_timing_knee_proxies"))
    spread = recovery.assumption("timing_spread")
    f_start, f_end = (h / H for h in recovery.flare_window_hours())
    return (
        f"Source: {citations.author_year(*outcome_ids)}. Steroid time course HYPOTHETICAL: knee proxies "
        f"({proxies}). Drug time courses: notebook 04, ILLUSTRATIVE timing spread ({spread['value']:g}). "
        f"Flare size and timing ILLUSTRATIVE ({recovery.flare_size_points():g} points, not reported; drawn "
        f"across days {f_start:g}-{f_end:g}, when patients were asked)."
    )


def _build_recovery_figure() -> tuple[Figure, _RecoveryArtists]:
    """The empty recovery figure: a phase ribbon above the pain plot on a shared log time axis."""
    fig, _ = new_figure("notebook")
    fig.clear()
    grid = fig.add_gridspec(2, 1, height_ratios=[1, 6], hspace=0.02)
    ribbon = fig.add_subplot(grid[0])
    ax = fig.add_subplot(grid[1], sharex=ribbon)
    ax.grid(True, alpha=0.3)
    baseline, _ = recovery.typical_baseline()
    curves = _curves(ax, baseline)
    bands, shades = _phase_bands(ribbon, ax)
    ribbon.set_xscale("log")
    ribbon.set_ylim(0, 2)
    ribbon.axis("off")
    time_axis(ax)  # after the ribbon: the shared x axis keeps these ticks
    title = ribbon.set_title("", fontweight="bold", fontsize=10.5)
    source_note(fig, _recovery_note())
    return fig, _RecoveryArtists(ax=ax, title=title, bands=bands, shades=shades, **curves)


def _place_phases(art: _RecoveryArtists, anaesthetic: str, steroid: str, drawn: bool = True) -> None:
    """Move each phase band (and its label) to where the phase lies with these drugs; hide absent ones.
    ``drawn``: False when no steroid curve is drawn (after a medial branch block): the steroid phases and
    their shades are hidden like the curve, and the return of pain starts where the anaesthetic ends
    (review s16 of 05, F3)."""
    present = {p.name: p for p in recovery.phases(anaesthetic, steroid if drawn else recovery.NO_DRUG)}
    for name, (patch, label) in art.bands.items():
        artists = [patch, art.shades[name]] if name in art.shades else [patch]
        if name not in present:
            for artist in [*artists, label]:
                artist.set_visible(False)
            continue
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


def _recovery_title(anaesthetic: str, with_steroid: bool, injection: str = "intra-articular") -> str:
    where = injection[0].upper() + injection[1:]
    if anaesthetic == recovery.NO_DRUG and injection == "medial branch block":
        return "Not a clinical procedure: a medial branch block needs an anaesthetic"
    if with_steroid and anaesthetic == recovery.NO_DRUG:
        return "Steroid alone into the joint: no block; when relief starts is unknown"
    if anaesthetic == recovery.NO_DRUG:
        return "Nothing active into the joint: no block, a saline-like response only"
    if with_steroid and injection == "medial branch block":
        return f"{where} (steroid not drawn): pain back as it wears off"
    if with_steroid:
        return f"{where}: steroid phase hypothetical, not shown in facet trials"
    if injection == "medial branch block":
        return f"{where}: pain back in most as the anaesthetic wears off"
    return f"{where}, no steroid: block and non-specific relief fade"


def _ropivacaine_caveat() -> str:
    """Why the ropivacaine curve outlasts bupivacaine's (review s15 of 05, F4): the model draws each drug's
    published nerve-block range (notebook 04's data, hours); one regional guideline table gives both drugs
    and ranks ropivacaine longer, a second source only widens ropivacaine's range, and a head-to-head trial
    found the opposite."""
    table = pharmacology.local_anaesthetic_time_course_table()
    rows = table[(table["setting"] == "peripheral nerve block") & ~table["adrenaline"].astype(bool)]
    bupi = rows[rows["drug"] == "bupivacaine"].iloc[0]
    ropi = rows[rows["drug"] == "ropivacaine"]
    same = ropi[ropi["source_id"] == bupi["source_id"]].iloc[0]
    others = "; ".join(
        f"{citations.author_year(r.source_id)} gives {r.duration_h_low:g}-{r.duration_h_high:g} h"
        for r in ropi[ropi["source_id"] != bupi["source_id"]].itertuples()
    )
    low, high = recovery.anaesthetic_end_range_hours("ropivacaine")
    return (
        " The model draws each drug's published duration in peripheral nerve blocks: one regional guideline "
        f"table ({citations.author_year(bupi['source_id'])}) gives bupivacaine {bupi['duration_h_low']:g}-"
        f"{bupi['duration_h_high']:g} h and ropivacaine {same['duration_h_low']:g}-"
        f"{same['duration_h_high']:g} h, so it ranks ropivacaine longer, and the model follows that table "
        f"({others}, widening ropivacaine's range to {low:g}-{high:g} h). A head-to-head nerve-block trial "
        "found shorter analgesia with ropivacaine "
        f"({citations.author_year(citations.source('ropivacaine_not_longer_than_bupivacaine'))}): do not "
        "read the longer curve as ropivacaine outlasting bupivacaine."
    )


def _recovery_readout(
    who: list[tuple[str, recovery.Patient]], anaesthetic: str, with_steroid: bool, block_relief_percent: float
) -> str:  # the injection is the patients' own (``Patient.injection``)
    """The readout: each curve's expected pain at the checkpoints, whom the curves show, what the trials
    found (pure: numbers from the model and data/)."""
    baseline = who[0][1].baseline_pain
    values = []
    for label_text, hours in CHECKPOINTS_H.items():
        at = [f"{recovery.expected_pain(np.array([hours]), patient)[0]:.1f}" for _, patient in who]
        values.append(f"{label_text}: {' / '.join(at)}")
    names = " / ".join(n for n, _ in who)
    bs, bb = recovery.outcome("barnsley_median_steroid"), recovery.outcome("barnsley_median_bupivacaine")
    trials = (
        "In the cervical trial relief did not last longer with steroid "
        f"({citations.author_year(bs['source_id'])}: median {bs['value']:g} vs {bb['value']:g} days, "
        f"{bs['difference']})."
    )
    mbb = who[0][1].injection == "medial branch block"
    if with_steroid:
        # no steroid curve is drawn after a medial branch block: no sentence about one (review s16 of 05, F3)
        hypothetical = "The steroid curve is HYPOTHETICAL: knee timing, INVENTED SIZE (when, not how much)."
        notice = trials if mbb else f"{hypothetical} {trials}"
        if mbb:
            ms = recovery.outcome("manchikanti_2y_steroid")
            mb = recovery.outcome("manchikanti_2y_bupivacaine")
            notice += (
                " After a medial branch block the steroid is not in the joint, and no source read here gives "
                f"its timing there; {citations.author_year(ms['source_id'])} found similar success with and "
                f"without it in repeated lumbar medial branch blocks ({ms['value']:g}% with steroid vs "
                f"{mb['value']:g}% without, {ms['quantity']}; no placebo arm), so no steroid-responder curve "
                "is drawn here."
            )
    else:
        notice = (
            "Notice that relief outlasting the anaesthetic is modelled as non-specific (placebo response, "
            f"natural history or unexplained); a long relief does not by itself prove placebo. {trials}"
        )
    patient = who[-1][1]
    if recovery.steroid_only_arm(anaesthetic, patient.steroid, patient.injection):
        notice += (
            " With no local anaesthetic there is no block, but a steroid into the joint without anaesthetic "
            f"is {citations.author_year(bs['source_id'])}'s steroid arm: its median time to the return of "
            f"half the pain was {bs['value']:g} days, like the anaesthetic arm's {bb['value']:g}. When that "
            "relief starts is UNKNOWN (the trial timed only its return): at one hour the model curve holds "
            "only the saline-like response, and the rest starts with the hypothetical steroid onset."
        )
    elif anaesthetic == recovery.NO_DRUG:
        notice += (
            " With no local anaesthetic there is no block: the model curve holds only a saline-like response "
            "(the acute response to saline into the paraspinal muscles, borrowed)."
        )
        if patient.injection == "medial branch block":
            notice += (
                " A medial branch block without a local anaesthetic is NOT A CLINICAL PROCEDURE: the curve "
                "is shown only to compare; choose an anaesthetic to see a block."
            )
    if patient.flare and patient.injection == "medial branch block":
        flare = recovery.outcome("plastaras_pain_exacerbation")
        notice += (
            f" The flare rate ({flare['value']:g}%) was counted after intra-articular injections "
            f"({citations.author_year(flare['source_id'])}); no source read here gives a flare rate after "
            "medial branch blocks, so the flare drawn here is borrowed."
        )
    if anaesthetic == "ropivacaine":
        notice += _ropivacaine_caveat()
    measured = recovery.outcome("plastaras_pain_after")
    curve = model_curve_text(anaesthetic, patient.injection, patient.steroid)
    detail = (
        f"Model curve: {curve}. All curves are for an example "
        f"patient whose block removes {block_relief_percent:g}% of the pain (a {block_relief_percent:g}% "
        f"responder), not the measured average: mean pain just after intra-articular injections was "
        f"{measured['value']:g}/10 (SD {measured['sd']:g}) from {baseline:g} before "
        f"({citations.author_year(measured['source_id'])})."
        + (f" {steroid_proxy_note()}." if with_steroid and not mbb else "")
    )
    # the key result first; how the curves are made folded below it (a slide shows the result, a reader opens
    # the rest), so the explorer fits a 1280 x 720 slide
    return (
        f"Expected pain ({names}) before the injection {baseline:g}; at "
        + "; ".join(values)
        + f". {notice}<details><summary>How these curves are made (model, example patient, steroid "
        f"curve)</summary>{detail}</details>"
    )


def _draw_recovery() -> tuple[Figure, Callable[..., str]]:
    """Expected pain over log time, phases shaded and named above: a HYPOTHETICAL steroid responder, one
    patient without lasting relief (pain back when the block wears off), and the model's expected pain for
    the example patient with non-specific relief (placebo response, natural history or unexplained)
    calibrated to a trial's anaesthetic-alone arm (after no anaesthetic: in the share that responded to
    saline)."""
    fig, art = _build_recovery_figure()
    t = np.geomspace(T_MIN_H, T_MAX_H, 600)
    baseline, _ = recovery.typical_baseline()

    def update(
        anaesthetic: str, steroid: str, injection: str, block_relief_percent: float, flare: str
    ) -> str:
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
            "injection": injection,
        }
        # the responder has the same non-specific relief as the model curve, plus the (hypothetical) steroid
        responder = recovery.Patient(**common, responder=True, nonspecific_days=None)
        non = recovery.Patient(**common, responder=False, nonspecific_days=0.0)
        control = recovery.Patient(**common, responder=False, nonspecific_days=None)
        art.example.set_text(example_patient_text(block_relief_percent))
        art.responder.set_data(t, recovery.expected_pain(t, responder))
        art.non_responder.set_data(t, recovery.expected_pain(t, non))
        art.average.set_data(t, recovery.expected_pain(t, control))
        art.average.set_label(_legend_lines(average_label(anaesthetic, injection, steroid)))
        with_steroid = steroid != recovery.NO_DRUG
        # no steroid-responder curve after a medial branch block: no source gives its timing there
        drawn = with_steroid and injection != "medial branch block"
        art.responder.set_visible(drawn)
        art.hypothetical.set_visible(drawn)
        art.responder.set_label(RESPONDER_LABEL if drawn else "_hidden")
        art.ax.legend(loc="upper left", fontsize=7)
        _place_phases(art, anaesthetic, steroid, drawn=drawn or not with_steroid)
        art.title.set_text(_recovery_title(anaesthetic, with_steroid, injection))
        who = [("model curve", control), ("no lasting relief", non)]
        if drawn:
            who.insert(0, ("hypothetical steroid responder", responder))
        return _recovery_readout(who, anaesthetic, with_steroid, block_relief_percent)

    return fig, update


def recovery_explorer() -> Explorer:
    """Drugs, how much the block relieves, flare or not: pain over hours, days and weeks."""
    anaesthetics = recovery.anaesthetic_names()
    steroids = drawn_steroids()[0]
    reliefs = _default_block_relief_percent()
    # the question asks for lidocaine, bupivacaine and no anaesthetic: each is a frame of the handout's twin
    la_twin = [a for a in anaesthetics if a in ("lidocaine", "bupivacaine", recovery.NO_DRUG)] or anaesthetics
    # the default frame draws no steroid (review s13 F6): the facet trials did not show the effect the
    # hypothetical responder draws, so it appears only when a steroid is chosen
    st_twin = [recovery.NO_DRUG, pick(DEFAULT_STEROID, steroids)]
    return explore(
        "recovery-phases",
        _draw_recovery,
        [
            Control(
                "anaesthetic",
                "Local anaesthetic",
                anaesthetics,
                value=pick(DEFAULT_ANAESTHETIC, anaesthetics),
                twin_options=la_twin,
            ),
            Control(
                "steroid",
                "Corticosteroid",
                steroids,
                value=recovery.NO_DRUG,
                twin_options=st_twin,
            ),
            Control(
                "injection",
                "Injection",
                list(recovery.INJECTIONS),
                value=recovery.INJECTIONS[0],
            ),
            Control(
                "block_relief_percent",
                "Relief in a responder",
                reliefs,
                value=reliefs[-2],
                unit="%",
                twin_options=[reliefs[0], reliefs[-2]],
            ),
            # the question asks about the drugs and the injection: the flare stays off in the handout's twin
            Control("flare", "Flare", ["no", "yes"], value="no", twin_options=["no"]),
        ],
        question="Choose a corticosteroid: the HYPOTHETICAL responder appears, but does the model curve "
        "move, and what is left on day one with the corticosteroid set back to none? Switch the injection "
        "to a medial branch block: how long does relief last with lidocaine, and with bupivacaine? Then set "
        "the local anaesthetic to none: why is there no relief at one hour in most patients?",
        alt="Expected pain (0-10) against log time after a facet injection, with phases shaded: anaesthetic "
        "block, possible flare, hypothetical steroid onset and relief, return of pain. Three curves: a "
        "HYPOTHETICAL steroid responder (steroid timing from knee data), a patient whose pain is back when "
        "the block wears off, and the model's expected pain for the example patient with non-specific relief "
        "(placebo response, natural history or unexplained) calibrated to an anaesthetic-alone trial arm: "
        "model output, "
        "not a measured average.",
    )


@figure("recovery-pain-phases-after-facet-injection")
def recovery_figure() -> tuple[Figure, str]:
    """The recovery figure at its defaults, for figures/ and print."""
    explorer = recovery_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    alt = (
        "Expected pain after a facet injection on a log time axis, phases shaded and named: the "
        "anaesthetic block for hours, a possible flare drawn on days one to three (when patients were asked; "
        "its timing is illustrative), then return of pain. No corticosteroid is drawn by default: the facet "
        "trials read here did not show a steroid effect; choosing one in the explorer adds a HYPOTHETICAL "
        "steroid responder (timing from knee data, invented size). The curves are for an example patient "
        "whose block removes most of the pain, not the measured average. One patient without lasting "
        "relief has their pain back on the first day; the model curve for the example patient, with "
        "non-specific relief (placebo response, natural history or unexplained) calibrated to an "
        "anaesthetic-alone "
        "trial arm, fades over weeks (model output, not a measured average). "
        f"{readout}"
    )
    return fig, alt
