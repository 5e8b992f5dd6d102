"""Views for 04_medication_choices: drug tables, effect curves, the dose checker, particles, systemic effects.

Figures, explorers, self-check questions and reference lists only. Every number is read through
:mod:`facet_course.pharmacology` and :mod:`facet_course.dosing` from the sourced tables in ``data/``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from . import data, dosing
from . import pharmacology as ph
from .data import short_citations as _short
from .explore import Control, Explorer, explore, markdown_table
from .selfcheck import Question
from .style import PALETTE, ROLE_COLOURS, new_figure, source_note

HOURS_PER_DAY = 24.0
LA_COLOURS: dict[str, str] = {
    "lidocaine": PALETTE["orange"],
    "bupivacaine": PALETTE["blue"],
    "ropivacaine": PALETTE["green"],
}
STEROID_COLOURS: dict[str, str] = {
    "methylprednisolone acetate": PALETTE["blue"],
    "triamcinolone acetonide": PALETTE["vermillion"],
    "betamethasone": PALETTE["purple"],
    "dexamethasone": PALETTE["green"],
}
LEVEL_COLOURS: dict[str, str] = {
    "fine": ROLE_COLOURS["safe"],
    "caution": ROLE_COLOURS["caution"],
    "unsafe": ROLE_COLOURS["unsafe"],
}
#: Time axis in hours for the 'why both drugs' figure, with clinicians' words.
TIMELINE_TICKS: dict[float, str] = {
    0.25: "15 min",
    1: "1 h",
    6: "6 h",
    HOURS_PER_DAY: "1 day",
    7 * HOURS_PER_DAY: "1 week",
    30 * HOURS_PER_DAY: "1 month",
}
LA_HOURS = np.linspace(0, 16, 641)
STEROID_DAYS = np.linspace(0, 100, 801)


def _room_for_note(fig: Figure, lines: int = 2) -> None:
    """Keep a strip at the bottom free for the source note (constrained layout ignores figure text)."""
    bottom = 0.13 * lines / fig.get_size_inches()[1]
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))


def table(frame: pd.DataFrame) -> Markdown:
    """Show a table with long text columns in full, as a Markdown table (a DataFrame would truncate them)."""
    return Markdown(markdown_table(frame))


def _ids(*frames_or_ids: pd.DataFrame | str) -> str:
    """';'-joined distinct reference ids of tables and id strings, in first-seen order."""
    seen: dict[str, None] = {}
    for item in frames_or_ids:
        groups = item["source_id"] if isinstance(item, pd.DataFrame) else [item]
        for group in groups:
            for sid in str(group).split(";"):
                if sid.strip():
                    seen[sid.strip()] = None
    return ";".join(seen)


# -- 1. why each drug class is in the syringe -------------------------------------------------------------


def drug_overview() -> pd.DataFrame:
    """One row per drug: class, what it is for in a facet procedure, and its key property (from data)."""
    rows = []
    for drug in ph.local_anaesthetics():
        info = ph.local_anaesthetic_info(drug)
        course = ph.local_anaesthetic_time_course(drug)
        rows.append(
            {
                "drug": drug,
                "class": "local anaesthetic",
                "label strengths (%)": str(info["marketed_strengths_percent"]).replace(";", ", "),
                "onset (nerve block)": course.onset_min.text(),
                "duration (nerve block)": course.duration_h.text(),
                "particulate": "no (solution)",
            }
        )
    for drug in ph.corticosteroids():
        info = ph.corticosteroid_info(drug)
        rows.append(
            {
                "drug": drug,
                "class": "corticosteroid",
                "label strengths (%)": f"{info['strength_mg_per_ml']:g} mg/mL",
                "onset (nerve block)": "",
                "duration (nerve block)": "",
                "particulate": "yes (suspension)" if info["particulate"] else "no (solution)",
            }
        )
    return pd.DataFrame(rows).set_index("drug")


def _timeline_axis(ax: Axes) -> None:
    ax.set_xscale("log")
    ax.set_xlim(0.1, 100 * HOURS_PER_DAY)
    ax.xaxis.set_major_locator(FixedLocator(list(TIMELINE_TICKS)))
    ax.set_xticklabels(list(TIMELINE_TICKS.values()))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("time after the injection (log scale)")


#: Times (hours) offered by the 'what is acting now' explorer, in clinicians' words.
TIMELINE_MARKS: dict[str, float] = {
    "1 hour": 1.0,
    "6 hours": 6.0,
    "1 day": HOURS_PER_DAY,
    "3 days": 3 * HOURS_PER_DAY,
    "1 week": 7 * HOURS_PER_DAY,
    "1 month": 30 * HOURS_PER_DAY,
}
TIMELINE_HOURS = np.geomspace(0.1, 100 * HOURS_PER_DAY, 800)


def make_why_both_figure() -> tuple[Figure, Callable[..., str]]:
    """Anaesthetic block (hours) and steroid effect (days to weeks) on one log time axis, time marked."""
    fig, (ax,) = new_figure("notebook")
    la_colour, steroid_colour = PALETTE["blue"], PALETTE["vermillion"]
    (la_line,) = ax.plot([], [], color=la_colour, lw=2)
    (st_line,) = ax.plot([], [], color=steroid_colour, lw=2, ls="--")
    marker = ax.axvline(1.0, color="#222222", lw=1.2, ls=":")
    (la_dot,) = ax.plot([], [], "o", color=la_colour, ms=7)
    (st_dot,) = ax.plot([], [], "o", color=steroid_colour, ms=7)
    _timeline_axis(ax)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("fraction of the drug's full effect")
    legend = ax.legend([la_line, st_line], ["", ""], loc="upper left", bbox_to_anchor=(0.42, 1.0))
    ax.text(0.3, 0.5, "block: tests the\npain source", fontsize=8, color=la_colour)
    ax.text(30, 0.3, "steroid: may treat\n(weak evidence)", fontsize=8, color=steroid_colour)
    ax.set_title("The anaesthetic acts for hours; a steroid, if at all, over days to weeks")
    source_note(
        fig,
        "Teaching model from published ranges. "
        + data.cite(
            _ids(
                data.load_table("local_anaesthetics_time_course"),
                data.load_table("corticosteroids_time_course"),
            )
        ),
    )
    _room_for_note(fig, lines=4)

    def update(anaesthetic: str, steroid: str, time: str) -> str:
        if time not in TIMELINE_MARKS:
            raise ValueError(f"time must be one of {', '.join(TIMELINE_MARKS)}; got {time!r}")
        hours = TIMELINE_MARKS[time]
        la = ph.local_anaesthetic_relief(anaesthetic, TIMELINE_HOURS)
        st = ph.steroid_relief(steroid, TIMELINE_HOURS / HOURS_PER_DAY)
        la_line.set_data(TIMELINE_HOURS, la)
        st_line.set_data(TIMELINE_HOURS, st)
        la_now = float(ph.local_anaesthetic_relief(anaesthetic, hours))
        st_now = float(ph.steroid_relief(steroid, hours / HOURS_PER_DAY))
        la_dot.set_data([hours], [la_now])
        st_dot.set_data([hours], [st_now])
        marker.set_xdata([hours, hours])
        legend.get_texts()[0].set_text(f"local anaesthetic: {anaesthetic}")
        legend.get_texts()[1].set_text(f"corticosteroid: {steroid}")
        return (
            f"<b>{time}</b> after the injection: {anaesthetic} block <b>{100 * la_now:.0f}%</b>, "
            f"{steroid} effect <b>{100 * st_now:.0f}%</b> of full (teaching model, weak evidence for "
            "steroids)."
        )

    return fig, update


def why_both_explorer() -> Explorer:
    """Choose the two drugs and a time; see which one could be acting then."""
    return explore(
        "what-is-acting-when",
        make_why_both_figure,
        [
            Control(
                "anaesthetic",
                "Anaesthetic",
                ph.local_anaesthetics(),
                value="bupivacaine",
                twin_options=["lidocaine", "bupivacaine"],
            ),
            Control(
                "steroid",
                "Steroid",
                ph.corticosteroids(),
                value="methylprednisolone acetate",
                twin_options=["methylprednisolone acetate", "dexamethasone"],
            ),
            Control("time", "Time after injection", list(TIMELINE_MARKS), value="1 day"),
        ],
        question="A patient phones on day 3 with their usual pain back. Which drug has worn off, and which "
        "could still be on its way?",
        alt="Local anaesthetic and corticosteroid effect on a log time axis from minutes to months, with a "
        "time marker.",
    )


def why_both_static() -> tuple[Figure, str]:
    """Bupivacaine and methylprednisolone acetate on one log time axis, marker at 1 day."""
    anaesthetic, steroid = "bupivacaine", "methylprednisolone acetate"
    fig, update = make_why_both_figure()
    update(anaesthetic, steroid, "1 day")
    la_course = ph.local_anaesthetic_time_course(anaesthetic)
    st_course = ph.steroid_time_course(steroid)
    alt = (
        f"On a log time axis the {anaesthetic} block is full from about {la_course.onset_min.high:g} "
        f"minutes and gone by {la_course.duration_h.high:g} hours, while the {steroid} effect rises over "
        f"about {st_course.peak_days.high:g} days and fades by {st_course.duration_days.high:g} days."
    )
    return fig, alt


# -- 2. local anaesthetics ----------------------------------------------------------------------------------


def max_dose_table() -> pd.DataFrame:
    """Every published maximum single dose (mg/kg and mg ceiling) with its basis and source."""
    frame = data.load_table("local_anaesthetics_max_doses")
    out = pd.DataFrame(
        {
            "drug": frame["drug"],
            "adrenaline": np.where(frame["adrenaline"], "with", "without"),
            "max mg/kg": frame["max_mg_per_kg"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
            "ceiling (mg)": frame["max_total_mg"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
            "basis": frame["basis"],
            "source": frame["source_id"].map(_short),
        }
    )
    return out.reset_index(drop=True)


def max_volume_table(weight_kg: float = 70.0) -> pd.DataFrame:
    """Largest volume (mL) of each label strength within the strictest published maximum, for one weight.

    One row per drug and adrenaline; the last column lists 'strength: mL' for every marketed strength.
    """
    rows = []
    for drug in ph.local_anaesthetics():
        adrenaline_options = (
            [False, True] if ph.local_anaesthetic_info(drug)["adrenaline_marketed"] else [False]
        )
        for adrenaline in adrenaline_options:
            strict = min(lim.limit_mg for lim in dosing.dose_limits(drug, weight_kg, adrenaline))
            volumes = [
                f"{percent:g}%: {dosing.max_volume_ml(drug, percent, weight_kg, adrenaline):.1f} mL"
                for percent in ph.marketed_strengths_percent(drug)
            ]
            rows.append(
                {
                    "drug": drug,
                    "adrenaline": "with" if adrenaline else "without",
                    f"strictest max for {weight_kg:g} kg (mg)": round(strict, 1),
                    "largest total volume by strength": "; ".join(volumes),
                }
            )
    return pd.DataFrame(rows)


def la_time_course_table() -> pd.DataFrame:
    """Onset and duration ranges of each local anaesthetic by setting, with sources."""
    frame = data.load_table("local_anaesthetics_time_course")
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "adrenaline": np.where(frame["adrenaline"], "with", "without"),
            "setting": frame["setting"],
            "onset (min)": [
                f"{a:g}-{b:g}" for a, b in zip(frame["onset_min_low"], frame["onset_min_high"], strict=True)
            ],
            "duration (h)": [
                f"{a:g}-{b:g}" for a, b in zip(frame["duration_h_low"], frame["duration_h_high"], strict=True)
            ],
            "source": frame["source_id"].map(_short),
        }
    )


def make_la_figure() -> tuple[Figure, Callable[..., str]]:
    """The three anaesthetics' block curves side by side, one highlighted, with a time marker."""
    fig, (ax,) = new_figure("notebook")
    lines = {}
    for drug in ph.local_anaesthetics():
        (lines[drug],) = ax.plot([], [], color=LA_COLOURS[drug], lw=2, label=drug)
    marker = ax.axvline(0, color="#444444", lw=1, ls=":")
    dots = {drug: ax.plot([], [], "o", color=LA_COLOURS[drug], ms=7)[0] for drug in ph.local_anaesthetics()}
    ax.set_xlim(0, LA_HOURS[-1])
    ax.set_ylim(0, 1.08)
    ax.set_xticks(np.arange(0, LA_HOURS[-1] + 1, 2))
    ax.set_xlabel("hours after the injection")
    ax.set_ylabel("fraction of a full block")
    ax.legend(loc="upper right")
    ax.set_title("Lidocaine wears off first; bupivacaine and ropivacaine block for hours longer")
    title = ax.text(0.99, 0.6, "", transform=ax.transAxes, ha="right", fontsize=9)
    frame = data.load_table("local_anaesthetics_time_course")
    source_note(fig, "Teaching model from published ranges (peripheral nerve blocks). " + data.cite(frame))
    _room_for_note(fig, lines=4)

    def update(adrenaline: str, hours: float) -> str:
        with_adr = adrenaline == "with adrenaline"
        hours = float(hours)
        parts = []
        for drug in ph.local_anaesthetics():
            try:
                relief = ph.local_anaesthetic_relief(drug, LA_HOURS, adrenaline=with_adr)
            except ValueError:
                lines[drug].set_data([], [])
                dots[drug].set_data([], [])
                parts.append(f"{drug}: not marketed with adrenaline")
                continue
            lines[drug].set_data(LA_HOURS, relief)
            now = float(ph.local_anaesthetic_relief(drug, hours, adrenaline=with_adr))
            dots[drug].set_data([hours], [now])
            parts.append(f"{drug} <b>{100 * now:.0f}%</b>")
        marker.set_xdata([hours, hours])
        title.set_text(f"marker: {hours:g} h after the injection ({adrenaline})")
        return f"At {hours:g} h ({adrenaline}): " + "; ".join(parts) + " of a full block (model)."

    return fig, update


def la_explorer() -> Explorer:
    """Move the time marker; see how much of each anaesthetic's block remains."""
    return explore(
        "local-anaesthetic-block-over-hours",
        make_la_figure,
        [
            Control("adrenaline", "Solution", ["plain", "with adrenaline"], value="plain"),
            Control(
                "hours",
                "Hours after injection",
                (0.0, 16.0, 0.5),
                value=3.0,
                twin_options=[0.5, 3, 6, 10, 14],
            ),
        ],
        question="Three hours after a medial branch block, which anaesthetic may already have worn off?",
        alt="Fraction of a full block against hours for lidocaine, bupivacaine and ropivacaine, "
        "with a time marker.",
    )


def la_static() -> tuple[Figure, str]:
    """The anaesthetic curves (plain solutions) with the marker at 3 h, for figures/ and print."""
    fig, update = make_la_figure()
    update("plain", 3.0)
    lido = ph.local_anaesthetic_time_course("lidocaine").duration_h
    bupi = ph.local_anaesthetic_time_course("bupivacaine").duration_h
    alt = (
        f"Block curves over 16 hours: lidocaine wears off between {lido.low:g} and {lido.high:g} hours, "
        f"bupivacaine between {bupi.low:g} and {bupi.high:g} hours; ropivacaine lasts longest."
    )
    return fig, alt


# -- 3. the dose and volume checker -----------------------------------------------------------------------


def example_checks() -> list[dosing.InjectionCheck]:
    """Three worked examples: a typical lumbar MBB, cervical IA injections, and an unsafe overdose."""
    return [
        dosing.check_injection(70, "bupivacaine", 0.5, 0.5, 6, "lumbar_medial_branch"),
        dosing.check_injection(60, "lidocaine", 1, 1.0, 4, "cervical_intra_articular"),
        dosing.check_injection(50, "lidocaine", 2, 3.0, 4, "lumbar_intra_articular"),
    ]


def print_example_checks() -> None:
    """Print the worked examples (nbval compares the numbers and verdicts strictly)."""
    for check in example_checks():
        print(check.summary())
        print()


def make_checker_figure() -> tuple[Figure, Callable[..., str]]:
    """Two bars: total dose against both published maxima, volume per site against the target's limits."""
    fig, (dose_ax, vol_ax) = new_figure("notebook", nrows=2)
    dose_bar = dose_ax.barh([0], [0], color=LEVEL_COLOURS["fine"], height=0.6, zorder=2)[0]
    dose_ax.axvline(1.0, color=PALETTE["black"], lw=2, ls="--", zorder=3, label="strictest maximum")
    loose_line = dose_ax.axvline(0, color=PALETTE["black"], lw=2, zorder=3, label="most permissive maximum")
    dose_ax.set_xlim(0, 2.0)
    dose_ax.set_ylim(-0.6, 0.6)
    dose_ax.set_yticks([])
    dose_ax.set_xlabel("total dose / strictest published maximum for this weight")
    dose_ax.legend(loc="center right", fontsize=7)
    dose_title = dose_ax.set_title("", loc="left", fontsize=9, fontweight="normal")
    vol_bar = vol_ax.barh([0], [0], color=LEVEL_COLOURS["fine"], height=0.6, zorder=2)[0]
    caution_line = vol_ax.axvline(
        0, color=ROLE_COLOURS["caution"], lw=2.5, ls="--", zorder=3, label="caution"
    )
    unsafe_line = vol_ax.axvline(0, color=ROLE_COLOURS["unsafe"], lw=2.5, zorder=3, label="unsafe")
    vol_ax.set_xlim(0, 5.0)
    vol_ax.set_ylim(-0.6, 0.6)
    vol_ax.set_yticks([])
    vol_ax.set_xlabel("volume per joint or nerve (mL)")
    vol_ax.legend(loc="center right", fontsize=7)
    vol_title = vol_ax.set_title("", loc="left", fontsize=9, fontweight="normal")
    title = fig.suptitle("", fontweight="bold")
    source_note(
        fig,
        data.cite(
            _ids(data.load_table("local_anaesthetics_max_doses"), data.load_table("injectate_volume_limits"))
        ),
    )
    note = fig.texts[-1]  # narrowed to the sources of the current check in update()
    _room_for_note(fig, lines=3)

    def update(
        weight_kg: float, drug: str, concentration_percent: float, volume_ml: float, joints: int, target: str
    ) -> str:
        try:
            check = dosing.check_injection(
                weight_kg, drug, concentration_percent, volume_ml, int(joints), target
            )
        except ValueError as error:  # impossible input: say why in the figure and the readout
            for bar in (dose_bar, vol_bar):
                bar.set_width(0)
            dose_title.set_text("dose: not computed")
            vol_title.set_text("volume: not computed")
            title.set_text("Not a possible injection: see the message below")
            title.set_color("#555555")
            return f"⚠ {error}"
        dose_level, vol_level = check.reasons[0].level, check.reasons[1].level
        used = _ids(
            check.strictest_limit.source_id,
            check.most_permissive_limit.source_id,
            *(r.source_id for r in check.reasons),
        )
        note.set_text(data.cite(used))
        frac = check.fraction_of_strictest_max
        dose_bar.set_width(min(frac, 2.0))
        dose_bar.set_color(LEVEL_COLOURS[dose_level])
        loose = check.most_permissive_limit.limit_mg / check.strictest_limit.limit_mg
        loose_line.set_xdata([loose, loose])
        dose_title.set_text(
            f"dose {check.total_mg:.4g} mg for {check.weight_kg:g} kg "
            f"({check.total_mg / check.weight_kg:.2g} mg/kg): "
            f"{100 * frac:.0f}% of the strictest max {check.strictest_limit.limit_mg:.4g} mg "
            f"(most permissive {check.most_permissive_limit.limit_mg:.4g} mg)"
        )
        dose_title.set_color(LEVEL_COLOURS[dose_level])
        vol_bar.set_width(min(check.volume_ml_per_site, 5.0))
        vol_bar.set_color(LEVEL_COLOURS[vol_level])
        caution = check.volume_caution_ml if check.volume_caution_ml is not None else np.nan
        unsafe = check.volume_unsafe_ml if check.volume_unsafe_ml is not None else np.nan
        caution_line.set_xdata([caution, caution])
        unsafe_line.set_xdata([unsafe, unsafe])
        vol_title.set_text(
            f"volume: {check.volume_ml_per_site:g} mL per site x {check.n_sites} sites = "
            f"{check.total_volume_ml:g} mL"
        )
        vol_title.set_color(LEVEL_COLOURS[vol_level])
        title.set_text(f"Verdict: {check.verdict.upper()} ({dosing.target_label(target)})")
        title.set_color(LEVEL_COLOURS[check.verdict])
        items = "".join(
            f'<li><span style="color:{LEVEL_COLOURS[r.level]}"><b>{r.level}</b></span>: {r.text} '
            f"<i>({r.citation()})</i></li>"
            for r in check.reasons
        )
        return f"<b>Verdict: {check.verdict.upper()}</b> - total {check.total_mg:.4g} mg.<ul>{items}</ul>"

    return fig, update


def checker_explorer() -> Explorer:
    """The dose and volume checker as an explorer: weight, drug, strength, volume, joints, target."""
    strengths = sorted({s for d in ph.local_anaesthetics() for s in ph.marketed_strengths_percent(d)})
    return explore(
        "dose-and-volume-checker",
        make_checker_figure,
        [
            Control("weight_kg", "Weight", (40, 120, 5), value=70, twin_options=[50, 70], unit="kg"),
            Control(
                "drug",
                "Drug",
                ph.local_anaesthetics(),
                value="lidocaine",
                twin_options=["lidocaine", "bupivacaine"],
            ),
            Control(
                "concentration_percent", "Strength", strengths, value=2.0, twin_options=[0.5, 2.0], unit="%"
            ),
            Control(
                "volume_ml",
                "Volume per site",
                [0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0],
                value=0.5,
                twin_options=[0.5, 2.0],
                unit="mL",
            ),
            Control("joints", "Joints or nerves", (1, 10, 1), value=2, twin_options=[2, 6]),
            Control(
                "target",
                "Target",
                dosing.targets(),
                value="lumbar_intra_articular",
                twin_options=["lumbar_intra_articular"],
            ),
        ],
        question="A 50 kg patient gets 2% lidocaine into lumbar facet joints. With 2 mL per joint, "
        "which limit breaks first as you add joints, the dose or the volume? And with 0.5 mL per joint?",
        alt="Two bars: the total local anaesthetic dose against the published maxima, and the volume "
        "per site "
        "against the target's limits, coloured by verdict.",
    )


def checker_static() -> tuple[Figure, str]:
    """The checker at a typical lumbar medial branch block, for figures/ and print."""
    fig, update = make_checker_figure()
    update(70, "bupivacaine", 0.5, 0.5, 6, "lumbar_medial_branch")
    check = example_checks()[0]
    alt = (
        f"Six lumbar medial branch blocks of 0.5 mL 0.5% bupivacaine in a 70 kg patient: {check.total_mg:g} "
        "mg, "
        f"{100 * check.fraction_of_strictest_max:.0f}% of the strictest maximum; verdict {check.verdict} "
        "because of the volume per nerve."
    )
    return fig, alt


def volume_limits_table() -> pd.DataFrame:
    """Volume limits per target with the reason and source."""
    frame = data.load_table("injectate_volume_limits")
    return pd.DataFrame(
        {
            "target": frame["target"].map(dosing.target_label),
            "limit": frame["limit_kind"],
            "above (mL)": frame["volume_ml"].map(lambda v: f"{v:g}"),
            "why": frame["reason"],
            "source": frame["source_id"].map(_short),
        }
    )


# -- 4. corticosteroids: particulate against non-particulate, doses, time course ---------------------------


def steroid_table() -> pd.DataFrame:
    """Formulation, particulate or not, strength and the label's words on release, with sources."""
    frame = data.load_table("corticosteroids")
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "particulate": np.where(frame["particulate"], "yes", "no"),
            "strength (mg/mL)": frame["strength_mg_per_ml"].map(lambda v: f"{v:g}"),
            "release (label)": frame["release"],
            "label note": frame["label_note"],
            "source": frame["source_id"].map(_short),
        }
    ).set_index("drug")


def steroid_dose_table() -> pd.DataFrame:
    """Label doses by joint size and the doses used in the facet trials."""
    frame = data.load_table("corticosteroids_doses")
    dose = [
        f"{a:g}" if a == b else f"{a:g}-{b:g}"
        for a, b in zip(frame["dose_mg_low"], frame["dose_mg_high"], strict=True)
    ]
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "from": frame["context"],
            "joint": frame["joint"],
            "dose (mg)": dose,
            "source": frame["source_id"].map(_short),
        }
    )


def particle_static() -> tuple[Figure, str]:
    """Range and mean of measured crystal sizes against the red cell, log scale."""
    fig, (ax,) = new_figure("slide")
    rbc = ph.red_cell_diameter_um()
    ax.axvspan(rbc.low, rbc.high, color=PALETTE["vermillion"], alpha=0.2, lw=0)
    ax.text(rbc.high * 1.1, -0.45, "red cell", ha="left", fontsize=8, color=PALETTE["vermillion"])
    drugs = ph.corticosteroids()
    ids = [rbc.source_id]
    for i, drug in enumerate(drugs):
        y = len(drugs) - 1 - i
        rows = ph.particle_sizes(drug)
        measured = rows.dropna(subset=["size_max_um"])
        colour = STEROID_COLOURS[drug]
        if not measured.empty:
            row = measured.iloc[0]
            ax.hlines(y, row["size_min_um"], row["size_max_um"], color=colour, lw=8, alpha=0.6)
            ax.plot(row["size_mean_um"], y, "|", color=PALETTE["black"], ms=18, mew=2)
            label = f"{row['size_min_um']:g}-{row['size_max_um']:g} µm (mean {row['size_mean_um']:g})"
            ax.text(row["size_max_um"] * 1.15, y, label, va="center", fontsize=8)
            ids.append(row["source_id"])
        else:
            ratio = rows["size_ratio_to_red_cell"].dropna()
            if not ratio.empty:
                size = float(ratio.iloc[0]) * rbc.mid
                ax.plot(size, y, "o", color=colour, ms=8)
                ax.text(
                    size * 1.3,
                    y,
                    f"about {float(ratio.iloc[0]):g} x a red cell; no aggregates",
                    va="center",
                    fontsize=8,
                )
                ids.append(rows.loc[ratio.index[0], "source_id"])
            else:
                ax.text(
                    0.15,
                    y,
                    "not given in µm: some particles larger than red cells; aggregates",
                    va="center",
                    fontsize=8,
                )
                ids.append(rows["source_id"].iloc[0])
    ax.set_xscale("log")
    ax.set_xlim(0.1, 5000)
    ax.set_ylim(-0.6, len(drugs) - 0.2)
    ax.set_yticks(range(len(drugs)), list(reversed(drugs)))
    ax.set_xlabel("particle size (micrometres, log scale)")
    fig.suptitle("Depot steroid crystals can exceed a red cell; dexamethasone has none", fontweight="bold")
    ax.grid(axis="y", visible=False)
    source_note(fig, data.cite(_ids(*ids)))
    _room_for_note(fig)
    mpa = ph.particle_sizes("methylprednisolone acetate").dropna(subset=["size_max_um"]).iloc[0]
    ta = ph.particle_sizes("triamcinolone acetonide").dropna(subset=["size_max_um"]).iloc[0]
    alt = (
        f"Crystal sizes on a log scale against a red cell of {rbc.low:g}-{rbc.high:g} µm: methylprednisolone "
        f"acetate up to {mpa['size_max_um']:g} µm, triamcinolone acetonide up to {ta['size_max_um']:g} µm, "
        "betamethasone variable with aggregates, dexamethasone about a tenth of a red cell without "
        "aggregates."
    )
    return fig, alt


def steroid_time_course_table() -> pd.DataFrame:
    """Onset, peak and 'gone by' ranges (days) per steroid: the envelope the model uses, with its sources."""
    rows = []
    for drug in ph.corticosteroids():
        course = ph.steroid_time_course(drug)
        rows.append(
            {
                "drug": drug,
                "onset (days)": f"{course.onset_days.text()} ({_short(course.onset_days.source_id)})",
                "peak (days)": f"{course.peak_days.text()} ({_short(course.peak_days.source_id)})",
                "gone by (days)": f"{course.duration_days.text()} ({_short(course.duration_days.source_id)})",
            }
        )
    return pd.DataFrame(rows)


def steroid_time_course_basis() -> Markdown:
    """Markdown list of what each time-course range rests on (label, knee trials, or a proxy)."""
    frame = data.load_table("corticosteroids_time_course")
    seen = dict.fromkeys(zip(frame["basis"], frame["source_id"], strict=True))
    return Markdown("\n".join(f"- {basis} ({_short(ids)})" for basis, ids in seen))


def make_steroid_figure() -> tuple[Figure, Callable[..., str]]:
    """The four steroids' modelled effect over days, one highlighted, with a day marker."""
    fig, (ax,) = new_figure("notebook")
    lines = {}
    for drug in ph.corticosteroids():
        (lines[drug],) = ax.plot(
            STEROID_DAYS,
            ph.steroid_relief(drug, STEROID_DAYS),
            color=STEROID_COLOURS[drug],
            lw=1.5,
            alpha=0.5,
            ls="--" if drug == "betamethasone" else "-",
            label=f"{drug} (same ranges as triamcinolone)" if drug == "betamethasone" else drug,
        )
    marker = ax.axvline(0, color="#444444", lw=1, ls=":")
    ax.set_xlim(0, STEROID_DAYS[-1])
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("days after the injection")
    ax.set_ylabel("fraction of the steroid's full effect")
    ax.legend(loc="upper right", fontsize=8)
    ax.text(
        0.99,
        0.55,
        "WEAK EVIDENCE: labels and knee trials,\nnot facet joints",
        transform=ax.transAxes,
        ha="right",
        fontsize=8,
        color="#555555",
    )
    ax.set_title("Soluble dexamethasone fades within weeks; depot suspensions last longer")
    title = ax.text(0.99, 0.47, "", transform=ax.transAxes, ha="right", fontsize=9)
    source_note(
        fig,
        "Teaching model from published ranges. " + data.cite(data.load_table("corticosteroids_time_course")),
    )
    _room_for_note(fig, lines=4)

    def update(drug: str, day: float) -> str:
        ph.check_corticosteroid(drug)
        day = float(day)
        for name, line in lines.items():
            line.set_linewidth(3 if name == drug else 1.2)
            line.set_alpha(1.0 if name == drug else 0.35)
        marker.set_xdata([day, day])
        now = float(ph.steroid_relief(drug, day))
        course = ph.steroid_time_course(drug)
        title.set_text(f"{drug}: {100 * now:.0f}% on day {day:g}")
        return (
            f"<b>{drug}</b> on day {day:g}: <b>{100 * now:.0f}%</b> of its modelled effect. Published "
            "ranges: "
            f"onset {course.onset_days.text()}, peak {course.peak_days.text()}, gone by "
            f"{course.duration_days.text()} "
            f"({_short(_ids(course.duration_days.source_id, course.peak_days.source_id))})."
        )

    return fig, update


def steroid_explorer() -> Explorer:
    """Choose a steroid and a day; see its modelled effect and the ranges it comes from."""
    return explore(
        "steroid-effect-over-days",
        make_steroid_figure,
        [
            Control("drug", "Steroid", ph.corticosteroids(), value="methylprednisolone acetate"),
            Control("day", "Day after injection", (0, 100, 1), value=21, twin_options=[3, 14, 21, 42, 70]),
        ],
        question="Three weeks after the injection, which steroid's modelled effect has already ended, "
        "and why?",
        alt="Modelled fraction of each corticosteroid's effect over 100 days with a day marker.",
    )


def steroid_static() -> tuple[Figure, str]:
    """The steroid curves with methylprednisolone acetate highlighted at day 21."""
    fig, update = make_steroid_figure()
    update("methylprednisolone acetate", 21)
    dex = ph.steroid_time_course("dexamethasone").duration_days
    ta = ph.steroid_time_course("triamcinolone acetonide").duration_days
    alt = (
        f"Modelled steroid effect over 100 days: soluble dexamethasone is gone by {dex.high:g} days, the "
        "depot "
        f"suspensions fade between {ta.low:g} and {ta.high:g} days (weak evidence)."
    )
    return fig, alt


def equivalence_caveat() -> str:
    """Markdown: why oral/IV equivalence tables do not carry over to a joint, with numbers from data."""
    steroids = data.load_table("corticosteroids")
    release = dict(zip(steroids["drug"], steroids["release"], strict=True))
    effects = data.load_table("systemic_effects").set_index("id")
    friedly = effects.loc["hpa_esi_friedly"]
    glucose_knee, glucose_shoulder = effects.loc["glucose_knee_habib"], effects.loc["glucose_shoulder_habib"]
    return (
        "Conversion tables list 'equivalent' doses of each steroid by anti-inflammatory potency "
        "after **oral or intravenous** dosing, where the whole dose reaches the blood. In a joint what "
        "matters "
        "is how fast the preparation leaves it, which the ester and its solubility decide:\n\n"
        f"- dexamethasone: {release['dexamethasone']} "
        f"({_short(steroids.set_index('drug').loc['dexamethasone', 'source_id'])});\n"
        f"- triamcinolone acetonide: {release['triamcinolone acetonide']} "
        f"({_short(steroids.set_index('drug').loc['triamcinolone acetonide', 'source_id'])});\n"
        f"- in an epidural trial the preparations gave different systemic exposure: {friedly['finding']} "
        f"({_short(friedly['source_id'])});\n"
        f"- the same drug in different joints behaved differently: {glucose_knee['dose_mg']:g} mg "
        "methylprednisolone "
        f"in the knee raised glucose for {glucose_knee['days_low']:g}-{glucose_knee['days_high']:g} days "
        f"({_short(glucose_knee['source_id'])}), {glucose_shoulder['dose_mg']:g} mg in the shoulder did not "
        f"({_short(glucose_shoulder['source_id'])}).\n\n"
        "So choose the steroid for its particles, release and label, not by converting a dose from a table."
    )


# -- 5. systemic effects -----------------------------------------------------------------------------------


def systemic_table() -> pd.DataFrame:
    """One row per study: effect, injection, drug, dose, patients, how long, finding, source."""
    frame = data.load_table("systemic_effects")
    days = [
        f"{a:g}" if a == b else f"{a:g}-{b:g}"
        for a, b in zip(frame["days_low"], frame["days_high"], strict=True)
    ]
    return pd.DataFrame(
        {
            "effect": frame["effect"],
            "injection": frame["injection"],
            "drug": frame["drug"],
            "dose (mg)": frame["dose_mg"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
            "n": frame["n"],
            "lasted (days)": days,
            "source": frame["source_id"].map(_short),
        }
    )


def make_systemic_figure() -> tuple[Figure, Callable[..., str]]:
    """How long each study found glucose raised or the adrenal axis suppressed, with a day marker.

    Each bar runs from the injection to the latest day the effect was reported (solid up to the earliest
    reported end, faded where the end lies within a range).
    """
    frame = data.load_table("systemic_effects")
    fig, (ax,) = new_figure("slide")
    colours = {"blood glucose": PALETTE["orange"], "adrenal axis suppression": PALETTE["blue"]}
    rows = []
    labels = []
    for y, (_, row) in enumerate(frame.iloc[::-1].iterrows()):
        low, high = float(row["days_low"]), float(row["days_high"])
        colour = colours[row["effect"]]
        ax.barh(y, low, color=colour, height=0.55)
        ax.barh(y, high - low, left=low, color=colour, alpha=0.35, height=0.55)
        if high == 0:
            ax.text(0.8, y, "no rise found", va="center", fontsize=8, color="#555555")
        dose = "" if pd.isna(row["dose_mg"]) else f" {row['dose_mg']:g} mg"
        labels.append(f"{row['injection']}{dose} ({_short(row['source_id'])})")
        rows.append(row)
    marker = ax.axvline(0, color="#222222", lw=1.5, ls=":")
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.set_xlim(0, 92)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_xlabel("days after injection (faded: the effect ended within this range)")
    ax.grid(axis="y", visible=False)
    for effect, colour in colours.items():
        ax.barh([np.nan], [0], color=colour, label=effect)
    ax.legend(loc="center right", fontsize=9)
    fig.suptitle("Glucose rises last days; adrenal suppression can last weeks", fontweight="bold")
    title = ax.set_title("", loc="left", fontsize=10)
    source_note(fig, data.cite(frame))
    _room_for_note(fig, lines=4)

    def update(day: float) -> str:
        day = float(day)
        marker.set_xdata([day, day])
        certain = [r for r in rows if day <= float(r["days_low"])]
        possible = [r for r in rows if float(r["days_low"]) < day <= float(r["days_high"])]
        title.set_text(
            f"Day {day:g}: {len(certain)} studies still found an effect, {len(possible)} more may have"
        )

        def names(group: list[pd.Series]) -> str:
            short = [
                f"{r['effect'].split()[0]} after {r['injection']} ({_short(r['source_id'])})" for r in group
            ]
            return "; ".join(short) or "none"

        return (
            f"Day <b>{day:g}</b>. Still found: {names(certain)}. <br>May still be present: {names(possible)}."
        )

    return fig, update


def systemic_explorer() -> Explorer:
    """Move the day marker; see which studies still found raised glucose or a suppressed adrenal axis."""
    return explore(
        "systemic-effects-by-day",
        make_systemic_figure,
        [Control("day", "Day after injection", (0, 90, 1), value=7, twin_options=[1, 3, 7, 21, 42, 84])],
        question="Three weeks after a steroid injection, which effect is still being found, and after "
        "which injections?",
        alt="Horizontal bars of how many days each study found raised blood glucose or adrenal suppression.",
    )


def systemic_static() -> tuple[Figure, str]:
    """The systemic-effects bars with the marker at day 3."""
    fig, update = make_systemic_figure()
    update(3)
    frame = data.load_table("systemic_effects")
    glucose = frame[frame["effect"] == "blood glucose"]["days_high"].max()
    hpa = frame[frame["effect"] == "adrenal axis suppression"]["days_high"].max()
    alt = (
        f"Blood glucose rises lasted up to {glucose:g} days in the studies; adrenal suppression was found "
        "for up to "
        f"{hpa:g} days, mostly after epidural or knee injections."
    )
    return fig, alt


def who_to_warn() -> str:
    """Markdown: who needs a warning before a steroid injection, numbers and sources from data."""
    f = data.load_table("systemic_effects").set_index("id")
    even, shin, knee = f.loc["glucose_esi_even"], f.loc["glucose_mixed_shin"], f.loc["glucose_knee_habib"]
    habib, friedly, moon = f.loc["hpa_knee_habib"], f.loc["hpa_esi_friedly"], f.loc["hpa_esi_moon"]
    kay = f.loc["hpa_esi_kay"]
    return (
        "- **People with diabetes**: check glucose for the next days. After an epidural steroid it rose by "
        "a mean of "
        f"{even['value']:g} mg/dL and settled within {even['days_high']:g} days "
        f"({_short(even['source_id'])}); "
        f"after a knee injection it lasted {knee['days_low']:g}-{knee['days_high']:g} days "
        f"({_short(knee['source_id'])}). Poorer control predicted a larger rise in one study "
        f"({_short(shin['source_id'])}) but not in another ({_short(even['source_id'])}): the sources "
        "disagree.\n"
        "- **People having repeated or high-dose steroid injections, or surgery or illness soon after**: "
        "the adrenal "
        f"axis can be suppressed for weeks: {habib['finding']} ({_short(habib['source_id'])}); "
        f"{moon['finding']} ({_short(moon['source_id'])}); {kay['finding']} ({_short(kay['source_id'])}).\n"
        f"- **The drug matters**: {friedly['finding']} ({_short(friedly['source_id'])})."
    )


# -- misconceptions, self-check, references ---------------------------------------------------------------


def misconceptions() -> str:
    """Markdown list of common misconceptions, each corrected with numbers and sources from data."""
    lido = dosing.dose_limits("lidocaine", 70)
    strict, loose = min(lim.limit_mg for lim in lido), max(lim.limit_mg for lim in lido)
    dex = ph.corticosteroid_info("dexamethasone")
    la = ph.local_anaesthetic_time_course("bupivacaine").duration_h
    knee = data.load_table("systemic_effects").set_index("id").loc["glucose_knee_habib"]
    capacity = dosing.volume_limits("lumbar_intra_articular")[1]
    mbb = dosing.volume_limits("cervical_medial_branch")[0]
    assert capacity is not None and mbb is not None
    return (
        "1. *'The maximum dose is a hard, evidence-based line.'* The published maxima for plain lidocaine "
        "in a 70 kg "
        f"adult range from {strict:g} to {loose:g} mg, and none comes from trials "
        f"({_short('rosenberg2004')}). Treat "
        "them as a range; the site (vascularity) and the patient matter.\n"
        "2. *'Relief right after the injection means the steroid worked.'* Early relief is the "
        "anaesthetic, gone "
        f"within about {la.high:g} hours even for bupivacaine ({_short(la.source_id)}); the steroid, if it "
        "helps, "
        "acts over days.\n"
        f"3. *'All steroids are the same if the dose is converted from a table.'* Dexamethasone is a "
        f"{dex['formulation']} with {dex['release']} ({_short(dex['source_id'])}); depot suspensions last "
        "weeks. "
        "Equivalence tables describe oral or intravenous doses.\n"
        f"4. *'A steroid injected into a joint stays in the joint.'* It reaches the blood: glucose rose for "
        f"{knee['days_low']:g}-{knee['days_high']:g} days after a knee injection in people with diabetes "
        f"({_short(knee['source_id'])}), and adrenal suppression can last weeks (see the systemic effects "
        "table).\n"
        f"5. *'A bigger volume makes a better block.'* A lumbar facet joint holds about {capacity[0]:g} mL; "
        "more "
        f"ruptures the capsule ({_short(capacity[2])}), and medial branch volumes above {mbb[0]:g} mL "
        "spread to "
        f"neighbouring structures more often and give false-positive blocks ({_short(mbb[2])})."
    )


def self_check_questions() -> list[Question]:
    """Five questions, one per learning objective, numbers formatted from data, each with its source.

    Five fit one slide; the disagreement between maximum doses and the medial branch volume are taught in
    the misconceptions and the checker instead.
    """
    example = dosing.check_injection(50, "lidocaine", 2, 3.0, 4, "lumbar_intra_articular")
    lumbar_ia = dosing.volume_limits("lumbar_intra_articular")[1]
    assert lumbar_ia is not None
    rbc = ph.red_cell_diameter_um()
    ta = ph.particle_sizes("triamcinolone acetonide").dropna(subset=["size_max_um"]).iloc[0]
    effects = data.load_table("systemic_effects").set_index("id")
    friedly, even, knee = (
        effects.loc["hpa_esi_friedly"],
        effects.loc["glucose_esi_even"],
        effects.loc["glucose_knee_habib"],
    )
    lido_course = ph.local_anaesthetic_time_course("lidocaine").duration_h
    bupi_course = ph.local_anaesthetic_time_course("bupivacaine").duration_h
    return [
        Question(
            "In a comparative block, which anaesthetic should give the longer relief?",
            ("Lidocaine", "Bupivacaine", "They last the same"),
            1,
            f"Published nerve-block durations: lidocaine {lido_course.text()}, bupivacaine "
            f"{bupi_course.text()}. Early relief is the anaesthetic, not the steroid.",
            _ids(lido_course.source_id, bupi_course.source_id),
        ),
        Question(
            "Four lumbar facet joints are each injected with 3 mL of 2% lidocaine in a 50 kg patient. What "
            "is wrong?",
            (
                "Nothing: the total dose is within every maximum",
                f"Both: {example.total_mg:g} mg exceeds every published maximum and 3 mL overfills each "
                "joint",
                "Only the volume per joint",
            ),
            1,
            f"{example.total_mg:g} mg is {100 * example.fraction_of_most_permissive_max:.0f}% of the most "
            f"permissive maximum for 50 kg, and {lumbar_ia[0]:g} mL is the most a lumbar facet joint holds.",
            _ids(example.reasons[0].source_id, example.reasons[1].source_id),
        ),
        Question(
            "Which corticosteroid is a solution without particles, and why does that matter?",
            (
                "Triamcinolone acetonide: it dissolves in the joint",
                "Dexamethasone sodium phosphate: it cannot embolise as crystals if injected into an artery",
                "Methylprednisolone acetate: its crystals are smaller than red cells",
            ),
            1,
            f"Dexamethasone particles are about a tenth of a red cell ({rbc.low:g}-{rbc.high:g} µm) without "
            f"aggregates; triamcinolone crystals reach {ta['size_max_um']:g} µm.",
            "derby2008;macmahon2011;nih_rbc",
        ),
        Question(
            "Three weeks after an epidural steroid, which preparations had suppressed morning cortisol?",
            (
                "All four equally: the doses were 'equivalent'",
                "Methylprednisolone and triamcinolone, not betamethasone or dexamethasone",
                "None: an injection does not reach the blood",
            ),
            1,
            friedly["finding"] + ". Conversion tables do not predict what an injected depot does.",
            friedly["source_id"],
        ),
        Question(
            "A patient with diabetes has a facet joint steroid injection today. What do you tell them?",
            (
                "Glucose is unaffected by an injection",
                f"Glucose may rise for about {even['days_high']:g} days: check it more often and adjust "
                "with their team",
                "Stop their diabetes medicines for a week",
            ),
            1,
            f"After epidural steroid glucose rose by a mean of {even['value']:g} mg/dL and settled within "
            f"{even['days_high']:g} days; after a knee injection it stayed up for "
            f"{knee['days_low']:g}-{knee['days_high']:g} days.",
            _ids(even["source_id"], knee["source_id"]),
        ),
    ]


#: The references a resident should know from this notebook (every table cites its own in full).
KEY_REFERENCE_IDS: tuple[str, ...] = (
    "label_xylocaine",
    "label_marcaine",
    "label_naropin",
    "rosenberg2004",
    "cohen2010cervical",
    "derby2008",
    "macmahon2011",
    "label_dexamethasone",
    "juni2015",
    "even2012",
    "habib2008",
    "friedly2018",
    "habib2014",
)


def key_references(part: int = 1, parts: int = 1) -> str:
    """Markdown list of the key references, or part ``part`` of ``parts`` (so each fits a slide).

    The full bibliography is data/references/medication.csv; every table and figure cites its own sources.
    """
    if not 1 <= part <= parts:
        raise ValueError(f"part must be from 1 to parts={parts}; got {part}")
    size = -(-len(KEY_REFERENCE_IDS) // parts)
    return data.references_markdown(list(KEY_REFERENCE_IDS[(part - 1) * size : part * size]))


FIGURES: dict[str, Callable[[], tuple[Figure, str]]] = {
    "anaesthetic-hours-and-steroid-weeks-timeline": why_both_static,
    "local-anaesthetic-block-over-hours-by-drug": la_static,
    "dose-checker-lumbar-medial-branch-example": checker_static,
    "steroid-particle-size-against-red-cell": particle_static,
    "steroid-effect-over-days-by-drug": steroid_static,
    "systemic-steroid-effects-duration-by-study": systemic_static,
}
