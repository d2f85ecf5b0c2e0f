"""``postedit [PATH]``: the terminal interface (the TUI issue fills this in)."""

from __future__ import annotations

from collections.abc import Sequence


def run(argv: Sequence[str]) -> int:
    """Open the TUI on PATH; until it exists, list the postings."""
    from postedit.cli import main

    return main(["list", "--repo", argv[0]] if argv else ["list"])
