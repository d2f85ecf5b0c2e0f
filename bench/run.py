"""postedit's benchmark: each figure beside a floor measured in the same run (``make bench``).

For every size (default 1,000 and 10,000 generated postings, see bench/generate.py) it runs
every measurement once per round, interleaved, for ``--runs`` rounds, and reports medians:

floors   parse    Python start + libyaml CSafeLoader parse of every front matter
         textual  a minimal Textual app from start to its first frame (in a pty, 80x24)
         git      Python importing PyYAML and GitPython, then ``git commit -- PATH`` of a
                  one-line change
postedit ``postedit list --format json``, ``postedit check``, the TUI to first rows and to all
         rows (cold, then warm: second start), a filter keystroke to the table updated (median
         and p95), a toggle written to disk, ``postedit set --commit``, peak RSS of the TUI;
         ``list``, ``check``, ``set --commit`` and the TUI's first rows again on a copy of the
         repository without its schema file (the schema inferred from the postings).
hostile  (first size only) ``list``, ``check`` and the TUI to all rows on one posting of
         80,000 keys, each against the same command on a normal posting of the same size.

It prints a table (figure, floor, value, ratio, target, PASS/MISS) and writes
``bench/results-<size>.json``. A measurement that cannot run yet prints ``n/a (reason)``.
See docs/performance.md for the targets and the TUI hook contract (POSTEDIT_BENCH_EXIT).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import platform
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PYTHON = sys.executable
BIN = Path(sys.executable).parent
POSTEDIT = str(BIN / "postedit")
TUI_TIMEOUT = 120.0
"""Seconds to wait for the TUI's marker before calling the figure n/a."""


class NotAvailable(Exception):
    """A measurement that cannot run (yet): the message says why."""


@dataclass
class Figure:
    """One row of the results table."""

    key: str
    label: str
    unit: str = "ms"
    samples: list[float] = field(default_factory=list)
    """One value per round (ms or MB)."""
    cpu_samples: list[float] = field(default_factory=list)
    """CPU ms of the child per round, for figures timed as a whole process."""
    cpu_ratio: float | None = None
    """Median CPU time over the floor's median CPU time."""
    round_ratio: float | None = None
    """The median, over the rounds, of each round's value over that round's floor (for
    information: PASS/MISS is decided on ``ratio``). Steadier where the machine's speed
    drifts between rounds."""
    value: float | None = None
    """The median of the samples (or the p95 for p95 figures)."""
    floor_key: str | None = None
    floor: float | None = None
    ratio: float | None = None
    target: str = ""
    limit: float | None = None
    """The value the figure must not exceed (computed from the floors)."""
    result: str = ""
    """PASS, MISS, or n/a (reason)."""
    na: str | None = None


def _median(xs: Sequence[float]) -> float:
    return float(statistics.median(xs))


def _p95(xs: Sequence[float]) -> float:
    s = sorted(xs)
    return float(s[min(len(s) - 1, max(0, round(0.95 * (len(s) - 1))))])


# --- how to run things -----------------------------------------------------------------------


def _env(cache_dir: Path | None = None, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "NO_COLOR",
            "TEXTUAL_THEME",
            "POSTEDIT_BENCH_EXIT",
            "POSTEDIT_BENCH_FILE",
            "TEXTUAL",
        )
    }
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Bench Bot",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="Bench Bot",
        GIT_COMMITTER_EMAIL="bench@example.org",
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
    )
    if cache_dir is not None:
        env["XDG_CACHE_HOME"] = str(cache_dir)
        env["POSTEDIT_CACHE_DIR"] = str(cache_dir / "postedit")
    env.update(extra)
    return env


@dataclass
class Timed:
    """Wall and CPU time of one child process."""

    ms: float
    cpu_ms: float
    """User + system CPU time of the child (less sensitive to a busy machine than wall)."""


def time_cmd(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Timed:
    """Wall and CPU time in ms of one command; NotAvailable when it fails."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), cwd=cwd, env=env or _env(), stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, rusage = os.wait4(proc.pid, 0)
        ms = (time.perf_counter() - t0) * 1000
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1) or (code == 1 and "check" not in argv):
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-1:] or ["?"]
            raise NotAvailable(f"exit {code}: {tail[0][:70]}")
    return Timed(ms, (rusage.ru_utime + rusage.ru_stime) * 1000)


@dataclass
class PtyRun:
    """What a program run in a pseudo-terminal until its marker reported."""

    ms: float
    """Wall time from spawn to the marker's timestamp."""
    maxrss_mb: float
    """Peak RSS of the child (``VmHWM`` polled while it runs; see _vm_hwm_mb)."""
    marker: str
    cpu_ms: float = 0.0
    """CPU time of the whole run (to exit, so a little more than to the marker)."""


def run_in_pty(
    argv: Sequence[str],
    cwd: Path,
    env: dict[str, str],
    marker_file: Path,
    timeout: float = TUI_TIMEOUT,
) -> PtyRun:
    """Run ``argv`` on an 80x24 pty until it exits; read the marker it wrote."""
    marker_file.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**env, "POSTEDIT_BENCH_FILE": str(marker_file)}
    t0 = time.time()
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    deadline = time.monotonic() + timeout
    status = rusage = None
    hwm = 0.0
    output = bytearray()
    try:
        while True:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(master, 65536)
                    if len(output) < 200_000:
                        output += chunk
                except OSError:
                    pass
            hwm = max(hwm, _vm_hwm_mb(proc.pid))
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, rusage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise NotAvailable(f"no marker within {timeout:.0f} s")
    finally:
        os.close(master)
    text = marker_file.read_text() if marker_file.exists() else ""
    if not text.strip():
        if proc.returncode == 0:
            raise NotAvailable("exited without writing the marker (no POSTEDIT_BENCH_EXIT hook?)")
        tail = _last_line(output)
        raise NotAvailable(
            f"exited {proc.returncode} without a marker" + (f": {tail}" if tail else "")
        )
    name, stamp, *_ = text.split()
    cpu = (rusage.ru_utime + rusage.ru_stime) * 1000 if rusage else 0.0
    rss = hwm or (rusage.ru_maxrss / 1024 if rusage else 0.0)
    return PtyRun((float(stamp) - t0) * 1000, rss, name, cpu)


def _vm_hwm_mb(pid: int) -> float:
    """The process's peak RSS so far (``VmHWM``), in MB; 0 when /proc cannot tell.

    Not ``ru_maxrss``: Linux carries the parent's peak across fork and exec into the child's
    ``ru_maxrss``, so a benchmark process that generated a 10,000-posting repository (200 MB)
    reported 200 MB for every child. ``VmHWM`` belongs to the child's own memory map.
    """
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _last_line(output: bytes) -> str:
    import re

    text = re.sub(rb"\x1b\[[0-9;?<>=]*[a-zA-Z]|\x1b[\]P_].*?(\x07|\x1b\\)|\x1b.", b"", output)
    lines = [ln.strip() for ln in text.decode(errors="replace").splitlines() if ln.strip()]
    return lines[-1][:70] if lines else ""


# --- the measurements ------------------------------------------------------------------------

_FLOOR_GIT = (
    "import subprocess, sys, yaml, git\n"
    "subprocess.run(['git', 'commit', '-q', '-m', 'bench: one-line change', '--', "
    "sys.argv[1]], check=True)\n"
)
"""The git commit floor's program (``m_floor_git``): importing GitPython runs ``git version``
twice, then the commit."""

TARGET_SIZE = 10_000
"""The targets are stated for this many postings (docs/performance.md). At other sizes a
figure's verdict is shown in lower case, in parentheses, for information: at 1,000 postings a
Textual start alone is twice the parse floor, so a target such as "second start < parse" can
only be met where the postings, not the start, take the time. The hostile figures compare
like with like at any size and keep their verdict."""

_HOSTILE = (("list", "list --format json"), ("check", "check"), ("tui", "TUI all rows"))
"""The figures taken on the 80,000-key posting (docs/security.md): key, label."""
_HOSTILE_ARGV = {"list": ["list", "--format", "json"], "check": ["check"]}


class Bench:
    """All measurements for one generated repository."""

    def __init__(
        self,
        gen: generate.Generated,
        runs: int,
        quick: bool,
        log: Callable[[str], None],
        hostile: bool = False,
    ):
        self.gen = gen
        self.root = gen.root
        self.runs = runs
        self.quick = quick
        self.log = log
        self.tmp = Path(tempfile.mkdtemp(prefix="postedit-bench-"))
        self.marker = self.tmp / "marker"
        self.figures: dict[str, Figure] = {}
        self.extra: dict[str, Any] = {}
        self._round = 0
        self.hostile = generate.hostile_pair(self.tmp / "hostile") if hostile else None
        self._inferred_root()  # made now: its files' fresh ctimes are old news by the rounds
        """(the 80,000-key repository, the same-size normal one), measured when given."""
        self._define()

    def _define(self) -> None:
        f = self.figures
        for fig in (
            Figure("floor_parse", "floor: python + libyaml parse"),
            Figure("floor_textual", "floor: textual first frame"),
            Figure("floor_git_commit", "floor: py+yaml+GitPython, git commit"),
            Figure("ref_python", "(ref: python -c pass)"),
            Figure(
                "list_json",
                "postedit list --format json",
                floor_key="floor_parse",
                target="<= 1.5x parse",
            ),
            Figure(
                "list_json_warm",
                "list --format json, 2nd run",
                floor_key="floor_parse",
                target="<= 1.5x parse",
            ),
            Figure("check", "postedit check", floor_key="floor_parse", target="<= 1.5x parse"),
            Figure(
                "check_warm",
                "postedit check, 2nd run",
                floor_key="floor_parse",
                target="<= 1.5x parse",
            ),
            Figure(
                "tui_first_rows",
                "TUI first rows shown",
                floor_key="floor_textual",
                target="<= 1.5x textual",
            ),
            Figure(
                "tui_all_rows",
                "TUI all rows loaded",
                floor_key="floor_textual+parse",
                target="<= textual + 1.5x parse",
            ),
            Figure(
                "tui_warm_all_rows",
                "TUI all rows, second start",
                floor_key="floor_parse",
                target="< parse",
            ),
            Figure("filter_median", "filter keystroke, median", target="<= 16 ms"),
            Figure("filter_p95", "filter keystroke, p95", target="<= 50 ms"),
            Figure("toggle_write", "toggle written to disk", target="<= 16 ms"),
            Figure(
                "set_commit",
                "postedit set --commit",
                floor_key="floor_git_commit",
                target="<= 1.5x floor",
            ),
            Figure(
                "set_commit_inferred",
                "set --commit, no schema file",
                floor_key="floor_git_commit",
                target="<= 1.5x floor",
            ),
            Figure(
                "list_json_inferred",
                "list --format json, no schema file",
                floor_key="floor_parse",
                target="<= 1.5x parse",
            ),
            Figure(
                "check_inferred",
                "check, no schema file",
                floor_key="floor_parse",
                target="<= 1.5x parse",
            ),
            Figure(
                "tui_first_rows_inferred",
                "TUI first rows, no schema file",
                floor_key="floor_textual",
                target="<= 1.5x textual",
            ),
            Figure(
                "tui_peak_rss",
                "TUI peak RSS, all indexed",
                unit="MB",
                floor_key="floor_textual_rss",
                target="<= 200 MB",
            ),
        ):
            f[fig.key] = fig
        if self.hostile is not None:
            for what, label in _HOSTILE:
                ref = f"ref_same_{what}"
                f[ref] = Figure(ref, f"(ref: {label}, same size)")
                f[f"hostile_{what}"] = Figure(
                    f"hostile_{what}",
                    f"{label}, 80,000 keys",
                    floor_key=ref,
                    target="<= 2x same-size posting",
                )
        self.textual_rss: list[float] = []

    # one round of everything, interleaved so noise hits every figure alike
    def round(self) -> None:
        """Run every measurement once."""
        self._round += 1
        steps: list[tuple[str, Callable[[], None]]] = [
            ("floor_parse", self.m_floor_parse),
            ("floor_textual", self.m_floor_textual),
            ("floor_git_commit", self.m_floor_git),
            ("ref_python", self.m_ref_python),
            ("list_json", self.m_list),
            ("check", self.m_check),
            ("tui_first_rows", self.m_tui_first_rows),
            ("tui_all_rows", self.m_tui_all_rows),
            ("filter_median", self.m_pilot),
            ("set_commit", self.m_set_commit),
            ("list_json_inferred", self.m_inferred),
        ]
        if self.hostile is not None:
            steps.append(("hostile_list", self.m_hostile))
        for key, step in steps:
            fig = self.figures[key]
            if fig.na:
                continue
            try:
                step()
            except NotAvailable as exc:
                self._na(key, str(exc))
            except Exception as exc:  # a bench bug or an app crash: report, go on
                self._na(key, f"{type(exc).__name__}: {exc}"[:90])
        self._reset()

    def _add(self, key: str, t: Timed | PtyRun) -> None:
        fig = self.figures[key]
        fig.samples.append(t.ms)
        if isinstance(t, Timed):  # a pty run's CPU counts its exit too: not comparable
            fig.cpu_samples.append(t.cpu_ms)

    def _na(self, key: str, reason: str) -> None:
        linked = {
            "tui_all_rows": ("tui_warm_all_rows", "tui_peak_rss"),
            "list_json": ("list_json_warm",),
            "check": ("check_warm",),
            "filter_median": ("filter_p95", "toggle_write"),
            "list_json_inferred": (
                "check_inferred",
                "set_commit_inferred",
                "tui_first_rows_inferred",
            ),
        }
        for k in (key, *linked.get(key, ())):
            if not self.figures[k].na and not self.figures[k].samples:
                self.figures[k].na = reason
        self.log(f"  n/a {key}: {reason}")

    def _reset(self) -> None:
        generate._git(self.root, "reset", "-q", "--hard", self.gen.base)
        generate._git(self.root, "clean", "-q", "-fdx", "-e", ".postedit*")

    def _cache_dir(self, name: str) -> Path:
        d = self.tmp / f"cache-{self._round}-{name}"
        if d.exists():
            shutil.rmtree(d)
        d.mkdir()
        return d

    def _posting(self, k: int) -> str:
        files = self.gen.files
        return files[(k * 7919 + self._round * 104729) % len(files)]

    # floors
    def m_floor_parse(self) -> None:
        self._add(
            "floor_parse",
            time_cmd(
                [PYTHON, str(HERE / "_floor_parse.py"), str(self.root / self.gen.folder)], self.root
            ),
        )

    def m_floor_textual(self) -> None:
        run = run_in_pty([PYTHON, str(HERE / "_floor_textual.py")], self.root, _env(), self.marker)
        self._add("floor_textual", run)
        self.textual_rss.append(run.maxrss_mb)

    def _edit_one_line(self, rel: str) -> None:
        path = self.root / rel
        data = path.read_bytes()
        if b"open: false" in data:
            data = data.replace(b"open: false", b"open: true", 1)
        else:
            data = data.replace(b"open: true", b"open: false", 1)
        path.write_bytes(data)

    def m_ref_python(self) -> None:
        """For scale: a bare interpreter start, the least any Python command costs."""
        self._add("ref_python", time_cmd([PYTHON, "-c", "pass"], self.root))

    def count_git_calls(self) -> None:
        """Untimed: how many git processes ``set --commit`` and the TUI start run."""
        real = shutil.which("git")
        if real is None:
            return
        wrap = self.tmp / "gitwrap"
        wrap.mkdir(exist_ok=True)
        log = self.tmp / "git-calls.log"
        script = wrap / "git"
        script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
        script.chmod(0o755)
        path = f"{wrap}{os.pathsep}{os.environ.get('PATH', '')}"
        calls: dict[str, Any] = {}

        def count(name: str, run: Callable[[dict[str, str]], None]) -> None:
            log.unlink(missing_ok=True)
            try:
                run(_env(self._cache_dir("git-" + name), PATH=path))
            except Exception as exc:  # n/a: the figure itself says why
                calls[name] = f"n/a ({str(exc)[:60]})"
                return
            lines = log.read_text().splitlines() if log.exists() else []
            calls[name] = {"count": len(lines), "calls": [ln[:100] for ln in lines]}

        rel = self._posting(3)
        self._edit_one_line(rel)
        count(
            "floor_git_commit",
            lambda env: time_cmd([PYTHON, "-c", _FLOOR_GIT, rel], self.root, env),
        )
        self._reset()
        count(
            "set_commit",
            lambda env: time_cmd(
                self._set_commit_argv(rel, "bench: count git calls"),
                self.root,
                env,
            ),
        )
        self._reset()
        count(
            "tui_all_rows",
            lambda env: run_in_pty(
                [POSTEDIT, str(self.root)],
                self.root,
                {**env, "POSTEDIT_BENCH_EXIT": "all-rows"},
                self.marker,
            ),
        )
        self._reset()
        count(
            "list_json",
            lambda env: time_cmd(
                [POSTEDIT, "list", "--format", "json", "--repo", str(self.root)], self.root, env
            ),
        )
        self.extra["git_calls"] = calls

    def m_floor_git(self) -> None:
        """What a one-shot commit of one posting cannot go below: Python starting with the
        libraries postedit needs (PyYAML, GitPython), then ``git commit -- PATH``."""
        rel = self._posting(1)
        self._edit_one_line(rel)
        self._add("floor_git_commit", time_cmd([PYTHON, "-c", _FLOOR_GIT, rel], self.root))
        generate._git(self.root, "reset", "-q", "--hard", self.gen.base)

    # postedit commands
    def m_list(self) -> None:
        argv = [POSTEDIT, "list", "--format", "json", "--repo", str(self.root)]
        env = _env(self._cache_dir("list"))
        self._add("list_json", time_cmd(argv, self.root, env))
        self._add("list_json_warm", time_cmd(argv, self.root, env))

    def m_check(self) -> None:
        argv = [POSTEDIT, "check", "--repo", str(self.root)]
        env = _env(self._cache_dir("check"))
        self._add("check", time_cmd(argv, self.root, env))
        self._add("check_warm", time_cmd(argv, self.root, env))

    def _set_commit_argv(self, rel: str, message: str, root: Path | None = None) -> list[str]:
        """``postedit set --commit`` flipping ``open`` on ``rel``."""
        root = root or self.root
        value = "false" if b"open: true" in (root / rel).read_bytes() else "true"
        field = f"open={value}"
        return [POSTEDIT, "set", "--repo", str(root), "--field", field, "--commit", "-m", message, rel]  # fmt: skip

    def _set_commit(self, key: str, root: Path, base: str) -> None:
        """Time ``set --commit`` on one posting of ``root`` (checked to edit and commit it),
        then put the repository back at ``base``."""
        rel = self._posting(2)
        data = (root / rel).read_bytes()
        argv = self._set_commit_argv(rel, "bench: toggle one posting", root)
        timed = time_cmd(argv, root, _env(self._cache_dir(key)))
        after = (root / rel).read_bytes()
        if after == data or generate._git(root, "rev-parse", "HEAD").strip() == base:
            raise NotAvailable("set --commit did not edit and commit the posting")
        self._add(key, timed)
        generate._git(root, "reset", "-q", "--hard", base)

    def m_set_commit(self) -> None:
        self._set_commit("set_commit", self.root, self.gen.base)

    def _inferred_root(self) -> Path:
        """A copy of the repository without its schema file (the schema is then inferred
        from the postings), made once."""
        root = self.tmp / "inferred"
        if not root.exists():
            shutil.copytree(self.root, root, symlinks=True)
            generate._git(root, "rm", "-q", "-r", "admin")
            generate._git(root, "commit", "-q", "-m", "no schema file")
            self.extra["inferred_base"] = generate._git(root, "rev-parse", "HEAD").strip()
        return root

    def m_inferred(self) -> None:
        """``list``, ``check``, ``set --commit`` and the TUI's first rows on a repository
        without a schema file (cold caches)."""
        root = self._inferred_root()
        base = self.extra["inferred_base"]
        for key, argv in (
            ("list_json_inferred", ["list", "--format", "json"]),
            ("check_inferred", ["check"]),
        ):
            env = _env(self._cache_dir(key))
            self._add(key, time_cmd([POSTEDIT, *argv, "--repo", str(root)], root, env))
        self._set_commit("set_commit_inferred", root, base)
        env = _env(self._cache_dir("first-inferred"), POSTEDIT_BENCH_EXIT="first-rows")
        run = run_in_pty([POSTEDIT, str(root)], root, env, self.marker)
        if run.marker != "first-rows":
            raise NotAvailable(f"marker {run.marker!r}, expected 'first-rows'")
        self._add("tui_first_rows_inferred", run)

    # the TUI
    def _tui(self, moment: str, cache: Path) -> PtyRun:
        env = _env(cache, POSTEDIT_BENCH_EXIT=moment)
        run = run_in_pty([POSTEDIT, str(self.root)], self.root, env, self.marker)
        if run.marker != moment:
            raise NotAvailable(f"marker {run.marker!r}, expected {moment!r}")
        return run

    def m_tui_first_rows(self) -> None:
        run = self._tui("first-rows", self._cache_dir("first"))
        self._add("tui_first_rows", run)

    def m_tui_all_rows(self) -> None:
        cache = self._cache_dir("all")
        run = self._tui("all-rows", cache)
        self._add("tui_all_rows", run)
        self.figures["tui_peak_rss"].samples.append(run.maxrss_mb)
        try:
            warm = self._tui("all-rows", cache)
        except NotAvailable as exc:
            self._na("tui_warm_all_rows", str(exc))
        else:
            self._add("tui_warm_all_rows", warm)
            self.figures["tui_peak_rss"].samples[-1] = max(run.maxrss_mb, warm.maxrss_mb)
        # the most the TUI holds: every posting read, validated and its body indexed
        indexed = self._tui("indexed", self._cache_dir("indexed"))
        rss = self.figures["tui_peak_rss"].samples
        rss[-1] = max(rss[-1], indexed.maxrss_mb)

    def m_pilot(self) -> None:
        """Filter keystrokes and toggles, timed in-process with Textual's Pilot."""
        out = self.tmp / "pilot.json"
        out.unlink(missing_ok=True)
        keystrokes = 8 if self.quick else 0
        res = subprocess.run(
            [
                PYTHON,
                str(HERE / "_tui_pilot.py"),
                str(self.root),
                str(out),
                str(len(self.gen.files)),
                str(keystrokes),
            ],
            cwd=self.root,
            env=_env(self._cache_dir("pilot")),
            capture_output=True,
            timeout=600,
            check=False,
        )
        if not out.exists():
            tail = res.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
            raise NotAvailable(tail[0][:90])
        data = json.loads(out.read_text())
        if data.get("na"):
            raise NotAvailable(data["na"])
        self.figures["filter_median"].samples += data["filter_ms"]
        self.figures["filter_p95"].samples += data["filter_ms"]
        if data.get("toggle_na"):
            self._na("toggle_write", data["toggle_na"])
        else:
            self.figures["toggle_write"].samples += data["toggle_ms"]

    def m_hostile(self) -> None:
        """The 80,000-key posting and a normal one of its size, one command after the other:
        ``list --format json``, ``check``, the TUI to all rows (cold caches)."""
        assert self.hostile is not None
        for what, _label in _HOSTILE:
            for key, root in ((f"ref_same_{what}", self.hostile[1]), (f"hostile_{what}", self.hostile[0])):  # fmt: skip
                fig = self.figures[key]
                if fig.na:
                    continue
                cache = self._cache_dir(key)
                try:
                    if what == "tui":
                        env = _env(cache, POSTEDIT_BENCH_EXIT="all-rows")
                        run = run_in_pty([POSTEDIT, str(root)], root, env, self.marker)
                        fig.samples.append(run.ms)
                    else:
                        argv = [POSTEDIT, *_HOSTILE_ARGV[what], "--repo", str(root)]
                        self._add(key, time_cmd(argv, root, _env(cache)))
                except NotAvailable as exc:
                    self._na(key, str(exc))

    # results
    def finish(self) -> list[Figure]:
        """Medians, ratios against floors, PASS/MISS."""
        figs = self.figures
        for fig in figs.values():
            if fig.samples:
                fig.value = _p95(fig.samples) if fig.key == "filter_p95" else _median(fig.samples)
        parse = figs["floor_parse"].value
        textual = figs["floor_textual"].value
        gitc = figs["floor_git_commit"].value
        floors = {
            "floor_parse": parse,
            "floor_textual": textual,
            "floor_git_commit": gitc,
            "floor_textual+parse": (textual + parse) if textual and parse else None,
            "floor_textual_rss": _median(self.textual_rss) if self.textual_rss else None,
        }
        for what, _label in _HOSTILE:
            ref = figs.get(f"ref_same_{what}")
            if ref is not None:
                floors[ref.key] = ref.value

        def cpu(key: str) -> float | None:
            xs = figs[key].cpu_samples
            return _median(xs) if xs else None

        cpu_floors = {
            "floor_parse": cpu("floor_parse"),
            "floor_git_commit": cpu("floor_git_commit"),
        }
        limits: dict[str, float | None] = {
            "list_json": 1.5 * parse if parse else None,
            "list_json_warm": 1.5 * parse if parse else None,
            "check": 1.5 * parse if parse else None,
            "check_warm": 1.5 * parse if parse else None,
            "tui_first_rows": 1.5 * textual if textual else None,
            "tui_all_rows": textual + 1.5 * parse if textual and parse else None,
            "tui_warm_all_rows": parse,
            "filter_median": 16.0,
            "filter_p95": 50.0,
            "toggle_write": 16.0,
            "set_commit": 1.5 * gitc if gitc else None,
            "set_commit_inferred": 1.5 * gitc if gitc else None,
            "list_json_inferred": 1.5 * parse if parse else None,
            "check_inferred": 1.5 * parse if parse else None,
            "tui_first_rows_inferred": 1.5 * textual if textual else None,
            "tui_peak_rss": 200.0,
        }
        for what, _label in _HOSTILE:
            ref = floors.get(f"ref_same_{what}")
            limits[f"hostile_{what}"] = 2 * ref if ref else None
        floor_rounds: dict[str, list[float]] = {
            "floor_parse": figs["floor_parse"].samples,
            "floor_textual": figs["floor_textual"].samples,
            "floor_git_commit": figs["floor_git_commit"].samples,
            "floor_textual+parse": [
                t + p
                for t, p in zip(
                    figs["floor_textual"].samples, figs["floor_parse"].samples, strict=False
                )
            ],
        }
        for fig in figs.values():
            if fig.floor_key:
                fig.floor = floors.get(fig.floor_key)
            if fig.value is not None and fig.floor:
                fig.ratio = fig.value / fig.floor
            per_round = floor_rounds.get(fig.floor_key or "", [])
            if fig.samples and len(per_round) == len(fig.samples) and all(per_round):
                pairs = zip(fig.samples, per_round, strict=True)
                fig.round_ratio = _median([v / f for v, f in pairs])
            cpu_floor = cpu_floors.get(fig.floor_key or "")
            if fig.cpu_samples and cpu_floor:
                fig.cpu_ratio = _median(fig.cpu_samples) / cpu_floor
            fig.limit = limits.get(fig.key)
            if fig.na:
                fig.result = f"n/a ({fig.na[:70]})"
            elif fig.value is None:
                fig.result = ""
            elif fig.limit is not None:
                ok = (
                    fig.value < fig.limit
                    if fig.key == "tui_warm_all_rows"
                    else (fig.value <= fig.limit)
                )
                fig.result = "PASS" if ok else "MISS"
                if self.gen.count != TARGET_SIZE and not fig.key.startswith("hostile_"):
                    fig.result = f"({fig.result.lower()})"
        shutil.rmtree(self.tmp, ignore_errors=True)
        return list(figs.values())


# --- output ----------------------------------------------------------------------------------


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "-"
    if unit == "MB":
        return f"{v:.0f} MB"
    return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"


def print_table(size: int, gen: generate.Generated, figs: list[Figure], runs: int) -> None:
    """The results as a plain table."""
    print(f"\n== {size} postings ({gen.commits} commits), median of {runs} runs ==")
    head = (
        f"{'figure':32} {'floor':>9} {'value':>9} {'ratio':>6} {'cpu':>6} {'rounds':>6}  "
        f"{'target':31} result"
    )
    print(head)
    print("-" * len(head))
    for f in figs:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        cpu = f"{f.cpu_ratio:.2f}x" if f.cpu_ratio is not None else ""
        by_round = f"{f.round_ratio:.2f}x" if f.round_ratio is not None else ""
        value = _fmt(f.value, f.unit) if not f.na else "n/a"
        floor = _fmt(f.floor, f.unit) if f.floor_key else ""
        target = f.target + (f" ({_fmt(f.limit, f.unit)})" if f.limit and "x" in f.target else "")
        print(
            f"{f.label:32} {floor:>9} {value:>9} {ratio:>6} {cpu:>6} {by_round:>6}  "
            f"{target:31} {f.result}"
        )


def _versions() -> dict[str, str]:
    def out(*argv: str) -> str:
        try:
            return subprocess.run(
                argv, capture_output=True, text=True, cwd=HERE, check=False
            ).stdout.strip()
        except OSError:
            return "?"

    import textual
    import yaml

    return {
        "python": platform.python_version(),
        "textual": textual.__version__,
        "pyyaml": yaml.__version__,
        "libyaml": str(getattr(yaml, "__with_libyaml__", False)),
        "git": out("git", "--version"),
        "postedit_commit": out("git", "rev-parse", "--short", "HEAD"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpus, {platform.system()}",
    }


def _compile_postedit(log: Callable[[str], None]) -> None:
    """Byte-compile postedit's modules, as installing it from a wheel does.

    The development install is editable: its modules are compiled when first imported and the
    ``.pyc`` written then, unless ``PYTHONDONTWRITEBYTECODE`` is set (it is on some machines,
    ours included), in which case every start compiles them again: 60-100 ms that a user's
    installed postedit never pays. ``compileall`` writes the files whatever that variable says.
    """
    import compileall

    import postedit

    src = Path(postedit.__file__).parent
    if not compileall.compile_dir(str(src), quiet=1):
        log(f"warning: could not byte-compile {src}: startup figures include compiling")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description="postedit benchmark (see docs/performance.md)")
    ap.add_argument("--sizes", default=None, help="comma-separated sizes (default 1000,10000)")
    ap.add_argument("--runs", type=int, default=None, help="rounds per size (default 5)")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="3 rounds, 1000 postings unless --sizes, fewer keystrokes",
    )
    ap.add_argument("--only", default="", help="comma-separated figure keys to run (debug)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("1000" if args.quick else "1000,10000")).split(",")]
    runs = args.runs or (3 if args.quick else 5)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    versions = _versions()
    log(f"postedit bench: sizes {sizes}, {runs} runs; {versions['machine']}")
    _compile_postedit(log)
    for size in sizes:
        gen = generate.cached_repo(size, log=log)
        bench = Bench(gen, runs, args.quick, log, hostile=size == sizes[0])
        if args.only:
            keep = set(args.only.split(","))
            for fig in bench.figures.values():
                if fig.key not in keep:
                    fig.na = "skipped (--only)"
        try:
            for r in range(runs):
                log(f"[{size}] round {r + 1}/{runs}")
                bench.round()
            if not args.only:
                bench.count_git_calls()
        finally:
            bench._reset()
        figs = bench.finish()
        print_table(size, gen, figs, runs)
        for name, info in bench.extra.get("git_calls", {}).items():
            n = info["count"] if isinstance(info, dict) else info
            print(f"git processes run by {name}: {n}")
        result = {
            "size": size,
            "commits": gen.commits,
            "runs": runs,
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "versions": versions,
            "figures": [asdict(f) for f in figs],
            **bench.extra,
        }
        out = HERE / f"results-{size}.json"
        out.write_text(json.dumps(result, indent=1) + "\n")
        log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
