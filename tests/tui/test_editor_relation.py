"""A relation field is typed with type-ahead from the other collection's entries."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.widgets import Input

from postedit.core.schema import CollectionSpec, FieldSpec, Schema
from postedit.core.validate import relation_values
from postedit.core.workspace import Workspace

from .test_editor_host import DOC, JOBS, RELPATH, EditorHost, settle

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
