"""02, section 4: from selection to blocks to radiofrequency. A seeded SYNTHETIC cohort goes through no block,
a single block, or a screening block then a comparative pair (up to 3 blocks, the paradigm whose accuracy
Lord 1995 measured); its success overall and among those treated, set against the randomised trial of 0, 1 or
2 blocks (Cohen 2010, Anesthesiology 113:395-405) as points with their source. The trial's 2-block arm
(lidocaine, then bupivacaine) is a different paradigm from the modelled third arm and is shown as such.
Model: :mod:`facet_course.models.block_pathway`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, presenting, source_note, synthetic_label
from ...models import block_pathway, block_selection, diagnostic_blocks, prevalence
from .common import percent

#: Seeds of the SYNTHETIC cohort; the default (the last) gives arms only roughly near the expected values at
#: the defaults (the comparative arm is off by about a third), the others show what chance does to arms of
#: about 50.
SEEDS: tuple[int, ...] = (1, 2, 8)
#: The seed the kernel-free twin pre-renders (the default; chance still reverses the order of the treated
#: success of the two block arms at some of its settings, e.g. the lowest pre-test probability).
TWIN_SEEDS: tuple[int, ...] = (SEEDS[-1],)
#: The modelled arms (model keys) and the trial's arms (number of blocks), by display name.
ARM_NAMES = {
    "no_block": "no block",
    "single_block": "1 block",
    "comparative_blocks": "screening block + comparative pair (3 blocks)",
}
TICK_NAMES = {
    "no_block": "no block",
    "single_block": "1 block",
    "comparative_blocks": "screen\n+ pair\n(3 blocks)",  # narrow: three arms share a panel on a slide
}
#: The model's assumption on non-facet 'success' (review s7 02, finding 7), stated wherever the loss is read.
INDEPENDENCE = (
    "ASSUMED: without facet pain, the 'success' is the same whether the block was positive or not (no source "
    "read here measured it); if placebo responders to a block also respond to denervation, blocks keep "
    "such patients and lose fewer non-facet successes than shown."
)
TRIAL_ARM_NAMES = {0: "no block", 1: "1 block", 2: "2 blocks (lidocaine, then bupivacaine)"}


def trial_caption() -> str:
    """The line under the trial table: what the trial counted as a success (review s6 02, finding 2)."""
    trial = block_pathway.trial_table()
    return (
        f"*Success* in this trial ({citations.author_year(trial)}) was "
        f"{trial['success_definition'].iloc[0]}, not proof of benefit beyond that time."
    )


def lumbar_pretests() -> list[str]:
    """The lumbar prevalences of notebook 01's table (the trial was lumbar)."""
    return [o.label for o in block_selection.pretest_options() if o.region == "lumbar"]


def trial_table() -> pd.DataFrame:
    """The trial's three arms as a readable table (percent, US dollars)."""
    trial = block_pathway.trial_table()
    return pd.DataFrame(
        {
            "arm": [TRIAL_ARM_NAMES[b] for b in trial["blocks"]],
            "who had radiofrequency": trial["arm"],
            "success, whole arm (%)": [
                f"{v:g} ({n} patients)"
                for v, n in zip(trial["success_of_arm_pct"], trial["success_patients"], strict=True)
            ],
            "success among those treated (%)": [f"{v:g}" for v in trial["success_of_treated_pct"]],
            "cost per success (US$)": [f"{v:,.0f}" for v in trial["cost_per_success_usd"]],
            "source": [citations.author_year(s) for s in trial["source_id"]],
        }
    )


def expected_table(
    pretest_label: str | None = None,
    success_if_facet_percent: float | None = None,
    success_without_percent: float | None = None,
) -> pd.DataFrame:
    """Expected numbers (not random) per arm of the course's size, at a lumbar pre-test probability, a
    what-if radiofrequency success in facet pain and a 'success' without it (percent; defaults: the second
    lumbar prevalence, the middle what-if, the borrowed stand-in). Successes are split into patients with
    and without facet pain, so the table shows which assumption a difference between arms rests on."""
    label = pretest_label or _default_pretest()
    success = success_if_facet_percent if success_if_facet_percent is not None else _default_success()
    without = success_without_percent if success_without_percent is not None else _default_without()
    option = block_selection.pretest(label)
    rows = []
    for name in block_pathway.ARMS:
        arm = block_pathway.expected_pathway(
            block_pathway.arm_size(),
            option.probability,
            name,
            success / 100,
            success_without=without / 100,
            pairing=option,
        )
        rows.append(
            {
                "arm (modelled)": ARM_NAMES[name],
                "blocks done": f"{arm.blocks_done:.1f}",
                "denervations": f"{arm.treated:.1f}",
                "successes (facet pain + not)": f"{arm.successes:.1f} ({arm.successes_with_facet_pain:.1f} "
                f"+ {arm.successes_without_facet_pain:.1f})",
                "success, whole arm": percent(arm.success_of_arm),
                "success among treated": percent(arm.success_of_treated or 0.0),
                "denervations per success": _per(arm.denervations_per_success),
                "blocks per success": _per(arm.blocks_per_success),
            }
        )
    frame = pd.DataFrame(rows)
    frame.attrs["settings"] = (
        f"{block_pathway.arm_size()} patients per arm, pre-test {label}, radiofrequency success in facet "
        f"pain {success:g}% (ILLUSTRATIVE what-if), without facet pain {without:g}%"
        f"{_without_words(without)}. {single_block_words(option)} Successes are split (facet pain + not): "
        "the single block is assumed never to miss facet pain, so every success it loses is one WITHOUT "
        "facet pain, made of the borrowed figure; at 0% without facet pain it loses none. "
        f"{INDEPENDENCE} Blocks and denervations are "
        "counted apart: no source read here weighs a block against a denervation. The third arm is the "
        "paradigm whose accuracy was measured (a screening block, then a comparative pair in those positive: "
        "up to 3 blocks), not the trial's 2-block arm (lidocaine, then bupivacaine): no source read here "
        "gives the accuracy of one confirmatory block, so that arm is not modelled."
    )
    return frame


def single_block_words(option: block_selection.PreTest) -> str:
    """Which single-block accuracy the pathway uses for this pre-test: the same pairing as the post-test
    table of section 2 (review s7 02, finding 1), so the same patients get the same positives per 100."""
    single = block_selection.single_block_accuracy(option)
    own = " (its own false-positive rate, read as 1 - specificity)" if single.inferred else ""
    return (
        f"Single block: false-positive rate {percent(single.false_positive_rate)} from "
        f"{citations.author_year(single.source_id)}{own}, as in section 2's post-test table: "
        f"{paired_positives(option, 'single_block')} of 100 such patients positive."
    )


def paired_positives(option: block_selection.PreTest, arm: str) -> int:
    """Whole patients per 100 positive to every block of ``arm`` with the pathway's paired accuracies,
    rounded cell by cell as section 2's icon array and post-test table round them."""
    pre = option.probability
    path = block_pathway.expected_pathway(100, pre, arm, 1.0, 0.0, pairing=option)
    sensitivity = path.treated_with_facet_pain / path.facet_pain if path.facet_pain else 1.0
    other = 100 - path.facet_pain
    specificity = 1 - (path.treated - path.treated_with_facet_pain) / other if other else 1.0
    return diagnostic_blocks.expected_table(pre, sensitivity, specificity).positives


def without_label() -> str:
    """How the figures name the 'success' without facet pain: ILLUSTRATIVE, borrowed, and from where."""
    row = block_pathway.success_otherwise_row()
    return (
        f"ILLUSTRATIVE: the short-term response to saline injected into the paraspinal muscles, "
        f"{citations.author_year(row['source_id'])}, not a radiofrequency outcome"
    )


def _without_words(without_percent: float) -> str:
    """How the 'success' without facet pain is named: the borrowed stand-in, or a what-if."""
    if abs(without_percent - 100 * block_pathway.success_otherwise()) < 1e-9:
        return f" ({without_label()})"
    return " (ILLUSTRATIVE what-if: no source read gives it)"


def _default_without() -> float:
    return 100 * block_pathway.success_otherwise()


def _per(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def expected_settings() -> str:
    """The settings of :func:`expected_table` at its defaults, in words (for printing)."""
    return str(expected_table().attrs["settings"])


def _twin_without() -> list[float]:
    """Every 'success' without facet pain the text names (0%, the what-if and the borrowed stand-in)."""
    return list(block_pathway.success_otherwise_options())


def _default_pretest() -> str:
    return lumbar_pretests()[1] if len(lumbar_pretests()) > 1 else lumbar_pretests()[0]


def _default_success() -> float:
    options = block_pathway.success_if_facet_options()
    return options[len(options) // 2]


def _draw_pathway() -> tuple[Figure, Callable[..., str]]:
    """Two panels (success of the arm, success among the treated) with SYNTHETIC bars and trial points."""
    fig, _ = new_figure("slide")
    fig.clear()  # two panels over a strip for their one legend (clear of the bars at any type size)
    grid = fig.add_gridspec(2, 2, height_ratios=[20, 1])
    axes = [fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])]
    key = fig.add_subplot(grid[1, :])
    key.set_axis_off()
    trial = block_pathway.trial_table()
    x = list(range(len(block_pathway.ARMS)))
    bars, notes = [], []
    same = trial["blocks"] < 2  # the trial's arms the model reproduces; its 2-block arm is another paradigm
    for ax, column, label in (
        (axes[0], "success_of_arm_pct", "success, whole arm\n(% of patients)"),
        (axes[1], "success_of_treated_pct", "success among\nthose treated (%)"),
    ):
        bars.append(ax.bar(x, [0, 0, 0], color=PALETTE["sky_blue"], width=0.55, label="SYNTHETIC cohort"))
        ax.plot(
            trial["blocks"][same],
            trial[column][same],
            "D",
            color="black",
            ms=8,
            label=f"{citations.author_year(trial)}, same arm",
        )
        ax.plot(
            trial["blocks"][~same],
            trial[column][~same],
            "D",
            mfc="white",
            mec="black",
            ms=8,
            label="its 2-block arm (lidocaine, then\nbupivacaine): NOT the modelled arm",
        )
        ax.set_xticks(x, [TICK_NAMES[a] for a in block_pathway.ARMS])
        ax.set_ylim(0, 100)
        ax.set_ylabel(label)
        synthetic_label(ax, "SYNTHETIC DATA")  # short: it fits a panel in a slide's type (title says more)
        notes.append([ax.text(b, 2, "", ha="center", va="bottom", fontsize=7) for b in x])
        # on a slide the numbers under the bars do not fit their slots in the larger type: the readout
        # under the frame gives each arm's counts (one presentation branch)
        for note in notes[-1]:
            note.set_visible(not presenting())
    key.legend(*axes[0].get_legend_handles_labels(), loc="center", ncols=2, fontsize=7, borderaxespad=0)
    title = fig.suptitle("", fontsize=11, fontweight="bold")
    source_note(fig, _pathway_note(trial))

    def update(pretest: str, success_if_facet: float, success_without: float, seed: int) -> str:
        option = block_selection.pretest(pretest)
        arms = [
            block_pathway.simulate_pathway(
                block_pathway.arm_size(),
                option.probability,
                name,
                success_if_facet / 100,
                seed=seed,
                success_without=success_without / 100,
                pairing=option,
            )
            for name in block_pathway.ARMS
        ]
        for bar, arm in zip(bars[0], arms, strict=True):
            bar.set_height(100 * arm.success_of_arm)
        for bar, arm in zip(bars[1], arms, strict=True):
            bar.set_height(100 * (arm.success_of_treated or 0.0))
        for text, arm in zip(notes[0], arms, strict=True):
            text.set_text(
                f"{arm.successes:.0f} of {arm.patients:.0f}\n({arm.successes_with_facet_pain:.0f} facet"
                f" + {arm.successes_without_facet_pain:.0f} not)"
            )
        for text, arm in zip(notes[1], arms, strict=True):
            text.set_text(
                f"{arm.treated:.0f} treated\n{_per(arm.denervations_per_success)} RF/success\n"
                f"{_per(arm.blocks_per_success)} blocks/success"
            )
        first, last = arms[0], arms[-1]
        title.set_text(
            f"SYNTHETIC: blocks cut those treated from {first.treated:.0f} to {last.treated:.0f} of "
            f"{first.patients:.0f};\nsuccess among them {percent(first.success_of_treated or 0.0)} to "
            f"{percent(last.success_of_treated or 0.0)}"
        )
        return _readout(success_if_facet, success_without, seed, arms) + " " + single_block_words(option)

    return fig, update


def _pathway_note(trial: pd.DataFrame) -> str:
    """The figure's source note: the trial, the block accuracies (and the assumption), the what-ifs."""
    single = diagnostic_blocks.paradigm_accuracy("single_block")
    pair = diagnostic_blocks.paradigm_accuracy("comparative_blocks")
    saline = prevalence.placebo_response()
    return (
        f"SYNTHETIC cohort. Points: {citations.short(trial)} (lumbar; success: at least 50% relief with a "
        f"positive global effect at 3 months). Blocks: single-block specificity paired with the pre-test as "
        f"in section 2 (the pre-test study's own rate where it gives one, else "
        f"{citations.author_year(single.source_id)}; sensitivity ASSUMED {percent(single.sensitivity)}), "
        f"then comparative-pair accuracy ({citations.author_year(pair.source_id)}, {pair.region}; measured "
        "in screen-positive patients, applied to them; the pair counts as 2 blocks). The trial's 2-block arm "
        "(hollow point) is a different paradigm: no source read gives one confirmatory block's accuracy. "
        "Success in facet pain: ILLUSTRATIVE what-if; "
        "without: ILLUSTRATIVE, the short-term response to saline injected into the paraspinal muscles "
        f"({citations.author_year(saline['source_id'])}), not a radiofrequency outcome. RF/success: "
        "denervations per success, counted apart from blocks (no source read weighs one against the other)."
    )


def _readout(
    success_if_facet: float, success_without: float, seed: int, arms: list[block_pathway.Pathway]
) -> str:
    """The arms in words, beside the trial (pure); short enough for a slide."""
    trial = block_pathway.trial_table()
    parts = []
    for name, arm in zip(block_pathway.ARMS, arms, strict=True):
        parts.append(
            f"{ARM_NAMES[name]}: {arm.successes:.0f} successes ({arm.successes_with_facet_pain:.0f} with "
            f"facet pain, {arm.successes_without_facet_pain:.0f} without) in {arm.treated:.0f} treated, "
            f"{_per(arm.denervations_per_success)} denervations and {_per(arm.blocks_per_success)} blocks "
            "per success"
        )
    trial_text = ", ".join(
        f"{r['success_of_arm_pct']:g}/{r['success_of_treated_pct']:g}" for _, r in trial.iterrows()
    )
    return (
        f"SYNTHETIC, seed {seed}, success in facet pain {success_if_facet:g}% (what-if), without "
        f"{success_without:g}%{_without_words(success_without)}: " + "; ".join(parts) + ". "
        f"{citations.author_year(trial)}, 0, 1, 2 blocks (its 2-block arm is not the modelled third "
        f"arm), % of arm/of treated: {trial_text}."
    )


def pathway_explorer() -> Explorer:
    """Lumbar pre-test probability, what-if radiofrequency success, seed: the SYNTHETIC arms and the trial."""
    options = block_pathway.success_if_facet_options()
    return explore(
        "block-pathway-simulator",
        _draw_pathway,
        [
            Control("pretest", "Pre-test probability", lumbar_pretests(), value=_default_pretest()),
            Control(
                "success_if_facet",
                "Radiofrequency success if facet pain (what-if)",
                options,
                value=_default_success(),
                unit="%",
            ),
            Control(
                "success_without",
                "Radiofrequency 'success' WITHOUT facet pain (borrowed or what-if)",
                block_pathway.success_otherwise_options(),
                value=_default_without(),
                # the kernel-free twin keeps the ends (none, and the borrowed stand-in) and one seed, so its
                # static run stays within the build's time limit on a loaded machine (18 frames, not 81)
                twin_options=_twin_without(),
                unit="%",
            ),
            Control("seed", "Random seed", list(SEEDS), value=SEEDS[-1], twin_options=TWIN_SEEDS),
        ],
        question="Which successes does a block lose: set the 'success' without facet pain to 0%, and does "
        "the single block still lose any? How many denervations per success do blocks save, and how many "
        "blocks does that cost? Why does an arm of about 50 sometimes show less success "
        "among the treated after the comparative pair than after one block?",
        alt="Bar charts of a SYNTHETIC cohort's radiofrequency success with no block, one block, or a "
        "screening block then a comparative pair (3 blocks), overall and among those treated, with the "
        "randomised trial's 0-, 1- and 2-block results as points (its 2-block arm hollow: another paradigm).",
    )


@figure("synthetic-block-pathway-against-the-0-1-2-block-trial")
def pathway_figure() -> tuple[Figure, str]:
    """The pathway explorer at its defaults."""
    explorer = pathway_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    return fig, "SYNTHETIC cohort through no block, one block or a screening block and comparative pair, " + (
        "against the trial. " + readout
    )
