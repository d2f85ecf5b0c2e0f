"""The list's keys that open the editor and the external editor, with stand-ins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

import postedit.tui.external as external
import postedit.tui.screens.editor as editor
from postedit.core.posting import Posting
from postedit.core.session import EditSession
from tests.tui.helpers import JOBS, make_app, settle

ALPHA = f"{JOBS}/2021-03-01-alpha.md"
NEW = f"{JOBS}/2021-12-01-new.md"


class FakeEditor(Screen["Posting | None"]):
    """Saves a change (an existing posting) or a new file, then dismisses like the editor."""

    calls: list[tuple[str | None, str | None]] = []

    def __init__(
        self,
        session: EditSession,
        spec: Any,
        posting: Posting | None,
        *,
        template: Posting | None = None,
        force: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.posting = posting
        self.template = template
        FakeEditor.calls.append(
            (posting.relpath if posting else None, template.relpath if template else None)
        )

    def compose(self) -> ComposeResult:
        yield Static("fake editor")

    def on_mount(self) -> None:
        if self.posting is not None:
            saved = self.session.set_fields(self.posting, {"city": "Lille"})
        else:
            name = NEW if self.template is None else NEW.replace("new", "copy")
            saved = self.session.write(
                Posting(name, "jobs"), b"---\ntitle: New one\nopen: true\n---\n"
            )
        self.dismiss(saved)


@pytest.fixture
def fake_editor(monkeypatch: pytest.MonkeyPatch) -> type[FakeEditor]:
    FakeEditor.calls = []
    monkeypatch.setattr(editor, "EditorScreen", FakeEditor)
    return FakeEditor


async def test_enter_opens_the_editor_and_the_row_follows(site: Path, fake_editor) -> None:  # type: ignore[no-untyped-def]
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert fake_editor.calls == [(ALPHA, None)]
        assert app.model.commit_paths() == [ALPHA]
        assert app.main.cells(ALPHA)[1].plain == "M"
        assert app.model.entries[ALPHA].posting.fields["city"] == "Lille"


async def test_new_and_duplicate_open_the_editor(site: Path, fake_editor) -> None:  # type: ignore[no-untyped-def]
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert fake_editor.calls == [(None, None)]
        assert NEW in app.main.shown
        assert app.main.cells(NEW)[1].plain == "N"
        assert NEW in app.model.new
        assert app.main.table.current_key() == NEW  # the new posting is highlighted
        await pilot.press("D")  # so D copies it
        await settle(app, pilot)
        assert fake_editor.calls[-1] == (None, NEW)


async def test_external_editor_reloads_the_posting(site: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fake_open(app: Any, path: Path) -> str | None:
        path.write_bytes(path.read_bytes().replace(b"Paris", b"Nantes"))
        return None

    monkeypatch.setattr(external, "open_in_editor", fake_open)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert app.model.entries[ALPHA].posting.fields["city"] == "Nantes"
        assert app.model.commit_paths() == [ALPHA]
        await pilot.press("u")  # an edit made in $EDITOR: u asks first
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert b"Paris" in (site / ALPHA).read_bytes()


async def test_a_new_posting_the_filter_hides_still_counts(site: Path, fake_editor) -> None:  # type: ignore[no-untyped-def]
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.main.query_one("#filter", Input).value = "nothing-matches-this"
        await settle(app, pilot)
        matches = app.main.query_one("#matches", Static)
        before = str(matches.render())
        total = int(before.split(" of ")[1])
        app.main.table.focus()
        await pilot.press("n")  # the new posting does not match the filter: not shown
        await settle(app, pilot)
        assert NEW in app.model.entries and NEW not in app.main.shown
        assert str(matches.render()) == f"0 of {total + 1}"  # as the tab says
