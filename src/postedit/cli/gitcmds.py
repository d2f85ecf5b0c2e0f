"""``postedit log/diff/undo/pull/push`` (the git issue fills this in)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the git subcommands."""
    for name in ("log", "diff", "undo", "pull", "push"):
        sub.add_parser(name, help=f"git {name}")


def commit_edited(ws, relpaths, message, before) -> int:  # type: ignore[no-untyped-def]
    """Commit ``relpaths`` (placeholder until the git issue)."""
    raise NotImplementedError
