"""The installed ``postedit`` in tmux at 80×24 with ``TERM=screen`` (16 colours): what the
terminal is actually told to draw (``capture-pane -e``), with and without ``NO_COLOR``."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from tests.tui.test_e2e_tmux import POSTEDIT, Tmux, tmux  # noqa: F401 - a fixture

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


Cell = tuple[str, "int | None", "int | None", bool]
"""A character, its foreground and background (SGR numbers, None for the terminal's
default), and whether it is in reverse video."""


def screen_cells(capture: str) -> list[list[Cell]]:
    """The lines of ``tmux capture-pane -p -e`` as cells (tmux carries the attributes over
    from one line to the next)."""
    fg: int | None = None
    bg: int | None = None
    reverse = False
    lines: list[list[Cell]] = []
    for line in capture.split("\n"):
        out: list[Cell] = []
        pos = 0
        for match in [*_SGR.finditer(line), None]:
            end = match.start() if match else len(line)
            out += [(ch, fg, bg, reverse) for ch in line[pos:end]]
            if match is None:
                break
            pos = match.end()
            params = [int(p or 0) for p in re.split("[;:]", match.group(1))]
            i = 0
            while i < len(params or [0]):
                p = (params or [0])[i]
                if p == 0:
                    fg, bg, reverse = None, None, False
                elif p == 7:
                    reverse = True
                elif p == 27:
                    reverse = False
                elif p == 39:
                    fg = None
                elif p == 49:
                    bg = None
                elif 30 <= p <= 37 or 90 <= p <= 97:
                    fg = p
                elif 40 <= p <= 47 or 100 <= p <= 107:
                    bg = p
                elif p in (38, 48):  # 38;5;N or 38;2;R;G;B: some colour other than these
                    skip = 2 if params[i + 1] == 5 else 4
                    value = 1000 + hash(tuple(params[i + 1 : i + 1 + skip]))
                    fg, bg = (value, bg) if p == 38 else (fg, value)
                    i += skip
                i += 1
        lines.append(out)
    return lines


def _start(pane: Tmux, site: Path, **env: str) -> list[list[Cell]]:
    """postedit on ``site`` in an 80×24 tmux pane with ``TERM=screen``; the captured lines
    (with their attributes) once the list is in."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if k.startswith(("GIT_", "PYTHON")) or k in ("HOME", "PATH")
    }
    keep.update({"TERM": "screen", **env})
    command = (
        f"cd {shlex.quote(str(site))} && env -i "
        + " ".join(f"{k}={shlex.quote(v)}" for k, v in keep.items())
        + f" {shlex.quote(str(POSTEDIT))}"
    )
    pane.run("new-session", "-d", "-x", "80", "-y", "24", command)
    pane.wait_for("Bravo designer")
    captures = [""]

    def settled() -> bool:  # the same twice in a row: loading and git's state are drawn
        captures.append(pane.run("capture-pane", "-p", "-e", "-t", "0"))
        return captures[-1] == captures[-2]

    pane.wait_for(settled)
    return screen_cells(captures[-1])


def _row(lines: list[list[Cell]], text: str) -> list[Cell]:
    """The cells of the first line showing ``text``, blanks left out."""
    line = next(line for line in lines if text in "".join(c[0] for c in line))
    return [c for c in line if c[0].strip()]


def test_no_color_draws_default_colours_and_reverse_video(
    site: Path,
    tmux: Tmux,  # noqa: F811
) -> None:
    lines = _start(tmux, site, NO_COLOR="1")
    drawn = [cell for line in lines for cell in line if cell[0].strip()]
    coloured = {(ch, fg, bg) for ch, fg, bg, _ in drawn if fg is not None or bg is not None}
    assert not coloured, f"NO_COLOR, yet colours are drawn: {list(coloured)[:10]}"
    cursor = _row(lines, "Delta data")  # the first row, highlighted
    assert all(rev for _, _, _, rev in cursor), "the cursor row is not in reverse video"
    assert not any(rev for _, _, _, rev in _row(lines, "Bravo designer"))


def test_sixteen_colours_text_is_readable(site: Path, tmux: Tmux) -> None:  # noqa: F811
    lines = _start(tmux, site)
    for text in ("Delta data", "Bravo designer", "title"):
        same = [ch for ch, fg, bg, _ in _row(lines, text) if fg is not None and bg == fg + 10]
        assert not same, f"{text!r}: foreground and background are the same colour"
