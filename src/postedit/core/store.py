"""Reading postings from disk and writing them back: atomic, and never over someone else's change.

:class:`Store` reads the postings of one repository and remembers them by their file's stat
(size, mtime, inode, ctime), so a posting read twice is parsed once; its memo is kept between
runs in an on-disk cache (core/cache.py). Writes go through :func:`write_posting`, which
refuses a file that changed on disk since it was read (its bytes are compared with the ones
the posting holds) and replaces the file atomically.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import stat
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from tempfile import mkstemp
from typing import IO, TYPE_CHECKING, Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

from postedit.core.discover import is_plain_markdown, read_head
from postedit.core.errors import ConflictError, ParseError, PosteditError
from postedit.core.fsops import checkpoint
from postedit.core.posting import MAX_POSTING_BYTES, Posting, Stamp, parse_posting

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

__all__ = [
    "RACY_NS",
    "settled",
    "stamp_of",
    "Store",
    "atomic_write",
    "check_unchanged",
    "delete_posting",
    "folder_lock",
    "read_posting",
    "write_posting",
]

_Part = dict[str, tuple[Stamp, bytes, Any]]
"""Postings read by another process (Store.read_ahead): relpath -> (stamp, bytes, parsed
parts, as ``_pack`` gives them)."""

RACY_NS = 2_000_000_000
"""A file modified less than this long before it was read may change again within the same
timestamp tick without its stat changing (git's "racily clean" case): such a posting is not
remembered by its stat (it is read again next time)."""


def settled(stamp: Stamp, now_ns: int) -> bool:
    """Had the file stamped ``stamp`` been left alone long enough (see RACY_NS) before
    ``now_ns`` for its stat to tell any later change?"""
    return now_ns - max(stamp.mtime_ns, stamp.ctime_ns) > RACY_NS


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
)
"""Open a posting without following a symbolic link (read_posting checks where it points)
nor blocking on a FIFO named like a posting."""
_LINK_ERRNOS = frozenset(
    e for e in (getattr(errno, "ELOOP", None), getattr(errno, "EMLINK", None)) if e is not None
)
"""What ``open`` with O_NOFOLLOW says of a symbolic link (ELOOP; EMLINK on FreeBSD)."""


def stamp_of(st: os.stat_result) -> Stamp:
    """The stamp of a file from its stat."""
    return Stamp(st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def _read_all(fd: int, size: int) -> bytes:
    """The bytes of an open file whose stat gave ``size`` (more if it grew meanwhile)."""
    chunks = [os.read(fd, size + 1)]
    if len(chunks[0]) > size:
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    return b"".join(chunks)


def _check_kind(st: os.stat_result, relpath: str) -> None:
    """Refuse what is not a regular file of a sensible size (raises ParseError)."""
    if stat.S_ISDIR(st.st_mode):
        raise ParseError("is a folder, not a file", relpath)
    if not stat.S_ISREG(st.st_mode):
        raise ParseError("not a regular file (a pipe, socket or device?)", relpath)
    if st.st_size > MAX_POSTING_BYTES:
        raise ParseError(
            f"file is too large to be a posting ({st.st_size // 1024 // 1024} MB)", relpath
        )


def _open_read(root: str | Path, relpath: str) -> tuple[os.stat_result, bytes]:
    """(stat, bytes) of a posting's file; raises ParseError, FileNotFoundError or OSError.

    The stat is that of the file the bytes come from (one open, fstat, read). A symbolic
    link is followed only when it points inside the repository.
    """
    path = os.path.join(root, relpath)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno not in _LINK_ERRNOS or not os.path.islink(path):
            raise
        real = os.path.realpath(path)
        if not real.startswith(os.path.realpath(root) + os.sep):
            raise ParseError("symbolic link pointing outside the repository", relpath) from None
        fd = os.open(real, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        _check_kind(st, relpath)
        return st, _read_all(fd, st.st_size)
    finally:
        os.close(fd)


def _unreadable(relpath: str, collection: str, exc: PosteditError | OSError) -> Posting:
    """The posting of a file that cannot be read: no stamp, and why as its error."""
    if isinstance(exc, OSError):  # `No such file or directory` as `path: error: no such ...`
        said = exc.strerror or str(exc)
        exc = ParseError(said[:1].lower() + said[1:], relpath)
    return Posting(relpath, collection, error=exc)


def read_posting(root: Path, relpath: str, collection: str) -> Posting:
    """Read and parse ``root/relpath``; never raises for a bad file (the error is kept on the
    Posting; a missing file gives a Posting without a stamp and with the error)."""
    try:
        st, data = _open_read(root, relpath)
    except (PosteditError, OSError) as exc:
        return _unreadable(relpath, collection, exc)
    return parse_posting(relpath, collection, data, stamp_of(st))


class Store:
    """The postings of one repository as read from disk, remembered while their files stay
    the same (by stat), and kept between runs in an on-disk cache.

    A remembered posting is used again only when its file's size, mtime, inode and ctime
    are still those it was read with. One read in this process is used as it is (one
    ``lstat``); one from the on-disk cache has its bytes read again (a write compares them
    with the file, and the body comes from them), but is not parsed.

    ``read_once``: for a command that reads and prints, then ends (``list``, ``check``): a
    posting read by this process is used again as it is, without looking at its file again,
    so what the command prints, and the schema it inferred, come from one reading of each
    file. Never for the terminal interface or a command that writes: they must see a file
    change after they read it (theirs included).
    """

    def __init__(self, root: Path, read_once: bool = False) -> None:
        self.root = Path(root)
        """The top of the work tree; postings are read relative to it."""
        self._base = str(self.root)  # joined with every relative path read
        self.read_once = read_once
        """Postings read by this process are used again without an ``lstat`` (see above)."""
        self._memo: dict[str, tuple[Stamp, Any]] = {}
        """relpath -> (stamp, the posting's parsed parts without its bytes: see _pack)."""
        self.inferred: dict[str, Any] = {}
        """Schemas inferred from the postings, by fingerprint (core/infer.py), kept in the cache."""
        self.inferred_changed = False
        """A schema was inferred since the cache was read or saved."""
        self._news: set[str] = set()
        """Postings parsed here that the on-disk cache does not hold as they are now."""
        self._held: dict[str, Posting] = {}
        """Postings read by this process (bytes included), while their files stay the same:
        inferring a schema, then listing, reads each file once."""
        self._coming: tuple[Executor, Future[None], IO[bytes], set[str]] | None = None
        """Another process reading ahead for this one (see read_ahead), while it reads: its
        pool, its result, the file it writes what it read to, and its files."""
        self._ahead: _Part = {}
        """What it read: each posting taken once by ``read``."""
        self.listed: dict[str, list[str]] = {}
        """Folders a schema inferred from a sample just listed (folder -> its posting files,
        as the inferred collection lists them): the terminal interface lists them next, to
        load them; it takes this listing once rather than listing a big folder again."""

    def read(self, relpath: str, collection: str) -> Posting:
        """Read ``relpath`` (parsed again only when its file changed since it was last read)."""
        now = time.time_ns()
        held = self._held.get(relpath)
        if held is not None and (self.read_once or self._unchanged(relpath, held)):
            return held if held.collection == collection else replace(held, collection=collection)
        self._held.pop(relpath, None)
        ahead = self._take_ahead(relpath)
        if ahead is not None:
            stamp, data, packed = ahead
            posting = _unpack(relpath, collection, data, stamp, packed)
        else:
            try:
                st, data = _open_read(self._base, relpath)
            except (PosteditError, OSError) as exc:
                self._memo.pop(relpath, None)
                return _unreadable(relpath, collection, exc)
            stamp = stamp_of(st)
            hit = self._memo.get(relpath)
            if hit is not None and hit[0] == stamp:
                posting = _unpack(relpath, collection, data, stamp, hit[1])
                self._held[relpath] = posting
                return posting
            posting = parse_posting(relpath, collection, data, stamp)
        if settled(stamp, now):
            self._memo[relpath] = (stamp, _pack(posting))
            self._held[relpath] = posting
            self._news.add(relpath)
        else:
            self._memo.pop(relpath, None)
            if self.read_once:  # its stamp may not tell a change, but nothing asks it to
                self._held[relpath] = posting
        return posting

    def read_ahead(self, relpaths: list[str]) -> int:
        """Have another process read and parse the last files of ``relpaths`` (a little under
        half: READ_AHEAD_SHARE) while this one reads the others (``read`` takes its postings
        as if it had read them itself); returns how many files it was given (0: this process
        reads them all, as usual).

        Only for a command that reads every posting once (``read_once``), on a machine with
        more than one processor, when there are many files to parse: two processes read
        10,000 postings in a little more than half the time one takes. A file the other
        process could not read is read here, as usual.

        The other process writes what it read to a temporary file (unnamed: nothing is left
        behind), and this one reads it in one go when it needs it: through the pool's pipe,
        every 64 KB would wait for this busy process's thread to get the interpreter.
        """
        todo = [r for r in relpaths if r not in self._held and r not in self._memo]
        if (
            not self.read_once
            or self._coming is not None
            or len(todo) < READ_AHEAD_MIN
            or not _can_fork()
        ):
            return 0
        import signal
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context
        from tempfile import TemporaryFile

        part = todo[round(len(todo) * (1 - READ_AHEAD_SHARE)) :]
        try:  # nameless: no other process opens it; the forked copy has it; _take_ahead closes it
            out = TemporaryFile()  # noqa: SIM115
        except OSError:  # no temporary folder to write in (full, read-only): all read here
            return 0
        pool = ProcessPoolExecutor(1, mp_context=get_context("fork"))
        # the copy is made with ctrl+c blocked, and keeps it blocked: ctrl+c stops this
        # process (which says so), never the copy with a traceback of its own
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            future = pool.submit(_read_part, self._base, part, out.fileno())
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        self._coming = (pool, future, out, set(part))
        return len(part)

    def _take_ahead(self, relpath: str) -> tuple[Stamp, bytes, Any] | None:
        """What the other process read of ``relpath`` (None: it is not one of its files, or
        it could not read it); the first of its files waits for it to be done."""
        if self._coming is not None and relpath in self._coming[3]:
            pool, future, out, _files = self._coming
            self._coming = None
            with contextlib.suppress(Exception), out:  # whatever went wrong, files are read here
                future.result()
                out.seek(0)
                self._ahead = pickle.load(out)  # written by our own copy, read by us alone
            pool.shutdown()
        return self._ahead.pop(relpath, None)

    def _unchanged(self, relpath: str, held: Posting) -> bool:
        """Does the file still have the stamp ``held`` was read with (one ``lstat``)?"""
        try:
            return stamp_of(os.lstat(os.path.join(self._base, relpath))) == held.stamp
        except OSError:
            return False

    def plain_markdown(self, relpath: str, posting: Posting | None = None) -> bool:
        """Is ``relpath`` Markdown text that does not start with front matter (a README, not
        a posting)? Empty, binary or unreadable files, links, FIFOs... are not: they stay
        postings, whose error says why. A posting read by this process answers from its
        bytes while its file is the same; other files have their first 512 bytes read.

        ``posting``: the posting the caller has just read from ``relpath``. One whose front
        matter was read, or whose bytes are not Markdown text without front matter, is no
        README (almost every posting: no ``lstat``); only bytes that look like a README have
        their file looked at, as above.
        """
        if (
            posting is not None
            and posting.exists
            and (posting.ok or not is_plain_markdown(posting.raw[:512]))
        ):
            return False
        path = os.path.join(self._base, relpath)
        try:
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode):
                return False
            held = self._held.get(relpath)
            if held is not None and held.stamp == stamp_of(st):
                return is_plain_markdown(held.raw[:512])
            return is_plain_markdown(read_head(path, 512))
        except OSError:
            return False

    @property
    def dirty(self) -> bool:
        """Something was parsed or inferred that the on-disk cache does not hold."""
        return bool(self._news) or self.inferred_changed

    def entries(self) -> dict[str, tuple[Stamp, Any]]:
        """What the on-disk cache saves: relpath -> (stamp, parsed parts)."""
        return dict(self._memo)

    def add_entries(self, entries: dict[str, tuple[Stamp, Any]]) -> None:
        """Take entries from the on-disk cache (each used only while its stamp holds). A
        posting parsed before the cache was read, and held in it as it is, is no news."""
        for rel, (stamp, packed) in entries.items():
            if isinstance(stamp, Stamp):
                mine = self._memo.setdefault(rel, (stamp, packed))
                if mine[0] == stamp:
                    self._news.discard(rel)

    def saved(self) -> None:
        """The on-disk cache now holds everything parsed and inferred."""
        self._news.clear()
        self.inferred_changed = False

    def forget(self, relpath: str) -> None:
        """Drop what is remembered of ``relpath``."""
        self._memo.pop(relpath, None)
        self._held.pop(relpath, None)


READ_AHEAD_MIN = 2000
"""Fewer postings to parse than this are read by one process (Store.read_ahead): starting
another costs some 20 ms."""

READ_AHEAD_SHARE = 0.45
"""The share of the files the other process reads (Store.read_ahead): a little under half,
as it also pickles what it read and this process unpickles it (about 20 µs a posting in all;
measured at 10,000 postings, docs/decisions.md)."""


def _can_fork() -> bool:
    """May this process hand work to a copy of itself: on Linux (where Python forks to start
    processes, and tells how many processors this process may use), with more than one
    processor, and no other thread that could hold a lock the copy would need?"""
    import threading

    affinity = getattr(os, "sched_getaffinity", None)
    return affinity is not None and len(affinity(0)) > 1 and threading.active_count() == 1


def _read_part(base: str, relpaths: list[str], out: int) -> None:
    """Read and parse ``relpaths`` and write them, pickled, to the file descriptor ``out``
    (in another process: see Store.read_ahead)."""
    part = {}
    for rel in relpaths:
        try:
            st, data = _open_read(base, rel)
        except (PosteditError, OSError):
            continue
        stamp = stamp_of(st)
        part[rel] = (stamp, data, _pack(parse_posting(rel, "", data, stamp)))
    with open(out, "wb", closefd=False) as fh:
        pickle.dump(part, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _pack(p: Posting) -> tuple[Any, ...]:
    """A posting's parsed parts, without its bytes: plain data, cheap to cache."""
    return (p.fields, p.key_lines, p.duplicates, p.front_matter_line, p.body_offset, p.error)


def _unpack(relpath: str, collection: str, data: bytes, stamp: Stamp, packed: Any) -> Posting:
    fields, key_lines, duplicates, front_matter_line, body_offset, error = packed
    return Posting(
        relpath,
        collection,
        raw=data,
        stamp=stamp,
        fields=fields,
        key_lines=key_lines,
        duplicates=duplicates,
        front_matter_line=front_matter_line,
        body_offset=body_offset,
        error=error,
    )


# -- writing ----------------------------------------------------------------------------------


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
        fd, tmp = mkstemp(prefix=f".{path.name}.", suffix=".postedit-tmp", dir=path.parent)
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
    """The process's umask, read without changing it where /proc tells it (setting it to read
    it back would race with the TUI's other threads creating files)."""
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
    """Raise ConflictError when the file is not what ``posting`` was read from: its bytes now
    are compared with the posting's (a missing file with a posting of no file). The file is
    read as a posting is, so one replaced by a pipe or a link out of the repository is a
    conflict, never a wait or a read elsewhere."""
    try:
        _st, data = _open_read(Path(root), posting.relpath)
    except FileNotFoundError:
        if posting.stamp is None:
            return
        raise ConflictError("was deleted on disk since postedit read it", posting.relpath) from None
    except ParseError as exc:
        raise ConflictError(
            f"changed on disk since postedit read it ({exc.message})", posting.relpath
        ) from None
    except OSError as exc:
        raise PosteditError(f"cannot read: {exc.strerror or exc}", posting.relpath) from exc
    if posting.stamp is None:
        raise ConflictError("was created on disk since postedit looked", posting.relpath)
    if data != posting.raw:
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


def delete_posting(root: Path, posting: Posting) -> Posting:
    """Delete the file of ``posting`` after checking it did not change on disk; returns the
    posting as it is now (no file)."""
    path = Path(root) / posting.relpath
    with folder_lock(path.parent):
        check_unchanged(root, posting)
        try:
            os.unlink(path)
        except OSError as exc:
            raise PosteditError(f"cannot delete: {exc.strerror or exc}", posting.relpath) from exc
    return replace(posting, raw=b"", stamp=None, fields={}, key_lines={}, duplicates=(), error=None)
