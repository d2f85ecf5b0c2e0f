"""``postedit [PATH] [--schema FILE] [--debug]``: the terminal interface."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from postedit.core.errors import PosteditError

__all__ = ["build_parser", "no_colour", "pick_theme", "run"]

_MONOCHROME = ("vt100", "vt102", "vt220")
"""Terminals that show no colour at all."""


def pick_theme(env: Mapping[str, str]) -> str | None:
    """``ansi-dark`` (the terminal's own 16 colours) where 256 colours are not available.

    Textual would otherwise squeeze its true-colour theme into 16 colours, losing contrast.
    ``POSTEDIT_THEME`` names any Textual theme; None keeps Textual's default.
    """
    if env.get("POSTEDIT_THEME"):
        return env["POSTEDIT_THEME"]
    system = env.get("TEXTUAL_COLOR_SYSTEM", "auto")
    if system in ("standard", "windows"):
        return "ansi-dark"
    if system in ("256", "truecolor"):
        return None
    term = env.get("TERM", "")
    if env.get("COLORTERM") in ("truecolor", "24bit") or "256" in term or "direct" in term:
        return None
    if term in ("xterm", "screen", "tmux", "vt100", "vt220", "linux", "ansi", "rxvt") or (
        term.endswith("-16color")
    ):
        return "ansi-dark"
    return None


def no_colour(env: Mapping[str, str]) -> bool:
    """Draw without colour: ``NO_COLOR`` is set (to anything, the empty string included, as
    Textual reads it: the two must agree), or the terminal is monochrome (where the colours
    marking the cursor row would not show)."""
    return "NO_COLOR" in env or env.get("TERM", "") in _MONOCHROME


def build_parser() -> argparse.ArgumentParser:
    """The parser of the TUI's command line."""
    p = argparse.ArgumentParser(
        prog="postedit",
        description="Open the terminal interface on the repository around PATH.",
    )
    p.add_argument(
        "path",
        nargs="?",
        default=".",
        metavar="PATH",
        help="a folder inside the site's repository (default: here)",
    )
    p.add_argument("--schema", metavar="FILE", help="schema file (postedit.yml or Decap config)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    return p


def _mistyped_command(word: str) -> str | None:
    """For a PATH that is no folder and reads like a command's name mistyped (``postedit
    lst``), the error saying so, with the closest command; None for anything else."""
    import difflib

    from postedit.cli import COMMANDS
    from postedit.core.sanitize import visible

    if os.sep in word or "/" in word or os.path.lexists(word):
        return None
    close = difflib.get_close_matches(word, COMMANDS, n=1)
    if not close:
        return None
    shown = visible(word)
    return f"postedit: error: no folder '{shown}' and no such command; did you mean '{close[0]}'?"


def run(argv: Sequence[str]) -> int:
    """Open the workspace, run the app, return the exit status."""
    # Starting creates a few hundred thousand objects (Textual's modules, classes and
    # stylesheets, the screen), and loading the postings one long-lived graph, with no garbage
    # cycles: the collector would only walk them again and again (a full pass in the middle
    # of the first frame took 20 ms). It is paused until loading is over; the app then
    # freezes what exists and resumes it (PosteditApp.validated).
    gc.disable()
    args = build_parser().parse_args(list(argv))
    from postedit.core.workspace import open_workspace
    from postedit.tui.loading import FIRST

    try:
        workspace = open_workspace(
            Path(args.path),
            Path(args.schema) if args.schema else None,
            sample=FIRST,
            cache_now=False,
        )
    except PosteditError as exc:
        if args.debug:
            raise
        print(_mistyped_command(args.path) or exc.report(), file=sys.stderr)
        return exc.exit_status
    from postedit.tui.app import create_app

    app = create_app(workspace, theme=pick_theme(os.environ), no_color=no_colour(os.environ))
    app.run()
    return int(app.return_code or 0)
