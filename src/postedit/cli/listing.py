"""``postedit list``: one row (or JSON object) per posting."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
from collections.abc import Iterable
from typing import IO, Any

from postedit.cli import add_repo_args
from postedit.cli.common import open_from_args
from postedit.core.posting import Posting
from postedit.core.sanitize import json_safe, visible
from postedit.core.schema import CollectionSpec
from postedit.core.schema_load import relation_context
from postedit.core.validate import Context, validate

__all__ = ["dumps", "jsonable", "register", "write_json_list"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``list`` subcommand."""
    p = sub.add_parser("list", help="list postings")
    add_repo_args(p)
    p.add_argument("--collection", metavar="NAME", help="only this collection")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=run)


def jsonable(value: Any) -> Any:
    """A front-matter value as JSON data: dates and datetimes as ISO 8601 strings."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value


_ISO_TYPES = (dt.datetime, dt.date, dt.time)


def _default(value: Any) -> Any:
    if type(value) in _ISO_TYPES or isinstance(value, _ISO_TYPES):  # every date: type() first
        return value.isoformat()
    if isinstance(value, set | tuple):
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
    return str(value)


def _row(
    p: Posting, spec: CollectionSpec | None = None, context: Context | None = None
) -> dict[str, Any]:
    errors = [str(p.error)] if p.error else []
    errors += [
        f"{p.relpath}:{later}: duplicate key {key!r} (first at line {first})"
        for key, first, later in p.duplicates
    ]
    return {
        "path": p.relpath,
        "collection": p.collection,
        "fields": p.fields,
        "errors": errors,
        "findings": [f.as_dict() for f in validate(p, spec, context)] if spec else [],
    }


def run(args: argparse.Namespace) -> int:
    """List postings as a table or JSON."""
    ws = open_from_args(args)
    specs = [ws.collection(args.collection)] if args.collection else list(ws.collections)
    postings = [p for spec in specs for p in ws.iter_load(spec)]
    if args.format == "json":
        by_name = {spec.name: spec for spec in specs}
        context = relation_context(ws.root, ws.schema)
        write_json_list((_row(p, by_name.get(p.collection), context) for p in postings), sys.stdout)
        return 0
    for spec in specs:
        rows = [p for p in postings if p.collection == spec.name]
        if not rows and len(specs) > 1:
            continue  # a schema's collection with no postings here (e.g. other Decap folders)
        noun = "posting" if len(rows) == 1 else "postings"
        print(f"# {visible(spec.title)} ({visible(spec.folder or '.')}): {len(rows)} {noun}")
        status = spec.status or "open"
        print(f"  {_fit(status, 6):6} {'date':10} {'title':50} file")
        for p in rows:
            mark = "!" if p.error else " "
            value = _fit(_cell(p.fields.get(status, "")), 6)
            date = _fit(_cell(p.fields.get("date", "")), 10)
            print(f"{mark} {value:6} {date:10} {_fit(p.title, 50):50} {visible(p.name)}")
    return 0


def _fit(text: str, width: int) -> str:
    """At most ``width`` characters of ``text`` for a column, escapes shown (see sanitize)."""
    return visible(text, limit=width + 1)[:width]
