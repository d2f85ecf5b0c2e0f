"""core/gitfast.py: what it reads from .git itself must match what git says."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from postedit.core.errors import GitError
from postedit.core.gitfast import GitDir
from postedit.core.repo import GitRepo
from tests.conftest import git

A = "_jobs/a.md"
B = "_jobs/b.md"
POSTS = {A: "---\ntitle: A\nopen: true\n---\nA\n", B: "---\ntitle: B\n---\nB\n"}


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(POSTS)  # type: ignore[no-any-return]


def test_open_finds_the_work_tree_from_a_file_or_a_subfolder(site: Path) -> None:
    for start in (site, site / "_jobs", site / A):
        found = GitDir.open(start)
        assert found.root == site.resolve()
        assert found.git_dir == found.common_dir == (site / ".git").resolve()
        assert not found.bare


def test_open_outside_a_repository_says_how_to_fix(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(GitError, match="is not inside a git repository: run git init"):
        GitDir.open(tmp_path / "plain")


def test_open_linked_worktree(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "wt"
    git(site, "worktree", "add", "-q", "-b", "side", str(other))
    found = GitDir.open(other / "_jobs")
    assert found.root == other.resolve()
    assert found.common_dir == (site / ".git").resolve()
    assert found.git_dir.parent == (site / ".git" / "worktrees").resolve()
    assert found.read_head() == git(other, "rev-parse", "HEAD").strip()
    assert found.head_ref() == "refs/heads/side"


def test_read_head_loose_packed_detached(site: Path) -> None:
    found = GitDir.open(site)
    head = git(site, "rev-parse", "HEAD").strip()
    assert found.read_head() == head
    git(site, "pack-refs", "--all")
    assert not (site / ".git/refs/heads/main").exists()
    assert found.read_head() == head
    git(site, "checkout", "-q", "--detach")
    assert found.read_head() == head
    assert found.head_ref() is None
    assert found.refusal() is not None and "detached" in found.refusal()  # type: ignore[operator]


def test_read_head_unborn(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS, commit=False)
    found = GitDir.open(root)
    assert found.read_head() is None
    assert found.head_ref() == "refs/heads/main"


@pytest.mark.parametrize(
    "message",
    [
        "Close A",
        'Close 2 postings\n\nClose "A"\nClose "B"',
        "Fermer « Équipe »  \nsuite du sujet\n\ncorps",
    ],
)
def test_commit_info_read_from_the_object_matches_git_log(site: Path, message: str) -> None:
    (site / A).write_text(POSTS[A].replace("true", "false"))
    result = GitRepo.open(site).commit([A], message)
    sha = git(site, "rev-parse", "HEAD").strip()
    assert result.sha == sha
    assert result.summary == git(site, "log", "-1", "--format=%s").rstrip("\n")
    with GitRepo.open(site) as repo:
        assert GitDir.open(site)._read_commit(sha) == (result.summary, repo.commit_identity(sha))


def test_commit_msg_hook_rewriting_the_message_is_what_is_recorded(site: Path) -> None:
    hook = site / ".git/hooks/commit-msg"
    hook.write_text('#!/bin/sh\nprintf "Rewritten\\n\\nby hook\\n" > "$1"\n')
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    (site / A).write_text(POSTS[A].replace("true", "false"))
    result = GitRepo.open(site).commit([A], "Original")
    assert result.summary == "Rewritten"
    with GitRepo.open(site) as repo:
        assert repo.is_postedit_commit(result.sha)
        assert (site / ".git/postedit/commits").read_text().split()[-1] == repo.commit_identity(
            result.sha
        )


def test_probe_reads_head_and_index_ids(site: Path) -> None:
    new = "_jobs/new.md"
    (site / new).write_text("new\n")
    git(site, "add", "-N", new)
    (site / B).write_text("staged\n")
    git(site, "add", B)
    found = GitDir.open(site)
    probe = found.probe([A, B, new, "_jobs/none.md"])
    head_a = git(site, "rev-parse", f"HEAD:{A}").strip()
    assert probe.paths[A].head == probe.paths[A].index == head_a
    assert probe.paths[B].head == git(site, "rev-parse", f"HEAD:{B}").strip()
    assert probe.paths[B].index == git(site, "rev-parse", f":{B}").strip()
    assert probe.paths[new].head is None and probe.index_id(new) is None  # intent to add
    assert probe.paths["_jobs/none.md"].head is None and probe.paths["_jobs/none.md"].index is None
    assert probe.staged >= {B}


def test_commit_uses_include_only_when_nothing_else_is_staged(site: Path) -> None:
    (site / A).write_text(POSTS[A].replace("true", "false"))
    (site / B).write_text("staged by the user\n")
    git(site, "add", B)
    result = GitRepo.open(site).commit([A], "Close A")
    assert result.paths == (A,)
    assert git(site, "show", "--format=", "--name-only", "HEAD").split() == [A]
    assert git(site, "diff", "--cached", "--name-only").split() == [B]
    git(site, "commit", "-q", "-m", "user's")
    (site / A).write_text(POSTS[A])
    result = GitRepo.open(site).commit([A], "Open A")
    assert git(site, "show", "--format=", "--name-only", "HEAD").split() == [A]
    assert git(site, "status", "--porcelain").strip() == ""
