"""Test-wide settings and the fixtures several test modules share.

Hypothesis runs derandomized (the same examples on every run and machine, so `make test` is reproducible and a
red CI is a real finding) and without a per-example deadline (timing on a shared 2-core runner is not what the
property tests check). Set HYPOTHESIS_PROFILE=explore locally to search with fresh random examples.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, load_script
from hypothesis import settings

settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for a test module (the machine's Debian Chromium, driven by Playwright)."""
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def handouts_built() -> Path:
    """Every handout built (or brought up to date); fail naming `make handouts` when that fails.

    With FACET_TEST_AS_BUILT set, the files are tested as they are (e.g. hand-edited), with no rebuild.
    """
    handouts = load_script("handouts")
    if os.environ.get("FACET_TEST_AS_BUILT"):
        return handouts.HANDOUTS
    failures = handouts.build_all(handouts.course_notebooks())
    if failures:
        pytest.fail(f"{failures} handout(s) failed to build: run `make handouts` to see why")
    return handouts.HANDOUTS
