"""``postedit [PATH] [--schema FILE] [--debug]``: the terminal interface."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from postedit.core.errors import PosteditError

__all__ = ["build_parser", "run"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of the TUI's command line."""
    p = argparse.ArgumentParser(
        prog="postedit",
        description="Open the terminal interface on the repository around PATH.",
    )
    p.add_argument("path", nargs="?", default=".", metavar="PATH",
                   help="a folder inside the site's repository (default: here)")
    p.add_argument("--schema", metavar="FILE", help="schema file (postedit.yml or Decap config)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    return p


def run(argv: Sequence[str]) -> int:
    """Open the workspace, run the app, return the exit status."""
    args = build_parser().parse_args(list(argv))
    from postedit.core.workspace import open_workspace

    try:
        workspace = open_workspace(
            Path(args.path), Path(args.schema) if args.schema else None
        )
    except PosteditError as exc:
        if args.debug:
            raise
        print(f"{exc.location() or 'postedit'}: error: {exc.message}", file=sys.stderr)
        return 1
    from postedit.tui.app import create_app

    app = create_app(workspace)
    app.run()
    return int(app.return_code or 0)
