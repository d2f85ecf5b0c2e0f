"""``postedit list``: one row (or JSON object) per posting, as the site reads it: the title and
date the site gives it (core/site.py), its state, its findings."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import math
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from rich.cells import set_cell_size

from postedit.cli import add_repo_args
from postedit.cli.common import open_from_args, say_no_match, say_schema_warnings, warn
from postedit.core.discover import file_label, locale_of
from postedit.core.errors import UsageError
from postedit.core.posting import Posting
from postedit.core.sanitize import for_spreadsheet, json_safe, jsonable, visible
from postedit.core.schema import CollectionSpec
from postedit.core.schema_load import relation_context
from postedit.core.site import (
    State,
    preview_url,
    site_field,
    site_values,
    state_legend,
    state_mark,
)
from postedit.core.status import status_field
from postedit.core.validate import Context, Finding, duplicate_findings, posting_findings

if TYPE_CHECKING:
    from postedit.core.workspace import Workspace

__all__ = ["dumps", "register", "select_or_usage", "write_json_list"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``list`` subcommand."""
    p = sub.add_parser(
        "list",
        help="list postings",
        description="List postings (those a --where query matches: docs/query.md).",
    )
    add_repo_args(p)
    p.add_argument("--collection", metavar="NAME", help="only this collection")
    p.add_argument(
        "--where",
        metavar="QUERY",
        help="only the postings the query matches, e.g. 'open:true date<2021-09-01'",
    )
    p.add_argument(
        "--sort",
        metavar="FIELD",
        help="sort by FIELD (date and title: the site's); --sort=-FIELD for descending",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="json: every value exact, for scripts; csv: for spreadsheets (text that would "
        "run as a formula, starting with =, +, - or @, is written after a ')",
    )
    p.set_defaults(func=run)


def select_or_usage(ws: Workspace, where: str, collection: str | None = None) -> list[Posting]:
    """The postings ``where`` matches (core.query.select); a query that cannot be read is a
    usage error (exit 2: ``query: column N: expected ...``), one that matches nothing says so
    on stderr."""
    from postedit.core.query import QueryError, parse_where, select

    try:
        query = parse_where(ws.schema, where)
        found = select(ws, query, collection)
    except QueryError as exc:
        raise UsageError(f"query: {exc}") from None
    if not found:
        say_no_match(ws, query, collection)
    return found


_ISO_TYPES = (dt.datetime, dt.date, dt.time)


def _default(value: Any) -> Any:
    if type(value) in _ISO_TYPES or isinstance(value, _ISO_TYPES):  # every date: type() first
        return value.isoformat()
    if isinstance(value, set):
        return jsonable(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError


def dumps(data: Any) -> str:
    """JSON text of ``data`` with dates as ISO 8601 (the C encoder; jsonable() as a fallback),
    the characters a terminal could act on written as escapes (see sanitize.json_safe)."""
    try:
        text = json.dumps(data, ensure_ascii=False, default=_default, allow_nan=False)
    except (TypeError, ValueError):
        text = json.dumps(jsonable(data), ensure_ascii=False)
    return json_safe(text)


_CHUNK = 500
"""Rows encoded at a time by write_json_list."""


def write_json_list(items: Iterable[Any], out: IO[str]) -> None:
    """Write ``dumps(list(items))`` and a newline to ``out``, a few hundred items at a time.

    The same text, without ever holding all of it: at 10,000 postings the whole list was a
    12 MB string (4 bytes a character once one emoji is in), copied twice more on its way out.
    """
    out.write("[")
    first = True
    it = iter(items)
    while chunk := list(itertools.islice(it, _CHUNK)):
        text = dumps(chunk)  # "[a, b, c]": its items are what dumps of the whole list writes
        if not first:
            out.write(", ")
        out.write(text[1:-1])
        first = False
    out.write("]\n")


def _cell(value: Any) -> str:
    """A value as the YAML reader would write it: true/false, ISO dates, empty for null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):  # !!binary: its text, as in JSON
        return value.decode("utf-8", "replace")
    return str(value)


def _row(
    p: Posting,
    spec: CollectionSpec | None = None,
    context: Context | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    errors = [str(p.error)] if p.error else []
    errors += [f"{f.path}:{f.line}: {f.message}" for f in duplicate_findings(p)]
    site = site_values(p, spec, now)
    row: dict[str, Any] = {
        "path": p.relpath,
        "collection": p.collection,
        "title": site.title,
        "date": site.date,
        "state": site.state,
        "fields": p.fields,
        "errors": errors,
        "findings": [f.as_dict() for f in posting_findings(p, spec, context)],
    }
    if spec is not None and spec.preview_path:
        row["url"] = preview_url(p, spec, site)
    if spec is not None and spec.i18n is not None:
        row["locale"] = locale_of(p.relpath, spec)
    return row


def _mark(findings: list[Finding]) -> str:
    """The findings column: ``E2`` (two errors), ``W1`` (a warning, no error), blank."""
    errors = sum(1 for f in findings if f.severity == "error")
    if errors:
        return f"E{errors}" if errors < 100 else "E99+"
    return f"W{len(findings)}" if 0 < len(findings) < 100 else ("W99+" if findings else "")


def _sorted(
    ws: Workspace, postings: list[Posting], sort: str, listed: list[CollectionSpec]
) -> list[Posting]:
    """``postings`` sorted by a field (``-field``: descending), missing values last; ``date``
    and ``title`` are the site's, as in a query. A field none of the ``listed`` collections
    has is bad usage (UsageError naming the closest one)."""
    from postedit.core.query import clock, index, sort_key, value_of

    name = sort.lstrip("-")
    if not name:
        raise UsageError("--sort takes a field name (--sort=-date for descending)")
    _known_or_usage(ws, name, listed)
    now = clock()
    specs = {spec.name: spec for spec in ws.collections}
    keyed = [
        (sort_key(value_of(index(p, specs.get(p.collection), now, text=False), name)), i, p)
        for i, p in enumerate(postings)
    ]
    present = sorted((k, i, p) for k, i, p in keyed if k[0] != 9)
    if sort.startswith("-"):
        present.sort(key=lambda row: row[0], reverse=True)  # stable: file order among equals
    return [p for _, _, p in present] + [p for k, _, p in keyed if k[0] == 9]


def _known_or_usage(ws: Workspace, name: str, listed: list[CollectionSpec]) -> None:
    """UsageError for a sort field that none of the ``listed`` collections has, with the
    closest one it has (``--sort: no field 'nope' in jobs; did you mean 'open'?``)."""
    from postedit.core.query import no_such_field

    names = {spec.name for spec in listed}
    read = [p for p in ws.postings.values() if p.collection in names]  # --where's too
    problem = no_such_field(name, listed, read)
    if problem is not None:
        raise UsageError(f"--sort: {problem}")


def _csv_cell(value: Any) -> str:
    """A value in a CSV cell: a scalar as the YAML reader would write it; a list (a set
    sorted) or a mapping as its JSON, the one spelling that tells ``["a, b", "c"]`` from
    ``["a", "b", "c"]`` and from the text ``a, b, c``, and that ``set --field`` reads back.
    Text a spreadsheet would run as a formula is marked as text (``'=...``: see _text); a
    number is written as it is (``-3`` is a number for a spreadsheet too, not a formula)."""
    if isinstance(value, list | tuple | set | dict):
        return dumps(value)  # starts with [ or {: never a formula
    if _is_number(value):
        return _cell(value)
    return _text(_cell(value))


def _is_number(value: Any) -> bool:
    """True for a value a spreadsheet reads as a number: an int (not a boolean), of any size
    (YAML reads 400 digits as one, which no float holds: no ``math.isfinite`` on it), or a
    finite float (``-inf`` and ``nan`` are text to a spreadsheet)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _text(text: str) -> str:
    """Text from the postings (or the site's config) for a CSV cell: control characters
    shown as escapes (never raw on a terminal), and a cell starting as a formula (``=``,
    ``+``, ``-``, ``@``) prefixed with ``'``: the CSV is opened in spreadsheets, and a posting
    is written by other people (sanitize.for_spreadsheet)."""
    return for_spreadsheet(visible(text))


def _write_csv(ws: Workspace, postings: list[Posting], out: IO[str]) -> None:
    """One row per posting: path, collection, the site's date, title and state (``site_``
    columns: a front matter has its own ``date`` and ``title``), then every front-matter key
    met, in the order first met."""
    from postedit.core.query import clock, index

    now = clock()
    specs = {spec.name: spec for spec in ws.collections}
    keys: dict[str, None] = {}
    for p in postings:
        keys.update(dict.fromkeys(str(k) for k in p.fields))
    writer = csv.writer(out, lineterminator="\n")
    header = ["path", "collection", "site_date", "site_title", "site_state"]
    writer.writerow([*header, *map(_text, keys)])  # keys are the postings' own text
    for p in postings:
        site = index(p, specs.get(p.collection), now, text=False).site
        fields = {str(k): v for k, v in p.fields.items()}
        writer.writerow(
            [
                _text(p.relpath),
                _text(p.collection),
                _cell(site.date),
                _text(site.title),
                site.state,
                *(_csv_cell(fields[k]) if k in fields else "" for k in keys),
            ]
        )


def _say_schema_problems(ws: Workspace, collection: str | None) -> None:
    """On stderr (stdout stays the listing): the schema's warnings (its own, the collections
    whose folder or file is not here: Workspace.schema_warnings) in one line that points to
    ``check``, which lists them (Workspace.schema_note, the TUI's status bar's words); each
    of them when none of the collections listed is here, which is why nothing is listed."""
    listed = [ws.collection(collection)] if collection else list(ws.collections)
    missing = ws.missing_collections(collection)
    if all(spec in missing for spec in listed):
        say_schema_warnings(ws.schema_warnings(collection, "listed"))
    elif note := ws.schema_note("postedit check", collection):
        print(f"{visible(ws.schema.source)}: warning: {visible(note)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """List postings as a table, JSON or CSV."""
    ws = open_from_args(args, read_once=True)
    if (nothing := ws.nothing_found()) is not None:
        warn(nothing)  # the wrong folder, most often: an empty list alone would not say so
    _say_schema_problems(ws, args.collection)
    specs = [ws.collection(args.collection)] if args.collection else list(ws.collections)
    postings: Iterable[Posting]
    if args.where is not None:
        postings = select_or_usage(ws, args.where, args.collection)
    else:  # read as they are written out: each row is made while another process reads ahead
        postings = (p for spec in specs for p in ws.iter_load(spec))
    if args.sort is not None:  # `--sort=` too: a script's empty variable
        postings = _sorted(ws, list(postings), args.sort, specs)
    now = dt.datetime.now().astimezone()
    by_name = {spec.name: spec for spec in specs}
    context = relation_context(ws.root, ws.schema)
    if args.format == "json":
        objects = (_row(p, by_name.get(p.collection), context, now) for p in postings)
        write_json_list(objects, sys.stdout)
        return 0
    postings = list(postings)
    if args.format == "csv":
        _write_csv(ws, postings, sys.stdout)
        return 0
    for spec in specs:
        rows = [p for p in postings if p.collection == spec.name]
        if not rows and (len(specs) > 1 or args.where is not None):
            continue  # a schema's collection with no postings here (e.g. other Decap folders)
        noun = "posting" if len(rows) == 1 else "postings"
        print(f"# {visible(spec.title)} ({visible(spec.folder or '.')}): {len(rows)} {noun}")
        status = status_field(spec, rows)  # the TUI's status column: none when it has none
        column = f"{_fit(status, 6)} " if status else ""
        print(f"{'!':4} S {column}{'date':10} {'title':48} file")
        states: list[State] = []
        for p in rows:
            mark = _mark(posting_findings(p, spec, context))
            value = f"{_fit(_cell(site_field(p, status, spec)), 6)} " if status else ""
            site = site_values(p, spec, now)
            states.append(site.state)
            date = site.date.isoformat()[:10] if site.date is not None else ""
            shown = visible(file_label(p.relpath, spec))
            marks = f"{mark:4} {state_mark(site.state):1}"
            print(f"{marks} {value}{date:10} {_fit(site.title, 48)} {shown}")
        if legend := state_legend(states):
            print(f"# S: {legend}")
    return 0


def _fit(text: str, width: int) -> str:
    """``text`` for a column ``width`` cells wide, cut or padded to it, escapes shown (see
    sanitize). Cells, not characters, counted as the terminal interface counts them (Rich):
    an emoji or a CJK character takes two, a combining accent (``e`` + U+0301, as macOS
    writes names) none; counted by characters, such titles moved the file column."""
    return set_cell_size(visible(text, limit=4 * width), width)
