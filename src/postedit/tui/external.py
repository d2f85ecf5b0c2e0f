"""Open a posting in $VISUAL / $EDITOR with the app suspended.

(Contract stub: the editor issue implements it.)
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

__all__ = ["open_in_editor"]


def open_in_editor(app: App[object], path: Path) -> str | None:
    """Suspend ``app``, run the editor on ``path``, resume; an error message or None."""
    raise NotImplementedError
