"""Create a scratch git repository from ``content/`` and open postedit on it (``make demo``).

The repository gets a few commits of history so that history and diffs have something to
show; after the last commit its files are exactly those of ``content/``. The user's git
configuration is never modified: when no identity is configured, a demo identity is passed
to the demo commits only (``git -c user.name=... commit``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["CLOSED_LATER", "TYPO", "main", "make_demo"]

CONTENT = Path(__file__).resolve().parents[1] / "content"
"""The demo site copied into the scratch repository."""

CLOSED_LATER = ("_jobs/2022-09-12-data-scientist-archipel.md", "open: false", "open: true")
"""(file, line in content/, line in the first commits): commit 3 closes this offer."""

TYPO = (
    "_jobs/2023-02-14-designer-ux-guichet-vert.md",
    "Télétravail possible",
    "Télétravial possible",
)
"""(file, text in content/, misspelled text in the first commits): commit 4 fixes it."""

_DEMO_IDENTITY = ("postedit demo", "demo@postedit.invalid")


def _git(repo: Path, *args: str, config: Sequence[str] = ()) -> str:
    """Run git in ``repo`` (arguments, never a shell) and return its stdout."""
    result = subprocess.run(
        ["git", *config, *args], cwd=repo, check=True, capture_output=True, text=True
    )
    return result.stdout


def _identity_config(repo: Path) -> list[str]:
    """``-c`` options giving a demo identity, only when git has none configured."""
    config: list[str] = ["-c", "commit.gpgsign=false"]
    for key, fallback in zip(("user.name", "user.email"), _DEMO_IDENTITY, strict=True):
        found = subprocess.run(
            ["git", "config", "--get", key], cwd=repo, capture_output=True, text=True
        )
        if found.returncode != 0 or not found.stdout.strip():
            config += ["-c", f"{key}={fallback}"]
    return config


def _rewrite(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` once in ``path``, as bytes (keeps CRLF, final newline)."""
    data = path.read_bytes()
    old_b, new_b = old.encode(), new.encode()
    if old_b not in data:
        raise SystemExit(f"make_demo: {path.name}: expected text {old!r} not found")
    path.write_bytes(data.replace(old_b, new_b, 1))


def make_demo(content: Path = CONTENT, parent: Path | None = None) -> Path:
    """Build the demo repository in a new folder ``postedit-demo-XXXX`` and return its path."""
    root = Path(tempfile.mkdtemp(prefix="postedit-demo-", dir=parent))
    config = _identity_config(root)
    _git(root, "init", "-q")

    def commit(message: str, *paths: str) -> None:
        _git(root, "add", "--force", "--", *paths)  # a global gitignore must not drop files
        _git(root, "commit", "-q", "--no-verify", "-m", message, config=config)

    postings = sorted(
        p.relative_to(content).as_posix() for p in (content / "_jobs").iterdir() if p.is_file()
    )
    others = sorted(
        p.relative_to(content).as_posix()
        for p in content.rglob("*")
        if p.is_file() and p.relative_to(content).as_posix() not in postings
    )
    for rel in postings + others:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(content / rel, root / rel)
    closed_rel, closed_now, closed_before = CLOSED_LATER
    typo_rel, typo_fixed, typo_wrong = TYPO
    _rewrite(root / closed_rel, closed_now, closed_before)
    _rewrite(root / typo_rel, typo_fixed, typo_wrong)

    half = len(postings) // 2
    first = [closed_rel] + [p for p in postings if p != closed_rel][: half - 1]
    rest = [p for p in postings if p not in first]
    if typo_rel in first:  # keep the typo fix in a later commit than the posting itself
        first.remove(typo_rel)
        rest.append(typo_rel)
    commit("Publier les premières offres d'emploi", *others, *first)
    commit("Ajouter les offres du printemps", *rest)
    _rewrite(root / closed_rel, closed_before, closed_now)
    commit("Fermer l'offre data scientist d'Archipel", closed_rel)
    _rewrite(root / typo_rel, typo_wrong, typo_fixed)
    commit("Corriger une faute de frappe dans l'offre de Guichet Vert", typo_rel)
    return root


def _tui_available() -> bool:
    """True when the terminal interface has been built (``postedit.tui.app`` imports)."""
    try:
        import postedit.tui.app  # noqa: F401
    except Exception:
        return False
    return True


def _postedit_command() -> list[str]:
    """The ``postedit`` console script of this venv, else ``python -m postedit``."""
    script = Path(sys.executable).parent / "postedit"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "postedit"]


def main(argv: Sequence[str] | None = None) -> int:
    """Create the demo repository, print its path, then run postedit on it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--no-open", action="store_true", help="only create the repository and print its path"
    )
    args = parser.parse_args(argv)
    try:
        root = make_demo()
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None) or exc
        print(f"make_demo: error: {str(detail).strip()}", file=sys.stderr)
        return 1
    print(f"Demo repository: {root}", flush=True)
    if args.no_open:
        return 0
    command = _postedit_command()
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive and _tui_available():
        argv_out = [*command, str(root)]
    else:
        argv_out = [*command, "list", "--repo", str(root)]
    print("$ postedit " + " ".join(argv_out[len(command) :]), flush=True)
    os.execv(argv_out[0], argv_out)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
