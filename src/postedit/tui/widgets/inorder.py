"""Text fields that apply a burst of keys in the order it was typed.

Textual inserts an Input's or a TextArea's printable keys in the widget itself, but runs its
editing keys (backspace, delete, arrows, home, ctrl+u, ctrl+w...) as bindings, once the key
has bubbled up to the app. Keys that arrive in one read (a slow SSH link, a fast typist, a
terminal's paste without bracketed paste) were then applied out of order: ``ctrl+u`` then
``dev`` in the filter left it empty, ``backspace`` then ``zz`` deleted the second ``z``
(Textual issue 6605). Here the widget runs its own bindings as the key reaches it, in
order with the characters around it; what they do is unchanged (the focused widget's
bindings come first in Textual's binding chain anyway, and priority bindings have run
before the key reaches it). The form's switches, selects and multiple selects do the same
(``space`` then ``tab`` in one read flipped the next switch).

``tab`` in the form and the commit dialog is a priority key (``focus_by_tab``): it moves the
focus as soon as it is read, so the keys a field gets after a tab left it were read before
that tab, and are the field's.

The TextArea's kind is in inorder_area.py: importing Textual's TextArea (and tree-sitter)
is for the editor and the commit dialog, not for the list's first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App

__all__ = [
    "InOrderInput",
    "focus_by_tab",
    "left_by_tab",
    "moved_as_read",
    "read_again",
    "run_own_binding",
]

_LEFT_BY_TAB = "_postedit_left_by_tab"
"""Set on a widget a key took the focus from as it was read (``tab``, ``moved_as_read``):
the keys it gets then were typed in it."""


def focus_by_tab(app: App[Any], forward: bool) -> None:
    """Move the focus to the next (previous) widget, as ``tab`` (``shift+tab``) read now,
    marking the widget left: keys already on their way to it are its own."""
    left = app.focused
    if forward:
        app.screen.focus_next()
    else:
        app.screen.focus_previous()
    moved_as_read(left, app.focused)


def moved_as_read(left: Widget | None, now: Widget | None) -> None:
    """The focus went from ``left`` to ``now`` as a key was read (a priority binding, as
    ``tab``): the keys on their way to ``left`` were typed there, and are its own."""
    if now is not None:
        setattr(now, _LEFT_BY_TAB, False)
    if left is not None and now is not left:
        setattr(left, _LEFT_BY_TAB, True)


def left_by_tab(widget: Widget) -> bool:
    """Did a key read after the ones on their way to ``widget`` (a tab) take the focus from
    it? Those keys are then its own."""
    return bool(getattr(widget, _LEFT_BY_TAB, False))


def read_again(app: App[Any], event: events.Key) -> None:
    """``event`` reached a widget it is no longer meant for: read it again, as if just
    typed (priority keys, then the widget focused now or the screen); it goes no further
    where it is. The app is told first (``PosteditApp.key_read_again``): the key was read
    before any key waiting, and may be the one they wait for."""
    event.stop()
    event.prevent_default()
    again = events.Key(event.key, event.character)
    app.post_message(again)
    told = getattr(app, "key_read_again", None)  # (None: a test's bare host app)
    if told is not None:
        told(event, again)


async def run_own_binding(widget: Widget, event: events.Key, owner: Widget | None = None) -> bool:
    """Run ``widget``'s own (non-priority) binding of ``event``'s key now, as the app would
    once the key bubbled up to it; True, and the key used, when one ran. A key that reaches
    the widget after an earlier key of the same read took the focus elsewhere (``enter`` in
    the filter: the list) was typed for the widget focused now: it is read again
    (``read_again``), and True. A ``tab`` read after the key (``focus_by_tab``) leaves it
    the widget's. ``owner``: an ancestor whose bindings run here too, after the widget's
    (a list field's, for its items)."""
    focused = widget.app.focused
    if focused is widget:
        setattr(widget, _LEFT_BY_TAB, False)
    elif focused is not None and widget in focused.ancestors:
        return False  # it bubbled up from a child (a select's menu): the child's
    elif not left_by_tab(widget):
        read_again(widget.app, event)
        return True
    for node in (widget, owner) if owner is not None else (widget,):
        bindings = node._bindings.copy()
        keymap = widget.app._keymap
        if keymap:
            bindings.apply_keymap(keymap)
        for binding in bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await widget.app.run_action(binding.action, node):
                event.stop()
                event.prevent_default()
                return True
    return False


class InOrderInput(Input):
    """An Input whose editing keys keep their place among the characters typed."""

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)
