"""The row an edit adds or brings back is highlighted: a posting made with ``n`` or ``D``,
a deletion undone, a creation redone, a restored version; one the filter hides is said on
the status bar. At 80x24, the size a user on SSH has."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from postedit.tui.app import PosteditApp
from postedit.tui.screens.confirm import ConfirmScreen
from postedit.tui.screens.editor import EditorScreen
from postedit.tui.screens.history import HistoryScreen
from tests.tui.helpers import JOBS, jobs_schema, make_app, settle, status_bar

SIZE = (80, 24)
ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"
CHARLIE = f"{JOBS}/2021-10-02-charlie.md"
HIDDEN = "Hidden by the filter: / changes it"


def highlighted_line(app: PosteditApp) -> str:
    """The text of the highlighted row as the table draws it; it must be on screen."""
    table = app.main.table
    y = table.cursor_row + 1 - round(table.scroll_y)  # line 0 is the header
    assert 0 < y < table.size.height, "the highlighted row is scrolled out of view"
    return table.render_line(y).text


async def create_in_form(app: PosteditApp, pilot, key: str, title: str | None) -> str:  # type: ignore[no-untyped-def]
    """Press ``key`` (n, D) in the list, give the form ``title`` (None: keep the one it
    has), save it with ctrl+s and leave with escape, as a user does; returns the new path."""
    await pilot.press(key)
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, EditorScreen)
    if title is not None:
        form.editor_for("title").query_one(Input).value = title
        await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    await pilot.press("escape")
    await settle(app, pilot)
    assert app.screen is app.main
    (new,) = app.model.new
    return new


async def test_n_highlights_the_posting_it_made(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")  # the highlight elsewhere than on the first row
        assert app.main.table.current_key() == BRAVO
        new = await create_in_form(app, pilot, "n", "Echo ingénieur")
        assert app.main.table.current_key() == new
        line = highlighted_line(app)
        assert "Echo ingénieur" in line and " N " in line
        assert "Hidden" not in status_bar(app)


async def test_d_highlights_the_copy_not_its_original(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        copy = await create_in_form(app, pilot, "D", None)  # the copy keeps Bravo's title
        assert copy != BRAVO
        assert app.main.table.current_key() == copy
        assert "Bravo designer" in highlighted_line(app)
        assert " N " in highlighted_line(app)


async def test_a_new_posting_far_down_a_long_list_is_scrolled_to(make_repo) -> None:  # type: ignore[no-untyped-def]
    """The list is sorted by title; the new posting goes last, below the screen's rows."""
    files = {
        f"{JOBS}/2021-01-{day:02d}-job.md": f"---\ntitle: Job {day:02d}\nopen: true\n---\n"
        for day in range(1, 31)
    }
    app = make_app(make_repo(files), jobs_schema(sort="title"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.table.current_key() == f"{JOBS}/2021-01-01-job.md"
        new = await create_in_form(app, pilot, "n", "Zulu last of all")
        assert app.main.shown[-1] == new
        assert app.main.table.current_key() == new
        assert "Zulu last of all" in highlighted_line(app)


async def test_a_new_posting_the_filter_hides_is_said(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.query_one("#filter", Input).value = "charlie"
        await settle(app, pilot)
        app.main.table.focus()
        new = await create_in_form(app, pilot, "n", "Echo ingénieur")
        assert new not in app.main.shown
        assert app.main.table.current_key() == CHARLIE  # the filter stays as it was
        assert HIDDEN in status_bar(app)
        assert "Charlie" in highlighted_line(app)


async def test_ctrl_z_of_a_deletion_highlights_the_posting_back(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert not (site / BRAVO).exists()
        await pilot.press("j", "j")  # away from the deleted row
        assert app.main.table.current_key() == f"{JOBS}/2022-01-20-delta.md"
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert (site / BRAVO).exists()
        assert app.main.table.current_key() == BRAVO
        line = highlighted_line(app)
        assert "Bravo designer" in line and " D " not in line
        assert "Undid: Delete" in status_bar(app)


async def test_ctrl_z_of_two_deletions_keeps_the_highlight_on_either(site: Path) -> None:
    """The highlight goes to the first posting back only when it is on neither."""
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space", "d")  # Alpha and Bravo marked, Charlie highlighted
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert not (site / ALPHA).exists() and not (site / BRAVO).exists()
        await pilot.press("k", "ctrl+z")
        await settle(app, pilot)
        assert (site / ALPHA).exists() and (site / BRAVO).exists()
        assert app.main.table.current_key() == BRAVO
        await pilot.press("ctrl+y", "end")  # deleted again; the highlight on neither
        await settle(app, pilot)
        assert not (site / ALPHA).exists()
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.main.table.current_key() == ALPHA
        assert "Alpha développeur" in highlighted_line(app)


async def test_ctrl_z_of_a_revert_brings_the_new_posting_back_highlighted(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        new = await create_in_form(app, pilot, "n", "Echo ingénieur")
        await pilot.press("u")  # on the new posting: the file goes, after a question
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert not (site / new).exists() and new not in app.main.shown
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert (site / new).exists()
        assert app.main.table.current_key() == new
        assert "Echo ingénieur" in highlighted_line(app)
        await pilot.press("home", "ctrl+z")  # the creation undone, then redone
        await settle(app, pilot)
        assert not (site / new).exists()
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert app.main.table.current_key() == new


async def test_a_restore_under_a_filter_that_no_longer_takes_it_keeps_its_row(
    site: Path,
) -> None:
    """The row an edit changed stays until the filter changes (MainScreen.kept): restored,
    the posting is no longer ``is:deleted``, and is still shown, highlighted."""
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "d")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        app.main.query_one("#filter", Input).value = "is:deleted"
        await settle(app, pilot)
        assert app.main.shown == [BRAVO]
        app.main.table.focus()
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("r")  # as the only commit left it
        await settle(app, pilot)
        assert app.screen is app.main
        assert (site / BRAVO).exists()
        assert app.main.shown == [BRAVO]
        assert app.main.table.current_key() == BRAVO
        assert " D " not in highlighted_line(app)
        assert HIDDEN not in status_bar(app)


async def test_the_filter_changed_to_show_a_hidden_new_posting_highlights_it_once(
    site: Path,
) -> None:
    """After "Hidden by the filter", clearing the filter left the highlight on the row that
    had it: the new posting, shown now, is highlighted (once: the user's own move after
    that stays through later changes of the filter)."""
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"charlie", "enter")
        await settle(app, pilot)
        new = await create_in_form(app, pilot, "n", "Echo ingénieur")
        assert HIDDEN in status_bar(app) and app.main.table.current_key() == CHARLIE
        await pilot.press("slash", *["backspace"] * len("charlie"), "enter")
        await settle(app, pilot)
        assert new in app.main.shown
        assert app.main.table.current_key() == new
        assert "Echo ingénieur" in highlighted_line(app)
        await pilot.press("k")  # the user's own move
        mine = app.main.table.current_key()
        assert mine != new
        await pilot.press("slash", "space", "backspace", "enter")  # the list filtered again
        await settle(app, pilot)
        assert app.main.table.current_key() == mine


async def test_a_move_made_while_the_new_posting_is_hidden_wins(site: Path) -> None:
    """The user moved the highlight in the filtered list before the filter showed the new
    posting: their row keeps it."""
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"-echo", "enter")
        await settle(app, pilot)
        new = await create_in_form(app, pilot, "n", "Echo ingénieur")
        assert HIDDEN in status_bar(app)
        await pilot.press("j")
        mine = app.main.table.current_key()
        assert mine == BRAVO
        await pilot.press("slash", *["backspace"] * len("-echo"), "enter")
        await settle(app, pilot)
        assert new in app.main.shown
        assert app.main.table.current_key() == mine
