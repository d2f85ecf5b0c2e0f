"""A posting's history (commits that touched it) and the diff of one commit."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from postedit.core.sanitize import visible
from postedit.tui.keys import help_binding
from postedit.tui.safe import safe_text
from postedit.tui.screens.commit import colour_diff

__all__ = ["DiffScreen", "HistoryScreen"]


class HistoryScreen(ModalScreen[None]):
    """The commits that touched ``relpath``; enter shows one's diff, ``r`` restores the
    posting as that commit left it, escape closes."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="history-close", tooltip="Close the history"),
        Binding(
            "r",
            "restore",
            "Restore",
            id="history-restore",
            tooltip="Restore the posting as the highlighted commit left it (as before it, "
            "for a commit that deleted it): a pending edit, ctrl+z in the list undoes it",
        ),
        help_binding(),
    ]

    class Restore(Message):
        """Bring back ``relpath`` as commit ``sha`` left it (at ``path`` then)."""

        def __init__(self, relpath: str, sha: str, path: str) -> None:
            super().__init__()
            self.relpath = relpath
            self.sha = sha
            self.path = path

    class ShowDiff(Message):
        """Show what commit ``sha`` did to the posting (at ``path`` then)."""

        def __init__(self, sha: str, path: str) -> None:
            super().__init__()
            self.sha = sha
            self.path = path

    def __init__(self, relpath: str, entries: list[Any]) -> None:
        super().__init__()
        self.relpath = relpath
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog", classes="dialog"):
            yield Label(safe_text(f"History of {self.relpath}"), id="history-title")
            if not self.entries:
                yield Static("No commit touched this posting yet.", markup=False)
            options = [
                Option(safe_text(f"{e.sha[:7]} {e.date[:10]} {e.author}: {e.subject}"), id=str(i))
                for i, e in enumerate(self.entries)
            ]
            yield OptionList(*options, id="history-list")
            yield Static("enter: diff  r: restore this version  esc: close", id="history-keys")

    @on(OptionList.OptionSelected, "#history-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[int(event.option.id or 0)]
        self.post_message(self.ShowDiff(entry.sha, entry.path))

    def action_restore(self) -> None:
        """Restore the highlighted version of the posting."""
        index = self.query_one("#history-list", OptionList).highlighted
        if index is None or not self.entries:
            return
        entry = self.entries[index]
        self.post_message(self.Restore(self.relpath, entry.sha, entry.path))

    def action_close(self) -> None:
        """Close the history."""
        self.dismiss(None)


class DiffScreen(ModalScreen[None]):
    """A coloured, scrollable diff."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="diff-close", tooltip="Close the diff"),
        help_binding(),
    ]

    def __init__(self, title: str, diff: str) -> None:
        super().__init__()
        self.title_text = title
        self.diff = diff

    def compose(self) -> ComposeResult:
        with Vertical(id="diff-dialog", classes="dialog"):
            yield Label(visible(self.title_text), id="diff-title", markup=False)
            with VerticalScroll(id="diff-body"):
                yield Static(colour_diff(self.diff), id="diff-text")

    def action_close(self) -> None:
        """Close the diff."""
        self.dismiss(None)
