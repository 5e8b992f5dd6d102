"""Test-wide settings.

Hypothesis runs derandomized (the same examples on every run and machine, so `make test` is reproducible and a
red CI is a real finding) and without a per-example deadline (timing on a shared 2-core runner is not what the
property tests check). Set HYPOTHESIS_PROFILE=explore locally to search with fresh random examples.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
