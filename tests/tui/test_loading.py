"""Loading: first rows show before every posting is read; progress is visible."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from postedit.core import cache
from postedit.core import store as store_module
from postedit.core.store import Store
from postedit.core.workspace import open_workspace
from postedit.tui.app import PosteditApp, create_app
from postedit.tui.loading import FIRST, Loader
from tests.conftest import git, run_cli
from tests.tui.helpers import JOBS, make_app, posting, settle, status_bar


def _hold_the_worker(
    monkeypatch: pytest.MonkeyPatch, seen: list[str] | None = None, free: int = 0
) -> threading.Event:
    """Make the loading worker wait before each read past its first ``free`` ones until the
    returned gate is set. ``seen``: the worker's reads, in order."""
    gate = threading.Event()
    real = Store.read
    count = 0

    def gated_read(store, rel, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal count
        if threading.current_thread() is not threading.main_thread():
            if seen is not None:
                seen.append(rel)
            count += 1
            if count > free:
                assert gate.wait(10), "the test never opened the gate"
        return real(store, rel, *args, **kwargs)

    monkeypatch.setattr(Store, "read", gated_read)
    return gate


async def _rows(app, pilot, n: int) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``n`` rows are shown (a bounded number of turns)."""
    for _ in range(200):
        if app.main.table.row_count >= n:
            return
        await pilot.pause()
    raise AssertionError(f"{app.main.table.row_count} rows shown, not {n}")


def _thirty_jobs() -> dict[str, str]:
    return {
        f"{JOBS}/2021-01-{i:02}-job.md": posting(f"Job {i}", True, f"2021-01-{i:02}")
        for i in range(1, 31)
    }


async def test_first_rows_show_before_everything_is_parsed(
    make_repo,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    files = {
        f"{JOBS}/2021-01-{i:02}-job.md": posting(f"Job {i}", True, f"2021-01-{i:02}")
        for i in range(1, 21)
    }
    root: Path = make_repo(files)
    gate = threading.Event()
    real = Store.read
    count = 0

    def slow_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        if count > 6:
            assert gate.wait(10), "the test never opened the gate"
        return real(*args, **kwargs)

    monkeypatch.setattr(Store, "read", slow_read)
    app = make_app(root, batch=3)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if app.main.table.row_count >= 6:
                break
        assert app.main.table.row_count == 6
        assert not app.loaded
        assert "Loading postings... 6/20" in str(app.main.query_one("#banner").render())
        gate.set()
        await settle(app, pilot)
        assert app.loaded
        assert app.main.table.row_count == 20
        assert not app.main.query_one("#banner").display or "Loading" not in str(
            app.main.query_one("#banner").render()
        )


async def test_the_first_frame_shows_rows(make_repo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The first screenful is read while Textual builds the screen: its first frame (the
    moment of Textual's Ready event) shows rows, not an empty list filled a frame later."""
    root: Path = make_repo(_thirty_jobs())
    app = make_app(root)
    at_ready: list[int] = []
    ready = type(app).on_ready

    def on_ready(self) -> None:  # type: ignore[no-untyped-def]
        at_ready.append(self.main.table.row_count)
        ready(self)

    monkeypatch.setattr(type(app), "on_ready", on_ready)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.main.table.row_count == 30
    assert at_ready and at_ready[0] > 0


async def test_every_row_shows_before_the_cache_is_saved(
    make_repo, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Saving the cache of parsed postings (pickling every one of them) waits until every
    row is on screen: it is for the next start, not this one."""
    root: Path = make_repo(_thirty_jobs())
    app = make_app(root)
    rows_when_saved: list[int] = []
    save = cache.save

    def watched_save(store):  # type: ignore[no-untyped-def]
        rows_when_saved.append(app.main.table.row_count if app.loaded else -1)
        return save(store)

    monkeypatch.setattr(cache, "save", watched_save)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
    assert rows_when_saved == [30]


async def test_a_repository_without_postings_has_its_cache_written_once(
    make_repo, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """No collection, so no batch to hand: the worker still reads the cache (as the command
    opens the workspace: after the first frame), so the second start finds the schema it
    inferred there and writes nothing."""
    root: Path = make_repo({"README.md": "# site\n"})
    written: list[bool] = []
    save = cache.save

    def watched_save(store):  # type: ignore[no-untyped-def]
        written.append(save(store))
        return written[-1]

    monkeypatch.setattr(cache, "save", watched_save)
    for _ in range(2):
        app = create_app(open_workspace(root, sample=FIRST, cache_now=False), theme="textual-dark")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            assert app.loaded
    assert written == [True, False]


def _watch_the_worker_end(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """An event set when the loading worker's thread ends (it may outlive the app)."""
    ended = threading.Event()
    load = Loader.load

    def watched_load(self) -> None:  # type: ignore[no-untyped-def]
        try:
            load(self)
        finally:
            ended.set()

    monkeypatch.setattr(Loader, "load", watched_load)
    return ended


async def test_quitting_once_every_row_shows_leaves_the_cache_for_the_next_start(
    make_repo,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """q as soon as every posting is shown: the cache of parsed postings is saved all the
    same (after the rows, but before the worker ends), so the next start parses nothing."""
    root: Path = make_repo(_thirty_jobs())
    monkeypatch.setattr(store_module, "RACY_NS", -(10**18))  # files just written count as settled
    loaded = PosteditApp.all_loaded
    quitted = asyncio.Event()

    def loaded_then_quit(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        loaded(self, *args, **kwargs)
        self.exit()
        quitted.set()

    monkeypatch.setattr(PosteditApp, "all_loaded", loaded_then_quit)
    ended = _watch_the_worker_end(monkeypatch)
    app = make_app(root)
    async with app.run_test(size=(100, 30)):
        # the q of the test: once all_loaded ran (a busy machine reads 30 files slowly; the
        # test's end would otherwise cancel the worker before it saves)
        await asyncio.wait_for(quitted.wait(), _VALVE)
    assert ended.wait(_VALVE)  # the worker thread outlives the app: Python waits for it
    path = cache.cache_file(root)
    assert path is not None and path.exists()
    fresh = Store(root)
    assert cache.load(fresh) == 30


async def test_quitting_as_loading_ends_leaves_no_worker_waiting_for_a_frame(
    make_repo, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """q pressed as the worker finishes reading: no frame will show the rows any more, and
    Python waits for the worker before it exits, so the worker must not wait for that frame
    (the terminal had no prompt for FIRST_FRAME_WAIT seconds)."""
    root: Path = make_repo(_thirty_jobs())
    reached, release = threading.Event(), threading.Event()
    full_schema = Loader._full_schema

    def held_full_schema(self):  # type: ignore[no-untyped-def]
        reached.set()
        release.wait(_VALVE)
        return full_schema(self)

    monkeypatch.setattr(Loader, "_full_schema", held_full_schema)
    ended = _watch_the_worker_end(monkeypatch)
    app = make_app(root)
    shown: list[bool] = []
    wait = app.loader.all_shown.wait

    def watched_wait(timeout: float | None = None) -> bool:
        shown.append(wait(timeout))
        return shown[-1]

    app.loader.all_shown.wait = watched_wait  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert await asyncio.get_running_loop().run_in_executor(None, reached.wait, _VALVE)
            await pilot.press("q")
    finally:
        release.set()
    assert ended.wait(_VALVE)
    assert False not in shown  # never waiting (the worker saw it was cancelled) or let go


_NEWEST_FIRST = (
    "collections:\n"
    "  - name: jobs\n"
    "    folder: content/_jobs\n"
    "    sort: -date\n"
    "    fields: [{name: title}, {name: date, type: date}, {name: open, type: boolean}]\n"
)
"""A postedit.yml listing the jobs newest first: the first rows read are not the first shown."""

_VALVE = 5.0
"""Seconds a held worker waits at most: how long a test takes when nothing lets it go."""


async def test_a_screenful_shows_first_and_every_posting_is_read_once(
    make_repo,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """The worker hands a screenful of the first collection to the list at once, then goes
    on (every posting listed once, in file order) and reads the other collections."""
    files = _thirty_jobs()
    files.update(
        {f"content/_news/n{i}.md": posting(f"News {i}", True, "2021-02-01") for i in range(4)}
    )
    root: Path = make_repo(files)
    (root / "postedit.yml").write_text(
        "collections:\n"
        "  - {name: jobs, folder: content/_jobs}\n"
        "  - {name: news, folder: content/_news}\n"
    )
    in_worker: list[str] = []
    gate = _hold_the_worker(monkeypatch, in_worker, free=8)
    app = make_app(root, schema="load", batch=8)
    async with app.run_test(size=(100, 30)) as pilot:
        await _rows(app, pilot, 8)
        assert app.main.table.row_count == 8 and not app.loaded
        assert app.main.table.current_key() == f"{JOBS}/2021-01-01-job.md"
        gate.set()
        await settle(app, pilot)
        assert app.loaded
        assert app.main.table.row_count == 30
        assert app.model.count("news") == 4
    jobs = sorted(f for f in files if f.startswith(JOBS))
    assert in_worker[:30] == jobs  # in file order
    assert sorted(in_worker) == sorted(files)  # each once


async def test_a_newest_first_list_reads_the_newest_postings_for_the_first_frame(
    make_repo,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """Sorted by date, newest first, with dated file names: the first frame shows the newest
    postings (the last files), not the oldest ones replaced a moment later; once loaded,
    the file order is the files' again."""
    files = _thirty_jobs()
    root: Path = make_repo(files)
    (root / "postedit.yml").write_text(_NEWEST_FIRST)
    gate = _hold_the_worker(monkeypatch, free=8)
    app = make_app(root, schema="load", batch=8)
    async with app.run_test(size=(100, 30)) as pilot:
        await _rows(app, pilot, 8)
        assert app.main.table.keys == [f"{JOBS}/2021-01-{i:02}-job.md" for i in range(30, 22, -1)]
        gate.set()
        await settle(app, pilot)
        assert app.loaded
        assert app.main.table.keys == [f"{JOBS}/2021-01-{i:02}-job.md" for i in range(30, 0, -1)]
        assert app.model.order["jobs"] == sorted(files)


async def test_rows_show_before_validation_and_the_status_counts_after(
    site: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows on screen are validated as drawn (their E/W mark); the worker validates the
    others once every row is in, and only then does the status bar count errors."""
    gate = _hold_the_worker(monkeypatch, free=2)
    app = make_app(site, batch=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await _rows(app, pilot, 2)
        await pilot.pause()
        status = status_bar(app)
        assert "checking..." in status and "errors" not in status
        checked = [e for e in app.model.entries.values() if e.known is not None]
        assert len(checked) == 2  # the two rows drawn
        gate.set()
        await settle(app, pilot)
        status = status_bar(app)
        assert "checking..." not in status and "1 posting with errors" in status
        assert all(e.known is not None for e in app.model.entries.values())


async def test_the_collector_paused_for_the_start_resumes_once_loading_is_over(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    """cli/tuicmd.py pauses the garbage collector for the start; once every posting is read
    and validated it resumes, with what loading made frozen out of later passes."""
    import gc

    root: Path = make_repo({f"{JOBS}/a.md": posting("A", True, "2021-01-01")})
    app = make_app(root)
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > frozen
            assert app.loaded
    finally:
        gc.enable()
        gc.unfreeze()


async def test_a_readme_beside_inferred_postings_is_not_listed(make_repo) -> None:  # type: ignore[no-untyped-def]
    files: dict[str, str] = dict(_thirty_jobs())
    files[f"{JOBS}/README.md"] = "# Our job offers\n\nOne file per offer.\n"
    app = make_app(make_repo(files), "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.main.table.row_count == 30
        assert not any(rel.endswith("README.md") for rel in app.main.table.keys)


async def test_keys_that_change_postings_wait_until_every_posting_is_listed(
    make_repo,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """Sorted newest first, with one file name that is not dated (as in the real offers):
    the first rows are the first files, and the list reorders once the rest is read. ``j j
    t`` typed ahead closed the third of those first rows, which was nowhere near the top a
    moment later; now ``t`` (and space, a, u, d) says to wait, and the next one acts on the
    third row of the whole list."""
    files = _thirty_jobs()
    files[f"{JOBS}/zz-undated.md"] = posting("Undated", True, "2020-06-01")
    root: Path = make_repo(files)
    (root / "postedit.yml").write_text(_NEWEST_FIRST)
    gate = _hold_the_worker(monkeypatch, free=8)
    app = make_app(root, schema="load", batch=8)
    async with app.run_test(size=(100, 30)) as pilot:
        await _rows(app, pilot, 8)
        await pilot.press("j", "j", "t", "space", "a", "u", "d")
        await pilot.pause()
        notes = [n.message for n in app._notifications]  # noqa: SLF001
        assert len(notes) == 5 and all("Still listing the postings" in n for n in notes), notes
        assert not app.model.marks
        gate.set()
        await settle(app, pilot)
        assert app.main.table.current_key() == f"{JOBS}/2021-01-28-job.md"
        # nothing toggled, nothing deleted (postedit.yml is the test's, not committed)
        assert git(root, "status", "--porcelain") == "?? postedit.yml\n"
        await pilot.press("t")
        await settle(app, pilot)
    assert git(root, "status", "--porcelain") == f" M {JOBS}/2021-01-28-job.md\n?? postedit.yml\n"


async def test_a_screen_slower_than_the_reading_gets_the_postings_then_the_rest(
    make_repo,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The worker waits for the first frame at most FIRST_FRAME_WAIT; a first frame slower
    than that (a loaded machine) and a reading quicker (a few postings) had the app show
    every posting and count the edits before the list screen was mounted: a traceback
    (NoMatches '#postings'), or, when the screen was half there, an earlier session's edit
    not counted. The app's calls wait for the screen, in order."""
    from postedit.tui import loading
    from postedit.tui.screens.list import MainScreen

    rel = "_jobs/a.md"
    root = make_repo({rel: "---\ntitle: A\nopen: true\n---\nBody\n"})
    assert run_cli("set", "--repo", str(root), rel, "--field", "open=false").returncode == 0
    monkeypatch.setattr(loading, "FIRST_FRAME_WAIT", 0.0)
    asked = threading.Event()  # the worker has read everything and asked git
    open_git = Loader.open_git

    def asking(self: Loader):  # type: ignore[no-untyped-def]
        info = open_git(self)
        asked.set()
        return info

    mount = MainScreen.on_mount

    async def slow_mount(self: MainScreen) -> None:
        await asyncio.to_thread(asked.wait, 10)
        mount(self)

    monkeypatch.setattr(Loader, "open_git", asking)
    monkeypatch.setattr(MainScreen, "on_mount", slow_mount)
    app = make_app(root, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert asked.is_set()
        assert app.main.shown == [rel]
        assert app.model.commit_paths() == [rel]
