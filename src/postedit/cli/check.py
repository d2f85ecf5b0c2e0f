"""``postedit check`` (the schema issue fills this in)."""

from __future__ import annotations

import argparse

from postedit.cli import add_repo_args


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``check`` subcommand."""
    p = sub.add_parser("check", help="validate postings against the schema")
    add_repo_args(p)
    p.set_defaults(func=lambda args: 0)
