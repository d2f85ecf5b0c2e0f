"""``postedit log/diff/undo/pull/push``, and the commit behind ``postedit set --commit``."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Mapping, Sequence
from hashlib import sha1
from pathlib import Path
from typing import TYPE_CHECKING

from postedit.cli import add_repo_args
from postedit.cli.common import error
from postedit.core import frontmatter
from postedit.core.errors import GitError, PosteditError, UsageError
from postedit.core.posting import Posting, Stamp
from postedit.core.workspace import Workspace

if TYPE_CHECKING:  # GitPython costs ~0.1 s to import: only the git commands pay for it
    from postedit.core.gitfast import PendingProbe, Probe
    from postedit.core.messages import Change
    from postedit.core.repo import GitRepo

__all__ = ["Ledger", "commit_edited", "open_repo", "register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the git subcommands."""
    p = sub.add_parser("log", help="history of one posting (renames followed)")
    add_repo_args(p, schema=False)
    p.add_argument("path", metavar="PATH")
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
    p.add_argument("paths", nargs="*", metavar="PATH")
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
    from postedit.core.repo import GitRepo

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


def plural(n: int, noun: str) -> str:
    """``1 file``, ``2 files`` (the git layer's wording, without importing GitPython)."""
    from postedit.core.gitfast import plural as _plural

    return _plural(n, noun)


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
            if not (repo.root / rel).exists() or repo.bare:
                raise GitError("no such posting", args.path)
            print(f"{rel}: no commits touch this file yet", file=sys.stderr)
            return 0
        color = _want_color(args)
        for e in entries:
            sha = f"\x1b[33m{e.sha[:7]}\x1b[0m" if color else e.sha[:7]
            where = f" ({e.old_path} -> {e.path})" if e.old_path else ""
            print(f"{sha} {e.date[:10]} {e.author}: {e.subject}{where}")
            if args.patch:
                sys.stdout.write(repo.show(e.sha, e.path, color=color, old_path=e.old_path))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    """Print the pending diff against HEAD (new and deleted files included)."""
    with open_repo(args) as repo:
        paths = [_relpath(repo, p) for p in args.paths] or None
        if args.pending:
            pending = repo.postedit_pending()
            paths = sorted(pending if paths is None else pending & set(paths))
            if not paths:
                print("no pending postedit edits", file=sys.stderr)
                return 0
        sys.stdout.write(repo.diff(paths, color=_want_color(args)))
    return 0


def run_undo(args: argparse.Namespace) -> int:
    """Take back the last postedit commit (not pushed); its changes become pending again."""
    with open_repo(args) as repo:
        undone = repo.undo_last()
    print(f"undid {undone.sha[:7]} {undone.summary}; its changes are pending again:")
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
        f"{plural(len(result.paths), 'file')} changed"
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


class Ledger:
    """postedit's writes during one command, recorded in the ledger in one go at the end.

    Without a git repository around the workspace (or in a bare one) it does nothing. Works
    without GitPython (core/gitfast.py; docs/git.md counts the git processes).
    """

    def __init__(self, ws: Workspace, early: PendingProbe | None = None) -> None:
        from postedit.core.gitfast import GitDir

        self.git: GitDir | None = None
        """The repository (None: none, or bare)."""
        if early is not None and early.git.root == ws.root:
            self.git = early.git
        else:
            early = None
            with contextlib.suppress(GitError):
                found = GitDir.open(ws.root)
                if not found.bare:
                    self.git = found
        self.early = early
        """A probe started before the workspace was opened (``set --commit``), or None."""
        self.probe: Probe | None = None
        """What :meth:`refuse_foreign` learnt of the paths (HEAD and index ids), for the commit."""
        self._written: dict[str, bytes | None] = {}
        self._previous: dict[str, bytes | None] = {}

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.git is None or not self._written:
            return
        heads = None
        if self.probe is not None:
            heads = {r: st.head for r, st in self.probe.paths.items()}
        with contextlib.suppress(GitError):  # without a record, the edits look like the user's
            self.git.note_writes(self._written, self._previous, heads)

    def wrote(self, relpath: str, data: bytes | None, previous: bytes | None) -> None:
        """postedit wrote ``data`` (None: deleted) over ``previous`` (None: no file)."""
        self._previous.setdefault(relpath, previous)
        self._written[relpath] = data

    def refuse_foreign(self, relpaths: Sequence[str]) -> bool:
        """Before ``set --commit`` writes anything: True (and errors printed) when some of
        ``relpaths`` hold uncommitted changes postedit did not make: the commit would take
        them along."""
        if self.git is None:
            return False
        try:
            if self.early is not None and self.early.rels == tuple(relpaths):
                self.probe = self.early.result()
            else:
                self.probe = self.git.probe(list(relpaths))
            foreign = self.git.foreign(self.probe, list(relpaths))
        except GitError as exc:
            error(exc)
            return True
        for rel in foreign:
            print(
                f"{rel}: error: has uncommitted changes that postedit did not make",
                file=sys.stderr,
            )
        if foreign:
            error(
                "nothing was edited: --commit would commit those changes too; commit or "
                "stash them first (git commit / git stash), or run without --commit"
            )
        return bool(foreign)


def _posting_from(relpath: str, collection: str, data: bytes | None) -> Posting | None:
    """A posting parsed from ``data`` (a version in git), or None when there is no file."""
    if data is None:
        return None
    try:
        doc = frontmatter.parse(data, relpath)
    except PosteditError as exc:
        return Posting(relpath, collection, raw=data, stamp=stamp_of_bytes(data), error=exc)
    return Posting(
        relpath,
        collection,
        raw=data,
        stamp=stamp_of_bytes(data),
        fields=doc.fields,
        body=doc.body,
    )


def stamp_of_bytes(data: bytes) -> Stamp:
    """A stamp for a version read from git (only its presence and hash matter here)."""
    return Stamp(len(data), 0, 0, sha1(data).hexdigest())


def changes_for(
    ws: Workspace, relpaths: Sequence[str], heads: Mapping[str, bytes | None]
) -> list[Change]:
    """What the commit does to each posting: HEAD's version (``heads``) against the one on disk.

    Postings now the same as in HEAD (edited back) are left out: the commit skips them.
    """
    from postedit.core.messages import classify

    out = []
    for rel in relpaths:
        spec = ws.collection_of(rel)
        after = ws.postings.get(rel) or ws.read(rel)
        head = heads.get(rel)
        if head is not None and after.stamp is not None and after.raw == head:
            continue
        before = _posting_from(rel, after.collection, head)
        out.append(classify(before, after if after.stamp else None, spec))
    return out


def commit_edited(
    ws: Workspace,
    relpaths: Sequence[str],
    message: str | None,
    before: Sequence[Posting] = (),
    named: Sequence[str] = (),
    ledger: Ledger | None = None,
) -> int:
    """Commit the postings ``postedit set`` edited, in one commit; the exit status.

    Also commits those of ``named`` (the paths given) whose pending change is postedit's own
    from an earlier run (the ledger). Nothing to commit: says so, exit 0. The commit fails
    (hook, identity, merge in progress...): nothing is committed, the edits stay on disk,
    exit 1. ``before`` is kept for callers of the old signature (messages now compare with
    HEAD). ``ledger``: the one the edits were recorded in, whose probe is reused (no second
    look at the index). No GitPython here: see core/gitfast.py.
    """
    from postedit.core.gitfast import CommitRefusedError, GitDir, NothingToCommitError

    try:
        git = ledger.git if ledger is not None and ledger.git is not None else GitDir.open(ws.root)
    except GitError as exc:
        if not relpaths:
            print("nothing changed: no commit made", file=sys.stderr)
            return 0
        error(f"not committing: {exc.message} (the edits are on disk)")
        return 1
    try:
        probe = ledger.probe if ledger is not None else None
        wanted = list(dict.fromkeys([*relpaths, *named]))
        if probe is None or any(r not in probe.paths for r in wanted):
            probe = git.probe(wanted)
        pending = git.pending(probe, named) if named else set()
        paths = list(dict.fromkeys([*relpaths, *(r for r in named if r in pending)]))
        if not paths:
            print("nothing changed: no commit made", file=sys.stderr)
            return 0
        if message is None:
            changes = changes_for(ws, paths, git.head_contents(probe, paths))
            if not changes:
                print("nothing changed: no commit made", file=sys.stderr)
                return 0
            from postedit.core.messages import commit_message  # only without -m

            specs = [ws.collection_of(c.relpath) for c in changes]
            spec = specs[0] if all(s is specs[0] for s in specs) else None
            message = commit_message(changes, spec)
        result = git.commit(paths, message, probe)
    except NothingToCommitError as exc:
        print(f"{exc.message}: no commit made", file=sys.stderr)
        return 0
    except CommitRefusedError as exc:
        error(exc.message)
        return 1
    except PosteditError as exc:
        error(f"{exc.message}\nnothing was committed; the edits are still on disk")
        return 1
    print(f"committed {result.sha[:7]} {result.summary} ({plural(len(result.paths), 'file')})")
    return 0
