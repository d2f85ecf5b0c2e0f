"""What ``set`` says of an edit (messages.edit_words): each value's type plain, none raw."""

from __future__ import annotations

import datetime as dt

from postedit.core.messages import VALUE_WIDTH, edit_words, field_changes, value_words


def test_each_value_shows_its_type() -> None:
    assert [value_words(v) for v in (True, None, 12, 1.5, "12", dt.date(2024, 1, 2))] == [
        "true",
        "null",
        "12",
        "1.5",
        '"12"',
        "2024-01-02",
    ]
    assert value_words(["a", dt.date(2024, 1, 2)]) == '["a", "2024-01-02"]'
    assert value_words({"lang": "fr"}) == '{"lang": "fr"}'


def test_a_key_inside_a_mapping_is_named_by_its_path_and_the_same_value_is_no_change() -> None:
    before = {"open": 1, "meta": {"lang": "en", "a": {"b": 1}}, "x": "same"}
    after = {"open": True, "meta": {"lang": "fr", "a": {"b": 2}}, "x": "same", "new": None}
    assert field_changes(before, after) == [
        "open: 1 -> true",  # True is not 1: the file holds another value
        'meta.lang: "en" -> "fr"',
        "meta.a.b: 1 -> 2",
        "new: (absent) -> null",
    ]
    assert edit_words("a.md", before, before) == "a.md: unchanged (already so)"


def test_no_escape_reaches_the_terminal_and_a_long_value_is_cut() -> None:
    said = edit_words(
        "x\x1b[2J.md", {"t\x1b]0;pwned\x07": "a\x9b31m"}, {"t\x1b]0;pwned\x07": "b" * 500}
    )
    assert "\x1b" not in said and "\x9b" not in said and "\x07" not in said
    assert said.startswith("x\\x1b[2J.md: t\\x1b]0;pwned\\x07: ")
    assert len(said) < 60 + 2 * VALUE_WIDTH


def test_a_mapping_with_date_keys_or_a_set_is_said_not_a_traceback() -> None:
    # `set x.md --unset meta` on `meta: {2024-01-01: a}`: json.dumps refuses a date key
    before = {"meta": {dt.date(2024, 1, 1): "a", 3: {"b"}}, "n": float("nan")}
    assert field_changes(before, {}) == [
        'meta: {"2024-01-01": "a", "3": ["b"]} -> (removed)',
        "n: nan -> (removed)",
    ]
