"""PosteditApp: the list screen and the dialogs over it; loading, edits and git in their own
modules (tui/loading.py, tui/edits.py, tui/gitactions.py), every rule in core/.

The list screen asks for actions with messages (``MainScreen.Act``); the app hands them to
the module that does them, in thread workers. What a worker lets slip becomes a notification
(``on_worker_state_changed``), never a traceback.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome, NoColor
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from postedit.core.errors import PosteditError
from postedit.core.git.state import plural
from postedit.core.sanitize import visible
from postedit.core.schema import CollectionSpec, Schema
from postedit.core.session import EditSession
from postedit.core.workspace import Workspace
from postedit.tui.charset import CharsetFilter, is_unicode
from postedit.tui.edits import Edits
from postedit.tui.gitactions import PULL_REBASE, GitActions
from postedit.tui.keys import KeyRow, key_label, screen_keys
from postedit.tui.loading import BATCH, FIRST_READ_WAIT, GitInfo, Loader
from postedit.tui.model import Entry, ListModel
from postedit.tui.safe import escape
from postedit.tui.screens.list import MainScreen
from postedit.tui.statusbar import StatusInfo, status_text
from postedit.tui.widgets.inorder import focus_by_tab

if TYPE_CHECKING:  # GitPython's import (60-100 ms) waits for the loading worker
    from textual.timer import Timer

    from postedit.core.git.runner import GitRepo
    from postedit.tui.screens.history import HistoryScreen

__all__ = ["HINT_SECONDS", "PosteditApp", "create_app"]

HINT_SECONDS = 12.0
"""Seconds a message stays on the status bar (unless the next action's replaces it)."""

_NO_COLOUR = NoColor()
"""The filter drawing everything in the terminal's own foreground and background."""

_TERMINAL_CHECK = 1.0
"""Seconds between two checks that the terminal is still there."""

_SCREEN_UP_TRIES = 20
"""Rounds (a message of the screen's, one of the app's) a new screen is given to set its
focus before the keys typed ahead of it are read anyway (one without a focusable widget)."""

KEYS_WAIT_AT_MOST = 30.0
"""Seconds keys typed ahead of a screen wait for it at most (PosteditApp.on_event): a
screen that never came must not leave postedit deaf. Generous: on a machine loaded with
twice as many busy processes as cores, the form's first opening took over 5 s."""


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
        Binding("question_mark", "help", "Help", id="help", tooltip="The keys of this screen"),
        # priority: f1 works on every screen, dialogs (which stop the app's other keys) and
        # text fields (where ? is text) included
        Binding(
            "f1",
            "help",
            "Help",
            show=False,
            priority=True,
            id="help-f1",
            tooltip="The keys of this screen",
        ),
    ]

    def __init__(
        self,
        session: EditSession,
        *,
        open_repo: bool = True,
        theme: str | None = None,
        batch: int = BATCH,
        keymap: dict[str, str] | None = None,
        no_color: bool | None = None,
        encoding: str | None = None,
    ) -> None:
        super().__init__()
        if no_color is not None:
            self.no_color = no_color  # else Textual's reading of NO_COLOR
        self._charset = None if is_unicode(encoding) else CharsetFilter(encoding or "")
        """Draws what the terminal's charset lacks (``encoding``, not UTF-8) in ASCII."""
        self.session = session
        """The edits and the git repository (core/session.py)."""
        self.workspace: Workspace = session.workspace
        """The repository root, schema and postings."""
        self.open_repo = open_repo and session.repo is None
        """Open the git repository around the workspace while loading."""
        self.model = ListModel()
        """Postings, marks and pending edits, as the list shows them."""
        self.loader = Loader(self, batch)
        """Reads the postings, then opens git."""
        self.edits = Edits(self)
        """Toggle, revert, delete, the editors."""
        self.git = GitActions(self)
        """Commit, push, pull, undo, history."""
        self.status = StatusInfo(schema=self.workspace.schema.source)
        """What the status bar says."""
        self.git_problem: str | None = None
        """Why committing is impossible (no repository...), or None."""
        self.on_terminal = _terminal_alive()
        """Started on a terminal (not piped, not by a test): once the app is up, it watches that
        the terminal stays (_check_terminal). Asked now, not when the first frame is out: a
        terminal lost between the two would otherwise go unwatched."""
        self.git_advice = ""
        """What to do about ``git_problem``, when the loader knows (``run `git init` there``)."""
        self.loaded = False
        """True once every posting was read."""
        self.hint_seconds = HINT_SECONDS
        """How long the status bar's message stays."""
        self._specs: list[CollectionSpec] | None = None
        self._main: MainScreen | None = None
        self._status_due = False
        self._hint_timer: Timer | None = None
        self._waiting_keys: list[events.Key] = []
        """Keys read while an earlier key's screen was coming (on_event), in the order typed."""
        self._keys_back = 0
        """How many of ``_waiting_keys``, at its start, came back from the widgets (on_key)."""
        self._reading: events.Key | None = None
        """The waiting key posted to be read now (read_waiting_keys)."""
        self._screens_coming: set[Screen[Any]] = set()
        """Screens pushed whose widgets have not taken the focus yet (_screen_changed)."""
        self._waiting_since = 0.0
        self._held: events.Key | None = None
        """A key read for a binding of the screen on top (``HOLDS_KEYS``) on its way to it
        through the focused widget: the keys read after it wait until it is back (on_key)."""
        self._held_since = 0.0
        self._again: list[events.Key] = []
        """Keys read again (``key_read_again``) and not read yet: they were read before the
        keys waiting, and wait ahead of them."""
        if theme:
            self.theme = theme
        self.keymap = dict(keymap or {})
        """The keymap given (binding id -> keys), which Textual applies: a message naming a
        key reads it here (MainScreen.binding_key)."""
        if keymap:
            self.set_keymap(keymap)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Without colour (``NO_COLOR``) everything is drawn in the terminal's own foreground
        and background; what colour marked (the cursor row, the active tab, focus) is in
        reverse video instead (postedit.tcss, ``:nocolor``).

        Textual picks its colour filter once, when the app is built, from the theme of that
        moment: not an ANSI one, so its Monochrome filter, which turns the ANSI colours of
        the 16-colour theme chosen next into black (they have no RGB value): every row was
        black on black.

        In a terminal whose charset is not UTF-8, what it lacks is drawn in ASCII
        (tui/charset.py).
        """
        filters = super().get_line_filters()
        if not self.no_color and self._charset is None:
            return filters
        filters = list(filters)
        if self.no_color:
            filters = [f for f in filters if not isinstance(f, (Monochrome, NoColor))]
            filters.append(_NO_COLOUR)
        if self._charset is not None:
            filters.append(self._charset)
        return filters

    # -- benchmark hook: bench/run.py, docs/performance.md ("The TUI contract") ------------

    _bench_reported = False
    _bench_report: Callable[[], None] | None = None

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

        if self.loader.first_frame.is_set():
            self.call_after_refresh(report)
        else:  # it will be in the very first frame: Textual's Ready event says when it is out
            self._bench_report = report

    def on_ready(self) -> None:
        """The first frame is out (Textual's ``Ready``): the loading worker may go on."""
        self.loader.first_frame.set()
        self.screen_change_signal.subscribe(self, self._drop_errors)
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
        if self._bench_report is not None:
            self._bench_report()
        if self.on_terminal and not self.is_headless:
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

    # -- start and loading ----------------------------------------------------------------------

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
        if self._main is None:
            raise RuntimeError("the list screen is not made yet")
        return self._main

    async def on_load(self) -> None:
        """Start reading the postings before the screen is built, and wait for the first
        screenful (at most FIRST_READ_WAIT): the screen's first frame then shows it. Waiting
        rather than building the screen meanwhile: a thread reading files beside a busy one
        gets the interpreter back only every few milliseconds (docs/decisions.md)."""
        self.run_worker(
            self.loader.load, thread=True, exclusive=True, group="load", exit_on_error=False
        )
        await asyncio.to_thread(self.loader.first_read.wait, FIRST_READ_WAIT)

    def get_default_screen(self) -> MainScreen:
        """The list is the app's first screen (Textual's empty one with the list pushed over
        it styled and laid out two screens before the first frame)."""
        root, schema = self.workspace.root, self.workspace.schema
        self._main = MainScreen(self.model, root, self.specs, schema, self.start)
        return self._main

    def start(self) -> None:
        """The list screen is mounted (its first frame is not drawn yet): show the postings
        read so far; the loader hands it the next ones from now on."""
        self.update_status()
        if not self.specs:
            self.main.show_empty(self.main.empty_message(None))
        else:
            self.main.set_banner("Loading postings...")
        for method, args in self.loader.screen_ready():
            method(*args)

    def add_batch(self, spec: CollectionSpec, entries: list[Entry], done: int, total: int) -> None:
        """Show postings the loader read."""
        for entry in entries:
            self.model.put_entry(entry)
        if total:
            self.main.set_banner(f"Loading postings... {done}/{total}")
        self.main.append_rows(spec.name, [e.posting.relpath for e in entries])
        if entries:
            self._bench_mark("first-rows")

    def all_loaded(self, total: int, new_schema: bool = False) -> None:
        """Every posting is read (``new_schema``: the schema inferred from all of them replaced
        the one from a sample)."""
        self.loaded = True
        self.main.loaded = True
        if new_schema:
            self.use_schema(self.workspace.schema)
        if self.loader.reordered is not None:
            self.model.sort_order(self.loader.reordered)  # file order again
            self.loader.reordered = None
        self.main.set_banner(self.status.schema_problem, "error")
        if total == 0:
            workspace = self.workspace
            missing = [
                (s, workspace.declared_at(s), workspace.folder_like(s))
                for s in workspace.missing_collections()
            ]
            missing.sort(key=lambda each: each[2] is None)  # a folder that may be it: first
            self.main.show_empty(self.main.empty_message(None, missing))
        else:
            self.main.refilter(same_place=True)
        self.main.update_counts()
        self._count_schema_warnings()
        self.update_status()
        self.call_after_refresh(self.loader.all_shown.set)
        self._bench_mark("all-rows")

    def schema_warnings(self) -> list[str]:
        """What ``check`` warns of about the schema (``Workspace.schema_warnings``): its own
        warnings, the collections not here (which have no tab)."""
        return self.workspace.schema_warnings(None, "listed")

    def _count_schema_warnings(self) -> None:
        """Say on the status bar how many warnings the schema has, and the key that lists
        them (the help's first section): counted once every posting is read (the schema
        inferred from all of them, or read again by ``r``), not before the first rows."""
        key = key_label((self.keymap.get("help") or "question_mark").split(",")[0])
        self.status.schema_note = self.workspace.schema_note(key)

    def indexed(self) -> None:
        """Every posting's search text (its body's included) is made."""
        self._bench_mark("indexed")

    def validated(self) -> None:
        """Every posting loaded is validated: the status bar can count errors. Loading is
        over: the collector, paused for it (cli/tuicmd.py), resumes, and what loading made
        stays out of its later passes."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        self.status.validated = True
        self.update_status()

    def git_ready(self, info: GitInfo) -> None:
        """What the loader (or a refresh after a commit) learnt of the repository."""
        model = self.model
        if info.state is None:
            self.git_problem = info.problem or "not a git repository"
            self.git_advice = info.advice
            self.status.state = None
            advice = f": {info.advice} to commit with postedit" if info.advice else ""
            self.main.set_banner(
                f"{self.workspace.root.name}: {self.git_problem}. Edits are saved to disk, "
                f"committing is refused{advice}.",
                "warning",
            )
            self.update_status()
            return
        self.status.state = info.state
        self.git_problem = info.state.commit_refusal
        own_now = {r for r in info.pending if r in model.entries}
        gone: set[str] = set()
        if info.notes == self.session.notes:  # nothing written since git was asked
            # committed with git itself, or checked out: clean, and no longer postedit's
            gone = {r for r in model.pending if r not in info.pending and r not in info.changed}
            self.session.forget_edits(gone)
        model.earlier = own_now - set(self.session.originals)
        for rel in own_now:
            model.mark_edited(rel, True, new=info.changed.get(rel) == "??")
        for rel in gone:
            model.mark_edited(rel, False)
        outside = {rel for rel in info.changed if rel in model.entries} - model.pending
        changed_rows = (outside ^ model.outside) | own_now | (gone & model.entries.keys())
        model.outside = outside
        if changed_rows:
            self.main.refresh_rows(sorted(changed_rows))
        if self.git_problem:
            self.main.set_banner(
                f"Committing is not possible now: {self.git_problem}. Editing still works.",
                "warning",
            )
        self.update_status()

    def git_init(self) -> None:
        """``git init`` the workspace's folder (after a question), then use it."""
        from postedit.tui.screens.confirm import ConfirmScreen

        def work() -> None:
            from postedit.core.git.runner import GitRepo

            self.session.repo = GitRepo.init(self.workspace.root)
            self.call_from_thread(self.main.set_banner, "")
            self.git.refresh()

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_worker(work, thread=True, group="git", exit_on_error=False)

        self.push_screen(
            ConfirmScreen(
                f"Create a git repository in {self.workspace.root}?\n"
                "Your files are not committed until you commit them.",
                yes="git init",
                no="Cancel",
            ),
            answer,
        )

    def reload(self) -> None:
        """Find the schema again and read every posting by it (after a pull, or on request);
        pending edits are kept (Loader.reload)."""
        self.loaded = False
        self.main.loaded = False
        self.status.validated = False
        self.model.entries.clear()
        self.model.order.clear()
        self.main.forget_cells()
        self.main.set_banner("Loading postings...")
        self.run_worker(
            self.loader.reload, thread=True, exclusive=True, group="load", exit_on_error=False
        )

    def schema_found(self, found: Schema | PosteditError, worker: Worker[None]) -> None:
        """What a reload found (``Loader.reload``): a schema, put in place; or why the
        schema file cannot be used now, said on the status bar (and, once the postings are
        read, above the list), the old schema staying in place. ``worker``: the reload's
        (a newer reload took over when it is cancelled: its own find is the one used)."""
        if worker.is_cancelled:
            return
        if isinstance(found, PosteditError):
            self.status.schema_problem = f"{found}; the schema read before stays in use"
            self.set_hint("")  # the news is this, not what the last key did
            return
        self.status.schema_problem = ""
        if found is not self.workspace.schema:
            self.use_schema(found)

    def use_schema(self, schema: Schema) -> None:
        """Show the postings by ``schema`` from now on: the tabs, the columns, the saved
        filters and the status bar's schema name follow it (MainScreen.use_specs)."""
        self.workspace.schema = schema
        self._specs = None
        self.status.schema = schema.source
        self.main.use_specs(self.specs, schema)
        self.update_status()

    # -- what the list asks for -----------------------------------------------------------------

    @on(MainScreen.Act)
    def _act(self, message: MainScreen.Act) -> None:
        try:
            self._do(message)
        finally:
            if message in self.main.asked:
                self.main.asked.remove(message)
            self.read_waiting_keys()

    def _do(self, message: MainScreen.Act) -> None:
        if self.screen is not self.main or self.git.opening:
            # a key typed ahead of the screen now on top, or of the commit dialog about to
            # be (``enter t``, ``c enter`` in one read): it was meant for the list, covered
            # now; under the form it would write the posting the form holds as it was
            # before, under the dialog change what its diff shows
            return
        paths, action = message.paths, message.action
        first = paths[0] if paths else None
        if action == "toggle":
            self.edits.toggle(paths, message.field)
        elif action == "revert":
            self.edits.revert(paths)
        elif action in ("undo-edit", "redo-edit"):
            self.edits.replay(back=action == "undo-edit")
        elif action == "delete":
            self.edits.delete(paths)
        elif action == "open" and first is not None:
            self.edits.open_editor(first)
        elif action == "new":
            self.edits.open_editor(None)
        elif action == "duplicate" and first is not None:
            self.edits.open_editor(None, template=first)
        elif action == "external" and first is not None:
            self.edits.external(first)
        elif action == "history" and first is not None:
            self.git.history(first)
        elif action == "commit":
            self.git.open_commit()
        elif action == "push":
            self.git.push()
        elif action == "pull":
            self.git.pull()
        elif action == "reload":
            self.reload()

    @on(MainScreen.Hint)
    def _hint(self, message: MainScreen.Hint) -> None:
        self.set_hint(message.text, message.error)

    @on(MainScreen.FilterProblem)
    def _filter_problem(self, message: MainScreen.FilterProblem) -> None:
        self.status.filter_problem = message.text
        self.update_status()

    @on(MainScreen.MarksChanged)
    def _marks(self) -> None:
        self.update_status()

    def on_history_screen_show_diff(self, message: HistoryScreen.ShowDiff) -> None:
        """The history screen asks for a commit's diff (the screen's module, with its dialogs'
        widgets, is imported when it is first opened)."""
        self.git.show_diff(message.sha, message.path)

    def on_history_screen_restore(self, message: HistoryScreen.Restore) -> None:
        """The history screen asks to bring back a version of its posting."""
        self.edits.restore(message.relpath, message.sha, message.path)

    # -- status ---------------------------------------------------------------------------------

    def set_hint(self, text: str, error: bool = False) -> None:
        """A short message on the status bar (sort order, what a toggle did, last commit): it
        replaces the one shown, and goes after ``hint_seconds`` (a message about a past
        action stops being true: "committed abc1234" after an undo)."""
        self.status.hint = text
        self.status.hint_error = error
        self.main.hint = text
        if self._hint_timer is not None:
            self._hint_timer.stop()
            self._hint_timer = None
        if text:
            self._hint_timer = self.set_timer(self.hint_seconds, self.expire_hint)
        self.update_status()

    def expire_hint(self) -> None:
        """The status bar's message has been shown long enough: clear it."""
        self._hint_timer = None
        self.set_hint("")

    def on_resize(self) -> None:
        """The status bar says more or less with the width."""
        self.update_status()

    def update_status(self) -> None:
        """Redraw the status bar soon: calls in a row (a write sets a hint, then updates the
        counts) draw it once, after what is running now."""
        if not self._status_due:
            self._status_due = True
            self.call_later(self._draw_status)

    def _draw_status(self) -> None:
        self._status_due = False
        if self._main is None:
            return
        info = self.status
        main = self.main
        info.pending = len(self.model.commit_paths())
        info.marked = main.marks_said = len(main.marks_shown()) if self.model.marks else 0
        info.hidden = len(self.model.marks) - info.marked
        info.errors, info.warnings = self.model.counts()
        info.git_problem = self.git_problem
        main.set_status(status_text(info, main.status_width()))

    # -- errors from workers --------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed: tell the user why, in words; never a traceback. One that
        ended may have held keys (``keys_wait``)."""
        if event.worker.is_finished:
            self.read_waiting_keys()
        if event.state != WorkerState.ERROR:
            return
        from postedit.core.git.commit import CommitRefusedError

        error = event.worker.error
        if isinstance(error, PosteditError):
            message = str(error)
            output = str(getattr(error, "output", "") or "").strip()
            if output and output not in message:
                message += "\n" + "\n".join(output.splitlines()[-8:])
        else:
            message = f"{type(error).__name__}: {error}"
        if (
            event.worker.group in ("git", "disk")
            and self.model.pending
            and not isinstance(error, CommitRefusedError)  # git's refusal says it already
        ):
            message += "\n(Your edits are still on disk.)"
        self.notify(escape(message), title="Error", severity="error", timeout=10)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notice, its text shown with control characters escaped: notices quote file
        names, titles and git's output, which Textual would send to the terminal as they are."""
        super().notify(
            visible(message, keep="\n"),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _drop_errors(self, _screen: Screen[Any]) -> None:
        """Another screen is shown: an error notice is about what the user did on the one
        they left (a commit a hook refused), and would sit for its ten seconds over the
        fields of the next (the form at 80x24). What stays true stays on the status bar."""
        for notice in [n for n in self._notifications if n.severity == "error"]:
            self._unnotify(notice, refresh=False)
        self._refresh_notifications()

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """Another screen is on top (called as it is pushed or popped): it gets the keys
        typed ahead of it once it has set its focus (its ``on_mount`` asks the app to,
        ``Widget.focus``; on a loaded machine its widgets may be focusable only later)."""
        self._screens_coming &= set(self.screen_stack)  # one dismissed before it was up
        self._screens_coming.add(screen)
        self._screen_up(screen, _SCREEN_UP_TRIES)

    def _screen_up(self, screen: Screen[Any], tries: int) -> None:
        """Once ``screen`` has its focus (or has gone, or has none to give after a few
        rounds), the keys typed ahead of it are read."""
        waits = screen.focused is None and screen in self.screen_stack and tries > 0
        if waits and screen.call_later(self.call_later, self._screen_up, screen, tries - 1):
            return
        self._screens_coming.discard(screen)
        self.read_waiting_keys()

    def report(self, errors: list[str], changed_on_disk: bool = False) -> None:
        """Say what could not be done (at most eight lines); ``changed_on_disk``: a file
        changed since postedit read it was among them, and ``r`` is the way out."""
        if errors:
            text = "\n".join(errors[:8])
            if len(errors) > 8:
                text += f"\n... and {len(errors) - 8} more"
            if changed_on_disk:
                text += "\nPress r to read the postings again, then retry."
            self.notify(escape(text), title="Not done", severity="error", timeout=10)

    def on_unmount(self) -> None:
        """Release git's resources (GitPython keeps processes and file handles). The loading
        worker waits for no frame any more: none will be drawn, and Python waits for the
        worker before it exits."""
        self.loader.first_frame.set()
        self.loader.all_shown.set()
        repo = self.session.repo
        if repo is not None:
            with self.git.lock:
                repo.close()

    # -- keys typed ahead -----------------------------------------------------------------------

    def keys_waiting(self) -> bool:
        """Are keys typed ahead still to be read (``keys_wait``)?"""
        return bool(self._waiting_keys) or self._reading is not None

    def keys_wait(self) -> bool:
        """Do keys read now wait? While an earlier key's request is on its way (the list asked
        the app, git is asked for the commit's diff) or its screen is not up yet: they are
        meant for that screen (``n`` then a title, ``c tab`` then a message), and would act
        on the list under it; and while an edit is written (``t q`` counted the edits before
        the toggle, and quit without asking); while a key of the form is on its way to its
        binding (``_holds``), or the form acts on one (``keys_held``: a save, the question
        before leaving). Never longer than KEYS_WAIT_AT_MOST."""
        if self._held is not None and time.monotonic() - self._held_since >= KEYS_WAIT_AT_MOST:
            self._held = None  # (never back: a widget kept it)
        waits = bool(
            self._screens_coming
            or self._held is not None
            or getattr(self.screen, "keys_held", False)
            or self.git.opening
            or (self._main and self._main.asked)
            or any(w.group == "disk" and not w.is_finished for w in self.workers)
        )
        if not waits or not self._waiting_keys:
            return waits
        return time.monotonic() - self._waiting_since < KEYS_WAIT_AT_MOST

    async def on_event(self, event: events.Event) -> None:
        """A key read while keys wait (``keys_wait``) waits its turn behind them; the waiting
        keys are read one by one once nothing holds them (``read_waiting_keys``)."""
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if not self.screen_stack:  # read again as postedit ends: no screen to give it to
            return
        if event is self._reading:
            self._reading = None
            if self.keys_wait():  # something came up since it was posted: first in line
                self._waiting_keys.insert(0, event)
                self._keys_back += 1
                return
        elif self._waiting_keys or self._reading is not None or self.keys_wait():
            again = self._taken_again(event)
            self._wait(event, back=again)
            if again:  # (it may be the key the others waited for, free now)
                self.read_waiting_keys()
            return
        else:
            self._taken_again(event)
        if self._holds(event):
            self._held, self._held_since = event, time.monotonic()
        await super().on_event(event)
        self.read_waiting_keys()

    def _holds(self, event: events.Key) -> bool:
        """Is ``event`` a key of a binding of the screen on top that holds the keys after it
        (a screen whose ``HOLDS_KEYS`` is true: the form's ``ctrl+s``, ``escape``, ``f2``;
        the commit dialog's ``ctrl+s`` and ``escape``)?
        Textual gives a read's keys to the focused widget at once, and the screen's binding
        runs once the key has come back up: ``ctrl+s y`` saved the ``y``, ``ctrl+s escape``
        asked about unsaved changes, ``f2 z`` typed ``z`` into the text the preview hid."""
        screen = self.screen
        if event.is_printable or not getattr(screen, "HOLDS_KEYS", False):
            return False
        active = screen.active_bindings.get(event.key)
        if active is None or active.node is not screen or active.binding.priority:
            return False
        # a key the app binds first (f1) never goes down to the widgets, nor comes back
        return not any(b.priority for b in self._bindings.key_to_bindings.get(event.key, ()))

    def on_key(self, event: events.Key) -> None:
        """A key back from the widgets (for the bindings) while keys wait: it was read before
        the ones waiting (keys reach the widgets in turn), and waits ahead of them; the
        screen it is then read on gets it whole, not the bindings of the one it left. A key
        the keys after it wait for (``_holds``) is back: its binding runs now, then they are
        read (the screen may hold them longer: ``keys_held``, a save under way)."""
        if event is self._held:
            self._held = None
            self.call_later(self.read_waiting_keys)
            return
        if self._held is not None:
            return  # read before the key held (the ones after it wait unread): it acts now
        if self.keys_wait():
            event.stop()
            event.prevent_default()
            self._wait(events.Key(event.key, event.character), back=True)

    def _wait(self, key: events.Key, back: bool) -> None:
        if not self._waiting_keys:
            self._waiting_since = time.monotonic()
            self._keys_back = 0
            self.set_timer(KEYS_WAIT_AT_MOST, self.read_waiting_keys)
        if back:
            self._waiting_keys.insert(self._keys_back, key)
            self._keys_back += 1
        else:
            self._waiting_keys.append(key)

    def key_read_again(self, event: events.Key, again: events.Key) -> None:
        """``event``, on its way to a widget an earlier key took the focus from, is read
        again as ``again`` (inorder.read_again): it was read before the keys waiting, and
        waits ahead of them. When it is the key they wait for (``_holds``), which will not
        come back now, they wait for ``again``, held in its turn as it is read: ``ctrl+n xy
        ctrl+s`` in a list field held every key for KEYS_WAIT_AT_MOST."""
        self._again.append(again)
        if event is self._held:
            self._held = None

    def _taken_again(self, event: events.Key) -> bool:
        """Is ``event`` a key read again (``key_read_again``)? It is no longer counted so."""
        for i, key in enumerate(self._again):
            if key is event:
                del self._again[i]
                return True
        return False

    def drop_waiting_keys(self) -> None:
        """Forget the keys waiting: they were typed for a program that takes the terminal
        now ($EDITOR), which can no longer get them; read after it, they would act here."""
        self._waiting_keys.clear()
        self._keys_back = 0

    def read_waiting_keys(self) -> None:
        """Read the next waiting key, if nothing holds it (then the next, as each is read):
        called when what held them is done."""
        if self._reading is None and self._waiting_keys and not self.keys_wait():
            self._reading = self._waiting_keys.pop(0)
            self._keys_back = max(0, self._keys_back - 1)
            self.post_message(self._reading)

    # -- app keys -------------------------------------------------------------------------------

    def action_focus_by_tab(self, forward: bool) -> None:
        """``tab`` (``shift+tab``) in the form and the commit dialog (``keys.tab_bindings``)."""
        focus_by_tab(self, forward)

    def action_help(self) -> None:
        """Show the keys of the screen on top (and on the list the filter grammar); on the
        help itself, close it."""
        from postedit.tui.screens.help import FILTER_TERMS, ROW_MARKS, HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        # over Textual's own screens (the command palette), the keys of postedit's below
        screen = next(
            (s for s in reversed(self.screen_stack) if type(s).__module__.startswith("postedit.")),
            None,
        )
        if screen is None:  # before the list is up
            return
        keys = screen_keys(type(screen))
        sections: list[tuple[str, Sequence[KeyRow]]] = [
            (f"Keys of {keys.title[0].lower()}{keys.title[1:]}", keys.rows)
        ]
        warnings: tuple[str, list[str]] | None = None
        if isinstance(screen, MainScreen) and (lines := self.schema_warnings()):
            # first: the status bar sends the user here for them
            warnings = (f"Schema warnings ({self.workspace.schema.source})", lines)
        if isinstance(screen, MainScreen):
            spec = screen.collection
            if spec is not None and spec.keys:
                own = screen.builtin_keys()  # a schema key cannot take them (on_key)
                rows = [
                    KeyRow(k, f"{v}: not bound, {k} is postedit's own key")
                    if k in own
                    else KeyRow(k, f"Toggle {v}")
                    for k, v in spec.keys.items()
                ]
                sections.append(("Keys from the schema", rows))
            sections.append(("Marks in the rows", ROW_MARKS))
            grammar = ("Filter (after /)", FILTER_TERMS)
            # f1 in the filter bar ("f1 for help", it says) is asked about the filter: its
            # grammar first, not three pages down
            if self.focused is not None and self.focused.id == "filter":
                sections.insert(0, grammar)
                warnings = None  # (asked about the filter, not the schema)
            else:
                sections.append(grammar)
        self.push_screen(HelpScreen(sections, warnings))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``q`` does not quit from the editor (letters belong to its fields; esc leaves it)."""
        return not (action == "quit_app" and _is_editor(self.screen))

    async def action_quit(self) -> None:
        """ctrl+q: never lose the editor's unsaved changes or skip the uncommitted-edits question."""
        editor: Any = next((s for s in reversed(self.screen_stack) if _is_editor(s)), None)
        if editor is not None and editor.is_dirty():
            on_top = editor is self.screen
            if on_top:
                editor.action_leave(then=self.action_quit_app)  # save, discard or stay
            else:
                self.notify("Save or discard the editor's changes first.", severity="warning")
            return
        self.action_quit_app()

    def action_quit_app(self) -> None:
        """Quit; with uncommitted edits, ask first (they stay on disk either way)."""
        from postedit.tui.screens.confirm import ConfirmScreen

        pending = self.model.commit_paths()
        if not pending:
            self.exit()
            return

        def _answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmScreen(
                f"{plural(len(pending), 'edit')} not committed. They stay on disk.\nQuit anyway?",
                yes="Quit",
                no="Stay",
            ),
            _answer,
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the list in the command palette (with pull, push, undo...), when
        opened on the list: over the form they would act on the posting it holds open."""
        yield from super().get_system_commands(screen)
        if self._main is not None and screen is self._main:
            yield from self._list_commands(self._main)
        yield SystemCommand("Help (?)", "Every key and the filter grammar", self.action_help)

    def _list_commands(self, main: MainScreen) -> Iterable[SystemCommand]:
        for binding in MainScreen.BINDINGS:
            if not isinstance(binding, Binding) or binding.action == "back":
                continue
            action = binding.action
            yield SystemCommand(
                f"{binding.description} ({key_label(binding.key)})",
                binding.tooltip or binding.description,
                lambda action=action: self.call_later(main.run_action, action),
            )
        yield SystemCommand(
            PULL_REBASE,
            "Pull, putting your commits on top of the upstream's (when both have new commits)",
            lambda: self.git.pull(rebase=True),
        )
        yield SystemCommand(
            "Undo last commit", "Undo postedit's last commit (not pushed)", self.git.undo
        )
        if self.session.repo is None and self.loaded:
            yield SystemCommand(
                "Initialise a git repository here (git init)",
                f"Run git init in {self.workspace.root} so edits can be committed",
                self.git_init,
            )


def create_app(
    workspace: Workspace,
    repo: GitRepo | None = None,
    *,
    session: EditSession | None = None,
    **settings: Any,
) -> PosteditApp:
    """Build the app from its dependencies: the CLI, Pilot tests and snapshots all use this.

    ``repo`` is an opened GitRepo, or None to open the one around the workspace (pass
    ``open_repo=False`` for none); or give a ready ``session``. Settings: ``theme``,
    ``batch`` (postings per loading step), ``keymap`` (binding id -> keys, e.g.
    ``{"toggle-status": "x"}``; ids are in docs/keys.md), ``no_color``, ``encoding`` (the
    terminal's charset: one that is not UTF-8 gets ASCII lines and signs).
    """
    return PosteditApp(session or EditSession(workspace, repo), **settings)


def _is_editor(screen: object) -> bool:
    """Is ``screen`` the posting editor? (by name: the editor module is imported on first use)"""
    return type(screen).__name__ == "EditorScreen"
