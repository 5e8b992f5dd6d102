"""Every frame of every explorer's twin is clean: no text cut by the figure's edge, no texts overlapping, no
legend over data (issue 16). The frames checked are exactly the twin's (`twin_combinations`), the frames a
handout reader and a printed page see; the live notebook draws the same figure. Static figures are checked in
tests/test_figures.py with the same rules (tests/figure_hygiene.py).
"""

from __future__ import annotations

import pytest
from facet_course.core.explore import Explorer
from figure_hygiene import explorer_factories, problems

FACTORIES = explorer_factories()


@pytest.mark.parametrize(("name", "factory"), FACTORIES, ids=[n for n, _ in FACTORIES])
def test_every_twin_frame_keeps_text_inside_and_apart_and_legends_off_the_data(name: str, factory) -> None:
    explorer: Explorer = factory()
    fig, update = explorer.figure()
    found: dict[str, dict] = {}
    for params in explorer.twin_combinations():
        update(**{**explorer.defaults(), **params})
        for problem in problems(fig):
            found.setdefault(problem, params)
    listed = "\n".join(f"  {problem}  (first at {params})" for problem, params in found.items())
    assert not found, f"{name}: {len(found)} problem(s) a reader sees in its frames:\n{listed}"
