"""Drawing in a terminal whose charset is not UTF-8 (a server's ``LANG=fr_FR.ISO-8859-1``).

Python writes the screen in the locale's charset and spells each character it lacks as its
escape (``\\u2501``): every line of a frame, a scrollbar's thumb and the key bar's separator
became six letters wide, and the screen fell apart. ``CharsetFilter`` draws each character the
charset lacks with one it has, in as many cells: lines as ``-``, ``|`` and ``+``, blocks as
``#``, ``_`` and ``|``, a few signs as their ASCII look-alikes, anything else as ``?`` (``??``
for a wide one); the accents of latin-1 stay. It is only installed for such a charset.
"""

from __future__ import annotations

import codecs
import unicodedata

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

__all__ = ["CharsetFilter", "is_unicode", "look_alike"]

_SIGNS = {
    "…": ".",
    "—": "-",
    "–": "-",
    "•": "*",
    "●": "*",
    "✓": "v",
    "✗": "x",
    "▼": "v",
    "▲": "^",
    "▶": ">",
    "◀": "<",
    "→": ">",
    "←": "<",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
}
"""Signs postedit and Textual draw, as the ASCII character closest in look."""

_BLOCKS = "-" + "_" * 3 + "#" * 5 + "|" * 8 + "#" * 3 + "-" + "|" + "#" * 10
"""U+2580-U+259F (Textual's tall borders and scrollbar thumbs): upper bars ``-``, low ones
``_``, left and right ones ``|``, the rest ``#``."""


def is_unicode(encoding: str | None) -> bool:
    """Can text in ``encoding`` hold every character (or is it unknown: then assume so)?"""
    if not encoding:
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return True


def look_alike(ch: str) -> str:
    """``ch`` drawn in ASCII, as wide as it is (nothing for a combining mark)."""
    sign = _SIGNS.get(ch)
    if sign is not None:
        return sign
    words = set(unicodedata.name(ch, "").split())
    if "BOX" in words and "DRAWINGS" in words:
        across = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"})
        down = bool(words & {"VERTICAL", "UP", "DOWN"})
        return "-" if across and not down else "|" if down and not across else "+"
    if 0x2580 <= ord(ch) <= 0x259F:
        return _BLOCKS[ord(ch) - 0x2580]
    return "?" * cell_len(ch)


class CharsetFilter(LineFilter):
    """Draws the characters ``encoding`` lacks with their ASCII look-alikes (see module)."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self.encoding = encoding
        """The terminal's charset (Python's name for it)."""
        self._drawn: dict[str, str] = {}
        """Each character met: itself, or its look-alike."""

    def _fits(self, text: str) -> bool:
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError:
            return False
        return True

    def _draw(self, ch: str) -> str:
        drawn = self._drawn.get(ch)
        if drawn is None:
            drawn = self._drawn[ch] = ch if self._fits(ch) else look_alike(ch)
        return drawn

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments, each character the charset lacks replaced."""
        out = []
        for segment in segments:
            text, style, control = segment
            if control is None and not self._fits(text):
                segment = Segment("".join(map(self._draw, text)), style, control)
            out.append(segment)
        return out
