"""EditSession: one user's edits to one repository, from the first write to the commit.

Both faces edit through a session: the terminal interface and the commands (``set``,
``new``, ``undo``...). It writes postings (atomically, never over a file changed since it
was read), records each write in the ledger of postedit's own writes *before* making it
(core/git/ledger.py), decides what a toggle means (core/status.py), words the commit message
from what each posting's change is against HEAD, whenever it was made (core/messages.py),
refuses to commit anyone else's uncommitted changes, and commits with ``git commit``
(core/git/commit.py). Without a git repository, edits still work; committing is refused.

A session is not thread-safe: the TUI calls it from one worker at a time, but for a form
saved on the UI thread while a worker writes; the undo step being made is each thread's own.
"""

from __future__ import annotations

import shlex
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from postedit.core import frontmatter, messages, status
from postedit.core.errors import ConflictError, GitError, PosteditError
from postedit.core.posting import Posting, parse_posting
from postedit.core.sanitize import visible
from postedit.core.site import field_key, site_field, unpublishing
from postedit.core.store import check_unchanged, delete_posting, write_posting
from postedit.core.workspace import Workspace

if TYPE_CHECKING:
    import datetime as dt

    from postedit.core.git.commit import CommitResult
    from postedit.core.git.ledger import Ledger
    from postedit.core.git.runner import GitRepo
    from postedit.core.git.state import RepoState
    from postedit.core.schema import CollectionSpec
    from postedit.core.validate import ErrorAges

__all__ = ["EditResult", "EditSession", "ForeignChangesError", "Look", "Step"]


class ForeignChangesError(GitError):
    """Some paths hold uncommitted changes postedit did not make: committing would take them."""

    def __init__(self, paths: Sequence[str], mixed: Sequence[str] = ()) -> None:
        names = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
        if list(mixed) == list(paths) == [paths[0]]:
            # `git stash` would set the user's own edit aside with theirs
            text = (
                f"{names}: holds your edit and a change postedit did not make; "
                f"nothing was committed: see it with git diff, then commit the file with git "
                f"(git commit {shlex.quote(paths[0])}) or undo their change in an editor"
            )
        else:
            text = (
                f"{names}: {'has' if len(paths) == 1 else 'have'} uncommitted changes that "
                "postedit did not make; nothing was committed: commit or stash them first "
                "(git commit / git stash), or revert them"
            )
        super().__init__(text)
        self.paths = tuple(paths)
        """The files holding someone else's changes."""


@dataclass(frozen=True, slots=True)
class Look:
    """What git said of a command's paths just before the command edited them
    (``EditSession.check_commit``), handed to its commit right after the edit
    (``EditSession.commit``), so that git is not asked the same again within one command."""

    paths: frozenset[str]
    """The paths looked at, repository-relative."""
    branch: str | None
    """The branch HEAD was on."""
    changed: Mapping[str, str]
    """git status of the paths then (``{relpath: "XY"}``; a file without changes is not
    listed)."""
    foreign: tuple[str, ...]
    """Those of the paths holding uncommitted changes postedit did not make."""


@dataclass
class EditResult:
    """What a toggle or a bulk edit did."""

    written: list[Posting] = field(default_factory=list)
    """The postings changed, as they are now on disk."""
    unchanged: list[Posting] = field(default_factory=list)
    """The postings that already had the values."""
    errors: list[PosteditError] = field(default_factory=list)
    """One error per posting that could not be edited (the others were)."""
    value: Any = None
    """The value a toggle gave."""


@dataclass
class Step:
    """One edit the user made (a toggle of N postings, a form save, a revert, a deletion, a
    creation, an $EDITOR edit adopted, a restore), as undo and redo see it."""

    files: dict[str, tuple[bytes | None, bytes | None]] = field(default_factory=dict)
    """``{relpath: (bytes before, bytes after)}`` (None: no file)."""
    label: str = ""
    """What it did, in words: ``Close 3 postings``, ``Revert "Alpha"`` (EditSession.label
    fills it when first asked)."""
    verb: str = ""
    """The label's verb when the change's own words would mislead (``Revert``)."""
    restored: str = ""
    """For a restore, the full hash of the commit whose version it wrote ("": no restore)."""
    foreign: set[str] = field(default_factory=set)
    """Files whose bytes before were someone else's uncommitted change (a revert of them):
    undoing gives them back as someone else's, never as postedit's own."""
    adopted: dict[str, Posting] = field(default_factory=dict)
    """Files whose change from the version the user opened (the value), someone else's
    change included, counts as postedit's own (``apply_over``): a redo counts it so again."""

    @property
    def paths(self) -> list[str]:
        """The files it changed."""
        return list(self.files)


_Versions = tuple[Posting | None, Posting, "CollectionSpec | None"]
"""A file's committed version (None: none), the file as on disk, and its collection."""


def _common(specs: Sequence[CollectionSpec | None]) -> CollectionSpec | None:
    """The collection of every posting a message speaks of, or None (several, or none)."""
    names = {s.name if s is not None else None for s in specs}
    return specs[0] if len(names) == 1 else None


class EditSession:
    """Edits to the postings of ``workspace``; commits in ``repo`` (None: not a repository)."""

    def __init__(self, workspace: Workspace, repo: GitRepo | None = None) -> None:
        self.workspace = workspace
        """Where the postings are read and written."""
        self.repo = repo
        """The git repository, or None (edits work, commits are refused)."""
        self.originals: dict[str, bytes | None] = {}
        """Each file's bytes before this session first wrote it (None: there was none), for
        a revert; dropped once committed."""
        self.written: dict[str, bytes | None] = {}
        """Each file's bytes as this session last wrote it (None: deleted), to tell a change
        made since by someone else (:meth:`others_changes`)."""
        self.notes = 0
        """How many times writes were recorded: what git said of the files holds only while
        it is the same as when git was asked (``forget_edits``)."""
        self.undo_steps: list[Step] = []
        """The edits undo_step takes back, oldest first (a commit drops its files)."""
        self.redo_steps: list[Step] = []
        """The edits undone, redo_step applies again (the last undone last); a new edit
        clears them."""
        # per thread: the TUI saves a form on its own thread while a worker may be toggling
        self._making = threading.local()  # .step: the step being made (see step());
        # .replaying: undo/redo write, not a new step
        self._changed: dict[str, str] | None = None
        self._changed_at = 0
        self._ledger: Ledger | None = None

    # -- git ------------------------------------------------------------------------------------

    @property
    def ledger(self) -> Ledger | None:
        """The ledger of postedit's writes (None without a repository with a work tree)."""
        if self._ledger is None and self.repo is not None and not self.repo.bare:
            from postedit.core.git.ledger import Ledger

            self._ledger = Ledger(self.repo)
        return self._ledger

    def look(self, paths: Sequence[str] | None = None) -> dict[str, str]:
        """What git says has uncommitted changes (``{relpath: "XY"}``), for ``paths`` or all;
        remembered so that a first write knows whether the file was clean before it."""
        if self.repo is None or self.repo.bare:
            return {}
        moment = time.time_ns()
        found = self.repo.status(None if paths is None else list(paths))
        if paths is None or self._changed is None:
            self._changed = dict(found)
        else:
            for rel in paths:
                self._changed.pop(rel, None)
            self._changed.update(found)
        self._changed_at = moment
        return found

    def _dirty(self, postings: Sequence[Posting]) -> set[str]:
        """Which of the postings' files hold uncommitted changes now (see :meth:`look`): from
        the last look, unless the file changed since then (then git is asked again)."""
        rels = [p.relpath for p in postings]
        stale = [
            p.relpath
            for p in postings
            if self._changed is None
            or (p.stamp is not None and max(p.stamp.mtime_ns, p.stamp.ctime_ns) >= self._changed_at)
        ]
        if stale:
            self.look(stale)
        changed = self._changed or {}
        return {rel for rel in rels if rel in changed}

    def _note(
        self,
        writes: Mapping[str, tuple[Posting, bytes | None]],
        dirty: set[str] | None = None,
    ) -> None:
        """Record writes about to be made (``{relpath: (posting as read, new bytes)}``) in the
        ledger, and each file's bytes before this session's first write of it. ``dirty``:
        which of them held uncommitted changes (asked of git when not given)."""
        self.notes += 1
        for rel, (posting, _new) in writes.items():
            self.originals.setdefault(rel, posting.contents)
        ledger = self.ledger
        if ledger is None:
            return

        def unclean(rels: list[str]) -> set[str]:
            if dirty is not None:
                return dirty
            return self._dirty([writes[rel][0] for rel in rels])

        try:
            ledger.note(
                {rel: (p.contents, new) for rel, (p, new) in writes.items()},
                unclean,
            )
        except OSError as exc:
            where = next(iter(writes)) if len(writes) == 1 else None
            raise PosteditError(
                f"not written: cannot record the edit in {ledger.path}: {exc.strerror or exc}",
                where,
            ) from None

    # -- writing --------------------------------------------------------------------------------

    def write(
        self, posting: Posting, data: bytes | None, *, adopting: Posting | None = None
    ) -> Posting:
        """Write ``data`` as the new content of ``posting`` (None: delete it) and return the
        posting as it is now. Nothing is written when the content is the same. ConflictError
        when the file changed on disk since it was read. ``adopting``: the version the user
        opened, HEAD's or postedit's own (``apply_over``): the whole change from it is
        recorded as postedit's."""
        if data is not None and data == posting.contents and adopting is None:
            return posting
        root = self.workspace.root
        check_unchanged(root, posting)
        if adopting is None:
            self._note({posting.relpath: (posting, data)})
        else:
            self._note({posting.relpath: (adopting, data)}, dirty=set())
        if data is None:
            updated = delete_posting(root, posting)
        else:
            # an edit of a filter's key may give it to another collection (Workspace.named)
            updated = self.workspace.named(write_posting(root, posting, data))
        self.workspace.postings[posting.relpath] = updated
        self._record(posting.relpath, posting.contents, data)
        return updated

    def delete(self, posting: Posting, force: bool = False) -> Posting:
        """Delete ``posting`` (a pending change: revert brings it back until it is
        committed). Refused (NotAllowedError, nothing deleted) in a collection whose schema
        says its CMS deletes nothing there (Decap's ``delete: false``), unless ``force``."""
        from postedit.core.cms import check_delete

        schema = self.workspace.schema
        check_delete(schema, schema.collection(posting.collection), force)
        return self.write(posting, None)

    def set_fields(
        self, posting: Posting, changes: Mapping[str, Any], unset: Sequence[str] = ()
    ) -> Posting:
        """Set/unset front-matter keys of ``posting`` (only their lines change). A field is
        written to the key the site reads it from (``Draft:`` on a Hugo site: field_key)."""
        return self.write(posting, self.patched(posting, changes, unset))

    def patched(
        self,
        posting: Posting,
        changes: Mapping[str, Any],
        unset: Sequence[str] = (),
        body: str | None = None,
    ) -> bytes:
        """The bytes ``set_fields`` (then ``set_body``, when ``body`` is given) would write
        to ``posting``, nothing written: what the form's "changed on disk" question shows
        before "Apply my changes" writes it. Each field goes to the key the site reads it
        from (``Draft:`` on a Hugo site: field_key)."""
        if posting.error is not None:
            raise posting.error
        spec = self.workspace.collection_of(posting.relpath, posting)
        if spec is not None and spec.site.ignore_case:
            fields = posting.fields
            changes = {field_key(fields, k, spec.site) or k: v for k, v in changes.items()}
            unset = [field_key(fields, k, spec.site) or k for k in unset]
        data = frontmatter.patch(posting.raw, changes, tuple(unset), path=posting.relpath)
        if body is not None:
            data = frontmatter.replace_body(data, body, posting.relpath)
        return data

    def set_body(self, posting: Posting, body: str) -> Posting:
        """Replace the body of ``posting`` (the front matter stays byte for byte)."""
        if posting.error is not None:
            raise posting.error
        return self.write(posting, frontmatter.replace_body(posting.raw, body, posting.relpath))

    def edit(
        self, postings: Sequence[Posting], changes: Mapping[str, Any], unset: Sequence[str] = ()
    ) -> EditResult:
        """Set ``changes`` (and remove ``unset``) on each posting; one failure never stops the
        others (each is reported in ``errors``). One step for undo."""
        with self.step():
            return self._edit(postings, changes, unset)

    def _edit(
        self, postings: Sequence[Posting], changes: Mapping[str, Any], unset: Sequence[str]
    ) -> EditResult:
        result = EditResult()
        for posting in postings:
            try:
                updated = self.set_fields(posting, changes, unset)
            except PosteditError as exc:
                result.errors.append(exc)
                continue
            except OSError as exc:
                result.errors.append(PosteditError(exc.strerror or str(exc), posting.relpath))
                continue
            (result.written if updated is not posting else result.unchanged).append(updated)
        return result

    def toggle(self, postings: Sequence[Posting], fieldname: str | None = None) -> EditResult:
        """Toggle the status (or ``fieldname``) of ``postings``: all get the same new value
        (see status.toggled_value). Unreadable postings are reported, not changed."""
        result = EditResult()
        readable = []
        for p in postings:
            if p.error is not None:
                result.errors.append(PosteditError("cannot be read", p.relpath))
            else:
                readable.append(p)
        if not readable:
            return result
        spec = self.workspace.collection_of(readable[0].relpath)
        name = fieldname or (status.status_field(spec, readable) if spec is not None else None)
        if name is None:
            raise PosteditError("this collection has no status field to toggle")
        fspec = spec.field(name) if spec is not None else None
        try:
            value = status.toggled_value(
                [site_field(p, name, spec) for p in readable],
                fspec,
                unpublishing(spec, name),  # a missing ``published`` is true for the site
            )
        except ValueError as exc:
            raise PosteditError(f"{name}: {exc}") from None
        done = self.edit(readable, {name: value})
        done.errors[:0] = result.errors
        done.value = value
        return done

    def adopt(self, before: Posting, after: Posting) -> None:
        """Count a change made outside postedit's own writes, in an editor postedit opened
        for the user (``$EDITOR``), as postedit's own edit: ``before`` as read, ``after``
        as the file is now."""
        if after.exists and after.contents == before.contents:
            return
        now = after.contents
        self._note({before.relpath: (before, now)})
        self.workspace.postings[after.relpath] = after
        self._record(before.relpath, before.contents, now)

    def takes_theirs(self, opened: Posting) -> bool:
        """Does the file ``opened`` was read from hold, since, someone else's uncommitted
        change that :meth:`apply_over` would make part of the user's edit (``opened`` was
        HEAD's version or postedit's own)? What the form's "changed on disk" question says
        ``c`` will then commit."""
        rel = opened.relpath
        return bool(self.foreign([rel])) and self._own_before(opened)

    def _own_before(self, opened: Posting) -> bool:
        """Did ``opened`` hold no uncommitted change but postedit's: HEAD's version, or a
        version postedit wrote and has not committed?"""
        ledger = self.ledger
        if ledger is None or self.repo is None:
            return False
        from postedit.core.git import history
        from postedit.core.git.ledger import digest

        rel = opened.relpath
        entry = ledger.entries().get(rel)
        if entry is not None and entry.clean and digest(opened.contents) in entry.written:
            return True
        return history.head_contents(self.repo, [rel])[rel] == opened.contents

    def theirs_over(self, relpaths: Sequence[str]) -> dict[str, tuple[bytes, bytes]]:
        """Of ``relpaths``, those holding someone else's uncommitted change on top of this
        session's last write, which :meth:`take_on` can make part of the user's edit (the
        rule of :meth:`takes_theirs`: that write was of a clean file): ``{relpath: (bytes
        postedit last wrote, bytes now)}``, what the commit dialog's question shows. A file
        this session did not write (an earlier run's edit: the ledger keeps no bytes) is left
        out: its change cannot be shown apart."""
        out = {}
        for rel in self.foreign(relpaths):
            written = self.written.get(rel)
            now = self.workspace.read(rel)
            if written is None or now.contents is None or now.contents == written:
                continue
            if self._own_before(parse_posting(rel, now.collection, written)):
                out[rel] = (written, now.contents)
        return out

    def take_on(self, relpath: str, seen: bytes) -> None:
        """Count ``relpath`` as it is on disk, postedit's last write and someone else's change
        over it (:meth:`theirs_over`), as postedit's own edit, as :meth:`apply_over` counts
        the file it writes: ``c`` commits both. ``seen``: the bytes whose change the user was
        shown; the file holding anything else now, ConflictError, nothing counted (their
        change would go unseen into the commit). Not a step for undo: undoing it would write
        postedit's version over their change."""
        rel = relpath
        now = self.workspace.read(rel)
        written = self.written.get(rel)
        if now.contents != seen or written is None:
            raise ConflictError(
                "changed again on disk since its change was shown: nothing was committed "
                "(c shows it again)",
                rel,
            )
        opened = parse_posting(rel, now.collection, written)
        if not self._own_before(opened):
            raise ForeignChangesError([rel], self.mixed([rel]))
        self._note({rel: (opened, seen)}, dirty=set())
        self.workspace.postings[rel] = now
        self.written[rel] = seen

    def apply_over(
        self,
        opened: Posting,
        fresh: Posting,
        changes: Mapping[str, Any],
        unset: Sequence[str] = (),
        body: str | None = None,
    ) -> Posting:
        """Write the edits the user made to ``opened`` over ``fresh``, the version someone
        else wrote since (the form's "Apply my changes", once it has shown their change).

        When ``fresh`` holds their uncommitted change (:meth:`takes_theirs`), the file as
        written counts as postedit's own edit from ``opened`` on, their change with the
        user's, as an $EDITOR edit is (:meth:`adopt`): ``c`` commits it, the commit dialog
        showing the whole diff. Counted theirs, it could never be committed from postedit
        (``git stash`` would take the user's edit too). One step for undo, which gives
        ``fresh`` back as it was: theirs again."""
        data = self.patched(fresh, changes, unset, body)
        rel = fresh.relpath
        if not self.takes_theirs(opened):
            with self.step():
                return self.write(fresh, data)
        with self.step() as step:
            updated = self.write(fresh, data, adopting=opened)
            step.foreign.add(rel)
            step.adopted[rel] = opened
        return updated

    def create(
        self,
        spec: CollectionSpec,
        fields: Mapping[str, Any],
        body: str,
        now: dt.datetime | dt.date,
        force: bool = False,
    ) -> list[Posting]:
        """Create a new posting in ``spec``'s folder, its name made from the collection's slug
        template: one file per locale in a collection with translations, the default
        locale's first. Refused (NotAllowedError, nothing written) in a collection whose
        schema says its CMS creates nothing there (Decap without ``create: true``), unless
        ``force``."""
        from postedit.core.cms import check_create
        from postedit.core.newposting import create_postings

        check_create(self.workspace.schema, spec, force)

        def note(relpath: str, data: bytes) -> None:
            # a name just reserved (an empty file made with O_EXCL): nobody else's changes
            self._note({relpath: (Posting(relpath, spec.name), data)}, dirty=set())

        made = create_postings(self.workspace.root, spec, fields, body, now, note=note)
        # given another filter's value in the form (``type: news`` made in Blog), it is
        # that collection's, as an edit of the key makes it (Workspace.named); with the
        # values its folder gives it, as a read gives them (Workspace.with_inherited)
        ws = self.workspace
        made = [ws.with_inherited(ws.named(posting)) for posting in made]
        with self.step():
            for posting in made:
                self.workspace.postings[posting.relpath] = posting
                self._record(posting.relpath, None, posting.raw)
        return made

    def revert(self, relpath: str, from_head: bool = False) -> Posting:
        """Put ``relpath`` back as it was before this session wrote it (``from_head``: as the
        last commit has it). Refuses a file changed on disk since postedit read it."""
        current = self.workspace.postings.get(relpath) or self.workspace.read(relpath)
        theirs = False
        if from_head:
            if self.repo is None:
                raise GitError("not a git repository", relpath)
            from postedit.core.git import history

            original = history.head_contents(self.repo, [relpath])[relpath]
            theirs = bool(self.foreign([relpath]))
        elif relpath in self.originals:
            original = self.originals[relpath]
        else:
            raise PosteditError("postedit has not changed this file", relpath)
        with self.step(verb="Revert") as step:
            updated = self.write(current, original)
            if theirs:
                step.foreign.add(relpath)
        ledger = self.ledger
        if ledger is not None and not self.look([relpath]):
            ledger.forget([relpath])  # as in the last commit again: nothing of postedit's left
        self.originals.pop(relpath, None)
        return updated

    def restore(self, posting: Posting, rev: str, path_at: str | None = None) -> Posting:
        """Write the version of ``posting`` from commit ``rev`` as a new pending edit, one
        undoable step (``path_at``: its path in that commit when it was renamed since). When
        ``rev`` deleted the file, the version before it. Refused (PosteditError, nothing
        written) when the file holds uncommitted changes postedit did not make, or changed on
        disk since it was read (ConflictError)."""
        from postedit.core.git import history

        repo = self._repo()
        rel = posting.relpath
        sha = history.resolve_commit(repo, rev)
        if sha is None:
            raise GitError(f"{rev}: no such commit in this repository", rel)
        source = path_at or rel
        data = _file_at(repo, sha, source)
        if data is None and path_at is None:
            # renamed since: `restore NEW --at` a commit of the old name, which `postedit log`
            # lists (it follows renames); the TUI's history gives the commit's path itself
            moved = history.path_at(repo, rel, sha)
            if moved is not None and moved != rel:
                source = moved
                data = _file_at(repo, sha, source)
        if data is None:  # not in that commit: when the commit deleted it, the version before
            parent = history.resolve_commit(repo, f"{sha}^")
            data = None if parent is None else _file_at(repo, parent, source)
            if parent is None or data is None:
                raise GitError(f"does not exist in commit {sha[:7]}", rel)
            sha = parent
        check_unchanged(self.workspace.root, posting)
        if self.foreign([rel]):
            raise PosteditError(
                "has uncommitted changes that postedit did not make: not restored (commit or "
                "stash them first, or revert them)",
                rel,
            )
        with self.step(restored=sha):
            updated = self.write(posting, data)
        ledger = self.ledger
        if ledger is not None and updated is not posting:  # written: worded as a restore
            ledger.note_restored(rel, data, sha)
        return updated

    # -- undo and redo of edits -----------------------------------------------------------------

    @contextmanager
    def step(self, verb: str = "", restored: str = "") -> Iterator[Step]:
        """Count every write made inside as one step for undo (nested: part of the outer
        one). ``verb``/``restored``: see Step."""
        making = self._making
        outer: Step | None = getattr(making, "step", None)
        if outer is not None:
            yield outer
            return
        current = making.step = Step(verb=verb, restored=restored)
        try:
            yield current
        finally:
            making.step = None
            if current.files:
                self.undo_steps.append(current)
                self.redo_steps.clear()

    def _record(self, rel: str, before: bytes | None, after: bytes | None) -> None:
        """Count the write of ``rel`` (``before`` -> ``after``) in the step being made (its
        own step when none is)."""
        self.written[rel] = after
        step: Step | None = getattr(self._making, "step", None)
        if getattr(self._making, "replaying", False):
            return
        if step is None:
            with self.step():
                self._record(rel, before, after)
            return
        files = step.files
        first = files[rel][0] if rel in files else before
        if first == after:
            files.pop(rel, None)  # back as it was within the step
        else:
            files[rel] = (first, after)

    def label(self, step: Step) -> str:
        """The step in words, worked out when first asked (the command line never shows it:
        a bulk edit there does not pay for reading every posting twice more)."""
        if not step.label:
            step.label = self._describe(step)
        return step.label

    def _describe(self, step: Step) -> str:
        """The step in words: as a commit would say it (``Close 3 postings``, ``Restore
        "Alpha" (as of 1a2b3c4)``), or its verb (``Revert "Alpha"``). A title's control
        characters are shown escaped, as the list shows them (a commit drops them: not a
        message on screen)."""
        changes = []
        specs = []
        first = ""  # the first posting's title as the step found it (for a verb)
        for rel, (before, after) in step.files.items():
            spec = self.workspace.collection_of(rel)
            name = spec.name if spec is not None else ""
            old = parse_posting(rel, name, before) if before is not None else None
            new = parse_posting(rel, name, after) if after is not None else None
            now = new or parse_posting(rel, name, None)
            changes.append(messages.classify(old, now, spec, step.restored or None))
            specs.append(spec)
            if not first:
                first = messages.classify(
                    None, old or new or parse_posting(rel, name, None), spec
                ).title
        if step.verb:
            what = f'"{visible(first)}"' if len(changes) == 1 else f"{len(changes)} postings"
            label = f"{step.verb} {what}"
        else:
            label = messages.commit_message(changes, _common(specs), visible).split("\n")[0]
        return label

    def undo_step(self) -> Step:
        """Put back the files of the last step as they were before it (through the normal
        write path: atomic, recorded in the ledger). PosteditError when there is none;
        ConflictError, nothing written, when one of its files changed on disk since."""
        if not self.undo_steps:
            raise PosteditError("nothing to undo")
        step = self.undo_steps[-1]
        self._replay(step, back=True)
        self.redo_steps.append(self.undo_steps.pop())
        return step

    def redo_step(self) -> Step:
        """Apply again the step undone last (see undo_step)."""
        if not self.redo_steps:
            raise PosteditError("nothing to redo")
        step = self.redo_steps[-1]
        self._replay(step, back=False)
        self.undo_steps.append(self.redo_steps.pop())
        return step

    def _replay(self, step: Step, back: bool) -> None:
        """Write each file of ``step`` as it was before it (``back``) or after it; every
        file is checked first, so a refusal writes nothing."""
        verb = "undone" if back else "redone"
        targets: dict[str, tuple[Posting, bytes | None]] = {}
        for rel, (before, after) in step.files.items():
            expect, target = (after, before) if back else (before, after)
            current = self.workspace.read(rel)
            if current.contents != expect:
                raise ConflictError(
                    f"changed on disk since this edit ({self.label(step)}): not {verb}", rel
                )
            targets[rel] = (current, target)
        self._making.replaying = True
        try:
            for rel, (current, target) in targets.items():
                self.write(current, target, adopting=None if back else step.adopted.get(rel))
        finally:
            self._making.replaying = False
        ledger = self.ledger
        if ledger is None:
            return
        rels = list(targets)
        changed = self.look(rels)
        gone = [r for r in rels if r not in changed or (back and r in step.foreign)]
        if gone:  # as committed again, or someone else's change given back: not postedit's
            ledger.forget(gone)
            for rel in gone:  # as revert does: nothing of this session's left to take back
                self.originals.pop(rel, None)
        restores = self._restored_versions()
        for rel, (_current, target) in targets.items():
            if target is None or rel in gone:
                continue
            if (sha := restores.get((rel, target))) is not None:  # a restore's version back
                ledger.note_restored(rel, target, sha)

    def _restored_versions(self) -> dict[tuple[str, bytes], str]:
        """The versions this session's restores wrote (undone or not), with the commit each
        is the version of: an undo or a redo that writes one again writes that restore
        again (going back to HEAD on the way made the ledger forget it)."""
        out: dict[tuple[str, bytes], str] = {}
        for step in (*self.undo_steps, *reversed(self.redo_steps)):
            for rel, (_before, after) in step.files.items() if step.restored else ():
                if after is not None:
                    out[rel, after] = step.restored
        return out

    def _drop_steps(self, relpaths: Sequence[str]) -> None:
        """Committed files leave the steps (they are no longer pending edits)."""
        done = set(relpaths)
        for steps in (self.undo_steps, self.redo_steps):
            for step in steps:
                for rel in done & step.files.keys():
                    del step.files[rel]
            steps[:] = [s for s in steps if s.files]

    def forget_edits(self, relpaths: Iterable[str]) -> None:
        """``relpaths`` hold no edit of postedit's any more, though postedit did not commit
        them (committed with git itself, or checked out): as after a commit, nothing is left
        for a revert or an undo to take back (it would write the old value over the commit)."""
        done = list(relpaths)
        for rel in done:
            self.originals.pop(rel, None)
        self._drop_steps(done)

    def made_here(self, relpath: str, now: bytes | None) -> bool:
        """Does ``relpath``, holding ``now`` (None: no file), differ from what it held before
        this session first wrote it: a change of this session, which a revert takes back
        (else what is left to take back is an earlier session's, against HEAD)?"""
        return relpath in self.originals and self.originals[relpath] != now

    def others_changes(self, relpaths: Sequence[str]) -> list[str]:
        """Those of ``relpaths`` holding, on top of postedit's pending edit, changes postedit
        did not make, which a revert would throw away with it: a file this session wrote
        that no longer holds what it last wrote, else (an earlier session's edit, reverted
        to the last commit) one the ledger calls someone else's (:meth:`foreign`)."""
        rels = list(relpaths)
        found: set[str] = set()
        earlier = []
        for rel in rels:
            now = self.workspace.read(rel).contents
            if not self.made_here(rel, now):
                earlier.append(rel)
            elif rel in self.written and now != self.written[rel]:
                found.add(rel)
        found.update(self.foreign(earlier))
        return [r for r in rels if r in found]

    def revert_changes(self, relpaths: Sequence[str]) -> list[messages.Change]:
        """What a revert of each of ``relpaths`` would take back, in words (toggle, update,
        create, delete, restore: the file holds the version a restore wrote): against the
        version before this session's first write while it differs (``made_here``), else
        HEAD's. Files with nothing to take back are left out."""
        nows = {rel: self.workspace.read(rel) for rel in relpaths}
        raws = {rel: p.contents for rel, p in nows.items()}
        heads: dict[str, bytes | None] = {}
        rest = [r for r in relpaths if not self.made_here(r, raws[r])]
        if rest and self.repo is not None:
            from postedit.core.git import history

            heads = history.head_contents(self.repo, rest)
        restores = self._restores(list(nows.values()))  # a restore is taken back as one
        out = []
        for rel in relpaths:
            now = nows[rel]
            before = self.originals[rel] if self.made_here(rel, raws[rel]) else heads.get(rel)
            spec = self.workspace.collection_of(rel)
            if raws[rel] == before:
                continue
            old = parse_posting(rel, now.collection, before) if before is not None else None
            out.append(messages.classify(old, now, spec, restores.get(rel)))
        return out

    # -- committing -----------------------------------------------------------------------------

    def _repo(self) -> GitRepo:
        if self.repo is None:
            raise GitError(
                f"{self.workspace.root} is not inside a git repository: edits are saved to "
                "disk, but committing needs git (run git init there)"
            )
        return self.repo

    def pending(self) -> set[str]:
        """postedit's own uncommitted edits (from this session or an earlier one)."""
        ledger = self.ledger
        return ledger.pending() if ledger is not None else set()

    def can_commit(self, relpaths: Sequence[str] = ()) -> RepoState:
        """GitError saying why committing is refused now (no repository, bare, read-only, a
        merge under way, detached HEAD), or refused for ``relpaths`` (in a submodule, new
        and ignored), before anything is edited; else what committing depends on (the
        branch: ``commit_state``)."""
        from postedit.core.git import commit as git_commit

        repo = self._repo()
        state = git_commit.commit_state(repo)
        why = state.commit_refusal
        if why is None and relpaths:
            why = git_commit.paths_refusal(repo, repo.rels(relpaths))
        if why is not None:
            raise GitError(f"cannot commit: {why}")
        return state

    def check_commit(self, relpaths: Sequence[str]) -> Look:
        """What a command that edits ``relpaths`` and commits them at once checks before its
        edit: GitError when committing is refused (see :meth:`can_commit`), else the branch
        and what git status says of them, those holding someone else's changes named
        (``Look.foreign``: the command then edits nothing). The command hands it to
        :meth:`commit` right after its edit."""
        state = self.can_commit(relpaths)
        rels = self._repo().rels(relpaths)
        changed = self.look(rels)
        ledger = self.ledger
        foreign = ledger.sort(rels, changed)[1] if ledger is not None else []
        return Look(frozenset(rels), state.branch, changed, tuple(foreign))

    def back_at_head(self, relpaths: Sequence[str], forget: bool = True) -> list[str]:
        """Those of ``relpaths`` holding what HEAD has (an earlier run's edit set back): no
        pending edit of anyone's, so the ledger forgets them, as ``pending`` does.
        ``forget=False``: the ledger keeps them, so that undoing the write that set them
        back brings the earlier edit back as postedit's own (the TUI, right after a write)."""
        ledger = self.ledger
        if ledger is None or not relpaths:
            return []
        own, foreign = ledger.sort(relpaths, self.look(relpaths))
        same = [r for r in relpaths if r not in own and r not in foreign]
        if forget:
            ledger.forget(same)
        return same

    def foreign(self, relpaths: Sequence[str]) -> list[str]:
        """Those of ``relpaths`` with uncommitted changes postedit did not make."""
        ledger = self.ledger
        if ledger is None or not relpaths:
            return []
        return ledger.sort(relpaths, self.look(relpaths))[1]

    def mixed(self, relpaths: Sequence[str]) -> list[str]:
        """Those of ``relpaths`` (holding someone else's change) that hold a pending edit of
        postedit's too, which ``git stash`` would set aside with theirs."""
        ledger = self.ledger
        entries = ledger.entries() if ledger is not None else {}
        return [rel for rel in relpaths if rel in entries]

    def _heads(self, relpaths: Sequence[str]) -> Mapping[str, bytes | None]:
        """The committed version of each of ``relpaths`` (none without a repository)."""
        if self.repo is None or self.repo.bare:
            return {}
        from postedit.core.git import history

        return history.head_contents(self.repo, relpaths)

    def changes(self, relpaths: Sequence[str]) -> list[messages.Change]:
        """What a commit of ``relpaths`` does to each posting (HEAD against the disk), in
        words: opened, closed, updated, created, deleted, restored (the file holds the
        version a restore wrote). Paths back to HEAD are left out."""
        self._repo()  # GitError without a repository
        return self._changes(self._versions(relpaths))

    def new_errors(self, relpaths: Sequence[str]) -> ErrorAges:
        """The errors of ``relpaths`` as they are on disk, split by whether the pending edits
        made them: ``new`` (the committed version had no such error; a new file's are all
        new) and ``old`` (already in the last commit). A commit is held back only by ``new``
        ones (``ErrorAges.blocking``); a deleted file has none. Without a repository every
        error is new. Relations are checked against their collections' entries, as ``check``
        checks them."""
        return self._error_ages(self._versions(relpaths))

    def message(self, relpaths: Sequence[str]) -> str:
        """The default commit message for ``relpaths`` (the user may always edit it)."""
        return self._message(self.changes(relpaths))

    def review(self, relpaths: Sequence[str]) -> tuple[str, ErrorAges]:
        """What the commit dialog shows of ``relpaths`` besides the diff: the default message
        and the errors' ages, from one reading of each file and of its committed version."""
        versions = self._versions(relpaths)
        return self._message(self._changes(versions)), self._error_ages(versions)

    def _versions(self, relpaths: Sequence[str]) -> list[_Versions]:
        """Each of ``relpaths`` as on disk, as committed (None: not in HEAD, or no
        repository), and its collection."""
        heads = self._heads(relpaths)
        out = []
        for rel in relpaths:
            after = self.workspace.read(rel)
            head = heads.get(rel)
            before = parse_posting(rel, after.collection, head) if head is not None else None
            out.append((before, after, self.workspace.collection_of(rel)))
        return out

    def _changes(self, versions: Sequence[_Versions]) -> list[messages.Change]:
        restores = self._restores([after for _, after, _ in versions])
        return [
            messages.classify(before, after, spec, restores.get(after.relpath))
            for before, after, spec in versions
            if before is None or after.contents != before.contents
        ]

    def _restores(self, postings: Sequence[Posting]) -> dict[str, str]:
        """Those of ``postings`` that hold the version a restore wrote (from this session or
        an earlier one: the ledger keeps it), with the commit it is the version of."""
        ledger = self.ledger
        if ledger is None or not postings:
            return {}
        from postedit.core.git.ledger import digest

        restores = ledger.restores(p.relpath for p in postings)
        out = {}
        for posting in postings:
            kept = restores.get(posting.relpath)  # (digest of the version, commit)
            if kept is not None and digest(posting.contents) == kept[0]:
                out[posting.relpath] = kept[1]
        return out

    def _error_ages(self, versions: Sequence[_Versions]) -> ErrorAges:
        from postedit.core.schema_load import relation_context
        from postedit.core.validate import ErrorAges, error_ages

        context = relation_context(self.workspace.root, self.workspace.schema)
        found_new, found_old = {}, {}
        for before, after, spec in versions:
            new, old = error_ages(before, after, spec, context)
            if new:
                found_new[after.relpath] = new
            if old:
                found_old[after.relpath] = old
        return ErrorAges(found_new, found_old)

    def _message(self, changes: Sequence[messages.Change]) -> str:
        specs = [self.workspace.collection_of(c.relpath) for c in changes]
        return messages.commit_message(changes, _common(specs))

    def commit(
        self,
        relpaths: Sequence[str],
        message: str | None = None,
        look: Look | None = None,
        taking: Mapping[str, bytes] | None = None,
    ) -> CommitResult:
        """Commit postedit's own edits to ``relpaths`` (those with none are skipped) in one
        commit made by ``git commit``; the default message says what changed.

        ``look``: the command's :meth:`check_commit`, made just before its edit: git is not
        asked again for the branch, nor for git status when nothing but this session's own
        write touched the files since (:meth:`_since`). Without it (the terminal interface,
        which may commit long after its edit, while other programs work in the repository)
        both are asked of git now.

        ``taking``: ``{relpath: bytes}`` of files whose change by someone else the user saw
        and chose to commit with their edit (:meth:`take_on`, done first).

        Raises ForeignChangesError (nothing committed, nothing changed) when some of them
        hold uncommitted changes postedit did not make, NothingToCommitError when none has a
        change, and GitError/CommitRefusedError when git refuses (the edits stay on disk).
        """
        from postedit.core.git import commit as git_commit

        repo = self._repo()
        ledger = self.ledger
        if ledger is None:  # a bare repository
            raise GitError(f"cannot commit: {git_commit.refusal(repo)}")
        rels = repo.rels(relpaths)
        for rel, seen in (taking or {}).items():
            self.take_on(rel, seen)
        changed = self._since(rels, look) if look is not None else None
        if changed is None:
            changed = repo.status(rels)
        own, foreign = ledger.sort(rels, changed)
        if foreign:
            raise ForeignChangesError(foreign, self.mixed(foreign))
        paths = [r for r in rels if r in own]
        if not paths:
            why = git_commit.paths_refusal(repo, rels)  # git sees no change in a submodule
            if why is not None:
                raise GitError(f"cannot commit: {why}")
            same = "the file is" if len(rels) == 1 else "the files are"
            raise git_commit.NothingToCommitError(f"nothing changed ({same} as in the last commit)")
        if message is None:
            message = self.message(paths)
        new = [r for r in paths if changed.get(r) == "??"]
        branch = look.branch if look is not None else None
        result = git_commit.commit(repo, paths, message, untracked=new, changed=True, branch=branch)
        ledger.forget([*paths, *result.paths], commit=result.sha)
        for rel in paths:
            self.originals.pop(rel, None)
        self._drop_steps([*paths, *result.paths])
        self._changed = None
        return result

    def _since(self, rels: Sequence[str], look: Look) -> dict[str, str] | None:
        """git status of ``rels`` now, told by ``look`` when the only change to them since is
        this session's own write: each file was looked at and clean then (git status did not
        list it), this session wrote it since, and it holds the bytes written, which differ
        from those it held then. Such a file differs from HEAD in the work tree only:
        ``" M"`` (the ledger's check of the bytes follows, as after ``git status``). None
        when one of them is otherwise (changed before the look, new, deleted, written since
        by anyone else): then git is asked."""
        for rel in rels:
            before = self.originals.get(rel)  # the bytes before this session's first write
            written = self.workspace.postings.get(rel)  # as this session last wrote it
            if (
                rel not in look.paths
                or rel in look.changed
                or before is None
                or written is None
                or written.contents is None
            ):
                return None
            try:
                now = (self.workspace.root / rel).read_bytes()
            except OSError:
                return None
            if now != written.contents or now == before:
                return None
        return dict.fromkeys(rels, " M")

    def undo(self) -> CommitResult:
        """Take back postedit's last commit (not pushed): its changes become pending edits
        again, postedit's own (``pending``: the files that hold any; messages.undone says
        it)."""
        from postedit.core.git import history

        repo = self._repo()
        result = history.undo_last(repo, self.foreign)
        writes = self._undone_writes(repo, result.paths, "HEAD")  # HEAD: the commit before
        ledger = self.ledger
        if ledger is not None:
            ledger.note(writes, lambda _rels: ())
            ledger.undone(result.sha)  # a restore undone is still one
        for rel, (before, _now) in writes.items():
            self.originals.setdefault(rel, before)
        self._changed = None
        return replace(result, pending=tuple(sorted(writes)))

    def undo_preview(self) -> tuple[list[str], tuple[str, ...]] | None:
        """What ``undo`` would leave pending, asked before it: the last commit's files and
        those of them that would come back as pending edits (the same rule as ``undo``'s).
        None when there is no commit before it to compare with (``undo`` says why not)."""
        from postedit.core.git import history

        repo = self._repo()
        head = repo.head()
        if head is None or history.resolve_commit(repo, f"{head}~1") is None:
            return None
        paths = history.commit_paths(repo, head)
        return paths, tuple(sorted(self._undone_writes(repo, paths, f"{head}~1")))

    def _undone_writes(
        self, repo: GitRepo, paths: Sequence[str], parent: str
    ) -> dict[str, tuple[bytes | None, bytes | None]]:
        """Of a commit's ``paths``, those whose content on disk differs from ``parent``'s
        (the commit before it), with both: what undoing the commit leaves pending. A file
        that already holds the version before it (a restore took the change back) leaves
        nothing."""
        from postedit.core.git import history

        befores = history.head_contents(repo, paths, parent)
        writes: dict[str, tuple[bytes | None, bytes | None]] = {}
        for rel in paths:
            now = self.workspace.read(rel).contents
            if now != befores.get(rel):
                writes[rel] = (befores.get(rel), now)
        return writes


def _file_at(repo: GitRepo, sha: str, path: str) -> bytes | None:
    """``path`` as commit ``sha`` holds it, or None when it holds no such file."""
    from postedit.core.git import history

    try:
        return history.file_at(repo, sha, path)
    except GitError:
        return None
