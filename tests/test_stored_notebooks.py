"""Every notebook is stored executed from a fresh kernel: counts 1..N, no errors, warnings or machine paths.

nbval only compares executed cells, so an unexecuted notebook would pass it trivially; this closes that gap.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from facet_course.core.text import SAY_WIDTH

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MACHINE_PATH = re.compile(r"(/work/|/tmp/|/root/|/home/[a-z]|\.venv/|site-packages)")
ADDRESS = re.compile(r" at 0x[0-9a-f]{6,}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_executed_and_clean(path: Path) -> None:
    nb = json.loads(path.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert code, f"{path.name} has no code cells"
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{path.name}: run `make execute NB={path.name}` (counts {counts})"
    )
    assert any(c["outputs"] for c in code), f"{path.name}: no stored outputs"
    for index, cell in enumerate(nb["cells"]):
        for number, out in enumerate(cell.get("outputs", [])):
            view = out.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view is not None:
                expected = hashlib.md5(f"{path.name}:{index}:{number}".encode()).hexdigest()
                assert view["model_id"] == expected, (
                    f"{path.name}: widget ids change on every run; store it with `make execute NB=...`"
                )
    for c in code:
        for out in c["outputs"]:
            assert out["output_type"] != "error", f"{path.name}: stored error {out.get('ename')}"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), (
                f"{path.name}: stored stderr output (a warning?): {''.join(out['text'])[:200]}"
            )
            text = json.dumps(out.get("text", "")) + json.dumps(out.get("data", {}).get("text/plain", ""))
            assert not MACHINE_PATH.search(text), f"{path.name}: an output shows a machine path"
            assert not ADDRESS.search(text), f"{path.name}: an output shows a memory address"
    assert "widgets" not in nb["metadata"], f"{path.name}: widget state stored; run scripts/execute.py"


MARKUP = re.compile(r"\*\*|(?<![\w*])\*[A-Za-z][^*\n]*\*(?![\w*])|`|</?[a-z]+>")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_printed_text_is_wrapped_and_carries_no_markup(path: Path) -> None:
    """Printed text (a reading cell's output, shown as plain text in JupyterLab, the handout and on paper)
    has no Markdown or HTML markers a reader would see as '**' or '<b>', and no line longer than the 96
    characters `say` wraps at (JupyterLab breaks a longer line mid-word; paper cuts or breaks it)."""
    nb = json.loads(path.read_text())
    for index, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out["output_type"] == "stream":
                text = "".join(out["text"])
                found = MARKUP.search(text)
                assert not found, f"{path.name} cell {index}: printed text shows markup {found.group()!r}"
                longest = max(text.splitlines(), key=len, default="")
                assert len(longest) <= SAY_WIDTH, (
                    f"{path.name} cell {index}: a printed line of {len(longest)} characters: use say()"
                )
