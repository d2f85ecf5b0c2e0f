"""A yes/no question as a modal dialog (returns a bool)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from postedit.core.sanitize import visible
from postedit.tui.keys import help_binding

__all__ = ["ConfirmScreen"]


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question``; ``y``/enter on the yes button confirms, ``n``/escape declines."""

    BINDINGS = [
        Binding(
            "y",
            "answer(True)",
            "Yes",
            id="confirm-yes",
            tooltip="The answer whose button says (y): Revert, Delete, Quit...",
        ),
        Binding(
            "n",
            "answer(False)",
            "No",
            id="confirm-no",
            tooltip="The answer whose button says (n): Keep, Stay...",
        ),
        Binding(
            "escape",
            "answer(False)",
            "Cancel",
            id="confirm-cancel",
            tooltip="Cancel: the same as n",
        ),
        help_binding(),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            # the question often names postings (paths, titles): shown escaped
            yield Static(visible(self.question, keep="\n"), id="confirm-question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="confirm-yes-button", variant="primary")
                yield Button(f"{self.no} (n)", id="confirm-no-button")

    def on_mount(self) -> None:
        self.query_one("#confirm-no-button", Button).focus()

    @on(Button.Pressed, "#confirm-yes-button")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no-button")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        """Dismiss with ``value``."""
        self.dismiss(value)
