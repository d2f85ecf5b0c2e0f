"""``postedit log/diff/undo/pull/push``, and the commit behind ``postedit set --commit``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from postedit.cli import add_repo_args
from postedit.cli.common import error
from postedit.core.errors import GitError, PosteditError, UsageError
from postedit.core.messages import Change, classify, commit_message
from postedit.core.posting import Posting
from postedit.core.repo import CommitRefusedError, GitRepo, NothingToCommitError
from postedit.core.workspace import Workspace

__all__ = ["commit_edited", "open_repo", "register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the git subcommands."""
    p = sub.add_parser("log", help="history of one posting (renames followed)")
    add_repo_args(p, schema=False)
    p.add_argument("path", metavar="PATH")
    p.add_argument("-p", "--patch", action="store_true", help="show each commit's diff")
    _color_arg(p)
    p.set_defaults(func=run_log)

    p = sub.add_parser("diff", help="pending changes (what the next commit would hold)")
    add_repo_args(p, schema=False)
    p.add_argument("paths", nargs="*", metavar="PATH")
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
    return GitRepo.open(Path(args.repo) if getattr(args, "repo", None) else Path.cwd())


def _relpath(repo: GitRepo, path: str) -> str:
    """A user-given path (relative to the current folder, or absolute) as repository-relative."""
    p = Path(path)
    if not p.is_absolute():
        p = Path.cwd() / p
    p = p.parent.resolve() / p.name
    try:
        return p.relative_to(repo.root).as_posix()
    except ValueError:
        raise UsageError(f"{path}: not inside the repository {repo.root}") from None


def _progress(line: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\x1b[K{line}", end="", file=sys.stderr, flush=True)


def _end_progress() -> None:
    if sys.stderr.isatty():
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def run_log(args: argparse.Namespace) -> int:
    """Print the commits that touched PATH, newest first."""
    with open_repo(args) as repo:
        rel = _relpath(repo, args.path)
        entries = repo.log(rel)
        if not entries:
            print(f"{rel}: no commits touch this file", file=sys.stderr)
            return 0
        color = _want_color(args)
        for e in entries:
            sha = f"\x1b[33m{e.sha[:7]}\x1b[0m" if color else e.sha[:7]
            where = f"  ({e.old_path} -> {e.path})" if e.old_path else ""
            print(f"{sha} {e.date[:10]} {e.author}: {e.subject}{where}")
            if args.patch:
                sys.stdout.write(repo.show(e.sha, e.path, color=color, old_path=e.old_path))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    """Print the pending diff against HEAD (new and deleted files included)."""
    with open_repo(args) as repo:
        paths = [_relpath(repo, p) for p in args.paths] or None
        sys.stdout.write(repo.diff(paths, color=_want_color(args)))
    return 0


def run_undo(args: argparse.Namespace) -> int:
    """Take back the last postedit commit (not pushed); its changes become pending again."""
    with open_repo(args) as repo:
        undone = repo.undo_last()
    print(f'undid {undone.sha[:7]} "{undone.summary}"; its changes are pending again:')
    for path in undone.paths:
        print(f"  {path}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    """Pull from the upstream (fast-forward only unless --rebase)."""
    with open_repo(args) as repo:
        try:
            result = repo.pull(rebase=args.rebase, progress=_progress, interactive=True)
        finally:
            _end_progress()
    if not result.updated:
        print("already up to date")
        return 0
    print(
        f"updated {(result.before or '')[:7]}..{(result.after or '')[:7]}: "
        f"{len(result.paths)} file(s) changed"
    )
    for path in result.paths:
        print(f"  {path}")
    return 0


def run_push(args: argparse.Namespace) -> int:
    """Push the current branch to its upstream (never forced)."""
    with open_repo(args) as repo:
        try:
            result = repo.push(progress=_progress, interactive=True)
        finally:
            _end_progress()
    if result.pushed == 0:
        print("nothing to push: everything is up to date")
    else:
        print(f"pushed {result.pushed} commit(s) to {result.upstream}")
    return 0


def changes_for(ws: Workspace, relpaths: Sequence[str], before: Sequence[Posting]) -> list[Change]:
    """What happened to each edited posting (for the default commit message)."""
    old = {p.relpath: p for p in before}
    out = []
    for rel in relpaths:
        after = ws.postings.get(rel)
        spec = ws.collection_of(rel)
        out.append(classify(old.get(rel), after, spec))
    return out


def commit_edited(
    ws: Workspace, relpaths: Sequence[str], message: str | None, before: Sequence[Posting]
) -> int:
    """Commit the postings ``postedit set`` edited, in one commit; the exit status.

    Nothing edited: says so, exit 0. The commit fails (hook, identity, merge in progress...):
    nothing is committed, the edits stay on disk, exit 1.
    """
    if not relpaths:
        print("nothing changed: no commit made", file=sys.stderr)
        return 0
    try:
        repo = GitRepo.open(ws.root)
    except GitError as exc:
        error(f"not committing: {exc.message} (the edits are on disk)")
        return 1
    with repo:
        if message is None:
            changes = changes_for(ws, relpaths, before)
            specs = [ws.collection_of(r) for r in relpaths]
            spec = specs[0] if all(s is specs[0] for s in specs) else None
            message = commit_message(changes, spec)
        try:
            earlier = repo.differs_from_head(
                {p.relpath: p.raw for p in before if p.relpath in relpaths and p.stamp}
            )
            result = repo.commit(list(relpaths), message)
        except NothingToCommitError as exc:
            print(f"{exc.message}: no commit made", file=sys.stderr)
            return 0
        except CommitRefusedError as exc:
            error(exc.message)
            return 1
        except PosteditError as exc:
            error(f"{exc.message}\nnothing was committed; the edits are still on disk")
            return 1
    print(f"committed {result.sha[:7]} {result.summary} ({len(result.paths)} file(s))")
    earlier = [p for p in earlier if p in result.paths]
    if earlier:
        print(
            "note: the commit also holds changes these files already had before this edit: "
            + ", ".join(earlier),
            file=sys.stderr,
        )
    return 0
