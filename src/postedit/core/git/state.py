"""What the status bar and a commit's refusal need of a repository's state, and the wording
of counts: plain values, importable before GitPython is (the TUI's first frame needs them)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RepoState", "plural"]

_OPERATION_HINTS = {
    "merge": "git merge --continue or git merge --abort",
    "rebase": "git rebase --continue or git rebase --abort",
    "am": "git am --continue or git am --abort",
    "cherry-pick": "git cherry-pick --continue or git cherry-pick --abort",
    "revert": "git revert --continue or git revert --abort",
    "bisect": "git bisect reset",
}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file`` / ``3 files`` (``many`` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


@dataclass(frozen=True, slots=True)
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
    """``merge``, ``rebase``, ``am``, ``cherry-pick``, ``revert``, ``bisect`` under way, or None."""
    bare: bool = False
    """A bare repository (nothing to edit)."""
    read_only: bool = False
    """The work tree or .git cannot be written."""
    head: str | None = None
    """Full hash of HEAD, or None before the first commit."""
    upstream_gone: bool = False
    """An upstream is configured but its remote branch does not exist (not pushed yet, or
    deleted on the remote): ``ahead`` is then 0 although there may be commits to push."""

    @property
    def commit_refusal(self) -> str | None:
        """Why committing is refused now, or None when it is allowed."""
        if self.bare:
            return "the repository is bare: it has no work tree to commit from"
        if self.read_only:
            return "the repository is read-only for you: postedit cannot write its index or objects"
        if self.operation is not None:
            hint = _OPERATION_HINTS.get(self.operation, f"git {self.operation} --abort")
            return f"a {self.operation} is in progress: finish or abort it first ({hint})"
        if self.branch is None:
            return "HEAD is detached (not on a branch): switch to a branch first (git switch NAME)"
        return None
