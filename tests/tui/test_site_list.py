"""The list as the site reads it: the site's title and date in their columns, the findings
count, the detail pane's state and URL, the collection's sort keys (Pilot tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.tui.helpers import make_app, settle

CONFIG = """\
backend: {name: github}
site_url: https://jobs.example.org
slug: {encoding: ascii, clean_accents: true}
collections:
  - name: jobs
    label: Jobs
    folder: content/_jobs
    identifier_field: roles
    summary: "{{startup}} - {{filename}}"
    preview_path: "jobs/{{year}}/{{roles}}"
    sortable_fields: [roles, startup]
    fields:
      - {name: roles, widget: string}
      - {name: open, widget: boolean}
      - {name: date, widget: datetime, time_format: false}
      - {name: startup, widget: string, required: false}
"""

JOBS = "content/_jobs"
DATED = f"{JOBS}/2021-09-01-dev.md"
UNTITLED = f"{JOBS}/2020-05-06-ops.md"
EXPLICIT = f"{JOBS}/late.md"


@pytest.fixture
def decap_site(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(  # type: ignore[no-any-return]
        {
            "admin/config.yml": CONFIG,
            DATED: "---\nroles: Développeuse\nopen: true\nstartup: zeta\n---\nText.\n",
            UNTITLED: "---\nrole: Ops\nopen: false\nstartup: alpha\n---\nText.\n",
            EXPLICIT: "---\nroles: Designer\nopen: true\ndate: 2022-02-02\n---\nText.\n",
        }
    )


async def test_site_title_date_and_findings_in_the_rows(decap_site: Path) -> None:
    app = make_app(decap_site, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        main = app.main
        assert main.columns == ["roles", "open", "date", "_file"]
        headers = [c.label.plain for c in main.table.columns.values()][4:]
        assert headers[0] == "title" and headers[2] == "date v"  # newest first

        def row(rel: str) -> list[str]:
            return [c.plain for c in main.cells(rel)]

        assert row(DATED)[4] == "Développeuse" and row(DATED)[6] == "2021-09-01"
        # no roles: the summary stands in; no date field: the file name's date
        assert row(UNTITLED)[4] == "alpha - 2020-05-06-ops"
        assert row(UNTITLED)[6] == "2020-05-06"
        assert row(EXPLICIT)[6] == "2022-02-02"
        # the missing title is an error, the undeclared 'role' a warning ("did you mean")
        assert row(UNTITLED)[2] == "E1"
        assert row(DATED)[2] == ""


async def test_sorting_by_date_uses_the_site_date(decap_site: Path) -> None:
    app = make_app(decap_site, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        main = app.main
        main.sort_column, main.sort_reverse = "date", False
        main._resort()
        await pilot.pause()
        assert main.shown == [UNTITLED, DATED, EXPLICIT]


async def test_sort_key_cycles_through_sortable_fields(decap_site: Path) -> None:
    app = make_app(decap_site, "load")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        main = app.main
        await pilot.press("s")
        assert main.sort_column == "roles"
        assert main.shown[0] == UNTITLED  # its title is its summary: sorted with the others
        await pilot.press("s")
        assert main.sort_column == "startup"
        assert main.shown == [UNTITLED, DATED, EXPLICIT]
        await pilot.press("s")
        assert main.sort_column is None


async def test_detail_pane_shows_state_date_origin_and_url(decap_site: Path) -> None:
    app = make_app(decap_site, "load")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        main = app.main
        main.table.move_cursor(row=main.shown.index(DATED))
        await pilot.press("v")
        await pilot.pause()
        text = str(main.query_one("#detail-text", Static).render())
        assert "published, 2021-09-01 (from the file name)" in text
        assert "https://jobs.example.org/jobs/2021/developpeuse" in text


async def test_the_file_column_names_page_bundles_and_locale_folders_apart(
    make_repo,  # type: ignore[no-untyped-def]
) -> None:
    """Every page bundle is an index.md, every translation has its original's name: the
    file column shows the path below the collection's folder, as `postedit list` does."""
    root = make_repo(
        {
            "static/admin/config.yml": (
                "backend: {name: github}\n"
                "i18n: {structure: multiple_folders, locales: [en, fr]}\n"
                "collections:\n"
                "  - {name: trips, folder: content/trips, path: '{{slug}}/index',"
                " fields: [{name: title, widget: string}]}\n"
                "  - {name: posts, folder: content/posts, i18n: true,"
                " fields: [{name: title, widget: string, i18n: true}]}\n"
            ),
            "content/trips/alps/index.md": "---\ntitle: Alps\n---\nSnow.\n",
            "content/trips/rome/index.md": "---\ntitle: Rome\n---\nSun.\n",
            "content/posts/en/hello.md": "---\ntitle: Hello\n---\nHi.\n",
            "content/posts/fr/hello.md": "---\ntitle: Bonjour\n---\nSalut.\n",
        }
    )
    app = make_app(root, "load")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = app.main
        assert [main.cells(rel)[-1].plain for rel in main.shown] == [
            "alps/index.md",
            "rome/index.md",
        ]
        await pilot.press("]")
        await settle(app, pilot)
        assert sorted(main.cells(rel)[-1].plain for rel in main.shown) == [
            "en/hello.md",
            "fr/hello.md",
        ]
