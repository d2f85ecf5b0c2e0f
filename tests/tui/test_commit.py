"""The commit dialog: real commits in temporary repositories, hooks, cancel, errors first."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.widgets import TextArea

from postedit.tui.screens.commit import CommitScreen
from postedit.tui.screens.confirm import ConfirmScreen
from tests.conftest import git
from tests.tui.helpers import (
    JOBS,
    make_app,
    screen_lines,
    settle,
    status_bar,
    toggle_and_commit,
)

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from postedit.tui.app import PosteditApp

ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"


def _head(site: Path) -> str:
    return git(site, "rev-parse", "HEAD").strip()


async def test_commit_holds_only_postedits_files(site: Path) -> None:
    (site / "README.md").write_text("# site\nlocal notes\n")  # unrelated, unstaged
    (site / "other.txt").write_text("staged work\n")
    git(site, "add", "other.txt")  # unrelated, staged
    head = _head(site)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        diff = "\n".join(screen_lines(app))
        assert "-open: true" in diff and "+open: false" in diff
        message = app.screen.query_one("#commit-message").text  # type: ignore[attr-defined]
        assert message.startswith('Close "Alpha développeur"')
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitScreen)
        assert app.model.commit_paths() == []
        status = status_bar(app)
        assert "committed" in status
    assert git(site, "rev-parse", "HEAD~1").strip() == head
    assert git(site, "show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        'Close "Alpha développeur"',
        "",
        ALPHA,
    ]
    assert git(site, "diff", "--cached", "--name-only").split() == ["other.txt"]
    assert git(site, "diff", "--name-only").split() == ["README.md"]


async def test_enter_in_the_diff_commits(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space", "t")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        await pilot.press("enter")
        await settle(app, pilot)
    files = git(site, "show", "--name-only", "--format=%s", "HEAD").splitlines()
    assert files[0] == "Close 2 postings"
    assert sorted(files[-2:]) == [ALPHA, BRAVO]


async def test_cancel_commits_nothing(site: Path) -> None:
    head = _head(site)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t", "c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.model.commit_paths() == [ALPHA]
    assert _head(site) == head
    assert b"open: false" in (site / ALPHA).read_bytes()


MESSAGE = "Close alpha: filled"
"""A commit message the user writes in place of the one postedit offers."""


async def _write_message_then(app: PosteditApp, pilot: Pilot, key: str) -> None:
    """``t``, ``c``, the user's own message, then ``key`` (escape, ctrl+s...)."""
    await pilot.press("t", "c")
    await settle(app, pilot)
    app.screen.query_one("#commit-message", TextArea).load_text(MESSAGE)
    await pilot.press(key)
    await settle(app, pilot)


async def _message_offered_again_commits(app: PosteditApp, pilot: Pilot, site: Path) -> None:
    """The next ``c`` offers the user's message, and ctrl+s commits with it."""
    await pilot.press("c")
    await settle(app, pilot)
    assert isinstance(app.screen, CommitScreen)
    assert app.screen.query_one("#commit-message", TextArea).text == MESSAGE
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert git(site, "log", "-1", "--format=%s").strip() == MESSAGE


def _refusing_hook(site: Path, reason: str) -> None:
    hook = site / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\necho '{reason}' >&2\nexit 1\n")
    hook.chmod(0o755)


async def test_a_message_written_then_cancelled_comes_back_at_the_next_c(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _write_message_then(app, pilot, "escape")
        assert "message is kept" in status_bar(app)
        await _message_offered_again_commits(app, pilot, site)


async def test_rejecting_hook_is_shown_and_edits_are_kept(site: Path) -> None:
    _refusing_hook(site, "postings must be reviewed by Alice")
    head = _head(site)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)
        messages = "\n".join(n.message for n in app._notifications)
        assert "reviewed by Alice" in messages
        assert "Traceback" not in messages
        assert messages.count("still on disk") == 1  # git's refusal says so already
        assert app.model.commit_paths() == [ALPHA]
    assert _head(site) == head
    assert b"open: false" in (site / ALPHA).read_bytes()


async def test_a_hook_s_refusal_does_not_cover_the_next_screen(site: Path) -> None:
    """The refusal's notice stayed ten seconds over whatever screen came next: ``enter``
    opened the form under it, its fields hidden at 80x24. It is about the commit, on the
    list: going to another screen clears it (the status bar keeps the pending edit)."""
    from postedit.tui.screens.editor import EditorScreen

    _refusing_hook(site, "postings must be reviewed by Alice")
    app = make_app(site)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)
        await pilot.pause()
        assert "reviewed by Alice" in "\n".join(screen_lines(app))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen)
        assert "reviewed by Alice" not in "\n".join(screen_lines(app))
        assert not [n for n in app._notifications if n.severity == "error"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert "reviewed by Alice" not in "\n".join(screen_lines(app))


async def test_a_message_written_is_kept_when_a_hook_refuses_the_commit(site: Path) -> None:
    """The hook's refusal closed the dialog and the next ``c`` offered the prefilled
    message again: the one the user wrote was gone (qa27); escape keeps it, so must this."""
    _refusing_hook(site, "trailing spaces")
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _write_message_then(app, pilot, "ctrl+s")
        assert not isinstance(app.screen, CommitScreen)
        assert "trailing spaces" in "\n".join(n.message for n in app._notifications)
        (site / ".git" / "hooks" / "pre-commit").unlink()
        await _message_offered_again_commits(app, pilot, site)


async def test_a_message_a_commit_msg_hook_rewrote_is_shown_as_git_made_it(site: Path) -> None:
    from textual.markup import to_content

    hook = site / ".git" / "hooks" / "commit-msg"
    hook.write_text('#!/bin/sh\nsed -i "1s/^/[JOBS] /" "$1"\n')
    hook.chmod(0o755)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)
        subject = git(site, "log", "-1", "--format=%s").strip()
        assert subject == '[JOBS] Close "Alpha développeur"'
        assert subject in status_bar(app)  # Textual's markup read "[JOBS]" as a tag
        shown = [to_content(n.message).plain for n in app._notifications]
        assert any(subject in text for text in shown)


async def test_undo_last_commit_from_the_palette(site: Path) -> None:
    head = _head(site)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)
        assert _head(site) != head
        app.git.undo()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.endswith("Its changes come back as pending edits.")
        await pilot.press("y")
        await settle(app, pilot)
        assert _head(site) == head
        assert app.model.commit_paths() == [ALPHA]
    assert b"open: false" in (site / ALPHA).read_bytes()


async def test_the_undo_question_says_nothing_comes_back_when_the_change_was_taken_back(
    site: Path,
) -> None:
    """``t`` and a commit, then ``t`` again: the file holds the version before the commit.
    The question said "Its changes come back as pending edits", and nothing came back (the
    notice after it said so): it says what undo will do."""
    head = _head(site)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await toggle_and_commit(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        app.git.undo()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert "come back as pending edits" not in question
        assert "Nothing comes back as pending" in question
        await pilot.press("y")
        await settle(app, pilot)
        assert _head(site) == head
        assert app.model.commit_paths() == []


async def test_an_unexpected_worker_error_is_a_message_not_a_crash(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.session.repo is not None

        def broken(paths: list[str], message: str, **_: object) -> None:
            raise RuntimeError("disk on fire [bold]")

        app.session.commit = broken  # type: ignore[method-assign]
        await toggle_and_commit(app, pilot)
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("RuntimeError: disk on fire \\[bold]" in m for m in messages), messages
        assert any("still on disk" in m for m in messages)
        assert app.model.commit_paths() == [ALPHA]


async def test_a_deletion_is_committed(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("d", "y")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        message = app.screen.query_one("#commit-message").text  # type: ignore[attr-defined]
        assert message == 'Delete "Alpha développeur"'
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert ALPHA not in app.main.shown
    assert git(site, "show", "--name-status", "--format=", "HEAD").split() == ["D", ALPHA]


async def test_a_new_posting_is_committed(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import postedit.tui.screens.editor as editor
    from tests.tui.test_wiring import NEW, FakeEditor

    monkeypatch.setattr(editor, "EditorScreen", FakeEditor)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.model.commit_paths() == []
    assert git(site, "show", "--name-status", "--format=%s", "HEAD").split("\n")[:3] == [
        'Create "New one"',
        "",
        f"A\t{NEW}",
    ]


async def test_c_shows_someone_elses_change_over_a_toggle_and_takes_it_on_only_when_asked(
    site: Path,
) -> None:
    """A toggled file then changed by someone else (another field, a line appended): `c`
    refused it and nothing in postedit took their change on. Now `c` shows their change on its
    own (against postedit's toggle) at 80x24, buttons on screen; `l` leaves, nothing committed
    and nothing changed; `c a` opens the commit dialog on both, and ctrl+s commits both."""
    from postedit.tui.screens.editor import _Dialog

    head = _head(site)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        toggled = (site / ALPHA).read_bytes()
        theirs = toggled.replace(b"city: Paris", b"city: Lyon") + b"\nsomeone else's line\n"
        (site / ALPHA).write_bytes(theirs)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, _Dialog)
        shown = "\n".join(screen_lines(app))
        assert "not make (another program's, not committed)" in shown.replace("\n", " ")
        assert "-city: Paris  # where" in shown and "+city: Lyon  # where" in shown
        details = str(app.screen.query_one("#dialog-details Static").render())
        assert "+someone else's line" in details  # further down the box (it scrolls)
        assert "open:" not in details  # the toggle is postedit's: not in their change
        assert "Take it on (a)" in shown and "Leave (l)" in shown  # the buttons fit
        await pilot.press("l")
        await settle(app, pilot)
        assert not isinstance(app.screen, (_Dialog, CommitScreen))
        assert _head(site) == head and (site / ALPHA).read_bytes() == theirs

        await pilot.press("c", "a")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert _head(site) != head
    assert git(site, "show", f"HEAD:{ALPHA}").encode() == theirs
    assert git(site, "status", "--porcelain") == ""


async def test_c_still_refuses_a_change_made_before_the_toggle(site: Path) -> None:
    """Someone's uncommitted change, then a toggle of the same file: there is no version of
    postedit's alone to show their change against, so `c` refuses, and says how (not git
    stash, which would set the toggle aside too)."""
    with (site / ALPHA).open("ab") as f:
        f.write(b"\nsomeone else's line\n")
    head = _head(site)
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t", "c")
        await settle(app, pilot)
        assert app.screen is app.main
        said = "\n".join(n.message for n in app._notifications)
        assert f"{ALPHA}: holds your edit and a change postedit did not make" in said
        assert f"commit the file with git (git commit {ALPHA})" in said
        assert "stash" not in said
    assert _head(site) == head
    assert (site / ALPHA).read_bytes().endswith(b"someone else's line\n")


async def _toggle_and_commit_with(site: Path, *keys: str) -> None:
    """``t``, ``c``, then ``keys`` in the commit dialog and ctrl+s."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t", "c")
        await settle(app, pilot)
        await pilot.press(*keys, "ctrl+s")
        await settle(app, pilot)


async def test_a_message_typed_after_tab_replaces_the_one_offered(site: Path) -> None:
    """qa28: tab put the cursor before the offered message, so "Filled" typed there was
    committed as 'Filled Close "Alpha développeur"'-like run-together text. The offered
    message is selected when tab reaches it: typing replaces it, an arrow keeps it."""
    await _toggle_and_commit_with(site, "tab", *"Filled")
    assert git(site, "log", "-1", "--format=%B").strip() == "Filled"


async def test_an_arrow_after_tab_keeps_the_offered_message_to_edit(site: Path) -> None:
    await _toggle_and_commit_with(site, "tab", "end", *" now")
    assert git(site, "log", "-1", "--format=%s").strip() == 'Close "Alpha développeur" now'


async def test_a_message_written_before_is_edited_at_its_end(site: Path) -> None:
    """The user's own message, kept by escape, is theirs: tab puts the cursor after it."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _write_message_then(app, pilot, "escape")
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("tab", *" today", "ctrl+s")
        await settle(app, pilot)
    assert git(site, "log", "-1", "--format=%s").strip() == MESSAGE + " today"


async def test_a_long_line_changed_at_its_end_is_shown_whole_at_80_columns(site: Path) -> None:
    """The dialog cut every line of the diff at its width with an ellipsis: a word fixed at
    the end of a long line (a paragraph of the body, a link, a long title) showed as two
    identical lines, ``-La grille ... [https://doc.incuba…`` and ``+La grille ...
    [https://doc.incuba…``, so the change committed could not be seen (qa29, beta.gouv's
    offers). A changed line wraps; context and header lines are still cut."""
    long = "Alpha développeur " + "avec une très longue description du poste " * 3
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.session.set_fields(app.workspace.read(ALPHA), {"title": long + "version deux"})
        await pilot.press("r")  # the write is read in, as after any edit
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        lines = screen_lines(app)
        top = next(n for n, line in enumerate(lines) if "╭" in line)
        bottom = next(n for n, line in enumerate(lines) if "╰" in line)
        diff = [line.split("│")[1].rstrip(" ▂▃▄▅▆▇") for line in lines[top + 1 : bottom]]
        start = next(n for n, line in enumerate(diff) if line.startswith("+title: "))
        end = next(n for n in range(start + 1, len(diff)) if diff[n].startswith(" open: "))
        assert " ".join(diff[start:end]).split() == f"+title: {long}version deux".split()
        assert end - start > 1  # wrapped, not cut
        assert next(line for line in diff if line.startswith("diff --git")).endswith("…")


def test_a_changed_line_wraps_beside_its_mark() -> None:
    """A removed line that wrapped before a ``+33`` (a phone number) went on at the first
    column: under NO_COLOR its rest read as an added line. The rest of a changed line goes
    on beside its mark; only the lines git marks start with ``+`` or ``-``."""
    from rich.console import Console

    from postedit.tui.screens.commit import colour_diff

    removed = "-phone: " + "0" * 21 + " +33 6 12 34 56 78"
    console = Console(width=30, no_color=True, record=True, file=io.StringIO())
    console.print(colour_diff(f"@@ -1 +1 @@\n{removed}\n+phone: x\n"))
    lines = console.export_text().splitlines()
    assert [line[0] for line in lines] == ["@", "-", " ", "+"]
    assert "".join(line[1:] for line in lines[1:3]).split() == removed[1:].split()
