"""Posting: one Markdown file with front matter, as read (a plain immutable value).

A Posting holds the file's bytes exactly as read and what was parsed from them. It does no
I/O: reading files, the memo of parsed postings and the check that a file did not change
before a write live in core/store.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from postedit.core import frontmatter
from postedit.core.errors import PosteditError

__all__ = ["MAX_POSTING_BYTES", "Posting", "Stamp", "parse_posting"]

MAX_POSTING_BYTES = 8 * 1024 * 1024
"""Postings larger than this are listed with an error, not parsed (a 20 MB 'posting' is a mistake)."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """The file's stat when it was read: tells the store whether it may have changed since."""

    size: int
    """Size in bytes."""
    mtime_ns: int
    """Modification time in nanoseconds."""
    ino: int
    """Inode number."""
    ctime_ns: int = 0
    """Status-change time in nanoseconds."""

    def __reduce__(self) -> tuple[type[Stamp], tuple[int, int, int, int]]:
        # pickled as its four numbers: the cache holds one stamp per posting, and a frozen
        # dataclass's default pickling (getstate/setstate in Python) doubles its save time
        return (Stamp, (self.size, self.mtime_ns, self.ino, self.ctime_ns))


@dataclass(frozen=True, slots=True)
class Posting:
    """A posting as read: original bytes, typed fields, and where each key is."""

    relpath: str
    """Path relative to the repository root, ``/``-separated."""
    collection: str
    """Name of the collection it belongs to."""
    raw: bytes = b""
    """The file's bytes exactly as read (empty when missing or unreadable)."""
    stamp: Stamp | None = None
    """The file's stat when read; None when there was no file."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Front-matter values (str, bool, int, float, date, datetime, list, dict, None)."""
    key_lines: dict[str, int] = field(default_factory=dict)
    """1-based file line of each top-level key (the last occurrence for duplicates)."""
    duplicates: tuple[tuple[str, int, int], ...] = ()
    """Duplicate keys: (key, first line, later line)."""
    front_matter_line: int = 1
    """1-based line of the opening ``---``."""
    body_offset: int = 0
    """Byte offset of the body in ``raw``."""
    error: PosteditError | None = None
    """Why the posting could not be read, or None."""
    inherited: dict[str, Any] | None = field(default=None, compare=False)
    """Values the site gives the posting from other files (Eleventy's directory data, Hugo's
    ``cascade``: core/inherit.py), where they change what its front matter says; read by
    the list, the filter and the states (``site_fields``), never written. Set by
    Workspace.read; None when there are none (most sites): a mapping made for each of
    10,000 postings put the filter's slowest keystrokes from 30 to 50-60 ms (bench)."""

    @property
    def site_fields(self) -> Mapping[str, Any]:
        """The fields as the site reads them: the front matter's, with ``inherited`` over
        them (the same mapping when nothing is inherited: most sites)."""
        return {**self.fields, **self.inherited} if self.inherited else self.fields

    @property
    def name(self) -> str:
        """The file name."""
        return self.relpath.rsplit("/", 1)[-1]

    @property
    def ok(self) -> bool:
        """True when the front matter was read."""
        return self.error is None

    @property
    def exists(self) -> bool:
        """True when there was a file to read."""
        return self.stamp is not None

    @property
    def contents(self) -> bytes | None:
        """The file's bytes, None when there was no file (what ``parse_posting`` was given):
        how the session, the ledger and undo tell "empty" from "absent"."""
        return self.raw if self.stamp is not None else None

    @property
    def body(self) -> str:
        """The text after the front matter ("" when the posting could not be read).

        Decoded from ``raw`` when asked: the list of 10,000 postings rarely needs a body, and
        keeping both the bytes and the text would double the memory they take.
        """
        if self.error is not None:
            return ""
        return self.raw[self.body_offset :].decode("utf-8")

    def has_body_text(self) -> bool:
        """True when the body is not blank."""
        end = _ASCII_BLANKS.match(self.raw, self.body_offset).end()  # type: ignore[union-attr]
        if self.error is not None or end == len(self.raw):
            return False
        if 0x20 < self.raw[end] < 0x80:
            return True  # a printable ASCII character: not blank, whatever follows
        return not self.body.isspace()


_ASCII_BLANKS = re.compile(rb"[ \t\n\r\x0b\x0c]*")


def parse_posting(
    relpath: str, collection: str, data: bytes | None, stamp: Stamp | None = None
) -> Posting:
    """A posting parsed from ``data`` (None: there is no file); never raises for bad content
    (the error is kept on the Posting). ``stamp``: the stat of the file ``data`` came from."""
    if data is None:
        return Posting(relpath, collection)
    if stamp is None:
        stamp = Stamp(len(data), 0, 0)
    try:
        doc = frontmatter.parse(data, relpath, body=False)
    except PosteditError as exc:
        return Posting(relpath, collection, raw=data, stamp=stamp, error=exc)
    return Posting(
        relpath,
        collection,
        raw=data,
        stamp=stamp,
        fields=doc.fields,
        key_lines=doc.key_lines,
        duplicates=doc.duplicates,
        front_matter_line=doc.front_matter_line,
        body_offset=doc.body_offset,
    )
