"""Views for 04_medication_choices: drug tables, effect curves, the dose checker, particles, systemic effects.

Figures, explorers, self-check questions and reference lists only. Every number is read through
:mod:`facet_course.pharmacology` and :mod:`facet_course.safety` (the one rule set for doses and
volumes) from the sourced tables in ``data/``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from ...core import data
from ...core.data import short_citations as _short
from ...core.explore import Control, Explorer, explore
from ...core.text import markdown_table, say
from ...core.selfcheck import Question
from ...core.style import PALETTE, ROLE_COLOURS, new_figure, source_note
from ...models import anatomy, safety
from ...models import pharmacology as ph

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


def la_toxicity_table() -> pd.DataFrame:
    """Each local anaesthetic's label warnings on systemic toxicity, with sources."""
    frame = data.load_table("local_anaesthetics")
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "systemic toxicity (label)": frame["toxicity_note"],
            "source": frame["source_id"].map(_short),
        }
    )


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
    ropi = ph.local_anaesthetic_time_course("ropivacaine").duration_h
    alt = (
        f"Block curves over 16 hours: lidocaine wears off between {lido.low:g} and {lido.high:g} hours, "
        f"bupivacaine between {bupi.low:g} and {bupi.high:g} hours and ropivacaine between {ropi.low:g} and "
        f"{ropi.high:g} hours: the two long-acting drugs' published ranges overlap."
    )
    return fig, alt


# -- 3. the dose and volume checker (every verdict from facet_course.safety) ------------------------------

#: Drug items offered by the checker explorer (strengths as labelled).
CHECKER_STEROIDS: dict[str, dict[str, object] | None] = {
    "none": None,
    "triamcinolone 40 mg/mL": {"drug": "triamcinolone acetonide", "mg_per_ml": 40.0},
    "methylprednisolone 40 mg/mL": {"drug": "methylprednisolone acetate", "mg_per_ml": 40.0},
    "dexamethasone 4 mg/mL": {"drug": "dexamethasone", "mg_per_ml": 4.0},
    "betamethasone 6 mg/mL": {"drug": "betamethasone", "mg_per_ml": 6.0},
}


def _procedure(
    weight_kg: float,
    region: str,
    target: str,
    purpose: str,
    sites: int,
    drug: str,
    percent: float,
    la_ml: float,
    steroid: str = "none",
    steroid_ml: float = 0.0,
    skin_lidocaine_ml: float = 0.0,
    contrast_ml: float = 0.0,
    sedation: bool = False,
) -> safety.ProcedureCheck:
    """One procedure as the checker explorer describes it, checked by the rule set."""
    per_site: list[dict[str, object]] = [{"drug": drug, "percent": percent, "ml": la_ml}]
    item = CHECKER_STEROIDS.get(steroid, {})
    if item is None or steroid_ml <= 0:
        pass
    elif item:
        per_site.append({**item, "ml": steroid_ml})
    else:
        raise ValueError(f"steroid must be one of {', '.join(CHECKER_STEROIDS)}; got {steroid!r}")
    skin = [{"drug": "lidocaine", "percent": 1.0, "ml": skin_lidocaine_ml}] if skin_lidocaine_ml > 0 else None
    return safety.check_procedure(
        weight_kg=weight_kg,
        region=region,
        target=target,
        purpose=purpose,
        n_sites=int(sites),
        per_site=per_site,
        skin=skin,
        contrast_ml_per_site=contrast_ml,
        sedation=sedation,
    )


#: The worked examples: (heading, procedure arguments). Each is printed in an ordinary cell (nbval).
WORKED_EXAMPLES: tuple[tuple[str, dict[str, object]], ...] = (
    (
        "A typical diagnostic lumbar medial branch block session, with skin infiltration and contrast",
        dict(
            weight_kg=70,
            region="lumbar",
            target="medial_branch",
            purpose="diagnostic",
            sites=6,
            drug="bupivacaine",
            percent=0.5,
            la_ml=0.5,
            skin_lidocaine_ml=5.0,
            contrast_ml=0.2,
        ),
    ),
    (
        "Why mg/kg matters: the same 150 mg of bupivacaine in an 80 kg and in a 50 kg patient",
        dict(
            weight_kg=80,
            region="lumbar",
            target="intra_articular",
            purpose="therapeutic",
            sites=2,
            drug="bupivacaine",
            percent=0.75,
            la_ml=10.0,
        ),
    ),
    (
        "",
        dict(
            weight_kg=50,
            region="lumbar",
            target="intra_articular",
            purpose="therapeutic",
            sites=2,
            drug="bupivacaine",
            percent=0.75,
            la_ml=10.0,
        ),
    ),
    (
        "Cervical intra-articular injections of 1 mL per joint",
        dict(
            weight_kg=60,
            region="cervical",
            target="intra_articular",
            purpose="diagnostic",
            sites=2,
            drug="lidocaine",
            percent=1.0,
            la_ml=1.0,
        ),
    ),
    (
        "A steroid and sedation in a diagnostic block",
        dict(
            weight_kg=70,
            region="lumbar",
            target="medial_branch",
            purpose="diagnostic",
            sites=4,
            drug="bupivacaine",
            percent=0.5,
            la_ml=0.3,
            steroid="triamcinolone 40 mg/mL",
            steroid_ml=0.2,
            sedation=True,
        ),
    ),
)


def example_checks() -> list[safety.ProcedureCheck]:
    """The worked examples, checked by the rule set."""
    return [_procedure(**args) for _, args in WORKED_EXAMPLES]  # type: ignore[arg-type]


def print_example(index: int) -> None:
    """Print one worked example (nbval compares the numbers and verdicts strictly); the scope once, at 0."""
    heading, _ = WORKED_EXAMPLES[index]
    check = example_checks()[index]
    text = check.summary()
    if index:
        text = text.rsplit("\n  Scope:", 1)[0]
    say(text)


def make_checker_figure() -> tuple[Figure, Callable[..., str]]:
    """Two panels: each local anaesthetic's share of its governing maximum (stacked, additive), and the
    injectate per site against the guideline limit, with contrast beside it."""
    fig, (dose_ax, vol_ax) = new_figure("notebook", nrows=2)
    drugs = ph.local_anaesthetics()
    margin, _, _ = safety.caution_fraction()
    block_bar = dose_ax.barh([0], [0], color=PALETTE["blue"], height=0.6, zorder=2, label="block")[0]
    skin_bar = dose_ax.barh([0], [0], color=PALETTE["green"], height=0.6, zorder=2, label="skin (lidocaine)")[
        0
    ]
    dose_ax.axvline(
        margin,
        color=ROLE_COLOURS["caution"],
        lw=2.5,
        ls="--",
        zorder=3,
        label=f"caution from {100 * margin:.0f}%",
    )
    dose_ax.axvline(1.0, color=ROLE_COLOURS["unsafe"], lw=2.5, zorder=3, label="governing maximum")
    dose_ax.set_xlim(0, 2.0)
    dose_ax.set_ylim(-0.6, 0.6)
    dose_ax.set_yticks([])
    dose_ax.set_xlabel("local anaesthetic dose / governing maximum for this weight (added up)")
    dose_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    dose_title = dose_ax.set_title("", loc="left", fontsize=9, fontweight="normal")
    la_bar = vol_ax.barh(
        [0.15], [0], color=PALETTE["blue"], height=0.35, zorder=2, label="local anaesthetic"
    )[0]
    st_bar = vol_ax.barh([0.15], [0], color=PALETTE["purple"], height=0.35, zorder=2, label="steroid")[0]
    contrast_bar = vol_ax.barh(
        [-0.3], [0], color=PALETTE["sky_blue"], height=0.25, zorder=2, label="contrast (counted apart)"
    )[0]
    limit_line = vol_ax.axvline(
        0, color=ROLE_COLOURS["caution"], lw=2.5, ls="--", zorder=3, label="limit per site (injectate)"
    )
    capsule_line = vol_ax.axvline(
        0, color=PALETTE["black"], lw=1.5, ls=":", zorder=3, label="capsule capacity (total)"
    )
    vol_ax.set_xlim(0, 3.0)
    vol_ax.set_ylim(-0.6, 0.6)
    vol_ax.set_yticks([])
    vol_ax.set_xlabel("volume per nerve or joint (mL)")
    vol_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    vol_title = vol_ax.set_title("", loc="left", fontsize=9, fontweight="normal")
    title = fig.suptitle("", fontweight="bold")
    source_note(
        fig, data.cite(_ids(*(safety.governing_max(d, 70).source_id for d in drugs), "cohen2020lumbar"))
    )
    note = fig.texts[-1]  # narrowed to the sources of the current check in update()
    _room_for_note(fig, lines=4)

    def update(
        weight_kg: float,
        region: str,
        target: str,
        purpose: str,
        sites: int,
        drug: str,
        percent: float,
        la_ml: float,
        steroid: str,
        steroid_ml: float,
        skin_lidocaine_ml: float,
        contrast_ml: float,
        sedation: str,
    ) -> str:
        try:
            check = _procedure(
                weight_kg,
                region,
                target,
                purpose,
                int(sites),
                drug,
                float(percent),
                float(la_ml),
                steroid,
                float(steroid_ml),
                float(skin_lidocaine_ml),
                float(contrast_ml),
                sedation == "yes",
            )
        except ValueError as error:  # impossible input: say why in the figure and the readout
            for bar in (block_bar, skin_bar, la_bar, st_bar, contrast_bar):
                bar.set_width(0)
            dose_title.set_text("dose: not computed")
            vol_title.set_text("volume: not computed")
            title.set_text("Not a possible procedure: see the message below")
            title.set_color("#555555")
            return f"⚠ {error}"
        block_mg = check.n_sites * ph.percent_to_mg_per_ml(float(percent)) * float(la_ml)
        block_dose = next(d for d in check.doses if d.drug == drug and not d.adrenaline)
        block_share = block_mg / block_dose.governing.limit_mg
        total = check.total_fraction_of_governing_max
        block_bar.set_width(min(block_share, 2.0))
        skin_bar.set_x(min(block_share, 2.0))
        skin_bar.set_width(max(0.0, min(total, 2.0) - min(block_share, 2.0)))
        dose_level = check.level_of("systemic")
        parts = "; ".join(
            f"{d.label} {d.total_mg:.4g} mg of {d.governing.limit_mg:.4g} mg" for d in check.doses
        )
        dose_title.set_text(f"{parts}: {100 * total:.0f}% in all")
        dose_title.set_color(LEVEL_COLOURS[dose_level])
        steroid_part = check.injectate_ml_per_site - float(la_ml)
        la_bar.set_width(min(float(la_ml), 3.0))
        st_bar.set_x(min(float(la_ml), 3.0))
        st_bar.set_width(max(0.0, min(check.injectate_ml_per_site, 3.0) - min(float(la_ml), 3.0)))
        contrast_bar.set_width(min(check.contrast_ml_per_site, 3.0))
        limit = safety.injectate_limit(region, target)
        x = limit.high_ml if limit is not None else np.nan
        limit_line.set_xdata([x, x])
        if target == "intra_articular":
            _, capacity, _ = anatomy.capsule_capacity_ml(region)
        else:
            capacity = np.nan
        capsule_line.set_xdata([capacity, capacity])
        vol_level = check.level_of("volume")
        limit_text = limit.text() if limit is not None else "no sourced limit"
        vol_title.set_text(
            f"{check.injectate_ml_per_site:.3g} mL injectate per site"
            + (f" ({steroid_part:.3g} mL steroid)" if steroid_part > 0 else "")
            + f" against {limit_text}; contrast {check.contrast_ml_per_site:.3g} mL"
        )
        vol_title.set_color(LEVEL_COLOURS[vol_level])
        title.set_text(
            f"Verdict: {check.verdict.upper()} ({purpose} {region} {safety.target_label(target)}, "
            f"{weight_kg:g} kg)"
        )
        title.set_color(LEVEL_COLOURS[check.verdict])
        note.set_text(data.cite(_ids(*(r.source_id for r in check.reasons))))
        items = "".join(
            f'<li><span style="color:{LEVEL_COLOURS[r.level]}"><b>{r.level}</b></span> ({r.category}): '
            f"{html.escape(r.text)} <i>({html.escape(r.citation())})</i></li>"
            for r in check.reasons
        )
        return (
            f"<b>Verdict: {check.verdict.upper()}</b><ul>{items}</ul>"
            f"<small>{html.escape(check.scope)} ({_short(safety.scope()[1])})</small>"
        )

    return fig, update


def checker_explorer() -> Explorer:
    """The checker as an explorer: patient, procedure, purpose, drugs per site, skin, contrast, sedation."""
    strengths = sorted({s for d in ph.local_anaesthetics() for s in ph.marketed_strengths_percent(d)})
    return explore(
        "dose-and-volume-checker",
        make_checker_figure,
        [
            Control("weight_kg", "Weight", (40, 120, 5), value=50, twin_options=[50, 80], unit="kg"),
            Control("region", "Region", list(safety.REGIONS), value="lumbar", twin_options=["lumbar"]),
            Control(
                "target",
                "Target",
                list(safety.TARGETS),
                value="intra_articular",
                twin_options=["intra_articular"],
            ),
            Control(
                "purpose",
                "Purpose",
                list(safety.PURPOSES),
                value="therapeutic",
                twin_options=["therapeutic", "diagnostic"],
            ),
            Control("sites", "Joints or nerves", (1, 10, 1), value=2, twin_options=[2, 6]),
            Control(
                "drug",
                "Local anaesthetic",
                ph.local_anaesthetics(),
                value="bupivacaine",
                twin_options=["bupivacaine"],
            ),
            Control("percent", "Strength", strengths, value=0.5, twin_options=[0.5], unit="%"),
            Control(
                "la_ml",
                "Anaesthetic per site",
                [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0],
                value=1.0,
                twin_options=[0.5, 1.0, 10.0],
                unit="mL",
            ),
            Control(
                "steroid",
                "Steroid",
                list(CHECKER_STEROIDS),
                value="none",
                twin_options=["none", "triamcinolone 40 mg/mL"],
            ),
            Control(
                "steroid_ml",
                "Steroid per site",
                [0.0, 0.25, 0.5, 1.0],
                value=0.25,
                twin_options=[0.25],
                unit="mL",
            ),
            Control(
                "skin_lidocaine_ml",
                "Skin: 1% lidocaine",
                [0.0, 5.0, 10.0, 20.0],
                value=5.0,
                twin_options=[5.0],
                unit="mL",
            ),
            Control(
                "contrast_ml",
                "Contrast per site",
                [0.0, 0.1, 0.2, 0.3, 0.5, 1.0],
                value=0.2,
                twin_options=[0.2],
                unit="mL",
            ),
            Control("sedation", "Sedation", ["no", "yes"], value="no", twin_options=["no"]),
        ],
        question="A 50 kg patient has two lumbar joints injected. With how many mL of 0.5% bupivacaine per "
        "joint does the dose, rather than the volume, become the problem, and what changes at 80 kg? What "
        "does adding the steroid do to the volume per site, and to a diagnostic block?",
        alt="Two bars: each local anaesthetic's share of its governing maximum, added up, against the "
        "caution margin and the maximum; and the injectate per site (anaesthetic plus steroid) against the "
        "guideline limit, with contrast apart, coloured by verdict.",
    )


def checker_static() -> tuple[Figure, str]:
    """The checker at the typical lumbar medial branch block session, for figures/ and print."""
    fig, update = make_checker_figure()
    args = WORKED_EXAMPLES[0][1]
    update(
        args["weight_kg"],
        args["region"],
        args["target"],
        args["purpose"],
        args["sites"],
        args["drug"],
        args["percent"],
        args["la_ml"],
        "none",
        0.0,
        args["skin_lidocaine_ml"],
        args["contrast_ml"],
        "no",
    )
    check = example_checks()[0]
    alt = (
        f"Six lumbar medial branch blocks of {args['la_ml']} mL {args['percent']}% bupivacaine with "
        f"{args['skin_lidocaine_ml']} mL 1% lidocaine to the skin in a {args['weight_kg']} kg patient: "
        f"{100 * check.total_fraction_of_governing_max:.0f}% of the governing maxima added up, "
        f"{check.injectate_ml_per_site:g} mL per nerve against the guideline limit; verdict {check.verdict}."
    )
    return fig, alt


def volume_limits_table() -> pd.DataFrame:
    """Every sourced volume limit per site, as the rule set applies it."""
    rows = []
    for region in safety.REGIONS:
        for target in safety.TARGETS:
            limits = safety.volume_limits(region, target)
            if not limits:
                rows.append(
                    {
                        "procedure": f"{region} {safety.target_label(target)}",
                        "counts": "injectate",
                        "limit": "no source gives one",
                        "above the limit": "",
                        "source": "",
                    }
                )
            for lim in limits:
                rows.append(
                    {
                        "procedure": f"{region} {safety.target_label(target)}",
                        "counts": lim.counts,
                        "limit": lim.text(),
                        "above the limit": lim.consequence,
                        "source": _short(lim.source_id),
                    }
                )
    return pd.DataFrame(rows)


def max_dose_table() -> pd.DataFrame:
    """Every published maximum single dose, marking the figures that make up the governing maximum."""
    frame = data.load_table("local_anaesthetics_max_doses")
    role = {
        "both": "governing (both)",
        "mg_per_kg": "governing mg/kg",
        "ceiling": "governing ceiling",
        "none": "range only",
    }
    return pd.DataFrame(
        {
            "drug": frame["drug"],
            "adrenaline": np.where(frame["adrenaline"], "with", "without"),
            "max mg/kg": frame["max_mg_per_kg"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
            "ceiling (mg)": frame["max_total_mg"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
            "role": frame["governs"].map(role),
            "basis": frame["basis"],
            "source": frame["source_id"].map(_short),
        }
    )


def max_volume_table(weight_kg: float = 70.0) -> pd.DataFrame:
    """Largest total volume (mL) of each label strength within the governing maximum, for one weight.

    One row per drug and adrenaline; each drug alone (two drugs together add up: see the checker).
    """
    rows = []
    for drug in ph.local_anaesthetics():
        adrenaline_options = (
            [False, True] if ph.local_anaesthetic_info(drug)["adrenaline_marketed"] else [False]
        )
        for adrenaline in adrenaline_options:
            strictest, governing = safety.dose_range(drug, weight_kg, adrenaline)
            volumes = [
                f"{percent:g}%: {safety.max_volume_ml(drug, percent, weight_kg, adrenaline):.1f} mL"
                for percent in ph.marketed_strengths_percent(drug)
            ]
            rows.append(
                {
                    "drug": drug,
                    "adrenaline": "with" if adrenaline else "without",
                    f"governing max for {weight_kg:g} kg (mg)": round(governing.limit_mg, 1),
                    "lowest other source (mg)": round(strictest.limit_mg, 1),
                    "largest total volume by strength": "; ".join(volumes),
                }
            )
    return pd.DataFrame(rows)


def steroid_label_table() -> pd.DataFrame:
    """Per steroid: label strengths, the label's small-joint dose, any session total or site limit, trials."""
    rows = []
    for drug in ph.corticosteroids():
        per_joint, per_session, sources = safety.steroid_label_limits(drug)
        max_sites, _, label_sources = safety.steroid_label_sites(drug)
        trials = ph.steroid_doses(drug)
        trials = trials[trials["context"] == "trial"]
        strengths = ", ".join(f"{s:g}" for s in safety.steroid_strengths_mg_per_ml(drug))
        rows.append(
            {
                "steroid": drug,
                "label strengths (mg/mL)": strengths,
                "label dose, small joint (mg)": "not extracted"
                if per_joint is None
                else f"up to {per_joint:g}",
                "label limit for one session": "; ".join(
                    part
                    for part in (
                        None if per_session is None else f"{per_session:g} mg in all",
                        None if max_sites is None else f"{max_sites} sites at most",
                    )
                    if part
                )
                or "not given",
                "facet trials (mg per joint)": "; ".join(
                    f"{r['dose_mg_high']:g} ({_short(r['source_id'])})" for _, r in trials.iterrows()
                ),
                "label source": _short(sources or label_sources),
            }
        )
    return pd.DataFrame(rows)


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
    ax.set_title("Soluble dexamethasone fades first; depot steroids last longer")
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
    strictest, governing = safety.dose_range("lidocaine", 70)
    margin, _, _ = safety.caution_fraction()
    dex = ph.corticosteroid_info("dexamethasone")
    la_longest = ph.local_anaesthetic_time_course("bupivacaine", adrenaline=True).duration_h
    knee = data.load_table("systemic_effects").set_index("id").loc["glucose_knee_habib"]
    low, high, capsule_sources = anatomy.capsule_capacity_ml("lumbar")
    lumbar_ia = safety.injectate_limit("lumbar", "intra_articular")
    lumbar_mbb = safety.injectate_limit("lumbar", "medial_branch")
    cervical_mbb = safety.injectate_limit("cervical", "medial_branch")
    assert lumbar_ia is not None and lumbar_mbb is not None and cervical_mbb is not None
    light, heavy = safety.governing_max("bupivacaine", 50), safety.governing_max("bupivacaine", 80)
    return (
        "1. *'The maximum dose is a hard, evidence-based line.'* For plain lidocaine in a 70 kg adult the "
        f"figures run from {strictest.limit_mg:g} mg ({_short(strictest.source_id)}) to the label's "
        f"{governing.limit_mg:g} mg ({_short(governing.source_id)}), and none comes from trials "
        f"({_short('rosenberg2004')}). The course takes the label's figure as the one governing maximum "
        f"(above it: unsafe) and says caution from {100 * margin:.0f}% of it or above any lower figure: "
        "another source never makes a dose safer.\n"
        "2. *'Only the ceiling in mg matters.'* Where a weight-based maximum exists, the lower of the two "
        f"governs: for plain bupivacaine {light.text()} at 50 kg but {heavy.text()} at 80 kg "
        f"({_short(light.source_id)}).\n"
        "3. *'Two local anaesthetics, each below its own maximum, are safe together.'* Their toxic effects "
        f"add up ({_short('spiegel1992')}): the skin lidocaine counts with the block's bupivacaine, as a "
        "sum of fractions of each maximum (the conservative convention the checker uses).\n"
        "4. *'Relief right after the injection means the steroid worked.'* Early relief is the "
        f"anaesthetic, gone within about {la_longest.high:g} hours even for bupivacaine with adrenaline "
        f"({_short(la_longest.source_id)}); "
        "the steroid, if it helps, acts over days. A diagnostic block uses local anaesthetic alone "
        f"({_short('barnsley1993')}).\n"
        "5. *'All steroids are the same if the dose is converted from a table.'* Dexamethasone is a "
        f"{dex['formulation']} with {dex['release']} ({_short(dex['source_id'])}); depot suspensions last "
        "weeks. Equivalence tables describe oral or intravenous doses.\n"
        "6. *'A steroid injected into a joint stays in the joint.'* It reaches the blood: glucose rose for "
        f"{knee['days_low']:g}-{knee['days_high']:g} days after a knee injection in people with diabetes "
        f"({_short(knee['source_id'])}), and adrenal suppression can last weeks (see the systemic effects "
        "table).\n"
        f"7. *'A bigger volume makes a better block.'* A lumbar facet joint holds about {low:g}-{high:g} mL "
        f"({_short(capsule_sources)}); the lumbar guideline keeps an intra-articular injectate "
        f"{lumbar_ia.text()} and a medial branch block {lumbar_mbb.text()} per nerve "
        f"({_short(lumbar_ia.source_id)}). In the neck, {cervical_mbb.consequence} "
        f"({_short(cervical_mbb.source_id)})."
    )


def self_check_questions() -> list[Question]:
    """Five questions, one per learning objective, numbers formatted from data, each with its source.

    Five fit one slide; the disagreement between maximum doses and the medial branch volume are taught in
    the misconceptions and the checker instead.
    """
    example = _procedure(50, "lumbar", "intra_articular", "therapeutic", 4, "lidocaine", 2.0, 3.0)
    lido = example.doses[0]
    lumbar_ia = safety.injectate_limit("lumbar", "intra_articular")
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
                f"Nothing: the total dose is within the label's {lido.governing.ceiling_mg:g} mg ceiling",
                "Only the volume per joint",
                f"Both: {lido.total_mg:g} mg is above the governing maximum for 50 kg and 3 mL per joint is "
                f"above the guideline's {lumbar_ia.text()}",
            ),
            2,
            f"{lido.total_mg:g} mg is {100 * lido.fraction_of_governing:.0f}% of the governing maximum, "
            f"{lido.governing.text()}: the weight-based figure governs. The lumbar guideline keeps an "
            f"intra-articular injectate {lumbar_ia.text()} per joint. Verdict: {example.verdict}.",
            _ids(lido.governing.source_id, lumbar_ia.source_id),
        ),
        Question(
            "Which corticosteroid is a solution without particles, and why does that matter?",
            (
                "Triamcinolone acetonide: it dissolves in the joint",
                "Dexamethasone sodium phosphate: it cannot embolise as crystals if injected into an artery",
                "Methylprednisolone acetate: its crystals are smaller than red cells",
            ),
            1,
            "Dexamethasone sodium phosphate is a solution: the few residual particles measured were about a "
            f"tenth the size of a red cell (red cells are {rbc.low:g}-{rbc.high:g} µm) without aggregates; "
            f"triamcinolone crystals reach {ta['size_max_um']:g} µm.",
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
