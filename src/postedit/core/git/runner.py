"""Finding the repository and running git in it (through GitPython), with readable errors.

Every git command runs through GitPython's ``Git.execute``: git itself, with ``cwd`` set to
the work tree and the process's environment (so ``GIT_DIR``, ``GIT_WORK_TREE``, hooks,
``core.hooksPath``, credentials and ssh-agent behave exactly as with ``git`` on the command
line). Paths given to git are repository-relative and prefixed with the ``:(literal)``
pathspec magic, so ``[``, ``*`` or ``?`` in a file name are never globs; paths read back come
from ``-z`` output, decoded as Python decodes file names (``decode_path``) so any file name git
accepts (bytes that are not UTF-8 included) survives the round trip, whatever the locale.

A GitRepo is not thread-safe (neither is GitPython): keep one per worker group and never use
it from two threads at once.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import git as gitpython
from git.exc import GitCommandError, GitCommandNotFound

from postedit.core.errors import GitError
from postedit.core.git.discover import Location, locate, not_a_repository, start_folder
from postedit.core.git.state import RepoState

__all__ = ["GitRepo", "decode", "decode_path", "literal", "plain_error"]


def decode(data: bytes | str) -> str:
    """Text from git's output (bytes that are not UTF-8 kept as surrogates, as os.fsdecode)."""
    return data if isinstance(data, str) else data.decode("utf-8", "surrogateescape")


def decode_path(data: bytes) -> str:
    """A file name git printed, as ``os.listdir`` gives it and ``subprocess`` hands it back
    (``os.fsdecode``). Under a locale that is not UTF-8 (``LANG=fr_FR.ISO-8859-1``) Python
    decodes file names in its charset: read as UTF-8, ``Chef·fe.md`` from git was another
    name than the one on disk, and an edit of it was "not changed" and never committed."""
    return os.fsdecode(data)


def literal(paths: Iterable[str]) -> list[str]:
    """Pathspecs that match exactly these paths (no globbing of ``[*?``)."""
    return [f":(literal){p}" for p in paths]


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"[\r\n]+", text) if line.strip()]


def plain_error(args: Sequence[str], err: str) -> str:
    """A git failure as one readable line (ownership and index.lock explained)."""
    cmd = next((a for a in args if not a.startswith("-") and "=" not in a), "git")
    if "dubious ownership" in err:
        return (
            "git refuses this repository because it belongs to another user "
            "(see git config --global --add safe.directory PATH)"
        )
    if "index.lock" in err:
        return (
            "another git process seems to be running in this repository "
            "(.git/index.lock exists); wait for it, or remove that file if it is stale"
        )
    detail = "; ".join(_lines(err)[-3:]) or "no output"
    return f"git {cmd} failed: {detail}"


class GitRepo:
    """A git repository as git sees it from a folder (``GIT_DIR``/``GIT_WORK_TREE`` honoured)."""

    def __init__(self, root: Path, git_dir: Path, common_dir: Path, bare: bool) -> None:
        self.root = root
        """The top of the work tree (the git dir for a bare repository)."""
        self.git_dir = git_dir
        """This work tree's git dir (``.git/worktrees/NAME`` for a linked worktree)."""
        self.common_dir = common_dir
        """The git dir shared by all work trees (objects, refs, config)."""
        self.bare = bare
        """A bare repository (no work tree)."""
        self._git = gitpython.Git(str(root))

    @classmethod
    def open(cls, path: Path, where: Location | None = None) -> GitRepo:
        """Open the repository around ``path`` (``where``: git already said where it is);
        GitError when there is none."""
        start = start_folder(path)
        if not start.is_dir():
            raise GitError(f"{path}: no such folder")
        where = where or locate(start)
        if where is None:
            raise not_a_repository(start)
        return cls(where.root, where.git_dir, where.common_dir, where.bare)

    @classmethod
    def init(cls, path: Path) -> GitRepo:
        """``git init`` ``path`` (created when missing) and open it."""
        Path(path).mkdir(parents=True, exist_ok=True)
        try:
            gitpython.Git(str(path)).execute(["git", "init", "-q"])
        except GitCommandError as exc:
            raise GitError(f"git init failed: {decode(exc.stderr).strip()}") from None
        return cls.open(Path(path))

    def close(self) -> None:
        """Release GitPython's resources (its long-running cat-file processes)."""
        self._git.clear_cache()

    def __enter__(self) -> GitRepo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"GitRepo({str(self.root)!r})"

    # -- running git ----------------------------------------------------------------------------

    def run(
        self,
        args: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        check: bool = True,
        stdin: bytes | None = None,
    ) -> tuple[int, bytes, str]:
        """Run ``git ARGS`` in the work tree: (status, stdout bytes, stderr text).

        GitError (one readable line) when git fails and ``check``, or cannot be started.
        ``stdin``: bytes fed to git's standard input.
        """
        with contextlib.ExitStack() as stack:
            istream = None
            if stdin is not None:
                istream = stack.enter_context(tempfile.TemporaryFile())
                istream.write(stdin)
                istream.seek(0)
            try:
                status, out, err = self._git.execute(
                    ["git", *args],
                    with_extended_output=True,
                    with_exceptions=False,
                    stdout_as_string=False,
                    strip_newline_in_stdout=False,
                    istream=istream,
                    env=dict(env) if env else None,
                )
            except (GitCommandError, GitCommandNotFound) as exc:  # git missing, cannot start
                raise GitError(f"cannot run git: {exc}") from None
        out_b = out if isinstance(out, bytes) else (out or "").encode()
        err_s = decode(err or "")
        if check and status != 0:
            raise GitError(plain_error(args, err_s))
        return status, out_b, err_s

    def start(self, args: Sequence[str], env: Mapping[str, str] | None = None) -> Any:
        """Start ``git ARGS`` without waiting: GitPython's process wrapper (``.proc`` is the
        ``subprocess.Popen``), for commands whose progress is shown as it comes."""
        try:
            return self._git.execute(["git", *args], as_process=True, env=dict(env or {}))
        except (GitCommandError, GitCommandNotFound) as exc:
            raise GitError(f"cannot run git: {exc}") from None

    def out(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        """The standard output of ``git ARGS`` as text (GitError on failure)."""
        return decode(self.run(args, env=env)[1])

    def rel(self, path: str | os.PathLike[str]) -> str:
        """A path (repository-relative, or absolute inside the work tree) as ``a/b.md``."""
        p = Path(path)
        if p.is_absolute():
            try:
                p = p.relative_to(self.root)
            except ValueError:
                try:
                    p = p.parent.resolve().joinpath(p.name).relative_to(self.root)
                except ValueError:
                    raise GitError(f"{path}: not inside the repository {self.root}") from None
        rel = p.as_posix()
        if rel in ("", ".") or rel.startswith("../") or rel == "..":
            raise GitError(f"{path}: not a file inside the repository {self.root}")
        return rel.removeprefix("./")

    def rels(self, paths: Iterable[str | os.PathLike[str]]) -> list[str]:
        """:meth:`rel` of each path, each once, in order."""
        return list(dict.fromkeys(self.rel(p) for p in paths))

    def head(self) -> str | None:
        """HEAD's commit id, or None before the first commit."""
        status, out, _ = self.run(["rev-parse", "-q", "--verify", "HEAD^{commit}"], check=False)
        return decode(out).strip() if status == 0 else None

    def require_worktree(self, action: str) -> None:
        """GitError when the repository has no work tree (bare)."""
        if self.bare:
            raise GitError(f"cannot {action}: the repository is bare (it has no work tree)")

    # -- state ----------------------------------------------------------------------------------

    def operation(self) -> str | None:
        """The merge, rebase... under way in this work tree, or None."""
        d = self.git_dir
        if (d / "rebase-merge").is_dir():
            return "rebase"
        if (d / "rebase-apply").is_dir():
            return "am" if (d / "rebase-apply" / "applying").exists() else "rebase"
        for name, op in (
            ("MERGE_HEAD", "merge"),
            ("CHERRY_PICK_HEAD", "cherry-pick"),
            ("REVERT_HEAD", "revert"),
            ("BISECT_LOG", "bisect"),
        ):
            if (d / name).exists():
                return op
        return None

    def read_only(self) -> bool:
        """The git dir, the objects or the work tree cannot be written by us."""
        dirs = [self.git_dir, self.common_dir / "objects"]
        if not self.bare:
            dirs.append(self.root)
        return not all(os.access(d, os.W_OK) for d in dirs)

    def state(self) -> RepoState:
        """Branch, upstream, ahead/behind, operation in progress, bare/read-only."""
        if self.bare:
            status, out, _ = self.run(["symbolic-ref", "-q", "--short", "HEAD"], check=False)
            return RepoState(
                branch=decode(out).strip() or None if status == 0 else None,
                bare=True,
                read_only=self.read_only(),
                head=self.head(),
            )
        out = self.run(
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
                key, _, value = decode(entry[9:]).partition(" ")
                info[key] = value
        ahead = behind = 0
        m = re.fullmatch(r"\+(\d+) -(\d+)", info.get("ab", ""))
        if m:
            ahead, behind = int(m.group(1)), int(m.group(2))
        head = info.get("head")
        oid = info.get("oid")
        return RepoState(
            branch=None if head in (None, "(detached)") else head,
            upstream=info.get("upstream"),
            ahead=ahead,
            behind=behind,
            operation=self.operation(),
            read_only=self.read_only(),
            head=None if oid in (None, "(initial)") else oid,
            upstream_gone="upstream" in info and "ab" not in info,
        )

    def status(self, paths: Sequence[str] | None = None) -> dict[str, str]:
        """Relative path -> two-letter porcelain status (``" M"``, ``"??"``...), from one
        ``git status`` (limited to ``paths``); unchanged files are not listed.

        Untracked files are listed one by one (``??``); renames appear as a deletion and an
        addition; ignored files are not listed.
        """
        args = ["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all"]
        if paths is not None:
            if not paths:
                return {}
            args += ["--", *literal(paths)]
        out = self.run(args, env={"GIT_OPTIONAL_LOCKS": "0"})[1]
        result: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if len(entry) > 3:
                result[decode_path(entry[3:])] = decode(entry[:2])
        return result

    def hidden(self, paths: Sequence[str]) -> set[str]:
        """Those of ``paths`` whose changes git status does not show: marked assume-unchanged
        (``git update-index --assume-unchanged``) or skip-worktree (sparse checkouts)."""
        if not paths:
            return set()
        out = self.run(["ls-files", "-v", "-z", "--", *literal(paths)])[1]
        return {
            decode_path(entry[2:])
            for entry in out.split(b"\0")
            if entry[:1].islower() or entry[:1] == b"S"
        }

    def ignored(self, paths: Sequence[str]) -> list[str]:
        """Those of ``paths`` that .gitignore (or info/exclude) ignores (tracked files never
        are). GitError in git's words when git refuses a path: one inside a submodule."""
        if not paths:
            return []
        names = b"".join(os.fsencode(p) + b"\0" for p in paths)
        status, out, err = self.run(["check-ignore", "-z", "--stdin"], check=False, stdin=names)
        if status == 128:  # "fatal: Pathspec 'x/a.md' is in submodule 'x'"
            said = _lines(err)[-1:] or ["no output"]
            raise GitError(said[0].removeprefix("fatal: ").strip())
        return [decode_path(p) for p in out.split(b"\0") if p] if status == 0 else []
