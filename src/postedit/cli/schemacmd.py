"""``postedit schema infer|show``: print a postedit.yml (inferred, or the schema in use)."""

from __future__ import annotations

import argparse
import sys

from postedit.cli import add_repo_args
from postedit.cli.common import open_or_exit
from postedit.core.fsops import repo_folder
from postedit.core.git.discover import locate
from postedit.core.infer import infer_schema
from postedit.core.sanitize import visible
from postedit.core.schema_load import dump_schema

__all__ = ["register"]

_INFER_HEADER = """\
postedit.yml inferred from the postings by `postedit schema infer`.
Review it (types, required fields, options, status), then save it as postedit.yml
at the repository root; see docs/schema.md. `variants` lists keys taken for
misspellings of a more common key: postings using them get a "did you mean" warning."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``schema`` subcommand (``infer`` and ``show``)."""
    p = sub.add_parser("schema", help="print a postedit.yml (inferred, or the one in use)")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    infer = actions.add_parser("infer", help="print a schema inferred from the postings")
    add_repo_args(infer, schema=False)
    infer.set_defaults(func=run_infer)
    show = actions.add_parser(
        "show", help="print the schema in use (postedit.yml, Decap or inferred) as postedit.yml"
    )
    add_repo_args(show)
    show.set_defaults(func=run_show)
    p.set_defaults(func=lambda args: _usage(p))


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_usage(sys.stderr)
    print("postedit: error: say what to do: infer or show", file=sys.stderr)
    return 2


def run_infer(args: argparse.Namespace) -> int:
    """Print the inferred postedit.yml of the repository."""
    start = repo_folder(args.repo)
    where = locate(start)
    root = where.root if where is not None and not where.bare else start.resolve()
    schema = infer_schema(root)
    if not schema.collections:
        print(
            f"postedit: warning: no folder of postings found in {visible(str(root))}",
            file=sys.stderr,
        )
    sys.stdout.write(dump_schema(schema, header=_INFER_HEADER))
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the schema in use as a postedit.yml (handy to start from a Decap config)."""
    ws = open_or_exit(args)
    if isinstance(ws, int):
        return ws
    header = f"The schema in use: {ws.schema.describe()}."
    sys.stdout.write(dump_schema(ws.schema, header=header))
    return 0
