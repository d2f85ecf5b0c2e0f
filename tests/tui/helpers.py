"""Helpers for the TUI tests: a small site in a real git repository, and the app on it."""

from __future__ import annotations

import subprocess
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.worker import WorkerError

from postedit.core.schema import CollectionSpec, FieldSpec, Schema
from postedit.core.workspace import Workspace, open_workspace
from postedit.tui.app import PosteditApp, create_app

if TYPE_CHECKING:
    from postedit.tui.screens.editor import EditorScreen

JOBS = "content/_jobs"


def posting(title: str, open_: bool, date: str, extra: str = "") -> str:
    """The text of a small job posting."""
    return (
        f"---\ntitle: {title}\nopen: {'true' if open_ else 'false'}\ndate: {date}\n"
        f"city: Paris  # where\n{extra}---\n\nBody of {title}.\n"
    )


SITE = {
    f"{JOBS}/2021-03-01-alpha.md": posting("Alpha développeur", True, "2021-03-01"),
    f"{JOBS}/2021-08-15-bravo.md": posting("Bravo designer", True, "2021-08-15"),
    f"{JOBS}/2021-10-02-charlie.md": posting("Charlie chargé de déploiement", False, "2021-10-02"),
    f"{JOBS}/2022-01-20-delta.md": posting("Delta data", True, "2022-01-20", "tags: [python]\n"),
    f"{JOBS}/zz-broken.md": "---\ntitle: [unclosed\nopen: true\n---\nbody\n",
    "README.md": "# site\n",
}


@pytest.fixture
def site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    """A git repository with five postings (one unreadable), committed."""
    return make_repo(SITE)


@pytest.fixture
def remote(site: Path, tmp_path: Path) -> Path:
    """A bare repository as ``site``'s upstream (``origin/main``), pushed to."""
    from tests.conftest import git

    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    git(site, "remote", "add", "origin", str(bare))
    git(site, "push", "-q", "-u", "origin", "main")
    return bare


def jobs_schema(**kwargs: object) -> Schema:
    """A hand-made schema for the jobs collection (independent of the schema loaders)."""
    spec = CollectionSpec(
        name="jobs",
        folder=JOBS,
        label="Jobs",
        fields=(
            FieldSpec("title", required=True),
            FieldSpec("open", "boolean"),
            FieldSpec("date", "date"),
            FieldSpec("city"),
            FieldSpec("poste_pourvu", "boolean"),
            FieldSpec("level", "select", options=("junior", "senior")),
        ),
        status="open",
        **kwargs,  # type: ignore[arg-type]
    )
    return Schema(collections=(spec,), source="test", kind="postedit")


def make_app(root: Path, schema: Schema | str | None = None, **settings: object) -> PosteditApp:
    """The app on ``root`` (theme pinned) with ``schema``: the jobs schema above by default
    (file order, ``open`` as status), ``"load"`` for what the repository says (as the CLI)."""
    if schema == "load":
        ws = open_workspace(root)
    else:
        ws = Workspace(root=root, schema=schema if isinstance(schema, Schema) else jobs_schema())
    settings.setdefault("theme", "textual-dark")
    return create_app(ws, **settings)  # type: ignore[arg-type]


async def settle(app: PosteditApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for every worker, then for the messages they posted, then for the keys typed
    ahead of a screen (PosteditApp.keys_waiting). A worker that failed (a pull git
    refused) has told the app, which shows it: waiting for it must not raise, as Textual's
    ``wait_for_complete`` does while the failed worker is still listed."""
    for _ in range(5):
        for worker in list(app.workers):
            with suppress(WorkerError):
                await worker.wait()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
    for _ in range(200):  # keys typed ahead of a screen: read once it is up (a loaded CI: 1 s)
        if not app.keys_waiting():
            break
        await pilot.pause()
    # The last key read is on its way to its widget (the app has forwarded it): two rounds of
    # the screen's messages let it act there, then what it posted (an Input's Changed).
    await pilot.pause(0)
    await pilot.pause(0)


async def open_form(app: PosteditApp, pilot) -> EditorScreen:  # type: ignore[no-untyped-def]
    """Open the highlighted posting in the form (``enter``), once the list is up."""
    from postedit.tui.screens.editor import EditorScreen

    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, EditorScreen)
    return form


async def toggle_and_commit(app: PosteditApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Toggle the posting under the cursor and commit it with the default message (``t``,
    ``c``, ``ctrl+s``), as a user closes an offer."""
    await pilot.press("t", "c")
    await settle(app, pilot)
    await pilot.press("ctrl+s")
    await settle(app, pilot)


def status_bar(app: PosteditApp) -> str:
    """What the list screen's status bar shows."""
    return str(app.main.query_one("#status").render())


def screen_lines(app: PosteditApp) -> list[str]:
    """What the screen shows, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]
