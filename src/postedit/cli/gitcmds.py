"""``postedit log/diff/undo/pull/push``."""

from __future__ import annotations

import argparse
import os
import sys

from postedit.cli import add_repo_args
from postedit.cli.common import diff_output
from postedit.core import messages
from postedit.core.errors import GitError
from postedit.core.fsops import repo_folder, repo_relpath
from postedit.core.git import history, remote
from postedit.core.git.ledger import Ledger
from postedit.core.git.runner import GitRepo
from postedit.core.git.state import plural
from postedit.core.sanitize import visible

__all__ = ["open_repo", "register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the git subcommands."""
    p = sub.add_parser("log", help="history of one posting (renames followed)")
    add_repo_args(p, schema=False)
    p.add_argument("path", metavar="PATH", help="a posting, deleted or renamed ones too")
    p.add_argument("-p", "--patch", action="store_true", help="show each commit's diff")
    _color_arg(p)
    p.set_defaults(func=run_log)

    p = sub.add_parser(
        "diff",
        help="uncommitted changes against HEAD (all of them, not only postedit's edits)",
        description="Show every uncommitted change against HEAD (new and deleted files "
        "included), whoever made it. With --pending, only postedit's own pending edits: "
        "what postedit set PATH --commit would commit.",
    )
    add_repo_args(p, schema=False)
    p.add_argument("paths", nargs="*", metavar="PATH", help="only these files")
    p.add_argument(
        "--pending", action="store_true", help="only the edits postedit made and not committed"
    )
    _color_arg(p)
    p.set_defaults(func=run_diff)

    p = sub.add_parser("undo", help="undo the last commit made by postedit, when not pushed")
    add_repo_args(p, schema=False)
    p.set_defaults(func=run_undo)

    p = sub.add_parser("pull", help="pull from the upstream (fast-forward only by default)")
    add_repo_args(p, schema=False)
    p.add_argument("--rebase", action="store_true", help="put local commits on top of theirs")
    p.set_defaults(func=run_pull)

    p = sub.add_parser("push", help="push the current branch to its upstream (never forced)")
    add_repo_args(p, schema=False)
    p.set_defaults(func=run_push)


def _color_arg(p: argparse.ArgumentParser) -> None:
    p.set_defaults(color="auto")
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--color",
        action="store_const",
        const="always",
        dest="color",
        help="colour the output (default: when stdout is a terminal)",
    )
    g.add_argument(
        "--no-color",
        action="store_const",
        const="never",
        dest="color",
        help="never colour the output",
    )


def _want_color(args: argparse.Namespace) -> bool:
    if args.color == "auto":
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return bool(args.color == "always")


def open_repo(args: argparse.Namespace) -> GitRepo:
    """The repository named by --repo, or the one around the current folder."""
    return GitRepo.open(repo_folder(getattr(args, "repo", None)))


def _relpath(repo: GitRepo, args: argparse.Namespace, path: str) -> str:
    """A user-given path as repository-relative, found as ``set`` and ``restore`` find it."""
    return repo_relpath(repo.root, path, base=getattr(args, "repo", None))


def _progress(line: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\x1b[K{line}", end="", file=sys.stderr, flush=True)


def _end_progress() -> None:
    if sys.stderr.isatty():
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def run_log(args: argparse.Namespace) -> int:
    """Print the commits that touched PATH, newest first."""
    with open_repo(args) as repo:
        rel = _relpath(repo, args, args.path)
        entries = history.log(repo, rel)
        if not entries:
            if not os.path.exists(repo.root / rel) or repo.bare:  # False on ENAMETOOLONG
                raise GitError("no such posting", args.path)
            print(f"{visible(rel)}: no commits touch this file yet", file=sys.stderr)
            return 0
        color = _want_color(args)
        for e in entries:
            sha = f"\x1b[33m{e.sha[:7]}\x1b[0m" if color else e.sha[:7]
            where = f" ({e.old_path} -> {e.path})" if e.old_path else ""
            print(f"{sha} {e.date[:10]} {visible(e.author)}: {visible(e.subject)}{visible(where)}")
            if args.patch:
                shown = history.show(repo, e.sha, e.path, old_path=e.old_path)
                sys.stdout.write(diff_output(shown, color))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    """Print the pending diff against HEAD (new and deleted files included)."""
    with open_repo(args) as repo:
        paths = [_relpath(repo, args, p) for p in args.paths] or None
        if paths and not repo.bare:  # as `log` says: a name neither on disk nor in HEAD
            heads = history.head_contents(repo, paths)
            for given, rel in zip(args.paths, paths, strict=True):
                if heads.get(rel) is None and not (repo.root / rel).exists():
                    raise GitError("no such posting", given)
        if args.pending:
            repo.require_worktree("show pending changes")
            pending = Ledger(repo).pending()
            paths = sorted(pending if paths is None else pending & set(paths))
            if not paths:
                print("no pending postedit edits", file=sys.stderr)
                return 0
        sys.stdout.write(diff_output(history.diff(repo, paths), _want_color(args)))
    return 0


def run_undo(args: argparse.Namespace) -> int:
    """Take back the last postedit commit (not pushed); its changes become pending again."""
    from postedit.cli.common import open_from_args, open_session

    session = open_session(open_from_args(args, few=True, bare_ok=True), need_git=True)
    undone = session.undo()
    print(messages.undone(f"{undone.sha[:7]} {visible(undone.summary)}", undone.pending))
    for path in undone.pending:
        print(f"  {visible(path)}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    """Pull from the upstream (fast-forward only unless --rebase)."""
    with open_repo(args) as repo:
        try:
            result = remote.pull(repo, rebase=args.rebase, progress=_progress, interactive=True)
        finally:
            _end_progress()
    if not result.updated:
        print("already up to date")
        return 0
    print(
        f"updated {(result.before or '')[:7]}..{(result.after or '')[:7]}: "
        f"{plural(len(result.paths), 'file')} changed"
    )
    for path in result.paths:
        print(f"  {visible(path)}")
    return 0


def run_push(args: argparse.Namespace) -> int:
    """Push the current branch to its upstream (never forced)."""
    with open_repo(args) as repo:
        try:
            result = remote.push(repo, progress=_progress, interactive=True)
        finally:
            _end_progress()
    if result.created:
        print(
            f"pushed {plural(result.pushed, 'commit')} to {result.upstream} "
            "(a new branch there, now the upstream)"
        )
    elif result.pushed == 0:
        print("nothing to push: everything is up to date")
    else:
        print(f"pushed {plural(result.pushed, 'commit')} to {result.upstream}")
    return 0
