"""Posting: one Markdown file with front matter, as read from disk (an immutable value)."""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from postedit.core import frontmatter
from postedit.core.errors import ConflictError, ParseError, PosteditError
from postedit.core.fsops import CLOEXEC
from postedit.core.hashing import sha1_hex

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "MAX_POSTING_BYTES",
    "Posting",
    "Stamp",
    "memo_clear",
    "memo_dirty",
    "memo_items",
    "memo_mark_saved",
    "memo_update",
    "read_posting",
    "stamp_of",
]

MAX_POSTING_BYTES = 8 * 1024 * 1024
"""Postings larger than this are listed with an error, not parsed (a 20 MB 'posting' is a mistake)."""


@dataclass(frozen=True)
class Stamp:
    """What a file looked like when read: compared before every write to refuse lost updates."""

    size: int
    """Size in bytes."""
    mtime_ns: int
    """Modification time in nanoseconds."""
    ino: int
    """Inode number."""
    sha1: str
    """SHA-1 of the content, or "" when it was not computed: the file had not changed for a
    while when it was read, so any later change moves its ctime (see ``ctime_ns``)."""
    ctime_ns: int = 0
    """Status-change time in nanoseconds; with size, mtime and inode, tells that the file
    still holds the bytes read when ``sha1`` is ""."""


def stamp_of(path: Path, data: bytes | None = None) -> Stamp:
    """The stamp of ``path`` now (reading it when ``data`` is not given)."""
    st = os.stat(path)
    if data is None:
        data = path.read_bytes()
    return Stamp(st.st_size, st.st_mtime_ns, st.st_ino, sha1_hex(data), st.st_ctime_ns)


def _stamp(st: os.stat_result, digest: str) -> Stamp:
    """Stamp(...) from a stat, without the frozen __init__'s object.__setattr__ calls."""
    stamp = _new(Stamp)
    stamp.__dict__.update(
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        ino=st.st_ino,
        sha1=digest,
        ctime_ns=st.st_ctime_ns,
    )
    return stamp


def same_content(stamp: Stamp, st: os.stat_result, data: bytes) -> bool:
    """Does ``data``, read from a file whose stat is ``st``, hold what ``stamp`` was taken of?

    By the SHA-1 when the stamp has one; else by size, mtime, inode and ctime: the file had
    settled when it was read (see _SETTLED_NS), so any change since would have moved its ctime.
    """
    if len(data) != stamp.size:
        return False
    if stamp.sha1:
        return sha1_hex(data) == stamp.sha1
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns) == (
        stamp.size,
        stamp.mtime_ns,
        stamp.ino,
        stamp.ctime_ns,
    )


@dataclass(frozen=True)
class Posting:
    """A posting as read: original bytes, typed fields, body, and where each key is."""

    relpath: str
    """Path relative to the repository root, ``/``-separated."""
    collection: str
    """Name of the collection it belongs to."""
    raw: bytes = b""
    """The file's bytes exactly as read (empty when unreadable)."""
    stamp: Stamp | None = None
    """Size, mtime, inode and hash when read; None when the file is missing."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Front-matter values (str, bool, int, float, date, datetime, list, dict, None)."""
    body: str = ""
    """The text after the front matter."""
    key_lines: dict[str, int] = field(default_factory=dict)
    """1-based file line of each top-level key (the last occurrence for duplicates)."""
    duplicates: tuple[tuple[str, int, int], ...] = ()
    """Duplicate keys: (key, first line, later line)."""
    front_matter_line: int = 1
    """1-based line of the opening ``---``."""
    body_offset: int = 0
    """Byte offset of the body in ``raw`` (lets the on-disk cache leave the text out)."""
    error: PosteditError | None = None
    """Why the posting could not be read, or None."""

    @property
    def name(self) -> str:
        """The file name."""
        return self.relpath.rsplit("/", 1)[-1]

    @property
    def ok(self) -> bool:
        """True when the front matter was read."""
        return self.error is None

    def has_body_text(self) -> bool:
        """True when the body is not blank (``bool(body.strip())``), answered from the bytes
        when the body has not been decoded yet (a posting revived from the cache)."""
        known = self.__dict__.get("_has_body")
        if known is not None:
            return bool(known)
        body = self.__dict__.get("body")
        if body is None and self.error is None:
            raw = self.raw
            end = _ASCII_BLANKS.match(raw, self.body_offset).end()  # type: ignore[union-attr]
            if end == len(raw):
                return False
            if 0x20 < raw[end] < 0x80:
                return True  # a printable ASCII character: not blank, whatever follows
        body = self.body
        return bool(body) and not body.isspace()

    @property
    def title(self) -> str:
        """A short human title: ``title``, else ``roles``, else the file name."""
        for key in ("title", "roles", "role", "name"):
            value = self.fields.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return self.name


_ASCII_BLANKS = re.compile(rb"[ \t\n\r\x0b\x0c]*")


def _body_has_text(data: bytes, offset: int) -> bool | None:
    """``has_body_text`` from the file's bytes at parse time (None: decide on the text later),
    kept so that validating a posting never has to read its file again."""
    end = _ASCII_BLANKS.match(data, offset).end()  # type: ignore[union-attr]
    if end == len(data):
        return False
    if 0x20 < data[end] < 0x80:
        return True
    return None


class _LazyBody:
    """``Posting.body`` for a posting revived from the on-disk cache: its file's bytes were read
    (and checked against the stat key) at revival; the text is decoded on first use only, since
    listing and checking rarely need it. Postings built by ``Posting(...)`` hold their body."""

    def __get__(self, obj: Posting | None, owner: type | None = None) -> str:
        if obj is None:
            return ""
        try:
            raw = obj.raw
        except ConflictError:
            return ""  # the file changed or went since it was read: no body to show
        body = raw[obj.body_offset :].decode("utf-8") if obj.error is None else ""
        obj.__dict__["body"] = body
        return body


Posting.body = _LazyBody()  # type: ignore[assignment,misc]  # __init__ still sets .body


class _LazyRaw:
    """``Posting.raw`` for a posting read by ``read_posting``: the bytes are read again from
    its file on first use (a write, a diff, the body), not kept for every posting: 10,000
    postings' bytes are 45 MB the list never needs. The stamp (size, mtime, inode, SHA-1)
    taken when the posting was parsed is checked here: a file deleted or changed since then
    raises ConflictError (as a write would), so the bytes never disagree with the fields."""

    def __get__(self, obj: Posting | None, owner: type | None = None) -> bytes:
        if obj is None:
            return b""
        path = obj.__dict__.get("_path")
        if path is None:
            return b""
        relpath = obj.__dict__.get("relpath")
        try:
            fd = os.open(path, os.O_RDONLY | CLOEXEC)
            try:
                st = os.fstat(fd)
                data = _read_all(fd, st.st_size)
            finally:
                os.close(fd)
        except OSError:
            raise ConflictError("was deleted on disk since postedit read it", relpath) from None
        stamp = obj.__dict__.get("stamp")
        if stamp is not None and not same_content(stamp, st, data):
            raise ConflictError("changed on disk since postedit read it", relpath)
        obj.__dict__["raw"] = data
        return data


Posting.raw = _LazyRaw()  # type: ignore[assignment,misc]  # __init__ still sets .raw


def _copy(posting: Posting, **changes: Any) -> Posting:
    """``replace(posting, **changes)`` without running __init__ (nor decoding a lazy body)."""
    new = object.__new__(Posting)
    new.__dict__.update(posting.__dict__)
    new.__dict__.update(changes)
    return new


StatKey = tuple[int, int, int, int]
"""(size, mtime_ns, inode, ctime_ns): changes whenever the file's content can have changed."""

if TYPE_CHECKING:  # a type alias: annotations only
    Packed = tuple[Any, ...]
    """A posting without its text, as plain data (cheap to unpickle): (stat key, relpath,
    collection, stamp fields or None, fields, key_lines, duplicates, front_matter_line,
    body_offset, error, has body text or None)."""

_MEMO: dict[str, tuple[StatKey, Posting, Packed]] = {}
"""Postings parsed or revived, by absolute path: (stat key, posting, its packed form)."""
_RACY_NS = 2_000_000_000
"""A file modified less than this long before it was read may change again within the same
timestamp tick without its stat changing (git's "racily clean" case): it is not memoised."""
_SETTLED_NS = 2_000_000_000
"""The same margin for hashing: a file whose mtime and ctime are older than this when it is
read gets no SHA-1 in its stamp (its stat tells any later change); a fresher one does.
Separate from _RACY_NS, which tests lower to memoise the files they just wrote."""


_DISK: dict[str, Packed] = {}
"""Entries from the on-disk cache, not yet used."""


def _pack(key: StatKey, p: Posting) -> Packed:
    st = p.stamp
    stamp = None if st is None else (st.size, st.mtime_ns, st.ino, st.sha1, st.ctime_ns)
    return (
        key,
        p.relpath,
        p.collection,
        stamp,
        p.fields,
        p.key_lines,
        p.duplicates,
        p.front_matter_line,
        p.body_offset,
        p.error,
        p.__dict__.get("_has_body"),
    )


def memo_items() -> dict[str, Packed]:
    """Parsed postings by absolute path, packed without their text: what the on-disk cache
    saves (plain tuples: unpickling 10,000 Posting objects cost three times as much)."""
    out = dict(_DISK)
    for path, entry in _MEMO.items():
        out[path] = entry[2]
    return out


def memo_update(items: dict[str, Packed]) -> None:
    """Add entries from the on-disk cache; each is used only while its stat key still holds."""
    _DISK.update(items)


_new = object.__new__
_STAMP_FIELDS = ("size", "mtime_ns", "ino", "sha1", "ctime_ns")


def _revive(path: str, key: StatKey, packed: Packed, relpath: str, collection: str) -> Posting:
    """A cached posting, its stat key checked by the caller (no parsing, no reading: the bytes
    are read and the body decoded when first used, see _LazyRaw and _LazyBody)."""
    try:
        _key, _rel, _col, st, fields, key_lines, dups, fm_line, offset, error, has_body = packed
        stamp = None
        if st is not None:
            stamp = _new(Stamp)
            stamp.__dict__.update(zip(_STAMP_FIELDS, st, strict=True))
    except (ValueError, TypeError):
        return read_posting_uncached(path, relpath, collection)
    posting = _new(Posting)
    posting.__dict__.update(
        relpath=relpath,
        collection=collection,
        _path=path,
        stamp=stamp,
        fields=fields,
        key_lines=key_lines,
        duplicates=dups,
        front_matter_line=fm_line,
        body_offset=offset,
        error=error,
        _has_body=has_body,
    )
    _MEMO[path] = (key, posting, packed)
    return posting


def read_posting_uncached(path: str, relpath: str, collection: str) -> Posting:
    """Read and parse, ignoring the memo (used when a cached entry turns out stale)."""
    _MEMO.pop(path, None)
    _DISK.pop(path, None)
    root = path[: len(path) - len(relpath)] or "."
    return read_posting(Path(root), relpath, collection)


def memo_clear() -> None:
    """Forget every memoised posting."""
    _MEMO.clear()
    _DISK.clear()


_dirty = [False]


def memo_dirty() -> bool:
    """True when postings were parsed since the memo was last saved or loaded."""
    return _dirty[0]


def memo_mark_saved() -> None:
    """Note that the memo matches the on-disk cache."""
    _dirty[0] = False


_OPEN_FLAGS = os.O_RDONLY | CLOEXEC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""Open a posting without following a symbolic link (read_posting checks where it points)
nor blocking on a FIFO named like a posting."""
_LINK_ERRNOS = frozenset(
    e for e in (getattr(errno, "ELOOP", None), getattr(errno, "EMLINK", None)) if e is not None
)
"""What ``open`` with O_NOFOLLOW says of a symbolic link (ELOOP; EMLINK on FreeBSD)."""


def _read_all(fd: int, size: int) -> bytes:
    """The bytes of an open file whose stat gave ``size`` (more if it grew meanwhile)."""
    data = os.read(fd, size + 1)
    if len(data) <= size:
        return data
    chunks = [data]
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _check_kind(st: os.stat_result, relpath: str) -> None:
    """Refuse what is not a regular file of a sensible size (raises PosteditError)."""
    if stat.S_ISDIR(st.st_mode):
        raise ParseError("is a folder, not a file", relpath)
    if not stat.S_ISREG(st.st_mode):
        raise ParseError("not a regular file (a pipe, socket or device?)", relpath)
    if st.st_size > MAX_POSTING_BYTES:
        raise ParseError(
            f"file is too large to be a posting ({st.st_size // 1024 // 1024} MB)", relpath
        )


def _open_read(root: Path, path: str, relpath: str) -> tuple[os.stat_result, bytes, bool]:
    """(stat, bytes, is a symbolic link) of a posting's file; raises PosteditError or OSError.

    One ``open`` + ``fstat`` + ``read``: the stat is that of the file the bytes come from.
    A symbolic link is followed only when it points inside the repository.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno not in _LINK_ERRNOS or not os.path.islink(path):
            raise
        real = os.path.realpath(path)
        if not real.startswith(os.path.realpath(root) + os.sep):
            raise ParseError("symbolic link pointing outside the repository", relpath) from None
        st = os.stat(path)
        _check_kind(st, relpath)
        with open(path, "rb") as fh:
            return st, fh.read(), True
    try:
        st = os.fstat(fd)
        _check_kind(st, relpath)
        return st, _read_all(fd, st.st_size), False
    finally:
        os.close(fd)


def read_posting(root: Path, relpath: str, collection: str) -> Posting:
    """Read ``root/relpath``; never raises for bad content (the error is kept on the Posting).

    A posting whose file has the same size, mtime, inode and ctime as when it was last parsed
    is not parsed again (one ``lstat`` instead).
    """
    path = os.path.join(root, relpath)
    if path in _MEMO or path in _DISK:
        try:
            st = os.lstat(path)
        except OSError:
            pass  # gone: read below, which says why
        else:
            key = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
            hit = _MEMO.get(path)
            if hit is not None and hit[0] == key:
                cached = hit[1]
                if cached.relpath == relpath and cached.collection == collection:
                    return cached
                return _copy(cached, relpath=relpath, collection=collection)
            packed = _DISK.pop(path, None)
            if packed is not None and packed[0] == key:
                return _revive(path, key, packed, relpath, collection)
    now = time.time_ns()
    try:
        st, data, link = _open_read(root, path, relpath)
    except PosteditError as exc:
        return Posting(relpath, collection, error=exc)
    except OSError as exc:
        return Posting(relpath, collection, error=ParseError(exc.strerror or str(exc), relpath))
    age = now - max(st.st_mtime_ns, st.st_ctime_ns)
    stamp = _stamp(st, "" if age > _SETTLED_NS and not link else sha1_hex(data))
    try:
        doc = frontmatter.parse(data, relpath, body=False)
    except PosteditError as exc:
        posting = Posting(relpath, collection, raw=data, stamp=stamp, error=exc)
    else:
        posting = _new(Posting)  # Posting(...) without eleven object.__setattr__ calls
        posting.__dict__.update(
            relpath=relpath,
            collection=collection,
            _path=path,
            stamp=stamp,
            fields=doc.fields,
            key_lines=doc.key_lines,
            duplicates=doc.duplicates,
            front_matter_line=doc.front_matter_line,
            body_offset=doc.body_offset,
            error=None,
            _has_body=_body_has_text(data, doc.body_offset),
        )
    if age > _RACY_NS and not link:
        # the key of the file read (fstat): the next read_posting compares it with an lstat
        key = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        _MEMO[path] = (key, posting, _pack(key, posting))
        _dirty[0] = True
    return posting
