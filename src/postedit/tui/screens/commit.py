"""The commit dialog: problems first, the files, the coloured diff, an editable message."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Static, TextArea

from postedit.tui.keys import help_binding
from postedit.tui.safe import safe_text
from postedit.tui.widgets.ticks import TickBox

__all__ = ["CommitScreen", "colour_diff"]


def colour_diff(diff: str) -> Text:
    """A unified diff as Rich text: additions green, deletions red, hunks cyan (16 colours).

    The lines are the postings' own: what a terminal could act on is shown escaped (a line
    ending's CR is not: CRLF postings would show one on every line).
    """
    text = Text(no_wrap=True, overflow="ellipsis")
    lines = [line.removesuffix("\r") for line in diff.split("\n")]
    if lines[-1] == "":
        lines.pop()  # after the last newline
    for line in lines:
        if line.startswith(("+++", "---", "diff ", "index ", "new file", "deleted file")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        else:
            style = ""
        text.append_text(safe_text(line, style))
        text.append("\n")
    if not diff.strip():
        text.append("(no textual difference)", style="dim")
    return text


class CommitScreen(ModalScreen["str | None"]):
    """Review and commit the pending edits; dismisses with the message, or None to cancel."""

    BINDINGS = [
        Binding("ctrl+s", "commit", "Commit", id="commit-commit", priority=True),
        Binding("escape", "cancel", "Cancel", id="commit-cancel"),
        help_binding(),
    ]

    def __init__(
        self,
        files: list[tuple[str, str]],
        diff: str,
        message: str,
        problems: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.files = files
        """(state letter, path) of each file the commit holds."""
        self.diff = diff
        """The pending diff of those files."""
        self.message = message
        """The prefilled message."""
        self.problems = problems or []
        """Errors in the postings to commit: shown first, need an explicit confirmation."""

    def compose(self) -> ComposeResult:
        with Vertical(id="commit-dialog", classes="dialog"):
            yield Label(f"Commit {len(self.files)} file(s)", id="commit-title")
            if self.problems:
                problems = safe_text("\n".join(self.problems), "bold red", keep="\n")
                yield Static(problems, id="commit-problems")
                yield TickBox("Commit despite these errors", id="commit-anyway", compact=True)
            listing = safe_text("\n".join(f"{s} {path}" for s, path in self.files), keep="\n")
            yield Static(listing, id="commit-files")
            with VerticalScroll(id="commit-diff"):
                yield Static(colour_diff(self.diff), id="commit-diff-text")
            yield Label("Message (tab to edit it, ctrl+s to commit):", id="commit-message-label")
            yield TextArea(self.message, id="commit-message", soft_wrap=True, compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Commit (ctrl+s)", id="commit-button", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel-button", compact=True)

    def on_mount(self) -> None:
        self.query_one("#commit-button", Button).focus()

    @on(Button.Pressed, "#commit-button")
    def _commit_pressed(self) -> None:
        self.action_commit()

    @on(Button.Pressed, "#cancel-button")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_commit(self) -> None:
        """Commit with the message as edited (refused while errors are not confirmed)."""
        if self.problems and not self.query_one("#commit-anyway", Checkbox).value:
            self.notify(
                "Some postings have errors: tick 'Commit despite these errors' to go on.",
                severity="warning",
            )
            self.query_one("#commit-anyway", Checkbox).focus()
            return
        message = self.query_one("#commit-message", TextArea).text.strip()
        if not message:
            self.notify("The commit message is empty.", severity="warning")
            self.query_one("#commit-message", TextArea).focus()
            return
        self.dismiss(message)

    def action_cancel(self) -> None:
        """Close without committing."""
        self.dismiss(None)
