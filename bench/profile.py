"""Profile a postedit command on a generated repository with pyinstrument; print its hot spots.

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/profile.py list --format json          # 10,000 postings
    .venv/bin/python bench/profile.py --size 1000 check
    .venv/bin/python bench/profile.py --tui all-rows               # the TUI, until all rows
    .venv/bin/python bench/profile.py --tui all-rows --spy         # every thread (py-spy)

The command runs in-process (``postedit.cli.main``; ``--repo`` is added), stdout goes to
/dev/null. ``--tui MOMENT`` runs the app in a pty under pyinstrument with
POSTEDIT_BENCH_EXIT=MOMENT. Prints the share of wall time of the top functions (own time, and
time including callees for postedit's own functions); the full tree goes to
``bench/.cache/profile-<name>.txt``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


def _walk(
    frame: Any, stack: tuple[str, ...], own: dict[str, float], incl: dict[str, float]
) -> None:
    name = f"{frame.file_path_short or '?'}:{frame.function}"
    if name not in stack:  # count recursion once
        incl[name] += frame.time
    for child in frame.children:
        if child.function == "[self]" or getattr(child, "is_synthetic_leaf", False):
            own[name] += child.time  # pyinstrument's synthetic 'self time' leaf
        else:
            _walk(child, (*stack, name), own, incl)
    if not frame.children:
        own[name] += frame.time


def report(session: Any, label: str, top: int = 15) -> str:
    """Own time and inclusive time per function, as shares of the whole run."""
    root = session.root_frame()
    total = root.time if root else 0.0
    own: dict[str, float] = defaultdict(float)
    incl: dict[str, float] = defaultdict(float)
    if root:
        _walk(root, (), own, incl)
    lines = [f"== {label}: {total:.3f} s wall (sampled) =="]
    lines.append("-- own time (function itself, not its callees)")
    for name, t in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{100 * t / total:5.1f}%  {t:7.3f} s  {name}")
    lines.append("-- including callees, postedit's functions")
    mine = [(n, t) for n, t in incl.items() if "postedit/" in n]
    for name, t in sorted(mine, key=lambda kv: -kv[1])[:top]:
        lines.append(f"{100 * t / total:5.1f}%  {t:7.3f} s  {name}")
    return "\n".join(lines)


def profile_command(argv: Sequence[str], root: Path) -> Any:
    """Run ``postedit ARGV --repo ROOT`` in-process under pyinstrument; return the session."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
        profiler.start()
        from postedit.cli import main as postedit_main

        postedit_main([*argv, "--repo", str(root)])
        profiler.stop()
    return profiler.last_session


def profile_tui(moment: str, root: Path) -> Any:
    """Run the TUI in a pty under pyinstrument until MOMENT; return the loaded session."""
    import run as bench_run
    from pyinstrument.session import Session

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "session.pyisession"
        cache = Path(tmp) / "cache"
        cache.mkdir()
        env = bench_run._env(cache, POSTEDIT_BENCH_EXIT=moment)
        argv = [
            sys.executable,
            "-m",
            "pyinstrument",
            "-i",
            "0.001",
            "-r",
            "pyisession",
            "-o",
            str(out),
            "-m",
            "postedit",
            str(root),
        ]
        bench_run.run_in_pty(argv, root, env, Path(tmp) / "marker")
        return Session.load(str(out))


def spy_tui(moment: str, root: Path, top: int) -> str:
    """The TUI under py-spy (every thread, including the loading worker) until MOMENT."""
    import re

    import run as bench_run

    spy = Path(sys.executable).parent / "py-spy"
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "stacks.txt"
        cache = Path(tmp) / "cache"
        cache.mkdir()
        env = bench_run._env(cache, POSTEDIT_BENCH_EXIT=moment)
        argv = [
            str(spy),
            "record",
            "-r",
            "250",
            "-f",
            "raw",
            "-o",
            str(raw),
            "--",
            sys.executable,
            "-m",
            "postedit",
            str(root),
        ]
        bench_run.run_in_pty(argv, root, env, Path(tmp) / "marker")
        lines = raw.read_text().splitlines()
    own: dict[str, int] = defaultdict(int)
    incl: dict[str, int] = defaultdict(int)
    threads: dict[str, int] = defaultdict(int)
    total = 0
    for line in lines:
        stack, _, n = line.rpartition(" ")
        count = int(n)
        total += count
        frames = [
            re.sub(
                r" \((?:.*/(?:site-packages|src|lib/python3[.0-9]*)/)?([^()]*):\d+\)$", r" \1", f
            )
            for f in stack.split(";")
        ]
        threads[frames[0]] += count
        own[frames[-1]] += count
        for f in set(frames):
            if "postedit/" in f:
                incl[f] += count
    out = [f"== TUI to {moment} under py-spy: {total} samples (all threads) =="]
    out.append("-- by thread (first frame)")
    out += [
        f"{100 * c / total:5.1f}%  {k}"
        for k, c in sorted(threads.items(), key=lambda kv: -kv[1])[:5]
    ]
    out.append("-- own time")
    out += [
        f"{100 * c / total:5.1f}%  {k}" for k, c in sorted(own.items(), key=lambda kv: -kv[1])[:top]
    ]
    out.append("-- including callees, postedit's functions")
    out += [
        f"{100 * c / total:5.1f}%  {k}"
        for k, c in sorted(incl.items(), key=lambda kv: -kv[1])[:top]
    ]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Profile one command and print its hot spots."""
    ap = argparse.ArgumentParser(description="profile postedit on a generated repository")
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--tui", metavar="MOMENT", help="profile the TUI until first-rows|all-rows")
    ap.add_argument(
        "--spy",
        action="store_true",
        help="with --tui: sample every thread with py-spy instead of pyinstrument",
    )
    ap.add_argument(
        "--warm",
        action="store_true",
        help="run the command once first, so the parsed-postings cache is filled",
    )
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("command", nargs=argparse.REMAINDER, help="postedit arguments")
    args = ap.parse_args(argv)
    gen = generate.cached_repo(args.size, log=lambda m: print(m, file=sys.stderr))
    # a cache folder of our own: cold by default, filled first with --warm
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="postedit-profile-")
    os.environ["POSTEDIT_CACHE_DIR"] = os.path.join(os.environ["XDG_CACHE_HOME"], "postedit")
    if args.warm and args.command:
        import subprocess

        subprocess.run(
            [str(Path(sys.executable).parent / "postedit"), *args.command, "--repo", str(gen.root)],
            stdout=subprocess.DEVNULL,
            check=False,
        )
    if args.tui and args.spy:
        try:
            print(spy_tui(args.tui, gen.root, args.top))
        finally:
            generate._git(gen.root, "reset", "-q", "--hard", gen.base)
        return 0
    try:
        if args.tui:
            session = profile_tui(args.tui, gen.root)
            label = f"TUI to {args.tui}, {args.size} postings"
        else:
            session = profile_command(args.command, gen.root)
            label = f"postedit {' '.join(args.command)}, {args.size} postings" + (
                ", warm cache" if args.warm else ", cold"
            )
    finally:
        generate._git(gen.root, "reset", "-q", "--hard", gen.base)
    from pyinstrument.renderers import ConsoleRenderer

    name = "-".join(args.command[:1] or [f"tui-{args.tui}"]) + f"-{args.size}"
    tree = HERE / ".cache" / f"profile-{name}.txt"
    tree.write_text(
        ConsoleRenderer(unicode=True, color=False, show_all=False, short_mode=False).render(session)
    )
    print(report(session, label, args.top))
    print(f"full tree: {tree}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
