"""The saved filters of a collection: pick one, and it goes into the filter bar."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from postedit.tui.keys import help_binding

__all__ = ["SavedFiltersScreen"]


class SavedFiltersScreen(ModalScreen[str | None]):
    """Lists ``choices`` (label, query, postings found); enter returns the query, escape None."""

    BINDINGS = [
        Binding(
            "escape,q",
            "close",
            "Close",
            id="saved-filters-close",
            tooltip="Close: the filter stays as it was",
        ),
        help_binding(),
    ]

    def __init__(self, collection: str, choices: list[tuple[str, str, int]]) -> None:
        super().__init__()
        self.collection = collection
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="filters-dialog", classes="dialog"):
            yield Label(
                Text(f"Saved filters of {self.collection} (enter applies, escape closes)"),
                id="filters-title",
            )
            width = max((len(f"{count:,}") for _, _, count in self.choices), default=1)
            options = []
            for i, (label, query, count) in enumerate(self.choices):
                line = Text(f"{count:>{width},}  ", style="bold")
                line.append(label)
                line.append(f"  {query}", style="dim")
                options.append(Option(line, id=str(i)))
            yield OptionList(*options, id="filters-list")

    @on(OptionList.OptionSelected, "#filters-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def action_close(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
