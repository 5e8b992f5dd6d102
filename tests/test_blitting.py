"""Every explorer of every view module draws the same figure whether blitted or fully redrawn.

Blitting draws only what an update changed over a cached background; this checks, for each explorer the
views define, that a sequence of control moves gives the same pixels as a full redraw of a fresh figure.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from facet_course.core.explore import Explorer
from figure_hygiene import explorer_factories
from PIL import Image

FACTORIES = explorer_factories()


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


@pytest.mark.parametrize(("name", "factory"), FACTORIES, ids=[n for n, _ in FACTORIES])
def test_blitted_updates_match_a_full_redraw(name: str, factory) -> None:
    live: Explorer = factory()
    combos = live.twin_combinations()
    # a walk that moves one control at a time, then jumps: the cases blitting must get right
    walk = [combos[0], combos[len(combos) // 2], combos[-1], combos[1 % len(combos)], combos[0]]
    for params in walk:
        png, readout = live.frame(**params)
        fresh: Explorer = factory()
        fresh.auto_blit = False
        fresh.blit_on = None
        reference, reference_readout = fresh.frame(**params)
        assert readout == reference_readout
        a, b = pixels(png), pixels(reference)
        assert a.shape == b.shape
        differing = float(np.mean(np.abs(a - b).max(axis=2) > 48))
        assert differing < 0.002, f"{name} {params}: {differing:.2%} of pixels differ from a full redraw"
