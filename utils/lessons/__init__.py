"""One package per notebook: ``notebooks/NN_<slug>.ipynb`` imports ``facet_course.lessons.<slug>``.

Lessons never import each other; what two lessons share lives in ``core`` or ``models``.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def slugs() -> list[str]:
    """The lesson packages, by name (the notebook's file name without its number)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.ispkg)


def all_lessons() -> dict[str, ModuleType]:
    """Every lesson package, imported, by slug."""
    return {slug: importlib.import_module(f"{__name__}.{slug}") for slug in slugs()}
