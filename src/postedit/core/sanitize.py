"""Text from postings made safe for a terminal: control characters are shown, never sent.

Postings are written by other people (through a web CMS, a pull request, a merge). A title
such as ``"\\e]0;pwned\\a\\e[2J"`` written to a terminal as it is would set the terminal's
title, clear the screen, or make the terminal type an answer into the shell. Every exit of
postedit to a terminal -- the CLI's tables, reports and error messages, the TUI's cells,
labels, notices and diff views -- passes such text through ``visible`` (or ``pieces`` where
the escapes are drawn in a dim style), which replaces each character a terminal could act
on by its escape, spelled as Python spells it (``\\x1b``, ``\\x9b``, ``\\u202e``): the same
spelling ``check`` messages use for quoted values.

What is replaced (see ``_UNSAFE``):

- C0 controls (``\\x00``-``\\x1f``: ESC, BEL, backspace, carriage return...) except the tab
  and newline a context allows (``keep``), DEL (``\\x7f``), and C1 controls
  (``\\x80``-``\\x9f``, of which ``\\x9b`` is a one-character CSI for some terminals);
- bidirectional embeddings, overrides and isolates (``\\u202a``-``\\u202e``,
  ``\\u2066``-``\\u2069``), which reorder how the rest of a line reads;
- lone surrogates, which is how Python holds the bytes of a file name that are not UTF-8
  (``surrogateescape``): shown as the byte (``\\xff``), and never an encoding error.

Everything else, accents, emoji and their zero-width joiners included, is left alone. The
work is one regular-expression scan: linear in the text, and nothing at all for plain text.

This module imports nothing from Textual or Rich: the TUI turns ``pieces`` into styled text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = [
    "for_commit",
    "for_spreadsheet",
    "has_unsafe",
    "json_safe",
    "jsonable",
    "pieces",
    "visible",
]

_UNSAFE_CLASS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
"""A character a terminal could act on (or that cannot be written as UTF-8)."""
_RUNS: dict[str, re.Pattern[str]] = {}
"""For each ``keep``: a run of unsafe characters but those."""

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
"""The escapes Python's repr uses for these three (``\\x09`` would read worse)."""

ELLIPSIS = "…"
"""Ends a text cut by ``limit``."""


def _escape(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): that byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _run_pattern(keep: str) -> re.Pattern[str]:
    pattern = _RUNS.get(keep)
    if pattern is None:
        allowed = "".join(re.escape(c) for c in keep)
        pattern = re.compile(
            f"(?:(?![{allowed}])[{_UNSAFE_CLASS}])+" if keep else f"[{_UNSAFE_CLASS}]+"
        )
        _RUNS[keep] = pattern
    return pattern


def _escape_run(match: re.Match[str]) -> str:
    return "".join(map(_escape, match.group()))


def has_unsafe(text: str, keep: str = "") -> bool:
    """True when ``text`` holds a character ``visible`` would replace (``keep`` aside)."""
    if keep:
        return _run_pattern(keep).search(text) is not None
    return _UNSAFE.search(text) is not None


def _cut(text: str, limit: int | None) -> tuple[str, bool]:
    if limit is not None and len(text) > limit:
        return text[: max(0, limit - 1)], True
    return text, False


def visible(text: str, keep: str = "", limit: int | None = None) -> str:
    """``text`` with every character a terminal could act on shown as its escape.

    ``keep``: characters left as they are where the context draws them itself (``"\\n"`` in
    a multi-line view, ``"\\t"`` where tabs are expanded). ``limit``: at most this many
    characters of ``text`` are looked at, the rest shown as ``…`` (a table cell needs a few
    dozen of a 1 MB value).
    """
    text, cut = _cut(text, limit)
    if _UNSAFE.search(text) is not None:
        text = _run_pattern(keep).sub(_escape_run, text)
    return text + ELLIPSIS if cut else text


def pieces(text: str, keep: str = "", limit: int | None = None) -> list[tuple[str, bool]]:
    """``visible(text, keep, limit)`` as (text, is an escape) pieces, in order, for a view
    that draws the escapes differently (the TUI dims them). Plain text is one piece."""
    text, cut = _cut(text, limit)
    out: list[tuple[str, bool]] = []
    if _UNSAFE.search(text) is None:
        if text:
            out.append((text, False))
    else:
        at = 0
        for match in _run_pattern(keep).finditer(text):
            if match.start() > at:
                out.append((text[at : match.start()], False))
            out.append((_escape_run(match), True))
            at = match.end()
        if at < len(text):
            out.append((text[at:], False))
    if cut:
        out.append((ELLIPSIS, False))
    return out


_DROP = re.compile(f"[{_UNSAFE_CLASS}]+")


def for_commit(text: str) -> str:
    """``text`` (a posting's title) fit for a commit message's line: control characters and
    the other characters ``visible`` escapes are dropped, and runs of white space (tabs,
    newlines) become one space. A commit message outlives the posting and is shown raw by
    ``git log`` in every clone, so nothing of the hostile text is kept, not even escaped."""
    return " ".join(_DROP.sub(" ", text).split())


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters it left
    raw and a terminal could act on -- DEL, C1 controls, bidirectional overrides -- and lone
    surrogates (file-name bytes that are not UTF-8) written as ``\\uXXXX`` escapes.

    The data is the same (a JSON reader sees the same strings; json.dumps already escapes
    C0 controls), and the output is valid UTF-8 whatever the file names. These characters
    only ever occur inside JSON strings, so the replacement needs no parsing.
    """
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)


def jsonable(value: Any) -> Any:
    """A front-matter value as JSON data: dates and datetimes as ISO 8601 strings, every
    mapping key as text (YAML allows ``2024-01-01:``, which json.dumps refuses), a set in a
    stable order, NaN and infinities as text."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, set):
        return [jsonable(v) for v in _ordered(value)]
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value


def _ordered(items: set[Any]) -> list[Any]:
    """A YAML ``!!set`` in a stable order (iterating a set of text changes at every run)."""
    try:
        return sorted(items)
    except TypeError:  # mixed types
        return sorted(items, key=repr)


_FORMULA_START = frozenset("=+-@\t\r")
"""First characters that make Excel, LibreOffice Calc or Google Sheets read a CSV cell as a
formula (OWASP's "CSV injection" list)."""


def for_spreadsheet(text: str) -> str:
    """``text`` for a CSV cell, which a spreadsheet shows as text rather than runs: prefixed
    with ``'`` when it starts as a formula does (``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return), also after spaces, which an importer may trim. The quote is the
    spreadsheets' own mark for "text" (typed in a cell, it is not shown); a title
    ``=HYPERLINK(...)`` or ``@SUM(...)`` from a posting is shown, never evaluated. Other text
    is returned as it is. Numbers are the caller's to leave out: ``-3`` is data."""
    if text[:1] in _FORMULA_START or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text
