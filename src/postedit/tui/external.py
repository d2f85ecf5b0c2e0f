"""Open a posting in $VISUAL / $EDITOR with the app suspended.

The caller re-reads and revalidates the posting afterwards, whatever the outcome: an editor that
exits non-zero may still have written the file.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported

__all__ = ["editor_command", "not_editable", "open_in_editor"]


def editor_command(env: Mapping[str, str] | None = None) -> list[str]:
    """The editor to run: ``$VISUAL``, then ``$EDITOR`` (split like a shell would), else ``vi``."""
    env = os.environ if env is None else env
    for var in ("VISUAL", "EDITOR"):
        value = env.get(var, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                words = value.split()
            if words:
                return words
    return ["vi"]


def _run(command: list[str], quiet: bool) -> str | None:
    """Run the editor; an error message or None."""
    redirect = subprocess.DEVNULL if quiet else None
    try:
        result = subprocess.run(  # noqa: S603 - the user's own editor, list args, no shell
            command, stdin=redirect, stdout=redirect, stderr=redirect, check=False
        )
    except FileNotFoundError:
        return f"editor not found: {command[0]} (set $VISUAL or $EDITOR)"
    except OSError as exc:
        return f"cannot run {command[0]}: {exc.strerror or exc}"
    if result.returncode != 0:
        return f"{command[0]} exited with status {result.returncode}"
    return None


def not_editable(path: Path) -> str | None:
    """Why no editor is opened on ``path`` (a folder, a pipe, a device, a link that leads
    nowhere it can be read: an editor given a FIFO waits for a writer, and postedit with it),
    or None. A missing file may be opened: the editor makes it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{path.name}: {exc.strerror or exc}: no editor is opened on it"
    if stat.S_ISREG(mode):
        return None
    what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe, socket or device?)"
    return f"{path.name} is {what}: no editor is opened on it"


def open_in_editor(app: App[Any], path: Path) -> str | None:
    """Suspend ``app``, run the editor on ``path``, resume; an error message or None.

    Errors: the editor cannot be started, exits non-zero, or the file is gone afterwards.
    A headless app (tests) cannot suspend: the editor then runs without a terminal. Keys
    typed ahead of the editor and not read yet are dropped (they were typed for it).
    """
    path = Path(path)
    command = [*editor_command(), str(path)]
    # keys read after the one that asked for the editor, and waiting for it to act
    # (PosteditApp.keys_wait), were typed for the editor: read after it, they would act
    # on the list or the form (`e dd` asked to delete the posting)
    drop = getattr(app, "drop_waiting_keys", None)  # (None: an app without type-ahead)
    if drop is not None:
        drop()
    try:
        with app.suspend():
            error = _run(command, quiet=False)
    except SuspendNotSupported:
        if not app.is_headless:
            return "this terminal cannot hand over to an external editor"
        error = _run(command, quiet=True)
    if not path.exists():
        gone = f"{path.name} was deleted by the editor"
        return f"{error}; {gone}" if error else gone
    return error
