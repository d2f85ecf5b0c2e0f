"""``postedit [PATH] [--schema FILE] [--debug]``: the terminal interface."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from postedit.cli import Parser
from postedit.core.errors import PosteditError

__all__ = ["build_parser", "no_colour", "pick_theme", "run", "terminal_problem"]

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


_COMMANDS_INSTEAD = "the commands work without one: postedit list, set, check (postedit --help)"


def terminal_problem(env: Mapping[str, str], stdin_tty: bool, stderr_tty: bool) -> str | None:
    """Why the interface cannot run here, or None. It reads keys from standard input and
    draws on standard error (Textual's choice): without a terminal on both (``ssh HOST
    postedit`` without ``-t``, a cron job, ``postedit 2>log``) it drew escapes into a pipe
    and, its input at end of file, spun at full CPU until killed. ``TERM=dumb`` (an editor's
    shell buffer, a CI log) cannot move the cursor, which every frame does."""
    if not stdin_tty or not stderr_tty:
        which = "standard input" if not stdin_tty else "standard error"
        return (
            f"the terminal interface needs a terminal, and its {which} is none "
            f"(over SSH: ssh -t HOST postedit); {_COMMANDS_INSTEAD}"
        )
    if env.get("TERM") == "dumb":
        return (
            "TERM=dumb: this terminal cannot move its cursor, which the interface needs; "
            f"set TERM to your terminal's name (xterm-256color), or {_COMMANDS_INSTEAD}"
        )
    return None


def _is_terminal(stream: object) -> bool:
    try:
        return stream is not None and os.isatty(stream.fileno())  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return False


def build_parser() -> argparse.ArgumentParser:
    """The parser of the TUI's command line."""
    p = Parser(
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
    problem = terminal_problem(
        os.environ, _is_terminal(sys.__stdin__), _is_terminal(sys.__stderr__)
    )
    if problem is not None:
        print(f"postedit: error: {problem}", file=sys.stderr)
        return 2
    from postedit.tui.app import create_app

    app = create_app(
        workspace,
        theme=pick_theme(os.environ),
        no_color=no_colour(os.environ),
        encoding=getattr(sys.__stderr__, "encoding", None),  # Textual draws on stderr
    )
    app.run()
    return int(app.return_code or 0)
