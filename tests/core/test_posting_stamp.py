"""A posting read from a settled file carries no SHA-1: its stat (ctime included) stands for
its content, and every later change still refuses a write or a lazy read of stale bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from postedit.core import posting
from postedit.core.errors import ConflictError
from postedit.core.posting import read_posting
from postedit.core.schema import Schema
from postedit.core.store import check_unchanged
from postedit.core.workspace import Workspace

TEXT = b"---\ntitle: A\nopen: true\n---\nBody \xc3\xa9\n"
OLD = 10**9 * 1_600_000_000


@pytest.fixture(autouse=True)
def _fresh_memo():  # type: ignore[no-untyped-def]
    posting.memo_clear()
    yield
    posting.memo_clear()


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every file as settled (their ctime is now: the test cannot wait 2 s)."""
    monkeypatch.setattr(posting, "_SETTLED_NS", -(10**18))


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.utime(path, ns=(OLD, OLD))


def test_a_fresh_file_is_hashed_a_settled_one_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "a.md", TEXT)
    fresh = read_posting(tmp_path, "a.md", "jobs")
    assert fresh.stamp is not None and len(fresh.stamp.sha1) == 40
    posting.memo_clear()
    monkeypatch.setattr(posting, "_SETTLED_NS", -(10**18))
    settled = read_posting(tmp_path, "a.md", "jobs")
    st = os.stat(tmp_path / "a.md")
    assert settled.stamp is not None and settled.stamp.sha1 == ""
    assert (settled.stamp.size, settled.stamp.ino, settled.stamp.ctime_ns) == (
        st.st_size,
        st.st_ino,
        st.st_ctime_ns,
    )
    assert settled.raw == TEXT and settled.body == "Body \u00e9\n"


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("how", ["replaced", "in place, other mtime", "other size"])
def test_a_change_after_reading_refuses_the_lazy_bytes_and_the_write(
    tmp_path: Path, how: str
) -> None:
    f = tmp_path / "a.md"
    _write(f, TEXT)
    p = read_posting(tmp_path, "a.md", "jobs")
    assert p.fields["open"] is True and p.stamp is not None and not p.stamp.sha1
    theirs = TEXT.replace(b"open: true", b"open: nope")  # same size
    if how == "replaced":  # an editor's atomic save: new inode
        tmp = tmp_path / "a.tmp"
        _write(tmp, theirs)
        os.replace(tmp, f)
    elif how == "in place, other mtime":
        with open(f, "r+b") as fh:
            fh.write(theirs)
        os.utime(f, ns=(OLD, OLD + 1))
    else:
        _write(f, theirs + b"more\n")
    with pytest.raises(ConflictError, match="changed on disk"):
        p.raw  # noqa: B018 - the lazy read is what is tested
    with pytest.raises(ConflictError, match="changed on disk"):
        check_unchanged(tmp_path, p)
    ws = Workspace(root=tmp_path, schema=Schema(collections=()))
    with pytest.raises(ConflictError):
        ws.set_fields(p, {"open": False})
    assert f.read_bytes().startswith(theirs)  # their edit is still there


@pytest.mark.usefixtures("settled")
def test_bytes_read_before_a_change_are_compared_with_the_file_at_write_time(
    tmp_path: Path,
) -> None:
    f = tmp_path / "a.md"
    _write(f, TEXT)
    p = read_posting(tmp_path, "a.md", "jobs")
    assert p.raw == TEXT  # the bytes are loaded now...
    _write(f, TEXT.replace(b"title: A", b"title: B"))  # ...and the file changes after
    with pytest.raises(ConflictError, match="changed on disk"):
        check_unchanged(tmp_path, p)
    _write(f, TEXT)  # the same bytes again (another inode's worth of history): no conflict
    check_unchanged(tmp_path, p)


@pytest.mark.usefixtures("settled")
def test_settled_write_goes_through_and_rereads(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    _write(f, TEXT)
    ws = Workspace(root=tmp_path, schema=Schema(collections=()))
    p = ws.read("a.md", "jobs")
    new = ws.set_fields(p, {"open": False})
    assert f.read_bytes() == TEXT.replace(b"open: true", b"open: false")
    assert new.fields["open"] is False and new.raw == f.read_bytes()


def test_a_symbolic_link_is_hashed_and_never_memoised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(posting, "_SETTLED_NS", -(10**18))
    monkeypatch.setattr(posting, "_RACY_NS", -(10**18))
    _write(tmp_path / "a.md", TEXT)
    os.symlink("a.md", tmp_path / "link.md")
    p = read_posting(tmp_path, "link.md", "jobs")
    assert p.ok and p.stamp is not None and len(p.stamp.sha1) == 40
    # the link's own stat does not change when its target does: nothing may be kept by it
    assert str(tmp_path / "link.md") not in posting.memo_items()
    _write(tmp_path / "a.md", TEXT.replace(b"title: A", b"title: Z"))
    assert read_posting(tmp_path, "link.md", "jobs").fields["title"] == "Z"
