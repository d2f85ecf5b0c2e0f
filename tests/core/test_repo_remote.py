"""Pull and push against a bare repository in tmp_path (and undo before/after push)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from postedit.core.errors import GitError
from postedit.core.git import commit as git_commit
from postedit.core.git import history
from postedit.core.git import remote as git_remote
from postedit.core.git.remote import (
    DivergedError,
    NoUpstreamError,
    PullConflictError,
    PushRejectedError,
)
from postedit.core.git.runner import GitRepo
from postedit.core.store import atomic_write
from tests.conftest import git

POST = "content/_jobs/2021-07-12-recrutement-dossierfacile-charge de déploiement.md"
OTHER = "content/_jobs/other.md"


@pytest.fixture
def remote(make_repo, tmp_path: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """(bare remote, clone with upstream origin/main)."""
    seed = make_repo({POST: "---\nroles: X\nopen: true\n---\nCorps\n", OTHER: "other\n"}, "seed")
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    return bare, clone


def _other_clone(bare: Path, tmp_path: Path, name: str = "colleague") -> Path:
    path = tmp_path / name
    git(tmp_path, "clone", "-q", str(bare), str(path))
    return path


def _close(root: Path, rel: str = POST) -> None:
    p = root / rel
    atomic_write(p, p.read_bytes().replace(b"open: true", b"open: false"))


def _diverge(
    bare: Path,
    clone: Path,
    tmp_path: Path,
    theirs: str = "colleague edits other",
    mine: str = "Close",
) -> tuple[GitRepo, str]:
    """A colleague's commit ``theirs`` to OTHER pushed, and a local commit ``mine`` closing
    POST not pushed: the repository of ``clone`` and the local commit's hash."""
    colleague = _other_clone(bare, tmp_path)
    (colleague / OTHER).write_text("theirs\n")
    git(colleague, "commit", "-qam", theirs)
    git(colleague, "push", "-q")
    repo = GitRepo.open(clone)
    _close(clone)
    return repo, git_commit.commit(repo, [POST], mine).sha


def test_push_sends_commits_with_progress(remote: tuple[Path, Path]) -> None:
    bare, clone = remote
    repo = GitRepo.open(clone)
    _close(clone)
    made = git_commit.commit(repo, [POST], "Close")
    st = repo.state()
    assert st.upstream == "origin/main" and st.ahead == 1 and st.behind == 0
    lines: list[str] = []
    result = git_remote.push(repo, progress=lines.append)
    assert result.pushed == 1 and result.upstream == "origin/main"
    assert git(bare, "rev-parse", "main").strip() == made.sha
    assert lines, "progress lines were reported"
    assert repo.state().ahead == 0
    again = git_remote.push(repo)
    assert again.pushed == 0 and "nothing to push" in again.output


def test_undo_before_push_and_refused_after(remote: tuple[Path, Path]) -> None:
    _bare, clone = remote
    repo = GitRepo.open(clone)
    _close(clone)
    git_commit.commit(repo, [POST], "Close")
    history.undo_last(repo)
    assert repo.state().ahead == 0
    assert POST in repo.status()
    git_commit.commit(repo, [POST], "Close")
    git_remote.push(repo)
    head = git(clone, "rev-parse", "HEAD")
    with pytest.raises(GitError, match="already pushed"):
        history.undo_last(repo)
    assert git(clone, "rev-parse", "HEAD") == head


def test_pull_fast_forward_keeps_pending_edits(remote: tuple[Path, Path], tmp_path: Path) -> None:
    bare, clone = remote
    colleague = _other_clone(bare, tmp_path)
    _close(colleague)
    git(colleague, "commit", "-qam", "colleague closes")
    git(colleague, "push", "-q")
    (clone / OTHER).write_text("my pending edit\n")
    repo = GitRepo.open(clone)
    before = repo.state().head
    result = git_remote.pull(repo)
    assert result.updated and result.before == before
    assert result.paths == (POST,)
    assert b"open: false" in (clone / POST).read_bytes()
    assert (clone / OTHER).read_text() == "my pending edit\n"
    assert repo.status() == {OTHER: " M"}
    assert not git_remote.pull(repo).updated


@pytest.mark.parametrize("progress", [None, print], ids=["quiet", "progress"])
def test_pull_refuses_to_overwrite_pending_edits(
    remote: tuple[Path, Path], tmp_path: Path, progress: git_remote.Progress | None
) -> None:
    """The files are named with progress shown too (``postedit pull`` shows it): the lines
    were stripped as they were read, git's tab before each name with them, and the error
    said "your pending edits to some files" (qa29)."""
    bare, clone = remote
    colleague = _other_clone(bare, tmp_path)
    _close(colleague)
    git(colleague, "commit", "-qam", "colleague closes")
    git(colleague, "push", "-q")
    (clone / POST).write_text("my version\n")
    repo = GitRepo.open(clone)
    head = repo.state().head
    with pytest.raises(PullConflictError, match="overwrite your pending edits") as info:
        git_remote.pull(repo, progress=progress)
    assert POST in info.value.message
    assert info.value.paths == (POST,)
    assert (clone / POST).read_text() == "my version\n"
    assert repo.state().head == head


def test_pull_diverged_needs_rebase_then_push(remote: tuple[Path, Path], tmp_path: Path) -> None:
    bare, clone = remote
    repo, mine = _diverge(bare, clone, tmp_path)
    # push first: rejected, nothing forced
    with pytest.raises(PushRejectedError, match="pull first") as rejected:
        git_remote.push(repo)
    # in postedit's words, and in git's
    assert "\ngit: ! [rejected]" in rejected.value.message
    assert git(bare, "log", "-1", "--format=%s", "main").strip() == "colleague edits other"
    with pytest.raises(DivergedError, match="diverged.*--rebase") as diverged:
        git_remote.pull(repo)
    assert "\ngit: fatal: Not possible to fast-forward" in diverged.value.message
    assert repo.state().head == mine
    result = git_remote.pull(repo, rebase=True)
    assert result.updated and OTHER in result.paths
    assert git(clone, "log", "--format=%s", "-2").split("\n")[:2] == [
        "Close",
        "colleague edits other",
    ]
    assert git_remote.push(repo).pushed == 1


def test_pull_rebase_conflict_is_aborted(remote: tuple[Path, Path], tmp_path: Path) -> None:
    bare, clone = remote
    colleague = _other_clone(bare, tmp_path)
    (colleague / POST).write_text("theirs\n")
    git(colleague, "commit", "-qam", "theirs")
    git(colleague, "push", "-q")
    repo = GitRepo.open(clone)
    (clone / POST).write_text("mine\n")
    mine = git_commit.commit(repo, [POST], "Mine")
    with pytest.raises(GitError, match="rebase was aborted") as conflict:
        git_remote.pull(repo, rebase=True)
    # git's words name the file in conflict
    assert f"\ngit: CONFLICT (content): Merge conflict in {POST}" in conflict.value.message
    st = repo.state()
    assert st.operation is None and st.branch == "main" and st.head == mine.sha
    assert (clone / POST).read_text() == "mine\n"


def test_pull_rebase_refused_with_pending_edits(remote: tuple[Path, Path]) -> None:
    _bare, clone = remote
    (clone / OTHER).write_text("pending\n")
    with pytest.raises(GitError, match="commit them first") as refused:
        git_remote.pull(GitRepo.open(clone), rebase=True)
    assert refused.value.message.endswith(", or pull without --rebase")


def test_pull_rebase_refused_with_local_commits_offers_no_plain_pull(
    remote: tuple[Path, Path], tmp_path: Path
) -> None:
    """Diverged, and a file changed by hand: the plain pull said "pull with --rebase", and
    the pull with --rebase said "pull without --rebase", round and round."""
    bare, clone = remote
    repo, _mine = _diverge(bare, clone, tmp_path)
    git(clone, "fetch", "-q")
    (clone / OTHER).write_text("by hand\n")
    with pytest.raises(DivergedError):
        git_remote.pull(repo)
    with pytest.raises(GitError) as refused:
        git_remote.pull(repo, rebase=True)
    assert f"uncommitted changes ({OTHER})" in refused.value.message
    assert "git stash" in refused.value.message
    assert "without --rebase" not in refused.value.message


def test_no_upstream(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"a.md": "a\n"})
    repo = GitRepo.open(root)
    with pytest.raises(NoUpstreamError, match="no upstream and the repository has no remote"):
        git_remote.pull(repo)
    with pytest.raises(NoUpstreamError, match="has no remote to push main to.*git remote add"):
        git_remote.push(repo)
    git(root, "remote", "add", "origin", "/nonexistent")
    with pytest.raises(NoUpstreamError, match=r"no upstream: push it once with postedit push"):
        git_remote.pull(repo)


def test_network_failure(remote: tuple[Path, Path], tmp_path: Path) -> None:
    _bare, clone = remote
    git(clone, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    repo = GitRepo.open(clone)
    _close(clone)
    git_commit.commit(repo, [POST], "Close")
    with pytest.raises(GitError, match="cannot reach origin"):
        git_remote.push(repo)
    with pytest.raises(GitError, match="cannot reach origin"):
        git_remote.pull(repo)


def test_authentication_failure(
    remote: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bare, clone = remote
    fake_ssh = tmp_path / "fake-ssh"
    fake_ssh.write_text(
        "#!/bin/sh\necho 'git@example.org: Permission denied (publickey).' >&2\nexit 255\n"
    )
    fake_ssh.chmod(fake_ssh.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(fake_ssh))
    git(clone, "remote", "set-url", "origin", "git@example.org:team/site.git")
    repo = GitRepo.open(clone)
    _close(clone)
    git_commit.commit(repo, [POST], "Close")
    with pytest.raises(GitError, match="authentication to origin failed.*ssh-add"):
        git_remote.push(repo)


def test_pre_push_hook_rejection(remote: tuple[Path, Path]) -> None:
    bare, clone = remote
    hook = clone / ".git" / "hooks" / "pre-push"
    hook.write_text("#!/bin/sh\necho 'no pushing on fridays' >&2\nexit 1\n")
    hook.chmod(0o755)
    repo = GitRepo.open(clone)
    _close(clone)
    git_commit.commit(repo, [POST], "Close")
    with pytest.raises(GitError, match="no pushing on fridays"):
        git_remote.push(repo)
    assert git(bare, "log", "-1", "--format=%s", "main").strip() == "initial"
    assert repo.state().ahead == 1


def test_fetch_updates_behind(remote: tuple[Path, Path], tmp_path: Path) -> None:
    bare, clone = remote
    colleague = _other_clone(bare, tmp_path)
    (colleague / OTHER).write_text("theirs\n")
    git(colleague, "commit", "-qam", "theirs")
    git(colleague, "push", "-q")
    repo = GitRepo.open(clone)
    assert repo.state().behind == 0
    git_remote.fetch(repo)
    st = repo.state()
    assert st.behind == 1 and st.ahead == 0
    assert (clone / OTHER).read_text() == "other\n"  # fetch never touches the work tree


def test_init_makes_a_repository(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "fresh")
    assert repo.root == (tmp_path / "fresh").resolve()
    st = repo.state()
    assert st.branch == "main" and st.head is None and st.commit_refusal is None


def test_undo_after_pull_rebase_still_knows_its_commit(
    remote: tuple[Path, Path], tmp_path: Path
) -> None:
    """pull --rebase gives postedit's unpushed commit a new hash: undo still recognises it."""
    bare, clone = remote
    repo, made = _diverge(bare, clone, tmp_path, theirs="theirs", mine='Close "X"')
    git_remote.pull(repo, rebase=True)
    rebased = git(clone, "rev-parse", "HEAD").strip()
    assert rebased != made and git_commit.is_postedit_commit(repo, rebased)
    undone = history.undo_last(repo)
    assert undone.sha == rebased and undone.summary == 'Close "X"'
    assert git(clone, "log", "-1", "--format=%s").strip() == "theirs"
    assert b"open: false" in (clone / POST).read_bytes() and POST in repo.status()
    # a hand-made commit with another message is still refused
    git(clone, "commit", "-qam", "by hand")
    with pytest.raises(GitError, match=r"the last commit \([0-9a-f]{7} by hand\) was not made"):
        history.undo_last(repo)


def test_push_sets_the_upstream_of_a_branch_never_pushed(
    remote: tuple[Path, Path], tmp_path: Path
) -> None:
    bare, clone = remote
    git(clone, "switch", "-q", "-c", "topic")
    repo = GitRepo.open(clone)
    assert repo.state().upstream is None
    _close(clone)
    made = git_commit.commit(repo, [POST], "Close")
    result = git_remote.push(repo)
    assert (result.pushed, result.upstream, result.created) == (1, "origin/topic", True)
    assert git(bare, "rev-parse", "topic").strip() == made.sha
    st = repo.state()
    assert st.upstream == "origin/topic" and st.ahead == 0 and not st.upstream_gone
    assert git_remote.push(repo).pushed == 0 and not git_remote.push(repo).created


def test_push_to_an_empty_remote_and_to_a_deleted_branch(tmp_path: Path) -> None:
    bare = tmp_path / "empty.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    clone = tmp_path / "w"
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    (clone / "a.md").write_text("a\n")
    git(clone, "add", "a.md")
    git(clone, "commit", "-qm", "one")
    (clone / "a.md").write_text("b\n")
    git(clone, "commit", "-qam", "two")
    repo = GitRepo.open(clone)
    st = repo.state()
    assert st.upstream == "origin/main" and st.upstream_gone and st.ahead == 0
    first = git_remote.push(repo)
    assert first.pushed == 2 and first.created
    assert git(bare, "rev-parse", "main") == git(clone, "rev-parse", "HEAD")
    assert not repo.state().upstream_gone
    # the branch deleted on the remote (and pruned here): pushed again
    git(bare, "branch", "-q", "-m", "main", "old")
    git(clone, "fetch", "-q", "--prune")
    assert repo.state().upstream_gone
    again = git_remote.push(repo)
    assert again.created and again.pushed == 0  # its commits are on origin/old already
    assert git(bare, "rev-parse", "main") == git(clone, "rev-parse", "HEAD")


def test_push_with_several_remotes_and_no_upstream(remote: tuple[Path, Path]) -> None:
    bare, clone = remote
    git(clone, "remote", "rename", "origin", "first")
    git(clone, "remote", "add", "second", str(bare))
    git(clone, "switch", "-q", "-c", "topic")
    with pytest.raises(NoUpstreamError, match="several remotes .*git push -u REMOTE topic"):
        git_remote.push(GitRepo.open(clone))
    git(clone, "config", "remote.pushDefault", "second")
    assert git_remote.push(GitRepo.open(clone)).upstream == "second/topic"
