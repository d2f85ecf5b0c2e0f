"""Shared by the editor tests (no tests here): a tiny host app that pushes EditorScreen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual.app import App

from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, FieldSpec, Schema
from postedit.core.session import EditSession
from postedit.core.workspace import Workspace
from postedit.tui.screens.editor import EditorScreen

NOW = dt.datetime(2026, 3, 7, 14, 35)
FOLDER = "content/_jobs"
NAME = "2021-07-27-designer.md"
RELPATH = f"{FOLDER}/{NAME}"

DOC = """\
---
roles: Un ou une Designer UX/UI  # the title
open: true
junior: false
date: 2021-07-27T09:01:21.886Z
depublication_date: 2021-09-30
startup: homologation
kind: freelance
domaines:
  - Design
contact: lab@ssi.gouv.fr
site: "https://beta.gouv.fr"
days: 15
tjm: 550.5
tags: [ux, ui]
team:
  lead: Alice
  size: 3
legacy_key: keep me   # unknown to the schema
---
### MonServiceSecurise recrute

Texte **important**.
"""

JOBS = CollectionSpec(
    name="jobs",
    folder=FOLDER,
    label="Jobs",
    identifier_field="roles",
    status="open",
    fields=(
        FieldSpec("roles", label="Titre du poste", required=True, hint="Le féminin aussi"),
        FieldSpec("open", "boolean", label="Ouvert", required=True),
        FieldSpec("junior", "boolean"),
        FieldSpec("date", "datetime", default="{{now}}", format="YYYY-MM-DD"),
        FieldSpec("depublication_date", "date"),
        FieldSpec("startup"),
        FieldSpec("kind", "select", options=("freelance", "cdd", "cdi")),
        FieldSpec(
            "domaines",
            "select",
            options=("Design", "Produit", "Développement"),
            multiple=True,
            required=True,
        ),
        FieldSpec("contact", "email"),
        FieldSpec("site", "url"),
        FieldSpec("days", "integer", min=1, max=365),
        FieldSpec("tjm", "number"),
        FieldSpec("tags", "list"),
        FieldSpec("team", "object", fields=(FieldSpec("lead"), FieldSpec("size", "integer"))),
        FieldSpec("notes", "text"),
        FieldSpec("body", "markdown", default="## Le contexte\n"),
    ),
)


def make_workspace(root: Path, spec: CollectionSpec = JOBS) -> Workspace:
    """A workspace on ``root`` with just ``spec`` (no schema discovery)."""
    return Workspace(root=root, schema=Schema((spec,), source="test", kind="postedit"))


class EditorHost(App[None]):
    """Pushes an EditorScreen at start; records what it dismissed with."""

    def __init__(
        self, ws: Workspace, posting: Posting | None, *, spec: CollectionSpec = JOBS, **kw: Any
    ) -> None:
        super().__init__()
        self.ws = ws
        self.spec = spec
        self.posting = posting
        self.kw = kw
        self.results: list[Posting | None] = []

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.push_screen(
            EditorScreen(EditSession(self.ws), self.spec, self.posting, now=lambda: NOW, **self.kw),
            callback=self.results.append,
        )

    @property
    def editor(self) -> EditorScreen:
        """The editor screen (the active one)."""
        screen = self.screen
        assert isinstance(screen, EditorScreen), screen
        return screen


async def dialog_shown(app: App[Any], pilot: Any) -> Any:
    """The editor's dialog once a worker has pushed it (a bounded number of event-loop turns)."""
    from postedit.tui.screens.editor import _Dialog

    for _ in range(200):
        if isinstance(app.screen, _Dialog):
            return app.screen
        await pilot.pause()
    raise AssertionError(f"no dialog appeared (screen: {app.screen!r})")


async def settle(pilot: Any) -> None:
    """Let a change travel its messages (control -> field editor -> screen) and re-render."""
    for _ in range(3):
        await pilot.pause()
