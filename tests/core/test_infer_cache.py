"""The inferred schema is cached with the postings, and inferred again whenever a posting
changes, appears or disappears."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from postedit.core import cache, infer, posting
from postedit.core.infer import infer_schema

OLD = 10**9 * 1_600_000_000  # an mtime long past: not "racily clean"


@pytest.fixture(autouse=True)
def _settled(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(posting, "_RACY_NS", -(10**18))  # ctime is now: treat files as settled
    posting.memo_clear()
    infer.schema_memo_clear()
    yield
    posting.memo_clear()
    infer.schema_memo_clear()


def _write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data, encoding="utf-8")
    os.utime(path, ns=(OLD, OLD))


def _repo(tmp_path: Path) -> Path:
    for i in range(4):
        _write(tmp_path / "_jobs" / f"2024-01-0{i + 1}-a.md", f"---\nopen: true\nn: {i}\n---\nx\n")
    return tmp_path


def _restart(root: Path) -> None:
    """What a new process sees: only the on-disk cache."""
    assert cache.save(root)
    posting.memo_clear()
    infer.schema_memo_clear()
    cache.load(root)


def _types(root: Path) -> dict[str, str]:
    return {f.name: f.type for f in infer_schema(root).collections[0].fields}


def test_unchanged_repository_is_not_read_to_infer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path)
    first = infer_schema(root)
    _restart(root)

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(infer, "read_posting", no_read)
    assert infer_schema(root) == first


def test_changed_posting_is_inferred_again(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    assert _types(root)["n"] == "integer"
    _restart(root)
    for i in range(3):  # same sizes and mtimes: only ctime (and content) change
        _write(root / "_jobs" / f"2024-01-0{i + 1}-a.md", f"---\nopen: true\nn: '{i}'\n---\n")
    assert _types(root)["n"] == "string"


def test_added_and_removed_postings_are_seen(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    assert "extra" not in _types(root)
    _restart(root)
    for i in range(4):
        _write(root / "_jobs" / f"2024-02-0{i + 1}-b.md", "---\nopen: true\nextra: yes\n---\n")
    assert "extra" in _types(root)
    _restart(root)
    for i in range(4):
        (root / "_jobs" / f"2024-02-0{i + 1}-b.md").unlink()
    assert "extra" not in _types(root)


def test_recent_files_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(posting, "_RACY_NS", 2_000_000_000)
    root = _repo(tmp_path)  # ctime is now: the file may change again within the same tick
    infer_schema(root)
    assert not infer.schema_memo_items()
