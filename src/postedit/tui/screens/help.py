"""The help screen: the keys of the screen it was opened on (and the filter grammar)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from postedit.core.site import STATE_MARKS
from postedit.tui.keys import KeyRow
from postedit.tui.safe import safe_text

__all__ = ["FILTER_TERMS", "ROW_MARKS", "HelpScreen"]

FILTER_TERMS: tuple[KeyRow, ...] = (
    KeyRow("word", "In the title, the fields or the body (case and accents ignored)"),
    KeyRow('"two words"', "A phrase"),
    KeyRow("body:word", "In the body only"),
    KeyRow("field:value", "Equality: open:true  city:paris  title:dev*  (a list: any item)"),
    KeyRow("field>value", "Comparison: date>2021-09-01  salary>40000  (also < >= <=)"),
    KeyRow("field~regex", 'A regular expression: title~"^Dev"  (case counts)'),
    KeyRow("date<today", "Relative dates: today yesterday tomorrow -30d +7d -2w +1m -1y"),
    KeyRow(
        "date:2021",
        "A year, or a month (date:2021-08), is the whole period; date and title are the "
        "site's (a file name's date counts)",
    ),
    KeyRow("has:field", "The field is present and not empty"),
    KeyRow(
        "is:draft",
        "Also is:published is:scheduled is:expired is:headless, and is:modified is:invalid "
        "is:warning "
        "is:marked is:new is:deleted",
    ),
    KeyRow("in:jobs", "The postings of a collection"),
    KeyRow("a OR b", "Either; parentheses group: open:true (paris OR lyon)"),
    KeyRow("-term", "Excludes: -open:true  NOT open:true  -lyon  -(a OR b)"),
    KeyRow("@name", "A saved filter (@ lists them); @name=value: a value of a grouping"),
    KeyRow("", "Terms side by side must all hold; an empty filter shows everything."),
)
"""The filter grammar in short (docs/query.md has it whole)."""

ROW_MARKS: tuple[KeyRow, ...] = (
    KeyRow("*", "Marked"),
    KeyRow("M, N, D", "Column M: edited, new, deleted (not committed)"),
    KeyRow("E2, W3", "Column !: two errors, three warnings"),
    *(KeyRow(letter, f"Column S: {meaning}") for letter, meaning in STATE_MARKS.values()),
    KeyRow("", "Column S blank: the site publishes it (a greyed row: it does not)"),
)
"""What the letters in the list's first four columns say (docs/keys.md says it too)."""


def key_table(rows: Sequence[KeyRow]) -> Table:
    """Keys on the left, what they do on the right; a long description wraps inside its
    column."""
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(style="bold", min_width=10, max_width=16)
    table.add_column(ratio=1, overflow="fold")
    for row in rows:  # the schema's keys and field names among them
        table.add_row(safe_text(row.keys), safe_text(row.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Sections of keys, each a heading and its rows; escape, q, ? or f1 close it."""

    BINDINGS = [
        Binding(
            "escape,q,question_mark,f1",
            "close",
            "Close",
            id="help-close",
            tooltip="Close the help",
        ),
    ]

    def __init__(
        self,
        sections: Sequence[tuple[str, Sequence[KeyRow]]],
        notes: tuple[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__()
        self.sections = list(sections)
        """(heading, rows) in order: the screen's keys first."""
        self.notes = notes
        """A heading and lines shown before the keys (the schema's warnings), or None."""

    def compose(self) -> ComposeResult:
        parts: list[RenderableType] = []
        if self.notes is not None:
            heading, lines = self.notes
            parts.append(safe_text(heading, "bold underline"))
            # the schema's text (collection and folder names): shown escaped, never markup;
            # each a dash and a hanging indent (seven of them wrap to sixteen lines at 80)
            notes = Table.grid(padding=(0, 1))
            notes.add_column(no_wrap=True)
            notes.add_column()
            for line in lines:
                notes.add_row("-", safe_text(line))
            parts.append(notes)
        for heading, rows in self.sections:
            if parts:
                parts.append(Text(""))
            parts += [Text(heading, style="bold underline"), key_table(rows)]
        parts += [
            Text(""),
            Text("escape closes this help; ctrl+p lists every action.", style="italic"),
        ]
        self.body = Group(*parts)
        """What the help shows."""
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(self.body, id="help-text")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
