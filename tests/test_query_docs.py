"""Every example of docs/query.md, run from the command line and from the terminal interface.

The examples are read from the document itself: the grammar table's examples (both faces
must agree), the examples table (each must find exactly the postings it names) and the
``postedit`` command lines. They run against tests/data/query-site on the examples' day.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from postedit.cli import main
from tests.query_site import JOBS, freeze_clock, make_query_site

DOC = Path(__file__).resolve().parents[1] / "docs" / "query.md"
TUI_ONLY = "terminal interface only"


def _section(title: str) -> str:
    text = DOC.read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row (``\\|`` is a ``|`` inside a cell)."""
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [c.strip().replace("\\|", "|") for c in cells]


def _code(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def grammar_examples() -> list[tuple[str, bool]]:
    """(query, known to the terminal interface only) for each example of the grammar."""
    out = []
    for line in _section("The grammar").splitlines():
        if line.startswith("| `"):
            cells = _cells(line)
            out += [(q, TUI_ONLY in cells[1]) for q in _code(cells[2])]
    return out


def table_examples() -> list[tuple[str, list[str]]]:
    """(query, the file names it finds) for each row of the examples table."""
    out = []
    for line in _section("Examples").splitlines():
        cells = _cells(line) if line.startswith("| `") else []
        if len(cells) == 2:
            (query,) = _code(cells[0])
            out.append((query, sorted(f"{JOBS}/{name}" for name in _code(cells[1]))))
    return out


def command_lines() -> list[list[str]]:
    """The ``postedit ...`` lines of the document's shell blocks, as arguments."""
    text = DOC.read_text()
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        out += [
            shlex.split(line)[1:] for line in block.splitlines() if line.startswith("postedit ")
        ]
    return out


def test_the_document_has_examples() -> None:
    assert len(grammar_examples()) >= 25
    assert len(table_examples()) >= 20
    assert (command_lines()[-1][:5]) == [
        "set",
        "--collection",
        "jobs",
        "--where",
        "open:true date<2021-09-01",
    ]


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    freeze_clock(monkeypatch)
    return make_query_site(tmp_path / "board")


def _cli(board: Path, query: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    args = ["list", "--repo", str(board), "--collection", "jobs", "--format", "json"]
    status = main([*args, f"--where={query}"])
    out = capsys.readouterr()
    assert status == 0, out.err
    return sorted(row["path"] for row in json.loads(out.out))


async def _tui(board: Path, queries: list[str]) -> dict[str, list[str]]:
    """What the list shows (Job offers) for each query typed in the filter bar."""
    from textual.widgets import Input

    from tests.tui.helpers import make_app, settle

    app = make_app(board, "load")
    shown: dict[str, list[str]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.main.collection is not None and app.main.collection.name == "jobs"
        bar = app.main.query_one("#filter", Input)
        for query in queries:
            bar.value = query
            await pilot.pause()
            assert not bar.has_class("-invalid"), (query, app.status.filter_problem)
            shown[query] = sorted(app.main.shown)
            bar.value = ""
            await pilot.pause()
    return shown


def test_every_example_finds_what_the_document_says(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    examples = table_examples()
    for query, expected in examples:
        assert _cli(board, query, capsys) == expected, query
    shown = asyncio.run(_tui(board, [q for q, _ in examples]))
    for query, expected in examples:
        assert shown[query] == expected, query


def test_every_grammar_example_runs_the_same_in_both_faces(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    examples = grammar_examples()
    shown = asyncio.run(_tui(board, [q for q, _ in examples]))
    for query, tui_only in examples:
        if tui_only:
            args = ["list", "--repo", str(board), f"--where={query}"]
            assert main(args) == 2
            assert f"is:{query.split(':')[1]} is known to the {TUI_ONLY}" in capsys.readouterr().err
            continue
        assert _cli(board, query, capsys) == shown[query], query


def test_every_command_line_runs(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``list`` and ``check`` run as written; ``set``'s query runs through ``list`` here
    (the command itself: tests/test_cli_set_where.py)."""
    for args in command_lines():
        if args[0] == "set":
            where = args[args.index("--where") + 1]
            collection = args[args.index("--collection") + 1]
            assert (
                main(["list", "--repo", str(board), "--collection", collection, "--where", where])
                == 0
            )
            assert capsys.readouterr().out.count(".md") == 3
            continue
        status = main([args[0], "--repo", str(board), *args[1:]])
        out = capsys.readouterr()
        assert status == 0, (args, out.err)
        assert out.out and "error" not in out.err, args
