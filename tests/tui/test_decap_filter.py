"""Two Decap collections sharing one folder by ``filter``: the tabs count each one's own
files, and ``n`` in one makes a posting of it (Pilot, 80x24, a real git repository)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Tab

from postedit.tui.app import PosteditApp
from postedit.tui.screens.editor import EditorScreen
from tests.test_decap_filter import BLOG_C, NEWS_A, NEWS_TAGGED
from tests.test_decap_filter import site as site  # noqa: F401 - the fixture
from tests.tui.helpers import make_app, settle

SIZE = (80, 24)


def tab_labels(app: PosteditApp) -> list[str]:
    """What the collection tabs say."""
    return [tab.label.plain for tab in app.main.query(Tab) if (tab.id or "").startswith("col-")]


async def test_tabs_count_each_collection_s_own_files(site: Path) -> None:  # noqa: F811
    app = make_app(site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert tab_labels(app) == ["News (2)", "Blog (1)"]
        assert sorted(app.main.shown) == [NEWS_A, NEWS_TAGGED]
        await pilot.press("right_square_bracket")  # the next collection
        await settle(app, pilot)
        assert app.main.shown == [BLOG_C]


@pytest.mark.parametrize("tab, name", [(0, "news"), (1, "blog")])
async def test_new_in_a_filtered_collection_stays_in_it(site: Path, tab: int, name: str) -> None:  # noqa: F811
    app = make_app(site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(tab):
            await pilot.press("right_square_bracket")
        await settle(app, pilot)
        app.main.table.focus()
        await pilot.press("n")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.editor_for("title").query_one(Input).value = "Fresh"
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        new = "content/posts/fresh.md"
        assert (site / new).read_bytes() == f"---\ntitle: Fresh\ntype: {name}\n---\n".encode()
        counts = {"news": 2, "blog": 1}
        counts[name] += 1
        assert tab_labels(app) == [f"News ({counts['news']})", f"Blog ({counts['blog']})"]
        assert new in app.main.shown
        assert app.model.entries[new].spec.name == name
