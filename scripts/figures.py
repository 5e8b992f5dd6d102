"""Regenerate figures/ from code: every `FIGURES` entry of every lesson in facet_course.lessons.

Each view module exports FIGURES: {file stem: function returning (figure, alt text)}. This writes
figures/<stem>.png (deterministic PNG: no software or time stamps) and figures/README.md listing each file
with its alt text, so handouts and slides can reuse the images and every image has its description.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from facet_course.core.figures import REGISTRY
from facet_course.lessons import all_lessons

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "figures"


def collect() -> dict[str, tuple[str, object]]:
    """All figure builders by file stem, with the module that defines each; stems must be unique."""
    found: dict[str, tuple[str, object]] = {}
    for slug, module in all_lessons().items():
        # lessons not yet moved to the @figure decorator still list a FIGURES dict
        for stem, builder in getattr(module, "FIGURES", {}).items():
            if stem in found:
                raise SystemExit(f"figure name '{stem}' is defined twice ({found[stem][0]} and {slug})")
            found[stem] = (slug, builder)
    for stem, builder in REGISTRY.items():
        slug = builder.__module__.split(".")[2]
        if stem in found and found[stem][1] is not builder:
            raise SystemExit(f"figure name '{stem}' is defined twice ({found[stem][0]} and {slug})")
        found[stem] = (slug, builder)
    return found


def write_only(stems: list[str]) -> int:
    """Write just these figures (work on one lesson); figures/README.md is left for `make figures`."""
    builders = collect()
    unknown = sorted(set(stems) - set(builders))
    if unknown:
        raise SystemExit(f"no figure named {unknown}; known: {sorted(builders)}")
    for stem in stems:
        fig, _ = builders[stem][1]()
        fig.savefig(OUT / f"{stem}.png", dpi=150, metadata={"Software": None})
        print(f"  {stem}.png")
    return 0


def main(stems: list[str] | None = None) -> int:
    """Regenerate every figure and figures/README.md, or, given stems, write just those figures."""
    OUT.mkdir(exist_ok=True)
    if stems:
        return write_only(stems)
    builders = collect()
    lines = [
        "# Figures",
        "",
        "Made by `make figures` from the view modules in `utils/`; do not edit by hand.",
        "Each entry: file, the module that draws it, and its alt text.",
        "",
    ]
    expected = set()
    for stem, (module, builder) in sorted(builders.items()):
        start = time.perf_counter()
        fig, alt = builder()
        if not alt.strip():
            raise SystemExit(f"figure '{stem}' ({module}) has no alt text")
        path = OUT / f"{stem}.png"
        fig.savefig(path, dpi=150, metadata={"Software": None})
        expected.add(path.name)
        lines.append(f"- `{stem}.png` ({module}): {alt}")
        print(f"  {stem}.png  {time.perf_counter() - start:.1f} s", flush=True)
    for stale in OUT.glob("*.png"):
        if stale.name not in expected:
            stale.unlink()
            print(f"  removed stale {stale.name}")
    (OUT / "README.md").write_text("\n".join(lines) + "\n")
    print(f"{len(builders)} figures in figures/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
