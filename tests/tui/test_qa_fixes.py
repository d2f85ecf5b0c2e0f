"""Found by trying the TUI in tmux as a new user (QA), fixed here."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from tests.tui.helpers import JOBS, make_app, settle

ALPHA = f"{JOBS}/2021-03-01-alpha.md"


async def _open_editor(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "EditorScreen"


async def test_q_in_the_editor_does_not_quit(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_editor(app, pilot)
        app.screen.focus_next()  # away from a text field, onto anything
        await pilot.press("q")
        await settle(app, pilot)
        assert app.is_running and type(app.screen).__name__ == "EditorScreen"


async def test_ctrl_q_with_unsaved_changes_asks(site: Path) -> None:
    app = make_app(site)
    before = (site / ALPHA).read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await _edit_then_ctrl_q(app, pilot)
        assert app.is_running
        assert "unsaved" in " ".join(str(w.render()) for w in app.screen.query("Static"))
        await pilot.press("k")  # stay
    assert (site / ALPHA).read_bytes() == before


async def test_slash_in_the_filter_is_a_character(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "a", "slash", "b")
        await settle(app, pilot)
        assert app.screen.query_one("#filter", Input).value == "a/b"


async def test_the_body_editor_is_visible_at_80x24(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_editor(app, pilot)
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        body = app.screen.query_one("#body-text", TextArea)
        assert body.has_focus
        assert body.region.height >= 5, body.region


async def test_home_and_end_move_the_list_cursor(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.main.table
        await pilot.press("end")
        await settle(app, pilot)
        assert table.cursor_row == table.row_count - 1 > 0
        await pilot.press("home")
        await settle(app, pilot)
        assert table.cursor_row == 0


async def _edit_then_ctrl_q(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Open the form, change the title, press ctrl+q; wait for the save/discard/stay
    question (a modal a worker pushes and waits on)."""
    await _open_editor(app, pilot)
    title = app.screen.query(Input).first()
    title.value = title.value + " edited"
    await settle(app, pilot)
    await pilot.press("ctrl+q")
    for _ in range(50):
        if type(app.screen).__name__ != "EditorScreen":
            return
        await pilot.pause(0.05)


async def test_ctrl_q_then_save_goes_on_quitting(site: Path) -> None:
    """ctrl+q in a form with unsaved changes: "save" saves, then the quit goes on (with the
    uncommitted-edits question); it used to stop on the list, the quit forgotten."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _edit_then_ctrl_q(app, pilot)
        await pilot.press("s")  # save
        await settle(app, pilot)
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "1 edit not committed. They stay on disk." in screen
        assert "Quit anyway?" in screen
        await pilot.press("y")
        await settle(app, pilot)
        assert not app.is_running
    assert b"title: Alpha d\xc3\xa9veloppeur edited\n" in (site / ALPHA).read_bytes()


async def test_ctrl_q_then_discard_quits_when_nothing_is_pending(site: Path) -> None:
    app = make_app(site)
    before = (site / ALPHA).read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await _edit_then_ctrl_q(app, pilot)
        await pilot.press("d")  # discard: nothing pending, so nothing more to ask
        await settle(app, pilot)
        assert not app.is_running
    assert (site / ALPHA).read_bytes() == before
