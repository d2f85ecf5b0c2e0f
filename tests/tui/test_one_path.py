"""The TUI commits through the same edit session as the command line: the same refusal of
someone else's changes, the same message for the same change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

from postedit.tui.app import PosteditApp
from postedit.tui.screens.commit import CommitScreen
from tests.conftest import git
from tests.tui.helpers import make_app, settle, status_bar


def _subjects(root: Path) -> list[str]:
    return git(root, "log", "--format=%s").splitlines()


async def _toggle_then_commit(app: PosteditApp, pilot: Pilot[None]) -> None:
    """Once the list is loaded: `t` on the first posting, then `c`."""
    await settle(app, pilot)
    await pilot.press("t", "c")
    await settle(app, pilot)


async def test_a_line_added_by_another_editor_after_a_toggle_is_never_committed(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    rel = "content/_jobs/a.md"
    root = make_repo({rel: "---\ntitle: A\nopen: true\n---\nBody\n"})
    app = make_app(root, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert b"open: false" in (root / rel).read_bytes()
        with (root / rel).open("ab") as fh:  # another editor, after postedit's write
            fh.write(b"appended by someone else\n")
        await pilot.press("c")
        await settle(app, pilot)
        if isinstance(app.screen, CommitScreen):
            await pilot.press("ctrl+s")
            await settle(app, pilot)
        # c shows their change and asks (flow32b): only `a` takes it on
        said = " ".join(n.message for n in app._notifications)
        said += " ".join(str(s.render()) for s in app.screen.query(".dialog-message"))
        assert "did not make" in said
        await pilot.press("escape", "ctrl+s")
        await settle(app, pilot)
    assert _subjects(root) == ["initial"]
    assert (root / rel).read_bytes().endswith(b"appended by someone else\n")


@pytest.mark.parametrize("meanwhile", ["appended", "staged", "detached"])
async def test_what_another_program_does_while_the_commit_dialog_is_open_is_refused(
    make_repo,  # type: ignore[no-untyped-def]
    meanwhile: str,
) -> None:
    """The dialog may stay open for long: ctrl+s asks git again (the branch, git status) and
    reads the bytes again, whatever `c` found when it opened the dialog."""
    rel = "content/_jobs/a.md"
    root = make_repo({rel: "---\ntitle: A\nopen: true\n---\nBody\n"})
    app = make_app(root, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await _toggle_then_commit(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        toggled = (root / rel).read_bytes()
        if meanwhile == "appended":  # another editor saves the file
            with (root / rel).open("ab") as fh:
                fh.write(b"appended by someone else\n")
        elif meanwhile == "staged":  # someone stages their version; postedit's is on disk
            (root / rel).write_bytes(b"---\ntitle: Theirs\nopen: true\n---\nBody\n")
            git(root, "add", rel)
            (root / rel).write_bytes(toggled)
        else:
            git(root, "checkout", "-q", "--detach")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        notices = " ".join(n.message for n in app._notifications)
        said = "HEAD is detached" if meanwhile == "detached" else "did not make"
        assert said in notices
    assert _subjects(root) == ["initial"]
    if meanwhile == "staged":
        assert "title: Theirs" in git(root, "show", f":{rel}")  # their staged version kept


async def test_an_inverted_status_commits_with_the_same_words_as_the_command_line(
    make_repo,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    files = {
        "_posts/hello.md": "---\ntitle: Hello\ndraft: false\n---\nHi\n",
        "_posts/world.md": "---\ntitle: World\ndraft: false\n---\nHo\n",
    }
    root = make_repo(files)
    app = make_app(root, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await _toggle_then_commit(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    tui = git(root, "log", "-1", "--format=%s").strip()
    cli = subprocess.run(
        [sys.executable, "-m", "postedit", "set", "_posts/world.md", "--field", "draft=true"]
        + ["--commit"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "committed" in cli.stdout
    assert tui == 'Close "Hello"'
    assert git(root, "log", "-1", "--format=%s").strip() == 'Close "World"'


async def test_a_posting_in_a_submodule_is_refused_in_git_s_words(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    postings = make_repo({"_jobs/a.md": "---\ntitle: A\nopen: true\n---\nBody\n"}, "postings")
    root = make_repo({"README.md": "site\n"})
    git(
        root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(postings), "content"
    )
    git(root, "commit", "-q", "-m", "the postings")
    app = make_app(root, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await _toggle_then_commit(app, pilot)
        assert not isinstance(app.screen, CommitScreen)
        notices = " ".join(n.message for n in app._notifications)
        assert "is in submodule 'content'" in notices
    assert _subjects(root) == ["the postings", "initial"]
    assert b"open: false" in (root / "content/_jobs/a.md").read_bytes()  # the edit is kept


async def test_an_earlier_edit_set_back_to_head_leaves_nothing_to_commit(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    rel = "_jobs/a.md"
    root = make_repo({rel: "---\ntitle: A\nopen: true\n---\nBody\n"})
    subprocess.run(
        [sys.executable, "-m", "postedit", "set", rel, "--field", "open=false"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    app = make_app(root, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.model.commit_paths() == [rel]
        await pilot.press("t")  # back as HEAD has it: what `set --commit` calls nothing changed
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitScreen)
        notices = " ".join(n.message for n in app._notifications)
        assert "Nothing to commit" in notices
        assert app.model.commit_paths() == []
        assert "no edits" in status_bar(app)
    assert git(root, "status", "--porcelain") == ""


async def test_a_bare_repository_is_not_told_to_run_git_init(
    make_repo,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    root = make_repo({"_jobs/a.md": "---\ntitle: A\nopen: true\n---\nBody\n"})
    bare = tmp_path / "site.git"
    git(tmp_path, "clone", "-q", "--bare", str(root), str(bare))
    app = make_app(bare, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        banner = str(app.main.query_one("#banner").render())
        assert "bare" in banner and "clone it" in banner
        assert "git init" not in banner  # it would only initialise the bare repository again


async def test_a_repository_git_cannot_read_is_not_told_to_run_git_init(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    root = make_repo({"_jobs/a.md": "---\ntitle: A\nopen: true\n---\nBody\n"})
    (root / ".git" / "index").write_bytes(b"garbage")  # git status: "index file smaller..."
    app = make_app(root, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        banner = str(app.main.query_one("#banner").render())
        assert "index file smaller than expected" in banner  # git's words
        assert "git init" not in banner  # it is a repository: git init would not mend it


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving the repository another owner (git's 'dubious ownership') needs root",
)
async def test_a_repository_another_user_owns_shows_git_s_reason(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    root = make_repo({"_jobs/a.md": "---\ntitle: A\nopen: true\n---\nBody\n"})
    subprocess.run(["chown", "-R", "54321:54321", str(root)], check=True)
    app = make_app(root, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        banner = str(app.main.query_one("#banner").render())
        assert "dubious ownership" in banner and "safe.directory" in banner
        await pilot.press("t", "c")
        await settle(app, pilot)
        said = [n.message for n in app._notifications if "Cannot commit" in n.message]
        assert said and "safe.directory" in said[-1]
        assert not any("git init" in m for m in [banner, *said])
