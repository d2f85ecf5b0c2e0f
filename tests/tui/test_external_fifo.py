"""No editor is opened on a FIFO named like a posting (``e``, the form's ``ctrl+o``): one
would wait for a writer, postedit with it (80x24)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .helpers import make_app, screen_lines, settle
from .test_site_booleans import FILES


async def test_no_editor_is_opened_on_a_fifo(
    make_repo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``e`` on a FIFO named like a posting ran the editor, which waits for a writer (vi:
    for ever), then took the FIFO for a deleted file: its row left the list. The form
    offered ``ctrl+o`` for it too."""
    root: Path = make_repo(FILES)
    fifo = "_posts/2024-03-01-fifo.md"
    os.mkfifo(root / fifo)
    marker = tmp_path / "editor-ran"
    monkeypatch.setenv("VISUAL", f"touch {marker}")
    app = make_app(root, "load")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        while app.main.table.current_key() != fifo:
            await pilot.press("down")
        await pilot.press("e")
        await settle(app, pilot)
        assert not marker.exists()
        assert fifo in app.model.entries
        messages = [n.message for n in app._notifications]
        assert (
            f"{Path(fifo).name} is not a regular file (a pipe, socket or device?): "
            in (messages[-1])
        )
        await pilot.press("enter")
        await settle(app, pilot)
        assert "cannot be read as a form: no editor is opened on it." in "".join(screen_lines(app))
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert not marker.exists()
