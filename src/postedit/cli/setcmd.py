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
from postedit.core.messages import edit_words
from postedit.core.posting import Posting
from postedit.core.sanitize import visible
from postedit.core.site import field_value, unpublishing
from postedit.core.values import parse_value, with_key, without_key
from postedit.core.workspace import Workspace

if TYPE_CHECKING:
    from postedit.core.schema import CollectionSpec, FieldSpec
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
    p.add_argument("paths", nargs="*", metavar="PATH", help="the postings to edit")
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
        "yet...) or a key it does not know that looks misspelt, or commit pending edits that "
        "bring errors; without it all are refused, as the form and the commit dialog refuse "
        "them",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Edit every PATH (or every posting --where matches), saying what changed in each
    (messages.edit_words); report each failure and go on with the others; commit them in
    one commit with --commit."""
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
    look = None
    if args.commit:
        look = session.check_commit(rels)  # refusals and someone else's changes: none edited
        if look.foreign:
            for rel in look.foreign:
                error(PosteditError("has uncommitted changes that postedit did not make", rel))
            error(
                "nothing was edited: --commit would commit those changes too; commit or "
                "stash them first (git commit / git stash), or run without --commit"
            )
            return 1
    failed = 0
    again: dict[str, int] = {}  # a value's error said once, by the other postings it stopped
    for posting in postings:
        try:
            changes, unset = _changes(ws, posting, assignments, args.unset, context, args.force)
        except PosteditError as exc:
            failed += 1
            if posting.error is None:  # the value's, not the file's: the same for many
                if exc.message in again:  # `--where ... --field open=maybe`: 1 line, not 158
                    again[exc.message] += 1
                    continue
                again[exc.message] = 0
            error(exc)
            continue
        try:
            updated = session.set_fields(posting, changes, unset)
        except PosteditError as exc:
            error(exc)
            failed += 1
        except OSError as exc:
            error(PosteditError(exc.strerror or str(exc), posting.relpath))
            failed += 1
        else:  # what it did, one line a file, as `new` and `restore` say it
            print(edit_words(posting.relpath, posting.fields, updated.fields))
    for message, more in again.items():
        if more:
            error(f"the same in {plural(more, 'other posting')}, not edited: {message}")
    if not args.commit:
        return 1 if failed else 0
    if failed:
        error("not committing: some postings could not be edited")
        return 1
    # pending edits (`set PATH --commit` alone) were checked by nobody: the commit dialog's gate
    return commit_report(
        session, rels, args.message, gate=commit_only and not args.force, look=look
    )


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
    unset: list[str] | tuple[str, ...] = (),
    context: Context | None = None,
    force: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """The values to set in ``posting`` and the keys to remove from it. Each value is typed
    by its collection's schema (PosteditError at the key's line when one cannot be read, or,
    unless ``force``, when its field's check finds it wrong: ``domaines: 'Produitt' is not
    one of the options``; ``context``: the entries relations point at, as ``check`` knows
    them), or when the key is no field of the collection and looks like a misspelt one
    (``opne``). A key inside an object field (``meta.lang``) set or removed is a change of that
    object, which frontmatter.patch writes on that key's own lines."""
    if posting.error is not None:
        raise posting.error
    spec = ws.collection_of(posting.relpath)
    changes: dict[str, Any] = {}
    objects: dict[str, Any] = {}  # object fields changed key by key: their value before
    removed: list[str] = []
    whole = {key for key, _ in assignments} | set(unset)
    for key, text in [*assignments, *((key, None) for key in unset)]:
        outer = _object_of(spec, key, posting)
        if outer is not None:
            if outer.name in whole:
                raise PosteditError(
                    f"{key}: {outer.name!r} is given whole too: give one or the other",
                    posting.relpath,
                    posting.key_lines.get(outer.name),
                )
            objects.setdefault(outer.name, field_value(posting.fields, outer.name, spec))
            changes[outer.name] = _inside(
                posting, outer, key, text, changes.get(outer.name, objects[outer.name])
            )
            continue
        if text is None:
            removed.append(key)
            continue
        fspec = spec.field(key) if spec else None
        line = posting.key_lines.get(key)
        if spec is not None and fspec is None and key not in posting.fields and not force:
            from postedit.core.validate import validator_for

            refused = validator_for(spec).refused_key(key)
            if refused is not None:
                raise PosteditError(f"{refused}: --force adds it all the same", posting.relpath)
        try:
            changes[key] = parse_value(text, fspec, unpublishing(spec, key))
        except ValueError as exc:
            raise PosteditError(f"{key}: {exc}", posting.relpath, line) from None
        if spec is not None and fspec is not None and not force:
            _refuse_wrong(spec, key, changes[key], set(), context, posting)
    for name, before in objects.items():
        if spec is not None and not force:
            # the errors the edit brings: one already in another key of the object is no
            # reason to refuse fixing this one
            _refuse_wrong(
                spec,
                name,
                changes[name],
                _errors(spec, name, before, context, posting),
                context,
                posting,
            )
    return changes, removed


def _errors(
    spec: CollectionSpec, name: str, value: Any, context: Context | None, posting: Posting
) -> list[str]:
    """The errors field ``name``'s check finds in ``value`` for ``posting`` (a required
    field the site gives it from another file may be left empty)."""
    from postedit.core.validate import validator_for

    problems = validator_for(spec).check_field(name, value, context, posting.inherited)
    return [message for severity, message in problems if severity == "error"]


def _refuse_wrong(
    spec: CollectionSpec,
    name: str,
    value: Any,
    known: set[str] | list[str],
    context: Context | None,
    posting: Posting,
) -> None:
    """PosteditError (at the key's line) when field ``name``'s check finds ``value`` wrong,
    other than the errors ``known`` (those of the value it replaces)."""
    wrong = [m for m in _errors(spec, name, value, context, posting) if m not in known]
    if wrong:
        raise PosteditError(
            f"{wrong[0]} (--force writes it all the same)",
            posting.relpath,
            posting.key_lines.get(name),
        )


def _object_of(spec: CollectionSpec | None, key: str, posting: Posting) -> FieldSpec | None:
    """The object field ``key`` names a key inside (``meta`` for ``meta.lang``), or None: a
    dotted key the schema does not tie to an object (``og.title``, a Hugo-style literal key)
    is a key of its own. PosteditError for a key inside a list, which set writes whole."""
    if spec is None or "." not in key or spec.field(key) is not None:
        return None
    outer = spec.field(key.partition(".")[0])
    if outer is None or outer.type not in ("object", "list"):
        return None
    if outer.type == "list":
        # the key would be written as it is, a new top-level key the site ignores
        raise PosteditError(
            f"{key}: {outer.name!r} is a list, and set writes a list whole: give all of it, "
            f"--field '{outer.name}=[...]' (YAML flow, as postedit list --format json shows it)",
            posting.relpath,
            posting.key_lines.get(outer.name),
        )
    return outer


def _inside(posting: Posting, outer: FieldSpec, key: str, text: str | None, value: Any) -> Any:
    """The value of object field ``outer`` (``value`` now) with the key ``key`` names in it
    (``meta.lang``, ``meta.a.b``) set to ``text`` typed by its field, or removed (None)."""
    path = key.split(".")[1:]
    try:
        if text is None:
            return without_key(value, path, outer.name)
        fspec: FieldSpec | None = outer
        for name in path:
            fspec = fspec.field(name) if fspec is not None else None
        return with_key(value, path, parse_value(text, fspec), outer.name)
    except ValueError as exc:
        raise PosteditError(
            f"{key}: {exc}", posting.relpath, posting.key_lines.get(outer.name)
        ) from None


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
            changes, removed = _changes(ws, posting, assignments, unset, context, force)
            new = frontmatter.patch(posting.raw, changes, tuple(removed), path=posting.relpath)
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
