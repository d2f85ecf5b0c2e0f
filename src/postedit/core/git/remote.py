"""Fetch, pull and push: never forced, with errors that say what to do.

The terminal interface passes ``interactive=False``: git then never asks for a password on
the terminal the TUI owns (``GIT_TERMINAL_PROMPT=0``, ssh in batch mode unless an ssh command
is configured); ssh-agent keys and credential helpers still work.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from postedit.core.errors import GitError
from postedit.core.git.runner import GitRepo, decode, decode_path
from postedit.core.git.state import RepoState

__all__ = [
    "DivergedError",
    "NoUpstreamError",
    "Progress",
    "PullConflictError",
    "PullResult",
    "PushRejectedError",
    "PushResult",
    "fetch",
    "pull",
    "push",
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


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"[\r\n]+", text) if line.strip()]


def _git_said(text: str, *starts: str) -> str:
    """git's own lines of ``text`` that begin with one of ``starts``, as the end of a
    message (``\ngit: ...``), or "": a refusal in postedit's words still quotes git's."""
    said = [line.strip() for line in _lines(text) if line.strip().startswith(starts)]
    return "".join(f"\ngit: {line}" for line in said[:8])


def _remote_env(repo: GitRepo, interactive: bool) -> dict[str, str]:
    """No password or passphrase prompt unless ``interactive`` (the TUI owns the terminal)."""
    if interactive:
        return {}
    env = {"GIT_TERMINAL_PROMPT": "0"}
    has_ssh_cmd = os.environ.get("GIT_SSH_COMMAND") or os.environ.get("GIT_SSH")
    if not has_ssh_cmd:
        status, _, _ = repo.run(["config", "--get", "core.sshCommand"], check=False)
        if status != 0:
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
    return env


def _run_remote(
    repo: GitRepo, args: list[str], progress: Progress | None, env: dict[str, str]
) -> tuple[int, str, str]:
    """Run a network command, feeding stderr lines to ``progress`` as they come."""
    if progress is None:
        code, out, err = repo.run(args, env=env, check=False)
        return code, decode(out), err
    proc: Any = repo.start(args, env)
    popen = proc.proc
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(popen.stdout.read()), daemon=True)
    reader.start()
    err_parts: list[str] = []
    buf = b""
    while True:
        block = (
            popen.stderr.read1(4096) if hasattr(popen.stderr, "read1") else popen.stderr.read(4096)
        )
        if not block:
            break
        buf += block
        *done, buf = re.split(rb"[\r\n]", buf)
        for line in done:
            text = decode(line).rstrip()  # git's tab before a file name tells it apart
            if text.strip():
                err_parts.append(text)
                progress(text.strip())
    if buf.strip():
        err_parts.append(decode(buf).rstrip())
        progress(err_parts[-1].strip())
    code = popen.wait()
    reader.join()
    return code, decode(b"".join(chunks)), "\n".join(err_parts)


def _upstream_parts(repo: GitRepo, branch: str) -> tuple[str, str]:
    """(remote, ``refs/heads/x`` on the remote) configured for ``branch``."""
    status, out, _ = repo.run(
        ["config", "-z", "--get-regexp", rf"^branch\.{re.escape(branch)}\.(remote|merge)$"],
        check=False,
    )
    cfg = {}
    for entry in decode(out).split("\0"):
        key, _, value = entry.partition("\n")
        if key:
            cfg[key.rsplit(".", 1)[-1]] = value
    if "remote" not in cfg or "merge" not in cfg:
        raise NoUpstreamError(_no_upstream(repo, branch))
    return cfg["remote"], cfg["merge"]


def _remote_names(repo: GitRepo) -> list[str]:
    return repo.out("remote").split()


def _no_upstream(repo: GitRepo, branch: str) -> str:
    remotes = _remote_names(repo)
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
            f"cannot {action}: cannot reach {where} (network down, or wrong remote URL?) ({detail})"
        )
    return GitError(f"cannot {action}: git failed ({detail or 'no output'})")


def _looks_remote(low: str) -> bool:
    return any(s in low for s in ("could not", "unable to access", "permission", "fatal:"))


def fetch(repo: GitRepo, progress: Progress | None = None, interactive: bool = False) -> None:
    """Fetch the upstream's remote (updates ``state().behind``)."""
    state = repo.state()
    if state.branch is None or state.upstream is None:
        raise NoUpstreamError(_no_upstream(repo, state.branch or "HEAD"))
    remote, _ = _upstream_parts(repo, state.branch)
    code, out, err = _run_remote(
        repo, ["fetch", "--progress", remote], progress, _remote_env(repo, interactive)
    )
    if code != 0:
        raise _remote_error("fetch", remote, out + "\n" + err)


def pull(
    repo: GitRepo, rebase: bool = False, progress: Progress | None = None, interactive: bool = False
) -> PullResult:
    """Pull from the upstream: fast-forward only, or rebase local commits when ``rebase``.

    Pending edits are kept; when the pull would overwrite some, nothing changes and the
    GitError names them. A rebase that conflicts is aborted (nothing changes).
    """
    state = repo.state()
    refusal = state.commit_refusal
    if refusal is not None:
        raise GitError(f"cannot pull: {refusal}")
    assert state.branch is not None
    if state.upstream is None:
        raise NoUpstreamError(f"cannot pull: {_no_upstream(repo, state.branch)}")
    remote, _ = _upstream_parts(repo, state.branch)
    if rebase:
        dirty = [p for p, xy in repo.status().items() if xy != "??"]
        if dirty:
            # a plain pull is no way out when there are local commits: it cannot
            # fast-forward (the branches have diverged, or it would need no --rebase)
            raise GitError(
                "cannot pull with --rebase while files have uncommitted changes ("
                + ", ".join(dirty[:5])
                + (", ..." if len(dirty) > 5 else "")
                + "): commit them first, or set them aside with git stash (git stash pop "
                + "after the pull)"
                + ("" if state.ahead else ", or pull without --rebase")
            )
    before = state.head
    args = ["-c", "core.quotepath=off", "pull", "--progress", "--no-edit"]
    args += ["--rebase", "--no-autostash"] if rebase else ["--no-rebase", "--ff-only"]
    code, out, err = _run_remote(repo, args, progress, _remote_env(repo, interactive))
    text = (out + "\n" + err).strip()
    if code != 0:
        raise _pull_error(repo, text, state, remote, rebase)
    after = repo.head()
    paths: list[str] = []
    if before and after and before != after:
        diff = repo.run(["diff", "--name-only", "-z", "--no-renames", before, after])[1]
        paths = [decode_path(p) for p in diff.split(b"\0") if p]
    return PullResult(before, after, tuple(paths), text)


def _pull_error(repo: GitRepo, text: str, state: RepoState, remote: str, rebase: bool) -> GitError:
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
            "(postedit pull --rebase); nothing was changed" + _git_said(text, "fatal:")
        )
    if rebase and repo.operation() == "rebase":
        repo.run(["rebase", "--abort"], check=False)
        return GitError(
            f"cannot pull --rebase: your commits conflict with those of {state.upstream}; "
            "the rebase was aborted and nothing was changed: resolve it by hand with "
            "git pull --rebase" + _git_said(text, "CONFLICT", "error: could not apply")
        )
    if "couldn't find remote ref" in low or "no such ref was fetched" in low:
        return GitError(
            f"cannot pull: {state.upstream} no longer exists on {remote}; "
            f"set another upstream (git branch --set-upstream-to=...)"
        )
    return _remote_error("pull", remote, text)


def push(repo: GitRepo, progress: Progress | None = None, interactive: bool = False) -> PushResult:
    """Push the current branch to its upstream; never forced.

    Non-fast-forward (the remote has commits we lack): GitError saying to pull first.
    """
    state = repo.state()
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
        remote = _push_remote(repo, branch)
        merge = f"refs/heads/{branch}"
        args = ["push", "--progress", "-u", remote, f"refs/heads/{branch}:{merge}"]
        where = f"{remote}/{branch}"
        count = _count_unpushed(repo, remote)
    else:
        remote, merge = _upstream_parts(repo, branch)
        where = state.upstream
        if state.upstream_gone:
            # Configured but absent on the remote (clone of an empty repository, or
            # the branch was deleted there): push it again.
            count = _count_unpushed(repo, remote)
        elif state.ahead == 0:
            return PushResult(0, where, "nothing to push: everything is up to date")
        else:
            count = state.ahead
        args = ["push", "--progress", remote, f"HEAD:{merge}"]
    code, out, err = _run_remote(repo, args, progress, _remote_env(repo, interactive))
    text = (out + "\n" + err).strip()
    if code != 0:
        low = text.lower()
        if "[rejected]" in low and ("fetch first" in low or "non-fast-forward" in low):
            raise PushRejectedError(
                f"cannot push: {state.upstream} has commits you do not have yet; "
                "pull first (postedit pull, or pull --rebase if you both have new "
                "commits), then push again. Nothing was pushed." + _git_said(text, "! [rejected]")
            )
        if "[remote rejected]" in low:
            raise GitError(
                f"cannot push: {remote} refused the push ({'; '.join(_lines(text)[-4:])})"
            )
        if "pre-push" in low or (
            "failed to push some refs" in low
            and "[rejected]" not in low
            and "->" not in low
            and not _looks_remote(low)
        ):
            raise GitError(f"cannot push: refused before sending (pre-push hook?):\n{text}")
        raise _remote_error("push", remote, text)
    return PushResult(count, where, text, created=state.upstream is None or state.upstream_gone)


def _push_remote(repo: GitRepo, branch: str) -> str:
    """Where a never-pushed ``branch`` goes: its push remote, the only remote, or origin."""
    remotes = _remote_names(repo)
    if not remotes:
        raise NoUpstreamError(
            f"cannot push: the repository has no remote to push {branch} to: add one with "
            "git remote add origin URL, then push again"
        )
    for key in (f"branch.{branch}.pushRemote", "remote.pushDefault", f"branch.{branch}.remote"):
        status, out, _ = repo.run(["config", "--get", key], check=False)
        name = decode(out).strip()
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


def _count_unpushed(repo: GitRepo, remote: str) -> int:
    """Commits of HEAD that no remote-tracking branch of ``remote`` has."""
    out = repo.out("rev-list", "--count", "HEAD", "--not", f"--remotes={remote}", "--")
    return int(out.strip() or 0)
