"""core/limits.py: a posting over a limit is an error at the line where it goes past, and a
posting at a limit reads as any other; inference is linear in the number of keys."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from postedit.core import frontmatter
from postedit.core.errors import ParseError
from postedit.core.infer import infer_collection
from postedit.core.limits import MAX_DEPTH, MAX_FRONT_MATTER, MAX_ITEMS, MAX_KEYS, MAX_LINE
from postedit.core.posting import Posting


def _posting(front_matter: str, body: str = "Body.\n") -> bytes:
    return f"---\n{front_matter}---\n{body}".encode()


def _error(data: bytes) -> ParseError:
    with pytest.raises(ParseError) as info:
        frontmatter.parse(data, "_jobs/x.md")
    assert info.value.path == "_jobs/x.md"
    assert "docs/security.md" in info.value.message
    return info.value


def test_keys_at_the_limit_read_and_one_more_is_an_error_at_its_line() -> None:
    keys = "".join(f"k{i}: v\n" for i in range(MAX_KEYS))
    assert len(frontmatter.parse(_posting(keys)).fields) == MAX_KEYS
    err = _error(_posting(keys + "one_more: v\n"))
    assert err.line == MAX_KEYS + 2  # the opening --- is line 1
    assert f"more than {MAX_KEYS:,} keys" in err.message


def test_eighty_thousand_keys_are_refused_at_the_first_key_past_the_limit() -> None:
    keys = "".join(f"k{i:05d}: v\n" for i in range(80_000))
    err = _error(_posting("title: Many\n" + keys))
    assert err.line == MAX_KEYS + 2


def test_keys_in_a_flow_mapping_or_a_nested_one_count_too() -> None:
    flow = "{" + ", ".join(f"k{i}: 1" for i in range(MAX_KEYS + 1)) + "}"
    assert _error(_posting(f"title: x\nmeta: {flow}\n")).line == 3
    nested = "".join(f"  k{i}: 1\n" for i in range(MAX_KEYS + 1))
    assert _error(_posting(f"title: x\nmeta:\n{nested}")).line == 4 + MAX_KEYS


def test_list_items_are_counted_over_the_whole_front_matter() -> None:
    half = "".join("  - x\n" for _ in range(MAX_ITEMS // 2))
    ok = frontmatter.parse(_posting(f"a:\n{half}b:\n{half}"))
    assert len(ok.fields["a"]) + len(ok.fields["b"]) == MAX_ITEMS
    err = _error(_posting(f"a:\n{half}b:\n{half}  - one more\n"))
    assert err.line == MAX_ITEMS + 4
    assert f"more than {MAX_ITEMS:,} list items" in err.message
    flow = "[" + ", ".join("1" for _ in range(MAX_ITEMS + 1)) + "]"
    assert _error(_posting(f"a: {flow}\n")).line == 2


def test_nesting_depth() -> None:
    ok = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)  # the front matter is the first level
    assert frontmatter.parse(_posting(f"a: {ok}\n")).fields["a"] is not None
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    err = _error(_posting(f"title: x\na: {deep}\n"))
    assert err.line == 3
    assert f"nested more than {MAX_DEPTH} levels" in err.message
    block = (
        "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1))
        + "  " * (MAX_DEPTH + 1)
        + "x: 1\n"
    )
    assert _error(_posting(block)).line == MAX_DEPTH + 2


def test_a_long_line_in_the_front_matter_is_an_error_at_its_line() -> None:
    assert frontmatter.parse(_posting(f"t: {'a' * (MAX_LINE - 3)}\n")).fields["t"]
    err = _error(_posting(f"title: x\nimage: data:{'A' * 1_000_000}\nopen: true\n"))
    assert err.line == 3
    assert "a line of 1,000,012 characters" in err.message
    crlf = _posting(f"title: x\nimage: {'A' * (MAX_LINE + 1)}\n").replace(b"\n", b"\r\n")
    assert _error(crlf).line == 3


def test_a_one_megabyte_line_in_the_body_is_not_limited() -> None:
    doc = frontmatter.parse(_posting("title: x\n", body="A" * 1_000_000 + "\n"))
    assert doc.fields == {"title": "x"}


def test_front_matter_size() -> None:
    text = "".join(f"k{i}: {'v' * 1200}\n" for i in range(MAX_FRONT_MATTER // 1200 + 1))
    err = _error(_posting(text))
    assert f"postedit reads at most {MAX_FRONT_MATTER:,}" in err.message


def test_markdown_bullets_in_a_block_scalar_below_the_limit_are_text() -> None:
    bullets = "".join(f"  - point {i}\n" for i in range(500))
    doc = frontmatter.parse(_posting(f"description: |\n{bullets}"))
    assert doc.fields["description"].count("- point") == 500


def test_an_edit_that_would_go_past_a_limit_is_refused() -> None:
    data = _posting("title: x\n")
    with pytest.raises(ParseError):
        frontmatter.patch(data, {"image": "A" * (MAX_LINE + 10)}, path="_jobs/x.md")


def test_inference_is_linear_in_the_number_of_keys() -> None:
    """Inference looked each key up in a list once per key: 80,000 keys took two minutes.
    Run apart with a generous timeout (the quadratic version does not finish in it)."""
    script = textwrap.dedent(
        """
        from postedit.core.infer import infer_collection
        from postedit.core.posting import Posting
        fields = {f"k{i:05d}": "v" for i in range(80_000)}
        postings = [Posting("_jobs/a.md", "jobs", fields=fields), Posting("_jobs/b.md", "jobs", fields={"title": "t"})]
        spec = infer_collection("jobs", "_jobs", postings)
        print(len(spec.fields))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "80002"  # the keys, title and the body


def test_inference_keeps_the_order_of_the_first_posting_on_ties() -> None:
    postings = [
        Posting("_jobs/a.md", "jobs", fields={"title": "a", "zeta": 1, "alpha": 2}),
        Posting("_jobs/b.md", "jobs", fields={"alpha": 3, "zeta": 4, "title": "b"}),
    ]
    names = [f.name for f in infer_collection("jobs", "_jobs", postings).fields]
    assert names == ["title", "zeta", "alpha", "body"]
