"""Textual floor: a minimal Textual app from start to its first frame.

Run in a terminal (the benchmark gives it a pty). On Textual's ``Ready`` event, posted right
after the first frame is composited, it writes ``first-frame <time.time()>`` to the file named
by ``POSTEDIT_BENCH_FILE`` and exits.
"""

import os
import time

from textual.app import App, ComposeResult
from textual.widgets import Static


class FloorApp(App[None]):
    """One line of text: the least a Textual app shows."""

    def compose(self) -> ComposeResult:
        """A single static line."""
        yield Static("floor")

    def on_ready(self) -> None:
        """First frame is out: record the moment and leave."""
        path = os.environ.get("POSTEDIT_BENCH_FILE")
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"first-frame {time.time():.6f}\n")
        self.exit()


if __name__ == "__main__":
    FloorApp().run()
