"""Undo/redo of edits (ctrl+z, ctrl+y), `u` asking before it throws a form edit away, and
restoring an old version from the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from postedit.tui.screens.commit import CommitScreen
from postedit.tui.screens.confirm import ConfirmScreen
from postedit.tui.screens.history import HistoryScreen
from tests.conftest import git
from tests.tui.helpers import JOBS, make_app, settle, status_bar

ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"


async def test_ctrl_z_undoes_a_toggle_of_two_postings_and_ctrl_y_redoes_it(site: Path) -> None:
    before = {r: (site / r).read_bytes() for r in (ALPHA, BRAVO)}
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space", "t")
        await settle(app, pilot)
        closed = {r: (site / r).read_bytes() for r in (ALPHA, BRAVO)}
        assert closed != before
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert {r: (site / r).read_bytes() for r in (ALPHA, BRAVO)} == before
        assert app.model.commit_paths() == []
        assert "Undid: Close 2 postings" in status_bar(app)
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert {r: (site / r).read_bytes() for r in (ALPHA, BRAVO)} == closed
        assert sorted(app.model.commit_paths()) == [ALPHA, BRAVO]
        assert "Redid: Close 2 postings" in status_bar(app)
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert "Nothing to redo" in status_bar(app)


async def test_u_asks_before_throwing_away_a_form_edit(site: Path) -> None:
    before = (site / ALPHA).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        title = app.screen.editor_for("title")  # type: ignore[attr-defined]
        title.query_one(Input).value = "Alpha renamed"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        edited = (site / ALPHA).read_bytes()
        assert b"title: Alpha renamed" in edited
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert (site / ALPHA).read_bytes() == edited  # nothing changed until yes
        await pilot.press("n")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == edited
        await pilot.press("u")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == before
        # the revert is a step of its own: ctrl+z brings the form edit back
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == edited
        assert app.model.commit_paths() == [ALPHA]
        assert 'Undid: Revert "Alpha renamed"' in status_bar(app)


async def test_u_reverts_a_toggle_at_once(site: Path) -> None:
    before = (site / ALPHA).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert app.screen is app.main
        assert (site / ALPHA).read_bytes() == before


async def test_u_says_it_throws_away_a_change_made_since_by_someone_else(site: Path) -> None:
    """A toggle, then the file changed in another shell: ``u`` wrote the bytes before the
    toggle at once, the other change lost without a word. It asks, naming it; ``n`` keeps
    every byte, ``y`` reverts and ctrl+z brings both changes back."""
    committed = (site / ALPHA).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        both = (site / ALPHA).read_bytes().replace(b"Paris", b"Lyon")
        assert both != committed and b"open: false" in both
        (site / ALPHA).write_bytes(both)
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "It also holds changes that postedit did not make" in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == both
        await pilot.press("u", "y")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == committed
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == both


async def test_history_r_restores_the_highlighted_version_as_a_pending_edit(site: Path) -> None:
    first = (site / ALPHA).read_bytes()
    (site / ALPHA).write_bytes(first.replace(b"Paris", b"Lyon"))
    git(site, "commit", "-q", "-am", "Move alpha to Lyon")
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "no edits" in status_bar(app)
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("down", "r")  # the first commit
        await settle(app, pilot)
        assert app.screen is app.main
        assert (site / ALPHA).read_bytes() == first
        assert app.model.commit_paths() == [ALPHA]
        assert "1 edit" in status_bar(app)
        assert "M" in app.main.cells(ALPHA)[1].plain
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert b"Lyon" in (site / ALPHA).read_bytes()
        assert app.model.commit_paths() == []


async def test_ctrl_z_leaves_an_earlier_sessions_edit_pending(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")  # left uncommitted: the next session's "earlier" edit
        await settle(app, pilot)
    earlier = (site / ALPHA).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.model.commit_paths() == [ALPHA]
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == earlier
        # the earlier session's edit is still postedit's, still to commit
        assert app.model.commit_paths() == [ALPHA]
        assert "1 edit" in status_bar(app)


async def test_ctrl_z_gives_back_someone_elses_change_as_theirs(site: Path) -> None:
    theirs = (site / ALPHA).read_bytes().replace(b"Paris", b"Lyon")
    (site / ALPHA).write_bytes(theirs)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert ALPHA in app.model.outside
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")  # discard their change
        await settle(app, pilot)
        assert b"Lyon" not in (site / ALPHA).read_bytes()
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == theirs
        # theirs again: not postedit's to commit
        assert app.model.commit_paths() == []
        assert ALPHA in app.model.outside


async def test_ctrl_z_waits_for_a_commit_under_way(site: Path) -> None:
    """A commit takes the git lock (its hooks may run for seconds): an undo pressed meanwhile
    waits for it, rather than writing the file git is committing."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        closed = (site / ALPHA).read_bytes()
        with app.git.lock:  # as a commit holds it
            await pilot.press("ctrl+z")
            for _ in range(200):  # until the undo is waiting, or (wrongly) done
                await pilot.pause()
                if app.edits.lock.locked() or not any(w.is_running for w in app.workers):
                    break
            assert (site / ALPHA).read_bytes() == closed
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() != closed


async def test_u_reverts_an_earlier_sessions_edit_once_this_sessions_are_undone(
    site: Path,
) -> None:
    committed = (site / ALPHA).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")  # left uncommitted: the next session's "earlier" edit
        await settle(app, pilot)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("ctrl+z")  # this session's edit undone: the earlier one is left
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == committed
        assert app.model.commit_paths() == []


async def test_status_messages_show_a_title_s_escapes_as_the_list_does(make_repo) -> None:  # type: ignore[no-untyped-def]
    evil = f"{JOBS}/2021-05-01-evil.md"
    site = make_repo({evil: '---\ntitle: "Evil \\e]0;pwn\\a"\nopen: true\n---\nbody\n'})
    shown = "Evil \\x1b]0;pwn\\x07"  # what the list's title cell shows
    app = make_app(site)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(app, pilot)
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert shown in screen
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("ctrl+z")  # a step said as its commit would say it
        await settle(app, pilot)
        assert f'Undid: Close "{shown}"' in status_bar(app)
        await pilot.press("ctrl+y")
        await settle(app, pilot)  # the redo written before u looks at what is pending
        await pilot.press("u")  # a step said with its own verb
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert f'Undid: Revert "{shown}"' in status_bar(app)


async def test_u_on_a_new_posting_says_the_file_goes(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``u`` on a posting postedit created asked "Fields and body go back as they were before
    postedit changed them", and then removed the file (qa27): the question says so."""
    import postedit.tui.screens.editor as editor
    from tests.tui.test_wiring import NEW, FakeEditor

    monkeypatch.setattr(editor, "EditorScreen", FakeEditor)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert (site / NEW).exists()
        assert app.main.table.current_key() == NEW  # u acts on the new posting
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "is removed" in app.screen.question
        assert "go back as they were" not in app.screen.question
        await pilot.press("y")
        await settle(app, pilot)
        assert not (site / NEW).exists()
        await pilot.press("ctrl+z")  # as the question says
        await settle(app, pilot)
        assert (site / NEW).exists()


def _move_alpha(site: Path) -> tuple[bytes, bytes, str]:
    """Commit alpha moved to Lyon: its first version, the moved one, and the first commit."""
    first = (site / ALPHA).read_bytes()
    moved = first.replace(b"Paris", b"Lyon")
    (site / ALPHA).write_bytes(moved)
    git(site, "commit", "-q", "-am", "Move alpha to Lyon")
    return first, moved, git(site, "rev-list", "--max-parents=0", "HEAD").strip()


async def _restore_first(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """``r`` on the first commit of the highlighted posting's history (``L``)."""
    await settle(app, pilot)
    await pilot.press("L")
    await settle(app, pilot)
    await pilot.press("down", "r")  # the first commit
    await settle(app, pilot)


async def test_the_commit_dialog_words_a_restore_as_the_command_line_does(site: Path) -> None:
    """After ``r`` in the history the commit dialog offered ``Update "..."``: a restore is
    offered as ``Restore "..." (as of 1a2b3c4)``, the words of ``restore --commit``, from
    core/messages.py, and committed with them."""
    first, _moved, root = _move_alpha(site)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _restore_first(app, pilot)
        assert 'Restore "Alpha développeur" (as of' in status_bar(app)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        message = app.screen.query_one("#commit-message", TextArea).text
        assert message == f'Restore "Alpha développeur" (as of {root[:7]})'
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert git(site, "log", "-1", "--format=%s").strip() == message


async def test_u_on_a_restore_asks_to_revert_the_restore(site: Path) -> None:
    """``u`` on a posting ``r`` restored asked "Revert this edit? Fields and body go back as
    they were before postedit changed them", as for a form edit: it says a restore is taken
    back, with the commit its version is of, as the commit would be worded."""
    first, moved, root = _move_alpha(site)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _restore_first(app, pilot)
        assert (site / ALPHA).read_bytes() == first
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == (
            f"Revert this restore (as of {root[:7]})?\n{ALPHA}\n\n"
            "The file goes back as it was before the restore (ctrl+z brings the restore back)."
        )
        await pilot.press("y")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == moved


async def test_a_restore_committed_and_undone_is_offered_as_a_restore_again(site: Path) -> None:
    """``r`` in the history, ``c``, then undo: the commit dialog offered ``Update "..."`` for
    the pending restore; it offers the undone commit's words, ``Restore "..." (as of ...)``,
    as ``postedit commit`` words it."""
    first, _moved, root = _move_alpha(site)
    restore = f'Restore "Alpha développeur" (as of {root[:7]})'
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        await pilot.press("down", "r", "c")  # the first commit
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert git(site, "log", "-1", "--format=%s").strip() == restore
        app.git.undo()
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert git(site, "log", "-1", "--format=%s").strip() == "Move alpha to Lyon"
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        assert app.screen.query_one("#commit-message", TextArea).text == restore
