"""``postedit check``: validate postings against the schema, for people, editors and CI.

Exit status: 0 when there is no error (warnings allowed), 1 when there is at least one
error, 2 for bad usage or a schema that cannot be read.

``--changed [REF]`` checks only the postings changed since REF (default: the branch's
upstream, else HEAD), committed or not: a site with old findings can adopt ``check`` in CI
and hold new work to it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from postedit.cli import add_repo_args
from postedit.cli.common import (
    gh_escape,
    open_or_exit,
    say_no_match,
    say_schema_warnings,
    warn,
)
from postedit.core.discover import covering, jekyll_reads_every_name, jekyll_skips, needs_fields
from postedit.core.errors import UsageError
from postedit.core.frontmatter import has_front_matter
from postedit.core.git.state import plural
from postedit.core.sanitize import json_safe, visible
from postedit.core.schema import CollectionSpec
from postedit.core.schema_load import relation_context
from postedit.core.validate import Finding, count_findings, describe_counts, posting_findings
from postedit.core.workspace import Workspace

if TYPE_CHECKING:
    from postedit.core.posting import Posting
    from postedit.core.query import Query

__all__ = ["changed_paths_since", "check_workspace", "register", "run", "stray_files"]


def changed_paths_since(root: Path, ref: str | None) -> set[str]:
    """Repository-relative paths changed since ``ref`` (None: the upstream, else HEAD), the
    uncommitted and untracked ones included (core/git/history.changed_since)."""
    from postedit.core.errors import GitError
    from postedit.core.git import history
    from postedit.core.git.runner import GitRepo

    try:
        with GitRepo.open(root) as repo:
            return history.changed_since(repo, ref)
    except GitError as exc:
        raise UsageError(f"--changed: {exc.message}") from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``check`` subcommand."""
    p = sub.add_parser(
        "check",
        help="validate postings against the schema",
        description="Validate postings (all, or the PATHs given) against the schema. "
        "Exit 0 without errors, 1 with errors, 2 for bad usage or an unreadable schema.",
    )
    add_repo_args(p)
    p.add_argument("--collection", metavar="NAME", help="only this collection")
    p.add_argument(
        "--where",
        metavar="QUERY",
        help="only the postings the query matches (docs/query.md), e.g. 'is:draft'",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text: path:line: severity: message (default); json: a list; "
        "github: workflow annotations",
    )
    p.add_argument(
        "--changed",
        nargs="?",
        const="",
        default=None,
        metavar="REF",
        help="only postings changed since REF, committed or not (default: the upstream, "
        "else HEAD); write --changed=REF before PATHs",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="postings or folders to check")
    p.set_defaults(func=run)


def stray_files(
    ws: Workspace, spec: CollectionSpec, files: Iterable[str] | None = None
) -> list[Finding]:
    """Warnings for files of the collection's folder that have front matter but are not
    postings by name (``2022-07-28-UX-job`` without ``.md``; ``_draft.md`` in a Jekyll
    collection's folder, which Jekyll leaves out): the site will not publish them.

    ``files``: the collection's files named like postings when the caller has them (else
    listed again); a README among them changes nothing (it has no front matter). A file
    collection is exactly its files: the rest of its folder is not its business.
    """
    if spec.files:
        return []
    base = ws.root / spec.folder if spec.folder else ws.root
    postings = set(ws.candidates(spec) if files is None else files)
    prefix = f"{spec.folder}/" if spec.folder else ""
    out: list[Finding] = []
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        rel = prefix + entry.name
        if rel in postings or entry.name.startswith(".") or not entry.is_file():
            continue
        try:
            with open(entry.path, "rb") as fh:
                head = fh.read(8)
        except OSError:
            continue
        if not has_front_matter(head):
            continue
        if jekyll_skips(spec.folder, entry.name):
            why = f"has front matter, but Jekyll leaves out a name starting with {entry.name[0]!r}"
            what = "the site will not publish it as a posting"
        else:
            want = (
                ".md/.markdown extension"
                if spec.glob in ("*.md", "*.markdown")
                else (f"name matching {spec.glob}")
            )
            why = f"has front matter but no {want}"
            what = (
                "postedit does not list it, but Jekyll reads it into the collection "
                "(without converting its Markdown)"
                if jekyll_reads_every_name(spec.folder)
                else "the site will not publish it as a posting"
            )
        out.append(Finding("warning", rel, 1, None, f"{why}: {what}"))
    return out


_Target = tuple[str, CollectionSpec, bool]
"""A file to validate: (relpath, its collection, listed). ``listed``: found in a folder among
the files named like postings, so it may be a README, told from a posting once it is read;
False: a file named on the command line, told already."""


def _targets(
    ws: Workspace, paths: list[str], only: CollectionSpec | None
) -> tuple[list[_Target], list[Finding], int]:
    """The files to validate, stray-file warnings, and files skipped."""
    specs = [only] if only else list(ws.collections)
    pairs: list[_Target] = []
    strays: list[Finding] = []
    skipped = 0
    if not paths:
        for spec in specs:
            files = ws.candidates(spec)
            pairs += [(rel, spec, True) for rel in files]
            strays += stray_files(ws, spec, files)
        return pairs, strays, skipped
    seen: set[str] = set()
    named: dict[str, dict[str, None]] = {}  # each collection's files named like postings
    # (READMEs too), in order: listed once for its folders and files alike

    def candidates(spec: CollectionSpec) -> dict[str, None]:
        if spec.name not in named:
            named[spec.name] = dict.fromkeys(ws.candidates(spec))
        return named[spec.name]

    for raw in paths:
        p = Path(raw)
        if not p.is_absolute() and not p.exists() and (ws.root / p).exists():
            p = ws.root / p  # relative to --repo rather than to the current folder
        if not p.exists() and not p.is_symlink():
            raise UsageError(f"{raw}: no such file or folder")
        rel = ws.relpath(p)
        if p.is_dir():
            inside = rel.strip("/") if rel not in ("", ".") else ""
            for spec in specs:
                folder = spec.folder.strip("/")
                if not inside or folder == inside or folder.startswith(inside + "/"):
                    names = candidates(spec)
                    pairs += [(r, spec, True) for r in names if r not in seen]
                    seen.update(r for r, _, _ in pairs)
                    strays += stray_files(ws, spec, names)
            continue
        owner = ws.collection_of(rel)
        cover = covering(ws.collections, rel)
        if owner is None and needs_fields(cover) and (only is None or only in cover):
            if rel in seen:
                continue
            seen.add(rel)  # no filter takes it: check_workspace warns (listed: read there)
            pairs.append((rel, cover[0], True))
            continue
        if owner is None or (only is not None and owner.name != only.name):
            skipped += 1
            continue
        if rel in seen:
            continue
        seen.add(rel)
        names = candidates(owner)
        if rel in names:  # named like a posting: only this file is looked at
            if ws.is_posting(owner, rel):
                pairs.append((rel, owner, False))
            else:
                skipped += 1  # a README without front matter
            continue
        stray = [f for f in stray_files(ws, owner, names) if f.path == rel]
        strays += stray
        if not stray:
            skipped += 1  # not a posting (a README without front matter, notes.txt...)
    return pairs, strays, skipped


def unclaimed(ws: Workspace, relpath: str, posting: Posting) -> bool:
    """Is ``posting`` (read from ``relpath``) a file with front matter in a folder that
    collections share out with ``filter``s, which none of them takes (Decap lists it in no
    collection)?"""
    return (
        posting.ok
        and not ws.store.plain_markdown(relpath, posting)
        and ws.collection_of(relpath, posting) is None
    )


def _unclaimed_finding(ws: Workspace, relpath: str) -> Finding:
    """The warning for an unclaimed file (see unclaimed): which filters it passes none of."""
    return Finding("warning", relpath, 1, None, ws.unclaimed_reason(relpath))


def check_workspace(
    ws: Workspace,
    paths: Iterable[str] = (),
    collection: str | None = None,
    changed: set[str] | None = None,
    where: Query | None = None,
) -> tuple[list[Finding], int, int, set[str]]:
    """Validate a workspace's postings: (findings, postings checked, files skipped, the
    files with front matter that are no postings: see stray_files).

    ``changed``: only these repository-relative paths are checked (``--changed``).
    ``where``: only the postings this query matches are checked (files that are not
    postings are then left out too: the query selects postings).
    """
    only = ws.collection(collection) if collection else None
    pairs, findings, skipped = _targets(ws, list(paths), only)
    if changed is not None:
        pairs = [pair for pair in pairs if pair[0] in changed]
        findings = [f for f in findings if f.path in changed]
    strays = {f.path for f in findings}
    nowhere: set[str] = set()
    context = relation_context(ws.root, ws.schema)
    checked = 0
    if where is not None:
        from postedit.core.query import clock, finding_flags, index

        findings, now = [], clock()
    ws.store.read_ahead([rel for rel, _spec, _listed in pairs])
    for rel, spec, listed in pairs:
        posting = ws.read(rel, spec.name)
        if listed and not ws.is_posting(spec, rel, posting):
            if rel not in nowhere and where is None and unclaimed(ws, rel, posting):
                nowhere.add(rel)  # a candidate of each collection sharing its folder: once
                findings.append(_unclaimed_finding(ws, rel))
            continue  # a README beside the postings, or another collection's (its filter)
        found = posting_findings(posting, spec, context)
        if where is not None:
            flags = finding_flags(f.severity for f in found) if where.flags else ()
            if not where.matches(index(posting, spec, now, text=where.needs_text), flags):
                continue
        checked += 1
        findings.extend(found)
    findings.sort(key=attrgetter("path", "line"))
    return findings, checked, skipped, strays if where is None else set()


def _unread(missing: list[CollectionSpec], partial: int = 0) -> str:
    """The summary's note of the collections not read: ``(6 with no folder here, 1 with no
    file here: warned above)``; ``partial``: file collections read without some of their
    files (``1 missing some files``); "" when nothing is missing."""
    files = sum(1 for spec in missing if spec.files)
    parts = [
        f"{n} with no {what} here"
        for n, what in ((len(missing) - files, "folder"), (files, "file"))
        if n
    ]
    if partial:
        parts.append(f"{partial} missing some files")
    return f" ({', '.join(parts)}: warned above)" if parts else ""


def run(args: argparse.Namespace) -> int:
    """Check postings and print findings; returns the exit status."""
    ws = open_or_exit(args, read_once=True)
    if isinstance(ws, int):
        return ws
    changed = None
    if args.changed is not None:
        changed = changed_paths_since(ws.root, args.changed or None)
    say_schema_warnings(
        ws.schema_warnings(args.collection, "checked"), github=args.format == "github"
    )
    missing = ws.missing_collections(args.collection)
    if (nothing := ws.nothing_found()) is not None:  # in CI: a check of nothing is no pass
        if args.format == "github":
            print(f"::warning::{gh_escape(nothing)}")
        else:
            warn(nothing)
    where = None
    if args.where is not None:
        from postedit.core.query import QueryError, parse_where

        try:
            where = parse_where(ws.schema, args.where)
        except QueryError as exc:
            raise UsageError(f"query: {exc}") from None
    findings, checked, skipped, strays = check_workspace(
        ws, args.paths, args.collection, changed, where
    )
    if where is not None and not checked:
        say_no_match(ws, where, args.collection)
    counts = count_findings(f for f in findings if f.path not in strays)
    with_errors, with_warnings, errors, warnings = counts
    # the collections read: a Decap config often names collections that live elsewhere
    ncol = (1 if args.collection else len(ws.collections)) - len(missing)
    since = ""
    if changed is not None:
        since = f" changed since {args.changed}" if args.changed else " changed"
    partial = sum(
        1
        for spec in ws.collections
        if args.collection in (None, spec.name) and spec not in missing and ws.missing_files(spec)
    )
    unread = _unread(missing, partial)
    summary = (
        f"postedit check: {plural(checked, 'posting')}{since} in {plural(ncol, 'collection')}"
        f"{unread} against {visible(ws.schema.describe())}: "
        f"{describe_counts(with_errors, with_warnings)}"
    )
    totals = [plural(n, noun) for n, noun in ((errors, "error"), (warnings, "warning")) if n]
    if totals:
        summary += f" ({', '.join(totals)})"
    if strays:
        summary += f"; {plural(len(strays), 'other file')} with front matter (warned above)"
    if skipped:
        summary += f" ({plural(skipped, 'non-posting file')} skipped)"
    if args.format == "json":
        text = json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=1)
        sys.stdout.write(json_safe(text) + "\n")
        print(summary, file=sys.stderr)
    elif args.format == "github":
        for f in findings:
            kind = "error" if f.severity == "error" else "warning"
            title = f",title={gh_escape(f.field, True)}" if f.field else ""
            print(
                f"::{kind} file={gh_escape(f.path, True)},line={f.line}{title}::"
                f"{gh_escape(f.message)}"
            )
        print(summary)
    else:
        sys.stdout.write("".join(f"{visible(str(f))}\n" for f in findings))
        print(summary)
    return 1 if errors else 0
