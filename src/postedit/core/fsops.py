"""Small file-system helpers: user-given paths, and the crash tests' pause points."""

from __future__ import annotations

import os
import time
from pathlib import Path

from postedit.core.errors import UsageError

__all__ = ["checkpoint", "repo_folder", "repo_relpath"]


def checkpoint(name: str) -> None:
    """Test-only fault hook: pause at step ``name`` when ``POSTEDIT_PAUSE_AT`` names it.

    The crash-safety tests set ``POSTEDIT_PAUSE_AT=<step>`` and ``POSTEDIT_PAUSE_FILE=<path>``,
    wait for the file to appear, then SIGKILL the process mid-save or mid-commit. Without
    the variable this costs one dictionary lookup.
    """
    if os.environ.get("POSTEDIT_PAUSE_AT") != name:
        return
    marker = os.environ.get("POSTEDIT_PAUSE_FILE")
    if marker:
        with open(marker, "w") as fh:
            fh.write(name)
    time.sleep(float(os.environ.get("POSTEDIT_PAUSE_SECONDS", "30")))


def repo_folder(path: str | os.PathLike[str] | None) -> Path:
    """The folder a command works in: ``path`` (``--repo``, the terminal interface's PATH),
    else the current folder. UsageError when it does not exist or is not a folder: bad
    command-line input, exit 2 for every command."""
    start = Path(path) if path is not None else Path.cwd()
    if not start.exists():
        raise UsageError(f"{start}: no such folder")
    if not start.is_dir():
        raise UsageError(f"{start}: not a folder (give the repository's folder)")
    return start


def repo_relpath(
    root: Path, path: str | os.PathLike[str], base: str | os.PathLike[str] | None = None
) -> str:
    """A user-given path as relative to the repository at ``root``.

    Absolute paths are taken as they are; a relative one is looked up from the current
    folder, then (when it does not exist there, or is outside the repository: ``GIT_DIR``
    and ``GIT_WORK_TREE`` may name another one) from ``base`` (the --repo folder) and from
    the repository root. A path that exists nowhere (a deleted posting) is taken where its
    folder exists, from ``base`` and the root first when ``base`` is given (``restore
    content/_jobs/x.md --repo R`` run from anywhere, a subfolder of R too), else from the
    current folder first; failing that, from the first of them inside the repository.
    Symbolic links are not followed (the link itself is named).
    """
    p = Path(path)
    if p.is_absolute():
        return _inside(root, p, path)
    here = Path.cwd() / p
    candidates = [here]
    if base is not None:
        candidates.append(Path(base).absolute() / p)
    candidates.append(root / p)
    existing = [c for c in candidates if os.path.lexists(c)]
    absent = [c for c in candidates if c not in existing]
    if base is not None:  # a path the user gave with --repo: the repository's, first
        absent = [c for c in absent if c != here] + [c for c in absent if c == here]
    in_folder = [c for c in absent if os.path.isdir(c.parent)]  # False on ENAMETOOLONG
    for candidate in existing + in_folder + absent:
        try:
            return _inside(root, candidate, path)
        except UsageError:
            continue
    return _inside(root, candidates[0], path)


def _inside(root: Path, p: Path, given: str | os.PathLike[str]) -> str:
    try:
        return (p.parent.resolve() / p.name).relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{given}: not inside the repository {root}") from None
