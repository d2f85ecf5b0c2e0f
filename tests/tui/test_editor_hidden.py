"""A Decap ``hidden`` field is not in the form (Decap's editor leaves it out): an existing
value is kept as it is, and a new posting gets the field's default (Pilot tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from postedit.core.schema import CollectionSpec, FieldSpec

from .test_editor_host import EditorHost, make_workspace, settle

SIZE = (80, 24)
AUTHORS = CollectionSpec(
    "authors",
    "content/authors",
    identifier_field="name",
    fields=(
        FieldSpec("name", required=True),
        FieldSpec("layout", "hidden", default="author"),
        FieldSpec("city"),
    ),
)
JANE = "content/authors/jane.md"
JANE_TEXT = "---\nname: Jane\nlayout: person  # set by the theme\ncity: Lyon\n---\nBio.\n"


async def save(app: EditorHost, pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await settle(pilot)


async def test_a_hidden_field_is_kept_and_not_shown(make_repo: Any) -> None:
    root: Path = make_repo({JANE: JANE_TEXT})
    ws = make_workspace(root, AUTHORS)
    app = EditorHost(ws, ws.read(JANE, AUTHORS.name), spec=AUTHORS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [e.key for e in app.editor.editors()] == ["name", "city"]
        app.editor.editor_for("city").query_one(Input).value = "Paris"
        await settle(pilot)
        await save(app, pilot)
    assert (root / JANE).read_text() == JANE_TEXT.replace("city: Lyon", "city: Paris")


async def test_a_new_posting_gets_the_hidden_field_s_default(make_repo: Any) -> None:
    root: Path = make_repo({JANE: JANE_TEXT})
    app = EditorHost(make_workspace(root, AUTHORS), None, spec=AUTHORS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [e.key for e in app.editor.editors()] == ["name", "city"]
        app.editor.editor_for("name").query_one(Input).value = "Ann Lee"
        await settle(pilot)
        await save(app, pilot)
    assert (root / "content/authors/ann-lee.md").read_text() == (
        "---\nname: Ann Lee\nlayout: author\n---\n"
    )
