"""The help screen: every key of the list and the filter grammar."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from postedit.tui.safe import safe_text

__all__ = ["FILTER_HELP", "HelpScreen"]

FILTER_HELP = """\
word            in the title, the fields or the body (case and accents ignored)
"two words"     a phrase                body:word   in the body only
field:value     equality: open:true  city:paris  title:dev*  (lists: any item)
field>value     date>2021-09-01  salary>40000   (also < >= <=)
field~regex     a regular expression: title~"^Dev"  (case counts)
date<today      relative: today yesterday tomorrow -30d +7d -2w +1m -1y
date:2021       a year, or a month (date:2021-08), is the whole period
                date and title are the site's (a file name's date counts)
has:field       the field is present and not empty
is:draft        also is:published is:scheduled is:expired, and is:modified
                is:invalid is:warning is:marked is:new is:deleted
in:jobs         the postings of a collection
a OR b          either; parentheses group: open:true (paris OR lyon)
-term           excludes: -open:true  -lyon  -(a OR b)
@name           a saved filter (@ lists them); @name=value: a value of a grouping
Terms side by side must all hold; an empty filter shows everything."""


def _grid(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=10)
    table.add_column()
    for key, description in rows:  # the schema's keys and field names among them
        table.add_row(safe_text(key), safe_text(description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys (given as (key, description) rows) and the filter grammar."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close"),
    ]

    def __init__(self, keys: list[tuple[str, str]], extra: list[tuple[str, str]] = ()) -> None:  # type: ignore[assignment]
        super().__init__()
        self.keys = keys
        self.extra = list(extra)

    def compose(self) -> ComposeResult:
        parts: list[RenderableType] = [Text("Keys of the list", style="bold"), _grid(self.keys)]
        if self.extra:
            parts += [Text("\nKeys from the schema", style="bold"), _grid(self.extra)]
        parts += [
            Text("\nFilter (after /)", style="bold"),
            Text(FILTER_HELP),
            Text("\nctrl+p opens the command palette (pull, push, history, undo...)."),
            Text("Press escape to close.", style="italic"),
        ]
        self.body = Group(*parts)
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(self.body, id="help-text")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
