"""Atomic writes that refuse to overwrite a file changed on disk since it was read."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

from hashlib import sha1

from postedit.core.errors import ConflictError, PosteditError
from postedit.core.fsops import checkpoint, open_temp  # open_temp: tests fail it here
from postedit.core.posting import Posting, read_posting

__all__ = [
    "atomic_write",
    "check_unchanged",
    "delete_posting",
    "folder_lock",
    "write_posting",
]


def atomic_write(path: Path, data: bytes, display: str | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, rename.

    The file's permission bits, owner and group are kept (where the user may set them); a
    reader sees the old or the new content, never a mix. An OS failure (disk full, read-only
    folder...) raises PosteditError naming ``display`` (default: the path), with no temporary
    file left behind.
    """
    path = Path(path)
    name = display or str(path)
    if path.is_symlink():
        raise PosteditError("refusing to write through a symbolic link", name)
    owner: tuple[int, int] | None = None
    try:
        st = os.stat(path)
        mode = st.st_mode & 0o7777
        owner = (st.st_uid, st.st_gid)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp = open_temp(path.parent, f".{path.name}.", ".postedit-tmp")
    except OSError as exc:
        raise PosteditError(f"cannot write: {exc.strerror or exc}", name) from exc
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
        if owner is not None:
            _keep_owner(tmp, owner)
        checkpoint("write:before-rename")
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise PosteditError(
                f"cannot write: {exc.strerror or exc}; the file was left as it was", name
            ) from exc
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    checkpoint("write:done")


def _keep_owner(tmp: str, owner: tuple[int, int]) -> None:
    """Give the new file the old one's owner and group, as far as this user may."""
    uid, gid = owner
    st = os.stat(tmp)
    if (st.st_uid, st.st_gid) == (uid, gid):
        return
    try:
        os.chown(tmp, uid, gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, gid)  # a member of the group may keep the group


def _umask() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` so two postedit processes never interleave a
    check-then-write on the same files (no lost update between the check and the rename)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        if fcntl is not None:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ConflictError(
                            "another postedit is writing in this folder; try again", str(folder)
                        ) from None
                    time.sleep(0.02)
        yield
    finally:
        os.close(fd)


def check_unchanged(root: Path, posting: Posting) -> None:
    """Raise ConflictError when the file is not what ``posting`` was read from.

    The file's bytes now are compared with those the posting was parsed from: by SHA-1 when
    its stamp has one, else with ``posting.raw`` itself (read on first use and checked then
    against the stamp's size, mtime, inode and ctime, see posting._LazyRaw).
    """
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
    same = sha1(data).hexdigest() == s.sha1 if s.sha1 else data == posting.raw
    if not same:
        raise ConflictError("changed on disk since postedit read it", posting.relpath)


def write_posting(root: Path, posting: Posting, data: bytes) -> Posting:
    """Write ``data`` as the new content of ``posting`` and return the posting re-read.

    Nothing is written when ``data`` equals what was read. Raises ConflictError when the
    file changed on disk meanwhile.
    """
    if data == posting.raw and posting.stamp is not None:
        return posting
    path = Path(root) / posting.relpath
    if path.is_symlink():
        target = os.readlink(path)
        raise PosteditError(
            f"is a symbolic link (to {target}): postedit does not write through links; "
            "edit the file it points to",
            posting.relpath,
        )
    with folder_lock(path.parent):
        check_unchanged(root, posting)
        atomic_write(path, data, display=posting.relpath)
    return read_posting(Path(root), posting.relpath, posting.collection)


def delete_posting(root: Path, posting: Posting) -> None:
    """Delete the file of ``posting`` after checking it did not change on disk."""
    path = Path(root) / posting.relpath
    with folder_lock(path.parent):
        check_unchanged(root, posting)
        try:
            os.unlink(path)
        except OSError as exc:
            raise PosteditError(f"cannot delete: {exc.strerror or exc}", posting.relpath) from exc
