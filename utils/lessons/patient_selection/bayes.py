"""02, section 2: why a single block in a low-prevalence population mostly selects false positives.

The false-positive measures of the studies (each with its own definition), and the Bayes explorer: a
pre-test probability from notebook 01's prevalence table and a block paradigm give the post-test
probability and, per 100 patients, the true and false positives as an icon array. Arithmetic from
:mod:`facet_course.models.diagnostic_blocks`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note
from ...models import block_selection, diagnostic_blocks
from .common import GROUPS, PARADIGM_NAMES, percent

#: The paradigms a resident can pick, by display name.
CHOICES: dict[str, str] = {name: key for key, name in PARADIGM_NAMES.items()}
#: Column names of the post-test table: comparative blocks come after a positive screening block.
TABLE_NAMES: dict[str, str] = {
    "single_block": "single block",
    "comparative_blocks": "screening block, then comparative blocks",
}
INFERRED = "1 - specificity\n(inferred:\nsee the note)"
DEFINITION_STYLE = {
    "1 - specificity": PALETTE["blue"],
    "1 - positive\npredictive value": PALETTE["vermillion"],
    INFERRED: PALETTE["sky_blue"],
}
#: Bars whose definition the course inferred are hatched.
HATCHED = {INFERRED: "//"}


def false_positive_rows() -> pd.DataFrame:
    """Every single-block 'false-positive' figure with the definition its study used (percent)."""
    fpr = diagnostic_blocks.measure("schwarzer1994_fpr")
    ppv = diagnostic_blocks.measure("schwarzer1994_ppv")
    barnsley = diagnostic_blocks.measure("barnsley1993_unconfirmed")
    rows = [
        (fpr["region"], fpr["value_pct"], None, None, "1 - specificity", "measured", fpr["source_id"]),
        (
            ppv["region"],
            100 - ppv["value_pct"],
            None,
            None,
            "1 - positive\npredictive value",
            "100% - PPV",
            ppv["source_id"],
        ),
        (
            barnsley["region"],
            barnsley["value_pct"],
            barnsley["ci_low_pct"],
            barnsley["ci_high_pct"],
            "1 - positive\npredictive value",
            "measured, joints",
            barnsley["source_id"],
        ),
    ]
    for _, r in block_selection.single_block_false_positives().iterrows():
        rows.append(
            (
                r["region"],
                r["value_pct"],
                r["ci_low_pct"],
                r["ci_high_pct"],
                INFERRED,
                "read as 1 - specificity",
                r["source_id"],
            )
        )
    return pd.DataFrame(
        rows, columns=["region", "value_pct", "ci_low_pct", "ci_high_pct", "definition", "how", "source_id"]
    )


@figure("single-block-false-positive-rates-by-study-and-definition")
def false_positive_figure() -> tuple[Figure, str]:
    """The single block's false-positive figures, coloured by what each study divided by."""
    rows = false_positive_rows()
    fig, (ax,) = new_figure("notebook")
    for i, row in rows.iterrows():
        colour = DEFINITION_STYLE[row["definition"]]
        hatch = HATCHED.get(row["definition"])
        ax.barh(i, row["value_pct"], color=colour, height=0.6, hatch=hatch, edgecolor="white")
        if not pd.isna(row["ci_low_pct"]):
            ax.hlines(i, row["ci_low_pct"], row["ci_high_pct"], color="black", lw=1.5)
        ax.text(
            2,
            i,
            f"{row['value_pct']:g}%",
            va="center",
            fontsize=8,
            color="black" if hatch else "white",
            fontweight="bold",
            bbox={"facecolor": colour, "edgecolor": "none", "pad": 1} if hatch else None,
        )
    labels = [
        f"{r['region']}: {citations.author_year(r['source_id'])} ({r['how']})" for _, r in rows.iterrows()
    ]
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.invert_yaxis()
    handles = [
        Patch(facecolor=colour, edgecolor="white", hatch=HATCHED.get(definition), label=definition)
        for definition, colour in DEFINITION_STYLE.items()
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=7,
        title="what the study\ndivided by",
        title_fontsize=7,
    )
    ax.set_xlim(0, 100)
    ax.set_xlabel("'false-positive rate' of a single uncontrolled block (%)")
    ax.set_title("One study, two 'false-positive rates': read the definition", fontsize=10)
    source_note(fig, citations.cite(rows) + ". Lines: 95% confidence intervals where reported.")
    alt = (
        "Bar chart of single-block false-positive figures by study: Schwarzer 1994 (lumbar) 38% of patients "
        "without facet pain, which is 69% of its positive blocks; Barnsley 1993 (cervical) 27% of positive "
        "joints; Manchikanti 2004 by region ("
        + ", ".join(
            f"{r['region']} {r['value_pct']:g}%" for _, r in rows.iterrows() if r["definition"] == INFERRED
        )
        + "), hatched: the course reads them as 1 - specificity, an inference explained in the note under "
        "the post-test table."
    )
    return fig, alt


def post_test(label: str, paradigm: str) -> tuple[float, diagnostic_blocks.TwoByTwo]:
    """Post-test probability (0..1) after a positive block and the expected patients per 100; comparative
    blocks run as a sequence (screening block, then the pair in those positive), as their study measured
    them. The single-block step is paired with the pre-test's own study where it reports a single-block
    false-positive rate for the region (``block_selection.single_block_accuracy``)."""
    option = block_selection.pretest(label)
    accuracy = block_selection.paired_sequence(option, paradigm)
    pre = option.probability
    return (
        diagnostic_blocks.positive_predictive_value(pre, accuracy.sensitivity, accuracy.specificity),
        diagnostic_blocks.expected_table(pre, accuracy.sensitivity, accuracy.specificity),
    )


def post_test_table() -> pd.DataFrame:
    """For every pre-test probability in notebook 01's table: the post-test probability after a positive
    single block and after positive comparative blocks, and the false positives per 100 patients."""
    rows = []
    for option in block_selection.pretest_options():
        row: dict[str, object] = {
            "pre-test probability": option.label,
            "how the study counted facet pain": option.criterion,
        }
        for paradigm in ("single_block", "comparative_blocks"):
            ppv, table = post_test(option.label, paradigm)
            name = TABLE_NAMES[paradigm]
            row[f"{name}: post-test"] = percent(ppv)
            row[f"{name}: false positives per 100"] = str(table.false_positive)
            if paradigm == "comparative_blocks" and option.region != COMPARATIVE_REGION():
                row[f"{name}: post-test"] = f"{percent(ppv)} ({COMPARATIVE_REGION()} accuracy)"
            neck = neck_alternative(option, paradigm)
            if neck is not None:  # review s7 02, finding 2: the borrowed cell beside the neck's own rate
                row[f"{name}: post-test"] = (
                    f"{percent(ppv)} (lumbar specificity); {percent(neck[0])} (neck's own rate)"
                )
                row[f"{name}: false positives per 100"] = f"{table.false_positive}; {neck[1].false_positive}"
        row["borrowed (ILLUSTRATIVE)"] = borrowed(option)
        row["prevalence source"] = citations.author_year(option.source_id)
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["note"] = post_test_note()
    return frame


#: What each region's rows borrow from the other region (the post-test table's flag column), for rows whose
#: study gives no single-block false-positive rate of its own.
BORROWED: dict[str, str] = {
    "cervical": "single block: LUMBAR specificity (see note); 2nd figure: the neck's own rate, from "
    "other patients",
    "lumbar": "comparative pair: CERVICAL accuracy",
}


def borrowed(option: block_selection.PreTest) -> str:
    """The post-test table's flag for one pre-test row: what its accuracies borrow (for printing)."""
    own = block_selection.own_single_block_false_positive(option)
    if own is None:
        return BORROWED[option.region]
    single = f"single block: the study's OWN {option.region} false-positive rate ({own['value_pct']:g}%)"
    return single if option.region == "cervical" else f"{single}; {BORROWED[option.region]}"


def COMPARATIVE_REGION() -> str:  # noqa: N802 - reads like the constant it is, but comes from data/
    """The region whose patients the comparative pair's accuracy was measured in (Lord 1995: cervical)."""
    return diagnostic_blocks.paradigm_accuracy("comparative_blocks").region


def comparative_caveat(option: block_selection.PreTest) -> str:
    """For a row of another region than the comparative pair's study (review s7 02, finding 3): where that
    accuracy was measured, and the review that argues comparative blocks lack validity at low prevalence."""
    pair = diagnostic_blocks.paradigm_accuracy("comparative_blocks")
    if option.region == pair.region:
        return ""
    rows = block_selection.guidelines(option.region, "number_of_blocks")
    review = rows[rows["setting"] == "expert review"]
    against = ""
    if not review.empty:
        row = review.iloc[0]
        claim = next(c.strip() for c in str(row["recommendation"]).split(";") if "comparative" in c)
        against = f"; {citations.author_year(str(row['source_id']))} (a review) argues that {claim}"
    return (
        f" The comparative pair's accuracy was measured in {pair.region} patients (neck pain after a motor "
        f"vehicle accident, {citations.author_year(pair.source_id)}), not in {option.region} ones{against}."
    )


def neck_alternative(
    option: block_selection.PreTest, paradigm: str
) -> tuple[float, diagnostic_blocks.TwoByTwo] | None:
    """For a cervical row that borrows the lumbar single-block specificity: the post-test probability (0..1)
    and patients per 100 with the neck's own single-block false-positive rate instead (Manchikanti 2004's
    cervical figure, read as 1 - specificity, measured in its own patients); None for any other row."""
    if option.region != "cervical" or block_selection.own_single_block_false_positive(option) is not None:
        return None
    neck = next(
        o
        for o in block_selection.pretest_options()
        if o.region == "cervical" and block_selection.own_single_block_false_positive(o) is not None
    )
    sequence = block_selection.paired_sequence(neck, paradigm)
    pre = option.probability
    return (
        diagnostic_blocks.positive_predictive_value(pre, sequence.sensitivity, sequence.specificity),
        diagnostic_blocks.expected_table(pre, sequence.sensitivity, sequence.specificity),
    )


def own_rate_checks() -> list[tuple[block_selection.PreTest, float, float]]:
    """For each pre-test whose study gives its own single-block false-positive rate: the option, the
    post-test probability (0..1) after a positive single block with the course's single-block specificity,
    and with the study's own rate read as 1 - specificity (the one the table uses)."""
    course = diagnostic_blocks.paradigm_accuracy("single_block")
    checks = []
    for option in block_selection.pretest_options():
        own = block_selection.single_block_accuracy(option)
        if own == course:
            continue
        pre = option.probability
        checks.append(
            (
                option,
                diagnostic_blocks.positive_predictive_value(pre, course.sensitivity, course.specificity),
                diagnostic_blocks.positive_predictive_value(pre, own.sensitivity, own.specificity),
            )
        )
    return checks


def neck_single_block_check() -> tuple[float, float, float]:
    """Manchikanti 2004's own cervical prevalence (0..1), and the post-test probability (0..1) after a
    positive single block there with the course's lumbar specificity and with its cervical false-positive
    rate read as 1 - specificity (sensitivity 100% in both: the course's assumption)."""
    option, course, own = next(c for c in own_rate_checks() if c[0].region == "cervical")
    return option.probability, course, own


def _neck_false_positive() -> pd.Series:
    neck = block_selection.single_block_false_positives()
    return neck[neck["region"] == "cervical"].iloc[0]


def borrowed_note() -> str:
    """Which rows pair the study's own single-block false-positive rate, what the course's lumbar
    specificity would give there instead (both shown), why the rate is read as 1 - specificity, and what
    the other rows borrow (for printing)."""
    single = diagnostic_blocks.paradigm_accuracy("single_block")
    neck = _neck_false_positive()
    checks = own_rate_checks()
    rates = block_selection.single_block_false_positives().set_index("region")
    pairs = "; ".join(
        f"{o.region} {percent(o.probability)}: own rate {rates.loc[o.region, 'value_pct']:g}% "
        f"({rates.loc[o.region, 'ci_low_pct']:g}-{rates.loc[o.region, 'ci_high_pct']:g}%), so a positive "
        f"single block gives {percent(own)} (with {citations.author_year(single.source_id)}'s "
        f"{percent(single.false_positive_rate)} it would be {percent(course)})"
        for o, course, own in checks
    )
    author = citations.author_year(str(neck["source_id"]))
    pre, _, _ = neck_single_block_check()
    return (
        f"Rows whose prevalence is {author}'s pair it with {author}'s own single-block false-positive rate, "
        f"from the same patients: {pairs}. Only the abstract was readable here, and it does not define the "
        "rate; the course reads it as 1 - specificity, because facet pain was counted only in patients "
        f"positive to the single lidocaine block first, so at the cervical prevalence ({percent(pre)}) a "
        "share of positive blocks or of all patients would put the positives above 100%; the lumbar figure "
        "is read the same way (one paper, one measure). ILLUSTRATIVE cells: the other cervical rows use "
        f"the {single.region} single-block specificity ({citations.author_year(single.source_id)}, "
        f"false-positive rate {percent(single.false_positive_rate)}); beside each such cell the table shows "
        f"the figure with the neck's own single-block rate ({neck['value_pct']:g}%, measured in {author}'s "
        "patients, not in theirs), so read those rows as a range, not one number. Lumbar rows use the "
        "cervical comparative-pair accuracy (flagged in their cells). Thoracic rows are left out: the two "
        "multisociety guidelines this "
        "notebook follows are on the lumbar and cervical spine (notebook 01's table has the thoracic "
        "figures)."
    )


def post_test_note() -> str:
    """Where the post-test table's accuracies come from, what is assumed, and which blocks the single
    block's specificity was measured with (for printing)."""
    single = diagnostic_blocks.paradigm_accuracy("single_block")
    return "\n\n".join(
        [
            accuracy_note(diagnostic_blocks.paradigm_sequence("comparative_blocks")),
            _screening_blocks(single),
            _measured_against_model(),
            borrowed_note(),
        ]
    )


def _measured_against_model() -> str:
    """Why the lumbar 15% row reads 32% while Schwarzer 1994 measured 31% of positive blocks true."""
    ppv = diagnostic_blocks.measure("schwarzer1994_ppv")
    return (
        f"Schwarzer 1994 measured {ppv['value_pct']:g}% of positive single blocks true "
        f"({citations.author_year(ppv['source_id'])}); the model's post-test figure for the same patients "
        "can differ from it by a little, because the model assumes the single block never misses facet "
        "pain (sensitivity 100%, a COURSE ASSUMPTION)."
    )


def _screening_blocks(single: diagnostic_blocks.Accuracy) -> str:
    """Which blocks the single block's specificity was measured with, and at what response."""
    blocks = citations.short(citations.source("schwarzer1994_screening_blocks"))
    return (
        f"The single block's specificity ({citations.author_year(single.source_id)}) was measured with "
        "screening blocks that were zygapophysial joint (intra-articular) injections or medial branch "
        f"blocks ({blocks}, a report of 176 patients with the same entry criteria; the false-positive "
        "paper's abstract does not say which), read as positive at a 'definite or complete' response "
        "rather than a set percentage; the course applies it to the medial branch block of section 2."
    )


def accuracy_note(comparative: diagnostic_blocks.Sequence) -> str:
    """Where the two paradigms' accuracies come from, in whom each was measured, and what is assumed."""
    single, pair = comparative.steps
    return (
        f"Single block: specificity {percent(single.specificity)} "
        f"({citations.author_year(single.source_id)}, {single.region}, {single.tested_population}); its "
        f"sensitivity ({percent(single.sensitivity)}) is a COURSE ASSUMPTION, not measured (the best case "
        f"for the block). Comparative blocks: sensitivity {percent(pair.sensitivity)}, specificity "
        f"{percent(pair.specificity)} against placebo-controlled blocks "
        f"({citations.author_year(pair.source_id)}, {pair.region}), measured only in patients "
        f"{pair.tested_population}; so the course applies them after that screening block, to those "
        f"positive: the whole sequence has sensitivity {percent(comparative.sensitivity)} and "
        f"specificity {percent(comparative.specificity, 1)}."
    )


def _icon_positions() -> np.ndarray:
    """(x, y) of 100 icons in a 10 x 10 grid, filled row by row from the top left."""
    index = np.arange(100)
    return np.column_stack([index % 10, 9 - index // 10]).astype(float)


#: Pre-test probabilities (0..1) at which the post-test curves are drawn.
CURVE_GRID = np.linspace(0.0, 1.0, 101)[1:]


def _curve(accuracy: diagnostic_blocks.Sequence) -> np.ndarray:
    """Post-test probability (%) along ``CURVE_GRID`` for one paradigm's accuracy."""
    return 100 * np.array(
        [
            diagnostic_blocks.positive_predictive_value(p, accuracy.sensitivity, accuracy.specificity)
            for p in CURVE_GRID
        ]
    )


def _draw_curves(ax: Axes) -> dict[str, Line2D]:
    """Post-test probability against pre-test probability for both measured paradigms (and no test), at the
    course's accuracies; the explorer redraws them with the accuracies paired with its pre-test."""
    ax.plot([0, 100], [0, 100], color="#999999", lw=1, ls="--", label="no test (post = pre)")
    lines = {}
    for paradigm, colour in (
        ("single_block", PALETTE["vermillion"]),
        ("comparative_blocks", PALETTE["blue"]),
    ):
        curve = _curve(diagnostic_blocks.paradigm_sequence(paradigm))
        label = TABLE_NAMES[paradigm].replace(", then ", ",\nthen ")  # narrower legend under the panel
        (lines[paradigm],) = ax.plot(100 * CURVE_GRID, curve, color=colour, lw=2, label=label)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("pre-test probability of facet pain (%)")
    ax.set_ylabel("probability after a\npositive block (%)")  # two lines: shorter than the axis on a slide
    ax.legend(loc="lower right", fontsize=7)
    return lines


def _draw_bayes() -> tuple[Figure, Callable[..., str]]:
    """Icon array of 100 patients (left) and the post-test curves with the chosen point (right)."""
    fig, (icons, curve) = new_figure("slide", ncols=2)
    positions = _icon_positions()
    dots = {g: icons.scatter([], [], s=90, c=c, marker=m, label=lab) for g, (c, m, lab) in GROUPS.items()}
    icons.set_xlim(-0.7, 9.7)
    icons.set_ylim(-0.7, 9.7)
    icons.set_aspect("equal")
    icons.set_axis_off()
    icons.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), fontsize=7, ncol=1, frameon=False)
    icons_title = icons.set_title("", fontsize=10)
    lines = _draw_curves(curve)
    # below the axes: the moving point and its guide line reach every corner of the curve panel
    curve.legend(loc="upper center", bbox_to_anchor=(0.5, -0.23), fontsize=7, ncol=1, frameon=False)
    (point,) = curve.plot([], [], "o", color="black", ms=8, zorder=4)
    guide = curve.plot([], [], color="black", lw=0.8, ls=":")[0]
    curve_title = curve.set_title("", fontsize=10, pad=9)  # clear of the top tick label in a slide's type
    comparative = diagnostic_blocks.paradigm_sequence("comparative_blocks")
    source_note(
        fig,
        accuracy_note(comparative)
        + " Pre-test probabilities: notebook 01's prevalence table; where that study gives its own "
        "single-block false-positive rate, the curves use it (read as 1 - specificity).",
    )

    def update(pretest: str, paradigm: str) -> str:
        option = block_selection.pretest(pretest)
        if paradigm not in CHOICES:
            raise ValueError(f"paradigm={paradigm!r}; choose one of {list(CHOICES)}")
        key = CHOICES[paradigm]
        pre = option.probability
        if key == diagnostic_blocks.REFERENCE_STANDARD:
            table = diagnostic_blocks.expected_table(pre, 1.0, 1.0)
            ppv = None
        else:
            ppv, table = post_test(pretest, key)
        for name, line in lines.items():
            line.set_ydata(_curve(block_selection.paired_sequence(option, name)))
        counts = [table.true_positive, table.false_positive, table.false_negative, table.true_negative]
        start = 0
        for group, count in zip(GROUPS, counts, strict=True):
            dots[group].set_offsets(positions[start : start + count] if count else np.empty((0, 2)))
            start += count
        point.set_data([100 * pre], [100 * (pre if ppv is None else ppv)])
        guide.set_data([100 * pre, 100 * pre], [0, 100 * (pre if ppv is None else ppv)])
        icons_title.set_text(f"100 patients, {option.region} {percent(pre)} before:\n{paradigm}")
        curve_title.set_text(_headline(ppv, table))
        return _readout(option, paradigm, ppv, table)

    return fig, update


def _headline(ppv: float | None, table: diagnostic_blocks.TwoByTwo) -> str:
    """The curve panel's title, on two lines in every frame (the frame's layout is fixed; each line fits the
    panel's width in a slide's type)."""
    if ppv is None:
        return "Reference standard:\nno accuracy of its own to apply"
    if table.false_positive >= table.true_positive:
        return f"Most positive blocks are false:\n{percent(ppv)} after a positive block"
    return f"{percent(ppv)} of positive blocks are true:\n{table.false_positive} false per 100"


def _readout(
    option: block_selection.PreTest, paradigm: str, ppv: float | None, table: diagnostic_blocks.TwoByTwo
) -> str:
    """The numbers a resident reads off, in words (pure)."""
    where = f"{option.label} ({citations.author_year(option.source_id)}; {option.population})"
    if ppv is None:
        return (
            f"Pre-test {where}. Placebo-controlled blocks are the reference standard the other paradigms "
            "were "
            "measured against: no study read here gives their own accuracy, so no post-test probability is "
            f"computed. Per 100: {table.true_positive} with facet pain, {table.true_negative} without."
        )
    steps = block_selection.paired_sequence(option, CHOICES[paradigm]).steps
    accuracy = "; ".join(
        f"{PARADIGM_NAMES[s.paradigm]} accuracy from {citations.author_year(s.source_id)} ({s.region}, "
        f"{s.tested_population}"
        + (
            f"; its own false-positive rate {percent(s.false_positive_rate)}, read as 1 - specificity"
            if s.inferred
            else ""
        )
        + ")"
        for s in steps
    )
    result = (
        "positive single block" if len(steps) == 1 else "positive screening block, then comparative blocks"
    )
    return (
        f"Pre-test {where}. After a {result}: <b>{percent(ppv)}</b> probability of facet pain. "
        f"Per 100 patients: {table.true_positive + table.false_positive} positive to the end, "
        f"{table.true_positive} true and <b>{table.false_positive} false</b>; {table.false_negative} with "
        f"facet pain missed. {accuracy[0].upper() + accuracy[1:]}.{_course_figure(option, paradigm)}"
        + (comparative_caveat(option) if len(steps) > 1 else "")
        + _neck_words(option, CHOICES[paradigm])
    )


def _neck_words(option: block_selection.PreTest, paradigm: str) -> str:
    """A cervical row borrowing the lumbar specificity: the figure with the neck's own rate (finding 2)."""
    neck = neck_alternative(option, paradigm)
    if neck is None:
        return ""
    rate = _neck_false_positive()
    return (
        f" That borrows the LUMBAR single-block specificity; with the neck's own single-block false-positive "
        f"rate ({rate['value_pct']:g}%, {citations.author_year(str(rate['source_id']))}, another cervical "
        f"population) it would be {percent(neck[0])}."
    )


def _course_figure(option: block_selection.PreTest, paradigm: str) -> str:
    """Where the paired single block differs from the course's: what the course's specificity would give."""
    course = diagnostic_blocks.paradigm_sequence(CHOICES[paradigm])
    paired = block_selection.paired_sequence(option, CHOICES[paradigm])
    if paired == course:
        return ""
    other = diagnostic_blocks.positive_predictive_value(
        option.probability, course.sensitivity, course.specificity
    )
    single = course.steps[0]
    return (
        f" With {citations.author_year(single.source_id)}'s {single.region} single-block specificity "
        f"instead it would be {percent(other)}."
    )


def bayes_explorer() -> Explorer:
    """Pre-test probability (notebook 01's prevalences) and paradigm: post-test probability and icon array."""
    options = [o.label for o in block_selection.pretest_options()]
    default = next((o for o in options if o.startswith("lumbar")), options[0])
    return explore(
        "bayes-for-blocks",
        _draw_bayes,
        [
            Control("pretest", "Pre-test probability", options, value=default),
            Control("paradigm", "Block paradigm", list(CHOICES), value=PARADIGM_NAMES["single_block"]),
        ],
        question="With a single block at the lowest lumbar prevalence, how many of the positive blocks are "
        "false, and how many does a comparative pair leave?",
        alt="Icon array of 100 patients coloured as true and false positives and negatives for the chosen "
        "pre-test probability and block paradigm, beside the post-test probability curve.",
    )


@figure("post-test-probability-after-a-facet-block-per-100-patients")
def bayes_figure() -> tuple[Figure, str]:
    """The Bayes explorer at its defaults."""
    explorer = bayes_explorer()
    fig, update = explorer.make_figure()
    readout = update(**explorer.defaults())
    return fig, "Icon array of 100 patients and post-test probability curve. " + readout.replace(
        "<b>", ""
    ).replace("</b>", "")
