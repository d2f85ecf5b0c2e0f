"""Where the repository is, as git sees it from a folder (``GIT_DIR``/``GIT_WORK_TREE`` honoured).

Kept apart from the rest of the git package, which imports GitPython: the terminal interface
finds its repository before its first frame, and GitPython's import costs 60-100 ms there;
one ``git rev-parse`` run with ``subprocess`` costs a few.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from postedit.core.errors import GitError

__all__ = ["find_root", "not_a_repository", "rev_parse", "start_folder"]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def start_folder(path: Path) -> Path:
    """The folder to look for a repository from: ``path``, or its folder when it is a file."""
    p = Path(path).absolute()
    return p.parent if p.is_file() else p


def rev_parse(start: Path) -> list[str] | None:
    """``git rev-parse`` of the top of the work tree, the git dir, the common git dir and
    whether it is bare, as git sees them from ``start`` (``GIT_DIR``/``GIT_WORK_TREE``
    honoured); None outside a repository or without git."""
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
    lines = _decode(proc.stdout).splitlines()
    if proc.returncode != 0 and not (lines[:1] == ["true"] and len(lines) >= 3):
        return None  # not a repository (a bare one fails only on --show-toplevel)
    return lines


def find_root(path: Path) -> Path | None:
    """The top of the git work tree around ``path`` as git sees it, or None outside one."""
    start = start_folder(path)
    if not start.is_dir():
        return None
    lines = rev_parse(start)
    if lines is None or lines[0] == "true" or len(lines) < 4:
        return None
    return Path(lines[3])


def not_a_repository(start: Path) -> GitError:
    """The error for a folder outside any git repository."""
    return GitError(
        f"{start} is not inside a git repository: run git init there (or open the "
        "site's repository) to commit with postedit"
    )
