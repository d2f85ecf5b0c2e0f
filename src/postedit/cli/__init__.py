"""Command line: argument parsing; builds the core objects, then runs a command or the TUI.

Each subcommand lives in its own module exposing ``register(subparsers)``; the module's
parser sets ``func`` to a function ``(args) -> int``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from postedit import __version__
from postedit.core.errors import PosteditError, SchemaError, UsageError

__all__ = ["main"]

COMMANDS = ("list", "set", "check", "schema", "log", "diff", "undo", "pull", "push")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Usage errors exit 2 with a one-line message (argparse's default, made explicit)."""
        self.print_usage(sys.stderr)
        self.exit(2, f"postedit: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser (subcommands registered from their modules)."""
    from postedit.cli import check, gitcmds, listing, schemacmd, setcmd

    parser = _Parser(
        prog="postedit",
        description="Edit the postings (Markdown + YAML front matter) of a static site in git.",
        epilog="Without a command, opens the terminal interface on PATH (default: here).",
    )
    parser.add_argument("--version", action="version", version=f"postedit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (listing, setcmd, check, schemacmd, gitcmds):
        module.register(sub)
    return parser


def add_repo_args(p: argparse.ArgumentParser, schema: bool = True) -> None:
    """The --repo (and --schema) options every command shares."""
    p.add_argument("--repo", metavar="DIR", help="repository (default: the one around here)")
    if schema:
        p.add_argument("--schema", metavar="FILE", help="schema file (postedit.yml or Decap)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``postedit`` command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    if first not in COMMANDS and not any(a in ("-h", "--help", "--version") for a in args_list):
        from postedit.cli import tuicmd

        return tuicmd.run(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from postedit.cli.common import opened

    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"postedit: error: {exc}", file=sys.stderr)
        return 2
    except SchemaError as exc:  # a schema that cannot be read is bad usage, for every command
        if args.debug:
            raise
        print(f"{exc.location() or 'postedit'}: error: {exc.message}", file=sys.stderr)
        return 2
    except PosteditError as exc:
        if args.debug:
            raise
        print(f"{exc.location() or 'postedit'}: error: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `postedit list | head`: the reader left, which is fine
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        for ws in opened:
            ws.save_cache()
