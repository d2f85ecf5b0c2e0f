"""The only module that imports git: state, status, commit, log, diff, undo, pull, push.

Every git command runs through GitPython's ``Git.execute`` (git itself, with ``cwd`` set to the
work tree), so hooks, ``core.hooksPath``, credentials and ssh-agent behave exactly as with
``git`` on the command line. Paths given to git are repository-relative and prefixed with the
``:(literal)`` pathspec magic, so ``[``, ``*`` or ``?`` in a file name are never globs; paths
read back from git always come from ``-z`` output, so quoted or non-ASCII names never leak.

A GitRepo is not thread-safe (neither is GitPython): keep one per worker group (the TUI's
``group="git"`` workers) and never share it between threads running at the same time.

How a commit keeps the user's own work intact: see :meth:`GitRepo.commit` and docs/git.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from postedit.core import gitfast
from postedit.core.errors import GitError
from postedit.core.gitfast import (
    LEDGER,
    RECORD,
    CommitRefusedError,
    CommitResult,
    NothingToCommitError,
    RepoState,
    identity_help,
    plural,
)
from postedit.core.posting import Posting
from postedit.core.store import write_posting

__all__ = [
    "LEDGER",
    "RECORD",
    "CommitRefusedError",
    "CommitResult",
    "DivergedError",
    "GitRepo",
    "LogEntry",
    "NoUpstreamError",
    "NothingToCommitError",
    "Progress",
    "PullConflictError",
    "PullResult",
    "PushRejectedError",
    "PushResult",
    "RepoState",
    "identity_help",
    "plural",
]

Progress = Callable[[str], None]
"""Called with each progress line git prints (``Receiving objects:  42% (21/50)``)."""


class NoUpstreamError(GitError):
    """The branch has no upstream (or the repository no remote): nothing to pull from or push to."""


class DivergedError(GitError):
    """A fast-forward pull is impossible: both sides have new commits (offer pull --rebase)."""


class PushRejectedError(GitError):
    """The upstream has commits we lack: the push was refused (offer to pull first)."""


class PullConflictError(GitError):
    """The pull would overwrite pending edits; nothing changed."""

    def __init__(self, message: str, paths: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.paths = tuple(paths)
        """The pending edits that conflict with what the pull brings."""


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


@dataclass(frozen=True, slots=True)
class PullResult:
    """What a pull brought."""

    before: str | None
    """HEAD before the pull."""
    after: str | None
    """HEAD after the pull."""
    paths: tuple[str, ...] = ()
    """Files the pull changed (the postings to reload)."""
    output: str = ""
    """What git printed."""

    @property
    def updated(self) -> bool:
        """True when the pull changed HEAD."""
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class PushResult:
    """What a push sent."""

    pushed: int
    """Number of commits sent (0: nothing to push)."""
    upstream: str
    """Where to (``origin/main``)."""
    output: str = ""
    """What git printed."""
    created: bool = False
    """The push created the branch on the remote (it was never pushed, or was deleted there);
    ``pushed`` may then be 0 when the remote already had all its commits elsewhere."""


def _literal(paths: Iterable[str]) -> list[str]:
    """Pathspecs that match exactly these paths (no globbing of ``[*?``)."""
    return [f":(literal){p}" for p in paths]


def _decode(data: bytes | str) -> str:
    return data if isinstance(data, str) else data.decode("utf-8", "surrogateescape")


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"[\r\n]+", text) if line.strip()]


class GitRepo:
    """A git work tree (opened around any path inside it). One per worker group: not thread-safe."""

    root: Path
    """The top of the work tree (the git dir for a bare repository)."""

    def __init__(self, repo: git.Repo) -> None:
        self._repo = repo
        self.bare = bool(repo.bare)
        """A bare repository."""
        self.root = Path(repo.git_dir if self.bare else str(repo.working_tree_dir)).resolve()
        self.git_dir = Path(repo.git_dir).resolve()
        """This work tree's git dir (``.git/worktrees/NAME`` for a linked worktree)."""
        self.common_dir = Path(repo.common_dir).resolve()
        """The git dir shared by all work trees (objects, refs, config)."""
        self._fast = gitfast.GitDir(self.root, self.git_dir, self.common_dir, self.bare)

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> GitRepo:
        """Open the repository containing ``path``; GitError when there is none."""
        start = gitfast.start_folder(path)
        try:
            repo = git.Repo(start, search_parent_directories=True)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise gitfast.not_a_repository(start) from None
        except (GitCommandError, OSError) as exc:
            raise GitError(f"cannot open the repository around {start}: {exc}") from None
        return cls(repo)

    @classmethod
    def init(cls, path: Path) -> GitRepo:
        """``git init`` ``path`` (created when missing) and open it."""
        Path(path).mkdir(parents=True, exist_ok=True)
        try:
            repo = git.Repo.init(Path(path).resolve())
        except GitCommandError as exc:
            raise GitError(f"git init failed: {_decode(exc.stderr).strip()}") from None
        return cls(repo)

    def close(self) -> None:
        """Release GitPython's resources."""
        self._repo.close()

    def __enter__(self) -> GitRepo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running git ----------------------------------------------------------------------------

    def _run(
        self,
        args: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        check: bool = True,
    ) -> tuple[int, bytes, str]:
        """Run ``git ARGS`` in the work tree; returns (status, stdout bytes, stderr text)."""
        try:
            status, out, err = self._repo.git.execute(
                ["git", *args],
                with_extended_output=True,
                with_exceptions=False,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
                env=env,
            )
        except GitCommandError as exc:  # git not found, cannot start
            raise GitError(f"cannot run git: {exc}") from None
        out_b = out if isinstance(out, bytes) else (out or "").encode()
        err_s = _decode(err or "")
        if check and status != 0:
            raise GitError(self._plain_error(args, err_s))
        return status, out_b, err_s

    def _out(self, *args: str, env: dict[str, str] | None = None) -> str:
        return _decode(self._run(args, env=env)[1])

    @staticmethod
    def _plain_error(args: Sequence[str], err: str) -> str:
        return gitfast.plain_error(args, err)

    def _status(self, paths: Sequence[str] | None = None, ignored: bool = False) -> dict[str, str]:
        """Relative path -> XY from one ``git status --porcelain=v1 -z`` (limited to ``paths``)."""
        args = ["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all"]
        if ignored:
            args.append("--ignored=matching")
        if paths is not None:
            if not paths:
                return {}
            args += ["--", *_literal(paths)]
        out = self._run(args, env={"GIT_OPTIONAL_LOCKS": "0"})[1]
        result: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if len(entry) > 3:
                result[_decode(entry[3:])] = _decode(entry[:2])
        return result

    def _rel(self, path: str | os.PathLike[str]) -> str:
        """A path (repository-relative, or absolute inside the work tree) as ``a/b.md``."""
        p = Path(path)
        if p.is_absolute():
            try:
                p = p.relative_to(self.root)
            except ValueError:
                try:
                    p = p.resolve().relative_to(self.root)
                except ValueError:
                    raise GitError(f"{path}: not inside the repository {self.root}") from None
        rel = p.as_posix()
        if rel in ("", ".") or rel.startswith("../") or rel == "..":
            raise GitError(f"{path}: not a file inside the repository {self.root}")
        return rel.removeprefix("./")

    def _rels(self, paths: Iterable[str | os.PathLike[str]]) -> list[str]:
        return list(dict.fromkeys(self._rel(p) for p in paths))

    def _head(self) -> str | None:
        status, out, _ = self._run(["rev-parse", "-q", "--verify", "HEAD^{commit}"], check=False)
        return _decode(out).strip() if status == 0 else None

    # -- state ----------------------------------------------------------------------------------

    def _operation(self) -> str | None:
        return self._fast.operation()

    def _read_only(self) -> bool:
        return self._fast.read_only()

    def state(self) -> RepoState:
        """Branch, upstream, ahead/behind, operation in progress, bare/read-only."""
        if self.bare:
            status, out, _ = self._run(["symbolic-ref", "-q", "--short", "HEAD"], check=False)
            return RepoState(
                branch=_decode(out).strip() or None if status == 0 else None,
                bare=True,
                read_only=self._read_only(),
                head=self._head(),
            )
        out = self._run(
            [
                "status",
                "--porcelain=v2",
                "--branch",
                "-z",
                "--untracked-files=no",
                "--ignore-submodules=all",
            ],
            env={"GIT_OPTIONAL_LOCKS": "0"},
        )[1]
        info: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if entry.startswith(b"# branch."):
                key, _, value = _decode(entry[9:]).partition(" ")
                info[key] = value
        ahead = behind = 0
        if "ab" in info:
            m = re.fullmatch(r"\+(\d+) -(\d+)", info["ab"])
            if m:
                ahead, behind = int(m.group(1)), int(m.group(2))
        head = info.get("head")
        oid = info.get("oid")
        return RepoState(
            branch=None if head in (None, "(detached)") else head,
            upstream=info.get("upstream"),
            ahead=ahead,
            behind=behind,
            operation=self._operation(),
            read_only=self._read_only(),
            head=None if oid in (None, "(initial)") else oid,
            upstream_gone="upstream" in info and "ab" not in info,
        )

    def changed_paths(self) -> dict[str, str]:
        """Relative path -> two-letter porcelain status, from one ``git status``.

        Untracked files are listed one by one (``??``); renames appear as a deletion and an
        addition. Ignored files are not listed.
        """
        return self._status()

    # -- identity -------------------------------------------------------------------------------

    def identity(self) -> tuple[str, str] | None:
        """The (name, email) commits will carry, from the git config or environment; None if unset.

        Unlike git, postedit does not guess an identity from the host name: a commit signed
        ``root@server`` on a shared server is worse than a clear question.
        """
        return self._fast.identity()

    def require_identity(self) -> tuple[str, str]:
        """The identity commits will carry; GitError saying how to set it when missing."""
        ident = self.identity()
        if ident is None:
            raise GitError(identity_help())
        return ident

    def save_identity(self, name: str, email: str) -> None:
        """Save user.name and user.email in this repository's config (what the TUI offers)."""
        name, email = name.strip(), email.strip()
        if not name or not email:
            raise GitError("both a name and an email are needed")
        if any(c in name + email for c in "<>\n") or "@" not in email:
            raise GitError(f"not a usable identity: {name} <{email}>")
        self._run(["config", "--local", "user.name", name])
        self._run(["config", "--local", "user.email", email])

    # -- committing -----------------------------------------------------------------------------

    def commit(self, paths: Sequence[str | os.PathLike[str]], message: str) -> CommitResult:
        """Commit exactly ``paths`` (written or deleted by postedit), running the hooks.

        Runs ``git commit -m MESSAGE -- PATHS`` (git's ``--only`` mode): git builds a
        temporary index from HEAD plus these paths as they are on disk, runs pre-commit,
        prepare-commit-msg, commit-msg and post-commit on it (``core.hooksPath`` honoured),
        commits it, then updates only these paths in the real index. Whatever else the user
        had staged stays staged, and unstaged changes stay unstaged. When nothing else is
        staged, ``--include`` makes the same commit from the real index (cheaper: no second
        index). New files are first added with ``git add --intent-to-add`` (taken back when
        the commit fails). See :meth:`postedit.core.gitfast.GitDir.commit`.

        A path the user had partially staged is committed whole, as it is on disk (postedit
        edits the file as found, so the commit holds the file postedit wrote); such paths are
        listed in ``CommitResult.included_staged``.

        Raises NothingToCommitError when no path differs from HEAD, CommitRefusedError with
        the hooks' output when git refuses (nothing committed, the files stay on disk), and
        GitError when committing is refused (merge in progress, detached HEAD, no identity...).
        """
        refusal = self._fast.refusal()
        if refusal is not None:
            raise GitError(f"cannot commit: {refusal}")
        return self._fast.commit(self._rels(paths), message)

    def _commit_error(self, output: str) -> GitError:
        return gitfast.commit_error(output)

    def _commit_paths(self, sha: str) -> list[str]:
        out = self._run(
            [
                "diff-tree",
                "--root",
                "--no-commit-id",
                "--name-only",
                "-r",
                "-z",
                "--no-renames",
                sha,
            ]
        )[1]
        return [_decode(p) for p in out.split(b"\0") if p]

    def _commit_info(self, rev: str) -> tuple[str, str, str]:
        """(full hash, subject, identity) of commit ``rev``, from one ``git log``."""
        out = self._out(
            "log", "-1", "--date=raw", "--format=%H%x00%s%x00%an <%ae>%x00%ad%x00%B", rev, "--"
        )
        sha, subject, author, date, body = (out.split("\0", 4) + ["", "", "", ""])[:5]
        return sha.strip(), subject, gitfast.ident_hash(author, date, body)

    def commit_identity(self, sha: str) -> str:
        """What survives a rebase of commit ``sha``: a hash of its author, author date and message.

        ``pull --rebase`` gives postedit's unpushed commits new hashes, but git keeps their
        author, author date and message, so undo still recognises them.
        """
        return self._commit_info(sha)[2]

    def _record_file(self) -> Path:
        return self.common_dir / RECORD

    def _record(self, sha: str, ident: str) -> None:
        """Remember that postedit made commit ``sha`` (undo only takes back its own commits)."""
        self._fast.record(sha, ident)

    def _recorded(self) -> list[tuple[str, str]]:
        """(hash, identity) of each recorded commit (identity empty in old records)."""
        try:
            lines = self._record_file().read_text(encoding="ascii").splitlines()
        except (OSError, ValueError):
            return []
        out = []
        for line in lines:
            parts = line.split()
            if parts:
                out.append((parts[0], parts[1] if len(parts) > 1 else ""))
        return out

    def is_postedit_commit(self, sha: str) -> bool:
        """True when postedit made commit ``sha`` here (also after a rebase changed its hash)."""
        recorded = self._recorded()
        if any(s == sha for s, _ in recorded):
            return True
        idents = {i for _, i in recorded if i}
        return bool(idents) and self.commit_identity(sha) in idents

    # -- postedit's own pending edits (the ledger) ------------------------------------------------

    def _ledger_file(self) -> Path:
        return self.git_dir / LEDGER

    def _ledger(self) -> dict[str, str | None]:
        return gitfast.read_ledger(self.git_dir)

    def _save_ledger(self, ledger: Mapping[str, str | None]) -> None:
        gitfast.save_ledger(self.git_dir, ledger)

    def _blob_id(self, data: bytes | None) -> str | None:
        """The id git gives ``data`` as a blob (None for None: no file)."""
        return self._fast.blob_id(data)

    def _disk_id(self, rel: str) -> str | None:
        """Blob id of the file on disk (None: no file; ``"unreadable"``)."""
        return self._fast.disk_id(rel)

    def _head_ids(self, rels: Sequence[str], rev: str | None = None) -> dict[str, str]:
        """Blob id of each of ``rels`` in ``rev`` (HEAD), absent when not there: one ls-tree."""
        if not rels:
            return {}
        status, out, err = self._run(
            ["ls-tree", "-r", "-z", "--full-tree", rev or "HEAD", "--", *_literal(rels)],
            check=False,
        )
        if status != 0:
            if rev is None and self._head() is None:
                return {}  # no commit yet: nothing is in HEAD
            raise GitError(self._plain_error(["ls-tree"], err))
        ids: dict[str, str] = {}
        for entry in out.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            if name:
                ids[_decode(name)] = _decode(meta.split()[-1])
        return ids

    def _require_worktree(self, action: str) -> None:
        if self.bare:
            raise GitError(f"cannot {action}: the repository is bare (it has no work tree)")

    def note_written(self, relpath: str, data: bytes | None, previous: bytes | None) -> None:
        """Record that postedit just wrote ``data`` to ``relpath`` (None: deleted it).

        Call it after each successful write (the CLI and the TUI do). ``previous`` is what
        the file held before the write, as postedit read it (``Posting.raw``; None: no
        file). When it held someone else's uncommitted changes, the write is not claimed as
        postedit's own: the file stays "foreign" and ``set --commit`` keeps refusing it.
        Pure file work, plus one ``git ls-tree`` when ``previous`` is not postedit's own
        last write. For many files at once, use :meth:`note_writes`.
        """
        self.note_writes({relpath: data}, {relpath: previous})

    def note_writes(
        self,
        written: Mapping[str, bytes | None],
        previous: Mapping[str, bytes | None] | None = None,
    ) -> None:
        """:meth:`note_written` for many files at once (one ``git ls-tree`` at most).

        A path missing from ``previous`` is recorded without that check.
        """
        self._require_worktree("record edits")
        if not written:
            return
        rels = {self._rel(p): data for p, data in written.items()}
        before = {self._rel(p): data for p, data in (previous or {}).items()}
        self._fast.note_writes(rels, before)

    def forget(self, relpaths: Iterable[str]) -> None:
        """Drop ``relpaths`` from the ledger (committed, or reverted to HEAD)."""
        self._fast.forget(self._rel(r) for r in relpaths)

    def postedit_pending(self) -> set[str]:
        """Paths whose uncommitted change is exactly what postedit last wrote there.

        Entries now equal to HEAD (committed elsewhere, reverted) are dropped from the ledger.
        Files changed by someone after postedit wrote them are not listed. Two git processes
        (see :meth:`postedit.core.gitfast.GitDir.probe`).
        """
        self._require_worktree("show pending changes")
        rels = sorted(self._ledger())
        if not rels:
            return set()
        return self._fast.pending(self._fast.probe(rels), rels)

    def foreign_changes(self, relpaths: Iterable[str]) -> list[str]:
        """Those of ``relpaths`` holding uncommitted changes postedit did not make.

        A file differs from HEAD (on disk or in the index) and its bytes are not the ones
        postedit last wrote (:meth:`note_written`): committing it would commit someone
        else's work. Two git processes for all the paths (``ls-files`` and ``diff-index``).
        """
        self._require_worktree("check pending changes")
        rels = self._rels(relpaths)
        if not rels:
            return []
        return self._fast.foreign(self._fast.probe(rels), rels)

    # -- reading history ----------------------------------------------------------------------

    def _empty_tree(self) -> str:
        return _decode(
            self._repo.git.execute(
                ["git", "hash-object", "-t", "tree", "/dev/null"], stdout_as_string=True
            )
        ).strip()

    def diff(self, paths: Sequence[str] | None = None, color: bool = False) -> str:
        """Pending diff (work tree vs HEAD) of ``paths`` (all when None), plain text.

        New untracked files show as added (through a throw-away copy of the index, the
        user's index is never touched); deleted files as deleted. ``color`` adds ANSI colours.
        """
        self._require_worktree("show pending changes")
        rels = None if paths is None else self._rels(paths)
        if rels is not None and not rels:
            return ""
        untracked = [p for p, xy in self._status(rels).items() if xy == "??"]
        base = self._head() or self._empty_tree()
        args = [
            "-c",
            "core.quotepath=off",
            "diff",
            "--no-ext-diff",
            "--color=always" if color else "--no-color",
            base,
        ]
        if rels is not None:
            args += ["--", *_literal(rels)]
        if not untracked:
            return _decode(self._run(args)[1])
        tmp = Path(tempfile.mkdtemp(prefix="postedit-index-"))
        try:
            index = tmp / "index"
            real = self.git_dir / "index"
            if real.exists():
                shutil.copyfile(real, index)
            env = {"GIT_INDEX_FILE": str(index)}
            self._run(["add", "--intent-to-add", "--", *_literal(untracked)], env=env)
            return _decode(self._run(args, env=env)[1])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def log(self, path: str) -> list[LogEntry]:
        """Commits that touched ``path``, newest first, following renames."""
        rel = self._rel(path)
        if self._head() is None:
            return []
        out = self._run(
            [
                "log",
                "--follow",
                "-M",
                "-z",
                "--name-status",
                "--format=%H%x00%aI%x00%an%x00%s",
                "--",
                *_literal([rel]),
            ]
        )[1]
        tokens = [_decode(t) for t in out.split(b"\0")]
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
                    old, path_here = tokens[i + 1], tokens[i + 2]
                    i += 3
                else:
                    path_here = tokens[i + 1] if i + 1 < len(tokens) else current
                    i += 2
            entries.append(LogEntry(sha, date, author, subject, path_here, status, old))
            current = old if status == "R" and old else path_here
        return entries

    def show(self, sha: str, path: str, color: bool = False, old_path: str | None = None) -> str:
        """The diff of ``path`` in commit ``sha`` (give ``old_path`` for a rename)."""
        rels = [self._rel(path)] + ([self._rel(old_path)] if old_path else [])
        return _decode(
            self._run(
                [
                    "-c",
                    "core.quotepath=off",
                    "show",
                    "--no-ext-diff",
                    "-M",
                    "--format=",
                    "--color=always" if color else "--no-color",
                    sha,
                    "--",
                    *_literal(rels),
                ]
            )[1]
        )

    def file_at(self, sha: str, path: str) -> bytes:
        """The content of ``path`` at commit ``sha``."""
        rel = self._rel(path)
        status, out, _ = self._run(["cat-file", "blob", f"{sha}:{rel}"], check=False)
        if status != 0:
            raise GitError(f"{rel} does not exist in commit {sha[:7]}", rel)
        return out

    def head_bytes(self, path: str) -> bytes | None:
        """The content of ``path`` at HEAD (None when untracked): what revert restores."""
        rel = self._rel(path)
        status, out, _ = self._run(["cat-file", "blob", f"HEAD:{rel}"], check=False)
        return out if status == 0 else None

    def head_contents(self, paths: Sequence[str]) -> dict[str, bytes | None]:
        """The content of each of ``paths`` at HEAD (None when not there): two git runs in all."""
        rels = self._rels(paths)
        ids = self._head_ids(rels)
        result: dict[str, bytes | None] = dict.fromkeys(rels)
        wanted = sorted(set(ids.values()))
        if not wanted:
            return result
        with tempfile.TemporaryFile() as fh:
            fh.write("".join(oid + "\n" for oid in wanted).encode("ascii"))
            fh.seek(0)
            try:
                out = self._repo.git.execute(
                    ["git", "cat-file", "--batch"],
                    istream=fh,
                    stdout_as_string=False,
                    strip_newline_in_stdout=False,
                )
            except GitCommandError as exc:
                raise GitError(f"git cat-file failed: {_decode(exc.stderr).strip()}") from None
        data = out if isinstance(out, bytes) else str(out).encode()
        blobs = gitfast.parse_cat_file_batch(data)
        for rel, oid in ids.items():
            result[rel] = blobs.get(oid)
        return result

    def differs_from_head(self, contents: Mapping[str, bytes]) -> list[str]:
        """Paths whose given bytes are not what HEAD holds (one ``git ls-tree``, no per-file run).

        Used to warn that a file already had uncommitted changes before postedit edited it
        (the commit will hold them too). New files count as differing.
        """
        if not contents:
            return []
        rels = {self._rel(p): data for p, data in contents.items()}
        head = self._head()
        ids: dict[str, str] = {}
        if head is not None:
            tree = self._run(["ls-tree", "-r", "-z", "--full-tree", head, "--", *_literal(rels)])[1]
            for entry in tree.split(b"\0"):
                meta, _, name = entry.partition(b"\t")
                if name:
                    ids[_decode(name)] = _decode(meta.split()[-1])
        differ = []
        for rel, data in rels.items():
            oid = ids.get(rel)
            algo = hashlib.sha256 if oid is not None and len(oid) == 64 else hashlib.sha1
            blob = algo(b"blob %d\0" % len(data) + data).hexdigest()
            if oid != blob:
                differ.append(rel)
        return differ

    def restore(self, posting: Posting, sha: str, path_at: str | None = None) -> Posting:
        """Write the version of ``posting`` from commit ``sha`` as a new, pending edit.

        ``path_at`` is the posting's path in that commit when it was renamed since (see
        ``LogEntry.path``). Goes through ``store.write_posting``: refuses (ConflictError) when
        the file changed on disk since ``posting`` was read, and never runs git checkout.
        """
        data = self.file_at(sha, path_at or posting.relpath)
        updated = write_posting(self.root, posting, data)
        if updated is not posting:
            self.note_written(posting.relpath, data, posting.raw if posting.stamp else None)
        return updated

    # -- undo -----------------------------------------------------------------------------------

    def undo_last(self) -> CommitResult:
        """Take back the last commit when postedit made it and it is not pushed.

        Its changes come back as pending (unstaged) edits, files untouched on disk; whatever
        else is staged stays staged. GitError with the reason otherwise.
        """
        state = self.state()
        refusal = state.commit_refusal
        if refusal is not None:
            raise GitError(f"cannot undo: {refusal}")
        head = state.head or self._head()
        if head is None:
            raise GitError("nothing to undo: the repository has no commits yet")
        subject = self._out("log", "-1", "--format=%s", head).strip()
        label = f"{head[:7]} {subject}"
        if not self.is_postedit_commit(head):
            raise GitError(
                f"cannot undo: the last commit ({label}) was not made by postedit; "
                "postedit only takes back its own commits"
            )
        pushed = self._out(
            "for-each-ref", "--contains", head, "--format=%(refname:short)", "refs/remotes"
        ).split()
        if pushed:
            raise GitError(
                f"cannot undo: the last commit ({label}) is already pushed ({', '.join(pushed)}); "
                "undoing it would rewrite shared history, make a new edit instead"
            )
        parents = self._out("rev-list", "--parents", "-n", "1", head).split()[1:]
        if not parents:
            raise GitError("cannot undo the first commit of the repository")
        paths = self._commit_paths(head)
        staged = self._run(
            ["diff", "--cached", "--name-only", "-z", "--no-renames", head, "--", *_literal(paths)]
        )[1]
        staged_paths = [_decode(p) for p in staged.split(b"\0") if p]
        if staged_paths:
            raise GitError(
                "cannot undo: you staged other changes to "
                + ", ".join(staged_paths)
                + " since that commit; unstage them first (git restore --staged PATH)"
            )
        self._run(["reset", "-q", "--soft", "HEAD~1"])
        self._run(["reset", "-q", "HEAD", "--", *_literal(paths)])
        self._unrecord(head)
        # Its changes are postedit's own pending edits again (when still as committed).
        ids = self._head_ids(paths, head)
        ledger = self._ledger()
        for rel in paths:
            if self._disk_id(rel) == ids.get(rel):
                ledger[rel] = ids.get(rel)
        self._save_ledger(ledger)
        return CommitResult(sha=head, summary=subject, paths=tuple(paths))

    def _unrecord(self, sha: str) -> None:
        ident = self.commit_identity(sha)
        kept = [(s, i) for s, i in self._recorded() if s != sha and not (i and i == ident)]
        with contextlib.suppress(OSError):
            self._record_file().write_text(
                "".join(f"{s} {i}".rstrip() + "\n" for s, i in kept), encoding="ascii"
            )

    # -- pull and push --------------------------------------------------------------------------

    def _remote_env(self, interactive: bool) -> dict[str, str]:
        """No password or passphrase prompt unless ``interactive`` (the TUI owns the terminal)."""
        if interactive:
            return {}
        env = {"GIT_TERMINAL_PROMPT": "0"}
        has_ssh_cmd = os.environ.get("GIT_SSH_COMMAND") or os.environ.get("GIT_SSH")
        if not has_ssh_cmd:
            status, _, _ = self._run(["config", "--get", "core.sshCommand"], check=False)
            if status != 0:
                env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
        return env

    def _run_remote(
        self, args: list[str], progress: Progress | None, env: dict[str, str]
    ) -> tuple[int, str, str]:
        """Run a network command, feeding stderr lines to ``progress`` as they come."""
        if progress is None:
            code, out, err = self._run(args, env=env, check=False)
            return code, _decode(out), err
        proc: Any = self._repo.git.execute(["git", *args], as_process=True, env=env)
        popen = proc.proc
        chunks: list[bytes] = []
        reader = threading.Thread(target=lambda: chunks.append(popen.stdout.read()), daemon=True)
        reader.start()
        err_parts: list[str] = []
        buf = b""
        while True:
            block = (
                popen.stderr.read1(4096)
                if hasattr(popen.stderr, "read1")
                else popen.stderr.read(4096)
            )
            if not block:
                break
            buf += block
            *done, buf = re.split(rb"[\r\n]", buf)
            for line in done:
                text = _decode(line).strip()
                if text:
                    err_parts.append(text)
                    progress(text)
        if buf.strip():
            err_parts.append(_decode(buf).strip())
            progress(err_parts[-1])
        code = popen.wait()
        reader.join()
        return code, _decode(b"".join(chunks)), "\n".join(err_parts)

    def _upstream_parts(self, branch: str) -> tuple[str, str]:
        """(remote, ``refs/heads/x`` on the remote) configured for ``branch``."""
        status, out, _ = self._run(
            ["config", "-z", "--get-regexp", rf"^branch\.{re.escape(branch)}\.(remote|merge)$"],
            check=False,
        )
        cfg = {}
        for entry in _decode(out).split("\0"):
            key, _, value = entry.partition("\n")
            if key:
                cfg[key.rsplit(".", 1)[-1]] = value
        if "remote" not in cfg or "merge" not in cfg:
            raise NoUpstreamError(self._no_upstream(branch))
        return cfg["remote"], cfg["merge"]

    def _remote_names(self) -> list[str]:
        return self._out("remote").split()

    def _no_upstream(self, branch: str) -> str:
        remotes = self._remote_names()
        if not remotes:
            return (
                f"the branch {branch} has no upstream and the repository has no remote: "
                "add one with git remote add origin URL, then git push -u origin " + branch
            )
        return (
            f"the branch {branch} has no upstream: push it once with postedit push "
            f"(git push -u {remotes[0]} {branch}), or git branch --set-upstream-to="
            f"{remotes[0]}/{branch} if it already exists there"
        )

    @staticmethod
    def _remote_error(action: str, where: str, output: str) -> GitError:
        low = output.lower()
        detail = "; ".join(_lines(output)[-4:])
        auth = (
            "authentication failed",
            "permission denied",
            "could not read username",
            "could not read password",
            "terminal prompts disabled",
            "http 401",
            "http 403",
            "error: 401",
            "error: 403",
            "invalid username or password",
        )
        network = (
            "could not resolve host",
            "could not resolve hostname",
            "connection refused",
            "connection timed out",
            "network is unreachable",
            "no route to host",
            "connection reset",
            "operation timed out",
            "unable to access",
            "could not read from remote repository",
            "does not appear to be a git repository",
            "failed to connect",
            "connection closed",
        )
        if "host key verification failed" in low or "remote host identification has changed" in low:
            return GitError(
                f"cannot {action}: ssh does not trust the host key of {where}: connect once with "
                f"ssh to check and accept it ({detail})"
            )
        if any(s in low for s in auth):
            return GitError(
                f"cannot {action}: authentication to {where} failed: check that your ssh key is "
                f"loaded (ssh-add -l) or that your git credentials are right ({detail})"
            )
        if any(s in low for s in network):
            return GitError(
                f"cannot {action}: cannot reach {where} (network down, or wrong remote URL?) "
                f"({detail})"
            )
        return GitError(f"cannot {action}: git failed ({detail or 'no output'})")

    @staticmethod
    def _looks_remote(low: str) -> bool:
        return any(s in low for s in ("could not", "unable to access", "permission", "fatal:"))

    def fetch(self, progress: Progress | None = None, interactive: bool = False) -> None:
        """Fetch the upstream's remote (updates ``state().behind``)."""
        state = self.state()
        if state.branch is None or state.upstream is None:
            raise NoUpstreamError(self._no_upstream(state.branch or "HEAD"))
        remote, _ = self._upstream_parts(state.branch)
        code, out, err = self._run_remote(
            ["fetch", "--progress", remote], progress, self._remote_env(interactive)
        )
        if code != 0:
            raise self._remote_error("fetch", remote, out + "\n" + err)

    def pull(
        self, rebase: bool = False, progress: Progress | None = None, interactive: bool = False
    ) -> PullResult:
        """Pull from the upstream: fast-forward only, or rebase local commits when ``rebase``.

        Pending edits are kept; when the pull would overwrite some, nothing changes and the
        GitError names them. A rebase that conflicts is aborted (nothing changes).
        """
        state = self.state()
        refusal = state.commit_refusal
        if refusal is not None:
            raise GitError(f"cannot pull: {refusal}")
        assert state.branch is not None
        if state.upstream is None:
            raise NoUpstreamError(f"cannot pull: {self._no_upstream(state.branch)}")
        remote, _ = self._upstream_parts(state.branch)
        if rebase:
            dirty = [p for p, xy in self._status().items() if xy != "??"]
            if dirty:
                raise GitError(
                    "cannot pull with --rebase while edits are pending ("
                    + ", ".join(dirty[:5])
                    + (", ..." if len(dirty) > 5 else "")
                    + "): commit them first, or pull without --rebase"
                )
        before = state.head
        args = ["-c", "core.quotepath=off", "pull", "--progress", "--no-edit"]
        args += ["--rebase", "--no-autostash"] if rebase else ["--no-rebase", "--ff-only"]
        code, out, err = self._run_remote(args, progress, self._remote_env(interactive))
        text = (out + "\n" + err).strip()
        if code != 0:
            raise self._pull_error(text, state, remote, rebase)
        after = self._head()
        paths: list[str] = []
        if before and after and before != after:
            diff = self._run(["diff", "--name-only", "-z", "--no-renames", before, after])[1]
            paths = [_decode(p) for p in diff.split(b"\0") if p]
        return PullResult(before, after, tuple(paths), text)

    def _pull_error(self, text: str, state: RepoState, remote: str, rebase: bool) -> GitError:
        low = text.lower()
        if "would be overwritten by" in low:
            files = [line.strip() for line in text.splitlines() if line.startswith("\t")]
            return PullConflictError(
                "cannot pull: it would overwrite your pending edits to "
                + (", ".join(files) or "some files")
                + "; nothing was changed: commit them first, then pull again",
                files,
            )
        if "not possible to fast-forward" in low or "diverging branches" in low:
            return DivergedError(
                f"cannot pull: your branch and {state.upstream} have diverged (both have new "
                "commits); pull with --rebase to put your commits on top of theirs "
                "(postedit pull --rebase); nothing was changed"
            )
        if rebase and self._operation() == "rebase":
            self._run(["rebase", "--abort"], check=False)
            return GitError(
                f"cannot pull --rebase: your commits conflict with those of {state.upstream}; "
                "the rebase was aborted and nothing was changed: resolve it by hand with "
                "git pull --rebase"
            )
        if "couldn't find remote ref" in low or "no such ref was fetched" in low:
            return GitError(
                f"cannot pull: {state.upstream} no longer exists on {remote}; "
                f"set another upstream (git branch --set-upstream-to=...)"
            )
        return self._remote_error("pull", remote, text)

    def push(self, progress: Progress | None = None, interactive: bool = False) -> PushResult:
        """Push the current branch to its upstream; never forced.

        Non-fast-forward (the remote has commits we lack): GitError saying to pull first.
        """
        state = self.state()
        if state.bare:
            raise GitError("cannot push: the repository is bare")
        if state.branch is None:
            raise GitError("cannot push: HEAD is detached (not on a branch): switch to a branch")
        if state.operation is not None:
            raise GitError(f"cannot push: {state.commit_refusal}")
        if state.head is None:
            raise GitError("cannot push: there is no commit yet")
        branch = state.branch
        if state.upstream is None:
            # Never pushed: like ``git push -u REMOTE BRANCH`` when the remote is clear.
            remote = self._push_remote(branch)
            merge = f"refs/heads/{branch}"
            args = ["push", "--progress", "-u", remote, f"refs/heads/{branch}:{merge}"]
            where = f"{remote}/{branch}"
            count = self._count_unpushed(remote)
        else:
            remote, merge = self._upstream_parts(branch)
            where = state.upstream
            if state.upstream_gone:
                # Configured but absent on the remote (clone of an empty repository, or
                # the branch was deleted there): push it again.
                count = self._count_unpushed(remote)
            elif state.ahead == 0:
                return PushResult(0, where, "nothing to push: everything is up to date")
            else:
                count = state.ahead
            args = ["push", "--progress", remote, f"HEAD:{merge}"]
        code, out, err = self._run_remote(args, progress, self._remote_env(interactive))
        text = (out + "\n" + err).strip()
        if code != 0:
            low = text.lower()
            if "[rejected]" in low and ("fetch first" in low or "non-fast-forward" in low):
                raise PushRejectedError(
                    f"cannot push: {state.upstream} has commits you do not have yet; "
                    "pull first (postedit pull, or pull --rebase if you both have new "
                    "commits), then push again. Nothing was pushed."
                )
            if "[remote rejected]" in low:
                raise GitError(
                    f"cannot push: {remote} refused the push ({'; '.join(_lines(text)[-4:])})"
                )
            if "pre-push" in low or (
                "failed to push some refs" in low
                and "[rejected]" not in low
                and "->" not in low
                and not self._looks_remote(low)
            ):
                raise GitError(f"cannot push: refused before sending (pre-push hook?):\n{text}")
            raise self._remote_error("push", remote, text)
        return PushResult(count, where, text, created=state.upstream is None or state.upstream_gone)

    def _push_remote(self, branch: str) -> str:
        """Where a never-pushed ``branch`` goes: its push remote, the only remote, or origin."""
        remotes = self._remote_names()
        if not remotes:
            raise NoUpstreamError(
                f"cannot push: the repository has no remote to push {branch} to: add one with "
                "git remote add origin URL, then push again"
            )
        for key in (f"branch.{branch}.pushRemote", "remote.pushDefault", f"branch.{branch}.remote"):
            status, out, _ = self._run(["config", "--get", key], check=False)
            name = _decode(out).strip()
            if status == 0 and name in remotes:
                return name
        if len(remotes) == 1:
            return remotes[0]
        if "origin" in remotes:
            return "origin"
        raise NoUpstreamError(
            f"cannot push: the branch {branch} has no upstream and there are several remotes "
            f"({', '.join(remotes)}): push it once with git push -u REMOTE {branch}"
        )

    def _count_unpushed(self, remote: str) -> int:
        """Commits of HEAD that no remote-tracking branch of ``remote`` has."""
        out = self._out("rev-list", "--count", "HEAD", "--not", f"--remotes={remote}", "--")
        return int(out.strip() or 0)
