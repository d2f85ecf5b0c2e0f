"""Text from postings as Rich text for the screen: what a terminal could act on shown dim.

Textual draws a widget's text as it is: an ESC in a title would reach the terminal and clear
the screen or set its title (Textual strips only a few cursor-moving controls). Every widget
that shows text from a posting (a value, a key, a file name, a message quoting them, a diff)
builds it with ``safe_text``, which shows each such character as its escape
(``core.sanitize``) in a dim style; strings handed to ``notify`` and ``Static`` go through
``core.sanitize.visible``.
"""

from __future__ import annotations

from rich.text import Text

from postedit.core.sanitize import pieces

__all__ = ["ESCAPE_STYLE", "escape", "safe_text"]

ESCAPE_STYLE = "dim"
"""How an escape is drawn: set apart from the text around it, in 16 colours and without."""


def escape(text: str) -> str:
    """``text`` in Textual markup, shown as it is. Textual reads any ``[...]`` as a tag
    (``[JOBS]``, ``[ x]``), which ``rich.markup.escape`` leaves as they are: a commit-msg
    hook's ``[JOBS] Close ...`` lost its first word. Every ``[`` is escaped."""
    return text.replace("[", "\\[")


def safe_text(text: str, style: str = "", *, keep: str = "", limit: int | None = None) -> Text:
    """``text`` as Rich text in ``style``, its unsafe characters shown as dim escapes.

    ``keep``: characters the widget draws itself (``"\\n"`` in a multi-line view). ``limit``:
    at most this many characters are looked at (a table cell shows a few dozen). Never parsed
    as markup.
    """
    out = Text(style=style)
    for piece, escaped in pieces(text, keep, limit):
        out.append(piece, ESCAPE_STYLE if escaped else None)
    return out
