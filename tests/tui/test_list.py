"""The main screen: listing, filter, sort, marks, toggles, revert, quit (Pilot tests)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from rich.console import Console

from postedit.tui.screens.confirm import ConfirmScreen
from postedit.tui.screens.help import HelpScreen
from postedit.tui.statusbar import status_text
from tests.tui.helpers import JOBS, jobs_schema, make_app, settle, status_bar

ALPHA = f"{JOBS}/2021-03-01-alpha.md"
BRAVO = f"{JOBS}/2021-08-15-bravo.md"
CHARLIE = f"{JOBS}/2021-10-02-charlie.md"
DELTA = f"{JOBS}/2022-01-20-delta.md"
BROKEN = f"{JOBS}/zz-broken.md"


def _changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


async def test_lists_every_posting_even_unreadable(site: Path) -> None:
    app = make_app(site, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert sorted(app.main.shown) == [ALPHA, BRAVO, CHARLIE, DELTA, BROKEN]
        cells = [c.plain for c in app.main.cells(BROKEN)]
        title = 4 + app.main.columns.index(app.main.title_column)
        assert cells[2] == "E1" and cells[3] == "?" and "unreadable" in cells[title]
        assert app.model.counts()[0] == 1


async def test_filter_as_you_type_and_escape_keeps_it(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert app.focused is app.main.query_one("#filter")
        await pilot.press(*"open:true")
        assert app.main.shown == [ALPHA, BRAVO, DELTA]  # the unreadable one has no fields
        filter_input = app.main.query_one("#filter")
        filter_input.value = "date<2021-09-01 -bravo"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.main.shown == [ALPHA]
        filter_input.value = "deploiement"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.main.shown == [CHARLIE]
        await pilot.press("escape")
        assert app.focused is app.main.table
        assert app.main.shown == [CHARLIE]
        filter_input.value = ""  # type: ignore[attr-defined]
        await pilot.pause()
        assert len(app.main.shown) == 5


async def test_bad_filter_says_why_and_keeps_the_list(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        filter_input = app.main.query_one("#filter")
        filter_input.value = "has:tags"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.main.shown == [DELTA]
        filter_input.value = "has:tags is:nonsense"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.main.shown == [DELTA]
        assert filter_input.has_class("-invalid")
        assert "expected a state or a flag, not is:nonsense" in app.status.filter_problem
        assert "[red]" in status_text(app.status)


async def test_sort_cycles_reverses_and_survives_filtering(site: Path) -> None:
    app = make_app(site, jobs_schema())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.main.columns[:3] == ["title", "open", "date"]
        await pilot.press("s")  # title ascending
        assert app.main.sort_column == "title"
        await pilot.press("s", "s")  # open, then date
        assert app.main.sort_column == "date"
        await pilot.press("S")
        assert app.main.shown[:4] == [DELTA, CHARLIE, BRAVO, ALPHA]
        assert app.main.shown[-1] == BROKEN  # no date: last either way
        app.main.query_one("#filter").value = "open:true"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.main.shown == [DELTA, BRAVO, ALPHA]
        header = [str(c.label) for c in app.main.table.columns.values()]
        assert "date v" in header


async def test_a_narrow_switch_column_shows_its_sort_mark(site: Path) -> None:
    """A switch column is as wide as its label ("open": 4 cells): the " ^" that says the
    list is sorted by it was cut off, so nothing on screen said which column sorted."""
    app = make_app(site, jobs_schema())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", "s")  # title, then open
        assert app.main.sort_column == "open"
        column = app.main.table.columns["open"]
        assert column.label.plain.endswith(" ^")
        assert column.label.cell_len <= column.width
        await pilot.press("S")
        column = app.main.table.columns["open"]
        assert column.label.plain.endswith(" v")


async def test_header_click_sorts(site: Path) -> None:
    app = make_app(site, jobs_schema())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.main.table
        columns = list(table.columns.values())
        index = [c.key for c in columns].index("date")
        x = sum(c.render_width for c in columns[:index]) + 2
        await pilot.click(table, offset=(x, 0))
        await pilot.pause()
        assert app.main.sort_column == "date" and not app.main.sort_reverse
        await pilot.click(table, offset=(x, 0))
        await pilot.pause()
        assert app.main.sort_reverse


async def test_toggle_changes_exactly_one_line(site: Path) -> None:
    before = (site / ALPHA).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        after = (site / ALPHA).read_bytes()
        assert _changed_lines(before, after) == [(b"open: true\n", b"open: false\n")]
        assert app.model.commit_paths() == [ALPHA]
        cells = [c.plain for c in app.main.cells(ALPHA)]
        assert cells[1] == "M" and "no" in cells
        # toggling back leaves nothing to commit
        await pilot.press("t")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == before
        assert app.model.commit_paths() == []
    assert (site / BRAVO).read_bytes() == (site / BRAVO).read_bytes()


async def test_mark_and_bulk_toggle(site: Path) -> None:
    originals = {rel: (site / rel).read_bytes() for rel in (ALPHA, BRAVO, CHARLIE, DELTA)}
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space")  # alpha, bravo; cursor moves down
        assert app.model.marks == {ALPHA, BRAVO}
        await pilot.press("t")
        await settle(app, pilot)
        for rel in (ALPHA, BRAVO):
            assert _changed_lines(originals[rel], (site / rel).read_bytes()) == [
                (b"open: true\n", b"open: false\n")
            ]
        for rel in (CHARLIE, DELTA):
            assert (site / rel).read_bytes() == originals[rel]
        await pilot.press("A")
        assert app.model.marks == set()
        app.main.query_one("#filter").value = "open:true"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("a")
        assert app.model.marks == {DELTA}
        await pilot.press("t")
        await settle(app, pilot)
        assert b"open: false\n" in (site / DELTA).read_bytes()
        assert (site / BROKEN).read_bytes() == b"---\ntitle: [unclosed\nopen: true\n---\nbody\n"
        assert set(app.model.commit_paths()) == {ALPHA, BRAVO, DELTA}


async def test_revert_restores_the_bytes(site: Path) -> None:
    before = (site / ALPHA).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() != before
        await pilot.press("u")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == before
        assert app.model.commit_paths() == []
        assert app.main.cells(ALPHA)[1].plain == " "


async def test_change_on_disk_is_not_overwritten(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        theirs = (site / ALPHA).read_bytes().replace(b"Paris", b"Lyon")
        (site / ALPHA).write_bytes(theirs)
        await pilot.press("t")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == theirs
        assert app.model.commit_paths() == []
        messages = [n.message for n in app._notifications]
        assert any("changed on disk" in m for m in messages), messages
        # docs/keys.md: the message says what to do (qa27: it did not)
        assert any("press r to read" in m.lower() for m in messages), messages
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert (site / ALPHA).read_bytes() == theirs.replace(b"open: true", b"open: false")


async def test_delete_then_revert(site: Path) -> None:
    before = (site / BRAVO).read_bytes()
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert not (site / BRAVO).exists()
        assert app.main.cells(BRAVO)[1].plain == "D"
        assert app.model.commit_paths() == [BRAVO]
        await pilot.press("u")
        await settle(app, pilot)
        assert (site / BRAVO).read_bytes() == before
        assert app.model.commit_paths() == []


async def test_schema_keys_toggle_their_field(site: Path) -> None:
    app = make_app(site, jobs_schema(keys={"p": "poste_pourvu"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = (site / ALPHA).read_bytes()
        await pilot.press("p")
        await settle(app, pilot)
        assert b"poste_pourvu: true\n" in (site / ALPHA).read_bytes()
        await pilot.press("u")  # one key made it: u takes it back without a question
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert (site / ALPHA).read_bytes() == before


async def test_select_status_cycles(site: Path) -> None:
    from dataclasses import replace

    schema = jobs_schema()
    spec = replace(schema.collections[0], status="level")
    app = make_app(site, replace(schema, collections=(spec,)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert b"level: junior\n" in (site / ALPHA).read_bytes()
        await pilot.press("t")
        await settle(app, pilot)
        assert b"level: senior\n" in (site / ALPHA).read_bytes()


async def test_quit_with_pending_edits_asks_first(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)
        await pilot.press("q", "y")
        await pilot.pause()
        assert not app.is_running
    assert b"open: false\n" in (site / ALPHA).read_bytes()  # the edit stays on disk


async def test_quit_without_edits_is_immediate(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_j_and_k_move_like_down_and_up(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.main.table
        order = list(table.keys)
        await pilot.press("j", "j")
        assert table.cursor_row == 2 and table.current_key() == order[2]
        await pilot.press("k")
        assert table.cursor_row == 1 and table.current_key() == order[1]


async def test_help_lists_every_key_and_the_grammar(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.body)
        lines = console.export_text().splitlines()
        shown = {line.split()[0].rstrip(",") for line in lines if line.strip()}
        for key in ("/", "escape", "t", "space", "a", "A", "c", "enter", "?", "q", "u", "P", "s"):
            assert key in shown, key
        text = "\n".join(lines)
        assert "date>2021-09-01" in text and "is:modified" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_a_schema_naming_folders_that_are_not_here_says_so(tmp_path: Path) -> None:
    """A Decap config naming content/_jobs, the postings in _jobs: the empty list said "add a
    postedit.yml naming the collections' folders" when config.yml names them. The folder of
    that name that is here comes first, named: with beta.gouv.fr's config (seven
    collections, jobs the sixth) it was among "and 4 more"."""
    (tmp_path / "_jobs").mkdir()
    (tmp_path / "_jobs" / "a.md").write_text("---\ntitle: A\n---\n")
    (tmp_path / "admin").mkdir()
    others = "".join(
        f"  - {{name: {n}, label: {n}, folder: content/_{n}, fields: [{{name: title}}]}}\n"
        for n in ("startups", "authors", "incubators", "phases")
    )
    (tmp_path / "admin" / "config.yml").write_text(
        "backend: {name: git-gateway}\nmedia_folder: img\ncollections:\n"
        + others
        + "  - {name: jobs, label: Jobs, folder: content/_jobs, create: true,\n"
        "     fields: [{name: title, label: Title, widget: string}]}\n"
    )
    app = make_app(tmp_path, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = str(app.main.query_one("#empty").render())
        assert (
            "names folders that are not here:\n"
            "  admin/config.yml:8: content/_jobs (jobs; there is a folder '_jobs')\n"
            "  admin/config.yml:4: content/_startups (startups)\n"
            "  admin/config.yml:5: content/_authors (authors)\n"
            "  and 2 more\n"
        ) in text, text
        assert "add a postedit.yml" not in text


async def test_empty_folder_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    app = make_app(tmp_path, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        empty = app.main.query_one("#empty")
        assert empty.display
        assert "No postings found" in str(empty.render())
        banner = str(app.main.query_one("#banner").render())
        assert "git init" in banner


async def test_outside_git_edits_work_but_commit_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    (folder / JOBS).mkdir(parents=True)
    text = b"---\ntitle: A\nopen: true\n---\nbody\n"
    (folder / JOBS / "a.md").write_bytes(text)
    app = make_app(folder, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "git init" in str(app.main.query_one("#banner").render())
        await pilot.press("t")
        await settle(app, pilot)
        assert (folder / JOBS / "a.md").read_bytes() == text.replace(b"true", b"false")
        await pilot.press("c")
        await settle(app, pilot)
        assert any("git init" in n.message for n in app._notifications)
        assert not (folder / ".git").exists()
        command = next(c for c in app.get_system_commands(app.screen) if "git init" in c.title)
        command.callback()
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert (folder / ".git").is_dir()
        assert app.session.repo is not None and app.git_problem is None
        assert not app.main.query_one("#banner").display


async def test_modified_before_start_is_shown_but_not_committed(site: Path) -> None:
    (site / CHARLIE).write_bytes((site / CHARLIE).read_bytes() + b"\nmore\n")
    subprocess.run(["git", "status"], cwd=site, check=True, capture_output=True)
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        if app.session.repo is None:
            return  # the git layer is not there yet: nothing to show
        assert app.main.cells(CHARLIE)[1].plain == "M"
        assert app.model.commit_paths() == []
        app.main.query_one("#filter").value = "is:modified"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.main.shown == [CHARLIE]


async def test_the_schema_sort_is_the_default(site: Path) -> None:
    app = make_app(site, jobs_schema(sort="-date"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.main.shown[:4] == [DELTA, CHARLIE, BRAVO, ALPHA]
        await pilot.press("down", "t")  # the highlighted row stays highlighted after the write
        await settle(app, pilot)
        assert app.main.table.current_key() == CHARLIE
        assert b"open: true" in (site / CHARLIE).read_bytes()


async def test_collections_without_a_folder_are_hidden(site: Path) -> None:
    from dataclasses import replace

    schema = jobs_schema()
    ghost = replace(schema.collections[0], name="news", folder="content/_news", label="News")
    app = make_app(site, replace(schema, collections=(ghost, schema.collections[0])))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert [s.name for s in app.specs] == ["jobs"]
        assert len(app.main.shown) == 5
        await pilot.press("]")  # no other tab to go to: the key says so rather than nothing
        await settle(app, pilot)
        assert "No other collection to show: Jobs" in status_bar(app)
        assert app.main.collection is not None and app.main.collection.name == "jobs"


async def test_command_palette_holds_every_action(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in (
            "Toggle (t)",
            "Commit (c)",
            "Push (P)",
            "Pull (F)",
            "History (L)",
            "Revert (u)",
            "Undo last commit",
            "Help (?)",
        ):
            assert title in titles, title
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Mark all (a)")
        command.callback()
        await pilot.pause()
        assert app.model.marks == set(app.main.shown)


async def test_the_palette_over_the_editor_holds_no_action_of_the_list(site: Path) -> None:
    """ctrl+p in the form offered the list's actions: "Delete" deleted the posting open in
    the form, "Toggle" wrote it under the form, whose save then called postedit's own
    write someone else's change (qa27). They are the list's: offered there only."""
    from postedit.tui.screens.editor import EditorScreen

    app = make_app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Toggle (t)", "Delete (d, delete)", "Pull --rebase", "Undo last commit"):
            assert title not in titles, title
        assert "Help (?)" in titles and "Quit" in titles
        await pilot.press("escape")
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Delete (d, delete)" in titles


async def test_revert_of_a_change_made_outside_postedit_asks_first(site: Path) -> None:
    committed = (site / CHARLIE).read_bytes()
    (site / CHARLIE).write_bytes(committed + b"\nlocal notes\n")
    app = make_app(site)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.main.cells(CHARLIE)[1].plain == "M"
        app.main.table.move_cursor(row=app.main.shown.index(CHARLIE))
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert (site / CHARLIE).read_bytes() == committed + b"\nlocal notes\n"
        await pilot.press("u", "y")
        await settle(app, pilot)
        assert (site / CHARLIE).read_bytes() == committed
        assert app.main.cells(CHARLIE)[1].plain == " "


async def test_keys_can_be_remapped_by_binding_id(site: Path) -> None:
    app = make_app(site, keymap={"toggle-status": "x"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        assert b"open: false" in (site / ALPHA).read_bytes()


async def test_a_site_of_missing_files_is_said_to_name_files(tmp_path: Path) -> None:
    """A Decap config of ``files:`` collections none of which is here: the empty list said
    the schema "names folders or files" and asked to "fix the folders"; it names files."""
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "config.yml").write_text(
        "backend: {name: github}\ncollections:\n  - name: pages\n    files:\n"
        "      - {name: about, file: content/about.md, fields: [{name: title}]}\n"
    )
    app = make_app(tmp_path, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = " ".join(str(app.main.query_one("#empty").render()).split())
        assert (
            "names files that are not here: admin/config.yml:3: content/about.md (pages/about)"
        ) in text, text
        assert "or fix the files in the schema." in text
