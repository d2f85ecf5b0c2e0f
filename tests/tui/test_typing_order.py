"""Keys that arrive together (a slow SSH link, a paste, a fast typist) are applied in the
order typed, in the filter bar, the form's fields and the body.

Textual runs an Input's or a TextArea's printable keys in the widget and its editing keys
(backspace, arrows, ctrl+u...) as bindings once the key has bubbled up to the app: a key
typed after them in the same burst was applied first (Textual issue #6605). qa27 saw
``ctrl+u zz`` in the filter leave it empty, ``backspace zz`` delete the last z.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, TextArea

from postedit.tui.app import PosteditApp
from tests.tui.helpers import make_app, settle


def _burst(app: PosteditApp, keys: str | list[str]) -> None:
    """Post ``keys`` as the terminal driver does for one read: all at once, no pause."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, None))


async def test_the_filter_applies_a_burst_of_keys_in_order(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("/")
        _burst(app, [*"open:true", "ctrl+u", *"dev", "backspace", *"lta"])
        await settle(app, pilot)
        assert app.main.query_one("#filter", Input).value == "delta"
        _burst(app, ["home", "x", "end", "y"])
        await settle(app, pilot)
        assert app.main.query_one("#filter", Input).value == "xdeltay"


async def test_a_form_field_and_the_body_apply_a_burst_of_keys_in_order(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        field = app.screen.query_one("#field-title Input", Input)
        field.focus()
        await pilot.pause()
        _burst(app, ["ctrl+u", *"Alphx", "backspace", *"a", "home", "<"])
        await settle(app, pilot)
        assert field.value == "<Alpha"
        await pilot.press("ctrl+b")
        await pilot.pause()
        body = app.screen.query_one("#body-text", TextArea)
        assert body.has_focus
        _burst(app, ["ctrl+home", *"Ab", "backspace", *"c", "left", "left", "[", "end", "]"])
        await settle(app, pilot)
        assert body.text.splitlines()[0] == "[Ac]"
