"""Two Decap collections sharing one folder by ``filter``: the tabs count each one's own
files, ``n`` in one makes a posting of it, an edit of the filter's key moves a posting to
its tab, and ``in:`` naming the other tab says so (Pilot, 80x24, a real git repository)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Tab, TextArea

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


async def _new_fresh(app: PosteditApp, pilot: Pilot[None], tab: int, type_: str = "") -> None:
    """In tab ``tab``, ``n``, the title "Fresh" (and ``type_`` as its type), saved, form left."""
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
    if type_:
        editor.editor_for("type").query_one(TextArea).text = type_
    await settle(app, pilot)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    await pilot.press("escape")
    await settle(app, pilot)


@pytest.mark.parametrize("tab, name", [(0, "news"), (1, "blog")])
async def test_new_in_a_filtered_collection_stays_in_it(site: Path, tab: int, name: str) -> None:  # noqa: F811
    app = make_app(site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await _new_fresh(app, pilot, tab)
        new = "content/posts/fresh.md"
        assert (site / new).read_bytes() == f"---\ntitle: Fresh\ntype: {name}\n---\n".encode()
        counts = {"news": 2, "blog": 1}
        counts[name] += 1
        assert tab_labels(app) == [f"News ({counts['news']})", f"Blog ({counts['blog']})"]
        assert new in app.main.shown
        assert app.model.entries[new].spec.name == name


def screen_text(app: PosteditApp) -> str:
    """What the screen shows, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def _edit_type_in_blog(app: PosteditApp, pilot, value: str) -> None:  # type: ignore[no-untyped-def]
    """In the Blog tab, open its one posting, write ``value`` in its ``type`` (a key Blog's
    fields do not name: an "other field"), save and go back to the list."""
    await settle(app, pilot)
    await pilot.press("right_square_bracket")
    await settle(app, pilot)
    assert app.main.shown == [BLOG_C]
    app.main.table.focus()
    await pilot.press("enter")
    await settle(app, pilot)
    editor = app.screen
    assert isinstance(editor, EditorScreen)
    editor.editor_for("type").query_one(TextArea).text = value
    await settle(app, pilot)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    await pilot.press("escape")
    await settle(app, pilot)


async def test_an_edit_of_the_filter_key_moves_the_posting_to_its_tab(site: Path) -> None:  # noqa: F811
    """``type: blog`` made ``type: news`` in the form left the posting in the Blog tab until
    the list was read again. It goes to News at once, and the status bar says so."""
    app = make_app(site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await _edit_type_in_blog(app, pilot, "news")
        assert (site / BLOG_C).read_bytes() == b"---\ntitle: C\ntype: news\n---\n"
        assert tab_labels(app) == ["News (3)", "Blog (0)"]
        assert app.main.shown == []
        assert "Moved to News (type: news): [ shows it" in screen_text(app)
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.main.shown == [NEWS_A, NEWS_TAGGED, BLOG_C]  # in file order
        assert app.model.entries[BLOG_C].spec.name == "news"  # type: ignore[union-attr]
        await pilot.press("ctrl+z")  # back to blog, and the bar says so
        await settle(app, pilot)
        assert (site / BLOG_C).read_bytes() == b"---\ntitle: C\ntype: blog\n---\n"
        assert tab_labels(app) == ["News (2)", "Blog (1)"]
        assert app.main.shown == [NEWS_A, NEWS_TAGGED]
        assert "Moved to Blog (type: blog): ] shows it" in screen_text(app)


async def test_an_edit_no_filter_takes_leaves_every_tab_and_says_why(site: Path) -> None:  # noqa: F811
    """A typo in the filter's key hides the posting from Decap: it leaves the tab, the bar
    says no collection takes it now, and the edit is still committed with the others."""
    app = make_app(site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await _edit_type_in_blog(app, pilot, "blgo")
        assert (site / BLOG_C).read_bytes() == b"---\ntitle: C\ntype: blgo\n---\n"
        assert tab_labels(app) == ["News (2)", "Blog (0)"]
        assert "Moved to no tab: matches the filter of no" in screen_text(app)
        assert app.model.commit_paths() == [BLOG_C]


@pytest.mark.parametrize(("keymap", "key"), [({}, "["), ({"prev-collection": "comma"}, ",")])
async def test_in_naming_another_tab_says_which_tab_matches(
    site: Path,  # noqa: F811
    keymap: dict[str, str],
    key: str,
) -> None:
    """``in:news`` typed in the Blog tab said only "No posting of Blog matches": the list
    says the filter selects another tab, how many match there and the key that shows it
    (the keymap's, when it gives one)."""
    app = make_app(site, "load", keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        await pilot.press("slash", *"in:news")
        await settle(app, pilot)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert lines[4:8] == [
            "No posting of Blog matches the filter 'in:news'.",
            f"in:news selects the News collection, with 2 postings matching: {key} in the list",
            "shows it.",
            "Press / to change it (f1 shows the grammar).",
        ], screen_text(app)
        await pilot.press("enter", keymap.get("prev-collection", "left_square_bracket"))
        await settle(app, pilot)
        assert app.main.shown == [NEWS_A, NEWS_TAGGED]


async def test_a_new_posting_given_the_other_filter_value_goes_to_that_tab(site: Path) -> None:  # noqa: F811
    """``n`` in Blog with ``type`` made ``news`` in the form wrote a News posting but listed
    it in the Blog tab (Blog's spec, Blog's count, no ``in:news``) until the list was read
    again. It goes to News, as an edit of an existing posting does, and the bar says so."""
    app = make_app(site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await _new_fresh(app, pilot, 1, type_="news")
        new = "content/posts/fresh.md"
        assert (site / new).read_bytes() == b"---\ntitle: Fresh\ntype: news\n---\n"
        assert tab_labels(app) == ["News (3)", "Blog (1)"]
        assert app.main.shown == [BLOG_C]
        assert "Moved to News (type: news): [ shows it" in screen_text(app)
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.main.shown == [NEWS_A, NEWS_TAGGED, new]
        assert app.model.entries[new].spec.name == "news"  # type: ignore[union-attr]
