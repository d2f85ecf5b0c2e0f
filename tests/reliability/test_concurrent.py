"""Concurrent changes and faults: postedit never overwrites what it did not read.

A posting changed, deleted or renamed on disk after postedit read it; two postedit instances on
one repository; a full disk; a git ``index.lock`` held by another process. Each must end with
a clear error, the file as the *other* party left it, and no temporary file behind.
(The branch changing under postedit and rejected pushes are the git layer's own tests.)
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from postedit.cli import main
from postedit.core import frontmatter
from postedit.core.errors import ConflictError, PosteditError
from postedit.core.session import EditSession
from postedit.core.workspace import open_workspace
from tests.conftest import git
from tests.reliability.support import run_cli, run_postedit, start_paused

REL = "content/_jobs/job.md"
OTHER = "content/_jobs/other.md"
DOC = "---\ntitle: Backend developer\nopen: true\ndate: 2021-09-30\n---\nBody.\n"
DOC2 = "---\ntitle: Designer\nopen: true\n---\nOther body.\n"


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo({REL: DOC, OTHER: DOC2})


def _no_temp_files(root: Path) -> None:
    assert list((root / "content/_jobs").glob(".*postedit-tmp")) == []


# --------------------------------------------------------------------------- changed on disk


@pytest.mark.parametrize(
    "external",
    [
        # another editor saved a different value of the same length (size unchanged)
        DOC.replace("open: true", "open: True"),
        # another editor added a line
        DOC.replace("Body.", "Body.\nMore."),
        # git checkout replaced it with something shorter
        "---\ntitle: X\n---\n",
    ],
)
def test_changed_after_read_is_refused(site: Path, external: str) -> None:
    ws = open_workspace(site)
    posting = ws.read(REL)
    (site / REL).write_text(external)
    with pytest.raises(ConflictError) as info:
        EditSession(ws).set_fields(posting, {"open": False})
    assert info.value.path == REL and "changed on disk" in info.value.message
    assert (site / REL).read_text() == external
    with pytest.raises(ConflictError):
        EditSession(ws).set_body(posting, "new body\n")
    assert (site / REL).read_text() == external
    _no_temp_files(site)


def test_rewritten_with_same_bytes_is_not_a_conflict(site: Path) -> None:
    """A checkout that rewrites identical bytes (new mtime, new inode) loses nothing: allowed."""
    ws = open_workspace(site)
    posting = ws.read(REL)
    (site / REL).unlink()
    (site / REL).write_text(DOC)
    updated = EditSession(ws).set_fields(posting, {"open": False})
    assert updated.fields["open"] is False
    assert (site / REL).read_bytes() == frontmatter.patch(DOC.encode(), {"open": False})


@pytest.mark.parametrize("keep_mtime", [False, True])
def test_refresh_sees_a_same_size_rewrite(site: Path, keep_mtime: bool) -> None:
    """Re-reading after another tool rewrote the file in place (same size, same inode, even
    with its old mtime put back, as ``rsync -t`` or ``touch -r`` do) shows the new content,
    and an edit based on the old read is refused."""
    path = site / REL
    old = os.stat(path)
    past = old.st_mtime_ns - 10_000_000_000
    os.utime(path, ns=(past, past))  # old enough to be memoised by the parse cache
    ws = open_workspace(site)
    before = ws.read(REL)
    assert ws.read(REL).fields["open"] is True
    changed = DOC.replace("open: true", "open: TRUE").replace("TRUE", "no  ")
    assert len(changed) == len(DOC)
    with open(path, "r+") as fh:  # in place: same inode
        fh.write(changed)
    if keep_mtime:
        os.utime(path, ns=(past, past))
    assert os.stat(path).st_ino == old.st_ino
    again = ws.read(REL)
    assert again.fields["open"] is False and again.raw == changed.encode()
    with pytest.raises(ConflictError):
        EditSession(ws).set_fields(before, {"title": "Stale edit"})
    assert path.read_text() == changed


def test_two_workspaces_toggling_the_same_posting(site: Path) -> None:
    """The second instance's edit is refused: the first one's edit is never lost."""
    first, second = open_workspace(site), open_workspace(site)
    p1, p2 = first.read(REL), second.read(REL)
    EditSession(first).set_fields(p1, {"open": False})
    after_first = (site / REL).read_bytes()
    with pytest.raises(ConflictError):
        EditSession(second).set_fields(p2, {"title": "Senior backend developer"})
    assert (site / REL).read_bytes() == after_first
    # Re-reading shows the first edit; the second edit then applies on top of it.
    p2 = second.read(REL)
    assert p2.fields["open"] is False
    EditSession(second).set_fields(p2, {"title": "Senior backend developer"})
    fields = frontmatter.parse((site / REL).read_bytes()).fields
    assert fields["open"] is False and fields["title"] == "Senior backend developer"


@pytest.mark.slow
def test_no_lost_update_between_check_and_rename(site: Path, tmp_path: Path) -> None:
    """Instance A is paused after its check, before its rename; B edits meanwhile.

    Afterwards B's edit must survive, or B must have been refused: never both "succeeded"
    with B's edit gone.
    """
    a = start_paused(
        site,
        "write:before-rename",
        "set",
        REL,
        "--field",
        "open=false",
        marker=tmp_path / "a-paused",
        pause_seconds=3,
    )
    ws = open_workspace(site)
    b_ok = True
    try:
        EditSession(ws).set_fields(ws.read(REL), {"title": "Edited by B"})
    except ConflictError:
        b_ok = False
    a.proc.wait(timeout=60)
    a_ok = a.proc.returncode == 0
    a.kill()
    fields = frontmatter.parse((site / REL).read_bytes()).fields
    if b_ok:
        assert fields["title"] == "Edited by B", "B's saved edit was silently overwritten"
    if a_ok:
        assert fields["open"] is False


@pytest.mark.parametrize("how", ["deleted", "renamed"])
def test_deleted_or_renamed_after_read(site: Path, how: str) -> None:
    ws = open_workspace(site)
    posting = ws.read(REL)
    if how == "deleted":
        (site / REL).unlink()
    else:
        (site / REL).rename(site / "content/_jobs/renamed.md")
    with pytest.raises(ConflictError) as info:
        EditSession(ws).set_fields(posting, {"open": False})
    assert info.value.path == REL and "deleted" in info.value.message
    assert not (site / REL).exists(), "postedit re-created a file someone deleted"
    if how == "renamed":
        assert (site / "content/_jobs/renamed.md").read_text() == DOC
    _no_temp_files(site)


def test_set_on_a_missing_posting_is_a_clear_error(site: Path) -> None:
    result = run_cli(site, "set", "content/_jobs/gone.md", OTHER, "--field", "open=false")
    assert result.returncode == 1
    assert "content/_jobs/gone.md" in result.stderr and "Traceback" not in result.stderr
    assert not (site / "content/_jobs/gone.md").exists()
    # The other posting was still edited.
    assert frontmatter.parse((site / OTHER).read_bytes()).fields["open"] is False


# --------------------------------------------------------------------------- disk full


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["fsync", "mkstemp", "replace"])
def test_disk_full_in_core_keeps_the_file(
    site: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The write fails: the original is intact and no temporary file is left."""
    import postedit.core.store as store

    target = {
        "fsync": (os, "fsync"),
        "mkstemp": (store, "mkstemp"),
        "replace": (os, "replace"),
    }[where]
    ws = open_workspace(site)
    posting = ws.read(REL)
    monkeypatch.setattr(*target, _enospc)
    with pytest.raises((OSError, PosteditError)):
        EditSession(ws).set_fields(posting, {"open": False})
    monkeypatch.undo()
    assert (site / REL).read_text() == DOC
    _no_temp_files(site)


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ("fsync", errno.ENOSPC),  # disk full, found when the data is flushed
        ("mkstemp", errno.EROFS),  # a read-only mount
        ("mkstemp", errno.EACCES),  # a folder the user cannot write
    ],
)
def test_write_fault_from_the_cli(
    site: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
    code: int,
) -> None:
    """The first write fails: a one-line error naming the file, the others are still edited."""
    import postedit.core.store as store

    monkeypatch.chdir(site)
    module, name = (os, "fsync") if where == "fsync" else (store, "mkstemp")
    real = getattr(module, name)
    calls = {"n": 0}

    def fails_once(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, fails_once)
    try:
        status = main(["set", REL, OTHER, "--field", "open=false"])
    except OSError as exc:  # what escapes today: the user would see a traceback
        pytest.fail(f"OSError escaped postedit set: {exc!r}")
    err = capsys.readouterr().err
    assert status == 1
    assert f"{REL}: error:" in err and os.strerror(code) in err
    assert (site / REL).read_text() == DOC
    # One failed write does not stop the other postings.
    assert frontmatter.parse((site / OTHER).read_bytes()).fields["open"] is False
    _no_temp_files(site)


# --------------------------------------------------------------------------- git faults


def test_index_lock_held_by_another_process(site: Path) -> None:
    """``set --commit`` while another git holds index.lock: clear message, edit kept, no commit."""
    head = git(site, "rev-parse", "HEAD").strip()
    lock = site / ".git/index.lock"
    lock.write_bytes(b"")
    result = run_postedit(site, "set", REL, "--field", "open=false", "--commit")
    assert result.returncode == 1
    assert "index.lock" in result.stderr and "Traceback" not in result.stderr
    assert frontmatter.parse((site / REL).read_bytes()).fields["open"] is False
    assert git(site, "rev-parse", "HEAD").strip() == head
    assert lock.exists(), "postedit removed another process's lock"
    lock.unlink()
    git(site, "status", "--porcelain")
