"""The real postings of ../shared/corpus/beta-jobs: every one round-trips, a toggle is one line."""

from __future__ import annotations

from pathlib import Path

import frontmatter as python_frontmatter

from postedit.core import frontmatter as fm


def _postings(corpus: Path) -> list[Path]:
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    assert len(files) > 500
    return files


def test_every_posting_reads_and_round_trips(corpus: Path) -> None:
    for path in _postings(corpus):
        data = path.read_bytes()
        doc = fm.parse(data, path.name)
        assert fm.patch(data, {}) is data
        # we read what python-frontmatter reads (it is the reference reader, never a writer)
        ref = python_frontmatter.loads(data.decode("utf-8-sig"))
        assert set(doc.fields) == set(ref.metadata), path.name


def test_toggling_open_changes_exactly_one_line(corpus: Path) -> None:
    toggled = 0
    for path in _postings(corpus):
        data = path.read_bytes()
        fields = fm.parse(data).fields
        if not isinstance(fields.get("open"), bool):
            continue
        out = fm.patch(data, {"open": not fields["open"]}, path=path.name)
        before, after = data.splitlines(keepends=True), out.splitlines(keepends=True)
        assert len(before) == len(after), path.name
        diff = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        assert len(diff) == 1, path.name
        assert b"open" in diff[0][0]
        assert fm.patch(out, {"open": fields["open"]}) == data, path.name
        toggled += 1
    assert toggled > 500


def test_duplicate_open_key_is_reported(corpus: Path) -> None:
    doc = fm.parse((corpus / "2021-10-18-atlasculture-dev.md").read_bytes())
    assert doc.duplicates == (("open", 7, 11),)


def test_python_frontmatter_dumps_would_change_every_posting(corpus: Path) -> None:
    """Why we never write with python-frontmatter: its dumps() rewrites all of them."""
    changed = 0
    for path in _postings(corpus)[:60]:
        data = path.read_bytes()
        post = python_frontmatter.loads(data.decode("utf-8-sig"))
        if python_frontmatter.dumps(post).encode() != data:
            changed += 1
    assert changed == 60


def test_a_new_key_goes_after_each_posting_s_last_key(corpus: Path) -> None:
    """Each real posting with a key added: one line more, right after its front matter's last
    non-blank line (none of them ends its front matter with a comment), so the blank lines
    some of them end it with stay last."""
    ending_blank = 0
    for path in _postings(corpus):
        data = path.read_bytes()
        lines = data.splitlines(keepends=True)
        close = next(
            i for i in range(1, len(lines)) if lines[i].rstrip(b"\r\n") in (b"---", b"...")
        )
        last = close - 1
        while not lines[last].strip():
            last -= 1
        ending_blank += last < close - 1
        nl = lines[last][len(lines[last].rstrip(b"\r\n")) :]
        expected = b"".join([*lines[: last + 1], b"reviewed: true" + nl, *lines[last + 1 :]])
        assert fm.patch(data, {"reviewed": True}, path=path.name) == expected, path.name
    assert ending_blank > 0
