"""``postedit set --commit`` runs few git processes and never imports GitPython (issue 7)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git, git_call_log, git_commands

A = "_jobs/a.md"
B = "_jobs/b.md"
POSTS = {
    A: "---\ntitle: A\nopen: true\n---\nBody A\n",
    B: "---\ntitle: B\nopen: true\n---\nBody B\n",
    "_jobs/c.md": "---\ntitle: C\nopen: false\n---\nBody C\n",
}


def _postedit(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from postedit.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "print('GITPYTHON' if 'git' in sys.modules else 'NO-GITPYTHON', file=sys.stderr)\n"
        "raise SystemExit(status)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


PROBE = {"ls-files", "diff-index", "config"}
"""The probe's processes, run side by side before the edit."""
PLUMBING = ["update-index", "write-tree", "commit-tree", "update-ref"]
"""The commit, without a hook or signing: git's plumbing, one process after the other."""


def test_set_commit_with_message_runs_the_probe_then_plumbing_without_gitpython(
    make_repo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    env, log = git_call_log(tmp_path)
    head = git(root, "rev-parse", "HEAD").strip()
    result = _postedit(root, env, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert result.returncode == 0, result.stderr
    assert "NO-GITPYTHON" in result.stderr
    calls = git_commands(log)
    assert set(calls[:3]) == PROBE and calls[3:] == PLUMBING, calls
    assert git(root, "status", "--porcelain") == ""
    from postedit.core.gitfast import GitDir

    assert GitDir.open(root).ledger() == {}  # the write is committed: nothing left pending
    assert git(root, "rev-parse", "HEAD~1").strip() == head
    assert git(root, "show", "--format=%s", "--name-only", "HEAD").split("\n")[:3] == [
        "Close A",
        "",
        A,
    ]
    sha = git(root, "rev-parse", "HEAD").strip()
    assert f"committed {sha[:7]} Close A (1 file)" in result.stdout
    # postedit recorded the commit as its own (undo takes it back), with the identity git
    # log computes.
    from postedit.core.repo import GitRepo

    with GitRepo.open(root) as repo:
        assert repo.is_postedit_commit(sha)
        ident = repo.commit_identity(sha)
    record = (root / ".git/postedit/commits").read_text().split()
    assert record[-2:] == [sha, ident]


def test_set_commit_without_message_adds_one_process(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    env, log = git_call_log(tmp_path)
    result = _postedit(root, env, "set", A, B, "--field", "open=false", "--commit")
    assert result.returncode == 0, result.stderr
    assert "NO-GITPYTHON" in result.stderr
    calls = git_commands(log)
    assert set(calls[:3]) == PROBE and calls[3:] == ["cat-file", *PLUMBING], calls
    assert git(root, "log", "-1", "--format=%B").strip() == (
        'Close 2 postings\n\nClose "A"\nClose "B"'
    )


def test_set_commit_of_a_new_untracked_posting(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    new = "_jobs/new.md"
    (root / new).write_text("---\ntitle: New\nopen: false\n---\nBody\n")
    env, log = git_call_log(tmp_path)
    result = _postedit(root, env, "set", new, "--field", "open=true", "--commit", "-m", "New")
    # an untracked file changed by someone else than postedit: refused, as before
    assert result.returncode == 1
    assert f"{new}: error: has uncommitted changes that postedit did not make" in result.stderr
    assert set(git_commands(log)) == PROBE


def _commit_in(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postedit", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_set_commit_in_a_linked_worktree_with_packed_refs(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    other = tmp_path / "other"
    git(root, "worktree", "add", "-q", "-b", "side", str(other))
    git(root, "pack-refs", "--all")
    assert not (root / ".git/refs/heads/side").exists()
    result = _commit_in(other, "set", A, "--field", "open=false", "--commit", "-m", "Side")
    assert result.returncode == 0, result.stderr
    sha = git(other, "rev-parse", "HEAD").strip()
    assert git(root, "rev-parse", "side").strip() == sha
    assert git(root, "rev-parse", "main").strip() != sha
    assert f"committed {sha[:7]} Side (1 file)" in result.stdout
    assert (root / ".git/postedit/commits").read_text().split()[-2] == sha


def test_set_commit_with_other_work_staged_commits_only_the_posting(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    (root / B).write_text(POSTS[B].replace("Body B", "Staged by the user"))
    git(root, "add", B)
    result = _commit_in(root, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert result.returncode == 0, result.stderr
    assert git(root, "show", "--format=", "--name-only", "HEAD").split() == [A]
    assert git(root, "diff", "--cached", "--name-only").split() == [B]


def test_set_commit_detached_head_and_merge_refused_before_writing(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    git(root, "checkout", "-q", "--detach")
    result = _commit_in(root, "set", A, "--field", "open=false", "--commit", "-m", "x")
    assert result.returncode == 1
    assert "HEAD is detached" in result.stderr and "git switch NAME" in result.stderr
    assert "Traceback" not in result.stderr


def test_set_commit_without_identity_explains_and_keeps_the_edit(
    make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.delenv("EMAIL", raising=False)
    head = git(root, "rev-parse", "HEAD").strip()
    result = _commit_in(root, "set", A, "--field", "open=false", "--commit", "-m", "x")
    assert result.returncode == 1
    assert 'git config user.name "Your Name"' in result.stderr
    assert "the edits are still on disk" in result.stderr
    assert git(root, "rev-parse", "HEAD").strip() == head
    assert "open: false" in (root / A).read_text()
    assert git(root, "diff", "--cached", "--name-only") == ""  # the index as it was
    assert git(root, "status", "--porcelain") == " M _jobs/a.md\n"
    assert not list((root / ".git").glob("postedit-index-*"))  # its copy of the index is gone


def test_set_without_commit_records_its_write_with_one_git_process(
    make_repo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    env, log = git_call_log(tmp_path)
    result = _postedit(root, env, "set", A, "--field", "open=false")
    assert result.returncode == 0, result.stderr
    assert "NO-GITPYTHON" in result.stderr
    assert git_commands(log) == ["ls-tree"]
    # the ledger now holds the write: a later --commit takes it without editing again
    again = _postedit(root, env, "set", A, "--field", "open=false", "--commit", "-m", "Close A")
    assert again.returncode == 0, again.stderr
    assert git(root, "show", "--format=%s", "--name-only", "HEAD").split("\n")[:3] == [
        "Close A",
        "",
        A,
    ]


def test_a_blank_message_is_refused_before_anything_is_edited(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    result = _commit_in(root, "set", A, "--field", "open=false", "--commit", "-m", " \n\t")
    assert result.returncode == 2
    assert "--message is empty" in result.stderr
    assert (root / A).read_text() == POSTS[A]
    assert git(root, "status", "--porcelain") == ""
