"""The schema's own warnings, which ``check`` prints, in the terminal interface: counted on
the status bar, listed first in the list's help, each as ``check`` words it (80x24)."""

from __future__ import annotations

from postedit.core.workspace import open_workspace
from tests.conftest import run_cli
from tests.tui.helpers import make_app, screen_lines, settle, status_bar

CONFIG = """\
backend:
  name: git-gateway
collections:
  - name: offers
    label: Offers
    folder: _offers
    fields:
      - {name: title, widget: string}
      - {name: contacts, widget: select-async}
  - name: "news\\e[2J"
    folder: "_news/[b]x"
    fields:
      - {name: title, widget: string}
"""


async def test_the_schemas_warnings_are_counted_on_the_status_bar_and_listed_in_help(
    make_repo,
) -> None:  # type: ignore[no-untyped-def]
    """The CLI said them (``admin/config.yml:10: warning: collection ...``); the terminal
    interface, which shows no tab for a collection whose folder is missing, never did."""
    root = make_repo({"admin/config.yml": CONFIG, "_offers/a.md": "---\ntitle: A\n---\n"})
    lines = open_workspace(root).schema_warnings(None, "listed")
    assert [line.split(": ")[0] for line in lines] == [
        "admin/config.yml:9",  # the widget postedit does not know
        "admin/config.yml:10",  # the collection whose folder is not here
    ]
    said = run_cli("check", "--repo", str(root)).stderr
    assert lines[0].split(": ", 1)[1] in said  # check's own wording, word for word
    app = make_app(root, "load", no_color=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert status_bar(app).endswith("2 schema warnings: ? lists them")
        await pilot.press("question_mark")
        await settle(app, pilot)
        shown = "\n".join(screen_lines(app))
        assert "Schema warnings (admin/config.yml)" in shown
        assert "admin/config.yml:9: widget 'select-async'" in shown
        # the schema's text as it is, escaped: no escape sequence, no markup read
        assert "collection 'news\\x1b[2J': folder '_news/[b]x' does" in shown
        assert "\x1b" not in shown
        # one dash each, the wrapped part under its text, not under the dash
        rows = screen_lines(app)
        at = next(i for i, row in enumerate(rows) if "- admin/config.yml:9:" in row)
        assert rows[at + 1].index("by offers") == rows[at].index("admin/config.yml:9")


def test_the_schemas_warnings_give_way_to_any_other_message() -> None:
    from postedit.tui.statusbar import StatusInfo, status_text

    info = StatusInfo(schema_note="2 schema warnings: ? lists them", validated=True)
    assert "2 schema warnings" in status_text(info, 78)
    info.schema_problem = "admin/config.yml:3: bad"
    assert "2 schema warnings" not in status_text(info, 78)
    info.schema_problem, info.hint = "", "Sorted by title"
    assert "2 schema warnings" not in status_text(info, 78)
