"""Found by trying the TUI in tmux as a new user (QA), fixed here."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from tests.conftest import git
from tests.tui.helpers import JOBS, make_app, settle, status_bar

ALPHA = f"{JOBS}/2021-03-01-alpha.md"


async def _open_editor(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "EditorScreen"


async def test_q_in_the_editor_does_not_quit(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_editor(app, pilot)
        app.screen.focus_next()  # away from a text field, onto anything
        await pilot.press("q")
        await settle(app, pilot)
        assert app.is_running and type(app.screen).__name__ == "EditorScreen"


async def test_ctrl_q_with_unsaved_changes_asks(site: Path) -> None:
    app = make_app(site)
    before = (site / ALPHA).read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await _edit_then_ctrl_q(app, pilot)
        assert app.is_running
        assert "unsaved" in " ".join(str(w.render()) for w in app.screen.query("Static"))
        await pilot.press("k")  # stay
    assert (site / ALPHA).read_bytes() == before


async def test_slash_in_the_filter_is_a_character(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "a", "slash", "b")
        await settle(app, pilot)
        assert app.screen.query_one("#filter", Input).value == "a/b"


async def test_the_body_editor_is_visible_at_80x24(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_editor(app, pilot)
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        body = app.screen.query_one("#body-text", TextArea)
        assert body.has_focus
        assert body.region.height >= 5, body.region


async def test_home_and_end_move_the_list_cursor(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.main.table
        await pilot.press("end")
        await settle(app, pilot)
        assert table.cursor_row == table.row_count - 1 > 0
        await pilot.press("home")
        await settle(app, pilot)
        assert table.cursor_row == 0


async def _edit_then_ctrl_q(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Open the form, change the title, press ctrl+q; wait for the save/discard/stay
    question (a modal a worker pushes and waits on)."""
    await _open_editor(app, pilot)
    title = app.screen.query(Input).first()
    title.value = title.value + " edited"
    await settle(app, pilot)
    await pilot.press("ctrl+q")
    for _ in range(50):
        if type(app.screen).__name__ != "EditorScreen":
            return
        await pilot.pause(0.05)


async def test_ctrl_q_then_save_goes_on_quitting(site: Path) -> None:
    """ctrl+q in a form with unsaved changes: "save" saves, then the quit goes on (with the
    uncommitted-edits question); it used to stop on the list, the quit forgotten."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await _edit_then_ctrl_q(app, pilot)
        await pilot.press("s")  # save
        await settle(app, pilot)
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "1 edit not committed. They stay on disk." in screen
        assert "Quit anyway?" in screen
        await pilot.press("y")
        await settle(app, pilot)
        assert not app.is_running
    assert b"title: Alpha d\xc3\xa9veloppeur edited\n" in (site / ALPHA).read_bytes()


async def test_ctrl_q_then_discard_quits_when_nothing_is_pending(site: Path) -> None:
    app = make_app(site)
    before = (site / ALPHA).read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await _edit_then_ctrl_q(app, pilot)
        await pilot.press("d")  # discard: nothing pending, so nothing more to ask
        await settle(app, pilot)
        assert not app.is_running
    assert (site / ALPHA).read_bytes() == before


TEXT_SCHEMA = """version: 1
collections:
  posts:
    folder: posts
    fields:
      - {name: title, type: string}
      - {name: summary, type: text}
"""
TEXT_POST = "---\ntitle: One\nsummary: |\n  first line\n  second line\nsort: 1\n---\nBody\n"


async def test_a_multi_line_text_field_is_edited_as_lines_not_yaml(make_repo) -> None:  # type: ignore[no-untyped-def]
    """A `text` field holding several lines: its lines in a text area. A line break is no
    control character; the field was shown as a quoted YAML scalar ('first line, a blank
    line, '), with the hint about control characters."""
    site = make_repo({"postedit.yml": TEXT_SCHEMA, "posts/one.md": TEXT_POST})
    app = make_app(site, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_editor(app, pilot)
        summary = app.screen.editor_for("summary")  # type: ignore[attr-defined]
        assert summary.query_one(TextArea).text == "first line\nsecond line\n"
        lines = [strip.text.strip() for strip in app.screen._compositor.render_strips()]
        at = lines.index("summary")
        assert lines[at + 1 : at + 3] == ["first line", "second line"]
        assert "control characters" not in "\n".join(lines)
        area = summary.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*"third line", "enter", "ctrl+s")
        await settle(app, pilot)
    assert (site / "posts/one.md").read_text() == TEXT_POST.replace(
        "  second line\n", "  second line\n  third line\n"
    )


async def test_an_edit_committed_with_git_is_no_longer_pending_after_r(site: Path) -> None:
    """A toggle committed by hand (git commit -a), then r: the row kept its M and the status
    bar "1 edit", and u wrote the value from before the toggle back, a change the list then
    showed as no edit at all (c: nothing to commit; the real offers, qa26)."""
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        rel = app.main.table.current_key()
        assert rel is not None
        await pilot.press("t")
        await settle(app, pilot)
        assert app.model.commit_paths() == [rel]
        git(site, "commit", "-qam", "by hand")
        committed = (site / rel).read_bytes()
        await pilot.press("r")
        await settle(app, pilot)
        assert app.model.commit_paths() == []
        assert "no edits" in status_bar(app)
        assert "M" not in app.main.cells(rel)[1].plain
        await pilot.press("u")  # nothing of postedit's left to take back
        await settle(app, pilot)
        assert (site / rel).read_bytes() == committed
        assert git(site, "status", "--porcelain") == ""


async def test_the_commit_dialog_opens_with_no_earlier_notice_over_it(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        app.notify("Saved something a moment ago")  # as the form's save says it
        await pilot.press("c")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CommitScreen"
        assert not list(app._notifications)


async def test_a_posting_that_cannot_be_read_is_not_said_to_have_no_problems(site: Path) -> None:
    """qa26b: the form of an unreadable posting (front matter never closed, a FIFO, 67 MB)
    said "✓ no problems" over the error that stops it being read."""
    (site / ALPHA).write_text("---\ntitle: never closed\nopen: true\n")
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.main.table.move_cursor(row=app.main.shown.index(ALPHA))
        await _open_editor(app, pilot)
        summary = str(app.screen.query_one("#editor-summary").render())
        assert "no problems" not in summary
        assert "1 error" in summary and "front matter is not closed" in summary
        assert "✗ 1" in str(app.screen.query_one("#editor-title").render())


async def test_the_first_save_of_a_new_posting_leaves_the_body_and_its_preview_as_they_were(
    site: Path,
) -> None:
    """``n``, a title, then the body written and previewed: ctrl+s there rebuilt the form
    and put the focus on the title, the preview gone, the form scrolled to the top."""
    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press(*"Echo", "ctrl+b", *"Hi", "enter", *"there", "f2")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        form = app.screen
        assert not form.is_new  # type: ignore[attr-defined]
        body = form.body_editor  # type: ignore[attr-defined]
        assert body.mode == "instead"
        assert app.focused is not None and app.focused.id == "body-preview"
        await pilot.press("f2")  # back to the text, the cursor where it was
        assert body.text_area.cursor_location == (1, 5)
        assert body.text_area.text.startswith("Hi\nthere")


def _field_of(widget) -> str:  # type: ignore[no-untyped-def]
    """The id of the form field holding ``widget``."""
    from postedit.tui.widgets.fields import FieldEditor

    return next(w.id for w in widget.ancestors_with_self if isinstance(w, FieldEditor))


async def test_the_first_save_of_a_new_posting_keeps_the_focus_in_its_field(site: Path) -> None:
    """The first save rebuilds the form: the focus goes back to the field it was in, and
    in a list field to the item and the place in it (it went to the first item: the text
    typed after ctrl+s went into the wrong tag, review31)."""
    app = make_app(site, "load")  # tags: a list field (delta has some)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        title = _field_of(app.focused)
        await pilot.press(*"Echo")
        app.screen.query_one("#field-tags Input", Input).focus()
        await pilot.press("a", "ctrl+n", "b", "d", "left")
        field = _field_of(app.focused)
        assert field != title
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not app.screen.is_new  # type: ignore[attr-defined]
        assert _field_of(app.focused) == field
        await pilot.press("c")
        items = app.screen.query("#field-tags Input").results(Input)
        assert [i.value for i in items] == ["a", "bcd"]
