"""A cache of parsed postings on disk, so a second start on an unchanged repository parses nothing.

Entries are keyed by each file's absolute path and (size, mtime_ns, inode, ctime_ns); an entry
is used only while that key still matches the file (see posting.read_posting), so a stale
cache never shows stale data, and writes always re-check the content hash anyway.
The cache lives outside the repository, under ``$XDG_CACHE_HOME/postedit`` (``~/.cache``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import pickle
import stat
from hashlib import sha1
from pathlib import Path

from postedit import __version__
from postedit.core import posting
from postedit.core.fsops import open_temp

__all__ = ["cache_file", "load", "save"]

_FORMAT = f"postedit-cache-10-{__version__}"

_SHARED = (dt.datetime, dt.date, dt.time, dt.timezone, dt.UTC, dt.timedelta)
"""Written (and memoised) before the entries, which the pickler then writes in its fast mode:
without a memo of its own it would spell out each date's class, and each UTC datetime's
time zone, again for every one (a third of the cache's pickling time at 10,000 postings)."""


def cache_file(root: Path) -> Path | None:
    """Where the cache of the repository at ``root`` lives (None when disabled)."""
    if os.environ.get("POSTEDIT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = sha1(str(Path(root).resolve()).encode()).hexdigest()[:16]
    return Path(base) / "postedit" / f"{digest}.pickle"


def _private(path: Path) -> bool:
    """True when only this user could have written the cache file (and its folder).

    Unpickling runs code chosen by whoever wrote the file: a cache in a folder others can
    write (a shared or misconfigured cache folder) is never loaded.
    """
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        for p in (path.parent, path):
            st = os.lstat(p)
            if uid is not None and st.st_uid != uid:
                return False
            if st.st_mode & 0o022 or stat.S_ISLNK(st.st_mode):
                return False
    except OSError:
        return False
    return True


def _private_folder(folder: Path) -> bool:
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return mine and not st.st_mode & 0o022 and stat.S_ISDIR(st.st_mode)


def load(root: Path) -> int:
    """Fill the posting memo from the cache of ``root``; returns the number of entries.

    A missing, unreadable or foreign cache is ignored (it is only an accelerator).
    """
    path = cache_file(root)
    if path is None or not _private(path):
        return 0
    try:
        with open(path, "rb") as fh:
            unpickler = pickle.Unpickler(fh)  # our own file in the user's own cache folder
            unpickler.load()  # the shared objects (_dumps), memoised for what follows
            data = unpickler.load()
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        IndexError,
    ):
        return 0
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return 0
    if data.get("root") != str(Path(root).resolve()):
        return 0
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return 0
    from postedit.core import infer

    posting.memo_update(entries)
    posting.memo_mark_saved()
    schemas = data.get("schemas")
    if isinstance(schemas, dict):
        infer.schema_memo_update(schemas)
    return len(entries)


def _dumps(data: object) -> bytes:
    """The shared objects, then ``data``: two pickles that ``load`` reads with one unpickler.

    ``data`` is written in the pickler's fast mode when it can: no memo of every object
    written (a third of the time at 10,000 postings); the shared objects, pickled first in
    the ordinary mode, are still found in the memo. The entries are trees of plain values:
    a value shared by two places is simply written twice, and a cycle (which fast mode
    refuses with ValueError) falls back to the ordinary mode.
    """
    for fast in (True, False):
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump(_SHARED)
        pickler.fast = fast  # the docs call it deprecated; 3.11-3.13 honour it
        try:
            pickler.dump(data)
        except ValueError:
            if not fast:
                raise
            continue
        break
    return buffer.getvalue()


def save(root: Path) -> bool:
    """Write the memo's entries under ``root`` to the cache when it changed since last saved."""
    from postedit.core import infer

    path = cache_file(root)
    if path is None or not (posting.memo_dirty() or infer.schema_memo_dirty()):
        return False
    where = str(Path(root).resolve())
    prefix = where + os.sep
    entries = {k: v for k, v in posting.memo_items().items() if k.startswith(prefix)}
    schemas = {k: v for k, v in infer.schema_memo_items().items() if k == where}
    data = {"format": _FORMAT, "root": where, "entries": entries, "schemas": schemas}
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private_folder(path.parent):
            return False
        blob = _dumps(data)
        fd, tmp = open_temp(path.parent, f".{path.name}.", ".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, ValueError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
        return False
    posting.memo_mark_saved()
    infer.schema_memo_saved()
    return True
