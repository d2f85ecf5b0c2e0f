"""Posting: one Markdown file with front matter, as read from disk (an immutable value)."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from postedit.core import frontmatter
from postedit.core.errors import ParseError, PosteditError

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
    """SHA-1 of the content."""


def stamp_of(path: Path, data: bytes | None = None) -> Stamp:
    """The stamp of ``path`` now (reading it when ``data`` is not given)."""
    st = os.stat(path)
    if data is None:
        data = path.read_bytes()
    return Stamp(st.st_size, st.st_mtime_ns, st.st_ino, hashlib.sha1(data).hexdigest())


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

    @property
    def title(self) -> str:
        """A short human title: ``title``, else ``roles``, else the file name."""
        for key in ("title", "roles", "role", "name"):
            value = self.fields.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return self.name


StatKey = tuple[int, int, int, int]
"""(size, mtime_ns, inode, ctime_ns): changes whenever the file's content can have changed."""

_MEMO: dict[str, tuple[StatKey, Posting]] = {}
_RACY_NS = 2_000_000_000
"""A file modified less than this long before it was read may change again within the same
timestamp tick without its stat changing (git's "racily clean" case): it is not memoised."""


_DISK: dict[str, tuple[StatKey, Posting]] = {}
"""Entries from the on-disk cache, without their text (``raw``/``body``), not yet used."""


def memo_items() -> dict[str, tuple[StatKey, Posting]]:
    """Parsed postings by absolute path, without their text: what the on-disk cache saves."""
    out = dict(_DISK)
    for path, (key, p) in _MEMO.items():
        out[path] = (key, replace(p, raw=b"", body=""))
    return out


def memo_update(items: dict[str, tuple[StatKey, Posting]]) -> None:
    """Add entries from the on-disk cache; each is used only while its stat key still holds."""
    _DISK.update(items)


def _revive(path: str, key: StatKey, slim: Posting, relpath: str, collection: str) -> Posting:
    """A cached posting with its text read back from disk (no parsing)."""
    with open(path, "rb") as fh:
        data = fh.read()
    if len(data) != key[0]:
        return read_posting_uncached(path, relpath, collection)
    body = data[slim.body_offset :].decode("utf-8") if slim.error is None else ""
    posting = replace(slim, raw=data, body=body, relpath=relpath, collection=collection)
    _MEMO[path] = (key, posting)
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


def read_posting(root: Path, relpath: str, collection: str) -> Posting:
    """Read ``root/relpath``; never raises for bad content (the error is kept on the Posting).

    A posting whose file has the same size, mtime, inode and ctime as when it was last parsed
    is not parsed again (one ``lstat`` instead).
    """
    path = os.path.join(root, relpath)
    try:
        st = os.lstat(path)
        key = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        hit = _MEMO.get(path)
        if hit is not None and hit[0] == key:
            cached = hit[1]
            if cached.relpath == relpath and cached.collection == collection:
                return cached
            return replace(cached, relpath=relpath, collection=collection)
        slim = _DISK.pop(path, None)
        if slim is not None and slim[0] == key:
            return _revive(path, key, slim[1], relpath, collection)
        if stat.S_ISLNK(st.st_mode):
            real = os.path.realpath(path)
            if not real.startswith(os.path.realpath(root) + os.sep):
                raise ParseError("symbolic link pointing outside the repository", relpath)
            st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(st.st_mode):
            raise ParseError("not a regular file (a pipe, socket or device?)", relpath)
        if st.st_size > MAX_POSTING_BYTES:
            raise ParseError(
                f"file is too large to be a posting ({st.st_size // 1024 // 1024} MB)", relpath
            )
        with open(path, "rb") as fh:
            data = fh.read()
        stamp = Stamp(st.st_size, st.st_mtime_ns, st.st_ino, hashlib.sha1(data).hexdigest())
    except PosteditError as exc:
        return Posting(relpath, collection, error=exc)
    except IsADirectoryError:
        return Posting(relpath, collection, error=ParseError("is a folder, not a file", relpath))
    except OSError as exc:
        return Posting(relpath, collection, error=ParseError(exc.strerror or str(exc), relpath))
    try:
        doc = frontmatter.parse(data, relpath)
    except PosteditError as exc:
        posting = Posting(relpath, collection, raw=data, stamp=stamp, error=exc)
    else:
        posting = Posting(
            relpath,
            collection,
            raw=data,
            stamp=stamp,
            fields=doc.fields,
            body=doc.body,
            key_lines=doc.key_lines,
            duplicates=doc.duplicates,
            front_matter_line=doc.front_matter_line,
            body_offset=doc.body_offset,
        )
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > _RACY_NS:
        _MEMO[path] = (key, posting)
        _dirty[0] = True
    return posting
