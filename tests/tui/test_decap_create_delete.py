"""`n` and `d` in a collection whose Decap config makes no entry (no `create: true`) or
deletes none (`delete: false`): a question that names the rule, and "anyway" only when the
user says so (Pilot, 80x24, a real git repository)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from postedit.tui.screens.confirm import ConfirmScreen
from postedit.tui.screens.editor import EditorScreen
from tests.tui.helpers import make_app, settle

SIZE = (80, 24)

CONFIG = """\
backend:
  name: git-gateway
collections:
  - name: offers
    label: Offers
    folder: _offers
    delete: false
    fields:
      - {name: title, widget: string}
"""

POSTING = "_offers/a.md"


async def _asked(app, pilot, key: str) -> ConfirmScreen:  # type: ignore[no-untyped-def]
    """Press ``key`` on the list: the question it asks."""
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, ConfirmScreen)
    return app.screen


@pytest.fixture
def decap_site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo({"admin/config.yml": CONFIG, POSTING: "---\ntitle: A\n---\nBody\n"})


async def test_n_where_decap_creates_nothing_asks_and_creates_only_if_told(
    decap_site: Path,
) -> None:
    app = make_app(decap_site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dialog = await _asked(app, pilot, "n")
        assert dialog.question.startswith(
            "admin/config.yml:4: collection 'offers': Decap creates no entry here "
            "(its config does not say create: true)."
        )
        assert "Create a posting in Offers anyway?" in dialog.question
        assert dialog.yes == "Create anyway"
        await pilot.press("n")  # no: back to the list, nothing made
        await settle(app, pilot)
        assert not isinstance(app.screen, (ConfirmScreen, EditorScreen))
        await pilot.press("n", "y")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.editor_for("title").query_one(Input).value = "Fresh"
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
    assert (decap_site / "_offers" / "fresh.md").read_text() == "---\ntitle: Fresh\n---\n"


async def test_n_where_decap_creates_opens_the_form_at_once(make_repo) -> None:  # type: ignore[no-untyped-def]
    config = CONFIG.replace("    delete: false\n", "    create: true\n")
    root = make_repo({"admin/config.yml": config, POSTING: "---\ntitle: A\n---\n"})
    app = make_app(root, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        dialog = await _asked(app, pilot, "d")
        assert dialog.question.startswith("Delete 1 posting?")  # Decap deletes here
        assert "Decap" not in dialog.question and dialog.yes == "Delete"


async def test_d_where_decap_deletes_nothing_names_the_rule_and_asks(decap_site: Path) -> None:
    app = make_app(decap_site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dialog = await _asked(app, pilot, "d")
        assert dialog.question.startswith("Delete 1 posting anyway?")
        assert (
            "admin/config.yml:4: collection 'offers': Decap deletes no entry here "
            "(delete: false)." in dialog.question
        )
        assert dialog.yes == "Delete anyway"
        await pilot.press("n")
        await settle(app, pilot)
        assert (decap_site / POSTING).is_file()
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert not (decap_site / POSTING).exists()
        assert app.model.commit_paths() == [POSTING]
