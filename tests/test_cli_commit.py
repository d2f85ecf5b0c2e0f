"""``postedit set --commit`` commits as ``git commit`` would, or refuses clearly with nothing lost.

Each test runs the real command in a real repository and looks at what reached git and the
disk: the commit's files, bytes and message.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git, run_cli
from tests.reliability.support import start_paused

A = "_jobs/a.md"
B = "_jobs/b.md"
POSTS = {
    A: "---\ntitle: A\nopen: true\n---\nBody A\n",
    B: "---\ntitle: B\nopen: true\n---\nBody B\n",
    "_jobs/c.md": "---\ntitle: C\nopen: false\n---\nBody C\n",
}


def _postedit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def _process(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m postedit ARGS``: for what the process takes from its environment and the
    exit status it ends with."""
    return subprocess.run(
        [sys.executable, "-m", "postedit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def _files_of(root: Path, rev: str = "HEAD") -> list[str]:
    out = git(root, "-c", "core.quotepath=off", "show", "--format=", "--name-status", rev)
    return out.split("\n")[:-1]


def test_commit_holds_the_one_line_change_and_says_so(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    head = _head(root)
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert result.returncode == 0, result.stderr
    assert git(root, "rev-parse", "HEAD~1").strip() == head
    assert _files_of(root) == [f"M\t{A}"]
    diff = git(root, "show", "--format=", "-U0", "HEAD")
    assert "-open: true\n+open: false\n" in diff and diff.count("\n+") == 2  # +++ and the line
    sha = _head(root)
    assert (
        result.stdout
        == (  # what changed, then the commit
            f"{A}: open: true -> false\ncommitted {sha[:7]} Close A (1 file)\n"
        )
    )
    assert git(root, "status", "--porcelain") == ""
    assert (root / ".git/postedit/commits").read_text().split()[-2] == sha  # undo may take it


def test_default_message_says_what_changed(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    result = _postedit(root, "set", A, B, "--field", "open=false", "--commit")
    assert result.returncode == 0, result.stderr
    assert git(root, "log", "-1", "--format=%B").strip() == (
        'Close 2 postings\n\nClose "A"\nClose "B"'
    )


def test_skip_worktree_posting_is_not_deleted_by_the_commit(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    head = _head(root)
    git(root, "update-index", "--skip-worktree", A)
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert result.returncode == 0, result.stderr
    assert "nothing to commit" in result.stderr  # what git commit says
    assert _head(root) == head
    assert git(root, "ls-tree", "--name-only", "HEAD", A).strip() == A  # still in HEAD
    assert "open: false" in (root / A).read_text()  # the edit stays on disk


def test_assume_unchanged_posting_is_committed_as_git_commit_does(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    git(root, "update-index", "--assume-unchanged", A)
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert result.returncode == 0, result.stderr
    assert _files_of(root) == [f"M\t{A}"]
    assert "open: false" in git(root, "show", f"HEAD:{A}")
    # nothing of the edit is forgotten: there is nothing left to commit
    assert "no pending" in _postedit(root, "diff", "--pending").stderr


def test_git_dir_and_work_tree_from_the_environment_name_one_repository(
    make_repo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    here = make_repo(POSTS, "here")
    there = tmp_path / "there"
    git(tmp_path, "clone", "-q", str(here), str(there))
    head = _head(here)
    env = {**os.environ, "GIT_DIR": str(there / ".git"), "GIT_WORK_TREE": str(there)}
    result = _process(here, "set", A, "--field", "open=false", "--commit", "-m", "x", env=env)
    assert result.returncode == 0, result.stderr
    assert _head(here) == head and (here / A).read_text() == POSTS[A]  # untouched
    assert _files_of(there) == [f"M\t{A}"] and "open: false" in (there / A).read_text()


@pytest.mark.parametrize("how", ["autocrlf", "attributes"])
def test_crlf_checkouts_commit_the_one_line_change(make_repo, how: str) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    if how == "autocrlf":
        git(root, "config", "core.autocrlf", "true")
    else:
        (root / ".gitattributes").write_text("*.md eol=crlf\n")
        git(root, "add", ".gitattributes")
        git(root, "commit", "-qm", "crlf")
    for rel in POSTS:
        (root / rel).unlink()
    git(root, "checkout", "--", ".")
    assert (root / A).read_bytes().count(b"\r\n") == 5  # a clean CRLF checkout
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert result.returncode == 0, result.stderr
    assert _files_of(root) == [f"M\t{A}"]
    assert git(root, "show", f"HEAD:{A}") == POSTS[A].replace("true", "false")
    assert (root / A).read_bytes() == POSTS[A].replace("true", "false").replace(
        "\n", "\r\n"
    ).encode()
    assert git(root, "status", "--porcelain") == ""


def test_a_file_name_that_is_not_utf8(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    name = os.fsdecode(b"_jobs/caf\xe9.md")
    (root / name).write_text(POSTS[A])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "latin-1 name")
    for _ in range(2):  # and a later run is not refused
        result = _postedit(root, "set", name, "--field", "open=false", "--commit", "-m", "x")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert git(root, "log", "--format=%s").splitlines() == ["x", "latin-1 name", "initial"]
    assert not [p for p in (root / ".git/postedit").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_killed_after_the_write_the_same_command_completes_the_job(
    make_repo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    args = ("set", A, "--field", "open=false", "--commit")
    start_paused(root, "write:done", *args, marker=tmp_path / "paused").kill(group=True)
    assert "open: false" in (root / A).read_text()
    assert git(root, "log", "--format=%s").splitlines() == ["initial"]
    result = _postedit(root, *args)
    assert result.returncode == 0, result.stderr
    assert _files_of(root) == [f"M\t{A}"]
    assert git(root, "log", "-1", "--format=%s").strip() == 'Close "A"'


def test_new_untracked_posting_changed_by_someone_else_is_refused(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    new = "_jobs/new.md"
    (root / new).write_text("---\ntitle: New\nopen: false\n---\nBody\n")
    result = _postedit(root, "set", new, "--field", "open=true", "--commit", "-m", "New")
    assert result.returncode == 1
    assert f"{new}: error: has uncommitted changes that postedit did not make" in result.stderr
    assert "open: false" in (root / new).read_text()  # nothing edited


def test_linked_worktree_with_packed_refs(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    other = tmp_path / "other"
    git(root, "worktree", "add", "-q", "-b", "side", str(other))
    git(root, "pack-refs", "--all")
    result = _postedit(other, "set", A, "--field", "open=false", "--commit", "-m", "Side")
    assert result.returncode == 0, result.stderr
    sha = _head(other)
    assert git(root, "rev-parse", "side").strip() == sha
    assert git(root, "rev-parse", "main").strip() != sha


def test_other_work_staged_stays_staged(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    (root / B).write_text(POSTS[B].replace("Body B", "Staged by the user"))
    git(root, "add", B)
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert result.returncode == 0, result.stderr
    assert _files_of(root) == [f"M\t{A}"]
    assert git(root, "diff", "--cached", "--name-only").split() == [B]


def test_detached_head_is_refused_before_writing(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    git(root, "checkout", "-q", "--detach")
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "x")
    assert result.returncode == 1
    assert "HEAD is detached" in result.stderr and "git switch NAME" in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / A).read_text() == POSTS[A]


def test_without_identity_it_explains_and_keeps_the_edit(
    make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.delenv("EMAIL", raising=False)
    head = _head(root)
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "x")
    assert result.returncode == 1
    assert 'git config user.name "Your Name"' in result.stderr
    assert "the edits are still on disk" in result.stderr
    assert _head(root) == head
    assert git(root, "status", "--porcelain") == " M _jobs/a.md\n"


def test_a_rejecting_hook_says_why_in_git_s_words(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no closing on Fridays' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "x")
    assert result.returncode == 1
    assert "no closing on Fridays" in result.stderr
    assert "open: false" in (root / A).read_text()
    # fixed: the same command commits what is now on disk
    hook.unlink()
    assert _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "x").returncode == 0
    assert _files_of(root) == [f"M\t{A}"]


def test_set_without_commit_then_commit(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    assert _postedit(root, "set", A, "--field", "open=false").returncode == 0
    again = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert again.returncode == 0, again.stderr
    assert _files_of(root) == [f"M\t{A}"]


def test_set_paths_commit_alone_commits_the_pending_edits(make_repo) -> None:  # type: ignore[no-untyped-def]
    """`postedit set PATH --commit`, as docs/git.md and `diff --help` name it: commits what
    postedit left pending (an undo, a restore, a set without --commit), editing nothing."""
    root = make_repo(POSTS)
    assert _postedit(root, "set", A, "--field", "open=false", "--commit").returncode == 0
    assert _postedit(root, "undo").returncode == 0
    (root / B).write_text("theirs\n")  # someone else's: still refused, still theirs
    refused = _postedit(root, "set", A, B, "--commit", "-m", "Close A again")
    assert refused.returncode == 1
    assert f"{B}: error: has uncommitted changes that postedit did not make" in refused.stderr
    result = _postedit(root, "set", A, "--commit", "-m", "Close A again")
    assert result.returncode == 0, result.stderr
    assert _files_of(root) == [f"M\t{A}"]
    assert "open: false" in git(root, "show", f"HEAD:{A}")
    assert (root / B).read_text() == "theirs\n"
    for usage in (["set", A], ["set", "--where", "open:true", "--commit"]):
        assert _process(root, *usage).returncode == 2


def test_a_blank_message_is_refused_before_anything_is_edited(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    result = _postedit(root, "set", A, "--field", "open=false", "--commit", "-m", " \n\t")
    assert result.returncode == 2
    assert "--message is empty" in result.stderr
    assert (root / A).read_text() == POSTS[A]


def test_inverted_status_reads_close(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"_posts/hello.md": "---\ntitle: Hello\ndraft: false\n---\nHi\n"})
    result = _postedit(root, "set", "_posts/hello.md", "--field", "draft=true", "--commit")
    assert result.returncode == 0, result.stderr
    assert git(root, "log", "-1", "--format=%s").strip() == 'Close "Hello"'


def _with_submodule(make_repo) -> Path:  # type: ignore[no-untyped-def]
    """A site whose postings are a submodule at content/ (a repository of its own)."""
    postings = make_repo(POSTS, name="postings")
    root = make_repo({"README.md": "site\n"})
    git(
        root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(postings), "content"
    )
    git(root, "commit", "-q", "-m", "the postings")
    return root


def test_a_posting_in_a_submodule_is_refused_before_any_edit(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _with_submodule(make_repo)
    rel = f"content/{A}"
    result = _postedit(root, "set", rel, "--field", "open=false", "--commit")
    # git commit -- content/_jobs/a.md: "Pathspec ... is in submodule 'content'"
    assert result.returncode == 1
    assert "is in submodule 'content'" in result.stderr
    assert (root / rel).read_text() == POSTS[A]
    assert git(root / "content", "status", "--porcelain") == ""
    # from inside the submodule the same edit commits there
    done = _postedit(root / "content", "set", A, "--field", "open=false", "--commit")
    assert done.returncode == 0, done.stderr
    assert _files_of(root / "content") == [f"M\t{A}"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving the repository another owner (git's 'dubious ownership') needs root",
)
def test_a_repository_another_user_owns_gets_git_s_reason_not_git_init(make_repo) -> None:  # type: ignore[no-untyped-def]
    # on a shared server: the site's repository belongs to a colleague; git refuses to work
    # in it until safe.directory says so, and `git init` there would be the wrong advice
    root = make_repo(POSTS)
    before = (root / A).read_bytes()
    subprocess.run(["chown", "-R", "54321:54321", str(root)], check=True)
    result = _postedit(root, "set", A, "--field", "open=false", "--commit")
    assert result.returncode == 1
    assert "dubious ownership" in result.stderr
    assert f"git config --global --add safe.directory {root}" in result.stderr
    assert "git init" not in result.stderr
    assert (root / A).read_bytes() == before  # refused before the edit
