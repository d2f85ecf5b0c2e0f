"""Pilot tests of the editor on new postings, duplicates, and the external editor."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from postedit.core.posting import Posting
from postedit.tui.screens.editor import EditorScreen

from .test_editor_host import DOC, FOLDER, RELPATH, EditorHost, dialog_shown, make_workspace, settle

SIZE = (100, 40)


@pytest.fixture
def site(make_repo: Any) -> Path:
    """A git repository holding one job posting."""
    root: Path = make_repo({RELPATH: DOC})
    return root


def folder_files(site: Path) -> set[str]:
    return {p.name for p in (site / FOLDER).iterdir()}


async def save(app: EditorHost, pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await settle(pilot)


async def test_new_posting_from_defaults(site: Path) -> None:
    app = EditorHost(make_workspace(site), None)
    async with app.run_test(size=SIZE) as pilot:
        editor = app.editor
        assert editor.is_new
        assert editor.editor_for("date").query_one(Input).value == "2026-03-07"
        assert editor.editor_for("open").state().value is False
        assert editor.body_editor is not None and editor.body_editor.text == "## Le contexte\n"
        assert not editor.is_dirty()  # defaults alone are not an edit: escape leaves quietly
        editor.editor_for("roles").query_one(Input).value = "../../Développeur·se Full-Stack/ !"
        editor.editor_for("domaines").query_one("SelectionList").select(1)  # type: ignore[attr-defined]
        await settle(pilot)
        title = str(editor.query_one("#editor-title").render())
        assert "2026-03-07-developpeur-se-full-stack.md" in title
        await save(app, pilot)
        assert not editor.is_new
        assert editor.posting is not None
        await pilot.press("escape")
        await settle(pilot)
    name = "2026-03-07-developpeur-se-full-stack.md"
    assert folder_files(site) == {name, Path(RELPATH).name}
    assert (site / FOLDER / name).read_text() == (
        "---\n"
        "roles: ../../Développeur·se Full-Stack/ !\n"
        "open: false\n"
        "date: 2026-03-07\n"
        "domaines:\n"
        "  - Produit\n"
        "---\n"
        "## Le contexte\n"
    )
    saved = app.results[0]
    assert isinstance(saved, Posting) and saved.relpath == f"{FOLDER}/{name}"


async def test_new_posting_never_overwrites(site: Path) -> None:
    taken = site / FOLDER / "2026-03-07-designer.md"
    taken.write_text("---\nroles: someone else's\n---\n")
    app = EditorHost(make_workspace(site), None)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.editor_for("roles").query_one(Input).value = "Designer"
        app.editor.editor_for("domaines").query_one("SelectionList").select(0)  # type: ignore[attr-defined]
        await settle(pilot)
        await save(app, pilot)
    assert taken.read_text() == "---\nroles: someone else's\n---\n"
    assert "2026-03-07-designer-1.md" in folder_files(site)  # Decap: -1, -2...


async def test_new_posting_without_title_gets_a_fallback_name_after_confirmation(
    site: Path,
) -> None:
    app = EditorHost(make_workspace(site), None)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.editor_for("roles").query_one(Input).value = "?!…"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await dialog_shown(app, pilot)  # domaines is required and empty
        await pilot.press("y")
        await app.workers.wait_for_complete()
    assert "2026-03-07-posting.md" in folder_files(site)


async def test_escape_from_untouched_new_posting_writes_nothing(site: Path) -> None:
    app = EditorHost(make_workspace(site), None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await settle(pilot)
    assert app.results == [None]
    assert folder_files(site) == {Path(RELPATH).name}


async def test_duplicate(site: Path) -> None:
    ws = make_workspace(site)
    original = ws.read(RELPATH)
    app = EditorHost(ws, None, template=original)
    async with app.run_test(size=SIZE) as pilot:
        editor = app.editor
        assert editor.editor_for("roles").query_one(Input).value == "Un ou une Designer UX/UI"
        assert editor.editor_for("date").state().value == dt.date(2026, 3, 7)  # a "now" date
        assert editor.editor_for("legacy_key").state().value == "keep me"
        await save(app, pilot)
    assert (site / RELPATH).read_text() == DOC
    copy = make_workspace(site).read(f"{FOLDER}/2026-03-07-un-ou-une-designer-ux-ui.md")
    assert copy.ok
    assert copy.body == original.body
    assert copy.fields == {**original.fields, "date": dt.date(2026, 3, 7)}
    assert list(copy.fields) == list(original.fields)


# -- external editor -------------------------------------------------------------------


def fake_editor(tmp_path: Path, script: str) -> str:
    path = tmp_path / "fake-editor.sh"
    # the file is the last argument (after any options given in $EDITOR)
    path.write_text('#!/bin/sh\nfor f in "$@"; do :; done\n' + script)
    path.chmod(0o755)
    return str(path)


async def run_external(
    site: Path, monkeypatch: pytest.MonkeyPatch, editor: str, edit_first: bool = False
) -> tuple[EditorHost, list[tuple[str, str]]]:
    monkeypatch.setenv("EDITOR", editor)
    app = EditorHost(make_workspace(site), make_workspace(site).read(RELPATH))
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **kw: notes.append(  # type: ignore[method-assign]
            (str(message), kw.get("severity", "information"))
        )
        if edit_first:
            app.editor.editor_for("startup").query_one(Input).value = "dirty"
            await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        if isinstance(app.screen, EditorScreen):
            await pilot.press("escape")
            await settle(pilot)
            if edit_first:
                await dialog_shown(app, pilot)
                await pilot.press("d")
                await settle(pilot)
    return app, notes


async def test_external_editor_changes_are_reloaded(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_editor(
        tmp_path, "sed -i 's/^open: true/open: false/' \"$f\"\necho 'Ajouté dehors.' >> \"$f\"\n"
    )
    app, notes = await run_external(site, monkeypatch, f"{script} --wait")
    text = (site / RELPATH).read_text()
    assert "open: false" in text and text.endswith("Ajouté dehors.\n")
    assert notes and notes[-1][1] == "information" and "reloaded" in notes[-1][0]
    saved = app.results[0]
    assert isinstance(saved, Posting) and saved.fields["open"] is False


async def test_external_editor_sees_reloaded_values(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, "sed -i 's/^days: 15/days: 16/' \"$f\"\n"))
    monkeypatch.setenv("EDITOR", "false")  # VISUAL wins
    ws = make_workspace(site)
    app = EditorHost(ws, ws.read(RELPATH))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.editor.editor_for("days").query_one(Input).value == "16"
        assert not app.editor.is_dirty()
        # the reloaded posting is the base of the next save: no conflict
        app.editor.editor_for("tjm").query_one(Input).value = "500"
        await settle(pilot)
        await save(app, pilot)
    text = (site / RELPATH).read_text()
    assert "days: 16\ntjm: 500\n" in text


async def test_external_editor_missing_or_failing_is_said_and_changes_nothing(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor not found, then one exiting with status 3, in the same form (mounting it is
    the slow part): each is said, and the posting is left as it was."""
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    ws = make_workspace(site)
    app = EditorHost(ws, ws.read(RELPATH))
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **kw: notes.append(  # type: ignore[method-assign]
            (str(message), kw.get("severity", "information"))
        )
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert any("editor not found" in m for m, _ in notes), notes
        assert not any("exited with status 3" in m for m, _ in notes)
        monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "exit 3\n"))
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert any("exited with status 3" in m and s == "error" for m, s in notes), notes
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await settle(pilot)
    assert (site / RELPATH).read_text() == DOC
    assert app.results == [None]


async def test_external_editor_deleting_the_file(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, notes = await run_external(site, monkeypatch, fake_editor(tmp_path, 'rm "$f"\n'))
    assert any("was deleted by the editor" in m and s == "error" for m, s in notes)
    assert not (site / RELPATH).exists()
    result = app.results[0]
    assert isinstance(result, Posting) and result.stamp is None  # the list must drop it


async def test_external_editor_refused_with_unsaved_changes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    app, notes = await run_external(
        site, monkeypatch, fake_editor(tmp_path, f"touch {marker}\n"), edit_first=True
    )
    assert not marker.exists()
    assert any("save" in m and s == "warning" for m, s in notes)
    assert (site / RELPATH).read_text() == DOC


def test_editor_command_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from postedit.tui.external import editor_command

    assert editor_command({}) == ["vi"]
    assert editor_command({"EDITOR": "nano -w"}) == ["nano", "-w"]
    assert editor_command({"EDITOR": "nano", "VISUAL": "'my editor' --x"}) == ["my editor", "--x"]
    assert editor_command({"VISUAL": "  ", "EDITOR": "ed"}) == ["ed"]
    assert os.environ.get("EDITOR") is None  # the hermetic fixture cleared it


async def test_broken_posting_is_fixed_in_the_external_editor(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / RELPATH).write_text("---\nroles: [unclosed\n2021: year key\n---\nbody\n")
    fixed = tmp_path / "fixed.md"
    fixed.write_text("---\nroles: Fixed\n2021: year key\n---\nbody\n")
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, f'cp {fixed} "$f"\n'))
    ws = make_workspace(site)
    app = EditorHost(ws, ws.read(RELPATH))
    async with app.run_test(size=SIZE) as pilot:
        assert app.editor.editors() == []
        assert "ctrl+o" in str(app.editor.query_one("#editor-broken").render())
        await pilot.press("ctrl+s")  # refused, nothing written
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.editor.editor_for("roles").query_one(Input).value == "Fixed"
        assert app.editor.editor_for(2021).state().value == "year key"  # type: ignore[arg-type]
    assert (site / RELPATH).read_text() == fixed.read_text()
