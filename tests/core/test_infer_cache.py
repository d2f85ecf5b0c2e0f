"""The inferred schema is kept with the postings, and inferred again whenever a posting
changes, appears or disappears."""

from __future__ import annotations

import dataclasses
import os
import pickletools
from pathlib import Path

import pytest

from postedit.core import cache, posting, store
from postedit.core.discover import collection_files
from postedit.core.infer import infer_schema
from postedit.core.posting import Posting
from postedit.core.store import Store
from postedit.core.workspace import open_workspace

OLD = 10**9 * 1_600_000_000  # an mtime long past


@pytest.fixture(autouse=True)
def _settled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "RACY_NS", -(10**18))  # ctime is now: treat files as settled


def _write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data, encoding="utf-8")
    os.utime(path, ns=(OLD, OLD))


def _repo(tmp_path: Path) -> Path:
    for i in range(4):
        _write(tmp_path / "_jobs" / f"2024-01-0{i + 1}-a.md", f"---\nopen: true\nn: {i}\n---\nx\n")
    return tmp_path


def _restart(root: Path, old: Store) -> Store:
    """What a new process sees: only the on-disk cache."""
    assert cache.save(old)
    fresh = Store(root)
    cache.load(fresh)
    return fresh


def _types(root: Path, s: Store) -> dict[str, str]:
    return {f.name: f.type for f in infer_schema(root, store=s).collections[0].fields}


def test_an_unchanged_repository_is_not_read_to_infer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path)
    s = Store(root)
    first = infer_schema(root, store=s)
    s = _restart(root, s)

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(s, "read", no_read)
    assert infer_schema(root, store=s) == first


def test_a_changed_posting_is_inferred_again(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    s = Store(root)
    assert _types(root, s)["n"] == "integer"
    s = _restart(root, s)
    for i in range(3):  # same sizes and mtimes: only ctime (and content) change
        _write(root / "_jobs" / f"2024-01-0{i + 1}-a.md", f"---\nopen: true\nn: '{i}'\n---\n")
    assert _types(root, s)["n"] == "string"


def test_added_and_removed_postings_are_seen(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    s = Store(root)
    assert "extra" not in _types(root, s)
    s = _restart(root, s)
    for i in range(4):
        _write(root / "_jobs" / f"2024-02-0{i + 1}-b.md", "---\nopen: true\nextra: yes\n---\n")
    assert "extra" in _types(root, s)
    s = _restart(root, s)
    for i in range(4):
        (root / "_jobs" / f"2024-02-0{i + 1}-b.md").unlink()
    assert "extra" not in _types(root, s)


def test_the_kept_schema_is_that_of_the_bytes_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A posting changed after inference read it, before the schema was kept, is seen by
    the next run: the fingerprint is made of the stamps the files were read with."""
    root = _repo(tmp_path)
    changed = root / "_jobs" / "2024-01-01-a.md"
    read = Store.read

    def read_then_change(self: Store, relpath: str, collection: str) -> Posting:
        posting = read(self, relpath, collection)
        if relpath == "_jobs/2024-01-01-a.md":
            _write(changed, "---\nopen: true\nn: 0\nextra: yes\n---\nx\n")
        return posting

    monkeypatch.setattr(Store, "read", read_then_change)
    s = Store(root)
    assert "extra" not in _types(root, s)
    monkeypatch.setattr(Store, "read", read)
    assert "extra" in _types(root, _restart(root, s))


def test_a_linked_posting_is_fingerprinted_by_the_file_it_leads_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A posting that is a symbolic link (to a file in the repository) is read from the file
    it leads to: that file unchanged keeps the schema, changed has it inferred again."""
    root = _repo(tmp_path)
    target = root / "shared" / "b.txt"  # not a posting itself: only the links lead to it
    _write(target, "---\nopen: true\nn: 4\nextra: 1\n---\nx\n")
    for i in range(4):
        (root / "_jobs" / f"2024-02-0{i + 1}-b.md").symlink_to("../shared/b.txt")
    s = Store(root)
    assert _types(root, s)["extra"] == "integer"
    s = _restart(root, s)
    read = Store.read

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(Store, "read", no_read)
    assert _types(root, s)["extra"] == "integer"
    monkeypatch.setattr(Store, "read", read)
    _write(target, "---\nopen: true\nn: 4\nextra: x\n---\nx\n")  # the links stay the same
    assert _types(root, s)["extra"] == "string"


def test_recent_files_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "RACY_NS", 2_000_000_000)
    root = _repo(tmp_path)  # ctime is now: the file may change again within the same tick
    s = Store(root)
    infer_schema(root, store=s)
    assert not s.inferred


def test_a_sample_gives_a_partial_schema_and_is_not_kept(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    s = Store(root)
    partial = infer_schema(root, store=s, sample=2)
    assert partial.partial and not s.inferred
    assert not infer_schema(root, store=s).partial


def test_a_sample_skips_readmes_and_reads_only_what_it_keeps(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _write(root / "_jobs" / "0-README.md", "# About these offers\n\nNo front matter here.\n")
    s = Store(root)
    schema = infer_schema(root, store=s, sample=2)
    (jobs,) = schema.collections
    assert schema.partial
    assert jobs.status == "open"  # learnt from postings, not from the README
    assert sorted(s._held) == [
        "_jobs/0-README.md",
        "_jobs/2024-01-01-a.md",
        "_jobs/2024-01-02-a.md",
    ]


def test_a_class_the_cache_stores_given_a_field_makes_older_caches_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class the cache pickles that gains a field (a new schema key) changes the format:
    a cache written before is ignored, not unpickled into objects without the field (schema
    show crashed on one; the format number was to be raised by hand)."""
    root = _repo(tmp_path)
    old = Store(root)
    infer_schema(root, store=old)
    assert cache.save(old)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Stamp(posting.Stamp):  # the stamp as a later version has it
        inode_generation: int = 0

    monkeypatch.setattr(cache, "_FORMAT", cache._format([Stamp, *cache._stored_classes()[1:]]))
    assert cache.load(Store(root)) == 0


def test_every_class_a_saved_cache_pickles_counts_in_its_format(tmp_path: Path) -> None:
    """What the format is made of (cache._stored_classes) names every class of postedit's
    that a cache holds, here one inferred from postings with dates, lists and objects."""
    root = tmp_path
    for i in range(3):
        _write(
            root / "content" / "news" / f"n{i}.md",
            f"---\ntitle: n{i}\ndate: 2024-01-0{i + 1}\ntags: [a, b]\ndraft: false\n"
            f"author:\n  name: x\n  email: x@example.org\nurl: https://example.org/{i}\n---\nx\n",
        )
    s = Store(root)
    infer_schema(root, store=s)
    assert cache.save(s)
    path = cache.cache_file(root)
    assert path is not None
    ops = list(pickletools.genops(path.read_bytes()))
    strings = [arg for _, arg, _ in ops if isinstance(arg, str)]
    pickled = {
        name
        for module, name in zip(strings, strings[1:], strict=False)
        if module.startswith("postedit.")
    }
    assert pickled  # the schema's classes are there
    assert pickled <= {c.__name__ for c in cache._stored_classes()}


def test_the_first_listing_after_a_sample_is_the_one_inference_made(tmp_path: Path) -> None:
    """The terminal interface infers from a sample, then lists the same folders to load
    them: it takes inference's listing once (no second listing of a big folder), the same
    files collection_files gives, page bundles included; the next listing is made afresh."""
    root = _repo(tmp_path)
    _write(root / "_jobs" / "trip" / "index.md", "---\nopen: false\n---\nx\n")
    _write(root / "_jobs" / "trip" / "photo.md.txt", "not a page\n")
    workspace = open_workspace(root, sample=2, cache_now=False)
    (jobs,) = workspace.collections
    listed = workspace.store.listed["_jobs"]
    assert workspace.candidates(jobs) is listed
    assert listed == collection_files(root, jobs)
    assert "_jobs/trip/index.md" in listed
    _write(root / "_jobs" / "2024-02-01-new.md", "---\nopen: true\n---\nx\n")
    assert "_jobs/2024-02-01-new.md" in workspace.candidates(jobs)
    assert not workspace.store.listed


def test_a_full_inference_or_a_schema_file_leaves_no_listing(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    assert not open_workspace(root, cache_now=False).store.listed
    _write(root / "postedit.yml", "collections:\n  - name: jobs\n    folder: _jobs\n")
    assert not open_workspace(root, sample=2, cache_now=False).store.listed


def test_a_changed_jekyll_config_is_inferred_again(tmp_path: Path) -> None:
    """Its ``collections`` say which folders Jekyll writes pages of (site.output): the
    schema kept for unchanged postings kept the old answer after ``output: true`` was added."""
    root = _repo(tmp_path)
    _write(root / "_config.yml", "collections: [jobs]\n")
    s = Store(root)
    assert infer_schema(root, store=s).collections[0].site.output is False
    s = _restart(root, s)
    (root / "_config.yml").write_text("collections: {jobs: {output: true}}\n")
    assert infer_schema(root, store=s).collections[0].site.output is True
