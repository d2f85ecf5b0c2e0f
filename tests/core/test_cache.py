"""The parsed-postings cache: reused while a file is unchanged, never stale."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from postedit.core import cache, posting
from postedit.core.posting import read_posting

OLD = 10**9 * 1_600_000_000  # an mtime long past: not "racily clean"


@pytest.fixture(autouse=True)
def _fresh_memo():  # type: ignore[no-untyped-def]
    posting.memo_clear()
    yield
    posting.memo_clear()


def _write(path: Path, data: bytes, mtime_ns: int = OLD) -> None:
    path.write_bytes(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_cache_round_trip_then_detects_same_size_same_mtime_change(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    _write(f, b"---\nopen: true\n---\nBody \xc3\xa9\n")
    time.sleep(0)  # ctime is now; the entry is memoised only when ctime is old enough
    first = read_posting(tmp_path, "a.md", "jobs")
    assert first.fields == {"open": True}
    # ctime is recent (we just wrote it): not memoised, so nothing stale can be served
    assert str(f) not in posting.memo_items()


def test_cached_entry_revived_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "a.md"
    _write(f, b"---\nopen: true\n---\nBody \xc3\xa9\n")
    monkeypatch.setattr(posting, "_RACY_NS", -(10**18))  # treat every file as settled
    first = read_posting(tmp_path, "a.md", "jobs")
    assert cache.save(tmp_path)
    posting.memo_clear()
    assert cache.load(tmp_path) == 1

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(posting.frontmatter, "parse", no_parse)
    again = read_posting(tmp_path, "a.md", "jobs")
    assert again == first and again.body == "Body é\n" and again.raw == f.read_bytes()


def test_changed_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "a.md"
    _write(f, b"---\nopen: true\n---\n")
    monkeypatch.setattr(posting, "_RACY_NS", -(10**18))
    read_posting(tmp_path, "a.md", "jobs")
    cache.save(tmp_path)
    posting.memo_clear()
    cache.load(tmp_path)
    # same size, same mtime: only ctime (and content) differ
    _write(f, b"---\nopen: fals\n---\n")
    assert read_posting(tmp_path, "a.md", "jobs").fields == {"open": "fals"}


def test_foreign_or_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    path = cache.cache_file(tmp_path)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    assert cache.load(tmp_path) == 0


def test_cache_can_be_disabled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTEDIT_NO_CACHE", "1")
    assert cache.cache_file(tmp_path) is None
    assert cache.load(tmp_path) == 0


def test_dates_and_zones_survive_the_fast_pickling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(posting, "_RACY_NS", -(10**18))
    text = (
        b"---\nd: 2021-07-27\nz: 2021-07-27T09:01:21.886Z\nplus: 2021-07-27T09:01:21+02:00\n"
        b"naive: 2021-07-27 09:01:21\nl: [2020-01-01, x]\n---\n"
    )
    site = tmp_path / "site"
    site.mkdir()
    for i in range(3):
        _write(site / f"{i}.md", text)
    first = [read_posting(site, f"{i}.md", "jobs").fields for i in range(3)]
    assert cache.save(site)
    posting.memo_clear()
    assert cache.load(site) == 3
    again = [read_posting(site, f"{i}.md", "jobs").fields for i in range(3)]
    assert again == first
    z = again[0]["z"]
    assert z.tzinfo is dt.UTC and again[0]["plus"].utcoffset() == dt.timedelta(hours=2)
    assert type(again[0]["d"]) is dt.date and again[0]["naive"].tzinfo is None


def test_a_cycle_is_pickled_in_the_ordinary_mode() -> None:
    import io
    import pickle

    loop: list[object] = [1]
    loop.append(loop)
    unpickler = pickle.Unpickler(io.BytesIO(cache._dumps({"x": loop})))
    unpickler.load()
    back = unpickler.load()["x"]
    assert back[0] == 1 and back[1] is back
