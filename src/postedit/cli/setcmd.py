"""``postedit set``: edit fields of one or more postings, losslessly."""

from __future__ import annotations

import argparse
from typing import Any

from postedit.cli import add_repo_args, gitcmds
from postedit.cli.common import error, open_from_args
from postedit.core.errors import PosteditError, UsageError
from postedit.core.posting import Posting
from postedit.core.values import parse_value
from postedit.core.workspace import Workspace

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


def _parse_assignments(items: list[str], unset: list[str]) -> list[tuple[str, str]]:
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


def run(args: argparse.Namespace) -> int:
    """Edit every PATH; report each failure and go on with the others."""
    assignments = _parse_assignments(args.field, args.unset)
    if not assignments and not args.unset:
        raise UsageError("nothing to do: give --field KEY=VALUE or --unset KEY")
    if args.message is not None and not args.commit:
        raise UsageError("--message goes with --commit")
    ws = open_from_args(args, few=True)
    postings = []
    rels: list[str] = []
    for path in args.paths:
        rel = ws.relpath(path, base=args.repo)
        if rel not in rels:  # `a.md ./a.md`, overlapping globs: edit each file once
            rels.append(rel)
    for rel in rels:
        postings.append(ws.read(rel))
    with gitcmds.Ledger(ws) as ledger:  # postedit's own writes, for --commit (docs/git.md)
        if args.commit and ledger.refuse_foreign([p.relpath for p in postings]):
            return 1
        failed, edited = _edit(args, ws, postings, assignments, ledger)
    if args.commit:
        if failed:
            error("not committing: some postings could not be edited")
            return 1
        named = [p.relpath for p in postings]
        return gitcmds.commit_edited(ws, edited, args.message, named=named, ledger=ledger)
    return 1 if failed else 0


def _edit(
    args: argparse.Namespace,
    ws: Workspace,
    postings: list[Posting],
    assignments: list[tuple[str, str]],
    ledger: gitcmds.Ledger,
) -> tuple[int, list[str]]:
    """Apply the assignments to each posting; (failures, edited paths)."""
    failed = 0
    edited: list[str] = []
    for posting in postings:
        spec = ws.collection_of(posting.relpath)
        try:
            if posting.stamp is None and posting.error is not None:
                raise posting.error
            changes: dict[str, Any] = {}
            for key, text in assignments:
                fspec = spec.field(key) if spec else None
                try:
                    changes[key] = parse_value(text, fspec)
                except ValueError as exc:
                    line = posting.key_lines.get(key)
                    raise PosteditError(f"{key}: {exc}", posting.relpath, line) from None
            updated = ws.set_fields(posting, changes, tuple(args.unset))
            if updated.raw != posting.raw:
                edited.append(posting.relpath)
                ledger.wrote(posting.relpath, updated.raw, posting.raw)
        except PosteditError as exc:
            error(exc)
            failed += 1
    return failed, edited
