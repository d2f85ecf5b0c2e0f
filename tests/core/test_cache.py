"""The store's memo of parsed postings and its on-disk cache: reused while a file is
unchanged, never stale."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from postedit.core import cache, posting, store
from postedit.core.store import Store

OLD = 10**9 * 1_600_000_000  # an mtime long past


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled (their ctime is now: racily clean)."""
    monkeypatch.setattr(store, "RACY_NS", -(10**18))


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.utime(path, ns=(OLD, OLD))


def _restart(root: Path, first: Store) -> Store:
    """What a new process sees: only the on-disk cache."""
    assert cache.save(first)
    fresh = Store(root)
    cache.load(fresh)
    return fresh


def test_a_file_changed_a_moment_ago_is_not_remembered(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", b"---\nopen: true\n---\nBody \xc3\xa9\n")
    s = Store(tmp_path)
    assert s.read("a.md", "jobs").fields == {"open": True}
    assert s.entries() == {}  # its ctime is now: it may change again within the same tick


def test_a_remembered_posting_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    f = tmp_path / "a.md"
    _write(f, b"---\nopen: true\n---\nBody \xc3\xa9\n")
    first = Store(tmp_path).read("a.md", "jobs")
    s = Store(tmp_path)
    s.read("a.md", "jobs")
    again_store = _restart(tmp_path, s)

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(posting.frontmatter, "parse", no_parse)
    again = again_store.read("a.md", "jobs")
    assert again == first and again.body == "Body é\n" and again.raw == f.read_bytes()


def test_a_changed_file_is_parsed_again(tmp_path: Path, settled: None) -> None:
    f = tmp_path / "a.md"
    _write(f, b"---\nopen: true\n---\n")
    s = Store(tmp_path)
    s.read("a.md", "jobs")
    s = _restart(tmp_path, s)
    _write(f, b"---\nopen: fals\n---\n")  # same size, same mtime: only ctime and content differ
    assert s.read("a.md", "jobs").fields == {"open": "fals"}


def test_a_posting_parsed_before_the_cache_is_read_is_no_news(
    tmp_path: Path, settled: None
) -> None:
    """The terminal interface parses its first screenful before it reads the cache: an
    unchanged repository must not have its whole cache written again at every start."""
    _write(tmp_path / "a.md", b"---\nopen: true\n---\n")
    _write(tmp_path / "b.md", b"---\nopen: false\n---\n")
    s = Store(tmp_path)
    s.read("a.md", "jobs")
    s.read("b.md", "jobs")
    assert cache.save(s)
    again = Store(tmp_path)
    again.read("a.md", "jobs")  # parsed: the cache is not read yet
    assert again.dirty
    cache.load(again)
    assert not again.dirty and not cache.save(again)
    _write(tmp_path / "b.md", b"---\nopen: true\n---\n")  # a real change is news
    third = Store(tmp_path)
    third.read("b.md", "jobs")
    cache.load(third)
    assert third.dirty and cache.save(third)


def test_a_foreign_or_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    path = cache.cache_file(tmp_path)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    assert cache.load(Store(tmp_path)) == 0


def test_the_cache_can_be_disabled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTEDIT_NO_CACHE", "1")
    assert cache.cache_file(tmp_path) is None
    assert cache.load(Store(tmp_path)) == 0


def test_dates_and_zones_survive_the_cache(tmp_path: Path, settled: None) -> None:
    text = (
        b"---\nd: 2021-07-27\nz: 2021-07-27T09:01:21.886Z\nplus: 2021-07-27T09:01:21+02:00\n"
        b"naive: 2021-07-27 09:01:21\nl: [2020-01-01, x]\n---\n"
    )
    for i in range(3):
        _write(tmp_path / f"{i}.md", text)
    s = Store(tmp_path)
    first = [s.read(f"{i}.md", "jobs").fields for i in range(3)]
    s = _restart(tmp_path, s)
    again = [s.read(f"{i}.md", "jobs").fields for i in range(3)]
    assert again == first
    assert again[0]["z"].tzinfo is dt.UTC
    assert again[0]["plus"].utcoffset() == dt.timedelta(hours=2)
    assert type(again[0]["d"]) is dt.date and again[0]["naive"].tzinfo is None


def test_a_write_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    """Even with the same size and mtime: the bytes are compared."""
    from postedit.core.errors import ConflictError

    f = tmp_path / "a.md"
    _write(f, b"---\nopen: true\n---\n")
    read = store.read_posting(tmp_path, "a.md", "jobs")
    _write(f, b"---\nopen: fals\n---\n")
    with pytest.raises(ConflictError, match="changed on disk"):
        store.write_posting(tmp_path, read, b"---\nopen: false\n---\n")
    assert f.read_bytes() == b"---\nopen: fals\n---\n"


def test_a_posting_read_again_is_read_again_when_its_file_changed(
    tmp_path: Path, settled: None
) -> None:
    """The store of the terminal interface or of a command that writes looks at the file
    again (an lstat): a change made since the first read is seen."""
    f = tmp_path / "a.md"
    _write(f, b"---\nopen: true\n---\n")
    s = Store(tmp_path)
    assert s.read("a.md", "jobs").fields == {"open": True}
    _write(f, b"---\nopen: fals\n---\n")
    assert s.read("a.md", "jobs").fields == {"open": "fals"}


def test_a_read_once_store_gives_each_file_as_it_first_read_it(tmp_path: Path) -> None:
    """``list`` and ``check`` read each file once: what they print (and the schema inferred
    for it) is one reading of the repository, even for a file changed a moment ago."""
    f = tmp_path / "a.md"
    f.write_bytes(b"---\nopen: true\n---\n")  # its ctime is now: not settled
    s = Store(tmp_path, read_once=True)
    first = s.read("a.md", "jobs")
    f.write_bytes(b"---\nopen: fals\n---\n")
    again = s.read("a.md", "other")
    assert again.fields == {"open": True} and again.raw == first.raw
    assert again.collection == "other"
    assert s.entries() == {}  # still not kept for the next run: racily clean
