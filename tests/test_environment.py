"""The pip lock and the conda/Binder environment pin the same packages; the project is facet_course."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"^\s+- ([A-Za-z0-9_.\-\[\]]+)==(\S+)$", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_environment_yml_and_requirements_lock_agree() -> None:
    lock, env = lock_pins(), environment_pins()
    assert lock, "requirements.lock has no pins"
    only_lock = sorted(set(lock) - set(env))
    only_env = sorted(set(env) - set(lock))
    differ = sorted(k for k in set(lock) & set(env) if lock[k] != env[k])
    assert not (only_lock or only_env or differ), (
        f"run `python scripts/lock.py`: only in lock {only_lock}, only in environment.yml {only_env}, "
        f"different versions {differ}"
    )


def test_environment_yml_installs_the_project_and_pins_python() -> None:
    text = (ROOT / "environment.yml").read_text()
    assert "- -e ." in text
    assert re.search(r"- python=3\.\d+", text)


def test_every_declared_dependency_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    lock = lock_pins()
    missing = [d for d in declared if d.lower().replace("_", "-") not in lock]
    assert not missing, f"declared but not pinned in requirements.lock: {missing}"


def test_package_is_importable_under_its_own_name_not_utils() -> None:
    import importlib.metadata

    import facet_course

    assert Path(facet_course.__file__).parent == ROOT / "utils"
    provided = importlib.metadata.packages_distributions()
    assert "facet-course" in provided.get("facet_course", [])
    assert "facet-course" not in provided.get("utils", [])
