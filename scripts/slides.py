"""Build offline reveal.js slide decks: one self-contained HTML file per notebook.

Usage: python scripts/slides.py [--force] [notebooks/NN_name.ipynb ...]   (default: every notebook)

Each deck is made from the notebook's cell ``slideshow`` metadata (``slide``, ``subslide``, ``fragment``,
``-``, ``skip``, ``notes``) by nbconvert's reveal exporter with the template ``templates/facet_slides``.
Inlined, so the deck opens from disk with no network: reveal.js 4.0.2 (the version nbconvert targets; theme
``white`` with its Source Sans Pro font), the speaker notes plugin (press S) and the small script that
switches the explorers and self-checks (``templates/facet_common/switch.j2``); require.js and the widget
manager only for a notebook that still stores ipywidgets (none of the course's do). Code inputs are hidden:
the audience sees text, figures and explorers. Explorers are their kernel-free twins, plain HTML as in the
handouts, but each notebook is run for the slides on its own (build/executed-slides/) with
``FACET_COURSE_PRESENT=slide``: every figure and frame is drawn in the presentation style
(facet_course.core.style: as large as its place on the slide, no text under 18 px there, the source note as a
caption under it) and each image says the size of its smallest text (``data-text-px``), which the slide tests
scale by how large the image is shown. A deck is rebuilt only when its inputs change; one progress line per
notebook.
JupyterLab users can present the same notebooks live with jupyterlab-rise, from the same metadata.

Every slide fits 1280 x 720 by a rule, not by hand: each deck is opened in headless Chromium
(``/usr/bin/chromium``), every slide is measured with all its fragments shown, and a slide taller than the
slide is split into vertical sub-slides at the first boundary that fits: between cells, else between the
blocks of a cell's text (paragraphs, list items, printed paragraphs, table rows; a continued table repeats its
header, a continued numbered list keeps its numbers); an explorer or a self-check question is never split. A
heading or a line ending in ':' stays with what follows it; speaker notes stay on the first part. Then each
deck is printed to ``NN_name.pdf`` through reveal's print mode, and ``build/slides/index.html`` lists every
deck with its title, its number of slides and the time its notebook states.
"""

from __future__ import annotations

import base64
import copy as _copy
import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from traitlets.config import Config

from scripts import handouts
from scripts.chromium import CHROMIUM, Chromium
from scripts.compact import compact_widget_state
from scripts.handouts import (
    INDEX_CSS,
    NODE_MODULES,
    ROOT,
    SLIDES,
    TEMPLATES,
    BuildError,
    Built,
    course_notebooks,
    ensure_vendor,
    executed_notebook,
    offline_resources,
    output_key,
    write_atomic,
    write_index,
)

#: Slide size in CSS pixels (16:9); reveal scales the deck to fit the screen or projector.
WIDTH, HEIGHT = 1280, 720
#: Text at slide size (CSS px): body text at least BODY_PX, nothing under MIN_TEXT_PX (the tests check both).
BODY_PX, MIN_TEXT_PX = 24, 18
#: True once reveal.js has initialised the deck.
REVEAL_READY_JS = "() => window.Reveal && Reveal.isReady && Reveal.isReady()"
#: Marks the blocks a slide may be split before (removed again before the deck is written).
FIT_MARK = "data-facet-fit"
#: Meta tag with the number of slides (after splitting), read by the index page.
COUNT_META = "facet-slide-count"


def reveal_css() -> str:
    """reveal.css plus the white theme, with the theme's Source Sans Pro fonts inlined as data: URIs."""
    ensure_vendor()
    theme_dir = NODE_MODULES / "reveal.js/dist/theme"
    fonts_dir = theme_dir / "fonts/source-sans-pro"
    font_css = (fonts_dir / "source-sans-pro.css").read_text(encoding="utf-8")

    def face(match: re.Match[str]) -> str:
        block = match.group(0)
        woff = re.search(r"url\('([\w-]+)\.woff'\)", block)
        if woff is None:
            raise BuildError("reveal.js font CSS changed: update reveal_css() in scripts/slides.py")
        data = base64.b64encode((fonts_dir / f"{woff.group(1)}.woff").read_bytes()).decode("ascii")
        weight = re.search(r"font-weight:\s*([\w]+)", block).group(1)
        style = re.search(r"font-style:\s*([\w]+)", block).group(1)
        return (
            "@font-face{font-family:'Source Sans Pro';"
            f"src:url(data:font/woff;base64,{data}) format('woff');font-weight:{weight};font-style:{style}}}"
        )

    fonts = re.sub(r"@font-face\s*\{[^}]*\}", face, font_css)
    theme = (theme_dir / "white.css").read_text(encoding="utf-8")
    theme = re.sub(r"@import url\(fonts/source-sans-pro/source-sans-pro\.css\);", "", theme)
    core = (NODE_MODULES / handouts.BUNDLES["reveal_css"]).read_text(encoding="utf-8")
    css = "\n".join([core, fonts, theme])
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    leftover = [u for u in re.findall(r"url\(([^)]*)\)", css) if not u.strip("'\" ").startswith("data:")]
    if leftover:
        raise BuildError(f"reveal.js CSS still refers to files: {leftover[:3]}")
    return css.replace("</style", "<\\/style")


# -- fitting every slide into 1280 x 720 ---------------------------------------------------------------
#: Where to split: every slide is shown with all fragments; its blocks (marked FIT_MARK) are packed greedily
#: into parts no taller than the slide; a block taller than the slide is opened into the blocks it holds.
#: Returns the marks of the blocks that start a new part, and the blocks that cannot fit even alone.
PLAN_JS = """
(slack) => {
  const MARK = '%MARK%';
  const scale = Reveal.getScale();
  const marked = el => el.hasAttribute(MARK);
  const shown = el => el.getClientRects().length > 0 && !el.closest('aside.notes');
  const box = el => { const r = el.getBoundingClientRect();
                      return {top: r.top / scale, bottom: r.bottom / scale, h: r.height / scale}; };
  const inner = el => [...el.querySelectorAll('[' + MARK + ']')].filter(d => {
    for (let p = d.parentElement; p && p !== el; p = p.parentElement) if (marked(p)) return false;
    return true;
  }).filter(shown);
  const sticky = el => /^H[1-6]$/.test(el.tagName)
    || (el.innerText.trim().endsWith(':') && el.innerText.trim().length < 400);
  // greedy: the units (element, box, repeated header's height) that start a new part when each part may be
  // ``room`` px tall; a heading or a line ending in ':' moves to the next part with what follows it
  const pack = (units, room) => {
    const cuts = [];
    let first = 0;
    for (let i = 1; i < units.length; i++) {
      const b = units[i][1];
      if (b.bottom - units[first][1].top + units[first][2] <= room) continue;
      const keep = i - 1 > first && sticky(units[i - 1][0]) && b.bottom - units[i - 1][1].top <= room;
      const cut = keep ? i - 1 : i;
      cuts.push(cut);
      first = cut;
    }
    return cuts;
  };
  const splits = [], oversize = [];
  const leaves = [...document.querySelectorAll('.reveal .slides section')]
    .filter(s => !s.querySelector('section'));
  leaves.forEach((s, number) => {
    const at = Reveal.getIndices(s);
    Reveal.slide(at.h, at.v, 999);
    s.scrollTop = 0;
    const style = getComputedStyle(s);
    const room = s.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - slack;
    const units = [];
    const expand = el => {
      const b = box(el), kids = inner(el);
      if (b.h > room && kids.length > 0) kids.forEach(expand);
      else if (b.h > 0) {
        // a part that starts at a table row repeats the table's header: count it
        const head = el.tagName === 'TR' && el.closest('table').tHead;
        units.push([el, b, head ? box(head).h : 0]);
        const cell = el.closest('.jp-Cell');
        if (b.h > room) oversize.push([number + 1, Math.round(b.h - room), cell ? cell.id : el.tagName]);
      }
    };
    [...s.children].filter(c => marked(c) && shown(c)).forEach(expand);
    let cuts = pack(units, room);
    if (cuts.length) {  // balance the parts: the smallest room that needs no more parts
      let low = 0, high = room;
      for (let k = 0; k < 14; k++) {
        const mid = (low + high) / 2;
        if (pack(units, mid).length <= cuts.length) high = mid; else low = mid;
      }
      cuts = pack(units, high);
    }
    cuts.forEach(i => splits.push(+units[i][0].getAttribute(MARK)));
  });
  return {splits: splits, oversize: oversize};
}
""".replace("%MARK%", FIT_MARK)


def _leaf_sections(soup: Any) -> list[Any]:
    slides = soup.select_one("div.reveal > div.slides")
    if slides is None:
        raise BuildError("the exported deck has no div.reveal > div.slides: check templates/facet_slides")
    return [s for s in slides.find_all("section") if s.find("section") is None]


def _classes(el: Any) -> list[str]:
    return el.get("class") or []


#: Classes of what is never split across slides: an explorer's twin (its controls switch its picture) and a
#: self-check question (its options and feedback).
KEEP_WHOLE = ("facet-explorer-twin", "facet-selfcheck-question")


def _container(el: Any) -> bool:
    """A rendered text output, or a plain wrapper inside one (a leaflet's parts): its children are blocks.
    Never an explorer or a self-check question, or anything inside one (:data:`KEEP_WHOLE`)."""
    if el is None:
        return False
    if set(KEEP_WHOLE) & set(_classes(el)) or el.find_parent(class_=list(KEEP_WHOLE)) is not None:
        return False
    if {"jp-RenderedHTMLCommon", "jp-RenderedText"} & set(_classes(el)):
        return True
    return (
        el.name in ("div", "section", "article")
        and el.has_attr(FIT_MARK)
        and el.find_parent(class_="jp-RenderedHTMLCommon") is not None
    )


def _is_block(el: Any, section: Any) -> bool:
    """A place a slide may be split before: a cell (or fragment) of the slide, one of a cell's outputs, a
    top-level block of a rendered text output (paragraph, list, table, heading, printed paragraph, a
    wrapper's children), a list item or a table row."""
    parent = el.parent
    if el.name in ("style", "script") or parent is None:
        return False
    if parent is section or ("fragment" in _classes(parent) and parent.parent is section):
        return el.name != "aside"
    if _container(parent) or "jp-OutputArea" in _classes(parent):  # or one output of a cell's several
        return True
    if el.name == "li" and parent.name in ("ul", "ol"):
        return _container(parent.parent)
    if el.name == "tr" and parent.name == "tbody" and parent.parent is not None:
        return parent.parent.name == "table" and _container(parent.parent.parent)
    return False


def _printed_paragraphs(text: str) -> list[str]:
    """The paragraphs of printed text, each on one line (the slide wraps them to its width): the lesson's
    `say` wrapped them for JupyterLab, and core/text.py `unsay` puts them back together exactly."""
    from facet_course.core.text import unsay

    return [indent + ("- " if bullet else "") + words for indent, bullet, words in unsay(text)]


def _split_printouts(soup: Any, section: Any) -> None:
    """Printed text (a stream output's one <pre>) becomes one <pre> per paragraph, so it can be split, each
    wrapping at the slide's width rather than at the notebook's."""
    for pre in section.select("div.jp-RenderedText > pre"):
        if pre.find(True) is not None:  # coloured output (spans): leave whole
            continue
        for text in _printed_paragraphs(pre.get_text()):
            piece = soup.new_tag("pre")
            piece.string = text
            pre.insert_before(piece)
        pre.decompose()


def mark_blocks(soup: Any) -> int:
    """Mark every block a slide may be split before with FIT_MARK; returns how many."""
    count = 0
    for section in _leaf_sections(soup):
        _split_printouts(soup, section)
        for el in section.find_all(True):
            if _is_block(el, section):
                el[FIT_MARK] = str(count)
                count += 1
    return count


def _shallow_copy(soup: Any, el: Any) -> Any:
    """``el`` without its children, id or fragment class: the continuation of ``el`` on the next part."""
    attrs = {k: v for k, v in el.attrs.items() if k not in ("id", FIT_MARK)}
    if "class" in attrs:
        attrs["class"] = [c for c in attrs["class"] if c not in ("fragment", "visible")]
    copy = soup.new_tag(el.name, attrs=attrs)
    if el.name == "table" and el.thead is not None:
        copy.append(_copy.copy(el.thead))  # a continued table repeats its header
    return copy


def split_before(soup: Any, node: Any, section: Any) -> Any:
    """Split ``section`` before ``node``: ``node``, everything after it and copies of its ancestors move to a
    new sub-slide right after ``section``; speaker notes stay on the first part. Returns the new section."""
    if "fragment" in _classes(node):
        node["class"] = [c for c in _classes(node) if c != "fragment"]  # a part never opens on a blank step
    current = node
    while True:
        parent = current.parent
        following = [current, *current.find_next_siblings()]
        if parent is section:
            part = _shallow_copy(soup, section)
            part["class"] = [*_classes(part), "facet-continued"]  # no notes or title of its own needed
            for el in following:
                part.append(el.extract())
            section.insert_after(part)
            for notes in part.select("aside.notes"):
                section.append(notes.extract())
            return part
        copy = _shallow_copy(soup, parent)
        if parent.name == "ol":  # numbering continues from the items that stay
            copy["start"] = str(int(parent.get("start", 1)) + len(current.find_previous_siblings("li")))
        for el in following:
            copy.append(el.extract())
        parent.insert_after(copy)
        current = copy


@dataclass
class Fit:
    """What fitting a deck did: splits made, slides in the end, blocks that cannot fit even alone."""

    splits: int = 0
    slides: int = 0
    oversize: list[tuple[int, int, str]] = field(default_factory=list)
    seconds: float = 0.0


def fit_deck(body: str, scratch: Path, chromium: Chromium) -> tuple[str, Fit]:
    """The deck with every over-tall slide split into sub-slides (see the module docstring)."""
    from bs4 import BeautifulSoup

    start = time.perf_counter()
    soup = BeautifulSoup(body, "html.parser")
    mark_blocks(soup)
    fit = Fit()
    if chromium.available():
        write_atomic(scratch, str(soup))
        page = chromium.page(scratch.as_uri(), (WIDTH, HEIGHT), REVEAL_READY_JS)
        try:
            plan = page.evaluate(PLAN_JS, 12)
        finally:
            page.context.close()
            scratch.unlink(missing_ok=True)
        marks = {el[FIT_MARK]: el for el in soup.find_all(attrs={FIT_MARK: True})}
        for mark in reversed(plan["splits"]):
            node = marks[str(mark)]
            if node.name == "tr" and node.find_previous_sibling("tr") is None:
                node = node.find_parent("table")  # a table's header goes with its first row
            section = next(p for p in node.parents if p.name == "section")
            split_before(soup, node, section)
        fit.splits = len(plan["splits"])
        fit.oversize = [tuple(o) for o in plan["oversize"]]
    for el in soup.find_all(attrs={FIT_MARK: True}):
        del el[FIT_MARK]
    fit.slides = len(_leaf_sections(soup))
    meta = soup.new_tag("meta", attrs={"name": COUNT_META, "content": str(fit.slides)})
    soup.head.insert(0, meta)
    fit.seconds = time.perf_counter() - start
    return str(soup), fit


def slides_exporter():
    from nbconvert import SlidesExporter

    config = Config()
    config.SlidesExporter.template_name = "facet_slides"
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.SlidesExporter.extra_template_paths = [str(TEMPLATES)]
    config.SlidesExporter.exclude_input = True
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    config.SlidesExporter.embed_images = True
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.reveal_transition = "none"  # instant: nothing moves while the instructor talks
    config.SlidesExporter.reveal_number = "c/t"
    config.SlidesExporter.reveal_width = str(WIDTH)
    config.SlidesExporter.reveal_height = str(HEIGHT)
    return SlidesExporter(config=config)


def slides_path(path: Path) -> Path:
    return SLIDES / f"{path.stem}.slides.html"


def deck_key(path: Path, run_key: str | None = None) -> str:
    templates = [*(TEMPLATES / "facet_slides").glob("*"), *(TEMPLATES / "facet_common").glob("*")]
    return output_key(
        path, "slides", [Path(__file__), *templates], run_key or handouts.execution_key(path, present=True)
    )


def deck_up_to_date(path: Path) -> bool:
    return handouts.built_key(slides_path(path)) == deck_key(path)


@dataclass
class DeckBuilt(Built):
    """A deck's progress line also says how it was fitted and printed."""

    fit: Fit | None = None
    pdf_seconds: float = 0.0

    def line(self) -> str:
        line = super().line()
        if self.rebuilt and self.fit is not None:
            line += (
                f"\n    {self.fit.slides} slides ({self.fit.splits} split to fit {WIDTH}x{HEIGHT}, "
                f"{self.fit.seconds:.1f} s)"
                + (f"; pdf {self.pdf_seconds:.1f} s" if self.pdf_seconds else "; no pdf (no Chromium)")
            )
            for number, over, what in self.fit.oversize:
                line += (
                    f"\n    WARNING: unsplit slide {number}: {what} is taller than the slide by {over} px"
                    " (an explorer or figure: the slide template's CSS sizes it)"
                )
        return line


#: The browser a build shares between its decks (started on first use, closed by build_all).
_CHROMIUM = Chromium()


def pdf_path(path: Path) -> Path:
    return SLIDES / f"{path.stem}.pdf"


def print_pdf(deck: Path, out: Path, chromium: Chromium) -> float:
    """Print a deck to PDF through reveal's print mode (``?print-pdf``): one 16:9 page per slide, all
    fragments shown, widgets as drawn. Returns the seconds taken."""
    start = time.perf_counter()
    page = chromium.page(deck.as_uri() + "?print-pdf", (WIDTH, HEIGHT), REVEAL_READY_JS)
    try:
        partial = out.with_name(f".{out.name}.tmp")
        page.pdf(path=str(partial), prefer_css_page_size=True, print_background=True)
        partial.replace(out)
    finally:
        page.context.close()
    return time.perf_counter() - start


def build_deck(path: Path, force: bool = False) -> Built:
    """Build build/slides/<name>.slides.html (fitted to the slide) and its PDF, unless up to date."""
    out = slides_path(path)
    key = deck_key(path)
    if not force and handouts.built_key(out) == key:
        return Built(out, 0.0, 0.0, False)
    nb, ran = executed_notebook(path, force=force, present=True)  # figures drawn for the slide
    start = time.perf_counter()
    key = deck_key(path, handouts.run_key(nb))
    resources = offline_resources(nb, path, key)
    resources["offline"]["reveal_js"] = handouts.inline_script(handouts._read_bundle("reveal"))
    resources["offline"]["reveal_notes_js"] = handouts.inline_script(handouts._read_bundle("reveal_notes"))
    resources["offline"]["reveal_css"] = reveal_css()
    try:
        body, _ = slides_exporter().from_notebook_node(compact_widget_state(nb), resources=resources)
    except ValueError as error:  # e.g. "All cells are hidden, cannot create slideshow"
        raise BuildError(f"{path.name}: {error}") from error
    body = handouts.link_notebooks_to(body, ".slides.html")
    body, fit = fit_deck(body, out.with_name(f".{out.stem}.fit.html"), _CHROMIUM)
    write_atomic(out, body)
    pdf_seconds = print_pdf(out, pdf_path(path), _CHROMIUM) if _CHROMIUM.available() else 0.0
    return DeckBuilt(
        out,
        time.perf_counter() - start,
        ran,
        True,
        handouts.missing_alt(body),
        handouts.run_seconds(nb),
        fit=fit,
        pdf_seconds=pdf_seconds,
    )


def slide_count(deck: Path) -> int | None:
    """The number of slides a built deck has (its COUNT_META tag), or None."""
    if not deck.is_file():
        return None
    with deck.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096)
    tag = re.search(rf'<meta[^>]*name="{COUNT_META}"[^>]*>', head)
    found = re.search(r'content="(\d+)"', tag.group(0)) if tag else None
    return int(found.group(1)) if found else None


def write_slides_index(folder: Path) -> Path:
    """build/slides/index.html: every deck with its title, number of slides, the time its notebook states and
    its PDF (the course map of build/handouts/index.html, from the same notebook headers and style)."""
    from facet_course.core.course import course_map

    entries = course_map(folder)
    rows = []
    for info in entries:
        stem = Path(info.filename).stem
        deck, pdf = SLIDES / f"{stem}.slides.html", SLIDES / f"{stem}.pdf"
        title = html.escape(info.title)
        count = slide_count(deck)
        link = f'<a href="{deck.name}">{title}</a>' if count is not None else f"{title} (not built)"
        slides = f"{count} slides" if count is not None else ""
        printed = f'<a class="other" href="{pdf.name}">PDF</a>' if pdf.is_file() else ""
        rows.append(
            f'<li>{link}<span class="time">{info.minutes} min</span><span class="time">{slides}</span>'
            f"{printed}</li>"
        )
    total = sum(i.minutes for i in entries)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Facet Joint Injection Teaching Notebooks: slides</title>
<style>{INDEX_CSS}</style></head>
<body><main>
<h1>Facet Joint Injection Teaching Notebooks: slides</h1>
<p class="lead">One offline deck per notebook (reveal.js, 16:9, opens from disk with no network). Arrow keys
move through the deck; press S for the speaker notes, F for full screen. Each deck also comes as a PDF, one
page per slide. Handouts for students: <a href="../handouts/index.html">course map</a>.</p>
<ol class="course">{"".join(rows)}</ol>
<p>{len(entries)} decks, about {total} min in all (the time each notebook states).</p>
<footer>Built from the notebooks in the course repository (<code>make slides</code>).</footer>
</main></body></html>
"""
    out = SLIDES / "index.html"
    write_atomic(out, page)
    return out


def build_all(paths: list[Path], force: bool = False) -> int:
    """Build decks for ``paths`` with one progress line each; returns the number of failures."""
    if not paths:
        print("no notebooks (NN_name.ipynb) to build")
        return 0
    if not _CHROMIUM.available():
        print(f"WARNING: {CHROMIUM} is missing (`make chromium`): slides are not fitted to the slide, no PDF")
    with handouts.build_lock():
        try:
            failures, seconds = handouts.run_builds(
                paths, build_deck, deck_up_to_date, SLIDES, force=force, present=True
            )
        finally:
            _CHROMIUM.close()
        index = write_slides_index(paths[0].parent)
        if (handouts.HANDOUTS / "index.html").is_file():
            write_index(paths[0].parent)  # the course map links the decks that now exist
    print(f"slides: {index.relative_to(ROOT)}  (total {seconds:.1f} s)")
    return failures


def main(argv: list[str]) -> int:
    force = "--force" in argv
    paths = [Path(a).resolve() for a in argv if a != "--force"] or course_notebooks()
    try:
        return 1 if build_all(paths, force=force) else 0
    except BuildError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
