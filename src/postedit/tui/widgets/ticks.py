"""Switch and multi-select whose state is a glyph, ``[x]`` or ``[ ]``.

Textual draws them as coloured blocks (``▐X▌`` whatever the value, a slider): in 16 colours
ticked and unticked looked alike, and without colour (``NO_COLOR``) all of them did.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import SelectionList, Switch
from textual.widgets.option_list import OptionDoesNotExist

from postedit.tui.widgets.inorder import run_own_binding

__all__ = ["TICKED", "UNTICKED", "TickList", "TickSwitch", "tick"]

TICKED = "[x]"
"""The glyph of a switch on, a chosen option."""
UNTICKED = "[ ]"
"""The glyph of a switch off, an option not chosen."""


def tick(value: bool) -> str:
    """``[x]`` or ``[ ]``."""
    return TICKED if value else UNTICKED


class TickSwitch(Switch):
    """A switch drawn ``[x]`` (on) / ``[ ]`` (off)."""

    def render(self) -> Content:
        return Content(tick(self.value))

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)  # space then tab flips this switch, not the next

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(TICKED)


class TickList(SelectionList[int]):
    """A selection list whose options start with ``[x]`` (chosen) or ``[ ]``."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)  # space then tab ticks here, not in the next field

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(round(self.scroll_y) + y)
        except OptionDoesNotExist:  # below the last option: nothing to replace
            return strip
        segments = list(strip)
        # Textual's button is three one-cell segments (left side, inner, right side), then a
        # space: the glyph takes their width, and the option's index they carry for a click.
        inner = segments[1].style
        style = (segments[3].style or Style()) + Style.from_meta(inner.meta if inner else {})
        glyph = tick(option.value in self.selected)
        return Strip([Segment(glyph, style), *segments[3:]], strip.cell_length)
