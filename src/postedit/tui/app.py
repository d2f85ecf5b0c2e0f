"""PosteditApp: the list, the edits postedit made, and the git and disk workers behind them.

Threads: loading, writes and git run in thread workers. Writes are serialised by one lock
(a second toggle waits for the first instead of racing it on the same file); every GitRepo
call holds another (GitPython is not thread-safe). Results come back with
``call_from_thread``; what a worker lets slip is turned into a notification by
``on_worker_state_changed``, never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from postedit.core.errors import ConflictError, GitError, PosteditError
from postedit.core.posting import Posting, read_posting
from postedit.core.schema import CollectionSpec
from postedit.core.store import atomic_write, check_unchanged, delete_posting
from postedit.core.workspace import Workspace
from postedit.tui.model import Entry, ListModel, display, next_status
from postedit.tui.screens.list import MainScreen

if TYPE_CHECKING:  # GitPython costs ~60 ms of imports: loaded by the worker that opens git
    from postedit.core.repo import GitRepo, RepoState

__all__ = ["PosteditApp", "create_app"]

_BATCH = 5000
"""At most this many postings per loading step (steps also close every _FLUSH seconds)."""
_FIRST = 50
"""The first loading step: a screenful, shown as soon as it is read."""
_FLUSH = 0.2
"""Seconds after which a loading step is handed to the UI. Each step redraws the screen
(progress banner, tab counts, scroll bar: 5-10 ms at 80x24) while the worker waits for the
interpreter, and the rows past the first screenful are out of sight anyway: 5 steps a second
show progress as well as 20 did, for a quarter of the cost."""
_FIRST_BUDGET = 0.03
"""At most this many seconds of reading before the first frame (a cold disk stops early)."""
_FIRST_FRAME_WAIT = 2.0
"""The loading worker waits at most this long for the first frame to be drawn."""


_DATED = re.compile(r"\d{4}-\d\d-\d\d")
"""A file name that starts with its date (Jekyll's ``YYYY-MM-DD-slug.md``)."""


def _newest_first(spec: CollectionSpec, files: list[str]) -> bool:
    """Will the list open sorted by a date, newest first, with file names that start with
    their date? Then the first screen shows the last files, not the first ones: reading
    those before the first frame puts the right rows in it (instead of the oldest postings,
    replaced a moment later)."""
    sort = spec.sort or ""
    if not sort.startswith("-") or not files:
        return False
    field = spec.field(sort[1:])
    if field is None or field.type not in ("date", "datetime"):
        return False
    return all(_DATED.match(rel.rsplit("/", 1)[-1]) for rel in (files[0], files[-1]))


_TERMINAL_CHECK = 1.0
"""Seconds between two checks that the terminal is still there."""


def _terminal_alive() -> bool:
    """Is standard input still a working terminal? (False once it hung up: ``tcgetattr``
    fails with EIO.)"""
    try:
        return os.isatty(sys.__stdin__.fileno()) if sys.__stdin__ is not None else False
    except (OSError, ValueError):
        return False


class PosteditApp(App[None]):
    """Edit a repository's postings: list, filter, toggle, revert, commit."""

    CSS_PATH = "postedit.tcss"
    TITLE = "postedit"
    BINDINGS = [
        Binding(
            "q",
            "quit_app",
            "Quit",
            id="quit",
            tooltip="Quit (asks first when edits are not committed)",
        ),
        Binding("question_mark", "help", "Help", id="help", tooltip="This help"),
    ]

    def __init__(
        self,
        workspace: Workspace,
        repo: GitRepo | None = None,
        *,
        open_repo: bool = True,
        theme: str | None = None,
        batch: int = _BATCH,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        """The repository root and schema."""
        self.repo = repo
        """The git repository, or None (not a repository, or not opened yet)."""
        self.open_repo = open_repo and repo is None
        """Open the git repository around the workspace while loading."""
        self.model = ListModel()
        """Postings, marks and pending edits."""
        self.repo_state: RepoState | None = None
        """Branch, upstream, ahead/behind (None without git)."""
        self.git_problem: str | None = None
        """Why committing is impossible (no repository...), or None."""
        self.loaded = False
        """True once every posting was read."""
        self.validated = False
        """Every posting loaded has been validated (the status bar counts errors then)."""
        self.last_commit: str = ""
        """The last commit postedit made, for the status bar."""
        self.hint: str = ""
        self.hint_error = False
        self._batch = batch
        self._specs: list[CollectionSpec] | None = None
        self._write_lock = threading.Lock()
        self._git_lock = threading.Lock()
        self._status_due = False
        """A redraw of the status bar is scheduled (update_status)."""
        self._first_frame = threading.Event()
        """Set once the first frame is drawn (the loading worker waits for it)."""
        if theme:
            self.theme = theme
        if keymap:
            self.set_keymap(keymap)

    _bench_reported = False
    """The benchmark hook already fired (see _bench_mark)."""

    # -- benchmark hook: bench/run.py, docs/performance.md ("The TUI contract") ------------
    def _bench_mark(self, moment: str) -> None:
        """If POSTEDIT_BENCH_EXIT names ``moment``: once it is on screen, report it and exit."""
        if os.environ.get("POSTEDIT_BENCH_EXIT") != moment or self._bench_reported:
            return
        self._bench_reported = True

        def report() -> None:
            path = os.environ.get("POSTEDIT_BENCH_FILE")
            if path:
                with open(path, "a", encoding="utf-8") as fh:
                    fh.write(f"{moment} {time.time():.6f}\n")
            self.exit()

        if self._first_frame.is_set():
            self.call_after_refresh(report)
        else:  # it will be in the very first frame: Textual's Ready event says when it is out
            self._bench_report = report

    _bench_report: Callable[[], None] | None = None
    """The report, when the moment came before the first frame (see on_ready)."""

    _reorder: str | None = None
    """The collection whose first screen was read newest first (see _newest_first)."""

    def on_ready(self) -> None:
        """The first frame is out (Textual's ``Ready``): the loading worker may start."""
        if not gc.isenabled():  # paused for the start (cli/tuicmd.py): the start's objects
            gc.freeze()  # stay out of every later collection
            gc.enable()
        self._first_frame.set()
        if self._bench_report is not None:
            self._bench_report()
        if not self.is_headless and _terminal_alive():
            self.set_interval(_TERMINAL_CHECK, self._check_terminal)

    def _check_terminal(self) -> None:
        """End postedit when its terminal is gone (an SSH connection dropped, tmux killed)
        and the hangup signal did not reach it: Textual's input thread would otherwise read
        an endless end of file at full CPU. It ends as the hangup signal would have ended
        it, at once: Textual's own shutdown can hang writing to the dead terminal. Toggles
        and saved edits are on disk already; an edit not saved yet is lost, as with the
        signal."""
        if not _terminal_alive():
            os._exit(129)  # 128 + SIGHUP

    # -- start ----------------------------------------------------------------------------------

    @property
    def specs(self) -> list[CollectionSpec]:
        """The collections shown, in schema order: those whose folder exists (a Decap config
        often names collections that live elsewhere or not yet); all when none exists."""
        if self._specs is None:
            every = list(self.workspace.collections)
            root = self.workspace.root
            present = [s for s in every if (root / s.folder).is_dir()]
            self._specs = present or every
        return self._specs

    @property
    def main(self) -> MainScreen:
        """The list screen."""
        return self.get_screen("main")  # type: ignore[return-value]

    @property
    def builtin_keys(self) -> set[str]:
        """Keys the list binds itself (schema keys may not take them)."""
        keys: set[str] = set()
        for binding in [*MainScreen.BINDINGS, *self.BINDINGS]:
            if isinstance(binding, Binding):
                keys.update(k.strip() for k in binding.key.split(","))
        keys.update({"j", "k", "up", "down", "pageup", "pagedown", "home", "end", "tab"})
        return keys

    def on_mount(self) -> None:
        self.install_screen(MainScreen(), "main")
        self.push_screen("main")

    def start(self) -> None:
        """Called by the list screen once mounted: build the tabs and start loading."""
        self.main.set_collections(self.specs)
        self.update_status()
        if not self.specs:
            self.main.show_empty(self.empty_message(None))
        else:
            self.main.set_banner("Loading postings...")
        self.load_postings(self._first_screen())
        # the worker waits for the first frame (on_ready): before it, it would only slow it down

    def _first_screen(self) -> tuple[CollectionSpec, list[str], int] | None:
        """Read a screenful of the first collection now, so the first frame shows rows.

        Before the first frame, the worker would only compete with Textual's start for the
        interpreter: a screenful read here (a few ms) puts the rows in the very first frame
        instead of one frame and a worker round trip later. Returns what the worker should
        skip: the collection, its files and how many were read.
        """
        if not self.specs:
            return None
        spec = self.specs[0]
        files = self.workspace.files(spec)
        root = self.workspace.root
        deadline = time.monotonic() + _FIRST_BUDGET
        entries: list[Entry] = []
        screenful = self.size.height or _FIRST  # more rows than the screen can show
        newest = _newest_first(spec, files)
        if newest:
            self._reorder = spec.name  # read out of file order: put it back when loaded
        count = min(self._batch, _FIRST, screenful)
        for rel in files[-count:][::-1] if newest else files[:count]:
            entries.append(
                ListModel.make_entry(read_posting(root, rel, spec.name), spec, lazy=True)
            )
            if time.monotonic() > deadline:
                break
        self._add_batch(spec, entries, len(entries), len(files))
        n = len(entries)  # the first n files, or the last n: what is left for the worker
        return spec, (files[: len(files) - n] if newest else files[n:]), n

    def empty_message(self, spec: CollectionSpec | None) -> str:
        """What to tell the user when there is nothing to list."""
        root = self.workspace.root
        if spec is None:
            return (
                f"No postings found in {root}.\n\n"
                "postedit lists folders of Markdown files that start with a '---' front "
                "matter block (like content/_jobs/*.md).\n"
                "Open the site's repository (postedit PATH), give a schema with --schema "
                "FILE, or add a postedit.yml naming the collections' folders."
            )
        return (
            f"No postings in {spec.folder or '.'} yet.\n\n"
            "Press n to create one, or check the folder in the schema."
        )

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_postings(self, first: tuple[CollectionSpec, list[str], int] | None = None) -> None:
        """Read every posting (in batches, so the first rows show at once) and open git.

        Batches go to the UI without waiting for it (``call_later`` posts a message, which is
        thread-safe), so parsing never stops while the table updates. The first batch is small
        (a screenful); later ones close every ``_FLUSH`` seconds or ``batch`` postings.
        Once every posting is read, the parsed postings are saved to the cache
        (core/cache.py), so the next start on an unchanged repository parses nothing.
        ``first``: a collection, its files and how many of them ``_first_screen`` read.
        """
        self._first_frame.wait(_FIRST_FRAME_WAIT)
        # The postings are one long-lived graph of objects, built here: the cyclic collector
        # would walk it again and again as it grows (as in the CLI, cli/__init__.py). It is
        # paused while they are read, and what they hold is then frozen out of later walks.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._load_postings(first)
        finally:
            gc.freeze()
            if collecting:
                gc.enable()

    def _load_postings(self, first: tuple[CollectionSpec, list[str], int] | None) -> None:
        skip = first[2] if first else 0  # read by _first_screen; first[1]: the files left
        worker_files: list[tuple[CollectionSpec, list[str]]] = [
            (spec, first[1] if first and spec is first[0] else self.workspace.files(spec))
            for spec in self.specs
        ]
        total = skip + sum(len(files) for _, files in worker_files)
        done = skip
        root = self.workspace.root
        limit = self._batch if skip else min(self._batch, _FIRST)
        clock = time.monotonic
        made: list[Entry] = list(self.model.entries.values())  # with the first screen's
        worker = get_current_worker()
        for spec, files in worker_files:
            batch: list[Entry] = []
            since = clock()
            for rel in files:
                if worker.is_cancelled:  # quitting while loading: stop now, not 10,000 later
                    return
                entry = ListModel.make_entry(read_posting(root, rel, spec.name), spec, lazy=True)
                batch.append(entry)
                made.append(entry)
                done += 1
                if len(batch) >= limit or clock() - since >= _FLUSH:
                    self.call_later(self._add_batch, spec, batch, done, total)
                    batch = []
                    limit = self._batch
                    since = clock()
            self.call_later(self._add_batch, spec, batch, done, total)
        self.workspace.save_cache()
        self.call_later(self._loaded, total)
        # what the rows did not need to be shown, made now that they are
        for entry in made:
            entry.findings  # noqa: B018 - for the status bar's counts
        self.call_later(self._validated)
        self._open_git()
        for entry in made:
            entry.text  # noqa: B018 - so the first filter keystroke does not wait

    def _add_batch(self, spec: CollectionSpec, entries: list[Entry], done: int, total: int) -> None:
        for entry in entries:
            self.workspace.postings[entry.posting.relpath] = entry.posting
            self.model.put_entry(entry)
        if total:
            self.main.set_banner(f"Loading postings... {done}/{total}")
        self.main.append_rows(spec.name, [e.posting.relpath for e in entries])
        if entries:
            self._bench_mark("first-rows")

    def _loaded(self, total: int) -> None:
        self.loaded = True
        if self._reorder is not None:
            self.model.sort_order(self._reorder)  # file order again (the first screen's rows)
            self._reorder = None
        self.main.set_banner("")
        if total == 0:
            self.main.show_empty(self.empty_message(None))
        else:
            self.main.refilter(same_place=True)
        self.main.update_counts()
        self.update_status()
        self._bench_mark("all-rows")

    def _validated(self) -> None:
        """Every posting loaded is validated: the status bar can count errors."""
        self.validated = True
        self.update_status()

    def _open_git(self) -> None:
        """Open the repository (in the load worker) and read its state and changed files."""
        problem: str | None = None
        with self._git_lock:
            try:
                if self.repo is None and self.open_repo:
                    from postedit.core.repo import GitRepo

                    self.repo = GitRepo.open(self.workspace.root)
                if self.repo is not None:
                    state = self.repo.state()
                    changed = self.repo.changed_paths()
                    earlier = self._earlier_edits()
                    self.call_later(self._git_ready, state, changed, earlier)
                    return
                problem = "not a git repository"
            except GitError as exc:
                problem = exc.message
            except NotImplementedError:
                problem = "git support is not available in this build"
        self.call_later(self._no_git, problem)

    def _earlier_edits(self) -> set[str]:
        """postedit's own uncommitted edits from earlier sessions (the ledger); git lock held."""
        if self.repo is None:
            return set()
        try:
            return self.repo.postedit_pending()
        except (PosteditError, OSError, NotImplementedError):
            return set()

    def _git_ready(
        self, state: RepoState, changed: dict[str, str], earlier: set[str] | None = None
    ) -> None:
        self.repo_state = state
        self.git_problem = state.commit_refusal
        self.model.earlier = {r for r in (earlier or set()) if r in changed} - self.model.touched
        outside = {rel for rel in changed if rel in self.model.entries} - self.model.touched
        new_outside = outside - self.model.outside
        self.model.outside = outside
        if new_outside:
            self.main.refresh_rows(sorted(new_outside))
        if self.git_problem:
            self.main.set_banner(
                f"Committing is not possible now: {self.git_problem}. Editing still works.",
                "warning",
            )
        self.update_status()

    def git_init(self) -> None:
        """``git init`` the workspace's folder (after confirmation), then use it."""
        from postedit.tui.screens.confirm import ConfirmScreen

        def _answer(yes: bool | None) -> None:
            if yes:
                self._git_init()

        self.push_screen(
            ConfirmScreen(
                f"Create a git repository in {self.workspace.root}?\n"
                "Your files are not committed until you commit them.",
                yes="git init",
                no="Cancel",
            ),
            _answer,
        )

    @work(thread=True, group="git", exit_on_error=False)
    def _git_init(self) -> None:
        from postedit.core.repo import GitRepo

        with self._git_lock:
            self.repo = GitRepo.init(self.workspace.root)
        self.call_from_thread(self.main.set_banner, "")
        self._open_git()

    def _no_git(self, problem: str | None) -> None:
        self.repo = None
        self.git_problem = problem or "not a git repository"
        self.main.set_banner(
            f"{self.workspace.root.name}: {self.git_problem}. Edits are saved to disk, "
            "committing is refused: run `git init` there to commit with postedit.",
            "warning",
        )
        self.update_status()

    # -- status ---------------------------------------------------------------------------------

    def set_hint(self, text: str, error: bool = False) -> None:
        """A short message on the status bar (filter errors, sort order, last commit)."""
        self.hint = text
        self.hint_error = error
        self.update_status()

    def update_status(self) -> None:
        """Redraw the status bar soon: calls in a row (a write sets a hint, then updates the
        counts) draw it once, after what is running now (counting 10,000 postings: 1-3 ms)."""
        if not self._status_due:
            self._status_due = True
            self.call_later(self._draw_status)

    def _draw_status(self) -> None:
        """The status bar: branch, ahead/behind, pending, errors, schema, hint."""
        self._status_due = False
        try:
            status = self.main.query_one("#status")
        except Exception:  # noqa: BLE001 - not mounted yet
            return
        parts: list[str] = []
        state = self.repo_state
        if state is not None:
            branch = state.branch or "(detached)"
            track = f" +{state.ahead}/-{state.behind}" if state.upstream else " (no upstream)"
            parts.append(f"[b]{escape(branch)}[/b]{track}")
        else:
            parts.append("[b]no git[/b]")
        pending = len(self.model.pending())
        parts.append(f"{pending} pending" if pending else "no edits")
        if self.model.marks:
            parts.append(f"{len(self.model.marks)} marked")
        errors, warnings = self.model.counts()
        if not self.validated:
            parts.append("checking...")
        elif errors or warnings:
            parts.append(f"[red]{errors} errors[/red] [yellow]{warnings} warnings[/yellow]")
        if self.hint:
            style = "red" if self.hint_error else "italic"
            parts.append(f"[{style}]{escape(self.hint)}[/{style}]")
        elif self.last_commit:
            parts.append(escape(self.last_commit))
        source = self.workspace.schema.source
        parts.append(f"schema: {escape(source.rsplit('/', 1)[-1])}")
        status.update(" | ".join(parts))  # type: ignore[attr-defined]

    # -- errors from workers --------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed: tell the user why, in words; never a traceback."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, PosteditError):
            message = str(error)
            output = str(getattr(error, "output", "") or "").strip()
            if output and output not in message:
                message += "\n" + "\n".join(output.splitlines()[-8:])
        else:
            message = f"{type(error).__name__}: {error}"
        if event.worker.group in ("git", "disk") and self.model.pending():
            message += "\n(Your edits are still on disk.)"
        self.notify(escape(message), title="Error", severity="error", timeout=10)

    def _report(self, errors: list[str]) -> None:
        if errors:
            text = "\n".join(errors[:8])
            if len(errors) > 8:
                text += f"\n... and {len(errors) - 8} more"
            self.notify(escape(text), title="Not done", severity="error", timeout=10)

    # -- toggles --------------------------------------------------------------------------------

    def toggle_field(self, relpaths: list[str], fieldname: str) -> None:
        """Toggle ``fieldname`` on ``relpaths``: all get the same new value.

        A boolean: every posting becomes false when all are true, else true. A select: the
        option after the first posting's value.
        """
        entries = [self.model.entries[r] for r in relpaths if r in self.model.entries]
        entries = [e for e in entries if not e.deleted]
        if not entries:
            self.notify("Nothing to toggle here.", severity="warning")
            return
        unreadable = [e.posting.relpath for e in entries if e.posting.error is not None]
        entries = [e for e in entries if e.posting.error is None]
        if unreadable:
            self._report([f"{rel}: cannot be read, not changed" for rel in unreadable])
        if not entries:
            return
        spec = self.workspace.collection_of(entries[0].posting.relpath)
        fspec = spec.field(fieldname) if spec is not None else None
        values = [e.posting.fields.get(fieldname) for e in entries]
        try:
            if (fspec is None or fspec.type == "boolean") and len(entries) > 1:
                truthy = [next_status(v, fspec) is False for v in values]
                new_value: Any = not all(truthy)
            else:
                new_value = next_status(values[0], fspec)
        except ValueError as exc:
            self.notify(escape(f"{fieldname}: {exc}"), severity="error")
            return
        action = (
            "toggle_on"
            if new_value is True
            or (isinstance(new_value, str) and new_value.lower() in ("true", "yes", "open"))
            else "toggle_off"
        )
        if fspec is not None and fspec.type == "select":
            action = "update"
        self.write_fields([e.posting.relpath for e in entries], {fieldname: new_value}, action)

    @work(thread=True, group="disk", exit_on_error=False)
    def write_fields(self, relpaths: list[str], changes: dict[str, Any], action: str) -> None:
        """Write ``changes`` to each posting at once (lossless; refuses on-disk changes)."""
        done: list[tuple[Posting, bytes | None]] = []
        errors: list[str] = []
        with self._write_lock:
            for rel in relpaths:
                posting = self.workspace.postings.get(rel) or self.model.entries[rel].posting
                try:
                    updated = self.workspace.set_fields(posting, changes)
                except ConflictError as exc:
                    errors.append(f"{exc} - not overwritten; press r to reload it")
                    continue
                except PosteditError as exc:
                    errors.append(str(exc))
                    continue
                except OSError as exc:
                    errors.append(f"{rel}: {exc.strerror or exc}")
                    continue
                done.append((updated, posting.raw))
        entries = [
            (ListModel.make_entry(p, self.workspace.collection_of(p.relpath)), before)
            for p, before in done
        ]
        self.call_from_thread(self._after_writes, entries, action, changes, errors)

    def _after_writes(
        self,
        entries: list[tuple[Entry, bytes | None]],
        action: str,
        changes: dict[str, Any],
        errors: list[str],
    ) -> None:
        rels = []
        for entry, before in entries:
            rel = entry.posting.relpath
            self.record_write(rel, before, entry.posting.raw, action)
            self.model.put_entry(entry)
            rels.append(rel)
        self.main.refresh_rows(rels)
        if rels:
            what = ", ".join(f"{k}: {display(v)}" for k, v in changes.items())
            self.set_hint(f"{what} on {len(rels)} posting(s)")
        self._report(errors)
        self.update_status()

    # -- the ledger of postedit's own writes (shared with `postedit set --commit`) ---------------

    def record_write(
        self, relpath: str, before: bytes | None, after: bytes | None, action: str
    ) -> None:
        """Note a write in the list's model and in the repository's ledger of postedit's writes,
        so a later run (TUI or ``postedit set --commit``) knows the change is postedit's own."""
        self.model.record_write(relpath, before, after, action)
        self.note_ledger({relpath: after}, {relpath: before})

    @work(thread=True, group="ledger", exit_on_error=False)
    def note_ledger(
        self,
        written: dict[str, bytes | None],
        previous: dict[str, bytes | None] | None = None,
        forget: list[str] | None = None,
    ) -> None:
        """Record (or forget) writes in the ledger; a failure only makes postedit more careful."""
        if self.repo is None:
            return
        with self._git_lock, contextlib.suppress(PosteditError, OSError, NotImplementedError):
            if written:
                self.repo.note_writes(written, previous)
            if forget:
                self.repo.forget(forget)

    # -- revert ---------------------------------------------------------------------------------

    def revert(self, relpaths: list[str]) -> None:
        """Undo the uncommitted change of ``relpaths`` (postedit's, or from before, on request)."""
        from postedit.tui.screens.confirm import ConfirmScreen

        ours = [r for r in relpaths if r in self.model.touched]
        earlier = [r for r in relpaths if r not in self.model.touched and r in self.model.earlier]
        theirs = [
            r
            for r in relpaths
            if r not in self.model.touched
            and r not in self.model.earlier
            and r in self.model.outside
        ]
        if not ours and not theirs and not earlier:
            self.notify("No pending change to revert here.", severity="warning")
            return
        if ours:
            self.revert_paths(ours, from_head=False)
        if earlier:  # postedit's own edits from an earlier session: back to the last commit
            self.revert_paths(earlier, from_head=True)
        if theirs:
            names = "\n".join(theirs[:6]) + ("\n..." if len(theirs) > 6 else "")
            question = (
                f"These files were changed outside postedit:\n{names}\n\n"
                "Discard those changes and restore the last committed version?"
            )

            def _answer(yes: bool | None) -> None:
                if yes:
                    self.revert_paths(theirs, from_head=True)

            self.push_screen(ConfirmScreen(question, yes="Discard", no="Keep"), _answer)

    @work(thread=True, group="disk", exit_on_error=False)
    def revert_paths(self, relpaths: list[str], from_head: bool) -> None:
        """Restore each path to its bytes before postedit's first write (or to HEAD)."""
        errors: list[str] = []
        restored: list[tuple[str, Entry | None]] = []
        root = self.workspace.root
        with self._write_lock:
            for rel in relpaths:
                entry = self.model.entries.get(rel)
                current = self.workspace.postings.get(rel) or (entry.posting if entry else None)
                try:
                    if from_head:
                        if self.repo is None:
                            raise GitError("not a git repository", rel)
                        with self._git_lock:
                            original = self.repo.head_bytes(rel)
                    else:
                        original = self.model.originals.get(rel)
                    path = root / rel
                    if entry is not None and entry.deleted:
                        if path.exists():
                            raise ConflictError(
                                "was created again on disk since postedit deleted it", rel
                            )
                    elif current is not None:
                        check_unchanged(root, current)
                    if original is None:
                        if path.exists():
                            os.unlink(path)
                        restored.append((rel, None))
                    else:
                        atomic_write(path, original)
                        spec = self.workspace.collection_of(rel)
                        posting = read_posting(root, rel, spec.name if spec else "")
                        restored.append((rel, ListModel.make_entry(posting, spec)))
                except ConflictError as exc:
                    errors.append(f"{exc} - not reverted")
                except PosteditError as exc:
                    errors.append(str(exc))
                except NotImplementedError:
                    errors.append(f"{rel}: git support is not available in this build")
                except OSError as exc:
                    errors.append(f"{rel}: {exc.strerror or exc}")
        self.call_from_thread(self._after_revert, restored, errors)

    def _after_revert(self, restored: list[tuple[str, Entry | None]], errors: list[str]) -> None:
        rels = []
        self.note_ledger({}, None, [rel for rel, _ in restored])
        for rel, entry in restored:
            self.model.forget_edits([rel])
            if entry is None:
                self.workspace.postings.pop(rel, None)
                self.model.forget(rel)
            else:
                self.workspace.postings[rel] = entry.posting
                self.model.put_entry(entry)
            rels.append(rel)
        self.main.refresh_rows(rels)
        if rels:
            self.set_hint(f"Reverted {len(rels)} posting(s)")
        self._report(errors)
        self.update_status()

    # -- delete ---------------------------------------------------------------------------------

    def delete(self, relpaths: list[str]) -> None:
        """Delete postings after confirmation (a pending change ``u`` can revert)."""
        from postedit.tui.screens.confirm import ConfirmScreen

        rels = [
            r for r in relpaths if r in self.model.entries and not self.model.entries[r].deleted
        ]
        if not rels:
            return
        names = "\n".join(rels[:6]) + ("\n..." if len(rels) > 6 else "")
        new = [r for r in rels if self.model.actions.get(r) == "create"]
        note = "(u reverts it until you commit)"
        if new:  # never committed: once deleted there is no earlier version to bring back
            note = (
                f"{len(new)} of them never committed: deleting those cannot be undone.\n"
                "The others: u reverts until you commit."
                if len(new) < len(rels)
                else "Never committed: this cannot be undone."
            )
        question = f"Delete {len(rels)} posting(s)?\n{names}\n\n{note}"

        def _answer(yes: bool | None) -> None:
            if yes:
                self.delete_paths(rels)

        self.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), _answer)

    @work(thread=True, group="disk", exit_on_error=False)
    def delete_paths(self, relpaths: list[str]) -> None:
        """Delete the files (checking they did not change on disk)."""
        errors: list[str] = []
        deleted: list[tuple[str, bytes]] = []
        with self._write_lock:
            for rel in relpaths:
                posting = self.workspace.postings.get(rel) or self.model.entries[rel].posting
                try:
                    before = posting.raw  # read now: a posting's bytes are read on first use
                    delete_posting(self.workspace.root, posting)
                    deleted.append((rel, before))
                except PosteditError as exc:
                    errors.append(f"{exc} - not deleted")
                except OSError as exc:
                    errors.append(f"{rel}: {exc.strerror or exc}")
        self.call_from_thread(self._after_delete, deleted, errors)

    def _after_delete(self, deleted: list[tuple[str, bytes]], errors: list[str]) -> None:
        rels = []
        for rel, before in deleted:
            self.record_write(rel, before, None, "delete")
            entry = self.model.entries[rel]
            if rel in self.model.touched:
                entry.deleted = True
            else:
                # a new file deleted again: nothing left to commit or show
                self.model.forget(rel)
            self.model.marks.discard(rel)
            rels.append(rel)
        self.main.refresh_rows(rels)
        if rels:
            self.set_hint(f"Deleted {len(rels)} posting(s): u brings them back")
        self._report(errors)

    # -- editor ---------------------------------------------------------------------------------

    def open_editor(self, relpath: str | None, template: str | None = None) -> None:
        """Open the editor on a posting, a new one, or a copy of ``template``."""
        try:
            from postedit.tui.screens.editor import EditorScreen
        except ImportError as exc:  # pragma: no cover - the editor module is broken
            self.notify(escape(f"The editor cannot start: {exc}"), severity="error")
            return
        if EditorScreen.compose is Screen.compose:
            self.notify("The editor is not available in this build yet.", severity="warning")
            return
        main = self.main
        spec = main.collection
        posting = None
        if relpath is not None:
            entry = self.model.entries[relpath]
            if entry.deleted:
                self.notify("This posting is deleted: press u to bring it back.")
                return
            posting = self.workspace.postings.get(relpath) or entry.posting
            spec = self.workspace.collection_of(relpath) or spec
        if spec is None:
            self.notify("No collection to create the posting in.", severity="warning")
            return
        copy_from = None
        if template is not None:
            copy_from = (
                self.workspace.postings.get(template) or self.model.entries[template].posting
            )
        try:
            before = posting.raw if posting is not None else None
        except ConflictError as exc:  # changed on disk since read: press r to read it again
            self.notify(escape(f"{exc} (press r to reload)"), severity="error")
            return
        try:
            screen = EditorScreen(self.workspace, spec, posting, template=copy_from)
        except NotImplementedError:
            self.notify("The editor is not available in this build yet.", severity="warning")
            return

        def _saved(saved: Posting | None) -> None:
            if saved is None:
                return
            action = "update" if before is not None else "create"
            self.record_write(saved.relpath, before, saved.raw, action)
            self.workspace.postings[saved.relpath] = saved
            spec_saved = self.workspace.collection_of(saved.relpath) or spec
            self.model.put(saved, spec_saved)
            self.main.refresh_rows([saved.relpath])
            self.update_status()

        self.push_screen(screen, _saved)

    def external_edit(self, relpath: str) -> None:
        """Open the posting in $VISUAL/$EDITOR, then read it again."""
        entry = self.model.entries[relpath]
        if entry.deleted:
            self.notify("This posting is deleted: press u to bring it back.")
            return
        try:
            before = entry.posting.raw  # read before the editor changes it
        except ConflictError as exc:  # changed on disk since read: press r to read it again
            self.notify(escape(f"{exc} (press r to reload)"), severity="error")
            return
        try:
            from postedit.tui.external import open_in_editor

            problem = open_in_editor(self, self.workspace.root / relpath)  # type: ignore[arg-type]
        except NotImplementedError:
            self.notify(
                "The external editor is not available in this build yet.", severity="warning"
            )
            return
        if problem:
            self.notify(escape(problem), severity="error")
        spec = self.workspace.collection_of(relpath)
        posting = read_posting(self.workspace.root, relpath, spec.name if spec else "")
        if posting.stamp is None:
            self.record_write(relpath, before, None, "delete")
            self.model.entries[relpath].deleted = True
            self.main.refresh_rows([relpath])
            return
        if posting.raw != before:
            self.record_write(relpath, before, posting.raw, "update")
        self.workspace.postings[relpath] = posting
        self.model.put(posting, spec)
        self.main.refresh_rows([relpath])
        self.update_status()

    # -- commit ---------------------------------------------------------------------------------

    def open_commit(self) -> None:
        """Open the commit dialog for the pending edits (or say why not)."""
        paths = self.model.pending()
        if not paths:
            outside = len(self.model.outside)
            extra = (
                (
                    f" ({outside} file(s) were already modified outside postedit: "
                    "commit those with git)"
                )
                if outside
                else ""
            )
            self.notify(f"Nothing to commit: postedit has not changed anything.{extra}")
            return
        if self.repo is None:
            self.notify(
                escape(
                    f"Cannot commit: {self.git_problem or 'not a git repository'}. Your "
                    f"edits are saved on disk; run `git init` in {self.workspace.root}."
                ),
                severity="error",
                timeout=10,
            )
            return
        if self.git_problem:
            self.notify(escape(f"Cannot commit: {self.git_problem}"), severity="error")
            return
        self.prepare_commit(paths)

    @work(thread=True, exclusive=True, group="git", exit_on_error=False)
    def prepare_commit(self, paths: list[str]) -> None:
        """Compute the diff and the message, then show the dialog."""
        with self._git_lock:
            try:
                assert self.repo is not None
                diff = self.repo.diff(paths)
            except NotImplementedError:
                diff = self._local_diff(paths)
        message = self.commit_message(paths)
        self.call_from_thread(self._show_commit, paths, diff, message)

    def _local_diff(self, paths: list[str]) -> str:
        import difflib

        out: list[str] = []
        for rel in paths:
            before = self.model.originals.get(rel) or b""
            path = self.workspace.root / rel
            after = path.read_bytes() if path.exists() else b""
            out.extend(
                difflib.unified_diff(
                    before.decode("utf-8", "replace").splitlines(keepends=True),
                    after.decode("utf-8", "replace").splitlines(keepends=True),
                    f"a/{rel}",
                    f"b/{rel}",
                )
            )
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)

    def commit_message(self, paths: list[str]) -> str:
        """The prefilled message: the schema's templates, else the git layer's defaults."""
        changes = []
        for rel in paths:
            entry = self.model.entries.get(rel)
            title = entry.posting.title if entry is not None else rel.rsplit("/", 1)[-1]
            changes.append((self.model.actions.get(rel, "update"), title, rel))
        try:
            from postedit.core import messages

            specs = [self.workspace.collection_of(rel) for _, _, rel in changes]
            names = {s.name if s else "" for s in specs}
            spec = specs[0] if len(names) == 1 else None
            return str(
                messages.commit_message(
                    [
                        messages.Change(rel, title, kind, spec.name if spec else "")  # type: ignore[arg-type]
                        for kind, title, rel in changes
                    ],
                    spec,
                )
            )
        except (ImportError, AttributeError, NotImplementedError):
            pass
        return _fallback_message(changes, self.workspace)

    def _show_commit(self, paths: list[str], diff: str, message: str) -> None:
        from postedit.tui.screens.commit import CommitScreen

        letters = {"create": "A", "delete": "D"}
        files = [(letters.get(self.model.actions.get(rel, ""), "M"), rel) for rel in paths]
        problems = []
        for rel in paths:
            entry = self.model.entries.get(rel)
            if entry is None or entry.deleted:
                continue
            errors = [f for f in entry.findings if f.severity == "error"]
            if errors:
                first = errors[0]
                where = f"{rel}:{first.line}" if first.line else rel
                more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
                problems.append(f"{where}: {first.message}{more}")

        def _done(result: str | None) -> None:
            if result:
                self.run_commit(paths, result)

        self.push_screen(CommitScreen(files, diff, message, problems), _done)

    @work(thread=True, group="git", exit_on_error=False)
    def run_commit(self, paths: list[str], message: str) -> None:
        """Commit exactly ``paths`` (hooks run); a failure leaves every edit on disk."""
        assert self.repo is not None
        with self._git_lock:
            try:
                result = self.repo.commit(paths, message)
            except NotImplementedError:
                raise GitError("committing is not available in this build yet") from None
            state = self._safe_state()
        self.call_from_thread(self._after_commit, paths, result, state)

    def _safe_state(self) -> RepoState | None:
        try:
            return self.repo.state() if self.repo is not None else None
        except (PosteditError, NotImplementedError):
            return None

    def _after_commit(self, paths: list[str], result: Any, state: RepoState | None) -> None:
        for rel in paths:
            entry = self.model.entries.get(rel)
            if entry is not None and entry.deleted:
                self.model.forget(rel)
        self.model.forget_edits(paths)
        self.model.marks.difference_update(paths)
        if state is not None:
            self.repo_state = state
        sha = str(getattr(result, "sha", ""))[:7]
        summary = str(getattr(result, "summary", ""))
        self.last_commit = f"committed {sha} {summary}".strip()
        self.hint = ""
        self.main.refresh_rows(paths)
        self.update_status()
        self.notify(escape(f"Committed {sha}: {summary}"), title="Commit")

    # -- git: state, push, pull, undo, history --------------------------------------------------

    def refresh_git(self) -> None:
        """Read the repository state again (after a commit, push, pull)."""
        if self.repo is not None:
            self._refresh_git()

    @work(thread=True, exclusive=True, group="git-state", exit_on_error=False)
    def _refresh_git(self) -> None:
        with self._git_lock:
            if self.repo is None:
                return
            try:
                state = self.repo.state()
                changed = self.repo.changed_paths()
            except NotImplementedError:
                return
            earlier = self._earlier_edits()
        self.call_from_thread(self._git_ready, state, changed, earlier)

    def _git_call(self, name: str, *args: Any) -> Any:
        if self.repo is None:
            raise GitError(self.git_problem or "not a git repository")
        method = getattr(self.repo, name, None)
        if method is None:
            raise GitError(f"{name} is not available in this build yet")
        with self._git_lock:
            try:
                return method(*args)
            except NotImplementedError:
                raise GitError(f"{name} is not available in this build yet") from None

    def push(self) -> None:
        """Push to the upstream (in the background)."""
        self.notify("Pushing...")
        self._push()

    @work(thread=True, group="git", exit_on_error=False)
    def _push(self) -> None:
        result = self._git_call("push")
        pushed = getattr(result, "pushed", None)
        upstream = getattr(result, "upstream", "the upstream")
        text = (
            f"Pushed {pushed} commit(s) to {upstream}."
            if pushed
            else f"Nothing to push: {upstream} is up to date."
        )
        self.call_from_thread(self.notify, escape(text), title="Push")
        self.call_from_thread(self.refresh_git)

    def pull(self) -> None:
        """Pull from the upstream (fast-forward), then read the postings again."""
        self.notify("Pulling...")
        self._pull()

    @work(thread=True, group="git", exit_on_error=False)
    def _pull(self) -> None:
        result = self._git_call("pull")
        paths = getattr(result, "paths", ())
        text = (
            f"Pulled: {len(paths)} file(s) changed."
            if getattr(result, "updated", True)
            else "Already up to date."
        )
        self.call_from_thread(self.notify, escape(text), title="Pull")
        self.call_from_thread(self.reload)

    def undo_last_commit(self) -> None:
        """Undo postedit's last commit when it is not pushed (its changes become pending)."""
        from postedit.tui.screens.confirm import ConfirmScreen

        def _answer(yes: bool | None) -> None:
            if yes:
                self._undo()

        self.push_screen(
            ConfirmScreen(
                "Undo the last commit? Its changes come back as pending edits.",
                yes="Undo",
                no="Keep",
            ),
            _answer,
        )

    @work(thread=True, group="git", exit_on_error=False)
    def _undo(self) -> None:
        name = "undo_last" if hasattr(self.repo, "undo_last") else "undo"
        result = self._git_call(name)
        paths = list(getattr(result, "paths", ()))
        originals = {rel: self._git_call("head_bytes", rel) for rel in paths}
        self.call_from_thread(self._after_undo, originals, result)

    def _after_undo(self, originals: dict[str, bytes | None], result: Any) -> None:
        for rel, head in originals.items():
            self.model.originals[rel] = head
            self.model.touched.add(rel)
            self.model.actions.setdefault(rel, "update" if head is not None else "create")
        self.notify(
            escape(
                f"Undone: {getattr(result, 'summary', '') or 'the last commit'}; "
                "its changes are pending edits again"
            )
        )
        self.refresh_git()
        self.reload()

    def show_history(self, relpath: str) -> None:
        """Open the history of one posting."""
        self._history(relpath)

    @work(thread=True, group="git", exit_on_error=False)
    def _history(self, relpath: str) -> None:
        entries = self._git_call("log", relpath)
        from postedit.tui.screens.history import HistoryScreen

        self.call_from_thread(self.push_screen, HistoryScreen(relpath, entries))

    def show_diff(self, sha: str, relpath: str) -> None:
        """Show one commit's change to a posting (from the history screen)."""
        self._show(sha, relpath)

    @work(thread=True, group="git", exit_on_error=False)
    def _show(self, sha: str, relpath: str) -> None:
        diff = self._git_call("show", sha, relpath)
        from postedit.tui.screens.history import DiffScreen

        self.call_from_thread(self.push_screen, DiffScreen(f"{sha[:7]} {relpath}", diff))

    # -- reload ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every posting again (after a pull, or on request); pending edits are kept."""
        self.loaded = False
        self.validated = False
        self.model.entries.clear()
        self.model.order.clear()
        self.main.forget_cells()
        self.main.set_banner("Loading postings...")
        self.load_postings()

    def on_unmount(self) -> None:
        """Release git's resources (GitPython keeps processes and file handles)."""
        close = getattr(self.repo, "close", None)
        if close is not None:
            with self._git_lock:
                close()

    # -- app keys -------------------------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key and the filter grammar."""
        from postedit.tui.screens.help import HelpScreen

        keys = [
            (_key_label(b), b.tooltip or b.description)
            for b in [*MainScreen.BINDINGS, *self.BINDINGS]
            if isinstance(b, Binding)
        ]
        keys += [
            ("up/down", "Move (also pageup/pagedown/home/end)"),
            ("tab", "Move between the filter, the list and the tabs"),
            ("ctrl+p", "Command palette: every action, pull, push, undo last commit"),
        ]
        extra: list[tuple[str, str]] = []
        spec = self.main.collection if self.is_screen_installed("main") else None
        if spec is not None:
            extra = [(k, f"Toggle {v}") for k, v in spec.keys.items()]
        self.push_screen(HelpScreen(keys, extra))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``q`` does not quit from the editor (letters belong to its fields; esc leaves it)."""
        return not (action == "quit_app" and _is_editor(self.screen))

    async def action_quit(self) -> None:
        """ctrl+q: never lose the editor's unsaved changes or skip the uncommitted-edits question."""
        editor: Any = next((s for s in reversed(self.screen_stack) if _is_editor(s)), None)
        if editor is not None and editor.is_dirty():
            on_top = editor is self.screen
            if on_top:
                editor.action_leave()  # asks: save, discard or stay
            else:
                self.notify("Save or discard the editor's changes first.", severity="warning")
            return
        self.action_quit_app()

    def action_quit_app(self) -> None:
        """Quit; with uncommitted edits, ask first (they stay on disk either way)."""
        from postedit.tui.screens.confirm import ConfirmScreen

        pending = self.model.pending()
        if not pending:
            self.exit()
            return

        def _answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmScreen(
                f"{len(pending)} edit(s) are not committed. They stay on disk.\nQuit anyway?",
                yes="Quit",
                no="Stay",
            ),
            _answer,
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the list in the command palette (with pull, push, undo...)."""
        yield from super().get_system_commands(screen)
        if not self.is_screen_installed("main"):
            return
        main = self.main
        for binding in MainScreen.BINDINGS:
            if not isinstance(binding, Binding) or binding.action == "back":
                continue
            action = binding.action
            yield SystemCommand(
                f"{binding.description} ({_key_label(binding)})",
                binding.tooltip or binding.description,
                lambda action=action: self.call_later(main.run_action, action),
            )
        yield SystemCommand(
            "Undo last commit", "Undo postedit's last commit (not pushed)", self.undo_last_commit
        )
        if self.repo is None and self.loaded:
            yield SystemCommand(
                "Initialise a git repository here (git init)",
                f"Run git init in {self.workspace.root} so edits can be committed",
                self.git_init,
            )
        yield SystemCommand("Help (?)", "Every key and the filter grammar", self.action_help)


def _key_label(binding: Binding) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "space": "space",
        "at": "@",
    }
    return ",".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def _fallback_message(changes: list[tuple[str, str, str]], workspace: Workspace) -> str:
    """Messages from the schema's templates, or ``Close "title"``-style defaults."""
    defaults = {
        "toggle_on": 'Open "{title}"',
        "toggle_off": 'Close "{title}"',
        "update": 'Update "{title}"',
        "create": 'Create "{title}"',
        "delete": 'Delete "{title}"',
        "bulk": "Update {count} postings",
    }
    if len(changes) == 1:
        action, title, rel = changes[0]
        spec = workspace.collection_of(rel)
        template = (spec.commit_message.get(action) if spec else None) or defaults.get(
            action, defaults["update"]
        )
        try:
            return template.format(title=title, path=rel, file=rel.rsplit("/", 1)[-1], count=1)
        except (KeyError, IndexError, ValueError):
            return defaults["update"].format(title=title)
    kinds = {action for action, _, _ in changes}
    lines = [f"- {title}" for _, title, _ in changes[:20]]
    head = {
        "toggle_off": f"Close {len(changes)} postings",
        "toggle_on": f"Open {len(changes)} postings",
        "delete": f"Delete {len(changes)} postings",
        "create": f"Create {len(changes)} postings",
    }.get(next(iter(kinds)) if len(kinds) == 1 else "", f"Update {len(changes)} postings")
    return head + "\n\n" + "\n".join(lines) + "\n"


def create_app(workspace: Workspace, repo: GitRepo | None = None, **settings: Any) -> PosteditApp:
    """Build the app from its dependencies: the CLI, Pilot tests and snapshots all use this.

    ``repo`` is an opened GitRepo, or None to open the one around the workspace (pass
    ``open_repo=False`` for none). Settings: ``theme``, ``batch`` (postings per loading step),
    ``keymap`` (binding id -> keys, e.g. ``{"toggle-status": "x"}``; ids are in docs/keys.md).
    """
    return PosteditApp(workspace, repo, **settings)


def _is_editor(screen: object) -> bool:
    """Is ``screen`` the posting editor? (by name: the editor module is imported on first use)"""
    return type(screen).__name__ == "EditorScreen"
