"""The body editor: a Markdown text area and a rendered preview beside it or instead of it."""

from __future__ import annotations

from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Markdown, TextArea

from postedit.core.sanitize import has_unsafe, visible
from postedit.tui.widgets.fields import has_grammar
from postedit.tui.widgets.inorder_area import InOrderTextArea

__all__ = ["BodyEditor"]

PreviewMode = Literal["off", "beside", "instead"]


_KEEP = "\n\r\t"
"""What the text area draws itself: line breaks (CRLF too) and tabs (expanded)."""
_WRAP_LIMIT = 10_000
"""The longest line the body's text area wraps: wrapping a 1 MB line (minified HTML, an
inline image) again took a second and a half per keystroke; unwrapped, it scrolls sideways."""

_EDIT_LINES = 20_000
"""The most lines of a body edited here: Textual's text area takes about a second for
30,000 lines to open (a 7 MB body of 700,000: half a minute and gigabytes). A longer body
shows its first lines, read only. One long line is no matter: it is shown unwrapped."""

_EDIT_CHARS = 2_000_000
"""The most characters of a body edited here (or shown, when it is longer)."""

_PREVIEW_LINES = 500
"""The lines the preview renders: a widget per Markdown block, a few milliseconds each (a
hostile body of dense blocks: minutes)."""


def _preview_source(text: str) -> str:
    """The beginning of ``text`` the preview renders, saying where it stops."""
    lines = text.split("\n", _PREVIEW_LINES)
    if len(lines) <= _PREVIEW_LINES:
        return text
    return "\n".join(lines[:_PREVIEW_LINES]) + (
        f"\n\n*(the preview stops at line {_PREVIEW_LINES}: ctrl+o opens the body in $EDITOR)*\n"
    )


def _escape_tokens(state: StateCore) -> None:
    """Every text of the parsed body as the preview will show it, what a terminal could act
    on shown as its escape. The body's bytes were checked, but Markdown decodes character
    references after that: ``&#x202e;`` became a raw bidirectional override on screen."""
    tokens = list(state.tokens)
    while tokens:
        token = tokens.pop()
        token.content = visible(token.content, keep="\n\t")
        token.info = visible(token.info)
        for key, value in token.attrs.items():
            if isinstance(value, str):
                token.attrs[key] = visible(value)
        tokens.extend(token.children or ())


def _parser() -> MarkdownIt:
    """Textual's own parser (``gfm-like``), its output escaped (``_escape_tokens``)."""
    parser = MarkdownIt("gfm-like")
    parser.core.ruler.push("postedit_escape", _escape_tokens)
    return parser


_LABELS: dict[PreviewMode, str] = {
    "off": "Body (Markdown) — f2: preview",
    "beside": "Body (Markdown) — f2: hide the preview",
    "instead": "Body (Markdown), preview — f2: back to the text",
}
"""The body's label, by where the preview is: what f2 does next."""


class BodyEditor(Vertical):
    """The posting's body: a TextArea with Markdown highlighting and a toggled preview.

    A body holding control characters (an ESC, a C1 control, a bidirectional override...) is
    shown with them as escapes (``\\x1b``), read only: the text area would send them to the
    terminal as they are, and the escapes cannot be typed back into them. ``e`` in the list
    (ctrl+o here) opens the file in $EDITOR, which shows and removes them.
    """

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
        self._lines = text.count("\n") + 1
        self.too_long = self._lines > _EDIT_LINES or len(text) > _EDIT_CHARS
        """The body is too long to edit here: its beginning is shown, read only."""
        self.read_only = self.too_long or has_unsafe(text, keep=_KEEP)
        """The body holds control characters (shown escaped) or is too long: not editable."""
        self._text = text
        self._baseline = text

    def compose(self) -> ComposeResult:
        label = _LABELS["off"]
        shown = self._text
        if self.too_long:
            shown = "\n".join(self._text.split("\n", _EDIT_LINES)[:_EDIT_LINES])[:_EDIT_CHARS]
            label = (
                f"Body — read only: too long to edit here ({self._lines:,} lines, "
                f"{len(self._text):,} characters; the beginning shown; ctrl+o: $EDITOR)"
            )
        elif self.read_only:
            label = "Body — read only: it holds control characters (ctrl+o: $EDITOR)"
        yield Label(label, classes="body-label", markup=False)
        with Horizontal():
            yield InOrderTextArea(
                visible(shown, keep=_KEEP) if self.read_only else shown,
                language="markdown" if has_grammar("markdown") else None,
                soft_wrap=max(map(len, shown.splitlines()), default=0) <= _WRAP_LIMIT,
                tab_behavior="focus",
                read_only=self.read_only,
                id="body-text",
            )
            with VerticalScroll(id="body-preview"):
                yield Markdown(open_links=False, parser_factory=_parser)

    def on_mount(self) -> None:
        # the text as the TextArea holds it (line endings normalised) is what "untouched" means
        self._baseline = self.text

    @property
    def text_area(self) -> TextArea:
        """The Markdown source editor."""
        return self.query_one("#body-text", TextArea)

    @property
    def text(self) -> str:
        """The body as edited (as it was loaded, when it is read only)."""
        return self._text if self.read_only else self.text_area.text

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
            await self.preview.update(_preview_source(self.text_area.text))
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
        if not self.read_only:  # a read-only body's label says why instead
            self.query_one(".body-label", Label).update(_LABELS[mode])

    @on(TextArea.Changed, "#body-text")
    async def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.query_one(".body-label").set_class(self.touched(), "-changed")
        if self.mode == "beside":
            await self.preview.update(_preview_source(self.text_area.text))
        self.post_message(self.Changed())
