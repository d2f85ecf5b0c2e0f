"""Commits, made by ``git commit`` itself, of exactly the paths postedit edited.

``git commit --only -m MESSAGE -- PATHS`` builds the commit from HEAD plus these paths as they
are on disk, runs the hooks (``core.hooksPath`` honoured), signs when configured, and leaves
whatever else is staged staged and unstaged changes unstaged. Sparse checkouts, split indexes,
skip-worktree and assume-unchanged entries, ``core.autocrlf`` and ``GIT_DIR`` all behave as
they do with git on the command line, because it is git on the command line. When git
refuses, its reason is given in words and the edits stay on disk.

postedit never lets git guess an identity from the host name (``user.useConfigOnly``): a
commit signed ``root@server`` on a shared server is worse than a clear question.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from postedit.core.errors import GitError
from postedit.core.fsops import checkpoint
from postedit.core.git.runner import GitRepo, decode, decode_path, literal, plain_error
from postedit.core.git.state import RepoState

__all__ = [
    "RECORD",
    "CommitRefusedError",
    "CommitResult",
    "NothingToCommitError",
    "commit",
    "commit_identity",
    "commit_state",
    "identity_help",
    "is_postedit_commit",
    "paths_refusal",
    "refusal",
    "unrecord",
]

RECORD = "postedit/commits"
"""File under the common git dir listing the commits postedit made (what undo may take back):
one line per commit, its hash and its identity (see :func:`commit_identity`), so a commit
rebased by ``pull --rebase`` (new hash, same identity) is still recognised."""


class NothingToCommitError(GitError):
    """The paths given to commit hold no change that git would commit."""


class CommitRefusedError(GitError):
    """git (usually a hook) refused the commit; nothing was committed, the edits are on disk."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output
        """What git and the hooks printed."""


@dataclass(frozen=True, slots=True)
class CommitResult:
    """A commit that was made (or undone)."""

    sha: str
    """Full hash."""
    summary: str
    """First line of the final message (hooks may have changed it)."""
    output: str = ""
    """What the hooks printed."""
    paths: tuple[str, ...] = ()
    """The files the commit changed, repository-relative."""
    pending: tuple[str, ...] = ()
    """For a commit undone (EditSession.undo): those of ``paths`` whose changes are pending
    edits again, sorted (a file a restore had already taken back is not)."""


def identity_help() -> str:
    """How to tell git who you are (shown when user.name/user.email are missing)."""
    return (
        "git does not know who you are, so the commit cannot be signed. "
        "Set your name and email for this repository:\n"
        '  git config user.name "Your Name"\n'
        "  git config user.email you@example.org\n"
        "(add --global to set them for every repository)"
    )


_IDENTITY_FAILURES = (
    "please tell me who you are",
    "unable to auto-detect email",
    "unable to auto-detect name",
    "empty ident name",
    "auto-detection is disabled",
)


def _error(output: str) -> GitError:
    """What a failed ``git commit`` means, for the user (identity, nothing to commit, hook...)."""
    text = output.strip()
    low = text.lower()
    if any(s in low for s in _IDENTITY_FAILURES):
        return GitError(identity_help())
    if "nothing to commit" in low or "no changes added to commit" in low:
        said = next(
            (line for line in text.splitlines() if "nothing" in line or "no changes" in line),
            text,
        )
        return NothingToCommitError(f"nothing to commit (git says: {said.strip()})")
    if "index.lock" in low:
        return GitError(plain_error(["commit"], text))
    if "partial commit during a merge" in low:
        return GitError("cannot commit: a merge is in progress (finish or abort it first)")
    head = (
        "the commit was refused (by a hook or by git); nothing was committed and the "
        "edits are still on disk"
    )
    return CommitRefusedError(f"{head}:\n{text}" if text else head, text)


def commit_state(repo: GitRepo, branch: str | None = None) -> RepoState:
    """What committing depends on now: bare, read-only, a merge under way, HEAD's branch.
    ``branch``: the branch this command found HEAD on moments ago (``EditSession.check_commit``,
    before its edit), else git is asked (one ``git symbolic-ref``; none in a bare
    repository). The rest is read afresh: a few file tests, no git process."""
    if repo.bare:
        return RepoState(None, bare=True)
    if branch is None:
        status, out, _ = repo.run(["symbolic-ref", "-q", "--short", "HEAD"], check=False)
        branch = decode(out).strip() if status == 0 else None
    return RepoState(branch=branch, operation=repo.operation(), read_only=repo.read_only())


def refusal(repo: GitRepo, branch: str | None = None) -> str | None:
    """Why committing is refused now (bare, read-only, a merge under way, detached HEAD), or
    None; the rule of ``RepoState.commit_refusal``, without a look at the work tree.
    ``branch``: see :func:`commit_state`."""
    return commit_state(repo, branch).commit_refusal


def paths_refusal(repo: GitRepo, rels: Sequence[str]) -> str | None:
    """Why ``rels`` cannot be committed here, or None: one lies in a submodule (a repository
    of its own, whose commits git makes there), or is a new file .gitignore ignores."""
    try:
        ignored = repo.ignored(rels)
    except GitError as exc:
        where = (
            " (its own repository: run postedit in that folder)"
            if "submodule" in exc.message
            else ""
        )
        return f"git says: {exc.message}{where}"
    return ".gitignore ignores " + ", ".join(ignored) if ignored else None


def commit(
    repo: GitRepo,
    paths: Sequence[str],
    message: str,
    untracked: Sequence[str] | None = None,
    changed: bool = False,
    branch: str | None = None,
) -> CommitResult:
    """Commit exactly ``paths`` (written or deleted by postedit) with ``message``.

    New files are first added with ``git add --intent-to-add`` (taken back when the commit
    fails); ``untracked``: which of the paths git does not know yet, when the caller just
    asked git (else ``git ls-files`` tells). ``changed``: git status just said that every
    path differs from HEAD, so ``git commit --only`` commits each of them and git is not
    asked again which files the commit holds (a tree diff: 25 ms at 10,000 postings).
    ``branch``: the branch the caller's command found HEAD on moments ago (see
    :func:`commit_state`); else git is asked.

    Raises NothingToCommitError when git finds nothing to commit in them,
    CommitRefusedError with the hooks' output when git refuses (nothing committed, the files
    stay on disk), and GitError when committing is refused (merge in progress, detached HEAD,
    no identity, an ignored file...).
    """
    why = refusal(repo, branch)
    if why is not None:
        raise GitError(f"cannot commit: {why}")
    rels = repo.rels(paths)
    if not rels:
        raise NothingToCommitError("nothing to commit: no file given")
    if not message.strip():
        raise GitError("cannot commit: the message is empty")
    if untracked is None:
        known = repo.run(["ls-files", "-z", "--", *literal(rels)])[1]
        tracked = {decode_path(p) for p in known.split(b"\0") if p}
        untracked = [r for r in rels if r not in tracked]
    new = [r for r in untracked if (repo.root / r).exists()]
    why = paths_refusal(repo, new)
    if why is not None:
        raise GitError(f"cannot commit: {why} (nothing was committed)")
    checkpoint("commit:before-add")
    if new:
        repo.run(["add", "--intent-to-add", "--", *literal(new)])
    checkpoint("commit:before-commit")
    status, out, err = repo.run(
        ["-c", "user.useConfigOnly=true", "commit", "--only", "-q", "-m", message, "--"]
        + literal(rels),
        check=False,
    )
    output = (decode(out) + err).strip()
    if status != 0:
        if new:
            with contextlib.suppress(GitError):
                repo.run(["reset", "-q", "--", *literal(new)])
        raise _error(output)
    checkpoint("commit:after-commit")
    sha, summary, ident = _commit_info(repo, "HEAD")
    if changed:
        files = tuple(rels)
    else:
        out = repo.run(
            [
                "diff-tree",
                "--root",
                "--no-commit-id",
                "--name-only",
                "-r",
                "-z",
                "--no-renames",
                sha,
            ]
        )[1]
        files = tuple(decode_path(p) for p in out.split(b"\0") if p)
    _record(repo, sha, ident)
    return CommitResult(sha, summary, output, files)


# -- what postedit committed ------------------------------------------------------------------


def _commit_info(repo: GitRepo, rev: str) -> tuple[str, str, str]:
    """(full hash, subject, identity) of commit ``rev``, from one ``git log``."""
    out = repo.out(
        "log", "-1", "--date=raw", "--format=%H%x00%s%x00%an <%ae>%x00%ad%x00%B", rev, "--"
    )
    sha, subject, author, date, body = (out.split("\0", 4) + ["", "", "", ""])[:5]
    ident = hashlib.sha1(f"{author}\0{date}\0{body}".encode("utf-8", "surrogateescape"))
    return sha.strip(), subject, ident.hexdigest()


def commit_identity(repo: GitRepo, sha: str) -> str:
    """What survives a rebase of commit ``sha``: a hash of its author, author date and message.

    ``pull --rebase`` gives postedit's unpushed commits new hashes, but git keeps their
    author, author date and message, so undo still recognises them.
    """
    return _commit_info(repo, sha)[2]


def _recorded(repo: GitRepo) -> list[tuple[str, str]]:
    """(hash, identity) of each commit postedit made."""
    try:
        lines = (repo.common_dir / RECORD).read_text(encoding="ascii").splitlines()
    except (OSError, ValueError):
        return []
    return [
        (parts[0], parts[1] if len(parts) > 1 else "") for line in lines if (parts := line.split())
    ]


def _record(repo: GitRepo, sha: str, ident: str) -> None:
    """Remember that postedit made commit ``sha`` (undo only takes back its own commits)."""
    path = repo.common_dir / RECORD
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="ascii") as fh:
            fh.write(f"{sha} {ident}\n")


def unrecord(repo: GitRepo, sha: str) -> None:
    """Forget commit ``sha`` (undone)."""
    ident = commit_identity(repo, sha)
    kept = [(s, i) for s, i in _recorded(repo) if s != sha and not (i and i == ident)]
    with contextlib.suppress(OSError):
        (repo.common_dir / RECORD).write_text(
            "".join(f"{s} {i}".rstrip() + "\n" for s, i in kept), encoding="ascii"
        )


def is_postedit_commit(repo: GitRepo, sha: str) -> bool:
    """True when postedit made commit ``sha`` here (also after a rebase changed its hash)."""
    recorded = _recorded(repo)
    if any(s == sha for s, _ in recorded):
        return True
    idents = {i for _, i in recorded if i}
    return bool(idents) and commit_identity(repo, sha) in idents
