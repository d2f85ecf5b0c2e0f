"""The everyday flow at 80x24: marks that act only on what the view shows, the room each
column and the status bar get, status messages that stop being shown once stale."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from rich.text import Text

from postedit.core.git.state import RepoState
from postedit.core.schema import CollectionSpec, FieldSpec, Schema
from postedit.tui.app import PosteditApp
from postedit.tui.screens.confirm import ConfirmScreen
from postedit.tui.statusbar import StatusInfo, status_text
from postedit.tui.widgets.table import TITLE_MIN, fit_widths
from tests.tui.helpers import JOBS, jobs_schema, make_app, settle, status_bar

ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"
CHARLIE = f"{JOBS}/2021-10-02-charlie.md"
DELTA = f"{JOBS}/2022-01-20-delta.md"

SIZE = (80, 24)


async def set_filter(app: PosteditApp, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    app.main.query_one("#filter").value = text  # type: ignore[attr-defined]
    await pilot.pause()
    app.main.set_focus(app.main.table)
    await pilot.pause()


# -- marks ------------------------------------------------------------------------------------


async def test_a_bulk_toggle_clears_its_marks_and_the_next_key_acts_on_the_row(
    site: Path,
) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await set_filter(app, pilot, "open:true")
        assert app.main.shown == [ALPHA, BRAVO, DELTA]
        await pilot.press("space", "space")
        assert app.model.marks == {ALPHA, BRAVO}
        assert "2 marked" in status_bar(app)
        await pilot.press("t")
        await settle(app, pilot)
        assert app.main.shown == [ALPHA, BRAVO, DELTA]  # closed: shown until the filter changes
        assert app.main.table.current_key() == DELTA
        assert app.model.marks == set()
        assert "marked" not in status_bar(app)
        closed = {rel: (site / rel).read_bytes() for rel in (ALPHA, BRAVO)}
        assert all(b"open: false\n" in raw for raw in closed.values())
        await pilot.press("t")  # the highlighted row, and nothing else
        await settle(app, pilot)
        assert b"open: false\n" in (site / DELTA).read_bytes()
        assert {rel: (site / rel).read_bytes() for rel in (ALPHA, BRAVO)} == closed
        await set_filter(app, pilot, "open:true ")
        assert app.main.shown == []


async def test_a_mark_the_filter_hides_is_said_and_never_used(site: Path) -> None:
    before = {rel: (site / rel).read_bytes() for rel in (ALPHA, BRAVO, CHARLIE, DELTA)}
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space")  # alpha, bravo
        await set_filter(app, pilot, "open:true -alpha")
        assert app.main.shown == [BRAVO, DELTA]
        assert "1 marked, 1 hidden" in status_bar(app)
        await pilot.press("t")
        await settle(app, pilot)
        assert b"open: false\n" in (site / BRAVO).read_bytes()
        for rel in (ALPHA, CHARLIE, DELTA):
            assert (site / rel).read_bytes() == before[rel]
        assert app.model.marks == {ALPHA}  # not used: kept
        assert "1 hidden mark" in status_bar(app)
        await pilot.press("down", "t")  # no mark in view: the highlighted row
        await settle(app, pilot)
        assert b"open: false\n" in (site / DELTA).read_bytes()
        assert (site / ALPHA).read_bytes() == before[ALPHA]
        await set_filter(app, pilot, "")
        assert "1 marked" in status_bar(app) and "hidden" not in status_bar(app)


async def test_answering_no_keeps_the_marks_and_yes_uses_them(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space", "d")
        await settle(app, pilot)
        await pilot.press("n")  # Keep
        await settle(app, pilot)
        assert app.model.marks == {ALPHA, BRAVO} and (site / ALPHA).exists()
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert not (site / ALPHA).exists() and not (site / BRAVO).exists()
        assert app.model.marks == set()
        await pilot.press("home", "space", "space", "u")  # bring both back
        await settle(app, pilot)
        assert (site / ALPHA).exists() and (site / BRAVO).exists()
        assert app.model.marks == set()


# -- status messages --------------------------------------------------------------------------


async def _until(pilot, condition) -> bool:  # type: ignore[no-untyped-def]
    """Let the app run (timers included) until ``condition()`` holds; False after ~2 s."""
    for _ in range(200):
        if condition():
            return True
        await pilot.pause(0.01)
    return condition()


async def test_a_message_says_one_posting_and_expires(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert status_bar(app).endswith("open: no on 1 posting")
        assert "1 edit" in status_bar(app) and "(s)" not in status_bar(app)
        await pilot.press("s")  # the next action's message replaces it
        await pilot.pause()
        assert "open: no" not in status_bar(app) and "Sorted by" in status_bar(app)
        app.hint_seconds = 0.05
        await pilot.press("S")  # ...and goes in its turn
        assert await _until(pilot, lambda: "Sorted" not in status_bar(app))
        assert "1 edit to commit" in status_bar(app)  # the room the message took


async def test_a_filter_error_stays_until_fixed(site: Path) -> None:
    app = make_app(site)
    app.hint_seconds = 0.01
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        bar = app.main.query_one("#filter")
        bar.value = "open:true OR"  # type: ignore[attr-defined]
        await pilot.pause()
        assert "expected a term after OR" in status_bar(app)
        await pilot.press("s")  # a message on top of it, which expires: the error is back
        assert await _until(pilot, lambda: "Sorted" not in status_bar(app))
        assert "expected a term after OR" in status_bar(app)
        bar.value = "open:true"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()
        assert "expected" not in status_bar(app)


async def test_undoing_a_commit_replaces_its_message(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        app.git.commit(app.model.commit_paths(), 'Close "Alpha"')
        await settle(app, pilot)
        assert "committed" in status_bar(app)
        app.git.undo()  # asks from a worker: the question is up once it is done
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert "committed" not in status_bar(app)
        assert "undid" in status_bar(app) and "1 edit" in status_bar(app)


async def test_the_start_never_says_no_git(site: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from postedit.tui.screens.list import MainScreen

    shown: list[str] = []
    original = MainScreen.set_status

    def record(self: MainScreen, text: str) -> None:
        shown.append(text)
        original(self, text)

    monkeypatch.setattr(MainScreen, "set_status", record)
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert shown and all("no git" not in text for text in shown), shown
        assert status_bar(app).startswith("master") or status_bar(app).startswith("main")


# -- layout at 80 columns ---------------------------------------------------------------------

LONG_NAME = "2021-09-01-une-developpeuse-ou-un-developpeur-fullstack-python-django"
LONG_TITLE = "Une développeuse ou un développeur fullstack Python/Django pour la plateforme"


def _wide_site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    files = {
        f"{JOBS}/{LONG_NAME}-{i}.md": (
            f"---\ntitle: {LONG_TITLE} {i}\nopen: true\ndate: 2021-09-0{i}\n"
            "city: Saint-Germain-en-Laye\n---\nBody\n"
        )
        for i in range(1, 4)
    }
    return make_repo(files)  # type: ignore[no-any-return]


def _widths(app: PosteditApp) -> dict[str, int]:
    return {key: column.width for key, column in app.main.table.columns.items()}


async def test_the_title_gets_the_room_and_the_file_name_gives_way(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _wide_site(make_repo)
    for columns in ((), ("title", "city", "open", "date")):
        app = make_app(root, jobs_schema(columns=columns))
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            widths = _widths(app)
            table = app.main.table
            assert table.virtual_size.width <= table.scrollable_content_region.width  # no overflow
            assert widths["title"] >= 30
            assert widths["title"] > widths.get("_file", 0)
            if "city" in widths:
                assert widths["city"] < widths["title"]
            await pilot.resize_terminal(120, 24)  # room again: the file name comes back
            await pilot.pause()
            widths = _widths(app)
            assert widths["_file"] >= 20 and widths["title"] >= 40


def _collections_site(make_repo, only_last: bool) -> tuple[Path, Schema]:  # type: ignore[no-untyped-def]
    labels = ["Fiches de postes", "Startups du réseau", "Incubateurs", "Organisations", "Membres"]
    files: dict[str, str | bytes] = {}
    specs = []
    for i, label in enumerate(labels):
        folder = f"content/_c{i}"
        specs.append(
            CollectionSpec(name=f"c{i}", folder=folder, label=label, fields=(FieldSpec("title"),))
        )
        count = 12 if not only_last or i == len(labels) - 1 else 0
        for n in range(count):
            files[f"{folder}/p{n}.md"] = f"---\ntitle: {label} {n}\n---\n"
        files[f"{folder}/.keep"] = ""
    return make_repo(files), Schema(collections=tuple(specs), source="test", kind="postedit")


def _first_line(app: PosteditApp) -> str:
    return app.screen._compositor.render_strips()[0].text


async def test_the_active_tab_is_always_on_screen(make_repo) -> None:  # type: ignore[no-untyped-def]
    root, schema = _collections_site(make_repo, only_last=True)
    app = make_app(root, schema)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # only the last collection has postings: it is shown
        await pilot.pause()
        assert app.main.collection is not None and app.main.collection.name == "c4"
        assert "Membres (12)" in _first_line(app)


async def test_switching_to_the_last_tab_shows_it(make_repo) -> None:  # type: ignore[no-untyped-def]
    root, schema = _collections_site(make_repo, only_last=False)
    app = make_app(root, schema)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "Fiches de postes (12)" in _first_line(app)
        await pilot.press(*"]]]]")
        await settle(app, pilot)
        assert "Membres (12)" in _first_line(app)
        await pilot.press(*"[[[[")
        await settle(app, pilot)
        assert "Fiches de postes (12)" in _first_line(app)


async def test_a_narrow_status_bar_keeps_the_edits_and_the_errors(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(50, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space", "t")
        await settle(app, pilot)
        text = status_bar(app)
        assert "2 edits" in text and "E:1" in text, text
        assert len(text) <= 48
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        await pilot.pause()
        text = status_bar(app)
        assert "2 edits to commit" in text and "1 posting with errors" in text
        assert "schema: test" in text


# -- the rules, without a screen ---------------------------------------------------------------


def test_fit_widths_gives_way_in_order() -> None:
    natural = {"mark": 1, "title": 14, "city": 14, "open": 4, "date": 10, "_file": 26}
    fit = partial(fit_widths, natural, title="title", file="_file", text=["city"])
    wide = fit(140)
    assert wide["_file"] == 26 and wide["city"] == 14 and wide["title"] > 32
    assert sum(w + 2 for w in wide.values()) == 140  # the title takes what is spare
    assert fit(92)["_file"] == 19 and fit(92)["title"] == 32  # the file name shrinks first
    assert "_file" not in fit(85) and fit(85)["city"] == 14  # then hides
    assert fit(65)["city"] == 8 and fit(65)["title"] == 32  # then the other text shrinks
    assert fit(40)["title"] == TITLE_MIN  # the title last, never below its minimum
    short = fit(100, title_wants=14)  # short titles leave the file its room
    assert short["_file"] == 26 and short["title"] >= 14


def test_the_status_bar_drops_the_least_useful_first() -> None:
    info = StatusInfo(
        state=RepoState("main", "origin/main", ahead=2),
        pending=3,
        marked=2,
        hidden=1,
        errors=1618,
        warnings=12,
        validated=True,
        hint="committed 9797324 Close 3 postings",
        schema="admin/config.yml",
    )
    full = Text.from_markup(status_text(info)).plain
    assert full == (
        "main +2/-0 | 3 edits to commit | 2 marked, 1 hidden | 1,618 postings with errors, "
        "12 with warnings only | committed 9797324 Close 3 postings | schema: config.yml"
    )
    widths = (150, 130, 80, 60, 40, 30, 134)
    steps = [Text.from_markup(status_text(info, width)).plain for width in widths]
    for width, step in zip(widths, steps, strict=True):
        assert len(step) <= width
    assert "schema" not in steps[0] and "+2/-0" in steps[0]
    # the counts come back beside the short wording when they fit (the schema does not)
    assert steps[1] == "main +2/-0 | 3 edits | 2 marked, 1 hidden | E:1,618 W:12 | " + info.hint
    # the message, cut to fit beside the counts
    assert (
        steps[2]
        == "main +2/-0 | 3 edits | 2 marked, 1 hidden | E:1,618 W:12 | committed 9797324 Cl…"
    )
    assert steps[3] == "main +2/-0 | 3 edits | 2 marked, 1 hidden | E:1,618 W:12"  # no message
    assert steps[4] == "3 edits | 2 marked | E:1,618 W:12"  # without the branch
    assert steps[5] == "3 edits | 2 marked | E:1,618 …"  # cut at the end
    assert steps[6] == full.replace(" +2/-0", "").replace(" | schema: config.yml", "")
    assert Text.from_markup(status_text(StatusInfo(pending=1), 80)).plain.startswith("1 edit ")
    assert "no git" not in status_text(StatusInfo())  # git not read yet
    assert "no git" in status_text(StatusInfo(git_problem="not a git repository"))


async def test_a_notice_leaves_the_status_bar_in_sight(site: Path) -> None:
    """A notice (a commit's, an error's) stands above the status bar, not over it: the edits
    and findings stay readable while it is shown."""
    app = make_app(site)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        app.notify('Committed 1234567: Close "Alpha développeur" and a long line more')
        await pilot.pause()
        await pilot.pause()
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert lines[-2].rstrip() == " " + status_bar(app).rstrip(), lines[-3:]
        assert any("Committed 1234567" in line for line in lines[:-2])


async def test_a_switch_column_is_as_wide_as_the_header_it_shows(make_repo) -> None:  # type: ignore[no-untyped-def]
    """A Decap label is often a question, too long for a header: the header shows the field's
    name, and the column is as wide as that name, not the question (the title gets the rest)."""
    root = _wide_site(make_repo)
    spec = jobs_schema().collections[0]
    fields = tuple(
        FieldSpec("open", "boolean", label="Est-ce que le poste est ouvert ?")
        if f.name == "open"
        else f
        for f in spec.fields
    )
    schema = Schema(collections=(replace(spec, fields=fields),), source="test", kind="postedit")
    app = make_app(root, schema)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert str(app.main.table.columns["open"].label).startswith("open")
        assert _widths(app)["open"] == len("open")


async def test_the_sort_message_names_columns_as_their_headers_do(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(len(app.main.columns)):
            await pilot.press("s")
            await pilot.pause()
            if app.main.sort_column == "_file":
                break
        assert app.status.hint == "Sorted by file ascending"


async def test_s_sorts_by_no_column_the_screen_leaves_out(make_repo) -> None:  # type: ignore[no-untyped-def]
    """Long titles at 80 columns leave the file column out: ``s`` still went through it,
    "Sorted by file ascending" then "Sorted by file order", two presses sorting by nothing
    on the screen (the 543 real job offers)."""
    long = "Développeuse ou développeur full stack pour une startup d'État"
    root = make_repo(
        {
            f"{JOBS}/2021-0{n}-01-offer-{n}.md": f"---\ntitle: {long} {n}\nopen: true\n"
            f"date: 2021-0{n}-01\n---\nBody\n"
            for n in range(1, 4)
        }
    )
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "_file" in app.main.columns and "_file" not in app.main.shown_columns
        sorted_by = []
        for _ in range(len(app.main.columns) + 1):
            await pilot.press("s")
            sorted_by.append(app.main.sort_column)
        assert "_file" not in sorted_by and None in sorted_by
