"""The ledger of postedit's own writes: tells postedit's pending edits from anyone else's.

A commit must hold only what the user edited with postedit. The ledger, a file in this work
tree's git dir (``postedit/ledger.json``), records for each file postedit wrote and has not
committed: a digest of the bytes the file held before postedit's first write, whether the
file was clean then (no uncommitted change of anyone's), and a digest of each version
postedit wrote since (None: it deleted the file). A file holding any of those versions holds
only postedit's changes. A version a restore wrote is noted with the commit it came from, so
that a commit message says ``Restore "..." (as of 1a2b3c4)`` while the file holds it, from
whichever command or session commits it.

An entry is saved *before* the file is written, so a kill (or a full disk) between the two
leaves at worst a version that was never written, which matches no file: the file still holds
an earlier version of postedit's, or the one before its first write, and running the same
command again completes the job. A file changed on disk after postedit wrote it holds none of
the versions: it counts as someone else's.
A lost or corrupt ledger only makes postedit more careful (its own edits then look foreign).
File names are kept as git gives them, bytes that are not UTF-8 included (JSON escapes them).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from postedit.core.git.runner import GitRepo

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["LEDGER", "Entry", "Ledger", "digest"]

LEDGER = "postedit/ledger.json"
"""Where the ledger lives, under this work tree's git dir."""


def digest(data: bytes | None) -> str | None:
    """What the ledger keeps of a file's bytes (None: no file)."""
    return None if data is None else hashlib.sha1(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """One file postedit wrote and has not committed."""

    before: str | None
    """Digest of the bytes before postedit's first write (None: there was no file)."""
    clean: bool
    """The file held no uncommitted change before postedit's first write."""
    written: tuple[str | None, ...]
    """Digest of each version postedit wrote since, oldest first (None: it deleted the file)."""
    restored: tuple[str, str] | None = None
    """The last version a restore wrote: (its digest, the full hash of the commit it is the
    version of); None when no restore wrote this file."""


Restores = dict[str, tuple[str, str]]
"""The restores of a commit's files: ``{relpath: (digest of the version, commit hash)}``."""

KEPT_COMMITS = 20
"""The last commits whose restores the ledger keeps, for ``undo`` (which takes back the last
commit, then the one before...)."""


def _restored(item: object) -> tuple[str, str] | None:
    """An entry's restore as the file keeps it (``[digest, hash]``), or None."""
    if isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item):
        return item[0], item[1]
    return None


class Ledger:
    """The ledger of one work tree (see the module's docstring)."""

    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self.path = repo.git_dir / LEDGER
        """The ledger file."""

    # -- the file -------------------------------------------------------------------------------

    def entries(self) -> dict[str, Entry]:
        """Every entry, by repository-relative path ({} when the file is missing or corrupt)."""
        return self._read()[0]

    def _read(self) -> tuple[dict[str, Entry], dict[str, Restores]]:
        """The entries, and the restores of the last commits (``committed``): {} for each
        when the file is missing or corrupt."""
        try:
            data = json.loads(self.path.read_text(encoding="ascii"))
            restores = data.get("restored")
            if not isinstance(restores, dict):  # none (an earlier postedit's), or damaged
                restores = {}
            entries = {
                rel: Entry(before, bool(clean), tuple(written), _restored(restores.get(rel)))
                for rel, (before, clean, written) in data["entries"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}, {}
        committed = data.get("committed")
        if not isinstance(committed, dict):
            return entries, {}
        return entries, {
            sha: kept
            for sha, files in committed.items()
            if isinstance(files, dict)
            and (kept := {rel: r for rel, item in files.items() if (r := _restored(item))})
        }

    def _save(self, entries: Mapping[str, Entry], committed: Mapping[str, Restores]) -> None:
        """Replace the file atomically (a temporary file, then a rename). Not synced to the
        disk: a ledger lost to a power cut only makes postedit more careful, and a toggle
        would wait for it. Restores are kept apart from the entries (``restored``, and
        ``committed`` for those committed), which an earlier postedit reads as before."""
        folder = self.path.parent
        data = {
            "version": 2,
            "entries": {
                rel: [e.before, e.clean, list(e.written)] for rel, e in sorted(entries.items())
            },
            "restored": {rel: list(e.restored) for rel, e in sorted(entries.items()) if e.restored},
            "committed": {
                sha: {rel: list(r) for rel, r in sorted(files.items())}
                for sha, files in committed.items()
            },
        }
        fd, tmp = tempfile.mkstemp(prefix=".ledger.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                json.dump(data, fh, indent=0)  # ensure_ascii: any file name round-trips
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, Entry]]:
        """The entries, to change in place and saved when the block ends, under a lock that
        keeps another postedit (the TUI and a command) from interleaving its own update."""
        with self._locked_all() as (entries, _committed):
            yield entries

    @contextlib.contextmanager
    def _locked_all(self) -> Iterator[tuple[dict[str, Entry], dict[str, Restores]]]:
        """The entries and the committed restores, as ``_locked`` gives the entries."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.parent / "ledger.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            entries, committed = self._read()
            before = dict(entries), dict(committed)
            yield entries, committed
            if (entries, committed) != before:
                self._save(entries, committed)
        finally:
            os.close(fd)

    # -- recording ------------------------------------------------------------------------------

    def note(
        self,
        writes: Mapping[str, tuple[bytes | None, bytes | None]],
        dirty: Callable[[list[str]], Iterable[str]],
    ) -> None:
        """Record writes about to be made: ``{relpath: (bytes now, bytes to write)}`` (None: no
        file). ``dirty(paths)``: those of the paths that hold uncommitted changes now (git
        status), asked only of files postedit has not written yet.

        A write over a version postedit wrote continues its entry (what the file held before
        the first write is kept); any other starts a new one.
        """
        if not writes:
            return
        with self._locked() as entries:
            first: list[str] = []
            for rel, (now, new) in writes.items():
                old = entries.get(rel)
                if old is not None and digest(now) in old.written:
                    written = (*old.written, digest(new))
                    entries[rel] = Entry(old.before, old.clean, written, old.restored)
                else:
                    first.append(rel)
            unclean = set(dirty(first)) if first else set()
            for rel in first:
                now, new = writes[rel]
                entries[rel] = Entry(digest(now), rel not in unclean, (digest(new),))

    def note_restored(self, rel: str, data: bytes, sha: str) -> None:
        """``rel``, which postedit just wrote (``note``), holds ``data``: commit ``sha``'s
        version, which a restore brought back."""
        with self._locked() as entries:
            old = entries.get(rel)
            if old is not None:
                entries[rel] = Entry(old.before, old.clean, old.written, (digest(data) or "", sha))

    def restores(self, rels: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The last restore of each of ``rels`` that had one: ``{relpath: (digest of the
        version it wrote, commit hash)}``; the file holds that version still when its digest
        is the same."""
        entries = self.entries()
        return {
            rel: restored
            for rel in rels
            if (entry := entries.get(rel)) is not None and (restored := entry.restored) is not None
        }

    def forget(self, rels: Iterable[str], commit: str = "") -> None:
        """Drop entries (committed, or reverted to HEAD). ``commit``: the commit that took
        them, with which their restores are kept for ``undone`` (those of the last
        ``KEPT_COMMITS`` commits that had any)."""
        rels = set(rels)
        if not rels or not self.path.exists():
            return
        with self._locked_all() as (entries, committed):
            kept = {}
            for rel in rels:
                entry = entries.pop(rel, None)
                if entry is not None and entry.restored is not None:
                    kept[rel] = entry.restored
            if commit and kept:
                committed.pop(commit, None)  # (the newest last)
                committed[commit] = kept
                for sha in list(committed)[:-KEPT_COMMITS]:
                    del committed[sha]

    def undone(self, commit: str) -> None:
        """Commit ``commit`` was taken back and its changes are pending again (``note``):
        the restores its files had when it was made (``forget``) are theirs again, so that
        committing a file that holds a restore's version again says ``Restore "..." (as of
        1a2b3c4)``, as the commit undone did (or would have: a restore edited since is
        worded as an update until the edit is set back, as before that commit)."""
        with self._locked_all() as (entries, committed):
            for rel, restored in committed.pop(commit, {}).items():
                entry = entries.get(rel)
                if entry is not None:
                    entries[rel] = Entry(entry.before, entry.clean, entry.written, restored)

    # -- checking -------------------------------------------------------------------------------

    def _on_disk(self, rel: str) -> str | None:
        try:
            return digest((self.repo.root / rel).read_bytes())
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:
            return "unreadable"

    def sort(
        self, rels: Sequence[str], changed: Mapping[str, str] | None = None
    ) -> tuple[set[str], list[str]]:
        """(postedit's own, someone else's): those of ``rels`` with an uncommitted change
        (git status), told apart by the ledger. One ``git status`` for all the paths.

        A change is postedit's own when the file holds a version postedit wrote, it was clean
        before postedit's first write, and nothing else of it is staged. ``changed``: what
        ``git status`` of these paths just said, when the caller asked it already.
        """
        if not rels:
            return set(), []
        return self._sort(rels, self.repo.status(rels) if changed is None else changed)

    def _sort(self, rels: Sequence[str], changed: Mapping[str, str]) -> tuple[set[str], list[str]]:
        entries = self.entries()
        own: set[str] = set()
        foreign: list[str] = []
        unseen: list[str] = []  # postedit's version on disk, yet git status sees no change
        for rel in rels:
            entry = entries.get(rel)
            disk = self._on_disk(rel) if entry is not None else None
            xy = changed.get(rel)
            if xy is None:
                if entry is not None and disk in entry.written and disk != entry.before:
                    unseen.append(rel)
                continue
            staged_other = xy[0] not in " ?" and xy[1] != " "
            if entry is not None and entry.clean and not staged_other and disk in entry.written:
                own.add(rel)
            else:
                foreign.append(rel)
        # git hides changes to files marked assume-unchanged or skip-worktree from its status:
        # they stay postedit's own, and `git commit` decides what becomes of them
        own.update(self.repo.hidden(unseen))
        return own, foreign

    def pending(self) -> set[str]:
        """Files whose uncommitted change is postedit's own; entries whose file is back to
        what git has (committed elsewhere, or reverted) are dropped."""
        entries = self.entries()
        if not entries:
            return set()
        rels = sorted(entries)
        changed = self.repo.status(rels)
        own, _ = self._sort(rels, changed)
        self.forget(rel for rel in rels if rel not in changed and rel not in own)
        return own
