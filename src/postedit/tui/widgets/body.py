"""The body editor: a Markdown text area and a rendered preview beside it or instead of it."""

from __future__ import annotations

from typing import Literal

from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Label, Static, TextArea
from textual.widgets.text_area import Edit, EditResult

from postedit.core.sanitize import has_unsafe, visible
from postedit.tui.widgets.fields import has_grammar
from postedit.tui.widgets.inorder_area import InOrderTextArea

__all__ = ["BodyEditor", "BodyPreview"]

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

_HIGHLIGHT_BYTES = 50_000
"""The largest body (UTF-8 bytes) the text area highlights as Markdown: Textual parses it again
and queries the whole tree for highlights at each key typed, about 1-2 µs a byte on dense
Markdown (50 KB: 20-75 ms a key; 400 KB: 0.6-0.9 s; a 1.4 MB line of links: 8 s). The longest
posting of the corpus has 17,471 characters: docs/decisions.md, session 29 (body29)."""

_PREVIEW_DELAY = 0.25
"""Seconds of no typing before the preview beside the text renders again: a render takes up
to about a second on a hostile body of 20,000 characters, and a burst of keys needs one."""

_PREVIEW_LINES = 500
"""The most lines the preview renders: it renders again each time typing pauses beside it."""

_PREVIEW_CHARS = 20_000
"""The most characters the preview renders (the longest posting of the corpus has 17,471).
Rich renders a few microseconds a character, up to 30 for a dense hostile body (a table of
hundreds of columns, a line of links): docs/decisions.md, session 29."""


def _highlighted(text: str) -> bool:
    """The text area can afford to highlight ``text`` as Markdown at each key typed."""
    return (
        len(text) <= _HIGHLIGHT_BYTES and len(text.encode("utf-8", "replace")) <= _HIGHLIGHT_BYTES
    )


def _preview_source(text: str) -> str:
    """The beginning of ``text`` the preview renders, saying where it stops."""
    lines = text.split("\n", _PREVIEW_LINES)
    shown = "\n".join(lines[:_PREVIEW_LINES])[:_PREVIEW_CHARS]
    if not text[len(shown) :].strip():
        return shown if len(shown) < len(text) else text
    return shown + (
        f"\n\n*(the preview stops at line {shown.count(chr(10)) + 1}: ctrl+o opens the body "
        "in $EDITOR)*\n"
    )


def _escape_tokens(tokens: list[Token]) -> None:
    """Every text of the parsed body as the preview will show it, what a terminal could act
    on shown as its escape. The body's bytes were checked, but Markdown decodes character
    references after that: ``&#x202e;`` became a raw bidirectional override on screen."""
    tokens = list(tokens)
    while tokens:
        token = tokens.pop()
        token.content = visible(token.content, keep="\n\t")
        token.info = visible(token.info)
        for key, value in token.attrs.items():
            if isinstance(value, str):
                token.attrs[key] = visible(value)
        tokens.extend(token.children or ())


def _without_echoed_links(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the marks of a link whose text is its address (``<https://...>``,
    ``[https://x.fr](https://x.fr)``): Rich would draw the address twice, ``x (x)``."""
    drop: set[int] = set()
    for i in range(len(tokens) - 2):
        opening, text, closing = tokens[i : i + 3]
        if opening.type == "link_open" and text.type == "text" and closing.type == "link_close":
            href = str(opening.attrs.get("href", ""))
            if href in (text.content, f"mailto:{text.content}"):
                drop.update((i, i + 2))
    return [token for i, token in enumerate(tokens) if i not in drop]


class _SafeMarkdown(RichMarkdown):
    """Rich's Markdown renderable, every text its parser produced escaped (``_escape_tokens``)
    before any of it is drawn; links drawn as ``text (address)`` (the address once when it is
    the text), never as terminal links;
    an image as its alternative text decoded (``caf&eacute;``: café), as a browser shows it;
    inline HTML tags not at all (``<kbd>``'s bold neither)."""

    def __init__(self, markup: str, *, code_theme: str) -> None:
        super().__init__(markup, code_theme=code_theme, hyperlinks=False)
        for token in self.parsed:
            if token.children:
                token.children = _without_echoed_links(token.children)
            for child in token.children or ():
                if child.type == "image":  # Rich draws its source; the text, as a browser
                    child.content = "".join(alt.content for alt in child.children or ())
                elif child.type == "html_inline":  # Rich draws no tag but pops a style at
                    child.content = ""  # each </kbd>: a stray one emptied its stack (a crash)
        _escape_tokens(self.parsed)


class _RenderedOnce:
    """A renderable drawn once per width: Textual renders a widget's content to measure its
    height, again to draw it, and again at each refresh (a scroll bar that comes, a focus);
    a hostile body's preview took a second each time."""

    def __init__(self, renderable: RenderableType) -> None:
        self._renderable = renderable
        self._lines: dict[int, list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._lines.get(options.max_width)
        if lines is None:
            if len(self._lines) > 1:  # kept: the widths with and without a scroll bar
                self._lines.clear()
            whole = options.update(height=None)  # a height would cut what is kept
            lines = console.render_lines(self._renderable, whole, pad=False, new_lines=True)
            self._lines[options.max_width] = lines
        for line in lines:
            yield from line


class BodyPreview(Static):
    """The body rendered: one widget whatever the body (Textual's ``Markdown`` made one per
    block, hundreds for a body of tiny blocks, each restyled at every focus change)."""

    DEFAULT_CSS = "BodyPreview { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.source = ""
        """The Markdown shown (the body's beginning, ``_preview_source``)."""

    def show(self, source: str) -> None:
        """Render ``source`` in place of what was shown."""
        self.source = source
        theme = "ansi_dark" if self.app.current_theme.dark else "ansi_light"
        self.update(_RenderedOnce(_SafeMarkdown(source, code_theme=theme)))


_LABELS: dict[PreviewMode, str] = {
    "off": "Body (Markdown{plain}) — f2: preview",
    "beside": "Body (Markdown{plain}) — f2: hide the preview",
    "instead": "Body (Markdown{plain}), preview — f2: back to the text",
}
"""The body's label, by where the preview is: what f2 does next."""

_PLAIN = ", no highlighting: long body"
"""Said in the label of a body too long to highlight at each key (``_HIGHLIGHT_BYTES``)."""


class _BodyTextArea(InOrderTextArea):
    """The body's text area, noting the longest line its edits leave (``longest_edited``):
    the lines an edit touched only, so a key typed beside a megabyte line costs one line."""

    longest_edited = 0
    """The longest of the lines the edits since ``BodyEditor`` last looked left (0: none)."""

    def edit(self, edit: Edit) -> EditResult:
        result = super().edit(edit)
        if self.soft_wrap:  # once unwrapped, nothing to decide any more
            document = self.document
            rows = range(edit.top[0], result.end_location[0] + 1)
            longest = max(len(document.get_line(row)) for row in rows)
            self.longest_edited = max(self.longest_edited, longest)
        return result


class BodyEditor(Vertical):
    """The posting's body: a TextArea with Markdown highlighting and a toggled preview.

    A body too long to highlight at each key typed (``_HIGHLIGHT_BYTES``, on opening or once
    typed or pasted) is edited as plain text, and the label says so. The preview beside the
    text renders again once typing pauses (``preview_delay``), not at each key.

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

    preview_delay: float = _PREVIEW_DELAY
    """Seconds of no typing before the preview beside the text renders again."""

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
        self._preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        shown = self._text
        if self.too_long:
            shown = "\n".join(self._text.split("\n", _EDIT_LINES)[:_EDIT_LINES])[:_EDIT_CHARS]
        highlight = has_grammar("markdown") and _highlighted(shown)
        label = self._label("off", highlight)
        if self.too_long:
            label = (
                f"Body — read only: too long to edit here ({self._lines:,} lines, "
                f"{len(self._text):,} characters; the beginning shown; ctrl+o: $EDITOR)"
            )
        elif self.read_only:
            label = "Body — read only: it holds control characters (ctrl+o: $EDITOR)"
        yield Label(label, classes="body-label", markup=False)
        with Horizontal():
            yield _BodyTextArea(
                visible(shown, keep=_KEEP) if self.read_only else shown,
                language="markdown" if highlight else None,
                soft_wrap=max(map(len, shown.splitlines()), default=0) <= _WRAP_LIMIT,
                tab_behavior="focus",
                read_only=self.read_only,
                id="body-text",
            )
            with VerticalScroll(id="body-preview"):
                yield BodyPreview()

    def on_mount(self) -> None:
        # the text as the TextArea holds it (line endings normalised) is what "untouched" means
        self._baseline = self.text

    def _label(self, mode: PreviewMode, highlight: bool) -> str:
        """The label of an editable body: what f2 does next, and whether it is highlighted."""
        return _LABELS[mode].format(
            plain="" if highlight or not has_grammar("markdown") else _PLAIN
        )

    @property
    def text_area(self) -> _BodyTextArea:
        """The Markdown source editor."""
        return self.query_one("#body-text", _BodyTextArea)

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
            self.preview.show(_preview_source(self.text_area.text))
            self.mode = "beside" if wide else "instead"
            if self.mode == "instead":
                self.query_one("#body-preview").focus()
        else:
            self._stop_preview_timer()
            self.mode = "off"
            self.text_area.focus()
        return self.mode

    @property
    def preview_pending(self) -> bool:
        """The preview beside the text waits for typing to pause to render the text again."""
        return self._preview_timer is not None

    def _stop_preview_timer(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    def _render_preview(self) -> None:
        """Typing paused: the preview beside the text shows the text as it is now."""
        self._preview_timer = None
        if self.mode == "beside":
            self.preview.show(_preview_source(self.text_area.text))

    def _no_more(self, *, highlight: bool = False, wrap: bool = False) -> None:
        """The text grew past what can be highlighted (``highlight``: a body over
        ``_HIGHLIGHT_BYTES``) or soft-wrapped (``wrap``: a line over ``_WRAP_LIMIT``) at each
        key (a paste): turn that off from now, the cursor, the selection and the scroll kept
        (a new document puts the cursor at the start)."""
        area = self.text_area
        selection, offset = area.selection, area.scroll_offset
        if highlight:
            area.language = None
            self.query_one(".body-label", Label).update(self._label(self.mode, False))
        if wrap:
            area.soft_wrap = False  # Textual then scrolls the cursor into view
        area.selection = selection
        area.scroll_to(offset.x, offset.y, animate=False, immediate=True)

    @property
    def preview(self) -> BodyPreview:
        """The rendered body."""
        return self.query_one(BodyPreview)

    def watch_mode(self, mode: PreviewMode) -> None:
        self.set_class(mode == "beside", "-beside")
        self.set_class(mode == "instead", "-instead")
        if not self.read_only:  # a read-only body's label says why instead
            highlight = self.text_area.language is not None
            self.query_one(".body-label", Label).update(self._label(mode, highlight))

    @on(TextArea.Changed, "#body-text")
    async def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.query_one(".body-label").set_class(self.touched(), "-changed")
        area = self.text_area
        highlight = area.language is not None and not _highlighted(area.text)
        wrap = area.soft_wrap and area.longest_edited > _WRAP_LIMIT
        area.longest_edited = 0
        if highlight or wrap:
            self._no_more(highlight=highlight, wrap=wrap)
        if self.mode == "beside":
            self._stop_preview_timer()
            self._preview_timer = self.set_timer(self.preview_delay, self._render_preview)
        self.post_message(self.Changed())
