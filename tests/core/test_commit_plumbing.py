"""Commits made with git's plumbing are the commits ``git commit`` makes (issue 7).

Without hooks or signing, postedit commits with ``update-index``, ``write-tree``,
``commit-tree`` and ``update-ref`` (core/gitfast.py). These tests compare the result with
``git commit`` byte for byte (same commit id, same reflog entry), and check each case that
must go through ``git commit`` instead, and that a failed step leaves the index as it was.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postedit.cli import main
from postedit.core.errors import GitError
from postedit.core.gitfast import GitDir, stripspace
from tests.conftest import git, git_call_log, git_commands

A = "_jobs/a.md"
POSTS = {
    A: "---\ntitle: A\nopen: true\n---\nBody A\n",
    "_jobs/b.md": "---\ntitle: B\nopen: true\n---\nBody B\n",
}
DATES = {"GIT_AUTHOR_DATE": "1700000000 +0100", "GIT_COMMITTER_DATE": "1700000100 +0100"}


def _set(root: Path, *args: str) -> int:
    return main(["set", "--repo", str(root), str(root / A), "--field", "open=false", *args])


@pytest.mark.parametrize(
    "message",
    [
        "Close A",
        "  Close A  \n\n\n\nA body line   \n\n\n",
        "Subject\r\n\r\nwith CRLF\r\n",
        "Fermer « Développeur·se »\tde l'équipe",
    ],
)
def test_plumbing_makes_the_commit_git_commit_makes(
    make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message: str
) -> None:  # type: ignore[no-untyped-def]
    ours = make_repo(POSTS)
    theirs = tmp_path / "theirs"
    git(tmp_path, "clone", "-q", str(ours), str(theirs))
    for key, value in DATES.items():
        monkeypatch.setenv(key, value)
    assert _set(ours, "--commit", "-m", message) == 0
    assert _set(theirs) == 0
    git(theirs, "commit", "-q", "-i", "-m", message, "--", A)
    assert git(ours, "rev-parse", "HEAD") == git(theirs, "rev-parse", "HEAD")
    # the same reflog entry on the branch and on HEAD
    for ref in ("HEAD", "refs/heads/" + git(ours, "branch", "--show-current").strip()):
        mine = git(ours, "reflog", "-1", "--format=%gs", ref)
        assert mine == git(theirs, "reflog", "-1", "--format=%gs", ref)
        assert mine.startswith("commit: ")
    assert git(ours, "status", "--porcelain") == ""
    assert (ours / ".git/COMMIT_EDITMSG").read_bytes() == stripspace(message).encode()


@given(
    st.text(alphabet=[" ", "\t", "\r", "\n", "\v", "\f", "a", "é", "#"], max_size=24),
)
@settings(max_examples=60, deadline=None)
def test_stripspace_is_gits(text: str) -> None:
    out = subprocess.run(
        ["git", "stripspace"], input=text.encode(), capture_output=True, check=True
    ).stdout
    assert stripspace(text).encode() == out


def _log_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Log every git run of this process (conftest.git_call_log's wrapper first on PATH)."""
    env, log = git_call_log(tmp_path)
    monkeypatch.setenv("PATH", env["PATH"])
    return log


def _porcelain_commit_ran(log: Path) -> bool:
    return "commit" in git_commands(log)


def test_a_commit_msg_hook_is_run_through_git_commit(
    make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    hook = root / ".git/hooks/commit-msg"
    hook.write_text('#!/bin/sh\necho "Signed-off-by: Hook <hook@example.org>" >> "$1"\n')
    hook.chmod(0o755)
    log = _log_git(tmp_path, monkeypatch)
    assert _set(root, "--commit", "-m", "Close A") == 0
    assert _porcelain_commit_ran(log)
    assert "Signed-off-by: Hook" in git(root, "log", "-1", "--format=%B")


def test_hooks_in_core_hookspath_are_honoured(
    make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    (root / "githooks").mkdir()
    hook = root / "githooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits on Fridays' >&2\nexit 1\n")
    hook.chmod(0o755)
    git(root, "config", "core.hooksPath", "githooks")  # relative: to the top of the work tree
    head = git(root, "rev-parse", "HEAD")
    assert _set(root, "--commit", "-m", "Close A") == 1
    assert "no commits on Fridays" in capsys.readouterr().err
    assert git(root, "rev-parse", "HEAD") == head
    assert "open: false" in (root / A).read_text()  # the edit stays on disk


def test_signing_goes_through_git_commit(make_repo, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """With commit.gpgSign, git commit signs (here: its signing program fails); plumbing
    would have made an unsigned commit."""
    root = make_repo(POSTS)
    git(root, "config", "commit.gpgSign", "true")
    git(root, "config", "gpg.program", "false")
    head = git(root, "rev-parse", "HEAD")
    assert _set(root, "--commit", "-m", "Close A") == 1
    assert "refused" in capsys.readouterr().err
    assert git(root, "rev-parse", "HEAD") == head


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        ({}, None),
        ({"commit.gpgsign": "false"}, None),
        ({"commit.gpgsign": None}, "signed"),
        ({"commit.gpgsign": "yes"}, "signed"),
        ({"commit.cleanup": "whitespace"}, None),
        ({"commit.cleanup": "strip"}, "cleanup"),
        ({"hook.lint.command": "make lint"}, "hooks"),
        ({"i18n.commitencoding": "UTF-8"}, None),
        ({"i18n.commitencoding": "ISO-8859-1"}, "commitEncoding"),
        ({"core.sharedrepository": "group"}, "sharedrepository"),
        ({"core.sharedrepository": "false"}, None),
        ({"core.splitindex": "true"}, "splitindex"),
        ({"core.fsmonitor": "true"}, "fsmonitor"),
    ],
)
def test_plumbing_refusal_reads_the_settings(
    make_repo, config: dict[str, str | None], reason: str | None
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    repo = GitDir.open(root)
    probe = repo.probe([A])
    probe.config = config
    refusal = repo.plumbing_refusal(probe, [A])
    assert refusal is None if reason is None else reason in (refusal or "")


def test_a_branch_moved_meanwhile_commits_nothing_and_leaves_the_index(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    first = git(root, "rev-parse", "HEAD").strip()
    (root / "_jobs/b.md").write_text(POSTS["_jobs/b.md"] + "More\n")
    git(root, "commit", "-q", "-am", "second")
    repo = GitDir.open(root)
    probe = repo.probe([A])
    (root / A).write_text(POSTS[A].replace("open: true", "open: false"))
    with pytest.raises(GitError, match="the branch moved while committing"):
        repo._commit_plumbing([A], "Close A", probe, [], first)  # expects HEAD at `first`
    assert git(root, "log", "-1", "--format=%s") == "second\n"
    assert git(root, "diff", "--cached", "--name-only") == ""
    assert git(root, "diff", "--name-only") == A + "\n"


def test_auto_maintenance_runs_when_git_commit_would(
    make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    repo = GitDir.open(root)
    loose = root / ".git/objects/17"
    loose.mkdir(exist_ok=True)
    for i in range(3):
        (loose / f"{i:038x}").write_bytes(b"")
    assert repo._wants_maintenance({"gc.auto": "256"})  # threshold 1: 3 loose objects
    assert not repo._wants_maintenance({"gc.auto": "2560"})
    assert not repo._wants_maintenance({"gc.auto": "0"})
    assert not repo._wants_maintenance({"gc.auto": "256", "maintenance.auto": "false"})
    assert repo._wants_maintenance({"maintenance.strategy": "incremental"})
    for i in range(3):
        (loose / f"{i:038x}").unlink()
    # two real loose objects in objects/17: over gc.auto=256's threshold of one
    made = 0
    for i in range(100_000):
        data = f"filler {i}\n".encode()
        if hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest().startswith("17"):
            subprocess.run(
                ["git", "hash-object", "-w", "--stdin"], cwd=root, input=data, check=True
            )
            made += 1
            if made == 2:
                break
    git(root, "config", "gc.auto", "256")
    git(root, "config", "gc.autoDetach", "false")
    log = _log_git(tmp_path, monkeypatch)
    assert _set(root, "--commit", "-m", "Close A") == 0
    assert "maintenance run --auto --quiet" in log.read_text()


def test_something_staged_meanwhile_is_left_to_git_commit(
    make_repo, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Someone runs ``git add`` while postedit commits: its copy of the index is stale, so
    ``git commit --only`` commits the posting, and their staged change stays staged."""
    from postedit.core import gitfast

    root = make_repo(POSTS)
    real = gitfast.checkpoint

    def meanwhile(name: str) -> None:
        if name == "commit:before-commit":
            (root / "_jobs/b.md").write_text(POSTS["_jobs/b.md"] + "Theirs\n")
            git(root, "add", "_jobs/b.md")
        real(name)

    monkeypatch.setattr(gitfast, "checkpoint", meanwhile)
    assert _set(root, "--commit", "-m", "Close A") == 0
    assert git(root, "show", "--format=%s", "--name-only", "HEAD").split() == ["Close", "A", A]
    assert git(root, "diff", "--cached", "--name-only") == "_jobs/b.md\n"
    assert not list((root / ".git").glob("postedit-index-*"))


@pytest.mark.parametrize(
    ("key", "value"),
    [("core.sharedRepository", "group"), ("core.splitIndex", "true")],
)
def test_index_machinery_goes_through_git_commit(
    make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, value: str
) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(POSTS)
    git(root, "config", key, value)
    git(root, "update-index", "--refresh")  # written once with the setting
    log = _log_git(tmp_path, monkeypatch)
    assert _set(root, "--commit", "-m", "Close A") == 0
    assert _porcelain_commit_ran(log)
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "log", "-1", "--format=%s") == "Close A\n"


def test_a_file_staged_after_the_probe_is_not_committed(make_repo) -> None:  # type: ignore[no-untyped-def]
    """``set --commit`` probes before it edits: a ``git add`` in between must not ride along."""
    root = make_repo(POSTS)
    repo = GitDir.open(root)
    probe = repo.probe([A])
    (root / A).write_text(POSTS[A].replace("open: true", "open: false"))
    (root / "secret.txt").write_text("not for this commit\n")
    git(root, "add", "secret.txt")
    repo.commit([A], "Close A", probe)
    assert git(root, "show", "--format=", "--name-only", "HEAD").split() == [A]
    assert git(root, "diff", "--cached", "--name-only") == "secret.txt\n"


def test_a_racily_clean_file_stays_modified(make_repo) -> None:  # type: ignore[no-untyped-def]
    """git spots a file changed in the second its index entry was written (same size, same
    mtime) by comparing with the index's own mtime: the commit must keep that working, or
    the change would vanish from git status (and a checkout would overwrite it)."""
    root = make_repo({**POSTS, "notes.txt": "aaaa\n"})
    past = (1_600_000_000_000_000_000, 1_600_000_000_000_000_000)
    notes = root / "notes.txt"
    notes.write_text("xxxx\n")
    os.utime(notes, ns=past)
    git(root, "add", "notes.txt")
    git(root, "commit", "-q", "-m", "notes")
    notes.write_text("bbbb\n")  # same size, and the same mtime as recorded in the index:
    os.utime(notes, ns=past)
    os.utime(root / ".git/index", ns=past)  # ... and as the index's own: racily clean
    quiet = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # a status that writes no index
    status = ["git", "status", "--porcelain", "--", "notes.txt"]
    assert subprocess.run(status, cwd=root, env=quiet, capture_output=True, text=True).stdout == (
        " M notes.txt\n"
    )
    assert _set(root, "--commit", "-m", "Close A") == 0
    assert git(root, "log", "-1", "--format=%s") == "Close A\n"  # (through the plumbing)
    assert git(root, "status", "--porcelain", "--", "notes.txt") == " M notes.txt\n"
