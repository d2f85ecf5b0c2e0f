"""Save docs/screenshot.svg: the main screen on the demo postings, as Textual draws it.

    .venv/bin/python -m tests.tui.make_screenshot [SOURCE_REPO] [OUT.svg]

SOURCE_REPO (default: this checkout) must hold the demo collection (content/_jobs and
content/postedit.yml or a postedit.yml); its postings are copied into a scratch git
repository so the picture shows a clean branch, one toggled posting and the filter bar.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from postedit.core.workspace import open_workspace
from postedit.tui.app import create_app

ROOT = Path(__file__).resolve().parents[2]


def _scratch(source: Path, into: Path) -> Path:
    repo = into / "demo-site"
    shutil.copytree(source / "content", repo / "content")
    for name in ("postedit.yml",):
        if (source / name).exists():
            shutil.copy(source / name, repo / name)
    env = {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(into), "PATH": "/usr/bin:/bin"}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=Demo", "-c", "user.email=demo@example.org", "commit", "-q", "-m", "demo"],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env)
    return repo


async def _shoot(repo: Path, out: Path) -> None:
    app = create_app(open_workspace(repo), theme="textual-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("down", "t")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


def main(argv: list[str]) -> int:
    """Build the scratch repository and save the screenshot."""
    source = Path(argv[0]) if argv else ROOT
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "screenshot.svg"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        repo = _scratch(source, Path(tmp))
        asyncio.run(_shoot(repo, out.resolve()))
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
