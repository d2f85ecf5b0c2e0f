"""Posting: one Markdown file with front matter, as read from disk (an immutable value)."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postedit.core import frontmatter
from postedit.core.errors import ParseError, PosteditError

__all__ = ["MAX_POSTING_BYTES", "Posting", "Stamp", "read_posting", "stamp_of"]

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


def read_posting(root: Path, relpath: str, collection: str) -> Posting:
    """Read ``root/relpath``; never raises for bad content (the error is kept on the Posting)."""
    path = os.path.join(root, relpath)
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            real = os.path.realpath(path)
            if not real.startswith(os.path.realpath(root) + os.sep):
                raise ParseError("symbolic link pointing outside the repository", relpath)
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
        return Posting(relpath, collection, raw=data, stamp=stamp, error=exc)
    return Posting(
        relpath,
        collection,
        raw=data,
        stamp=stamp,
        fields=doc.fields,
        body=doc.body,
        key_lines=doc.key_lines,
        duplicates=doc.duplicates,
        front_matter_line=doc.front_matter_line,
    )
