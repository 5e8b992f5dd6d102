"""What several sections of lesson 01 share and no other lesson needs: escaping readout text for HTML."""

from __future__ import annotations

from html import escape


def esc(text: str) -> str:
    """Text made safe for an explorer's HTML readout (quotes kept as typed, as before)."""
    return escape(text, quote=False)
