"""The help screen: every key of the list and the filter grammar."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["FILTER_HELP", "HelpScreen"]

FILTER_HELP = """\
word            free word: title, file name, text fields (case and accents ignored)
"two words"     a phrase
field:value     equality: open:true  city:paris  title:dev*  (lists: any item)
field>value     greater: date>2021-09-01  salary>40000   (also < >= <=)
has:field       the field is present and not empty
is:modified     edited, not committed   (also is:invalid is:warning is:marked
                is:new is:deleted)
-term           exclude: -open:true  -lyon  -has:date
Terms are combined with AND; an empty filter shows everything."""


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
        lines = ["[b]Keys of the list[/b]", ""]
        lines += [f"  [b]{escape(k):<12}[/b] {escape(d)}" for k, d in self.keys]
        if self.extra:
            lines += ["", "[b]Keys from the schema[/b]", ""]
            lines += [f"  [b]{escape(k):<12}[/b] {escape(d)}" for k, d in self.extra]
        lines += ["", "[b]Filter (after /)[/b]", "", escape(FILTER_HELP), ""]
        lines += ["ctrl+p opens the command palette (pull, push, history, undo...)."]
        lines += ["Press escape to close."]
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static("\n".join(lines), id="help-text")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
