"""Git from the list: the commit dialog, push, pull, undo and a posting's history.

Commits go through the app's EditSession (the same path as ``postedit set --commit``: the
same refusals, the same message for the same change, one ``git commit``). Git work runs in
``group="git"`` thread workers, one at a time under a lock (GitPython is not thread-safe);
what git refuses comes back as a notification, and the edits stay on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.worker import WorkerError

from postedit.core import messages
from postedit.core.errors import GitError
from postedit.core.git.state import plural
from postedit.core.sanitize import visible
from postedit.core.session import ForeignChangesError
from postedit.tui.safe import escape

if TYPE_CHECKING:
    from postedit.core.git.commit import CommitResult
    from postedit.core.git.runner import GitRepo
    from postedit.core.validate import ErrorAges, Finding
    from postedit.tui.app import PosteditApp

__all__ = ["PULL_REBASE", "PULL_REBASE_HERE", "GitActions"]

PULL_REBASE = "Pull --rebase"
"""The command palette's name for ``postedit pull --rebase``."""
PULL_REBASE_HERE = f"Here: ctrl+p, then {PULL_REBASE}."
"""Where the terminal interface keeps the pull --rebase a diverged branch needs."""


class GitActions:
    """The list's git actions, for ``app`` (see the module's docstring)."""

    def __init__(self, app: PosteditApp) -> None:
        self.app = app
        self.lock = threading.Lock()
        """Held by every use of the repository (one at a time)."""
        self.draft: tuple[tuple[str, ...], str] | None = None
        """(files, message) of a commit dialog closed with a message the user wrote: the
        next dialog for the same files starts from it."""
        self.opening = False
        """A screen made from what git says is asked for and not up yet (``c``: the commit
        dialog's diff; ``L``: a posting's history; a commit's diff in it): keys typed
        meanwhile wait for it (PosteditApp.keys_wait). Set by ``_open_from_git``."""

    def _run(self, work: Callable[[], None], exclusive: bool = False) -> None:
        self.app.run_worker(
            work, thread=True, group="git", exclusive=exclusive, exit_on_error=False
        )

    def _open_from_git(self, work: Callable[[], None], exclusive: bool = False) -> None:
        """Run ``work`` in a git worker: it pushes a screen made from what git says (or says
        why there is none). Keys typed meanwhile wait for that screen (``opening``): ``L j``
        in one read moves in the history, not in the list; ``c`` then a message types it in
        the dialog."""

        def run() -> None:
            try:
                work()
            finally:
                self.app.call_from_thread(self._opened)

        self.opening = True
        self._run(run, exclusive=exclusive)

    def _repo(self) -> GitRepo:
        repo = self.app.session.repo
        if repo is None:
            raise GitError(self.app.git_problem or "not a git repository")
        return repo

    # -- commit ---------------------------------------------------------------------------------

    def open_commit(self) -> None:
        """Open the commit dialog for postedit's pending edits (or say why not), once the
        edits asked for before it are written: ``t`` then ``c`` at once commits the toggle."""
        app = self.app
        writing = [w for w in app.workers if w.group == "disk" and not w.is_finished]
        if writing:
            self.opening = True  # from now: the keys typed after `c` are the dialog's

            async def after_writes() -> None:
                for worker in writing:
                    with suppress(WorkerError):  # a failed write says so itself
                        await worker.wait()
                self.open_commit()

            app.run_worker(after_writes(), group="commit-wait", exclusive=True)
            return
        self._opened()  # until the worker below: said at once, or by the worker
        paths = app.model.commit_paths()
        if not paths:
            self._nothing()
            return
        if app.session.repo is None:
            advice = f"; {app.git_advice} ({app.workspace.root})" if app.git_advice else ""
            app.notify(
                escape(
                    f"Cannot commit: {app.git_problem or 'not a git repository'}. Your "
                    f"edits are saved on disk{advice}."
                ),
                severity="error",
                timeout=10,
            )
            return
        if app.git_problem:
            app.notify(escape(f"Cannot commit: {app.git_problem}"), severity="error")
            return

        def work() -> None:
            with self.lock:
                todo = list(paths)
                app.session.can_commit(todo)  # e.g. in a submodule: git would refuse them
                foreign = app.session.foreign(todo)
                if foreign:  # said now, not after the user has read the diff
                    theirs = app.session.theirs_over(foreign)
                    if set(theirs) != set(foreign):
                        raise ForeignChangesError(foreign, app.session.mixed(foreign))
                    app.call_from_thread(self._ask_theirs, todo, theirs)
                    return
            self._review(todo)

        self._open_from_git(work, exclusive=True)

    def _ask_theirs(self, paths: list[str], theirs: dict[str, tuple[bytes, bytes]]) -> None:
        """Some of ``paths`` hold the user's edit and, over it, someone else's uncommitted
        change (``EditSession.theirs_over``): show their change on its own and ask. ``a``
        takes it on into this commit (the commit dialog then shows and commits both, as
        after the form's "Apply my changes"); ``l``/escape leaves: nothing committed."""
        from postedit.tui.screens.editor import _Dialog, _diff, _titled

        names = ", ".join(theirs)
        message = (
            f"{names}: {'holds' if len(theirs) == 1 else 'hold'} your edit and a change "
            "postedit did not make (another program's, not committed). Below: their change, "
            "against postedit's last write.\nTake it on (a): the commit dialog shows and "
            "commits both. Leave (l): nothing is committed."
        )
        details = Text()
        for rel, (written, now) in theirs.items():
            title = "Their change" if len(theirs) == 1 else f"Their change to {visible(rel)}"
            details.append_text(_titled(title, _diff(written, now, context=1)))
        choices: list[tuple[str, str, Any]] = [
            ("a", "Take it on", "take"),
            ("l", "Leave", "leave"),
        ]

        def answer(choice: Any) -> None:
            if choice == "take":
                taking = {rel: now for rel, (_written, now) in theirs.items()}
                self._open_from_git(lambda: self._review(paths, taking), exclusive=True)
            else:
                self.app.set_hint(f"not committed: their change to {names} is left as it is")

        self.app.push_screen(_Dialog(message, choices, details, escape="leave"), answer)

    def _review(self, paths: list[str], taking: dict[str, bytes] | None = None) -> None:
        """In a git worker: the commit dialog for ``paths`` (``taking``: see
        ``EditSession.commit``), or why there is none."""
        from postedit.core.git import history

        app = self.app
        with self.lock:
            todo = list(paths)
            if taking:  # the file as shown: a change since is said, not put in the dialog
                fresh = {rel: app.workspace.read(rel).contents for rel in taking}
                if fresh != taking:
                    raise GitError(
                        f"{', '.join(taking)}: changed again on disk since their change was "
                        "shown: nothing was committed (c shows it again)"
                    )
            else:
                same = app.session.back_at_head(todo)  # an earlier run's edit set back
                if same:
                    app.call_from_thread(self._unchanged, same)
                    todo = [p for p in todo if p not in same]
            if not todo:
                app.call_from_thread(self._nothing)
                return
            diff = history.diff(self._repo(), todo)
            message, ages = app.session.review(todo)
        app.call_from_thread(self._show_commit, todo, diff, message, ages, taking)

    def _opened(self) -> None:
        """The commit dialog is up, or was not opened: keys typed meanwhile are read."""
        self.opening = False
        self.app.read_waiting_keys()

    def _nothing(self) -> None:
        app = self.app
        outside = len(app.model.outside)
        extra = (
            f" ({plural(outside, 'file')} modified outside postedit: commit those with git)"
            if outside
            else ""
        )
        app.notify(f"Nothing to commit: postedit has not changed anything.{extra}")

    def _unchanged(self, paths: list[str]) -> None:
        """``paths`` hold what HEAD has: no pending edit of anyone's."""
        model = self.app.model
        for rel in paths:
            model.mark_edited(rel, False)
            model.earlier.discard(rel)
        self.app.main.refresh_rows(paths)
        self.app.update_status()

    def _show_commit(
        self,
        paths: list[str],
        diff: str,
        message: str,
        ages: ErrorAges,
        taking: dict[str, bytes] | None = None,
    ) -> None:
        from postedit.tui.screens.commit import CommitScreen

        app = self.app
        files = []
        for rel in paths:
            entry = app.model.entries.get(rel)
            # no entry: a posting the schema lists no more (``r``) or one gone from disk
            deleted = (
                entry.deleted if entry is not None else not (app.workspace.root / rel).exists()
            )
            files.append(("D" if deleted else "A" if rel in app.model.new else "M", rel))

        def said(found: dict[str, list[Finding]]) -> list[str]:
            # the dialog names the files above: the message gets the room of a long path
            return [
                f"line {f.line}: {f.message}"
                if len(paths) == 1
                else f"{rel.rsplit('/', 1)[-1]}:{f.line}: {f.message}"
                for rel in paths
                for f in found.get(rel, ())
            ]

        proposed = message
        draft = self.draft if self.draft is not None and self.draft[0] == tuple(paths) else None
        if draft is not None:  # the user's own message for these files, kept from before
            message = draft[1]
        screen = CommitScreen(
            files, diff, message, said(ages.new), said(ages.old), written=draft is not None
        )

        def done(result: str | None) -> None:
            if result:
                # kept until git has made the commit: a hook refusing it loses no message
                written = result != proposed.strip()
                self.draft = (tuple(paths), result) if written else None
                self.commit(paths, result, taking)
            elif screen.draft is not None:
                self.draft = (tuple(paths), screen.draft)
                app.set_hint("not committed: your message is kept")

        app.clear_notifications()  # an earlier "saved" would sit over the dialog's own lines
        app.push_screen(screen, done)

    def commit(
        self, paths: list[str], message: str, taking: dict[str, bytes] | None = None
    ) -> None:
        """Commit postedit's edits to ``paths`` (hooks run); a failure leaves them on disk.
        ``taking``: someone else's changes the user saw and took on (``EditSession.commit``)."""

        def work() -> None:
            with self.lock:
                result = self.app.session.commit(paths, message, taking=taking)
            self.app.call_from_thread(self._after_commit, paths, result)
            self.refresh()

        self._run(work)

    def _after_commit(self, paths: list[str], result: CommitResult) -> None:
        app = self.app
        model = app.model
        for rel in paths:
            entry = model.entries.get(rel)
            if entry is not None and entry.deleted:
                model.forget(rel)
            model.mark_edited(rel, False)
            model.earlier.discard(rel)
        model.marks.difference_update(paths)
        self.draft = None
        app.set_hint(f"committed {result.sha[:7]} {result.summary}")
        app.main.refresh_rows(paths)
        app.notify(escape(f"Committed {result.sha[:7]}: {result.summary}"), title="Commit")

    # -- the repository's state -----------------------------------------------------------------

    def refresh(self) -> None:
        """Read the repository's state and changes again (after a commit, push, pull, undo);
        call it from a worker."""
        with self.lock:
            info = self.app.loader.open_git()
        self.app.call_from_thread(self.app.git_ready, info)

    def _remote(self, verb: str, call: Callable[[], Any], said: Callable[[Any], str]) -> None:
        self.app.notify(f"{verb}...")

        def work() -> None:
            try:
                with self.lock:
                    result = call()
            finally:  # a pull refused as diverged, a push refused as behind, have fetched
                self.refresh()
            self.app.call_from_thread(self.app.notify, escape(said(result)), title=verb)

        self._run(work)

    def push(self) -> None:
        """Push to the upstream (in the background)."""
        from postedit.core.git import remote

        def call() -> Any:
            repo = self._repo()
            try:
                return remote.push(repo)
            except remote.PushRejectedError:
                # git refused the push for the upstream's new commits but did not fetch
                # them: fetched, the counts show what the notice asks to pull (+1/-1)
                with suppress(GitError):
                    remote.fetch(repo)
                raise

        def said(result: Any) -> str:
            if result.pushed:
                return f"Pushed {plural(result.pushed, 'commit')} to {result.upstream}."
            return f"Nothing to push: {result.upstream} is up to date."

        self._remote("Pushing", call, said)

    def pull(self, rebase: bool = False) -> None:
        """Pull from the upstream (fast-forward; with ``rebase``, local commits put on top of
        the upstream's), then read the postings again."""
        from postedit.core.git import remote

        def call() -> Any:
            try:
                result = remote.pull(self._repo(), rebase=rebase)
            except remote.DivergedError as exc:
                # the command line's advice; here the same pull is in the palette
                raise remote.DivergedError(f"{exc}\n{PULL_REBASE_HERE}") from exc
            self.app.call_from_thread(self.app.reload)
            self.app.call_from_thread(self._changed_under_forms, result.paths)
            return result

        def said(result: Any) -> str:
            if result.updated:
                return f"Pulled: {plural(len(result.paths), 'file')} changed."
            return "Already up to date."

        self._remote("Pulling", call, said)

    def _changed_under_forms(self, paths: tuple[str, ...]) -> None:
        """A pull changed ``paths``: a form open on one of them is told (``changed_under``):
        one opened while the pull ran (``F enter``) would show the old version, silently."""
        from postedit.tui.screens.editor import EditorScreen

        changed = set(paths)
        forms = [s for s in self.app.screen_stack if isinstance(s, EditorScreen)]
        for form in forms:
            if form.posting is not None and form.posting.relpath in changed:
                self.app.call_later(form.changed_under, "The pull")

    def undo(self) -> None:
        """Undo postedit's last commit when it is not pushed (after a question)."""
        from postedit.tui.screens.confirm import ConfirmScreen

        def work() -> None:
            with self.lock:
                result = self.app.session.undo()
            undone = messages.undone(result.summary, result.pending)
            self.app.call_from_thread(self.app.notify, escape(undone))
            # "committed abc1234" is no longer true: the status bar says what is
            self.app.call_from_thread(self.app.set_hint, undone)
            self.app.call_from_thread(self.app.reload)

        def answer(yes: bool | None) -> None:
            if yes:
                self._run(work)

        def ask() -> None:
            # asked once it is known: a restore may already have taken the changes back
            with self.lock:
                preview = self.app.session.undo_preview()
            paths, pending = preview if preview is not None else (None, ())
            question = messages.undo_question(paths, pending)
            screen = ConfirmScreen(question, yes="Undo", no="Keep")
            self.app.call_from_thread(self.app.push_screen, screen, answer)

        self._run(ask)

    # -- history --------------------------------------------------------------------------------

    def history(self, relpath: str) -> None:
        """Open the history of one posting."""
        from postedit.core.git import history
        from postedit.tui.screens.history import HistoryScreen

        def work() -> None:
            with self.lock:
                entries = history.log(self._repo(), relpath)
            self.app.call_from_thread(self.app.push_screen, HistoryScreen(relpath, entries))

        self._open_from_git(work)

    def show_diff(self, sha: str, relpath: str) -> None:
        """Show one commit's change to a posting (from the history screen)."""
        from postedit.core.git import history
        from postedit.tui.screens.history import DiffScreen

        def work() -> None:
            with self.lock:
                diff = history.show(self._repo(), sha, relpath)
            screen = DiffScreen(f"{sha[:7]} {relpath}", diff)
            self.app.call_from_thread(self.app.push_screen, screen)

        self._open_from_git(work)
