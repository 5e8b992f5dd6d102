"""Build offline reveal.js slide decks: one self-contained HTML file per notebook.

Usage: python scripts/slides.py [--force] [notebooks/NN_name.ipynb ...]   (default: every notebook)

Each deck is made from the notebook's cell ``slideshow`` metadata (``slide``, ``subslide``, ``fragment``,
``-``, ``skip``, ``notes``) by nbconvert's reveal exporter with the template ``templates/facet_slides``.
Inlined, so the deck opens from disk with no network: reveal.js 4.0.2 (the version nbconvert targets; theme
``white`` with its Source Sans Pro font), the speaker notes plugin (press S), require.js and the widget
manager. Code inputs are hidden: the audience sees text, figures and explorers. Explorers are their
kernel-free twins, as in the handouts, and the executed copy of each notebook is shared with the handout
build (build/executed/). A deck is rebuilt only when its inputs change; one progress line per notebook.
JupyterLab users can present the same notebooks live with jupyterlab-rise, from the same metadata.
"""

from __future__ import annotations

import base64
import re
import sys
import time
from pathlib import Path

from traitlets.config import Config

from scripts import handouts
from scripts.handouts import (
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
    return output_key(path, "slides", [Path(__file__), *(TEMPLATES / "facet_slides").glob("*")], run_key)


def deck_up_to_date(path: Path) -> bool:
    return handouts.built_key(slides_path(path)) == deck_key(path)


def build_deck(path: Path, force: bool = False) -> Built:
    """Build build/slides/<name>.slides.html from a notebook, unless it is up to date."""
    out = slides_path(path)
    key = deck_key(path)
    if not force and handouts.built_key(out) == key:
        return Built(out, 0.0, 0.0, False)
    nb, ran = executed_notebook(path, force=force)
    start = time.perf_counter()
    key = deck_key(path, handouts.run_key(nb))
    resources = offline_resources(nb, path, key)
    resources["offline"]["reveal_js"] = handouts.inline_script(handouts._read_bundle("reveal"))
    resources["offline"]["reveal_notes_js"] = handouts.inline_script(handouts._read_bundle("reveal_notes"))
    resources["offline"]["reveal_css"] = reveal_css()
    try:
        body, _ = slides_exporter().from_notebook_node(nb, resources=resources)
    except ValueError as error:  # e.g. "All cells are hidden, cannot create slideshow"
        raise BuildError(f"{path.name}: {error}") from error
    write_atomic(out, body)
    return Built(
        out, time.perf_counter() - start, ran, True, handouts.missing_alt(body), handouts.run_seconds(nb)
    )


def build_all(paths: list[Path], force: bool = False) -> int:
    """Build decks for ``paths`` with one progress line each; returns the number of failures."""
    if not paths:
        print("no notebooks (NN_name.ipynb) to build")
        return 0
    failures, seconds = handouts.run_builds(paths, build_deck, deck_up_to_date, SLIDES, force=force)
    if (handouts.HANDOUTS / "index.html").is_file():
        write_index(paths[0].parent)  # the course map links the decks that now exist
    print(f"slides: {SLIDES.relative_to(ROOT)}/  (total {seconds:.1f} s)")
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
