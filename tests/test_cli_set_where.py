"""`postedit set --where`: the season's close of docs/query.md, as it should work.

The command line of ``set`` is being rewritten (cli/setcmd.py); it selects its postings with
``core.query.select``, as ``list --where`` does. Until it is wired, these tests are expected
to fail, strictly: the first one that passes says the mark must go.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from postedit.cli import main
from tests.query_site import JOBS, freeze_clock, make_query_site

CLOSE = ["--collection", "jobs", "--where", "open:true date<2021-09-01", "--field", "open=false"]
MATCHING = [
    f"{JOBS}/2020-11-05-old-dev.md",
    f"{JOBS}/2021-06-01-dev-python.md",
    f"{JOBS}/2021-08-20-designer.md",
]


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    freeze_clock(monkeypatch)
    return make_query_site(tmp_path / "board")


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in (root / "content").rglob("*.md")}


def test_the_seasons_close_is_one_commit_of_exactly_the_matching_postings(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(board)
    head = _git(board, "rev-parse", "HEAD").strip()
    assert main(["set", "--repo", str(board), *CLOSE, "--commit"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "3 postings match 'open:true date<2021-09-01'"
    assert _git(board, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    changed = _git(board, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == MATCHING
    after = _files(board)
    for rel in before:
        if rel not in MATCHING:
            assert after[rel] == before[rel], rel
            continue
        old, new = before[rel].splitlines(), after[rel].splitlines()
        assert len(old) == len(new)
        assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
            (b"open: true", b"open: false")
        ], rel
    assert _git(board, "status", "--porcelain") == ""


def test_dry_run_shows_the_count_the_list_and_the_diff_and_writes_nothing(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(board)
    head = _git(board, "rev-parse", "HEAD")
    assert main(["set", "--repo", str(board), *CLOSE, "--commit", "--dry-run"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "3 postings match 'open:true date<2021-09-01'"
    assert lines[1:4] == MATCHING
    for rel in MATCHING:
        assert f"+++ b/{rel}" in out
    assert out.count("\n-open: true\n") == 3 and out.count("\n+open: false\n") == 3
    assert _files(board) == before
    assert _git(board, "rev-parse", "HEAD") == head
    assert _git(board, "status", "--porcelain") == ""


def test_a_query_that_matches_nothing_exits_1_and_writes_nothing(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(board)
    args = ["set", "--repo", str(board), "--where", "rust", "--field", "open=false", "--commit"]
    assert main(args) == 1
    assert "no posting matches 'rust'" in capsys.readouterr().err
    assert _files(board) == before


def test_a_query_that_cannot_be_read_exits_2(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["set", "--repo", str(board), "--where", "open:true (", "--field", "open=false"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == "postedit: error: query: column 12: expected a term\n"
