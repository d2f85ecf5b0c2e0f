"""`r` finds the schema again as start-up finds it: an edit of postedit.yml, of the Decap
config, a new collection folder; a schema file broken meanwhile keeps the old one and says why.
Each test runs the app on a real git repository at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Tab

from postedit.tui.app import PosteditApp
from postedit.tui.model import FILE_COLUMN
from tests.tui.helpers import JOBS, SITE, make_app, settle, status_bar

SIZE = (80, 24)

SCHEMA = """\
version: 1
collections:
  jobs:
    folder: content/_jobs
    label: Jobs
    status: open
    columns: [title, open]
    fields:
      - {name: title, type: string, required: true}
      - {name: open, type: boolean}
      - {name: date, type: date}
      - {name: city, type: string}
"""

BRAVO = f"{JOBS}/2021-08-15-bravo.md"


def _tabs(app: PosteditApp) -> list[str]:
    """The labels of the collections' tabs shown (the count cut off)."""
    tabs = app.main.query_one("#collections")
    return [
        tab.label.plain.split(" (")[0]
        for tab in tabs.query(Tab)
        if (tab.id or "").startswith("col-") and tab.is_attached
    ]


def _columns(app: PosteditApp) -> list[str]:
    """The list's columns of fields (the file name's aside)."""
    return [name for name in app.main.columns if name != FILE_COLUMN]


def _banner(app: PosteditApp) -> str:
    return str(app.main.query_one("#banner").render())


async def _reload(app: PosteditApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    await settle(app, pilot)


@pytest.fixture
def yml_site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    """The test site with a postedit.yml that shows two columns."""
    return make_repo({**SITE, "postedit.yml": SCHEMA})


async def test_r_shows_a_column_added_to_postedit_yml_and_keeps_filter_and_row(
    yml_site: Path,
) -> None:
    app = make_app(yml_site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert _columns(app) == ["title", "open"]
        await pilot.press("slash", *"open:true", "enter")
        await settle(app, pilot)
        app.main.table.move_cursor(row=app.main.shown.index(BRAVO))
        (yml_site / "postedit.yml").write_text(
            SCHEMA.replace("[title, open]", "[title, open, city]").replace(
                "label: Jobs", "label: Offers"
            )
        )
        await _reload(app, pilot)
        assert _columns(app) == ["title", "open", "city"]
        assert "city" in app.main.shown_columns  # drawn, at 80 columns
        assert _tabs(app) == ["Offers"]
        assert app.main.filter_query.text == "open:true"
        assert app.main.table.current_key() == BRAVO
        assert app.workspace.schema.collection("jobs").columns[-1] == "city"  # type: ignore[union-attr]


async def test_r_gives_a_new_collection_folder_its_tab(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(SITE)  # no schema file: inferred
    app = make_app(root, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert len(_tabs(app)) == 1
        news = root / "content" / "_news"
        news.mkdir()
        (news / "2024-05-01-hello.md").write_text(
            "---\ntitle: Hello\ndate: 2024-05-01\n---\n\nNews.\n"
        )
        await _reload(app, pilot)
        assert len(_tabs(app)) == 2
        names = [spec.name for spec in app.main.specs]
        news_spec = next(spec for spec in app.main.specs if spec.folder == "content/_news")
        assert news_spec.name in names
        assert app.model.count(news_spec.name) == 1
        assert app.main.collection is not None and app.main.collection.folder == JOBS
        await pilot.press("right_square_bracket")  # the new tab can be shown
        await settle(app, pilot)
        assert app.main.collection is news_spec
        assert app.main.shown == ["content/_news/2024-05-01-hello.md"]


@pytest.mark.parametrize(
    ("broken", "words"),
    [
        (SCHEMA.replace("label: Jobs", "label: [Jobs"), "postedit.yml:"),
        (SCHEMA.replace("type: boolean", "type: wibble"), "postedit.yml:10:"),
    ],
    ids=["bad-yaml", "unknown-type"],
)
async def test_r_with_a_broken_schema_keeps_the_old_one_and_says_why(
    yml_site: Path, broken: str, words: str
) -> None:
    app = make_app(yml_site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.table.move_cursor(row=app.main.shown.index(BRAVO))
        await pilot.press("t")  # a pending edit: kept through the reload
        await settle(app, pilot)
        before = app.workspace.schema
        (yml_site / "postedit.yml").write_text(broken)
        alpha = yml_site / JOBS / "2021-03-01-alpha.md"
        alpha.write_text(alpha.read_text().replace("Alpha développeur", "Alpha renamed"))
        await _reload(app, pilot)
        assert app.workspace.schema is before
        assert _columns(app) == ["title", "open"]
        assert words in _banner(app)
        assert "the schema read before stays in use" in _banner(app)
        assert "postedit.yml" in status_bar(app)
        # the postings were read again, by the old schema; the edit is still pending
        assert app.model.entries[f"{JOBS}/2021-03-01-alpha.md"].posting.fields["title"] == (
            "Alpha renamed"
        )
        assert app.model.commit_paths() == [BRAVO]
        # mended: the next r reads it, and the message goes
        (yml_site / "postedit.yml").write_text(SCHEMA.replace("[title, open]", "[title, city]"))
        await _reload(app, pilot)
        assert _columns(app) == ["title", "city"]
        assert "postedit.yml:" not in _banner(app)
        assert "stays in use" not in status_bar(app)


async def test_the_real_offers_with_their_decap_config_load_again_after_r(
    corpus_repo: Path, decap_config: Path
) -> None:
    config = corpus_repo / "admin" / "config.yml"
    config.parent.mkdir()
    text = decap_config.read_text(encoding="utf-8")
    config.write_text(text, encoding="utf-8")  # it names content/_jobs: the offers are there
    app = make_app(corpus_repo, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.workspace.schema.source == "admin/config.yml"
        jobs = app.main.collection
        assert jobs is not None and jobs.name == "jobs"
        count = app.model.count("jobs")
        assert count > 500
        assert jobs.title == "Fiche de postes"
        config.write_text(text.replace("label: Fiche de postes", "label: Renamed offers"))
        await _reload(app, pilot)
        assert app.workspace.schema.source == "admin/config.yml"
        assert app.main.collection is not None and app.main.collection.name == "jobs"
        assert app.main.collection.title == "Renamed offers"
        assert "Renamed offers" in _tabs(app)
        assert app.model.count("jobs") == count
        assert app.status.schema_problem == ""


async def test_r_follows_an_edit_of_jekylls_config(make_repo) -> None:  # type: ignore[no-untyped-def]
    """``future: true`` added to _config.yml: Jekyll publishes the offer dated later, and
    after ``r`` its row no longer says ``s`` (scheduled)."""
    later = f"{JOBS}/2099-01-01-later.md"
    root = make_repo({**SITE, later: SITE[f"{JOBS}/2021-03-01-alpha.md"].replace("2021", "2099")})
    app = make_app(root, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.cells(later)[3].plain == "s"
        (root / "_config.yml").write_text("future: true\n")
        await _reload(app, pilot)
        assert app.main.cells(later)[3].plain == " "


async def test_r_after_the_collection_shown_left_the_schema_shows_the_first(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    two = SCHEMA + "  news:\n    folder: _news\n    label: News\n"
    root = make_repo({**SITE, "postedit.yml": two, "_news/a.md": "---\ntitle: A\n---\n"})
    app = make_app(root, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert _tabs(app) == ["Jobs", "News"]
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert app.main.shown == ["_news/a.md"]
        (root / "postedit.yml").write_text(SCHEMA)
        await _reload(app, pilot)
        assert _tabs(app) == ["Jobs"]
        assert app.main.collection is not None and app.main.collection.name == "jobs"
        assert BRAVO in app.main.shown and "_news/a.md" not in app.main.shown
        (root / "postedit.yml").write_text("version: 1\ncollections: {}\n")
        await _reload(app, pilot)  # no collection left: said, nothing breaks
        assert app.main.collection is None
        empty = app.main.query_one("#empty")
        assert empty.display and "No postings found" in str(empty.render())


async def test_an_edit_in_a_collection_r_no_longer_lists_is_still_committed_and_asked_about(
    yml_site: Path,
) -> None:
    """A toggle, then postedit.yml moves the collection's folder, then ``r``: the posting
    edited is listed no more, but the edit is this session's and still on disk. It said
    "Nothing to commit: postedit has not changed anything" and ``q`` quit without asking
    (review27); ``postedit commit`` committed it all along."""
    from postedit.tui.screens.commit import CommitScreen
    from postedit.tui.screens.confirm import ConfirmScreen
    from tests.conftest import git

    app = make_app(yml_site, "load")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.table.move_cursor(row=app.main.shown.index(BRAVO))
        await pilot.press("t")
        await settle(app, pilot)
        (yml_site / "postedit.yml").write_text(SCHEMA.replace("content/_jobs", "content/_offers"))
        await _reload(app, pilot)
        assert BRAVO not in app.model.entries
        assert "1 edit" in status_bar(app)
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)  # "1 edit not committed... Quit anyway?"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitScreen)
        assert app.screen.files == [("M", BRAVO)]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert git(yml_site, "show", "--name-only", "--format=", "HEAD").split() == [BRAVO]
