"""Text fields that apply a burst of keys in the order it was typed.

Textual inserts an Input's or a TextArea's printable keys in the widget itself, but runs its
editing keys (backspace, delete, arrows, home, ctrl+u, ctrl+w...) as bindings, once the key
has bubbled up to the app. Keys that arrive in one read (a slow SSH link, a fast typist, a
terminal's paste without bracketed paste) were then applied out of order: ``ctrl+u`` then
``dev`` in the filter left it empty, ``backspace`` then ``zz`` deleted the second ``z``
(Textual issue 6605). Here the widget runs its own bindings as the key reaches it, in
order with the characters around it; what they do is unchanged (the focused widget's
bindings come first in Textual's binding chain anyway, and priority bindings have run
before the key reaches it).

The TextArea's kind is in inorder_area.py: importing Textual's TextArea (and tree-sitter)
is for the editor and the commit dialog, not for the list's first frame.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input

__all__ = ["InOrderInput", "run_own_binding"]


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own (non-priority) binding of ``event``'s key now, as the app would
    once the key bubbled up to it; True, and the key used, when one ran. Not once an
    earlier key of the burst took the focus elsewhere (``enter`` in the filter): the key is
    then the newly focused widget's, whose bindings the app runs as the key bubbles up."""
    if event.is_printable:
        return False  # typed text: the widget's _on_key inserts it
    if widget.app.focused is not widget:
        return False
    bindings = widget._bindings.copy()
    keymap = widget.app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    for binding in bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class InOrderInput(Input):
    """An Input whose editing keys keep their place among the characters typed."""

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)
