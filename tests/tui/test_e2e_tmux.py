"""End to end: the installed ``postedit`` in tmux toggles a posting and commits it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import git
from tests.tui.helpers import JOBS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DELTA = f"{JOBS}/2022-01-20-delta.md"
POSTEDIT = Path(sys.executable).parent / "postedit"


class Tmux:
    """One private tmux server (``-L``) running one command."""

    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.name, "-f", "/dev/null", *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def screen(self) -> str:
        """The pane's text ("" once the session has ended)."""
        out = subprocess.run(
            ["tmux", "-L", self.name, "capture-pane", "-p", "-t", "0"],
            capture_output=True,
            text=True,
        )
        return out.stdout if out.returncode == 0 else ""

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "0", *keys)

    def poll(self, condition: Callable[[], bool], timeout: float) -> bool:
        """True as soon as ``condition`` holds, False after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.1)
        return False

    def wait_for(self, what: Callable[[], bool] | str, timeout: float = 60.0) -> str:
        """Poll until ``what`` (text on screen, or a predicate) holds; fail with the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if isinstance(what, str):
                screen = self.screen()
                if what in screen:
                    return screen
            elif what():
                return ""
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {what!r}; the screen shows:\n{self.screen()}")


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not POSTEDIT.exists():
        pytest.skip(f"postedit is not installed next to {sys.executable}")
    session = Tmux(f"postedit-test-{uuid.uuid4().hex[:8]}")
    try:
        yield session
    finally:
        subprocess.run(["tmux", "-L", session.name, "kill-server"], capture_output=True)


def postedit_in(site: Path, terminal: str = "") -> str:
    """The shell command tmux runs: postedit in ``site``, with this test's git and Python
    settings (tmux starts its commands with the server's environment, not the test's);
    ``terminal``: more ``env`` arguments first (``-u COLUMNS TERM=screen``)."""
    env = " ".join(
        f"{k}={shlex.quote(v)}"
        for k, v in os.environ.items()
        if k.startswith(("GIT_", "PYTHON")) or k in ("HOME", "PATH")
    )
    settings = f"{terminal} {env}" if terminal else env
    return f"cd {shlex.quote(str(site))} && env {settings} {shlex.quote(str(POSTEDIT))}"


def test_toggle_and_commit_in_tmux(site: Path, tmux: Tmux, tmp_path: Path) -> None:
    head = git(site, "rev-parse", "HEAD").strip()
    command = postedit_in(site)

    tmux.run("new-session", "-d", "-x", "100", "-y", "30", command)
    tmux.wait_for("Delta data")
    tmux.wait_for("main (no upstream)")  # git state read: the status bar shows the branch
    tmux.keys("t")  # the first row: the inferred schema sorts newest first, Delta
    tmux.wait_for(lambda: b"open: false" in (site / DELTA).read_bytes())
    tmux.wait_for("1 edit")
    tmux.keys("c")
    tmux.wait_for("Commit 1 file:")
    tmux.keys("C-s")
    tmux.wait_for(lambda: git(site, "rev-parse", "HEAD").strip() != head)
    tmux.wait_for("committed")
    tmux.keys("q")
    tmux.wait_for(
        lambda: (
            subprocess.run(["tmux", "-L", tmux.name, "has-session"], capture_output=True).returncode
            != 0
        )
    )
    assert git(site, "show", "--name-only", "--format=%s", "HEAD").splitlines() == [
        'Close "Delta data"',
        "",
        DELTA,
    ]
    assert git(site, "status", "--porcelain") == ""


def _running(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_a_lost_terminal_ends_postedit(site: Path, tmux: Tmux, tmp_path: Path) -> None:
    """The terminal goes away (tmux killed, an SSH connection dropped) and the hangup signal
    does not reach postedit: it leaves within seconds instead of spinning on end of file."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to watch the process")
    pidfile = tmp_path / "pid"
    inner = f"echo $$ > {shlex.quote(str(pidfile))}; exec {shlex.quote(str(POSTEDIT))} ."
    # nohup-like: SIGHUP ignored, as when a shell does not pass the hangup on
    command = f"cd {shlex.quote(str(site))} && trap '' HUP && sh -c {shlex.quote(inner)}"
    tmux.run("new-session", "-d", "-x", "100", "-y", "30", command)
    tmux.wait_for("Delta data")
    pid = int(pidfile.read_text())
    assert _running(pid)
    tmux.run("kill-server")
    assert tmux.poll(lambda: not _running(pid), timeout=20), "postedit still runs"


def test_at_80x24_the_titles_have_room_and_the_status_bar_is_whole(
    corpus_repo: Path, decap_config: Path, tmux: Tmux
) -> None:
    """The real job offers with their Decap config, in a plain 80x24 TERM=screen terminal:
    the title column is the wide one, and the status bar is not cut, a message and marks on."""
    (corpus_repo / "admin").mkdir()
    shutil.copy(decap_config, corpus_repo / "admin" / "config.yml")
    command = postedit_in(corpus_repo, "-u COLUMNS -u LINES TERM=screen")
    tmux.run("new-session", "-d", "-x", "80", "-y", "24", command)
    # loaded, validated (the counts worded short: the schema's warnings are counted too)
    assert "schema warnings: ? lists them" in tmux.wait_for(" E:")
    lines = tmux.screen().splitlines()
    header = next(line for line in lines if " title " in line)
    title = header.index("title")
    after = header[title + len("title") :]
    # the title column runs to the next header: at least 30 cells
    assert len(after) - len(after.lstrip()) + len("title") >= 30, header
    assert " file" not in header or header.index("file") - title > 30, header
    tmux.keys("t")
    tmux.wait_for("1 edit")
    tmux.keys("space", "space")
    status = tmux.wait_for("2 marked").splitlines()[-2]
    assert "1 edit" in status and "E:" in status, status
    assert len(status.rstrip()) <= 79 and not status.rstrip().endswith("…"), status
    tmux.keys("q")
    tmux.wait_for("Quit anyway?")
    tmux.keys("y")


def test_tab_typed_right_after_a_word_moves_on_before_the_next_word(
    make_repo: Callable[..., Path], tmux: Tmux
) -> None:
    """A title typed, tab, a date typed at once (a fast typist, a paste of ``a<tab>b``): the
    date went into the title (``Third2026-12-07 09:00``) when the title field completes from
    the other titles. Its completion runs on each key, and tab reached the screen's binding
    after the next keys had gone to the title field; tab is now bound before the fields."""
    config = (
        "backend: {name: git-gateway}\nmedia_folder: img\ncollections:\n"
        "  - {name: news, label: News, folder: posts, create: true, fields: [\n"
        "      {name: title, label: Title, widget: string},\n"
        "      {name: date, label: Date, widget: datetime, required: false}]}\n"
    )
    site = make_repo(
        {"admin/config.yml": config, "posts/n1.md": "---\ntitle: N1\ndate: 2026-01-01\n---\n"}
    )
    command = postedit_in(site)
    tmux.run("new-session", "-d", "-x", "80", "-y", "24", command)
    tmux.wait_for("N1")
    tmux.keys("n")
    tmux.wait_for("News: new")
    tmux.run("send-keys", "-t", "0", "-l", "Third")
    tmux.keys("Tab")
    tmux.run("send-keys", "-t", "0", "-l", "2026-12-07 09:00")
    screen = tmux.wait_for("2026-12-07 09:00")
    assert "Third2026" not in screen, screen
    lines = [line.strip() for line in screen.splitlines()]
    assert "Third" in lines and "2026-12-07 09:00" in lines, screen


def test_a_message_typed_at_once_after_tab_in_the_commit_dialog_is_kept(
    site: Path, tmux: Tmux
) -> None:
    """qa28: ``tab`` then a message in one read (a fast typist over SSH, tmux's send-keys):
    tab was the app's binding, reached once the key had passed the diff, which still had the
    focus when the letters were read: they went to the diff, and ctrl+s committed the message
    offered. The dialog binds tab before its widgets, as the form does."""
    head = git(site, "rev-parse", "HEAD").strip()
    tmux.run("new-session", "-d", "-x", "80", "-y", "24", postedit_in(site))
    tmux.wait_for("Delta data")
    tmux.wait_for("main (no upstream)")
    tmux.keys("t")
    tmux.wait_for("1 edit")
    tmux.keys("c")
    tmux.wait_for("Commit 1 file:")
    tmux.keys("Tab", "Filled by Alice")
    tmux.wait_for("Filled by Alice")
    tmux.keys("C-s")
    tmux.wait_for(lambda: git(site, "rev-parse", "HEAD").strip() != head)
    assert git(site, "log", "-1", "--format=%B").strip() == "Filled by Alice"
