"""The form holds what Decap's editor shows: a translation's fields for its locale (Decap
``i18n``), one nested form per locale for a ``single_file`` entry, no ``hidden`` field; and
saving writes only the changed line (Pilot tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from postedit.core.schema import CollectionSpec, FieldSpec, I18n
from postedit.tui.widgets.fields import FieldEditor, ObjectField

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


def host(root: Path, spec: CollectionSpec, relpath: str | None) -> EditorHost:
    """The editor on ``relpath`` (a new posting when None) of collection ``spec``."""
    ws = make_workspace(root, spec)
    return EditorHost(ws, ws.read(relpath, spec.name) if relpath else None, spec=spec)


async def type_and_save(app: EditorHost, pilot: Any, editor: FieldEditor, text: str) -> None:
    editor.query_one(Input).value = text
    await settle(pilot)
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await settle(pilot)


def summary(app: EditorHost) -> str:
    return str(app.editor.query_one("#editor-summary").render())


async def test_a_single_file_entry_is_edited_locale_by_locale(make_repo: Any) -> None:
    root: Path = make_repo({ABOUT: ABOUT_TEXT})
    app = host(root, SINGLE, ABOUT)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editors = app.editor.editors()
        assert [(e.key, type(e)) for e in editors] == [("en", ObjectField), ("fr", ObjectField)]
        assert summary(app) == "0 errors, 1 warning\n ! missing required field 'fr.body'"
        fr = editors[1]
        assert isinstance(fr, ObjectField)
        assert [c.key for c in fr.children_editors()] == ["title", "body"]  # no author
        await type_and_save(app, pilot, fr.children_editors()[0], "À propos")
    assert (root / ABOUT).read_text() == ABOUT_TEXT.replace("title: A propos", "title: À propos")


async def test_a_translation_s_form_lacks_the_default_locale_s_own_fields(
    make_repo: Any,
) -> None:
    app = host(make_repo({FR: "---\ntitle: Bonjour\n---\nTexte.\n"}), POSTS, FR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [e.key for e in app.editor.editors()] == ["title"]
        assert summary(app).endswith("no problems")


@pytest.mark.parametrize(
    ("relpath", "key", "text", "written", "expected"),
    [  # an existing posting keeps its value; a new one gets the default
        (JANE, "city", "Paris", JANE, JANE_TEXT.replace("city: Lyon", "city: Paris")),
        (
            None,
            "name",
            "Ann Lee",
            "content/authors/ann-lee.md",
            "---\nname: Ann Lee\nlayout: author\n---\n",
        ),
    ],
)
async def test_a_hidden_field_is_not_in_the_form(
    make_repo: Any, relpath: str | None, key: str, text: str, written: str, expected: str
) -> None:
    root: Path = make_repo({JANE: JANE_TEXT})
    app = host(root, AUTHORS, relpath)
    async with app.run_test(size=SIZE) as pilot:
        assert [e.key for e in app.editor.editors()] == ["name", "city"]
        await type_and_save(app, pilot, app.editor.editor_for(key), text)
    assert (root / written).read_text() == expected


JOBS = CollectionSpec(
    "jobs",
    "content/_jobs",
    slug="{{year}}-{{month}}-{{day}}-{{slug}}",
    fields=(
        FieldSpec("title", required=True),
        FieldSpec("date", "date", required=True, severity="warning"),
    ),
)


async def test_a_new_postings_form_takes_the_date_its_file_name_will_give(make_repo: Any) -> None:
    """A new posting is named ``2026-...-dev.md``, which dates it for the site, and ``check``
    finds no date missing once it is saved; the form said "missing required field 'date'"
    until then (it checked the posting under the name ``new.md``)."""
    root: Path = make_repo({"README.md": "site\n"})
    app = host(root, JOBS, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.editor_for("title").query_one(Input).value = "Dev"
        await settle(pilot)
        assert summary(app) == "✓ no problems"
