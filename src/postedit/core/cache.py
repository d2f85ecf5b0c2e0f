"""A cache of parsed postings on disk, so a second start on an unchanged repository parses nothing.

It holds a Store's memo (each posting's parsed parts keyed by its file's stat) and the schemas
inferred from the postings. An entry is used only while its file's stat is the same (see
store.Store.read), so a stale cache never shows stale data, and writes compare the file's
bytes anyway. The cache lives outside the repository, under ``$POSTEDIT_CACHE_DIR``, else
``$XDG_CACHE_HOME/postedit`` (``~/.cache/postedit``); ``POSTEDIT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import stat
import tempfile
from pathlib import Path

from postedit import __version__
from postedit.core import schema
from postedit.core.posting import Stamp
from postedit.core.store import Store

__all__ = ["cache_file", "load", "save"]


def _format(classes: list[type]) -> str:
    """The cache's format: a number raised by hand when what it stores changes meaning, and
    the fields of the classes it pickles (``classes``), so a class given a field makes every
    older cache unread rather than unpickled into objects without that field."""
    shape = ";".join(
        f"{c.__name__}({','.join(f.name for f in dataclasses.fields(c))})" for c in classes
    )
    digest = hashlib.sha1(shape.encode()).hexdigest()[:12]
    return f"postedit-cache-15-{__version__}-{digest}"


def _stored_classes() -> list[type]:
    """The classes the cache pickles: a posting's stamp, and those of the inferred schemas
    (every dataclass of core/schema.py)."""
    return [Stamp] + [
        c
        for c in vars(schema).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == schema.__name__
    ]


_FORMAT = _format(_stored_classes())


def cache_file(root: Path) -> Path | None:
    """Where the cache of the repository at ``root`` lives (None when disabled)."""
    if os.environ.get("POSTEDIT_NO_CACHE"):
        return None
    base = os.environ.get("POSTEDIT_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "postedit")
    digest = hashlib.sha1(str(Path(root).resolve()).encode("utf-8", "surrogateescape"))
    return Path(base) / f"{digest.hexdigest()[:16]}.pickle"


def _private(path: Path) -> bool:
    """True when only this user could have written the cache file and its folder.

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


def load(store: Store) -> int:
    """Fill ``store`` from the cache of its repository; returns the number of postings.

    A missing, unreadable or foreign cache is ignored (it is only an accelerator).
    """
    path = cache_file(store.root)
    if path is None or not _private(path):
        return 0
    try:
        with open(path, "rb") as fh:
            data = pickle.load(fh)  # our own file in the user's own cache folder (_private)
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
    if data.get("root") != str(store.root.resolve()):
        return 0
    entries, inferred = data.get("entries"), data.get("inferred")
    if not isinstance(entries, dict) or not isinstance(inferred, dict):
        return 0
    store.add_entries(entries)
    for key, inferred_schema in inferred.items():
        store.inferred.setdefault(key, inferred_schema)
    return len(entries)


def save(store: Store) -> bool:
    """Write the store's memo to the cache when it changed since it was read; True if written."""
    path = cache_file(store.root)
    if path is None or not store.dirty:
        return False
    data = {
        "format": _FORMAT,
        "root": str(store.root.resolve()),
        "entries": store.entries(),
        "inferred": dict(store.inferred),
    }
    tmp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private_folder(path.parent):
            return False
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, ValueError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False
    store.saved()
    return True


def _private_folder(folder: Path) -> bool:
    """The cache folder is this user's own and nobody else can write in it."""
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return mine and not st.st_mode & 0o022 and stat.S_ISDIR(st.st_mode)
