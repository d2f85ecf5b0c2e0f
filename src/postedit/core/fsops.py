"""Small file-system helpers with no heavy imports: the commands import them before anything else.

``postedit set --commit`` starts git's probe before it imports the editing code (issue 7), and
the git layer (core/gitfast.py) needs these without pulling in the posting reader and YAML.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from postedit.core.errors import UsageError

__all__ = ["CLOEXEC", "checkpoint", "find_root", "open_temp", "repo_relpath"]

CLOEXEC = getattr(os, "O_CLOEXEC", 0)
"""``os.O_CLOEXEC`` where it exists: files postedit opens are not passed to git's processes."""


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


def open_temp(folder: Path, prefix: str, suffix: str = "") -> tuple[int, str]:
    """A new file of this process's own in ``folder``, open for writing: (fd, path).

    What ``tempfile.mkstemp`` does (mode 0600, ``O_EXCL``, a random name, retried on a
    clash), without importing tempfile and random (2 ms of ``postedit set``, issue 7).
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | CLOEXEC
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def find_root(path: Path) -> Path | None:
    """The top of the git work tree containing ``path`` (a ``.git`` folder or file), or None."""
    p = Path(path).resolve()
    if p.is_file():
        p = p.parent
    for candidate in (p, *p.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def repo_relpath(
    root: Path, path: str | os.PathLike[str], base: str | os.PathLike[str] | None = None
) -> str:
    """A user-given path as relative to the repository at ``root``.

    Absolute paths are taken as they are; a relative one is looked up from the current
    folder, then (when it does not exist there) from ``base`` (the --repo folder) and from
    the repository root. Symbolic links are not followed (the link itself is named).
    """
    p = Path(path)
    if not p.is_absolute():
        candidates = [Path.cwd() / p]
        if base is not None:
            candidates.append(Path(base).absolute() / p)
        candidates.append(root / p)
        p = next((c for c in candidates if os.path.lexists(c)), candidates[0])
    try:
        return (p.parent.resolve() / p.name).relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{path}: not inside the repository {root}") from None
