"""Reading history (log, show, diff, a file at a revision) and taking back postedit's last commit."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from postedit.core.errors import GitError
from postedit.core.git import commit as _commit
from postedit.core.git.commit import CommitResult
from postedit.core.git.runner import GitRepo, decode, decode_path, literal

__all__ = [
    "LogEntry",
    "changed_since",
    "diff",
    "file_at",
    "head_contents",
    "log",
    "path_at",
    "resolve_commit",
    "show",
    "undo_last",
]


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit in a posting's history."""

    sha: str
    """Full hash."""
    date: str
    """Author date, ISO 8601."""
    author: str
    """Author name."""
    subject: str
    """First line of the message."""
    path: str
    """The posting's path in that commit (renames followed)."""
    status: str = "M"
    """What the commit did to it: ``A`` added, ``M`` modified, ``D`` deleted, ``R`` renamed."""
    old_path: str | None = None
    """For a rename, the path before that commit."""


def log(repo: GitRepo, path: str) -> list[LogEntry]:
    """Commits that touched ``path``, newest first, following renames."""
    rel = repo.rel(path)
    if repo.head() is None:
        return []
    out = repo.run(
        [
            "log",
            "--follow",
            "-M",
            "-z",
            "--name-status",
            "--format=%H%x00%aI%x00%an%x00%s",
            "--",
            *literal([rel]),
        ]
    )[1]
    raw = out.split(b"\0")
    tokens = [decode(t) for t in raw]
    names = [decode_path(t) for t in raw]  # the same tokens, where they are file names
    entries: list[LogEntry] = []
    current = rel
    i = 0
    while i + 3 < len(tokens):
        sha = tokens[i].lstrip("\n")
        if not re.fullmatch(r"[0-9a-f]{40,64}", sha):
            i += 1
            continue
        date, author, subject = tokens[i + 1 : i + 4]
        i += 4
        status, old = "M", None
        path_here = current
        if i < len(tokens) and re.fullmatch(r"[A-Z]\d*", tokens[i].lstrip("\n")):
            status = tokens[i].lstrip("\n")[0]
            if status in "RC" and i + 2 < len(tokens):
                old, path_here = names[i + 1], names[i + 2]
                i += 3
            else:
                path_here = names[i + 1] if i + 1 < len(tokens) else current
                i += 2
        entries.append(LogEntry(sha, date, author, subject, path_here, status, old))
        current = old if status == "R" and old else path_here
    return entries


def path_at(repo: GitRepo, path: str, sha: str) -> str | None:
    """The path that the posting now at ``path`` had in commit ``sha``, renames followed
    (as ``log`` lists them): the path after the newest commit of its history that is ``sha``
    or comes before it; None when none does (``sha`` is older than the posting, or on a
    history that never held it).

    Two git walks whatever the history's length: ``log`` from HEAD, then ``sha``'s own
    history of every name the posting had (``--full-history``: each commit that touched
    one, none left out by git's simplification of merges); the first commit of it that is
    in the posting's history is the one. (Asking git whether each commit comes before
    ``sha`` took one process per commit of the history.)"""
    entries = log(repo, path)
    mine = {entry.sha: entry for entry in entries}
    if sha in mine:
        return mine[sha].path
    names = sorted({n for e in entries for n in (e.path, e.old_path) if n is not None})
    if not names:
        return None
    out = repo.run(["log", "--full-history", "--format=%H", sha, "--", *literal(names)])[1]
    for line in decode(out).split():
        if line in mine:
            return mine[line].path
    return None


def show(
    repo: GitRepo, sha: str, path: str, color: bool = False, old_path: str | None = None
) -> str:
    """The diff of ``path`` in commit ``sha`` (give ``old_path`` for a rename)."""
    rels = [repo.rel(path)] + ([repo.rel(old_path)] if old_path else [])
    return repo.out(
        "-c",
        "core.quotepath=off",
        "show",
        "--no-ext-diff",
        "-M",
        "--format=",
        "--color=always" if color else "--no-color",
        sha,
        "--",
        *literal(rels),
    )


def diff(repo: GitRepo, paths: Sequence[str] | None = None, color: bool = False) -> str:
    """Pending diff (work tree against HEAD) of ``paths`` (all when None), plain text.

    New untracked files show as added (``git diff --no-index`` against nothing), deleted
    files as deleted. ``color`` adds ANSI colours.
    """
    repo.require_worktree("show pending changes")
    rels = None if paths is None else repo.rels(paths)
    if rels is not None and not rels:
        return ""
    untracked = sorted(p for p, xy in repo.status(rels).items() if xy == "??")
    opts = ["-c", "core.quotepath=off", "diff", "--no-ext-diff"]
    opts.append("--color=always" if color else "--no-color")
    base = repo.head() or repo.out("hash-object", "-t", "tree", "/dev/null").strip()
    parts = [repo.out(*opts, base, "--", *([] if rels is None else literal(rels)))]
    for rel in untracked:
        # exit status 1 means "they differ": the diff is in the output
        out = repo.run([*opts, "--no-index", "--", "/dev/null", rel], check=False)[1]
        parts.append(decode(out))
    return "".join(parts)


def file_at(repo: GitRepo, rev: str, path: str) -> bytes:
    """The content of ``path`` at commit ``rev`` (GitError when it is not there)."""
    rel = repo.rel(path)
    status, out, _ = repo.run(["cat-file", "blob", f"{rev}:{rel}"], check=False)
    if status != 0:
        raise GitError(f"{rel} does not exist in commit {rev[:7]}", rel)
    return out


def resolve_commit(repo: GitRepo, rev: str) -> str | None:
    """The full hash of the commit ``rev`` names (a hash, a branch, ``HEAD~2``...), or None
    when there is none."""
    status, out, _ = repo.run(
        ["rev-parse", "-q", "--verify", "--end-of-options", f"{rev}^{{commit}}"], check=False
    )
    return decode(out).strip() if status == 0 else None


def head_contents(
    repo: GitRepo, paths: Sequence[str], rev: str = "HEAD"
) -> dict[str, bytes | None]:
    """The content of each of ``paths`` at ``rev`` (None when not there): two git runs in all."""
    rels = repo.rels(paths)
    result: dict[str, bytes | None] = dict.fromkeys(rels)
    if not rels or repo.head() is None:
        return result
    tree = repo.run(["ls-tree", "-r", "-z", "--full-tree", rev, "--", *literal(rels)])[1]
    ids: dict[str, str] = {}
    for entry in tree.split(b"\0"):
        meta, _, name = entry.partition(b"\t")
        if name:
            ids[decode_path(name)] = decode(meta.split()[-1])
    wanted = sorted(set(ids.values()))
    if not wanted:
        return result
    out = repo.run(["cat-file", "--batch"], stdin="".join(o + "\n" for o in wanted).encode())[1]
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        header_end = out.index(b"\n", pos)
        oid, kind, size = out[pos:header_end].decode("ascii").split()
        start = header_end + 1
        blobs[oid] = out[start : start + int(size)]
        pos = start + int(size) + 1
    for rel, oid in ids.items():
        result[rel] = blobs.get(oid)
    return result


def changed_since(repo: GitRepo, ref: str | None = None) -> set[str]:
    """Repository-relative paths changed between ``ref`` and the work tree: committed since,
    staged, unstaged and untracked. ``ref`` None: the upstream, else HEAD; on a detached HEAD
    without an upstream (how CI checks out a commit) GitError asking for the base instead,
    since HEAD would find nothing changed."""
    if ref is None:
        status, out, _ = repo.run(
            ["rev-parse", "-q", "--verify", "--end-of-options", "@{upstream}"], check=False
        )
        ref = decode(out).strip() if status == 0 else "HEAD"
        if status != 0 and repo.run(["symbolic-ref", "-q", "HEAD"], check=False)[0] != 0:
            raise GitError(
                "HEAD is detached and has no upstream, so nothing would count as changed: "
                "name the base, e.g. --changed=origin/main (in a shallow clone fetch it "
                "first: git fetch --depth=1 origin main)"
            )
    if repo.head() is None:
        return set(repo.status())
    status, out, err = repo.run(
        ["diff", "--name-only", "-z", "--no-renames", ref, "--"], check=False
    )
    if status != 0:
        raise GitError(f"cannot compare with {ref}: {err.strip() or 'unknown revision'}")
    paths = {decode_path(p) for p in out.split(b"\0") if p}
    return paths | {p for p, xy in repo.status().items() if xy == "??"}


def commit_paths(repo: GitRepo, sha: str) -> list[str]:
    """The files commit ``sha`` changed (added, modified or deleted; renames as both names)."""
    out = repo.run(
        ["diff-tree", "--root", "--no-commit-id", "--name-only", "-r", "-z", "--no-renames", sha]
    )[1]
    return [decode_path(p) for p in out.split(b"\0") if p]


def undo_last(
    repo: GitRepo, foreign: Callable[[list[str]], Sequence[str]] | None = None
) -> CommitResult:
    """Take back the last commit when postedit made it and it is not pushed.

    Its changes come back as uncommitted edits, files untouched on disk; whatever else is
    staged stays staged. GitError with the reason otherwise. The caller records the undone
    changes as postedit's own pending edits (the session does). ``foreign(paths)``: those of
    the commit's files holding uncommitted changes postedit did not make; any refuses the
    undo, which would record them as postedit's (and a commit would then take them).
    """
    state = repo.state()
    why = state.commit_refusal
    if why is not None:
        raise GitError(f"cannot undo: {why}")
    head = state.head or repo.head()
    if head is None:
        raise GitError("nothing to undo: the repository has no commits yet")
    subject = repo.out("log", "-1", "--format=%s", head).strip()
    label = f"{head[:7]} {subject}"
    if not _commit.is_postedit_commit(repo, head):
        raise GitError(
            f"cannot undo: the last commit ({label}) was not made by postedit; "
            "postedit only takes back its own commits"
        )
    pushed = repo.out(
        "for-each-ref", "--contains", head, "--format=%(refname:short)", "refs/remotes"
    ).split()
    if pushed:
        raise GitError(
            f"cannot undo: the last commit ({label}) is already pushed ({', '.join(pushed)}); "
            "undoing it would rewrite shared history, make a new edit instead"
        )
    parents = repo.out("rev-list", "--parents", "-n", "1", head).split()[1:]
    if not parents:
        raise GitError("cannot undo the first commit of the repository")
    paths = commit_paths(repo, head)
    staged = repo.run(
        ["diff", "--cached", "--name-only", "-z", "--no-renames", head, "--", *literal(paths)]
    )[1]
    staged_paths = [decode_path(p) for p in staged.split(b"\0") if p]
    if staged_paths:
        raise GitError(
            "cannot undo: you staged other changes to "
            + ", ".join(staged_paths)
            + " since that commit; unstage them first (git restore --staged PATH)"
        )
    others = list(foreign(paths)) if foreign is not None else []
    if others:
        raise GitError(
            "cannot undo: "
            + ", ".join(others)
            + f" {'has' if len(others) == 1 else 'have'} uncommitted changes that postedit did"
            " not make since that commit; undoing it would count them as postedit's edits:"
            " commit or stash them first (git commit / git stash), or revert them"
        )
    _commit.unrecord(repo, head)
    repo.run(["reset", "-q", "--soft", "HEAD~1"])
    repo.run(["reset", "-q", "HEAD", "--", *literal(paths)])
    return CommitResult(sha=head, summary=subject, paths=tuple(paths))
