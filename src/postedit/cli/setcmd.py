"""``postedit set``: edit fields of one or more postings, losslessly."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from postedit.cli import add_repo_args
from postedit.core.errors import PosteditError, UsageError

if TYPE_CHECKING:
    from typing import Any

    from postedit.cli import gitcmds
    from postedit.core.gitfast import PendingProbe
    from postedit.core.posting import Posting
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
    if args.message is not None and not args.message.strip(" \t\r\n"):
        raise UsageError("--message is empty: give the commit message, or leave -m out")
    early = _early_probe(args) if args.commit else None
    # The editing code (YAML, schemas, postings): imported while git's probe runs.
    from postedit.cli import gitcmds
    from postedit.cli.common import error, open_from_args

    ws = open_from_args(args, few=True)
    postings = []
    rels: list[str] = []
    for path in args.paths:
        rel = ws.relpath(path, base=args.repo)
        if rel not in rels:  # `a.md ./a.md`, overlapping globs: edit each file once
            rels.append(rel)
    for rel in rels:
        postings.append(ws.read(rel))
    with gitcmds.Ledger(ws, early=early) as ledger:  # postedit's own writes (docs/git.md)
        if args.commit and ledger.refuse_foreign(rels):
            return 1
        failed, edited = _edit(args, ws, postings, assignments, ledger)
    if args.commit:
        if failed:
            error("not committing: some postings could not be edited")
            return 1
        return gitcmds.commit_edited(ws, edited, args.message, named=rels, ledger=ledger)
    return 1 if failed else 0


def _early_probe(args: argparse.Namespace) -> PendingProbe | None:
    """Start git's probe of the PATHs (what the ledger checks and the commit need) before
    the editing code is imported, so that both run at once; None when the paths or the
    repository are not plain enough to know here (the normal path then reports or probes)."""
    from postedit.core.fsops import find_root, repo_relpath
    from postedit.core.gitfast import GitDir

    try:
        start = Path(args.repo) if args.repo else Path.cwd()
        root = find_root(start)
        if root is None:
            return None
        git = GitDir.open(root)
        if git.bare or git.root != root:
            return None
        rels = [repo_relpath(root, path, base=args.repo) for path in args.paths]
        return git.start_probe(list(dict.fromkeys(rels)))
    except (PosteditError, OSError):
        return None


def _edit(
    args: argparse.Namespace,
    ws: Workspace,
    postings: list[Posting],
    assignments: list[tuple[str, str]],
    ledger: gitcmds.Ledger,
) -> tuple[int, list[str]]:
    """Apply the assignments to each posting; (failures, edited paths)."""
    from postedit.cli.common import error
    from postedit.core.values import parse_value

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
