"""Offline HTML handouts, opened from disk in headless Chromium with every request recorded.

For every notebook in notebooks/ (no per-notebook code) the handout built by ``make handouts``
(scripts/handouts.py; built here when missing or out of date) must:

* load with no request other than file: and data:, no failed request, no console error or page error;
* need no widget runtime (its explorers and self-checks are plain HTML with native controls: no require.js or
  embed-amd.js written or loaded), show no "Error displaying widget", decode every image, and give every
  image alt text (a twin's frame: its base picture);
* typeset its math when it has any (MathJax is loaded only then);
* load scripts only from the folder's shared ``vendor/`` (one copy of each bundle for every handout), and
  work the same from a copy of the folder somewhere else (a USB stick);
* be at most 5 MB, and the whole folder (handouts, PDFs, vendor/, course map, search index, leaflets) at most
  20 MB (issue 16);
* pass axe-core with no serious or critical violation;
* let a reader explore with no kernel: moving the first control of every kernel-free explorer
  (``.facet-explorer-twin``) with the mouse or keyboard changes the picture or readout shown, and every
  control has a name; picking a self-check answer shows feedback;
* print an explorer as one whole frame with its settings written out (no slider tracks on paper).

Screenshots go to build/screenshots/handout-*.png.
"""

from __future__ import annotations

import html
import re
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
from browser import (
    axe_violations,
    control_count,
    error_texts,
    image_problems,
    load_script,
    math_problems,
    move_control,
    move_first_control,
    open_logged,
    screenshot,
    self_check_problems,
    shown,
    visible_state,
    wait_changed,
    wait_for_widgets,
)
from figure_hygiene import data_uri_bytes, same_picture

handouts = load_script("handouts")
NOTEBOOKS = handouts.course_notebooks()
IDS = [p.stem for p in NOTEBOOKS]


def _open(browser: Any, path: Path) -> tuple[Any, Any, dict[str, int]]:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make handouts`")
    page, log = open_logged(browser, path.as_uri())
    counts = wait_for_widgets(page)
    return page, log, counts


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_handout_is_offline_and_complete(handouts_built: Path, browser: Any, notebook: Path) -> None:
    page, log, counts = _open(browser, handouts_built / f"{notebook.stem}.html")
    try:
        problems = []
        if counts["views"] != counts["rendered"]:
            problems.append(f"only {counts['rendered']} of {counts['views']} widgets were rendered")
        n_images, found = image_problems(page)
        problems += found
        problems += error_texts(page)
        problems += math_problems(page, handouts.has_raw_math)
        screenshot(page, f"handout-{notebook.stem}", full_page=True)
        problems += log.problems()
        assert not problems, f"{notebook.stem}.html ({n_images} images):\n  " + "\n  ".join(problems)
        sources = page.evaluate(
            "() => [...document.querySelectorAll('script[src], link[href]')]"
            ".map(e => e.getAttribute('src') || e.getAttribute('href'))"
        )
        outside = [src for src in sources if not src.startswith(f"{handouts.SHARED_DIR}/")]
        assert not outside, f"a handout loads only the shared bundles in {handouts.SHARED_DIR}/: {outside}"
    finally:
        page.context.close()


LINKS_JS = """
() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
  .filter(h => !/^(https?:|mailto:|#|data:)/.test(h))
"""


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_handout_links_to_other_notebooks_open_offline(
    handouts_built: Path, browser: Any, notebook: Path
) -> None:
    """A link to another notebook points at its handout beside this one (there is no .ipynb offline), and
    every local link resolves to a file in the folder (or the slides folder beside it)."""
    page, _, _ = _open(browser, handouts_built / f"{notebook.stem}.html")
    try:
        local = page.evaluate(LINKS_JS)
    finally:
        page.context.close()
    broken = [h for h in local if not (handouts_built / h.partition("#")[0]).resolve().is_file()]
    assert not broken, f"{notebook.stem}.html links to files that are not in the handouts folder: {broken}"


def test_handouts_folder_works_when_copied_elsewhere(
    handouts_built: Path, browser: Any, tmp_path: Path
) -> None:
    """The folder is what a student copies (a USB stick): opened from the copy, a handout loads only files
    from the copy, draws every explorer and its explorers still switch frames."""
    copy = tmp_path / "usb stick" / "handouts"
    shutil.copytree(handouts_built, copy)
    with_explorers = [
        n for n in NOTEBOOKS if "facet-explorer-twin" in (handouts_built / f"{n.stem}.html").read_text()
    ]
    assert with_explorers, "no handout has explorers"
    page, log, counts = _open(browser, copy / f"{with_explorers[0].stem}.html")
    try:
        assert counts["switches"] and counts["views"] == counts["rendered"], counts
        elsewhere = [url for url in log.requests if url.startswith("file:") and copy.as_uri() not in url]
        assert not elsewhere, f"files loaded from outside the copied folder: {elsewhere}"
        assert not log.problems(), log.problems()
        twin = page.locator(".facet-explorer-twin").first
        if twin.count():
            before = visible_state(twin)
            move_first_control(page, twin)
            assert wait_changed(twin, before) != before, "an explorer did not change in the copied folder"
    finally:
        page.context.close()


#: On paper an explorer's question, settings and picture stay on one page (each part whole, and no page break
#: after the question or a setting); only the readout under the picture may go on over the page.
KEPT_TOGETHER_JS = """el => {
  const parts = [...el.children].filter(c => !c.classList.contains('facet-frame'))
    .map(c => [c.className || c.tagName, [getComputedStyle(c).breakInside, getComputedStyle(c).breakAfter]]);
  const picture = [...el.querySelectorAll('.facet-picture, img.facet-print-frame')]
    .filter(p => p.getClientRects().length)
    .map(p => ['picture', [getComputedStyle(p).breakInside]]);
  return [...parts, ...picture];
}"""


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_handout_explorers_and_self_checks_work_without_a_kernel(
    handouts_built: Path, browser: Any, notebook: Path
) -> None:
    page, log, _ = _open(browser, handouts_built / f"{notebook.stem}.html")
    try:
        problems = []
        twins = page.locator(".facet-explorer-twin")
        for index in range(twins.count()):
            twin = twins.nth(index)
            twin.scroll_into_view_if_needed()
            name = f"explorer {index} ({twin.locator('.facet-question').first.inner_text()[:60]!r})"
            before = visible_state(twin)
            if before["images"] != 1:
                problems.append(f"{name} shows {before['images']} images instead of one frame")
            screenshot(page, f"handout-{notebook.stem}-explorer{index}-before", element=twin)
            try:
                action = move_first_control(page, twin)
            except AssertionError as error:
                problems.append(f"{name}: its first control cannot be moved: {error}")
                continue
            after = wait_changed(twin, before)
            screenshot(page, f"handout-{notebook.stem}-explorer{index}-after", element=twin)
            if shown(after) == shown(before):
                problems.append(f"{name}: {action} did not change the figure or readout")
            elif after["images"] != 1:
                problems.append(f"{name}: after {action} it shows {after['images']} images")
            for other in range(1, control_count(twin)):  # the other controls: reported, not failed
                before = after
                try:
                    action = move_control(page, twin, other)
                except AssertionError as error:
                    warnings.warn(f"{notebook.stem}: {name}: control {other + 1}: {error}", stacklevel=1)
                    continue
                after = wait_changed(twin, before, seconds=1.5)
                if shown(after) == shown(before):
                    warnings.warn(f"{notebook.stem}: {name}: {action} changed nothing shown", stacklevel=1)
        problems += self_check_problems(page, f"handout-{notebook.stem}-selfcheck")
        # on paper: each explorer prints as one whole frame, its settings written out, no slider tracks
        page.emulate_media(media="print")
        for index in range(twins.count()):
            twin = twins.nth(index)
            if visible_state(twin)["images"] != 1:
                problems.append(f"explorer {index} does not print exactly one frame")
            ranges = twin.locator("input[type=range]")
            if any(ranges.nth(n).is_visible() for n in range(ranges.count())):
                problems.append(f"explorer {index} prints a slider track")
            unchosen = twin.locator("label.facet-option:has(input:not(:checked))")
            if any(unchosen.nth(n).is_visible() for n in range(unchosen.count())):
                problems.append(f"explorer {index} prints options that are not chosen")
            for part, rules in twin.evaluate(KEPT_TOGETHER_JS):
                if any(rule != "avoid" for rule in rules):
                    problems.append(f"explorer {index}: its {part} may be parted from its picture ({rules})")
        screenshot(page, f"handout-{notebook.stem}-print", full_page=True)
        problems += log.problems()
        assert not problems, f"{notebook.stem}.html:\n  " + "\n  ".join(problems)
    finally:
        page.context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_handout_passes_axe(handouts_built: Path, browser: Any, notebook: Path) -> None:
    """axe-core finds no serious or critical accessibility violation once the widgets are drawn."""
    page, _, _ = _open(browser, handouts_built / f"{notebook.stem}.html")
    try:
        page.wait_for_timeout(200)  # the slider names are set just after the widgets appear
        found = axe_violations(page)
    finally:
        page.context.close()
    assert not found, f"{notebook.stem}.html (templates/facet_common/access.j2):\n  " + "\n  ".join(found)


def test_course_map_passes_axe(handouts_built: Path, browser: Any) -> None:
    page, _, _ = _open(browser, handouts_built / "index.html")
    try:
        found = axe_violations(page)
    finally:
        page.context.close()
    assert not found, "index.html:\n  " + "\n  ".join(found)


def test_course_map_links_every_handout(handouts_built: Path, browser: Any) -> None:
    index = handouts_built / "index.html"
    page, log, _ = _open(browser, index)
    try:
        links = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
        for notebook in NOTEBOOKS:
            assert f"{notebook.stem}.html" in links, f"index.html does not link {notebook.stem}.html"
        for href in links:
            assert (handouts_built / href).resolve().is_file(), (
                f"index.html links {href}, which does not exist"
            )
        screenshot(page, "handout-index", full_page=True)
        assert not log.problems(), log.problems()
    finally:
        page.context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_speaker_notes_stay_out_of_the_handout(handouts_built: Path, notebook: Path) -> None:
    # Issue 15: 01's speaker notes leaked into the student handout as "Speaker notes. ...".
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    notes = [
        "".join(c.source).split("\n")[0].strip()
        for c in nb.cells
        if c.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes"
    ]
    page = (handouts_built / f"{notebook.stem}.html").read_text(encoding="utf-8")
    leaked = [n for n in notes if len(n) > 30 and html_text(n) in page]
    assert not leaked, f"{notebook.stem}.html shows speaker notes: {leaked[:2]}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_every_handout_is_at_most_5_mb(handouts_built: Path, notebook: Path) -> None:
    # Issue 16: "every handout at most 5 MB" (03 was 5.05 MB; its static figures are now palette PNGs).
    size = (handouts_built / f"{notebook.stem}.html").stat().st_size
    assert size <= handouts.MAX_HANDOUT_BYTES, f"{notebook.stem}.html is {size / 1e6:.2f} MB (at most 5 MB)"


def test_the_handouts_folder_is_at_most_20_mb(handouts_built: Path) -> None:
    # Issue 16: "the whole folder at most 20 MB" (41 MB before the twins became plain HTML): every handout,
    # its PDF, vendor/, the course map, the search index and the leaflets.
    files = [f for f in handouts_built.rglob("*") if f.is_file() and not f.name.startswith(".")]
    total = sum(f.stat().st_size for f in files)
    biggest = sorted(files, key=lambda f: f.stat().st_size, reverse=True)[:5]
    listed = ", ".join(f"{f.relative_to(handouts_built)} {f.stat().st_size / 1e6:.1f} MB" for f in biggest)
    assert any(f.suffix == ".pdf" for f in files) and (handouts_built / "index.html").is_file(), (
        "the folder is not built"
    )
    assert total <= handouts.MAX_FOLDER_BYTES, (
        f"build/handouts is {total / 1e6:.1f} MB (at most 20 MB): {listed}"
    )


#: The ipywidgets runtime the handouts needed before their explorers and self-checks were plain HTML.
WIDGET_RUNTIME = ("embed-amd.js", "require.js")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_no_handout_needs_the_widget_runtime(handouts_built: Path, notebook: Path) -> None:
    """Explorers and self-checks are plain HTML: no handout loads the widget manager or require.js, stores
    widget state or shows a widget view, and the folder's vendor/ holds neither file."""
    page = (handouts_built / f"{notebook.stem}.html").read_text(encoding="utf-8")
    loaded = [name for name in WIDGET_RUNTIME if name in page]
    assert not loaded, f"{notebook.stem}.html loads {loaded}"
    for mime in ("application/vnd.jupyter.widget-state+json", "application/vnd.jupyter.widget-view+json"):
        assert mime not in page, f"{notebook.stem}.html still holds ipywidgets ({mime})"
    written = [name for name in WIDGET_RUNTIME if (handouts_built / handouts.SHARED_DIR / name).exists()]
    assert not written, f"{handouts.SHARED_DIR}/ still holds {written}"


def html_text(markdown_line: str) -> str:
    """A stretch of a markdown line that survives rendering unchanged (no markup characters)."""
    import re

    words = re.split(r"[*_`\[\]()#>&<\"']", markdown_line)
    return max(words, key=len).strip()


def pdf_pages(pdf: Path) -> int:
    """Number of pages of a Chromium-printed PDF (its page objects are written uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_handout_is_printed_to_pdf(handouts_built: Path, notebook: Path) -> None:
    """`make handouts` prints each handout to an A4 PDF, newer than its HTML, with pages."""
    pdf, page = handouts.handout_pdf_path(notebook), handouts_built / f"{notebook.stem}.html"
    assert pdf.is_file(), f"{pdf.name} is missing: `make handouts` prints every handout"
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf_pages(pdf) >= 1, f"{pdf.name} is not a PDF with pages"
    assert pdf.stat().st_mtime >= page.stat().st_mtime, f"{pdf.name} is older than {page.name}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_printed_answer_key_lists_every_question_with_its_answer(notebook: Path) -> None:
    """The key that ends a study handout's PDF: every self-check question in the handout's own order, its
    correct option (or number) marked, and a source."""
    from scripts.key import answers_html, groups

    page = answers_html(notebook)
    questions = [q for _, qs in groups(notebook) for q in qs]
    assert questions, f"{notebook.stem}: no self-check questions found"
    for q in questions:
        assert html.escape(q.prompt) in page, f"{notebook.stem}: {q.prompt!r} missing from the answer key"
    assert page.count('class="answer"') + page.count("class=answer") == len(questions)
    assert page.count('class="src"') == len(questions)
    assert "Speaker notes" not in page, "the student's key has no instructor slots"


def test_course_map_search_finds_a_section_offline(handouts_built: Path, browser: Any) -> None:
    """The course map's search box (MiniSearch, from vendor/) finds a heading's words in the handouts with no
    network, and each hit links to a built handout's section."""
    documents = handouts.search_documents(sorted(handouts_built.glob("[0-9][0-9]_*.html")))
    target = next(d for d in documents if "#" in d["href"] and len(d["section"].split()) >= 3)
    query = " ".join(target["section"].split()[-3:])
    page, log, _ = _open(browser, handouts_built / "index.html")
    try:
        page.fill("#search", query)
        page.wait_for_timeout(300)
        hits = page.evaluate(
            "() => [...document.querySelectorAll('#results a')].map(a => a.getAttribute('href'))"
        )
        screenshot(page, "handout-index-search")
        assert target["href"] in hits, f"searching {query!r} did not find {target['href']}: {hits}"
        for href in hits:
            name = href.partition("#")[0]
            assert (handouts_built / name).is_file(), f"a hit links to {name}, which is not built"
        page.fill("#search", "zzqxj")
        page.wait_for_timeout(200)
        assert "Nothing found" in page.inner_text("#search-status")
        assert not log.problems(), log.problems()
    finally:
        page.context.close()


#: Each static figure and the first frame of the explorer right after it (no other output between), as the
#: reader meets them: [figure src, frame src, figure alt, frame alt].
#: Each explorer's opening picture (on screen, and the frame it prints) with every static figure of its own
#: section (a reader sees them a page or two apart at most).
FIGURE_THEN_EXPLORER_JS = r"""() => {
  const pairs = [];
  let section = [];
  for (const cell of document.querySelectorAll('.jp-Cell')) {
    if (cell.querySelector('h2')) section = [];
    for (const twin of cell.querySelectorAll('.facet-explorer-twin')) {
      const opening = [...twin.querySelectorAll('img.facet-base, img.facet-print-frame')];
      for (const figure of section) {
        for (const frame of opening) pairs.push([figure.src, frame.src, figure.alt, frame.alt]);
      }
    }
    section.push(...cell.querySelectorAll('.jp-RenderedImage img'));
  }
  return pairs;
}"""


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_no_static_figure_is_repeated_by_the_next_explorer(
    handouts_built: Path, browser: Any, notebook: Path
) -> None:
    """An explorer opens (and prints) on a different picture from every static figure of its section: the
    reader sees something new."""
    page, _, _ = _open(browser, handouts.handout_path(notebook))
    try:
        pairs = page.evaluate(FIGURE_THEN_EXPLORER_JS)
    finally:
        page.context.close()
    repeats = [
        f"{figure_alt[:70]!r} is shown again as the first frame of the explorer after it ({frame_alt[:50]!r})"
        for figure, frame, figure_alt, frame_alt in pairs
        if same_picture(data_uri_bytes(figure), data_uri_bytes(frame))
    ]
    assert not repeats, "\n".join(repeats)


#: Everything a reader of a handout can see or hear (hidden twin frames, options and alt texts included),
#: without code, links (addresses) and scripts: where a data id such as ``clear_positive`` would show.
READER_TEXT_JS = """
() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('code, a, script, style, .jp-InputArea').forEach(e => e.remove());
  const alts = [...document.querySelectorAll('main img[alt]')].map(i => i.alt);
  return [main.textContent, ...alts].join('\\n');
}"""
#: A snake_case word that is not part of a file path (data/recovery_model_assumptions names a file to open).
RAW_ID = re.compile(r"(?<![/\w.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_no_raw_data_ids_in_what_the_reader_sees(handouts_built: Path, browser: Any, notebook: Path) -> None:
    """Tables, printed text, explorer options and alt texts use the clinicians' words ("intra-articular",
    "clear positive"), never a data id (``intra_articular``, ``clear_positive``); code and paths are
    exempt."""
    page, _, _ = _open(browser, handouts.handout_path(notebook))
    try:
        text = page.evaluate(READER_TEXT_JS)
    finally:
        page.context.close()
    found = sorted({m.group() for m in RAW_ID.finditer(text)})
    assert not found, f"{notebook.stem}.html shows data ids to the reader: {found}"
