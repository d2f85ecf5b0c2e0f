"""Atomic writes that refuse to overwrite a file changed on disk since it was read."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from postedit.core.errors import ConflictError, PosteditError
from postedit.core.posting import Posting, read_posting

__all__ = ["atomic_write", "check_unchanged", "checkpoint", "delete_posting", "write_posting"]


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
    import time

    time.sleep(float(os.environ.get("POSTEDIT_PAUSE_SECONDS", "30")))


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, rename.

    The file's permission bits are kept; a reader sees the old or the new content, never a mix.
    """
    path = Path(path)
    if path.is_symlink():
        raise PosteditError("refusing to write through a symbolic link", str(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".postedit-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            half = len(data) // 2
            fh.write(data[:half])
            fh.flush()
            checkpoint("write:partial")
            fh.write(data[half:])
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        checkpoint("write:before-rename")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    checkpoint("write:done")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_unchanged(root: Path, posting: Posting) -> None:
    """Raise ConflictError when the file is not what ``posting`` was read from."""
    path = Path(root) / posting.relpath
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if posting.stamp is None:
            return
        raise ConflictError("was deleted on disk since postedit read it", posting.relpath) from None
    if posting.stamp is None:
        raise ConflictError("was created on disk since postedit looked", posting.relpath)
    s = posting.stamp
    if st.st_size != s.size:
        raise ConflictError("changed on disk since postedit read it", posting.relpath)
    data = path.read_bytes()
    if hashlib.sha1(data).hexdigest() != s.sha1:
        raise ConflictError("changed on disk since postedit read it", posting.relpath)


def write_posting(root: Path, posting: Posting, data: bytes) -> Posting:
    """Write ``data`` as the new content of ``posting`` and return the posting re-read.

    Nothing is written when ``data`` equals what was read. Raises ConflictError when the
    file changed on disk meanwhile.
    """
    if data == posting.raw and posting.stamp is not None:
        return posting
    check_unchanged(root, posting)
    atomic_write(Path(root) / posting.relpath, data)
    return read_posting(Path(root), posting.relpath, posting.collection)


def delete_posting(root: Path, posting: Posting) -> None:
    """Delete the file of ``posting`` after checking it did not change on disk."""
    check_unchanged(root, posting)
    os.unlink(Path(root) / posting.relpath)
