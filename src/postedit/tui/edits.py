"""Edits from the list: toggle, revert, delete, the form editor and $EDITOR.

Each goes through the app's EditSession (core/session.py), which writes the files and keeps
the record of postedit's own writes; this module runs it in a worker, keeps the list's model
in step, and says what happened. Writes are serialised by one lock: a second toggle waits for
the first instead of racing it on the same file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from postedit.core.errors import ConflictError, PosteditError
from postedit.core.git.state import plural
from postedit.core.messages import question_paths, revert_question
from postedit.core.posting import Posting
from postedit.core.workspace import filter_rule
from postedit.tui.model import ListModel, display
from postedit.tui.safe import escape

if TYPE_CHECKING:
    from postedit.core.messages import Change
    from postedit.core.session import EditResult, EditSession, Step
    from postedit.tui.app import PosteditApp

__all__ = ["QUIET_REVERT", "Edits"]

QUIET_REVERT = frozenset({"toggle_on", "toggle_off", "flag", "delete"})
"""The changes ``u`` takes back without a question (one key made them, one key undoes them;
ctrl+z brings any revert back). A form edit, an $EDITOR edit, a creation or a restore asks."""


def _joined(hint: str, where: str) -> str:
    """A status-bar message: where rows went that the list does not show (``where``, from
    ``Edits.refresh``), if any, then what the edit did (``hint``). Where comes first: it is
    what the user cannot see, and an 80-column bar cuts the end of a long message."""
    return f"{where}; {hint}" if where else hint


class Edits:
    """The list's edits, for ``app`` (see the module's docstring)."""

    def __init__(self, app: PosteditApp) -> None:
        self.app = app
        self.lock = threading.Lock()
        """Held by every write (one at a time, in order)."""

    @property
    def session(self) -> EditSession:
        """The app's edit session."""
        return self.app.session

    def _postings(self, relpaths: Sequence[str]) -> list[Posting]:
        """The postings of ``relpaths`` in the list (deleted ones left out)."""
        model = self.app.model
        return [
            model.entries[r].posting
            for r in relpaths
            if r in model.entries and not model.entries[r].deleted
        ]

    def _run(self, work: Callable[[], None]) -> None:
        self.app.run_worker(work, thread=True, group="disk", exit_on_error=False)

    # -- toggle ---------------------------------------------------------------------------------

    def toggle(self, relpaths: Sequence[str], fieldname: str | None) -> None:
        """Toggle ``fieldname`` (the status when None) on ``relpaths``: all get the same value."""
        postings = self._postings(relpaths)
        if not postings:
            self.app.notify("Nothing to toggle here.", severity="warning")
            return

        def work() -> None:
            with self.lock:
                try:
                    result = self.session.toggle(postings, fieldname)
                except PosteditError as exc:
                    self.app.call_from_thread(self.app.report, [str(exc)])
                    return
            self.app.call_from_thread(self._after, result, fieldname)

        self._run(work)

    def _after(self, result: EditResult, fieldname: str | None) -> None:
        """Show the postings as written, say what changed; the marks the toggle used are
        done with (a posting it could not change stays marked)."""
        self.app.model.marks.difference_update(p.relpath for p in result.written)
        where = self.refresh([p.relpath for p in result.written])
        if result.written:
            name = fieldname
            if name is None:  # the status toggle: the field its change set
                name = next(iter(self._changed_keys(result.written[0])), "status")
            postings = plural(len(result.written), "posting")
            self.app.set_hint(_joined(f"{name}: {display(result.value)} on {postings}", where))
        self.app.report(
            [f"{exc} - not changed" for exc in result.errors],
            changed_on_disk=any(isinstance(exc, ConflictError) for exc in result.errors),
        )

    def _changed_keys(self, posting: Posting) -> list[str]:
        from postedit.core.status import status_field

        spec = self.app.workspace.collection_of(posting.relpath)
        name = status_field(spec, [posting]) if spec is not None else None
        return [name] if name else []

    def refresh(self, relpaths: Sequence[str], made_in: str | None = None) -> str:
        """Read what the session wrote into the list: rows, pending marks, status bar.

        A row shown stays shown until the filter changes, even when the filter no longer
        takes it (``MainScreen.keep``). A row the edit added or brought back (a posting made
        with ``n`` or ``D``, a deletion undone or reverted, a restore) is highlighted: the
        first of ``relpaths`` the view shows. Returns where the rows are that the list does
        not show: hidden by the filter, given to another collection (see ``moves``); "" when
        all are shown. The caller's message on the status bar says it too (``_joined``).
        ``made_in``: the collection new postings among them were created in (the form's
        ``n``)."""
        app, model, originals = self.app, self.app.model, self.session.originals
        app.main.keep(relpaths)
        shown = []
        moved: list[tuple[str, str, str]] = []
        arrived: list[str] = []
        for rel in relpaths:
            posting = app.workspace.postings.get(rel)
            if posting is None:
                continue
            edited = self.session.made_here(rel, posting.contents)
            entry = model.entries.get(rel)
            if posting.exists:
                if entry is None or entry.deleted:
                    arrived.append(rel)
                was = entry.posting.collection if entry is not None else made_in
                if was is not None and was != posting.collection:
                    moved.append((rel, was, posting.collection))
                spec = app.workspace.collection_of(rel, posting)
                model.put_entry(ListModel.make_entry(posting, spec))
            elif entry is not None and edited:
                entry.deleted = True  # kept in the list, so that u brings it back
            else:
                model.forget(rel)
            model.mark_edited(
                rel, edited or rel in model.earlier, new=edited and originals[rel] is None
            )
            shown.append(rel)
        app.main.refresh_rows(shown)
        hidden = app.main.highlight_first(arrived)
        hidden += app.main.hidden(rel for rel in shown if rel not in arrived)
        app.update_status()
        earlier = [rel for rel in shown if rel in model.earlier and rel in model.pending]
        if earlier:
            self._settle_earlier(earlier)
        notes = [self.moves(moved)]
        if hidden:
            what = "Hidden" if len(hidden) == 1 else f"{plural(len(hidden), 'posting')} hidden"
            notes.insert(0, f"{what} by the filter: {app.main.binding_key('filter')} changes it")
        return "; ".join(note for note in notes if note)

    def moves(self, moved: Sequence[tuple[str, str, str]]) -> str:
        """Where postings went that an edit gave to another collection ((path, from, to),
        ``""`` for none): ``Moved to News (type: news): [ shows it``, the keys that show
        its tab; a posting no filter takes any more is in no tab, which is said louder."""
        app = self.app
        schema = app.workspace.schema
        words = []
        for target in dict.fromkeys(to for _, _, to in moved):
            rels = [rel for rel, _, to in moved if to == target]
            what = "Moved" if len(rels) == 1 else f"{plural(len(rels), 'posting')} moved"
            spec = schema.collection(target) if target else None
            if spec is None:
                reason = app.workspace.unclaimed_reason(rels[0])
                words.append(f"{what} to no tab: {reason}")
                app.notify(
                    escape(f"{question_paths(rels)}\n{reason[:1].upper()}{reason[1:]}."),
                    title="In no collection now",
                    severity="warning",
                )
                continue
            rule = filter_rule(spec)
            keys = app.main.keys_to(spec.name)
            words.append(
                f"{what} to {spec.title}"
                + (f" ({rule})" if rule else "")
                + (f": {keys} shows it" if keys else "")
            )
        return "; ".join(words)

    def _settle_earlier(self, relpaths: list[str]) -> None:
        """An earlier run's edits this session wrote over may now hold what HEAD has (a toggle
        set back, a restore): ask git, and show those as no edit. They stay in
        ``model.earlier`` and in the ledger, so that ctrl+z brings the earlier edit back as
        postedit's own."""

        def work() -> None:
            # both locks: no write in between, so what git says is still true when shown
            with self.lock, self.app.git.lock:
                same = self.session.back_at_head(relpaths, forget=False)
                if same:
                    self.app.call_from_thread(self._unchanged, same)

        self._run(work)

    def _unchanged(self, relpaths: list[str]) -> None:
        model = self.app.model
        for rel in relpaths:
            model.mark_edited(rel, False)
        self.app.main.refresh_rows(relpaths)
        self.app.update_status()

    # -- revert ---------------------------------------------------------------------------------

    def revert(self, relpaths: Sequence[str]) -> None:
        """Undo the uncommitted change of ``relpaths``: postedit's own at once, someone
        else's after a question (back to the last commit)."""
        from postedit.tui.screens.confirm import ConfirmScreen

        model, session, postings = self.app.model, self.session, self.app.workspace.postings

        def made_here(rel: str) -> bool:
            posting = postings.get(rel)
            return session.made_here(rel, posting.contents if posting is not None else None)

        ours = [r for r in relpaths if made_here(r)]
        # this session's edits undone or set back: an earlier session's is left (from HEAD)
        earlier = [r for r in relpaths if not made_here(r) and r in model.earlier]
        theirs = [r for r in relpaths if r not in model.pending and r in model.outside]
        if not ours and not theirs and not earlier:
            self.app.set_hint(self.nothing_to_revert())
            return
        if ours or earlier:
            self._revert_asking([(r, False) for r in ours] + [(r, True) for r in earlier])
        if theirs:
            names = question_paths(theirs)
            question = (
                f"These files were changed outside postedit:\n{names}\n\n"
                "Discard those changes and restore the last committed version?"
            )

            def answer(yes: bool | None) -> None:
                if yes:
                    self._revert([(r, True) for r in theirs])

            self.app.push_screen(ConfirmScreen(question, yes="Discard", no="Keep"), answer)

    def nothing_to_revert(self) -> str:
        """What ``u`` says on postings with no change to revert: ctrl+z undoes the last edit
        (a toggle the filter hid, a posting out of view), when there is one. Short: the
        status bar at 80 columns has some thirty cells for it."""
        if not self.session.undo_steps:
            return "Nothing to revert here"
        return f"Nothing to revert ({self.app.main.binding_key('undo-edit')}: undo)"

    def _revert_asking(self, items: list[tuple[str, bool]]) -> None:
        """Revert postedit's own edits of ``items``: at once when each is a toggle or a
        deletion, after a question otherwise (a form edit is not thrown away by one key)."""

        def work() -> None:
            rels = [rel for rel, _ in items]
            with self.lock:
                try:
                    changes = self.session.revert_changes(rels)
                    others = self.session.others_changes(rels)
                except PosteditError as exc:
                    self.app.call_from_thread(self.app.report, [str(exc)])
                    return
            self.app.call_from_thread(self._ask_revert, items, changes, others)

        self._run(work)

    def _ask_revert(
        self, items: list[tuple[str, bool]], changes: list[Change], others: list[str]
    ) -> None:
        from postedit.tui.screens.confirm import ConfirmScreen

        # a toggle is taken back at once, unless someone else's change would go with it
        loud = [c for c in changes if c.kind not in QUIET_REVERT or c.relpath in others]
        if not loud:
            self._revert(items)
            return
        question = revert_question(loud, others)

        def answer(yes: bool | None) -> None:
            if yes:
                self._revert(items)

        self.app.push_screen(ConfirmScreen(question, yes="Revert", no="Keep"), answer)

    def _revert(self, items: list[tuple[str, bool]]) -> None:
        def work() -> None:
            errors: list[str] = []
            done: list[str] = []
            conflict = False
            with self.lock, self.session.step(verb="Revert"):
                for rel, from_head in items:
                    try:
                        self.session.revert(rel, from_head=from_head)
                        done.append(rel)
                    except ConflictError as exc:
                        errors.append(f"{exc} - not reverted")
                        conflict = True
                    except PosteditError as exc:
                        errors.append(str(exc))
                    except OSError as exc:
                        errors.append(f"{rel}: {exc.strerror or exc}")
            self.app.call_from_thread(self._after_revert, done, errors, conflict)

        self._run(work)

    def _after_revert(self, done: list[str], errors: list[str], conflict: bool) -> None:
        model = self.app.model
        model.marks.difference_update(done)  # used: a posting not reverted stays marked
        for rel in done:
            model.earlier.discard(rel)
            model.outside.discard(rel)
        where = self.refresh(done)  # a deletion reverted: the row is live again
        if done:
            self.app.set_hint(_joined(f"Reverted {plural(len(done), 'posting')}", where))
        self.app.report(errors, changed_on_disk=conflict)

    # -- delete ---------------------------------------------------------------------------------

    def delete(self, relpaths: Sequence[str]) -> None:
        """Delete postings after a question (a pending change ``u`` can revert)."""
        from postedit.tui.screens.confirm import ConfirmScreen

        postings = self._postings(relpaths)
        if not postings:
            return
        rels = [p.relpath for p in postings]
        names = question_paths(rels)
        new = [r for r in rels if r in self.app.model.new]
        note = "(u reverts it until you commit)"
        if new:  # never committed: once deleted there is no earlier version to bring back
            note = (
                f"{len(new)} of them never committed: deleting those cannot be undone.\n"
                "The others: u reverts until you commit."
                if len(new) < len(rels)
                else "Never committed: this cannot be undone."
            )
        from postedit.core.cms import delete_refusal

        schema = self.app.workspace.schema
        refusals = {  # the site's CMS would not delete them: said, and asked "anyway?"
            str(refusal): None
            for p in postings
            for spec in [schema.collection(p.collection)]
            if spec is not None and (refusal := delete_refusal(schema, spec)) is not None
        }
        anyway = " anyway" if refusals else ""
        rules = "".join(f"{rule}.\n" for rule in refusals)
        question = f"Delete {plural(len(rels), 'posting')}{anyway}?\n{names}\n\n{rules}{note}"

        def answer(yes: bool | None) -> None:
            if yes:
                self._delete(postings, force=bool(refusals))

        yes = "Delete anyway" if refusals else "Delete"
        self.app.push_screen(ConfirmScreen(question, yes=yes, no="Keep"), answer)

    def _delete(self, postings: list[Posting], force: bool = False) -> None:
        def work() -> None:
            errors: list[str] = []
            done: list[str] = []
            conflict = False
            with self.lock, self.session.step():
                for posting in postings:
                    try:
                        self.session.delete(posting, force)
                        done.append(posting.relpath)
                    except PosteditError as exc:
                        errors.append(f"{exc} - not deleted")
                        conflict = conflict or isinstance(exc, ConflictError)
                    except OSError as exc:
                        errors.append(f"{posting.relpath}: {exc.strerror or exc}")
            self.app.call_from_thread(self._after_delete, done, errors, conflict)

        self._run(work)

    def _after_delete(self, done: list[str], errors: list[str], conflict: bool) -> None:
        for rel in done:
            self.app.model.marks.discard(rel)
        self.refresh(done)
        if done:
            self.app.set_hint(f"Deleted {plural(len(done), 'posting')}: u brings them back")
        self.app.report(errors, changed_on_disk=conflict)

    # -- undo and redo ------------------------------------------------------------------------

    def replay(self, back: bool) -> None:
        """Undo the last edit (``back``), or redo the one undone last; say which."""
        session = self.session
        if not (session.undo_steps if back else session.redo_steps):
            self.app.set_hint("Nothing to undo" if back else "Nothing to redo")
            return

        def work() -> None:
            # git's lock too: a commit under way drops its files' steps, and commits the
            # bytes an undo would write meanwhile
            with self.lock, self.app.git.lock:
                try:
                    step = session.undo_step() if back else session.redo_step()
                except PosteditError as exc:
                    self.app.call_from_thread(self.app.report, [str(exc)])
                    return
                except OSError as exc:
                    self.app.call_from_thread(self.app.report, [exc.strerror or str(exc)])
                    return
            self.app.call_from_thread(self._after_replay, step, back)

        self._run(work)

    def _after_replay(self, step: Step, back: bool) -> None:
        model, originals = self.app.model, self.session.originals
        for rel in step.paths:
            if rel in step.foreign:  # a revert of someone else's change, undone or redone
                (model.outside.add if back else model.outside.discard)(rel)
            if rel not in originals:  # no longer postedit's (session._replay)
                model.earlier.discard(rel)  # else an earlier session's edit stays pending
        where = self.refresh(step.paths)
        hint = f"{'Undid' if back else 'Redid'}: {self.session.label(step)}"
        self.app.set_hint(_joined(hint, where))

    # -- restore --------------------------------------------------------------------------------

    def restore(self, relpath: str, sha: str, path_at: str | None = None) -> None:
        """Bring back the version of ``relpath`` from commit ``sha`` (the one before, when
        that commit deleted it) as a pending edit (``path_at``: its path then)."""
        session = self.session

        def work() -> None:
            with self.lock, self.app.git.lock:
                steps = len(session.undo_steps)
                try:
                    current = session.workspace.postings.get(relpath) or session.workspace.read(
                        relpath
                    )
                    session.restore(current, sha, None if path_at == relpath else path_at)
                except PosteditError as exc:
                    self.app.call_from_thread(self.app.report, [f"{exc} - not restored"])
                    return
                except OSError as exc:
                    self.app.call_from_thread(
                        self.app.report, [f"{relpath}: {exc.strerror or exc} - not restored"]
                    )
                    return
                step = session.undo_steps[-1] if len(session.undo_steps) > steps else None
            self.app.call_from_thread(self._after_restore, relpath, step)

        self._run(work)

    def _after_restore(self, relpath: str, step: Step | None) -> None:
        from postedit.tui.screens.history import HistoryScreen

        app = self.app
        if isinstance(app.screen, HistoryScreen):
            app.screen.dismiss(None)
        where = self.refresh([relpath])  # a deleted posting restored: the row is live again
        if step is not None:
            app.set_hint(_joined(f"{self.session.label(step)}: pending (ctrl+z undoes)", where))
        else:
            app.set_hint("Restored: the file already held that version")

    # -- the editors ----------------------------------------------------------------------------

    def open_editor(self, relpath: str | None, template: str | None = None) -> None:
        """Open the form editor on a posting, a new one, or a copy of ``template``."""
        from postedit.tui.screens.editor import EditorScreen

        app = self.app
        spec = app.main.collection
        posting = None
        if relpath is not None:
            entry = app.model.entries[relpath]
            if entry.deleted:
                app.notify("This posting is deleted: press u to bring it back.")
                return
            posting = entry.posting
            spec = app.workspace.collection_of(relpath) or spec
        if spec is None:
            app.notify("No collection to create the posting in.", severity="warning")
            return
        copy_from = app.model.entries[template].posting if template is not None else None

        def saved(result: Posting | None) -> None:
            if result is not None:  # a new posting's other locales were written too
                made = [r for r in self.session.originals if r not in app.model.entries]
                where = self.refresh([result.relpath, *made], made_in=spec.name)
                if where:
                    app.set_hint(where)

        def open_form(force: bool = False) -> None:
            screen = EditorScreen(self.session, spec, posting, template=copy_from, force=force)
            app.push_screen(screen, saved)

        from postedit.core.cms import create_refusal

        refusal = create_refusal(app.workspace.schema, spec) if posting is None else None
        if refusal is None:
            open_form()
            return
        from postedit.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                open_form(force=True)

        question = f"{refusal}.\n\nCreate a posting in {spec.title} anyway?"
        app.push_screen(ConfirmScreen(question, yes="Create anyway", no="Cancel"), answer)

    def external(self, relpath: str) -> None:
        """Open the posting in $VISUAL/$EDITOR, then read it again (the change counts as an
        edit made with postedit)."""
        from postedit.tui.external import not_editable, open_in_editor

        app = self.app
        entry = app.model.entries[relpath]
        if entry.deleted:
            app.notify("This posting is deleted: press u to bring it back.")
            return
        refusal = not_editable(app.workspace.root / relpath)
        if refusal:  # its row stays: read again, a FIFO was taken for a deleted file
            app.notify(escape(refusal), severity="error")
            return
        before = entry.posting
        problem = open_in_editor(app, app.workspace.root / relpath)
        if problem:
            app.notify(escape(problem), severity="error")
        after = app.workspace.read(relpath, before.collection)
        self.session.adopt(before, after)
        where = self.refresh([relpath])
        if where:
            app.set_hint(where)
