"""Command line: argument parsing; builds the core objects, then runs a command or the TUI.

Each subcommand lives in its own module exposing ``register(subparsers)``; the module's
parser sets ``func`` to a function ``(args) -> int``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from postedit import __version__
from postedit.core.errors import PosteditError, UsageError
from postedit.core.sanitize import visible

__all__ = ["main"]

_MODULES = {
    "list": "listing",
    "set": "setcmd",
    "new": "newcmd",
    "check": "check",
    "schema": "schemacmd",
    "log": "gitcmds",
    "diff": "gitcmds",
    "undo": "gitcmds",
    "restore": "restorecmd",
    "commit": "commitcmd",
    "pull": "gitcmds",
    "push": "gitcmds",
}
"""The module of ``postedit.cli`` that registers each subcommand."""

COMMANDS = tuple(_MODULES)


if TYPE_CHECKING:
    from postedit.core.workspace import Workspace

opened: list[Workspace] = []
"""Workspaces opened by the running command (their parsed postings are cached at exit)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Usage errors exit 2 with a one-line message (argparse's default, made explicit).
        The message may quote the arguments, file names among them (``postedit list _jobs/*``
        names each one it does not take): escaped."""
        if message.endswith("--where: expected one argument"):  # `--where -open:true`
            message += " (a query starting with '-' is given with '=': --where=-open:true)"
        self.print_usage(sys.stderr)
        self.exit(2, f"postedit: error: {visible(message)}\n")


EXIT_STATUS = {
    "list": "0 listed, 2 bad usage (an unknown option, a query or a schema that cannot be read)",
    "check": "0 no errors (warnings allowed), 1 errors found, 2 bad usage or a schema that "
    "cannot be read",
    "schema": "0 printed, 2 bad usage or a schema that cannot be read",
}
"""The exit statuses a command's --help gives, when not those of _EXIT_STATUS."""

_EXIT_STATUS = "0 done (or nothing to do), 1 refused or failed, 2 bad usage"
"""What most commands exit with (README's table says it in full)."""

PATHS = (
    "A PATH is relative to the current folder, else to the repository (one that exists "
    "nowhere, to the repository first with --repo), or absolute."
)
"""How a command that takes paths finds them (fsops.repo_relpath), said in its --help."""

_TAKE_PATHS = {"set", "check", "log", "diff", "restore", "commit"}
"""The commands that take PATHs (postings named on the command line)."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with every subcommand registered from its module, or only ``command``'s.

    Running one command imports only its module: ``list`` and ``check`` need neither the git
    layer nor the other commands' code (tens of milliseconds of imports at every start).
    """
    parser = Parser(
        prog="postedit",
        description="Edit the postings (Markdown + YAML front matter) of a static site in git.",
        epilog="Without a command, opens the terminal interface on PATH (default: here).",
    )
    parser.add_argument("--version", action="version", version=f"postedit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    parser.set_defaults(commands=sub.choices)
    names = [_MODULES[command]] if command in _MODULES else list(dict.fromkeys(_MODULES.values()))
    for name in names:
        importlib.import_module(f"postedit.cli.{name}").register(sub)
    for name, command_parser in sub.choices.items():
        said = [PATHS] if name in _TAKE_PATHS else []
        said.append(f"Exit status: {EXIT_STATUS.get(name, _EXIT_STATUS)}.")
        command_parser.epilog = " ".join(said)
    return parser


def add_repo_args(p: argparse.ArgumentParser, schema: bool = True) -> None:
    """The --repo (and --schema) options every command shares."""
    p.add_argument("--repo", metavar="DIR", help="repository (default: the one around here)")
    if schema:
        p.add_argument("--schema", metavar="FILE", help="schema file (postedit.yml or Decap)")
    # SUPPRESS: given before the command (`postedit --debug list`), the global option holds;
    # a False default here would reset it.
    p.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``postedit`` command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    if first not in COMMANDS and not any(a in ("-h", "--help", "--version") for a in args_list):
        from postedit.cli import tuicmd

        return tuicmd.run(args_list)
    # A command builds one long-lived graph of postings and no garbage cycles: the cyclic
    # collector would only walk it again and again as it grows (a fifth of a `list` of
    # 10,000 postings, docs/performance.md).
    collecting = gc.isenabled()
    gc.disable()
    try:
        status = _command(args_list, first)
    finally:
        if collecting:
            gc.enable()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `postedit list | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return status


_TEXT_OPTIONS = ("field", "unset", "where", "body", "message")
"""Options whose text goes into a posting, a query or a commit: it must be text (UTF-8)."""


def _check_text_options(args: argparse.Namespace) -> None:
    """UsageError for a text option holding bytes that are not UTF-8 (a script's latin-1
    value): Python holds them as lone surrogates, which no file, YAML or git message can take.
    Paths may hold such bytes (a file's name is bytes) and are not checked."""
    for name in _TEXT_OPTIONS:
        value = getattr(args, name, None)
        for text in value if isinstance(value, list) else [value]:
            bad = next((c for c in text or "" if "\udc80" <= c <= "\udcff"), None)
            if bad is not None:
                option = "--" + name
                raise UsageError(
                    f"{option}: not valid UTF-8 (byte 0x{ord(bad) - 0xDC00:02x}): '{text}'"
                )


def _command(args_list: list[str], first: str | None) -> int:
    """Parse the arguments of a subcommand and run it."""
    before = args_list[: args_list.index(first)] if first is not None else args_list
    overall = any(a in ("-h", "--help", "--version") for a in before)  # `postedit --help`
    parser = build_parser(None if overall or first is None else first)
    args, extra = parser.parse_known_args(args_list)
    if extra:  # with the usage of the command given (`list x.md`), not postedit's
        (args.commands.get(args.command) or parser).error(
            f"unrecognized arguments: {' '.join(extra)}"
        )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        _check_text_options(args)
        return int(args.func(args))
    except UsageError as exc:
        print("postedit: error: " + visible(str(exc), keep="\n"), file=sys.stderr)
        return exc.exit_status
    except PosteditError as exc:
        if args.debug:
            raise
        print(exc.report(), file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `postedit list | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        for ws in opened:
            ws.save_cache()
        opened.clear()  # a test calls main() again in the same process
