"""``postedit new``: create a posting (one file per locale) named as Decap would name it."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from postedit.cli import add_repo_args
from postedit.core.errors import UsageError

if TYPE_CHECKING:
    from typing import Any

    from postedit.core.schema import CollectionSpec
    from postedit.core.workspace import Workspace

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``new`` subcommand."""
    p = sub.add_parser("new", help="create a posting (one file per locale) and print its path")
    add_repo_args(p)
    p.add_argument("--collection", required=True, metavar="NAME", help="the collection")
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a field of the new posting (typed by the schema); the schema's defaults fill the rest",
    )
    p.add_argument("--body", metavar="TEXT", help="the body (default: the schema's default)")
    p.add_argument("--dry-run", action="store_true", help="print the path and contents only")
    p.add_argument(
        "--commit",
        action="store_true",
        help="commit the new files (refused, nothing created, when the posting would have "
        "errors: a required field not given...)",
    )
    p.add_argument("--message", "-m", metavar="MSG", help="commit message")
    p.add_argument(
        "--force",
        action="store_true",
        help="create it in a collection the schema lets no posting be made in (a Decap "
        "collection without create: true); add a --field the schema does not know even when "
        "it looks misspelt; with --commit: commit it even with errors",
    )
    p.set_defaults(func=run)


def new_fields(
    ws: Workspace,
    spec: CollectionSpec,
    assignments: list[tuple[str, str]],
    now: dt.datetime,
    force: bool = False,
) -> dict[str, Any]:
    """The new posting's front matter: the schema's defaults (on a Hugo site, over what
    ``hugo new`` writes: Workspace.new_fields) and the given fields typed by
    the schema, in schema order (UsageError naming the field when a value does not fit its
    type, or, unless ``force``, when the key is no field and looks like a misspelt one)."""
    from postedit.core.newposting import in_schema_order
    from postedit.core.site import unpublishing
    from postedit.core.validate import validator_for
    from postedit.core.values import parse_value

    fields = ws.new_fields(spec, now)
    for key, text in assignments:
        refused = None if force else validator_for(spec).refused_key(key)
        if refused is not None:
            raise UsageError(f"--field {key}: {refused}: --force adds it all the same")
        try:
            fields[key] = parse_value(text, spec.field(key), unpublishing(spec, key))
        except ValueError as exc:
            raise UsageError(f"--field {key}: {exc}") from None
    return in_schema_order(spec, {k: v for k, v in fields.items() if v is not None})


def run(args: argparse.Namespace) -> int:
    """Create the posting, or with --dry-run print what would be created."""
    from postedit.cli.common import (
        check_message,
        commit_report,
        error,
        open_from_args,
        open_session,
        parse_assignments,
        say_finding,
        terminal_text,
    )
    from postedit.core import newposting
    from postedit.core.posting import parse_posting
    from postedit.core.sanitize import visible
    from postedit.core.schema_load import relation_context

    check_message(args)
    if args.dry_run and args.commit:
        raise UsageError("--dry-run writes nothing, so there is nothing to --commit")
    assignments = parse_assignments(args.field, [])
    ws = open_from_args(args, few=True)
    spec = ws.collection(args.collection)
    now = dt.datetime.now().replace(microsecond=0)
    _check_here(ws, spec)
    fields = new_fields(ws, spec, assignments, now, args.force)
    _check_create(ws, spec, args.force)
    body = newposting.default_body(spec) if args.body is None else args.body
    if args.dry_run:
        paths = newposting.new_relpaths(ws.root, spec, fields, now)
        contents = newposting.locale_contents(spec, fields)
        for rel, (_locale, data) in zip(paths, contents, strict=True):
            print(visible(rel))  # names shown as set --dry-run and list show them
            text = newposting.new_posting_bytes(spec, data, body).decode("utf-8")
            sys.stdout.write(terminal_text(text))
        return 0
    session = open_session(ws, need_git=args.commit)
    relations = relation_context(ws.root, ws.schema)  # file names listed, none read
    if args.commit:
        paths = newposting.new_relpaths(ws.root, spec, fields, now)
        session.can_commit(paths)
        first = newposting.new_posting_bytes(
            spec, newposting.locale_contents(spec, fields)[0][1], body
        )
        made_first = ws.with_inherited(parse_posting(paths[0], spec.name, first))
        errors = _errors(spec, made_first, relations)
        if errors and not args.force:  # what the TUI's commit dialog stops too
            for finding in errors:
                say_finding(finding)
            error(
                "nothing was created: the new posting would be committed with these errors; "
                "give the fields (--field KEY=VALUE), or --force to commit it all the same"
            )
            return 1
    made = session.create(spec, fields, body, now, force=args.force)
    for posting in made:
        print(visible(posting.relpath))
        if posting.collection != spec.name:  # a filter's field given another value
            _say_moved(ws, posting.relpath, posting.collection, spec.name)
    if not args.commit:  # created all the same, as the form lets it be saved and fixed later
        for finding in _errors(spec, made[0], relations):
            say_finding(finding)  # `path:line: error: ...`, as check says it
        return 0
    return commit_report(session, [p.relpath for p in made], args.message)


def _check_here(ws: Workspace, spec: CollectionSpec) -> None:
    """Refuse, before anything is printed, a posting of a collection whose folder is not
    here (a Decap config's collection kept in another repository, or a folder misnamed),
    at the schema's line that names it, with the folder of that name that is here, if any
    (as ``check`` warns of it): it said ``collection folder '...' does not exist``, and
    ``--dry-run`` showed a file in it."""
    if spec.files or spec not in ws.missing_collections(spec.name):
        return
    from postedit.core.errors import NotAllowedError

    like = ws.folder_like(spec)
    hint = (
        f" (there is a folder {like!r}: is it that one?)"
        if like
        else " (to start the collection here, make its folder first)"
    )
    raise NotAllowedError(
        f"collection {spec.name!r}: folder {spec.folder!r} does not exist in {ws.root}: "
        f"nothing was created{hint}",
        ws.schema.source if ws.declared_at(spec) else None,
        spec.line if ws.declared_at(spec) else None,
    )


def _check_create(ws: Workspace, spec: CollectionSpec, force: bool) -> None:
    """Refuse, before anything is written or printed, a posting the schema lets no one
    make in ``spec`` (Decap without ``create: true``), saying how to make it all the same
    (EditSession.create refuses it too: this says so first, for ``--dry-run`` too)."""
    from postedit.core.cms import create_refusal
    from postedit.core.errors import NotAllowedError

    refusal = None if force else create_refusal(ws.schema, spec)
    if refusal is not None:
        raise NotAllowedError(
            f"{refusal.message}; nothing was created: --force creates it all the same",
            refusal.path,
            refusal.line,
        )


def _say_moved(ws: Workspace, relpath: str, owner: str, asked: str) -> None:
    """Warn that the new posting's front matter gives it to another collection than
    ``--collection`` (a folder collections share out with ``filter``s), or to none."""
    from postedit.cli.common import warn
    from postedit.core.workspace import filter_rule

    if not owner:
        warn(f"{relpath}: {ws.unclaimed_reason(relpath)}")
        return
    target = ws.collection(owner)
    warn(
        f"{relpath}: a posting of {owner}, not {asked}: it matches the filter of {owner} "
        f"({filter_rule(target)}), and Decap lists it there"
    )


def _errors(spec: CollectionSpec, posting: Any, context: Any) -> list[Any]:
    """The errors of a new posting (the default locale's: the others hold its translated
    fields): a required field not given... Checked as ``check`` and the commit dialog check
    it (``posting_findings``: an i18n ``single_file`` entry holds its fields per locale;
    ``context``: the entries relations point at)."""
    from postedit.core.validate import posting_findings

    return [f for f in posting_findings(posting, spec, context) if f.severity == "error"]
