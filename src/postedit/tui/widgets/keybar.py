"""The key bar: the keys that work here, on the bottom line, drawn as one widget."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["KeyBar"]

_HELP_EVERYWHERE = "f1"
"""The help key that works on every screen, text fields included (the app's, not shown
by itself): the bar names it where the shown one ("?") is text."""


class KeyBar(Widget):
    """What Textual's ``Footer`` shows (same keys, order, colours and palette key on the
    right), as a single widget.

    ``Footer`` mounts a widget per key and builds them all again whenever the focus moves or
    a binding changes: 8 keys cost about 30 styled nodes, and at start-up the stylesheet was
    applied to them about 115 times (15-20% of the time to the first frame with rows). Here a
    change of bindings only redraws one line. A click on a key presses it, as in ``Footer``.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keybar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.show_command_palette = show_command_palette
        self._spans: list[tuple[int, int, str, bool]] = []
        """Where each key is drawn: (start, end, key, enabled), for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _items(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, key as shown, description, enabled) of each key shown, and the palette key."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        items = []
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue  # like Footer: one entry per action, the first key bound to it
            seen.add(binding.action)
            items.append(
                (binding.key, self.app.get_key_display(binding), binding.description, enabled)
            )
        help_key = active.get(_HELP_EVERYWHERE)
        if help_key is not None and help_key.binding.action not in seen:
            # "?" is typed in a text field: the help key that works there is named instead
            binding = help_key.binding
            items.append((binding.key, binding.key, binding.description, help_key.enabled))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = (
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    enabled,
                )
        return items, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []

        def add(item: tuple[str, str, str, bool], into: Text, offset: int, pad: str) -> None:
            key, shown, description, enabled = item
            start = len(into)
            if pad:
                into.append(f" {shown} ", key_style)
                if description:
                    into.append(f"{description} ", text_style)
            else:  # the palette key: the bar before it stands for its left padding
                into.append(shown, key_style)
                if description:
                    into.append(f" {description}", text_style)
            if not enabled:
                into.stylize("dim", start)
            spans.append((offset + start, offset + len(into), key, enabled))

        items, palette = self._items()
        for item in items:
            add(item, line, 0, " ")
        if palette is not None:
            # docked right as in Footer: a thin bar, the key, its description, one space
            right = Text(no_wrap=True, end="")
            right.append("▏", self.get_component_rich_style("keybar--separator"))
            add(palette, right, 0, "")
            right.append(" ")
            # always in sight, over the keys that do not fit (Footer docks it the same way)
            column = max(0, (self.size.width or len(line) + len(right)) - len(right))
            spans = [span for span in spans[:-1] if span[1] <= column] + spans[-1:]
            spans[-1] = (spans[-1][0] + column, spans[-1][1] + column, *spans[-1][2:])
            line.truncate(column, pad=True)
            line.append_text(right)
        self._spans = spans
        line.stylize_before(self.rich_style)
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                event.stop()
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
