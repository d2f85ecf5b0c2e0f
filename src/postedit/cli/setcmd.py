"""``postedit set``: edit fields of one or more postings, losslessly."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from postedit.cli import add_repo_args
from postedit.cli.common import (
    check_message,
    commit_report,
    diff_output,
    error,
    open_from_args,
    open_session,
    parse_assignments,
)
from postedit.core.errors import PosteditError, UsageError
from postedit.core.git.state import plural
from postedit.core.posting import Posting
from postedit.core.sanitize import visible
from postedit.core.site import unpublishing
from postedit.core.values import parse_value
from postedit.core.workspace import Workspace

if TYPE_CHECKING:
    from postedit.core.validate import Context

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``set`` subcommand."""
    p = sub.add_parser(
        "set",
        help="set or unset front-matter fields of postings",
        description="Edit the front matter of the postings named, or of those a query "
        "matches (--where, docs/query.md): only the lines of the fields set change.",
    )
    add_repo_args(p)
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--where", metavar="QUERY", help="the postings this query matches")
    p.add_argument("--collection", metavar="NAME", help="with --where: in this collection only")
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set KEY (typed by the schema, else as a YAML scalar); KEY= sets null",
    )
    p.add_argument("--unset", action="append", default=[], metavar="KEY", help="remove KEY")
    p.add_argument(
        "--commit",
        action="store_true",
        help="commit the edited files; PATH... --commit alone commits postedit's pending "
        "edits of them (after undo, restore, set without --commit)",
    )
    p.add_argument("--message", "-m", metavar="MSG", help="commit message")
    p.add_argument(
        "--dry-run", action="store_true", help="show the postings and the diff; write nothing"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write a value the schema finds wrong all the same (an option it does not list "
        "yet...), or commit pending edits that bring errors; without it both are refused, "
        "as the form and the commit dialog refuse them",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Edit every PATH (or every posting --where matches); report each failure and go on with
    the others; commit them in one commit with --commit."""
    assignments = parse_assignments(args.field, args.unset)
    commit_only = not assignments and not args.unset  # `set PATH --commit`: what is pending
    if commit_only and not (args.commit and args.paths):
        raise UsageError(
            "nothing to do: give --field KEY=VALUE or --unset KEY (or PATH... --commit "
            "alone, to commit postedit's pending edits of PATH)"
        )
    check_message(args)
    if bool(args.paths) == (args.where is not None):
        raise UsageError("name the postings (PATH...) or select them with --where QUERY")
    if args.collection is not None and args.where is None:
        raise UsageError("--collection goes with --where")
    if args.where is not None:
        from postedit.cli.listing import select_or_usage

        ws = open_from_args(args)  # every posting is read to match the query
        postings = select_or_usage(ws, args.where, args.collection)
        if not postings:
            return 1
        n = len(postings)
        print(f"{plural(n, 'posting')} {'matches' if n == 1 else 'match'} {args.where!r}")
    else:
        ws = open_from_args(args, few=True)
        named = dict.fromkeys(ws.relpath(path, base=args.repo) for path in args.paths)
        # `a.md ./a.md`: each file once; committing alone reads none (one may be deleted)
        postings = [] if commit_only else [ws.read(rel) for rel in named]
    context = None if args.force else _relations(ws, assignments)
    if args.dry_run:
        return _dry_run(ws, postings, assignments, args.unset, context, args.force)
    rels = list(named) if commit_only else [p.relpath for p in postings]
    session = open_session(ws, need_git=args.commit)
    if args.commit:
        session.can_commit(rels)
        foreign = session.foreign(rels)
        if foreign:
            for rel in foreign:
                error(PosteditError("has uncommitted changes that postedit did not make", rel))
            error(
                "nothing was edited: --commit would commit those changes too; commit or "
                "stash them first (git commit / git stash), or run without --commit"
            )
            return 1
    failed = 0
    for posting in postings:
        try:
            session.set_fields(
                posting, _changes(ws, posting, assignments, context, args.force), args.unset
            )
        except PosteditError as exc:
            error(exc)
            failed += 1
        except OSError as exc:
            error(PosteditError(exc.strerror or str(exc), posting.relpath))
            failed += 1
    if not args.commit:
        return 1 if failed else 0
    if failed:
        error("not committing: some postings could not be edited")
        return 1
    # pending edits (`set PATH --commit` alone) were checked by nobody: the commit dialog's gate
    return commit_report(session, rels, args.message, gate=commit_only and not args.force)


def _relations(ws: Workspace, assignments: list[tuple[str, str]]) -> Context | None:
    """The entries relations point at (schema_load.relation_context: file names listed,
    none read) when a field set is a relation, else None: listed once for every posting."""
    keys = {key for key, _ in assignments}
    if not any(f.type == "relation" and f.name in keys for c in ws.collections for f in c.fields):
        return None
    from postedit.core.schema_load import relation_context

    return relation_context(ws.root, ws.schema)


def _changes(
    ws: Workspace,
    posting: Posting,
    assignments: list[tuple[str, str]],
    context: Context | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """The values to set in ``posting``, each typed by its collection's schema (PosteditError
    at the key's line when one cannot be read, or, unless ``force``, when its field's check
    finds it wrong: ``domaines: 'Produitt' is not one of the options``; ``context``: the
    entries relations point at, as ``check`` knows them)."""
    if posting.error is not None:
        raise posting.error
    spec = ws.collection_of(posting.relpath)
    changes: dict[str, Any] = {}
    for key, text in assignments:
        fspec = spec.field(key) if spec else None
        line = posting.key_lines.get(key)
        outer = spec.field(key.partition(".")[0]) if spec and fspec is None else None
        if outer is not None and outer.type in ("object", "list") and "." in key:
            # the key would be written as it is, a new top-level `meta.lang:` the site ignores
            raise PosteditError(
                f"{key}: {outer.name!r} is a field of its own, and set writes whole fields: "
                f"give all of it, --field '{outer.name}={{...}}' (YAML flow, as "
                "postedit list --format json shows it)",
                posting.relpath,
                posting.key_lines.get(outer.name),
            )
        try:
            changes[key] = parse_value(text, fspec, unpublishing(spec, key))
        except ValueError as exc:
            raise PosteditError(f"{key}: {exc}", posting.relpath, line) from None
        if spec is not None and fspec is not None and not force:
            from postedit.core.validate import validator_for

            problems = validator_for(spec).check_field(key, changes[key], context)
            wrong = [message for severity, message in problems if severity == "error"]
            if wrong:
                raise PosteditError(
                    f"{wrong[0]} (--force writes it all the same)", posting.relpath, line
                )
    return changes


def _dry_run(
    ws: Workspace,
    postings: list[Posting],
    assignments: list[tuple[str, str]],
    unset: list[str],
    context: Context | None,
    force: bool,
) -> int:
    """Print the postings, then the diff the edit would make to each; write nothing. On a
    terminal, names and lines show their control characters escaped, as ``postedit diff``
    shows them; to a pipe or a file, the diff is the exact patch."""
    import difflib

    from postedit.core import frontmatter

    for posting in postings:
        print(visible(posting.relpath))
    failed = 0
    for posting in postings:
        try:
            new = frontmatter.patch(
                posting.raw,
                _changes(ws, posting, assignments, context, force),
                tuple(unset),
                path=posting.relpath,
            )
        except PosteditError as exc:
            error(exc)
            failed += 1
            continue
        old_lines = posting.raw.decode("utf-8", "replace").splitlines(keepends=True)
        new_lines = new.decode("utf-8", "replace").splitlines(keepends=True)
        rel = posting.relpath
        diff = "".join(
            line if line.endswith("\n") else line + "\n"
            for line in difflib.unified_diff(old_lines, new_lines, f"a/{rel}", f"b/{rel}")
        )
        sys.stdout.write(diff_output(diff))
    return 1 if failed else 0
