"""The status bar's text: the branch, what is pending, the marks, the findings, the last word
(else a problem with the filter or the schema, else the schema's warnings counted).

A pure function of what the app knows and of the bar's width, so it is tested without a
screen. When the whole text does not fit, the least useful parts go first: the schema's name,
then the upstream counts, then the long wording (``5 postings with errors`` becomes ``E:5``),
then the last message, then the branch; the pending edits, the marks and the findings stay.
The upstream counts come back when they fit beside what the later drops left.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from postedit.core.git.state import RepoState, plural
from postedit.core.sanitize import visible
from postedit.core.validate import describe_counts
from postedit.tui.safe import escape

__all__ = ["StatusInfo", "status_text"]

_MIN_MESSAGE = 12
"""Cells below which a message cut to fit says too little: it is left out instead."""


@dataclass
class StatusInfo:
    """What the status bar says."""

    state: RepoState | None = None
    """The repository's branch and upstream (None: git not read yet, or no repository)."""
    git_problem: str | None = None
    """Why there is no git (not a repository...), or None (also while git is not read yet:
    a state not known yet is not "no git")."""
    pending: int = 0
    """postedit's own uncommitted edits."""
    marked: int = 0
    """Marked postings the view shows (what a key acts on)."""
    hidden: int = 0
    """Marked postings the view hides (the filter, another collection): never acted on."""
    errors: int = 0
    """Postings with errors."""
    warnings: int = 0
    """Postings with warnings (and no error)."""
    validated: bool = False
    """Every posting was checked (the counts are final)."""
    hint: str = ""
    """The last word: the sort order, what a toggle did (it expires, tui/app.py)."""
    hint_error: bool = False
    """The hint is an error (shown in red)."""
    filter_problem: str = ""
    """Why the filter typed cannot be read: shown while no newer hint is, until it is fixed."""
    schema: str = ""
    """Where the schema came from (a file name, or "inferred")."""
    schema_problem: str = ""
    """Why the schema could not be read again (``path:line: message``, the old one kept):
    shown while no newer hint is, until a reload reads it."""
    schema_note: str = ""
    """The schema's warnings counted, and the key that lists them (``7 schema warnings: ?
    lists them``): shown while no other message is."""


_DROPS = ("schema", "upstream", "wording", "message", "branch")
"""What goes when the text does not fit, the least useful first: the schema's name, the
upstream counts, the long wording of the counts, the message, the branch (and the number of
hidden marks)."""


def status_text(info: StatusInfo, width: int | None = None) -> str:
    """The status bar's markup (every piece of posting or file text escaped), fitted to
    ``width`` cells (None: the whole text)."""
    dropped: list[str] = []
    text, shown = _compose(info, dropped, width)
    for part in _DROPS:
        if width is None or _cells(text) <= width:
            break
        dropped.append(part)
        text, shown = _compose(info, dropped, width)
    else:
        return _fit(text, width)
    # the upstream counts come back when they fit beside what the later drops left, the
    # message cut shorter if need be but not left out: after a commit the bar says what was
    # committed and that it waits to be pushed (the schema's name stays out: it would come
    # and go with the messages)
    if "upstream" in dropped[:-1]:
        again, shown_again = _compose(info, [p for p in dropped if p != "upstream"], width)
        if width is not None and _cells(again) <= width and shown_again == shown:
            return again
    return text


def _compose(info: StatusInfo, dropped: list[str], width: int | None) -> tuple[str, bool]:
    """The text without the ``dropped`` parts (of ``_DROPS``), and whether it shows the
    message (once the counts are worded short, the message is cut to the room left, and
    left out below ``_MIN_MESSAGE`` cells)."""
    parts: list[str] = []
    state = info.state
    if state is not None and "branch" not in dropped:
        branch = visible(state.branch or "(detached)")
        track = ""
        if "upstream" not in dropped:
            track = f" +{state.ahead}/-{state.behind}" if state.upstream else " (no upstream)"
        parts.append(f"[b]{escape(branch)}[/b]{track}")
    elif info.git_problem and "branch" not in dropped:
        parts.append("[b]no git[/b]")
    short = "wording" in dropped
    if not info.pending:
        parts.append("no edits")
    elif not short:
        parts.append(f"{plural(info.pending, 'edit')} to commit")
    else:
        parts.append(plural(info.pending, "edit"))
    if info.marked or info.hidden:
        if not info.marked:
            parts.append(plural(info.hidden, "hidden mark"))
        else:
            hidden = f", {info.hidden:,} hidden" if info.hidden and "branch" not in dropped else ""
            parts.append(f"{info.marked:,} marked{hidden}")
    if not info.validated:
        parts.append("checking...")
    elif info.errors or info.warnings:
        colour = "red" if info.errors else "yellow"
        if not short:
            counts = describe_counts(info.errors, info.warnings)
        else:
            counts = " ".join(
                f"{letter}:{n:,}" for letter, n in (("E", info.errors), ("W", info.warnings)) if n
            )
        parts.append(f"[{colour}]{escape(counts)}[/]")
    if info.hint:
        message, error = info.hint, info.hint_error
    else:
        message, error = info.filter_problem or info.schema_problem, True
        if not message:
            message, error = info.schema_note, False
    text = ""
    if message and "message" not in dropped:
        style = "red" if error else "italic"
        text = visible(message)
        if short and width is not None:  # what room is left, after a separator
            room = width - _cells(" | ".join(parts)) - 3
            cut = Text(text)
            cut.truncate(room, overflow="ellipsis")
            text = cut.plain if room >= _MIN_MESSAGE else ""
        if text:
            parts.append(f"[{style}]{escape(text)}[/{style}]")
    if "schema" not in dropped:
        parts.append(f"schema: {escape(visible(info.schema.rsplit('/', 1)[-1]))}")
    return " | ".join(parts), bool(text)


def _cells(markup: str) -> int:
    """Cells the markup takes on screen."""
    return Text.from_markup(markup).cell_len


def _fit(markup: str, width: int | None) -> str:
    """The markup cut to ``width`` cells, with an ellipsis (the bar is one line)."""
    if width is None:
        return markup
    text = Text.from_markup(markup)
    text.truncate(max(1, width), overflow="ellipsis")
    return text.markup
