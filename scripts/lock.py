"""Regenerate requirements.lock (pip) and environment.yml (conda/Binder) from the current .venv.

Usage: python scripts/lock.py   (after `pip install` of a new dependency into .venv)
tests/test_environment.py fails when the two files disagree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "# Exact versions the tests passed with. Regenerate with: python scripts/lock.py\n"


def main() -> int:
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    pins = sorted(
        (line for line in frozen if "==" in line and not line.startswith("facet-course")), key=str.lower
    )
    (ROOT / "requirements.lock").write_text(HEADER + "\n".join(pins) + "\n")
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    env = [
        "# Conda / Binder (repo2docker) environment: the same pins as requirements.lock.",
        "# Regenerate both with: python scripts/lock.py",
        "name: facet-course",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={py}",
        "  - pip",
        "  - pip:",
        *[f"      - {p}" for p in pins],
        "      - -e .",
    ]
    (ROOT / "environment.yml").write_text("\n".join(env) + "\n")
    print(f"{len(pins)} pins written to requirements.lock and environment.yml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
