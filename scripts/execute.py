"""Execute notebooks in place from a fresh kernel and store deterministic outputs (what nbval checks).

Usage: python scripts/execute.py [notebooks/NN_name.ipynb ...]   (default: every notebook)

Fails (exit 1) on any error or stderr output, so a stored notebook never carries a warning.
Strips what changes between runs: timing metadata and widget state (the stored notebooks keep live widgets;
handouts embed their own state when built).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute(path: Path, static: bool = False, timeout: int = 120, present: str = "") -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel started in notebooks/; return the executed copy.

    ``static``: explorers as kernel-free twins (handouts, slides); ``present``: "handout" or "slide" draws the
    figures in the presentation style for that medium (``FACET_COURSE_PRESENT``, facet_course.core.style).
    """
    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get("FACET_COURSE_STATIC")
    present_before = os.environ.get("FACET_COURSE_PRESENT")
    os.environ["FACET_COURSE_STATIC"] = "1" if static else "0"
    os.environ["FACET_COURSE_PRESENT"] = present or "0"
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
            store_widget_state=static,
        )
        client.execute()
    finally:
        for name, before in (("FACET_COURSE_STATIC", env_before), ("FACET_COURSE_PRESENT", present_before)):
            if before is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = before
    return nb


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Error or stderr outputs (warnings included): a stored notebook must have none."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {index}: {out.get('ename')}: {out.get('evalue')}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"cell {index}: stderr: {''.join(out.get('text', ''))[:300]}")
    return found


def clean(nb: nbformat.NotebookNode, name: str = "") -> nbformat.NotebookNode:
    """Remove run-dependent metadata so stored notebooks only change when their content does.

    Widget model ids are random per run and no widget state is stored, so they are replaced by ids derived
    from the notebook name and the output's position (JupyterLab re-creates the widgets on a run anyway).
    """
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = KERNEL
    # the kernel may flush one print in several chunks under load: store what was printed, not how
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        for number, out in enumerate(cell.get("outputs", [])):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view is not None:
                view["model_id"] = hashlib.md5(f"{name}:{index}:{number}".encode()).hexdigest()
    return nb


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    failed = 0
    for path in paths:
        start = time.perf_counter()
        nb = execute(path)
        found = problems(nb)
        seconds = time.perf_counter() - start
        if found:
            failed += 1
            print(f"FAIL {path.name} ({seconds:.1f} s)")
            for line in found:
                print("   ", line)
            continue
        nbformat.write(clean(nb, path.name), path)
        print(f"ok   {path.name} ({seconds:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
