"""Help: ``?`` and ``f1`` show the keys of the screen they are pressed on, as a table whose
long descriptions wrap inside their column."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Switch

from postedit.tui.app import PosteditApp
from postedit.tui.screens.commit import CommitScreen
from postedit.tui.screens.help import HelpScreen
from tests.tui.helpers import make_app, settle

SIZE = (80, 24)


def _screen(app: PosteditApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def _editor(app: PosteditApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "EditorScreen"


def _help_text(app: PosteditApp) -> str:
    assert isinstance(app.screen, HelpScreen)
    return "\n".join(_screen(app))


async def test_question_mark_in_the_editor_shows_the_editor_s_keys(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await _editor(app, pilot)
        app.screen.query_one(Switch).focus()  # not a text field
        await pilot.press("question_mark")
        text = _help_text(app)
        assert "Keys of the editor" in text and "ctrl+s" in text and "f2" in text
        assert "Type a filter" not in text and "Keys of the list" not in text
        await pilot.press("escape")
        assert type(app.screen).__name__ == "EditorScreen"


async def test_question_mark_typed_in_a_text_field_is_text_and_f1_opens_help(
    site: Path,
) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await _editor(app, pilot)
        field = app.screen.query_one(Input)
        field.focus()
        field.value = "Who"
        field.cursor_position = 3
        await pilot.press("question_mark")
        assert field.value == "Who?"
        assert type(app.screen).__name__ == "EditorScreen"
        await pilot.press("f1")
        assert "Keys of the editor" in _help_text(app)
        await pilot.press("f1")  # closes it again
        assert type(app.screen).__name__ == "EditorScreen" and field.value == "Who?"


async def test_dialogs_have_their_own_help(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t", "c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            text = _help_text(app)
            assert "Keys of the commit dialog" in text and "ctrl+s" in text, key
            assert "Type a filter" not in text
            await pilot.press("escape")
            assert isinstance(app.screen, CommitScreen)


async def test_the_list_s_help_wraps_inside_its_columns(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert "Keys of the list" in _help_text(app)
        help_text = app.screen.query_one("#help-text")
        left, width = help_text.content_region.x, help_text.content_region.width
        column = None
        checked = 0
        for _ in range(6):  # every page of the help
            for line in _screen(app):
                inner = line[left : left + width]
                if not inner.strip() or inner.strip().startswith(("Keys", "Filter")):
                    continue
                if inner.startswith("/ "):  # the first row: where descriptions start
                    column = len(inner) - len(inner[1:].lstrip())
                if column is None:
                    continue
                if not inner[:column].strip():  # a continuation line
                    assert len(inner) - len(inner.lstrip()) == column, line
                    checked += 1
            await pilot.press("pagedown")
            await pilot.pause()
        assert column is not None and checked >= 3


async def test_a_schema_key_the_list_binds_itself_is_not_listed_as_the_schema_s(
    site: Path,
) -> None:
    """``keys: {t: ...}`` cannot take ``t`` (docs/keys.md): ``t`` still toggles the status, so
    the help must not say it toggles the schema's field."""
    from tests.tui.helpers import JOBS, jobs_schema

    alpha = site / JOBS / "2021-03-01-alpha.md"

    app = make_app(site, jobs_schema(keys={"t": "poste_pourvu", "p": "poste_pourvu"}))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.sections)["Keys from the schema"]
        words = {row.keys: row.description for row in rows}
        assert words["p"] == "Toggle poste_pourvu"
        assert "Toggle poste_pourvu" not in words["t"] and "postedit's own" in words["t"]
        await pilot.press("escape", "t")
        await settle(app, pilot)
        assert b"open: false\n" in alpha.read_bytes()
        assert b"poste_pourvu" not in alpha.read_bytes()


async def test_f1_in_the_filter_bar_shows_the_filter_grammar_first(site: Path) -> None:
    """The filter bar says "f1 for help": the grammar was the help's last section, three
    pages down at 80x24, under the list's keys."""
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "f1")
        text = _help_text(app)
        assert "Filter (after /)" in text and "field:value" in text
        await pilot.press("escape", "escape", "question_mark")  # from the list: its keys
        text = _help_text(app)
        assert "Keys of the list" in text and "Filter (after /)" not in text
