"""The TUI on a Hugo site whose draft is written ``Draft:`` (Hugo reads keys in any case):
the row shows it, and ``t`` edits that line in place (Pilot at 80x24)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_hugo_keys import FILES, UPPER, UPPER_TEXT
from tests.tui.helpers import make_app, open_form, settle


@pytest.fixture
def hugo(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(FILES)  # type: ignore[no-any-return]


async def test_t_toggles_a_hugo_draft_written_in_another_case_on_its_own_line(
    hugo: Path,
) -> None:
    """``t`` read ``draft`` as missing on a ``Draft: true`` page and added a second line,
    ``draft: true``; Hugo would have taken either."""
    app = make_app(hugo, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = app.main
        assert main.shown[0] == UPPER  # the newest first
        assert main.columns[0] == "draft"
        assert [c.plain for c in main.cells(UPPER)][3:5] == ["d", "yes"]  # S, then draft
        await pilot.press("t")
        await settle(app, pilot)
        assert (hugo / UPPER).read_text() == UPPER_TEXT.replace("Draft: true", "Draft: false")
        assert [c.plain for c in main.cells(UPPER)][3:5] == [" ", "no"]
        await pilot.press("t")
        await settle(app, pilot)
        assert (hugo / UPPER).read_text() == UPPER_TEXT


async def test_the_form_shows_a_hugo_draft_written_in_another_case_as_its_field(
    hugo: Path,
) -> None:
    """The form's ``draft`` holds ``Draft: true`` (not an "other field"), and saving it
    edits that line."""
    app = make_app(hugo, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.screen
        field = editor.editor_for("draft")  # type: ignore[attr-defined]
        assert field.was_present and field.original is True
        keys = [e.key for e in editor.editors()]  # type: ignore[attr-defined]
        assert "Draft" not in keys


async def test_each_hugo_rows_site_mark_is_its_state(hugo: Path) -> None:
    """The S column reads each page's state as `list` does: `h` for a page Hugo never writes
    (a state hugokeys added after rowstate gave the others their letters)."""
    from tests.test_hugo_keys import STATES

    marks = {"published": " ", "draft": "d", "scheduled": "s", "expired": "x", "headless": "h"}
    app = make_app(hugo, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = {rel: app.main.cells(rel)[3].plain for rel in STATES}
        assert shown == {rel: marks[state] for rel, state in STATES.items()}


async def test_the_changed_on_disk_preview_shows_what_apply_writes_on_a_draft_page(
    hugo: Path,
) -> None:
    """The question a save asks when the file changed meanwhile previewed the form's
    ``draft`` as a new ``draft:`` line (a patch by the field's name), and the other edit as
    undone; "Apply my changes" edits ``Draft:`` on the version on disk. The preview now
    shows those bytes."""
    from textual.widgets import Switch

    from tests.tui.test_editor_host import dialog_shown

    theirs = UPPER_TEXT.replace("tags: [night]", "tags: [night, city]")
    applied = theirs.replace("Draft: true", "Draft: false")
    app = make_app(hugo, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_form(app, pilot)
        editor.editor_for("draft").query_one(Switch).value = False
        await pilot.pause()
        (hugo / UPPER).write_text(theirs)  # someone else's edit, meanwhile
        await pilot.press("ctrl+s")
        dialog = await dialog_shown(app, pilot)
        details = str(dialog.query_one("#dialog-details Static").render())
        details = details.partition("Apply my changes writes:\n")[2]  # (their change first)
        changed = [
            line
            for line in details.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert changed == ["-Draft: true  # not yet", "+Draft: false  # not yet"], details
        message = str(dialog.query_one(".dialog-message").render())
        assert "what Apply my changes writes over it" in message, message
        await pilot.press("a")
        await settle(app, pilot)
    assert (hugo / UPPER).read_text() == applied


async def test_the_commit_dialog_names_a_bundles_page_by_its_folder(hugo: Path) -> None:
    """Every bundle's page is ``index.md``: the dialog's title read ``M index.md``, which
    said nothing on a site of bundles; it names the folder too (``kit/index.md``)."""
    app = make_app(hugo, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.main.shown[2] == "content/posts/kit/index.md"  # the newest first
        await pilot.press("down", "down", "t", "c")
        await settle(app, pilot)
        title = app.screen.query_one("#commit-title").render()
        assert str(title) == "Commit 1 file: M kit/index.md"
