"""A relation field is typed with type-ahead from the other collection's entries."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.widgets import Input

from postedit.core.schema import CollectionSpec, FieldSpec, Schema
from postedit.core.schema_load import relation_context
from postedit.core.validate import relation_values
from postedit.core.workspace import Workspace

from .test_editor_host import DOC, JOBS, RELPATH, EditorHost, dialog_shown, settle

STARTUPS = CollectionSpec(name="startups", folder="content/_startups", fields=(FieldSpec("title"),))
RELATED = replace(
    JOBS,
    fields=tuple(
        replace(f, type="relation", collection="startups") if f.name == "startup" else f
        for f in JOBS.fields
    ),
)


def test_relation_values_follow_the_value_field() -> None:
    context = {"organisations": frozenset({"dinum", "anct"})}
    plain = FieldSpec("owner", "relation", collection="organisations")
    prefixed = replace(plain, value_field="/organisations/{{slug}}")
    built = replace(plain, value_field="{{title}}")
    assert relation_values(plain, context) == ["anct", "dinum"]
    assert relation_values(prefixed, context) == ["/organisations/anct", "/organisations/dinum"]
    assert relation_values(built, context) == []  # made from other fields: no list to offer
    assert relation_values(replace(plain, collection="people"), context) == []


async def test_relation_input_completes_from_the_target_entries(make_repo: Any) -> None:
    root: Path = make_repo(
        {
            RELPATH: DOC,
            "content/_startups/homologation.md": "---\ntitle: Homologation\n---\n",
            "content/_startups/lumo.md": "---\ntitle: Lumo\n---\n",
            "content/_startups/lupin.md": "---\ntitle: Lupin\n---\n",
        }
    )
    ws = Workspace(root=root, schema=Schema((RELATED, STARTUPS), source="test", kind="postedit"))
    app = EditorHost(ws, ws.read(RELPATH), spec=RELATED)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        field = app.editor.editor_for("startup")
        assert list(field.suggestions) == ["homologation", "lumo", "lupin"]
        box = field.query_one(Input)
        box.focus()
        box.value = ""
        await settle(pilot)
        await pilot.press("L", "u", "m")
        await settle(pilot)
        await pilot.press("right")  # accepts the suggestion, as the input's own hint shows
        await settle(pilot)
        assert box.value == "lumo"


# -- a relation to several entries, and relations checked against the entries ---------------

POSTS = CollectionSpec(
    name="posts",
    folder="content/posts",
    fields=(
        FieldSpec("title"),
        FieldSpec("author", "relation", collection="authors"),
        FieldSpec("authors", "relation", collection="authors", multiple=True),
    ),
)
AUTHORS = CollectionSpec(name="authors", folder="content/authors", fields=(FieldSpec("title"),))
POST = "content/posts/hello.md"
POST_TEXT = "---\ntitle: Hello  # the heading\nauthor: ann\n---\nBody.\n"
WITH_AUTHORS = (
    "---\ntitle: Hello  # the heading\nauthor: ann\nauthors:\n  - ann\n  - bob\n---\nBody.\n"
)
"""What Decap writes for a multiple relation (a list, RelationControl.handleChange), and what
``postedit set --field authors=ann,bob`` writes (tests/test_cli_list_set.py)."""


def _posts_app(make_repo: Any, text: str = POST_TEXT) -> tuple[Path, EditorHost]:
    root: Path = make_repo(
        {
            POST: text,
            "content/authors/ann.md": "---\ntitle: Ann\n---\n",
            "content/authors/bob.md": "---\ntitle: Bob\n---\n",
        }
    )
    ws = Workspace(root=root, schema=Schema((POSTS, AUTHORS), source="test", kind="postedit"))
    return root, EditorHost(ws, ws.read(POST), spec=POSTS)


async def _type(pilot: Any, text: str) -> None:
    """Type ``text`` key by key into the focused input."""
    names = {",": "comma", " ": "space"}
    await pilot.press(*(names.get(c, c) for c in text))
    await settle(pilot)


def _findings(app: EditorHost, key: str) -> str:
    return str(app.editor.editor_for(key).query_one(".field-findings").render())


async def test_a_multiple_relation_typed_ann_bob_is_saved_as_a_list(make_repo: Any) -> None:
    """``ann, bob`` typed into a multiple relation was saved as the text ``authors: ann,
    bob``: it is the list Decap writes, as set writes it, and only its lines are added."""
    root, app = _posts_app(make_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        field = app.editor.editor_for("authors")
        field.query_one(Input).focus()
        await _type(pilot, "ann, b")
        await pilot.press("right")  # completes the last entry: bob
        await settle(pilot)
        assert field.query_one(Input).value == "ann, bob"
        assert _findings(app, "authors") == ""
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert (root / POST).read_bytes() == WITH_AUTHORS.encode()


async def test_a_multiple_relation_list_is_shown_as_its_entries_and_kept(make_repo: Any) -> None:
    """A list of entries shows as ``ann, bob`` in one input (not as YAML); saved untouched
    it is not written, and an entry added changes only that list."""
    root, app = _posts_app(make_repo, WITH_AUTHORS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.editor.editor_for("authors").query_one(Input)
        assert box.value == "ann, bob"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert (root / POST).read_bytes() == WITH_AUTHORS.encode()
        box.focus()
        await pilot.press("end")
        await _type(pilot, ", ann")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert (root / POST).read_bytes() == WITH_AUTHORS.replace(
        "  - bob\n", "  - bob\n  - ann\n"
    ).encode()


async def test_the_form_checks_a_relation_against_the_entries(
    make_repo: Any, monkeypatch: Any
) -> None:
    """A relation to an entry that does not exist passed the form and was then held back by
    the commit dialog: the form says what check says, under the field as you type and in the
    question before saving. The entries are listed once for the form, not per key."""
    from postedit.tui.screens import editor as editor_module

    listed: list[str] = []

    def counting(root: Path, schema: Schema) -> Any:
        listed.append("listed")
        return relation_context(root, schema)

    monkeypatch.setattr(editor_module, "relation_context", counting)
    root, app = _posts_app(make_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.editor.editor_for("author").query_one(Input)
        box.focus()
        await pilot.press("end", "backspace", "backspace", "backspace")
        await _type(pilot, "zed")
        assert _findings(app, "author") == "✗ 'zed' is not an entry of 'authors'"
        assert box.has_class("-invalid")
        app.editor.editor_for("authors").query_one(Input).focus()
        await _type(pilot, "bob, anne")
        assert _findings(app, "authors") == (
            "✗ 'anne' is not an entry of 'authors' (did you mean 'ann'?)"
        )
        await pilot.press("ctrl+s")
        dialog = await dialog_shown(app, pilot)
        text = str(dialog.query_one(".dialog-message").render())
        assert "This edit brings 2 errors" in text, text
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert (root / POST).read_bytes() == POST_TEXT.encode()
    assert listed == ["listed"]


async def test_a_multiple_relation_cleared_in_the_form_is_written_as_an_empty_list(
    make_repo: Any,
) -> None:
    """Emptying a multiple relation removed its key; Decap keeps it as ``authors: []``
    (RelationControl.handleChange saves the empty list react-select gives on clear). Only
    that line changes; a single relation emptied still loses its key."""
    root, app = _posts_app(make_repo, WITH_AUTHORS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.editor.editor_for("authors").query_one(Input)
        box.focus()
        await pilot.press("end", *["backspace"] * len("ann, bob"))
        await settle(pilot)
        assert box.value == ""
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert (root / POST).read_bytes() == WITH_AUTHORS.replace(
            "authors:\n  - ann\n  - bob\n", "authors: []\n"
        ).encode()
        single = app.editor.editor_for("author").query_one(Input)
        single.focus()
        await pilot.press("end", *["backspace"] * len("ann"))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert (root / POST).read_bytes() == (
        b"---\ntitle: Hello  # the heading\nauthors: []\n---\nBody.\n"
    )
