"""Reading ahead in a second process (Store.read_ahead): ``list`` and ``check`` of a big
collection parse half its files in a copy of the process, and what they get is exactly what
one process reading every file gets."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from postedit.cli import main
from postedit.core import cache, store
from postedit.core.store import Store

OLD = 10**9 * 1_600_000_000  # an mtime long past

FILES = {
    "a.md": b"---\ntitle: A\nopen: true\ndate: 2024-01-02\n---\nBody \xc3\xa9\n",
    "b.md": b"---\r\ntitle: B # a comment\r\nopen: false\r\n---\r\n",
    "c.md": b"---\ntitle: [unclosed\n---\nbroken YAML\n",
    "d.md": b"---\ntitle: D\ntitle: twice\n---\n",
    "e.md": b"\xff\xfe not UTF-8\n",
    "f.md": b"# A README: no front matter\n",
    "g.md": b"---\ntitle: G\ntags: [x, y]\nwhen: 2024-05-06T07:08:09Z\n---\n",
    "h.md": b"",
}


@pytest.fixture
def forks() -> None:
    if not store._can_fork():
        pytest.skip(
            "this process cannot hand work to a copy of itself (one processor, "
            "not Linux, or other threads running)"
        )


def _site(root: Path, copies: int = 3) -> list[str]:
    folder = root / "_jobs"
    folder.mkdir(parents=True)
    rels = []
    for n in range(copies):
        for name, data in FILES.items():
            path = folder / f"{n}-{name}"
            path.write_bytes(data)
            os.utime(path, ns=(OLD, OLD))
            rels.append(f"_jobs/{n}-{name}")
    os.symlink("/etc/hostname", folder / "z-outside.md")
    rels.append("_jobs/z-outside.md")
    return sorted(rels)


def _seen(s: Store, rels: list[str]) -> list[tuple[object, ...]]:
    return [
        (p.relpath, p.collection, p.raw, p.stamp, p.fields, p.key_lines, p.duplicates,
         p.body_offset, str(p.error))
        for p in (s.read(rel, "jobs") for rel in rels)
    ]  # fmt: skip


def _two_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], Any, Store]:
    """The site's files, what one process reads of them, and a store that reads ahead."""
    rels = _site(tmp_path)
    alone = _seen(Store(tmp_path, read_once=True), rels)
    monkeypatch.setattr(store, "READ_AHEAD_MIN", 2)
    return rels, alone, Store(tmp_path, read_once=True)


def test_postings_read_ahead_are_those_one_process_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: None
) -> None:
    rels, alone, two = _two_ways(tmp_path, monkeypatch)
    assert two.read_ahead(rels) == len(rels) - round(len(rels) * (1 - store.READ_AHEAD_SHARE))
    assert _seen(two, rels) == alone
    assert "invalid YAML" in str(alone[2][-1]) and alone[1][4] == {"title": "B", "open": False}


def _fails(base: str, relpaths: list[str], out: int) -> None:
    """The other process's reading, gone wrong after writing half a result."""
    os.write(out, b"\x80\x05half a pickle")
    raise OSError("disk gone")


def test_files_the_other_process_failed_to_read_are_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: None
) -> None:
    rels, alone, two = _two_ways(tmp_path, monkeypatch)
    monkeypatch.setattr(store, "_read_part", _fails)
    assert two.read_ahead(rels) > 0
    assert _seen(two, rels) == alone


def test_without_a_temporary_file_every_file_is_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: None
) -> None:
    import tempfile

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    rels, alone, two = _two_ways(tmp_path, monkeypatch)
    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    assert two.read_ahead(rels) == 0
    assert _seen(two, rels) == alone


def test_postings_read_ahead_are_saved_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: None
) -> None:
    rels = _site(tmp_path)
    monkeypatch.setattr(store, "RACY_NS", -(10**18))  # files just written count as settled
    monkeypatch.setattr(store, "READ_AHEAD_MIN", 2)
    first = Store(tmp_path, read_once=True)
    first.read_ahead(rels)
    expected = _seen(first, rels)
    assert cache.save(first)
    fresh = Store(tmp_path)
    cache.load(fresh)
    readable = [rel for rel in rels if not rel.endswith(("e.md", "outside.md"))]
    assert set(fresh.entries()) >= set(readable)
    assert _seen(fresh, rels) == expected


def test_no_second_process_for_few_files_or_a_store_that_rereads(
    tmp_path: Path, forks: None
) -> None:
    rels = _site(tmp_path, copies=1)
    assert Store(tmp_path, read_once=True).read_ahead(rels) == 0  # under READ_AHEAD_MIN
    assert Store(tmp_path).read_ahead(rels * 1000) == 0  # the TUI must see later changes


def _repo(root: Path) -> None:
    _site(root, copies=40)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "postings"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@x",
                            "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@x"})  # fmt: skip


@pytest.mark.parametrize("command", [["list", "--format", "json"], ["check"]])
def test_list_and_check_print_the_same_read_ahead_or_not(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    forks: None,
    command: list[str],
) -> None:
    _repo(tmp_path)
    outputs = []
    handed = []
    real = Store.read_ahead

    def spy(self: Store, relpaths: list[str]) -> int:
        handed.append(real(self, relpaths))
        return handed[-1]

    monkeypatch.setattr(Store, "read_ahead", spy)
    for least in (10**9, 2):
        monkeypatch.setattr(store, "READ_AHEAD_MIN", least)
        monkeypatch.setenv("POSTEDIT_CACHE_DIR", str(tmp_path / f"cache-{least}"))
        code = main([*command, "--repo", str(tmp_path)])
        out, err = capsys.readouterr()
        outputs.append((code, out, err))
    assert outputs[0] == outputs[1]
    assert handed[0] == 0 and max(handed) > 0
    if command[0] == "list":
        assert len(json.loads(outputs[0][1])) == 40 * (len(FILES) - 1) + 1  # READMEs left out
