"""Never-crash fuzzing: whatever the bytes, parse and patch raise only PosteditError.

Arbitrary bytes, YAML-shaped noise inside front-matter delimiters, alias bombs and deep
nesting, and real postings from the corpus mutated at random all go through
``frontmatter.parse`` and ``frontmatter.patch``. Any other exception would reach the user as a
traceback (or stop a whole collection from loading); each call must also finish in bounded
time. When patch does return, its output must parse to what was asked.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from postedit.core import frontmatter as fm
from postedit.core.errors import PosteditError
from tests.reliability.fuzzing import fuzz_settings, same

TIME_LIMIT = 5.0
"""Seconds one parse or patch may take on a fuzzed posting (real ones take milliseconds)."""

YAML_BITS = [
    ":",
    ": ",
    "- ",
    "-",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    " #",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "|-",
    ">+",
    "|2",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object:os.system ",
    "!tag ",
    "%YAML 1.1",
    "---",
    "...",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "  ",
    "    ",
    "key",
    "title",
    "open",
    "true",
    "2021-09-30",
    "12:30",
    "0x1F",
    ".inf",
    "~",
    "null",
    "<<: *a",
    "é",
    "\ufeff",
    "\x85",
    "\u2028",
    "\x00",
    "\x1b",
    "😀",
    "\\x41",
    "\\u00e9",
]

noise = st.lists(st.sampled_from(YAML_BITS), max_size=40).map("".join)


def _bounded(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call ``fn``; only PosteditError may escape; the call must finish in bounded time."""
    start = time.monotonic()
    try:
        return fn(*args, **kwargs)
    except PosteditError as exc:
        assert str(exc), "a PosteditError with no message"
        return exc
    finally:
        assert time.monotonic() - start < TIME_LIMIT, f"{fn.__name__} took too long"


def _check(data: bytes) -> None:
    """parse and patch on ``data``: PosteditError or a correct result, nothing else."""
    if currently_in_test_context():
        note(repr(data[:500]))
    parsed = _bounded(fm.parse, data, "fuzz.md")
    if isinstance(parsed, PosteditError):
        assert parsed.path == "fuzz.md"
        out = _bounded(fm.patch, data, {"open": False}, path="fuzz.md")
        assert isinstance(out, PosteditError), "patch wrote a posting that parse refuses"
        return
    for changes, unset in (({"open": False}, ()), ({"title": "x: y # z"}, ()), ({}, ("title",))):
        out = _bounded(fm.patch, data, changes, unset, path="fuzz.md")
        if isinstance(out, PosteditError):
            continue
        after = fm.parse(out)
        for key, value in changes.items():
            assert same(after.fields[key], value)
        for key in unset:
            assert key not in after.fields
        assert after.body == parsed.body
    _bounded(fm.replace_body, data, "new body\n", path="fuzz.md")


@fuzz_settings(ci=200)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(data)


@fuzz_settings(ci=200)
@given(
    st.sampled_from(["", "\ufeff"]),
    st.sampled_from(["---\n", "---\r\n", "--- \n", "---"]),
    noise,
    st.sampled_from(["\n---\n", "\r\n---\r\n", "\n...\n", "", "\n---"]),
    st.text(max_size=30),
)
def test_yaml_noise_inside_front_matter(
    bom: str, opening: str, yaml_text: str, closing: str, body: str
) -> None:
    _check((bom + opening + yaml_text + closing + body).encode("utf-8", "surrogatepass"))


@fuzz_settings(ci=25, long=2_000)
@given(st.integers(1, 12), st.integers(2, 12), st.booleans())
def test_alias_bombs(depth: int, width: int, flow: bool) -> None:
    lines = ["---", "a0: &a0 [x, y, z]"]
    for i in range(1, depth):
        refs = ", ".join(f"*a{i - 1}" for _ in range(width))
        lines.append(
            f"a{i}: &a{i} [{refs}]"
            if flow
            else f"a{i}: &a{i}\n" + "\n".join(f"  - *a{i - 1}" for _ in range(width))
        )
    lines += ["title: t", "---", "body"]
    _check("\n".join(lines).encode())


@pytest.mark.parametrize("depth", [50, 1_000, 20_000])
@pytest.mark.parametrize("kind", ["[", "{a: ", "- "])
def test_deep_nesting(depth: int, kind: str) -> None:
    if kind == "- ":
        yaml_text = "k:\n" + "".join("  " * i + "-\n" for i in range(1, min(depth, 2_000)))
    else:
        close = "]" if kind == "[" else "}"
        yaml_text = "k: " + kind * depth + "x" + close * depth
    _check(f"---\n{yaml_text}\n---\n".encode())


# --------------------------------------------------------------------------- mutated real postings


@functools.cache
def _corpus_samples(corpus: Path) -> list[bytes]:
    files = sorted(corpus.glob("*.md"))
    step = max(1, len(files) // 40)
    return [f.read_bytes() for f in files[::step]]


mutation = st.tuples(
    st.sampled_from(["delete", "insert", "replace", "dup_line", "swap_lines", "flip"]),
    st.integers(0, 10**6),
    st.integers(0, 40),
    st.one_of(st.sampled_from(YAML_BITS), st.binary(max_size=4).map(lambda b: b.decode("latin-1"))),
)


def _mutate(data: bytes, muts: list[tuple[str, int, int, str]]) -> bytes:
    for op, at, n, bit in muts:
        if not data:
            break
        at %= len(data)
        if op == "delete":
            data = data[:at] + data[at + n :]
        elif op == "insert":
            data = data[:at] + bit.encode("utf-8", "surrogatepass") + data[at:]
        elif op == "replace":
            data = data[:at] + bit.encode("utf-8", "surrogatepass") + data[at + max(n, 1) :]
        elif op == "flip":
            data = data[:at] + bytes([data[at] ^ (1 << (n % 8))]) + data[at + 1 :]
        else:
            lines = data.split(b"\n")
            i = at % len(lines)
            j = (at + n) % len(lines)
            if op == "dup_line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
    return data


@fuzz_settings(ci=100)
@given(st.data(), st.lists(mutation, min_size=1, max_size=6))
def test_mutated_real_postings(
    corpus: Path, data: st.DataObject, muts: list[tuple[str, int, int, str]]
) -> None:
    samples = _corpus_samples(corpus)
    original = data.draw(st.sampled_from(samples))
    _check(_mutate(original, muts))
