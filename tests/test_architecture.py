"""The house rules of utils/: three layers, imports pointing down, one loader per table, small files.

core (no clinical content) <- models (pure) <- lessons/<slug>/ (one per notebook). These tests read the source
with ``ast`` (nothing is imported), so a newcomer who breaks a rule finds out here, with file and line.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UTILS = ROOT / "utils"
PACKAGE = "facet_course"
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 100


def python_files(folder: Path = UTILS) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(UTILS).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([PACKAGE, *parts])


def layer(name: str) -> str:
    """'core', 'models', 'lessons.<slug>' or '' (the package face and the public safety path)."""
    parts = name.split(".")
    if len(parts) < 2:
        return ""
    if parts[1] == "lessons" and len(parts) >= 3:
        return f"lessons.{parts[2]}"
    return parts[1] if parts[1] in ("core", "models", "lessons") else ""


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every facet_course module this file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith(PACKAGE):
                for alias in node.names:
                    found.append((node.lineno, f"{target}.{alias.name}"))
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith(PACKAGE)]
    return found


def existing(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (UTILS / rel).with_suffix(".py").exists() or (UTILS / rel / "__init__.py").exists()


def test_imports_point_down_only() -> None:
    allowed = {"core": {"core"}, "models": {"core", "models"}}
    problems = []
    for path in python_files():
        here = layer(module_name(path))
        for line, target in imported_modules(path):
            if not existing(target):
                continue  # a name imported from a module, not a module
            there = layer(target)
            if not here or not there or here == there:
                continue
            if here.startswith("lessons."):
                ok = there in ("core", "models")
            else:
                ok = there in allowed.get(here, set())
            if not ok:
                problems.append(f"{path.relative_to(ROOT)}:{line} ({here}) imports {target} ({there})")
    assert not problems, "imports must point down (lessons -> models -> core):\n" + "\n".join(problems)


def test_models_use_no_plotting_or_widgets() -> None:
    problems = []
    for path in python_files(UTILS / "models"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("matplotlib", "ipywidgets", "IPython"):
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not problems, "models are pure (numbers in, numbers out):\n" + "\n".join(problems)


def test_every_notebook_has_its_lesson_and_every_lesson_its_notebook() -> None:
    slugs = {p.stem.split("_", 1)[1] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    lessons = {p.name for p in (UTILS / "lessons").iterdir() if (p / "__init__.py").exists()}
    assert slugs == lessons
    for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        slug = path.stem.split("_", 1)[1]
        assert f"from facet_course.lessons import {slug} as lesson" in path.read_text(encoding="utf-8"), (
            path.name
        )


def _load_table_calls(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "load_table"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            calls.append((node.lineno, str(node.args[0].value)))
    return calls


def test_every_table_has_one_loader_in_a_model() -> None:
    owners: dict[str, set[str]] = {}
    outside = []
    for path in python_files():
        for line, table in _load_table_calls(path):
            owners.setdefault(table, set()).add(str(path.relative_to(ROOT)))
            if layer(module_name(path)) not in ("models", "core"):
                outside.append(f"{path.relative_to(ROOT)}:{line} loads {table}")
    shared = {t: sorted(o) for t, o in owners.items() if len(o) > 1}
    assert not outside, "only models (and core, for its own tables) load tables:\n" + "\n".join(outside)
    assert not shared, f"each table has exactly one loader: {shared}"


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(UTILS)))
def test_files_and_functions_stay_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_FILE_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_FILE_LINES})"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, (
                f"{path.relative_to(ROOT)}:{node.lineno} {node.name}() has {length} lines "
                f"(at most {MAX_FUNCTION_LINES}: split it into panel builders and a pure readout)"
            )


def test_no_reference_id_is_typed_in_the_code() -> None:
    ids = set()
    for bib in (ROOT / "data" / "references").glob("*.csv"):
        with bib.open(encoding="utf-8") as handle:
            ids |= {row["id"] for row in csv.DictReader(handle)}
    problems = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                typed = {part.strip() for part in node.value.split(";")} & ids
                if typed:
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno} {sorted(typed)}")
    assert not problems, "reference ids come from data/, not from the code:\n" + "\n".join(problems)


def test_every_package_under_utils_is_listed_for_installation() -> None:
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {module_name(p) for p in UTILS.rglob("__init__.py") if "__pycache__" not in p.parts}
    assert packages == listed, f"pyproject.toml [tool.setuptools] packages: add {sorted(packages - listed)}"


#: Numbers too plain to list (counts, halves, percentages' 100).
TRIVIAL_NUMBERS = {0, 1, 2, -1, 0.5, 100}


def _typed_numbers(path: Path) -> set[float]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and type(node.value) in (int, float)
        and node.value not in TRIVIAL_NUMBERS
    }


def test_numbers_typed_in_models_are_listed_with_why_they_are_not_clinical() -> None:
    import tomllib

    listed = tomllib.loads((ROOT / "tests" / "model_literals.toml").read_text(encoding="utf-8"))["files"]
    problems = []
    for path in python_files(UTILS / "models"):
        found = _typed_numbers(path)
        entry = listed.get(path.name, {"values": [], "why": ""})
        allowed = set(entry["values"])
        if found - allowed:
            problems.append(
                f"{path.name}: {sorted(found - allowed)} typed but not listed in tests/model_literals.toml: "
                "move a clinical number to data/ with its source, or list it with why it is not clinical"
            )
        if allowed - found:
            problems.append(f"{path.name}: {sorted(allowed - found)} listed but no longer typed: remove them")
        if found and not entry["why"].strip():
            problems.append(f"{path.name}: its list needs a 'why'")
    assert not problems, "\n".join(problems)
