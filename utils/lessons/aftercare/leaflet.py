"""07, section 5: a printable patient leaflet made from data/ and the recovery model, and its reading level.

The leaflet is a SAMPLE for the course: phone numbers and local arrangements are left blank, it carries the
course's not-medical-advice notice (read from the README, where the course states it once), and
every sentence in
it comes from ``data/aftercare_advice.csv`` and ``data/aftercare_when_to_call.csv`` through
:mod:`facet_course.models.aftercare`. Its reading level is measured with ``textstat``
(Flesch-Kincaid grade) on the
words a patient reads (headings, advice, warning signs, diary), not on the course notice or the source list.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import textstat
from matplotlib.figure import Figure

from ...core import citations
from ...core.data import DATA_DIR
from ...core.explore import Control, Explorer, explore
from ...core.style import PALETTE, new_figure, source_note
from ...models import aftercare, recovery

README = DATA_DIR.parent / "README.md"
HEADINGS: dict[str, str] = {
    aftercare.BEFORE_HOME: "Today",
    "anaesthetic block": "While the numbing medicine works",
    "possible flare": "The next few days",
    "steroid onset": "If you had a steroid",
    "return of pain": "Later",
}
WHAT_YOU_HAD: dict[str, str] = {
    aftercare.DIAGNOSTIC: "You had a test injection of numbing medicine near the small joints of your "
    "{area}. "
    "It helps us find out if these joints cause your pain.",
    aftercare.WITH_STEROID: "You had an injection of numbing medicine and a steroid near the small joints of "
    "your {area}.",
}
BLANK = '<span class="blank"></span>'
#: The leaflet's box for the signs that need an ambulance (data/aftercare_when_to_call.csv, ``ambulance``).
AMBULANCE_HEADING = "Call 999, 911 or 112 for an ambulance now (do not drive yourself) if"
CSS = """
.facet-leaflet{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10.5pt;line-height:1.35;color:#111;
max-width:180mm;margin:0 auto}
.facet-leaflet h1{font-size:17pt;margin:0 0 2pt 0}
.facet-leaflet h2{font-size:12pt;margin:8pt 0 2pt 0;border-bottom:1px solid #999}
.facet-leaflet ul{margin:2pt 0 2pt 0;padding-left:16pt}
.facet-leaflet li{margin:1pt 0}
.facet-leaflet .sample{border:2px dashed #D55E00;color:#8a2d00;padding:3pt 6pt;font-weight:bold;margin:4pt 0}
.facet-leaflet .notice{font-size:8pt;color:#333;border-left:3px solid #E69F00;padding:2pt 6pt;margin:4pt 0}
.facet-leaflet .blank{display:inline-block;min-width:55mm;border-bottom:1px solid #333;height:1em}
.facet-leaflet .er{border:2px solid #D55E00;padding:2pt 6pt;margin:4pt 0}
.facet-leaflet table{border-collapse:collapse;width:100%;font-size:9.5pt;break-inside:avoid}
.facet-leaflet th,.facet-leaflet td{border:1px solid #555;padding:2pt 4pt;text-align:left;height:17pt}
.facet-leaflet .sources{font-size:7pt;color:#444;margin-top:6pt}
.facet-leaflet .diary{break-inside:avoid}
"""
PAGE_CSS = "@page{size:A4;margin:13mm 14mm}body{margin:0}"


def course_notice() -> str:
    """The course's not-medical-advice notice, as the README states it (its first blockquote), plain."""
    lines = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith(">"):
            lines.append(line.lstrip("> ").strip())
        elif lines:
            break
    if not lines:
        raise ValueError(f"{README} has no notice (a '>' blockquote) to carry on the leaflet")
    return re.sub(r"\*\*(.+?)\*\*", r"\1", " ".join(lines))


def _time_label(hours: float) -> str:
    if hours < 0:
        return "Before the injection"
    if hours < 1:
        return f"{hours * 60:g} minutes after"
    if hours < recovery.HOURS_PER_DAY:
        return f"{hours:g} hour{'s' if hours != 1 else ''} after"
    days = hours / recovery.HOURS_PER_DAY
    return f"{days:g} day{'s' if days != 1 else ''} after"


def patient_sections(region: str, injectate: str) -> list[tuple[str, list[str]]]:
    """The leaflet's patient text as (heading, sentences), in reading order (used for its reading level)."""
    area, _ = aftercare.AREAS[aftercare.check_region(region)]
    sections: list[tuple[str, list[str]]] = [
        ("Your injection", [WHAT_YOU_HAD[aftercare.check_injectate(injectate)].format(area=area)])
    ]
    for step in aftercare.steps(region, injectate):
        heading = HEADINGS[step.phase]
        if not sections or sections[-1][0] != heading:
            sections.append((heading, []))
        sections[-1][1].append(step.plain)
    calls = aftercare.when_to_call(region)
    conflicts = aftercare.triage_conflicts(calls)
    if conflicts:
        raise ValueError(f"the {region} leaflet would give one sign two instructions: {'; '.join(conflicts)}")
    clinic, ambulance = calls["action"] == "call the clinic", calls["ambulance"].astype(bool)
    for rows, heading in (
        (clinic, "Call us if"),
        (ambulance, AMBULANCE_HEADING),
        (~clinic & ~ambulance, "Go to the emergency department now if"),
    ):
        sections.append((heading, list(calls.loc[rows, "plain"])))
    if aftercare.check_injectate(injectate) == aftercare.DIAGNOSTIC:
        sections.append(
            ("Your pain diary", ["Write your pain from 0 to 10. 0 is no pain. 10 is the worst pain."])
        )
    return sections


def reading_text(region: str, injectate: str) -> str:
    """The sentences a patient reads, one item per line: what the reading level is measured on. Headings are
    left out (a formula would count each as a short sentence and call the text easier than it is)."""
    return "\n".join(line for _, lines in patient_sections(region, injectate) for line in lines)


def reading_grade(region: str, injectate: str, formula: str = "flesch_kincaid") -> float:
    """US school grade of the leaflet's patient text by ``formula``: 'flesch_kincaid' (Flesch-Kincaid grade)
    or 'smog' (SMOG index), both from ``textstat``."""
    formulas = {"flesch_kincaid": textstat.flesch_kincaid_grade, "smog": textstat.smog_index}
    if formula not in formulas:
        raise ValueError(f"formula={formula!r}; choose one of {sorted(formulas)}")
    return float(formulas[formula](reading_text(region, injectate)))


def _diary_rows() -> str:
    cells = "<td></td><td></td><td></td><td></td>"
    return "".join(f"<tr><td>{html.escape(_time_label(h))}</td>{cells}</tr>" for h in aftercare.diary_hours())


def _sources(region: str) -> str:
    ids = [*aftercare.advice_table()["source_id"], *aftercare.when_to_call(region)["source_id"]]
    return html.escape(citations.author_year(*ids))


def leaflet_fragment(region: str, injectate: str) -> str:
    """The leaflet as an HTML fragment (styles scoped to ``.facet-leaflet``): notebook and file. The pain
    diary is printed for a diagnostic block only (what it is for: notebook 05)."""
    sections = patient_sections(region, injectate)
    body = []
    diagnostic = aftercare.check_injectate(injectate) == aftercare.DIAGNOSTIC
    for heading, lines in sections[:-1] if diagnostic else sections:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        box = ' class="er"' if heading in (AMBULANCE_HEADING, "Go to the emergency department now if") else ""
        body.append(f"<div{box}><h2>{html.escape(heading)}</h2><ul>{items}</ul></div>")
    diary = ""
    if diagnostic:
        diary_heading, diary_lines = sections[-1]
        diary = f"""<div class="diary"><h2>{html.escape(diary_heading)}</h2>
<p>{html.escape(" ".join(diary_lines))}</p>
<table><thead><tr><th>When</th><th>Pain (0 to 10)</th><th>What I was doing</th><th>Extra painkiller?</th>
<th>{html.escape(aftercare.AREAS[region][1].capitalize())} numb?</th></tr>
</thead><tbody>{_diary_rows()}</tbody></table></div>"""
    return f"""<div class="facet-leaflet"><style>{CSS}</style>
<h1>After your {html.escape(aftercare.AREAS[region][0])} injection</h1>
<p class="sample">SAMPLE leaflet made for a teaching course. A clinic must check it and fill in the blanks
before any patient gets it. It is for injections, not for radiofrequency treatment.</p>
<p class="notice">{html.escape(course_notice())}</p>
{"".join(body)}
<h2>Phone numbers and plans</h2>
<ul><li>Our phone number: {BLANK}</li><li>After hours: {BLANK}</li>
<li>Your numbness should be gone by: {BLANK}</li><li>Start your blood thinner again on: {BLANK}</li>
<li>You can drive again on: {BLANK}</li><li>Your next visit: {BLANK}</li><li>Other plans: {BLANK}</li></ul>
{diary}
<p class="sources">Course sources: {_sources(region)}. Region: {html.escape(region)}; injection:
{html.escape(injectate)}.</p></div>"""


def leaflet_html(region: str, injectate: str) -> str:
    """The leaflet as a whole HTML page that prints on A4 (no scripts, no external files)."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Patient leaflet (course sample): {html.escape(region)},
{html.escape(injectate)}</title><style>{PAGE_CSS}</style></head>
<body>{leaflet_fragment(region, injectate)}</body></html>
"""


def leaflet_name(region: str, injectate: str) -> str:
    """File name of a leaflet: ``leaflet-<region>-<diagnostic|steroid>.html``."""
    kind = "diagnostic" if aftercare.check_injectate(injectate) == aftercare.DIAGNOSTIC else "steroid"
    return f"leaflet-{aftercare.check_region(region)}-{kind}.html"


def write_leaflets(folder: Path) -> list[Path]:
    """Write one leaflet per region and injectate into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for region in aftercare.REGIONS:
        for injectate in aftercare.INJECTATES:
            path = folder / leaflet_name(region, injectate)
            path.write_text(leaflet_html(region, injectate), encoding="utf-8")
            written.append(path)
    return written


def reading_level_summary() -> str:
    """The reading level of each leaflet (Flesch-Kincaid grade) against the AMA's and the NIH's targets."""
    ama, nih = aftercare.reading_targets()
    source = citations.author_year(aftercare.statement("reading_ama")["source_id"])
    lines = [f"Targets: AMA grade {ama:g}, NIH grade {nih:g} (as reported by {source})."]
    for region in aftercare.REGIONS:
        for injectate in aftercare.INJECTATES:
            fk, smog = (reading_grade(region, injectate, f) for f in ("flesch_kincaid", "smog"))
            grade = max(fk, smog)
            verdict = "meets both" if grade <= ama else ("meets the NIH's" if grade <= nih else "TOO HARD")
            lines.append(f"{region}, {injectate}: Flesch-Kincaid {fk:.1f}, SMOG {smog:.1f} ({verdict})")
    return "\n".join(lines)


# -- which sentences make a leaflet hard to read -------------------------------------------------------------
#: Sentences the figure shows: the hardest of the leaflet's.
HARDEST = 8


def sentence_grades(region: str, injectate: str) -> list[tuple[float, str]]:
    """Each sentence a patient reads with its own Flesch-Kincaid grade, hardest first (``textstat``)."""
    lines = reading_text(region, injectate).splitlines()
    sentences = [p.strip() for line in lines for p in re.split(r"(?<=[.!?])\s+", line) if p.strip()]
    graded = [(float(textstat.flesch_kincaid_grade(t)), t) for t in dict.fromkeys(sentences)]
    return sorted(graded, key=lambda pair: -pair[0])


def reading_readout(region: str, injectate: str) -> str:
    """The leaflet's grade against both targets first, then its hardest sentence and how many sentences read
    above the AMA's grade on their own (pure: from the leaflet's text and ``textstat``)."""
    ama, nih = aftercare.reading_targets()
    fk, smog = (reading_grade(region, injectate, f) for f in ("flesch_kincaid", "smog"))
    graded = sentence_grades(region, injectate)
    above = sum(1 for grade, _ in graded if grade > ama)
    grade, hardest = graded[0]
    return (
        f"{region.capitalize()}, {injectate}: Flesch-Kincaid {fk:.1f}, SMOG {smog:.1f} for the whole leaflet "
        f"(AMA {ama:g}, NIH {nih:g}). {above} of {len(graded)} sentences read above grade {ama:g} on their "
        f"own; the hardest (grade {grade:.1f}): \u201c{hardest}\u201d"
    )


def _draw_reading() -> tuple[Figure, Callable[..., str]]:
    """The leaflet's hardest sentences as bars of their own grade, with the AMA's and the NIH's lines."""
    ama, nih = aftercare.reading_targets()
    fig, (ax,) = new_figure("notebook")
    fig.set_size_inches(7.6, 4.2)
    bars = ax.barh(range(HARDEST), [0.0] * HARDEST, height=0.65, color=PALETTE["blue"])
    ax.axvline(ama, color=PALETTE["green"], ls="--", lw=1.2)
    ax.axvline(nih, color=PALETTE["vermillion"], ls=":", lw=1.4)
    ax.set_ylim(HARDEST - 0.5, -0.5)
    ax.set_xlim(0, nih + 6)
    ax.set_xlabel("Flesch-Kincaid grade of the sentence\non its own (US school grade)", fontsize=8)
    ax.tick_params(labelsize=7)
    # the two lines named above the plot, not in a legend over the bars (any type size)
    for grade, name, ha, colour in ((ama, "AMA", "right", "green"), (nih, "NIH", "left", "vermillion")):
        ax.text(
            grade, -0.55, f"{name}: grade {grade:g}", ha=ha, va="bottom", fontsize=7, color=PALETTE[colour]
        )
    title = fig.suptitle("", fontsize=10, fontweight="bold")
    source_note(
        fig,
        f"Grades: textstat (Flesch-Kincaid). Targets as reported by "
        f"{citations.author_year(aftercare.statement('reading_ama')['source_id'])}. Text: this course's "
        "sample leaflet, from data/.",
    )

    def update(region: str, injectate: str) -> str:
        graded = sentence_grades(region, injectate)[:HARDEST]
        labels = []
        for i, bar in enumerate(bars):
            grade, text = graded[i] if i < len(graded) else (0.0, "")
            bar.set_width(max(grade, 0.0))
            bar.set_color(PALETTE["orange"] if grade > ama else PALETTE["blue"])
            labels.append(textwrap.shorten(text, 58, placeholder="..."))
        ax.set_yticks(range(HARDEST), labels, fontsize=7)
        kind = "diagnostic block" if injectate == aftercare.DIAGNOSTIC else "with steroid"
        title.set_text(f"The leaflet's {HARDEST} hardest sentences ({region}, {kind})")
        return reading_readout(region, injectate)

    return fig, update


def reading_explorer() -> Explorer:
    """Region and injectate: which sentences of the leaflet are the hardest to read, against both targets."""
    return explore(
        "leaflet-reading-level",
        _draw_reading,
        [
            Control("region", "Region", list(aftercare.REGIONS), value="lumbar"),
            Control("injectate", "Injectate", list(aftercare.INJECTATES), value=aftercare.DIAGNOSTIC),
        ],
        question="Which sentences would you rewrite first, and does adding the steroid's advice make the "
        "leaflet harder to read? Why can a leaflet meet grade 6 overall with sentences above it?",
        alt="Bars of the reading grade of each of the leaflet's hardest sentences, with dashed lines at the "
        "AMA's grade 6 and the NIH's grade 8; sentences above grade 6 are orange.",
    )
