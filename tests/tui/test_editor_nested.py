"""A key typed into an object's nested field in the form (a Decap ``widget: object``) is saved
on its own line(s) only: the object's comments, quotes, blank lines, CRLF line endings and
flow style stay, as ``set --field meta.lang=...`` leaves them (Pilot tests, 80x24); in YAML
and TOML front matter alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from postedit.core.workspace import open_workspace
from postedit.tui.widgets.fields import FieldEditor, ObjectField, YamlField
from tests.nested_site import (
    CASES,
    DECAP_CONFIG,
    LINKS,
    LINKS_EDITED,
    RELPATH,
    TOML_CASES,
    TOML_CONFIG,
    TOML_LINKS,
    TOML_LINKS_EDITED,
    Case,
)

from .test_editor_host import EditorHost, dialog_shown, settle

SIZE = (80, 24)


def host(make_repo: Any, posting: str, config: str = DECAP_CONFIG) -> tuple[Path, EditorHost]:
    """The form on the posting, its collection read from the Decap config."""
    root: Path = make_repo({"admin/config.yml": config, RELPATH: posting.encode()})
    ws = open_workspace(root)
    spec = ws.collection("jobs")
    return root, EditorHost(ws, ws.read(RELPATH, spec.name), spec=spec)


def nested(app: EditorHost, key: str) -> FieldEditor:
    """The editor of a dotted key (``meta.deep.level``)."""
    head, *path = key.split(".")
    editor = app.editor.editor_for(head)
    for name in path:
        assert isinstance(editor, ObjectField)
        editor = next(c for c in editor.children_editors() if c.key == name)
    return editor


async def save(app: EditorHost, pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await settle(pilot)


ALL = CASES + TOML_CASES


def in_one_form(cases: list[Case]) -> list[list[Case]]:
    """The cases in runs that one form can take one after the other (mounting the form is
    the slow part): the same file and config, no key inside another, and each case's ``old``
    text still there, once, after the changes before it."""
    runs: list[tuple[list[Case], list[str]]] = []  # (cases, [the file after them])
    for case in cases:
        for run, text in runs:
            if (
                (case.before, case.config) == (run[0].before, run[0].config)
                and not any(c.key.startswith(case.key) or case.key.startswith(c.key) for c in run)
                and text[0].count(case.old) == 1
            ):
                run.append(case)
                text[0] = text[0].replace(case.old, case.new)
                break
        else:
            runs.append(([case], [case.after]))
    return [run for run, _ in runs]


RUNS = in_one_form(ALL)


@pytest.mark.parametrize("cases", RUNS, ids=["+".join(c.id for c in run) for run in RUNS])
async def test_a_nested_field_saves_only_its_own_lines(make_repo: Any, cases: list[Case]) -> None:
    """Each case in turn in the same form: the field emptied, its text typed key by key,
    saved; the file is then exactly the one before with that case's lines changed."""
    root, app = host(make_repo, cases[0].before, cases[0].config)
    expected = cases[0].before
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for case in cases:
            field = nested(app, case.key).query_one(Input)
            field.focus()
            field.value = ""  # emptied: the key is taken out
            await pilot.press(*(case.text or ""))  # typed, key by key
            await settle(pilot)
            assert field.value == (case.text or ""), case.id
            await save(app, pilot)
            assert not app.editor.is_dirty(), case.id
            expected = expected.replace(case.old, case.new)
            assert (root / RELPATH).read_bytes() == expected.encode(), case.id
    assert sum(len(run) for run in RUNS) == len(ALL)


@pytest.mark.parametrize(
    ("before", "after", "config"),
    [(LINKS, LINKS_EDITED, DECAP_CONFIG), (TOML_LINKS, TOML_LINKS_EDITED, TOML_CONFIG)],
    ids=["yaml", "toml-array-of-tables"],
)
async def test_a_list_of_objects_edited_as_yaml_saves_only_the_changed_item_line(
    make_repo: Any, before: str, after: str, config: str
) -> None:
    """A Decap ``list`` with ``fields`` is edited as YAML text in the form: changing one
    item's url rewrote the whole list and dropped its comments (``[[links]]`` in TOML)."""
    root, app = host(make_repo, before, config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        links = app.editor.editor_for("links")
        assert isinstance(links, YamlField)
        area = links.query_one(TextArea)
        assert "https://b.fr" in area.text
        area.text = area.text.replace("https://b.fr", "https://c.fr")
        await settle(pilot)
        await save(app, pilot)
    assert (root / RELPATH).read_bytes() == after.encode()


async def test_text_a_list_field_cannot_read_is_not_left_without_asking(make_repo: Any) -> None:
    """YAML typed into a list of objects that does not read (``x: [``) did not count as an
    edit: escape left the form without asking and the text was gone, and ctrl+s said
    "nothing to save". Leaving now asks, and saving says what it cannot save."""
    root, app = host(make_repo, LINKS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.editor_for("links").query_one(TextArea).focus()
        await pilot.press("x", ":", " ", "[")
        await settle(pilot)
        assert app.editor.is_dirty()
        assert "modified" in str(app.editor.query_one("#editor-title").render())
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any("not saved (invalid YAML)" in m for m in said), said
        assert not any("nothing to save" in m for m in said), said
        await pilot.press("escape")
        dialog = await dialog_shown(app, pilot)
        assert "unsaved changes" in str(dialog.query_one(".dialog-message").render())
        await pilot.press("k")  # stay
        await settle(pilot)
        assert app.results == []
    assert (root / RELPATH).read_bytes() == LINKS.encode()
