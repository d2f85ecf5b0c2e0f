"""core/sanitize.py: what a terminal could act on is shown as an escape, never sent."""

from __future__ import annotations

import json

import pytest

from postedit.core.errors import ParseError, PosteditError
from postedit.core.sanitize import (
    for_commit,
    for_spreadsheet,
    has_unsafe,
    json_safe,
    pieces,
    visible,
)

TITLE = "\x1b]0;pwned\x07 \x1b[2J\x1b[6n"
"""The issue's title: sets the terminal's title, clears the screen, asks for a cursor report."""


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (TITLE, "\\x1b]0;pwned\\x07 \\x1b[2J\\x1b[6n"),
        ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
        ("nul\x00 del\x7f", "nul\\x00 del\\x7f"),
        ("csi\x9b6n nel\x85", "csi\\x9b6n nel\\x85"),
        ("abc\u202eevil\u2066x\u2069", "abc\\u202eevil\\u2066x\\u2069"),
        ("bad\udcff\udc9bname.md", "bad\\xff\\x9bname.md"),  # surrogateescape'd bytes
        ("lone \ud800", "lone \\ud800"),
    ],
)
def test_visible_shows_each_unsafe_character_as_its_escape(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert not _raw_controls(visible(text))
    visible(text).encode("utf-8")  # never an encoding error, whatever the file name


@pytest.mark.parametrize(
    "text",
    [
        "Développeur·se full-stack 🚀",
        "👩\u200d💻 zero-width joiner, \u200b zero-width space",  # real postings hold both
        "عربي עברית",
        "",
        "quotes ' \" and backslash \\x1b stay as typed",
    ],
)
def test_visible_leaves_ordinary_text_alone(text: str) -> None:
    assert visible(text) == text
    assert not has_unsafe(text)


def test_keep_lets_a_multi_line_view_keep_its_newlines_and_tabs() -> None:
    text = "line 1\n\tline 2\x1b[2J\r\n"
    assert visible(text, keep="\n\t") == "line 1\n\tline 2\\x1b[2J\\r\n"
    assert visible(text, keep="\n") == "line 1\n\\tline 2\\x1b[2J\\r\n"
    assert has_unsafe("a\nb")
    assert not has_unsafe("a\nb", keep="\n")


def test_limit_bounds_the_work_on_a_huge_value() -> None:
    huge = "\x1b" * 1_000_000
    shown = visible(huge, limit=20)
    assert shown == "\\x1b" * 19 + "…"
    assert visible("short", limit=20) == "short"


def test_pieces_mark_the_escapes_for_a_dim_style() -> None:
    assert pieces("a\x1b[2Jb\x07") == [
        ("a", False),
        ("\\x1b", True),
        ("[2Jb", False),
        ("\\x07", True),
    ]
    assert pieces("plain") == [("plain", False)]
    assert pieces("") == []
    assert pieces("x\ny", keep="\n") == [("x\ny", False)]
    assert pieces("abcdef", limit=4) == [("abc", False), ("…", False)]
    assert "".join(p for p, _ in pieces(TITLE)) == visible(TITLE)


def test_for_commit_drops_controls_and_keeps_one_line() -> None:
    assert for_commit(TITLE) == "]0;pwned [2J [6n"
    assert for_commit("Dev\n\tfull-stack\u202e  (Paris)\x85") == "Dev full-stack (Paris)"
    assert for_commit("Développeur·se 🚀") == "Développeur·se 🚀"
    assert not _raw_controls(for_commit("".join(map(chr, range(0xA0)))))


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),  # an importer may trim the spaces
        ("\u00a0@x", "'\u00a0@x"),
        ("a=1", "a=1"),
        ("2024-01-02", "2024-01-02"),
        ('["=1"]', '["=1"]'),
        ("'=1", "'=1"),  # already marked as text
        ("  ", "  "),
        ("", ""),
    ],
)
def test_for_spreadsheet_marks_text_a_spreadsheet_would_run(text: str, cell: str) -> None:
    assert for_spreadsheet(text) == cell


def test_json_safe_escapes_what_json_dumps_leaves_raw_and_keeps_the_data() -> None:
    data = {"t": TITLE + "\x7f\x9b\u202e é 🚀", "p": "bad\udcffname.md"}
    text = json_safe(json.dumps(data, ensure_ascii=False))
    assert not _raw_controls(text)
    assert "\u202e" not in text and "é 🚀" in text
    text.encode("utf-8")
    assert json.loads(text) == data


def test_an_error_report_escapes_path_and_message_but_keeps_its_lines() -> None:
    exc = ParseError(f"invalid title {TITLE}\nsecond line", "_jobs/a\x1b[2J.md", 3)
    report = exc.report()
    assert report.startswith("_jobs/a\\x1b[2J.md:3: error: invalid title \\x1b]0;pwned")
    assert report.endswith("\nsecond line")
    assert not [c for c in _raw_controls(report) if c != "\n"]
    assert PosteditError("no file").report("warning") == "postedit: warning: no file"
    assert str(exc).startswith("_jobs/a\x1b[2J.md:3: ")  # the exact text stays for JSON
