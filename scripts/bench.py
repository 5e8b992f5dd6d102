"""Benchmark every widget of every notebook: in-place update against a naive rebuild (not a timed test).

For each notebook: run it in a fresh kernel (execution seconds), then in that kernel time every Explorer it
created (facet_course.core.explore.REGISTRY): median and p95 ms per update for the in-place update
(draw only, and draw + PNG encode, which is what the live widget sends) and for a naive full rebuild of
the same figure, and
the ratio. Extra benchmarks (e.g. the C-arm simulator's frames per second) come from any function named
`benchmark_*` in a facet_course model module. Handout sizes and build times are read from build/handouts
when present, with the PDFs' and the whole folder's total (issue 16: at most 20 MB). The class line
(scripts/class_bench.py, how it measures is said there): spawn time and explorer latency with 1, 5 and 10
residents at once on the `make class` hub. Writes build/bench.json and
build/bench.md (copy the tables into the README's performance and class sections).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

import facet_course.models
import nbformat
from nbclient import NotebookClient

from scripts import class_bench, handouts

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
PROBE = """
import json as _json
from facet_course.core.explore import REGISTRY as _REGISTRY
_seen = {}
for _e in _REGISTRY:  # a view may build the same explorer twice (e.g. for its static figure): time it once
    _seen.setdefault(_e.name, _e)
print("BENCH" + _json.dumps([_e.benchmark(repeats=3) for _e in _seen.values()]))
"""


def bench_notebook(path: Path) -> tuple[float, list[dict]]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    total = time.perf_counter() - start
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    results = json.loads(text.split("BENCH", 1)[1])
    probe_seconds = 0.0  # execution time of the notebook itself is what a resident waits for
    return total - probe_seconds, results


def model_benchmarks() -> list[dict]:
    found = []
    for info in pkgutil.iter_modules(facet_course.models.__path__):
        module = importlib.import_module(f"facet_course.models.{info.name}")
        for name in dir(module):
            if name.startswith("benchmark_") and callable(getattr(module, name)):
                found.append({"benchmark": f"{info.name}.{name}", **getattr(module, name)()})
    return found


def handout_size_rows(report: dict, folder: Path = BUILD / "handouts") -> list[str]:
    """Markdown rows of every handout's build time and size, vendor/, the PDFs and the whole folder (issue 16:
    at most 20 MB); the same numbers go into ``report``."""
    handout_rows = ["", "| handout | build (s) | size (MB) |", "|---|---|---|"]
    timings = folder / "build-times.json"
    if not timings.exists():
        return [*handout_rows, "| (run `make handouts` first) | | |"]
    for name, seconds in json.loads(timings.read_text()).items():
        size = (folder / name).stat().st_size / 1e6
        report["handouts"].append({"handout": name, "build_seconds": seconds, "size_mb": size})
        handout_rows.append(f"| {name} | {seconds:.1f} | {size:.2f} |")
    shared = sum(f.stat().st_size for f in (folder / "vendor").glob("*") if f.is_file()) / 1e6
    total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
    pdfs = sum(f.stat().st_size for f in folder.glob("*.pdf")) / 1e6
    report["handouts_folder"] = {"shared_vendor_mb": shared, "pdf_mb": pdfs, "total_mb": total}
    limit = handouts.MAX_FOLDER_BYTES / 1e6
    return [
        *handout_rows,
        f"| vendor/ (JavaScript shared by the handouts and course map) | | {shared:.1f} |",
        f"| PDFs of every handout | | {pdfs:.1f} |",
        "| whole folder (handouts, PDFs, leaflets, course map, search index, vendor/; "
        f"at most {limit:.0f}) | | {total:.1f} |",
    ]


def main() -> int:
    BUILD.mkdir(exist_ok=True)
    report = {"notebooks": [], "models": [], "handouts": []}
    rows = [
        "| notebook | widget | frames | blit | model only (ms, median / p95) | in place + PNG (ms) "
        "| naive rebuild + PNG (ms) | rebuild / in place |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        seconds, results = bench_notebook(path)
        report["notebooks"].append(
            {"notebook": path.name, "run_all_seconds_incl_bench": seconds, "widgets": results}
        )
        print(f"{path.name}: {len(results)} widget(s)", flush=True)
        for r in results:
            line = (
                f"| {path.name} | {r['widget']} | {r['frames']} | {r['blit']} | "
                f"{r['model_only']['median_ms']:.1f} / {r['model_only']['p95_ms']:.1f} | "
                f"{r['in_place_png']['median_ms']:.1f} / {r['in_place_png']['p95_ms']:.1f} | "
                f"{r['naive_rebuild_png']['median_ms']:.1f} / {r['naive_rebuild_png']['p95_ms']:.1f} | "
                f"{r['speedup']:.1f}x |"
            )
            rows.append(line)
            print("  " + line, flush=True)
    timing_rows = ["", "| notebook | Restart & Run All (s) |", "|---|---|"]
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        seconds = time.perf_counter() - start
        report["notebooks"].append({"notebook": path.name, "run_all_seconds": seconds})
        timing_rows.append(f"| {path.name} | {seconds:.1f} |")
        print(f"{path.name}: Restart & Run All {seconds:.1f} s", flush=True)
    model_rows = ["", "| model benchmark | result |", "|---|---|"]
    for entry in model_benchmarks():
        report["models"].append(entry)
        model_rows.append(
            f"| {entry['benchmark']} | "
            + ", ".join(
                f"{k}: {v:.1f}" if isinstance(v, float) else f"{k}: {v}"
                for k, v in entry.items()
                if k != "benchmark"
            )
            + " |"
        )
        print(model_rows[-1], flush=True)
    handout_rows = handout_size_rows(report)
    report["class"] = class_bench.run()
    class_rows = ["", *class_bench.markdown_rows(report["class"])]
    (BUILD / "bench.json").write_text(json.dumps(report, indent=1))
    (BUILD / "bench.md").write_text(
        "\n".join(rows + timing_rows + model_rows + handout_rows + class_rows) + "\n"
    )
    print("\n".join(timing_rows + model_rows + handout_rows + class_rows))
    print("written: build/bench.md, build/bench.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
