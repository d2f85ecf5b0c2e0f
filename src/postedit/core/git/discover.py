"""Where the repository is, as git sees it from a folder (``GIT_DIR``/``GIT_WORK_TREE`` honoured).

Kept apart from the rest of the git package, which imports GitPython: the terminal interface
finds its repository before its first frame, and GitPython's import costs 60-100 ms there;
one ``git rev-parse`` run with ``subprocess`` costs a few.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from postedit.core.errors import GitError

__all__ = ["Location", "locate", "not_a_repository", "start_folder"]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def start_folder(path: Path) -> Path:
    """The folder to look for a repository from: ``path``, or its folder when it is a file."""
    p = Path(path).absolute()
    return p.parent if p.is_file() else p


@dataclass(frozen=True, slots=True)
class Location:
    """Where a repository is, as git said from a folder."""

    root: Path
    """The top of the work tree (the git dir for a bare repository)."""
    git_dir: Path
    """This work tree's git dir (``.git/worktrees/NAME`` for a linked worktree)."""
    common_dir: Path
    """The git dir shared by all work trees (objects, refs, config)."""
    bare: bool
    """A bare repository (no work tree)."""


def locate(path: Path) -> Location | None:
    """The repository around ``path`` as git sees it (``GIT_DIR``/``GIT_WORK_TREE``
    honoured), from one ``git rev-parse``; None outside a repository or without git."""
    start = start_folder(path)
    if not start.is_dir():
        return None
    try:
        proc = subprocess.run(
            [
                "git",
                "rev-parse",
                "--is-bare-repository",
                "--absolute-git-dir",
                "--git-common-dir",
                "--show-toplevel",
            ],
            cwd=start,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return None
    lines = os.fsdecode(proc.stdout).splitlines()  # folders: as Python names files
    bare = lines[:1] == ["true"]
    if len(lines) < 3 or (proc.returncode != 0 and not bare) or (not bare and len(lines) < 4):
        return None  # not a repository (a bare one fails only on --show-toplevel)
    git_dir = Path(lines[1])
    common = Path(lines[2])
    if not common.is_absolute():
        common = (start / common).resolve()
    return Location(git_dir if bare else Path(lines[3]), git_dir, common, bare)


def not_a_repository(start: Path) -> GitError:
    """The error for a folder where git finds no repository to work in: git's own words when
    its reason is another (a repository another user owns: git's ``safe.directory`` advice,
    common on a shared server), else how to make one."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--git-dir"],
            cwd=start_folder(start),
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        said = _decode(proc.stderr).strip() if proc.returncode != 0 else ""
    except OSError:
        said = ""
    if said and "not a git repository" not in said.lower():
        words = " ".join(line.strip() for line in said.splitlines() if line.strip())
        return GitError(f"git will not work in {start}: {words.removeprefix('fatal: ')}")
    return GitError(
        f"{start} is not inside a git repository: run git init there (or open the "
        "site's repository)"
    )
