"""The commit dialog: the files, the coloured diff (most of the height, focused), the errors
the edits introduce and those already committed, an editable message."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from postedit.core.discover import BUNDLE_INDEXES
from postedit.core.git.state import plural
from postedit.tui.keys import help_binding, tab_bindings
from postedit.tui.safe import safe_text
from postedit.tui.widgets.inorder_area import InOrderTextArea

__all__ = ["CommitScreen", "DiffView", "MessageArea", "colour_diff"]


def colour_diff(diff: str) -> Group:
    """A unified diff as Rich text: additions green, deletions red, hunks cyan (16 colours).

    An added or removed line wraps, so that a change at the end of a long line (a paragraph,
    a link) is seen whole; the other lines (headers, context) are cut with an ellipsis.
    The lines are the postings' own: what a terminal could act on is shown escaped (a line
    ending's CR is not: CRLF postings would show one on every line).
    """
    out: list[Text | _Changed] = []
    lines = [line.removesuffix("\r") for line in diff.split("\n")]
    if lines[-1] == "":
        lines.pop()  # after the last newline
    for line in lines:
        changed = False
        if line.startswith(("+++", "---", "diff ", "index ", "new file", "deleted file")):
            style = "bold"
        elif line.startswith(("+", "-")):
            style, changed = ("green" if line[0] == "+" else "red"), True
        elif line.startswith("@@"):
            style = "cyan"
        else:
            style = ""
        if changed:
            out.append(_Changed(safe_text(line[0], style), safe_text(line[1:], style)))
        else:
            text = safe_text(line, style)
            text.no_wrap, text.overflow, text.end = True, "ellipsis", "\n"
            out.append(text)
    if not diff.strip():
        out.append(Text("(no textual difference)", style="dim"))
    return Group(*out)


_PAGE_NAMES = (*BUNDLE_INDEXES, *("_" + name for name in BUNDLE_INDEXES))
"""Names a site gives every page of a kind (a bundle's, Hugo's section's ``_index.md``):
their folder tells."""


def _short_name(path: str) -> str:
    """A file as the dialog's title names it: its name, with its folder's for a page named
    as every bundle's is (``trip/index.md``, not a row of ``index.md``)."""
    parts = path.rsplit("/", 2)
    return "/".join(parts[-2:]) if parts[-1] in _PAGE_NAMES else parts[-1]


class _Changed:
    """An added or removed line: its mark in the first column, the rest wrapped beside it, so
    that no continuation starts with a ``+`` or ``-`` of its own (under NO_COLOR, the rest
    of a removed line read as an added one)."""

    def __init__(self, mark: Text, rest: Text) -> None:
        self.mark = mark
        self.rest = rest
        self.rest.overflow = "fold"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - 1)
        lines = console.render_lines(self.rest, options.update(width=width, height=None), pad=False)
        for i, line in enumerate(lines or [[]]):
            yield (
                Segment(self.mark.plain, console.get_style(self.mark.style))
                if i == 0
                else Segment(" ")
            )
            yield from line
            yield Segment.line()


class DiffView(VerticalScroll):
    """The dialog's diff: focused when the dialog opens, scrolled with the arrows, pgup/pgdn,
    home/end; ``enter`` commits (as ``ctrl+s``)."""

    BINDINGS = [
        Binding(
            "enter", "screen.commit", "Commit", show=False, tooltip="In the diff: commit (ctrl+s)"
        )
    ]


class MessageArea(InOrderTextArea):
    """The commit message. The first time it has the focus, a message postedit offers is
    selected, so that what is typed replaces it (an arrow, ``home`` or ``end`` keeps it to
    edit); a message the user wrote before gets the cursor at its end. Textual's TextArea
    left the cursor before the text: a message typed there ran into the offered one."""

    def __init__(self, text: str, *, offered: bool, **kwargs: object) -> None:
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self.offered = offered
        """The text is postedit's proposal, not the user's own message."""
        self._placed = False

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        if self._placed:
            return  # back from the buttons: the cursor stays where the user left it
        self._placed = True
        if self.offered:
            self.select_all()
        else:
            self.move_cursor(self.document.end)


class CommitScreen(ModalScreen["str | None"]):
    """Review and commit the pending edits; dismisses with the message, or None to cancel.

    Only errors the pending edits introduce (``new_errors``) hold ``ctrl+s`` back; ``ctrl+f``
    commits despite them, and the dialog says so in its own text. Errors the last commit
    already had (``old_errors``) are listed as not blocking.
    """

    HOLDS_KEYS = True
    """Keys typed after ``ctrl+s`` or ``escape`` wait until it has acted (PosteditApp._holds):
    ``ctrl+s j`` in the message typed ``j`` into the message it committed."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "commit",
            "Commit",
            id="commit-commit",
            tooltip="Commit; held back, with the reason in the dialog, when the edits "
            "introduce errors (errors already in the last commit never hold it back)",
        ),
        Binding(
            "ctrl+f",
            "commit_anyway",
            "Commit anyway",
            id="commit-anyway",
            priority=True,
            tooltip="Commit despite the errors the edits introduce (a key only then)",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="commit-cancel",
            tooltip="Cancel: nothing is committed, the edits and a message you wrote stay",
        ),
        help_binding(),
        *tab_bindings("part"),  # a message typed at once after tab went to the diff
    ]

    def __init__(
        self,
        files: list[tuple[str, str]],
        diff: str,
        message: str,
        new_errors: list[str] | None = None,
        old_errors: list[str] | None = None,
        *,
        written: bool = False,
    ) -> None:
        super().__init__()
        self.files = files
        """(state letter, path) of each file the commit holds."""
        self.diff = diff
        """The pending diff of those files."""
        self.message = message
        """The prefilled message."""
        self.written = written
        """The prefilled message is the user's own (kept when a dialog was cancelled or a
        hook refused the commit), not postedit's proposal."""
        self.new_errors = new_errors or []
        """Each error the pending edits introduce, on one line (where, then what): they
        hold ``ctrl+s`` back (``ctrl+f`` commits anyway)."""
        self.old_errors = old_errors or []
        """Each error already in the last commit, alike (not blocking)."""
        self.draft: str | None = None
        """Set when cancelled: the message, if the user changed the prefilled one."""

    def compose(self) -> ComposeResult:
        with Vertical(id="commit-dialog", classes="dialog"):
            yield Static(self._title(), id="commit-title")
            with DiffView(id="commit-diff"):
                yield Static(colour_diff(self.diff), id="commit-diff-text")
            if self.new_errors:
                yield Static(self._gate(refused=False), id="commit-gate")
                yield Static(self._new_listing(), id="commit-new-errors")
            if self.old_errors:
                yield Static(self._old_listing(), id="commit-old-errors")
            yield Label(
                "Message (tab edits it; enter in the diff or ctrl+s commits):",
                id="commit-message-label",
            )
            yield MessageArea(
                self.message,
                offered=not self.written,
                id="commit-message",
                soft_wrap=True,
                compact=True,
            )
            with Horizontal(classes="buttons"):
                yield Button("Commit (ctrl+s)", id="commit-button", variant="primary", compact=True)
                if self.new_errors:
                    yield Button(
                        "Commit anyway (ctrl+f)", id="anyway-button", variant="error", compact=True
                    )
                yield Button("Cancel (esc)", id="cancel-button", compact=True)

    def _title(self) -> Text:
        """One line: how many files, and their names (their paths are in the diff)."""
        n = len(self.files)
        names = ", ".join(f"{state} {_short_name(path)}" for state, path in self.files)
        text = Text(f"Commit {plural(n, 'file')}: ", style="bold")
        text.append_text(safe_text(names))
        return text

    def _gate(self, refused: bool) -> Text:
        n = len(self.new_errors)
        errors = plural(n, "new error")
        if refused:
            text = f"Not committed: {errors}. ctrl+f commits anyway; esc goes back to fix."
        else:
            text = f"{errors} in these edits: ctrl+s will not commit; ctrl+f commits anyway."
        return Text(text, style="bold red" if refused else "bold")

    def _new_listing(self) -> Text:
        found = self.new_errors
        lines = found if len(found) <= 2 else [found[0], f"... and {len(found) - 1} more"]
        return safe_text("\n".join(f"  {line}" for line in lines), "red", keep="\n")

    def _old_listing(self) -> Text:
        head = plural(len(self.old_errors), "error")
        first = self.old_errors[0]
        return safe_text(f"{head} already in the last commit (not blocking): {first}")

    def on_mount(self) -> None:
        self.query_one(DiffView).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``ctrl+f`` is there only when the edits introduce errors."""
        return action != "commit_anyway" or bool(self.new_errors)

    @on(Button.Pressed, "#commit-button")
    def _commit_pressed(self) -> None:
        self.action_commit()

    @on(Button.Pressed, "#anyway-button")
    def _anyway_pressed(self) -> None:
        self.action_commit_anyway()

    @on(Button.Pressed, "#cancel-button")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_commit(self) -> None:
        """Commit with the message as edited; held back, with the reason shown in the
        dialog, while the edits introduce errors."""
        if self.new_errors:
            gate = self.query_one("#commit-gate", Static)
            gate.update(self._gate(refused=True))
            return
        self._finish()

    def action_commit_anyway(self) -> None:
        """Commit even though the edits introduce errors."""
        self._finish()

    def _finish(self) -> None:
        message = self.query_one("#commit-message", TextArea).text.strip()
        if not message:
            label = self.query_one("#commit-message-label", Label)
            label.update(Text("The message is empty: write one (tab), then commit.", "bold red"))
            self.query_one("#commit-message", TextArea).focus()
            return
        self.dismiss(message)

    def action_cancel(self) -> None:
        """Close without committing (a message the user wrote is kept: see ``draft``)."""
        text = self.query_one("#commit-message", TextArea).text.strip()
        if text and text != self.message.strip():
            self.draft = text
        self.dismiss(None)
