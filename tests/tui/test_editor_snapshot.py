"""A snapshot of the editor on a demo-like posting (80x24, pinned theme)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .test_editor_host import DOC, RELPATH, EditorHost, make_workspace


@pytest.fixture
def hermetic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("NO_COLOR", "TEXTUAL_THEME", "COLORTERM"):
        monkeypatch.delenv(var, raising=False)


def test_editor_snapshot(make_repo: Any, snap_compare: Any, hermetic_env: None) -> None:
    root: Path = make_repo({RELPATH: DOC})
    ws = make_workspace(root)
    app = EditorHost(ws, ws.read(RELPATH))

    async def run_before(pilot: Any) -> None:
        editor = app.editor
        for widget in editor.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]  # no blink phase in the picture
        editor.editor_for("days").query_one("Input").value = "400"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert "400 is more than the maximum" in str(editor.query_one("#editor-summary").render())

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
