"""``postedit set``: edit fields of one or more postings, losslessly."""

from __future__ import annotations

import argparse
from typing import Any

from postedit.cli import add_repo_args
from postedit.cli.common import (
    commit_report,
    error,
    open_from_args,
    open_session,
    parse_assignments,
)
from postedit.core.errors import PosteditError, UsageError
from postedit.core.posting import Posting
from postedit.core.session import EditSession
from postedit.core.values import parse_value

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``set`` subcommand."""
    p = sub.add_parser("set", help="set or unset front-matter fields of postings")
    add_repo_args(p)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set KEY (typed by the schema, else as a YAML scalar); KEY= sets null",
    )
    p.add_argument("--unset", action="append", default=[], metavar="KEY", help="remove KEY")
    p.add_argument("--commit", action="store_true", help="commit the edited files")
    p.add_argument("--message", "-m", metavar="MSG", help="commit message")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Edit every PATH; report each failure and go on with the others; commit with --commit."""
    assignments = parse_assignments(args.field, args.unset)
    if not assignments and not args.unset:
        raise UsageError("nothing to do: give --field KEY=VALUE or --unset KEY")
    if args.message is not None and not args.commit:
        raise UsageError("--message goes with --commit")
    if args.message is not None and not args.message.strip(" \t\r\n"):
        raise UsageError("--message is empty: give the commit message, or leave -m out")
    ws = open_from_args(args, few=True)
    rels = list(dict.fromkeys(ws.relpath(path, base=args.repo) for path in args.paths))
    session = open_session(ws, need_git=args.commit)
    if args.commit:
        foreign = session.foreign(rels)
        if foreign:
            for rel in foreign:
                error(PosteditError("has uncommitted changes that postedit did not make", rel))
            error(
                "nothing was edited: --commit would commit those changes too; commit or "
                "stash them first (git commit / git stash), or run without --commit"
            )
            return 1
    failed = _edit(session, [ws.read(rel) for rel in rels], assignments, args.unset)
    if not args.commit:
        return 1 if failed else 0
    if failed:
        error("not committing: some postings could not be edited")
        return 1
    return commit_report(session, rels, args.message)


def _edit(
    session: EditSession,
    postings: list[Posting],
    assignments: list[tuple[str, str]],
    unset: list[str],
) -> int:
    """Apply the assignments to each posting (values typed by its collection's schema);
    returns how many failed (each said as ``path:line: error: ...``)."""
    failed = 0
    for posting in postings:
        spec = session.workspace.collection_of(posting.relpath)
        try:
            if posting.error is not None:
                raise posting.error
            changes: dict[str, Any] = {}
            for key, text in assignments:
                fspec = spec.field(key) if spec else None
                try:
                    changes[key] = parse_value(text, fspec)
                except ValueError as exc:
                    line = posting.key_lines.get(key)
                    raise PosteditError(f"{key}: {exc}", posting.relpath, line) from None
            session.set_fields(posting, changes, unset)
        except PosteditError as exc:
            error(exc)
            failed += 1
        except OSError as exc:
            error(PosteditError(exc.strerror or str(exc), posting.relpath))
            failed += 1
    return failed
