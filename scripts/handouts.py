"""Build offline HTML handouts: one file per notebook and a course map (index.html), in one folder.

Usage: python scripts/handouts.py [--force] [notebooks/NN_name.ipynb ...]   (default: every notebook)

Each handout opens from disk (file://) with no network at all:

* the notebook is executed once in a fresh kernel with ``FACET_COURSE_STATIC=1`` (every Explorer renders its
  kernel-free twin and every self-check its static form, both plain HTML with native controls; see
  ``utils/core/twin.py``) and ``FACET_COURSE_PRESENT=handout`` (figures in the presentation style the slides
  use: larger type, the source note as a caption under the figure, which prints at 7 pt or more; static
  figures at 200 ppi for print, shown at a page's size on screen) and cached in
  ``build/executed/<name>.ipynb``, keyed by a hash of the notebook, ``utils/``, ``data/`` and the pinned
  requirements (the slides run it again, drawn for the slide: ``build/executed-slides``);
* figures, twins' frames and the small script that switches them (``templates/facet_common/switch.j2``) are
  inside each file; the only JavaScript bundles loaded from the handouts folder's shared ``vendor/``
  (written from ``vendor/node_modules``, installed with ``npm ci --prefix vendor`` when missing) are MathJax 3
  (SVG output, no font files) for a notebook with math and, for the course map, MiniSearch. The widget
  runtime (require.js and ``@jupyter-widgets/html-manager``) is written and loaded only for a notebook that
  still stores ipywidgets state (none of the course's do). The whole folder (copied anywhere, a USB stick)
  opens with no network; nbconvert's CDN mermaid loader is gone;
* inputs are hidden, every figure's ``<img>`` carries the alt text stored with it, and print CSS keeps
  figures whole and prints an explorer as the frame shown with its settings written out (no slider tracks);
* the style rules of JupyterLab that match nothing in the page are left out (``scripts/compact.py``:
  ``drop_unused_css``; about 250 kB a file, the page looks exactly the same).

The shared machinery (vendor bundles, executed-notebook cache, inlining) lives here and is reused by
``scripts/slides.py``. A handout is rebuilt only when its inputs change (``--force`` rebuilds anyway); one
progress line per notebook gives the seconds taken. Build times go to ``build/handouts/build-times.json``
(read by ``make bench``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent

from scripts.compact import compact_static_figures, compact_widget_state, drop_unused_css  # noqa: E402
from scripts.execute import execute, problems  # noqa: E402

BUILD = ROOT / "build"
#: The edition (``FACET_COURSE_EDITION``: study, the default, or exam: the same questions with no feedback,
#: answers or score anywhere in the file). The exam edition has its own run cache and handout folder.
EDITION = os.environ.get("FACET_COURSE_EDITION", "") or "study"
_SUFFIX = "" if EDITION == "study" else f"-{EDITION}"
EXECUTED = BUILD / f"executed{_SUFFIX}"
#: Runs for the slides: the same static mode with figures drawn for a slide (FACET_COURSE_PRESENT=slide; the
#: handouts' runs draw them for a handout: the same style at print resolution).
EXECUTED_SLIDES = BUILD / f"executed-slides{_SUFFIX}"
HANDOUTS = BUILD / f"handouts{_SUFFIX}"
#: Issue 16: a handout a student downloads or copies to a USB stick is at most 5 MB (bytes).
MAX_HANDOUT_BYTES = 5_000_000
#: Issue 16: the whole handouts folder (handouts, PDFs, vendor/, course map, search index, leaflets) (bytes).
MAX_FOLDER_BYTES = 20_000_000
SLIDES = BUILD / "slides"
TEMPLATES = ROOT / "templates"
VENDOR = ROOT / "vendor"
NODE_MODULES = VENDOR / "node_modules"

#: Files inside vendor/node_modules the builds inline.
BUNDLES: dict[str, str] = {
    "require": "requirejs/require.js",
    "widgets": "@jupyter-widgets/html-manager/dist/embed-amd.js",
    "mathjax": "mathjax/es5/tex-svg.js",
    "reveal": "reveal.js/dist/reveal.js",
    "reveal_notes": "reveal.js/plugin/notes/notes.js",
    "reveal_css": "reveal.js/dist/reveal.css",
    "reveal_theme": "reveal.js/dist/theme/white.css",
    "search": "minisearch/dist/umd/index.js",
}

#: Marker written into every built file so an unchanged notebook is not rebuilt.
KEY_META = "facet-build-key"


class BuildError(RuntimeError):
    """A notebook could not be turned into a handout or deck; the message says which and why."""


# -- where the notebooks are ----------------------------------------------------------------------------
def notebook_dir() -> Path:
    """notebooks/ (``FACET_NOTEBOOK_DIR`` points the builds and tests at another folder, for development)."""
    return Path(os.environ.get("FACET_NOTEBOOK_DIR", ROOT / "notebooks")).resolve()


def course_notebooks(folder: Path | None = None) -> list[Path]:
    """Every numbered notebook ``NN_name.ipynb``, in teaching order."""
    return sorted((folder or notebook_dir()).glob("[0-9][0-9]_*.ipynb"))


# -- vendor bundles -------------------------------------------------------------------------------------
def ensure_vendor() -> Path:
    """Install the pinned JavaScript bundles with ``npm ci --prefix vendor`` unless they are already there."""
    stamp = NODE_MODULES / ".package-lock.json"
    lock = VENDOR / "package-lock.json"
    missing = [rel for rel in BUNDLES.values() if not (NODE_MODULES / rel).is_file()]
    stale = stamp.is_file() and lock.stat().st_mtime > stamp.stat().st_mtime
    if missing or stale or not stamp.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise BuildError(
                "npm is missing: `make node` installs Node.js and npm (needed once, for vendor/)"
            )
        print("Installing offline JavaScript bundles: npm ci --prefix vendor ...", flush=True)
        command = [npm, "ci", "--prefix", str(VENDOR), "--ignore-scripts", "--no-audit", "--no-fund"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BuildError(
                f"`npm ci --prefix vendor` failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            )
        missing = [rel for rel in BUNDLES.values() if not (NODE_MODULES / rel).is_file()]
        if missing:
            raise BuildError(f"vendor/node_modules lacks {missing} after `npm ci`: check vendor/package.json")
    return NODE_MODULES


def _read_bundle(name: str) -> str:
    return (ensure_vendor() / BUNDLES[name]).read_text(encoding="utf-8")


def inline_script(js: str) -> str:
    """JavaScript made safe to sit inside ``<script>...</script>`` in an HTML file.

    Drops source-map comments (nothing to fetch) and breaks the two sequences that would end or confuse a
    script element (``</script`` and ``<!--``); both only occur inside string or regex literals, where the
    added backslash does not change the value.
    """
    js = re.sub(r"^//# sourceMappingURL=\S*\s*$", "", js, flags=re.MULTILINE)
    js = js.replace("</script", "<\\/script").replace("<!--", "<\\!--")
    return js


def widget_manager_js() -> str:
    """``embed-amd.js`` with its Font Awesome files turned into data: URIs (no file requests at all)."""
    dist = ensure_vendor() / "@jupyter-widgets/html-manager/dist"
    js = (dist / "embed-amd.js").read_text(encoding="utf-8")

    def font(match: re.Match[str]) -> str:
        name, ext = match.group(2), match.group(3)
        if ext == "woff2":  # every @font-face lists woff2 first; browsers never fetch the other formats
            data = base64.b64encode((dist / f"{name}.woff2").read_bytes()).decode("ascii")
            return f'"data:font/woff2;base64,{data}"'
        return '"data:,"'

    js = re.sub(r'\b([A-Za-z_$][\w$]*)\.p\+"([0-9a-f]{16,32})\.(woff2|woff|ttf|eot|svg)"', font, js)
    if re.search(r'\.p\+"[0-9a-f]{16,32}\.', js):
        raise BuildError(
            "embed-amd.js still refers to asset files after inlining: update widget_manager_js()"
        )
    return inline_script(js)


def mathjax_js() -> str:
    """MathJax 3 (tex-svg: no font files) plus a shim for the MathJax 2 call the widget manager makes."""
    config = """
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
        processEscapes: true, processEnvironments: true},
  svg: {fontCache: 'global'},
  options: {ignoreHtmlClass: 'tex2jax_ignore|jp-CodeMirrorEditor'},
  startup: {
    ready: function () {
      MathJax.startup.defaultReady();
      // @jupyter-widgets/html-manager still calls MathJax 2's MathJax.Hub.Queue(["Typeset", Hub, element])
      MathJax.Hub = {Queue: function (job) {
        var element = job && job[2];
        MathJax.startup.promise = MathJax.startup.promise.then(function () {
          return MathJax.typesetPromise(element ? [element] : undefined);
        });
      }};
    }
  }
};
"""
    return inline_script(config) + "\n</script>\n<script>\n" + inline_script(_read_bundle("mathjax"))


#: Folder, beside the handouts, that holds one copy of each JavaScript bundle they load.
SHARED_DIR = "vendor"


#: The shared bundles by name: (file name in vendor/, a function giving its text).
SHARED_FILES: dict[str, tuple[str, Callable[[], str]]] = {
    "mathjax": ("mathjax-tex-svg.js", lambda: "\n;\n".join(mathjax_js().split("\n</script>\n<script>\n", 1))),
    "require": ("require.js", lambda: inline_script(_read_bundle("require"))),
    "widgets": ("embed-amd.js", lambda: widget_manager_js()),
    "search": ("minisearch.js", lambda: inline_script(_read_bundle("search"))),
}


def write_shared_bundles(folder: Path, names: Iterable[str] = ("search",)) -> dict[str, str]:
    """Write the named JavaScript bundles once into ``folder/vendor/``; return {name: relative src}.

    A page loads them by relative path (``vendor/mathjax-tex-svg.js``), so the handouts folder works from any
    disk or USB stick with no network, and a bundle is not repeated in every file. Only the bundles some page
    needs are written (:func:`sync_shared_bundles` removes the others): ``search`` (MiniSearch, for the course
    map's search box) always, ``mathjax`` (config and MathJax 3 in one file) for a notebook with math, and
    ``require`` and ``widgets`` (the 4 MB ipywidgets manager) only for a notebook that still stores widgets:
    the course's explorers and self-checks are plain HTML in handouts (issue 16). A file is only rewritten
    when its content changed.
    """
    target = folder / SHARED_DIR
    target.mkdir(parents=True, exist_ok=True)
    sources = {}
    for name in names:
        filename, text_of = SHARED_FILES[name]
        path, text = target / filename, text_of()
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
        sources[name] = f"{SHARED_DIR}/{filename}"
    return sources


def sync_shared_bundles(folder: Path) -> list[str]:
    """Make ``folder/vendor/`` hold exactly the bundles the folder's pages load (and MiniSearch for the course
    map): missing ones are written, others (from an older build) removed. Returns the file names kept."""
    loaded: set[str] = set()
    for page in folder.glob("*.html"):
        loaded |= set(re.findall(rf'src="{SHARED_DIR}/([^"/]+)"', page.read_text(encoding="utf-8")))
    names = [
        "search",
        *(n for n, (filename, _) in SHARED_FILES.items() if filename in loaded and n != "search"),
    ]
    write_shared_bundles(folder, names)
    kept = [SHARED_FILES[n][0] for n in names]
    for path in (folder / SHARED_DIR).iterdir():
        if path.is_file() and path.name not in kept:
            path.unlink()
    return kept


def needed_bundles(nb: nbformat.NotebookNode) -> list[str]:
    """The shared bundles a handout of ``nb`` loads: MathJax for math, the widget runtime for widgets."""
    return [*(["mathjax"] if has_math(nb) else []), *(["require", "widgets"] if has_widgets(nb) else [])]


_MATH = re.compile(r"(?<![\\\w])\$[^$\n]+\$|\$\$|\\\(|\\\[|\\begin\{")


def has_raw_math(text: str) -> str | None:
    """The first TeX snippet in a text (what MathJax would typeset), or None."""
    found = _MATH.search(text)
    return found.group(0) if found else None


def has_math(nb: nbformat.NotebookNode) -> bool:
    """True when a markdown cell, or a markdown/LaTeX/HTML output, holds TeX for MathJax to typeset."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and _MATH.search(cell.source):
            return True
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/latex" in data:
                return True
            for mime in ("text/markdown", "text/html"):
                if mime in data and _MATH.search("".join(data[mime])):
                    return True
    return False


def has_widgets(nb: nbformat.NotebookNode) -> bool:
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return bool(state.get("state"))


# -- the executed-notebook cache ------------------------------------------------------------------------
def _hash_files(digest: hashlib._Hash, files: Iterable[Path]) -> None:
    for path in sorted(files):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")


def execution_key(path: Path, present: bool = False) -> str:
    """Hash of everything an executed notebook's outputs depend on: it, utils/, data/, the pinned stack (and
    whether its figures are drawn for slides)."""
    digest = hashlib.sha256()
    if EDITION != "study":
        digest.update(EDITION.encode())
    digest.update(b"slide" if present else b"handout")  # figures drawn for that medium
    _hash_files(digest, [path])
    _hash_files(digest, (ROOT / "utils").rglob("*.py"))
    _hash_files(digest, (ROOT / "data").rglob("*"))
    _hash_files(digest, [ROOT / "scripts" / "execute.py", ROOT / "requirements.lock"])
    return digest.hexdigest()[:20]


def output_key(path: Path, kind: str, extra: Iterable[Path], run_key: str | None = None) -> str:
    """Hash of an output's inputs: the execution key plus templates, build scripts and the npm lock file.

    ``run_key`` is the execution key of the run the output is made from (default: the current one).
    """
    digest = hashlib.sha256((run_key or execution_key(path)).encode() + kind.encode())
    scripts = [Path(__file__), Path(__file__).with_name("compact.py")]
    _hash_files(digest, [*scripts, VENDOR / "package-lock.json", *extra])
    return digest.hexdigest()[:20]


#: Executions done in this process (or by its worker processes) in this run: (path, for slides) -> seconds,
#: or the error.
_RUN: dict[tuple[Path, bool], float | BuildError] = {}


def _cache_dir(present: bool) -> Path:
    return EXECUTED_SLIDES if present else EXECUTED


def _cached_run(path: Path, key: str | None, present: bool = False) -> nbformat.NotebookNode | None:
    """The cached executed copy if it was made with execution key ``key`` (any key when None)."""
    cached = _cache_dir(present) / f"{path.stem}.ipynb"
    if cached.is_file():
        nb = nbformat.read(cached, as_version=4)
        if key is None or nb.metadata.get("facet_build", {}).get("key") == key:
            return nb
    return None


def run_seconds(nb: nbformat.NotebookNode) -> float:
    """How long the run that made an executed copy took (0 if not recorded)."""
    return float(nb.metadata["facet_build"].get("seconds", 0.0))


def run_key(nb: nbformat.NotebookNode) -> str:
    """The execution key an executed copy was made with."""
    return nb.metadata["facet_build"]["key"]


def executed_notebook(
    path: Path, force: bool = False, present: bool = False
) -> tuple[nbformat.NotebookNode, float]:
    """The notebook run top to bottom in static mode (kernel-free twins, widget state stored), cached;
    ``present``: with its figures drawn for slides (a separate run and cache, build/executed-slides).

    Returns the executed copy and the seconds spent executing it in this run (0 when an earlier run's copy
    was still valid). Raises BuildError when a cell errors or writes to stderr.
    """
    run = (path, present)
    done = _RUN.get(run)
    if isinstance(done, BuildError):
        raise done
    key = execution_key(path, present)
    if done is not None:
        # run in this build (maybe by a worker process): use it even if a source file changed since; the
        # output is stamped with the run's own key (run_key), so the next build sees it is stale
        nb = _cached_run(path, None, present)
    elif force:
        nb = None
    else:
        nb = _cached_run(path, key, present)
    if nb is not None:
        return nb, done or 0.0
    start = time.perf_counter()
    try:
        with kernel_log_filtered():
            nb = execute(path, static=True, present="slide" if present else "handout")
    except Exception as error:  # a cell that raises: nbclient's CellExecutionError, with the traceback
        _RUN[run] = BuildError(f"{path.name} failed in static mode:\n{error}")
        raise _RUN[run] from error
    seconds = time.perf_counter() - start
    found = problems(nb)
    if not found and not has_widgets(nb):
        if any(
            "application/vnd.jupyter.widget-view+json" in out.get("data", {})
            for cell in nb.cells
            for out in cell.get("outputs", [])
        ):
            found = ["widgets were displayed but no widget state was stored"]
    if found:
        _RUN[run] = BuildError(
            f"{path.name} failed in static mode ({seconds:.1f} s):\n  " + "\n  ".join(found)
        )
        raise _RUN[run]
    nb.metadata["facet_build"] = {"key": key, "seconds": round(seconds, 2)}
    _cache_dir(present).mkdir(parents=True, exist_ok=True)
    cached = _cache_dir(present) / f"{path.stem}.ipynb"
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    nbformat.write(nb, partial)
    os.replace(partial, cached)
    _RUN[run] = seconds
    return nb, seconds


#: Lines a kernel writes to its own stderr on every start that say nothing about the notebook.
KERNEL_NOISE = ("Kernel is running over TCP without encryption",)


@contextmanager
def kernel_log_filtered() -> Iterator[None]:
    """Pass the kernel's own log (its inherited stderr) through, minus the start-up noise in KERNEL_NOISE.

    Keeps the build at one progress line per notebook; anything else the kernel logs is still shown. Errors
    and warnings inside cells do not go this way: they are cell outputs, checked by ``problems()``.
    """
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            log.seek(0)
            for line in log.read().decode("utf-8", "replace").splitlines():
                if line.strip() and not any(noise in line for noise in KERNEL_NOISE):
                    print(line, file=sys.stderr)


def _execute_worker(path: str, force: bool, present: bool = False) -> float | str:
    """Worker-process entry: execute one notebook into the cache; seconds, or the error message."""
    try:
        return executed_notebook(Path(path), force=force, present=present)[1]
    except BuildError as error:
        return str(error)


def build_jobs() -> int:
    """Notebooks executed at once (``FACET_BUILD_JOBS``; default: the number of cores, at most 2)."""
    return max(1, int(os.environ.get("FACET_BUILD_JOBS", min(2, os.cpu_count() or 1))))


def execute_stale(paths: list[Path], force: bool = False, present: bool = False) -> None:
    """Run the notebooks whose cached run is missing or stale, several at once (one kernel per core).

    Each kernel is single-threaded, so on a 2-core machine two notebooks execute in about the time of one.
    Results land in the cache (and ``_RUN``); the build steps that follow only read them.
    """
    jobs = build_jobs()
    stale = [
        p
        for p in paths
        if (p, present) not in _RUN and (force or _cached_run(p, execution_key(p, present), present) is None)
    ]
    if jobs < 2 or len(stale) < 2:
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    print(f"executing {len(stale)} notebook(s) in static mode, {jobs} at a time ...", flush=True)
    context = multiprocessing.get_context("spawn")  # no fork: the caller may hold threads (pytest, browsers)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(_execute_worker, str(p), force, present): p for p in stale}
        for future in as_completed(futures):
            path = futures[future]
            result = future.result()
            _RUN[(path, present)] = BuildError(result) if isinstance(result, str) else result


def built_key(path: Path) -> str | None:
    """The build key stored in an output file's head, or None."""
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096)
    # nbconvert re-serialises the page (BeautifulSoup), which may reorder a tag's attributes
    tag = re.search(rf'<meta[^>]*name="{KEY_META}"[^>]*>', head)
    found = re.search(r'content="([0-9a-f]+)"', tag.group(0)) if tag else None
    return found.group(1) if found else None


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def title_of(path: Path) -> str:
    """The notebook's '# Title' (from the course map skeleton), or its file name."""
    from facet_course.core.course import CourseMapError, read_notebook_info

    try:
        return read_notebook_info(path).title
    except CourseMapError:
        return path.stem


def offline_resources(
    nb: nbformat.NotebookNode, path: Path, key: str, shared: dict[str, str] | None = None
) -> dict:
    """Template resources: which bundles to inline (a deck) or load from the shared folder (a handout, when
    ``shared`` gives their relative sources, see ``write_shared_bundles``), and the build key."""
    widgets = has_widgets(nb)
    math = has_math(nb)
    offline = {"key": key, "key_meta": KEY_META, "source": path.name}
    if shared is None:
        offline |= {
            "require_js": inline_script(_read_bundle("require")) if widgets else "",
            "widgets_js": widget_manager_js() if widgets else "",
            "mathjax_js": mathjax_js() if math else "",
        }
    else:
        offline |= {
            "require_src": shared.get("require", "") if widgets else "",
            "widgets_src": shared.get("widgets", "") if widgets else "",
            "mathjax_src": shared.get("mathjax", "") if math else "",
        }
    return {"metadata": {"name": title_of(path), "path": str(path.parent)}, "offline": offline}


def record_times(folder: Path, times: dict[str, float]) -> None:
    """Merge build seconds per output file into ``<folder>/build-times.json`` (read by ``make bench``)."""
    record = folder / "build-times.json"
    known = json.loads(record.read_text()) if record.is_file() else {}
    known.update(times)
    known = {name: s for name, s in sorted(known.items()) if (folder / name).is_file()}
    write_atomic(record, json.dumps(known, indent=1) + "\n")


# -- handouts -------------------------------------------------------------------------------------------
def handout_exporter():
    from nbconvert import HTMLExporter

    config = Config()
    config.HTMLExporter.template_name = "facet_handout"
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.extra_template_paths = [str(TEMPLATES)]
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True
    exporter = HTMLExporter(config=config)
    exporter.register_filter("facet_prose", said_html)
    return exporter


def said_html(printed: str) -> str:
    """Printed text (a lesson's `say`) as the prose it was: paragraphs and bullet lists that wrap to the
    page, on screen and on paper, instead of JupyterLab's fixed-width lines (core/text.py `unsay`)."""
    from facet_course.core.text import unsay

    parts: list[str] = []
    in_list = False
    for indent, bullet, text in unsay(printed):
        if bullet and not in_list:
            parts.append("<ul>")
        elif not bullet and in_list:
            parts.append("</ul>")
        in_list = bullet
        shift = f' style="margin-left:{len(indent) / 2:g}em"' if indent else ""
        parts.append(
            f"<li{shift}>{html.escape(text)}</li>" if bullet else f"<p{shift}>{html.escape(text)}</p>"
        )
    if in_list:
        parts.append("</ul>")
    return "".join(parts)


def handout_path(path: Path) -> Path:
    return HANDOUTS / f"{path.stem}.html"


@dataclass
class Built:
    """What one build step did, for the progress line."""

    output: Path
    seconds: float
    executed_seconds: float
    rebuilt: bool
    without_alt: int = 0
    run_seconds: float = 0.0  # how long the (possibly cached) run it was made from took

    def total(self) -> float:
        """Seconds to make this output: executing the notebook (unless cached) plus converting it."""
        return self.executed_seconds + self.seconds

    def from_scratch(self) -> float:
        """Seconds to make this output with no cached run: the run's time plus converting."""
        return (self.executed_seconds or self.run_seconds) + self.seconds

    def line(self) -> str:
        if not self.rebuilt:
            return f"up to date  {self.output.relative_to(ROOT)}"
        size = self.output.stat().st_size / 1e6
        run = f"run {self.executed_seconds:.1f} s" if self.executed_seconds else "cached run"
        line = (
            f"built  {self.output.relative_to(ROOT)}  {self.total():.1f} s "
            f"({run} + convert {self.seconds:.1f} s; {size:.1f} MB)"
        )
        if self.without_alt:
            line += (
                f"\n    WARNING: {self.without_alt} image(s) without alt text: show figures with "
                "facet_course.core.explore.show(fig, alt) (the handout tests fail on this)"
            )
        return line


#: What nbconvert writes into an <img> that has no alt text (the handout tests treat it as missing).
NBCONVERT_PLACEHOLDER_ALT = "No description has been provided for this image"


def missing_alt(page: str) -> int:
    """Images nbconvert had to give its placeholder alt text."""
    return page.count(f'alt="{NBCONVERT_PLACEHOLDER_ALT}"')


def handout_key(path: Path) -> str:
    return output_key(path, "handout", (TEMPLATES / "facet_handout").glob("*"))


def handout_up_to_date(path: Path) -> bool:
    return built_key(handout_path(path)) == handout_key(path)


def without_speaker_notes(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook without its speaker notes (cells whose slide type is 'notes'): they are for
    the instructor's slides and key, never for a student's handout."""
    copy = nbformat.from_dict(nb)
    copy.cells = [
        c for c in copy.cells if c.get("metadata", {}).get("slideshow", {}).get("slide_type") != "notes"
    ]
    return copy


#: A link from one notebook to another (``04_medication_choices.ipynb``, with an optional ``#anchor``), in
#: rendered HTML or escaped inside widget state (``href=\\"...\\"``).
_NOTEBOOK_LINK = re.compile(r'(href=\\?")(\d\d_[\w-]+)\.ipynb((?:#[^"\\]*)?\\?")')


def link_notebooks_to(body: str, suffix: str) -> str:
    """Point links between notebooks at the sibling built file (``.html`` for a handout, ``.slides.html`` for
    a deck): offline there is no .ipynb beside the page, and JupyterLab keeps its own links to notebooks."""
    return _NOTEBOOK_LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}{suffix}{m.group(3)}", body)


def build_handout(path: Path, force: bool = False) -> Built:
    """Build build/handouts/<name>.html from a notebook, unless it is up to date."""
    out = handout_path(path)
    key = handout_key(path)
    if not force and built_key(out) == key:
        return Built(out, 0.0, 0.0, False)
    nb, ran = executed_notebook(path, force=force)
    start = time.perf_counter()
    key = output_key(path, "handout", (TEMPLATES / "facet_handout").glob("*"), run_key(nb))
    shared = write_shared_bundles(out.parent, needed_bundles(nb))
    body, _ = handout_exporter().from_notebook_node(
        compact_static_figures(compact_widget_state(without_speaker_notes(nb))),
        resources=offline_resources(nb, path, key, shared),
    )
    if not has_math(nb):  # MathJax adds elements and classes as it typesets: keep the whole style there
        body = drop_unused_css(body)
    write_atomic(out, link_notebooks_to(body, ".html"))
    return Built(out, time.perf_counter() - start, ran, True, missing_alt(body), run_seconds(nb))


INDEX_CSS = """
body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;
color:#1a1a1a;line-height:1.5}
h1{font-size:1.6em;margin-bottom:0.2em}
.lead{color:#444}
.disclaimer{border-left:4px solid #E69F00;background:#fff8e6;padding:0.6em 0.9em;margin:1em 0}
ol.course{list-style:none;padding:0}
ol.course>li{border-top:1px solid #ddd;padding:0.8em 0;break-inside:avoid}
ol.course a{color:#0072B2;font-weight:bold;font-size:1.1em}
.time{color:#555;font-size:0.9em;margin-left:0.5em;white-space:nowrap}
ul.objectives{margin:0.3em 0 0 0;padding-left:1.4em;color:#333}
.other{font-size:0.9em;margin-left:0.6em}
footer{margin-top:2em;color:#555;font-size:0.85em}
#search{font-size:1.05em;padding:0.3em 0.5em;width:min(100%,30em)}
ol.results{padding-left:1.4em} ol.results p{margin:0.1em 0 0.6em;color:#333;font-size:0.92em}
a{text-decoration:underline}
"""


def search_documents(handouts: Iterable[Path]) -> list[dict[str, str]]:
    """One searchable document per section of each built handout: its notebook, heading, link (the heading's
    anchor) and text (markdown and printed HTML outputs; explorers and self-checks are left out)."""
    from bs4 import BeautifulSoup

    documents: list[dict[str, str]] = []
    for page in handouts:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for left_out in soup.select(".facet-explorer-twin, .facet-selfcheck, script, style"):
            left_out.decompose()  # explorer frames and self-check answers are not searched
        title = soup.title.get_text(strip=True) if soup.title else page.stem
        current = {"title": title, "section": title, "href": page.name, "text": ""}
        documents.append(current)
        for block in soup.select(".jp-RenderedHTMLCommon"):
            if block.find_parent(class_="jupyter-widgets"):
                continue
            for child in block.find_all(recursive=False):
                if child.name in ("h1", "h2", "h3", "h4"):
                    heading = child.get_text(" ", strip=True).rstrip("¶").strip()
                    anchor = f"#{child['id']}" if child.get("id") else ""
                    if heading == title and not current["text"]:  # the notebook's own title: the page itself
                        continue
                    current = {"title": title, "section": heading, "href": page.name + anchor, "text": ""}
                    documents.append(current)
                else:
                    current["text"] += " " + child.get_text(" ", strip=True)
    for number, document in enumerate(documents):
        document["id"] = str(number)
        document["text"] = re.sub(r"\s+", " ", document["text"]).strip()
    return documents


SEARCH_JS = r"""
(function () {
  var index = new MiniSearch({fields: ['section', 'text'], storeFields: ['title', 'section', 'href', 'text'],
                              searchOptions: {boost: {section: 2}, prefix: true, fuzzy: 0.2}});
  index.addAll(window.FACET_SEARCH || []);
  var box = document.getElementById('search'), list = document.getElementById('results'),
      status = document.getElementById('search-status');
  // about 200 characters of the section around the first word found, cut between words, each found word
  // marked (built as text nodes and <mark> elements: nothing of the page's text is read as HTML)
  function snippet(text, words, into) {
    var lower = text.toLowerCase(), at = -1;
    words.some(function (w) { at = lower.indexOf(w.toLowerCase()); return at >= 0; });
    var start = Math.max(0, at - 60), end = Math.min(text.length, start + 200);
    if (start > 0) start = text.indexOf(' ', start) + 1;
    if (end < text.length) end = Math.max(text.lastIndexOf(' ', end), start + 1);
    var shown = text.slice(start, end);
    var escaped = words.filter(Boolean)
      .map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    var parts = escaped.length ? shown.split(new RegExp('(' + escaped.join('|') + ')', 'ig')) : [shown];
    if (start > 0) into.appendChild(document.createTextNode('... '));
    parts.forEach(function (part, i) {
      if (i % 2) {
        var mark = document.createElement('mark'); mark.textContent = part; into.appendChild(mark);
      }
      else if (part) into.appendChild(document.createTextNode(part));
    });
    if (end < text.length) into.appendChild(document.createTextNode(' ...'));
  }
  function show() {
    var query = box.value.trim();
    list.textContent = '';
    if (!query) { status.textContent = ''; return; }
    var found = index.search(query).slice(0, 12);
    var count = found.length + (found.length === 1 ? ' section' : ' sections') + ' found';
    status.textContent = found.length ? count : 'Nothing found for "' + query + '"';
    found.forEach(function (hit) {
      var item = document.createElement('li'), link = document.createElement('a');
      var text = document.createElement('p');
      link.href = hit.href;
      link.textContent = hit.title + ': ' + hit.section;
      snippet(hit.text, hit.terms, text);
      item.appendChild(link); item.appendChild(text); list.appendChild(item);
    });
  }
  box.addEventListener('input', show);
  show();
}());
"""


def write_search_index(folder: Path) -> str:
    """Write ``folder/search-index.js`` (every built handout's sections, for the course map's search box)."""
    pages = sorted(folder.glob("[0-9][0-9]_*.html"))
    data = json.dumps(search_documents(pages), ensure_ascii=False, separators=(",", ":"))
    write_atomic(folder / "search-index.js", "window.FACET_SEARCH = " + inline_script(data) + ";\n")
    return "search-index.js"


def write_index(folder: Path | None = None) -> Path:
    """build/handouts/index.html: the course map (title, time, objectives), linking every handout.

    Links to slides only for decks that exist (scripts/slides.py rewrites this page after building).
    """
    from facet_course.core.course import course_map

    folder = folder or notebook_dir()
    entries = course_map(folder)
    items = []
    for info in entries:
        stem = Path(info.filename).stem
        handout = HANDOUTS / f"{stem}.html"
        deck = SLIDES / f"{stem}.slides.html"
        title = html.escape(info.title)
        link = f'<a href="{stem}.html">{title}</a>' if handout.is_file() else f"{title} (not built)"
        other = f'<a class="other" href="../slides/{stem}.slides.html">slides</a>' if deck.is_file() else ""
        objectives = "".join(f"<li>{html.escape(o)}</li>" for o in info.objectives)
        items.append(
            f"<li>{link}"
            f'<span class="time">{info.minutes} min</span>{other}'
            f'<ul class="objectives">{objectives}</ul></li>'
        )
    total = sum(i.minutes for i in entries)
    shared = write_shared_bundles(HANDOUTS)
    search_index = write_search_index(HANDOUTS)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Facet Joint Injection Teaching Notebooks: handouts</title>
<style>{INDEX_CSS}</style></head>
<body><main>
<h1>Facet Joint Injection Teaching Notebooks</h1>
<p class="lead">Offline handouts: each file opens in a browser with no network and no Python. Figures with
controls still respond: they switch between pre-computed frames.</p>
<p class="disclaimer"><b>For teaching only.</b> These notebooks explain principles with sourced numbers and
simplified models. They are not clinical guidance and do not replace supervised training, local protocols
or the product information of the drugs used.</p>
<h2>Search the handouts</h2>
<p><label for="search">Search every handout's text (works offline):</label>
<input type="search" id="search" placeholder="e.g. third occipital nerve, lipid, 0.5 mL"></p>
<p id="search-status" role="status" aria-live="polite"></p>
<ol id="results" class="results"></ol>
<h2>Course map</h2>
<ol class="course">{"".join(items)}</ol>
<p>{len(entries)} notebooks, about {total} min in all.</p>
<footer>Built from the notebooks in the course repository (<code>make handouts</code>).</footer>
</main>
<script src="{shared["search"]}"></script>
<script src="{search_index}"></script>
<script>{SEARCH_JS}</script>
</body></html>
"""
    out = HANDOUTS / "index.html"
    write_atomic(out, page)
    return out


@contextmanager
def build_lock() -> Iterator[None]:
    """Hold the checkout's build lock: one build at a time (parallel test workers, or `make handouts` run
    beside `make slides`), because the executed-notebook cache, the vendor bundles and the course map are
    shared. A second build waits here, then finds the first one's runs in the cache instead of repeating
    them."""
    import fcntl

    BUILD.mkdir(parents=True, exist_ok=True)
    with (BUILD / ".build.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_builds(
    paths: list[Path], build_one, up_to_date, folder: Path, force: bool = False, present: bool = False
) -> tuple[int, float]:
    """Build one output per notebook with ``build_one(path, force) -> Built``, one progress line each.

    First executes, in parallel, the notebooks whose output is out of date (``up_to_date(path)`` false) and
    whose cached run is stale; records build times in ``<folder>/build-times.json``.
    Returns (number of failures, total seconds).
    """
    ensure_vendor()
    total = time.perf_counter()
    execute_stale([p for p in paths if force or not up_to_date(p)], force=force, present=present)
    failures = 0
    times: dict[str, float] = {}
    for number, path in enumerate(paths, start=1):
        prefix = f"[{number}/{len(paths)}] {path.name}:"
        try:
            built = build_one(path, force=force)
        except BuildError as error:
            failures += 1
            print(f"{prefix} FAILED\n{error}", flush=True)
            continue
        if built.rebuilt:
            times[built.output.name] = round(built.from_scratch(), 2)
        print(f"{prefix} {built.line()}", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    record_times(folder, times)
    return failures, time.perf_counter() - total


def handout_pdf_path(path: Path) -> Path:
    return HANDOUTS / f"{path.stem}.pdf"


#: Every PDF page's footer, in the bottom margin: the handout's title and "page N of M" (Chromium fills the
#: spans). Sized in print points: a footer template has no page CSS.
PDF_FOOTER = (
    '<div style="width:100%;margin:0 15mm;font:7.5pt sans-serif;color:#444;display:flex;'
    'justify-content:space-between"><span class="title"></span>'
    '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)


def print_handouts(paths: list[Path]) -> int:
    """Print every handout whose PDF is missing or older than it to A4 through headless Chromium (the print
    CSS: figures and explorers whole, an explorer as the frame shown with its settings written out). The study
    edition's PDF ends with the self-check answer key (scripts/key.py); the exam edition's never does.
    Returns the number of PDFs written."""
    from scripts.chromium import CHROMIUM, Chromium
    from scripts.key import answers_html

    chromium = Chromium()
    if not chromium.available():
        print(f"WARNING: {CHROMIUM} is missing (`make chromium`): no PDF handouts")
        return 0
    written = 0
    try:
        for path in paths:
            page_file, pdf = handout_path(path), handout_pdf_path(path)
            fresh = pdf.is_file() and pdf.stat().st_mtime >= page_file.stat().st_mtime
            if fresh or not page_file.is_file():
                continue
            start = time.perf_counter()
            page = chromium.page(page_file.as_uri(), (1000, 1400))
            try:
                # what a reader's own printing does (templates/facet_common/switch.j2): folded details open
                page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
                if EDITION == "study":
                    page.evaluate("k => document.body.insertAdjacentHTML('beforeend', k)", answers_html(path))
                partial = pdf.with_name(f".{pdf.name}.tmp")
                page.pdf(
                    path=str(partial),
                    format="A4",
                    print_background=True,
                    prefer_css_page_size=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=PDF_FOOTER,
                )
                partial.replace(pdf)
            finally:
                page.context.close()
            written += 1
            print(f"pdf  {pdf.relative_to(ROOT)}  {time.perf_counter() - start:.1f} s", flush=True)
    finally:
        chromium.close()
    return written


def build_all(paths: list[Path], force: bool = False) -> int:
    """Build handouts for ``paths`` with one progress line each; returns the number of failures."""
    if not paths:
        print(f"no notebooks (NN_name.ipynb) in {notebook_dir()}")
        return 0
    with build_lock():
        failures, seconds = run_builds(paths, build_handout, handout_up_to_date, HANDOUTS, force=force)
        sync_shared_bundles(HANDOUTS)  # also when every handout was up to date but vendor/ was removed
        print_handouts([p for p in paths if handout_path(p).is_file()])
        index = write_index(paths[0].parent)
    print(f"course map: {index.relative_to(ROOT)}  (total {seconds:.1f} s)")
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
