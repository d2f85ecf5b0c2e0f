"""The body editor: a Markdown text area and a rendered preview beside it or instead of it."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Markdown, TextArea

from postedit.tui.widgets.fields import has_grammar

__all__ = ["BodyEditor"]

PreviewMode = Literal["off", "beside", "instead"]


class BodyEditor(Vertical):
    """The posting's body: a TextArea with Markdown highlighting and a toggled preview."""

    DEFAULT_CSS = """
    BodyEditor { height: auto; }
    BodyEditor > .body-label { text-style: bold; }
    BodyEditor > .body-label.-changed { color: $warning; }
    BodyEditor > Horizontal { height: 20; }
    BodyEditor #body-text { width: 1fr; height: 100%; }
    BodyEditor #body-preview {
        width: 1fr; height: 100%; display: none;
        border-left: solid $secondary; padding: 0 1;
    }
    BodyEditor.-beside #body-preview { display: block; }
    BodyEditor.-instead #body-preview { display: block; }
    BodyEditor.-instead #body-text { display: none; }
    """

    mode: reactive[PreviewMode] = reactive("off")
    """Where the rendered preview is: not shown, beside the text, or instead of it."""

    class Changed(Message):
        """The body text changed."""

    def __init__(self, text: str, *, id: str | None = "body") -> None:
        super().__init__(id=id)
        self._text = text
        self._baseline = text

    def compose(self) -> ComposeResult:
        yield Label("Body (Markdown) — f2: preview", classes="body-label")
        with Horizontal():
            yield TextArea(
                self._text,
                language="markdown" if has_grammar("markdown") else None,
                soft_wrap=True,
                tab_behavior="focus",
                id="body-text",
            )
            with VerticalScroll(id="body-preview"):
                yield Markdown(open_links=False)

    def on_mount(self) -> None:
        # the text as the TextArea holds it (line endings normalised) is what "untouched" means
        self._baseline = self.text

    @property
    def text_area(self) -> TextArea:
        """The Markdown source editor."""
        return self.query_one("#body-text", TextArea)

    @property
    def text(self) -> str:
        """The body as edited."""
        return self.text_area.text

    def touched(self) -> bool:
        """The body differs from what was loaded (or last saved)."""
        return self.text != self._baseline

    def rebase(self) -> None:
        """After a save: the current text is the new starting point."""
        self._baseline = self.text
        self.query_one(".body-label").set_class(False, "-changed")

    async def toggle_preview(self, wide: bool) -> PreviewMode:
        """Cycle the preview: off -> beside (wide screens) or instead -> off."""
        if self.mode == "off":
            await self.preview.update(self.text)
            self.mode = "beside" if wide else "instead"
            if self.mode == "instead":
                self.query_one("#body-preview").focus()
        else:
            self.mode = "off"
            self.text_area.focus()
        return self.mode

    @property
    def preview(self) -> Markdown:
        """The rendered body."""
        return self.query_one("#body-preview Markdown", Markdown)

    def watch_mode(self, mode: PreviewMode) -> None:
        self.set_class(mode == "beside", "-beside")
        self.set_class(mode == "instead", "-instead")

    @on(TextArea.Changed, "#body-text")
    async def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.query_one(".body-label").set_class(self.touched(), "-changed")
        if self.mode == "beside":
            await self.preview.update(self.text)
        self.post_message(self.Changed())
