"""The ledger of postedit's own writes: which pending changes postedit made, which it did not."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from postedit.core.repo import LEDGER, GitRepo
from postedit.core.store import atomic_write
from tests.conftest import git

ACCENTED = "content/_jobs/2021-07-12-recrutement-dossierfacile-charge de déploiement.md"
POST_A = "content/_jobs/a.md"
POST_B = "content/_jobs/b.md"
ORIGINAL = b"---\ntitle: A\nopen: true\n---\nBody\n"


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo({POST_A: ORIGINAL, POST_B: ORIGINAL, ACCENTED: ORIGINAL, "notes.txt": "x\n"})


def _write(repo: GitRepo, rel: str, data: bytes) -> None:
    """What a postedit face does: write (atomically), then record the write."""
    path = repo.root / rel
    previous = path.read_bytes() if path.exists() else None
    atomic_write(path, data)
    repo.note_written(rel, data, previous)


def test_own_writes_are_pending_and_not_foreign(site: Path) -> None:
    repo = GitRepo.open(site)
    assert repo.postedit_pending() == set() and repo.foreign_changes([POST_A]) == []
    _write(repo, ACCENTED, ORIGINAL.replace(b"true", b"false"))
    _write(repo, POST_A, ORIGINAL.replace(b"true", b"false"))
    assert repo.postedit_pending() == {ACCENTED, POST_A}
    assert repo.foreign_changes([ACCENTED, POST_A, POST_B]) == []
    ledger = json.loads((site / ".git" / LEDGER).read_text(encoding="utf-8"))
    assert set(ledger) == {ACCENTED, POST_A}  # non-ASCII names stored as they are
    # a second write by postedit keeps the file postedit's own
    _write(repo, POST_A, ORIGINAL.replace(b"Body", b"Corps"))
    assert repo.foreign_changes([POST_A]) == []


def test_changes_made_by_someone_else_are_foreign(site: Path) -> None:
    repo = GitRepo.open(site)
    (site / POST_B).write_bytes(ORIGINAL + b"by hand\n")  # never written by postedit
    _write(repo, POST_A, ORIGINAL.replace(b"true", b"false"))
    (site / POST_A).write_bytes((site / POST_A).read_bytes() + b"by hand after postedit\n")
    assert repo.foreign_changes([POST_A, POST_B, ACCENTED]) == [POST_A, POST_B]
    assert repo.postedit_pending() == set()
    # postedit writing over someone's changes does not make them postedit's
    _write(repo, POST_B, (site / POST_B).read_bytes().replace(b"true", b"false"))
    assert repo.foreign_changes([POST_B]) == [POST_B]
    assert POST_B not in repo.postedit_pending()


def test_staged_changes_are_foreign(site: Path) -> None:
    repo = GitRepo.open(site)
    (site / POST_A).write_bytes(ORIGINAL + b"staged\n")
    git(site, "add", POST_A)
    (site / POST_A).write_bytes(ORIGINAL)  # work tree back as in HEAD, the index is not
    assert repo.foreign_changes([POST_A]) == [POST_A]
    # staging postedit's own edit is fine
    git(site, "reset", "-q")
    _write(repo, POST_B, ORIGINAL.replace(b"true", b"false"))
    git(site, "add", POST_B)
    assert repo.foreign_changes([POST_B]) == []


def test_new_and_deleted_files(site: Path) -> None:
    repo = GitRepo.open(site)
    new = "content/_jobs/new.md"
    _write(repo, new, ORIGINAL)
    (site / POST_B).unlink()
    repo.note_written(POST_B, None, ORIGINAL)
    (site / "content/_jobs/stranger.md").write_bytes(ORIGINAL)
    assert repo.postedit_pending() == {new, POST_B}
    assert repo.foreign_changes([new, POST_B, "content/_jobs/stranger.md"]) == [
        "content/_jobs/stranger.md"
    ]


def test_commit_and_revert_clear_the_ledger(site: Path) -> None:
    repo = GitRepo.open(site)
    _write(repo, POST_A, ORIGINAL.replace(b"true", b"false"))
    _write(repo, POST_B, ORIGINAL.replace(b"true", b"false"))
    repo.commit([POST_A], "Close A")
    assert repo.postedit_pending() == {POST_B}
    ledger = json.loads((site / ".git" / LEDGER).read_text(encoding="utf-8"))
    assert set(ledger) == {POST_B}
    git(site, "checkout", "--", POST_B)  # reverted by hand
    assert repo.postedit_pending() == set()
    assert not (site / ".git" / LEDGER).exists()


def test_undo_makes_the_commit_pending_again(site: Path) -> None:
    repo = GitRepo.open(site)
    _write(repo, POST_A, ORIGINAL.replace(b"true", b"false"))
    repo.commit([POST_A], "Close A")
    repo.undo_last()
    assert repo.postedit_pending() == {POST_A}
    assert repo.foreign_changes([POST_A]) == []


def test_a_lost_or_broken_ledger_only_makes_postedit_more_careful(site: Path) -> None:
    repo = GitRepo.open(site)
    _write(repo, POST_A, ORIGINAL.replace(b"true", b"false"))
    (site / ".git" / LEDGER).write_text("{not json")
    assert repo.postedit_pending() == set()
    assert repo.foreign_changes([POST_A]) == [POST_A]


def test_ledger_runs_no_git_per_file(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo.open(site)
    rels = [f"content/_jobs/n{i}.md" for i in range(20)]
    for rel in rels:
        (site / rel).write_bytes(ORIGINAL)
    git(site, "add", "-A")
    git(site, "commit", "-qm", "more")
    calls: list[list[str]] = []
    real = repo._run

    def spy(args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(list(args))
        return real(args, **kwargs)

    monkeypatch.setattr(repo, "_run", spy)
    written = {rel: ORIGINAL.replace(b"true", b"false") for rel in rels}
    for rel, data in written.items():
        atomic_write(site / rel, data)
    repo.note_writes(written, dict.fromkeys(rels, ORIGINAL))
    assert repo.postedit_pending() == set(rels)
    assert repo.foreign_changes(rels) == []
    assert len(calls) <= 6, calls


def test_linked_worktree_has_its_own_ledger(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-wt"
    git(site, "worktree", "add", "-q", "-b", "other", str(other))
    main_repo, other_repo = GitRepo.open(site), GitRepo.open(other)
    _write(main_repo, POST_A, ORIGINAL.replace(b"true", b"false"))
    assert other_repo.postedit_pending() == set()
    assert other_repo.foreign_changes([POST_A]) == []
    (other / POST_A).write_bytes(ORIGINAL + b"x\n")
    assert other_repo.foreign_changes([POST_A]) == [POST_A]
    assert main_repo.postedit_pending() == {POST_A}


def test_ledger_stores_git_blob_ids(site: Path) -> None:
    """The blob ids the ledger stores are git's (a write equal to HEAD is not pending)."""
    repo = GitRepo.open(site)
    _write(repo, POST_A, ORIGINAL)
    oid = subprocess.run(
        ["git", "hash-object", POST_A], cwd=site, capture_output=True, text=True, check=True
    ).stdout.strip()
    ledger = json.loads((site / ".git" / LEDGER).read_text(encoding="utf-8"))
    assert ledger[POST_A] == oid
    assert repo.postedit_pending() == set()
