"""The hostile corpus in the terminal interface: what the screen draws holds the visible
escapes and never a raw control character, whatever the screen (list, detail pane, form,
commit dialog, history), and hostile values survive an edit of another field byte for byte.

The screen's text is what Textual's compositor renders, the characters it writes to the
terminal between its own style sequences; the tmux test at the end reads a real terminal.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import TextArea

from postedit.core import frontmatter
from postedit.core.schema import CollectionSpec, FieldSpec, Schema
from postedit.tui.app import PosteditApp
from postedit.tui.widgets.fields import UNSAFE_HINT, YamlField
from tests import hostile
from tests.conftest import git
from tests.tui.helpers import make_app, settle

BROKEN_NAME = f"{hostile.JOBS}/2024-02-08-broken\x1b]0;toast\x07.md"
"""An unreadable posting with a hostile name (its error is reported in a notification)."""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = hostile.build(tmp_path / "site")
    (root / BROKEN_NAME).write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "broken")
    return root


def screen_text(app: PosteditApp) -> str:
    """Every character the screen shows (the compositor's lines, as Textual draws them)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_safe(app: PosteditApp) -> str:
    text = screen_text(app)
    assert not hostile.unsafe_text(text.replace("\n", " ")), hostile.unsafe_text(text)
    return text


async def _highlight(app: PosteditApp, pilot, rel: str) -> None:  # type: ignore[no-untyped-def]
    app.main.table.move_cursor(row=app.main.shown.index(rel))
    await pilot.pause()


async def test_the_list_shows_escapes_and_sends_none(repo: Path) -> None:
    app = make_app(repo, "load")
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        assert len(app.main.shown) == 15
        text = assert_safe(app)
        assert hostile.TITLE_SHOWN in text
        assert "2024-02-04-esc\\x1b[2J" in text  # a file name
        assert "new\\nline" in text and "bad\\xff\\xfe" in text and "c1\\x9b6n" in text
        assert "Offre \\u202eeludom\\u202c" in text  # a raw bidirectional override
        assert "more than 1,000 keys" in text  # the 80,000-key posting: unreadable, listed


async def test_the_detail_pane(repo: Path) -> None:
    app = make_app(repo, "load")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await _highlight(app, pilot, hostile.ESCAPES)
        await pilot.press("v")
        await pilot.pause()
        text = assert_safe(app)
        assert "\\x1b[2Jkey: value" in text
        assert "Body with raw bytes: \\x1b[2J clear" in text
        await _highlight(app, pilot, hostile.LONG_BODY)
        assert_safe(app)


async def test_the_form_edits_hostile_values_as_yaml_escapes(repo: Path) -> None:
    before = (repo / hostile.ESCAPES).read_bytes()
    app = make_app(repo, "load")
    async with app.run_test(size=(120, 120)) as pilot:
        await settle(app, pilot)
        await _highlight(app, pilot, hostile.ESCAPES)
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.screen
        text = assert_safe(app)
        title = editor.editor_for("title")  # type: ignore[attr-defined]
        assert isinstance(title, YamlField)
        assert title.query_one(TextArea).text == '"\\e]0;pwned\\a \\e[2J\\e[6n"'
        assert UNSAFE_HINT in text
        assert "\\x1b[2Jkey" in text  # a label made from a key
        body = editor.body_editor  # type: ignore[attr-defined]
        assert body.read_only and "read only" in text
        # another field changed: only its line changes, the hostile ones stay byte for byte
        open_field = editor.editor_for("open")  # type: ignore[attr-defined]
        open_field.query_one("Switch").value = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert_safe(app)
    after = (repo / hostile.ESCAPES).read_bytes()
    assert after == before.replace(b"open: true", b"open: false")


async def test_a_hostile_value_edited_in_its_yaml_field_reads_back_exactly(repo: Path) -> None:
    app = make_app(repo, "load")
    async with app.run_test(size=(120, 120)) as pilot:
        await settle(app, pilot)
        await _highlight(app, pilot, hostile.ESCAPES)
        await pilot.press("enter")
        await settle(app, pilot)
        title = app.screen.editor_for("title")  # type: ignore[attr-defined]
        title.query_one(TextArea).text = '"\\e]0;pwned\\a fixed"'
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert_safe(app)
    fields = frontmatter.parse((repo / hostile.ESCAPES).read_bytes()).fields
    assert fields["title"] == "\x1b]0;pwned\x07 fixed"


async def test_a_hostile_schema_select_options_and_help(repo: Path) -> None:
    """The schema is a file of the repository too: its labels, options and keys."""
    spec = CollectionSpec(
        "jobs",
        hostile.JOBS,
        label="Jobs\x1b]0;tab\x07",
        fields=(
            FieldSpec("title", label="Title\x1b[2J"),
            FieldSpec("open", "boolean"),
            FieldSpec("city", "select", options=("Paris", "Lyon\x1b[5m")),
        ),
        status="open",
        keys={"p": "\x1b[31mfield"},
    )
    app = make_app(repo, Schema(collections=(spec,), source="test", kind="postedit"))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(app, pilot)
        assert "Jobs\\x1b]0;tab\\x07" in assert_safe(app)
        await _highlight(app, pilot, hostile.RAW_BIDI)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Title\\x1b[2J" in assert_safe(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert "Toggle \\x1b[31mfield" in assert_safe(app)


async def test_a_one_megabyte_body_line_is_edited_unwrapped(repo: Path) -> None:
    """Wrapping a 1 MB line again at every keystroke took seconds: it scrolls sideways."""
    before = (repo / hostile.LONG_BODY).read_bytes()
    app = make_app(repo, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await _highlight(app, pilot, hostile.LONG_BODY)
        await pilot.press("enter")
        await settle(app, pilot)
        body = app.screen.body_editor  # type: ignore[attr-defined]
        assert not body.text_area.soft_wrap and not body.read_only
        await pilot.press("ctrl+b", "x", "ctrl+s")
        await settle(app, pilot)
        assert_safe(app)
    assert (repo / hostile.LONG_BODY).read_bytes() == before.replace(b"---\nBBB", b"---\nxBBB")


ENTITIES = f"{hostile.JOBS}/2024-03-07-entities.md"
"""A body with no control character in its bytes, but character references that Markdown
decodes into some: a bidirectional override and isolate, ESC and BEL (the parser itself
turns those two into U+FFFD), in text, in a code span's neighbour and in an image's alt."""


async def test_the_preview_shows_character_references_escaped(repo: Path) -> None:
    (repo / ENTITIES).write_text(
        "---\ntitle: Entities\nopen: true\n---\n"
        "Offre &#x202e;eludom&#x202c; fin, &#x2066;isolate&#x2069;, &#x1b;]0;pwned&#x07;.\n\n"
        "![alt &#x202e;txet](https://example.org/i.png)\n\n| a &#x202e;b |\n| --- |\n| c |\n\n"
        "# Titre &#x202e;ertit\n\n- [site &#x202e;etis](https://example.org/&#x202e;)\n\n"
        "```py &#x202e;\ncode\n```\n"
    )
    app = make_app(repo, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _highlight(app, pilot, ENTITIES)
        await pilot.press("enter")
        await settle(app, pilot)
        body = app.screen.body_editor  # type: ignore[attr-defined]
        assert not body.read_only  # the bytes hold no control character: editable
        await pilot.press("f2")
        await settle(app, pilot)
        assert body.mode == "instead"
        text = assert_safe(app)
        assert "Offre \\u202eeludom\\u202c fin, \\u2066isolate\\u2069" in text
        assert "alt \\u202etxet" in text and "a \\u202eb" in text
        assert "Titre \\u202eertit" in text
        # a link's text and address, drawn as text: no terminal link to follow
        assert "site \\u202eetis (https://example.org/%E2%80%AE)" in text
        strips = app.screen._compositor.render_strips()
        assert not [seg.text for strip in strips for seg in strip if seg.style and seg.style.link]


async def test_the_commit_dialog_and_history(repo: Path) -> None:
    app = make_app(repo, "load")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _highlight(app, pilot, hostile.ESCAPES)
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        text = assert_safe(app)
        assert "Commit 1 file:" in text
        assert 'Close "]0;pwned [2J [6n"' in text  # the message: no control character at all
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert_safe(app)
        assert git(repo, "log", "-1", "--format=%s").strip() == 'Close "]0;pwned [2J [6n"'
        git(repo, "commit", "-q", "--allow-empty", "-m", "\x1b]0;pwned\x07 by hand \x1b[2J")
        (repo / hostile.ESCAPES).write_bytes((repo / hostile.ESCAPES).read_bytes() + b"x\n")
        git(repo, "commit", "-q", "-a", "-m", "\x1b]0;pwned\x07 subject \x1b[2J")
        await pilot.press("L")
        await settle(app, pilot)
        text = assert_safe(app)
        assert "\\x1b]0;pwned\\x07 subject \\x1b[2J" in text
        await pilot.press("enter")
        await settle(app, pilot)
        text = assert_safe(app)
        assert "+x" in text


async def test_a_notification_naming_a_hostile_file(repo: Path) -> None:
    app = make_app(repo, "load")
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await _highlight(app, pilot, BROKEN_NAME)
        await pilot.press("t")  # cannot be read, not changed: said in a notification
        await pilot.pause()
        notes = [f"{n.title} {n.message}" for n in app._notifications]  # noqa: SLF001
        assert not [hostile.unsafe_text(note) for note in notes if hostile.unsafe_text(note)]
        assert any(
            "broken\\x1b]0;toast\\x07.md: cannot be read - not changed" in note for note in notes
        )
        assert not any("not changed - not changed" in note for note in notes)  # qa29


async def test_a_slow_posting_holds_neither_the_first_frame_nor_q(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing one posting blocks (as a huge one would) until the test lets it go: it must
    not run on the UI thread, and q must quit while it runs."""
    slow = f"{hostile.JOBS}/2000-01-01-slow.md"  # the first file: read first
    (repo / slow).write_bytes(b"---\ntitle: Slow to read\n---\n" + b"x" * 1_000_000)
    started, released = threading.Event(), threading.Event()
    on_ui_thread: list[bool] = []
    parse = frontmatter.parse

    def slow_parse(data: bytes, path: str | None = None, body: bool = True):  # type: ignore[no-untyped-def]
        if path == slow:
            on_ui_thread.append(threading.current_thread() is threading.main_thread())
            started.set()
            released.wait(_VALVE)  # the test fails (rather than hangs) if the UI waits here
        return parse(data, path, body)

    monkeypatch.setattr(frontmatter, "parse", slow_parse)
    spec = CollectionSpec("jobs", hostile.JOBS, fields=(FieldSpec("title"),))  # file order
    app = make_app(repo, Schema(collections=(spec,), source="test", kind="postedit"))
    try:
        async with app.run_test(size=(140, 30)) as pilot:
            await asyncio.get_running_loop().run_in_executor(None, started.wait, _VALVE)
            assert app.screen is app.main  # the first frame is out, the keys are read
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running or app._exit, "q did not quit while a posting was read"
            assert not released.is_set()
    finally:
        released.set()
    assert on_ui_thread == [False]


_VALVE = 3.0
"""Seconds a blocked parse waits at most: how long the test takes when the UI waits for it."""


# --------------------------------------------------------------------------- a real terminal

POSTEDIT = Path(sys.executable).parent / "postedit"


@pytest.fixture
def tmux_server() -> Iterator[str]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not POSTEDIT.exists():
        pytest.skip(f"postedit is not installed next to {sys.executable}")
    name = f"postedit-hostile-{uuid.uuid4().hex[:8]}"
    try:
        yield name
    finally:
        subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)


@pytest.mark.e2e
@pytest.mark.slow
def test_tmux_pane_title_and_screen_stay_postedit_s(repo: Path, tmux_server: str) -> None:
    """In tmux, neither the list nor the form lets a posting set the pane's title (OSC 0 in
    a title, a file name and a body) or clear the screen."""
    from tests.tui.test_e2e_tmux import Tmux

    tmux = Tmux(tmux_server)
    env = " ".join(
        f"{k}={shlex.quote(v)}"
        for k, v in os.environ.items()
        if k.startswith(("GIT_", "PYTHON", "XDG_")) or k in ("HOME", "PATH")
    )
    # without tmux's COLUMNS and LINES (80x24, its client's default): the list is 140 wide,
    # with room for the file names
    command = (
        f"cd {shlex.quote(str(repo))} && env -u COLUMNS -u LINES {env} {shlex.quote(str(POSTEDIT))}"
    )
    tmux.run("new-session", "-d", "-x", "140", "-y", "30", command)
    title_before = tmux.run("display", "-p", "#{pane_title}")
    screen = tmux.wait_for("\\x1b]0;pwned\\x07")  # the title's escapes, shown
    assert "2024-02-04-esc\\x1b[2J" in screen  # a file name's
    # newest first (the file names' dates count): the escapes (2024-01-02) are the oldest
    tmux.keys("End", "Enter")
    tmux.wait_for('"\\e]0;pwned\\a \\e[2J\\e[6n"')  # its title, in a YAML field
    title = tmux.run("display", "-p", "#{pane_title}")
    for word in ("pwned", "name", "body-title", "toast"):
        assert word not in title, title
    assert title == title_before
    tmux.keys("Escape")
    tmux.wait_for("Mixed endings")  # back to the list
