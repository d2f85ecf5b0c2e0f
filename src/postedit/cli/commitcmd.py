"""``postedit commit``: commit postedit's pending edits, as the TUI's ``c`` does."""

from __future__ import annotations

import argparse
import sys

from postedit.cli import add_repo_args
from postedit.cli.common import commit_report, open_from_args, open_session, warn
from postedit.core.errors import UsageError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``commit`` subcommand."""
    p = sub.add_parser(
        "commit",
        help="commit postedit's pending edits (all of them, or those of PATH...)",
        description="Commit the edits postedit made and did not commit yet (a toggle left "
        "in the terminal interface, set or new without --commit, restore, undo), all of "
        "them or those of PATH..., in one commit made by git commit, with the message the "
        "terminal interface's c gives. Files changed by anything else are never committed: "
        "a file holding changes postedit did not make is refused. Edits that bring errors "
        "the last commit did not have are refused, as in the commit dialog, unless --force.",
    )
    add_repo_args(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="only these postings")
    p.add_argument("--message", "-m", metavar="MSG", help="commit message")
    p.add_argument("--force", action="store_true", help="commit them even with errors")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Commit the pending edits. Exit 0 committed or nothing to commit, 1 refused or failed,
    2 bad usage."""
    if args.message is not None and not args.message.strip(" \t\r\n"):
        raise UsageError("--message is empty: give the commit message, or leave -m out")
    ws = open_from_args(args, few=True)
    session = open_session(ws, need_git=True)
    ledger = session.ledger
    # every edit postedit recorded: one changed since by something else is refused
    recorded = sorted(ledger.entries()) if ledger is not None else []
    rels = recorded
    if args.paths:
        asked = [ws.relpath(p, base=args.repo) for p in args.paths]
        for rel in asked:
            if rel not in recorded:
                warn(f"{rel}: postedit has no uncommitted edit of it")
        rels = [rel for rel in asked if rel in recorded]
    if not rels:
        print("nothing to commit: postedit has no uncommitted edit here", file=sys.stderr)
        return 0
    return commit_report(session, rels, args.message, gate=not args.force)
