"""The status bar's text: the branch, what is pending, the marks, the findings, the last word.

A pure function of what the app knows, so it is tested without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.markup import escape

from postedit.core.git.state import RepoState
from postedit.core.sanitize import visible
from postedit.core.validate import describe_counts

__all__ = ["StatusInfo", "status_text"]


@dataclass
class StatusInfo:
    """What the status bar says."""

    state: RepoState | None = None
    """The repository's branch and upstream (None: git not read yet, or no repository)."""
    git_problem: str | None = None
    """Why there is no git (not a repository...), or None."""
    pending: int = 0
    """postedit's own uncommitted edits."""
    marked: int = 0
    """Marked postings."""
    errors: int = 0
    """Postings with errors."""
    warnings: int = 0
    """Postings with warnings (and no error)."""
    validated: bool = False
    """Every posting was checked (the counts are final)."""
    hint: str = ""
    """The last word: a filter error, the sort order, what a toggle did."""
    hint_error: bool = False
    """The hint is an error (shown in red)."""
    schema: str = ""
    """Where the schema came from (a file name, or "inferred")."""


def status_text(info: StatusInfo) -> str:
    """The status bar's markup (every piece of posting or file text escaped)."""
    parts: list[str] = []
    state = info.state
    if state is not None:
        branch = state.branch or "(detached)"
        track = f" +{state.ahead}/-{state.behind}" if state.upstream else " (no upstream)"
        parts.append(f"[b]{escape(visible(branch))}[/b]{track}")
    elif info.git_problem:
        parts.append("[b]no git[/b]")
    else:
        parts.append("[b]git...[/b]")
    parts.append(f"{info.pending} pending" if info.pending else "no edits")
    if info.marked:
        parts.append(f"{info.marked} marked")
    if not info.validated:
        parts.append("checking...")
    elif info.errors or info.warnings:
        colour = "red" if info.errors else "yellow"
        parts.append(f"[{colour}]{escape(describe_counts(info.errors, info.warnings))}[/]")
    if info.hint:
        style = "red" if info.hint_error else "italic"
        parts.append(f"[{style}]{escape(visible(info.hint))}[/{style}]")
    parts.append(f"schema: {escape(visible(info.schema.rsplit('/', 1)[-1]))}")
    return " | ".join(parts)
