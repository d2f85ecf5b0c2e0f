"""Findings kept with a posting read from disk: a second run on an unchanged file (the TUI's
second start, a warm ``check``) does not validate again, and never reuses stale findings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from postedit.core import cache, posting
from postedit.core.posting import Posting, read_posting
from postedit.core.schema import CollectionSpec, FieldSpec
from postedit.core.validate import Validator, validate

OLD = 10**9 * 1_600_000_000
SPEC = CollectionSpec(
    name="jobs",
    folder="",
    fields=(FieldSpec("title", "string", required=True), FieldSpec("open", "boolean")),
)


@pytest.fixture(autouse=True)
def _settled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(posting, "_RACY_NS", -(10**18))  # the files were just written
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    posting.memo_clear()
    yield
    posting.memo_clear()


def _posting(root: Path, text: bytes) -> Posting:
    (root / "a.md").write_bytes(text)
    os.utime(root / "a.md", ns=(OLD, OLD))
    return read_posting(root, "a.md", "jobs")


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(Validator, "_validate", fail)


def test_findings_come_back_from_the_on_disk_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    p = _posting(site, b"---\nopen: maybe\ncolour: red\n---\n")
    first = validate(p, SPEC)
    assert [f.field for f in first] == ["title", "open", "colour"]
    assert cache.save(site)
    posting.memo_clear()
    assert cache.load(site) == 1
    revived = read_posting(site, "a.md", "jobs")
    _no_validation(monkeypatch)
    assert validate(revived, SPEC) == first


def test_another_spec_or_another_path_validates_again(tmp_path: Path) -> None:
    p = _posting(tmp_path, b"---\ntitle: T\nopen: true\n---\n")
    assert validate(p, SPEC) == []
    stricter = CollectionSpec(
        name="jobs", folder="", fields=(FieldSpec("title", "string", pattern="^X"),), strict=True
    )
    assert {f.field for f in validate(p, stricter)} == {"title", "open"}
    assert validate(p, SPEC) == []
    moved = read_posting(tmp_path, "./a.md", "jobs")  # the memo's posting, under another name
    assert [f.path for f in validate(moved, stricter)] == ["./a.md", "./a.md"]


def test_a_changed_file_is_validated_again(tmp_path: Path) -> None:
    p = _posting(tmp_path, b"---\ntitle: T\n---\n")
    assert validate(p, SPEC) == []
    q = _posting(tmp_path, b"---\nopen: 3\n---\n")
    assert [f.field for f in validate(q, SPEC)] == ["title", "open"]


def test_relations_checked_against_a_context_are_never_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = CollectionSpec(
        name="jobs",
        folder="",
        fields=(FieldSpec("team", "relation", collection="teams"),),
    )
    p = _posting(tmp_path, b"---\nteam: blue\n---\n")
    assert [f.field for f in validate(p, spec, {"teams": ["red"]})] == ["team"]
    assert validate(p, spec, {"teams": ["red", "blue"]}) == []
    assert "_findings" not in p.__dict__


def test_an_edited_copy_is_not_taken_for_the_posting_read(tmp_path: Path) -> None:
    import dataclasses

    p = _posting(tmp_path, b"---\ntitle: T\n---\n")
    assert validate(p, SPEC) == []
    edited = dataclasses.replace(p, fields={"open": "x"})
    assert [f.field for f in validate(edited, SPEC)] == ["title", "open"]
