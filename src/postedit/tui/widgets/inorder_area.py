"""A TextArea that applies a burst of keys in the order it was typed (see inorder.py)."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from postedit.tui.widgets.inorder import run_own_binding

__all__ = ["InOrderTextArea"]


class InOrderTextArea(TextArea):
    """A TextArea whose editing keys keep their place among the characters typed."""

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)
