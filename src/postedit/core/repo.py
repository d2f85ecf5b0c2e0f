"""The only module that imports git: state, status, commit, log, diff, undo, pull, push.

(Contract stub: the git issue implements it. Signatures may grow keyword arguments.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["CommitResult", "GitRepo", "LogEntry", "RepoState"]


@dataclass(frozen=True)
class RepoState:
    """What the TUI status bar and the commit refusal need to know."""

    branch: str | None
    """Current branch, or None when HEAD is detached."""
    upstream: str | None = None
    """``origin/main`` or None."""
    ahead: int = 0
    """Commits not pushed."""
    behind: int = 0
    """Commits not pulled (as of the last fetch)."""
    operation: str | None = None
    """``merge``, ``rebase``, ``cherry-pick``, ``revert``, ``bisect`` in progress, or None."""
    bare: bool = False
    """A bare repository (nothing to edit)."""
    read_only: bool = False
    """The work tree or .git cannot be written."""

    @property
    def commit_refusal(self) -> str | None:
        """Why committing is refused now, or None when it is allowed."""
        return None


@dataclass(frozen=True)
class CommitResult:
    """A commit that was made."""

    sha: str
    """Full hash."""
    summary: str
    """First line of the final message (hooks may have changed it)."""
    output: str = ""
    """What the hooks printed."""


@dataclass(frozen=True)
class LogEntry:
    """One commit in a posting's history."""

    sha: str
    """Full hash."""
    date: str
    """Author date, ISO 8601."""
    author: str
    """Author name."""
    subject: str
    """First line of the message."""
    path: str
    """The posting's path in that commit (renames followed)."""


class GitRepo:
    """A git work tree (opened around any path inside it)."""

    root: Path

    @classmethod
    def open(cls, path: Path) -> GitRepo:
        """Open the repository containing ``path``; GitError when there is none."""
        raise NotImplementedError

    def state(self) -> RepoState:
        """Branch, upstream, ahead/behind, operation in progress, bare/read-only."""
        raise NotImplementedError

    def changed_paths(self) -> dict[str, str]:
        """Relative path -> two-letter porcelain status, from one ``git status``."""
        raise NotImplementedError

    def commit(self, paths: list[str], message: str) -> CommitResult:
        """Commit exactly ``paths`` (written or deleted by postedit), running the hooks."""
        raise NotImplementedError

    def diff(self, paths: list[str] | None = None) -> str:
        """Pending diff (work tree vs HEAD) of ``paths`` (all when None), plain text."""
        raise NotImplementedError

    def log(self, path: str) -> list[LogEntry]:
        """Commits that touched ``path``, newest first, following renames."""
        raise NotImplementedError

    def show(self, sha: str, path: str) -> str:
        """The diff of ``path`` in commit ``sha``."""
        raise NotImplementedError

    def file_at(self, sha: str, path: str) -> bytes:
        """The content of ``path`` at commit ``sha``."""
        raise NotImplementedError

    def head_bytes(self, path: str) -> bytes | None:
        """The content of ``path`` at HEAD (None when untracked): what revert restores."""
        raise NotImplementedError
