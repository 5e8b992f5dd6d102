"""02's shared pieces: display names of paradigms and topics, the colours of the icon array's four groups.

No clinical numbers: every number a figure shows comes from the models, which read ``data/``.
"""

from __future__ import annotations

import textwrap

from ...core.style import PALETTE

#: Display names of the block paradigms (the data's names as keys).
PARADIGM_NAMES: dict[str, str] = {
    "single_block": "single block",
    "comparative_blocks": "comparative blocks",
    "placebo_controlled_blocks": "placebo-controlled blocks",
}
#: The icon array's four groups: colour, marker and legend label.
GROUPS: dict[str, tuple[str, str, str]] = {
    "true_positive": (PALETTE["blue"], "o", "facet pain, block positive (true positive)"),
    "false_positive": (PALETTE["vermillion"], "X", "no facet pain, block positive (false positive)"),
    "false_negative": (PALETTE["sky_blue"], "o", "facet pain, block negative (false negative)"),
    "true_negative": ("#BBBBBB", "o", "no facet pain, block negative (true negative)"),
}


def wrap(text: str, width: int) -> str:
    """Text wrapped at ``width`` characters for a figure cell (words kept whole)."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or "-"


def percent(fraction: float, digits: int = 0) -> str:
    """'31%' from 0.31 (a fraction 0..1)."""
    return f"{100 * fraction:.{digits}f}%"
