"""``postedit restore``: bring back a posting as a commit left it, as a pending edit."""

from __future__ import annotations

import argparse

from postedit.cli import add_repo_args
from postedit.cli.common import (
    check_message,
    commit_report,
    error,
    open_from_args,
    open_session,
)
from postedit.core.errors import PosteditError
from postedit.core.sanitize import visible

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``restore`` subcommand."""
    p = sub.add_parser(
        "restore",
        help="bring back a posting as a commit left it (a pending edit)",
        description="Write PATH as commit REV left it (as it was just before REV, when REV "
        "deleted it) as a new pending edit, like any edit of postedit's: postedit diff shows "
        "it, --commit commits it. Refused when PATH holds uncommitted changes postedit did "
        "not make. git checkout is never run.",
    )
    add_repo_args(p)
    p.add_argument("path", metavar="PATH", help="the posting (a deleted one too)")
    p.add_argument(
        "--at",
        required=True,
        metavar="REV",
        help="the commit: a hash, a branch, HEAD~2... (see postedit log PATH)",
    )
    p.add_argument(
        "--commit",
        action="store_true",
        help="commit the restored file (refused when it brings errors the last commit did "
        "not have, as the TUI's commit dialog refuses it)",
    )
    p.add_argument("--message", "-m", metavar="MSG", help="commit message")
    p.add_argument("--force", action="store_true", help="with --commit: commit it even with errors")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Restore PATH at --at REV; commit it with --commit. Exit 0 done, 1 refused or failed,
    2 bad usage."""
    check_message(args)
    ws = open_from_args(args, few=True)
    rel = ws.relpath(args.path, base=args.repo)
    if ws.collection_of(rel) is None:  # a README, the site's config: not postedit's to write
        error(PosteditError("not a posting of any collection: not restored", rel))
        return 1
    session = open_session(ws, need_git=True)
    if args.commit:
        session.can_commit([rel])
    steps = len(session.undo_steps)
    try:
        session.restore(ws.read(rel), args.at)
    except PosteditError as exc:
        error(exc)
        return 1
    except OSError as exc:
        error(PosteditError(exc.strerror or str(exc), rel))
        return 1
    if args.commit:
        return commit_report(session, [rel], args.message, gate=not args.force)
    if len(session.undo_steps) == steps:  # nothing written
        print(f"{visible(rel)} already holds that version: nothing to restore")
    else:  # the commit whose version it is (REV's parent, when REV deleted the posting)
        sha = session.undo_steps[-1].restored
        print(f"restored {visible(rel)} as of {sha[:7]} (not committed: postedit diff shows it)")
    return 0
