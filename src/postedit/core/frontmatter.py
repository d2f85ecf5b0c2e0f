"""Split, read and patch YAML front matter byte for byte.

Reading uses PyYAML's composer (libyaml's C one when available) so every top-level key and
value is located in the text; writing replaces only the span of the edited value (or the
edited key's block), so everything else -- key order, quotes, comments, blank lines, line
endings, BOM, final newline, body -- stays exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = [
    "Document",
    "has_front_matter",
    "parse",
    "patch",
    "render_new",
    "replace_body",
]

SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if yaml.__with_libyaml__ else yaml.SafeLoader

BOM = "\ufeff"


@dataclass(frozen=True)
class Document:
    """A parsed posting: typed fields, body, and where each key stands."""

    fields: dict[str, Any]
    """Front-matter values."""
    body: str
    """Text after the closing ``---`` line."""
    key_lines: dict[str, int]
    """1-based file line of each top-level key."""
    duplicates: tuple[tuple[str, int, int], ...]
    """(key, first line, later line) for each repeated key."""
    front_matter_line: int = 1
    """1-based line of the opening ``---``."""


def has_front_matter(data: bytes) -> bool:
    """Cheap check used by discovery: does the file start with a ``---`` line?"""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.startswith(b"---") and data[3:4] in (b"\n", b"\r", b" ", b"\t")


def parse(data: bytes, path: str | None = None) -> Document:
    """Parse a posting's bytes; raises ParseError (with the line) for anything unreadable."""
    raise NotImplementedError


def patch(
    data: bytes,
    changes: Mapping[str, Any] | None = None,
    unset: Iterable[str] = (),
    path: str | None = None,
) -> bytes:
    """Return ``data`` with top-level keys set (``changes``) or removed (``unset``), losslessly.

    Keys not present are appended at the end of the front matter. Returns ``data`` itself
    when nothing changes. Raises ParseError when the posting cannot be read.
    """
    raise NotImplementedError


def replace_body(data: bytes, body: str, path: str | None = None) -> bytes:
    """Return ``data`` with its body replaced (newlines converted to the file's style)."""
    raise NotImplementedError


def render_new(fields: Mapping[str, Any], body: str = "") -> bytes:
    """Bytes of a new posting with these fields (in order) and body, LF line endings."""
    raise NotImplementedError
