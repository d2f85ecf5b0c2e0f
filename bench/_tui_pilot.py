"""In-process TUI timings with Textual's Pilot: filter keystrokes and toggles.

Run as ``python bench/_tui_pilot.py REPO OUT.json EXPECTED_ROWS [KEYSTROKES]``. Writes
``{"filter_ms": [...], "toggle_ms": [...]}`` or ``{"na": "reason"}`` to OUT.json.

What it assumes of the TUI (see docs/performance.md, "TUI contract"):
- ``postedit.tui.app`` has a factory ``create_app(path)`` (or ``build_app`` / ``make_app``) or
  a ``PosteditApp`` class taking the workspace path;
- the list is the widget with id ``postings``: ``row_count``, ``current_key()`` (the
  highlighted row's key, a posting's relative path) and ``update_count`` (a counter bumped on
  every change of its rows);
- ``/`` focuses the filter, an ``Input`` (id ``filter`` preferred);
- the toggle action has the binding id ``toggle-status`` (key ``t`` otherwise).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
import time
from pathlib import Path
from typing import Any

QUERY = "développeur python"
"""Typed one character at a time, then erased: each change is one timed keystroke."""


def _make_app(root: Path) -> Any:
    from postedit.tui import app as app_mod

    for name in ("create_app", "build_app", "make_app"):
        factory = getattr(app_mod, name, None)
        if callable(factory):
            params = inspect.signature(factory).parameters
            if "workspace" in params or "ws" in params:
                from postedit.core.workspace import open_workspace

                return factory(open_workspace(root))
            return factory(root)
    cls = getattr(app_mod, "PosteditApp", None)
    if cls is None:
        raise LookupError("postedit.tui.app has no create_app/build_app/make_app/PosteditApp")
    from postedit.core.workspace import open_workspace

    return cls(open_workspace(root))


async def _wait_rows(app: Any, pilot: Any, expected: int, timeout: float = 300) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tables = list(app.screen.query("#postings"))
        if tables and tables[0].row_count >= expected:
            await pilot.pause()
            return tables[0]
        await asyncio.sleep(0.02)
    counts = [t.row_count for t in app.screen.query("#postings")]
    raise TimeoutError(f"table rows {counts} never reached {expected}")


async def _timed_filter(app: Any, table: Any, inp: Any, text: str) -> tuple[float, bool]:
    """Set the filter to ``text``; ms until the table was updated and the screen repainted.

    Spins the event loop (``sleep(0)``) until the table's ``update_count`` moves (every
    change of its rows bumps it), then runs the screen's pending repaint synchronously, as the
    next frame would. ``pilot.pause()`` is not used for timing: it sleeps in steps and
    compares CPU and wall time, which is coarse and load-dependent.
    """
    before = table.update_count
    t0 = time.perf_counter()
    inp.value = text
    seen = True
    while table.update_count == before:
        await asyncio.sleep(0)
        if time.perf_counter() - t0 > 5.0:
            seen = False
            break
    app.screen._on_timer_update()
    return (time.perf_counter() - t0) * 1000, seen


def _filter_input(app: Any) -> Any:
    from textual.widgets import Input

    inputs = list(app.screen.query(Input))
    for inp in inputs:
        if inp.id and "filter" in inp.id:
            return inp
    if app.focused in inputs:
        return app.focused
    return inputs[0] if inputs else None


async def _measure(root: Path, expected: int, keystrokes: int) -> dict[str, Any]:
    app = _make_app(root)
    result: dict[str, Any] = {"filter_ms": [], "toggle_ms": []}
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _wait_rows(app, pilot, expected)
        await app.workers.wait_for_complete()
        # filter: set the Input's value (what a keystroke does), wait until the app is idle
        await pilot.press("slash")
        await pilot.pause()
        inp = _filter_input(app)
        if inp is None:
            return {"na": "no filter Input after pressing /"}
        query = QUERY if not keystrokes else QUERY[:keystrokes]
        texts = [query[:i] for i in range(1, len(query) + 1)]
        texts += [query[:i] for i in range(len(query) - 1, -1, -1)]
        unseen = 0
        for text in texts:
            ms, seen = await _timed_filter(app, table, inp, text)
            result["filter_ms"].append(ms)
            unseen += not seen
            await pilot.pause()  # settle before the next keystroke
        if unseen:
            result["filter_note"] = f"{unseen}/{len(texts)} keystrokes did not update the table"
        await pilot.press("escape")
        await pilot.pause()
        # toggle: key on the current row, time until its file's bytes change on disk
        table.focus()
        await pilot.pause()
        for _ in range(3 if keystrokes else 5):
            key = table.current_key()
            if key is None:
                result["toggle_na"] = "no current row"
                break
            path = root / str(key)
            if not path.is_file():
                result["toggle_na"] = f"row key {key!r} is not a posting path"
                break
            before = path.read_bytes()
            t0 = time.perf_counter()
            app.simulate_key("t")
            while path.read_bytes() == before:
                if time.perf_counter() - t0 > 5:
                    result["toggle_na"] = "toggle did not write the file within 5 s"
                    break
                await asyncio.sleep(0.0005)
            else:
                result["toggle_ms"].append((time.perf_counter() - t0) * 1000)
            if "toggle_na" in result:
                break
            await app.workers.wait_for_complete()
            await pilot.press("down")
            await pilot.pause()
    return result


def main() -> int:
    """Measure and write the JSON result."""
    root, out, expected = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    keystrokes = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    try:
        result = asyncio.run(_measure(root, expected, keystrokes))
    except (ImportError, LookupError) as exc:
        result = {"na": f"TUI not available: {exc}"[:90]}
    except Exception as exc:
        result = {"na": f"{type(exc).__name__}: {exc}"[:90]}
    out.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
