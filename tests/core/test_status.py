"""What a status is and what toggling it means: one set of rules for the list and the CLI."""

from __future__ import annotations

import pytest

from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec, FieldSpec
from postedit.core.status import is_open, next_value, status_field, toggle_kind, toggled_value

LEVEL = FieldSpec("level", "select", options=("junior", "senior"))


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (True, None, False),
        (False, FieldSpec("open", "boolean"), True),
        (None, None, True),
        ("true", None, False),
        ("no", None, True),
        ("junior", LEVEL, "senior"),
        ("senior", LEVEL, "junior"),
        ("other", LEVEL, "junior"),
    ],
)
def test_next_value(value: object, spec: FieldSpec | None, expected: object) -> None:
    assert next_value(value, spec) == expected


def test_what_cannot_toggle_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot toggle"):
        next_value(42, FieldSpec("count", "integer"))
    with pytest.raises(ValueError, match="cannot toggle"):
        toggled_value([True, 42], None)


def test_several_postings_get_one_value() -> None:
    assert toggled_value([True, True], None) is False
    assert toggled_value([True, False], None) is True  # a mixed selection is made uniform
    assert toggled_value(["junior", "senior"], LEVEL) == "senior"


@pytest.mark.parametrize(
    ("field", "old", "new", "kind"),
    [
        ("open", True, False, "toggle_off"),
        ("open", False, True, "toggle_on"),
        ("open", None, True, "toggle_on"),
        ("draft", False, True, "toggle_off"),  # inverted: a draft is not out
        ("draft", True, False, "toggle_on"),
        ("hidden", "no", "yes", "toggle_off"),
        ("open", True, True, None),
        ("level", "junior", "senior", None),
    ],
)
def test_toggle_kind(field: str, old: object, new: object, kind: str | None) -> None:
    assert toggle_kind(field, old, new) == kind
    assert is_open(field, "maybe") is None


def test_status_field_from_the_schema_else_a_common_name() -> None:
    spec = CollectionSpec("jobs", "_jobs", status="poste_pourvu")
    assert status_field(spec) == "poste_pourvu"
    plain = CollectionSpec("jobs", "_jobs", fields=(FieldSpec("published", "boolean"),))
    assert status_field(plain) == "published"
    bare = CollectionSpec("posts", "_posts")
    sample = [Posting("_posts/a.md", "posts", fields={"title": "A", "draft": True})]
    assert status_field(bare, sample) == "draft"
    assert status_field(bare, [Posting("x.md", "posts", fields={"title": "x"})]) is None
