"""The key bar: what Textual's Footer showed, as one widget that follows the focus."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from postedit.tui.screens.help import HelpScreen
from postedit.tui.widgets.keybar import KeyBar
from tests.tui.helpers import make_app, settle


def _line(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(KeyBar).render().plain


async def test_shows_the_screens_keys_and_follows_the_focus(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        line = _line(app)
        assert line.startswith(" / Filter  t Toggle ")
        assert line.rstrip().endswith("▏^p palette") and len(line) == 100
        await pilot.press("slash")  # the filter has the focus: the table's keys go
        await pilot.pause()
        assert " t Toggle " not in _line(app)
        await pilot.press("escape")
        await pilot.pause()
        assert " t Toggle " in _line(app)


async def test_a_click_on_a_key_presses_it(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        line = _line(app)
        column = line.index(" ? Help") + 1
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_narrow_screens_keep_the_palette_key_on_the_right(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(app, pilot)
        line = _line(app)
        assert len(line) == 60 and line.endswith("▏^p palette ")
        assert line.startswith(" / Filter ")


async def test_in_the_filter_bar_it_does_not_offer_slash(site: Path) -> None:
    """There "/" is a character of the query, not "Filter": the bar does not offer it, and
    says how to get back to the list."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "slash")
        await pilot.pause()
        line = _line(app)
        assert " / Filter " not in line and line.startswith(" enter List "), line
        assert app.main.query_one("#filter", Input).value == "/"
        await pilot.press("enter")
        await pilot.pause()
        assert _line(app).startswith(" / Filter  t Toggle ")


async def test_where_question_mark_is_text_the_bar_offers_f1(site: Path) -> None:
    """In a text field "?" is typed: the bar names the help key that works there."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert " ? Help " in _line(app) and " f1 Help " not in _line(app)
        await pilot.press("slash")
        await pilot.pause()
        assert " f1 Help " in _line(app) and " ? Help " not in _line(app)
        await pilot.press("escape", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "EditorScreen"
        assert isinstance(app.focused, Input)
        assert " f1 Help" in _line(app), _line(app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
