"""``postedit schema infer`` (the schema issue fills this in)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``schema`` subcommand."""
    sub.add_parser("schema", help="print the inferred schema")
