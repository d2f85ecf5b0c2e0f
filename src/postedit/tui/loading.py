"""Loading: every posting read in a worker, the first screenful first, then git.

A thread worker reads every posting, handing them to the UI in batches: the first one a
screenful, read before the screen is built and shown in its first frame, the next ones a few a
second (each redraws the screen: more would slow the worker down without showing more
progress). It then infers the full schema when the repository has no schema file (the first
frame used one inferred from a sample), lets every row be shown, saves the cache of parsed
postings, opens the git repository and validates what the rows did not need yet. A posting
that is slow to read never holds the first frame or the keys: quitting stops the worker at
the next posting.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from postedit.core.errors import GitError, PosteditError
from postedit.core.schema import CollectionSpec, Schema
from postedit.tui.model import Entry, ListModel

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from postedit.core.git.state import RepoState
    from postedit.tui.app import PosteditApp

__all__ = ["FIRST", "Loader"]

BATCH = 5000
"""At most this many postings per loading step (steps also close every FLUSH seconds)."""
FIRST = 50
"""The first loading step: a screenful, shown as soon as it is read."""
FLUSH = 0.2
"""Seconds after which a loading step is handed to the UI (each step redraws the screen)."""
FIRST_FRAME_WAIT = 2.0
"""The loading worker waits at most this long for the first frame, then the one showing every
posting, to be drawn."""
FIRST_READ_WAIT = 0.25
"""The screen waits at most this long for the first screenful to be read (a slow disk or a
posting that takes long to parse then shows in a later frame)."""

_DATED = re.compile(r"\d{4}-\d\d-\d\d")
"""A file name that starts with its date (Jekyll's ``YYYY-MM-DD-slug.md``)."""


def newest_first(spec: CollectionSpec, files: list[str]) -> bool:
    """Will the list open sorted by a date, newest first, with file names that start with
    their date? Then the first screen shows the last files, not the first ones: reading
    those before the first frame puts the right rows in it."""
    sort = spec.sort or ""
    if not sort.startswith("-") or not files:
        return False
    spec_field = spec.field(sort[1:])
    if spec_field is None or spec_field.type not in ("date", "datetime"):
        return False
    return all(_DATED.match(rel.rsplit("/", 1)[-1]) for rel in (files[0], files[-1]))


@dataclass
class GitInfo:
    """What the loading worker learnt of the repository."""

    state: RepoState | None = None
    """Branch, upstream, ahead/behind (None: no repository)."""
    changed: dict[str, str] = field(default_factory=dict)
    """Files with uncommitted changes (``git status``)."""
    pending: set[str] = field(default_factory=set)
    """postedit's own uncommitted edits, from this session or an earlier one."""
    notes: int = -1
    """The session's ``notes`` when git was asked: when it is still the same, nothing was
    written since and ``changed`` and ``pending`` hold for every file."""
    problem: str | None = None
    """Why there is no git (not a repository...), or None."""
    advice: str = ""
    """What would let postedit commit, when it is known (``git init`` where there is no
    repository; a bare one is cloned: ``git init`` would only initialise it again)."""


class Loader:
    """Reads the postings for the app (see the module's docstring)."""

    def __init__(self, app: PosteditApp, batch: int = BATCH) -> None:
        self.app = app
        self.batch = batch
        """Postings per loading step, at most."""
        self.first_read = threading.Event()
        """Set once the first screenful is read (or there is nothing to read)."""
        self._lock = threading.Lock()
        self._early: list[tuple[Callable[..., None], tuple[Any, ...]]] | None = []
        """The app's calls made before the list screen was mounted, its batches and whatever
        came after them (None once it is mounted: see call)."""
        self.first_frame = threading.Event()
        """Set once the first frame is drawn (the worker waits for it)."""
        self.all_shown = threading.Event()
        """Set once every posting is shown (the worker waits for it to save the cache)."""
        self.reordered: str | None = None
        """The collection whose first screen was read newest first (see newest_first)."""

    # -- the worker -----------------------------------------------------------------------------

    def load(self) -> None:
        """Read every posting (in batches), then what the rows did not need yet, then git.
        Runs in a thread worker, so that no posting, however slow to read, holds the first
        frame or the keys.

        The first step is a screenful, read before Textual builds the screen (the app waits
        for it) and shown in its first frame; the worker then lets that frame be drawn
        before it goes on (it would only compete with it for the interpreter). A list sorted
        newest first by dated file names reads the newest first.
        """
        self.all_shown.clear()  # a reload: its own rows first, again
        try:
            self._load()
        finally:
            self.first_read.set()  # nothing to read, or a failure: the screen waits no more

    def reload(self) -> None:
        """``r`` (and a pull): find the schema again as start-up finds it (an edit of
        postedit.yml, of the Decap config or of the generator's config, a new collection
        folder), let the app put it in place, then read every posting by it. A schema file
        that cannot be used now leaves the old one in place: the app says why, and the
        postings are read by the old one."""
        self.all_shown.clear()
        worker = get_current_worker()
        try:
            try:
                schema: Schema | PosteditError = self.app.workspace.find_schema(FIRST)
            except PosteditError as exc:
                schema = exc
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self.app.schema_found, schema, worker)
            if not worker.is_cancelled:
                self._load()
        finally:
            self.first_read.set()

    def _load(self) -> None:
        app = self.app
        workspace = app.workspace
        todo = [(spec, workspace.candidates(spec)) for spec in app.specs]
        if todo and newest_first(*todo[0]):
            spec, files = todo[0]
            todo[0] = (spec, files[::-1])
            self.reordered = spec.name  # read out of file order: put back once loaded
        total = sum(len(files) for _, files in todo)
        done = 0
        limit = min(self.batch, FIRST)
        made: list[Entry] = []
        worker = get_current_worker()
        for spec, files in todo:
            batch: list[Entry] = []
            since = time.monotonic()
            for rel in files:
                if worker.is_cancelled:  # quitting while loading: stop now, not 10,000 later
                    return
                posting = workspace.read(rel, spec.name)
                done += 1
                if not workspace.is_posting(spec, rel, posting):
                    continue  # a README beside the postings
                entry = ListModel.make_entry(posting, spec, lazy=True)
                batch.append(entry)
                made.append(entry)
                if len(batch) >= limit or time.monotonic() - since >= FLUSH:
                    self.hand(spec, batch, done, total)
                    batch, limit = [], self.batch
                    since = time.monotonic()
            self.hand(spec, batch, done, total)
        if not self.first_read.is_set():  # no collection: nothing was handed
            self._first_read_done()
        schema = self._full_schema()
        if worker.is_cancelled:  # quitting, or a reload took over: its worker says all this
            return
        if schema is not None:
            specs = {spec.name: spec for spec in schema.collections}
            for entry in made:  # read again, against the whole picture
                entry.respec(specs.get(entry.posting.collection, entry.spec))
            workspace.schema = schema
        self.call(app.all_loaded, len(made), schema is not None)
        self.all_shown.wait(FIRST_FRAME_WAIT)  # the rows first: then what the user waits less for
        workspace.save_cache()  # quitting too: every posting is read, the next start reuses them
        if worker.is_cancelled:
            return
        self.call(app.git_ready, self.open_git())  # a few git processes: soon done
        for entry in made:
            if worker.is_cancelled:
                return
            entry.text  # noqa: B018 - the bodies' search text, before the user types much
        self.call(app.indexed)
        for entry in made:
            if worker.is_cancelled:
                return
            entry.findings  # noqa: B018 - for the status bar's counts
        self.call(app.validated)

    def hand(self, spec: CollectionSpec, batch: list[Entry], done: int, total: int) -> None:
        """Give the UI a batch of postings read (kept until the list screen is mounted).

        The first one is the first screenful: see _first_read_done.
        """
        self.call(self.app.add_batch, spec, batch, done, total)
        if not self.first_read.is_set():
            self._first_read_done()

    def _first_read_done(self) -> None:
        """The first screenful is read (or there is none): let the screen be built with it
        and its first frame drawn, then take the parsed postings and inferred schema of an
        earlier run from the on-disk cache (reading it first would hold the first frame)."""
        self.first_read.set()
        self.first_frame.wait(FIRST_FRAME_WAIT)
        self.app.workspace.load_cache()

    def call(self, method: Callable[..., None], *args: Any) -> None:
        """Have the app run ``method(*args)``, after the calls made before it: kept until
        the list screen is mounted (``screen_ready``), since a first frame slower than the
        reading (a loaded machine, FIRST_FRAME_WAIT) had the app show every posting and
        count the edits on a screen not yet there."""
        with self._lock:
            if self._early is not None:
                self._early.append((method, args))
                return
        self.app.call_later(method, *args)

    def screen_ready(self) -> list[tuple[Callable[..., None], tuple[Any, ...]]]:
        """The list screen is mounted: the calls made so far, to be run now in turn (later
        ones come through the app's queue)."""
        with self._lock:
            early, self._early = self._early or [], None
        return early

    def _full_schema(self) -> Schema | None:
        """The schema inferred from every posting, when the first frame used one inferred
        from a sample (the postings are read by now: nothing is parsed again)."""
        workspace = self.app.workspace
        if not workspace.schema.partial:
            return None
        from postedit.core.infer import infer_schema

        return infer_schema(workspace.root, store=workspace.store)

    def open_git(self) -> GitInfo:
        """Open the repository around the workspace (once) and read its state and changes."""
        session = self.app.session
        try:
            if session.repo is None and self.app.open_repo:
                from postedit.core.git.runner import GitRepo

                session.repo = GitRepo.open(session.workspace.root)
            if session.repo is None:
                return GitInfo(problem="not a git repository", advice="run `git init` there")
            if session.repo.bare:
                return GitInfo(
                    problem="the repository is bare (it has no work tree)",
                    advice="clone it and open the clone",
                )
            notes = session.notes
            return GitInfo(session.repo.state(), session.look(), session.pending(), notes=notes)
        except GitError as exc:
            return GitInfo(problem=exc.message)
