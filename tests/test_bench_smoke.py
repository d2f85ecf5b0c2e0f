"""Smoke test of the benchmark's generator: a 30-posting repository has the corpus's shape.

No timing here (speed is measured by ``make bench``, never by tests).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _generate_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():  # type: ignore[no-untyped-def]
    return _generate_module()


def _front_matter(raw: bytes) -> dict:  # type: ignore[type-arg]
    text = raw.decode("utf-8").replace("\r\n", "\n")
    assert text.startswith("---\n")
    end = text.index("\n---", 3)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text[4:end], Loader=loader)  # noqa: S506 -- a safe loader
    assert isinstance(data, dict)
    return data


def test_generated_repo_has_postings_fields_and_history(generate, tmp_path: Path) -> None:
    gen = generate.build_repo(tmp_path / "r", 30, seed=3, vocab=generate.builtin_vocabulary())
    folder = tmp_path / "r" / "content" / "_jobs"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 30 and all(n.endswith(".md") and n[:4].isdigit() for n in names)
    keys: set[str] = set()
    for name in names:
        fields = _front_matter((folder / name).read_bytes())
        assert "open" in fields and isinstance(fields["open"], bool)
        assert "roles" in fields or "role" in fields
        keys |= set(fields)
    assert {"roles", "open", "startup"} <= keys
    log = subprocess.run(
        ["git", "log", "--format=%H", "--", "content/_jobs"],
        cwd=gen.root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert len(log) >= 5 and gen.commits == len(log) + 1  # plus the config commit
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=gen.root, capture_output=True, text=True, check=True
    ).stdout
    assert status == ""  # the work tree is exactly the last commit


def test_generation_is_deterministic(generate) -> None:
    vocab = generate.builtin_vocabulary()
    a = generate.generate_postings(30, seed=5, vocab=vocab)
    b = generate.generate_postings(30, seed=5, vocab=vocab)
    c = generate.generate_postings(30, seed=6, vocab=vocab)
    assert [(p.name, p.data) for p in a] == [(p.name, p.data) for p in b]
    assert [p.data for p in a] != [p.data for p in c]


def test_varied_shapes_at_scale(generate) -> None:
    """Dates and datetimes, lists with different indents, a few CRLF files, missing newlines."""
    postings = generate.generate_postings(500, seed=7, vocab=generate.builtin_vocabulary())
    data = [p.data for p in postings]
    assert 1 <= sum(b"\r\n" in d for d in data) <= 20
    assert sum(not d.endswith(b"\n") for d in data) > 25
    assert any(b"\n  - " in d for d in data) and any(b"\n    - " in d for d in data)
    dates = [_front_matter(d).get("date") for d in data[:300]]
    kinds = {type(v).__name__ for v in dates if v is not None}
    assert kinds == {"date", "datetime"}
    lengths = sorted(len(d) for d in data)
    assert 2500 < lengths[len(lengths) // 2] < 7000  # median file size near the corpus's
