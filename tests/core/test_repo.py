"""GitRepo against real repositories in tmp_path: commits hold exactly postedit's files."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from postedit.core.errors import ConflictError, GitError
from postedit.core.git import commit as git_commit
from postedit.core.git import history
from postedit.core.git.commit import CommitRefusedError, NothingToCommitError, identity_help
from postedit.core.git.runner import GitRepo
from postedit.core.posting import Posting
from postedit.core.session import EditSession
from postedit.core.store import atomic_write, read_posting
from postedit.core.workspace import open_workspace
from tests.conftest import git

ACCENTED = "content/_jobs/2021-07-12-recrutement-dossierfacile-charge de déploiement.md"
POST_A = "content/_jobs/a.md"
POST_B = "content/_jobs/b.md"


def _files() -> dict[str, str]:
    return {
        POST_A: "---\ntitle: A\nopen: true\n---\nBody A\n",
        POST_B: "---\ntitle: B\nopen: true\n---\nBody B\n",
        ACCENTED: "---\nroles: Chargé de déploiement\nopen: true\n---\nCorps\n",
        "README.md": "readme\n",
        "notes.txt": "one\ntwo\n",
    }


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(_files())


def _edit(root: Path, rel: str, old: str = "open: true", new: str = "open: false") -> None:
    p = root / rel
    atomic_write(p, p.read_bytes().replace(old.encode(), new.encode()))


def _hook(root: Path, name: str, script: str, folder: str = ".git/hooks") -> Path:
    hooks = root / folder
    hooks.mkdir(parents=True, exist_ok=True)
    path = hooks / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def _committed_files(root: Path, rev: str = "HEAD") -> list[str]:
    out = git(root, "-c", "core.quotepath=off", "show", "--name-only", "--format=", rev)
    return sorted(line for line in out.splitlines() if line)


def _status(root: Path) -> str:
    """``git status --porcelain`` lines, unquoted (read from -z output)."""
    out = git(root, "status", "--porcelain=v1", "-z")
    return "\n".join(entry for entry in out.split("\0") if entry) + "\n"


def _read(root: Path, rel: str) -> Posting:
    """A Posting as postedit read it."""
    return read_posting(root, rel, "jobs")


# -- opening and state ------------------------------------------------------------------------


def test_open_from_subfolder_and_file(site: Path) -> None:
    assert GitRepo.open(site / "content" / "_jobs").root == site.resolve()
    assert GitRepo.open(site / POST_A).root == site.resolve()


def test_open_outside_git_says_so(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError, match="not inside a git repository"):
        GitRepo.open(plain)


def test_open_linked_worktree_and_commit_there(site: Path, tmp_path: Path) -> None:
    wt = tmp_path / "linked"
    git(site, "worktree", "add", "-q", "-b", "side", str(wt))
    repo = GitRepo.open(wt / "content")
    assert repo.root == wt.resolve()
    assert repo.state().branch == "side"
    _edit(wt, POST_A)
    result = git_commit.commit(repo, [POST_A], 'Close "A"')
    assert git(wt, "log", "-1", "--format=%s").strip() == 'Close "A"'
    assert result.paths == (POST_A,)
    assert git(site, "log", "-1", "--format=%s", "main").strip() == "initial"
    # undo record lives in the common git dir, shared by the work trees
    assert git_commit.is_postedit_commit(repo, result.sha)


def test_state_plain_branch(site: Path) -> None:
    st = GitRepo.open(site).state()
    assert st.branch == "main" and st.upstream is None and st.operation is None
    assert st.commit_refusal is None
    assert st.head == git(site, "rev-parse", "HEAD").strip()


def test_detached_head_refuses_commit(site: Path) -> None:
    git(site, "checkout", "-q", "--detach")
    repo = GitRepo.open(site)
    st = repo.state()
    assert st.branch is None
    assert st.commit_refusal is not None and "detached" in st.commit_refusal
    _edit(site, POST_A)
    with pytest.raises(GitError, match="detached"):
        git_commit.commit(repo, [POST_A], "x")
    assert "a.md" in _status(site)


def test_merge_in_progress_refuses_commit(site: Path) -> None:
    git(site, "checkout", "-q", "-b", "other")
    (site / "notes.txt").write_text("other\n")
    git(site, "commit", "-qam", "other")
    git(site, "checkout", "-q", "main")
    (site / "notes.txt").write_text("mine\n")
    git(site, "commit", "-qam", "mine")
    subprocess.run(["git", "merge", "other"], cwd=site, capture_output=True)
    repo = GitRepo.open(site)
    st = repo.state()
    assert st.operation == "merge"
    assert "merge" in (st.commit_refusal or "") and "git merge --abort" in (st.commit_refusal or "")
    _edit(site, POST_A)
    head = git(site, "rev-parse", "HEAD")
    with pytest.raises(GitError, match="merge is in progress"):
        git_commit.commit(repo, [POST_A], "x")
    assert git(site, "rev-parse", "HEAD") == head


def test_bare_repository_state(tmp_path: Path, site: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(site), str(bare))
    repo = GitRepo.open(bare)
    st = repo.state()
    assert st.bare and st.commit_refusal is not None and "bare" in st.commit_refusal


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_repository_refuses(site: Path) -> None:
    mode = (site / ".git").stat().st_mode
    (site / ".git").chmod(0o555)
    try:
        st = GitRepo.open(site).state()
        assert st.read_only and "read-only" in (st.commit_refusal or "")
    finally:
        (site / ".git").chmod(mode)


def test_read_only_state_is_reported(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Works as root too: os.access is what decides."""
    repo = GitRepo.open(site)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == repo.git_dir else real(p, m))
    st = repo.state()
    assert st.read_only and "read-only" in (st.commit_refusal or "")


def test_changed_paths_one_status_with_odd_names(site: Path) -> None:
    _edit(site, ACCENTED)
    (site / "content/_jobs/new [1].md").write_text("---\ntitle: N\n---\n")
    (site / "notes.txt").unlink()
    git(site, "add", "README.md")  # unchanged: not listed
    changed = GitRepo.open(site).status()
    assert changed == {
        ACCENTED: " M",
        "content/_jobs/new [1].md": "??",
        "notes.txt": " D",
    }


# -- committing -------------------------------------------------------------------------------


def test_commit_leaves_other_staged_and_unstaged_work_alone(site: Path) -> None:
    (site / "README.md").write_text("staged by the user\n")
    git(site, "add", "README.md")
    (site / "notes.txt").write_text("unstaged by the user\n")
    (site / "scratch.txt").write_text("untracked\n")
    _edit(site, POST_A)
    _edit(site, ACCENTED)
    before_index = git(site, "diff", "--cached", "--", "README.md")

    result = git_commit.commit(GitRepo.open(site), [POST_A, ACCENTED], "Close 2 postings")

    assert _committed_files(site) == sorted([POST_A, ACCENTED])
    assert set(result.paths) == {POST_A, ACCENTED}
    status = _status(site)
    assert "M  README.md" in status  # still staged
    assert " M notes.txt" in status  # still unstaged
    assert "?? scratch.txt" in status
    assert "a.md" not in status and "déploiement" not in status
    assert git(site, "diff", "--cached", "--", "README.md") == before_index
    assert (site / "README.md").read_text() == "staged by the user\n"
    assert (site / "notes.txt").read_text() == "unstaged by the user\n"
    show = git(site, "show", "--format=", "HEAD", "--", POST_A)
    assert "-open: true" in show and "+open: false" in show


def test_commit_partially_staged_file_commits_the_file_as_on_disk(site: Path) -> None:
    p = site / POST_A
    p.write_text("---\ntitle: A staged\nopen: true\n---\nBody A\n")
    git(site, "add", POST_A)
    p.write_text("---\ntitle: A staged\nopen: true\n---\nBody A, unstaged line\n")
    (site / "README.md").write_text("other staged\n")
    git(site, "add", "README.md")
    _edit(site, POST_A)  # postedit edits the file as found on disk

    git_commit.commit(GitRepo.open(site), [POST_A], "Close")

    assert git(site, "show", f"HEAD:{POST_A}") == p.read_text()
    assert _committed_files(site) == [POST_A]
    status = _status(site)
    assert "a.md" not in status  # the file is clean: index = HEAD = disk
    assert "M  README.md" in status


def test_commit_new_and_deleted_files(site: Path) -> None:
    new = "content/_jobs/2024-01-02-nouveau poste é.md"
    atomic_write(site / new, b"---\ntitle: N\n---\n")
    (site / POST_B).unlink()
    (site / "scratch.txt").write_text("untracked, not ours\n")
    result = git_commit.commit(GitRepo.open(site), [new, POST_B], "Create and delete")
    assert set(result.paths) == {new, POST_B}
    names = git(site, "-c", "core.quotepath=off", "show", "--name-status", "--format=", "HEAD")
    assert f"A\t{new}" in names and f"D\t{POST_B}" in names
    assert "?? scratch.txt" in _status(site)


def test_glob_characters_in_names_are_literal(site: Path) -> None:
    (site / "content/_jobs/x[ab].md").write_text("ours\n")
    (site / "content/_jobs/xa.md").write_text("not ours\n")
    git_commit.commit(GitRepo.open(site), ["content/_jobs/x[ab].md"], "Create")
    assert _committed_files(site) == ["content/_jobs/x[ab].md"]
    assert "?? content/_jobs/xa.md" in _status(site)


def test_nothing_to_commit(site: Path) -> None:
    with pytest.raises(NothingToCommitError, match="git says: nothing to commit"):
        git_commit.commit(GitRepo.open(site), [POST_A], "x")


def test_rejecting_pre_commit_hook_shows_output_and_keeps_edits(site: Path) -> None:
    _hook(site, "pre-commit", 'echo "posting lacks a date" >&2\nexit 1\n')
    new = "content/_jobs/new.md"
    (site / new).write_text("---\ntitle: N\n---\n")
    (site / "README.md").write_text("staged\n")
    git(site, "add", "README.md")
    _edit(site, POST_A)
    head = git(site, "rev-parse", "HEAD")
    with pytest.raises(CommitRefusedError) as info:
        git_commit.commit(GitRepo.open(site), [POST_A, new], "Close")
    assert "posting lacks a date" in info.value.message
    assert "posting lacks a date" in info.value.output
    assert git(site, "rev-parse", "HEAD") == head
    assert b"open: false" in (site / POST_A).read_bytes()
    status = _status(site)
    assert " M content/_jobs/a.md" in status
    assert "?? content/_jobs/new.md" in status  # the intent-to-add was taken back
    assert "M  README.md" in status


def test_commit_msg_hook_edits_message_and_hooks_see_only_our_paths(site: Path) -> None:
    _hook(site, "commit-msg", 'printf "\\nReviewed-by: hook\\n" >> "$1"\n')
    _hook(site, "prepare-commit-msg", 'echo "prepare $2" > ".git/prepared"\n')
    _hook(
        site,
        "pre-commit",
        'git diff --cached --name-only > ".git/precommit-saw"\necho pre-commit ran >&2\n',
    )
    _hook(site, "post-commit", 'echo done > ".git/post-committed"\n')
    (site / "README.md").write_text("staged\n")
    git(site, "add", "README.md")
    _edit(site, POST_A)
    result = git_commit.commit(GitRepo.open(site), [POST_A], 'Close "A"')
    body = git(site, "log", "-1", "--format=%B")
    assert body.startswith('Close "A"') and "Reviewed-by: hook" in body
    assert result.summary == 'Close "A"'
    assert "pre-commit ran" in result.output
    gd = site / ".git"
    assert (gd / "prepared").read_text().strip() == "prepare message"
    assert (gd / "precommit-saw").read_text().split() == [POST_A]
    assert (gd / "post-committed").exists()


def test_core_hooks_path_is_honoured(site: Path) -> None:
    _hook(site, "pre-commit", 'echo "from hooksPath" >&2\nexit 1\n', folder="githooks")
    git(site, "config", "core.hooksPath", "githooks")
    _edit(site, POST_A)
    with pytest.raises(CommitRefusedError, match="from hooksPath"):
        git_commit.commit(GitRepo.open(site), [POST_A], "x")


def test_missing_identity_says_how_to_set_it(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.delenv("EMAIL", raising=False)
    _edit(site, POST_A)
    repo = GitRepo.open(site)
    head = git(site, "rev-parse", "HEAD")
    with pytest.raises(GitError) as info:
        git_commit.commit(repo, [POST_A], "x")
    assert info.value.message == identity_help()
    assert 'git config user.name "Your Name"' in info.value.message
    assert "git config user.email" in info.value.message
    assert git(site, "rev-parse", "HEAD") == head
    git(site, "config", "--local", "user.name", "Ada Lovelace")
    git(site, "config", "--local", "user.email", "ada@example.org")
    git_commit.commit(repo, [POST_A], "x")
    assert git(site, "log", "-1", "--format=%an <%ae>").strip() == "Ada Lovelace <ada@example.org>"


def test_index_lock_gives_clear_message(site: Path) -> None:
    _edit(site, POST_A)
    (site / ".git" / "index.lock").write_text("")
    with pytest.raises(GitError, match="another git process"):
        git_commit.commit(GitRepo.open(site), [POST_A], "x")


def test_commit_in_repository_without_commits(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"content/_jobs/a.md": "---\ntitle: A\n---\n"}, commit=False)
    repo = GitRepo.open(root)
    assert repo.state().head is None
    assert "+title: A" in history.diff(repo)
    result = git_commit.commit(repo, ["content/_jobs/a.md"], "Create")
    assert result.paths == ("content/_jobs/a.md",)


# -- diff, log, show, restore -----------------------------------------------------------------


def test_diff_includes_new_and_deleted_files_without_touching_index(site: Path) -> None:
    new = "content/_jobs/nouveau é.md"
    (site / new).write_text("---\ntitle: N\n---\n")
    (site / POST_B).unlink()
    _edit(site, ACCENTED)
    index = (site / ".git" / "index").read_bytes()
    repo = GitRepo.open(site)
    text = history.diff(repo, [new, POST_B, ACCENTED])
    assert f"+++ b/{new}" in text and "+title: N" in text
    assert f"--- a/{POST_B}" in text and "-title: B" in text
    assert f"+++ b/{ACCENTED}" in text and "+open: false" in text
    assert "\x1b[" not in text
    assert (site / ".git" / "index").read_bytes() == index
    assert "??" in _status(site)
    coloured = history.diff(repo, [ACCENTED], color=True)
    assert "\x1b[" in coloured
    only = history.diff(repo, [POST_A])
    assert only == ""
    everything = history.diff(repo)
    assert new in everything and POST_B in everything


def test_log_follows_renames_and_show_file_at(site: Path) -> None:
    repo = GitRepo.open(site)
    _edit(site, POST_A)
    first = git_commit.commit(repo, [POST_A], 'Close "A"')
    renamed = "content/_jobs/a renamed é.md"
    git(site, "mv", POST_A, renamed)
    git(site, "commit", "-qm", "rename")
    _edit(site, renamed, "title: A", "title: A2")
    git_commit.commit(repo, [renamed], 'Update "A2"')
    entries = history.log(repo, renamed)
    assert [e.subject for e in entries] == ['Update "A2"', "rename", 'Close "A"', "initial"]
    assert entries[0].path == renamed
    assert entries[1].status == "R" and entries[1].old_path == POST_A
    assert entries[2].path == POST_A and entries[2].sha == first.sha
    assert entries[3].status == "A"
    assert entries[0].author == "Test User" and entries[0].date[:4].isdigit()
    assert b"open: false" in history.file_at(repo, first.sha, POST_A)
    assert history.file_at(repo, entries[3].sha, POST_A) == _files()[POST_A].encode()
    shown = history.show(repo, first.sha, POST_A)
    assert "-open: true" in shown and "+open: false" in shown
    assert history.head_contents(repo, [renamed])[renamed] == (site / renamed).read_bytes()
    assert history.head_contents(repo, ["content/_jobs/none.md"])["content/_jobs/none.md"] is None
    with pytest.raises(GitError, match="does not exist"):
        history.file_at(repo, first.sha, "content/_jobs/none.md")


def test_file_at_keeps_bytes_exact(site: Path) -> None:
    data = b"---\r\ntitle: X\r\n---\r\n\r\n\r\n"
    (site / "content/_jobs/crlf.md").write_bytes(data)
    repo = GitRepo.open(site)
    git_commit.commit(repo, ["content/_jobs/crlf.md"], "Create")
    assert history.head_contents(repo, ["content/_jobs/crlf.md"])["content/_jobs/crlf.md"] == data


def test_restore_writes_old_version_as_pending_edit(site: Path) -> None:
    repo = GitRepo.open(site)
    initial = git(site, "rev-parse", "HEAD").strip()
    _edit(site, POST_A)
    closed = git_commit.commit(repo, [POST_A], "Close")
    (site / "README.md").write_text("staged\n")
    git(site, "add", "README.md")
    session = EditSession(open_workspace(site), repo)
    posting = _read(site, POST_A)
    restored = session.restore(posting, initial)
    assert (site / POST_A).read_bytes() == _files()[POST_A].encode()
    assert restored.relpath == POST_A
    assert " M content/_jobs/a.md" in _status(site)
    assert "M  README.md" in _status(site)
    # a file changed behind postedit's back is not overwritten
    stale = _read(site, POST_A)
    (site / POST_A).write_text("changed elsewhere\n")
    with pytest.raises(ConflictError):
        session.restore(stale, closed.sha)
    assert (site / POST_A).read_text() == "changed elsewhere\n"


# -- undo -------------------------------------------------------------------------------------


def test_undo_brings_changes_back_as_pending_edits(site: Path) -> None:
    repo = GitRepo.open(site)
    initial = git(site, "rev-parse", "HEAD").strip()
    new = "content/_jobs/new é.md"
    (site / new).write_text("---\ntitle: N\n---\n")
    _edit(site, POST_A)
    made = git_commit.commit(repo, [POST_A, new], "Edit")
    (site / "README.md").write_text("staged\n")
    git(site, "add", "README.md")
    undone = history.undo_last(repo)
    assert undone.sha == made.sha and undone.summary == "Edit"
    assert git(site, "rev-parse", "HEAD").strip() == initial
    status = _status(site)
    assert " M content/_jobs/a.md" in status
    assert f"?? {new}" in status
    assert "M  README.md" in status
    assert b"open: false" in (site / POST_A).read_bytes()
    # the previous commit was not postedit's: refused
    with pytest.raises(GitError, match="not made by postedit"):
        history.undo_last(repo)


def test_undo_refuses_a_commit_not_made_by_postedit(site: Path) -> None:
    with pytest.raises(GitError, match="not made by postedit"):
        history.undo_last(GitRepo.open(site))


def test_undo_refuses_when_paths_have_new_staged_changes(site: Path) -> None:
    repo = GitRepo.open(site)
    _edit(site, POST_A)
    git_commit.commit(repo, [POST_A], "Close")
    (site / POST_A).write_text("more\n")
    git(site, "add", POST_A)
    head = git(site, "rev-parse", "HEAD")
    with pytest.raises(GitError, match="unstage them first"):
        history.undo_last(repo)
    assert git(site, "rev-parse", "HEAD") == head


@pytest.mark.slow
def test_pre_commit_framework_checks_only_our_files(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-commit.com framework (when installed) runs on postedit's paths only."""
    import shutil
    import sys

    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(exe).exists():
        pytest.skip("the pre-commit framework is not installed")
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("PATH", f"{Path(exe).parent}{os.pathsep}{os.environ['PATH']}")
    (site / ".pre-commit-config.yaml").write_text(
        "repos:\n- repo: local\n  hooks:\n  - id: no-todo\n    name: no TODO\n"
        "    language: system\n    entry: sh -c '! grep -H TODO \"$@\"' --\n"
        "    files: ^content/\n"
    )
    git(site, "add", ".pre-commit-config.yaml")
    git(site, "commit", "-qm", "pre-commit config")
    subprocess.run([exe, "install"], cwd=site, check=True, capture_output=True)
    (site / POST_B).write_text("---\ntitle: B\n---\nTODO staged by the user\n")
    git(site, "add", POST_B)
    repo = GitRepo.open(site)
    _edit(site, POST_A)
    git_commit.commit(repo, [POST_A], "Close")  # B's TODO is not ours: not checked, not committed
    assert _committed_files(site) == [POST_A]
    assert f"M  {POST_B}" in _status(site)
    (site / POST_A).write_text("---\ntitle: A\nopen: true\n---\nTODO\n")
    with pytest.raises(CommitRefusedError, match=r"a\.md:TODO"):
        git_commit.commit(repo, [POST_A], "Open")
    assert (site / POST_A).read_text().endswith("TODO\n")
