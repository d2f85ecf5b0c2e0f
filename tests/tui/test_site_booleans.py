"""The form on a Jekyll site: a ``published`` the posting does not set is shown as the site
reads it, and ``t`` on such a posting unpublishes it (80x24, as a user sees it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .helpers import make_app, open_form, screen_lines, settle

HELLO = "_posts/2024-01-05-hello.md"
FILES = {
    HELLO: "---\ntitle: Hello\n---\nHi\n",
    "_posts/2023-02-01-secret.md": "---\ntitle: Secret\npublished: false\n---\nHo\n",
}


async def _flip_published_of_hello(app: Any, pilot: Any) -> None:
    """Open Hello's form, see its published read as the site reads it (true), flip it, save."""
    await settle(app, pilot)
    await pilot.press("down")  # Hello, under Secret
    await open_form(app, pilot)
    assert " [x]  yes (not set)" in "\n".join(screen_lines(app))
    await pilot.press("tab", "space", "ctrl+s")  # the switch of published, flipped
    await settle(app, pilot)


async def test_an_unset_published_reads_as_the_site_reads_it(make_repo: Any) -> None:
    """It said ``[ ] no (not set)``: a post Jekyll publishes looked unpublished, and the
    first flip wrote ``published: true``, which unpublished nothing. ``t`` in the list wrote
    that ``true`` too."""
    root: Path = make_repo(FILES)
    app = make_app(root, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await _flip_published_of_hello(app, pilot)
        assert (root / HELLO).read_bytes() == b"---\ntitle: Hello\npublished: false\n---\nHi\n"
        await pilot.press("escape", "u")  # reverted, then unpublished by t
        await settle(app, pilot)
        assert (root / HELLO).read_bytes() == FILES[HELLO].encode()
        await pilot.press("t")
        await settle(app, pilot)
    assert (root / HELLO).read_bytes() == b"---\ntitle: Hello\npublished: false\n---\nHi\n"


async def test_an_unset_published_a_jekyll_default_gives_true_reads_true(make_repo: Any) -> None:
    """A posting that takes ``published: true`` from a more specific scope of the
    ``_config.yml`` defaults showed ``[ ] no (not set)`` while the site publishes it, and the
    first flip wrote ``published: true``, which changed nothing (``t`` in the list wrote
    ``false``: the two faces read the field apart)."""
    config = (
        "defaults:\n"
        "  - scope: {path: ''}\n    values: {published: false}\n"
        "  - scope: {path: _posts/2024}\n    values: {published: true}\n"
    )
    root: Path = make_repo({**FILES, "_config.yml": config})
    app = make_app(root, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await _flip_published_of_hello(app, pilot)
    assert (root / HELLO).read_bytes() == b"---\ntitle: Hello\npublished: false\n---\nHi\n"
