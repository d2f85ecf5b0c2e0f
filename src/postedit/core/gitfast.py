"""Committing with few git processes and without GitPython (``postedit set --commit``).

A one-shot command pays for every git process (each reads the whole index: about 1 MB at
10,000 postings) and for GitPython's import (~60 ms). This module runs git through
core/spawn.py (the environment GitRepo's GitPython runner uses: ``LC_ALL=C``, stdin from
/dev/null) and reads what it can from ``.git`` itself. A commit of named paths runs:

1. a *probe*, three git processes run side by side (started before ``set`` imports its
   editing code): ``git ls-files -s`` of the paths (index ids), ``git diff-index --cached
   HEAD`` (what is staged, repository-wide, with HEAD's ids) and ``git config`` (hooks,
   signing...): enough for the ledger's checks and to choose how to commit;
2. the commit: when nothing else is staged and nothing needs ``git commit`` (no hook, no
   signing...: :meth:`GitDir.plumbing_refusal`), git's plumbing in a copy of the index
   (``update-index``, ``write-tree``, ``commit-tree``, then ``update-ref`` under
   ``index.lock``), the same commit as ``git commit --include`` in half the time; else
   ``git commit -- PATHS`` (``--include`` when nothing else is staged), hooks as usual;
3. nothing more: the new HEAD and the commit's author, date and message are read from
   ``.git`` (loose ref and loose object, which a fresh commit always has), with
   ``git rev-parse``/``git log`` as fallbacks for unusual layouts.

New untracked files add ``git status`` (is it ignored?), and before ``git commit``
``git add --intent-to-add``. Git's identity guess from the host name is disabled with
``-c user.useConfigOnly=true`` (postedit never commits as ``root@server``); its refusal is
mapped to :func:`identity_help`.

:class:`postedit.core.repo.GitRepo` commits through here too (one implementation), and its
ledger file helpers live here. See docs/git.md.
"""

from __future__ import annotations

import contextlib
import os
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from postedit.core.errors import GitError
from postedit.core.fsops import CLOEXEC, checkpoint, open_temp
from postedit.core.hashing import sha1_hex, sha256_hex
from postedit.core.record import record
from postedit.core.spawn import Child

__all__ = [
    "LEDGER",
    "RECORD",
    "CommitRefusedError",
    "CommitResult",
    "GitDir",
    "NothingToCommitError",
    "PathState",
    "PendingProbe",
    "Probe",
    "RepoState",
    "commit_error",
    "identity_help",
    "plain_error",
    "plural",
    "run",
]

RECORD = "postedit/commits"
"""File under the common git dir listing the commits postedit made (what undo may take back).

One line per commit: its hash and its identity (see :func:`ident_hash`), so a commit rebased
by ``pull --rebase`` (new hash, same identity) is still recognised."""

LEDGER = "postedit/written.json"
"""File under this work tree's git dir: ``{relpath: blob id of the bytes postedit last wrote}``
(``null``: postedit deleted the file). Tells postedit's own pending edits from the user's."""

_OPERATION_HINTS = {
    "merge": "git merge --continue or git merge --abort",
    "rebase": "git rebase --continue or git rebase --abort",
    "am": "git am --continue or git am --abort",
    "cherry-pick": "git cherry-pick --continue or git cherry-pick --abort",
    "revert": "git revert --continue or git revert --abort",
    "bisect": "git bisect reset",
}

_ZERO = re.compile(r"0+")
_HEX = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_HEX_CHARS = frozenset("0123456789abcdef")
_TEMP_INDEX = "postedit-index-"
"""Prefix of the copies of the index a commit works in (in the git dir, beside the index)."""


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """What changes whenever a file is rewritten (git replaces the index: a new inode)."""
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file`` / ``3 files`` (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def identity_help() -> str:
    """How to tell git who you are (shown when user.name/user.email are missing)."""
    return (
        "git does not know who you are, so the commit cannot be signed. "
        "Set your name and email for this repository:\n"
        '  git config user.name "Your Name"\n'
        "  git config user.email you@example.org\n"
        "(add --global to set them for every repository)"
    )


class NothingToCommitError(GitError):
    """The paths given to commit hold no change against HEAD."""


class CommitRefusedError(GitError):
    """git (usually a hook) refused the commit; nothing was committed, the edits are on disk."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output
        """What git and the hooks printed."""


@record
class RepoState:
    """What the TUI status bar and the commit refusal need to know."""

    branch: str | None
    """Current branch, or None when HEAD is detached."""
    upstream: str | None = None
    """``origin/main`` or None."""
    ahead: int = 0
    """Commits not pushed."""
    behind: int = 0
    """Commits not pulled (as of the last fetch)."""
    operation: str | None = None
    """``merge``, ``rebase``, ``am``, ``cherry-pick``, ``revert``, ``bisect`` under way, or None."""
    bare: bool = False
    """A bare repository (nothing to edit)."""
    read_only: bool = False
    """The work tree or .git cannot be written."""
    head: str | None = None
    """Full hash of HEAD, or None before the first commit."""
    upstream_gone: bool = False
    """An upstream is configured but its remote branch does not exist (not pushed yet, or
    deleted on the remote): ``ahead`` is then 0 although there may be commits to push."""

    @property
    def commit_refusal(self) -> str | None:
        """Why committing is refused now, or None when it is allowed."""
        if self.bare:
            return "the repository is bare: it has no work tree to commit from"
        if self.read_only:
            return "the repository is read-only for you: postedit cannot write its index or objects"
        if self.operation is not None:
            hint = _OPERATION_HINTS.get(self.operation, f"git {self.operation} --abort")
            return f"a {self.operation} is in progress: finish or abort it first ({hint})"
        if self.branch is None:
            return "HEAD is detached (not on a branch): switch to a branch first (git switch NAME)"
        return None


@record
class CommitResult:
    """A commit that was made (or undone)."""

    sha: str
    """Full hash."""
    summary: str
    """First line of the final message (hooks may have changed it)."""
    output: str = ""
    """What the hooks printed."""
    paths: tuple[str, ...] = ()
    """The files the commit changed, repository-relative."""
    included_staged: tuple[str, ...] = ()
    """Committed paths on which the user had staged changes of their own (now committed too)."""


# -- running git ------------------------------------------------------------------------------


def _env(extra: Mapping[str, str] | None) -> dict[str, str]:
    """The environment GitRepo's runner (GitPython) gives git: English messages, as parsed."""
    env = dict(os.environ)
    env["LANGUAGE"] = "C"
    env["LC_ALL"] = "C"
    if extra:
        env.update(extra)
    return env


def decode(data: bytes | str) -> str:
    """Text from git's output (undecodable bytes kept as surrogates)."""
    return data if isinstance(data, str) else data.decode("utf-8", "surrogateescape")


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"[\r\n]+", text) if line.strip()]


def literal(paths: Iterable[str]) -> list[str]:
    """Pathspecs that match exactly these paths (no globbing of ``[*?``)."""
    return [f":(literal){p}" for p in paths]


def _start(
    cwd: Path, args: Sequence[str], env: Mapping[str, str] | None, stdin: bytes | None = None
) -> Child:
    """Start ``git -C CWD ARGS``; GitError when git cannot be run."""
    try:
        return Child(["git", "-C", str(cwd), *args], _env(env), stdin)
    except OSError as exc:  # git not installed
        raise GitError(f"cannot run git: {exc}") from None


def _finish(proc: Child, args: Sequence[str], check: bool) -> tuple[int, bytes, str]:
    code, out, err = proc.communicate()
    err_s = decode(err)
    if check and code != 0:
        raise GitError(plain_error(args, err_s))
    return code, out, err_s


def run(
    cwd: Path,
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    stdin: bytes | None = None,
) -> tuple[int, bytes, str]:
    """Run ``git ARGS`` in ``cwd``; (status, stdout bytes, stderr text). GitError on failure."""
    return _finish(_start(cwd, args, env, stdin), args, check)


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


_IDENTITY_FAILURES = (
    "please tell me who you are",
    "unable to auto-detect email",
    "unable to auto-detect name",
    "empty ident name",
    "auto-detection is disabled",
)


def commit_error(output: str) -> GitError:
    """What a failed ``git commit`` means, for the user (identity, nothing to commit, hook...)."""
    text = output.strip()
    low = text.lower()
    if any(s in low for s in _IDENTITY_FAILURES):
        return GitError(identity_help())
    if "nothing to commit" in low or "no changes added to commit" in low:
        return NothingToCommitError("nothing to commit: the files are unchanged")
    if "index.lock" in low:
        return GitError(plain_error(["commit"], text))
    if "partial commit during a merge" in low:
        return GitError("cannot commit: a merge is in progress (finish or abort it first)")
    head = (
        "the commit was refused (by a hook or by git); nothing was committed and the "
        "edits are still on disk"
    )
    return CommitRefusedError(f"{head}:\n{text}" if text else head, text)


# -- blob ids and the ledger ------------------------------------------------------------------


def object_format(common_dir: Path) -> str:
    """``sha1`` or ``sha256`` (``extensions.objectFormat``), read from the repository config."""
    try:
        text = (common_dir / "config").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "sha1"
    m = re.search(r"^\s*objectformat\s*=\s*(\w+)", text, re.I | re.M)
    return m.group(1).lower() if m else "sha1"


def blob_id(data: bytes | None, fmt: str = "sha1") -> str | None:
    """The id git gives ``data`` as a blob (None for None: no file)."""
    if data is None:
        return None
    algo = sha256_hex if fmt == "sha256" else sha1_hex
    return algo(b"blob %d\0" % len(data) + data)


def read_ledger(git_dir: Path) -> dict[str, str | None]:
    """The ledger of postedit's writes (empty when missing or unreadable)."""
    try:
        text = (git_dir / LEDGER).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    import json  # not at the top: usually there is no ledger file (nothing pending)

    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: v for k, v in data.items() if isinstance(k, str) and (v is None or isinstance(v, str))
    }


def save_ledger(git_dir: Path, ledger: Mapping[str, str | None]) -> None:
    """Write the ledger atomically (an empty one removes the file)."""
    path = git_dir / LEDGER
    tmp: str | None = None
    try:
        if not ledger:
            path.unlink(missing_ok=True)
            return
        import json

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = open_temp(path.parent, ".written-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(dict(sorted(ledger.items())), fh, ensure_ascii=False, indent=0)
        os.replace(tmp, path)
    except OSError:
        # The ledger only refines what --commit may include: losing it makes postedit
        # more careful (its own edits then look like the user's), never less.
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def ident_hash(author: str, date: str, body: str) -> str:
    """A commit's identity that survives a rebase: its author, author date and message."""
    return sha256_hex(
        "\0".join((author, date, body.rstrip("\n"))).encode("utf-8", "surrogateescape")
    )


def _subject(message: str) -> str:
    """git's ``%s``: the first paragraph, its lines joined by spaces."""
    lines = message.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    out = []
    for line in lines:
        if not line.strip():
            break
        out.append(line.rstrip())
    return " ".join(out)


# -- committing without `git commit` ----------------------------------------------------------

COMMIT_HOOKS = ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit")
"""The hooks ``git commit`` runs: when one exists, postedit commits with ``git commit``."""

_CONFIG_ARGS = [
    "config",
    "-z",
    "--get-regexp",
    r"^(core\.(hookspath|sharedrepository|splitindex|fsmonitor)|commit\.(gpgsign|cleanup)"
    r"|hook\..*|i18n\.commitencoding|gc\.(auto|autopacklimit)|maintenance\..*)$",
]
"""The settings that decide how postedit commits (see :meth:`GitDir.plumbing_refusal`)."""


def parse_config(out: bytes) -> dict[str, str | None]:
    """``git config -z --get-regexp`` output: ``{key: value}`` (None: a key without ``=``)."""
    cfg: dict[str, str | None] = {}
    for entry in decode(out).split("\0"):
        key, nl, value = entry.partition("\n")
        if key:
            cfg[key.lower()] = value if nl else None
    return cfg


def config_bool(value: str | None, default: bool = False) -> bool:
    """A git boolean (a key without value is true; ``""`` is false); ``default`` if unreadable."""
    if value is None:
        return True
    low = value.strip().lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off", ""):
        return False
    try:
        return int(low) != 0
    except ValueError:
        return default


def config_int(value: str | None, default: int) -> int:
    """A git integer (``k``/``m``/``g`` suffixes); ``default`` when unset or unreadable."""
    if value is None:
        return default
    low = value.strip().lower()
    scale = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get(low[-1:], 1)
    try:
        return int(low[:-1] if scale > 1 else low) * scale
    except ValueError:
        return default


def stripspace(message: str) -> str:
    """The message as ``git commit -m`` stores it (``--cleanup=whitespace``, git's
    ``strbuf_stripspace``): trailing spaces, tabs and CRs cut from each line, runs of empty
    lines made one, leading and trailing empty lines dropped, a final newline."""
    out: list[str] = []
    empties = 0
    for line in message.split("\n"):
        line = line.rstrip(" \t\r")
        if not line:
            empties += 1
            continue
        if empties and out:
            out.append("")
        empties = 0
        out.append(line)
    return "".join(line + "\n" for line in out)


# -- what the probe learns ----------------------------------------------------------------------


class PathState:
    """One path as git has it: in HEAD and in the index.

    Plain classes here, not dataclasses: each dataclass costs about half a millisecond to
    create at import, and ``set --commit`` pays every millisecond (issue 7).
    """

    __slots__ = ("head", "index")

    def __init__(self, head: str | None, index: str | None) -> None:
        self.head = head
        """Blob id in HEAD (None: not there, or no commit yet)."""
        self.index = index
        """Blob id in the index (None: not in it; ``unmerged`` during a conflict)."""

    def __repr__(self) -> str:
        return f"PathState(head={self.head!r}, index={self.index!r})"


class Probe:
    """HEAD and index ids of some paths, and what else is staged (see :meth:`GitDir.probe`)."""

    __slots__ = ("config", "empty", "fmt", "has_head", "index_key", "paths", "staged")

    def __init__(
        self,
        paths: dict[str, PathState],
        staged: frozenset[str] = frozenset(),
        has_head: bool = True,
        fmt: str = "sha1",
        config: dict[str, str | None] | None = None,
        index_key: tuple[int, int, int, int] | None = None,
    ) -> None:
        self.paths = paths
        """Each probed path."""
        self.staged = staged
        """Every path in the repository whose index entry differs from HEAD."""
        self.has_head = has_head
        """False before the first commit."""
        self.fmt = fmt
        """The repository's object format."""
        self.empty = blob_id(b"", fmt)
        """The id of the empty blob (an intent-to-add entry holds it)."""
        self.config = config
        """The settings that decide how to commit (``_CONFIG_ARGS``), read alongside;
        None: not read."""
        self.index_key = index_key
        """The index file's stat key when the probe started (None: no index): if it changed
        by the commit, someone staged something meanwhile and the probe's "nothing else is
        staged" no longer holds."""

    def index_id(self, rel: str) -> str | None:
        """What the index holds for ``rel``, an intent-to-add entry counting as nothing."""
        st = self.paths[rel]
        if st.head is None and st.index == self.empty:
            return None
        return st.index


class PendingProbe:
    """A probe under way (:meth:`GitDir.start_probe`): its git processes are running."""

    def __init__(self, git: GitDir, rels: Sequence[str]) -> None:
        self.git = git
        """The repository probed."""
        self.rels = tuple(rels)
        """The paths probed, repository-relative."""
        self.args = (
            ["ls-files", "-s", "-z", "--", *literal(rels)],
            ["diff-index", "--cached", "-z", "--raw", "--no-renames", "HEAD", "--"],
        )
        self.index_key = git.index_key()  # before git looks: a change after it shows
        self.procs: tuple[Child, ...] = ()
        if rels:
            self.procs = tuple(_start(git.root, a, None) for a in (*self.args, _CONFIG_ARGS))
        self._result: Probe | GitError | None = None

    def result(self) -> Probe:
        """The probe, once git has answered (GitError when it failed, every time asked)."""
        if self._result is None:
            try:
                self._result = self.git._finish_probe(self)
            except GitError as exc:
                self._result = exc
        if isinstance(self._result, GitError):
            raise self._result
        return self._result


class GitDir:
    """A work tree found without running git: its top, its git dir and the common git dir."""

    def __init__(self, root: Path, git_dir: Path, common_dir: Path, bare: bool = False) -> None:
        self.root = root
        """The top of the work tree (the git dir for a bare repository)."""
        self.git_dir = git_dir
        """This work tree's git dir (``.git/worktrees/NAME`` for a linked worktree)."""
        self.common_dir = common_dir
        """The git dir shared by all work trees (objects, refs, config)."""
        self.bare = bare
        """A bare repository."""
        self._fmt: str | None = None

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> GitDir:
        """The repository around ``path`` (as git finds it); GitError when there is none."""
        start = start_folder(path)
        for d in (start, *start.parents):
            dotgit = d / ".git"
            if dotgit.is_dir() and _is_git_dir(dotgit):
                return cls(d, dotgit, _common(dotgit))
            if dotgit.is_file():
                gd = _gitdir_file(dotgit)
                if gd is not None:
                    return cls(d, gd, _common(gd))
            if d.name != ".git" and _is_git_dir(d) and _is_bare(d):
                return cls(d, d, _common(d), bare=True)
        raise not_a_repository(start)

    def run(
        self,
        args: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        check: bool = True,
        stdin: bytes | None = None,
    ) -> tuple[int, bytes, str]:
        """Run ``git ARGS`` in the work tree."""
        return run(self.root, args, env=env, check=check, stdin=stdin)

    @property
    def fmt(self) -> str:
        """``sha1`` or ``sha256``."""
        if self._fmt is None:
            self._fmt = object_format(self.common_dir)
        return self._fmt

    def blob_id(self, data: bytes | None) -> str | None:
        """The id git gives ``data`` as a blob (None: no file)."""
        return blob_id(data, self.fmt)

    def disk_id(self, rel: str) -> str | None:
        """Blob id of the file as it is on disk (None: no file)."""
        try:
            with open(self.root / rel, "rb") as fh:
                return self.blob_id(fh.read())
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:
            return "unreadable"

    def index_key(self) -> tuple[int, int, int, int] | None:
        """The index file's stat key (changes whenever git writes it), or None: no index."""
        try:
            return _stat_key(os.stat(self.git_dir / "index"))
        except OSError:
            return None

    # -- state, read from .git ------------------------------------------------------------------

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

    def head_ref(self) -> str | None:
        """What HEAD points at: ``refs/heads/main``, or None when detached (or unreadable)."""
        try:
            text = (self.git_dir / "HEAD").read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            return None
        return text[5:].strip() if text.startswith("ref: ") else None

    def read_head(self) -> str | None:
        """HEAD's commit id read from .git (loose or packed ref); None when unborn or unsure."""
        try:
            text = (self.git_dir / "HEAD").read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            return None
        if not text.startswith("ref: "):
            return text if _HEX.fullmatch(text) else None
        ref = text[5:].strip()
        for base in (self.common_dir, self.git_dir):
            try:
                value = (base / ref).read_text(encoding="ascii").strip()
            except (OSError, ValueError):
                continue
            return value if _HEX.fullmatch(value) else None
        try:
            packed = (self.common_dir / "packed-refs").read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None
        for line in packed.splitlines():
            sha, _, name = line.partition(" ")
            if name == ref and _HEX.fullmatch(sha):
                return sha
        return None

    def refusal(self) -> str | None:
        """Why committing is refused now (RepoState.commit_refusal), without running git."""
        branch = self.head_ref()
        return RepoState(
            branch=branch.removeprefix("refs/heads/") if branch else None,
            operation=self.operation(),
            bare=self.bare,
            read_only=self.read_only(),
        ).commit_refusal

    # -- identity -------------------------------------------------------------------------------

    def identity(self) -> tuple[str, str] | None:
        """The (name, email) commits will carry, from the git config or environment; None if unset."""
        _, out, _ = self.run(
            ["config", "-z", "--get-regexp", r"^(user|author|committer)\.(name|email)$"],
            check=False,
        )
        cfg: dict[str, str] = {}
        for entry in decode(out).split("\0"):
            key, _, value = entry.partition("\n")
            if key:
                cfg[key.lower()] = value
        env = os.environ

        def pick(role: str, what: str) -> str:
            return (
                env.get(f"GIT_{role.upper()}_{what.upper()}")
                or cfg.get(f"{role}.{what}")
                or cfg.get(f"user.{what}")
                or (env.get("EMAIL", "") if what == "email" else "")
            ).strip()

        author = (pick("author", "name"), pick("author", "email"))
        committer = (pick("committer", "name"), pick("committer", "email"))
        if not all(author) or not all(committer):
            return None
        return author

    # -- the ledger -----------------------------------------------------------------------------

    def ledger(self) -> dict[str, str | None]:
        """``{relpath: blob id postedit last wrote}``."""
        return read_ledger(self.git_dir)

    def save_ledger(self, ledger: Mapping[str, str | None]) -> None:
        """Write the ledger."""
        save_ledger(self.git_dir, ledger)

    def head_ids(self, rels: Sequence[str]) -> dict[str, str]:
        """Blob id of each of ``rels`` in HEAD, absent when not there: one ``git ls-tree``."""
        if not rels:
            return {}
        status, out, err = self.run(
            ["ls-tree", "-r", "-z", "--full-tree", "HEAD", "--", *literal(rels)], check=False
        )
        if status != 0:
            if self.read_head() is None and self.head_ref() is not None:
                return {}  # no commit yet: nothing is in HEAD
            raise GitError(plain_error(["ls-tree"], err))
        ids: dict[str, str] = {}
        for entry in out.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            if name:
                ids[decode(name)] = decode(meta.split()[-1])
        return ids

    def note_writes(
        self,
        written: Mapping[str, bytes | None],
        previous: Mapping[str, bytes | None] | None = None,
        heads: Mapping[str, str | None] | None = None,
    ) -> None:
        """Record postedit's writes (see GitRepo.note_writes); ``heads``: HEAD ids already known
        (a probe's), else one ``git ls-tree`` for the paths that need it."""
        if not written:
            return
        ledger = self.ledger()
        before = previous or {}
        unsure = [
            r for r in written if r in before and self.blob_id(before[r]) != ledger.get(r, "-")
        ]
        head: Mapping[str, str | None]
        if heads is not None and all(r in heads for r in unsure):
            head = heads
        else:
            head = self.head_ids(unsure) if unsure else {}
        for rel, data in written.items():
            if rel in unsure and self.blob_id(before[rel]) != head.get(rel):
                ledger.pop(rel, None)  # it held someone else's changes: not ours to commit
            else:
                ledger[rel] = self.blob_id(data)
        self.save_ledger(ledger)

    def forget(self, rels: Iterable[str]) -> None:
        """Drop ``rels`` from the ledger."""
        ledger = self.ledger()
        if not ledger:
            return
        changed = False
        for rel in rels:
            if ledger.pop(rel, "-") != "-":
                changed = True
        if changed:
            self.save_ledger(ledger)

    # -- the probe ------------------------------------------------------------------------------

    def probe(self, rels: Sequence[str]) -> Probe:
        """HEAD and index ids of ``rels``, every staged path, and the settings that decide how
        to commit: three git processes, run side by side (see :meth:`start_probe`)."""
        return self.start_probe(rels).result()

    def start_probe(self, rels: Sequence[str]) -> PendingProbe:
        """Start the probe of ``rels`` and return at once; ``.result()`` waits for it.

        ``git ls-files -s`` gives the index entries of ``rels``; ``git diff-index --cached
        HEAD`` every entry that differs from HEAD (with both ids): a path not listed by the
        latter has the same id in HEAD as in the index. ``git config`` reads the settings
        :meth:`plumbing_refusal` looks at. ``postedit set --commit`` starts it before it
        imports the editing code, which then runs while git works.
        """
        return PendingProbe(self, rels)

    def _finish_probe(self, pending: PendingProbe) -> Probe:
        rels = pending.rels
        if not rels:
            return Probe({}, fmt=self.fmt)
        ls, di, cf = pending.procs
        ls_args, di_args = pending.args
        try:
            _, ls_out, _ = _finish(ls, ls_args, check=True)
        finally:
            di_code, di_out, di_err = _finish(di, di_args, check=False)
            cf_code, cf_out, _ = _finish(cf, _CONFIG_ARGS, check=False)
        has_head = True
        if di_code != 0:
            if self.read_head() is None and self.head_ref() is not None:
                has_head = False  # no commit yet
            else:
                raise GitError(plain_error(di_args, di_err))
        index: dict[str, str] = {}
        for entry in ls_out.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            if name:
                _mode, oid, stage = decode(meta).split()[:3]
                index[decode(name)] = oid if stage == "0" else "unmerged"
        staged: dict[str, str | None] = {}
        tokens = di_out.split(b"\0")
        for i in range(0, len(tokens) - 1, 2):
            fields = decode(tokens[i]).split()
            if len(fields) >= 4:
                old = fields[2]
                staged[decode(tokens[i + 1])] = None if _ZERO.fullmatch(old) else old
        fmt = self.fmt
        states = {}
        for rel in rels:
            in_index = index.get(rel)
            if not has_head:
                in_head = None
            elif rel in staged:
                in_head = staged[rel]
            else:
                in_head = in_index if in_index != "unmerged" else None
            states[rel] = PathState(in_head, in_index)
        # git config exits 1 when no key matches: the usual case, no setting at all
        config = parse_config(cf_out) if cf_code in (0, 1) else None
        return Probe(states, frozenset(staged), has_head, fmt, config, pending.index_key)

    def foreign(self, probe: Probe, rels: Sequence[str]) -> list[str]:
        """Those of ``rels`` with uncommitted changes (disk or index) postedit did not make."""
        ledger = self.ledger()
        out = []
        for rel in rels:
            own = ledger.get(rel, "-")
            disk = self.disk_id(rel)
            in_head = probe.paths[rel].head
            in_index = probe.index_id(rel)
            if (disk != in_head and disk != own) or (in_index != in_head and in_index != own):
                out.append(rel)
        return out

    def pending(self, probe: Probe, rels: Sequence[str]) -> set[str]:
        """Those of ``rels`` whose uncommitted change is exactly postedit's last write.

        Entries of ``rels`` now equal to HEAD are dropped from the ledger.
        """
        ledger = self.ledger()
        pending: set[str] = set()
        stale = []
        for rel in rels:
            if rel not in ledger:
                continue
            disk = self.disk_id(rel)
            if disk == probe.paths[rel].head:
                stale.append(rel)
            elif disk == ledger[rel]:
                pending.add(rel)
        if stale:
            for rel in stale:
                del ledger[rel]
            self.save_ledger(ledger)
        return pending

    def head_contents(self, probe: Probe, rels: Sequence[str]) -> dict[str, bytes | None]:
        """HEAD's bytes of each of ``rels`` (None: not there): one ``git cat-file --batch``."""
        result: dict[str, bytes | None] = dict.fromkeys(rels)
        ids = {r: probe.paths[r].head for r in rels if probe.paths[r].head}
        wanted = sorted({oid for oid in ids.values() if oid})
        if not wanted:
            return result
        _, data, _ = self.run(
            ["cat-file", "--batch"], stdin="".join(o + "\n" for o in wanted).encode("ascii")
        )
        blobs = parse_cat_file_batch(data)
        for rel, oid in ids.items():
            result[rel] = blobs.get(oid or "")
        return result

    # -- committing -----------------------------------------------------------------------------

    def commit(self, rels: Sequence[str], message: str, probe: Probe | None = None) -> CommitResult:
        """Commit exactly ``rels`` (see GitRepo.commit); ``probe``: one made earlier, reused.

        Runs ``git commit -- PATHS`` (``--include`` when nothing else is staged: the same
        commit, without git building a second index from HEAD), then reads the new commit
        from .git.
        """
        refusal = self.refusal()
        if refusal is not None:
            raise GitError(f"cannot commit: {refusal}")
        if not message.strip():
            raise GitError("cannot commit: the commit message is empty")
        config: list[str] = ["-c", "user.useConfigOnly=true"]
        if os.environ.get("EMAIL"):
            # git takes $EMAIL, but would then guess a missing name: check as before.
            if self.identity() is None:
                raise GitError(identity_help())
            config = []
        if not rels:
            raise NothingToCommitError("nothing to commit: no file was given")
        if probe is None or any(r not in probe.paths for r in rels):
            probe = self.probe(rels)
        disk = {r: self.disk_id(r) for r in rels}
        todo = []
        for rel in rels:
            st = probe.paths[rel]
            if st.index is not None:
                if st.index != st.head or disk[rel] != st.index:
                    todo.append(rel)
            elif disk[rel] is not None or st.head is not None:
                todo.append(rel)
        new = [r for r in todo if probe.paths[r].index is None and disk[r] is not None]
        if new:
            ignored = self._ignored(new)
            if ignored:
                raise GitError(
                    f"cannot commit {', '.join(ignored)}: ignored by git (.gitignore); "
                    "nothing was committed"
                )
        if not todo:
            raise NothingToCommitError(
                "nothing to commit: "
                + (f"{rels[0]} is" if len(rels) == 1 else f"these {len(rels)} files are")
                + " the same as in the last commit"
            )
        staged = tuple(
            r
            for r in todo
            if probe.paths[r].index is not None and probe.index_id(r) != probe.paths[r].head
        )
        # --include takes the whole index: only when nothing else is staged, as the probe saw
        # it, and nobody wrote the index since (a file staged meanwhile would be taken along)
        include = (
            probe.has_head
            and not (probe.staged - set(todo))
            and probe.index_key is not None
            and self.index_key() == probe.index_key
        )
        committed = [r for r in todo if disk[r] != probe.paths[r].head]
        head = self.read_head() if include else None
        sha: str | None = None
        err = ""
        if head is not None and self.plumbing_refusal(probe, todo) is None:
            if not committed:  # back to HEAD's bytes, nothing else staged: HEAD's tree
                raise NothingToCommitError("nothing to commit: the files are unchanged")
            sha = self._commit_plumbing(todo, message, probe, config, head)
            include = include and sha is not None  # the index changed meanwhile: --only
        if sha is None:
            checkpoint("commit:before-add")
            if new:
                self.run(["add", "--intent-to-add", "--", *literal(new)])
            checkpoint("commit:before-commit")
            args = [*config, "commit", "-q", "--no-edit", *(["-i"] if include else [])]
            code, out, err = self.run(
                [*args, "-m", message, "--", *literal(todo)], env={"GIT_EDITOR": ":"}, check=False
            )
            if code != 0:
                if new:
                    self.run(
                        ["rm", "--cached", "-q", "--ignore-unmatch", "--", *literal(new)],
                        check=False,
                    )
                raise commit_error(decode(out) + err)
            checkpoint("commit:after-commit")
            sha = self.read_head() or decode(self.run(["rev-parse", "HEAD"])[1]).strip()
        summary, ident = self.commit_info(sha)
        self.record(sha, ident)
        self.forget(committed)
        return CommitResult(
            sha=sha,
            summary=summary,
            output=err.strip(),
            paths=tuple(committed),
            included_staged=staged,
        )

    def plumbing_refusal(self, probe: Probe, rels: Sequence[str]) -> str | None:
        """Why a commit of ``rels`` must go through ``git commit``; None: plumbing does the same.

        ``git commit --include -- PATHS`` with nothing else staged, no commit hook (in
        ``core.hooksPath`` or ``.git/hooks``, or configured as ``hook.*``), no signing
        (``commit.gpgSign``), the default message cleanup and UTF-8 messages makes exactly
        the commit that ``update-index``, ``write-tree``, ``commit-tree`` and ``update-ref``
        make, less the ~25 ms git spends refreshing and comparing the whole index.
        """
        cfg = probe.config
        if cfg is None:
            return "git config could not be read"
        if any(key.startswith("hook.") for key in cfg):
            return "hooks are configured (hook.*)"
        if config_bool(cfg.get("commit.gpgsign", "false"), default=True):
            return "commits are signed (commit.gpgSign)"
        if (cfg.get("commit.cleanup") or "default").strip().lower() not in (
            "default",
            "whitespace",
        ):
            return "commit.cleanup is set"
        encoding = cfg.get("i18n.commitencoding")
        if encoding is not None and encoding.strip().lower() not in ("utf-8", "utf8"):
            return "i18n.commitEncoding is set"
        for key in ("core.sharedrepository", "core.splitindex", "core.fsmonitor"):
            value = cfg.get(key)
            if value is not None and value.strip().lower() not in ("", "false", "no", "off", "0"):
                return f"{key} is set"  # the index's own machinery: git commit handles it
        if any(probe.paths[r].index == "unmerged" for r in rels):
            return "a file has unresolved conflicts"
        if "GIT_INDEX_FILE" in os.environ or "GIT_OBJECT_DIRECTORY" in os.environ:
            return "GIT_INDEX_FILE or GIT_OBJECT_DIRECTORY is set"
        hooks_path = cfg.get("core.hookspath")
        hooks = Path(os.path.expanduser(hooks_path)) if hooks_path else self.common_dir / "hooks"
        if not hooks.is_absolute():
            hooks = self.root / hooks  # git runs hooks from the top of the work tree
        for name in COMMIT_HOOKS:
            if os.path.lexists(hooks / name):
                return f"a {name} hook exists"
        return None

    def _commit_plumbing(
        self, rels: Sequence[str], message: str, probe: Probe, config: Sequence[str], head: str
    ) -> str | None:
        """Commit ``rels`` (and nothing else: nothing else is staged) on top of ``head``, as
        ``git commit -q -i -m MESSAGE -- RELS`` would, with git's plumbing; the new commit id,
        or None when the index changed meanwhile (nothing done: ``git commit`` takes over).

        As git does, the work happens in a copy of the index: ``update-index`` stages the
        files there, ``write-tree`` writes the tree, ``commit-tree`` the commit (the message
        cleaned up as ``git commit -m`` does). Then, holding ``index.lock``, ``update-ref``
        moves the branch only if it is still at ``head`` (reflog entry ``commit: SUBJECT``)
        and the copy replaces the index. A failure, or a kill, before that leaves the index
        and the branch as they were.
        """
        text = stripspace(message)
        if not text:
            raise GitError("cannot commit: the commit message is empty")
        index = self.git_dir / "index"
        try:
            before = os.stat(index)
            data = index.read_bytes()
        except OSError:
            return None
        if _stat_key(before) != probe.index_key:
            return None  # written since the probe: git commit --only, which stages nothing else
        with contextlib.suppress(OSError):  # as git commit leaves it, for tools that read it
            (self.git_dir / "COMMIT_EDITMSG").write_text(
                text, encoding="utf-8", errors="surrogateescape"
            )
        checkpoint("commit:before-add")
        fd, tmp = open_temp(self.git_dir, _TEMP_INDEX)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            # the copy keeps the index's times: git tells "racily clean" entries (changed in
            # the second the index was written, same size) by comparing with the index's
            # mtime; a newer copy would let update-index write them as clean, hiding a change
            os.utime(tmp, ns=(before.st_atime_ns, before.st_mtime_ns))
            env = {"GIT_INDEX_FILE": tmp}
            paths = "".join(r + "\0" for r in rels).encode("utf-8", "surrogateescape")
            self.run(["update-index", "--add", "--remove", "-z", "--stdin"], stdin=paths, env=env)
            tree = decode(self.run(["write-tree"], env=env)[1]).strip()
            checkpoint("commit:before-commit")
            code, out, err = self.run(
                [*config, "commit-tree", tree, "-p", head, "-F", "-"],
                stdin=text.encode("utf-8", "surrogateescape"),
                check=False,
            )
            if code != 0:
                raise commit_error(decode(out) + err)
            sha = decode(out).strip()
            if not self._swap_index(index, before, tmp, sha, head, text):
                return None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # gone already when it became the index
        checkpoint("commit:after-commit")
        if self._wants_maintenance(probe.config or {}):
            self.run(["maintenance", "run", "--auto", "--quiet"], check=False)
        return sha

    def _swap_index(
        self, index: Path, before: os.stat_result, tmp: str, sha: str, head: str, text: str
    ) -> bool:
        """Under ``index.lock``: move the branch from ``head`` to ``sha`` and make ``tmp`` the
        index; False (nothing done) when the index changed since ``before``."""
        lock = f"{index}.lock"
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | CLOEXEC, 0o666)
        except FileExistsError:
            raise GitError(plain_error(["commit"], "index.lock: File exists")) from None
        except OSError as exc:
            raise GitError(f"cannot commit: {exc.strerror or exc}") from None
        try:
            now = os.stat(index)
            if _stat_key(now) != _stat_key(before):
                return False  # someone staged something meanwhile
            action = os.environ.get("GIT_REFLOG_ACTION") or "commit"
            subject = text.split("\n", 1)[0]
            code, _, err = self.run(
                ["update-ref", "-m", f"{action}: {subject}", "HEAD", sha, head], check=False
            )
            if code != 0:
                if "but expected" in err or "is at" in err:
                    raise GitError(
                        "cannot commit: the branch moved while committing (another git "
                        "command?); nothing was committed and the edits are still on disk"
                    )
                raise GitError(plain_error(["update-ref"], err))
            os.replace(tmp, index)
            return True
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(lock)

    def _wants_maintenance(self, cfg: Mapping[str, str | None]) -> bool:
        """Whether ``git commit`` would find work for ``git maintenance run --auto`` (which it
        runs after every commit): git's own test, too many loose objects (``objects/17``
        holding more than gc.auto / 256) or packs (gc.autoPackLimit); always when maintenance
        tasks are configured (git decides then)."""
        if not config_bool(cfg.get("maintenance.auto", "true"), default=True):
            return False
        if any(k.startswith("maintenance.") and k != "maintenance.auto" for k in cfg):
            return True
        limit = config_int(cfg.get("gc.auto"), 6700)
        if limit <= 0:
            return False
        threshold = (limit + 255) // 256
        width = (64 if self.fmt == "sha256" else 40) - 2  # objects/17/ + the rest of the id
        loose = 0
        with contextlib.suppress(OSError), os.scandir(self.common_dir / "objects" / "17") as it:
            for entry in it:
                if len(entry.name) == width and _HEX_CHARS.issuperset(entry.name):
                    loose += 1
                    if loose > threshold:
                        return True
        packs = config_int(cfg.get("gc.autopacklimit"), 50)
        if packs > 0:
            try:
                names = set(os.listdir(self.common_dir / "objects" / "pack"))
            except OSError:
                return False
            kept = sum(1 for n in names if n.endswith(".pack") and n[:-5] + ".keep" not in names)
            return kept > packs
        return False

    def _ignored(self, rels: Sequence[str]) -> list[str]:
        """Those of ``rels`` (untracked) that .gitignore ignores: one ``git status``."""
        out = self.run(
            [
                "status",
                "--porcelain=v1",
                "-z",
                "--no-renames",
                "--untracked-files=all",
                "--ignored=matching",
                "--",
                *literal(rels),
            ],
            env={"GIT_OPTIONAL_LOCKS": "0"},
        )[1]
        ignored = {decode(e[3:]) for e in out.split(b"\0") if e[:3] == b"!! "}
        return [r for r in rels if r in ignored]

    def commit_info(self, sha: str) -> tuple[str, str]:
        """(subject, identity) of commit ``sha``: from its loose object, else ``git log``."""
        parsed = self._read_commit(sha)
        if parsed is not None:
            return parsed
        out = decode(
            self.run(
                [
                    "log",
                    "-1",
                    "--date=raw",
                    "--format=%H%x00%s%x00%an <%ae>%x00%ad%x00%B",
                    sha,
                    "--",
                ]
            )[1]
        )
        _sha, subject, author, date, body = (out.split("\0", 4) + ["", "", "", ""])[:5]
        return subject, ident_hash(author, date, body)

    def _read_commit(self, sha: str) -> tuple[str, str] | None:
        """(subject, identity) from ``objects/xx/yyyy``; None when not loose or unusual."""
        path = self.common_dir / "objects" / sha[:2] / sha[2:]
        try:
            raw = zlib.decompress(path.read_bytes())
        except (OSError, zlib.error):
            return None
        head, _, body = raw.partition(b"\0")
        if not head.startswith(b"commit "):
            return None
        headers, sep, message = body.partition(b"\n\n")
        if not sep:
            return None
        author = None
        for line in headers.split(b"\n"):
            if line.startswith(b"encoding "):
                return None  # git log would re-encode the message: let it
            if line.startswith(b"author "):
                author = line[7:]
        if author is None:
            return None
        m = re.fullmatch(rb"([^<]*?)\s*<([^>]*)>\s*(\d+ [+-]\d{4})", author)
        if m is None:
            return None
        name, email, date = (decode(g) for g in m.groups())
        text = decode(message)
        return _subject(text), ident_hash(f"{name} <{email}>", date, text)

    def record(self, sha: str, ident: str) -> None:
        """Remember that postedit made commit ``sha`` (undo only takes back its own commits)."""
        path = self.common_dir / RECORD
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="ascii") as fh:
                fh.write(f"{sha} {ident}\n")


def start_folder(path: Path) -> Path:
    """Where to look for the repository around ``path`` (its folder when it is a file);
    GitError when it does not exist."""
    start = Path(path).resolve()
    if not start.exists():
        raise GitError(f"{path}: no such file or folder")
    return start.parent if start.is_file() else start


def not_a_repository(start: Path) -> GitError:
    """The error for a folder outside any git repository."""
    return GitError(
        f"{start} is not inside a git repository: run git init there "
        "(or open the right folder) to be able to commit"
    )


def _is_git_dir(d: Path) -> bool:
    return (d / "HEAD").is_file() and ((d / "objects").is_dir() or (d / "commondir").is_file())


def _is_bare(d: Path) -> bool:
    try:
        text = (d / "config").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*bare\s*=\s*true\s*$", text, re.I | re.M) is not None


def _gitdir_file(dotgit: Path) -> Path | None:
    """The git dir a ``.git`` file (linked worktree, submodule) points at."""
    try:
        text = dotgit.read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return None
    if not text.startswith("gitdir:"):
        return None
    gd = Path(text[7:].strip())
    gd = (dotgit.parent / gd).resolve() if not gd.is_absolute() else gd.resolve()
    return gd if _is_git_dir(gd) else None


def _common(git_dir: Path) -> Path:
    try:
        rel = (git_dir / "commondir").read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return git_dir
    p = Path(rel)
    return (git_dir / p).resolve() if not p.is_absolute() else p.resolve()


def parse_cat_file_batch(data: bytes) -> dict[str, bytes]:
    """The objects in ``git cat-file --batch`` output, by id (missing ones left out)."""
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(data):
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3:
            continue  # "<id> missing"
        size = int(header[2])
        blobs[decode(header[0])] = data[pos : pos + size]
        pos += size + 1
    return blobs
