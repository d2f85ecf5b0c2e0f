"""``postedit restore PATH --at REV [--commit]``: an old version as a pending edit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from postedit.cli import main
from tests.conftest import git

A = "content/_jobs/2021-03-01-alpha développeur.md"
B = "content/_jobs/b.md"
OLD = b"---\r\ntitle: Alpha\r\nopen: true  # still\r\n---\r\nFirst body\r\n"
NEW = b"---\r\ntitle: Alpha v2\r\nopen: false  # still\r\n---\r\nSecond body\r\n"
OTHER = b"---\ntitle: B\nopen: true\n---\nB\n"


@pytest.fixture
def site(make_repo, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    root = make_repo({A: OLD, B: OTHER, "README.md": "# site\n"})
    (root / A).write_bytes(NEW)
    git(root, "commit", "-qam", "Rework alpha")
    monkeypatch.chdir(root)
    return root


def _blob(root: Path, spec: str) -> bytes:
    """A blob's exact bytes (git() reads text, CRLF folded)."""
    return subprocess.run(
        ["git", "cat-file", "blob", spec], cwd=root, check=True, capture_output=True
    ).stdout


def _rev(root: Path, rev: str) -> str:
    return git(root, "rev-parse", rev).strip()


def test_restore_with_commit_commits_exactly_that_file_with_those_bytes(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _rev(site, "HEAD~1")
    (site / "README.md").write_text("# my own work, not committed\n")
    (site / B).write_bytes(OTHER + b"staged by hand\n")
    git(site, "add", B)
    assert main(["restore", A, "--at", first[:8], "--commit", "-m", "Bring alpha back"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("committed ") and "Bring alpha back (1 file)" in out
    assert git(site, "show", "--format=", "--name-only", "-z", "HEAD").strip("\0") == A
    assert _blob(site, f"HEAD:{A}") == OLD
    assert (site / A).read_bytes() == OLD
    assert git(site, "log", "-1", "--format=%s").strip() == "Bring alpha back"
    status = git(site, "status", "--porcelain")
    assert " M README.md" in status and "M  content/_jobs/b.md" in status


def test_restore_without_commit_is_a_pending_edit(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", A, "--at", "HEAD~1"]) == 0
    assert (site / A).read_bytes() == OLD
    first = _rev(site, "HEAD~1")[:7]
    assert capsys.readouterr().out == (
        f"restored {A} as of {first} (not committed: postedit diff shows it)\n"
    )
    assert main(["restore", A, "--at", "HEAD~1"]) == 0  # once more: the file holds it already
    assert capsys.readouterr().out == f"{A} already holds that version: nothing to restore\n"
    assert main(["diff", "--pending"]) == 0
    assert "+title: Alpha\r" in capsys.readouterr().out
    # a later command commits it as postedit's own
    assert main(["set", A, "--field", "open=false", "--commit"]) == 0
    assert git(site, "show", "--format=", "--name-only", "-z", "HEAD").strip("\0") == A
    assert _blob(site, f"HEAD:{A}") == OLD.replace(b"open: true", b"open: false")


def test_a_commit_that_deleted_the_posting_restores_the_version_before_it(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(site, "rm", "-q", B)
    git(site, "commit", "-qm", "Remove b")
    before = _rev(site, "HEAD~1")
    assert main(["restore", B, "--at", "HEAD", "--commit"]) == 0
    assert (site / B).read_bytes() == OTHER
    # worded by what the user did, not as a creation: the version is the one before HEAD
    assert git(site, "log", "-1", "--format=%s").strip() == f'Restore "B" (as of {before[:7]})'


def test_restore_refuses_changes_postedit_did_not_make_and_bad_revisions(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = NEW + b"my notes\r\n"
    (site / A).write_bytes(mine)
    assert main(["restore", A, "--at", "HEAD~1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{A}: error: has uncommitted changes that postedit did not make")
    assert (site / A).read_bytes() == mine
    assert main(["restore", B, "--at", "nosuchref"]) == 1
    assert capsys.readouterr().err.startswith(
        f"{B}: error: nosuchref: no such commit in this repository"
    )
    assert main(["restore", "content/_jobs/never.md", "--at", "HEAD"]) == 1
    assert "does not exist in commit" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["restore", B])  # --at is required
    assert stop.value.code == 2
    assert main(["restore", B, "--at", "HEAD", "-m", "x"]) == 2  # -m goes with --commit
    assert git(site, "log", "-1", "--format=%s").strip() == "Rework alpha"


def test_restore_only_brings_back_postings(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file outside every collection (a README, the site's config) is not postedit's to
    write: refused, untouched."""
    (site / "README.md").write_text("# site, later\n")
    git(site, "commit", "-qam", "README later")
    assert main(["restore", "README.md", "--at", "HEAD~1"]) == 1
    assert "README.md: error: not a posting of any collection" in capsys.readouterr().err
    assert (site / "README.md").read_text() == "# site, later\n"
    assert git(site, "status", "--porcelain").strip() == ""


def test_a_version_with_errors_is_committed_only_with_force(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The TUI's commit dialog stops a commit that brings an error the last commit did not
    have; ``restore --commit`` and ``set PATH --commit`` (pending edits) stop it alike: the
    error is named, the version stays on disk as a pending edit, and ``--force`` commits."""
    (site / "postedit.yml").write_text(
        "collections:\n  - name: jobs\n    folder: content/_jobs\n    fields:\n"
        "      - {name: title, type: string}\n      - {name: open, type: boolean}\n"
    )
    broken = NEW.replace(b"open: false", b"open: maybe")
    (site / A).write_bytes(broken)
    git(site, "add", "-A")
    git(site, "commit", "-qm", "A typo")
    (site / A).write_bytes(NEW)
    git(site, "commit", "-qam", "Fix the typo")
    head = _rev(site, "HEAD")
    assert main(["restore", A, "--at", "HEAD~1", "--commit"]) == 1
    err = capsys.readouterr().err
    assert f"{A}:3: error: open: expected true or false, found 'maybe'" in err
    assert "nothing was committed" in err and "--force" in err
    assert _rev(site, "HEAD") == head and (site / A).read_bytes() == broken
    assert main(["set", A, "--commit"]) == 1  # the pending edit, committed alone: alike
    assert _rev(site, "HEAD") == head
    capsys.readouterr()
    assert main(["set", A, "--commit", "--force", "-m", "Back to the typo"]) == 0
    assert _blob(site, f"HEAD:{A}") == broken
    assert main(["restore", A, "--at", "HEAD~1", "--commit", "--force"]) == 0  # no error: no gate
    assert _blob(site, f"HEAD:{A}") == NEW


RENAMED = "content/_jobs/2021-03-01-alpha.md"


def test_a_posting_renamed_since_is_restored_from_a_commit_postedit_log_lists(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """qa28: `postedit log NEW` follows the rename and lists the commits of the old name,
    and the TUI's `L`, `r` restored from them; `restore NEW --at` one of them said "does not
    exist in commit", as it did for any commit before the rename (HEAD~2 below)."""
    git(site, "mv", A, RENAMED)
    git(site, "commit", "-qm", "A file name without a space")
    first = _rev(site, "HEAD~2")
    assert main(["log", RENAMED]) == 0
    assert first[:7] in capsys.readouterr().out
    assert main(["restore", RENAMED, "--at", first[:8]]) == 0
    assert capsys.readouterr().out == (
        f"restored {RENAMED} as of {first[:7]} (not committed: postedit diff shows it)\n"
    )
    assert (site / RENAMED).read_bytes() == OLD
    assert not (site / A).exists()
    assert main(["restore", RENAMED, "--at", "HEAD~1"]) == 0  # the rework, under the old name
    assert (site / RENAMED).read_bytes() == NEW


def test_a_commit_before_the_posting_existed_is_still_refused(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content/_jobs/c.md").write_bytes(b"---\ntitle: C, new\nopen: false\n---\nC\n")
    git(site, "add", "content/_jobs/c.md")
    git(site, "commit", "-qm", "C")
    assert main(["restore", "content/_jobs/c.md", "--at", "HEAD~1"]) == 1
    assert "does not exist in commit" in capsys.readouterr().err


def test_the_path_at_a_commit_takes_two_git_walks_however_long_the_history(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``history.path_at`` asked ``git merge-base --is-ancestor`` of each commit of the
    posting's history, newest first, until one came before REV: a restore from long ago of
    a posting edited often ran a git process per edit. Two now, and the same answers."""
    from postedit.core.git import history
    from postedit.core.git.runner import GitRepo

    (site / B).write_bytes(OTHER + b"b only\n")
    git(site, "commit", "-qam", "B only: in no history of alpha's")
    git(site, "mv", A, RENAMED)
    git(site, "commit", "-qm", "A file name without a space")
    for n in range(12):
        (site / RENAMED).write_bytes(NEW + f"edit {n}\r\n".encode())
        git(site, "commit", "-qam", f"Edit {n}")
    repo = GitRepo.open(site)
    calls: list[list[str]] = []
    run = repo.run

    def counted(args, **kw):  # type: ignore[no-untyped-def]
        calls.append(list(args))
        return run(args, **kw)

    monkeypatch.setattr(repo, "run", counted)
    first, rework, b_only = _rev(site, "HEAD~15"), _rev(site, "HEAD~14"), _rev(site, "HEAD~13")
    assert history.path_at(repo, RENAMED, b_only) == A
    # HEAD, then the two walks: the posting's history and b_only's
    assert [args[0] for args in calls] == ["rev-parse", "log", "log"], calls
    assert history.path_at(repo, RENAMED, first) == A
    assert history.path_at(repo, RENAMED, rework) == A
    assert history.path_at(repo, RENAMED, _rev(site, "HEAD~12")) == RENAMED  # the rename
    assert history.path_at(repo, RENAMED, _rev(site, "HEAD~3")) == RENAMED
    assert history.path_at(repo, RENAMED, _rev(site, "HEAD")) == RENAMED


def test_a_revision_on_another_branch_restores_the_posting_as_that_branch_holds_it(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """REV on a branch that forked before the rename: the posting has its old name there, and
    a commit of that branch touching another file only is in no history of the posting's;
    a branch that edited the posting gives its own version; a branch with no history in
    common (an orphan) holds no such posting: refused."""
    git(site, "branch", "side", "HEAD~1")  # forked before "Rework alpha"
    git(site, "switch", "-q", "side")
    (site / B).write_bytes(OTHER + b"side\n")
    git(site, "commit", "-qam", "Only b, on side")
    git(site, "switch", "-q", "-")
    git(site, "mv", A, RENAMED)
    git(site, "commit", "-qm", "A file name without a space")
    assert main(["restore", RENAMED, "--at", "side"]) == 0
    assert (site / RENAMED).read_bytes() == OLD
    assert main(["restore", RENAMED, "--at", "HEAD"]) == 0
    git(site, "switch", "-q", "side")
    (site / A).write_bytes(OLD.replace(b"First", b"Side"))
    git(site, "commit", "-qam", "Alpha, on side")
    git(site, "switch", "-q", "-")
    assert main(["restore", RENAMED, "--at", "side"]) == 0
    assert (site / RENAMED).read_bytes() == OLD.replace(b"First", b"Side")
    empty = git(site, "hash-object", "-w", "-t", "tree", "/dev/null").strip()
    orphan = git(site, "commit-tree", empty, "-m", "Unrelated").strip()
    capsys.readouterr()
    assert main(["restore", RENAMED, "--at", orphan]) == 1
    assert "does not exist in commit" in capsys.readouterr().err


def test_a_restore_is_committed_as_a_restore_from_any_command_while_the_file_holds_it(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``restore --commit`` said ``Update "Alpha"`` (the change against HEAD), and so did a
    restore committed later by ``postedit commit``: both say ``Restore "Alpha" (as of
    1a2b3c4)``, the ledger keeping the restore between commands. A restore edited since
    holds no commit's version: it is worded as any edit; set back, as a restore again."""
    first = _rev(site, "HEAD~1")[:7]
    assert main(["restore", A, "--at", "HEAD~1", "--commit"]) == 0
    assert git(site, "log", "-1", "--format=%s").strip() == f'Restore "Alpha" (as of {first})'
    rework = _rev(site, "HEAD~1")[:7]  # "Rework alpha", now one commit back
    assert main(["restore", A, "--at", "HEAD~1"]) == 0
    assert main(["restore", B, "--at", "HEAD"]) == 0  # B as HEAD has it: nothing restored
    assert main(["set", A, "--field", "title=Alpha v3"]) == 0  # a restore edited since
    capsys.readouterr()
    assert main(["diff", "--pending"]) == 0
    assert main(["set", A, "--field", "title=Alpha v2"]) == 0  # set back: the restored version
    assert main(["commit"]) == 0
    assert git(site, "log", "-1", "--format=%s").strip() == f'Restore "Alpha v2" (as of {rework})'
    assert main(["restore", A, "--at", first]) == 0
    assert main(["set", A, "--field", "title=Alpha again"]) == 0
    assert main(["commit"]) == 0
    assert git(site, "log", "-1", "--format=%s").strip() == 'Update "Alpha again"'


def test_a_restore_undone_is_committed_again_as_a_restore(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``postedit undo`` of ``Restore "Alpha" (as of 1a2b3c4)`` left the file pending as a
    plain edit: committed again it said ``Update "Alpha"``. The ledger keeps the restore with
    the commit, so the undo leaves it known, from any command; an edit over it since is an
    update, as before; a commit without a restore leaves none."""
    first = _rev(site, "HEAD~1")[:7]
    assert main(["restore", A, "--at", "HEAD~1", "--commit"]) == 0
    assert main(["undo"]) == 0
    assert main(["commit"]) == 0
    assert git(site, "log", "-1", "--format=%s").strip() == f'Restore "Alpha" (as of {first})'
    assert main(["undo"]) == 0
    assert main(["set", A, "--field", "title=Alpha v3"]) == 0
    assert main(["commit"]) == 0
    assert git(site, "log", "-1", "--format=%s").strip() == 'Update "Alpha v3"'
    assert main(["undo"]) == 0
    assert main(["set", A, "--field", "title=Alpha"]) == 0  # set back: the restored version
    assert main(["commit"]) == 0
    assert git(site, "log", "-1", "--format=%s").strip() == f'Restore "Alpha" (as of {first})'
    assert main(["set", B, "--field", "open=false", "--commit"]) == 0
    assert main(["undo"]) == 0
    assert main(["commit"]) == 0
    assert git(site, "log", "-1", "--format=%s").strip() == 'Close "B"'


def test_a_deleted_posting_is_named_from_the_repository_with_repo_from_anywhere(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path that exists nowhere (a deleted posting) was taken from the current folder
    even with ``--repo``: run from a subfolder of the repository, ``restore
    content/_jobs/b.md --repo R`` looked for ``content/_jobs/content/_jobs/b.md`` (not a
    posting, exit 1). Now it is the repository's, as ``--repo`` says; from outside it, from
    its subfolder, as an absolute path, and for ``log`` too."""
    git(site, "rm", "-q", B)
    git(site, "commit", "-qm", "Remove b")
    (tmp_path / "elsewhere").mkdir()
    for here, given in (
        (site / "content" / "_jobs", B),
        (site / "content", B),
        (tmp_path / "elsewhere", B),
        (tmp_path / "elsewhere", str(site / B)),
    ):
        monkeypatch.chdir(here)
        assert main(["restore", given, "--at", "HEAD", "--repo", str(site)]) == 0, here
        assert capsys.readouterr().out.startswith(f"restored {B} as of "), here
        assert (site / B).read_bytes() == OTHER
        (site / B).unlink()
    monkeypatch.chdir(site / "content")  # a path from here still works, without --repo too
    assert main(["restore", "_jobs/b.md", "--at", "HEAD"]) == 0
    (site / B).unlink()
    monkeypatch.chdir(site / "content" / "_jobs")
    assert main(["log", B, "--repo", str(site)]) == 0
    assert "Remove b" in capsys.readouterr().out


def test_a_path_too_long_for_the_system_is_an_error_line(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder name longer than the system takes (ENAMETOOLONG) ended restore and log in an
    OSError traceback: looking where the path's folder exists raised."""
    long = "a" * 300 + "/x.md"
    assert main(["restore", long, "--at", "HEAD"]) in (1, 2)
    assert main(["log", long]) == 1
    assert main(["log", "a" * 300 + ".md"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count(": error: ") == 3
