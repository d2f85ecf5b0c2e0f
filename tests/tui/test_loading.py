"""Loading: first rows show before every posting is read; progress is visible."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import postedit.tui.app as app_module
from tests.tui.helpers import JOBS, make_app, posting, settle


async def test_first_rows_show_before_everything_is_parsed(
    make_repo,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    files = {
        f"{JOBS}/2021-01-{i:02}-job.md": posting(f"Job {i}", True, f"2021-01-{i:02}")
        for i in range(1, 21)
    }
    root: Path = make_repo(files)
    gate = threading.Event()
    real = app_module.read_posting
    count = 0

    def slow_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        if count > 6:
            assert gate.wait(10), "the test never opened the gate"
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "read_posting", slow_read)
    app = make_app(root, batch=3)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if app.main.table.row_count >= 6:
                break
        assert app.main.table.row_count == 6
        assert not app.loaded
        assert "Loading postings... 6/20" in str(app.main.query_one("#banner").render())
        gate.set()
        await settle(app, pilot)
        assert app.loaded
        assert app.main.table.row_count == 20
        assert not app.main.query_one("#banner").display or "Loading" not in str(
            app.main.query_one("#banner").render()
        )
