"""Shared fixtures: hermetic git configuration, temporary repositories, the real corpus."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Each pytest worker rewrites the asserts of every test module it imports, and tests start
# `python -m postedit` processes: compiled once and kept in __pycache__ (Python's default),
# not again in every process, as PYTHONDONTWRITEBYTECODE (set in some environments) would
# have it: 7 s of CPU per worker to collect the suite, under 3 with the cache, a third less
# at each start of postedit.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# Property tests (tests/core/*property*, *nested*): a short run in `make test`, a long one in
# `make fuzz` (HYPOTHESIS_PROFILE=long).
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "beta-jobs"
DECAP_CONFIG = SHARED / "corpus" / "decap-config.yml"


@pytest.fixture(autouse=True)
def _hermetic_git(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test sees the same git configuration, whatever the machine's: an identity, main."""
    home = tmp_path_factory.getbasetemp() / "gitconfig"
    cfg = home / "config"
    if not cfg.exists():
        home.mkdir(parents=True, exist_ok=True)
        cfg.write_text(
            "[user]\n\tname = Test User\n\temail = test@example.org\n"
            "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
            "[core]\n\tquotePath = true\n"
        )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    for var in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EDITOR",
        "VISUAL",
    ):
        monkeypatch.delenv(var, raising=False)


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its stdout (raises on failure)."""
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``postedit ARGS`` run by its ``main`` in this process, its output as ``python -m
    postedit`` gives it to a pipe (text, universal newlines), for tests of what a command
    does. A new Python process costs a third of a second, most of some CLI tests; tests of
    the process itself (a terminal, a signal, the environment, an exit status that argparse
    or the interpreter sets) start one."""
    from postedit.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    here = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(stdout), redirect_stderr(stderr):
            try:
                status = main(list(args))
            except SystemExit as exc:  # argparse's usage errors, as the process exits
                status = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(here)

    def text(data: io.BytesIO) -> str:
        return io.TextIOWrapper(io.BytesIO(data.getvalue()), encoding="utf-8").read()

    return subprocess.CompletedProcess(["postedit", *args], status, text(out), text(err))


def git_call_log(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose ``git`` logs each call to a file, one line of its first six
    arguments (a message may span lines), as bench/run.py counts them: (env, log)."""
    real = shutil.which("git")
    assert real is not None
    wrap = tmp_path / "gitwrap"
    wrap.mkdir()
    log = tmp_path / "git-calls.log"
    script = wrap / "git"
    script.write_text(f'#!/bin/sh\necho "$1 $2 $3 $4 $5 $6" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{wrap}{os.pathsep}{os.environ['PATH']}"}, log


def git_commands(log: Path) -> list[str]:
    """The git commands logged by git_call_log's wrapper, in order (after ``-C DIR`` and
    ``-c KEY=VALUE``)."""
    out = []
    for call in log.read_text().splitlines() if log.exists() else []:
        words = call.split()
        while words[:1] in (["-C"], ["-c"]):
            words = words[2:]
        out.append(words[0])
    return out


def _built_once(
    factory: pytest.TempPathFactory, key: bytes, build: Callable[[Path], None], dest: Path
) -> Path:
    """``dest``: a copy of the repository ``build`` makes, made once per worker for ``key``.
    Each ``git`` call costs a process (0.03-0.1 s on a loaded machine, more than copying a
    small repository); the copy has the same bytes, modes and commits as a fresh build."""
    cached = factory.getbasetemp() / "built-repos" / hashlib.sha1(key).hexdigest()[:16]
    if not cached.exists():
        scratch = cached.with_name(cached.name + ".new")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        build(scratch)
        scratch.rename(cached)
    shutil.copytree(cached, dest, symlinks=True)
    return dest


@pytest.fixture
def make_repo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Factory: a git repository in tmp_path with ``files`` ({relpath: bytes|str}) committed
    (built once per worker for the same files, then copied)."""

    def _make(files: dict[str, bytes | str], name: str = "site", commit: bool = True) -> Path:
        data = {rel: c.encode() if isinstance(c, str) else c for rel, c in files.items()}

        def build(root: Path) -> None:
            git(root, "init", "-q")
            for rel, content in data.items():
                p = root / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(content)
            if commit and data:
                git(root, "add", "-A")
                git(root, "commit", "-q", "-m", "initial")

        key = repr((commit, sorted(data.items()))).encode()
        return _built_once(tmp_path_factory, key, build, tmp_path / name)

    return _make


@pytest.fixture
def corpus() -> Path:
    """The real postings in ../shared/corpus/beta-jobs (skipped when absent)."""
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (../shared is not laid out here)")
    return CORPUS


@pytest.fixture
def corpus_repo(corpus: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch git repository holding a copy of the real postings in content/_jobs (built
    once per worker, its objects packed: a copy of 543 loose objects costs what a build does)."""

    def build(root: Path) -> None:
        shutil.copytree(corpus, root / "content" / "_jobs")
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "import")
        git(root, "repack", "-a", "-d", "-q")

    return _built_once(tmp_path_factory, b"corpus", build, tmp_path / "beta")


@pytest.fixture
def decap_config() -> Path:
    """The real Decap CMS config (skipped when absent)."""
    if not DECAP_CONFIG.is_file():
        pytest.skip(f"real Decap config not found at {DECAP_CONFIG}")
    return DECAP_CONFIG


os.environ.setdefault("HYPOTHESIS_PROFILE", "ci")
