"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from postedit.cli import opened
from postedit.core.errors import GitError, PosteditError, SchemaError, UsageError
from postedit.core.sanitize import visible
from postedit.core.session import EditSession, Look
from postedit.core.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from postedit.core.query import Query

__all__ = [
    "commit_report",
    "diff_output",
    "error",
    "gh_escape",
    "open_from_args",
    "open_or_exit",
    "open_session",
    "opened",
    "parse_assignments",
    "say_finding",
    "say_no_match",
    "say_schema_warnings",
    "terminal_diff",
    "terminal_text",
    "warn",
]


def open_from_args(
    args: argparse.Namespace, few: bool = False, read_once: bool = False, bare_ok: bool = False
) -> Workspace:
    """Open the workspace named by --repo / --schema (default: around the current folder);
    ``few``: the command reads only the postings it names; ``read_once``: it only reads and
    prints (see open_workspace). A bare repository is a usage error (it has no postings)
    unless ``bare_ok``: the command says itself what it cannot do there (``undo``)."""
    repo = Path(args.repo) if getattr(args, "repo", None) else None
    schema = Path(args.schema) if getattr(args, "schema", None) else None
    ws = open_workspace(repo, schema, few=few, read_once=read_once)
    if ws.location is not None and ws.location.bare and not bare_ok:
        folder = visible(str(ws.root))
        raise UsageError(
            f"{folder} is a bare repository: it has no work tree, so no postings; clone it "
            f"(git clone {folder}) and run postedit in the clone"
        )
    opened.append(ws)
    return ws


def open_or_exit(args: argparse.Namespace, read_once: bool = False) -> Workspace | int:
    """open_from_args, with a schema that cannot be read as its exit status (said where)."""
    try:
        return open_from_args(args, read_once=read_once)
    except SchemaError as exc:
        print(exc.report(), file=sys.stderr)
        return exc.exit_status
    except UsageError:
        raise
    except PosteditError as exc:
        raise UsageError(str(exc)) from None


def open_session(ws: Workspace, need_git: bool = False) -> EditSession:
    """An edit session on ``ws``, with its git repository when there is one (``need_git``:
    GitError when there is none, before anything is edited)."""
    from postedit.core.git.runner import GitRepo

    try:
        repo: GitRepo | None = GitRepo.open(ws.root, ws.location)
    except GitError:
        if need_git:
            raise
        repo = None
    return EditSession(ws, repo)


def check_message(args: argparse.Namespace) -> None:
    """UsageError for a ``--message`` without ``--commit``, or an empty one."""
    if args.message is None:
        return
    if not args.commit:
        raise UsageError("--message goes with --commit")
    if not args.message.strip(" \t\r\n"):
        raise UsageError("--message is empty: give the commit message, or leave -m out")


def commit_report(
    session: EditSession,
    relpaths: Sequence[str],
    message: str | None,
    gate: bool = False,
    look: Look | None = None,
) -> int:
    """Commit postedit's own edits to ``relpaths`` and say what happened; the exit status.

    Nothing to commit: said, exit 0. git refuses (a hook, no identity, a merge under way...):
    nothing is committed, the edits stay on disk, exit 1. ``gate``: first, as the TUI's
    commit dialog, refuse edits that bring errors the last commit did not have (exit 1;
    ``--force`` is the caller's way past it); commands that check what they write
    themselves (``set --field``, ``new``) leave it off. ``look``: the command's
    ``EditSession.check_commit`` before its edit (see ``EditSession.commit``).
    """
    from postedit.core.git.commit import CommitRefusedError, NothingToCommitError
    from postedit.core.git.state import plural

    if gate:
        ages = session.new_errors(relpaths)
        if ages.blocking:
            for findings in ages.new.values():
                for finding in findings:
                    say_finding(finding)
            error(
                "nothing was committed: the edits bring these errors; fix them, or --force "
                "to commit all the same (the edits are still on disk)"
            )
            return 1
    try:
        result = session.commit(relpaths, message, look)
    except NothingToCommitError as exc:
        print(f"{exc.message}: no commit made", file=sys.stderr)
        return 0
    except CommitRefusedError as exc:
        error(exc.message)
        return 1
    except PosteditError as exc:
        error(f"{exc.message}\nnothing was committed; the edits are still on disk")
        return 1
    summary = visible(result.summary)
    print(f"committed {result.sha[:7]} {summary} ({plural(len(result.paths), 'file')})")
    return 0


def parse_assignments(items: list[str], unset: list[str]) -> list[tuple[str, str]]:
    """``--field KEY=VALUE`` options as (key, value) pairs (``set`` and ``new`` alike)."""
    out: list[tuple[str, str]] = []
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--field takes KEY=VALUE, not {item!r}")
        if any(k == key for k, _ in out):
            raise UsageError(f"--field {key} is given twice")
        if key in unset:
            raise UsageError(f"{key} is both set (--field) and removed (--unset)")
        out.append((key, value))
    return out


def say_no_match(ws: Workspace, query: Query, collection: str | None) -> None:
    """On stderr: ``query`` matches no posting (of ``collection``), each field it names
    that no collection searched has (``postedit: no field 'opne' in jobs; did you mean
    'open'?``): a typo in a field's name otherwise reads as "no posting is so", and each
    other collection its ``in:`` names (``in:news selects the News collection, which
    --collection blog leaves out``)."""
    from postedit.core.query import other_collections, unknown_field_hints

    of = f" of {collection}" if collection else ""
    print(f"postedit: no posting{of} matches {query.text!r}", file=sys.stderr)
    specs = [ws.collection(collection)] if collection else list(ws.collections)
    names = {spec.name for spec in specs}
    read = [p for p in ws.postings.values() if p.collection in names]
    every = [spec.name for spec in ws.collections]
    for hint in unknown_field_hints(query, specs, read, every):  # the schema's names
        print(f"postedit: {visible(hint)}", file=sys.stderr)
    for _, words in other_collections(query, names, ws.collections):
        leaves = f"{visible(words)}, which --collection {visible(collection or '')} leaves out"
        print(f"postedit: {leaves}", file=sys.stderr)


def error(exc: PosteditError | str) -> None:
    """Print ``path:line: error: message`` to stderr (what could act on the terminal shown
    escaped: messages quote file names and values)."""
    if isinstance(exc, PosteditError):
        print(exc.report(), file=sys.stderr)
    else:
        print(f"postedit: error: {visible(exc, keep=_LINES)}", file=sys.stderr)


def say_finding(finding: object) -> None:
    """Print a validation finding (``path:line: error: message``) to stderr, escaped as
    ``error`` does: its message quotes the posting's values."""
    print(visible(str(finding)), file=sys.stderr)


def warn(message: str) -> None:
    """Print a warning to stderr (escaped as ``error`` does)."""
    print(f"postedit: warning: {visible(message, keep=_LINES)}", file=sys.stderr)


def gh_escape(text: str, prop: bool = False) -> str:
    """``text`` for a GitHub workflow command (its own escapes for ``%``, newlines and, in a
    property, ``:`` and ``,``), any other control character shown as sanitize.visible does."""
    text = visible(text, keep="\r\n")
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_LOCATED = re.compile(r"(.+?):(\d+): (.*)", re.DOTALL)
"""A schema warning with its place: ``path:line: message``."""


def say_schema_warnings(warnings: Iterable[str], github: bool = False) -> None:
    """Warnings about the schema, each ``path:line: message`` (Schema.warnings,
    Workspace.missing_warnings): ``path:line: warning: message`` on stderr, or GitHub
    annotations on stdout (``check --format github``); one without a place as ``warn``
    says it."""
    for w in warnings:
        located = _LOCATED.fullmatch(w)
        if located is None:
            if github:
                print(f"::warning::{gh_escape(w)}")
            else:
                warn(w)
            continue
        path, line, msg = located.groups()
        if github:
            print(f"::warning file={gh_escape(path, True)},line={line}::{gh_escape(msg)}")
        else:
            print(f"{visible(path)}:{line}: warning: {visible(msg)}", file=sys.stderr)


_LINES = "\n"
"""A message may run over several lines (said so, e.g. "nothing was committed" below it)."""


def terminal_text(text: str) -> str:
    """A posting's text for stdout: on a terminal, its control characters shown escaped
    (tabs and newlines kept); to a pipe or a file, exact (what ``--dry-run`` prints)."""
    return visible(text, keep="\t\n") if sys.stdout.isatty() else text


_DIFF_COLOURS = (
    (("+++", "---", "diff ", "index ", "new file", "deleted file", "similarity", "rename "), "1"),
    (("+",), "32"),
    (("-",), "31"),
    (("@@",), "36"),
)
"""SGR codes by line prefix, as git colours a diff (bold headers, green, red, cyan hunks)."""


def terminal_diff(diff: str, color: bool) -> str:
    """A diff (git's output without ``--color``) for a terminal: each line's control
    characters shown escaped (the lines are the postings' own: an ESC in a body would reach
    the terminal), then coloured as git would when ``color``. The CR ending a line of a CRLF
    posting is left out, as git leaves it out of sight. (Written to a pipe or a file, a diff
    stays the exact patch.)"""
    out: list[str] = []
    for line in diff.split("\n"):
        text = visible(line.removesuffix("\r"), keep="\t")
        if color and text:
            code = next((c for prefixes, c in _DIFF_COLOURS if text.startswith(prefixes)), None)
            if code is not None:
                text = f"\x1b[{code}m{text}\x1b[0m"
        out.append(text)
    return "\n".join(out)


def diff_output(diff: str, color: bool = False) -> str:
    """A diff as printed: on a terminal (or coloured on request) its lines' control characters
    escaped (``terminal_diff``); to a pipe or a file, the exact patch ``git apply`` takes."""
    return terminal_diff(diff, color) if color or sys.stdout.isatty() else diff
