"""Crash safety: SIGKILL postedit at every step of a save and of a commit.

Each test starts ``postedit set`` in a subprocess with ``POSTEDIT_PAUSE_AT=<step>``, waits
(bounded polling) for the marker file the checkpoint writes, kills the process with SIGKILL,
then checks what a maintainer would find: every posting is byte for byte its old or its new
version, permissions are kept, a leftover temporary file is not taken for a posting, git
works and no ``index.lock`` is left behind, and postedit can simply be run again.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from postedit.core import frontmatter
from tests.conftest import git
from tests.reliability.support import run_cli, run_postedit, start_paused

A = "content/_jobs/a.md"
B = "content/_jobs/b.md"
C = "content/_jobs/c.md"

FILES = {
    A: "---\ntitle: Développeur·se backend  # keep me\nopen: true\ndate: 2021-09-30\n---\n# A\n\nBody.\n",
    B: "---\r\ntitle: 'Data: engineer'\r\nopen: yes\r\ntags: [a, b]\r\n---\r\nCRLF body\r\n",
    C: '\ufeff---\ntitle: "C"\nopen: True\n---\nno final newline',
}
MODES = {A: 0o640, B: 0o600, C: 0o664}

WRITE_STEPS = ("write:partial", "write:before-rename", "write:done")


def _site(make_repo):  # type: ignore[no-untyped-def]
    root = make_repo(FILES)
    for rel, mode in MODES.items():
        os.chmod(root / rel, mode)
    old = {rel: (root / rel).read_bytes() for rel in FILES}
    new = {rel: frontmatter.patch(data, {"open": False}, path=rel) for rel, data in old.items()}
    assert all(new[rel] != old[rel] for rel in FILES)
    return root, old, new


def _temp_files(root: Path) -> list[Path]:
    return sorted((root / "content/_jobs").glob(".*.postedit-tmp"))


def _assert_old_or_new(root: Path, old: dict[str, bytes], new: dict[str, bytes]) -> dict[str, str]:
    """Every posting is exactly its old or its new bytes, with its permissions; returns which."""
    which = {}
    for rel in old:
        p = root / rel
        data = p.read_bytes()
        assert data in (old[rel], new[rel]), f"{rel} is neither the old nor the new version"
        which[rel] = "old" if data == old[rel] else "new"
        assert stat.S_IMODE(os.stat(p).st_mode) == MODES[rel], f"{rel} lost its permissions"
        assert p.is_file() and not p.is_symlink()
    return which


def _assert_repo_usable(root: Path) -> None:
    """git works, no lock is left, listing ignores temp files, and postedit can finish the job."""
    git(root, "status", "--porcelain")
    assert not (root / ".git" / "index.lock").exists(), "stale .git/index.lock left behind"
    listed = run_cli(root, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    paths = sorted(row["path"] for row in json.loads(listed.stdout))
    assert paths == sorted(FILES), "a temporary file was listed as a posting"


@pytest.mark.slow
@pytest.mark.parametrize("step", WRITE_STEPS)
def test_kill_during_set_leaves_old_or_new_files(step: str, make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, old, new = _site(make_repo)
    marker = tmp_path / "paused"
    paused = start_paused(root, step, "set", A, B, C, "--field", "open=false", marker=marker)
    tmps_while_paused = _temp_files(root)
    paused.kill()

    which = _assert_old_or_new(root, old, new)
    # The pause is at the first file's step: the later files were not touched yet.
    assert which == {A: "new" if step == "write:done" else "old", B: "old", C: "old"}
    if step == "write:partial":
        # The half-written data only ever lived in the temporary file.
        assert len(tmps_while_paused) == 1
    if step == "write:before-rename":
        assert [t.read_bytes() for t in tmps_while_paused] == [new[A]]
    if step == "write:done":
        assert _temp_files(root) == []
    _assert_repo_usable(root)

    # Running the same command again completes the edit, whatever was left over (the killed
    # process's folder lock died with it: a stuck lock would make this a ConflictError).
    again = run_cli(root, "set", A, B, C, "--field", "open=false")
    assert again.returncode == 0, again.stderr
    assert _assert_old_or_new(root, old, new) == {A: "new", B: "new", C: "new"}
    _assert_repo_usable(root)


@pytest.mark.slow
def test_leftover_temp_file_is_not_a_posting(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A temp file left by a kill is never listed, edited or taken for the posting."""
    root, old, new = _site(make_repo)
    paused = start_paused(
        root, "write:before-rename", "set", A, "--field", "open=false", marker=tmp_path / "m"
    )
    paused.kill()
    [tmp] = _temp_files(root)
    assert tmp.name.startswith(".a.md.") and tmp.read_bytes() == new[A]
    assert (root / A).read_bytes() == old[A]
    _assert_repo_usable(root)


# --------------------------------------------------------------------------- commits

COMMIT_STEPS = ("commit:before-add", "commit:before-commit", "commit:after-commit")


@pytest.mark.slow
@pytest.mark.parametrize("step", COMMIT_STEPS)
def test_kill_during_commit(step: str, make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Killed between git steps: files are new, HEAD is the old or the new commit, git works."""
    root, old, new = _site(make_repo)
    head = git(root, "rev-parse", "HEAD").strip()
    paused = start_paused(
        root, step, "set", A, B, "--field", "open=false", "--commit", marker=tmp_path / "m"
    )
    paused.kill()
    assert _assert_old_or_new(root, old, new) == {A: "new", B: "new", C: "old"}
    now = git(root, "rev-parse", "HEAD").strip()
    if now != head:  # the commit was made: it holds exactly the two edited files
        assert git(root, "rev-parse", "HEAD~1").strip() == head
        changed = git(root, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD").split()
        assert sorted(changed) == [A, B]
    _assert_repo_usable(root)
    # Nothing is staged behind the user's back (an intent-to-add or a half commit).
    assert git(root, "diff", "--cached", "--name-only").strip() == ""


@pytest.mark.slow
def test_kill_everything_while_a_hook_runs(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL postedit, git and the pre-commit hook together (a closed SSH session).

    git itself then leaves ``index.lock`` (it holds it while hooks run); the edits must be
    on disk, HEAD unchanged, and postedit's next commit must say clearly what is wrong.
    """
    root, old, new = _site(make_repo)
    head = git(root, "rev-parse", "HEAD").strip()
    marker = tmp_path / "in-hook"
    hook = root / ".git/hooks/pre-commit"
    hook.write_text(f"#!/bin/sh\necho hook > '{marker}'\nsleep 120\n")
    hook.chmod(0o755)
    paused = start_paused(
        root, "never", "set", A, "--field", "open=false", "--commit", marker=marker
    )
    paused.kill(group=True)
    assert _assert_old_or_new(root, old, new)[A] == "new"
    assert git(root, "rev-parse", "HEAD").strip() == head
    git(root, "status", "--porcelain")
    lock = root / ".git/index.lock"
    if lock.exists():
        hook.unlink()
        again = run_postedit(root, "set", A, "--field", "title=Other", "--commit")
        assert again.returncode == 1
        assert "index.lock" in again.stderr and "Traceback" not in again.stderr
        assert lock.exists(), "postedit removed a lock it did not take"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the file to another user")
def test_owner_and_group_are_kept(make_repo) -> None:  # type: ignore[no-untyped-def]
    """On a shared server a posting owned by the site's group stays the group's after an edit
    (otherwise teammates lose write access to a 0664 file)."""
    root, old, new = _site(make_repo)
    os.chown(root / A, 65534, 65534)
    result = run_cli(root, "set", A, "--field", "open=false")
    assert result.returncode == 0, result.stderr
    st = os.stat(root / A)
    assert (root / A).read_bytes() == new[A]
    assert (st.st_uid, st.st_gid) == (65534, 65534)
    assert stat.S_IMODE(st.st_mode) == MODES[A]
