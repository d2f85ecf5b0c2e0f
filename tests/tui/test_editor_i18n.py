"""The form of a posting in a collection with translations (Decap ``i18n``) holds the fields
Decap shows for its locale, and saving writes only the changed line (Pilot tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from postedit.core.schema import CollectionSpec, FieldSpec, I18n
from postedit.tui.widgets.fields import ObjectField

from .test_editor_host import EditorHost, make_workspace, settle

SIZE = (80, 24)
FIELDS = (
    FieldSpec("title", required=True, i18n="translate"),
    FieldSpec("author", required=True, i18n="none"),
    FieldSpec("body", "markdown", required=True, severity="warning", i18n="translate"),
)
ABOUT = "content/about.md"
ABOUT_TEXT = "---\nen:\n  title: About\n  author: Ann\n  body: Us\nfr:\n  title: A propos\n---\n"
SINGLE = CollectionSpec(
    "pages/about",
    "content",
    fields=FIELDS,
    files=(ABOUT,),
    i18n=I18n("single_file", ("en", "fr"), "en"),
)
POSTS = CollectionSpec(
    "posts",
    "content/posts",
    fields=FIELDS,
    depth=2,
    i18n=I18n("multiple_folders", ("en", "fr"), "en"),
)
FR = "content/posts/fr/hello.md"
FR_TEXT = "---\ntitle: Bonjour\n---\nTexte.\n"


async def test_a_single_file_entry_is_edited_locale_by_locale(make_repo: Any) -> None:
    root: Path = make_repo({ABOUT: ABOUT_TEXT})
    ws = make_workspace(root, SINGLE)
    app = EditorHost(ws, ws.read(ABOUT, SINGLE.name), spec=SINGLE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editors = app.editor.editors()
        assert [(e.key, type(e)) for e in editors] == [("en", ObjectField), ("fr", ObjectField)]
        summary = str(app.editor.query_one("#editor-summary").render())
        assert summary == "0 errors, 1 warning\n ! missing required field 'fr.body'"
        fr = editors[1]
        assert isinstance(fr, ObjectField)
        assert [c.key for c in fr.children_editors()] == ["title", "body"]  # no author
        fr.children_editors()[0].query_one(Input).value = "À propos"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert (root / ABOUT).read_text() == ABOUT_TEXT.replace("title: A propos", "title: À propos")


async def test_a_translation_s_form_lacks_the_default_locale_s_own_fields(
    make_repo: Any,
) -> None:
    root: Path = make_repo({FR: FR_TEXT})
    ws = make_workspace(root, POSTS)
    app = EditorHost(ws, ws.read(FR, POSTS.name), spec=POSTS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [e.key for e in app.editor.editors()] == ["title"]
        assert str(app.editor.query_one("#editor-summary").render()).endswith("no problems")
